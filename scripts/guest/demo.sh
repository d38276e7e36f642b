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

# Run one command, then show what the client logged because of it.
step() {
	say ""
	say "\$ $*"
	mark
	sh -c "$*" || say "  (failed)"
	sleep 0.5
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
say "netnotify demo on Linux $(uname -r)"
step insmod /nn/netnotify.ko
step insmod /nn/samples/netnotify_client.ko
step ip link add demo0 type dummy
step ip link set demo0 mtu 1400
step ip link set demo0 up
step "echo 1 > /proc/sys/net/ipv4/conf/demo0/forwarding"
sysfs_view
step ip netns add blue
step ip link set demo0 netns blue
step ip -n blue link set demo0 netns 1
step ip link del demo0
step rmmod netnotify_client
sysfs_view
step rmmod netnotify
say ""
say "demo complete"
