// SPDX-License-Identifier: GPL-2.0
/*
 * Route source (NotifyRouteChange2).
 *
 * The FIB notifier reports only the first route of each prefix and table,
 * so it cannot see routes shadowed by another with a different metric or
 * type. rtnetlink reports every route of every table, with all its next
 * hops, whenever one is added, replaced or deleted, so routes come from
 * RTM_NEWROUTE/RTM_DELROUTE (RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_ROUTE) and
 * nexthop objects from RTM_NEWNEXTHOP/RTM_DELNEXTHOP (RTNLGRP_NEXTHOP).
 *
 * Some removals have no message. IPv4 flushes the routes of a link that
 * goes down or away, and of a preferred source address that goes, without
 * RTM_DELROUTE; deleting a nexthop object removes the IPv4 routes using it
 * silently; a link going down deletes its nexthop objects silently; IPv6
 * may be told not to report routes removed at link down. Each of those
 * follows an event that does have a message (RTM_NEWLINK, RTM_DELLINK,
 * RTM_DELADDR, RTM_DELNEXTHOP), made under the same RTNL section. So that
 * event marks what to re-read, and once the namespace work has taken and
 * released RTNL (the change is then complete) it reads it again with a
 * filtered dump and reports the difference.
 *
 * A row is one next hop: a multipath route gives a row per next hop, and a
 * route using a nexthop object or group a row per next hop it resolves to,
 * so a nexthop object changing changes the rows of every route using it.
 * A row's key is (table, destination, prefix length, metric, gateway,
 * interface). A replaced route's old next hops that are not in the new set
 * are deleted before the new ones are added; a next hop in both, with any
 * other field changed, is a PARAMETER.
 *
 * Routes are tracked only while the namespace has a route handle: at a
 * million routes the cache costs memory nobody else needs.
 */

#include "route.h"
#include "handle.h"
#include "netns.h"
#include "nexthop.h"
#include "queue.h"
#include "rtnl.h"
#include "table.h"

#include <linux/hash.h>
#include <linux/jhash.h>
#include <linux/mm.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <net/net_namespace.h>
#include <net/rtnh.h>

#define NN_RT_MIN_BITS		6

/* The groups joined while route handles exist. */
static const unsigned int nn_route_groups[] = {
	RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_ROUTE, RTNLGRP_NEXTHOP,
};

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
 * Only the namespace work changes it, under the namespace lock; it grows and
 * shrinks with the number of rows.
 */
struct nn_route_table {
	struct hlist_head *buckets;
	unsigned int bits;
	unsigned int count;
	bool frozen;	/* being walked: do not resize */
};

/* A route as one message describes it; @base holds its key. */
struct nn_rt {
	struct netnotify_ip_forward_row base;
	bool unresolved;	/* its nexthop object is unknown */
	u32 nhops;
	struct nn_hop hops[];
};

/* Which rows a re-read covers: 0 fields match anything. */
struct nn_rt_scope {
	u16 family;
	int ifindex;
};

/* --- the row table ------------------------------------------------------ */

/* Are @a and @b rows of the same route? */
static bool nn_rt_same_route(const struct netnotify_ip_forward_row *a,
			     const struct netnotify_ip_forward_row *b)
{
	return a->family == b->family && a->table == b->table &&
	       a->metric == b->metric && a->dst_len == b->dst_len &&
	       !memcmp(&a->dst, &b->dst, sizeof(a->dst));
}

static struct hlist_head *nn_rt_bucket(struct nn_route_table *t,
				       const struct netnotify_ip_forward_row *row)
{
	u32 h = jhash_3words(row->table, row->metric,
			     row->family << 8 | row->dst_len, 0);

	h = jhash2((const u32 *)&row->dst, sizeof(row->dst) / 4, h);
	return &t->buckets[hash_32(h, t->bits)];
}

static struct nn_route_table *nn_rt_table_new(void)
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

static void nn_rt_insert(struct nn_route_table *t, struct nn_route *r)
{
	hlist_add_head(&r->node, nn_rt_bucket(t, &r->row));
	if (++t->count > 2U << t->bits && !t->frozen)
		nn_rt_resize(t, t->bits + 1);
}

static void nn_rt_remove(struct nn_route_table *t, struct nn_route *r)
{
	hlist_del(&r->node);
	kfree(r);
	if (--t->count < (1U << t->bits) / 8 && t->bits > NN_RT_MIN_BITS &&
	    !t->frozen)
		nn_rt_resize(t, t->bits - 1);
}

/* Call @fn on every row; @fn may remove the row it is given. */
static void nn_rt_for_each(struct nn_route_table *t,
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
	t->frozen = false;
	if (t->count < (1U << t->bits) / 8 && t->bits > NN_RT_MIN_BITS)
		nn_rt_resize(t, max_t(unsigned int, NN_RT_MIN_BITS,
				      ilog2(t->count | 1) + 1));
}

static void nn_rt_free_one(struct nn_route *r, void *arg)
{
	hlist_del(&r->node);
	kfree(r);
}

static void nn_rt_table_free(struct nn_route_table *t)
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

static struct nn_route *nn_rt_find(struct nn_route_table *t,
				   const struct netnotify_ip_forward_row *row)
{
	struct nn_route *r;

	hlist_for_each_entry(r, nn_rt_bucket(t, row), node)
		if (nn_rt_same_route(&r->row, row) &&
		    nn_rt_same_hop(&r->row, row))
			return r;
	return NULL;
}

/* --- route messages ----------------------------------------------------- */

/* RTAX_* inside RTA_METRICS. */
static const struct nla_policy nn_rt_metrics_policy[RTAX_MTU + 1] = {
	[RTAX_MTU] = { .type = NLA_U32 },
};

/*
 * RTM_NEWROUTE and RTM_DELROUTE, and the attributes of each next hop in
 * RTA_MULTIPATH (up to RTA_VIA). An address attribute is exactly as long
 * as the route's family says, which nn_nla_addr() checks.
 */
static const struct nla_policy nn_rt_policy[RTA_MAX + 1] = {
	[RTA_DST] = { .type = NLA_BINARY, .len = sizeof(struct in6_addr) },
	[RTA_SRC] = { .type = NLA_BINARY, .len = sizeof(struct in6_addr) },
	[RTA_OIF] = { .type = NLA_U32 },
	[RTA_GATEWAY] = { .type = NLA_BINARY, .len = sizeof(struct in6_addr) },
	[RTA_PRIORITY] = { .type = NLA_U32 },
	[RTA_PREFSRC] = { .type = NLA_BINARY, .len = sizeof(struct in6_addr) },
	[RTA_METRICS] = NLA_POLICY_NESTED(nn_rt_metrics_policy),
	[RTA_CACHEINFO] = NLA_POLICY_MIN_LEN(sizeof(struct rta_cacheinfo)),
	[RTA_TABLE] = { .type = NLA_U32 },
	[RTA_VIA] = NLA_POLICY_MIN_LEN(sizeof(struct rtvia)),
	[RTA_NH_ID] = { .type = NLA_U32 },
};

/* Returns 0, or -EINVAL when the gateway is no address of its family. */
static int nn_rt_gateway(struct nn_hop *hop, u16 family,
			 const struct nlattr *gw, const struct nlattr *via)
{
	const struct rtvia *v;
	int alen;

	hop->gw_family = family;
	if (!via)
		return nn_nla_addr(&hop->gw, family, gw);
	v = nla_data(via);
	if (v->rtvia_family != AF_INET && v->rtvia_family != AF_INET6)
		return -EINVAL;
	alen = v->rtvia_family == AF_INET ? 4 : 16;
	if (nla_len(via) != sizeof(*v) + alen)
		return -EINVAL;
	hop->gw_family = v->rtvia_family;
	memset(&hop->gw, 0, sizeof(hop->gw));
	memcpy(&hop->gw, v->rtvia_addr, alen);
	return 0;
}

static u32 nn_rt_mtu(const struct nlattr *metrics)
{
	struct nlattr *tb[RTAX_MTU + 1];

	if (!metrics || nn_nla_parse_nested(tb, RTAX_MTU, metrics,
					    nn_rt_metrics_policy) ||
	    !tb[RTAX_MTU])
		return 0;
	return nla_get_u32(tb[RTAX_MTU]);
}

/* Read one next hop of RTA_MULTIPATH; -EINVAL when it is malformed. */
static int nn_rt_mp_hop(const struct rtnexthop *rtnh, u16 family,
			struct nn_hop *hop)
{
	struct nlattr *tb[RTA_VIA + 1];
	int err;

	err = __nla_parse(tb, RTA_VIA, rtnh_attrs(rtnh),
			  rtnh->rtnh_len - sizeof(*rtnh), nn_rt_policy,
			  NN_NL_VALIDATE, NULL);
	if (err)
		return err;
	hop->ifindex = rtnh->rtnh_ifindex;
	hop->weight = rtnh->rtnh_hops + 1;
	hop->flags = rtnh->rtnh_flags & NN_RTNH_FLAGS;
	return nn_rt_gateway(hop, family, tb[RTA_GATEWAY], tb[RTA_VIA]);
}

/*
 * Read the next hops of RTA_MULTIPATH into @hops, which has room for all of
 * them, or only count them when @hops is NULL. Returns how many, or -EINVAL
 * when the list is malformed: a hop whose rtnh_len overruns the attribute
 * ends the walk early and leaves bytes over.
 */
static int nn_rt_multipath(const struct nlattr *mp, u16 family,
			   struct nn_hop *hops)
{
	const struct rtnexthop *rtnh;
	int rem = nla_len(mp), n = 0, err;
	struct nn_hop scratch;

	for (rtnh = nla_data(mp); rtnh_ok(rtnh, rem);
	     rtnh = rtnh_next(rtnh, &rem)) {
		err = nn_rt_mp_hop(rtnh, family, hops ? &hops[n] : &scratch);
		if (err)
			return err;
		n++;
	}
	return rem > 0 ? -EINVAL : n;
}

/*
 * Read a route from RTM_NEWROUTE or RTM_DELROUTE. A route through a known
 * nexthop object (RTA_NH_ID) resolves through @nexthops: the copy of its
 * next hops the kernel may add (nexthop_compat_mode) cannot carry a group
 * weight above 256, and would disagree with the rows the object's own
 * changes produce. Other routes have their own next hops (RTA_MULTIPATH, or
 * RTA_OIF/RTA_GATEWAY). Returns NULL for messages that are no route of ours
 * (other families, cached clones) or are malformed.
 */
static struct nn_rt *nn_rt_parse(const struct nlmsghdr *nlh,
				 struct xarray *nexthops)
{
	struct netnotify_ip_forward_row *b;
	struct nlattr *tb[RTA_MAX + 1];
	const struct rtmsg *rtm;
	struct nn_rt *rt;
	u32 n, nhid;
	int own;

	if (nn_nlmsg_parse(nlh, sizeof(*rtm), tb, RTA_MAX, nn_rt_policy))
		return NULL;
	rtm = nlmsg_data(nlh);
	if ((rtm->rtm_family != AF_INET && rtm->rtm_family != AF_INET6) ||
	    (rtm->rtm_flags & RTM_F_CLONED))
		return NULL;

	nhid = tb[RTA_NH_ID] ? nla_get_u32(tb[RTA_NH_ID]) : 0;
	/* How many next hops the message itself carries. */
	if (tb[RTA_MULTIPATH])
		own = nn_rt_multipath(tb[RTA_MULTIPATH], rtm->rtm_family, NULL);
	else
		own = !nhid || tb[RTA_OIF] || tb[RTA_GATEWAY];
	if (own < 0)
		return NULL;
	n = max_t(u32, own, nhid ? nn_nh_size(nexthops, nhid) : 0);

	rt = kzalloc(struct_size(rt, hops, n), GFP_KERNEL);
	if (!rt)
		return ERR_PTR(-ENOMEM);
	b = &rt->base;
	b->family = rtm->rtm_family;
	b->table = tb[RTA_TABLE] ? nla_get_u32(tb[RTA_TABLE]) : rtm->rtm_table;
	b->dst_len = rtm->rtm_dst_len;
	b->metric = tb[RTA_PRIORITY] ? nla_get_u32(tb[RTA_PRIORITY]) : 0;
	b->protocol = rtm->rtm_protocol;
	b->type = rtm->rtm_type;
	b->scope = rtm->rtm_scope;
	b->tos = rtm->rtm_tos;
	b->nhid = nhid;
	b->src_len = rtm->rtm_src_len;
	b->mtu = nn_rt_mtu(tb[RTA_METRICS]);
	b->valid_lifetime = U32_MAX;
	if (tb[RTA_CACHEINFO]) {
		const struct rta_cacheinfo *ci = nla_data(tb[RTA_CACHEINFO]);

		if (ci->rta_expires)
			b->valid_lifetime = ci->rta_expires / USER_HZ;
	}
	if (nn_nla_addr(&b->dst, b->family, tb[RTA_DST]) ||
	    nn_nla_addr(&b->prefsrc, b->family, tb[RTA_PREFSRC]) ||
	    nn_nla_addr(&b->src, b->family, tb[RTA_SRC]))
		goto invalid;

	if (nhid)
		rt->nhops = nn_nh_expand(nexthops, nhid, rt->hops, n);
	if (rt->nhops)
		return rt;
	if (tb[RTA_MULTIPATH]) {
		rt->nhops = nn_rt_multipath(tb[RTA_MULTIPATH], b->family,
					    rt->hops);
	} else if (own) {
		rt->hops[0].ifindex = tb[RTA_OIF] ? nla_get_u32(tb[RTA_OIF]) : 0;
		rt->hops[0].weight = 1;
		rt->hops[0].flags = rtm->rtm_flags & NN_RTNH_FLAGS;
		if (nn_rt_gateway(&rt->hops[0], b->family, tb[RTA_GATEWAY],
				  tb[RTA_VIA]))
			goto invalid;
		rt->nhops = 1;
	} else {
		rt->unresolved = true;	/* its nexthop object is unknown */
	}
	return rt;

invalid:
	kfree(rt);
	return NULL;
}

static void nn_rt_row(const struct nn_rt *rt, const struct nn_hop *hop,
		      struct netnotify_ip_forward_row *row)
{
	memcpy(row, &rt->base, sizeof(*row));
	row->ifindex = hop->ifindex;
	row->gateway = hop->gw;
	row->gateway_family = hop->gw_family;
	row->weight = hop->weight;
	row->flags = hop->flags;
}

/* --- applying routes ---------------------------------------------------- */

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

static void nn_rt_report(struct nn_net *nn, enum netnotify_type type,
			 const struct netnotify_ip_forward_row *row)
{
	if (nn)
		nn_net_fanout(nn, NN_KIND_ROUTE, row->family, type, row,
			      sizeof(*row));
}

static void nn_rt_delete(struct nn_net *nn, struct nn_route_table *t,
			 struct nn_route *r)
{
	nn_rt_report(nn, NETNOTIFY_DELETE, &r->row);
	nn_rt_remove(t, r);
}

/*
 * Add a row, or update it if its key exists. @nn NULL: report nothing.
 * Returns -ENOMEM when the row could not be added: a reporting caller has
 * the caches rebuilt, a table being read from a dump must fail.
 */
static int nn_rt_upsert(struct nn_net *nn, struct nn_route_table *t,
			const struct netnotify_ip_forward_row *row)
{
	struct nn_route *r = nn_rt_find(t, row);

	if (r) {
		bool changed = nn_rt_differs(&r->row, row);

		memcpy(&r->row, row, sizeof(*row));
		if (changed)
			nn_rt_report(nn, NETNOTIFY_PARAMETER, row);
		return 0;
	}
	r = kmalloc(sizeof(*r), GFP_KERNEL);
	if (!r) {
		if (nn)
			nn_route_lost(nn);
		return -ENOMEM;
	}
	memcpy(&r->row, row, sizeof(*row));
	nn_rt_insert(t, r);
	nn_rt_report(nn, NETNOTIFY_ADD, row);
	return 0;
}

static int nn_rt_add(struct nn_net *nn, struct nn_route_table *t,
		     const struct nn_rt *rt)
{
	struct netnotify_ip_forward_row row;
	int err = 0;
	u32 i;

	for (i = 0; i < rt->nhops && !err; i++) {
		nn_rt_row(rt, &rt->hops[i], &row);
		err = nn_rt_upsert(nn, t, &row);
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
static void nn_rt_replace(struct nn_net *nn, struct nn_route_table *t,
			  const struct nn_rt *rt, bool same_nhid)
{
	struct hlist_node *tmp;
	struct nn_route *r;

	hlist_for_each_entry_safe(r, tmp, nn_rt_bucket(t, &rt->base), node)
		if (nn_rt_same_route(&r->row, &rt->base) &&
		    (!same_nhid || r->row.nhid == rt->base.nhid) &&
		    !nn_rt_has_hop(rt, &r->row))
			nn_rt_delete(nn, t, r);
	nn_rt_add(nn, t, rt);
}

static void nn_rt_del(struct nn_net *nn, struct nn_route_table *t,
		      const struct nn_rt *rt)
{
	struct netnotify_ip_forward_row row;
	struct hlist_node *tmp;
	struct nn_route *r;
	u32 i;

	/* Its nexthop object is gone already: the route's rows of it go. */
	if (rt->unresolved) {
		hlist_for_each_entry_safe(r, tmp, nn_rt_bucket(t, &rt->base),
					  node)
			if (nn_rt_same_route(&r->row, &rt->base) &&
			    r->row.nhid == rt->base.nhid)
				nn_rt_delete(nn, t, r);
		return;
	}
	for (i = 0; i < rt->nhops; i++) {
		nn_rt_row(rt, &rt->hops[i], &row);
		r = nn_rt_find(t, &row);
		if (r)
			nn_rt_delete(nn, t, r);
	}
}

/* --- nexthop object changes --------------------------------------------- */

struct nn_nh_change {
	struct nn_net *nn;
	struct nn_route_table *t;
	struct xarray *gone;	/* ids that no longer exist */
	struct xarray *changed;	/* ids whose next hops differ */
	struct nn_vec redo;	/* a row of each route to redo */
};

static void nn_nh_visit(struct nn_route *r, void *arg)
{
	struct nn_nh_change *c = arg;

	if (!r->row.nhid)
		return;
	if (xa_load(c->gone, r->row.nhid)) {
		/* The kernel removed the routes using it. */
		nn_rt_delete(c->nn, c->t, r);
	} else if (xa_load(c->changed, r->row.nhid)) {
		if (nn_vec_push(&c->redo, &r->row))
			nn_route_lost(c->nn);
	}
}

/* Order rows by route and nexthop object, so a route's rows are adjacent. */
static int nn_redo_cmp(const void *x, const void *y)
{
	const struct netnotify_ip_forward_row *a = x, *b = y;

	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	if (a->table != b->table)
		return a->table < b->table ? -1 : 1;
	if (a->metric != b->metric)
		return a->metric < b->metric ? -1 : 1;
	if (a->dst_len != b->dst_len)
		return a->dst_len < b->dst_len ? -1 : 1;
	if (a->nhid != b->nhid)
		return a->nhid < b->nhid ? -1 : 1;
	return memcmp(&a->dst, &b->dst, sizeof(a->dst));
}

/*
 * Note nexthop object @id in the set @ids. Without memory for that the
 * change would be lost silently: the route caches are rebuilt instead and
 * the route handles told to resynchronize, and this returns false.
 */
static bool nn_nh_mark(struct nn_net *nn, struct xarray *ids,
		       unsigned long id)
{
	if (!xa_is_err(xa_store(ids, id, xa_mk_value(1), GFP_KERNEL)))
		return true;
	nn_route_lost(nn);
	return false;
}

/*
 * Nexthop objects in @gone disappeared and those in @changed resolve to
 * other next hops now (a group containing a changed member changed too).
 * Delete the rows of routes using the gone ones and redo the others.
 */
static void nn_nh_apply(struct nn_net *nn, struct xarray *gone,
			struct xarray *changed)
{
	struct nn_routes *r = &nn->routes;
	struct nn_nh_change c = {
		.nn = nn, .t = r->table, .gone = gone, .changed = changed,
		.redo = NN_VEC_INIT(0, sizeof(struct netnotify_ip_forward_row)),
	};
	const struct netnotify_ip_forward_row *redo, *prev = NULL;
	unsigned long id;
	struct nn_nh *nh;
	u32 i;

	xa_for_each(r->nexthops, id, nh)
		for (i = 0; i < nh->ngrp; i++)
			if ((xa_load(gone, nh->grp[i].id) ||
			     xa_load(changed, nh->grp[i].id)) &&
			    !nn_nh_mark(nn, changed, id))
				return;
	if (xa_empty(gone) && xa_empty(changed))
		return;

	nn_rt_for_each(r->table, nn_nh_visit, &c);
	if (c.redo.n)
		sort(nn_vec_at(&c.redo, 0), c.redo.n, c.redo.esz, nn_redo_cmp,
		     NULL);
	for (i = 0; i < c.redo.n; i++, prev = redo) {
		u32 n;
		struct nn_rt *rt;

		/* Several rows of one route: redo the route once. */
		redo = nn_vec_at(&c.redo, i);
		if (prev && !nn_redo_cmp(prev, redo))
			continue;
		n = nn_nh_size(r->nexthops, redo->nhid);
		rt = kzalloc(struct_size(rt, hops, n), GFP_KERNEL);
		if (!rt) {
			nn_route_lost(nn);
			continue;
		}
		memcpy(&rt->base, redo, sizeof(rt->base));
		rt->nhops = nn_nh_expand(r->nexthops, redo->nhid, rt->hops, n);
		nn_rt_replace(nn, r->table, rt, true);
		kfree(rt);
		cond_resched();
	}
	nn_vec_free(&c.redo);
}

static void nn_nh_msg(struct nn_net *nn, const struct nlmsghdr *nlh)
{
	struct nn_routes *r = &nn->routes;
	struct xarray gone, changed;
	struct nn_nh *nh, *old;
	bool del = nlh->nlmsg_type == RTM_DELNEXTHOP;
	bool ok = true;

	nh = nn_nh_parse(nlh);
	if (IS_ERR(nh))
		nn_route_lost(nn);
	if (IS_ERR_OR_NULL(nh))
		return;

	xa_init(&gone);
	xa_init(&changed);
	if (del) {
		old = xa_erase(r->nexthops, nh->id);
		ok = nn_nh_mark(nn, &gone, nh->id);
		kfree(nh);
	} else {
		old = xa_store(r->nexthops, nh->id, nh, GFP_KERNEL);
		if (xa_is_err(old)) {
			kfree(nh);
			nn_route_lost(nn);
			old = NULL;
			ok = false;
		} else if (old && !nn_nh_same(old, nh)) {
			ok = nn_nh_mark(nn, &changed, nh->id);
		}
	}
	kfree(old);
	/* After a failure the rebuild covers the change. */
	if (ok)
		nn_nh_apply(nn, &gone, &changed);
	xa_destroy(&gone);
	xa_destroy(&changed);
}

/**
 * nn_route_msg() - handle a message from the namespace's listener
 * @nn: the namespace; its lock is held.
 * @nlh: the message.
 *
 * Return: true if the message belonged to this source.
 */
bool nn_route_msg(struct nn_net *nn, const struct nlmsghdr *nlh)
{
	struct nn_routes *r = &nn->routes;
	struct nn_rt *rt;

	switch (nlh->nlmsg_type) {
	case RTM_NEWROUTE:
	case RTM_DELROUTE:
		break;
	case RTM_NEWNEXTHOP:
	case RTM_DELNEXTHOP:
		if (r->table && !r->sync)
			nn_nh_msg(nn, nlh);
		return true;
	default:
		return false;
	}
	lockdep_assert_held(&nn->lock);
	/* Not tracking, or the caches are rebuilt before this is applied. */
	if (!r->table || r->sync)
		return true;

	rt = nn_rt_parse(nlh, r->nexthops);
	if (IS_ERR(rt))
		nn_route_lost(nn);
	if (IS_ERR_OR_NULL(rt))
		return true;
	if (nlh->nlmsg_type == RTM_DELROUTE)
		nn_rt_del(nn, r->table, rt);
	else if (rt->unresolved)
		nn_route_lost(nn);	/* a nexthop object we never saw */
	else if (nlh->nlmsg_flags & NLM_F_REPLACE)
		nn_rt_replace(nn, r->table, rt, false);
	else
		nn_rt_add(nn, r->table, rt);
	kfree(rt);
	return true;
}

/* --- what has no message ------------------------------------------------ */

/**
 * nn_route_link_down() - a link went down or away
 * @nn: the namespace; its lock is held.
 * @ifindex: the link.
 *
 * Its routes and nexthop objects may have been removed silently: read them
 * again once the namespace lock is dropped.
 */
void nn_route_link_down(struct nn_net *nn, int ifindex)
{
	struct nn_routes *r = &nn->routes;

	lockdep_assert_held(&nn->lock);
	if (!r->table)
		return;
	r->recheck_nh = true;
	if (xa_is_err(xa_store(&r->recheck, ifindex, xa_mk_value(1),
			       GFP_KERNEL)))
		nn_route_lost(nn);
}

struct nn_prefsrc {
	union netnotify_inet_addr addr;
	bool used;
};

static void nn_prefsrc_visit(struct nn_route *r, void *arg)
{
	struct nn_prefsrc *p = arg;

	if (r->row.family == AF_INET &&
	    !memcmp(&r->row.prefsrc, &p->addr, sizeof(p->addr)))
		p->used = true;
}

/**
 * nn_route_addr_gone() - an address was deleted
 * @nn: the namespace; its lock is held.
 * @family: its family.
 * @addr: the address.
 *
 * IPv4 flushes the routes whose preferred source it was without a message,
 * so if any route has it, every IPv4 route is read again.
 */
void nn_route_addr_gone(struct nn_net *nn, u16 family,
			const union netnotify_inet_addr *addr)
{
	struct nn_routes *r = &nn->routes;
	struct nn_prefsrc p = { .addr = *addr };

	lockdep_assert_held(&nn->lock);
	if (!r->table || family != AF_INET || r->recheck_v4)
		return;
	nn_rt_for_each(r->table, nn_prefsrc_visit, &p);
	r->recheck_v4 = p.used;
}

static void nn_route_tell_lost(struct nn_net *nn)
{
	struct nn_handle *h;

	list_for_each_entry(h, &nn->subs[NN_KIND_ROUTE], sub_node)
		nn_queue_lost(h);
}

static void nn_rt_gone_visit(struct nn_route *r, void *arg)
{
	struct nn_net *nn = arg;

	nn_rt_delete(nn, nn->routes.table, r);
}

/**
 * nn_route_net_gone() - the namespace is being dismantled
 * @nn: the namespace; its lock is held.
 *
 * Its devices are gone, and every route with them; IPv4 said nothing of
 * it. The subscribers get a DELETE of every row left.
 */
void nn_route_net_gone(struct nn_net *nn)
{
	lockdep_assert_held(&nn->lock);
	/* A loss waiting for a rebuild that will never come. */
	if (nn->routes.lost && nn->routes.members)
		nn_route_tell_lost(nn);
	if (nn->routes.table)
		nn_rt_for_each(nn->routes.table, nn_rt_gone_visit, nn);
}

/**
 * nn_route_lost() - route events could not be followed
 * @nn: the namespace; its lock is held.
 *
 * The caches are rebuilt and every route handle told to resynchronize.
 */
void nn_route_lost(struct nn_net *nn)
{
	nn->routes.sync = true;
	nn->routes.lost = true;
}

/* --- reading the kernel's routes ---------------------------------------- */

struct nn_rt_dump {
	struct nn_route_table *t;
	struct xarray *nexthops;
	int err;
};

static int nn_rt_dump_msg(void *arg, const struct nlmsghdr *nlh)
{
	struct nn_rt_dump *d = arg;
	struct nn_rt *rt;
	int err;

	if (nlh->nlmsg_type != RTM_NEWROUTE)
		return 0;
	rt = nn_rt_parse(nlh, d->nexthops);
	if (IS_ERR_OR_NULL(rt))
		return PTR_ERR_OR_ZERO(rt);
	err = nn_rt_add(NULL, d->t, rt);
	kfree(rt);
	return err;
}

/* Dump the routes of @family (on link @ifindex if not 0) into a new table. */
static struct nn_route_table *nn_rt_read(struct net *net, u16 family,
					 int ifindex, struct xarray *nexthops)
{
	struct nn_rt_dump d = { .nexthops = nexthops };
	struct rtmsg rtm = { .rtm_family = family };
	struct nlmsghdr *nlh;
	struct sk_buff *req;
	int tries = 5;
	int err;

	do {
		d.t = nn_rt_table_new();
		req = nlmsg_new(sizeof(rtm) + nla_total_size(4), GFP_KERNEL);
		if (!d.t || !req) {
			kfree_skb(req);
			nn_rt_table_free(d.t);
			return ERR_PTR(-ENOMEM);
		}
		nlh = nlmsg_put(req, 0, 1, RTM_GETROUTE, sizeof(rtm),
				NLM_F_REQUEST | NLM_F_DUMP);
		memcpy(nlmsg_data(nlh), &rtm, sizeof(rtm));
		if (ifindex)
			nla_put_u32(req, RTA_OIF, ifindex);
		nlmsg_end(req, nlh);
		err = nn_rtnl_dump_req(net, req, nn_rt_dump_msg, &d);
		if (err) {
			nn_rt_table_free(d.t);
			d.t = NULL;
		}
	} while (err == -EAGAIN && --tries);
	return err ? ERR_PTR(err) : d.t;
}

/* Move every row of @from into @to (both private). */
static void nn_rt_merge_visit(struct nn_route *r, void *arg)
{
	struct nn_route_table *to = arg;

	hlist_del(&r->node);
	nn_rt_insert(to, r);
}

static void nn_rt_merge(struct nn_route_table *to, struct nn_route_table *from)
{
	nn_rt_for_each(from, nn_rt_merge_visit, to);
	from->count = 0;
	nn_rt_table_free(from);
}

struct nn_rt_diff {
	struct nn_net *nn;
	struct nn_route_table *cache;
	struct nn_route_table *truth;
	struct nn_rt_scope scope;
};

static bool nn_rt_in_scope(const struct nn_route *r,
			   const struct nn_rt_scope *s)
{
	return (!s->family || r->row.family == s->family) &&
	       (!s->ifindex || r->row.ifindex == s->ifindex);
}

static void nn_rt_diff_cached(struct nn_route *r, void *arg)
{
	struct nn_rt_diff *d = arg;

	if (nn_rt_in_scope(r, &d->scope) &&
	    !nn_rt_find(d->truth, &r->row))
		nn_rt_delete(d->nn, d->cache, r);
}

static void nn_rt_diff_truth(struct nn_route *r, void *arg)
{
	struct nn_rt_diff *d = arg;

	nn_rt_upsert(d->nn, d->cache, &r->row);
}

/*
 * Make the cached rows in @scope those of @truth (a fresh dump), reporting
 * the difference. Called with the namespace lock held.
 */
static void nn_rt_reconcile(struct nn_net *nn, struct nn_route_table *truth,
			    const struct nn_rt_scope *scope)
{
	struct nn_rt_diff d = {
		.nn = nn, .cache = nn->routes.table, .truth = truth,
		.scope = *scope,
	};

	nn_rt_for_each(d.cache, nn_rt_diff_cached, &d);
	nn_rt_for_each(truth, nn_rt_diff_truth, &d);
}

/* Rebuild both caches from dumps, silently. */
static int nn_route_sync(struct nn_net *nn)
{
	struct nn_routes *r = &nn->routes;
	struct nn_route_table *t, *v6;
	struct xarray *nexthops;

	nexthops = nn_nh_read(nn->net);
	if (IS_ERR(nexthops))
		return PTR_ERR(nexthops);
	t = nn_rt_read(nn->net, AF_INET, 0, nexthops);
	if (IS_ERR(t)) {
		nn_nh_free_all(nexthops);
		return PTR_ERR(t);
	}
	v6 = nn_rt_read(nn->net, AF_INET6, 0, nexthops);
	if (IS_ERR(v6)) {
		nn_rt_table_free(t);
		nn_nh_free_all(nexthops);
		return PTR_ERR(v6);
	}
	nn_rt_merge(t, v6);

	mutex_lock(&nn->lock);
	swap(r->table, t);
	swap(r->nexthops, nexthops);
	r->sync = false;
	xa_destroy(&r->recheck);
	r->recheck_v4 = false;
	r->recheck_nh = false;
	mutex_unlock(&nn->lock);
	nn_rt_table_free(t);
	nn_nh_free_all(nexthops);
	return 0;
}

/**
 * nn_route_resync() - rebuild the route caches silently, if routes are
 *	tracked
 * @nn: the namespace; its lock is not held.
 *
 * For a namespace whose listener lost messages. The caller tells every
 * handle to resynchronize afterwards, so a route handle that re-reads then
 * reads a state at least as new as the cache, and every later change
 * reaches it as an event.
 *
 * Context: Process context, the namespace work; takes RTNL in the dumps.
 * Return: 0 or a negative errno.
 */
int nn_route_resync(struct nn_net *nn)
{
	struct nn_routes *r = &nn->routes;
	bool tracked;
	int err;

	mutex_lock(&nn->lock);
	tracked = r->members;
	mutex_unlock(&nn->lock);
	if (!tracked)
		return 0;
	err = nn_route_sync(nn);
	if (!err) {
		/* The caller tells the handles of any earlier loss too. */
		mutex_lock(&nn->lock);
		r->lost = false;
		mutex_unlock(&nn->lock);
	}
	return err;
}

/* Read the nexthop objects again; apply what changed. */
static int nn_route_recheck_nh(struct nn_net *nn)
{
	struct nn_routes *r = &nn->routes;
	struct xarray gone, changed, *fresh;
	struct nn_nh *nh, *now;
	unsigned long id;
	bool ok = true;

	fresh = nn_nh_read(nn->net);
	if (IS_ERR(fresh))
		return PTR_ERR(fresh);
	xa_init(&gone);
	xa_init(&changed);

	mutex_lock(&nn->lock);
	xa_for_each(r->nexthops, id, nh) {
		now = xa_load(fresh, id);
		if (!now)
			ok = nn_nh_mark(nn, &gone, id);
		else if (!nn_nh_same(nh, now))
			ok = nn_nh_mark(nn, &changed, id);
		if (!ok)
			break;
	}
	swap(r->nexthops, fresh);
	/* After a failure the rebuild covers the change. */
	if (ok)
		nn_nh_apply(nn, &gone, &changed);
	mutex_unlock(&nn->lock);

	nn_nh_free_all(fresh);
	xa_destroy(&gone);
	xa_destroy(&changed);
	return ok ? 0 : -ENOMEM;
}

static int nn_route_recheck(struct nn_net *nn, u16 family, int ifindex)
{
	struct nn_rt_scope scope = { .family = family, .ifindex = ifindex };
	struct nn_route_table *truth;

	truth = nn_rt_read(nn->net, family, ifindex, nn->routes.nexthops);
	/* The link is gone: so is every route through it. */
	if (PTR_ERR_OR_ZERO(truth) == -ENODEV)
		truth = nn_rt_table_new();
	if (IS_ERR_OR_NULL(truth))
		return truth ? PTR_ERR(truth) : -ENOMEM;

	mutex_lock(&nn->lock);
	nn_rt_reconcile(nn, truth, &scope);
	mutex_unlock(&nn->lock);
	nn_rt_table_free(truth);
	return 0;
}

/* Re-read what the last messages may have changed silently. */
static int nn_route_rechecks(struct nn_net *nn)
{
	struct nn_routes *r = &nn->routes;
	unsigned long ifindex;
	bool nh, v4;
	int err = 0;

	mutex_lock(&nn->lock);
	nh = r->recheck_nh;
	v4 = r->recheck_v4;
	r->recheck_nh = false;
	r->recheck_v4 = false;
	mutex_unlock(&nn->lock);

	/* Once we have held RTNL, the change that asked for this is done. */
	rtnl_lock();
	rtnl_unlock();

	if (nh)
		err = nn_route_recheck_nh(nn);
	for (;;) {
		mutex_lock(&nn->lock);
		ifindex = 0;
		if (xa_find(&r->recheck, &ifindex, ULONG_MAX, XA_PRESENT))
			xa_erase(&r->recheck, ifindex);
		else
			ifindex = 0;
		mutex_unlock(&nn->lock);
		if (!ifindex || err)
			break;
		err = nn_route_recheck(nn, AF_INET, ifindex) ?:
		      nn_route_recheck(nn, AF_INET6, ifindex);
	}
	if (v4 && !err)
		err = nn_route_recheck(nn, AF_INET, 0);
	return err;
}

/* Leave the route groups and drop the caches, if no route handle is left. */
static void nn_route_leave(struct nn_net *nn)
{
	struct nn_routes *r = &nn->routes;
	struct nn_route_table *t = NULL;
	struct xarray *nexthops = NULL;
	unsigned int i;

	mutex_lock(&nn->lock);
	if (!r->members && r->joined) {
		for (i = 0; i < ARRAY_SIZE(nn_route_groups); i++)
			nn_rtnl_join(&nn->listener, nn_route_groups[i], false);
		r->joined = false;
		swap(r->table, t);
		swap(r->nexthops, nexthops);
		r->nexthops = nn_nh_new();
		/* Nothing is left to read again, and no table to read into. */
		xa_destroy(&r->recheck);
		r->recheck_v4 = false;
		r->recheck_nh = false;
	}
	mutex_unlock(&nn->lock);
	nn_rt_table_free(t);
	nn_nh_free_all(nexthops);
}

/**
 * nn_route_work() - the route source's share of the namespace work
 * @nn: the namespace; its lock is not held.
 *
 * Builds the caches when route handles appeared or events were lost, reads
 * again what the last messages may have changed silently, and drops
 * everything once the last route handle is gone.
 */
void nn_route_work(struct nn_net *nn)
{
	struct nn_routes *r = &nn->routes;
	bool leave, sync, lost, recheck;
	int err = 0;

	mutex_lock(&nn->lock);
	leave = r->joined && !r->members;
	sync = r->sync && r->members;
	lost = r->lost;
	recheck = r->table && (r->recheck_nh || r->recheck_v4 ||
			       !xa_empty(&r->recheck));
	mutex_unlock(&nn->lock);

	if (leave) {
		nn_route_leave(nn);
		return;
	}
	if (sync) {
		err = nn_route_sync(nn);
		if (!err && lost) {
			mutex_lock(&nn->lock);
			r->lost = false;
			nn_route_tell_lost(nn);
			mutex_unlock(&nn->lock);
		}
	} else if (recheck) {
		err = nn_route_rechecks(nn);
	}
	if (err) {
		pr_warn_ratelimited("reading routes of namespace %u failed: %d\n",
				    nn->net->ns.inum, err);
		mutex_lock(&nn->lock);
		nn_route_lost(nn);
		mutex_unlock(&nn->lock);
		nn_net_retry(nn);
	} else if (sync || recheck) {
		nn_net_read_ok(nn);
	}
}

/**
 * nn_route_subscribe() - a route handle joins the namespace
 * @nn: the namespace; its lock is held.
 *
 * The first one joins the route groups before it returns, so no later
 * route change is missed, and has the work build the caches before it
 * applies any message.
 *
 * Return: 0 or a negative errno.
 */
int nn_route_subscribe(struct nn_net *nn)
{
	struct nn_routes *r = &nn->routes;
	unsigned int i;
	int err = 0;

	lockdep_assert_held(&nn->lock);
	if (!r->joined) {
		for (i = 0; i < ARRAY_SIZE(nn_route_groups) && !err; i++)
			err = nn_rtnl_join(&nn->listener, nn_route_groups[i],
					   true);
		if (err) {
			while (i--)
				nn_rtnl_join(&nn->listener, nn_route_groups[i],
					     false);
			return err;
		}
		r->joined = true;
	}
	if (!r->members++) {
		r->sync = true;
		r->lost = false;
	}
	return 0;
}

void nn_route_unsubscribe(struct nn_net *nn)
{
	lockdep_assert_held(&nn->lock);
	nn->routes.members--;
}

int nn_route_net_init(struct nn_net *nn)
{
	xa_init(&nn->routes.recheck);
	nn->routes.nexthops = nn_nh_new();
	return nn->routes.nexthops ? 0 : -ENOMEM;
}

void nn_route_net_exit(struct nn_net *nn)
{
	nn_rt_table_free(nn->routes.table);
	nn->routes.table = NULL;
	nn_nh_free_all(nn->routes.nexthops);
	nn->routes.nexthops = NULL;
	xa_destroy(&nn->routes.recheck);
}

/* --- the API -------------------------------------------------------------- */

struct nn_rt_collect {
	struct nn_vec *rows;
	struct xarray *nexthops;
};

static int nn_rt_collect_msg(void *arg, const struct nlmsghdr *nlh)
{
	struct nn_rt_collect *c = arg;
	struct netnotify_ip_forward_row row;
	struct nn_rt *rt;
	int err = 0;
	u32 i;

	if (nlh->nlmsg_type != RTM_NEWROUTE)
		return 0;
	rt = nn_rt_parse(nlh, c->nexthops);
	if (IS_ERR_OR_NULL(rt))
		return PTR_ERR_OR_ZERO(rt);
	for (i = 0; i < rt->nhops && !err; i++) {
		nn_rt_row(rt, &rt->hops[i], &row);
		err = nn_vec_push(c->rows, &row);
	}
	kfree(rt);
	return err;
}

/**
 * nn_route_collect() - the rows of every route, from a dump
 * @net: the namespace.
 * @family: AF_INET, AF_INET6, or AF_UNSPEC for both.
 * @table: only this table, or 0 for every table.
 * @ifindex: only routes through this link, or 0.
 * @rows: receives the rows (struct netnotify_ip_forward_row).
 *
 * Context: Process context, may sleep; takes RTNL inside the dumps.
 * Return: 0 or a negative errno.
 */
int nn_route_collect(struct net *net, u16 family, u32 table, int ifindex,
		     struct nn_vec *rows)
{
	static const u16 families[] = { AF_INET, AF_INET6 };
	struct nn_rt_collect c = { .rows = rows };
	struct rtmsg rtm = {};
	struct nlmsghdr *nlh;
	struct sk_buff *req;
	int err = 0, tries;
	u32 i, start;

	c.nexthops = nn_nh_read(net);
	if (IS_ERR(c.nexthops))
		return PTR_ERR(c.nexthops);
	for (i = 0; i < ARRAY_SIZE(families) && !err; i++) {
		if (family != AF_UNSPEC && family != families[i])
			continue;
		rtm.rtm_family = families[i];
		start = rows->n;
		tries = 5;
		do {
			rows->n = start;
			req = nlmsg_new(sizeof(rtm) + 2 * nla_total_size(4),
					GFP_KERNEL);
			if (!req) {
				err = -ENOMEM;
				break;
			}
			nlh = nlmsg_put(req, 0, 1, RTM_GETROUTE, sizeof(rtm),
					NLM_F_REQUEST | NLM_F_DUMP);
			memcpy(nlmsg_data(nlh), &rtm, sizeof(rtm));
			if ((table && nla_put_u32(req, RTA_TABLE, table)) ||
			    (ifindex && nla_put_u32(req, RTA_OIF, ifindex))) {
				kfree_skb(req);
				err = -EMSGSIZE;
				break;
			}
			nlmsg_end(req, nlh);
			err = nn_rtnl_dump_req(net, req, nn_rt_collect_msg, &c);
		} while (err == -EAGAIN && --tries);
		/* The filter names no device or table (any more): no rows. */
		if ((ifindex && err == -ENODEV) || (table && err == -ENOENT)) {
			rows->n = start;
			err = 0;
		}
	}
	nn_nh_free_all(c.nexthops);
	return err;
}

/**
 * __netnotify_route_change() - register for route changes
 *	(NotifyRouteChange2)
 * @net: the network namespace to watch; see
 *	__netnotify_ip_interface_change() for its lifetime rules.
 * @family: AF_INET, AF_INET6, or AF_UNSPEC for both (row->family tells).
 * @callback: called with a copy of the row taken when the event happened,
 *	valid during the call, and the event type.
 * @ctx: passed to @callback untouched.
 * @initial_notification: call @callback once with NETNOTIFY_INITIAL and a
 *	NULL row before this returns, ahead of every event.
 * @handle: receives the handle, or 0 on error.
 * @owner: the registering module (THIS_MODULE via the
 *	netnotify_route_change() macro).
 *
 * Every route of the namespace is seen: every table, routes shadowed by
 * another of the same prefix, IPv4 and IPv6, routes the kernel adds and
 * removes by itself. A row is one next hop (see struct
 * netnotify_ip_forward_row for the key). NETNOTIFY_ADD when a next hop
 * appears, NETNOTIFY_DELETE when it goes, NETNOTIFY_PARAMETER when a field
 * outside the key changes. Replacing a route's gateway or interface is a
 * DELETE of the old row followed by an ADD of the new one; nothing is
 * delivered for a replace that changes no field. Delivery, ordering,
 * overflow and cancellation are as for interface handles.
 *
 * The first route handle of a namespace starts route tracking there: its
 * register returns once the namespace's routes were read, so a route that
 * exists then and goes a moment later is a NETNOTIFY_DELETE.
 *
 * Context: Process context, may sleep; not in atomic context, with
 * interrupts or preemption disabled, or inside an RCU read-side section.
 * Must not hold RTNL (reading the routes takes it), nor a lock that the
 * callback takes when @initial_notification is set.
 * Return: 0 on success; -EINVAL for a NULL @net, @callback or @handle or an
 * unsupported @family; -EDEADLK, with nothing done and a one-time warning,
 * from a context that cannot sleep; -ENOMEM; -ENOSPC when handles run out;
 * -ENODEV when @net is being dismantled.
 */
int __netnotify_route_change(struct net *net, u16 family,
			     netnotify_route_cb callback, void *ctx,
			     bool initial_notification, u32 *handle,
			     struct module *owner)
{
	union nn_callback cb = { .route = callback };
	int err;

	if (handle)
		*handle = 0;
	err = nn_check_context();
	if (err)
		return err;
	return nn_register(net, NN_KIND_ROUTE, family, cb, ctx,
			   initial_notification, owner, handle, NULL);
}
EXPORT_SYMBOL_NS_GPL(__netnotify_route_change, NETNOTIFY);
