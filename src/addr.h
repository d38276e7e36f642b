/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Unicast address source: MIB_UNICASTIPADDRESS_ROW for every address.
 */
#ifndef _NN_ADDR_H
#define _NN_ADDR_H

#include <linux/types.h>
#include <netnotify/netnotify.h>

struct net;

extern const struct nn_source_ops nn_addr_source;

/**
 * struct nn_addr_info - an address as one message describes it
 * @row: the row.
 * @tstamp: when its lifetimes were last set, in the kernel's hundredths of
 *	a second since boot. Unchanged while lifetimes merely count down.
 * @valid_cfg: the valid lifetime as set, in seconds, U32_MAX for infinite.
 * @pref_cfg: the preferred lifetime as set.
 */
struct nn_addr_info {
	struct netnotify_unicast_ip_address_row row;
	u32 tstamp;
	u32 valid_cfg;
	u32 pref_cfg;
};

int nn_addr_collect(struct net *net, u16 family, struct nn_addr_info **infos,
		    u32 *n);

#endif /* _NN_ADDR_H */
