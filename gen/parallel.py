"""Independent jobs run in forked worker processes, one per core."""

from __future__ import annotations

import os
import pickle
import traceback
from typing import Callable, TypeVar

T = TypeVar("T")


class WorkerError(Exception):
    """A job failed in a worker process (the message is its traceback)."""


def _share(weights: list[int], n: int) -> list[list[int]]:
    """Job indices per worker: heaviest first, each to the least loaded."""
    loads = [0] * n
    shares: list[list[int]] = [[] for _ in range(n)]
    for i in sorted(range(len(weights)), key=lambda k: -weights[k]):
        w = loads.index(min(loads))
        loads[w] += weights[i]
        shares[w].append(i)
    return shares


def run(jobs: list[Callable[[], T]], weights: list[int],
        workers: int | None = None) -> list[T]:
    """The results of *jobs*, in order. Worker 0 is this process; the
    others are forked children that send their results back pickled. Jobs
    must not depend on each other's side effects."""
    if workers is None:
        workers = len(os.sched_getaffinity(0)) \
            if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    n = min(workers, len(jobs))
    if n <= 1 or not hasattr(os, "fork"):
        return [job() for job in jobs]
    shares = _share(weights, n)
    children = []
    for share in shares[1:]:
        rfd, wfd = os.pipe()
        pid = os.fork()
        if pid == 0:    # pragma: no cover (the child exits below)
            os.close(rfd)
            try:
                data = pickle.dumps((True, [jobs[i]() for i in share]))
            except BaseException:
                data = pickle.dumps((False, traceback.format_exc()))
            with os.fdopen(wfd, "wb") as f:
                f.write(data)
            os._exit(0)
        os.close(wfd)
        children.append((pid, rfd, share))
    results: list[T | None] = [None] * len(jobs)
    try:
        for i in shares[0]:
            results[i] = jobs[i]()
    finally:
        failure = None
        for pid, rfd, share in children:
            with os.fdopen(rfd, "rb") as f:
                data = f.read()
            os.waitpid(pid, 0)
            try:
                ok, value = pickle.loads(data)
            except (EOFError, pickle.UnpicklingError):
                ok, value = False, "worker process died"
            if not ok:
                failure = failure or value
                continue
            for i, r in zip(share, value):
                results[i] = r
    if failure:
        raise WorkerError(failure)
    return results  # type: ignore[return-value]
