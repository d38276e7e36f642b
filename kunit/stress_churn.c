// SPDX-License-Identifier: GPL-2.0
/*
 * netnotify_stress: the churn. Two threads register handles of every kind
 * in random namespaces and cancel them; callbacks cancel their own handles
 * and register new ones; a third thread cancels stale and random values and
 * races the owners' cancels. Every context carries a canary that a callback
 * after the cancel of its handle would find dead. This file holds the
 * contexts, their canary and quarantine, the ring of cancelled handles,
 * registration, the threads and their stop.
 */

#include <linux/atomic.h>
#include <linux/delay.h>
#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/list.h>
#include <linux/minmax.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <net/net_namespace.h>
#include <netnotify/netnotify.h>

#include "stress.h"

#define NNS_CHURN_THREADS	2
#define NNS_SLOTS		64	/* live contexts per churn thread */
#define NNS_MAX_SELF		64	/* self-cancelling contexts listed */
#define NNS_MAX_CHILDREN	64	/* registrations by callbacks, live */
#define NNS_RING		256	/* cancelled handles, for the stale thread */
#define NNS_QUARANTINE		512	/* dead contexts kept (no KASAN) */

#define NNS_ALIVE		0x4e4e5341U
#define NNS_DEAD		0x4e4e5344U

enum nns_kind { NNS_IFACE, NNS_ADDR, NNS_ROUTE, NNS_STABLE, NNS_NR_KINDS };
enum nns_behaviour { NNS_FAST, NNS_SLOW, NNS_SELF, NNS_SPAWN };

/**
 * struct nns_ctx - the context of one churn registration
 * @magic: %NNS_ALIVE until the cancel of its handle has returned, then
 *	%NNS_DEAD: the canary every callback reads first.
 * @handle: written by netnotify while registering, before any callback.
 * @kind: &enum nns_kind.
 * @behaviour: what its callbacks do, &enum nns_behaviour.
 * @family: the family registered for.
 * @initial: registered with an initial notification.
 * @initial_seen: set by the NETNOTIFY_INITIAL callback.
 * @child: registered by a callback; counted in nns_children.
 * @net_inum: inode number of its namespace. Neither the handle nor the
 *	context holds a reference, so a callback finds the namespace again by
 *	this number, if it still exists.
 * @calls: callbacks made; only callbacks touch it, and they are serialised.
 * @self_after: %NNS_SELF: the callback that cancels its own handle.
 * @node: on nns_self_list or nns_adopt_list, under nns_lists_lock; empty
 *	otherwise.
 */
struct nns_ctx {
	u32 magic;
	u32 handle;
	u8 kind;
	u8 behaviour;
	u16 family;
	bool initial;
	bool initial_seen;
	bool child;
	unsigned int net_inum;
	unsigned int calls;
	unsigned int self_after;
	struct list_head node;
};

/**
 * struct nns_churn - a churn thread and the contexts it owns
 * @lock: protects @slots, @handles and @n; only the thread writes them, the
 *	stale thread reads a handle under it.
 * @slots: live contexts.
 * @handles: their handles: all the stale thread ever takes, never a pointer.
 * @n: slots in use.
 * @task: the thread.
 */
struct nns_churn {
	spinlock_t lock;	/* see above */
	struct nns_ctx *slots[NNS_SLOTS];
	u32 handles[NNS_SLOTS];
	unsigned int n;
	struct task_struct *task;
};

/* Self-cancelling contexts and children waiting for adoption. */
static DEFINE_SPINLOCK(nns_lists_lock);
static LIST_HEAD(nns_self_list);
static unsigned int nns_self_listed;
static LIST_HEAD(nns_adopt_list);
static atomic_t nns_children = ATOMIC_INIT(0);

static DEFINE_SPINLOCK(nns_ring_lock);
static u32 nns_ring[NNS_RING];
static unsigned int nns_ring_len, nns_ring_next;

static DEFINE_SPINLOCK(nns_quarantine_lock);
static struct nns_ctx *nns_quarantine[NNS_QUARANTINE];
static unsigned int nns_quarantine_next;

static struct nns_churn nns_churn[NNS_CHURN_THREADS];
static struct task_struct *nns_stale_task;
static bool nns_stopping;			/* callbacks stop spawning */

static u16 nns_family(void)
{
	static const u16 families[] = { AF_UNSPEC, AF_INET, AF_INET6 };

	return families[get_random_u32_below(ARRAY_SIZE(families))];
}

/* The cancel of @handle has returned: the stale thread may try it again. */
static void nns_ring_push(u32 handle)
{
	spin_lock(&nns_ring_lock);
	nns_ring[nns_ring_next] = handle;
	nns_ring_next = (nns_ring_next + 1) % NNS_RING;
	nns_ring_len = min(nns_ring_len + 1, (unsigned int)NNS_RING);
	spin_unlock(&nns_ring_lock);
}

static u32 nns_ring_pick(void)
{
	u32 handle = 0;

	spin_lock(&nns_ring_lock);
	if (nns_ring_len)
		handle = nns_ring[get_random_u32_below(nns_ring_len)];
	spin_unlock(&nns_ring_lock);
	return handle;
}

/*
 * The cancel of @c's handle has returned. Under KASAN the context is freed
 * at once, so that any later callback touching it is reported. Otherwise it
 * is kept, marked dead, in a ring for a while, so that a late callback
 * reads the mark and is counted in callbacks_after_cancel.
 */
static void nns_retire(struct nns_ctx *c)
{
	struct nns_ctx *old;

	WRITE_ONCE(c->magic, NNS_DEAD);
	if (IS_ENABLED(CONFIG_KASAN)) {
		kfree(c);
		return;
	}
	spin_lock(&nns_quarantine_lock);
	old = nns_quarantine[nns_quarantine_next];
	nns_quarantine[nns_quarantine_next] = c;
	nns_quarantine_next = (nns_quarantine_next + 1) % NNS_QUARANTINE;
	spin_unlock(&nns_quarantine_lock);
	kfree(old);
}

/* Cancel a handle whose context we own, then retire the context. */
static void nns_cancel_owned(struct nns_ctx *c)
{
	u32 handle = c->handle;
	int err = netnotify_cancel(handle);

	/* -ENOENT: the stale thread won the race; its callback is out too. */
	if (!err)
		nns_inc(NNS_CANCELS);
	else if (err == -ENOENT)
		nns_inc(NNS_OWNER_ENOENT);
	else
		nns_error("cancel", err);
	nns_ring_push(handle);
	if (c->child)
		atomic_dec(&nns_children);
	nns_retire(c);
}

/*
 * Take the first context off @list: whoever does owns it. The self list
 * gives one up only while it holds at least @min.
 */
static struct nns_ctx *nns_unlist(struct list_head *list, unsigned int min)
{
	struct nns_ctx *c = NULL;

	spin_lock(&nns_lists_lock);
	if (list != &nns_self_list || nns_self_listed >= min)
		c = list_first_entry_or_null(list, struct nns_ctx, node);
	if (c) {
		list_del_init(&c->node);
		if (list == &nns_self_list)
			nns_self_listed--;
	}
	spin_unlock(&nns_lists_lock);
	return c;
}

static struct nns_ctx *nns_ctx_new(enum nns_kind kind, bool child)
{
	struct nns_ctx *c = kzalloc(sizeof(*c), GFP_KERNEL);
	u32 r = get_random_u32_below(20);

	if (!c)
		return NULL;
	c->magic = NNS_ALIVE;
	c->kind = kind;
	/* Mostly fast; stable requests and children always. */
	if (kind != NNS_STABLE && !child)
		c->behaviour = r < 2 ? NNS_SLOW : r < 5 ? NNS_SELF :
			       r < 7 ? NNS_SPAWN : NNS_FAST;
	c->family = nns_family();
	c->initial = get_random_u32_below(2);
	c->child = child;
	c->self_after = 1 + get_random_u32_below(8);
	INIT_LIST_HEAD(&c->node);
	return c;
}

static int nns_register(struct net *net, struct nns_ctx *c);

/* A callback registers a handle of its own, for a churn thread to adopt. */
static void nns_spawn(unsigned int inum)
{
	struct nns_ctx *c = NULL;
	struct net *net;

	if (READ_ONCE(nns_stopping))
		return;
	if (atomic_inc_return(&nns_children) > NNS_MAX_CHILDREN)
		goto out;
	net = nns_net_by_inum(inum);
	if (!net)
		goto out;
	c = nns_ctx_new(get_random_u32_below(NNS_STABLE), true);
	if (c && nns_register(net, c)) {
		kfree(c);
		c = NULL;
	}
	put_net(net);
	if (c) {
		nns_inc(NNS_CB_REGS);
		spin_lock(&nns_lists_lock);
		list_add_tail(&c->node, &nns_adopt_list);
		spin_unlock(&nns_lists_lock);
		return;
	}
out:
	atomic_dec(&nns_children);
}

/*
 * Cancel our own handle from its callback, if the context is still ours:
 * listed. Whoever takes it off the list owns it; a callback that finds it
 * unlisted (not listed yet, or taken by a churn thread or the stopper,
 * whose cancel then waits for this callback) leaves it alone.
 */
static void nns_self_cancel(struct nns_ctx *c)
{
	u32 handle = c->handle;
	bool mine;
	int err;

	spin_lock(&nns_lists_lock);
	mine = !list_empty(&c->node);
	if (mine) {
		list_del_init(&c->node);
		nns_self_listed--;
	}
	spin_unlock(&nns_lists_lock);
	if (!mine)
		return;
	err = netnotify_cancel(handle);
	if (err)
		nns_error("self cancel", err);
	else
		nns_inc(NNS_SELF_CANCELS);
	nns_ring_push(handle);
	nns_retire(c);
}

static void nns_event(struct nns_ctx *c, const void *row,
		      enum netnotify_type type)
{
	bool norow = type == NETNOTIFY_INITIAL || type == NETNOTIFY_RESYNC;

	if (READ_ONCE(c->magic) != NNS_ALIVE) {
		nns_inc(NNS_AFTER_CANCEL);
		return;
	}
	nns_check_context();
	nns_inc(NNS_CALLBACKS);
	/* INITIAL only if asked for, first; a row exactly with events. */
	if (type > NETNOTIFY_RESYNC || norow != !row || !READ_ONCE(c->handle) ||
	    (type == NETNOTIFY_INITIAL && (!c->initial || c->calls)))
		nns_error("callback arguments", type);
	if (type == NETNOTIFY_INITIAL)
		WRITE_ONCE(c->initial_seen, true);
	if (type == NETNOTIFY_RESYNC)
		nns_inc(NNS_RESYNCS);
	c->calls++;
	switch (c->behaviour) {
	case NNS_SLOW:
		msleep(5 + get_random_u32_below(26));
		break;
	case NNS_SPAWN:
		if (c->calls == 1 || !get_random_u32_below(16))
			nns_spawn(c->net_inum);
		break;
	case NNS_SELF:
		if (c->calls >= c->self_after)
			nns_self_cancel(c);	/* @c may be gone after this */
		break;
	}
}

static void nns_iface_cb(void *ctx, const struct netnotify_ip_interface_row *row,
			 enum netnotify_type type)
{
	nns_event(ctx, row, type);
}

static void nns_addr_cb(void *ctx,
			const struct netnotify_unicast_ip_address_row *row,
			enum netnotify_type type)
{
	nns_event(ctx, row, type);
}

static void nns_route_cb(void *ctx, const struct netnotify_ip_forward_row *row,
			 enum netnotify_type type)
{
	nns_event(ctx, row, type);
}

static void nns_stable_cb(void *ctx,
			  struct netnotify_unicast_ip_address_table *table)
{
	struct nns_ctx *c = ctx;

	/* The callee owns the table, whatever else happens. */
	if (READ_ONCE(c->magic) != NNS_ALIVE) {
		nns_inc(NNS_AFTER_CANCEL);
		netnotify_free_table(table);
		return;
	}
	nns_check_context();
	nns_inc(NNS_CALLBACKS);
	nns_inc(NNS_STABLE_CALLBACKS);
	if (!table || c->calls++ || !READ_ONCE(c->handle))
		nns_error("stable table callback", c->calls);
	netnotify_free_table(table);
}

/*
 * Register @c in @net. Returns 0 with a live handle in @c->handle, 1 for a
 * table that was stable at once (no handle; the table is freed here), or a
 * negative errno, counted. @c stays the caller's: even a self-cancelling
 * context is freed by its callback only once the caller has listed it.
 */
static int nns_register(struct net *net, struct nns_ctx *c)
{
	static const enum nns_counter regs[NNS_NR_KINDS] = {
		NNS_REG_IFACE, NNS_REG_ADDR, NNS_REG_ROUTE, NNS_REG_STABLE,
	};
	struct netnotify_unicast_ip_address_table *t = NULL;
	enum nns_kind kind = c->kind;
	bool initial = c->initial;
	int err;

	c->net_inum = net->ns.inum;
	nns_net_seen(net);
	switch (kind) {
	case NNS_IFACE:
		err = netnotify_ip_interface_change(net, c->family, nns_iface_cb,
						    c, initial, &c->handle);
		break;
	case NNS_ADDR:
		err = netnotify_unicast_ip_address_change(net, c->family,
							  nns_addr_cb, c,
							  initial, &c->handle);
		break;
	case NNS_ROUTE:
		err = netnotify_route_change(net, c->family, nns_route_cb, c,
					     initial, &c->handle);
		break;
	default:
		err = netnotify_stable_unicast_ip_address_table(net, c->family,
								&t,
								nns_stable_cb,
								c, &c->handle);
		if (!err) {
			if (!t || c->handle)
				nns_error("stable at once", c->handle);
			nns_inc(NNS_STABLE_AT_ONCE);
			netnotify_free_table(t);
			err = 1;
		} else if (err == -EINPROGRESS) {
			if (t)
				nns_error("stable pending with a table", 0);
			nns_inc(NNS_STABLE_PENDING);
			err = 0;
		}
		break;
	}
	if (err < 0) {
		if (c->handle)
			nns_error("handle set on error", err);
		nns_inc(NNS_REG_FAILURES);
		nns_failed("register", err, true);
		return err;
	}
	nns_inc(regs[kind]);
	/* Exactly one INITIAL callback has returned before register returns. */
	if (!err && (!c->handle || (kind != NNS_STABLE && initial &&
				    !READ_ONCE(c->initial_seen))))
		nns_error("registration", kind);
	return err;
}

static void nns_slot_add(struct nns_churn *t, struct nns_ctx *c)
{
	spin_lock(&t->lock);
	t->slots[t->n] = c;
	t->handles[t->n++] = c->handle;
	spin_unlock(&t->lock);
}

/* The lock is not held across the cancel, which waits for callbacks. */
static void nns_slot_cancel(struct nns_churn *t, unsigned int i)
{
	struct nns_ctx *c;

	spin_lock(&t->lock);
	c = t->slots[i];
	t->n--;
	t->slots[i] = t->slots[t->n];
	t->handles[i] = t->handles[t->n];
	spin_unlock(&t->lock);
	nns_cancel_owned(c);
}

static void nns_churn_register(struct nns_churn *t)
{
	struct nns_ctx *c;
	struct net *net;
	int err;

	c = nns_ctx_new(get_random_u32_below(NNS_NR_KINDS), false);
	if (!c)
		return;
	if (c->behaviour == NNS_SELF) {
		struct nns_ctx *old = nns_unlist(&nns_self_list, NNS_MAX_SELF);

		if (old)
			nns_cancel_owned(old);
	}
	net = nns_pick_net();
	err = net ? nns_register(net, c) : -ENODEV;
	if (net)
		put_net(net);
	if (err < 0) {
		kfree(c);
	} else if (err > 0) {
		nns_retire(c);	/* a callback for it would be counted */
	} else if (c->behaviour == NNS_SELF) {
		/*
		 * Unlisted, it is still ours: its callback does not free it.
		 * Once listed, whoever takes it off the list owns it.
		 */
		spin_lock(&nns_lists_lock);
		list_add_tail(&c->node, &nns_self_list);
		nns_self_listed++;
		spin_unlock(&nns_lists_lock);
	} else {
		nns_slot_add(t, c);
	}
}

static void nns_get(void)
{
	struct netnotify_unicast_ip_address_table *at = NULL;
	struct netnotify_ip_interface_table *it = NULL;
	struct netnotify_ip_forward_table *rt = NULL;
	u16 family = nns_family();
	struct net *net;
	int err;

	net = nns_pick_net();
	if (!net)
		return;
	switch (get_random_u32_below(3)) {
	case 0:
		err = netnotify_get_ip_interface_table(net, family, &it);
		break;
	case 1:
		err = netnotify_get_unicast_ip_address_table(net, family, &at);
		break;
	default:
		err = netnotify_get_ip_forward_table(net, family, &rt);
		break;
	}
	put_net(net);
	nns_inc(NNS_GETS);
	if (err) {
		nns_inc(NNS_GET_FAILURES);
		nns_failed("get table", err, false);
	}
	netnotify_free_table(it);
	netnotify_free_table(at);
	netnotify_free_table(rt);
}

static int nns_churn_fn(void *arg)
{
	struct nns_churn *t = arg;
	struct nns_ctx *c;

	while (!kthread_should_stop()) {
		if (t->n < NNS_SLOTS) {
			c = nns_unlist(&nns_adopt_list, 0);
			if (c) {
				nns_inc(NNS_ADOPTED);
				nns_slot_add(t, c);
			}
		}
		if (t->n && (t->n == NNS_SLOTS || !get_random_u32_below(3)))
			nns_slot_cancel(t, get_random_u32_below(t->n));
		else
			nns_churn_register(t);
		if (!get_random_u32_below(8))
			nns_get();
		usleep_range(1000, 3000);
	}
	return 0;
}

/*
 * Cancel a handle a churn thread owns, racing with it: only the u32 is
 * taken, under the thread's lock. Exactly one of the two cancels gets 0,
 * and the owner frees its context once its own cancel has returned.
 */
static void nns_racing_cancel(void)
{
	struct nns_churn *t = &nns_churn[get_random_u32_below(NNS_CHURN_THREADS)];
	u32 handle = 0;
	int err;

	spin_lock(&t->lock);
	if (t->n)
		handle = t->handles[get_random_u32_below(t->n)];
	spin_unlock(&t->lock);
	if (!handle)
		return;
	nns_inc(NNS_RACING);
	err = netnotify_cancel(handle);
	if (!err)
		nns_inc(NNS_RACING_WINS);
	else if (err != -ENOENT)
		nns_error("racing cancel", err);
}

/*
 * Cancel what must not be live: 0, handles whose cancel has returned, and
 * values ids never reach in a test (they are allocated cyclically from 1).
 */
static void nns_stale_one(void)
{
	u32 r = get_random_u32_below(8), handle;
	int err;

	if (!r) {
		nns_racing_cancel();
		return;
	}
	handle = r == 1 ? 0 : r < 4 ? get_random_u32() | 0x80000000U :
		 nns_ring_pick();
	if (r >= 4 && !handle)
		return;
	nns_inc(NNS_STALE_CANCELS);
	err = netnotify_cancel(handle);
	if (!err) {
		nns_inc(NNS_STALE_SUCCEEDED);
		pr_err_ratelimited("stale handle %u cancelled with success\n",
				   handle);
	} else if (err != (handle ? -ENOENT : -EINVAL)) {
		nns_error("stale cancel", err);
	}
}

static int nns_stale_fn(void *unused)
{
	while (!kthread_should_stop()) {
		nns_stale_one();
		usleep_range(1000, 4000);
	}
	return 0;
}

/*
 * The threads start with every lock initialised and every list empty, so
 * that nns_churn_stop() can undo a start that failed half-way.
 */
int nns_churn_start(void)
{
	struct task_struct *task;
	unsigned int i;

	for (i = 0; i < NNS_CHURN_THREADS; i++)
		spin_lock_init(&nns_churn[i].lock);
	for (i = 0; i < NNS_CHURN_THREADS; i++) {
		task = kthread_run(nns_churn_fn, &nns_churn[i], "nns_churn/%u", i);
		if (IS_ERR(task))
			return PTR_ERR(task);
		nns_churn[i].task = task;
	}
	task = kthread_run(nns_stale_fn, NULL, "nns_stale");
	if (IS_ERR(task))
		return PTR_ERR(task);
	nns_stale_task = task;
	return 0;
}

/*
 * Stop the threads, then cancel every context they, callbacks and the self
 * list own: the slots first, since their spawning callbacks may still add
 * children; once they are cancelled the adoption list is final. Quarantined
 * contexts stay until unload, so the canary stays armed. Without a churn
 * (churn=0) there is nothing to stop, and the checks hold trivially.
 */
void nns_churn_stop(void)
{
	struct nns_ctx *c;
	unsigned int i;

	WRITE_ONCE(nns_stopping, true);
	if (nns_stale_task)
		kthread_stop(nns_stale_task);
	nns_stale_task = NULL;
	for (i = 0; i < NNS_CHURN_THREADS; i++) {
		if (nns_churn[i].task)
			kthread_stop(nns_churn[i].task);
		nns_churn[i].task = NULL;
	}
	for (i = 0; i < NNS_CHURN_THREADS; i++)
		while (nns_churn[i].n)
			nns_slot_cancel(&nns_churn[i], nns_churn[i].n - 1);
	while ((c = nns_unlist(&nns_self_list, 0)))
		nns_cancel_owned(c);
	while ((c = nns_unlist(&nns_adopt_list, 0)))
		nns_cancel_owned(c);
	/* Every racing win left its owner exactly one -ENOENT. */
	if (nns_read(NNS_RACING_WINS) != nns_read(NNS_OWNER_ENOENT))
		nns_error("racing cancels without exactly one winner", 0);
	if (atomic_read(&nns_children))
		nns_error("children left", atomic_read(&nns_children));
}

void nns_churn_exit(void)
{
	unsigned int i;

	for (i = 0; i < NNS_QUARANTINE; i++)
		kfree(nns_quarantine[i]);
}
