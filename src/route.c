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
 * A row's key is (table, destination, prefix length, metric, gateway and
 * its family, interface). A replaced route's old next hops that are not in the new set
 * are deleted before the new ones are added; a next hop in both, with any
 * other field changed, is a PARAMETER.
 *
 * Routes are tracked only while the namespace has a route handle: at a
 * million routes the cache costs memory nobody else needs. The source is on
 * demand: the core joins its groups for the first route handle and has it
 * read the routes, and drops it after the last.
 *
 * This file is the source itself: its state, what it does on notices and in
 * the namespace work (reading routes and reconciling the cache with them),
 * and the API. route_cache.c holds the cache, route_msg.c the messages.
 */

#include "route.h"
#include "handle.h"
#include "netns.h"
#include "nexthop.h"
#include "route_cache.h"
#include "route_msg.h"
#include "rtnl.h"
#include "vec.h"

#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/net_namespace.h>

/* Which rows a re-read covers: 0 fields match anything. */
struct nn_rt_scope {
	u16 family;
	int ifindex;
};

/* The handles of this source: their clients take rows. */
static bool nn_route_call(struct nn_handle *h, enum netnotify_type type,
			  const void *row)
{
	((netnotify_route_cb)h->fn)(h->ctx, row, type);
	return true;
}

static const struct nn_handle_type nn_route_handle = {
	.name = "route",
	.source = &nn_route_source,
	.call = nn_route_call,
};

/* --- what has no message ------------------------------------------------ */

struct nn_prefsrc {
	union netnotify_inet_addr addr;
	bool used;
};

static void nn_prefsrc_visit(struct nn_route *r, void *arg)
{
	struct netnotify_ip_forward_row row;
	struct nn_prefsrc *p = arg;

	/*
	 * fib_sync_down_addr() flushes only the main table's routes (or the
	 * VRF's of the device): the local table's go with messages.
	 */
	if (p->used || r->family != AF_INET || r->table == RT_TABLE_LOCAL)
		return;
	nn_route_unpack(r, &row);
	if (!memcmp(&row.prefsrc, &p->addr, sizeof(p->addr)))
		p->used = true;
}

static void nn_rt_gone_visit(struct nn_route *r, void *arg)
{
	struct nn_src *s = arg;
	struct nn_routes *routes = nn_src_priv(s);

	nn_rt_delete(s, routes->table, r);
}

/*
 * A link that went down or away may have had its routes and nexthop objects
 * removed silently: read them again once the namespace lock is dropped.
 * IPv4 flushes the routes whose preferred source an address was without a
 * message: if any route outside the local table has it, every IPv4 route
 * is read again. When the
 * namespace goes, its devices and every route went with them, and IPv4 said
 * nothing of it: the subscribers get a DELETE of every row left.
 */
static void nn_route_notice(struct nn_src *s, const struct nn_notice *n)
{
	struct nn_routes *r = nn_src_priv(s);
	struct nn_prefsrc p;

	lockdep_assert_held(&s->nn->lock);
	if (!r->table)
		return;
	switch (n->type) {
	case NN_NOTICE_LINK_DOWN:
	case NN_NOTICE_LINK_GONE:
		r->recheck_nh = true;
		if (xa_is_err(xa_store(&r->recheck, n->ifindex,
				       xa_mk_value(1), GFP_KERNEL)))
			nn_src_lost(s);
		break;
	case NN_NOTICE_ADDR_GONE:
		if (n->family != AF_INET || r->recheck_v4)
			break;
		p = (struct nn_prefsrc){ .addr = *n->addr };
		nn_rt_for_each(r->table, nn_prefsrc_visit, &p);
		r->recheck_v4 = p.used;
		break;
	case NN_NOTICE_NET_GONE:
		nn_rt_for_each(r->table, nn_rt_gone_visit, s);
		break;
	}
}

/* --- reading the kernel's routes ---------------------------------------- */

struct nn_rt_dump {
	struct nn_route_table *t;
	struct xarray *nexthops;
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
	int tries = NN_DUMP_TRIES;
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

struct nn_rt_diff {
	struct nn_src *s;
	struct nn_route_table *cache;
	struct nn_route_table *truth;
	struct nn_rt_scope scope;
};

static bool nn_rt_in_scope(const struct nn_route *r,
			   const struct nn_rt_scope *s)
{
	return (!s->family || r->family == s->family) &&
	       (!s->ifindex || r->ifindex == s->ifindex);
}

static void nn_rt_diff_cached(struct nn_route *r, void *arg)
{
	struct netnotify_ip_forward_row row;
	struct nn_rt_diff *d = arg;

	if (!nn_rt_in_scope(r, &d->scope))
		return;
	nn_route_unpack(r, &row);
	if (!nn_rt_find(d->truth, &row))
		nn_rt_delete(d->s, d->cache, r);
}

static void nn_rt_diff_truth(struct nn_route *r, void *arg)
{
	struct netnotify_ip_forward_row row;
	struct nn_rt_diff *d = arg;

	nn_route_unpack(r, &row);
	nn_rt_upsert(d->s, d->cache, &row);
}

/*
 * Make the cached rows in @scope those of @truth (a fresh dump), reporting
 * the difference. Called with the namespace lock held.
 */
static void nn_rt_reconcile(struct nn_src *s, struct nn_route_table *truth,
			    const struct nn_rt_scope *scope)
{
	struct nn_routes *r = nn_src_priv(s);
	struct nn_rt_diff d = {
		.s = s, .cache = r->table, .truth = truth, .scope = *scope,
	};

	nn_rt_for_each(d.cache, nn_rt_diff_cached, &d);
	nn_rt_for_each(truth, nn_rt_diff_truth, &d);
}

/*
 * Install new caches (NULL: none) and free the old ones. Nothing is left to
 * read again: the new ones are fresh.
 */
static void nn_routes_replace(struct nn_src *s, struct nn_route_table *t,
			      struct xarray *nexthops)
{
	struct nn_routes *r = nn_src_priv(s);

	mutex_lock(&s->nn->lock);
	swap(r->table, t);
	swap(r->nexthops, nexthops);
	xa_destroy(&r->recheck);
	r->recheck_v4 = false;
	r->recheck_nh = false;
	mutex_unlock(&s->nn->lock);
	nn_rt_table_free(t);
	nn_nh_free_all(nexthops);
}

/*
 * Rebuild both caches from dumps, silently: for the first route handle, and
 * when route events (or the namespace's messages) were lost.
 */
static int nn_route_sync(struct nn_src *s)
{
	struct net *net = nn_src_net(s);
	struct nn_route_table *t, *v6;
	struct xarray *nexthops;

	nexthops = nn_nh_read(net);
	if (IS_ERR(nexthops))
		return PTR_ERR(nexthops);
	t = nn_rt_read(net, AF_INET, 0, nexthops);
	if (IS_ERR(t)) {
		nn_nh_free_all(nexthops);
		return PTR_ERR(t);
	}
	v6 = nn_rt_read(net, AF_INET6, 0, nexthops);
	if (IS_ERR(v6)) {
		nn_rt_table_free(t);
		nn_nh_free_all(nexthops);
		return PTR_ERR(v6);
	}
	nn_rt_merge(t, v6);

	nn_routes_replace(s, t, nexthops);
	return 0;
}

/* Read the nexthop objects again; apply what changed. */
static int nn_route_recheck_nh(struct nn_src *s)
{
	struct nn_routes *r = nn_src_priv(s);
	struct xarray gone, changed, *fresh;
	struct nn_nh *nh, *now;
	unsigned long id;
	bool ok = true;

	fresh = nn_nh_read(nn_src_net(s));
	if (IS_ERR(fresh))
		return PTR_ERR(fresh);
	xa_init(&gone);
	xa_init(&changed);

	mutex_lock(&s->nn->lock);
	xa_for_each(r->nexthops, id, nh) {
		now = xa_load(fresh, id);
		if (!now)
			ok = nn_nh_mark(s, &gone, id);
		else if (!nn_nh_same(nh, now))
			ok = nn_nh_mark(s, &changed, id);
		if (!ok)
			break;
	}
	swap(r->nexthops, fresh);
	/* After a failure the rebuild covers the change. */
	if (ok)
		nn_nh_apply(s, &gone, &changed);
	mutex_unlock(&s->nn->lock);

	nn_nh_free_all(fresh);
	xa_destroy(&gone);
	xa_destroy(&changed);
	return ok ? 0 : -ENOMEM;
}

static int nn_route_recheck(struct nn_src *s, u16 family, int ifindex)
{
	struct nn_rt_scope scope = { .family = family, .ifindex = ifindex };
	struct nn_routes *r = nn_src_priv(s);
	struct nn_route_table *truth;

	/* Only this work changes r->nexthops. */
	truth = nn_rt_read(nn_src_net(s), family, ifindex, r->nexthops);
	/* The link is gone: so is every route through it. */
	if (PTR_ERR_OR_ZERO(truth) == -ENODEV)
		truth = nn_rt_table_new();
	if (IS_ERR_OR_NULL(truth))
		return truth ? PTR_ERR(truth) : -ENOMEM;

	mutex_lock(&s->nn->lock);
	nn_rt_reconcile(s, truth, &scope);
	mutex_unlock(&s->nn->lock);
	nn_rt_table_free(truth);
	return 0;
}

/*
 * The work hook: re-read what the last messages may have changed silently.
 * A failure has the core rebuild the caches.
 */
static int nn_route_rechecks(struct nn_src *s)
{
	struct nn_routes *r = nn_src_priv(s);
	unsigned long ifindex;
	bool nh, v4, any;
	int err = 0;

	mutex_lock(&s->nn->lock);
	nh = r->recheck_nh;
	v4 = r->recheck_v4;
	any = r->table && (nh || v4 || !xa_empty(&r->recheck));
	r->recheck_nh = false;
	r->recheck_v4 = false;
	mutex_unlock(&s->nn->lock);
	if (!any)
		return 0;

	/* Once we have held RTNL, the change that asked for this is done. */
	rtnl_lock();
	rtnl_unlock();

	if (nh)
		err = nn_route_recheck_nh(s);
	for (;;) {
		mutex_lock(&s->nn->lock);
		ifindex = 0;
		if (xa_find(&r->recheck, &ifindex, ULONG_MAX, XA_PRESENT))
			xa_erase(&r->recheck, ifindex);
		else
			ifindex = 0;
		mutex_unlock(&s->nn->lock);
		if (!ifindex || err)
			break;
		err = nn_route_recheck(s, AF_INET, ifindex) ?:
		      nn_route_recheck(s, AF_INET6, ifindex);
	}
	if (v4 && !err)
		err = nn_route_recheck(s, AF_INET, 0);
	return err ?: 1;
}

/*
 * The active hook. The first route handle needs nothing here: the core
 * joins the groups and has the caches built by nn_route_sync(). After the
 * last one the core left the groups; drop the caches and what was left to
 * read again.
 */
static void nn_route_active(struct nn_src *s, bool on)
{
	if (!on)
		nn_routes_replace(s, NULL, NULL);
}

static int nn_route_net_init(struct nn_src *s)
{
	struct nn_routes *r = nn_src_priv(s);

	xa_init(&r->recheck);
	return 0;
}

static void nn_route_net_exit(struct nn_src *s)
{
	struct nn_routes *r = nn_src_priv(s);

	nn_rt_table_free(r->table);
	r->table = NULL;
	nn_nh_free_all(r->nexthops);
	r->nexthops = NULL;
	xa_destroy(&r->recheck);
}

static const unsigned int nn_route_groups[] = {
	RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_ROUTE, RTNLGRP_NEXTHOP,
};

const struct nn_source_ops nn_route_source = {
	.name = "routes",
	.groups = nn_route_groups,
	.ngroups = ARRAY_SIZE(nn_route_groups),
	.on_demand = true,
	.priv_size = sizeof(struct nn_routes),
	.net_init = nn_route_net_init,
	.net_exit = nn_route_net_exit,
	.sync = nn_route_sync,
	.msg = nn_route_msg,
	.notice = nn_route_notice,
	.work = nn_route_rechecks,
	.active = nn_route_active,
};

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
		tries = NN_DUMP_TRIES;
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
 * register, and that of any handle registering meanwhile, returns once the
 * namespace's routes were read, so a route that exists then and goes a
 * moment later is a NETNOTIFY_DELETE. (If reading them fails, for lack of
 * memory, a NETNOTIFY_RESYNC follows once a later read works.)
 *
 * Context: As __netnotify_ip_interface_change(): process context, may
 * sleep; also, must not hold RTNL (reading the routes takes it).
 * Return: As __netnotify_ip_interface_change().
 */
int __netnotify_route_change(struct net *net, u16 family,
			     netnotify_route_cb callback, void *ctx,
			     bool initial_notification, u32 *handle,
			     struct module *owner)
{
	return nn_register_api(&nn_route_handle, callback, net, family, ctx,
			       initial_notification, owner, handle);
}
EXPORT_SYMBOL_NS_GPL(__netnotify_route_change, NETNOTIFY);

