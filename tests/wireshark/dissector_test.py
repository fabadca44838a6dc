#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Tests of the generated Wireshark dissector, run by tshark.

    dissector_test.py --lua FILE --rmdump PATH --vecgen PATH
                      [--rmsim PATH --rmctl PATH] CASE

Every frame tshark dissects is checked field by field against what rmdump
(the C codec and validators, through the generated message table) makes of
the same capture. CASE is one of: vectors (every golden vector, the
fragmented vector and error replies), session (a session driven by rmctl
against rmsim --capture), invalid (mutated payloads: the dissector's
expert-info errors are the C validators' reports), framing (bad packets,
reassembly). Exit 0 pass, 1 fail, 77 skipped (no tshark).
"""
import argparse
import json
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "rmdump"))
import rmdump_test as RT  # noqa: E402  (pcap helpers, the rmctl session)

ARGS = None
FAILURES = []
ROLE = {1: "req", 2: "resp", 3: None}


def check(cond, what):
    if not cond:
        FAILURES.append(what)
        print(f"FAIL: {what}")


def write(name, data):
    path = os.path.join(ARGS.tmpdir, name)
    with open(path, "wb") as f:
        f.write(data)
    return path


class Field:
    """A PDML field: filter name, show, value, showname, children."""

    def __init__(self, el):
        self.name = el.get("name")
        self.show = el.get("show")
        self.value = el.get("value")
        self.showname = el.get("showname")
        self.kids = [Field(k) for k in el if k.tag == "field"]

    def walk(self):
        yield self
        for k in self.kids:
            yield from k.walk()


def dissect(pcap):
    """tshark's dissection of every frame: a list of Field lists."""
    p = subprocess.run(["tshark", "-n", "-X", f"lua_script:{ARGS.lua}", "-r", pcap,
                        "-T", "pdml"], capture_output=True, text=True, timeout=120)
    check(p.returncode == 0, f"tshark exit {p.returncode}: {p.stderr[-2000:]}")
    check("Lua" not in p.stderr and "rror" not in p.stderr, f"tshark stderr: {p.stderr[-2000:]}")
    frames = []
    for pkt in ET.fromstring(p.stdout).iter("packet"):
        proto = [pr for pr in pkt.iter("proto") if pr.get("name") == "gunyah_rm"]
        fields = []
        for el in proto[0] if proto else []:
            if el.tag == "field":
                fields.extend(Field(el).walk())
        frames.append(fields)
    return frames


def experts(fields, kind="gunyah_rm."):
    """The expert-info messages of a frame whose filter name starts with *kind*."""
    out = []
    for f in fields:
        if f.name == "_ws.expert":
            names = [k.name for k in f.kids]
            msg = [k.show for k in f.kids if k.name == "_ws.expert.message"]
            if any(n.startswith(kind) for n in names):
                out.append(msg[0] if msg else "")
    return out


def first(fields, name):
    vals = [f for f in fields if f.name == name]
    return vals[0] if vals else None


def as_int(text):
    return int(text, 0)


def expected_fields(prefix, payload):
    """(filter name, value) of every payload field rmdump decoded, in wire
    order: integers as ints, byte strings as hex."""
    out = []
    for key, v in payload.items():
        name = {"_trailing": "gunyah_rm.trailing", "raw": "gunyah_rm.payload"}.get(
            key, f"{prefix}.{key}")
        if isinstance(v, list):
            for el in v:
                if isinstance(el, dict):
                    out += expected_fields(name, el)
                else:
                    out.append((name, as_int(str(el))))
        elif isinstance(v, str) and not v.startswith("0x"):
            out.append((name, v))
        else:
            out.append((name, as_int(str(v))))
    return out


def compare(fields, obj, what):
    """The fields of a frame against rmdump's JSON object of its message."""
    check(experts(fields) == [], f"{what}: expert info {experts(fields)}")
    typ = {"request": 1, "reply": 2, "notification": 3}[obj["type"]]
    hdr = {"gunyah_rm.message": obj["name"], "gunyah_rm.msg_id": obj["msg_id"]}
    got = {"gunyah_rm.message": first(fields, "gunyah_rm.message"),
           "gunyah_rm.msg_id": first(fields, "gunyah_rm.msg_id")}
    check(got["gunyah_rm.message"] and got["gunyah_rm.message"].show == obj["name"] and
          as_int(got["gunyah_rm.msg_id"].show) == obj["msg_id"],
          f"{what}: header {hdr}")
    check(as_int(first(fields, "gunyah_rm.seq").show) == obj["seq"], f"{what}: seq")
    # A reassembled message is shown on its last fragment, a continuation.
    check(as_int(first(fields, "gunyah_rm.type").show) ==
          (0 if first(fields, "gunyah_rm.first_frame") else typ), f"{what}: type")
    role = ROLE[typ]
    err = first(fields, "gunyah_rm.error")
    if typ == 2:
        check(err is not None and as_int(err.show) == obj["error"], f"{what}: error word")
        role = "resp" if obj["error"] == 0 else "err"
    else:
        check(err is None, f"{what}: no error word")
    prefix = f"gunyah_rm.{obj['name']}" + (f".{role}" if role else "")
    want = expected_fields(prefix, obj["payload"])
    # The payload fields shown, flag bits aside, in order: those of rmdump's
    # JSON, and reserved fields rmdump leaves out because they are zero.
    shown = [f for f in fields if (f.name.startswith(prefix + ".") or f.name in (
        "gunyah_rm.trailing", "gunyah_rm.payload")) and " = " not in (f.showname or "")]
    i = 0
    for f in shown:
        if i < len(want) and f.name == want[i][0]:
            v = (f.value or "") if isinstance(want[i][1], str) else as_int(f.show)
            check(v == want[i][1], f"{what}: {f.name} is {v!r}, rmdump has {want[i][1]!r}")
            i += 1
        else:
            check(f.show is not None and as_int(f.show) == 0,
                  f"{what}: {f.name} = {f.show} is not in rmdump's JSON")
    check(i == len(want), f"{what}: {want[i:]} not shown")


def messages(frames):
    """Frames that complete a message (those with a gunyah_rm.message field)."""
    return [f for f in frames if first(f, "gunyah_rm.message")]


def capture_of(hex_text):
    """A capture of hex packets: requests client to RM, the rest RM to client
    (continuations in the direction of the message they continue)."""
    out, last_dir = RT.pcap_header(), 1
    for line in RT.packets(hex_text):
        pkt = bytes.fromhex(line)
        typ = pkt[1] & 3 if len(pkt) > 1 else 0
        d = last_dir if typ == 0 else (0 if typ == 1 else 1)
        last_dir = d
        out += RT.pcap_record(d, pkt)
    return out


def rmdump_json(pcap):
    rc, out, err = RT.rmdump("--json", pcap)
    return rc, [json.loads(line) for line in out.splitlines()], err


# ---------------------------------------------------------------- cases

ERROR_REPLIES = """\
21 02 01 00 30 00 00 56 06 00 00 00 01 00 00 00
21 02 02 00 30 00 00 56 03 00 00 00
21 02 03 00 04 00 00 56 05 00 00 00 aa bb
21 02 04 00 01 00 00 56 00 00 00 00 80 00 34 12
"""


def case_vectors():
    hx = RT.vecgen("vectors") + RT.vecgen("fragmented") + ERROR_REPLIES
    pcap = write("vectors.pcap", capture_of(hx))
    rc, objs, err = rmdump_json(pcap)
    check(rc == 0 and not err, f"rmdump: {rc} {err}")
    frames = dissect(pcap)
    done = messages(frames)
    check(len(done) == len(objs), f"{len(done)} messages dissected, rmdump has {len(objs)}")
    for fields, obj in zip(done, objs):
        compare(fields, obj, f"{obj['type']} {obj['name']} seq={obj['seq']}")
    manifest = [line.split() for line in RT.vecgen("manifest").splitlines()]
    check(len(manifest) + 1 + 4 == len(objs), "every vector, the fragmented one, 4 replies")
    # Names of enumeration members and flags, as shown.
    shown = {f.showname for fr in frames for f in fr}
    for s in ["stop_reason: force_stop (3)", "flags: 0x01 (force_stop)",
              "vm_status: running (3)", "os_status: run (4)", "rights: 0x07 (x|w|r)",
              "rights: 0x06 (w|r)", "RM error: argument_invalid (6)",
              "Message ID: 0x56000005 (vm_stop)", "Type: notification (3)",
              "Direction: RM to client (1)", "Direction: client to RM (0)"]:
        check(any(x and x.endswith(s) for x in shown), f"shown: {s!r}")
    # The fragmented reply: its first frame shows the header only, the
    # second the reassembled message.
    frag = [fr for fr in frames if first(fr, "gunyah_rm.fragments") and
            as_int(first(fr, "gunyah_rm.fragments").show) == 1]
    check(len(frag) == 2 and not first(frag[0], "gunyah_rm.message") and
          first(frag[1], "gunyah_rm.message").show == "vm_get_hyp_resources" and
          as_int(first(frag[1], "gunyah_rm.length").show) == 4 + 4 + 8 * 44 and
          len([f for f in frag[1] if f.name ==
               "gunyah_rm.vm_get_hyp_resources.resp.entries.cap_id"]) == 8,
          "fragmented reply shown on the frame that completes it")


def case_session():
    cap = os.path.join(ARGS.tmpdir, "session.pcap")
    sim = RT.Rmsim(capture=cap)
    try:
        RT.rmctl_session(sim.sock)
    finally:
        sim.kill()
    rc, objs, err = rmdump_json(cap)
    check(rc == 0 and not err and len(objs) > 10, f"rmdump: {rc} {err}")
    frames = dissect(cap)
    done = messages(frames)
    check(len(done) == len(objs), f"{len(done)} messages dissected, rmdump has {len(objs)}")
    for fields, obj in zip(done, objs):
        compare(fields, obj, f"session {obj['type']} {obj['name']}")
    names = [first(f, "gunyah_rm.message").show for f in done]
    for n, _, _ in RT.SESSION:
        check(names.count(n) == 2, f"session: request and reply of {n}")
    check(names.count("vm_status") >= 3, "session: VM_STATUS notifications")
    for fr in frames:
        d = as_int(first(fr, "gunyah_rm.direction").show)
        t = as_int(first(fr, "gunyah_rm.type").show)
        check(t == 0 or d == (0 if t == 1 else 1), f"direction {d} of type {t}")


def mutated_stream(seed, rounds):
    rng = random.Random(seed)
    base = RT.packets(RT.vecgen("vectors"))
    stream = []
    for seq, pkt in enumerate(base * rounds):
        b = bytearray.fromhex(pkt)
        b[2:4] = (seq & 0xffff).to_bytes(2, "little")
        if len(b) > 8:
            for _ in range(rng.randint(1, 3)):
                pos = rng.randrange(8, len(b))
                b[pos] = rng.choice([0, 1, 2, 0x7f, 0x80, 0xff, rng.randrange(256)])
            if rng.random() < 0.2:
                del b[rng.randrange(8, len(b)):]
            if rng.random() < 0.1:
                b += bytes(rng.randrange(1, 5))
        stream.append(b.hex(" "))
    return "\n".join(stream) + "\n"


def case_invalid():
    """Mutated payloads: every validator report of rmdump is the expert-info
    error of the same frame, word for word; accepted ones decode alike."""
    pcap = write("mutated.pcap", capture_of(mutated_stream(20240601, 12)))
    rc, objs, err = rmdump_json(pcap)
    reports = {}
    for line in err.splitlines():
        m = re.match(r"rmdump: \S+: record (\d+): .* seq=\d+: (.*)$", line)
        check(m is not None, f"rmdump report: {line}")
        if m:
            reports[int(m.group(1))] = m.group(2)
    check(len(reports) > 100 and len(objs) > 100,
          f"{len(reports)} rejected, {len(objs)} accepted")
    frames = dissect(pcap)
    by_seq = {o["seq"]: o for o in objs}
    for i, fields in enumerate(frames, 1):
        invalid = experts(fields, "gunyah_rm.invalid")
        if i in reports:
            check(invalid == [reports[i]],
                  f"frame {i}: rmdump {reports[i]!r}\n  dissector {invalid}")
        else:
            seq = as_int(first(fields, "gunyah_rm.seq").show)
            compare(fields, by_seq[seq], f"frame {i}")


FRAMING = [
    # (what, records (direction, hex), expert messages of each frame)
    ("short packet", [(0, "21 01 01 00 04 00")],
     [["packet is shorter than the 8-byte RPC header"]]),
    ("api version", [(0, "22 01 01 00 04 00 00 56 80 00 00 00")],
     [["RPC header api_version is not 1"]]),
    ("header words", [(0, "31 01 01 00 04 00 00 56 80 00 00 00")],
     [["RPC header header_words is not 2"]]),
    ("too many fragments", [(0, "21 fd 01 00 04 00 00 56 80 00 00 00")],
     [["RPC header num_fragments exceeds 62"]]),
    ("long packet", [(0, "21 01 01 00 04 00 00 56" + " 00" * 233)],
     [["packet is longer than a 240-byte msgq message"]]),
    ("direction byte", [(2, "21 01 01 00 04 00 00 56 80 00 00 00")],
     [["direction byte 0x02 is neither 0 (client to RM) nor 1 (RM to client)"]]),
    ("empty record", [(None, "")], [["empty record, no direction byte"]]),
    ("unknown IDs", [(0, "21 01 01 00 ff ff 00 56 80 00 00 00"),
                     (1, "21 03 01 00 99 00 10 56 80 00")],
     [["unknown message ID 0x5600ffff"], ["unknown notification ID 0x56100099"]]),
    ("orphan continuation", [(1, "21 04 01 00 20 00 00 56 00")],
     [["continuation without a message in progress"]]),
    ("short first fragment", [(1, "21 06 01 00 20 00 00 56 00 00")],
     [["fragment payload size does not match the announced fragment count"]]),
    ("fragment mismatches",
     [(1, "21 06 01 00 20 00 00 56" + " 00" * 232),
      (1, "21 04 01 00 21 00 00 56 00"),
      (1, "21 04 02 00 20 00 00 56 00"),
      (1, "21 08 01 00 20 00 00 56 00"),
      (1, "21 04 01 00 20 00 00 56 00"),
      (1, "21 04 01 00 20 00 00 56 00")],
     [[], ["continuation msg_id differs from the message in progress"],
      ["continuation seq differs from the message in progress"],
      ["continuation num_fragments differs from the message in progress"],
      ["vm_get_hyp_resources_resp: field 'entries' at data offset 4: "
       "bytes follow the end of the payload"],
      ["continuation after its message was already complete"]]),
    ("message cut by a new one",
     [(1, "21 06 01 00 20 00 00 56" + " 00" * 232),
      (1, "21 02 02 00 04 00 00 56 00 00 00 00")],
     [[], ["message started in frame 1 dropped before all its fragments arrived"]]),
    ("directions apart",
     [(1, "21 06 01 00 20 00 00 56 00 00 00 00 06 00 00 00" + " 00" * 224),
      (0, "21 01 02 00 04 00 00 56 80 00 00 00"),
      (1, "21 04 01 00 20 00 00 56" + " 00" * 40)],
     [[], [], []]),
]


def case_framing():
    for what, recs, want in FRAMING:
        data = RT.pcap_header() + b"".join(
            RT.pcap_record(d, bytes.fromhex(h)) if d is not None else
            struct.pack("<IIII", 0, 0, 0, 0) for d, h in recs)
        frames = dissect(write("framing.pcap", data))
        got = [[m.removeprefix("gunyah_rm.") for m in experts(f)] for f in frames]
        want = [[m.removeprefix("gunyah_rm.") for m in w] for w in want]
        check(got == want, f"{what}:\n  want {want}\n  got  {got}")
    # The reply split over two frames completes in the second, though a
    # request of the other direction came between.
    frames = dissect(write("framing.pcap", RT.pcap_header() + b"".join(
        RT.pcap_record(d, bytes.fromhex(h)) for d, h in FRAMING[-1][1])))
    check([first(f, "gunyah_rm.message") and first(f, "gunyah_rm.message").show
           for f in frames] == [None, "vm_start", "vm_get_hyp_resources"],
          "directions reassembled apart")


CASES = {"vectors": case_vectors, "session": case_session, "invalid": case_invalid,
         "framing": case_framing}


def main():
    global ARGS
    ap = argparse.ArgumentParser()
    ap.add_argument("--lua", required=True)
    ap.add_argument("--rmdump", required=True)
    ap.add_argument("--vecgen", required=True)
    ap.add_argument("--rmsim")
    ap.add_argument("--rmctl")
    ap.add_argument("case", choices=sorted(CASES))
    ARGS = ap.parse_args()
    if not shutil.which("tshark"):
        print("SKIP: tshark is not installed (Debian: apt-get install tshark); "
              "the Wireshark dissector is not tested")
        return 77
    with tempfile.TemporaryDirectory() as tmp:
        ARGS.tmpdir = tmp
        RT.check = check
        RT.ARGS = argparse.Namespace(rmdump=ARGS.rmdump, vecgen=ARGS.vecgen,
                                     rmsim=ARGS.rmsim, rmctl=ARGS.rmctl, tmpdir=tmp)
        CASES[ARGS.case]()
    if FAILURES:
        print(f"{ARGS.case}: {len(FAILURES)} check(s) failed")
        return 1
    print(f"{ARGS.case}: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
