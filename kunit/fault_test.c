// SPDX-License-Identifier: GPL-2.0
/*
 * Allocation failures on the API's own paths, the syzkaller way: every
 * registration kind, cancel and the Get functions run again and again with
 * this thread's n-th fault-injection point failed (current->fail_nth, what
 * /proc/thread-self/fail-nth sets), n = 1, 2, 3, ... until a call passes all
 * of its points. So every allocation site on those paths fails once. Each
 * failure must be a documented error that leaves nothing behind: no handle,
 * no sysfs entry, no callback, no subscription (events flow afterwards with
 * KASAN watching), no memory (the kmemleak suite scans after this one).
 *
 * The failslab and fail_page_alloc knobs ignore sleeping allocations by
 * default, which are nearly all of ours; the guest turns that off before
 * loading this module, and the suite skips where the kernel has no fault
 * injection (the stock Debian kernels). One failure never makes kvmalloc()
 * return NULL (vmalloc() stands in for the kmalloc() that failed): the
 * random injection of the netnotify_fault_events shell suite reaches those
 * paths.
 */

#include "shim.h"
#include "suites.h"
#include "util.h"

#include <linux/sched.h>
#include <linux/slab.h>
#include <net/net_namespace.h>

/* More injection points than any of these calls has; reaching it fails. */
#define NNT_FAULT_MAX	2000

/**
 * struct nnt_fault_call - one API call under a failed injection point
 * @call: makes the call; nothing else, since every allocation it makes
 *	counts towards n.
 * @check: judges what @call returned, with injection off, and undoes a
 *	success (cancels the handle, frees the table).
 * @net: the namespace the call works on.
 * @handle: where a registration writes its handle.
 * @rec: the context of a registration's callbacks.
 * @table: where a Get or stable-table call writes its table.
 * @ifindex: the namespace's dummy interface.
 * @rows: for a Get of a table, the rows a read with no fault gave.
 * @ret: what @call returned.
 * @enomem: calls that returned -ENOMEM.
 * @enospc: calls that returned -ENOSPC (no handle id could be allocated).
 * @other: calls that returned anything else below 0.
 * @other_code: the first such code.
 */
struct nnt_fault_call {
	int (*call)(struct nnt_fault_call *c);
	void (*check)(struct kunit *test, struct nnt_fault_call *c);
	struct net *net;
	u32 handle;
	struct nnt_rec *rec;
	void *table;
	int ifindex;
	u32 rows;
	int ret;
	unsigned int enomem;
	unsigned int enospc;
	unsigned int other;
	int other_code;
};

#ifdef CONFIG_FAULT_INJECTION
static void nnt_fault_set(unsigned int n)
{
	WRITE_ONCE(current->fail_nth, n);
}

static unsigned int nnt_fault_left(void)
{
	return READ_ONCE(current->fail_nth);
}

static bool nnt_fault_ready(struct kunit *test)
{
	/* debugfs booleans cannot be read with kernel_read(): ask grep. */
	if (!nnt_path_exists("/sys/kernel/debug/failslab")) {
		kunit_skip(test, "no failslab in this kernel");
		return false;
	}
	if (nnt_sh("grep -qx N /sys/kernel/debug/failslab/ignore-gfp-wait")) {
		kunit_skip(test, "failslab ignores sleeping allocations");
		return false;
	}
	return true;
}
#else
static void nnt_fault_set(unsigned int n)
{
}

static unsigned int nnt_fault_left(void)
{
	return 0;
}

static bool nnt_fault_ready(struct kunit *test)
{
	kunit_skip(test, "no fault injection in this kernel");
	return false;
}
#endif

/* Handles the sysfs directory lists must be the live ones, no more. */
static void nnt_fault_expect_clean(struct kunit *test, long long live)
{
	KUNIT_EXPECT_EQ(test, nnt_read_ll("/sys/kernel/netnotify/live_handles"),
			live);
	KUNIT_EXPECT_EQ(test,
			nnt_sh("cd %s && test $(ls handles | wc -l) = $(cat live_handles)",
			       "/sys/kernel/netnotify"), 0);
}

/*
 * nnt_fault_sweep() - run @c with its n-th injection point failed, for
 * every n, then check that nothing was left behind. Returns how many
 * points the call has.
 */
static unsigned int nnt_fault_sweep(struct kunit *test, const char *what,
				    struct nnt_fault_call *c)
{
	long long live = nnt_read_ll("/sys/kernel/netnotify/live_handles");
	unsigned int n, left;

	c->enomem = 0;
	c->enospc = 0;
	c->other = 0;
	c->other_code = 0;
	for (n = 1; n <= NNT_FAULT_MAX; n++) {
		c->handle = 0;
		c->table = NULL;
		nnt_fault_set(n);
		c->ret = c->call(c);
		left = nnt_fault_left();
		nnt_fault_set(0);
		if (c->ret == -ENOMEM)
			c->enomem++;
		else if (c->ret == -ENOSPC)
			c->enospc++;
		else if (c->ret < 0 && !c->other++)
			c->other_code = c->ret;
		c->check(test, c);
		if (left)
			break;
	}
	KUNIT_EXPECT_LE_MSG(test, n, NNT_FAULT_MAX, "%s: no end to the points", what);
	kunit_info(test, "%s: %u injection points; -ENOMEM %u times, -ENOSPC %u, other %u (%d)",
		   what, n - 1, c->enomem, c->enospc, c->other, c->other_code);
	/* The last call, with no fault left to hit, must have worked. */
	KUNIT_EXPECT_EQ_MSG(test, c->ret, 0, "%s without a fault", what);
	KUNIT_EXPECT_EQ_MSG(test, c->other, 0, "%s returned %d", what,
			    c->other_code);
	nnt_fault_expect_clean(test, live);
	return n - 1;
}

/* A registration: a failure leaves *handle 0 and no callback was made. */
static void nnt_fault_check_register(struct kunit *test,
				     struct nnt_fault_call *c)
{
	if (c->ret) {
		KUNIT_EXPECT_EQ(test, c->handle, 0);
		KUNIT_EXPECT_EQ(test, nnt_rec_count(c->rec), 0);
		return;
	}
	KUNIT_EXPECT_NE(test, c->handle, 0);
	/* Registered with the initial notification, delivered already. */
	KUNIT_EXPECT_GE(test, nnt_rec_count(c->rec), 1);
	KUNIT_EXPECT_EQ(test, netnotify_cancel(c->handle), 0);
	/* The next round counts its callbacks from zero. */
	spin_lock(&c->rec->lock);
	c->rec->n = 0;
	spin_unlock(&c->rec->lock);
}

static int nnt_fault_iface(struct nnt_fault_call *c)
{
	return netnotify_ip_interface_change(c->net, AF_UNSPEC, nnt_iface_cb,
					     c->rec, true, &c->handle);
}

static int nnt_fault_addr(struct nnt_fault_call *c)
{
	return netnotify_unicast_ip_address_change(c->net, AF_UNSPEC,
						   nnt_addr_cb, c->rec, true,
						   &c->handle);
}

static int nnt_fault_route(struct nnt_fault_call *c)
{
	return netnotify_route_change(c->net, AF_UNSPEC, nnt_route_cb, c->rec,
				      true, &c->handle);
}

static void nnt_fault_stable_cb(void *ctx,
				struct netnotify_unicast_ip_address_table *t)
{
	netnotify_free_table(t);
}

static int nnt_fault_stable(struct nnt_fault_call *c)
{
	return netnotify_stable_unicast_ip_address_table(c->net, AF_UNSPEC,
		(struct netnotify_unicast_ip_address_table **)&c->table,
		nnt_fault_stable_cb, NULL, &c->handle);
}

/* Every address is settled, so success is the table, at once. */
static void nnt_fault_check_stable(struct kunit *test, struct nnt_fault_call *c)
{
	KUNIT_EXPECT_EQ(test, c->handle, 0);
	if (c->handle)
		netnotify_cancel(c->handle);
	if (c->ret)
		KUNIT_EXPECT_NULL(test, c->table);
	else
		KUNIT_EXPECT_NOT_NULL(test, c->table);
	netnotify_free_table(c->table);
}

/*
 * A namespace with an interface, addresses of both families and routes;
 * nnt_exit() drops the reference, however the case ends.
 */
static struct net *nnt_fault_ns(struct kunit *test)
{
	struct nnt_state *st = test->priv;
	struct net *net;

	nnt_run(test, "ip netns add nnt-fi && ip -n nnt-fi link set lo up");
	nnt_run(test, "ip -n nnt-fi link add nnt-fid type dummy");
	nnt_run(test, "ip -n nnt-fi link set nnt-fid up");
	nnt_run(test, "ip -n nnt-fi addr add 192.0.2.1/24 dev nnt-fid");
	nnt_run(test, "ip -n nnt-fi addr add 2001:db8:f1::1/64 dev nnt-fid nodad");
	nnt_run(test, "ip -n nnt-fi route add 198.51.100.0/24 via 192.0.2.2");
	net = nnt_netns_get("nnt-fi");
	KUNIT_ASSERT_NOT_NULL(test, net);
	st->net = net;
	return net;
}

/*
 * Events still reach a handle registered after the sweep: a subscription
 * a failed registration left behind would be freed memory in the list
 * they are delivered from, which KASAN reports.
 */
static void nnt_fault_events_flow(struct kunit *test, struct net *net)
{
	struct nnt_match m = { NETNOTIFY_ADD, AF_INET, "nnt-fie", NULL };
	struct nnt_rec *rec = nnt_rec_new(test);

	KUNIT_ASSERT_NOT_NULL(test, rec);
	nnt_register(test, net, AF_UNSPEC, false, rec);
	nnt_run(test, "ip -n nnt-fi link add nnt-fie type dummy");
	KUNIT_EXPECT_GE(test, nnt_rec_wait(rec, 0, &m, NNT_TIMEOUT_MS), 0);
}

static void nnt_fault_registrations(struct kunit *test)
{
	static const struct {
		const char *what;
		int (*call)(struct nnt_fault_call *c);
	} kinds[] = {
		{ "interface registration", nnt_fault_iface },
		{ "address registration", nnt_fault_addr },
		{ "route registration", nnt_fault_route },
	};
	struct nnt_fault_call c = { .check = nnt_fault_check_register };
	unsigned int i;

	if (!nnt_fault_ready(test))
		return;
	c.net = nnt_fault_ns(test);
	c.rec = nnt_rec_new(test);
	KUNIT_ASSERT_NOT_NULL(test, c.rec);
	for (i = 0; i < ARRAY_SIZE(kinds); i++) {
		c.call = kinds[i].call;
		KUNIT_EXPECT_GT(test, nnt_fault_sweep(test, kinds[i].what, &c), 0);
	}
	c.call = nnt_fault_stable;
	c.check = nnt_fault_check_stable;
	KUNIT_EXPECT_GT(test, nnt_fault_sweep(test, "stable table", &c), 0);
	nnt_fault_events_flow(test, c.net);
}

static int nnt_fault_cancel_call(struct nnt_fault_call *c)
{
	return netnotify_cancel(c->handle);
}

/* Cancel must work whatever fails under it: it cannot be retried. */
static void nnt_fault_cancel(struct kunit *test)
{
	struct nnt_fault_call c = {};
	unsigned int n, left;
	long long live;
	int err;

	if (!nnt_fault_ready(test))
		return;
	c.net = nnt_fault_ns(test);
	c.rec = nnt_rec_new(test);
	KUNIT_ASSERT_NOT_NULL(test, c.rec);
	live = nnt_read_ll("/sys/kernel/netnotify/live_handles");
	for (n = 1; n <= NNT_FAULT_MAX; n++) {
		KUNIT_ASSERT_EQ(test, nnt_fault_route(&c), 0);
		nnt_fault_set(n);
		err = nnt_fault_cancel_call(&c);
		left = nnt_fault_left();
		nnt_fault_set(0);
		KUNIT_EXPECT_EQ(test, err, 0);
		KUNIT_EXPECT_EQ(test, netnotify_cancel(c.handle), -ENOENT);
		if (left)
			break;
	}
	/* None today: cancel allocates nothing, so nothing can fail it. */
	kunit_info(test, "cancel: %u injection points", n - 1);
	KUNIT_EXPECT_LE(test, n, NNT_FAULT_MAX);
	nnt_fault_expect_clean(test, live);
	nnt_fault_events_flow(test, c.net);
}

static int nnt_fault_get_ifaces(struct nnt_fault_call *c)
{
	return netnotify_get_ip_interface_table(c->net, AF_UNSPEC,
		(struct netnotify_ip_interface_table **)&c->table);
}

static int nnt_fault_get_addrs(struct nnt_fault_call *c)
{
	return netnotify_get_unicast_ip_address_table(c->net, AF_UNSPEC,
		(struct netnotify_unicast_ip_address_table **)&c->table);
}

static int nnt_fault_get_routes(struct nnt_fault_call *c)
{
	return netnotify_get_ip_forward_table(c->net, AF_UNSPEC,
		(struct netnotify_ip_forward_table **)&c->table);
}

static int nnt_fault_get_iface_entry(struct nnt_fault_call *c)
{
	struct netnotify_ip_interface_row row = {
		.family = AF_INET6,
		.ifindex = 1,
	};

	return netnotify_get_ip_interface_entry(c->net, &row);
}

static int nnt_fault_get_addr_entry(struct nnt_fault_call *c)
{
	struct netnotify_unicast_ip_address_row row = {
		.family = AF_INET,
		.ifindex = 1,
		.addr.v4.s_addr = htonl(INADDR_LOOPBACK),
	};

	return netnotify_get_unicast_ip_address_entry(c->net, &row);
}

static int nnt_fault_get_route_entry(struct nnt_fault_call *c)
{
	struct netnotify_ip_forward_row row = {
		.family = AF_INET,
		.ifindex = c->ifindex,
		.dst_len = 24,
		.dst.v4.s_addr = htonl(0xc6336400),	/* 198.51.100.0 */
		.gateway.v4.s_addr = htonl(0xc0000202),	/* 192.0.2.2 */
	};

	return netnotify_get_ip_forward_entry(c->net, &row);
}

/*
 * A Get: a table on success, with every row (each table starts with its
 * u32 row count), none on failure. An entry is found or the call fails: a
 * failure that made it look absent would be -ENOENT, which is not allowed.
 */
static void nnt_fault_check_get(struct kunit *test, struct nnt_fault_call *c)
{
	if (c->ret)
		KUNIT_EXPECT_NULL(test, c->table);
	else if (c->table)
		KUNIT_EXPECT_EQ(test, *(u32 *)c->table, c->rows);
	netnotify_free_table(c->table);
}

static void nnt_fault_gets(struct kunit *test)
{
	static const struct {
		const char *what;
		int (*call)(struct nnt_fault_call *c);
	} gets[] = {
		{ "interface table", nnt_fault_get_ifaces },
		{ "address table", nnt_fault_get_addrs },
		{ "route table", nnt_fault_get_routes },
		{ "interface entry", nnt_fault_get_iface_entry },
		{ "address entry", nnt_fault_get_addr_entry },
		{ "route entry", nnt_fault_get_route_entry },
	};
	struct nnt_fault_call c = { .check = nnt_fault_check_get };
	unsigned int i;

	if (!nnt_fault_ready(test))
		return;
	c.net = nnt_fault_ns(test);
	c.ifindex = nnt_ifindex(c.net, "nnt-fid");
	for (i = 0; i < ARRAY_SIZE(gets); i++) {
		c.call = gets[i].call;
		c.table = NULL;
		KUNIT_ASSERT_EQ(test, c.call(&c), 0);
		c.rows = c.table ? *(u32 *)c.table : 0;
		netnotify_free_table(c.table);
		KUNIT_EXPECT_GT(test, nnt_fault_sweep(test, gets[i].what, &c), 0);
	}
}

static struct kunit_case nnt_fault_cases[] = {
	KUNIT_CASE(nnt_fault_registrations),
	KUNIT_CASE(nnt_fault_cancel),
	KUNIT_CASE(nnt_fault_gets),
	{}
};

struct kunit_suite nnt_fault_suite = {
	.name = "netnotify_fault",
	.init = nnt_init,
	.exit = nnt_exit,
	.test_cases = nnt_fault_cases,
};
