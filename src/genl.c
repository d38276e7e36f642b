// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "netnotify", netnotify's user-space face
 * (include/uapi/netnotify/netnotify.h): processes register eventfds for
 * connection events.
 *
 * Every request acts in the namespace of the socket it was sent on, and
 * needs CAP_NET_ADMIN over that namespace's user namespace
 * (GENL_UNS_ADMIN_PERM: generic netlink checks it, and answers EPERM,
 * before a handler runs; so a process never sees the kernel API's EACCES).
 * Handlers run in the sending process, whose descriptor table the eventfd
 * is looked up in. Attributes are validated strictly against the family's
 * policy: unknown, truncated or mistyped ones are refused with EINVAL.
 */

#include "connevent.h"
#include "genl.h"

#include <net/genetlink.h>
#include <uapi/netnotify/netnotify.h>

static const struct nla_policy nn_genl_policy[NETNOTIFY_A_MAX + 1] = {
	[NETNOTIFY_A_EVENT_FD] = { .type = NLA_U32 },
};

/* The request's eventfd descriptor; a missing one is reported in extack. */
static int nn_genl_fd(struct genl_info *info, int *fd)
{
	if (GENL_REQ_ATTR_CHECK(info, NETNOTIFY_A_EVENT_FD))
		return -EINVAL;
	/* Beyond INT_MAX it is no descriptor: fdget() finds nothing, EBADF. */
	*fd = min_t(u32, nla_get_u32(info->attrs[NETNOTIFY_A_EVENT_FD]),
		    INT_MAX);
	return 0;
}

static int nn_genl_register(struct sk_buff *skb, struct genl_info *info)
{
	int fd, err = nn_genl_fd(info, &fd);

	return err ?: nn_conn_event_register_fd(genl_info_net(info), fd);
}

static int nn_genl_deregister(struct sk_buff *skb, struct genl_info *info)
{
	int fd, err = nn_genl_fd(info, &fd);

	return err ?: nn_conn_event_deregister_fd(genl_info_net(info), fd);
}

static const struct genl_small_ops nn_genl_ops[] = {
	{
		.cmd = NETNOTIFY_CMD_REGISTER_CONNECTION_NOTIFICATION,
		.doit = nn_genl_register,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = NETNOTIFY_CMD_DEREGISTER_CONNECTION_NOTIFICATION,
		.doit = nn_genl_deregister,
		.flags = GENL_UNS_ADMIN_PERM,
	},
};

static struct genl_family nn_genl_family __ro_after_init = {
	.name = NETNOTIFY_GENL_NAME,
	.version = NETNOTIFY_GENL_VERSION,
	.maxattr = NETNOTIFY_A_MAX,
	.policy = nn_genl_policy,
	.netnsok = true,
	/* The handlers lock for themselves: no need for genl_mutex. */
	.parallel_ops = true,
	.module = THIS_MODULE,
	.small_ops = nn_genl_ops,
	.n_small_ops = ARRAY_SIZE(nn_genl_ops),
	/*
	 * .resv_start_op 0: every command is checked strictly, header
	 * reserved fields and flags included; none predates that.
	 */
};

int nn_genl_init(void)
{
	return genl_register_family(&nn_genl_family);
}

/* Waits for requests in progress; none starts after. */
void nn_genl_exit(void)
{
	genl_unregister_family(&nn_genl_family);
}
