// SPDX-License-Identifier: GPL-2.0
/*
 * netnotify_stress: a client run for minutes in a debug guest while a script
 * churns interfaces, addresses, routes and namespaces. It must prove
 * invariants, not just survive:
 *
 * - no callback runs once the cancel of its handle has returned (a canary in
 *   every context; on KASAN kernels the context is freed at once instead);
 * - callbacks run in sleepable process context, with the arguments the
 *   contract promises;
 * - cancelling anything but a live handle fails, and of two racing cancels
 *   exactly one wins;
 * - calls fail only with the errors their kernel-doc lists;
 * - nothing is lost silently: long-lived mirrors built from events, and
 *   re-read on RESYNC, equal the kernel's tables once the churn stops.
 *
 * Everything is in /sys/kernel/debug/netnotify_stress/: write "stop", then,
 * once the driver has added the markers, "verify" to control ("compare"
 * compares without waiting for markers); read report and mirrors. With
 * churn=0 only the mirrors run, for the fault-injection
 * suite; "stop" then has nothing to stop, but must still come first.
 *
 * This file holds the module: its parameters, the counters and error
 * accounting the other parts report through, the namespace helpers, the
 * debugfs files, init and exit. The churn is in kunit/stress_churn.c, the
 * mirrors in kunit/stress_mirror.c.
 */

#include <linux/atomic.h>
#include <linux/debug_locks.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/random.h>
#include <linux/rtnetlink.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/xarray.h>
#include <net/net_namespace.h>
#include <netnotify/netnotify.h>

#include "stress.h"

static const char * const nns_counter_names[NNS_NR_COUNTERS] = {
	"registrations_interface", "registrations_address",
	"registrations_route", "registrations_stable", "stable_at_once",
	"stable_pending", "stable_callbacks", "registration_failures",
	"failures_enomem", "failures_enospc", "failures_enodev",
	"failures_eagain", "cancels", "owner_cancel_enoent", "self_cancels",
	"callback_registrations", "adopted", "stale_cancels",
	"stale_cancel_succeeded", "racing_cancels", "racing_cancel_wins",
	"gets", "get_failures", "callbacks", "resyncs", "mirror_events",
	"mirror_resyncs", "callbacks_after_cancel", "mirror_mismatches",
	"mirror_errors", "mirror_reread_retries", "mirror_stale",
	"mirrors_settled", "mirrors", "errors", "namespaces_seen",
};

static char *mirror_ns;
module_param(mirror_ns, charp, 0444);
MODULE_PARM_DESC(mirror_ns, "Comma-separated names under /run/netns/ to mirror besides init_net");

static bool churn = true;
module_param(churn, bool, 0444);
MODULE_PARM_DESC(churn, "Register and cancel handles from threads and callbacks (default 1); 0 keeps only the mirrors");

static atomic64_t nns_count[NNS_NR_COUNTERS];

static DEFINE_XARRAY(nns_seen);		/* namespace inode numbers */

static bool nns_stopped;			/* under nns_control_mutex */
static DEFINE_MUTEX(nns_control_mutex);
static struct dentry *nns_dir;

void nns_inc(enum nns_counter i)
{
	atomic64_inc(&nns_count[i]);
}

void nns_set(enum nns_counter i, s64 value)
{
	atomic64_set(&nns_count[i], value);
}

s64 nns_read(enum nns_counter i)
{
	return atomic64_read(&nns_count[i]);
}

void nns_error(const char *what, int value)
{
	nns_inc(NNS_ERRORS);
	pr_err_ratelimited("unexpected: %s (%d)\n", what, value);
}

/*
 * A call failed under load. Errors its kernel-doc lists are counted by
 * class: -ENOMEM for every call, and -ENOSPC and -ENODEV (a namespace being
 * dismantled) for registrations. -EAGAIN, a dump that kept racing with
 * changes or timed out, is what the code returns under churn; it is
 * counted apart so that the report shows it. Anything else breaks the
 * contract.
 */
void nns_failed(const char *what, int err, bool registration)
{
	if (err == -ENOMEM)
		nns_inc(NNS_FAIL_ENOMEM);
	else if (err == -EAGAIN)
		nns_inc(NNS_FAIL_EAGAIN);
	else if (registration && err == -ENOSPC)
		nns_inc(NNS_FAIL_ENOSPC);
	else if (registration && err == -ENODEV)
		nns_inc(NNS_FAIL_ENODEV);
	else
		nns_error(what, err);
}

/*
 * The test of src/handle.c __nn_check_context(), plus RTNL where lockdep
 * can tell (and still works: after a report it answers "held" for all).
 */
void nns_check_context(void)
{
	bool rtnl = IS_ENABLED(CONFIG_PROVE_LOCKING) && READ_ONCE(debug_locks) &&
		    lockdep_rtnl_is_held();

	if (likely(in_task() && !irqs_disabled() && !preempt_count() &&
		   !rcu_preempt_depth() && !rtnl))
		return;
	nns_error("callback not in sleepable process context", preempt_count());
}

/* A random live namespace, referenced, or NULL if it was being dismantled. */
struct net *nns_pick_net(void)
{
	struct net *net, *pick = NULL;
	unsigned int n = 0, k;

	down_read(&net_rwsem);
	for_each_net(net)
		n++;
	k = get_random_u32_below(n);
	for_each_net(net) {
		if (!k--) {
			pick = maybe_get_net(net);
			break;
		}
	}
	up_read(&net_rwsem);
	return pick;
}

/*
 * Neither a handle nor a churn context holds a reference to its namespace,
 * so a callback finds it again by number, if it still exists.
 */
struct net *nns_net_by_inum(unsigned int inum)
{
	struct net *net, *found = NULL;

	down_read(&net_rwsem);
	for_each_net(net) {
		if (net->ns.inum == inum) {
			found = maybe_get_net(net);
			break;
		}
	}
	up_read(&net_rwsem);
	return found;
}

/*
 * Namespaces are told apart by inode number: one made after another died
 * may get its number again and is then not counted, so the figure is a
 * lower bound.
 */
void nns_net_seen(struct net *net)
{
	if (!xa_insert(&nns_seen, net->ns.inum, xa_mk_value(0), GFP_KERNEL))
		nns_inc(NNS_NAMESPACES_SEEN);
}

/*
 * Stop the churn, if it ran, so that verify compares the mirrors with
 * tables nothing of ours changes any more.
 */
static void nns_stop(void)
{
	if (nns_stopped)
		return;
	nns_churn_stop();
	nns_stopped = true;
	pr_info("stopped\n");
}

static ssize_t nns_control_write(struct file *file, const char __user *ubuf,
				 size_t len, loff_t *ppos)
{
	char buf[16];
	int err;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	mutex_lock(&nns_control_mutex);
	if (sysfs_streq(buf, "stop")) {
		nns_stop();
		err = 0;
	} else if (sysfs_streq(buf, "verify")) {
		err = nns_stopped ? nns_mirrors_verify(true) : -EBUSY;
	} else if (sysfs_streq(buf, "compare")) {
		err = nns_stopped ? nns_mirrors_verify(false) : -EBUSY;
	} else {
		err = -EINVAL;
	}
	mutex_unlock(&nns_control_mutex);
	return err ? err : (ssize_t)len;
}

static const struct file_operations nns_control_fops = {
	.owner = THIS_MODULE,
	.write = nns_control_write,
	.llseek = noop_llseek,
};

static int nns_report_show(struct seq_file *s, void *unused)
{
	unsigned int i;

	nns_set(NNS_MIRRORS_SETTLED, nns_mirrors_settled());
	for (i = 0; i < NNS_NR_COUNTERS; i++)
		seq_printf(s, "%s %lld\n", nns_counter_names[i],
			   (long long)nns_read(i));
	nns_mirrors_report(s);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(nns_report);

/* nns_mirrors_show() is in kunit/stress_mirror.c. */
DEFINE_SHOW_ATTRIBUTE(nns_mirrors);

static void nns_cleanup(void)
{
	/* This waits for a control write in progress. */
	debugfs_remove_recursive(nns_dir);
	mutex_lock(&nns_control_mutex);
	nns_stop();
	mutex_unlock(&nns_control_mutex);
	nns_mirrors_exit();
	nns_churn_exit();
	xa_destroy(&nns_seen);
}

static int __init nns_init(void)
{
	int err;

	/*
	 * Without churn (the event-path fault suite) every RESYNC a mirror
	 * gets must come from a failure, not from a slow mirror overflowing.
	 */
	err = nns_mirrors_init(mirror_ns, churn);
	if (!err && churn)
		err = nns_churn_start();
	if (!err) {
		/* Last: no control write may come before the threads run. */
		nns_dir = debugfs_create_dir("netnotify_stress", NULL);
		err = PTR_ERR_OR_ZERO(nns_dir);
	}
	if (err) {
		nns_cleanup();
		return err;
	}
	debugfs_create_file("control", 0200, nns_dir, NULL, &nns_control_fops);
	debugfs_create_file("report", 0400, nns_dir, NULL, &nns_report_fops);
	debugfs_create_file("mirrors", 0400, nns_dir, NULL, &nns_mirrors_fops);
	return 0;
}

static void __exit nns_exit(void)
{
	nns_cleanup();
}

module_init(nns_init);
module_exit(nns_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("netnotify stress client: churn, canaries and mirrors, reported in debugfs");
NETNOTIFY_IMPORT_NS();
