"""Check the IDL's golden vectors: each example's values must encode to its bytes."""

from __future__ import annotations

from .diag import Diagnostics
from .idltypes import Protocol
from .refmodel import ValueError_, encode


def check(proto: Protocol) -> None:
    """Report every example whose bytes disagree with its values."""
    diag = Diagnostics()
    for m in proto.messages + proto.notifications:
        for ex in m.examples:
            for part in ex.parts:
                what = f"example '{ex.name}' {part.role.replace('_', ' ')}"
                if part.payload.unknown:
                    diag.error(part.loc, f"{what}: the {part.payload.title} "
                               f"layout is unknown; it cannot have examples")
                    continue
                try:
                    data, spans = encode(part.payload, part.values)
                except ValueError_ as e:
                    diag.error(part.loc, f"{what} values: {e}")
                    continue
                if data == part.data:
                    continue
                n = min(len(data), len(part.data))
                off = next((i for i in range(n) if data[i] != part.data[i]), n)
                field = next((s.path for s in spans if s.start <= off < s.end),
                             "end of payload")
                exp = f"0x{data[off]:02x}" if off < len(data) else "end"
                got = f"0x{part.data[off]:02x}" if off < len(part.data) else "end"
                diag.error(part.bytes_loc,
                           f"{what} bytes differ at offset {off} (field "
                           f"'{field}'): the values encode to {exp}, the bytes "
                           f"say {got} ({len(data)} vs {len(part.data)} bytes)")
    diag.raise_if_any()
