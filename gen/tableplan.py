"""Decisions for the generated message table (descriptor values per field)."""

from __future__ import annotations

from typing import Any

from . import cnames as N
from . import cplan
from .idltypes import IntType, Message, Protocol, Struct, reachable



def desc_id(st: Struct) -> str:
    return f"{st.name}_desc"


def field_desc(st: Struct, index: dict[str, int]) -> list[dict[str, Any]]:
    out = []
    for f in st.fields:
        # Attributes and kinds: the runtime's GUNYAH_RM_FIELD_* (table.h).
        attrs = [f"reserved_{f.reserved}"] if f.reserved else []
        if f.optional:
            attrs.append("optional")
        if f.itype and f.itype.endian == "be":
            attrs.append("big_endian")
        itype = f.itype or f.element
        enum = (f"&enum_{f.enum.name}" if f.enum else
                f"&flags_{f.flags.name}" if f.flags else "NULL")
        out.append(dict(
            name=f.name, kind=N.constant(f"field_{f.kind}"),
            width=itype.width if isinstance(itype, IntType) else 0,
            attrs=" | ".join(N.constant(f"field_{a}") for a in attrs) or "0",
            pad_to=f.pad_to,
            offset=f.offset if f.offset is not None else -1,
            size=f.size, count=index[f.count.name] if f.count else -1,
            select=index[f.select.name] if f.select else -1,
            element=f"&{desc_id(f.element)}" if isinstance(f.element, Struct)
            else "NULL",
            cases=[dict(value=ev.value, desc=desc_id(s)) for ev, s in f.cases],
            enumeration=enum))
    return out


def payload_desc(st: Struct, codecs: bool) -> dict[str, Any]:
    index = {f.name: i for i, f in enumerate(st.fields)}
    return dict(
        id=desc_id(st), base=st.name, cname=N.struct(st),
        fields=field_desc(st, index),
        fixed_size=st.fixed_size if st.fixed_size is not None and
        not st.optional_from else 0,
        min_size=st.min_size, max_size=cplan.c_max_size(st),
        optional_from=index[st.optional_from.name] if st.optional_from else -1,
        exact=int(st.length == "exact"), unknown=int(st.unknown), codecs=codecs)


def message_entry(m: Message) -> dict[str, Any]:
    return dict(macro=N.msg_id(m), name=m.name, family=m.family,
                is_notification=int(m.is_notification),
                status=N.constant(f"status_{m.status}"),
                payloads=[(role, desc_id(p)) for role, p in m.payloads])


def context(proto: Protocol) -> dict[str, Any]:
    enum_descs = [dict(id=f"enum_{e.name}", name=e.name, closed=int(e.closed),
                       is_flags=0, members=[dict(name=v.name, value=v.value)
                                            for v in e.values])
                  for e in proto.enums]
    enum_descs += [dict(id=f"flags_{fl.name}", name=fl.name,
                        closed=int(fl.closed), is_flags=1,
                        members=[dict(name=b.name, value=f"0x{b.mask:x}")
                                 for b in fl.bits]) for fl in proto.flags]
    descs = [payload_desc(s, False) for s in reachable(proto.structs)]
    descs += [payload_desc(p, True) for p in proto.payloads]
    table = [message_entry(m) for m in proto.messages + proto.notifications]
    return dict(enum_descs=enum_descs, descs=descs, table=table)
