"""Unit tests of rmgen's own C layout (gen/layout.py, gen/cbreak.py) and of
the worker processes (gen/parallel.py).

The expected texts are clang-format's (the repository's .clang-format,
clang-format 14) for these lines; the gen_clang_format ctest checks every
generated file against clang-format itself.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import unittest

from gen import cbreak, clist, fmt, layout, parallel

T = "\t"


def lay(text: str) -> str:
    """*text* laid out; every part must be final (no snippet)."""
    result = layout.layout(text)
    assert not any(isinstance(p, layout.Snippet) for p in result.parts), \
        "a snippet was left for clang-format"
    return layout.join(result, {})


class Whitespace(unittest.TestCase):
    def test_indent_is_tabs_then_spaces(self):
        self.assertEqual(cbreak.indent(23), T * 2 + " " * 7)
        self.assertEqual(cbreak.indent(16), T * 2)

    def test_alignment_inside_a_line(self):
        # UseTab: Always: a tab when the gap reaches the next tab stop.
        self.assertEqual(clist._spaces(43, 8), T + "   ")
        self.assertEqual(clist._spaces(26, 3), "   ")
        self.assertEqual(clist._spaces(31, 1), " ")

    def test_blank_lines(self):
        self.assertEqual(lay("int f(void)\n{\n\n\treturn 0;\n\n}\n\n\n"),
                         "int f(void)\n{\n\treturn 0;\n}\n")


class Breaking(unittest.TestCase):
    def test_fits_stays(self):
        text = "\treturn f(a,\n\t\t b);\n"
        self.assertEqual(lay(text), "\treturn f(a, b);\n")

    def test_define(self):
        line = ("#define GUNYAH_RM_RPC_VM_GET_OWNER 0x56000015 /* Get the "
                "VMID of the caller's owner */")
        self.assertEqual(cbreak.define(line), [
            "#define GUNYAH_RM_RPC_VM_GET_OWNER \\",
            "\t0x56000015 /* Get the VMID of the caller's owner */"])

    def test_call_aligned_after_parenthesis(self):
        self.assertEqual(cbreak.statement(3, (
            'return gunyah_rm_verr_truncated(err, "vm_common_vmid_req", '
            'vm_common_vmid_req_run0, 2, 0, len);')), [
            T * 3 + 'return gunyah_rm_verr_truncated(err,',
            T * 7 + '"vm_common_vmid_req",',
            T * 7 + 'vm_common_vmid_req_run0,',
            T * 7 + '2, 0, len);'])

    def test_call_after_parenthesis(self):
        self.assertEqual(cbreak.statement(2, (
            "off = gunyah_rm_size_add(off, gunyah_rm_size_mul("
            "msg->auth_params.n, 8));")), [
            T * 2 + "off = gunyah_rm_size_add(",
            T * 3 + "off, gunyah_rm_size_mul(msg->auth_params.n, 8));"])

    def test_nested_call(self):
        self.assertEqual(cbreak.statement(2, (
            "off = gunyah_rm_size_add(off, gunyah_rm_size_mul("
            "msg->entries.n, 44));")), [
            T * 2 + "off = gunyah_rm_size_add(off, gunyah_rm_size_mul("
            "msg->entries.n,",
            T * 8 + " " * 1 + "44));"])

    def test_assignment(self):
        self.assertEqual(cbreak.statement(1, (
            "int ret = gunyah_rm_vm_set_boot_context_v16_resp_validate("
            "buf, len, err);")), [
            T + "int ret =",
            T * 2 + "gunyah_rm_vm_set_boot_context_v16_resp_validate(buf, "
            "len, err);"])

    def test_declarations(self):
        self.assertEqual(cbreak.statement(0, (
            "static inline int vm_common_vmid_req_size_of(const struct "
            "gunyah_rm_vm_common_vmid_req *msg, size_t *size)")), [
            "static inline int",
            "vm_common_vmid_req_size_of(const struct "
            "gunyah_rm_vm_common_vmid_req *msg,",
            T * 3 + "   size_t *size)"])
        self.assertEqual(cbreak.statement(0, (
            "int gunyah_rm_vm_common_vmid_req_size(const struct "
            "gunyah_rm_vm_common_vmid_req *msg, size_t *size);")), [
            "int gunyah_rm_vm_common_vmid_req_size(",
            T + "const struct gunyah_rm_vm_common_vmid_req *msg, "
            "size_t *size);"])

    def test_static_assert(self):
        self.assertEqual(cbreak.statement(0, (
            "_Static_assert(offsetof(struct gunyah_rm_hyp_resource_wire, "
            'resource_handle) == 4, "gunyah_rm_hyp_resource_wire.'
            'resource_handle offset");')), [
            "_Static_assert(offsetof(struct gunyah_rm_hyp_resource_wire, "
            "resource_handle) ==",
            T * 2 + " " * 7 + "4,",
            T + " " * 7 + '"gunyah_rm_hyp_resource_wire.resource_handle '
            'offset");'])

    def test_static_assert_message_past_the_limit(self):
        # A message too long for any column stays whole after a break
        # after "(", the operand broken inside offsetof().
        self.assertEqual(cbreak.statement(0, (
            "_Static_assert(offsetof(struct gunyah_rm_vm_device_get_resources"
            "_resp_wire, resource_descriptors_reserved) == 2, \"gunyah_rm_vm_"
            "device_get_resources_resp_wire.resource_descriptors_reserved "
            "offset\");")), [
            "_Static_assert(",
            T + "offsetof(struct gunyah_rm_vm_device_get_resources_resp_wire,",
            T + T + " resource_descriptors_reserved) == 2,",
            T + '"gunyah_rm_vm_device_get_resources_resp_wire.'
            'resource_descriptors_reserved offset");'])

    def test_condition(self):
        self.assertEqual(cbreak.statement(1, (
            "if (GUNYAH_RM_LE_HOST && offsetof(struct gunyah_rm_sgl_entry, "
            "ipa) == 0 && offsetof(struct gunyah_rm_sgl_entry, size) == 8) {"
            )), [
            T + "if (GUNYAH_RM_LE_HOST &&",
            T + "    offsetof(struct gunyah_rm_sgl_entry, ipa) == 0 &&",
            T + "    offsetof(struct gunyah_rm_sgl_entry, size) == 8) {"])

    def test_wrapped_call_after_break(self):
        # if (f(e)): e whole on the next line (19 + 60 + 15) is cheaper
        # than any break inside it.
        self.assertEqual(cbreak.statement(1, (
            "if (gunyah_rm_unlikely(gunyah_rm_vm_common_vmid_req_validate("
            "buf, len, NULL)))")), [
            T + "if (gunyah_rm_unlikely(",
            T * 2 + " " * 4 + "gunyah_rm_vm_common_vmid_req_validate(buf, "
            "len, NULL)))"])

    def test_wrapped_call_arguments_after_break(self):
        self.assertEqual(cbreak.statement(1, (
            "if (gunyah_rm_unlikely(gunyah_rm_vm_set_time_base_err_data_"
            "validate(buf, len, NULL)))")), [
            T + "if (gunyah_rm_unlikely(gunyah_rm_vm_set_time_base_err_data_"
            "validate(",
            T * 2 + " " * 4 + "buf, len, NULL)))"])

    def test_wrapped_call_broken_inside(self):
        # Aligned after "(" when that fits, else after "(" 8 columns in.
        self.assertEqual(cbreak.statement(1, (
            "if (gunyah_rm_unlikely(gunyah_rm_vm_minidump_register_range_"
            "req_validate(buf, len, NULL)))")), [
            T + "if (gunyah_rm_unlikely(",
            T * 2 + " " * 4 + "gunyah_rm_vm_minidump_register_range_req_"
            "validate(buf, len,",
            T * 8 + " " * 6 + "NULL)))"])
        self.assertEqual(cbreak.statement(1, (
            "if (gunyah_rm_unlikely(gunyah_rm_vm_minidump_deregister_slot_"
            "resp_validate(buf, len, NULL)))")), [
            T + "if (gunyah_rm_unlikely(",
            T * 2 + " " * 4 + "gunyah_rm_vm_minidump_deregister_slot_resp_"
            "validate(",
            T * 3 + " " * 4 + "buf, len, NULL)))"])

    def test_wrapped_unary_operator(self):
        self.assertEqual(cbreak.statement(1, (
            "if (gunyah_rm_unlikely(!gunyah_rm_os_status_valid("
            "gunyah_rm_get_u8(p + off + 1))))")), [
            T + "if (gunyah_rm_unlikely(",
            T * 2 + " " * 4 + "!gunyah_rm_os_status_valid(gunyah_rm_get_u8("
            "p + off + 1))))"])

    def test_wrapped_binary_operator(self):
        # A break after the operator, the operands lined up (69 + 15).
        self.assertEqual(cbreak.statement(1, (
            "if (gunyah_rm_unlikely(len - off != gunyah_rm_size_mul("
            "c_num_auth_params, 8))) {")), [
            T + "if (gunyah_rm_unlikely(len - off !=",
            T * 3 + " " * 7 + "gunyah_rm_size_mul(c_num_auth_params, 8))) {"])
        self.assertEqual(cbreak.statement(1, (
            "if (gunyah_rm_unlikely(msg->data.len != msg->id_size || "
            "(!msg->data.data && msg->data.len)))")), [
            T + "if (gunyah_rm_unlikely(msg->data.len != msg->id_size ||",
            T * 3 + " " * 7 + "(!msg->data.data && msg->data.len)))"])
        self.assertEqual(cbreak.statement(1, (
            "if (gunyah_rm_unlikely(gunyah_rm_get_u8(p + off + 2) & "
            "~(uint64_t)GUNYAH_RM_ACL_RIGHTS_MASK))")), [
            T + "if (gunyah_rm_unlikely(gunyah_rm_get_u8(p + off + 2) &",
            T * 3 + " " * 7 + "~(uint64_t)GUNYAH_RM_ACL_RIGHTS_MASK))"])

    def test_wrapped_binary_operator_after_break(self):
        self.assertEqual(cbreak.statement(2, (
            "if (gunyah_rm_unlikely(msg->auth_params.len != "
            "gunyah_rm_size_mul(msg->auth_params.n, 8)))")), [
            T * 2 + "if (gunyah_rm_unlikely(",
            T * 3 + " " * 4 + "msg->auth_params.len !=",
            T * 3 + " " * 4 + "gunyah_rm_size_mul(msg->auth_params.n, 8)))"])
        self.assertEqual(cbreak.statement(1, (
            "if (gunyah_rm_unlikely(gunyah_rm_get_u8(p + off + 4) & "
            "~(uint64_t)GUNYAH_RM_MEMPARCEL_NOTIFY_FLAGS_MASK))")), [
            T + "if (gunyah_rm_unlikely(",
            T * 2 + " " * 4 + "gunyah_rm_get_u8(p + off + 4) &",
            T * 2 + " " * 4 + "~(uint64_t)GUNYAH_RM_MEMPARCEL_NOTIFY_FLAGS_"
            "MASK))"])

    def test_call_last_argument_binary(self):
        # After "(" (30 + 40 + 15), then bin-packed: the last argument
        # after a comma may not break inside (more than two arguments).
        head = "return gunyah_rm_verr_set(err, GUNYAH_RM_VERR_TRAILING, "
        self.assertEqual(cbreak.statement(2, (
            head + '"vm_auth_image_req", "auth_params", off + '
            'gunyah_rm_size_mul(c_num_auth_params, 8));')), [
            T * 2 + "return gunyah_rm_verr_set(",
            T * 3 + 'err, GUNYAH_RM_VERR_TRAILING, "vm_auth_image_req",',
            T * 3 + '"auth_params",',
            T * 3 + "off + gunyah_rm_size_mul(c_num_auth_params, 8));"])
        self.assertEqual(cbreak.statement(2, (
            head + '"vm_lookup_uri_resp", "entries", off + '
            'gunyah_rm_size_mul(c_n_entries, 4));')), [
            T * 2 + "return gunyah_rm_verr_set(",
            T * 3 + 'err, GUNYAH_RM_VERR_TRAILING, "vm_lookup_uri_resp",',
            T * 3 + '"entries", off + gunyah_rm_size_mul(c_n_entries, 4));'])

    def test_call_of_one_call(self):
        # After the inner "(", 8 columns in from the statement (not from
        # the outer "(").
        self.assertEqual(cbreak.statement(2, (
            "return gilrcdjaxx(geceqhnononljjrhxozesphtfqphdjezhmdx("
            "gonfqeq_myvbx, NULL));")), [
            T * 2 + "return gilrcdjaxx(geceqhnononljjrhxozesphtfqphdjezhmdx(",
            T * 3 + "gonfqeq_myvbx, NULL));"])

    def test_unknown_shape_is_left_to_clang_format(self):
        text = ("\tx = (aaaaaaaaaaaaaaaaaaaa + bbbbbbbbbbbbbbbbbbbbbbbbbb) * "
                "(cccccccccccccccccccc - ddddddddddddddddddddd);\n")
        parts = layout.layout(text).parts
        self.assertTrue(any(isinstance(p, layout.Snippet) for p in parts))


class ExpressionRules(unittest.TestCase):
    """clang-format's rules that limit its choice among the layouts of an
    expression (cbreak.expression()), and its order among equal costs."""

    def test_no_break_in_operand_after_another(self):
        # Three arguments: the one after "~aaaaaaaaaaaaa," on its line may
        # not break inside (NoLineBreakInOperand).
        self.assertEqual(cbreak.statement(1, (
            "if (check(ccccccccccccccccccccc(~aaaaaaaaaaaaa, (bbbbbbb == 58 "
            "== msg->cccc.ddddddddddd), eeeeeeeeeeeeeeeeeeeee)))")), [
            T + "if (check(ccccccccccccccccccccc(",
            T * 2 + " " * 4 + "~aaaaaaaaaaaaa, (bbbbbbb == 58 == "
            "msg->cccc.ddddddddddd),",
            T * 2 + " " * 4 + "eeeeeeeeeeeeeeeeeeeee)))"])

    def test_break_after_a_broken_argument(self):
        # BreakBeforeParameter: after an argument or operand broken
        # inside, the next one starts a line.
        self.assertEqual(cbreak.statement(1, (
            "if (check(fffffffffff(gggggggggggggggggggggggggggggggggggg("
            "aaaaaaaaaaaa, bbbbbbbbbbbbb), cc)))")), [
            T + "if (check(fffffffffff(gggggggggggggggggggggggggggggggggggg(",
            T * 4 + " " * 6 + "aaaaaaaaaaaa, bbbbbbbbbbbbb),",
            T * 3 + " " * 6 + "cc)))"])
        self.assertEqual(cbreak.statement(1, (
            "if (check(gggggggggggggggggggggggggggggggggggg(aaaaaaaaaaaa, "
            "bbbbbbbbbbbbbbbbbbbbbbbbbbbbb) + cc + dd))")), [
            T + "if (check(gggggggggggggggggggggggggggggggggggg(",
            T * 3 + " " * 2 + "aaaaaaaaaaaa, bbbbbbbbbbbbbbbbbbbbbbbbbbbbb) +",
            T * 2 + " " * 2 + "cc + dd))"])

    def test_no_break_after_parenthesis_on_a_closing_line(self):
        # The second line closes a parenthesis it did not open: no break
        # after the "(" of g( on it (LowestLevelOnLine).
        self.assertEqual(cbreak.statement(2, (
            "if (gaxiahabqx(ffffffffffffffffffffffffffffffffffffffffffffff("
            "391) != gggggggggggggggggggggggg(hhhhhhhhhhhhhhhhhhhhh)))")), [
            T * 2 + "if (gaxiahabqx(ffffffffffffffffffffffffffffffffffffff"
            "ffffffff(",
            T * 4 + " " * 7 + "391) !=",
            T * 3 + " " * 7 + "gggggggggggggggggggggggg("
            "hhhhhhhhhhhhhhhhhhhhh)))"])

    def test_equal_costs_later_last_break(self):
        # Two layouts of 221: the one whose breaks come later.
        self.assertEqual(cbreak.statement(1, (
            "if (gfqxwqx(!gq_omlrqjfnbrpsx((msg->gszpghbqqvinzxqmx.gmx < "
            "gtwx < gcycor_pfigzwkyheqjx), gmkvmllahniggcx))) {")), [
            T + "if (gfqxwqx(!gq_omlrqjfnbrpsx((msg->gszpghbqqvinzxqmx.gmx < "
            "gtwx <",
            T * 4 + " " * 7 + "gcycor_pfigzwkyheqjx),",
            T * 4 + " " * 6 + "gmkvmllahniggcx))) {"])

    def test_equal_costs_cheaper_before_the_break(self):
        # Two layouts of 292 with their last two breaks at the same places:
        # the one cheaper before them (94 for the break after "(", not 109
        # for a break after "*").
        self.assertEqual(cbreak.statement(3, (
            "if (gkssnjywcsvrewqkx((gtex * msg->gqircphcidfxux.gqsxsorckx * "
            "msg->gqasuuctprtgcx.gythpfdx) * "
            "msg->gmsmbiqu_ux.gbwxrxtoax))")), [
            T * 3 + "if (gkssnjywcsvrewqkx(",
            T * 4 + " " * 4 + "(gtex * msg->gqircphcidfxux.gqsxsorckx *",
            T * 4 + " " * 5 + "msg->gqasuuctprtgcx.gythpfdx) *",
            T * 4 + " " * 4 + "msg->gmsmbiqu_ux.gbwxrxtoax))"])


class NestedCallArguments(unittest.TestCase):
    """A call statement whose last argument is a call (clang-format's
    text for each)."""

    X30 = "x" * 30

    def test_no_break_inside_the_last_of_three_after_another(self):
        # After "xxxxxxx, " on its line, the last of three arguments may
        # not break inside (NoLineBreakInOperand): not after its "(" (105).
        x30 = self.X30
        self.assertEqual(cbreak.statement(1, (
            f"return x(xxxxxxx, xxxxxxx, {x30}({x30}, xx));")), [
            T + "return x(xxxxxxx, xxxxxxx,",
            T * 2 + " " + x30 + "(" + x30 + ",",
            T * 6 + "xx));"])
        self.assertEqual(cbreak.statement(1, (
            "ret = xxxxxxxxx(xxxxxxxxxxxxxxxxxxxxxxxxxxxx, "
            "xxxxxxxxxxxxxxxxxxxxx, abc, xxxxxxxxxx("
            "xxxxxxxxxxxxxxxxxxxxxxxxxx, xxxxxxxxxxxxxxxxxxxxxxxxx));")), [
            T + "ret = xxxxxxxxx(xxxxxxxxxxxxxxxxxxxxxxxxxxxx, "
            "xxxxxxxxxxxxxxxxxxxxx,",
            T * 3 + "abc,",
            T * 3 + "xxxxxxxxxx(xxxxxxxxxxxxxxxxxxxxxxxxxx,",
            T * 4 + "   xxxxxxxxxxxxxxxxxxxxxxxxx));"])

    def test_one_argument_call_after_assignment_or_cast(self):
        # After the inner "(", 8 columns in from the statement, whatever
        # comes before the call.
        self.assertEqual(cbreak.statement(1, (
            "p->len = xxxxxxxxxxxxxxxxxxxxxxxxx(xxxxxxxxxxxx(xxxxxxxxxxxxxx, "
            "xxxxxxxxxxxxxxxxx, xxxxxxxxxxxxxxxxxxxxxx));")), [
            T + "p->len = xxxxxxxxxxxxxxxxxxxxxxxxx(xxxxxxxxxxxx(",
            T * 2 + "xxxxxxxxxxxxxx, xxxxxxxxxxxxxxxxx, "
            "xxxxxxxxxxxxxxxxxxxxxx));"])
        self.assertEqual(cbreak.statement(1, (
            "(void)xxxxxxxxxxxxxxxxx(xxxxxxxxxxxxxxxxxxxxxxxxxx("
            "xxxxxxxxxxxxxxxx, xxxxxxxxx, xxxxxxxx));")), [
            T + "(void)xxxxxxxxxxxxxxxxx(xxxxxxxxxxxxxxxxxxxxxxxxxx(",
            T * 2 + "xxxxxxxxxxxxxxxx, xxxxxxxxx, xxxxxxxx));"])

    def test_no_break_after_inner_parenthesis_past_the_limit(self):
        # "...(g(" would end past column 80: after the outer "(" instead.
        self.assertEqual(cbreak.statement(2, (
            "(void)gseqfxj0fzj_i4p_bek4mb9_o_n(gah9pzy4r8l8ir_vrtuspegu0y7a7s("
            "&gb2a_ax_tvyz3mj, gy8_c.g8l5d));")), [
            T * 2 + "(void)gseqfxj0fzj_i4p_bek4mb9_o_n(",
            T * 3 + "gah9pzy4r8l8ir_vrtuspegu0y7a7s(&gb2a_ax_tvyz3mj,",
            T * 6 + " " * 7 + "gy8_c.g8l5d));"])

    def test_equal_costs_are_left_to_clang_format(self):
        # Two layouts of 161 (after "xxxx," then after the inner "(", or
        # after the outer "(" then inside): clang-format takes the one its
        # search completes first, the second.
        self.assertIsNone(cbreak.statement(1, (
            "ret = xxxxxxxxxxxxxxxxxxxx(xxxx, "
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx(xx, xxxxxxxxxxx, "
            "xxxxxxxxxxxxxxxxx));")))


def _name(r: random.Random, n: int) -> str:
    return "g" + "".join(r.choice("abcdefghijklmnopqrstuvwxyz0123456789_")
                         for _ in range(n - 1))


def _operand(r: random.Random) -> str:
    """An argument as the templates write them: a name, &x, a->b, a.b, a
    number, a string, a cast, a sum, sizeof()."""
    n = r.randint(1, 30)
    h = max(1, n // 2)
    return r.choice([
        lambda: _name(r, n), lambda: _name(r, n), lambda: "&" + _name(r, n),
        lambda: _name(r, h) + "->" + _name(r, h),
        lambda: _name(r, h) + "." + _name(r, h),
        lambda: str(r.randint(0, 10 ** r.randint(1, 9))),
        lambda: '"' + _name(r, n) + '"', lambda: "(size_t)" + _name(r, n),
        lambda: _name(r, h) + " + " + _name(r, h),
        lambda: "sizeof(" + _name(r, n) + ")"])()


def _nested_call(r: random.Random, depth: int, most: int) -> str:
    """A call of 1 to *most* arguments, *depth* levels of calls nested in
    an argument anywhere."""
    args = [_operand(r) for _ in range(r.randint(1, most))]
    if depth:
        args[r.randrange(len(args))] = _nested_call(r, depth - 1, 4)
    return _name(r, r.randint(1, 30)) + "(" + ", ".join(args) + ")"


class RandomNestedCalls(unittest.TestCase):
    """Call statements with calls nested in their arguments, of random
    lengths, laid out as clang-format does (the lines cbreak leaves to
    clang-format are not compared)."""

    SEED = 11
    CASES = 600
    PREFIXES = ("", "return ", "ret = ", "p->len = ", "int ret = ",
                "off += ", "(void)")

    def test_against_clang_format(self):
        exe = shutil.which("clang-format") or shutil.which("clang-format-14")
        self.assertIsNotNone(exe, "clang-format is a build dependency")
        r = random.Random(self.SEED)
        units = []
        for k in range(self.CASES):
            depth = r.choice((1, 1, 2, 3))
            call = _nested_call(r, r.choice((1, 1, 2)), r.choice((2, 3, 4)))
            # In *depth* blocks of a function f<k>.
            levels = range(depth)
            units.append(f"void f{k}(void)\n" +
                         "".join(T * d + "{\n" for d in levels) +
                         T * depth + r.choice(self.PREFIXES) + call + ";\n" +
                         "".join(T * d + "}\n" for d in reversed(levels)))
        out = subprocess.run(
            [exe, "--style=file:" + AgainstClangFormat.STYLE,
             "--assume-filename=t.c"], input="".join(units),
            capture_output=True, text=True, check=True).stdout
        want = ["void f" + x for x in out.split("void f")[1:]]
        self.assertEqual(len(want), len(units))
        broken = 0
        for unit, expected in zip(units, want):
            result = layout.layout(unit)
            if any(isinstance(p, layout.Snippet) for p in result.parts):
                continue
            got = layout.join(result, {})
            self.assertEqual(got, expected, unit)
            broken += got.count("\n") > unit.count("\n")
        # Enough lines broken by cbreak itself for the test to mean something.
        self.assertGreater(broken, self.CASES // 5)


class BracedLists(unittest.TestCase):
    def test_columns(self):
        items = ['{ "no_state", 0 },', '{ "init", 1 },', '{ "ready", 2 },',
                 '{ "running", 3 },', '{ "paused", 4 },', '{ "load", 5 },',
                 '{ "auth", 6 },', '{ "init_failed", 8 },',
                 '{ "exited", 9 },', '{ "resetting", 10 },',
                 '{ "reset", 11 },']
        head = "static const struct gunyah_rm_enum_member x[] = {"
        self.assertEqual(clist.braced_list(head, [T + x for x in items] +
                                            ["};"]), [
            head,
            T + '{ "no_state", 0 },   { "init", 1 },\t   { "ready", 2 },',
            T + '{ "running", 3 },    { "paused", 4 },\t   { "load", 5 },',
            T + '{ "auth", 6 },\t     { "init_failed", 8 }, { "exited", 9 },',
            T + '{ "resetting", 10 }, { "reset", 11 },',
            "};"])

    def test_few_items_one_a_line(self):
        body = [T + '{ "x", 0x1 },', T + '{ "w", 0x2 },', "};"]
        head = "static const struct gunyah_rm_enum_member m[] = {"
        self.assertEqual(clist.braced_list(head, body), [head] + body)

    def test_declarator_on_its_own_line(self):
        head = ("static const struct gunyah_rm_enum_member "
                "enum_ipa_platform_constraints_members[] = {")
        self.assertEqual(clist.braced_list(head, [T + '{ "none", 0 },',
                                                   "};"]), [
            "static const struct gunyah_rm_enum_member",
            T + "enum_ipa_platform_constraints_members[] = {",
            T * 2 + '{ "none", 0 },',
            T + "};"])

    def test_empty(self):
        self.assertEqual(lay("\tconst struct s req = {\n\t};\n"),
                         "\tconst struct s req = {};\n")

    def test_nested_list_broken_between_items(self):
        # clang-format: the items packed, aligned with the first one.
        head = "static const struct gunyah_rm_x_resp x_msgs[] = {"
        body = [T + "{", T * 2 + ".resource_descriptors = { .items = "
                "r304_items1, .n = 3 },", T + "},", "};"]
        self.assertEqual(clist.braced_list(head, body), [
            head, T + "{",
            T * 2 + ".resource_descriptors = { .items = r304_items1, .n = 3 },",
            T + "},", "};"])
        body[1] = T * 3 + body[1][2:]
        self.assertEqual(clist.braced_list(head, body)[2:4], [
            T * 3 + ".resource_descriptors = { .items = r304_items1,",
            T * 6 + "  .n = 3 },"])


@unittest.skipUnless(shutil.which("clang-format") or
                     shutil.which("clang-format-14"), "needs clang-format")
class AgainstClangFormat(unittest.TestCase):
    STYLE = layout.__file__.rsplit("/gen/", 1)[0] + "/.clang-format"

    def check(self, text: str) -> None:
        """Laid out, with the snippets formatted by clang-format, *text* is
        what clang-format makes of it."""
        want = fmt.format_all([("t.c", text)], self.STYLE)[0]
        lay_ = layout.layout(text)
        where = [k for k, p in enumerate(lay_.parts)
                 if isinstance(p, layout.Snippet)]
        batch = fmt.batch([lay_.parts[k].text for k in where])  # type: ignore
        answers = fmt.unbatch(fmt.format_all([("s.c", batch)], self.STYLE)[0])
        self.assertEqual(layout.join(lay_, dict(zip(where, answers))), want)

    def test_else_if_snippet(self):
        self.check("int f(void)\n{\n\tif (a) {\n\t\tb();\n\t} else if "
                   "(aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa(bbbbbbbbbbbbbbbbbbbb) + "
                   "cccccccccccccccccccccccccc) {\n\t\tc();\n\t}\n}\n")

    def test_expressions_without_snippets(self):
        text = ("int f(void)\n{\n"
                "\tif (gunyah_rm_unlikely(gunyah_rm_vm_minidump_deregister_"
                "slot_resp_validate(buf, len, NULL)))\n\t\treturn 1;\n"
                "\tif (gunyah_rm_unlikely(len - off < gunyah_rm_size_mul("
                "c_entries, 16)))\n\t\treturn 2;\n"
                "\treturn gunyah_rm_verr_set(err, GUNYAH_RM_VERR_TRAILING, "
                "\"vm_get_hyp_resources_resp\", \"entries\", off + "
                "gunyah_rm_size_mul(c_n_entries, 44));\n}\n")
        self.assertEqual(lay(text), fmt.format_all([("t.c", text)],
                                                   self.STYLE)[0])

    def test_tied_call_is_left_to_clang_format(self):
        # (NestedCallArguments.test_equal_costs_are_left_to_clang_format)
        self.check("void f(void)\n{\n\tret = xxxxxxxxxxxxxxxxxxxx(xxxx, "
                   "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx(xx, xxxxxxxxxxx, "
                   "xxxxxxxxxxxxxxxxx));\n}\n")

    def test_snippets_are_spliced_back(self):
        self.check("int f(void)\n{\n\tx = (aaaaaaaaaaaaaaaaaaaa + "
                   "bbbbbbbbbbbbbbbbbbbbbbbbbb) * (cccccccccccccccccccc - "
                   "ddddddddddddddddddddd);\n\treturn gunyah_rm_verr_set(err, "
                   "GUNYAH_RM_VERR_ENUM_VALUE, payload, \"attr_entry.attr\", "
                   "off + 0);\n}\n")


class Workers(unittest.TestCase):
    def test_results_in_order(self):
        jobs = [lambda k=k: k * k for k in range(7)]
        self.assertEqual(parallel.run(jobs, [1] * 7, workers=2),
                         [k * k for k in range(7)])

    def test_failure_is_reported(self):
        def boom() -> int:
            raise ValueError("boom")
        with self.assertRaises((parallel.WorkerError, ValueError)):
            parallel.run([lambda: 1, boom, lambda: 3], [1, 5, 1], workers=2)


if __name__ == "__main__":
    unittest.main()
