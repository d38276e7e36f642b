// SPDX-License-Identifier: GPL-2.0
/*
 * Provokes the lockdep report netnotify promises: cancelling a handle while
 * holding a lock that its callback takes. Lockdep reports once and then
 * turns itself off, so this suite runs alone, in a boot of its own, which
 * passes only if the report appears (scripts/uml.sh).
 */

#include <kunit/test.h>
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

kunit_test_suites(&nnt_lockdep_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("netnotify: the lockdep report for cancel under a callback's lock");
MODULE_IMPORT_NS(NETNOTIFY);
