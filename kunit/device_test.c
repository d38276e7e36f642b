// SPDX-License-Identifier: GPL-2.0
/*
 * Device notifications (CM_Register_Notification): arrival, removal, start,
 * stop and rename of real dummy and veth devices changed with iproute2,
 * the four filters, enumeration under churn, namespaces and overflow.
 */

#include "device_util.h"
#include "suites.h"

#include <linux/delay.h>
#include <linux/if_arp.h>
#include <linux/kthread.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/net_namespace.h>
#include <net/rtnetlink.h>

/* A lock to call netnotify from under. */
static DEFINE_SPINLOCK(nntd_lock);

/* Every bad argument is refused, nothing is registered, *handle is 0. */
static void nnt_device_bad_args(struct kunit *test)
{
	struct nnt_rec *rec = nnt_rec_new(test);
	struct netnotify_device_filter f, all =
		nntd_filter(NETNOTIFY_DEVICE_FILTER_ALL, NULL, 0);
	long long live = nnt_read_ll(NNT_SYSFS "/live_handles");
	unsigned long flags;
	u32 h, iface;

#define NNTD_REFUSED(err, net, filter, cb) do {				\
	h = 0xdead;							\
	KUNIT_EXPECT_EQ(test, netnotify_register_device_notification(	\
			net, filter, rec, cb, &h), err);		\
	KUNIT_EXPECT_EQ(test, h, 0);					\
} while (0)

	NNTD_REFUSED(-EINVAL, NULL, &all, nntd_cb);
	NNTD_REFUSED(-EINVAL, &init_net, NULL, nntd_cb);
	NNTD_REFUSED(-EINVAL, &init_net, &all, NULL);
	KUNIT_EXPECT_EQ(test, netnotify_register_device_notification(&init_net, &all, rec,
								     nntd_cb, NULL), -EINVAL);

	f = all;
	f.size--;
	NNTD_REFUSED(-EINVAL, &init_net, &f, nntd_cb);
	f = all;
	f.flags = 0x2;
	NNTD_REFUSED(-EINVAL, &init_net, &f, nntd_cb);
	f = all;
	f.type = 4;
	NNTD_REFUSED(-EINVAL, &init_net, &f, nntd_cb);
	f = nntd_filter(NETNOTIFY_DEVICE_FILTER_NAME, "", 0);
	NNTD_REFUSED(-EINVAL, &init_net, &f, nntd_cb);
	memset(f.u.name, 'x', sizeof(f.u.name));	/* unterminated */
	NNTD_REFUSED(-EINVAL, &init_net, &f, nntd_cb);
	f = nntd_filter(NETNOTIFY_DEVICE_FILTER_NAME, "a/b", 0);
	NNTD_REFUSED(-EINVAL, &init_net, &f, nntd_cb);
	f = nntd_filter(NETNOTIFY_DEVICE_FILTER_KIND, "", 0);
	NNTD_REFUSED(-EINVAL, &init_net, &f, nntd_cb);
	f = nntd_filter(NETNOTIFY_DEVICE_FILTER_IFINDEX, NULL, 0);
	NNTD_REFUSED(-EINVAL, &init_net, &f, nntd_cb);
	f.u.ifindex = -1;
	NNTD_REFUSED(-EINVAL, &init_net, &f, nntd_cb);
	f.u.ifindex = 0x7ffffff0;	/* no such device */
	NNTD_REFUSED(-ENODEV, &init_net, &f, nntd_cb);

	/* Without CONFIG_PREEMPT_COUNT a bare spinlock cannot be seen. */
	spin_lock_irqsave(&nntd_lock, flags);
	NNTD_REFUSED(-EDEADLK, &init_net, &all, nntd_cb);
	spin_unlock_irqrestore(&nntd_lock, flags);
#undef NNTD_REFUSED
	KUNIT_EXPECT_EQ(test, nnt_read_ll(NNT_SYSFS "/live_handles"), live);

	/* Unregister: only live device handles. */
	KUNIT_EXPECT_EQ(test, netnotify_unregister_device_notification(0), -EINVAL);
	KUNIT_EXPECT_EQ(test, netnotify_unregister_device_notification(0xfffffff0),
			-ENOENT);
	iface = nnt_register(test, &init_net, AF_UNSPEC, false, nnt_rec_new(test));
	KUNIT_EXPECT_EQ(test, netnotify_unregister_device_notification(iface),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, netnotify_cancel(iface), 0);
	h = nntd_register(test, &init_net, &all, rec);
	KUNIT_EXPECT_EQ(test, netnotify_unregister_device_notification(h), 0);
	KUNIT_EXPECT_EQ(test, netnotify_unregister_device_notification(h), -ENOENT);
	KUNIT_EXPECT_EQ(test, netnotify_cancel(h), -ENOENT);

	/* The asynchronous cancel: the same answers, from any context. */
	KUNIT_EXPECT_EQ(test, netnotify_cancel_async(0, NULL, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, netnotify_cancel_async(h, NULL, NULL), -ENOENT);
	KUNIT_EXPECT_EQ(test, netnotify_cancel_async(0xfffffff0, NULL, NULL),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, nnt_read_ll(NNT_SYSFS "/live_handles"), live);
}

/*
 * *handle is written before any callback runs, and every callback is given
 * it: enumerated devices are delivered at once, racing register's return.
 */
static void nnt_device_handle_first(struct kunit *test)
{
	struct nnt_rec *rec;
	int i;

	for (i = 0; i < 20; i++) {
		rec = nnt_rec_new(test);
		nntd_register_all(test, &init_net, NETNOTIFY_DEVICE_ENUMERATE,
				  rec);
		KUNIT_ASSERT_TRUE(test, nnt_rec_wait_count(rec, 1, NNT_TIMEOUT_MS));
		KUNIT_EXPECT_EQ(test, netnotify_cancel(rec->handle), 0);
		nntd_expect_clean(test, rec);
		KUNIT_EXPECT_EQ(test, nnt_rec_get(rec, 0).handle, rec->handle);
	}
}

/* The devices of @net, as "name ifindex" pairs counted. */
static unsigned int nntd_count_devices(struct net *net, const char *kind)
{
	struct net_device *dev;
	unsigned int n = 0;

	rtnl_lock();
	for_each_netdev(net, dev)
		n += !kind || (dev->rtnl_link_ops &&
			       !strcmp(dev->rtnl_link_ops->kind, kind));
	rtnl_unlock();
	return n;
}

/*
 * Without ENUMERATE, nothing is said of present devices; with it, one
 * ARRIVAL per matching device, all before a later device's ARRIVAL.
 */
static void nnt_device_enumerate(struct kunit *test)
{
	struct nnt_rec *quiet = nnt_rec_new(test), *all = nnt_rec_new(test);
	struct nnt_rec *veth = nnt_rec_new(test), *name = nnt_rec_new(test);
	struct netnotify_device_filter f;
	unsigned int n, i;
	int from = 0;

	nnt_run(test, "ip link add nnt-e0 type dummy");
	nnt_run(test, "ip link add nnt-e1 type veth peer name nnt-e2");
	nntd_register_all(test, &init_net, 0, quiet);
	nntd_register_all(test, &init_net, NETNOTIFY_DEVICE_ENUMERATE, all);
	f = nntd_filter(NETNOTIFY_DEVICE_FILTER_KIND, "veth",
			NETNOTIFY_DEVICE_ENUMERATE);
	nntd_register(test, &init_net, &f, veth);
	f = nntd_filter(NETNOTIFY_DEVICE_FILTER_NAME, "nnt-e0",
			NETNOTIFY_DEVICE_ENUMERATE);
	nntd_register(test, &init_net, &f, name);

	n = nntd_count_devices(&init_net, NULL);
	KUNIT_EXPECT_TRUE(test, nnt_rec_wait_count(all, n, NNT_TIMEOUT_MS));
	nnt_run(test, "ip link add nnt-e3 type dummy");
	nntd_expect(test, all, &from, NETNOTIFY_DEVICE_ARRIVAL, "nnt-e3");
	KUNIT_EXPECT_EQ(test, from, n + 1);
	for (i = 0; i < n; i++)
		KUNIT_EXPECT_EQ(test, nnt_rec_get(all, i).action,
				NETNOTIFY_DEVICE_ARRIVAL);
	from = 0;
	nntd_expect(test, all, &from, NETNOTIFY_DEVICE_ARRIVAL, "lo");
	from = 0;
	nntd_expect(test, all, &from, NETNOTIFY_DEVICE_ARRIVAL, "nnt-e0");

	from = 0;
	nntd_expect(test, quiet, &from, NETNOTIFY_DEVICE_ARRIVAL, "nnt-e3");
	KUNIT_EXPECT_EQ(test, nnt_rec_count(quiet), 1);

	KUNIT_EXPECT_EQ(test, nntd_count_devices(&init_net, "veth"), 2);
	KUNIT_EXPECT_TRUE(test, nnt_rec_wait_count(veth, 2, NNT_TIMEOUT_MS));
	from = 0;
	nntd_expect(test, veth, &from, NETNOTIFY_DEVICE_ARRIVAL, "nnt-e1");
	from = 0;
	nntd_expect(test, veth, &from, NETNOTIFY_DEVICE_ARRIVAL, "nnt-e2");
	KUNIT_EXPECT_TRUE(test, nnt_rec_wait_count(name, 1, NNT_TIMEOUT_MS));
	msleep(200);
	KUNIT_EXPECT_EQ(test, nnt_rec_count(veth), 2);
	KUNIT_EXPECT_EQ(test, nnt_rec_count(name), 1);
	KUNIT_EXPECT_STREQ(test, nnt_rec_get(name, 0).dev.kind, "dummy");
	nntd_expect_clean(test, all);
}

struct nntd_churn {
	struct completion done;
	int rc;
};

static int nntd_churn_thread(void *data)
{
	struct nntd_churn *c = data;

	/* Devices come and go, a few alive at any time. */
	c->rc = nnt_sh("for i in $(seq 1 40); do ip link add nnt-c$i type dummy; %s; done; true",
		       "[ $i -gt 4 ] && ip link del nnt-c$((i - 4))");
	complete(&c->done);
	return 0;
}

/*
 * Replay @rec's events: a device must arrive before it is removed and
 * never arrive twice; what is left must be exactly what the kernel has.
 */
static void nntd_check_replay(struct kunit *test, struct nnt_rec *rec,
			      struct net *net)
{
	unsigned int i, n = nnt_rec_count(rec), left = 0;
	unsigned long *present;
	struct net_device *dev;
	struct nnt_event e;

	KUNIT_ASSERT_LE(test, n, NNT_MAX_EVENTS);
	present = bitmap_zalloc(4096, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, present);
	for (i = 0; i < n; i++) {
		e = nnt_rec_get(rec, i);
		KUNIT_EXPECT_TRUE(test, e.has_row && e.dev.ifindex < 4096);
		if (!e.has_row || e.dev.ifindex >= 4096)
			break;
		if (e.action == NETNOTIFY_DEVICE_ARRIVAL)
			KUNIT_EXPECT_FALSE_MSG(test, __test_and_set_bit(e.dev.ifindex, present),
					       "%s arrived twice", e.dev.name);
		else if (e.action == NETNOTIFY_DEVICE_REMOVAL)
			KUNIT_EXPECT_TRUE_MSG(test, __test_and_clear_bit(e.dev.ifindex, present),
					      "%s removed, never arrived", e.dev.name);
	}
	rtnl_lock();
	for_each_netdev(net, dev) {
		KUNIT_EXPECT_TRUE_MSG(test, dev->ifindex < 4096 &&
				      test_bit(dev->ifindex, present),
				      "%s missed", dev->name);
		left++;
	}
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, bitmap_weight(present, 4096), left);
	bitmap_free(present);
}

/*
 * Registrations with ENUMERATE while devices are created and deleted: each
 * handle's view, enumerated then followed, matches the kernel at the end.
 */
static void nnt_device_enumerate_churn(struct kunit *test)
{
	struct nntd_churn *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	struct nnt_rec *rec[12];
	struct task_struct *t;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, c);
	init_completion(&c->done);
	t = kthread_run(nntd_churn_thread, c, "nnt-churn");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	for (i = 0; i < ARRAY_SIZE(rec); i++) {
		rec[i] = nnt_rec_new(test);
		nntd_register_all(test, &init_net, NETNOTIFY_DEVICE_ENUMERATE,
				  rec[i]);
		msleep(30);
	}
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&c->done, 120 * HZ));
	KUNIT_EXPECT_EQ(test, c->rc, 0);
	for (i = 0; i < ARRAY_SIZE(rec); i++) {
		nnt_wait_delivered(test, rec[i]);
		nntd_check_replay(test, rec[i], &init_net);
		nntd_expect_clean(test, rec[i]);
	}
}

/*
 * A device's life, as every filter sees it: ARRIVAL with its details,
 * STARTED, STOPPED, RENAMED with both names, nothing for an MTU change,
 * REMOVAL; in process context, serialized, RTNL not held.
 */
static void nnt_device_events(struct kunit *test)
{
	struct nnt_rec *rec = nnt_rec_new(test);
	struct nnt_event e;
	char seq[16];
	int from = 0, ifindex;

	nntd_register_all(test, &init_net, 0, rec);
	nnt_run(test, "ip link add nnt-d0 type dummy");
	ifindex = nnt_ifindex(&init_net, "nnt-d0");
	e = nntd_expect(test, rec, &from, NETNOTIFY_DEVICE_ARRIVAL, "nnt-d0");
	KUNIT_EXPECT_EQ(test, e.dev.ifindex, ifindex);
	KUNIT_EXPECT_STREQ(test, e.dev.kind, "dummy");
	KUNIT_EXPECT_EQ(test, e.dev.link_type, ARPHRD_ETHER);
	KUNIT_EXPECT_EQ(test, e.dev.mtu, 1500);
	KUNIT_EXPECT_EQ(test, e.dev.hw_addr_len, ETH_ALEN);
	KUNIT_EXPECT_FALSE(test, e.dev.flags & IFF_UP);
	KUNIT_EXPECT_STREQ(test, e.dev.old_name, "");

	nnt_run(test, "ip link set nnt-d0 up");
	e = nntd_expect(test, rec, &from, NETNOTIFY_DEVICE_STARTED, "nnt-d0");
	KUNIT_EXPECT_TRUE(test, e.dev.flags & IFF_UP);
	nnt_run(test, "ip link set nnt-d0 mtu 1400");
	nnt_run(test, "ip link set nnt-d0 down");
	e = nntd_expect(test, rec, &from, NETNOTIFY_DEVICE_STOPPED, "nnt-d0");
	KUNIT_EXPECT_EQ(test, e.dev.mtu, 1400);
	nnt_run(test, "ip link set nnt-d0 name nnt-d1");
	e = nntd_expect(test, rec, &from, NETNOTIFY_DEVICE_RENAMED, "nnt-d1");
	KUNIT_EXPECT_STREQ(test, e.dev.old_name, "nnt-d0");
	KUNIT_EXPECT_EQ(test, e.dev.ifindex, ifindex);
	nnt_run(test, "ip link del nnt-d1");
	e = nntd_expect(test, rec, &from, NETNOTIFY_DEVICE_REMOVAL, "nnt-d1");
	KUNIT_EXPECT_EQ(test, e.dev.ifindex, ifindex);
	msleep(300);
	KUNIT_EXPECT_STREQ(test, nntd_seq(rec, ifindex, seq, sizeof(seq)), "ASTRX");
	nntd_expect_clean(test, rec);
}

/* A name filter follows the name: renames are arrivals and removals. */
static void nnt_device_name_filter(struct kunit *test)
{
	struct netnotify_device_filter f =
		nntd_filter(NETNOTIFY_DEVICE_FILTER_NAME, "nnt-n1", 0);
	struct nnt_rec *rec = nnt_rec_new(test);
	static const int want[] = {
		NETNOTIFY_DEVICE_ARRIVAL, NETNOTIFY_DEVICE_STARTED,
		NETNOTIFY_DEVICE_STOPPED, NETNOTIFY_DEVICE_REMOVAL,
		NETNOTIFY_DEVICE_ARRIVAL, NETNOTIFY_DEVICE_REMOVAL,
	};
	int a, b, i;

	nntd_register(test, &init_net, &f, rec);
	nnt_run(test, "ip link add nnt-n0 type dummy");
	a = nnt_ifindex(&init_net, "nnt-n0");
	nnt_run(test, "ip link set nnt-n0 name nnt-n1");
	nnt_run(test, "ip link set nnt-n1 up && ip link set nnt-n1 down");
	nnt_run(test, "ip link set nnt-n1 name nnt-n2");
	nnt_run(test, "ip link set nnt-n2 up");
	nnt_run(test, "ip link add nnt-n1 type dummy");
	b = nnt_ifindex(&init_net, "nnt-n1");
	nnt_run(test, "ip link del nnt-n1 && ip link del nnt-n2");
	KUNIT_ASSERT_TRUE(test, nnt_rec_wait_count(rec, ARRAY_SIZE(want),
						   NNT_TIMEOUT_MS));
	msleep(300);
	KUNIT_ASSERT_EQ(test, nnt_rec_count(rec), ARRAY_SIZE(want));
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		struct nnt_event e = nnt_rec_get(rec, i);

		KUNIT_EXPECT_EQ_MSG(test, e.action, want[i], "event %d", i);
		KUNIT_EXPECT_EQ(test, e.dev.ifindex, i < 4 ? a : b);
	}
	/* The rename away carries the new name and the filter's. */
	KUNIT_EXPECT_STREQ(test, nnt_rec_get(rec, 3).dev.name, "nnt-n2");
	KUNIT_EXPECT_STREQ(test, nnt_rec_get(rec, 3).dev.old_name, "nnt-n1");
	nntd_expect_clean(test, rec);
}

/*
 * An ifindex filter follows its device across a rename; after the device
 * leaves, nothing, not even when it comes back with the same ifindex; the
 * handle stays cancellable.
 */
static void nnt_device_ifindex_filter(struct kunit *test)
{
	struct netnotify_device_filter f =
		nntd_filter(NETNOTIFY_DEVICE_FILTER_IFINDEX, NULL, 0);
	struct nnt_rec *rec = nnt_rec_new(test);
	char seq[16], state[16] = "";
	int from = 0;
	u32 h;

	nnt_run(test, "ip link add nnt-i0 type dummy && ip link add nnt-i9 type dummy");
	nnt_run(test, "ip netns add nnt-ins");
	f.u.ifindex = nnt_ifindex(&init_net, "nnt-i0");
	h = nntd_register(test, &init_net, &f, rec);
	nnt_run(test, "ip link set nnt-i0 name nnt-i1 && ip link set nnt-i9 up");
	nntd_expect(test, rec, &from, NETNOTIFY_DEVICE_RENAMED, "nnt-i1");
	nnt_run(test, "ip link set nnt-i1 netns nnt-ins");
	nntd_expect(test, rec, &from, NETNOTIFY_DEVICE_REMOVAL, "nnt-i1");
	nnt_run(test, "ip -n nnt-ins link set nnt-i1 netns 1");
	KUNIT_EXPECT_EQ(test, nnt_ifindex(&init_net, "nnt-i1"), f.u.ifindex);
	nnt_run(test, "ip link set nnt-i1 up && ip link del nnt-i1");
	msleep(500);
	KUNIT_EXPECT_STREQ(test, nntd_seq(rec, f.u.ifindex, seq, sizeof(seq)), "RX");
	KUNIT_EXPECT_EQ(test, nnt_rec_count(rec), 2);
	nntd_read_handle_file(test, h, "state", state, sizeof(state));
	KUNIT_EXPECT_STREQ(test, state, "removed");
	KUNIT_EXPECT_EQ(test, netnotify_unregister_device_notification(h), 0);
	nntd_expect_clean(test, rec);
}

/* A kind filter sees the devices of its rtnl link kind only. */
static void nnt_device_kind_filter(struct kunit *test)
{
	struct netnotify_device_filter f =
		nntd_filter(NETNOTIFY_DEVICE_FILTER_KIND, "veth", 0);
	struct nnt_rec *rec = nnt_rec_new(test);
	int from = 0;

	nntd_register(test, &init_net, &f, rec);
	nnt_run(test, "ip link add nnt-k0 type dummy");
	nnt_run(test, "ip link add nnt-k1 type veth peer name nnt-k2");
	nnt_run(test, "ip link del nnt-k0 && ip link del nnt-k1");
	nntd_expect(test, rec, &from, NETNOTIFY_DEVICE_ARRIVAL, "nnt-k1");
	from = 0;
	nntd_expect(test, rec, &from, NETNOTIFY_DEVICE_ARRIVAL, "nnt-k2");
	from = 0;
	nntd_expect(test, rec, &from, NETNOTIFY_DEVICE_REMOVAL, "nnt-k1");
	from = 0;
	nntd_expect(test, rec, &from, NETNOTIFY_DEVICE_REMOVAL, "nnt-k2");
	msleep(300);
	KUNIT_EXPECT_EQ(test, nnt_rec_count(rec), 4);
	KUNIT_EXPECT_EQ(test, nntd_find(rec, 0, -1, "nnt-k0"), -1);
	KUNIT_EXPECT_STREQ(test, nnt_rec_get(rec, 0).dev.kind, "veth");
}

/*
 * A device whose last reference is held while it is deleted: the kernel
 * repeats NETDEV_UNREGISTER about once a second meanwhile. One REMOVAL.
 */
static void nnt_device_removal_once(struct kunit *test)
{
	struct nnt_rec *rec = nnt_rec_new(test);
	struct net_device *dev;
	int from = 0;

	nnt_run(test, "ip link add nnt-h0 type dummy && ip link set nnt-h0 up");
	nntd_register_all(test, &init_net, 0, rec);
	dev = dev_get_by_name(&init_net, "nnt-h0");
	KUNIT_ASSERT_NOT_NULL(test, dev);
	/* ip waits for the reference in the background. */
	nnt_run(test, "ip link del nnt-h0 &");
	nntd_expect(test, rec, &from, NETNOTIFY_DEVICE_REMOVAL, "nnt-h0");
	msleep(2500);
	dev_put(dev);
	msleep(500);
	KUNIT_EXPECT_EQ(test, nntd_find(rec, from, -1, NULL), -1);
	from = 0;
	nntd_expect(test, rec, &from, NETNOTIFY_DEVICE_STOPPED, "nnt-h0");
	KUNIT_EXPECT_EQ(test, nnt_rec_count(rec), 2);
}

/*
 * A handle sees its own namespace: a device moved out is a REMOVAL here
 * and an ARRIVAL there, with its ifindex there; dismantling the namespace
 * delivers every REMOVAL, lo's included, and the handle stays
 * cancellable.
 */
static void nnt_device_netns(struct kunit *test)
{
	struct nnt_rec *here = nnt_rec_new(test), *there = nnt_rec_new(test);
	struct nnt_state *st = test->priv;
	struct nnt_event e;
	int from = 0, ifindex;
	u32 h;

	nnt_run(test, "ip netns add nnt-dns");
	st->net = nnt_netns_get("nnt-dns");
	KUNIT_ASSERT_NOT_NULL(test, st->net);
	nntd_register_all(test, &init_net, 0, here);
	h = nntd_register_all(test, st->net, 0, there);

	nnt_run(test, "ip link add nnt-m0 type dummy");
	nntd_expect(test, here, &from, NETNOTIFY_DEVICE_ARRIVAL, "nnt-m0");
	nnt_run(test, "ip link set nnt-m0 netns nnt-dns");
	nnt_run(test, "ip -n nnt-dns link set nnt-m0 name nnt-m1");
	nntd_expect(test, here, &from, NETNOTIFY_DEVICE_REMOVAL, "nnt-m0");
	ifindex = nnt_ifindex(st->net, "nnt-m1");
	from = 0;
	e = nntd_expect(test, there, &from, NETNOTIFY_DEVICE_ARRIVAL, "nnt-m0");
	KUNIT_EXPECT_EQ(test, e.dev.ifindex, ifindex);
	nntd_expect(test, there, &from, NETNOTIFY_DEVICE_RENAMED, "nnt-m1");
	nnt_run(test, "ip -n nnt-dns link add nnt-m2 type dummy");
	nntd_expect(test, there, &from, NETNOTIFY_DEVICE_ARRIVAL, "nnt-m2");
	KUNIT_EXPECT_EQ(test, nntd_find(here, 0, -1, "nnt-m2"), -1);
	KUNIT_EXPECT_EQ(test, nntd_find(here, 0, -1, "nnt-m1"), -1);

	put_net(st->net);
	st->net = NULL;
	nnt_run(test, "ip netns del nnt-dns");
	nnt_expect_orphaned(test, h);
	from = 0;
	nntd_expect(test, there, &from, NETNOTIFY_DEVICE_REMOVAL, "nnt-m1");
	from = 0;
	nntd_expect(test, there, &from, NETNOTIFY_DEVICE_REMOVAL, "nnt-m2");
	from = 0;
	nntd_expect(test, there, &from, NETNOTIFY_DEVICE_REMOVAL, "lo");
	KUNIT_EXPECT_EQ(test, netnotify_unregister_device_notification(h), 0);
	nntd_expect_clean(test, there);
}

/* A full queue: dropped events, then exactly one RESYNC. */
static void nnt_device_overflow(struct kunit *test)
{
	struct netnotify_device_filter f =
		nntd_filter(NETNOTIFY_DEVICE_FILTER_NAME, "nnt-o0", 0);
	struct nnt_rec *rec = nnt_rec_new(test);
	struct nnt_hold *hold = nnt_hold_first(test, rec);
	u32 h;

	nnt_run(test, "ip link add nnt-o0 type dummy");
	nnt_run(test, "echo 8 > /sys/module/netnotify/parameters/queue_limit");
	h = nntd_register(test, &init_net, &f, rec);
	nnt_run(test, "echo 4096 > /sys/module/netnotify/parameters/queue_limit");
	nnt_run(test, "ip link set nnt-o0 up");
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&hold->started, 5 * HZ));
	nnt_run(test, "for i in $(seq 1 20); do %s; done",
		"ip link set nnt-o0 down; ip link set nnt-o0 up");
	nnt_wait_captured(test, h, 40);
	nnt_expect_one_resync(test, rec, hold, 41);
	KUNIT_EXPECT_EQ(test, nnt_rec_get(rec, 1).action, NETNOTIFY_DEVICE_RESYNC);
	KUNIT_EXPECT_FALSE(test, nnt_rec_get(rec, 1).has_row);
	nntd_expect_clean(test, rec);
}

/* sysfs shows a device handle's kind, filter and state. */
static void nnt_device_sysfs(struct kunit *test)
{
	struct netnotify_device_filter f =
		nntd_filter(NETNOTIFY_DEVICE_FILTER_KIND, "veth",
			    NETNOTIFY_DEVICE_ENUMERATE);
	char buf[64], path[96];
	u32 h, iface;

	h = nntd_register(test, &init_net, &f, nnt_rec_new(test));
	nntd_read_handle_file(test, h, "kind", buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, buf, "device");
	nntd_read_handle_file(test, h, "filter", buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, buf, "kind veth enumerate");
	nntd_read_handle_file(test, h, "state", buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, buf, "active");

	nnt_run(test, "ip link add nnt-y0 type dummy");
	f = nntd_filter(NETNOTIFY_DEVICE_FILTER_IFINDEX, NULL, 0);
	f.u.ifindex = nnt_ifindex(&init_net, "nnt-y0");
	h = nntd_register(test, &init_net, &f, nnt_rec_new(test));
	nntd_read_handle_file(test, h, "filter", buf, sizeof(buf));
	snprintf(path, sizeof(path), "ifindex %d", f.u.ifindex);
	KUNIT_EXPECT_STREQ(test, buf, path);

	/* Other kinds have no filter file. */
	iface = nnt_register(test, &init_net, AF_INET, false, nnt_rec_new(test));
	KUNIT_EXPECT_FALSE(test, nnt_path_exists(NNT_SYSFS "/handles/%u/filter",
						 iface));
}

static struct kunit_case nnt_device_cases[] = {
	KUNIT_CASE(nnt_device_bad_args),
	KUNIT_CASE(nnt_device_handle_first),
	KUNIT_CASE(nnt_device_enumerate),
	KUNIT_CASE(nnt_device_enumerate_churn),
	KUNIT_CASE(nnt_device_events),
	KUNIT_CASE(nnt_device_name_filter),
	KUNIT_CASE(nnt_device_ifindex_filter),
	KUNIT_CASE(nnt_device_kind_filter),
	KUNIT_CASE(nnt_device_removal_once),
	KUNIT_CASE(nnt_device_netns),
	KUNIT_CASE(nnt_device_overflow),
	KUNIT_CASE(nnt_device_sysfs),
	{}
};

struct kunit_suite nnt_device_suite = {
	.name = "netnotify_device",
	.init = nnt_init,
	.exit = nnt_exit,
	.test_cases = nnt_device_cases,
};
