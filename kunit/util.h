/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the netnotify suites: run iproute2, open namespaces,
 * record callbacks and wait for them.
 */
#ifndef _NNT_UTIL_H
#define _NNT_UTIL_H

#include "netns_file.h"
#include "shim.h"

#include <linux/atomic.h>
#include <linux/ktime.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <netnotify/netnotify.h>

struct in6_addr;
struct net;
struct nlmsghdr;
struct sk_buff;
struct socket;

/* netnotify's sysfs directory. */
#define NNT_SYSFS	"/sys/kernel/netnotify"

/* How long the suites wait for an event before declaring it missing. */
#define NNT_TIMEOUT_MS	5000

int nnt_sh(const char *fmt, ...) __printf(1, 2);
void nnt_run(struct kunit *test, const char *fmt, ...) __printf(2, 3);
void nnt_mtu_batch(struct kunit *test, const char *dev, unsigned int from,
		   unsigned int to);

/**
 * struct nnt_state - what a test case set up, torn down by nnt_exit() even
 *	when an assertion ended the case early
 * @handles: handles registered through nnt_register().
 * @nhandles: how many.
 * @togglers: background MTU togglers started by nnt_toggle_start().
 * @net: a namespace reference the case holds, if any.
 */
struct nnt_state {
	u32 handles[300];
	unsigned int nhandles;
	struct nnt_toggler *togglers[4];
	struct net *net;
};

int nnt_init(struct kunit *test);
void nnt_exit(struct kunit *test);

struct net *nnt_veth_pair(struct kunit *test);
struct net *nnt_ra_pair(struct kunit *test);
void nnt_radvd(struct kunit *test, unsigned int valid);
void nnt_radvd_stop(void);
int nnt_ifindex(struct net *net, const char *name);
int nnt_read_file(const char *path, char *buf, size_t len);
long long nnt_read_ll(const char *fmt, ...) __printf(1, 2);
bool nnt_path_exists(const char *fmt, ...) __printf(1, 2);
void nnt_wait_captured(struct kunit *test, u32 handle, long long n);
u64 nnt_cpu_ns(void);
void nnt_expect_flat_cost(struct kunit *test, const char *what, unsigned int n,
			  u64 base, u64 loaded);

/**
 * struct nnt_event - one recorded callback
 * @type: what the callback was told.
 * @has_row: the row was non-NULL.
 * @row: a copy of it, for interface handles.
 * @addr: a copy of it, for address handles.
 * @route: a copy of it, for route handles.
 * @dev: a copy of it, for device handles.
 * @action: the action, for device handles (@type is NETNOTIFY_RESYNC for
 *	theirs, else NETNOTIFY_PARAMETER).
 * @handle: the handle the recorder had when the callback ran.
 * @when: when the callback ran.
 *
 * Every row type starts with its u16 family.
 */
struct nnt_event {
	enum netnotify_type type;
	bool has_row;
	union {
		struct netnotify_ip_interface_row row;
		struct netnotify_unicast_ip_address_row addr;
		struct netnotify_ip_forward_row route;
		struct netnotify_device_event dev;
	};
	int action;
	u32 handle;
	ktime_t when;
};

#define NNT_MAX_EVENTS	1024

/**
 * struct nnt_rec - a callback recorder, passed as the callback context
 * @lock: protects @n and @ev.
 * @wq: woken on every callback.
 * @n: callbacks recorded.
 * @ev: the first NNT_MAX_EVENTS of them.
 * @handle: the handle, stored by the test after registering.
 * @in_cb: callbacks running now; more than one means overlap.
 * @overlap: two callbacks of the recorder ran at once.
 * @bad_context: a callback ran in a context that must not be used.
 * @addrs: records address rows (for nnt_rec_dump()).
 * @hook: optional, called at the start of each callback.
 * @priv: for @hook.
 */
struct nnt_rec {
	spinlock_t lock;	/* protects n and ev */
	wait_queue_head_t wq;
	unsigned int n;
	struct nnt_event ev[NNT_MAX_EVENTS];
	u32 handle;
	atomic_t in_cb;
	bool overlap;
	bool bad_context;
	bool addrs;
	void (*hook)(struct nnt_rec *rec, const struct nnt_event *e);
	void *priv;
};

struct nnt_rec *nnt_rec_new(struct kunit *test);
void nnt_record(struct nnt_rec *rec, struct nnt_event *e);
u32 nnt_register(struct kunit *test, struct net *net, u16 family,
		 bool initial, struct nnt_rec *rec);

/**
 * struct nnt_toggler - a kthread flipping a device's MTU, for event bursts
 * @task: the thread.
 * @net: namespace of the device.
 * @name: the device.
 * @flips: MTU changes made so far.
 */
struct nnt_toggler {
	struct task_struct *task;
	struct net *net;
	char name[IFNAMSIZ];
	atomic_t flips;
};

struct nnt_toggler *nnt_toggle_start(struct kunit *test, struct net *net,
				     const char *name);
void nnt_toggle_stop(struct kunit *test, struct nnt_toggler *t);
int nnt_set_mtu(struct net *net, const char *name, unsigned int mtu);
int nnt_set_up(struct net *net, const char *name, bool up);

struct socket *nnt_listen(struct net *net, unsigned int group);
int nnt_addr6(struct socket *sock, int ifindex, const struct in6_addr *addr,
	      bool add);
ktime_t nnt_listen_dad_done(struct socket *sock, const char *addr,
			    unsigned int timeout_ms, ktime_t *read);
int nnt_rtnl_request(struct net *net, struct sk_buff *req,
		     int (*fn)(void *arg, const struct nlmsghdr *nlh),
		     void *arg);
void nnt_iface_cb(void *ctx, const struct netnotify_ip_interface_row *row,
		  enum netnotify_type type);
void nnt_addr_cb(void *ctx, const struct netnotify_unicast_ip_address_row *row,
		 enum netnotify_type type);
u32 nnt_register_addr(struct kunit *test, struct net *net, u16 family,
		      bool initial, struct nnt_rec *rec);
void nnt_route_cb(void *ctx, const struct netnotify_ip_forward_row *row,
		  enum netnotify_type type);
u32 nnt_register_route(struct kunit *test, struct net *net, u16 family,
		       bool initial, struct nnt_rec *rec);
bool nnt_pton(u16 family, const char *s, union netnotify_inet_addr *addr);
void nnt_track(struct kunit *test, u32 handle);
bool nnt_addr_is(const struct netnotify_unicast_ip_address_row *r,
		 const char *addr);
unsigned int nnt_rec_count(struct nnt_rec *rec);
unsigned int nnt_find_count(struct nnt_rec *rec, enum netnotify_type type);
void nnt_rec_dump(struct kunit *test, struct nnt_rec *rec);
struct nnt_event nnt_rec_get(struct nnt_rec *rec, unsigned int i);

/* Matches an event; NULL/0/-1 fields match anything. */
struct nnt_match {
	int type;		/* -1: any */
	u16 family;		/* 0: any */
	const char *name;	/* interface name; NULL: any */
	const char *addr;	/* address, or "prefix/len"; NULL: any */
};

int nnt_rec_find(struct nnt_rec *rec, unsigned int from,
		 const struct nnt_match *m);
int nnt_rec_wait(struct nnt_rec *rec, unsigned int from,
		 const struct nnt_match *m, unsigned int timeout_ms);
void nnt_quiesce(struct kunit *test);

/* Holds a recorder's first callback until released. */
struct nnt_hold {
	struct completion started;
	struct completion release;
};

struct nnt_hold *nnt_hold_first(struct kunit *test, struct nnt_rec *rec);
void nnt_expect_one_resync(struct kunit *test, struct nnt_rec *rec,
			   struct nnt_hold *hold, long long events);
void nnt_expect_orphaned(struct kunit *test, u32 h);
void nnt_wait_delivered(struct kunit *test, struct nnt_rec *rec);
bool nnt_rec_wait_count(struct nnt_rec *rec, unsigned int n,
			unsigned int timeout_ms);

#endif /* _NNT_UTIL_H */
