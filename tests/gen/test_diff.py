"""Tests of `rmgen diff` (gen/diff.py) on the fixtures in tests/diff/.

Each fixture is tests/diff/base.yaml with one change; the expected lines are
exact, with {old} and {new} standing for the two file paths.
"""

from __future__ import annotations

import contextlib
import io
import os
import unittest

from gen import diff
from gen.idl import load_protocol

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(REPO, "tests", "diff")
IDL = os.path.join(REPO, "idl", "rm_protocol.yaml")


def fixture(name: str) -> str:
    return os.path.join(FIXTURES, f"{name}.yaml")


def run(old: str, new: str) -> tuple[int, list[str], str]:
    """main([old, new]): exit status, stdout lines, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = diff.main([old, new])
    return rc, out.getvalue().splitlines(), err.getvalue()


class DiffCases(unittest.TestCase):
    maxDiff = None

    def check(self, name: str, rc: int, lines: list[str],
              old: str = "base") -> None:
        o, n = fixture(old), fixture(name)
        got_rc, got, err = run(o, n)
        self.assertEqual(err, "")
        self.assertEqual(got, [ln.format(old=o, new=n) for ln in lines])
        self.assertEqual(got_rc, rc)

    def test_identical(self):
        self.check("base", 0, ["0 breaking, 0 compatible"])

    def test_field_offset(self):
        self.check("field_offset", 1, [
            "breaking: vm_stop request: field order changed: vmid, flags, "
            "_padding, exit_code, reserved, _padding2 -> vmid, _padding, flags, "
            "exit_code, reserved, _padding2 ({old}:57:7 -> {new}:57:7)",
            "breaking: vm_stop request.flags: offset 2 -> 3 "
            "({old}:59:11 -> {new}:60:11)",
            "breaking: vm_stop request._padding: offset 3 -> 2 "
            "({old}:60:11 -> {new}:59:11)",
            "3 breaking, 0 compatible"])

    def test_message_removed(self):
        self.check("message_removed", 1, [
            "breaking: message vm_start: removed (ID 0x56000004) "
            "({old}:41:5 -> {new})",
            "1 breaking, 0 compatible"])

    def test_enum_renumbered(self):
        self.check("enum_renumbered", 1, [
            "breaking: enum vm_status.running: renumbered 3 -> 4 "
            "({old}:18:9 -> {new}:18:9)",
            "1 breaking, 0 compatible"])

    def test_message_id(self):
        self.check("message_id", 1, [
            "breaking: message vm_stop: ID 0x56000005 -> 0x56000006 "
            "({old}:51:5 -> {new}:51:5)",
            "1 breaking, 0 compatible"])

    def test_field_width(self):
        self.check("field_width", 1, [
            "breaking: vm_get_list response: minimum size 4 -> 6 "
            "({old}:72:7 -> {new}:72:7)",
            "breaking: vm_get_list response.n_max: width 2 -> 4 (le16 -> le32) "
            "({old}:74:11 -> {new}:74:11)",
            "breaking: vm_get_list response.entries: offset 4 -> 6 "
            "({old}:75:11 -> {new}:75:11)",
            "3 breaking, 0 compatible"])

    def test_payload_size(self):
        self.check("payload_size", 1, [
            "breaking: vm_start request: size 4 -> 8 ({old}:47:7 -> {new}:47:7)",
            "breaking: vm_start request.label: new field at offset 4 "
            "({old}:47:7 -> {new}:50:11)",
            "2 breaking, 0 compatible"])

    def test_count_relation(self):
        self.check("count_relation", 1, [
            "breaking: vm_get_list response.entries: count field n_entries -> "
            "n_max ({old}:75:11 -> {new}:75:11)",
            "1 breaking, 0 compatible"])

    def test_reserved_given_meaning(self):
        self.check("reserved_meaning", 1, [
            "compatible: vm_stop request.reserved: renamed to 'reason' (same "
            "offset 5, u8) ({old}:62:11 -> {new}:62:11)",
            "breaking: vm_stop request.reserved: reserved (zero) field given "
            "meaning without a version rule ({old}:62:11 -> {new}:62:11)",
            "1 breaking, 1 compatible"])

    def test_closed_enum_new_value(self):
        self.check("closed_enum_value", 1, [
            "breaking: enum exit_code.bus_error: new value 2 in a closed enum: "
            "old validators reject it ({old}:19:5 -> {new}:26:9)",
            "1 breaking, 0 compatible"])

    def test_new_message(self):
        self.check("message_new", 0, [
            "compatible: message vm_reset: new (ID 0x56000006) "
            "({old} -> {new}:84:5)",
            "0 breaking, 1 compatible"])

    def test_open_enum_new_value(self):
        self.check("open_enum_value", 0, [
            "compatible: enum vm_status.paused: new value 4 in an open enum "
            "({old}:12:5 -> {new}:19:9)",
            "0 breaking, 1 compatible"])

    def test_doc_change(self):
        self.check("doc_change", 0, [
            "compatible: message vm_start: doc changed ({old}:41:5 -> {new}:41:5)",
            "0 breaking, 1 compatible"])

    def test_layout_unknown_to_known(self):
        self.check("layout_known", 0, [
            "compatible: vm_set_name request: layout unknown -> known "
            "({old}:82:14 -> {new}:83:7)",
            "compatible: vm_set_name request: doc changed "
            "({old}:82:14 -> {new}:83:7)",
            "0 breaking, 2 compatible"])

    def test_layout_known_to_unknown(self):
        self.check("base", 1, [
            "breaking: vm_set_name request: layout known -> unknown "
            "({old}:83:7 -> {new}:82:14)",
            "compatible: vm_set_name request: doc changed "
            "({old}:83:7 -> {new}:82:14)",
            "1 breaking, 1 compatible"], old="layout_known")

    def test_idl_error(self):
        bad = fixture("bad_idl")
        rc, out, err = run(fixture("base"), bad)
        self.assertEqual(rc, 2)
        self.assertEqual(out, [])
        self.assertEqual(err, f"{bad}:51:5: error: duplicate message ID "
                              f"0x56000004 (also 'vm_start' at line 41)\n")

    def test_usage(self):
        with contextlib.redirect_stdout(io.StringIO()) as out:
            self.assertEqual(diff.main(["--help"]), 0)
        self.assertIn("breaking or compatible", out.getvalue())
        with contextlib.redirect_stderr(io.StringIO()):
            self.assertEqual(diff.main([fixture("base")]), 2)


class DiffApi(unittest.TestCase):
    def test_real_idl_against_itself(self):
        proto = load_protocol(IDL)
        self.assertEqual(diff.diff(proto, load_protocol(IDL)), [])

    def test_change_objects(self):
        old, new = load_protocol(fixture("base")), load_protocol(
            fixture("message_id"))
        changes = diff.diff(old, new)
        self.assertEqual(len(changes), 1)
        c = changes[0]
        self.assertTrue(c.breaking)
        self.assertEqual((c.what, c.old.line, c.new.line),
                         ("message vm_stop", 51, 51))

    def test_deterministic(self):
        old, new = fixture("base"), fixture("field_offset")
        self.assertEqual(run(old, new), run(old, new))


if __name__ == "__main__":
    unittest.main()
