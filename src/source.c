// SPDX-License-Identifier: GPL-2.0
/*
 * A source in a namespace: its subscribers, the fan-out of its events, the
 * notices it exchanges with the other sources, and the life of an on-demand
 * source (its groups joined, its state built and dropped, with its
 * subscribers). This half of the core knows a source only by its struct
 * nn_source_ops; netns.c runs it from the namespace work.
 */

#include "netns.h"
#include "rtnl.h"
#include "sysfs.h"

#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <net/net_namespace.h>

/**
 * nn_src_fanout() - hand one row event to every matching subscriber
 * @s: the source; the namespace lock is held.
 * @family: the row's family; AF_UNSPEC subscribers get every family.
 * @type: the event.
 * @row: the row, copied by each subscriber that keeps it.
 * @len: its size.
 */
void nn_src_fanout(struct nn_src *s, u16 family, enum netnotify_type type,
		   const void *row, size_t len)
{
	struct nn_sub *sub;

	lockdep_assert_held(&s->nn->lock);
	atomic64_inc(&nn_stats.captured);
	list_for_each_entry(sub, &s->subs, node)
		if (sub->family == AF_UNSPEC || sub->family == family)
			sub->deliver(sub, type, row, len);
}

/**
 * nn_src_sync_links() - rebuild a source's table of links from a dump
 * @s: the source.
 * @table: its table, replaced whole under the namespace lock.
 * @fn: stores each RTM_NEWLINK's row in the new table it is given.
 *
 * For the sources that follow links: at namespace set-up, and after the
 * listener lost messages (when the core tells the subscribers).
 *
 * Context: Process context, may sleep; not holding RTNL or the lock.
 * Return: 0, or a negative errno from the dump (the table is unchanged).
 */
int nn_src_sync_links(struct nn_src *s, struct xarray **table,
		      nn_rtnl_msg_fn fn)
{
	struct xarray *rows = nn_rtnl_dump_links(nn_src_net(s), fn);

	if (IS_ERR(rows))
		return PTR_ERR(rows);
	mutex_lock(&s->nn->lock);
	swap(*table, rows);
	mutex_unlock(&s->nn->lock);
	nn_rows_free(rows);
	return 0;
}

/**
 * nn_src_tell_lost() - owe every subscriber of a source a NETNOTIFY_RESYNC
 * @s: the source; the namespace lock is held.
 */
void nn_src_tell_lost(struct nn_src *s)
{
	struct nn_sub *sub;

	lockdep_assert_held(&s->nn->lock);
	list_for_each_entry(sub, &s->subs, node)
		sub->deliver(sub, NETNOTIFY_RESYNC, NULL, 0);
}

/**
 * nn_src_lost() - a source could not follow its events
 * @s: the source; the namespace lock is held.
 *
 * An on-demand source is rebuilt and its subscribers told to
 * resynchronize; for the others the whole namespace is.
 */
void nn_src_lost(struct nn_src *s)
{
	lockdep_assert_held(&s->nn->lock);
	if (s->ops->on_demand) {
		s->sync = true;
		s->lost = true;
		s->gen++;
	} else {
		set_bit(NN_NET_RESYNC, &s->nn->flags);
	}
}

/**
 * nn_net_notice() - hand a notice to every source, in table order
 * @nn: the namespace; its lock is held.
 * @n: the notice.
 */
void nn_net_notice(struct nn_net *nn, const struct nn_notice *n)
{
	unsigned int i;

	lockdep_assert_held(&nn->lock);
	for (i = 0; i < nn->nsrc; i++)
		if (nn->src[i]->ops->notice)
			nn->src[i]->ops->notice(nn->src[i], n);
}

/**
 * nn_src_join() - join or leave a source's rtnetlink groups
 * @s: the source.
 * @join: join, or leave.
 *
 * Return: 0, or the errno of a join that failed; the groups joined before
 * it are left again.
 */
int nn_src_join(struct nn_src *s, bool join)
{
	struct nn_rtnl_listener *l = &s->nn->listener;
	const unsigned int *groups = s->ops->groups;
	unsigned int i;
	int err;

	for (i = 0; i < s->ops->ngroups; i++) {
		err = nn_rtnl_join(l, groups[i], join);
		if (err && join) {
			while (i--)
				nn_rtnl_join(l, groups[i], false);
			return err;
		}
	}
	return 0;
}

/**
 * nn_src_sync() - rebuild a source's state silently
 * @s: the source; the namespace lock is not held.
 * @lost: set when the source had lost events that its subscribers are
 *	still to be told of.
 *
 * An on-demand source is rebuilt only while it has subscribers, and its
 * @sync stays set until the rebuild is in place, so that a subscriber
 * arriving meanwhile waits for it. A rebuild covers what the source had
 * lost, unless it lost more, or gained a first subscriber, while it read:
 * then it must read again. One that fails changes nothing.
 *
 * Return: 0 or a negative errno.
 */
int nn_src_sync(struct nn_src *s, bool *lost)
{
	struct nn_net *nn = s->nn;
	bool was_lost = false;
	unsigned int gen = 0;
	int err;

	*lost = false;
	if (s->ops->on_demand) {
		mutex_lock(&nn->lock);
		if (list_empty(&s->subs)) {
			mutex_unlock(&nn->lock);
			return 0;
		}
		gen = s->gen;
		was_lost = s->lost;
		mutex_unlock(&nn->lock);
	}
	err = s->ops->sync ? s->ops->sync(s) : 0;
	if (err || !s->ops->on_demand)
		return err;

	mutex_lock(&nn->lock);
	if (s->gen == gen) {
		s->sync = false;
		s->lost = false;
		*lost = was_lost;
	}
	mutex_unlock(&nn->lock);
	return 0;
}

/**
 * nn_src_work() - a source's share of the namespace work
 * @s: the source; the namespace lock is not held.
 * @reread: no retry is pending: a rebuild after lost events may run now (a
 *	first build, which a subscriber waits for, always may).
 *
 * An on-demand source is dropped once its last subscriber left, and
 * (re)built when a subscriber needs it; then the source reads again what
 * the last messages may have changed silently (its @work hook).
 *
 * Return: 1 when the kernel's state was read, 0 when there was nothing to
 * do, or a negative errno when reading failed; the source is then marked
 * as having lost events.
 */
int nn_src_work(struct nn_src *s, bool reread)
{
	bool leave = false, sync = false, held = false, lost = false;
	struct nn_net *nn = s->nn;
	int ret;

	if (s->ops->on_demand) {
		mutex_lock(&nn->lock);
		leave = s->joined && list_empty(&s->subs);
		if (leave) {
			nn_src_join(s, false);
			s->joined = false;
			s->sync = false;
			s->lost = false;
		}
		sync = s->sync && !list_empty(&s->subs);
		held = sync && s->lost && !reread;
		mutex_unlock(&nn->lock);
	}
	if (leave) {
		/*
		 * A new first subscriber may come before the state is dropped:
		 * it has this work build the state again, afterwards.
		 */
		if (s->ops->active)
			s->ops->active(s, false);
		return 0;
	}
	/* A rebuild after a failure waits for the retry; the rest with it. */
	if (held)
		return 0;
	if (sync)
		ret = nn_src_sync(s, &lost) ?: 1;
	else
		ret = s->ops->work ? s->ops->work(s) : 0;

	if (ret < 0) {
		pr_warn_ratelimited("%s: reading namespace %u failed: %d\n",
				    s->ops->name, nn->net->ns.inum, ret);
		mutex_lock(&nn->lock);
		nn_src_lost(s);
		mutex_unlock(&nn->lock);
	} else if (lost) {
		mutex_lock(&nn->lock);
		nn_src_tell_lost(s);
		mutex_unlock(&nn->lock);
	}
	return ret;
}

/* The source @ops in @nn, or NULL. */
struct nn_src *nn_src_find(struct nn_net *nn, const struct nn_source_ops *ops)
{
	unsigned int i;

	for (i = 0; i < nn->nsrc; i++)
		if (nn->src[i]->ops == ops)
			return nn->src[i];
	return NULL;
}

/*
 * Before a subscriber is added: the first one of an on-demand source joins
 * the groups before it returns, so no later change is missed, and has the
 * namespace work build the state before it applies any message.
 */
static int nn_src_get(struct nn_src *s)
{
	int err;

	if (!s->ops->on_demand || !list_empty(&s->subs))
		return 0;
	if (!s->joined) {
		err = nn_src_join(s, true);
		if (err)
			return err;
		s->joined = true;
	}
	s->sync = true;
	s->lost = false;
	s->gen++;
	if (s->ops->active)
		s->ops->active(s, true);
	return 0;
}

/**
 * nn_src_link() - add a subscriber, and those chained to it, to @nn
 * @nn: the namespace; its lock is held, and it is running.
 * @sub: the subscriber.
 * @wait: set when an on-demand source must be built first.
 *
 * Return: 0 with every subscription made, or a negative errno with none
 * (the namespace work then drops an on-demand source this left idle).
 */
int nn_src_link(struct nn_net *nn, struct nn_sub *sub, bool *wait)
{
	struct nn_sub *p;
	struct nn_src *s;
	int err = 0;

	lockdep_assert_held(&nn->lock);
	*wait = false;
	for (p = sub; p; p = p->next) {
		s = nn_src_find(nn, p->source);
		err = WARN_ON_ONCE(!s) ? -EINVAL : nn_src_get(s);
		if (err)
			break;
		list_add_tail(&p->node, &s->subs);
		INIT_LIST_HEAD(&p->woken);
		p->src = s;
		if (s->ops->attach)
			s->ops->attach(s, p);
		*wait |= s->ops->on_demand && s->sync;
	}
	if (err) {
		nn_src_unlink(sub, p);
		*wait = false;
	}
	return err;
}

/* Remove one subscriber from its source; the namespace lock is held. */
static void nn_src_detach(struct nn_src *s, struct nn_sub *sub)
{
	list_del_init(&sub->node);
	list_del_init(&sub->woken);
	sub->src = NULL;
	if (s->ops->detach)
		s->ops->detach(s, sub);
}

/**
 * nn_src_unlink() - remove a subscriber and those chained to it
 * @sub: the first subscriber.
 * @end: where to stop: the first not to remove, or NULL for all.
 *
 * The namespace lock is held.
 *
 * Return: true when an on-demand source lost its last subscriber: the
 * namespace work is to drop it.
 */
bool nn_src_unlink(struct nn_sub *sub, struct nn_sub *end)
{
	bool idle = false;
	struct nn_src *s;

	for (; sub != end; sub = sub->next) {
		s = sub->src;
		lockdep_assert_held(&s->nn->lock);
		nn_src_detach(s, sub);
		idle |= s->ops->on_demand && list_empty(&s->subs);
	}
	return idle;
}

/**
 * nn_src_detach_all() - the namespace is going: detach every subscriber
 * @nn: the namespace; its lock is held.
 *
 * A loss still waiting for a rebuild that will never come is told first;
 * then the sources report what is left that no message will remove
 * (NN_NOTICE_NET_GONE).
 */
void nn_src_detach_all(struct nn_net *nn)
{
	struct nn_notice gone = { .type = NN_NOTICE_NET_GONE };
	struct nn_sub *sub, *tmp;
	struct nn_src *s;
	unsigned int i;

	lockdep_assert_held(&nn->lock);
	for (i = 0; i < nn->nsrc; i++)
		if (nn->src[i]->lost)
			nn_src_tell_lost(nn->src[i]);
	nn_net_notice(nn, &gone);
	for (i = 0; i < nn->nsrc; i++) {
		s = nn->src[i];
		list_for_each_entry_safe(sub, tmp, &s->subs, node)
			nn_src_detach(s, sub);
	}
}
