#!/usr/bin/env bash
# Install what is missing (Debian 12), generate the C bindings and build.
#
#   ./build.sh                 # build/ with the default compiler
#   CC=clang ./build.sh        # the same with clang
#   BUILD_DIR=build-asan ./build.sh -DRMGEN_SANITIZE=ON
#
# Extra arguments are passed to the CMake configure step.
set -euo pipefail
cd "$(dirname "$0")"

BUILD_DIR=${BUILD_DIR:-build}
PACKAGES=(cmake make gcc g++ pkg-config clang-format python3 python3-jinja2
          python3-yaml libcriterion-dev libjansson-dev linux-headers-amd64
          gcc-multilib)

scripts/ensure-packages.sh "${PACKAGES[@]}"

cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@"
cmake --build "$BUILD_DIR" -j"$(nproc)"
