# SPDX-License-Identifier: GPL-2.0
# Shell suites, run inside the guest after the KUnit suites. They drive the
# real module binaries with iproute2 and the sample client and judge from
# sysfs and the kernel log. Each is a function taking its KTAP number.
#
# $NN_MODDIR holds netnotify.ko, netnotify_selftest.ko and
# netnotify_client.ko.

NN_SHELL_SUITES="suite_warnings suite_client suite_client_netns suite_client_unload"
NN_SHELL_SUITES="$NN_SHELL_SUITES suite_client_routes suite_client_forge"
NN_SHELL_SUITES="$NN_SHELL_SUITES suite_devices suite_devices_unload"
NN_SHELL_SUITES="$NN_SHELL_SUITES suite_connect suite_connect_unload"
NN_SHELL_SUITES="$NN_SHELL_SUITES suite_im"

# What the KUnit suites made netnotify print.
suite_warnings() {
	local f
	suite_begin "$1" netnotify_warnings
	for f in __netnotify_ip_interface_change netnotify_cancel; do
		check "$f: wrong context warned once, naming the caller" \
			test "$(dmesg | grep -c "$f() called from atomic context by nnt_")" = 1
	done
	suite_end
}

# client_param <name>: a parameter of the loaded sample client.
client_param() {
	cat "/sys/module/netnotify_client/parameters/$1" 2>/dev/null
}

# The sample client logs every callback; an iproute2 scenario in init_net.
suite_client() {
	local h a
	suite_begin "$1" netnotify_client
	mark
	check "client loads and registers" insmod "$NN_MODDIR/samples/netnotify_client.ko"
	h=$(client_param iface_handle)
	a=$(client_param addr_handle)
	check "initial notification logged" wait_log "handle $h: INITIAL"
	check "sysfs: kind" file_is "$NN_SYSFS/handles/$h/kind" ip_interface
	check "sysfs: family" file_is "$NN_SYSFS/handles/$h/family" unspec
	check "sysfs: owner" file_is "$NN_SYSFS/handles/$h/owner" netnotify_client
	check "sysfs: state" file_is "$NN_SYSFS/handles/$h/state" active
	check "sysfs: netns" file_is "$NN_SYSFS/handles/$h/netns" \
		"$(readlink /proc/self/ns/net | tr -dc 0-9)"

	mark
	ip link add nn-dum0 type dummy
	check "ADD inet on ip link add" wait_log "handle $h: ADD inet if=[0-9]+ name=nn-dum0 mtu=1500"
	check "ADD inet6 on ip link add" wait_log "handle $h: ADD inet6 if=[0-9]+ name=nn-dum0"
	mark
	ip link set nn-dum0 mtu 1400
	check "PARAMETER on mtu change" wait_log "handle $h: PARAMETER inet if=[0-9]+ name=nn-dum0 mtu=1400"
	mark
	ip link set nn-dum0 up
	check "PARAMETER on link up" wait_log "handle $h: PARAMETER inet .*name=nn-dum0 .*up=1 carrier=1 connected=1"
	mark
	ip link set nn-dum0 down
	check "PARAMETER on link down" wait_log "handle $h: PARAMETER inet .*name=nn-dum0 .*up=0"
	mark
	echo 1 >/proc/sys/net/ipv4/conf/nn-dum0/forwarding
	check "PARAMETER on forwarding" wait_log "handle $h: PARAMETER inet .*name=nn-dum0 .*forwarding=1"
	mark
	ip addr add 192.0.2.1/24 dev nn-dum0
	check "address ADD" wait_log "handle $a: ADD inet if=[0-9]+ addr=192.0.2.1/24 dad=preferred"
	check "sysfs: address handle kind" file_is "$NN_SYSFS/handles/$a/kind" unicast_address
	mark
	ip addr change 192.0.2.1/24 dev nn-dum0 valid_lft 300 preferred_lft 300
	check "address PARAMETER on lifetime change" \
		wait_log "handle $a: PARAMETER inet .*addr=192.0.2.1/24 .*valid=(300|299)"
	mark
	ip link del nn-dum0
	check "DELETE inet on ip link del" wait_log "handle $h: DELETE inet if=[0-9]+ name=nn-dum0"
	check "DELETE inet6 on ip link del" wait_log "handle $h: DELETE inet6 if=[0-9]+ name=nn-dum0"
	check "address DELETE on ip link del" wait_log "handle $a: DELETE inet .*addr=192.0.2.1/24"
	check "sysfs: delivered counts the callbacks" \
		test "$(cat "$NN_SYSFS/handles/$h/delivered")" -ge 9

	mark
	check "client unloads" rmmod netnotify_client
	check "client cancelled its handles" wait_log "cancel handle $a: 0"
	check "both of them" wait_log "cancel handle $h: 0"
	check "handle directory gone" test ! -e "$NN_SYSFS/handles/$h"
	check "no live handle left" file_is "$NN_SYSFS/live_handles" 0
	suite_end
}

# A client registered inside a namespace: moves in, dismantling, cancel.
suite_client_netns() {
	local h
	suite_begin "$1" netnotify_client_netns
	ip netns add nn-blue
	mark
	check "client registers inside a namespace" \
		ip netns exec nn-blue insmod "$NN_MODDIR/samples/netnotify_client.ko" addresses=0
	h=$(client_param iface_handle)
	check "sysfs: netns is the namespace's" file_is "$NN_SYSFS/handles/$h/netns" \
		"$(ip netns exec nn-blue readlink /proc/self/ns/net | tr -dc 0-9)"
	ip link add nn-mv0 type dummy
	check "device in init_net is not seen" no_log "handle $h: ADD .*nn-mv0"
	mark
	ip link set nn-mv0 netns nn-blue
	check "device moved in: ADD" wait_log "handle $h: ADD inet .*name=nn-mv0"
	mark
	ip netns del nn-blue
	check "namespace dismantled: DELETE of the device" \
		wait_log "handle $h: DELETE inet .*name=nn-mv0" 10
	check "namespace dismantled: DELETE of lo" \
		wait_log "handle $h: DELETE inet6 .*name=lo" 10
	check "handle orphaned" wait_file_is "$NN_SYSFS/handles/$h/state" orphaned 10
	mark
	check "client unloads" rmmod netnotify_client
	check "orphaned handle cancels" wait_log "cancel handle $h: 0"
	check "no live handle left" file_is "$NN_SYSFS/live_handles" 0
	suite_end
}

# A client unloaded with its handle live: netnotify cancels it and warns.
suite_client_unload() {
	local h
	suite_begin "$1" netnotify_client_unload
	mark
	check "client loads (cancel_on_exit=0)" \
		insmod "$NN_MODDIR/samples/netnotify_client.ko" cancel_on_exit=0
	h=$(client_param iface_handle)
	ip link add nn-ul0 type dummy
	check "events flow" wait_log "handle $h: ADD inet .*name=nn-ul0"
	mark
	check "client unloads" rmmod netnotify_client
	check "netnotify warns naming module and count" \
		wait_log "module netnotify_client unloaded with 2 live handle\(s\); cancelled them"
	check "handle directory gone" test ! -e "$NN_SYSFS/handles/$h"
	check "no live handle left" file_is "$NN_SYSFS/live_handles" 0
	mark
	ip link del nn-ul0
	sleep 0.5
	check "no callback after unload" no_log "handle $h:"
	check "client loads again" insmod "$NN_MODDIR/samples/netnotify_client.ko"
	check "and unloads" rmmod netnotify_client
	suite_end
}

devices_param() {
	cat "/sys/module/netnotify_devices/parameters/$1" 2>/dev/null
}

# Device notifications through the device sample, end to end: a veth pair
# arrives, starts, half of it moves away, is renamed and goes; then a
# callback unregisters its handle asynchronously while events keep coming.
suite_devices() {
	local h ko="$NN_MODDIR/samples/netnotify_devices.ko"
	suite_begin "$1" netnotify_devices
	mark
	check "device client loads" insmod "$ko"
	h=$(devices_param device_handle)
	check "present devices enumerated" wait_log "handle $h: ARRIVAL if=1 name=lo kind=-"
	check "sysfs: kind" file_is "$NN_SYSFS/handles/$h/kind" device
	check "sysfs: filter" file_is "$NN_SYSFS/handles/$h/filter" "all enumerate"
	mark
	ip link add nn-dv0 type veth peer name nn-dv1
	check "ARRIVAL of both ends" wait_log "handle $h: ARRIVAL if=[0-9]+ name=nn-dv1 kind=veth"
	check "ARRIVAL of nn-dv0" wait_log "handle $h: ARRIVAL if=[0-9]+ name=nn-dv0 kind=veth"
	mark
	ip link set nn-dv0 up
	check "STARTED on up" wait_log "handle $h: STARTED if=[0-9]+ name=nn-dv0"
	mark
	ip netns add nn-dvns
	ip link set nn-dv1 netns nn-dvns
	check "REMOVAL on a move out" wait_log "handle $h: REMOVAL if=[0-9]+ name=nn-dv1"
	mark
	ip link set nn-dv0 down
	ip link set nn-dv0 name nn-dv2
	check "STOPPED on down" wait_log "handle $h: STOPPED if=[0-9]+ name=nn-dv0"
	check "RENAMED with both names" wait_log "handle $h: RENAMED if=[0-9]+ name=nn-dv2 was=nn-dv0"
	mark
	ip link del nn-dv2
	check "REMOVAL on delete" wait_log "handle $h: REMOVAL if=[0-9]+ name=nn-dv2"
	check "device client unloads" rmmod netnotify_devices
	check "it unregistered" wait_log "unregister handle $h: 0"
	ip netns del nn-dvns

	mark
	check "loads to unregister on its 3rd event" insmod "$ko" unregister_after=3
	h=$(devices_param device_handle)
	ip link add nn-dv3 type dummy
	for i in 1 2 3 4 5 6; do
		ip link set nn-dv3 up
		ip link set nn-dv3 down
	done
	check "callback unregisters asynchronously" \
		wait_log "handle $h: unregistering asynchronously: 0"
	check "done frees the context" wait_log "done: [0-9]+ events, context freed"
	check "handle directory gone" wait_gone "$NN_SYSFS/handles/$h"
	check "no callback after done" none_after "done: [0-9]+ events" "handle $h: "
	ip link del nn-dv3
	check "device client unloads" rmmod netnotify_devices
	check "no live handle left" file_is "$NN_SYSFS/live_handles" 0
	suite_end
}

# A device client unloaded with its handle live, or with an asynchronous
# cancel whose done is still to run: the unload waits, nothing crashes.
suite_devices_unload() {
	local h ko="$NN_MODDIR/samples/netnotify_devices.ko"
	suite_begin "$1" netnotify_devices_unload
	mark
	check "loads (cancel_on_exit=0)" insmod "$ko" cancel_on_exit=0
	h=$(devices_param device_handle)
	check "unloads" rmmod netnotify_devices
	check "netnotify warns and cancels" \
		wait_log "module netnotify_devices unloaded with 1 live handle\(s\); cancelled them"
	check "handle directory gone" test ! -e "$NN_SYSFS/handles/$h"
	mark
	check "loads (async_exit=1)" insmod "$ko" async_exit=1
	h=$(devices_param device_handle)
	check "unloads" rmmod netnotify_devices
	check "the exit's done ran before the unload finished" \
		logged "async exit: done ran"
	check "exit cancelled asynchronously" logged "async exit: cancel handle $h: 0"
	check "no live handle left" file_is "$NN_SYSFS/live_handles" 0
	check "loads again" insmod "$ko"
	check "and unloads" rmmod netnotify_devices
	suite_end
}

connect_param() {
	cat "/sys/module/netnotify_connect/parameters/$1" 2>/dev/null
}

# is_up <interface>: its flags include UP.
is_up() {
	ip -o link show "$1" | grep -q '[<,]UP[,>]'
}

# A connection notifyee through the connect sample: it refuses to bring up
# a guarded interface until it is allowed, and logs PRE and POST pairs.
suite_connect() {
	local h out ko="$NN_MODDIR/samples/netnotify_connect.ko"
	suite_begin "$1" netnotify_connect_sample
	check "notifyee loads" insmod "$ko" guard=nn-cg
	h=$(connect_param notifyee_handle)
	check "sysfs: kind" file_is "$NN_SYSFS/handles/$h/kind" connect_notifyee
	ip link add nn-cg0 type dummy
	ip link add nn-cn0 type dummy
	mark
	out=$(ip link set nn-cg0 up 2>&1)
	check "ip link set up refused, with the notifyee's message" test \
		"$out" = "Error: guarded by netnotify_connect: set its parameter allow=1."
	check "the interface stays down" sh -c "! ip -o link show nn-cg0 | grep -q '[<,]UP[,>]'"
	check "refusal logged" logged "PRE  connect nn-cg0 \(if [0-9]+\): refused"
	check "sysfs: vetoes" file_is "$NN_SYSFS/handles/$h/vetoes" 1
	mark
	ip link set nn-cn0 up
	check "PRE of a connect" logged "PRE  connect nn-cn0 \(if [0-9]+, kind dummy\)"
	check "its POST, status 0" logged "POST connect nn-cn0 \(if [0-9]+\): status 0"
	mark
	echo 1 >/sys/module/netnotify_connect/parameters/allow
	check "allowed: ip link set up works" ip link set nn-cg0 up
	check "and it is up" is_up nn-cg0
	check "POST of the connect, status 0" logged "POST connect nn-cg0 .*: status 0"
	mark
	ip link del nn-cg0
	check "deleted while up: PRE disconnect, being deleted" \
		logged "PRE  disconnect nn-cg0 \(if [0-9]+, kind dummy, being deleted\)"
	check "and its POST" logged "POST disconnect nn-cg0 .*: status 0"
	check "sysfs: pre_calls" file_is "$NN_SYSFS/handles/$h/pre_calls" 4
	check "sysfs: post_calls" file_is "$NN_SYSFS/handles/$h/post_calls" 3
	check "notifyee unloads" rmmod netnotify_connect
	check "it cancelled its notifyee" logged "cancel notifyee $h: 0"
	check "no live handle left" file_is "$NN_SYSFS/live_handles" 0
	ip link del nn-cn0
	suite_end
}

# A notifyee unloaded while registered: netnotify cancels it, and the
# interfaces it guarded come and go unguarded.
suite_connect_unload() {
	local h ko="$NN_MODDIR/samples/netnotify_connect.ko"
	suite_begin "$1" netnotify_connect_unload
	ip link add nn-cg1 type dummy
	mark
	check "loads (cancel_on_exit=0)" insmod "$ko" guard=nn-cg cancel_on_exit=0
	h=$(connect_param notifyee_handle)
	check "it guards" sh -c "! ip link set nn-cg1 up 2>/dev/null"
	check "unloads" rmmod netnotify_connect
	check "netnotify warns and cancels" \
		wait_log "module netnotify_connect unloaded with 1 live handle\(s\); cancelled them"
	check "handle directory gone" test ! -e "$NN_SYSFS/handles/$h"
	mark
	check "unguarded now" ip link set nn-cg1 up
	check "and down" ip link set nn-cg1 down
	check "nothing called after the unload" no_log "connect nn-cg1"
	check "no live handle left" file_is "$NN_SYSFS/live_handles" 0
	ip link del nn-cg1
	suite_end
}

im_param() {
	cat "/sys/module/netnotify_im/parameters/$1" 2>/dev/null
}

# has_instance <handle> <line>: the intermediate driver's sysfs instances
# file has this line ("<name> <state> <lower>").
has_instance() {
	grep -qx -- "$2" "$NN_SYSFS/handles/$1/instances"
}

# wait_instance <handle> <line> [seconds]: the state is decided after the
# driver's initialize or halt, which logs, returns: wait for it.
wait_instance() {
	local i=0 max=$((${3:-5} * 10))
	while [ $i -lt $max ]; do
		has_instance "$1" "$2" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	kmsg "    # instances of handle $1: $(tr '\n' ';' <"$NN_SYSFS/handles/$1/instances")"
	return 1
}

link_exists() {
	ip link show "$1" >/dev/null 2>&1
}

no_link() {
	! link_exists "$1"
}

# no_splat_since <marker>: nothing the kernel reported after that mark()
# looks like a warning, a bug or a device left referenced.
no_splat_since() {
	! dmesg | sed -n "/# $1\$/,\$p" |
		grep -Eq 'WARNING:|BUG:|Call Trace:|unregister_netdevice: waiting'
}

# Deferred initialization through the intermediate driver sample: nnim0
# and nnim1 wait for their lower devices nnlow0 and nnlow1. nnim0 starts
# when nnlow0 is up, after which a cancel fails (-EBUSY); nnim1's lower
# comes and goes while down, so its cancel works. nnlow0's removal then
# takes the Windows way: cancel, which fails, wait, de-initialize.
suite_im() {
	local h start ko="$NN_MODDIR/samples/netnotify_im.ko"
	suite_begin "$1" netnotify_im_sample
	mark
	start=$NN_MARK
	check "intermediate driver loads" insmod "$ko" lower=nnlow0,nnlow1
	h=$(im_param driver_handle)
	check "nnim0 waits for its lower" wait_log "nnim0: waiting for nnlow0"
	check "nnim1 waits for its lower" wait_log "nnim1: waiting for nnlow1"
	check "sysfs: kind" file_is "$NN_SYSFS/handles/$h/kind" im_driver
	check "sysfs: driver" file_is "$NN_SYSFS/handles/$h/driver" netnotify_im
	check "sysfs: nnim0 pending" has_instance "$h" "nnim0 pending nnlow0"
	check "sysfs: nnim1 pending" has_instance "$h" "nnim1 pending nnlow1"
	mark
	ip link add nnlow0 type dummy
	sleep 1
	check "lower present but down: nnim0 still pending" \
		has_instance "$h" "nnim0 pending nnlow0"
	check "no nnim0 device" no_link nnim0
	check "not initialized" no_log "nnim0: initialized"
	mark
	ip link set nnlow0 up
	check "lower up: nnim0 initialized over it" \
		wait_log "nnim0: initialized over nnlow0 \(ifindex [0-9]+\)"
	check "device nnim0 exists" link_exists nnim0
	check "ip link shows it over its lower: nnim0@nnlow0" \
		sh -c "ip -o link show nnim0 | grep -q ' nnim0@nnlow0: '"
	check "sysfs: nnim0 initialized" wait_instance "$h" "nnim0 initialized nnlow0"
	check "sysfs: nnim1 still pending" has_instance "$h" "nnim1 pending nnlow1"
	mark
	echo nnim0 >/sys/module/netnotify_im/parameters/cancel
	check "cancel after the start fails: -EBUSY" wait_log "cancel nnim0: -16"
	check "and changes nothing" has_instance "$h" "nnim0 initialized nnlow0"
	check "nnim0 stays" link_exists nnim0
	mark
	ip link add nnlow1 type dummy
	ip link del nnlow1
	check "nnim1's lower gone before it started: cancelled" \
		wait_log "nnim1: cancelled before it started \(nnlow1 gone\)"
	check "nnim1 waits again" wait_log "nnim1: waiting for nnlow1"
	check "sysfs: nnim1 pending" wait_instance "$h" "nnim1 pending nnlow1"
	check "nnim1 never initialized" no_log "nnim1: initialized"
	mark
	ip link del nnlow0
	check "nnim0's lower gone after the start: cancel refused" \
		wait_log "nnim0: cancel refused \(-EBUSY\): already started"
	check "nnim0 halted" wait_log "nnim0: halted"
	check "nnim0 de-initialized" wait_log "nnim0: de-initialized: 0"
	check "nnim0 waits again" wait_log "nnim0: waiting for nnlow0"
	check "device nnim0 gone" no_link nnim0
	check "sysfs: nnim0 pending" wait_instance "$h" "nnim0 pending nnlow0"
	mark
	ip link add nnlow0 type dummy && ip link set nnlow0 up
	check "lower back: nnim0 initialized again" \
		wait_log "nnim0: initialized over nnlow0 \(ifindex [0-9]+\)"
	check "device nnim0 back" link_exists nnim0
	check "sysfs: nnim0 initialized" wait_instance "$h" "nnim0 initialized nnlow0"
	mark
	check "driver unloads" rmmod netnotify_im
	check "nnim0 halted on unload" logged "nnim0: halted"
	check "driver handle cancelled" logged "cancel driver $h: 0"
	check "device nnim0 gone" no_link nnim0
	check "handle directory gone" test ! -e "$NN_SYSFS/handles/$h"
	check "no live handle left" file_is "$NN_SYSFS/live_handles" 0
	check "no kernel warning during the suite" no_splat_since "$start"
	ip link del nnlow0
	suite_end
}

# Route notifications through the sample client, end to end.
suite_client_routes() {
	local h
	suite_begin "$1" netnotify_client_routes
	mark
	check "client registers for routes" \
		insmod "$NN_MODDIR/samples/netnotify_client.ko" interfaces=0 addresses=0 routes=1
	h=$(client_param route_handle)
	check "initial notification logged" wait_log "handle $h: INITIAL"
	check "sysfs: kind" file_is "$NN_SYSFS/handles/$h/kind" route
	ip link add nn-rt0 type dummy
	ip link set nn-rt0 up
	mark
	ip addr add 198.51.100.1/24 dev nn-rt0
	check "kernel's prefix route: ADD in main" \
		wait_log "handle $h: ADD route inet table=254 dst=198.51.100.0/24 gw=0.0.0.0 if=[0-9]+ metric=0 proto=2 type=1"
	check "kernel's local route: ADD in local" \
		wait_log "handle $h: ADD route inet table=255 dst=198.51.100.1/32 .*type=2"
	mark
	ip route add 203.0.113.0/24 via 198.51.100.2 metric 5
	check "ip route add: ADD" \
		wait_log "handle $h: ADD route inet table=254 dst=203.0.113.0/24 gw=198.51.100.2 .*metric=5 proto=3"
	mark
	ip route add 203.0.113.0/24 via 198.51.100.4 metric 7
	check "shadowed route: ADD" \
		wait_log "handle $h: ADD route inet .*dst=203.0.113.0/24 gw=198.51.100.4 .*metric=7"
	mark
	ip route replace 203.0.113.0/24 via 198.51.100.3 metric 5
	check "gateway replaced: DELETE of the old row" \
		wait_log "handle $h: DELETE route inet .*dst=203.0.113.0/24 gw=198.51.100.2 .*metric=5"
	check "gateway replaced: ADD of the new row" \
		wait_log "handle $h: ADD route inet .*dst=203.0.113.0/24 gw=198.51.100.3 .*metric=5"
	mark
	ip -6 route add 2001:db8:5::/64 dev nn-rt0 table 100
	check "IPv6, table 100: ADD" \
		wait_log "handle $h: ADD route inet6 table=100 dst=2001:db8:5::/64 gw=:: "
	mark
	ip link set nn-rt0 down
	check "link down: DELETE of the routes the kernel flushed silently" \
		wait_log "handle $h: DELETE route inet .*dst=203.0.113.0/24 gw=198.51.100.3"
	check "and of the shadowed one" \
		wait_log "handle $h: DELETE route inet .*dst=203.0.113.0/24 gw=198.51.100.4"
	check "and the IPv6 one" \
		wait_log "handle $h: DELETE route inet6 table=100 dst=2001:db8:5::/64"
	ip link set nn-rt0 up
	ip route add 192.0.2.0/24 dev nn-rt0 table 100
	ip -6 route add 2001:db8:6::/64 dev nn-rt0 table 100
	mark
	ip link del nn-rt0
	check "device deleted: DELETE of its IPv4 route" \
		wait_log "handle $h: DELETE route inet table=100 dst=192.0.2.0/24"
	check "device deleted: DELETE of its IPv6 route" \
		wait_log "handle $h: DELETE route inet6 table=100 dst=2001:db8:6::/64"
	check "no RESYNC was needed" no_log "handle $h: RESYNC"
	mark
	check "client unloads" rmmod netnotify_client
	check "client cancelled its handle" wait_log "cancel handle $h: 0"
	check "no live handle left" file_is "$NN_SYSFS/live_handles" 0
	suite_end
}

# forged_count: /sys/kernel/netnotify/forged, or -1 without it.
forged_count() {
	cat $NN_SYSFS/forged 2>/dev/null || echo -1
}

# forge_run <nnforge options...>: run the forger ($NN_FORGE) to the end;
# succeeds when it sent something.
forge_run() {
	"$NN_FORGE" "$@" >/tmp/nnforge.out 2>&1
	kmsg "    # $(cat /tmp/nnforge.out)"
	grep -q "sent [1-9]" /tmp/nnforge.out
}

# forge_drained <pid>: wait until netnotify has read everything queued in
# the network namespace of process <pid> (no rtnetlink socket there holds
# data) and the forged counter has stopped moving.
forge_drained() {
	local i=0 last=-2 cur
	while [ $i -lt 300 ]; do
		cur=$(forged_count)
		[ "$cur" = "$last" ] && awk 'NR > 1 && $2 == 0 && $5 != 0 { busy = 1 }
			END { exit busy }' /proc/"$1"/net/netlink && return 0
		last=$cur
		sleep 1
		i=$((i + 1))
	done
	return 1
}

# forge_slab <count>: as user 1000, root of a user and network namespace of
# its own, forge <count> interfaces and addresses by unicast (so that every
# one arrives); once netnotify has read them, and while the namespace still
# exists, print how many KiB Slab grew.
forge_slab() {
	local s0 s1 pid i=0
	s0=$(meminfo_kb Slab)
	: >/tmp/nnforge.out
	"$NN_FORGE" --uid 1000 --unshare --unicast --count "$1" --hold 900 \
		>/tmp/nnforge.out 2>&1 &
	pid=$!
	while ! grep -q "sent" /tmp/nnforge.out && kill -0 $pid 2>/dev/null &&
		[ $i -lt 900 ]; do
		sleep 1
		i=$((i + 1))
	done
	kill -0 $pid 2>/dev/null && ! forge_drained $pid &&
		kmsg "    # the forged messages were still being read"
	s1=$(meminfo_kb Slab)
	kill $pid 2>/dev/null
	wait $pid
	kmsg "    # $(cat /tmp/nnforge.out)"
	echo $((s1 - s0))
}

# not_logged <regex>: the last mark is still in the kernel log (a flood of
# lines can push it out) and nothing logged after it matches.
not_logged() {
	log_since | grep -q "# $NN_MARK\$" && no_log "$1"
}

# delivered <handle>: the callbacks the handle has made.
delivered() {
	cat "$NN_SYSFS/handles/$1/delivered"
}

# Forged rtnetlink messages from user space: root in init_net, then an
# unprivileged user, root of a user and network namespace of its own.
# netnotify believes only the kernel: no forged interface or address
# reaches the client, /sys/kernel/netnotify/forged counts what was dropped,
# and 50,000 forged interfaces and addresses pin no kernel memory (each
# used to cost a cached row).
suite_client_forge() {
	local h a f0 d0 e0 base grown n=50000
	suite_begin "$1" netnotify_client_forge
	if [ ! -x "${NN_FORGE:-}" ]; then
		skip "forged messages are dropped" "no nnforge binary"
		suite_end
		return
	fi
	mark
	check "client loads" insmod "$NN_MODDIR/samples/netnotify_client.ko"
	h=$(client_param iface_handle)
	a=$(client_param addr_handle)
	check "initial notification logged" wait_log "handle $h: INITIAL"
	check "sysfs: forged counter" test -r $NN_SYSFS/forged
	f0=$(forged_count)
	d0=$(delivered "$h")
	e0=$(delivered "$a")
	mark
	check "root forges 1000 interfaces and addresses" \
		forge_run --count 1000
	# The listener reads in order: once a real device is reported, all
	# that was forged before it has been dealt with.
	ip link add nn-fg0 type dummy
	check "a real device still comes through" \
		wait_log "handle $h: ADD inet6 .*name=nn-fg0" 60
	sleep 0.5
	check "no forged interface reached the client" \
		not_logged "name=forged"
	check "no forged address reached the client" \
		not_logged "handle $a: .*addr=198\.1[89]\."
	check "interface handle: the real device's two ADDs only" \
		test "$(delivered "$h")" = $((d0 + 2))
	check "address handle: nothing" test "$(delivered "$a")" = "$e0"
	check "forged counter: every unicast message at least" \
		test "$(forged_count)" -ge $((f0 + 2000))
	ip link del nn-fg0
	mark
	check "client unloads" rmmod netnotify_client
	check "client cancelled its handles" wait_log "cancel handle $h: 0"

	# Debian kernels may forbid unprivileged user namespaces.
	[ -e /proc/sys/kernel/unprivileged_userns_clone ] &&
		echo 1 >/proc/sys/kernel/unprivileged_userns_clone
	f0=$(forged_count)
	base=$(forge_slab 0)
	check "unprivileged forger: user and network namespace of its own" \
		grep -q "sent 0 " /tmp/nnforge.out
	grown=$(forge_slab $n)
	check "unprivileged forger: sent its messages" \
		grep -q "sent [1-9]" /tmp/nnforge.out
	check "forged counter: the unprivileged forger's unicasts at least" \
		test "$(forged_count)" -ge $((f0 + 2 * n))
	kmsg "    # Slab grew by $base KiB for the forger's namespace alone, by $grown KiB with $n interfaces and addresses forged"
	# KASAN keeps freed memory in quarantine, whose share of Slab the
	# flood of (freed) messages alone can grow by tens of MiB.
	if grep -qw kasan_report /proc/kallsyms; then
		skip "forged messages pin less than 4 MiB" "KASAN quarantine"
	else
		check "forged messages pin less than 4 MiB" \
			test $((grown - base)) -lt 4096
	fi
	suite_end
}

# now: seconds since boot, with hundredths.
now() {
	cut -d' ' -f1 /proc/uptime
}

# meminfo_kb <field>
meminfo_kb() {
	awk -v f="$1:" '$1 == f { print $2 }' /proc/meminfo
}

# elapsed <start> [end]: seconds between two now readings.
elapsed() {
	awk -v a="$1" -v b="${2:-$(now)}" 'BEGIN { printf "%.2f", b - a }'
}

# ratio <a> <b>: a / b to two decimals.
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf("%.2f", (b > 0) ? a / b : 0) }'
}

# against <with> <baseline> <unit>: "<with><unit>", and the baseline and
# the ratio when there is one.
against() {
	if [ "$2" = 0 ]; then
		echo "$1$3"
	else
		echo "$1$3 (no route handle: $2$3, ratio $(ratio "$1" "$2"))"
	fi
}

# settle <seconds> <handle...>: wait until the handles' queues are empty and
# nothing more is captured or delivered for a second.
settle() {
	local max=$1 i=0 last="" cur h
	shift
	while [ $i -lt "$max" ]; do
		cur=$(cat $NN_SYSFS/events_captured)
		for h in "$@"; do
			cur="$cur $(cat $NN_SYSFS/handles/"$h"/delivered $NN_SYSFS/handles/"$h"/queued)"
		done
		[ "$cur" = "$last" ] && [ "$(for h in "$@"; do
			cat $NN_SYSFS/handles/"$h"/queued; done | sort -u)" = 0 ] && return 0
		last=$cur
		sleep 1
		i=$((i + 1))
	done
	return 1
}

# scale_batch <add|del> <count>: the ip -batch file for count /32 routes.
scale_batch() {
	awk -v op="$1" -v n="$2" 'BEGIN {
		for (i = 0; i < n; i++)
			printf "route %s 10.%d.%d.%d/32 dev nn-sc0\n", op,
				int(i / 65536) % 256, int(i / 256) % 256, i % 256
	}' >/tmp/scale-"$1"
}

# scale_run <add|del>: run the batch, print the seconds it took.
scale_run() {
	local t0
	t0=$(now)
	ip -batch /tmp/scale-"$1" || kmsg "    # ip -batch $1 failed"
	elapsed "$t0"
}

# The count of IPv4 routes as iproute2 sees them, every table.
ip4_routes() {
	ip -4 route show table all | wc -l
}

# no_silent_loss <handle> <expected events> <got> <resyncs before> <resyncs>:
# either every event arrived or a RESYNC was delivered and counted in sysfs.
no_silent_loss() {
	local h=$1 want=$2 got=$3 r0=$4 r=$5
	[ "$got" = "$want" ] && return 0
	[ "$r" -gt "$r0" ] && [ "$(cat $NN_SYSFS/handles/"$h"/resyncs)" = "$r" ] &&
		return 0
	kmsg "    # $got of $want events and no RESYNC ($r)"
	return 1
}

# handle_stats <handle>: its sysfs counters in words.
handle_stats() {
	local d=$NN_SYSFS/handles/$1
	echo "$(cat "$d"/delivered) delivered, $(cat "$d"/dropped) dropped," \
		"$(cat "$d"/resyncs) RESYNC, queue peak $(cat "$d"/queue_peak)" \
		"of $(cat "$d"/queue_limit)"
}

# Route changes at scale: NN_SCALE /32 routes inserted and deleted with
# ip -batch, first with no route handle (the baseline, in the same boot,
# when NN_SCALE_BASELINE=1), then under two route handles of the sample client: one counting its
# callbacks, one taking a millisecond per callback. Each receives every
# event or a RESYNC; queues stay within their limit; the table reads back
# whole. Figures go to the log as diagnostics.
suite_scale() {
	local n=$NN_SCALE h s t base_add base_del add del slab0 slab1 slab2 \
		base_slab rows ev r0 s0 over
	suite_begin "$1" netnotify_scale
	kmsg "    # $n IPv4 routes, ip -batch, $(nproc) CPUs"
	scale_batch add "$n"
	scale_batch del "$n"
	ip link add nn-sc0 type dummy
	ip link set nn-sc0 up
	rows=$(ip4_routes)

	# Baseline (make scale only): netnotify loaded, no route handle.
	base_add=0 base_del=0 base_slab=0
	if [ "${NN_SCALE_BASELINE:-0}" = 1 ]; then
		slab0=$(meminfo_kb Slab)
		base_add=$(scale_run add)
		slab1=$(meminfo_kb Slab)
		base_slab=$((slab1 - slab0))
		base_del=$(scale_run del)
		check "baseline: every route added and deleted" \
			test "$(ip4_routes)" = "$rows"
	fi

	check "client registers two route handles" \
		insmod "$NN_MODDIR/samples/netnotify_client.ko" interfaces=0 \
		addresses=0 routes=1 quiet=1 slow_routes=1
	h=$(client_param route_handle)
	s=$(client_param slow_handle)
	check "initial notification" settle 30 "$h" "$s"
	slab0=$(meminfo_kb Slab)
	over=$(cat $NN_SYSFS/overruns)
	add=$(scale_run add)
	t=$(now)
	check "add: callbacks caught up" settle $((n / 500 + 60)) "$h" "$s"
	slab2=$(meminfo_kb Slab)
	kmsg "    # add: ip -batch $(against "$add" "$base_add" s); callbacks done $(elapsed "$t")s after"
	kmsg "    # add: fast handle: $(client_param route_adds) ADD; $(handle_stats "$h")"
	kmsg "    # add: slow handle: $(client_param slow_adds) ADD; $(handle_stats "$s")"
	kmsg "    # add: $(($(cat $NN_SYSFS/overruns) - over)) listener overruns"
	kmsg "    # add: slab +$(against $(((slab2 - slab0) / 1024)) $((base_slab / 1024)) " MiB")"
	check "add, fast handle: every ADD, or a RESYNC counted in sysfs" \
		no_silent_loss "$h" "$n" "$(client_param route_adds)" 0 \
		"$(client_param route_resyncs)"
	check "add, slow handle: every ADD, or a RESYNC counted in sysfs" \
		no_silent_loss "$s" "$n" "$(client_param slow_adds)" 0 \
		"$(client_param slow_resyncs)"
	check "slow handle overflowed: the bound was exercised" \
		test "$(cat $NN_SYSFS/handles/"$s"/dropped)" -gt 0
	check "queues stayed within their limit" test \
		"$(cat $NN_SYSFS/handles/"$h"/queue_peak)" -le \
		"$(cat $NN_SYSFS/handles/"$h"/queue_limit)" -a \
		"$(cat $NN_SYSFS/handles/"$s"/queue_peak)" -le \
		"$(cat $NN_SYSFS/handles/"$s"/queue_limit)"

	echo 4 >/sys/module/netnotify_client/parameters/get_routes
	kmsg "    # get_ip_forward_table: $(client_param table_rows) rows in $(client_param table_ms) ms"
	check "get_ip_forward_table has every route" \
		test "$(client_param table_rows)" = "$(ip4_routes)"
	check "and that is the table plus the batch" \
		test "$(client_param table_rows)" = $((rows + n))

	r0=$(client_param route_resyncs)
	s0=$(client_param slow_resyncs)
	del=$(scale_run del)
	t=$(now)
	check "del: callbacks caught up" settle $((n / 500 + 60)) "$h" "$s"
	kmsg "    # del: ip -batch $(against "$del" "$base_del" s); callbacks done $(elapsed "$t")s after"
	kmsg "    # del: fast handle: $(client_param route_deletes) DELETE; $(handle_stats "$h") in all"
	kmsg "    # del: slow handle: $(client_param slow_deletes) DELETE; $(handle_stats "$s") in all"
	check "del, fast handle: every DELETE, or a RESYNC counted in sysfs" \
		no_silent_loss "$h" "$n" "$(client_param route_deletes)" "$r0" \
		"$(client_param route_resyncs)"
	check "del, slow handle: every DELETE, or a RESYNC counted in sysfs" \
		no_silent_loss "$s" "$n" "$(client_param slow_deletes)" "$s0" \
		"$(client_param slow_resyncs)"
	echo 4 >/sys/module/netnotify_client/parameters/get_routes
	check "get_ip_forward_table is back to the start" \
		test "$(client_param table_rows)" = "$rows"

	# The cache is right after all that: one more route, one more ADD.
	ev=$(client_param route_adds)
	r0=$(client_param route_resyncs)
	ip route add 10.255.255.255/32 dev nn-sc0
	settle 10 "$h" "$s"
	check "one more route: exactly one more ADD" \
		test "$(client_param route_adds)" = $((ev + 1)) -a \
		"$(client_param route_resyncs)" = "$r0"
	check "client unloads" rmmod netnotify_client
	ip link del nn-sc0
	rm -f /tmp/scale-add /tmp/scale-del
	suite_end
}

# Unload, reload, unload: the sysfs tree comes and goes, nothing lingers.
suite_lifecycle() {
	local i
	suite_begin "$1" netnotify_lifecycle
	check "unload" rmmod netnotify
	check "sysfs tree gone after unload" test ! -e "$NN_SYSFS"
	for i in 1 2 3; do
		check "load $i" insmod "$NN_MODDIR/netnotify.ko"
		check "version file after load $i" file_is "$NN_SYSFS/version" "$NN_VERSION"
		check "no handles after load $i" file_is "$NN_SYSFS/live_handles" 0
		ip link add nn-lc0 type dummy && ip link del nn-lc0
		check "unload $i" rmmod netnotify
		check "sysfs gone after unload $i" test ! -e "$NN_SYSFS"
	done
	lifecycle_no_dirs
	check "load again" insmod "$NN_MODDIR/netnotify.ko"
	suite_end
}

# Loaded with handle_dirs=0, handles work as ever but have no directory.
lifecycle_no_dirs() {
	local h a m
	mark
	m=$NN_MARK
	check "load with handle_dirs=0" insmod "$NN_MODDIR/netnotify.ko" handle_dirs=0
	check "handle_dirs reads N" file_is /sys/module/netnotify/parameters/handle_dirs N
	check "client registers" insmod "$NN_MODDIR/samples/netnotify_client.ko"
	h=$(client_param iface_handle)
	a=$(client_param addr_handle)
	check "initial notification without a directory" wait_log "handle $h: INITIAL"
	check "handles live" test "$(cat "$NN_SYSFS/live_handles")" -ge 2
	check "no handle directory" \
		test -d "$NN_SYSFS/handles" -a -z "$(ls -A "$NN_SYSFS/handles")"
	ip link add nn-lc1 type dummy
	ip addr add 192.0.2.9/24 dev nn-lc1
	check "interface event without a directory" \
		wait_log "handle $h: ADD inet if=[0-9]+ name=nn-lc1"
	check "address event without a directory" \
		wait_log "handle $a: ADD inet if=[0-9]+ addr=192.0.2.9/24"
	ip link del nn-lc1
	check "client unloads" rmmod netnotify_client
	check "client cancelled its handles" wait_log "cancel handle $h: 0"
	check "no live handle left" file_is "$NN_SYSFS/live_handles" 0
	check "client loads (cancel_on_exit=0)" \
		insmod "$NN_MODDIR/samples/netnotify_client.ko" cancel_on_exit=0
	check "client unloads, leaving its handles" rmmod netnotify_client
	check "netnotify cancelled them" \
		wait_log "module netnotify_client unloaded with [0-9]+ live handle"
	check "no live handle left after that" file_is "$NN_SYSFS/live_handles" 0
	check "unload" rmmod netnotify
	check "no warning with handle_dirs=0" no_splat_since "$m"
}

# Load and unload while the host churns links, addresses and routes in
# init_net and in two namespaces: every load sets each namespace up while
# messages pour in, the sample client registers route handles (the first
# one reads the routes before its registration returns), and every unload
# tears it all down. An oops ends the guest run (oops=panic), a KASAN or
# lockdep report fails the tier.
suite_load_churn() {
	local i ns ok=0 rounds=30
	suite_begin "$1" netnotify_load_churn
	check "unload" rmmod netnotify
	ip link add nn-ch0 type dummy && ip link set nn-ch0 up
	for ns in nn-ch1 nn-ch2; do
		ip netns add $ns
		ip -n $ns link add nn-chd type dummy
		ip -n $ns link set nn-chd up
	done
	seq 1300 1500 | sed 's/^/link set nn-ch0 mtu /' >/tmp/nn-mtu
	touch /tmp/nn-churn
	(while [ -e /tmp/nn-churn ]; do ip -batch /tmp/nn-mtu; done) &
	(while [ -e /tmp/nn-churn ]; do
		ip link add nn-ch9 type dummy
		ip addr add 10.77.0.1/24 dev nn-ch9
		ip link set nn-ch9 up
		ip route add 10.78.0.0/16 via 10.77.0.2
		ip link del nn-ch9
	done) 2>/dev/null &
	(while [ -e /tmp/nn-churn ]; do
		ip -n nn-ch1 addr add 2001:db8:77::1/64 dev nn-chd nodad
		ip -n nn-ch1 route add 2001:db8:78::/48 via 2001:db8:77::2
		ip -n nn-ch2 link set nn-chd mtu 1400
		ip -n nn-ch1 addr del 2001:db8:77::1/64 dev nn-chd
		ip -n nn-ch2 link set nn-chd mtu 1500
	done) 2>/dev/null &
	for i in $(seq 1 $rounds); do
		insmod "$NN_MODDIR/netnotify.ko" &&
			insmod "$NN_MODDIR/samples/netnotify_client.ko" \
				interfaces=0 addresses=0 routes=1 quiet=1 &&
			rmmod netnotify_client && rmmod netnotify &&
			ok=$((ok + 1))
	done
	rm -f /tmp/nn-churn
	wait
	check "loaded and unloaded $rounds times while the host churned" \
		test "$ok" = "$rounds"
	ip link del nn-ch0
	ip netns del nn-ch1
	ip netns del nn-ch2
	rm -f /tmp/nn-mtu
	check "load again" insmod "$NN_MODDIR/netnotify.ko"
	suite_end
}

# kmemleak: nothing netnotify allocated may be left unreferenced.
suite_kmemleak() {
	local f=/sys/kernel/debug/kmemleak
	suite_begin "$1" netnotify_kmemleak
	if [ ! -e $f ]; then
		skip "no leaks" "kmemleak not in this kernel"
	else
		echo scan >$f
		sleep 6
		echo scan >$f
		cat $f >/tmp/leaks
		kmsg "    # kmemleak reports $(grep -c unreferenced /tmp/leaks) suspect(s) in all"
		check "no leak allocated by netnotify" \
			sh -c '! grep -Eq "netnotify|nnt?_[a-z]" /tmp/leaks'
		grep -E "netnotify|nnt?_[a-z]" /tmp/leaks | head -20 | while read -r l; do
			kmsg "    # $l"
		done
	fi
	suite_end
}
