// SPDX-License-Identifier: GPL-2.0
/*
 * netnotify: Windows NETIO-style change notifications (NotifyIpInterfaceChange
 * and friends, CancelMibChangeNotify2) for Linux kernel modules.
 */

#include "addr.h"
#include "connect.h"
#include "connevent.h"
#include "device.h"
#include "genl.h"
#include "handle.h"
#include "iface.h"
#include "im.h"
#include "netns.h"
#include "route.h"
#include "sysfs.h"

#include <linux/module.h>

/*
 * The notification sources. Each message, notice and namespace work pass
 * goes to each in this order.
 */
static const struct nn_source_ops *const nn_sources[] = {
	&nn_iface_source,
	&nn_addr_source,
	&nn_route_source,
	&nn_device_source,
	&nn_connect_source,
	&nn_conn_event_source,
	&nn_im_source,
};

/**
 * netnotify_version() - the loaded module's version
 *
 * Clients built against one header may compare it with NETNOTIFY_VERSION.
 *
 * Context: Any context.
 * Return: a static string such as "0.7.0".
 */
const char *netnotify_version(void)
{
	return NETNOTIFY_VERSION;
}
EXPORT_SYMBOL_NS_GPL(netnotify_version, NETNOTIFY);

static int __init nn_init(void)
{
	int err;

	err = nn_sysfs_init();
	if (err)
		return err;
	err = nn_net_init(nn_sources, ARRAY_SIZE(nn_sources));
	if (err)
		goto err_sysfs;
	err = nn_handles_init();
	if (err)
		goto err_net;
	/* Last: user space reaches the rest through it. */
	err = nn_genl_init();
	if (err)
		goto err_handles;
	pr_info("version %s loaded\n", NETNOTIFY_VERSION);
	return 0;

err_handles:
	nn_handles_exit();
err_net:
	nn_net_exit();
err_sysfs:
	nn_sysfs_exit();
	return err;
}

static void __exit nn_exit(void)
{
	nn_genl_exit();
	nn_handles_exit();
	nn_net_exit();
	nn_sysfs_exit();
}

module_init(nn_init);
module_exit(nn_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Windows NETIO-style network change notifications for kernel modules");
MODULE_AUTHOR("The netnotify developers");
MODULE_VERSION(NETNOTIFY_VERSION);
