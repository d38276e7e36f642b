// SPDX-License-Identifier: GPL-2.0
/*
 * nnforge: forge rtnetlink notifications from user space, as anyone with
 * CAP_NET_ADMIN over a network namespace can, to check that netnotify
 * believes only what the kernel sends.
 *
 * usage: nnforge [--count N] [--uid U] [--unshare] [--unicast] [--hold S]
 *
 * Sends N RTM_NEWLINK messages (interface index 1000000 + i, named
 * "forged<i>", with IPv4 and IPv6 state) and N RTM_NEWADDR messages
 * (198.18.0.0 + i, a /32 on that interface), each to its rtnetlink
 * multicast group and by unicast to every other NETLINK_ROUTE port that
 * /proc/net/netlink lists in the namespace, then prints how many it sent.
 *
 *   --count N   how many of each (default 1000)
 *   --unicast   by unicast only: a full receiver makes the sender wait,
 *               where a multicast message would be dropped (and the
 *               receiver would resynchronize), so every one arrives
 *   --uid U     first become user and group U, doing nothing else before
 *   --unshare   then enter a new user and network namespace, as root of
 *               both (an unprivileged user gets CAP_NET_ADMIN over that
 *               network namespace only), and bring its loopback up
 *   --hold S    keep the namespace S seconds after sending, for the
 *               caller to measure what it costs, then exit
 *
 * Built static by scripts/lib.sh (nn_build_tool), so that it runs in the
 * QEMU initramfs as well as in the UML guest.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <net/if.h>
#include <arpa/inet.h>
#include <linux/if_addr.h>
#include <linux/if_arp.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#define MAX_PORTS	64
#define IFINDEX_BASE	1000000

static const char usage[] =
	"usage: nnforge [--count N] [--uid U] [--unshare] [--unicast] [--hold S]\n";

struct msg {
	struct nlmsghdr nlh;
	char data[512];
};

struct port {
	unsigned int pid;
	bool dead;	/* a send timed out: nobody reads it */
};

static void die(const char *what)
{
	fprintf(stderr, "nnforge: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void *nl_tail(struct nlmsghdr *nlh)
{
	return (char *)nlh + NLMSG_ALIGN(nlh->nlmsg_len);
}

static struct nlattr *nl_put(struct nlmsghdr *nlh, unsigned short type,
			     const void *data, size_t len)
{
	struct nlattr *a = nl_tail(nlh);

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy((char *)a + NLA_HDRLEN, data, len);
	nlh->nlmsg_len = NLMSG_ALIGN(nlh->nlmsg_len) + NLA_ALIGN(a->nla_len);
	return a;
}

/* An empty nest is a start; close it with nl_nest_end(). */
static struct nlattr *nl_nest(struct nlmsghdr *nlh, unsigned short type)
{
	return nl_put(nlh, type | NLA_F_NESTED, NULL, 0);
}

static void nl_nest_end(struct nlmsghdr *nlh, struct nlattr *nest)
{
	nest->nla_len = (char *)nl_tail(nlh) - (char *)nest;
}

/* Start message @i of @type in @m; returns its zeroed family header. */
static void *nl_start(struct msg *m, unsigned short type, unsigned int i,
		      size_t hdrlen)
{
	memset(m, 0, sizeof(*m));
	m->nlh.nlmsg_len = NLMSG_LENGTH(hdrlen);
	m->nlh.nlmsg_type = type;
	m->nlh.nlmsg_seq = i;
	return NLMSG_DATA(&m->nlh);
}

/* The RTM_NEWLINK the kernel would send for a device that does not exist. */
static void forge_link(struct msg *m, unsigned int i)
{
	struct ifinfomsg *ifm;
	struct nlattr *spec;
	unsigned int mtu = 1500;
	char name[IFNAMSIZ];

	ifm = nl_start(m, RTM_NEWLINK, i, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_type = ARPHRD_ETHER;
	ifm->ifi_index = IFINDEX_BASE + i;
	ifm->ifi_flags = IFF_UP | IFF_RUNNING | IFF_LOWER_UP;
	snprintf(name, sizeof(name), "forged%u", i % 1000000000u);
	nl_put(&m->nlh, IFLA_IFNAME, name, strlen(name) + 1);
	nl_put(&m->nlh, IFLA_MTU, &mtu, sizeof(mtu));
	spec = nl_nest(&m->nlh, IFLA_AF_SPEC);
	nl_nest(&m->nlh, AF_INET);
	nl_nest(&m->nlh, AF_INET6);
	nl_nest_end(&m->nlh, spec);
}

/* The RTM_NEWADDR of an address on that device. */
static void forge_addr(struct msg *m, unsigned int i)
{
	unsigned int flags = IFA_F_PERMANENT;
	struct ifaddrmsg *ifa;
	struct in_addr addr;

	ifa = nl_start(m, RTM_NEWADDR, i, sizeof(*ifa));
	ifa->ifa_family = AF_INET;
	ifa->ifa_prefixlen = 32;
	ifa->ifa_flags = IFA_F_PERMANENT;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	ifa->ifa_index = IFINDEX_BASE + i;
	addr.s_addr = htonl((198u << 24 | 18u << 16) + (i & 0x1ffff));
	nl_put(&m->nlh, IFA_LOCAL, &addr, sizeof(addr));
	nl_put(&m->nlh, IFA_ADDRESS, &addr, sizeof(addr));
	nl_put(&m->nlh, IFA_FLAGS, &flags, sizeof(flags));
}

/* Become user and group @uid, with no supplementary groups. */
static void become(uid_t uid)
{
	if (setgroups(0, NULL) || setresgid(uid, uid, uid) ||
	    setresuid(uid, uid, uid))
		die("dropping to the user");
	/*
	 * Changing the user made the process undumpable, which makes its
	 * /proc files root's: uid_map could not be written.
	 */
	if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0))
		die("PR_SET_DUMPABLE");
}

static void write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		die(path);
	close(fd);
}

/* Be root of a new user and network namespace; bring its loopback up. */
static void enter_namespaces(void)
{
	struct ifreq ifr = { .ifr_name = "lo" };
	uid_t uid = geteuid();
	gid_t gid = getegid();
	char map[64];
	int fd;

	if (unshare(CLONE_NEWUSER | CLONE_NEWNET))
		die("unshare");
	write_file("/proc/self/setgroups", "deny");
	snprintf(map, sizeof(map), "0 %u 1", (unsigned int)uid);
	write_file("/proc/self/uid_map", map);
	snprintf(map, sizeof(map), "0 %u 1", (unsigned int)gid);
	write_file("/proc/self/gid_map", map);

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || ioctl(fd, SIOCGIFFLAGS, &ifr))
		die("reading lo's flags");
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr))
		die("bringing lo up");
	close(fd);
}

/* Every NETLINK_ROUTE port of the namespace but the kernel's and @self. */
static int route_ports(struct port *ports, unsigned int self)
{
	FILE *f = fopen("/proc/self/net/netlink", "r");
	unsigned int proto, pid;
	char line[256];
	int n = 0;

	if (!f)
		die("/proc/self/net/netlink");
	/* sk Eth Pid Groups Rmem Wmem Dump Locks Drops Inode */
	while (fgets(line, sizeof(line), f) && n < MAX_PORTS) {
		if (sscanf(line, "%*s %u %u", &proto, &pid) != 2)
			continue;
		if (proto == NETLINK_ROUTE && pid && pid != self)
			ports[n++] = (struct port){ .pid = pid };
	}
	fclose(f);
	return n;
}

static bool send_to(int fd, const struct nlmsghdr *nlh, unsigned int pid,
		    unsigned int group)
{
	struct sockaddr_nl dst = {
		.nl_family = AF_NETLINK,
		.nl_pid = pid,
		.nl_groups = group ? 1u << (group - 1) : 0,
	};

	return sendto(fd, nlh, nlh->nlmsg_len, 0, (struct sockaddr *)&dst,
		      sizeof(dst)) == (ssize_t)nlh->nlmsg_len;
}

int main(int argc, char **argv)
{
	unsigned long sent = 0, grouped = 0, failed = 0;
	struct sockaddr_nl self = { .nl_family = AF_NETLINK };
	struct timeval timeout = { .tv_sec = 2 };
	socklen_t len = sizeof(self);
	struct port ports[MAX_PORTS];
	unsigned int i, count = 1000, hold = 0;
	bool unshared = false, unicast = false;
	long uid = -1;
	int fd, n, k, arg, last_err = 0;
	struct msg m;

	for (arg = 1; arg < argc; arg++) {
		if (!strcmp(argv[arg], "--count") && arg + 1 < argc) {
			count = strtoul(argv[++arg], NULL, 0);
		} else if (!strcmp(argv[arg], "--uid") && arg + 1 < argc) {
			uid = strtol(argv[++arg], NULL, 0);
		} else if (!strcmp(argv[arg], "--hold") && arg + 1 < argc) {
			hold = strtoul(argv[++arg], NULL, 0);
		} else if (!strcmp(argv[arg], "--unshare")) {
			unshared = true;
		} else if (!strcmp(argv[arg], "--unicast")) {
			unicast = true;
		} else {
			fputs(usage, stderr);
			return 2;
		}
	}
	if (uid >= 0)
		become(uid);
	if (unshared)
		enter_namespaces();

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0 || bind(fd, (struct sockaddr *)&self, sizeof(self)) ||
	    getsockname(fd, (struct sockaddr *)&self, &len))
		die("netlink socket");
	/* A port nobody reads would block the sender for good. */
	if (setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout)))
		die("SO_SNDTIMEO");
	n = route_ports(ports, self.nl_pid);

	for (i = 0; i < 2 * count; i++) {
		unsigned int group;

		if (i % 2 == 0) {
			forge_link(&m, i / 2);
			group = RTNLGRP_LINK;
		} else {
			forge_addr(&m, i / 2);
			group = RTNLGRP_IPV4_IFADDR;
		}
		m.nlh.nlmsg_pid = self.nl_pid;
		/*
		 * Without NLM_F_REQUEST, the copy that sending to a group
		 * also hands to rtnetlink itself is ignored there.
		 */
		if (!unicast) {
			if (send_to(fd, &m.nlh, 0, group)) {
				sent++;
				grouped++;
			} else {
				failed++;
				last_err = errno;
			}
		}
		for (k = 0; k < n; k++) {
			if (ports[k].dead)
				continue;
			if (send_to(fd, &m.nlh, ports[k].pid, 0)) {
				sent++;
				continue;
			}
			failed++;
			last_err = errno;
			ports[k].dead = errno == EAGAIN || errno == ECONNREFUSED;
		}
	}
	printf("nnforge: sent %lu (%lu to groups, %lu to %d ports), %lu failed%s%s\n",
	       sent, grouped, sent - grouped, n, failed,
	       failed ? ", last error: " : "",
	       failed ? strerror(last_err) : "");
	fflush(stdout);
	close(fd);
	sleep(hold);
	return 0;
}
