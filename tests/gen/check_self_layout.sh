#!/bin/sh
# Usage: check_self_layout.sh PYTHON
# Run from the repository root. rmgen lays out every generated line itself
# (gen/layout.py, gen/cbreak.py): with no clang-format on PATH, both
# flavours must still generate. A line of a shape cbreak does not know
# would start a clang-format process on every regeneration (about 35 ms of
# the 300 ms budget); rmgen's error then names the line.
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
[ "$status" -eq 0 ] && echo "check_self_layout: both flavours laid out by rmgen"
exit $status
