"""Unit tests of the generator: layouts of the real IDL, reference encoder, CLI."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import unittest

import yaml

from gen import emit, loader, refmodel
from gen.diag import Diagnostics, IdlErrors
from gen.idl import load_protocol
from gen.output import why_stale

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
IDL = os.path.join(REPO, "idl", "rm_protocol.yaml")
RMGEN = os.path.join(REPO, "tools", "rmgen")


def payload(proto, name):
    for p in proto.payloads:
        if p.name == name:
            return p
    raise KeyError(name)


class RealIdl(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.proto = load_protocol(IDL)

    def test_counts(self):
        """Every message and notification of the IDL is in the model, in
        order (the YAML itself is the reference: adding a message to the IDL
        changes nothing here)."""
        with open(IDL, encoding="utf-8") as f:
            raw = yaml.safe_load(f)
        self.assertEqual([m.name for m in self.proto.messages],
                         [m["name"] for m in raw["messages"]])
        self.assertEqual([n.name for n in self.proto.notifications],
                         [n["name"] for n in raw["notifications"]])

    def test_seed_layouts(self):
        """Sizes and offsets of the seed's hand-written __packed structs."""
        cases = {
            "vm_common_vmid_req": (4, {"vmid": 0, "_padding": 2}),
            "vm_stop_req": (8, {"vmid": 0, "flags": 2, "_padding": 3,
                                "stop_reason": 4}),
            "vm_config_image_req": (40, {"vmid": 0, "auth_mech": 2,
                                         "mem_handle": 4, "image_offset": 8,
                                         "image_size": 16, "dtb_offset": 24,
                                         "dtb_size": 32}),
            "vm_status_payload": (8, {"vmid": 0, "reserved": 2, "vm_status": 4,
                                      "os_status": 5, "app_status": 6}),
        }
        for name, (size, offsets) in cases.items():
            p = payload(self.proto, name)
            self.assertEqual(p.fixed_size, size, name)
            for f, off in offsets.items():
                self.assertEqual(p.field(f).offset, off, f"{name}.{f}")

    def test_hyp_resource(self):
        st = next(s for s in self.proto.structs if s.name == "hyp_resource")
        self.assertEqual(st.fixed_size, 44)
        self.assertEqual(st.field("cap_id").offset, 12)
        self.assertEqual(st.field("base").offset, 28)
        self.assertEqual(st.field("size").offset, 36)
        resp = payload(self.proto, "vm_get_hyp_resources_resp")
        self.assertEqual(resp.min_size, 4)
        self.assertEqual(resp.max_size, 4 + 44 * 0xFFFFFFFF)

    def test_conditional_response(self):
        resp = payload(self.proto, "vm_alloc_vmid_resp")
        self.assertIsNotNone(resp.optional_from)
        self.assertEqual(resp.min_size, 0)
        self.assertEqual(resp.max_size, 4)

    def test_memparcel_lists_sequence(self):
        req = payload(self.proto, "mem_lend_req")
        # Fixed 8 bytes, ACL and SGL list headers; the attr list is optional.
        self.assertEqual(req.min_size, 16)
        names = [f.name for f in req.fields]
        self.assertLess(names.index("acl"), names.index("sgl_entries"))
        self.assertLess(names.index("sgl"), names.index("attr_entries"))
        data, _ = refmodel.encode(req, {
            "acl": [{"vmid": 0x80, "rights": 6}],
            "sgl": [{"ipa": 0x1000, "size": 0x2000}]})
        self.assertEqual(data.hex(), "00000000" "00000000" "01000000"
                         "80000600" "01000000" "0010000000000000"
                         "0020000000000000")

    def test_wrong_example_byte_in_real_idl(self):
        """Changing one hand-written byte makes rmgen fail at that line."""
        with open(IDL, encoding="utf-8") as f:
            lines = f.read().split("\n")
        idx = next(i for i, line in enumerate(lines)
                   if "bytes:" in line and "80 00 01 00 03 00 00 00" in line)
        lines[idx] = lines[idx].replace("03 00 00 00", "04 00 00 00", 1)
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "bad.yaml")
            with open(path, "w", encoding="utf-8") as f:
                f.write("\n".join(lines))
            with self.assertRaises(IdlErrors) as cm:
                load_protocol(path)
        msg = str(cm.exception)
        self.assertIn(f"bad.yaml:{idx + 1}:", msg)
        self.assertIn("bytes differ at offset 4 (field 'stop_reason')", msg)


class Loader(unittest.TestCase):
    def test_mapping_key_errors(self):
        """A merge key, a non-string key and a repeated key are each
        reported at the key, and the entry is left out."""
        text = "a: &x {b: 1}\nc:\n  <<: *x\n  d: 2\n1: 2\na: 3\n"
        diag = Diagnostics()
        tree = loader.load("m.yaml", text, diag)
        self.assertEqual([str(e) for e in diag.errors], [
            "m.yaml:3:3: error: YAML merge keys ('<<') are not supported; use "
            "an anchor for the whole payload",
            "m.yaml:5:1: error: mapping key 1 is not a string",
            "m.yaml:6:1: error: duplicate key 'a' (first at line 1)"])
        self.assertEqual(tree, {"a": {"b": 1}, "c": {"d": 2}})


class Refmodel(unittest.TestCase):
    def test_check_bytes_truncation(self):
        proto = load_protocol(IDL)
        p = payload(proto, "vm_stop_req")
        self.assertEqual(refmodel.check_bytes(p, bytes(8)), None)
        self.assertEqual(refmodel.check_bytes(p, bytes(5)),
                         ("TRUNCATED", "stop_reason", 4))
        self.assertEqual(refmodel.check_bytes(p, bytes(9)),
                         ("TRAILING", "stop_reason", 8))


class Cli(unittest.TestCase):
    def run_rmgen(self, *args):
        return subprocess.run([sys.executable, RMGEN, *args], capture_output=True,
                              text=True, check=False)

    def test_help(self):
        r = self.run_rmgen("--help")
        self.assertEqual(r.returncode, 0)
        self.assertIn("--check", r.stdout)

    def test_missing_file(self):
        r = self.run_rmgen("-o", "/nonexistent-dir", "no-such.yaml")
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stderr.strip(),
                         "no-such.yaml: error: cannot read: No such file or "
                         "directory")

    def test_write_if_changed_and_check(self):
        with tempfile.TemporaryDirectory() as d:
            r = self.run_rmgen("-o", d, IDL)
            self.assertEqual(r.returncode, 0, r.stderr)
            paths = [os.path.join(d, o) for o in emit.OUTPUTS]
            mtimes = [os.stat(p).st_mtime_ns for p in paths]
            r = self.run_rmgen("-o", d, IDL)
            self.assertEqual(r.returncode, 0)
            self.assertEqual(mtimes, [os.stat(p).st_mtime_ns for p in paths])
            self.assertEqual(self.run_rmgen("--check", "-o", d, IDL).returncode, 0)
            with open(paths[0], "a", encoding="utf-8") as f:
                f.write("/* edited */\n")
            r = self.run_rmgen("--check", "-o", d, IDL)
            self.assertEqual(r.returncode, 1)
            self.assertIn("protocol.h is out of date", r.stderr)

    def test_without_clang_format(self):
        """With no clang-format on PATH, rmgen says so once and its C still
        compiles, warning-free."""
        env = dict(os.environ, PATH="/nonexistent")
        with tempfile.TemporaryDirectory() as d:
            for flavor in ("user", "kernel"):
                r = subprocess.run(
                    [sys.executable, RMGEN, "--flavor", flavor, "-o",
                     os.path.join(d, flavor), IDL],
                    capture_output=True, text=True, check=False, env=env)
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertEqual(r.stderr.count("\n"), 1, r.stderr)
                self.assertIn("clang-format is not installed", r.stderr)
            srcs = [os.path.join(d, "user", "src", f)
                    for f in ("protocol.c", "table.c", "stubs.c")]
            r = subprocess.run(
                ["cc", "-std=c11", "-Wall", "-Wextra", "-Werror",
                 "-fsyntax-only", "-I", os.path.join(d, "user", "include"),
                 "-I", os.path.join(REPO, "runtime", "include"), *srcs],
                capture_output=True, text=True, check=False)
            self.assertEqual(r.returncode, 0, r.stderr)

    def test_missing_file_in_diff(self):
        r = self.run_rmgen("diff", IDL, "no-such.yaml")
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stderr.strip(),
                         "no-such.yaml: error: cannot read: No such file or "
                         "directory")

    def test_check_says_why(self):
        """--check names the reason: a missing file, or the first line that
        differs."""
        with tempfile.TemporaryDirectory() as d:
            self.run_rmgen("-o", d, IDL)
            os.remove(os.path.join(d, "include", "gunyah_rm", "protocol.h"))
            path = os.path.join(d, "src", "table.c")
            with open(path, encoding="utf-8") as f:
                lines = f.read().split("\n")
            lines[20] += " "
            with open(path, "w", encoding="utf-8") as f:
                f.write("\n".join(lines))
            r = self.run_rmgen("--check", "-o", d, IDL)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stderr.replace(d, "D"),
                         "rmgen: D/include/gunyah_rm/protocol.h is out of "
                         "date: missing\n"
                         "rmgen: D/src/table.c is out of date: the first "
                         "difference is on line 21\n")

    def test_no_longer_generated(self):
        """A file an earlier run wrote and this one does not (another
        --kernel-select) is reported by --check and removed by a run; a file
        rmgen never wrote stays."""
        with tempfile.TemporaryDirectory() as d:
            r = self.run_rmgen("--flavor", "kernel", "--kernel-select", "all",
                               "-o", d, IDL)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertTrue(os.path.exists(os.path.join(d, "gunyah_rm_wire.c")))
            with open(os.path.join(d, "mine.c"), "w", encoding="utf-8") as f:
                f.write("int mine;\n")
            r = self.run_rmgen("--check", "--flavor", "kernel", "-o", d, IDL)
            self.assertEqual(r.returncode, 1)
            self.assertIn("gunyah_rm_wire.c is out of date: rmgen no longer "
                          "writes it\n", r.stderr.replace(d + "/", ""))
            self.assertNotIn("mine.c", r.stderr)
            r = self.run_rmgen("--flavor", "kernel", "-o", d, IDL)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(sorted(f for f in os.listdir(d) if f.endswith(".c")),
                             ["gunyah_rm_driver.c", "gunyah_rm_protocol.c",
                              "gunyah_rm_rpc.c", "mine.c"])
            self.assertEqual(
                self.run_rmgen("--check", "--flavor", "kernel", "-o", d,
                               IDL).returncode, 0)
            with open(os.path.join(d, "gunyah_rm_rpc.c"), encoding="utf-8") as f:
                self.assertIn("rmgen --flavor kernel -o DIR", f.read(600))
            r = self.run_rmgen("--flavor", "kernel", "--kernel-series", "v17",
                               "-o", d, IDL)
            with open(os.path.join(d, "gunyah_rm_rpc.c"), encoding="utf-8") as f:
                self.assertIn("rmgen --flavor kernel --kernel-series v17 -o DIR",
                              f.read(600))

    def test_stale_banner_only(self):
        """A file that differs only in the IDL name of its banner says so."""
        gen = ("/*\n * Generated by rmgen from {0}\n * (sha256 0).\n * "
               "regenerate with:\n * rmgen -o DIR {0}\n */\nint x;\n")
        self.assertEqual(
            why_stale(gen.format("a/b.yaml"), gen.format("idl/x.yaml")),
            "only its banner differs: it names the IDL 'a/b.yaml', this run "
            "'idl/x.yaml' (see --idl-name)")
        self.assertEqual(
            why_stale(gen.format("a/b.yaml") + "int y;\n",
                      gen.format("idl/x.yaml")),
            "the first difference is on line 2")
        self.assertEqual(why_stale(None, "x"), "missing")

    def test_banner(self):
        with tempfile.TemporaryDirectory() as d:
            self.run_rmgen("-o", d, "--idl-name", "idl/rm_protocol.yaml", IDL)
            with open(os.path.join(d, "src", "protocol.c"), encoding="utf-8") as f:
                head = f.read(400)
        self.assertIn("Generated by rmgen from idl/rm_protocol.yaml", head)
        self.assertIn("Do not edit; regenerate with:\n"
                      " * rmgen -o DIR idl/rm_protocol.yaml (or rebuild with "
                      "CMake)\n", head)

    def test_kernel_banner(self):
        """The kernel flavour's regeneration command names the flavour."""
        with tempfile.TemporaryDirectory() as d:
            self.run_rmgen("--flavor", "kernel", "-o", d, "--idl-name",
                           "idl/rm_protocol.yaml", IDL)
            with open(os.path.join(d, "gunyah_rm_protocol.c"),
                      encoding="utf-8") as f:
                head = f.read(400)
        self.assertIn(" * rmgen --flavor kernel -o DIR idl/rm_protocol.yaml "
                      "(or rebuild with CMake)\n", head)


if __name__ == "__main__":
    unittest.main()
