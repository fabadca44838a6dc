"""clang-format for generated C: all files in parallel, results cached.

rmgen lays its C out itself (gen/layout.py); clang-format runs only on the
snippets the layout leaves (batch/unbatch: one process for all of them) or,
with --clang-format, on whole files. Results are cached per user by the
SHA-256 of the clang-format version, the style file, the file name and the
text, so the same input is never formatted twice; a stale entry cannot be
hit.
"""

from __future__ import annotations

import hashlib
import os

from .cache import cache_dir
import shutil
import subprocess
import threading


class FormatError(Exception):
    """clang-format is missing or failed."""


def _version(exe: str) -> str:
    res = subprocess.run([exe, "--version"], capture_output=True, text=True,
                         check=False)
    return res.stdout.strip()


def _run_all(exe: str, style_file: str,
             jobs: list[tuple[str, str]]) -> list[str]:
    """Format (relpath, text) pairs with one clang-format process each."""
    procs = [subprocess.Popen(
        [exe, f"--style=file:{style_file}", f"--assume-filename={rel}"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True) for rel, _ in jobs]
    results: list[tuple[str, str, int]] = [("", "", 0)] * len(procs)

    # Feed and drain each process from its own thread: a large file would
    # otherwise fill one pipe while we wait on another.
    def talk(i: int) -> None:
        out, err = procs[i].communicate(jobs[i][1])
        results[i] = (out, err, procs[i].returncode)
    threads = [threading.Thread(target=talk, args=(i,)) for i in range(len(procs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    texts = []
    for (rel, _), (out, err, rc) in zip(jobs, results):
        if rc != 0:
            raise FormatError(f"clang-format failed on {rel}: {err.strip()}")
        texts.append(out)
    return texts


SEPARATOR = "/* rmgen: snippet */"


def batch(snippets: list[str]) -> str:
    """One file holding every snippet, for one clang-format run."""
    return f"\n\n{SEPARATOR}\n\n".join(snippets) + "\n"


def unbatch(text: str) -> list[str]:
    """The formatted snippets of a formatted batch()."""
    return [s.strip("\n") for s in text.split(f"\n{SEPARATOR}\n")]


def format_all(files: list[tuple[str, str]], style_file: str) -> list[str]:
    """The formatted text of each (relpath, text), in order."""
    exe = shutil.which("clang-format") or shutil.which("clang-format-14")
    if exe is None:
        raise FormatError("clang-format not found (Debian: apt-get install "
                          "clang-format)")
    with open(style_file, "rb") as f:
        salt = hashlib.sha256(_version(exe).encode() + b"\0" + f.read())
    cache = cache_dir("clang-format")
    keys = []
    for rel, text in files:
        h = salt.copy()
        h.update(rel.encode() + b"\0" + text.encode())
        keys.append(h.hexdigest())
    done: dict[int, str] = {}
    if cache:
        for i, key in enumerate(keys):
            try:
                with open(os.path.join(cache, key), encoding="utf-8") as f:
                    done[i] = f.read()
            except OSError:
                pass
    pending = [i for i in range(len(files)) if i not in done]
    for i, text in zip(pending,
                       _run_all(exe, style_file, [files[i] for i in pending])):
        done[i] = text
        if cache:
            tmp = os.path.join(cache, f"{keys[i]}.tmp{os.getpid()}")
            try:
                with open(tmp, "w", encoding="utf-8") as f:
                    f.write(text)
                os.replace(tmp, os.path.join(cache, keys[i]))
            except OSError:
                pass
    return [done[i] for i in range(len(files))]
