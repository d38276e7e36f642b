// SPDX-License-Identifier: GPL-2.0
/*
 * Device source (CM_Register_Notification / CM_Unregister_Notification).
 *
 * A device's life in a namespace is read from the same rtnetlink stream as
 * the interface rows, not from a netdevice notifier: RTM_NEWLINK when it is
 * registered or moved in and on every change, RTM_DELLINK exactly once when
 * it is unregistered or moved out. The notifier would add two traps for
 * nothing: enum netdev_cmd is numbered differently on 6.1 and 6.12, and
 * NETDEV_UNREGISTER is sent again about once a second while references to
 * a dying device remain, where the rtnetlink message is sent once.
 *
 * The source keeps every device of the namespace (by ifindex) and compares
 * each RTM_NEWLINK with it: ARRIVAL for a device it did not hold, STOPPED,
 * RENAMED and STARTED, in that order, for the changes of IFF_UP and the
 * name; other changes only update what is held, and the next event carries
 * them. Each change is fanned out once, and each handle's filter decides
 * what it means for that handle (for a name filter, a rename is an arrival
 * or a removal). A handle that asks for an enumeration is handed every
 * device held when it subscribes, under the namespace lock, ahead of any
 * later change: no device is missed or reported twice, whatever is being
 * created or deleted at the time.
 */

#include "device.h"
#include "handle.h"
#include "netns.h"
#include "queue.h"
#include "rtnl.h"

#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/xarray.h>

/**
 * struct nn_devices - the device source's state in one namespace
 * @devs: struct netnotify_device_event by ifindex, as last reported (with
 *	no @old_name); replaced whole on resync.
 */
struct nn_devices {
	struct xarray *devs;
};

/**
 * struct nn_dev_change - what the source fans out, and a handle queues
 * @action: what happened.
 * @present: an enumerated device, for the subscriber that asked for them.
 * @ev: the device after the change.
 */
struct nn_dev_change {
	enum netnotify_device_action action;
	bool present;
	struct netnotify_device_event ev;
};

/**
 * struct nn_device_handle - a device notification handle
 * @h: the handle.
 * @filter: the client's filter, checked.
 * @seen: an ifindex filter's device was among those the source held when
 *	the handle subscribed: written once, by the registering thread, as
 *	it subscribes.
 * @gone: an ifindex filter's device was removed: nothing more is delivered
 *	(its ifindex may come back for a device moved in again). Namespace
 *	lock.
 */
struct nn_device_handle {
	struct nn_handle h;
	struct netnotify_device_filter filter;
	bool seen;
	bool gone;
};

static const struct nla_policy nn_linkinfo_policy[IFLA_INFO_MAX + 1] = {
	[IFLA_INFO_KIND] = { .type = NLA_STRING },
};

static const struct nla_policy nn_device_policy[IFLA_MAX + 1] = {
	[IFLA_ADDRESS] = { .type = NLA_BINARY, .len = MAX_ADDR_LEN },
	[IFLA_IFNAME] = { .type = NLA_STRING, .len = IFNAMSIZ - 1 },
	[IFLA_MTU] = { .type = NLA_U32 },
	[IFLA_LINK] = { .type = NLA_U32 },
	[IFLA_MASTER] = { .type = NLA_U32 },
	[IFLA_OPERSTATE] = { .type = NLA_U8 },
	[IFLA_LINKINFO] = NLA_POLICY_NESTED(nn_linkinfo_policy),
};

/*
 * The device an RTM_NEWLINK or RTM_DELLINK of family AF_UNSPEC describes.
 * Other families (AF_BRIDGE: a port joining or leaving its bridge, AF_INET6:
 * router advertisement flags) say nothing of the device's life. Returns 0,
 * or -EINVAL for a message to ignore.
 */
static int nn_device_parse(const struct nlmsghdr *nlh,
			   struct netnotify_device_event *ev)
{
	struct nlattr *tb[IFLA_MAX + 1], *info[IFLA_INFO_MAX + 1];
	const struct ifinfomsg *ifm;

	if (nlmsg_len(nlh) < sizeof(*ifm))
		return -EINVAL;
	ifm = nlmsg_data(nlh);
	if (ifm->ifi_family != AF_UNSPEC || ifm->ifi_index <= 0 ||
	    nn_nlmsg_parse(nlh, sizeof(*ifm), tb, IFLA_MAX, nn_device_policy))
		return -EINVAL;

	memset(ev, 0, sizeof(*ev));
	ev->ifindex = ifm->ifi_index;
	ev->link_type = ifm->ifi_type;
	ev->flags = ifm->ifi_flags;
	if (tb[IFLA_IFNAME])
		nla_strscpy(ev->name, tb[IFLA_IFNAME], sizeof(ev->name));
	if (tb[IFLA_MTU])
		ev->mtu = nla_get_u32(tb[IFLA_MTU]);
	if (tb[IFLA_OPERSTATE])
		ev->oper_state = nla_get_u8(tb[IFLA_OPERSTATE]);
	if (tb[IFLA_LINK])
		ev->link_ifindex = nla_get_u32(tb[IFLA_LINK]);
	if (tb[IFLA_MASTER])
		ev->master_ifindex = nla_get_u32(tb[IFLA_MASTER]);
	if (tb[IFLA_ADDRESS]) {
		ev->hw_addr_len = nla_len(tb[IFLA_ADDRESS]);
		memcpy(ev->hw_addr, nla_data(tb[IFLA_ADDRESS]), ev->hw_addr_len);
	}
	if (tb[IFLA_LINKINFO] &&
	    !nn_nla_parse_nested(info, IFLA_INFO_MAX, tb[IFLA_LINKINFO],
				 nn_linkinfo_policy) && info[IFLA_INFO_KIND])
		nla_strscpy(ev->kind, info[IFLA_INFO_KIND], sizeof(ev->kind));
	return 0;
}

/* Report a change, unless @s is NULL (a table is being rebuilt). */
static void nn_device_tell(struct nn_src *s,
			   enum netnotify_device_action action,
			   const struct netnotify_device_event *ev,
			   const char *old_name)
{
	struct nn_dev_change c = { .action = action, .ev = *ev };

	if (!s)
		return;
	if (old_name)
		strscpy(c.ev.old_name, old_name, sizeof(c.ev.old_name));
	/* The row carries the action; the type says nothing here. */
	nn_src_fanout(s, AF_UNSPEC, NETNOTIFY_PARAMETER, &c, sizeof(c));
}

/*
 * Apply one message to @devs and, unless @s is NULL, report the changes.
 * Returns 0, or -ENOMEM when a new device could not be held.
 */
static int nn_device_apply(struct nn_src *s, struct xarray *devs,
			   const struct nlmsghdr *nlh)
{
	struct netnotify_device_event ev, *old;
	char old_name[IFNAMSIZ];
	bool was_up, up;
	int err;

	if (nlh->nlmsg_type != RTM_NEWLINK && nlh->nlmsg_type != RTM_DELLINK)
		return 0;
	if (nn_device_parse(nlh, &ev))
		return 0;
	old = xa_load(devs, ev.ifindex);

	if (nlh->nlmsg_type == RTM_DELLINK) {
		if (old) {
			xa_erase(devs, ev.ifindex);
			kfree(old);
			nn_device_tell(s, NETNOTIFY_DEVICE_REMOVAL, &ev, NULL);
		}
		return 0;
	}

	if (!old) {
		old = kmemdup(&ev, sizeof(ev), GFP_KERNEL);
		if (!old)
			return -ENOMEM;
		err = xa_err(xa_store(devs, ev.ifindex, old, GFP_KERNEL));
		if (err) {
			kfree(old);
			return err;
		}
		nn_device_tell(s, NETNOTIFY_DEVICE_ARRIVAL, &ev, NULL);
		return 0;
	}

	was_up = old->flags & IFF_UP;
	up = ev.flags & IFF_UP;
	strscpy(old_name, old->name, sizeof(old_name));
	*old = ev;
	/* A device is renamed while down, unless it allows a live rename. */
	if (was_up && !up)
		nn_device_tell(s, NETNOTIFY_DEVICE_STOPPED, &ev, NULL);
	if (strcmp(old_name, ev.name))
		nn_device_tell(s, NETNOTIFY_DEVICE_RENAMED, &ev, old_name);
	if (!was_up && up)
		nn_device_tell(s, NETNOTIFY_DEVICE_STARTED, &ev, NULL);
	return 0;
}

static void nn_device_msg(struct nn_src *s, const struct nlmsghdr *nlh)
{
	struct nn_devices *d = nn_src_priv(s);

	lockdep_assert_held(&s->nn->lock);
	/* The table missed a device: rebuild it and tell the subscribers. */
	if (nn_device_apply(s, d->devs, nlh) < 0)
		nn_src_lost(s);
}

static int nn_device_dump_msg(void *devs, const struct nlmsghdr *nlh)
{
	return nn_device_apply(NULL, devs, nlh);
}

/*
 * Rebuild the table from a dump, silently: at namespace setup, and after
 * the listener lost messages, when the subscribers are told to
 * resynchronize instead.
 */
static int nn_device_sync(struct nn_src *s)
{
	struct nn_devices *d = nn_src_priv(s);

	return nn_src_sync_links(s, &d->devs, nn_device_dump_msg);
}

static void nn_device_net_exit(struct nn_src *s)
{
	struct nn_devices *d = nn_src_priv(s);

	nn_rows_free(d->devs);
	d->devs = NULL;
}

/*
 * The namespace is going: whatever no RTM_DELLINK removed (messages were
 * lost) is removed now, so every device's last event is its REMOVAL.
 */
static void nn_device_notice(struct nn_src *s, const struct nn_notice *n)
{
	struct nn_devices *d = nn_src_priv(s);
	struct netnotify_device_event *ev;
	unsigned long i;

	if (n->type != NN_NOTICE_NET_GONE)
		return;
	xa_for_each(d->devs, i, ev) {
		xa_erase(d->devs, i);
		nn_device_tell(s, NETNOTIFY_DEVICE_REMOVAL, ev, NULL);
		kfree(ev);
	}
}

/* A new subscriber: hand it every device, which it keeps if it asked. */
static void nn_device_attach(struct nn_src *s, struct nn_sub *sub)
{
	struct nn_devices *d = nn_src_priv(s);
	struct nn_dev_change c = {
		.action = NETNOTIFY_DEVICE_ARRIVAL,
		.present = true,
	};
	struct netnotify_device_event *ev;
	unsigned long i;

	xa_for_each(d->devs, i, ev) {
		c.ev = *ev;
		sub->deliver(sub, NETNOTIFY_PARAMETER, &c, sizeof(c));
	}
}

static const unsigned int nn_device_groups[] = {
	RTNLGRP_LINK,
};

const struct nn_source_ops nn_device_source = {
	.name = "devices",
	.groups = nn_device_groups,
	.ngroups = ARRAY_SIZE(nn_device_groups),
	.priv_size = sizeof(struct nn_devices),
	.net_init = nn_device_sync,
	.net_exit = nn_device_net_exit,
	.sync = nn_device_sync,
	.msg = nn_device_msg,
	.notice = nn_device_notice,
	.attach = nn_device_attach,
};

/*
 * What a change means to a filter: its action, another one (a name filter
 * sees a rename as the name's arrival or removal), or -1 for nothing.
 */
static int nn_device_match(const struct netnotify_device_filter *f,
			   const struct nn_dev_change *c)
{
	const struct netnotify_device_event *ev = &c->ev;

	switch (f->type) {
	case NETNOTIFY_DEVICE_FILTER_NAME:
		if (c->action != NETNOTIFY_DEVICE_RENAMED)
			return strcmp(ev->name, f->u.name) ? -1 : c->action;
		if (!strcmp(ev->name, f->u.name))
			return NETNOTIFY_DEVICE_ARRIVAL;
		if (!strcmp(ev->old_name, f->u.name))
			return NETNOTIFY_DEVICE_REMOVAL;
		return -1;
	case NETNOTIFY_DEVICE_FILTER_IFINDEX:
		return ev->ifindex == f->u.ifindex ? c->action : -1;
	case NETNOTIFY_DEVICE_FILTER_KIND:
		return strcmp(ev->kind, f->u.kind) ? -1 : c->action;
	default:
		return c->action;
	}
}

/* The subscriber hook: filter, then queue. The namespace lock is held. */
static void nn_device_deliver(struct nn_sub *sub, enum netnotify_type type,
			      const void *row, size_t len)
{
	struct nn_device_handle *d =
		container_of(sub, struct nn_device_handle, h.sub);
	const struct nn_dev_change *c = row;
	struct nn_dev_change out;
	int action;

	if (d->gone)
		return;
	if (type == NETNOTIFY_RESYNC) {
		nn_queue_deliver(sub, type, NULL, 0);
		return;
	}
	action = nn_device_match(&d->filter, c);
	if (action < 0)
		return;
	if (c->present) {
		d->seen = true;
		if (!(d->filter.flags & NETNOTIFY_DEVICE_ENUMERATE))
			return;
	}
	if (action == NETNOTIFY_DEVICE_REMOVAL &&
	    d->filter.type == NETNOTIFY_DEVICE_FILTER_IFINDEX)
		WRITE_ONCE(d->gone, true);
	out = *c;
	out.action = action;
	nn_queue_deliver(sub, type, &out, sizeof(out));
}

static bool nn_device_call(struct nn_handle *h, enum netnotify_type type,
			   const void *row)
{
	netnotify_device_cb fn = (netnotify_device_cb)h->fn;
	const struct nn_dev_change *c = row;

	if (type == NETNOTIFY_RESYNC)
		fn(h->id, h->ctx, NETNOTIFY_DEVICE_RESYNC, NULL, 0);
	else if (c)
		fn(h->id, h->ctx, c->action, &c->ev, sizeof(c->ev));
	return type == NETNOTIFY_RESYNC || c;
}

static const char *nn_device_state(struct nn_handle *h)
{
	struct nn_device_handle *d = container_of(h, typeof(*d), h);

	return READ_ONCE(d->gone) ? "removed" : "active";
}

static ssize_t nn_device_filter_show(struct nn_handle *h, char *buf)
{
	struct nn_device_handle *d = container_of(h, typeof(*d), h);
	const struct netnotify_device_filter *f = &d->filter;
	const char *e = f->flags & NETNOTIFY_DEVICE_ENUMERATE ?
			" enumerate" : "";

	switch (f->type) {
	case NETNOTIFY_DEVICE_FILTER_NAME:
		return sysfs_emit(buf, "name %s%s\n", f->u.name, e);
	case NETNOTIFY_DEVICE_FILTER_IFINDEX:
		return sysfs_emit(buf, "ifindex %d%s\n", f->u.ifindex, e);
	case NETNOTIFY_DEVICE_FILTER_KIND:
		return sysfs_emit(buf, "kind %s%s\n", f->u.kind, e);
	default:
		return sysfs_emit(buf, "all%s\n", e);
	}
}

static const struct nn_handle_type nn_device_handle = {
	.name = "device",
	.size = NN_HANDLE_SIZE(struct nn_device_handle, h),
	.source = &nn_device_source,
	.call = nn_device_call,
	.state = nn_device_state,
	.filter = nn_device_filter_show,
};

/* A string argument: not empty, and ending within its array. */
static bool nn_filter_string(const char *s, size_t size)
{
	size_t len = strnlen(s, size);

	return len && len < size;
}

/* Check the client's filter; 0, -EINVAL, or -ENODEV for a device handle. */
static int nn_device_filter_check(struct net *net,
				  const struct netnotify_device_filter *f)
{
	bool exists;

	if (f->size != sizeof(*f) || f->flags & ~NETNOTIFY_DEVICE_ENUMERATE)
		return -EINVAL;
	switch (f->type) {
	case NETNOTIFY_DEVICE_FILTER_ALL:
		return 0;
	case NETNOTIFY_DEVICE_FILTER_NAME:
		return nn_filter_string(f->u.name, sizeof(f->u.name)) &&
		       dev_valid_name(f->u.name) ? 0 : -EINVAL;
	case NETNOTIFY_DEVICE_FILTER_KIND:
		return nn_filter_string(f->u.kind, sizeof(f->u.kind)) ?
		       0 : -EINVAL;
	case NETNOTIFY_DEVICE_FILTER_IFINDEX:
		if (f->u.ifindex <= 0)
			return -EINVAL;
		rcu_read_lock();
		exists = dev_get_by_index_rcu(net, f->u.ifindex);
		rcu_read_unlock();
		return exists ? 0 : -ENODEV;
	default:
		return -EINVAL;
	}
}

/**
 * __netnotify_register_device_notification() - register for device
 *	arrival, removal, start, stop and rename (CM_Register_Notification)
 * @net: the network namespace to watch; the caller keeps it alive for the
 *	duration of the call. The handle takes no reference: when the
 *	namespace is dismantled the handle receives the REMOVALs of its
 *	devices, then nothing, and stays cancellable.
 * @filter: which devices (struct netnotify_device_filter), copied.
 * @ctx: passed to @callback untouched.
 * @callback: called with the handle, @ctx, the action and a copy of the
 *	device as of the event, valid during the call.
 * @handle: receives the handle, or 0 on error. It is written before any
 *	callback can run, and every callback is passed it too.
 * @owner: the registering module (THIS_MODULE via the
 *	netnotify_register_device_notification() macro); if it is unloaded
 *	with the handle live, the handle is cancelled first, with a warning.
 *
 * Without %NETNOTIFY_DEVICE_ENUMERATE the handle hears only of what
 * happens after it is registered. With it, the first callbacks are one
 * ARRIVAL per matching device present, before any later event; a device
 * being created or deleted meanwhile is reported exactly once either way.
 * Callbacks of one handle never overlap and keep the kernel's order; they
 * run in process context without locks held and may sleep, take RTNL, and
 * register or cancel handles (their own included). If the handle's queue
 * overflows, queued events are dropped and one NETNOTIFY_DEVICE_RESYNC
 * follows.
 *
 * Context: Process context, may sleep; not in atomic context, with
 * interrupts or preemption disabled, or inside an RCU read-side section.
 * Must not hold RTNL: the namespace's pending changes are applied first.
 * Return: 0 on success; -EINVAL for a NULL @net, @filter, @callback or
 * @handle, a @filter->size other than the structure's, unknown flags or
 * filter type, an empty or unterminated name or kind, an invalid device
 * name, or an ifindex not above 0; -ENODEV for an ifindex filter naming no
 * device of @net (or one deleted while registering), or when @net is being
 * dismantled; -EDEADLK, with nothing
 * done and a one-time warning, from a context that cannot sleep; -ENOMEM;
 * -ENOSPC when handles run out.
 */
int __netnotify_register_device_notification(struct net *net,
					     const struct netnotify_device_filter *filter,
					     void *ctx, netnotify_device_cb callback,
					     u32 *handle, struct module *owner)
{
	struct nn_device_handle *d;
	int err;

	if (handle)
		*handle = 0;
	err = nn_check_context();
	if (err)
		return err;
	if (!net || !filter || !callback || !handle)
		return -EINVAL;
	err = nn_device_filter_check(net, filter);
	if (err)
		return err;

	d = nn_handle_new(&nn_device_handle);
	if (!d)
		return -ENOMEM;
	d->h.fn = (nn_client_fn)callback;
	d->h.sub.deliver = nn_device_deliver;
	d->filter = *filter;

	/* Ours until the check below is done; the registration's is taken. */
	nn_handle_get(&d->h);
	err = nn_register(&d->h, net, AF_UNSPEC, ctx, false, owner, handle);
	/*
	 * The device was deleted after the check above, and before the
	 * handle could see its removal: the handle would name no device.
	 */
	if (!err && filter->type == NETNOTIFY_DEVICE_FILTER_IFINDEX &&
	    !d->seen) {
		nn_handle_cancel(&d->h);
		*handle = 0;
		err = -ENODEV;
	}
	nn_handle_put(&d->h);
	return err;
}
EXPORT_SYMBOL_NS_GPL(__netnotify_register_device_notification, NETNOTIFY);

/**
 * netnotify_unregister_device_notification() - cancel a device handle
 *	(CM_Unregister_Notification)
 * @handle: a handle from netnotify_register_device_notification().
 *
 * netnotify_cancel() for device handles: when it returns no callback of
 * @handle is running or will run, so the context may be freed. Called from
 * the handle's own callback it returns 0 at once, without the deadlock
 * Windows has there. To unregister from a context that cannot wait, use
 * netnotify_cancel_async().
 *
 * Context: Process context, may sleep. Not in atomic context, with
 * interrupts or preemption disabled, or inside an RCU read-side section.
 * Return: 0; -EINVAL for handle 0 or a live handle of another kind;
 * -ENOENT for any other value that is not a live handle; -EDEADLK, with
 * nothing done and a one-time warning, from a context that cannot sleep.
 */
int netnotify_unregister_device_notification(u32 handle)
{
	int err = nn_check_context();

	return err ?: nn_cancel_id(handle, &nn_device_handle);
}
EXPORT_SYMBOL_NS_GPL(netnotify_unregister_device_notification, NETNOTIFY);
