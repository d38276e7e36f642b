// SPDX-License-Identifier: GPL-2.0
/*
 * The device instances of intermediate drivers and their deferred
 * initialization (NdisIMInitializeDeviceInstanceEx /
 * NdisIMCancelInitializeDeviceInstance, NdisIMDeInitializeDeviceInstance).
 *
 * An instance is accepted PENDING and started later, from a work item: at
 * once when it names no lower device, otherwise once a device of that name
 * exists in the driver's namespace and is up (im.c hands the drivers the
 * devices that come up). The kernel's own state is read once more when an
 * instance is accepted, after it is listed, so that an up device whose
 * message was applied before is not missed.
 *
 *   PENDING --start--> INITIALIZING --0--> INITIALIZED --> HALTING --> gone
 *      |                    |
 *      +--cancel--> gone    +--errno--> gone
 *
 * Whether a cancel or the start wins is decided by the instance's state
 * under the driver's lock, never by the workqueue's return values: the work
 * item moves PENDING to INITIALIZING under the lock before it calls the
 * driver, and a cancel succeeds only on a PENDING instance, which it
 * unlists under the same lock. A work item queued for an instance that was
 * cancelled finds it gone and does nothing.
 *
 * Instances are few per driver and looked up by name in a list.
 */

#include "handle.h"
#include "im_instance.h"
#include "netns.h"
#include "queue.h"

#include <linux/completion.h>
#include <linux/netdevice.h>
#include <linux/refcount.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include <net/net_namespace.h>

enum nn_im_state {
	NN_IM_PENDING,
	NN_IM_INITIALIZING,
	NN_IM_INITIALIZED,
	NN_IM_HALTING,
	NN_IM_GONE,
};

static const char *const nn_im_state_names[] = {
	[NN_IM_PENDING] = "pending",
	[NN_IM_INITIALIZING] = "initializing",
	[NN_IM_INITIALIZED] = "initialized",
	[NN_IM_HALTING] = "halting",
	[NN_IM_GONE] = "gone",
};

/**
 * struct nn_im_instance - a device instance
 * @node: entry in its driver's list while listed.
 * @ref: held by the list, by the queued work and by waiters.
 * @drv: the driver, whose handle the instance holds a reference on.
 * @state: where it is (the driver's lock).
 * @queued: its work was queued; it starts at most once.
 * @runner: the task running its initialize or halt, or NULL.
 * @result: what initialize returned, or -ECANCELED when it never ran.
 * @started: completed when initialize returned, or never will run.
 * @gone: completed when the instance is unlisted.
 * @work: runs initialize.
 * @device_context: the driver's, passed through.
 * @lower: the lower device's name, empty for none.
 * @name: the instance's name.
 */
struct nn_im_instance {
	struct list_head node;
	refcount_t ref;
	struct nn_im_driver *drv;
	enum nn_im_state state;
	bool queued;
	struct task_struct *runner;
	int result;
	struct completion started;
	struct completion gone;
	struct work_struct work;
	void *device_context;
	char lower[IFNAMSIZ];
	char name[];
};

/*
 * Initializes and halts run here, not on the module's workqueue: they may
 * sleep long and wait for netnotify's own work (registering a handle
 * does), which must never queue up behind them.
 */
static struct workqueue_struct *nn_im_wq;

static void nn_im_put(struct nn_im_instance *inst)
{
	if (refcount_dec_and_test(&inst->ref)) {
		nn_handle_put(&inst->drv->h);
		kfree(inst);
	}
}

/* The listed instance @name of @drv, or NULL; the driver's lock is held. */
static struct nn_im_instance *nn_im_find(struct nn_im_driver *drv,
					 const char *name)
{
	struct nn_im_instance *inst;

	lockdep_assert_held(&drv->lock);
	list_for_each_entry(inst, &drv->instances, node)
		if (!strcmp(inst->name, name))
			return inst;
	return NULL;
}

/*
 * Is the current task inside an initialize or halt of @drv? Waiting there
 * for the driver's instances could wait for itself. The lock is held.
 */
static bool nn_im_inside(struct nn_im_driver *drv)
{
	struct nn_im_instance *inst;

	lockdep_assert_held(&drv->lock);
	list_for_each_entry(inst, &drv->instances, node)
		if (inst->runner == current)
			return true;
	return false;
}

/*
 * Unlist an instance with the lock held; the caller then completes it,
 * outside the lock, with nn_im_finish().
 */
static void nn_im_unlist(struct nn_im_instance *inst)
{
	lockdep_assert_held(&inst->drv->lock);
	list_del_init(&inst->node);
	inst->state = NN_IM_GONE;
	inst->runner = NULL;
}

/* Wake the waiters of an unlisted instance and drop the list's reference. */
static void nn_im_finish(struct nn_im_instance *inst)
{
	complete_all(&inst->started);
	complete_all(&inst->gone);
	nn_im_put(inst);
}

/* Start a pending instance, once. The lock is held. */
static void nn_im_start(struct nn_im_instance *inst)
{
	lockdep_assert_held(&inst->drv->lock);
	if (inst->state != NN_IM_PENDING || inst->queued)
		return;
	inst->queued = true;
	refcount_inc(&inst->ref);
	queue_work(nn_im_wq, &inst->work);
}

/* Cancel a pending instance: it never starts. The lock is held. */
static void nn_im_cancel_locked(struct nn_im_instance *inst)
{
	inst->result = -ECANCELED;
	nn_im_unlist(inst);
}

/*
 * Halt an instance the caller moved to NN_IM_HALTING, with the lock not
 * held, and unlist it.
 */
static void nn_im_halt(struct nn_im_instance *inst)
{
	struct nn_im_driver *drv = inst->drv;

	spin_lock(&drv->lock);
	inst->runner = current;
	spin_unlock(&drv->lock);
	if (drv->fns.halt) {
		nn_lockdep_callback_enter();
		drv->fns.halt(drv->h.ctx, inst->name, inst->device_context);
		nn_lockdep_callback_exit();
	}
	spin_lock(&drv->lock);
	nn_im_unlist(inst);
	spin_unlock(&drv->lock);
	nn_im_finish(inst);
}

/*
 * Is a device of that name in @net and up? Its name, not an alternative
 * one: messages, which start instances too, carry only that.
 */
static bool nn_im_lower_up(struct net *net, const char *name)
{
	struct net_device *dev;
	bool up;

	rcu_read_lock();
	dev = dev_get_by_name_rcu(net, name);
	up = dev && !strcmp(dev->name, name) &&
	     (READ_ONCE(dev->flags) & IFF_UP);
	rcu_read_unlock();
	return up;
}

/*
 * The start. PENDING becomes INITIALIZING here, under the lock, or the
 * instance was cancelled and this does nothing. The lower device is looked
 * at once more: a message read late may say it is up when it is gone
 * again; then the instance waits for the next one that says so, which
 * comes after this look, so after the lock is dropped.
 */
static void nn_im_work(struct work_struct *work)
{
	struct nn_im_instance *inst =
		container_of(work, struct nn_im_instance, work);
	struct nn_im_driver *drv = inst->drv;
	struct net *net = NULL;
	bool halt = false, go;
	int err;

	if (inst->lower[0])
		net = nn_net_get_net(&drv->h.sub);
	spin_lock(&drv->lock);
	go = inst->state == NN_IM_PENDING &&
	     (!inst->lower[0] || (net && nn_im_lower_up(net, inst->lower)));
	if (go) {
		inst->state = NN_IM_INITIALIZING;
		inst->runner = current;
	} else if (inst->state == NN_IM_PENDING) {
		inst->queued = false;
	}
	spin_unlock(&drv->lock);
	if (net)
		put_net(net);
	if (!go)
		goto out;

	nn_lockdep_callback_enter();
	err = drv->fns.initialize(drv->h.ctx, inst->name,
				  inst->device_context);
	nn_lockdep_callback_exit();
	if (err > 0 || err < -MAX_ERRNO) {
		pr_warn_ratelimited("im driver %s returned %d from initialize of %s, not 0 or a negative errno: taken as -EINVAL\n",
				    drv->name, err, inst->name);
		err = -EINVAL;
	}

	spin_lock(&drv->lock);
	inst->result = err;
	inst->runner = NULL;
	if (err) {
		nn_im_unlist(inst);
	} else if (drv->stopping) {
		/* Released meanwhile: the release waits for it to go. */
		inst->state = NN_IM_HALTING;
		halt = true;
	} else {
		inst->state = NN_IM_INITIALIZED;
	}
	complete_all(&inst->started);
	spin_unlock(&drv->lock);

	if (err)
		nn_im_finish(inst);
	else if (halt)
		nn_im_halt(inst);
out:
	nn_im_put(inst);
}

/*
 * Start the pending instances of @drv waiting for @name, or, with @net,
 * those whose lower device is up in @net now. The namespace lock is held.
 */
void nn_im_start_lower(struct nn_im_driver *drv, const char *name,
		       struct net *net)
{
	struct nn_im_instance *inst;

	spin_lock(&drv->lock);
	list_for_each_entry(inst, &drv->instances, node) {
		if (inst->state != NN_IM_PENDING || inst->queued ||
		    !inst->lower[0])
			continue;
		if (net ? nn_im_lower_up(net, inst->lower) :
			  !strcmp(inst->lower, name))
			nn_im_start(inst);
	}
	spin_unlock(&drv->lock);
}

/*
 * Release a driver: cancel its pending instances, wait for the initializes
 * that run, halt the initialized. Every caller returns once all are gone.
 * An initialize that returns meanwhile halts its instance itself. Never
 * called from the driver's initialize or halt (nn_im_refuse_cancel()).
 */
void nn_im_release(struct nn_im_driver *drv)
{
	struct nn_im_instance *inst;

	spin_lock(&drv->lock);
	drv->stopping = true;
again:
	list_for_each_entry(inst, &drv->instances, node) {
		switch (inst->state) {
		case NN_IM_PENDING:
			nn_im_cancel_locked(inst);
			spin_unlock(&drv->lock);
			nn_im_finish(inst);
			break;
		case NN_IM_INITIALIZED:
			inst->state = NN_IM_HALTING;
			spin_unlock(&drv->lock);
			nn_im_halt(inst);
			break;
		default:
			/* Initializing or halting: wait until it is gone. */
			refcount_inc(&inst->ref);
			spin_unlock(&drv->lock);
			nn_lockdep_wait_for_callback();
			wait_for_completion(&inst->gone);
			nn_im_put(inst);
			break;
		}
		spin_lock(&drv->lock);
		goto again;
	}
	spin_unlock(&drv->lock);
}

/**
 * nn_im_calling() - is the current task inside an initialize or halt of
 *	the driver?
 * @drv: the driver.
 *
 * Return: true when a wait for the driver's instances, its release
 * included, would wait for the current task.
 */
bool nn_im_calling(struct nn_im_driver *drv)
{
	bool inside;

	spin_lock(&drv->lock);
	inside = nn_im_inside(drv);
	spin_unlock(&drv->lock);
	return inside;
}

/**
 * nn_im_show_instances() - the driver's sysfs file "instances"
 * @drv: the driver.
 * @buf: the page to fill: one line per instance, "<name> <state> <lower>"
 *	("-" without one), and "..." for those that did not fit.
 *
 * Return: the length written.
 */
ssize_t nn_im_show_instances(struct nn_im_driver *drv, char *buf)
{
	struct nn_im_instance *inst;
	int len = 0;

	spin_lock(&drv->lock);
	list_for_each_entry(inst, &drv->instances, node) {
		/* The longest line: a name, a state, a lower device. */
		if (len + NETNOTIFY_IM_INSTANCE_MAX + 32 + IFNAMSIZ >= PAGE_SIZE) {
			len += sysfs_emit_at(buf, len, "...\n");
			break;
		}
		len += sysfs_emit_at(buf, len, "%s %s %s\n", inst->name,
				     nn_im_state_names[inst->state],
				     inst->lower[0] ? inst->lower : "-");
	}
	spin_unlock(&drv->lock);
	return len;
}

int nn_im_instances_init(void)
{
	nn_im_wq = alloc_workqueue("netnotify_im", WQ_UNBOUND, 0);
	return nn_im_wq ? 0 : -ENOMEM;
}

/* Every driver is released by now: queued starts find their instance gone. */
void nn_im_instances_exit(void)
{
	destroy_workqueue(nn_im_wq);
}

/*
 * An instance name: 1 to NETNOTIFY_IM_INSTANCE_MAX bytes, none of them a
 * blank or an ASCII control character (sysfs lists instances one per line,
 * fields separated by blanks); UTF-8 passes.
 */
static bool nn_im_name_valid(const char *name)
{
	size_t i;

	if (!name || !name[0])
		return false;
	for (i = 0; name[i]; i++)
		if (i == NETNOTIFY_IM_INSTANCE_MAX ||
		    (unsigned char)name[i] <= ' ' || name[i] == 0x7f)
			return false;
	return true;
}

/*
 * The live driver @id, with a reference, for an operation on @instance; or
 * NULL, *@err set to -EINVAL, when either is invalid.
 */
static struct nn_im_driver *nn_im_driver_get(u32 id, const char *instance,
					     int *err)
{
	struct nn_im_driver *drv = NULL;

	if (nn_im_name_valid(instance))
		drv = nn_im_driver_find(id);
	if (!drv)
		*err = -EINVAL;
	return drv;
}

/**
 * netnotify_im_initialize_device_instance() - initiate a device instance
 *	(NdisIMInitializeDeviceInstanceEx)
 * @driver_handle: the driver, from netnotify_im_register_driver().
 * @instance: the instance's name, unique per driver, at most
 *	NETNOTIFY_IM_INSTANCE_MAX bytes, without blanks or ASCII control
 *	characters; copied.
 * @lower: the name of the device the instance needs, or NULL for none;
 *	copied.
 * @device_context: passed to the driver's initialize and halt untouched.
 *
 * The instance is accepted pending. The driver's initialize is called
 * later, never inside this call, from a work item (process context, no
 * RTNL, no netnotify lock held), exactly once unless the instance is
 * cancelled first: at once without @lower, otherwise once a device named
 * @lower exists in the driver's namespace and is up (now, or when it
 * arrives, is renamed so or brought up). A lower device that goes away
 * before leaves the instance pending: the driver decides whether to cancel.
 *
 * Context: Process context, may sleep.
 * Return: 0 when accepted; -EEXIST when the driver has an instance of that
 * name (pending, initializing, initialized or halting); -EINVAL for a
 * @driver_handle that is no live intermediate driver handle, or an
 * @instance that is NULL, empty, longer than NETNOTIFY_IM_INSTANCE_MAX or
 * holds a blank or control character,
 * or a @lower that is empty or longer than an interface name; -ENODEV when
 * the driver's namespace is dismantled; -ENOMEM; -EDEADLK from a context
 * that cannot sleep.
 */
int netnotify_im_initialize_device_instance(u32 driver_handle,
					    const char *instance,
					    const char *lower,
					    void *device_context)
{
	struct nn_im_instance *inst;
	struct nn_im_driver *drv;
	struct net *net;
	size_t len;
	int err;

	err = nn_check_context();
	if (err)
		return err;
	if (lower && (!lower[0] || strnlen(lower, IFNAMSIZ) == IFNAMSIZ))
		return -EINVAL;
	drv = nn_im_driver_get(driver_handle, instance, &err);
	if (!drv)
		return err;
	net = nn_net_get_net(&drv->h.sub);
	if (!net) {
		err = -ENODEV;
		goto out_drv;
	}

	len = strlen(instance) + 1;
	inst = kzalloc(struct_size(inst, name, len), GFP_KERNEL);
	if (!inst) {
		err = -ENOMEM;
		goto out_net;
	}
	memcpy(inst->name, instance, len);
	if (lower)
		strscpy(inst->lower, lower, sizeof(inst->lower));
	inst->device_context = device_context;
	inst->drv = drv;
	inst->state = NN_IM_PENDING;
	refcount_set(&inst->ref, 1);
	init_completion(&inst->started);
	init_completion(&inst->gone);
	INIT_WORK(&inst->work, nn_im_work);

	spin_lock(&drv->lock);
	if (drv->stopping) {
		err = -EINVAL;
	} else if (nn_im_find(drv, instance)) {
		err = -EEXIST;
	} else {
		nn_handle_get(&drv->h);
		list_add_tail(&inst->node, &drv->instances);
		/*
		 * Listed first, read second: a lower device that comes up
		 * after this read starts the instance by its message.
		 */
		if (!lower || nn_im_lower_up(net, lower))
			nn_im_start(inst);
	}
	spin_unlock(&drv->lock);
	if (err)
		kfree(inst);
out_net:
	put_net(net);
out_drv:
	nn_handle_put(&drv->h);
	return err;
}
EXPORT_SYMBOL_NS_GPL(netnotify_im_initialize_device_instance, NETNOTIFY);

/**
 * netnotify_im_cancel_initialize_device_instance() - cancel an instance that
 *	has not started (NdisIMCancelInitializeDeviceInstance)
 * @driver_handle: the driver.
 * @instance: the instance's name.
 *
 * Against a start happening at the same time exactly one of the two wins:
 * either this returns 0 and initialize never runs, or initialize runs (or
 * ran) and this returns -EBUSY. It does not wait, so the driver's own
 * initialize and halt may call it.
 *
 * Context: Process context, may sleep.
 * Return: 0 when initialize had not begun: it never will, the instance is
 * gone and its name free; -EBUSY when initialize has begun or returned
 * (NDIS_STATUS_FAILURE; de-initialize it, or wait for it first); -ENOENT for
 * an instance that does not exist (never initiated, cancelled, failed, or
 * de-initialized); -EINVAL for a @driver_handle that is no live
 * intermediate driver handle or an invalid @instance; -EDEADLK from a
 * context that cannot sleep.
 */
int netnotify_im_cancel_initialize_device_instance(u32 driver_handle,
						   const char *instance)
{
	struct nn_im_instance *inst;
	struct nn_im_driver *drv;
	int err;

	err = nn_check_context();
	drv = err ? NULL : nn_im_driver_get(driver_handle, instance, &err);
	if (!drv)
		return err;

	spin_lock(&drv->lock);
	inst = nn_im_find(drv, instance);
	if (!inst)
		err = -ENOENT;
	else if (inst->state != NN_IM_PENDING)
		err = -EBUSY;
	else
		nn_im_cancel_locked(inst);
	spin_unlock(&drv->lock);
	if (!err)
		nn_im_finish(inst);
	nn_handle_put(&drv->h);
	return err;
}
EXPORT_SYMBOL_NS_GPL(netnotify_im_cancel_initialize_device_instance,
		     NETNOTIFY);

/*
 * Look up an instance for an operation that waits: with a reference, or
 * NULL and *@err set.
 */
static struct nn_im_instance *nn_im_get(struct nn_im_driver *drv,
					const char *instance, int *err)
{
	struct nn_im_instance *inst;

	lockdep_assert_held(&drv->lock);
	inst = nn_im_find(drv, instance);
	if (!inst) {
		*err = -ENOENT;
		return NULL;
	}
	if (nn_im_inside(drv)) {
		*err = -EDEADLK;
		return NULL;
	}
	refcount_inc(&inst->ref);
	return inst;
}

/**
 * netnotify_im_wait_device_instance() - wait for an instance's initialize
 * @driver_handle: the driver.
 * @instance: the instance's name.
 *
 * Sleeps until the driver's initialize of @instance has returned, and
 * returns what it returned; at once if it already has. A pending instance
 * is waited for until it starts and initialize returns, or until it is
 * cancelled. Windows has no such call (the mux sample waits on an event of
 * its own); it is the wait of the documented pattern: cancel, and when
 * that fails, wait, then de-initialize.
 *
 * Context: Process context, may sleep; not from the driver's own
 * initialize or halt.
 * Return: what initialize returned (0, or the errno with which the instance
 * failed and went); -ECANCELED when the instance was cancelled while
 * waited for; -ENOENT for an instance that does not exist; -EINVAL for a
 * @driver_handle that is no live intermediate driver handle or an invalid
 * @instance; -EINTR when the waiting task was killed; -EDEADLK from the
 * driver's initialize or halt, or a context that cannot sleep.
 */
int netnotify_im_wait_device_instance(u32 driver_handle, const char *instance)
{
	struct nn_im_instance *inst;
	struct nn_im_driver *drv;
	int err;

	err = nn_check_context();
	drv = err ? NULL : nn_im_driver_get(driver_handle, instance, &err);
	if (!drv)
		return err;

	spin_lock(&drv->lock);
	inst = nn_im_get(drv, instance, &err);
	spin_unlock(&drv->lock);
	if (inst) {
		nn_lockdep_wait_for_callback();
		if (wait_for_completion_killable(&inst->started))
			err = -EINTR;
		else
			err = inst->result;
		nn_im_put(inst);
	}
	nn_handle_put(&drv->h);
	return err;
}
EXPORT_SYMBOL_NS_GPL(netnotify_im_wait_device_instance, NETNOTIFY);

/**
 * netnotify_im_deinitialize_device_instance() - de-initialize an instance
 *	(NdisIMDeInitializeDeviceInstance)
 * @driver_handle: the driver.
 * @instance: the instance's name.
 *
 * An initialized instance is halted (the driver's halt is called once) and
 * is gone when this returns. One still initializing is waited for, then
 * halted if its initialize succeeded. A pending one is cancelled. When two
 * callers de-initialize one instance, one halts it and the other waits
 * until it is gone.
 *
 * Context: Process context, may sleep; not from the driver's own
 * initialize or halt.
 * Return: 0 when this call made the instance go (halted, cancelled, or its
 * initialize failed while waited for); -ENOENT for an instance that does
 * not exist, or that another caller de-initialized meanwhile; -EINVAL for
 * a @driver_handle that is no live intermediate driver handle or an
 * invalid @instance; -EDEADLK from the driver's initialize or halt, or a
 * context that cannot sleep.
 */
int netnotify_im_deinitialize_device_instance(u32 driver_handle,
					      const char *instance)
{
	struct nn_im_instance *inst;
	struct nn_im_driver *drv;
	int err;

	err = nn_check_context();
	drv = err ? NULL : nn_im_driver_get(driver_handle, instance, &err);
	if (!drv)
		return err;

	spin_lock(&drv->lock);
	inst = nn_im_get(drv, instance, &err);
	if (!inst)
		goto out_unlock;
	if (inst->state == NN_IM_INITIALIZING) {
		spin_unlock(&drv->lock);
		nn_lockdep_wait_for_callback();
		wait_for_completion(&inst->started);
		spin_lock(&drv->lock);
	}
	switch (inst->state) {
	case NN_IM_PENDING:
		nn_im_cancel_locked(inst);
		spin_unlock(&drv->lock);
		nn_im_finish(inst);
		break;
	case NN_IM_INITIALIZED:
		inst->state = NN_IM_HALTING;
		spin_unlock(&drv->lock);
		nn_im_halt(inst);
		break;
	case NN_IM_HALTING:
		spin_unlock(&drv->lock);
		nn_lockdep_wait_for_callback();
		wait_for_completion(&inst->gone);
		err = -ENOENT;
		break;
	default:
		/*
		 * Gone while this waited: by its initialize failing, which
		 * this call counts as its own doing, or halted by another.
		 */
		if (!inst->result)
			err = -ENOENT;
		spin_unlock(&drv->lock);
		break;
	}
	nn_im_put(inst);
	goto out;

out_unlock:
	spin_unlock(&drv->lock);
out:
	nn_handle_put(&drv->h);
	return err;
}
EXPORT_SYMBOL_NS_GPL(netnotify_im_deinitialize_device_instance, NETNOTIFY);
