# SPDX-License-Identifier: GPL-2.0
# Fault injection in the guest: failslab and fail_page_alloc set up so that
# sleeping allocations fail too (by default they are never failed), and the
# suites that need more than the KUnit sweeps: loading netnotify with each
# of its allocations failed in turn, and allocations failing at random on
# the event path while a client mirrors the tables.

NN_FI=/sys/kernel/debug
NN_FI_ATTRS="failslab fail_page_alloc"
# What the "times" budget of an attribute starts at; what is left of it
# tells how many faults were injected.
NN_FI_TIMES=1000000

# fi_setup: every allocation may be failed, quietly (a stack dump for each
# injected fault would read as a report). Where the kernel can filter by
# call stack, kmemleak's records of allocations are left alone: their
# failure is harmless (kmemleak falls back to a pool), and failing them
# would double the points every sweep goes through.
fi_setup() {
	local a range
	range=$(fn_range kmemleak_alloc)
	for a in $NN_FI_ATTRS; do
		[ -d $NN_FI/$a ] || continue
		echo N >$NN_FI/$a/ignore-gfp-wait
		echo 0 >$NN_FI/$a/verbose
		if [ -e $NN_FI/$a/reject-start ] && [ -n "$range" ]; then
			set -- $range
			echo "$1" >$NN_FI/$a/reject-start
			echo "$2" >$NN_FI/$a/reject-end
		fi
	done
}

# fn_range <function>: the code of a kernel function, "0xstart 0xend" (up
# to the next higher symbol address), or nothing.
#
# One pass of awk, not sort: GNU sort reading /proc/kallsyms took 212 s in
# an idle UML 6.12 guest (sort of a tmpfs copy 0.6 s, this awk 0.4 s), and
# more on a loaded host, where uml.sh took the silent guest for a stalled
# one. The addresses are compared as strings (they are of equal width),
# never as numbers.
fn_range() {
	awk -v fn="$1" '
		$3 == fn && s == "" { s = $1 "" }
		{ a[NR] = $1 "" }
		END {
			if (s == "")
				exit
			for (i in a)
				if (a[i] > s && (n == "" || a[i] < n))
					n = a[i]
			if (n != "")
				printf "0x%s 0x%s", s, n
		}' /proc/kallsyms 2>/dev/null
}

# fi_filter <start> <end>: fail only allocations made with an address in
# [start, end) on the stack; fi_filter with no arguments lifts that.
fi_filter() {
	local a
	for a in $NN_FI_ATTRS; do
		echo "${1:-0}" >$NN_FI/$a/require-start
		echo "${2:-18446744073709551615}" >$NN_FI/$a/require-end
	done
}

# fi_random <percent>: fail that share of the allocations the filter lets
# through, from any task; 0 stops, and leaves the count for fi_injected.
fi_random() {
	local a
	for a in $NN_FI_ATTRS; do
		[ "$1" = 0 ] || echo "$NN_FI_TIMES" >$NN_FI/$a/times
		echo 0 >$NN_FI/$a/task-filter
		echo 1 >$NN_FI/$a/interval
		echo "$1" >$NN_FI/$a/probability
	done
}

# fi_injected: faults injected since fi_random last started.
fi_injected() {
	local a n=0
	for a in $NN_FI_ATTRS; do
		n=$((n + NN_FI_TIMES - $(cat $NN_FI/$a/times)))
	done
	echo $n
}

# The kernel can filter by call stack (x86 only) and fail the n-th point of
# a thread.
fi_can_filter() {
	[ -e $NN_FI/failslab/require-start ] && [ -e /proc/self/fail-nth ]
}

# hex_end <0xaddress> <size>: the address size bytes further, in hex; the
# shell's arithmetic is signed, so only the low 32 bits are added to (a
# module never straddles a 4 GiB boundary of the kernel's address space).
hex_end() {
	local hi=${1%????????} lo=${1#0x????????}
	printf '%s%08x' "$hi" $((0x$lo + $2))
}

# The code of a loaded module: [start, end) on one line.
module_range() {
	local size addr
	read -r _ size _ _ _ addr _ <<EOF
$(grep "^$1 " /proc/modules)
EOF
	echo "$addr $(hex_end "$addr" "$size")"
}

# Load netnotify with its n-th allocation failed, n = 1, 2, ... until a load
# gets through: every allocation of its init (the stack filter keeps the
# count to what runs under do_one_initcall) fails once. Each failed load
# must return -ENOMEM and leave no module, sysfs tree or memory behind
# (kmemleak scans at the end of the run); the netnotify after the sweep
# must work. It ends with netnotify loaded, as it started.
suite_fault_load() {
	local n=0 err=1 left=0 enomem=0 other= stale=0 loads=0
	suite_begin "$1" netnotify_fault_load
	if ! fi_can_filter; then
		skip "every allocation of a load failed once" "no fail-nth with a stack filter in this kernel"
		suite_end
		return
	fi
	check "unload" rmmod netnotify
	# A second namespace: a failure there unwinds the first one's set-up.
	ip netns add nn-fl
	ip -n nn-fl link add nn-fld type dummy
	fi_filter $(fn_range do_one_initcall)
	while [ "$left" = 0 ] && [ $n -lt 2000 ]; do
		n=$((n + 1))
		read -r err left <<EOF
$("$NN_FAILNTH" $n "$NN_MODDIR/netnotify.ko")
EOF
		case $err in
		0)
			loads=$((loads + 1))
			[ "$left" = 0 ] && rmmod netnotify
			;;
		12) enomem=$((enomem + 1)) ;;
		*) other="$other $err" ;;
		esac
		if [ "$err" != 0 ] && { [ -e /sys/module/netnotify ] || [ -e "$NN_SYSFS" ]; }; then
			stale=$((stale + 1))
		fi
	done
	fi_filter
	kmsg "    # $((n - 1)) injection points under netnotify's init: $enomem loads failed with -ENOMEM, $((loads - 1)) survived a failed allocation${other:+, other errors:$other}"
	check "the sweep ended with a load that met no fault" test "$left" != 0 -a "$err" = 0
	check "init has allocations to fail" test $n -gt 1
	check "every failed load returned -ENOMEM" test -z "$other"
	check "a failed load leaves no module and no sysfs tree" test $stale = 0
	check "the module loaded after the sweep works" file_is "$NN_SYSFS/live_handles" 0
	mark
	insmod "$NN_MODDIR/samples/netnotify_client.ko" interfaces=1 addresses=0 routes=0
	ip link add nn-fl0 type dummy
	check "and reports events" wait_log "ADD inet if=[0-9]+ name=nn-fl0" 20
	rmmod netnotify_client
	ip link del nn-fl0
	ip netns del nn-fl
	suite_end
}

# Allocations of netnotify's code (the stack filter: an address of its
# module on the stack) fail at random, from any task, while addresses,
# routes and links churn in two namespaces; the stress client keeps a
# mirror of each namespace's addresses and routes. Every failure on the
# event path must reach the mirrors as a RESYNC: once the injection stops
# and the queues drain, each mirror equals the Get table and what ip
# shows.
suite_fault_events() {
	local secs=${NN_FAULT_EVENTS_SECONDS:-40} faults range
	suite_begin "$1" netnotify_fault_events
	if ! fi_can_filter; then
		skip "faults on the event path surface as RESYNC" "no stack filter in this kernel"
		suite_end
		return
	fi
	stress_namespaces nn-fa nn-fb
	check "the stress client loads, mirrors only" \
		insmod "$NN_MODDIR/netnotify_stress.ko" mirror_ns=nn-fa,nn-fb churn=0
	range=$(module_range netnotify)
	fi_filter $range
	# 1%: a route table read makes a hundred allocations or more, and a
	# client must still get one through now and then.
	fi_random "${NN_FAULT_EVENTS_PERCENT:-1}"
	stress_churn_start nn-fa nn-fb
	sleep "$secs"
	# The churn stops first: the last changes are read with allocations
	# still failing, and nothing comes after them to wake netnotify.
	stress_churn_stop
	sleep 2
	fi_random 0
	fi_filter
	faults=$(fi_injected)
	kmsg "    # $faults allocations failed in ${secs}s of churn (netnotify's code at $range)"
	check "allocations failed on the event path" test "$faults" -gt 0
	check "stop" sh -c "echo stop >$NN_STRESS_DBG/control"
	# Nothing happens now: a failure netnotify kept to itself (or a
	# resynchronization that failed and was not retried) stays unseen.
	check "the mirrors caught up with no further event" \
		sh -c "echo compare >$NN_STRESS_DBG/control"
	check "with no mismatch" test "$(stress_report mirror_mismatches)" = 0
	stress_verify init nn-fa nn-fb
	check "the failures reached the mirrors as RESYNC" test "$(stress_report mirror_resyncs)" -gt 0
	check "the stress client unloads" rmmod netnotify_stress
	ip netns del nn-fa
	ip netns del nn-fb
	suite_end
}
