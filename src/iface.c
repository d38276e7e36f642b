// SPDX-License-Identifier: GPL-2.0
/*
 * Interface source (NotifyIpInterfaceChange).
 *
 * An interface row exists for a family while the device exists and holds
 * that family's state (in_device, inet6_dev). Both facts come from
 * rtnetlink, in the order the kernel produced them:
 *
 *  - RTM_NEWLINK/RTM_DELLINK (RTNLGRP_LINK) carry the whole link, including
 *    which families are attached (IFLA_AF_SPEC) and their forwarding
 *    switches. A device moving to another namespace is a DELLINK in the old
 *    one and a NEWLINK in the new one.
 *  - RTM_NEWNETCONF/RTM_DELNETCONF (RTNLGRP_IPV{4,6}_NETCONF) are sent when a
 *    family's state is created or destroyed (an IPv6 MTU below 1280 destroys
 *    it silently otherwise) and when forwarding changes, which nothing else
 *    reports.
 *  - RTM_NEWLINK with family AF_INET6 (RTNLGRP_IPV6_IFINFO) reports router
 *    advertisement flags.
 *
 * The cache holds the last row delivered per family. Each message updates
 * the link, then every family's row is compared with it: ADD when the row
 * came to exist, DELETE (with the last row) when it ceased to, PARAMETER
 * when any field differs, and nothing otherwise.
 */

#include "iface.h"
#include "handle.h"
#include "netns.h"
#include "rtnl.h"

#include <linux/if_arp.h>
#include <linux/inetdevice.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netconf.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/addrconf.h>
#include <net/if_inet6.h>

/**
 * struct nn_iface - the interface source's state in one namespace
 * @links: struct nn_link by ifindex; replaced whole on resync.
 */
struct nn_iface {
	struct xarray *links;
};

/* The handles of this source: their clients take rows. */
static bool nn_iface_call(struct nn_handle *h, enum netnotify_type type,
			  const void *row)
{
	((netnotify_ip_interface_cb)h->fn)(h->ctx, row, type);
	return true;
}

static const struct nn_handle_type nn_iface_handle = {
	.name = "ip_interface",
	.source = &nn_iface_source,
	.call = nn_iface_call,
};

/* Family slots: rows are kept per family, IPv4 first. */
#define NN_V4	0
#define NN_V6	1

static const u16 nn_slot_family[] = { AF_INET, AF_INET6 };

/**
 * struct nn_link - what is known of one interface
 * @base: family-independent fields, in row form with family 0.
 * @known: a NEWLINK was seen (the device exists).
 * @present: the family's state exists.
 * @announced: the family's row was last reported to exist.
 * @forwarding: the family's forwarding switch.
 * @managed: IPv6 router advertisement M flag.
 * @other: IPv6 router advertisement O flag.
 * @ready6: IPv6 IF_READY: the link is up and can run DAD. Not a row field.
 * @last: the row as last reported, per family.
 *
 * Rows are compared with memcmp(), so every row is built from a zeroed one.
 */
struct nn_link {
	struct netnotify_ip_interface_row base;
	bool known;
	bool present[2];
	bool announced[2];
	bool forwarding[2];
	bool managed;
	bool other;
	bool ready6;
	struct netnotify_ip_interface_row last[2];
};

/*
 * The cached link @ifindex (> 0), or NULL when it is not cached and not to
 * be created. Only a failed allocation is an error (ERR_PTR(-ENOMEM)): the
 * cache then misses a change, and the namespace must resynchronize.
 */
static struct nn_link *nn_link_get(struct xarray *links, int ifindex,
				   bool create)
{
	struct nn_link *l;
	int err;

	l = xa_load(links, ifindex);
	if (l || !create)
		return l;

	l = kzalloc(sizeof(*l), GFP_KERNEL);
	if (!l)
		return ERR_PTR(-ENOMEM);
	l->base.ifindex = ifindex;
	err = xa_err(xa_store(links, ifindex, l, GFP_KERNEL));
	if (err) {
		kfree(l);
		return ERR_PTR(err);
	}
	return l;
}

static void nn_link_row(const struct nn_link *l, int slot,
			struct netnotify_ip_interface_row *row)
{
	memcpy(row, &l->base, sizeof(*row));
	row->family = nn_slot_family[slot];
	row->forwarding = l->forwarding[slot];
	if (slot == NN_V6) {
		row->managed_config = l->managed;
		row->other_config = l->other;
	}
}

/*
 * Compare every family's row with what was last reported and tell the
 * subscribers (unless @s is NULL, while a cache is being rebuilt). Frees the
 * link once nothing is left of it.
 */
static void nn_link_publish(struct nn_src *s, struct xarray *links,
			    struct nn_link *l)
{
	struct netnotify_ip_interface_row row;
	enum netnotify_type type;
	int slot;

	for (slot = NN_V4; slot <= NN_V6; slot++) {
		bool exists = l->known && l->present[slot];

		if (exists)
			nn_link_row(l, slot, &row);
		else
			memcpy(&row, &l->last[slot], sizeof(row));

		if (exists && !l->announced[slot])
			type = NETNOTIFY_ADD;
		else if (!exists && l->announced[slot])
			type = NETNOTIFY_DELETE;
		else if (exists && memcmp(&row, &l->last[slot], sizeof(row)))
			type = NETNOTIFY_PARAMETER;
		else
			continue;

		if (s)
			nn_src_fanout(s, nn_slot_family[slot], type, &row,
				      sizeof(row));
		l->announced[slot] = exists;
		memcpy(&l->last[slot], &row, sizeof(row));
	}

	if (!l->known && !l->present[NN_V4] && !l->present[NN_V6]) {
		xa_erase(links, l->base.ifindex);
		kfree(l);
	}
}

/* IPv4's nest in IFLA_AF_SPEC: the devconf array, indexed from 1. */
static const struct nla_policy nn_inet_policy[IFLA_INET_MAX + 1] = {
	[IFLA_INET_CONF] = NLA_POLICY_MIN_LEN(IPV4_DEVCONF_FORWARDING *
					      sizeof(u32)),
};

static void nn_parse_inet(struct nn_link *l, const struct nlattr *nest)
{
	struct nlattr *tb[IFLA_INET_MAX + 1];
	const u32 *conf;

	l->present[NN_V4] = true;
	if (nn_nla_parse_nested(tb, IFLA_INET_MAX, nest, nn_inet_policy))
		return;
	if (tb[IFLA_INET_CONF]) {
		conf = nla_data(tb[IFLA_INET_CONF]);
		l->forwarding[NN_V4] = conf[IPV4_DEVCONF_FORWARDING - 1];
	}
}

/*
 * IPv6's nest in IFLA_AF_SPEC, and IFLA_PROTINFO of an AF_INET6
 * RTM_NEWLINK: the devconf array is indexed from 0.
 */
static const struct nla_policy nn_inet6_policy[IFLA_INET6_MAX + 1] = {
	[IFLA_INET6_FLAGS] = { .type = NLA_U32 },
	[IFLA_INET6_CONF] = NLA_POLICY_MIN_LEN((DEVCONF_FORWARDING + 1) *
					       sizeof(s32)),
};

static void nn_parse_inet6(struct nn_link *l, const struct nlattr *nest)
{
	struct nlattr *tb[IFLA_INET6_MAX + 1];
	const s32 *conf;
	u32 flags;

	if (nn_nla_parse_nested(tb, IFLA_INET6_MAX, nest, nn_inet6_policy))
		return;
	if (tb[IFLA_INET6_FLAGS]) {
		flags = nla_get_u32(tb[IFLA_INET6_FLAGS]);
		l->managed = flags & IF_RA_MANAGED;
		l->other = flags & IF_RA_OTHERCONF;
		l->ready6 = flags & IF_READY;
	}
	if (tb[IFLA_INET6_CONF]) {
		conf = nla_data(tb[IFLA_INET6_CONF]);
		l->forwarding[NN_V6] = conf[DEVCONF_FORWARDING];
	}
}

/* IFLA_AF_SPEC: a nest per address family, typed by the family. */
static const struct nla_policy nn_af_spec_policy[AF_INET6 + 1] = {
	[AF_INET] = NLA_POLICY_NESTED(nn_inet_policy),
	[AF_INET6] = NLA_POLICY_NESTED(nn_inet6_policy),
};

/*
 * RTM_NEWLINK and RTM_DELLINK of families AF_UNSPEC and AF_INET6. Nests are
 * validated here, with the message, so one that is malformed rejects it
 * whole instead of leaving a row half updated.
 */
static const struct nla_policy nn_link_policy[IFLA_MAX + 1] = {
	[IFLA_ADDRESS] = { .type = NLA_BINARY, .len = MAX_ADDR_LEN },
	[IFLA_IFNAME] = { .type = NLA_STRING, .len = IFNAMSIZ - 1 },
	[IFLA_MTU] = { .type = NLA_U32 },
	[IFLA_MASTER] = { .type = NLA_U32 },
	[IFLA_PROTINFO] = NLA_POLICY_NESTED(nn_inet6_policy),
	[IFLA_OPERSTATE] = { .type = NLA_U8 },
	[IFLA_AF_SPEC] = NLA_POLICY_NESTED(nn_af_spec_policy),
	[IFLA_CARRIER] = { .type = NLA_U8 },
};

/* Fill @l from an AF_UNSPEC RTM_NEWLINK; the message is a full snapshot. */
static void nn_link_parse(struct nn_link *l, const struct ifinfomsg *ifm,
			  struct nlattr **tb)
{
	struct netnotify_ip_interface_row *b = &l->base;
	const struct nlattr *af;
	int rem;

	b->link_type = ifm->ifi_type;
	b->flags = ifm->ifi_flags;
	b->admin_up = ifm->ifi_flags & IFF_UP;
	if (tb[IFLA_IFNAME])
		nla_strscpy(b->name, tb[IFLA_IFNAME], sizeof(b->name));
	if (tb[IFLA_MTU])
		b->mtu = nla_get_u32(tb[IFLA_MTU]);
	if (tb[IFLA_OPERSTATE])
		b->oper_state = nla_get_u8(tb[IFLA_OPERSTATE]);
	b->carrier = nn_link_carrier(ifm, tb[IFLA_CARRIER]);
	b->connected = b->admin_up && b->carrier;
	b->master_ifindex = tb[IFLA_MASTER] ? nla_get_u32(tb[IFLA_MASTER]) : 0;
	memset(b->hw_addr, 0, sizeof(b->hw_addr));
	b->hw_addr_len = 0;
	if (tb[IFLA_ADDRESS]) {
		b->hw_addr_len = nla_len(tb[IFLA_ADDRESS]);
		memcpy(b->hw_addr, nla_data(tb[IFLA_ADDRESS]), b->hw_addr_len);
	}

	/* A family's nest is present exactly while its state exists. */
	l->present[NN_V4] = false;
	l->present[NN_V6] = false;
	if (tb[IFLA_AF_SPEC]) {
		nla_for_each_nested(af, tb[IFLA_AF_SPEC], rem) {
			if (nla_type(af) == AF_INET) {
				nn_parse_inet(l, af);
			} else if (nla_type(af) == AF_INET6) {
				l->present[NN_V6] = true;
				nn_parse_inet6(l, af);
			}
		}
	}
	l->known = true;
}

/* Tell the other sources; nobody listens while a cache is rebuilt. */
static void nn_iface_notice(struct nn_src *s, enum nn_notice_type type,
			    int ifindex)
{
	struct nn_notice n = { .type = type, .ifindex = ifindex };

	if (s)
		nn_net_notice(s->nn, &n);
}

/* Returns 0, or -ENOMEM when the change could not be cached. */
static int nn_iface_link(struct nn_src *s, struct xarray *links,
			 const struct nlmsghdr *nlh)
{
	struct nlattr *tb[IFLA_MAX + 1];
	const struct ifinfomsg *ifm;
	struct nn_link *l;
	bool was_up;

	if (nlmsg_len(nlh) < sizeof(*ifm))
		return 0;
	ifm = nlmsg_data(nlh);
	/*
	 * Other families (AF_BRIDGE: a bridge port joining, changing or
	 * leaving) nest other attributes under the same types, and a port
	 * leaving its bridge is no link going.
	 */
	if ((ifm->ifi_family != AF_UNSPEC && ifm->ifi_family != AF_INET6) ||
	    nn_nlmsg_parse(nlh, sizeof(*ifm), tb, IFLA_MAX, nn_link_policy))
		return 0;
	if (ifm->ifi_index <= 0)
		return 0;

	if (nlh->nlmsg_type == RTM_DELLINK) {
		/* Its addresses' DELETEs come before its own. */
		nn_iface_notice(s, NN_NOTICE_LINK_GONE, ifm->ifi_index);
		l = nn_link_get(links, ifm->ifi_index, false);
		if (l) {
			l->known = false;
			l->present[NN_V4] = false;
			l->present[NN_V6] = false;
			nn_link_publish(s, links, l);
		}
		return 0;
	}

	/* Router advertisement flags, from RTNLGRP_IPV6_IFINFO. */
	if (ifm->ifi_family == AF_INET6) {
		l = nn_link_get(links, ifm->ifi_index, false);
		if (l && tb[IFLA_PROTINFO]) {
			nn_parse_inet6(l, tb[IFLA_PROTINFO]);
			nn_link_publish(s, links, l);
		}
		return 0;
	}

	l = nn_link_get(links, ifm->ifi_index, true);
	if (IS_ERR(l))
		return PTR_ERR(l);
	was_up = l->known && l->base.admin_up;
	nn_link_parse(l, ifm, tb);
	/*
	 * Taking a link down can turn kept IPv6 addresses tentative again
	 * (keep_addr_on_down) and flush routes and nexthop objects, without
	 * any message saying so.
	 */
	if (was_up && !l->base.admin_up)
		nn_iface_notice(s, NN_NOTICE_LINK_DOWN, ifm->ifi_index);
	nn_link_publish(s, links, l);
	return 0;
}

/**
 * nn_iface_parse() - the rows an RTM_NEWLINK describes
 * @nlh: an RTM_NEWLINK of family AF_UNSPEC, from a dump.
 * @info: receives the rows of the families present, and IF_READY.
 *
 * Return: 0, -EINVAL for another message, or -ENOMEM.
 */
int nn_iface_parse(const struct nlmsghdr *nlh, struct nn_link_info *info)
{
	struct nlattr *tb[IFLA_MAX + 1];
	const struct ifinfomsg *ifm;
	struct nn_link *l;
	int slot;

	if (nlh->nlmsg_type != RTM_NEWLINK || nlmsg_len(nlh) < sizeof(*ifm))
		return -EINVAL;
	ifm = nlmsg_data(nlh);
	if (ifm->ifi_family != AF_UNSPEC ||
	    nn_nlmsg_parse(nlh, sizeof(*ifm), tb, IFLA_MAX, nn_link_policy))
		return -EINVAL;

	l = kzalloc(sizeof(*l), GFP_KERNEL);
	if (!l)
		return -ENOMEM;
	l->base.ifindex = ifm->ifi_index;
	nn_link_parse(l, ifm, tb);
	for (slot = NN_V4; slot <= NN_V6; slot++) {
		info->present[slot] = l->present[slot];
		if (l->present[slot])
			nn_link_row(l, slot, &info->rows[slot]);
	}
	info->ifindex = ifm->ifi_index;
	info->ready6 = l->ready6;
	kfree(l);
	return 0;
}

/* Does the device still carry the family's state right now? */
static bool nn_family_alive(struct net *net, int ifindex, int slot)
{
	struct net_device *dev;
	bool alive = false;

	rcu_read_lock();
	dev = dev_get_by_index_rcu(net, ifindex);
	if (dev)
		alive = slot == NN_V4 ? !!__in_dev_get_rcu(dev) :
					!!__in6_dev_get(dev);
	rcu_read_unlock();
	return alive;
}

/* RTM_NEWNETCONF and RTM_DELNETCONF. */
static const struct nla_policy nn_netconf_policy[NETCONFA_MAX + 1] = {
	[NETCONFA_IFINDEX] = { .type = NLA_S32 },
	[NETCONFA_FORWARDING] = { .type = NLA_S32 },
};

/* Returns 0, or -ENOMEM when the change could not be cached. */
static int nn_iface_netconf(struct nn_src *s, struct xarray *links,
			    const struct nlmsghdr *nlh)
{
	bool add = nlh->nlmsg_type == RTM_NEWNETCONF;
	struct nlattr *tb[NETCONFA_MAX + 1];
	const struct netconfmsg *ncm;
	struct nn_link *l;
	int ifindex, slot;

	if (nn_nlmsg_parse(nlh, sizeof(*ncm), tb, NETCONFA_MAX,
			   nn_netconf_policy) || !tb[NETCONFA_IFINDEX])
		return 0;
	ncm = nlmsg_data(nlh);
	if (ncm->ncm_family == AF_INET)
		slot = NN_V4;
	else if (ncm->ncm_family == AF_INET6)
		slot = NN_V6;
	else
		return 0;

	/*
	 * "all" and "default" (NETCONFA_IFINDEX_ALL, _DEFAULT) are not
	 * interfaces. A global forwarding switch also sends a message for
	 * every interface it changes; those are the ones that count.
	 */
	ifindex = nla_get_s32(tb[NETCONFA_IFINDEX]);
	if (ifindex <= 0)
		return 0;
	l = nn_link_get(links, ifindex, add);
	if (IS_ERR_OR_NULL(l))
		return PTR_ERR_OR_ZERO(l);
	/*
	 * A rename re-registers the family's sysctls, which the kernel reports
	 * as DELNETCONF then NEWNETCONF. Only a family whose state is really
	 * gone (device unregistered, IPv6 MTU below 1280) loses its row.
	 */
	if (!add && s && nn_family_alive(nn_src_net(s), ifindex, slot))
		return 0;
	l->present[slot] = add;
	if (add && tb[NETCONFA_FORWARDING])
		l->forwarding[slot] = nla_get_s32(tb[NETCONFA_FORWARDING]);
	nn_link_publish(s, links, l);
	return 0;
}

/*
 * Apply one message to @links and, unless @s is NULL, report the changes.
 * Returns 1 when the message was applied, 0 for messages of other sources,
 * or -ENOMEM when a change could not be cached.
 */
static int nn_iface_apply(struct nn_src *s, struct xarray *links,
			  const struct nlmsghdr *nlh)
{
	switch (nlh->nlmsg_type) {
	case RTM_NEWLINK:
	case RTM_DELLINK:
		return nn_iface_link(s, links, nlh) ?: 1;
	case RTM_NEWNETCONF:
	case RTM_DELNETCONF:
		return nn_iface_netconf(s, links, nlh) ?: 1;
	}
	return 0;
}

static void nn_iface_msg(struct nn_src *s, const struct nlmsghdr *nlh)
{
	struct nn_iface *iface = nn_src_priv(s);

	lockdep_assert_held(&s->nn->lock);
	/* The cache missed a change: rebuild it and tell the subscribers. */
	if (nn_iface_apply(s, iface->links, nlh) < 0)
		nn_src_lost(s);
}

static int nn_iface_dump_msg(void *links, const struct nlmsghdr *nlh)
{
	return min(nn_iface_apply(NULL, links, nlh), 0);
}

/*
 * Rebuild the interface cache from a dump, silently: at namespace setup,
 * and after the listener lost messages, when the subscribers are told to
 * resynchronize instead.
 */
static int nn_iface_sync(struct nn_src *s)
{
	struct nn_iface *iface = nn_src_priv(s);

	return nn_src_sync_links(s, &iface->links, nn_iface_dump_msg);
}

static void nn_iface_net_exit(struct nn_src *s)
{
	struct nn_iface *iface = nn_src_priv(s);

	nn_rows_free(iface->links);
	iface->links = NULL;
}

static const unsigned int nn_iface_groups[] = {
	RTNLGRP_LINK,			/* links, their families */
	RTNLGRP_IPV4_NETCONF,		/* IPv4 state, forwarding */
	RTNLGRP_IPV6_NETCONF,		/* IPv6 state, forwarding */
	RTNLGRP_IPV6_IFINFO,		/* router advertisement flags */
};

const struct nn_source_ops nn_iface_source = {
	.name = "interfaces",
	.groups = nn_iface_groups,
	.ngroups = ARRAY_SIZE(nn_iface_groups),
	.priv_size = sizeof(struct nn_iface),
	.net_init = nn_iface_sync,
	.net_exit = nn_iface_net_exit,
	.sync = nn_iface_sync,
	.msg = nn_iface_msg,
};

/**
 * __netnotify_ip_interface_change() - register for interface changes
 *	(NotifyIpInterfaceChange)
 * @net: the network namespace to watch; the caller keeps it alive for the
 *	duration of the call. The handle takes no reference: when the
 *	namespace is dismantled the handle receives the DELETEs of its
 *	interfaces, then nothing, and stays cancellable.
 * @family: AF_INET, AF_INET6, or AF_UNSPEC for both (row->family tells).
 * @callback: called with a copy of the row taken when the event happened,
 *	valid during the call, and the event type.
 * @ctx: passed to @callback untouched.
 * @initial_notification: call @callback once with NETNOTIFY_INITIAL and a
 *	NULL row before this returns, ahead of every event.
 * @handle: receives the handle, or 0 on error.
 * @owner: the registering module (THIS_MODULE via the
 *	netnotify_ip_interface_change() macro); if it is unloaded with the
 *	handle live, the handle is cancelled first, with a warning.
 *
 * Events are NETNOTIFY_ADD when an interface gains the family (registered,
 * moved in, family state created), NETNOTIFY_DELETE when it loses it, and
 * NETNOTIFY_PARAMETER when any field of its row changes. Callbacks of one
 * handle never overlap and keep the kernel's order; they run in process
 * context without locks held and may sleep, take RTNL, and register or
 * cancel handles. If the handle's queue overflows, queued events are dropped
 * and one NETNOTIFY_RESYNC follows.
 *
 * Context: Process context, may sleep; not in atomic context, with
 * interrupts or preemption disabled, or inside an RCU read-side section.
 * Must not hold a lock that the callback takes when @initial_notification
 * is set.
 * Return: 0 on success; -EINVAL for a NULL @net, @callback or @handle or an
 * unsupported @family; -EDEADLK, with nothing done and a one-time warning,
 * from a context that cannot sleep; -ENOMEM; -ENOSPC when handles run out;
 * -ENODEV when @net is being dismantled.
 */
int __netnotify_ip_interface_change(struct net *net, u16 family,
				    netnotify_ip_interface_cb callback,
				    void *ctx, bool initial_notification,
				    u32 *handle, struct module *owner)
{
	return nn_register_api(&nn_iface_handle, callback, net, family, ctx,
			       initial_notification, owner, handle);
}
EXPORT_SYMBOL_NS_GPL(__netnotify_ip_interface_change, NETNOTIFY);
