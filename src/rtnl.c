// SPDX-License-Identifier: GPL-2.0
/*
 * In-kernel rtnetlink. The notifier chains do not report everything the
 * Windows contract needs: no chain reports IPv6 DAD completion, forwarding
 * changes or every route, but rtnetlink does, for each namespace, as a copy
 * made when the event happened. So each namespace gets one kernel socket on
 * the groups the sources need. Its socket callbacks only schedule work; the
 * messages are read and parsed in process context.
 *
 * The kernel drops broadcasts to a full socket and reports ENOBUFS, or an
 * allocation failure as an error on the socket; either way the reader learns
 * of the loss and resynchronizes. Nothing is lost silently.
 */

#include "rtnl.h"
#include "sysfs.h"

#include <linux/net.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/sockptr.h>
#include <linux/uio.h>
#include <linux/xarray.h>
#include <net/sock.h>

/* How long a dump may wait for its next batch before it is retried. */
#define NN_RTNL_DUMP_TIMEOUT	(10 * HZ)

/* Socket callbacks: any context, so only wake the reader. */
static void nn_rtnl_wake(struct sock *sk)
{
	struct nn_rtnl_listener *l;

	read_lock_bh(&sk->sk_callback_lock);
	l = sk->sk_user_data;
	if (l)
		l->wake(l);
	read_unlock_bh(&sk->sk_callback_lock);
}

/*
 * A kernel rtnetlink socket in @net. sock_alloc() reports a failed
 * allocation as -ENFILE, which for a kernel socket can mean nothing else:
 * the callers' callers are told -ENOMEM.
 */
static int nn_rtnl_socket(struct net *net, struct socket **sock)
{
	int err = sock_create_kern(net, AF_NETLINK, SOCK_RAW, NETLINK_ROUTE,
				   sock);

	return err == -ENFILE ? -ENOMEM : err;
}

/**
 * nn_rtnl_listen() - open a kernel socket for rtnetlink multicast groups
 * @l: the listener; @l->wake must be set.
 * @net: the namespace. Kernel sockets hold no reference on it, so the socket
 *	must be closed from the namespace's pernet exit.
 * @rcvbuf: receive buffer size in bytes; beyond it messages are dropped and
 *	the next receive fails with -ENOBUFS.
 *
 * The socket is in no group yet: it captures from the moment it joins one
 * (nn_rtnl_join()), but @l->wake is called only after nn_rtnl_start(), so
 * the caller can read the initial state in between without its reader
 * running against half-built state.
 *
 * Context: Process context, may sleep.
 * Return: 0 or a negative errno.
 */
int nn_rtnl_listen(struct nn_rtnl_listener *l, struct net *net,
		   unsigned int rcvbuf)
{
	struct sockaddr_nl addr = { .nl_family = AF_NETLINK };
	struct socket *sock;
	struct sock *sk;
	int err;

	err = nn_rtnl_socket(net, &sock);
	if (err)
		return err;
	sk = sock->sk;
	sock_set_rcvbuf(sk, min_t(unsigned int, rcvbuf, INT_MAX / 2));

	err = kernel_bind(sock, (struct sockaddr *)&addr, sizeof(addr));
	if (err)
		goto err_release;

	err = kernel_getsockname(sock, (struct sockaddr *)&addr);
	if (err < 0)
		goto err_release;

	/*
	 * Messages queue from now on (ours, and the groups' once joined), but
	 * nobody is woken until nn_rtnl_start(): the reader's state may not
	 * exist yet.
	 */
	l->sock = sock;
	WRITE_ONCE(l->portid, addr.nl_pid);
	return 0;

err_release:
	sock_release(sock);
	return err;
}

/**
 * nn_rtnl_start() - start calling the listener's wake function
 * @l: a listener from nn_rtnl_listen().
 *
 * Whatever queued before the call is read on the first wake-up, which the
 * caller schedules itself.
 *
 * Context: Process context.
 */
void nn_rtnl_start(struct nn_rtnl_listener *l)
{
	struct sock *sk = l->sock->sk;

	write_lock_bh(&sk->sk_callback_lock);
	sk->sk_user_data = l;
	sk->sk_data_ready = nn_rtnl_wake;
	sk->sk_error_report = nn_rtnl_wake;
	write_unlock_bh(&sk->sk_callback_lock);
}

/**
 * nn_rtnl_join() - join or leave a multicast group
 * @l: the listener.
 * @group: RTNLGRP_*; groups above 31 do not fit the bind mask, this works
 *	for every group.
 * @join: join, or leave.
 *
 * Context: Process context.
 * Return: 0 or a negative errno.
 */
int nn_rtnl_join(struct nn_rtnl_listener *l, unsigned int group, bool join)
{
	return l->sock->ops->setsockopt(l->sock, SOL_NETLINK,
					join ? NETLINK_ADD_MEMBERSHIP :
					       NETLINK_DROP_MEMBERSHIP,
					KERNEL_SOCKPTR(&group), sizeof(group));
}

/**
 * nn_nla_addr() - copy an address attribute
 * @dst: receives the address, zero-filled; zero when @a is missing or is
 *	not an address of @family.
 * @family: AF_INET or AF_INET6.
 * @a: the attribute, or NULL.
 *
 * Return: 0, or -EINVAL when @a is present but not an address of @family:
 * the kernel never sends one, so the message is not to be believed.
 */
int nn_nla_addr(union netnotify_inet_addr *dst, u16 family,
		const struct nlattr *a)
{
	int len = family == AF_INET ? 4 : 16;

	memset(dst, 0, sizeof(*dst));
	if (!a)
		return 0;
	if (nla_len(a) != len)
		return -EINVAL;
	memcpy(dst, nla_data(a), len);
	return 0;
}

/**
 * nn_rtnl_mute() - stop calling the listener's wake function
 * @l: the listener.
 *
 * Messages keep queueing and can still be read. Our callbacks stay installed
 * but find no listener.
 */
void nn_rtnl_mute(struct nn_rtnl_listener *l)
{
	struct sock *sk = l->sock->sk;

	write_lock_bh(&sk->sk_callback_lock);
	sk->sk_user_data = NULL;
	write_unlock_bh(&sk->sk_callback_lock);
}

/**
 * nn_rtnl_unlisten() - close a listener
 * @l: the listener.
 *
 * After this returns @l->wake is no longer called; the caller then cancels
 * whatever work it schedules. Releasing the socket unhashes it under the
 * netlink table lock, which waits out any broadcast still delivering to it.
 */
void nn_rtnl_unlisten(struct nn_rtnl_listener *l)
{
	WRITE_ONCE(l->portid, 0);
	nn_rtnl_mute(l);
	sock_release(l->sock);
	l->sock = NULL;
}

/**
 * nn_rtnl_inject() - add a message of our own to a listener's stream
 * @net: the listener's namespace.
 * @l: the listener.
 * @skb: the message; always consumed.
 *
 * For events the kernel reports on a notifier chain but not on rtnetlink.
 * Queued on the same socket, the message keeps its place among the
 * kernel's. Does not sleep.
 *
 * Context: Any context but hard interrupt.
 * Return: 0, or a negative errno when the message was not queued.
 */
int nn_rtnl_inject(struct net *net, struct nn_rtnl_listener *l,
		   struct sk_buff *skb)
{
	u32 portid = READ_ONCE(l->portid);
	int err;

	if (!portid || !net->rtnl) {
		kfree_skb(skb);
		return -ENOTCONN;
	}
	err = netlink_unicast(net->rtnl, skb, portid, MSG_DONTWAIT);
	return err < 0 ? err : 0;
}

/*
 * Did the kernel send the datagram? Anyone with CAP_NET_ADMIN over the
 * namespace (root, or any user in a namespace of its own) can unicast to
 * our port or send to the groups we are in, and would otherwise make us
 * report interfaces that do not exist and cache them without bound. The
 * kernel sends from port 0, the messages netnotify adds to the stream too
 * (nn_rtnl_inject() sends them from the namespace's rtnetlink socket).
 */
static bool nn_rtnl_from_kernel(const struct sockaddr_nl *from)
{
	if (from->nl_pid == 0)
		return true;
	atomic64_inc(&nn_stats.forged);
	return false;
}

/**
 * nn_rtnl_recv() - read one datagram without blocking
 * @l: the listener.
 * @buf: where to put it.
 * @len: size of @buf.
 *
 * Return: its length; 0 when the datagram was dropped because the kernel
 * did not send it (counted in nn_stats.forged), so the caller reads on;
 * -EAGAIN when there is none; -ENOBUFS when messages were lost; -EMSGSIZE
 * when it did not fit @buf (and is lost too).
 */
int nn_rtnl_recv(struct nn_rtnl_listener *l, void *buf, size_t len)
{
	struct sockaddr_nl from = {};
	struct msghdr msg = { .msg_name = &from, .msg_namelen = sizeof(from) };
	struct kvec iov = { .iov_base = buf, .iov_len = len };
	int n;

	n = kernel_recvmsg(l->sock, &msg, &iov, 1, len, MSG_DONTWAIT);
	if (n < 0)
		return n;
	/* Checked first: a forged datagram too large for @buf costs no resync. */
	if (!nn_rtnl_from_kernel(&from))
		return 0;
	if (msg.msg_flags & MSG_TRUNC)
		return -EMSGSIZE;
	return n;
}

/**
 * nn_rtnl_pending() - does the listener hold something to read?
 * @l: the listener.
 *
 * Context: Any context.
 * Return: true when a datagram, or an error such as a loss (-ENOBUFS),
 * waits to be read.
 */
bool nn_rtnl_pending(struct nn_rtnl_listener *l)
{
	struct sock *sk = l->sock->sk;

	return !skb_queue_empty_lockless(&sk->sk_receive_queue) ||
	       READ_ONCE(sk->sk_err);
}

/*
 * A destination address marks the request as coming from the kernel, which
 * keeps netlink from looking for a file behind our socket.
 */
static int nn_rtnl_send(struct socket *sock, struct sk_buff *req)
{
	struct sockaddr_nl dst = { .nl_family = AF_NETLINK };
	struct msghdr msg = { .msg_name = &dst, .msg_namelen = sizeof(dst) };
	struct kvec iov = { .iov_base = req->data, .iov_len = req->len };
	int err;

	err = kernel_sendmsg(sock, &msg, &iov, 1, req->len);
	return err < 0 ? err : 0;
}

/*
 * Hand the answers in one datagram to @fn: only those to our request
 * (@portid, @seq) count. Returns 1 once the dump is complete, 0 to read on,
 * or an error.
 */
static int nn_rtnl_dump_batch(void *buf, int len, u32 portid, u32 seq,
			      nn_rtnl_msg_fn fn, void *arg, bool *intr)
{
	struct nlmsghdr *nlh;
	int rem, err;

	for (nlh = buf, rem = len; nlmsg_ok(nlh, rem);
	     nlh = nlmsg_next(nlh, &rem)) {
		if (nlh->nlmsg_pid != portid || nlh->nlmsg_seq != seq)
			continue;
		if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
			*intr = true;
		/*
		 * A dump that failed part-way (a filter naming a device that
		 * went, a message too large) still ends with NLMSG_DONE, with
		 * the error as its payload.
		 */
		if (nlh->nlmsg_type == NLMSG_DONE) {
			if (nlmsg_len(nlh) >= sizeof(int) &&
			    *(int *)nlmsg_data(nlh) < 0)
				return *(int *)nlmsg_data(nlh);
			return 1;
		}
		if (nlh->nlmsg_type == NLMSG_ERROR) {
			const struct nlmsgerr *e = nlmsg_data(nlh);

			if (nlmsg_len(nlh) < sizeof(*e))
				return -EINVAL;
			return e->error ?: 1;
		}
		err = fn(arg, nlh);
		if (err)
			return err;
	}
	return 0;
}

/**
 * nn_rtnl_dump_req() - run an rtnetlink dump request and hand each message
 *	to @fn
 * @net: the namespace.
 * @req: the request: one RTM_GET* message with NLM_F_DUMP, with filter
 *	attributes if wanted; consumed. Filters need strict checking, which
 *	the dump socket always asks for.
 * @fn: called for every message, in process context without locks held;
 *	a non-zero return stops the dump and is returned.
 * @arg: passed to @fn.
 *
 * The kernel takes RTNL, or RCU, only for each batch of the dump, so a long
 * dump neither holds RTNL for long nor stalls. Only the kernel's answers to
 * this request reach @fn: whatever else reaches the socket's port (anyone
 * with CAP_NET_ADMIN over @net may send to it) is skipped, and datagrams
 * that did not come from the kernel are counted in nn_stats.forged.
 *
 * Context: Process context, may sleep. Must not be called holding RTNL.
 * Return: 0; -EAGAIN when the kernel marked the dump inconsistent (the table
 * changed under it), could not make a batch, or no batch came for
 * NN_RTNL_DUMP_TIMEOUT, after which the caller starts again from scratch;
 * or a negative errno, including one the kernel reported at the end of the
 * dump.
 */
int nn_rtnl_dump_req(struct net *net, struct sk_buff *req, nn_rtnl_msg_fn fn,
		     void *arg)
{
	u32 seq = nlmsg_hdr(req)->nlmsg_seq;
	struct sockaddr_nl self = {};
	unsigned int one = 1;
	struct socket *sock;
	bool intr = false;
	struct kvec iov;
	void *buf;
	int err;

	buf = kvmalloc(NN_RTNL_BUFLEN, NN_GFP_READ);
	if (!buf) {
		kfree_skb(req);
		return -ENOMEM;
	}
	err = nn_rtnl_socket(net, &sock);
	if (err)
		goto out;
	/*
	 * The kernel makes each batch inside our receive, so a legitimate
	 * dump never leaves us waiting. Datagrams forged to our port can fill
	 * the buffer so that it stops making them: give up then, as for a
	 * dump that changed under us.
	 */
	sock->sk->sk_rcvtimeo = NN_RTNL_DUMP_TIMEOUT;
	err = sock->ops->setsockopt(sock, SOL_NETLINK, NETLINK_GET_STRICT_CHK,
				    KERNEL_SOCKPTR(&one), sizeof(one));
	if (!err)
		err = nn_rtnl_send(sock, req);
	/* Sending bound the socket: the answers name its port. */
	if (!err) {
		err = kernel_getsockname(sock, (struct sockaddr *)&self);
		err = err < 0 ? err : 0;
	}
	while (!err) {
		struct sockaddr_nl from = {};
		struct msghdr msg = {
			.msg_name = &from, .msg_namelen = sizeof(from),
		};
		int n;

		iov.iov_base = buf;
		iov.iov_len = NN_RTNL_BUFLEN;
		n = kernel_recvmsg(sock, &msg, &iov, 1, NN_RTNL_BUFLEN, 0);
		if (n < 0)
			err = n;
		else if (!nn_rtnl_from_kernel(&from))
			err = 0;	/* not the kernel's answer: read on */
		else if (msg.msg_flags & MSG_TRUNC)
			err = -EMSGSIZE;
		else
			err = nn_rtnl_dump_batch(buf, n, self.nl_pid, seq, fn,
						 arg, &intr);
		cond_resched();
	}
	sock_release(sock);
	if (err == 1)
		err = intr ? -EAGAIN : 0;
	/*
	 * -ENOBUFS: the kernel could not make a batch of the dump, for want
	 * of memory or because forged datagrams filled the socket. Either
	 * way the dump is incomplete; the caller starts again.
	 */
	if (err == -ENOBUFS)
		err = -EAGAIN;
out:
	kfree_skb(req);
	kvfree(buf);
	return err;
}

/**
 * nn_rtnl_dump() - run a plain rtnetlink dump
 * @net: the namespace.
 * @type: RTM_GET*.
 * @hdr: the family header (struct ifinfomsg, ifaddrmsg, rtmsg, ...).
 * @hdrlen: its size.
 * @fn: as for nn_rtnl_dump_req().
 * @arg: passed to @fn.
 *
 * Context: Process context, may sleep. Must not be called holding RTNL.
 * Return: as for nn_rtnl_dump_req().
 */
int nn_rtnl_dump(struct net *net, u16 type, const void *hdr, size_t hdrlen,
		 nn_rtnl_msg_fn fn, void *arg)
{
	struct nlmsghdr *nlh;
	struct sk_buff *req;

	req = nlmsg_new(hdrlen, GFP_KERNEL);
	if (!req)
		return -ENOMEM;
	nlh = nlmsg_put(req, 0, 1, type, hdrlen, NLM_F_REQUEST | NLM_F_DUMP);
	if (!nlh) {
		kfree_skb(req);
		return -EMSGSIZE;
	}
	memcpy(nlmsg_data(nlh), hdr, hdrlen);
	nlmsg_end(req, nlh);
	return nn_rtnl_dump_req(net, req, fn, arg);
}

/**
 * nn_rtnl_dump_links() - dump every link into a fresh XArray of rows
 * @net: the namespace.
 * @fn: stores each RTM_NEWLINK's row, kmalloc()ed, in the XArray it is
 *	given.
 *
 * A dump the kernel interrupted (the links changed meanwhile) is run again
 * into a new array, up to NN_DUMP_TRIES times.
 *
 * Context: Process context, may sleep. Must not be called holding RTNL.
 * Return: the array, to be freed with nn_rows_free(), or an ERR_PTR().
 */
struct xarray *nn_rtnl_dump_links(struct net *net, nn_rtnl_msg_fn fn)
{
	struct ifinfomsg ifm = { .ifi_family = AF_UNSPEC };
	int tries = NN_DUMP_TRIES;
	struct xarray *rows;
	int err;

	do {
		rows = kmalloc(sizeof(*rows), GFP_KERNEL);
		if (!rows)
			return ERR_PTR(-ENOMEM);
		xa_init(rows);
		err = nn_rtnl_dump(net, RTM_GETLINK, &ifm, sizeof(ifm), fn,
				   rows);
		if (err)
			nn_rows_free(rows);
	} while (err == -EAGAIN && --tries);
	return err ? ERR_PTR(err) : rows;
}

/**
 * nn_rows_free() - free an XArray of kmalloc()ed rows and the array
 * @rows: the array, or NULL. Value entries (xa_mk_value()) hold no memory
 *	and are only dropped.
 */
void nn_rows_free(struct xarray *rows)
{
	unsigned long i;
	void *row;

	if (!rows)
		return;
	xa_for_each(rows, i, row)
		if (!xa_is_value(row))
			kfree(row);
	xa_destroy(rows);
	kfree(rows);
}
