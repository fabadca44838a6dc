#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""rmdump tests (Python standard library only).

    rmdump_test.py --rmdump PATH --vecgen PATH --srcdir DIR CASE

CASE is one of: list, vectors, seeds, mutations, fragmented, errors,
encode_errors, session, pcap, pcap_hostile, hostile, names, live_session
(needs --capture and --rmsim).
Exit status 0 when the case passes.
"""
import argparse
import json
import os
import random
import struct
import subprocess
import sys
import time

ARGS = None
FAILURES = []


def run(args, stdin=""):
    p = subprocess.run(args, input=stdin, capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


def rmdump(*opts, stdin=""):
    return run([ARGS.rmdump, *opts], stdin)


def rmdump_bin(*opts, stdin=b""):
    """rmdump with binary standard input and output (captures)."""
    p = subprocess.run([ARGS.rmdump, *opts], input=stdin, capture_output=True,
                       timeout=60)
    return p.returncode, p.stdout, p.stderr.decode("ascii")


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


# ---------------------------------------------------------------- captures

def pcap_header(snaplen=241, link=147, major=2, minor=4, endian="<"):
    return struct.pack(endian + "IHHiIII", 0xA1B2C3D4, major, minor, 0, 0, snaplen, link)


def pcap_record(direction, pkt, sec=1700000000, usec=0, caplen=None, origlen=None,
                endian="<"):
    body = bytes([direction]) + pkt
    caplen = len(body) if caplen is None else caplen
    origlen = caplen if origlen is None else origlen
    return struct.pack(endian + "IIII", sec, usec, caplen, origlen) + body


def pcap_records(data):
    """(direction, packet, ts) of every record of a little-endian capture."""
    out, off = [], 24
    while off < len(data):
        sec, usec, caplen, origlen = struct.unpack_from("<IIII", data, off)
        body = data[off + 16:off + 16 + caplen]
        out.append((body[0], body[1:], sec + usec / 1e6, caplen, origlen))
        off += 16 + caplen
    return out


def case_pcap():
    """--encode --pcap writes the documented format; captures decode as hex does."""
    hx = vecgen("vectors")
    rc, js, err = rmdump("--json", stdin=hx)
    check(rc == 0 and not err, f"vectors --json: {err}")
    before = time.time()
    rc, cap, err = rmdump_bin("--encode", "--pcap", stdin=js.encode())
    after = time.time()
    check(rc == 0 and not err, f"--encode --pcap exit {rc}: {err}")
    check(cap[:24] == bytes.fromhex("d4c3b2a1 0200 0400 00000000 00000000 f1000000 93000000"),
          f"pcap file header: {cap[:24].hex()}")
    recs = pcap_records(cap)
    want = [bytes.fromhex(p) for p in packets(hx)]
    check([r[1] for r in recs] == want, "one record per packet, bytes as hex gives them")
    for (d, pkt, ts, caplen, origlen) in recs:
        typ = pkt[1] & 3
        check(d == (0 if typ == 1 else 1), f"direction {d} of a type {typ} packet")
        check(caplen == origlen == len(pkt) + 1, f"caplen {caplen}, origlen {origlen}")
        check(before - 1 <= ts <= after + 1, f"timestamp {ts} is the time of writing")
    # The capture decodes to the same objects and text, from stdin or a file.
    rc, js2, err = rmdump_bin("--json", stdin=cap)
    check(rc == 0 and not err and js2.decode() == js, f"capture --json: {err}")
    path = f"{ARGS.tmpdir}/vectors.pcap"
    with open(path, "wb") as f:
        f.write(cap)
    rc, text, err = rmdump(path)
    check(rc == 0 and not err and text == rmdump(stdin=hx)[1], f"capture FILE: {err}")
    # A big-endian capture (as a big-endian host writes it) reads the same.
    be = pcap_header(endian=">") + b"".join(
        pcap_record(d, pkt, caplen=c, origlen=o, endian=">") for d, pkt, _, c, o in recs)
    rc, js3, err = rmdump_bin("--json", stdin=be)
    check(rc == 0 and not err and js3.decode() == js, f"big-endian capture: {err}")
    # Fragments of the two directions interleaved: one reassembly each.
    frag = [bytes.fromhex(p) for p in packets(vecgen("fragmented"))]
    req = bytes.fromhex("21 01 07 00 04 00 00 56 80 00 00 00")
    inter = pcap_header() + pcap_record(1, frag[0]) + pcap_record(0, req) + \
        pcap_record(1, frag[1])
    rc, out, err = rmdump_bin(stdin=inter)
    lines = out.decode().splitlines()
    check(rc == 0 and not err and len(lines) == 2 and
          lines[0] == "request seq=7 vm_start (0x56000004) vmid=0x80" and
          lines[1].startswith("reply seq=4660 vm_get_hyp_resources") and
          "n_entries=8" in lines[1], f"interleaved directions: {out!r} {err!r}")
    # The same packets in one direction: the request cuts the reply short.
    one = pcap_header() + pcap_record(1, frag[0]) + pcap_record(1, req) + \
        pcap_record(1, frag[1])
    rc, out, err = rmdump_bin(stdin=one)
    check(rc == 1 and err.splitlines()[0] ==
          "rmdump: <stdin>: records 1-2: reply vm_get_hyp_resources (0x56000020) "
          "seq=4660: dropped after 232 bytes: message in progress dropped before all "
          "its fragments arrived", f"one direction: {err!r}")
    # An empty capture (header only) is valid and has no messages.
    rc, out, err = rmdump_bin(stdin=pcap_header())
    check(rc == 0 and out == b"" and not err, f"empty capture: {rc} {err!r}")
    rc, out, err = rmdump_bin("--encode", "--pcap", stdin=b"")
    check(rc == 0 and out == cap[:24], "--encode --pcap of nothing: the file header")
    rc, _, err = rmdump("--pcap", stdin="")
    check(rc == 2 and "Usage" in err, "--pcap without --encode: usage error")


def case_pcap_hostile():
    """Every length of a capture is checked; bad records are skipped, reported."""
    good = bytes.fromhex("21 01 01 00 04 00 00 56 80 00 00 00")
    ok_line = "request seq=1 vm_start (0x56000004) vmid=0x80"
    hdr = pcap_header()
    cases = [
        # (what, input, exit, stdout lines, stderr lines)
        ("short file header", hdr[:10], 1, [],
         ["rmdump: <stdin>: truncated pcap file header (10 of 24 bytes)"]),
        ("pcap version 3", pcap_header(major=3) + pcap_record(0, good), 1, [],
         ["rmdump: <stdin>: unsupported pcap version 3.4"]),
        ("link type 1", pcap_header(link=1) + pcap_record(0, good), 1, [],
         ["rmdump: <stdin>: link type 1 is not 147 (LINKTYPE_USER0): not an RM capture"]),
        ("pcapng", bytes.fromhex("0a0d0d0a") + bytes(24), 1, [],
         ["rmdump: <stdin>: a pcapng file: convert it with 'editcap -F pcap'"]),
        ("record longer than a msgq message",
         hdr + pcap_record(0, bytes(299)) + pcap_record(0, good), 1, [ok_line],
         ["rmdump: <stdin>: record 1: 300 bytes, more than a direction byte and a "
          "240-byte msgq message (241 bytes)"]),
        ("record longer than the snaplen",
         pcap_header(snaplen=12) + pcap_record(0, good) +
         pcap_record(0, good[:11]), 1, [],
         ["rmdump: <stdin>: record 1: 13 bytes, more than the file's snaplen (12 bytes)",
          "rmdump: <stdin>: record 2: request vm_start (0x56000004) seq=1: "
          "vm_common_vmid_req: field '_padding' at offset 2: payload ends inside a field"]),
        ("record beyond the end of the file",
         hdr + pcap_record(0, good) + pcap_record(0, good)[:20], 1, [ok_line],
         ["rmdump: <stdin>: record 2: truncated file: the record announces 13 bytes, "
          "4 are left"]),
        ("huge record length", hdr + pcap_record(0, good, caplen=0xFFFFFFFF), 1, [],
         ["rmdump: <stdin>: record 1: truncated file: the record announces 4294967295 "
          "bytes, 13 are left"]),
        ("short record header", hdr + pcap_record(0, good) + bytes(7), 1, [ok_line],
         ["rmdump: <stdin>: record 2: truncated file: record header of 7 of 16 bytes"]),
        ("record cut by the capture",
         hdr + pcap_record(0, good, origlen=40) + pcap_record(0, good), 1, [ok_line],
         ["rmdump: <stdin>: record 1: 13 bytes captured of 40 (a record must be "
          "captured whole)"]),
        ("original length below the captured one",
         hdr + pcap_record(0, good, origlen=5), 1, [],
         ["rmdump: <stdin>: record 1: 13 bytes captured of 5 (a record must be "
          "captured whole)"]),
        ("empty record", hdr + pcap_record(0, b"")[:16] + pcap_record(0, good), 1,
         [ok_line], ["rmdump: <stdin>: record 1: empty, no direction byte"]),
        ("direction byte 2", hdr + pcap_record(2, good) + pcap_record(0, good), 1,
         [ok_line], ["rmdump: <stdin>: record 1: direction byte 0x02 is neither 0 "
                     "(client to RM) nor 1 (RM to client)"]),
        ("short packet in a record", hdr + pcap_record(1, good[:5]), 1, [],
         ["rmdump: <stdin>: record 1: packet of 5 bytes dropped: packet is shorter "
          "than the 8-byte RPC header"]),
    ]
    # "empty record" needs a record header with caplen 0: build it directly.
    cases[11] = ("empty record", hdr + struct.pack("<IIII", 0, 0, 0, 0) +
                 pcap_record(0, good), 1, [ok_line],
                 ["rmdump: <stdin>: record 1: empty, no direction byte"])
    for what, data, want_rc, want_out, want_err in cases:
        rc, out, err = rmdump_bin(stdin=data)
        check(rc == want_rc and out.decode().splitlines() == want_out and
              err.splitlines() == want_err,
              f"{what}: exit {rc}\n  stdout {out!r}\n  stderr {err!r}")
    # Mutations of a real capture: any record-header byte changed; rmdump
    # never crashes, never reads past the input, always exits 0 or 1.
    rc, js, _ = rmdump("--json", stdin=vecgen("vectors"))
    rc, cap, _ = rmdump_bin("--encode", "--pcap", stdin=js.encode())
    rng = random.Random(4242)
    for _ in range(300):
        b = bytearray(cap)
        for _ in range(rng.randint(1, 4)):
            b[rng.randrange(len(b))] = rng.randrange(256)
        if rng.random() < 0.3:
            del b[rng.randrange(len(b)):]
        rc, out, err = rmdump_bin(stdin=bytes(b))
        check(rc in (0, 1) and "internal error" not in err,
              f"mutated capture: exit {rc}: {err[-300:]}")


def case_hostile():
    """Hex and JSON input that tries to hide bytes or reach the terminal."""
    # A NUL byte inside a line: the rest of the line is not hidden.
    rc, out, err = rmdump(stdin="21 01 01 00 04 00 00 56 80 00 00 00\x00 zz\n")
    check(rc == 1 and out == "" and
          err == "rmdump: <stdin>:1: bad hex: '00\\x00'\n", f"NUL in a line: {err!r}")
    rc, out, err = rmdump(stdin="\x00\n21 01 01 00 04 00 00 56 80 00 00 00\n")
    check(rc == 1 and err == "rmdump: <stdin>:1: bad hex: '\\x00'\n" and
          out.startswith("request seq=1 vm_start"), f"NUL alone: {err!r}")
    # A 10 MB token: the diagnostic shows 40 bytes and the length.
    rc, out, err = rmdump(stdin="21 " + "g" * 10_000_000 + "\n")
    check(rc == 1 and err == "rmdump: <stdin>:1: bad hex: '" + "g" * 40 +
          "... (10000000 bytes)'\n", f"10 MB token: {err[:200]!r}")
    rc, out, err = rmdump(stdin="21 " + "0" * 10_000_000 + "\n")
    check(rc == 1 and err == "rmdump: <stdin>:1: line too long: '" + "0" * 40 +
          "... (10000000 bytes)'\n", f"10 MB hex token: {err[:200]!r}")
    # Terminal escape sequences are escaped, never echoed raw.
    rc, out, err = rmdump(stdin="\x1b]0;pwned\x07\x1b[31m\n")
    check(rc == 1 and err == "rmdump: <stdin>:1: bad hex: "
          "'\\x1b]0;pwned\\x07\\x1b[31m'\n", f"escape sequence: {err!r}")
    check(all(32 <= ord(c) < 127 or c == "\n" for c in err), "stderr is printable")
    bad_json = [
        '{"type": "request", "name": "vm_start\\u001b[2J", "payload": {}}',
        '{"type": "request", "name": "vm_start", "payload": {"vmid": 1, "\\u001b[2J": 1}}',
        '{"type": "request", "name": "vm_start", "payload": {"vmid": 1}, "' +
        "k" * 100 + '": 1}',
        '{"type": "request", "name": "vm_start", \x1b[2J}',
        '{"type": "notification", "name": "mem_shared", "payload": {"handle": 1, '
        '"mem_type": 0, "trans_type": 2, "flags": 0, "owner_vmid": 3, "label": 0, '
        '"mem_info_tag": 0, "acl": [{"vmid": 3, "rights": 7, "acl": 1}], "sgl": [], '
        '"attr": []}}',
    ]
    rc, out, err = rmdump("--encode", stdin="\n".join(bad_json) + "\n")
    want = [
        'rmdump: <stdin>:1: unknown message name "vm_start\\x1b[2J"',
        "rmdump: <stdin>:2: vm_common_vmid_req.\\x1b[2J: vm_common_vmid_req has no such field",
        'rmdump: <stdin>:3: unknown key "' + "k" * 40 + '... (100 bytes)"',
        "rmdump: <stdin>:4:",
        "rmdump: <stdin>:5: mem_shared_payload.acl[0].acl: acl_entry has no such field",
    ]
    got = err.splitlines()
    check(rc == 1 and out == "" and len(got) == len(want) and
          all(g.startswith(w) for g, w in zip(got, want)),
          f"hostile JSON: exit {rc}\n" + err)
    check("\x1b" not in err and "bad JSON" in got[3], f"bad JSON escaped: {got[3:4]}")


def case_names():
    """Enumeration members and flag names are accepted where numbers are."""
    def enc(payload, name="vm_config_image", typ="request"):
        obj = {"type": typ, "seq": 1, "name": name, "payload": payload}
        return rmdump("--encode", stdin=json.dumps(obj) + "\n")
    base = {"vmid": 0x80, "mem_handle": 1, "image_offset": 0, "image_size": 0,
            "dtb_offset": 0, "dtb_size": 0}
    by_num = enc(dict(base, auth_mech=2))
    by_name = enc(dict(base, auth_mech="qcom_android_pvm"))
    check(by_num[0] == 0 and by_name == by_num, f"enum by name: {by_name}")
    none = enc(dict(base, auth_mech="none"))
    check(none == enc(dict(base, auth_mech=0)), "enum member 'none'")
    rc, _, err = enc(dict(base, auth_mech="bogus"))
    check(rc == 1 and "vm_config_image_req.auth_mech: expected a non-negative integer "
          '(number, "0x..." string or member name of vm_auth_mechanism)' in err,
          f"unknown member: {err!r}")
    stop = {"vmid": 0x80, "stop_reason": "force_stop"}
    check(enc(dict(stop, flags="force_stop"), "vm_stop") ==
          enc(dict(stop, flags=1, stop_reason=3), "vm_stop"), "flag by name")
    acl = lambda r: {"handle": 1, "mem_type": 0, "trans_type": 2, "flags": 0,
                     "owner_vmid": 3, "label": 0, "mem_info_tag": 0,
                     "acl": [{"vmid": 3, "rights": r}], "sgl": [], "attr": []}
    rc, out, err = enc(acl("r|w|x"), "mem_shared", "notification")
    check(rc == 0 and out == enc(acl(7), "mem_shared", "notification")[1],
          f"flags joined by '|': {err!r}")
    check(enc(acl("r|0x3"), "mem_shared", "notification")[1] == out, "a number among names")
    for bad in ("r|", "|r", "r||w", "r|q", "r w"):
        rc, _, err = enc(acl(bad), "mem_shared", "notification")
        check(rc == 1 and "or '|'-joined bit names of acl_rights" in err,
              f"bad flags {bad!r}: {err!r}")
    # Output keeps numbers.
    rc, js, _ = rmdump("--json", stdin=by_name[1])
    check(json.loads(js)["payload"]["auth_mech"] == 2, "decoded as a number")


# ------------------------------------------------------------ rmctl, rmsim

class Rmsim:
    """rmsim on a socket in the test's directory, optionally capturing."""

    def __init__(self, capture=None):
        self.sock = f"{ARGS.tmpdir}/rm.sock"
        args = [ARGS.rmsim] + (["--capture", capture] if capture else []) + [self.sock]
        self.proc = subprocess.Popen(args, stderr=subprocess.PIPE, text=True)
        # Listening once a connection is accepted (the file exists before).
        import socket
        for _ in range(500):
            with socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET) as probe:
                try:
                    probe.connect(self.sock)
                    return
                except OSError:
                    time.sleep(0.01)
        sys.exit("rmsim did not start")

    def kill(self):
        self.proc.kill()
        self.proc.wait()

    def stop(self):
        self.proc.terminate()
        return self.proc.wait(), self.proc.stderr.read()


def rmctl(*args, stdin=""):
    return run([ARGS.rmctl, *args], stdin)


# A VM brought up as tests/rmdump/capture.c does, then stopped by force:
# (message, payload, notifications the request causes).
SESSION = [
    ("vm_alloc_vmid", {"vmid": 0}, 0),
    ("mem_lend", {"mem_type": "normal", "flags": 0, "label": 0x1000,
                  "acl": [{"vmid": 0x80, "rights": "r|w"}],
                  "sgl": [{"ipa": 0x80000000, "size": 0x400000}]}, 0),
    ("vm_config_image", {"vmid": 0x80, "auth_mech": "none", "mem_handle": 1,
                         "image_offset": 0, "image_size": 0x200000,
                         "dtb_offset": 0x300000, "dtb_size": 0x10000}, 1),
    ("vm_init", {"vmid": 0x80}, 1),
    ("vm_start", {"vmid": 0x80}, 1),
    ("vm_get_hyp_resources", {"vmid": 0x80}, 0),
    ("vm_get_state", {"vmid": 0x80}, 0),
    ("vm_stop", {"vmid": 0x80, "flags": "force_stop", "stop_reason": "force_stop"}, 2),
]


def rmctl_session(sock):
    """Run SESSION through rmctl; the JSON lines it printed."""
    out_lines = []
    for name, payload, notifs in SESSION:
        args = ["-s", sock] + (["-l", "-n", str(notifs), "-t", "5000"] if notifs else [])
        rc, out, err = rmctl(*args, name, json.dumps(payload))
        check(rc == 0 and not err, f"rmctl {name}: exit {rc}: {err}")
        lines = out.splitlines()
        check(len(lines) == 1 + notifs, f"rmctl {name}: {len(lines)} lines")
        out_lines += lines
    return out_lines


def case_rmctl():
    rc, out, _ = rmctl("--help")
    check(rc == 0 and out.startswith("Usage: rmctl"), "--help")
    rc, out, _ = rmctl("--version")
    check(rc == 0 and out.startswith("rmctl ") and out.count(".") >= 2, f"--version: {out!r}")
    for bad in ([], ["-n", "2", "vm_start"], ["--bogus"], ["a", "b", "c"], ["-t", "x", "vm_start"],
                ["-l", "-n", "0"]):
        rc, _, err = rmctl(*bad)
        check(rc == 2 and "Usage: rmctl" in err, f"usage error {bad}: {rc}")
    rc, _, err = rmctl("-s", f"{ARGS.tmpdir}/none.sock", "vm_start", '{"vmid": 1}')
    check(rc == 2 and err == f"rmctl: cannot connect to {ARGS.tmpdir}/none.sock: "
          "No such file or directory\n", f"no RM: {err!r}")
    for args, want in [
            (["vm_nonesuch"], 'rmctl: unknown message "vm_nonesuch" (\'rmdump --list\' '
             "shows the messages)\n"),
            (["vm_status"], 'rmctl: not a request but a notification: "vm_status" '
             "('rmdump --list' shows the messages)\n"),
            (["vm_start", '{"vmid": '], "rmctl: bad JSON at column 9: "),
            (["vm_start", "[1]"], "rmctl: the payload must be a JSON object\n"),
            (["vm_start"], "rmctl: vm_common_vmid_req.vmid: missing field\n"),
            (["vm_config_image", '{"vmid": 1, "auth_mech": "nope"}'],
             "rmctl: vm_config_image_req.auth_mech: expected a non-negative integer"),
            (["vm_start", '{"vmid": 1, "\\u001b]0;x": 1}'],
             "rmctl: vm_common_vmid_req.\\x1b]0;x: vm_common_vmid_req has no such field\n")]:
        rc, out, err = rmctl("-s", f"{ARGS.tmpdir}/none.sock", *args)
        check(rc == 2 and out == "" and err.startswith(want), f"{args}: {rc} {err!r}")

    sim = Rmsim()
    try:
        s = ["-s", sim.sock]
        rc, out, err = rmctl(*s, "vm_alloc_vmid", '{"vmid": 0}')
        check(rc == 0 and not err and json.loads(out) == {
            "type": "reply", "seq": 0, "msg_id": 0x56000001, "name": "vm_alloc_vmid",
            "error": 0, "payload": {"vmid": 128}}, f"vm_alloc_vmid: {out!r} {err!r}")
        # The payload from standard input; an RM error: exit 1, its name.
        rc, out, err = rmctl(*s, "vm_start", "-", stdin='{"vmid": 128}')
        check(rc == 1 and err == "rmctl: vm_start: RM error vm_state (20)\n" and
              json.loads(out) == {"type": "reply", "seq": 0, "msg_id": 0x56000004,
                                  "name": "vm_start", "error": 20, "payload": {}},
              f"RM error: {rc} {out!r} {err!r}")
        rc, out, err = rmctl(*s, "vm_get_state", '{"vmid": 128}')
        check(rc == 0 and json.loads(out)["payload"] ==
              {"vm_status": 5, "os_status": 0, "app_status": 0}, f"get_state: {out!r}")
        # Notifications after the reply; a timeout when fewer come.
        rc, out, err = rmctl(*s, "-l", "-n", "2", "-t", "300", "vm_config_image",
                             json.dumps(SESSION[2][1]))
        lines = out.splitlines()
        check(rc == 2 and err == "rmctl: 1 of 2 notifications: timed out\n" and
              len(lines) == 2 and json.loads(lines[0])["name"] == "vm_config_image" and
              json.loads(lines[1])["payload"] == {"vmid": 128, "vm_status": 1,
                                                   "os_status": 0, "app_status": 0},
              f"listen timeout: {rc} {out!r} {err!r}")
    finally:
        sim.stop()

    # A fake RM: the seq of the request comes back in the printed reply;
    # no reply, a reply that does not decode, notifications then a hang-up.
    import socket
    import threading
    path = f"{ARGS.tmpdir}/fake.sock"
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    srv.bind(path)
    srv.listen(4)

    def serve(script, seen):
        conn, _ = srv.accept()
        with conn:
            # rmctl --listen alone sends nothing: the fake RM talks first.
            req = conn.recv(240) if script not in (notify, notify_unknown) else b""
            seen["seq"] = int.from_bytes(req[2:4], "little") if req else None
            for pkt in script(req):
                conn.send(pkt)
            time.sleep(0.3)

    def reply(data):
        return lambda req: [b"\x21\x02" + req[2:8] + data]

    def notify(req):
        return [bytes.fromhex("21 03 05 00 08 00 10 56 80 00 00 00 03 04 00 00")]

    def notify_unknown(req):
        return [bytes.fromhex("21 03 05 00 99 00 10 56 80 00")]

    for script, args, want_rc, want_err, check_out in [
            (reply(b"\0\0\0\0\x80\0\0\0"), ["vm_alloc_vmid", '{"vmid": 0}'], 0, "",
             lambda o, seq: seq is not None and json.loads(o) == {
                 "type": "reply", "seq": seq, "msg_id": 0x56000001,
                 "name": "vm_alloc_vmid", "error": 0, "payload": {"vmid": 128}}),
            (lambda req: [], ["-t", "200", "vm_start", '{"vmid": 1}'], 2,
             "rmctl: vm_start: no reply (timed out)\n", lambda o, seq: o == ""),
            (reply(b"\0\0\0\0\x03\x63\0\0"), ["vm_get_state", '{"vmid": 1}'], 2,
             "rmctl: reply vm_get_state: vm_get_state_resp: field 'os_status' at data "
             "offset 1: value is not a member of a closed enumeration\n",
             lambda o, seq: o == ""),
            (notify, ["-l"], 2, "rmctl: the RM closed the connection\n",
             lambda o, seq: json.loads(o) == {
                 "type": "notification", "seq": 5, "msg_id": 0x56100008,
                 "name": "vm_status", "payload": {"vmid": 128, "vm_status": 3,
                                                  "os_status": 4, "app_status": 0}}),
            (notify, ["-l", "-n", "1"], 0, "", lambda o, seq: len(o.splitlines()) == 1),
            (notify_unknown, ["-l"], 2,
             "rmctl: notification ?: unknown notification ID 0x56100099\n",
             lambda o, seq: o == ""),
    ]:
        seen = {}
        th = threading.Thread(target=serve, args=(script, seen))
        th.start()
        rc, out, err = rmctl("-s", path, *args)
        th.join()
        check(rc == want_rc and err == want_err and check_out(out, seen.get("seq")),
              f"fake RM {args}: exit {rc}\n  out {out!r}\n  err {err!r}")
    srv.close()


def case_rmsim_capture():
    """A session driven by rmctl against rmsim --capture; rmsim killed."""
    cap = f"{ARGS.tmpdir}/session.pcap"
    sim = Rmsim(capture=cap)
    try:
        lines = rmctl_session(sim.sock)
    finally:
        sim.kill()  # SIGKILL: every record was flushed already
    with open(cap, "rb") as f:
        data = f.read()
    check(data[:24] == bytes.fromhex("d4c3b2a1 0200 0400 00000000 00000000 f1000000 93000000"),
          f"capture header {data[:24].hex()}")
    recs = pcap_records(data)
    for d, pkt, _, caplen, origlen in recs:
        typ = pkt[1] & 3
        check(caplen == origlen == len(pkt) + 1, "whole records")
        if typ:
            check(d == (0 if typ == 1 else 1), f"direction {d} of a type {typ} packet")
    check(sum(1 for r in recs if r[1][1] & 3 == 0) == 1 and
          [len(r[1]) for r in recs].count(240) == 1,
          "the resources reply: a full first fragment and one continuation")
    # rmdump reads the capture back: exactly what rmctl printed, in order,
    # with the requests between them.
    rc, js, err = rmdump("--json", cap)
    check(rc == 0 and not err, f"rmdump of the capture: {rc} {err}")
    objs = [json.loads(line) for line in js.splitlines()]
    check([o for o in objs if o["type"] != "request"] == [json.loads(x) for x in lines],
          "replies and notifications in the capture are those rmctl printed")
    reqs = [o for o in objs if o["type"] == "request"]
    check([o["name"] for o in reqs] == [n for n, _, _ in SESSION], "every request captured")
    check(reqs[2]["payload"]["auth_mech"] == 0 and reqs[7]["payload"]["flags"] == 1,
          "names sent as their numbers")
    rc, text, _ = rmdump(cap)
    check_session_text = [line for line in text.splitlines()]
    check(len(check_session_text) == len(objs), "text: one line per message")


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
    "pcap": case_pcap,
    "pcap_hostile": case_pcap_hostile,
    "hostile": case_hostile,
    "names": case_names,
    "rmctl": case_rmctl,
    "rmsim_capture": case_rmsim_capture,
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
    ap.add_argument("--rmctl", default=None)
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
