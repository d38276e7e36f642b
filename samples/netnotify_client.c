// SPDX-License-Identifier: GPL-2.0
/*
 * A netnotify client: registers for interface and address changes in the
 * network namespace of the process that loads it, optionally asks for the
 * stable address table, and logs every callback.
 *
 *   insmod netnotify_client.ko                  # interfaces and addresses
 *   ip netns exec blue insmod netnotify_client.ko addresses=0
 *   insmod netnotify_client.ko stable=1         # also the stable table
 *   insmod netnotify_client.ko cancel_on_exit=0 # leave the handles live
 */

#include <linux/module.h>
#include <linux/nsproxy.h>
#include <linux/sched.h>
#include <net/net_namespace.h>
#include <netnotify/netnotify.h>

static bool interfaces = true;
module_param(interfaces, bool, 0444);
MODULE_PARM_DESC(interfaces, "Register for interface changes (default yes)");

static bool addresses = true;
module_param(addresses, bool, 0444);
MODULE_PARM_DESC(addresses, "Register for address changes (default yes)");

static bool stable;
module_param(stable, bool, 0444);
MODULE_PARM_DESC(stable, "Ask for the stable address table (default no)");

static bool cancel_on_exit = true;
module_param(cancel_on_exit, bool, 0444);
MODULE_PARM_DESC(cancel_on_exit, "Cancel the handles on unload (default yes)");

static u32 iface_handle;
module_param(iface_handle, uint, 0444);
MODULE_PARM_DESC(iface_handle, "The interface handle (read-only)");

static u32 addr_handle;
module_param(addr_handle, uint, 0444);
MODULE_PARM_DESC(addr_handle, "The address handle (read-only)");

static u32 stable_handle;
module_param(stable_handle, uint, 0444);
MODULE_PARM_DESC(stable_handle, "The pending stable-table request (read-only)");

static const char *const type_names[] = {
	[NETNOTIFY_PARAMETER] = "PARAMETER",
	[NETNOTIFY_ADD] = "ADD",
	[NETNOTIFY_DELETE] = "DELETE",
	[NETNOTIFY_INITIAL] = "INITIAL",
	[NETNOTIFY_RESYNC] = "RESYNC",
};

static const char *const dad_names[] = {
	[NETNOTIFY_DAD_INVALID] = "invalid",
	[NETNOTIFY_DAD_TENTATIVE] = "tentative",
	[NETNOTIFY_DAD_DUPLICATE] = "duplicate",
	[NETNOTIFY_DAD_DEPRECATED] = "deprecated",
	[NETNOTIFY_DAD_PREFERRED] = "preferred",
};

static const char *family_name(u16 family)
{
	return family == AF_INET ? "inet" : "inet6";
}

static void iface_cb(void *ctx, const struct netnotify_ip_interface_row *row,
		     enum netnotify_type type)
{
	u32 h = READ_ONCE(*(u32 *)ctx);

	if (!row) {
		pr_info("handle %u: %s\n", h, type_names[type]);
		return;
	}
	pr_info("handle %u: %s %s if=%d name=%s mtu=%u up=%d carrier=%d connected=%d forwarding=%d\n",
		h, type_names[type], family_name(row->family), row->ifindex,
		row->name, row->mtu, row->admin_up, row->carrier,
		row->connected, row->forwarding);
}

static void print_addr(u32 h, const char *what,
		       const struct netnotify_unicast_ip_address_row *row)
{
	if (row->family == AF_INET)
		pr_info("handle %u: %s inet if=%d addr=%pI4/%u dad=%s valid=%u\n",
			h, what, row->ifindex, &row->addr.v4, row->prefix_len,
			dad_names[row->dad_state], row->valid_lifetime);
	else
		pr_info("handle %u: %s inet6 if=%d addr=%pI6c/%u dad=%s valid=%u\n",
			h, what, row->ifindex, &row->addr.v6, row->prefix_len,
			dad_names[row->dad_state], row->valid_lifetime);
}

static void addr_cb(void *ctx, const struct netnotify_unicast_ip_address_row *row,
		    enum netnotify_type type)
{
	u32 h = READ_ONCE(*(u32 *)ctx);

	if (!row)
		pr_info("handle %u: %s\n", h, type_names[type]);
	else
		print_addr(h, type_names[type], row);
}

static void print_table(u32 h, const char *what,
			struct netnotify_unicast_ip_address_table *table)
{
	u32 i;

	pr_info("handle %u: stable table %s: %u addresses\n", h, what,
		table->num_entries);
	for (i = 0; i < table->num_entries; i++)
		print_addr(h, "stable", &table->table[i]);
	netnotify_free_table(table);
}

static void stable_cb(void *ctx, struct netnotify_unicast_ip_address_table *table)
{
	print_table(READ_ONCE(*(u32 *)ctx), "ready", table);
}

static void client_cancel(u32 *handle)
{
	if (*handle)
		pr_info("cancel handle %u: %d\n", *handle,
			netnotify_cancel(*handle));
	*handle = 0;
}

static int __init client_init(void)
{
	struct netnotify_unicast_ip_address_table *table;
	struct net *net = current->nsproxy->net_ns;
	int err = 0;

	if (interfaces)
		err = netnotify_ip_interface_change(net, AF_UNSPEC, iface_cb,
						    &iface_handle, true,
						    &iface_handle);
	if (!err && addresses)
		err = netnotify_unicast_ip_address_change(net, AF_UNSPEC,
							  addr_cb, &addr_handle,
							  true, &addr_handle);
	if (!err && stable) {
		err = netnotify_stable_unicast_ip_address_table(net, AF_UNSPEC,
								&table, stable_cb, &stable_handle,
				&stable_handle);
		if (!err)
			print_table(0, "now", table);
		else if (err == -EINPROGRESS)
			pr_info("handle %u: stable table pending\n",
				stable_handle);
		if (err == -EINPROGRESS)
			err = 0;
	}
	if (err) {
		pr_err("registration failed: %d\n", err);
		client_cancel(&iface_handle);
		client_cancel(&addr_handle);
		return err;
	}
	pr_info("registered in namespace %u (netnotify %s)\n", net->ns.inum,
		netnotify_version());
	return 0;
}

static void __exit client_exit(void)
{
	if (!cancel_on_exit)
		return;
	client_cancel(&iface_handle);
	client_cancel(&addr_handle);
	client_cancel(&stable_handle);
}

module_init(client_init);
module_exit(client_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("netnotify sample client: logs interface and address notifications");
NETNOTIFY_IMPORT_NS();
