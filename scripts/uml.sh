#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The KUnit tier: a UML kernel built from Debian's linux-source-<series> with
# a debug configuration, netnotify overlaid in-tree as net/netnotify/ (the
# same Kbuild as the out-of-tree build) and built as modules. UML boots with
# the host's root (read-only, hostfs) and runs scripts/guest/run.sh, which
# loads the modules: the KUnit suites run at insmod, then the shell suites.
# A second, short boot provokes the lockdep report that cancelling under a
# lock the callback takes must produce.
#
# usage: uml.sh [6.1] [6.12]
# (NN_KUNIT_FILTER=suite.case picks cases, on 6.12 only, for debugging.)
set -eo pipefail
NN_TAG=kunit
. "$(dirname "$0")/lib.sh"

series_list=${*:-6.12 6.1}
nn_need $NN_PKGS_BUILD $NN_PKGS_UML

version=$(sed -n 's/^#define NETNOTIFY_VERSION "\(.*\)"/\1/p' \
	"$NN_ROOT/include/netnotify/netnotify.h")

# uml_boot <build> <log> <mode>: boot UML once, watching its console.
#
# The timeout leaves room for the UML 6.12 (KASAN, lockdep) guest beside the
# other tiers on 2 cores: it needs about 25 minutes there, and was cut at
# 20 once the intermediate driver suites came.
#
# A UML 6.1 guest has been seen (once, in CI, on a saturated host) to stop
# dead: no console output and no hung-task, soft-lockup or RCU-stall report
# for the 18 minutes left of its (then) timeout. A guest kernel that deadlocks
# reports itself (soft lockups after 20 s, hung tasks within 240 s), so
# silence for $NN_UML_STALL seconds means the UML kernel is not running at
# all. The watchdog then sends a harmless mconsole command, whose SIGIO
# wakes a UML that is idling on a lost timer; if the console stays silent,
# it asks for the task states (sysrq w, sysrq t) for the record and kills
# UML. Returns 2 for a stall, 0 otherwise.
uml_boot() {
	local build=$1 log=$2 mode=$3 pid size last=-1 quiet=0 poked=0
	local stall=${NN_UML_STALL:-300} umid="nn-$mode-$$-$RANDOM"
	local rundir="$NN_CACHE/uml-run" con

	mkdir -p "$rundir"
	con="$rundir/$umid/mconsole"
	: >"$log"
	timeout --foreground "${NN_UML_TIMEOUT:-2700}" "$build/linux" mem=1536M \
		con=null con0=fd:0,fd:1 root=/dev/root rootfstype=hostfs \
		rootflags=/ ro init="$NN_ROOT/scripts/guest/uml-init.sh" \
		umid="$umid" uml_dir="$rundir" \
		${NN_KUNIT_FILTER:+kunit.filter_glob="$NN_KUNIT_FILTER"} \
		printk.devkmsg=on printk.time=1 log_buf_len=16M loglevel=7 oops=panic panic=-1 \
		nn_moddir="$build/net/netnotify" nn_version="$version" \
		nn_forge="$forge" nn_failnth="$failnth" nn_evfd="$evfd" \
		nn_ctl="$ctl" nn_mode="$mode" </dev/null >>"$log" 2>&1 &
	pid=$!
	while sleep 2 && kill -0 "$pid" 2>/dev/null; do
		size=$(stat -c %s "$log")
		if [ "$size" != "$last" ]; then
			last=$size
			quiet=0
			poked=0
			continue
		fi
		quiet=$((quiet + 2))
		if [ "$quiet" -ge "$stall" ] && [ "$poked" = 0 ]; then
			echo "netnotify-host: console silent for ${quiet}s; poking the mconsole" >>"$log"
			last=$(stat -c %s "$log")
			python3 "$NN_ROOT/scripts/umlcon.py" "$con" version >/dev/null 2>&1 || true
			poked=1
			quiet=0
		elif [ "$quiet" -ge 60 ] && [ "$poked" = 1 ]; then
			echo "netnotify-host: still silent; task states, then kill" >>"$log"
			python3 "$NN_ROOT/scripts/umlcon.py" "$con" sysrq w >/dev/null 2>&1 || true
			python3 "$NN_ROOT/scripts/umlcon.py" "$con" sysrq t >/dev/null 2>&1 || true
			sleep 5
			kill "$pid" 2>/dev/null || true
			pkill -CONT -P "$pid" || true
			sleep 5
			pkill -KILL -P "$pid" || true
			wait "$pid" 2>/dev/null || true
			rm -rf "${rundir:?}/$umid"
			return 2
		fi
	done
	wait "$pid" || true
	rm -rf "${rundir:?}/$umid"
	return 0
}

# run_uml <build> <log> <mode>: a boot, and up to two more while the guest
# stalls (the last stalled log is kept beside the new one as <log>.stalled).
# A stall costs about 6 minutes of the tier's time.
run_uml() {
	local log=$2 boot
	rm -f "$log.stalled"
	for boot in 1 2 3; do
		uml_boot "$@" && return
		[ "$boot" = 3 ] && return
		mv "$log" "$log.stalled"
		echo "UML $series ($3): the guest stalled, see $log.stalled; booting again"
	done
}

status=0
mkdir -p "$NN_CACHE/logs" "$NN_CACHE/results"
# The guest runs the forger from the host's root, as root (it drops to the
# test user itself: the cache may be in root's home, closed to others).
forge=$(nn_build_tool nnforge)
failnth=$(nn_build_tool nnfailnth)
evfd=$(nn_build_tool nnevfd)
ctl=$(nn_build_nnctl)
for series in $series_list; do
	src=$(nn_source_tree "$series")
	build=$(NN_KERNEL_TARGETS="linux modules" nn_kernel "$src" um defconfig \
		"$NN_ROOT"/scripts/uml/{common,"$series"}.config)
	log="$NN_CACHE/logs/kunit-uml-$series.log"
	nn_log "running UML $series (log: $log)"
	run_uml "$build" "$log" test
	python3 "$NN_ROOT/scripts/ktap.py" "$log" --tier "kunit UML $series" \
		--expect "$NN_SUITES" \
		--require "netnotify: guest run complete" \
		--out "$NN_CACHE/results/kunit-$series" || status=1

	# The report lockdep must make when cancel is called under a lock the
	# callback takes, from a thread and from another callback. Each
	# disables lockdep, hence a boot of its own.
	for mode in lockdep lockdep-inside; do
		log="$NN_CACHE/logs/kunit-uml-$series-$mode.log"
		nn_log "running UML $series, $mode report (log: $log)"
		run_uml "$build" "$log" "$mode"
		python3 "$NN_ROOT/scripts/ktap.py" "$log" \
			--tier "kunit UML $series, $mode report" \
			--expect "netnotify_${mode//-/_}" \
			--require "netnotify: guest run complete" \
			--require "possible circular locking dependency detected" \
			--require "netnotify_callback" \
			--allow "possible circular locking dependency" \
			--allow "Call Trace:" \
			--out "$NN_CACHE/results/kunit-$series-$mode" || status=1
	done
done
exit $status
