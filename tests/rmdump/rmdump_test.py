#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""rmdump tests (Python standard library only).

    rmdump_test.py --rmdump PATH --vecgen PATH --srcdir DIR CASE

CASE is one of: list, vectors, seeds, mutations, fragmented, errors,
encode_errors, session, live_session (needs --capture and --rmsim).
Exit status 0 when the case passes.
"""
import argparse
import json
import random
import subprocess
import sys

ARGS = None
FAILURES = []


def run(args, stdin=""):
    p = subprocess.run(args, input=stdin, capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


def rmdump(*opts, stdin=""):
    return run([ARGS.rmdump, *opts], stdin)


def vecgen(cmd):
    rc, out, err = run([ARGS.vecgen, cmd])
    if rc:
        sys.exit(f"vecgen {cmd} failed ({rc}): {err}")
    return out


def check(cond, what):
    if not cond:
        FAILURES.append(what)
        print(f"FAIL: {what}")


def packets(hex_text):
    """The packet lines of a hex stream, normalised, without comments."""
    lines = []
    for line in hex_text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            lines.append(" ".join(line.split()))
    return lines


def roundtrip(hex_text, what):
    """Decode to JSON and re-encode: the packets must come back unchanged."""
    rc, js, err = rmdump("--json", stdin=hex_text)
    check(rc == 0 and not err, f"{what}: --json exit {rc}, stderr {err!r}")
    rc, hx, err = rmdump("--encode", stdin=js)
    check(rc == 0 and not err, f"{what}: --encode exit {rc}, stderr {err!r}")
    want, got = packets(hex_text), packets(hx)
    check(want == got, f"{what}: re-encoded packets differ")
    if want != got:
        for i, (a, b) in enumerate(zip(want, got)):
            if a != b:
                print(f"  first difference at packet {i}:\n  want {a}\n  got  {b}")
                break
        print(f"  {len(want)} packets in, {len(got)} out")
    # Re-decoding the re-encoded stream gives the same objects.
    rc, js2, _ = rmdump("--json", stdin=hx)
    check(js2 == js, f"{what}: JSON of the re-encoded stream differs")
    return [json.loads(line) for line in js.splitlines()]


# ---------------------------------------------------------------------------

def case_list():
    rc, out, err = rmdump("--list")
    check(rc == 0 and not err, f"--list exit {rc}")
    rows = [line.split() for line in out.splitlines()[1:]]
    check(all(len(r) == 5 for r in rows), "--list rows have 5 columns")
    ids = {(r[2], int(r[0], 16)) for r in rows}
    check(len(ids) == len(rows), "--list: every (kind, ID) once")
    names = {(r[2], r[1]) for r in rows}
    check(["0x56000001", "vm_alloc_vmid", "rpc", "vm_lifecycle", "server"] in rows,
          "--list has vm_alloc_vmid")
    check(["0x56100008", "vm_status", "notification", "vm_lifecycle", "server"] in rows,
          "--list has the vm_status notification")
    # Every message of the golden vectors is listed.
    for line in vecgen("manifest").splitlines():
        _, typ, name, _ = line.split()
        kind = "notification" if typ == "notification" else "rpc"
        check((kind, name) in names, f"--list has {kind} {name}")
    rc, out, _ = rmdump("--help")
    check(rc == 0 and out.startswith("Usage: rmdump"), "--help")
    rc, _, err = rmdump("--bogus")
    check(rc == 2 and "Usage" in err, "unknown option: usage, exit 2")
    rc, _, err = rmdump("/nonexistent/file.hex")
    check(rc == 2 and "/nonexistent/file.hex" in err, "missing file: exit 2")


def case_vectors():
    hx = vecgen("vectors")
    manifest = [line.split() for line in vecgen("manifest").splitlines()]
    objs = roundtrip(hx, "golden vectors")
    check(len(objs) == len(manifest),
          f"{len(objs)} messages decoded for {len(manifest)} vectors")
    for obj, (vname, typ, name, err) in zip(objs, manifest):
        check(obj["type"] == typ and obj["name"] == name,
              f"{vname}: decoded as {obj['type']} {obj['name']}")
        if typ == "reply":
            check(obj["error"] == int(err), f"{vname}: error {obj['error']}")
        check("raw" not in obj["payload"], f"{vname}: payload decoded by layout")
    # The text form decodes every vector, one line each.
    rc, out, err = rmdump(stdin=hx)
    check(rc == 0 and not err, f"text decode exit {rc}: {err!r}")
    check(len(out.splitlines()) == len(manifest), "one text line per vector")
    # Reading from a file argument gives the same as stdin.
    path = f"{ARGS.tmpdir}/vectors.hex"
    with open(path, "w") as f:
        f.write(hx)
    rc2, out2, _ = rmdump(path)
    check(rc2 == 0 and out2 == out, "FILE argument reads the same as stdin")


SEEDS = {
    # name: (type, name, error, payload) -- values from the IDL examples.
    "vm_alloc_vmid_dynamic_vmid_response":
        ("reply", "vm_alloc_vmid", 0, {"vmid": 0x80}),
    "vm_alloc_vmid_fixed_vmid_response":
        ("reply", "vm_alloc_vmid", 0, {}),
    "vm_stop_force_stop_request":
        ("request", "vm_stop", None, {"vmid": 0x80, "flags": 1, "stop_reason": 3}),
    "vm_get_id_guid_and_name_response":
        ("reply", "vm_get_id", 0, {
            "n_entries": 2,
            "entries": [
                {"id_type": 0, "id_size": 16, "data": "101112131415161718191a1b1c1d1e1f"},
                {"id_type": 2, "id_size": 3, "data": "766d31"},
            ]}),
    "vm_get_hyp_resources_two_resources_response":
        ("reply", "vm_get_hyp_resources", 0, {
            "n_entries": 2,
            "entries": [
                {"type": 2, "partner_vmid": 3, "resource_handle": 0x11223344,
                 "resource_label": 0x55667788, "cap_id": 0x0123456789abcdef,
                 "virq_handle": 0xa1b2c3d4, "virq": 0x29,
                 "base": "0x8877665544332211", "size": "0xfedcba9876543210"},
                {"type": 4, "partner_vmid": 0x80, "resource_handle": 0x102,
                 "resource_label": 1, "cap_id": 0x1122334455667788,
                 "virq_handle": 0, "virq": 0,
                 "base": 0x0807060504030201, "size": 0x1817161514131211},
            ]}),
    "ipa_reserve_alloc_one_request":
        ("request", "ipa_reserve", None, {
            "alloc_type": 1, "generic_constraints": 4, "platform_constraints": 0,
            "entries": 1,
            "ranges": [{"region_base": 0x100000000, "region_size": 0x40000000,
                        "size": 0x200000, "alignment": 0x200000}]}),
    "ipa_reserve_alloc_one_response":
        ("reply", "ipa_reserve", 0, {"reserved_entries": 1, "ipa": [0x100200000]}),
    "mem_shared_shared_two_ranges_payload":
        ("notification", "mem_shared", None, {
            "handle": 0x1f, "mem_type": 0, "trans_type": 2, "flags": 1,
            "owner_vmid": 3, "label": 0x1234, "mem_info_tag": 0x99,
            "acl_entries": 2, "acl": [{"vmid": 3, "rights": 7}, {"vmid": 0x80, "rights": 6}],
            "sgl_entries": 2, "sgl": [0x1000, 0x200000],
            "attr_entries": 0, "attr": []}),
    "vm_status_running_payload":
        ("notification", "vm_status", None,
         {"vmid": 0x80, "vm_status": 3, "os_status": 4, "app_status": 0}),
}

SEED_TEXT = {
    "vm_stop_force_stop_request":
        "request seq={seq} vm_stop (0x56000005) vmid=0x80 flags=1(force_stop) "
        "stop_reason=force_stop(3)",
    "vm_alloc_vmid_dynamic_vmid_response":
        "reply seq={seq} vm_alloc_vmid (0x56000001) error=ok(0) vmid=0x80",
    "vm_status_running_payload":
        "notification seq={seq} vm_status (0x56100008) vmid=0x80 vm_status=running(3) "
        "os_status=run(4) app_status=0",
}


def case_seeds():
    hx = vecgen("vectors")
    manifest = [line.split()[0] for line in vecgen("manifest").splitlines()]
    rc, js, err = rmdump("--json", stdin=hx)
    check(rc == 0, f"--json exit {rc}: {err}")
    lines = js.splitlines()
    rc, text, _ = rmdump(stdin=hx)
    text = text.splitlines()
    for vname, (typ, name, error, payload) in SEEDS.items():
        check(vname in manifest, f"seed vector {vname} exists")
        if vname not in manifest:
            continue
        i = manifest.index(vname)
        seq = i + 1
        obj = {"type": typ, "seq": seq, "msg_id": None, "name": name}
        got = json.loads(lines[i])
        obj["msg_id"] = got["msg_id"]
        if error is not None:
            obj["error"] = error
        obj["payload"] = payload
        # Exact line, key order and spacing included.
        want = json.dumps(obj)
        check(lines[i] == want, f"{vname}:\n  want {want}\n  got  {lines[i]}")
        if vname in SEED_TEXT:
            want = SEED_TEXT[vname].format(seq=seq)
            check(text[i] == want, f"{vname} text:\n  want {want}\n  got  {text[i]}")


def case_mutations():
    """Every mutated vector rmdump accepts re-encodes byte for byte."""
    rng = random.Random(20240601)
    base = packets(vecgen("vectors"))
    stream = []
    for seq, pkt in enumerate(base * 12):
        b = bytearray.fromhex(pkt)
        b[2:4] = (seq & 0xffff).to_bytes(2, "little")
        if len(b) > 8:
            for _ in range(rng.randint(1, 3)):
                pos = rng.randrange(8, len(b))
                b[pos] = rng.choice([0, 1, 2, 0x7f, 0x80, 0xff, rng.randrange(256)])
            if rng.random() < 0.2:
                del b[rng.randrange(8, len(b)):]
        stream.append(b.hex(" "))
    rc, js, err = rmdump("--json", stdin="\n".join(stream) + "\n")
    check(rc in (0, 1), f"mutations: exit {rc}")
    check("internal error" not in err,
          f"mutations: the walk disagreed with a validator: {err}")
    objs = [json.loads(line) for line in js.splitlines()]
    check(len(objs) > len(base), f"mutations: {len(objs)} accepted")
    rc, hx, err = rmdump("--encode", stdin=js)
    check(rc == 0 and not err, f"mutations: --encode exit {rc}: {err[:500]}")
    by_seq = {int.from_bytes(bytes.fromhex(p)[2:4], "little"): p for p in stream}
    got = packets(hx)
    check(len(got) == len(objs), "mutations: one packet per accepted message")
    for pkt in got:
        seq = int.from_bytes(bytes.fromhex(pkt)[2:4], "little")
        check(by_seq.get(seq) == pkt, f"mutations: seq {seq} re-encodes differently:\n"
              f"  in  {by_seq.get(seq)}\n  out {pkt}")


def case_fragmented():
    hx = vecgen("fragmented")
    pk = [bytes.fromhex(p) for p in packets(hx)]
    check(len(pk) == 2, f"fragmented: {len(pk)} packets")
    check(len(pk[0]) == 240 and pk[0][:2] == b"\x21\x06",
          "first packet: 240 bytes, REPLY with one continuation")
    check(pk[1][:2] == b"\x21\x04" and len(pk[1]) == 8 + 4 + 4 + 8 * 44 - 232,
          "second packet: CONTINUATION with the rest")
    objs = roundtrip(hx, "fragmented reply")
    check(len(objs) == 1, "fragmented: one message")
    o = objs[0]
    check(o["type"] == "reply" and o["seq"] == 0x1234 and
          o["name"] == "vm_get_hyp_resources" and o["msg_id"] == 0x56000020 and
          o["error"] == 0, f"fragmented header: {o}")
    ents = o["payload"]["entries"]
    check(o["payload"]["n_entries"] == 8 and len(ents) == 8, "8 entries")
    for i, e in enumerate(ents):
        want = {"type": i % 5, "partner_vmid": 0x80 + i, "resource_handle": 0x100 + i,
                "resource_label": i, "cap_id": 0x1000000000000000 + i, "virq_handle": 0,
                "virq": 32 + i if i else 0,
                "base": "0xfedcba9876543210" if i == 4 else 0,
                "size": 0x1000 if i == 4 else 0}
        check(e == want, f"entry {i}: {e}")
    # Written by hand without the count: --encode derives it.
    p = dict(o)
    p["payload"] = {"entries": ents}
    rc, out, err = rmdump("--encode", stdin=json.dumps(p) + "\n")
    check(rc == 0 and packets(out) == packets(hx), f"count derived: {err}")
    # The text form: one line.
    rc, out, err = rmdump(stdin=hx)
    check(rc == 0 and len(out.splitlines()) == 1 and "n_entries=8" in out and
          "{type=vcpu(4) partner_vmid=0x84" in out, f"text: {out}")
    # A count one too high: the failure names both packet lines, the message,
    # the field and the data offset, and the next message is still decoded.
    first = bytearray.fromhex(packets(hx)[0])
    first[12] = 9
    bad = "# count 9\n" + first.hex(" ") + "\n" + packets(hx)[1] + \
        "\n21 01 02 00 04 00 00 56 80 00 00 00\n"
    rc, out, err = rmdump(stdin=bad)
    check(rc == 1 and err == "rmdump: <stdin>:2-3: reply vm_get_hyp_resources (0x56000020) "
          "seq=4660: vm_get_hyp_resources_resp: field 'entries' at data offset 4: "
          "payload ends inside a field\n", f"bad count: {err!r}")
    check(out == "request seq=2 vm_start (0x56000004) vmid=0x80\n", f"after bad count: {out!r}")
    # A continuation missing: the message is reported incomplete at the end.
    rc, out, err = rmdump(stdin=packets(hx)[0] + "\n")
    check(rc == 1 and out == "" and "<stdin>:1:" in err and "incomplete" in err,
          f"missing continuation: {err!r}")


ERR_INPUT = """\
# rmdump error cases; every good message must still be printed
21 01 01 00 05 00 00 56 80 00 01 00 03 00 00 00
21 01 zz 00
21 01 02 00 05 00 00 56 80 00 01 00 03 00
21 01 03 00 ff ff 00 56 80 00 00 00

2101030020000056 80000000   # bytes need not be separated
21 02 04 00 20 00 00 56 00 00 00 00 02 00 00 00 02
11 01 05 00 04 00 00 56 80 00 00 00
21 02 05 00 30 00 00 56 06 00 00 00 01 00 00
21 02 06 00 01 00
21 03 07 00 08 00 10 56 80 00 00 00 03 04 00 00
"""


def case_errors():
    rc, out, err = rmdump(stdin=ERR_INPUT)
    check(rc == 1, f"errors: exit {rc}")
    want_out = [
        "request seq=1 vm_stop (0x56000005) vmid=0x80 flags=1(force_stop) stop_reason=force_stop(3)",
        "request seq=3 vm_get_hyp_resources (0x56000020) vmid=0x80",
        "notification seq=7 vm_status (0x56100008) vmid=0x80 vm_status=running(3) "
        "os_status=run(4) app_status=0",
    ]
    check(out.splitlines() == want_out, f"errors: stdout\n{out}")
    want_err = [
        "rmdump: <stdin>:3: bad hex: 'zz'",
        "rmdump: <stdin>:4: request vm_stop (0x56000005) seq=2: vm_stop_req: "
        "field 'stop_reason' at offset 4: payload ends inside a field",
        "rmdump: <stdin>:5: request (0x5600ffff) seq=3: unknown message ID 0x5600ffff",
        "rmdump: <stdin>:8: reply vm_get_hyp_resources (0x56000020) seq=4: "
        "vm_get_hyp_resources_resp: field 'entries' at data offset 4: "
        "payload ends inside a field",
        "rmdump: <stdin>:9: packet of 12 bytes: request vm_start (0x56000004) seq=5 dropped: "
        "RPC header header_words is not 2",
        "rmdump: <stdin>:10: reply vm_set_time_base (0x56000030) seq=5: "
        "vm_set_time_base_err_data: field 'hyp_error' at data offset 0: "
        "payload ends inside a field",
        "rmdump: <stdin>:11: packet of 6 bytes dropped: "
        "packet is shorter than the 8-byte RPC header",
    ]
    check(err.splitlines() == want_err, "errors: stderr\n" + err)
    # JSON mode reports the same and prints the same messages.
    rc, js, err2 = rmdump("--json", stdin=ERR_INPUT)
    check(rc == 1 and err2 == err and len(js.splitlines()) == 3, "errors: --json")
    # Error replies: with error data, standard (no data), with data but no
    # error layout (kept raw), and a reserved field set (kept, re-encoded).
    replies = ("21 02 01 00 30 00 00 56 06 00 00 00 01 00 00 00\n"
               "21 02 02 00 30 00 00 56 03 00 00 00\n"
               "21 02 03 00 04 00 00 56 05 00 00 00 aa bb\n"
               "21 02 04 00 01 00 00 56 00 00 00 00 80 00 34 12\n"
               "21 01 05 00 01 00 00 56 00 00 ff ff\n")
    objs = roundtrip(replies, "replies")
    check([o["payload"] for o in objs] ==
          [{"hyp_error": 1}, {}, {"raw": "aabb"}, {"vmid": 128, "_padding": 0x1234},
           {"vmid": 0, "_padding": 0xffff}] and
          [o.get("error") for o in objs] == [6, 3, 5, 0, None], f"replies: {objs}")
    rc, out, _ = rmdump(stdin=replies)
    check(out.splitlines()[0] == "reply seq=1 vm_set_time_base (0x56000030) "
          "error=argument_invalid(6) hyp_error=1", f"error reply text: {out}")
    # A reply shorter than its error word.
    rc, _, err = rmdump(stdin="21 02 01 00 04 00 00 56 00 00\n")
    check(rc == 1 and "<stdin>:1: reply vm_start (0x56000004) seq=1: field 'error' at offset 0"
          in err, f"short reply: {err!r}")
    # A continuation whose message is lost, then a good message.
    rc, out, err = rmdump(stdin="21 00 01 00 04 00 00 56 00\n21 01 02 00 04 00 00 56 80 00 00 00\n")
    check(rc == 1 and "continuation without a message in progress" in err and
          out.startswith("request seq=2 vm_start"), f"orphan continuation: {err!r}")


def case_encode_errors():
    good = '{"type": "request", "seq": 1, "name": "vm_start", "payload": {"vmid": 128}}'
    lines = [
        good,
        '{"type": "request", "seq": 2, "name": "vm_start", "payload": {"vmid": 128}',
        '{"type": "request", "seq": 3, "name": "vm_nonesuch", "payload": {}}',
        '{"type": "request", "seq": 4, "msg_id": 1442840578, "name": "vm_start", "payload": {"vmid": 1}}',
        '{"type": "request", "seq": 5, "name": "vm_stop", "payload": {"vmid": 128, "flags": 1}}',
        '{"type": "request", "seq": 6, "name": "vm_stop", "payload": {"vmid": 65536, "flags": 1, "stop_reason": 3}}',
        '{"type": "request", "seq": 7, "name": "vm_stop", "payload": {"vmid": 1, "flags": 1, "stop_reason": 3, "bogus": 1}}',
        '{"type": "request", "seq": 8, "name": "vm_set_demand_paging", "payload": {"vmid": 128, "range_count": 3, "ranges": [{"gpa": 1, "size": 2}]}}',
        '{"type": "request", "seq": 9, "name": "vm_set_name", "payload": {"x": 1}}',
        '{"type": "notification", "seq": 10, "name": "vm_start", "payload": {}}',
        '{"type": "request", "seq": 11, "msg_id": 4294967295, "payload": {}}',
        '{"type": "continuation", "seq": 12, "name": "vm_start"}',
        '{"type": "request", "seq": 13, "name": "vm_get_id", "payload": {"vmid": 0, "_padding": 0}, "error": 0}',
        '[1, 2]',
        '{"type": "reply", "seq": 14, "name": "vm_get_state", "payload": {"vm_status": 3, "os_status": 99, "app_status": 0}}',
        good.replace('"seq": 1', '"seq": 15'),
    ]
    rc, out, err = rmdump("--encode", stdin="\n".join(lines) + "\n")
    check(rc == 1, f"encode errors: exit {rc}")
    check(packets(out) == ["21 01 01 00 04 00 00 56 80 00 00 00",
                           "21 01 0f 00 04 00 00 56 80 00 00 00"],
          f"encode errors: good lines still encoded:\n{out}")
    want = [
        "rmdump: <stdin>:2:",  # bad JSON, column and jansson's text follow
        'rmdump: <stdin>:3: unknown message name "vm_nonesuch"',
        'rmdump: <stdin>:4: "msg_id" 0x56000002 is vm_dealloc_vmid, not vm_start',
        "rmdump: <stdin>:5: vm_stop_req.stop_reason: missing field",
        "rmdump: <stdin>:6: vm_stop_req.vmid: value 65536 does not fit 2 bytes",
        "rmdump: <stdin>:7: vm_stop_req.bogus: vm_stop_req has no such field",
        "rmdump: <stdin>:8: vm_set_demand_paging_req.range_count: count 3 disagrees "
        "with the 1 elements of the field it counts",
        'rmdump: <stdin>:9: vm_set_name_req: layout unknown: give the bytes as {"raw": "hex"}',
        'rmdump: <stdin>:10: unknown notification name "vm_start"',
        "rmdump: <stdin>:11: unknown message ID 0xffffffff",
        'rmdump: <stdin>:12: "type" must be "request", "reply" or "notification"',
        'rmdump: <stdin>:13: "error" is only for replies',
        "rmdump: <stdin>:14: expected a JSON object",
        "rmdump: <stdin>:15: encoded vm_get_state_resp does not validate: "
        "field 'os_status' at offset 1: value is not a member of a closed enumeration",
    ]
    got = err.splitlines()
    check(len(got) == len(want), f"encode errors: {len(got)} diagnostics:\n{err}")
    for w, g in zip(want, got):
        check(g.startswith(w), f"encode errors:\n  want {w}\n  got  {g}")
    check("bad JSON" in got[0], f"bad JSON named: {got[0]}")


def check_session(hx, what):
    rc, out, err = rmdump(stdin=hx)
    check(rc == 0 and not err, f"{what}: exit {rc}: {err}")
    names = [" ".join(line.split()[:3:2]) for line in out.splitlines()]
    # Requests are answered in order, notifications interleaved.
    calls = [n for n in names if not n.startswith("notification")]
    check(len(calls) % 2 == 0, f"{what}: every request has a reply")
    for i in range(0, len(calls) - 1, 2):
        check(calls[i].startswith("request") and calls[i + 1].startswith("reply") and
              calls[i].split()[1] == calls[i + 1].split()[1],
              f"{what}: {calls[i]} / {calls[i + 1]}")
    for step in ("vm_alloc_vmid", "mem_lend", "vm_config_image", "vm_init", "vm_start",
                 "vm_get_hyp_resources"):
        check(f"request {step}" in names and f"reply {step}" in names,
              f"{what} has {step}")
    check("notification vm_status" in names, f"{what} has VM_STATUS notifications")
    check(all("error=ok(0)" in line for line in out.splitlines()
              if line.startswith("reply")), f"{what}: every reply succeeds")
    # The resources reply spans two packets and decodes as one message.
    res = [line for line in out.splitlines()
           if line.startswith("reply") and "vm_get_hyp_resources" in line]
    check(len(res) == 1 and "n_entries=8" in res[0], f"{what}: 8 resources")
    check(len(packets(hx)) > len(names), f"{what}: has a fragmented message")
    roundtrip(hx, what)


def case_session():
    with open(f"{ARGS.srcdir}/session.hex") as f:
        hx = f.read()
    check_session(hx, "session.hex")
    rc, out, err = rmdump(f"{ARGS.srcdir}/session.hex")
    check(rc == 0 and out == rmdump(stdin=hx)[1], "session.hex as FILE")


def case_live_session():
    """Record a session with rmsim now; rmdump must decode and round-trip it."""
    rc, hx, err = run([ARGS.capture, ARGS.rmsim, f"{ARGS.tmpdir}/rm.sock"])
    check(rc == 0, f"capture exit {rc}: {err}")
    check_session(hx, "live session")


CASES = {
    "list": case_list,
    "vectors": case_vectors,
    "seeds": case_seeds,
    "mutations": case_mutations,
    "fragmented": case_fragmented,
    "errors": case_errors,
    "encode_errors": case_encode_errors,
    "session": case_session,
    "live_session": case_live_session,
}


def main():
    global ARGS
    ap = argparse.ArgumentParser()
    ap.add_argument("--rmdump", required=True)
    ap.add_argument("--vecgen", required=True)
    ap.add_argument("--srcdir", required=True)
    ap.add_argument("--tmpdir", default=None)
    ap.add_argument("--capture", default=None)
    ap.add_argument("--rmsim", default=None)
    ap.add_argument("case", choices=sorted(CASES))
    ARGS = ap.parse_args()
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        ARGS.tmpdir = ARGS.tmpdir or tmp
        CASES[ARGS.case]()
    if FAILURES:
        print(f"{ARGS.case}: {len(FAILURES)} check(s) failed")
        return 1
    print(f"{ARGS.case}: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
