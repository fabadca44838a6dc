"""The rmgen command line."""

from __future__ import annotations

import argparse
import os
import sys

from . import diff, docplan, emit, kernel, version, wireshark
from .diag import IdlErrors
from .idl import load_protocol
from .output import (FormatError, Output, format_outputs, stale,
                     write_if_changed)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="rmgen",
        description="Generate C codecs, validators, RPC stubs and tests for the "
                    "Gunyah Resource Manager protocol from its YAML IDL.",
        epilog="Also: 'rmgen diff OLD.yaml NEW.yaml' classifies the changes "
               "between two IDL versions (see 'rmgen diff --help'). "
               "Exit status: 0 success, 1 IDL error or stale files (--check), "
               "2 usage or tooling error.")
    p.add_argument("idl", nargs="?", help="the IDL file (idl/rm_protocol.yaml)")
    p.add_argument("--version", action="version",
                   version=f"rmgen {version.version()}")
    p.add_argument("--flavor", choices=("user", "kernel", "wireshark"),
                   default="user",
                   help="user: C11 user-space library (default); kernel: "
                        "Linux driver sources (<linux/types.h>, __le32, "
                        "cpu_to_le32): a drop-in for the Linux Gunyah "
                        "driver's rsc_mgr_rpc.c (docs/kernel.md); wireshark: "
                        "a Lua dissector for RM captures (gunyah_rm.lua)")
    p.add_argument("--kernel-series", default="v16",
                   choices=tuple(kernel.driver()["series"]),
                   help="kernel flavour: the Linux series to follow")
    p.add_argument("--kernel-select", metavar="LIST", default=[],
                   type=lambda s: [x for x in s.split(",") if x],
                   help="kernel flavour: also these messages, notifications "
                        "or families (comma-separated, or 'all')")
    p.add_argument("--list-outputs", action="store_true",
                   help="print the files rmgen writes (relative to DIR) and exit")
    p.add_argument("-o", "--output", metavar="DIR", default=".",
                   help="output directory (default: current directory)")
    p.add_argument("--check", action="store_true",
                   help="write nothing; exit 1 if any generated file in DIR is "
                        "missing or out of date")
    p.add_argument("--doc", metavar="FILE",
                   help="also write the protocol reference (Markdown) to FILE "
                        "(with --check: check FILE instead)")
    p.add_argument("--doc-only", action="store_true",
                   help="with --doc: write or check only the reference, no C")
    p.add_argument("--idl-name", metavar="NAME",
                   help="how the banner names the IDL (default: its path)")
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["diff"]:
        return diff.main(argv[1:])
    ap = parser()
    args = ap.parse_args(argv)
    if args.list_outputs:
        print("\n".join(emit.outputs(args.flavor, bool(args.kernel_select))))
        return 0
    if args.idl is None:
        ap.error("the IDL file is required")
    try:
        proto = load_protocol(args.idl)
    except IdlErrors as e:
        print(str(e), file=sys.stderr)
        return 1
    if args.doc_only and not args.doc:
        ap.error("--doc-only needs --doc FILE")
    display = args.idl_name or args.idl
    flavor = ""
    if args.flavor == "kernel":
        flavor = " --flavor kernel"
        if args.kernel_series != "v16":
            flavor += f" --kernel-series {args.kernel_series}"
        if args.kernel_select:
            flavor += f" --kernel-select {','.join(args.kernel_select)}"
    regen = f"rmgen{flavor} -o DIR {display} (or rebuild with CMake)"
    jobs: list[tuple[str, list[Output]]] = []
    try:
        if not args.doc_only and args.flavor == "wireshark":
            jobs.append((args.output, wireshark.generate(proto, display)))
        elif not args.doc_only:
            outs = emit.generate(proto, display, regen, args.flavor,
                                 series=args.kernel_series,
                                 extra=args.kernel_select)
            if not format_outputs(outs):
                print("rmgen: note: clang-format is not installed; the "
                      "generated C is valid but not formatted (Debian: "
                      "apt-get install clang-format)", file=sys.stderr)
            jobs.append((args.output, outs))
        if args.doc:
            doc = Output(os.path.basename(args.doc), docplan.render(proto),
                         False)
            jobs.append((os.path.dirname(args.doc) or ".", [doc]))
    except (FormatError, kernel.SelectError) as e:
        print(f"rmgen: error: {e}", file=sys.stderr)
        return 2
    if args.check:
        bad = [b for outdir, outs in jobs for b in stale(outdir, outs)]
        for path, why in bad:
            print(f"rmgen: {path} is out of date: {why}", file=sys.stderr)
        return 1 if bad else 0
    for i, (outdir, outs) in enumerate(jobs):
        try:
            # Only the kernel flavour's set of files varies (--kernel-select).
            write_if_changed(outdir, outs, manifest=args.flavor == "kernel"
                             and not args.doc_only and i == 0)
        except OSError as e:
            print(f"rmgen: error: cannot write to {outdir}: {e.strerror}",
                  file=sys.stderr)
            return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
