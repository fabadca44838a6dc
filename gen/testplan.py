"""Decisions for the generated tests: vectors, C literals and expected results."""

from __future__ import annotations

import random
from dataclasses import dataclass, field as dfield
from typing import Any

from . import cnames as N
from . import randvec, refmodel
from .idltypes import IntType, Protocol, Struct

RANDOM_PER_PAYLOAD = 4
SEED = 0x6A75


@dataclass
class Vector:
    name: str
    payload: Struct
    values: dict[str, Any]
    data: bytes
    golden: bool
    decls: list[str] = dfield(default_factory=list)
    init: str = ""
    checks: list[str] = dfield(default_factory=list)
    truncations: list[dict[str, Any]] = dfield(default_factory=list)
    extra: dict[str, Any] | None = None


def c_bytes(data: bytes) -> str:
    return ", ".join(f"0x{b:02x}" for b in data) if data else "0"


class _Lit:
    """Renders resolved values as C initialisers and comparisons."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.decls: list[str] = []
        self.n = 0

    def fresh(self, what: str) -> str:
        self.n += 1
        return f"{self.prefix}_{what}{self.n}"

    def init(self, st: Struct, vals: dict[str, Any], owner: Struct) -> str:
        parts = []
        if st.optional_from is not None:
            parts.append(f".has_{st.optional_from.name} = "
                         f"{vals['has_' + st.optional_from.name]}")
        for f in st.fields:
            v = vals[f.name]
            if f.kind == "int":
                parts.append(f".{f.name} = 0x{v:x}u")
            elif f.kind == "fixed_bytes":
                parts.append(f".{f.name} = {{ {c_bytes(v)} }}")
            elif f.kind == "bytes":
                if v:
                    name = self.fresh("bytes")
                    self.decls.append(f"static const uint8_t {name}[] = "
                                      f"{{ {c_bytes(v)} }};")
                    parts.append(f".{f.name} = {{ .data = {name}, .len = {len(v)} }}")
                else:
                    parts.append(f".{f.name} = {{ .data = NULL, .len = 0 }}")
            else:
                el = f.element
                member = "items"
                if f.select is not None:
                    sel = vals[f.select.name]
                    ev, el = next((ev, s) for ev, s in f.cases if ev.value == sel)
                    member = ev.name
                if not v:
                    parts.append(f".{f.name} = {{ .n = 0 }}")
                    continue
                name = self.fresh("items")
                if isinstance(el, IntType):
                    items = ", ".join(f"0x{x:x}u" for x in v)
                    self.decls.append(f"static const {el.ctype} {name}[] = "
                                      f"{{ {items} }};")
                else:
                    assert isinstance(el, Struct)
                    items = ", ".join(f"{{ {self.init(el, x, owner)} }}" for x in v)
                    self.decls.append(f"static const struct {N.struct(el)} "
                                      f"{name}[] = {{ {items} }};")
                parts.append(f".{f.name} = {{ .{member} = {name}, .n = {len(v)} }}")
        return ", ".join(parts)

    def checks(self, st: Struct, vals: dict[str, Any], var: str,
               owner: Struct) -> list[str]:
        out = []
        if st.optional_from is not None:
            h = f"has_{st.optional_from.name}"
            out.append(f"cr_assert_eq({var}.{h}, {vals[h]});")
        for f in st.fields:
            v = vals[f.name]
            ref = f"{var}.{f.name}"
            if f.kind == "int":
                out.append(f"cr_assert_eq({ref}, 0x{v:x}u);")
            elif f.kind == "fixed_bytes":
                name = self.fresh("fixed")
                self.decls.append(f"static const uint8_t {name}[] = "
                                  f"{{ {c_bytes(v)} }};")
                out.append(f"cr_assert_arr_eq({ref}, {name}, {len(v)});")
            elif f.kind == "bytes":
                out.append(f"cr_assert_eq({ref}.len, {len(v)});")
                if v:
                    name = self.fresh("exp")
                    self.decls.append(f"static const uint8_t {name}[] = "
                                      f"{{ {c_bytes(v)} }};")
                    out.append(f"cr_assert_arr_eq({ref}.data, {name}, {len(v)});")
            else:
                out.append(f"cr_assert_eq({ref}.n, {len(v)});")
                el = f.element
                getter = f"{N.array_type(owner if f.select else st, f)}_get"
                if f.select is not None:
                    sel = vals[f.select.name]
                    ev, el = next((ev, s) for ev, s in f.cases if ev.value == sel)
                    getter += f"_{ev.name}"
                for i, item in enumerate(v):
                    e = self.fresh("e")
                    if isinstance(el, IntType):
                        out.append(f"{{ {el.ctype} {e}; "
                                   f"cr_assert_eq({getter}(&{ref}, {i}, &{e}), 0); "
                                   f"cr_assert_eq({e}, 0x{item:x}u); }}")
                    else:
                        assert isinstance(el, Struct)
                        inner = self.checks(el, item, e, el)
                        out.append(f"{{ struct {N.struct(el)} {e}; "
                                   f"cr_assert_eq({getter}(&{ref}, {i}, &{e}), 0); "
                                   + " ".join(inner) + " }")
                e = self.fresh("e")
                decl = el.ctype if isinstance(el, IntType) else f"struct {N.struct(el)}"
                out.append(f"{{ {decl} {e}; cr_assert_eq({getter}(&{ref}, "
                           f"{len(v)}, &{e}), -ERANGE); }}")
        return [c for c in out if c]


def build_vector(name: str, st: Struct, values: dict[str, Any], data: bytes,
                 golden: bool) -> Vector:
    vec = Vector(name, st, refmodel.resolve(st, values), data, golden)
    lit = _Lit(name)
    vec.init = lit.init(st, vec.values, st)
    vec.checks = lit.checks(st, vec.values, "out", st)
    vec.decls = lit.decls
    if golden:
        for cut in range(len(data)):
            r = refmodel.check_bytes(st, data[:cut])
            vec.truncations.append(
                dict(len=cut, ok=r is None,
                     reason=r[0] if r else "", field=r[1] if r else "",
                     offset=r[2] if r else 0))
        if st.length == "exact":
            r = refmodel.check_bytes(st, data + b"\0")
            assert r is not None
            vec.extra = dict(reason=r[0], field=r[1], offset=r[2])
    return vec


def vectors(proto: Protocol) -> tuple[list[Vector], list[Vector]]:
    """(golden vectors from the examples, seeded random vectors)."""
    golden = []
    for m in proto.messages + proto.notifications:
        for ex in m.examples:
            for part in ex.parts:
                golden.append(build_vector(f"{m.name}_{ex.name}_{part.role}",
                                           part.payload, part.values, part.data,
                                           True))
    rng = random.Random(SEED)
    rand = []
    for st in proto.payloads:
        if st.unknown:
            continue
        for i in range(RANDOM_PER_PAYLOAD):
            vals = randvec.values(rng, st)
            data, _ = refmodel.encode(st, vals)
            rand.append(build_vector(f"{st.name}_rand{i}", st, vals, data, False))
    return golden, rand
