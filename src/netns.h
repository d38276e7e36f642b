/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-network-namespace state: the event capture for one namespace, its
 * caches and its subscribers.
 */
#ifndef _NN_NETNS_H
#define _NN_NETNS_H

#include "addr.h"
#include "handle.h"
#include "iface.h"
#include "route.h"
#include "rtnl.h"

#include <linux/mutex.h>
#include <linux/netlink.h>
#include <linux/workqueue.h>

struct net;
struct sk_buff;

/**
 * struct nn_net - netnotify's state in one network namespace
 * @net: the namespace; not referenced, the pernet hooks bound its life.
 * @listener: kernel rtnetlink socket on the groups the sources need.
 * @work: drains @listener: parse, update caches, fan out to subscribers.
 * @retry: kicks @work again after reading the namespace's state failed.
 * @retry_ms: the delay of the next retry; doubles on each failure in a row.
 * @buf: receive buffer for @work.
 * @flags: NN_NET_* bits, set from socket callbacks in any context.
 * @lock: protects @subs, @dying and the source caches.
 * @subs: subscribed handles, per kind.
 * @dying: the namespace is being dismantled; no new subscribers.
 * @iface: interface cache.
 * @addrs: address cache.
 * @routes: route and nexthop caches, while route handles exist.
 */
struct nn_net {
	struct net *net;
	struct nn_rtnl_listener listener;
	struct work_struct work;
	struct timer_list retry;
	unsigned int retry_ms;
	void *buf;
	unsigned long flags;
	struct mutex lock;		/* protects subs, dying, caches */
	struct list_head subs[NN_KIND_MAX];
	bool dying;
	struct nn_iface iface;
	struct nn_addrs addrs;
	struct nn_routes routes;
};

/* @flags bits */
#define NN_NET_RESYNC	0	/* the socket lost messages */
#define NN_NET_RUNNING	1	/* set up and not being dismantled */

int nn_net_subscribe(struct net *net, struct nn_handle *h);
void nn_net_unsubscribe(struct nn_handle *h);
bool nn_net_attached(struct nn_handle *h);
struct net *nn_net_get_net(struct nn_handle *h);
void nn_net_inject(struct net *net, struct sk_buff *skb);
void nn_net_lost(struct net *net);
void nn_net_retry(struct nn_net *nn);
void nn_net_read_ok(struct nn_net *nn);
void nn_net_fanout(struct nn_net *nn, enum nn_kind kind, u16 family,
		   enum netnotify_type type, const void *row, size_t len);
int nn_net_init(void);
void nn_net_exit(void);

#endif /* _NN_NETNS_H */
