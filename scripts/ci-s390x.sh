#!/usr/bin/env bash
# Big-endian check: cross-compile the generated codecs and the runtime's
# runtime for s390x (statically) and run, under qemu-user,
# the golden-vector runner (tests/vector_runner.c), the mutation test
# (tests/hardening/mutation.c) and the framing test
# (tests/hardening/framing_plain.c). Every vector and check must pass.
#
#   ./build.sh && scripts/ci-s390x.sh     # the generated files must exist
#
# Environment: GEN_DIR (default build/generated), OUT_DIR (build-s390x).
set -euo pipefail
cd "$(dirname "$0")/.."

GEN_DIR=${GEN_DIR:-build/generated}
OUT_DIR=${OUT_DIR:-build-s390x}
for f in "$GEN_DIR/src/protocol.c" "$GEN_DIR/src/table.c" \
         "$GEN_DIR/tests/vectors.c" "$GEN_DIR/include/gunyah_rm/protocol.h"; do
  [ -f "$f" ] || { echo "ci-s390x.sh: $f is missing; run ./build.sh first" >&2; exit 1; }
done

scripts/ensure-packages.sh qemu-user gcc-s390x-linux-gnu libc6-dev-s390x-cross

CC=s390x-linux-gnu-gcc
CFLAGS=(-std=c11 -O2 -g -Wall -Wextra -Werror -static -pthread
        -I runtime/include -I runtime/src -I "$GEN_DIR/include" -I tests -I fuzz)
mkdir -p "$OUT_DIR"
# The generated sources include the RPC stubs over the client, so the whole
# runtime goes in (only wire.c and rpc.c are exercised).
codecs=("$GEN_DIR"/src/*.c runtime/src/*.c)

$CC "${CFLAGS[@]}" -o "$OUT_DIR/vector_runner" tests/vector_runner.c \
  "$GEN_DIR/tests/vectors.c" "${codecs[@]}"
$CC "${CFLAGS[@]}" -o "$OUT_DIR/mutation" tests/hardening/mutation.c \
  fuzz/check.c "$GEN_DIR/tests/vectors.c" "${codecs[@]}"
$CC "${CFLAGS[@]}" -o "$OUT_DIR/framing_plain" \
  tests/hardening/framing_plain.c runtime/src/rpc.c runtime/src/wire.c

n_vectors=$(grep -c '^		\.name = ' "$GEN_DIR/tests/vectors.c")
status=0
for t in vector_runner mutation framing_plain; do
  bin=$OUT_DIR/$t
  if ! LC_ALL=C readelf -h "$bin" | grep -q 'big endian'; then
    echo "ci-s390x.sh: $bin is not a big-endian binary" >&2
    exit 1
  fi
  out=$(qemu-s390x "$bin") || status=1
  last=$(printf '%s\n' "$out" | tail -n 1)
  printf '%s\n' "$out" | grep '^FAIL' | head -n 20 || true
  echo "s390x $t: $last"
  case $last in
    *" passed, 0 failed") ;;
    *) status=1 ;;
  esac
  if [ "$t" = vector_runner ] && [ "$last" != "$n_vectors passed, 0 failed" ]; then
    echo "ci-s390x.sh: expected all $n_vectors vectors to pass" >&2
    status=1
  fi
done
exit $status
