// SPDX-License-Identifier: GPL-2.0
/*
 * Connection notifyees (AddConnectNotify / CancelConnectNotify).
 *
 * A notifyee is called before (PRE) and after (POST) each interface of its
 * namespace is opened ("ip link set X up", a connect) and closed (down,
 * deleted while up, moved out while up: a cancel-connection). Unlike every
 * other kind, it is called synchronously from the kernel's netdevice
 * notifier, with RTNL held: a PRE has to run before the interface opens,
 * and a refusal has to fail the open. No rtnetlink message is sent before
 * the fact, so this source reads no event stream; it only keeps each
 * namespace's notifyees for its notifier.
 *
 *   NETDEV_PRE_UP     -> add_connect PRE, newest notifyee first; a refusal
 *                        fails the open with its errno (POSTs to those
 *                        before it, with that errno, at once)
 *   NETDEV_UP         -> add_connect POST, in the reverse order of the PREs
 *   NETDEV_GOING_DOWN -> cancel_connect PRE (cannot refuse)
 *   NETDEV_DOWN       -> cancel_connect POST
 *
 * An open that fails after PRE for a reason the kernel does not announce
 * (a later notifier refused, the driver's open failed) sends nothing; but a
 * successful PRE_UP and its NETDEV_UP happen under one RTNL hold. So each
 * PRE that leaves POSTs owed queues a work that takes RTNL: when it gets it,
 * a connect still owed its POST has failed, and the POST is made then, with
 * -EIO. The next PRE_UP of the device, or its unregistering, makes it
 * earlier if they come first.
 *
 * The notifier takes no netnotify lock: the notifyees of a namespace are an
 * RCU list read under SRCU (their functions may sleep), and what the
 * operations between PRE and POST owe is kept under RTNL. Its cost grows
 * with the notifyees of the device's namespace, never with other handles.
 * A cancel unlinks the notifyee, then waits for an SRCU grace period: no
 * function of it runs after the cancel returns, and a POST it was owed is
 * dropped. The SRCU domain is the module's, so a cancel also waits for
 * functions of other namespaces' notifyees running at the time; they run
 * under RTNL, which serializes them anyway.
 */

#include "connect.h"
#include "handle.h"
#include "netns.h"
#include "queue.h"
#include "sysfs.h"

#include <linux/hashtable.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/srcu.h>
#include <net/rtnetlink.h>

/* The POST status of an open that failed after PRE without saying why. */
#define NN_CONNECT_FAILED	(-EIO)

DEFINE_STATIC_SRCU(nn_connect_srcu);

/**
 * struct nn_notifyees - the source's state in one namespace
 * @list: the notifyees (struct nn_notifyee), newest first; changed under
 *	the namespace lock, read under nn_connect_srcu.
 * @latest: the sequence number of the newest notifyee in @list, published
 *	after it is: an operation calls those up to it, so that one that
 *	registers meanwhile is not half in it.
 * @seq: the last sequence number given.
 */
struct nn_notifyees {
	struct list_head list;
	unsigned long latest;
	unsigned long seq;
};

/**
 * struct nn_notifyee - a connection notifyee handle
 * @h: the handle.
 * @fns: the client's functions.
 * @node: entry in its namespace's list.
 * @seq: its place in the order of registration.
 * @pre: PRE calls made (RTNL).
 * @post: POST calls made (RTNL).
 * @vetoes: connects it refused (RTNL).
 * @ignored: refusals of a cancel-connection, which cannot be refused (RTNL).
 * @warned: it was warned of a return that is no errno (RTNL).
 */
struct nn_notifyee {
	struct nn_handle h;
	struct netnotify_connect_notifyee fns;
	struct list_head node;
	unsigned long seq;
	u64 pre;
	u64 post;
	u64 vetoes;
	u64 ignored;
	bool warned;
};

enum nn_conn_op {
	NN_CONN_ADD,
	NN_CONN_CANCEL,
};

/**
 * struct nn_conn_call - a notifyee owed a POST
 * @ne: the notifyee, whose handle this holds a reference on.
 * @context: the context it left at PRE.
 */
struct nn_conn_call {
	struct nn_notifyee *ne;
	void *context;
};

/**
 * struct nn_conn_owed - an operation whose PREs are done and POSTs owed
 * @node: entry in nn_conn_owed_ops.
 * @dev: the interface; the entry goes before the device does.
 * @op: a connect or a cancel-connection.
 * @n: notifyees owed a POST.
 * @calls: they, in the order of the PREs.
 */
struct nn_conn_owed {
	struct hlist_node node;
	struct net_device *dev;
	enum nn_conn_op op;
	unsigned int n;
	struct nn_conn_call calls[];
};

/* Operations owed POSTs, by device, and how many are connects. RTNL. */
static DEFINE_HASHTABLE(nn_conn_owed_ops, 6);
static unsigned int nn_conn_owed_adds;

static void nn_conn_failed_work(struct work_struct *work);
static DECLARE_WORK(nn_conn_failed, nn_conn_failed_work);

/* One of a notifyee's functions, or NULL. */
typedef int (*nn_conn_fn)(void *ctx, struct netnotify_notify_info *info,
			  const struct netnotify_connection *conn);

static nn_conn_fn nn_conn_fn_of(struct nn_notifyee *ne, enum nn_conn_op op)
{
	return op == NN_CONN_ADD ? ne->fns.add_connect : ne->fns.cancel_connect;
}

/* Counters are written under RTNL and read without it. */
static void nn_conn_count(u64 *counter)
{
	WRITE_ONCE(*counter, *counter + 1);
}

static void nn_conn_describe(struct netnotify_connection *conn,
			     struct net_device *dev)
{
	struct net_device *master = netdev_master_upper_dev_get(dev);

	memset(conn, 0, sizeof(*conn));
	conn->ifindex = dev->ifindex;
	strscpy(conn->name, dev->name, sizeof(conn->name));
	if (dev->rtnl_link_ops)
		strscpy(conn->kind, dev->rtnl_link_ops->kind,
			sizeof(conn->kind));
	conn->flags = dev->flags;
	conn->mtu = dev->mtu;
	conn->link_type = dev->type;
	conn->master_ifindex = master ? master->ifindex : 0;
	conn->link_ifindex = dev_get_iflink(dev);
	conn->removing = dev->dismantle;
	conn->hw_addr_len = min_t(unsigned int, dev->addr_len, MAX_ADDR_LEN);
	memcpy(conn->hw_addr, dev->dev_addr, conn->hw_addr_len);
}

/*
 * A refusal's errno. Anything but a negative errno is a notifyee's bug, and
 * is made one rather than passed on as a notifier code the chain would
 * misread.
 */
static int nn_conn_refusal(struct nn_notifyee *ne, int ret)
{
	if (ret < 0 && ret >= -MAX_ERRNO)
		return ret;
	if (!ne->warned) {
		ne->warned = true;
		pr_warn("connect notifyee %u of %s returned %d at PRE, not 0 or a negative errno: refused with -EINVAL\n",
			ne->h.id, ne->h.owner_name, ret);
	}
	return -EINVAL;
}

/*
 * Make the POSTs an operation is owed, in the reverse order of its PREs, to
 * the notifyees still registered, and free it. RTNL is held.
 */
static noinline void nn_conn_post(struct nn_conn_owed *o, int status)
{
	struct netnotify_connection conn;
	struct task_struct *prev;
	unsigned int i = o->n;
	struct nn_notifyee *ne;
	int idx;

	nn_conn_describe(&conn, o->dev);
	prev = nn_sync_call_begin();
	idx = srcu_read_lock(&nn_connect_srcu);
	while (i--) {
		struct netnotify_notify_info info = {
			.status = NETNOTIFY_NOTIFY_POST,
			.operation_status = status,
			.context = o->calls[i].context,
		};

		ne = o->calls[i].ne;
		if (!nn_queue_stopped(&ne->h)) {
			nn_conn_fn_of(ne, o->op)(ne->h.ctx, &info, &conn);
			nn_conn_count(&ne->post);
		}
		nn_handle_put(&ne->h);
	}
	srcu_read_unlock(&nn_connect_srcu, idx);
	nn_sync_call_end(prev);
	kfree(o);
}

static void nn_conn_owe(struct nn_conn_owed *o)
{
	hash_add(nn_conn_owed_ops, &o->node, (unsigned long)o->dev);
	if (o->op == NN_CONN_ADD)
		WRITE_ONCE(nn_conn_owed_adds, nn_conn_owed_adds + 1);
}

/* Make the POSTs @o is owed, with @status. */
static void nn_conn_settle_owed(struct nn_conn_owed *o, int status)
{
	hash_del(&o->node);
	if (o->op == NN_CONN_ADD)
		WRITE_ONCE(nn_conn_owed_adds, nn_conn_owed_adds - 1);
	nn_conn_post(o, status);
}

/* Settle @dev's @op, if POSTs are owed for it, with @status. */
static void nn_conn_settle(struct net_device *dev, enum nn_conn_op op,
			   int status)
{
	struct nn_conn_owed *o;

	ASSERT_RTNL();
	hash_for_each_possible(nn_conn_owed_ops, o, node, (unsigned long)dev) {
		if (o->dev == dev && o->op == op) {
			nn_conn_settle_owed(o, status);
			return;
		}
	}
}

/* Connects still owed a POST once RTNL is free again have failed. */
static void nn_conn_failed_work(struct work_struct *work)
{
	struct nn_conn_owed *o;
	unsigned int bkt;
	bool found;

	/*
	 * Usually NETDEV_UP settled it before RTNL was free: then there is
	 * nothing to take RTNL for. A PRE that owes a connect afterwards
	 * queues this work again.
	 */
	if (!READ_ONCE(nn_conn_owed_adds))
		return;
	rtnl_lock();
	do {
		/* A POST may open or close interfaces: look again after each. */
		found = false;
		hash_for_each(nn_conn_owed_ops, bkt, o, node) {
			if (o->op == NN_CONN_ADD) {
				found = true;
				break;
			}
		}
		if (found)
			nn_conn_settle_owed(o, NN_CONNECT_FAILED);
	} while (found);
	rtnl_unlock();
}

/* How many notifyees up to @latest have a function for @op. */
static unsigned int nn_conn_count_fns(struct nn_notifyees *ns,
				      unsigned long latest, enum nn_conn_op op)
{
	struct nn_notifyee *ne;
	unsigned int n = 0;

	list_for_each_entry_srcu(ne, &ns->list, node,
				 srcu_read_lock_held(&nn_connect_srcu))
		if (ne->seq <= latest && nn_conn_fn_of(ne, op))
			n++;
	return n;
}

/*
 * Call the PREs of @op on @dev: the @n notifyees of @ns up to @latest that
 * have a function for it, newest first; keep what the POSTs will need. A
 * connect stops at the first refusal, whose errno this returns; those
 * before it are told at once that it failed so. A function may bring other
 * interfaces up or down: this runs again, nested, for them. Under SRCU.
 *
 * Out of line, as nn_conn_post() is: the notifier runs deep in rtnetlink's
 * call chains, and a namespace without notifyees should cost it a small
 * stack frame, not room for a connection and its calls.
 */
static noinline int nn_conn_pres(struct net_device *dev, enum nn_conn_op op,
				 struct netlink_ext_ack *extack,
				 struct nn_notifyees *ns, unsigned long latest,
				 unsigned int n)
{
	struct netnotify_connection conn;
	struct task_struct *prev;
	struct nn_notifyee *ne;
	struct nn_conn_owed *o;
	int ret, err = 0;
	nn_conn_fn fn;

	/*
	 * Room for every notifyee's context, before any is called. A close
	 * cannot be refused, and an open should not fail for want of a few
	 * bytes per notifyee: this allocation does not fail.
	 */
	o = kmalloc(struct_size(o, calls, n), GFP_KERNEL | __GFP_NOFAIL);
	o->dev = dev;
	o->op = op;
	o->n = 0;

	nn_conn_describe(&conn, dev);
	prev = nn_sync_call_begin();
	list_for_each_entry_srcu(ne, &ns->list, node,
				 srcu_read_lock_held(&nn_connect_srcu)) {
		struct netnotify_notify_info info = {
			.status = NETNOTIFY_NOTIFY_PRE,
		};

		fn = nn_conn_fn_of(ne, op);
		/* Fewer than counted are left; never more. */
		if (!fn || ne->seq > latest || o->n == n ||
		    nn_queue_stopped(&ne->h))
			continue;
		ret = fn(ne->h.ctx, &info, &conn);
		nn_conn_count(&ne->pre);
		if (ret && op == NN_CONN_ADD) {
			err = nn_conn_refusal(ne, ret);
			nn_conn_count(&ne->vetoes);
			if (info.message)
				nn_extack_msg(extack, info.message);
			pr_info_ratelimited("%s refused to bring up %s (namespace %u): %d%s%.79s\n",
					    ne->h.owner_name, dev->name,
					    dev_net(dev)->ns.inum, err,
					    info.message ? ": " : "",
					    info.message ?: "");
			break;
		}
		if (ret)
			nn_conn_count(&ne->ignored);
		if (info.context) {
			nn_handle_get(&ne->h);
			o->calls[o->n].ne = ne;
			o->calls[o->n].context = info.context;
			o->n++;
		}
	}
	nn_sync_call_end(prev);

	if (err) {
		nn_conn_post(o, err);
	} else if (o->n) {
		nn_conn_owe(o);
		if (op == NN_CONN_ADD)
			queue_work(nn_wq, &nn_conn_failed);
	} else {
		kfree(o);
	}
	return err;
}

/* The PREs of @op on @dev, if its namespace has notifyees for them. */
static int nn_conn_pre(struct net_device *dev, enum nn_conn_op op,
		       struct netlink_ext_ack *extack)
{
	struct nn_notifyees *ns =
		nn_src_priv(nn_net_src(dev_net(dev), &nn_connect_source));
	unsigned long latest;
	unsigned int n;
	int idx, err = 0;

	idx = srcu_read_lock(&nn_connect_srcu);
	/* Pairs with the release in attach: each of those is in the list. */
	latest = smp_load_acquire(&ns->latest);
	n = nn_conn_count_fns(ns, latest, op);
	if (n)
		err = nn_conn_pres(dev, op, extack, ns, latest, n);
	srcu_read_unlock(&nn_connect_srcu, idx);
	return err;
}

static int nn_conn_event(struct notifier_block *nb, unsigned long event,
			 void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	int err;

	switch (event) {
	case NETDEV_PRE_UP:
		/* A connect still owed its POST failed without a word. */
		nn_conn_settle(dev, NN_CONN_ADD, NN_CONNECT_FAILED);
		err = nn_conn_pre(dev, NN_CONN_ADD,
				  netdev_notifier_info_to_extack(ptr));
		return err ? notifier_from_errno(err) : NOTIFY_DONE;
	case NETDEV_UP:
		nn_conn_settle(dev, NN_CONN_ADD, 0);
		break;
	case NETDEV_GOING_DOWN:
		nn_conn_pre(dev, NN_CONN_CANCEL, NULL);
		break;
	case NETDEV_DOWN:
		nn_conn_settle(dev, NN_CONN_CANCEL, 0);
		break;
	case NETDEV_UNREGISTER:
		/*
		 * Nothing may point to the device once it is gone (a DOWN
		 * that an earlier notifier stopped would leave a close owed).
		 */
		nn_conn_settle(dev, NN_CONN_ADD, NN_CONNECT_FAILED);
		nn_conn_settle(dev, NN_CONN_CANCEL, 0);
		break;
	default:
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block nn_conn_nb = {
	.notifier_call = nn_conn_event,
};

static int nn_connect_init(void)
{
	return register_netdevice_notifier(&nn_conn_nb);
}

/* Every handle is cancelled by now: whatever is still owed is dropped. */
static void nn_connect_exit(void)
{
	struct hlist_node *tmp;
	struct nn_conn_owed *o;
	unsigned int bkt, i;

	unregister_netdevice_notifier(&nn_conn_nb);
	cancel_work_sync(&nn_conn_failed);
	rtnl_lock();
	hash_for_each_safe(nn_conn_owed_ops, bkt, tmp, o, node) {
		hash_del(&o->node);
		for (i = 0; i < o->n; i++)
			nn_handle_put(&o->calls[i].ne->h);
		kfree(o);
	}
	nn_conn_owed_adds = 0;
	nn_extack_msgs_free();
	rtnl_unlock();
}

/*
 * There is nothing to free at exit, and the core frees the list head with
 * no grace period: a reader walks it only for a device of the namespace,
 * holding RTNL, and the devices were gone, under RTNL, before the exit.
 */
static int nn_connect_net_init(struct nn_src *s)
{
	struct nn_notifyees *ns = nn_src_priv(s);

	INIT_LIST_HEAD(&ns->list);
	return 0;
}

static void nn_connect_attach(struct nn_src *s, struct nn_sub *sub)
{
	struct nn_notifyee *ne = container_of(sub, struct nn_notifyee, h.sub);
	struct nn_notifyees *ns = nn_src_priv(s);

	ne->seq = ++ns->seq;
	list_add_rcu(&ne->node, &ns->list);
	/* Readers that see this number find the notifyee in the list. */
	smp_store_release(&ns->latest, ne->seq);
}

static void nn_connect_detach(struct nn_src *s, struct nn_sub *sub)
{
	struct nn_notifyee *ne = container_of(sub, struct nn_notifyee, h.sub);

	list_del_rcu(&ne->node);
}

const struct nn_source_ops nn_connect_source = {
	.name = "connect",
	.priv_size = sizeof(struct nn_notifyees),
	.init = nn_connect_init,
	.exit = nn_connect_exit,
	.net_init = nn_connect_net_init,
	.attach = nn_connect_attach,
	.detach = nn_connect_detach,
};

/* Losses of the event stream do not concern notifyees: they read none. */
static void nn_notifyee_deliver(struct nn_sub *sub, enum netnotify_type type,
				const void *row, size_t len)
{
}

/*
 * No function of the handle runs once this returns. Expedited: a cancel
 * waits for it, and the notifier's read sections are short.
 */
static void nn_notifyee_quiesce(struct nn_handle *h)
{
	synchronize_srcu_expedited(&nn_connect_srcu);
}

enum nn_notifyee_file {
	NN_NE_PRE, NN_NE_POST, NN_NE_VETOES, NN_NE_IGNORED,
};

static ssize_t nn_notifyee_show(struct kobject *kobj,
				struct kobj_attribute *kattr, char *buf)
{
	struct nn_notifyee *ne = container_of(kobj, struct nn_notifyee, h.kobj);
	u64 v;

	switch (nn_file_of(kattr)) {
	case NN_NE_PRE:
		v = READ_ONCE(ne->pre);
		break;
	case NN_NE_POST:
		v = READ_ONCE(ne->post);
		break;
	case NN_NE_VETOES:
		v = READ_ONCE(ne->vetoes);
		break;
	default:
		v = READ_ONCE(ne->ignored);
		break;
	}
	return sysfs_emit(buf, "%llu\n", v);
}

static struct nn_attr nn_notifyee_files[] = {
	NN_FILE(pre_calls, nn_notifyee_show, NN_NE_PRE),
	NN_FILE(post_calls, nn_notifyee_show, NN_NE_POST),
	NN_FILE(vetoes, nn_notifyee_show, NN_NE_VETOES),
	NN_FILE(ignored_refusals, nn_notifyee_show, NN_NE_IGNORED),
};

static struct attribute *nn_notifyee_attrs[] = {
	&nn_notifyee_files[NN_NE_PRE].kattr.attr,
	&nn_notifyee_files[NN_NE_POST].kattr.attr,
	&nn_notifyee_files[NN_NE_VETOES].kattr.attr,
	&nn_notifyee_files[NN_NE_IGNORED].kattr.attr,
	NULL,
};

static const struct attribute_group nn_notifyee_group = {
	.attrs = nn_notifyee_attrs,
};

static const struct nn_handle_type nn_notifyee_type = {
	.name = "connect_notifyee",
	.size = NN_HANDLE_SIZE(struct nn_notifyee, h),
	.source = &nn_connect_source,
	.quiesce = nn_notifyee_quiesce,
	.group = &nn_notifyee_group,
};

/**
 * __netnotify_register_connect_notifyee() - be called before and after
 *	each interface of a namespace is brought up or down (AddConnectNotify /
 *	CancelConnectNotify)
 * @net: the network namespace; the caller keeps it alive for the call.
 *	Only its interfaces reach the notifyee. When it is dismantled, the
 *	handle stays cancellable ("orphaned" in sysfs).
 * @notifyee: the functions, copied; either may be NULL, not both.
 * @ctx: passed to them untouched.
 * @handle: receives the handle, or 0 on error; release it with
 *	netnotify_cancel() or netnotify_cancel_async().
 * @owner: the registering module (THIS_MODULE via the
 *	netnotify_register_connect_notifyee() macro); if it is unloaded with
 *	the handle live, the handle is cancelled first, with a warning.
 *
 * A connect is the interface being opened (down to up); a cancel-connection
 * is it being closed (up to down, including when it is deleted or moved to
 * another namespace while up). For each, every notifyee with a function for
 * it is called at PRE, newest registration first, then at POST those that
 * set info->context at PRE, in the reverse order, with that context. A
 * connect's PRE may refuse by returning a negative errno: the open fails
 * with it ("ip link set X up" prints it, or info->message), the notifyees
 * after it are not called, it gets no POST, and those before it that set a
 * context get their POST at once with that errno. An open that succeeds
 * gets its POSTs before the RTNL hold that opened it ends; one that fails
 * after PRE for a reason the kernel does not report gets them with -EIO as
 * soon as that hold ends. A closing cannot be refused: a negative return
 * is counted in sysfs ("ignored_refusals"). Return values at POST are
 * ignored (WN_RETRY has no meaning on Linux). There is no initial call: an
 * operation that began before the registration returned may not reach the
 * notifyee, and never half of one does.
 *
 * The functions run synchronously, with RTNL held, in process context,
 * and may sleep. They must not take RTNL, and every netnotify function
 * that waits (registration, netnotify_cancel(), the Get functions) refuses
 * them with -EDEADLK; netnotify_cancel_async() works there, but a function
 * must not wait for its done, nor for another task that cancels a
 * notifyee (the cancel waits for the function). A function that brings
 * another interface up or down is called again, nested, for it.
 *
 * After netnotify_cancel() returns, no function of the notifyee runs any
 * more, and a POST it was still owed is dropped: the notifyee owns the
 * context it had left again.
 *
 * Context: Process context, may sleep; not holding RTNL, and not from a
 * notifyee's function.
 * Return: 0; -EINVAL for a NULL @net, @notifyee or @handle or a notifyee
 * without functions; -ENOMEM; -ENOSPC when handles run out; -ENODEV when
 * @net is being dismantled; -EDEADLK, with nothing done and a one-time
 * warning, from a context that cannot sleep or from a notifyee's function.
 */
int __netnotify_register_connect_notifyee(struct net *net,
					  const struct netnotify_connect_notifyee *notifyee,
					  void *ctx, u32 *handle,
					  struct module *owner)
{
	struct nn_notifyee *ne;
	int err;

	if (handle)
		*handle = 0;
	err = nn_check_context();
	if (err)
		return err;
	if (!notifyee || (!notifyee->add_connect && !notifyee->cancel_connect))
		return -EINVAL;

	ne = nn_handle_new(&nn_notifyee_type);
	if (!ne)
		return -ENOMEM;
	ne->fns = *notifyee;
	ne->h.sub.deliver = nn_notifyee_deliver;
	return nn_register(&ne->h, net, AF_UNSPEC, ctx, false, owner, handle);
}
EXPORT_SYMBOL_NS_GPL(__netnotify_register_connect_notifyee, NETNOTIFY);
