#!/usr/bin/env bash
# Run the runtime's tests (ctest tests runtime_*) and the mutation test
# (hardening_mutation) under valgrind memcheck, from the normal build.
#
#   scripts/ci-valgrind.sh          # after ./build.sh (builds it if needed)
#   BUILD_DIR=dir scripts/ci-valgrind.sh
#
# Criterion runs each test in a worker process that it re-executes, and it
# ignores a worker's exit status once the test has passed, so valgrind's
# --error-exitcode alone would check only the runner. Instead valgrind
# follows the workers (--trace-children=yes), Criterion runs them one at a
# time and lets them finish normally (-j1 --no-early-exit, so that the leak
# check sees the whole test), and every process writes its own quiet log:
# any error or leak in any process leaves a non-empty log and fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-packages.sh valgrind

BUILD_DIR=${BUILD_DIR:-build}
if ! command -v valgrind >/dev/null; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
    --no-install-recommends valgrind
fi
BUILD_DIR=$BUILD_DIR ./build.sh >/dev/null

logs=$BUILD_DIR/valgrind
rm -rf "$logs"
mkdir -p "$logs"
logs=$(cd "$logs" && pwd)

# name<TAB>working directory<TAB>command (one line per test), from ctest.
ctest --test-dir "$BUILD_DIR" --show-only=json-v1 |
  python3 -c '
import json, re, sys
for t in json.load(sys.stdin)["tests"]:
    if not re.match(r"^(runtime_.*|hardening_mutation)$", t["name"]):
        continue
    wd = next((p["value"] for p in t.get("properties", [])
               if p["name"] == "WORKING_DIRECTORY"), ".")
    print(t["name"], wd, "\x1f".join(t["command"]), sep="\t")
' >"$logs/tests.tsv"

passed=0
failed=0
while IFS=$'\t' read -r name wd cmd; do
  IFS=$'\x1f' read -r -a argv <<<"$cmd"
  extra=()
  case $name in
    runtime_*) extra=(--no-early-exit -j1) ;;
  esac
  mkdir -p "$logs/$name"
  start=$(date +%s)
  rc=0
  (cd "$wd" && valgrind -q --error-exitcode=99 --leak-check=full \
     --errors-for-leak-kinds=definite,possible --trace-children=yes \
     --track-fds=no --log-file="$logs/$name/vg.%p.log" \
     "${argv[@]}" "${extra[@]}") >"$logs/$name/output.txt" 2>&1 || rc=$?
  secs=$(($(date +%s) - start))
  noisy=$(find "$logs/$name" -name 'vg.*.log' -size +0 | wc -l)
  if [ "$rc" -ne 0 ] || [ "$noisy" -ne 0 ]; then
    echo "FAIL $name (exit $rc, $noisy process(es) with valgrind errors, ${secs} s)"
    tail -n 5 "$logs/$name/output.txt"
    find "$logs/$name" -name 'vg.*.log' -size +0 -exec head -n 30 {} \;
    failed=$((failed + 1))
  else
    nproc_seen=$(find "$logs/$name" -name 'vg.*.log' | wc -l)
    echo "ok   $name ($nproc_seen processes checked, ${secs} s)"
    passed=$((passed + 1))
  fi
done <"$logs/tests.tsv"
[ $((passed + failed)) -gt 0 ] || { echo "no tests found"; exit 1; }
echo "valgrind: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
