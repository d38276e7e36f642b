/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The module's sysfs directory, /sys/kernel/netnotify/, and the module-wide
 * counters it shows. Handles add their directories under handles/.
 */
#ifndef _NN_SYSFS_H
#define _NN_SYSFS_H

#include <linux/atomic.h>
#include <linux/kobject.h>
#include <linux/sysfs.h>

/* Module-wide counters shown in /sys/kernel/netnotify/. */
struct nn_stats {
	atomic64_t captured;
	atomic64_t delivered;
	atomic64_t dropped;
	atomic64_t resyncs;
	atomic64_t overruns;
	atomic64_t forged;	/* datagrams dropped: not sent by the kernel */
	atomic_t live;
};

extern struct nn_stats nn_stats;

/*
 * A file: one show function per directory switches on the file's id. Root
 * only and read only: these are debugging aids, and handle ids are
 * capabilities of sorts.
 */
struct nn_attr {
	struct kobj_attribute kattr;
	int file;
};

#define NN_FILE(_name, _show, _file) \
	{ .kattr = __ATTR(_name, 0400, _show, NULL), .file = (_file) }

static inline int nn_file_of(struct kobj_attribute *kattr)
{
	return container_of(kattr, struct nn_attr, kattr)->file;
}

struct kobject *nn_sysfs_handles(void);
struct kobject *nn_sysfs_netns(void);
int nn_sysfs_init(void);
void nn_sysfs_exit(void);

#endif /* _NN_SYSFS_H */
