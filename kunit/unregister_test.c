// SPDX-License-Identifier: GPL-2.0
/*
 * Unregistering: netnotify_unregister_device_notification() waits for a
 * running callback and works from the handle's own; netnotify_cancel_async()
 * works from any context, on every kind of handle, and calls done once,
 * after the last callback, even while events keep coming.
 */

#include "device_util.h"
#include "suites.h"

#include <linux/delay.h>
#include <linux/hrtimer.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/timer.h>
#include <net/net_namespace.h>

/* A lock to call netnotify from under. */
static DEFINE_SPINLOCK(nntd_lock);

struct nntd_call {
	struct completion done;
	u32 handle;
	int ret;
};

static int nntd_unregister_thread(void *data)
{
	struct nntd_call *c = data;

	c->ret = netnotify_unregister_device_notification(c->handle);
	complete(&c->done);
	return 0;
}

/*
 * Unregister waits for the running callback; once it returned, no callback
 * runs however many events follow.
 */
static void nnt_device_unregister_waits(struct kunit *test)
{
	struct nntd_call *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	struct nnt_rec *rec = nnt_rec_new(test);
	struct nnt_hold *hold = nnt_hold_first(test, rec);
	unsigned int n;

	KUNIT_ASSERT_NOT_NULL(test, c);
	init_completion(&c->done);
	nnt_run(test, "ip link add nnt-w0 type dummy");
	c->handle = nntd_register_all(test, &init_net, NETNOTIFY_DEVICE_ENUMERATE,
				      rec);
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&hold->started, 5 * HZ));
	kthread_run(nntd_unregister_thread, c, "nnt-unreg");
	KUNIT_EXPECT_FALSE(test, wait_for_completion_timeout(&c->done, HZ / 2));
	complete(&hold->release);
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&c->done, 5 * HZ));
	KUNIT_EXPECT_EQ(test, c->ret, 0);
	n = nnt_rec_count(rec);
	KUNIT_EXPECT_EQ(test, n, 1);
	nnt_run(test, "ip link set nnt-w0 up && ip link del nnt-w0");
	msleep(300);
	KUNIT_EXPECT_EQ(test, nnt_rec_count(rec), n);
}

static void nntd_unregister_self_hook(struct nnt_rec *rec,
				      const struct nnt_event *e)
{
	int *ret = rec->priv;

	if (nnt_rec_count(rec) == 0)
		*ret = netnotify_unregister_device_notification(e->handle);
}

/* From its own callback, unregister returns 0 at once; nothing follows. */
static void nnt_device_unregister_self(struct kunit *test)
{
	struct nnt_rec *rec = nnt_rec_new(test);
	int *ret = kunit_kzalloc(test, sizeof(*ret), GFP_KERNEL);
	u32 h;

	KUNIT_ASSERT_NOT_NULL(test, ret);
	*ret = 1;
	rec->priv = ret;
	rec->hook = nntd_unregister_self_hook;
	h = nntd_register_all(test, &init_net, 0, rec);
	nnt_run(test, "for i in 1 2 3 4 5; do ip link add nnt-s$i type dummy; done");
	KUNIT_EXPECT_TRUE(test, nnt_rec_wait_count(rec, 1, NNT_TIMEOUT_MS));
	msleep(300);
	KUNIT_EXPECT_EQ(test, *ret, 0);
	KUNIT_EXPECT_EQ(test, nnt_rec_count(rec), 1);
	KUNIT_EXPECT_EQ(test, netnotify_cancel(h), -ENOENT);
}

/* Flip a device up and down until stopped: a stream of device events. */
struct nntd_flipper {
	struct task_struct *task;
	char name[IFNAMSIZ];
	atomic_t flips;
};

static int nntd_flip_thread(void *data)
{
	struct nntd_flipper *fl = data;
	bool up = true;

	while (!kthread_should_stop()) {
		if (!nnt_set_up(&init_net, fl->name, up))
			atomic_inc(&fl->flips);
		up = !up;
		usleep_range(500, 1000);
	}
	return 0;
}

static struct nntd_flipper *nntd_flip_start(struct kunit *test,
					    const char *name)
{
	struct nntd_flipper *fl = kunit_kzalloc(test, sizeof(*fl), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, fl);
	strscpy(fl->name, name, sizeof(fl->name));
	fl->task = kthread_run(nntd_flip_thread, fl, "nnt-flip");
	KUNIT_ASSERT_FALSE(test, IS_ERR(fl->task));
	return fl;
}

/*
 * The seed's example, with netnotify: the callback unregisters its own
 * handle on its first event, asynchronously, while events keep coming; the
 * context is freed in done (KASAN reports any callback that touches it
 * afterwards), and the witness, which outlives it, sees no callback after
 * done.
 */
struct nntd_witness {
	atomic_t done_calls;
	atomic_t in_cb;
	atomic_t calls;
	bool after_done;
	bool done_bad;
	int cancel_ret;
	struct completion done;
};

static struct nntd_witness *nntd_witness;

struct nntd_client {
	unsigned int n;
	struct nntd_witness *w;
};

static void nntd_async_done(void *ctx)
{
	struct nntd_client *c = ctx;
	struct nntd_witness *w = c->w;

	if (!in_task() || atomic_read(&w->in_cb))
		WRITE_ONCE(w->done_bad, true);
	kfree(c);
	atomic_inc(&w->done_calls);
	complete(&w->done);
}

static void nntd_async_cb(u32 handle, void *ctx,
			  enum netnotify_device_action action,
			  const struct netnotify_device_event *ev, u32 size)
{
	struct nntd_client *c = ctx;
	struct nntd_witness *w = nntd_witness;

	atomic_inc(&w->in_cb);
	if (atomic_read(&w->done_calls))
		WRITE_ONCE(w->after_done, true);
	atomic_inc(&w->calls);
	if (c->n++ == 0)
		w->cancel_ret = netnotify_cancel_async(handle, nntd_async_done, c);
	usleep_range(1000, 2000);
	atomic_dec(&w->in_cb);
}

static void nnt_device_async_self(struct kunit *test)
{
	struct nntd_witness *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	struct netnotify_device_filter f =
		nntd_filter(NETNOTIFY_DEVICE_FILTER_KIND, "dummy", 0);
	struct nntd_flipper *fl;
	struct nntd_client *c;
	u32 h;

	KUNIT_ASSERT_NOT_NULL(test, w);
	init_completion(&w->done);
	nntd_witness = w;
	c = kzalloc(sizeof(*c), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c);
	c->w = w;
	nnt_run(test, "ip link add nnt-as type dummy");
	fl = nntd_flip_start(test, "nnt-as");
	/* done frees c, maybe before this thread runs again: keep h here. */
	KUNIT_ASSERT_EQ(test, netnotify_register_device_notification(&init_net, &f, c,
								     nntd_async_cb, &h), 0);
	nnt_track(test, h);
	KUNIT_EXPECT_TRUE(test, wait_for_completion_timeout(&w->done, 10 * HZ));
	/* Events go on; the handle is gone. */
	msleep(300);
	kthread_stop(fl->task);
	KUNIT_EXPECT_GT(test, atomic_read(&fl->flips), 10);
	KUNIT_EXPECT_EQ(test, w->cancel_ret, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&w->done_calls), 1);
	KUNIT_EXPECT_FALSE(test, w->after_done);
	KUNIT_EXPECT_FALSE(test, w->done_bad);
	KUNIT_EXPECT_GE(test, atomic_read(&w->calls), 1);
	kunit_info(test, "%d callbacks before done", atomic_read(&w->calls));
}

/* Where an asynchronous cancel is called from. */
enum nntd_ctx { NNTD_TIMER, NNTD_HARDIRQ, NNTD_SPINLOCK, NNTD_CTX_MAX };

struct nntd_async {
	u32 handle;
	int ret[2];
	bool right_context;
	atomic_t done_calls;
	bool done_in_task;
	struct completion fired;
	struct completion done;
	struct timer_list timer;
	struct hrtimer hrtimer;
};

static void nntd_ctx_done(void *ctx)
{
	struct nntd_async *a = ctx;

	a->done_in_task = in_task();
	atomic_inc(&a->done_calls);
	complete(&a->done);
}

/* Twice: the second is refused, and only one done follows. */
static void nntd_cancel_twice(struct nntd_async *a)
{
	a->ret[0] = netnotify_cancel_async(a->handle, nntd_ctx_done, a);
	a->ret[1] = netnotify_cancel_async(a->handle, nntd_ctx_done, a);
	complete(&a->fired);
}

static void nntd_timer_fn(struct timer_list *t)
{
	struct nntd_async *a = from_timer(a, t, timer);

	a->right_context = in_serving_softirq();
	nntd_cancel_twice(a);
}

static enum hrtimer_restart nntd_hrtimer_fn(struct hrtimer *t)
{
	struct nntd_async *a = container_of(t, struct nntd_async, hrtimer);

	a->right_context = in_hardirq();
	nntd_cancel_twice(a);
	return HRTIMER_NORESTART;
}

static void nntd_cancel_from(struct nntd_async *a, enum nntd_ctx where)
{
	unsigned long flags;

	switch (where) {
	case NNTD_TIMER:
		timer_setup(&a->timer, nntd_timer_fn, 0);
		mod_timer(&a->timer, jiffies + 1);
		wait_for_completion(&a->fired);
		del_timer_sync(&a->timer);
		break;
	case NNTD_HARDIRQ:
		hrtimer_init(&a->hrtimer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_HARD);
		a->hrtimer.function = nntd_hrtimer_fn;
		hrtimer_start(&a->hrtimer, ms_to_ktime(1), HRTIMER_MODE_REL_HARD);
		wait_for_completion(&a->fired);
		hrtimer_cancel(&a->hrtimer);
		break;
	default:
		spin_lock_irqsave(&nntd_lock, flags);
		a->right_context = irqs_disabled();
		nntd_cancel_twice(a);
		spin_unlock_irqrestore(&nntd_lock, flags);
		break;
	}
}

/*
 * netnotify_cancel_async() from a timer, a hard interrupt and under a
 * spinlock with interrupts off, on interface, address, route and device
 * handles: 0 then -EALREADY (or -ENOENT once it is over), one done in
 * process context, and then the handle is gone.
 */
static void nnt_device_async_contexts(struct kunit *test)
{
	struct netnotify_device_filter f =
		nntd_filter(NETNOTIFY_DEVICE_FILTER_ALL, NULL, 0);
	struct nntd_async *a;
	int where, kind;

	for (kind = 0; kind < 4; kind++) {
		for (where = 0; where < NNTD_CTX_MAX; where++) {
			struct nnt_rec *rec = nnt_rec_new(test);

			a = kunit_kzalloc(test, sizeof(*a), GFP_KERNEL);
			KUNIT_ASSERT_NOT_NULL(test, a);
			init_completion(&a->fired);
			init_completion(&a->done);
			if (kind == 0)
				a->handle = nnt_register(test, &init_net, AF_UNSPEC,
							 false, rec);
			else if (kind == 1)
				a->handle = nnt_register_addr(test, &init_net,
							      AF_UNSPEC, false, rec);
			else if (kind == 2)
				a->handle = nnt_register_route(test, &init_net,
							       AF_UNSPEC, false, rec);
			else
				a->handle = nntd_register(test, &init_net, &f, rec);

			nntd_cancel_from(a, where);
			KUNIT_EXPECT_TRUE_MSG(test, a->right_context,
					      "kind %d context %d", kind, where);
			KUNIT_EXPECT_EQ(test, a->ret[0], 0);
			/*
			 * The first cancel is in progress, or (its worker ran
			 * on the other CPU while this one was held up, seen
			 * under TCG) already over: never a second start.
			 */
			KUNIT_EXPECT_TRUE_MSG(test, a->ret[1] == -EALREADY ||
					      a->ret[1] == -ENOENT,
					      "second cancel: %d", a->ret[1]);
			KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&a->done,
									    5 * HZ));
			KUNIT_EXPECT_TRUE(test, a->done_in_task);
			KUNIT_EXPECT_EQ(test, netnotify_cancel(a->handle), -ENOENT);
			KUNIT_EXPECT_EQ(test, netnotify_cancel_async(a->handle, nntd_ctx_done,
								     a), -ENOENT);
			msleep(20);
			KUNIT_EXPECT_EQ(test, atomic_read(&a->done_calls), 1);
		}
	}
}

static int nntd_cancel_thread(void *data)
{
	struct nntd_call *c = data;

	c->ret = netnotify_cancel(c->handle);
	complete(&c->done);
	return 0;
}

/*
 * An asynchronous cancel while a cancel waits for a callback is refused,
 * and one racing netnotify_cancel() still calls done exactly once, after
 * the held callback returned.
 */
static void nnt_device_async_vs_cancel(struct kunit *test)
{
	struct nntd_call *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	struct nntd_async *a = kunit_kzalloc(test, sizeof(*a), GFP_KERNEL);
	struct nnt_rec *rec = nnt_rec_new(test);
	struct nnt_hold *hold = nnt_hold_first(test, rec);
	struct task_struct *t;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_ASSERT_NOT_NULL(test, a);
	init_completion(&c->done);
	init_completion(&a->done);
	c->handle = nntd_register_all(test, &init_net, NETNOTIFY_DEVICE_ENUMERATE,
				      rec);
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&hold->started, 5 * HZ));
	t = kthread_run(nntd_cancel_thread, c, "nnt-cancel");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	/* The cancel stopped the handle and waits for the held callback. */
	for (i = 0; i < 250 && READ_ONCE(t->__state) != TASK_UNINTERRUPTIBLE; i++)
		msleep(20);
	KUNIT_EXPECT_EQ(test, netnotify_cancel_async(c->handle, nntd_ctx_done, a),
			-EALREADY);
	complete(&hold->release);
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&c->done, 5 * HZ));
	KUNIT_EXPECT_EQ(test, c->ret, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&a->done_calls), 0);

	/* The other way round, many times: async first, then a cancel. */
	for (i = 0; i < 50; i++) {
		struct nnt_rec *r = nnt_rec_new(test);
		u32 h = nntd_register_all(test, &init_net,
					  NETNOTIFY_DEVICE_ENUMERATE, r);
		int ret;

		reinit_completion(&a->done);
		atomic_set(&a->done_calls, 0);
		KUNIT_ASSERT_EQ(test, netnotify_cancel_async(h, nntd_ctx_done, a), 0);
		ret = netnotify_cancel(h);
		KUNIT_EXPECT_TRUE(test, ret == 0 || ret == -ENOENT);
		KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&a->done, 5 * HZ));
		msleep(20);
		KUNIT_EXPECT_EQ(test, atomic_read(&a->done_calls), 1);
		KUNIT_EXPECT_EQ(test, atomic_read(&r->in_cb), 0);
	}
}

/* Cancels aimed at the ids registrations are about to be given. */
struct nntd_guess {
	u32 next;
	atomic_t hits;
};

static int nntd_guess_thread(void *data)
{
	struct nntd_guess *g = data;
	u32 id, k;

	while (!kthread_should_stop()) {
		id = READ_ONCE(g->next);
		for (k = 0; k < 3; k++)
			if (!netnotify_cancel_async(id + k, NULL, NULL))
				atomic_inc(&g->hits);
		cond_resched();
	}
	return 0;
}

/*
 * An id is cancellable as soon as it is published, before its registration
 * returns: cancels racing registrations (device handles, interface handles
 * with an initial notification) on two CPUs leave nothing behind. KASAN
 * kernels see a subscription left to a freed handle.
 */
static void nnt_cancel_races_register(struct kunit *test)
{
	struct netnotify_device_filter f =
		nntd_filter(NETNOTIFY_DEVICE_FILTER_ALL, NULL,
			    NETNOTIFY_DEVICE_ENUMERATE);
	struct nntd_guess *g = kunit_kzalloc(test, sizeof(*g), GFP_KERNEL);
	long long live = nnt_read_ll(NNT_SYSFS "/live_handles");
	struct task_struct *t;
	int i, err, ret;
	u32 h = 0;

	KUNIT_ASSERT_NOT_NULL(test, g);
	t = kthread_run(nntd_guess_thread, g, "nnt-guess");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	for (i = 0; i < 300; i++) {
		struct nnt_rec *rec = nnt_rec_new(test);

		WRITE_ONCE(g->next, h + 1);
		if (i & 1)
			err = netnotify_register_device_notification(&init_net, &f, rec,
								     nntd_cb, &h);
		else
			err = netnotify_ip_interface_change(&init_net, AF_UNSPEC,
							    nnt_iface_cb, rec, true, &h);
		KUNIT_EXPECT_EQ(test, err, 0);
		if (err)
			break;
		ret = netnotify_cancel(h);
		KUNIT_EXPECT_TRUE(test, ret == 0 || ret == -ENOENT);
	}
	kthread_stop(t);
	for (i = 0; i < 100 && nnt_read_ll(NNT_SYSFS "/live_handles") != live; i++)
		msleep(20);
	KUNIT_EXPECT_EQ(test, nnt_read_ll(NNT_SYSFS "/live_handles"), live);
	kunit_info(test, "%d cancels hit a registration", atomic_read(&g->hits));
}

static struct kunit_case nnt_unregister_cases[] = {
	KUNIT_CASE(nnt_device_unregister_waits),
	KUNIT_CASE(nnt_device_unregister_self),
	KUNIT_CASE(nnt_device_async_self),
	KUNIT_CASE(nnt_device_async_contexts),
	KUNIT_CASE(nnt_device_async_vs_cancel),
	KUNIT_CASE(nnt_cancel_races_register),
	{}
};

struct kunit_suite nnt_unregister_suite = {
	.name = "netnotify_unregister",
	.init = nnt_init,
	.exit = nnt_exit,
	.test_cases = nnt_unregister_cases,
};
