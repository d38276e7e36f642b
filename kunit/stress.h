/* SPDX-License-Identifier: GPL-2.0 */
/*
 * netnotify_stress: what its three files share. kunit/stress.c holds the
 * module (parameters, counters, error accounting, namespace helpers,
 * debugfs), kunit/stress_churn.c the churn of handles and
 * kunit/stress_mirror.c the mirrors; each calls the others only through
 * what is declared here.
 */
#ifndef _NETNOTIFY_KUNIT_STRESS_H
#define _NETNOTIFY_KUNIT_STRESS_H

#include <linux/types.h>

struct net;
struct seq_file;

/* The figures of the report file, in its order. */
enum nns_counter {
	NNS_REG_IFACE, NNS_REG_ADDR, NNS_REG_ROUTE, NNS_REG_STABLE,
	NNS_STABLE_AT_ONCE, NNS_STABLE_PENDING, NNS_STABLE_CALLBACKS,
	NNS_REG_FAILURES, NNS_FAIL_ENOMEM, NNS_FAIL_ENOSPC, NNS_FAIL_ENODEV,
	NNS_FAIL_EAGAIN, NNS_CANCELS, NNS_OWNER_ENOENT, NNS_SELF_CANCELS,
	NNS_CB_REGS, NNS_ADOPTED, NNS_STALE_CANCELS, NNS_STALE_SUCCEEDED,
	NNS_RACING, NNS_RACING_WINS, NNS_GETS, NNS_GET_FAILURES,
	NNS_CALLBACKS, NNS_RESYNCS, NNS_MIRROR_EVENTS, NNS_MIRROR_RESYNCS,
	NNS_AFTER_CANCEL, NNS_MIRROR_MISMATCHES, NNS_MIRROR_ERRORS,
	NNS_MIRROR_REREAD_RETRIES, NNS_MIRROR_STALE,
	NNS_MIRRORS_SETTLED, NNS_MIRRORS, NNS_ERRORS, NNS_NAMESPACES_SEEN,
	NNS_NR_COUNTERS
};

/* kunit/stress.c: counters, error accounting and namespaces. */

/* Count one more of @i. */
void nns_inc(enum nns_counter i);
/* Set @i to @value: for figures that are states, not events. */
void nns_set(enum nns_counter i, s64 value);
/* The current value of @i. */
s64 nns_read(enum nns_counter i);
/* Count a broken invariant in errors and log it, rate-limited. */
void nns_error(const char *what, int value);
/* Count a failed call by its errno; one its kernel-doc lacks is an error. */
void nns_failed(const char *what, int err, bool registration);
/* Count an error unless called in sleepable process context without RTNL. */
void nns_check_context(void);
/* A random live namespace, referenced, or NULL. */
struct net *nns_pick_net(void);
/* The live namespace of inode number @inum, referenced, or NULL. */
struct net *nns_net_by_inum(unsigned int inum);
/* Note that a registration was made in @net, for namespaces_seen. */
void nns_net_seen(struct net *net);

/* kunit/stress_churn.c: handles registered and cancelled at random. */

/* Start the churn and stale threads; on error, nns_churn_stop() undoes. */
int nns_churn_start(void);
/* Stop the threads and cancel every handle they or callbacks own. */
void nns_churn_stop(void);
/* At unload, after nns_churn_stop(): free the quarantined contexts. */
void nns_churn_exit(void);

/* kunit/stress_mirror.c: long-lived mirrors of addresses and routes. */

/*
 * Mirror init_net and each namespace of the comma-separated @names; with
 * @slow, some mirrors are slow enough to overflow under churn.
 */
int nns_mirrors_init(const char *names, bool slow);
/* Compare every mirror with the kernel, after the markers if @markers. */
int nns_mirrors_verify(bool markers);
/* How many mirrors have seen their marker. */
unsigned int nns_mirrors_settled(void);
/* The mirrors debugfs file: every row of every mirror, one per line. */
int nns_mirrors_show(struct seq_file *s, void *unused);
/* The per-mirror figures of the report file. */
void nns_mirrors_report(struct seq_file *s);
/* Cancel and free every mirror; callable after a failed nns_mirrors_init(). */
void nns_mirrors_exit(void);

#endif /* _NETNOTIFY_KUNIT_STRESS_H */
