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
	sh -c "$*" || say "  (failed)"
	sleep "$wait"
	log_since | sed -n 's/.*netnotify_client: //p' | while read -r l; do
		say "  client: $l"
	done
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
step ip link del demo0
step rmmod netnotify
say ""
say "demo complete"
