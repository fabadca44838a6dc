"""Unit tests of gen/comments.py: comments in generated C within 80 columns."""

from __future__ import annotations

import unittest

from gen import comments as C


def width(line: str) -> int:
    return len(line.expandtabs(8))


class Comment(unittest.TestCase):
    def test_short_stays_on_one_line(self):
        self.assertEqual(C.comment("Message IDs"), "/* Message IDs */")
        self.assertEqual(C.comment("  spread\n  out  "), "/* spread out */")

    def test_exactly_80_columns_fits(self):
        text = "x" * 74
        self.assertEqual(C.comment(text), f"/* {text} */")
        self.assertEqual(C.comment(text + "y"),
                         f"/*\n * {text}y\n */")

    def test_long_becomes_a_wrapped_block(self):
        text = " ".join(["word"] * 40)
        out = C.comment(text, depth=2)
        lines = out.split("\n")
        self.assertEqual(lines[0], "\t\t/*")
        self.assertEqual(lines[-1], "\t\t */")
        self.assertTrue(all(ln.startswith("\t\t * ") for ln in lines[1:-1]))
        self.assertTrue(all(width(ln) <= 80 for ln in lines))
        self.assertEqual(" ".join(ln[5:] for ln in lines[1:-1]), text)

    def test_a_word_too_long_for_a_line_gets_its_own(self):
        out = C.comment("a " + "b" * 90 + " c")
        self.assertEqual(out, "/*\n * a\n * " + "b" * 90 + "\n * c\n */")


class Define(unittest.TestCase):
    def test_trailing_comment_when_it_fits(self):
        self.assertEqual(C.define("GUNYAH_RM_X", "0x1u", "Force"),
                         "#define GUNYAH_RM_X 0x1u /* Force */")

    def test_comment_above_when_it_does_not(self):
        doc = "Start a VM in READY state: it goes to RUNNING and peers get it"
        self.assertEqual(
            C.define("GUNYAH_RM_RPC_VM_START", "0x56000004", doc),
            f"/* {doc} */\n#define GUNYAH_RM_RPC_VM_START 0x56000004")

    def test_no_doc_no_comment(self):
        self.assertEqual(C.define("A", "1", " "), "#define A 1")


class Kdoc(unittest.TestCase):
    def test_item_that_fits(self):
        self.assertEqual(C.kdoc_item("@vmid:", "Target VM."),
                         " * @vmid: Target VM.")

    def test_continuation_aligned_under_the_text(self):
        out = C.kdoc_item("@exit_reason:", " ".join(["reason"] * 20))
        lines = out.split("\n")
        self.assertEqual(lines[0][:23], " * @exit_reason: reason")
        self.assertTrue(all(ln.startswith(" *" + " " * 15 + "reason")
                            for ln in lines[1:]))
        self.assertTrue(all(width(ln) <= 80 for ln in lines))

    def test_continuation_after_a_long_tag_is_a_tab(self):
        head = "@GUNYAH_RM_NOTIFICATION_VM_SHUTDOWN_WITH_A_LONGER_NAME:"
        out = C.kdoc_item(head, " ".join(["text"] * 20))
        lines = out.split("\n")
        self.assertTrue(lines[0].startswith(f" * {head} text"))
        self.assertTrue(all(ln.startswith(" *\ttext") for ln in lines[1:]))
        self.assertTrue(all(width(ln) <= 80 for ln in lines))

    def test_text_lines(self):
        out = C.kdoc_text(" ".join(["long"] * 30))
        lines = out.split("\n")
        self.assertTrue(all(ln.startswith(" * ") and width(ln) <= 80
                            for ln in lines))
        self.assertEqual(len(lines), 2)


if __name__ == "__main__":
    unittest.main()
