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

/* Root-only, read-only files: nn_attr_<id> named <file>, shown by nn_<id>_show. */
#define NN_ATTR_NAMED(_id, _file) \
	static struct kobj_attribute nn_attr_##_id = \
		__ATTR(_file, 0400, nn_##_id##_show, NULL)
#define NN_ATTR(_name) NN_ATTR_NAMED(_name, _name)

/* Module-wide files. */

static ssize_t nn_version_show(struct kobject *kobj,
			       struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%s\n", NETNOTIFY_VERSION);
}

static ssize_t nn_live_handles_show(struct kobject *kobj,
				    struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n", atomic_read(&nn_stats.live));
}

#define NN_COUNTER(_name, _field)					\
static ssize_t nn_##_name##_show(struct kobject *kobj,			\
				 struct kobj_attribute *attr, char *buf)\
{									\
	return sysfs_emit(buf, "%lld\n",				\
			  (long long)atomic64_read(&nn_stats._field));	\
}									\
NN_ATTR(_name)

NN_ATTR(version);
NN_ATTR(live_handles);
NN_COUNTER(events_captured, captured);
NN_COUNTER(events_delivered, delivered);
NN_COUNTER(events_dropped, dropped);
NN_COUNTER(resyncs, resyncs);
NN_COUNTER(overruns, overruns);

static struct attribute *nn_attrs[] = {
	&nn_attr_version.attr,
	&nn_attr_live_handles.attr,
	&nn_attr_events_captured.attr,
	&nn_attr_events_delivered.attr,
	&nn_attr_events_dropped.attr,
	&nn_attr_resyncs.attr,
	&nn_attr_overruns.attr,
	NULL,
};

static const struct attribute_group nn_group = {
	.attrs = nn_attrs,
};

/* Per-handle files. */

static struct nn_handle *nn_kobj_handle(struct kobject *kobj)
{
	return container_of(kobj, struct nn_handle, kobj);
}

static const char *const nn_kind_names[NN_KIND_MAX] = {
	[NN_KIND_IP_INTERFACE] = "ip_interface",
};

static ssize_t nn_kind_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%s\n", nn_kind_names[nn_kobj_handle(kobj)->kind]);
}

static ssize_t nn_family_show(struct kobject *kobj,
			      struct kobj_attribute *attr, char *buf)
{
	switch (nn_kobj_handle(kobj)->family) {
	case AF_INET:
		return sysfs_emit(buf, "inet\n");
	case AF_INET6:
		return sysfs_emit(buf, "inet6\n");
	default:
		return sysfs_emit(buf, "unspec\n");
	}
}

static ssize_t nn_netns_show(struct kobject *kobj, struct kobj_attribute *attr,
			     char *buf)
{
	return sysfs_emit(buf, "%u\n", nn_kobj_handle(kobj)->netns_ino);
}

static ssize_t nn_owner_show(struct kobject *kobj, struct kobj_attribute *attr,
			     char *buf)
{
	return sysfs_emit(buf, "%s\n", nn_kobj_handle(kobj)->owner_name);
}

/* "active", or "orphaned" once the namespace was dismantled. */
static ssize_t nn_state_show(struct kobject *kobj, struct kobj_attribute *attr,
			     char *buf)
{
	return sysfs_emit(buf, "%s\n", nn_net_attached(nn_kobj_handle(kobj)) ?
			  "active" : "orphaned");
}

#define NN_HANDLE_COUNTER(_name)					\
static ssize_t nn_h_##_name##_show(struct kobject *kobj,		\
				   struct kobj_attribute *attr, char *buf)\
{									\
	struct nn_handle *h = nn_kobj_handle(kobj);			\
	unsigned long long v;						\
									\
	spin_lock(&h->lock);						\
	v = h->_name;							\
	spin_unlock(&h->lock);						\
	return sysfs_emit(buf, "%llu\n", v);				\
}									\
NN_ATTR_NAMED(h_##_name, _name)

NN_ATTR(kind);
NN_ATTR(family);
NN_ATTR(netns);
NN_ATTR(owner);
NN_ATTR(state);
NN_HANDLE_COUNTER(delivered);
NN_HANDLE_COUNTER(queued);
NN_HANDLE_COUNTER(dropped);
NN_HANDLE_COUNTER(resyncs);

static struct attribute *nn_handle_attrs[] = {
	&nn_attr_kind.attr,
	&nn_attr_family.attr,
	&nn_attr_netns.attr,
	&nn_attr_owner.attr,
	&nn_attr_state.attr,
	&nn_attr_h_delivered.attr,
	&nn_attr_h_queued.attr,
	&nn_attr_h_dropped.attr,
	&nn_attr_h_resyncs.attr,
	NULL,
};
ATTRIBUTE_GROUPS(nn_handle);

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
	int err;

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
