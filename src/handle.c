// SPDX-License-Identifier: GPL-2.0
/*
 * Handles. A client holds a u32 id, never a pointer, so any value it passes
 * back (stale, never issued, garbage) is looked up in an XArray and at worst
 * not found. Ids are allocated cyclically, so a cancelled id is not handed out
 * again soon, and 0 is never issued.
 *
 * A handle's lifetime is its kobject's reference count. References are held
 * by the registration itself (dropped by the cancel that wins), by each
 * queued run of its work item, and briefly by lookups. The XArray is read
 * under RCU and the handle freed after a grace period, so a lookup may race
 * with the final put and lose cleanly.
 *
 * Cancel runs in three steps: stop (no callback starts any more; exactly one
 * caller wins this step), wait for a callback already running, then
 * unpublish (namespace subscription, sysfs, XArray). Called from the
 * handle's own callback it cannot wait, so the work item unpublishes the
 * handle once that callback has returned. An asynchronous cancel runs the
 * same steps from a work item of its own, then calls the client's done.
 */

#include "handle.h"
#include "netns.h"
#include "queue.h"
#include "sysfs.h"

#include <linux/hardirq.h>
#include <linux/module.h>
#include <linux/preempt.h>
#include <linux/rcupdate.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/xarray.h>
#include <net/net_namespace.h>

static DEFINE_XARRAY_ALLOC1(nn_handles);
static u32 nn_next_id;

/*
 * A handle's sysfs directory costs about 1.8 KiB, most of it kernfs nodes,
 * three and a half times the handle itself; a host with many handles may
 * do without them. Read-only, so every handle of one load is alike.
 */
static bool nn_handle_dirs = true;
module_param_named(handle_dirs, nn_handle_dirs, bool, 0444);
MODULE_PARM_DESC(handle_dirs,
		 "Give each handle a directory in /sys/kernel/netnotify/handles/ (default: Y)");

/*
 * Asynchronous cancels whose done has not run yet, so that a module going
 * away waits for those of its handles. Taken from any context.
 */
static LIST_HEAD(nn_async_list);
static DEFINE_RAW_SPINLOCK(nn_async_lock);

/*
 * The task in a client function that netnotify calls synchronously, under
 * RTNL (so there is one at a time), or NULL.
 */
static struct task_struct *nn_sync_caller;

/**
 * nn_sync_call_begin() - the current task is about to call clients
 *	synchronously
 *
 * Until nn_sync_call_end(), netnotify functions that wait refuse this task
 * with -EDEADLK: what they wait for may need the RTNL it holds. Calls may
 * nest.
 *
 * Context: RTNL held.
 * Return: the state to restore with nn_sync_call_end().
 */
struct task_struct *nn_sync_call_begin(void)
{
	struct task_struct *prev = nn_sync_caller;

	ASSERT_RTNL();
	WRITE_ONCE(nn_sync_caller, current);
	return prev;
}

/**
 * nn_sync_call_end() - the synchronous calls are over
 * @prev: what nn_sync_call_begin() returned.
 *
 * Context: RTNL held.
 */
void nn_sync_call_end(struct task_struct *prev)
{
	WRITE_ONCE(nn_sync_caller, prev);
}

/* The bits of the once-only warnings of __nn_check_context(). */
#define NN_WARNED_ATOMIC	0
#define NN_WARNED_SYNC		1

int __nn_check_context(const char *func, unsigned long caller,
		       unsigned long *warned)
{
	if (unlikely(READ_ONCE(nn_sync_caller) == current)) {
		if (!test_and_set_bit(NN_WARNED_SYNC, warned))
			pr_warn("%s() called by %pS inside a function netnotify calls with RTNL held; refused with -EDEADLK\n",
				func, (void *)caller);
		return -EDEADLK;
	}

	/*
	 * in_task() alone is true under spinlocks and local_bh_disable(), and
	 * on PREEMPT_RCU kernels rcu_read_lock() does not raise the preempt
	 * count, so each of those is tested for itself. Kernels without
	 * CONFIG_PREEMPT_COUNT cannot see spinlocks here; might_sleep() in
	 * nn_check_context() still catches them in debug builds.
	 */
	if (likely(in_task() && !irqs_disabled() && !preempt_count() &&
		   !rcu_preempt_depth()))
		return 0;

	if (!test_and_set_bit(NN_WARNED_ATOMIC, warned))
		pr_warn("%s() called from atomic context by %pS; refused with -EDEADLK\n",
			func, (void *)caller);
	return -EDEADLK;
}

void nn_handle_get(struct nn_handle *h)
{
	kobject_get(&h->kobj);
}

void nn_handle_put(struct nn_handle *h)
{
	kobject_put(&h->kobj);
}

/* The kobject release: the last reference is gone. */
static void nn_handle_release(struct kobject *kobj)
{
	struct nn_handle *h = container_of(kobj, struct nn_handle, kobj);

	nn_queue_purge(h);
	kfree_rcu(h, rcu);
}

/* The files of handles/<id>/. */
enum nn_handle_file {
	NN_H_KIND, NN_H_FAMILY, NN_H_NETNS, NN_H_OWNER, NN_H_STATE,
	NN_H_FILTER, NN_H_DELIVERED, NN_H_QUEUED, NN_H_LIMIT, NN_H_PEAK, NN_H_DROPPED,
	NN_H_RESYNCS,
};

static const char *nn_family_name(u16 family)
{
	switch (family) {
	case AF_INET:
		return "inet";
	case AF_INET6:
		return "inet6";
	default:
		return "unspec";
	}
}

/* "orphaned" once the namespace was dismantled, else as the type says. */
static const char *nn_handle_state(struct nn_handle *h)
{
	if (!nn_net_attached(&h->sub))
		return "orphaned";
	return h->type->state ? h->type->state(h) : "active";
}

static ssize_t nn_handle_show(struct kobject *kobj,
			      struct kobj_attribute *kattr, char *buf)
{
	struct nn_handle *h = container_of(kobj, struct nn_handle, kobj);
	unsigned long long v;

	switch (nn_file_of(kattr)) {
	case NN_H_KIND:
		return sysfs_emit(buf, "%s\n", h->type->name);
	case NN_H_FAMILY:
		return sysfs_emit(buf, "%s\n", nn_family_name(h->sub.family));
	case NN_H_NETNS:
		return sysfs_emit(buf, "%u\n", h->netns_ino);
	case NN_H_OWNER:
		return sysfs_emit(buf, "%s\n", h->owner_name);
	case NN_H_STATE:
		return sysfs_emit(buf, "%s\n", nn_handle_state(h));
	case NN_H_FILTER:
		return h->type->filter(h, buf);
	default:
		break;
	}

	spin_lock(&h->lock);
	switch (nn_file_of(kattr)) {
	case NN_H_DELIVERED:
		v = h->delivered;
		break;
	case NN_H_QUEUED:
		v = h->queued;
		break;
	case NN_H_LIMIT:
		v = h->limit;
		break;
	case NN_H_PEAK:
		v = h->peak;
		break;
	case NN_H_DROPPED:
		v = h->dropped;
		break;
	default:
		v = h->resyncs;
		break;
	}
	spin_unlock(&h->lock);
	return sysfs_emit(buf, "%llu\n", v);
}

static struct nn_attr nn_handle_files[] = {
	NN_FILE(kind, nn_handle_show, NN_H_KIND),
	NN_FILE(family, nn_handle_show, NN_H_FAMILY),
	NN_FILE(netns, nn_handle_show, NN_H_NETNS),
	NN_FILE(owner, nn_handle_show, NN_H_OWNER),
	NN_FILE(state, nn_handle_show, NN_H_STATE),
	NN_FILE(filter, nn_handle_show, NN_H_FILTER),
	NN_FILE(delivered, nn_handle_show, NN_H_DELIVERED),
	NN_FILE(queued, nn_handle_show, NN_H_QUEUED),
	NN_FILE(queue_limit, nn_handle_show, NN_H_LIMIT),
	NN_FILE(queue_peak, nn_handle_show, NN_H_PEAK),
	NN_FILE(dropped, nn_handle_show, NN_H_DROPPED),
	NN_FILE(resyncs, nn_handle_show, NN_H_RESYNCS),
};

static struct attribute *nn_handle_attrs[ARRAY_SIZE(nn_handle_files) + 1];

/*
 * "filter" exists for the kinds that say what they follow, the queue
 * counters for the kinds that queue.
 */
static umode_t nn_handle_visible(struct kobject *kobj, struct attribute *attr,
				 int n)
{
	struct nn_handle *h = container_of(kobj, struct nn_handle, kobj);

	if (n == NN_H_FILTER && !h->type->filter)
		return 0;
	if (n >= NN_H_DELIVERED && !h->type->call)
		return 0;
	return attr->mode;
}

static const struct attribute_group nn_handle_group = {
	.attrs = nn_handle_attrs,
	.is_visible = nn_handle_visible,
};

static const struct attribute_group *nn_handle_groups[] = {
	&nn_handle_group,
	NULL,
};

static const struct kobj_type nn_handle_ktype = {
	.release = nn_handle_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = nn_handle_groups,
};

static void nn_cancel_async_work(struct work_struct *work);

/**
 * nn_handle_new() - allocate a handle
 * @type: its kind; @type->size bytes are allocated, zeroed, if it has a
 *	structure of its own that embeds the handle first.
 *
 * The handle holds one reference, which nn_register() takes over. Until
 * then the caller fills in the client's callback and its own part, and may
 * drop the handle with nn_handle_put().
 *
 * Context: Process context, may sleep.
 * Return: the handle (as the embedding structure), or NULL when memory is
 * short.
 */
void *nn_handle_new(const struct nn_handle_type *type)
{
	struct nn_handle *h = kzalloc(max(type->size, sizeof(*h)), GFP_KERNEL);

	if (!h)
		return NULL;
	kobject_init(&h->kobj, &nn_handle_ktype);
	nn_queue_init(h);
	INIT_WORK(&h->cancel_work, nn_cancel_async_work);
	h->type = type;
	h->sub.source = type->source;
	h->sub.deliver = nn_queue_deliver;
	h->sub.wake = nn_queue_wake;
	INIT_LIST_HEAD(&h->sub.woken);
	return h;
}

/* Look a handle up by id and take a reference, or return NULL. */
static struct nn_handle *nn_handle_lookup(u32 id)
{
	struct nn_handle *h;

	rcu_read_lock();
	h = xa_load(&nn_handles, id);
	if (h && !kobject_get_unless_zero(&h->kobj))
		h = NULL;
	rcu_read_unlock();
	return h;
}

/**
 * nn_handle_find() - a live handle of one kind, by id
 * @id: the id a client passed.
 * @type: the kind it must be.
 *
 * For a kind's own functions that take its handle.
 *
 * Context: Process context.
 * Return: the handle with a reference (nn_handle_put()), or NULL when @id
 * is no live handle of kind @type (0, stale, garbage, cancelled, another
 * kind).
 */
struct nn_handle *nn_handle_find(u32 id, const struct nn_handle_type *type)
{
	struct nn_handle *h = id ? nn_handle_lookup(id) : NULL;

	if (h && (h->type != type || nn_queue_stopped(h))) {
		nn_handle_put(h);
		h = NULL;
	}
	return h;
}

/*
 * End a stopped handle's subscription. A kind whose source calls its
 * client directly then waits for the calls that found the handle still
 * subscribed, or still live, before anyone may drop the last reference.
 */
static void nn_handle_unsubscribe(struct nn_handle *h)
{
	nn_net_unsubscribe(&h->sub);
	if (h->type->quiesce)
		h->type->quiesce(h);
}

/*
 * Unpublish a cancelled handle and drop the registration's reference. Runs
 * once no queued callback can be running: after the wait in
 * nn_handle_cancel(), or from the work item right after the callback that
 * cancelled its own handle returned. Until then, and until the calls a
 * kind makes directly are over (the subscription ends first), the handle
 * stays findable, so a concurrent cancel finds it and waits too instead of
 * returning early.
 */
void nn_handle_teardown(struct nn_handle *h)
{
	nn_handle_unsubscribe(h);
	/*
	 * Waits for readers of the handle's files to leave. Before the id is
	 * freed, so that a registration that is given it again finds its
	 * directory name free.
	 */
	if (h->kobj.state_in_sysfs)
		kobject_del(&h->kobj);
	xa_erase(&nn_handles, h->id);
	atomic_dec(&nn_stats.live);
	nn_handle_put(h);
}

/*
 * Cancel a handle the caller holds a reference on. Returns 0 for the caller
 * that cancelled it and -ENOENT for anyone else; every caller but the
 * callback itself returns only once no callback of the handle is running.
 */
int nn_handle_cancel(struct nn_handle *h)
{
	bool self = nn_queue_is_self(h);
	bool won = nn_queue_stop(h, self);

	if (self)
		return won ? 0 : -ENOENT;
	nn_queue_wait(h);
	if (won)
		nn_handle_teardown(h);
	else if (h->type->quiesce)
		h->type->quiesce(h);
	return won ? 0 : -ENOENT;
}

/**
 * nn_register() - publish and subscribe a handle
 * @h: a handle from nn_handle_new(), whose reference this takes over: on
 *	failure it is dropped.
 * @net: the namespace to watch.
 * @family: AF_UNSPEC, AF_INET or AF_INET6.
 * @ctx: the client's context.
 * @initial: deliver NETNOTIFY_INITIAL before returning.
 * @owner: the registering module.
 * @handle: receives the id, or 0 on failure; it is written before the
 *	initial callback runs, so a callback that reads it through @ctx sees
 *	it.
 *
 * Validates what every registration shares: @net, @handle and @family. The
 * initial notification is queued ahead of the subscription, so it precedes
 * every event, and every event after the subscription reaches the handle.
 *
 * Context: Process context, may sleep.
 * Return: 0, -EINVAL, -ENOMEM, -ENOSPC when ids run out, or -ENODEV when
 * @net is being dismantled.
 */
int nn_register(struct nn_handle *h, struct net *net, u16 family, void *ctx,
		bool initial, struct module *owner, u32 *handle)
{
	u32 id;
	int err;

	if (!net || !handle || !nn_family_valid(family)) {
		err = -EINVAL;
		goto err_put;
	}
	h->sub.family = family;
	h->ctx = ctx;
	h->owner = owner;
	strscpy(h->owner_name, owner ? module_name(owner) : "(built-in)",
		sizeof(h->owner_name));
	h->netns_ino = net->ns.inum;
	h->initial_pending = initial;

	/* Reserve the id first; lookups see NULL until the handle is whole. */
	err = xa_alloc_cyclic(&nn_handles, &id, NULL, xa_limit_32b,
			      &nn_next_id, GFP_KERNEL);
	if (err < 0)
		goto err_put;
	h->id = id;

	if (nn_handle_dirs) {
		err = kobject_add(&h->kobj, nn_sysfs_handles(), "%u", id);
		if (!err && h->type->group)
			err = sysfs_create_group(&h->kobj, h->type->group);
		if (err)
			goto err_erase;
	}

	/*
	 * Once published, the id may be cancelled by whoever guesses it, from
	 * any context, before this returns: hold the handle until done.
	 */
	nn_handle_get(h);
	xa_store(&nn_handles, id, h, GFP_KERNEL);
	atomic_inc(&nn_stats.live);
	*handle = id;

	err = nn_net_subscribe(net, &h->sub);
	if (err) {
		nn_handle_cancel(h);
		*handle = 0;
	} else if (nn_queue_stopped(h)) {
		/*
		 * A cancel that unpublished the handle before it was
		 * subscribed had no subscription to end: end it here.
		 */
		nn_handle_unsubscribe(h);
	} else if (initial) {
		nn_queue_kick(h);
		nn_lockdep_wait_for_callback();
		wait_for_completion(&h->initial_done);
	}
	nn_handle_put(h);
	return err;

err_erase:
	xa_erase(&nn_handles, id);
err_put:
	nn_handle_put(h);
	return err == -EBUSY ? -ENOSPC : err;
}

/**
 * nn_register_fn() - create, publish and subscribe a handle
 * @type: its kind.
 * @fn: the client's callback, to be cast back by @type->call.
 * @net: the namespace to watch.
 * @family: AF_UNSPEC, AF_INET or AF_INET6.
 * @ctx: the client's context.
 * @initial: deliver NETNOTIFY_INITIAL before returning.
 * @owner: the registering module.
 * @handle: receives the id, or 0 on failure.
 *
 * Context: Process context, may sleep.
 * Return: as nn_register(); -EINVAL for a NULL @fn too.
 */
int nn_register_fn(const struct nn_handle_type *type, nn_client_fn fn,
		   struct net *net, u16 family, void *ctx, bool initial,
		   struct module *owner, u32 *handle)
{
	struct nn_handle *h;

	if (!fn)
		return -EINVAL;
	h = nn_handle_new(type);
	if (!h)
		return -ENOMEM;
	h->fn = fn;
	return nn_register(h, net, family, ctx, initial, owner, handle);
}

/**
 * nn_cancel_id() - cancel a handle by the id its client holds
 * @id: the id.
 * @type: the kind it must be, or NULL for any.
 *
 * Context: Process context, may sleep.
 * Return: as netnotify_cancel(); -EINVAL for a live handle of another kind.
 */
int nn_cancel_id(u32 id, const struct nn_handle_type *type)
{
	struct nn_handle *h;
	int err;

	if (!id)
		return -EINVAL;
	h = nn_handle_lookup(id);
	if (!h)
		return -ENOENT;
	if (type && h->type != type)
		err = -EINVAL;
	else if (h->type->refuse_cancel)
		err = h->type->refuse_cancel(h) ?: nn_handle_cancel(h);
	else
		err = nn_handle_cancel(h);
	nn_handle_put(h);
	return err;
}

/**
 * netnotify_cancel() - cancel a registration (CancelMibChangeNotify2)
 * @handle: a handle returned by any netnotify registration function.
 *
 * When this returns, no callback of @handle is running and none will ever
 * run again, so the caller may free the context at once; a callback running
 * at the time of the call is waited for. Stable-table handles must be
 * cancelled too, even after their callback ran.
 *
 * Calling it from the handle's own callback is allowed (Windows deadlocks
 * there): it returns 0 at once, nothing further is delivered, and the handle
 * is freed after the callback returns. From another handle's callback it
 * waits like anywhere else. It must not be called while holding a lock that
 * any callback takes, including RTNL; lockdep reports that in debug builds.
 * When two callers race, exactly one gets 0 and both return only once the
 * callback is out.
 *
 * Context: Process context, may sleep. Not in atomic context, with
 * interrupts or preemption disabled, or inside an RCU read-side section.
 * Return: 0 on success; -EINVAL for handle 0; -ENOENT for any other value
 * that is not a live handle (already cancelled, never issued, garbage);
 * -EDEADLK, with nothing done and a one-time warning naming the caller,
 * when called from a context that cannot sleep or from a connection
 * notifyee's function (RTNL is held there; use netnotify_cancel_async());
 * -EDEADLK, with nothing done, for an intermediate driver's handle from
 * inside that driver's initialize or halt (the cancel would wait for it).
 */
int netnotify_cancel(u32 handle)
{
	int err = nn_check_context();

	return err ?: nn_cancel_id(handle, NULL);
}
EXPORT_SYMBOL_NS_GPL(netnotify_cancel, NETNOTIFY);

/* The asynchronous cancel: the steps of a cancel, then the client's done. */
static void nn_cancel_async_work(struct work_struct *work)
{
	struct nn_handle *h = container_of(work, struct nn_handle, cancel_work);
	unsigned long flags;

	/* Not the handle's own work: this waits for its running callback. */
	nn_handle_cancel(h);
	if (h->done)
		h->done(h->done_ctx);

	raw_spin_lock_irqsave(&nn_async_lock, flags);
	list_del(&h->async_node);
	raw_spin_unlock_irqrestore(&nn_async_lock, flags);
	nn_handle_put(h);
}

/**
 * netnotify_cancel_async() - cancel a registration without waiting
 * @handle: a handle returned by any netnotify registration function.
 * @done: optional, called once with @done_ctx when the cancel took effect.
 *	It must be code of the module that registered @handle (or of one
 *	that outlives it).
 * @done_ctx: passed to @done.
 *
 * For where netnotify_cancel() cannot be called or must not wait: a
 * context that cannot sleep, or one holding a lock that the handle's
 * callback takes. Returns at once; the cancel runs in process context
 * shortly after. Callbacks of @handle may still run until then (one may be
 * running now), but none after @done is called: @done runs exactly once,
 * in process context, after the last callback returned, so it may free
 * the callback's context. A module unloading with such a cancel pending
 * waits, in its unload, for @done to have run.
 *
 * This is the asynchronous unregistration that Windows leaves to its
 * clients (CM_Unregister_Notification from a thread-pool work item), with
 * the callbacks that can still arrive after it accounted for.
 *
 * Context: Any context but NMI, including hard and soft interrupts, timers,
 * under spinlocks, and the handle's own callback.
 * Return: 0 when the cancel was started; -EINVAL for handle 0; -ENOENT for
 * any other value that is not a live handle; -EALREADY when a cancel of
 * @handle (this one or netnotify_cancel()) is already in progress, and
 * then @done will not be called.
 */
int netnotify_cancel_async(u32 handle, void (*done)(void *done_ctx),
			   void *done_ctx)
{
	struct nn_handle *h;
	unsigned long flags;

	if (!handle)
		return -EINVAL;
	h = nn_handle_lookup(handle);
	if (!h)
		return -ENOENT;
	if (test_and_set_bit(NN_ASYNC_CLAIMED, &h->async) ||
	    READ_ONCE(h->state) != NN_LIVE) {
		nn_handle_put(h);
		return -EALREADY;
	}

	h->done = done;
	h->done_ctx = done_ctx;
	/*
	 * The lookup's reference is the work's now. Queued under the lock, so
	 * that whoever finds it in the list finds the work queued.
	 */
	raw_spin_lock_irqsave(&nn_async_lock, flags);
	list_add_tail(&h->async_node, &nn_async_list);
	queue_work(nn_wq, &h->cancel_work);
	raw_spin_unlock_irqrestore(&nn_async_lock, flags);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(netnotify_cancel_async, NETNOTIFY);

/*
 * Wait for the asynchronous cancels of @owner's handles, or of every
 * handle when @all, to have called their done.
 */
static void nn_flush_async(struct module *owner, bool all)
{
	struct nn_handle *h, *found;
	unsigned long flags;

	do {
		found = NULL;
		raw_spin_lock_irqsave(&nn_async_lock, flags);
		list_for_each_entry(h, &nn_async_list, async_node) {
			if (all || h->owner == owner) {
				nn_handle_get(h);
				found = h;
				break;
			}
		}
		raw_spin_unlock_irqrestore(&nn_async_lock, flags);
		if (found) {
			flush_work(&found->cancel_work);
			nn_handle_put(found);
		}
	} while (found);
}

/*
 * Cancel every handle owned by @owner, or every handle at all when @all.
 * Returns how many this call cancelled.
 */
static unsigned int nn_cancel_owned(struct module *owner, bool all)
{
	unsigned int n = 0;
	unsigned long id;
	struct nn_handle *h;
	void *entry;

	xa_for_each(&nn_handles, id, entry) {
		h = nn_handle_lookup(id);
		if (!h)
			continue;
		/* An asynchronous cancel in progress is waited for later. */
		if ((all || h->owner == owner) &&
		    !test_bit(NN_ASYNC_CLAIMED, &h->async) &&
		    !nn_handle_cancel(h))
			n++;
		nn_handle_put(h);
	}
	return n;
}

/*
 * A client module is going away with handles still live. Its exit function
 * has run but its code is still mapped: cancel them now, which also waits
 * for running callbacks, so nothing ever calls into freed code.
 */
static int nn_module_notify(struct notifier_block *nb, unsigned long action,
			    void *data)
{
	struct module *mod = data;
	unsigned int n;

	if (action != MODULE_STATE_GOING)
		return NOTIFY_DONE;

	n = nn_cancel_owned(mod, false);
	if (n)
		pr_warn("module %s unloaded with %u live handle(s); cancelled them\n",
			mod->name, n);
	/* Its code must outlive the done of its asynchronous cancels. */
	nn_flush_async(mod, false);
	return NOTIFY_OK;
}

static struct notifier_block nn_module_nb = {
	.notifier_call = nn_module_notify,
};

int nn_handles_init(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(nn_handle_files); i++)
		nn_handle_attrs[i] = &nn_handle_files[i].kattr.attr;
	return register_module_notifier(&nn_module_nb);
}

void nn_handles_exit(void)
{
	unsigned int n;

	unregister_module_notifier(&nn_module_nb);
	/* Clients import our symbols, so none can be left; built-in code
	 * could be.
	 */
	n = nn_cancel_owned(NULL, true);
	if (n)
		pr_warn("unloaded with %u live handle(s); cancelled them\n", n);
	nn_flush_async(NULL, true);
	/* A handle that cancelled itself is unpublished by its work item. */
	flush_workqueue(nn_wq);
	WARN_ON(!xa_empty(&nn_handles));
}
