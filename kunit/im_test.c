// SPDX-License-Identifier: GPL-2.0
/*
 * Intermediate drivers (NdisIMInitializeDeviceInstanceEx /
 * NdisIMCancelInitializeDeviceInstance): instances started at once or by
 * real dummy devices arriving, renamed and brought up with iproute2,
 * cancelled, waited for, failed, de-initialized, released with the driver,
 * its module's handles and its namespace; and cancel racing the start on
 * two CPUs.
 */

#include "im_util.h"
#include "suites.h"

#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/random.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/net_namespace.h>

static DEFINE_SPINLOCK(nnti_lock);

#define NNTI_LONG_NAME \
	"0123456789012345678901234567890123456789012345678901234567890123" \
	"012345678901234567890123456789012345678901234567890123456789012"

/* Bad arguments: clear errors, nothing registered or accepted. */
static void nnti_bad_args(struct kunit *test)
{
	struct netnotify_im_driver no_init = { .name = "x" };
	struct netnotify_device_filter f = {
		.size = sizeof(f),
		.type = NETNOTIFY_DEVICE_FILTER_ALL,
	};
	long long live = nnt_read_ll(NNT_SYSFS "/live_handles");
	struct nnti_drv *d = nnti_drv_new(test), *d2;
	unsigned long flags;
	u32 h = 0xdead, dev_h, stale;

	KUNIT_EXPECT_EQ(test, netnotify_im_register_driver(NULL, &nnti_fns, d,
							   &h), -EINVAL);
	KUNIT_EXPECT_EQ(test, h, 0);
	h = 0xdead;
	KUNIT_EXPECT_EQ(test, netnotify_im_register_driver(&init_net, NULL, d,
							   &h), -EINVAL);
	KUNIT_EXPECT_EQ(test, h, 0);
	KUNIT_EXPECT_EQ(test, netnotify_im_register_driver(&init_net, &no_init,
							   d, &h), -EINVAL);
	KUNIT_EXPECT_EQ(test, netnotify_im_register_driver(&init_net, &nnti_fns,
							   d, NULL), -EINVAL);
	h = 0xdead;
	spin_lock_irqsave(&nnti_lock, flags);
	KUNIT_EXPECT_EQ(test, netnotify_im_register_driver(&init_net, &nnti_fns,
							   d, &h), -EDEADLK);
	spin_unlock_irqrestore(&nnti_lock, flags);
	KUNIT_EXPECT_EQ(test, h, 0);
	KUNIT_EXPECT_EQ(test, nnt_read_ll(NNT_SYSFS "/live_handles"), live);

	/* halt may be NULL; a driver without a name takes its owner's. */
	no_init.initialize = nnti_initialize;
	no_init.name = NULL;
	KUNIT_ASSERT_EQ(test, netnotify_im_register_driver(&init_net, &no_init,
							   d, &stale), 0);
	KUNIT_EXPECT_EQ(test, netnotify_cancel(stale), 0);

	d = nnti_register(test, &init_net);
	KUNIT_ASSERT_EQ(test,
			netnotify_register_device_notification(&init_net, &f, NULL,
							       nnti_dev_cb, &dev_h),
			0);
	nnt_track(test, dev_h);

	/* Handles: 0, garbage, stale, another kind. */
	KUNIT_EXPECT_EQ(test, nnti_init(d, "a", NULL, NULL), 0);
	KUNIT_EXPECT_EQ(test, netnotify_im_initialize_device_instance(0, "b",
								      NULL, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, netnotify_im_initialize_device_instance(0xfffffff0,
								      "b", NULL, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, netnotify_im_initialize_device_instance(stale,
								      "b", NULL, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, netnotify_im_initialize_device_instance(dev_h,
								      "b", NULL, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, netnotify_im_cancel_initialize_device_instance(dev_h,
									     "a"), -EINVAL);
	KUNIT_EXPECT_EQ(test, netnotify_im_wait_device_instance(stale, "a"),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, netnotify_im_deinitialize_device_instance(0, "a"),
			-EINVAL);
	/* The device handle is still what it was. */
	KUNIT_EXPECT_EQ(test, netnotify_unregister_device_notification(dev_h), 0);

	/* Names: NULL, empty, too long; lower names empty or too long. */
	KUNIT_EXPECT_EQ(test, nnti_init(d, NULL, NULL, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, nnti_init(d, "", NULL, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, nnti_init(d, NNTI_LONG_NAME "x", NULL, NULL),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, nnti_init(d, "a b", NULL, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, nnti_init(d, "a\nb pending x", NULL, NULL),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, nnti_init(d, "a\x7f", NULL, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, nnti_init(d, "b", "", NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, nnti_init(d, "b", "nnt-0123456789ab", NULL),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, netnotify_im_cancel_initialize_device_instance(d->handle,
									     NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, netnotify_im_wait_device_instance(d->handle, ""),
			-EINVAL);
	KUNIT_EXPECT_EQ(test,
			netnotify_im_deinitialize_device_instance(d->handle,
								  NNTI_LONG_NAME "x"),
			-EINVAL);
	/* The longest ones are accepted. */
	KUNIT_EXPECT_EQ(test, nnti_init(d, NNTI_LONG_NAME, "nnt-0123456789a",
					NULL), 0);
	KUNIT_EXPECT_EQ(test, netnotify_im_cancel_initialize_device_instance(d->handle,
									     NNTI_LONG_NAME), 0);

	/* Names are per driver; a second of one driver is not accepted. */
	KUNIT_EXPECT_EQ(test, nnti_init(d, "p", "nnt-im-none", NULL), 0);
	KUNIT_EXPECT_EQ(test, nnti_init(d, "p", "nnt-im-none", NULL), -EEXIST);
	KUNIT_EXPECT_EQ(test, nnti_init(d, "p", NULL, NULL), -EEXIST);
	d2 = nnti_register(test, &init_net);
	KUNIT_EXPECT_EQ(test, nnti_init(d2, "p", "nnt-im-none", NULL), 0);
	/* "a" started at once: initializing or initialized, still taken. */
	KUNIT_EXPECT_EQ(test, nnti_init(d, "a", NULL, NULL), -EEXIST);
	KUNIT_EXPECT_TRUE(test, nnti_wait_count(&d->inits, 1));
	KUNIT_EXPECT_EQ(test, nnti_init(d, "a", NULL, NULL), -EEXIST);

	/* Unknown instances. */
	KUNIT_EXPECT_EQ(test, netnotify_im_cancel_initialize_device_instance(d->handle,
									     "zz"), -ENOENT);
	KUNIT_EXPECT_EQ(test, netnotify_im_wait_device_instance(d->handle, "zz"),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, netnotify_im_deinitialize_device_instance(d->handle,
									"zz"), -ENOENT);

	/* Contexts that cannot sleep: refused, nothing done. */
	spin_lock_irqsave(&nnti_lock, flags);
	KUNIT_EXPECT_EQ(test, nnti_init(d, "q", NULL, NULL), -EDEADLK);
	KUNIT_EXPECT_EQ(test, netnotify_im_cancel_initialize_device_instance(d->handle,
									     "p"), -EDEADLK);
	KUNIT_EXPECT_EQ(test, netnotify_im_wait_device_instance(d->handle, "a"),
			-EDEADLK);
	KUNIT_EXPECT_EQ(test, netnotify_im_deinitialize_device_instance(d->handle,
									"a"), -EDEADLK);
	spin_unlock_irqrestore(&nnti_lock, flags);
	KUNIT_EXPECT_EQ(test, netnotify_im_cancel_initialize_device_instance(d->handle,
									     "q"), -ENOENT);
	KUNIT_EXPECT_EQ(test, netnotify_im_cancel_initialize_device_instance(d->handle,
									     "p"), 0);
	KUNIT_EXPECT_EQ(test, netnotify_cancel(d->handle), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&d->inits), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&d->halts), 1);
	KUNIT_EXPECT_FALSE(test, d->bad_context);
	/* A cancelled driver handle: gone for every function. */
	KUNIT_EXPECT_EQ(test, nnti_init(d, "r", NULL, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, netnotify_cancel(d->handle), -ENOENT);
}

/*
 * Without a lower device initialize starts at once, in a worker, in
 * process context without RTNL, never inside the call; wait returns its
 * result.
 */
static void nnti_start_now(struct kunit *test)
{
	struct nnti_drv *d = nnti_register(test, &init_net);
	struct nnti_inst *in = kunit_kzalloc(test, sizeof(*in), GFP_KERNEL);
	char line[192];

	KUNIT_ASSERT_NOT_NULL(test, in);
	d->block = true;
	KUNIT_ASSERT_EQ(test, nnti_init(d, "now", NULL, in), 0);
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&d->entered,
							    msecs_to_jiffies(NNT_TIMEOUT_MS)));
	nnti_sysfs_line(d, "now", line, sizeof(line));
	KUNIT_EXPECT_STREQ(test, line, "now initializing -");
	/* Begun: cancel fails. */
	KUNIT_EXPECT_EQ(test, netnotify_im_cancel_initialize_device_instance(d->handle,
									     "now"), -EBUSY);
	complete_all(&d->release);
	KUNIT_EXPECT_EQ(test, netnotify_im_wait_device_instance(d->handle, "now"),
			0);
	KUNIT_EXPECT_EQ(test, atomic_read(&in->inits), 1);
	nnti_sysfs_line(d, "now", line, sizeof(line));
	KUNIT_EXPECT_STREQ(test, line, "now initialized -");
	/* Finished: cancel still fails; wait answers at once. */
	KUNIT_EXPECT_EQ(test, netnotify_im_cancel_initialize_device_instance(d->handle,
									     "now"), -EBUSY);
	KUNIT_EXPECT_EQ(test, netnotify_im_wait_device_instance(d->handle, "now"),
			0);
	KUNIT_EXPECT_EQ(test, netnotify_im_deinitialize_device_instance(d->handle,
									"now"), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&in->halts), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&in->inits), 1);
	KUNIT_EXPECT_FALSE(test, d->bad_context);
	/* Gone, and its name free again. */
	KUNIT_EXPECT_EQ(test, netnotify_im_deinitialize_device_instance(d->handle,
									"now"), -ENOENT);
	KUNIT_EXPECT_EQ(test, netnotify_im_wait_device_instance(d->handle, "now"),
			-ENOENT);
	d->block = false;
	KUNIT_EXPECT_EQ(test, nnti_init(d, "now", NULL, in), 0);
	KUNIT_EXPECT_EQ(test, netnotify_im_wait_device_instance(d->handle, "now"),
			0);
	KUNIT_EXPECT_EQ(test, atomic_read(&in->inits), 2);
}

/*
 * A named lower device starts the instance once it exists and is up: not
 * while missing or down; on up, on a rename to the name while up, and at
 * once when it is up already. Deleting it before leaves the instance
 * pending.
 */
static void nnti_start_on_lower(struct kunit *test)
{
	struct nnti_drv *d = nnti_register(test, &init_net);
	struct nnti_inst *a = kunit_kzalloc(test, sizeof(*a), GFP_KERNEL);
	struct nnti_inst *b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);
	struct nnti_inst *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	char line[192];

	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_ASSERT_EQ(test, nnti_init(d, "a", "nnt-im0", a), 0);
	KUNIT_ASSERT_EQ(test, nnti_init(d, "b", "nnt-im1", b), 0);
	nnti_sysfs_line(d, "a", line, sizeof(line));
	KUNIT_EXPECT_STREQ(test, line, "a pending nnt-im0");

	/* Arrives down, goes, comes back down: nothing starts. */
	nnt_run(test, "ip link add nnt-im0 type dummy");
	nnt_run(test, "ip link add nnt-imx type dummy && ip link set nnt-imx up");
	nnti_settle(test, &init_net);
	KUNIT_EXPECT_EQ(test, atomic_read(&d->inits), 0);
	nnt_run(test, "ip link del nnt-im0 && ip link add nnt-im0 type dummy");
	nnti_settle(test, &init_net);
	KUNIT_EXPECT_EQ(test, atomic_read(&d->inits), 0);
	nnti_sysfs_line(d, "a", line, sizeof(line));
	KUNIT_EXPECT_STREQ(test, line, "a pending nnt-im0");

	/* Up: "a" starts, once. */
	nnt_run(test, "ip link set nnt-im0 up");
	/* Bounded first: a start that never comes must fail, not hang. */
	KUNIT_ASSERT_TRUE(test, nnti_wait_count(&a->inits, 1));
	KUNIT_EXPECT_EQ(test, netnotify_im_wait_device_instance(d->handle, "a"), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&a->inits), 1);
	nnt_run(test, "ip link set nnt-im0 down && ip link set nnt-im0 up");
	/*
	 * Renamed to "nnt-im1" while up: "b" starts. Linux 6.1 refuses to
	 * rename a device that is up; there the rename comes first and the
	 * device is brought up after it.
	 */
	nnt_run(test, "%s || { %s && %s && %s; }",
		"ip link set nnt-imx name nnt-im1 2>/dev/null",
		"ip link set nnt-imx down", "ip link set nnt-imx name nnt-im1",
		"ip link set nnt-im1 up");
	KUNIT_ASSERT_TRUE(test, nnti_wait_count(&b->inits, 1));
	KUNIT_EXPECT_EQ(test, netnotify_im_wait_device_instance(d->handle, "b"), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&b->inits), 1);
	/* Up already: starts at once. */
	KUNIT_ASSERT_EQ(test, nnti_init(d, "c", "nnt-im0", c), 0);
	KUNIT_ASSERT_TRUE(test, nnti_wait_count(&c->inits, 1));
	KUNIT_EXPECT_EQ(test, netnotify_im_wait_device_instance(d->handle, "c"), 0);
	nnti_settle(test, &init_net);
	KUNIT_EXPECT_EQ(test, atomic_read(&a->inits), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&b->inits), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&c->inits), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&d->inits), 3);

	/* The lower goes before the start: the instance stays pending. */
	KUNIT_ASSERT_EQ(test, nnti_init(d, "d", "nnt-im2", NULL), 0);
	nnt_run(test, "ip link add nnt-im2 type dummy && ip link del nnt-im2");
	nnti_settle(test, &init_net);
	nnti_sysfs_line(d, "d", line, sizeof(line));
	KUNIT_EXPECT_STREQ(test, line, "d pending nnt-im2");
	KUNIT_EXPECT_EQ(test, netnotify_im_cancel_initialize_device_instance(d->handle,
									     "d"), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&d->inits), 3);
	KUNIT_EXPECT_FALSE(test, d->bad_context);
}

/*
 * Cancel before the start: 0, initialize never runs, the name is free;
 * again -ENOENT. A waiter of a pending instance learns -ECANCELED.
 */
static int nnti_waiter(void *arg)
{
	struct nnti_drv *d = arg;

	return netnotify_im_wait_device_instance(d->handle, "w");
}

/* A thread waiting for instance "w", once it sleeps in the wait. */
static struct task_struct *nnti_waiter_start(struct kunit *test,
					     struct nnti_drv *d)
{
	struct task_struct *t = kthread_run(nnti_waiter, d, "nnti-waiter");
	int i;

	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	get_task_struct(t);
	for (i = 0; i < 250 && READ_ONCE(t->__state) != TASK_KILLABLE; i++)
		msleep(20);
	return t;
}

/* What the waiter's wait returned. */
static int nnti_waiter_end(struct task_struct *t)
{
	int ret = kthread_stop(t);

	put_task_struct(t);
	return ret;
}

static void nnti_cancel(struct kunit *test)
{
	struct nnti_drv *d = nnti_register(test, &init_net);
	struct task_struct *t;

	KUNIT_ASSERT_EQ(test, nnti_init(d, "w", "nnt-im0", NULL), 0);
	t = nnti_waiter_start(test, d);
	KUNIT_EXPECT_EQ(test, netnotify_im_cancel_initialize_device_instance(d->handle,
									     "w"), 0);
	KUNIT_EXPECT_EQ(test, nnti_waiter_end(t), -ECANCELED);
	KUNIT_EXPECT_EQ(test, netnotify_im_cancel_initialize_device_instance(d->handle,
									     "w"), -ENOENT);
	/* Its lower device coming up starts nothing. */
	nnt_run(test, "ip link add nnt-im0 type dummy && ip link set nnt-im0 up");
	nnti_settle(test, &init_net);
	KUNIT_EXPECT_EQ(test, atomic_read(&d->inits), 0);
	/* The name is free: initiated again over a lower that is up. */
	KUNIT_EXPECT_EQ(test, nnti_init(d, "w", "nnt-im0", NULL), 0);
	KUNIT_ASSERT_TRUE(test, nnti_wait_count(&d->inits, 1));
	KUNIT_EXPECT_EQ(test, netnotify_im_wait_device_instance(d->handle, "w"), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&d->inits), 1);
}

/* Let blocked initializes return after a while. */
static int nnti_releaser(void *arg)
{
	struct nnti_drv *d = arg;

	msleep(200);
	complete_all(&d->release);
	return 0;
}

/*
 * A failed initialize leaves no instance: waiters that were waiting get
 * its error, the name is free, nothing is halted.
 */
static void nnti_failure(struct kunit *test)
{
	struct nnti_drv *d = nnti_register(test, &init_net);
	struct task_struct *t;

	d->result = -EIO;
	d->block = true;
	KUNIT_ASSERT_EQ(test, nnti_init(d, "w", NULL, NULL), 0);
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&d->entered,
							    msecs_to_jiffies(NNT_TIMEOUT_MS)));
	t = nnti_waiter_start(test, d);
	complete_all(&d->release);
	KUNIT_EXPECT_EQ(test, nnti_waiter_end(t), -EIO);
	KUNIT_EXPECT_EQ(test, netnotify_im_wait_device_instance(d->handle, "w"),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, netnotify_im_cancel_initialize_device_instance(d->handle,
									     "w"), -ENOENT);
	KUNIT_EXPECT_EQ(test, netnotify_im_deinitialize_device_instance(d->handle,
									"w"), -ENOENT);
	/* A deinitialize waiting on a failing initialize: 0, no halt. */
	reinit_completion(&d->entered);
	reinit_completion(&d->release);
	KUNIT_EXPECT_EQ(test, nnti_init(d, "w", NULL, NULL), 0);
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&d->entered,
							    msecs_to_jiffies(NNT_TIMEOUT_MS)));
	t = kthread_run(nnti_releaser, d, "nnti-releaser");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	KUNIT_EXPECT_EQ(test, netnotify_im_deinitialize_device_instance(d->handle,
									"w"), 0);
	KUNIT_EXPECT_TRUE(test, completion_done(&d->release));
	KUNIT_EXPECT_EQ(test, atomic_read(&d->inits), 2);
	/*
	 * A return that is no errno is made one. The initialize blocks until
	 * the waiter waits: one that finished first would leave it -ENOENT.
	 */
	d->result = 1;
	reinit_completion(&d->entered);
	reinit_completion(&d->release);
	KUNIT_EXPECT_EQ(test, nnti_init(d, "w", NULL, NULL), 0);
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&d->entered,
							    msecs_to_jiffies(NNT_TIMEOUT_MS)));
	t = nnti_waiter_start(test, d);
	complete_all(&d->release);
	KUNIT_EXPECT_EQ(test, nnti_waiter_end(t), -EINVAL);
	KUNIT_EXPECT_TRUE(test, nnti_wait_count(&d->inits, 3));
	KUNIT_EXPECT_EQ(test, atomic_read(&d->halts), 0);
	d->block = false;
}

/*
 * De-initialize: a pending instance is cancelled, an initializing one is
 * waited for and halted, an initialized one halted; a second one finds
 * nothing.
 */
static void nnti_deinit(struct kunit *test)
{
	struct nnti_drv *d = nnti_register(test, &init_net);
	struct nnti_inst *in = kunit_kzalloc(test, sizeof(*in), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, in);
	KUNIT_ASSERT_EQ(test, nnti_init(d, "p", "nnt-im0", in), 0);
	KUNIT_EXPECT_EQ(test, netnotify_im_deinitialize_device_instance(d->handle,
									"p"), 0);
	nnt_run(test, "ip link add nnt-im0 type dummy && ip link set nnt-im0 up");
	nnti_settle(test, &init_net);
	KUNIT_EXPECT_EQ(test, atomic_read(&in->inits), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&in->halts), 0);

	d->block = true;
	KUNIT_ASSERT_EQ(test, nnti_init(d, "i", NULL, in), 0);
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&d->entered,
							    msecs_to_jiffies(NNT_TIMEOUT_MS)));
	/* Released while the deinitialize below waits for it. */
	KUNIT_EXPECT_EQ(test, netnotify_im_cancel_initialize_device_instance(d->handle,
									     "i"), -EBUSY);
	complete_all(&d->release);
	KUNIT_EXPECT_EQ(test, netnotify_im_deinitialize_device_instance(d->handle,
									"i"), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&in->inits), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&in->halts), 1);
	KUNIT_EXPECT_EQ(test, netnotify_im_deinitialize_device_instance(d->handle,
									"i"), -ENOENT);
	KUNIT_EXPECT_EQ(test, atomic_read(&in->halts), 1);
	KUNIT_EXPECT_FALSE(test, d->bad_context);
}

/*
 * From inside its own initialize, wait, deinitialize and releasing the
 * driver refuse with -EDEADLK, and cancel says -EBUSY; an asynchronous
 * release works there, and its done comes after the halt.
 */
static void nnti_inside(struct kunit *test)
{
	struct nnti_drv *d = nnti_register(test, &init_net);
	struct nnti_inst *in = kunit_kzalloc(test, sizeof(*in), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, in);
	d->inside = true;
	KUNIT_ASSERT_EQ(test, nnti_init(d, "x", NULL, in), 0);
	KUNIT_EXPECT_EQ(test, netnotify_im_wait_device_instance(d->handle, "x"), 0);
	KUNIT_EXPECT_EQ(test, d->inside_wait, -EDEADLK);
	KUNIT_EXPECT_EQ(test, d->inside_deinit, -EDEADLK);
	KUNIT_EXPECT_EQ(test, d->inside_cancel, -EBUSY);
	KUNIT_EXPECT_EQ(test, d->inside_release, -EDEADLK);
	KUNIT_EXPECT_EQ(test, atomic_read(&in->halts), 0);
	KUNIT_EXPECT_EQ(test, netnotify_im_deinitialize_device_instance(d->handle,
									"x"), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&in->halts), 1);

	d->inside = false;
	d->async_inside = true;
	KUNIT_ASSERT_EQ(test, nnti_init(d, "y", NULL, in), 0);
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&d->async_done,
							    msecs_to_jiffies(NNT_TIMEOUT_MS)));
	KUNIT_EXPECT_EQ(test, d->inside_release, 0);
	KUNIT_EXPECT_EQ(test, d->halts_at_done, 2);
	KUNIT_EXPECT_EQ(test, netnotify_cancel(d->handle), -ENOENT);
	KUNIT_EXPECT_FALSE(test, d->bad_context);
}

/*
 * Releasing the driver (netnotify_cancel): pending instances never start,
 * a running initialize is waited for and halted, initialized ones are
 * halted, all before it returns.
 */
static void nnti_release(struct kunit *test)
{
	struct nnti_drv *d = nnti_register(test, &init_net);
	struct nnti_inst *in = kunit_kzalloc(test, 3 * sizeof(*in), GFP_KERNEL);
	struct task_struct *t;
	char path[64];

	KUNIT_ASSERT_NOT_NULL(test, in);
	KUNIT_ASSERT_EQ(test, nnti_init(d, "done", NULL, &in[0]), 0);
	KUNIT_EXPECT_EQ(test, netnotify_im_wait_device_instance(d->handle,
								"done"), 0);
	d->block = true;
	KUNIT_ASSERT_EQ(test, nnti_init(d, "running", NULL, &in[1]), 0);
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&d->entered,
							    msecs_to_jiffies(NNT_TIMEOUT_MS)));
	KUNIT_ASSERT_EQ(test, nnti_init(d, "pending", "nnt-im0", &in[2]), 0);

	t = kthread_run(nnti_releaser, d, "nnti-releaser");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	KUNIT_EXPECT_EQ(test, netnotify_cancel(d->handle), 0);
	/* The initialize it waited for returned; everything is halted. */
	KUNIT_EXPECT_TRUE(test, completion_done(&d->release));
	KUNIT_EXPECT_EQ(test, atomic_read(&in[0].halts), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&in[1].inits), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&in[1].halts), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&in[2].inits), 0);
	snprintf(path, sizeof(path), NNT_SYSFS "/handles/%u", d->handle);
	KUNIT_EXPECT_FALSE(test, nnt_path_exists("%s", path));

	nnt_run(test, "ip link add nnt-im0 type dummy && ip link set nnt-im0 up");
	nnti_settle(test, &init_net);
	KUNIT_EXPECT_EQ(test, atomic_read(&in[2].inits), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&d->halts), 2);
	KUNIT_EXPECT_FALSE(test, d->bad_context);
}

/*
 * Namespace teardown releases the drivers of the namespace while its
 * devices are still there; the handle stays, orphaned, and accepts no
 * instance.
 */
static void nnti_netns(struct kunit *test)
{
	struct nnti_inst *in = kunit_kzalloc(test, 2 * sizeof(*in), GFP_KERNEL);
	struct nnti_drv *d;
	struct net *net;

	KUNIT_ASSERT_NOT_NULL(test, in);
	nnt_run(test, "ip netns add nnt-imns");
	nnt_run(test, "ip -n nnt-imns link add nnt-im0 type dummy");
	net = nnt_netns_get("nnt-imns");
	KUNIT_ASSERT_NOT_NULL(test, net);
	d = nnti_register(test, net);
	in[0].net = net;
	in[0].lower = "nnt-im0";
	KUNIT_ASSERT_EQ(test, nnti_init(d, "up", "nnt-im0", &in[0]), 0);
	KUNIT_ASSERT_EQ(test, nnti_init(d, "never", "nnt-im1", &in[1]), 0);
	/* Another namespace's device of that name starts nothing. */
	nnt_run(test, "ip link add nnt-im1 type dummy && ip link set nnt-im1 up");
	nnt_run(test, "ip -n nnt-imns link set nnt-im0 up");
	KUNIT_ASSERT_TRUE(test, nnti_wait_count(&in[0].inits, 1));
	KUNIT_EXPECT_EQ(test, netnotify_im_wait_device_instance(d->handle, "up"),
			0);
	nnti_settle(test, net);
	KUNIT_EXPECT_EQ(test, atomic_read(&in[1].inits), 0);

	/*
	 * The halt runs inside the teardown, while the namespace and its
	 * devices still exist: the pointer kept for the halt stays valid.
	 */
	put_net(net);
	nnt_run(test, "ip netns del nnt-imns");
	nnt_expect_orphaned(test, d->handle);
	KUNIT_EXPECT_TRUE(test, nnti_wait_count(&in[0].halts, 1));
	KUNIT_EXPECT_TRUE(test, in[0].lower_at_halt);
	KUNIT_EXPECT_EQ(test, atomic_read(&in[1].inits), 0);
	KUNIT_EXPECT_EQ(test, nnti_init(d, "late", NULL, NULL), -ENODEV);
	KUNIT_EXPECT_EQ(test, netnotify_im_wait_device_instance(d->handle, "up"),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, netnotify_cancel(d->handle), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&in[0].halts), 1);
	KUNIT_EXPECT_FALSE(test, d->bad_context);
}

/* sysfs: the kind, the driver's name, each instance with its state. */
static void nnti_sysfs(struct kunit *test)
{
	struct nnti_drv *d = nnti_register(test, &init_net);
	char path[96], buf[64], line[192];

	snprintf(path, sizeof(path), NNT_SYSFS "/handles/%u/kind", d->handle);
	KUNIT_ASSERT_GT(test, nnt_read_file(path, buf, sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, strim(buf), "im_driver");
	snprintf(path, sizeof(path), NNT_SYSFS "/handles/%u/driver", d->handle);
	KUNIT_ASSERT_GT(test, nnt_read_file(path, buf, sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, strim(buf), "nnti");
	KUNIT_ASSERT_EQ(test, nnti_init(d, "s0", "nnt-im0", NULL), 0);
	KUNIT_ASSERT_EQ(test, nnti_init(d, "s1", NULL, NULL), 0);
	KUNIT_EXPECT_EQ(test, netnotify_im_wait_device_instance(d->handle, "s1"),
			0);
	nnti_sysfs_line(d, "s0", line, sizeof(line));
	KUNIT_EXPECT_STREQ(test, line, "s0 pending nnt-im0");
	nnti_sysfs_line(d, "s1", line, sizeof(line));
	KUNIT_EXPECT_STREQ(test, line, "s1 initialized -");
}

/* The race: how many rounds of each kind. */
#define NNTI_RACE_ROUNDS	4000
#define NNTI_RACE_LOWER_ROUNDS	500

/**
 * struct nnti_race - the tally of cancels racing starts
 * @won: cancel returned 0.
 * @lost: cancel returned -EBUSY.
 * @wrong: rounds where initialize ran although cancel won, or did not
 *	although cancel lost, or where an operation failed.
 */
struct nnti_race {
	unsigned int won;
	unsigned int lost;
	unsigned int wrong;
};

/*
 * One round: initiate, let the start come (@delay), cancel; after -EBUSY
 * de-initialize, which waits for initialize. Initialize must have run
 * exactly when cancel said -EBUSY.
 */
static void nnti_race_round(struct nnti_drv *d, struct nnti_inst *in,
			    const char *lower, void (*delay)(void),
			    struct nnti_race *r)
{
	int err;

	atomic_set(&in->inits, 0);
	if (nnti_init(d, "r", lower, in)) {
		r->wrong++;
		return;
	}
	delay();
	err = netnotify_im_cancel_initialize_device_instance(d->handle, "r");
	if (err == -EBUSY) {
		r->lost++;
		if (netnotify_im_deinitialize_device_instance(d->handle, "r"))
			r->wrong++;
	} else if (err) {
		r->wrong++;
	} else {
		r->won++;
	}
	if (atomic_read(&in->inits) != (err == -EBUSY))
		r->wrong++;
}

static void nnti_race_expect(struct kunit *test, struct nnti_drv *d,
			     struct nnti_race *r, const char *what)
{
	/* A cancelled instance's work finds it gone, however late. */
	msleep(100);
	KUNIT_EXPECT_EQ(test, r->wrong, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&d->inits), r->lost);
	KUNIT_EXPECT_EQ(test, atomic_read(&d->halts), r->lost);
	KUNIT_EXPECT_FALSE(test, d->bad_context);
	kunit_info(test, "%u rounds %s on %u CPUs: cancel won %u, initialize won %u\n",
		   r->won + r->lost, what, num_online_cpus(), r->won, r->lost);
}

static void nnti_short_delay(void)
{
	udelay(get_random_u32() % 64);
}

/*
 * Cancel against the start on two CPUs, thousands of times: the start is
 * queued at once (no lower device) and runs on a worker, and the cancel
 * follows after a random few microseconds.
 */
static void nnti_race(struct kunit *test)
{
	struct nnti_drv *d = nnti_register(test, &init_net);
	struct nnti_inst *in = kunit_kzalloc(test, sizeof(*in), GFP_KERNEL);
	struct nnti_race r = {};
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, in);
	for (i = 0; i < NNTI_RACE_ROUNDS && r.wrong < 5; i++) {
		nnti_race_round(d, in, NULL, nnti_short_delay, &r);
		cond_resched();
	}
	nnti_race_expect(test, d, &r, "with no lower device");
	/* With a second CPU to start on, each side wins some rounds. */
	if (num_online_cpus() > 1) {
		KUNIT_EXPECT_GT(test, r.won, 0);
		KUNIT_EXPECT_GT(test, r.lost, 0);
	}
}

/* Bring a lower device up and down until told to stop. */
static int nnti_flapper(void *arg)
{
	while (!kthread_should_stop())
		nnt_sh("ip link set nnt-imr up && ip link set nnt-imr down");
	return 0;
}

static void nnti_long_delay(void)
{
	usleep_range(10, 10 + get_random_u32() % 2000);
}

/* The same race when the start is a real device coming up meanwhile. */
static void nnti_race_lower(struct kunit *test)
{
	struct nnti_drv *d = nnti_register(test, &init_net);
	struct nnti_inst *in = kunit_kzalloc(test, sizeof(*in), GFP_KERNEL);
	struct nnti_race r = {};
	struct task_struct *t;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, in);
	nnt_run(test, "ip link add nnt-imr type dummy");
	t = kthread_run(nnti_flapper, NULL, "nnti-flapper");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	get_task_struct(t);
	for (i = 0; i < NNTI_RACE_LOWER_ROUNDS && r.wrong < 5; i++)
		nnti_race_round(d, in, "nnt-imr", nnti_long_delay, &r);
	kthread_stop(t);
	put_task_struct(t);
	nnti_race_expect(test, d, &r, "against a flapping device");
}

static struct kunit_case nnti_cases[] = {
	KUNIT_CASE(nnti_bad_args),
	KUNIT_CASE(nnti_start_now),
	KUNIT_CASE(nnti_start_on_lower),
	KUNIT_CASE(nnti_cancel),
	KUNIT_CASE(nnti_failure),
	KUNIT_CASE(nnti_deinit),
	KUNIT_CASE(nnti_inside),
	KUNIT_CASE(nnti_release),
	KUNIT_CASE(nnti_netns),
	KUNIT_CASE(nnti_sysfs),
	KUNIT_CASE(nnti_race),
	KUNIT_CASE(nnti_race_lower),
	{}
};

struct kunit_suite nnt_im_suite = {
	.name = "netnotify_im",
	.init = nnt_init,
	.exit = nnt_exit,
	.test_cases = nnti_cases,
};

