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


def host_int(bits: int, kernel: bool) -> str:
    """The unsigned host integer type of *bits* bits: u8.. in kernel code."""
    return f"u{bits}" if kernel else f"uint{bits}_t"


def wire_int(itype: IntType, kernel: bool) -> str:
    """A wire integer's type in a packed struct: gunyah_rm_le32 (the
    kernel's __le32), a byte for u8."""
    if itype.width == 1:
        return host_int(8, kernel)
    return f"__{itype.name}" if kernel else f"{PREFIX}{itype.name}"


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
