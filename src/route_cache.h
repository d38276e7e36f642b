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
 * One row: 128 bytes, so a million routes cost 128 MiB. The route key is
 * read from the row rather than stored beside it.
 */
struct nn_route {
	struct hlist_node node;
	struct netnotify_ip_forward_row row;
};

static_assert(sizeof(struct nn_route) <= 128);

/*
 * Rows hashed by what the kernel keys a route by (family, table,
 * destination, prefix length, metric), so a route's rows share a bucket.
 * It grows and shrinks with the number of rows.
 */
struct nn_route_table {
	struct hlist_head *buckets;
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

bool nn_rt_same_route(const struct netnotify_ip_forward_row *a,
		      const struct netnotify_ip_forward_row *b);
struct hlist_head *nn_rt_bucket(struct nn_route_table *t,
				const struct netnotify_ip_forward_row *row);
struct nn_route_table *nn_rt_table_new(void);
void nn_rt_insert(struct nn_route_table *t, struct nn_route *r);
void nn_rt_remove(struct nn_route_table *t, struct nn_route *r);
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
