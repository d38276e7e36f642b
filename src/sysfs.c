// SPDX-License-Identifier: GPL-2.0
/*
 * sysfs view. /sys/kernel/netnotify/ holds the module-wide counters,
 * handles/ the directory of each live handle (handle.c), and netns/ one
 * directory per network namespace, named by its inode number (netns.c),
 * where sources put their per-namespace files. One value per file, no
 * kernel pointers, readable by root only.
 */

#include "sysfs.h"

#include <netnotify/netnotify.h>

struct nn_stats nn_stats;

static struct kobject *nn_kobj;
static struct kobject *nn_handles_kobj;
static struct kobject *nn_netns_kobj;

enum nn_file {
	NN_F_VERSION, NN_F_LIVE, NN_F_CAPTURED, NN_F_DELIVERED, NN_F_DROPPED,
	NN_F_RESYNCS, NN_F_OVERRUNS, NN_F_FORGED,
};

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

/* The parent of the handles' directories. */
struct kobject *nn_sysfs_handles(void)
{
	return nn_handles_kobj;
}

/* The parent of the namespaces' directories. */
struct kobject *nn_sysfs_netns(void)
{
	return nn_netns_kobj;
}

int nn_sysfs_init(void)
{
	int err, i;

	for (i = 0; i < ARRAY_SIZE(nn_files); i++)
		nn_attrs[i] = &nn_files[i].kattr.attr;

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
	nn_netns_kobj = kobject_create_and_add("netns", nn_kobj);
	if (!nn_netns_kobj) {
		err = -ENOMEM;
		goto err_handles;
	}
	return 0;

err_handles:
	kobject_put(nn_handles_kobj);
err_group:
	sysfs_remove_group(nn_kobj, &nn_group);
err_put:
	kobject_put(nn_kobj);
	return err;
}

void nn_sysfs_exit(void)
{
	kobject_put(nn_netns_kobj);
	kobject_put(nn_handles_kobj);
	sysfs_remove_group(nn_kobj, &nn_group);
	kobject_put(nn_kobj);
}
