// SPDX-License-Identifier: GPL-2.0
/*
 * The stable address table (NotifyStableUnicastIpAddressTable).
 *
 * The table is stable when no address of the family is still in DAD. A
 * tentative address counts only on a link where DAD can run (IPv6 IF_READY:
 * up, with carrier); elsewhere it cannot progress and would wait forever.
 * IPv4 addresses are always stable (Linux does no IPv4 DAD).
 *
 * A request is a handle subscribed to the namespace's address and interface
 * events before anything is read. If the first look finds the table stable,
 * the handle is dropped at once and the table returned. Otherwise every
 * later event marks the handle for another look, which its work item takes
 * in process context; the first stable look calls the callback, once. Each
 * look reads the addresses first and the links second: a link that comes up
 * in between only makes the answer more cautious.
 */

#include "stable.h"
#include "handle.h"
#include "addr.h"
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
	int tries = 5;
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
 * nn_stable_run() - take another look for a pending request
 * @h: a stable-table handle, from its work item.
 *
 * Return: true if the client's callback was called.
 */
bool nn_stable_run(struct nn_handle *h)
{
	struct netnotify_unicast_ip_address_table *t;
	bool settled, call;
	struct net *net;
	int err;

	net = nn_net_get_net(h);
	if (!net)
		return false;	/* the namespace is gone */
	err = nn_stable_look(net, h->family, &t, &settled);
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
	call = h->state == NN_LIVE && !h->stable_done;
	h->stable_done = true;
	spin_unlock(&h->lock);
	if (!call) {
		kvfree(t);
		return false;
	}
	h->cb.stable_table(h->ctx, t);
	return true;
}

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
	union nn_callback cb = { .stable_table = callback };
	struct netnotify_unicast_ip_address_table *t;
	struct nn_handle *h;
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
	if (!table || !handle)
		return -EINVAL;

	/* Subscribe first: a change after the look below re-arms it. */
	err = nn_register(net, NN_KIND_STABLE_TABLE, family, cb, ctx, false,
			  owner, &id, &h);
	if (err)
		return err;

	err = nn_stable_look(net, family, &t, &settled);
	if (!err && settled) {
		nn_handle_cancel(h);
		*table = t;
	} else if (!err) {
		kvfree(t);
		/* The caller has its handle before the callback can run. */
		*handle = id;
		nn_queue_arm(h);
		err = -EINPROGRESS;
	} else {
		nn_handle_cancel(h);
	}
	nn_handle_put(h);
	return err;
}
EXPORT_SYMBOL_NS_GPL(__netnotify_stable_unicast_ip_address_table, NETNOTIFY);
