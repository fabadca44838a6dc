"""Line breaking of long C lines as clang-format does it (kernel style).

clang-format 14 with the repository's .clang-format chooses, among the
layouts of an unwrapped line, the one with the lowest penalty (100 for each
column past 80). For the shapes rmgen writes, the candidates and their
penalties are written out here:

- a call statement `[return |x = |T x = ]f(a, b, ...);`: arguments
  bin-packed after the parenthesis (a break after a comma costs 1, plus 20
  per level of parentheses, and the first break of a list 15 more), or all
  on continuation lines 8 columns in (a break after "(" costs 30, or 19 for
  one argument, plus 40 plus 15), the last argument possibly broken inside
  (a nested call; not after another argument on its line when there are
  more than two: NoLineBreakInOperand), or for an assignment the
  right-hand side on its own line (10 + 20 + 15); of two layouts of the
  lowest cost, neither (expression() or clang-format decides);
- a function declaration or definition: the parameters after the
  parenthesis, or the name on its own line after the return type (60 + 20 +
  15; never after a return type of fewer than 6 columns), or the parameters
  on continuation lines (100 + 40 + 15);
- a condition `if (a && b ...)` (a break after each `&&`/`||` that needs
  one, an operand `x == n` broken after its "==" or inside offsetof()), or
  `if (f(args))`;
- `if (f(e))` with *e* any expression of calls, unary operators, casts,
  parentheses and binary operators, and a call statement whose arguments
  need breaking inside (`return f(a, b + g(c));`): expression() lists
  the layouts of each subexpression with their penalties, as clang-format
  would weigh them (a break after a binary operator costs its precedence
  level plus 20 per level of parentheses; operands line up, or sit 8
  columns in after a "," or operator), with the rules that limit its
  choice: no break inside an operand that follows another on its line
  when there are more than two (NoLineBreakInOperand), a break after an
  argument or operand broken inside (BreakBeforeParameter), no break
  after a "(" on a line that closed a parenthesis it did not open
  (LowestLevelOnLine); of layouts of equal cost, the one its search
  completes first;
- `_Static_assert(x == n, "...")` and the kernel's one-argument
  `static_assert(x == n)`;
- `#define NAME VALUE /* comment */`, `static const struct s name;`,
  `T name = value;`;
(Braced initializers are gen/clist.py's.)

Where a layout not tried here could be cheaper than the best one tried (a
break inside an argument, say), the bound is computed and the function
gives up. Each function returns the physical lines, or None when the line
is not of a shape it knows: the caller then lets clang-format break it.
Columns count tabs as 8 (UseTab: Always: leading whitespace is tabs, then
spaces to the alignment column).
"""

from __future__ import annotations

import functools
import re

LIMIT = 80
TAB = 8
CONT = 8          # ContinuationIndentWidth

_CALL = re.compile(r"(return |(?:(?:const )?(?:int|size_t|uint\d+_t) )?"
                   r"[\w.>*\[\]-]+ (?:[-+|&]?=) |\(void\))?(\w+)\(")
_OFFSETOF = re.compile(r"offsetof\((struct \w+), (\w+)\)$")
NESTED = re.compile(r"\w+\(")
_BINARY = re.compile(r" (?:[-+*/%|&^?:]|[=!<>]=|[<>]|<<|>>|&&|\|\|) ")
_DECL = re.compile(r"((?:static |inline |const |unsigned |struct |enum )*"
                   r"[\w]+ \**)(\w+)\(")


def indent(col: int) -> str:
    """Leading whitespace for column *col* (UseTab: Always)."""
    return "\t" * (col // TAB) + " " * (col % TAB)


def define(line: str) -> list[str] | None:
    """A long object-like `#define NAME VALUE [/* comment */]`."""
    head, _, rest = line.partition(" ")
    name, sep, value = rest.partition(" ")
    if head != "#define" or not sep or "(" in name:
        return None
    code = value[:value.index("/*")].rstrip() if "/*" in value else value
    if " " in code or len(code) + TAB > LIMIT:
        return None
    return [f"#define {name} \\", "\t" + value]


_STRUCTURE = re.compile(r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'|[()\[\]{}]')


def split_args(text: str, sep: str = ", ") -> list[str] | None:
    """Top-level *sep*-separated items of *text*; None if unbalanced."""
    if sep not in text:
        return [text] if _balanced(text) else None
    cuts = []
    depth = 0
    pos = 0
    for m in _STRUCTURE.finditer(text):
        ch = m.group()
        if len(ch) > 1 or ch in "\"'":
            if not depth:
                cuts.append((pos, m.start()))
            pos = m.end()
            continue
        if not depth:
            cuts.append((pos, m.start()))
        depth += 1 if ch in "([{" else -1
        if depth < 0:
            return None
        pos = m.end()
    if depth:
        return None
    cuts.append((pos, len(text)))
    # Separators at depth 0 lie in the gaps between nested parts.
    items = []
    start = 0
    for a, b in cuts:
        k = text.find(sep, a, b)
        while k >= 0:
            items.append(text[start:k])
            start = k + len(sep)
            k = text.find(sep, start, b)
    items.append(text[start:])
    return items


def _balanced(text: str) -> bool:
    depth = 0
    for m in _STRUCTURE.finditer(text):
        ch = m.group()
        if len(ch) == 1 and ch not in "\"'":
            depth += 1 if ch in "([{" else -1
            if depth < 0:
                return False
    return not depth


def close_paren(text: str, open_at: int) -> int:
    """Index of the parenthesis closing the one at *open_at*, or -1."""
    depth = 0
    for m in _STRUCTURE.finditer(text, open_at):
        ch = m.group()
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if not depth:
                return m.start()
    return -1


EXCESS = 100      # PenaltyExcessCharacter


def pack(items: list[str], first: int, cont: int, tail: str,
         brk: int = 41) -> tuple[list[str], int]:
    """Bin-pack "a, b, c" + tail: first line from column *first* (text
    only), later lines at column *cont*. Returns the lines and the penalty:
    *brk* a break (41 in an argument list, 61 one level deeper; 15 more
    for the first) and 100 a column past the limit."""
    lines: list[str] = []
    cur = ""
    col = first
    cost = 0
    last = len(items) - 1
    for k, item in enumerate(items):
        piece = item + (tail if k == last else ",")
        if cur and col + 1 + len(piece) <= LIMIT:
            cur += " " + piece
            col += 1 + len(piece)
            continue
        if cur:
            lines.append(cur)
            col = cont
            cur = ""
            cost += brk + 15 if len(lines) == 1 else brk
        cur = piece
        col += len(piece)
        if col > LIMIT:
            cost += EXCESS * (col - LIMIT)
    lines.append(cur)
    return lines, cost


def _best(cands: list[tuple[int, list[str]]], bound: int,
          over_ok: bool = False) -> list[str] | None:
    """The cheapest candidate, or None when a layout left out here might be
    cheaper: those cost at least *bound*. A candidate running past the
    limit is kept only if *over_ok* and it costs less than *bound*."""
    cost, lines = min(cands, key=lambda c: c[0])
    if cost >= bound:
        return None
    if not over_ok and any(width(x) > LIMIT for x in lines):
        return None
    return lines


def width(line: str) -> int:
    """Display width of *line*: leading tabs count 8 columns."""
    s = line.lstrip("\t")
    return (len(line) - len(s)) * TAB + len(s)


def _with_last(args: list[str], first: int, cont: int, tail: str,
               lead: str, space: int) -> list[tuple[int, list[str]]]:
    """Layouts of `args` + tail bin-packed from column *first* (after
    *lead*, the text of the first line), later lines at *cont*: the
    arguments before the last packed greedily, then the last one whole or,
    if it is a call, broken inside (61 a break there, 15 more for its
    first; after its "(": 30, or 19 for one argument, + 60 + 15).

    As clang-format: the last of more than two arguments does not break
    inside when it follows another on its line (NoLineBreakInOperand);
    a break after its "(" indents 8 columns from where the argument
    starts (after a comma or a line break: LastSpace), but for the only
    argument after the outer "(", from *space* (the column its statement,
    or the right-hand side on its own line, starts at)."""
    last = args[-1]
    if len(args) > 1:
        lines, cost = pack(args[:-1], first, cont, ",")
        end = (first if len(lines) == 1 else cont) + len(lines[-1])
        lines[0] = lead + lines[0]
        lines[1:] = [indent(cont) + x for x in lines[1:]]
    else:
        lines, cost, end = [lead], 0, first
    broke = len(lines) > 1
    sep = " " if len(args) > 1 else ""
    # (lines before, line so far, start column of the last argument, cost,
    # whether it may break inside, the column a break after its "("
    # indents 8 columns from)
    places = [(lines[:-1], lines[-1] + sep, end + len(sep), cost,
               len(args) <= 2, space if len(args) == 1 else end + len(sep)),
              (lines, indent(cont), cont, cost + (41 if broke else 56),
               True, cont)]
    out = []
    nm = NESTED.match(last)
    inner = split_args(last[nm.end():-1]) if nm and \
        close_paren(last, nm.end() - 1) == len(last) - 1 else None
    for before, text, at, c, inside_ok, base in places:
        whole = text + last + tail
        over = max(0, at + len(last) + len(tail) - LIMIT)
        out.append((c + EXCESS * over, before + [whole]))
        if not inner or not inside_ok:
            continue
        q = at + nm.end()
        if len(inner) > 1 and q <= LIMIT:
            il, ic = pack(inner, q, q, ")" + tail, brk=61)
            if ic:
                out.append((c + ic, before + [text + last[:nm.end()] + il[0]]
                            + [indent(q) + x for x in il[1:]]))
        r = base + CONT
        il, ic = pack(inner, r, r, ")" + tail, brk=61)
        ic += (30 if len(inner) > 1 else 19) + 60 + 15 + _over(q)
        out.append((c + ic, before + [text + last[:nm.end()]] +
                    [indent(r) + x for x in il]))
    return out


def _call_layouts(col: int, ind: str, head: str,
                  args: list[str]) -> list[tuple[int, list[str]]]:
    """`head(args);` at column *col* (*ind* its first line's indent):
    aligned after "(", or all on continuation lines (30, or 19 for one
    argument, + 40 + 15 for the break after "(")."""
    p = col + len(head)
    cands = _with_last(args, p, p, ");", ind + head, col)
    cands += [(c + (30 if len(args) > 1 else 19) + 40 + 15, [ind + head] + x)
              for c, x in _with_last(args, col + CONT, col + CONT, ");",
                                     indent(col + CONT), col + CONT)]
    return cands


def call(col: int, text: str) -> list[str] | None:
    """`[return |x = |(void)]f(args);` starting at column *col*."""
    m = _CALL.match(text)
    if not m:
        return None
    open_at = m.end() - 1
    close_at = close_paren(text, open_at)
    if close_at < 0 or text[close_at + 1:] != ";":
        return None
    args = split_args(text[open_at + 1:close_at])
    if not args or any(len(a) > LIMIT for a in args):
        return None
    if len(args) == 1 and (m.group(1) or "") in ("", "return ") and \
            NESTED.match(args[0]):
        # One argument, a call: a break after its "(" indents from the
        # statement (_with_last() would indent from the outer "(").
        return _returned(col, text, m.group(1) or "")
    head = text[:open_at + 1]
    ind = indent(col)
    prefix = m.group(1) or ""
    # Not tried: a break after a binary operator of the last argument with
    # everything before it on the first line (53 + 15), deeper in a nested
    # call (76 or more); any other break inside an argument comes with a
    # break between the arguments (41 + 15 + 53 + 15 at least).
    last = args[-1]
    lead = width(ind + head + "".join(x + ", " for x in args[:-1]))
    zero = 1 << 30
    nm = NESTED.match(last)
    if nm and close_paren(last, nm.end() - 1) == len(last) - 1:
        if any("(" in x or _BINARY.search(x)
               for x in split_args(last[nm.end():-1]) or []):
            zero = 76
    else:
        bm = _BINARY.search(_STRINGS.sub(lambda m: "x" * len(m.group()), last))
        if "(" in last or bm and lead + bm.end() <= LIMIT:
            zero = 68
    nonlast = ", ".join(args[:-1])
    bound = min(zero, 124 if _inner_break(nonlast, LIMIT - len(nonlast))
                or zero < 1 << 30 or _BINARY.search(last) else 1 << 30)
    p = col + len(head)
    cands = _with_last(args, p, p, ");", ind + head, col)
    cost, lines = min(cands, key=lambda c: c[0])
    if cost < min(bound, 74, 45 if prefix.endswith("= ") else 1 << 30):
        # Cheaper than any other layout (after "(": 19 + 40 + 15 or more).
        return None if cost >= EXCESS else lines
    cands += [(c + (30 if len(args) > 1 else 19) + 40 + 15, [ind + head] + x)
              for c, x in _with_last(args, col + CONT, col + CONT, ");",
                                     indent(col + CONT), col + CONT)]
    if prefix.endswith("= "):
        # The right-hand side on a continuation line (10 + 20 + 15).
        r = col + CONT
        rhs = text[len(prefix):]
        if r + len(rhs) <= LIMIT:
            cands.append((45, [ind + prefix.rstrip(), indent(r) + rhs]))
        else:
            cands += [(45 + c, [ind + prefix.rstrip()] + x) for c, x in
                      _call_layouts(r, indent(r), head[len(prefix):], args)]
    lines = _best(cands, bound)
    if lines is not None:
        cost = min(c for c, _ in cands)
        if any(c == cost and x != lines for c, x in cands):
            # As cheap as another: which one clang-format's search finds
            # first is for expression() to tell (see _better()).
            lines = None
    return lines or _returned(col, text, prefix)


def declaration(col: int, text: str) -> list[str] | None:
    """A function prototype (`...);`) or definition head (`...)`)."""
    if col:
        return None
    m = _DECL.match(text)
    if not m:
        return None
    open_at = m.end() - 1
    close_at = close_paren(text, open_at)
    tail = text[close_at + 1:]
    if close_at < 0 or tail not in ("", ";"):
        return None
    params = split_args(text[open_at + 1:close_at])
    if not params or any(len(a) > LIMIT or "(" in a for a in params):
        return None
    ret, name = m.group(1), m.group(2)
    cands: list[tuple[int, list[str]]] = []
    head = ret + name + "("
    p = len(head)
    a, cost = pack(params, p, p, ")" + tail)
    cands.append((cost, [head + a[0]] + [indent(p) + x for x in a[1:]]))
    if cost < EXCESS and cost < 95:
        return cands[0][1]     # the others cost 95 or more
    rtype = ret.rstrip()
    if len(ret) >= 6 and ret.endswith(" "):
        p = len(name) + 1
        b, cost = pack(params, p, p, ")" + tail)
        cands.append((95 + cost, [rtype, name + "(" + b[0]] +
                      [indent(p) + x for x in b[1:]]))
    c, cost = pack(params, CONT, CONT, ")" + tail)
    cands.append((100 + 40 + 15 + cost,
                  [head] + [indent(CONT) + x for x in c]))
    # Not tried: a break inside a parameter (before "*name": 190 + 40 + 15),
    # worth it only against three columns past the limit or more.
    lines = _best(cands, 1 << 30, over_ok=True)
    if lines is None or sum(max(0, width(x) - LIMIT) for x in lines) > 2:
        return None
    return lines


_STRINGS = re.compile(r'"(?:\\.|[^"\\])*"')
_INNER = re.compile(r"\w\(| [-+*/%|&^?:] | [=!<>]= | [<>] | <<| >>| && | \|\| ")


def _inner_break(args: str, col: int) -> bool:
    """Whether *args*, starting at column *col*, has a point where a break
    inside an argument could go (after a nested "(", a binary operator or a
    nested comma) before the limit."""
    flat = _STRINGS.sub(lambda m: "x" * len(m.group(0)), args)
    room = LIMIT - col
    m = _INNER.search(flat, 0, max(0, room))
    if m:
        return True
    depth = 0
    for i, ch in enumerate(flat[:room]):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth > 0:
            return True
    return False


def static_assert(col: int, text: str) -> list[str] | None:
    """`[_]static_assert(X == N, "message");`, X an offsetof() or sizeof()."""
    open_at = text.index("(")
    close_at = close_paren(text, open_at)
    if close_at < 0 or text[close_at + 1:] != ";":
        return None
    args = split_args(text[open_at + 1:close_at])
    if not args or len(args) > 2:
        return None
    lhs, eq, n = args[0].rpartition(" == ")
    if not eq or " " in n:
        return None
    head = indent(col) + text[:open_at + 1]
    p = col + open_at + 1
    if len(args) == 1:
        # No argument list: the operand aligned with the expression; else
        # inside offsetof(), after its comma.
        if p + len(lhs) + 3 <= LIMIT and p + len(n) + 2 <= LIMIT:
            return [head + lhs + " ==", indent(p) + n + ");"]
        om = _OFFSETOF.match(lhs)
        if om and p + 10 + len(om.group(1)) <= LIMIT and \
                p + 9 + len(om.group(2)) + 6 + len(n) + 2 <= LIMIT:
            return [head + "offsetof(" + om.group(1) + ",",
                    indent(p + 9) + om.group(2) + ") == " + n + ");"]
        return None
    over = p + len(args[1]) + 2 - LIMIT
    if over > 0:
        # The message runs past the limit after "(". Seen only with an
        # offsetof() broken inside either way: one column past the limit
        # is kept, two or more give a break after "(", both arguments 8
        # columns in.
        q = col + CONT
        if q + len(lhs) + 3 <= LIMIT or p + len(lhs) + 3 <= LIMIT:
            return None
        if over == 1:
            return _assert_operand(p, head, lhs, n, args[1], 1)
        p = q
        head, first = indent(col) + text[:open_at + 1], indent(p)
        # A message too long even there stays whole (string literals are
        # not broken), past the limit.
        rest = _assert_operand(p, first, lhs, n, args[1],
                               max(0, p + len(args[1]) + 2 - LIMIT))
        return None if rest is None else [head] + rest
    return _assert_operand(p, head, lhs, n, args[1])


def _assert_operand(p: int, first: str, lhs: str, n: str, msg: str,
                    over: int = 0) -> list[str] | None:
    """`lhs == n,` from column *p* (*first*: its first line so far), then
    the message on its own line at *p* (*over* columns past the limit)."""
    last = indent(p) + msg + ");"
    if width(last) > LIMIT + over:
        return None
    # Cheapest first: a break before the message (41 + 15); then also after
    # "==" (9 + 40 + 15); then inside offsetof() (1 + 60 + 15).
    if p + len(lhs) + 4 + len(n) + 1 <= LIMIT:
        return [first + lhs + " == " + n + ",", last]
    if p + len(lhs) + 3 <= LIMIT and p + CONT + len(n) + 1 <= LIMIT:
        return [first + lhs + " ==", indent(p + CONT) + n + ",", last]
    m = _OFFSETOF.match(lhs)
    if m and p + 10 + len(m.group(1)) <= LIMIT and \
            p + 9 + len(m.group(2)) + 6 + len(n) <= LIMIT:
        return [first + "offsetof(" + m.group(1) + ",",
                indent(p + 9) + m.group(2) + ") == " + n + ",", last]
    return None


def condition(col: int, text: str) -> list[str] | None:
    """`if (a && b ...)[ {]`: operands bin-packed after "if (", a break
    after an operator (each costs the same: the fewest lines win)."""
    tail = " {" if text.endswith(" {") else ""
    close_at = close_paren(text, 3)
    if close_at != len(text) - len(tail) - 1:
        return None
    cond = text[4:close_at]
    for op in (" || ", " && ", " | ", " & ", " != ", " == "):
        operands = split_args(cond, op)
        if operands is None:
            return None
        if len(operands) > 1:
            break
    else:
        # One call: its arguments bin-packed after its "(".
        nm = NESTED.match(cond)
        if not nm or close_paren(cond, nm.end() - 1) != len(cond) - 1 or \
                _BINARY.search(cond) or "(" in cond[nm.end():]:
            return _wrapped(col, cond, tail)
        args = split_args(cond[nm.end():-1])
        if not args:
            return None
        q = col + 4 + nm.end()
        return _best(_with_last(args, q, q, "))" + tail,
                                indent(col) + "if (" + cond[:nm.end()],
                                col + 4), 76)
    if len(operands) > 2 and op not in (" || ", " && "):
        return None
    if any(" || " in x or " && " in x for x in operands) and op == " || ":
        if any(split_args(x, " && ") != [x] for x in operands):
            return None
    p = col + 4
    sep = op.rstrip()
    lines: list[str] = []
    cur = ""
    width = p
    last = len(operands) - 1
    for k, x in enumerate(operands):
        piece = x + (")" + tail if k == last else sep)
        if cur and width + 1 + len(piece) <= LIMIT:
            cur += " " + piece
            width += 1 + len(piece)
            continue
        if cur:
            lines.append(cur)
            width = p
        if width + len(piece) > LIMIT:
            # "lhs ==" then the value 8 columns in (a nested operator).
            lhs, eq, rhs = x.rpartition(" == ")
            if op != " && " or not eq or " " in rhs:
                return None
            rhs += piece[len(x):]
            if p + len(lhs) + 3 <= LIMIT and p + CONT + len(rhs) <= LIMIT:
                lines.append(lhs + " ==")
                lines.append(" " * CONT + rhs)
                cur = ""
                continue
            # Inside offsetof(), after its comma (1 + 60 + 15 against the
            # 9 + 40 + 15 of a break after "==").
            om = _OFFSETOF.match(lhs)
            if not om or p + 10 + len(om.group(1)) > LIMIT or \
                    p + 9 + len(om.group(2)) + 5 + len(rhs) > LIMIT:
                return None
            lines.append("offsetof(" + om.group(1) + ",")
            lines.append(" " * 9 + om.group(2) + ") == " + rhs)
            cur = ""
            continue
        cur = piece
        width += len(piece)
    if cur:
        lines.append(cur)
    first = indent(col) + "if (" + lines[0]
    rest = [indent(p + len(x) - len(x.lstrip(" "))) + x.lstrip(" ")
            for x in lines[1:]]
    return [first] + rest


# Binary operators as the templates write them (a space either side), by
# clang-format's precedence levels (a break after one costs its level plus
# 20 per level of parentheses); longer spellings first.
_PREC = {"||": 4, "&&": 5, "|": 6, "^": 7, "&": 8, "==": 9, "!=": 9,
         "<=": 10, ">=": 10, "<": 10, ">": 10, "<<": 12, ">>": 12,
         "+": 13, "-": 13, "*": 14, "/": 14, "%": 14}
_OPERATOR = re.compile(" (" + "|".join(re.escape(o) for o in _PREC) + ") ")
_PREFIX = re.compile(r"(?:[!~]|\(\w+\))+")     # unary operators and casts
_NEVER = 1 << 30
_OPEN = re.compile(r"\w*\(")

# A layout: its cost, its lines, the cost of each break in it (in order).
Layout = tuple[int, list[str], tuple[int, ...]]
Layouts = list[Layout]


def _mask(text: str) -> str:
    """*text* with everything inside parentheses, brackets and string or
    character literals replaced by "_" (the top level only is left)."""
    out = list(text)
    depth = 0
    pos = 0
    for m in _STRUCTURE.finditer(text):
        ch = m.group()
        if depth:
            out[pos:m.start()] = "_" * (m.start() - pos)
        if len(ch) > 1 or ch in "\"'":
            out[m.start():m.end()] = "_" * (m.end() - m.start())
        else:
            depth += 1 if ch in "([{" else -1
        pos = m.end()
    return "".join(out)


def binary(text: str) -> tuple[int, list[str], list[str]] | None:
    """The operators of *text*'s top level with the lowest precedence: the
    level, the operands and the operators; None if there is none (or a
    conditional operator)."""
    flat = _mask(text)
    if " ? " in flat:
        return None
    found = list(_OPERATOR.finditer(flat))
    if not found:
        return None
    level = min(_PREC[m.group(1)] for m in found)
    cuts = [m for m in found if _PREC[m.group(1)] == level]
    operands = []
    start = 0
    for m in cuts:
        operands.append(text[start:m.start()])
        start = m.end()
    operands.append(text[start:])
    return level, operands, [m.group(1) for m in cuts]


@functools.lru_cache(maxsize=None)
def _floor(text: str, bs: int) -> int:
    """The least a break inside *text* (at parenthesis binding strength
    *bs*) can cost: 20 per strength, plus 1 after a comma, 19 after "(", an
    operator's level, 150 before "->" or "."; 15 more for the first break
    of its level. Before "<<" 1, after "?" or ":" 3."""
    flat = _STRINGS.sub(lambda m: "x" * len(m.group()), text)
    best = _NEVER
    depth = 0
    for m in _SPLITS.finditer(flat):
        tok = m.group()
        if tok == "(":
            depth += 1
            best = min(best, 20 * (bs + depth) + 19)
        elif tok == ")":
            depth -= 1
        elif tok == ",":
            best = min(best, 20 * (bs + depth) + 1)
        elif tok in ("->", "."):
            best = min(best, 20 * (bs + depth) + 150)
        else:
            op = tok.strip()
            split = {"<<": 1, "?": 3, ":": 3}.get(op) or _PREC[op]
            best = min(best, 20 * (bs + depth) + split)
    return best + 15


_SPLITS = re.compile(r"[(),]|->|\.(?=[a-z_])| [?:] |" + _OPERATOR.pattern)


def _over(col: int) -> int:
    return EXCESS * max(0, col - LIMIT)


# Layouts costing this much or more are not followed (none is chosen).
CAP = 400


@functools.lru_cache(maxsize=None)
def _shape(e: str) -> tuple:
    """What expression() needs of *e*: ("binary", level, operands, ops,
    forces, inside_ok), ("prefix", prefix, operand), ("call", head, args),
    ("atom",), or ("unknown",)."""
    if " << " in _mask(e):
        return ("unknown",)     # (broken before "<<", with its own penalty)
    b = binary(e)
    if b:
        level, operands, ops = b
        # After an operand broken inside, a break after the operator, but
        # for a comparison of a simple operand; an operand after another
        # on its line is broken inside only if there are two.
        forces = [level not in (9, 10) or binary(x) is not None
                  for x in operands]
        return ("binary", level, operands, ops, forces,
                len(operands) == 2 or level == 10)
    pm = _PREFIX.match(e)
    if pm and e[pm.end():pm.end() + 1] not in ("", " "):
        return ("prefix", pm.group(), e[pm.end():])
    nm = _OPEN.match(e)
    if not nm or close_paren(e, nm.end() - 1) != len(e) - 1:
        return ("atom",)
    args = split_args(e[nm.end():-1])
    if not args or any(len(x) > LIMIT for x in args) or \
            len(args) > 1 and nm.end() == 1:
        return ("unknown",)
    return ("call", e[:nm.end()], args)


def expression(e: str, at: int, space: int, bs: int, tail: str,
               aligned: bool, base: int = 0) -> tuple[Layouts, int]:
    """Layouts of the expression *e* + *tail* from column *at*: the first
    line's text (after what comes before it), then whole lines. *space* is
    the column a break after a "(" of *e* indents from (8 more), *bs* the
    binding strength of *e*'s parentheses (one per level, the statement's
    own is 1), *aligned* whether operands after a break line up with *e*
    (it follows a "("), rather than 8 columns in (from *base* if that is
    further: the enclosing expression's). Returns the layouts and the least
    a layout not among them costs (a break before "->" or "."; CAP; 0 for
    a shape not known here)."""
    whole: Layouts = [(_over(at + len(e) + len(tail)), [e + tail], ())]
    shape = _shape(e)
    kind = shape[0]
    if kind == "binary":
        _, level, operands, ops, forces, inside_ok = shape
        ends = [" " + op for op in ops] + [tail]
        cont = at if aligned else max(at, base) + CONT
        return _sequence(operands, ends, at, cont,
                         max(space, at), bs, 20 * bs + level, False,
                         (inside_ok, forces))
    if kind == "prefix":
        # Unary operators or a cast: the operand's layouts after them.
        _, pre, x = shape
        sub, bound = expression(x, at + len(pre), space, bs, tail, aligned,
                                base)
        if "(" in pre:
            bound = min(bound, _cast_floor(e, x, min(at, space) + CONT, bs,
                                           tail))
        return [(c, [pre + y[0]] + y[1:], st) for c, y, st in sub], bound
    if kind == "atom":
        return whole, _floor(e, bs)
    if kind == "unknown":
        return whole, 0
    # A call's arguments, or the expression in parentheses.
    _, head, args = shape
    ends = [","] * (len(args) - 1) + [")" + tail]
    q = at + len(head)
    brk = 20 * (bs + 1) + 1
    rules = (len(args) <= 2, [True] * len(args))
    # With more than one argument, a break after a "(" of the first one
    # indents from its column.
    first = space if len(args) == 1 else max(space, q)
    same, bound = _sequence(args, ends, q, q, first, bs + 1, brk,
                            len(args) == 1, rules)
    out = [(c, [head + x[0]] + x[1:], st) for c, x, st in same]
    # A break after "(": 30 (19 for one argument) + 20 a level, 15 more.
    extra = (30 if len(args) > 1 else 19) + 20 * (bs + 1) + 15 + _over(q)
    if extra >= CAP:
        return out, min(bound, CAP)
    r = space + CONT
    after, later = _sequence(args, ends, r, r, r, bs + 1, brk,
                             len(args) == 1, rules, CAP - extra)
    out += [(c + extra, [head, indent(r) + x[0]] + x[1:],
             (extra - _over(q),) + st) for c, x, st in after]
    return out, min(bound, later + extra)


def _cast_floor(e: str, x: str, col: int, bs: int, tail: str) -> int:
    """The least a break in the cast starting *e* (before its operand *x*)
    costs: after its "(" (19 + 20 a level deeper) or its ")" (100 + 20 a
    level); 15 more. What follows goes on from column *col* or further,
    and must fit too if *x* is a name."""
    name = re.fullmatch(r"[\w.>-]+", x) is not None
    rest = e[e.index("(") + 1:]
    inside = 20 * (bs + 1) + 19 + 15 + \
        (_over(col + len(rest) + len(tail)) if name else 0)
    after = 20 * bs + 100 + 15 + \
        (_over(col + len(x) + len(tail)) if name else 0)
    return min(inside, after)


def _sequence(items: list[str], ends: list[str], at: int, cont: int,
              space: int, bs: int, brk: int, aligned: bool,
              rules: tuple[bool, list[bool]],
              cap: int = CAP) -> tuple[Layouts, int]:
    """Layouts of *items* (each followed by its *ends* text: "," or an
    operator, then the tail) from column *at*: each item after the previous
    one or, after a break costing *brk* (15 more the first), on the next
    line at column *cont*; each laid out by expression(), the first with
    *space* (the others with their own column) and *aligned* (the others
    not). *rules*: whether an item after the previous one on its line may
    be broken inside (clang-format's NoLineBreakInOperand), and for each
    item whether a break inside it forces one after it
    (BreakBeforeParameter). The cheapest layout for each end column and
    break state; none costing *cap* or more (it bounds the others)."""
    inside_ok, forces = rules
    # (end column, broken, must break, the line closed a parenthesis it
    # did not open) -> a layout (the first line without indent)
    states: dict[tuple[int, bool, bool, bool], Layout] = {
        (at, False, False, False): (0, [""], ())}
    bound = cap
    for k, x in enumerate(items):
        nxt: dict[tuple[int, bool, bool, bool], Layout] = {}
        for (col, broke, must, closed), (cost, lines, steps) in \
                states.items():
            places = [] if must else \
                [(lines[:-1], lines[-1] + " ", col + 1, cost, steps, broke,
                  inside_ok, closed)] if k else \
                [([], "", at, cost, steps, broke, True, False)]
            if k:
                step = brk + (0 if broke else 15)
                places.append((lines, indent(cont), cont, cost + step,
                               steps + (step,), True, True, False))
            for before, text, c0, c, st, br, ok, shut in places:
                sub, later = expression(x, c0, c0 if k else space, bs,
                                        ends[k], aligned and not k, cont)
                if ok:
                    bound = min(bound, c + later)
                for kc, xl, sst in sub:
                    total = c + kc
                    if total >= cap:
                        continue
                    if len(xl) == 1:
                        key = (c0 + len(xl[0]), br, False, shut)
                    elif not ok or shut and xl[0].endswith("("):
                        # No break after a "(" on a line that closed one
                        # it did not open (clang-format's
                        # LowestLevelOnLine).
                        continue
                    else:
                        key = (width(xl[-1]), br,
                               k < len(forces) and forces[k],
                               _closes(xl[-1], ends[k]))
                    old = nxt.get(key)
                    if old is not None and total > old[0]:
                        continue
                    new = (total, before + [text + xl[0]] + xl[1:], st + sst)
                    if old is None or _better(new, old):
                        nxt[key] = new
        states = nxt
    return list(states.values()), bound


def _wrapped(col: int, cond: str, tail: str) -> list[str] | None:
    """`if (f(e))[ {]`, f's one argument *e* an expression: *e* after
    "f(", or on the next line 12 columns in (19 + 60 + 15)."""
    return _restore(f"if ({cond}){tail}",
                    _wrapped_shape(col, _SHAPE.sub("a", cond), tail))


# Layouts depend on the lengths of names and literals, not on their
# letters: the functions below are called with every letter, digit and
# "_" made an "a" (the same length), and their answers cached.
_SHAPE = re.compile(r"\w")


def _restore(text: str, lines: list[str] | None) -> list[str] | None:
    """*lines* (the layout of *text* with its letters made "a") with the
    letters of *text* back: each line's text after its indentation is the
    next part of *text*, a blank between two parts dropped."""
    if lines is None:
        return None
    out = []
    pos = 0
    for k, line in enumerate(lines):
        body = line.lstrip("\t ") if k else line[len(line) -
                                                 len(line.lstrip("\t")):]
        ind = line[:len(line) - len(body)]
        out.append(ind + text[pos:pos + len(body)])
        pos += len(body)
        if text[pos:pos + 1] == " ":
            pos += 1
    return out


@functools.lru_cache(maxsize=None)
def _wrapped_shape(col: int, cond: str, tail: str) -> list[str] | None:
    """_wrapped() of *cond* with its letters made "a"."""
    nm = NESTED.match(cond)
    if not nm or close_paren(cond, nm.end() - 1) != len(cond) - 1:
        return None
    args = split_args(cond[nm.end():-1])
    if not args or len(args) != 1:
        return None
    head = indent(col) + "if (" + cond[:nm.end()]
    end = "))" + tail
    r = col + 4 + CONT
    if r + len(args[0]) + len(end) <= LIMIT and _floor(args[0], 3) > 94:
        # Whole after the break, cheaper than any break inside it.
        return [head, indent(r) + args[0] + end]
    first, bound = expression(args[0], col + 4 + nm.end(), col + 4, 3,
                              end, True)
    out = [(c, [head + x[0]] + x[1:], st) for c, x, st in first]
    after, later = expression(args[0], r, r, 3, end, True)
    out += [(c + 19 + 60 + 15, [head, indent(r) + x[0]] + x[1:],
             (19 + 60 + 15,) + st) for c, x, st in after]
    return _unique(out, min(bound, later + 19 + 60 + 15))


def _returned(col: int, text: str, prefix: str) -> list[str] | None:
    """`[return ]f(args);` by expression(): for arguments broken inside (a
    binary operator, a nested call)."""
    if prefix not in ("", "return "):
        return None
    return _restore(text, _returned_shape(
        col, prefix + _SHAPE.sub("a", text[len(prefix):]), prefix))


@functools.lru_cache(maxsize=None)
def _returned_shape(col: int, text: str, prefix: str) -> list[str] | None:
    """_returned() of *text* with its letters (but the prefix's) made
    "a"."""
    cands, bound = expression(text[len(prefix):-1], col + len(prefix), col,
                              1, ";", False)
    return _unique([(c, [indent(col) + prefix + x[0]] + x[1:], st)
                    for c, x, st in cands], bound)


def _unique(cands: Layouts, bound: int) -> list[str] | None:
    """_best(), of equal costs the one clang-format's search reaches first
    (see _better())."""
    lines = _best([(c, x) for c, x, _ in cands], bound) if cands else None
    if lines is None:
        return None
    pick = cands[0]
    for cand in cands[1:]:
        if _better(cand, pick):
            pick = cand
    return pick[1]


def _closes(line: str, tail: str) -> bool:
    """Whether *line*, but its *tail*, closes a parenthesis it does not
    open."""
    flat = _STRINGS.sub("", line[:len(line) - len(tail)])
    return flat.count(")") > flat.count("(")


def _better(a: Layout, b: Layout) -> bool:
    """Whether layout *a* is cheaper than *b* or, as cheap, the one that
    clang-format's search (cheapest partial layout first, first come first
    served) completes first: the one whose last break comes later; at the
    same place, the one cheaper before it (its last break costs more);
    then the same for the break before, and so on."""
    if a[0] != b[0]:
        return a[0] < b[0]
    pa, pb = _breaks(a[1]), _breaks(b[1])
    for i, j in zip(range(len(pa) - 1, -1, -1), range(len(pb) - 1, -1, -1)):
        if pa[i] != pb[j]:
            return pa[i] > pb[j]
        if a[2][i] != b[2][j]:
            return a[2][i] > b[2][j]
    return False


def _breaks(lines: list[str]) -> list[int]:
    """Where *lines* break, in characters other than blanks before the
    break."""
    at = []
    n = 0
    for x in lines[:-1]:
        n += len(x) - x.count(" ") - x.count("\t")
        at.append(n)
    return at


_INITIALISED = re.compile(r"((?:const )?\w+ \w+) = ([^{]*;)$")
_VARIABLE = re.compile(r"(?:static )?(?:const )?struct \w+ \w+;$")


def statement(depth: int, text: str) -> list[str] | None:
    """A long statement or declaration *text* at block depth *depth* (in
    a function body, or at file scope)."""
    col = depth * TAB
    if text.startswith(("_Static_assert(", "static_assert(")):
        return static_assert(col, text)
    if text.startswith("if ("):
        return condition(col, text)
    if depth == 0:
        if _VARIABLE.match(text):
            # A break before the name costs 200 + 20 + 15: two columns past
            # the limit cost less.
            return [text] if len(text) <= LIMIT + 2 else None
        m = _INITIALISED.match(text)
        if m:
            # After "=" (10 + 20 + 15) when the value then fits.
            return [m.group(1) + " =", "\t" + m.group(2)] \
                if CONT + len(m.group(2)) <= LIMIT else None
        return declaration(col, text)
    return call(col, text)
