// SPDX-License-Identifier: GPL-2.0
/*
 * netnotify: Windows NETIO-style change notifications (NotifyIpInterfaceChange
 * and friends, CancelMibChangeNotify2) for Linux kernel modules.
 */

#include "addr.h"
#include "handle.h"
#include "netns.h"
#include "queue.h"
#include "sysfs.h"

#include <linux/module.h>

/**
 * netnotify_version() - the loaded module's version
 *
 * Clients built against one header may compare it with NETNOTIFY_VERSION.
 *
 * Context: Any context.
 * Return: a static string such as "0.3.0".
 */
const char *netnotify_version(void)
{
	return NETNOTIFY_VERSION;
}
EXPORT_SYMBOL_NS_GPL(netnotify_version, NETNOTIFY);

static int __init nn_init(void)
{
	int err;

	err = nn_queue_global_init();
	if (err)
		return err;
	err = nn_sysfs_init();
	if (err)
		goto err_queue;
	err = nn_handles_init();
	if (err)
		goto err_sysfs;
	err = nn_net_init();
	if (err)
		goto err_handles;
	err = nn_addr_init();
	if (err)
		goto err_net;
	pr_info("version %s loaded\n", NETNOTIFY_VERSION);
	return 0;

err_net:
	nn_net_exit();
err_handles:
	nn_handles_exit();
err_sysfs:
	nn_sysfs_exit();
err_queue:
	nn_queue_global_exit();
	return err;
}

static void __exit nn_exit(void)
{
	nn_addr_exit();
	nn_handles_exit();
	nn_net_exit();
	nn_sysfs_exit();
	nn_queue_global_exit();
}

module_init(nn_init);
module_exit(nn_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Windows NETIO-style network change notifications for kernel modules");
MODULE_AUTHOR("The netnotify developers");
MODULE_VERSION(NETNOTIFY_VERSION);
