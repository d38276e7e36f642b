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

#include <linux/net.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/sockptr.h>
#include <linux/uio.h>
#include <net/sock.h>

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

/**
 * nn_rtnl_listen() - open a kernel socket on rtnetlink multicast groups
 * @l: the listener; @l->wake must be set.
 * @net: the namespace. Kernel sockets hold no reference on it, so the socket
 *	must be closed from the namespace's pernet exit.
 * @groups: RTNLGRP_* numbers.
 * @ngroups: how many.
 * @rcvbuf: receive buffer size in bytes; beyond it messages are dropped and
 *	the next receive fails with -ENOBUFS.
 *
 * Context: Process context, may sleep.
 * Return: 0 or a negative errno.
 */
int nn_rtnl_listen(struct nn_rtnl_listener *l, struct net *net,
		   const unsigned int *groups, unsigned int ngroups,
		   unsigned int rcvbuf)
{
	struct sockaddr_nl addr = { .nl_family = AF_NETLINK };
	struct socket *sock;
	struct sock *sk;
	unsigned int i;
	int err;

	err = sock_create_kern(net, AF_NETLINK, SOCK_RAW, NETLINK_ROUTE, &sock);
	if (err)
		return err;
	sk = sock->sk;
	sock_set_rcvbuf(sk, min_t(unsigned int, rcvbuf, INT_MAX / 2));

	err = kernel_bind(sock, (struct sockaddr *)&addr, sizeof(addr));
	if (err)
		goto err_release;

	l->sock = sock;
	for (i = 0; i < ngroups && !err; i++)
		err = nn_rtnl_join(l, groups[i], true);
	if (err)
		goto err_release;

	err = kernel_getsockname(sock, (struct sockaddr *)&addr);
	if (err < 0)
		goto err_release;

	write_lock_bh(&sk->sk_callback_lock);
	sk->sk_user_data = l;
	sk->sk_data_ready = nn_rtnl_wake;
	sk->sk_error_report = nn_rtnl_wake;
	write_unlock_bh(&sk->sk_callback_lock);
	WRITE_ONCE(l->portid, addr.nl_pid);
	return 0;

err_release:
	l->sock = NULL;
	sock_release(sock);
	return err;
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
 * @dst: receives the address, zero-filled; zero when @a is missing or short.
 * @family: AF_INET or AF_INET6.
 * @a: the attribute, or NULL.
 */
void nn_nla_addr(union netnotify_inet_addr *dst, u16 family,
		 const struct nlattr *a)
{
	int len = family == AF_INET ? 4 : 16;

	memset(dst, 0, sizeof(*dst));
	if (a && nla_len(a) >= len)
		memcpy(dst, nla_data(a), len);
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

/**
 * nn_rtnl_recv() - read one datagram without blocking
 * @l: the listener.
 * @buf: where to put it.
 * @len: size of @buf.
 *
 * Return: its length; -EAGAIN when there is none; -ENOBUFS when messages
 * were lost; -EMSGSIZE when it did not fit @buf (and is lost too).
 */
int nn_rtnl_recv(struct nn_rtnl_listener *l, void *buf, size_t len)
{
	struct msghdr msg = {};
	struct kvec iov = { .iov_base = buf, .iov_len = len };
	int n;

	n = kernel_recvmsg(l->sock, &msg, &iov, 1, len, MSG_DONTWAIT);
	if (n >= 0 && (msg.msg_flags & MSG_TRUNC))
		return -EMSGSIZE;
	return n;
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

/* Returns 1 once the dump is complete, 0 to read on, or an error. */
static int nn_rtnl_dump_batch(void *buf, int len, nn_rtnl_msg_fn fn,
			      void *arg, bool *intr)
{
	struct nlmsghdr *nlh;
	int rem, err;

	for (nlh = buf, rem = len; nlmsg_ok(nlh, rem);
	     nlh = nlmsg_next(nlh, &rem)) {
		if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
			*intr = true;
		if (nlh->nlmsg_type == NLMSG_DONE)
			return 1;
		if (nlh->nlmsg_type == NLMSG_ERROR) {
			struct nlmsgerr *e = nlmsg_data(nlh);

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
 * dump neither holds RTNL for long nor stalls.
 *
 * Context: Process context, may sleep. Must not be called holding RTNL.
 * Return: 0; -EAGAIN when the kernel marked the dump inconsistent (the table
 * changed under it), after which the caller starts again from scratch; or a
 * negative errno.
 */
int nn_rtnl_dump_req(struct net *net, struct sk_buff *req, nn_rtnl_msg_fn fn,
		     void *arg)
{
	unsigned int one = 1;
	struct socket *sock;
	bool intr = false;
	struct kvec iov;
	void *buf;
	int err;

	buf = kvmalloc(NN_RTNL_BUFLEN, GFP_KERNEL);
	if (!buf) {
		kfree_skb(req);
		return -ENOMEM;
	}
	err = sock_create_kern(net, AF_NETLINK, SOCK_RAW, NETLINK_ROUTE, &sock);
	if (err)
		goto out;
	err = sock->ops->setsockopt(sock, SOL_NETLINK, NETLINK_GET_STRICT_CHK,
				    KERNEL_SOCKPTR(&one), sizeof(one));
	if (!err)
		err = nn_rtnl_send(sock, req);
	while (!err) {
		struct msghdr msg = {};
		int n;

		iov.iov_base = buf;
		iov.iov_len = NN_RTNL_BUFLEN;
		n = kernel_recvmsg(sock, &msg, &iov, 1, NN_RTNL_BUFLEN, 0);
		if (n < 0)
			err = n;
		else if (msg.msg_flags & MSG_TRUNC)
			err = -EMSGSIZE;
		else
			err = nn_rtnl_dump_batch(buf, n, fn, arg, &intr);
		cond_resched();
	}
	sock_release(sock);
	if (err == 1)
		err = intr ? -EAGAIN : 0;
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
