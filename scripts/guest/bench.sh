#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# make bench, inside the guest: every figure of the benchmark table, each
# beside its baseline measured in this boot, NN_BENCH_REPS times. Each
# repetition logs "bench| <figure> <series> <value>", each check
# "bench| check <name> ok|fail [detail]"; scripts/bench.py makes the table.
# NN_BENCH_SCALE divides every count of work (make bench passes 4 unless
# told otherwise; 1 for the counts as written below), not the number of
# handles; NN_BENCH_ONLY names the figures to run (the fig_* functions
# below, without the prefix).

cd "$(dirname "$0")" || exit 1
. ./lib.sh
. ./tests.sh

B=/sys/kernel/debug/netnotify_bench/cmd
reps=${NN_BENCH_REPS:-5}
div=${NN_BENCH_SCALE:-1}
# 100,000 route and 10,000 address operations: half of them adds.
routes=$((50000 / div))
addrs=$((5000 / div))
many=1024
fan_block=$((200000 / div))
fan_handles=64
cancels=$((10000 / div))
cancel_floor=$((1000 / div))
lat_samples=$((1000 / div))
namespaces=$((1000 / div))

out() { kmsg "bench| $*"; }

# verdict <name> <command...>: a check the host fails the run on.
verdict() {
	local name=$1
	shift
	if "$@"; then out "check $name ok"; else out "check $name fail"; fi
}

# bcmd <command...>: run a netnotify_bench command.
bcmd() {
	echo "$*" >$B 2>/dev/null || { kmsg "# bench: '$*' failed"; return 1; }
}

# bget <key>: a value of the last command's result.
bget() {
	awk -v k="$1" '$1 == k { print $2 }' $B
}

load() {
	insmod "$NN_MODDIR/netnotify.ko" "$@" &&
		insmod "$NN_MODDIR/netnotify_bench.ko"
}

unload() {
	rmmod netnotify_bench 2>/dev/null
	rmmod netnotify 2>/dev/null
}

# quiet: wait (up to 10 minutes) until netnotify has captured and delivered
# nothing new for a second.
quiet() {
	local i=0 last="" cur
	[ -d $NN_SYSFS ] || return 0
	while [ $i -lt 600 ]; do
		cur=$(cat $NN_SYSFS/events_captured $NN_SYSFS/events_delivered \
			$NN_SYSFS/events_dropped)
		[ "$cur" = "$last" ] && return 0
		last=$cur
		sleep 1
		i=$((i + 1))
	done
	return 1
}

# batch <file> <op> <count> <first>: routes 10.x.y.z/32 via nnb0, from the
# first-th on.
route_batch() {
	awk -v op="$2" -v n="$3" -v f="$4" 'BEGIN {
		for (i = f; i < f + n; i++)
			printf "route %s 10.%d.%d.%d/32 dev nnb0\n", op,
				int(i / 65536) % 256, int(i / 256) % 256, i % 256
	}' >"$1"
}

# addr_batch <file> <op> <count>: half IPv4, half IPv6 addresses on nnb1.
addr_batch() {
	awk -v op="$2" -v n="$3" 'BEGIN {
		for (i = 0; i < n / 2; i++) {
			printf "address %s 172.%d.%d.%d/32 dev nnb1\n", op,
				16 + int(i / 65536), int(i / 256) % 256, i % 256
			printf "address %s 2001:db8::%x/128 dev nnb1 nodad\n", op, i + 1
		}
	}' >"$1"
}

# timed <file>: run an ip batch, print the seconds it took. A batch that
# failed (ip stops at the first error) fails the run: its time is not the
# figure's.
timed() {
	local t0
	t0=$(now)
	ip -batch "$1" >/dev/null 2>&1 || out "check batch_${1##*/} fail"
	elapsed "$t0"
}

# divide <numerator> <denominator>: the integer quotient, or a failing check
# (dash ends the script on a division by zero).
divide() {
	if [ "${2:-0}" -gt 0 ]; then
		echo $(($1 / $2))
	else
		out "check nonzero_divisor fail"
		echo 0
	fi
}

# --- 1. RTNL path -----------------------------------------------------------

# rtnl_config <name>: set up one configuration; the module is unloaded
# before each.
rtnl_config() {
	case $1 in
	unloaded) verdict "rtnl_unloaded" test ! -d $NN_SYSFS ;;
	# Any rtnetlink listener, for comparison: a process reading it all.
	monitor)
		verdict "rtnl_unloaded" test ! -d $NN_SYSFS
		ip monitor link address route >/dev/null 2>&1 &
		# Subscribed before the batch starts.
		sleep 1
		;;
	loaded) load ;;
	one) load && bcmd handles 1 iar ;;
	many) load && bcmd handles "$many" iar ;;
	esac
}

fig_rtnl() {
	local rep cfg slab0 slab1 t
	route_batch /tmp/rt-add add "$routes" 0
	route_batch /tmp/rt-del del "$routes" 0
	addr_batch /tmp/ad-add add "$addrs"
	addr_batch /tmp/ad-del del "$addrs"
	kmsg "# bench: RTNL path, $routes routes and $addrs addresses, $reps repetitions"
	for rep in $(seq "$reps"); do
		for cfg in ${NN_BENCH_RTNL:-unloaded monitor loaded one many}; do
			rtnl_config $cfg || out "check rtnl_$cfg fail load"
			quiet
			t=$(timed /tmp/ad-add)
			t=$(awk -v a="$t" -v b="$(timed /tmp/ad-del)" 'BEGIN { print a + b }')
			out "rtnl_addr $cfg $t"
			quiet
			slab0=$(meminfo_kb Slab)
			t=$(timed /tmp/rt-add)
			quiet
			slab1=$(meminfo_kb Slab)
			t=$(awk -v a="$t" -v b="$(timed /tmp/rt-del)" 'BEGIN { print a + b }')
			out "rtnl_route $cfg $t"
			out "route_slab_bytes $cfg $(divide $(((slab1 - slab0) * 1024)) "$routes")"
			quiet
			[ -d $NN_SYSFS ] && kmsg "# bench: $cfg: $(cat $NN_SYSFS/events_dropped) events dropped, $(cat $NN_SYSFS/resyncs) RESYNC, $(cat $NN_SYSFS/overruns) overruns"
			unload
			[ $cfg = monitor ] && kill $! && wait $! 2>/dev/null
		done
	done
	verdict rtnl_routes_back test "$(ip -4 route show dev nnb0 | wc -l)" -le 1
}

# --- 2. latency, 3. cancel ---------------------------------------------------

fig_latency_cancel() {
	local rep
	load
	kmsg "# bench: latency, $lat_samples MTU changes; cancel, $cancels pairs against $cancel_floor"
	for rep in $(seq "$reps"); do
		bcmd latency nnb2 "$lat_samples"
		out "latency_p50 netnotify $(bget nn_p50_ns)"
		out "latency_p50 floor $(bget floor_p50_ns)"
		out "latency_p99 netnotify $(bget nn_p99_ns)"
		out "latency_p99 floor $(bget floor_p99_ns)"
		out "latency_p50 unbound $(bget unbound_p50_ns)"
		out "latency_p99 unbound $(bget unbound_p99_ns)"
		verdict latency_samples test "$(bget samples)" = "$lat_samples"
		bcmd cancel "$cancels"
		out "cancel netnotify $(bget ns_per_pair)"
		bcmd cancel_floor "$cancel_floor"
		out "cancel floor $(bget ns_per_pair)"
	done
	unload
}

# --- 6. memory --------------------------------------------------------------

fig_memory() {
	local rep
	load
	for rep in $(seq "$reps"); do
		memory_rep
	done
	unload
	# The same handles without their sysfs directories.
	verdict memory_nodirs_load load handle_dirs=0
	for rep in $(seq "$reps"); do
		handle_rep nodirs
	done
	unload
}

# slab_settle <seconds>: wait that long for what was released to be
# freed (kfree_rcu() batches frees for about 5 s), then shrink the caches
# until their bytes in use stop falling: a free object in a per-CPU slab
# counts as in use in /proc/slabinfo until its cache is shrunk.
slab_settle() {
	local i=0 last="" cur f
	sleep "$1"
	while [ $i -lt 15 ]; do
		for f in /sys/kernel/slab/*/shrink; do
			echo 1 >"$f"
		done 2>/dev/null
		cur=$(slab_bytes | slab_total)
		[ -n "$last" ] && [ "$cur" -ge "$last" ] && return 0
		last=$cur
		sleep 1
		i=$((i + 1))
	done
}

# slab_bytes: "<cache> <bytes in use>" per slab cache (slab_nomerge keeps
# them apart).
slab_bytes() {
	awk 'NR > 2 { print $1, $2 * $4 }' /proc/slabinfo
}

# slab_total: the bytes in use of slab_bytes' output, summed.
slab_total() {
	awk '{ s += $2 } END { print s }' "$@"
}

# slab_growth <before> <after> <count>: the caches that grew by at least a
# byte per object, largest first, as "<cache> <bytes per object>".
slab_growth() {
	awk -v n="$3" 'NR == FNR { b[$1] = $2; next }
		{ d = int(($2 - b[$1]) / n); if (d > 0) print d, $1 }' "$1" "$2" |
		sort -rn | head -8 | awk '{ printf "%s %s B; ", $2, $1 }'
}

# handle_rep <label>: the growth of 3 x $many handles, per handle, in
# bytes of slab objects in use. (The Slab counter counts pages, and would
# count less than a handle costs while it fills slabs left partly free.)
handle_rep() {
	local slab0 slab1 n=$((many * 3))
	# One route handle first, so that its cache is not counted.
	bcmd handles 1 r
	slab_settle 6
	slab_bytes >/tmp/slab0
	bcmd handles "$many" iar
	slab_settle 0
	slab_bytes >/tmp/slab1
	slab0=$(slab_total /tmp/slab0)
	slab1=$(slab_total /tmp/slab1)
	out "handle_bytes $1 $(divide $((slab1 - slab0)) "$n")"
	kmsg "# bench: per handle ($1), by slab cache: $(slab_growth /tmp/slab0 /tmp/slab1 "$n")"
	[ "$1" = nodirs ] && verdict memory_nodirs_none \
		test -z "$(ls -A "$NN_SYSFS/handles")" -a "$(cat "$NN_SYSFS/live_handles")" -gt "$n"
	bcmd release
}

memory_rep() {
	local slab0 slab1 h queued=0 q base
	handle_rep netnotify
	slab_settle 6
	# Queued events: the slab growth of 4,001 route inserts with 16 more
	# route handles whose first callback blocks (so 4,000 events queue on
	# each, 64,000 in all, against a Slab counter in KiB), less the growth
	# of the same inserts without them.
	bcmd handles 1 r
	route_batch /tmp/mem-add add 4001 0
	route_batch /tmp/mem-del del 4001 0
	quiet
	slab0=$(meminfo_kb Slab)
	ip -batch /tmp/mem-add
	quiet
	slab1=$(meminfo_kb Slab)
	base=$((slab1 - slab0))
	ip -batch /tmp/mem-del
	bcmd block 16
	quiet
	slab0=$(meminfo_kb Slab)
	ip -batch /tmp/mem-add
	quiet
	slab1=$(meminfo_kb Slab)
	for h in $NN_SYSFS/handles/*; do
		q=$(cat "$h"/queued)
		queued=$((queued + q))
	done
	out "queued_event_bytes netnotify $(divide $(((slab1 - slab0 - base) * 1024)) "$queued")"
	kmsg "# bench: $queued events queued"
	bcmd release
	ip -batch /tmp/mem-del
}

# --- 5. fan-out, 4. table ------------------------------------------------------

fig_fanout_table() {
	local rep t want adds
	load
	bcmd handles $fan_handles r
	quiet
	bcmd zero
	kmsg "# bench: fan-out, $reps blocks of $fan_block route inserts to $fan_handles handles"
	for rep in $(seq "$reps"); do
		route_batch /tmp/fan-add add "$fan_block" $(((rep - 1) * fan_block))
		t=$(timed /tmp/fan-add)
		bcmd mark
		want=$((rep * fan_block * fan_handles))
		quiet
		bcmd counters
		adds=$(bget adds)
		out "fanout_tail netnotify $(awk -v t="$t" -v n="$(bget tail_ns)" 'BEGIN { print (t > 0) ? n / 1e9 / t : 0 }')"
		out "fanout_insert_s netnotify $t"
		verdict fanout_every_event test "$adds" = "$want" -a "$(bget resyncs)" = 0
		[ "$adds" = "$want" ] || kmsg "# bench: $adds ADD of $want, $(bget resyncs) RESYNC"
	done
	bcmd release
	kmsg "# bench: table, $(ip -4 route show table all | wc -l) IPv4 routes"
	for rep in $(seq "$reps"); do
		bcmd table
		out "table netnotify $(bget ns)"
		verdict table_rows test "$(bget rows)" = "$("$NN_DUMP" | awk '$1 == "rows" { print $2 }')"
		out "table dump $("$NN_DUMP" | awk '$1 == "ns" { print $2 }')"
	done
	unload
	# Deleting the device flushes its million routes at once.
	ip link del nnb0 && ip link add nnb0 type dummy && ip link set nnb0 up
}

# --- where the time goes (NN_BENCH_ONLY=profile; not in the default run) ----

# profile_start / profile_stop: sample every CPU in between (cpu-clock:
# QEMU without KVM has no PMU), into /tmp/perf.data.
profile_start() {
	perf record -q -a -B -N -e cpu-clock -F 997 -o /tmp/perf.data \
		>/dev/null 2>&1 &
	NN_PERF=$!
	# perf has opened its events before its first sample.
	sleep 2
}

profile_stop() {
	kill -INT "$NN_PERF"
	wait "$NN_PERF" 2>/dev/null
}

# perf_top <label> <sort> <lines>: the last recording's top entries, to the
# log as "# profile <label>: ..." lines.
perf_top() {
	perf report -i /tmp/perf.data --stdio --no-children --sort "$2" \
		--percent-limit 0.5 2>/dev/null | grep -v '^#' | grep -v '^$' |
		head -n "$3" | while read -r line; do
		kmsg "# profile $1: $line"
	done
}

# profile_batch <label> <batch> <lines by function>: profile one ip batch
# and netnotify's delivery of its events.
profile_batch() {
	quiet
	profile_start
	kmsg "# profile $1: $(timed "$2") s"
	quiet
	profile_stop
	perf_top "$1" comm,dso 12
	if [ "$3" -gt 0 ]; then perf_top "$1" sym "$3"; fi
}

# Where the CPU time goes while the RTNL figure's batches run and netnotify
# delivers their events (unloaded, one handle of each kind, 1,024 of each),
# and while the table of fig_fanout_table's size is read and dumped: by task
# and module, then by function.
fig_profile() {
	local cfg n=$((1000000 / div))
	if ! command -v perf >/dev/null; then
		out "check perf_present fail"
		return
	fi
	route_batch /tmp/rt-add add "$routes" 0
	route_batch /tmp/rt-del del "$routes" 0
	addr_batch /tmp/ad-add add "$addrs"
	addr_batch /tmp/ad-del del "$addrs"
	for cfg in unloaded one many; do
		rtnl_config $cfg || out "check profile_$cfg fail load"
		profile_batch "routes $cfg" /tmp/rt-add 25
		timed /tmp/rt-del >/dev/null
		profile_batch "addresses $cfg" /tmp/ad-add 0
		timed /tmp/ad-del >/dev/null
		quiet
		unload
	done
	route_batch /tmp/pr-add add "$n" 0
	timed /tmp/pr-add >/dev/null
	load
	profile_start
	bcmd table
	profile_stop
	kmsg "# profile table: $(bget rows) rows in $(bget ns) ns"
	perf_top table sym 25
	profile_start
	kmsg "# profile dump: $("$NN_DUMP" | tr '\n' ' ')"
	profile_stop
	perf_top dump sym 12
	unload
	ip link del nnb0 && ip link add nnb0 type dummy && ip link set nnb0 up
	verdict profile_done true
}

# --- 7. scale -----------------------------------------------------------------

# netns_count: allocated network namespaces. slab_nomerge keeps their cache
# apart; a shrink first returns the CPUs' cached free objects, which
# slabinfo would count as in use.
netns_count() {
	echo 1 >/sys/kernel/slab/net_namespace/shrink
	awk '$1 == "net_namespace" { print $2 }' /proc/slabinfo
}

# netns_freed <start> <count>: wait until no more than count namespaces
# are allocated, or, since one may linger on a reference that outlives its
# deletion, until the count has not changed for 5 seconds (a cleanup batch
# frees its namespaces only at its end); print the seconds from start to
# the last change.
netns_freed() {
	local t0=$1 last t n still=0 i=0
	last=$(netns_count)
	t=$(now)
	while [ "$last" -gt "$2" ] && [ $still -lt 50 ] && [ $i -lt 3000 ]; do
		sleep 0.1
		n=$(netns_count)
		if [ "$n" = "$last" ]; then
			still=$((still + 1))
		else
			still=0
			last=$n
			t=$(now)
		fi
		i=$((i + 1))
	done
	elapsed "$t0" "$t"
}

# netns_cycle <label>: create the namespaces in NN_BENCH_REPS batches, then
# delete them the same way, timing each batch; a deletion counts until the
# kernel has freed the namespaces. In between, with netnotify loaded, 10
# handles in each namespace, and addresses and routes churned in 10 of
# them.
netns_cycle() {
	local label=$1 i rep per n0 t0 adds
	per=$(divide "$namespaces" "$reps")
	n0=$(netns_count)
	for rep in $(seq "$reps"); do
		for i in $(seq $(((rep - 1) * per + 1)) $((rep * per))); do
			echo "netns add nsb$i"
		done >/tmp/ns-add
		out "netns_create $label $(timed /tmp/ns-add)"
	done
	if [ "$label" = netnotify ]; then
		for i in $(seq $((reps * per))); do
			bcmd netns 3 10 iar 3</run/netns/nsb$i
		done
		bcmd counters
		verdict scale_handles test "$(bget handles)" = $((reps * per * 10))
		adds=$(bget adds)
		for i in $(seq 10); do
			ip -n nsb$i link set lo up
			ip -n nsb$i -batch /tmp/ns-churn-add
			ip -n nsb$i -batch /tmp/ns-churn-del
		done
		quiet
		bcmd counters
		# Each of the 10: 3 address handles see 100 addresses added, 3
		# route handles at least 100 routes.
		verdict scale_events test $(($(bget adds) - adds)) -ge 6000
	fi
	for rep in $(seq "$reps"); do
		for i in $(seq $(((rep - 1) * per + 1)) $((rep * per))); do
			echo "netns del nsb$i"
		done >/tmp/ns-del
		t0=$(now)
		ip -batch /tmp/ns-del >/dev/null 2>&1
		out "netns_delete $label $(netns_freed "$t0" $((n0 + (reps - rep) * per)))"
	done
	# What the kernel still holds, for fig_scale. A batch can stay
	# unfreed for more than the 5 seconds above with or without netnotify
	# (seen: 49 of 50 left unloaded, and in another run 46 with
	# netnotify), so a leak is judged after up to a minute's wait.
	i=0
	while [ "$(netns_count)" -gt "$n0" ] && [ $i -lt 600 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	left=$(($(netns_count) - n0))
}

fig_scale() {
	local left base
	awk 'BEGIN { for (i = 0; i < 100; i++) {
		printf "address add 192.0.2.%d/32 dev lo\n", i + 1
		printf "route add 198.51.100.%d/32 dev lo\n", i + 1 } }' >/tmp/ns-churn-add
	sed 's/ add / del /' /tmp/ns-churn-add >/tmp/ns-churn-del
	kmsg "# bench: scale, $namespaces namespaces, 10 handles each"
	netns_cycle unloaded
	base=$left
	load
	netns_cycle netnotify
	kmsg "# bench: namespaces still allocated after deletion: $base unloaded, $left with netnotify"
	verdict scale_netns_freed test "$left" -le "$base"
	bcmd release
	unload
	verdict scale_no_lockup sh -c "! dmesg | grep -Eq 'soft lockup|rcu.*stall|hung_task|BUG:|WARNING:'"
}

for ko in $NN_PRELOAD; do
	insmod "$ko" || kmsg "# preloading $ko failed"
done
ip link add nnb0 type dummy && ip link set nnb0 up
ip link add nnb1 type dummy && ip link set nnb1 up
ip link add nnb2 type dummy && ip link set nnb2 up
kmsg "# bench: $(nproc) CPUs, $(uname -r), repetitions $reps, scale 1/$div"
for fig in ${NN_BENCH_ONLY:-latency_cancel memory rtnl fanout_table scale}; do
	fig_$fig
done
kmsg "netnotify: guest run complete"
