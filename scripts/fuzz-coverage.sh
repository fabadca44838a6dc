#!/usr/bin/env bash
# Source line and branch coverage reached by the fuzz corpora: replays the
# corpus and seeds of each harness (as left by scripts/fuzz.sh in
# build-fuzz/fuzz) once through harnesses built with clang source-based
# coverage, and prints llvm-cov's report for the code under test.
#
#   scripts/fuzz.sh -t 600 && scripts/fuzz-coverage.sh
#
# Environment: FUZZ_BUILD_DIR (the corpora, default build-fuzz),
# COV_BUILD_DIR (default build-fuzz-cov).
set -euo pipefail
cd "$(dirname "$0")/.."

FUZZ_DIR=$(cd "${FUZZ_BUILD_DIR:-build-fuzz}/fuzz" && pwd)
COV_DIR=${COV_BUILD_DIR:-build-fuzz-cov}

CC=clang cmake -S . -B "$COV_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DRMGEN_FUZZ=ON -DRMGEN_FUZZ_COVERAGE=ON -DRMGEN_BUILD_TESTS=OFF >/dev/null
cmake --build "$COV_DIR" -j"$(nproc)" --target fuzz_codec fuzz_reasm >/dev/null
cov=$(cd "$COV_DIR/fuzz" && pwd)
gen=$(cd "$COV_DIR/generated/src" && pwd)

for h in codec reasm; do
  rm -f "$cov/$h".*.profraw
  dirs=()
  for d in "$FUZZ_DIR/corpus/$h" "$FUZZ_DIR/seeds/$h"; do
    [ -d "$d" ] && dirs+=("$d")
  done
  LLVM_PROFILE_FILE="$cov/$h.%p.profraw" ASAN_OPTIONS=detect_leaks=0 \
    "$cov/fuzz_$h" -runs=0 "${dirs[@]}" >"$cov/$h.replay.log" 2>&1
  llvm-profdata merge -sparse "$cov/$h".*.profraw -o "$cov/$h.profdata"
done

echo "== fuzz_codec corpus: generated codecs and message table"
llvm-cov report "$cov/fuzz_codec" -instr-profile="$cov/codec.profdata" \
  "$gen/protocol.c" "$gen/table.c" runtime/src/wire.c
echo "== fuzz_reasm corpus: RPC framing and reassembly"
llvm-cov report "$cov/fuzz_reasm" -instr-profile="$cov/reasm.profdata" \
  runtime/src/rpc.c
