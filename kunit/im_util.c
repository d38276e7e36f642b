// SPDX-License-Identifier: GPL-2.0
/*
 * The intermediate driver suites' test driver: it counts its initialize and
 * halt calls, checks their context, and can block, fail or call netnotify
 * from inside.
 */

#include "im_util.h"

#include <linux/delay.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/net_namespace.h>

static void nnti_check_context(struct nnti_drv *d)
{
	if (current == READ_ONCE(d->caller) || !in_task() || preempt_count() ||
	    irqs_disabled())
		d->bad_context = true;
#ifdef CONFIG_PROVE_LOCKING
	if (lockdep_rtnl_is_held())
		d->bad_context = true;
#endif
	might_sleep();
}

static void nnti_async_done(void *ctx)
{
	struct nnti_drv *d = ctx;

	d->halts_at_done = atomic_read(&d->halts);
	complete(&d->async_done);
}

int nnti_initialize(void *ctx, const char *instance, void *dc)
{
	struct nnti_drv *d = ctx;
	struct nnti_inst *in = dc;

	nnti_check_context(d);
	if (d->inside) {
		d->inside_wait = netnotify_im_wait_device_instance(d->handle,
								   instance);
		d->inside_deinit =
			netnotify_im_deinitialize_device_instance(d->handle,
								  instance);
		d->inside_cancel =
			netnotify_im_cancel_initialize_device_instance(d->handle,
								       instance);
		d->inside_release = netnotify_cancel(d->handle);
	}
	if (d->async_inside)
		d->inside_release = netnotify_cancel_async(d->handle,
							   nnti_async_done, d);
	if (d->block) {
		complete(&d->entered);
		wait_for_completion(&d->release);
	}
	if (in)
		atomic_inc(&in->inits);
	atomic_inc(&d->inits);
	wake_up(&d->wq);
	return d->result;
}

static void nnti_halt(void *ctx, const char *instance, void *dc)
{
	struct nnti_drv *d = ctx;
	struct nnti_inst *in = dc;

	nnti_check_context(d);
	if (in && in->net) {
		rcu_read_lock();
		in->lower_at_halt = !!dev_get_by_name_rcu(in->net, in->lower);
		rcu_read_unlock();
	}
	if (in)
		atomic_inc(&in->halts);
	atomic_inc(&d->halts);
	wake_up(&d->wq);
}

const struct netnotify_im_driver nnti_fns = {
	.name = "nnti",
	.initialize = nnti_initialize,
	.halt = nnti_halt,
};

struct nnti_drv *nnti_drv_new(struct kunit *test)
{
	struct nnti_drv *d = kunit_kzalloc(test, sizeof(*d), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, d);
	init_completion(&d->entered);
	init_completion(&d->release);
	init_completion(&d->async_done);
	init_waitqueue_head(&d->wq);
	return d;
}

/* A registered test driver in @net, cancelled by the suite's exit. */
struct nnti_drv *nnti_register(struct kunit *test, struct net *net)
{
	struct nnti_drv *d = nnti_drv_new(test);

	KUNIT_ASSERT_EQ(test, netnotify_im_register_driver(net, &nnti_fns, d,
							   &d->handle), 0);
	nnt_track(test, d->handle);
	return d;
}

int nnti_init(struct nnti_drv *d, const char *name, const char *lower,
	      struct nnti_inst *in)
{
	int err;

	WRITE_ONCE(d->caller, current);
	err = netnotify_im_initialize_device_instance(d->handle, name, lower,
						      in);
	WRITE_ONCE(d->caller, NULL);
	return err;
}

bool nnti_wait_count(atomic_t *v, int n)
{
	int i;

	for (i = 0; i < NNT_TIMEOUT_MS / 20 && atomic_read(v) < n; i++)
		msleep(20);
	return atomic_read(v) >= n;
}

void nnti_dev_cb(u32 handle, void *ctx, enum netnotify_device_action action,
		 const struct netnotify_device_event *ev, u32 size)
{
}

/*
 * Let netnotify read every link message sent so far in @net (a device
 * registration applies what its listener holds first), and the works
 * those messages queued run. What has not started by then was not started
 * by them.
 */
void nnti_settle(struct kunit *test, struct net *net)
{
	struct netnotify_device_filter f = {
		.size = sizeof(f),
		.type = NETNOTIFY_DEVICE_FILTER_ALL,
	};
	u32 h;

	KUNIT_ASSERT_EQ(test, netnotify_register_device_notification(net, &f,
								     NULL, nnti_dev_cb, &h), 0);
	KUNIT_EXPECT_EQ(test, netnotify_cancel(h), 0);
	msleep(200);
}

/* The line of @instance in the driver's sysfs "instances" file, or "". */
void nnti_sysfs_line(struct nnti_drv *d, const char *instance, char *line,
		     size_t len)
{
	char path[96], *buf, *p, *l;

	line[0] = 0;
	buf = kzalloc(PAGE_SIZE, GFP_KERNEL);
	if (!buf)
		return;
	snprintf(path, sizeof(path), NNT_SYSFS "/handles/%u/instances",
		 d->handle);
	if (nnt_read_file(path, buf, PAGE_SIZE) >= 0) {
		p = buf;
		while ((l = strsep(&p, "\n"))) {
			if (!strncmp(l, instance, strlen(instance)) &&
			    l[strlen(instance)] == ' ') {
				strscpy(line, l, len);
				break;
			}
		}
	}
	kfree(buf);
}
