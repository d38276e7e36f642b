#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check: lint, the KUnit tier (UML 6.12 and 6.1), the QEMU tier (stock
# Debian 6.1 and 6.12) and the debug tier (the KASAN kernel: every suite,
# the fault sweeps and a 2-minute stress run; make stress runs the KCSAN
# kernel). Everything is installed first, then the runs go in parallel;
# each prints its own summary. The last line adds up every test case of
# every tier.
NN_TAG=check
. "$(dirname "$0")/lib.sh"

results="$NN_CACHE/results"
out="$NN_CACHE/check"
rm -rf "$results" "$out"
mkdir -p "$results" "$out"

# Packages, headers, sources and images, one apt run at a time.
start=$SECONDS
nn_need $NN_PKGS_BUILD $NN_PKGS_LINT $NN_PKGS_UML $NN_PKGS_VM \
	linux-source-6.1 linux-source-6.12
for series in 6.1 6.12; do
	rel=$(nn_release "$series")
	nn_headers "$rel" >/dev/null
	nn_image "$rel" >/dev/null
done
nn_build_tool nnforge >/dev/null
nn_build_tool nnfailnth >/dev/null
nn_build_tool nnevfd >/dev/null
nn_build_nnctl >/dev/null
nn_log "prerequisites ready ($((SECONDS - start))s)"

# job <name> <command...>: run in the background, output to $out/<name>.
job() {
	local name=$1
	shift
	(
		s=$SECONDS
		"$@" >"$out/$name.log" 2>&1
		echo "$? $((SECONDS - s))" >"$out/$name.rc"
	) &
}

job lint "$NN_ROOT/scripts/lint.sh"
job kunit-6.12 "$NN_ROOT/scripts/uml.sh" 6.12
job kunit-6.1 "$NN_ROOT/scripts/uml.sh" 6.1
job vmtest-6.1 "$NN_ROOT/scripts/vmtest.sh" 6.1
job vmtest-6.12 "$NN_ROOT/scripts/vmtest.sh" 6.12
job vmtest-debug "$NN_ROOT/scripts/vmtest.sh" debug
wait

status=0
tiers="lint kunit-6.12 kunit-6.1 vmtest-6.1 vmtest-6.12 vmtest-debug"
for name in $tiers; do
	read -r rc secs <"$out/$name.rc" || rc=1
	echo
	echo "== $name (${secs:-?}s)"
	grep -v '^\[' "$out/$name.log" | grep -v '^  ok ' || true
	[ "$rc" = 0 ] || status=1
done

passed=0
failed=0
echo
echo "Summary (per tier: passed, failed, skipped):"
for f in lint kunit-6.12 kunit-6.12-lockdep kunit-6.12-lockdep-inside \
	kunit-6.1 kunit-6.1-lockdep kunit-6.1-lockdep-inside vmtest-6.1 vmtest-6.12 \
	vmtest-debug; do
	if [ -f "$results/$f" ]; then
		read -r p fl s <"$results/$f"
	else
		# The tier did not get as far as reporting: one failure.
		p=0 fl=1 s=0
	fi
	printf '  %-26s %4d passed, %d failed, %d skipped\n' "$f" "$p" "$fl" "$s"
	passed=$((passed + p))
	failed=$((failed + fl))
done
echo "  total time: $((SECONDS - start))s; logs in $NN_CACHE/logs"
[ "$failed" = 0 ] || status=1
echo "$passed passed, $failed failed"
exit $status
