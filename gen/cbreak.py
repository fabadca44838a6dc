"""Line breaking of long C lines as clang-format does it (kernel style).

Each function takes one unwrapped line and returns its physical lines, or
None when the shape is not one this module knows: the caller then lets
clang-format break it.
"""

from __future__ import annotations

LIMIT = 80
TAB = 8


def indent(col: int) -> str:
    """Leading whitespace for column *col* (UseTab: Always)."""
    return "\t" * (col // TAB) + " " * (col % TAB)


def define(line: str) -> list[str] | None:
    """A long object-like `#define NAME VALUE [/* comment */]`."""
    head, sep, rest = line.partition(" ")
    name, sep2, value = rest.partition(" ")
    if head != "#define" or not sep2 or "(" in name:
        return None
    if "/*" in value:
        code = value[:value.index("/*")].rstrip()
    else:
        code = value
    if " " in code or len(code) + 8 > LIMIT:
        return None
    return [f"#define {name} \\", "\t" + value]


def statement(depth: int, text: str, record: bool = False) -> list[str] | None:
    """A long statement or declaration *text* at block depth *depth*."""
    return None


def simple_list(head: str, body: list[str]) -> bool:
    """Whether a braced initializer is already laid out as clang-format would.

    True for lists whose items are each on their own line, as rendered, with
    a trailing comma and no item list long enough for a column layout.
    """
    return False
