#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make demo: boot the stock Debian 6.12 kernel under QEMU with netnotify and
# the sample client, run a short iproute2 scenario, and print what the
# client's callback saw and the sysfs view.
exec "$(dirname "$0")/vmtest.sh" --demo 6.12
