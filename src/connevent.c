// SPDX-License-Identifier: GPL-2.0
/*
 * Connection event objects (MprAdminRegisterConnectionNotification /
 * MprAdminDeregisterConnectionNotification): eventfds signalled whenever an
 * interface of their namespace connects or disconnects.
 *
 * The source keeps, per namespace, the set of connected links (by ifindex:
 * administratively up with carrier, the interface row's definition), read
 * from the same rtnetlink stream as the interface rows, and fans out each
 * change of the set: a link joins it when it comes up with carrier or gains
 * carrier while up, and leaves it when it goes down, loses carrier, or is
 * deleted or moved out while connected (the kernel closes a link before it
 * moves it, so one moved in arrives down). MTU, address, route and other
 * link changes leave the set as it is.
 *
 * Each registration is a subscriber whose delivery hook adds one to its
 * eventfd's counter. So the signals are sent from the namespace work, in
 * process context, holding neither RTNL nor any spinlock, in one walk of the
 * namespace's subscribers; eventfd_signal() never sleeps. The event carries
 * nothing: the reader reads the counter (how many changes since its last
 * read) and re-reads what it watches. Lost rtnetlink messages are a signal
 * too (the set was rebuilt; something may have changed).
 *
 * A registration is keyed by (namespace, eventfd context) in a hash table.
 * Keys are compared, never followed: deregistering a pointer that was never
 * registered, or no longer is, finds nothing, and the privilege check of a
 * deregistration is made against the namespace the registration holds, not
 * the caller's pointer. A registration ends in one of four ways, all of
 * which pass through the source's detach hook, which unhashes it, stops
 * waiting on the eventfd and queues its release:
 *  - deregistration, which unsubscribes it;
 *  - the release of the eventfd's file (its last descriptor was closed, in
 *    every process that had one: closed, exited or killed). A registration
 *    made from a descriptor waits on the eventfd's wait queue; EPOLLHUP
 *    there queues work that unsubscribes it;
 *  - the namespace being dismantled: the core detaches every subscriber;
 *  - netnotify being unloaded, which dismantles every namespace's state.
 */

#include "connevent.h"
#include "handle.h"
#include "netns.h"
#include "rtnl.h"

#include <linux/eventfd.h>
#include <linux/file.h>
#include <linux/hashtable.h>
#include <linux/kref.h>
#include <linux/poll.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include <linux/wait.h>
#include <net/net_namespace.h>

/**
 * enum nn_evt_state - where a registration is (nn_evt_lock)
 * @NN_EVT_JOINING: being registered; deregistration does not find it yet.
 * @NN_EVT_LIVE: registered.
 * @NN_EVT_LEAVING: claimed by a deregistration.
 */
enum nn_evt_state {
	NN_EVT_JOINING,
	NN_EVT_LIVE,
	NN_EVT_LEAVING,
};

/**
 * struct nn_evt - one eventfd registered in one namespace
 * @sub: the subscription; its delivery signals @ctx.
 * @node: entry in nn_evt_hash from the start of its registration until it
 *	is detached (or its registration failed).
 * @state: see enum nn_evt_state.
 * @net: the namespace, a key: compared, never followed.
 * @ctx: the eventfd, a key; followed only while registered or held.
 * @wqh: the eventfd's wait queue when the registration was made from a
 *	file descriptor (netnotify then holds a reference to @ctx and waits
 *	on @wqh for the file's release), else NULL.
 * @wait: netnotify's entry in @wqh.
 * @pt: registers @wait (vfs_poll() hands over @wqh).
 * @hup: unsubscribes after the file's release.
 * @release: drops the registration's reference once it is detached.
 * @ref: one for being registered (dropped by @release), one per thread
 *	that found it in the hash table and uses it.
 */
struct nn_evt {
	struct nn_sub sub;
	struct hlist_node node;
	enum nn_evt_state state;
	const struct net *net;
	struct eventfd_ctx *ctx;
	wait_queue_head_t *wqh;
	wait_queue_entry_t wait;
	poll_table pt;
	struct work_struct hup;
	struct work_struct release;
	struct kref ref;
};

/**
 * struct nn_evt_net - the source's state in one namespace
 * @up: the connected links: a value entry at each one's ifindex. Replaced
 *	whole on resync.
 * @registrations: the number of registrations (namespace lock).
 * @attr: the namespace's sysfs file "connection_events", showing
 *	@registrations.
 */
struct nn_evt_net {
	struct xarray *up;
	unsigned int registrations;
	struct kobj_attribute attr;
};

/*
 * Registrations by (namespace, eventfd context). nn_evt_lock guards the
 * table and the registrations' @state. A registration is in the table while
 * it joins, so a second registration of the same pair is refused even then,
 * and no global lock is held while a namespace is joined.
 */
#define NN_EVT_HASH_BITS	10
static DEFINE_HASHTABLE(nn_evt_hash, NN_EVT_HASH_BITS);
static DEFINE_SPINLOCK(nn_evt_lock);

static const struct nla_policy nn_evt_policy[IFLA_MAX + 1] = {
	[IFLA_CARRIER] = { .type = NLA_U8 },
};

/*
 * The link an RTM_NEWLINK or RTM_DELLINK of family AF_UNSPEC describes, and
 * whether it is connected now (a deleted one is not). Returns its ifindex,
 * or 0 for a message to ignore.
 */
static int nn_evt_parse(const struct nlmsghdr *nlh, bool *connected)
{
	struct nlattr *tb[IFLA_MAX + 1];
	const struct ifinfomsg *ifm;

	if (nlh->nlmsg_type != RTM_NEWLINK && nlh->nlmsg_type != RTM_DELLINK)
		return 0;
	if (nlmsg_len(nlh) < sizeof(*ifm))
		return 0;
	ifm = nlmsg_data(nlh);
	if (ifm->ifi_family != AF_UNSPEC || ifm->ifi_index <= 0 ||
	    nn_nlmsg_parse(nlh, sizeof(*ifm), tb, IFLA_MAX, nn_evt_policy))
		return 0;
	*connected = nlh->nlmsg_type == RTM_NEWLINK &&
		     (ifm->ifi_flags & IFF_UP) &&
		     nn_link_carrier(ifm, tb[IFLA_CARRIER]);
	return ifm->ifi_index;
}

/*
 * Apply one message to @up. Returns 1 when the link joined or left the set,
 * 0 when the set is unchanged, or -ENOMEM when it could not be recorded.
 */
static int nn_evt_apply(struct xarray *up, const struct nlmsghdr *nlh)
{
	bool connected;
	int ifindex;

	ifindex = nn_evt_parse(nlh, &connected);
	if (!ifindex || connected == !!xa_load(up, ifindex))
		return 0;
	if (!connected) {
		xa_erase(up, ifindex);
		return 1;
	}
	return xa_err(xa_store(up, ifindex, xa_mk_value(1), GFP_KERNEL)) ?: 1;
}

/* One connected link more or fewer: every registration is signalled. */
static void nn_evt_tell(struct nn_src *s)
{
	nn_src_fanout(s, AF_UNSPEC, NETNOTIFY_PARAMETER, NULL, 0);
}

static void nn_evt_msg(struct nn_src *s, const struct nlmsghdr *nlh)
{
	struct nn_evt_net *en = nn_src_priv(s);
	int changed;

	lockdep_assert_held(&s->nn->lock);
	changed = nn_evt_apply(en->up, nlh);
	if (changed < 0)
		nn_src_lost(s);	/* rebuilt, and every registration signalled */
	else if (changed)
		nn_evt_tell(s);
}

static int nn_evt_dump_msg(void *up, const struct nlmsghdr *nlh)
{
	return nn_evt_apply(up, nlh) < 0 ? -ENOMEM : 0;
}

/* Rebuild the set from a dump, silently: the core signals after a loss. */
static int nn_evt_sync(struct nn_src *s)
{
	struct nn_evt_net *en = nn_src_priv(s);

	return nn_src_sync_links(s, &en->up, nn_evt_dump_msg);
}

/* The namespace is going: the links still connected disconnect. */
static void nn_evt_notice(struct nn_src *s, const struct nn_notice *n)
{
	struct nn_evt_net *en = nn_src_priv(s);
	unsigned long i;
	void *entry;

	if (n->type != NN_NOTICE_NET_GONE)
		return;
	xa_for_each(en->up, i, entry) {
		xa_erase(en->up, i);
		nn_evt_tell(s);
	}
}

static ssize_t nn_evt_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
{
	struct nn_evt_net *en = container_of(attr, struct nn_evt_net, attr);

	return sysfs_emit(buf, "%u\n", READ_ONCE(en->registrations));
}

static int nn_evt_net_init(struct nn_src *s)
{
	struct nn_evt_net *en = nn_src_priv(s);
	int err;

	sysfs_attr_init(&en->attr.attr);
	en->attr.attr.name = "connection_events";
	en->attr.attr.mode = 0400;
	en->attr.show = nn_evt_show;
	err = sysfs_create_file(nn_src_kobj(s), &en->attr.attr);
	return err ?: nn_evt_sync(s);
}

static void nn_evt_net_exit(struct nn_src *s)
{
	struct nn_evt_net *en = nn_src_priv(s);

	sysfs_remove_file(nn_src_kobj(s), &en->attr.attr);
	nn_rows_free(en->up);
	en->up = NULL;
}

static void nn_evt_attach(struct nn_src *s, struct nn_sub *sub)
{
	struct nn_evt_net *en = nn_src_priv(s);

	WRITE_ONCE(en->registrations, en->registrations + 1);
}

/*
 * The registration ends: out of the table and off the eventfd's wait queue
 * at once (its eventfd may be registered again as soon as this returns),
 * the rest in process context without the namespace lock.
 */
static void nn_evt_detach(struct nn_src *s, struct nn_sub *sub)
{
	struct nn_evt *evt = container_of(sub, struct nn_evt, sub);
	struct nn_evt_net *en = nn_src_priv(s);

	WRITE_ONCE(en->registrations, en->registrations - 1);
	spin_lock(&nn_evt_lock);
	hash_del(&evt->node);
	spin_unlock(&nn_evt_lock);
	/*
	 * Nothing queues @hup once this returns: not after module unload has
	 * begun to drain the workqueue either.
	 */
	if (evt->wqh)
		remove_wait_queue(evt->wqh, &evt->wait);
	queue_work(nn_wq, &evt->release);
}

static const unsigned int nn_evt_groups[] = {
	RTNLGRP_LINK,
};

const struct nn_source_ops nn_conn_event_source = {
	.name = "connection events",
	.groups = nn_evt_groups,
	.ngroups = ARRAY_SIZE(nn_evt_groups),
	.priv_size = sizeof(struct nn_evt_net),
	.net_init = nn_evt_net_init,
	.net_exit = nn_evt_net_exit,
	.sync = nn_evt_sync,
	.msg = nn_evt_msg,
	.notice = nn_evt_notice,
	.attach = nn_evt_attach,
	.detach = nn_evt_detach,
};

/* Any event, a loss included: the eventfd's counter goes up by one. */
static void nn_evt_deliver(struct nn_sub *sub, enum netnotify_type type,
			   const void *row, size_t len)
{
	nn_eventfd_signal(container_of(sub, struct nn_evt, sub)->ctx);
}

static void nn_evt_free(struct kref *ref)
{
	struct nn_evt *evt = container_of(ref, struct nn_evt, ref);

	if (evt->wqh)
		eventfd_ctx_put(evt->ctx);
	kfree(evt);
}

/*
 * Called under the eventfd's wait queue lock, with interrupts off, for
 * every wake-up: its own signals (EPOLLIN) and, once, the file's release.
 */
static int nn_evt_wake(wait_queue_entry_t *wait, unsigned int mode, int sync,
		       void *key)
{
	struct nn_evt *evt = container_of(wait, struct nn_evt, wait);

	if (key_to_poll(key) & EPOLLHUP)
		queue_work(nn_wq, &evt->hup);
	return 0;
}

static void nn_evt_queue_proc(struct file *file, wait_queue_head_t *wqh,
			      poll_table *pt)
{
	struct nn_evt *evt = container_of(pt, struct nn_evt, pt);

	evt->wqh = wqh;
	add_wait_queue(wqh, &evt->wait);
}

/* The eventfd's file was released: the registration ends. */
static void nn_evt_hup(struct work_struct *work)
{
	nn_net_unsubscribe(&container_of(work, struct nn_evt, hup)->sub);
}

/* Detached: wait for a @hup queued before, then drop the reference. */
static void nn_evt_release(struct work_struct *work)
{
	struct nn_evt *evt = container_of(work, struct nn_evt, release);

	cancel_work_sync(&evt->hup);
	kref_put(&evt->ref, nn_evt_free);
}

static unsigned long nn_evt_key(const struct net *net,
				const struct eventfd_ctx *ctx)
{
	return (unsigned long)net ^ (unsigned long)ctx;
}

/* The registration of (@net, @ctx) in any state, or NULL. */
static struct nn_evt *nn_evt_find(const struct net *net,
				  const struct eventfd_ctx *ctx)
{
	struct nn_evt *evt;

	lockdep_assert_held(&nn_evt_lock);
	hash_for_each_possible(nn_evt_hash, evt, node, nn_evt_key(net, ctx))
		if (evt->net == net && evt->ctx == ctx)
			return evt;
	return NULL;
}

/* The checks of a registration; the caller has checked its context. */
static int nn_evt_check(struct net *net, const void *event)
{
	if (!net || !event)
		return -EINVAL;
	if (!ns_capable(net->user_ns, CAP_NET_ADMIN))
		return -EACCES;
	return 0;
}

/*
 * Register @ctx in @net. With @file, the eventfd's file, whose descriptor
 * the caller holds: the registration then owns the caller's reference to
 * @ctx (on success only) and ends by itself when the file is released.
 */
static int nn_evt_register(struct net *net, struct eventfd_ctx *ctx,
			   struct file *file)
{
	struct nn_evt *evt;
	int err;

	evt = kzalloc(sizeof(*evt), GFP_KERNEL_ACCOUNT);
	if (!evt)
		return -ENOMEM;
	evt->sub.source = &nn_conn_event_source;
	evt->sub.family = AF_UNSPEC;
	evt->sub.deliver = nn_evt_deliver;
	evt->state = NN_EVT_JOINING;
	evt->net = net;
	evt->ctx = ctx;
	INIT_WORK(&evt->hup, nn_evt_hup);
	INIT_WORK(&evt->release, nn_evt_release);
	kref_init(&evt->ref);
	/*
	 * Wait for the file's release before the registration can be found:
	 * it cannot come while the caller holds the descriptor, and must not
	 * be missed after.
	 */
	if (file) {
		init_waitqueue_func_entry(&evt->wait, nn_evt_wake);
		init_poll_funcptr(&evt->pt, nn_evt_queue_proc);
		vfs_poll(file, &evt->pt);
		if (!evt->wqh) {
			kfree(evt);
			return -EINVAL;
		}
	}

	spin_lock(&nn_evt_lock);
	err = nn_evt_find(net, ctx) ? -EEXIST : 0;
	if (!err) {
		hash_add(nn_evt_hash, &evt->node, nn_evt_key(net, ctx));
		/* This thread's, until it is live: detach may come first. */
		kref_get(&evt->ref);
	}
	spin_unlock(&nn_evt_lock);
	if (err)
		goto err_free;

	err = nn_net_subscribe(net, &evt->sub);
	spin_lock(&nn_evt_lock);
	if (err)
		hash_del(&evt->node);
	else if (hash_hashed(&evt->node))
		evt->state = NN_EVT_LIVE;
	spin_unlock(&nn_evt_lock);
	if (err)
		goto err_free;
	kref_put(&evt->ref, nn_evt_free);
	return 0;

err_free:
	/* Never live: nobody else found it. */
	if (evt->wqh) {
		remove_wait_queue(evt->wqh, &evt->wait);
		cancel_work_sync(&evt->hup);
	}
	kfree(evt);
	return err;
}

/*
 * Deregister (@net, @ctx). @net is only compared: the privilege is checked
 * against the registration's namespace, while it lives.
 */
static int nn_evt_deregister(const struct net *net,
			     const struct eventfd_ctx *ctx)
{
	struct nn_evt *evt;
	struct net *live;
	int err = 0;

	spin_lock(&nn_evt_lock);
	evt = nn_evt_find(net, ctx);
	if (evt && evt->state == NN_EVT_LIVE)
		kref_get(&evt->ref);
	else
		evt = NULL;
	spin_unlock(&nn_evt_lock);
	if (!evt)
		return -EINVAL;

	live = nn_net_get_net(&evt->sub);
	if (!live)
		err = -EINVAL;	/* going with its namespace */
	else if (!ns_capable(live->user_ns, CAP_NET_ADMIN))
		err = -EACCES;
	if (!err) {
		spin_lock(&nn_evt_lock);
		if (evt->state == NN_EVT_LIVE)
			evt->state = NN_EVT_LEAVING;
		else
			err = -EINVAL;	/* another deregistration's */
		spin_unlock(&nn_evt_lock);
	}
	if (!err)
		nn_net_unsubscribe(&evt->sub);
	if (live)
		put_net(live);
	kref_put(&evt->ref, nn_evt_free);
	return err;
}

/**
 * netnotify_register_connection_notification() - signal an eventfd on every
 *	connection change (MprAdminRegisterConnectionNotification)
 * @net: the namespace to watch (the router handle).
 * @event: the eventfd: its counter goes up by one each time a link of @net
 *	becomes connected (administratively up with carrier) or stops being
 *	connected, including a connected link being deleted or moving out;
 *	and once when rtnetlink messages were lost.
 *
 * No signal is sent for the state at registration: read it after this
 * returns; every later change signals. netnotify takes no reference to
 * @event: the caller keeps its own until deregistration returns, or until
 * the namespace is dismantled or netnotify unloaded, both of which end the
 * registration.
 *
 * Context: Process context, may sleep, not holding RTNL (joining waits for
 * netnotify's namespace work, which may take it); not from a function
 * netnotify calls synchronously. The caller needs CAP_NET_ADMIN over
 * @net's user namespace, and holds a reference to @net.
 * Return: 0; -EINVAL for a NULL @net or @event; -EACCES without
 * CAP_NET_ADMIN; -EEXIST when @event is already registered in @net;
 * -ENODEV when @net is being dismantled; -ENOMEM; -EDEADLK from a context
 * that must not sleep.
 */
int netnotify_register_connection_notification(struct net *net,
					       struct eventfd_ctx *event)
{
	int err = nn_check_context();

	return err ?: nn_evt_check(net, event) ?:
		      nn_evt_register(net, event, NULL);
}
EXPORT_SYMBOL_NS_GPL(netnotify_register_connection_notification, NETNOTIFY);

/**
 * netnotify_deregister_connection_notification() - stop signalling an
 *	eventfd (MprAdminDeregisterConnectionNotification)
 * @net: the namespace it was registered in.
 * @event: the eventfd.
 *
 * Both are looked up, not followed: any pointer values are safe, a
 * namespace already freed included. (A pointer is only a value: if a
 * namespace was freed and another allocated at its address, the pair may
 * name the new namespace's registration of the same eventfd.) When this
 * returns, netnotify signals @event for @net no more.
 *
 * Context: Process context, may sleep; not from a function netnotify calls
 * synchronously. The caller needs CAP_NET_ADMIN over the user namespace of
 * the namespace @event is registered in.
 * Return: 0; -EINVAL for a NULL @net or @event, or an @event not registered
 * in @net (never registered, deregistered already, or removed with its
 * namespace); -EACCES without CAP_NET_ADMIN; -EDEADLK from a context that
 * must not sleep.
 */
int netnotify_deregister_connection_notification(struct net *net,
						 struct eventfd_ctx *event)
{
	int err = nn_check_context();

	if (!err && (!net || !event))
		err = -EINVAL;
	return err ?: nn_evt_deregister(net, event);
}
EXPORT_SYMBOL_NS_GPL(netnotify_deregister_connection_notification, NETNOTIFY);

/**
 * nn_conn_event_register_fd() - register an eventfd descriptor of the caller
 * @net: the namespace.
 * @fd: the descriptor.
 *
 * The registration ends by itself when the eventfd's file is released.
 *
 * Context: Process context, in the process that owns @fd.
 * Return: as netnotify_register_connection_notification(), and -EBADF for
 * a descriptor that is not open, -EINVAL for one that is not an eventfd.
 */
int nn_conn_event_register_fd(struct net *net, int fd)
{
	struct eventfd_ctx *ctx;
	struct fd f = fdget(fd);
	int err;

	if (!fd_file(f))
		return -EBADF;
	ctx = eventfd_ctx_fileget(fd_file(f));
	err = PTR_ERR_OR_ZERO(ctx);
	if (!err)
		err = nn_evt_check(net, ctx) ?:
		      nn_evt_register(net, ctx, fd_file(f));
	if (err && !IS_ERR(ctx))
		eventfd_ctx_put(ctx);
	fdput(f);
	return err;
}

/**
 * nn_conn_event_deregister_fd() - deregister an eventfd descriptor
 * @net: the namespace.
 * @fd: the descriptor.
 *
 * Context: Process context, in the process that owns @fd.
 * Return: as netnotify_deregister_connection_notification(), and -EBADF for
 * a descriptor that is not open, -EINVAL for one that is not an eventfd.
 */
int nn_conn_event_deregister_fd(struct net *net, int fd)
{
	struct eventfd_ctx *ctx = eventfd_ctx_fdget(fd);
	int err;

	if (IS_ERR(ctx))
		return PTR_ERR(ctx);
	err = nn_evt_deregister(net, ctx);
	eventfd_ctx_put(ctx);
	return err;
}
