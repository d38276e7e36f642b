#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# make demo, inside the guest: load netnotify and the sample client, change
# interfaces with iproute2, and show what the client's callback was told
# after each step, plus the sysfs view. Lines for the host start "demo|".

cd "$(dirname "$0")" || exit 1
. ./lib.sh

say() {
	kmsg "demo| $*"
}

# step [-w seconds] <command>: run it, wait, then show what the client
# logged because of it.
step() {
	local wait=0.5
	if [ "$1" = -w ]; then
		wait=$2
		shift 2
	fi
	say ""
	say "\$ $*"
	mark
	sh -c "$*" >/tmp/demo.out 2>&1 || say "  (failed)"
	while read -r l; do
		say "  | $l"
	done </tmp/demo.out
	sleep "$wait"
	log_since | grep -v 'demo|' | sed -n -e 's/.*netnotify_\(client\|devices\|connect\|im\): /\1: /p' \
		-e 's/.*\(netnotify: .* refused to bring up .*\)/\1/p' |
		while read -r l; do
			say "  $l"
		done
}

# nnctl_news: what nnctl printed since the last look.
nnctl_shown=0
nnctl_news() {
	sleep 0.5
	tail -n +$((nnctl_shown + 1)) /tmp/nnctl.out | while read -r l; do
		say "  nnctl| $l"
	done
	nnctl_shown=$(wc -l </tmp/nnctl.out)
}

sysfs_view() {
	say ""
	say "sysfs view:"
	find /sys/kernel/netnotify -type f | sort | while read -r f; do
		say "  $f = $(cat "$f")"
	done
}

for ko in $NN_PRELOAD; do
	insmod "$ko"
done
client=/nn/samples/netnotify_client.ko
say "netnotify demo on Linux $(uname -r)"
step insmod /nn/netnotify.ko
step "ip link add demo0 type veth peer name demo1 && ip netns add peer && ip link set demo1 netns peer"
step insmod $client
step ip link set demo0 mtu 1400
step -w 1 "ip link set demo0 up && ip -n peer link set demo1 up"
step ip addr add 192.0.2.1/24 dev demo0
step -w 3 ip addr add 2001:db8::1/64 dev demo0
step "echo 1 > /proc/sys/net/ipv4/conf/demo0/forwarding"
sysfs_view
step rmmod netnotify_client
say ""
say "A stable-table request made while an address is still in DAD:"
step -w 3 "ip addr add 2001:db8::2/64 dev demo0 && insmod $client interfaces=0 addresses=0 stable=1"
step rmmod netnotify_client
say ""
say "Routes: a client registered for route changes only."
step insmod $client interfaces=0 addresses=0 routes=1
step ip route add 198.51.100.0/24 via 192.0.2.2
step ip route add 198.51.100.0/24 via 192.0.2.3 metric 10
step ip route replace 198.51.100.0/24 via 192.0.2.4
step ip route add 203.0.113.0/24 nexthop via 192.0.2.2 nexthop via 192.0.2.3
step "ip nexthop add id 7 via 192.0.2.5 dev demo0 && ip route add 100.64.0.0/10 nhid 7 table 100"
step ip nexthop replace id 7 via 192.0.2.6 dev demo0
step ip nexthop del id 7
step -w 1 ip link set demo0 down
step "echo 4 > /sys/module/netnotify_client/parameters/get_routes"
step rmmod netnotify_client
step ip link del demo0
say ""
say "Devices: a handle for every device, the present ones enumerated first."
devices=/nn/samples/netnotify_devices.ko
step insmod $devices
step ip link add demo2 type veth peer name demo3
step ip link set demo2 up
step "ip netns add far && ip link set demo3 netns far"
step "ip link set demo2 down && ip link set demo2 name demo4"
step ip link del demo4
step rmmod netnotify_devices
say ""
say "Unregistering from the callback, asynchronously, on the 3rd event;"
say "the context is freed in done, after the last callback."
step insmod $devices unregister_after=3
step "ip link add demo5 type dummy && ip link set demo5 up && ip link set demo5 down && ip link set demo5 up"
step ip link del demo5
step rmmod netnotify_devices
say ""
say "Connection notifyees: called before (PRE) and after (POST) each interface"
say "goes up or down. This one refuses to bring up guard* interfaces until it"
say "is allowed, and pairs each PRE with its POST through a context."
connect=/nn/samples/netnotify_connect.ko
step insmod $connect guard=guard
step ip link add guard0 type dummy
step ip link set guard0 up
step "echo 1 > /sys/module/netnotify_connect/parameters/allow"
step ip link set guard0 up
step ip link set guard0 down
step "ip link set guard0 up && ip link del guard0"
step "cd /sys/kernel/netnotify/handles/\$(cat /sys/module/netnotify_connect/parameters/notifyee_handle) && grep . kind pre_calls post_calls vetoes ignored_refusals"
step rmmod netnotify_connect
say ""
say "Connection event objects: nnctl registers an eventfd through netnotify's"
say "generic netlink family and prints a line each time it is signalled; a"
say "veth end is connected while it is up and its peer is up."
step "ip link add demo6 type veth peer name demo7 && ip link set demo6 up"
say ""
say "\$ nnctl wait-connection &"
"$NN_CTL" wait-connection >/tmp/nnctl.out 2>&1 &
nnctl_news
step "cat /sys/kernel/netnotify/netns/\$(stat -L -c %i /proc/self/ns/net)/connection_events"
step ip link set demo7 up
nnctl_news
step ip link set demo6 mtu 1400
nnctl_news
step ip link set demo7 down
nnctl_news
step "kill \$(pidof nnctl)"
nnctl_news
step ip link del demo6
say ""
say "Intermediate drivers: the sample initiates nnim0 over nnlow0 and nnim1 over"
say "nnlow1 at load. netnotify calls its initialize, which creates the device"
say "nnim<i> over the lower, only once the lower device exists and is up."
step insmod /nn/samples/netnotify_im.ko lower=nnlow0,nnlow1
im_inst=/sys/kernel/netnotify/handles/$(cat /sys/module/netnotify_im/parameters/driver_handle)/instances
step cat "$im_inst"
step "ip link add nnlow0 type dummy && ip link add nnlow1 type dummy && cat $im_inst"
step -w 1 ip link set nnlow0 up
step "ip -d link show nnim0 && cat $im_inst"
say ""
say "Before initialize begins, a cancel works: nnlow1 goes before it ever came"
say "up, and the driver cancels nnim1 (then initiates it again, to wait for"
say "the next nnlow1)."
step ip link del nnlow1
say ""
say "Once it has begun, cancel fails (-EBUSY, -16), and nothing changes:"
step "echo nnim0 > /sys/module/netnotify_im/parameters/cancel"
say ""
say "So when nnlow0 goes, the driver does what Windows intermediate drivers do:"
say "cancel; as that fails, wait for the initialize to finish, then"
say "de-initialize (halt), which removes nnim0; and wait for nnlow0 again."
step -w 1 ip link del nnlow0
step "ip link show nnim0; cat $im_inst"
step -w 1 "ip link add nnlow0 type dummy && ip link set nnlow0 up"
say ""
say "Unloading releases the driver: nnim0 is halted, nnim1 cancelled."
step rmmod netnotify_im
step ip link del nnlow0
step rmmod netnotify
say ""
say "demo complete"
