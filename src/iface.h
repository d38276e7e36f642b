/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Interface source: MIB_IPINTERFACE_ROW for each interface and family.
 */
#ifndef _NN_IFACE_H
#define _NN_IFACE_H

#include <linux/types.h>
#include <netnotify/netnotify.h>

struct nlmsghdr;

extern const struct nn_source_ops nn_iface_source;

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

#endif /* _NN_IFACE_H */
