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


def format_outputs(outputs: list[Output]) -> bool:
    """Format the C outputs in place with the repository's style, by one
    `clang-format -i` over copies in a temporary directory; False (the
    texts unchanged) when clang-format is not installed."""
    exe = shutil.which("clang-format")
    if exe is None:
        return False
    c = [o for o in outputs if o.is_c]
    with tempfile.TemporaryDirectory(prefix="rmgen-") as tmp:
        paths = [os.path.join(tmp, o.relpath) for o in c]
        for o, path in zip(c, paths):
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(o.text)
        res = subprocess.run([exe, "-i", f"--style=file:{STYLE}", *paths],
                             capture_output=True, text=True, check=False)
        if res.returncode:
            raise FormatError(f"clang-format failed: {res.stderr.strip()}")
        for o, path in zip(c, paths):
            with open(path, encoding="utf-8") as f:
                o.text = f.read()
    return True
