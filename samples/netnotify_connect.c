// SPDX-License-Identifier: GPL-2.0
/*
 * A netnotify connection notifyee (AddConnectNotify / CancelConnectNotify):
 * in the network namespace of the process that loads it, it is called
 * before and after every interface is brought up or down, logs each PRE
 * and POST pair, and refuses to bring up the interfaces whose name starts
 * with "guard" until it is allowed to:
 *
 *   insmod netnotify_connect.ko guard=nnc       # refuse nnc* ...
 *   ip link set nnc0 up                         # Error: nnc0 is guarded...
 *   echo 1 >/sys/module/netnotify_connect/parameters/allow
 *   ip link set nnc0 up                         # ... until allowed
 *   insmod netnotify_connect.ko cancel_on_exit=0 # leave the handle live
 *
 * Each operation the notifyee takes part in gets a context at PRE, which
 * comes back at POST: here, when the operation began, to log how long it
 * took.
 */

#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/nsproxy.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <net/net_namespace.h>
#include <netnotify/netnotify.h>

static char *guard = "nnc";
module_param(guard, charp, 0444);
MODULE_PARM_DESC(guard, "Refuse to bring up interfaces whose name starts with this (default nnc)");

static bool allow;
module_param(allow, bool, 0644);
MODULE_PARM_DESC(allow, "Let guarded interfaces come up (default 0)");

static bool cancel_on_exit = true;
module_param(cancel_on_exit, bool, 0444);
MODULE_PARM_DESC(cancel_on_exit, "Cancel the notifyee on module exit (default 1)");

static unsigned int notifyee_handle;
module_param(notifyee_handle, uint, 0444);
MODULE_PARM_DESC(notifyee_handle, "The notifyee's handle");

/* What a PRE leaves for its POST. */
struct pending {
	ktime_t start;
};

static bool guarded(const struct netnotify_connection *conn)
{
	return guard[0] && !strncmp(conn->name, guard, strlen(guard));
}

/*
 * Both functions share this: PRE leaves a context, POST logs and frees
 * it. RTNL is held; allocating and logging are fine, taking RTNL is not.
 */
static int notify(const char *what, struct netnotify_notify_info *info,
		  const struct netnotify_connection *conn)
{
	struct pending *p = info->context;

	if (info->status == NETNOTIFY_NOTIFY_POST) {
		pr_info("POST %s %s (if %d): status %d, %lld us after its PRE\n",
			what, conn->name, conn->ifindex, info->operation_status,
			ktime_us_delta(ktime_get(), p->start));
		kfree(p);
		return 0;
	}
	p = kmalloc(sizeof(*p), GFP_KERNEL);
	if (p)
		p->start = ktime_get();
	info->context = p;
	pr_info("PRE  %s %s (if %d, kind %s%s)\n", what, conn->name,
		conn->ifindex, conn->kind[0] ? conn->kind : "-",
		conn->removing ? ", being deleted" : "");
	return 0;
}

static int add_connect(void *ctx, struct netnotify_notify_info *info,
		       const struct netnotify_connection *conn)
{
	if (info->status == NETNOTIFY_NOTIFY_PRE && guarded(conn) &&
	    !READ_ONCE(allow)) {
		pr_info("PRE  connect %s (if %d): refused, not allowed yet\n",
			conn->name, conn->ifindex);
		info->message = "guarded by netnotify_connect: set its parameter allow=1";
		return -ECANCELED;
	}
	return notify("connect", info, conn);
}

static int cancel_connect(void *ctx, struct netnotify_notify_info *info,
			  const struct netnotify_connection *conn)
{
	return notify("disconnect", info, conn);
}

static const struct netnotify_connect_notifyee notifyee = {
	.add_connect = add_connect,
	.cancel_connect = cancel_connect,
};

static int __init connect_init(void)
{
	int err;

	err = netnotify_register_connect_notifyee(current->nsproxy->net_ns,
						  &notifyee, NULL,
						  &notifyee_handle);
	if (err) {
		pr_err("registration failed: %d\n", err);
		return err;
	}
	pr_info("notifyee %u registered, guarding \"%s*\"\n", notifyee_handle,
		guard);
	return 0;
}

static void __exit connect_exit(void)
{
	/*
	 * A POST still owed is dropped by the cancel: its context would leak.
	 * Interfaces do not stay between PRE and POST for long; a notifyee
	 * that must account for every context keeps them in a list.
	 */
	if (cancel_on_exit)
		pr_info("cancel notifyee %u: %d\n", notifyee_handle,
			netnotify_cancel(notifyee_handle));
}

module_init(connect_init);
module_exit(connect_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("netnotify sample: a connection notifyee that guards interfaces");
NETNOTIFY_IMPORT_NS();
