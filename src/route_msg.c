// SPDX-License-Identifier: GPL-2.0
/*
 * The route source's messages: RTM_NEWROUTE/RTM_DELROUTE parsed into rows
 * and applied to the route cache, and RTM_NEWNEXTHOP/RTM_DELNEXTHOP, whose
 * changes redo the rows of every route using the object.
 */

#include "route_msg.h"
#include "netns.h"
#include "nexthop.h"
#include "route_cache.h"
#include "rtnl.h"
#include "vec.h"

#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <net/rtnh.h>

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
struct nn_rt *nn_rt_parse(const struct nlmsghdr *nlh, struct xarray *nexthops)
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

struct nn_nh_change {
	struct nn_src *s;
	struct nn_route_table *t;
	struct xarray *gone;	/* ids that no longer exist */
	struct xarray *changed;	/* ids whose next hops differ */
	struct nn_vec redo;	/* a row of each route to redo */
};

static void nn_nh_visit(struct nn_route *r, void *arg)
{
	struct netnotify_ip_forward_row row;
	struct nn_nh_change *c = arg;

	if (!r->nhid)
		return;
	if (xa_load(c->gone, r->nhid)) {
		/* The kernel removed the routes using it. */
		nn_rt_delete(c->s, c->t, r);
	} else if (xa_load(c->changed, r->nhid)) {
		nn_route_unpack(r, &row);
		if (nn_vec_push(&c->redo, &row))
			nn_src_lost(c->s);
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
bool nn_nh_mark(struct nn_src *s, struct xarray *ids, unsigned long id)
{
	if (!xa_is_err(xa_store(ids, id, xa_mk_value(1), GFP_KERNEL)))
		return true;
	nn_src_lost(s);
	return false;
}

/*
 * Nexthop objects in @gone disappeared and those in @changed resolve to
 * other next hops now (a group containing a changed member changed too).
 * Delete the rows of routes using the gone ones and redo the others.
 */
void nn_nh_apply(struct nn_src *s, struct xarray *gone, struct xarray *changed)
{
	struct nn_routes *r = nn_src_priv(s);
	struct nn_nh_change c = {
		.s = s, .t = r->table, .gone = gone, .changed = changed,
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
			    !nn_nh_mark(s, changed, id))
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
			nn_src_lost(s);
			continue;
		}
		memcpy(&rt->base, redo, sizeof(rt->base));
		rt->nhops = nn_nh_expand(r->nexthops, redo->nhid, rt->hops, n);
		nn_rt_replace(s, r->table, rt, true);
		kfree(rt);
		cond_resched();
	}
	nn_vec_free(&c.redo);
}

static void nn_nh_msg(struct nn_src *s, const struct nlmsghdr *nlh)
{
	struct nn_routes *r = nn_src_priv(s);
	struct xarray gone, changed;
	struct nn_nh *nh, *old;
	bool del = nlh->nlmsg_type == RTM_DELNEXTHOP;
	bool ok = true;

	nh = nn_nh_parse(nlh);
	if (IS_ERR(nh))
		nn_src_lost(s);
	if (IS_ERR_OR_NULL(nh))
		return;

	xa_init(&gone);
	xa_init(&changed);
	if (del) {
		old = xa_erase(r->nexthops, nh->id);
		ok = nn_nh_mark(s, &gone, nh->id);
		kfree(nh);
	} else {
		old = xa_store(r->nexthops, nh->id, nh, GFP_KERNEL);
		if (xa_is_err(old)) {
			kfree(nh);
			nn_src_lost(s);
			old = NULL;
			ok = false;
		} else if (old && !nn_nh_same(old, nh)) {
			ok = nn_nh_mark(s, &changed, nh->id);
		}
	}
	kfree(old);
	/* After a failure the rebuild covers the change. */
	if (ok)
		nn_nh_apply(s, &gone, &changed);
	xa_destroy(&gone);
	xa_destroy(&changed);
}

/**
 * nn_route_msg() - the route source's msg hook
 * @s: the route source; the namespace lock is held.
 * @nlh: a message from the namespace's listener; those of other sources
 *	are ignored.
 */
void nn_route_msg(struct nn_src *s, const struct nlmsghdr *nlh)
{
	struct nn_routes *r = nn_src_priv(s);
	struct nn_rt *rt;

	switch (nlh->nlmsg_type) {
	case RTM_NEWROUTE:
	case RTM_DELROUTE:
		break;
	case RTM_NEWNEXTHOP:
	case RTM_DELNEXTHOP:
		if (r->table && !s->sync)
			nn_nh_msg(s, nlh);
		return;
	default:
		return;
	}
	lockdep_assert_held(&s->nn->lock);
	/* Not tracking, or the caches are rebuilt before this is applied. */
	if (!r->table || s->sync)
		return;

	rt = nn_rt_parse(nlh, r->nexthops);
	if (IS_ERR(rt))
		nn_src_lost(s);
	if (IS_ERR_OR_NULL(rt))
		return;
	if (nlh->nlmsg_type == RTM_DELROUTE)
		nn_rt_del(s, r->table, rt);
	else if (rt->unresolved)
		nn_src_lost(s);	/* a nexthop object we never saw */
	else if (nlh->nlmsg_flags & NLM_F_REPLACE)
		nn_rt_replace(s, r->table, rt, false);
	else
		nn_rt_add(s, r->table, rt);
	kfree(rt);
}

