"""The kernel flavour: a drop-in for the Linux Gunyah driver's rsc_mgr_rpc.c.

By default only what the drop-in's RPCs reach is emitted: their messages'
IDs, packed structs and reply validators, and the validators of the
notifications the driver handles; --kernel-select adds more. The driver's
interface is kernel/linux_driver.yaml; docs/kernel.md has the details.
"""

from __future__ import annotations

import os
from typing import Any, Callable

import yaml

from . import cnames as N
from . import cplan, stubplan
from .idltypes import Field, Message, Protocol, Struct, reachable
from .output import Output

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Every file of the flavour: copied from the repository as it is (runtime
# headers, kernel/'s handwritten RPCs) or rendered from a template.
FILES = {
    "gunyah_rm/wire.h": "runtime/include/gunyah_rm/wire.h",
    "gunyah_rm/overflow.h": "runtime/include/gunyah_rm/overflow.h",
    "gunyah_rm_driver.c": "kernel/gunyah_rm_driver.c",
    "gunyah_rm_protocol.h": "kprotocol.h.j2",
    "gunyah_rm_protocol.c": "kprotocol.c.j2",
    "gunyah_rm_rpc.c": "krpc.c.j2",
}


class SelectError(Exception):
    """A --kernel-select item names nothing in the IDL."""


def driver() -> dict[str, Any]:
    with open(os.path.join(REPO, "kernel", "linux_driver.yaml"),
              encoding="utf-8") as f:
        return yaml.safe_load(f)  # type: ignore[no-any-return]


def select(proto: Protocol, drv: dict[str, Any], series: str,
           extra: list[str]) -> tuple[list[Message], list[Message]]:
    """The messages and notifications of the output: the drop-in's, and
    those *extra* names (messages, notifications, families or 'all')."""
    want = {drv["series"][series], *drv["generated"], *drv["handwritten"],
            *drv["notifications"]}
    for item in extra:
        hits = {m.name for m in proto.messages + proto.notifications
                if item in ("all", m.name, m.family)}
        if not hits:
            raise SelectError(f"--kernel-select: no message, notification or "
                              f"family is named '{item}'")
        want |= hits
    return ([m for m in proto.messages if m.name in want],
            [n for n in proto.notifications if n.name in want])


def _elements(structs: list[Struct]) -> list[Struct]:
    """The element structs *structs* (payloads) reach, innermost first."""
    return [s for s in reachable(structs) if not s.is_payload]


def _stub(m: Message, name: str, canon: dict[Any, Struct],
          enums: dict[str, list[str]]) -> dict[str, Any] | None:
    """The RPC function *name* from *m*'s IDL stub, over the canonical
    payload of each YAML node; none for a stub returning a reply field."""
    sv = stubplan.plan(m)
    if sv is None or sv.param is None or sv.param["returns"]:
        return None
    req, resp, p = sv.req, sv.resp, sv.param

    def decl(f: Field) -> str:  # the driver's enum type, else an integer
        assert f.itype
        typ = enums.get(f.enum.name, [""])[0] if f.enum else ""
        return f"enum {typ}" if typ else N.host_int(f.itype.bits, True)

    def to_le(f: Field, v: str) -> str:
        assert f.itype
        e, bits = f.itype.endian, f.itype.bits
        return f"cpu_to_{e}{bits}({v})" if e else v

    kind = ("unknown" if resp.unknown else "none" if not resp.fields else
            "fixed" if resp.is_fixed else "var")
    errs = "0, or the error of gunyah_rm_call()" + (
        ", or -EBADMSG when the reply does not validate"
        if kind in ("fixed", "var") else "")
    return dict(
        name=N.stub(name), summary=sv.summary, doc=p["doc"], out=p["out"],
        params=[dict(decl=decl(q.field), name=q.name, doc=q.doc)
                for q in sv.params],
        inits=[(f.name, to_le(f, v)) for f, v in p["inits"]],
        kind=kind, macro=sv.macro,
        req_wire=N.kwire(canon[req.loc]) if req.fields else "",
        resp_wire=N.kwire(canon[resp.loc]) if resp.fields else "",
        returns_doc=cplan.wrap_doc(f"Return: {errs}."))


def context(proto: Protocol, g: dict[str, Any], series: str,
            extra: list[str]) -> dict[str, Any]:
    """The kernel templates' view of the selection (added to *g*)."""
    drv = driver()
    denums, dstructs = drv["enums"], drv["structs"]
    msgs, notifs = select(proto, drv, series, extra)
    canon: dict[Any, Struct] = {}  # one codec per payload layout (YAML node)
    for m in msgs + notifs:
        for role, st in m.payloads:
            if role != "error_response":  # the driver never passes those on
                canon.setdefault(st.loc, st)
    payloads = list(canon.values())
    received = [canon[st.loc] for m in msgs + notifs
                for role, st in m.payloads if role in ("response", "payload")]
    elems = _elements(payloads)
    views = {v.st: v for v in g["all_structs"]}
    for v in views.values():
        v.cname = v.kwire
    fields = [f for s in payloads + elems for f in s.fields]
    enums = {f.enum.name for f in fields if f.enum}
    flags = {f.flags.name for f in fields if f.flags}
    asserts = [f"{denums[e.name][1]}{v.name.upper()} == {v.value}"
               for e in proto.enums if e.name in denums.keys() & enums
               for v in e.values if "LNX" in v.sources]
    asserts += [f"{denums[fl.name][1]}{b.name.upper()} == {b.mask:#x}"
                for fl in proto.flags if fl.name in denums.keys() & flags
                for b in fl.bits]
    provided = [st for st in elems + payloads
                if (st.kernel_name or st.name) in dstructs and st.fields]
    for st in provided:
        kw, names = N.kwire(st), dstructs[st.kernel_name or st.name]
        asserts.append(f"sizeof(struct {kw}) == {views[st].wire_size}")
        asserts += [f"offsetof(struct {kw}, {names.get(f.name, f.name)}) == "
                    f"{f.offset}" for f in st.fields
                    if f.offset is not None and not f.is_variable]
    boot = drv["series"][series]
    stubs: list[dict[str, Any]] = []
    for m in msgs:
        name = "vm_set_boot_context" if m.name == boot else \
            m.stub.name if m.stub else m.name
        if name == "vm_set_boot_context" and m.name != boot:
            continue  # the series' message has the driver's function
        s = None if m.name in drv["handwritten"] else \
            _stub(m, name, canon, denums)
        if s and s["name"] not in {t["name"] for t in stubs}:
            s["driver"] = m.name in drv["generated"] or m.name == boot
            stubs.append(s)
    names = {m.name for m in msgs + notifs}
    return dict(
        kseries=series, kselect=", ".join(extra) or "none",
        kmsgs=[v for v in g["messages"] if v["name"] in names],
        knotifs=[dict(v, driver=v["name"] in drv["notifications"])
                 for v in g["notifications"] if v["name"] in names],
        kenums=[e for e, pe in zip(g["enums"], proto.enums)
                if pe.name in enums - denums.keys()],
        kflags=[f for f, pf in zip(g["flags"], proto.flags)
                if pf.name in flags],
        kstructs=[views[s] for s in elems + payloads
                  if s not in provided and views[s].wire_members],
        kasserts=list(dict.fromkeys(asserts)),
        kchecks=[views[s] for s in _elements(received)
                 if views[s].needs_check],
        kvalidate=[views[s] for s in payloads  # standard replies: none
                   if s in received and (s.fields or s.unknown)],
        kstubs=stubs)


def files(extra: bool) -> dict[str, str]:
    """Output path -> source; a selection beyond the drop-in's (*extra*)
    needs the runtime's wire.c too."""
    return FILES | ({"gunyah_rm_wire.c": "runtime/src/wire.c"} if extra else {})


def generate(proto: Protocol, g: dict[str, Any],
             render: Callable[[str, str], Output], series: str,
             extra: list[str]) -> list[Output]:
    """The flavour's outputs: the copies, and the templates rendered with
    *g* (extended by context())."""
    g.update(context(proto, g, series, extra))
    out = []
    for rel, src in files(bool(extra)).items():
        if src.endswith(".j2"):
            out.append(render(src, rel))
            continue
        with open(os.path.join(REPO, src), encoding="utf-8") as f:
            out.append(Output(rel, f.read(), False))
    return out
