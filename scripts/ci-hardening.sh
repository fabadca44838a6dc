#!/usr/bin/env bash
# The hardening stage of CI (docs/security.md), after the normal build and
# test run:
#
#   1. ASan + UBSan build and the whole ctest suite   scripts/ci-sanitize.sh
#   2. runtime tests and mutation test under valgrind scripts/ci-valgrind.sh
#   3. a bounded libFuzzer run of both harnesses      scripts/fuzz.sh -t N
#   4. big-endian (s390x, qemu-user) vectors/framing  scripts/ci-s390x.sh
#   5. cppcheck and clang-tidy                        scripts/ci-static.sh
#   6. the benchmarks still build (not run)           bench/ (RMGEN_BENCH)
#
# Every step runs even if an earlier one failed; the exit status is 1 if
# any failed. Each step's output goes to build-hardening/STEP.log (shown
# when the step fails), and a table of results and times is printed last.
#
#   scripts/ci-hardening.sh                 # all steps, 30 s per harness
#   FUZZ_SECONDS=120 scripts/ci-hardening.sh
#   scripts/ci-hardening.sh static s390x    # only the named steps
set -uo pipefail
cd "$(dirname "$0")/.."

FUZZ_SECONDS=${FUZZ_SECONDS:-30}
LOG_DIR=build-hardening
mkdir -p "$LOG_DIR"

steps=("$@")
[ ${#steps[@]} -gt 0 ] || steps=(sanitize valgrind fuzz s390x static bench)

# The generated sources that s390x and static analysis use.
./build.sh >"$LOG_DIR/build.log" 2>&1 || {
  cat "$LOG_DIR/build.log"; echo "ci-hardening: ./build.sh failed"; exit 1; }

passed=0
failed=0
summary=()
total_start=$(date +%s)
for step in "${steps[@]}"; do
  case $step in
    sanitize) cmd=(scripts/ci-sanitize.sh) ;;
    valgrind) cmd=(scripts/ci-valgrind.sh) ;;
    fuzz) cmd=(scripts/fuzz.sh -t "$FUZZ_SECONDS" -j "$(nproc)") ;;
    s390x) cmd=(scripts/ci-s390x.sh) ;;
    static) cmd=(scripts/ci-static.sh) ;;
    bench) cmd=(sh -c "cmake -S . -B build-bench-ci -DCMAKE_BUILD_TYPE=Release \
                 -DRMGEN_BENCH=ON -DRMGEN_BUILD_TESTS=OFF && \
                 cmake --build build-bench-ci -j$(nproc) --target rmgen_bench \
                 size_probe_gen size_probe_lean size_probe_base size_probe_empty") ;;
    *) echo "ci-hardening: unknown step '$step'" >&2; exit 2 ;;
  esac
  echo "== $step: ${cmd[*]}"
  start=$(date +%s)
  if "${cmd[@]}" >"$LOG_DIR/$step.log" 2>&1; then
    result=ok
    passed=$((passed + 1))
  else
    result=FAILED
    failed=$((failed + 1))
    tail -n 60 "$LOG_DIR/$step.log"
  fi
  secs=$(($(date +%s) - start))
  # The step's own closing line (counts, fuzz figures) goes in the table.
  last=$(grep -E 'passed, [0-9]+ failed|tests passed|executions in|clang-tidy: [0-9]' \
         "$LOG_DIR/$step.log" | tail -n 2 | tr '\n' ' ')
  summary+=("$(printf '%-9s %-6s %5d s  %s' "$step" "$result" "$secs" "$last")")
  echo "== $step: $result in $secs s"
done

echo
echo "ci-hardening summary ($(($(date +%s) - total_start)) s):"
printf '  %s\n' "${summary[@]}"
echo "hardening: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
