// SPDX-License-Identifier: GPL-2.0
/*
 * Unicast address source (NotifyUnicastIpAddressChange).
 *
 * Addresses come from RTM_NEWADDR/RTM_DELADDR on RTNLGRP_IPV{4,6}_IFADDR.
 * rtnetlink, unlike the inet6addr notifier chain, reports every state an
 * IPv6 address goes through: created tentative, DAD completed (the
 * RTM_NEWADDR without IFA_F_TENTATIVE is the only signal of it), a
 * permanent address failing DAD (IFA_F_DADFAILED), lifetimes set by an
 * administrator or a router advertisement, deprecation. One change has no
 * message at all: with keep_addr_on_down, taking the link down turns kept
 * addresses tentative silently. So a link going down triggers a re-read of
 * that link's IPv6 addresses, after an RTNL round trip that guarantees the
 * change is complete.
 *
 * One state has no rtnetlink message either: an IPv6 address the kernel
 * creates itself (link-local, SLAAC, temporary) is first reported when its
 * DAD completes. The inet6addr notifier chain does report the creation, so
 * netnotify turns that into the RTM_NEWADDR the kernel does not send and
 * queues it on the namespace's own socket, where it keeps its place among
 * the kernel's messages. The chain is atomic and can run in softirq: the
 * notifier only builds and queues that one message.
 *
 * The cache holds the last row reported per address. Lifetimes counting
 * down are no change: the kernel's tstamp only moves when lifetimes are
 * set, and then the lifetimes as set are compared, not what is left.
 */

#include "addr.h"
#include "handle.h"
#include "netns.h"
#include "rtnl.h"
#include "vec.h"

#include <linux/hashtable.h>
#include <linux/if_addr.h>
#include <linux/jhash.h>
#include <linux/jiffies.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/addrconf.h>
#include <net/if_inet6.h>
#include <net/net_namespace.h>
#include <net/netlink.h>

#define NN_ADDR_HASH_BITS	8

/* Lifetimes as set may be read a little late; within this they are equal. */
#define NN_LIFETIME_SLACK	2

struct nn_addr {
	struct hlist_node node;
	struct nn_addr_info info;
	bool seen;
};

struct nn_addr_table {
	DECLARE_HASHTABLE(h, NN_ADDR_HASH_BITS);
};

/**
 * struct nn_addrs - the address source's state in one namespace
 * @table: hash of struct nn_addr by key; replaced whole on resync.
 * @recheck: ifindexes whose IPv6 addresses must be re-read (link went down).
 */
struct nn_addrs {
	struct nn_addr_table *table;
	struct xarray recheck;
};

/* The handles of this source: their clients take rows. */
static bool nn_addr_call(struct nn_handle *h, enum netnotify_type type,
			 const void *row)
{
	((netnotify_unicast_ip_address_cb)h->fn)(h->ctx, row, type);
	return true;
}

static const struct nn_handle_type nn_addr_handle = {
	.name = "unicast_address",
	.source = &nn_addr_source,
	.call = nn_addr_call,
};

static bool nn_addr_same_key(const struct netnotify_unicast_ip_address_row *a,
			     const struct netnotify_unicast_ip_address_row *b)
{
	return a->family == b->family && a->ifindex == b->ifindex &&
	       !memcmp(&a->addr, &b->addr, sizeof(a->addr)) &&
	       (a->family == AF_INET6 || a->prefix_len == b->prefix_len);
}

static u32 nn_addr_key(const struct netnotify_unicast_ip_address_row *r)
{
	return jhash(&r->addr, sizeof(r->addr), r->ifindex) ^ r->family ^
	       (r->family == AF_INET ? r->prefix_len << 16 : 0);
}

static struct nn_addr *nn_addr_find(struct nn_addr_table *t,
				    const struct netnotify_unicast_ip_address_row *r)
{
	struct nn_addr *a;

	hash_for_each_possible(t->h, a, node, nn_addr_key(r))
		if (nn_addr_same_key(&a->info.row, r))
			return a;
	return NULL;
}

static enum netnotify_dad_state nn_dad_state(u32 flags)
{
	if (flags & IFA_F_DADFAILED)
		return NETNOTIFY_DAD_DUPLICATE;
	/* An optimistic address is usable while DAD runs (Windows 10 too). */
	if ((flags & IFA_F_TENTATIVE) && !(flags & IFA_F_OPTIMISTIC))
		return NETNOTIFY_DAD_TENTATIVE;
	if (flags & IFA_F_DEPRECATED)
		return NETNOTIFY_DAD_DEPRECATED;
	return NETNOTIFY_DAD_PREFERRED;
}

static bool nn_is_eui64(const struct in6_addr *a)
{
	return a->s6_addr[11] == 0xff && a->s6_addr[12] == 0xfe;
}

/*
 * Map what Linux records (IFA_PROTO, flags, lifetimes) to the Windows
 * origins. Linux does not record DHCP: an IPv4 address with finite
 * lifetimes is taken to be a lease, which is how DHCP clients add them.
 */
static void nn_addr_origin(struct nn_addr_info *in)
{
	struct netnotify_unicast_ip_address_row *r = &in->row;
	enum netnotify_suffix_origin iid;

	if (r->family == AF_INET6)
		iid = nn_is_eui64(&r->addr.v6) ?
		      NETNOTIFY_SUFFIX_LINK_LAYER_ADDRESS :
		      NETNOTIFY_SUFFIX_RANDOM;

	if (r->protocol == IFAPROT_KERNEL_LO || r->scope == RT_SCOPE_HOST) {
		r->prefix_origin = NETNOTIFY_PREFIX_WELL_KNOWN;
		r->suffix_origin = NETNOTIFY_SUFFIX_WELL_KNOWN;
	} else if (r->family == AF_INET6 && r->protocol == IFAPROT_KERNEL_LL) {
		r->prefix_origin = NETNOTIFY_PREFIX_WELL_KNOWN;
		r->suffix_origin = iid;
	} else if (r->family == AF_INET6 &&
		   (r->protocol == IFAPROT_KERNEL_RA ||
		    (r->flags & IFA_F_TEMPORARY))) {
		r->prefix_origin = NETNOTIFY_PREFIX_ROUTER_ADVERTISEMENT;
		r->suffix_origin = r->flags & IFA_F_TEMPORARY ?
				   NETNOTIFY_SUFFIX_RANDOM : iid;
	} else if (r->family == AF_INET && in->valid_cfg != U32_MAX) {
		r->prefix_origin = NETNOTIFY_PREFIX_DHCP;
		r->suffix_origin = NETNOTIFY_SUFFIX_DHCP;
	} else {
		r->prefix_origin = NETNOTIFY_PREFIX_MANUAL;
		r->suffix_origin = NETNOTIFY_SUFFIX_MANUAL;
	}
}

/* Lifetime as set: what is left plus the time since it was set. */
static u32 nn_lifetime_cfg(u32 left, u32 age)
{
	return left == INFINITY_LIFE_TIME ? U32_MAX : left + age;
}

/*
 * RTM_NEWADDR and RTM_DELADDR. An address attribute is exactly as long as
 * the message's family says, which nn_nla_addr() checks.
 */
static const struct nla_policy nn_addr_policy[IFA_MAX + 1] = {
	[IFA_ADDRESS] = { .type = NLA_BINARY, .len = sizeof(struct in6_addr) },
	[IFA_LOCAL] = { .type = NLA_BINARY, .len = sizeof(struct in6_addr) },
	[IFA_LABEL] = { .type = NLA_STRING, .len = IFNAMSIZ - 1 },
	[IFA_BROADCAST] = { .type = NLA_BINARY,
			    .len = sizeof(struct in6_addr) },
	[IFA_CACHEINFO] = NLA_POLICY_MIN_LEN(sizeof(struct ifa_cacheinfo)),
	[IFA_FLAGS] = { .type = NLA_U32 },
	[IFA_PROTO] = { .type = NLA_U8 },
};

/**
 * nn_addr_parse() - read an address from RTM_NEWADDR or RTM_DELADDR
 * @nlh: the message.
 * @in: receives the row and the lifetime bookkeeping.
 *
 * Return: 0, or -EINVAL when the message is not a usable address.
 */
static int nn_addr_parse(const struct nlmsghdr *nlh, struct nn_addr_info *in)
{
	struct netnotify_unicast_ip_address_row *r = &in->row;
	struct nlattr *tb[IFA_MAX + 1];
	const struct ifaddrmsg *ifa;
	const struct nlattr *local;
	u32 now, age;

	if (nn_nlmsg_parse(nlh, sizeof(*ifa), tb, IFA_MAX, nn_addr_policy))
		return -EINVAL;
	ifa = nlmsg_data(nlh);
	if (ifa->ifa_family != AF_INET && ifa->ifa_family != AF_INET6)
		return -EINVAL;

	memset(in, 0, sizeof(*in));
	r->family = ifa->ifa_family;
	r->ifindex = ifa->ifa_index;
	r->prefix_len = ifa->ifa_prefixlen;
	r->scope = ifa->ifa_scope;
	r->flags = tb[IFA_FLAGS] ? nla_get_u32(tb[IFA_FLAGS]) : ifa->ifa_flags;
	r->protocol = tb[IFA_PROTO] ? nla_get_u8(tb[IFA_PROTO]) : 0;
	r->dad_state = nn_dad_state(r->flags);

	/* With a peer, IFA_LOCAL is ours and IFA_ADDRESS the peer's. */
	local = tb[IFA_LOCAL] ?: tb[IFA_ADDRESS];
	if (!local || nn_nla_addr(&r->addr, r->family, local) ||
	    nn_nla_addr(&r->peer, r->family, tb[IFA_ADDRESS]))
		return -EINVAL;
	if (!tb[IFA_LOCAL] || !memcmp(&r->peer, &r->addr, sizeof(r->addr)))
		memset(&r->peer, 0, sizeof(r->peer));
	if (r->family == AF_INET) {
		if (nn_nla_addr(&r->broadcast, AF_INET, tb[IFA_BROADCAST]))
			return -EINVAL;
		if (tb[IFA_LABEL])
			nla_strscpy(r->label, tb[IFA_LABEL], sizeof(r->label));
	}

	r->valid_lifetime = U32_MAX;
	r->preferred_lifetime = U32_MAX;
	in->valid_cfg = U32_MAX;
	in->pref_cfg = U32_MAX;
	if (tb[IFA_CACHEINFO]) {
		const struct ifa_cacheinfo *ci = nla_data(tb[IFA_CACHEINFO]);

		/* The kernel's own clock for these: jiffies in 1/100 s. */
		now = (u32)(((unsigned long)(jiffies - INITIAL_JIFFIES)) * 100 /
			    HZ);
		age = (now - ci->tstamp) / 100;
		r->valid_lifetime = ci->ifa_valid;
		r->preferred_lifetime = ci->ifa_prefered;
		r->created_ms = (u64)ci->cstamp * 10;
		in->tstamp = ci->tstamp;
		in->valid_cfg = nn_lifetime_cfg(ci->ifa_valid, age);
		in->pref_cfg = nn_lifetime_cfg(ci->ifa_prefered, age);
	}
	nn_addr_origin(in);
	return 0;
}

static bool nn_lifetime_differs(u32 a, u32 b)
{
	if (a == U32_MAX || b == U32_MAX)
		return a != b;
	return (a > b ? a - b : b - a) > NN_LIFETIME_SLACK;
}

/* Did anything but the countdown of the lifetimes change? */
static bool nn_addr_differs(const struct nn_addr_info *old,
			    const struct nn_addr_info *new)
{
	struct netnotify_unicast_ip_address_row a, b;

	memcpy(&a, &old->row, sizeof(a));
	memcpy(&b, &new->row, sizeof(b));
	a.valid_lifetime = 0;
	a.preferred_lifetime = 0;
	b.valid_lifetime = 0;
	b.preferred_lifetime = 0;
	if (memcmp(&a, &b, sizeof(a)))
		return true;
	if (old->tstamp == new->tstamp)
		return false;
	return nn_lifetime_differs(old->valid_cfg, new->valid_cfg) ||
	       nn_lifetime_differs(old->pref_cfg, new->pref_cfg);
}

static void nn_addr_report(struct nn_src *s, enum netnotify_type type,
			   const struct netnotify_unicast_ip_address_row *r)
{
	if (s)
		nn_src_fanout(s, r->family, type, r, sizeof(*r));
}

static void nn_addr_remove(struct nn_src *s, struct nn_addr *a,
			   const struct netnotify_unicast_ip_address_row *last)
{
	nn_addr_report(s, NETNOTIFY_DELETE, last ?: &a->info.row);
	hash_del(&a->node);
	kfree(a);
}

/*
 * Apply one address to @t and, unless @s is NULL (a cache being rebuilt),
 * report what changed. Returns -ENOMEM when a new address could not be
 * cached: the namespace then resynchronizes, a rebuild fails.
 */
static int nn_addr_apply(struct nn_src *s, struct nn_addr_table *t,
			 const struct nn_addr_info *in, bool gone)
{
	struct nn_notice n = {
		.type = NN_NOTICE_ADDR_GONE, .family = in->row.family,
		.addr = &in->row.addr,
	};
	struct nn_addr *a = nn_addr_find(t, &in->row);

	if (gone) {
		if (a)
			nn_addr_remove(s, a, &in->row);
		/* Routes using it as preferred source may go silently. */
		if (s)
			nn_net_notice(s->nn, &n);
		return 0;
	}
	if (!a) {
		a = kzalloc(sizeof(*a), GFP_KERNEL);
		if (!a) {
			if (s)
				nn_src_lost(s);
			return -ENOMEM;
		}
		memcpy(&a->info, in, sizeof(*in));
		a->seen = true;
		hash_add(t->h, &a->node, nn_addr_key(&in->row));
		nn_addr_report(s, NETNOTIFY_ADD, &in->row);
		return 0;
	}
	a->seen = true;
	if (nn_addr_differs(&a->info, in)) {
		memcpy(&a->info, in, sizeof(*in));
		nn_addr_report(s, NETNOTIFY_PARAMETER, &in->row);
	} else {
		/* Keep the newest bookkeeping even when nothing is reported. */
		memcpy(&a->info, in, sizeof(*in));
	}
	return 0;
}

static void nn_addr_msg(struct nn_src *s, const struct nlmsghdr *nlh)
{
	struct nn_addrs *addrs = nn_src_priv(s);
	struct nn_addr_info in;

	if (nlh->nlmsg_type != RTM_NEWADDR && nlh->nlmsg_type != RTM_DELADDR)
		return;
	lockdep_assert_held(&s->nn->lock);
	if (!nn_addr_parse(nlh, &in))
		nn_addr_apply(s, addrs->table, &in,
			      nlh->nlmsg_type == RTM_DELADDR);
}

/*
 * A link was unregistered: the kernel deletes, and reports, every address
 * first; anything still cached is deleted now all the same, so no row
 * outlives its link. A link went down: its IPv6 addresses are re-read once
 * the namespace lock is dropped (a dump takes RTNL), as kept addresses
 * turned tentative without a message.
 */
static void nn_addr_notice(struct nn_src *s, const struct nn_notice *n)
{
	struct nn_addrs *addrs = nn_src_priv(s);
	struct hlist_node *tmp;
	struct nn_addr *a;
	int bkt;

	if (n->type == NN_NOTICE_LINK_GONE) {
		hash_for_each_safe(addrs->table->h, bkt, tmp, a, node)
			if (a->info.row.ifindex == n->ifindex)
				nn_addr_remove(s, a, NULL);
	} else if (n->type == NN_NOTICE_LINK_DOWN) {
		if (xa_is_err(xa_store(&addrs->recheck, n->ifindex,
				       xa_mk_value(1), GFP_KERNEL)))
			nn_src_lost(s);
	}
}

struct nn_addr_dump {
	struct nn_vec vec;
	u16 family;
};

static int nn_addr_dump_msg(void *arg, const struct nlmsghdr *nlh)
{
	struct nn_addr_dump *d = arg;
	struct nn_addr_info in;

	if (nlh->nlmsg_type != RTM_NEWADDR || nn_addr_parse(nlh, &in))
		return 0;
	if (d->family != AF_UNSPEC && in.row.family != d->family)
		return 0;
	return nn_vec_push(&d->vec, &in);
}

/**
 * nn_addr_collect() - every address of a namespace, from a dump
 * @net: the namespace.
 * @family: AF_INET, AF_INET6 or AF_UNSPEC.
 * @infos: receives a kvmalloc()ed array, or NULL when there is none.
 * @n: receives its length.
 *
 * Context: Process context, may sleep; takes RTNL inside the dump.
 * Return: 0 or a negative errno.
 */
int nn_addr_collect(struct net *net, u16 family, struct nn_addr_info **infos,
		    u32 *n)
{
	struct ifaddrmsg ifa = { .ifa_family = family };
	struct nn_addr_dump d = {
		.vec = NN_VEC_INIT(0, sizeof(struct nn_addr_info)),
		.family = family,
	};
	int tries = NN_DUMP_TRIES;
	int err;

	do {
		d.vec.n = 0;
		err = nn_rtnl_dump(net, RTM_GETADDR, &ifa, sizeof(ifa),
				   nn_addr_dump_msg, &d);
	} while (err == -EAGAIN && --tries);
	if (err) {
		nn_vec_free(&d.vec);
		return err;
	}
	*infos = d.vec.data;
	*n = d.vec.n;
	return 0;
}

static struct nn_addr_table *nn_addr_table_alloc(void)
{
	struct nn_addr_table *t = kmalloc(sizeof(*t), GFP_KERNEL);

	if (t)
		hash_init(t->h);
	return t;
}

static void nn_addr_table_free(struct nn_addr_table *t)
{
	struct hlist_node *tmp;
	struct nn_addr *a;
	int bkt;

	if (!t)
		return;
	hash_for_each_safe(t->h, bkt, tmp, a, node)
		kfree(a);
	kfree(t);
}

/*
 * The work hook: re-read the IPv6 addresses of the links taken down, and
 * report what changed. A failure has the namespace resynchronize at once,
 * which covers the marks; it returns 0 either way, so the retry delays of
 * the namespace work are not this re-read's.
 */
static int nn_addr_rechecks(struct nn_src *s)
{
	struct nn_addrs *addrs = nn_src_priv(s);
	struct nn_addr_info *infos;
	unsigned long ifindex;
	struct hlist_node *tmp;
	struct nn_addr *a;
	u32 i, n;
	int bkt;

	mutex_lock(&s->nn->lock);
	ifindex = 0;
	if (!xa_find(&addrs->recheck, &ifindex, ULONG_MAX, XA_PRESENT)) {
		mutex_unlock(&s->nn->lock);
		return 0;
	}
	mutex_unlock(&s->nn->lock);

	/*
	 * The link change was made under RTNL; once we have held RTNL
	 * ourselves, that whole change, addrconf_ifdown() included, is done.
	 */
	rtnl_lock();
	rtnl_unlock();
	if (nn_addr_collect(nn_src_net(s), AF_INET6, &infos, &n)) {
		mutex_lock(&s->nn->lock);
		nn_src_lost(s);
		mutex_unlock(&s->nn->lock);
		return 0;
	}

	mutex_lock(&s->nn->lock);
	hash_for_each(addrs->table->h, bkt, a, node)
		a->seen = false;
	for (i = 0; i < n; i++)
		if (xa_load(&addrs->recheck, infos[i].row.ifindex))
			nn_addr_apply(s, addrs->table, &infos[i], false);
	hash_for_each_safe(addrs->table->h, bkt, tmp, a, node)
		if (a->info.row.family == AF_INET6 && !a->seen &&
		    xa_load(&addrs->recheck, a->info.row.ifindex))
			nn_addr_remove(s, a, NULL);
	xa_destroy(&addrs->recheck);
	mutex_unlock(&s->nn->lock);
	kvfree(infos);
	return 0;
}

/* Rebuild the address cache from a dump, silently. */
static int nn_addr_sync(struct nn_src *s)
{
	struct nn_addrs *addrs = nn_src_priv(s);
	struct nn_addr_table *t, *old;
	struct nn_addr_info *infos;
	u32 i, n;
	int err;

	err = nn_addr_collect(nn_src_net(s), AF_UNSPEC, &infos, &n);
	if (err)
		return err;
	t = nn_addr_table_alloc();
	if (!t) {
		kvfree(infos);
		return -ENOMEM;
	}
	for (i = 0; i < n && !err; i++)
		err = nn_addr_apply(NULL, t, &infos[i], false);
	kvfree(infos);
	if (err) {
		nn_addr_table_free(t);
		return err;
	}

	mutex_lock(&s->nn->lock);
	old = addrs->table;
	addrs->table = t;
	xa_destroy(&addrs->recheck);
	mutex_unlock(&s->nn->lock);
	nn_addr_table_free(old);
	return 0;
}

static int nn_addr_net_init(struct nn_src *s)
{
	struct nn_addrs *addrs = nn_src_priv(s);

	xa_init(&addrs->recheck);
	return nn_addr_sync(s);
}

static void nn_addr_net_exit(struct nn_src *s)
{
	struct nn_addrs *addrs = nn_src_priv(s);

	nn_addr_table_free(addrs->table);
	addrs->table = NULL;
	xa_destroy(&addrs->recheck);
}

static int nn_rt_scope(int ifa_scope)
{
	if (ifa_scope & IFA_HOST)
		return RT_SCOPE_HOST;
	if (ifa_scope & IFA_LINK)
		return RT_SCOPE_LINK;
	if (ifa_scope & IFA_SITE)
		return RT_SCOPE_SITE;
	return RT_SCOPE_UNIVERSE;
}

/* The kernel's clock for address timestamps: jiffies in 1/100 s. */
static u32 nn_cstamp(unsigned long stamp)
{
	return (u32)((stamp - INITIAL_JIFFIES) * 100 / HZ);
}

/* The RTM_NEWADDR the kernel sends for @ifp, built as addrconf builds it. */
static struct sk_buff *nn_addr6_msg(const struct inet6_ifaddr *ifp)
{
	u32 flags = READ_ONCE(ifp->flags);
	u32 preferred = READ_ONCE(ifp->prefered_lft);
	u32 valid = READ_ONCE(ifp->valid_lft);
	unsigned long tstamp = READ_ONCE(ifp->tstamp);
	struct ifa_cacheinfo ci;
	struct ifaddrmsg *ifm;
	struct nlmsghdr *nlh;
	struct sk_buff *skb;
	long age;

	skb = nlmsg_new(NLMSG_ALIGN(sizeof(*ifm)) + 2 * nla_total_size(16) +
			nla_total_size(sizeof(ci)) + nla_total_size(4) +
			nla_total_size(1), GFP_ATOMIC);
	if (!skb)
		return NULL;
	nlh = nlmsg_put(skb, 0, 0, RTM_NEWADDR, sizeof(*ifm), 0);
	if (!nlh)
		goto err;
	ifm = nlmsg_data(nlh);
	ifm->ifa_family = AF_INET6;
	ifm->ifa_prefixlen = ifp->prefix_len;
	ifm->ifa_flags = flags;
	ifm->ifa_scope = nn_rt_scope(ifp->scope);
	ifm->ifa_index = ifp->idev->dev->ifindex;

	if ((flags & IFA_F_PERMANENT) && preferred == INFINITY_LIFE_TIME) {
		valid = INFINITY_LIFE_TIME;
	} else if (preferred != INFINITY_LIFE_TIME) {
		age = (jiffies - tstamp) / HZ;
		preferred = preferred > age ? preferred - age : 0;
		if (valid != INFINITY_LIFE_TIME)
			valid = valid > age ? valid - age : 0;
	}
	ci.ifa_prefered = preferred;
	ci.ifa_valid = valid;
	ci.cstamp = nn_cstamp(ifp->cstamp);
	ci.tstamp = nn_cstamp(tstamp);

	if ((!ipv6_addr_any(&ifp->peer_addr) &&
	     (nla_put_in6_addr(skb, IFA_LOCAL, &ifp->addr) ||
	      nla_put_in6_addr(skb, IFA_ADDRESS, &ifp->peer_addr))) ||
	    (ipv6_addr_any(&ifp->peer_addr) &&
	     nla_put_in6_addr(skb, IFA_ADDRESS, &ifp->addr)) ||
	    nla_put(skb, IFA_CACHEINFO, sizeof(ci), &ci) ||
	    nla_put_u32(skb, IFA_FLAGS, flags) ||
	    (ifp->ifa_proto && nla_put_u8(skb, IFA_PROTO, ifp->ifa_proto)))
		goto err;
	nlmsg_end(skb, nlh);
	return skb;
err:
	kfree_skb(skb);
	return NULL;
}

/*
 * inet6addr chain: under RCU, possibly in softirq. A new address is put
 * into its namespace's stream; deletions have their own RTM_DELADDR.
 */
static int nn_addr6_event(struct notifier_block *nb, unsigned long event,
			  void *ptr)
{
	struct inet6_ifaddr *ifp = ptr;
	struct net *net = dev_net(ifp->idev->dev);
	struct sk_buff *skb;

	if (event != NETDEV_UP)
		return NOTIFY_DONE;
	skb = nn_addr6_msg(ifp);
	if (skb)
		nn_net_inject(net, skb);
	else
		nn_net_lost(net);
	return NOTIFY_DONE;
}

static struct notifier_block nn_addr6_nb = {
	.notifier_call = nn_addr6_event,
};

static int nn_addr_init(void)
{
	return register_inet6addr_notifier(&nn_addr6_nb);
}

static void nn_addr_exit(void)
{
	unregister_inet6addr_notifier(&nn_addr6_nb);
}

static const unsigned int nn_addr_groups[] = {
	RTNLGRP_IPV4_IFADDR,
	RTNLGRP_IPV6_IFADDR,		/* DAD too */
};

const struct nn_source_ops nn_addr_source = {
	.name = "addresses",
	.groups = nn_addr_groups,
	.ngroups = ARRAY_SIZE(nn_addr_groups),
	.priv_size = sizeof(struct nn_addrs),
	.init = nn_addr_init,
	.exit = nn_addr_exit,
	.net_init = nn_addr_net_init,
	.net_exit = nn_addr_net_exit,
	.sync = nn_addr_sync,
	.msg = nn_addr_msg,
	.notice = nn_addr_notice,
	.work = nn_addr_rechecks,
};

/**
 * __netnotify_unicast_ip_address_change() - register for address changes
 *	(NotifyUnicastIpAddressChange)
 * @net: the network namespace to watch; see
 *	__netnotify_ip_interface_change() for its lifetime rules.
 * @family: AF_INET, AF_INET6, or AF_UNSPEC for both (row->family tells).
 * @callback: called with a copy of the row taken when the event happened,
 *	valid during the call, and the event type.
 * @ctx: passed to @callback untouched.
 * @initial_notification: call @callback once with NETNOTIFY_INITIAL and a
 *	NULL row before this returns, ahead of every event.
 * @handle: receives the handle, or 0 on error.
 * @owner: the registering module (THIS_MODULE via the
 *	netnotify_unicast_ip_address_change() macro).
 *
 * NETNOTIFY_ADD when an address appears (IPv6 addresses tentative, unless
 * added with nodad or optimistic DAD), NETNOTIFY_DELETE when it goes (a
 * non-permanent address failing DAD goes), NETNOTIFY_PARAMETER when any
 * field of its row changes: DAD state (tentative to preferred on DAD
 * completion, promptly; duplicate for a permanent address failing DAD;
 * tentative again after a link down with keep_addr_on_down), lifetimes set
 * by configuration or a router advertisement, deprecation, flags. Lifetimes
 * counting down by themselves are not a change. Delivery, ordering,
 * overflow and cancellation are as for interface handles.
 *
 * Context: As __netnotify_ip_interface_change(): process context, may
 * sleep.
 * Return: As __netnotify_ip_interface_change().
 */
int __netnotify_unicast_ip_address_change(struct net *net, u16 family,
					  netnotify_unicast_ip_address_cb callback,
					  void *ctx, bool initial_notification,
					  u32 *handle, struct module *owner)
{
	return nn_register_api(&nn_addr_handle, callback, net, family, ctx,
			       initial_notification, owner, handle);
}
EXPORT_SYMBOL_NS_GPL(__netnotify_unicast_ip_address_change, NETNOTIFY);
