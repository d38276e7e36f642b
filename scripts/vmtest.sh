#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The QEMU tier: the stock Debian 6.1 and 6.12 kernels boot under QEMU (TCG,
# two CPUs) from an initramfs with busybox, iproute2, the kernel's own dummy
# and veth modules, netnotify.ko, the sample client and the self-test module
# built from kunit/ through the KTAP shim. One boot per kernel, one KTAP
# document per boot.
#
# usage: vmtest.sh [--demo | --scale] [6.1] [6.12]
#
# The test boot includes the scale suite with NN_CHECK_ROUTES (50,000)
# routes; --scale boots for the scale suite alone, with NN_SCALE_ROUTES
# (1,000,000) routes and more memory.
set -eo pipefail
NN_TAG=vmtest
. "$(dirname "$0")/lib.sh"

mode=test
routes=${NN_CHECK_ROUTES:-50000}
mem=1536
limit=${NN_VM_TIMEOUT:-1200}
expect="$NN_SUITES,netnotify_client_routes,netnotify_scale"
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
esac
series_list=${*:-6.1 6.12}

nn_need $NN_PKGS_BUILD $NN_PKGS_VM

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

make_initrd() {
	local rel=$1 img=$2 mods=$3 root="$NN_CACHE/initrd/$1" m ko
	rm -rf "$root"
	mkdir -p "$root"/{bin,nn/preload,nn/samples,nn/scripts}
	cp /bin/busybox "$root/bin/busybox"
	# radvd checks who owns its configuration against /etc/passwd.
	mkdir -p "$root/etc"
	echo 'root:x:0:0:root:/root:/bin/sh' >"$root/etc/passwd"
	echo 'root:x:0:' >"$root/etc/group"
	# dash as /bin/sh: busybox's own sh would run its applets (a limited
	# "ip") in preference to the real binaries on PATH.
	copy_bin "$root" "$(readlink -f /bin/sh)" /bin/sh
	copy_bin "$root" "$(command -v ip)" /usr/sbin/ip
	copy_bin "$root" "$(command -v radvd)" /usr/sbin/radvd
	for m in dummy veth; do
		ko=$(find "$img/lib/modules/$rel" -name "$m.ko*" | head -1)
		[ -n "$ko" ] || nn_die "$m module missing from $rel"
		copy_ko "$ko" "$root/nn/preload/$m.ko"
	done
	cp "$mods"/netnotify.ko "$mods"/netnotify_selftest.ko "$root/nn/"
	cp "$mods"/samples/netnotify_client.ko "$root/nn/samples/"
	# Static: nothing to copy with it.
	install -D -m 0755 "$forge" "$root/nn/bin/nnforge"
	cp "$NN_ROOT"/scripts/guest/*.sh "$root/nn/scripts/"
	cp "$NN_ROOT/scripts/guest/qemu-init.sh" "$root/init"
	(cd "$root" && find . | cpio -o -H newc --quiet) >"$NN_CACHE/initrd/$rel.cpio"
	echo "$NN_CACHE/initrd/$rel.cpio"
}

status=0
mkdir -p "$NN_CACHE/logs" "$NN_CACHE/results"
forge=$(nn_build_forge)
for series in $series_list; do
	rel=$(nn_release "$series")
	kdir=$(nn_headers "$rel")
	img=$(nn_image "$rel")
	mods="$NN_CACHE/build/$rel"
	nn_log "$rel: building modules"
	nn_build_modules "$kdir" "$mods"
	initrd=$(make_initrd "$rel" "$img" "$mods")

	log="$NN_CACHE/logs/$mode-$rel.log"
	nn_log "$rel: booting under QEMU (log: $log)"
	timeout --foreground "$limit" \
		qemu-system-x86_64 -accel tcg -cpu max -smp 2 -m $mem \
		-nographic -no-reboot -monitor none -serial stdio \
		-kernel "$img/boot/vmlinuz-$rel" -initrd "$initrd" \
		-append "console=ttyS0 panic=-1 oops=panic loglevel=7 printk.devkmsg=on nn_version=$version nn_mode=$mode nn_scale=$routes" \
		</dev/null >"$log" 2>&1 || true

	if [ $mode = demo ]; then
		sed -n 's/^\[[ 0-9.]*\] //; s/^demo| \{0,1\}//p' "$log"
		grep -q "demo complete" "$log" || status=1
		continue
	fi
	if [ $mode = scale ]; then
		sed -n 's/^\[[ 0-9.]*\] //; s/^    # //p' "$log"
	fi
	python3 "$NN_ROOT/scripts/ktap.py" "$log" --tier "$NN_TAG $series ($rel)" \
		--expect "$expect" \
		--require "netnotify: guest run complete" \
		--out "$NN_CACHE/results/$NN_TAG-$series" || status=1
done
exit $status
