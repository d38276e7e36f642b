// SPDX-License-Identifier: GPL-2.0
/*
 * nndump: make bench's baseline for netnotify_get_ip_forward_table(): an
 * rtnetlink dump of every IPv4 route, read to the end and counted, not
 * printed, timed from the request to the last message. Prints "rows N" and
 * "ns T"; exits 1 on any error.
 */
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

int main(void)
{
	static char buf[1 << 16];
	struct {
		struct nlmsghdr nh;
		struct rtmsg rt;
	} req = {
		.nh.nlmsg_len = sizeof(req),
		.nh.nlmsg_type = RTM_GETROUTE,
		.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
		.nh.nlmsg_seq = 1,
		.rt.rtm_family = AF_INET,
	};
	unsigned long long t0, rows = 0;
	int fd, done = 0;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0) {
		perror("socket");
		return 1;
	}
	t0 = now_ns();
	if (send(fd, &req, sizeof(req), 0) != sizeof(req)) {
		perror("send");
		return 1;
	}
	while (!done) {
		ssize_t len = recv(fd, buf, sizeof(buf), 0);
		struct nlmsghdr *nh = (struct nlmsghdr *)buf;

		if (len < 0) {
			perror("recv");
			return 1;
		}
		for (; NLMSG_OK(nh, len); nh = NLMSG_NEXT(nh, len)) {
			if (nh->nlmsg_type == NLMSG_DONE) {
				done = 1;
				break;
			}
			if (nh->nlmsg_type == NLMSG_ERROR) {
				fprintf(stderr, "nndump: dump failed\n");
				return 1;
			}
			if (nh->nlmsg_type == RTM_NEWROUTE)
				rows++;
		}
	}
	printf("rows %llu\nns %llu\n", rows, now_ns() - t0);
	return 0;
}
