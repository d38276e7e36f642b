// SPDX-License-Identifier: GPL-2.0
/*
 * Forged rtnetlink input. netnotify believes only what the kernel sent: a
 * message from any other sender is dropped and counted, and the kernel's
 * own messages are parsed against policies, so an attribute of the wrong
 * length or a message shorter than its family header is never read past
 * its end. Each case copies a real message of a test namespace, breaks it,
 * sends it, then makes a real change of each kind and checks that the real
 * change is the first thing every handle hears of.
 */

#include "suites.h"
#include "util.h"

#include <linux/delay.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/inet.h>
#include <linux/net.h>
#include <linux/netconf.h>
#include <linux/nexthop.h>
#include <linux/rtnetlink.h>
#include <linux/socket.h>
#include <net/net_namespace.h>
#include <net/netlink.h>
#include <net/rtnetlink.h>

#define NNT_FORGED	"/sys/kernel/netnotify/forged"

/**
 * struct nnt_forge - a case's namespace and what listens to it
 * @net: namespace nnt-f, holding the dummy nnt-f0 with 10.97.0.1/24, the
 *	routes 10.94.0.0/16 (one next hop) and 10.96.0.0/16 (two), nexthop
 *	objects 1 and 2 and their group 3, and 10.95.0.0/16 through it.
 * @ifindex: nnt-f0's.
 * @iface: records an interface handle of @net.
 * @addr: records an address handle of @net.
 * @route: records a route handle of @net.
 * @forged: /sys/kernel/netnotify/forged when the handles were registered.
 */
struct nnt_forge {
	struct net *net;
	int ifindex;
	struct nnt_rec *iface;
	struct nnt_rec *addr;
	struct nnt_rec *route;
	long long forged;
};

static struct nnt_forge *nnt_forge_setup(struct kunit *test)
{
	struct nnt_forge *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	nnt_run(test, "ip netns add nnt-f");
	nnt_run(test, "ip -n nnt-f link add nnt-f0 type dummy");
	/* No link-local address: no DAD, no address events of its own. */
	nnt_run(test, "ip -n nnt-f link set nnt-f0 addrgenmode none");
	nnt_run(test, "ip -n nnt-f link set nnt-f0 up");
	nnt_run(test, "ip -n nnt-f addr add 10.97.0.1/24 dev nnt-f0");
	nnt_run(test, "ip -n nnt-f route add 10.94.0.0/16 via 10.97.0.2 metric 7");
	nnt_run(test, "ip -n nnt-f route add 10.96.0.0/16 metric 7 %s",
		"nexthop via 10.97.0.2 nexthop via 10.97.0.3");
	nnt_run(test, "ip -n nnt-f nexthop add id 1 via 10.97.0.2 dev nnt-f0");
	nnt_run(test, "ip -n nnt-f nexthop add id 2 via 10.97.0.3 dev nnt-f0");
	nnt_run(test, "ip -n nnt-f nexthop add id 3 group 1/2");
	nnt_run(test, "ip -n nnt-f route add 10.95.0.0/16 nhid 3");
	f->net = nnt_netns_get("nnt-f");
	KUNIT_ASSERT_NOT_NULL(test, f->net);
	f->ifindex = nnt_ifindex(f->net, "nnt-f0");
	KUNIT_ASSERT_GT(test, f->ifindex, 0);
	/* The kernel reports the dummy's carrier up to a second later. */
	msleep(1200);

	f->iface = nnt_rec_new(test);
	f->addr = nnt_rec_new(test);
	f->route = nnt_rec_new(test);
	KUNIT_ASSERT_NOT_NULL(test, f->iface);
	KUNIT_ASSERT_NOT_NULL(test, f->addr);
	KUNIT_ASSERT_NOT_NULL(test, f->route);
	nnt_register(test, f->net, AF_UNSPEC, false, f->iface);
	nnt_register_addr(test, f->net, AF_UNSPEC, false, f->addr);
	nnt_register_route(test, f->net, AF_UNSPEC, false, f->route);
	f->forged = nnt_read_ll(NNT_FORGED);
	KUNIT_EXPECT_GE_MSG(test, f->forged, 0, "no %s", NNT_FORGED);
	return f;
}

/*
 * Is @nlh the kernel's message about @key: the link or IPv4 address of
 * that ifindex, the IPv4 route to that prefix (host order), the nexthop
 * object of that id?
 */
static bool nnt_forge_is(const struct nlmsghdr *nlh, u32 key)
{
	const struct ifaddrmsg *ifa = nlmsg_data(nlh);
	const struct ifinfomsg *ifm = nlmsg_data(nlh);
	const struct nlattr *a;

	switch (nlh->nlmsg_type) {
	case RTM_NEWLINK:
		return (u32)ifm->ifi_index == key;
	case RTM_NEWADDR:
		return ifa->ifa_family == AF_INET && ifa->ifa_index == key;
	case RTM_NEWROUTE:
		a = nlmsg_find_attr(nlh, sizeof(struct rtmsg), RTA_DST);
		return a && nla_len(a) == 4 && ntohl(nla_get_in_addr(a)) == key;
	case RTM_NEWNEXTHOP:
		a = nlmsg_find_attr(nlh, sizeof(struct nhmsg), NHA_ID);
		return a && nla_len(a) == 4 && nla_get_u32(a) == key;
	}
	return false;
}

struct nnt_forge_pick {
	u32 key;
	struct nlmsghdr *found;
};

static int nnt_forge_pick(void *arg, const struct nlmsghdr *nlh)
{
	struct nnt_forge_pick *p = arg;

	if (!p->found && nnt_forge_is(nlh, p->key))
		p->found = kmemdup(nlh, nlh->nlmsg_len, GFP_KERNEL);
	return 0;
}

/*
 * The kernel's own message about @key (see nnt_forge_is()), from a dump of
 * @type with the family header @hdr of @hdrlen bytes. kfree() it.
 */
static struct nlmsghdr *nnt_forge_real(struct kunit *test,
				       struct nnt_forge *f, u16 type,
				       const void *hdr, int hdrlen, u32 key)
{
	struct nnt_forge_pick p = { .key = key };
	struct nlmsghdr *nlh;
	struct sk_buff *req;

	req = nlmsg_new(hdrlen, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, req);
	nlh = nlmsg_put(req, 0, 1, type, hdrlen, NLM_F_REQUEST | NLM_F_DUMP);
	KUNIT_ASSERT_NOT_NULL(test, nlh);
	memcpy(nlmsg_data(nlh), hdr, hdrlen);
	nlmsg_end(req, nlh);
	KUNIT_EXPECT_EQ(test, nnt_rtnl_request(f->net, req, nnt_forge_pick,
					       &p), 0);
	KUNIT_ASSERT_NOT_NULL(test, p.found);
	return p.found;
}

/*
 * A copy of the kernel's message @real (family header of @hdrlen bytes)
 * with @flags added, whose attribute @type is @len bytes of @data instead
 * (added when @real has none). Everything else is the kernel's.
 */
static struct sk_buff *nnt_forge_copy(struct kunit *test,
				      const struct nlmsghdr *real, int hdrlen,
				      u16 flags, int type, const void *data,
				      int len)
{
	const struct nlattr *a;
	struct nlmsghdr *nlh;
	struct sk_buff *skb;
	bool put = false;
	int rem;

	skb = nlmsg_new(real->nlmsg_len + nla_total_size(len), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	nlh = nlmsg_put(skb, 0, 0, real->nlmsg_type, hdrlen,
			real->nlmsg_flags | flags);
	KUNIT_ASSERT_NOT_NULL(test, nlh);
	memcpy(nlmsg_data(nlh), nlmsg_data(real), hdrlen);
	nlmsg_for_each_attr(a, real, hdrlen, rem) {
		if (nla_type(a) == type && !put) {
			KUNIT_ASSERT_EQ(test, nla_put(skb, type, len, data), 0);
			put = true;
		} else {
			KUNIT_ASSERT_EQ(test, nla_put(skb, a->nla_type,
						      nla_len(a), nla_data(a)),
					0);
		}
	}
	if (!put)
		KUNIT_ASSERT_EQ(test, nla_put(skb, type, len, data), 0);
	nlmsg_end(skb, nlh);
	return skb;
}

/* Send @skb to @group of @f's namespace as the kernel: from port 0. */
static void nnt_forge_notify(struct nnt_forge *f, struct sk_buff *skb,
			     u32 group)
{
	rtnl_notify(skb, f->net, 0, group, NULL, GFP_KERNEL);
}

/*
 * Send the kernel's message @real to @group, with attribute @type made @len
 * bytes of @data.
 */
static void nnt_forge_attr(struct kunit *test, struct nnt_forge *f,
			   const struct nlmsghdr *real, int hdrlen, u32 group,
			   int type, const void *data, int len)
{
	nnt_forge_notify(f, nnt_forge_copy(test, real, hdrlen, 0, type, data,
					   len), group);
}

/* Send a @type message one byte shorter than its family header. */
static void nnt_forge_short(struct kunit *test, struct nnt_forge *f,
			    u16 type, int hdrlen, u32 group)
{
	struct nlmsghdr *nlh;
	struct sk_buff *skb;

	skb = nlmsg_new(hdrlen, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	nlh = nlmsg_put(skb, 0, 0, type, hdrlen, 0);
	KUNIT_ASSERT_NOT_NULL(test, nlh);
	memset(nlmsg_data(nlh), 0, hdrlen);
	nlmsg_end(skb, nlh);
	nlh->nlmsg_len = nlmsg_msg_size(hdrlen - 1);
	nnt_forge_notify(f, skb, group);
}

/*
 * The listener reads in order, so once a real change reaches the handles,
 * whatever was sent before it has been dealt with. Make one of each kind:
 * each handle's first event must be the real one, and the forged counter
 * must have grown by @dropped.
 */
static void nnt_forge_done(struct kunit *test, struct nnt_forge *f,
			   long long dropped)
{
	struct nnt_event e;
	bool ok = true;
	int i;

	nnt_run(test, "ip -n nnt-f link set nnt-f0 mtu 1400");
	nnt_run(test, "ip -n nnt-f route add 10.99.0.0/16 dev nnt-f0");
	nnt_run(test, "ip -n nnt-f addr add 10.98.0.1/32 dev nnt-f0");
	KUNIT_EXPECT_TRUE(test, nnt_rec_wait_count(f->iface, 2, NNT_TIMEOUT_MS));
	KUNIT_EXPECT_TRUE(test, nnt_rec_wait_count(f->route, 1, NNT_TIMEOUT_MS));
	KUNIT_EXPECT_TRUE(test, nnt_rec_wait_count(f->addr, 1, NNT_TIMEOUT_MS));

	/* The MTU change, in both families, before anything else. */
	for (i = 0; i < 2; i++) {
		e = nnt_rec_get(f->iface, i);
		ok &= e.type == NETNOTIFY_PARAMETER &&
		      e.row.ifindex == f->ifindex && e.row.mtu == 1400;
	}
	KUNIT_EXPECT_TRUE_MSG(test, ok, "interface events before the real one");
	if (!ok)
		nnt_rec_dump(test, f->iface);

	e = nnt_rec_get(f->route, 0);
	KUNIT_EXPECT_EQ_MSG(test, e.type, NETNOTIFY_ADD,
			    "route events before the real one");
	KUNIT_EXPECT_EQ(test, e.route.dst_len, 16);
	KUNIT_EXPECT_EQ(test, ntohl(e.route.dst.v4.s_addr), 0x0a630000);

	e = nnt_rec_get(f->addr, 0);
	ok = e.type == NETNOTIFY_ADD && nnt_addr_is(&e.addr, "10.98.0.1");
	KUNIT_EXPECT_TRUE_MSG(test, ok, "address events before the real one");
	if (!ok)
		nnt_rec_dump(test, f->addr);

	KUNIT_EXPECT_EQ(test, nnt_read_ll(NNT_FORGED), f->forged + dropped);
	put_net(f->net);
}

/*
 * Well-formed messages from a port of their own, as any process with
 * CAP_NET_ADMIN over the namespace can send them to its groups: an
 * interface that does not exist, an MTU, address flags and a route metric
 * the kernel never set. Each is dropped whole and counted.
 */
static void nnt_forge_sender(struct kunit *test)
{
	struct nnt_forge *f = nnt_forge_setup(test);
	struct ifinfomsg ifm = { .ifi_family = AF_UNSPEC };
	struct ifaddrmsg ifa = { .ifa_family = AF_INET };
	struct rtmsg rtm = { .rtm_family = AF_INET };
	struct nlmsghdr *link, *addr, *route;
	struct sk_buff *skb[4];
	struct socket *sock;
	u32 flags = IFA_F_PERMANENT | IFA_F_DEPRECATED;
	u32 mtu = 1280, metric = 5;
	int i;

	link = nnt_forge_real(test, f, RTM_GETLINK, &ifm, sizeof(ifm),
			      f->ifindex);
	addr = nnt_forge_real(test, f, RTM_GETADDR, &ifa, sizeof(ifa),
			      f->ifindex);
	route = nnt_forge_real(test, f, RTM_GETROUTE, &rtm, sizeof(rtm),
			       0x0a5e0000);
	skb[0] = nnt_forge_copy(test, link, sizeof(ifm), 0, IFLA_IFNAME,
				"nnt-forged", sizeof("nnt-forged"));
	((struct ifinfomsg *)nlmsg_data(nlmsg_hdr(skb[0])))->ifi_index = 999999;
	skb[1] = nnt_forge_copy(test, link, sizeof(ifm), 0, IFLA_MTU, &mtu,
				sizeof(mtu));
	skb[2] = nnt_forge_copy(test, addr, sizeof(ifa), 0, IFA_FLAGS, &flags,
				sizeof(flags));
	skb[3] = nnt_forge_copy(test, route, sizeof(rtm), 0, RTA_PRIORITY,
				&metric, sizeof(metric));
	kfree(link);
	kfree(addr);
	kfree(route);

	/*
	 * A kernel socket of our own has a port of its own, like a process's.
	 * Sending to a group also hands the message to rtnetlink, which
	 * ignores it: it is no request.
	 */
	KUNIT_ASSERT_EQ(test, sock_create_kern(f->net, AF_NETLINK, SOCK_RAW,
					       NETLINK_ROUTE, &sock), 0);
	for (i = 0; i < ARRAY_SIZE(skb); i++) {
		static const u32 groups[] = {
			RTNLGRP_LINK, RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR,
			RTNLGRP_IPV4_ROUTE,
		};
		struct sockaddr_nl dst = {
			.nl_family = AF_NETLINK,
			.nl_groups = 1U << (groups[i] - 1),
		};
		struct msghdr msg = {
			.msg_name = &dst, .msg_namelen = sizeof(dst),
		};
		struct kvec iov = {
			.iov_base = skb[i]->data, .iov_len = skb[i]->len,
		};

		KUNIT_EXPECT_EQ(test, kernel_sendmsg(sock, &msg, &iov, 1,
						     skb[i]->len),
				(int)skb[i]->len);
		kfree_skb(skb[i]);
	}
	sock_release(sock);
	nnt_forge_done(test, f, ARRAY_SIZE(skb));
}

/*
 * RTM_NEWLINK from the kernel, for the real device, with one attribute of a
 * length its type cannot have: a 1-byte IFLA_MTU (read as a u32 it gives an
 * MTU of 5), an empty IFLA_OPERSTATE, a 2-byte IFLA_MASTER, and IFLA_AF_SPEC
 * with an IPv6 nest whose flags are one byte, or that overruns it; then
 * messages shorter than their family header.
 */
static void nnt_forge_link(struct kunit *test)
{
	struct nnt_forge *f = nnt_forge_setup(test);
	struct ifinfomsg ifm = { .ifi_family = AF_UNSPEC };
	/* IFLA_AF_SPEC { AF_INET6 { IFLA_INET6_FLAGS: 1 byte } } */
	struct {
		struct nlattr inet6;
		struct nlattr flags;
		u8 value[4];
	} spec = {
		.inet6 = { .nla_len = sizeof(spec), .nla_type = AF_INET6 },
		.flags = { .nla_len = NLA_HDRLEN + 1,
			   .nla_type = IFLA_INET6_FLAGS },
		.value = { 0xff },
	};
	/* IFLA_AF_SPEC { AF_INET6 nest claiming more than there is } */
	struct nlattr over = { .nla_len = 64, .nla_type = AF_INET6 };
	u8 mtu = 5, none = 0;
	u16 master = 1;
	struct nlmsghdr *link;

	link = nnt_forge_real(test, f, RTM_GETLINK, &ifm, sizeof(ifm),
			      f->ifindex);
	nnt_forge_attr(test, f, link, sizeof(ifm), RTNLGRP_LINK, IFLA_MTU,
		       &mtu, sizeof(mtu));
	nnt_forge_attr(test, f, link, sizeof(ifm), RTNLGRP_LINK,
		       IFLA_OPERSTATE, &none, 0);
	nnt_forge_attr(test, f, link, sizeof(ifm), RTNLGRP_LINK, IFLA_MASTER,
		       &master, sizeof(master));
	nnt_forge_attr(test, f, link, sizeof(ifm), RTNLGRP_LINK, IFLA_AF_SPEC,
		       &spec, sizeof(spec));
	nnt_forge_attr(test, f, link, sizeof(ifm), RTNLGRP_LINK, IFLA_AF_SPEC,
		       &over, sizeof(over));
	kfree(link);
	nnt_forge_short(test, f, RTM_NEWLINK, sizeof(struct ifinfomsg),
			RTNLGRP_LINK);
	nnt_forge_short(test, f, RTM_NEWNETCONF, sizeof(struct netconfmsg),
			RTNLGRP_IPV4_NETCONF);
	nnt_forge_done(test, f, 0);
}

/*
 * RTM_NEWADDR from the kernel, for the real address: a 1-byte IFA_FLAGS, a
 * 2-byte IFA_LOCAL, and a message shorter than its family header.
 */
static void nnt_forge_addr(struct kunit *test)
{
	struct nnt_forge *f = nnt_forge_setup(test);
	struct ifaddrmsg ifa = { .ifa_family = AF_INET };
	struct nlmsghdr *addr;
	u8 flags = IFA_F_SECONDARY;
	u16 local = 10;

	addr = nnt_forge_real(test, f, RTM_GETADDR, &ifa, sizeof(ifa),
			      f->ifindex);
	nnt_forge_attr(test, f, addr, sizeof(ifa), RTNLGRP_IPV4_IFADDR,
		       IFA_FLAGS, &flags, sizeof(flags));
	nnt_forge_attr(test, f, addr, sizeof(ifa), RTNLGRP_IPV4_IFADDR,
		       IFA_LOCAL, &local, sizeof(local));
	kfree(addr);
	nnt_forge_short(test, f, RTM_NEWADDR, sizeof(struct ifaddrmsg),
			RTNLGRP_IPV4_IFADDR);
	nnt_forge_done(test, f, 0);
}

/*
 * RTM_NEWROUTE from the kernel, for real routes: a 2-byte RTA_PRIORITY,
 * RTA_TABLE or RTA_OIF (read as a u32 each names another route), the
 * multipath route replaced by one whose second next hop's rtnh_len
 * overruns the list (read as far as it goes, the route would lose that next
 * hop), and a message shorter than its family header.
 */
static void nnt_forge_route(struct kunit *test)
{
	struct nnt_forge *f = nnt_forge_setup(test);
	struct rtmsg rtm = { .rtm_family = AF_INET };
	struct nlmsghdr *one, *two;
	const struct nlattr *mp;
	struct rtnexthop *rtnh;
	u16 metric = 5, table = 7, oif = 1;
	void *hops;
	int len;

	one = nnt_forge_real(test, f, RTM_GETROUTE, &rtm, sizeof(rtm),
			     0x0a5e0000);
	two = nnt_forge_real(test, f, RTM_GETROUTE, &rtm, sizeof(rtm),
			     0x0a600000);
	nnt_forge_attr(test, f, one, sizeof(rtm), RTNLGRP_IPV4_ROUTE,
		       RTA_PRIORITY, &metric, sizeof(metric));
	nnt_forge_attr(test, f, one, sizeof(rtm), RTNLGRP_IPV4_ROUTE,
		       RTA_TABLE, &table, sizeof(table));
	nnt_forge_attr(test, f, one, sizeof(rtm), RTNLGRP_IPV4_ROUTE,
		       RTA_OIF, &oif, sizeof(oif));

	mp = nlmsg_find_attr(two, sizeof(rtm), RTA_MULTIPATH);
	KUNIT_ASSERT_NOT_NULL(test, mp);
	len = nla_len(mp);
	hops = kmemdup(nla_data(mp), len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, hops);
	rtnh = hops;
	KUNIT_ASSERT_LT(test, (int)RTNH_ALIGN(rtnh->rtnh_len), len);
	rtnh = hops + RTNH_ALIGN(rtnh->rtnh_len);
	rtnh->rtnh_len = len;
	nnt_forge_notify(f, nnt_forge_copy(test, two, sizeof(rtm),
					   NLM_F_REPLACE, RTA_MULTIPATH, hops,
					   len), RTNLGRP_IPV4_ROUTE);
	kfree(hops);
	kfree(one);
	kfree(two);
	nnt_forge_short(test, f, RTM_NEWROUTE, sizeof(struct rtmsg),
			RTNLGRP_IPV4_ROUTE);
	nnt_forge_done(test, f, 0);
}

/*
 * RTM_NEWNEXTHOP from the kernel, for the real group: NHA_GROUP cut to a
 * length that is no whole number of entries (read as far as it goes, the
 * group would lose a member and the route through it a next hop), and a
 * message shorter than its family header.
 */
static void nnt_forge_nexthop(struct kunit *test)
{
	struct nnt_forge *f = nnt_forge_setup(test);
	struct nhmsg nhm = { .nh_family = AF_UNSPEC };
	const struct nlattr *grp;
	struct nlmsghdr *group;

	group = nnt_forge_real(test, f, RTM_GETNEXTHOP, &nhm, sizeof(nhm), 3);
	grp = nlmsg_find_attr(group, sizeof(nhm), NHA_GROUP);
	KUNIT_ASSERT_NOT_NULL(test, grp);
	KUNIT_ASSERT_EQ(test, nla_len(grp),
			(int)(2 * sizeof(struct nexthop_grp)));
	nnt_forge_attr(test, f, group, sizeof(nhm), RTNLGRP_NEXTHOP, NHA_GROUP,
		       nla_data(grp), sizeof(struct nexthop_grp) + 4);
	kfree(group);
	nnt_forge_short(test, f, RTM_NEWNEXTHOP, sizeof(struct nhmsg),
			RTNLGRP_NEXTHOP);
	nnt_forge_done(test, f, 0);
}

static struct kunit_case nnt_forge_cases[] = {
	KUNIT_CASE(nnt_forge_sender),
	KUNIT_CASE(nnt_forge_link),
	KUNIT_CASE(nnt_forge_addr),
	KUNIT_CASE(nnt_forge_route),
	KUNIT_CASE(nnt_forge_nexthop),
	{}
};

struct kunit_suite nnt_forge_suite = {
	.name = "netnotify_forge",
	.init = nnt_init,
	.exit = nnt_exit,
	.test_cases = nnt_forge_cases,
};
