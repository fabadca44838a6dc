#!/usr/bin/env bash
# Static analysis of the runtime (runtime/src/*.c), the generated codecs
# (build/generated/src/*.c) and the hardening code (fuzz/, tests/hardening/):
# cppcheck, then clang-tidy with the checked-in .clang-tidy and the
# compile_commands.json that CMake exports. Both must be clean.
#
#   scripts/ci-static.sh            # builds build/ first if needed
#   BUILD_DIR=dir scripts/ci-static.sh
#
# cppcheck: --enable=warning,performance,portability; a false positive is
# suppressed where it occurs with a "// cppcheck-suppress ID" comment
# (--inline-suppr) stating why, or, in files that cannot carry one, in
# scripts/cppcheck-suppressions.xml with the reason. clang-tidy: disabled checks are documented
# in .clang-tidy, single false positives in scripts/static-suppressions.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BUILD_DIR:-build}
scripts/ensure-packages.sh cppcheck clang-tidy
BUILD_DIR=$BUILD_DIR ./build.sh >/dev/null
[ -f "$BUILD_DIR/compile_commands.json" ] || {
  echo "ci-static.sh: $BUILD_DIR/compile_commands.json is missing" >&2; exit 1; }

sources=(runtime/src/*.c "$BUILD_DIR"/generated/src/*.c fuzz/*.c
         tests/hardening/*.c)
status=0

echo "cppcheck: ${#sources[@]} files"
if ! cppcheck --enable=warning,performance,portability --error-exitcode=1 \
     --inline-suppr --suppress-xml=scripts/cppcheck-suppressions.xml \
     --std=c11 --quiet --library=posix \
     -D__GNUC__ -I runtime/include -I runtime/src \
     -I "$BUILD_DIR/generated/include" -I tests -I fuzz "${sources[@]}"; then
  echo "cppcheck: FAILED"
  status=1
else
  echo "cppcheck: clean"
fi

echo "clang-tidy: ${#sources[@]} files"
out=$BUILD_DIR/clang-tidy.log
printf '%s\n' "${sources[@]}" |
  xargs -P "$(nproc)" -n 4 clang-tidy -p "$BUILD_DIR" --quiet \
    >"$out" 2>&1 || true
if ! python3 - "$out" scripts/static-suppressions.txt "$PWD" <<'PY'
import re, sys
log, supp_file, root = sys.argv[1], sys.argv[2], sys.argv[3] + "/"
supp = []
for line in open(supp_file):
    line = line.rstrip("\n")
    if line and not line.startswith("#"):
        check, path, msg = line.split("|", 2)
        supp.append([check, path, msg, 0])
finding = re.compile(r"^(.*?):(\d+):(\d+): (error|warning): (.*) \[([^\]]*)\]$")
seen, bad = set(), []
for line in open(log):
    m = finding.match(line.rstrip("\n"))
    if not m:
        continue
    path = m.group(1)
    if path.startswith(root):
        path = path[len(root):]
    key = (path, m.group(2), m.group(3), m.group(6))
    if key in seen:
        continue
    seen.add(key)
    checks = [c for c in m.group(6).split(",") if not c.startswith("-")]
    for s in supp:
        if s[0] in checks and s[1] == path and s[2] in m.group(5):
            s[3] += 1
            break
    else:
        bad.append(f"{path}:{m.group(2)}:{m.group(3)}: {m.group(5)} [{','.join(checks)}]")
for b in bad:
    print(b)
for s in supp:
    if not s[3]:
        print(f"note: suppression no longer needed: {s[0]}|{s[1]}|{s[2]}")
print(f"clang-tidy: {len(bad)} finding(s), {sum(s[3] for s in supp)} suppressed")
if any(l.startswith("Error while processing") for l in open(log)):
    print("clang-tidy: a file could not be processed")
    sys.exit(1)
sys.exit(1 if bad else 0)
PY
then
  echo "clang-tidy: FAILED (full output in $out)"
  status=1
fi
exit $status
