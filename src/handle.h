/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Handles: the registrations clients hold, their table and their lifecycle.
 */
#ifndef _NN_HANDLE_H
#define _NN_HANDLE_H

#include "netns.h"

#include <netnotify/netnotify.h>
#include <linux/completion.h>
#include <linux/kobject.h>
#include <linux/list.h>
#include <linux/socket.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

struct nn_handle;
struct nn_item;

enum nn_state {
	NN_LIVE,
	NN_CANCELLED,
};

/**
 * struct nn_handle_type - what one kind of handle is
 * @name: the kind, as sysfs shows it.
 * @size: optional, the size of a structure that embeds struct nn_handle
 *	first (NN_HANDLE_SIZE()), for a kind with state of its own.
 * @source: the source the handle subscribes to.
 * @call: make one callback: @type with a copy of the row (NULL for
 *	NETNOTIFY_INITIAL, NETNOTIFY_RESYNC and a poke, nn_queue_poke()), to
 *	the client's callback, h->fn cast back to the kind's callback type.
 *	Runs from the handle's work, never twice at once. Return: whether a
 *	callback was made.
 * @state: optional, the handle's state in sysfs while its namespace lives
 *	("active" without it).
 * @filter: optional, show what the handle follows in its sysfs file
 *	"filter" (which only kinds with this hook have).
 * @quiesce: optional, for a kind whose source calls the client directly
 *	instead of through @call: wait until no call that found the handle
 *	live, or subscribed, is running. Called by every cancel once the
 *	handle is stopped, and after each end of its subscription, before
 *	the reference that kept it is dropped.
 * @group: optional, more sysfs files of the kind. A kind without @call
 *	has no queue, and its directory shows no queue counters.
 * @refuse_cancel: optional: an errno when the current task must not cancel
 *	the handle synchronously (the cancel would wait for the task
 *	itself), else 0.
 */
struct nn_handle_type {
	const char *name;
	size_t size;
	const struct nn_source_ops *source;
	bool (*call)(struct nn_handle *h, enum netnotify_type type,
		     const void *row);
	const char *(*state)(struct nn_handle *h);
	ssize_t (*filter)(struct nn_handle *h, char *buf);
	void (*quiesce)(struct nn_handle *h);
	const struct attribute_group *group;
	int (*refuse_cancel)(struct nn_handle *h);
};

/*
 * A client's callback, whatever its type. Each kind of handle stores its
 * client's callback as this (the type matches any in casts) and casts it
 * back to the one type it was registered with before calling it.
 */
typedef void (*nn_client_fn)(void);

/*
 * The size of @type, which embeds a handle as its first @member: freeing
 * the handle frees it.
 */
#define NN_HANDLE_SIZE(type, member) \
	(sizeof(type) + BUILD_BUG_ON_ZERO(offsetof(type, member)))

/**
 * struct nn_handle - one registration
 * @kobj: its reference count owns the handle; it is also the handle's sysfs
 *	directory, unless the module was loaded with handle_dirs=0.
 * @type: its kind.
 * @id: the u32 the client holds.
 * @sub: its subscription; @sub.family is the family it watches.
 * @fn: the client's callback (see @type->call).
 * @ctx: the client's context, passed through untouched.
 * @owner: the registering module, NULL when built in.
 * @owner_name: its name, for sysfs.
 * @netns_ino: inode number of the namespace, for sysfs.
 * @lock: protects the delivery state below.
 * @state: NN_LIVE until cancelled.
 * @head: events waiting for the callback, oldest first (singly linked).
 * @tail: where the next event is linked: &@head when empty.
 * @queued: length of the queue.
 * @limit: bound on @queued, from the queue_limit parameter at registration.
 * @peak: the most @queued has been.
 * @initial_pending: a NETNOTIFY_INITIAL callback is owed.
 * @resync_pending: events were dropped; a NETNOTIFY_RESYNC is owed.
 * @poked: a call without a row is owed (nn_queue_poke()).
 * @in_callback: a callback of this handle is running.
 * @teardown: cancelled from its own callback; the work item unpublishes it.
 * @delivered: callbacks made.
 * @dropped: events dropped on overflow.
 * @resyncs: NETNOTIFY_RESYNC callbacks made.
 * @work: runs the callbacks, one at a time, in process context.
 * @idle: woken whenever a callback returns.
 * @initial_done: completed once the initial callback returned, or never will.
 * @async: NN_ASYNC_CLAIMED once netnotify_cancel_async() took the handle.
 * @cancel_work: runs that asynchronous cancel.
 * @done: the client's completion of it, called with @done_ctx; may be NULL.
 * @done_ctx: its argument.
 * @async_node: entry in the list of asynchronous cancels not yet done.
 * @rcu: lookups run under RCU, so the handle is freed after a grace period.
 */
struct nn_handle {
	struct kobject kobj;
	const struct nn_handle_type *type;
	u32 id;
	struct nn_sub sub;
	nn_client_fn fn;
	void *ctx;
	struct module *owner;
	char owner_name[MODULE_NAME_LEN];
	unsigned int netns_ino;

	spinlock_t lock;		/* protects the fields below */
	enum nn_state state;
	struct nn_item *head;
	struct nn_item **tail;
	u32 queued;
	u32 limit;
	u32 peak;
	bool initial_pending;
	bool resync_pending;
	bool poked;
	bool in_callback;
	bool teardown;
	u64 delivered;
	u64 dropped;
	u64 resyncs;

	struct work_struct work;
	wait_queue_head_t idle;
	struct completion initial_done;

	unsigned long async;
	struct work_struct cancel_work;
	void (*done)(void *done_ctx);
	void *done_ctx;
	struct list_head async_node;

	struct rcu_head rcu;
};

/* @async bits. */
#define NN_ASYNC_CLAIMED	0

void *nn_handle_new(const struct nn_handle_type *type);
int nn_register(struct nn_handle *h, struct net *net, u16 family, void *ctx,
		bool initial, struct module *owner, u32 *handle);
int nn_register_fn(const struct nn_handle_type *type, nn_client_fn fn,
		   struct net *net, u16 family, void *ctx, bool initial,
		   struct module *owner, u32 *handle);
void nn_handle_teardown(struct nn_handle *h);
int nn_handle_cancel(struct nn_handle *h);
int nn_cancel_id(u32 id, const struct nn_handle_type *type);
struct nn_handle *nn_handle_find(u32 id, const struct nn_handle_type *type);
int __nn_check_context(const char *func, unsigned long caller,
		       unsigned long *warned);
struct task_struct *nn_sync_call_begin(void);
void nn_sync_call_end(struct task_struct *prev);

/*
 * Refuse calls from contexts that must not sleep, and from functions that
 * netnotify calls synchronously (nn_sync_call_begin()), warning once per API
 * function with the offending caller; then assert, for debug kernels, that
 * the caller may sleep (it catches spinlocks on kernels without a preempt
 * count). Expands inside the API function, so _RET_IP_ is the client's call
 * site.
 */
#define nn_check_context()						\
({									\
	static unsigned long __nn_warned;				\
	int __nn_err = __nn_check_context(__func__, _RET_IP_,		\
					  &__nn_warned);		\
	if (!__nn_err)							\
		might_sleep();						\
	__nn_err;							\
})

/*
 * The body of a registration function: *@handle is 0 unless it succeeds, a
 * caller that cannot sleep is refused (nn_check_context(), which names the
 * API function and its caller), and the handle is created, published and
 * subscribed (nn_register_fn()).
 */
#define nn_register_api(type, fn, net, family, ctx, initial, owner, handle) \
({									\
	u32 *__nn_handle = (handle);					\
	int __nn_err;							\
									\
	if (__nn_handle)						\
		*__nn_handle = 0;					\
	__nn_err = nn_check_context();					\
	__nn_err ?: nn_register_fn(type, (nn_client_fn)(fn), net, family, \
				   ctx, initial, owner, __nn_handle);	\
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
