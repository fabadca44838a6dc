"""Comments in generated C, laid out within 80 columns.

clang-format leaves comments alone (the repository's style has
ReflowComments: false), so their layout is decided here: a comment that
fits stays on one line; a longer one becomes a block comment wrapped at
word boundaries; a kernel-doc item continues on lines aligned under its
text. The templates call these as Jinja filters and globals (gen/emit.py).
"""

from __future__ import annotations

LIMIT = 80
TAB = 8
# A kernel-doc item's continuation lines align under its text while that
# leaves this many columns; after a longer tag they are indented by a tab.
_MIN_TEXT = 36


def words_to_lines(text: str, first: int, rest: int) -> list[str]:
    """*text* re-flowed: the first line at most *first* columns wide, the
    others at most *rest*; a word longer than that gets a line of its own."""
    lines: list[str] = []
    line = ""
    width = first
    for w in text.split():
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line, width = w, rest
        else:
            line = f"{line} {w}" if line else w
    if line or not lines:
        lines.append(line)
    return lines


def comment(text: str, depth: int = 0) -> str:
    """*text* as a C comment at *depth* tabs: `/* text */` if it fits,
    else a block comment, one ` * ` line per wrapped line."""
    indent = "\t" * depth
    text = " ".join(text.split())
    if TAB * depth + len(text) + 6 <= LIMIT:
        return f"{indent}/* {text} */"
    body = words_to_lines(text, LIMIT - TAB * depth - 3,
                           LIMIT - TAB * depth - 3)
    return "\n".join([f"{indent}/*"] + [f"{indent} * {b}" for b in body] +
                     [f"{indent} */"])


def define(macro: str, value: str, doc: str) -> str:
    """`#define MACRO VALUE`, its *doc* trailing on the same line if the
    whole fits, else as a comment of its own above it."""
    line = f"#define {macro} {value}"
    doc = " ".join(doc.split())
    if not doc:
        return line
    if len(line) + len(doc) + 7 <= LIMIT:
        return f"{line} /* {doc} */"
    return f"{comment(doc)}\n{line}"


def kdoc_item(head: str, text: str) -> str:
    """A kernel-doc line ` * HEAD TEXT` (HEAD: `@member:` or `name() -`),
    continued on aligned lines when it is too long."""
    text = " ".join(text.split())
    lead = f" * {head} "
    if len(lead) + len(text) <= LIMIT:
        return f"{lead}{text}".rstrip()
    if LIMIT - len(lead) >= _MIN_TEXT:
        cont = " *" + " " * (len(lead) - 2)
        rest = LIMIT - len(lead)
    else:
        cont = " *\t"
        rest = LIMIT - TAB
    lines = words_to_lines(text, LIMIT - len(lead), rest)
    return "\n".join([f"{lead}{lines[0]}"] + [f"{cont}{ln}" for ln in lines[1:]])


def kdoc_text(text: str) -> str:
    """*text* as the ` * ` lines of a block comment, wrapped."""
    return "\n".join(f" * {ln}".rstrip()
                     for ln in words_to_lines(text, LIMIT - 3, LIMIT - 3))
