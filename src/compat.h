/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every difference between the kernels netnotify supports lives here. Kbuild
 * force-includes this header and defines NN_COMPAT_* from feature probes in
 * compat.mk; nothing else in the tree tests kernel versions.
 */
#ifndef _NN_COMPAT_H
#define _NN_COMPAT_H

/*
 * EXPORT_SYMBOL_NS_GPL() and MODULE_IMPORT_NS() take the namespace as a bare
 * identifier up to 6.12 and as a string literal from 6.13. The code always
 * writes the identifier NETNOTIFY; where a string is wanted, it is a macro
 * for one.
 */
#ifndef NN_COMPAT_NS_IDENTIFIER
#define NETNOTIFY "NETNOTIFY"
#endif

/* Private to net/ipv6/addrconf.c before 6.3; the value is ABI. */
#ifdef NN_COMPAT_NO_INFINITY_LIFE_TIME
#define INFINITY_LIFE_TIME	0xFFFFFFFF
#endif

/*
 * A struct nexthop_grp's weight, 1 to 256 where the entry has no high byte
 * (it is reserved and zero there).
 */
#ifdef NN_COMPAT_NO_NEXTHOP_GRP_WEIGHT
#define nexthop_grp_weight(entry)	((u16)((entry)->weight + 1))
#endif

/*
 * NN_COMPAT_RA_ROUTE_EXPIRY_LATE: the kernel announces a route learnt from a
 * router advertisement before it sets the route's expiry, so the first
 * event for it carries an infinite lifetime. Only the tests use it.
 */

/*
 * nn_extack_msg() gives a netlink request's extended ack a message copied
 * from a string that need not outlive the call (the ack is sent after RTNL
 * is released), reading no more of it than fits, 79 characters. From 6.2
 * the extack has a buffer for it. Before, it holds a pointer only, and
 * compat.c keeps a copy of each message, unchanged until netnotify is
 * unloaded (nn_extack_msgs_free()).
 */
#ifdef NN_COMPAT_NO_EXTACK_MSG_BUF
#define NETLINK_MAX_FMTMSG_LEN	80
struct netlink_ext_ack;
void nn_extack_msg(struct netlink_ext_ack *extack, const char *msg);
void nn_extack_msgs_free(void);
#else
#define nn_extack_msg(extack, msg)					\
	NL_SET_ERR_MSG_FMT((extack), "%.*s", NETLINK_MAX_FMTMSG_LEN - 1, (msg))
#define nn_extack_msgs_free()	do { } while (0)
#endif

/* Add one to an eventfd's counter; eventfd_signal() took the count until 6.8. */
#ifdef NN_COMPAT_EVENTFD_SIGNAL_COUNT
#define nn_eventfd_signal(ctx)	eventfd_signal((ctx), 1)
#else
#define nn_eventfd_signal(ctx)	eventfd_signal(ctx)
#endif

/* The file a struct fd holds; a macro of its own from 6.12. */
#ifdef NN_COMPAT_NO_FD_FILE
#define fd_file(f)	((f).file)
#endif

#endif /* _NN_COMPAT_H */
