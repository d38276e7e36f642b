// SPDX-License-Identifier: GPL-2.0
/*
 * A netnotify device client (CM_Register_Notification): registers for
 * device arrival, removal, start, stop and rename in the network namespace
 * of the process that loads it, with the devices present enumerated first,
 * and logs every callback.
 *
 *   insmod netnotify_devices.ko                  # every device
 *   insmod netnotify_devices.ko name=eth0        # whichever device is eth0
 *   insmod netnotify_devices.ko kind=veth        # veth devices only
 *   insmod netnotify_devices.ko unregister_after=3
 *	# the callback unregisters on its third event, asynchronously, and
 *	# the context is freed in done (the pattern of the seed's sample)
 *   insmod netnotify_devices.ko cancel_on_exit=0 # leave the handle live
 *   insmod netnotify_devices.ko async_exit=1
 *	# module exit cancels asynchronously; its done runs before unload ends
 */

#include <linux/delay.h>
#include <linux/module.h>
#include <linux/nsproxy.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <net/net_namespace.h>
#include <netnotify/netnotify.h>

static char *name;
module_param(name, charp, 0444);
MODULE_PARM_DESC(name, "Follow the device of this name only");

static char *kind;
module_param(kind, charp, 0444);
MODULE_PARM_DESC(kind, "Follow devices of this rtnl link kind only");

static unsigned int unregister_after;
module_param(unregister_after, uint, 0444);
MODULE_PARM_DESC(unregister_after,
		 "Unregister asynchronously from the callback on this event (0: never)");

static bool cancel_on_exit = true;
module_param(cancel_on_exit, bool, 0444);
MODULE_PARM_DESC(cancel_on_exit, "Unregister on module exit (default 1)");

static bool async_exit;
module_param(async_exit, bool, 0444);
MODULE_PARM_DESC(async_exit, "Unregister asynchronously on module exit");

static unsigned int device_handle;
module_param(device_handle, uint, 0444);
MODULE_PARM_DESC(device_handle, "The device handle");

static const char *const action_names[] = {
	[NETNOTIFY_DEVICE_ARRIVAL] = "ARRIVAL",
	[NETNOTIFY_DEVICE_REMOVAL] = "REMOVAL",
	[NETNOTIFY_DEVICE_STARTED] = "STARTED",
	[NETNOTIFY_DEVICE_STOPPED] = "STOPPED",
	[NETNOTIFY_DEVICE_RENAMED] = "RENAMED",
	[NETNOTIFY_DEVICE_RESYNC] = "RESYNC",
};

/* The callback's context, freed once the handle is gone. */
struct client {
	unsigned int events;
};

static struct client *client;
/* The callback started the unregistration: its done frees the context. */
static bool handed_off;

/* Runs once, after the last callback returned: the context can go. */
static void client_done(void *ctx)
{
	struct client *c = ctx;

	pr_info("done: %u events, context freed\n", c->events);
	kfree(c);
}

static void device_cb(u32 handle, void *ctx,
		      enum netnotify_device_action action,
		      const struct netnotify_device_event *ev, u32 size)
{
	struct client *c = ctx;

	if (ev)
		pr_info("handle %u: %s if=%d name=%s%s%s kind=%s flags=%#x mtu=%u\n",
			handle, action_names[action], ev->ifindex, ev->name,
			ev->old_name[0] ? " was=" : "", ev->old_name,
			ev->kind[0] ? ev->kind : "-", ev->flags, ev->mtu);
	else
		pr_info("handle %u: %s\n", handle, action_names[action]);

	/* Unregistering from the callback: no deadlock, no waiting. */
	if (++c->events == unregister_after) {
		int err = netnotify_cancel_async(handle, client_done, c);

		WRITE_ONCE(handed_off, !err);
		pr_info("handle %u: unregistering asynchronously: %d\n", handle,
			err);
	}
}

static void exit_done(void *ctx)
{
	/* The module's unload waits for this, so its code is still here. */
	msleep(300);
	kfree(ctx);
	pr_info("async exit: done ran\n");
}

static int __init devices_init(void)
{
	struct netnotify_device_filter f = {
		.size = sizeof(f),
		.flags = NETNOTIFY_DEVICE_ENUMERATE,
		.type = NETNOTIFY_DEVICE_FILTER_ALL,
	};
	int err;

	if (name) {
		f.type = NETNOTIFY_DEVICE_FILTER_NAME;
		strscpy(f.u.name, name, sizeof(f.u.name));
	} else if (kind) {
		f.type = NETNOTIFY_DEVICE_FILTER_KIND;
		strscpy(f.u.kind, kind, sizeof(f.u.kind));
	}
	client = kzalloc(sizeof(*client), GFP_KERNEL);
	if (!client)
		return -ENOMEM;
	err = netnotify_register_device_notification(current->nsproxy->net_ns,
						     &f, client, device_cb,
						     &device_handle);
	if (err) {
		pr_err("registration failed: %d\n", err);
		kfree(client);
		return err;
	}
	pr_info("handle %u registered\n", device_handle);
	return 0;
}

static void __exit devices_exit(void)
{
	if (READ_ONCE(handed_off))
		return;
	if (async_exit) {
		pr_info("async exit: cancel handle %u: %d\n", device_handle,
			netnotify_cancel_async(device_handle, exit_done, client));
	} else if (cancel_on_exit) {
		pr_info("unregister handle %u: %d\n", device_handle,
			netnotify_unregister_device_notification(device_handle));
		/* No callback runs now: did the last one hand the context off? */
		if (!READ_ONCE(handed_off))
			kfree(client);
	}
	/*
	 * Else the handle is left live on purpose, to show that netnotify
	 * cancels it when the module goes; the context then leaks, as a
	 * callback could still be using it until that cancel.
	 */
}

module_init(devices_init);
module_exit(devices_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("netnotify sample: logs device arrival and removal");
NETNOTIFY_IMPORT_NS();
