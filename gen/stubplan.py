"""Decisions for the generated RPC client stubs.

Every request/response message gets a struct stub, gunyah_rm_call_<msg>(),
that encodes the request, calls gunyah_rm_call() and validates and decodes
the response. Messages whose request is a fixed run of integers also get a
parameter stub, gunyah_rm_<name>(rm, field, ...) in the style of the Linux
driver; the IDL's `stub:` key names it and fixes or renames parameters.
"""

from __future__ import annotations

from dataclasses import dataclass, field as dfield
from typing import Any

from . import cnames as N
from . import cplan
from .idltypes import Field, Message, Protocol, Struct, Stub


@dataclass
class Param:
    decl: str
    name: str
    field: Field
    doc: str


@dataclass
class StubView:
    macro: str
    call: str              # gunyah_rm_call_<msg>
    summary: str
    req: Struct
    resp: Struct
    req_arg: bool          # takes a request struct
    req_buf: str           # buffer size expression ('' for empty requests)
    resp_arg: bool         # takes a response struct
    resp_views: bool       # the response points into a caller buffer
    resp_buf: str          # internal response buffer size ('' if caller's)
    returns_doc: list[str] = dfield(default_factory=list)  # kernel-doc
    param: dict[str, Any] | None = None
    params: list[Param] = dfield(default_factory=list)

    @property
    def req_cname(self) -> str:
        return N.struct(self.req)

    @property
    def resp_cname(self) -> str:
        return N.struct(self.resp)


def _returns(v: StubView) -> str:
    """What the call stub of *v* returns, for its kernel-doc."""
    errs = ["the request encoder's error"] if v.req_arg else []
    errs += ["an error of gunyah_rm_call() (the RM's error code mapped by "
             "the client's error_remap)"]
    if v.resp_views:
        errs += ["-EMSGSIZE when the reply is longer than @cap",
                 "-EBADMSG when it does not validate"]
    else:
        errs += ["-EBADMSG when the reply does not validate"]
    return "0, or " + ", ".join(errs[:-1]) + " or " + errs[-1] + "."


def _fixed_value(f: Field, value: Any) -> str:
    if isinstance(value, list) and f.flags is not None:
        bits = [N.flag_bit(f.flags, b) for b in value]
        return " | ".join(bits) or "0"
    if isinstance(value, str) and f.enum is not None:
        return N.enum_member(f.enum, value)
    return str(value)


def _param_decl(f: Field) -> str:
    assert f.itype
    if f.enum is not None and all(v.value <= 0x7FFFFFFF for v in f.enum.values):
        return f"enum {N.enum_type(f.enum)}"
    return f.itype.ctype


def plan(m: Message) -> StubView | None:
    req, resp = m.request, m.response
    if req is None or resp is None:
        return None
    req_empty = not req.unknown and not req.fields
    if req_empty:
        req_buf = ""
    elif not req.unknown and req.is_fixed:
        req_buf = N.size_macro(req, "MAX")
    else:
        req_buf = "GUNYAH_RM_RPC_MAX_PAYLOAD"
    resp_views = resp.unknown or any(f.is_variable for f in resp.fields)
    resp_empty = not resp.unknown and not resp.fields
    v = StubView(N.msg_id(m), N.call_stub(m), cplan.summary(m.doc), req, resp,
                 req_arg=not req_empty, req_buf=req_buf,
                 resp_arg=not resp_empty, resp_views=resp_views,
                 resp_buf="" if resp_views else
                 ("1" if resp_empty else N.size_macro(resp, "MAX")))
    v.returns_doc = cplan.wrap_doc("Return: " + _returns(v))
    if m.stub is None and (req.unknown or not req.is_fixed or
                           any(f.kind != "int" for f in req.fields)):
        return v
    # Without a `stub:` key, every non-reserved request field is a parameter.
    s = m.stub or Stub(m.name, [(f.name, f.name) for f in req.fields
                                if not f.reserved], {}, None, "", m.loc)
    for fname, pname in s.params:
        f = req.field(fname)
        assert f is not None
        v.params.append(Param(_param_decl(f), pname, f,
                              " ".join(f.doc.split()) or fname))
    inits = [(p.field, p.name) for p in v.params]
    for fname, value in s.fixed.items():
        f = req.field(fname)
        assert f is not None
        inits.append((f, _fixed_value(f, value)))
    rf = resp.field(s.returns) if s.returns else None
    if s.returns is None:
        ret_doc = f"Return: as {v.call}()."
    elif rf is not None and rf.optional:
        ret_doc = (f"Return: @{s.returns} of the response if present, else 0, "
                   f"or a negative errno as {v.call}().")
    else:
        ret_doc = (f"Return: @{s.returns} of the response, or a negative "
                   f"errno as {v.call}().")
    v.param = dict(
        name=N.stub(s.name), doc=s.doc, inits=inits, returns=s.returns,
        out=s.out,
        returns_has=(f"has_{resp.optional_from.name}"
                     if rf is not None and rf.optional else ""),
        resp_arg=v.resp_arg and s.returns is None,
        returns_doc=cplan.wrap_doc(ret_doc),
    )
    return v


def context(proto: Protocol) -> dict[str, Any]:
    stubs = [s for s in (plan(m) for m in proto.messages) if s is not None]
    notifs = [dict(macro=N.msg_id(n), cname=N.struct(n.payload))
              for n in proto.notifications if n.payload is not None]
    return dict(stubs=stubs, notif_validators=notifs)
