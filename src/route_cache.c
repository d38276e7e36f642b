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

/*
 * Rows of IPv4 routes through IPv4 gateways (or none), and the others:
 * IPv6 routes, and IPv4 routes through IPv6 gateways.
 */
static struct kmem_cache *nn_route_v4_cache __read_mostly;
static struct kmem_cache *nn_route_v6_cache __read_mostly;

/**
 * nn_rt_cache_init() - make the slab caches of the route rows
 *
 * Context: Module load (the route source's init hook), before any route
 * handle exists: an on-demand source has no rows until then.
 * Return: 0 or -ENOMEM.
 */
int nn_rt_cache_init(void)
{
	nn_route_v4_cache = kmem_cache_create("netnotify_route_v4",
					      NN_ROUTE_V4_SIZE, 0, 0, NULL);
	if (!nn_route_v4_cache)
		return -ENOMEM;
	nn_route_v6_cache = kmem_cache_create("netnotify_route_v6",
					      NN_ROUTE_V6_SIZE, 0, 0, NULL);
	if (!nn_route_v6_cache) {
		kmem_cache_destroy(nn_route_v4_cache);
		return -ENOMEM;
	}
	return 0;
}

/**
 * nn_rt_cache_release() - destroy the slab caches of the route rows
 *
 * Context: Module unload (the route source's release hook), after every
 * namespace's rows were freed.
 */
void nn_rt_cache_release(void)
{
	kmem_cache_destroy(nn_route_v6_cache);
	kmem_cache_destroy(nn_route_v4_cache);
}

/* The bytes each address of a row of a route and gateway of these takes. */
static unsigned int nn_route_alen(u16 family, u16 gateway_family)
{
	return family == AF_INET && gateway_family != AF_INET6 ?
	       sizeof(struct in_addr) : sizeof(struct in6_addr);
}

static struct kmem_cache *nn_route_slab(u16 family, u16 gateway_family)
{
	return nn_route_alen(family, gateway_family) == sizeof(struct in_addr) ?
	       nn_route_v4_cache : nn_route_v6_cache;
}

static void nn_route_free(struct nn_route *r)
{
	kmem_cache_free(nn_route_slab(r->family, r->gateway_family), r);
}

/*
 * Fill @r, allocated for @row's family and gateway family, from @row. The
 * address bytes past nn_route_alen() are zero in every row a message gives
 * (route_msg.c clears each address before it fills it), so none is lost.
 */
static void nn_route_pack(struct nn_route *r,
			  const struct netnotify_ip_forward_row *row)
{
	unsigned int alen = nn_route_alen(row->family, row->gateway_family);

	r->metric = row->metric;
	r->table = row->table;
	r->flags = row->flags;
	r->nhid = row->nhid;
	r->mtu = row->mtu;
	r->valid_lifetime = row->valid_lifetime;
	r->ifindex = row->ifindex;
	r->weight = row->weight;
	r->family = row->family;
	r->gateway_family = row->gateway_family;
	r->dst_len = row->dst_len;
	r->src_len = row->src_len;
	r->protocol = row->protocol;
	r->type = row->type;
	r->scope = row->scope;
	r->tos = row->tos;
	memcpy(r->addr, &row->dst, alen);
	memcpy(r->addr + alen, &row->gateway, alen);
	memcpy(r->addr + 2 * alen, &row->prefsrc, alen);
	memcpy(r->addr + 3 * alen, &row->src, alen);
}

/**
 * nn_route_unpack() - the public row of a packed one
 * @r: the packed row.
 * @row: receives it, every byte written (padding and unused address bytes
 *	are zero, as in the rows the route messages give).
 */
void nn_route_unpack(const struct nn_route *r,
		     struct netnotify_ip_forward_row *row)
{
	unsigned int alen = nn_route_alen(r->family, r->gateway_family);

	memset(row, 0, sizeof(*row));
	row->metric = r->metric;
	row->table = r->table;
	row->flags = r->flags;
	row->nhid = r->nhid;
	row->mtu = r->mtu;
	row->valid_lifetime = r->valid_lifetime;
	row->ifindex = r->ifindex;
	row->weight = r->weight;
	row->family = r->family;
	row->gateway_family = r->gateway_family;
	row->dst_len = r->dst_len;
	row->src_len = r->src_len;
	row->protocol = r->protocol;
	row->type = r->type;
	row->scope = r->scope;
	row->tos = r->tos;
	memcpy(&row->dst, r->addr, alen);
	memcpy(&row->gateway, r->addr + alen, alen);
	memcpy(&row->prefsrc, r->addr + 2 * alen, alen);
	memcpy(&row->src, r->addr + 3 * alen, alen);
}

/* Is @a, packed in @alen bytes at @p, the address @a? */
static bool nn_route_addr_is(const u8 *p, unsigned int alen,
			     const union netnotify_inet_addr *a)
{
	return !memcmp(p, a, alen) &&
	       !memchr_inv((const u8 *)a + alen, 0, sizeof(*a) - alen);
}

/*
 * Is @r a row of @row's route? The kernel keys a route by family, table,
 * destination, prefix length and metric. Compared packed: a lookup walks
 * every row of a bucket, and unpacking each would cost a 112-byte copy.
 */
static bool nn_route_of(const struct nn_route *r,
			const struct netnotify_ip_forward_row *row)
{
	return r->family == row->family && r->table == row->table &&
	       r->metric == row->metric && r->dst_len == row->dst_len &&
	       nn_route_addr_is(r->addr, nn_route_alen(r->family,
						       r->gateway_family),
				&row->dst);
}

/* Is @r the row of a next hop of this link, gateway family and gateway? */
static bool nn_route_via(const struct nn_route *r, int ifindex,
			 u16 gateway_family,
			 const union netnotify_inet_addr *gateway)
{
	unsigned int alen = nn_route_alen(r->family, r->gateway_family);

	return r->ifindex == ifindex && r->gateway_family == gateway_family &&
	       nn_route_addr_is(r->addr + alen, alen, gateway);
}

static u32 nn_rt_hash(u32 table, u32 metric, u16 family, u8 dst_len,
		      const union netnotify_inet_addr *dst)
{
	u32 h = jhash_3words(table, metric, family << 8 | dst_len, 0);

	return jhash2((const u32 *)dst, sizeof(*dst) / 4, h);
}

static struct hlist_head *nn_rt_bucket(struct nn_route_table *t,
				       const struct netnotify_ip_forward_row *row)
{
	u32 h = nn_rt_hash(row->table, row->metric, row->family, row->dst_len,
			   &row->dst);

	return &t->buckets[hash_32(h, t->bits)];
}

/* The bucket of a packed row, without unpacking the rest of it. */
static struct hlist_head *nn_rt_route_bucket(struct nn_route_table *t,
					     const struct nn_route *r)
{
	union netnotify_inet_addr dst = {};
	u32 h;

	memcpy(&dst, r->addr, nn_route_alen(r->family, r->gateway_family));
	h = nn_rt_hash(r->table, r->metric, r->family, r->dst_len, &dst);
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
			hlist_add_head(&r->node, nn_rt_route_bucket(t, r));
		}
		if (!(i & 1023))
			cond_resched();
	}
	kvfree(old);
}

void nn_rt_insert(struct nn_route_table *t, struct nn_route *r)
{
	hlist_add_head(&r->node, nn_rt_route_bucket(t, r));
	if (++t->count > 2U << t->bits && !t->frozen)
		nn_rt_resize(t, t->bits + 1);
}

void nn_rt_remove(struct nn_route_table *t, struct nn_route *r)
{
	hlist_del(&r->node);
	nn_route_free(r);
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
	nn_route_free(r);
}

void nn_rt_table_free(struct nn_route_table *t)
{
	if (!t)
		return;
	nn_rt_for_each(t, nn_rt_free_one, NULL);
	kvfree(t->buckets);
	kfree(t);
}

/* The row of @row's route through @row's next hop, or NULL. */
struct nn_route *nn_rt_find(struct nn_route_table *t,
			    const struct netnotify_ip_forward_row *row)
{
	struct nn_route *r;

	hlist_for_each_entry(r, nn_rt_bucket(t, row), node)
		if (nn_route_of(r, row) &&
		    nn_route_via(r, row->ifindex, row->gateway_family,
				 &row->gateway))
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
	struct netnotify_ip_forward_row row;

	/* Nobody to tell (a table being built): no row to unpack. */
	if (s) {
		nn_route_unpack(r, &row);
		nn_rt_report(s, NETNOTIFY_DELETE, &row);
	}
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
	struct netnotify_ip_forward_row cur;
	struct nn_route *r = nn_rt_find(t, row);

	/*
	 * The row found has @row's family and gateway family (they are part
	 * of the key), hence its size: it is updated in place.
	 */
	if (r) {
		nn_route_unpack(r, &cur);
		if (!nn_rt_differs(&cur, row)) {
			r->valid_lifetime = row->valid_lifetime;
			return 0;
		}
		nn_route_pack(r, row);
		nn_rt_report(s, NETNOTIFY_PARAMETER, row);
		return 0;
	}
	r = kmem_cache_alloc(nn_route_slab(row->family, row->gateway_family),
			     GFP_KERNEL);
	if (!r) {
		if (s)
			nn_src_lost(s);
		return -ENOMEM;
	}
	nn_route_pack(r, row);
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

/* Is @r the row of one of @rt's next hops? */
static bool nn_rt_has_hop(const struct nn_rt *rt, const struct nn_route *r)
{
	u32 i;

	for (i = 0; i < rt->nhops; i++)
		if (nn_route_via(r, rt->hops[i].ifindex, rt->hops[i].gw_family,
				 &rt->hops[i].gw))
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
		if (nn_route_of(r, &rt->base) &&
		    (!same_nhid || r->nhid == rt->base.nhid) &&
		    !nn_rt_has_hop(rt, r))
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
			if (nn_route_of(r, &rt->base) &&
			    r->nhid == rt->base.nhid)
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

