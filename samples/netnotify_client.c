// SPDX-License-Identifier: GPL-2.0
/*
 * A netnotify client: registers for interface changes in the network
 * namespace of the process that loads it and logs every callback.
 *
 *   insmod netnotify_client.ko                 # init_net, both families
 *   ip netns exec blue insmod netnotify_client.ko family=10
 *   insmod netnotify_client.ko cancel_on_exit=0  # leave the handle live
 */

#include <linux/module.h>
#include <linux/nsproxy.h>
#include <linux/sched.h>
#include <net/net_namespace.h>
#include <netnotify/netnotify.h>

static int family = AF_UNSPEC;
module_param(family, int, 0444);
MODULE_PARM_DESC(family, "AF_UNSPEC (0), AF_INET (2) or AF_INET6 (10)");

static bool cancel_on_exit = true;
module_param(cancel_on_exit, bool, 0444);
MODULE_PARM_DESC(cancel_on_exit, "Cancel the handle on unload (default yes)");

static u32 handle;
module_param(handle, uint, 0444);
MODULE_PARM_DESC(handle, "The handle this client holds (read-only)");

static const char *const type_names[] = {
	[NETNOTIFY_PARAMETER] = "PARAMETER",
	[NETNOTIFY_ADD] = "ADD",
	[NETNOTIFY_DELETE] = "DELETE",
	[NETNOTIFY_INITIAL] = "INITIAL",
	[NETNOTIFY_RESYNC] = "RESYNC",
};

static void client_cb(void *ctx, const struct netnotify_ip_interface_row *row,
		      enum netnotify_type type)
{
	u32 *h = ctx;

	if (!row) {
		pr_info("handle %u: %s\n", READ_ONCE(*h), type_names[type]);
		return;
	}
	pr_info("handle %u: %s %s if=%d name=%s mtu=%u up=%d carrier=%d connected=%d forwarding=%d\n",
		READ_ONCE(*h), type_names[type],
		row->family == AF_INET ? "inet" : "inet6", row->ifindex,
		row->name, row->mtu, row->admin_up, row->carrier,
		row->connected, row->forwarding);
}

static int __init client_init(void)
{
	struct net *net = current->nsproxy->net_ns;
	int err;

	err = netnotify_ip_interface_change(net, family, client_cb, &handle,
					    true, &handle);
	if (err) {
		pr_err("registration failed: %d\n", err);
		return err;
	}
	pr_info("registered handle %u in namespace %u (netnotify %s)\n",
		handle, net->ns.inum, netnotify_version());
	return 0;
}

static void __exit client_exit(void)
{
	if (cancel_on_exit)
		pr_info("cancel handle %u: %d\n", handle, netnotify_cancel(handle));
}

module_init(client_init);
module_exit(client_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("netnotify sample client: logs interface notifications");
NETNOTIFY_IMPORT_NS();
