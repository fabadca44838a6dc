"""C names for model objects; one place decides every generated identifier."""

from __future__ import annotations

from .idltypes import Enum, Field, Flags, IntType, Message, Struct

PREFIX = "gunyah_rm_"
UPREFIX = "GUNYAH_RM_"


def struct(st: Struct) -> str:
    return f"{PREFIX}{st.name}"


def wire(st: Struct) -> str:
    return f"{PREFIX}{st.name}_wire"


def kwire(st: Struct) -> str:
    """Kernel flavour: the packed struct, named as the Linux driver names it."""
    return f"{PREFIX}{st.kernel_name or st.name}"


KERNEL_INT = {"u8": "u8", "le16": "__le16", "le32": "__le32", "le64": "__le64",
              "be16": "__be16", "be32": "__be32", "be64": "__be64"}
KERNEL_CTYPE = {1: "u8", 2: "u16", 4: "u32", 8: "u64"}


def size_macro(st: Struct, which: str) -> str:
    return f"{UPREFIX}{st.name.upper()}_{which}_SIZE"


def msg_id(m: Message) -> str:
    kind = "NOTIFICATION" if m.is_notification else "RPC"
    return f"{UPREFIX}{kind}_{m.name.upper()}"


def enum_type(e: Enum) -> str:
    return f"{PREFIX}{e.name}"


def enum_member(e: Enum, member: str) -> str:
    return f"{UPREFIX}{(e.prefix or e.name).upper()}_{member.upper()}"


def flag_bit(fl: Flags, bit: str) -> str:
    return f"{UPREFIX}{(fl.prefix or fl.name).upper()}_{bit.upper()}"


def flag_mask(fl: Flags) -> str:
    return f"{UPREFIX}{(fl.prefix or fl.name).upper()}_MASK"


def stub(name: str) -> str:
    return f"{PREFIX}{name}"


def call_stub(m: Message) -> str:
    return f"{PREFIX}call_{m.name}"


def error_macro(name: str) -> str:
    return f"{UPREFIX}ERROR_{name.upper()}"


def constant(name: str) -> str:
    return f"{UPREFIX}{name.upper()}"


def array_type(owner: Struct, f: Field) -> str:
    """Host type of an array field."""
    if f.select is not None:
        return f"{PREFIX}{owner.name}_{f.name}_array"
    assert f.element is not None
    return f"{PREFIX}{f.element.name}_array"


def getter(itype: IntType) -> str:
    return f"{PREFIX}get_{itype.name}"


def putter(itype: IntType) -> str:
    return f"{PREFIX}put_{itype.name}"
