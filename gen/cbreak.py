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
  (a nested call), or for an assignment the right-hand side on its own line
  (10 + 20 + 15);
- a function declaration or definition: the parameters after the
  parenthesis, or the name on its own line after the return type (60 + 20 +
  15; never after a return type of fewer than 6 columns), or the parameters
  on continuation lines (100 + 40 + 15);
- a condition `if (a && b ...)` (a break after each `&&`/`||` that needs
  one, an operand `x == n` broken after its "==" or inside offsetof()), or
  `if (f(args))`;
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
               lead: str) -> list[tuple[int, list[str]]]:
    """Layouts of `args` + tail bin-packed from column *first* (after
    *lead*, the text of the first line), later lines at *cont*: the
    arguments before the last packed greedily, then the last one whole or,
    if it is a call, broken inside (61 a break there, 15 more for its
    first; after its "(": 30, or 19 for one argument, + 60 + 15)."""
    last = args[-1]
    if len(args) > 1:
        lines, cost = pack(args[:-1], first, cont, ",")
        end = (first if len(lines) == 1 else cont) + len(lines[-1])
        lines[0] = lead + lines[0]
        lines[1:] = [indent(cont) + x for x in lines[1:]]
    else:
        lines, cost, end = [lead], 0, first
    broke = len(lines) > 1
    # (lines before, line so far, start column of the last argument, cost)
    sep = " " if len(args) > 1 else ""
    places = [(lines[:-1], lines[-1] + sep, end + len(sep), cost),
              (lines, indent(cont), cont, cost + (41 if broke else 56))]
    out = []
    nm = NESTED.match(last)
    inner = split_args(last[nm.end():-1]) if nm and \
        close_paren(last, nm.end() - 1) == len(last) - 1 else None
    for before, text, at, c in places:
        whole = text + last + tail
        over = max(0, at + len(last) + len(tail) - LIMIT)
        out.append((c + EXCESS * over, before + [whole]))
        if not inner:
            continue
        q = at + nm.end()
        if len(inner) > 1 and q <= LIMIT:
            il, ic = pack(inner, q, q, ")" + tail, brk=61)
            if ic:
                out.append((c + ic, before + [text + last[:nm.end()] + il[0]]
                            + [indent(q) + x for x in il[1:]]))
        r = at + CONT
        il, ic = pack(inner, r, r, ")" + tail, brk=61)
        ic += (30 if len(inner) > 1 else 19) + 60 + 15
        out.append((c + ic, before + [text + last[:nm.end()]] +
                    [indent(r) + x for x in il]))
    return out


def _call_layouts(col: int, ind: str, head: str,
                  args: list[str]) -> list[tuple[int, list[str]]]:
    """`head(args);` at column *col* (*ind* its first line's indent):
    aligned after "(", or all on continuation lines (30, or 19 for one
    argument, + 40 + 15 for the break after "(")."""
    p = col + len(head)
    cands = _with_last(args, p, p, ");", ind + head)
    cands += [(c + (30 if len(args) > 1 else 19) + 40 + 15, [ind + head] + x)
              for c, x in _with_last(args, col + CONT, col + CONT, ");",
                                     indent(col + CONT))]
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
    cands = _with_last(args, p, p, ");", ind + head)
    cost, lines = min(cands, key=lambda c: c[0])
    if cost < min(bound, 74, 45 if prefix.endswith("= ") else 1 << 30):
        # Cheaper than any other layout (after "(": 19 + 40 + 15 or more).
        return None if cost >= EXCESS else lines
    cands += [(c + (30 if len(args) > 1 else 19) + 40 + 15, [ind + head] + x)
              for c, x in _with_last(args, col + CONT, col + CONT, ");",
                                     indent(col + CONT))]
    if prefix.endswith("= "):
        # The right-hand side on a continuation line (10 + 20 + 15).
        r = col + CONT
        rhs = text[len(prefix):]
        if r + len(rhs) <= LIMIT:
            cands.append((45, [ind + prefix.rstrip(), indent(r) + rhs]))
        else:
            cands += [(45 + c, [ind + prefix.rstrip()] + x) for c, x in
                      _call_layouts(r, indent(r), head[len(prefix):], args)]
    return _best(cands, bound)


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
        if p + len(args[1]) + 2 > LIMIT:
            return None
        return [head] + _assert_operand(p, first, lhs, n, args[1])
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
            return None
        args = split_args(cond[nm.end():-1])
        if not args:
            return None
        q = col + 4 + nm.end()
        return _best(_with_last(args, q, q, "))" + tail,
                                indent(col) + "if (" + cond[:nm.end()]), 76)
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
