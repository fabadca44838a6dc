"""Load the IDL YAML into plain Python containers that remember positions.

Mappings become :class:`MDict`, sequences :class:`MList`. Both carry the
location of the node itself and of each key/value/item, taken from PyYAML's
node marks, so that every later stage can report ``file:line:col``.
"""

from __future__ import annotations

from typing import Any

import yaml

from .diag import Diagnostics, IdlError, Loc


class MDict(dict):  # type: ignore[type-arg]
    """A mapping with source locations for itself, its keys and its values."""

    loc: Loc
    key_locs: dict[str, Loc]
    val_locs: dict[str, Loc]

    def kloc(self, key: str) -> Loc:
        return self.key_locs.get(key, self.loc)

    def vloc(self, key: str) -> Loc:
        return self.val_locs.get(key, self.loc)


class MList(list):  # type: ignore[type-arg]
    """A sequence with source locations for itself and each item."""

    loc: Loc
    item_locs: list[Loc]

    def iloc(self, i: int) -> Loc:
        return self.item_locs[i] if i < len(self.item_locs) else self.loc


def _loc(path: str, node: yaml.Node) -> Loc:
    mark = node.start_mark
    return Loc(path, mark.line + 1, mark.column + 1)


class _Builder:
    def __init__(self, path: str, diag: Diagnostics) -> None:
        self.path = path
        self.diag = diag
        self.scalars = yaml.SafeLoader("")
        # A YAML alias is the anchored node itself: build it once, so that
        # payloads shared through an anchor stay one object.
        self.built: dict[int, Any] = {}

    def build(self, node: yaml.Node) -> Any:
        if id(node) in self.built:
            return self.built[id(node)]
        out = self._build(node)
        if isinstance(out, (MDict, MList)):
            self.built[id(node)] = out
        return out

    def _build(self, node: yaml.Node) -> Any:
        if isinstance(node, yaml.MappingNode):
            out = MDict()
            out.loc = _loc(self.path, node)
            out.key_locs = {}
            out.val_locs = {}
            for knode, vnode in node.value:
                # An error leaves the entry out and goes on.
                where = _loc(self.path, knode)
                if knode.tag == "tag:yaml.org,2002:merge":
                    self.diag.error(where, "YAML merge keys ('<<') are not "
                                    "supported; use an anchor for the whole "
                                    "payload")
                    continue
                key = self.build(knode)
                if not isinstance(key, str):
                    self.diag.error(where, f"mapping key {key!r} is not a string")
                elif key in out:
                    self.diag.error(where, f"duplicate key '{key}' (first at "
                                    f"line {out.key_locs[key].line})")
                else:
                    out[key] = self.build(vnode)
                    out.key_locs[key] = where
                    out.val_locs[key] = _loc(self.path, vnode)
            return out
        if isinstance(node, yaml.SequenceNode):
            seq = MList(self.build(item) for item in node.value)
            seq.loc = _loc(self.path, node)
            seq.item_locs = [_loc(self.path, item) for item in node.value]
            return seq
        assert isinstance(node, yaml.ScalarNode)
        if node.tag == "tag:yaml.org,2002:str":
            return node.value   # what the constructor would return, faster
        return self.scalars.construct_object(node, deep=True)


def load(path: str, text: str, diag: Diagnostics) -> MDict:
    """Parse *text*, the IDL at *path*. Errors that leave a usable tree (a
    duplicate key: the first stays) go to *diag*; the others raise
    IdlError."""
    # libyaml's parser when PyYAML was built with it (Debian's is): ten
    # times faster, with the same node marks. On a syntax error, parse again
    # with the pure-Python parser, whose messages say more.
    fast = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        root = yaml.compose(text, Loader=fast)
    except yaml.MarkedYAMLError:
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.MarkedYAMLError as e:
            mark = e.problem_mark or e.context_mark
            loc = Loc(path, mark.line + 1, mark.column + 1) if mark else None
            raise IdlError(loc, f"YAML syntax: {e.problem or e.context}") from None
    if root is None:
        raise IdlError(Loc(path, 1, 1), "the IDL file is empty")
    tree = _Builder(path, diag).build(root)
    if not isinstance(tree, MDict):
        raise IdlError(tree.loc if isinstance(tree, MList) else Loc(path, 1, 1),
                       "the IDL's top level must be a mapping")
    return tree
