"""Render the C backend's templates, lay them out, write if changed."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Callable

import jinja2

from . import cnames as N
from . import (cache, comments, cplan, layout, parallel, stubplan, tableplan,
               testplan)
from .idltypes import Protocol, Struct

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
    "gunyah_rm_wire.c",
    "gunyah_rm_protocol.h",
    "gunyah_rm_protocol.c",
    "gunyah_rm_rpc.c",
)


def outputs(flavor: str) -> tuple[str, ...]:
    return KERNEL_OUTPUTS if flavor == "kernel" else OUTPUTS


class EmitError(Exception):
    """Generation failed after the IDL was accepted (tooling, file system)."""


@dataclass
class Output:
    relpath: str
    text: str
    clang_format: bool


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates, cached per user (templates are keyed by checksum)."""
    path = cache.cache_dir("jinja")
    return jinja2.FileSystemBytecodeCache(path) if path else None


def shift_tabs(text: str, n: int) -> str:
    """*text* with every non-empty line indented by *n* more tabs."""
    if not n:
        return text
    pad = "\t" * n
    return "\n".join(pad + line if line else line for line in text.split("\n"))


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        bytecode_cache=_bytecode_cache(),
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


def jobs(proto: Protocol, idl_display: str, regen: str,
         flavor: str = "user") -> list[tuple[Callable[[], Output], int]]:
    """One rendering job per output, with a rough weight (its cost)."""
    env = environment()
    kernel = flavor == "kernel"
    ctx = {"g": context(proto, idl_display, regen, kernel=kernel)}

    def template(tmpl: str, rel: str, **extra: Any) -> Callable[[], Output]:
        return lambda: Output(rel, env.get_template(tmpl).render(
            **extra, **ctx), True)

    if kernel:
        from . import kernel as kmod
        return [(job, 1) for job in kmod.jobs(proto, ctx, template)]

    def suite(rel: str, name: str, golden: bool, what: str) -> Output:
        vecs = testplan.golden_vectors(proto) if golden else \
            testplan.random_vectors(proto)
        t = dict(suite=name, what=what, **testplan.suite(vecs))
        return template("test_vectors.c.j2", rel, t=t)()

    def table() -> Output:
        t = dict(vectors=[_vector_view(v)
                          for v in testplan.golden_vectors(proto)])
        return template("vectors.c.j2", "tests/vectors.c", t=t)()

    # Weights: milliseconds each took (compiling its templates, rendering,
    # laying out) in a run with nothing cached (92 IDs, 1.8 MB of output).
    out: list[tuple[Callable[[], Output], int]] = [
        (lambda a=args: suite(*a), 21 if args[2] else 28) for args in TESTS]
    out.append((table, 9))
    for tmpl, rel, weight in (("protocol.h.j2", "include/gunyah_rm/protocol.h", 41),
                              ("codec.c.j2", "src/protocol.c", 109),
                              ("table.c.j2", "src/table.c", 19),
                              ("stubs.h.j2", "include/gunyah_rm/stubs.h", 7),
                              ("stubs.c.j2", "src/stubs.c", 14)):
        out.append((template(tmpl, rel), weight))
    return out


def generate(proto: Protocol, idl_display: str, regen: str,
             flavor: str = "user", clang_format: bool = False) -> list[Output]:
    """Every output, rendered and laid out; the files are shared among
    worker processes (gen/parallel.py)."""
    planned = jobs(proto, idl_display, regen, flavor)

    def work(job: Callable[[], Output]
             ) -> Callable[[], tuple[Output, layout.Layout | None]]:
        def run() -> tuple[Output, layout.Layout | None]:
            o = job()
            if not o.clang_format or clang_format:
                return o, None
            return o, layout.layout(o.text)
        return run

    try:
        done = parallel.run([work(job) for job, _ in planned],
                            [weight for _, weight in planned])
    except parallel.WorkerError as e:
        raise EmitError(f"generation failed:\n{e}") from None
    names = KERNEL_OUTPUTS if flavor == "kernel" else OUTPUTS
    assert sorted(o.relpath for o, _ in done) == sorted(names), "OUTPUTS is stale"
    return finish(done, clang_format)


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


def finish(done: list[tuple[Output, layout.Layout | None]],
           clang_format: bool = False) -> list[Output]:
    """The outputs in the repository's clang-format style.

    Each C output comes with its gen/layout.py layout; the snippets those
    leave go to one clang-format run. With *clang_format*, the whole C
    outputs go to clang-format instead (no layouts).
    """
    fmt = [(o, lay) for o, lay in done if o.clang_format]
    if clang_format:
        texts = _clang_format([(o.relpath, o.text) for o, _ in fmt])
        formatted = dict(zip((o.relpath for o, _ in fmt), texts))
    else:
        laid = [(o, lay) for o, lay in fmt if lay is not None]
        assert len(laid) == len(fmt), "a C output was not laid out"
        snippets = [(k, i, p) for k, (_, lay) in enumerate(laid)
                    for i, p in enumerate(lay.parts)
                    if isinstance(p, layout.Snippet)]
        per_file: list[dict[int, str]] = [{} for _ in laid]
        if snippets:
            from . import fmt as fmt_mod
            batch = fmt_mod.batch([p.text for _, _, p in snippets])
            try:
                answers = fmt_mod.unbatch(
                    _clang_format([("snippets.c", batch)])[0])
            except EmitError as e:
                k, _, first = snippets[0]
                raise EmitError(
                    f"{e}; it is needed for {len(snippets)} line(s) of a shape "
                    f"gen/cbreak.py does not lay out, the first in "
                    f"{laid[k][0].relpath}: {_kept_line(first)}") from None
            for (k, i, _), ans in zip(snippets, answers):
                per_file[k][i] = ans
        formatted = {o.relpath: layout.join(lay, per_file[k])
                     for k, (o, lay) in enumerate(laid)}
    return [Output(o.relpath, formatted.get(o.relpath, o.text), o.clang_format)
            for o, _ in done]


def _kept_line(snip: layout.Snippet) -> str:
    """The generated line a snippet holds, without its context."""
    lines = snip.text.split("\n")
    return "\n".join(lines[snip.prefix_lines:len(lines) - snip.suffix_lines])


def _clang_format(files: list[tuple[str, str]]) -> list[str]:
    """The (relpath, text) pairs formatted by clang-format (gen/fmt.py,
    imported only when something is left for clang-format)."""
    from . import fmt as fmt_mod
    try:
        return fmt_mod.format_all(files, os.path.join(REPO_DIR, ".clang-format"))
    except fmt_mod.FormatError as e:
        raise EmitError(str(e)) from None


def write_if_changed(outdir: str, outputs: list[Output]) -> list[str]:
    """Write each output unless identical; atomically. Returns written paths."""
    written = []
    for o in outputs:
        path = os.path.join(outdir, o.relpath)
        try:
            with open(path, encoding="utf-8") as f:
                if f.read() == o.text:
                    continue
        except FileNotFoundError:
            pass
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = f"{path}.tmp{os.getpid()}"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(o.text)
        os.replace(tmp, path)
        written.append(path)
    return written


def stale(outdir: str, outputs: list[Output]) -> list[str]:
    """Outputs whose file in *outdir* is missing or differs."""
    bad = []
    for o in outputs:
        path = os.path.join(outdir, o.relpath)
        try:
            with open(path, encoding="utf-8") as f:
                if f.read() != o.text:
                    bad.append(path)
        except FileNotFoundError:
            bad.append(path)
    return bad
