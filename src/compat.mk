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

# A nexthop group entry's weight gained a high byte (weight_high, in what was
# resvd1) and the helper nexthop_grp_weight() that combines both; Debian's
# 6.1 has it from a stable backport, older kernels do not.
ifneq ($(call nn-probe,'nexthop_grp_weight',include/uapi/linux/nexthop.h),y)
ccflags-y += -DNN_COMPAT_NO_NEXTHOP_GRP_WEIGHT
endif

# Until rt6_add_dflt_router() took the lifetime, a route from a router
# advertisement was announced before its expiry was set: its first
# RTM_NEWROUTE says it never expires. Only tests care.
ifneq ($(call nn-probe,'u32 defrtr_usr_metric,$$',include/net/ip6_route.h),y)
ccflags-y += -DNN_COMPAT_RA_ROUTE_EXPIRY_LATE
endif

# A netlink extended ack has a buffer for a formatted message
# (NL_SET_ERR_MSG_FMT) from 6.2 on; before, only a pointer to one.
ifneq ($(call nn-probe,'define NL_SET_ERR_MSG_FMT',include/linux/netlink.h),y)
ccflags-y += -DNN_COMPAT_NO_EXTACK_MSG_BUF
endif

# eventfd_signal() lost its count argument in 6.8 (it always adds one).
ifeq ($(call nn-probe,'eventfd_signal\(struct eventfd_ctx \*ctx, __u64 n\)',include/linux/eventfd.h),y)
ccflags-y += -DNN_COMPAT_EVENTFD_SIGNAL_COUNT
endif

# fd_file() reads a struct fd's file from 6.12 on (the field became a tagged
# word); before, the field is .file.
ifneq ($(call nn-probe,'define fd_file',include/linux/file.h),y)
ccflags-y += -DNN_COMPAT_NO_FD_FILE
endif
