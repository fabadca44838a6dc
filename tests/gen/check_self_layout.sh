#!/bin/sh
# Usage: check_self_layout.sh PYTHON
# Run from the repository root. rmgen lays out every generated line itself
# (gen/layout.py, gen/cbreak.py): with no clang-format on PATH, both
# flavours must still generate. A line of a shape cbreak does not know
# would start a clang-format process on every regeneration (about 35 ms of
# the 300 ms budget); rmgen's error then names the line. Comments, which
# clang-format leaves alone, must fit in 80 columns (gen/comments.py).
set -u
python=$1
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
status=0
for flavor in user kernel; do
	mkdir "$tmp/$flavor"
	if ! env PATH=/nonexistent XDG_CACHE_HOME="$tmp/cache" \
		PYTHONDONTWRITEBYTECODE=1 "$python" tools/rmgen \
		--flavor "$flavor" -o "$tmp/$flavor" idl/rm_protocol.yaml; then
		echo "check_self_layout: the $flavor flavour needs clang-format" >&2
		status=1
	fi
done
if ! "$python" - "$tmp" <<'EOF'; then
import pathlib
import sys

bad = 0
for f in sorted(pathlib.Path(sys.argv[1]).rglob("*.[ch]")):
    for i, line in enumerate(f.read_text(encoding="utf-8").split("\n"), 1):
        text = line.expandtabs(8)
        if len(text) > 80 and ("/*" in text or text.lstrip().startswith("*")):
            print(f"{f.relative_to(sys.argv[1])}:{i}: comment over 80 columns")
            bad += 1
sys.exit(1 if bad else 0)
EOF
	status=1
fi
[ "$status" -eq 0 ] && echo "check_self_layout: both flavours laid out by rmgen"
exit $status
