// SPDX-License-Identifier: GPL-2.0
/*
 * A netnotify intermediate driver (NdisIMInitializeDeviceInstanceEx /
 * NdisIMCancelInitializeDeviceInstance): instance i, named nnim<i>, is a
 * virtual Ethernet device stacked over the device lower[i] of init_net. The
 * instance is initiated at load, and netnotify initializes it (creates
 * nnim<i>) only once its lower device exists and is up:
 *
 *   insmod netnotify_im.ko lower=nnlow0,nnlow1  # nnim0: waiting for nnlow0
 *   ip link add nnlow0 type dummy               # still waiting: it is down
 *   ip link set nnlow0 up                       # nnim0@nnlow0 appears
 *   echo nnim0 >/sys/module/netnotify_im/parameters/cancel
 *	# too late: cancel nnim0: -16 (-EBUSY), it has started
 *   ip link del nnlow0
 *	# the lower is gone: cancel, and as that fails, wait for the
 *	# initialize and de-initialize; then wait for nnlow0 again
 *   rmmod netnotify_im                          # nnim0 is halted
 *
 * What a lower device's departure does is the pattern of Microsoft's mux
 * sample (PtStopVElan): cancel the initialization; if that fails it has
 * begun, so wait for it to finish and de-initialize the instance.
 *
 * Packets sent through nnim<i> go out of its lower device; nothing comes
 * back up through it. The sample is about the instance's lifetime, not about
 * being a useful device.
 */

#include <linux/etherdevice.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/rcupdate.h>
#include <linux/skbuff.h>
#include <linux/string.h>
#include <net/net_namespace.h>
#include <netnotify/netnotify.h>

#define IM_MAX_INSTANCES	4

static char *lower[IM_MAX_INSTANCES] = { "nnlow0" };
static unsigned int nr_lower = 1;
module_param_array(lower, charp, &nr_lower, 0444);
MODULE_PARM_DESC(lower,
		 "Lower devices, up to 4: instance nnim<i> is stacked over lower[i] (default nnlow0)");

static unsigned int driver_handle;
module_param(driver_handle, uint, 0444);
MODULE_PARM_DESC(driver_handle, "The intermediate driver's handle");

static unsigned int device_handle;
module_param(device_handle, uint, 0444);
MODULE_PARM_DESC(device_handle, "The handle of the device notification");

/* An instance, as the driver knows it; its device context. */
struct im_instance {
	char name[IFNAMSIZ];
	const char *lower;
	/* Written by initialize and halt only, which never run at once. */
	struct net_device *dev;
	/* The lower device it was initialized over, 0 when not initialized. */
	int lower_ifindex;
	/* Its last initialize failed: the instance is gone. */
	bool failed;
};

static struct im_instance instances[IM_MAX_INSTANCES];

/* What nnim<i> needs to send: the lower device's index, set once. */
struct im_priv {
	int lower_ifindex;
};

static int im_dev_init(struct net_device *dev)
{
	/*
	 * The transmit lock of nnim<i> is held while the lower device's is
	 * taken: a class of their own keeps lockdep from taking that for
	 * recursion when the lower is an Ethernet device too.
	 */
	netdev_lockdep_set_classes(dev);
	return 0;
}

/*
 * Hand the packet to the lower device. No reference to it is held between
 * packets (one would keep "ip link del" of the lower waiting for this
 * driver), so it is looked up by index each time and may be gone.
 */
static netdev_tx_t im_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct im_priv *priv = netdev_priv(dev);
	unsigned int len = skb->len;
	struct net_device *low;
	int ret;

	rcu_read_lock();
	/* The lower lives in init_net, even if nnim<i> was moved away. */
	low = dev_get_by_index_rcu(&init_net, priv->lower_ifindex);
	if (!low || !netif_running(low)) {
		rcu_read_unlock();
		DEV_STATS_INC(dev, tx_dropped);
		kfree_skb(skb);
		return NETDEV_TX_OK;
	}
	skb_scrub_packet(skb, !net_eq(dev_net(dev), dev_net(low)));
	skb->dev = low;
	ret = dev_queue_xmit(skb);
	rcu_read_unlock();
	if (ret == NET_XMIT_SUCCESS || ret == NET_XMIT_CN) {
		DEV_STATS_INC(dev, tx_packets);
		DEV_STATS_ADD(dev, tx_bytes, len);
	} else {
		DEV_STATS_INC(dev, tx_dropped);
	}
	return NETDEV_TX_OK;
}

/* "ip link" shows nnim<i>@<lower> through this. */
static int im_get_iflink(const struct net_device *dev)
{
	const struct im_priv *priv = netdev_priv(dev);

	return priv->lower_ifindex;
}

static const struct net_device_ops im_netdev_ops = {
	.ndo_init = im_dev_init,
	.ndo_start_xmit = im_xmit,
	.ndo_get_iflink = im_get_iflink,
	.ndo_set_mac_address = eth_mac_addr,
	.ndo_validate_addr = eth_validate_addr,
};

static void im_setup(struct net_device *dev)
{
	ether_setup(dev);
	dev->netdev_ops = &im_netdev_ops;
	dev->priv_flags |= IFF_NO_QUEUE;
	eth_hw_addr_random(dev);
}

/*
 * MiniportInitializeEx: netnotify calls it once the lower device exists and
 * is up, in process context without RTNL, so the device can be registered
 * here. The lower is not linked to (netdev_upper_dev_link) nor held: its
 * unregistration must not wait for, or warn about, this driver. Its removal
 * reaches the driver through the device notification instead.
 */
static int im_initialize(void *driver_ctx, const char *instance,
			 void *device_context)
{
	struct im_instance *inst = device_context;
	struct net_device *dev, *low;
	struct im_priv *priv;
	int ifindex, err;

	low = dev_get_by_name(&init_net, inst->lower);
	if (!low) {
		/* Gone again since netnotify saw it up. */
		err = -ENODEV;
		goto fail;
	}
	ifindex = low->ifindex;
	dev_put(low);

	dev = alloc_netdev(sizeof(*priv), instance, NET_NAME_USER, im_setup);
	if (!dev) {
		err = -ENOMEM;
		goto fail;
	}
	priv = netdev_priv(dev);
	priv->lower_ifindex = ifindex;
	err = register_netdev(dev);
	if (err) {
		free_netdev(dev);
		goto fail;
	}
	inst->dev = dev;
	WRITE_ONCE(inst->lower_ifindex, ifindex);
	pr_info("%s: initialized over %s (ifindex %d)\n", instance, inst->lower,
		ifindex);
	return 0;

fail:
	/*
	 * The instance is gone; the device notification arms it again when
	 * the lower device goes (the failure may well be its going).
	 */
	WRITE_ONCE(inst->failed, true);
	pr_info("%s: initialize failed: %d\n", instance, err);
	return err;
}

/* MiniportHaltEx: undo im_initialize(). */
static void im_halt(void *driver_ctx, const char *instance,
		    void *device_context)
{
	struct im_instance *inst = device_context;

	unregister_netdev(inst->dev);
	free_netdev(inst->dev);
	inst->dev = NULL;
	WRITE_ONCE(inst->lower_ifindex, 0);
	pr_info("%s: halted\n", instance);
}

static const struct netnotify_im_driver im_driver = {
	.name = "netnotify_im",
	.initialize = im_initialize,
	.halt = im_halt,
};

/* Initiate the instance: netnotify starts it when its lower is up. */
static int im_arm(struct im_instance *inst)
{
	int err;

	WRITE_ONCE(inst->failed, false);
	err = netnotify_im_initialize_device_instance(driver_handle, inst->name,
						      inst->lower, inst);
	if (err)
		pr_err("%s: cannot initiate over %s: %d\n", inst->name,
		       inst->lower, err);
	else
		pr_info("%s: waiting for %s\n", inst->name, inst->lower);
	return err;
}

/*
 * The lower device of the instance went away (PtStopVElan). Cancel the
 * initialization: that works while it has not begun. Once it has, cancel
 * fails, and the initialize may still be running in another thread: wait
 * for it, then de-initialize what it set up. Either way the instance then
 * waits for a lower device of that name to come (back) up.
 */
static void im_lower_gone(struct im_instance *inst)
{
	int err;

	err = netnotify_im_cancel_initialize_device_instance(driver_handle,
							     inst->name);
	if (err == -ENOENT) {
		/*
		 * Cancelled on demand: nothing to do. Or its initialize
		 * failed: it waits again.
		 */
		if (READ_ONCE(inst->failed))
			im_arm(inst);
		return;
	}
	if (!err) {
		pr_info("%s: cancelled before it started (%s gone)\n",
			inst->name, inst->lower);
	} else if (err == -EBUSY) {
		pr_info("%s: cancel refused (-EBUSY): already started; waiting and de-initializing\n",
			inst->name);
		err = netnotify_im_wait_device_instance(driver_handle,
							inst->name);
		if (err) {
			/* Its initialize failed: nothing to undo. */
			pr_info("%s: its initialize returned %d\n", inst->name,
				err);
		} else {
			err = netnotify_im_deinitialize_device_instance(driver_handle,
									inst->name);
			pr_info("%s: de-initialized: %d\n", inst->name, err);
		}
	} else {
		pr_err("%s: cancel: %d\n", inst->name, err);
		return;
	}
	im_arm(inst);
}

/*
 * After dropped events: an instance whose lower device is missing, or is
 * another device than the one it was initialized over, lost its lower.
 */
static bool im_lower_missing(struct im_instance *inst)
{
	int ifindex = READ_ONCE(inst->lower_ifindex);
	struct net_device *low;
	bool missing;

	low = dev_get_by_name(&init_net, inst->lower);
	missing = !low || (ifindex && low->ifindex != ifindex);
	dev_put(low);
	return missing;
}

/*
 * Device notifications, every device of init_net. Callbacks run one at a
 * time, in process context, and may sleep: waiting for an initialize and
 * halting (which unregisters a device, under RTNL) are fine here.
 */
static void im_device_cb(u32 handle, void *ctx,
			 enum netnotify_device_action action,
			 const struct netnotify_device_event *ev, u32 size)
{
	unsigned int i;

	for (i = 0; i < nr_lower; i++) {
		struct im_instance *inst = &instances[i];
		bool gone;

		switch (action) {
		case NETNOTIFY_DEVICE_REMOVAL:
			gone = !strcmp(ev->name, inst->lower);
			break;
		case NETNOTIFY_DEVICE_RENAMED:
			/* Renamed away: what has the name now is another. */
			gone = !strcmp(ev->old_name, inst->lower) &&
			       strcmp(ev->name, inst->lower);
			break;
		case NETNOTIFY_DEVICE_RESYNC:
			gone = im_lower_missing(inst);
			break;
		default:
			/* Arrival and start are netnotify's to follow. */
			gone = false;
			break;
		}
		if (gone)
			im_lower_gone(inst);
	}
}

/* Writing an instance's name cancels its initialization, to show the result. */
static int cancel_set(const char *val, const struct kernel_param *kp)
{
	char name[NETNOTIFY_IM_INSTANCE_MAX + 1];
	int err;

	if (strscpy(name, val, sizeof(name)) < 0)
		return -EINVAL;
	strim(name);
	err = netnotify_im_cancel_initialize_device_instance(driver_handle,
							     name);
	pr_info("cancel %s: %d\n", name, err);
	return 0;
}

static const struct kernel_param_ops cancel_ops = {
	.set = cancel_set,
};

module_param_cb(cancel, &cancel_ops, NULL, 0200);
MODULE_PARM_DESC(cancel,
		 "Write an instance's name: cancel its initialization and log the result");

static int __init im_init(void)
{
	struct netnotify_device_filter f = {
		.size = sizeof(f),
		.type = NETNOTIFY_DEVICE_FILTER_ALL,
	};
	unsigned int i;
	int err;

	err = netnotify_im_register_driver(&init_net, &im_driver, NULL,
					   &driver_handle);
	if (err) {
		pr_err("driver registration failed: %d\n", err);
		return err;
	}
	/* Before any instance, so that no lower's removal goes unseen. */
	err = netnotify_register_device_notification(&init_net, &f, NULL,
						     im_device_cb,
						     &device_handle);
	if (err) {
		pr_err("device notification failed: %d\n", err);
		goto out_driver;
	}
	for (i = 0; i < nr_lower; i++) {
		struct im_instance *inst = &instances[i];

		snprintf(inst->name, sizeof(inst->name), "nnim%u", i);
		inst->lower = lower[i];
		err = im_arm(inst);
		if (err)
			goto out_devices;
	}
	pr_info("driver %u, device notification %u\n", driver_handle,
		device_handle);
	return 0;

out_devices:
	netnotify_cancel(device_handle);
out_driver:
	/*
	 * Cancels the instances already initiated, and halts any that has
	 * started meanwhile (its lower device was up already).
	 */
	netnotify_cancel(driver_handle);
	return err;
}

static void __exit im_exit(void)
{
	/*
	 * The device notification first: once it returns no callback runs,
	 * so nothing initiates an instance again. Releasing the driver then
	 * cancels the pending instances and halts the initialized ones,
	 * which removes their devices.
	 */
	pr_info("cancel device notification %u: %d\n", device_handle,
		netnotify_cancel(device_handle));
	pr_info("cancel driver %u: %d\n", driver_handle,
		netnotify_cancel(driver_handle));
}

module_init(im_init);
module_exit(im_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("netnotify sample: an intermediate driver waiting for its lower devices");
NETNOTIFY_IMPORT_NS();
