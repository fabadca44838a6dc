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
    truncations: list[dict[str, Any]] = dfield(default_factory=list)
    extra: dict[str, Any] | None = None


def c_list(head: str, items: list[str], tail: str = ";") -> str:
    """`head{ a, b, ... }tail` on one line (clang-format lays it out)."""
    return head + ("{ " + ", ".join(items) + " }" if items else "{ 0 }") + tail


class _Lit:
    """Renders resolved values as C initialisers (static arrays in decls)."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.decls: list[str] = []
        self.n = 0

    def fresh(self, what: str) -> str:
        self.n += 1
        return f"{self.prefix}_{what}{self.n}"

    def array(self, ctype: str, items: list[str]) -> str:
        """A new static array of *items*; its name."""
        name = self.fresh("items" if ctype != "uint8_t" else "bytes")
        self.decls.append(c_list(f"static const {ctype} {name}[] = ", items))
        return name

    def init(self, st: Struct, vals: dict[str, Any]) -> str:
        """The initialiser `{ .f = v, ... }` of a struct value."""
        parts = []
        if st.optional_from is not None:
            h = "has_" + st.optional_from.name
            parts.append(f".{h} = {vals[h]}")
        for f in st.fields:
            v = vals[f.name]
            if f.kind == "int":
                parts.append(f".{f.name} = 0x{v:x}u")
            elif f.kind == "fixed_bytes":
                parts.append(c_list(f".{f.name} = ", [f"0x{b:02x}" for b in v],
                                    ""))
            elif f.kind == "bytes":
                data = self.array("uint8_t", [f"0x{b:02x}" for b in v]) \
                    if v else "NULL"
                parts.append(f".{f.name} = {{ .data = {data}, .len = {len(v)} }}")
            elif not v:
                parts.append(f".{f.name} = {{ .n = 0 }}")
            else:
                el, member = f.element, "items"
                if f.select is not None:
                    sel = vals[f.select.name]
                    ev, el = next((ev, s) for ev, s in f.cases if ev.value == sel)
                    member = ev.name
                if isinstance(el, IntType):
                    name = self.array(el.ctype, [f"0x{x:x}u" for x in v])
                else:
                    assert isinstance(el, Struct)
                    name = self.array(f"struct {N.struct(el)}",
                                      [self.init(el, x) for x in v])
                parts.append(f".{f.name} = {{ .{member} = {name}, .n = {len(v)} }}")
        return c_list("", parts, "") if parts else "{ 0 }"


def expect_view(st: Struct) -> dict[str, Any]:
    """What `expect_<st>(out, exp, name)` compares: every field of a decoded
    *st*, arrays element by element through their accessors (for a selected
    array, those of the case the selector picks)."""
    fields = []
    for f in st.fields:
        view: dict[str, Any] = dict(name=f.name, kind=f.kind, size=f.size,
                                    cases=[])
        if f.kind == "array":
            cases = ([(None, "items", f.element)] if f.select is None else
                     [(ev, ev.name, el) for ev, el in f.cases])
            for ev, member, el in cases:
                assert el is not None
                view["cases"].append(dict(
                    member=member,
                    getter=f"{N.array_type(st, f)}_get" +
                    (f"_{ev.name}" if ev else ""),
                    var=f"e_{f.name}" + (f"_{member}" if ev else ""),
                    decl=el.ctype if isinstance(el, IntType)
                    else f"struct {N.struct(el)}",
                    expect="" if isinstance(el, IntType) else f"expect_{el.name}",
                    picked=f"exp->{f.select.name} == 0x{ev.value:x}u "
                    if ev and f.select else ""))
        fields.append(view)
    return dict(name=st.name, cname=N.struct(st), fields=fields,
                has=f"has_{st.optional_from.name}" if st.optional_from else "")


def element_structs(st: Struct) -> list[Struct]:
    """The element structs *st* reaches, innermost first, then *st*."""
    out: list[Struct] = []
    for f in st.fields:
        if f.kind != "array":
            continue
        els = [f.element] if f.select is None else [el for _, el in f.cases]
        for el in els:
            if isinstance(el, Struct):
                out.extend(x for x in element_structs(el) if x not in out)
    return out + [st]


def build_vector(name: str, st: Struct, values: dict[str, Any], data: bytes,
                 golden: bool, short: str) -> Vector:
    """A vector; *short* prefixes the names of its static arrays."""
    vec = Vector(name, st, refmodel.resolve(st, values), data, golden)
    lit = _Lit(short)
    vec.init = lit.init(st, vec.values)
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


def golden_vectors(proto: Protocol) -> list[Vector]:
    """The golden vectors: the IDL's examples."""
    golden: list[Vector] = []
    for m in proto.messages + proto.notifications:
        for ex in m.examples:
            for part in ex.parts:
                golden.append(build_vector(f"{m.name}_{ex.name}_{part.role}",
                                           part.payload, part.values, part.data,
                                           True, f"g{len(golden)}"))
    return golden


def random_vectors(proto: Protocol) -> list[Vector]:
    """Seeded random vectors, RANDOM_PER_PAYLOAD per payload."""
    rng = random.Random(SEED)
    rand: list[Vector] = []
    for st in proto.payloads:
        if st.unknown:
            continue
        for i in range(RANDOM_PER_PAYLOAD):
            vals = randvec.values(rng, st)
            data, _ = refmodel.encode(st, vals)
            rand.append(build_vector(f"{st.name}_rand{i}", st, vals, data, False,
                                     f"r{len(rand)}"))
    return rand


def wire_decl(v: Vector) -> str:
    """`static const uint8_t <name>_wire[] = { ... };`"""
    return c_list(f"static const uint8_t {v.name}_wire[] = ",
                  [f"0x{b:02x}" for b in v.data])


def _cut(c: dict[str, Any]) -> str:
    if c["ok"]:
        return "{ 1, 0, NULL, 0 }"
    return f'{{ 0, GUNYAH_RM_VERR_{c["reason"]}, "{c["field"]}", {c["offset"]} }}'


def suite(vecs: list[Vector]) -> dict[str, Any]:
    """What test_vectors.c.j2 needs: the vectors grouped by payload, each
    payload with the expect_*() functions it is the first to need."""
    groups: dict[str, list[Vector]] = {}
    for v in vecs:
        groups.setdefault(v.payload.name, []).append(v)
    done: set[str] = set()
    payloads = []
    for name, group in groups.items():
        st = group[0].payload
        expects = []
        for s in element_structs(st):
            if s.name not in done:
                done.add(s.name)
                expects.append(expect_view(s))
        views = []
        off = 0
        for v in group:
            cuts = [_cut(c) for c in v.truncations]
            if v.extra:
                cuts.append(_cut(dict(ok=False, **v.extra)))
            views.append(dict(
                name=v.name, decls=v.decls, init=v.init, cuts=cuts,
                entry=f'{{ "{v.name}", {off}, {len(v.data)}, '
                f'{v.name + "_cuts" if cuts else "NULL"}, '
                f'{1 if v.extra else 0} }}'))
            off += len(v.data)
        data = b"".join(v.data for v in group)
        payloads.append(dict(name=name, title=st.title, cname=N.struct(st),
                             expects=expects, vectors=views,
                             bytes_decl=c_list(
                                 f"static const uint8_t {name}_bytes[] = ",
                                 [f"0x{b:02x}" for b in data])))
    size = max((len(v.data) for v in vecs), default=0) + 16
    return dict(payloads=payloads, buf_size=size)
