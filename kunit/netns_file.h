/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A network namespace by the name "ip netns add" gave it, for the self-test
 * and the stress modules alike (each is its own module, so the helper is
 * inline rather than linked into both).
 */
#ifndef _NNT_NETNS_FILE_H
#define _NNT_NETNS_FILE_H

#include <linux/err.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/magic.h>
#include <linux/proc_ns.h>
#include <linux/slab.h>
#include <net/net_namespace.h>

/**
 * nnt_netns_get() - take a reference on a namespace made by "ip netns add"
 * @name: its name under /run/netns.
 *
 * Context: Process context, may sleep.
 * Return: the namespace, to be released with put_net(), or NULL.
 */
static inline struct net *nnt_netns_get(const char *name)
{
	struct ns_common *ns;
	struct net *net = NULL;
	struct file *f;
	char *path;

	path = kasprintf(GFP_KERNEL, "/run/netns/%s", name);
	if (!path)
		return NULL;
	f = filp_open(path, O_RDONLY, 0);
	kfree(path);
	if (IS_ERR(f))
		return NULL;
	if (file_inode(f)->i_sb->s_magic == NSFS_MAGIC) {
		ns = get_proc_ns(file_inode(f));
		if (ns->ops->type == CLONE_NEWNET)
			net = get_net(container_of(ns, struct net, ns));
	}
	fput(f);
	return net;
}

#endif /* _NNT_NETNS_FILE_H */
