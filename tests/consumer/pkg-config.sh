#!/bin/sh
# A program built with pkg-config against the installed tree, as a
# Makefile would: pkg-config.sh PKGCONFIG_DIR WORK_DIR CC VERSION [CFLAG...]
# (PKGCONFIG_DIR: the installed lib/pkgconfig).
# Static libraries need --static (Libs.private); shared ones an rpath.
set -eu
pcdir=$1 work=$2 cc=$3 version=$4
shift 4
here=$(cd "$(dirname "$0")" && pwd)
export PKG_CONFIG_PATH="$pcdir"
unset PKG_CONFIG_LIBDIR

test "$(pkg-config --modversion gunyah_rm)" = "$version"
libdir=$(pkg-config --variable=libdir gunyah_rm)
if [ -e "$libdir/libgunyah_rm.so" ]; then
	libs="$(pkg-config --libs gunyah_rm) -Wl,-rpath,$libdir"
else
	libs=$(pkg-config --static --libs gunyah_rm)
fi
rm -rf "$work"
mkdir -p "$work"
set -x
# shellcheck disable=SC2086 # word splitting of the flags is wanted
"$cc" "$@" -std=c11 -Wall -Wextra -Werror \
	-DEXPECT_VERSION="\"$version\"" $(pkg-config --cflags gunyah_rm) \
	"$here/app.c" -o "$work/app" $libs
"$work/app"
