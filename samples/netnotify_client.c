// SPDX-License-Identifier: GPL-2.0
/*
 * A netnotify client: registers for interface and address changes in the
 * network namespace of the process that loads it, optionally for route
 * changes and the stable address table, and logs every callback.
 *
 *   insmod netnotify_client.ko                  # interfaces and addresses
 *   ip netns exec blue insmod netnotify_client.ko addresses=0
 *   insmod netnotify_client.ko stable=1         # also the stable table
 *   insmod netnotify_client.ko routes=1         # also routes
 *   insmod netnotify_client.ko cancel_on_exit=0 # leave the handles live
 *
 * With quiet=1 route callbacks are only counted (route_adds, ...), which is
 * what a million-route test wants. slow_routes=1 adds a second route handle
 * whose callback takes a millisecond, counted in slow_adds, ...: a consumer
 * that cannot keep up, to show the queue bound and NETNOTIFY_RESYNC.
 * Writing 4, 6 or 0 to the get_routes parameter reads the route table of the
 * writer's namespace with netnotify_get_ip_forward_table() and records its
 * size and the time taken in table_rows and table_ms.
 */

#include <linux/delay.h>
#include <linux/ktime.h>
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

static bool routes;
module_param(routes, bool, 0444);
MODULE_PARM_DESC(routes, "Register for route changes (default no)");

static bool slow_routes;
module_param(slow_routes, bool, 0444);
MODULE_PARM_DESC(slow_routes, "Also register a route handle with a 1 ms callback (default no)");

static bool quiet;
module_param(quiet, bool, 0444);
MODULE_PARM_DESC(quiet, "Count route callbacks instead of logging them (default no)");

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

static u32 route_handle;
module_param(route_handle, uint, 0444);
MODULE_PARM_DESC(route_handle, "The route handle (read-only)");

/* Route callbacks by type; callbacks of one handle never run in parallel. */
static unsigned int route_counts[NETNOTIFY_RESYNC + 1];
module_param_named(route_parameters, route_counts[NETNOTIFY_PARAMETER], uint, 0444);
MODULE_PARM_DESC(route_parameters, "Route PARAMETER callbacks (read-only)");
module_param_named(route_adds, route_counts[NETNOTIFY_ADD], uint, 0444);
MODULE_PARM_DESC(route_adds, "Route ADD callbacks (read-only)");
module_param_named(route_deletes, route_counts[NETNOTIFY_DELETE], uint, 0444);
MODULE_PARM_DESC(route_deletes, "Route DELETE callbacks (read-only)");
module_param_named(route_resyncs, route_counts[NETNOTIFY_RESYNC], uint, 0444);
MODULE_PARM_DESC(route_resyncs, "Route RESYNC callbacks (read-only)");

static u32 slow_handle;
module_param(slow_handle, uint, 0444);
MODULE_PARM_DESC(slow_handle, "The slow route handle (read-only)");

static unsigned int slow_counts[NETNOTIFY_RESYNC + 1];
module_param_named(slow_adds, slow_counts[NETNOTIFY_ADD], uint, 0444);
MODULE_PARM_DESC(slow_adds, "Slow route handle's ADD callbacks (read-only)");
module_param_named(slow_deletes, slow_counts[NETNOTIFY_DELETE], uint, 0444);
MODULE_PARM_DESC(slow_deletes, "Slow route handle's DELETE callbacks (read-only)");
module_param_named(slow_resyncs, slow_counts[NETNOTIFY_RESYNC], uint, 0444);
MODULE_PARM_DESC(slow_resyncs, "Slow route handle's RESYNC callbacks (read-only)");

static unsigned int table_rows;
module_param(table_rows, uint, 0444);
MODULE_PARM_DESC(table_rows, "Rows of the last get_routes (read-only)");

static unsigned int table_ms;
module_param(table_ms, uint, 0444);
MODULE_PARM_DESC(table_ms, "Milliseconds the last get_routes took (read-only)");

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

static void route_cb(void *ctx, const struct netnotify_ip_forward_row *row,
		     enum netnotify_type type)
{
	u32 h = READ_ONCE(*(u32 *)ctx);

	WRITE_ONCE(route_counts[type], route_counts[type] + 1);
	if (quiet)
		return;
	if (!row)
		pr_info("handle %u: %s\n", h, type_names[type]);
	else if (row->family == AF_INET)
		pr_info("handle %u: %s route inet table=%u dst=%pI4/%u gw=%pI4 if=%d metric=%u proto=%u type=%u\n",
			h, type_names[type], row->table, &row->dst.v4,
			row->dst_len, &row->gateway.v4, row->ifindex,
			row->metric, row->protocol, row->type);
	else
		pr_info("handle %u: %s route inet6 table=%u dst=%pI6c/%u gw=%pI6c if=%d metric=%u proto=%u type=%u\n",
			h, type_names[type], row->table, &row->dst.v6,
			row->dst_len, &row->gateway.v6, row->ifindex,
			row->metric, row->protocol, row->type);
}

/* A consumer that cannot keep up with a million routes. */
static void slow_route_cb(void *ctx, const struct netnotify_ip_forward_row *row,
			  enum netnotify_type type)
{
	WRITE_ONCE(slow_counts[type], slow_counts[type] + 1);
	usleep_range(1000, 1100);
}

/* get_routes: read the route table of the writer's namespace. */
static int get_routes_set(const char *val, const struct kernel_param *kp)
{
	struct netnotify_ip_forward_table *table;
	ktime_t start = ktime_get();
	unsigned int v;
	int err;

	err = kstrtouint(val, 0, &v);
	if (err)
		return err;
	err = netnotify_get_ip_forward_table(current->nsproxy->net_ns,
					     v == 4 ? AF_INET : v == 6 ? AF_INET6 : AF_UNSPEC,
					     &table);
	if (err) {
		pr_info("route table: error %d\n", err);
		return err;
	}
	WRITE_ONCE(table_rows, table->num_entries);
	WRITE_ONCE(table_ms, ktime_ms_delta(ktime_get(), start));
	pr_info("route table: %u rows in %u ms\n", table_rows, table_ms);
	netnotify_free_table(table);
	return 0;
}

static const struct kernel_param_ops get_routes_ops = {
	.set = get_routes_set,
};

module_param_cb(get_routes, &get_routes_ops, NULL, 0200);
MODULE_PARM_DESC(get_routes, "Write 4, 6 or 0 (both): read the route table");

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
	if (!err && routes)
		err = netnotify_route_change(net, AF_UNSPEC, route_cb,
					     &route_handle, true, &route_handle);
	if (!err && slow_routes)
		err = netnotify_route_change(net, AF_UNSPEC, slow_route_cb,
					     NULL, false, &slow_handle);
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
		client_cancel(&route_handle);
		client_cancel(&slow_handle);
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
	client_cancel(&route_handle);
	client_cancel(&slow_handle);
	client_cancel(&stable_handle);
}

module_init(client_init);
module_exit(client_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("netnotify sample client: logs interface, address and route notifications");
NETNOTIFY_IMPORT_NS();
