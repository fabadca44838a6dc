#!/usr/bin/env bash
# Every kernel-doc comment (/** ... */) in the C files under each DIR must
# be well formed for the kernel's scripts/kernel-doc, with -v: every member
# and parameter described, names as in the code, a Return: section on
# functions. The kernel-doc script comes with Debian's kernel headers
# (linux-headers-amd64); KERNEL_DOC overrides where it is.
#   check_kernel_doc.sh DIR...
set -uo pipefail

kdoc=${KERNEL_DOC:-}
if [ -z "$kdoc" ]; then
  kdir=$(ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -n 1)
  [ -n "$kdir" ] && kdoc=$kdir/scripts/kernel-doc
fi
if [ -z "$kdoc" ] || [ ! -x "$kdoc" ]; then
  echo "check_kernel_doc.sh: no scripts/kernel-doc (Debian: apt-get install linux-headers-amd64)" >&2
  exit 1
fi

files=()
for dir in "$@"; do
  if [ ! -d "$dir" ]; then
    echo "check_kernel_doc.sh: no directory $dir" >&2
    exit 2
  fi
  while IFS= read -r f; do files+=("$f"); done \
    < <(find "$dir" -name '*.[ch]' | sort)
done
if [ ${#files[@]} -eq 0 ]; then
  echo "check_kernel_doc.sh: no C files found" >&2
  exit 2
fi
out=$("$kdoc" -none -v "${files[@]}" 2>&1)
warnings=$(grep -E ': (warning|error):' <<<"$out")
if [ -n "$warnings" ]; then
  echo "$warnings"
  echo "check_kernel_doc.sh: $(wc -l <<<"$warnings") problem(s) in ${#files[@]} files" >&2
  exit 1
fi
echo "check_kernel_doc.sh: ${#files[@]} files, kernel-doc clean"
