"""Reference encoder: IDL values -> payload bytes, with struct.pack.

Written independently of the C templates: it is the oracle for the golden
vectors (the IDL's examples) and for the randomised differential tests of
the generated C encoders and decoders.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Any, Mapping

from .idltypes import Field, IntType, Struct

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
               base: int) -> None:
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
        for f in st.fields:
            if f.optional and not present:
                break
            path = f"{prefix}{f.name}"
            start = len(self.out)
            if f.kind == "int":
                assert f.itype
                if f.name in counts:
                    v = counts[f.name]
                else:
                    v = self.int_value(f, values.get(f.name, 0), path)
                self.out += pack_int(f.itype, v)
            elif f.kind == "fixed_bytes":
                data = self.hexval(values.get(f.name, "00" * f.size), path)
                if len(data) != f.size:
                    raise ValueError_(path, f"needs exactly {f.size} bytes, got "
                                      f"{len(data)}")
                self.out += data
            elif f.kind == "bytes":
                self.out += self.hexval(values.get(f.name, ""), path)
            else:
                items = values.get(f.name, [])
                selector = None
                if f.select is not None:
                    sel = self.int_value(f.select, values.get(f.select.name, 0),
                                         f"{prefix}{f.select.name}")
                    selector = next((s for ev, s in f.cases if ev.value == sel),
                                    None)
                    if selector is None and items:
                        raise ValueError_(path, f"no element type for "
                                          f"{f.select.name} = {sel}")
                for i, item in enumerate(items):
                    ipath = f"{path}[{i}]"
                    el = selector if selector is not None else f.element
                    if isinstance(el, IntType):
                        if not isinstance(item, int) or isinstance(item, bool) \
                                or not 0 <= item <= el.max:
                            raise ValueError_(ipath, f"expected a {el.name}")
                        self.out += pack_int(el, item)
                    else:
                        assert isinstance(el, Struct)
                        self.struct(el, item, f"{ipath}.", base)
            self.spans.append(Span(start, len(self.out), path))
            if f.pad_to:
                while (base + len(self.out)) % f.pad_to:
                    self.out.append(0)
                self.spans.append(Span(start, len(self.out), f"{path} (padding)"))

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
