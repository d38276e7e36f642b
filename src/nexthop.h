/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Nexthop objects (ip nexthop): what routes using RTA_NH_ID resolve to.
 */
#ifndef _NN_NEXTHOP_H
#define _NN_NEXTHOP_H

#include <linux/rtnetlink.h>
#include <linux/types.h>
#include <linux/xarray.h>
#include <netnotify/netnotify.h>

struct net;
struct nlmsghdr;

/* Next hop flags that are part of a row; dead and linkdown change silently. */
#define NN_RTNH_FLAGS		(RTNH_F_ONLINK | RTNH_F_PERVASIVE)

/*
 * A nexthop object; a group lists its members. Allocated zeroed and compared
 * with memcmp(), the group's weights in full.
 */
struct nn_nh {
	u32 id;
	u16 family;
	bool blackhole;
	int oif;
	u32 flags;
	union netnotify_inet_addr gw;
	u16 ngrp;
	struct {
		u32 id;
		u16 weight;	/* 1 to 65535 */
	} grp[];
};

/* One next hop of a route, resolved. */
struct nn_hop {
	union netnotify_inet_addr gw;
	u16 gw_family;
	u16 weight;
	int ifindex;
	u32 flags;
};

struct nn_nh *nn_nh_parse(const struct nlmsghdr *nlh);
bool nn_nh_same(const struct nn_nh *a, const struct nn_nh *b);
void nn_nh_free_all(struct xarray *xa);
u32 nn_nh_expand(struct xarray *nexthops, u32 id, struct nn_hop *hops,
		 u32 max);
u32 nn_nh_size(struct xarray *nexthops, u32 id);
struct xarray *nn_nh_read(struct net *net);

#endif /* _NN_NEXTHOP_H */
