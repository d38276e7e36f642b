/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The intermediate driver suites' test driver and helpers.
 */
#ifndef _NNT_IM_UTIL_H
#define _NNT_IM_UTIL_H

#include "util.h"

#include <linux/completion.h>
#include <linux/wait.h>

/**
 * struct nnti_inst - one instance's counts, its device context
 * @inits: initialize calls.
 * @halts: halt calls.
 * @net: optional, the namespace of @lower.
 * @lower: the lower device, to look for at halt.
 * @lower_at_halt: @lower was in @net when halt ran.
 */
struct nnti_inst {
	atomic_t inits;
	atomic_t halts;
	struct net *net;
	const char *lower;
	bool lower_at_halt;
};

/**
 * struct nnti_drv - a test driver, its context
 * @handle: the driver handle.
 * @inits: initialize calls, all instances.
 * @halts: halt calls, all instances.
 * @result: what initialize returns.
 * @block: initialize waits for @release first, after completing @entered.
 * @entered: an initialize is blocked in @block.
 * @release: lets blocked initializes return.
 * @caller: the task inside netnotify_im_initialize_device_instance().
 * @bad_context: initialize or halt ran in the caller of the API, in
 *	atomic context, or with RTNL held.
 * @inside: initialize calls wait, deinitialize and the driver's release on
 *	its own instance and records what they return.
 * @inside_wait: what wait returned from inside.
 * @inside_deinit: what deinitialize returned from inside.
 * @inside_cancel: what cancel returned from inside.
 * @inside_release: what netnotify_cancel() of the driver returned from
 *	inside.
 * @async_inside: initialize cancels its driver asynchronously.
 * @async_done: the asynchronous cancel's done ran.
 * @halts_at_done: @halts when it ran.
 * @wq: woken on every call.
 */
struct nnti_drv {
	u32 handle;
	atomic_t inits;
	atomic_t halts;
	int result;
	bool block;
	struct completion entered;
	struct completion release;
	struct task_struct *caller;
	bool bad_context;
	bool inside;
	int inside_wait;
	int inside_deinit;
	int inside_cancel;
	int inside_release;
	bool async_inside;
	struct completion async_done;
	int halts_at_done;
	wait_queue_head_t wq;
};

extern const struct netnotify_im_driver nnti_fns;

int nnti_initialize(void *ctx, const char *instance, void *dc);

struct nnti_drv *nnti_drv_new(struct kunit *test);
struct nnti_drv *nnti_register(struct kunit *test, struct net *net);
int nnti_init(struct nnti_drv *d, const char *name, const char *lower,
	      struct nnti_inst *in);
bool nnti_wait_count(atomic_t *v, int n);
void nnti_dev_cb(u32 handle, void *ctx, enum netnotify_device_action action,
		 const struct netnotify_device_event *ev, u32 size);
void nnti_settle(struct kunit *test, struct net *net);
void nnti_sysfs_line(struct nnti_drv *d, const char *instance, char *line,
		     size_t len);

#endif /* _NNT_IM_UTIL_H */
