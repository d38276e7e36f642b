// SPDX-License-Identifier: GPL-2.0
/*
 * sysfs view. /sys/kernel/netnotify/ holds the module-wide counters and
 * handles/<id>/ exists exactly while handle <id> is live. One value per
 * file, no kernel pointers, readable by root only: handle ids are
 * capabilities of sorts, and the view is for debugging.
 */

#include "sysfs.h"
#include "handle.h"
#include "netns.h"
#include "queue.h"

#include <linux/kobject.h>
#include <linux/sysfs.h>

static struct kobject *nn_kobj;
static struct kobject *nn_handles_kobj;

/*
 * Each file is a struct nn_attr: one show function per directory switches
 * on the file's id.
 */
enum nn_file {
	NN_F_VERSION, NN_F_LIVE, NN_F_CAPTURED, NN_F_DELIVERED, NN_F_DROPPED,
	NN_F_RESYNCS, NN_F_OVERRUNS, NN_F_FORGED,
	NN_H_KIND, NN_H_FAMILY, NN_H_NETNS, NN_H_OWNER, NN_H_STATE,
	NN_H_DELIVERED, NN_H_QUEUED, NN_H_LIMIT, NN_H_PEAK, NN_H_DROPPED,
	NN_H_RESYNCS,
};

struct nn_attr {
	struct kobj_attribute kattr;
	enum nn_file file;
};

/* Root-only and read-only: these are debugging aids. */
#define NN_FILE(_name, _show, _file) \
	{ .kattr = __ATTR(_name, 0400, _show, NULL), .file = (_file) }

static enum nn_file nn_file_of(struct kobj_attribute *kattr)
{
	return container_of(kattr, struct nn_attr, kattr)->file;
}

static ssize_t nn_show(struct kobject *kobj, struct kobj_attribute *kattr,
		       char *buf)
{
	atomic64_t *counter;

	switch (nn_file_of(kattr)) {
	case NN_F_VERSION:
		return sysfs_emit(buf, "%s\n", NETNOTIFY_VERSION);
	case NN_F_LIVE:
		return sysfs_emit(buf, "%d\n", atomic_read(&nn_stats.live));
	case NN_F_CAPTURED:
		counter = &nn_stats.captured;
		break;
	case NN_F_DELIVERED:
		counter = &nn_stats.delivered;
		break;
	case NN_F_DROPPED:
		counter = &nn_stats.dropped;
		break;
	case NN_F_RESYNCS:
		counter = &nn_stats.resyncs;
		break;
	case NN_F_OVERRUNS:
		counter = &nn_stats.overruns;
		break;
	case NN_F_FORGED:
		counter = &nn_stats.forged;
		break;
	default:
		return -EINVAL;
	}
	return sysfs_emit(buf, "%lld\n", (long long)atomic64_read(counter));
}

static struct nn_attr nn_files[] = {
	NN_FILE(version, nn_show, NN_F_VERSION),
	NN_FILE(live_handles, nn_show, NN_F_LIVE),
	NN_FILE(events_captured, nn_show, NN_F_CAPTURED),
	NN_FILE(events_delivered, nn_show, NN_F_DELIVERED),
	NN_FILE(events_dropped, nn_show, NN_F_DROPPED),
	NN_FILE(resyncs, nn_show, NN_F_RESYNCS),
	NN_FILE(overruns, nn_show, NN_F_OVERRUNS),
	NN_FILE(forged, nn_show, NN_F_FORGED),
};

static struct attribute *nn_attrs[ARRAY_SIZE(nn_files) + 1];

static const struct attribute_group nn_group = {
	.attrs = nn_attrs,
};

static const char *const nn_kind_names[NN_KIND_MAX] = {
	[NN_KIND_IP_INTERFACE] = "ip_interface",
	[NN_KIND_UNICAST_ADDRESS] = "unicast_address",
	[NN_KIND_STABLE_TABLE] = "stable_table",
	[NN_KIND_ROUTE] = "route",
};

/*
 * "active" (a stable-table request: "pending" or "completed"), or
 * "orphaned" once the namespace was dismantled.
 */
static const char *nn_state_name(struct nn_handle *h)
{
	bool done;

	if (!nn_net_attached(h))
		return "orphaned";
	if (h->kind != NN_KIND_STABLE_TABLE)
		return "active";
	spin_lock(&h->lock);
	done = h->stable_done;
	spin_unlock(&h->lock);
	return done ? "completed" : "pending";
}

static const char *nn_family_name(u16 family)
{
	switch (family) {
	case AF_INET:
		return "inet";
	case AF_INET6:
		return "inet6";
	default:
		return "unspec";
	}
}

static ssize_t nn_handle_show(struct kobject *kobj,
			      struct kobj_attribute *kattr, char *buf)
{
	struct nn_handle *h = container_of(kobj, struct nn_handle, kobj);
	unsigned long long v;

	switch (nn_file_of(kattr)) {
	case NN_H_KIND:
		return sysfs_emit(buf, "%s\n", nn_kind_names[h->kind]);
	case NN_H_FAMILY:
		return sysfs_emit(buf, "%s\n", nn_family_name(h->family));
	case NN_H_NETNS:
		return sysfs_emit(buf, "%u\n", h->netns_ino);
	case NN_H_OWNER:
		return sysfs_emit(buf, "%s\n", h->owner_name);
	case NN_H_STATE:
		return sysfs_emit(buf, "%s\n", nn_state_name(h));
	default:
		break;
	}

	spin_lock(&h->lock);
	switch (nn_file_of(kattr)) {
	case NN_H_DELIVERED:
		v = h->delivered;
		break;
	case NN_H_QUEUED:
		v = h->queued;
		break;
	case NN_H_LIMIT:
		v = h->limit;
		break;
	case NN_H_PEAK:
		v = h->peak;
		break;
	case NN_H_DROPPED:
		v = h->dropped;
		break;
	default:
		v = h->resyncs;
		break;
	}
	spin_unlock(&h->lock);
	return sysfs_emit(buf, "%llu\n", v);
}

static struct nn_attr nn_handle_files[] = {
	NN_FILE(kind, nn_handle_show, NN_H_KIND),
	NN_FILE(family, nn_handle_show, NN_H_FAMILY),
	NN_FILE(netns, nn_handle_show, NN_H_NETNS),
	NN_FILE(owner, nn_handle_show, NN_H_OWNER),
	NN_FILE(state, nn_handle_show, NN_H_STATE),
	NN_FILE(delivered, nn_handle_show, NN_H_DELIVERED),
	NN_FILE(queued, nn_handle_show, NN_H_QUEUED),
	NN_FILE(queue_limit, nn_handle_show, NN_H_LIMIT),
	NN_FILE(queue_peak, nn_handle_show, NN_H_PEAK),
	NN_FILE(dropped, nn_handle_show, NN_H_DROPPED),
	NN_FILE(resyncs, nn_handle_show, NN_H_RESYNCS),
};

static struct attribute *nn_handle_attrs[ARRAY_SIZE(nn_handle_files) + 1];

static const struct attribute_group nn_handle_group = {
	.attrs = nn_handle_attrs,
};

static const struct attribute_group *nn_handle_groups[] = {
	&nn_handle_group,
	NULL,
};

static const struct kobj_type nn_handle_ktype = {
	.release = nn_handle_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = nn_handle_groups,
};

/* Gives the handle its reference count; it starts at one. */
void nn_sysfs_init_handle(struct nn_handle *h)
{
	kobject_init(&h->kobj, &nn_handle_ktype);
}

int nn_sysfs_add_handle(struct nn_handle *h)
{
	return kobject_add(&h->kobj, nn_handles_kobj, "%u", h->id);
}

/* Waits for readers of the handle's files to leave. */
void nn_sysfs_del_handle(struct nn_handle *h)
{
	kobject_del(&h->kobj);
}

int nn_sysfs_init(void)
{
	int err, i;

	for (i = 0; i < ARRAY_SIZE(nn_files); i++)
		nn_attrs[i] = &nn_files[i].kattr.attr;
	for (i = 0; i < ARRAY_SIZE(nn_handle_files); i++)
		nn_handle_attrs[i] = &nn_handle_files[i].kattr.attr;

	nn_kobj = kobject_create_and_add("netnotify", kernel_kobj);
	if (!nn_kobj)
		return -ENOMEM;
	err = sysfs_create_group(nn_kobj, &nn_group);
	if (err)
		goto err_put;
	nn_handles_kobj = kobject_create_and_add("handles", nn_kobj);
	if (!nn_handles_kobj) {
		err = -ENOMEM;
		goto err_group;
	}
	return 0;

err_group:
	sysfs_remove_group(nn_kobj, &nn_group);
err_put:
	kobject_put(nn_kobj);
	return err;
}

void nn_sysfs_exit(void)
{
	kobject_put(nn_handles_kobj);
	sysfs_remove_group(nn_kobj, &nn_group);
	kobject_put(nn_kobj);
}
