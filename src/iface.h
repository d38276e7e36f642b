/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Interface source: MIB_IPINTERFACE_ROW for each interface and family.
 */
#ifndef _NN_IFACE_H
#define _NN_IFACE_H

#include <linux/types.h>
#include <linux/xarray.h>

struct nn_net;
struct nlmsghdr;

/**
 * struct nn_iface - interface cache of one namespace
 * @links: struct nn_link by ifindex; replaced whole on resync.
 */
struct nn_iface {
	struct xarray *links;
};

extern const unsigned int nn_iface_groups[];
extern const unsigned int nn_iface_ngroups;

int nn_iface_net_init(struct nn_net *nn);
void nn_iface_net_exit(struct nn_net *nn);
int nn_iface_sync(struct nn_net *nn);
bool nn_iface_msg(struct nn_net *nn, const struct nlmsghdr *nlh);

#endif /* _NN_IFACE_H */
