// SPDX-License-Identifier: GPL-2.0
/*
 * Connection notifyees (AddConnectNotify / CancelConnectNotify): PRE and
 * POST around real dummy and veth interfaces brought up and down with
 * iproute2 and from the kernel, refusals seen by "ip link set up", the
 * failure the kernel does not announce, ordering, namespaces, cancelling
 * from inside and under churn on two CPUs.
 */

#include "connect_util.h"
#include "suites.h"

#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/net_namespace.h>

static DEFINE_SPINLOCK(nntc_lock);

/* 70 characters, for a message longer than an extack holds. */
#define NNTC_70	"0123456789012345678901234567890123456789012345678901234567890123456789"

/* Bad arguments are refused, nothing is registered, *handle is 0. */
static void nntc_bad_args(struct kunit *test)
{
	struct netnotify_connect_notifyee none = { .add_connect = NULL };
	long long live = nnt_read_ll(NNT_SYSFS "/live_handles");
	struct nntc_log *log = nntc_log_new(test);
	struct nntc *c;
	unsigned long flags;
	u32 h;

#define NNTC_REFUSED(err, net, fns, handle) do {			\
	h = 0xdead;							\
	KUNIT_EXPECT_EQ(test, netnotify_register_connect_notifyee(net, fns, \
								  NULL, handle), \
			err);						\
} while (0)
	NNTC_REFUSED(-EINVAL, NULL, &nntc_both, &h);
	KUNIT_EXPECT_EQ(test, h, 0);
	NNTC_REFUSED(-EINVAL, &init_net, NULL, &h);
	KUNIT_EXPECT_EQ(test, h, 0);
	NNTC_REFUSED(-EINVAL, &init_net, &none, &h);
	KUNIT_EXPECT_EQ(test, h, 0);
	NNTC_REFUSED(-EINVAL, &init_net, &nntc_both, NULL);
	/* Without CONFIG_PREEMPT_COUNT a bare spinlock cannot be seen. */
	spin_lock_irqsave(&nntc_lock, flags);
	NNTC_REFUSED(-EDEADLK, &init_net, &nntc_both, &h);
	spin_unlock_irqrestore(&nntc_lock, flags);
	KUNIT_EXPECT_EQ(test, h, 0);
#undef NNTC_REFUSED
	KUNIT_EXPECT_EQ(test, nnt_read_ll(NNT_SYSFS "/live_handles"), live);

	/* Either function alone is enough; the other side is not called. */
	nnt_run(test, "ip link add nnt-c0 type dummy");
	none.cancel_connect = nntc_both.cancel_connect;
	c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c);
	c->log = log;
	KUNIT_ASSERT_EQ(test, netnotify_register_connect_notifyee(&init_net,
								  &none, c, &h), 0);
	nnt_track(test, h);
	nnt_run(test, "ip link set nnt-c0 up");
	KUNIT_EXPECT_EQ(test, nntc_count(log), 0);
	nnt_run(test, "ip link set nnt-c0 down");
	KUNIT_EXPECT_EQ(test, nntc_count(log), 1);
	nntc_expect(test, log, 0, 0, false, NETNOTIFY_NOTIFY_PRE, 0);

	/* Released like every handle, and only once. */
	KUNIT_EXPECT_EQ(test, netnotify_unregister_device_notification(h),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, netnotify_cancel(h), 0);
	KUNIT_EXPECT_EQ(test, netnotify_cancel(h), -ENOENT);
	KUNIT_EXPECT_EQ(test, netnotify_cancel_async(h, NULL, NULL), -ENOENT);
}

/*
 * A refusal fails "ip link set up" with its errno or its message, and the
 * interface stays down; a notifyee called before it gets its POST with
 * that errno, the refusing one none.
 */
static void nntc_veto(struct kunit *test)
{
	struct nntc_log *log = nntc_log_new(test);
	struct nntc *refuser, *c;
	unsigned int n;

	nnt_run(test, "ip link add nnt-c0 type dummy");
	refuser = nntc_register(test, &init_net, log, 1, true);
	c = nntc_register(test, &init_net, log, 2, true);
	refuser->veto = -EACCES;

	KUNIT_EXPECT_TRUE(test, nntc_fails_with(test, "ip link set nnt-c0 up",
						"Permission denied"));
	KUNIT_EXPECT_FALSE(test, nntc_is_up(&init_net, "nnt-c0"));
	/* c (newest) PRE, refuser PRE, c POST with -EACCES at once. */
	KUNIT_ASSERT_EQ(test, nntc_count(log), 3);
	nntc_expect(test, log, 0, 2, true, NETNOTIFY_NOTIFY_PRE, 0);
	nntc_expect(test, log, 1, 1, true, NETNOTIFY_NOTIFY_PRE, 0);
	nntc_expect(test, log, 2, 2, true, NETNOTIFY_NOTIFY_POST, -EACCES);
	KUNIT_EXPECT_TRUE(test, nntc_get(log, 2).context == nntc_token(c, true));
	KUNIT_EXPECT_EQ(test, nntc_get(log, 0).flags & IFF_UP, 0);

	/* WN_CANCELLED with a message: "ip" prints the message. */
	refuser->veto = -ECANCELED;
	refuser->message = "nnt-c: not allowed yet";
	KUNIT_EXPECT_TRUE(test, nntc_fails_with(test, "ip link set nnt-c0 up",
						"Error: nnt-c: not allowed yet"));
	KUNIT_EXPECT_FALSE(test, nntc_is_up(&init_net, "nnt-c0"));
	KUNIT_EXPECT_EQ(test, nnt_set_up(&init_net, "nnt-c0", true), -ECANCELED);
	KUNIT_EXPECT_EQ(test, nntc_count(log), 9);
	nntc_expect(test, log, 5, 2, true, NETNOTIFY_NOTIFY_POST, -ECANCELED);
	KUNIT_EXPECT_EQ(test, nnt_read_ll(NNT_SYSFS "/handles/%u/vetoes",
					  refuser->handle), 3);

	/* What is no errno refuses with -EINVAL; a message is cut at 79. */
	refuser->veto = 1;
	KUNIT_EXPECT_EQ(test, nnt_set_up(&init_net, "nnt-c0", true), -EINVAL);
	refuser->veto = INT_MIN;
	KUNIT_EXPECT_EQ(test, nnt_set_up(&init_net, "nnt-c0", true), -EINVAL);
	refuser->veto = -EPERM;
	refuser->message = "nnt-c: " NNTC_70 " and beyond";
	KUNIT_EXPECT_TRUE(test, nntc_fails_with(test, "ip link set nnt-c0 up",
						"Error: nnt-c: " NNTC_70 " a."));
	KUNIT_EXPECT_EQ(test, nntc_count(log), 18);

	/* Allowed: up, and only c, which left a context, hears the POST. */
	refuser->veto = 0;
	refuser->keep = false;
	n = nntc_count(log);
	nnt_run(test, "ip link set nnt-c0 up");
	KUNIT_EXPECT_TRUE(test, nntc_is_up(&init_net, "nnt-c0"));
	KUNIT_ASSERT_EQ(test, nntc_count(log), n + 3);
	nntc_expect(test, log, n + 2, 2, true, NETNOTIFY_NOTIFY_POST, 0);
	KUNIT_EXPECT_NE(test, nntc_get(log, n + 2).flags & IFF_UP, 0);
}

/*
 * PRE and POST pair up through the context, for a connect and a
 * cancel-connection; the POST of a connect is made before the RTNL hold
 * that opened the interface ends; a NULL context gets no POST.
 */
static void nntc_pairing(struct kunit *test)
{
	struct nntc_log *log = nntc_log_new(test);
	struct nntc *keeper, *quiet;
	struct nntc_call call;

	nnt_run(test, "ip link add nnt-c0 type dummy");
	quiet = nntc_register(test, &init_net, log, 1, false);
	keeper = nntc_register(test, &init_net, log, 2, true);

	/* From the kernel: the POST is in when dev_change_flags() returns. */
	KUNIT_ASSERT_EQ(test, nnt_set_up(&init_net, "nnt-c0", true), 0);
	KUNIT_ASSERT_EQ(test, nntc_count(log), 3);
	nntc_expect(test, log, 0, 2, true, NETNOTIFY_NOTIFY_PRE, 0);
	nntc_expect(test, log, 1, 1, true, NETNOTIFY_NOTIFY_PRE, 0);
	nntc_expect(test, log, 2, 2, true, NETNOTIFY_NOTIFY_POST, 0);
	KUNIT_EXPECT_NULL(test, nntc_get(log, 0).context);
	KUNIT_EXPECT_TRUE(test, nntc_get(log, 2).context ==
			  nntc_token(keeper, true));

	nnt_run(test, "ip link set nnt-c0 down");
	KUNIT_ASSERT_EQ(test, nntc_count(log), 6);
	nntc_expect(test, log, 3, 2, false, NETNOTIFY_NOTIFY_PRE, 0);
	nntc_expect(test, log, 4, 1, false, NETNOTIFY_NOTIFY_PRE, 0);
	nntc_expect(test, log, 5, 2, false, NETNOTIFY_NOTIFY_POST, 0);
	call = nntc_get(log, 3);
	KUNIT_EXPECT_NE(test, call.flags & IFF_UP, 0);
	KUNIT_EXPECT_FALSE(test, call.removing);
	KUNIT_EXPECT_TRUE(test, nntc_get(log, 5).context ==
			  nntc_token(keeper, false));
	KUNIT_EXPECT_EQ(test, nntc_get(log, 5).flags & IFF_UP, 0);

	/* Already up, already down: no operation, no call. */
	nnt_run(test, "ip link set nnt-c0 down");
	KUNIT_EXPECT_EQ(test, nntc_count(log), 6);
	KUNIT_EXPECT_EQ(test, nnt_read_ll(NNT_SYSFS "/handles/%u/pre_calls",
					  quiet->handle), 2);
	KUNIT_EXPECT_EQ(test, nnt_read_ll(NNT_SYSFS "/handles/%u/post_calls",
					  quiet->handle), 0);
	KUNIT_EXPECT_EQ(test, nnt_read_ll(NNT_SYSFS "/handles/%u/post_calls",
					  keeper->handle), 2);
}

/* A notifier of the test's that refuses to open nnt-c-late after netnotify. */
static int nntc_late_event(struct notifier_block *nb, unsigned long event,
			   void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);

	if (event == NETDEV_PRE_UP && !strcmp(dev->name, "nnt-c-late"))
		return notifier_from_errno(-EBUSY);
	return NOTIFY_DONE;
}

static struct notifier_block nntc_late_nb = {
	.notifier_call = nntc_late_event,
	.priority = INT_MIN,
};

/*
 * An open that fails after the PREs, refused by a later notifier: the
 * kernel sends nothing, yet the POST comes, once, with RTNL held, as soon
 * as the hold ends, with -EIO.
 */
static void nntc_late_failure(struct kunit *test)
{
	struct nntc_log *log = nntc_log_new(test);
	unsigned int n1, n2, n3;
	struct net_device *dev;
	int err1, err2;
	struct nntc *c;

	nnt_run(test, "ip link add nnt-c-late type dummy");
	c = nntc_register(test, &init_net, log, 1, true);
	KUNIT_ASSERT_EQ(test, register_netdevice_notifier(&nntc_late_nb), 0);

	KUNIT_EXPECT_TRUE(test, nntc_fails_with(test, "ip link set nnt-c-late up",
						"Device or resource busy"));
	KUNIT_EXPECT_TRUE(test, nntc_wait(log, 2));
	nntc_expect(test, log, 0, 1, true, NETNOTIFY_NOTIFY_PRE, 0);
	nntc_expect(test, log, 1, 1, true, NETNOTIFY_NOTIFY_POST, -EIO);
	KUNIT_EXPECT_TRUE(test, nntc_get(log, 1).context == nntc_token(c, true));

	/*
	 * Within one RTNL hold, where the work cannot run: a second open
	 * settles the first's POST before its own PRE, and unregistering the
	 * device settles the second's before the device goes.
	 */
	rtnl_lock();
	dev = __dev_get_by_name(&init_net, "nnt-c-late");
	err1 = dev ? dev_change_flags(dev, dev->flags | IFF_UP, NULL) : -ENODEV;
	n1 = nntc_count(log);
	err2 = dev ? dev_change_flags(dev, dev->flags | IFF_UP, NULL) : -ENODEV;
	n2 = nntc_count(log);
	if (dev)
		unregister_netdevice(dev);
	n3 = nntc_count(log);
	rtnl_unlock();
	unregister_netdevice_notifier(&nntc_late_nb);

	KUNIT_EXPECT_EQ(test, err1, -EBUSY);
	KUNIT_EXPECT_EQ(test, err2, -EBUSY);
	KUNIT_EXPECT_EQ(test, n1, 3);
	KUNIT_EXPECT_EQ(test, n2, 5);
	KUNIT_EXPECT_EQ(test, n3, 6);
	nntc_expect(test, log, 2, 1, true, NETNOTIFY_NOTIFY_PRE, 0);
	nntc_expect(test, log, 3, 1, true, NETNOTIFY_NOTIFY_POST, -EIO);
	nntc_expect(test, log, 4, 1, true, NETNOTIFY_NOTIFY_PRE, 0);
	nntc_expect(test, log, 5, 1, true, NETNOTIFY_NOTIFY_POST, -EIO);
	msleep(200);
	KUNIT_EXPECT_EQ(test, nntc_count(log), 6);
	KUNIT_EXPECT_EQ(test, nnt_read_ll(NNT_SYSFS "/handles/%u/post_calls",
					  c->handle), 3);
}

/*
 * Three notifyees: PRE newest first, POST in the reverse order of the
 * PREs; a refusal in the middle stops the PREs there.
 */
static void nntc_order(struct kunit *test)
{
	struct nntc_log *log = nntc_log_new(test);
	struct nntc *b;
	int i;

	nnt_run(test, "ip link add nnt-c0 type dummy");
	nntc_register(test, &init_net, log, 1, true);
	b = nntc_register(test, &init_net, log, 2, true);
	nntc_register(test, &init_net, log, 3, true);

	nnt_run(test, "ip link set nnt-c0 up");
	nnt_run(test, "ip link set nnt-c0 down");
	KUNIT_ASSERT_EQ(test, nntc_count(log), 12);
	for (i = 0; i < 2; i++) {
		bool add = !i;

		nntc_expect(test, log, 6 * i + 0, 3, add, NETNOTIFY_NOTIFY_PRE, 0);
		nntc_expect(test, log, 6 * i + 1, 2, add, NETNOTIFY_NOTIFY_PRE, 0);
		nntc_expect(test, log, 6 * i + 2, 1, add, NETNOTIFY_NOTIFY_PRE, 0);
		nntc_expect(test, log, 6 * i + 3, 1, add, NETNOTIFY_NOTIFY_POST, 0);
		nntc_expect(test, log, 6 * i + 4, 2, add, NETNOTIFY_NOTIFY_POST, 0);
		nntc_expect(test, log, 6 * i + 5, 3, add, NETNOTIFY_NOTIFY_POST, 0);
	}

	b->veto = -EPERM;
	KUNIT_EXPECT_EQ(test, nnt_set_up(&init_net, "nnt-c0", true), -EPERM);
	KUNIT_ASSERT_EQ(test, nntc_count(log), 15);
	nntc_expect(test, log, 12, 3, true, NETNOTIFY_NOTIFY_PRE, 0);
	nntc_expect(test, log, 13, 2, true, NETNOTIFY_NOTIFY_PRE, 0);
	nntc_expect(test, log, 14, 3, true, NETNOTIFY_NOTIFY_POST, -EPERM);
}

/*
 * A close cannot be refused; deleting an interface that is up, or moving
 * it out, is a cancel-connection too (flagged "removing" for a delete).
 */
static void nntc_down_and_delete(struct kunit *test)
{
	struct nntc_log *log = nntc_log_new(test);
	struct net *y;
	struct nntc *c, *cy;

	nnt_run(test, "ip link add nnt-c0 type veth peer name nnt-c1");
	nnt_run(test, "ip netns add nnt-cy");
	y = nnt_netns_get("nnt-cy");
	KUNIT_ASSERT_NOT_NULL(test, y);
	c = nntc_register(test, &init_net, log, 1, true);
	cy = nntc_register(test, y, log, 2, true);
	put_net(y);
	c->cancel_ret = -EBUSY;

	nnt_run(test, "ip link set nnt-c0 up");
	nnt_run(test, "ip link set nnt-c0 down");
	KUNIT_EXPECT_FALSE(test, nntc_is_up(&init_net, "nnt-c0"));
	KUNIT_EXPECT_EQ(test, nnt_read_ll(NNT_SYSFS "/handles/%u/ignored_refusals",
					  c->handle), 1);
	KUNIT_ASSERT_EQ(test, nntc_count(log), 4);

	/* Deleted while up. */
	nnt_run(test, "ip link set nnt-c0 up");
	nnt_run(test, "ip link del nnt-c0");
	KUNIT_ASSERT_EQ(test, nntc_count(log), 8);
	nntc_expect(test, log, 6, 1, false, NETNOTIFY_NOTIFY_PRE, 0);
	nntc_expect(test, log, 7, 1, false, NETNOTIFY_NOTIFY_POST, 0);
	KUNIT_EXPECT_TRUE(test, nntc_get(log, 6).removing);
	KUNIT_EXPECT_STREQ(test, nntc_get(log, 6).name, "nnt-c0");

	/* Moved out while up: closed here, arrives down there. */
	nnt_run(test, "ip link add nnt-c2 type dummy");
	nnt_run(test, "ip link set nnt-c2 up");
	nnt_run(test, "ip link set nnt-c2 netns nnt-cy");
	KUNIT_ASSERT_EQ(test, nntc_count(log), 12);
	nntc_expect(test, log, 10, 1, false, NETNOTIFY_NOTIFY_PRE, 0);
	nntc_expect(test, log, 11, 1, false, NETNOTIFY_NOTIFY_POST, 0);
	KUNIT_EXPECT_FALSE(test, nntc_get(log, 10).removing);
	/* There, it is that namespace's notifyee's. */
	nnt_run(test, "ip -n nnt-cy link set nnt-c2 up");
	KUNIT_ASSERT_EQ(test, nntc_count(log), 14);
	nntc_expect(test, log, 12, 2, true, NETNOTIFY_NOTIFY_PRE, 0);
	nntc_expect(test, log, 13, 2, true, NETNOTIFY_NOTIFY_POST, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&cy->calls), 2);
}

/*
 * A function may bring another interface up (RTNL is held): that open's
 * PRE and POST come, nested, inside the first one's POST.
 */
static void nntc_nested(struct kunit *test)
{
	struct nntc_log *log = nntc_log_new(test);
	struct nntc *c;

	nnt_run(test, "ip link add nnt-c0 type dummy; ip link add nnt-c1 type dummy");
	c = nntc_register(test, &init_net, log, 1, true);
	c->nest = "nnt-c1";
	nnt_run(test, "ip link set nnt-c0 up");
	KUNIT_EXPECT_EQ(test, c->nest_err, 0);
	KUNIT_EXPECT_TRUE(test, nntc_is_up(&init_net, "nnt-c1"));
	KUNIT_ASSERT_EQ(test, nntc_count(log), 4);
	nntc_expect(test, log, 0, 1, true, NETNOTIFY_NOTIFY_PRE, 0);
	nntc_expect(test, log, 1, 1, true, NETNOTIFY_NOTIFY_POST, 0);
	nntc_expect(test, log, 2, 1, true, NETNOTIFY_NOTIFY_PRE, 0);
	nntc_expect(test, log, 3, 1, true, NETNOTIFY_NOTIFY_POST, 0);
	KUNIT_EXPECT_STREQ(test, nntc_get(log, 1).name, "nnt-c0");
	KUNIT_EXPECT_STREQ(test, nntc_get(log, 2).name, "nnt-c1");
	KUNIT_EXPECT_STREQ(test, nntc_get(log, 3).name, "nnt-c1");
}

/* Interfaces of other namespaces never reach a notifyee. */
static void nntc_netns(struct kunit *test)
{
	struct nntc_log *log = nntc_log_new(test);
	struct nntc *x;
	struct net *net;

	unsigned int i, pre = 0, post = 0;
	struct nntc_call call;

	nnt_run(test, "ip netns add nnt-cx");
	nnt_run(test, "for i in 0 1 2; do ip -n nnt-cx link add nnt-c$i type dummy; done");
	nnt_run(test, "ip link add nnt-c0 type dummy");
	net = nnt_netns_get("nnt-cx");
	KUNIT_ASSERT_NOT_NULL(test, net);
	x = nntc_register(test, net, log, 1, true);

	nnt_run(test, "ip link set nnt-c0 up");
	nnt_run(test, "ip link set nnt-c0 down");
	KUNIT_EXPECT_EQ(test, atomic_read(&x->calls), 0);
	nnt_run(test, "for i in 0 1 2; do ip -n nnt-cx link set nnt-c$i up; done");
	KUNIT_EXPECT_EQ(test, atomic_read(&x->calls), 6);

	/*
	 * The namespace goes: its interfaces close first, together (a PRE
	 * each, then a POST each); then the handle is orphaned.
	 */
	put_net(net);
	nnt_run(test, "ip netns del nnt-cx");
	nnt_expect_orphaned(test, x->handle);
	KUNIT_ASSERT_EQ(test, nntc_count(log), 12);
	for (i = 6; i < 12; i++) {
		call = nntc_get(log, i);
		KUNIT_EXPECT_FALSE(test, call.add);
		KUNIT_EXPECT_TRUE(test, call.rtnl);
		KUNIT_EXPECT_EQ(test, call.op_status, 0);
		if (call.status == NETNOTIFY_NOTIFY_PRE) {
			KUNIT_EXPECT_TRUE(test, call.removing);
			pre++;
		} else {
			KUNIT_EXPECT_TRUE(test, call.context == nntc_token(x, false));
			post++;
		}
	}
	KUNIT_EXPECT_EQ(test, pre, 3);
	KUNIT_EXPECT_EQ(test, post, 3);
	nntc_unregister(test, x);
}

/*
 * From inside a function: what would wait is refused with -EDEADLK,
 * netnotify_cancel_async() works, and nothing is called after its done.
 */
static void nntc_cancel_inside(struct kunit *test)
{
	struct nntc_log *log = nntc_log_new(test);
	struct nntc *c;

	nnt_run(test, "ip link add nnt-c0 type dummy");
	c = nntc_register(test, &init_net, log, 1, false);
	c->inside = true;
	nnt_run(test, "ip link set nnt-c0 up");
	KUNIT_EXPECT_EQ(test, c->inside_cancel, -EDEADLK);
	KUNIT_EXPECT_EQ(test, c->inside_register, -EDEADLK);
	KUNIT_EXPECT_EQ(test, c->inside_get, -EDEADLK);
	KUNIT_EXPECT_EQ(test, c->inside_async, 0);
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&c->done, 5 * HZ));
	KUNIT_EXPECT_FALSE(test, nnt_path_exists(NNT_SYSFS "/handles/%u",
						 c->handle));
	nnt_run(test, "ip link set nnt-c0 down; ip link set nnt-c0 up");
	KUNIT_EXPECT_EQ(test, atomic_read(&c->late), 0);
	KUNIT_EXPECT_EQ(test, netnotify_cancel(c->handle), -ENOENT);
}

struct nntc_opener {
	const char *name;
	struct completion in_pre;
	struct completion go;
	int err;
};

static struct nntc_opener *nntc_opener;

/* Holds the open of nnt-c-hold, after netnotify's PREs, until told. */
static int nntc_hold_event(struct notifier_block *nb, unsigned long event,
			   void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);

	if (event == NETDEV_PRE_UP && !strcmp(dev->name, "nnt-c-hold")) {
		complete(&nntc_opener->in_pre);
		wait_for_completion(&nntc_opener->go);
	}
	return NOTIFY_DONE;
}

static struct notifier_block nntc_hold_nb = {
	.notifier_call = nntc_hold_event,
	.priority = INT_MIN,
};

static int nntc_open_thread(void *data)
{
	struct nntc_opener *o = data;

	o->err = nnt_set_up(&init_net, o->name, true);
	return 0;
}

/*
 * Cancelled between its PRE and its POST (RTNL still held by the open):
 * the cancel returns, and the POST is dropped.
 */
static void nntc_cancel_drops_post(struct kunit *test)
{
	struct nntc_opener *o = kunit_kzalloc(test, sizeof(*o), GFP_KERNEL);
	struct nntc_log *log = nntc_log_new(test);
	struct task_struct *t;
	struct nntc *c;

	KUNIT_ASSERT_NOT_NULL(test, o);
	init_completion(&o->in_pre);
	init_completion(&o->go);
	o->name = "nnt-c-hold";
	nntc_opener = o;
	nnt_run(test, "ip link add nnt-c-hold type dummy");
	c = nntc_register(test, &init_net, log, 1, true);
	KUNIT_ASSERT_EQ(test, register_netdevice_notifier(&nntc_hold_nb), 0);

	/* No assertion until the notifier is gone: it uses @o. */
	t = kthread_run(nntc_open_thread, o, "nntc-open");
	if (IS_ERR(t)) {
		KUNIT_FAIL(test, "no opener thread: %ld", PTR_ERR(t));
		unregister_netdevice_notifier(&nntc_hold_nb);
		return;
	}
	get_task_struct(t);
	KUNIT_EXPECT_TRUE(test, wait_for_completion_timeout(&o->in_pre, 5 * HZ));
	nntc_unregister(test, c);
	complete(&o->go);
	kthread_stop(t);
	put_task_struct(t);
	unregister_netdevice_notifier(&nntc_hold_nb);

	KUNIT_EXPECT_EQ(test, o->err, 0);
	KUNIT_EXPECT_EQ(test, nntc_count(log), 1);
	nntc_expect(test, log, 0, 1, true, NETNOTIFY_NOTIFY_PRE, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&c->late), 0);
}

/* A notifyee whose PRE blocks until released, and two threads cancelling it. */
struct nntc_blocker {
	struct completion entered, release, cancelled;
	atomic_t order, cancels;
	int returned_at, cancel_returned_at[2], cancel_err[2];
	u32 handle;
};

static int nntc_block_add(void *ctx, struct netnotify_notify_info *info,
			  const struct netnotify_connection *conn)
{
	struct nntc_blocker *b = ctx;

	if (strcmp(conn->name, "nnt-c-blk"))
		return 0;
	complete(&b->entered);
	wait_for_completion(&b->release);
	b->returned_at = atomic_inc_return(&b->order);
	return 0;
}

static int nntc_cancel_thread(void *data)
{
	struct nntc_blocker *b = data;
	int err = netnotify_cancel(b->handle);
	int i = atomic_inc_return(&b->cancels) - 1;

	b->cancel_err[i] = err;
	b->cancel_returned_at[i] = atomic_inc_return(&b->order);
	complete(&b->cancelled);
	return 0;
}

/*
 * Two cancels made while a function of the notifyee runs: one wins, the
 * other gets -ENOENT, and both wait for the function to return.
 */
static void nntc_cancel_waits(struct kunit *test)
{
	static const struct netnotify_connect_notifyee fns = {
		.add_connect = nntc_block_add,
	};
	struct nntc_opener *o = kunit_kzalloc(test, sizeof(*o), GFP_KERNEL);
	struct nntc_blocker *b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);
	struct task_struct *opener, *canceller[2];
	int i;

	KUNIT_ASSERT_NOT_NULL(test, o);
	KUNIT_ASSERT_NOT_NULL(test, b);
	o->name = "nnt-c-blk";
	init_completion(&b->entered);
	init_completion(&b->release);
	init_completion(&b->cancelled);
	nnt_run(test, "ip link add nnt-c-blk type dummy");
	KUNIT_ASSERT_EQ(test, netnotify_register_connect_notifyee(&init_net, &fns,
								  b, &b->handle), 0);
	nnt_track(test, b->handle);

	opener = kthread_run(nntc_open_thread, o, "nntc-open");
	KUNIT_ASSERT_FALSE(test, IS_ERR(opener));
	get_task_struct(opener);
	KUNIT_EXPECT_TRUE(test, wait_for_completion_timeout(&b->entered, 5 * HZ));
	for (i = 0; i < 2; i++) {
		canceller[i] = kthread_run(nntc_cancel_thread, b, "nntc-cancel");
		KUNIT_EXPECT_FALSE(test, IS_ERR(canceller[i]));
	}
	/* Neither can return while the function runs. */
	KUNIT_EXPECT_FALSE(test, wait_for_completion_timeout(&b->cancelled, HZ / 2));
	complete(&b->release);
	for (i = 0; i < 2; i++)
		KUNIT_EXPECT_TRUE(test, wait_for_completion_timeout(&b->cancelled,
								    5 * HZ));
	kthread_stop(opener);
	put_task_struct(opener);

	KUNIT_EXPECT_EQ(test, b->cancel_err[0] + b->cancel_err[1], -ENOENT);
	KUNIT_EXPECT_EQ(test, b->returned_at, 1);
	KUNIT_EXPECT_GT(test, b->cancel_returned_at[0], 1);
	KUNIT_EXPECT_GT(test, b->cancel_returned_at[1], 1);
	KUNIT_EXPECT_EQ(test, o->err, 0);
}

/* sysfs: the kind and its counts; no queue counters. */
static void nntc_sysfs(struct kunit *test)
{
	struct nntc_log *log = nntc_log_new(test);
	char buf[32], path[64];
	struct nntc *c;

	nnt_run(test, "ip link add nnt-c0 type dummy");
	c = nntc_register(test, &init_net, log, 1, true);
	snprintf(path, sizeof(path), NNT_SYSFS "/handles/%u/kind", c->handle);
	KUNIT_ASSERT_GT(test, nnt_read_file(path, buf, sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, strim(buf), "connect_notifyee");
	KUNIT_EXPECT_FALSE(test, nnt_path_exists(NNT_SYSFS "/handles/%u/queued",
						 c->handle));
	KUNIT_EXPECT_FALSE(test, nnt_path_exists(NNT_SYSFS "/handles/%u/filter",
						 c->handle));
	c->veto = -EPERM;
	KUNIT_EXPECT_NE(test, nnt_sh("ip link set nnt-c0 up"), 0);
	c->veto = 0;
	nnt_run(test, "ip link set nnt-c0 up; ip link set nnt-c0 down");
	KUNIT_EXPECT_EQ(test, nnt_read_ll(NNT_SYSFS "/handles/%u/pre_calls",
					  c->handle), 3);
	KUNIT_EXPECT_EQ(test, nnt_read_ll(NNT_SYSFS "/handles/%u/post_calls",
					  c->handle), 2);
	KUNIT_EXPECT_EQ(test, nnt_read_ll(NNT_SYSFS "/handles/%u/vetoes",
					  c->handle), 1);
	KUNIT_EXPECT_EQ(test, nnt_read_ll(NNT_SYSFS "/handles/%u/ignored_refusals",
					  c->handle), 0);
}

/* Churn: interfaces flapping, notifyees coming, refusing and going. */
#define NNTC_CHURN_ROUNDS	12

struct nntc_churn {
	struct net *net;
	atomic_t opens, refused;
	bool stop;
};

static int nntc_flap_thread(void *data)
{
	struct nntc_churn *ch = data;
	bool up = true;
	int err;

	while (!kthread_should_stop()) {
		err = nnt_set_up(ch->net, "nnt-c-r0", up);
		if (!err && up)
			atomic_inc(&ch->opens);
		else if (err)
			atomic_inc(&ch->refused);
		up = err || !up;
		cond_resched();
	}
	return 0;
}

/*
 * Register a churn notifyee in @net, without assertions (the flapping
 * thread is still running); NULL on failure, reported.
 */
static struct nntc *nntc_churn_register(struct kunit *test, struct net *net,
					unsigned int round)
{
	struct nntc *c = nntc_new(test, NULL, round, round & 1);
	int err = c ? netnotify_register_connect_notifyee(net, &nntc_both, c,
							  &c->handle) : -ENOMEM;

	KUNIT_EXPECT_EQ(test, err, 0);
	return err ? NULL : c;
}

/* A notifyee in a namespace deleted under it; its calls after its cancel. */
static int nntc_churn_netns(struct kunit *test, unsigned int round)
{
	struct nntc *c = NULL;
	struct net *net;

	KUNIT_EXPECT_EQ(test, nnt_sh("%s; %s", "ip netns add nnt-c-ns",
				     "ip -n nnt-c-ns link add nnt-c-d type dummy"), 0);
	net = nnt_netns_get("nnt-c-ns");
	if (net) {
		c = nntc_churn_register(test, net, round);
		put_net(net);
	}
	nnt_sh("ip -n nnt-c-ns link set nnt-c-d up; ip netns del nnt-c-ns");
	if (!c)
		return 0;
	/* Races with the namespace's teardown, which runs in the background. */
	nntc_unregister(test, c);
	return atomic_read(&c->late);
}

/*
 * Registering, refusing and cancelling (both ways) while another CPU brings
 * an interface up and down and namespaces come and go: no call after a
 * cancel returned, no deadlock (lockdep watches in the debug tiers).
 */
static void nntc_churn(struct kunit *test)
{
	struct nntc_churn *ch = kunit_kzalloc(test, sizeof(*ch), GFP_KERNEL);
	unsigned long end = jiffies + 3 * HZ, give_up = jiffies + 60 * HZ;
	int late = 0, calls = 0, vetoes = 0;
	unsigned int rounds = 0, i;
	struct task_struct *t;
	struct nntc *c;

	KUNIT_ASSERT_NOT_NULL(test, ch);
	nnt_run(test, "ip link add nnt-c-r0 type dummy");
	ch->net = &init_net;
	t = kthread_run(nntc_flap_thread, ch, "nntc-flap");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	get_task_struct(t);

	/* A few seconds, and a few rounds however slow the machine is. */
	while ((rounds < NNTC_CHURN_ROUNDS || time_before(jiffies, end)) &&
	       time_before(jiffies, give_up)) {
		c = nntc_churn_register(test, &init_net, rounds);
		if (!c)
			break;
		c->veto = rounds % 3 ? 0 : -EAGAIN;
		c->cancel_ret = rounds % 5 ? 0 : -EBUSY;
		/* Called once; a refusing one until it refused an open. */
		for (i = 0; i < 1000 && !atomic_read(c->veto ? &c->vetoed : &c->calls);
		     i++)
			usleep_range(500, 1000);
		if (rounds & 2) {
			KUNIT_EXPECT_EQ(test, netnotify_cancel_async(c->handle,
								     nntc_done, c), 0);
			if (!wait_for_completion_timeout(&c->done, 5 * HZ)) {
				KUNIT_FAIL(test, "no done for %u", c->handle);
				break;
			}
		} else {
			nntc_unregister(test, c);
		}
		/* A namespace with a notifyee and an interface up, torn down. */
		if (!(rounds % 8))
			late += nntc_churn_netns(test, rounds);
		usleep_range(1000, 2000);
		late += atomic_read(&c->late);
		calls += atomic_read(&c->calls);
		vetoes += atomic_read(&c->vetoed);
		rounds++;
	}
	kthread_stop(t);
	put_task_struct(t);
	kunit_info(test, "%u notifyees, %d calls, %d opens, %d refused", rounds,
		   calls, atomic_read(&ch->opens), atomic_read(&ch->refused));
	KUNIT_EXPECT_EQ(test, late, 0);
	KUNIT_EXPECT_GE(test, rounds, NNTC_CHURN_ROUNDS);
	KUNIT_EXPECT_GT(test, calls, 0);
	KUNIT_EXPECT_GT(test, atomic_read(&ch->opens), 0);
	KUNIT_EXPECT_GT(test, vetoes, 0);
	/* Each refusal failed exactly one open of the flapping thread. */
	KUNIT_EXPECT_EQ(test, atomic_read(&ch->refused), vetoes);
}

/* This thread's CPU time for @n opens and closes of nnt-c-cost. */
static u64 nntc_time_cycles(unsigned int n)
{
	u64 t0 = nnt_cpu_ns();
	unsigned int i;

	for (i = 0; i < n; i++) {
		nnt_set_up(&init_net, "nnt-c-cost", true);
		nnt_set_up(&init_net, "nnt-c-cost", false);
	}
	return nnt_cpu_ns() - t0;
}

static void nntc_noop_cb(void *ctx, const struct netnotify_ip_interface_row *row,
			 enum netnotify_type type)
{
}

#define NNTC_COST_ROUNDS	9

/*
 * The notifier's cost does not grow with handles of other kinds: the thread
 * opening and closing an interface runs the notifyee's PRE and POST and
 * every notifier and broadcast the change causes, and spends about the
 * same CPU time with 256 interface handles in the namespace as with none.
 * Both figures come from the same run, so only their ratio is judged.
 */
static void nntc_cost_flat(struct kunit *test)
{
	struct nnt_state *st = test->priv;
	u64 base = U64_MAX, loaded = U64_MAX;
	unsigned int n;
	int i;

	nnt_run(test, "ip link add nnt-c-cost type dummy");
	nntc_register(test, &init_net, NULL, 1, true);
	/* Rounds of 100 ms at least: UML 6.1 accounts in 10 ms ticks. */
	for (n = 50; n < 6400; n *= 2)
		if (nntc_time_cycles(n) >= 100 * NSEC_PER_MSEC)
			break;
	for (i = 0; i < NNTC_COST_ROUNDS; i++)
		base = min(base, nntc_time_cycles(n));

	/* Small queues: the fan-out may drop, the point is its cost. */
	nnt_run(test, "echo 16 > /sys/module/netnotify/parameters/queue_limit");
	for (i = 0; i < 256 && st->nhandles < ARRAY_SIZE(st->handles); i++) {
		u32 *h = &st->handles[st->nhandles];

		KUNIT_EXPECT_EQ(test, netnotify_ip_interface_change(&init_net,
								    AF_UNSPEC,
								    nntc_noop_cb,
								    NULL, false,
								    h), 0);
		st->nhandles += !!*h;
	}
	nnt_run(test, "echo 4096 > /sys/module/netnotify/parameters/queue_limit");
	for (i = 0; i < NNTC_COST_ROUNDS; i++)
		loaded = min(loaded, nntc_time_cycles(n));

	nnt_expect_flat_cost(test, "opens and closes with a notifyee", n, base,
			     loaded);
}

static struct kunit_case nntc_cases[] = {
	KUNIT_CASE(nntc_bad_args),
	KUNIT_CASE(nntc_veto),
	KUNIT_CASE(nntc_pairing),
	KUNIT_CASE(nntc_late_failure),
	KUNIT_CASE(nntc_order),
	KUNIT_CASE(nntc_nested),
	KUNIT_CASE(nntc_down_and_delete),
	KUNIT_CASE(nntc_netns),
	KUNIT_CASE(nntc_cancel_inside),
	KUNIT_CASE(nntc_cancel_drops_post),
	KUNIT_CASE(nntc_cancel_waits),
	KUNIT_CASE(nntc_sysfs),
	KUNIT_CASE(nntc_churn),
	KUNIT_CASE(nntc_cost_flat),
	{}
};

struct kunit_suite nnt_connect_suite = {
	.name = "netnotify_connect",
	.init = nnt_init,
	.exit = nnt_exit,
	.test_cases = nntc_cases,
};
