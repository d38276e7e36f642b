// SPDX-License-Identifier: GPL-2.0
/*
 * nnevfd: run a command with N eventfds open, at descriptors 3 to N + 2.
 *
 * usage: nnevfd N COMMAND [ARGS]
 *
 * The self-test module takes its eventfds from the process that loads it:
 * a kernel module cannot create one, and its KUnit suites' set-up runs in
 * the loading process (insmod), whose descriptors it looks up. Each eventfd
 * is non-blocking and starts at 0; the descriptor limit is raised to fit.
 * Exits 2 when it cannot set them up, else the command's status replaces it.
 *
 * Built static by scripts/lib.sh (nn_build_tool), so that it runs in the
 * QEMU initramfs as well as in the UML guest.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <unistd.h>

#define FIRST_FD	3

int main(int argc, char **argv)
{
	struct rlimit rl;
	char *end;
	long n, i;
	int fd;

	if (argc < 3) {
		fprintf(stderr, "usage: nnevfd N COMMAND [ARGS]\n");
		return 2;
	}
	n = strtol(argv[1], &end, 10);
	if (*end || n < 1 || n > 1000000) {
		fprintf(stderr, "nnevfd: bad count %s\n", argv[1]);
		return 2;
	}
	rl.rlim_cur = rl.rlim_max = FIRST_FD + n + 64;
	if (setrlimit(RLIMIT_NOFILE, &rl)) {
		fprintf(stderr, "nnevfd: setrlimit: %s\n", strerror(errno));
		return 2;
	}
	for (i = 0; i < n; i++) {
		fd = eventfd(0, EFD_NONBLOCK);
		if (fd < 0) {
			fprintf(stderr, "nnevfd: eventfd: %s\n", strerror(errno));
			return 2;
		}
		if (fd != FIRST_FD + i) {
			if (dup2(fd, FIRST_FD + i) < 0) {
				fprintf(stderr, "nnevfd: dup2: %s\n",
					strerror(errno));
				return 2;
			}
			close(fd);
		}
	}
	execvp(argv[2], argv + 2);
	fprintf(stderr, "nnevfd: %s: %s\n", argv[2], strerror(errno));
	return 2;
}
