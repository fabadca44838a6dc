"""An IDL file to a checked protocol model: read, load, model, check."""

from __future__ import annotations

from . import checks, loader, model
from .diag import Diagnostics, IdlError, IdlErrors, Loc
from .idltypes import Protocol


def read_text(path: str) -> str:
    """The IDL file's text; raise IdlErrors if it cannot be read or is not
    UTF-8 (located at the first bad byte)."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise IdlErrors([IdlError(Loc(path, 0, 0),
                                  f"cannot read: {e.strerror}")]) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        start = data.rfind(b"\n", 0, e.start) + 1
        line = data.count(b"\n", 0, e.start) + 1
        col = len(data[start:e.start].decode("utf-8", errors="replace")) + 1
        raise IdlErrors([IdlError(
            Loc(path, line, col),
            f"invalid UTF-8 (byte 0x{data[e.start]:02x}); the IDL must be "
            f"UTF-8 text")]) from None


def load_protocol(path: str) -> Protocol:
    """Load, check and model the IDL at *path*; raise IdlErrors with every
    error the stages find (a stage that needs a model runs only when the
    model could be built)."""
    text = read_text(path)
    diag = Diagnostics()
    try:
        tree = loader.load(path, text, diag)
    except IdlError as e:
        raise IdlErrors(diag.errors + [e]) from None
    try:
        proto = model.build(tree, path, text)
    except IdlErrors as e:
        raise IdlErrors(diag.errors + e.errors) from None
    checks.clashes(proto, diag)
    checks.examples(proto, diag)
    diag.raise_if_any()
    return proto
