# SPDX-License-Identifier: GPL-2.0
# Shell suites, run inside the guest after the KUnit suites. They drive the
# real module binaries with iproute2 and the sample client and judge from
# sysfs and the kernel log. Each is a function taking its KTAP number.
#
# $NN_MODDIR holds netnotify.ko, netnotify_selftest.ko and
# netnotify_client.ko.

NN_SHELL_SUITES="suite_warnings suite_client suite_client_netns suite_client_unload"

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

# Unload, reload, unload: the sysfs tree comes and goes, nothing lingers.
suite_lifecycle() {
	local i
	suite_begin "$1" netnotify_lifecycle
	check "unload" rmmod netnotify
	check "sysfs tree gone after unload" test ! -e "$NN_SYSFS"
	for i in 1 2 3; do
		check "load #$i" insmod "$NN_MODDIR/netnotify.ko"
		check "version file after load #$i" file_is "$NN_SYSFS/version" "$NN_VERSION"
		check "no handles after load #$i" file_is "$NN_SYSFS/live_handles" 0
		ip link add nn-lc0 type dummy && ip link del nn-lc0
		check "unload #$i" rmmod netnotify
		check "sysfs gone after unload #$i" test ! -e "$NN_SYSFS"
	done
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
