"""Build the resolved protocol model from the loaded IDL tree.

Resolves names (enums, flag sets, structs, count fields), expands RM lists,
computes layouts (constant offsets, fixed/min/max sizes) and reports every
semantic error with its location. Examples are checked in :mod:`examples`.
"""

from __future__ import annotations

import hashlib
import keyword
import re

from . import schema as S
from .diag import Diagnostics, IdlError, IdlErrors, Loc
from .loader import MDict, MList
from .idltypes import (INT_TYPES, NO_BYTE_ORDER, Alias, Constant, Enum,
                    EnumValue, ErrorCode, Example, ExamplePart, Field, FlagBit,
                    Flags, IntType, Message, Protocol, Run, Source, Struct,
                    Stub, Var)

IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
C_KEYWORDS = frozenset("""auto break case char const continue default do double
else enum extern float for goto if inline int long register restrict return
short signed sizeof static struct switch typedef union unsigned void volatile
while _Bool _Complex _Imaginary _Alignas _Alignof _Atomic _Generic _Noreturn
_Static_assert _Thread_local bool true false""".split())
STATUSES = ("server", "client_only", "removed", "later")
ERRNO_NAMES = frozenset("""EPERM ENOENT EIO E2BIG ENOMEM EACCES EBUSY EEXIST
ENODEV EINVAL ENOSPC ERANGE EOPNOTSUPP EBADMSG EPROTO ETIMEDOUT EOVERFLOW
EMSGSIZE ENOTSUP ENXIO EAGAIN EFAULT""".split())


def _ident(diag: Diagnostics, loc: Loc, name: str, what: str) -> bool:
    if not IDENT.match(name):
        diag.error(loc, f"{what} '{name}' is not a C identifier")
        return False
    if name in C_KEYWORDS or keyword.iskeyword(name) and name in C_KEYWORDS:
        diag.error(loc, f"{what} '{name}' is a C keyword")
        return False
    return True


class _Builder:
    """One model build: holds the tables being filled while resolving."""

    def __init__(self, tree: MDict, path: str, sha256: str) -> None:
        self.tree = tree
        self.path = path
        self.sha256 = sha256
        self.diag = Diagnostics()
        self.enums: dict[str, Enum] = {}
        self.flags: dict[str, Flags] = {}
        self.structs: dict[str, Struct] = {}
        self.sources: dict[str, Source] = {}
        # Named payloads shared through a YAML anchor: node identity -> Struct.
        self.shared: dict[int, Struct] = {}
        self.shared_names: dict[str, Struct] = {}

    # ----------------------------------------------------------- helpers
    def int_type(self, node: MDict, key: str) -> IntType | None:
        name = node[key]
        if name in INT_TYPES:
            return INT_TYPES[name]
        if name in NO_BYTE_ORDER:
            self.diag.error(node.vloc(key),
                            f"integer type '{name}' has no byte order; use "
                            f"{NO_BYTE_ORDER[name]}")
        else:
            self.diag.error(node.vloc(key),
                            f"unknown integer type '{name}' (expected one of "
                            f"{', '.join(INT_TYPES)})")
        return None

    def source_list(self, node: MDict) -> list[str]:
        seq = node.get("sources")
        if not isinstance(seq, MList):
            return []
        out = []
        for i, tag in enumerate(seq):
            if not isinstance(tag, str) or tag not in self.sources:
                self.diag.error(seq.iloc(i),
                                f"unknown source tag {tag!r} (declare it in the "
                                f"top-level 'sources')")
            else:
                out.append(tag)
        return out

    # ----------------------------------------------------------- top level
    def build(self) -> Protocol:
        t = self.tree
        if not S.check_keys(t, S.TOP, self.diag, t.loc):
            self.diag.raise_if_any()
        if t["rmgen"] != 1:
            self.diag.error(t.vloc("rmgen"),
                            f"unsupported IDL format version {t['rmgen']}; "
                            f"this rmgen reads version 1")
        _ident(self.diag, t.vloc("name"), t["name"], "protocol name")
        for tag, src in t["sources"].items():
            if S.check_keys(src, S.SOURCE, self.diag, t["sources"].vloc(tag)):
                self.sources[tag] = Source(tag, src["doc"], src.get("repo", ""),
                                           src.get("commit", ""),
                                           src.get("path", ""))
        constants = [self.constant(c)
                     for c in S.check_list(t, "constants", S.CONSTANT, self.diag)]
        errors = [self.error_code(e)
                  for e in S.check_list(t, "errors", S.ERROR, self.diag)]
        self.unique(errors, "error code", by_value=True)
        for e in S.check_list(t, "enums", S.ENUM, self.diag):
            self.enum(e)
        for f in S.check_list(t, "flags", S.FLAGS, self.diag):
            self.flag_set(f)
        # Structs may refer to each other; declare names first, then fill.
        struct_nodes = S.check_list(t, "structs", S.STRUCT, self.diag)
        for node in struct_nodes:
            name = node["name"]
            if not _ident(self.diag, node.vloc("name"), name, "struct name"):
                continue
            if name in self.structs:
                self.diag.error(node.vloc("name"), f"duplicate struct name '{name}'")
                continue
            self.structs[name] = Struct(name, f"struct '{name}'", node.loc,
                                        node["doc"], [],
                                        False, note=node.get("note", ""),
                                        declared_size=node.get("size"),
                                        kernel_name=node.get("kernel_name", ""))
        for node in struct_nodes:
            st = self.structs.get(node["name"])
            if st is not None and st.loc == node.loc:
                self.fill_struct(st, node)
        self.check_struct_cycles()
        for st in self.structs.values():
            self.layout(st)
        messages = [self.message(m, False)
                    for m in S.check_list(t, "messages", S.MESSAGE, self.diag)]
        notifs = [self.message(m, True)
                  for m in S.check_list(t, "notifications", S.NOTIFICATION,
                                        self.diag)]
        messages = [m for m in messages if m]
        notifs = [m for m in notifs if m]
        for group, what in ((messages, "message"), (notifs, "notification")):
            self.unique(group, what)
            self.unique(group, what, by_value=True, attr="id")
        self.diag.raise_if_any()
        proto = Protocol(self.path, self.sha256, t["name"], t["doc"],
                         self.sources, constants, errors,
                         list(self.enums.values()), list(self.flags.values()),
                         list(self.structs.values()), messages, notifs)
        return proto

    def unique(self, items: list, what: str, by_value: bool = False,
               attr: str = "value") -> None:
        seen: dict[object, object] = {}
        for it in items:
            key = getattr(it, attr) if by_value else it.name
            if key in seen:
                first = seen[key]
                if by_value:
                    shown = f"0x{key:08X}" if attr == "id" else str(key)
                    label = "ID" if attr == "id" else "value"
                    self.diag.error(it.loc,
                                    f"duplicate {what} {label} {shown} (also "
                                    f"'{first.name}' at line {first.loc.line})")
                else:
                    self.diag.error(it.loc,
                                    f"duplicate {what} name '{key}' (first at "
                                    f"line {first.loc.line})")
            else:
                seen[key] = it

    def constant(self, node: MDict) -> Constant:
        _ident(self.diag, node.vloc("name"), node["name"], "constant name")
        return Constant(node["name"], node["value"], node["doc"], node.loc)

    def error_code(self, node: MDict) -> ErrorCode:
        _ident(self.diag, node.vloc("name"), node["name"], "error name")
        errno = node["errno"]
        if isinstance(errno, int):
            if errno != 0:
                self.diag.error(node.vloc("errno"),
                                "errno must be 0 or an errno name such as EINVAL")
            errno = "0"
        elif errno not in ERRNO_NAMES:
            self.diag.error(node.vloc("errno"), f"unknown errno name '{errno}'")
        if not 0 <= node["value"] <= 0xFFFFFFFF:
            self.diag.error(node.vloc("value"),
                            f"error code {node['value']} does not fit le32")
        return ErrorCode(node["name"], node["value"], errno, node["doc"],
                         node.loc, self.source_list(node), node.get("note", ""))

    def named_type(self, node: MDict, what: str) -> IntType | None:
        """The type of a new enum or flag set; None (reported) if unusable."""
        name = node["name"]
        itype = self.int_type(node, "type")
        if not _ident(self.diag, node.vloc("name"), name, f"{what} name") or not itype:
            return None
        if name in self.enums or name in self.flags:
            self.diag.error(node.vloc("name"), f"duplicate {what} name '{name}'")
            return None
        return itype

    def enum(self, node: MDict) -> None:
        name = node["name"]
        itype = self.named_type(node, "enum")
        if itype is None:
            return
        values = []
        for v in S.check_list(node, "values", S.ENUM_VALUE, self.diag):
            _ident(self.diag, v.vloc("name"), v["name"], "enum value name")
            if not 0 <= v["value"] <= itype.max:
                self.diag.error(v.vloc("value"),
                                f"value {v['value']} of enum '{name}' does not "
                                f"fit its type {itype.name}")
            values.append(EnumValue(v["name"], v["value"], v["doc"], v.loc,
                                    self.source_list(v), v.get("note", "")))
        self.unique(values, f"member of enum '{name}':")
        if not values:
            self.diag.error(node.vloc("values"), f"enum '{name}' has no values")
        self.enums[name] = Enum(name, itype, node.get("closed", False),
                                node["doc"], node.loc, values,
                                node.get("note", ""), node.get("prefix", ""))

    def flag_set(self, node: MDict) -> None:
        name = node["name"]
        itype = self.named_type(node, "flag set")
        if itype is None:
            return
        bits = []
        for b in S.check_list(node, "bits", S.FLAG_BIT, self.diag):
            _ident(self.diag, b.vloc("name"), b["name"], "flag name")
            if not 0 <= b["bit"] < itype.bits:
                self.diag.error(b.vloc("bit"),
                                f"bit {b['bit']} of flag set '{name}' does not "
                                f"fit its type {itype.name}")
            bits.append(FlagBit(b["name"], b["bit"], b["doc"], b.loc,
                                b.get("note", "")))
        self.unique(bits, f"flag of '{name}':")
        self.unique(bits, f"flag of '{name}':", by_value=True, attr="bit")
        self.flags[name] = Flags(name, itype, node.get("closed", False),
                                 node["doc"], node.loc, bits, node.get("note", ""),
                                 node.get("prefix", ""))

    # ----------------------------------------------------------- fields
    def fill_struct(self, st: Struct, node: MDict) -> None:
        seq = node.get("fields")
        if not isinstance(seq, MList):
            return
        # Every name the list declares, to tell a count declared after its
        # array from a missing one.
        declared = {f.get("name") for f in seq if isinstance(f, MDict)} | \
            {f.get("count_name", f"{f.get('name')}_entries") for f in seq
             if isinstance(f, MDict) and f.get("type") == "rm_list"}
        for i, fnode in enumerate(seq):
            if not S.check_keys(fnode, S.FIELD, self.diag, seq.iloc(i)):
                st.broken = True
                continue
            built = self.field(st, fnode, declared)
            if not built:
                st.broken = True
            for f in built:
                if st.field(f.name) is not None:
                    self.diag.error(f.loc, f"duplicate field name '{f.name}' in "
                                    f"{st.title}")
                    continue
                st.fields.append(f)

    def field(self, st: Struct, node: MDict, declared: set[str]) -> list[Field]:
        name, ftype = node["name"], node["type"]
        loc = node.loc
        if not _ident(self.diag, node.vloc("name"), name, "field name"):
            return []
        allowed = {
            "int": {"enum", "flags", "max", "reserved"},
            "bytes": {"size", "count", "pad_to", "max"},
            "array": {"element", "select", "count", "pad_to", "max"},
            "rm_list": {"element", "count_name", "header", "max"},
        }
        kind = ftype if ftype in ("bytes", "array", "rm_list") else "int"
        for key in node:
            if key in ("name", "type", "doc", "note"):
                continue
            if key not in allowed[kind]:
                self.diag.error(node.kloc(key),
                                f"key '{key}' does not apply to a field of type "
                                f"'{ftype}'")
        f = Field(name, kind, loc, node.get("doc", ""), node.get("note", ""))
        if kind == "int":
            f.itype = self.int_type(node, "type")
            if f.itype is None:
                return []
            self.int_attrs(f, node)
            return [f]
        if kind == "bytes":
            if ("size" in node) == ("count" in node):
                self.diag.error(loc, f"bytes field '{name}' needs exactly one of "
                                f"'size' (fixed) or 'count' (counted)")
                return []
            if "size" in node:
                f.kind = "fixed_bytes"
                f.size = node["size"]
                if f.size <= 0:
                    self.diag.error(node.vloc("size"),
                                    f"size of '{name}' must be positive")
                if "pad_to" in node:
                    self.diag.error(node.kloc("pad_to"),
                                    "pad_to applies to counted bytes only")
                return [f]
            self.counted(st, f, node, declared)
            return [f]
        if kind == "array":
            if ("element" in node) == ("select" in node):
                self.diag.error(loc, f"array '{name}' needs exactly one of "
                                f"'element' or 'select'")
                return []
            if "element" in node:
                f.element = self.element(node, "element")
            else:
                self.select(st, f, node)
            if "count" not in node:
                self.diag.error(loc, f"missing required key 'count' in array "
                                f"'{name}'")
                return []
            self.counted(st, f, node, declared)
            f.kind = "array"
            return [f]
        # rm_list: le16 count, le16 header half, elements, pad to 4.
        count_name = node.get("count_name", f"{name}_entries")
        header = node.get("header")
        cnt = Field(count_name, "int", loc, f"Number of entries in {name}.",
                    itype=INT_TYPES["le16"])
        hdr = Field(header or f"{name}_reserved", "int", loc,
                    "" if header else f"Upper half of the {name} list header.",
                    itype=INT_TYPES["le16"],
                    reserved=None if header else "ignore")
        if "element" not in node:
            self.diag.error(loc, f"missing required key 'element' in rm_list "
                            f"'{name}'")
            return []
        arr = Field(name, "array", loc, node.get("doc", ""), node.get("note", ""),
                    element=self.element(node, "element"), count=cnt, pad_to=4,
                    max=node.get("max"))
        cnt.counts.append(arr)
        return [cnt, hdr, arr]

    def int_attrs(self, f: Field, node: MDict) -> None:
        assert f.itype
        if "enum" in node:
            e = self.enums.get(node["enum"])
            if e is None:
                self.diag.error(node.vloc("enum"), f"unknown enum '{node['enum']}'")
            elif e.itype != f.itype:
                self.diag.error(node.vloc("enum"),
                                f"enum '{e.name}' has type {e.itype.name} but "
                                f"field '{f.name}' is {f.itype.name}")
            else:
                f.enum = e
        if "flags" in node:
            fl = self.flags.get(node["flags"])
            if fl is None:
                self.diag.error(node.vloc("flags"),
                                f"unknown flag set '{node['flags']}'")
            elif fl.itype.width > f.itype.width:
                self.diag.error(node.vloc("flags"),
                                f"flag set '{fl.name}' ({fl.itype.name}) is wider "
                                f"than field '{f.name}' ({f.itype.name})")
            else:
                f.flags = fl
        if "max" in node:
            f.max = node["max"]
            if not 0 <= f.max <= f.itype.max:
                self.diag.error(node.vloc("max"),
                                f"max {f.max} of '{f.name}' does not fit "
                                f"{f.itype.name}")
        if "reserved" in node:
            if node["reserved"] not in ("zero", "ignore"):
                self.diag.error(node.vloc("reserved"),
                                "reserved must be 'zero' or 'ignore'")
            else:
                f.reserved = node["reserved"]
            if f.enum or f.flags:
                self.diag.error(node.kloc("reserved"),
                                f"reserved field '{f.name}' cannot have an enum "
                                f"or flags")

    def element(self, node: MDict, key: str) -> Struct | IntType | None:
        name = node[key]
        if name in self.structs:
            return self.structs[name]
        if name in INT_TYPES:
            return INT_TYPES[name]
        if name in NO_BYTE_ORDER:
            self.diag.error(node.vloc(key),
                            f"integer type '{name}' has no byte order; use "
                            f"{NO_BYTE_ORDER[name]}")
        else:
            self.diag.error(node.vloc(key), f"unknown element type '{name}'")
        return None

    def select(self, st: Struct, f: Field, node: MDict) -> None:
        sel = node["select"]
        if not S.check_keys(sel, S.SELECT, self.diag, node.vloc("select")):
            return
        sf = st.field(sel["field"])
        if sf is None or sf.kind != "int" or sf.enum is None:
            self.diag.error(sel.vloc("field"),
                            f"select field '{sel['field']}' of '{f.name}' must be "
                            f"an enum field declared before it")
            return
        f.select = sf
        for case, sname in sel["cases"].items():
            ev = sf.enum.by_name(case)
            if ev is None:
                self.diag.error(sel["cases"].kloc(case),
                                f"'{case}' is not a member of enum '{sf.enum.name}'")
                continue
            target = self.structs.get(sname) if isinstance(sname, str) else None
            if target is None:
                self.diag.error(sel["cases"].vloc(case),
                                f"unknown struct {sname!r} in select of '{f.name}'")
                continue
            f.cases.append((ev, target))

    def counted(self, st: Struct, f: Field, node: MDict,
                declared: set[str]) -> None:
        cname = node["count"]
        loc = node.vloc("count")
        later = next((g for g in st.fields if g.name == cname), None)
        if later is None:
            # Not declared yet: is it declared after the array?
            if cname in declared:
                self.diag.error(loc, f"count field '{cname}' of '{f.name}' is "
                                f"declared after it; counts must come first")
            else:
                self.diag.error(loc, f"count field '{cname}' of '{f.name}' is not "
                                f"declared in {st.title}")
            return
        if later.kind != "int":
            self.diag.error(loc, f"count field '{cname}' of '{f.name}' is not an "
                            f"integer")
            return
        if later.enum or later.flags or later.reserved:
            self.diag.error(loc, f"count field '{cname}' of '{f.name}' must be a "
                            f"plain integer (no enum, flags or reserved)")
            return
        f.count = later
        later.counts.append(f)
        if later.max is not None:
            # A limit on the count field limits what it counts.
            f.max = later.max if f.max is None else min(f.max, later.max)
        if "pad_to" in node:
            p = node["pad_to"]
            if p <= 0 or p & (p - 1):
                self.diag.error(node.vloc("pad_to"),
                                f"pad_to of '{f.name}' must be a power of two")
            else:
                f.pad_to = p
        if "max" in node:
            f.max = node["max"] if f.max is None else min(f.max, node["max"])

    def check_struct_cycles(self) -> None:
        def visit(st: Struct, stack: list[str]) -> None:
            if st.name in stack:
                self.diag.error(st.loc, f"struct '{st.name}' contains itself "
                                f"({' -> '.join(stack + [st.name])})")
                return
            for f in st.fields:
                for sub in _sub_structs(f):
                    visit(sub, stack + [st.name])
        for st in self.structs.values():
            visit(st, [])
        self.diag.raise_if_any()

    # ----------------------------------------------------------- layout
    def layout(self, st: Struct) -> None:
        """Split fields into runs and variable parts; compute sizes."""
        items: list[Run | Var] = []
        run: Run | None = None
        constant = True
        pos = 0
        for f in st.fields:
            if f is st.optional_from:
                run = None  # the optional tail starts a new run
            if f.is_variable:
                items.append(Var(f))
                run = None
                constant = False
                continue
            if run is None:
                run = Run([], 0)
                items.append(run)
            run.fields.append((f, run.size))
            if constant:
                f.offset = pos
            run.size += f.fixed_width
            pos += f.fixed_width
        st.items = items
        if all(isinstance(i, Run) for i in items):
            st.fixed_size = sum(i.size for i in items)  # type: ignore[union-attr]
        st.min_size = self.extent(st, minimum=True)
        st.max_size = self.extent(st, minimum=False)
        if st.declared_size is not None and not st.broken:
            shown = st.fixed_size if st.fixed_size is not None else st.min_size
            word = "size" if st.fixed_size is not None else "minimum size"
            if st.declared_size != shown:
                self.diag.error(st.loc, f"declared size {st.declared_size} of "
                                f"{st.title} disagrees with computed {word} {shown}")
        for f in st.fields:
            if f.kind == "array" and f.element is not None and \
                    isinstance(f.element, Struct) and f.element.min_size == 0:
                self.diag.error(f.loc, f"array '{f.name}' has elements of size 0")

    def extent(self, st: Struct, minimum: bool, start: int = 0) -> int:
        """Payload end for all-zero counts (minimum) or all-maximum counts."""
        off = start
        for item in st.items:
            if minimum and st.optional_from is not None and \
                    _first_field(item) is st.optional_from:
                return off
            if isinstance(item, Run):
                off += item.size
                continue
            f = item.field
            n = 0 if minimum else (f.count_max if f.count else 0)
            if f.kind == "bytes":
                off += n
            elif f.select is not None:
                off += n * max((s.max_size for _, s in f.cases), default=0)
            elif isinstance(f.element, Struct):
                off = self.element_extent(f.element, n, off, minimum)
            elif f.element is not None:
                off += n * f.element.width
            if f.pad_to:
                off = -(-off // f.pad_to) * f.pad_to
        return off

    def element_extent(self, el: Struct, n: int, off: int, minimum: bool) -> int:
        """End of n elements of *el* starting at *off* (all min or all max)."""
        if n == 0:
            return off
        if el.fixed_size is not None:
            return off + n * el.fixed_size
        align = max([f.pad_to for f in el.fields if f.pad_to] + [1])
        first = self.extent(el, minimum, off)
        if (first - off) % align == 0 and off % align == 0:
            return off + n * (first - off)  # every element repeats exactly
        return off + n * (first - off + align - 1)  # upper bound

    # ----------------------------------------------------------- messages
    def payload(self, node: MDict, key: str, cname: str, title: str) -> Struct | None:
        pnode = node.get(key)
        if pnode is None:
            return None
        if not S.check_keys(pnode, S.PAYLOAD, self.diag, node.vloc(key)):
            return None
        if "name" in pnode:
            if id(pnode) in self.shared:
                return self.shared[id(pnode)]
            cname = title = pnode["name"]
            if not _ident(self.diag, pnode.vloc("name"), cname, "payload name"):
                return None
            if cname in self.shared_names:
                first = self.shared_names[cname]
                self.diag.error(pnode.vloc("name"),
                                f"payload name '{cname}' is already used at line "
                                f"{first.loc.line}; share one payload through a "
                                f"YAML anchor instead")
                return None
        st = Struct(cname, title, pnode.loc, pnode.get("doc", ""), [], True,
                    note=pnode.get("note", ""), declared_size=pnode.get("size"),
                    kernel_name=pnode.get("kernel_name", ""))
        if "layout" in pnode:
            if pnode["layout"] != "unknown":
                self.diag.error(pnode.vloc("layout"),
                                "layout must be 'unknown' (or left out)")
            for k in ("fields", "optional_from", "size", "length"):
                if k in pnode:
                    self.diag.error(pnode.kloc(k),
                                    f"'{k}' makes no sense with layout: unknown")
            st.unknown = True
            st.length = "minimum"
            return st
        if "fields" not in pnode:
            self.diag.error(pnode.loc, f"missing required key 'fields' in {title} "
                            f"(use 'fields: []' for an empty payload or "
                            f"'layout: unknown')")
            return None
        length = pnode.get("length", "exact")
        if length not in ("exact", "minimum"):
            self.diag.error(pnode.vloc("length"), "length must be 'exact' or 'minimum'")
        st.length = length
        self.fill_struct(st, pnode)
        if "optional_from" in pnode:
            opt = st.field(pnode["optional_from"])
            if opt is None:
                self.diag.error(pnode.vloc("optional_from"),
                                f"optional_from names no field of {title}: "
                                f"'{pnode['optional_from']}'")
            else:
                st.optional_from = opt
                on = False
                for f in st.fields:
                    on = on or f is opt
                    f.optional = on
                for f in st.fields:
                    if f.count and f.count.optional and not f.optional:
                        self.diag.error(f.loc, f"'{f.name}' is counted by "
                                        f"optional '{f.count.name}'")
                if "condition" not in pnode:
                    self.diag.error(pnode.kloc("optional_from"),
                                    f"{title}: optional_from needs a 'condition'")
            st.condition = pnode.get("condition", "")
        elif "condition" in pnode:
            st.condition = pnode["condition"]
        self.layout(st)
        if "name" in pnode:
            self.shared[id(pnode)] = st
            self.shared_names[st.name] = st
        return st

    def message(self, node: MDict, notif: bool) -> Message | None:
        name = node["name"]
        if not _ident(self.diag, node.vloc("name"), name, "message name"):
            return None
        if not 0 < node["id"] <= 0xFFFFFFFF:
            self.diag.error(node.vloc("id"), f"ID {node['id']} is not a non-zero u32")
        status = node.get("status", "server")
        if status not in STATUSES:
            self.diag.error(node.vloc("status"),
                            f"status must be one of {', '.join(STATUSES)}")
        aliases = []
        for a in S.check_list(node, "aliases", S.ALIAS, self.diag):
            aliases.append(Alias(a["name"], self.source_list(a), a.get("note", "")))
        m = Message(name, node["id"], node.get("family", "notification"),
                    node["doc"], node.loc, self.source_list(node), aliases, status,
                    node.get("note", ""), notif)
        if notif:
            m.payload = self.payload(node, "payload", f"{name}_payload",
                                     f"{name} payload")
        else:
            m.request = self.payload(node, "request", f"{name}_req",
                                     f"{name} request")
            m.response = self.payload(node, "response", f"{name}_resp",
                                      f"{name} response")
            m.error_response = self.payload(node, "error_response",
                                            f"{name}_err_data",
                                            f"{name} error response")
        if "stub" in node and not notif:
            m.stub = self.stub(m, node["stub"])
        for ex in S.check_list(node, "examples", S.EXAMPLE, self.diag):
            m.examples.append(self.example(m, ex))
        self.unique(m.examples, f"example of '{name}':")
        return m

    def stub(self, m: Message, node: MDict) -> Stub | None:
        if not S.check_keys(node, S.STUB, self.diag, node.loc):
            return None
        req, resp = m.request, m.response
        if req is None or resp is None or req.unknown or not req.is_fixed or \
                any(f.kind != "int" for f in req.fields):
            self.diag.error(node.loc, f"stub of '{m.name}': the request must be "
                            f"a fixed layout of integers")
            return None
        rename = node.get("rename", {})
        names = [f.name for f in req.fields if not f.reserved]
        params = node.get("params", names)
        out: list[tuple[str, str]] = []
        for i, p in enumerate(params):
            if not isinstance(p, str) or req.field(p) is None:
                self.diag.error(node["params"].iloc(i) if "params" in node else node.loc,
                                f"stub parameter {p!r} is not a field of the "
                                f"{m.name} request")
                continue
            out.append((p, rename.get(p, p)))
        for k in rename:
            if k not in params:
                self.diag.error(rename.kloc(k), f"stub rename of '{k}', which is "
                                f"not a parameter")
        fixed = dict(node.get("fixed", {}))
        for k in fixed:
            if req.field(k) is None or k in params:
                self.diag.error(node["fixed"].kloc(k),
                                f"stub fixed value for '{k}', which is not a "
                                f"request field outside the parameters")
        ret = node.get("returns")
        if ret is not None:
            rf = resp.field(ret) if not resp.unknown else None
            if rf is None or rf.kind != "int" or (rf.itype and rf.itype.width > 2):
                self.diag.error(node.vloc("returns"),
                                f"stub returns '{ret}', which is not a response "
                                f"integer of at most 16 bits")
                ret = None
        if ret is not None and resp.field(ret).offset is None:
            self.diag.error(node.vloc("returns"), f"stub returns '{ret}', which "
                            f"has no constant offset")
            ret = None
        return Stub(node.get("name", m.name), out, fixed, ret,
                    node.get("doc", ""), node.loc, node.get("out", "out"))

    def example(self, m: Message, node: MDict) -> Example:
        ex = Example(node["name"], node.get("doc", ""), node.loc, [])
        roles = ("payload",) if m.is_notification else \
            ("request", "response", "error_response")
        for role in ("request", "response", "error_response", "payload"):
            if role not in node:
                continue
            if role not in roles:
                self.diag.error(node.kloc(role),
                                f"example '{ex.name}': '{role}' does not apply to "
                                f"a {'notification' if m.is_notification else 'message'}")
                continue
            part = node[role]
            if not S.check_keys(part, S.EXAMPLE_PAYLOAD, self.diag, node.vloc(role)):
                continue
            payload = getattr(m, role)
            if payload is None:
                self.diag.error(node.kloc(role),
                                f"example '{ex.name}': {m.name} has no {role}")
                continue
            data = parse_hex(part["bytes"], part.vloc("bytes"), self.diag)
            if data is None:
                continue
            ex.parts.append(ExamplePart(role, part["values"], data, part.loc,
                                        part.vloc("bytes"), payload))
        if not ex.parts:
            self.diag.error(node.loc, f"example '{ex.name}' of '{m.name}' has no "
                            f"payload")
        return ex


def _sub_structs(f: Field) -> list[Struct]:
    out = [s for _, s in f.cases]
    if isinstance(f.element, Struct):
        out.append(f.element)
    return out


def _first_field(item: Run | Var) -> Field:
    return item.fields[0][0] if isinstance(item, Run) else item.field


def parse_hex(text: str, loc: Loc, diag: Diagnostics) -> bytes | None:
    """Hex pairs separated by optional white space ('80 00 00 00')."""
    digits = "".join(text.split())
    if len(digits) % 2 or not re.fullmatch(r"[0-9A-Fa-f]*", digits):
        diag.error(loc, "bytes must be hex pairs such as '80 00 00 00'")
        return None
    return bytes.fromhex(digits)


def build(tree: MDict, path: str, text: str) -> Protocol:
    """Resolve and lay out the whole IDL; raise IdlErrors on any error."""
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    try:
        return _Builder(tree, path, sha).build()
    except IdlError as e:  # a single fatal error from a helper
        raise IdlErrors([e]) from None
