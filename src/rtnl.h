/* SPDX-License-Identifier: GPL-2.0 */
/*
 * In-kernel rtnetlink: a listener socket per namespace and one-shot dumps.
 */
#ifndef _NN_RTNL_H
#define _NN_RTNL_H

#include <linux/err.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/types.h>
#include <linux/xarray.h>
#include <net/netlink.h>
#include <netnotify/netnotify.h>

struct net;
struct socket;

/* Large enough for any single rtnetlink notification and a dump batch. */
#define NN_RTNL_BUFLEN	(32 * 1024)

/*
 * A dump that raced with a change (NLM_F_DUMP_INTR, reported as -EAGAIN) is
 * taken again, up to this many times in all; a namespace that changes
 * under every one of them gets -EAGAIN.
 */
#define NN_DUMP_TRIES	5

/*
 * For the large (kvmalloc) allocations of reading the kernel's state. Their
 * failure reaches the client, as -ENOMEM or as a RESYNC, so the allocator
 * need not also print a warning and a stack trace.
 */
#define NN_GFP_READ	(GFP_KERNEL | __GFP_NOWARN)

/**
 * struct nn_rtnl_listener - a kernel socket on rtnetlink multicast groups
 * @sock: the socket.
 * @portid: its netlink port, for messages netnotify adds to its stream.
 * @wake: called whenever messages or an error arrive, from whatever context
 *	the sender runs in (RTNL held, softirq, RCU read side). It must only
 *	schedule work.
 */
struct nn_rtnl_listener {
	struct socket *sock;
	u32 portid;
	void (*wake)(struct nn_rtnl_listener *l);
};

typedef int (*nn_rtnl_msg_fn)(void *arg, const struct nlmsghdr *nlh);

int nn_rtnl_listen(struct nn_rtnl_listener *l, struct net *net,
		   unsigned int rcvbuf);
void nn_rtnl_start(struct nn_rtnl_listener *l);
int nn_rtnl_join(struct nn_rtnl_listener *l, unsigned int group, bool join);
void nn_rtnl_mute(struct nn_rtnl_listener *l);
void nn_rtnl_unlisten(struct nn_rtnl_listener *l);
int nn_rtnl_recv(struct nn_rtnl_listener *l, void *buf, size_t len);
bool nn_rtnl_pending(struct nn_rtnl_listener *l);
int nn_rtnl_inject(struct net *net, struct nn_rtnl_listener *l,
		   struct sk_buff *skb);
int nn_rtnl_dump(struct net *net, u16 type, const void *hdr, size_t hdrlen,
		 nn_rtnl_msg_fn fn, void *arg);
int nn_rtnl_dump_req(struct net *net, struct sk_buff *req, nn_rtnl_msg_fn fn,
		     void *arg);
void nn_rows_free(struct xarray *rows);

struct xarray *nn_rtnl_dump_links(struct net *net, nn_rtnl_msg_fn fn);

int nn_nla_addr(union netnotify_inet_addr *dst, u16 family,
		const struct nlattr *a);

/**
 * nn_link_carrier() - does an RTM_NEWLINK say its link has carrier?
 * @ifm: the message's header.
 * @carrier: its IFLA_CARRIER attribute (validated as a u8), or NULL; without
 *	it, IFF_LOWER_UP says.
 *
 * A link is connected when it is administratively up (IFF_UP) and has
 * carrier: the interface row's @connected, and the connection events'
 * definition.
 *
 * Return: true when the link has carrier.
 */
static inline bool nn_link_carrier(const struct ifinfomsg *ifm,
				   const struct nlattr *carrier)
{
	return carrier ? nla_get_u8(carrier) : ifm->ifi_flags & IFF_LOWER_UP;
}

/*
 * Every message is parsed against a policy that lists each attribute
 * netnotify reads, so its type and length are checked before anything reads
 * it. As with nlmsg_parse_deprecated(), attributes the policy does not list
 * (every kernel adds some) are skipped and an over-long fixed-size one is
 * tolerated; unlike it, attributes must fill their message or nest exactly:
 * a truncated one makes the message invalid instead of silently shorter.
 * The kernel's own messages always pass.
 */
#define NN_NL_VALIDATE	NL_VALIDATE_TRAILING

/**
 * nn_nlmsg_parse() - validate a message and index its attributes
 * @nlh: the message.
 * @hdrlen: size of its family header; a message shorter than that is
 *	invalid.
 * @tb: receives the attributes, @maxtype + 1 entries.
 * @maxtype: the highest attribute type of interest.
 * @policy: the policy, @maxtype + 1 entries.
 *
 * Return: 0, or a negative errno when the message is invalid.
 */
static inline int nn_nlmsg_parse(const struct nlmsghdr *nlh, int hdrlen,
				 struct nlattr **tb, int maxtype,
				 const struct nla_policy *policy)
{
	return __nlmsg_parse(nlh, hdrlen, tb, maxtype, policy, NN_NL_VALIDATE,
			     NULL);
}

/**
 * nn_nla_parse_nested() - validate a nest and index its attributes
 * @tb: receives the attributes, @maxtype + 1 entries.
 * @maxtype: the highest attribute type of interest.
 * @nla: the nest.
 * @policy: the policy, @maxtype + 1 entries.
 *
 * Return: 0, or a negative errno when the nest is invalid.
 */
static inline int nn_nla_parse_nested(struct nlattr **tb, int maxtype,
				      const struct nlattr *nla,
				      const struct nla_policy *policy)
{
	return __nla_parse(tb, maxtype, nla_data(nla), nla_len(nla), policy,
			   NN_NL_VALIDATE, NULL);
}

#endif /* _NN_RTNL_H */
