"""An IDL file to a checked protocol model: read, load, model, check."""

from __future__ import annotations

from . import clashes, examples, loader, model
from .diag import IdlError, IdlErrors
from .idltypes import Protocol


def load_protocol(path: str) -> Protocol:
    """Load, check and model the IDL at *path*; raise IdlErrors."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        raise IdlErrors([IdlError(None, f"cannot read {path}: {e.strerror}")]) \
            from None
    try:
        tree = loader.load(path, text)
    except IdlError as e:
        raise IdlErrors([e]) from None
    proto = model.build(tree, path, text)
    clashes.check(proto)
    examples.check(proto)
    return proto
