"""`rmgen diff OLD NEW`: classify the changes between two IDL versions.

Every change is *breaking* (a peer or a program built from OLD may misread,
reject or fail to find something NEW describes) or *compatible*. Rules:

- messages and notifications are matched by name (separately); a removed
  name, a changed ID, a status changed to ``removed``, a removed payload or a
  payload whose layout became unknown is breaking; a new message, a payload
  whose layout became known and a new error response are compatible;
- payloads and structs: a changed fixed size or minimum size, ``length``,
  ``optional_from`` or optional-tail ``condition`` is breaking;
- fields are matched by name, then a field missing from NEW is matched with
  the NEW field at the same index when that one is new, of the same kind and
  type, and at the same (symbolic) offset: a *rename*, compatible. Otherwise a
  removed or added field, a changed order, offset (symbolic offsets of
  :mod:`gen.docplan`, so variable positions compare too), kind, width, byte
  order, fixed size, count field, element type, selector, pad_to or max is
  breaking. A reserved field given meaning (or a field made reserved, or
  ``reserved: ignore`` made ``zero``) is breaking: the IDL has no version
  rule that would make it safe. ``zero`` -> ``ignore`` is compatible. A field
  that gains a closed enum or flag set, or changes enum or flag set, is
  breaking; gaining an open one or losing one is compatible;
- enums: a removed or renumbered value, a changed type, open -> closed are
  breaking; a new value is compatible in an open enum and breaking in an enum
  that was closed (old validators reject it); a value renamed at the same
  number is compatible. Flag sets likewise with bits;
- error codes and constants: a removed one or a changed value is breaking
  (errno mapping too: the client returns another errno); a new one is
  compatible. A changed protocol name (the C prefix) is breaking;
- doc, note, sources, aliases, family, examples and other status changes are
  compatible.

Each change prints as ``breaking|compatible: WHAT: DETAIL (OLD_LOC -> NEW_LOC)``
with the location of the item in both files. Where the item does not exist
on one side, that side shows its nearest container (the payload of a removed
field, the enum of a new value) or, for top-level items, the file name alone.
Changes are listed in file order: protocol, constants, errors, enums, flag
sets, structs, messages, notifications; within each, OLD's order, then what
NEW adds in NEW's order.

Exit status: 0 no breaking change, 1 some breaking change, 2 IDL or usage
error.
"""

from __future__ import annotations

import argparse
import sys
import typing
from dataclasses import dataclass
from typing import Sequence, TypeVar, Union

from . import docplan
from .diag import IdlErrors, Loc
from .idl import load_protocol
from .idltypes import (Constant, Enum, ErrorCode, Field, Flags, IntType,
                       Message, Protocol, Struct)

Where = Union[Loc, str]


class Named(typing.Protocol):
    """Anything matched by name across versions (messages, enums, ...)."""

    name: str
    loc: Loc


T = TypeVar("T", bound=Named)


@dataclass(frozen=True)
class Change:
    breaking: bool
    what: str
    detail: str
    old: Where
    new: Where

    def __str__(self) -> str:
        kind = "breaking" if self.breaking else "compatible"
        return f"{kind}: {self.what}: {self.detail} ({self.old} -> {self.new})"


def match(old: Sequence[T], new: Sequence[T]) -> tuple[list[tuple[T, T]],
                                                         list[T], list[T]]:
    """Pair items by name: (pairs in OLD order, removed, added in NEW order)."""
    by_name = {x.name: x for x in new}
    pairs = [(x, by_name[x.name]) for x in old if x.name in by_name]
    old_names = {x.name for x in old}
    removed = [x for x in old if x.name not in by_name]
    added = [x for x in new if x.name not in old_names]
    return pairs, removed, added


def _name(x: Enum | Flags | Struct | IntType | None) -> str:
    return "none" if x is None else x.name


def _opt(v: object) -> str:
    return "none" if v is None else str(v)


def _size_change(old: Struct, new: Struct) -> str | None:
    """The size change of a payload or struct (fixed or minimum size)."""
    if old.is_fixed and new.is_fixed:
        if old.fixed_size == new.fixed_size:
            return None
        return f"size {old.fixed_size} -> {new.fixed_size}"
    if not old.is_fixed and not new.is_fixed:
        if old.min_size == new.min_size:
            return None
        return f"minimum size {old.min_size} -> {new.min_size}"

    def show(st: Struct) -> str:
        return f"{st.fixed_size}" if st.is_fixed else \
            f"variable (minimum {st.min_size})"
    return f"size {show(old)} -> {show(new)}"


def _role(role: str) -> str:
    return role.replace("_", " ")


class _Differ:
    """One comparison: holds both protocols and the changes found so far."""

    def __init__(self, old: Protocol, new: Protocol) -> None:
        self.old = old
        self.new = new
        self.changes: list[Change] = []

    def add(self, breaking: bool, what: str, detail: str, old: Where,
            new: Where) -> None:
        self.changes.append(Change(breaking, what, detail, old, new))

    def docs(self, what: str, old: object, new: object, o: Where,
             n: Where) -> None:
        for attr in ("doc", "note"):
            a = " ".join(getattr(old, attr, "").split())
            b = " ".join(getattr(new, attr, "").split())
            if a != b:
                self.add(False, what, f"{attr} changed", o, n)

    # ----------------------------------------------------------- top level
    def run(self) -> list[Change]:
        o, n = self.old, self.new
        if o.name != n.name:
            self.add(True, "protocol", f"name (C prefix) {o.name} -> {n.name}",
                     o.path, n.path)
        self.docs("protocol", o, n, o.path, n.path)
        self.sources()
        self.named("constant", o.constants, n.constants, self.constant)
        self.named("error", o.errors, n.errors, self.error)
        self.named("enum", o.enums, n.enums, self.enum)
        self.named("flags", o.flags, n.flags, self.flag_set)
        self.named("struct", o.structs, n.structs,
                   lambda a, b: self.struct(f"struct {a.name}", a, b))
        self.messages("message", o.messages, n.messages)
        self.messages("notification", o.notifications, n.notifications)
        return self.changes

    def named(self, kind: str, old: Sequence[T], new: Sequence[T],
              compare: typing.Callable[[T, T], None]) -> None:
        """Removed items (breaking), changes of kept ones, new (compatible)."""
        pairs, removed, added = match(old, new)
        for x in removed:
            self.add(True, f"{kind} {x.name}", "removed", x.loc, self.new.path)
        for a, b in pairs:
            compare(a, b)
        for x in added:
            self.add(False, f"{kind} {x.name}", "new", self.old.path, x.loc)

    def sources(self) -> None:
        o, n = self.old.sources, self.new.sources
        for tag in o:
            if tag not in n:
                self.add(False, f"source {tag}", "removed", self.old.path,
                         self.new.path)
            elif (o[tag].doc, o[tag].repo, o[tag].commit, o[tag].path) != \
                    (n[tag].doc, n[tag].repo, n[tag].commit, n[tag].path):
                self.add(False, f"source {tag}", "changed", self.old.path,
                         self.new.path)
        for tag in n:
            if tag not in o:
                self.add(False, f"source {tag}", "new", self.old.path,
                         self.new.path)

    def constant(self, co: Constant, cn: Constant) -> None:
        what = f"constant {co.name}"
        if co.value != cn.value:
            self.add(True, what, f"value {co.value:#x} -> {cn.value:#x}",
                     co.loc, cn.loc)
        self.docs(what, co, cn, co.loc, cn.loc)

    def error(self, eo: ErrorCode, en: ErrorCode) -> None:
        what = f"error {eo.name}"
        if eo.value != en.value:
            self.add(True, what, f"value {eo.value:#x} -> {en.value:#x}",
                     eo.loc, en.loc)
        if eo.errno != en.errno:
            self.add(True, what, f"errno {eo.errno} -> {en.errno}",
                     eo.loc, en.loc)
        self.docs(what, eo, en, eo.loc, en.loc)

    # ----------------------------------------------------------- enums, flags
    def enum(self, old: Enum, new: Enum) -> None:
        self.value_list(f"enum {old.name}", old, new, "value",
                        [(v.name, v.value, v) for v in old.values],
                        [(v.name, v.value, v) for v in new.values])

    def flag_set(self, old: Flags, new: Flags) -> None:
        self.value_list(f"flags {old.name}", old, new, "bit",
                        [(b.name, b.bit, b) for b in old.bits],
                        [(b.name, b.bit, b) for b in new.bits])

    def value_list(self, what: str, old: Enum | Flags, new: Enum | Flags,
                   word: str, om: list[tuple[str, int, Named]],
                   nm: list[tuple[str, int, Named]]) -> None:
        """An enum or flag set: type, open or closed, docs, members."""
        if old.itype != new.itype:
            self.add(True, what, f"type {old.itype.name} -> {new.itype.name}",
                     old.loc, new.loc)
        if old.closed != new.closed:
            unlisted = "unlisted values" if word == "value" else \
                "undefined bits"
            self.add(new.closed, what,
                     f"open -> closed: validators now reject {unlisted}"
                     if new.closed else "closed -> open", old.loc, new.loc)
        self.docs(what, old, new, old.loc, new.loc)
        self.members(what, old.closed, word, om, nm, old.loc, new.loc)

    def members(self, what: str, closed: bool, word: str,
                old: list[tuple[str, int, Named]],
                new: list[tuple[str, int, Named]], oloc: Loc,
                nloc: Loc) -> None:
        """Enum values or flag bits: (name, number, model object) triples."""
        new_by_name = {name: (num, x) for name, num, x in new}
        old_names = {name for name, _, _ in old}
        renamed: set[str] = set()
        container = "enum" if word == "value" else "set"
        for name, num, x in old:
            mwhat = f"{what}.{name}"
            xl = x.loc
            if name in new_by_name:
                nnum, y = new_by_name[name]
                yl = y.loc
                if nnum != num:
                    self.add(True, mwhat, f"renumbered {num} -> {nnum}", xl, yl)
                self.docs(mwhat, x, y, xl, yl)
                continue
            twin = next(((n2, y) for n2, v2, y in new if v2 == num and
                         n2 not in old_names and n2 not in renamed), None)
            if twin is not None:
                renamed.add(twin[0])
                self.add(False, mwhat, f"renamed to '{twin[0]}' (same {word} "
                         f"{num})", xl, twin[1].loc)
                continue
            self.add(True, mwhat, f"removed ({word} {num})", xl, nloc)
        for name, num, y in new:
            if name in old_names or name in renamed:
                continue
            yl = y.loc
            if closed:
                self.add(True, f"{what}.{name}",
                         f"new {word} {num} in a closed {container}: old "
                         f"validators reject it", oloc, yl)
            else:
                self.add(False, f"{what}.{name}",
                         f"new {word} {num} in an open {container}", oloc, yl)

    # ----------------------------------------------------------- layouts
    def struct(self, what: str, old: Struct, new: Struct) -> None:
        """A payload or element struct with a known layout on both sides."""
        size = _size_change(old, new)
        if size:
            self.add(True, what, size, old.loc, new.loc)
        if old.is_payload and old.length != new.length:
            self.add(True, what, f"length {old.length} -> {new.length}",
                     old.loc, new.loc)
        rename = self.renames(old, new)
        oo = old.optional_from.name if old.optional_from else None
        no = new.optional_from.name if new.optional_from else None
        if rename.get(oo or "", oo) != no:
            self.add(True, what, f"optional tail from {_opt(oo)} -> {_opt(no)}",
                     old.loc, new.loc)
        if " ".join(old.condition.split()) != " ".join(new.condition.split()):
            self.add(True, what, f"condition '{old.condition}' -> "
                     f"'{new.condition}'", old.loc, new.loc)
        self.docs(what, old, new, old.loc, new.loc)
        self.fields(what, old, new, rename)

    def renames(self, old: Struct, new: Struct) -> dict[str, str]:
        """OLD field name -> NEW name for fields renamed in place."""
        old_names = {f.name for f in old.fields}
        new_names = {f.name for f in new.fields}
        cand = {}
        for i, f in enumerate(old.fields):
            if f.name in new_names or i >= len(new.fields):
                continue
            g = new.fields[i]
            if g.name not in old_names and _shape(f) == _shape(g):
                cand[f.name] = g.name
        oslots = {s.field.name: str(s.offset)
                  for s in docplan.slots(old, cand)}
        nslots = {s.field.name: str(s.offset) for s in docplan.slots(new)}
        return {a: b for a, b in cand.items() if oslots[a] == nslots[b]}

    def fields(self, what: str, old: Struct, new: Struct,
               rename: dict[str, str]) -> None:
        oslots = {s.field.name: str(s.offset)
                  for s in docplan.slots(old, rename)}
        nslots = {s.field.name: str(s.offset) for s in docplan.slots(new)}
        pairs = [(f, new.field(rename.get(f.name, f.name))) for f in old.fields]
        order_old = [g.name for _, g in pairs if g is not None]
        order_new = [g.name for g in new.fields if g.name in set(order_old)]
        if order_old != order_new:
            self.add(True, what, f"field order changed: {', '.join(order_old)}"
                     f" -> {', '.join(order_new)}", old.loc, new.loc)
        for f, g in pairs:
            fwhat = f"{what}.{f.name}"
            if g is None:
                self.add(True, fwhat, f"removed (was at offset "
                         f"{oslots[f.name]})", f.loc, new.loc)
                continue
            self.field(fwhat, f, g, oslots[f.name], nslots[g.name], rename)
        for g in new.fields:
            if g.name not in order_old:
                self.add(True, f"{what}.{g.name}",
                         f"new field at offset {nslots[g.name]}", old.loc, g.loc)

    def field(self, what: str, f: Field, g: Field, ooff: str, noff: str,
              rename: dict[str, str]) -> None:
        at = (f.loc, g.loc)
        if f.name != g.name:
            self.add(False, what, f"renamed to '{g.name}' (same offset {ooff}, "
                     f"{_shape_text(f)})", *at)
        if ooff != noff:
            self.add(True, what, f"offset {ooff} -> {noff}", *at)
        if f.kind != g.kind:
            self.add(True, what, f"kind {_shape_text(f)} -> {_shape_text(g)}",
                     *at)
            self.docs(what, f, g, *at)
            return
        if f.itype and g.itype and f.itype != g.itype:
            if f.itype.width != g.itype.width:
                self.add(True, what, f"width {f.itype.width} -> "
                         f"{g.itype.width} ({f.itype.name} -> {g.itype.name})",
                         *at)
            else:
                self.add(True, what, f"byte order {f.itype.name} -> "
                         f"{g.itype.name}", *at)
        if f.size != g.size:
            self.add(True, what, f"size {f.size} -> {g.size}", *at)
        self.value_set(what, "enum", f.enum, g.enum, at)
        self.value_set(what, "flags", f.flags, g.flags, at)
        if f.max != g.max:
            self.add(True, what, f"max {_opt(f.max)} -> {_opt(g.max)}", *at)
        self.reserved(what, f, g, at)
        self.relation(what, f, g, rename, at)
        self.docs(what, f, g, *at)

    def value_set(self, what: str, word: str, a: Enum | Flags | None,
                  b: Enum | Flags | None, at: tuple[Loc, Loc]) -> None:
        if _name(a) == _name(b):
            return
        if a is None and b is not None:
            if b.closed:
                self.add(True, what, f"now {word} {b.name}, closed: validators "
                         f"reject values it does not list", *at)
            else:
                self.add(False, what, f"now {word} {b.name} (open)", *at)
        elif b is None:
            self.add(False, what, f"no longer {word} {_name(a)}", *at)
        else:
            self.add(True, what, f"{word} {_name(a)} -> {_name(b)}", *at)

    def reserved(self, what: str, f: Field, g: Field,
                 at: tuple[Loc, Loc]) -> None:
        a, b = f.reserved, g.reserved
        if a == b:
            return
        if b is None:
            self.add(True, what, f"reserved ({a}) field given meaning without "
                     f"a version rule", *at)
        elif a is None:
            self.add(True, what, f"field made reserved ({b}): its meaning is "
                     f"dropped", *at)
        elif b == "ignore":
            self.add(False, what, "reserved zero -> ignore: receivers now "
                     "ignore it", *at)
        else:
            self.add(True, what, "reserved ignore -> zero: validators now "
                     "reject non-zero", *at)

    def relation(self, what: str, f: Field, g: Field, rename: dict[str, str],
                 at: tuple[Loc, Loc]) -> None:
        """Count field, element type, selector and padding of counted fields."""
        def mapped(x: Field | None) -> str:
            return "none" if x is None else rename.get(x.name, x.name)
        if mapped(f.count) != _opt(g.count and g.count.name):
            self.add(True, what, f"count field {_opt(f.count and f.count.name)}"
                     f" -> {_opt(g.count and g.count.name)}", *at)
        if _name(f.element) != _name(g.element):
            self.add(True, what, f"element {_name(f.element)} -> "
                     f"{_name(g.element)}", *at)
        if mapped(f.select) != _opt(g.select and g.select.name):
            self.add(True, what, f"selector {_opt(f.select and f.select.name)}"
                     f" -> {_opt(g.select and g.select.name)}", *at)
        oc = [(ev.name, st.name) for ev, st in f.cases]
        nc = [(ev.name, st.name) for ev, st in g.cases]
        if oc != nc:
            self.add(True, what, f"select cases {_cases(oc)} -> {_cases(nc)}",
                     *at)
        if f.pad_to != g.pad_to:
            self.add(True, what, f"pad_to {f.pad_to} -> {g.pad_to}", *at)

    # ----------------------------------------------------------- messages
    def messages(self, kind: str, old: list[Message],
                 new: list[Message]) -> None:
        pairs, removed, added = match(old, new)
        for m in removed:
            self.add(True, f"{kind} {m.name}", f"removed (ID 0x{m.id:08X})",
                     m.loc, self.new.path)
        for mo, mn in pairs:
            self.message(f"{kind} {mo.name}", mo, mn)
        for m in added:
            self.add(False, f"{kind} {m.name}", f"new (ID 0x{m.id:08X})",
                     self.old.path, m.loc)

    def message(self, what: str, old: Message, new: Message) -> None:
        at = (old.loc, new.loc)
        if old.id != new.id:
            self.add(True, what, f"ID 0x{old.id:08X} -> 0x{new.id:08X}", *at)
        if old.status != new.status:
            self.add(new.status == "removed", what,
                     f"status {old.status} -> {new.status}", *at)
        if old.family != new.family:
            self.add(False, what, f"family {old.family} -> {new.family}", *at)
        if old.sources != new.sources:
            self.add(False, what, f"sources {', '.join(old.sources) or 'none'}"
                     f" -> {', '.join(new.sources) or 'none'}", *at)
        if _aliases(old) != _aliases(new):
            self.add(False, what, "aliases changed", *at)
        self.docs(what, old, new, *at)
        for role in ("request", "response", "error_response", "payload"):
            self.payload(f"{old.name} {_role(role)}", getattr(old, role),
                         getattr(new, role), old, new)
        self.examples(what, old, new)

    def payload(self, what: str, old: Struct | None, new: Struct | None,
                mo: Message, mn: Message) -> None:
        if old is None and new is None:
            return
        if new is None:
            assert old is not None
            self.add(True, what, "removed", old.loc, mn.loc)
            return
        if old is None:
            self.add(False, what, "new", mo.loc, new.loc)
            return
        if old.unknown or new.unknown:
            if old.unknown != new.unknown:
                self.add(not old.unknown, what,
                         "layout known -> unknown" if new.unknown else
                         "layout unknown -> known", old.loc, new.loc)
            self.docs(what, old, new, old.loc, new.loc)
            return
        self.struct(what, old, new)

    def examples(self, what: str, old: Message, new: Message) -> None:
        pairs, removed, added = match(old.examples, new.examples)
        for ex in removed:
            self.add(False, what, f"example '{ex.name}' removed", ex.loc,
                     new.loc)
        for eo, en in pairs:
            a = [(p.role, p.data) for p in eo.parts]
            b = [(p.role, p.data) for p in en.parts]
            if a != b or eo.doc != en.doc:
                self.add(False, what, f"example '{eo.name}' changed", eo.loc,
                         en.loc)
        for ex in added:
            self.add(False, what, f"example '{ex.name}' new", old.loc, ex.loc)


def _shape(f: Field) -> tuple[object, ...]:
    """What must stay equal for a field to count as renamed in place."""
    return (f.kind, f.itype, f.size, _name(f.element), f.pad_to)


def _shape_text(f: Field) -> str:
    if f.kind == "int":
        assert f.itype
        return f"{f.itype.name}"
    if f.kind == "fixed_bytes":
        return f"bytes[{f.size}]"
    return f"{f.kind} of {_name(f.element)}" if f.kind == "array" else "bytes"


def _cases(cases: list[tuple[str, str]]) -> str:
    return "{" + ", ".join(f"{a}: {b}" for a, b in cases) + "}"


def _aliases(m: Message) -> list[tuple[str, list[str]]]:
    return [(a.name, a.sources) for a in m.aliases]


def diff(old: Protocol, new: Protocol) -> list[Change]:
    """Every change from *old* to *new*, in a deterministic order."""
    return _Differ(old, new).run()


def parser() -> argparse.ArgumentParser:
    return argparse.ArgumentParser(
        prog="rmgen diff",
        description="Compare two versions of the RM protocol IDL and classify "
                    "each change as breaking or compatible.",
        epilog="Exit status: 0 no breaking change, 1 breaking changes, "
               "2 IDL or usage error.")


def main(argv: list[str]) -> int:
    ap = parser()
    ap.add_argument("old", help="the older IDL file")
    ap.add_argument("new", help="the newer IDL file")
    try:
        args = ap.parse_args(argv)
    except SystemExit as e:  # --help (0) or a usage error (2)
        return e.code if isinstance(e.code, int) else 2
    protos = []
    errors = []
    for path in (args.old, args.new):
        try:
            protos.append(load_protocol(path))
        except IdlErrors as e:
            errors.append(str(e))
    if errors:
        print("\n".join(errors), file=sys.stderr)
        return 2
    changes = diff(protos[0], protos[1])
    for c in changes:
        print(c)
    n_break = sum(c.breaking for c in changes)
    print(f"{n_break} breaking, {len(changes) - n_break} compatible")
    return 1 if n_break else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
