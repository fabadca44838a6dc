"""Generated files: their text, and writing them only when it changes."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass
class Output:
    relpath: str
    text: str
    is_c: bool      # generated C, for clang-format


def _current(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except FileNotFoundError:
        return None


def write_if_changed(outdir: str, outputs: list[Output]) -> list[str]:
    """Write each output unless identical, atomically (a rebuild with
    nothing changed recompiles nothing). Returns the paths written."""
    written = []
    for o in outputs:
        path = os.path.join(outdir, o.relpath)
        if _current(path) == o.text:
            continue
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = f"{path}.tmp{os.getpid()}"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(o.text)
        os.replace(tmp, path)
        written.append(path)
    return written


def stale(outdir: str, outputs: list[Output]) -> list[str]:
    """Outputs whose file in *outdir* is missing or differs."""
    paths = [os.path.join(outdir, o.relpath) for o in outputs]
    return [p for p, o in zip(paths, outputs) if _current(p) != o.text]
