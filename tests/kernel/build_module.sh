#!/usr/bin/env bash
# Build the kernel-flavour sources as an out-of-tree module against Debian's
# kernel headers (linux-headers-amd64), with W=1 and -Werror.
#   build_module.sh GENERATED_KERNEL_DIR WORK_DIR
set -euo pipefail
gen=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)

kdir=${KDIR:-}
if [ -z "$kdir" ]; then
  kdir=$(ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -n 1)
fi
if [ -z "$kdir" ] || [ ! -f "$kdir/Makefile" ]; then
  echo "build_module.sh: no kernel headers (Debian: apt-get install linux-headers-amd64)" >&2
  exit 1
fi

rm -rf "$work"
mkdir -p "$work"
cp -r "$gen"/. "$work"/
cp "$here/Kbuild" "$here/rsc_mgr.h" "$here/test_main.c" "$work"/
make -s -C "$kdir" M="$work" W=1 modules
test -f "$work/gunyah_rm_test.ko"
echo "kernel module built against $kdir: $work/gunyah_rm_test.ko"
