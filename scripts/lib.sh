# SPDX-License-Identifier: GPL-2.0
# Shared by the scripts/ commands; source it, do not run it.
#
# Heavy outputs live outside the repository, in $NN_CACHE, keyed by kernel
# version and configuration, so that a second run is incremental.

NN_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
NN_CACHE=${NETNOTIFY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/netnotify}
NN_JOBS=${NN_JOBS:-$(nproc)}
mkdir -p "$NN_CACHE"

nn_log() { printf '[%s] %s\n' "${NN_TAG:-netnotify}" "$*" >&2; }
nn_die() { nn_log "error: $*"; exit 1; }

# Run as root, through sudo when needed.
nn_root() {
	if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# Install the Debian packages named in "$@" that are missing.
nn_need() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	nn_log "installing ${missing[*]}"
	nn_apt_update_once
	nn_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends "${missing[@]}" >"$NN_CACHE/apt.log" 2>&1 ||
		{ tail -20 "$NN_CACHE/apt.log" >&2; nn_die "apt-get install failed"; }
}

nn_apt_update_once() {
	[ -n "${NN_APT_UPDATED:-}" ] && return 0
	nn_root apt-get update -q >"$NN_CACHE/apt-update.log" 2>&1 ||
		nn_log "apt-get update failed; using the lists we have"
	NN_APT_UPDATED=1
}

# The Debian kernel release (uname -r style) used for series 6.1 or 6.12:
# the newest one apt offers, or failing that the newest installed headers.
# Cached per series in $NN_CACHE/release-<series> for one day, so every tier
# of a run agrees.
nn_release() {
	local series=$1 pat rel stamp="$NN_CACHE/release-$1"
	if [ -f "$stamp" ] && [ -n "$(find "$stamp" -mmin -1440)" ]; then
		cat "$stamp"
		return
	fi
	case $series in
	6.1) pat='6\.1\.0-[0-9]+-amd64' ;;
	6.12) pat='6\.12\.[0-9]+\+deb12-amd64' ;;
	*) nn_die "unknown kernel series $series" ;;
	esac
	rel=$(apt-cache search --names-only "^linux-headers-${pat}\$" 2>/dev/null |
		awk '{print $1}' | sed 's/^linux-headers-//' | sort -V | tail -1)
	if [ -z "$rel" ]; then
		nn_apt_update_once
		rel=$(apt-cache search --names-only "^linux-headers-${pat}\$" 2>/dev/null |
			awk '{print $1}' | sed 's/^linux-headers-//' | sort -V | tail -1)
	fi
	[ -z "$rel" ] && rel=$(ls -d /usr/src/linux-headers-* 2>/dev/null |
		sed 's|.*/linux-headers-||' | grep -E "^${pat}\$" | sort -V | tail -1)
	[ -n "$rel" ] || nn_die "no Debian kernel of series $series found"
	echo "$rel" >"$stamp"
	echo "$rel"
}

# Headers of a release, installed if needed; prints the build directory.
nn_headers() {
	local rel=$1
	nn_need "linux-headers-$rel" $NN_PKGS_BUILD
	echo "/usr/src/linux-headers-$rel"
}

# The stock kernel image of a release, unpacked into the cache (nothing is
# installed on the host); prints the directory holding boot/ and lib/.
nn_image() {
	local rel=$1 dir="$NN_CACHE/images/$1"
	if [ ! -f "$dir/.done" ]; then
		nn_need xz-utils
		nn_apt_update_once
		rm -rf "$dir" && mkdir -p "$dir/deb"
		(cd "$dir/deb" && apt-get download -q "linux-image-$rel-unsigned" \
			>/dev/null 2>&1) || nn_die "cannot download linux-image-$rel-unsigned"
		dpkg-deb -x "$dir"/deb/*.deb "$dir" || nn_die "cannot unpack image"
		rm -rf "$dir/deb"
		touch "$dir/.done"
	fi
	echo "$dir"
}

# Copy the sources to $2 and build every module against the kernel build
# directory $1. nn_sync copies only files whose content changed, stamped
# with the time of the copy, so make rebuilds exactly those: keeping the
# source's own time would leave an object built from an older copy looking
# newer than an edit made before it was built.
nn_sync() {
	rsync -rlpD --checksum --delete "$@"
}

nn_build_modules() {
	local kdir=$1 out=$2
	shift 2
	mkdir -p "$out"
	# Build products are excluded, and so survive --delete.
	nn_sync --exclude '*.o' --exclude '*.ko' --exclude '*.mod*' \
		--exclude '.*.cmd' --exclude Module.symvers --exclude modules.order \
		"$NN_ROOT"/{Kbuild,Kconfig,src,include,kunit,samples} "$out"/
	CCACHE_DIR="$NN_CACHE/ccache" make -s -C "$kdir" M="$out" \
		CC="ccache gcc" "$@" modules
}

# Unpack linux-source-<series> once per package version and overlay netnotify
# as net/netnotify/ (the same Kbuild as the out-of-tree build); prints the
# tree. The UML and the debug QEMU kernels build from it with O=, in tiers
# that run at once, so one tier at a time unpacks and overlays.
nn_source_tree() {
	local series=$1 pkgver src lock
	nn_need "linux-source-$series"
	pkgver=$(dpkg-query -W -f='${Version}' "linux-source-$series")
	src="$NN_CACHE/src/linux-source-$series-$pkgver"
	mkdir -p "$NN_CACHE/src"
	exec {lock}>"$NN_CACHE/src/.lock-$series"
	flock "$lock"
	if [ ! -f "$src/.unpacked" ]; then
		nn_log "unpacking linux-source-$series $pkgver"
		rm -rf "$src" "$src.tmp" && mkdir -p "$src.tmp"
		tar -xf "/usr/src/linux-source-$series.tar.xz" -C "$src.tmp" \
			--strip-components=1
		mv "$src.tmp" "$src"
		touch "$src/.unpacked"
	fi
	mkdir -p "$src/net/netnotify"
	nn_sync "$NN_ROOT"/{Kbuild,Kconfig,src,include,kunit,samples} \
		"$src/net/netnotify/"
	grep -q netnotify "$src/net/Kconfig" ||
		sed -i '/^endif   # if NET$/i source "net/netnotify/Kconfig"' "$src/net/Kconfig"
	grep -q netnotify "$src/net/Makefile" ||
		echo 'obj-$(CONFIG_NETNOTIFY) += netnotify/' >>"$src/net/Makefile"
	grep -q netnotify "$src/net/Kconfig" || nn_die "overlay of net/Kconfig failed"
	exec {lock}>&-
	echo "$src"
}

# nn_kernel <tree> <arch> <base config> <fragment files...>: configure a
# kernel build once per configuration (the fragment's hash names the build
# directory, beside the tree's name) and build it incrementally through
# ccache; prints the build directory. Every option of the fragments must
# survive olddefconfig. NN_KERNEL_TARGETS names what to build.
nn_kernel() {
	local src=$1 arch=$2 base=$3 frag hash build opt
	shift 3
	frag=$(cat "$@")
	hash=$(echo "$arch $base $frag" | sha1sum | cut -c1-12)
	build="$NN_CACHE/kernels/$(basename "$src")-$arch-$hash"
	if [ ! -f "$build/.config.done" ]; then
		nn_log "configuring $arch kernel ($build)"
		rm -rf "$build" && mkdir -p "$build"
		make -s -C "$src" O="$build" ARCH="$arch" "$base" >/dev/null
		echo "$frag" >"$build/fragment.config"
		"$src/scripts/kconfig/merge_config.sh" -m -O "$build" \
			"$build/.config" "$build/fragment.config" >/dev/null
		make -s -C "$src" O="$build" ARCH="$arch" olddefconfig >/dev/null
		for opt in $(echo "$frag" | grep -E '^CONFIG_'); do
			case $opt in
			*=n) ! grep -q "^${opt%=n}=" "$build/.config" ;;
			*) grep -qx "$opt" "$build/.config" ;;
			esac || nn_die "$arch kernel: $opt did not stick"
		done
		touch "$build/.config.done"
	fi
	nn_log "building $arch kernel $(basename "$build") (incremental)"
	CCACHE_DIR="$NN_CACHE/ccache" make -s -C "$src" O="$build" ARCH="$arch" \
		CC="ccache gcc" -j"$NN_JOBS" $NN_KERNEL_TARGETS >"$build/build.log" 2>&1 ||
		{ tail -30 "$build/build.log" >&2; nn_die "$arch kernel build failed"; }
	# Sanitizers grow stack frames: a warning there is as bad as in lint.
	if grep -A3 'net/netnotify/.*warning:' "$build/build.log" >&2; then
		nn_die "$arch kernel: netnotify built with warnings"
	fi
	echo "$build"
}

# nn_build_tool <name>: build scripts/guest/<name>.c, a user-space helper
# the guests run (nnforge forges rtnetlink messages, nnfailnth loads a
# module with an allocation failure injected), into $NN_CACHE/tools/<name>
# when its source changed, and print the path. Static, so that the QEMU
# initramfs needs no C library for it; the UML guest runs it from the
# host's root.
nn_build_tool() {
	local src="$NN_ROOT/scripts/guest/$1.c" out="$NN_CACHE/tools/$1"
	local sum
	nn_need $NN_PKGS_BUILD
	sum=$(sha256sum "$src" | cut -d' ' -f1)
	if [ ! -x "$out" ] || [ "$(cat "$out.sha256" 2>/dev/null)" != "$sum" ]; then
		# Tiers running in parallel may build it at once: each renames
		# its own complete copy into place.
		mkdir -p "$NN_CACHE/tools"
		gcc -static -O2 -Wall -Wextra -o "$out.$$" "$src" >&2 ||
			nn_die "cannot build $src"
		mv "$out.$$" "$out"
		echo "$sum" >"$out.sha256"
	fi
	echo "$out"
}

# nn_build_nnctl: build tools/nnctl static (the QEMU initramfs has no C
# library for it) into $NN_CACHE/tools/nnctl-build, through the tools'
# Makefile, which rebuilds it when a source changed, and print the path.
nn_build_nnctl() {
	local out="$NN_CACHE/tools/nnctl-build"
	nn_need $NN_PKGS_BUILD
	mkdir -p "$out"
	make -s -C "$NN_ROOT/tools" STATIC=1 O="$out" >&2 ||
		nn_die "cannot build tools/nnctl"
	echo "$out/nnctl"
}

# What each command installs.
NN_PKGS_BUILD="make gcc libc6-dev ccache libelf-dev bc flex bison rsync kmod xz-utils python3"
NN_PKGS_LINT="sparse perl"
NN_PKGS_UML="libssl-dev ccache busybox-static iproute2 radvd procps"
NN_PKGS_VM="qemu-system-x86 busybox-static iproute2 dash radvd cpio zstd"

# Every suite a full guest run reports, KUnit and shell alike.
NN_SUITES=netnotify_core,netnotify_handle,netnotify_iface,netnotify_addr
NN_SUITES=$NN_SUITES,netnotify_table,netnotify_route,netnotify_device
NN_SUITES=$NN_SUITES,netnotify_unregister,netnotify_connect,netnotify_warnings
NN_SUITES=$NN_SUITES,netnotify_client,netnotify_client_netns
NN_SUITES=$NN_SUITES,netnotify_client_unload,netnotify_kmemleak,netnotify_lifecycle
NN_SUITES=$NN_SUITES,netnotify_forge,netnotify_client_forge
NN_SUITES=$NN_SUITES,netnotify_devices,netnotify_devices_unload
NN_SUITES=$NN_SUITES,netnotify_connect_sample,netnotify_connect_unload,netnotify_im
NN_SUITES=$NN_SUITES,netnotify_im_sample
NN_SUITES=$NN_SUITES,netnotify_connevent,netnotify_nnctl
NN_SUITES=$NN_SUITES,netnotify_load_churn,netnotify_fault,netnotify_fault_load
NN_SUITES=$NN_SUITES,netnotify_fault_events,netnotify_stress
