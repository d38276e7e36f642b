// SPDX-License-Identifier: GPL-2.0
/*
 * The core: per-namespace capture, and the dispatch to the sources.
 *
 * The event path is one line:
 *
 *   kernel event -> rtnetlink copy on our socket -> socket callback schedules
 *   this namespace's work -> a source parses it and compares it with its
 *   cache -> one row copy queued per matching subscriber -> the handle's
 *   work -> client callback.
 *
 * The only step that runs in the kernel's notifier context (RTNL held,
 * softirq or RCU) is scheduling the work; it costs the same however many
 * handles exist. Everything that grows with the number of handles happens
 * in process context.
 *
 * The core knows sources only by their struct nn_source_ops, in the order
 * of the table main.c gives it. It owns what every source shares: the
 * socket and its groups (joined at setup, or while an on-demand source has
 * subscribers), the namespace work and its retry timer, the subscriber
 * lists, the resynchronization after lost messages, and the notices by
 * which one source's event reaches the others.
 *
 * The namespace lock is held across the parsing of one datagram and its
 * fan-out, so a handle subscribes either before or after a message, never in
 * the middle of it. It is never held while waiting for a callback or taking
 * RTNL.
 */

#include "netns.h"
#include "rtnl.h"
#include "sysfs.h"

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

/*
 * Messages come in bursts: ip -batch, a link flapping, a million routes. If
 * each one woke the work, each would cost its sender, who holds RTNL, a
 * wakeup of another CPU. So the work, having read the listener empty,
 * looks again NN_NET_POLLS times, NN_NET_POLL_US apart, before it goes
 * idle, and meanwhile the socket callback does not queue it: a burst costs
 * its sender a wakeup per run, and an isolated message is still read at
 * once. A run sleeps at most NN_NET_POLL_MAX times (about 10 ms), so that
 * a trickle does not keep one run going, and whoever flushes the work does
 * not wait long.
 */
#define NN_NET_POLLS	2
#define NN_NET_POLL_US	100
#define NN_NET_POLL_MAX	48

/*
 * Datagrams the work applies before it wakes the subscribers they gave
 * events (nn_net_wake_later()): in a burst an idle handle's work item is
 * then queued once per batch rather than once per event. An event waits
 * for the rest of its batch, re-readings of the kernel's state between the
 * batch's messages included (after a link went down, an address went).
 */
#define NN_NET_WAKE_BATCH	32

/* Delays before reading a namespace's state again after it failed. */
#define NN_NET_RETRY_MIN_MS	100
#define NN_NET_RETRY_MAX_MS	10000

struct workqueue_struct *nn_wq;

/* The source table, from nn_net_init(). */
static const struct nn_source_ops *const *nn_sources;
static unsigned int nn_nsources;

static unsigned int nn_net_id;

/*
 * Serializes subscribers joining and leaving namespaces against namespaces
 * going away, which is what makes sub->src safe to follow. Nests outside
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
 * are gone before teardown starts), and from (un)subscribing under
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

/*
 * Reading the namespace's state failed. Nobody has been told yet, so a
 * quiet namespace must not wait for its next message: the work runs again
 * after a delay that doubles with each failure in a row, up to
 * NN_NET_RETRY_MAX_MS, so that a namespace short of memory does not re-read
 * itself back to back. A message arriving in the meantime is applied as
 * usual; the re-reading waits for the timer.
 */
static void nn_net_retry(struct nn_net *nn)
{
	if (!test_bit(NN_NET_RUNNING, &nn->flags) || timer_pending(&nn->retry))
		return;
	mod_timer(&nn->retry, jiffies + msecs_to_jiffies(nn->retry_ms));
	nn->retry_ms = min(nn->retry_ms * 2, NN_NET_RETRY_MAX_MS);
}

/* Reading worked: the next failure is retried soon again. */
static void nn_net_read_ok(struct nn_net *nn)
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
 * nn_net_src() - a source's state in a namespace, for the source's notifiers
 * @net: a namespace that has devices (its setup is done and its teardown
 *	has not begun: devices are gone before it starts), such as the one of
 *	a device a netdevice notifier is told about.
 * @ops: the source.
 *
 * Return: the source in @net.
 */
struct nn_src *nn_net_src(struct net *net, const struct nn_source_ops *ops)
{
	return nn_src_find(nn_net(net), ops);
}

/*
 * Every subscriber missed events: owe each a NETNOTIFY_RESYNC. Not yet
 * those of an on-demand source still to be built: they came after the
 * loss, or are told once the build is in place.
 */
static void nn_net_tell_lost(struct nn_net *nn)
{
	unsigned int i;

	mutex_lock(&nn->lock);
	for (i = 0; i < nn->nsrc; i++)
		if (!nn->src[i]->sync)
			nn_src_tell_lost(nn->src[i]);
	mutex_unlock(&nn->lock);
	atomic64_inc(&nn_stats.overruns);
}

/*
 * The listener lost messages. What is still queued predates the loss, and
 * applying it after a fresh dump would roll the caches back, so it is
 * discarded; the dumps then cover it. Every source is rebuilt before anyone
 * is told: told earlier, a handle could re-read before the rebuild, and
 * what changed in between would land in a cache without ever being
 * delivered. So a handle that re-reads on NETNOTIFY_RESYNC reads a state at
 * least as new as the caches, and every later change reaches it as an
 * event.
 */
static void nn_net_resync(struct nn_net *nn)
{
	unsigned int i;
	bool lost;
	int err = 0;

	while (nn_rtnl_recv(&nn->listener, nn->buf, NN_RTNL_BUFLEN) != -EAGAIN)
		cond_resched();

	/* Everyone is told below, so an earlier loss needs no telling. */
	for (i = 0; i < nn->nsrc && !err; i++)
		err = nn_src_sync(nn->src[i], &lost);
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

/* Each source's share of the work: before each message, after the last. */
static void nn_net_sources_work(struct nn_net *nn, bool reread)
{
	unsigned int i;
	int ret;

	for (i = 0; i < nn->nsrc; i++) {
		ret = nn_src_work(nn->src[i], reread);
		if (ret < 0)
			nn_net_retry(nn);
		else if (ret > 0)
			nn_net_read_ok(nn);
	}
}

/**
 * nn_net_wake_later() - leave a subscriber's wake-up to the end of the batch
 * @sub: a subscriber just given an event; the namespace lock is held.
 *
 * Inside the namespace work, a subscriber with a @wake hook is woken once
 * the work has applied its batch of messages, however many events they
 * gave it. Anywhere else (a subscriber attaching, a namespace going)
 * nobody would wake it later, so the caller must do it now.
 *
 * Return: true when the work will call @sub->wake, false when the caller
 * must wake the subscriber itself.
 */
bool nn_net_wake_later(struct nn_sub *sub)
{
	struct nn_net *nn = sub->src->nn;

	lockdep_assert_held(&nn->lock);
	if (!sub->wake || current_work() != &nn->work)
		return false;
	if (list_empty(&sub->woken))
		list_add_tail(&sub->woken, &nn->woken);
	return true;
}

/*
 * Wake the subscribers the batch gave events. Every run of the work ends
 * here, so no wake-up is owed once it has returned. Only the work adds to
 * the list, so an empty list seen without the lock stays empty.
 */
static void nn_net_wake_subs(struct nn_net *nn)
{
	struct nn_sub *sub, *tmp;

	if (list_empty(&nn->woken))
		return;
	mutex_lock(&nn->lock);
	list_for_each_entry_safe(sub, tmp, &nn->woken, woken) {
		list_del_init(&sub->woken);
		sub->wake(sub);
	}
	mutex_unlock(&nn->lock);
}

/*
 * Each message goes to every source, in table order: several follow links,
 * and each picks its own message types.
 */
static void nn_net_dispatch(struct nn_net *nn, void *buf, int len)
{
	struct nlmsghdr *nlh;
	unsigned int i;
	int rem;

	mutex_lock(&nn->lock);
	for (nlh = buf, rem = len; nlmsg_ok(nlh, rem);
	     nlh = nlmsg_next(nlh, &rem)) {
		for (i = 0; i < nn->nsrc; i++)
			if (nn->src[i]->ops->msg)
				nn->src[i]->ops->msg(nn->src[i], nlh);
	}
	mutex_unlock(&nn->lock);
}

/*
 * Read and apply what the listener holds, each message after the sources
 * re-read what the one before changed silently; the pass that finds the
 * listener empty follows the last. Each datagram (or error) read takes one
 * from @budget. Returns false when it is empty, true when the budget ran
 * out first (the work then runs again).
 */
static bool nn_net_drain(struct nn_net *nn, unsigned int *budget, bool resync)
{
	unsigned int batch = 0;
	int len;

	while (*budget) {
		/* After a failure, re-reading waits for the retry timer. */
		bool reread = resync && !timer_pending(&nn->retry);

		if (reread && test_and_clear_bit(NN_NET_RESYNC, &nn->flags))
			nn_net_resync(nn);
		/* Before each message: re-read what the last one changed. */
		if (resync)
			nn_net_sources_work(nn, reread);

		len = nn_rtnl_recv(&nn->listener, nn->buf, NN_RTNL_BUFLEN);
		if (len == -EAGAIN)
			return false;
		(*budget)--;
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
		if (++batch == NN_NET_WAKE_BATCH) {
			nn_net_wake_subs(nn);
			batch = 0;
		}
		cond_resched();
	}
	return true;
}

static void nn_net_work(struct work_struct *work)
{
	struct nn_net *nn = container_of(work, struct nn_net, work);
	unsigned int budget = NN_NET_BUDGET, before, idle = 0, sleeps = 0;
	bool more;

	set_bit(NN_NET_POLLING, &nn->flags);
	for (;;) {
		before = budget;
		more = nn_net_drain(nn, &budget, true);
		nn_net_wake_subs(nn);
		idle = budget == before ? idle + 1 : 0;
		/* A run that read nothing was not for a message: no polling. */
		if (more || idle > NN_NET_POLLS || budget == NN_NET_BUDGET ||
		    sleeps == NN_NET_POLL_MAX ||
		    !test_bit(NN_NET_RUNNING, &nn->flags))
			break;
		/* TASK_IDLE: waiting for messages is not load. */
		usleep_idle_range(NN_NET_POLL_US, 2 * NN_NET_POLL_US);
		sleeps++;
	}
	clear_bit(NN_NET_POLLING, &nn->flags);
	/* Pairs with nn_net_wake(): a message it did not kick for is seen. */
	smp_mb__after_atomic();
	if (more || nn_rtnl_pending(&nn->listener) ||
	    (test_bit(NN_NET_RESYNC, &nn->flags) && !timer_pending(&nn->retry)))
		nn_net_kick(nn);
}

static void nn_net_wake(struct nn_rtnl_listener *l)
{
	struct nn_net *nn = container_of(l, struct nn_net, listener);

	/* The message is queued: now see whether the work is polling. */
	smp_mb();
	if (!test_bit(NN_NET_POLLING, &nn->flags))
		nn_net_kick(nn);
}

/**
 * nn_net_subscribe() - start feeding a subscriber its namespace's events
 * @net: the namespace.
 * @sub: the subscriber, and those chained to it, all subscribed at once.
 *
 * A subscriber of an on-demand source still to be built waits until the
 * namespace work has read the source's state (so the caller must not hold
 * RTNL): a row that exists when
 * register returns and goes a moment later must be a DELETE, not
 * something the first read already missed. If that read fails, a
 * NETNOTIFY_RESYNC follows once a later one works.
 *
 * Context: Process context, may sleep.
 * Return: 0, -ENODEV when the namespace is being dismantled, or an errno
 * from joining a source's groups.
 */
int nn_net_subscribe(struct net *net, struct nn_sub *sub)
{
	struct nn_net *nn = nn_net(net);
	bool wait = false;
	int err;

	/*
	 * A source that hands a new subscriber its state hands what it has
	 * applied: apply what the listener holds first, so that the state is
	 * as of this call, not as of the last message read.
	 */
	if (sub->source->attach)
		flush_work(&nn->work);
	mutex_lock(&nn_sub_mutex);
	mutex_lock(&nn->lock);
	/* Teardown clears the bit under nn_sub_mutex, before it detaches. */
	if (!test_bit(NN_NET_RUNNING, &nn->flags))
		err = -ENODEV;
	else
		err = nn_src_link(nn, sub, &wait);
	if (wait || err)
		nn_net_kick(nn);
	mutex_unlock(&nn->lock);
	mutex_unlock(&nn_sub_mutex);
	if (wait)
		flush_work(&nn->work);
	return err;
}

/**
 * nn_net_unsubscribe() - stop feeding a subscriber and those chained to it
 * @sub: the subscriber; harmless if its namespace is already gone.
 *
 * Context: Process context, may sleep.
 */
void nn_net_unsubscribe(struct nn_sub *sub)
{
	struct nn_net *nn;
	bool idle;

	mutex_lock(&nn_sub_mutex);
	nn = sub->src ? sub->src->nn : NULL;
	if (nn) {
		mutex_lock(&nn->lock);
		idle = nn_src_unlink(sub, NULL);
		mutex_unlock(&nn->lock);
		/* The work drops an on-demand source that lost its last. */
		if (idle)
			nn_net_kick(nn);
	}
	mutex_unlock(&nn_sub_mutex);
}

/**
 * nn_net_get_net() - a reference on the subscriber's namespace
 * @sub: the subscriber.
 *
 * Return: the namespace, to be released with put_net(), or NULL once it is
 * being dismantled.
 */
struct net *nn_net_get_net(struct nn_sub *sub)
{
	struct net *net = NULL;

	mutex_lock(&nn_sub_mutex);
	if (sub->src)
		net = maybe_get_net(sub->src->nn->net);
	mutex_unlock(&nn_sub_mutex);
	return net;
}

/**
 * nn_net_attached() - is the subscriber's namespace still alive?
 * @sub: the subscriber.
 *
 * Return: false once the namespace was dismantled (or the subscriber
 * unsubscribed).
 */
bool nn_net_attached(struct nn_sub *sub)
{
	bool attached;

	mutex_lock(&nn_sub_mutex);
	attached = sub->src;
	mutex_unlock(&nn_sub_mutex);
	return attached;
}

static void nn_net_free_sources(struct nn_net *nn)
{
	unsigned int i;

	for (i = 0; i < nn->nsrc; i++)
		kfree(nn->src[i]);
	nn->nsrc = 0;
}

static int nn_net_alloc_sources(struct nn_net *nn)
{
	const struct nn_source_ops *ops;
	struct nn_src *s;

	for (nn->nsrc = 0; nn->nsrc < nn_nsources; nn->nsrc++) {
		ops = nn_sources[nn->nsrc];
		s = kzalloc(sizeof(*s) + ops->priv_size, GFP_KERNEL);
		if (!s) {
			nn_net_free_sources(nn);
			return -ENOMEM;
		}
		s->nn = nn;
		s->ops = ops;
		INIT_LIST_HEAD(&s->subs);
		nn->src[nn->nsrc] = s;
	}
	return 0;
}

/* Free the state of the first @n sources, last first. */
static void nn_net_stop_sources(struct nn_net *nn, unsigned int n)
{
	while (n--)
		if (nn->src[n]->ops->net_exit)
			nn->src[n]->ops->net_exit(nn->src[n]);
}

/*
 * Listen first, then read the state, so no change falls between: the socket
 * joins the groups of every source that is not on demand, then the sources
 * set up, those read their state.
 */
static int nn_net_start_sources(struct nn_net *nn)
{
	unsigned int i;
	int err = 0;

	for (i = 0; i < nn->nsrc && !err; i++)
		if (!nn->src[i]->ops->on_demand)
			err = nn_src_join(nn->src[i], true);
	/* A source whose set-up failed frees what it set up, too. */
	for (i = 0; i < nn->nsrc && !err; i++)
		if (nn->src[i]->ops->net_init)
			err = nn->src[i]->ops->net_init(nn->src[i]);
	if (err)
		nn_net_stop_sources(nn, i);
	return err;
}

static int __net_init nn_net_init_net(struct net *net)
{
	struct nn_net *nn = nn_net(net);
	char name[16];
	int err;

	nn->net = net;
	mutex_init(&nn->lock);
	INIT_LIST_HEAD(&nn->woken);
	INIT_WORK(&nn->work, nn_net_work);
	timer_setup(&nn->retry, nn_net_retry_fire, 0);
	nn->retry_ms = NN_NET_RETRY_MIN_MS;
	nn->listener.wake = nn_net_wake;

	err = nn_net_alloc_sources(nn);
	if (err)
		return err;
	nn->buf = kvmalloc(NN_RTNL_BUFLEN, NN_GFP_READ);
	if (!nn->buf) {
		err = -ENOMEM;
		goto err_sources;
	}
	/* Named by the inode number of /proc/<pid>/ns/net, unique while alive. */
	snprintf(name, sizeof(name), "%u", net->ns.inum);
	nn->kobj = kobject_create_and_add(name, nn_sysfs_netns());
	if (!nn->kobj) {
		err = -ENOMEM;
		goto err_buf;
	}

	/*
	 * The work starts only once the caches it applies changes to exist.
	 * Until then nothing can queue it, so the error path has no work to
	 * cancel.
	 */
	err = nn_rtnl_listen(&nn->listener, net,
			     READ_ONCE(nn_rcvbuf_kb) * 1024);
	if (err)
		goto err_kobj;
	err = nn_net_start_sources(nn);
	if (err)
		goto err_listen;

	set_bit(NN_NET_RUNNING, &nn->flags);
	nn_rtnl_start(&nn->listener);
	/* Apply what arrived while the caches were read. */
	nn_net_kick(nn);
	return 0;

err_listen:
	nn_rtnl_unlisten(&nn->listener);
err_kobj:
	kobject_put(nn->kobj);
err_buf:
	kvfree(nn->buf);
err_sources:
	nn_net_free_sources(nn);
	return err;
}

/*
 * Runs after the namespace's devices were unregistered (pernet subsystems
 * exit after devices), so the listener already holds their last messages.
 * Deliver those, then detach every subscriber: a handle of a dead namespace
 * receives nothing more but stays cancellable.
 */
/*
 * The namespace is about to be dismantled, its devices still there: the
 * sources whose clients built on them undo it now (pre_exit).
 */
static void __net_exit nn_net_pre_exit_net(struct net *net)
{
	struct nn_net *nn = nn_net(net);
	unsigned int i;

	for (i = 0; i < nn->nsrc; i++)
		if (nn->src[i]->ops->pre_exit)
			nn->src[i]->ops->pre_exit(nn->src[i]);
}

static void __net_exit nn_net_exit_net(struct net *net)
{
	struct nn_net *nn = nn_net(net);
	unsigned int all = UINT_MAX;

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
	nn_net_drain(nn, &all, false);
	if (test_bit(NN_NET_RESYNC, &nn->flags))
		nn_net_tell_lost(nn);

	mutex_lock(&nn_sub_mutex);
	mutex_lock(&nn->lock);
	nn_src_detach_all(nn);
	mutex_unlock(&nn->lock);
	mutex_unlock(&nn_sub_mutex);

	nn_rtnl_unlisten(&nn->listener);
	nn_net_stop_sources(nn, nn->nsrc);
	/* Out of sysfs now: its name may be a new namespace's at once. */
	kobject_del(nn->kobj);
	kobject_put(nn->kobj);
	kvfree(nn->buf);
	nn_net_free_sources(nn);
}

static struct pernet_operations nn_net_ops = {
	.init = nn_net_init_net,
	.pre_exit = nn_net_pre_exit_net,
	.exit = nn_net_exit_net,
	.id = &nn_net_id,
	.size = sizeof(struct nn_net),
};

/* Undo the module-wide set-up of the first @n sources, last first. */
static void nn_net_sources_exit(unsigned int n)
{
	while (n--)
		if (nn_sources[n]->exit)
			nn_sources[n]->exit();
}

/**
 * nn_net_init() - start the core with its sources
 * @sources: the source table: the order in which sources see messages,
 *	notices and the namespace work.
 * @n: its length.
 *
 * Sets up every namespace, then the sources' module-wide parts (notifiers
 * that feed namespaces need them to exist).
 *
 * Context: Module init.
 * Return: 0, -EINVAL for more than NN_SOURCES_MAX sources or an on-demand
 * source with an @attach hook, or a negative errno.
 */
int nn_net_init(const struct nn_source_ops *const *sources, unsigned int n)
{
	unsigned int i;
	int err;

	if (n > NN_SOURCES_MAX)
		return -EINVAL;
	/* An on-demand source has no state to enumerate when one attaches. */
	for (i = 0; i < n; i++)
		if (WARN_ON(sources[i]->attach && sources[i]->on_demand))
			return -EINVAL;
	/*
	 * Unbound, with room for many concurrent callbacks: a callback may
	 * register another handle and wait for its initial notification,
	 * which needs a second worker.
	 */
	nn_wq = alloc_workqueue("netnotify", WQ_UNBOUND, WQ_MAX_ACTIVE);
	if (!nn_wq)
		return -ENOMEM;
	nn_sources = sources;
	nn_nsources = n;
	err = register_pernet_subsys(&nn_net_ops);
	if (err)
		goto err_wq;
	for (i = 0; i < n; i++) {
		err = sources[i]->init ? sources[i]->init() : 0;
		if (err)
			goto err_sources;
	}
	return 0;

err_sources:
	nn_net_sources_exit(i);
	unregister_pernet_subsys(&nn_net_ops);
err_wq:
	destroy_workqueue(nn_wq);
	return err;
}

/**
 * nn_net_exit() - stop the sources and the core
 *
 * Context: Module exit, after every handle was cancelled.
 */
void nn_net_exit(void)
{
	nn_net_sources_exit(nn_nsources);
	unregister_pernet_subsys(&nn_net_ops);
	destroy_workqueue(nn_wq);
}
