#!/usr/bin/env bash
# Build everything with AddressSanitizer + UBSan (RMGEN_SANITIZE=ON) in its
# own build directory and run the whole ctest suite there, including the
# mutation test and the fuzz regression replays (tests/hardening).
#
#   scripts/ci-sanitize.sh            # clang (default), build-asan/
#   CC=gcc scripts/ci-sanitize.sh     # the same with gcc
#   ASAN_BUILD_DIR=dir scripts/ci-sanitize.sh
set -euo pipefail
cd "$(dirname "$0")/.."

export CC=${CC:-clang}
BUILD_DIR=${ASAN_BUILD_DIR:-build-asan}
if [ "$CC" = clang ]; then
  scripts/ensure-packages.sh clang libclang-rt-14-dev
fi

# Any report fails the test that caused it: no recovery, leaks included.
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

BUILD_DIR=$BUILD_DIR ./build.sh -DRMGEN_SANITIZE=ON >/dev/null
ctest --test-dir "$BUILD_DIR" --output-on-failure -j"$(nproc)"
