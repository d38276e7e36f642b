// SPDX-License-Identifier: GPL-2.0
/*
 * Unicast address notifications: IPv4 add/change/replace/delete, and IPv6
 * DAD for real, on a veth pair between two namespaces: tentative to
 * preferred (promptly), a genuine duplicate, nodad, optimistic DAD,
 * keep_addr_on_down, and SLAAC from radvd's router advertisements. Then the
 * handle rules, checked again for address handles.
 */

#include "suites.h"
#include "util.h"

#include <linux/delay.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <net/net_namespace.h>

#define NNT_A(type, family, addr) \
	(&(struct nnt_match){ (type), (family), NULL, (addr) })

/* Wait for a matching address event at or after *@from; move past it. */
static struct netnotify_unicast_ip_address_row
nnt_expect_addr(struct kunit *test, struct nnt_rec *rec, int *from, int type,
		const char *addr, unsigned int timeout_ms)
{
	int idx = nnt_rec_wait(rec, *from, NNT_A(type, 0, addr), timeout_ms);

	if (idx < 0)
		nnt_rec_dump(test, rec);
	KUNIT_ASSERT_GE_MSG(test, idx, 0, "no event type %d for %s", type, addr);
	*from = idx + 1;
	return nnt_rec_get(rec, idx).addr;
}

static unsigned int nnt_count_addr(struct nnt_rec *rec, int type,
				   const char *addr)
{
	unsigned int n = 0;
	int i = 0;

	while ((i = nnt_rec_find(rec, i, NNT_A(type, 0, addr))) >= 0) {
		n++;
		i++;
	}
	return n;
}

static void nnt_xsysctl(struct kunit *test, const char *knob, int v)
{
	nnt_run(test, "ip netns exec nnt-x sh -c 'echo %d >/proc/sys/net/ipv6/conf/nnt-xa/%s'",
		v, knob);
}

/* IPv4: preferred from the start; add, lifetimes changed, replace, delete. */
static void nnt_addr_ipv4(struct kunit *test)
{
	struct nnt_rec *rec = nnt_rec_new(test);
	struct netnotify_unicast_ip_address_row r;
	int from = 0, ifindex;

	nnt_run(test, "ip link add nnt-a4 type dummy");
	ifindex = nnt_ifindex(&init_net, "nnt-a4");
	nnt_register_addr(test, &init_net, AF_INET, false, rec);

	nnt_run(test, "ip addr add 192.0.2.1/24 dev nnt-a4");
	r = nnt_expect_addr(test, rec, &from, NETNOTIFY_ADD, "192.0.2.1",
			    NNT_TIMEOUT_MS);
	KUNIT_EXPECT_EQ(test, r.family, AF_INET);
	KUNIT_EXPECT_EQ(test, r.ifindex, ifindex);
	KUNIT_EXPECT_EQ(test, r.prefix_len, 24);
	KUNIT_EXPECT_EQ(test, r.dad_state, NETNOTIFY_DAD_PREFERRED);
	KUNIT_EXPECT_EQ(test, r.valid_lifetime, U32_MAX);
	KUNIT_EXPECT_EQ(test, r.preferred_lifetime, U32_MAX);
	KUNIT_EXPECT_EQ(test, r.prefix_origin, NETNOTIFY_PREFIX_MANUAL);
	KUNIT_EXPECT_EQ(test, r.suffix_origin, NETNOTIFY_SUFFIX_MANUAL);
	KUNIT_EXPECT_TRUE(test, r.flags & IFA_F_PERMANENT);
	KUNIT_EXPECT_STREQ(test, r.label, "nnt-a4");

	/* Lifetimes set by configuration are a change. */
	nnt_run(test, "ip addr change 192.0.2.1/24 dev nnt-a4 %s",
		"valid_lft 300 preferred_lft 200");
	r = nnt_expect_addr(test, rec, &from, NETNOTIFY_PARAMETER, "192.0.2.1",
			    NNT_TIMEOUT_MS);
	KUNIT_EXPECT_GE(test, r.valid_lifetime, 298);
	KUNIT_EXPECT_LE(test, r.valid_lifetime, 300);
	KUNIT_EXPECT_GE(test, r.preferred_lifetime, 198);
	KUNIT_EXPECT_LE(test, r.preferred_lifetime, 200);
	KUNIT_EXPECT_FALSE(test, r.flags & IFA_F_PERMANENT);

	/* A preferred lifetime of 0 deprecates the address. */
	nnt_run(test, "ip addr change 192.0.2.1/24 dev nnt-a4 %s",
		"valid_lft 300 preferred_lft 0");
	r = nnt_expect_addr(test, rec, &from, NETNOTIFY_PARAMETER, "192.0.2.1",
			    NNT_TIMEOUT_MS);
	KUNIT_EXPECT_EQ(test, r.dad_state, NETNOTIFY_DAD_DEPRECATED);
	KUNIT_EXPECT_TRUE(test, r.flags & IFA_F_DEPRECATED);

	nnt_run(test, "ip addr replace 192.0.2.1/24 dev nnt-a4 %s",
		"valid_lft forever preferred_lft forever");
	r = nnt_expect_addr(test, rec, &from, NETNOTIFY_PARAMETER, "192.0.2.1",
			    NNT_TIMEOUT_MS);
	KUNIT_EXPECT_EQ(test, r.valid_lifetime, U32_MAX);
	KUNIT_EXPECT_EQ(test, r.dad_state, NETNOTIFY_DAD_PREFERRED);

	/* IPv4 allows the same address with another prefix: another row. */
	nnt_run(test, "ip addr add 192.0.2.1/16 dev nnt-a4");
	r = nnt_expect_addr(test, rec, &from, NETNOTIFY_ADD, "192.0.2.1",
			    NNT_TIMEOUT_MS);
	KUNIT_EXPECT_EQ(test, r.prefix_len, 16);

	nnt_run(test, "ip addr del 192.0.2.1/24 dev nnt-a4");
	r = nnt_expect_addr(test, rec, &from, NETNOTIFY_DELETE, "192.0.2.1",
			    NNT_TIMEOUT_MS);
	KUNIT_EXPECT_EQ(test, r.prefix_len, 24);
	nnt_run(test, "ip link del nnt-a4");
	r = nnt_expect_addr(test, rec, &from, NETNOTIFY_DELETE, "192.0.2.1",
			    NNT_TIMEOUT_MS);
	KUNIT_EXPECT_EQ(test, r.prefix_len, 16);
	KUNIT_EXPECT_EQ(test, nnt_rec_count(rec), 7);
	KUNIT_EXPECT_FALSE(test, rec->overlap);
	KUNIT_EXPECT_FALSE(test, rec->bad_context);
}

/*
 * IPv6 DAD: the address appears tentative, and the kernel's RTM_NEWADDR
 * at DAD completion becomes one PARAMETER with the preferred state, driven
 * by that message (no polling). The delay is measured from when the kernel
 * sent the message; a loaded guest can be as late to run netnotify's worker
 * as to wake the test's own listener, so the bound is 100 ms beyond the
 * listener's wake-up on the same message.
 */
static void nnt_addr_dad(struct kunit *test)
{
	struct nnt_rec *rec = nnt_rec_new(test);
	struct netnotify_unicast_ip_address_row r;
	ktime_t sent, read;
	struct socket *sock;
	int from = 0, idx;
	s64 delay, woke;
	struct net *x;

	x = nnt_veth_pair(test);
	nnt_register_addr(test, x, AF_INET6, false, rec);
	/*
	 * No assertion until the listener stops stamping: a case stopped in
	 * between would leave this module's code in the socket.
	 */
	sock = nnt_listen(x, RTNLGRP_IPV6_IFADDR);
	KUNIT_EXPECT_NOT_NULL(test, sock);
	if (!sock) {
		put_net(x);
		return;
	}
	KUNIT_EXPECT_EQ(test, nnt_sh("ip -n nnt-x addr add 2001:db8::1/64 dev nnt-xa"), 0);
	sent = nnt_listen_dad_done(sock, "2001:db8::1", 10000, &read);

	r = nnt_expect_addr(test, rec, &from, NETNOTIFY_ADD, "2001:db8::1",
			    NNT_TIMEOUT_MS);
	KUNIT_EXPECT_EQ(test, r.dad_state, NETNOTIFY_DAD_TENTATIVE);
	KUNIT_EXPECT_TRUE(test, r.flags & IFA_F_TENTATIVE);
	KUNIT_EXPECT_EQ(test, r.prefix_len, 64);
	KUNIT_EXPECT_EQ(test, r.prefix_origin, NETNOTIFY_PREFIX_MANUAL);

	KUNIT_ASSERT_NE(test, sent, 0);
	idx = nnt_rec_wait(rec, from, NNT_A(NETNOTIFY_PARAMETER, 0, "2001:db8::1"),
			   NNT_TIMEOUT_MS);
	KUNIT_ASSERT_GE(test, idx, 0);
	r = nnt_rec_get(rec, idx).addr;
	KUNIT_EXPECT_EQ(test, r.dad_state, NETNOTIFY_DAD_PREFERRED);
	KUNIT_EXPECT_FALSE(test, r.flags & IFA_F_TENTATIVE);
	delay = ktime_ms_delta(nnt_rec_get(rec, idx).when, sent);
	woke = ktime_ms_delta(read, sent);
	kunit_info(test, "PARAMETER %lld ms after the kernel sent RTM_NEWADDR; the test's listener read it after %lld ms",
		   delay, woke);
	KUNIT_EXPECT_LT(test, delay, 100 + woke);
	KUNIT_EXPECT_GT(test, delay, -100);
	/* Lifetimes counting down are no change: one PARAMETER, no more. */
	msleep(1500);
	KUNIT_EXPECT_EQ(test, nnt_count_addr(rec, NETNOTIFY_PARAMETER, "2001:db8::1"), 1);
	KUNIT_EXPECT_FALSE(test, rec->overlap);
	KUNIT_EXPECT_FALSE(test, rec->bad_context);
	sock_release(sock);
	put_net(x);
}

/*
 * A genuine duplicate across the veth pair. A permanent address that fails
 * DAD stays, as DUPLICATE; a non-permanent one is deleted.
 */
static void nnt_addr_duplicate(struct kunit *test)
{
	struct nnt_rec *rec = nnt_rec_new(test);
	struct netnotify_unicast_ip_address_row r;
	struct net *x;
	int from = 0;

	x = nnt_veth_pair(test);
	nnt_register_addr(test, x, AF_INET6, false, rec);
	nnt_run(test, "ip -n nnt-y addr add 2001:db8::5/64 dev nnt-ya nodad");
	nnt_run(test, "ip -n nnt-y addr add 2001:db8::6/64 dev nnt-ya nodad");

	nnt_run(test, "ip -n nnt-x addr add 2001:db8::5/64 dev nnt-xa");
	r = nnt_expect_addr(test, rec, &from, NETNOTIFY_ADD, "2001:db8::5",
			    NNT_TIMEOUT_MS);
	KUNIT_EXPECT_EQ(test, r.dad_state, NETNOTIFY_DAD_TENTATIVE);
	r = nnt_expect_addr(test, rec, &from, NETNOTIFY_PARAMETER, "2001:db8::5",
			    10000);
	KUNIT_EXPECT_EQ(test, r.dad_state, NETNOTIFY_DAD_DUPLICATE);
	KUNIT_EXPECT_TRUE(test, r.flags & IFA_F_DADFAILED);

	from = 0;
	nnt_run(test, "ip -n nnt-x addr add 2001:db8::6/64 dev nnt-xa %s",
		"valid_lft 300 preferred_lft 300");
	r = nnt_expect_addr(test, rec, &from, NETNOTIFY_ADD, "2001:db8::6",
			    NNT_TIMEOUT_MS);
	KUNIT_EXPECT_EQ(test, r.dad_state, NETNOTIFY_DAD_TENTATIVE);
	KUNIT_EXPECT_FALSE(test, r.flags & IFA_F_PERMANENT);
	nnt_expect_addr(test, rec, &from, NETNOTIFY_DELETE, "2001:db8::6", 10000);
	KUNIT_EXPECT_EQ(test, nnt_count_addr(rec, NETNOTIFY_PARAMETER, "2001:db8::6"), 0);
	put_net(x);
}

/* nodad: preferred from the ADD, and nothing follows. */
static void nnt_addr_nodad(struct kunit *test)
{
	struct nnt_rec *rec = nnt_rec_new(test);
	struct netnotify_unicast_ip_address_row r;
	struct net *x;
	int from = 0;

	x = nnt_veth_pair(test);
	nnt_register_addr(test, x, AF_INET6, false, rec);
	nnt_run(test, "ip -n nnt-x addr add 2001:db8::7/64 dev nnt-xa nodad");
	r = nnt_expect_addr(test, rec, &from, NETNOTIFY_ADD, "2001:db8::7",
			    NNT_TIMEOUT_MS);
	KUNIT_EXPECT_EQ(test, r.dad_state, NETNOTIFY_DAD_PREFERRED);
	KUNIT_EXPECT_TRUE(test, r.flags & IFA_F_NODAD);
	msleep(1000);
	KUNIT_EXPECT_EQ(test, nnt_count_addr(rec, -1, "2001:db8::7"), 1);

	/* Deprecation by configuration. */
	nnt_run(test, "ip -n nnt-x addr change 2001:db8::7/64 dev nnt-xa %s",
		"valid_lft 100 preferred_lft 0");
	r = nnt_expect_addr(test, rec, &from, NETNOTIFY_PARAMETER, "2001:db8::7",
			    NNT_TIMEOUT_MS);
	KUNIT_EXPECT_EQ(test, r.dad_state, NETNOTIFY_DAD_DEPRECATED);
	KUNIT_EXPECT_LE(test, r.valid_lifetime, 100);
	put_net(x);
}

/*
 * Optimistic DAD: usable (preferred) from the ADD while DAD runs; its end
 * is a PARAMETER that clears the flag.
 */
static void nnt_addr_optimistic(struct kunit *test)
{
	struct nnt_rec *rec = nnt_rec_new(test);
	struct netnotify_unicast_ip_address_row r;
	struct net *x;
	int from = 0;

	x = nnt_veth_pair(test);
	nnt_xsysctl(test, "optimistic_dad", 1);
	nnt_xsysctl(test, "use_optimistic", 1);
	nnt_register_addr(test, x, AF_INET6, false, rec);
	nnt_run(test, "ip -n nnt-x addr add 2001:db8::9/64 dev nnt-xa optimistic");
	r = nnt_expect_addr(test, rec, &from, NETNOTIFY_ADD, "2001:db8::9",
			    NNT_TIMEOUT_MS);
	KUNIT_EXPECT_EQ(test, r.dad_state, NETNOTIFY_DAD_PREFERRED);
	KUNIT_EXPECT_TRUE(test, r.flags & IFA_F_OPTIMISTIC);
	r = nnt_expect_addr(test, rec, &from, NETNOTIFY_PARAMETER, "2001:db8::9",
			    10000);
	KUNIT_EXPECT_EQ(test, r.dad_state, NETNOTIFY_DAD_PREFERRED);
	KUNIT_EXPECT_FALSE(test, r.flags & (IFA_F_OPTIMISTIC | IFA_F_TENTATIVE));
	put_net(x);
}

/*
 * keep_addr_on_down: link down turns the kept address tentative without
 * any kernel message; it is reported all the same, and DAD after link up
 * makes it preferred again.
 */
static void nnt_addr_keep_on_down(struct kunit *test)
{
	struct nnt_rec *rec = nnt_rec_new(test);
	struct netnotify_unicast_ip_address_row r;
	struct net *x;
	int from = 0;

	x = nnt_veth_pair(test);
	nnt_xsysctl(test, "keep_addr_on_down", 1);
	nnt_register_addr(test, x, AF_INET6, false, rec);
	nnt_run(test, "ip -n nnt-x addr add 2001:db8::a/64 dev nnt-xa");
	nnt_expect_addr(test, rec, &from, NETNOTIFY_ADD, "2001:db8::a", NNT_TIMEOUT_MS);
	r = nnt_expect_addr(test, rec, &from, NETNOTIFY_PARAMETER, "2001:db8::a",
			    10000);
	KUNIT_EXPECT_EQ(test, r.dad_state, NETNOTIFY_DAD_PREFERRED);

	nnt_run(test, "ip -n nnt-x link set nnt-xa down");
	r = nnt_expect_addr(test, rec, &from, NETNOTIFY_PARAMETER, "2001:db8::a",
			    NNT_TIMEOUT_MS);
	KUNIT_EXPECT_EQ(test, r.dad_state, NETNOTIFY_DAD_TENTATIVE);

	nnt_run(test, "ip -n nnt-x link set nnt-xa up");
	r = nnt_expect_addr(test, rec, &from, NETNOTIFY_PARAMETER, "2001:db8::a",
			    10000);
	KUNIT_EXPECT_EQ(test, r.dad_state, NETNOTIFY_DAD_PREFERRED);
	KUNIT_EXPECT_EQ(test, nnt_count_addr(rec, NETNOTIFY_DELETE, "2001:db8::a"), 0);
	put_net(x);
}

/*
 * SLAAC from real router advertisements (radvd in namespace nnt-r across a
 * veth pair): the address appears tentative with its origin and lifetimes,
 * becomes preferred, is not re-reported when identical advertisements
 * refresh it, and is when an advertisement changes its lifetime.
 */
static void nnt_addr_slaac(struct kunit *test)
{
	const char *prefix = "2001:db8:5::/64";
	struct nnt_rec *rec = nnt_rec_new(test);
	struct netnotify_unicast_ip_address_row r;
	struct net *h;
	int from = 0;

	h = nnt_ra_pair(test);
	nnt_register_addr(test, h, AF_INET6, false, rec);
	nnt_radvd(test, 600);

	r = nnt_expect_addr(test, rec, &from, NETNOTIFY_ADD, prefix, 20000);
	KUNIT_EXPECT_EQ(test, r.prefix_origin, NETNOTIFY_PREFIX_ROUTER_ADVERTISEMENT);
	KUNIT_EXPECT_EQ(test, r.suffix_origin, NETNOTIFY_SUFFIX_LINK_LAYER_ADDRESS);
	KUNIT_EXPECT_EQ(test, r.dad_state, NETNOTIFY_DAD_TENTATIVE);
	KUNIT_EXPECT_EQ(test, r.protocol, IFAPROT_KERNEL_RA);
	KUNIT_EXPECT_FALSE(test, r.flags & IFA_F_PERMANENT);
	KUNIT_EXPECT_GE(test, r.valid_lifetime, 590);
	KUNIT_EXPECT_LE(test, r.valid_lifetime, 600);
	KUNIT_EXPECT_LE(test, r.preferred_lifetime, 300);
	r = nnt_expect_addr(test, rec, &from, NETNOTIFY_PARAMETER, prefix, 10000);
	KUNIT_EXPECT_EQ(test, r.dad_state, NETNOTIFY_DAD_PREFERRED);

	/* Advertisements ten times a second refresh the lifetimes: no event. */
	msleep(1000);
	KUNIT_EXPECT_EQ(test, nnt_count_addr(rec, NETNOTIFY_PARAMETER, prefix), 1);

	/* An advertisement with a new valid lifetime is a change. */
	nnt_radvd(test, 900);
	r = nnt_expect_addr(test, rec, &from, NETNOTIFY_PARAMETER, prefix, 15000);
	KUNIT_EXPECT_GT(test, r.valid_lifetime, 800);
	nnt_radvd_stop();
	put_net(h);
}

static int nnt_addr_reg(struct net *net, u16 family,
			netnotify_unicast_ip_address_cb cb, struct nnt_rec *rec,
			u32 *h)
{
	return netnotify_unicast_ip_address_change(net, family, cb, rec, true,
						   h);
}

/*
 * The handle rules hold for address handles: validation, context, initial
 * notification, sysfs, overflow with one RESYNC, namespace dismantling,
 * and cancel from the callback.
 */
static void nnt_addr_handle_rules(struct kunit *test)
{
	struct nnt_rec *rec = nnt_rec_new(test), *all;
	char path[96], buf[32];
	struct nnt_hold *hold;
	unsigned long flags;
	struct net *x;
	int err;
	u32 h;

	h = 0xdeadbeef;
	KUNIT_EXPECT_EQ(test, nnt_addr_reg(&init_net, 23, nnt_addr_cb, rec, &h),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, h, 0);
	KUNIT_EXPECT_EQ(test, nnt_addr_reg(&init_net, AF_INET, NULL, rec, &h),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, nnt_addr_reg(NULL, AF_INET, nnt_addr_cb, rec, &h),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, nnt_addr_reg(&init_net, AF_INET, nnt_addr_cb, rec,
					   NULL), -EINVAL);
	local_irq_save(flags);
	err = nnt_addr_reg(&init_net, AF_INET, nnt_addr_cb, rec, &h);
	local_irq_restore(flags);
	KUNIT_EXPECT_EQ(test, err, -EDEADLK);
	KUNIT_EXPECT_EQ(test, nnt_rec_count(rec), 0);

	/* Initial notification and sysfs, in a namespace that will go. */
	nnt_run(test, "ip netns add nnt-x && ip -n nnt-x link add nnt-xd type dummy");
	x = nnt_netns_get("nnt-x");
	KUNIT_ASSERT_NOT_NULL(test, x);
	all = rec;
	h = nnt_register_addr(test, x, AF_UNSPEC, true, rec);
	KUNIT_EXPECT_EQ(test, nnt_rec_count(rec), 1);
	KUNIT_EXPECT_EQ(test, nnt_rec_get(rec, 0).type, NETNOTIFY_INITIAL);
	snprintf(path, sizeof(path), "/sys/kernel/netnotify/handles/%u/kind", h);
	KUNIT_EXPECT_GT(test, nnt_read_file(path, buf, sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, strim(buf), "unicast_address");

	/* A slow callback and a small queue: events dropped, one RESYNC. */
	nnt_run(test, "echo 4 > /sys/module/netnotify/parameters/queue_limit");
	rec = nnt_rec_new(test);
	hold = nnt_hold_first(test, rec);
	h = nnt_register_addr(test, x, AF_INET, false, rec);
	nnt_run(test, "echo 4096 > /sys/module/netnotify/parameters/queue_limit");
	nnt_run(test, "ip -n nnt-x addr add 198.51.100.100/32 dev nnt-xd");
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&hold->started,
							    5 * HZ));
	nnt_run(test, "for i in $(seq 1 20); do echo %s; done >/tmp/nnt-a",
		"addr add 198.51.100.$i/32 dev nnt-xd");
	nnt_run(test, "ip -n nnt-x -batch /tmp/nnt-a");
	nnt_wait_captured(test, h, 20);
	nnt_expect_one_resync(test, rec, hold, 21);

	/* Dismantling: the addresses are deleted, then the handle orphaned. */
	put_net(x);
	nnt_run(test, "ip netns del nnt-x");
	err = nnt_rec_wait(all, 0, NNT_A(NETNOTIFY_DELETE, AF_INET, "198.51.100.20"),
			   10000);
	KUNIT_EXPECT_GE(test, err, 0);
	nnt_expect_orphaned(test, h);
	KUNIT_EXPECT_EQ(test, netnotify_cancel(h), 0);
}

struct nnt_self {
	int ret;
	bool done;
};

static void nnt_addr_self_hook(struct nnt_rec *rec, const struct nnt_event *e)
{
	struct nnt_self *s = rec->priv;

	if (e->type == NETNOTIFY_ADD && !s->done) {
		s->done = true;
		s->ret = netnotify_cancel(READ_ONCE(rec->handle));
	}
}

/* Cancel from an address callback: 0, and nothing after. */
static void nnt_addr_cancel_self(struct kunit *test)
{
	struct nnt_rec *rec = nnt_rec_new(test);
	struct nnt_self *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, s);
	rec->priv = s;
	rec->hook = nnt_addr_self_hook;
	nnt_run(test, "ip link add nnt-as type dummy");
	nnt_register_addr(test, &init_net, AF_INET, false, rec);
	nnt_run(test, "ip addr add 192.0.2.10/32 dev nnt-as");
	nnt_run(test, "ip addr add 192.0.2.11/32 dev nnt-as");
	KUNIT_ASSERT_TRUE(test, nnt_rec_wait_count(rec, 1, NNT_TIMEOUT_MS));
	msleep(200);
	KUNIT_EXPECT_EQ(test, s->ret, 0);
	KUNIT_EXPECT_EQ(test, nnt_rec_count(rec), 1);
	KUNIT_EXPECT_EQ(test, netnotify_cancel(rec->handle), -ENOENT);
}

static struct kunit_case nnt_addr_cases[] = {
	KUNIT_CASE(nnt_addr_ipv4),
	KUNIT_CASE(nnt_addr_dad),
	KUNIT_CASE(nnt_addr_duplicate),
	KUNIT_CASE(nnt_addr_nodad),
	KUNIT_CASE(nnt_addr_optimistic),
	KUNIT_CASE(nnt_addr_keep_on_down),
	KUNIT_CASE(nnt_addr_slaac),
	KUNIT_CASE(nnt_addr_handle_rules),
	KUNIT_CASE(nnt_addr_cancel_self),
	{}
};

struct kunit_suite nnt_addr_suite = {
	.name = "netnotify_addr",
	.init = nnt_init,
	.exit = nnt_exit,
	.test_cases = nnt_addr_cases,
};
