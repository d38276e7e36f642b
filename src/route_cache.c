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

/* The bytes each address of a row of a route and gateway of these takes. */
static unsigned int nn_route_alen(u16 family, u16 gateway_family)
{
	return family == AF_INET && gateway_family != AF_INET6 ?
	       sizeof(struct in_addr) : sizeof(struct in6_addr);
}

/* A row of a route and gateway of these families, from kmalloc. */
static struct nn_route *nn_route_alloc(u16 family, u16 gateway_family)
{
	return kmalloc(nn_route_alen(family, gateway_family) == 4 ?
		       NN_ROUTE_V4_SIZE : NN_ROUTE_V6_SIZE, GFP_KERNEL);
}

/* Pack and unpack copy each field of the public row: keep them in step. */
static_assert(sizeof(struct netnotify_ip_forward_row) == 112);

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

static struct nn_route **nn_rt_bucket(struct nn_route_table *t,
				      const struct netnotify_ip_forward_row *row)
{
	u32 h = nn_rt_hash(row->table, row->metric, row->family, row->dst_len,
			   &row->dst);

	return &t->buckets[hash_32(h, t->bits)];
}

/* The bucket of a packed row, without unpacking the rest of it. */
static struct nn_route **nn_rt_route_bucket(struct nn_route_table *t,
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

	if (!t)
		return NULL;
	t->bits = NN_RT_MIN_BITS;
	t->buckets = kvcalloc(1U << t->bits, sizeof(*t->buckets), NN_GFP_READ);
	if (!t->buckets) {
		kfree(t);
		return NULL;
	}
	return t;
}

/* Put @r at the head of its bucket. */
static void nn_rt_link(struct nn_route_table *t, struct nn_route *r)
{
	struct nn_route **b = nn_rt_route_bucket(t, r);

	r->next = *b;
	*b = r;
}

/*
 * Take @r out of its bucket. Its key never changes while it is linked
 * (nn_rt_upsert() updates only a row that has the key), so it is there;
 * if it were not, it stays allocated rather than be freed while linked.
 */
static bool nn_rt_unlink(struct nn_route_table *t, struct nn_route *r)
{
	struct nn_route **p = nn_rt_route_bucket(t, r);

	while (*p && *p != r)
		p = &(*p)->next;
	if (WARN_ON_ONCE(!*p))
		return false;
	*p = r->next;
	return true;
}

/* Rehash into 2^@bits buckets; on allocation failure keep the old size. */
static void nn_rt_resize(struct nn_route_table *t, unsigned int bits)
{
	struct nn_route **old = t->buckets;
	unsigned int i, n = 1U << t->bits;
	struct nn_route *r, *tmp;

	t->buckets = kvcalloc(1U << bits, sizeof(*t->buckets), NN_GFP_READ);
	if (!t->buckets) {
		t->buckets = old;
		return;
	}
	t->bits = bits;
	for (i = 0; i < n; i++) {
		for (r = old[i]; r; r = tmp) {
			tmp = r->next;
			nn_rt_link(t, r);
		}
		if (!(i & 1023))
			cond_resched();
	}
	kvfree(old);
}

static void nn_rt_insert(struct nn_route_table *t, struct nn_route *r)
{
	nn_rt_link(t, r);
	if (++t->count > 2U << t->bits && !t->frozen)
		nn_rt_resize(t, t->bits + 1);
}

static void nn_rt_remove(struct nn_route_table *t, struct nn_route *r)
{
	if (!nn_rt_unlink(t, r))
		return;
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

/*
 * Call @fn on every row; @fn may remove the row it is given (not the next
 * one, which the walk has already read).
 */
void nn_rt_for_each(struct nn_route_table *t,
		    void (*fn)(struct nn_route *r, void *arg), void *arg)
{
	struct nn_route *r, *tmp;
	unsigned int i;

	t->frozen = true;
	for (i = 0; i < 1U << t->bits; i++) {
		for (r = t->buckets[i]; r; r = tmp) {
			tmp = r->next;
			fn(r, arg);
		}
		if (!(i & 1023))
			cond_resched();
	}
	nn_rt_thaw(t);
}

/*
 * Empty @t into @fn, which takes each row over (moves or frees it): the
 * buckets are emptied as they are walked, so nothing links to a row once
 * @fn has it.
 */
static void nn_rt_drain(struct nn_route_table *t,
			void (*fn)(struct nn_route *r, void *arg), void *arg)
{
	struct nn_route *r, *tmp;
	unsigned int i;

	for (i = 0; i < 1U << t->bits; i++) {
		r = t->buckets[i];
		t->buckets[i] = NULL;
		for (; r; r = tmp) {
			tmp = r->next;
			fn(r, arg);
		}
		if (!(i & 1023))
			cond_resched();
	}
	t->count = 0;
}

static void nn_rt_free_one(struct nn_route *r, void *arg)
{
	kfree(r);
}

void nn_rt_table_free(struct nn_route_table *t)
{
	if (!t)
		return;
	nn_rt_drain(t, nn_rt_free_one, NULL);
	kvfree(t->buckets);
	kfree(t);
}

/* The row of @row's route through @row's next hop, or NULL. */
struct nn_route *nn_rt_find(struct nn_route_table *t,
			    const struct netnotify_ip_forward_row *row)
{
	struct nn_route *r;

	for (r = *nn_rt_bucket(t, row); r; r = r->next)
		if (nn_route_of(r, row) &&
		    nn_route_via(r, row->ifindex, row->gateway_family,
				 &row->gateway))
			return r;
	return NULL;
}

/* Move every row of @from into @to (both private), and free @from. */
static void nn_rt_merge_visit(struct nn_route *r, void *arg)
{
	nn_rt_insert(arg, r);
}

void nn_rt_merge(struct nn_route_table *to, struct nn_route_table *from)
{
	nn_rt_drain(from, nn_rt_merge_visit, to);
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
	r = nn_route_alloc(row->family, row->gateway_family);
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
	struct nn_route *r, *tmp;

	t->frozen = true;
	for (r = *nn_rt_bucket(t, &rt->base); r; r = tmp) {
		tmp = r->next;
		if (nn_route_of(r, &rt->base) &&
		    (!same_nhid || r->nhid == rt->base.nhid) &&
		    !nn_rt_has_hop(rt, r))
			nn_rt_delete(s, t, r);
	}
	nn_rt_thaw(t);
	nn_rt_add(s, t, rt);
}

void nn_rt_del(struct nn_src *s, struct nn_route_table *t,
	       const struct nn_rt *rt)
{
	struct netnotify_ip_forward_row row;
	struct nn_route *r, *tmp;
	u32 i;

	/* Its nexthop object is gone already: the route's rows of it go. */
	if (rt->unresolved) {
		t->frozen = true;
		for (r = *nn_rt_bucket(t, &rt->base); r; r = tmp) {
			tmp = r->next;
			if (nn_route_of(r, &rt->base) &&
			    r->nhid == rt->base.nhid)
				nn_rt_delete(s, t, r);
		}
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

