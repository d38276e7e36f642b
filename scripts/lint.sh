#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make lint: W=1 builds against the Debian 6.1 and 6.12 headers, sparse
# (C=2) on both, and checkpatch.pl --strict (from linux-source-6.12) on every
# source file. Each is one test case; any warning fails it.
set -o pipefail
NN_TAG=lint
. "$(dirname "$0")/lib.sh"

nn_need $NN_PKGS_BUILD $NN_PKGS_LINT
passed=0
failed=0

# case <name> <log>: passes when the log has no warning or error.
judge() {
	local name=$1 log=$2
	if [ "$3" = 0 ] && ! grep -Eq '(warning|error|WARNING|ERROR|CHECK):' "$log"; then
		passed=$((passed + 1))
		echo "  ok   $name"
	else
		failed=$((failed + 1))
		echo "  FAIL $name"
		grep -E '(warning|error|WARNING|ERROR|CHECK)' "$log" | head -20 | sed 's/^/       /'
	fi
}

logs="$NN_CACHE/lint"
mkdir -p "$logs" "$NN_CACHE/results"
for series in 6.1 6.12; do
	rel=$(nn_release "$series")
	kdir=$(nn_headers "$rel")
	out="$NN_CACHE/lint/build-$rel"
	rm -rf "$out"
	nn_build_modules "$kdir" "$out" W=1 >"$logs/w1-$series.log" 2>&1
	judge "W=1 build, Debian $rel" "$logs/w1-$series.log" $?
	make -s -C "$kdir" M="$out" C=2 CHECK="sparse" modules \
		>"$logs/sparse-$series.log" 2>&1
	judge "sparse C=2, Debian $rel" "$logs/sparse-$series.log" $?
done

# checkpatch.pl and its data files, from the linux-source-6.12 package.
nn_need linux-source-6.12
cp_dir="$NN_CACHE/checkpatch-$(dpkg-query -W -f='${Version}' linux-source-6.12)"
if [ ! -f "$cp_dir/scripts/checkpatch.pl" ]; then
	mkdir -p "$cp_dir"
	tar -xf /usr/src/linux-source-6.12.tar.xz -C "$cp_dir" --strip-components=1 \
		--wildcards '*/scripts/checkpatch.pl' '*/scripts/spelling.txt' \
		'*/scripts/const_structs.checkpatch' '*/scripts/kernel-doc'
fi
cd "$NN_ROOT" || exit 1
for f in src/*.[ch] include/netnotify/*.h kunit/*.[ch] samples/*.c; do
	perl "$cp_dir/scripts/checkpatch.pl" --strict --no-tree --quiet \
		--show-types -f "$f" >"$logs/checkpatch.log" 2>&1
	judge "checkpatch --strict $f" "$logs/checkpatch.log" $?
done

# kernel-doc: every documented function has its parameters and Return:.
for f in src/*.c include/netnotify/*.h; do
	perl "$cp_dir/scripts/kernel-doc" -none -Wall "$f" >"$logs/kernel-doc.log" 2>&1
	judge "kernel-doc -Wall $f" "$logs/kernel-doc.log" $?
done

echo "lint: $passed passed, $failed failed"
echo "$passed $failed 0" >"$NN_CACHE/results/lint"
[ "$failed" = 0 ]
