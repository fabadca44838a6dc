"""The kernel flavour: Linux driver sources in the style of the seed driver.

Packed little-endian structs under the driver's names, zero-copy validators
(the same generated checks as the user-space library, over the same
byte-wise helpers), and RPC stubs with the seed's signatures over the
driver's allocating gunyah_rm_call(), filling requests with cpu_to_le*().
"""

from __future__ import annotations

import os
from typing import Any, Callable

from . import cnames as N
from . import cplan, stubplan
from .idltypes import Field, Protocol
from .output import Output

RUNTIME = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                       "runtime")
# Handwritten runtime files that build in the kernel as they are.
COPIES = (("include/gunyah_rm/wire.h", "gunyah_rm/wire.h"),
          ("include/gunyah_rm/overflow.h", "gunyah_rm/overflow.h"),
          ("src/wire.c", "gunyah_rm_wire.c"))


def _to_le(f: Field, expr: str) -> str:
    assert f.itype
    if f.itype.width == 1:
        return expr
    order = "be" if f.itype.endian == "be" else "le"
    return f"cpu_to_{order}{f.itype.bits}({expr})"


def _from_le(f: Field, expr: str) -> str:
    assert f.itype
    if f.itype.width == 1:
        return expr
    order = "be" if f.itype.endian == "be" else "le"
    return f"{order}{f.itype.bits}_to_cpu({expr})"


def _param_decl(f: Field) -> str:
    assert f.itype
    if f.enum is not None and all(v.value <= 0x7FFFFFFF for v in f.enum.values):
        return f"enum {N.enum_type(f.enum)}"
    return N.KERNEL_CTYPE[f.itype.width]


_OUT_DOC = {
    "fixed": "the response",
    "var": "set to the validated response; the caller must kfree() it",
}


def _returns_doc(kind: str, ret: dict[str, str] | None) -> str:
    """What a kernel stub of *kind* returns, for its kernel-doc."""
    if kind == "unknown":
        return "0, or the negative errno of gunyah_rm_call()."
    errs = ("a negative errno: that of gunyah_rm_call(), or -EBADMSG when "
            "the response does not validate.")
    if kind != "returns":
        return "0, or " + errs
    assert ret is not None
    present = " if present, else 0" if ret["present"] else ""
    return f"@{ret['field']} of the response{present}, or {errs}"


def stub_views(proto: Protocol) -> list[dict[str, Any]]:
    out = []
    for m in proto.messages:
        sv = stubplan.plan(m)
        if sv is None or sv.param is None:
            continue
        req, resp = sv.req, sv.resp
        p = sv.param
        params = []
        for prm in sv.params:
            f = req.field(prm.field)
            assert f is not None
            params.append(dict(decl=_param_decl(f), name=prm.name, doc=prm.doc))
        inits = []
        for fname, value in p["inits"]:
            f = req.field(fname)
            assert f is not None
            inits.append((fname, _to_le(f, value)))
        has_wire = resp.head is not None
        if resp.unknown:
            kind = "unknown"
        elif p["returns"]:
            kind = "returns"
        elif not resp.fields:
            kind = "none"
        elif resp.is_fixed and has_wire:
            kind = "fixed"
        else:
            kind = "var"
        ret = None
        if kind == "returns":
            rf = resp.field(p["returns"])
            assert rf is not None and rf.itype and rf.offset is not None
            tail = resp.optional_from
            ret = dict(expr=_from_le(rf, f"resp_payload->{rf.name}"),
                       field=rf.name,
                       present=(f"resp_size > {tail.offset}"
                                if rf.optional and tail and tail.offset is not None
                                else ""))
        out.append(dict(
            name=p["name"], summary=sv.summary, doc=p["doc"], params=params,
            out_doc=_OUT_DOC.get(kind, ""),
            returns_doc=cplan.wrap_doc("Return: " + _returns_doc(kind, ret)),
            macro=sv.macro, req_wire=N.kwire(req) if req.fields else "",
            inits=inits, kind=kind, ret=ret, out=p["out"],
            resp_wire=N.kwire(resp) if has_wire else "",
            resp_validate=f"{N.struct(resp)}_validate"))
    return out


def jobs(proto: Protocol, ctx: dict[str, Any],
         template: Callable[[str, str], Callable[[], Any]]) -> list[Callable[[], Any]]:
    """One job per output: the runtime copies, then the templates."""
    ctx["g"]["kstubs"] = stub_views(proto)

    def copy(src: str, rel: str) -> Callable[[], Any]:
        def read() -> Any:
            with open(os.path.join(RUNTIME, src), encoding="utf-8") as f:
                return Output(rel, f.read(), False)
        return read

    return [copy(src, rel) for src, rel in COPIES] + [
        template(tmpl, rel) for tmpl, rel in (
            ("kprotocol.h.j2", "gunyah_rm_protocol.h"),
            ("kprotocol.c.j2", "gunyah_rm_protocol.c"),
            ("krpc.c.j2", "gunyah_rm_rpc.c"))]
