// SPDX-License-Identifier: GPL-2.0
/*
 * The stable address table (NotifyStableUnicastIpAddressTable).
 *
 * The table is stable when no address of the family is still in DAD. A
 * tentative address counts only on a link where DAD can run (IPv6 IF_READY:
 * up, with carrier); elsewhere it cannot progress and would wait forever.
 * IPv4 addresses are always stable (Linux does no IPv4 DAD).
 *
 * A request is a handle subscribed, before anything is read, to the
 * address source (for its family) and to the interface source (a link
 * coming up lets DAD run, one going down stops counting): an ordinary
 * subscriber of both, whose events only mean "look again". If the first
 * look finds the table stable, the handle is dropped at once and the table
 * returned. Otherwise every later event, and every loss of events, pokes
 * the handle, whose work item takes another look in process context; the
 * first stable look calls the callback, once. Each look reads the addresses
 * first and the links second: a link that comes up in between only makes
 * the answer more cautious.
 */

#include "addr.h"
#include "handle.h"
#include "iface.h"
#include "netns.h"
#include "queue.h"
#include "rtnl.h"
#include "table.h"

#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/xarray.h>
#include <net/net_namespace.h>

struct nn_ready_dump {
	struct xarray *tentative;
	bool settled;
};

static int nn_ready_msg(void *arg, const struct nlmsghdr *nlh)
{
	struct nn_ready_dump *d = arg;
	struct nn_link_info info;
	int err;

	/* As in a table read: a link that could not be parsed fails it. */
	err = nn_iface_parse(nlh, &info);
	if (err)
		return err == -ENOMEM ? err : 0;
	if (info.ready6 && xa_load(d->tentative, info.ifindex))
		d->settled = false;
	return 0;
}

/*
 * Is every address of @infos settled? Tentative IPv6 addresses count only
 * on links that are IF_READY now.
 */
static int nn_addrs_settled(struct net *net, const struct nn_addr_info *infos,
			    u32 n, bool *settled)
{
	struct ifinfomsg ifm = { .ifi_family = AF_UNSPEC };
	struct nn_ready_dump d = { .settled = true };
	struct xarray tentative;
	int tries = NN_DUMP_TRIES;
	int err = 0;
	u32 i;

	xa_init(&tentative);
	for (i = 0; i < n && !err; i++)
		if (infos[i].row.dad_state == NETNOTIFY_DAD_TENTATIVE)
			err = xa_err(xa_store(&tentative, infos[i].row.ifindex,
					      xa_mk_value(1), GFP_KERNEL));
	if (!err && !xa_empty(&tentative)) {
		d.tentative = &tentative;
		do {
			d.settled = true;
			err = nn_rtnl_dump(net, RTM_GETLINK, &ifm, sizeof(ifm),
					   nn_ready_msg, &d);
		} while (err == -EAGAIN && --tries);
	}
	xa_destroy(&tentative);
	*settled = d.settled;
	return err;
}

/* Read the table and judge it. On success *table is the caller's. */
static int nn_stable_look(struct net *net, u16 family,
			  struct netnotify_unicast_ip_address_table **table,
			  bool *settled)
{
	struct netnotify_unicast_ip_address_table *t;
	struct nn_addr_info *infos;
	int err;
	u32 n;

	t = nn_addr_table(net, family, &infos, &n);
	if (IS_ERR(t))
		return PTR_ERR(t);
	err = nn_addrs_settled(net, infos, n, settled);
	kvfree(infos);
	if (err) {
		kvfree(t);
		return err;
	}
	*table = t;
	return 0;
}

/**
 * struct nn_stable - a pending stable-table request
 * @h: the handle, subscribed to the addresses of its family.
 * @links: its subscription to every interface change.
 * @marked: something changed (since the registration's own look).
 * @armed: the registration returned: looks may run.
 * @done: the table was handed out.
 *
 * @marked, @armed and @done are under @h.lock.
 */
struct nn_stable {
	struct nn_handle h;
	struct nn_sub links;
	bool marked;
	bool armed;
	bool done;
};

/* The call hook: take another look; call the client once it is stable. */
static bool nn_stable_run(struct nn_handle *h, enum netnotify_type type,
			  const void *row)
{
	struct nn_stable *st = container_of(h, struct nn_stable, h);
	struct netnotify_unicast_ip_address_table *t;
	bool settled, call;
	struct net *net;
	int err;

	net = nn_net_get_net(&h->sub);
	if (!net)
		return false;	/* the namespace is gone */
	err = nn_stable_look(net, h->sub.family, &t, &settled);
	put_net(net);
	if (err) {
		/* The next event looks again. */
		pr_warn_ratelimited("stable table %u: reading addresses failed: %d\n",
				    h->id, err);
		return false;
	}
	if (!settled) {
		kvfree(t);
		return false;
	}

	spin_lock(&h->lock);
	call = h->state == NN_LIVE && !st->done;
	st->done = true;
	spin_unlock(&h->lock);
	if (!call) {
		kvfree(t);
		return false;
	}
	((netnotify_stable_table_cb)h->fn)(h->ctx, t);
	return true;
}

/*
 * Something changed, or events were lost: look again, once the
 * registration armed the request (until then only remember it), and until
 * the table was handed out.
 */
static void nn_stable_changed(struct nn_stable *st)
{
	bool poke;

	spin_lock(&st->h.lock);
	st->marked = true;
	poke = st->armed && !st->done;
	spin_unlock(&st->h.lock);
	if (poke)
		nn_queue_poke(&st->h);
}

/* The registration returned: look again if anything changed since. */
static void nn_stable_arm(struct nn_stable *st)
{
	bool poke;

	spin_lock(&st->h.lock);
	st->armed = true;
	poke = st->marked && !st->done;
	spin_unlock(&st->h.lock);
	if (poke)
		nn_queue_poke(&st->h);
}

/* The deliver hooks: any event, or a loss, of addresses or interfaces. */
static void nn_stable_addr_event(struct nn_sub *sub, enum netnotify_type type,
				 const void *row, size_t len)
{
	nn_stable_changed(container_of(sub, struct nn_stable, h.sub));
}

static void nn_stable_link_event(struct nn_sub *sub, enum netnotify_type type,
				 const void *row, size_t len)
{
	nn_stable_changed(container_of(sub, struct nn_stable, links));
}

static const char *nn_stable_state(struct nn_handle *h)
{
	struct nn_stable *st = container_of(h, struct nn_stable, h);
	bool done;

	spin_lock(&h->lock);
	done = st->done;
	spin_unlock(&h->lock);
	return done ? "completed" : "pending";
}

static const struct nn_handle_type nn_stable_handle = {
	.name = "stable_table",
	.size = NN_HANDLE_SIZE(struct nn_stable, h),
	.source = &nn_addr_source,
	.call = nn_stable_run,
	.state = nn_stable_state,
};

/**
 * __netnotify_stable_unicast_ip_address_table() - the address table once no
 *	address is still in DAD (NotifyStableUnicastIpAddressTable)
 * @net: the network namespace.
 * @family: AF_INET, AF_INET6, or AF_UNSPEC for both.
 * @table: receives the table when it is stable now, to be freed with
 *	netnotify_free_table(); NULL otherwise.
 * @callback: otherwise called once, later, from process context, when the
 *	table has become stable, with a freshly allocated table that the
 *	callee frees with netnotify_free_table().
 * @ctx: passed to @callback.
 * @handle: receives the handle of a pending request, 0 otherwise.
 * @owner: the registering module (THIS_MODULE via the macro).
 *
 * Stable means no address of the family is tentative on a link where DAD
 * can run (tentative addresses on links that are down or without carrier
 * cannot progress and do not count; duplicates are settled). The table holds
 * every address of the family in the namespace.
 *
 * A pending request's handle must be cancelled with netnotify_cancel(),
 * also after the callback ran (as on Windows); cancelling it before then
 * means the callback never runs.
 *
 * Context: Process context, may sleep; may be called from callbacks. Must
 * not hold RTNL, which the kernel takes while it dumps.
 * Return: 0 with the table in *@table (*@handle is 0 and @callback is never
 * called); -EINPROGRESS with *@handle set when @callback will be called;
 * -EINVAL for a NULL @net, @table, @callback or @handle or an unsupported
 * @family; -EDEADLK from a context that cannot sleep; -ENOMEM; -ENOSPC;
 * -ENODEV when @net is being dismantled; -EAGAIN when the namespace kept
 * changing under every one of the reads tried.
 */
int
__netnotify_stable_unicast_ip_address_table(struct net *net, u16 family,
					    struct netnotify_unicast_ip_address_table **table,
					    netnotify_stable_table_cb callback,
					    void *ctx, u32 *handle,
					    struct module *owner)
{
	struct netnotify_unicast_ip_address_table *t;
	struct nn_stable *st;
	bool settled;
	u32 id;
	int err;

	if (handle)
		*handle = 0;
	if (table)
		*table = NULL;
	err = nn_check_context();
	if (err)
		return err;
	if (!table || !callback || !handle)
		return -EINVAL;

	st = nn_handle_new(&nn_stable_handle);
	if (!st)
		return -ENOMEM;
	st->h.fn = (nn_client_fn)callback;
	st->h.sub.deliver = nn_stable_addr_event;
	st->links.source = &nn_iface_source;
	st->links.family = AF_UNSPEC;
	st->links.deliver = nn_stable_link_event;
	st->h.sub.next = &st->links;

	/* Subscribe first: a change after the look below re-arms it. */
	nn_handle_get(&st->h);
	err = nn_register(&st->h, net, family, ctx, false, owner, &id);
	if (err)
		goto out;

	err = nn_stable_look(net, family, &t, &settled);
	if (!err && settled) {
		nn_handle_cancel(&st->h);
		*table = t;
	} else if (!err) {
		kvfree(t);
		/* The caller has its handle before the callback can run. */
		*handle = id;
		nn_stable_arm(st);
		err = -EINPROGRESS;
	} else {
		nn_handle_cancel(&st->h);
	}
out:
	nn_handle_put(&st->h);
	return err;
}
EXPORT_SYMBOL_NS_GPL(__netnotify_stable_unicast_ip_address_table, NETNOTIFY);
