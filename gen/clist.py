"""Braced initializers in clang-format's layout (kernel style).

`... = {` with its items one a line as the templates write them: items
after a trailing comma stay one a line; five items or more, each on one
line, go in clang-format's columns (CommaSeparatedList: the fewest columns
among those giving the fewest lines, column widths within 10 of each
other, alignment whitespace as tabs where it reaches a tab stop); a
designated value too long for its line is broken after a "|", inside a
one-argument call or between the items of a nested list; a declaration too long for its line puts the declarator
on a continuation line and the list 8 columns deeper.
"""

from __future__ import annotations

import re

from . import cbreak
from .cbreak import CONT, LIMIT, TAB

_DECLARATOR = re.compile(r"((?:static )?(?:const )?struct \w+(?: \*const)?) "
                         r"(\w+(?:\[\])? = \{)$")


def _spaces(col: int, n: int) -> str:
    """*n* columns of whitespace from column *col* (UseTab: Always)."""
    first = TAB - col % TAB
    if n < first or n == 1:
        return " " * n
    n -= first
    return "\t" * (1 + n // TAB) + " " * (n % TAB)


def _columns(items: list[str], room: int) -> tuple[int, list[int]]:
    """clang-format's column layout of a braced list of *items* (each with
    its comma) in *room* columns: the number of columns and their widths."""
    lengths = [len(x) for x in items]
    n = len(items)
    formats = []   # (columns, sizes, line count, total width)
    for ncol in range(1, min(n, LIMIT // 3) + 1):
        cols = [lengths[c::ncol] for c in range(ncol)]
        sizes = [max(c) for c in cols]
        total = ncol - 1 + sum(sizes)
        if total > LIMIT and ncol > 1:
            if min(lengths) * ncol + ncol - 1 > LIMIT:
                break   # wider layouts only get wider
            continue
        if any(sizes[c] - min(cols[c]) > 10 for c in range(ncol - 1)):
            continue
        formats.append((ncol, sizes, -(-n // ncol), total))
    best = None
    for f in reversed(formats):
        if f[3] <= room or f[0] == 1:
            if best is not None and f[2] > best[2]:
                break
            best = f
    assert best is not None
    return best[0], best[1]


def _designated(body: list[str]) -> list[str] | None:
    """*body* with each long `.member = a | b,` broken after a "|", the
    operands aligned with the first; None if a long line is not of that
    kind."""
    out: list[str] = []
    for line in body:
        if cbreak.width(line) <= LIMIT:
            out.append(line)
            continue
        nested = _nested_list(line)
        if nested is not None:
            out += nested
            continue
        m = re.match(r"(\t+)(\.\w+ = )(.*),$", line)
        operands = cbreak.split_args(m.group(3), " | ") if m else None
        call = cbreak.NESTED.match(m.group(3)) if m else None
        if m and call and cbreak.close_paren(m.group(3), call.end() - 1) == \
                len(m.group(3)) - 1 and cbreak.split_args(m.group(3)[call.end():-1]) \
                == [m.group(3)[call.end():-1]]:
            # `.member = f(`, the one argument 8 columns in.
            col = len(m.group(1)) * TAB + CONT
            arg = cbreak.indent(col) + m.group(3)[call.end():] + ","
            if cbreak.width(arg) > LIMIT:
                return None
            out += [m.group(1) + m.group(2) + m.group(3)[:call.end()], arg]
            continue
        if not m or not operands or len(operands) < 2:
            return None
        pieces = [x + " |" for x in operands[:-1]] + [operands[-1] + ","]
        packed = _pack(m.group(1) + m.group(2), pieces)
        if packed is None:
            return None
        out += packed
    return out


def _pack(first: str, pieces: list[str]) -> list[str] | None:
    """*pieces* packed greedily after *first* (a line's start), one space
    apart, continuation lines aligned with the first piece; None if a piece
    does not fit on a line of its own."""
    col = cbreak.width(first)
    out: list[str] = []
    cur, pos = first, col
    for piece in pieces:
        if pos > col and pos + 1 + len(piece) <= LIMIT:
            cur += " " + piece
            pos += 1 + len(piece)
            continue
        if pos > col:
            out.append(cur)
            cur, pos = cbreak.indent(col), col
        if pos + len(piece) > LIMIT:
            return None
        cur += piece
        pos += len(piece)
    out.append(cur)
    return out


def _nested_list(line: str) -> list[str] | None:
    """A long `.member = { a, b, ... },` with its items packed greedily
    and the continuation lines aligned with the first item (as clang-format
    lays out a nested braced list); None if *line* is not of that kind or
    an item does not fit."""
    m = re.match(r"(\t+)(\.\w+ = \{ )(.*) \},$", line)
    items = cbreak.split_args(m.group(3)) if m else None
    if not m or not items or len(items) < 2:
        return None
    return _pack(m.group(1) + m.group(2),
                 [x + "," for x in items[:-1]] + [items[-1] + " },"])


def braced_list(head: str, body: list[str]) -> list[str] | None:
    """A braced initializer `head = {` + *body* lines up to `};`, laid out;
    None if it is not a shape handled here.

    Items one per line (a trailing comma), designated or nested lists as
    rendered, or five or more one-line items in clang-format's columns.
    """
    if not body or body[-1].strip() != "};":
        return None
    if len(body) == 1:
        return [head + "};"] if cbreak.width(head) + 2 <= LIMIT else None
    depth = len(head) - len(head.lstrip("\t"))
    if cbreak.width(head) > LIMIT + 2:
        # The declarator on a continuation line, the list 8 columns deeper
        # (a break before it costs 200 + 20 + 15: 3 columns past the limit
        # cost more).
        m = _DECLARATOR.match(head[depth:])
        if not m or depth:
            return None
        first, second = m.group(1), "\t" + m.group(2)
        if cbreak.width(first) > LIMIT or cbreak.width(second) > LIMIT:
            return None
        laid = braced_list(second, ["\t" + x for x in body])
        return None if laid is None else [first] + laid
    items = body[:-1]
    inner = "\t" * (depth + 1)
    flat = all(x.startswith(inner) and not x.startswith(inner + "\t") and
               x.endswith(",") and not x.endswith("{") for x in items)
    if max(map(len, body)) + (TAB - 1) * (depth + 3) > LIMIT and \
            any(cbreak.width(x) > LIMIT for x in body):
        body = _designated(body)
        if body is None:
            return None
    if cbreak.width(head) > LIMIT and (depth or not _DECLARATOR.match(head)):
        return None
    if not flat:
        return [head] + body
    texts = [x[len(inner):] for x in items]
    if len(texts) < 5 or texts[0].startswith("."):
        return [head] + body
    col0 = (depth + 1) * TAB
    ncol, sizes = _columns(texts, LIMIT - col0)
    if ncol == 1:
        return [head] + body
    out = [head]
    for r in range(0, len(texts), ncol):
        row = texts[r:r + ncol]
        line = inner
        col = col0
        for c, t in enumerate(row):
            if c:
                pad = 1 + sizes[c - 1] - len(row[c - 1])
                line += _spaces(col, pad)
                col += pad
            line += t
            col += len(t)
        out.append(line)
    out.append(body[-1])
    return out
