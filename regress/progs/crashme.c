/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * crashme: crash the kernel with known last system calls, for the tests
 * that read a flight recorder back from the memory dump.
 *
 *   crashme NGETPID
 *
 * Writes "vm-mark: crashme pid=P cpu=C fd=F" to /dev/kmsg (the serial
 * console keeps it; files written this late may never reach the host),
 * then calls getpid() NGETPID times and writes "c" to the
 * /proc/sysrq-trigger it opened: the kernel panics inside that write(2).
 * Pin it to a CPU (taskset) so that CPU's last record is the write's
 * CALL.  Returns only if the kernel did not crash: exit 1.
 */
#define _GNU_SOURCE
#include <sys/syscall.h>

#include <err.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int
main(int argc, char *argv[])
{
	char mark[128];
	int fd, kmsg, i, n;

	if (argc != 2 || (n = atoi(argv[1])) < 0) {
		fprintf(stderr, "usage: crashme ngetpid\n");
		return (2);
	}
	if ((fd = open("/proc/sysrq-trigger", O_WRONLY)) == -1)
		err(2, "/proc/sysrq-trigger");
	if ((kmsg = open("/dev/kmsg", O_WRONLY)) == -1)
		err(2, "/dev/kmsg");
	(void)snprintf(mark, sizeof(mark), "vm-mark: crashme pid=%d cpu=%d fd=%d\n",
	    (int)getpid(), sched_getcpu(), fd);
	if (write(kmsg, mark, strlen(mark)) == -1)
		err(2, "/dev/kmsg");
	for (i = 0; i < n; i++)
		(void)syscall(SYS_getpid);
	(void)write(fd, "c", 1);
	errx(1, "the kernel did not crash");
}
