"""Canonical layout of rendered C: the repository's clang-format style, in Python.

The templates write C whose tokens, spacing and indentation are final; what
is left is line breaking and empty lines. This module finds the lines that
may need work with one regular expression (possible continuations, braced
initializers, lines wider than 80 columns), joins each unwrapped line (a
statement, declaration or directive whose parentheses span several template
lines), keeps it on one line when it fits, and breaks it with gen/cbreak.py
otherwise; braced initializers are laid out by cbreak.braced_list() (one
item a line, or clang-format's columns). It also keeps at most one empty
line, and none at the start or end of a block.

A line of a shape cbreak does not know is returned as a *snippet*: a small,
complete C fragment that the caller formats with one clang-format process
for all of them (gen/fmt.py) and splices back in. With the current IDL and
templates there is none.

The result must equal what clang-format makes of the rendered text; the
`gen_clang_format` test checks every generated file, and
tests/gen/test_layout.py the rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import cbreak, clist

LIMIT = 80
TAB = 8

_STRIP = re.compile(r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'|/\*.*?\*/')
_RECORD = re.compile(r"^(?:typedef\s+)?(?:struct|union|enum)\b[^=]*\{$")


@dataclass
class Snippet:
    """Text for clang-format, and how to cut the answer back out of it."""
    text: str
    prefix_lines: int   # context lines before the part we keep
    suffix_lines: int   # context lines after it


@dataclass
class Layout:
    """Laid-out text: final strings and snippets still to be formatted."""
    parts: list[str | Snippet]


def width(line: str) -> int:
    """Display width of *line* with 8-column tabs."""
    if "\t" not in line:
        return len(line)
    col = 0
    for ch in line:
        col = (col // TAB + 1) * TAB if ch == "\t" else col + 1
    return col


def _paren_delta(line: str) -> int:
    opened = line.count("(")
    closed = line.count(")")
    if opened == closed:
        return 0
    return _STRIP.sub("", line).count("(") - _STRIP.sub("", line).count(")")


def _context(depth: int, record: bool, body: str, tail: str) -> Snippet:
    """*body* at block depth *depth*, inside a function or a struct."""
    if depth == 0:
        return Snippet(body + tail, 0, tail.count("\n"))
    head = ["struct rmgen_ctx {" if record else "void rmgen_ctx(void)\n{"]
    head += ["{"] * (depth - 1)
    pre = "\n".join(head)
    post = "\n" + "\n".join(["}"] * (depth - 1) + ["};" if record else "}"])
    return Snippet(pre + "\n" + body + tail + post, pre.count("\n") + 1,
                   tail.count("\n") + post.count("\n"))


def _long(k: int) -> str:
    return r"\t{%d}[^\t\n][^\n]{%d,}" % (k, LIMIT - TAB * k)


# The end of a line that may need work: a possible continuation (an open
# "(", a comma, an operator), a braced initializer, a multi-line macro; or
# a whole line wider than the limit (k tabs and enough text).
_CANDIDATE = re.compile(
    r"[(&|=+\-?,\\]$|= \{$|^(?:"
    + "|".join(_long(k) for k in range(LIMIT // TAB)) + r")$", re.M)
_COMMENT = re.compile(r"/\*(?:(?!\*/)[^\n])*\n.*?\*/", re.S)
_LIST = re.compile(r"= \{$", re.M)


def layout(text: str) -> Layout:
    """Lay out *text* (rendered C); see the module docstring."""
    comments = [(m.start(), m.end()) for m in _COMMENT.finditer(text)]
    parts: list[str | Snippet] = []
    done = 0        # text before this offset is in parts
    c = 0           # next comment span to test
    # Braced initializers first (their items would all be candidates),
    # then the lines between them.
    lists = [m.end() for m in _LIST.finditer(text)] + [len(text)]
    scan = 0
    for head_end in lists:
        for m in _CANDIDATE.finditer(text, scan, head_end):
            end = m.end()
            if end - m.start() > 3:
                start = m.start()
            else:
                start = text.rfind("\n", 0, end) + 1
                # A comma continues a line only after an open parenthesis.
                if m.group() == "," and text.find("(", start, end) < 0:
                    continue
            if start < done:
                continue
            while c < len(comments) and comments[c][1] <= start:
                c += 1
            if c < len(comments) and comments[c][0] <= start:
                continue
            res = _unit(text, start, end)
            if res is None:
                continue
            end, new = res
            if start > done:
                parts.append(text[done:start])
            parts.append(new)
            done = end
        scan = max(done, head_end)
    parts.append(text[done:])
    return Layout(parts)


def _next_line(text: str, pos: int) -> tuple[str, int]:
    """The line starting at *pos* and the offset just past it."""
    end = text.find("\n", pos)
    if end < 0:
        end = len(text)
    return text[pos:end], end


def _unit(text: str, start: int, end: int) -> tuple[int, str | Snippet] | None:
    """Lay out the unwrapped line starting at *start* (its first line ends
    at *end*): the offset where it ends and its text, or None if it stays."""
    line = text[start:end]
    s = line.lstrip("\t")
    depth = len(line) - len(s)
    if s.startswith("#"):
        if s.endswith("\\"):
            # A multi-line macro: written in its final form (templates).
            while text[end - 1:end] == "\\":
                _, end = _next_line(text, end + 1)
            return end, text[start:end]
        if width(line) <= LIMIT:
            return None
        broken = cbreak.define(line)
        return end, Snippet(line, 0, 0) if broken is None else "\n".join(broken)
    if s.startswith(("//", "/*")):
        return None     # comments are kept as they are (ReflowComments)
    joined = False
    bal = _paren_delta(s)
    if bal > 0:
        pieces = [s]
        while bal > 0 and end < len(text):
            nxt, end = _next_line(text, end + 1)
            nxt = nxt.strip()
            bal += _paren_delta(nxt)
            if pieces[-1].endswith("(") or nxt.startswith(")"):
                pieces[-1] += nxt
            else:
                pieces.append(nxt)
        s = " ".join(pieces)
        joined = True
    elif s.endswith(" =") and end < len(text):
        nxt, end = _next_line(text, end + 1)
        s = s + " " + nxt.strip()
        joined = True
    line = "\t" * depth + s
    if s.endswith("= {"):
        # A braced initializer: up to its "};" (at its own depth).
        close = text.find("\n" + "\t" * depth + "};", end)
        if close < 0:
            return None
        body = text[end + 1:close + depth + 3].split("\n")
        end = close + depth + 3
        laid = clist.braced_list(line, body)
        if laid is not None:
            return end, "\n".join(laid)
        return end, _context(depth, _in_record(text, start, depth),
                             "\n".join([s] + [b.strip() for b in body]), "")
    if width(line) <= LIMIT:
        return (end, line) if joined else None
    # (No shape cbreak knows is a struct member.)
    broken = cbreak.statement(depth, s)
    if broken is not None:
        return end, "\n".join(broken)
    nxt, _ = _next_line(text, end + 1)
    return end, _snippet(depth, s, nxt,
                         depth > 0 and _in_record(text, start, depth))


def _in_record(text: str, pos: int, depth: int) -> bool:
    """Whether the line at *pos* (block depth *depth*) is in a struct,
    union or enum body."""
    opener = "\n" + "\t" * (depth - 1)
    while pos > 0:
        pos = text.rfind(opener, 0, pos)
        if pos < 0:
            return False
        line, _ = _next_line(text, pos + 1)
        if line[depth - 1:depth] != "\t" and line.endswith("{"):
            return bool(_RECORD.match(line.strip()))
    return False


def _snippet(depth: int, s: str, nxt: str, record: bool) -> Snippet:
    """A long unwrapped line *s* for clang-format, with enough context
    (*nxt*: the line after it)."""
    if s.startswith("} else") and depth > 0:
        inner = _context(depth, record, "if (1) {\n" + s, "\n}")
        inner.prefix_lines += 1
        return inner
    if s.endswith("{"):
        return _context(depth, record, s, "\n}")
    if depth == 0 and not s.endswith(";") and nxt == "{":
        return _context(0, False, s, "\n{\n}")
    if s.endswith(")") and depth > 0:
        return _context(depth, record, s, "\n;")
    return _context(depth, record, s, "")


_BLANKS = re.compile(r"\n\n\n+")
_OPEN_BLANK = re.compile(r"\{\n\n+")
_BLANK_CLOSE = re.compile(r"\n\n+(\t*\})")


def _blank_lines(text: str) -> str:
    """At most one empty line; none at the start or end of a block."""
    text = _BLANKS.sub("\n\n", text)
    text = _OPEN_BLANK.sub("{\n", text)
    return _BLANK_CLOSE.sub(r"\n\1", text).rstrip("\n") + "\n"


def join(layout_: Layout, formatted: dict[int, str]) -> str:
    """The final text, with *formatted* answers (by part index) spliced in."""
    pieces = []
    for k, p in enumerate(layout_.parts):
        if isinstance(p, str):
            pieces.append(p)
        else:
            ans = formatted[k].rstrip("\n").split("\n")
            pieces.append("\n".join(ans[p.prefix_lines:len(ans) - p.suffix_lines]))
    return _blank_lines("".join(pieces))
