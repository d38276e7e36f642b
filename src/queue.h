/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Delivery: each handle's bounded event queue and the work item that drains
 * it into the client's callback.
 */
#ifndef _NN_QUEUE_H
#define _NN_QUEUE_H

#include <linux/types.h>
#include <netnotify/netnotify.h>

struct nn_handle;
struct nn_sub;

void nn_queue_init(struct nn_handle *h);
void nn_queue_deliver(struct nn_sub *sub, enum netnotify_type type,
		      const void *row, size_t len);
void nn_queue_wake(struct nn_sub *sub);
void nn_queue_poke(struct nn_handle *h);
void nn_queue_kick(struct nn_handle *h);
bool nn_queue_stop(struct nn_handle *h, bool self);
bool nn_queue_stopped(struct nn_handle *h);
void nn_queue_wait(struct nn_handle *h);
void nn_queue_purge(struct nn_handle *h);
bool nn_queue_is_self(struct nn_handle *h);
void nn_lockdep_wait_for_callback(void);
void nn_lockdep_callback_enter(void);
void nn_lockdep_callback_exit(void);

#endif /* _NN_QUEUE_H */
