/* SPDX-License-Identifier: BSD-2-Clause */
/* read N FILE: N pread()s of 4 KiB at offset 0 of FILE (at least 4 KiB). */
#include <fcntl.h>
#include <unistd.h>

#include "bench.h"

int
main(int argc, char *argv[])
{
	static char buf[4096];
	unsigned long i, n = bench_iters(argc, argv, 2, "read iterations file");
	uint64_t t0;
	int fd;

	if ((fd = open(argv[2], O_RDONLY)) == -1)
		err(2, "%s", argv[2]);
	t0 = bench_now();
	for (i = 0; i < n; i++)
		if (pread(fd, buf, sizeof(buf), 0) != (ssize_t)sizeof(buf))
			errx(2, "%s: short read", argv[2]);
	bench_report(t0);
	return (0);
}
