/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers of the device suites (device_test.c, unregister_test.c).
 */
#ifndef _NNT_DEVICE_UTIL_H
#define _NNT_DEVICE_UTIL_H

#include "util.h"

void nntd_cb(u32 handle, void *ctx, enum netnotify_device_action action,
	     const struct netnotify_device_event *ev, u32 size);
struct netnotify_device_filter nntd_filter(int type, const char *arg,
					   u32 flags);
u32 nntd_register(struct kunit *test, struct net *net,
		  const struct netnotify_device_filter *f, struct nnt_rec *rec);
u32 nntd_register_all(struct kunit *test, struct net *net, u32 flags,
		      struct nnt_rec *rec);
int nntd_find(struct nnt_rec *rec, unsigned int from, int action,
	      const char *name);
struct nnt_event nntd_expect(struct kunit *test, struct nnt_rec *rec,
			     int *from, int action, const char *name);
const char *nntd_seq(struct nnt_rec *rec, int ifindex, char *buf, size_t len);
void nntd_read_handle_file(struct kunit *test, u32 h, const char *file,
			   char *buf, size_t len);
void nntd_expect_clean(struct kunit *test, struct nnt_rec *rec);

#endif /* _NNT_DEVICE_UTIL_H */
