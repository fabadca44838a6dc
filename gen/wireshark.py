"""The Wireshark flavour: a Lua dissector for RM captures (docs/capture.md).

Decided here, from the model: filter names, display types, and the checks
of the C validators in their order (runs, counts, selectors, padding, exact
ends). The template writes these tables beside a fixed Lua engine.
"""

from __future__ import annotations

from typing import Any

from .idltypes import Field, IntType, Protocol, Run, Struct
from .output import Output

ROLES = {"request": "req", "response": "resp", "error_response": "err"}


class Raw(str):
    """Lua source written as it is (a reference such as F[3])."""

def lua(v: Any, ind: str = "") -> str:
    """*v* (dict, list, str, int, bool, Raw) as a Lua expression; None
    values of a dict are left out."""
    if isinstance(v, (Raw, bool)) or not isinstance(v, (str, dict, list)):
        return str(v).lower() if isinstance(v, bool) else \
            str(v) if isinstance(v, Raw) or v < 2**53 else f'"{v:x}"'
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    items = [lua(x, ind + "\t") for x in v] if isinstance(v, list) else [
        f"{k if isinstance(k, str) else f'[{k}]'} = {lua(x, ind + chr(9))}"
        for k, x in v.items() if x is not None]
    flat = "{ " + ", ".join(items) + " }" if items else "{}"
    if len(flat) + len(ind) <= 100 and "\n" not in flat:
        return flat
    return "{\n" + "".join(f"{ind}\t{i},\n" for i in items) + ind + "}"


class Plan:
    """The ProtoFields (each filter name once) and payload walks."""

    def __init__(self) -> None:
        self.fields: list[dict[str, Any]] = []
        self.index: dict[str, int] = {}

    def field(self, abbr: str, label: str, ftype: str, **kw: Any) -> Raw:
        spec = dict(abbr=abbr, label=label, type=ftype, **kw)
        if abbr not in self.index:
            self.fields.append(spec)
            self.index[abbr] = len(self.fields)
        assert self.fields[self.index[abbr] - 1] == spec, f"{abbr}: two types"
        return Raw(f"F[{self.index[abbr]}]")

    def integer(self, f: Field | None, t: IntType, abbr: str) -> dict[str, Any]:
        """Reading, showing and checking an integer (f: None for elements
        of an integer array, which validators do not check)."""
        enum, flags = (f.enum, f.flags) if f else (None, None)
        out: dict[str, Any] = dict(w=t.width, be=t.endian == "be" or None, f=self.field(
            abbr, abbr.rsplit(".", 1)[1], f"uint{t.bits}", strings=Raw(
                f"E.{enum.name}") if enum else None,
            base="HEX" if flags or t.width == 8 else "DEC"))
        if flags:
            out.update(fl=Raw(f"FL.{flags.name}"), bits=[self.field(
                f"{abbr}.{b.name}", b.name, "bool", width=t.bits, mask=b.mask)
                for b in flags.bits], fm=flags.mask if flags.closed else None)
        if f:
            out.update(rz=f.reserved == "zero" or None,
                       ev=Raw(f"E.{enum.name}") if enum and enum.closed else None,
                       max=f.checked_max)
        return out

    def layout(self, st: Struct, prefix: str) -> dict[str, Any]:
        """The ops that walk @st, its fields named under @prefix; failures
        name a field of an element struct as "struct.field", as C does."""
        qual = "" if st.is_payload else f"{st.name}."
        ops: list[dict[str, Any]] = []
        for item in st.items:
            first = item.fields[0][0] if isinstance(item, Run) else item.field
            if first is st.optional_from:
                ops.append(dict(op="opt"))
            if isinstance(item, Run):
                ops.append(dict(op="run", size=item.size, fields=[dict(
                    n=f.name, q=qual + f.name, off=rel, size=f.fixed_width,
                    **(self.integer(f, f.itype, f"{prefix}.{f.name}") if f.itype
                       else dict(f=self.field(f"{prefix}.{f.name}", f.name, "bytes"))))
                    for f, rel in item.fields]))
                continue
            f, abbr = item.field, f"{prefix}.{item.field.name}"
            assert f.count is not None and f.count.itype
            op: dict[str, Any] = dict(
                op="array", n=f.name, q=qual + f.name, count=f.count.name,
                pad=f.pad_to or None,
                max=f.checked_max)
            if f.kind == "bytes":
                op.update(op="bytes", f=self.field(abbr, f.name, "bytes"))
            elif f.select is not None:
                op.update(op="sel", sel=f.select.name, selq=qual + f.select.name, cases={
                    ev.value: dict(self.layout(cst, abbr), stride=cst.fixed_size)
                    for ev, cst in f.cases})
            elif isinstance(f.element, Struct):
                op.update(stride=f.element.fixed_size, elem=self.layout(f.element, abbr))
            else:
                assert isinstance(f.element, IntType)
                op.update(stride=f.element.width, int=self.integer(None, f.element, abbr))
            ops.append(op)
        if not st.is_payload:
            return dict(ops=ops)
        fixed = st.length == "exact" and st.optional_from is None and len(ops) <= 1
        return dict(ops=ops, name=st.name, title=st.title, exact=st.length == "exact",
                    unknown=st.unknown or None, fixed=st.fixed_size if fixed else None,
                    last=st.last)


def generate(proto: Protocol, idl_display: str) -> list[Output]:
    """gunyah_rm.lua for @proto."""
    from .emit import environment
    plan, msgs = Plan(), []
    for m in proto.messages + proto.notifications:
        roles = {ROLES.get(role, "notif"): plan.layout(st, f"gunyah_rm.{m.name}" + (
            f".{ROLES[role]}" if role in ROLES else "")) for role, st in m.payloads}
        msgs.append(dict(id=m.id, notif=m.is_notification,
                         body=lua(dict(name=m.name, **roles))))
    text = environment().get_template("gunyah_rm.lua.j2").render(
        idl=idl_display, sha256=proto.sha256, errors=proto.errors, enums=proto.enums,
        flags=proto.flags, msgs=msgs, fields=[lua(f) for f in plan.fields])
    return [Output("gunyah_rm.lua", text, False)]
