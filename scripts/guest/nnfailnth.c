// SPDX-License-Identifier: GPL-2.0
/*
 * nnfailnth: load a kernel module with its n-th fault-injection point failed,
 * the syzkaller technique: /proc/thread-self/fail-nth makes the n-th
 * allocation (or other injection point) of this thread fail, and only the
 * syscall made right after the write runs between setting and reading it.
 *
 * usage: nnfailnth N MODULE.ko [PARAMS]
 *
 * Prints "<errno> <left>": the error init_module() returned (0 when the
 * module loaded) and what remained of the count afterwards. A remaining
 * count above 0 means the load reached fewer than N injection points, so
 * every one of them has been failed once by the calls with smaller N.
 * Exits 0 when it could run the experiment, 2 when it could not.
 *
 * Built static by scripts/lib.sh (nn_build_tool), so that it runs in the
 * QEMU initramfs as well as in the UML guest.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *params = argc > 3 ? argv[3] : "";
	char buf[32];
	struct stat st;
	int fd, nth, err;
	ssize_t n;
	void *image;

	if (argc < 3) {
		fprintf(stderr, "usage: nnfailnth N MODULE.ko [PARAMS]\n");
		return 2;
	}
	fd = open(argv[2], O_RDONLY);
	if (fd < 0 || fstat(fd, &st) < 0) {
		perror(argv[2]);
		return 2;
	}
	image = malloc(st.st_size);
	if (!image || read(fd, image, st.st_size) != st.st_size) {
		perror("read");
		return 2;
	}
	close(fd);

	nth = open("/proc/thread-self/fail-nth", O_RDWR);
	if (nth < 0) {
		perror("/proc/thread-self/fail-nth");
		return 2;
	}
	n = snprintf(buf, sizeof(buf), "%d", atoi(argv[1]));
	if (write(nth, buf, n) != n) {
		perror("fail-nth");
		return 2;
	}
	err = syscall(SYS_init_module, image, (unsigned long)st.st_size, params)
		? errno : 0;
	n = pread(nth, buf, sizeof(buf) - 1, 0);
	buf[n > 0 ? n : 0] = 0;
	/* Nothing after this must fail by accident. */
	if (write(nth, "0", 1) != 1) {
		perror("fail-nth");
		return 2;
	}
	printf("%d %d\n", err, atoi(buf));
	return 0;
}
