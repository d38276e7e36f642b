#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make [KVER=6.1|6.12|<release>]: build the modules in the source tree, for
# the running kernel when its build directory exists, else for the newest
# installed Debian headers (installing 6.12's if there are none), or for
# the newest Debian kernel of the series KVER names, or for the release it
# names (6.12.117+deb12-amd64, as uname -r prints it).
set -eo pipefail
NN_TAG=build
. "$(dirname "$0")/lib.sh"

if [ "${1:-}" = --clean ]; then
	kdir=$(ls -d /lib/modules/"$(uname -r)"/build /usr/src/linux-headers-*-amd64 \
		2>/dev/null | head -1 || true)
	[ -n "$kdir" ] && make -s -C "$kdir" M="$NN_ROOT" clean
	exit 0
fi

case ${1:-} in
6.1 | 6.12)
	# Apart, so that a failure stops the build (set -e).
	rel=$(nn_release "$1")
	kdir=$(nn_headers "$rel")
	;;
?*)
	kdir=/lib/modules/$1/build
	[ -d "$kdir" ] || kdir=$(nn_headers "$1")
	;;
*)
	kdir=/lib/modules/$(uname -r)/build
	if [ ! -d "$kdir" ]; then
		# None installed is no error (pipefail): 6.12's are installed next.
		kdir=$(ls -d /usr/src/linux-headers-*-amd64 2>/dev/null |
			sort -V | tail -1) || true
		if [ -z "$kdir" ]; then
			rel=$(nn_release 6.12)
			kdir=$(nn_headers "$rel")
		fi
	fi
	;;
esac
nn_log "building against $kdir"
make -C "$kdir" M="$NN_ROOT" modules
