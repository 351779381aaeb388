/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * calls: known numbers of known syscalls, for kdump's analyses.
 *
 *   calls [SLEEP_MS [NGETPPID]]
 *
 * NGETPPID (1000) getppid, 10 open of a missing path (ENOENT), 5 open of
 * /etc/hostname (each closed), then one nanosleep of SLEEP_MS (300) ms.
 * open and nanosleep by their own numbers: the C library and the loader
 * use openat and clock_nanosleep, so these counts are the program's
 * alone.
 */
#include <sys/syscall.h>

#include <err.h>
#include <fcntl.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int
main(int argc, char *argv[])
{
	struct timespec ts;
	long ms = argc > 1 ? atol(argv[1]) : 300;
	long n = argc > 2 ? atol(argv[2]) : 1000;
	long fd, i;

	for (i = 0; i < n; i++)
		(void)getppid();
	for (i = 0; i < 10; i++)
		if (syscall(SYS_open, "/nonexistent/calls", O_RDONLY) != -1)
			errx(1, "/nonexistent/calls exists");
	for (i = 0; i < 5; i++) {
		if ((fd = syscall(SYS_open, "/etc/hostname", O_RDONLY)) == -1)
			err(1, "/etc/hostname");
		(void)close((int)fd);
	}
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = ms % 1000 * 1000000;
	if (syscall(SYS_nanosleep, &ts, NULL) == -1)
		err(1, "nanosleep");
	return (0);
}
