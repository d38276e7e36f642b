/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The core: per-namespace capture, the table of notification sources and
 * their subscribers.
 *
 * Which file may use which. A file uses only its own layer's helpers and
 * the layers above it in this list; no source uses another source.
 *
 *  1. compat.h (forced into every file), rtnl.[ch] (rtnetlink sockets,
 *     dumps, attribute parsing), vec.[ch] (growable arrays), sysfs.[ch]
 *     (the module's directory and counters).
 *  2. The core, which names no source: source.c (a source in a namespace:
 *     subscribers, fan-out, notices, on-demand sources), then netns.c
 *     (namespaces: set-up, teardown, the namespace work, subscriptions, the
 *     module's workqueue); netns.h declares both.
 *  3. handle.[ch] and queue.[ch], one concept in two files: handles
 *     (lifecycle, ids, sysfs directories) and their delivery (bounded
 *     queue, callbacks). A handle subscribes through the core.
 *  4. The sources, each a struct nn_source_ops and a kind of handle:
 *     iface.c (interfaces), addr.c (addresses), route.c with route_cache.c,
 *     route_msg.c and nexthop.c (routes), device.c (devices), connect.c
 *     (connection notifyees), connevent.c (connection event objects), im.c
 *     with im_instance.c (intermediate drivers and their instances). A
 *     source's header says what the layers below may use; its state is
 *     private to its files. Cross-source effects travel as notices
 *     (struct nn_notice) through the core.
 *  5. Users of sources: stable.c (the stable table, a subscriber of the
 *     interface and address sources) and table.c (the Get functions).
 *  6. main.c: the source table, module init and exit.
 *
 * Adding a source is one file (and its header, if others use it) and one
 * entry in main.c's source table.
 */
#ifndef _NN_NETNS_H
#define _NN_NETNS_H

#include "rtnl.h"

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/timer.h>
#include <linux/types.h>
#include <linux/workqueue.h>
#include <netnotify/netnotify.h>

struct net;
struct nlmsghdr;
struct sk_buff;
struct nn_net;
struct nn_src;
struct nn_sub;
struct kobject;

/* Every work of the module runs here: capture and callbacks. */
extern struct workqueue_struct *nn_wq;

/**
 * enum nn_notice_type - a fact one source learns that others must act on
 * @NN_NOTICE_LINK_DOWN: a link went administratively down; what it held
 *	may have changed without a message.
 * @NN_NOTICE_LINK_GONE: a link was unregistered or left the namespace.
 * @NN_NOTICE_ADDR_GONE: an address was deleted.
 * @NN_NOTICE_NET_GONE: the namespace is being dismantled; report the rows
 *	that are left and that no message will remove (the devices' own
 *	messages came first).
 */
enum nn_notice_type {
	NN_NOTICE_LINK_DOWN,
	NN_NOTICE_LINK_GONE,
	NN_NOTICE_ADDR_GONE,
	NN_NOTICE_NET_GONE,
};

/**
 * struct nn_notice - an internal notice
 * @type: what happened.
 * @ifindex: the link, for the link notices.
 * @family: the address's family, for NN_NOTICE_ADDR_GONE.
 * @addr: the address, for NN_NOTICE_ADDR_GONE.
 */
struct nn_notice {
	enum nn_notice_type type;
	int ifindex;
	u16 family;
	const union netnotify_inet_addr *addr;
};

/**
 * struct nn_source_ops - a notification source
 * @name: for messages.
 * @groups: the rtnetlink groups its messages come from.
 * @ngroups: their number.
 * @on_demand: the core joins @groups, and the source keeps state, only
 *	while the source has subscribers; otherwise from namespace setup on.
 * @priv_size: the size of its per-namespace state, allocated zeroed by the
 *	core (nn_src_priv()).
 * @init: optional, module-wide set-up, once namespaces are set up.
 * @exit: optional, undoes @init.
 * @net_init: optional, set up a namespace; a source that is not
 *	@on_demand reads the kernel's state here. The namespace lock is not
 *	held. Files it adds to the namespace's sysfs directory
 *	(nn_src_kobj()) it removes in @net_exit.
 * @pre_exit: optional, the namespace is about to be dismantled and its
 *	devices are still there (the pernet pre_exit, under the kernel's
 *	pernet_ops_rwsem): undo what clients built on them. The lock is not
 *	held; subscribers are still linked.
 * @net_exit: optional, free the namespace's state; nothing runs any
 *	more. Also called after the source's own @net_init failed (not if it
 *	was never called).
 * @sync: optional, rebuild the state from the kernel silently, after
 *	events were lost or, for an @on_demand source, for its first
 *	subscriber. The lock is not held: the dumps take RTNL.
 * @msg: optional, apply one rtnetlink message and report what changed,
 *	ignoring messages that are not the source's; the lock is held. An
 *	@on_demand source skips its messages while its @sync is set (the
 *	build reads them).
 * @notice: optional, act on a notice; the lock is held.
 * @attach: optional, not for an @on_demand source: a subscriber was added
 *	(the lock is held). The source may hand it, through its @deliver
 *	hook, what it holds now (an enumeration), ahead of every later event.
 * @detach: optional: a subscriber was removed, by its unsubscribing or
 *	by the namespace going away (the lock is held).
 * @work: optional, read again what messages could not say; the lock is not
 *	held. Return: 1 when it read the kernel's state, 0 when it had nothing
 *	to do, or a negative errno when reading failed (the core then treats
 *	the source as having lost events and tries again later).
 * @active: optional, for an @on_demand source: the first subscriber came
 *	(@on; the lock is held, and the core then has the state built by
 *	@sync), or the last one left and the core left @groups (!@on: drop
 *	the state; from the namespace work, the lock not held). A new first
 *	subscriber may come before the !@on call; the work then builds the
 *	state again after it.
 *
 * The core calls sources in the order of the table given to nn_net_init():
 * each message, notice and work pass goes to every source in turn.
 */
struct nn_source_ops {
	const char *name;
	const unsigned int *groups;
	unsigned int ngroups;
	bool on_demand;
	size_t priv_size;
	int (*init)(void);
	void (*exit)(void);
	int (*net_init)(struct nn_src *s);
	void (*pre_exit)(struct nn_src *s);
	void (*net_exit)(struct nn_src *s);
	int (*sync)(struct nn_src *s);
	void (*msg)(struct nn_src *s, const struct nlmsghdr *nlh);
	void (*notice)(struct nn_src *s, const struct nn_notice *n);
	void (*attach)(struct nn_src *s, struct nn_sub *sub);
	void (*detach)(struct nn_src *s, struct nn_sub *sub);
	int (*work)(struct nn_src *s);
	void (*active)(struct nn_src *s, bool on);
};

/**
 * struct nn_src - one source in one namespace
 * @nn: the namespace.
 * @ops: the source.
 * @subs: its subscribers (struct nn_sub).
 * @joined: @on_demand: the listener is in the source's groups.
 * @sync: @on_demand: the state must be (re)built before the next message
 *	is applied; set until it is in place.
 * @lost: @sync is because events were lost: tell the subscribers.
 * @gen: @on_demand: counts what makes a build in progress stale (a first
 *	subscriber, a loss).
 * @priv: the source's state, @ops->priv_size bytes, aligned for any field
 *	but a u64 on 32-bit (which netnotify does not build for).
 *
 * Everything but @priv is the core's, under the namespace lock; so is
 * @priv, unless the source says otherwise.
 */
struct nn_src {
	struct nn_net *nn;
	const struct nn_source_ops *ops;
	struct list_head subs;
	bool joined;
	bool sync;
	bool lost;
	unsigned int gen;
	unsigned long priv[];
};

/**
 * struct nn_sub - a subscriber of one source in one namespace
 * @node: entry in the source's subscriber list (namespace lock).
 * @source: the source whose events it takes.
 * @family: AF_UNSPEC for every family, else the only one it takes.
 * @deliver: called for each event with a row valid during the call, and
 *	with NETNOTIFY_RESYNC and no row when events were lost. The namespace
 *	lock is held: it may copy and queue, not call out. The row's layout is
 *	the source's.
 * @wake: optional: wakes whatever consumes what @deliver queued. A
 *	subscriber that has it may leave the wake-up to the end of the
 *	namespace work's batch (nn_net_wake_later()). The namespace lock is
 *	held.
 * @next: another subscription made and ended with this one, or NULL.
 * @src: the source in its namespace while subscribed, else NULL
 *	(nn_net_subscribe()).
 * @woken: entry in the namespace's list of subscribers owed @wake
 *	(namespace lock).
 */
struct nn_sub {
	struct list_head node;
	const struct nn_source_ops *source;
	u16 family;
	void (*deliver)(struct nn_sub *sub, enum netnotify_type type,
			const void *row, size_t len);
	void (*wake)(struct nn_sub *sub);
	struct nn_sub *next;
	struct nn_src *src;
	struct list_head woken;
};

/* Room for this many sources (pernet state has a fixed size). */
#define NN_SOURCES_MAX	8

/**
 * struct nn_net - netnotify's state in one network namespace
 * @net: the namespace; not referenced, the pernet hooks bound its life.
 * @listener: kernel rtnetlink socket on the groups the sources need.
 * @work: drains @listener: parse, update caches, fan out to subscribers.
 * @retry: kicks @work again after reading the namespace's state failed.
 * @retry_ms: the delay of the next retry; doubles on each failure in a row.
 * @buf: receive buffer for @work.
 * @flags: NN_NET_* bits, set from socket callbacks in any context.
 * @lock: protects the sources (subscribers and state).
 * @nsrc: the number of sources.
 * @src: the sources, in table order.
 * @woken: subscribers the work's current batch gave events, to be woken
 *	at its end (struct nn_sub, under @lock).
 * @kobj: /sys/kernel/netnotify/netns/<inode>/, where the sources put their
 *	per-namespace files (in @net_init, removed in @net_exit).
 */
struct nn_net {
	struct net *net;
	struct nn_rtnl_listener listener;
	struct work_struct work;
	struct timer_list retry;
	unsigned int retry_ms;
	void *buf;
	unsigned long flags;
	struct mutex lock;		/* protects the sources */
	unsigned int nsrc;
	struct nn_src *src[NN_SOURCES_MAX];
	struct list_head woken;
	struct kobject *kobj;
};

/*
 * @flags bits. NN_NET_RUNNING is cleared under nn_sub_mutex, so that no
 * subscriber joins a namespace being dismantled.
 */
#define NN_NET_RESYNC	0	/* the socket lost messages */
#define NN_NET_RUNNING	1	/* set up and not being dismantled */
#define NN_NET_POLLING	2	/* the work reads on: wake it not */

static inline void *nn_src_priv(struct nn_src *s)
{
	return s->priv;
}

static inline struct net *nn_src_net(struct nn_src *s)
{
	return s->nn->net;
}

static inline struct kobject *nn_src_kobj(struct nn_src *s)
{
	return s->nn->kobj;
}

/* For the sources. */
void nn_src_fanout(struct nn_src *s, u16 family, enum netnotify_type type,
		   const void *row, size_t len);
void nn_src_lost(struct nn_src *s);
int nn_src_sync_links(struct nn_src *s, struct xarray **table,
		      nn_rtnl_msg_fn fn);
void nn_net_notice(struct nn_net *nn, const struct nn_notice *n);
void nn_net_inject(struct net *net, struct sk_buff *skb);
void nn_net_lost(struct net *net);
struct nn_src *nn_net_src(struct net *net, const struct nn_source_ops *ops);

/* For netns.c, from source.c. */
void nn_src_tell_lost(struct nn_src *s);
int nn_src_join(struct nn_src *s, bool join);
int nn_src_sync(struct nn_src *s, bool *lost);
int nn_src_work(struct nn_src *s, bool reread);
struct nn_src *nn_src_find(struct nn_net *nn, const struct nn_source_ops *ops);
int nn_src_link(struct nn_net *nn, struct nn_sub *sub, bool *wait);
bool nn_src_unlink(struct nn_sub *sub, struct nn_sub *end);
void nn_src_detach_all(struct nn_net *nn);

/* For handles and the other subscribers. */
int nn_net_subscribe(struct net *net, struct nn_sub *sub);
void nn_net_unsubscribe(struct nn_sub *sub);
bool nn_net_attached(struct nn_sub *sub);
struct net *nn_net_get_net(struct nn_sub *sub);
bool nn_net_wake_later(struct nn_sub *sub);

/* For main.c. */
int nn_net_init(const struct nn_source_ops *const *sources, unsigned int n);
void nn_net_exit(void);

#endif /* _NN_NETNS_H */
