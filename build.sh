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
PACKAGES=(cmake make gcc pkg-config clang-format python3 python3-jinja2
          python3-yaml libcriterion-dev libjansson-dev linux-headers-amd64)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' \
    || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "build.sh: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
    --no-install-recommends "${missing[@]}"
fi

cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@"
cmake --build "$BUILD_DIR" -j"$(nproc)"
