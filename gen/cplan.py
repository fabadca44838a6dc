"""Decisions for the C backend: what each generated function does, field by field.

The templates only render these plans; every choice (which checks a field
needs, which counts become locals, which helper reads a width, whether an
element needs its own validator) is made here.
"""

from __future__ import annotations

from dataclasses import dataclass, field as dfield

from . import cnames as N
from . import comments
from .idltypes import Field, IntType, Protocol, Run, Struct, Var, reachable


def wrap_doc(text: str) -> list[str]:
    """Doc text as comment lines (paragraphs kept, lines re-flowed at 72)."""
    out: list[str] = []
    for para in text.strip().split("\n\n"):
        if para.split():
            out += comments.words_to_lines(para, 72, 72) + [""]
    return out[:-1]


def summary(doc: str) -> str:
    """A doc's first sentence, for kernel-doc summaries (safe inside a C
    comment)."""
    t = " ".join(doc.split()).replace("*/", "* /")
    end = t.find(". ")
    return (t[:end] if end > 0 else t.rstrip(".")) or "No description."


@dataclass
class Check:
    cond: str
    reason: str
    field: str
    rel: int


@dataclass
class RunField:
    name: str
    kind: str          # int | fixed_bytes
    rel: int
    end: int           # rel + its width
    get: str = ""      # read expression (ints)
    put: str = ""      # store function (ints)
    size: int = 0      # fixed bytes
    local: str = ""    # count/selector local (a size_t) filled from this field
    local_get: str = ""   # its value read from the wire
    local_host: str = ""  # its value taken from the decoded host struct
    checks: list[Check] = dfield(default_factory=list)


@dataclass
class Op:
    """One step of a struct's layout, in order."""
    op: str                # run | optional | bytes | array | int_array |
    #                        select_array | pad
    name: str = ""
    size: int = 0
    fields: list[RunField] = dfield(default_factory=list)
    count: str = ""        # local holding the count (check/read)
    count_member: str = ""  # host member holding the count (measure)
    max: int | None = None
    stride: int = 0        # fixed element size, 0 if variable
    elem: str = ""         # element C base name (struct elements)
    elem_decl: str = ""    # element host type (struct ... or uintN_t)
    elem_check: bool = False  # elements need their own check function
    int_elem: IntType | None = None
    cases: list[dict] = dfield(default_factory=list)
    absent: list[str] = dfield(default_factory=list)  # optional: zeroing
    select_local: str = ""
    select_member: str = ""
    align: int = 0
    has: str = ""
    comment: str = ""      # what this step of the layout is, for the reader
    exact_end: bool = False  # ends an exact payload: one test, cut or trailing


@dataclass
class Member:
    decl: str
    name: str
    doc: str


@dataclass
class CStruct:
    """Everything the templates need about one struct or payload."""
    st: Struct
    cname: str
    base: str
    title: str
    summary: str
    members: list[Member]
    ops: list[Op]
    locals: list[str]
    wire: str
    kwire: str
    wire_members: list[tuple[str, str, int, int]]  # decl, name, offset, size
    wire_flex: str
    wire_size: int
    unknown: bool
    variable: bool
    exact: bool
    fixed_size: int | None
    min_macro: str
    max_macro: str
    min_size: int
    max_size: int
    pname: str          # C expression naming the payload in error records
    qual: str           # prefix of field names in error records
    last: str           # the last field, named by a TRAILING record
    fast: dict | None   # little-endian fast path of the first run
    used: bool = False          # an element of some array
    needs_check: bool = False   # elements need their own check function

    @property
    def check_p(self) -> bool:
        """Does the validator read bytes?"""
        return any(o.op in ("pad", "select_array") or
                   (o.op == "run" and any(f.checks or f.local for f in o.fields))
                   or (o.op == "array" and o.elem_check)
                   for o in self.ops)

    @property
    def check_loop(self) -> bool:
        """Does the validator call element check functions?"""
        return any((o.op == "array" and o.elem_check) or
                   (o.op == "select_array" and any(c["check"] for c in o.cases))
                   for o in self.ops)

    @property
    def trailing_check(self) -> bool:
        """Does the validator test for trailing bytes after its last part?"""
        return self.exact and bool(self.ops) and not self.ops[-1].exact_end

    @property
    def check_ret(self) -> bool:
        """Does the validator keep the result of a check it calls?"""
        return self.check_loop or any(o.op == "pad" for o in self.ops)

    @property
    def var_elems(self) -> bool:
        return any(o.op == "array" and not o.stride for o in self.ops)

    @property
    def write_loop(self) -> bool:
        return any(o.op in ("array", "int_array", "select_array")
                   for o in self.ops)


def needs_check(st: Struct) -> bool:
    """Does validating one element of *st* need more than a length check?"""
    return any(f.is_variable or f.counts or
               (f.kind == "int" and int_checks(f, "", 0)) for f in st.fields)


def int_checks(f: Field, get: str, rel: int,
               kernel: bool = False) -> list[Check]:
    out = []
    if f.reserved == "zero":
        out.append(Check(f"{get} != 0", "RESERVED_NONZERO", f.name, rel))
    if f.enum is not None and f.enum.closed:
        out.append(Check(f"!{N.PREFIX}{f.enum.name}_valid({get})", "ENUM_VALUE",
                         f.name, rel))
    if f.flags is not None and f.flags.closed:
        mask = N.flag_mask(f.flags)
        out.append(Check(f"{get} & ~({N.host_int(64, kernel)}){mask}",
                         "FLAGS_UNKNOWN", f.name, rel))
    if f.checked_max is not None:
        out.append(Check(f"{get} > {f.max}u", "VALUE_RANGE", f.name, rel))
    return out


# Largest value a C size constant (`...ull`) can hold: *_MAX_SIZE and the
# table's max_size saturate here (a 64-bit count allows more than 2^64 bytes).
U64_MAX = (1 << 64) - 1


def c_max_size(st: Struct) -> int:
    """@st's largest encoding as C states it: saturated at UINT64_MAX."""
    return min(st.max_size, U64_MAX)


def as_size(itype: IntType, expr: str) -> str:
    """*expr*, an integer of type *itype*, as a size_t local. A 64-bit value
    may not fit a 32-bit size_t: it saturates at SIZE_MAX, which no buffer
    length can reach, instead of being truncated to a small count."""
    if itype.width > 4:
        return f"gunyah_rm_size_from_u64({expr})"
    return expr


def _pow2_gcd(align: int, size: int) -> int:
    """The largest power of two dividing both @align and @size (@size > 0)."""
    while size % align:
        align //= 2
    return align


def absent_stmts(st: Struct) -> list[str]:
    """C statements a decoder runs when @st's optional part is absent: the
    presence flag and every member of the part are zeroed, so that the
    decoded struct is fully defined without a memset() of the whole."""
    assert st.optional_from is not None
    fields = st.fields[st.fields.index(st.optional_from):]
    out = [f"out->has_{st.optional_from.name} = 0;"]
    for f in fields:
        if f.kind == "int":
            out.append(f"out->{f.name} = 0;")
        elif f.kind == "fixed_bytes":
            out.append(f"memset(out->{f.name}, 0, {f.size});")
        else:
            out.append(f"memset(&out->{f.name}, 0, sizeof(out->{f.name}));")
    return out


def _members(st: Struct) -> list[Member]:
    members: list[Member] = []
    for f in st.fields:
        if f is st.optional_from:
            members.append(Member("uint8_t", f"has_{f.name}",
                                  f"the optional part from @{f.name} on is "
                                  f"present ({st.condition.strip()})"))
        doc = " ".join(f.doc.split()) or f.name.replace("_", " ")
        if f.reserved:
            doc += f" (reserved, {'must be zero' if f.reserved == 'zero' else 'ignored'})"
        if f.kind == "int":
            assert f.itype
            extra = ""
            if f.enum:
                extra = f" (&enum {N.enum_type(f.enum)})"
            elif f.flags:
                extra = f" ({N.PREFIX.upper()}{f.flags.name.upper()}_* flags)"
            members.append(Member(f.itype.ctype, f.name, doc + extra))
        elif f.kind == "fixed_bytes":
            members.append(Member("uint8_t", f"{f.name}[{f.size}]", doc))
        elif f.kind == "bytes":
            members.append(Member(f"struct {N.PREFIX}bytes", f.name, doc))
        else:
            members.append(Member(f"struct {N.array_type(st, f)}", f.name, doc))
    return members


def _run_op(st: Struct, item: Run, kernel: bool,
            locals_: list[str]) -> Op:
    names = [f.name for f, _ in item.fields]
    shown = names[0] if len(names) == 1 else f"{names[0]} .. {names[-1]}"
    op = Op("run", size=item.size,
            comment=f"{shown}: {item.size} fixed bytes")
    for f, rel in item.fields:
        end = rel + f.fixed_width
        if f.kind != "int":
            op.fields.append(RunField(f.name, "fixed_bytes", rel, end,
                                      size=f.size))
            continue
        assert f.itype
        at = f"p + off + {rel}" if rel else "p + off"
        get = f"{N.getter(f.itype)}({at})"
        rf = RunField(f.name, "int", rel, end, get=get, put=N.putter(f.itype),
                      checks=int_checks(f, get, rel, kernel))
        if f.counts or any(g.select is f for g in st.fields):
            rf.local = f"c_{f.name}"
            rf.local_get = as_size(f.itype, get)
            rf.local_host = as_size(f.itype, f"out->{f.name}")
            locals_.append(rf.local)
        op.fields.append(rf)
    return op


def _var_op(f: Field) -> Op:
    assert f.count is not None
    common: dict = dict(name=f.name, count=f"c_{f.count.name}",
                        count_member=f.count.name, max=f.checked_max)
    if f.kind == "bytes":
        return Op("bytes", comment=f"{f.name}: {f.count.name} bytes", **common)
    if f.select is not None:
        return Op("select_array", cases=_cases(f),
                  comment=f"{f.name}: {f.count.name} elements, typed by "
                  f"{f.select.name}",
                  select_local=f"c_{f.select.name}",
                  select_member=f.select.name, **common)
    if isinstance(f.element, Struct):
        el = f.element
        size = f"{el.fixed_size}-byte" if el.fixed_size else "variable-size"
        return Op("array", stride=el.fixed_size or 0, elem=el.name,
                  elem_decl=f"struct {N.struct(el)}",
                  elem_check=needs_check(el) or not el.fixed_size,
                  comment=f"{f.name}: {f.count.name} {size} {el.name} "
                  f"elements", **common)
    assert isinstance(f.element, IntType)
    return Op("int_array", stride=f.element.width, int_elem=f.element,
              elem_decl=f.element.ctype,
              comment=f"{f.name}: {f.count.name} {f.element.name} integers",
              **common)


def _cases(f: Field) -> list[dict]:
    """The element types of a selected array, one per selector value."""
    return [dict(value=ev.value, name=ev.name, stride=cst.fixed_size,
                 elem=cst.name, check=needs_check(cst),
                 decl=f"struct {N.struct(cst)}") for ev, cst in f.cases]


def _var_align(f: Field, align: int) -> int:
    """The known alignment of the offset after counted field *f*."""
    if f.kind == "bytes":
        return 1
    if isinstance(f.element, IntType):
        return _pow2_gcd(align, f.element.width)
    for el in f.structs:
        align = _pow2_gcd(align, el.fixed_size or 1)
    return align


def _ops(st: Struct, kernel: bool) -> tuple[list[Op], list[str]]:
    ops: list[Op] = []
    locals_: list[str] = []
    # Known alignment of `off` (a power of two it is a multiple of): payloads
    # start at 0; elements may start anywhere.
    align = 64 if st.is_payload else 1
    for item in st.items:
        first = item.fields[0][0] if isinstance(item, Run) else item.field
        if st.optional_from is first:
            ops.append(Op("optional", has=f"has_{first.name}",
                          absent=absent_stmts(st)))
        if isinstance(item, Run):
            align = _pow2_gcd(align, item.size)
            ops.append(_run_op(st, item, kernel, locals_))
            continue
        f = item.field
        ops.append(_var_op(f))
        align = _var_align(f, align)
        if f.pad_to:
            # No padding op where the offset is already aligned: after an
            # RM list of 4-byte-multiple elements, for instance.
            if align < f.pad_to:
                ops.append(Op("pad", name=f.name, align=f.pad_to))
            align = max(align, f.pad_to)
    if ops and st.is_payload and st.length == "exact":
        last = ops[-1]
        last.exact_end = last.op in ("run", "bytes") or (
            last.op in ("array", "int_array") and bool(last.stride) and
            not last.elem_check)
    return ops, locals_


def _wire(st: Struct, kernel: bool) -> tuple[list[tuple[str, str, int, int]],
                                             str, int]:
    """The packed wire struct of *st*'s fixed head: members, flexible array
    member, size."""
    members: list[tuple[str, str, int, int]] = []
    flex = ""
    byte = N.host_int(8, kernel)
    head = st.head
    if head is None:
        return members, flex, 0
    for f, rel in head.fields:
        if f.kind == "int":
            assert f.itype
            members.append((N.wire_int(f.itype, kernel), f.name, rel,
                            f.itype.width))
        else:
            members.append((byte, f"{f.name}[{f.size}]", rel, f.size))
    nxt = st.items[1] if len(st.items) > 1 else None
    if isinstance(nxt, Var) and not st.optional_from:
        g = nxt.field
        if g.kind == "bytes":
            flex = f"{byte} {g.name}[]"
        elif isinstance(g.element, Struct) and g.element.fixed_size and \
                g.select is None:
            el = N.kwire(g.element) if kernel else N.wire(g.element)
            flex = f"struct {el} {g.name}[]"
        elif isinstance(g.element, IntType):
            flex = f"{N.wire_int(g.element, kernel)} {g.name}[]"
    return members, flex, head.size if members else 0


def plan_struct(st: Struct, kernel: bool = False) -> CStruct:
    ops, locals_ = _ops(st, kernel)
    wire_members, wire_flex, wire_size = _wire(st, kernel)
    return CStruct(
        st, N.struct(st), st.name, st.title,
        summary(st.doc) if st.doc else st.title, _members(st), ops, locals_,
        N.wire(st), N.kwire(st), wire_members, wire_flex, wire_size,
        st.unknown, st.fixed_size is None or st.optional_from is not None,
        st.length == "exact", st.fixed_size,
        N.size_macro(st, "MIN"), N.size_macro(st, "MAX"), st.min_size,
        c_max_size(st),
        pname=f'"{st.name}"' if st.is_payload else "payload",
        qual="" if st.is_payload else f"{st.name}.",
        last=st.last,
        fast=fast_first_run(st),
        needs_check=needs_check(st))


def fast_first_run(st: Struct) -> dict | None:
    """A little-endian fast path for the first run of fixed fields of *st*
    (the whole struct when it has a fixed size): the host offsets of its
    fields (natural alignment from 0 assumed) and the runs of them whose
    host offset minus wire offset is the same, each of which a single
    memcpy() copies: [host offset, wire offset, length]. None if a field is
    not a little-endian integer or fixed byte string. The C code guards the
    path with offsetof() checks the compiler folds, so a wrong guess only
    costs the fast path, never correctness."""
    if st.unknown or st.optional_from is not None or not st.items or \
            not isinstance(st.items[0], Run):
        return None
    host = 0
    offsets: list[tuple[str, int]] = []
    runs: list[list[int]] = []
    for f, _ in st.items[0].fields:
        if f.kind == "int":
            assert f.itype
            if f.itype.endian == "be":
                return None
            align = f.itype.width
        else:
            align = 1
        host = -(-host // align) * align
        assert f.offset is not None
        width = f.fixed_width
        offsets.append((f.name, host))
        if runs and runs[-1][0] - runs[-1][1] == host - f.offset and \
                runs[-1][0] + runs[-1][2] == host:
            runs[-1][2] += width
        else:
            runs.append([host, f.offset, width])
        host += width
    return dict(offsets=offsets, runs=runs)


@dataclass
class ArrayType:
    cname: str
    elem_decl: str       # element host type (struct ... or uintN_t)
    elem_base: str       # element C base name (structs), or ""
    stride: int          # fixed element size, 0 if variable
    int_elem: IntType | None
    cases: list[dict]
    doc: str


def array_types(proto: Protocol) -> list[ArrayType]:
    """Every array host type the payloads and structs need, each once."""
    seen: dict[str, ArrayType] = {}
    for st in reachable(proto.structs) + proto.payloads:
        for f in st.fields:
            if f.kind != "array":
                continue
            name = N.array_type(st, f)
            if name in seen:
                continue
            if f.select is not None:
                seen[name] = ArrayType(name, "", "", 0, None, _cases(f),
                                       f"elements of {st.name}.{f.name}, typed "
                                       f"by {f.select.name}")
            elif isinstance(f.element, Struct):
                el = f.element
                seen[name] = ArrayType(name, f"struct {N.struct(el)}", el.name,
                                       el.fixed_size or 0, None, [],
                                       f"a counted array of &struct {N.struct(el)}")
            else:
                assert isinstance(f.element, IntType)
                seen[name] = ArrayType(name, f.element.ctype, "", f.element.width,
                                       f.element, [],
                                       f"a counted array of {f.element.name} "
                                       f"integers")
    return list(seen.values())
