#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# make scale, inside the guest: the scale suite alone, with NN_SCALE routes,
# as a KTAP document of its own.

cd "$(dirname "$0")" || exit 1
. ./lib.sh
. ./tests.sh

for ko in $NN_PRELOAD; do
	insmod "$ko" || kmsg "# preloading $ko failed"
done
insmod "$NN_MODDIR/netnotify.ko" || kmsg "# loading netnotify.ko failed"
kmsg "KTAP version 1"
kmsg "1..1"
NN_SCALE_BASELINE=1 suite_scale 1
rmmod netnotify
kmsg "netnotify: guest run complete"
