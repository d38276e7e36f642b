#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make [KVER=6.1|6.12]: build the modules in the source tree, for the running
# kernel when its build directory exists, else for the newest installed
# Debian headers (installing 6.12's if there are none), or for the newest
# Debian kernel of the series KVER names.
set -eo pipefail
NN_TAG=build
. "$(dirname "$0")/lib.sh"

if [ "${1:-}" = --clean ]; then
	kdir=$(ls -d /lib/modules/"$(uname -r)"/build /usr/src/linux-headers-*-amd64 \
		2>/dev/null | head -1 || true)
	[ -n "$kdir" ] && make -s -C "$kdir" M="$NN_ROOT" clean
	exit 0
fi

if [ -n "${1:-}" ]; then
	kdir=$(nn_headers "$(nn_release "$1")")
elif [ -d "/lib/modules/$(uname -r)/build" ]; then
	kdir=/lib/modules/$(uname -r)/build
else
	kdir=$(ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -1)
	[ -n "$kdir" ] || kdir=$(nn_headers "$(nn_release 6.12)")
fi
nn_log "building against $kdir"
make -C "$kdir" M="$NN_ROOT" modules
