// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers of the device suites: register a recorder for device events, and
 * find and wait for the events it recorded.
 */

#include "device_util.h"

#include <linux/sched.h>
#include <linux/string.h>
#include <linux/wait.h>

/* Records a device callback; the handle must be the one register wrote. */
void nntd_cb(u32 handle, void *ctx,
	     enum netnotify_device_action action,
	     const struct netnotify_device_event *ev, u32 size)
{
	bool resync = action == NETNOTIFY_DEVICE_RESYNC;
	struct nnt_rec *rec = ctx;
	struct nnt_event e = {
		.type = resync ? NETNOTIFY_RESYNC : NETNOTIFY_PARAMETER,
		.action = action,
		.has_row = ev,
	};

	/* A RESYNC and only a RESYNC comes without an event. */
	if (handle != READ_ONCE(rec->handle) ||
	    size != (ev ? sizeof(*ev) : 0) || !ev != resync)
		WRITE_ONCE(rec->bad_context, true);
	if (ev)
		e.dev = *ev;
	nnt_record(rec, &e);
}

struct netnotify_device_filter nntd_filter(int type, const char *arg,
					   u32 flags)
{
	struct netnotify_device_filter f = {
		.size = sizeof(f), .flags = flags, .type = type,
	};

	if (type == NETNOTIFY_DEVICE_FILTER_NAME)
		strscpy(f.u.name, arg, sizeof(f.u.name));
	else if (type == NETNOTIFY_DEVICE_FILTER_KIND)
		strscpy(f.u.kind, arg, sizeof(f.u.kind));
	return f;
}

/*
 * Register @rec for device events. The recorder's own field receives the
 * handle, so a callback can check it was written before it ran.
 */
u32 nntd_register(struct kunit *test, struct net *net,
		  const struct netnotify_device_filter *f,
		  struct nnt_rec *rec)
{
	int err = netnotify_register_device_notification(net, f, rec, nntd_cb,
							 &rec->handle);

	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_ASSERT_NE(test, rec->handle, 0);
	nnt_track(test, rec->handle);
	return rec->handle;
}

u32 nntd_register_all(struct kunit *test, struct net *net, u32 flags,
		      struct nnt_rec *rec)
{
	struct netnotify_device_filter f =
		nntd_filter(NETNOTIFY_DEVICE_FILTER_ALL, NULL, flags);

	return nntd_register(test, net, &f, rec);
}

/* The first event at or after @from for @name (any name if NULL). */
int nntd_find(struct nnt_rec *rec, unsigned int from, int action,
	      const char *name)
{
	unsigned int i, n = min_t(unsigned int, nnt_rec_count(rec),
				  NNT_MAX_EVENTS);
	struct nnt_event e;

	for (i = from; i < n; i++) {
		e = nnt_rec_get(rec, i);
		if ((action < 0 || e.action == action) &&
		    (!name || (e.has_row && !strcmp(e.dev.name, name))))
			return i;
	}
	return -1;
}

/* Wait for such an event; the case fails without it. */
struct nnt_event nntd_expect(struct kunit *test, struct nnt_rec *rec,
			     int *from, int action, const char *name)
{
	unsigned long end = jiffies + msecs_to_jiffies(NNT_TIMEOUT_MS);
	int idx;

	while ((idx = nntd_find(rec, *from, action, name)) < 0 &&
	       time_before(jiffies, end))
		wait_event_timeout(rec->wq, nntd_find(rec, *from, action,
						      name) >= 0, HZ / 10);
	KUNIT_ASSERT_GE_MSG(test, idx, 0, "no action %d for %s", action,
			    name ?: "any device");
	*from = idx + 1;
	return nnt_rec_get(rec, idx);
}

/* The actions recorded for @ifindex, in order, as a string ("ASTRX"). */
const char *nntd_seq(struct nnt_rec *rec, int ifindex, char *buf,
		     size_t len)
{
	unsigned int i, k = 0, n = min_t(unsigned int, nnt_rec_count(rec),
					 NNT_MAX_EVENTS);
	struct nnt_event e;

	for (i = 0; i < n && k + 1 < len; i++) {
		e = nnt_rec_get(rec, i);
		if (e.has_row && e.dev.ifindex == ifindex)
			buf[k++] = "AXSTR?"[e.action];
	}
	buf[k] = 0;
	return buf;
}

/* Read handles/<h>/<file>, without its newline. */
void nntd_read_handle_file(struct kunit *test, u32 h, const char *file,
			   char *buf, size_t len)
{
	char path[96];

	snprintf(path, sizeof(path), NNT_SYSFS "/handles/%u/%s", h, file);
	buf[0] = 0;
	KUNIT_EXPECT_GE_MSG(test, nnt_read_file(path, buf, len), 1, "%s", path);
	strim(buf);
}

void nntd_expect_clean(struct kunit *test, struct nnt_rec *rec)
{
	KUNIT_EXPECT_FALSE(test, READ_ONCE(rec->bad_context));
	KUNIT_EXPECT_FALSE(test, READ_ONCE(rec->overlap));
}

