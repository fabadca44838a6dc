"""rmgen's per-user cache directories."""

from __future__ import annotations

import os


def cache_dir(name: str) -> str | None:
    """rmgen's per-user cache directory NAME, created; None if impossible."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(
        os.path.expanduser("~"), ".cache")
    path = os.path.join(base, "rmgen", name)
    try:
        os.makedirs(path, exist_ok=True)
    except OSError:
        return None
    return path
