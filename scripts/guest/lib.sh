# SPDX-License-Identifier: GPL-2.0
# Helpers for scripts that run inside a test guest (UML or QEMU), under
# busybox ash or dash. Results go to the kernel log as KTAP, so they
# interleave in order with what the kernel prints.

NN_SYSFS=/sys/kernel/netnotify

kmsg() {
	echo "<6>$*" >/dev/kmsg
}

# Mount what a minimal init needs; harmless when already mounted.
nn_mounts() {
	mount -t proc proc /proc 2>/dev/null
	mount -t sysfs sysfs /sys 2>/dev/null
	mount -t devtmpfs devtmpfs /dev 2>/dev/null
	mount -t tmpfs tmpfs /run 2>/dev/null
	# A UML guest shares the host's root, and a checkout or the cache may
	# live in the host's /tmp: keep its directories reachable, through
	# symbolic links, from the guest's own writable /tmp (the guest only
	# writes files there).
	mkdir -p /run/host-tmp
	mount -o bind /tmp /run/host-tmp 2>/dev/null
	mount -t tmpfs tmpfs /tmp 2>/dev/null
	for f in /run/host-tmp/*; do
		[ -d "$f" ] && ln -s "$f" "/tmp/${f##*/}"
	done
	mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
	mkdir -p /run/netns
	ip link set lo up 2>/dev/null
}

# --- KTAP -----------------------------------------------------------------

# suite_begin <number> <name>
suite_begin() {
	NN_SUITE_NUM=$1
	NN_SUITE=$2
	NN_CASE=0
	NN_FAILED=0
	kmsg "    KTAP version 1"
	kmsg "    # Subtest: $NN_SUITE"
}

# check <description> <command...>: one test case, passing when the
# command succeeds.
check() {
	local desc=$1
	shift
	NN_CASE=$((NN_CASE + 1))
	if "$@"; then
		kmsg "    ok $NN_CASE $desc"
	else
		kmsg "    # $NN_SUITE: failed: $*"
		kmsg "    not ok $NN_CASE $desc"
		NN_FAILED=$((NN_FAILED + 1))
	fi
}

skip() {
	NN_CASE=$((NN_CASE + 1))
	kmsg "    ok $NN_CASE $1 # SKIP $2"
}

suite_end() {
	if [ "$NN_FAILED" = 0 ]; then
		kmsg "ok $NN_SUITE_NUM $NN_SUITE"
	else
		kmsg "not ok $NN_SUITE_NUM $NN_SUITE"
	fi
}

# --- kernel log -----------------------------------------------------------

# Print a unique marker into the log and remember it; log_since prints what
# was logged after the last marker.
NN_MARK_N=0
mark() {
	NN_MARK_N=$((NN_MARK_N + 1))
	NN_MARK="nn-mark-$$-$NN_MARK_N"
	kmsg "# $NN_MARK"
}

log_since() {
	dmesg | sed -n "/# $NN_MARK\$/,\$p"
}

# wait_log <extended regex> [seconds]: wait until a line logged after the
# last marker matches.
wait_log() {
	local i=0 max=$((${2:-5} * 10))
	while [ $i -lt $max ]; do
		log_since | grep -Eq -- "$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	kmsg "    # no log line matching: $1"
	return 1
}

# logged <extended regex>: a line after the last marker matches already.
logged() {
	log_since | grep -Eq -- "$1"
}

# none_after <regex 1> <regex 2>: after the last marker, no line matching
# regex 2 follows the first line matching regex 1 (which must be there).
none_after() {
	log_since | awk -v a="$1" -v b="$2" '
		seen && $0 ~ b { bad = 1 }
		$0 ~ a { seen = 1 }
		END { exit !(seen && !bad) }'
}

# wait_gone <path> [seconds]: wait until it no longer exists.
wait_gone() {
	local i=0 max=$((${2:-5} * 10))
	while [ $i -lt $max ]; do
		[ -e "$1" ] || return 0
		sleep 0.1
		i=$((i + 1))
	done
	kmsg "    # $1 still exists"
	return 1
}

# no_log <extended regex>: nothing after the last marker matches.
no_log() {
	! log_since | grep -Eq -- "$1"
}

# file_is <path> <expected content>
file_is() {
	[ "$(cat "$1" 2>/dev/null)" = "$2" ] ||
		{ kmsg "    # $1 is '$(cat "$1" 2>/dev/null)', expected '$2'"; return 1; }
}

# wait_file_is <path> <content> [seconds]
wait_file_is() {
	local i=0 max=$((${3:-5} * 10))
	while [ $i -lt $max ]; do
		[ "$(cat "$1" 2>/dev/null)" = "$2" ] && return 0
		sleep 0.1
		i=$((i + 1))
	done
	file_is "$1" "$2"
}
