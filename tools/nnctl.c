// SPDX-License-Identifier: GPL-2.0
/*
 * nnctl: netnotify from the command line, through its generic netlink
 * family "netnotify".
 *
 *   nnctl wait-connection [--count N]
 *	register an eventfd for connection changes in the caller's network
 *	namespace (needs CAP_NET_ADMIN there) and print a line on stdout for
 *	every wake:
 *	  2026-12-01T06:40:12.123456Z connection changed: 2 change(s), 5 in all
 *	until N changes in all (with --count) or SIGINT, SIGTERM or SIGHUP,
 *	then deregister and exit 0.
 *   nnctl register --fd N
 *	register this process's descriptor N (inherited, say), then
 *	deregister it: a probe of the family's answers (EINVAL for a file
 *	that is no eventfd, EBADF for a closed descriptor, ...).
 *   nnctl version
 *   nnctl help
 *
 * Exit status: 0 done, 1 failure, 2 bad usage.
 */

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "netnotify_user.h"

#define NNCTL_VERSION	"0.7.0"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: nnctl wait-connection [--count N]\n"
		"       nnctl register --fd N\n"
		"       nnctl version\n"
		"       nnctl help\n"
		"\n"
		"wait-connection  print a line each time interfaces of this network\n"
		"                 namespace become connected (up with carrier) or stop\n"
		"                 being connected, until N changes (--count) or a signal;\n"
		"                 needs CAP_NET_ADMIN in this network namespace\n"
		"register         register descriptor N, which must be an eventfd, and\n"
		"                 deregister it: shows what the module answers\n");
}

/* Complains, shows the usage on stderr and returns the exit status 2. */
static int __attribute__((format(printf, 1, 2))) bad_usage(const char *fmt, ...)
{
	va_list ap;

	fputs("nnctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	usage(stderr);
	return 2;
}

/* A decimal integer in [min, max], nothing else: 0, or -1 if not. */
static int parse_number(const char *s, uint64_t min, uint64_t max,
			uint64_t *v)
{
	char *end;

	if (!isdigit((unsigned char)s[0]))
		return -1;
	errno = 0;
	*v = strtoull(s, &end, 10);
	return errno || *end || *v < min || *v > max ? -1 : 0;
}

/* Says why registering @what failed, with a hint; returns exit status 1. */
static int refused(const char *what, int err)
{
	fprintf(stderr, "nnctl: cannot register %s: %s\n", what, strerror(-err));
	if (err == -EPERM)
		fprintf(stderr,
			"nnctl: needs CAP_NET_ADMIN in this network namespace\n");
	else if (err == -ENOENT)
		fprintf(stderr, "nnctl: is the netnotify module loaded?\n");
	return 1;
}

/* Deregisters @efd and closes @nu; returns the exit status. */
static int end_registration(struct netnotify_user *nu, int efd)
{
	int err = netnotify_user_deregister_connection_notification(nu, efd);

	if (err)
		fprintf(stderr, "nnctl: cannot deregister: %s\n", strerror(-err));
	else
		fprintf(stderr, "nnctl: deregistered\n");
	netnotify_user_close(nu);
	return err ? 1 : 0;
}

/* Prints one line for @n changes, @total in all; returns 0 or -errno. */
static int report(uint64_t n, uint64_t total)
{
	struct timespec ts;
	struct tm tm;
	char when[32];

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
	printf("%s.%06ldZ connection changed: %" PRIu64 " change(s), %" PRIu64
	       " in all\n", when, ts.tv_nsec / 1000, n, total);
	return fflush(stdout) ? -errno : 0;
}

/* Waits for changes or a signal; returns 0 or -errno. */
static int wait_loop(int efd, int sfd, uint64_t count)
{
	struct pollfd pfd[2] = {
		{ .fd = efd, .events = POLLIN },
		{ .fd = sfd, .events = POLLIN },
	};
	uint64_t total = 0;

	for (;;) {
		struct signalfd_siginfo si;
		uint64_t n;
		int err;

		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if ((pfd[0].revents | pfd[1].revents) & (POLLERR | POLLNVAL))
			return -EIO;
		/* Changes first, so that none is lost to a signal. */
		if (pfd[0].revents & POLLIN) {
			ssize_t r = read(efd, &n, sizeof(n));

			if (r == sizeof(n)) {
				total += n;
				err = report(n, total);
				if (err) {
					fprintf(stderr, "nnctl: stdout: %s\n",
						strerror(-err));
					return err;
				}
				if (count && total >= count)
					return 0;
			} else if (r >= 0) {
				return -EIO;
			} else if (errno != EAGAIN && errno != EINTR) {
				return -errno;
			}
		}
		if (pfd[1].revents & POLLIN &&
		    read(sfd, &si, sizeof(si)) == sizeof(si))
			return 0;
	}
}

static int register_fd(int fd)
{
	struct netnotify_user nu;
	char what[32];
	int err;

	snprintf(what, sizeof(what), "descriptor %d", fd);
	err = netnotify_user_open(&nu);
	if (!err)
		err = netnotify_user_register_connection_notification(&nu, fd);
	if (err) {
		netnotify_user_close(&nu);
		return refused(what, err);
	}
	fprintf(stderr, "nnctl: registered %s\n", what);
	return end_registration(&nu, fd);
}

static int wait_connection(uint64_t count)
{
	struct netnotify_user nu;
	sigset_t mask;
	int efd, sfd, err, status = 0;

	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &mask, NULL) < 0) {
		perror("nnctl: sigprocmask");
		return 1;
	}
	sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	if (sfd < 0) {
		perror("nnctl: signalfd");
		return 1;
	}
	efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (efd < 0) {
		perror("nnctl: eventfd");
		return 1;
	}

	err = netnotify_user_open(&nu);
	if (!err)
		err = netnotify_user_register_connection_notification(&nu, efd);
	if (err) {
		netnotify_user_close(&nu);
		return refused("for connection notifications", err);
	}
	fprintf(stderr, "nnctl: waiting for connection changes\n");

	if (wait_loop(efd, sfd, count))
		status = 1;
	if (end_registration(&nu, efd))
		status = 1;
	close(efd);
	close(sfd);
	return status;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : NULL;
	uint64_t count = 0;
	int i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!cmd)
		return bad_usage("no command given");
	if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") ||
	    !strcmp(cmd, "-h")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
		printf("nnctl %s\n", NNCTL_VERSION);
		return 0;
	}
	if (!strcmp(cmd, "register")) {
		uint64_t fd;

		if (argc != 4 || strcmp(argv[2], "--fd"))
			return bad_usage("register wants --fd N");
		if (parse_number(argv[3], 0, INT_MAX, &fd))
			return bad_usage("--fd wants a descriptor, not '%s'",
					 argv[3]);
		return register_fd(fd);
	}
	if (strcmp(cmd, "wait-connection"))
		return bad_usage("unknown command '%s'", cmd);

	for (i = 2; i < argc; i++) {
		const char *val;

		if (!strcmp(argv[i], "--count") && i + 1 >= argc)
			return bad_usage("--count wants a value");
		if (!strcmp(argv[i], "--count"))
			val = argv[++i];
		else if (!strncmp(argv[i], "--count=", 8))
			val = argv[i] + 8;
		else
			return bad_usage("bad argument '%s'", argv[i]);
		if (parse_number(val, 1, UINT64_MAX, &count))
			return bad_usage("--count wants a positive integer, not '%s'",
					 val);
	}
	return wait_connection(count);
}
