# SPDX-License-Identifier: GPL-2.0
#
# netnotify. The kernel build itself is driven by Kbuild; this Makefile holds
# the commands. Each installs what it needs (Debian packages) through
# scripts/, and keeps heavy outputs in ~/.cache/netnotify.
#
#   make              build netnotify.ko for this machine's kernel
#   make KVER=6.1     ... for the newest Debian 6.1 (or 6.12) headers, or
#                     KVER=<release> for that release (uname -r)
#   make demo         boot Debian 6.12 in QEMU and show a client at work
#   make check        lint + kunit + vmtest, then "N passed, N failed"
#   make lint         W=1, sparse and checkpatch on both kernels
#   make kunit        KUnit suites under UML 6.12 and 6.1 (debug kernels)
#   make vmtest       the suites on stock Debian 6.1 and 6.12 under QEMU
#   make debugtest    the suites, fault sweeps and a short stress run on the
#                     debug SMP kernel (KASAN, lockdep, kmemleak) under QEMU
#   make stress       STRESS_MINUTES (10) of stress on the KCSAN kernel,
#                     with the invariants checked and the figures printed
#   make scale        a million routes in and out under QEMU (Debian 6.12;
#                     SCALE_KVER="6.1 6.12" for both), with figures
#   make bench        every cost as a ratio against its baseline, measured
#                     in one boot under QEMU (Debian 6.12; BENCH_KVER="6.1
#                     6.12" for both): a table, and JSON in the logs; a
#                     quarter of the counts (NN_BENCH_SCALE=4) by default
#   make clean

KVER ?=

all: module

module:
	@scripts/build.sh $(KVER)

demo:
	@scripts/demo.sh

check:
	@scripts/check.sh

lint:
	@scripts/lint.sh

kunit:
	@scripts/uml.sh

vmtest:
	@scripts/vmtest.sh

debugtest:
	@scripts/vmtest.sh debug

STRESS_MINUTES ?= 10
stress:
	@STRESS_MINUTES=$(STRESS_MINUTES) scripts/vmtest.sh --stress

SCALE_KVER ?= 6.12
scale:
	@scripts/vmtest.sh --scale $(SCALE_KVER)

BENCH_KVER ?= 6.12
bench:
	@scripts/vmtest.sh --bench $(BENCH_KVER)

clean:
	@scripts/build.sh --clean

.PHONY: all module demo check lint kunit vmtest debugtest stress scale bench clean
