/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The route source's state, its cache of rows, and the changes to it.
 * Private to the route source (route.c, route_cache.c, route_msg.c).
 */
#ifndef _NN_ROUTE_CACHE_H
#define _NN_ROUTE_CACHE_H

#include "nexthop.h"

#include <linux/list.h>
#include <linux/types.h>
#include <linux/xarray.h>
#include <netnotify/netnotify.h>

struct nn_src;

/*
 * One row, packed: the fields of struct netnotify_ip_forward_row, then its
 * four addresses (destination, gateway, preferred source, source), each
 * nn_route_alen() bytes: 4 when the route and its gateway are IPv4, else
 * 16. The cache holds a row per next hop of every route, as many as the
 * kernel's own routes, so its size is what a big table costs: an IPv4 row
 * takes 62 bytes, from the 64-byte kmalloc class (the public row and a
 * list node would take 128), an IPv6 row 110, from the 128-byte class.
 * The hash chain is singly linked, which is what makes an IPv4 row fit 64
 * bytes; its chains are short, so unlinking a row walks its bucket. Read
 * it with nn_route_unpack().
 */
struct nn_route {
	struct nn_route *next;
	u32 metric;
	u32 table;
	u32 flags;
	u32 nhid;
	u32 mtu;
	u32 valid_lifetime;
	int ifindex;
	u16 weight;
	u8 family;
	u8 gateway_family;
	u8 dst_len;
	u8 src_len;
	u8 protocol;
	u8 type;
	u8 scope;
	u8 tos;
	u8 addr[];
};

#define NN_ROUTE_V4_SIZE	(offsetof(struct nn_route, addr) + 4 * 4)
#define NN_ROUTE_V6_SIZE	(offsetof(struct nn_route, addr) + 4 * 16)

static_assert(NN_ROUTE_V4_SIZE <= 64);
static_assert(NN_ROUTE_V6_SIZE <= 128);

/*
 * Rows hashed by what the kernel keys a route by (family, table,
 * destination, prefix length, metric), so a route's rows share a bucket.
 * It grows and shrinks with the number of rows.
 */
struct nn_route_table {
	struct nn_route **buckets;
	unsigned int bits;
	unsigned int count;
	bool frozen;	/* being walked: do not resize */
};

/**
 * struct nn_routes - the route source's state in one namespace
 * @table: the rows; NULL until the source's first sync.
 * @nexthops: nexthop objects (struct nn_nh) by id; NULL with @table.
 * @recheck: links (ifindex) whose routes must be read again.
 * @recheck_v4: read every IPv4 route again (a preferred source went).
 * @recheck_nh: read the nexthop objects again.
 *
 * The source is on demand: this exists only while route handles do, as a
 * full table costs memory nobody else needs.
 */
struct nn_routes {
	struct nn_route_table *table;
	struct xarray *nexthops;
	struct xarray recheck;
	bool recheck_v4;
	bool recheck_nh;
};

/* A route as one message describes it; @base holds its key. */
struct nn_rt {
	struct netnotify_ip_forward_row base;
	bool unresolved;	/* its nexthop object is unknown */
	u32 nhops;
	struct nn_hop hops[];
};

void nn_route_unpack(const struct nn_route *r,
		     struct netnotify_ip_forward_row *row);
struct nn_route_table *nn_rt_table_new(void);
void nn_rt_for_each(struct nn_route_table *t,
		    void (*fn)(struct nn_route *r, void *arg), void *arg);
void nn_rt_table_free(struct nn_route_table *t);
struct nn_route *nn_rt_find(struct nn_route_table *t,
			    const struct netnotify_ip_forward_row *row);
void nn_rt_merge(struct nn_route_table *to, struct nn_route_table *from);

/*
 * Changes. @s is the route source, whose subscribers are told of each, or
 * NULL while a table is being built from a dump.
 */
void nn_rt_row(const struct nn_rt *rt, const struct nn_hop *hop,
	       struct netnotify_ip_forward_row *row);
void nn_rt_delete(struct nn_src *s, struct nn_route_table *t,
		  struct nn_route *r);
int nn_rt_upsert(struct nn_src *s, struct nn_route_table *t,
		 const struct netnotify_ip_forward_row *row);
int nn_rt_add(struct nn_src *s, struct nn_route_table *t,
	      const struct nn_rt *rt);
void nn_rt_replace(struct nn_src *s, struct nn_route_table *t,
		   const struct nn_rt *rt, bool same_nhid);
void nn_rt_del(struct nn_src *s, struct nn_route_table *t,
	       const struct nn_rt *rt);

#endif /* _NN_ROUTE_CACHE_H */
