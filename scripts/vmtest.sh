#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The QEMU tiers, two CPUs under TCG, one boot per kernel and one KTAP
# document per boot, from an initramfs with busybox, iproute2, netnotify.ko,
# the sample client, the stress client and the self-test module. Kernels:
#
#   6.1, 6.12  the stock Debian kernels, with their own dummy and veth
#              modules; the self-test module is built from kunit/ through
#              the KTAP shim.
#   debug      the debug SMP kernel: Debian's linux-source-6.12 built from
#              scripts/qemu/{debug,kasan}.config (KASAN, lockdep, kmemleak,
#              fault injection), netnotify built in its tree with KUnit.
#              Its boot adds the fault-injection suites and a short stress
#              run to the suites.
#   kcsan      the same with KCSAN in place of KASAN, for the stress run.
#
# usage: vmtest.sh [--demo | --scale | --bench | --stress] [6.1] [6.12]
#	[debug] [kcsan]
#
# The test boot includes the scale suite with NN_CHECK_ROUTES (50,000)
# routes (not on the debug kernels); --scale boots for the scale suite
# alone, with NN_SCALE_ROUTES (1,000,000) routes and more memory; --stress
# boots for the stress run alone (the event-path fault suite, then
# STRESS_MINUTES (10) of stress), on kcsan unless told otherwise; --bench
# boots for make bench (scripts/guest/bench.sh, then scripts/bench.py makes
# the table), on 6.12 unless told otherwise.
set -eo pipefail
NN_TAG=vmtest
. "$(dirname "$0")/lib.sh"

mode=test
routes=${NN_CHECK_ROUTES:-50000}
mem=1536
# A stock guest takes about 15 minutes alone, but a cold make check builds
# three kernels beside it on the same two cores: room for twice that.
limit=${NN_VM_TIMEOUT:-2700}
expect="$NN_SUITES,netnotify_client_routes,netnotify_scale"
minutes=${NN_CHECK_STRESS_MINUTES:-2}
defaults="6.1 6.12"
case "${1:-}" in
--demo)
	mode=demo
	routes=0
	shift
	;;
--scale)
	mode=scale
	routes=${NN_SCALE_ROUTES:-1000000}
	mem=6144
	limit=${NN_VM_TIMEOUT:-5400}
	expect=netnotify_scale
	NN_TAG=scale
	shift
	;;
--bench)
	mode=bench
	routes=0
	mem=6144
	# A quarter of the counts unless told otherwise: 15 to 25 minutes
	# here, where the full counts take hours under TCG.
	bench_scale=${NN_BENCH_SCALE:-4}
	case $bench_scale in
	'' | *[!0-9]* | 0*) nn_die "NN_BENCH_SCALE must be a positive integer" ;;
	esac
	limit=${NN_VM_TIMEOUT:-$((1800 + 14400 / bench_scale))}
	defaults=6.12
	NN_TAG=bench
	shift
	;;
--stress)
	mode=stress
	minutes=${STRESS_MINUTES:-10}
	limit=${NN_VM_TIMEOUT:-$((minutes * 60 + 1500))}
	expect=netnotify_fault_events,netnotify_stress,netnotify_kmemleak
	defaults=kcsan
	NN_TAG=stress
	shift
	;;
esac
series_list=${*:-$defaults}

nn_need $NN_PKGS_BUILD $NN_PKGS_VM
# make bench's profile figure runs perf in the guest.
[ $mode = bench ] && nn_need linux-perf

version=$(sed -n 's/^#define NETNOTIFY_VERSION "\(.*\)"/\1/p' \
	"$NN_ROOT/include/netnotify/netnotify.h")

# Copy a binary and the shared libraries it needs into the staging root.
copy_bin() {
	local root=$1 bin=$2 dest=$3 lib
	install -D -m 0755 "$bin" "$root$dest"
	for lib in $(ldd "$bin" | grep -o '/[^ ]*'); do
		[ -e "$root$lib" ] || install -D -m 0755 "$lib" "$root$lib"
	done
}

# A kernel module of the stock image, decompressed (busybox insmod wants
# plain ELF).
copy_ko() {
	local src=$1 dest=$2
	case $src in
	*.xz) xz -dc "$src" >"$dest" ;;
	*.zst) zstd -qdc "$src" >"$dest" ;;
	*) cp "$src" "$dest" ;;
	esac
}

# make_initrd <name> <modules dir> [<stock image> <release>]: the initramfs,
# with the stock image's dummy and veth modules when one is given (the
# debug kernels have them built in).
make_initrd() {
	local name=$1 mods=$2 img=${3:-} rel=${4:-} root="$NN_CACHE/initrd/$1" m ko
	rm -rf "$root"
	mkdir -p "$root"/{bin,nn/preload,nn/samples,nn/scripts}
	cp /bin/busybox "$root/bin/busybox"
	# radvd checks who owns its configuration against /etc/passwd.
	mkdir -p "$root/etc"
	# nobody: the unprivileged user of the nnctl suite.
	printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' \
		'nobody:x:65534:65534:nobody:/nonexistent:/bin/sh' >"$root/etc/passwd"
	printf '%s\n' 'root:x:0:' 'nogroup:x:65534:' >"$root/etc/group"
	# dash as /bin/sh: busybox's own sh would run its applets (a limited
	# "ip") in preference to the real binaries on PATH.
	copy_bin "$root" "$(readlink -f /bin/sh)" /bin/sh
	copy_bin "$root" "$(command -v ip)" /usr/sbin/ip
	copy_bin "$root" "$(command -v radvd)" /usr/sbin/radvd
	# util-linux's: busybox's setpriv cannot change user, and its unshare
	# is kept beside it for the same options everywhere.
	copy_bin "$root" "$(command -v setpriv)" /usr/bin/setpriv
	copy_bin "$root" "$(command -v unshare)" /usr/bin/unshare
	if [ -n "$img" ]; then
		for m in dummy veth; do
			ko=$(find "$img/lib/modules/$rel" -name "$m.ko*" | head -1)
			[ -n "$ko" ] || nn_die "$m module missing from $rel"
			copy_ko "$ko" "$root/nn/preload/$m.ko"
		done
	fi
	cp "$mods"/netnotify.ko "$mods"/netnotify_selftest.ko \
		"$mods"/netnotify_stress.ko "$root/nn/"
	# Built out of tree only: the debug kernels do not run the benchmarks.
	[ -e "$mods"/netnotify_bench.ko ] && cp "$mods"/netnotify_bench.ko "$root/nn/"
	[ $mode = bench ] && copy_bin "$root" /usr/bin/perf /usr/bin/perf
	cp "$mods"/samples/netnotify_client.ko "$mods"/samples/netnotify_devices.ko \
		"$mods"/samples/netnotify_connect.ko "$mods"/samples/netnotify_im.ko \
		"$root/nn/samples/"
	# Static: nothing to copy with them.
	install -D -m 0755 "$forge" "$root/nn/bin/nnforge"
	install -D -m 0755 "$failnth" "$root/nn/bin/nnfailnth"
	install -D -m 0755 "$evfd" "$root/nn/bin/nnevfd"
	install -D -m 0755 "$ctl" "$root/nn/bin/nnctl"
	install -D -m 0755 "$dump" "$root/nn/bin/nndump"
	cp "$NN_ROOT"/scripts/guest/*.sh "$root/nn/scripts/"
	cp "$NN_ROOT/scripts/guest/qemu-init.sh" "$root/init"
	(cd "$root" && find . | cpio -o -H newc --quiet) >"$NN_CACHE/initrd/$name.cpio"
	echo "$NN_CACHE/initrd/$name.cpio"
}

# debug_kernel <sanitizer>: build the debug kernel (and, in its tree,
# netnotify's modules); prints the build directory.
debug_kernel() {
	local src
	src=$(nn_source_tree 6.12)
	NN_KERNEL_TARGETS="bzImage modules" nn_kernel "$src" x86_64 tinyconfig \
		"$NN_ROOT/scripts/qemu/debug.config" "$NN_ROOT/scripts/qemu/$1.config"
}

status=0
mkdir -p "$NN_CACHE/logs" "$NN_CACHE/results"
forge=$(nn_build_tool nnforge)
failnth=$(nn_build_tool nnfailnth)
evfd=$(nn_build_tool nnevfd)
dump=$(nn_build_tool nndump)
ctl=$(nn_build_nnctl)
for series in $series_list; do
	case $series in
	debug | kcsan)
		[ $series = debug ] && san=kasan || san=kcsan
		nn_log "$series: building the $san kernel"
		build=$(debug_kernel $san)
		rel=$(cat "$build/include/config/kernel.release")-$san
		kernel="$build/arch/x86/boot/bzImage"
		initrd=$(make_initrd "$rel" "$build/net/netnotify")
		shim=0
		stress=$minutes
		# A debug kernel under TCG takes longer for every suite. The
		# scale suite is about sizes and times, which the stock
		# kernels measure; here it would only take a quarter of an hour.
		scale=0
		want=${expect%,netnotify_scale}
		[ $mode = test ] && limit=${NN_VM_TIMEOUT:-3600}
		;;
	*)
		rel=$(nn_release "$series")
		kdir=$(nn_headers "$rel")
		img=$(nn_image "$rel")
		mods="$NN_CACHE/build/$rel"
		nn_log "$rel: building modules"
		nn_build_modules "$kdir" "$mods"
		kernel="$img/boot/vmlinuz-$rel"
		initrd=$(make_initrd "$rel" "$mods" "$img" "$rel")
		shim=1
		stress=0
		scale=$routes
		want=$expect
		;;
	esac

	log="$NN_CACHE/logs/$mode-$rel.log"
	# make bench reads per-cache slab counts (/proc/slabinfo).
	extra=
	[ $mode = bench ] && extra="slab_nomerge nn_bench_reps=${NN_BENCH_REPS:-5} nn_bench_scale=$bench_scale"
	partial=
	if [ $mode = bench ] && [ -n "${NN_BENCH_ONLY:-}" ]; then
		extra="$extra nn_bench_only=$(echo $NN_BENCH_ONLY | tr ' ' ,)"
		partial=--partial
	fi
	nn_log "$rel: booting under QEMU (log: $log)"
	timeout --foreground "$limit" \
		qemu-system-x86_64 -accel tcg -cpu max -smp 2 -m $mem \
		-nographic -no-reboot -monitor none -serial stdio \
		-kernel "$kernel" -initrd "$initrd" \
		-append "console=ttyS0 panic=-1 oops=panic loglevel=7 printk.devkmsg=on log_buf_len=16M nn_version=$version nn_mode=$mode nn_scale=$scale nn_shim=$shim nn_stress=$stress $extra" \
		</dev/null >"$log" 2>&1 || true

	if [ $mode = demo ]; then
		sed -n 's/^\[[ 0-9.]*\] //; s/^demo| \{0,1\}//p' "$log"
		grep -q "demo complete" "$log" || status=1
		continue
	fi
	if [ $mode = bench ]; then
		python3 "$NN_ROOT/scripts/bench.py" "$log" \
			--reps "${NN_BENCH_REPS:-5}" $partial --json "$NN_CACHE/logs/bench-$rel.json" || status=1
		continue
	fi
	if [ $mode = scale ] || [ $mode = stress ]; then
		sed -n 's/^\[[ 0-9.]*\] //; s/^    # //p' "$log"
	fi
	python3 "$NN_ROOT/scripts/ktap.py" "$log" --tier "$NN_TAG $series ($rel)" \
		--expect "$want" \
		--require "netnotify: guest run complete" \
		--out "$NN_CACHE/results/$NN_TAG-$series" || status=1
done
exit $status
