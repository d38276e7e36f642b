/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The route source's messages. Private to the route source.
 */
#ifndef _NN_ROUTE_MSG_H
#define _NN_ROUTE_MSG_H

#include <linux/types.h>
#include <linux/xarray.h>

struct nlmsghdr;
struct nn_src;
struct nn_rt;

struct nn_rt *nn_rt_parse(const struct nlmsghdr *nlh, struct xarray *nexthops);
void nn_route_msg(struct nn_src *s, const struct nlmsghdr *nlh);
bool nn_nh_mark(struct nn_src *s, struct xarray *ids, unsigned long id);
void nn_nh_apply(struct nn_src *s, struct xarray *gone, struct xarray *changed);

#endif /* _NN_ROUTE_MSG_H */
