"""Reference encoder: IDL values -> payload bytes, with struct.pack.

Written independently of the C templates: it is the oracle for the golden
vectors (the IDL's examples) and for the randomised differential tests of
the generated C encoders and decoders.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Any, Mapping

from .idltypes import Field, IntType, Run, Struct

_FMT = {1: "B", 2: "H", 4: "I", 8: "Q"}


class ValueError_(Exception):
    """A value that cannot be encoded; names the field path."""

    def __init__(self, path: str, msg: str) -> None:
        super().__init__(f"field '{path}': {msg}")
        self.path = path


@dataclass
class Span:
    start: int
    end: int
    path: str


def pack_int(itype: IntType, value: int) -> bytes:
    order = ">" if itype.endian == "be" else "<"
    return struct.pack(order + _FMT[itype.width], value)


def unpack_int(itype: IntType, data: bytes, off: int) -> int:
    order = ">" if itype.endian == "be" else "<"
    return struct.unpack_from(order + _FMT[itype.width], data, off)[0]


def tail_present(st: Struct, values: Mapping[str, Any]) -> bool:
    """Is the optional tail of *st* present in *values*?"""
    opt = st.optional_from
    if opt is None:
        return True
    flag = values.get(f"has_{opt.name}")
    if flag is not None:
        return bool(flag)
    return any(f.name in values for f in st.fields if f.optional)


class Encoder:
    """Encodes one payload; records which field produced which bytes."""

    def __init__(self) -> None:
        self.out = bytearray()
        self.spans: list[Span] = []

    def int_value(self, f: Field, raw: Any, path: str) -> int:
        assert f.itype
        if isinstance(raw, bool):
            raise ValueError_(path, "expected an integer, got a boolean")
        if isinstance(raw, str) and f.enum is not None:
            ev = f.enum.by_name(raw)
            if ev is None:
                raise ValueError_(path, f"'{raw}' is not a member of enum "
                                  f"'{f.enum.name}'")
            return ev.value
        if isinstance(raw, list) and f.flags is not None:
            v = 0
            for name in raw:
                b = f.flags.by_name(name)
                if b is None:
                    raise ValueError_(path, f"'{name}' is not a flag of "
                                      f"'{f.flags.name}'")
                v |= b.mask
            return v
        if not isinstance(raw, int):
            raise ValueError_(path, f"expected an integer, got {raw!r}")
        if not 0 <= raw <= f.itype.max:
            raise ValueError_(path, f"{raw} does not fit {f.itype.name}")
        return raw

    def struct(self, st: Struct, values: Mapping[str, Any], prefix: str,
               base: int) -> dict[str, Any]:
        """Encode *values* as *st*; return them resolved (see resolve())."""
        if not isinstance(values, Mapping):
            raise ValueError_(prefix or st.name, "expected a mapping of fields")
        names = {f.name for f in st.fields}
        if st.optional_from is not None:
            names.add(f"has_{st.optional_from.name}")
        for key in values:
            if key not in names:
                raise ValueError_(f"{prefix}{key}", f"no such field in {st.title}")
        present = tail_present(st, values)
        counts = self.counts(st, values, prefix)
        out: dict[str, Any] = {}
        if st.optional_from is not None:
            out[f"has_{st.optional_from.name}"] = int(present)
        for f in st.fields:
            path = f"{prefix}{f.name}"
            if f.optional and not present:  # absent: zero or empty
                out[f.name] = {"int": 0, "fixed_bytes": bytes(f.size),
                               "bytes": b""}.get(f.kind, [])
                continue
            start = len(self.out)
            if f.kind == "int":
                assert f.itype
                v = counts[f.name] if f.name in counts else \
                    self.int_value(f, values.get(f.name, 0), path)
                self.out += pack_int(f.itype, v)
            elif f.kind == "fixed_bytes":
                v = self.hexval(values.get(f.name, "00" * f.size), path)
                if len(v) != f.size:
                    raise ValueError_(path, f"needs exactly {f.size} bytes, got "
                                      f"{len(v)}")
                self.out += v
            elif f.kind == "bytes":
                v = self.hexval(values.get(f.name, ""), path)
                self.out += v
            else:
                el = f.element
                if f.select is not None:
                    sel = out[f.select.name]
                    el = next((s for ev, s in f.cases if ev.value == sel), None)
                    if el is None and values.get(f.name):
                        raise ValueError_(path, f"no element type for "
                                          f"{f.select.name} = {sel}")
                v = []
                for i, item in enumerate(values.get(f.name, [])):
                    ipath = f"{path}[{i}]"
                    if isinstance(el, IntType):
                        if not isinstance(item, int) or isinstance(item, bool) \
                                or not 0 <= item <= el.max:
                            raise ValueError_(ipath, f"expected a {el.name}")
                        self.out += pack_int(el, item)
                        v.append(item)
                    else:
                        assert isinstance(el, Struct)
                        v.append(self.struct(el, item, f"{ipath}.", base))
            out[f.name] = v
            self.spans.append(Span(start, len(self.out), path))
            if f.pad_to:
                while (base + len(self.out)) % f.pad_to:
                    self.out.append(0)
                self.spans.append(Span(start, len(self.out), f"{path} (padding)"))
        return out

    def counts(self, st: Struct, values: Mapping[str, Any], prefix: str) -> dict[str, int]:
        """Count field values: derived from their arrays, checked if given."""
        out: dict[str, int] = {}
        for f in st.fields:
            if not f.counts:
                continue
            lengths = set()
            for target in f.counts:
                v = values.get(target.name, [] if target.kind == "array" else "")
                if target.kind == "bytes":
                    lengths.add(len(self.hexval(v, f"{prefix}{target.name}")))
                else:
                    if not isinstance(v, list):
                        raise ValueError_(f"{prefix}{target.name}",
                                          "expected a list")
                    lengths.add(len(v))
            if len(lengths) != 1:
                raise ValueError_(f"{prefix}{f.name}",
                                  "counts arrays of different lengths")
            n = lengths.pop()
            if f.name in values:
                given = self.int_value(f, values[f.name], f"{prefix}{f.name}")
                if given != n:
                    raise ValueError_(f"{prefix}{f.name}",
                                      f"is {given} but its array has {n} "
                                      f"element(s)")
            out[f.name] = n
        return out

    @staticmethod
    def hexval(v: Any, path: str) -> bytes:
        if isinstance(v, (bytes, bytearray)):
            return bytes(v)
        if not isinstance(v, str):
            raise ValueError_(path, f"expected a hex string, got {v!r}")
        digits = "".join(v.split())
        try:
            return bytes.fromhex(digits)
        except ValueError:
            raise ValueError_(path, f"'{v}' is not hex pairs") from None


def encode(st: Struct, values: Mapping[str, Any]) -> tuple[bytes, list[Span]]:
    """Encode *values* as payload *st*; return the bytes and field spans."""
    enc = Encoder()
    enc.struct(st, values, "", 0)
    return bytes(enc.out), enc.spans


def resolve(st: Struct, values: Mapping[str, Any]) -> dict[str, Any]:
    """*values* with every field filled in: ints, bytes, lists, has_ flags.

    Enum and flag names become numbers, omitted fields 0 (or empty), count
    fields the length of what they count, and the optional tail's presence
    an explicit has_<field> entry.
    """
    return Encoder().struct(st, values, "", 0)


def check_bytes(st: Struct, data: bytes) -> tuple[str, str, int] | None:
    """Independent validator: (reason, field, offset) of the first problem.

    Mirrors the documented validation rules (docs/idl.md), not the C code:
    used to predict the exact error the generated validators must report.
    """
    if st.is_fixed and st.length == "exact" and len(data) > st.fixed_size:
        # A fixed, exact layout is checked for its length first.
        return ("TRAILING", st.last, st.fixed_size)
    try:
        end = _walk(st, data, 0, "", True)
    except _Bad as b:
        return (b.reason, b.field, b.off)
    if st.length == "exact" and end != len(data):
        return ("TRAILING", st.last, end)
    return None


class _Bad(Exception):
    def __init__(self, reason: str, field: str, off: int) -> None:
        super().__init__(reason)
        self.reason, self.field, self.off = reason, field, off


def _walk(st: Struct, data: bytes, off: int, prefix: str, top: bool) -> int:
    counts: dict[str, int] = {}
    for item in st.items:
        first = item.fields[0][0] if isinstance(item, Run) else item.field
        if top and first is st.optional_from and off == len(data):
            return off
        if isinstance(item, Run):
            for f, rel in item.fields:
                if rel + f.fixed_width > len(data) - off:
                    raise _Bad("TRUNCATED", prefix + f.name, off + rel)
            for f, rel in item.fields:
                if f.kind != "int":
                    continue
                assert f.itype
                v = unpack_int(f.itype, data, off + rel)
                counts[f.name] = v
                name = prefix + f.name
                if f.reserved == "zero" and v:
                    raise _Bad("RESERVED_NONZERO", name, off + rel)
                if f.enum and f.enum.closed and \
                        v not in {e.value for e in f.enum.values}:
                    raise _Bad("ENUM_VALUE", name, off + rel)
                if f.flags and f.flags.closed and v & ~f.flags.mask:
                    raise _Bad("FLAGS_UNKNOWN", name, off + rel)
                if f.max is not None and not f.counts and v > f.max:
                    raise _Bad("VALUE_RANGE", name, off + rel)
            off += item.size
            continue
        f = item.field
        assert f.count is not None
        n = counts[f.count.name]
        name = prefix + f.name
        if f.max is not None and n > f.max:
            raise _Bad("COUNT_RANGE", name, off)
        if f.kind == "bytes":
            if len(data) - off < n:
                raise _Bad("TRUNCATED", name, off)
            off += n
        else:
            el = f.element
            if f.select is not None:
                sel = counts[f.select.name]
                el = next((s for ev, s in f.cases if ev.value == sel), None)
                if el is None:
                    raise _Bad("ENUM_VALUE", prefix + f.select.name, off)
            if isinstance(el, IntType):
                if len(data) - off < n * el.width:
                    raise _Bad("TRUNCATED", name, off)
                off += n * el.width
            else:
                assert isinstance(el, Struct)
                if el.fixed_size is not None:
                    if len(data) - off < n * el.fixed_size:
                        raise _Bad("TRUNCATED", name, off)
                for _ in range(n):
                    off = _walk(el, data, off, f"{el.name}.", False)
        if f.pad_to:
            pad = -off % f.pad_to
            if len(data) - off < pad:
                raise _Bad("TRUNCATED", name, off)
            for i in range(pad):
                if data[off + i]:
                    raise _Bad("PADDING_NONZERO", name, off + i)
            off += pad
    return off
