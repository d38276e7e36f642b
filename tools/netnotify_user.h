/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * A header-only helper for processes that talk to netnotify's generic
 * netlink family "netnotify" (see <netnotify/netnotify.h>) with a raw
 * NETLINK_GENERIC socket: no libnl, nothing to link.
 *
 *	struct netnotify_user nu;
 *	int efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
 *	int err = netnotify_user_open(&nu);
 *
 *	if (!err)
 *		err = netnotify_user_register_connection_notification(&nu, efd);
 *	... poll() and read() efd ...
 *	netnotify_user_deregister_connection_notification(&nu, efd);
 *	netnotify_user_close(&nu);
 *
 * Every function returns 0 or a negative errno; none sets errno on purpose
 * and none prints. A struct netnotify_user is one socket: use it from one
 * thread at a time.
 */
#ifndef _NETNOTIFY_USER_H
#define _NETNOTIFY_USER_H

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <netnotify/netnotify.h>

/**
 * struct netnotify_user - a generic netlink socket bound to "netnotify"
 * @fd: the NETLINK_GENERIC socket, -1 once closed.
 * @family: the family id that "netnotify" resolved to.
 * @seq: the sequence number of the last request sent.
 */
struct netnotify_user {
	int fd;
	__u16 family;
	__u32 seq;
};

/* Room for any reply: the kernel's replies fit in NLMSG_GOODSIZE. */
#define NETNOTIFY_USER_RX_SIZE	16384
#define NETNOTIFY_USER_TX_SIZE	256

/* Appends attribute @type with @len bytes of @data to the message @nlh. */
static inline void netnotify_user__put(struct nlmsghdr *nlh, __u16 type,
				       const void *data, __u16 len)
{
	struct nlattr *nla = (struct nlattr *)((char *)nlh +
					       NLMSG_ALIGN(nlh->nlmsg_len));

	nla->nla_type = type;
	nla->nla_len = NLA_HDRLEN + len;
	memcpy((char *)nla + NLA_HDRLEN, data, len);
	nlh->nlmsg_len = NLMSG_ALIGN(nlh->nlmsg_len) + NLA_ALIGN(nla->nla_len);
}

/* Starts a request of @family's command @cmd in @buf; returns its header. */
static inline struct nlmsghdr *netnotify_user__start(void *buf, __u16 family,
						     __u8 cmd, __u8 version)
{
	struct nlmsghdr *nlh = buf;
	struct genlmsghdr *genl = NLMSG_DATA(nlh);

	memset(buf, 0, NETNOTIFY_USER_TX_SIZE);
	nlh->nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	nlh->nlmsg_type = family;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	genl->cmd = cmd;
	genl->version = version;
	return nlh;
}

/*
 * Finds CTRL_ATTR_FAMILY_ID in a CTRL_CMD_NEWFAMILY reply. Returns the id,
 * or 0 (never a valid id) if @nlh is not such a reply or is malformed.
 */
static inline __u16 netnotify_user__family_id(const struct nlmsghdr *nlh)
{
	const struct genlmsghdr *genl = NLMSG_DATA(nlh);
	const struct nlattr *nla;
	int left;

	if (nlh->nlmsg_type != GENL_ID_CTRL ||
	    nlh->nlmsg_len < NLMSG_LENGTH(GENL_HDRLEN) ||
	    genl->cmd != CTRL_CMD_NEWFAMILY)
		return 0;
	nla = (const struct nlattr *)((const char *)genl + GENL_HDRLEN);
	left = nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	while (left >= NLA_HDRLEN && nla->nla_len >= NLA_HDRLEN &&
	       nla->nla_len <= left) {
		if ((nla->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_FAMILY_ID &&
		    nla->nla_len >= NLA_HDRLEN + sizeof(__u16)) {
			__u16 id;

			memcpy(&id, (const char *)nla + NLA_HDRLEN, sizeof(id));
			return id;
		}
		left -= NLA_ALIGN(nla->nla_len);
		nla = (const struct nlattr *)((const char *)nla +
					      NLA_ALIGN(nla->nla_len));
	}
	return 0;
}

/*
 * Sends the request @nlh (NLM_F_ACK set) and reads until its
 * acknowledgement. Replies from anyone but the kernel and replies to other
 * sequence numbers (left over from an earlier request that failed) are
 * skipped. If @family is not NULL the request is CTRL_CMD_GETFAMILY and the
 * id found in its reply is stored there.
 *
 * Returns 0, the negative errno of the acknowledgement, the negative errno
 * of sendto() or recvmsg(), or -EPROTO for a truncated or malformed reply
 * (or a GETFAMILY acknowledged without a usable family id).
 */
static inline int netnotify_user__transact(struct netnotify_user *nu,
					   struct nlmsghdr *nlh, __u16 *family)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	union {
		struct nlmsghdr nlh;
		char buf[NETNOTIFY_USER_RX_SIZE];
	} rx;
	__u16 id = 0;

	if (nu->fd < 0)
		return -EBADF;
	nlh->nlmsg_seq = ++nu->seq;
	while (sendto(nu->fd, nlh, nlh->nlmsg_len, 0,
		      (struct sockaddr *)&kernel, sizeof(kernel)) < 0)
		if (errno != EINTR)
			return -errno;

	for (;;) {
		struct sockaddr_nl from;
		struct iovec iov = { .iov_base = rx.buf, .iov_len = sizeof(rx) };
		struct msghdr msg = {
			.msg_name = &from,
			.msg_namelen = sizeof(from),
			.msg_iov = &iov,
			.msg_iovlen = 1,
		};
		struct nlmsghdr *h;
		unsigned int left, step;
		ssize_t n;

		n = recvmsg(nu->fd, &msg, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (msg.msg_namelen != sizeof(from) || from.nl_pid != 0)
			continue;	/* not from the kernel */
		if (msg.msg_flags & MSG_TRUNC)
			return -EPROTO;

		for (h = &rx.nlh, left = n; left;
		     h = (struct nlmsghdr *)((char *)h + step), left -= step) {
			const struct nlmsgerr *ack = NLMSG_DATA(h);

			if (left < NLMSG_HDRLEN || h->nlmsg_len < NLMSG_HDRLEN ||
			    h->nlmsg_len > left)
				return -EPROTO;	/* truncated or garbage */
			step = NLMSG_ALIGN(h->nlmsg_len);
			if (step > left)
				step = left;
			if (h->nlmsg_seq != nu->seq)
				continue;	/* stale */
			if (h->nlmsg_type != NLMSG_ERROR) {
				if (!family)
					return -EPROTO;
				id = netnotify_user__family_id(h);
				if (!id)
					return -EPROTO;
				continue;
			}
			if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*ack)))
				return -EPROTO;
			if (ack->error > 0 || ack->error < -4095)
				return -EPROTO;
			if (ack->error)
				return ack->error;
			if (family) {
				if (!id)
					return -EPROTO;
				*family = id;
			}
			return 0;
		}
	}
}

/**
 * netnotify_user_open() - open a socket for the "netnotify" family
 * @nu: filled in; on failure @nu->fd is -1.
 *
 * Opens a NETLINK_GENERIC socket (close-on-exec) and resolves the family
 * name "netnotify" with CTRL_CMD_GETFAMILY. The family is per network
 * namespace: requests act in the namespace the socket was opened in.
 *
 * Return: 0, or a negative errno:
 *   -ENOENT  there is no "netnotify" family: the module is not loaded;
 *   -EPROTO  the controller's reply was truncated or malformed;
 *   other    from socket(), sendto() or recvmsg() (-EPROTONOSUPPORT:
 *            the kernel has no generic netlink; -EMFILE, -ENOBUFS, ...).
 */
static inline int netnotify_user_open(struct netnotify_user *nu)
{
	union {
		struct nlmsghdr nlh;
		char buf[NETNOTIFY_USER_TX_SIZE];
	} tx;
	struct nlmsghdr *nlh;
	int one = 1;
	int err;

	nu->family = 0;
	nu->seq = 0;
	nu->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (nu->fd < 0)
		return -errno;
	/* Acknowledgements need not echo the request; fine if unsupported. */
	setsockopt(nu->fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));

	nlh = netnotify_user__start(tx.buf, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1);
	netnotify_user__put(nlh, CTRL_ATTR_FAMILY_NAME, NETNOTIFY_GENL_NAME,
			    sizeof(NETNOTIFY_GENL_NAME));
	err = netnotify_user__transact(nu, nlh, &nu->family);
	if (err) {
		close(nu->fd);
		nu->fd = -1;
	}
	return err;
}

static inline int netnotify_user__event_fd_cmd(struct netnotify_user *nu,
					       __u8 cmd, int event_fd)
{
	union {
		struct nlmsghdr nlh;
		char buf[NETNOTIFY_USER_TX_SIZE];
	} tx;
	struct nlmsghdr *nlh;
	__u32 fd = event_fd;

	if (event_fd < 0)
		return -EBADF;
	nlh = netnotify_user__start(tx.buf, nu->family, cmd,
				    NETNOTIFY_GENL_VERSION);
	netnotify_user__put(nlh, NETNOTIFY_A_EVENT_FD, &fd, sizeof(fd));
	return netnotify_user__transact(nu, nlh, NULL);
}

/**
 * netnotify_user_register_connection_notification() - register an eventfd
 * @nu: opened with netnotify_user_open().
 * @event_fd: an eventfd of this process.
 *
 * From now on the eventfd's counter goes up by one each time an interface
 * of the socket's network namespace becomes connected (administratively up
 * with carrier) or stops being connected; one read() may return several
 * changes. The registration lasts until it is deregistered, until the last
 * reference to the eventfd's file is closed, until the namespace goes away
 * or until netnotify is unloaded.
 *
 * Return: 0, or a negative errno:
 *   -EPERM   the caller lacks CAP_NET_ADMIN over the namespace's user
 *            namespace;
 *   -EBADF   @event_fd is not an open file descriptor;
 *   -EINVAL  @event_fd is not an eventfd;
 *   -EEXIST  @event_fd is already registered in this namespace;
 *   -ENODEV  the namespace is being dismantled;
 *   -ENOMEM  out of memory;
 *   -ENOENT  the family went away (netnotify was unloaded);
 *   -EPROTO  the acknowledgement was truncated or malformed;
 *   other    from sendto() or recvmsg().
 */
static inline int
netnotify_user_register_connection_notification(struct netnotify_user *nu,
						int event_fd)
{
	return netnotify_user__event_fd_cmd(nu,
			NETNOTIFY_CMD_REGISTER_CONNECTION_NOTIFICATION, event_fd);
}

/**
 * netnotify_user_deregister_connection_notification() - deregister it
 * @nu: opened with netnotify_user_open().
 * @event_fd: the eventfd given to the registration.
 *
 * Once this returns 0 the registration never signals @event_fd again.
 *
 * Return: 0, or a negative errno:
 *   -EPERM   the caller lacks CAP_NET_ADMIN over the namespace's user
 *            namespace;
 *   -EBADF   @event_fd is not an open file descriptor;
 *   -EINVAL  @event_fd is not an eventfd, or it is not registered in this
 *            namespace;
 *   -ENOENT  the family went away (netnotify was unloaded, which ended
 *            the registration too);
 *   -EPROTO  the acknowledgement was truncated or malformed;
 *   other    from sendto() or recvmsg().
 */
static inline int
netnotify_user_deregister_connection_notification(struct netnotify_user *nu,
						  int event_fd)
{
	return netnotify_user__event_fd_cmd(nu,
			NETNOTIFY_CMD_DEREGISTER_CONNECTION_NOTIFICATION,
			event_fd);
}

/**
 * netnotify_user_close() - close the socket
 * @nu: opened with netnotify_user_open(), or not (then nothing happens).
 *
 * Registrations are not tied to the socket: they outlive it.
 */
static inline void netnotify_user_close(struct netnotify_user *nu)
{
	if (nu->fd >= 0)
		close(nu->fd);
	nu->fd = -1;
}

#endif /* _NETNOTIFY_USER_H */
