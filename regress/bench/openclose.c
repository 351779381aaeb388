/* SPDX-License-Identifier: BSD-2-Clause */
/* openclose N PATH: N open(PATH, O_RDONLY) and close() pairs. */
#include <fcntl.h>
#include <unistd.h>

#include "bench.h"

int
main(int argc, char *argv[])
{
	unsigned long i, n = bench_iters(argc, argv, 2,
	    "openclose iterations path");
	uint64_t t0 = bench_now();
	int fd;

	for (i = 0; i < n; i++) {
		if ((fd = open(argv[2], O_RDONLY)) == -1)
			err(2, "%s", argv[2]);
		(void)close(fd);
	}
	bench_report(t0);
	return (0);
}
