/* SPDX-License-Identifier: GPL-2.0 */
/*
 * netnotify: Windows NETIO-style change notifications for Linux kernel modules.
 *
 * Clients include this header and import the NETNOTIFY symbol namespace,
 * either with MODULE_IMPORT_NS() as spelled by their kernel or, portably,
 * with NETNOTIFY_IMPORT_NS().
 *
 * Family values are Linux ones: AF_UNSPEC (both), AF_INET, AF_INET6.
 * Every registration function returns a non-zero u32 handle that is released
 * with netnotify_cancel(). See Documentation/netnotify.rst for the contract.
 */
#ifndef _NETNOTIFY_NETNOTIFY_H
#define _NETNOTIFY_NETNOTIFY_H

#include <linux/types.h>
#include <linux/if.h>
#include <linux/netdevice.h>
#include <linux/module.h>

struct net;

#define NETNOTIFY_VERSION "0.3.0"

/* MODULE_IMPORT_NS() takes an identifier up to 6.12 and a string later. */
#define NETNOTIFY_IMPORT_NS() MODULE_INFO(import_ns, "NETNOTIFY")

/**
 * enum netnotify_type - what a callback is told (MIB_NOTIFICATION_TYPE)
 * @NETNOTIFY_PARAMETER: a field of an existing row changed.
 * @NETNOTIFY_ADD: a row appeared.
 * @NETNOTIFY_DELETE: a row disappeared; the row holds its last state.
 * @NETNOTIFY_INITIAL: the registration is live; the row is NULL.
 * @NETNOTIFY_RESYNC: events were dropped; the row is NULL and the client
 *	must re-read the state it cares about.
 */
enum netnotify_type {
	NETNOTIFY_PARAMETER = 0,
	NETNOTIFY_ADD = 1,
	NETNOTIFY_DELETE = 2,
	NETNOTIFY_INITIAL = 3,
	NETNOTIFY_RESYNC = 4,
};

/**
 * struct netnotify_ip_interface_row - one interface for one family
 *	(MIB_IPINTERFACE_ROW)
 * @family: AF_INET or AF_INET6.
 * @ifindex: interface index (InterfaceIndex); with @family, the row's key.
 * @name: interface name.
 * @mtu: device MTU (NlMtu).
 * @connected: operationally up: administratively up and carrier present.
 * @admin_up: IFF_UP is set.
 * @carrier: the lower layer reports carrier (IFF_LOWER_UP).
 * @oper_state: RFC 2863 operational state, IF_OPER_*.
 * @link_type: ARPHRD_* hardware type.
 * @flags: IFF_* device flags as rtnetlink reports them.
 * @master_ifindex: ifindex of the master (bridge, bond, VRF), or 0.
 * @forwarding: the family's forwarding switch (ForwardingEnabled).
 * @managed_config: IPv6: the last router advertisement had the M flag
 *	(ManagedAddressConfigurationSupported); false for IPv4.
 * @other_config: IPv6: the last router advertisement had the O flag
 *	(OtherStatefulConfigurationSupported); false for IPv4.
 * @hw_addr_len: number of valid bytes in @hw_addr.
 * @hw_addr: link-layer address (InterfaceIdentifier's source).
 */
struct netnotify_ip_interface_row {
	u16 family;
	int ifindex;
	char name[IFNAMSIZ];
	u32 mtu;
	bool connected;
	bool admin_up;
	bool carrier;
	u8 oper_state;
	u16 link_type;
	u32 flags;
	int master_ifindex;
	bool forwarding;
	bool managed_config;
	bool other_config;
	u8 hw_addr_len;
	u8 hw_addr[MAX_ADDR_LEN];
};

typedef void (*netnotify_ip_interface_cb)(void *ctx,
		const struct netnotify_ip_interface_row *row,
		enum netnotify_type type);

const char *netnotify_version(void);

int __netnotify_ip_interface_change(struct net *net, u16 family,
				    netnotify_ip_interface_cb callback,
				    void *ctx, bool initial_notification,
				    u32 *handle, struct module *owner);

/**
 * netnotify_ip_interface_change - register for interface changes
 *	(NotifyIpInterfaceChange)
 * @net: the network namespace to watch.
 * @family: AF_INET, AF_INET6 or AF_UNSPEC (both).
 * @callback: called with a copy of each changed row.
 * @ctx: passed to @callback.
 * @initial: deliver one NETNOTIFY_INITIAL before returning.
 * @handle: receives the handle, 0 on error.
 *
 * __netnotify_ip_interface_change() with the calling module as the owner.
 *
 * Context: Process context, may sleep.
 * Return: 0 or a negative errno, see __netnotify_ip_interface_change().
 */
#define netnotify_ip_interface_change(net, family, callback, ctx, initial, \
				      handle) \
	__netnotify_ip_interface_change(net, family, callback, ctx, initial, \
					handle, THIS_MODULE)

int netnotify_cancel(u32 handle);

#endif /* _NETNOTIFY_NETNOTIFY_H */
