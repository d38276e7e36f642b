/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Intermediate drivers and their device instances, one concept in two
 * files: im.c (the source, the driver handle) and im_instance.c (the
 * instances, their state machine and functions).
 */
#ifndef _NN_IM_INSTANCE_H
#define _NN_IM_INSTANCE_H

#include "handle.h"

#include <linux/list.h>
#include <linux/spinlock.h>
#include <netnotify/netnotify.h>

struct net;

/* The name of a driver registered without one: its owner's shows. */
#define NN_IM_DRIVER_NAME_LEN	32

/**
 * struct nn_im_driver - an intermediate driver handle
 * @h: the handle; h.ctx is the driver's context.
 * @fns: the driver's functions.
 * @name: its name, for sysfs.
 * @lock: protects @instances, @stopping and each instance's state.
 * @instances: its instances (struct nn_im_instance), listed from accepted
 *	until gone.
 * @stopping: released, or its namespace dismantled: no instance is
 *	accepted any more, and one whose initialize returns is halted.
 * @dying: entry in a list of drivers of a namespace being dismantled.
 */
struct nn_im_driver {
	struct nn_handle h;
	struct netnotify_im_driver fns;
	char name[NN_IM_DRIVER_NAME_LEN];
	spinlock_t lock;		/* protects the instances */
	struct list_head instances;
	bool stopping;
	struct list_head dying;
};

struct nn_im_driver *nn_im_driver_find(u32 id);

void nn_im_start_lower(struct nn_im_driver *drv, const char *name,
		       struct net *net);
void nn_im_release(struct nn_im_driver *drv);
bool nn_im_calling(struct nn_im_driver *drv);
ssize_t nn_im_show_instances(struct nn_im_driver *drv, char *buf);
int nn_im_instances_init(void);
void nn_im_instances_exit(void);

#endif /* _NN_IM_INSTANCE_H */
