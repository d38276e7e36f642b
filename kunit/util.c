// SPDX-License-Identifier: GPL-2.0
/*
 * Test helpers. Devices, addresses, routes and namespaces are made by the
 * real iproute2 binaries of the guest, run as user-mode helpers, so the
 * kernel produces exactly the events it produces for an administrator.
 */

#include "util.h"

#include <linux/fs.h>
#include <linux/inet.h>
#include <linux/hardirq.h>
#include <linux/kmod.h>
#include <linux/kthread.h>
#include <linux/net.h>
#include <linux/sockptr.h>
#include <net/netlink.h>
#include <net/sock.h>
#include <linux/delay.h>
#include <linux/namei.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/sched.h>
#include <net/net_namespace.h>

static __printf(1, 0) int nnt_vsh(const char *fmt, va_list args)
{
	char *argv[4], *envp[3], *cmd;
	int rc;

	cmd = kvasprintf(GFP_KERNEL, fmt, args);
	if (!cmd)
		return -ENOMEM;
	/*
	 * Helpers start without standard descriptors; without these, the
	 * first socket a command opens becomes its stdin (ip -batch then
	 * closes it when it reopens stdin). Errors go to the kernel log.
	 */
	argv[0] = "/bin/sh";
	argv[1] = "-c";
	argv[2] = kasprintf(GFP_KERNEL,
			    "exec </dev/null >/dev/null 2>/dev/kmsg; %s", cmd);
	argv[3] = NULL;
	envp[0] = "HOME=/";
	envp[1] = "PATH=/usr/sbin:/usr/bin:/sbin:/bin";
	envp[2] = NULL;
	rc = -ENOMEM;
	if (argv[2])
		rc = call_usermodehelper(argv[0], argv, envp, UMH_WAIT_PROC);
	if (rc > 0)
		rc = (rc >> 8) & 0xff ?: rc;
	if (rc)
		pr_info("    # command '%s' failed: %d\n", cmd, rc);
	kfree(argv[2]);
	kfree(cmd);
	return rc;
}

/**
 * nnt_sh() - run a command line with /bin/sh and wait for it
 * @fmt: printf format of the command line.
 *
 * Return: its exit status (0 for success), or a negative errno.
 */
int nnt_sh(const char *fmt, ...)
{
	va_list args;
	int rc;

	va_start(args, fmt);
	rc = nnt_vsh(fmt, args);
	va_end(args);
	return rc;
}

/* Run a command line (iproute2, sysctl, ...); the case fails unless it works. */
void nnt_run(struct kunit *test, const char *fmt, ...)
{
	va_list args;
	int rc;

	va_start(args, fmt);
	rc = nnt_vsh(fmt, args);
	va_end(args);
	KUNIT_ASSERT_EQ(test, rc, 0);
}

/* One "ip -batch" run setting @dev's MTU to every value from @from to @to. */
void nnt_mtu_batch(struct kunit *test, const char *dev, unsigned int from,
		   unsigned int to)
{
	nnt_run(test, "for m in $(seq %u %u); do echo link set %s mtu $m; done >/tmp/%s",
		from, to, dev, dev);
	nnt_run(test, "ip -batch /tmp/%s", dev);
}

/* IPv6 DAD in a test namespace: one probe, 200 ms, no random delay first. */
static void nnt_quick_dad(struct kunit *test, const char *ns, const char *dev)
{
	nnt_run(test, "ip netns exec %s sysctl -qw net.ipv6.neigh.%s.retrans_time_ms=200",
		ns, dev);
	nnt_run(test, "ip netns exec %s sysctl -qw net.ipv6.conf.%s.router_solicitation_delay=0",
		ns, dev);
}

/**
 * nnt_veth_pair() - namespaces nnt-x and nnt-y joined by veth nnt-xa/nnt-ya
 * @test: the test.
 *
 * Both ends and nnt-x's loopback are up, so IPv6 DAD runs for real, made
 * quick (a single 200 ms probe). It returns once IPv6 found nnt-xa ready
 * (its link-local address exists): the carrier comes up through linkwatch,
 * which may lag, and until then DAD cannot start. nnt_exit() removes them.
 *
 * Return: a reference on nnt-x, to be released with put_net().
 */
struct net *nnt_veth_pair(struct kunit *test)
{
	struct net *x;

	nnt_run(test, "ip netns add nnt-x && ip netns add nnt-y");
	nnt_run(test, "ip link add nnt-xa type veth peer name nnt-ya");
	nnt_run(test, "ip link set nnt-xa netns nnt-x && ip link set nnt-ya netns nnt-y");
	nnt_quick_dad(test, "nnt-x", "nnt-xa");
	nnt_run(test, "ip -n nnt-x link set lo up && ip -n nnt-x link set nnt-xa up");
	nnt_run(test, "ip -n nnt-y link set nnt-ya up");
	nnt_run(test, "for i in $(seq 100); do %s && exit 0; sleep 0.1; done; exit 1",
		"ip -n nnt-x -6 addr show dev nnt-xa | grep -q fe80::");
	x = nnt_netns_get("nnt-x");
	KUNIT_ASSERT_NOT_NULL(test, x);
	return x;
}

#define NNT_RADVD_CONF	"/tmp/nnt-radvd.conf"
#define NNT_RADVD_PID	"/tmp/nnt-radvd.pid"

/**
 * nnt_ra_pair() - a router and a host namespace for router advertisements
 * @test: the test; skipped when radvd is not installed.
 *
 * Namespace nnt-r forwards IPv6 and owns nnt-r0, whose veth peer nnt-h0 is
 * in namespace nnt-h; both are up. nnt_exit() removes them.
 *
 * Return: a reference on nnt-h, to be released with put_net().
 */
struct net *nnt_ra_pair(struct kunit *test)
{
	struct net *h;

	if (nnt_sh("command -v radvd"))
		kunit_skip(test, "radvd is not installed");
	nnt_run(test, "ip netns add nnt-r && ip netns add nnt-h");
	nnt_run(test, "ip link add nnt-r0 type veth peer name nnt-h0");
	nnt_run(test, "ip link set nnt-r0 netns nnt-r && ip link set nnt-h0 netns nnt-h");
	nnt_run(test, "ip netns exec nnt-r sh -c 'echo 1 >/proc/sys/net/ipv6/conf/all/forwarding'");
	nnt_quick_dad(test, "nnt-h", "nnt-h0");
	nnt_run(test, "ip -n nnt-r link set nnt-r0 up && ip -n nnt-h link set nnt-h0 up");
	h = nnt_netns_get("nnt-h");
	KUNIT_ASSERT_NOT_NULL(test, h);
	return h;
}

/**
 * nnt_radvd() - advertise 2001:db8:5::/64 on nnt-r0
 * @test: the test.
 * @valid: the prefix's valid lifetime (preferred: 300 s).
 *
 * Starts radvd in nnt-r, or has the running one re-read its configuration.
 * It advertises itself as a default router for 30 s, every 50 to 100 ms: the
 * Mobile IPv6 home agent flag allows that rate (Linux hosts ignore the
 * flag), so tests see advertisements refresh state within a second.
 */
void nnt_radvd(struct kunit *test, unsigned int valid)
{
	nnt_run(test, "umask 022; echo 'interface nnt-r0 { AdvSendAdvert on;' >%s",
		NNT_RADVD_CONF);
	nnt_run(test, "echo 'AdvHomeAgentFlag on; MinRtrAdvInterval 0.05;' >>%s",
		NNT_RADVD_CONF);
	nnt_run(test, "echo 'MaxRtrAdvInterval 0.1; AdvDefaultLifetime 30;' >>%s",
		NNT_RADVD_CONF);
	nnt_run(test, "echo 'prefix 2001:db8:5::/64 { AdvValidLifetime %u;' >>%s",
		valid, NNT_RADVD_CONF);
	nnt_run(test, "echo 'AdvPreferredLifetime 300; }; };' >>%s",
		NNT_RADVD_CONF);
	if (nnt_path_exists(NNT_RADVD_PID)) {
		nnt_run(test, "kill -HUP $(cat %s)", NNT_RADVD_PID);
		return;
	}
	nnt_run(test, "ip netns exec nnt-r radvd -C %s -p %s -m stderr || { cat %s >&2; false; }",
		NNT_RADVD_CONF, NNT_RADVD_PID, NNT_RADVD_CONF);
}

/* Stop radvd; it sends a last advertisement, withdrawing the router. */
void nnt_radvd_stop(void)
{
	nnt_sh("[ -f %s ] && kill $(cat %s); rm -f %s", NNT_RADVD_PID,
	       NNT_RADVD_PID, NNT_RADVD_PID);
}

/* The ifindex of a device, or -1. */
int nnt_ifindex(struct net *net, const char *name)
{
	struct net_device *dev;
	int ifindex = -1;

	rcu_read_lock();
	dev = dev_get_by_name_rcu(net, name);
	if (dev)
		ifindex = dev->ifindex;
	rcu_read_unlock();
	return ifindex;
}

/* Read a small file into @buf, NUL-terminated. Returns bytes or -errno. */
int nnt_read_file(const char *path, char *buf, size_t len)
{
	struct file *f;
	loff_t pos = 0;
	ssize_t n;

	f = filp_open(path, O_RDONLY, 0);
	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_read(f, buf, len - 1, &pos);
	fput(f);
	if (n < 0)
		return n;
	buf[n] = '\0';
	return n;
}

/* Read a file holding one integer; returns LLONG_MIN on any error. */
long long nnt_read_ll(const char *fmt, ...)
{
	char buf[32], *path;
	va_list args;
	long long v;
	int n;

	va_start(args, fmt);
	path = kvasprintf(GFP_KERNEL, fmt, args);
	va_end(args);
	if (!path)
		return LLONG_MIN;
	n = nnt_read_file(path, buf, sizeof(buf));
	kfree(path);
	if (n <= 0 || kstrtoll(strim(buf), 10, &v))
		return LLONG_MIN;
	return v;
}

bool nnt_path_exists(const char *fmt, ...)
{
	struct path p;
	va_list args;
	char *path;
	int err;

	va_start(args, fmt);
	path = kvasprintf(GFP_KERNEL, fmt, args);
	va_end(args);
	if (!path)
		return false;
	err = kern_path(path, 0, &p);
	kfree(path);
	if (err)
		return false;
	path_put(&p);
	return true;
}

/*
 * Wait until @n events of @handle are queued or were dropped, i.e. the
 * capture side has fanned all of them out.
 */
void nnt_wait_captured(struct kunit *test, u32 handle, long long n)
{
	long long queued, dropped;
	int i;

	for (i = 0; i < 250; i++) {
		queued = nnt_read_ll("/sys/kernel/netnotify/handles/%u/queued",
				     handle);
		dropped = nnt_read_ll("/sys/kernel/netnotify/handles/%u/dropped",
				      handle);
		if (queued + dropped >= n)
			return;
		msleep(20);
	}
	KUNIT_FAIL(test, "only %lld of %lld events captured", queued + dropped, n);
}

struct nnt_rec *nnt_rec_new(struct kunit *test)
{
	struct nnt_rec *rec = kunit_kzalloc(test, sizeof(*rec), GFP_KERNEL);

	if (!rec)
		return NULL;
	spin_lock_init(&rec->lock);
	init_waitqueue_head(&rec->wq);
	atomic_set(&rec->in_cb, 0);
	return rec;
}

/* Every callback checks its context, then records the event. */
void nnt_record(struct nnt_rec *rec, struct nnt_event *e)
{
	if (atomic_inc_return(&rec->in_cb) > 1)
		WRITE_ONCE(rec->overlap, true);
	if (!in_task() || irqs_disabled() || preempt_count() ||
	    rcu_preempt_depth())
		WRITE_ONCE(rec->bad_context, true);
#ifdef CONFIG_PROVE_LOCKING
	/* Once lockdep turned itself off it answers "held" for everything. */
	if (debug_locks && lockdep_rtnl_is_held())
		WRITE_ONCE(rec->bad_context, true);
#endif
	e->handle = READ_ONCE(rec->handle);
	e->when = ktime_get();

	if (rec->hook)
		rec->hook(rec, e);

	spin_lock(&rec->lock);
	if (rec->n < NNT_MAX_EVENTS)
		rec->ev[rec->n] = *e;
	rec->n++;
	spin_unlock(&rec->lock);
	atomic_dec(&rec->in_cb);
	wake_up_all(&rec->wq);
}

void nnt_iface_cb(void *ctx, const struct netnotify_ip_interface_row *row,
		  enum netnotify_type type)
{
	struct nnt_event e = { .type = type, .has_row = !!row };

	if (row)
		e.row = *row;
	nnt_record(ctx, &e);
}

void nnt_addr_cb(void *ctx, const struct netnotify_unicast_ip_address_row *row,
		 enum netnotify_type type)
{
	struct nnt_event e = { .type = type, .has_row = !!row };

	if (row)
		e.addr = *row;
	nnt_record(ctx, &e);
}

void nnt_route_cb(void *ctx, const struct netnotify_ip_forward_row *row,
		  enum netnotify_type type)
{
	struct nnt_event e = { .type = type, .has_row = !!row };

	if (row)
		e.route = *row;
	nnt_record(ctx, &e);
}

/* Parse an IPv4 or IPv6 address into @addr; false when it is not one. */
bool nnt_pton(u16 family, const char *s, union netnotify_inet_addr *addr)
{
	memset(addr, 0, sizeof(*addr));
	if (family == AF_INET)
		return in4_pton(s, -1, (u8 *)&addr->v4, -1, NULL);
	return in6_pton(s, -1, addr->v6.s6_addr, -1, NULL);
}

/*
 * Does the address row hold @addr ("2001:db8::1", "192.0.2.1"), or an
 * address inside @addr when it is a prefix ("2001:db8:5::/64")?
 */
bool nnt_addr_is(const struct netnotify_unicast_ip_address_row *r,
		 const char *addr)
{
	union netnotify_inet_addr want = {};
	const char *end, *slash = strchr(addr, '/');
	unsigned int len, plen = r->family == AF_INET ? 32 : 128;
	int ok;

	len = slash ? slash - addr : strlen(addr);
	if (r->family == AF_INET)
		ok = in4_pton(addr, len, (u8 *)&want.v4, -1, &end);
	else
		ok = in6_pton(addr, len, (u8 *)&want.v6, -1, &end);
	if (!ok || (slash && kstrtouint(slash + 1, 10, &plen)))
		return false;
	if (plen % 8 || plen > (r->family == AF_INET ? 32 : 128))
		return false;
	return !memcmp(&want, &r->addr, plen / 8);
}

unsigned int nnt_rec_count(struct nnt_rec *rec)
{
	unsigned int n;

	spin_lock(&rec->lock);
	n = rec->n;
	spin_unlock(&rec->lock);
	return n;
}

/* Log every recorded event, to explain a failed expectation. */
void nnt_rec_dump(struct kunit *test, struct nnt_rec *rec)
{
	static const char *const names[] = {
		"PARAMETER", "ADD", "DELETE", "INITIAL", "RESYNC",
	};
	struct nnt_event e;
	unsigned int i, n = nnt_rec_count(rec);

	for (i = 0; i < n && i < NNT_MAX_EVENTS; i++) {
		const char *t;

		e = nnt_rec_get(rec, i);
		t = e.type < ARRAY_SIZE(names) ? names[e.type] : "?";
		if (!e.has_row)
			kunit_info(test, "event %u: %s", i, t);
		else if (rec->addrs && e.addr.family == AF_INET)
			kunit_info(test, "event %u: %s if %d %pI4/%u flags %#x valid %u",
				   i, t, e.addr.ifindex, &e.addr.addr.v4,
				   e.addr.prefix_len, e.addr.flags,
				   e.addr.valid_lifetime);
		else if (rec->addrs)
			kunit_info(test, "event %u: %s if %d %pI6c/%u dad %d flags %#x valid %u",
				   i, t, e.addr.ifindex, &e.addr.addr.v6,
				   e.addr.prefix_len, e.addr.dad_state,
				   e.addr.flags, e.addr.valid_lifetime);
		else
			kunit_info(test, "event %u: %s family %u if %d %s mtu %u flags %#x",
				   i, t, e.row.family, e.row.ifindex, e.row.name,
				   e.row.mtu, e.row.flags);
	}
}

/* How many recorded events have @type. */
unsigned int nnt_find_count(struct nnt_rec *rec, enum netnotify_type type)
{
	unsigned int i, n = 0;

	spin_lock(&rec->lock);
	for (i = 0; i < rec->n && i < NNT_MAX_EVENTS; i++)
		n += rec->ev[i].type == type;
	spin_unlock(&rec->lock);
	return n;
}

struct nnt_event nnt_rec_get(struct nnt_rec *rec, unsigned int i)
{
	struct nnt_event e = { .type = -1 };

	spin_lock(&rec->lock);
	if (i < rec->n && i < NNT_MAX_EVENTS)
		e = rec->ev[i];
	spin_unlock(&rec->lock);
	return e;
}

static bool nnt_match(const struct nnt_event *e, const struct nnt_match *m)
{
	if (m->type >= 0 && e->type != m->type)
		return false;
	if (m->family && (!e->has_row || e->row.family != m->family))
		return false;
	if (m->name && (!e->has_row || strcmp(e->row.name, m->name)))
		return false;
	if (m->addr && (!e->has_row || !nnt_addr_is(&e->addr, m->addr)))
		return false;
	return true;
}

/* Index of the first event at or after @from that matches, or -1. */
int nnt_rec_find(struct nnt_rec *rec, unsigned int from,
		 const struct nnt_match *m)
{
	unsigned int i;
	int found = -1;

	spin_lock(&rec->lock);
	for (i = from; i < rec->n && i < NNT_MAX_EVENTS; i++) {
		if (nnt_match(&rec->ev[i], m)) {
			found = i;
			break;
		}
	}
	spin_unlock(&rec->lock);
	return found;
}

/* Like nnt_rec_find(), waiting up to @timeout_ms for the event. */
int nnt_rec_wait(struct nnt_rec *rec, unsigned int from,
		 const struct nnt_match *m, unsigned int timeout_ms)
{
	int found = -1;

	wait_event_timeout(rec->wq,
			   (found = nnt_rec_find(rec, from, m)) >= 0,
			   msecs_to_jiffies(timeout_ms));
	return found;
}

/* Wait until at least @n callbacks were recorded. */
bool nnt_rec_wait_count(struct nnt_rec *rec, unsigned int n,
			unsigned int timeout_ms)
{
	return wait_event_timeout(rec->wq, nnt_rec_count(rec) >= n,
				  msecs_to_jiffies(timeout_ms)) > 0;
}

/**
 * nnt_register() - register the recorder for interface events
 * @test: the case; the handle is cancelled by nnt_exit() if still live.
 * @net: namespace.
 * @family: family filter.
 * @initial: ask for the initial notification.
 * @rec: the recorder; rec->handle receives the handle.
 *
 * Return: the handle; asserts success.
 */
u32 nnt_register(struct kunit *test, struct net *net, u16 family,
		 bool initial, struct nnt_rec *rec)
{
	int err;

	err = netnotify_ip_interface_change(net, family, nnt_iface_cb, rec,
					    initial, &rec->handle);
	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_ASSERT_NE(test, rec->handle, 0);
	nnt_track(test, rec->handle);
	return rec->handle;
}

/* Like nnt_register(), for unicast address events. */
u32 nnt_register_addr(struct kunit *test, struct net *net, u16 family,
		      bool initial, struct nnt_rec *rec)
{
	int err;

	rec->addrs = true;
	err = netnotify_unicast_ip_address_change(net, family, nnt_addr_cb, rec,
						  initial, &rec->handle);
	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_ASSERT_NE(test, rec->handle, 0);
	nnt_track(test, rec->handle);
	return rec->handle;
}

/* Like nnt_register(), for route events. */
u32 nnt_register_route(struct kunit *test, struct net *net, u16 family,
		       bool initial, struct nnt_rec *rec)
{
	int err;

	err = netnotify_route_change(net, family, nnt_route_cb, rec, initial,
				     &rec->handle);
	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_ASSERT_NE(test, rec->handle, 0);
	nnt_track(test, rec->handle);
	return rec->handle;
}

/* Wait until handle @h's namespace was dismantled: sysfs says "orphaned". */
void nnt_expect_orphaned(struct kunit *test, u32 h)
{
	char path[96], state[32] = "";
	int i;

	snprintf(path, sizeof(path), "/sys/kernel/netnotify/handles/%u/state", h);
	for (i = 0; i < 100; i++) {
		KUNIT_ASSERT_GT(test, nnt_read_file(path, state, sizeof(state)), 0);
		if (!strcmp(strim(state), "orphaned"))
			break;
		msleep(50);
	}
	KUNIT_EXPECT_STREQ(test, state, "orphaned");
}

/*
 * Wait until @rec's handle has nothing queued and every delivery was
 * recorded, twice in a row: nothing captured is still on its way.
 */
void nnt_wait_delivered(struct kunit *test, struct nnt_rec *rec)
{
	long long queued, delivered;
	int i, calm = 0;

	for (i = 0; i < 250 && calm < 2; i++) {
		msleep(20);
		queued = nnt_read_ll("/sys/kernel/netnotify/handles/%u/queued",
				     rec->handle);
		delivered = nnt_read_ll("/sys/kernel/netnotify/handles/%u/delivered",
					rec->handle);
		if (queued == 0 && delivered == nnt_rec_count(rec))
			calm++;
		else
			calm = 0;
	}
	KUNIT_EXPECT_EQ_MSG(test, calm, 2, "handle %u is still delivering",
			    rec->handle);
}

static void nnt_hold_hook(struct nnt_rec *rec, const struct nnt_event *e)
{
	struct nnt_hold *hold = rec->priv;

	if (nnt_rec_count(rec) == 0) {
		complete(&hold->started);
		wait_for_completion(&hold->release);
	}
}

/*
 * Make @rec's first callback wait, inside the callback, until the case
 * completes hold->release: a slow client whose queue fills behind it.
 */
struct nnt_hold *nnt_hold_first(struct kunit *test, struct nnt_rec *rec)
{
	struct nnt_hold *hold = kunit_kzalloc(test, sizeof(*hold), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, hold);
	init_completion(&hold->started);
	init_completion(&hold->release);
	rec->priv = hold;
	rec->hook = nnt_hold_hook;
	return hold;
}

/*
 * Release the held callback of a handle whose queue overflowed while it was
 * held, with @events captured in all (the held one included): exactly one
 * RESYNC follows the held event, counted in sysfs, and every event was
 * either delivered or counted as dropped.
 */
void nnt_expect_one_resync(struct kunit *test, struct nnt_rec *rec,
			   struct nnt_hold *hold, long long events)
{
	complete(&hold->release);
	KUNIT_EXPECT_TRUE(test, nnt_rec_wait_count(rec, 2, NNT_TIMEOUT_MS));
	msleep(200);
	KUNIT_EXPECT_EQ(test, nnt_find_count(rec, NETNOTIFY_RESYNC), 1);
	KUNIT_EXPECT_EQ(test, nnt_rec_get(rec, 1).type, NETNOTIFY_RESYNC);
	KUNIT_EXPECT_EQ(test, nnt_read_ll("/sys/kernel/netnotify/handles/%u/resyncs",
					  rec->handle), 1);
	KUNIT_EXPECT_EQ(test, nnt_rec_count(rec) - 1 +
			nnt_read_ll("/sys/kernel/netnotify/handles/%u/dropped",
				    rec->handle), events);
}

struct nnt_quiet {
	wait_queue_head_t wq;
	bool add;
	bool resync;
};

static void nnt_quiet_cb(void *ctx, const struct netnotify_ip_interface_row *row,
			 enum netnotify_type type)
{
	struct nnt_quiet *q = ctx;

	if (type == NETNOTIFY_RESYNC)
		WRITE_ONCE(q->resync, true);
	else if (type == NETNOTIFY_ADD && !strcmp(row->name, "nnt-quiesce"))
		WRITE_ONCE(q->add, true);
	wake_up_all(&q->wq);
}

/**
 * nnt_quiesce() - wait until netnotify has caught up with init_net
 * @test: the case.
 *
 * A case that floods the listener leaves a backlog (thousands of events, more
 * than a recorder keeps), and perhaps an overrun whose resynchronization is
 * still to come; the next case must inherit neither. A marker device's ADD
 * reaches a fresh handle only once everything reported before it was
 * consumed, so add markers until one arrives with no RESYNC alongside.
 */
void nnt_quiesce(struct kunit *test)
{
	struct nnt_quiet *q = kunit_kzalloc(test, sizeof(*q), GFP_KERNEL);
	unsigned long start = jiffies;
	bool clean = false;
	u32 h;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, q);
	init_waitqueue_head(&q->wq);
	KUNIT_ASSERT_EQ(test, netnotify_ip_interface_change(&init_net, AF_INET,
							    nnt_quiet_cb, q,
							    false, &h), 0);
	nnt_track(test, h);
	for (i = 0; i < 3 && !clean; i++) {
		WRITE_ONCE(q->add, false);
		WRITE_ONCE(q->resync, false);
		nnt_run(test, "ip link add nnt-quiesce type dummy");
		wait_event_timeout(q->wq, READ_ONCE(q->add), 60 * HZ);
		nnt_run(test, "ip link del nnt-quiesce");
		clean = READ_ONCE(q->add) && !READ_ONCE(q->resync);
	}
	KUNIT_EXPECT_TRUE_MSG(test, clean, "netnotify did not catch up");
	kunit_info(test, "caught up after %u ms", jiffies_to_msecs(jiffies - start));
	KUNIT_EXPECT_EQ(test, netnotify_cancel(h), 0);
}

/*
 * This thread's CPU time. Sleeping first makes the scheduler account the
 * time up to now, so the value is exact rather than a tick old.
 */
u64 nnt_cpu_ns(void)
{
	usleep_range(1000, 2000);
	return READ_ONCE(current->se.sum_exec_runtime);
}

/**
 * nnt_expect_flat_cost() - judge what changes cost beside 256 handles
 * @test: the test, whose tracked handles are the 256.
 * @what: the changes, for the report.
 * @n: how many were timed per round.
 * @base: the CPU time of the fastest round before the handles existed.
 * @loaded: the same beside them.
 *
 * Fanning out in the kernel's notifier context would cost 256 allocations
 * and copies per change, tens of times the change itself. The fan-out
 * workers running beside the timed thread on a loaded host have been seen
 * to cost up to 4.5 times (with the KASAN guest of the debug tier on the
 * same two cores); beyond 8 is not noise. Both figures come from the same
 * run, so only their ratio is judged. Then the handles are cancelled, with
 * thousands of events still on their way to them, and the listener left
 * to drain, so the next case starts clean.
 */
void nnt_expect_flat_cost(struct kunit *test, const char *what, unsigned int n,
			  u64 base, u64 loaded)
{
	struct nnt_state *st = test->priv;

	kunit_info(test, "%u %s: %llu us without the handles, %llu us beside them (ratio %llu.%02llu)",
		   n, what, base / 1000, loaded / 1000, loaded / base,
		   loaded * 100 / base % 100);
	KUNIT_EXPECT_LT(test, loaded, 8 * base);
	while (st->nhandles)
		KUNIT_EXPECT_EQ(test, netnotify_cancel(st->handles[--st->nhandles]), 0);
	nnt_quiesce(test);
}

/* Have nnt_exit() cancel @handle if the case did not. */
void nnt_track(struct kunit *test, u32 handle)
{
	struct nnt_state *st = test->priv;

	if (st->nhandles < ARRAY_SIZE(st->handles))
		st->handles[st->nhandles++] = handle;
}

int nnt_set_mtu(struct net *net, const char *name, unsigned int mtu)
{
	struct net_device *dev;
	int err = -ENODEV;

	rtnl_lock();
	dev = __dev_get_by_name(net, name);
	if (dev)
		err = dev_set_mtu(dev, mtu);
	rtnl_unlock();
	return err;
}

/* Set @name up or down from the kernel, with no process to start first. */
int nnt_set_up(struct net *net, const char *name, bool up)
{
	struct net_device *dev;
	int err = -ENODEV;

	rtnl_lock();
	dev = __dev_get_by_name(net, name);
	if (dev)
		err = dev_change_flags(dev, up ? dev->flags | IFF_UP :
					    dev->flags & ~IFF_UP, NULL);
	rtnl_unlock();
	return err;
}

static int nnt_toggle_thread(void *data)
{
	struct nnt_toggler *t = data;
	unsigned int mtu = 1400;

	while (!kthread_should_stop()) {
		if (!nnt_set_mtu(t->net, t->name, mtu))
			atomic_inc(&t->flips);
		mtu = mtu == 1400 ? 1500 : 1400;
		usleep_range(200, 400);
	}
	return 0;
}

/* Start flipping @name's MTU between 1400 and 1500 until stopped. */
struct nnt_toggler *nnt_toggle_start(struct kunit *test, struct net *net,
				     const char *name)
{
	struct nnt_state *st = test->priv;
	struct nnt_toggler *t;
	int i;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	t->net = net;
	strscpy(t->name, name, sizeof(t->name));
	for (i = 0; i < ARRAY_SIZE(st->togglers) && st->togglers[i]; i++)
		;
	KUNIT_ASSERT_LT(test, i, ARRAY_SIZE(st->togglers));
	t->task = kthread_run(nnt_toggle_thread, t, "nnt_toggle");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t->task));
	st->togglers[i] = t;
	return t;
}

void nnt_toggle_stop(struct kunit *test, struct nnt_toggler *t)
{
	struct nnt_state *st = test->priv;
	int i;

	for (i = 0; i < ARRAY_SIZE(st->togglers); i++) {
		if (st->togglers[i] == t) {
			kthread_stop(t->task);
			st->togglers[i] = NULL;
		}
	}
}

/* Suite .init: per-case state. */
int nnt_init(struct kunit *test)
{
	test->priv = kunit_kzalloc(test, sizeof(struct nnt_state), GFP_KERNEL);
	return test->priv ? 0 : -ENOMEM;
}

/*
 * Suite .exit: stop togglers, cancel handles (their recorders are about to
 * be freed), drop the case's namespace reference, and remove every device
 * and namespace named nnt*.
 */
void nnt_exit(struct kunit *test)
{
	struct nnt_state *st = test->priv;
	unsigned int i;

	if (!st)
		return;
	for (i = 0; i < ARRAY_SIZE(st->togglers); i++)
		if (st->togglers[i])
			nnt_toggle_stop(test, st->togglers[i]);
	for (i = 0; i < st->nhandles; i++)
		netnotify_cancel(st->handles[i]);
	if (st->net)
		put_net(st->net);
	nnt_radvd_stop();
	nnt_sh("for d in $(ip -o link show | sed -n '%s'); do ip link del $d; done",
	       "s/^[0-9]*: \\(nnt[^:@]*\\).*/\\1/p");
	nnt_sh("for n in $(ip netns list | sed -n '%s'); do ip netns del $n; done",
	       "s/^\\(nnt[^ ]*\\).*/\\1/p");
}

/**
 * nnt_addr6() - add or delete an IPv6 address from this thread
 * @sock: a kernel rtnetlink socket of the device's namespace.
 * @ifindex: the device.
 * @addr: the address (a /128, without DAD).
 * @add: add, or delete.
 *
 * The request is processed in this thread, notifier chains (inet6addr)
 * included, so its CPU time is what the change costs the kernel.
 *
 * Return: 0 when the request was sent; the kernel's own answer is not read.
 */
int nnt_addr6(struct socket *sock, int ifindex, const struct in6_addr *addr,
	      bool add)
{
	struct sockaddr_nl dst = { .nl_family = AF_NETLINK };
	struct msghdr msg = { .msg_name = &dst, .msg_namelen = sizeof(dst) };
	struct {
		struct nlmsghdr nlh;
		struct ifaddrmsg ifa;
		struct nlattr attr;
		struct in6_addr addr;
		struct nlattr fattr;
		u32 flags;
	} req = {
		.nlh = {
			.nlmsg_len = sizeof(req),
			.nlmsg_type = add ? RTM_NEWADDR : RTM_DELADDR,
			.nlmsg_flags = NLM_F_REQUEST |
				       (add ? NLM_F_CREATE | NLM_F_EXCL : 0),
		},
		.ifa = { .ifa_family = AF_INET6, .ifa_prefixlen = 128,
			 .ifa_index = ifindex },
		.attr = { .nla_len = NLA_HDRLEN + sizeof(*addr),
			  .nla_type = IFA_LOCAL },
		.addr = *addr,
		.fattr = { .nla_len = NLA_HDRLEN + sizeof(u32),
			   .nla_type = IFA_FLAGS },
		.flags = IFA_F_NODAD,
	};
	struct kvec iov = { .iov_base = &req, .iov_len = sizeof(req) };
	int err;

	err = kernel_sendmsg(sock, &msg, &iov, 1, sizeof(req));
	return err < 0 ? err : 0;
}

/*
 * The kernel queues a message to each listener in turn and wakes each at
 * once; this stamps the message just queued, so a test can tell when the
 * kernel sent it rather than when its own thread got to read it (which a
 * loaded guest can delay by half a second).
 */
static void (*nnt_listen_wake)(struct sock *sk);

static void nnt_listen_ready(struct sock *sk)
{
	ktime_t now = ktime_get();
	struct sk_buff *skb;
	unsigned long flags;

	/* Another CPU may have queued one since: stamp all not yet stamped. */
	spin_lock_irqsave(&sk->sk_receive_queue.lock, flags);
	skb_queue_reverse_walk(&sk->sk_receive_queue, skb) {
		if (skb->tstamp)
			break;
		skb->tstamp = now;
	}
	spin_unlock_irqrestore(&sk->sk_receive_queue.lock, flags);
	nnt_listen_wake(sk);
}

/**
 * nnt_listen() - a kernel rtnetlink socket on one multicast group
 * @net: the namespace.
 * @group: RTNLGRP_*.
 *
 * For measuring netnotify against the kernel's own messages: each message
 * is stamped (skb->tstamp, ktime_get()) as the kernel queues it, until
 * nnt_listen_dad_done() returns. The socket never reports an overrun (so
 * never stops taking messages, though read without netlink_recvmsg()).
 *
 * Return: the socket (sock_release() it), or NULL.
 */
struct socket *nnt_listen(struct net *net, unsigned int group)
{
	struct sockaddr_nl addr = { .nl_family = AF_NETLINK };
	struct socket *sock;
	int on = 1;

	if (sock_create_kern(net, AF_NETLINK, SOCK_RAW, NETLINK_ROUTE, &sock))
		return NULL;
	/* Every such socket wakes its reader the same way: keep it once. */
	nnt_listen_wake = sock->sk->sk_data_ready;
	write_lock_bh(&sock->sk->sk_callback_lock);
	sock->sk->sk_data_ready = nnt_listen_ready;
	write_unlock_bh(&sock->sk->sk_callback_lock);
	if (kernel_bind(sock, (struct sockaddr *)&addr, sizeof(addr)) ||
	    sock->ops->setsockopt(sock, SOL_NETLINK, NETLINK_NO_ENOBUFS,
				  KERNEL_SOCKPTR(&on), sizeof(on)) ||
	    sock->ops->setsockopt(sock, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
				  KERNEL_SOCKPTR(&group), sizeof(group))) {
		sock_release(sock);
		return NULL;
	}
	sock->sk->sk_rcvtimeo = msecs_to_jiffies(100);
	return sock;
}

/**
 * nnt_listen_dad_done() - wait for the kernel to say DAD of @addr is done
 * @sock: from nnt_listen(), on RTNLGRP_IPV6_IFADDR.
 * @addr: the IPv6 address, as text.
 * @timeout_ms: how long to wait.
 * @read: set to when this thread read the message.
 *
 * The message is the kernel's RTM_NEWADDR saying @addr is no longer
 * tentative. The socket's messages are taken off its queue directly, to
 * read their stamps. On return the socket no longer stamps (its wake-up
 * is this module's no more), so a test that stops early leaves nothing of
 * the module behind in it.
 *
 * Return: when the kernel queued that message, or 0 after @timeout_ms.
 */
ktime_t nnt_listen_dad_done(struct socket *sock, const char *addr,
			    unsigned int timeout_ms, ktime_t *read)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(timeout_ms);
	struct netnotify_unicast_ip_address_row r = { .family = AF_INET6 };
	ktime_t found = 0;

	while (!found && time_before(jiffies, deadline)) {
		struct nlmsghdr *nlh;
		struct sk_buff *skb;
		int err, rem;

		skb = skb_recv_datagram(sock->sk, 0, &err);
		if (!skb)
			continue;
		for (nlh = (void *)skb->data, rem = skb->len; nlmsg_ok(nlh, rem);
		     nlh = nlmsg_next(nlh, &rem)) {
			struct nlattr *tb[IFA_MAX + 1];
			u32 flags;

			if (nlh->nlmsg_type != RTM_NEWADDR ||
			    nlmsg_parse_deprecated(nlh, sizeof(struct ifaddrmsg),
						   tb, IFA_MAX, NULL, NULL) ||
			    !tb[IFA_ADDRESS] || nla_len(tb[IFA_ADDRESS]) != 16)
				continue;
			flags = tb[IFA_FLAGS] ? nla_get_u32(tb[IFA_FLAGS]) :
				((struct ifaddrmsg *)nlmsg_data(nlh))->ifa_flags;
			memcpy(&r.addr, nla_data(tb[IFA_ADDRESS]), 16);
			if (nnt_addr_is(&r, addr) && !(flags & IFA_F_TENTATIVE)) {
				*read = ktime_get();
				found = skb->tstamp ?: *read;
			}
		}
		skb_free_datagram(sock->sk, skb);
	}
	write_lock_bh(&sock->sk->sk_callback_lock);
	sock->sk->sk_data_ready = nnt_listen_wake;
	write_unlock_bh(&sock->sk->sk_callback_lock);
	return found;
}

/**
 * nnt_rtnl_request() - send an rtnetlink request and read the answers
 * @net: the namespace.
 * @req: one request with NLM_F_ACK or NLM_F_DUMP; consumed.
 * @fn: called for each answer before the closing NLMSG_DONE or NLMSG_ERROR,
 *	or NULL; a negative return stops the reading and is returned.
 * @arg: passed to @fn.
 *
 * For what iproute2 cannot ask for, and to read what the kernel itself
 * sends. The request goes from a kernel socket with a destination address,
 * which has rtnetlink check the calling task's capabilities (this thread's,
 * root's) rather than those of a file.
 *
 * Return: 0, the error the kernel answered, or a negative errno.
 */
int nnt_rtnl_request(struct net *net, struct sk_buff *req,
		     int (*fn)(void *arg, const struct nlmsghdr *nlh),
		     void *arg)
{
	struct sockaddr_nl dst = { .nl_family = AF_NETLINK };
	struct msghdr msg = { .msg_name = &dst, .msg_namelen = sizeof(dst) };
	struct kvec iov = { .iov_base = req->data, .iov_len = req->len };
	const size_t len = 32 * 1024;
	struct socket *sock;
	void *buf;
	int err;

	buf = kvmalloc(len, GFP_KERNEL);
	err = buf ? sock_create_kern(net, AF_NETLINK, SOCK_RAW, NETLINK_ROUTE,
				     &sock) : -ENOMEM;
	if (err)
		goto out;
	sock->sk->sk_rcvtimeo = msecs_to_jiffies(NNT_TIMEOUT_MS);
	err = kernel_sendmsg(sock, &msg, &iov, 1, req->len);
	/* 1: the answer is not complete yet. */
	err = err < 0 ? err : 1;
	while (err == 1) {
		struct msghdr in = {};
		struct nlmsghdr *nlh;
		int n, rem;

		iov.iov_base = buf;
		iov.iov_len = len;
		n = kernel_recvmsg(sock, &in, &iov, 1, len, 0);
		if (n < 0 || (in.msg_flags & MSG_TRUNC)) {
			err = n < 0 ? n : -EMSGSIZE;
			break;
		}
		for (nlh = buf, rem = n; err == 1 && nlmsg_ok(nlh, rem);
		     nlh = nlmsg_next(nlh, &rem)) {
			if (nlh->nlmsg_type == NLMSG_DONE)
				err = 0;
			else if (nlh->nlmsg_type == NLMSG_ERROR)
				err = ((struct nlmsgerr *)nlmsg_data(nlh))->error;
			else if (fn)
				err = fn(arg, nlh) ?: 1;
		}
	}
	sock_release(sock);
out:
	kvfree(buf);
	kfree_skb(req);
	return err;
}
