// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers of the connection notifyee suite: a notifyee that logs every call
 * as it saw it, and can refuse, leave contexts and call netnotify from
 * inside.
 */

#include "connect_util.h"

#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/net_namespace.h>

static bool nntc_rtnl_held(void)
{
#ifdef CONFIG_PROVE_LOCKING
	return lockdep_rtnl_is_held();
#else
	return rtnl_is_locked();
#endif
}

void *nntc_token(struct nntc *c, bool add)
{
	return (void *)(0x10000UL + c->who * 16 + add);
}

void nntc_done(void *ctx)
{
	struct nntc *c = ctx;

	WRITE_ONCE(c->cancelled, true);
	complete(&c->done);
}

static void nntc_try_inside(struct nntc *c)
{
	struct netnotify_ip_interface_table *t = NULL;
	u32 h = 1;

	c->inside = false;
	c->inside_cancel = netnotify_cancel(c->handle);
	c->inside_register = netnotify_register_connect_notifyee(&init_net,
								 &nntc_both, c,
								 &h);
	if (h)
		c->inside_register = -EEXIST;
	c->inside_get = netnotify_get_ip_interface_table(&init_net, AF_UNSPEC,
							 &t);
	netnotify_free_table(t);
	c->inside_async = netnotify_cancel_async(c->handle, nntc_done, c);
}

/* From inside a function, RTNL held: bring another interface up. */
static void nntc_nest(struct nntc *c)
{
	struct net_device *dev = __dev_get_by_name(&init_net, c->nest);

	c->nest_err = dev ? dev_change_flags(dev, dev->flags | IFF_UP, NULL) :
		      -ENODEV;
}

static int nntc_fn(struct nntc *c, bool add, struct netnotify_notify_info *info,
		   const struct netnotify_connection *conn)
{
	struct nntc_log *log = c->log;
	struct nntc_call *call;
	unsigned long flags;
	int ret = 0;

	atomic_inc(&c->calls);
	if (READ_ONCE(c->cancelled))
		atomic_inc(&c->late);
	/* Only the test's interfaces; the machine's own may change too. */
	if (strncmp(conn->name, "nnt-c", 5))
		return 0;

	if (log) {
		spin_lock_irqsave(&log->lock, flags);
		if (log->n < NNTC_MAX_CALLS) {
			call = &log->calls[log->n++];
			call->who = c->who;
			call->add = add;
			call->status = info->status;
			call->op_status = info->operation_status;
			call->context = info->context;
			strscpy(call->name, conn->name, sizeof(call->name));
			call->flags = conn->flags;
			call->removing = conn->removing;
			call->rtnl = nntc_rtnl_held();
			call->task = in_task();
		}
		spin_unlock_irqrestore(&log->lock, flags);
		wake_up(&log->wq);
	}

	if (info->status != NETNOTIFY_NOTIFY_PRE) {
		if (add && c->nest && !strcmp(conn->name, "nnt-c0"))
			nntc_nest(c);
		return 0;
	}
	if (c->inside)
		nntc_try_inside(c);
	if (c->keep)
		info->context = nntc_token(c, add);
	ret = add ? c->veto : c->cancel_ret;
	if (add && ret) {
		info->message = c->message;
		atomic_inc(&c->vetoed);
	}
	return ret;
}

static int nntc_add(void *ctx, struct netnotify_notify_info *info,
		    const struct netnotify_connection *conn)
{
	return nntc_fn(ctx, true, info, conn);
}

static int nntc_cancel(void *ctx, struct netnotify_notify_info *info,
		       const struct netnotify_connection *conn)
{
	return nntc_fn(ctx, false, info, conn);
}

const struct netnotify_connect_notifyee nntc_both = {
	.add_connect = nntc_add,
	.cancel_connect = nntc_cancel,
};

struct nntc_log *nntc_log_new(struct kunit *test)
{
	struct nntc_log *log = kunit_kzalloc(test, sizeof(*log), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, log);
	spin_lock_init(&log->lock);
	init_waitqueue_head(&log->wq);
	return log;
}

/* A notifyee numbered @who, logging to @log, not registered; or NULL. */
struct nntc *nntc_new(struct kunit *test, struct nntc_log *log, int who,
		      bool keep)
{
	struct nntc *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	if (!c)
		return NULL;
	c->log = log;
	c->who = who;
	c->keep = keep;
	init_completion(&c->done);
	return c;
}

/* A notifyee numbered @who, logging to @log, registered in @net. */
struct nntc *nntc_register(struct kunit *test, struct net *net,
			   struct nntc_log *log, int who, bool keep)
{
	struct nntc *c = nntc_new(test, log, who, keep);

	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_ASSERT_EQ(test, netnotify_register_connect_notifyee(net, &nntc_both,
								  c, &c->handle), 0);
	KUNIT_ASSERT_NE(test, c->handle, 0);
	nnt_track(test, c->handle);
	return c;
}

void nntc_unregister(struct kunit *test, struct nntc *c)
{
	KUNIT_EXPECT_EQ(test, netnotify_cancel(c->handle), 0);
	WRITE_ONCE(c->cancelled, true);
}

unsigned int nntc_count(struct nntc_log *log)
{
	unsigned int n;

	spin_lock_irq(&log->lock);
	n = log->n;
	spin_unlock_irq(&log->lock);
	return n;
}

struct nntc_call nntc_get(struct nntc_log *log, unsigned int i)
{
	struct nntc_call call = { .who = -1 };

	spin_lock_irq(&log->lock);
	if (i < log->n)
		call = log->calls[i];
	spin_unlock_irq(&log->lock);
	return call;
}

bool nntc_wait(struct nntc_log *log, unsigned int n)
{
	return wait_event_timeout(log->wq, nntc_count(log) >= n,
				  msecs_to_jiffies(NNT_TIMEOUT_MS));
}

/* Call @i was @who's @add function at @status with @op_status. */
void nntc_expect(struct kunit *test, struct nntc_log *log, unsigned int i,
		 int who, bool add, enum netnotify_notify_status status,
		 int op_status)
{
	struct nntc_call call = nntc_get(log, i);

	KUNIT_EXPECT_EQ_MSG(test, call.who, who, "call %u", i);
	KUNIT_EXPECT_EQ_MSG(test, call.add, add, "call %u", i);
	KUNIT_EXPECT_EQ_MSG(test, call.status, status, "call %u", i);
	KUNIT_EXPECT_EQ_MSG(test, call.op_status, op_status, "call %u", i);
	KUNIT_EXPECT_TRUE_MSG(test, call.rtnl, "call %u without RTNL", i);
	KUNIT_EXPECT_TRUE_MSG(test, call.task, "call %u not in a task", i);
}

bool nntc_is_up(struct net *net, const char *name)
{
	struct net_device *dev = dev_get_by_name(net, name);
	bool up;

	if (!dev)
		return false;
	up = dev->flags & IFF_UP;
	dev_put(dev);
	return up;
}

/* Run an "ip" command expected to fail, and whether its stderr has @text. */
bool nntc_fails_with(struct kunit *test, const char *cmd, const char *text)
{
	char *buf = kunit_kzalloc(test, 512, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_EXPECT_NE_MSG(test, nnt_sh("%s 2>/tmp/nnt-c.err", cmd), 0,
			    "'%s' worked", cmd);
	nnt_read_file("/tmp/nnt-c.err", buf, 512);
	if (!strstr(buf, text)) {
		kunit_info(test, "'%s' printed: %s", cmd, buf);
		return false;
	}
	return true;
}
