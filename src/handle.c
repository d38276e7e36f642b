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
 * unpublish (XArray, namespace subscription, sysfs). Called from the
 * handle's own callback it cannot wait, so the work item unpublishes the
 * handle once that callback has returned.
 */

#include "handle.h"
#include "netns.h"
#include "queue.h"
#include "sysfs.h"

#include <linux/hardirq.h>
#include <linux/module.h>
#include <linux/preempt.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/xarray.h>
#include <net/net_namespace.h>

static DEFINE_XARRAY_ALLOC1(nn_handles);
static u32 nn_next_id;

int __nn_check_context(const char *func, unsigned long caller, bool *warned)
{
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

	if (!READ_ONCE(*warned)) {
		WRITE_ONCE(*warned, true);
		pr_warn("%s() called from atomic context by %pS; refused with -EDEADLK\n",
			func, (void *)caller);
	}
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
	NN_H_DELIVERED, NN_H_QUEUED, NN_H_LIMIT, NN_H_PEAK, NN_H_DROPPED,
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
	NN_FILE(delivered, nn_handle_show, NN_H_DELIVERED),
	NN_FILE(queued, nn_handle_show, NN_H_QUEUED),
	NN_FILE(queue_limit, nn_handle_show, NN_H_LIMIT),
	NN_FILE(queue_peak, nn_handle_show, NN_H_PEAK),
	NN_FILE(dropped, nn_handle_show, NN_H_DROPPED),
	NN_FILE(resyncs, nn_handle_show, NN_H_RESYNCS),
};

static struct attribute *nn_handle_attrs[ARRAY_SIZE(nn_handle_files) + 1];

static const struct attribute_group nn_handle_group = {
	.attrs = nn_handle_attrs,
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
	h->type = type;
	h->sub.source = type->source;
	h->sub.deliver = nn_queue_deliver;
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

/*
 * Unpublish a cancelled handle and drop the registration's reference. Runs
 * once no callback can be running: after the wait in nn_handle_cancel(), or
 * from the work item right after the callback that cancelled its own handle
 * returned. Until then the handle stays findable, so a concurrent cancel
 * finds it and waits too instead of returning early.
 */
void nn_handle_teardown(struct nn_handle *h)
{
	xa_erase(&nn_handles, h->id);
	nn_net_unsubscribe(&h->sub);
	/* Waits for readers of the handle's files to leave. */
	kobject_del(&h->kobj);
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

	err = kobject_add(&h->kobj, nn_sysfs_handles(), "%u", id);
	if (err)
		goto err_erase;

	xa_store(&nn_handles, id, h, GFP_KERNEL);
	atomic_inc(&nn_stats.live);
	*handle = id;

	err = nn_net_subscribe(net, &h->sub);
	if (err) {
		nn_handle_cancel(h);
		*handle = 0;
		return err;
	}

	if (initial) {
		nn_queue_kick(h);
		nn_lockdep_wait_for_callback();
		wait_for_completion(&h->initial_done);
	}
	return 0;

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
 * when called from a context that cannot sleep.
 */
int netnotify_cancel(u32 handle)
{
	struct nn_handle *h;
	int err;

	err = nn_check_context();
	if (err)
		return err;

	if (!handle)
		return -EINVAL;

	h = nn_handle_lookup(handle);
	if (!h)
		return -ENOENT;
	err = nn_handle_cancel(h);
	nn_handle_put(h);
	return err;
}
EXPORT_SYMBOL_NS_GPL(netnotify_cancel, NETNOTIFY);

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
		if ((all || h->owner == owner) && !nn_handle_cancel(h))
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
	WARN_ON(!xa_empty(&nn_handles));
}
