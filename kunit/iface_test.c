// SPDX-License-Identifier: GPL-2.0
/*
 * Interface notifications: ADD/DELETE/PARAMETER for real dummy and veth
 * devices changed with iproute2, per family, per namespace.
 */

#include "suites.h"
#include "util.h"

#include <linux/delay.h>
#include <linux/if_arp.h>
#include <net/net_namespace.h>

#define NNT_M(type, family, name) \
	(&(struct nnt_match){ (type), (family), (name) })

/* Wait for a matching event at or after *@from; advance *@from past it. */
static struct nnt_event nnt_expect(struct kunit *test, struct nnt_rec *rec,
				   int *from, int type, u16 family,
				   const char *name)
{
	int idx = nnt_rec_wait(rec, *from, NNT_M(type, family, name),
			       NNT_TIMEOUT_MS);

	if (idx < 0)
		nnt_rec_dump(test, rec);
	KUNIT_ASSERT_GE_MSG(test, idx, 0, "no event type %d family %u for %s",
			    type, family, name);
	*from = idx + 1;
	return nnt_rec_get(rec, idx);
}

/* No event for @name arrives within @ms. */
static void nnt_expect_none(struct kunit *test, struct nnt_rec *rec, int from,
			    const char *name, unsigned int ms)
{
	msleep(ms);
	KUNIT_EXPECT_EQ_MSG(test, nnt_rec_find(rec, from, NNT_M(-1, 0, name)),
			    -1, "unexpected event for %s", name);
}

/*
 * The kernel reports some link state of a new device up to a second later
 * (linkwatch); cases that count every event wait for that first.
 */
static void nnt_settle(void)
{
	msleep(1200);
}

/* A new dummy is an ADD per family with its full row; removal a DELETE. */
static void nnt_iface_add_delete(struct kunit *test)
{
	struct nnt_rec *rec = nnt_rec_new(test);
	struct nnt_event e;
	int from = 0, ifindex;

	nnt_register(test, &init_net, AF_UNSPEC, false, rec);
	nnt_run(test, "ip link add nnt-ad type dummy");
	ifindex = nnt_ifindex(&init_net, "nnt-ad");
	KUNIT_ASSERT_GT(test, ifindex, 0);

	e = nnt_expect(test, rec, &from, NETNOTIFY_ADD, AF_INET, "nnt-ad");
	KUNIT_EXPECT_EQ(test, e.row.ifindex, ifindex);
	KUNIT_EXPECT_EQ(test, e.row.mtu, 1500);
	KUNIT_EXPECT_EQ(test, e.row.link_type, ARPHRD_ETHER);
	KUNIT_EXPECT_EQ(test, e.row.hw_addr_len, ETH_ALEN);
	KUNIT_EXPECT_FALSE(test, e.row.admin_up);
	KUNIT_EXPECT_FALSE(test, e.row.connected);
	from = 0;
	e = nnt_expect(test, rec, &from, NETNOTIFY_ADD, AF_INET6, "nnt-ad");
	KUNIT_EXPECT_EQ(test, e.row.ifindex, ifindex);

	nnt_run(test, "ip link del nnt-ad");
	e = nnt_expect(test, rec, &from, NETNOTIFY_DELETE, AF_INET6, "nnt-ad");
	KUNIT_EXPECT_EQ(test, e.row.ifindex, ifindex);
	from = 0;
	e = nnt_expect(test, rec, &from, NETNOTIFY_DELETE, AF_INET, "nnt-ad");
	KUNIT_EXPECT_EQ(test, e.row.ifindex, ifindex);
	KUNIT_EXPECT_EQ(test, nnt_find_count(rec, NETNOTIFY_ADD), 2);
	KUNIT_EXPECT_EQ(test, nnt_find_count(rec, NETNOTIFY_DELETE), 2);
}

/* AF_INET and AF_INET6 handles see only their family; AF_UNSPEC both. */
static void nnt_iface_family_filter(struct kunit *test)
{
	struct nnt_rec *v4 = nnt_rec_new(test), *v6 = nnt_rec_new(test);
	struct nnt_rec *any = nnt_rec_new(test);
	int from;

	nnt_register(test, &init_net, AF_INET, false, v4);
	nnt_register(test, &init_net, AF_INET6, false, v6);
	nnt_register(test, &init_net, AF_UNSPEC, false, any);
	nnt_run(test, "ip link add nnt-fam type dummy && ip link del nnt-fam");

	from = 0;
	nnt_expect(test, any, &from, NETNOTIFY_DELETE, AF_INET, "nnt-fam");
	from = 0;
	nnt_expect(test, any, &from, NETNOTIFY_DELETE, AF_INET6, "nnt-fam");
	from = 0;
	nnt_expect(test, v4, &from, NETNOTIFY_DELETE, AF_INET, "nnt-fam");
	from = 0;
	nnt_expect(test, v6, &from, NETNOTIFY_DELETE, AF_INET6, "nnt-fam");
	KUNIT_EXPECT_EQ(test, nnt_rec_find(v4, 0, NNT_M(-1, AF_INET6, NULL)), -1);
	KUNIT_EXPECT_EQ(test, nnt_rec_find(v6, 0, NNT_M(-1, AF_INET, NULL)), -1);
	KUNIT_EXPECT_EQ(test, nnt_rec_count(any), 4);
}

/*
 * MTU changes are PARAMETERs; below 1280 the kernel destroys the IPv6
 * state, a DELETE of the IPv6 row, and above it re-creates it, an ADD.
 */
static void nnt_iface_mtu(struct kunit *test)
{
	struct nnt_rec *rec = nnt_rec_new(test);
	struct nnt_event e;
	int from, mark;

	nnt_run(test, "ip link add nnt-mtu type dummy");
	nnt_register(test, &init_net, AF_UNSPEC, false, rec);

	nnt_run(test, "ip link set nnt-mtu mtu 1400");
	from = 0;
	e = nnt_expect(test, rec, &from, NETNOTIFY_PARAMETER, AF_INET, "nnt-mtu");
	KUNIT_EXPECT_EQ(test, e.row.mtu, 1400);
	from = 0;
	e = nnt_expect(test, rec, &from, NETNOTIFY_PARAMETER, AF_INET6, "nnt-mtu");
	KUNIT_EXPECT_EQ(test, e.row.mtu, 1400);

	mark = nnt_rec_count(rec);
	nnt_run(test, "ip link set nnt-mtu mtu 1200");
	from = mark;
	e = nnt_expect(test, rec, &from, NETNOTIFY_PARAMETER, AF_INET, "nnt-mtu");
	KUNIT_EXPECT_EQ(test, e.row.mtu, 1200);
	from = mark;
	nnt_expect(test, rec, &from, NETNOTIFY_DELETE, AF_INET6, "nnt-mtu");

	mark = nnt_rec_count(rec);
	nnt_run(test, "ip link set nnt-mtu mtu 1500");
	from = mark;
	e = nnt_expect(test, rec, &from, NETNOTIFY_ADD, AF_INET6, "nnt-mtu");
	KUNIT_EXPECT_EQ(test, e.row.mtu, 1500);
	from = mark;
	e = nnt_expect(test, rec, &from, NETNOTIFY_PARAMETER, AF_INET, "nnt-mtu");
	KUNIT_EXPECT_EQ(test, e.row.mtu, 1500);
}

/* Admin state and carrier on a veth pair: connected needs both. */
static void nnt_iface_admin_carrier(struct kunit *test)
{
	struct nnt_rec *rec = nnt_rec_new(test);
	struct nnt_event e;
	int from = 0;

	nnt_run(test, "ip link add nnt-va type veth peer name nnt-vb");
	nnt_register(test, &init_net, AF_INET, false, rec);

	nnt_run(test, "ip link set nnt-va up");
	e = nnt_expect(test, rec, &from, NETNOTIFY_PARAMETER, AF_INET, "nnt-va");
	KUNIT_EXPECT_TRUE(test, e.row.admin_up);
	KUNIT_EXPECT_FALSE(test, e.row.carrier);
	KUNIT_EXPECT_FALSE(test, e.row.connected);
	KUNIT_EXPECT_TRUE(test, e.row.flags & IFF_UP);

	nnt_run(test, "ip link set nnt-vb up");
	do {
		e = nnt_expect(test, rec, &from, NETNOTIFY_PARAMETER, AF_INET,
			       "nnt-va");
	} while (!e.row.carrier);
	KUNIT_EXPECT_TRUE(test, e.row.connected);

	nnt_run(test, "ip link set nnt-vb down");
	do {
		e = nnt_expect(test, rec, &from, NETNOTIFY_PARAMETER, AF_INET,
			       "nnt-va");
	} while (e.row.carrier);
	KUNIT_EXPECT_TRUE(test, e.row.admin_up);
	KUNIT_EXPECT_FALSE(test, e.row.connected);

	nnt_run(test, "ip link set nnt-va down");
	e = nnt_expect(test, rec, &from, NETNOTIFY_PARAMETER, AF_INET, "nnt-va");
	KUNIT_EXPECT_FALSE(test, e.row.admin_up);
}

/* A rename is a PARAMETER of the same row with the new name. */
static void nnt_iface_rename(struct kunit *test)
{
	struct nnt_rec *rec = nnt_rec_new(test);
	struct nnt_event e;
	int from = 0, ifindex;

	nnt_run(test, "ip link add nnt-old type dummy");
	ifindex = nnt_ifindex(&init_net, "nnt-old");
	/* Its own ADD must not reach the handle registered next. */
	nnt_settle();
	nnt_register(test, &init_net, AF_INET6, false, rec);
	nnt_run(test, "ip link set nnt-old name nnt-new");
	e = nnt_expect(test, rec, &from, NETNOTIFY_PARAMETER, AF_INET6, "nnt-new");
	KUNIT_EXPECT_EQ(test, e.row.ifindex, ifindex);
	KUNIT_EXPECT_EQ(test, nnt_find_count(rec, NETNOTIFY_ADD), 0);
}

/* Forwarding changes (reported only by netconf) are per family. */
static void nnt_iface_forwarding(struct kunit *test)
{
	struct nnt_rec *rec = nnt_rec_new(test);
	struct nnt_event e;
	int from = 0, mark;

	nnt_run(test, "ip link add nnt-fwd type dummy");
	nnt_settle();
	nnt_register(test, &init_net, AF_UNSPEC, false, rec);

	nnt_run(test, "echo 1 > /proc/sys/net/ipv4/conf/nnt-fwd/forwarding");
	e = nnt_expect(test, rec, &from, NETNOTIFY_PARAMETER, AF_INET, "nnt-fwd");
	KUNIT_EXPECT_TRUE(test, e.row.forwarding);
	KUNIT_EXPECT_EQ(test, nnt_rec_find(rec, 0, NNT_M(-1, AF_INET6, NULL)), -1);

	mark = nnt_rec_count(rec);
	nnt_run(test, "echo 1 > /proc/sys/net/ipv6/conf/nnt-fwd/forwarding");
	from = mark;
	e = nnt_expect(test, rec, &from, NETNOTIFY_PARAMETER, AF_INET6, "nnt-fwd");
	KUNIT_EXPECT_TRUE(test, e.row.forwarding);

	mark = nnt_rec_count(rec);
	nnt_run(test, "echo 0 > /proc/sys/net/ipv4/conf/nnt-fwd/forwarding");
	from = mark;
	e = nnt_expect(test, rec, &from, NETNOTIFY_PARAMETER, AF_INET, "nnt-fwd");
	KUNIT_EXPECT_FALSE(test, e.row.forwarding);
	KUNIT_EXPECT_EQ(test, nnt_find_count(rec, NETNOTIFY_RESYNC), 0);
}

/*
 * Global switches ("all" and "default") are not interfaces. Writing them
 * resynchronizes nothing and drops nothing queued behind a slow client: no
 * RESYNC, no drop, no listener overrun. A global forwarding switch is
 * reported on each interface it changes, in order after what was queued.
 */
static void nnt_iface_global_sysctl(struct kunit *test)
{
	static const char * const knobs[] = {
		"1 >/proc/sys/net/ipv4/ip_forward",
		"1 >/proc/sys/net/ipv6/conf/all/forwarding",
		"1 >/proc/sys/net/ipv4/conf/default/forwarding",
		"0 >/proc/sys/net/ipv6/conf/default/forwarding",
		"2 >/proc/sys/net/ipv4/conf/all/rp_filter",
		"0 >/proc/sys/net/ipv4/ip_forward",
	};
	struct nnt_rec *rec = nnt_rec_new(test);
	struct nnt_hold *hold = nnt_hold_first(test, rec);
	long long overruns = nnt_read_ll("/sys/kernel/netnotify/overruns");
	int from = 0, fwd_on, fwd_off, i;
	struct nnt_event e;
	struct net *net;

	nnt_run(test, "ip netns add nnt-gs && ip -n nnt-gs link add nnt-gsd type dummy");
	net = nnt_netns_get("nnt-gs");
	KUNIT_ASSERT_NOT_NULL(test, net);
	nnt_register(test, net, AF_INET, false, rec);

	/* The first event holds the client; eight more queue behind it. */
	nnt_run(test, "ip -n nnt-gs link set nnt-gsd mtu 1400");
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&hold->started,
							    5 * HZ));
	nnt_run(test, "for m in $(seq 1401 1408); do %s; done | %s",
		"echo link set nnt-gsd mtu $m", "ip -n nnt-gs -batch -");
	for (i = 0; i < ARRAY_SIZE(knobs); i++)
		nnt_run(test, "ip netns exec nnt-gs sh -c 'echo %s'", knobs[i]);
	nnt_run(test, "ip -n nnt-gs link set nnt-gsd mtu 1409");
	nnt_wait_captured(test, rec->handle, 11);
	complete(&hold->release);
	nnt_wait_delivered(test, rec);

	KUNIT_EXPECT_EQ(test, nnt_find_count(rec, NETNOTIFY_RESYNC), 0);
	KUNIT_EXPECT_EQ(test, nnt_read_ll("/sys/kernel/netnotify/handles/%u/dropped",
					  rec->handle), 0);
	KUNIT_EXPECT_EQ(test, nnt_read_ll("/sys/kernel/netnotify/overruns"),
			overruns);
	e = nnt_expect(test, rec, &from, NETNOTIFY_PARAMETER, AF_INET, "nnt-gsd");
	KUNIT_EXPECT_EQ(test, e.row.mtu, 1400);
	e = nnt_expect(test, rec, &from, NETNOTIFY_PARAMETER, AF_INET, "nnt-gsd");
	KUNIT_EXPECT_EQ(test, e.row.mtu, 1401);
	fwd_on = nnt_rec_find(rec, from, NNT_M(NETNOTIFY_PARAMETER, AF_INET, "nnt-gsd"));
	while (fwd_on >= 0 && !nnt_rec_get(rec, fwd_on).row.forwarding)
		fwd_on = nnt_rec_find(rec, fwd_on + 1,
				      NNT_M(NETNOTIFY_PARAMETER, AF_INET, "nnt-gsd"));
	KUNIT_ASSERT_GE(test, fwd_on, 0);
	KUNIT_EXPECT_EQ(test, nnt_rec_get(rec, fwd_on).row.mtu, 1408);
	fwd_off = nnt_rec_find(rec, fwd_on + 1,
			       NNT_M(NETNOTIFY_PARAMETER, AF_INET, "nnt-gsd"));
	KUNIT_ASSERT_GE(test, fwd_off, 0);
	KUNIT_EXPECT_FALSE(test, nnt_rec_get(rec, fwd_off).row.forwarding);
	from = fwd_off + 1;
	e = nnt_expect(test, rec, &from, NETNOTIFY_PARAMETER, AF_INET, "nnt-gsd");
	KUNIT_EXPECT_EQ(test, e.row.mtu, 1409);
	put_net(net);
}

/*
 * The kernel reports changes that touch no row field (queue length, alias);
 * they are not delivered. The MTU change after them is the next event.
 */
static void nnt_iface_no_change(struct kunit *test)
{
	struct nnt_rec *rec = nnt_rec_new(test);
	struct nnt_event e;
	int from = 0;

	nnt_run(test, "ip link add nnt-nc type dummy");
	nnt_settle();
	nnt_register(test, &init_net, AF_INET, false, rec);
	nnt_run(test, "ip link set nnt-nc txqueuelen 100");
	nnt_run(test, "ip link set nnt-nc alias nnt");
	nnt_run(test, "ip link set nnt-nc mtu 1400");
	e = nnt_expect(test, rec, &from, NETNOTIFY_PARAMETER, AF_INET, "nnt-nc");
	KUNIT_EXPECT_EQ(test, e.row.mtu, 1400);
	KUNIT_EXPECT_EQ(test, from, 1);
	nnt_expect_none(test, rec, from, "nnt-nc", 200);
}

static void nnt_hold_hook(struct nnt_rec *rec, const struct nnt_event *e)
{
	struct completion *release = rec->priv;

	if (nnt_rec_count(rec) == 0)
		wait_for_completion(release);
}

/*
 * Rows are copies taken when the event happened: two quick changes made
 * while the callback is busy arrive with their own values.
 */
static void nnt_iface_row_copy(struct kunit *test)
{
	struct nnt_rec *rec = nnt_rec_new(test);
	struct completion *release;
	int from = 0;

	release = kunit_kzalloc(test, sizeof(*release), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, release);
	init_completion(release);
	rec->priv = release;
	rec->hook = nnt_hold_hook;

	nnt_run(test, "ip link add nnt-cp type dummy");
	nnt_register(test, &init_net, AF_INET, false, rec);
	nnt_run(test, "ip link set nnt-cp mtu 1450");
	msleep(100);
	nnt_run(test, "ip link set nnt-cp mtu 1400 && ip link set nnt-cp mtu 1300");
	msleep(100);
	complete(release);

	KUNIT_EXPECT_EQ(test, nnt_expect(test, rec, &from, NETNOTIFY_PARAMETER,
					 AF_INET, "nnt-cp").row.mtu, 1450);
	KUNIT_EXPECT_EQ(test, nnt_expect(test, rec, &from, NETNOTIFY_PARAMETER,
					 AF_INET, "nnt-cp").row.mtu, 1400);
	KUNIT_EXPECT_EQ(test, nnt_expect(test, rec, &from, NETNOTIFY_PARAMETER,
					 AF_INET, "nnt-cp").row.mtu, 1300);
}

/* A handle sees its own namespace only. */
static void nnt_iface_netns_isolation(struct kunit *test)
{
	struct nnt_rec *in_a = nnt_rec_new(test), *in_init = nnt_rec_new(test);
	struct net *a;
	int from = 0;

	nnt_run(test, "ip netns add nnt-a");
	a = nnt_netns_get("nnt-a");
	KUNIT_ASSERT_NOT_NULL(test, a);
	/* The new namespace's own lo must not reach the handle. */
	nnt_settle();
	nnt_register(test, a, AF_UNSPEC, false, in_a);
	nnt_register(test, &init_net, AF_UNSPEC, false, in_init);

	nnt_run(test, "ip -n nnt-a link add nnt-iso type dummy");
	nnt_run(test, "ip link add nnt-iso type dummy");
	nnt_expect(test, in_a, &from, NETNOTIFY_ADD, AF_INET, "nnt-iso");
	KUNIT_EXPECT_EQ(test, nnt_rec_get(in_a, from - 1).row.ifindex,
			nnt_ifindex(a, "nnt-iso"));
	from = 0;
	nnt_expect(test, in_init, &from, NETNOTIFY_ADD, AF_INET, "nnt-iso");
	KUNIT_EXPECT_EQ(test, nnt_rec_get(in_init, from - 1).row.ifindex,
			nnt_ifindex(&init_net, "nnt-iso"));
	msleep(100);
	KUNIT_EXPECT_EQ(test, nnt_rec_count(in_a), 2);
	KUNIT_EXPECT_EQ(test, nnt_rec_count(in_init), 2);
	put_net(a);
}

/* A device moving between namespaces: DELETE in the old, ADD in the new. */
static void nnt_iface_netns_move(struct kunit *test)
{
	struct nnt_rec *in_a = nnt_rec_new(test), *in_b = nnt_rec_new(test);
	struct net *a, *b;
	int from = 0;

	nnt_run(test, "ip netns add nnt-a && ip netns add nnt-b");
	a = nnt_netns_get("nnt-a");
	b = nnt_netns_get("nnt-b");
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	nnt_run(test, "ip -n nnt-a link add nnt-mv type dummy");
	nnt_register(test, a, AF_UNSPEC, false, in_a);
	nnt_register(test, b, AF_UNSPEC, false, in_b);

	nnt_run(test, "ip -n nnt-a link set nnt-mv netns nnt-b");
	nnt_expect(test, in_a, &from, NETNOTIFY_DELETE, AF_INET, "nnt-mv");
	from = 0;
	nnt_expect(test, in_a, &from, NETNOTIFY_DELETE, AF_INET6, "nnt-mv");
	from = 0;
	nnt_expect(test, in_b, &from, NETNOTIFY_ADD, AF_INET, "nnt-mv");
	KUNIT_EXPECT_EQ(test, nnt_rec_get(in_b, from - 1).row.ifindex,
			nnt_ifindex(b, "nnt-mv"));
	from = 0;
	nnt_expect(test, in_b, &from, NETNOTIFY_ADD, AF_INET6, "nnt-mv");
	KUNIT_EXPECT_EQ(test, nnt_find_count(in_a, NETNOTIFY_ADD), 0);
	KUNIT_EXPECT_EQ(test, nnt_find_count(in_b, NETNOTIFY_DELETE), 0);
	put_net(a);
	put_net(b);
}

/*
 * Dismantling a namespace with a live handle: the handle gets the DELETEs
 * of its interfaces, then nothing; it holds no reference (or the namespace
 * would never be dismantled), turns "orphaned", and cancels normally.
 */
static void nnt_iface_netns_delete(struct kunit *test)
{
	struct nnt_rec *rec = nnt_rec_new(test);
	unsigned int n, i, base;
	char name[IFNAMSIZ];
	struct net *a;
	int from;
	u32 h;

	/*
	 * The devices come after the handle, and their ADDs are awaited:
	 * created before it, they could still be in netnotify's queue when it
	 * registers and be reported to it as ADDs.
	 */
	nnt_run(test, "ip netns add nnt-a");
	a = nnt_netns_get("nnt-a");
	KUNIT_ASSERT_NOT_NULL(test, a);
	h = nnt_register(test, a, AF_UNSPEC, true, rec);
	put_net(a);
	nnt_run(test, "ip -n nnt-a link add nnt-d1 type dummy");
	nnt_run(test, "ip -n nnt-a link add nnt-d2 type veth peer name nnt-d3");
	for (i = 1; i <= 3; i++) {
		snprintf(name, sizeof(name), "nnt-d%u", i);
		from = 0;
		nnt_expect(test, rec, &from, NETNOTIFY_ADD, AF_INET, name);
		from = 0;
		nnt_expect(test, rec, &from, NETNOTIFY_ADD, AF_INET6, name);
	}
	base = nnt_rec_count(rec);

	nnt_run(test, "ip netns del nnt-a");
	from = base;
	nnt_expect(test, rec, &from, NETNOTIFY_DELETE, AF_INET, "lo");
	from = base;
	nnt_expect(test, rec, &from, NETNOTIFY_DELETE, AF_INET6, "lo");
	for (i = 1; i <= 3; i++) {
		snprintf(name, sizeof(name), "nnt-d%u", i);
		from = base;
		nnt_expect(test, rec, &from, NETNOTIFY_DELETE, AF_INET, name);
		from = base;
		nnt_expect(test, rec, &from, NETNOTIFY_DELETE, AF_INET6, name);
	}

	nnt_expect_orphaned(test, h);
	nnt_wait_delivered(test, rec);
	/*
	 * Link state changes may come first, and kernels with sit built in
	 * have sit0 in every namespace; a DELETE per interface and family
	 * ends it.
	 */
	KUNIT_EXPECT_EQ(test, nnt_rec_find(rec, base, NNT_M(NETNOTIFY_ADD, 0, NULL)),
			-1);
	KUNIT_EXPECT_EQ(test, nnt_find_count(rec, NETNOTIFY_INITIAL), 1);
	KUNIT_EXPECT_GE(test, nnt_find_count(rec, NETNOTIFY_DELETE), 2 * 4);
	n = nnt_rec_count(rec);
	KUNIT_EXPECT_EQ(test, nnt_rec_get(rec, n - 1).type, NETNOTIFY_DELETE);
	msleep(100);
	KUNIT_EXPECT_EQ(test, nnt_rec_count(rec), n);
	KUNIT_EXPECT_EQ(test, netnotify_cancel(h), 0);
	KUNIT_EXPECT_EQ(test, netnotify_cancel(h), -ENOENT);
}

static struct kunit_case nnt_iface_cases[] = {
	KUNIT_CASE(nnt_iface_add_delete),
	KUNIT_CASE(nnt_iface_family_filter),
	KUNIT_CASE(nnt_iface_mtu),
	KUNIT_CASE(nnt_iface_admin_carrier),
	KUNIT_CASE(nnt_iface_rename),
	KUNIT_CASE(nnt_iface_forwarding),
	KUNIT_CASE(nnt_iface_global_sysctl),
	KUNIT_CASE(nnt_iface_no_change),
	KUNIT_CASE(nnt_iface_row_copy),
	KUNIT_CASE(nnt_iface_netns_isolation),
	KUNIT_CASE(nnt_iface_netns_move),
	KUNIT_CASE(nnt_iface_netns_delete),
	{}
};

struct kunit_suite nnt_iface_suite = {
	.name = "netnotify_iface",
	.init = nnt_init,
	.exit = nnt_exit,
	.test_cases = nnt_iface_cases,
};
