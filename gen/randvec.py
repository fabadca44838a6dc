"""Seeded random values for every payload, for the differential tests."""

from __future__ import annotations

import random
from typing import Any

from .idltypes import Field, IntType, Struct


def _int(rng: random.Random, f: Field) -> int:
    assert f.itype
    if f.reserved == "zero":
        return 0
    if f.enum is not None and f.enum.closed:
        return rng.choice(f.enum.values).value
    if f.flags is not None and f.flags.closed:
        return rng.getrandbits(f.itype.bits) & f.flags.mask
    hi = f.itype.max if f.max is None else f.max
    # Favour edge values: they catch truncation and byte-order bugs.
    return rng.choice([0, hi, rng.randint(0, hi), rng.randint(0, hi)])


def values(rng: random.Random, st: Struct, budget: int = 3) -> dict[str, Any]:
    """Random field values for *st* (count fields left to be derived)."""
    out: dict[str, Any] = {}
    present = True
    if st.optional_from is not None:
        present = rng.random() < 0.7
        out[f"has_{st.optional_from.name}"] = int(present)
    for f in st.fields:
        if f.optional and not present:
            break
        if f.counts:
            continue
        if f.kind == "int":
            arr = next((g for g in st.fields if g.select is f), None)
            # A selector picks one of its array's cases.
            out[f.name] = rng.choice(arr.cases)[0].value if arr else _int(rng, f)
        elif f.kind == "fixed_bytes":
            out[f.name] = rng.randbytes(f.size).hex()
        elif f.kind == "bytes":
            out[f.name] = rng.randbytes(rng.randint(0, min(7, f.count_max))).hex()
        else:
            n = rng.randint(0, min(budget, f.count_max))
            el = f.element
            if f.select is not None:
                sel = out[f.select.name]
                el = next(s for ev, s in f.cases if ev.value == sel)
            if isinstance(el, IntType):
                out[f.name] = [rng.choice([0, el.max, rng.randint(0, el.max)])
                               for _ in range(n)]
            else:
                assert isinstance(el, Struct)
                out[f.name] = [values(rng, el, 1) for _ in range(n)]
    return out
