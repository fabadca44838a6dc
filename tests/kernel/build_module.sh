#!/usr/bin/env bash
# Build rmgen's kernel flavour as an out-of-tree module against Debian's
# kernel headers (linux-headers-amd64), with W=1 and -Werror: every .c of
# GENERATED_KERNEL_DIR, the stand-ins of the driver's headers (include/),
# the callers (callers.c) and test_main.c. Prints the .text of the
# generated objects; with BUDGET (bytes), fails when their sum exceeds it.
#   build_module.sh GENERATED_KERNEL_DIR WORK_DIR [BUDGET]
set -euo pipefail
if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  echo "usage: build_module.sh GENERATED_KERNEL_DIR WORK_DIR [BUDGET]" >&2
  exit 2
fi
gen=$(cd "$1" && pwd)
mkdir -p "$2"
work=$(cd "$2" && pwd)   # kbuild's M= must be absolute
budget=${3:-}
here=$(cd "$(dirname "$0")" && pwd)

kdir=${KDIR:-}
if [ -z "$kdir" ]; then
  kdir=$(ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -n 1)
fi
if [ -z "$kdir" ] || [ ! -f "$kdir/Makefile" ]; then
  echo "build_module.sh: no kernel headers (Debian: apt-get install linux-headers-amd64)" >&2
  exit 1
fi

# WORK_DIR is emptied first: only an empty one or one this script made.
if [ -n "$(ls -A "$work")" ] && [ ! -f "$work/.build_module" ] &&
   ! { [ -f "$work/Kbuild" ] && [ -f "$work/test_main.c" ]; }; then
  echo "build_module.sh: $work is not empty and not a work directory of this script" >&2
  exit 2
fi
find "$work" -mindepth 1 -delete
touch "$work/.build_module"
cp -r "$gen"/. "$work"/
rm -f "$work/rmgen.stamp"
cp -r "$here/Kbuild" "$here/include" "$here/callers.c" "$here/callers.h" \
  "$here/test_main.c" "$work"/
mapfile -t objs < <(cd "$gen" && ls -- *.c | sed 's/\.c$/.o/')
make -s -C "$kdir" M="$work" W=1 GENERATED_OBJS="${objs[*]}" modules
test -f "$work/gunyah_rm_test.ko"
echo "kernel module built against $kdir: $work/gunyah_rm_test.ko"

total=0
for o in "${objs[@]}"; do
  t=$(size -A "$work/$o" | awk '$1 ~ /^\.text/ { s += $2 } END { print s + 0 }')
  printf '  .text %-24s %6d\n' "$o" "$t"
  total=$((total + t))
done
printf '  .text %-24s %6d\n' "(generated total)" "$total"
if [ -n "$budget" ] && [ "$total" -gt "$budget" ]; then
  echo "build_module.sh: the generated .text, $total bytes, exceeds the budget of $budget (docs/kernel.md)" >&2
  exit 1
fi
