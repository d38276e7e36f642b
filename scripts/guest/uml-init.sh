#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# PID 1 of the UML guest. Its root is the host's, read-only, through hostfs;
# the kernel command line passes nn_* settings as environment variables.

export PATH=/usr/sbin:/usr/bin:/sbin:/bin
cd "$(dirname "$0")" || exit 1
. ./lib.sh
nn_mounts

export NN_MODDIR="$nn_moddir" NN_VERSION="$nn_version" NN_FORGE="$nn_forge"
export NN_FAILNTH="$nn_failnth" NN_EVFD="$nn_evfd" NN_CTL="$nn_ctl"
case "$nn_mode" in
lockdep)
	insmod "$NN_MODDIR/netnotify.ko"
	insmod "$NN_MODDIR/netnotify_lockdep_test.ko"
	kmsg "netnotify: guest run complete"
	;;
lockdep-inside)
	insmod "$NN_MODDIR/netnotify.ko"
	insmod "$NN_MODDIR/netnotify_lockdep_inside_test.ko"
	kmsg "netnotify: guest run complete"
	;;
*)
	./run.sh
	;;
esac
busybox poweroff -f
