/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Delivery: each handle's bounded event queue and the work item that drains
 * it into the client's callback.
 */
#ifndef _NN_QUEUE_H
#define _NN_QUEUE_H

#include <linux/atomic.h>
#include <linux/types.h>
#include <linux/workqueue.h>
#include <netnotify/netnotify.h>

struct nn_handle;

/* Module-wide counters shown in /sys/kernel/netnotify/. */
struct nn_stats {
	atomic64_t captured;
	atomic64_t delivered;
	atomic64_t dropped;
	atomic64_t resyncs;
	atomic64_t overruns;
	atomic64_t forged;	/* datagrams dropped: not sent by the kernel */
	atomic_t live;
};

extern struct nn_stats nn_stats;
extern struct workqueue_struct *nn_wq;
extern unsigned int nn_queue_limit;

void nn_queue_init(struct nn_handle *h);
void nn_queue_event(struct nn_handle *h, enum netnotify_type type,
		    const void *row, size_t len);
void nn_queue_lost(struct nn_handle *h);
void nn_queue_recheck(struct nn_handle *h);
void nn_queue_arm(struct nn_handle *h);
void nn_queue_kick(struct nn_handle *h);
bool nn_queue_stop(struct nn_handle *h, bool self);
void nn_queue_wait(struct nn_handle *h);
void nn_queue_purge(struct nn_handle *h);
bool nn_queue_is_self(struct nn_handle *h);
void nn_lockdep_wait_for_callback(void);

int nn_queue_global_init(void);
void nn_queue_global_exit(void);

#endif /* _NN_QUEUE_H */
