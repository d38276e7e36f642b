# SPDX-License-Identifier: GPL-2.0
# The stress run, inside the guest: netnotify_stress.ko registers and
# cancels handles of every kind from two threads and from callbacks, cancels
# stale and random values, and mirrors the addresses and routes of three
# namespaces; meanwhile the shell churns links, addresses and routes,
# creates and deletes namespaces (with live handles in them) and loads and
# unloads the sample client. Then the invariants: no callback after cancel,
# every mirror equal to the Get table and to what ip shows, memory back
# where it started.

NN_STRESS_DBG=/sys/kernel/debug/netnotify_stress
NN_STRESS_FLAG=/tmp/nn-stress-run

# stress_report <name>: a figure of the stress client.
stress_report() {
	sed -n "s/^$1 //p" $NN_STRESS_DBG/report
}

# stress_namespaces <ns...>: namespaces with two dummy links, up.
stress_namespaces() {
	local ns
	for ns in "$@"; do
		ip netns add "$ns"
		ip -n "$ns" link set lo up
		ip -n "$ns" link add nn-s0 type dummy
		ip -n "$ns" link add nn-s1 type dummy
		ip -n "$ns" link set nn-s0 up
		ip -n "$ns" link set nn-s1 up
		ip -n "$ns" addr add 10.90.0.1/24 dev nn-s0
		ip -n "$ns" addr add 2001:db8:90::1/64 dev nn-s0 nodad
	done
}

# One churn loop per namespace: addresses of both families come and go,
# routes through them come and go (some go with their address or link,
# silently), a link comes and goes with its own, MTUs and link states
# change.
stress_churn_ns() {
	local ns=$1 i=0
	while [ -e $NN_STRESS_FLAG ]; do
		i=$(((i + 1) % 50))
		ip -force -n "$ns" -batch - <<EOF
addr add 10.91.$i.1/24 dev nn-s1
addr add 2001:db8:91:$i::1/64 dev nn-s1 nodad
route add 10.92.$i.0/24 via 10.91.$i.2
route add 2001:db8:92:$i::/64 via 2001:db8:91:$i::2
route add 10.93.$i.0/24 dev nn-s0 metric $((i + 10))
link set nn-s0 mtu $((1300 + i))
link add nn-s2 type dummy
link set nn-s2 up
addr add 10.94.$i.1/24 dev nn-s2
route add 10.95.$i.0/24 via 10.94.$i.2
link set nn-s1 down
link set nn-s1 up
addr del 10.91.$((i / 2)).1/24 dev nn-s1
route del 10.93.$i.0/24 dev nn-s0 metric $((i + 10))
link del nn-s2
addr del 2001:db8:91:$((i / 3))::1/64 dev nn-s1
EOF
	done 2>/dev/null
}

# stress_churn_start <ns...>: churn in each namespace and in init_net.
stress_churn_start() {
	local ns
	touch $NN_STRESS_FLAG
	for ns in "$@"; do
		stress_churn_ns "$ns" &
	done
	(while [ -e $NN_STRESS_FLAG ]; do
		ip link add nn-si0 type dummy
		ip addr add 10.96.0.1/24 dev nn-si0
		ip link set nn-si0 up
		ip route add 10.97.0.0/16 via 10.96.0.2
		ip link del nn-si0
	done) 2>/dev/null &
}

stress_churn_stop() {
	rm -f $NN_STRESS_FLAG
	wait
}

# Namespaces made and destroyed with handles in them (the stress client
# registers in whatever namespaces exist), and the sample client loaded and
# unloaded with live handles in another.
stress_lifecycles() {
	local i=0
	while [ -e $NN_STRESS_FLAG ]; do
		i=$((i + 1))
		ip netns add nn-sx$i
		ip -n nn-sx$i link add nn-x type dummy
		ip -n nn-sx$i addr add 10.98.0.1/24 dev nn-x
		ip -n nn-sx$i link set nn-x up
		sleep 1
		ip netns exec "$1" insmod "$NN_MODDIR/samples/netnotify_client.ko" \
			interfaces=0 addresses=0 routes=1 slow_routes=1 stable=1 quiet=1
		ip netns del nn-sx$i
		sleep 1
		rmmod netnotify_client
		echo $i >/tmp/nn-stress-lifecycles
	done 2>/dev/null
}

# ip_rows <ns>: the address and route rows ip shows in a namespace ("init"
# for init_net), in the format of the stress client's mirrors file:
# "<ns> addr <ifindex> <addr>/<len>" and "<ns> route <table> <dst>/<len>
# <ifindex>", sorted.
ip_rows() {
	local name=$1 nsarg=
	[ "$1" != init ] && nsarg="-n $1"
	{
		ip $nsarg -o link show | sed 's/^\([0-9]*\): \([^:@]*\).*/link \2 \1/'
		ip $nsarg -o addr show | awk '{ sub(":", "", $1); print "addr", $1, $4 }'
		ip $nsarg -4 -o route show table all | sed 's/^/route4 /'
		ip $nsarg -6 -o route show table all | sed 's/^/route6 /'
	} | awk -v ns="$name" '
	$1 == "link" { idx[$2] = $3; next }
	$1 == "addr" { print ns, "addr", $2, $3; next }
	{
		fam = $1; i = 2
		if ($i ~ /^(unicast|local|broadcast|multicast|anycast|unreachable|blackhole|prohibit|throw|nat)$/) i++
		dst = $i
		if (dst == "default") dst = (fam == "route4") ? "0.0.0.0/0" : "::/0"
		if (dst !~ /\//) dst = dst ((fam == "route4") ? "/32" : "/128")
		table = 254; dev = ""
		for (; i <= NF; i++) {
			if ($i == "table") table = $(i + 1)
			if ($i == "dev") dev = $(i + 1)
		}
		if (table == "main") table = 254
		if (table == "local") table = 255
		if (table == "default") table = 253
		print ns, "route", table, dst, (dev == "" ? 0 : idx[dev])
	}' | sort
}

# stress_verify <ns...>: markers in every mirrored namespace (the mirrors
# have settled once they saw them: callbacks arrive in order), then
# "verify": each mirror against the Get table, in the client; and each
# mirror against ip, here.
stress_verify() {
	local ns nsarg bad=0
	for ns in "$@"; do
		nsarg=
		[ "$ns" != init ] && nsarg="-n $ns"
		ip $nsarg link add nn-mk type dummy
		ip $nsarg link set nn-mk up
		ip $nsarg addr add 198.51.100.1/32 dev nn-mk
		ip $nsarg addr add 2001:db8:ffff::1/128 dev nn-mk nodad
		ip $nsarg route add 198.51.100.128/25 dev nn-mk
	done
	check "verify ran" sh -c "echo verify >$NN_STRESS_DBG/control"
	check "every mirror settled" test "$(stress_report mirrors_settled)" = "$(stress_report mirrors)"
	check "every mirror equals the Get table" test "$(stress_report mirror_mismatches)" = 0
	check "every mirror could re-read its table" test "$(stress_report mirror_errors)" = 0
	check "no mirror gave up re-reading" test "$(stress_report mirror_stale)" = 0
	for ns in "$@"; do
		grep "^$ns " $NN_STRESS_DBG/mirrors | sort >/tmp/nn-mirror
		ip_rows "$ns" >/tmp/nn-ip
		# Two empty lists would compare equal: the marker must be in.
		grep -q " 198.51.100.1/32\$" /tmp/nn-mirror || bad=$((bad + 1))
		if ! cmp -s /tmp/nn-mirror /tmp/nn-ip; then
			bad=$((bad + 1))
			kmsg "    # $ns: the mirror ($(wc -l </tmp/nn-mirror) rows) and ip ($(wc -l </tmp/nn-ip) rows) differ:"
			diff /tmp/nn-mirror /tmp/nn-ip | grep '^[-+][^-+]' | head -10 |
				while read -r l; do kmsg "    #   $l"; done
		fi
	done
	check "every mirror equals what ip shows" test $bad = 0
	for ns in "$@"; do
		nsarg=
		[ "$ns" != init ] && nsarg="-n $ns"
		ip $nsarg link del nn-mk
	done
}

# Slab memory in kB, after the kernel has freed what it can: caches
# dropped, every slab cache shrunk (which also empties KASAN's quarantine
# of freed objects, counted as slab until then).
slab_kb() {
	local f
	sync
	echo 3 >/proc/sys/vm/drop_caches
	for f in /sys/kernel/slab/*/shrink; do
		echo 1 >"$f"
	done 2>/dev/null
	sed -n 's/^Slab: *\([0-9]*\) kB/\1/p' /proc/meminfo
}

# suite_stress <number> <minutes>
suite_stress() {
	local minutes=$2 slab0 slab1 f n lives limit
	suite_begin "$1" netnotify_stress
	if [ "${minutes:-0}" = 0 ]; then
		skip "invariants hold under stress" "no stress run on this tier"
		suite_end
		return
	fi
	slab0=$(slab_kb)
	stress_namespaces nn-sa nn-sb
	# Short queues: busy handles overflow and must recover by RESYNC.
	limit=$(cat /sys/module/netnotify/parameters/queue_limit)
	echo 8 >/sys/module/netnotify/parameters/queue_limit
	check "the stress client loads" \
		insmod "$NN_MODDIR/netnotify_stress.ko" mirror_ns=nn-sa,nn-sb
	stress_churn_start nn-sa nn-sb
	stress_lifecycles nn-sb &
	kmsg "    # stressing for $minutes minute(s)"
	sleep $((minutes * 60))
	stress_churn_stop
	lives=$(cat /tmp/nn-stress-lifecycles 2>/dev/null)
	rmmod netnotify_client 2>/dev/null
	check "the threads stop, every churn handle is cancelled" \
		sh -c "echo stop >$NN_STRESS_DBG/control"
	stress_verify init nn-sa nn-sb
	kmsg "    # figures: namespaces made and destroyed ${lives:-0}, client loads ${lives:-0}"
	while read -r f n; do
		kmsg "    # figures: $f $n"
	done <$NN_STRESS_DBG/report
	check "no callback after cancel returned" test "$(stress_report callbacks_after_cancel)" = 0
	check "no stale or random value was cancelled" test "$(stress_report stale_cancel_succeeded)" = 0
	check "no undocumented error, no callback in a wrong context" test "$(stress_report errors)" = 0
	for f in interface address route stable; do
		check "$f handles registered and cancelled" test "$(stress_report registrations_$f)" -gt 0
	done
	check "handles cancelled from their own callbacks" test "$(stress_report self_cancels)" -gt 0
	check "handles registered from callbacks" test "$(stress_report callback_registrations)" -gt 0
	check "queues overflowed and recovered by RESYNC" test "$(stress_report resyncs)" -gt 0
	check "namespaces made and destroyed with live handles" test "${lives:-0}" -gt 0
	check "the stress client unloads" rmmod netnotify_stress
	echo "$limit" >/sys/module/netnotify/parameters/queue_limit
	check "no handle is left" file_is "$NN_SYSFS/live_handles" 0
	for f in $(ip netns list | grep -o '^nn-s[^ ]*'); do
		ip netns del "$f"
	done
	# Dismantled namespaces are freed later, by cleanup_net.
	sleep 5
	slab1=$(slab_kb)
	kmsg "    # slab: ${slab0} kB before, ${slab1} kB after"
	check "slab memory back to where it started (within 1 MiB)" \
		test $((slab1 - slab0)) -lt 1024
	suite_end
}
