// SPDX-License-Identifier: GPL-2.0
/*
 * The Get functions (GetUnicastIpAddressTable/Entry, GetIpInterfaceTable/
 * Entry) and FreeMibTable. Each reads the namespace afresh through an
 * rtnetlink dump: the kernel takes RTNL (or RCU) only per batch, and marks a
 * dump that raced with a change, in which case it is taken again, so a table
 * is complete and every row consistent. Rows are built by the same parsers
 * as the notifications, so a row read here and one delivered to a callback
 * compare equal.
 */

#include "table.h"
#include "addr.h"
#include "handle.h"
#include "iface.h"
#include "route.h"
#include "rtnl.h"
#include "vec.h"

#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>

/**
 * nn_addr_table() - build an address table from a dump
 * @net: the namespace.
 * @family: AF_INET, AF_INET6 or AF_UNSPEC.
 * @infos: optional: receives the dump's addresses too (kvfree() them).
 * @n: receives their number, with @infos.
 *
 * Return: the table, or an ERR_PTR().
 */
struct netnotify_unicast_ip_address_table *
nn_addr_table(struct net *net, u16 family, struct nn_addr_info **infos, u32 *n)
{
	const size_t hdr = offsetof(struct netnotify_unicast_ip_address_table,
				    table);
	struct nn_vec v = NN_VEC_INIT(hdr,
			sizeof(struct netnotify_unicast_ip_address_row));
	struct nn_addr_info *in;
	void *table;
	u32 i, count;
	int err;

	err = nn_addr_collect(net, family, &in, &count);
	if (err)
		return ERR_PTR(err);
	for (i = 0; i < count && !err; i++)
		err = nn_vec_push(&v, &in[i].row);
	table = err ? NULL : nn_vec_table(&v);
	if (!table) {
		nn_vec_free(&v);
		kvfree(in);
		return ERR_PTR(-ENOMEM);
	}
	if (infos) {
		*infos = in;
		*n = count;
	} else {
		kvfree(in);
	}
	return table;
}

/**
 * netnotify_get_unicast_ip_address_table() - every address of a namespace
 *	(GetUnicastIpAddressTable)
 * @net: the network namespace.
 * @family: AF_INET, AF_INET6, or AF_UNSPEC for both.
 * @table: receives the table, to be freed with netnotify_free_table(); NULL
 *	on error.
 *
 * A consistent snapshot: every address of the family, each row as a
 * notification would carry it.
 *
 * Context: Process context, may sleep; may be called from callbacks. Must
 * not hold RTNL, which the kernel takes while it dumps.
 * Return: 0; -EINVAL for a NULL @net or @table or an unsupported @family;
 * -EDEADLK from a context that cannot sleep; -ENOMEM; -EAGAIN when the
 * namespace kept changing under every one of the reads tried.
 */
int netnotify_get_unicast_ip_address_table(struct net *net, u16 family,
					   struct netnotify_unicast_ip_address_table **table)
{
	struct netnotify_unicast_ip_address_table *t;
	int err;

	if (table)
		*table = NULL;
	err = nn_check_context();
	if (err)
		return err;
	if (!net || !table || !nn_family_valid(family))
		return -EINVAL;

	t = nn_addr_table(net, family, NULL, NULL);
	if (IS_ERR(t))
		return PTR_ERR(t);
	*table = t;
	return 0;
}
EXPORT_SYMBOL_NS_GPL(netnotify_get_unicast_ip_address_table, NETNOTIFY);

/**
 * netnotify_get_unicast_ip_address_entry() - one address
 *	(GetUnicastIpAddressEntry)
 * @net: the network namespace.
 * @row: in: the keys, @row->family (AF_INET or AF_INET6), @row->ifindex,
 *	@row->addr, and for IPv4 @row->prefix_len when non-zero (IPv4 allows
 *	one address with several prefix lengths); out: the whole row.
 *
 * Context: Process context, may sleep; may be called from callbacks. Must
 * not hold RTNL.
 * Return: 0; -ENOENT when there is no such address; -EINVAL for a NULL
 * @net or @row or another family; -EDEADLK from a context that cannot
 * sleep; -ENOMEM; -EAGAIN when the namespace kept changing under every
 * one of the reads tried.
 */
int netnotify_get_unicast_ip_address_entry(struct net *net,
					   struct netnotify_unicast_ip_address_row *row)
{
	struct nn_addr_info *infos;
	u32 i, n;
	int err;

	err = nn_check_context();
	if (err)
		return err;
	if (!net || !row || (row->family != AF_INET && row->family != AF_INET6))
		return -EINVAL;

	err = nn_addr_collect(net, row->family, &infos, &n);
	if (err)
		return err;
	err = -ENOENT;
	for (i = 0; i < n; i++) {
		const struct netnotify_unicast_ip_address_row *r = &infos[i].row;

		if (r->ifindex == row->ifindex &&
		    !memcmp(&r->addr, &row->addr, sizeof(r->addr)) &&
		    (r->family == AF_INET6 || !row->prefix_len ||
		     r->prefix_len == row->prefix_len)) {
			memcpy(row, r, sizeof(*row));
			err = 0;
			break;
		}
	}
	kvfree(infos);
	return err;
}
EXPORT_SYMBOL_NS_GPL(netnotify_get_unicast_ip_address_entry, NETNOTIFY);

struct nn_iface_dump {
	struct nn_vec vec;
	u16 family;
	int ifindex;	/* 0: every link */
};

static int nn_iface_dump_row(void *arg, const struct nlmsghdr *nlh)
{
	struct nn_iface_dump *d = arg;
	struct nn_link_info info;
	int slot, err;

	/*
	 * Another message is skipped; a row that could not be built fails
	 * the read, or the table would lack it without anyone knowing.
	 */
	err = nn_iface_parse(nlh, &info);
	if (err)
		return err == -ENOMEM ? err : 0;
	for (slot = 0; slot < 2; slot++) {
		if (!info.present[slot] ||
		    (d->ifindex && info.rows[slot].ifindex != d->ifindex) ||
		    (d->family != AF_UNSPEC &&
		     info.rows[slot].family != d->family))
			continue;
		err = nn_vec_push(&d->vec, &info.rows[slot]);
		if (err)
			return err;
	}
	return 0;
}

static int nn_iface_collect(struct net *net, struct nn_iface_dump *d)
{
	struct ifinfomsg ifm = { .ifi_family = AF_UNSPEC };
	int tries = NN_DUMP_TRIES;
	int err;

	do {
		d->vec.n = 0;
		err = nn_rtnl_dump(net, RTM_GETLINK, &ifm, sizeof(ifm),
				   nn_iface_dump_row, d);
	} while (err == -EAGAIN && --tries);
	return err;
}

/**
 * netnotify_get_ip_interface_table() - every interface row of a namespace
 *	(GetIpInterfaceTable)
 * @net: the network namespace.
 * @family: AF_INET, AF_INET6, or AF_UNSPEC for both.
 * @table: receives the table, to be freed with netnotify_free_table(); NULL
 *	on error.
 *
 * Context: Process context, may sleep; may be called from callbacks. Must
 * not hold RTNL.
 * Return: 0; -EINVAL for a NULL @net or @table or an unsupported @family;
 * -EDEADLK from a context that cannot sleep; -ENOMEM; -EAGAIN when the
 * namespace kept changing under every one of the reads tried.
 */
int netnotify_get_ip_interface_table(struct net *net, u16 family,
				     struct netnotify_ip_interface_table **table)
{
	struct nn_iface_dump d = {
		.vec = NN_VEC_INIT(offsetof(struct netnotify_ip_interface_table,
					    table),
				   sizeof(struct netnotify_ip_interface_row)),
		.family = family,
	};
	int err;

	if (table)
		*table = NULL;
	err = nn_check_context();
	if (err)
		return err;
	if (!net || !table || !nn_family_valid(family))
		return -EINVAL;

	err = nn_iface_collect(net, &d);
	if (!err) {
		*table = nn_vec_table(&d.vec);
		if (*table)
			return 0;
		err = -ENOMEM;
	}
	nn_vec_free(&d.vec);
	return err;
}
EXPORT_SYMBOL_NS_GPL(netnotify_get_ip_interface_table, NETNOTIFY);

/**
 * netnotify_get_ip_interface_entry() - one interface row
 *	(GetIpInterfaceEntry)
 * @net: the network namespace.
 * @row: in: the keys, @row->family (AF_INET or AF_INET6) and
 *	@row->ifindex; out: the whole row.
 *
 * Context: Process context, may sleep; may be called from callbacks. Must
 * not hold RTNL.
 * Return: 0; -ENOENT when the interface does not exist or lacks the family;
 * -EINVAL for a NULL @net or @row or another family; -EDEADLK from a
 * context that cannot sleep; -ENOMEM; -EAGAIN when the namespace kept
 * changing under every one of the reads tried.
 */
int netnotify_get_ip_interface_entry(struct net *net,
				     struct netnotify_ip_interface_row *row)
{
	struct nn_iface_dump d = {
		.vec = NN_VEC_INIT(0, sizeof(struct netnotify_ip_interface_row)),
	};
	int err;

	err = nn_check_context();
	if (err)
		return err;
	if (!net || !row || (row->family != AF_INET && row->family != AF_INET6) ||
	    row->ifindex <= 0)
		return -EINVAL;

	d.family = row->family;
	d.ifindex = row->ifindex;
	err = nn_iface_collect(net, &d);
	if (!err && !d.vec.n)
		err = -ENOENT;
	if (!err)
		memcpy(row, nn_vec_at(&d.vec, 0), sizeof(*row));
	nn_vec_free(&d.vec);
	return err;
}
EXPORT_SYMBOL_NS_GPL(netnotify_get_ip_interface_entry, NETNOTIFY);

/**
 * netnotify_get_ip_forward_table() - every route of a namespace
 *	(GetIpForwardTable2)
 * @net: the network namespace.
 * @family: AF_INET, AF_INET6, or AF_UNSPEC for both.
 * @table: receives the table, a row per next hop of every route of every
 *	routing table, to be freed with netnotify_free_table(); NULL on error.
 *
 * A consistent snapshot read in batches: a million routes take seconds but
 * never hold RTNL for long or stall the CPU.
 *
 * Context: Process context, may sleep; may be called from callbacks. Must
 * not hold RTNL.
 * Return: 0; -EINVAL for a NULL @net or @table or an unsupported @family;
 * -EDEADLK from a context that cannot sleep; -ENOMEM; -EAGAIN when the
 * namespace kept changing under every one of the reads tried.
 */
int netnotify_get_ip_forward_table(struct net *net, u16 family,
				   struct netnotify_ip_forward_table **table)
{
	struct nn_vec v = NN_VEC_INIT(offsetof(struct netnotify_ip_forward_table,
					       table),
				      sizeof(struct netnotify_ip_forward_row));
	int err;

	if (table)
		*table = NULL;
	err = nn_check_context();
	if (err)
		return err;
	if (!net || !table || !nn_family_valid(family))
		return -EINVAL;

	err = nn_route_collect(net, family, 0, 0, &v);
	if (!err) {
		*table = nn_vec_table(&v);
		if (*table)
			return 0;
		err = -ENOMEM;
	}
	nn_vec_free(&v);
	return err;
}
EXPORT_SYMBOL_NS_GPL(netnotify_get_ip_forward_table, NETNOTIFY);

/**
 * netnotify_get_ip_forward_entry() - one route next hop (GetIpForwardEntry2)
 * @net: the network namespace.
 * @row: in: the keys: @row->family (AF_INET or AF_INET6), @row->dst,
 *	@row->dst_len, @row->gateway (zero for on-link) and @row->ifindex;
 *	@row->table and @row->metric when non-zero (0 matches any, and the
 *	first such row is returned). Out: the whole row.
 *
 * Context: Process context, may sleep; may be called from callbacks. Must
 * not hold RTNL.
 * Return: 0; -ENOENT when there is no such row; -EINVAL for a NULL @net or
 * @row or another family; -EDEADLK from a context that cannot sleep;
 * -ENOMEM; -EAGAIN when the namespace kept changing under every one of the
 * reads tried.
 */
int netnotify_get_ip_forward_entry(struct net *net,
				   struct netnotify_ip_forward_row *row)
{
	struct nn_vec v = NN_VEC_INIT(0, sizeof(struct netnotify_ip_forward_row));
	const struct netnotify_ip_forward_row *r;
	int err;
	u32 i;

	err = nn_check_context();
	if (err)
		return err;
	if (!net || !row || (row->family != AF_INET && row->family != AF_INET6))
		return -EINVAL;

	err = nn_route_collect(net, row->family, row->table, row->ifindex, &v);
	for (i = 0, err = err ?: -ENOENT; err == -ENOENT && i < v.n; i++) {
		r = nn_vec_at(&v, i);
		if (r->ifindex == row->ifindex && r->dst_len == row->dst_len &&
		    !memcmp(&r->dst, &row->dst, sizeof(r->dst)) &&
		    !memcmp(&r->gateway, &row->gateway, sizeof(r->gateway)) &&
		    (!row->table || r->table == row->table) &&
		    (!row->metric || r->metric == row->metric)) {
			memcpy(row, r, sizeof(*row));
			err = 0;
		}
	}
	nn_vec_free(&v);
	return err;
}
EXPORT_SYMBOL_NS_GPL(netnotify_get_ip_forward_entry, NETNOTIFY);

/**
 * netnotify_free_table() - free a table from netnotify (FreeMibTable)
 * @table: a table returned by a netnotify function or passed to a stable
 *	table callback; NULL is allowed and does nothing.
 *
 * Context: Process context.
 */
void netnotify_free_table(void *table)
{
	kvfree(table);
}
EXPORT_SYMBOL_NS_GPL(netnotify_free_table, NETNOTIFY);
