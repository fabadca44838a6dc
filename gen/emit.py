"""Render the C backend's templates into outputs."""

from __future__ import annotations

import os
from typing import Any, Callable

import jinja2

from . import cnames as N
from . import comments, cplan, kernel, stubplan, tableplan, testplan
from .idltypes import Protocol, Struct
from .output import Output

TEMPLATE_DIR = os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), "templates")
REPO_DIR = os.path.dirname(TEMPLATE_DIR)


# Every file rmgen writes, relative to the output directory, per flavour.
OUTPUTS = (
    "include/gunyah_rm/protocol.h",
    "src/protocol.c",
    "src/table.c",
    "include/gunyah_rm/stubs.h",
    "src/stubs.c",
    "tests/test_golden.c",
    "tests/test_differential.c",
    "tests/vectors.c",
)
KERNEL_OUTPUTS = (
    "gunyah_rm/wire.h",
    "gunyah_rm/overflow.h",
    "gunyah_rm_driver.c",
    "gunyah_rm_protocol.h",
    "gunyah_rm_protocol.c",
    "gunyah_rm_rpc.c",
)


def outputs(flavor: str, kernel_extra: bool = False) -> tuple[str, ...]:
    """The files of *flavor*; a kernel selection beyond the drop-in's
    (*kernel_extra*) brings the runtime's gunyah_rm_wire.c too."""
    if flavor != "kernel":
        return OUTPUTS
    return KERNEL_OUTPUTS + (("gunyah_rm_wire.c",) if kernel_extra else ())


def shift_tabs(text: str, n: int) -> str:
    """*text* with every non-empty line indented by *n* more tabs."""
    if not n:
        return text
    pad = "\t" * n
    return "\n".join(pad + line if line else line for line in text.split("\n"))


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined, autoescape=False)
    env.filters["shift_tabs"] = shift_tabs
    env.filters["comment"] = comments.comment
    env.globals["define"] = comments.define
    env.globals["kdoc_item"] = comments.kdoc_item
    env.globals["kdoc_text"] = comments.kdoc_text
    env.globals["verr"] = verr_call
    return env


def c_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _summary(doc: str) -> str:
    return cplan.one_line(doc).replace("*/", "* /")


def exact_tail(st: Struct, ops: list[cplan.Op]) -> bool:
    """An exact payload that ends in a byte string or an array of fixed-size
    elements with nothing to check: its validator tests the remaining
    length against that field's size once, for a cut and trailing bytes."""
    if not ops or not st.is_payload or st.length != "exact":
        return False
    last = ops[-1]
    return last.op == "bytes" or (last.op in ("array", "int_array") and
                                  bool(last.stride) and not last.elem_check)


def verr_call(s: dict[str, Any], reason: str, field: str,
              off: str | int) -> str:
    """The C expression a validator of struct view *s* returns when the
    check of *field* (a names-object member, `names.field`) fails for
    *reason* at offset *off*: the short gunyah_rm_verr_field() form for a
    field of the payload's own names object, else gunyah_rm_verr_set()."""
    if s["self_names"] and field.startswith(s["names"] + "."):
        return (f"gunyah_rm_verr_field(err, GUNYAH_RM_VERR_{reason}, "
                f"{s['self_names']}, {field}, {off})")
    return (f"gunyah_rm_verr_set(err, GUNYAH_RM_VERR_{reason}, {s['pname']}, "
            f"{field}, {off})")


def struct_view(cs: cplan.CStruct, used_check: set[str]) -> dict[str, Any]:
    """Everything a template needs about one struct or payload."""
    ops = cs.ops
    elem_loop = any((o.op == "array" and (o.elem_check or not o.stride)) or
                    (o.op == "select_array" and any(c["check"] for c in o.cases))
                    for o in ops)
    var_loop = any(o.op == "array" and not o.stride for o in ops)
    st = cs.st
    last = st.fields[-1].name if st.fields else "(payload)"
    summary = _summary(st.doc) if st.doc else st.title
    rest = cs.doc[1:] if len(cs.doc) > 1 else []
    return dict(
        cname=cs.cname, base=cs.base, title=cs.title, summary=summary,
        doc_rest=[], members=cs.members, ops=ops, locals=cs.locals,
        wire=N.wire(st), wire_members=cs.wire_members, wire_flex=cs.wire_flex,
        wire_size=cs.wire_size, unknown=cs.unknown, variable=cs.variable,
        exact=st.length == "exact",
        names=cs.names, name_members=cs.name_members,
        pname=f"{cs.names}.{cs.self_member}" if cs.self_member else "payload",
        self_names=f"&{cs.names}" if cs.self_member else "",
        last_ref=f"{cs.names}.{last}" if st.fields else '"(payload)"',
        exact_tail=exact_tail(st, ops),
        fixed_size=st.fixed_size,
        fixed_exact=(st.is_payload and not st.unknown and st.length == "exact"
                     and st.optional_from is None and st.fixed_size is not None
                     and len(ops) <= 1),
        min_macro=N.size_macro(st, "MIN"), max_macro=N.size_macro(st, "MAX"),
        min_size=st.min_size, max_size=cplan.c_max_size(st),
        uses_check=cs.base in used_check,
        loops_check=elem_loop, ret_check=elem_loop or any(o.op == "pad" for o in ops),
        loops_read=var_loop,
        p_check=any(o.op in ("pad", "bytes") and o.op == "pad" or
                    (o.op == "run" and any(f.checks or f.local for f in o.fields))
                    for o in ops) or elem_loop,
        loops_measure=var_loop, ret_measure=var_loop,
        loops_write=any(o.op in ("array", "int_array", "select_array") for o in ops),
        _rest=rest, _st=st,
        fast=cplan.fast_read(st) if not st.unknown else None,
        fast_prefix=cplan.fast_prefix(st) if not st.unknown else None,
    )


def context(proto: Protocol, idl_display: str, regen: str,
            kernel: bool = False) -> dict[str, Any]:
    structs = cplan.struct_order(proto)
    plans_s = [cplan.plan_struct(s, kernel) for s in structs]
    plans_p = [cplan.plan_struct(p, kernel) for p in proto.payloads]
    used_check: set[str] = set()
    for cs in plans_s + plans_p:
        for o in cs.ops:
            if o.op == "array" and (o.elem_check or not o.stride):
                used_check.add(o.elem)
            if o.op == "select_array":
                used_check.update(c["elem"] for c in o.cases if c["check"])
    sv = [struct_view(c, used_check) for c in plans_s]
    used = {a.elem_base for a in cplan.array_types(proto)} | \
        {c["elem"] for a in cplan.array_types(proto) for c in a.cases}
    # Element readers the .c calls itself: selected arrays and variable-size
    # elements (fixed-size ones are read by the inline accessors).
    read_in_c = {c["elem"] for a in cplan.array_types(proto) for c in a.cases} | \
        {a.elem_base for a in cplan.array_types(proto) if not a.stride}
    for v in sv:
        v["used"] = v["base"] in used
        v["read_in_c"] = v["base"] in read_in_c
    pv = [struct_view(c, used_check) for c in plans_p]
    enums = []
    for e in proto.enums:
        enums.append(dict(
            cname=N.enum_type(e), summary=_summary(e.doc),
            doc_rest=[], closed=e.closed,
            members=[dict(macro=N.enum_member(e, v.name), value=v.value,
                         name=v.name, doc=" ".join(v.doc.split()))
                    for v in e.values],
            unique_values=[dict(macro=N.enum_member(e, v.name), name=v.name)
                           for v in e.unique_values]))
    flags = []
    for fl in proto.flags:
        flags.append(dict(
            cname=f"{N.PREFIX}{fl.name}", summary=_summary(fl.doc),
            mask_macro=N.flag_mask(fl), mask=f"0x{fl.mask:x}u",
            bits=[dict(macro=N.flag_bit(fl, b.name), mask=f"0x{b.mask:x}u",
                       doc=_summary(b.doc)) for b in fl.bits]))
    errors = []
    for e in proto.errors:
        errors.append(dict(macro=N.error_macro(e.name), value=f"0x{e.value:x}u",
                           name=e.name, doc=_summary(e.doc),
                           errno_expr="0" if e.errno == "0" else f"-{e.errno}"))
    msgs = [dict(macro=N.msg_id(m), id=f"0x{m.id:08X}", summary=_summary(m.doc),
                 name=m.name) for m in proto.messages]
    notifs = [dict(macro=N.msg_id(m), id=f"0x{m.id:08X}", summary=_summary(m.doc),
                   name=m.name) for m in proto.notifications]
    for v in sv + pv:
        v["kwire"] = N.kwire(v["_st"])
    return dict(
        spdx="SPDX-License-Identifier: " +
        ("GPL-2.0-only OR BSD-3-Clause" if kernel else "BSD-3-Clause"),
        idl_name=idl_display, sha256=proto.sha256, regen=regen,
        ty={f"u{b}": cplan.host_int(b, kernel) for b in (8, 16, 32, 64)},
        doc=cplan.wrap_doc(proto.doc),
        constants=[dict(macro=N.constant(c.name), value=f"0x{c.value:x}u"
                        if c.value > 9 else f"{c.value}u",
                        doc=_summary(c.doc)) for c in proto.constants],
        errors=errors, messages=msgs, notifications=notifs, enums=enums,
        flags=flags, structs=sv, payloads=pv, all_structs=sv + pv,
        arrays=cplan.array_types(proto),
        **tableplan.context(proto),
        **_stub_context(proto),
    )


TESTS = (
    ("tests/test_golden.c", "golden", True,
     "Golden vectors: the IDL's examples, bytes written by hand from the "
     "protocol facts."),
    ("tests/test_differential.c", "differential", False,
     "Differential tests: seeded random values encoded by rmgen's "
     "independent Python reference model (gen/refmodel.py)."),
)


def generate(proto: Protocol, idl_display: str, regen: str,
             flavor: str = "user", **kernel_opts: Any) -> list[Output]:
    """Every output of *flavor*, rendered (not yet formatted); the kernel
    flavour takes kernel.jobs()'s series and extra selection."""
    env = environment()
    kernel_flavor = flavor == "kernel"
    ctx = {"g": context(proto, idl_display, regen, kernel=kernel_flavor)}

    def template(tmpl: str, rel: str, **extra: Any) -> Callable[[], Output]:
        return lambda: Output(rel, env.get_template(tmpl).render(
            **extra, **ctx), True)

    if kernel_flavor:
        jobs = kernel.jobs(proto, ctx, template, **kernel_opts)
    else:
        jobs = [template(tmpl, rel) for tmpl, rel in (
            ("protocol.h.j2", "include/gunyah_rm/protocol.h"),
            ("codec.c.j2", "src/protocol.c"),
            ("table.c.j2", "src/table.c"),
            ("stubs.h.j2", "include/gunyah_rm/stubs.h"),
            ("stubs.c.j2", "src/stubs.c"))]
        for rel, name, golden, what in TESTS:
            vecs = testplan.golden_vectors(proto) if golden else \
                testplan.random_vectors(proto)
            jobs.append(template("test_vectors.c.j2", rel, t=dict(
                suite=name, what=what, **testplan.suite(vecs))))
        jobs.append(template("vectors.c.j2", "tests/vectors.c", t=dict(
            vectors=[_vector_view(v) for v in testplan.golden_vectors(proto)])))
    done = [job() for job in jobs]
    assert sorted(o.relpath for o in done) == sorted(outputs(
        flavor, bool(kernel_opts.get("extra")))), \
        "OUTPUTS is stale"
    return done


def _stub_context(proto: Protocol) -> dict[str, Any]:
    ctx = stubplan.context(proto)
    for s in ctx["stubs"]:
        s.req_cname = N.struct(s.req)  # type: ignore[attr-defined]
        s.resp_cname = N.struct(s.resp)  # type: ignore[attr-defined]
    return ctx


def _vector_view(v: testplan.Vector) -> dict[str, Any]:
    return dict(name=v.name, message=v.payload.name, len=len(v.data),
                role=v.name.rsplit("_", 1)[-1],
                wire_decl=testplan.wire_decl(v))
