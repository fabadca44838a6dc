"""Decisions for the protocol reference (docs/protocol.md).

Everything the Markdown template shows is decided here: symbolic offsets and
sizes of every field, type and meaning cells, direction and status wording,
example hex dumps. The template (templates/protocol.md.j2) only lays it out.

Symbolic offsets: fields are walked in order from offset 0. A fixed field adds
its width to the constant part; a counted field adds a term (``4·acl_entries``,
``len``, ``size(ids)``); ``pad_to: N`` wraps the expression so far in
``alignN(...)`` unless the expression is already a multiple of N (constant and
every term's factor divisible by N). The result reads ``12 + 4·acl_entries``.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field as dfield
from typing import Any, Mapping

from . import cnames as N
from . import emit
from .idltypes import (Enum, EnumValue, ErrorCode, Example, Field, FlagBit,
                       Flags, IntType, Message, Protocol, Struct)
from .model import STATUSES

MUL = "\u00b7"  # the middle dot of '4·acl_entries'
TIMES = "\u00d7"
ARROW = "\u2192"
HEX_PER_LINE = 16

ROLE_TITLE = {
    "request": f"Request (client {ARROW} RM)",
    "response": f"Response (RM {ARROW} client; the data after the le32 RM error "
                f"word)",
    "error_response": f"Error response (RM {ARROW} client; the data after a "
                      f"non-OK error word)",
    "payload": f"Payload (RM {ARROW} client)",
}

# Sentences of the top-level doc that describe the transport framing.
FRAMING_WORDS = re.compile(r"packet|fragment|header|error word|message queue",
                           re.IGNORECASE)


# ------------------------------------------------------------ symbolic layout
@dataclass
class Expr:
    """A symbolic byte offset: constant + terms, each with a known alignment."""

    const: int = 0
    terms: list[tuple[str, int]] = dfield(default_factory=list)

    def plus(self, n: int) -> Expr:
        return Expr(self.const + n, list(self.terms))

    def plus_term(self, text: str, align: int) -> Expr:
        return Expr(self.const, self.terms + [(text, align)])

    def align(self, n: int) -> Expr:
        """This offset rounded up to a multiple of *n*."""
        if self.const % n == 0 and all(a % n == 0 for _, a in self.terms):
            return self
        return Expr(0, [(f"align{n}({self})", n)])

    def __str__(self) -> str:
        parts = [str(self.const)] if self.const or not self.terms else []
        return " + ".join(parts + [t for t, _ in self.terms])


@dataclass
class Slot:
    """Where one field sits: symbolic offset and size."""

    field: Field
    offset: Expr
    size: str


def _var_part(f: Field, rename: Mapping[str, str]) -> tuple[str, str, int]:
    """(size cell, offset term, term alignment) of a counted field."""
    assert f.count is not None
    n = rename.get(f.count.name, f.count.name)
    if f.kind == "bytes":
        return n, n, 1
    if f.select is not None:
        sizes = [(ev.name, s.fixed_size) for ev, s in f.cases]
        if all(sz is not None for _, sz in sizes) and sizes:
            cell = " or ".join(f"{sz}{MUL}{n} ({case})" for case, sz in sizes)
            return cell, f"size({f.name})", math.gcd(*[sz for _, sz in sizes])
        return f"{n} elements (variable size)", f"size({f.name})", 1
    el = f.element
    if isinstance(el, IntType):
        return f"{el.width}{MUL}{n}", f"{el.width}{MUL}{n}", el.width
    assert isinstance(el, Struct)
    if el.fixed_size is not None:
        t = f"{el.fixed_size}{MUL}{n}"
        return t, t, el.fixed_size
    return f"{n} {TIMES} {el.name} (variable size)", f"size({f.name})", 1


def slots(st: Struct, rename: Mapping[str, str] | None = None) -> list[Slot]:
    """Symbolic offset and size of every field of *st*, in order.

    *rename* maps field names to the names to show (the diff uses it to
    compare layouts across a rename of a count field).
    """
    rename = rename or {}
    out = []
    pos = Expr()
    for f in st.fields:
        if not f.is_variable:
            out.append(Slot(f, pos, str(f.fixed_width)))
            pos = pos.plus(f.fixed_width)
            continue
        cell, term, align = _var_part(f, rename)
        out.append(Slot(f, pos, cell))
        pos = pos.plus_term(term, align)
        if f.pad_to:
            pos = pos.align(f.pad_to)
    return out


# ------------------------------------------------------------ cells
def escape(text: str) -> str:
    """IDL doc text as literal Markdown: '*' and '<' escaped outside `code`."""
    parts = text.split("`")
    for i in range(0, len(parts), 2):
        parts[i] = parts[i].replace("*", "\\*").replace("<", "\\<")
    return "`".join(parts)


def cell(text: str) -> str:
    """Doc text for one Markdown table cell."""
    return escape(" ".join(text.split())).replace("|", "\\|")


def para(text: str) -> str:
    """Doc text as Markdown paragraphs (re-flowed; blank lines kept)."""
    return "\n\n".join(escape(" ".join(p.split()))
                       for p in text.strip().split("\n\n"))


def enum_anchor(e: Enum) -> str:
    return f"enum-{e.name}"


def flags_anchor(fl: Flags) -> str:
    return f"flags-{fl.name}"


def struct_anchor(st: Struct) -> str:
    return f"struct-{st.name}"


def msg_anchor(m: Message) -> str:
    return f"{'ntf' if m.is_notification else 'msg'}-{m.name}"


def type_cell(f: Field) -> str:
    if f.kind == "int":
        assert f.itype
        t = f"`{f.itype.name}`"
        if f.enum:
            t += f" enum [`{f.enum.name}`](#{enum_anchor(f.enum)})"
        if f.flags:
            t += f" flags [`{f.flags.name}`](#{flags_anchor(f.flags)})"
        return t
    if f.kind == "fixed_bytes":
        return f"`bytes[{f.size}]`"
    assert f.count is not None
    if f.kind == "bytes":
        return f"`bytes[{f.count.name}]`"
    if f.select is not None:
        cases = " or ".join(f"[`{s.name}`](#{struct_anchor(s)})"
                            for _, s in f.cases)
        return f"{cases} `[{f.count.name}]` by `{f.select.name}`"
    if isinstance(f.element, Struct):
        return (f"[`{f.element.name}`](#{struct_anchor(f.element)})"
                f"`[{f.count.name}]`")
    assert isinstance(f.element, IntType)
    return f"`{f.element.name}[{f.count.name}]`"


def meaning_cell(f: Field, st: Struct) -> str:
    parts = [f.doc.strip()] if f.doc.strip() else []
    if f.reserved == "zero":
        parts.append("Reserved: senders write 0; validators reject non-zero.")
    elif f.reserved == "ignore":
        parts.append("Reserved: senders write 0; receivers ignore it.")
    if f.max is not None:
        parts.append(f"Max {f.max}.")
    if f.counts:
        parts.append("Counts " + ", ".join(f"`{g.name}`" for g in f.counts) +
                     ".")
    if f.pad_to:
        parts.append(f"Zero padded to a multiple of {f.pad_to} (from the "
                     f"payload start).")
    if f is st.optional_from:
        parts.append("Optional tail starts here.")
    if f.note:
        parts.append(f"Note: {f.note.strip()}")
    return cell(" ".join(parts))


def field_rows(st: Struct) -> list[dict[str, str]]:
    return [dict(offset=str(s.offset), size=s.size, name=f"`{s.field.name}`",
                 type=type_cell(s.field), meaning=meaning_cell(s.field, st))
            for s in slots(st)]


def size_line(st: Struct) -> str:
    if st.unknown:
        return "**layout unknown**: no public source shows it; validators " \
               "accept any bytes and flag them as unvalidated."
    if not st.fields:
        return "Empty: no data."
    if st.fixed_size is not None and st.optional_from is None:
        text = f"Size: {st.fixed_size} bytes."
    else:
        text = f"Size: {st.min_size} to {st.max_size} bytes."
    if st.is_payload:
        text += " No bytes may follow." if st.length == "exact" else \
            " Trailing bytes are ignored."
    return text


def struct_view(st: Struct, title: str) -> dict[str, Any]:
    cond = ""
    if st.optional_from is not None:
        cond = (f"Fields from `{st.optional_from.name}` on are present only "
                f"when: {cell(st.condition)}.")
    elif st.condition:
        cond = f"Condition: {cell(st.condition)}."
    c = f"C: `struct {N.struct(st)}`"
    if st.is_payload:
        c += (f", with `{N.struct(st)}_validate()`, `_decode()`, `_size()` "
              f"and `_encode()`")
    return dict(title=title, anchor=struct_anchor(st) if not st.is_payload
                else "", c=c + ".", doc=para(st.doc), note=para(st.note),
                unknown=st.unknown, size=size_line(st), condition=cond,
                rows=[] if st.unknown else field_rows(st))


# ------------------------------------------------------------ examples
def hex_lines(data: bytes) -> list[str]:
    if not data:
        return ["(no bytes)"]
    return [" ".join(f"{b:02x}" for b in data[i:i + HEX_PER_LINE])
            for i in range(0, len(data), HEX_PER_LINE)]


def show_value(v: Any) -> str:
    if isinstance(v, bool):
        return str(int(v))
    if isinstance(v, int):
        return str(v) if 0 <= v < 10 else hex(v)
    if isinstance(v, Mapping):
        return "{" + ", ".join(f"{k}: {show_value(x)}" for k, x in v.items()) \
            + "}"
    if isinstance(v, list):
        return "[" + ", ".join(show_value(x) for x in v) + "]"
    return str(v)


def example_view(ex: Example) -> dict[str, Any]:
    parts = [dict(role=p.role.replace("_", " "), shown=show_value(p.values),
                  size=len(p.data), hex=hex_lines(p.data)) for p in ex.parts]
    return dict(name=ex.name, doc=cell(ex.doc), parts=parts)


# ------------------------------------------------------------ messages
def message_view(m: Message) -> dict[str, Any]:
    aliases = [f"`{a.name}` ({', '.join(a.sources)})" +
               (f": {cell(a.note)}" if a.note else "") for a in m.aliases]
    return dict(
        name=m.name, anchor=msg_anchor(m), id=f"0x{m.id:08X}",
        direction=f"RM {ARROW} client notification" if m.is_notification
        else f"client {ARROW} RM request, RM {ARROW} client response",
        status=m.status, family=m.family,
        c_id=N.msg_id(m),
        sources=", ".join(f"[{s}](#source-{s.lower()})" for s in m.sources),
        aliases=aliases, doc=para(m.doc), note=para(m.note),
        payloads=[struct_view(p, ROLE_TITLE[role]) for role, p in m.payloads],
        examples=[example_view(ex) for ex in m.examples])


def by_family(msgs: list[Message]) -> list[dict[str, Any]]:
    """Messages grouped by family, families in order of first appearance."""
    groups: dict[str, list[Message]] = {}
    for m in msgs:
        groups.setdefault(m.family, []).append(m)
    return [dict(name=fam, messages=[message_view(m) for m in ms])
            for fam, ms in groups.items()]


def framing(doc: str) -> list[str]:
    """Sentences of the top-level doc about the transport framing."""
    text = " ".join(doc.split())
    sentences = re.split(r"(?<=[.])\s+(?=[A-Z`])", text)
    return [escape(s) for s in sentences if FRAMING_WORDS.search(s)]


def status_counts(msgs: list[Message]) -> str:
    counts = {s: sum(m.status == s for m in msgs) for s in STATUSES}
    return ", ".join(f"{n} `{s}`" for s, n in counts.items() if n)


def show_int(v: int) -> str:
    return str(v) if 0 <= v < 10 else f"{v} (0x{v:X})"


def doc_cell(x: ErrorCode | EnumValue | FlagBit) -> str:
    """An item's doc and note, for one table cell."""
    return cell(x.doc + (f" Note: {x.note}" if x.note else ""))


def idl_display(proto: Protocol) -> str:
    path = os.path.abspath(proto.path)
    rel = os.path.relpath(path, emit.REPO_DIR)
    return os.path.basename(path) if rel.startswith("..") else rel


def context(proto: Protocol, idl_name: str) -> dict[str, Any]:
    return dict(
        name=proto.name, idl_name=idl_name, doc=para(proto.doc),
        n_messages=len(proto.messages), n_notifications=len(proto.notifications),
        status_counts=status_counts(proto.messages + proto.notifications),
        framing=framing(proto.doc),
        sources=[dict(tag=s.tag, anchor=f"source-{s.tag.lower()}",
                      doc=cell(s.doc), repo=cell(s.repo), commit=s.commit)
                 for s in proto.sources.values()],
        constants=[dict(name=c.name, value=show_int(c.value), doc=cell(c.doc))
                   for c in proto.constants],
        errors=[dict(value=f"0x{e.value:X}", name=e.name,
                     errno="0" if e.errno == "0" else f"-{e.errno}",
                     doc=doc_cell(e))
                for e in proto.errors],
        enums=[dict(name=e.name, anchor=enum_anchor(e), type=e.itype.name,
                    closed=e.closed, doc=para(e.doc), note=para(e.note),
                    members=[dict(value=v.value, name=v.name, doc=doc_cell(v),
                                 sources=", ".join(v.sources))
                            for v in e.values])
               for e in proto.enums],
        flags=[dict(name=fl.name, anchor=flags_anchor(fl), type=fl.itype.name,
                    closed=fl.closed, doc=para(fl.doc), note=para(fl.note),
                    mask=f"0x{fl.mask:x}",
                    bits=[dict(bit=b.bit, mask=f"0x{b.mask:x}", name=b.name,
                               doc=doc_cell(b)) for b in fl.bits])
               for fl in proto.flags],
        structs=[struct_view(st, f"`{st.name}`") | dict(name=st.name)
                 for st in proto.structs],
        message_families=by_family(proto.messages),
        notification_families=by_family(proto.notifications),
    )


def render(proto: Protocol, idl_name: str | None = None) -> str:
    """The protocol reference (docs/protocol.md) as Markdown text."""
    env = emit.environment()
    text = env.get_template("protocol.md.j2").render(
        d=context(proto, idl_name or idl_display(proto)))
    lines = [ln.rstrip() for ln in text.split("\n")]
    out = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return out.strip("\n") + "\n"
