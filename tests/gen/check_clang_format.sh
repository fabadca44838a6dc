#!/bin/sh
# Usage: check_clang_format.sh CLANG_FORMAT STYLE_FILE DIR...
# Every .c and .h file under each DIR must be unchanged by clang-format with
# STYLE_FILE; prints a diff of each one that is not and exits 1.
set -u
clang_format=$1
style=$2
shift 2
status=0
count=0
for dir in "$@"; do
	if [ ! -d "$dir" ]; then
		echo "check_clang_format: no directory $dir" >&2
		exit 2
	fi
	for f in $(find "$dir" -name '*.[ch]' | sort); do
		count=$((count + 1))
		if ! "$clang_format" --style="file:$style" --assume-filename="$f" \
			<"$f" | diff -u --label "$f" --label "$f (clang-format)" \
			"$f" -; then
			status=1
		fi
	done
done
if [ "$count" -eq 0 ]; then
	echo "check_clang_format: no C files found" >&2
	exit 2
fi
echo "check_clang_format: $count files checked"
exit $status
