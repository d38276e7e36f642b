# SPDX-License-Identifier: GPL-2.0
# The shell suite of connection event objects: tools/nnctl registering its
# eventfd through the generic netlink family, as root, as an unprivileged
# user, and as the owner of a user namespace, woken by veth ends going up
# and down, killed, and refused. Judged from nnctl's output and exit status
# and from the per-namespace count in sysfs.

NN_SHELL_SUITES="$NN_SHELL_SUITES suite_nnctl"

# The unprivileged user; it runs a copy of nnctl, since the cache the host
# built it in may be closed to others. util-linux's setpriv, by its path:
# busybox's applet of that name, which busybox's timeout would prefer,
# cannot change user.
NN_NOBODY="/usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups"

# lines <file>: how many wake-up lines nnctl printed.
lines() {
	grep -c ' connection changed: ' "$1"
}

# wait_for <seconds> <command...>: until the command succeeds.
wait_for() {
	local i=0 max=$(($1 * 10))
	shift
	while [ $i -lt $max ]; do
		"$@" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# exited <pid>: the process is gone.
exited() {
	! kill -0 "$1" 2>/dev/null
}

# reap <pid>: its exit status, killing it first if it is still there (a
# check has failed then; the suite goes on).
reap() {
	kill "$1" 2>/dev/null
	wait "$1"
}

suite_nnctl() {
	local f out=/tmp/nnctl.out err=/tmp/nnctl.err ctl=/tmp/nnctl pid rc inum
	suite_begin "$1" netnotify_nnctl
	cp "$NN_CTL" $ctl && chmod 0755 $ctl
	inum=$(stat -L -c %i /proc/self/ns/net)
	f="$NN_SYSFS/netns/$inum/connection_events"
	check "sysfs: no registration in this namespace" file_is "$f" 0
	ip link add nn-ea type veth peer name nn-eb
	ip link set nn-ea up

	# Both ends connect, then both disconnect: four changes.
	$ctl wait-connection --count 4 >$out 2>$err &
	pid=$!
	check "registered: sysfs counts it" wait_file_is "$f" 1
	check "says it waits" wait_for 5 grep -q "waiting for connection changes" $err
	ip link set nn-eb up
	check "woken when the peer comes up" wait_for 5 grep -q "connection changed: " $out
	ip link set nn-eb down
	check "exits once four changes were counted" wait_for 10 exited $pid
	reap $pid
	rc=$?
	check "exit status 0" test $rc = 0
	check "the last line says four in all" sh -c "tail -n 1 $out | grep -q ', 4 in all$'"
	check "one line per wake-up, at most one per change" \
		sh -c "n=\$(grep -c ' connection changed: ' $out); [ \$n -ge 1 ] && [ \$n -le 4 ]"
	check "lines carry an ISO 8601 UTC timestamp" grep -Eq \
		'^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z connection changed: ' $out
	check "sysfs: deregistered when done" wait_file_is "$f" 0

	# MTU and address changes wake nobody.
	$ctl wait-connection >$out 2>$err &
	pid=$!
	wait_file_is "$f" 1
	ip link set nn-ea mtu 1400
	ip addr add 192.0.2.1/24 dev nn-ea
	ip link set nn-eb up
	check "only the connection changes woke it" \
		wait_for 5 grep -q ', 2 in all$' $out
	sleep 1
	check "not the MTU or the address" sh -c "! grep -q ', [3-9] in all$' $out"
	# Killed: the eventfd's last descriptor goes, and the registration.
	kill -9 $pid
	wait $pid 2>/dev/null
	check "killed: the registration vanished" wait_file_is "$f" 0
	check "unlike the interfaces, still there" ip link show nn-ea >/dev/null

	# SIGTERM: it deregisters and says so.
	$ctl wait-connection >$out 2>$err &
	pid=$!
	wait_file_is "$f" 1
	kill -TERM $pid
	wait $pid
	rc=$?
	check "SIGTERM: exit status 0" test $rc = 0
	check "SIGTERM: says it deregistered" grep -q "deregistered" $err
	check "sysfs: gone" file_is "$f" 0

	# Another namespace counts its own.
	ip netns add nn-e
	ip netns exec nn-e $ctl wait-connection --count 1 >$out 2>$err &
	pid=$!
	check "in a namespace: counted there" wait_file_is \
		"$NN_SYSFS/netns/$(stat -L -c %i /run/netns/nn-e)/connection_events" 1
	check "not here" file_is "$f" 0
	ip link set nn-eb netns nn-e
	ip -n nn-e link set nn-eb up
	check "woken by its own namespace's interface" wait_for 10 exited $pid
	reap $pid
	check "and exited 0" test $? = 0
	ip netns del nn-e

	# Without CAP_NET_ADMIN: refused, with the reason.
	timeout 10 $NN_NOBODY $ctl wait-connection --count 1 >$out 2>$err
	rc=$?
	check "unprivileged: refused, exit status 1" test $rc = 1
	check "unprivileged: EPERM, with a hint" sh -c \
		"grep -q 'Operation not permitted' $err && grep -q 'CAP_NET_ADMIN' $err"
	check "unprivileged: nothing registered" file_is "$f" 0

	# Descriptors that are not eventfds, through the same family.
	$ctl register --fd 0 </dev/null >$out 2>$err
	check "a file that is no eventfd: EINVAL" grep -q "Invalid argument" $err
	$ctl register --fd 99 >$out 2>$err
	check "a closed descriptor: EBADF" grep -q "Bad file descriptor" $err
	check "sysfs: nothing registered" file_is "$f" 0

	# The owner of a user namespace has CAP_NET_ADMIN in its network
	# namespaces, where the kernel lets unprivileged users make them.
	if $NN_NOBODY unshare -r -n true 2>/dev/null; then
		rm -f $out $err
		$NN_NOBODY unshare -r -n sh -c "
			timeout 10 $ctl wait-connection --count 1 >$out 2>$err &
			i=0
			while ! grep -qs waiting $err && [ \$i -lt 100 ]; do
				sleep 0.1; i=\$((i + 1))
			done
			ip link add nn-u0 type dummy && ip link set nn-u0 up
			wait \$!"
		rc=$?
		check "user namespace owner: registered and woken, exit 0" test $rc = 0
		check "user namespace owner: one change" grep -q ', 1 in all$' $out
	else
		skip "user namespace owner: registered and woken" \
			"unprivileged user namespaces are not available"
		skip "user namespace owner: one change" \
			"unprivileged user namespaces are not available"
	fi
	ip link del nn-ea 2>/dev/null
	rm -f $ctl $out $err
	suite_end
}
