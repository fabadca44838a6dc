"""Shape checks of the loaded IDL tree: known keys, required keys, value types.

Nothing here resolves names or computes layouts (that is :mod:`model`); this
module only makes sure that every mapping has the keys the format allows,
with values of the right YAML type, so that the model can trust the shape.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from .diag import Diagnostics
from .loader import MDict, MList


@dataclass(frozen=True)
class Spec:
    """Allowed keys of one kind of mapping: key -> accepted Python types."""

    what: str
    keys: dict[str, tuple[type, ...]]
    required: tuple[str, ...] = ()


INT = (int,)
STR = (str,)
BOOL = (bool,)
MAP = (MDict,)
LIST = (MList,)
NUM_OR_STR = (int, str)

TOP = Spec("top level", {
    "rmgen": INT, "name": STR, "doc": STR, "sources": MAP, "constants": LIST,
    "errors": LIST, "enums": LIST, "flags": LIST, "structs": LIST,
    "messages": LIST, "notifications": LIST,
}, ("rmgen", "name", "doc", "sources", "messages", "notifications"))

SOURCE = Spec("source", {"doc": STR, "repo": STR, "commit": STR, "path": STR},
              ("doc",))
CONSTANT = Spec("constant", {"name": STR, "value": INT, "doc": STR},
                ("name", "value", "doc"))
ERROR = Spec("error code", {"name": STR, "value": INT, "errno": NUM_OR_STR,
                            "doc": STR, "sources": LIST, "note": STR},
             ("name", "value", "errno", "doc"))
ENUM = Spec("enum", {"name": STR, "type": STR, "closed": BOOL, "doc": STR,
                     "prefix": STR,
                     "values": LIST, "sources": LIST, "note": STR},
            ("name", "type", "doc", "values"))
ENUM_VALUE = Spec("enum value", {"name": STR, "value": INT, "doc": STR,
                                 "sources": LIST, "note": STR},
                  ("name", "value", "doc"))
FLAGS = Spec("flag set", {"name": STR, "type": STR, "closed": BOOL,
                          "prefix": STR,
                          "doc": STR, "bits": LIST, "sources": LIST,
                          "note": STR},
             ("name", "type", "doc", "bits"))
FLAG_BIT = Spec("flag bit", {"name": STR, "bit": INT, "doc": STR,
                             "sources": LIST, "note": STR},
                ("name", "bit", "doc"))
STRUCT = Spec("struct", {"name": STR, "doc": STR, "size": INT,
                         "kernel_name": STR,
                         "fields": LIST, "sources": LIST, "note": STR},
              ("name", "doc", "fields"))
MESSAGE = Spec("message", {
    "name": STR, "id": INT, "family": STR, "doc": STR, "sources": LIST,
    "aliases": LIST, "status": STR, "note": STR, "request": MAP,
    "response": MAP, "error_response": MAP, "examples": LIST, "stub": MAP,
}, ("name", "id", "family", "doc", "sources", "request", "response"))
STUB = Spec("stub", {"name": STR, "params": LIST, "rename": MAP, "fixed": MAP,
                     "returns": STR, "out": STR, "doc": STR})
NOTIFICATION = Spec("notification", {
    "name": STR, "id": INT, "family": STR, "doc": STR, "sources": LIST,
    "aliases": LIST, "status": STR, "note": STR, "payload": MAP,
    "examples": LIST,
}, ("name", "id", "doc", "sources", "payload"))
ALIAS = Spec("alias", {"name": STR, "sources": LIST, "note": STR},
             ("name",))
PAYLOAD = Spec("payload", {
    "name": STR, "doc": STR, "size": INT, "length": STR, "optional_from": STR,
    "condition": STR, "fields": LIST, "layout": STR, "note": STR,
    "kernel_name": STR,
})
FIELD = Spec("field", {
    "name": STR, "type": STR, "doc": STR, "enum": STR, "flags": STR,
    "max": INT, "reserved": STR, "size": INT, "count": STR, "pad_to": INT,
    "element": STR, "select": MAP, "count_name": STR, "header": STR,
    "note": STR,
}, ("name", "type"))
SELECT = Spec("select", {"field": STR, "cases": MAP}, ("field", "cases"))
EXAMPLE = Spec("example", {"name": STR, "doc": STR, "request": MAP,
                           "response": MAP, "error_response": MAP,
                           "payload": MAP},
               ("name",))
EXAMPLE_PAYLOAD = Spec("example payload", {"values": MAP, "bytes": STR},
                       ("values", "bytes"))

_TYPE_NAMES = {int: "an integer", str: "a string", bool: "true or false",
               MDict: "a mapping", MList: "a list"}


def check_keys(node: object, spec: Spec, diag: Diagnostics, loc_of=None) -> bool:
    """Check one mapping against *spec*; report every problem. True if usable."""
    if not isinstance(node, MDict):
        diag.error(loc_of, f"{spec.what} must be a mapping")
        return False
    ok = True
    for key in node:
        if key not in spec.keys:
            near = difflib.get_close_matches(key, list(spec.keys), n=1)
            hint = f"; did you mean '{near[0]}'?" if near else ""
            diag.error(node.kloc(key),
                       f"unknown key '{key}' in {spec.what}{hint}")
            ok = False
            continue
        types = spec.keys[key]
        val = node[key]
        # bool is an int in Python: an integer key must not accept true/false.
        bad = not isinstance(val, types) or (
            isinstance(val, bool) and bool not in types)
        if bad:
            want = " or ".join(_TYPE_NAMES[t] for t in types)
            diag.error(node.vloc(key),
                       f"'{key}' of {spec.what} must be {want}")
            ok = False
    for key in spec.required:
        if key not in node:
            name = node.get("name")
            who = f" '{name}'" if isinstance(name, str) else ""
            diag.error(node.loc,
                       f"missing required key '{key}' in {spec.what}{who}")
            ok = False
    return ok


def check_list(node: MDict, key: str, spec: Spec, diag: Diagnostics) -> list[MDict]:
    """The usable mappings of list *key* of *node*, each checked against *spec*."""
    seq = node.get(key)
    if not isinstance(seq, MList):
        return []
    out = []
    for i, item in enumerate(seq):
        if check_keys(item, spec, diag, seq.iloc(i)):
            out.append(item)
    return out
