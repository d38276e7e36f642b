// SPDX-License-Identifier: GPL-2.0
/*
 * The handle engine, driven through interface handles: validation, ids,
 * context rules, the initial notification, serialization, cancellation,
 * overflow and the sysfs view.
 */

#include "suites.h"
#include "util.h"

#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/in6.h>
#include <linux/interrupt.h>
#include <linux/kthread.h>
#include <linux/net.h>
#include <linux/random.h>
#include <linux/rtnetlink.h>
#include <linux/sched.h>
#include <linux/timer.h>
#include <net/net_namespace.h>

static long long nnt_live(void)
{
	return nnt_read_ll(NNT_SYSFS "/live_handles");
}

static int nnt_reg_raw(struct net *net, u16 family,
		       netnotify_ip_interface_cb cb, void *ctx, u32 *h)
{
	return netnotify_ip_interface_change(net, family, cb, ctx, true, h);
}

/* Invalid arguments: -EINVAL, *handle zeroed, nothing registered. */
static void nnt_bad_args(struct kunit *test)
{
	static const u16 bad_families[] = { AF_UNIX, 3, AF_PACKET, 23, 0xffff };
	struct nnt_rec *rec = nnt_rec_new(test);
	long long live = nnt_live();
	u32 h;
	int i;

	for (i = 0; i < ARRAY_SIZE(bad_families); i++) {
		h = 0xdeadbeef;
		KUNIT_EXPECT_EQ(test, nnt_reg_raw(&init_net, bad_families[i],
						  nnt_iface_cb, rec, &h),
				-EINVAL);
		KUNIT_EXPECT_EQ(test, h, 0);
	}

	h = 0xdeadbeef;
	KUNIT_EXPECT_EQ(test, nnt_reg_raw(&init_net, AF_INET, NULL, rec, &h),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, h, 0);

	h = 0xdeadbeef;
	KUNIT_EXPECT_EQ(test, nnt_reg_raw(NULL, AF_INET, nnt_iface_cb, rec, &h),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, h, 0);

	KUNIT_EXPECT_EQ(test, nnt_reg_raw(&init_net, AF_INET, nnt_iface_cb, rec,
					  NULL), -EINVAL);

	KUNIT_EXPECT_EQ(test, nnt_live(), live);
	KUNIT_EXPECT_EQ(test, nnt_rec_count(rec), 0);
}

/* Ids are non-zero, distinct, and a cancelled id is not handed out again. */
static void nnt_handle_ids(struct kunit *test)
{
	struct nnt_rec *rec = nnt_rec_new(test);
	u32 ids[8];
	int i, j;

	for (i = 0; i < ARRAY_SIZE(ids); i++) {
		ids[i] = nnt_register(test, &init_net, AF_INET, false, rec);
		KUNIT_EXPECT_NE(test, ids[i], 0);
		for (j = 0; j < i; j++)
			KUNIT_EXPECT_NE(test, ids[i], ids[j]);
		KUNIT_EXPECT_EQ(test, netnotify_cancel(ids[i]), 0);
	}
	/* Cyclic allocation: each id is above the previous one. */
	for (i = 1; i < ARRAY_SIZE(ids); i++)
		KUNIT_EXPECT_GT(test, ids[i], ids[i - 1]);
}

/* Any u32 that is not a live handle is rejected, never a crash. */
static void nnt_cancel_invalid(struct kunit *test)
{
	struct nnt_rec *rec = nnt_rec_new(test);
	u32 h;
	int i;

	KUNIT_EXPECT_EQ(test, netnotify_cancel(0), -EINVAL);
	KUNIT_EXPECT_EQ(test, netnotify_cancel(U32_MAX), -ENOENT);
	KUNIT_EXPECT_EQ(test, netnotify_cancel(0x80000000), -ENOENT);
	for (i = 0; i < 1000; i++)
		KUNIT_EXPECT_EQ(test, netnotify_cancel(get_random_u32() | BIT(31)),
				-ENOENT);

	h = nnt_register(test, &init_net, AF_UNSPEC, false, rec);
	KUNIT_EXPECT_EQ(test, netnotify_cancel(h), 0);
	KUNIT_EXPECT_EQ(test, netnotify_cancel(h), -ENOENT);
	KUNIT_EXPECT_EQ(test, netnotify_cancel(h + 1000), -ENOENT);

	/*
	 * Where ids really live: every id issued so far and the next ones
	 * the cursor will hand out. With no handle live, each is stale or not
	 * yet issued, and must be refused without touching anything.
	 */
	KUNIT_ASSERT_EQ(test, nnt_read_ll("/sys/kernel/netnotify/live_handles"), 0);
	for (i = 0; i < 1000; i++)
		KUNIT_EXPECT_EQ(test, netnotify_cancel(get_random_u32_below(h + 64) + 1),
				-ENOENT);
	for (i = 1; i <= 64; i++)
		KUNIT_EXPECT_EQ(test, netnotify_cancel(h + i), -ENOENT);
	KUNIT_EXPECT_EQ(test, nnt_register(test, &init_net, AF_UNSPEC, false,
					   rec), h + 1);
	KUNIT_EXPECT_EQ(test, netnotify_cancel(h + 1), 0);
}

static DEFINE_SPINLOCK(nnt_ctx_lock);

struct nnt_ctx_result {
	struct nnt_rec *rec;
	int reg;
	u32 h;
	int cancel;
	struct completion done;
	struct timer_list timer;
};

static void nnt_try_in_context(struct nnt_ctx_result *r)
{
	r->h = 0xdeadbeef;
	r->reg = netnotify_ip_interface_change(&init_net, AF_INET, nnt_iface_cb,
					       r->rec, false, &r->h);
	r->cancel = netnotify_cancel(1);
}

static void nnt_ctx_timer(struct timer_list *t)
{
	struct nnt_ctx_result *r = from_timer(r, t, timer);

	nnt_try_in_context(r);
	complete(&r->done);
}

static void nnt_expect_refused(struct kunit *test, struct nnt_ctx_result *r,
			       const char *what)
{
	KUNIT_EXPECT_EQ_MSG(test, r->reg, -EDEADLK, "register %s", what);
	KUNIT_EXPECT_EQ_MSG(test, r->h, 0, "register %s", what);
	KUNIT_EXPECT_EQ_MSG(test, r->cancel, -EDEADLK, "cancel %s", what);
}

/*
 * Register and cancel refuse every context that cannot sleep, with
 * -EDEADLK, and register nothing there.
 */
static void nnt_wrong_context(struct kunit *test)
{
	struct nnt_ctx_result *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	long long live = nnt_live();
	unsigned long flags;

	KUNIT_ASSERT_NOT_NULL(test, r);
	r->rec = nnt_rec_new(test);

	local_irq_save(flags);
	nnt_try_in_context(r);
	local_irq_restore(flags);
	nnt_expect_refused(test, r, "with interrupts off");

	local_bh_disable();
	nnt_try_in_context(r);
	local_bh_enable();
	nnt_expect_refused(test, r, "with bottom halves off");

	/* A real softirq: a timer callback. */
	init_completion(&r->done);
	timer_setup(&r->timer, nnt_ctx_timer, 0);
	mod_timer(&r->timer, jiffies + 1);
	KUNIT_EXPECT_TRUE(test, wait_for_completion_timeout(&r->done, 5 * HZ));
	timer_delete_sync(&r->timer);
	nnt_expect_refused(test, r, "in a timer");

	if (IS_ENABLED(CONFIG_PREEMPT_COUNT)) {
		preempt_disable();
		nnt_try_in_context(r);
		preempt_enable();
		nnt_expect_refused(test, r, "with preemption off");

		spin_lock(&nnt_ctx_lock);
		nnt_try_in_context(r);
		spin_unlock(&nnt_ctx_lock);
		nnt_expect_refused(test, r, "holding a spinlock");
	}

	if (IS_ENABLED(CONFIG_PREEMPT_COUNT) || IS_ENABLED(CONFIG_PREEMPT_RCU)) {
		rcu_read_lock();
		nnt_try_in_context(r);
		rcu_read_unlock();
		nnt_expect_refused(test, r, "in an RCU read-side section");
	}

	KUNIT_EXPECT_EQ(test, nnt_live(), live);
	KUNIT_EXPECT_EQ(test, nnt_rec_count(r->rec), 0);
}

/*
 * The initial notification: with it, exactly one NULL-row INITIAL has been
 * delivered when register returns, for AF_UNSPEC too; without it, nothing.
 */
static void nnt_initial(struct kunit *test)
{
	static const u16 families[] = { AF_INET, AF_INET6, AF_UNSPEC };
	struct nnt_rec *rec;
	struct nnt_event e;
	int i;

	for (i = 0; i < ARRAY_SIZE(families); i++) {
		rec = nnt_rec_new(test);
		nnt_register(test, &init_net, families[i], true, rec);
		KUNIT_EXPECT_EQ(test, nnt_rec_count(rec), 1);
		e = nnt_rec_get(rec, 0);
		KUNIT_EXPECT_EQ(test, e.type, NETNOTIFY_INITIAL);
		KUNIT_EXPECT_FALSE(test, e.has_row);
		/* The handle was visible to the callback through *handle. */
		KUNIT_EXPECT_EQ(test, e.handle, rec->handle);
		msleep(50);
		KUNIT_EXPECT_EQ(test, nnt_find_count(rec, NETNOTIFY_INITIAL), 1);
		KUNIT_EXPECT_EQ(test, netnotify_cancel(rec->handle), 0);
	}

	rec = nnt_rec_new(test);
	nnt_register(test, &init_net, AF_UNSPEC, false, rec);
	KUNIT_EXPECT_EQ(test, nnt_rec_count(rec), 0);
	msleep(50);
	KUNIT_EXPECT_EQ(test, nnt_find_count(rec, NETNOTIFY_INITIAL), 0);
}

/* Under a storm of events, INITIAL still comes first, exactly once. */
static void nnt_initial_first_under_load(struct kunit *test)
{
	struct nnt_toggler *t;
	struct nnt_rec *rec;
	int i;

	nnt_run(test, "ip link add nnt-init type dummy");
	t = nnt_toggle_start(test, &init_net, "nnt-init");

	for (i = 0; i < 20; i++) {
		rec = nnt_rec_new(test);
		nnt_register(test, &init_net, AF_UNSPEC, true, rec);
		usleep_range(5000, 10000);
		KUNIT_EXPECT_GE(test, nnt_rec_count(rec), 1);
		KUNIT_EXPECT_EQ(test, nnt_rec_get(rec, 0).type, NETNOTIFY_INITIAL);
		KUNIT_EXPECT_EQ(test, netnotify_cancel(rec->handle), 0);
		KUNIT_EXPECT_EQ(test, nnt_find_count(rec, NETNOTIFY_INITIAL), 1);
	}
	nnt_toggle_stop(test, t);
	KUNIT_EXPECT_GT(test, atomic_read(&t->flips), 0);
}

struct nnt_nested {
	int reg, reg_initial, cancel, cancel_initial;
	int slept_ms;
	bool rtnl_ok;
	bool ran;
};

/*
 * In the callback: sleep, take RTNL, register and cancel other handles
 * (one with an initial notification, which waits for another callback).
 */
static void nnt_nested_hook(struct nnt_rec *rec, const struct nnt_event *e)
{
	struct nnt_nested *n = rec->priv;
	struct nnt_rec *inner = n ? (void *)(n + 1) : NULL;
	ktime_t t0;
	u32 h;

	if (e->type != NETNOTIFY_ADD || n->ran)
		return;
	n->ran = true;

	t0 = ktime_get();
	msleep(20);
	n->slept_ms = ktime_ms_delta(ktime_get(), t0);

	rtnl_lock();
	n->rtnl_ok = true;
	rtnl_unlock();

	n->reg = netnotify_ip_interface_change(&init_net, AF_INET, nnt_iface_cb,
					       inner, false, &h);
	n->cancel = n->reg ? n->reg : netnotify_cancel(h);
	n->reg_initial = netnotify_ip_interface_change(&init_net, AF_INET,
						       nnt_iface_cb, inner,
						       true, &h);
	n->cancel_initial = n->reg_initial ? n->reg_initial :
			    netnotify_cancel(h);
}

/* Callbacks run in process context, without locks, and may do anything. */
static void nnt_callback_context(struct kunit *test)
{
	struct nnt_rec *rec = nnt_rec_new(test);
	struct nnt_nested *n;
	struct nnt_rec *inner;

	n = kunit_kzalloc(test, sizeof(*n) + sizeof(*inner), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, n);
	inner = (void *)(n + 1);
	spin_lock_init(&inner->lock);
	init_waitqueue_head(&inner->wq);

	rec->priv = n;
	rec->hook = nnt_nested_hook;
	nnt_register(test, &init_net, AF_INET, false, rec);
	nnt_run(test, "ip link add nnt-ctx type dummy");
	KUNIT_ASSERT_GE(test, nnt_rec_wait(rec, 0, &(struct nnt_match){
			NETNOTIFY_ADD, AF_INET, "nnt-ctx" }, NNT_TIMEOUT_MS), 0);

	KUNIT_EXPECT_TRUE(test, n->ran);
	KUNIT_EXPECT_FALSE(test, rec->bad_context);
	KUNIT_EXPECT_GT(test, n->slept_ms, 0);
	KUNIT_EXPECT_TRUE(test, n->rtnl_ok);
	KUNIT_EXPECT_EQ(test, n->reg, 0);
	KUNIT_EXPECT_EQ(test, n->cancel, 0);
	KUNIT_EXPECT_EQ(test, n->reg_initial, 0);
	KUNIT_EXPECT_EQ(test, n->cancel_initial, 0);
	/* The inner handle with initial notification got exactly that. */
	KUNIT_EXPECT_EQ(test, nnt_find_count(inner, NETNOTIFY_INITIAL), 1);
}

static void nnt_slow_hook(struct nnt_rec *rec, const struct nnt_event *e)
{
	usleep_range(1000, 2000);
}

/*
 * Callbacks of one handle never overlap and arrive in the kernel's order,
 * even when each one sleeps; two handles each get the full sequence.
 */
static void nnt_serialized_ordered(struct kunit *test)
{
	struct nnt_rec *a = nnt_rec_new(test), *b = nnt_rec_new(test);
	struct nnt_rec *recs[] = { a, b };
	int i, r, idx;

	nnt_run(test, "ip link add nnt-ord type dummy");
	a->hook = nnt_slow_hook;
	b->hook = nnt_slow_hook;
	nnt_register(test, &init_net, AF_INET, false, a);
	nnt_register(test, &init_net, AF_INET, false, b);
	nnt_mtu_batch(test, "nnt-ord", 1301, 1340);

	for (r = 0; r < ARRAY_SIZE(recs); r++) {
		idx = 0;
		for (i = 1301; i <= 1340; i++) {
			idx = nnt_rec_wait(recs[r], idx, &(struct nnt_match){
				NETNOTIFY_PARAMETER, AF_INET, "nnt-ord" },
				NNT_TIMEOUT_MS);
			KUNIT_ASSERT_GE_MSG(test, idx, 0, "mtu %d", i);
			KUNIT_EXPECT_EQ(test, nnt_rec_get(recs[r], idx).row.mtu, i);
			idx++;
		}
		KUNIT_EXPECT_FALSE(test, recs[r]->overlap);
		KUNIT_EXPECT_FALSE(test, recs[r]->bad_context);
	}
}

struct nnt_block {
	struct completion started;
	struct completion release;
	unsigned int sleep_ms;
	ktime_t finished;
	bool done;
	int self_cancel;
	bool block_once;
};

/* Blocks the first non-initial callback: on a completion, or for sleep_ms. */
static void nnt_block_hook(struct nnt_rec *rec, const struct nnt_event *e)
{
	struct nnt_block *b = rec->priv;

	if (e->type == NETNOTIFY_INITIAL || b->block_once)
		return;
	b->block_once = true;
	complete(&b->started);
	if (b->sleep_ms)
		msleep(b->sleep_ms);
	else
		wait_for_completion(&b->release);
	b->finished = ktime_get();
	WRITE_ONCE(b->done, true);
}

static struct nnt_block *nnt_block_new(struct kunit *test,
				       struct nnt_rec *rec,
				       unsigned int sleep_ms)
{
	struct nnt_block *b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, b);
	init_completion(&b->started);
	init_completion(&b->release);
	b->sleep_ms = sleep_ms;
	rec->priv = b;
	rec->hook = nnt_block_hook;
	return b;
}

/*
 * Cancel waits for the running callback to return: the callback was still
 * running when cancel was called (it sleeps a second, far longer than this
 * thread takes to wake even on a loaded host), and had finished when
 * cancel returned. Orders, not durations: a busy host stretches those.
 */
static void nnt_cancel_waits(struct kunit *test)
{
	struct nnt_rec *rec = nnt_rec_new(test);
	struct nnt_block *b = nnt_block_new(test, rec, 1000);
	ktime_t t0;

	nnt_register(test, &init_net, AF_INET, false, rec);
	nnt_run(test, "ip link add nnt-wait type dummy");
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&b->started,
							    5 * HZ));
	t0 = ktime_get();
	KUNIT_EXPECT_EQ(test, netnotify_cancel(rec->handle), 0);
	KUNIT_EXPECT_TRUE(test, READ_ONCE(b->done));
	KUNIT_EXPECT_GT(test, ktime_compare(b->finished, t0), 0);
	KUNIT_EXPECT_GE(test, ktime_compare(ktime_get(), b->finished), 0);
}

static void nnt_self_cancel_hook(struct nnt_rec *rec, const struct nnt_event *e)
{
	struct nnt_block *b = rec->priv;

	if (e->type != NETNOTIFY_PARAMETER || b->block_once)
		return;
	b->block_once = true;
	b->self_cancel = netnotify_cancel(READ_ONCE(rec->handle));
	/* A second cancel from the same callback finds nothing. */
	b->done = netnotify_cancel(READ_ONCE(rec->handle)) == -ENOENT;
	complete(&b->started);
}

/*
 * Cancel from the handle's own callback returns 0 without deadlock, and
 * nothing is delivered after it.
 */
static void nnt_cancel_self(struct kunit *test)
{
	struct nnt_rec *rec = nnt_rec_new(test);
	struct nnt_block *b = nnt_block_new(test, rec, 0);
	long long live;
	unsigned int n;
	u32 h;

	rec->hook = nnt_self_cancel_hook;
	nnt_run(test, "ip link add nnt-self type dummy");
	/* Its ADD must not reach the handle: have netnotify read it first. */
	nnt_quiesce(test);
	live = nnt_live();
	h = nnt_register(test, &init_net, AF_INET, false, rec);
	KUNIT_EXPECT_EQ(test, nnt_live(), live + 1);
	nnt_mtu_batch(test, "nnt-self", 1400, 1402);
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&b->started,
							    5 * HZ));
	KUNIT_EXPECT_EQ(test, b->self_cancel, 0);
	KUNIT_EXPECT_TRUE(test, b->done);
	msleep(200);
	n = nnt_rec_count(rec);
	KUNIT_EXPECT_EQ(test, n, 1);
	KUNIT_EXPECT_EQ(test, nnt_rec_get(rec, 0).row.mtu, 1400);
	KUNIT_EXPECT_EQ(test, netnotify_cancel(h), -ENOENT);
	KUNIT_EXPECT_EQ(test, nnt_live(), live);
	KUNIT_EXPECT_FALSE(test, nnt_path_exists(NNT_SYSFS "/handles/%u", h));
}

struct nnt_canceller {
	u32 handle;
	int ret;
	ktime_t returned;
	struct completion done;
};

static int nnt_cancel_thread(void *data)
{
	struct nnt_canceller *c = data;

	c->ret = netnotify_cancel(c->handle);
	c->returned = ktime_get();
	complete(&c->done);
	return 0;
}

/*
 * Two threads cancel one handle while its callback runs: one gets 0, the
 * other -ENOENT, and neither returns before the callback did.
 */
static void nnt_cancel_concurrent(struct kunit *test)
{
	struct nnt_rec *rec = nnt_rec_new(test);
	struct nnt_block *b = nnt_block_new(test, rec, 300);
	struct nnt_canceller *c;
	int i;

	c = kunit_kzalloc(test, 2 * sizeof(*c), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c);
	nnt_register(test, &init_net, AF_INET, false, rec);
	nnt_run(test, "ip link add nnt-conc type dummy");
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&b->started,
							    5 * HZ));
	for (i = 0; i < 2; i++) {
		c[i].handle = rec->handle;
		init_completion(&c[i].done);
		KUNIT_ASSERT_FALSE(test, IS_ERR(kthread_run(nnt_cancel_thread,
							    &c[i], "nnt_cancel%d",
							    i)));
	}
	for (i = 0; i < 2; i++)
		KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&c[i].done,
								    10 * HZ));
	KUNIT_EXPECT_EQ(test, c[0].ret + c[1].ret, -ENOENT);
	KUNIT_EXPECT_TRUE(test, !c[0].ret || !c[1].ret);
	KUNIT_EXPECT_TRUE(test, b->done);
	for (i = 0; i < 2; i++)
		KUNIT_EXPECT_GE(test, ktime_compare(c[i].returned, b->finished), 0);
}

/* Cancel in the middle of a burst: not one callback after it returns. */
static void nnt_cancel_burst(struct kunit *test)
{
	struct nnt_toggler *t;
	struct nnt_rec *rec;
	unsigned int n;
	int i;

	nnt_run(test, "ip link add nnt-burst type dummy");
	t = nnt_toggle_start(test, &init_net, "nnt-burst");
	for (i = 0; i < 10; i++) {
		rec = nnt_rec_new(test);
		rec->hook = nnt_slow_hook;
		nnt_register(test, &init_net, AF_UNSPEC, false, rec);
		KUNIT_EXPECT_TRUE(test, nnt_rec_wait_count(rec, 3, NNT_TIMEOUT_MS));
		KUNIT_EXPECT_EQ(test, netnotify_cancel(rec->handle), 0);
		n = nnt_rec_count(rec);
		msleep(30);
		KUNIT_EXPECT_EQ(test, nnt_rec_count(rec), n);
		KUNIT_EXPECT_EQ(test, atomic_read(&rec->in_cb), 0);
	}
	nnt_toggle_stop(test, t);
}

/*
 * A slow callback overflows its queue: the queued events are dropped and
 * counted, exactly one RESYNC follows, then delivery goes on.
 */
static void nnt_overflow(struct kunit *test)
{
	struct nnt_rec *rec = nnt_rec_new(test);
	struct nnt_block *b = nnt_block_new(test, rec, 0);
	long long dropped0 = nnt_read_ll(NNT_SYSFS "/events_dropped");
	long long resyncs0 = nnt_read_ll(NNT_SYSFS "/resyncs");
	unsigned int i, resyncs = 0, n;
	int idx;
	u32 h;

	nnt_run(test, "ip link add nnt-ovf type dummy");
	nnt_run(test, "echo 8 > /sys/module/netnotify/parameters/queue_limit");
	h = nnt_register(test, &init_net, AF_INET, false, rec);
	nnt_run(test, "echo 4096 > /sys/module/netnotify/parameters/queue_limit");

	/* The callback is busy with the first change... */
	nnt_run(test, "ip link set nnt-ovf mtu 1300");
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&b->started,
							    5 * HZ));
	/* ...while 40 more arrive: all queued or, past 8, dropped. */
	nnt_mtu_batch(test, "nnt-ovf", 1301, 1340);
	nnt_wait_captured(test, h, 40);
	KUNIT_EXPECT_GT(test, nnt_read_ll(NNT_SYSFS "/handles/%u/dropped", h), 0);
	KUNIT_EXPECT_LE(test, nnt_read_ll(NNT_SYSFS "/handles/%u/queued", h), 8);
	complete(&b->release);

	/* The last change is delivered after the resync. */
	nnt_run(test, "ip link set nnt-ovf mtu 1500");
	idx = nnt_rec_wait(rec, 1, &(struct nnt_match){ NETNOTIFY_PARAMETER,
			   AF_INET, "nnt-ovf" }, NNT_TIMEOUT_MS);
	while (idx >= 0 && nnt_rec_get(rec, idx).row.mtu != 1500)
		idx = nnt_rec_wait(rec, idx + 1, &(struct nnt_match){
				   NETNOTIFY_PARAMETER, AF_INET, "nnt-ovf" },
				   NNT_TIMEOUT_MS);
	KUNIT_ASSERT_GE(test, idx, 0);

	n = nnt_rec_count(rec);
	for (i = 0; i < n; i++) {
		struct nnt_event e = nnt_rec_get(rec, i);

		if (e.type == NETNOTIFY_RESYNC) {
			resyncs++;
			KUNIT_EXPECT_FALSE(test, e.has_row);
		}
	}
	KUNIT_EXPECT_EQ(test, resyncs, 1);
	KUNIT_EXPECT_EQ(test, nnt_rec_get(rec, 0).row.mtu, 1300);
	KUNIT_EXPECT_EQ(test, nnt_rec_get(rec, 1).type, NETNOTIFY_RESYNC);
	/* Every change is accounted for: delivered or counted as dropped. */
	KUNIT_EXPECT_EQ(test, n - resyncs +
			nnt_read_ll(NNT_SYSFS "/handles/%u/dropped", h), 42);
	KUNIT_EXPECT_EQ(test, nnt_read_ll(NNT_SYSFS "/handles/%u/resyncs", h), 1);
	KUNIT_EXPECT_GT(test, nnt_read_ll(NNT_SYSFS "/events_dropped"), dropped0);
	KUNIT_EXPECT_GT(test, nnt_read_ll(NNT_SYSFS "/resyncs"), resyncs0);
}

/* /sys/kernel/netnotify/handles/<id>/ mirrors the handle while it lives. */
static void nnt_sysfs_handle(struct kunit *test)
{
	struct nnt_rec *rec = nnt_rec_new(test);
	char buf[64], path[96];
	long long live;
	u32 h;

	live = nnt_live();
	h = nnt_register(test, &init_net, AF_INET6, true, rec);
	KUNIT_EXPECT_EQ(test, nnt_live(), live + 1);

#define NNT_EXPECT_FILE(name, want) do {				\
	snprintf(path, sizeof(path), NNT_SYSFS "/handles/%u/" name, h);	\
	KUNIT_EXPECT_GT(test, nnt_read_file(path, buf, sizeof(buf)), 0);\
	KUNIT_EXPECT_STREQ(test, strim(buf), want);			\
} while (0)
	NNT_EXPECT_FILE("kind", "ip_interface");
	NNT_EXPECT_FILE("family", "inet6");
	NNT_EXPECT_FILE("owner", KBUILD_MODNAME);
	NNT_EXPECT_FILE("state", "active");
	NNT_EXPECT_FILE("delivered", "1");
	NNT_EXPECT_FILE("queued", "0");
	NNT_EXPECT_FILE("dropped", "0");
	NNT_EXPECT_FILE("resyncs", "0");
#undef NNT_EXPECT_FILE
	KUNIT_EXPECT_EQ(test, nnt_read_ll(NNT_SYSFS "/handles/%u/netns", h),
			init_net.ns.inum);

	KUNIT_EXPECT_EQ(test, netnotify_cancel(h), 0);
	KUNIT_EXPECT_FALSE(test, nnt_path_exists(NNT_SYSFS "/handles/%u", h));
	KUNIT_EXPECT_EQ(test, nnt_live(), live);
}

/*
 * Address changes are timed too, except under KASAN: there the request
 * made from this thread (rtnetlink, addrconf, the notifier chain, and the
 * message netnotify queues from it, nested) has overflowed the 16 KiB
 * stack of the UML kernel (UML 6.12).
 */
#define NNT_COST_ADDRESSES	(!IS_ENABLED(CONFIG_KASAN))

/*
 * CPU time of this thread for @n changes, each made here in the kernel: an
 * MTU change under RTNL (rtnetlink's broadcast reaches netnotify's listener
 * in this thread) and an IPv6 address added or deleted (the inet6addr
 * notifier chain, where netnotify builds a message, runs in this thread).
 */
static u64 nnt_time_changes(struct socket *sock, int ifindex, unsigned int n)
{
	struct in6_addr a = { .s6_addr = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 } };
	u64 t0 = nnt_cpu_ns();
	unsigned int i;

	for (i = 0; i < n; i++) {
		nnt_set_mtu(&init_net, "nnt-cost", 1400 + (i & 1) * 100);
		if (NNT_COST_ADDRESSES)
			nnt_addr6(sock, ifindex, &a, !(i & 1));
	}
	return nnt_cpu_ns() - t0;
}

#define NNT_COST_ROUNDS	9

static void nnt_noop_cb(void *ctx, const struct netnotify_ip_interface_row *row,
			enum netnotify_type type)
{
}

static void nnt_noop_addr_cb(void *ctx,
			     const struct netnotify_unicast_ip_address_row *row,
			     enum netnotify_type type)
{
}

/*
 * What runs in the kernel's notifier context does not grow with the number
 * of handles: the thread making the changes runs every notifier and
 * rtnetlink broadcast they cause, netnotify's capture included (its
 * listener's socket callback for the MTU, its inet6addr notifier for the
 * address), and spends about the same CPU time with 128 interface and 128
 * address handles as with none. Fanning out there would cost 256
 * allocations and copies per event. Both figures come from the same run, so
 * only their ratio is judged.
 */
static void nnt_notifier_cost_flat(struct kunit *test)
{
	struct nnt_state *st = test->priv;
	u64 base = U64_MAX, loaded = U64_MAX;
	struct socket *sock;
	unsigned int n;
	int i, ifindex;

	nnt_run(test, "ip link add nnt-cost type dummy && ip link set nnt-cost up");
	ifindex = nnt_ifindex(&init_net, "nnt-cost");
	KUNIT_ASSERT_GT(test, ifindex, 0);
	KUNIT_ASSERT_EQ(test, sock_create_kern(&init_net, AF_NETLINK, SOCK_RAW,
					       NETLINK_ROUTE, &sock), 0);
	/*
	 * Enough changes for a round to take 100 ms of CPU time: some kernels
	 * (UML 6.1) account it only in 10 ms ticks.
	 */
	for (n = 250; n < 32000; n *= 2)
		if (nnt_time_changes(sock, ifindex, n) >= 100 * NSEC_PER_MSEC)
			break;
	/*
	 * The fastest of NNT_COST_ROUNDS rounds: the machine is noisy (four
	 * guests share two host cores under make check), the work is not.
	 */
	for (i = 0; i < NNT_COST_ROUNDS; i++)
		base = min(base, nnt_time_changes(sock, ifindex, n));

	/* Small queues: the fan-out may drop, the point is its cost. */
	nnt_run(test, "echo 16 > /sys/module/netnotify/parameters/queue_limit");
	for (i = 0; i < 256; i++) {
		u32 *h = &st->handles[st->nhandles];
		int err;

		if (i & 1)
			err = netnotify_unicast_ip_address_change(&init_net,
								  AF_INET6,
								  nnt_noop_addr_cb,
								  NULL, false,
								  h);
		else
			err = netnotify_ip_interface_change(&init_net, AF_INET,
							    nnt_noop_cb, NULL,
							    false, h);
		KUNIT_ASSERT_EQ(test, err, 0);
		st->nhandles++;
	}
	nnt_run(test, "echo 4096 > /sys/module/netnotify/parameters/queue_limit");

	for (i = 0; i < NNT_COST_ROUNDS; i++)
		loaded = min(loaded, nnt_time_changes(sock, ifindex, n));
	sock_release(sock);
	nnt_expect_flat_cost(test, "MTU and address changes", n, base, loaded);
}

static struct kunit_case nnt_handle_cases[] = {
	KUNIT_CASE(nnt_bad_args),
	KUNIT_CASE(nnt_handle_ids),
	KUNIT_CASE(nnt_cancel_invalid),
	KUNIT_CASE(nnt_wrong_context),
	KUNIT_CASE(nnt_initial),
	KUNIT_CASE(nnt_initial_first_under_load),
	KUNIT_CASE(nnt_callback_context),
	KUNIT_CASE(nnt_serialized_ordered),
	KUNIT_CASE(nnt_cancel_waits),
	KUNIT_CASE(nnt_cancel_self),
	KUNIT_CASE(nnt_cancel_concurrent),
	KUNIT_CASE(nnt_cancel_burst),
	KUNIT_CASE(nnt_overflow),
	KUNIT_CASE(nnt_sysfs_handle),
	KUNIT_CASE(nnt_notifier_cost_flat),
	{}
};

struct kunit_suite nnt_handle_suite = {
	.name = "netnotify_handle",
	.init = nnt_init,
	.exit = nnt_exit,
	.test_cases = nnt_handle_cases,
};
