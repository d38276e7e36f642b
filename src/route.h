/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Route source: MIB_IPFORWARD_ROW2 for every next hop of every route.
 */
#ifndef _NN_ROUTE_H
#define _NN_ROUTE_H

#include <linux/types.h>

struct net;
struct nn_vec;

extern const struct nn_source_ops nn_route_source;

int nn_route_collect(struct net *net, u16 family, u32 table, int ifindex,
		     struct nn_vec *rows);

#endif /* _NN_ROUTE_H */
