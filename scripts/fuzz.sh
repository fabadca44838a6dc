#!/usr/bin/env bash
# Build the libFuzzer harnesses (clang, ASan + UBSan) and run both of them.
#
#   scripts/fuzz.sh -t SECONDS     # each harness for SECONDS of wall time
#   scripts/fuzz.sh -r RUNS        # each harness for RUNS executions in all
#   scripts/fuzz.sh -t 60 -j 1 codec   # one job, only the codec harness
#
# Options: -t SECONDS | -r RUNS (default -t 60), -j JOBS (parallel libFuzzer
# jobs per harness, default 2; -r RUNS is split between them), then the
# harnesses to run (codec, reasm; default both, one after the other).
# Environment: FUZZ_BUILD_DIR (default build-fuzz).
#
# The corpus grows in $FUZZ_BUILD_DIR/fuzz/corpus/HARNESS, seeded from the
# golden vectors ($FUZZ_BUILD_DIR/fuzz/seeds, written at build time); crash
# inputs land in $FUZZ_BUILD_DIR/fuzz/artifacts/HARNESS and libFuzzer logs in
# $FUZZ_BUILD_DIR/fuzz/logs/HARNESS. Exit status 1 if any harness found a
# crash, leak or timeout; copy the input to tests/hardening/regress/HARNESS/
# so that the test suite replays it.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=time
amount=60
jobs=2
while getopts "t:r:j:" opt; do
  case $opt in
    t) mode=time; amount=$OPTARG ;;
    r) mode=runs; amount=$OPTARG ;;
    j) jobs=$OPTARG ;;
    *) sed -n '2,20p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
harnesses=("$@")
[ ${#harnesses[@]} -gt 0 ] || harnesses=(codec reasm)
case $amount$jobs in
  *[!0-9]*) echo "fuzz.sh: -t, -r and -j take positive integers" >&2; exit 2 ;;
esac
[ "$amount" -gt 0 ] && [ "$jobs" -gt 0 ] || {
  echo "fuzz.sh: -t, -r and -j take positive integers" >&2; exit 2; }

BUILD_DIR=${FUZZ_BUILD_DIR:-build-fuzz}

# clang with libFuzzer and the sanitizer runtimes (Debian 12).
scripts/ensure-packages.sh clang libclang-rt-14-dev cmake make python3-jinja2 python3-yaml clang-format

CC=clang cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DRMGEN_FUZZ=ON -DRMGEN_BUILD_TESTS=OFF >/dev/null
cmake --build "$BUILD_DIR" -j"$(nproc)" --target fuzz_codec fuzz_reasm \
  fuzz_seeds >/dev/null

fuzz_dir=$(cd "$BUILD_DIR/fuzz" && pwd)
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

status=0
for h in "${harnesses[@]}"; do
  bin=$fuzz_dir/fuzz_$h
  [ -x "$bin" ] || { echo "fuzz.sh: no harness '$h'" >&2; exit 2; }
  corpus=$fuzz_dir/corpus/$h
  art=$fuzz_dir/artifacts/$h
  logs=$fuzz_dir/logs/$h
  mkdir -p "$corpus" "$art"
  rm -rf "$logs"
  mkdir -p "$logs"
  if [ "$mode" = runs ]; then
    limit=(-runs=$(((amount + jobs - 1) / jobs)))
  else
    limit=(-max_total_time="$amount")
  fi
  start=$(date +%s)
  # One log per job (fuzz-N.log in the working directory).
  (cd "$logs" && "$bin" -jobs="$jobs" -workers="$jobs" "${limit[@]}" \
     -max_len=16384 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
     -artifact_prefix="$art/" "$corpus" "$fuzz_dir/seeds/$h" \
     >"$logs/parent.log" 2>&1) || true
  secs=$(($(date +%s) - start))

  execs=0
  cov=0
  ft=0
  for log in "$logs"/fuzz-*.log; do
    [ -f "$log" ] || continue
    n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    execs=$((execs + ${n:-0}))
    c=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | awk '{print $2}')
    f=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | awk '{print $2}')
    [ "${c:-0}" -gt "$cov" ] && cov=$c
    [ "${f:-0}" -gt "$ft" ] && ft=$f
  done
  edges=$(grep -ho 'Loaded 1 modules *([0-9]*' "$logs"/fuzz-*.log 2>/dev/null |
          head -1 | grep -o '[0-9]*$' || true)
  units=$(find "$corpus" -type f | wc -l)
  crashes=$(find "$art" -type f | wc -l)
  bad=$(grep -l 'ERROR: \(libFuzzer\|AddressSanitizer\|LeakSanitizer\)\|runtime error:' \
        "$logs"/fuzz-*.log 2>/dev/null | wc -l || true)
  printf 'fuzz_%s: %d executions in %d s (%d jobs), cov %d of %s counters, ft %d, corpus %d, crashes %d\n' \
    "$h" "$execs" "$secs" "$jobs" "$cov" "${edges:-?}" "$ft" "$units" "$crashes"
  if [ "$crashes" -gt 0 ] || [ "$bad" -gt 0 ]; then
    echo "fuzz_$h: FAILED; inputs in $art, logs in $logs:"
    find "$art" -type f | head -20
    grep -h -m3 'fuzz_[a-z]*: \|ERROR: \|runtime error:' "$logs"/fuzz-*.log | head -20 || true
    status=1
  fi
done
exit $status
