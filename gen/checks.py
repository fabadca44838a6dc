"""Checks of the built model: no two IDL objects map to the same generated
C identifier, and each example's values encode to its bytes."""

from __future__ import annotations

from . import cnames as N
from . import stubplan
from .diag import Diagnostics, Loc
from .idltypes import Protocol
from .refmodel import ValueError_, encode


def _names(proto: Protocol) -> list[tuple[str, str, str, Loc]]:
    """(namespace, C identifier, what it is, where declared) for every name."""
    out: list[tuple[str, str, str, Loc]] = []
    ordinary, tag = "identifier", "tag"
    for c in proto.constants:
        out.append((ordinary, N.constant(c.name), f"constant '{c.name}'", c.loc))
    for e in proto.errors:
        out.append((ordinary, N.error_macro(e.name), f"error '{e.name}'", e.loc))
    for en in proto.enums:
        out.append((tag, N.enum_type(en), f"enum '{en.name}'", en.loc))
        for fn in ("_str", "_valid"):
            out.append((ordinary, N.enum_type(en) + fn, f"enum '{en.name}'", en.loc))
        for v in en.values:
            out.append((ordinary, N.enum_member(en, v.name),
                        f"member '{v.name}' of enum '{en.name}'", v.loc))
    for fl in proto.flags:
        out.append((ordinary, N.flag_mask(fl), f"flag set '{fl.name}'", fl.loc))
        for b in fl.bits:
            out.append((ordinary, N.flag_bit(fl, b.name),
                        f"flag '{b.name}' of '{fl.name}'", b.loc))
    for m in proto.messages + proto.notifications:
        out.append((ordinary, N.msg_id(m), f"'{m.name}' ID", m.loc))
        if not m.is_notification:
            out.append((ordinary, N.call_stub(m), f"'{m.name}' call stub", m.loc))
            sv = stubplan.plan(m)
            if sv is not None and sv.param is not None:
                out.append((ordinary, sv.param["name"], f"'{m.name}' stub", m.loc))
    for st in proto.structs + proto.payloads:
        what = f"struct '{st.name}'" if not st.is_payload else st.title
        out.append((tag, N.struct(st), what, st.loc))
        out.append((tag, N.wire(st), what, st.loc))
        out.append((ordinary, N.size_macro(st, "MIN"), what, st.loc))
        out.append((ordinary, N.size_macro(st, "MAX"), what, st.loc))
        if st.is_payload:
            for fn in ("_validate", "_decode", "_size", "_encode"):
                out.append((ordinary, N.struct(st) + fn, what, st.loc))
        for f in st.fields:
            if f.kind == "array" and (f.select is not None):
                out.append((tag, N.array_type(st, f), f"array '{st.name}.{f.name}'",
                            f.loc))
    return out


def clashes(proto: Protocol, diag: Diagnostics) -> None:
    """Report every pair of IDL objects that map to one C identifier."""
    seen: dict[tuple[str, str], tuple[str, Loc]] = {}
    reported: set[tuple[str, str]] = set()
    for space, name, what, loc in _names(proto):
        first = seen.get((space, name))
        if first is None:
            seen[(space, name)] = (what, loc)
        elif first[0] != what and (what, first[0]) not in reported:
            reported.add((what, first[0]))
            diag.error(loc, f"{what} generates C name '{name}', which clashes "
                       f"with {first[0]} (line {first[1].line})")


def examples(proto: Protocol, diag: Diagnostics) -> None:
    """Report every example whose bytes disagree with its values."""
    for m in proto.messages + proto.notifications:
        for ex in m.examples:
            for part in ex.parts:
                what = f"example '{ex.name}' {part.role.replace('_', ' ')}"
                if part.payload.unknown:
                    diag.error(part.loc, f"{what}: the {part.payload.title} "
                               f"layout is unknown; it cannot have examples")
                    continue
                try:
                    data, spans = encode(part.payload, part.values)
                except ValueError_ as e:
                    diag.error(part.loc, f"{what} values: {e}")
                    continue
                if data == part.data:
                    continue
                n = min(len(data), len(part.data))
                off = next((i for i in range(n) if data[i] != part.data[i]), n)
                field = next((s.path for s in spans if s.start <= off < s.end),
                             "end of payload")
                exp = f"0x{data[off]:02x}" if off < len(data) else "end"
                got = f"0x{part.data[off]:02x}" if off < len(part.data) else "end"
                diag.error(part.bytes_loc,
                           f"{what} bytes differ at offset {off} (field "
                           f"'{field}'): the values encode to {exp}, the bytes "
                           f"say {got} ({len(data)} vs {len(part.data)} bytes)")
