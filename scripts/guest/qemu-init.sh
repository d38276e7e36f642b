#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# /init of the QEMU initramfs: busybox, iproute2, the stock kernel's dummy
# and veth modules, and netnotify's modules under /nn.

/bin/busybox mkdir -p /proc /sys /dev /run /tmp /sbin /usr/bin /usr/sbin
# Applets for everything but sh (dash) and ip (iproute2), which exist.
/bin/busybox --install -s
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
cd /nn/scripts || exit 1
. ./lib.sh
nn_mounts

export NN_MODDIR=/nn NN_VERSION="$nn_version" NN_SHIM=1
export NN_FORGE=/nn/bin/nnforge
export NN_PRELOAD="/nn/preload/dummy.ko /nn/preload/veth.ko"
export NN_SCALE="${nn_scale:-0}"
case "$nn_mode" in
demo)
	./demo.sh
	;;
scale)
	./scale.sh
	;;
*)
	./run.sh
	;;
esac
poweroff -f
