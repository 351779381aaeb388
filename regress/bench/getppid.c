/* SPDX-License-Identifier: BSD-2-Clause */
/* getppid N: N getppid() calls, the null system call. */
#include <sys/syscall.h>
#include <unistd.h>

#include "bench.h"

int
main(int argc, char *argv[])
{
	unsigned long i, n = bench_iters(argc, argv, 1, "getppid iterations");
	uint64_t t0 = bench_now();

	for (i = 0; i < n; i++)
		(void)syscall(SYS_getppid);
	bench_report(t0);
	return (0);
}
