"""clang-format over the generated C: one process for all the files."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile

from .output import Output

STYLE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                     ".clang-format")


class FormatError(Exception):
    """clang-format failed."""


def clang_format(files: dict[str, str], style_file: str) -> dict[str, str] | None:
    """*files* (relative path -> text) formatted with *style_file* by one
    `clang-format -i` over copies in a temporary directory; None when
    clang-format is not installed."""
    exe = shutil.which("clang-format")
    if exe is None:
        return None
    with tempfile.TemporaryDirectory(prefix="rmgen-") as tmp:
        paths = {rel: os.path.join(tmp, rel) for rel in files}
        for rel, path in paths.items():
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(files[rel])
        res = subprocess.run([exe, "-i", f"--style=file:{style_file}",
                              *paths.values()],
                             capture_output=True, text=True, check=False)
        if res.returncode:
            raise FormatError(f"clang-format failed: {res.stderr.strip()}")
        out = {}
        for rel, path in paths.items():
            with open(path, encoding="utf-8") as f:
                out[rel] = f.read()
        return out


def format_outputs(outputs: list[Output]) -> bool:
    """Format the C outputs in place with the repository's style; False
    (the texts unchanged) when clang-format is not installed."""
    c = [o for o in outputs if o.is_c]
    done = clang_format({o.relpath: o.text for o in c}, STYLE)
    if done is None:
        return False
    for o in c:
        o.text = done[o.relpath]
    return True
