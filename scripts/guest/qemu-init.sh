#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# /init of the QEMU initramfs: busybox, iproute2, netnotify's modules and
# helpers under /nn, and for the stock kernels their dummy and veth modules
# (the debug kernels have them built in).

/bin/busybox mkdir -p /proc /sys /dev /run /tmp /sbin /usr/bin /usr/sbin
# Applets for everything but sh (dash) and ip (iproute2), which exist.
/bin/busybox --install -s
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
cd /nn/scripts || exit 1
. ./lib.sh
nn_mounts
# A KUnit case holds insmod for as long as it runs, minutes on a debug
# kernel under TCG; a real deadlock still reports itself within 10.
echo 600 >/proc/sys/kernel/hung_task_timeout_secs 2>/dev/null

export NN_MODDIR=/nn NN_VERSION="$nn_version" NN_SHIM="${nn_shim:-1}"
export NN_FORGE=/nn/bin/nnforge NN_FAILNTH=/nn/bin/nnfailnth
export NN_EVFD=/nn/bin/nnevfd NN_CTL=/nn/bin/nnctl NN_DUMP=/nn/bin/nndump
NN_PRELOAD=$(ls /nn/preload/*.ko 2>/dev/null)
export NN_PRELOAD
export NN_SCALE="${nn_scale:-0}" NN_STRESS="${nn_stress:-0}"
case "$nn_mode" in
demo)
	./demo.sh
	;;
scale)
	./scale.sh
	;;
bench)
	NN_BENCH_REPS=$nn_bench_reps NN_BENCH_SCALE=$nn_bench_scale \
		NN_BENCH_ONLY=$(echo "$nn_bench_only" | tr , ' ') ./bench.sh
	;;
stress)
	./run.sh stress
	;;
*)
	./run.sh
	;;
esac
# The debug kernels have no ACPI to power off with; QEMU runs with
# -no-reboot, so a reboot ends it just the same.
[ -d /sys/firmware/acpi ] && poweroff -f
reboot -f
