"""Canonical layout of rendered C: the repository's clang-format style, in Python.

The templates write C whose tokens and spacing are final, and whose lines
are indented by their block depth; only line breaking is left. This module
joins each unwrapped line (a statement, declaration or directive whose
parentheses span several template lines), keeps it on one line when it fits
in 80 columns, and breaks it with gen/cbreak.py otherwise. Braced
initializer lists that need clang-format's column layout, and the few lines
cbreak.py does not handle, are returned as *snippets*: small, complete C
fragments that the caller formats with one clang-format process
(gen/fmt.py) and splices back in.

The result must equal what clang-format makes of the rendered text; the
`gen_clang_format` test checks every generated file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import cbreak

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


def layout(text: str) -> Layout:
    """Lay out *text* (rendered C); see the module docstring."""
    lines = text.split("\n")
    parts: list[str | Snippet] = []
    out: list[str] = []
    record: list[bool] = []   # per open block: is it a struct/union/enum body
    n = len(lines)
    i = 0
    in_comment = False
    while i < n:
        line = lines[i]
        i += 1
        if in_comment:
            out.append(line)
            if "*/" in line:
                in_comment = False
            continue
        s = line.lstrip("\t")
        if s.startswith("/*") and "*/" not in s:
            in_comment = True
            out.append(line)
            continue
        if s.startswith("#") and s.endswith("\\"):
            # A multi-line macro: written in its final form (templates).
            out.append(line)
            while i < n and lines[i - 1].endswith("\\"):
                out.append(lines[i])
                i += 1
            continue
        if not s or s[0] == "#" or s.startswith("//") or s.startswith("/*"):
            if s.startswith("#") and width(line) > LIMIT:
                broken = cbreak.define(line)
                if broken is None:
                    _flush(parts, out)
                    parts.append(Snippet(line, 0, 0))
                else:
                    out.extend(broken)
            else:
                out.append(line)
            continue
        depth = len(line) - len(s)
        # Join the lines of one unwrapped line (open parentheses).
        bal = _paren_delta(s)
        if bal > 0:
            pieces = [s]
            while bal > 0 and i < n:
                nxt = lines[i].strip()
                i += 1
                bal += _paren_delta(nxt)
                if pieces[-1].endswith("(") or nxt.startswith(")"):
                    pieces[-1] += nxt
                else:
                    pieces.append(nxt)
            s = " ".join(pieces)
            line = "\t" * depth + s
        elif s.endswith(" =") and i < n:
            s = s + " " + lines[i].strip()
            i += 1
            line = "\t" * depth + s
        if s.endswith("= {"):
            # A braced initializer: up to the matching "};".
            j = i
            level = 1
            while j < n and level:
                t = _STRIP.sub("", lines[j])
                level += t.count("{") - t.count("}")
                j += 1
            body = lines[i:j]
            i = j
            laid = cbreak.braced_list(line, body)
            if laid is not None:
                out.extend(laid)
            else:
                _flush(parts, out)
                parts.append(_context(depth, bool(record) and record[-1],
                                      "\n".join([s] + [b.strip() for b in body]),
                                      ""))
            continue
        opens = s.endswith("{")
        closes = s.startswith("}")
        if width(line) <= LIMIT:
            out.append(line)
        else:
            broken = cbreak.statement(depth, s, record=bool(record) and record[-1])
            if broken is not None:
                out.extend(broken)
            else:
                _flush(parts, out)
                parts.append(_snippet(depth, s, lines, i, record))
        if closes and record:
            record.pop()
        if opens:
            record.append(bool(_RECORD.match(s)))
        elif depth == 0 and i < n and lines[i] == "{":
            record.append(False)
            out.append(lines[i])
            i += 1
    _flush(parts, out)
    return Layout(parts)


def _snippet(depth: int, s: str, lines: list[str], i: int,
             record: list[bool]) -> Snippet:
    """A long unwrapped line *s* for clang-format, with enough context."""
    in_record = bool(record) and record[-1]
    if s.endswith("{") and not s.startswith("}"):
        return _context(depth, in_record, s, "\n}")
    if depth == 0 and not s.endswith(";") and i < len(lines) and lines[i] == "{":
        return _context(0, False, s, "\n{\n}")
    if s.endswith(")") and depth > 0:
        return _context(depth, in_record, s, "\n;")
    return _context(depth, in_record, s, "")


def _flush(parts: list[str | Snippet], out: list[str]) -> None:
    if out:
        parts.append("\n".join(out))
        out.clear()


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
    return _blank_lines("\n".join(pieces))
