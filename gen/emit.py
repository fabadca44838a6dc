"""Render the C backend's templates into outputs."""

from __future__ import annotations

import os
from typing import Any

import jinja2

from . import cnames as N
from . import comments, cplan, kernel, stubplan, tableplan, testplan
from .idltypes import Message, Protocol, reachable
from .output import Output

TEMPLATE_DIR = os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), "templates")
REPO_DIR = os.path.dirname(TEMPLATE_DIR)


# Every file of the user flavour, relative to the output directory, and
# the template that writes it.
OUTPUTS = {
    "include/gunyah_rm/protocol.h": "protocol.h.j2",
    "src/protocol.c": "codec.c.j2",
    "src/table.c": "table.c.j2",
    "include/gunyah_rm/stubs.h": "stubs.h.j2",
    "src/stubs.c": "stubs.c.j2",
    "tests/test_golden.c": "test_vectors.c.j2",
    "tests/test_differential.c": "test_vectors.c.j2",
    "tests/vectors.c": "vectors.c.j2",
}


def outputs(flavor: str, kernel_extra: bool = False) -> list[str]:
    """The files of *flavor*; a kernel selection beyond the drop-in's
    (*kernel_extra*) brings the runtime's gunyah_rm_wire.c too."""
    if flavor == "kernel":
        return list(kernel.files(kernel_extra))
    return ["gunyah_rm.lua"] if flavor == "wireshark" else list(OUTPUTS)


def shift_tabs(text: str, n: int) -> str:
    """*text* with every non-empty line indented by *n* more tabs."""
    return "\n".join("\t" * n + ln if ln else ln for ln in text.split("\n"))


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined, autoescape=False)
    env.filters.update(shift_tabs=shift_tabs, comment=comments.comment)
    env.globals.update(define=comments.define, kdoc_item=comments.kdoc_item,
                       kdoc_text=comments.kdoc_text)
    return env


def context(proto: Protocol, idl_display: str, regen: str,
            kernel: bool = False) -> dict[str, Any]:
    structs = [cplan.plan_struct(s, kernel) for s in reachable(proto.structs)]
    payloads = [cplan.plan_struct(p, kernel) for p in proto.payloads]
    arrays = cplan.array_types(proto)
    used = {a.elem_base for a in arrays} | \
        {c["elem"] for a in arrays for c in a.cases}
    for cs in structs:
        cs.used = cs.base in used
    enums = [dict(
        cname=N.enum_type(e), summary=cplan.summary(e.doc), closed=e.closed,
        members=[dict(macro=N.enum_member(e, v.name), value=v.value,
                      name=v.name, doc=" ".join(v.doc.split()))
                 for v in e.values],
        unique_values=[dict(macro=N.enum_member(e, v.name), name=v.name)
                       for v in e.unique_values]) for e in proto.enums]
    flags = [dict(
        cname=f"{N.PREFIX}{fl.name}", summary=cplan.summary(fl.doc),
        mask_macro=N.flag_mask(fl), mask=f"0x{fl.mask:x}u",
        bits=[dict(macro=N.flag_bit(fl, b.name), mask=f"0x{b.mask:x}u",
                   doc=cplan.summary(b.doc)) for b in fl.bits])
        for fl in proto.flags]
    errors = [dict(macro=N.error_macro(e.name), value=f"0x{e.value:x}u",
                   name=e.name, doc=cplan.summary(e.doc),
                   errno_expr="0" if e.errno == "0" else f"-{e.errno}")
              for e in proto.errors]

    def ids(msgs: list[Message]) -> list[dict[str, str]]:
        return [dict(macro=N.msg_id(m), id=f"0x{m.id:08X}", name=m.name,
                     summary=cplan.summary(m.doc)) for m in msgs]
    return dict(
        spdx="SPDX-License-Identifier: " +
        ("GPL-2.0-only OR BSD-3-Clause" if kernel else "BSD-3-Clause"),
        idl_name=idl_display, sha256=proto.sha256, regen=regen,
        ty={f"u{b}": N.host_int(b, kernel) for b in (8, 16, 32, 64)},
        doc=cplan.wrap_doc(proto.doc),
        constants=[dict(macro=N.constant(c.name), value=f"0x{c.value:x}u"
                        if c.value > 9 else f"{c.value}u",
                        doc=cplan.summary(c.doc)) for c in proto.constants],
        errors=errors, messages=ids(proto.messages),
        notifications=ids(proto.notifications), enums=enums,
        flags=flags, structs=structs, payloads=payloads,
        all_structs=structs + payloads, arrays=arrays,
        **tableplan.context(proto),
        **stubplan.context(proto),
    )


def generate(proto: Protocol, idl_display: str, regen: str,
             flavor: str = "user", series: str = "v16",
             extra: list[str] | None = None) -> list[Output]:
    """Every output of *flavor*, rendered (not yet formatted); the kernel
    flavour follows Linux *series* with the *extra* selection."""
    env = environment()
    g = context(proto, idl_display, regen, kernel=flavor == "kernel")

    def render(tmpl: str, rel: str, **more: Any) -> Output:
        return Output(rel, env.get_template(tmpl).render(g=g, **more), True)

    if flavor == "kernel":
        return kernel.generate(proto, g, render, series, extra or [])
    golden = testplan.golden_vectors(proto)
    tests = {
        "tests/test_golden.c": dict(
            suite="golden", **testplan.suite(golden),
            what="Golden vectors: the IDL's examples, bytes written by hand "
                 "from the protocol facts."),
        "tests/test_differential.c": dict(
            suite="differential",
            **testplan.suite(testplan.random_vectors(proto)),
            what="Differential tests: seeded random values encoded by "
                 "rmgen's independent Python reference model "
                 "(gen/refmodel.py)."),
        "tests/vectors.c": dict(vectors=[testplan.vector_view(v)
                                         for v in golden]),
    }
    return [render(tmpl, rel, t=tests.get(rel)) for rel, tmpl in OUTPUTS.items()]
