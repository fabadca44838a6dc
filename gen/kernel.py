"""The kernel flavour: a drop-in for the Linux Gunyah driver's rsc_mgr_rpc.c.

By default it emits only what the driver's RPC functions reach: the IDs,
packed structs and reply validators of their messages, and the validators
of the notifications the driver handles; --kernel-select adds messages,
notifications or families. Types the driver's headers define are checked
with static_assert()s, not defined again. docs/kernel.md has the details.
"""

from __future__ import annotations

import os
from typing import Any, Callable

from . import cnames as N
from . import cplan, stubplan
from .idltypes import Field, Message, Protocol, Struct
from .output import Output

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Files copied as they are: runtime headers, and kernel/'s handwritten RPCs.
COPIES = (("runtime/include/gunyah_rm/wire.h", "gunyah_rm/wire.h"),
          ("runtime/include/gunyah_rm/overflow.h", "gunyah_rm/overflow.h"),
          ("kernel/gunyah_rm_driver.c", "gunyah_rm_driver.c"))

# The message behind gunyah_rm_vm_set_boot_context(), per Linux series.
SERIES = {"v16": "vm_set_boot_context_v16", "v17": "vm_set_boot_context"}
# rsc_mgr.h's other RPCs: generated from their message's IDL stub ...
GENERATED = ("vm_dealloc_vmid", "vm_reset", "vm_start", "vm_stop",
             "vm_config_image", "vm_init", "vm_set_address_layout",
             "vm_get_hyp_resources")
# ... or handwritten in kernel/gunyah_rm_driver.c, which sends these.
HANDWRITTEN = ("vm_alloc_vmid", "vm_get_vmid", "vm_set_demand_paging",
               "mem_lend", "mem_share", "mem_append", "mem_reclaim")
NOTIFICATIONS = ("vm_exited", "vm_status")  # enum gunyah_rm_notification_id
# Structs rsc_mgr.h and linux/gunyah.h define, by kernel name, with the
# driver's names of the fields it names differently.
DRIVER_STRUCTS = {"hyp_resource": {}, "hyp_resources": {},
                  "vm_exited_payload": {}, "vm_status_payload": {},
                  "mem_acl_entry": {"rights": "perms"},
                  "mem_entry": {"ipa": "phys_addr", "gpa": "phys_addr"}}
# Enums and flag sets they define: (enum type or "", member prefix). Of an
# enum, the members the IDL attributes to LNX are checked; a flag set's
# macros do not clash with the IDL's, which are defined too.
DRIVER_ENUMS = {"vm_status": ("gunyah_rm_vm_status", "GUNYAH_RM_VM_STATUS_"),
                "vm_auth_mechanism": ("gunyah_rm_vm_auth_mechanism",
                                      "GUNYAH_RM_VM_AUTH_"),
                "mem_type": ("gunyah_rm_mem_type", "GUNYAH_RM_MEM_TYPE_"),
                "address_range_id": ("gunyah_rm_range_id",
                                     "GUNYAH_RM_RANGE_ID_"),
                "hyp_resource_type": ("gunyah_resource_type",
                                      "GUNYAH_RESOURCE_TYPE_"),
                "acl_rights": ("", "GUNYAH_RM_ACL_")}


class SelectError(Exception):
    """A --kernel-select item names nothing in the IDL."""


def select(proto: Protocol, series: str, extra: list[str]
           ) -> tuple[list[Message], list[Message]]:
    """The messages and notifications of the output: the drop-in's, and
    those *extra* names (messages, notifications, families or 'all')."""
    want = set(GENERATED + HANDWRITTEN + (SERIES[series],) + NOTIFICATIONS)
    for item in extra:
        hits = {m.name for m in proto.messages + proto.notifications
                if item in ("all", m.name, m.family)}
        if not hits:
            raise SelectError(f"--kernel-select: no message, notification or "
                              f"family is named '{item}'")
        want |= hits
    return ([m for m in proto.messages if m.name in want],
            [n for n in proto.notifications if n.name in want])


def _fields(structs: list[Struct]) -> list[Field]:
    return [f for s in structs for f in s.fields]


def _elements(structs: list[Struct]) -> list[Struct]:
    """The element structs *structs* reach, innermost first."""
    out: list[Struct] = []
    for f in _fields(structs):
        for el in [f.element] + [c for _, c in f.cases]:
            if isinstance(el, Struct) and el not in out:
                out += [e for e in _elements([el]) if e not in out] + [el]
    return out


def _param_decl(f: Field) -> str:
    assert f.itype
    if f.enum is not None and DRIVER_ENUMS.get(f.enum.name, ("",))[0]:
        return "enum " + DRIVER_ENUMS[f.enum.name][0]
    return N.KERNEL_CTYPE[f.itype.width]


def _to_le(f: Field, expr: str) -> str:
    assert f.itype
    if f.itype.width == 1:
        return expr
    return f"cpu_to_{f.itype.endian}{f.itype.bits}({expr})"


def _stub(m: Message, name: str, canon: dict[Any, Struct]
          ) -> dict[str, Any] | None:
    """The kernel RPC function of *m* from its IDL stub, named *name*, over
    the *canon*ical payload of each YAML node; none for a stub that returns
    a reply field (kernel/ writes those)."""
    sv = stubplan.plan(m)
    if sv is None or sv.param is None or sv.param["returns"]:
        return None
    req, resp, p = sv.req, sv.resp, sv.param
    params = [dict(decl=_param_decl(p["fields"][q.field]), name=q.name,
                   doc=q.doc) for q in sv.params]
    inits = [(f, _to_le(p["fields"][f], v)) for f, v in p["inits"]]
    kind = ("unknown" if resp.unknown else "none" if not resp.fields else
            "fixed" if resp.is_fixed else "var")
    errs = "0, or the error of gunyah_rm_call()"
    if kind in ("fixed", "var"):
        errs += ", or -EBADMSG when the reply does not validate"
    return dict(
        name=N.stub(name), summary=sv.summary, doc=p["doc"], params=params,
        out=p["out"], kind=kind, macro=sv.macro, inits=inits,
        req_wire=N.kwire(canon[req.loc]) if req.fields else "",
        resp_wire=N.kwire(canon[resp.loc]) if resp.fields else "",
        returns_doc=cplan.wrap_doc(f"Return: {errs}."))


def context(proto: Protocol, g: dict[str, Any], series: str,
            extra: list[str]) -> dict[str, Any]:
    """The kernel templates' view of the selection (added to *g*)."""
    msgs, notifs = select(proto, series, extra)
    canon: dict[Any, Struct] = {}  # one codec per payload layout (YAML node)
    for m in msgs + notifs:
        for role, st in m.payloads:
            if role != "error_response":
                canon.setdefault(st.loc, st)
    payloads = list(canon.values())
    received = [canon[st.loc] for m in msgs + notifs
                for role, st in m.payloads if role in ("response", "payload")]
    elems = _elements(payloads)
    views = {v.st: v for v in g["all_structs"]}
    for v in views.values():
        v.cname = v.kwire
    checked = [views[s] for s in _elements(received) if views[s].needs_check]
    enums = {f.enum.name for f in _fields(payloads + elems) if f.enum}
    flags = {f.flags.name for f in _fields(payloads + elems) if f.flags}
    asserts = []  # conditions the driver's definitions must meet
    for e in proto.enums:
        if e.name in DRIVER_ENUMS.keys() & enums:
            asserts += [f"{DRIVER_ENUMS[e.name][1]}{v.name.upper()} == "
                        f"{v.value}" for v in e.values if "LNX" in v.sources]
    for fl in proto.flags:
        if fl.name in DRIVER_ENUMS.keys() & flags:
            asserts += [f"{DRIVER_ENUMS[fl.name][1]}{b.name.upper()} == "
                        f"{b.mask:#x}" for b in fl.bits]
    driver = []
    for st in elems + payloads:
        fields = DRIVER_STRUCTS.get(st.kernel_name or st.name)
        if fields is not None and st.fields:
            kw = N.kwire(st)
            asserts.append(f"sizeof(struct {kw}) == {views[st].wire_size}")
            asserts += [f"offsetof(struct {kw}, {fields.get(f.name, f.name)}) "
                        f"== {f.offset}" for f in st.fields
                        if f.offset is not None and not f.is_variable]
            driver.append(st)
    names = {SERIES[series]: "vm_set_boot_context"}
    stubs: list[dict[str, Any]] = []
    for m in msgs:
        s = None if m.name in HANDWRITTEN else _stub(
            m, names.get(m.name, m.stub.name if m.stub else m.name), canon)
        if s and s["name"] not in {t["name"] for t in stubs}:
            s["driver"] = m.name in GENERATED or m.name in names
            stubs.append(s)
    return dict(
        kseries=series, kselect=", ".join(extra) or "none",
        kmsgs=[v for v in g["messages"] if v["name"] in
               {m.name for m in msgs}],
        knotifs=[dict(v, driver=v["name"] in NOTIFICATIONS)
                 for v in g["notifications"]
                 if v["name"] in {n.name for n in notifs}],
        kenums=[e for e, pe in zip(g["enums"], proto.enums)
                if pe.name in enums - DRIVER_ENUMS.keys()],
        kflags=[f for f, pf in zip(g["flags"], proto.flags)
                if pf.name in flags],
        kstructs=[views[s] for s in elems + payloads
                  if s not in driver and views[s].wire_members],
        kasserts=list(dict.fromkeys(asserts)), kchecks=checked,
        kvalidate=[views[s] for s in payloads  # standard replies: none
                   if s in received and (s.fields or s.unknown)],
        kstubs=stubs)


def jobs(proto: Protocol, ctx: dict[str, Any],
         template: Callable[[str, str], Callable[[], Any]],
         series: str = "v16", extra: list[str] | None = None
         ) -> list[Callable[[], Any]]:
    """One job per output: the copies, then the templates."""
    ctx["g"].update(context(proto, ctx["g"], series, extra or []))

    def copy(src: str, rel: str) -> Callable[[], Any]:
        def read() -> Output:
            with open(os.path.join(REPO, src), encoding="utf-8") as f:
                return Output(rel, f.read(), False)
        return read

    wire = [("runtime/src/wire.c", "gunyah_rm_wire.c")] if extra else []
    return [copy(src, rel) for src, rel in COPIES + tuple(wire)] + [
        template(tmpl, rel) for tmpl, rel in (
            ("kprotocol.h.j2", "gunyah_rm_protocol.h"),
            ("kprotocol.c.j2", "gunyah_rm_protocol.c"),
            ("krpc.c.j2", "gunyah_rm_rpc.c"))]
