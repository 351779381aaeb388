/* SPDX-License-Identifier: BSD-2-Clause */
/* write N: N write()s of 4 KiB to /dev/null. */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"

int
main(int argc, char *argv[])
{
	static char buf[4096];
	unsigned long i, n = bench_iters(argc, argv, 1, "write iterations");
	uint64_t t0;
	int fd;

	memset(buf, 'x', sizeof(buf));
	if ((fd = open("/dev/null", O_WRONLY)) == -1)
		err(2, "/dev/null");
	t0 = bench_now();
	for (i = 0; i < n; i++)
		if (write(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf))
			err(2, "write");
	bench_report(t0);
	return (0);
}
