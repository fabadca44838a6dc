"""The IDL's data model: plain dataclasses, no behaviour beyond layout facts."""

from __future__ import annotations

from dataclasses import dataclass, field as dfield
from typing import Union

from .diag import Loc


@dataclass(frozen=True)
class IntType:
    """A wire integer: width in bytes and byte order ('le', 'be', '' for u8)."""

    name: str
    width: int
    endian: str

    @property
    def bits(self) -> int:
        return self.width * 8

    @property
    def max(self) -> int:
        return (1 << self.bits) - 1

    @property
    def ctype(self) -> str:
        return f"uint{self.bits}_t"


INT_TYPES: dict[str, IntType] = {
    "u8": IntType("u8", 1, ""),
    "le16": IntType("le16", 2, "le"),
    "le32": IntType("le32", 4, "le"),
    "le64": IntType("le64", 8, "le"),
    "be16": IntType("be16", 2, "be"),
    "be32": IntType("be32", 4, "be"),
    "be64": IntType("be64", 8, "be"),
}

# Integer spellings that lack a byte order, with the fix to suggest.
NO_BYTE_ORDER = {"u16": "le16", "u32": "le32", "u64": "le64",
                 "uint16": "le16", "uint32": "le32", "uint64": "le64",
                 "uint16_t": "le16", "uint32_t": "le32", "uint64_t": "le64",
                 "int16": "le16", "int32": "le32", "int64": "le64",
                 "s16": "le16", "s32": "le32", "s64": "le64"}


@dataclass(eq=False)
class Source:
    tag: str
    doc: str
    repo: str = ""
    commit: str = ""
    path: str = ""


@dataclass(eq=False)
class Constant:
    name: str
    value: int
    doc: str
    loc: Loc


@dataclass(eq=False)
class ErrorCode:
    name: str
    value: int
    errno: str  # "0" or an errno name such as "EINVAL"
    doc: str
    loc: Loc
    sources: list[str] = dfield(default_factory=list)
    note: str = ""


@dataclass(eq=False)
class EnumValue:
    name: str
    value: int
    doc: str
    loc: Loc
    sources: list[str] = dfield(default_factory=list)
    note: str = ""


@dataclass(eq=False)
class Enum:
    name: str
    itype: IntType
    closed: bool
    doc: str
    loc: Loc
    values: list[EnumValue]
    note: str = ""
    prefix: str = ""  # C prefix of the members (default: the enum name)

    def by_name(self, name: str) -> EnumValue | None:
        return next((v for v in self.values if v.name == name), None)

    @property
    def unique_values(self) -> list[EnumValue]:
        """First member for each distinct value (sources may reuse a value)."""
        first: dict[int, EnumValue] = {}
        for v in self.values:
            first.setdefault(v.value, v)
        return list(first.values())


@dataclass(eq=False)
class FlagBit:
    name: str
    bit: int
    doc: str
    loc: Loc
    note: str = ""

    @property
    def mask(self) -> int:
        return 1 << self.bit


@dataclass(eq=False)
class Flags:
    name: str
    itype: IntType
    closed: bool
    doc: str
    loc: Loc
    bits: list[FlagBit]
    note: str = ""
    prefix: str = ""  # C prefix of the bits (default: the set's name)

    @property
    def mask(self) -> int:
        return sum(b.mask for b in self.bits)  # the model rejects a bit twice

    def by_name(self, name: str) -> FlagBit | None:
        return next((b for b in self.bits if b.name == name), None)


Element = Union["Struct", IntType]


@dataclass(eq=False)
class Field:
    """One field of a payload or struct.

    kind is 'int', 'fixed_bytes' (size bytes), 'bytes' (count bytes) or
    'array' (count elements of element, or of a struct chosen by select).
    """

    name: str
    kind: str
    loc: Loc
    doc: str = ""
    note: str = ""
    itype: IntType | None = None
    enum: Enum | None = None
    flags: Flags | None = None
    max: int | None = None
    reserved: str | None = None  # 'zero', 'ignore' or None
    size: int = 0
    count: "Field | None" = None
    pad_to: int = 0
    element: Element | None = None
    select: "Field | None" = None
    cases: list[tuple[EnumValue, "Struct"]] = dfield(default_factory=list)
    counts: list["Field"] = dfield(default_factory=list)
    optional: bool = False
    offset: int | None = None  # constant offset, when no variable part precedes

    @property
    def is_variable(self) -> bool:
        return self.kind in ("bytes", "array")

    @property
    def fixed_width(self) -> int:
        if self.kind == "int":
            assert self.itype
            return self.itype.width
        if self.kind == "fixed_bytes":
            return self.size
        raise ValueError(f"{self.name} is variable")

    @property
    def structs(self) -> list["Struct"]:
        """The element structs of an array (its cases' for a selected one)."""
        if isinstance(self.element, Struct):
            return [self.element]
        return [s for _, s in self.cases]

    @property
    def checked_max(self) -> int | None:
        """The max: validators enforce (none on a count, or where the wire
        type, a counted field's count's, allows no more)."""
        wire = self.count.itype if self.count else self.itype
        assert wire
        if self.max is None or self.counts or self.max >= wire.max:
            return None
        return self.max

    @property
    def count_max(self) -> int:
        """Largest count the wire allows (the count field's type or max:)."""
        assert self.count and self.count.itype
        limit = self.count.itype.max
        if self.count.max is not None:
            limit = min(limit, self.count.max)
        if self.max is not None:
            limit = min(limit, self.max)
        return limit


@dataclass(eq=False)
class Run:
    """A run of fixed-size fields; offsets are relative to the run's start."""

    fields: list[tuple[Field, int]]
    size: int


@dataclass(eq=False)
class Var:
    """A variable-size field (counted bytes or array)."""

    field: Field


@dataclass(eq=False)
class Struct:
    """A payload or a reusable element struct, with its computed layout."""

    name: str            # C base name (e.g. vm_stop_req, hyp_resource)
    title: str           # for messages (e.g. "vm_stop request")
    loc: Loc
    doc: str
    fields: list[Field]
    is_payload: bool
    length: str = "exact"
    optional_from: Field | None = None
    condition: str = ""
    unknown: bool = False
    note: str = ""
    declared_size: int | None = None
    broken: bool = False  # a field had an error: skip derived checks
    kernel_name: str = ""  # the Linux driver's name of the packed struct
    items: list[Run | Var] = dfield(default_factory=list)
    fixed_size: int | None = None
    min_size: int = 0
    max_size: int = 0

    @property
    def head(self) -> Run | None:
        """The leading run of fixed fields (constant offsets), if any."""
        if self.items and isinstance(self.items[0], Run):
            return self.items[0]
        return None

    @property
    def is_fixed(self) -> bool:
        return self.fixed_size is not None and self.optional_from is None

    @property
    def last(self) -> str:
        """What a validator's TRAILING error names: the last field."""
        return self.fields[-1].name if self.fields else "(payload)"

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


def reachable(roots: list[Struct]) -> list[Struct]:
    """*roots* and the element structs they reach, each struct after the
    ones it contains (the model has no cycles)."""
    done: list[Struct] = []

    def visit(st: Struct) -> None:
        if st not in done:
            for f in st.fields:
                for sub in f.structs:
                    visit(sub)
            done.append(st)
    for st in roots:
        visit(st)
    return done


@dataclass(eq=False)
class ExamplePart:
    role: str  # request, response, error_response, payload
    values: dict  # type: ignore[type-arg]
    data: bytes
    loc: Loc
    bytes_loc: Loc
    payload: Struct


@dataclass(eq=False)
class Example:
    name: str
    doc: str
    loc: Loc
    parts: list[ExamplePart]


@dataclass(eq=False)
class Alias:
    name: str
    sources: list[str]
    note: str = ""


@dataclass(eq=False)
class Stub:
    """How the parameter-style client stub of a message looks."""

    name: str
    params: list[tuple[str, str]]  # (request field, parameter name)
    fixed: dict  # type: ignore[type-arg]  # request field -> value
    returns: str | None
    doc: str
    loc: Loc
    out: str = "out"  # kernel flavour: name of the response out-parameter


@dataclass(eq=False)
class Message:
    """A request/response RPC or a notification (response is None)."""

    name: str
    id: int
    family: str
    doc: str
    loc: Loc
    sources: list[str]
    aliases: list[Alias]
    status: str
    note: str
    is_notification: bool
    request: Struct | None = None
    response: Struct | None = None
    error_response: Struct | None = None
    payload: Struct | None = None
    examples: list[Example] = dfield(default_factory=list)
    stub: Stub | None = None

    @property
    def payloads(self) -> list[tuple[str, Struct]]:
        roles = ("request", "response", "error_response", "payload")
        return [(r, getattr(self, r)) for r in roles
                if getattr(self, r) is not None]


@dataclass(eq=False)
class Protocol:
    path: str
    sha256: str
    name: str
    doc: str
    sources: dict[str, Source]
    constants: list[Constant]
    errors: list[ErrorCode]
    enums: list[Enum]
    flags: list[Flags]
    structs: list[Struct]
    messages: list[Message]
    notifications: list[Message]

    @property
    def payloads(self) -> list[Struct]:
        """Every payload once (messages may share a named payload)."""
        return list(dict.fromkeys(p for m in self.messages + self.notifications
                                  for _, p in m.payloads))
