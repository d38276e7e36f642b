// SPDX-License-Identifier: GPL-2.0
/*
 * Delivery. Every handle owns a bounded FIFO of row copies and one work item
 * on an unbound workqueue. A work item never runs twice at once, so callbacks
 * of one handle are serialized and keep the order in which events were
 * queued, while callbacks of different handles run in parallel. Callbacks
 * run in process context holding no netnotify lock, no RTNL and no RCU read
 * lock, so they may sleep, take RTNL, and register or cancel handles.
 *
 * Events the namespace work queues wake the handle once per batch of
 * messages (nn_net_wake_later()), so that in a burst each of a thousand
 * idle handles does not have its work item queued for every event.
 *
 * A private lockdep map is read-acquired around every callback and
 * write-acquired by anyone who waits for callbacks to finish (cancel, and
 * register with an initial notification). Lockdep then reports a cancel made
 * while holding a lock that some callback takes, a deadlock that would
 * otherwise hang only when the timing is unlucky.
 */

#include "queue.h"
#include "handle.h"
#include "netns.h"
#include "sysfs.h"

#include <linux/lockdep.h>
#include <linux/moduleparam.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/wait.h>

/* Callbacks made by one work run before it yields the worker. */
#define NN_WORK_BUDGET	64

/*
 * A queued event: singly linked, so that the header is 16 bytes and an item
 * of an interface, address or route row (80 to 112 bytes) fits the 128-byte
 * kmalloc class (a device change, 120 bytes, takes 192).
 */
struct nn_item {
	struct nn_item *next;
	enum netnotify_type type;
	u64 row[];	/* a copy of the row, 8-byte aligned */
};

static unsigned int nn_queue_limit = 4096;
module_param_named(queue_limit, nn_queue_limit, uint, 0644);
MODULE_PARM_DESC(queue_limit,
		 "Events a handle may have queued; beyond it they are dropped for one NETNOTIFY_RESYNC (default 4096)");

static void nn_queue_work(struct work_struct *work);

#ifdef CONFIG_LOCKDEP
static struct lock_class_key nn_callback_key;
static struct lockdep_map nn_callback_map =
	STATIC_LOCKDEP_MAP_INIT("netnotify_callback", &nn_callback_key);
#endif

/**
 * nn_lockdep_wait_for_callback() - tell lockdep we are about to wait for
 *	callbacks to return
 *
 * A write acquisition, which closes a cycle with the read acquisition
 * around callbacks when the waiter holds a lock that a callback takes.
 * Inside a callback (cancelling or registering another handle is allowed
 * there) the task already holds the map for read, and a write acquisition
 * on top would be reported as recursive locking; a recursive read instead
 * would hide exactly the deadlock of a callback that holds lock L and waits
 * for a callback that takes L. So the read hold is dropped around the write
 * acquisition and taken again: lockdep records "locks held now, then
 * callbacks" as it does outside callbacks.
 */
void nn_lockdep_wait_for_callback(void)
{
#ifdef CONFIG_LOCKDEP
	bool inside = lock_is_held(&nn_callback_map);

	if (inside)
		lock_map_release(&nn_callback_map);
	lock_map_acquire(&nn_callback_map);
	lock_map_release(&nn_callback_map);
	if (inside)
		lock_map_acquire_read(&nn_callback_map);
#endif
}

/**
 * nn_lockdep_callback_enter() - a client function is about to be called
 *
 * For the kinds that call their client other than through a handle's
 * work: lockdep then sees those calls as callbacks too, and a wait for
 * them (nn_lockdep_wait_for_callback()) under a lock one of them takes.
 */
void nn_lockdep_callback_enter(void)
{
#ifdef CONFIG_LOCKDEP
	lock_map_acquire_read(&nn_callback_map);
#endif
}

/**
 * nn_lockdep_callback_exit() - the client function returned
 */
void nn_lockdep_callback_exit(void)
{
#ifdef CONFIG_LOCKDEP
	lock_map_release(&nn_callback_map);
#endif
}

void nn_queue_init(struct nn_handle *h)
{
	spin_lock_init(&h->lock);
	h->head = NULL;
	h->tail = &h->head;
	INIT_WORK(&h->work, nn_queue_work);
	init_waitqueue_head(&h->idle);
	init_completion(&h->initial_done);
	h->limit = max(READ_ONCE(nn_queue_limit), 1U);
}

static void nn_free_items(struct nn_item *item)
{
	struct nn_item *next;

	for (; item; item = next) {
		next = item->next;
		kfree(item);
	}
}

/* Take the whole queue off the handle; the caller frees it. */
static struct nn_item *nn_queue_take_locked(struct nn_handle *h)
{
	struct nn_item *items = h->head;

	lockdep_assert_held(&h->lock);
	h->head = NULL;
	h->tail = &h->head;
	h->queued = 0;
	return items;
}

/* Drop everything queued and owe the client one NETNOTIFY_RESYNC. */
static struct nn_item *nn_queue_drop_locked(struct nn_handle *h, u32 extra)
{
	u32 n = h->queued + extra;
	struct nn_item *freed = nn_queue_take_locked(h);

	h->resync_pending = true;
	h->dropped += n;
	atomic64_add(n, &nn_stats.dropped);
	return freed;
}

/**
 * nn_queue_kick() - make sure the handle's work item will run
 * @h: the handle; the caller holds a reference.
 *
 * A queued work item holds its own reference, dropped when it has run, so a
 * handle outlives its work item without anyone having to cancel it.
 */
void nn_queue_kick(struct nn_handle *h)
{
	nn_handle_get(h);
	if (!queue_work(nn_wq, &h->work))
		nn_handle_put(h);
}

/**
 * nn_queue_wake() - the subscription's wake hook: run the handle's work
 * @sub: the handle's subscription.
 */
void nn_queue_wake(struct nn_sub *sub)
{
	nn_queue_kick(container_of(sub, struct nn_handle, sub));
}

/*
 * Events queued by the namespace work wake the handle once its batch is
 * applied: in a burst an idle handle's work item is then queued once per
 * batch, not once per event. Events queued anywhere else wake it now, and
 * so does a queue that holds a run's worth, or half its limit (@now): one
 * message can give a handle thousands of events (the routes of a link
 * that went down), and left waiting for the batch they would overflow it.
 */
static void nn_queue_wake_soon(struct nn_handle *h, bool now)
{
	if (now || !nn_net_wake_later(&h->sub))
		nn_queue_kick(h);
}

/*
 * Queue a copy of a row for the handle's callback. When the queue is full,
 * or the copy cannot be allocated, the queued events are dropped and
 * counted and the client is owed a NETNOTIFY_RESYNC instead: nothing is
 * lost without the client being told.
 */
static void nn_queue_event(struct nn_handle *h, enum netnotify_type type,
			   const void *row, size_t len)
{
	struct nn_item *item, *freed = NULL;
	bool now;

	item = kmalloc(sizeof(*item) + len, GFP_KERNEL);
	if (item) {
		item->next = NULL;
		item->type = type;
		memcpy(item->row, row, len);
	}

	spin_lock(&h->lock);
	if (h->state != NN_LIVE) {
		spin_unlock(&h->lock);
		kfree(item);
		return;
	}
	if (item && h->queued < h->limit) {
		*h->tail = item;
		h->tail = &item->next;
		h->peak = max(h->peak, ++h->queued);
		item = NULL;
	} else {
		freed = nn_queue_drop_locked(h, 1);
	}
	now = h->queued >= min_t(u32, NN_WORK_BUDGET, max(h->limit / 2, 1U));
	spin_unlock(&h->lock);

	kfree(item);
	nn_free_items(freed);
	nn_queue_wake_soon(h, now);
}

/*
 * Tell the handle that events it should have seen are gone: the capture
 * side itself lost them. Whatever is still queued predates the loss and is
 * superseded by the re-read the client will do, so it is dropped like on
 * overflow.
 */
static void nn_queue_lost(struct nn_handle *h)
{
	struct nn_item *freed = NULL;

	spin_lock(&h->lock);
	if (h->state == NN_LIVE)
		freed = nn_queue_drop_locked(h, 0);
	spin_unlock(&h->lock);

	nn_free_items(freed);
	nn_queue_wake_soon(h, false);
}

/**
 * nn_queue_deliver() - a handle's share of a source's event
 * @sub: the handle's subscription; the namespace lock is held.
 * @type: the event, or NETNOTIFY_RESYNC when events were lost.
 * @row: the row, copied before this returns; NULL with NETNOTIFY_RESYNC.
 * @len: its size.
 *
 * The subscriber hook of every handle that receives rows.
 */
void nn_queue_deliver(struct nn_sub *sub, enum netnotify_type type,
		      const void *row, size_t len)
{
	struct nn_handle *h = container_of(sub, struct nn_handle, sub);

	if (type == NETNOTIFY_RESYNC)
		nn_queue_lost(h);
	else
		nn_queue_event(h, type, row, len);
}

/* Make one callback; returns false when there was none to make. */
static bool nn_call(struct nn_handle *h, enum netnotify_type type,
		    const void *row)
{
	bool called;

	nn_lockdep_callback_enter();
	called = h->type->call(h, type, row);
	nn_lockdep_callback_exit();
	return called;
}

/*
 * Pick the next thing to deliver: the initial notification first, then an
 * owed resync, then queued events in order. Returns false when there is
 * nothing to do or the handle was cancelled.
 */
static bool nn_queue_next(struct nn_handle *h, enum netnotify_type *type,
			  struct nn_item **item)
{
	*item = NULL;
	if (h->state != NN_LIVE)
		return false;

	if (h->initial_pending) {
		h->initial_pending = false;
		*type = NETNOTIFY_INITIAL;
	} else if (h->resync_pending) {
		h->resync_pending = false;
		h->resyncs++;
		atomic64_inc(&nn_stats.resyncs);
		*type = NETNOTIFY_RESYNC;
	} else if (h->poked) {
		h->poked = false;
		*type = NETNOTIFY_PARAMETER;
	} else if (h->head) {
		*item = h->head;
		h->head = (*item)->next;
		if (!h->head)
			h->tail = &h->head;
		h->queued--;
		*type = (*item)->type;
	} else {
		return false;
	}
	h->in_callback = true;
	return true;
}

static void nn_queue_work(struct work_struct *work)
{
	struct nn_handle *h = container_of(work, struct nn_handle, work);
	enum netnotify_type type;
	struct nn_item *item;
	bool busy, live, teardown, called;
	unsigned int n;

	for (n = 0; n < NN_WORK_BUDGET; n++) {
		spin_lock(&h->lock);
		busy = nn_queue_next(h, &type, &item);
		spin_unlock(&h->lock);
		if (!busy)
			break;

		called = nn_call(h, type, item ? item->row : NULL);
		kfree(item);
		if (called)
			atomic64_inc(&nn_stats.delivered);

		spin_lock(&h->lock);
		h->in_callback = false;
		h->delivered += called;
		spin_unlock(&h->lock);
		/* Pairs with wait_event()'s barrier in nn_queue_wait(). */
		if (wq_has_sleeper(&h->idle))
			wake_up_all(&h->idle);

		if (type == NETNOTIFY_INITIAL)
			complete_all(&h->initial_done);
		cond_resched();
	}

	spin_lock(&h->lock);
	live = h->state == NN_LIVE;
	teardown = h->teardown;
	h->teardown = false;
	spin_unlock(&h->lock);

	/* Yield after a budget's worth; the next run picks up where we left. */
	if (live && n == NN_WORK_BUDGET)
		nn_queue_kick(h);
	/* The callback that cancelled its own handle has returned. */
	if (teardown)
		nn_handle_teardown(h);
	/*
	 * A cancelled handle never makes its initial call: release the
	 * registrant that may be waiting for it.
	 */
	if (!live)
		complete_all(&h->initial_done);
	nn_handle_put(h);
}

/**
 * nn_queue_stop() - stop all future callbacks of a handle
 * @h: the handle.
 * @self: called from the handle's own callback; if this call wins, the work
 *	item tears the handle down once that callback returns.
 *
 * Return: true for the one caller that moved the handle out of NN_LIVE.
 */
bool nn_queue_stop(struct nn_handle *h, bool self)
{
	struct nn_item *freed;
	bool won;

	spin_lock(&h->lock);
	won = h->state == NN_LIVE;
	if (won && self)
		h->teardown = true;
	/* netnotify_cancel_async() reads it without the lock. */
	WRITE_ONCE(h->state, NN_CANCELLED);
	freed = nn_queue_take_locked(h);
	spin_unlock(&h->lock);

	nn_free_items(freed);
	return won;
}

/**
 * nn_queue_poke() - have the handle's type called once, without a row
 * @h: the handle.
 *
 * For handles whose events only mean "look again": pokes made before the
 * call runs are one call, made as a NETNOTIFY_PARAMETER with no row.
 */
void nn_queue_poke(struct nn_handle *h)
{
	bool kick;

	spin_lock(&h->lock);
	kick = h->state == NN_LIVE;
	if (kick)
		h->poked = true;
	spin_unlock(&h->lock);
	if (kick)
		nn_queue_kick(h);
}

/* Has the handle been stopped (nn_queue_stop())? */
bool nn_queue_stopped(struct nn_handle *h)
{
	bool stopped;

	spin_lock(&h->lock);
	stopped = h->state != NN_LIVE;
	spin_unlock(&h->lock);
	return stopped;
}

static bool nn_queue_idle(struct nn_handle *h)
{
	bool idle;

	spin_lock(&h->lock);
	idle = !h->in_callback;
	spin_unlock(&h->lock);
	return idle;
}

/**
 * nn_queue_wait() - wait until no callback of a stopped handle is running
 * @h: a handle after nn_queue_stop().
 *
 * After nn_queue_stop() no callback can start, so once the running one (if
 * any) has returned, none ever will.
 */
void nn_queue_wait(struct nn_handle *h)
{
	nn_lockdep_wait_for_callback();
	wait_event(h->idle, nn_queue_idle(h));
}

/* Is the caller running inside this very handle's callback? */
bool nn_queue_is_self(struct nn_handle *h)
{
	return current_work() == &h->work;
}

/* Free what is left queued; the handle is being released. */
void nn_queue_purge(struct nn_handle *h)
{
	/* No lock: the last reference is gone, in whatever context. */
	nn_free_items(h->head);
	h->head = NULL;
	h->tail = &h->head;
}
