/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ktrace(2) and utrace(2): on Linux they are ioctls on /dev/ktrace, the
 * device the ktrace module provides.
 */
#include <sys/types.h>
#include <sys/ioctl.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <unistd.h>

#include "libktrace.h"

/*
 * Issue one request on the device.  A missing device means the module
 * is not loaded: report ENOSYS, as a BSD kernel without KTRACE would.
 */
static int
ktr_ioctl(unsigned long req, void *arg)
{
	int fd, rv, saved;

	if ((fd = open(KTRACE_DEVICE, O_RDONLY | O_CLOEXEC)) == -1) {
		if (errno == ENOENT || errno == ENXIO || errno == ENODEV)
			errno = ENOSYS;
		return (-1);
	}
	rv = ioctl(fd, req, arg);
	saved = errno;
	(void)close(fd);
	errno = saved;
	return (rv == -1 ? -1 : 0);
}

int
ktrace_filtered(const char *tracefile, int ops, int trpoints, pid_t pid,
    const struct ktr_sysfilter *filter)
{
	struct ktr_op_req req = {
		.kop_path = (uintptr_t)tracefile,
		.kop_ops = ops,
		.kop_facs = (unsigned int)trpoints,
		.kop_pid = pid,
		.kop_reserved = 0,
		.kop_filter = (uintptr_t)filter,
	};

	return (ktr_ioctl(KTRIOC_OP, &req));
}

int
ktrace(const char *tracefile, int ops, int trpoints, pid_t pid)
{
	return (ktrace_filtered(tracefile, ops, trpoints, pid, NULL));
}

int
utrace(const void *addr, size_t len)
{
	struct ktr_utrace_req req = {
		.kut_addr = (uintptr_t)addr,
		.kut_len = len,
	};

	return (ktr_ioctl(KTRIOC_UTRACE, &req));
}
