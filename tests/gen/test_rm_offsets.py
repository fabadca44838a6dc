"""Cross-check of the IDL against the RM server's own struct layouts.

tests/gen/rm_server_header_offsets.md lists, for the RM server's message
structs (quic/gunyah-resource-manager bf31a9ac, AArch64), every field's
offset, size, name and C type, and marks where a counted list follows.
Every struct there is mapped below to the IDL payload(s) or element struct
it describes. The check compares the layouts with every count zero (the RM
struct offsets are payload offsets then): each RM field must be covered by
IDL fields whose boundaries agree, sizes must agree, and each list marker
must sit where the IDL has a variable field of the same element size.

What is known to differ is listed in KNOWN with its reason; the test fails
on any other finding, and also when a KNOWN finding no longer occurs.
"""

from __future__ import annotations

import copy
import dataclasses
import os
import re
import unittest
from dataclasses import dataclass

from gen.idl import load_protocol
from gen.idltypes import INT_TYPES, Field, IntType, Protocol, Struct

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
IDL = os.path.join(REPO, "idl", "rm_protocol.yaml")
APPENDIX = os.path.join(HERE, "rm_server_header_offsets.md")

# ------------------------------------------------------------------ appendix


@dataclass(frozen=True)
class RmField:
    """A field of an RM struct: a fixed field, or a marker (size None) for a
    variable part that follows at @offset (an `(array of X)` row, a flexible
    array member or a `(...)` note on trailing content)."""

    offset: int
    size: int | None
    name: str
    ctype: str


@dataclass
class RmStruct:
    name: str
    header: str
    size: int
    fields: list[RmField]


HEADING = re.compile(r"^#### `(\w+)` \(([\w.]+)\) — fixed size (\d+) bytes$")
ROW = re.compile(r"^\|\s*(\d*)\s*\|\s*([\d-]*)\s*\|\s*(\w*)\s*\|\s*(.*?)\s*\|$")


def parse_appendix(text: str) -> dict[str, RmStruct]:
    """The structs of the appendix, by name."""
    out: dict[str, RmStruct] = {}
    cur: RmStruct | None = None
    for line in text.splitlines():
        head = HEADING.match(line)
        if head:
            cur = RmStruct(head[1], head[2], int(head[3]), [])
            out[cur.name] = cur
            continue
        row = ROW.match(line)
        if cur is None or row is None or row[4] in ("C type", "---"):
            continue
        cur.fields.append(parse_row(cur, row))
    return out


def parse_row(st: RmStruct, row: re.Match[str]) -> RmField:
    offset, size, name, ctype = row[1], row[2], row[3], row[4]
    if offset and size.isdigit():
        return RmField(int(offset), int(size), name, ctype)
    if offset and size == "-":
        return RmField(int(offset), None, name, ctype)
    # A note row: the variable part follows the field before it.
    last = st.fields[-1]
    return RmField(last.offset + (last.size or 0), None, "", ctype)


def load_appendix() -> dict[str, RmStruct]:
    with open(APPENDIX, encoding="utf-8") as f:
        return parse_appendix(f.read())


# Element sizes the appendix states in prose or not at all (the sizes of the
# structs it has a table for are taken from their tables).
ELEMENT_SIZES = {
    "virq_t": 4,           # "virq = u32" (appendix prose)
    "vm_auth_param_t": 8,  # RM include/vm_creation.h: {u32 type; u32 param}
}
# Notes on trailing content -> (IDL kind expected there, element struct).
NOTES = {
    "(exit_reason)": ("bytes", ""),
    "(with content tailing)": ("bytes", ""),
    "(optional attr list)": ("optional", "attr_entry_t"),
}
ARRAY_OF = re.compile(r"^\(array of (\w+)\)$")
FLEXIBLE = re.compile(r"^(\w+)\[\] flexible array$")


@dataclass(frozen=True)
class Marker:
    offset: int
    kind: str      # array | bytes | optional
    element: str   # RM element type ("" for bytes)
    text: str


def marker(f: RmField) -> Marker:
    """What a marker row says follows; unknown notes are kept as 'unknown'."""
    m = ARRAY_OF.match(f.ctype) or FLEXIBLE.match(f.ctype)
    if m:
        return Marker(f.offset, "array", m[1], f.ctype)
    kind, element = NOTES.get(f.ctype, ("unknown", ""))
    return Marker(f.offset, kind, element, f.ctype)


def element_size(structs: dict[str, RmStruct], name: str) -> int | None:
    if name in structs:
        return structs[name].size
    return ELEMENT_SIZES.get(name)


def flatten(structs: dict[str, RmStruct], st: RmStruct,
            base: int = 0, prefix: str = "") -> list[RmField]:
    """@st's fields with nested structs (rm_irq_notify_lent_req_t.req)
    replaced by their own fields."""
    out: list[RmField] = []
    for f in st.fields:
        inner = structs.get(f.ctype)
        if f.size is not None and inner is not None and inner.size == f.size:
            out += flatten(structs, inner, base + f.offset, f"{prefix}{f.name}.")
        else:
            out.append(dataclasses.replace(f, offset=base + f.offset,
                                           name=prefix + f.name))
    return out


# ----------------------------------------------------------------- IDL side


@dataclass(frozen=True)
class Target:
    """An IDL payload (message role or notification) or element struct,
    and how an RM struct lines up with it."""

    name: str
    role: str              # request | response | payload | struct
    shift: int = 0         # bytes of the RM struct the IDL strips (err word)
    optional: bool = True  # the comparison includes the optional tail

    @property
    def label(self) -> str:
        return f"{self.name} {self.role}"


@dataclass(frozen=True)
class Item:
    """An IDL field in the all-counts-zero layout: fixed fields span
    [start, end); variable fields are empty, at start."""

    start: int
    end: int
    field: Field


def idl_struct(proto: Protocol, t: Target) -> Struct:
    if t.role == "struct":
        return next(s for s in proto.structs if s.name == t.name)
    m = next(m for m in proto.messages + proto.notifications
             if m.name == t.name)
    st = getattr(m, t.role)
    assert isinstance(st, Struct), t.label
    return st


def zero_count_items(st: Struct, optional: bool) -> list[Item]:
    """@st's fields laid out with every count zero; without the optional
    tail unless @optional."""
    items: list[Item] = []
    pos = 0
    for f in st.fields:
        if f.optional and not optional:
            break
        if f.is_variable:
            items.append(Item(pos, pos, f))
            if f.pad_to:
                pos = -(-pos // f.pad_to) * f.pad_to
            continue
        items.append(Item(pos, pos + f.fixed_width, f))
        pos += f.fixed_width
    return items


def idl_element_size(f: Field) -> int | None:
    if f.kind == "bytes":
        return 1
    if isinstance(f.element, IntType):
        return f.element.width
    if isinstance(f.element, Struct):
        return f.element.fixed_size
    return None  # a selected array: the size depends on its selector


def optional_start(st: Struct) -> int | None:
    """Zero-count offset of @st's optional tail, or None."""
    if st.optional_from is None:
        return None
    return next(i.start for i in zero_count_items(st, True)
                if i.field is st.optional_from)


# ---------------------------------------------------------------- the check


@dataclass(frozen=True)
class Finding:
    rm_struct: str
    target: str
    kind: str      # split, merge, missing, stripped, element, marker,
    #                unmarked, extra, size, unmapped, unknown-target
    field: str
    detail: str = dataclasses.field(default="", compare=False)

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.rm_struct, self.target, self.kind, self.field)


class Comparison:
    """One RM struct against one IDL target."""

    def __init__(self, structs: dict[str, RmStruct], rm: RmStruct,
                 st: Struct, t: Target) -> None:
        self.structs = structs
        self.rm = rm
        self.st = st
        self.t = t
        self.items = zero_count_items(st, t.optional)
        self.fixed = [i for i in self.items if not i.field.is_variable]
        self.found: set[Finding] = set()

    def add(self, kind: str, name: str, detail: str) -> None:
        self.found.add(Finding(self.rm.name, self.t.label, kind, name, detail))

    def run(self) -> set[Finding]:
        fields = flatten(self.structs, self.rm)
        matched: set[int] = set()
        for f in fields:
            if f.size is None:
                self.check_marker(marker(f), matched)
            elif f.offset < self.t.shift:
                self.check_stripped(f)
            else:
                self.check_field(f)
        self.check_unmarked(matched)
        self.check_size()
        return self.found

    def check_stripped(self, f: RmField) -> None:
        if (f.offset, f.size, f.ctype) != (0, self.t.shift, "rm_error_t"):
            self.add("stripped", f.name,
                     f"[{f.offset}, +{f.size}) {f.ctype} is not the error word")

    def check_field(self, f: RmField) -> None:
        assert f.size is not None
        lo = f.offset - self.t.shift
        hi = lo + f.size
        inside = [i for i in self.fixed if lo <= i.start and i.end <= hi]
        across = [i for i in self.fixed if i.start < hi and i.end > lo
                  and i not in inside]
        for i in across:
            self.add("merge", i.field.name,
                     f"IDL [{i.start}, {i.end}) spans the boundary of RM "
                     f"{f.name} [{lo}, {hi})")
        if across:
            return
        if sum(i.end - i.start for i in inside) != f.size:
            self.add("missing", f.name, f"no IDL field covers [{lo}, {hi})")
        elif len(inside) > 1 and not self.reserved_split(f, inside):
            self.add("split", f.name, f"{f.ctype} [{lo}, {hi}) is IDL " +
                     ", ".join(f"{i.field.name} [{i.start}, {i.end})"
                               for i in inside))

    @staticmethod
    def reserved_split(f: RmField, inside: list[Item]) -> bool:
        """An RM reserved array (uint8_t[3]) split into IDL reserved fields."""
        return "[" in f.ctype and all(i.field.reserved for i in inside)

    def check_marker(self, mk: Marker, matched: set[int]) -> None:
        at = mk.offset - self.t.shift
        if mk.kind == "optional":
            self.check_optional(mk, at)
            return
        cands = [n for n, i in enumerate(self.items) if i.field.is_variable
                 and i.start == at and n not in matched]
        if mk.kind == "unknown" or not cands:
            self.add("marker", mk.text, f"no IDL variable field at {at}")
            return
        matched.add(cands[0])
        f = self.items[cands[0]].field
        want = 1 if mk.kind == "bytes" else \
            element_size(self.structs, mk.element)
        if (mk.kind == "bytes") != (f.kind == "bytes") or \
                want != idl_element_size(f):
            self.add("element", f.name,
                     f"{mk.text} ({want} bytes each) at {at}, IDL {f.kind} "
                     f"of {idl_element_size(f)}-byte elements")

    def check_optional(self, mk: Marker, at: int) -> None:
        start = optional_start(self.st)
        want = element_size(self.structs, mk.element)
        tail = self.st.fields[self.st.fields.index(self.st.optional_from):] \
            if self.st.optional_from is not None else []
        sizes = [idl_element_size(f) for f in tail if f.kind == "array"]
        if start != at or sizes != [want]:
            self.add("marker", mk.text, f"IDL optional tail at {start} with "
                     f"element sizes {sizes}, expected at {at} with [{want}]")

    def check_unmarked(self, matched: set[int]) -> None:
        for n, i in enumerate(self.items):
            if i.field.is_variable and n not in matched:
                self.add("unmarked", i.field.name,
                         f"IDL {i.field.kind} at {i.start} that the RM "
                         f"struct does not mark")

    def check_size(self) -> None:
        want = self.rm.size - self.t.shift
        got = self.fixed[-1].end if self.fixed else 0
        if got != want:
            self.add("size", "", f"RM {self.rm.size} - {self.t.shift} = "
                     f"{want}, IDL fixed part {got}")
        for i in self.fixed:
            if i.end > want:
                self.add("extra", i.field.name,
                         f"IDL [{i.start}, {i.end}) after the RM struct's end")


def cross_check(structs: dict[str, RmStruct], proto: Protocol,
                mapping: dict[str, tuple[Target, ...]],
                off_wire: dict[str, str]) -> set[Finding]:
    """Every finding of the appendix against the IDL under @mapping."""
    found: set[Finding] = set()
    for name, rm in structs.items():
        if name in off_wire:
            continue
        if name not in mapping:
            found.add(Finding(name, "", "unmapped", ""))
            continue
        for t in mapping[name]:
            try:
                st = idl_struct(proto, t)
            except StopIteration:
                found.add(Finding(name, t.label, "unknown-target", ""))
                continue
            found |= Comparison(structs, rm, st, t).run()
    return found


# ------------------------------------------------------------------ mapping


def _req(*names: str, optional: bool = True) -> tuple[Target, ...]:
    return tuple(Target(n, "request", optional=optional) for n in names)


def _resp(*names: str, shift: int = 0) -> tuple[Target, ...]:
    return tuple(Target(n, "response", shift) for n in names)


def _notif(*names: str) -> tuple[Target, ...]:
    return tuple(Target(n, "payload") for n in names)


def _struct(name: str) -> tuple[Target, ...]:
    return (Target(name, "struct"),)


CREATES = ("mem_donate", "mem_lend", "mem_share")

# RM struct -> the IDL payloads or element struct it lays out. Response
# offsets in the IDL are data offsets: a reply struct that starts with the
# rm_error_t word is shifted by 4. optional=False compares without the IDL's
# optional tail (the RM struct stops before it).
MAPPING: dict[str, tuple[Target, ...]] = {
    "rm_notify_vm_status_t": _notif("vm_status"),
    "vm_set_firmware_mem_t": _req("vm_set_firmware_mem"),
    "rm_notify_vm_exited_t": _notif("vm_exited"),
    "vm_config_image_req_t": _req("vm_config_image"),
    "vm_auth_req_t": _req("vm_auth_image"),
    "vm_init_req_t": _req("vm_init"),
    "rm_hyp_resource_resp_t": _struct("hyp_resource"),
    "rm_irq_accept_req_t": _req("vm_irq_accept"),
    "rm_irq_accept_reply_t": _resp("vm_irq_accept"),
    "rm_irq_lend_req_t": _req("vm_irq_lend"),
    "rm_irq_lend_reply_t": _resp("vm_irq_lend"),
    "rm_irq_release_req_t": _req("vm_irq_release"),
    "rm_irq_reclaim_req_t": _req("vm_irq_reclaim"),
    "rm_irq_notify_vmid_t": _struct("vmid_entry"),
    # VM_IRQ_NOTIFY: 8 bytes, or for LENT 12 + the VMID list (optional tail).
    "rm_irq_notify_req_t": _req("vm_irq_notify", optional=False),
    "rm_irq_notify_lent_req_t": _req("vm_irq_notify"),
    "rm_irq_unmap_req_t": _req("vm_irq_unmap"),
    "rm_irq_lent_notify_t": _notif("vm_irq_lent"),
    "rm_irq_owner_notify_t": _notif("vm_irq_released", "vm_irq_accepted"),
    "vm_console_open_req_t": _req("vm_console_open"),
    "vm_console_close_req_t": _req("vm_console_close"),
    "vm_console_write_req_t": _req("vm_console_write"),
    "vm_console_flush_req_t": _req("vm_console_flush"),
    "vm_console_chars_notify_t": _notif("vm_console_chars"),
    "fw_set_vm_firmware_req_t": _req("fw_set_vm_firmware"),
    "ipa_reserve_req_t": _req("ipa_reserve"),
    "ipa_reserve_req_fixed_list_t": _struct("ipa_fixed_range"),
    "ipa_reserve_req_alloc_list_t": _struct("ipa_alloc_range"),
    "ipa_reserve_alloc_resp_t": _resp("ipa_reserve"),
    "acl_entry_t": _struct("acl_entry"),
    "sgl_entry_t": _struct("sgl_entry"),
    "attr_entry_t": _struct("attr_entry"),
    "vmid_entry_t": _struct("vmid_entry"),
    "memparcel_create_req_t": _req(*CREATES),
    "memparcel_append_req_t": _req("mem_append"),
    "memparcel_accept_req_t": _req("mem_accept"),
    "memparcel_release_req_t": _req("mem_release", "mem_reclaim"),
    # MEM_NOTIFY: 12 bytes, then for SHARED/RECALL a VMID list (optional).
    "memparcel_notify_req_t": _req("mem_notify", optional=False),
    # The attr list is the IDL's optional tail, the "(optional attr list)".
    "memparcel_lookup_req_t": _req("mem_qcom_lookup_sgl", optional=False),
    "memparcel_handle_resp_t": _resp(*CREATES, "mem_qcom_lookup_sgl"),
    "memparcel_accept_sgl_resp_t": _resp("mem_accept", shift=4),
    "memparcel_shared_notif_t": _notif("mem_shared"),
    "memparcel_owner_notif_t": _notif("mem_released", "mem_accepted"),
    "memparcel_recall_notif_t": _notif("mem_recall"),
}

# Structs of the appendix that are not message layouts.
OFF_WIRE = {
    "memparcel_construct_ret_t":
        "the return value of memparcel_construct() (memparcel_msg.h, under "
        "a comment saying the declarations there may not belong in it); "
        "memparcel_create() replies memparcel_handle_resp_t with rm_reply()",
}

# Known disagreements: (RM struct, IDL target, kind, field) -> reason.
KNOWN: dict[tuple[str, str, str, str], str] = {
    ("memparcel_shared_notif_t", "mem_shared payload", "element", "sgl"):
        "memparcel_msg.h marks an array of sgl_entry_t (16 bytes), but "
        "memparcel.c memparcel_notify_shared() sizes the list num_regions * "
        "sizeof(uint64_t) and writes the sizes only; the IDL follows the code "
        "(le64), see the note on mem_shared",
    ("ipa_reserve_req_t", "ipa_reserve request", "split", "entries"):
        "RM declares uint32_t entries, but vm_ipa.c reads offset 12 as an RM "
        "list header (rm_rpc_read_list(): le16 count, upper le16 ignored); "
        "the IDL models the header, same bytes below 65536 (see its note)",
    ("ipa_reserve_req_t", "ipa_reserve request", "unmarked", "ranges"):
        "the struct does not declare the ranges; vm_ipa.c reserve_ipa() reads "
        "them from the list at offset 12, elements from offset 16",
    ("ipa_reserve_alloc_resp_t", "ipa_reserve response", "unmarked", "ipa"):
        "the struct does not declare the IPAs; vm_ipa.c reserve_alloc_list() "
        "sizes the reply sizeof(ipa_reserve_alloc_resp_t) + entries * "
        "sizeof(vmaddr_t) and writes them after the count",
    ("rm_hyp_resource_resp_t", "hyp_resource struct", "merge", "cap_id"):
        "RM splits the 64-bit values into _low/_high uint32_t halves (as QTI "
        "does); the IDL has one le64 at the same offset, the same bytes",
    ("rm_hyp_resource_resp_t", "hyp_resource struct", "merge", "base"):
        "resource_base_address_low/_high: one le64 in the IDL, same bytes",
    ("rm_hyp_resource_resp_t", "hyp_resource struct", "merge", "size"):
        "resource_size_low/_high: one le64 in the IDL, same bytes",
}


def against_known(found: set[Finding]
                  ) -> tuple[set[Finding], set[tuple[str, str, str, str]]]:
    """Findings KNOWN does not list, and KNOWN entries not found."""
    keys = {f.key for f in found}
    return {f for f in found if f.key not in KNOWN}, set(KNOWN) - keys


def describe(findings: set[Finding]) -> str:
    return "\n".join(f"  {f.key}: {f.detail}" for f in sorted(
        findings, key=lambda f: f.key))


class RmOffsets(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.structs = load_appendix()
        cls.proto = load_protocol(IDL)

    def check(self, structs: dict[str, RmStruct] | None = None,
              proto: Protocol | None = None,
              mapping: dict[str, tuple[Target, ...]] | None = None
              ) -> set[Finding]:
        return cross_check(structs or self.structs, proto or self.proto,
                           mapping or MAPPING, OFF_WIRE)

    def test_appendix_parses(self) -> None:
        self.assertEqual(len(self.structs), 45)
        for rm in self.structs.values():
            ends = [f.offset + f.size for f in rm.fields if f.size is not None]
            self.assertEqual(max(ends), rm.size, rm.name)
            for f in rm.fields:
                if f.size is None:
                    self.assertNotEqual(marker(f).kind, "unknown", f)
                    if marker(f).element:
                        self.assertIsNotNone(
                            element_size(self.structs, marker(f).element), f)

    def test_every_struct_mapped_once(self) -> None:
        names = set(self.structs)
        self.assertEqual(set(MAPPING) | set(OFF_WIRE), names)
        self.assertFalse(set(MAPPING) & set(OFF_WIRE))

    def test_idl_matches_rm_layouts(self) -> None:
        unexpected, stale = against_known(self.check())
        self.assertFalse(unexpected, "IDL and RM layouts disagree:\n" +
                         describe(unexpected))
        self.assertFalse(stale, "listed disagreements that no longer occur "
                         "(remove them from KNOWN):\n  " +
                         "\n  ".join(map(str, sorted(stale))))

    # The checker must be able to fail: each mutation below is one mistake.

    def test_catches_moved_rm_field(self) -> None:
        structs = copy.deepcopy(self.structs)
        rm = structs["vm_set_firmware_mem_t"]
        rm.fields[3] = dataclasses.replace(rm.fields[3], offset=12)  # fw_offset
        new = self.check(structs=structs) - self.check()
        self.assertIn(("vm_set_firmware_mem_t", "vm_set_firmware_mem request",
                       "merge", "fw_offset"), {f.key for f in new})

    def test_catches_widened_idl_field(self) -> None:
        proto = copy.deepcopy(self.proto)
        m = next(m for m in proto.messages if m.name == "vm_irq_lend")
        assert m.request is not None
        m.request.fields[0].itype = INT_TYPES["le32"]  # borrower
        keys = {f.key for f in self.check(proto=proto) - self.check()}
        self.assertIn(("rm_irq_lend_req_t", "vm_irq_lend request", "merge",
                       "borrower"), keys)
        self.assertIn(("rm_irq_lend_req_t", "vm_irq_lend request", "size", ""),
                      keys)

    def test_catches_wrong_element(self) -> None:
        proto = copy.deepcopy(self.proto)
        m = next(m for m in proto.messages if m.name == "mem_append")
        assert m.request is not None
        attr = next(s for s in proto.structs if s.name == "attr_entry")
        m.request.field("sgl").element = attr
        keys = {f.key for f in self.check(proto=proto) - self.check()}
        self.assertEqual(keys, {("memparcel_append_req_t",
                                 "mem_append request", "element", "sgl")})

    def test_catches_stale_known_disagreement(self) -> None:
        proto = copy.deepcopy(self.proto)
        m = next(m for m in proto.notifications if m.name == "mem_shared")
        assert m.payload is not None
        sgl = next(s for s in proto.structs if s.name == "sgl_entry")
        m.payload.field("sgl").element = sgl  # as the RM header says
        unexpected, stale = against_known(self.check(proto=proto))
        self.assertEqual(unexpected, set())
        self.assertEqual(stale, {("memparcel_shared_notif_t",
                                  "mem_shared payload", "element", "sgl")})

    def test_catches_split_and_unmapped(self) -> None:
        structs = copy.deepcopy(self.structs)
        rm = structs["memparcel_release_req_t"]
        rm.fields[2] = dataclasses.replace(rm.fields[2], ctype="uint32_t")
        mapping = dict(MAPPING)
        del mapping["vm_init_req_t"]
        keys = {f.key for f in self.check(structs=structs, mapping=mapping)}
        self.assertIn(("memparcel_release_req_t", "mem_release request",
                       "split", "res0"), keys)
        self.assertIn(("vm_init_req_t", "", "unmapped", ""), keys)

    def test_catches_unknown_note(self) -> None:
        text = "#### `x_t` (x.h) — fixed size 4 bytes\n\n" \
               "| offset | size | field | C type |\n|---|---|---|---|\n" \
               "| 0 | 4 | handle | uint32_t |\n|  |  |  | (something new) |\n"
        structs = parse_appendix(text)
        self.assertEqual(marker(structs["x_t"].fields[1]).kind, "unknown")
        keys = {f.key for f in cross_check(
            structs, self.proto, {"x_t": _resp("vm_irq_lend")}, {})}
        self.assertIn(("x_t", "vm_irq_lend response", "marker",
                       "(something new)"), keys)


if __name__ == "__main__":
    unittest.main()
