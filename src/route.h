/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Route source: MIB_IPFORWARD_ROW2 for every next hop of every route.
 */
#ifndef _NN_ROUTE_H
#define _NN_ROUTE_H

#include <linux/types.h>
#include <linux/xarray.h>
#include <netnotify/netnotify.h>

struct net;
struct nn_net;
struct nn_vec;
struct nn_route_table;
struct nlmsghdr;

/**
 * struct nn_routes - route tracking of one namespace
 * @table: the rows by key; NULL while no route handle exists.
 * @nexthops: nexthop objects (struct nn_nh) by id.
 * @members: route handles subscribed.
 * @joined: the listener is in the route and nexthop groups.
 * @sync: the caches must be built from dumps before the next message.
 * @lost: @sync is because messages were lost: tell the handles.
 * @recheck: links (ifindex) whose routes must be read again.
 * @recheck_v4: read every IPv4 route again (a preferred source went).
 * @recheck_nh: read the nexthop objects again.
 *
 * Protected by the namespace lock. Routes are tracked only while a route
 * handle exists: a full table costs memory, and nobody else needs it.
 */
struct nn_routes {
	struct nn_route_table *table;
	struct xarray *nexthops;
	unsigned int members;
	bool joined;
	bool sync;
	bool lost;
	struct xarray recheck;
	bool recheck_v4;
	bool recheck_nh;
};

int nn_route_subscribe(struct nn_net *nn);
void nn_route_unsubscribe(struct nn_net *nn);
bool nn_route_msg(struct nn_net *nn, const struct nlmsghdr *nlh);
void nn_route_link_down(struct nn_net *nn, int ifindex);
void nn_route_addr_gone(struct nn_net *nn, u16 family,
			const union netnotify_inet_addr *addr);
void nn_route_lost(struct nn_net *nn);
int nn_route_resync(struct nn_net *nn);
void nn_route_net_gone(struct nn_net *nn);
void nn_route_work(struct nn_net *nn);
int nn_route_net_init(struct nn_net *nn);
int nn_route_collect(struct net *net, u16 family, u32 table, int ifindex,
		     struct nn_vec *rows);
void nn_route_net_exit(struct nn_net *nn);

#endif /* _NN_ROUTE_H */
