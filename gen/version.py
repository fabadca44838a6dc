"""rmgen's version: CMake's project(VERSION) is the one place it is set."""

from __future__ import annotations

import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def version() -> str:
    """The VERSION file an install writes next to gen/, else the version in
    the checkout's CMakeLists.txt."""
    try:
        with open(os.path.join(ROOT, "VERSION"), encoding="utf-8") as f:
            return f.read().strip()
    except FileNotFoundError:
        pass
    try:
        with open(os.path.join(ROOT, "CMakeLists.txt"), encoding="utf-8") as f:
            m = re.search(r"\bproject\(\s*rmgen\s+VERSION\s+([0-9.]+)",
                          f.read())
    except OSError:
        m = None
    return m.group(1) if m else "unknown"
