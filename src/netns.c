// SPDX-License-Identifier: GPL-2.0
/*
 * Per-namespace capture and fan-out.
 *
 * The event path is one line:
 *
 *   kernel event -> rtnetlink copy on our socket -> socket callback schedules
 *   this namespace's work -> parse, compare with the cache -> one row copy
 *   queued per matching handle -> the handle's work -> client callback.
 *
 * The only step that runs in the kernel's notifier context (RTNL held,
 * softirq or RCU) is scheduling the work; it costs the same however many
 * handles exist. Everything that grows with the number of handles happens
 * in process context.
 *
 * The namespace lock is held across the parsing of one datagram and its
 * fan-out, so a handle subscribes either before or after a message, never in
 * the middle of it. It is never held while waiting for a callback or taking
 * RTNL.
 */

#include "netns.h"
#include "queue.h"
#include "rtnl.h"

#include <linux/module.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

/*
 * The listener's receive buffer. Bounded so that the size in bytes fits the
 * int the socket layer keeps (which doubles it); writable, for namespaces
 * created afterwards.
 */
#define NN_RCVBUF_KB_MIN	4
#define NN_RCVBUF_KB_MAX	(INT_MAX / 2 / 1024)

static unsigned int nn_rcvbuf_kb = 8192;

static int nn_rcvbuf_kb_set(const char *val, const struct kernel_param *kp)
{
	unsigned int kb;
	int err;

	err = kstrtouint(val, 0, &kb);
	if (err)
		return err;
	if (kb < NN_RCVBUF_KB_MIN || kb > NN_RCVBUF_KB_MAX)
		return -ERANGE;
	WRITE_ONCE(nn_rcvbuf_kb, kb);
	return 0;
}

static const struct kernel_param_ops nn_rcvbuf_kb_ops = {
	.set = nn_rcvbuf_kb_set,
	.get = param_get_uint,
};

module_param_cb(rcvbuf_kb, &nn_rcvbuf_kb_ops, &nn_rcvbuf_kb, 0644);
MODULE_PARM_DESC(rcvbuf_kb,
		 "Receive buffer of each namespace's rtnetlink listener, in KiB, 4 to 1048575 (default 8192); a change applies to namespaces created afterwards");

/* Datagrams one run of the namespace work reads before it yields. */
#define NN_NET_BUDGET	256

/* Delays before reading a namespace's state again after it failed. */
#define NN_NET_RETRY_MIN_MS	100
#define NN_NET_RETRY_MAX_MS	10000

/* The rtnetlink groups the sources need. */
static const unsigned int nn_groups[] = {
	RTNLGRP_LINK,			/* interfaces */
	RTNLGRP_IPV4_NETCONF,		/* interfaces: IPv4 state, forwarding */
	RTNLGRP_IPV6_NETCONF,		/* interfaces: IPv6 state, forwarding */
	RTNLGRP_IPV6_IFINFO,		/* interfaces: RA flags */
	RTNLGRP_IPV4_IFADDR,		/* addresses */
	RTNLGRP_IPV6_IFADDR,		/* addresses, DAD */
	/* Routes and nexthop objects: joined while route handles exist. */
};

static unsigned int nn_net_id;

/*
 * Serializes handles joining and leaving namespaces against namespaces
 * going away, which is what makes h->nn safe to follow. Nests outside
 * nn->lock.
 */
static DEFINE_MUTEX(nn_sub_mutex);

static struct nn_net *nn_net(struct net *net)
{
	return net_generic(net, nn_net_id);
}

/*
 * Schedule the namespace work, unless the namespace is not set up yet or is
 * being dismantled. Queueing after teardown cancelled the work would run it
 * against freed state, so every queueing goes through here: from the
 * socket callbacks (muted before teardown), from notifiers (their devices
 * are gone before teardown starts), and from unsubscribe under
 * nn_sub_mutex, which teardown holds while it clears NN_NET_RUNNING.
 */
static void nn_net_kick(struct nn_net *nn)
{
	if (test_bit(NN_NET_RUNNING, &nn->flags))
		queue_work(nn_wq, &nn->work);
}

static void nn_net_retry_fire(struct timer_list *t)
{
	struct nn_net *nn = from_timer(nn, t, retry);

	nn_net_kick(nn);
}

/**
 * nn_net_retry() - reading the namespace's state failed: try again later
 * @nn: the namespace.
 *
 * Nobody has been told yet, so a quiet namespace must not wait for its
 * next message: the work runs again after a delay that doubles with each
 * failure in a row, up to NN_NET_RETRY_MAX_MS, so that a namespace short
 * of memory does not re-read itself back to back. A message arriving in
 * the meantime is applied as usual; the re-reading waits for the timer.
 *
 * Context: The namespace work.
 */
void nn_net_retry(struct nn_net *nn)
{
	if (!test_bit(NN_NET_RUNNING, &nn->flags) || timer_pending(&nn->retry))
		return;
	mod_timer(&nn->retry, jiffies + msecs_to_jiffies(nn->retry_ms));
	nn->retry_ms = min(nn->retry_ms * 2, NN_NET_RETRY_MAX_MS);
}

/**
 * nn_net_read_ok() - reading the namespace's state worked: the next failure
 *	is retried soon again
 * @nn: the namespace.
 *
 * Context: The namespace work.
 */
void nn_net_read_ok(struct nn_net *nn)
{
	nn->retry_ms = NN_NET_RETRY_MIN_MS;
}

/**
 * nn_net_inject() - add a message to a namespace's event stream
 * @net: the namespace.
 * @skb: an rtnetlink message, consumed.
 *
 * If it cannot be queued the namespace resynchronizes, so the event is not
 * lost silently.
 *
 * Context: Any context but hard interrupt (notifier chains).
 */
void nn_net_inject(struct net *net, struct sk_buff *skb)
{
	struct nn_net *nn = nn_net(net);
	int err;

	err = nn_rtnl_inject(net, &nn->listener, skb);
	if (err && err != -ENOTCONN)
		nn_net_lost(net);
}

/**
 * nn_net_lost() - an event of the namespace could not be captured
 * @net: the namespace.
 *
 * Context: Any context but hard interrupt.
 */
void nn_net_lost(struct net *net)
{
	struct nn_net *nn = nn_net(net);

	/* Before setup finished, the first run of the work sees the bit. */
	set_bit(NN_NET_RESYNC, &nn->flags);
	nn_net_kick(nn);
}

/**
 * nn_net_fanout() - hand one row event to every matching subscriber
 * @nn: the namespace; its lock is held.
 * @kind: the source.
 * @family: the row's family; AF_UNSPEC subscribers get every family.
 * @type: the event.
 * @row: the row, copied per subscriber.
 * @len: its size.
 */
void nn_net_fanout(struct nn_net *nn, enum nn_kind kind, u16 family,
		   enum netnotify_type type, const void *row, size_t len)
{
	struct nn_handle *h;

	lockdep_assert_held(&nn->lock);
	atomic64_inc(&nn_stats.captured);
	list_for_each_entry(h, &nn->subs[kind], sub_node)
		if (h->family == AF_UNSPEC || h->family == family)
			nn_queue_event(h, type, row, len);

	/*
	 * Pending stable-table requests look again on any address change of
	 * their family, and on any interface change (a link coming up lets
	 * DAD run, one going down stops counting).
	 */
	list_for_each_entry(h, &nn->subs[NN_KIND_STABLE_TABLE], sub_node)
		if (kind == NN_KIND_IP_INTERFACE || h->family == AF_UNSPEC ||
		    h->family == family)
			nn_queue_recheck(h);
}

/* Every subscriber missed events: owe each a NETNOTIFY_RESYNC. */
static void nn_net_tell_lost(struct nn_net *nn)
{
	struct nn_handle *h;
	int kind;

	mutex_lock(&nn->lock);
	for (kind = 0; kind < NN_KIND_MAX; kind++)
		list_for_each_entry(h, &nn->subs[kind], sub_node)
			nn_queue_lost(h);
	mutex_unlock(&nn->lock);
	atomic64_inc(&nn_stats.overruns);
}

/*
 * The listener lost messages. What is still queued predates the loss, and
 * applying it after a fresh dump would roll the cache back, so it is
 * discarded; the dump then covers it. Every cache is rebuilt before anyone
 * is told: told earlier, a handle could re-read before the rebuild, and
 * what changed in between would land in the cache without ever being
 * delivered. So a handle that re-reads on NETNOTIFY_RESYNC reads a state at
 * least as new as the cache, and every later change reaches it as an event.
 */
static void nn_net_resync(struct nn_net *nn)
{
	int err;

	while (nn_rtnl_recv(&nn->listener, nn->buf, NN_RTNL_BUFLEN) != -EAGAIN)
		cond_resched();

	err = nn_iface_sync(nn) ?: nn_addr_sync(nn) ?: nn_route_resync(nn);
	if (err) {
		pr_warn_ratelimited("resynchronizing namespace %u failed: %d\n",
				    nn->net->ns.inum, err);
		set_bit(NN_NET_RESYNC, &nn->flags);
		nn_net_retry(nn);
		return;
	}
	nn_net_read_ok(nn);
	nn_net_tell_lost(nn);
}

static void nn_net_dispatch(struct nn_net *nn, void *buf, int len)
{
	struct nlmsghdr *nlh;
	int rem;

	mutex_lock(&nn->lock);
	for (nlh = buf, rem = len; nlmsg_ok(nlh, rem);
	     nlh = nlmsg_next(nlh, &rem))
		if (!nn_iface_msg(nn, nlh) && !nn_addr_msg(nn, nlh))
			nn_route_msg(nn, nlh);
	mutex_unlock(&nn->lock);
}

/*
 * Read and apply what the listener holds. Returns false when it is empty,
 * true when the budget ran out first.
 */
static bool nn_net_drain(struct nn_net *nn, unsigned int budget, bool resync)
{
	int len;

	while (budget--) {
		/* After a failure, re-reading waits for the retry timer. */
		bool reread = resync && !timer_pending(&nn->retry);

		if (reread && test_and_clear_bit(NN_NET_RESYNC, &nn->flags))
			nn_net_resync(nn);
		if (reread)
			nn_route_work(nn);

		len = nn_rtnl_recv(&nn->listener, nn->buf, NN_RTNL_BUFLEN);
		if (len == -EAGAIN)
			return false;
		if (len == -ENOBUFS || len == -EMSGSIZE) {
			set_bit(NN_NET_RESYNC, &nn->flags);
			continue;
		}
		if (len < 0) {
			pr_warn_ratelimited("listener of namespace %u failed: %d\n",
					    nn->net->ns.inum, len);
			set_bit(NN_NET_RESYNC, &nn->flags);
			nn_net_retry(nn);
			return false;
		}
		nn_net_dispatch(nn, nn->buf, len);
		/* Re-read what that message may have changed silently. */
		if (resync) {
			nn_addr_run_rechecks(nn);
			nn_route_work(nn);
		}
		cond_resched();
	}
	return true;
}

static void nn_net_work(struct work_struct *work)
{
	struct nn_net *nn = container_of(work, struct nn_net, work);

	if (nn_net_drain(nn, NN_NET_BUDGET, true))
		nn_net_kick(nn);
}

static void nn_net_wake(struct nn_rtnl_listener *l)
{
	nn_net_kick(container_of(l, struct nn_net, listener));
}

/**
 * nn_net_subscribe() - start feeding a handle its namespace's events
 * @net: the namespace.
 * @h: the handle.
 *
 * Return: 0, or -ENODEV when the namespace is being dismantled.
 */
int nn_net_subscribe(struct net *net, struct nn_handle *h)
{
	struct nn_net *nn = nn_net(net);
	bool sync = false;
	int err = 0;

	mutex_lock(&nn_sub_mutex);
	mutex_lock(&nn->lock);
	if (nn->dying)
		err = -ENODEV;
	else if (h->kind == NN_KIND_ROUTE)
		err = nn_route_subscribe(nn);
	if (!err) {
		list_add_tail(&h->sub_node, &nn->subs[h->kind]);
		h->nn = nn;
		sync = h->kind == NN_KIND_ROUTE && nn->routes.sync;
	}
	mutex_unlock(&nn->lock);
	mutex_unlock(&nn_sub_mutex);
	/*
	 * Route tracking starts in the namespace work. Wait for it to have
	 * read the routes: a route that exists when register returns and goes
	 * a moment later must be a DELETE, not something the first read
	 * already missed.
	 */
	if (sync) {
		nn_net_kick(nn);
		flush_work(&nn->work);
	}
	return err;
}

/* Stop feeding a handle; harmless if its namespace is already gone. */
void nn_net_unsubscribe(struct nn_handle *h)
{
	struct nn_net *nn;

	mutex_lock(&nn_sub_mutex);
	nn = h->nn;
	if (nn) {
		mutex_lock(&nn->lock);
		list_del_init(&h->sub_node);
		if (h->kind == NN_KIND_ROUTE)
			nn_route_unsubscribe(nn);
		mutex_unlock(&nn->lock);
		h->nn = NULL;
		/* The last route handle gone: the work drops route tracking. */
		if (h->kind == NN_KIND_ROUTE)
			nn_net_kick(nn);
	}
	mutex_unlock(&nn_sub_mutex);
}

/**
 * nn_net_get_net() - a reference on the handle's namespace
 * @h: the handle.
 *
 * Return: the namespace, to be released with put_net(), or NULL once it is
 * being dismantled.
 */
struct net *nn_net_get_net(struct nn_handle *h)
{
	struct net *net = NULL;

	mutex_lock(&nn_sub_mutex);
	if (h->nn)
		net = maybe_get_net(h->nn->net);
	mutex_unlock(&nn_sub_mutex);
	return net;
}

/**
 * nn_net_attached() - is the handle's namespace still alive?
 * @h: the handle.
 *
 * Return: false once the namespace was dismantled (or the handle cancelled).
 */
bool nn_net_attached(struct nn_handle *h)
{
	bool attached;

	mutex_lock(&nn_sub_mutex);
	attached = h->nn;
	mutex_unlock(&nn_sub_mutex);
	return attached;
}

static int __net_init nn_net_init_net(struct net *net)
{
	struct nn_net *nn = nn_net(net);
	int kind, err;

	nn->net = net;
	mutex_init(&nn->lock);
	for (kind = 0; kind < NN_KIND_MAX; kind++)
		INIT_LIST_HEAD(&nn->subs[kind]);
	INIT_WORK(&nn->work, nn_net_work);
	timer_setup(&nn->retry, nn_net_retry_fire, 0);
	nn->retry_ms = NN_NET_RETRY_MIN_MS;
	nn->listener.wake = nn_net_wake;

	nn->buf = kvmalloc(NN_RTNL_BUFLEN, NN_GFP_READ);
	if (!nn->buf)
		return -ENOMEM;

	/*
	 * Listen first, then read the state, so no change falls between; the
	 * work starts only once the caches it applies changes to exist. Until
	 * then nothing can queue it, so the error path has no work to cancel.
	 */
	err = nn_rtnl_listen(&nn->listener, net, nn_groups,
			     ARRAY_SIZE(nn_groups),
			     READ_ONCE(nn_rcvbuf_kb) * 1024);
	if (err)
		goto err_buf;
	err = nn_iface_net_init(nn);
	if (err)
		goto err_listen;
	err = nn_addr_net_init(nn);
	if (err)
		goto err_iface;
	err = nn_route_net_init(nn);
	if (err)
		goto err_addr;

	set_bit(NN_NET_RUNNING, &nn->flags);
	nn_rtnl_start(&nn->listener);
	/* Apply what arrived while the caches were read. */
	nn_net_kick(nn);
	return 0;

err_addr:
	nn_addr_net_exit(nn);
err_iface:
	nn_iface_net_exit(nn);
err_listen:
	nn_rtnl_unlisten(&nn->listener);
err_buf:
	kvfree(nn->buf);
	return err;
}

/*
 * Runs after the namespace's devices were unregistered (pernet subsystems
 * exit after devices), so the listener already holds their last messages.
 * Deliver those, then detach every subscriber: a handle of a dead namespace
 * receives nothing more but stays cancellable.
 */
static void __net_exit nn_net_exit_net(struct net *net)
{
	struct nn_net *nn = nn_net(net);
	struct nn_handle *h, *tmp;
	int kind;

	nn_rtnl_mute(&nn->listener);
	mutex_lock(&nn_sub_mutex);
	clear_bit(NN_NET_RUNNING, &nn->flags);
	mutex_unlock(&nn_sub_mutex);
	/*
	 * Nothing queues the work or arms the timer any more: this is the
	 * last run. The work may have armed the timer just before, and the
	 * timer may have queued the work: stop both, the timer last.
	 */
	del_timer_sync(&nn->retry);
	cancel_work_sync(&nn->work);
	del_timer_sync(&nn->retry);
	nn_net_drain(nn, UINT_MAX, false);
	if (test_bit(NN_NET_RESYNC, &nn->flags))
		nn_net_tell_lost(nn);

	mutex_lock(&nn_sub_mutex);
	mutex_lock(&nn->lock);
	nn_route_net_gone(nn);
	nn->dying = true;
	for (kind = 0; kind < NN_KIND_MAX; kind++) {
		list_for_each_entry_safe(h, tmp, &nn->subs[kind], sub_node) {
			list_del_init(&h->sub_node);
			h->nn = NULL;
		}
	}
	nn->routes.members = 0;
	mutex_unlock(&nn->lock);
	mutex_unlock(&nn_sub_mutex);

	nn_rtnl_unlisten(&nn->listener);
	nn_route_net_exit(nn);
	nn_addr_net_exit(nn);
	nn_iface_net_exit(nn);
	kvfree(nn->buf);
}

static struct pernet_operations nn_net_ops = {
	.init = nn_net_init_net,
	.exit = nn_net_exit_net,
	.id = &nn_net_id,
	.size = sizeof(struct nn_net),
};

int nn_net_init(void)
{
	return register_pernet_subsys(&nn_net_ops);
}

void nn_net_exit(void)
{
	unregister_pernet_subsys(&nn_net_ops);
}
