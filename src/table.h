/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Get functions' tables; the stable table reads through them too.
 */
#ifndef _NN_TABLE_H
#define _NN_TABLE_H

#include <linux/types.h>
#include <netnotify/netnotify.h>

struct net;
struct nn_addr_info;

struct netnotify_unicast_ip_address_table *
nn_addr_table(struct net *net, u16 family, struct nn_addr_info **infos, u32 *n);

#endif /* _NN_TABLE_H */
