#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check: lint, the KUnit tier (UML 6.12 and 6.1) and the QEMU tier
# (stock Debian 6.1 and 6.12). Every tier runs even if an earlier one
# failed; the last line adds up every test case of every tier.
NN_TAG=check
. "$(dirname "$0")/lib.sh"

results="$NN_CACHE/results"
rm -rf "$results"
mkdir -p "$results"
summary=()
status=0

tier() {
	local name=$1 start=$SECONDS
	shift
	nn_log "== $name"
	"$@" || status=1
	summary+=("$(printf '%-8s %4ds' "$name" $((SECONDS - start)))")
}

tier lint "$NN_ROOT/scripts/lint.sh"
tier kunit "$NN_ROOT/scripts/uml.sh" 6.12 6.1
tier vmtest "$NN_ROOT/scripts/vmtest.sh" 6.1 6.12

passed=0
failed=0
echo
echo "Summary (per tier: passed failed skipped):"
for f in lint kunit-6.12 kunit-6.12-lockdep kunit-6.1 kunit-6.1-lockdep \
	vmtest-6.1 vmtest-6.12; do
	if [ -f "$results/$f" ]; then
		read -r p fl s <"$results/$f"
	else
		# The tier did not get as far as reporting: one failure.
		p=0 fl=1 s=0
	fi
	printf '  %-19s %4d passed, %d failed, %d skipped\n' "$f" "$p" "$fl" "$s"
	passed=$((passed + p))
	failed=$((failed + fl))
done
for s in "${summary[@]}"; do
	echo "  time: $s"
done
[ "$failed" = 0 ] || status=1
echo "$passed passed, $failed failed"
exit $status
