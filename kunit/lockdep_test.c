// SPDX-License-Identifier: GPL-2.0
/*
 * Provokes the lockdep report netnotify promises: cancelling a handle while
 * holding a lock that its callback takes, from a thread and from another
 * handle's callback. Lockdep reports once and then turns itself off, so
 * each case runs alone, in a boot of its own, which passes only if the
 * report appears (scripts/uml.sh). This file builds two modules: this one,
 * and with NNT_LOCKDEP_INSIDE defined (lockdep_inside_test.c), the one that
 * cancels from inside a callback. (KUnit runs a module's suites before its
 * parameters are set, so a parameter could not choose.)
 */

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/debug_locks.h>
#include <linux/mutex.h>
#include <net/net_namespace.h>
#include <netnotify/netnotify.h>

static DEFINE_MUTEX(nnt_client_lock);

/* A callback that takes the client's lock, as real clients do. */
static void nnt_locking_cb(void *ctx,
			   const struct netnotify_ip_interface_row *row,
			   enum netnotify_type type)
{
	mutex_lock(&nnt_client_lock);
	mutex_unlock(&nnt_client_lock);
}

#ifndef NNT_LOCKDEP_INSIDE
/*
 * The callback ran once (the initial notification) with the lock; now the
 * lock is held across cancel. Nothing deadlocks this time, as no callback
 * is running, but lockdep sees the cycle and reports it.
 */
static void nnt_cancel_under_callback_lock(struct kunit *test)
{
	int err;
	u32 h;

	if (!IS_ENABLED(CONFIG_PROVE_LOCKING))
		kunit_skip(test, "needs CONFIG_PROVE_LOCKING");
	KUNIT_ASSERT_TRUE(test, debug_locks);

	err = netnotify_ip_interface_change(&init_net, AF_INET, nnt_locking_cb,
					    NULL, true, &h);
	KUNIT_ASSERT_EQ(test, err, 0);
	mutex_lock(&nnt_client_lock);
	KUNIT_EXPECT_EQ(test, netnotify_cancel(h), 0);
	mutex_unlock(&nnt_client_lock);

	/* Lockdep turns itself off after its one report. */
	KUNIT_EXPECT_FALSE(test, debug_locks);
}

static struct kunit_case nnt_lockdep_cases[] = {
	KUNIT_CASE(nnt_cancel_under_callback_lock),
	{}
};

static struct kunit_suite nnt_lockdep_suite = {
	.name = "netnotify_lockdep",
	.test_cases = nnt_lockdep_cases,
};

#else

struct nnt_canceller {
	u32 victim;
	int err;
	struct completion done;
};

/* Cancels the victim while holding the lock the victim's callback takes. */
static void nnt_cancelling_cb(void *ctx,
			      const struct netnotify_ip_interface_row *row,
			      enum netnotify_type type)
{
	struct nnt_canceller *c = ctx;

	if (type != NETNOTIFY_INITIAL)
		return;
	mutex_lock(&nnt_client_lock);
	c->err = netnotify_cancel(c->victim);
	mutex_unlock(&nnt_client_lock);
	complete(&c->done);
}

/*
 * The same mistake made inside another handle's callback, where the wait
 * for the victim's callback is nested in a callback: it deadlocks just the
 * same when the victim's callback is running, and lockdep must say so.
 */
static void nnt_cancel_in_callback_under_lock(struct kunit *test)
{
	struct nnt_canceller c = { .err = 1 };
	u32 h;
	int err;

	if (!IS_ENABLED(CONFIG_PROVE_LOCKING))
		kunit_skip(test, "needs CONFIG_PROVE_LOCKING");
	KUNIT_ASSERT_TRUE(test, debug_locks);
	init_completion(&c.done);

	err = netnotify_ip_interface_change(&init_net, AF_INET, nnt_locking_cb,
					    NULL, true, &c.victim);
	KUNIT_ASSERT_EQ(test, err, 0);
	err = netnotify_ip_interface_change(&init_net, AF_INET,
					    nnt_cancelling_cb, &c, true, &h);
	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&c.done, 10 * HZ));
	KUNIT_EXPECT_EQ(test, c.err, 0);
	KUNIT_EXPECT_EQ(test, netnotify_cancel(h), 0);

	KUNIT_EXPECT_FALSE(test, debug_locks);
}

static struct kunit_case nnt_lockdep_cases[] = {
	KUNIT_CASE(nnt_cancel_in_callback_under_lock),
	{}
};

static struct kunit_suite nnt_lockdep_suite = {
	.name = "netnotify_lockdep_inside",
	.test_cases = nnt_lockdep_cases,
};
#endif /* NNT_LOCKDEP_INSIDE */

kunit_test_suites(&nnt_lockdep_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("netnotify: the lockdep report for cancel under a callback's lock");
MODULE_IMPORT_NS(NETNOTIFY);
