/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A route client as the documentation tells clients to be: it mirrors the
 * table from ADD, PARAMETER and DELETE, and re-reads it on RESYNC. Checks
 * that nothing is lost silently compare the mirror with the kernel's table.
 */
#ifndef _NNT_MIRROR_H
#define _NNT_MIRROR_H

#include "shim.h"

#include <linux/hashtable.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <netnotify/netnotify.h>

struct net;

/**
 * struct nnt_mirror - a route table rebuilt from notifications
 * @lock: protects the fields below.
 * @rows: struct nnt_mirror_row by route key.
 * @count: rows in @rows.
 * @net: the namespace, for re-reads.
 * @family: the handle's family.
 * @resyncs: RESYNC callbacks received.
 * @events: ADD, PARAMETER and DELETE callbacks received.
 * @errors: re-reads or copies that failed; the mirror is then unusable.
 * @marker: the destination whose ADD nnt_mirror_settle() waits for.
 * @marker_seen: that ADD arrived.
 * @wq: woken on every callback.
 * @handle: the handle.
 * @mark_ifindex: if set, right after each re-read on RESYNC the client adds
 *	an IPv6 route of its own through this device, as a client reacting
 *	to what it read would, and at once: that change must reach it.
 * @marks: routes added so.
 */
struct nnt_mirror {
	spinlock_t lock;	/* protects the fields below */
	DECLARE_HASHTABLE(rows, 12);
	unsigned int count;
	struct net *net;
	u16 family;
	unsigned int resyncs;
	unsigned int events;
	unsigned int errors;
	union netnotify_inet_addr marker;
	bool marker_seen;
	wait_queue_head_t wq;
	u32 handle;
	int mark_ifindex;
	unsigned int marks;
};

struct nnt_mirror *nnt_mirror_new(struct kunit *test, struct net *net,
				  u16 family);
void nnt_mirror_free(struct kunit *test, struct nnt_mirror *m);
void nnt_mirror_settle(struct kunit *test, struct nnt_mirror *m,
		       const char *ns, const char *dev);
void nnt_mirror_expect_kernel(struct kunit *test, struct nnt_mirror *m);

#endif /* _NNT_MIRROR_H */
