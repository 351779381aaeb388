/* SPDX-License-Identifier: BSD-2-Clause */
/* fork N: N times fork(), the child _exit(0)s, the parent waits for it. */
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

int
main(int argc, char *argv[])
{
	unsigned long i, n = bench_iters(argc, argv, 1, "fork iterations");
	uint64_t t0 = bench_now();
	pid_t pid;
	int status;

	for (i = 0; i < n; i++) {
		if ((pid = fork()) == -1)
			err(2, "fork");
		if (pid == 0)
			_exit(0);
		if (waitpid(pid, &status, 0) != pid || status != 0)
			errx(2, "child %d: waitpid failed or status %d",
			    (int)pid, status);
	}
	bench_report(t0);
	return (0);
}
