// SPDX-License-Identifier: GPL-2.0
/*
 * Nexthop objects. A route may name a nexthop object (RTA_NH_ID) instead of
 * carrying its next hops, and the object may be a group of others; rows are
 * per next hop, so the route source keeps the objects of the namespace, by
 * id, to resolve such routes. An xarray of struct nn_nh, rebuilt from
 * RTM_GETNEXTHOP dumps and kept current from RTM_NEWNEXTHOP/RTM_DELNEXTHOP.
 */

#include "nexthop.h"
#include "rtnl.h"

#include <linux/nexthop.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/netlink.h>

/*
 * RTM_NEWNEXTHOP and RTM_DELNEXTHOP. NHA_GATEWAY is exactly as long as the
 * nexthop's family says (nn_nla_addr() checks), NHA_GROUP a whole number of
 * entries (nn_nh_parse() checks).
 */
static const struct nla_policy nn_nh_policy[NHA_MAX + 1] = {
	[NHA_ID] = { .type = NLA_U32 },
	[NHA_GROUP] = { .type = NLA_BINARY },
	[NHA_BLACKHOLE] = { .type = NLA_FLAG },
	[NHA_OIF] = { .type = NLA_U32 },
	[NHA_GATEWAY] = { .type = NLA_BINARY, .len = sizeof(struct in6_addr) },
};

/*
 * Read RTM_NEWNEXTHOP or RTM_DELNEXTHOP: the object, NULL if the message is
 * none of ours or is malformed, or an ERR_PTR().
 */
struct nn_nh *nn_nh_parse(const struct nlmsghdr *nlh)
{
	struct nlattr *tb[NHA_MAX + 1];
	const struct nexthop_grp *grp;
	const struct nhmsg *nhm;
	struct nn_nh *nh;
	unsigned int i, n = 0;

	if (nn_nlmsg_parse(nlh, sizeof(*nhm), tb, NHA_MAX, nn_nh_policy) ||
	    !tb[NHA_ID])
		return NULL;
	nhm = nlmsg_data(nlh);
	if (tb[NHA_GROUP]) {
		if (nla_len(tb[NHA_GROUP]) % sizeof(*grp))
			return NULL;
		n = nla_len(tb[NHA_GROUP]) / sizeof(*grp);
	}

	nh = kzalloc(struct_size(nh, grp, n), GFP_KERNEL);
	if (!nh)
		return ERR_PTR(-ENOMEM);
	nh->id = nla_get_u32(tb[NHA_ID]);
	nh->family = nhm->nh_family;
	nh->blackhole = !!tb[NHA_BLACKHOLE];
	nh->oif = tb[NHA_OIF] ? nla_get_u32(tb[NHA_OIF]) : 0;
	nh->flags = nhm->nh_flags & NN_RTNH_FLAGS;
	if (nn_nla_addr(&nh->gw, nh->family, tb[NHA_GATEWAY])) {
		kfree(nh);
		return NULL;
	}
	nh->ngrp = n;
	if (n) {
		grp = nla_data(tb[NHA_GROUP]);
		/* With its high byte (weight_high), where the kernel has one. */
		for (i = 0; i < n; i++) {
			nh->grp[i].id = grp[i].id;
			nh->grp[i].weight = nexthop_grp_weight(&grp[i]);
		}
	}
	return nh;
}

bool nn_nh_same(const struct nn_nh *a, const struct nn_nh *b)
{
	return a->ngrp == b->ngrp && !memcmp(a, b, struct_size(a, grp, a->ngrp));
}

static struct xarray *nn_nh_new(void)
{
	struct xarray *xa = kmalloc(sizeof(*xa), GFP_KERNEL);

	if (xa)
		xa_init(xa);
	return xa;
}

/* An xarray's nodes point back at it: it is freed, never copied. */
void nn_nh_free_all(struct xarray *xa)
{
	unsigned long id;
	struct nn_nh *nh;

	if (!xa)
		return;
	xa_for_each(xa, id, nh)
		kfree(nh);
	xa_destroy(xa);
	kfree(xa);
}

/* The next hops nexthop @id resolves to, appended to @hops (room for @max). */
u32 nn_nh_expand(struct xarray *nexthops, u32 id, struct nn_hop *hops,
		 u32 max)
{
	const struct nn_nh *nh = xa_load(nexthops, id), *m;
	u32 i, n = 0;

	if (!nh)
		return 0;
	if (!nh->ngrp) {
		if (max) {
			hops[0] = (struct nn_hop){ .gw = nh->gw,
				.gw_family = nh->family, .weight = 1,
				.ifindex = nh->oif, .flags = nh->flags };
			n = 1;
		}
		return n;
	}
	for (i = 0; i < nh->ngrp && n < max; i++) {
		m = xa_load(nexthops, nh->grp[i].id);
		if (!m || m->ngrp)
			continue;
		hops[n++] = (struct nn_hop){ .gw = m->gw, .gw_family = m->family,
			.weight = nh->grp[i].weight, .ifindex = m->oif,
			.flags = m->flags };
	}
	return n;
}

/* How many next hops a group (or a plain nexthop) can resolve to. */
u32 nn_nh_size(struct xarray *nexthops, u32 id)
{
	const struct nn_nh *nh = xa_load(nexthops, id);

	return nh ? max_t(u32, nh->ngrp, 1) : 0;
}

static int nn_nh_dump_msg(void *arg, const struct nlmsghdr *nlh)
{
	struct nn_nh *nh;

	if (nlh->nlmsg_type != RTM_NEWNEXTHOP)
		return 0;
	nh = nn_nh_parse(nlh);
	if (IS_ERR_OR_NULL(nh))
		return PTR_ERR_OR_ZERO(nh);
	if (xa_is_err(xa_store(arg, nh->id, nh, GFP_KERNEL))) {
		kfree(nh);
		return -ENOMEM;
	}
	return 0;
}

/* Every nexthop object of @net, or an ERR_PTR(). */
struct xarray *nn_nh_read(struct net *net)
{
	struct nhmsg nhm = { .nh_family = AF_UNSPEC };
	struct xarray *xa;
	int tries = NN_DUMP_TRIES;
	int err;

	do {
		xa = nn_nh_new();
		if (!xa)
			return ERR_PTR(-ENOMEM);
		err = nn_rtnl_dump(net, RTM_GETNEXTHOP, &nhm, sizeof(nhm),
				   nn_nh_dump_msg, xa);
		if (err)
			nn_nh_free_all(xa);
	} while (err == -EAGAIN && --tries);
	/* Kernels without nexthop objects answer "not supported". */
	if (err == -EOPNOTSUPP)
		return nn_nh_new() ?: ERR_PTR(-ENOMEM);
	return err ? ERR_PTR(err) : xa;
}
