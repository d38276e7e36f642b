/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Unicast address source: MIB_UNICASTIPADDRESS_ROW for every address.
 */
#ifndef _NN_ADDR_H
#define _NN_ADDR_H

#include <linux/types.h>
#include <linux/xarray.h>
#include <netnotify/netnotify.h>

struct net;
struct nn_net;
struct nlmsghdr;

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

struct nn_addr_table;

/**
 * struct nn_addrs - address cache of one namespace
 * @table: hash of struct nn_addr by key; replaced whole on resync.
 * @recheck: ifindexes whose IPv6 addresses must be re-read (link went down).
 */
struct nn_addrs {
	struct nn_addr_table *table;
	struct xarray recheck;
};

int nn_addr_init(void);
void nn_addr_exit(void);
int nn_addr_net_init(struct nn_net *nn);
void nn_addr_net_exit(struct nn_net *nn);
int nn_addr_sync(struct nn_net *nn);
bool nn_addr_msg(struct nn_net *nn, const struct nlmsghdr *nlh);
void nn_addr_link_down(struct nn_net *nn, int ifindex);
void nn_addr_link_gone(struct nn_net *nn, int ifindex);
void nn_addr_run_rechecks(struct nn_net *nn);
int nn_addr_collect(struct net *net, u16 family, struct nn_addr_info **infos,
		    u32 *n);

#endif /* _NN_ADDR_H */
