// SPDX-License-Identifier: GPL-2.0
/*
 * A mirroring route client: what a careful client does with netnotify's
 * route events, used to prove that no change is lost without a RESYNC.
 */

#include "mirror.h"
#include "util.h"

#include <linux/jhash.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/netlink.h>

/* What tells two routes apart: the same fields as the module's key. */
struct nnt_route_key {
	u16 family;
	u8 dst_len;
	u32 table;
	u32 metric;
	int ifindex;
	union netnotify_inet_addr dst;
	union netnotify_inet_addr gateway;
};

struct nnt_mirror_row {
	struct hlist_node node;
	struct nnt_route_key key;
	u32 hash;
	struct netnotify_ip_forward_row row;
};

static void nnt_route_key(const struct netnotify_ip_forward_row *r,
			  struct nnt_route_key *k)
{
	memset(k, 0, sizeof(*k));
	k->family = r->family;
	k->dst_len = r->dst_len;
	k->table = r->table;
	k->metric = r->metric;
	k->ifindex = r->ifindex;
	k->dst = r->dst;
	k->gateway = r->gateway;
}

static struct nnt_mirror_row *nnt_mirror_find(struct nnt_mirror *m,
					      const struct nnt_route_key *k,
					      u32 hash)
{
	struct nnt_mirror_row *row;

	hash_for_each_possible(m->rows, row, node, hash)
		if (row->hash == hash && !memcmp(&row->key, k, sizeof(*k)))
			return row;
	return NULL;
}

/*
 * Apply one event; @fresh is preallocated for a new row (freed if unused).
 * An ADD of a row the mirror has is allowed (a re-read may already show
 * what later events report); a PARAMETER of a row it lacks is an error.
 */
static void nnt_mirror_apply(struct nnt_mirror *m,
			     const struct netnotify_ip_forward_row *r,
			     enum netnotify_type type,
			     struct nnt_mirror_row *fresh)
{
	struct nnt_mirror_row *old;
	struct nnt_route_key k;
	u32 hash;

	nnt_route_key(r, &k);
	hash = jhash(&k, sizeof(k), 0);
	old = nnt_mirror_find(m, &k, hash);
	if (type == NETNOTIFY_DELETE) {
		if (old) {
			hash_del(&old->node);
			m->count--;
		}
		kfree(old);
		kfree(fresh);
		return;
	}
	if (old) {
		old->row = *r;
		kfree(fresh);
		return;
	}
	if (!fresh || type == NETNOTIFY_PARAMETER) {
		m->errors++;
		kfree(fresh);
		return;
	}
	fresh->key = k;
	fresh->hash = hash;
	fresh->row = *r;
	hash_add(m->rows, &fresh->node, hash);
	m->count++;
}

/* Same row, lifetimes aside (they count down between two reads). */
static bool nnt_same_row(const struct netnotify_ip_forward_row *a,
			 const struct netnotify_ip_forward_row *b)
{
	struct netnotify_ip_forward_row x = *a, y = *b;

	x.valid_lifetime = 0;
	y.valid_lifetime = 0;
	return !memcmp(&x, &y, sizeof(x));
}

static void nnt_mirror_clear(struct nnt_mirror *m)
{
	struct nnt_mirror_row *row;
	struct hlist_node *tmp;
	unsigned int bkt;

	hash_for_each_safe(m->rows, bkt, tmp, row, node) {
		hash_del(&row->node);
		kfree(row);
	}
	m->count = 0;
}

/* Replace the mirror with the kernel's table, as a client does on RESYNC. */
static void nnt_mirror_reread(struct nnt_mirror *m)
{
	struct netnotify_ip_forward_table *t;
	struct nnt_mirror_row **fresh;
	u32 i;

	if (netnotify_get_ip_forward_table(m->net, m->family, &t)) {
		spin_lock(&m->lock);
		m->errors++;
		spin_unlock(&m->lock);
		return;
	}
	fresh = kvcalloc(t->num_entries ?: 1, sizeof(*fresh), GFP_KERNEL);
	for (i = 0; fresh && i < t->num_entries; i++)
		fresh[i] = kzalloc(sizeof(**fresh), GFP_KERNEL);

	spin_lock(&m->lock);
	nnt_mirror_clear(m);
	for (i = 0; i < t->num_entries; i++) {
		nnt_mirror_apply(m, &t->table[i], NETNOTIFY_ADD,
				 fresh ? fresh[i] : NULL);
		if (!memcmp(&t->table[i].dst, &m->marker, sizeof(m->marker)))
			m->marker_seen = true;
	}
	spin_unlock(&m->lock);
	kvfree(fresh);
	netnotify_free_table(t);
}

/* Add route 2001:db8:9:<marks>::/64 through the mark device, in-kernel. */
static int nnt_mirror_mark(struct nnt_mirror *m)
{
	struct rtmsg rtm = {
		.rtm_family = AF_INET6, .rtm_dst_len = 64,
		.rtm_table = RT_TABLE_MAIN, .rtm_protocol = RTPROT_BOOT,
		.rtm_scope = RT_SCOPE_UNIVERSE, .rtm_type = RTN_UNICAST,
	};
	struct in6_addr dst = {
		.s6_addr = { 0x20, 0x01, 0x0d, 0xb8, 0, 9,
			     m->marks >> 8, m->marks & 0xff },
	};
	struct nlmsghdr *nlh;
	struct sk_buff *req;

	req = nlmsg_new(sizeof(rtm) + nla_total_size(sizeof(dst)) +
			nla_total_size(4), GFP_KERNEL);
	if (!req)
		return -ENOMEM;
	nlh = nlmsg_put(req, 0, 1, RTM_NEWROUTE, sizeof(rtm),
			NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL);
	if (!nlh || nla_put_in6_addr(req, RTA_DST, &dst) ||
	    nla_put_u32(req, RTA_OIF, m->mark_ifindex)) {
		kfree_skb(req);
		return -EMSGSIZE;
	}
	memcpy(nlmsg_data(nlh), &rtm, sizeof(rtm));
	nlmsg_end(req, nlh);
	return nnt_rtnl_request(m->net, req, NULL, NULL);
}

static void nnt_mirror_cb(void *ctx, const struct netnotify_ip_forward_row *r,
			  enum netnotify_type type)
{
	struct nnt_mirror *m = ctx;
	struct nnt_mirror_row *fresh = NULL;

	if (type == NETNOTIFY_INITIAL || type == NETNOTIFY_RESYNC) {
		nnt_mirror_reread(m);
		if (type == NETNOTIFY_RESYNC && READ_ONCE(m->mark_ifindex) &&
		    !nnt_mirror_mark(m))
			WRITE_ONCE(m->marks, m->marks + 1);
		spin_lock(&m->lock);
		m->resyncs += type == NETNOTIFY_RESYNC;
		spin_unlock(&m->lock);
		wake_up_all(&m->wq);
		return;
	}
	if (type != NETNOTIFY_DELETE)
		fresh = kzalloc(sizeof(*fresh), GFP_KERNEL);
	spin_lock(&m->lock);
	m->events++;
	nnt_mirror_apply(m, r, type, fresh);
	if (type != NETNOTIFY_DELETE &&
	    !memcmp(&r->dst, &m->marker, sizeof(m->marker)))
		m->marker_seen = true;
	spin_unlock(&m->lock);
	wake_up_all(&m->wq);
}

/**
 * nnt_mirror_new() - register a mirroring route handle
 * @test: the case; the handle is cancelled and the mirror freed with it.
 * @net: the namespace.
 * @family: AF_INET, AF_INET6 or AF_UNSPEC.
 *
 * The mirror starts from the table read by its initial notification.
 */
struct nnt_mirror *nnt_mirror_new(struct kunit *test, struct net *net,
				  u16 family)
{
	struct nnt_mirror *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	int err;

	KUNIT_ASSERT_NOT_NULL(test, m);
	spin_lock_init(&m->lock);
	hash_init(m->rows);
	init_waitqueue_head(&m->wq);
	m->net = net;
	m->family = family;
	err = netnotify_route_change(net, family, nnt_mirror_cb, m, true,
				     &m->handle);
	KUNIT_ASSERT_EQ(test, err, 0);
	nnt_track(test, m->handle);
	return m;
}

/**
 * nnt_mirror_free() - cancel the mirror's handle and free its rows
 * @test: the case.
 * @m: the mirror.
 */
void nnt_mirror_free(struct kunit *test, struct nnt_mirror *m)
{
	KUNIT_EXPECT_EQ(test, netnotify_cancel(m->handle), 0);
	spin_lock(&m->lock);
	nnt_mirror_clear(m);
	spin_unlock(&m->lock);
}

/**
 * nnt_mirror_settle() - wait until the mirror has seen everything so far
 * @test: the case.
 * @m: the mirror (IPv6).
 * @ns: the namespace's name, for iproute2.
 * @dev: a device that is up in it.
 *
 * Once the churn has stopped, adds marker routes one at a time. A marker's
 * ADD reaches the mirror only after every event before it. A round in which
 * a RESYNC came (and the client may have added a route of its own after
 * the marker) proves nothing, so markers are added until one round has
 * none.
 */
void nnt_mirror_settle(struct kunit *test, struct nnt_mirror *m,
		       const char *ns, const char *dev)
{
	unsigned int round, resyncs;
	bool seen = false;

	for (round = 0; round < 10; round++) {
		spin_lock(&m->lock);
		m->marker_seen = false;
		memset(&m->marker, 0, sizeof(m->marker));
		m->marker.v6.s6_addr32[0] = htonl(0x20010db8);
		m->marker.v6.s6_addr32[1] = htonl(0xffff0000 | round);
		resyncs = m->resyncs;
		spin_unlock(&m->lock);
		nnt_run(test, "ip -n %s route add 2001:db8:ffff:%x::/64 dev %s",
			ns, round, dev);
		seen = wait_event_timeout(m->wq, READ_ONCE(m->marker_seen),
					  120 * HZ);
		if (seen && READ_ONCE(m->resyncs) == resyncs)
			break;
	}
	KUNIT_EXPECT_TRUE_MSG(test, seen && round < 10,
			      "the mirror did not settle");
}

/**
 * nnt_mirror_expect_kernel() - the mirror must equal the kernel's table
 * @test: the case.
 * @m: a settled mirror.
 */
void nnt_mirror_expect_kernel(struct kunit *test, struct nnt_mirror *m)
{
	unsigned int missing = 0, stale = 0, count, errors;
	struct netnotify_ip_forward_row *first;
	struct netnotify_ip_forward_table *t;
	struct nnt_mirror_row *row;
	struct nnt_route_key k;
	u32 i;

	/* The first few missing rows, printed; off the stack, which is small. */
	first = kunit_kzalloc(test, 4 * sizeof(*first), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, first);
	KUNIT_ASSERT_EQ(test, netnotify_get_ip_forward_table(m->net, m->family,
							     &t), 0);
	spin_lock(&m->lock);
	for (i = 0; i < t->num_entries; i++) {
		nnt_route_key(&t->table[i], &k);
		row = nnt_mirror_find(m, &k, jhash(&k, sizeof(k), 0));
		if (!row && missing++ < 4)
			first[missing - 1] = t->table[i];
		else if (row && !nnt_same_row(&row->row, &t->table[i]))
			stale++;
	}
	count = m->count;
	errors = m->errors;
	spin_unlock(&m->lock);

	for (i = 0; i < min(missing, 4U); i++)
		kunit_info(test, "missing: family %u dst %pI6c/%u table %u ifindex %d proto %u",
			   first[i].family, &first[i].dst, first[i].dst_len,
			   first[i].table, first[i].ifindex, first[i].protocol);

	kunit_info(test, "kernel %u routes, mirror %u: %u missing, %u stale; %u events, %u RESYNCs, %u routes added on RESYNC",
		   t->num_entries, count, missing, stale, READ_ONCE(m->events),
		   READ_ONCE(m->resyncs), READ_ONCE(m->marks));
	KUNIT_EXPECT_EQ(test, errors, 0);
	KUNIT_EXPECT_EQ(test, missing, 0);
	KUNIT_EXPECT_EQ(test, stale, 0);
	/* With none missing, equal counts mean nothing extra either. */
	KUNIT_EXPECT_EQ(test, count, t->num_entries);
	netnotify_free_table(t);
}
