// SPDX-License-Identifier: GPL-2.0
/*
 * The route cache: every row of every route, hashed by what the kernel keys
 * a route by, and the changes to it (adding, replacing and deleting a
 * route's rows), each reported to the route source's subscribers as it is
 * made. Only the namespace work changes the cache, under the namespace
 * lock.
 */

#include "route_cache.h"
#include "netns.h"
#include "nexthop.h"

#include <linux/hash.h>
#include <linux/jhash.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <net/netlink.h>

#define NN_RT_MIN_BITS		6

/* Are @a and @b rows of the same route? */
bool nn_rt_same_route(const struct netnotify_ip_forward_row *a,
		      const struct netnotify_ip_forward_row *b)
{
	return a->family == b->family && a->table == b->table &&
	       a->metric == b->metric && a->dst_len == b->dst_len &&
	       !memcmp(&a->dst, &b->dst, sizeof(a->dst));
}

struct hlist_head *nn_rt_bucket(struct nn_route_table *t,
				const struct netnotify_ip_forward_row *row)
{
	u32 h = jhash_3words(row->table, row->metric,
			     row->family << 8 | row->dst_len, 0);

	h = jhash2((const u32 *)&row->dst, sizeof(row->dst) / 4, h);
	return &t->buckets[hash_32(h, t->bits)];
}

struct nn_route_table *nn_rt_table_new(void)
{
	struct nn_route_table *t = kzalloc(sizeof(*t), GFP_KERNEL);
	unsigned int i;

	if (!t)
		return NULL;
	t->bits = NN_RT_MIN_BITS;
	t->buckets = kvmalloc_array(1U << t->bits, sizeof(*t->buckets),
				    NN_GFP_READ);
	if (!t->buckets) {
		kfree(t);
		return NULL;
	}
	for (i = 0; i < 1U << t->bits; i++)
		INIT_HLIST_HEAD(&t->buckets[i]);
	return t;
}

/* Rehash into 2^@bits buckets; on allocation failure keep the old size. */
static void nn_rt_resize(struct nn_route_table *t, unsigned int bits)
{
	struct hlist_head *old = t->buckets;
	unsigned int i, n = 1U << t->bits;
	struct hlist_node *tmp;
	struct nn_route *r;

	t->buckets = kvmalloc_array(1U << bits, sizeof(*t->buckets), NN_GFP_READ);
	if (!t->buckets) {
		t->buckets = old;
		return;
	}
	for (i = 0; i < 1U << bits; i++)
		INIT_HLIST_HEAD(&t->buckets[i]);
	t->bits = bits;
	for (i = 0; i < n; i++) {
		hlist_for_each_entry_safe(r, tmp, &old[i], node) {
			hlist_del(&r->node);
			hlist_add_head(&r->node, nn_rt_bucket(t, &r->row));
		}
		if (!(i & 1023))
			cond_resched();
	}
	kvfree(old);
}

void nn_rt_insert(struct nn_route_table *t, struct nn_route *r)
{
	hlist_add_head(&r->node, nn_rt_bucket(t, &r->row));
	if (++t->count > 2U << t->bits && !t->frozen)
		nn_rt_resize(t, t->bits + 1);
}

void nn_rt_remove(struct nn_route_table *t, struct nn_route *r)
{
	hlist_del(&r->node);
	kfree(r);
	if (--t->count < (1U << t->bits) / 8 && t->bits > NN_RT_MIN_BITS &&
	    !t->frozen)
		nn_rt_resize(t, t->bits - 1);
}

/*
 * A walk that may remove rows sets @t->frozen: a shrink would rehash the
 * rows under it. Afterwards, shrink to fit at once.
 */
static void nn_rt_thaw(struct nn_route_table *t)
{
	t->frozen = false;
	if (t->count < (1U << t->bits) / 8 && t->bits > NN_RT_MIN_BITS)
		nn_rt_resize(t, max_t(unsigned int, NN_RT_MIN_BITS,
				      ilog2(t->count | 1) + 1));
}

/* Call @fn on every row; @fn may remove the row it is given. */
void nn_rt_for_each(struct nn_route_table *t,
		    void (*fn)(struct nn_route *r, void *arg), void *arg)
{
	struct hlist_node *tmp;
	struct nn_route *r;
	unsigned int i;

	t->frozen = true;
	for (i = 0; i < 1U << t->bits; i++) {
		hlist_for_each_entry_safe(r, tmp, &t->buckets[i], node)
			fn(r, arg);
		if (!(i & 1023))
			cond_resched();
	}
	nn_rt_thaw(t);
}

static void nn_rt_free_one(struct nn_route *r, void *arg)
{
	hlist_del(&r->node);
	kfree(r);
}

void nn_rt_table_free(struct nn_route_table *t)
{
	if (!t)
		return;
	nn_rt_for_each(t, nn_rt_free_one, NULL);
	kvfree(t->buckets);
	kfree(t);
}

static bool nn_rt_same_hop(const struct netnotify_ip_forward_row *a,
			   const struct netnotify_ip_forward_row *b)
{
	return a->ifindex == b->ifindex &&
	       !memcmp(&a->gateway, &b->gateway, sizeof(a->gateway));
}

struct nn_route *nn_rt_find(struct nn_route_table *t,
			    const struct netnotify_ip_forward_row *row)
{
	struct nn_route *r;

	hlist_for_each_entry(r, nn_rt_bucket(t, row), node)
		if (nn_rt_same_route(&r->row, row) &&
		    nn_rt_same_hop(&r->row, row))
			return r;
	return NULL;
}

/* Move every row of @from into @to (both private), and free @from. */
static void nn_rt_merge_visit(struct nn_route *r, void *arg)
{
	struct nn_route_table *to = arg;

	hlist_del(&r->node);
	nn_rt_insert(to, r);
}

void nn_rt_merge(struct nn_route_table *to, struct nn_route_table *from)
{
	nn_rt_for_each(from, nn_rt_merge_visit, to);
	from->count = 0;
	nn_rt_table_free(from);
}

/* The row of @rt through @hop. */
void nn_rt_row(const struct nn_rt *rt, const struct nn_hop *hop,
	       struct netnotify_ip_forward_row *row)
{
	memcpy(row, &rt->base, sizeof(*row));
	row->ifindex = hop->ifindex;
	row->gateway = hop->gw;
	row->gateway_family = hop->gw_family;
	row->weight = hop->weight;
	row->flags = hop->flags;
}

/* Did anything but the lifetime counting down change? */
static bool nn_rt_differs(const struct netnotify_ip_forward_row *a,
			  const struct netnotify_ip_forward_row *b)
{
	struct netnotify_ip_forward_row x, y;

	memcpy(&x, a, sizeof(x));
	memcpy(&y, b, sizeof(y));
	x.valid_lifetime = 0;
	y.valid_lifetime = 0;
	return memcmp(&x, &y, sizeof(x));
}

static void nn_rt_report(struct nn_src *s, enum netnotify_type type,
			 const struct netnotify_ip_forward_row *row)
{
	if (s)
		nn_src_fanout(s, row->family, type, row, sizeof(*row));
}

void nn_rt_delete(struct nn_src *s, struct nn_route_table *t,
		  struct nn_route *r)
{
	nn_rt_report(s, NETNOTIFY_DELETE, &r->row);
	nn_rt_remove(t, r);
}

/*
 * Add a row, or update it if its key exists. @s NULL: report nothing.
 * Returns -ENOMEM when the row could not be added: a reporting caller has
 * the caches rebuilt, a table being read from a dump must fail.
 */
int nn_rt_upsert(struct nn_src *s, struct nn_route_table *t,
		 const struct netnotify_ip_forward_row *row)
{
	struct nn_route *r = nn_rt_find(t, row);

	if (r) {
		bool changed = nn_rt_differs(&r->row, row);

		memcpy(&r->row, row, sizeof(*row));
		if (changed)
			nn_rt_report(s, NETNOTIFY_PARAMETER, row);
		return 0;
	}
	r = kmalloc(sizeof(*r), GFP_KERNEL);
	if (!r) {
		if (s)
			nn_src_lost(s);
		return -ENOMEM;
	}
	memcpy(&r->row, row, sizeof(*row));
	nn_rt_insert(t, r);
	nn_rt_report(s, NETNOTIFY_ADD, row);
	return 0;
}

int nn_rt_add(struct nn_src *s, struct nn_route_table *t,
	      const struct nn_rt *rt)
{
	struct netnotify_ip_forward_row row;
	int err = 0;
	u32 i;

	for (i = 0; i < rt->nhops && !err; i++) {
		nn_rt_row(rt, &rt->hops[i], &row);
		err = nn_rt_upsert(s, t, &row);
	}
	return err;
}

static bool nn_rt_has_hop(const struct nn_rt *rt,
			  const struct netnotify_ip_forward_row *row)
{
	u32 i;

	for (i = 0; i < rt->nhops; i++)
		if (rt->hops[i].ifindex == row->ifindex &&
		    !memcmp(&rt->hops[i].gw, &row->gateway, sizeof(row->gateway)))
			return true;
	return false;
}

/*
 * The route now has exactly @rt's next hops: old rows not among them are
 * deleted first, then the new ones added or updated. With @same_nhid only
 * rows of the same nexthop object count as the route's.
 */
void nn_rt_replace(struct nn_src *s, struct nn_route_table *t,
		   const struct nn_rt *rt, bool same_nhid)
{
	struct hlist_node *tmp;
	struct nn_route *r;

	t->frozen = true;
	hlist_for_each_entry_safe(r, tmp, nn_rt_bucket(t, &rt->base), node)
		if (nn_rt_same_route(&r->row, &rt->base) &&
		    (!same_nhid || r->row.nhid == rt->base.nhid) &&
		    !nn_rt_has_hop(rt, &r->row))
			nn_rt_delete(s, t, r);
	nn_rt_thaw(t);
	nn_rt_add(s, t, rt);
}

void nn_rt_del(struct nn_src *s, struct nn_route_table *t,
	       const struct nn_rt *rt)
{
	struct netnotify_ip_forward_row row;
	struct hlist_node *tmp;
	struct nn_route *r;
	u32 i;

	/* Its nexthop object is gone already: the route's rows of it go. */
	if (rt->unresolved) {
		t->frozen = true;
		hlist_for_each_entry_safe(r, tmp, nn_rt_bucket(t, &rt->base),
					  node)
			if (nn_rt_same_route(&r->row, &rt->base) &&
			    r->row.nhid == rt->base.nhid)
				nn_rt_delete(s, t, r);
		nn_rt_thaw(t);
		return;
	}
	for (i = 0; i < rt->nhops; i++) {
		nn_rt_row(rt, &rt->hops[i], &row);
		r = nn_rt_find(t, &row);
		if (r)
			nn_rt_delete(s, t, r);
	}
}

