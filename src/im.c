// SPDX-License-Identifier: GPL-2.0
/*
 * Intermediate drivers (NdisMRegisterMiniportDriver for
 * NdisIMInitializeDeviceInstanceEx): the source, the driver handle kind and
 * its registration. Their device instances are im_instance.c's.
 *
 * The source reads, from the link messages every other link source reads,
 * the devices that are up: each RTM_NEWLINK of an up device is handed, by
 * name, to the drivers of the namespace, and each starts its instances
 * waiting for that name. After messages were lost, the drivers read the
 * kernel's state instead. When a namespace is dismantled, its drivers are
 * released from the pernet pre_exit hook, while the devices their
 * instances built still exist.
 */

#include "handle.h"
#include "im.h"
#include "im_instance.h"
#include "netns.h"
#include "sysfs.h"

#include <linux/rtnetlink.h>
#include <net/net_namespace.h>

/* What the source hands its drivers: a device that is up, by name. */
struct nn_im_link {
	char name[IFNAMSIZ];
};

static const unsigned int nn_im_groups[] = {
	RTNLGRP_LINK,
};

static const struct nla_policy nn_im_policy[IFLA_IFNAME + 1] = {
	[IFLA_IFNAME] = { .type = NLA_STRING, .len = IFNAMSIZ - 1 },
};

/* A device that is up, by whatever message says so, may start instances. */
static void nn_im_msg(struct nn_src *s, const struct nlmsghdr *nlh)
{
	struct nlattr *tb[IFLA_IFNAME + 1];
	const struct ifinfomsg *ifm;
	struct nn_im_link link;

	if (list_empty(&s->subs) || nlh->nlmsg_type != RTM_NEWLINK ||
	    nn_nlmsg_parse(nlh, sizeof(*ifm), tb, IFLA_IFNAME, nn_im_policy) ||
	    !tb[IFLA_IFNAME])
		return;
	ifm = nlmsg_data(nlh);
	if (ifm->ifi_family != AF_UNSPEC || !(ifm->ifi_flags & IFF_UP))
		return;
	nla_strscpy(link.name, tb[IFLA_IFNAME], sizeof(link.name));
	nn_src_fanout(s, AF_UNSPEC, NETNOTIFY_PARAMETER, &link, sizeof(link));
}

/*
 * The namespace is being dismantled: its drivers are released, as a cancel
 * would, while the devices their instances built are still there. Their
 * handles stay, orphaned, until cancelled; no instance can be initiated any
 * more (nothing can take a reference on the namespace).
 */
static void nn_im_pre_exit(struct nn_src *s)
{
	struct nn_im_driver *drv, *tmp;
	struct nn_sub *sub;
	LIST_HEAD(drivers);

	mutex_lock(&s->nn->lock);
	list_for_each_entry(sub, &s->subs, node) {
		drv = container_of(sub, struct nn_im_driver, h.sub);
		nn_handle_get(&drv->h);
		list_add_tail(&drv->dying, &drivers);
	}
	mutex_unlock(&s->nn->lock);

	list_for_each_entry_safe(drv, tmp, &drivers, dying) {
		list_del(&drv->dying);
		nn_im_release(drv);
		nn_handle_put(&drv->h);
	}
}

const struct nn_source_ops nn_im_source = {
	.name = "im",
	.groups = nn_im_groups,
	.ngroups = ARRAY_SIZE(nn_im_groups),
	.init = nn_im_instances_init,
	.exit = nn_im_instances_exit,
	.pre_exit = nn_im_pre_exit,
	.msg = nn_im_msg,
};

/*
 * A device came up: start the instances waiting for it. After a loss, the
 * kernel's state is read instead.
 */
static void nn_im_deliver(struct nn_sub *sub, enum netnotify_type type,
			  const void *row, size_t len)
{
	struct nn_im_driver *drv = container_of(sub, struct nn_im_driver, h.sub);
	const struct nn_im_link *link = row;

	if (type == NETNOTIFY_RESYNC)
		nn_im_start_lower(drv, NULL, nn_src_net(sub->src));
	else
		nn_im_start_lower(drv, link->name, NULL);
}

static void nn_im_quiesce(struct nn_handle *h)
{
	nn_im_release(container_of(h, struct nn_im_driver, h));
}

/* The release would wait for the initialize or halt calling it. */
static int nn_im_refuse_cancel(struct nn_handle *h)
{
	return nn_im_calling(container_of(h, struct nn_im_driver, h)) ?
	       -EDEADLK : 0;
}

enum nn_im_file {
	NN_IM_F_DRIVER, NN_IM_F_INSTANCES,
};

static ssize_t nn_im_show(struct kobject *kobj, struct kobj_attribute *kattr,
			  char *buf)
{
	struct nn_im_driver *drv = container_of(kobj, struct nn_im_driver,
						h.kobj);

	if (nn_file_of(kattr) == NN_IM_F_DRIVER)
		return sysfs_emit(buf, "%s\n", drv->name);
	return nn_im_show_instances(drv, buf);
}

static struct nn_attr nn_im_files[] = {
	NN_FILE(driver, nn_im_show, NN_IM_F_DRIVER),
	NN_FILE(instances, nn_im_show, NN_IM_F_INSTANCES),
};

static struct attribute *nn_im_attrs[] = {
	&nn_im_files[NN_IM_F_DRIVER].kattr.attr,
	&nn_im_files[NN_IM_F_INSTANCES].kattr.attr,
	NULL,
};

static const struct attribute_group nn_im_group = {
	.attrs = nn_im_attrs,
};

static const struct nn_handle_type nn_im_type = {
	.name = "im_driver",
	.size = NN_HANDLE_SIZE(struct nn_im_driver, h),
	.source = &nn_im_source,
	.quiesce = nn_im_quiesce,
	.group = &nn_im_group,
	.refuse_cancel = nn_im_refuse_cancel,
};

/**
 * __netnotify_im_register_driver() - register an intermediate driver
 *	(NdisMRegisterMiniportDriver)
 * @net: the network namespace its lower devices live in; the caller keeps
 *	it alive for the call. When it is dismantled, the driver is released
 *	as by netnotify_cancel() and the handle stays cancellable
 *	("orphaned" in sysfs).
 * @driver: its functions and name, copied; @driver->halt may be NULL.
 * @driver_ctx: passed to them untouched.
 * @driver_handle: receives the handle, or 0 on error; release it with
 *	netnotify_cancel(), which cancels the pending instances, waits for
 *	the initializes that run and halts the initialized instances, and
 *	refuses with -EDEADLK from the driver's own initialize or halt
 *	(netnotify_cancel_async() works there).
 * @owner: the registering module (THIS_MODULE via the
 *	netnotify_im_register_driver() macro); if it is unloaded with the
 *	driver registered, the driver is released first, with a warning.
 *
 * Context: Process context, may sleep.
 * Return: 0; -EINVAL for a NULL @net, @driver, @driver->initialize or
 * @driver_handle; -ENOMEM; -ENOSPC when handles run out; -ENODEV when @net
 * is being dismantled; -EDEADLK, with nothing done and a one-time warning,
 * from a context that cannot sleep.
 */
int __netnotify_im_register_driver(struct net *net,
				   const struct netnotify_im_driver *driver,
				   void *driver_ctx, u32 *driver_handle,
				   struct module *owner)
{
	struct nn_im_driver *drv;
	int err;

	if (driver_handle)
		*driver_handle = 0;
	err = nn_check_context();
	if (err)
		return err;
	if (!driver || !driver->initialize)
		return -EINVAL;

	drv = nn_handle_new(&nn_im_type);
	if (!drv)
		return -ENOMEM;
	drv->fns = *driver;
	drv->fns.name = NULL;
	strscpy(drv->name, driver->name ?:
		(owner ? module_name(owner) : "(built-in)"), sizeof(drv->name));
	spin_lock_init(&drv->lock);
	INIT_LIST_HEAD(&drv->instances);
	INIT_LIST_HEAD(&drv->dying);
	drv->h.sub.deliver = nn_im_deliver;
	return nn_register(&drv->h, net, AF_UNSPEC, driver_ctx, false, owner,
			   driver_handle);
}
EXPORT_SYMBOL_NS_GPL(__netnotify_im_register_driver, NETNOTIFY);

/**
 * nn_im_driver_find() - a live intermediate driver, by handle
 * @id: the handle a client passed.
 *
 * Context: Process context.
 * Return: the driver, with a reference on its handle, or NULL when @id is
 * no live driver handle.
 */
struct nn_im_driver *nn_im_driver_find(u32 id)
{
	struct nn_handle *h = nn_handle_find(id, &nn_im_type);

	return h ? container_of(h, struct nn_im_driver, h) : NULL;
}
