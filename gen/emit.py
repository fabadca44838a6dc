"""Render the C backend's templates into outputs."""

from __future__ import annotations

import os
from typing import Any, Callable

import jinja2

from . import cnames as N
from . import comments, cplan, kernel, stubplan, tableplan, testplan
from .idltypes import Protocol
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
    return env


def context(proto: Protocol, idl_display: str, regen: str,
            kernel: bool = False) -> dict[str, Any]:
    structs = [cplan.plan_struct(s, kernel) for s in cplan.struct_order(proto)]
    payloads = [cplan.plan_struct(p, kernel) for p in proto.payloads]
    arrays = cplan.array_types(proto)
    used = {a.elem_base for a in arrays} | \
        {c["elem"] for a in arrays for c in a.cases}
    for cs in structs:
        cs.used = cs.base in used
    enums = []
    for e in proto.enums:
        enums.append(dict(
            cname=N.enum_type(e), summary=cplan.summary(e.doc),
            closed=e.closed,
            members=[dict(macro=N.enum_member(e, v.name), value=v.value,
                         name=v.name, doc=" ".join(v.doc.split()))
                    for v in e.values],
            unique_values=[dict(macro=N.enum_member(e, v.name), name=v.name)
                           for v in e.unique_values]))
    flags = []
    for fl in proto.flags:
        flags.append(dict(
            cname=f"{N.PREFIX}{fl.name}", summary=cplan.summary(fl.doc),
            mask_macro=N.flag_mask(fl), mask=f"0x{fl.mask:x}u",
            bits=[dict(macro=N.flag_bit(fl, b.name), mask=f"0x{b.mask:x}u",
                       doc=cplan.summary(b.doc)) for b in fl.bits]))
    errors = []
    for e in proto.errors:
        errors.append(dict(macro=N.error_macro(e.name), value=f"0x{e.value:x}u",
                           name=e.name, doc=cplan.summary(e.doc),
                           errno_expr="0" if e.errno == "0" else f"-{e.errno}"))
    msgs = [dict(macro=N.msg_id(m), id=f"0x{m.id:08X}", summary=cplan.summary(m.doc),
                 name=m.name) for m in proto.messages]
    notifs = [dict(macro=N.msg_id(m), id=f"0x{m.id:08X}", summary=cplan.summary(m.doc),
                   name=m.name) for m in proto.notifications]
    return dict(
        spdx="SPDX-License-Identifier: " +
        ("GPL-2.0-only OR BSD-3-Clause" if kernel else "BSD-3-Clause"),
        idl_name=idl_display, sha256=proto.sha256, regen=regen,
        ty={f"u{b}": cplan.host_int(b, kernel) for b in (8, 16, 32, 64)},
        doc=cplan.wrap_doc(proto.doc),
        constants=[dict(macro=N.constant(c.name), value=f"0x{c.value:x}u"
                        if c.value > 9 else f"{c.value}u",
                        doc=cplan.summary(c.doc)) for c in proto.constants],
        errors=errors, messages=msgs, notifications=notifs, enums=enums,
        flags=flags, structs=structs, payloads=payloads,
        all_structs=structs + payloads, arrays=arrays,
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
