"""64-bit count fields (VM_IRQ_UNMAP's size_t virq_entry_cnt): the model
accepts them, the C plans read them into size_t locals through the
saturating gunyah_rm_size_from_u64() (a 32-bit size_t must not truncate a
huge count into a small one), and the C size limits saturate at UINT64_MAX.
"""

from __future__ import annotations

import os
import tempfile
import unittest

from gen import cplan, refmodel, tableplan
from gen.idl import load_protocol
from gen.idltypes import Protocol, Struct

IDL = """\
rmgen: 1
name: gunyah_rm
doc: Counts of every width.
sources:
  RM: {doc: "RM server"}
messages:
  - name: wide
    id: 0x56000055
    family: irq
    doc: A 64-bit and a 32-bit count.
    sources: [RM]
    request:
      fields:
        - {name: n64, type: le64}
        - {name: items, type: array, element: le32, count: n64}
        - {name: n32, type: le32}
        - {name: data, type: bytes, count: n32}
    response:
      fields:
        - {name: len64, type: le64}
        - {name: text, type: bytes, count: len64}
notifications: []
"""


def load(text: str) -> Protocol:
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "wide.yaml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return load_protocol(path)


def payload(proto: Protocol, name: str) -> Struct:
    return next(p for p in proto.payloads if p.name == name)


def local_reads(st: Struct) -> dict[str, tuple[str, str]]:
    """Count local -> (read from the wire, read from the host struct)."""
    plan = cplan.plan_struct(st)
    return {f.local: (f.local_get, f.local_host)
            for op in plan.ops if op.op == "run"
            for f in op.fields if f.local}


class Count64(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.proto = load(IDL)

    def test_model_accepts_le64_counts(self) -> None:
        req = payload(self.proto, "wide_req")
        self.assertIs(req.field("items").count, req.field("n64"))
        self.assertEqual(req.min_size, 12)
        self.assertEqual(req.max_size,
                         8 + 4 * (2**64 - 1) + 4 + (2**32 - 1))

    def test_64_bit_count_saturates_into_size_t(self) -> None:
        reads = local_reads(payload(self.proto, "wide_req"))
        self.assertEqual(reads["c_n64"], (
            "gunyah_rm_size_from_u64(gunyah_rm_get_le64(p + off))",
            "gunyah_rm_size_from_u64(out->n64)"))
        self.assertEqual(reads["c_n32"], ("gunyah_rm_get_le32(p + off)",
                                          "out->n32"))
        reads = local_reads(payload(self.proto, "wide_resp"))
        self.assertTrue(reads["c_len64"][0].startswith(
            "gunyah_rm_size_from_u64("))

    def test_c_size_limits_saturate(self) -> None:
        req = payload(self.proto, "wide_req")
        self.assertGreater(req.max_size, cplan.U64_MAX)
        self.assertEqual(cplan.c_max_size(req), cplan.U64_MAX)
        desc = tableplan.payload_desc(req, True)
        self.assertEqual(desc["max_size"], 2**64 - 1)
        small = payload(self.proto, "wide_resp")
        self.assertEqual(cplan.c_max_size(small), min(small.max_size,
                                                      cplan.U64_MAX))

    def test_reference_model_round_trip(self) -> None:
        req = payload(self.proto, "wide_req")
        data, _ = refmodel.encode(req, {"items": [1, 2], "data": "aa"})
        self.assertEqual(data.hex(), "0200000000000000" "01000000" "02000000"
                                     "01000000" "aa")
        self.assertIsNone(refmodel.check_bytes(req, data))
        huge = (2**32 + 2).to_bytes(8, "little") + data[8:]
        self.assertEqual(refmodel.check_bytes(req, huge),
                         ("TRUNCATED", "items", 8))


if __name__ == "__main__":
    unittest.main()
