#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The test run inside a guest, shared by the UML and QEMU tiers.
#
# Environment: NN_MODDIR (the built modules, with samples/ below it),
# NN_VERSION (expected version string), NN_SHIM=1 when the self-test module
# is the KTAP shim build (stock kernels), NN_PRELOAD (modules to insmod
# first, e.g. dummy and veth), NN_SCALE (routes for the scale suite; none
# when unset), NN_STRESS (minutes of stress; none when unset), NN_FORGE,
# NN_FAILNTH and NN_EVFD (the helpers) and NN_CTL (nnctl). With "stress" as
# its argument, the stress run alone: the event-path fault suite, then
# NN_STRESS minutes of stress.

cd "$(dirname "$0")" || exit 1
. ./lib.sh
. ./tests.sh
. ./connevent.sh
. ./fault.sh
. ./stress.sh

leaks=/sys/kernel/debug/kmemleak
if [ -e $leaks ]; then
	# Start from a clean slate: only what leaks from now on counts.
	echo scan >$leaks
	echo clear >$leaks
fi
fi_setup

for ko in $NN_PRELOAD; do
	insmod "$ko" || kmsg "# preloading $ko failed"
done

insmod "$NN_MODDIR/netnotify.ko" || kmsg "# loading netnotify.ko failed"

if [ "${1:-}" = stress ]; then
	kmsg "KTAP version 1"
	kmsg "1..3"
	suite_fault_events 1
	suite_stress 2 "${NN_STRESS:-10}"
	suite_kmemleak 3
	# The host fails the run on any of these; the figure is for the record.
	kmsg "# figures: kernel reports $(dmesg | grep -cE '(BUG|WARNING): |Call Trace:|possible circular|suspicious RCU')"
	rmmod netnotify
	kmsg "netnotify: guest run complete"
	exit 0
fi

# The shell suites follow the KUnit suites in the same KTAP document.
[ "${NN_SCALE:-0}" -gt 0 ] && NN_SHELL_SUITES="$NN_SHELL_SUITES suite_scale"
set -- $NN_SHELL_SUITES suite_lifecycle suite_load_churn suite_fault_load \
	suite_fault_events suite_stress suite_kmemleak
nshell=$#
# The connection event suite takes its eventfds from insmod: as many as
# NNTE_FDS in kunit/connevent_test.c.
evfds=10008
if [ "${NN_SHIM:-0}" = 1 ]; then
	"$NN_EVFD" $evfds insmod "$NN_MODDIR/netnotify_selftest.ko" \
		ktap_extra=$nshell
	n=$(cat /sys/module/netnotify_selftest/parameters/ktap_suites 2>/dev/null)
else
	"$NN_EVFD" $evfds insmod "$NN_MODDIR/netnotify_selftest.ko"
	n=100
fi
n=${n:-0}

for suite in $NN_SHELL_SUITES; do
	n=$((n + 1))
	$suite $n
done
rmmod netnotify_selftest
n=$((n + 1))
suite_lifecycle $n
n=$((n + 1))
suite_load_churn $n
n=$((n + 1))
suite_fault_load $n
n=$((n + 1))
suite_fault_events $n
n=$((n + 1))
suite_stress $n "${NN_STRESS:-0}"
n=$((n + 1))
suite_kmemleak $n
rmmod netnotify

kmsg "netnotify: guest run complete"
