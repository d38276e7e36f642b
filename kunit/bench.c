// SPDX-License-Identifier: GPL-2.0
/*
 * netnotify_bench: the kernel half of make bench (scripts/guest/bench.sh).
 * It registers handles in bulk and times what only the kernel can time,
 * each beside its floor, measured the same way in the same boot:
 *
 * - latency: from a device's NETDEV_CHANGEMTU to the start of netnotify's
 *   interface callback for it, against the start of a work item queued
 *   from a netdevice notifier on the same event (the least any deferred
 *   delivery costs), on system_wq (the floor) and on system_unbound_wq
 *   (what netnotify's work items are: they may run long);
 * - cancel: register + cancel of a handle, against register + unregister
 *   of an inet6addr notifier;
 * - table: netnotify_get_ip_forward_table() of the IPv4 routes;
 * - fan-out: how many events the handles got, and when the last arrived,
 *   against a mark the script sets when its inserts are done;
 * - memory: handles whose first callback blocks, so that events queue.
 *
 * A command is written to /sys/kernel/debug/netnotify_bench/cmd, one per
 * write; reading the file gives the result of the last as "key value"
 * lines.
 */

#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <net/addrconf.h>
#include <net/net_namespace.h>
#include <netnotify/netnotify.h>

/* The largest count a command takes: bounds the arrays it allocates. */
#define NNB_MAX_COUNT	100000
/* How long one latency sample may take before it counts as lost. */
#define NNB_SAMPLE_TIMEOUT	(5 * HZ)
/* Lost samples in a row that end a latency run: delivery is broken. */
#define NNB_MAX_LOST	3
/* Blocked handles each hold a worker of netnotify's workqueue. */
#define NNB_MAX_BLOCKED	64
/* MTUs of the latency run: at least IPv6's minimum, so it stays. */
#define NNB_MTU_BASE	1280
#define NNB_MTU_SPAN	4000
#define NNB_RESULT_LEN	512

enum nnb_kind { NNB_IFACE, NNB_ADDR, NNB_ROUTE, NNB_BLOCK, NNB_NR_KINDS };

static DEFINE_MUTEX(nnb_lock);	/* one command at a time; guards below */
static u32 *nnb_ids;
static unsigned int nnb_nr_ids;
static char nnb_result[NNB_RESULT_LEN];

static atomic64_t nnb_callbacks;
static atomic64_t nnb_adds;
static atomic64_t nnb_resyncs;
static atomic64_t nnb_last_ns;
static u64 nnb_mark_ns;

/* Blocked handles wait on this until "unblock"; re-armed by "block". */
static DECLARE_COMPLETION(nnb_unblock);

static void nnb_count(enum netnotify_type type)
{
	atomic64_inc(&nnb_callbacks);
	if (type == NETNOTIFY_ADD)
		atomic64_inc(&nnb_adds);
	else if (type == NETNOTIFY_RESYNC)
		atomic64_inc(&nnb_resyncs);
	atomic64_set(&nnb_last_ns, ktime_get_ns());
}

static void nnb_iface_cb(void *ctx, const struct netnotify_ip_interface_row *row,
			 enum netnotify_type type)
{
	nnb_count(type);
}

static void nnb_addr_cb(void *ctx,
			const struct netnotify_unicast_ip_address_row *row,
			enum netnotify_type type)
{
	nnb_count(type);
}

static void nnb_route_cb(void *ctx, const struct netnotify_ip_forward_row *row,
			 enum netnotify_type type)
{
	nnb_count(type);
}

static void nnb_block_cb(void *ctx, const struct netnotify_ip_forward_row *row,
			 enum netnotify_type type)
{
	wait_for_completion(&nnb_unblock);
}

static int nnb_register(struct net *net, enum nnb_kind kind, u32 *id)
{
	switch (kind) {
	case NNB_IFACE:
		return netnotify_ip_interface_change(net, AF_UNSPEC,
						     nnb_iface_cb, NULL, false,
						     id);
	case NNB_ADDR:
		return netnotify_unicast_ip_address_change(net, AF_UNSPEC,
							   nnb_addr_cb, NULL,
							   false, id);
	case NNB_ROUTE:
		return netnotify_route_change(net, AF_UNSPEC, nnb_route_cb,
					      NULL, false, id);
	case NNB_BLOCK:
		return netnotify_route_change(net, AF_INET, nnb_block_cb,
					      NULL, false, id);
	default:
		return -EINVAL;
	}
}

static int nnb_keep(u32 id)
{
	u32 *ids = krealloc_array(nnb_ids, nnb_nr_ids + 1, sizeof(*ids),
				  GFP_KERNEL);

	if (!ids)
		return -ENOMEM;
	nnb_ids = ids;
	nnb_ids[nnb_nr_ids++] = id;
	return 0;
}

/* Register @n handles of each kind in @kinds ("iar"), or of @kinds in turn. */
static int nnb_handles(struct net *net, unsigned int n, const char *kinds,
		       bool in_turn)
{
	static const char letters[NNB_NR_KINDS + 1] = "iarb";
	unsigned int i, k, nk = strlen(kinds);
	const char *p;
	int err;
	u32 id;

	for (i = 0; i < n * (in_turn ? 1 : nk); i++) {
		k = in_turn ? i % nk : i / n;
		p = strchr(letters, kinds[k]);
		if (!p)
			return -EINVAL;
		err = nnb_register(net, p - letters, &id);
		if (err)
			return err;
		err = nnb_keep(id);
		if (err) {
			netnotify_cancel(id);
			return err;
		}
	}
	return 0;
}

static u64 nnb_release(void)
{
	u64 t0 = ktime_get_ns();
	unsigned int i;

	complete_all(&nnb_unblock);
	for (i = 0; i < nnb_nr_ids; i++)
		netnotify_cancel(nnb_ids[i]);
	kfree(nnb_ids);
	nnb_ids = NULL;
	nnb_nr_ids = 0;
	return ktime_get_ns() - t0;
}

/* --- latency ------------------------------------------------------------ */

struct nnb_latency {
	struct net_device *dev;
	int mtu;		/* the change being timed */
	u64 t0;			/* NETDEV_CHANGEMTU */
	u64 t_nn;		/* netnotify's callback */
	u64 t_floor;		/* the floor's work item */
	u64 t_unbound;		/* the same on an unbound workqueue */
	struct work_struct work;
	struct work_struct unbound_work;
	wait_queue_head_t wq;
};

static struct nnb_latency nnb_lat;

static void nnb_floor_work(struct work_struct *work)
{
	WRITE_ONCE(nnb_lat.t_floor, ktime_get_ns());
	wake_up(&nnb_lat.wq);
}

static void nnb_unbound_work(struct work_struct *work)
{
	WRITE_ONCE(nnb_lat.t_unbound, ktime_get_ns());
	wake_up(&nnb_lat.wq);
}

static int nnb_floor_event(struct notifier_block *nb, unsigned long event,
			   void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);

	if (event == NETDEV_CHANGEMTU && dev == READ_ONCE(nnb_lat.dev) &&
	    dev->mtu == READ_ONCE(nnb_lat.mtu)) {
		WRITE_ONCE(nnb_lat.t0, ktime_get_ns());
		queue_work(system_wq, &nnb_lat.work);
		queue_work(system_unbound_wq, &nnb_lat.unbound_work);
	}
	return NOTIFY_DONE;
}

/*
 * First in the chain: rtnetlink's own notifier sends the RTM_NEWLINK that
 * netnotify reads, so a later stamp could follow netnotify's callback.
 */
static struct notifier_block nnb_floor_nb = {
	.notifier_call = nnb_floor_event,
	.priority = INT_MAX,
};

static void nnb_lat_cb(void *ctx, const struct netnotify_ip_interface_row *row,
		       enum netnotify_type type)
{
	if (type == NETNOTIFY_PARAMETER && row->mtu == READ_ONCE(nnb_lat.mtu) &&
	    row->ifindex == READ_ONCE(nnb_lat.dev)->ifindex &&
	    !READ_ONCE(nnb_lat.t_nn)) {
		WRITE_ONCE(nnb_lat.t_nn, ktime_get_ns());
		wake_up(&nnb_lat.wq);
	}
}

static bool nnb_lat_done(void)
{
	return READ_ONCE(nnb_lat.t_nn) && READ_ONCE(nnb_lat.t_floor) &&
	       READ_ONCE(nnb_lat.t_unbound);
}

static int nnb_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static u64 nnb_pct(u64 *v, unsigned int n, unsigned int pct)
{
	return n ? v[min(n - 1, n * pct / 100)] : 0;
}

/* Change @ifname's MTU @n times, one change at a time, timing both paths. */
static int nnb_latency(struct net *net, const char *ifname, unsigned int n)
{
	unsigned int i, got = 0, lost = 0, in_row = 0;
	u64 *nn, *floor, *unbound;
	int err, mtu0;
	u32 id;

	nn = kvcalloc(n, sizeof(*nn), GFP_KERNEL);
	floor = kvcalloc(n, sizeof(*floor), GFP_KERNEL);
	unbound = kvcalloc(n, sizeof(*unbound), GFP_KERNEL);
	nnb_lat.dev = dev_get_by_name(net, ifname);
	err = !nn || !floor || !unbound ? -ENOMEM : nnb_lat.dev ? 0 : -ENODEV;
	if (err)
		goto out;
	mtu0 = nnb_lat.dev->mtu;
	err = register_netdevice_notifier(&nnb_floor_nb);
	if (err)
		goto out;
	err = netnotify_ip_interface_change(net, AF_INET, nnb_lat_cb, NULL,
					    false, &id);
	if (err)
		goto out_notifier;

	for (i = 0; i < n && in_row < NNB_MAX_LOST; i++) {
		WRITE_ONCE(nnb_lat.t_nn, 0);
		WRITE_ONCE(nnb_lat.t_floor, 0);
		WRITE_ONCE(nnb_lat.t_unbound, 0);
		WRITE_ONCE(nnb_lat.mtu, NNB_MTU_BASE + i % NNB_MTU_SPAN);
		rtnl_lock();
		err = dev_set_mtu(nnb_lat.dev, nnb_lat.mtu);
		rtnl_unlock();
		if (err)
			break;
		if (!wait_event_timeout(nnb_lat.wq, nnb_lat_done(),
					NNB_SAMPLE_TIMEOUT)) {
			lost++;
			in_row++;
			continue;
		}
		in_row = 0;
		nn[got] = nnb_lat.t_nn - nnb_lat.t0;
		unbound[got] = nnb_lat.t_unbound - nnb_lat.t0;
		floor[got++] = nnb_lat.t_floor - nnb_lat.t0;
		/* Start each sample from a quiet system, as a real event does. */
		usleep_range(500, 1000);
	}
	/* Nothing of ours may still run once the command returns. */
	netnotify_cancel(id);
	unregister_netdevice_notifier(&nnb_floor_nb);
	flush_work(&nnb_lat.work);
	flush_work(&nnb_lat.unbound_work);
	rtnl_lock();
	dev_set_mtu(nnb_lat.dev, mtu0);
	rtnl_unlock();
	sort(nn, got, sizeof(*nn), nnb_cmp_u64, NULL);
	sort(floor, got, sizeof(*floor), nnb_cmp_u64, NULL);
	sort(unbound, got, sizeof(*unbound), nnb_cmp_u64, NULL);
	snprintf(nnb_result, sizeof(nnb_result),
		 "samples %u\nlost %u\nnn_p50_ns %llu\nnn_p99_ns %llu\nfloor_p50_ns %llu\nfloor_p99_ns %llu\nunbound_p50_ns %llu\nunbound_p99_ns %llu\n",
		 got, lost, nnb_pct(nn, got, 50), nnb_pct(nn, got, 99),
		 nnb_pct(floor, got, 50), nnb_pct(floor, got, 99),
		 nnb_pct(unbound, got, 50), nnb_pct(unbound, got, 99));
	goto out;
out_notifier:
	unregister_netdevice_notifier(&nnb_floor_nb);
out:
	if (nnb_lat.dev)
		dev_put(nnb_lat.dev);
	WRITE_ONCE(nnb_lat.dev, NULL);
	kvfree(nn);
	kvfree(floor);
	kvfree(unbound);
	return err;
}

/* --- cancel --------------------------------------------------------------- */

static int nnb_nop_event(struct notifier_block *nb, unsigned long event,
			 void *ptr)
{
	return NOTIFY_DONE;
}

static struct notifier_block nnb_nop_nb = {
	.notifier_call = nnb_nop_event,
};

static int nnb_cancel(struct net *net, unsigned int n, bool floor)
{
	u64 t0 = ktime_get_ns();
	unsigned int i;
	int err = 0;
	u32 id;

	for (i = 0; i < n && !err; i++) {
		if (floor) {
			err = register_inet6addr_notifier(&nnb_nop_nb);
			if (!err)
				err = unregister_inet6addr_notifier(&nnb_nop_nb);
			continue;
		}
		err = nnb_register(net, NNB_IFACE, &id);
		if (!err)
			err = netnotify_cancel(id);
	}
	snprintf(nnb_result, sizeof(nnb_result), "pairs %u\nns_per_pair %llu\n",
		 i, div_u64(ktime_get_ns() - t0, max(i, 1U)));
	return err;
}

/* --- commands ------------------------------------------------------------- */

static int nnb_table(struct net *net)
{
	struct netnotify_ip_forward_table *table;
	u64 t0 = ktime_get_ns(), t;
	int err;

	err = netnotify_get_ip_forward_table(net, AF_INET, &table);
	t = ktime_get_ns() - t0;
	if (err)
		return err;
	snprintf(nnb_result, sizeof(nnb_result), "rows %u\nns %llu\n",
		 table->num_entries, t);
	netnotify_free_table(table);
	return 0;
}

static void nnb_counters(void)
{
	u64 last = atomic64_read(&nnb_last_ns);

	snprintf(nnb_result, sizeof(nnb_result),
		 "handles %u\ncallbacks %lld\nadds %lld\nresyncs %lld\ntail_ns %llu\n",
		 nnb_nr_ids, atomic64_read(&nnb_callbacks),
		 atomic64_read(&nnb_adds), atomic64_read(&nnb_resyncs),
		 nnb_mark_ns && last > nnb_mark_ns ? last - nnb_mark_ns : 0);
}

static void nnb_zero(void)
{
	atomic64_set(&nnb_callbacks, 0);
	atomic64_set(&nnb_adds, 0);
	atomic64_set(&nnb_resyncs, 0);
	atomic64_set(&nnb_last_ns, 0);
	nnb_mark_ns = 0;
}

/* The namespace of an open file descriptor of the writer's. */
static int nnb_netns(int fd, unsigned int n, const char *kinds)
{
	struct net *net = get_net_ns_by_fd(fd);
	int err;

	if (IS_ERR(net))
		return PTR_ERR(net);
	err = nnb_handles(net, n, kinds, true);
	put_net(net);
	return err;
}

static int nnb_run(char *line)
{
	struct net *net = current->nsproxy->net_ns;
	char word[16], arg[IFNAMSIZ], kinds[8];
	unsigned int n = 0;
	int fd;

	nnb_result[0] = '\0';
	if (sscanf(line, "%15s", word) != 1)
		return -EINVAL;
	if (!strcmp(word, "handles") &&
	    sscanf(line, "handles %u %7s", &n, kinds) == 2 && n <= NNB_MAX_COUNT)
		return nnb_handles(net, n, kinds, false);
	if (!strcmp(word, "netns") &&
	    sscanf(line, "netns %d %u %7s", &fd, &n, kinds) == 3 &&
	    n <= NNB_MAX_COUNT)
		return nnb_netns(fd, n, kinds);
	if (!strcmp(word, "block") && sscanf(line, "block %u", &n) == 1 &&
	    n <= NNB_MAX_BLOCKED) {
		reinit_completion(&nnb_unblock);
		return nnb_handles(net, n, "b", false);
	}
	if (!strcmp(word, "unblock")) {
		complete_all(&nnb_unblock);
		return 0;
	}
	if (!strcmp(word, "release")) {
		snprintf(nnb_result, sizeof(nnb_result), "ns %llu\n",
			 nnb_release());
		return 0;
	}
	if (!strcmp(word, "latency") &&
	    sscanf(line, "latency %15s %u", arg, &n) == 2 && n > 0 &&
	    n <= NNB_MAX_COUNT)
		return nnb_latency(net, arg, n);
	if (!strcmp(word, "cancel") && sscanf(line, "cancel %u", &n) == 1 &&
	    n <= NNB_MAX_COUNT)
		return nnb_cancel(net, n, false);
	if (!strcmp(word, "cancel_floor") &&
	    sscanf(line, "cancel_floor %u", &n) == 1 && n <= NNB_MAX_COUNT)
		return nnb_cancel(net, n, true);
	if (!strcmp(word, "table"))
		return nnb_table(net);
	if (!strcmp(word, "zero")) {
		nnb_zero();
		return 0;
	}
	if (!strcmp(word, "mark")) {
		nnb_mark_ns = ktime_get_ns();
		return 0;
	}
	if (!strcmp(word, "counters")) {
		nnb_counters();
		return 0;
	}
	return -EINVAL;
}

static ssize_t nnb_write(struct file *file, const char __user *buf,
			 size_t len, loff_t *ppos)
{
	char line[64];
	int err;

	if (len >= sizeof(line))
		return -EINVAL;
	if (copy_from_user(line, buf, len))
		return -EFAULT;
	line[len] = '\0';
	mutex_lock(&nnb_lock);
	err = nnb_run(line);
	mutex_unlock(&nnb_lock);
	return err ? err : len;
}

static ssize_t nnb_read(struct file *file, char __user *buf, size_t len,
			loff_t *ppos)
{
	ssize_t ret;

	mutex_lock(&nnb_lock);
	ret = simple_read_from_buffer(buf, len, ppos, nnb_result,
				      strlen(nnb_result));
	mutex_unlock(&nnb_lock);
	return ret;
}

static const struct file_operations nnb_fops = {
	.owner = THIS_MODULE,
	.read = nnb_read,
	.write = nnb_write,
	.llseek = default_llseek,
};

static struct dentry *nnb_dir;

static int __init nnb_init(void)
{
	INIT_WORK(&nnb_lat.work, nnb_floor_work);
	INIT_WORK(&nnb_lat.unbound_work, nnb_unbound_work);
	init_waitqueue_head(&nnb_lat.wq);
	nnb_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file("cmd", 0600, nnb_dir, NULL, &nnb_fops);
	return 0;
}

static void __exit nnb_exit(void)
{
	debugfs_remove_recursive(nnb_dir);
	mutex_lock(&nnb_lock);
	nnb_release();
	mutex_unlock(&nnb_lock);
}

module_init(nnb_init);
module_exit(nnb_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("netnotify benchmarks: the kernel half of make bench");
NETNOTIFY_IMPORT_NS();
