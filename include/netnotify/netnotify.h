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
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/if.h>
#include <linux/netdevice.h>
#include <linux/module.h>

struct net;

#define NETNOTIFY_VERSION "0.7.0"

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

/**
 * struct netnotify_ip_interface_table - every interface row of a family
 * @num_entries: number of rows.
 * @table: the rows.
 *
 * Returned by netnotify_get_ip_interface_table(); free it with
 * netnotify_free_table().
 */
struct netnotify_ip_interface_table {
	u32 num_entries;
	struct netnotify_ip_interface_row table[];
};

/**
 * union netnotify_inet_addr - an IPv4 or IPv6 address
 * @v4: IPv4, when the row's family is AF_INET; the rest is zero.
 * @v6: IPv6.
 */
union netnotify_inet_addr {
	struct in_addr v4;
	struct in6_addr v6;
};

/**
 * enum netnotify_dad_state - duplicate address detection state (NL_DAD_STATE)
 * @NETNOTIFY_DAD_INVALID: not used for live addresses.
 * @NETNOTIFY_DAD_TENTATIVE: DAD in progress, or waiting for the link
 *	(IFA_F_TENTATIVE without IFA_F_OPTIMISTIC).
 * @NETNOTIFY_DAD_DUPLICATE: DAD failed (IFA_F_DADFAILED).
 * @NETNOTIFY_DAD_DEPRECATED: usable, preferred lifetime over
 *	(IFA_F_DEPRECATED).
 * @NETNOTIFY_DAD_PREFERRED: usable. IPv4 addresses (Linux does no IPv4
 *	DAD) and optimistic IPv6 addresses are preferred from the start.
 */
enum netnotify_dad_state {
	NETNOTIFY_DAD_INVALID = 0,
	NETNOTIFY_DAD_TENTATIVE = 1,
	NETNOTIFY_DAD_DUPLICATE = 2,
	NETNOTIFY_DAD_DEPRECATED = 3,
	NETNOTIFY_DAD_PREFERRED = 4,
};

/**
 * enum netnotify_prefix_origin - where the prefix came from (NL_PREFIX_ORIGIN)
 * @NETNOTIFY_PREFIX_OTHER: unknown.
 * @NETNOTIFY_PREFIX_MANUAL: configured by an administrator.
 * @NETNOTIFY_PREFIX_WELL_KNOWN: loopback, IPv6 link-local.
 * @NETNOTIFY_PREFIX_DHCP: an IPv4 address with finite lifetimes, as DHCP
 *	clients add them.
 * @NETNOTIFY_PREFIX_ROUTER_ADVERTISEMENT: IPv6 SLAAC.
 */
enum netnotify_prefix_origin {
	NETNOTIFY_PREFIX_OTHER = 0,
	NETNOTIFY_PREFIX_MANUAL = 1,
	NETNOTIFY_PREFIX_WELL_KNOWN = 2,
	NETNOTIFY_PREFIX_DHCP = 3,
	NETNOTIFY_PREFIX_ROUTER_ADVERTISEMENT = 4,
};

/**
 * enum netnotify_suffix_origin - where the rest came from (NL_SUFFIX_ORIGIN)
 * @NETNOTIFY_SUFFIX_OTHER: unknown.
 * @NETNOTIFY_SUFFIX_MANUAL: configured by an administrator.
 * @NETNOTIFY_SUFFIX_WELL_KNOWN: loopback.
 * @NETNOTIFY_SUFFIX_DHCP: see %NETNOTIFY_PREFIX_DHCP.
 * @NETNOTIFY_SUFFIX_LINK_LAYER_ADDRESS: EUI-64 from the hardware address.
 * @NETNOTIFY_SUFFIX_RANDOM: temporary (privacy) or stable-privacy.
 */
enum netnotify_suffix_origin {
	NETNOTIFY_SUFFIX_OTHER = 0,
	NETNOTIFY_SUFFIX_MANUAL = 1,
	NETNOTIFY_SUFFIX_WELL_KNOWN = 2,
	NETNOTIFY_SUFFIX_DHCP = 3,
	NETNOTIFY_SUFFIX_LINK_LAYER_ADDRESS = 4,
	NETNOTIFY_SUFFIX_RANDOM = 5,
};

/**
 * struct netnotify_unicast_ip_address_row - one address
 *	(MIB_UNICASTIPADDRESS_ROW)
 * @family: AF_INET or AF_INET6.
 * @ifindex: interface index.
 * @addr: the address. With @family and @ifindex (and, for IPv4, which
 *	allows one address with several prefix lengths, @prefix_len) the key.
 * @prefix_len: on-link prefix length.
 * @dad_state: duplicate address detection state.
 * @valid_lifetime: seconds left, U32_MAX for infinite, as of the event.
 * @preferred_lifetime: seconds left, U32_MAX for infinite, as of the event.
 * @prefix_origin: origin of the prefix.
 * @suffix_origin: origin of the interface identifier.
 * @scope: RT_SCOPE_* (universe, site, link, host).
 * @protocol: IFAPROT_* as the kernel or the configuring program set it,
 *	0 when unknown.
 * @flags: IFA_F_* (permanent, temporary, optimistic, nodad, ...).
 * @created_ms: creation time, milliseconds since boot (CreationTimeStamp).
 * @peer: the peer of a point-to-point address, else zero.
 * @broadcast: IPv4 broadcast address, else zero.
 * @label: IPv4 address label.
 */
struct netnotify_unicast_ip_address_row {
	u16 family;
	int ifindex;
	union netnotify_inet_addr addr;
	u8 prefix_len;
	enum netnotify_dad_state dad_state;
	u32 valid_lifetime;
	u32 preferred_lifetime;
	enum netnotify_prefix_origin prefix_origin;
	enum netnotify_suffix_origin suffix_origin;
	u8 scope;
	u8 protocol;
	u32 flags;
	u64 created_ms;
	union netnotify_inet_addr peer;
	union netnotify_inet_addr broadcast;
	char label[IFNAMSIZ];
};

/**
 * struct netnotify_unicast_ip_address_table - addresses of a namespace
 *	(MIB_UNICASTIPADDRESS_TABLE)
 * @num_entries: number of rows.
 * @table: the rows.
 *
 * Free with netnotify_free_table().
 */
struct netnotify_unicast_ip_address_table {
	u32 num_entries;
	struct netnotify_unicast_ip_address_row table[];
};

typedef void (*netnotify_unicast_ip_address_cb)(void *ctx,
		const struct netnotify_unicast_ip_address_row *row,
		enum netnotify_type type);
typedef void (*netnotify_stable_table_cb)(void *ctx,
		struct netnotify_unicast_ip_address_table *table);

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

int __netnotify_unicast_ip_address_change(struct net *net, u16 family,
					  netnotify_unicast_ip_address_cb callback,
					  void *ctx, bool initial_notification,
					  u32 *handle, struct module *owner);

/**
 * netnotify_unicast_ip_address_change - register for address changes
 *	(NotifyUnicastIpAddressChange)
 * @net: the network namespace to watch.
 * @family: AF_INET, AF_INET6 or AF_UNSPEC (both).
 * @callback: called with a copy of each changed row.
 * @ctx: passed to @callback.
 * @initial: deliver one NETNOTIFY_INITIAL before returning.
 * @handle: receives the handle, 0 on error.
 *
 * __netnotify_unicast_ip_address_change() with the calling module as the
 * owner.
 *
 * Context: Process context, may sleep.
 * Return: 0 or a negative errno, see
 * __netnotify_unicast_ip_address_change().
 */
#define netnotify_unicast_ip_address_change(net, family, callback, ctx, \
					    initial, handle) \
	__netnotify_unicast_ip_address_change(net, family, callback, ctx, \
					      initial, handle, THIS_MODULE)

int
__netnotify_stable_unicast_ip_address_table(struct net *net, u16 family,
					    struct netnotify_unicast_ip_address_table **table,
					    netnotify_stable_table_cb callback,
					    void *ctx, u32 *handle,
					    struct module *owner);

/**
 * netnotify_stable_unicast_ip_address_table - the address table once no
 *	address is still in DAD (NotifyStableUnicastIpAddressTable)
 * @net: the network namespace.
 * @family: AF_INET, AF_INET6 or AF_UNSPEC (both).
 * @table: receives the table when it is stable now.
 * @callback: otherwise called once, later, with the table.
 * @ctx: passed to @callback.
 * @handle: receives the handle of a pending request, else 0.
 *
 * __netnotify_stable_unicast_ip_address_table() with the calling module as
 * the owner.
 *
 * Context: Process context, may sleep.
 * Return: 0, -EINPROGRESS or a negative errno, see
 * __netnotify_stable_unicast_ip_address_table().
 */
#define netnotify_stable_unicast_ip_address_table(net, family, table, \
						  callback, ctx, handle) \
	__netnotify_stable_unicast_ip_address_table(net, family, table, \
						    callback, ctx, handle, \
						    THIS_MODULE)

/**
 * struct netnotify_ip_forward_row - one next hop of one route
 *	(MIB_IPFORWARD_ROW2)
 * @family: AF_INET or AF_INET6, the destination's family.
 * @ifindex: interface of this next hop.
 * @dst: destination prefix.
 * @dst_len: its length.
 * @gateway: next hop address, all zero when on-link.
 * @metric: route metric (priority).
 * @table: routing table (254 main, 255 local, or any other).
 *
 * With @family and @gateway_family, those seven fields are the row's key
 * (a gateway of another family is another gateway): a multipath route is
 * a row per next hop, and a route using a nexthop object or group a row per
 * next hop it resolves to.
 *
 * @protocol: RTPROT_* (kernel, boot, static, ra, dhcp, ...).
 * @type: RTN_* (unicast, local, broadcast, blackhole, unreachable, ...).
 * @scope: RT_SCOPE_*.
 * @tos: IPv4 TOS selector, 0 for IPv6.
 * @gateway_family: family of @gateway; AF_INET6 for an IPv4 route through
 *	an IPv6 next hop (RFC 5549), else @family.
 * @weight: multipath weight, 1 for a single next hop.
 * @flags: RTNH_F_ONLINK and RTNH_F_PERVASIVE of the next hop.
 * @nhid: the nexthop object or group the route uses, or 0.
 * @prefsrc: preferred source address, zero when unset.
 * @src: IPv6 source prefix (source-specific routes), else zero.
 * @src_len: its length.
 * @mtu: route MTU (RTAX_MTU), 0 when unset.
 * @valid_lifetime: seconds left for an expiring (IPv6 RA) route, U32_MAX
 *	for others. Counting down is no change.
 */
struct netnotify_ip_forward_row {
	u16 family;
	int ifindex;
	union netnotify_inet_addr dst;
	u8 dst_len;
	union netnotify_inet_addr gateway;
	u32 metric;
	u32 table;
	u8 protocol;
	u8 type;
	u8 scope;
	u8 tos;
	u16 gateway_family;
	u16 weight;
	u32 flags;
	u32 nhid;
	union netnotify_inet_addr prefsrc;
	union netnotify_inet_addr src;
	u8 src_len;
	u32 mtu;
	u32 valid_lifetime;
};

/**
 * struct netnotify_ip_forward_table - routes of a namespace
 *	(MIB_IPFORWARD_TABLE2)
 * @num_entries: number of rows.
 * @table: the rows.
 *
 * Free with netnotify_free_table().
 */
struct netnotify_ip_forward_table {
	u32 num_entries;
	struct netnotify_ip_forward_row table[];
};

typedef void (*netnotify_route_cb)(void *ctx,
		const struct netnotify_ip_forward_row *row,
		enum netnotify_type type);

int __netnotify_route_change(struct net *net, u16 family,
			     netnotify_route_cb callback, void *ctx,
			     bool initial_notification, u32 *handle,
			     struct module *owner);

/**
 * netnotify_route_change - register for route changes (NotifyRouteChange2)
 * @net: the network namespace to watch.
 * @family: AF_INET, AF_INET6 or AF_UNSPEC (both).
 * @callback: called with a copy of each changed row.
 * @ctx: passed to @callback.
 * @initial: deliver one NETNOTIFY_INITIAL before returning.
 * @handle: receives the handle, 0 on error.
 *
 * __netnotify_route_change() with the calling module as the owner.
 *
 * Context: Process context, may sleep.
 * Return: 0 or a negative errno, see __netnotify_route_change().
 */
#define netnotify_route_change(net, family, callback, ctx, initial, handle) \
	__netnotify_route_change(net, family, callback, ctx, initial, handle, \
				 THIS_MODULE)

/**
 * enum netnotify_device_action - what happened to a device (CM_NOTIFY_ACTION)
 * @NETNOTIFY_DEVICE_ARRIVAL: it was registered in, or moved into, the
 *	namespace; or, with %NETNOTIFY_DEVICE_ENUMERATE, it was there when
 *	the handle was registered. For a name filter: a device took the name.
 * @NETNOTIFY_DEVICE_REMOVAL: it was unregistered or moved out; the event
 *	holds its last state and is the handle's last about it. For a name
 *	filter: the device gave the name up.
 * @NETNOTIFY_DEVICE_STARTED: it was brought administratively up (IFF_UP).
 * @NETNOTIFY_DEVICE_STOPPED: it was brought administratively down.
 * @NETNOTIFY_DEVICE_RENAMED: it was renamed; the event has the new name and
 *	the old one.
 * @NETNOTIFY_DEVICE_RESYNC: events were dropped; the event is NULL. Read
 *	the devices again, or register again with %NETNOTIFY_DEVICE_ENUMERATE.
 */
enum netnotify_device_action {
	NETNOTIFY_DEVICE_ARRIVAL = 0,
	NETNOTIFY_DEVICE_REMOVAL = 1,
	NETNOTIFY_DEVICE_STARTED = 2,
	NETNOTIFY_DEVICE_STOPPED = 3,
	NETNOTIFY_DEVICE_RENAMED = 4,
	NETNOTIFY_DEVICE_RESYNC = 5,
};

/**
 * enum netnotify_device_filter_type - which devices a handle follows
 *	(CM_NOTIFY_FILTER_TYPE)
 * @NETNOTIFY_DEVICE_FILTER_ALL: every device (ALL_DEVICE_INSTANCES).
 * @NETNOTIFY_DEVICE_FILTER_NAME: whichever device has this name (a device
 *	instance id): the filter follows the name, not a device.
 * @NETNOTIFY_DEVICE_FILTER_IFINDEX: this one device, which must exist, across
 *	renames (a device handle); nothing more after its REMOVAL.
 * @NETNOTIFY_DEVICE_FILTER_KIND: devices of an rtnl link kind, such as
 *	"veth" or "dummy" (an interface class).
 */
enum netnotify_device_filter_type {
	NETNOTIFY_DEVICE_FILTER_ALL = 0,
	NETNOTIFY_DEVICE_FILTER_NAME = 1,
	NETNOTIFY_DEVICE_FILTER_IFINDEX = 2,
	NETNOTIFY_DEVICE_FILTER_KIND = 3,
};

/* Filter flag: one ARRIVAL per matching device present at registration. */
#define NETNOTIFY_DEVICE_ENUMERATE	0x1

/* Room for an rtnl link kind, with its NUL. */
#define NETNOTIFY_DEVICE_KIND_LEN	16

/**
 * struct netnotify_device_filter - what to be told about (CM_NOTIFY_FILTER)
 * @size: sizeof(struct netnotify_device_filter).
 * @flags: 0 or %NETNOTIFY_DEVICE_ENUMERATE.
 * @type: the kind of filter.
 * @u: its argument: @u.name for a name filter, @u.ifindex for an ifindex
 *	filter, @u.kind for a kind filter; unused for
 *	%NETNOTIFY_DEVICE_FILTER_ALL.
 * @u.name: a device name; not empty.
 * @u.ifindex: a device's ifindex, positive.
 * @u.kind: an rtnl link kind; not empty.
 */
struct netnotify_device_filter {
	u32 size;
	u32 flags;
	enum netnotify_device_filter_type type;
	union {
		char name[IFNAMSIZ];
		int ifindex;
		char kind[NETNOTIFY_DEVICE_KIND_LEN];
	} u;
};

/**
 * struct netnotify_device_event - a device as of an event
 *	(CM_NOTIFY_EVENT_DATA)
 * @ifindex: its index in the namespace.
 * @name: its name (after a rename, the new one).
 * @old_name: the name before a rename: for %NETNOTIFY_DEVICE_RENAMED, and
 *	for a name filter's ARRIVAL or REMOVAL that a rename caused; else
 *	empty.
 * @kind: rtnl link kind ("veth", "dummy", ...), empty for devices without
 *	one (lo, physical devices).
 * @link_type: ARPHRD_* hardware type.
 * @flags: IFF_* device flags as rtnetlink reports them.
 * @mtu: its MTU.
 * @oper_state: RFC 2863 operational state, IF_OPER_*.
 * @link_ifindex: the device it is stacked on or paired with (a VLAN's
 *	lower device, a veth's peer), which may be in another namespace;
 *	0 when none.
 * @master_ifindex: its master (bridge, bond, VRF), or 0.
 * @hw_addr_len: number of valid bytes in @hw_addr.
 * @hw_addr: its link-layer address.
 */
struct netnotify_device_event {
	int ifindex;
	char name[IFNAMSIZ];
	char old_name[IFNAMSIZ];
	char kind[NETNOTIFY_DEVICE_KIND_LEN];
	u16 link_type;
	u32 flags;
	u32 mtu;
	u8 oper_state;
	int link_ifindex;
	int master_ifindex;
	u8 hw_addr_len;
	u8 hw_addr[MAX_ADDR_LEN];
};

/*
 * @handle: the handle the callback belongs to, as register wrote it.
 * @event: valid during the call; NULL with NETNOTIFY_DEVICE_RESYNC.
 * @event_size: sizeof(*@event), 0 with NETNOTIFY_DEVICE_RESYNC.
 */
typedef void (*netnotify_device_cb)(u32 handle, void *ctx,
		enum netnotify_device_action action,
		const struct netnotify_device_event *event, u32 event_size);

int __netnotify_register_device_notification(struct net *net,
					     const struct netnotify_device_filter *filter,
					     void *ctx, netnotify_device_cb callback,
					     u32 *handle, struct module *owner);

/**
 * netnotify_register_device_notification - register for device arrival and
 *	removal (CM_Register_Notification)
 * @net: the network namespace to watch.
 * @filter: which devices.
 * @ctx: passed to @callback.
 * @callback: called for each event.
 * @handle: receives the handle, 0 on error.
 *
 * __netnotify_register_device_notification() with the calling module as
 * the owner.
 *
 * Context: Process context, may sleep.
 * Return: 0 or a negative errno, see
 * __netnotify_register_device_notification().
 */
#define netnotify_register_device_notification(net, filter, ctx, callback, \
					       handle) \
	__netnotify_register_device_notification(net, filter, ctx, callback, \
						 handle, THIS_MODULE)

int netnotify_unregister_device_notification(u32 handle);

/**
 * enum netnotify_notify_status - which half of an operation (NOTIFYINFO
 *	dwNotifyStatus)
 * @NETNOTIFY_NOTIFY_PRE: before it; a connect may still be refused.
 * @NETNOTIFY_NOTIFY_POST: after it, to a notifyee that left a context at PRE.
 */
enum netnotify_notify_status {
	NETNOTIFY_NOTIFY_PRE = 1,
	NETNOTIFY_NOTIFY_POST = 2,
};

/**
 * struct netnotify_notify_info - the call's state (NOTIFYINFO)
 * @status: PRE or POST.
 * @operation_status: 0 at PRE; at POST 0 when the operation succeeded, else
 *	its negative errno: a refusal's own errno, or -EIO when the open
 *	failed after PRE for a reason the kernel does not report (a later
 *	notifier refused, the driver could not open).
 * @context: NULL at PRE; a notifyee that sets it is called at POST with the
 *	same value, once; one that leaves it NULL is not called at POST.
 * @message: PRE of a connect that refuses: optionally, a reason for the
 *	one bringing the interface up, copied (up to 79 characters) to the
 *	netlink extended ack where the request has one, so that
 *	"ip link set X up" prints "Error: <message>.". Ignored otherwise.
 */
struct netnotify_notify_info {
	enum netnotify_notify_status status;
	int operation_status;
	void *context;
	const char *message;
};

/**
 * struct netnotify_connection - the interface being brought up or down
 *	(NOTIFYADD / NOTIFYCANCEL)
 * @ifindex: its index.
 * @name: its name.
 * @kind: rtnl link kind ("veth", "dummy", ...), empty when it has none.
 * @flags: IFF_* device flags now: IFF_UP is clear at PRE of a connect and
 *	set at its successful POST.
 * @mtu: its MTU.
 * @link_type: ARPHRD_* hardware type.
 * @master_ifindex: the bridge or bond it is enslaved to, or 0.
 * @link_ifindex: the device it is stacked on or paired with, or its own
 *	index.
 * @removing: a disconnect because the interface is being deleted (false
 *	for a plain "down" and for a move to another namespace).
 * @hw_addr_len: bytes of @hw_addr in use.
 * @hw_addr: its hardware address.
 */
struct netnotify_connection {
	int ifindex;
	char name[IFNAMSIZ];
	char kind[NETNOTIFY_DEVICE_KIND_LEN];
	u32 flags;
	u32 mtu;
	u16 link_type;
	int master_ifindex;
	int link_ifindex;
	bool removing;
	u8 hw_addr_len;
	u8 hw_addr[MAX_ADDR_LEN];
};

/**
 * struct netnotify_connect_notifyee - the functions of a connection
 *	notifyee (a Notifyees DLL)
 * @add_connect: AddConnectNotify: the interface is being opened (PRE) and
 *	was opened, or failed to (POST). At PRE, return 0 to let it open or a
 *	negative errno to refuse (-ECANCELED is WN_CANCELLED); any other value
 *	is a bug and refuses with -EINVAL. The return at POST is ignored.
 * @cancel_connect: CancelConnectNotify: the interface is being closed
 *	(PRE) and was closed (POST). Closing cannot be refused on Linux: a
 *	negative return is counted in sysfs and otherwise ignored.
 *
 * Either may be NULL, not both. Both run synchronously with RTNL held, in
 * process context, and may sleep, but must not take RTNL or call a
 * netnotify function that waits (see netnotify_register_connect_notifyee()).
 */
struct netnotify_connect_notifyee {
	int (*add_connect)(void *ctx, struct netnotify_notify_info *info,
			   const struct netnotify_connection *conn);
	int (*cancel_connect)(void *ctx, struct netnotify_notify_info *info,
			      const struct netnotify_connection *conn);
};

int __netnotify_register_connect_notifyee(struct net *net,
					  const struct netnotify_connect_notifyee *notifyee,
					  void *ctx, u32 *handle,
					  struct module *owner);

/**
 * netnotify_register_connect_notifyee - be called before and after each
 *	interface of a namespace is brought up or down (AddConnectNotify /
 *	CancelConnectNotify)
 * @net: the network namespace.
 * @notifyee: the functions, copied.
 * @ctx: passed to them.
 * @handle: receives the handle, 0 on error.
 *
 * __netnotify_register_connect_notifyee() with the calling module as the
 * owner.
 *
 * Context: Process context, may sleep; not from a notifyee's function.
 * Return: 0 or a negative errno, see
 * __netnotify_register_connect_notifyee().
 */
#define netnotify_register_connect_notifyee(net, notifyee, ctx, handle) \
	__netnotify_register_connect_notifyee(net, notifyee, ctx, handle, \
					      THIS_MODULE)

/*
 * Connection event objects (MprAdminRegisterConnectionNotification /
 * MprAdminDeregisterConnectionNotification): an eventfd whose counter goes
 * up by one whenever a link of the namespace connects or disconnects.
 * Processes reach the same through the generic netlink family of
 * <uapi/netnotify/netnotify.h>.
 */
struct eventfd_ctx;

int netnotify_register_connection_notification(struct net *net,
					       struct eventfd_ctx *event);
int netnotify_deregister_connection_notification(struct net *net,
						 struct eventfd_ctx *event);

/*
 * Deferred initialization of an intermediate driver's device instances
 * (NdisIMInitializeDeviceInstanceEx / NdisIMCancelInitializeDeviceInstance).
 */

/* The longest instance name, in bytes, not counting the NUL. */
#define NETNOTIFY_IM_INSTANCE_MAX	127

/**
 * struct netnotify_im_driver - an intermediate driver (what
 *	NdisMRegisterMiniportDriver registers)
 * @name: optional, for sysfs and messages (the owner's name without it).
 * @initialize: MiniportInitializeEx: bring the instance up. Called once per
 *	accepted instance, when it starts, on a netnotify worker, in process
 *	context with no RTNL and no netnotify lock held; it may sleep and take
 *	RTNL. Return 0 or a negative errno (the instance is then gone).
 * @halt: optional, MiniportHaltEx: undo a successful @initialize, when
 *	the instance is de-initialized: in the task that de-initializes it or
 *	releases the driver (netnotify_cancel(), the owner's unload, the
 *	namespace's teardown), or on the worker. Process context, no netnotify
 *	lock held; it may sleep and take RTNL.
 *
 * When the driver's namespace is dismantled, its instances are released
 * inside the teardown (devices still exist then): @halt, and an
 * @initialize that teardown waits for, must not register or unregister
 * pernet operations or netdevice notifiers, which would wait for the
 * teardown.
 */
struct netnotify_im_driver {
	const char *name;
	int (*initialize)(void *driver_ctx, const char *instance,
			  void *device_context);
	void (*halt)(void *driver_ctx, const char *instance,
		     void *device_context);
};

int __netnotify_im_register_driver(struct net *net,
				   const struct netnotify_im_driver *driver,
				   void *driver_ctx, u32 *driver_handle,
				   struct module *owner);

/**
 * netnotify_im_register_driver - register an intermediate driver
 * @net: the network namespace its lower devices live in.
 * @driver: its functions and name, copied.
 * @driver_ctx: passed to them untouched.
 * @driver_handle: receives the handle, 0 on error.
 *
 * __netnotify_im_register_driver() with the calling module as the owner.
 *
 * Context: Process context, may sleep.
 * Return: 0 or a negative errno, see __netnotify_im_register_driver().
 */
#define netnotify_im_register_driver(net, driver, driver_ctx, driver_handle) \
	__netnotify_im_register_driver(net, driver, driver_ctx, \
				       driver_handle, THIS_MODULE)

int netnotify_im_initialize_device_instance(u32 driver_handle,
					    const char *instance,
					    const char *lower,
					    void *device_context);
int netnotify_im_cancel_initialize_device_instance(u32 driver_handle,
						   const char *instance);
int netnotify_im_wait_device_instance(u32 driver_handle, const char *instance);
int netnotify_im_deinitialize_device_instance(u32 driver_handle,
					      const char *instance);

int netnotify_get_ip_forward_table(struct net *net, u16 family,
				   struct netnotify_ip_forward_table **table);
int netnotify_get_ip_forward_entry(struct net *net,
				   struct netnotify_ip_forward_row *row);

int netnotify_get_unicast_ip_address_table(struct net *net, u16 family,
					   struct netnotify_unicast_ip_address_table **table);
int netnotify_get_unicast_ip_address_entry(struct net *net,
					   struct netnotify_unicast_ip_address_row *row);
int netnotify_get_ip_interface_table(struct net *net, u16 family,
				     struct netnotify_ip_interface_table **table);
int netnotify_get_ip_interface_entry(struct net *net,
				     struct netnotify_ip_interface_row *row);
void netnotify_free_table(void *table);

int netnotify_cancel(u32 handle);
int netnotify_cancel_async(u32 handle, void (*done)(void *done_ctx),
			   void *done_ctx);

#endif /* _NETNOTIFY_NETNOTIFY_H */
