/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * netnotify's user-space interface: the generic netlink family "netnotify".
 *
 * A process registers an eventfd to be signalled whenever an interface of
 * its network namespace connects or disconnects (the mprapi contract of
 * MprAdminRegisterConnectionNotification): the eventfd's counter goes up by
 * one for each change, and a read returns how many happened since the last
 * read. The signal carries nothing else: the reader re-reads what it
 * watches (with rtnetlink, for instance).
 *
 * Both commands act in the namespace of the sending socket and need
 * CAP_NET_ADMIN over that namespace's user namespace (the owner of an
 * unprivileged user namespace has it in the network namespaces it owns).
 * Errors come back as netlink acknowledgements:
 *
 *   EPERM   the sender lacks CAP_NET_ADMIN (generic netlink's own check,
 *           made before netnotify sees the request);
 *   EBADF   NETNOTIFY_A_EVENT_FD is not an open file descriptor;
 *   EINVAL  it is not an eventfd, the attribute is missing, or (deregister)
 *           the eventfd is not registered in this namespace;
 *   EEXIST  (register) the eventfd is already registered in this namespace;
 *   ENODEV  the namespace is being dismantled;
 *   ENOMEM  out of memory.
 *
 * A registration lasts until it is deregistered, until the eventfd's file
 * is released (its last descriptor closed, in every process that has one:
 * a registering process that exits or is killed ends it, unless it shared
 * the descriptor), until the namespace is dismantled, or until netnotify is
 * unloaded, whichever comes first. After deregistration returns, the
 * eventfd is never signalled by it again.
 */
#ifndef _UAPI_NETNOTIFY_NETNOTIFY_H
#define _UAPI_NETNOTIFY_NETNOTIFY_H

#include <linux/types.h>

#define NETNOTIFY_GENL_NAME	"netnotify"
#define NETNOTIFY_GENL_VERSION	1

/**
 * enum netnotify_cmd - the family's commands
 * @NETNOTIFY_CMD_UNSPEC: unused.
 * @NETNOTIFY_CMD_REGISTER_CONNECTION_NOTIFICATION: register the eventfd
 *	named by NETNOTIFY_A_EVENT_FD (MprAdminRegisterConnectionNotification).
 * @NETNOTIFY_CMD_DEREGISTER_CONNECTION_NOTIFICATION: deregister it
 *	(MprAdminDeregisterConnectionNotification).
 * @__NETNOTIFY_CMD_MAX: one more than the last command.
 */
enum netnotify_cmd {
	NETNOTIFY_CMD_UNSPEC,
	NETNOTIFY_CMD_REGISTER_CONNECTION_NOTIFICATION,
	NETNOTIFY_CMD_DEREGISTER_CONNECTION_NOTIFICATION,
	__NETNOTIFY_CMD_MAX,
};

#define NETNOTIFY_CMD_MAX	(__NETNOTIFY_CMD_MAX - 1)

/**
 * enum netnotify_attr - the family's attributes
 * @NETNOTIFY_A_UNSPEC: unused.
 * @NETNOTIFY_A_EVENT_FD: __u32, an eventfd file descriptor of the sender.
 * @__NETNOTIFY_A_MAX: one more than the last attribute.
 */
enum netnotify_attr {
	NETNOTIFY_A_UNSPEC,
	NETNOTIFY_A_EVENT_FD,
	__NETNOTIFY_A_MAX,
};

#define NETNOTIFY_A_MAX		(__NETNOTIFY_A_MAX - 1)

#endif /* _UAPI_NETNOTIFY_NETNOTIFY_H */
