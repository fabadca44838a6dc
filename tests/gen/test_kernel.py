"""The kernel flavour's options: series, selection, one codec per layout."""

from __future__ import annotations

import os
import subprocess
import sys
import unittest

from gen import emit
from gen.idl import load_protocol

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
IDL = os.path.join(REPO, "idl", "rm_protocol.yaml")
RMGEN = os.path.join(REPO, "tools", "rmgen")


class KernelFlavour(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.proto = load_protocol(IDL)

    def render(self, series="v16", extra=()):
        outs = emit.generate(self.proto, "idl", "regen", "kernel",
                             series=series, extra=list(extra))
        return {o.relpath: o.text for o in outs}

    def test_series(self):
        v16, v17 = self.render("v16"), self.render("v17")
        self.assertIn("#define GUNYAH_RM_RPC_VM_SET_BOOT_CONTEXT_V16 0x5600000C",
                      v16["gunyah_rm_protocol.h"])
        self.assertIn("#define GUNYAH_RM_RPC_VM_SET_BOOT_CONTEXT 0x56000031",
                      v17["gunyah_rm_protocol.h"])
        for text, macro in ((v16, "GUNYAH_RM_RPC_VM_SET_BOOT_CONTEXT_V16,"),
                            (v17, "GUNYAH_RM_RPC_VM_SET_BOOT_CONTEXT,")):
            rpc = text["gunyah_rm_rpc.c"]
            self.assertIn("int gunyah_rm_vm_set_boot_context(struct gunyah_rm "
                          "*rm, u16 vmid, u8 reg_set,", rpc)
            self.assertIn(macro, rpc)
        self.assertNotIn("ALLOW_ERROR_INJECTION", v16["gunyah_rm_protocol.h"])
        self.assertIn("#define GUNYAH_RM_ERROR_INJECTION(fn) "
                      "ALLOW_ERROR_INJECTION(fn, ERRNO)",
                      v17["gunyah_rm_protocol.h"])
        # every drop-in function but gunyah_rm_get_vmid (v17 as the driver)
        marked = "".join(v17.values()).count("GUNYAH_RM_ERROR_INJECTION(gunyah")
        self.assertEqual(marked, 13)

    @staticmethod
    def boot_context_ids(rpc):
        """The message ID macro each gunyah_rm_vm_set_boot_context*() sends."""
        ids = {}
        for part in rpc.split("\nint gunyah_rm_vm_set_boot_context")[1:]:
            name, body = part.split("(", 1)[0], part.split("\n}\n", 1)[0]
            ids[name] = body.split("gunyah_rm_call(rm, ", 1)[1].split(",")[0]
        return ids

    def test_series_with_everything_selected(self):
        # The driver's gunyah_rm_vm_set_boot_context() sends the series' ID
        # whichever message the IDL lists first; the other series' message
        # gets no function (v16) or one named after it (v17).
        v16 = self.render("v16", ["all"])["gunyah_rm_rpc.c"]
        self.assertEqual(self.boot_context_ids(v16),
                         {"": "GUNYAH_RM_RPC_VM_SET_BOOT_CONTEXT_V16"})
        v17 = self.render("v17", ["all"])["gunyah_rm_rpc.c"]
        self.assertEqual(self.boot_context_ids(v17),
                         {"": "GUNYAH_RM_RPC_VM_SET_BOOT_CONTEXT",
                          "_v16": "GUNYAH_RM_RPC_VM_SET_BOOT_CONTEXT_V16"})
        proto = load_protocol(IDL)  # the v17 message listed first
        proto.messages.sort(key=lambda m: m.name != "vm_set_boot_context")
        out = emit.generate(proto, "idl", "regen", "kernel", series="v16",
                            extra=["all"])
        rpc = {o.relpath: o.text for o in out}["gunyah_rm_rpc.c"]
        self.assertEqual(self.boot_context_ids(rpc),
                         {"": "GUNYAH_RM_RPC_VM_SET_BOOT_CONTEXT_V16"})

    def test_default_selection(self):
        h = self.render()["gunyah_rm_protocol.h"]
        self.assertIn("GUNYAH_RM_RPC_MEM_APPEND", h)
        self.assertNotIn("GUNYAH_RM_RPC_VM_IRQ_ACCEPT", h)
        self.assertNotIn("GUNYAH_RM_RPC_MEM_DONATE", h)
        # the driver's types: checked, not defined
        self.assertIn("static_assert(offsetof(struct gunyah_rm_mem_acl_entry, "
                      "perms) == 2);", h)
        self.assertNotIn("struct gunyah_rm_hyp_resource {", h)
        self.assertNotIn("enum gunyah_rm_vm_status {", h)
        self.assertIn("static_assert(GUNYAH_RM_NOTIFICATION_VM_STATUS == "
                      "0x56100008);", h)

    def test_select_family_and_one_codec_per_layout(self):
        out = self.render(extra=["irq", "mem_donate"])
        h, c = out["gunyah_rm_protocol.h"], out["gunyah_rm_protocol.c"]
        self.assertIn("GUNYAH_RM_RPC_VM_IRQ_ACCEPT", h)
        self.assertIn("GUNYAH_RM_NOTIFICATION_VM_IRQ_LENT", h)
        self.assertIn("GUNYAH_RM_RPC_MEM_DONATE", h)
        self.assertNotIn("GUNYAH_RM_RPC_VM_DEVICE_LEND", h)
        # LEND, SHARE and DONATE replies share one validator
        self.assertEqual(c.count("int gunyah_rm_mem_handle_resp_validate("), 1)
        self.assertNotIn("mem_donate_resp_validate", c)
        self.assertIn("gunyah_rm_wire.c", out)

    def test_bad_selection(self):
        r = subprocess.run([sys.executable, RMGEN, "--flavor", "kernel",
                            "--kernel-select", "vm_start,no_such", "-o",
                            os.devnull, IDL], capture_output=True, text=True,
                           check=False)
        self.assertEqual(r.returncode, 2)
        self.assertIn("--kernel-select: no message, notification or family "
                      "is named 'no_such'", r.stderr)


if __name__ == "__main__":
    unittest.main()
