// SPDX-License-Identifier: GPL-2.0
/*
 * netnotify_stress: the mirrors. Each mirrored namespace has an address
 * mirror and a route mirror: a long-lived handle whose callbacks rebuild
 * the kernel's table from events, and re-read it on INITIAL and RESYNC.
 * Once the churn has stopped and the markers are in, every mirror must
 * equal the Get table: an event lost without a RESYNC leaves it wrong.
 *
 * The mirrors also run alone (churn=0) while allocations fail at random
 * under netnotify's code, as they do under every callback, so they behave
 * like a careful real client: their own allocations never fail, and a
 * re-read whose Get call fails is tried again; a mirror that still cannot
 * read its table is stale until a later re-read succeeds.
 *
 * This file holds the mirror structures, keys and rows, applying events,
 * re-reading, the callbacks, comparing, settling and verify, and the
 * listing of the mirrors file.
 */

#include <linux/delay.h>
#include <linux/hashtable.h>
#include <linux/jhash.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/random.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/wait.h>
#include <net/net_namespace.h>
#include <netnotify/netnotify.h>

#include "netns_file.h"
#include "stress.h"

#define NNS_MAX_MIRRORS		16	/* two per mirrored namespace */
/* Comparisons, 500 ms apart: outlasts netnotify's longest retry (10 s). */
#define NNS_VERIFY_ROUNDS	60
#define NNS_REREAD_TRIES	50	/* Get calls of one re-read, at most */
#define NNS_REREAD_WAIT_MS	10	/* between two of them */
#define NNS_LINE		160	/* a row in the mirrors file or the log */

/*
 * Markers. Once it has stopped churning, the test driver adds in every
 * mirrored namespace, on a device of its own, the IPv4 address
 * 198.51.100.1/32, the IPv4 route 198.51.100.128/25 through that device and
 * the IPv6 address 2001:db8:ffff::1/128 (nodad): documentation prefixes
 * (RFC 5737, RFC 3849) the churn never uses. Callbacks of one handle are
 * ordered, so a mirror that has applied its marker has applied every event
 * before it. Address mirrors wait for the IPv4 address, route mirrors for
 * the IPv4 route; what follows them is absorbed by the repeated comparison
 * of nns_mirrors_verify().
 */
#define NNS_MARKER_ADDR4	0xc6336401	/* 198.51.100.1 */
#define NNS_MARKER_ROUTE4	0xc6336480	/* 198.51.100.128 */
#define NNS_MARKER_ROUTE4_LEN	25
#define NNS_MARKER_ADDR6	"2001:db8:ffff::1"

/**
 * struct nns_key - what tells two rows of a mirror apart
 * @family: AF_INET or AF_INET6.
 * @len: route: destination length; IPv4 address: prefix length (Linux
 *	allows one IPv4 address with several); IPv6 address: 0.
 * @table: route: routing table.
 * @metric: route: metric.
 * @ifindex: interface.
 * @addr: route: destination; address: the address.
 * @gateway: route: next hop.
 *
 * The keys struct netnotify_unicast_ip_address_row and struct
 * netnotify_ip_forward_row document (routes as nnt_route_key() in
 * kunit/mirror.c). Zeroed first, so that it hashes and compares as bytes.
 */
struct nns_key {
	u16 family;
	u8 len;
	u32 table;
	u32 metric;
	int ifindex;
	union netnotify_inet_addr addr;
	union netnotify_inet_addr gateway;
};

/**
 * struct nns_row - one row of a mirror
 * @node: in &nns_mirror.rows.
 * @key: its key.
 * @hash: jhash() of @key.
 * @seen: found in the kernel's table by the current comparison.
 * @row: the row, lifetimes zeroed (they count down and are never compared).
 * @row.addr: in an address mirror.
 * @row.route: in a route mirror.
 */
struct nns_row {
	struct hlist_node node;
	struct nns_key key;
	u32 hash;
	bool seen;
	union {
		struct netnotify_unicast_ip_address_row addr;
		struct netnotify_ip_forward_row route;
	} row;
};

/**
 * struct nns_mirror - a long-lived handle and the table it rebuilds
 * @mutex: held by its callbacks and by verify's re-read of a stale mirror,
 *	so that verify never installs a table read before an event that a
 *	callback applied meanwhile.
 * @lock: protects everything below but the last five fields, which are
 *	set before registration.
 * @rows: &struct nns_row by key.
 * @count: rows in @rows.
 * @settled: its marker was applied, by an event or a re-read.
 * @stale: a re-read gave up: its content is unknown until one succeeds.
 *	Written with @mutex held too.
 * @broken: verify's re-read of it, stale, or verify's own read of the
 *	table failed: its content is unknown for good.
 * @events: ADD, PARAMETER and DELETE callbacks.
 * @resyncs: RESYNC callbacks.
 * @missing: last verify: rows of the kernel's table it lacks.
 * @extra: last verify: rows it has that the table does not.
 * @differ: last verify: rows whose fields differ.
 * @net: its namespace, referenced.
 * @ns: the namespace's name, "init" for init_net.
 * @route: a route mirror, else an address mirror.
 * @slow: its callback sleeps per event, to overflow and recover by RESYNC.
 * @handle: its handle.
 */
struct nns_mirror {
	struct mutex mutex;	/* see above */
	spinlock_t lock;	/* see above */
	DECLARE_HASHTABLE(rows, 9);
	unsigned int count;
	bool settled;
	bool stale;
	bool broken;
	unsigned int events, resyncs, missing, extra, differ;
	struct net *net;
	const char *ns;
	bool route;
	bool slow;
	u32 handle;
};

static struct nns_mirror *nns_mirrors[NNS_MAX_MIRRORS];
static unsigned int nns_nr_mirrors;
static DECLARE_WAIT_QUEUE_HEAD(nns_settle_wq);
static char *nns_names;				/* mirror_ns, split */

static void nns_key(const struct nns_mirror *m, const void *row,
		    struct nns_key *k)
{
	memset(k, 0, sizeof(*k));
	if (m->route) {
		const struct netnotify_ip_forward_row *r = row;

		k->family = r->family;
		k->len = r->dst_len;
		k->table = r->table;
		k->metric = r->metric;
		k->ifindex = r->ifindex;
		k->addr = r->dst;
		k->gateway = r->gateway;
	} else {
		const struct netnotify_unicast_ip_address_row *a = row;

		k->family = a->family;
		k->len = a->family == AF_INET ? a->prefix_len : 0;
		k->ifindex = a->ifindex;
		k->addr = a->addr;
	}
}

static void nns_row_set(const struct nns_mirror *m, struct nns_row *r,
			const void *row)
{
	if (m->route) {
		memcpy(&r->row.route, row, sizeof(r->row.route));
		r->row.route.valid_lifetime = 0;
	} else {
		memcpy(&r->row.addr, row, sizeof(r->row.addr));
		r->row.addr.valid_lifetime = 0;
		r->row.addr.preferred_lifetime = 0;
	}
}

/*
 * Rows are compared whole, lifetimes aside: they count down between two
 * reads, and netnotify reports every other change of an address (DAD
 * state, flags, deprecation, ...) or a route as a PARAMETER event, so a
 * mirror that missed none has every other field right. Rows are copies
 * netnotify zeroed before filling, so padding compares equal too.
 */
static bool nns_row_same(const struct nns_mirror *m, const struct nns_row *a,
			 const struct nns_row *b)
{
	return !memcmp(&a->row, &b->row, m->route ? sizeof(a->row.route) :
			sizeof(a->row.addr));
}

static bool nns_is_marker(const struct nns_mirror *m, const void *row)
{
	const struct netnotify_unicast_ip_address_row *a = row;
	const struct netnotify_ip_forward_row *r = row;

	if (m->route)
		return r->family == AF_INET &&
		       r->dst_len == NNS_MARKER_ROUTE4_LEN &&
		       r->dst.v4.s_addr == htonl(NNS_MARKER_ROUTE4);
	return a->family == AF_INET && a->addr.v4.s_addr == htonl(NNS_MARKER_ADDR4);
}

/* The formats of the mirrors file, shared with the verify log. */
static void nns_row_line(const struct nns_mirror *m, const void *row,
			 char *buf, size_t len)
{
	const struct netnotify_unicast_ip_address_row *a = row;
	const struct netnotify_ip_forward_row *r = row;

	if (m->route && r->family == AF_INET)
		snprintf(buf, len, "%s route %u %pI4/%u %d", m->ns, r->table,
			 &r->dst.v4, r->dst_len, r->ifindex);
	else if (m->route)
		snprintf(buf, len, "%s route %u %pI6c/%u %d", m->ns, r->table,
			 &r->dst.v6, r->dst_len, r->ifindex);
	else if (a->family == AF_INET)
		snprintf(buf, len, "%s addr %d %pI4/%u", m->ns, a->ifindex,
			 &a->addr.v4, a->prefix_len);
	else
		snprintf(buf, len, "%s addr %d %pI6c/%u", m->ns, a->ifindex,
			 &a->addr.v6, a->prefix_len);
}

static const void *nns_table_row(const struct nns_mirror *m,
				 const struct netnotify_unicast_ip_address_table *at,
				 const struct netnotify_ip_forward_table *rt,
				 u32 i)
{
	return m->route ? (const void *)&rt->table[i] : &at->table[i];
}

static int nns_mirror_read(struct nns_mirror *m,
			   struct netnotify_unicast_ip_address_table **at,
			   struct netnotify_ip_forward_table **rt, u32 *n)
{
	int err;

	*at = NULL;
	*rt = NULL;
	if (m->route)
		err = netnotify_get_ip_forward_table(m->net, AF_UNSPEC, rt);
	else
		err = netnotify_get_unicast_ip_address_table(m->net, AF_UNSPEC,
							     at);
	*n = err ? 0 : m->route ? (*rt)->num_entries : (*at)->num_entries;
	return err;
}

static struct nns_row *nns_mirror_find(struct nns_mirror *m,
				       const struct nns_key *k, u32 hash)
{
	struct nns_row *r;

	hash_for_each_possible(m->rows, r, node, hash)
		if (r->hash == hash && !memcmp(&r->key, k, sizeof(*k)))
			return r;
	return NULL;
}

/*
 * Apply one event under the lock. @fresh, allocated beforehand for all
 * but DELETE, is used or freed. ADD and PARAMETER both leave the row as
 * given: a PARAMETER for a row the mirror lacks is legitimate after a
 * RESYNC re-read, since events older than the read may still be queued,
 * and the DELETE that followed it comes too.
 */
static void nns_mirror_apply(struct nns_mirror *m, const void *row,
			     enum netnotify_type type, struct nns_row *fresh)
{
	struct nns_row *old;
	struct nns_key k;
	u32 hash;

	nns_key(m, row, &k);
	hash = jhash(&k, sizeof(k), 0);
	old = nns_mirror_find(m, &k, hash);
	if (type == NETNOTIFY_DELETE) {
		if (old) {
			hash_del(&old->node);
			m->count--;
			kfree(old);
		}
	} else if (old) {
		nns_row_set(m, old, row);
	} else {
		fresh->key = k;
		fresh->hash = hash;
		nns_row_set(m, fresh, row);
		hash_add(m->rows, &fresh->node, hash);
		m->count++;
		fresh = NULL;
	}
	kfree(fresh);
}

static void nns_mirror_clear(struct nns_mirror *m)
{
	struct hlist_node *tmp;
	struct nns_row *r;
	int bkt;

	hash_for_each_safe(m->rows, bkt, tmp, r, node) {
		hash_del(&r->node);
		kfree(r);
	}
	m->count = 0;
}

static void nns_mirror_broken(struct nns_mirror *m, const char *what, int err)
{
	spin_lock(&m->lock);
	m->broken = true;
	spin_unlock(&m->lock);
	nns_inc(NNS_MIRROR_ERRORS);
	pr_err("mirror %s %s: %s failed: %d\n", m->ns,
	       m->route ? "route" : "addr", what, err);
}

/*
 * A row copy, zeroed. The event-path fault suite fails allocations at
 * random whenever netnotify's code is on the stack, as it is under every
 * callback; a failure here would be this client's, not netnotify's, so it
 * is made with __GFP_NOFAIL, which failslab and fail_page_alloc never fail.
 * A row is small, so the allocator can honour that by retrying.
 */
static struct nns_row *nns_row_alloc(void)
{
	return kzalloc(sizeof(struct nns_row), GFP_KERNEL | __GFP_NOFAIL);
}

/*
 * Read @m's table into @rows, a copy of each row in table order, built
 * outside @m->lock since the copies are allocated one by one, and tell in
 * @marker whether the marker is among them.
 */
static int nns_mirror_fetch(struct nns_mirror *m, struct hlist_head *rows,
			    bool *marker)
{
	struct netnotify_unicast_ip_address_table *at;
	struct netnotify_ip_forward_table *rt;
	struct nns_row *r, *last = NULL;
	const void *row;
	u32 i, n;
	int err;

	err = nns_mirror_read(m, &at, &rt, &n);
	if (err)
		return err;
	for (i = 0; i < n; i++) {
		row = nns_table_row(m, at, rt, i);
		r = nns_row_alloc();
		nns_key(m, row, &r->key);
		r->hash = jhash(&r->key, sizeof(r->key), 0);
		nns_row_set(m, r, row);
		if (last)
			hlist_add_behind(&r->node, &last->node);
		else
			hlist_add_head(&r->node, rows);
		last = r;
		*marker |= nns_is_marker(m, row);
	}
	netnotify_free_table(at);
	netnotify_free_table(rt);
	return 0;
}

/*
 * Under @m->lock: replace the rows with @rows. Should a key come twice, the
 * later row wins, as the later of two ADD events would.
 */
static void nns_mirror_install(struct nns_mirror *m, struct hlist_head *rows)
{
	struct hlist_node *tmp;
	struct nns_row *r, *old;

	nns_mirror_clear(m);
	hlist_for_each_entry_safe(r, tmp, rows, node) {
		hlist_del(&r->node);
		old = nns_mirror_find(m, &r->key, r->hash);
		if (old) {
			old->row = r->row;
			kfree(r);
			continue;
		}
		hash_add(m->rows, &r->node, r->hash);
		m->count++;
	}
}

/*
 * Replace @m with the kernel's table, as on INITIAL and RESYNC, in up to
 * @tries (at least one) attempts NNS_REREAD_WAIT_MS apart. The Get call
 * may fail with -ENOMEM (under fault injection, on purpose) or -EAGAIN (a
 * dump that kept racing with changes), and a real client would try again;
 * so does this one. Every failed attempt is counted in
 * mirror_reread_retries. Should all fail, the mirror is left as it was but
 * stale, which mirror_stale counts once: its rows are unknown until a later
 * re-read succeeds. Called with @m->mutex held.
 */
static int nns_mirror_reread(struct nns_mirror *m, unsigned int tries)
{
	bool marker = false, gave_up;
	HLIST_HEAD(rows);
	unsigned int i;
	int err = 0;

	for (i = 1; ; i++) {
		err = nns_mirror_fetch(m, &rows, &marker);
		if (!err)
			break;
		nns_inc(NNS_MIRROR_REREAD_RETRIES);
		/* Nothing else is documented; trying again would not help. */
		if (err != -ENOMEM && err != -EAGAIN) {
			nns_error("mirror re-read", err);
			break;
		}
		if (i == tries)
			break;
		msleep(NNS_REREAD_WAIT_MS);
	}
	spin_lock(&m->lock);
	gave_up = err && !m->stale;
	if (!err) {
		nns_mirror_install(m, &rows);
		m->settled |= marker;
	}
	m->stale = err != 0;
	spin_unlock(&m->lock);
	if (gave_up) {
		nns_inc(NNS_MIRROR_STALE);
		pr_warn("mirror %s %s: re-read failed %u times, last with %d: stale until one succeeds\n",
			m->ns, m->route ? "route" : "addr", i, err);
	}
	/* A stale mirror is one verify need not wait for: it re-reads it. */
	if (marker || gave_up)
		wake_up_all(&nns_settle_wq);
	return err;
}

static void nns_mirror_event(struct nns_mirror *m, const void *row,
			     enum netnotify_type type)
{
	struct nns_row *fresh = NULL;
	bool marker;

	nns_check_context();
	if (type == NETNOTIFY_INITIAL || type == NETNOTIFY_RESYNC) {
		if (row)
			nns_error("mirror: row with INITIAL or RESYNC", type);
		if (type == NETNOTIFY_RESYNC) {
			nns_inc(NNS_RESYNCS);
			nns_inc(NNS_MIRROR_RESYNCS);
		}
		mutex_lock(&m->mutex);
		nns_mirror_reread(m, NNS_REREAD_TRIES);
		spin_lock(&m->lock);
		m->resyncs += type == NETNOTIFY_RESYNC;
		spin_unlock(&m->lock);
		mutex_unlock(&m->mutex);
		return;
	}
	if (!row || type > NETNOTIFY_DELETE) {
		nns_error("mirror: event", type);
		return;
	}
	nns_inc(NNS_MIRROR_EVENTS);
	/*
	 * Slower than a burst of changes arrives (an ip -batch makes dozens
	 * in a few milliseconds), though not than the churn on average: the
	 * queue overflows in bursts, and the mirror recovers by RESYNC while
	 * the churn goes on.
	 */
	if (m->slow)
		msleep(20 + get_random_u32_below(21));
	mutex_lock(&m->mutex);
	if (m->stale) {
		/*
		 * Applying the event to rows that are unknown is pointless:
		 * catch up instead. A table read now holds this event's
		 * change, so it is covered; should the read fail again, the
		 * next callback tries again. One attempt per callback: they
		 * come often while the tables change, and retrying here would
		 * only hold up netnotify's worker.
		 */
		spin_lock(&m->lock);
		m->events++;
		spin_unlock(&m->lock);
		nns_mirror_reread(m, 1);
		mutex_unlock(&m->mutex);
		return;
	}
	if (type != NETNOTIFY_DELETE)
		fresh = nns_row_alloc();
	marker = type != NETNOTIFY_DELETE && nns_is_marker(m, row);
	spin_lock(&m->lock);
	m->events++;
	nns_mirror_apply(m, row, type, fresh);
	m->settled |= marker;
	spin_unlock(&m->lock);
	mutex_unlock(&m->mutex);
	if (marker)
		wake_up_all(&nns_settle_wq);
}

static void nns_mirror_addr_cb(void *ctx,
			       const struct netnotify_unicast_ip_address_row *row,
			       enum netnotify_type type)
{
	nns_mirror_event(ctx, row, type);
}

static void nns_mirror_route_cb(void *ctx,
				const struct netnotify_ip_forward_row *row,
				enum netnotify_type type)
{
	nns_mirror_event(ctx, row, type);
}

/*
 * Compare @m with its namespace's table read now; record and return the
 * differences (a broken mirror is one), logging the first few if @log. A
 * stale mirror is re-read first: by verify, nothing fails allocations on
 * purpose any more, so a re-read that still fails leaves it broken.
 */
static unsigned int nns_mirror_compare(struct nns_mirror *m, bool log)
{
	unsigned int missing = 0, extra = 0, differ = 0, logged = 0;
	struct netnotify_unicast_ip_address_table *at;
	struct netnotify_ip_forward_table *rt;
	struct nns_row *r, tmp;
	char line[NNS_LINE];
	const char *what;
	struct nns_key k;
	const void *row;
	bool broken;
	int bkt, err;
	u32 i, n;

	/* Only verify marks a mirror broken, so @m->broken is stable here. */
	mutex_lock(&m->mutex);
	if (m->stale && !m->broken) {
		err = nns_mirror_reread(m, NNS_REREAD_TRIES);
		if (err)
			nns_mirror_broken(m, "re-read", err);
	}
	mutex_unlock(&m->mutex);
	err = nns_mirror_read(m, &at, &rt, &n);
	if (err) {
		nns_mirror_broken(m, "verify", err);
		return 1;
	}
	spin_lock(&m->lock);
	hash_for_each(m->rows, bkt, r, node)
		r->seen = false;
	for (i = 0; i < n; i++) {
		row = nns_table_row(m, at, rt, i);
		nns_key(m, row, &k);
		r = nns_mirror_find(m, &k, jhash(&k, sizeof(k), 0));
		if (r) {
			r->seen = true;
			nns_row_set(m, &tmp, row);
			if (nns_row_same(m, r, &tmp))
				continue;
		}
		what = r ? "differs in the mirror" : "missing from the mirror";
		missing += !r;
		differ += !!r;
		if (log && logged++ < 8) {
			nns_row_line(m, row, line, sizeof(line));
			pr_info("verify: %s %s\n", line, what);
		}
	}
	hash_for_each(m->rows, bkt, r, node) {
		if (r->seen)
			continue;
		extra++;
		if (log && logged++ < 8) {
			nns_row_line(m, &r->row, line, sizeof(line));
			pr_info("verify: %s in the mirror only\n", line);
		}
	}
	m->missing = missing;
	m->extra = extra;
	m->differ = differ;
	broken = m->broken;
	spin_unlock(&m->lock);
	netnotify_free_table(at);
	netnotify_free_table(rt);
	return missing + extra + differ + broken;
}

/*
 * Mirrors settled, or, with @or_unknown, done waiting for either way: a
 * broken mirror never settles, and a stale one may not until verify
 * re-reads it.
 */
static unsigned int nns_settled(bool or_unknown)
{
	struct nns_mirror *m;
	unsigned int i, n = 0;

	for (i = 0; i < nns_nr_mirrors; i++) {
		m = nns_mirrors[i];
		spin_lock(&m->lock);
		n += m->settled || (or_unknown && (m->broken || m->stale));
		spin_unlock(&m->lock);
	}
	return n;
}

unsigned int nns_mirrors_settled(void)
{
	return nns_settled(false);
}

/*
 * With @markers, wait for every mirror to settle first. Then compare each
 * with the kernel. What the driver did last (the IPv6 marker, the marker
 * device's link-local DAD, ...) may still be on its way, so the comparison
 * is repeated until it comes out clean or NNS_VERIFY_ROUNDS have passed: a
 * lost event leaves a mirror wrong for good, since nothing changes any
 * more. Without markers, nothing new happens to wake netnotify: a mirror
 * catches up only if every failure already reached it as a RESYNC.
 */
int nns_mirrors_verify(bool markers)
{
	unsigned int i, round, total = 0;
	long left;

	if (!markers)
		goto compare;
	pr_info("verify: waiting for markers %pI4 and %pI4/%u (%s may follow)\n",
		&(__be32){ htonl(NNS_MARKER_ADDR4) },
		&(__be32){ htonl(NNS_MARKER_ROUTE4) }, NNS_MARKER_ROUTE4_LEN,
		NNS_MARKER_ADDR6);
	left = wait_event_interruptible_timeout(nns_settle_wq,
						nns_settled(true) == nns_nr_mirrors,
						120 * HZ);
	if (left < 0)
		return left;
compare:
	for (round = 0; round < NNS_VERIFY_ROUNDS; round++) {
		if (round)
			msleep(500);
		total = 0;
		for (i = 0; i < nns_nr_mirrors; i++)
			total += nns_mirror_compare(nns_mirrors[i],
						    round == NNS_VERIFY_ROUNDS - 1);
		if (!total)
			break;
	}
	nns_set(NNS_MIRROR_MISMATCHES, total);
	pr_info("verify: %u of %u mirrors settled, %u mismatches\n",
		nns_settled(false), nns_nr_mirrors, total);
	return 0;
}

static void nns_report_mirror(struct seq_file *s, const struct nns_mirror *m,
			      const char *name, unsigned int value)
{
	seq_printf(s, "mirror_%s_%s_%s %u\n", m->ns,
		   m->route ? "route" : "addr", name, value);
}

void nns_mirrors_report(struct seq_file *s)
{
	struct nns_mirror *m;
	unsigned int i;

	for (i = 0; i < nns_nr_mirrors; i++) {
		m = nns_mirrors[i];
		spin_lock(&m->lock);
		nns_report_mirror(s, m, "rows", m->count);
		nns_report_mirror(s, m, "settled", m->settled);
		nns_report_mirror(s, m, "broken", m->broken);
		nns_report_mirror(s, m, "stale", m->stale);
		nns_report_mirror(s, m, "events", m->events);
		nns_report_mirror(s, m, "resyncs", m->resyncs);
		nns_report_mirror(s, m, "missing", m->missing);
		nns_report_mirror(s, m, "extra", m->extra);
		nns_report_mirror(s, m, "differ", m->differ);
		spin_unlock(&m->lock);
	}
}

int nns_mirrors_show(struct seq_file *s, void *unused)
{
	char line[NNS_LINE];
	struct nns_mirror *m;
	struct nns_row *r;
	unsigned int i;
	int bkt;

	for (i = 0; i < nns_nr_mirrors; i++) {
		m = nns_mirrors[i];
		spin_lock(&m->lock);
		hash_for_each(m->rows, bkt, r, node) {
			nns_row_line(m, &r->row, line, sizeof(line));
			seq_printf(s, "%s\n", line);
		}
		spin_unlock(&m->lock);
	}
	return 0;
}

/* Listed before registering, so that unload frees it whatever happens. */
static int nns_mirror_add(struct net *net, const char *ns, bool route,
			  bool slow)
{
	struct nns_mirror *m;
	int err;

	if (nns_nr_mirrors == NNS_MAX_MIRRORS)
		return -E2BIG;
	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	mutex_init(&m->mutex);
	spin_lock_init(&m->lock);
	hash_init(m->rows);
	m->net = get_net(net);
	m->ns = ns;
	m->route = route;
	m->slow = slow;
	nns_mirrors[nns_nr_mirrors++] = m;
	if (route)
		err = netnotify_route_change(net, AF_UNSPEC, nns_mirror_route_cb,
					     m, true, &m->handle);
	else
		err = netnotify_unicast_ip_address_change(net, AF_UNSPEC,
							  nns_mirror_addr_cb,
							  m, true, &m->handle);
	if (err)
		pr_err("mirror %s: registration failed: %d\n", ns, err);
	return err;
}

int nns_mirrors_init(const char *names, bool slow)
{
	char *rest, *name;
	struct net *net;
	int err;

	nns_names = kstrdup(names ?: "", GFP_KERNEL);
	if (!nns_names)
		return -ENOMEM;
	/*
	 * With @slow, one mirror per namespace is slow, so that it overflows
	 * under churn and must recover by RESYNC: the route mirror of
	 * init_net, where the churn makes routes, and the address mirror of
	 * the others.
	 */
	err = nns_mirror_add(&init_net, "init", false, false) ?:
	      nns_mirror_add(&init_net, "init", true, slow);
	rest = nns_names;
	while (!err && (name = strsep(&rest, ","))) {
		if (!*name)
			continue;
		net = nnt_netns_get(name);
		if (!net) {
			pr_err("no network namespace /run/netns/%s\n", name);
			err = -ENOENT;
			break;
		}
		err = nns_mirror_add(net, name, false, slow) ?:
		      nns_mirror_add(net, name, true, false);
		put_net(net);
	}
	nns_set(NNS_MIRRORS, nns_nr_mirrors);
	return err;
}

void nns_mirrors_exit(void)
{
	struct nns_mirror *m;
	unsigned int i;
	int err;

	for (i = 0; i < nns_nr_mirrors; i++) {
		m = nns_mirrors[i];
		err = m->handle ? netnotify_cancel(m->handle) : 0;
		if (err)
			pr_err("mirror %s: cancel failed: %d\n", m->ns, err);
		nns_mirror_clear(m);
		put_net(m->net);
		mutex_destroy(&m->mutex);
		kfree(m);
	}
	nns_nr_mirrors = 0;
	kfree(nns_names);
	nns_names = NULL;
}
