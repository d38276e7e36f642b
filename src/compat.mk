# SPDX-License-Identifier: GPL-2.0
#
# Kernel feature probes for src/compat.h. They test what the headers provide,
# never the version number, so stable backports are picked up by themselves.

nn-probe = $(shell grep -s -q -E $(1) $(srctree)/$(2) && echo y)

# EXPORT_SYMBOL_NS_GPL() and MODULE_IMPORT_NS() take a bare identifier up to
# 6.12 and a string literal from 6.13 on.
ifeq ($(call nn-probe,'define EXPORT_SYMBOL_NS_GPL.*__stringify\(ns\)',include/linux/export.h),y)
ccflags-y += -DNN_COMPAT_NS_IDENTIFIER
endif

# INFINITY_LIFE_TIME (an address lifetime that never ends) moved from
# addrconf.c to include/net/addrconf.h in 6.3.
ifneq ($(call nn-probe,'define INFINITY_LIFE_TIME',include/net/addrconf.h),y)
ccflags-y += -DNN_COMPAT_NO_INFINITY_LIFE_TIME
endif
