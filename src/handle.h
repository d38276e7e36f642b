/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Handles: the registrations clients hold, their table and their lifecycle.
 */
#ifndef _NN_HANDLE_H
#define _NN_HANDLE_H

#include <netnotify/netnotify.h>
#include <linux/completion.h>
#include <linux/kobject.h>
#include <linux/list.h>
#include <linux/socket.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

struct nn_net;

enum nn_kind {
	NN_KIND_IP_INTERFACE,
	NN_KIND_UNICAST_ADDRESS,
	NN_KIND_STABLE_TABLE,
	NN_KIND_ROUTE,
	NN_KIND_MAX,
};

enum nn_state {
	NN_LIVE,
	NN_CANCELLED,
};

union nn_callback {
	netnotify_ip_interface_cb ip_interface;
	netnotify_unicast_ip_address_cb unicast_address;
	netnotify_stable_table_cb stable_table;
	netnotify_route_cb route;
};

/**
 * struct nn_handle - one registration
 * @kobj: the handle's sysfs directory; its reference count owns the handle.
 * @id: the u32 the client holds.
 * @kind: which notification source feeds the handle.
 * @family: AF_UNSPEC, AF_INET or AF_INET6.
 * @cb: the client's callback, typed by @kind.
 * @ctx: the client's context, passed through untouched.
 * @owner: the registering module, NULL when built in.
 * @owner_name: its name, for sysfs.
 * @netns_ino: inode number of the namespace, for sysfs.
 * @nn: per-namespace state; NULL once unsubscribed (nn_sub_mutex).
 * @sub_node: entry in @nn's subscriber list (nn->lock).
 * @lock: protects the delivery state below.
 * @state: NN_LIVE until cancelled.
 * @queue: events waiting for the callback.
 * @queued: length of @queue.
 * @limit: bound on @queued, from the queue_limit parameter at registration.
 * @peak: the most @queued has been.
 * @initial_pending: a NETNOTIFY_INITIAL callback is owed.
 * @resync_pending: events were dropped; a NETNOTIFY_RESYNC is owed.
 * @in_callback: a callback of this handle is running.
 * @teardown: cancelled from its own callback; the work item unpublishes it.
 * @recheck: stable table: addresses or links changed, look again.
 * @armed: stable table: the registration returned; rechecks may run.
 * @stable_done: stable table: the table was handed out.
 * @delivered: callbacks made.
 * @dropped: events dropped on overflow.
 * @resyncs: NETNOTIFY_RESYNC callbacks made.
 * @work: runs the callbacks, one at a time, in process context.
 * @idle: woken whenever a callback returns.
 * @initial_done: completed once the initial callback returned, or never will.
 * @rcu: lookups run under RCU, so the handle is freed after a grace period.
 */
struct nn_handle {
	struct kobject kobj;
	u32 id;
	enum nn_kind kind;
	u16 family;
	union nn_callback cb;
	void *ctx;
	struct module *owner;
	char owner_name[MODULE_NAME_LEN];
	unsigned int netns_ino;
	struct nn_net *nn;
	struct list_head sub_node;

	spinlock_t lock;		/* protects the fields below */
	enum nn_state state;
	struct list_head queue;
	u32 queued;
	u32 limit;
	u32 peak;
	bool initial_pending;
	bool resync_pending;
	bool in_callback;
	bool teardown;
	bool recheck;
	bool armed;
	bool stable_done;
	u64 delivered;
	u64 dropped;
	u64 resyncs;

	struct work_struct work;
	wait_queue_head_t idle;
	struct completion initial_done;
	struct rcu_head rcu;
};

void nn_handle_release(struct kobject *kobj);
void nn_handle_teardown(struct nn_handle *h);
int nn_register(struct net *net, enum nn_kind kind, u16 family,
		union nn_callback cb, void *ctx, bool initial,
		struct module *owner, u32 *handle, struct nn_handle **hp);
int nn_handle_cancel(struct nn_handle *h);
int __nn_check_context(const char *func, unsigned long caller, bool *warned);

/*
 * Refuse calls from contexts that must not sleep, warning once per API
 * function with the offending caller; then assert, for debug kernels, that
 * the caller may sleep (it catches spinlocks on kernels without a preempt
 * count). Expands inside the API function, so _RET_IP_ is the client's call
 * site.
 */
#define nn_check_context()						\
({									\
	static bool __nn_warned;					\
	int __nn_err = __nn_check_context(__func__, _RET_IP_,		\
					  &__nn_warned);		\
	if (!__nn_err)							\
		might_sleep();						\
	__nn_err;							\
})

static inline bool nn_family_valid(u16 family)
{
	return family == AF_UNSPEC || family == AF_INET || family == AF_INET6;
}

void nn_handle_get(struct nn_handle *h);
void nn_handle_put(struct nn_handle *h);
int nn_handles_init(void);
void nn_handles_exit(void);

#endif /* _NN_HANDLE_H */
