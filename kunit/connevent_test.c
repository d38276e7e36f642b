// SPDX-License-Identifier: GPL-2.0
/*
 * Connection event objects (MprAdminRegisterConnectionNotification): real
 * eventfds, held by the process that loads this module (scripts/guest/
 * nnevfd), signalled by dummy and veth links going up and down, losing and
 * gaining carrier, being deleted and moving between namespaces; errors,
 * privileges, namespace teardown, ten thousand registrations, and
 * deregistration racing signals on two CPUs.
 *
 * A registration applies what the namespace's listener holds before it
 * joins (changes made before it do not signal it), so registering and
 * deregistering a spare eventfd is a barrier: every change made before it
 * has been delivered (nnte_barrier()). "No signal" is then a fact, not a
 * timeout.
 */

#include "suites.h"
#include "util.h"

#include <linux/cred.h>
#include <linux/delay.h>
#include <linux/eventfd.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/netdevice.h>
#include <linux/slab.h>
#include <net/net_namespace.h>

/* Descriptors 3 and up: NNTE_FEW for the cases (the last is the spare), */
/* NNTE_MANY more. */
#define NNTE_FIRST_FD	3
#define NNTE_FEW	8
#define NNTE_SPARE	(NNTE_FEW - 1)
#define NNTE_MANY	10000
#define NNTE_FDS	(NNTE_FEW + NNTE_MANY)

/* The namespaces the cases use. */
#define NNTE_NS		"nnt-e"
#define NNTE_NS2	"nnt-e2"

static struct nnte_fd {
	struct file *file;
	struct eventfd_ctx *ctx;
} *nnte_fds;

static DEFINE_SPINLOCK(nnte_lock);

static void nnte_suite_exit(struct kunit_suite *suite);

/*
 * Take the loading process's eventfds: this runs in insmod (KUnit and the
 * shim both run suite_init in the loading process; KUnit on 6.1 before the
 * module's parameters are set, so none says how many there are). suite_exit
 * is not called when this fails: it cleans up itself.
 */
static int nnte_suite_init(struct kunit_suite *suite)
{
	unsigned int i;
	int err = 0;

	nnte_fds = kvcalloc(NNTE_FDS, sizeof(*nnte_fds), GFP_KERNEL);
	if (!nnte_fds)
		return -ENOMEM;
	for (i = 0; i < NNTE_FDS && !err; i++) {
		nnte_fds[i].file = fget(NNTE_FIRST_FD + i);
		if (!nnte_fds[i].file) {
			err = -EBADF;
			break;
		}
		nnte_fds[i].ctx = eventfd_ctx_fileget(nnte_fds[i].file);
		if (IS_ERR(nnte_fds[i].ctx)) {
			nnte_fds[i].ctx = NULL;
			err = -EINVAL;
		}
	}
	if (err) {
		pr_err("# connection events: descriptor %u is no eventfd: load under nnevfd %u\n",
		       NNTE_FIRST_FD + i, NNTE_FDS);
		nnte_suite_exit(suite);
	}
	return err;
}

static void nnte_suite_exit(struct kunit_suite *suite)
{
	unsigned int i;

	if (!nnte_fds)
		return;
	for (i = 0; i < NNTE_FDS; i++) {
		if (nnte_fds[i].ctx)
			eventfd_ctx_put(nnte_fds[i].ctx);
		if (nnte_fds[i].file)
			fput(nnte_fds[i].file);
	}
	kvfree(nnte_fds);
	nnte_fds = NULL;
}

static struct eventfd_ctx *nnte_ctx(unsigned int i)
{
	return nnte_fds[i].ctx;
}

/* Read (and so reset) eventfd @i's counter: 0 when nothing was signalled. */
static u64 nnte_read(struct kunit *test, unsigned int i)
{
	loff_t pos = 0;
	ssize_t n;
	u64 v;

	n = kernel_read(nnte_fds[i].file, &v, sizeof(v), &pos);
	if (n == -EAGAIN)
		return 0;
	KUNIT_EXPECT_EQ(test, n, (ssize_t)sizeof(v));
	return n == sizeof(v) ? v : 0;
}

/* Read eventfd @i until it has counted @n or the time is up; the total. */
static u64 nnte_wait(struct kunit *test, unsigned int i, u64 n)
{
	unsigned long end = jiffies + msecs_to_jiffies(NNT_TIMEOUT_MS);
	u64 total = nnte_read(test, i);

	while (total < n && time_before(jiffies, end)) {
		msleep(20);
		total += nnte_read(test, i);
	}
	return total;
}

/* A second namespace's reference, dropped by nnte_exit(). */
static struct net *nnte_net2;

/* A namespace for the case (two at most). */
static struct net *nnte_ns(struct kunit *test, const char *name)
{
	struct nnt_state *st = test->priv;
	struct net *net;

	nnt_run(test, "ip netns add %s", name);
	net = nnt_netns_get(name);
	KUNIT_ASSERT_NOT_NULL(test, net);
	if (!st->net)
		st->net = net;
	else
		nnte_net2 = net;
	return net;
}

static void nnte_exit(struct kunit *test)
{
	if (nnte_net2)
		put_net(nnte_net2);
	nnte_net2 = NULL;
	nnt_exit(test);
}

#define NNTE_REG	netnotify_register_connection_notification
#define NNTE_DEREG	netnotify_deregister_connection_notification

static int nnte_register(struct net *net, unsigned int i)
{
	return NNTE_REG(net, nnte_ctx(i));
}

static int nnte_deregister(struct net *net, unsigned int i)
{
	return NNTE_DEREG(net, nnte_ctx(i));
}

/*
 * Every change made in @net so far has been delivered: registering applies
 * what the namespace's listener holds first, because the source hands new
 * subscribers their state (it has an attach hook), and so flushes the
 * namespace work. The cases that expect no signal check that it does.
 */
static void nnte_barrier(struct kunit *test, struct net *net)
{
	KUNIT_ASSERT_EQ(test, nnte_register(net, NNTE_SPARE), 0);
	KUNIT_ASSERT_EQ(test, nnte_deregister(net, NNTE_SPARE), 0);
}

/*
 * Eventfd @i counts exactly @n from now on for what was done in @net:
 * waits for @n (changes the kernel announces late, such as a peer's
 * carrier, take a moment), then for everything to be delivered.
 */
static void nnte_expect(struct kunit *test, struct net *net, unsigned int i,
			u64 n)
{
	u64 got = n ? nnte_wait(test, i, n) : 0;

	nnte_barrier(test, net);
	got += nnte_read(test, i);
	KUNIT_EXPECT_EQ_MSG(test, got, n, "eventfd %u", i);
}

static long long nnte_sysfs_count(struct net *net)
{
	return nnt_read_ll(NNT_SYSFS "/netns/%u/connection_events",
			   net->ns.inum);
}

/* Refusals: NULLs, duplicates, strangers, garbage, atomic callers. */
static void nnte_bad_args(struct kunit *test)
{
	struct net *net = nnte_ns(test, NNTE_NS);
	struct eventfd_ctx *garbage;
	unsigned long flags;

	KUNIT_EXPECT_EQ(test, NNTE_REG(NULL, nnte_ctx(1)), -EINVAL);
	KUNIT_EXPECT_EQ(test, NNTE_REG(net, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, NNTE_DEREG(NULL, nnte_ctx(1)), -EINVAL);
	KUNIT_EXPECT_EQ(test, NNTE_DEREG(net, NULL), -EINVAL);
	/* Never registered; then pointers that are no eventfd at all. */
	KUNIT_EXPECT_EQ(test, nnte_deregister(net, 1), -EINVAL);
	garbage = kunit_kzalloc(test, 64, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, garbage);
	memset(garbage, 0x6b, 64);
	KUNIT_EXPECT_EQ(test, NNTE_DEREG(net, garbage), -EINVAL);
	KUNIT_EXPECT_EQ(test, NNTE_DEREG(net, (void *)0xdead000000000000ULL),
			-EINVAL);

	KUNIT_EXPECT_EQ(test, nnte_sysfs_count(net), 0);
	KUNIT_EXPECT_EQ(test, nnte_register(net, 1), 0);
	KUNIT_EXPECT_EQ(test, nnte_register(net, 1), -EEXIST);
	KUNIT_EXPECT_EQ(test, nnte_sysfs_count(net), 1);
	/* Registered elsewhere is not registered here. */
	KUNIT_EXPECT_EQ(test, NNTE_DEREG(&init_net, nnte_ctx(1)), -EINVAL);
	KUNIT_EXPECT_EQ(test, nnte_deregister(net, 1), 0);
	KUNIT_EXPECT_EQ(test, nnte_deregister(net, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, nnte_sysfs_count(net), 0);
	/* It may register again at once. */
	KUNIT_EXPECT_EQ(test, nnte_register(net, 1), 0);

	/* Without CONFIG_PREEMPT_COUNT a bare spinlock cannot be seen. */
	spin_lock_irqsave(&nnte_lock, flags);
	KUNIT_EXPECT_EQ(test, nnte_register(net, 2), -EDEADLK);
	KUNIT_EXPECT_EQ(test, nnte_deregister(net, 1), -EDEADLK);
	spin_unlock_irqrestore(&nnte_lock, flags);
	KUNIT_EXPECT_EQ(test, nnte_sysfs_count(net), 1);
	KUNIT_EXPECT_EQ(test, nnte_deregister(net, 1), 0);
}

/* Without CAP_NET_ADMIN over the namespace's user namespace: -EACCES. */
static void nnte_privilege(struct kunit *test)
{
	struct net *net = nnte_ns(test, NNTE_NS);
	const struct cred *old;
	struct cred *cred;
	int reg, dereg;

	KUNIT_ASSERT_EQ(test, nnte_register(net, 1), 0);
	cred = prepare_creds();
	KUNIT_ASSERT_NOT_NULL(test, cred);
	cap_lower(cred->cap_effective, CAP_NET_ADMIN);
	old = override_creds(cred);
	reg = nnte_register(net, 2);
	dereg = nnte_deregister(net, 1);
	revert_creds(old);
	put_cred(cred);
	KUNIT_EXPECT_EQ(test, reg, -EACCES);
	KUNIT_EXPECT_EQ(test, dereg, -EACCES);
	/* Nothing changed: 1 is still registered, 2 is not. */
	KUNIT_EXPECT_EQ(test, nnte_sysfs_count(net), 1);
	KUNIT_EXPECT_EQ(test, nnte_deregister(net, 2), -EINVAL);
	KUNIT_EXPECT_EQ(test, nnte_deregister(net, 1), 0);
}

/*
 * Down and up signal; MTU, address, route and MAC address changes do not;
 * neither does the state at registration.
 */
static void nnte_up_down(struct kunit *test)
{
	struct net *net = nnte_ns(test, NNTE_NS);

	nnt_run(test, "ip -n " NNTE_NS " link add nnt-e0 type dummy");
	nnt_run(test, "ip -n " NNTE_NS " link set nnt-e0 up");
	nnte_read(test, 1);
	KUNIT_ASSERT_EQ(test, nnte_register(net, 1), 0);
	nnte_expect(test, net, 1, 0);

	nnt_run(test, "ip -n " NNTE_NS " link set nnt-e0 mtu 1400");
	nnt_run(test, "ip -n " NNTE_NS " addr add 192.0.2.1/24 dev nnt-e0");
	nnt_run(test, "ip -n " NNTE_NS " addr add 2001:db8::1/64 dev nnt-e0 nodad");
	nnt_run(test, "ip -n " NNTE_NS " route add 198.51.100.0/24 dev nnt-e0");
	nnt_run(test, "ip -n " NNTE_NS " link set nnt-e0 address 02:00:00:00:00:01");
	nnte_expect(test, net, 1, 0);

	nnt_run(test, "ip -n " NNTE_NS " link set nnt-e0 down");
	nnte_expect(test, net, 1, 1);
	nnt_run(test, "ip -n " NNTE_NS " link set nnt-e0 up");
	nnte_expect(test, net, 1, 1);
	KUNIT_EXPECT_EQ(test, nnte_deregister(net, 1), 0);
}

/* Carrier counts: a veth end is connected only while its peer is up. */
static void nnte_carrier(struct kunit *test)
{
	struct net *net = nnte_ns(test, NNTE_NS);

	nnt_run(test, "ip -n " NNTE_NS " link add nnt-ea type veth peer name nnt-eb");
	nnte_read(test, 1);
	KUNIT_ASSERT_EQ(test, nnte_register(net, 1), 0);
	nnt_run(test, "ip -n " NNTE_NS " link set nnt-ea up");
	nnte_expect(test, net, 1, 0);	/* no carrier yet */
	/* Both ends connect: the peer comes up, this end gains carrier. */
	nnt_run(test, "ip -n " NNTE_NS " link set nnt-eb up");
	nnte_expect(test, net, 1, 2);
	nnt_run(test, "ip -n " NNTE_NS " link set nnt-eb down");
	nnte_expect(test, net, 1, 2);
	KUNIT_EXPECT_EQ(test, nnte_deregister(net, 1), 0);
}

/*
 * A connected link deleted, or moved out, disconnects where it was; moved
 * in, it connects when brought up there. Namespaces do not mix, and one
 * eventfd may watch two.
 */
static void nnte_delete_and_move(struct kunit *test)
{
	struct net *net = nnte_ns(test, NNTE_NS);
	struct net *net2 = nnte_ns(test, NNTE_NS2);
	unsigned int i;

	nnt_run(test, "ip -n " NNTE_NS " link add nnt-e0 type dummy");
	nnt_run(test, "ip -n " NNTE_NS " link add nnt-e1 type dummy");
	nnt_run(test, "ip -n " NNTE_NS " link set nnt-e0 up");
	nnt_run(test, "ip -n " NNTE_NS " link set nnt-e1 up");
	for (i = 1; i <= 3; i++)
		nnte_read(test, i);
	KUNIT_ASSERT_EQ(test, nnte_register(net, 1), 0);
	KUNIT_ASSERT_EQ(test, nnte_register(net2, 2), 0);
	KUNIT_ASSERT_EQ(test, nnte_register(net2, 3), 0);
	KUNIT_ASSERT_EQ(test, nnte_register(net, 3), 0);

	nnt_run(test, "ip -n " NNTE_NS " link del nnt-e0");
	nnte_expect(test, net, 1, 1);
	nnt_run(test, "ip -n " NNTE_NS " link set nnt-e1 netns " NNTE_NS2);
	nnte_expect(test, net, 1, 1);
	/* It arrived down: nothing in the second namespace until it is up. */
	nnte_expect(test, net2, 2, 0);
	nnt_run(test, "ip -n " NNTE_NS2 " link set nnt-e1 up");
	nnte_expect(test, net2, 2, 1);
	nnte_expect(test, net, 1, 0);
	/* Eventfd 3 saw all three, from both namespaces. */
	nnte_expect(test, net, 3, 3);
	KUNIT_EXPECT_EQ(test, nnte_deregister(net, 3), 0);
	KUNIT_EXPECT_EQ(test, nnte_deregister(net2, 3), 0);
	KUNIT_EXPECT_EQ(test, nnte_deregister(net, 1), 0);
	KUNIT_EXPECT_EQ(test, nnte_deregister(net2, 2), 0);
}

/* Changes made before a read add up in that one read. */
static void nnte_coalesce(struct kunit *test)
{
	struct net *net = nnte_ns(test, NNTE_NS);
	unsigned int i;

	nnt_run(test, "ip -n " NNTE_NS " link add nnt-e0 type dummy");
	nnte_read(test, 1);
	KUNIT_ASSERT_EQ(test, nnte_register(net, 1), 0);
	for (i = 0; i < 10; i++)
		KUNIT_ASSERT_EQ(test, nnt_set_up(net, "nnt-e0", !(i & 1)), 0);
	nnte_barrier(test, net);
	KUNIT_EXPECT_EQ(test, nnte_read(test, 1), 10);
	KUNIT_EXPECT_EQ(test, nnte_deregister(net, 1), 0);
}

/* A dismantled namespace takes its registrations, and its sysfs file. */
static void nnte_netns_gone(struct kunit *test)
{
	unsigned long end = jiffies + msecs_to_jiffies(NNT_TIMEOUT_MS);
	struct net *net = nnte_ns(test, NNTE_NS);
	struct nnt_state *st = test->priv;
	unsigned int inum = net->ns.inum;

	nnt_run(test, "ip -n " NNTE_NS " link add nnt-e0 type dummy");
	nnt_run(test, "ip -n " NNTE_NS " link set nnt-e0 up");
	nnte_read(test, 1);
	KUNIT_ASSERT_EQ(test, nnte_register(net, 1), 0);
	KUNIT_EXPECT_EQ(test, nnte_sysfs_count(net), 1);
	put_net(net);
	st->net = NULL;
	nnt_run(test, "ip netns del " NNTE_NS);
	while (nnt_path_exists(NNT_SYSFS "/netns/%u", inum) &&
	       time_before(jiffies, end))
		msleep(20);
	KUNIT_ASSERT_FALSE(test, nnt_path_exists(NNT_SYSFS "/netns/%u", inum));
	/* The connected dummy went with its namespace: one signal. */
	KUNIT_EXPECT_EQ(test, nnte_wait(test, 1, 1), 1);
	/*
	 * Gone: the stale namespace pointer is only compared, and the
	 * eventfd registers again elsewhere.
	 */
	KUNIT_EXPECT_EQ(test, nnte_deregister(net, 1), -EINVAL);
	net = nnte_ns(test, NNTE_NS2);
	KUNIT_EXPECT_EQ(test, nnte_register(net, 1), 0);
	KUNIT_EXPECT_EQ(test, nnte_deregister(net, 1), 0);
}

struct nnte_flipper {
	struct net *net;
	atomic_t flips;
};

static int nnte_flip_thread(void *data)
{
	struct nnte_flipper *f = data;
	bool up = true;

	while (!kthread_should_stop()) {
		if (!nnt_set_up(f->net, "nnt-e0", up))
			atomic_inc(&f->flips);
		up = !up;
		usleep_range(100, 300);
	}
	return 0;
}

/*
 * On two CPUs, a link flaps while a registration comes and goes: once
 * deregistration returns, the eventfd is never signalled again. Eventfd 2,
 * registered throughout, shows when two more changes have been delivered.
 */
static void nnte_deregister_race(struct kunit *test)
{
	struct net *net = nnte_ns(test, NNTE_NS);
	struct nnte_flipper f = { .net = net };
	unsigned int round, late = 0, live = 0;
	struct task_struct *t;

	nnt_run(test, "ip -n " NNTE_NS " link add nnt-e0 type dummy");
	KUNIT_ASSERT_EQ(test, nnte_register(net, 2), 0);
	t = kthread_run(nnte_flip_thread, &f, "nnte-flip");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	/* No assertion while the thread runs: it uses @f and @net. */
	for (round = 0; round < 200; round++) {
		nnte_read(test, 1);
		if (nnte_register(net, 1))
			break;
		live += nnte_wait(test, 1, 1) > 0;
		if (nnte_deregister(net, 1))
			break;
		nnte_read(test, 1);
		nnte_read(test, 2);
		if (nnte_wait(test, 2, 2) < 2)
			break;
		late += nnte_read(test, 1);
	}
	kthread_stop(t);
	kunit_info(test, "%u rounds, %u signalled while registered, %d flips, %u late signals",
		   round, live, atomic_read(&f.flips), late);
	KUNIT_EXPECT_EQ(test, round, 200);
	KUNIT_EXPECT_EQ(test, live, round);
	KUNIT_EXPECT_EQ(test, late, 0);
	KUNIT_EXPECT_EQ(test, nnte_deregister(net, 2), 0);
}

/* Ten thousand registrations in one namespace: each signalled once. */
static void nnte_many(struct kunit *test)
{
	struct net *net = nnte_ns(test, NNTE_NS);
	unsigned int i, ok = 0;
	u64 t0, t1, t2;

	nnt_run(test, "ip -n " NNTE_NS " link add nnt-e0 type dummy");
	for (i = 0; i < NNTE_MANY; i++)
		nnte_read(test, NNTE_FEW + i);
	t0 = ktime_get_ns();
	for (i = 0; i < NNTE_MANY; i++)
		KUNIT_ASSERT_EQ(test, nnte_register(net, NNTE_FEW + i), 0);
	t1 = ktime_get_ns();
	KUNIT_EXPECT_EQ(test, nnte_sysfs_count(net), NNTE_MANY);
	nnt_run(test, "ip -n " NNTE_NS " link set nnt-e0 up");
	nnte_barrier(test, net);
	t2 = ktime_get_ns();
	for (i = 0; i < NNTE_MANY; i++)
		ok += nnte_read(test, NNTE_FEW + i) == 1;
	KUNIT_EXPECT_EQ(test, ok, NNTE_MANY);
	for (i = 0; i < NNTE_MANY; i++)
		KUNIT_EXPECT_EQ(test, nnte_deregister(net, NNTE_FEW + i), 0);
	KUNIT_EXPECT_EQ(test, nnte_sysfs_count(net), 0);
	kunit_info(test, "%u registrations in %llu ms; one change signalled to all in %llu ms",
		   NNTE_MANY, (t1 - t0) / NSEC_PER_MSEC,
		   (t2 - t1) / NSEC_PER_MSEC);
}

static struct kunit_case nnte_cases[] = {
	KUNIT_CASE(nnte_bad_args),
	KUNIT_CASE(nnte_privilege),
	KUNIT_CASE(nnte_up_down),
	KUNIT_CASE(nnte_carrier),
	KUNIT_CASE(nnte_delete_and_move),
	KUNIT_CASE(nnte_coalesce),
	KUNIT_CASE(nnte_netns_gone),
	KUNIT_CASE(nnte_deregister_race),
	KUNIT_CASE(nnte_many),
	{}
};

struct kunit_suite nnt_connevent_suite = {
	.name = "netnotify_connevent",
	.suite_init = nnte_suite_init,
	.suite_exit = nnte_suite_exit,
	.init = nnt_init,
	.exit = nnte_exit,
	.test_cases = nnte_cases,
};
