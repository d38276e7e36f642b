#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make lint: W=1 builds against the Debian 6.1 and 6.12 headers, sparse
# (C=2) on both, and checkpatch.pl --strict (from linux-source-6.12) on every
# source file. Each is one test case; any warning fails it.
#
# A clean result is remembered under a hash of everything that decides it
# (the sources, this script, the kernels, the tools), so a second run on
# unchanged sources replays it instead of recomputing it, the way ccache
# replays a compiler's warnings. Any change, or a failure, lints afresh.
set -o pipefail
NN_TAG=lint
. "$(dirname "$0")/lib.sh"

nn_need $NN_PKGS_BUILD $NN_PKGS_LINT
passed=0
failed=0

logs="$NN_CACHE/lint"
mkdir -p "$logs" "$NN_CACHE/results"
report="$logs/report"
: >"$report"

# case <name> <log>: passes when the log has no warning or error.
judge() {
	local name=$1 log=$2
	if [ "$3" = 0 ] && ! grep -Eq '(warning|error|WARNING|ERROR|CHECK):' "$log"; then
		passed=$((passed + 1))
		echo "  ok   $name" | tee -a "$report"
	else
		failed=$((failed + 1))
		echo "  FAIL $name"
		grep -E '(warning|error|WARNING|ERROR|CHECK)' "$log" | head -20 | sed 's/^/       /'
	fi
}

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
sources=$(ls Kbuild Kconfig src/compat.mk src/*.[ch] include/netnotify/*.h \
	include/uapi/netnotify/*.h kunit/*.[ch] samples/*.c tools/Makefile \
	tools/*.[ch] | grep -v '\.mod\.c$')
key=$( {
	cat scripts/lint.sh scripts/lib.sh $sources
	echo "$sources" "$cp_dir" "$(nn_release 6.1)" "$(nn_release 6.12)"
	sparse --version; gcc --version
} 2>&1 | sha256sum | cut -c1-16)
if [ -f "$logs/clean-$key" ]; then
	sed 's/$/ (unchanged since a clean run)/' "$logs/clean-$key"
	passed=$(wc -l <"$logs/clean-$key")
	echo "lint: $passed passed, 0 failed"
	echo "$passed 0 0" >"$NN_CACHE/results/lint"
	exit 0
fi

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

# User space: the tools, built by the host's compiler with -Werror, and the
# UAPI header, which must compile alone, with no kernel type.
make -s -C tools O="$logs/tools" >"$logs/tools.log" 2>&1
judge "tools build (host gcc, -Wall -Wextra -Werror)" "$logs/tools.log" $?
echo '#include <netnotify/netnotify.h>' |
	gcc -fsyntax-only -Wall -Wextra -Werror -I include/uapi -x c - \
		>"$logs/uapi.log" 2>&1
judge "UAPI header compiles alone in user space" "$logs/uapi.log" $?

for f in src/*.[ch] include/netnotify/*.h include/uapi/netnotify/*.h \
	kunit/*.[ch] samples/*.c; do
	# Skip what "make" generated here.
	case $f in *.mod.c) continue ;; esac
	perl "$cp_dir/scripts/checkpatch.pl" --strict --no-tree --quiet \
		--show-types -f "$f" >"$logs/checkpatch.log" 2>&1
	judge "checkpatch --strict $f" "$logs/checkpatch.log" $?
done

# kernel-doc: every documented function has its parameters and Return:.
for f in src/*.c include/netnotify/*.h include/uapi/netnotify/*.h; do
	perl "$cp_dir/scripts/kernel-doc" -none -Wall "$f" >"$logs/kernel-doc.log" 2>&1
	judge "kernel-doc -Wall $f" "$logs/kernel-doc.log" $?
done

echo "lint: $passed passed, $failed failed"
echo "$passed $failed 0" >"$NN_CACHE/results/lint"
[ "$failed" = 0 ] || exit 1
rm -f "$logs"/clean-*
cp "$report" "$logs/clean-$key"
