/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Interface source: MIB_IPINTERFACE_ROW for each interface and family.
 */
#ifndef _NN_IFACE_H
#define _NN_IFACE_H

#include <linux/types.h>
#include <linux/xarray.h>
#include <netnotify/netnotify.h>

struct nn_net;
struct nlmsghdr;

/**
 * struct nn_iface - interface cache of one namespace
 * @links: struct nn_link by ifindex; replaced whole on resync.
 */
struct nn_iface {
	struct xarray *links;
};

/**
 * struct nn_link_info - what one RTM_NEWLINK says, for the Get functions
 * @rows: the row of each family, IPv4 first, valid where @present.
 * @present: the link carries the family.
 * @ifindex: the link.
 * @ready6: IPv6 IF_READY, i.e. DAD can run on the link.
 */
struct nn_link_info {
	struct netnotify_ip_interface_row rows[2];
	bool present[2];
	int ifindex;
	bool ready6;
};

int nn_iface_parse(const struct nlmsghdr *nlh, struct nn_link_info *info);

int nn_iface_net_init(struct nn_net *nn);
void nn_iface_net_exit(struct nn_net *nn);
int nn_iface_sync(struct nn_net *nn);
bool nn_iface_msg(struct nn_net *nn, const struct nlmsghdr *nlh);

#endif /* _NN_IFACE_H */
