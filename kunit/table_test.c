// SPDX-License-Identifier: GPL-2.0
/*
 * The stable address table (immediate, pending, cancelled) and the Get
 * functions for addresses and interfaces.
 */

#include "suites.h"
#include "util.h"

#include <linux/delay.h>
#include <linux/if_addr.h>
#include <linux/inet.h>
#include <linux/inetdevice.h>
#include <linux/netdevice.h>
#include <net/addrconf.h>
#include <net/net_namespace.h>

struct nnt_stable {
	spinlock_t lock;	/* protects the fields below */
	unsigned int calls;
	struct netnotify_unicast_ip_address_table *table;
	wait_queue_head_t wq;
	u32 *handle;		/* where the registration writes the handle */
	u32 seen;		/* *handle when the callback ran */
};

static void nnt_stable_cb(void *ctx,
			  struct netnotify_unicast_ip_address_table *table)
{
	struct nnt_stable *s = ctx;

	spin_lock(&s->lock);
	s->calls++;
	/* The caller must have its handle before the callback runs. */
	s->seen = s->handle ? READ_ONCE(*s->handle) : 0;
	if (!s->table)
		s->table = table;
	else
		netnotify_free_table(table);
	spin_unlock(&s->lock);
	wake_up_all(&s->wq);
}

static struct nnt_stable *nnt_stable_new(struct kunit *test)
{
	struct nnt_stable *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, s);
	spin_lock_init(&s->lock);
	init_waitqueue_head(&s->wq);
	return s;
}

static unsigned int nnt_stable_calls(struct nnt_stable *s)
{
	unsigned int n;

	spin_lock(&s->lock);
	n = s->calls;
	spin_unlock(&s->lock);
	return n;
}

/* The row of @addr in @t, or NULL. */
static const struct netnotify_unicast_ip_address_row *
nnt_table_find(const struct netnotify_unicast_ip_address_table *t,
	       const char *addr)
{
	u32 i;

	for (i = 0; t && i < t->num_entries; i++)
		if (nnt_addr_is(&t->table[i], addr))
			return &t->table[i];
	return NULL;
}

static struct net *nnt_new_ns(struct kunit *test, const char *name)
{
	struct net *net;

	nnt_run(test, "ip netns add %s && ip -n %s link set lo up", name, name);
	net = nnt_netns_get(name);
	KUNIT_ASSERT_NOT_NULL(test, net);
	return net;
}

static int nnt_stable_call(struct net *net, u16 family,
			   struct netnotify_unicast_ip_address_table **t,
			   struct nnt_stable *s, u32 *h)
{
	s->handle = h;
	return netnotify_stable_unicast_ip_address_table(net, family, t,
							 nnt_stable_cb, s, h);
}

/* Bad arguments: -EINVAL and nothing else; atomic context: -EDEADLK. */
static void nnt_stable_bad_args(struct kunit *test)
{
	struct netnotify_unicast_ip_address_table *t = (void *)1;
	struct netnotify_ip_interface_table *it;
	struct nnt_stable *s = nnt_stable_new(test);
	unsigned long flags;
	u32 h = 7;
	int err;

	KUNIT_EXPECT_EQ(test, nnt_stable_call(&init_net, AF_INET6, NULL, s, &h),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, h, 0);
	KUNIT_EXPECT_EQ(test, nnt_stable_call(&init_net, AF_INET6, &t, s, NULL),
			-EINVAL);
	KUNIT_EXPECT_NULL(test, t);
	err = netnotify_stable_unicast_ip_address_table(&init_net, AF_INET6, &t,
							NULL, s, &h);
	KUNIT_EXPECT_EQ(test, err, -EINVAL);
	KUNIT_EXPECT_EQ(test, nnt_stable_call(&init_net, 23, &t, s, &h), -EINVAL);
	KUNIT_EXPECT_EQ(test, nnt_stable_call(NULL, AF_INET6, &t, s, &h), -EINVAL);
	err = netnotify_get_unicast_ip_address_table(&init_net, AF_INET, NULL);
	KUNIT_EXPECT_EQ(test, err, -EINVAL);
	err = netnotify_get_ip_interface_table(&init_net, 99, &it);
	KUNIT_EXPECT_EQ(test, err, -EINVAL);
	err = netnotify_get_unicast_ip_address_entry(&init_net, NULL);
	KUNIT_EXPECT_EQ(test, err, -EINVAL);

	local_irq_save(flags);
	KUNIT_EXPECT_EQ(test, nnt_stable_call(&init_net, AF_INET6, &t, s, &h),
			-EDEADLK);
	err = netnotify_get_unicast_ip_address_table(&init_net, AF_INET, &t);
	local_irq_restore(flags);
	KUNIT_EXPECT_EQ(test, err, -EDEADLK);
	KUNIT_EXPECT_EQ(test, nnt_stable_calls(s), 0);
	netnotify_free_table(NULL);
}

/*
 * Nothing in DAD: the table comes back at once, the handle is 0, and the
 * callback never runs. A tentative address on a link that is down cannot
 * progress and does not hold the table up.
 */
static void nnt_stable_immediate(struct kunit *test)
{
	struct netnotify_unicast_ip_address_table *t = NULL;
	const struct netnotify_unicast_ip_address_row *r;
	struct nnt_stable *s = nnt_stable_new(test);
	struct net *net;
	u32 h = 7;

	net = nnt_new_ns(test, "nnt-s");
	/* Up, but its peer is down: no carrier, DAD cannot run. */
	nnt_run(test, "ip -n nnt-s link add nnt-sa type veth peer name nnt-sb");
	nnt_run(test, "ip -n nnt-s link set nnt-sa up");
	nnt_run(test, "ip -n nnt-s addr add 2001:db8:1::1/64 dev nnt-sa");
	nnt_run(test, "ip -n nnt-s addr add 192.0.2.7/24 dev nnt-sa");

	KUNIT_ASSERT_EQ(test, nnt_stable_call(net, AF_UNSPEC, &t, s, &h), 0);
	KUNIT_EXPECT_EQ(test, h, 0);
	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_EXPECT_NOT_NULL(test, nnt_table_find(t, "::1"));
	KUNIT_EXPECT_NOT_NULL(test, nnt_table_find(t, "127.0.0.1"));
	KUNIT_EXPECT_NOT_NULL(test, nnt_table_find(t, "192.0.2.7"));
	r = nnt_table_find(t, "2001:db8:1::1");
	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_EXPECT_EQ(test, r->dad_state, NETNOTIFY_DAD_TENTATIVE);
	netnotify_free_table(t);

	t = NULL;
	KUNIT_ASSERT_EQ(test, nnt_stable_call(net, AF_INET, &t, s, &h), 0);
	KUNIT_EXPECT_NULL(test, nnt_table_find(t, "::1"));
	KUNIT_EXPECT_NOT_NULL(test, nnt_table_find(t, "192.0.2.7"));
	netnotify_free_table(t);
	msleep(200);
	KUNIT_EXPECT_EQ(test, nnt_stable_calls(s), 0);
	put_net(net);
}

/*
 * The address must still be in DAD when the table is asked for: two
 * seconds of it, not the 200 ms nnt_veth_pair() sets, which a loaded host
 * has outlasted between the command and the call.
 */
static void nnt_slow_dad(struct kunit *test)
{
	nnt_run(test, "ip netns exec nnt-x sysctl -qw net.ipv6.neigh.nnt-xa.retrans_time_ms=2000");
}

static bool nnt_stable_wait(struct nnt_stable *s, unsigned int ms)
{
	return wait_event_timeout(s->wq, nnt_stable_calls(s) > 0,
				  msecs_to_jiffies(ms)) > 0;
}

/*
 * An address in DAD: -EINPROGRESS with a handle, then one callback with a
 * table in which it is preferred. The handle stays until cancelled.
 */
static void nnt_stable_pending(struct kunit *test)
{
	struct netnotify_unicast_ip_address_table *t = (void *)1;
	const struct netnotify_unicast_ip_address_row *r;
	struct nnt_stable *s = nnt_stable_new(test);
	char path[96], buf[32];
	struct net *x;
	u32 h = 0;

	x = nnt_veth_pair(test);
	nnt_slow_dad(test);
	nnt_run(test, "ip -n nnt-x addr add 2001:db8:2::1/64 dev nnt-xa");
	KUNIT_ASSERT_EQ(test, nnt_stable_call(x, AF_INET6, &t, s, &h),
			-EINPROGRESS);
	KUNIT_EXPECT_NULL(test, t);
	KUNIT_ASSERT_NE(test, h, 0);
	nnt_track(test, h);
	snprintf(path, sizeof(path), "/sys/kernel/netnotify/handles/%u/state", h);

	KUNIT_ASSERT_TRUE(test, nnt_stable_wait(s, 10000));
	KUNIT_EXPECT_EQ(test, s->seen, h);
	r = nnt_table_find(s->table, "2001:db8:2::1");
	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_EXPECT_EQ(test, r->dad_state, NETNOTIFY_DAD_PREFERRED);
	KUNIT_EXPECT_NOT_NULL(test, nnt_table_find(s->table, "::1"));
	netnotify_free_table(s->table);

	/* Later changes do not call again. */
	nnt_run(test, "ip -n nnt-x addr add 2001:db8:2::2/64 dev nnt-xa");
	msleep(1000);
	KUNIT_EXPECT_EQ(test, nnt_stable_calls(s), 1);
	KUNIT_ASSERT_GT(test, nnt_read_file(path, buf, sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, strim(buf), "completed");
	KUNIT_EXPECT_EQ(test, netnotify_cancel(h), 0);
	KUNIT_EXPECT_FALSE(test, nnt_path_exists("/sys/kernel/netnotify/handles/%u", h));
	put_net(x);
}

/* Cancelled while pending: the callback never runs. */
static void nnt_stable_cancel_pending(struct kunit *test)
{
	struct netnotify_unicast_ip_address_table *t;
	struct nnt_stable *s = nnt_stable_new(test);
	struct net *x;
	u32 h = 0;

	x = nnt_veth_pair(test);
	nnt_slow_dad(test);
	nnt_run(test, "ip -n nnt-x addr add 2001:db8:3::1/64 dev nnt-xa");
	KUNIT_ASSERT_EQ(test, nnt_stable_call(x, AF_UNSPEC, &t, s, &h),
			-EINPROGRESS);
	nnt_track(test, h);
	KUNIT_EXPECT_EQ(test, netnotify_cancel(h), 0);
	msleep(1000);
	KUNIT_EXPECT_EQ(test, nnt_stable_calls(s), 0);
	put_net(x);
}

/*
 * The address table is complete and its rows are exactly what address
 * notifications carry; entries are found by key, or -ENOENT.
 */
static void nnt_get_addresses(struct kunit *test)
{
	struct nnt_match m = { NETNOTIFY_ADD, 0, NULL, "192.0.2.2" };
	struct netnotify_unicast_ip_address_table *t = NULL;
	struct netnotify_unicast_ip_address_row key = {}, *ev;
	struct nnt_rec *rec = nnt_rec_new(test);
	const struct netnotify_unicast_ip_address_row *r;
	struct net *net;
	int from, err;

	net = nnt_new_ns(test, "nnt-g");
	nnt_run(test, "ip -n nnt-g link add nnt-gd type dummy");
	nnt_run(test, "ip -n nnt-g link set nnt-gd up");
	nnt_register_addr(test, net, AF_UNSPEC, false, rec);
	nnt_run(test, "ip -n nnt-g addr add 192.0.2.1/24 dev nnt-gd");
	nnt_run(test, "ip -n nnt-g addr add 192.0.2.2/24 dev nnt-gd");
	nnt_run(test, "ip -n nnt-g addr add 2001:db8:4::1/64 dev nnt-gd nodad");

	err = netnotify_get_unicast_ip_address_table(net, AF_UNSPEC, &t);
	KUNIT_ASSERT_EQ(test, err, 0);
	/* lo (2), nnt-gd's link-local, and the three. */
	KUNIT_EXPECT_EQ(test, t->num_entries, 6);
	KUNIT_EXPECT_NOT_NULL(test, nnt_table_find(t, "127.0.0.1"));
	KUNIT_EXPECT_NOT_NULL(test, nnt_table_find(t, "::1"));
	KUNIT_EXPECT_NOT_NULL(test, nnt_table_find(t, "fe80::/64"));
	r = nnt_table_find(t, "192.0.2.2");
	KUNIT_ASSERT_NOT_NULL(test, r);

	/* The same row as the ADD delivered for it. */
	from = nnt_rec_wait(rec, 0, &m, NNT_TIMEOUT_MS);
	KUNIT_ASSERT_GE(test, from, 0);
	ev = &rec->ev[from].addr;
	KUNIT_EXPECT_EQ(test, memcmp(ev, r, sizeof(*r)), 0);
	netnotify_free_table(t);

	err = netnotify_get_unicast_ip_address_table(net, AF_INET6, &t);
	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_EXPECT_EQ(test, t->num_entries, 3);
	KUNIT_EXPECT_NULL(test, nnt_table_find(t, "192.0.2.1"));
	netnotify_free_table(t);

	key.family = AF_INET6;
	key.ifindex = nnt_ifindex(net, "nnt-gd");
	KUNIT_ASSERT_EQ(test, in6_pton("2001:db8:4::1", -1, key.addr.v6.s6_addr,
				       -1, NULL), 1);
	err = netnotify_get_unicast_ip_address_entry(net, &key);
	KUNIT_EXPECT_EQ(test, err, 0);
	KUNIT_EXPECT_EQ(test, key.prefix_len, 64);
	KUNIT_EXPECT_EQ(test, key.dad_state, NETNOTIFY_DAD_PREFERRED);
	KUNIT_EXPECT_TRUE(test, key.flags & IFA_F_NODAD);

	key.addr.v6.s6_addr[15] = 2;
	err = netnotify_get_unicast_ip_address_entry(net, &key);
	KUNIT_EXPECT_EQ(test, err, -ENOENT);
	key.family = AF_UNSPEC;
	err = netnotify_get_unicast_ip_address_entry(net, &key);
	KUNIT_EXPECT_EQ(test, err, -EINVAL);
	put_net(net);
}

static unsigned int nnt_count_family_devs(struct net *net, u16 family)
{
	struct net_device *dev;
	unsigned int n = 0;

	rcu_read_lock();
	for_each_netdev_rcu(net, dev)
		n += family == AF_INET ? !!__in_dev_get_rcu(dev) :
					 !!__in6_dev_get(dev);
	rcu_read_unlock();
	return n;
}

/* Every interface of the family, each row complete; entries by key. */
static void nnt_get_interfaces(struct kunit *test)
{
	struct netnotify_ip_interface_table *t = NULL;
	struct netnotify_ip_interface_row key = {};
	bool found = false;
	struct net *net;
	u32 i;

	net = nnt_new_ns(test, "nnt-i");
	nnt_run(test, "ip -n nnt-i link add nnt-i1 type dummy");
	nnt_run(test, "ip -n nnt-i link add nnt-i2 mtu 1200 type dummy");

	KUNIT_ASSERT_EQ(test, netnotify_get_ip_interface_table(net, AF_INET6, &t),
			0);
	KUNIT_EXPECT_EQ(test, t->num_entries, nnt_count_family_devs(net, AF_INET6));
	for (i = 0; i < t->num_entries; i++) {
		KUNIT_EXPECT_EQ(test, t->table[i].family, AF_INET6);
		/* An MTU below 1280 leaves a device without IPv6. */
		KUNIT_EXPECT_TRUE(test, strcmp(t->table[i].name, "nnt-i2"));
		found |= !strcmp(t->table[i].name, "nnt-i1");
	}
	KUNIT_EXPECT_TRUE(test, found);
	netnotify_free_table(t);

	KUNIT_ASSERT_EQ(test, netnotify_get_ip_interface_table(net, AF_UNSPEC, &t),
			0);
	KUNIT_EXPECT_EQ(test, t->num_entries,
			nnt_count_family_devs(net, AF_INET) +
			nnt_count_family_devs(net, AF_INET6));
	netnotify_free_table(t);

	key.family = AF_INET;
	key.ifindex = nnt_ifindex(net, "nnt-i2");
	KUNIT_EXPECT_EQ(test, netnotify_get_ip_interface_entry(net, &key), 0);
	KUNIT_EXPECT_STREQ(test, key.name, "nnt-i2");
	KUNIT_EXPECT_EQ(test, key.mtu, 1200);
	key.family = AF_INET6;
	KUNIT_EXPECT_EQ(test, netnotify_get_ip_interface_entry(net, &key), -ENOENT);
	key.ifindex = 99999;
	KUNIT_EXPECT_EQ(test, netnotify_get_ip_interface_entry(net, &key), -ENOENT);
	put_net(net);
}

struct nnt_get_in_cb {
	struct net *net;
	int err;
	struct netnotify_unicast_ip_address_row got;
	bool done;
};

static void nnt_get_hook(struct nnt_rec *rec, const struct nnt_event *e)
{
	struct nnt_get_in_cb *g = rec->priv;

	if (e->type != NETNOTIFY_ADD || g->done)
		return;
	g->got = e->addr;
	g->err = netnotify_get_unicast_ip_address_entry(g->net, &g->got);
	g->done = true;
}

/* The Windows pattern: read the entry from the callback of its ADD. */
static void nnt_get_from_callback(struct kunit *test)
{
	struct nnt_rec *rec = nnt_rec_new(test);
	struct nnt_get_in_cb *g = kunit_kzalloc(test, sizeof(*g), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, g);
	g->net = nnt_new_ns(test, "nnt-c");
	rec->priv = g;
	rec->hook = nnt_get_hook;
	nnt_run(test, "ip -n nnt-c link add nnt-cd type dummy");
	nnt_register_addr(test, g->net, AF_INET, false, rec);
	nnt_run(test, "ip -n nnt-c addr add 192.0.2.9/24 dev nnt-cd");
	KUNIT_ASSERT_TRUE(test, nnt_rec_wait_count(rec, 1, NNT_TIMEOUT_MS));
	KUNIT_EXPECT_TRUE(test, g->done);
	KUNIT_EXPECT_EQ(test, g->err, 0);
	KUNIT_EXPECT_EQ(test, g->got.prefix_len, 24);
	KUNIT_EXPECT_FALSE(test, rec->bad_context);
	put_net(g->net);
}

static struct kunit_case nnt_table_cases[] = {
	KUNIT_CASE(nnt_stable_bad_args),
	KUNIT_CASE(nnt_stable_immediate),
	KUNIT_CASE(nnt_stable_pending),
	KUNIT_CASE(nnt_stable_cancel_pending),
	KUNIT_CASE(nnt_get_addresses),
	KUNIT_CASE(nnt_get_interfaces),
	KUNIT_CASE(nnt_get_from_callback),
	{}
};

struct kunit_suite nnt_table_suite = {
	.name = "netnotify_table",
	.init = nnt_init,
	.exit = nnt_exit,
	.test_cases = nnt_table_cases,
};
