#!/usr/bin/env python3
"""Run rmgen on tests/idl/NAME.yaml; its stderr must equal NAME.err exactly.

An empty NAME.err means the IDL is valid: exit status 0 and output written.
Otherwise rmgen must exit with status 1 and write nothing.
"""
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
RMGEN = os.path.join(HERE, "..", "..", "tools", "rmgen")


def main() -> int:
    name = sys.argv[1]
    with open(os.path.join(HERE, f"{name}.err"), encoding="utf-8") as f:
        expected = f.read()
    with tempfile.TemporaryDirectory() as out:
        res = subprocess.run([sys.executable, RMGEN, "-o", out, f"{name}.yaml"],
                             cwd=HERE, capture_output=True, text=True, check=False)
        written = [os.path.join(d, f) for d, _, fs in os.walk(out) for f in fs]
    want_rc = 0 if expected == "" else 1
    ok = True
    if res.stderr != expected:
        print(f"{name}: stderr differs\n--- expected\n{expected}--- got\n{res.stderr}")
        ok = False
    if res.returncode != want_rc:
        print(f"{name}: exit status {res.returncode}, expected {want_rc}")
        ok = False
    if want_rc and written:
        print(f"{name}: files written despite the error: {written}")
        ok = False
    if want_rc == 0 and not written:
        print(f"{name}: nothing written for a valid IDL")
        ok = False
    print(f"{name}: {'ok' if ok else 'FAILED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
