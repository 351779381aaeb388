/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * timeit COMMAND [ARG...]: run COMMAND, wait for it and print its wall
 * time in nanoseconds like the other workloads.  Under a tracer it is
 * traced too, but the tracer's own start-up comes before it starts.
 * Exits 2 when COMMAND fails.
 */
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

int
main(int argc, char *argv[])
{
	uint64_t t0;
	pid_t pid;
	int status;

	if (argc < 2) {
		fprintf(stderr, "usage: timeit command [arg ...]\n");
		return (2);
	}
	t0 = bench_now();
	if ((pid = fork()) == -1)
		err(2, "fork");
	if (pid == 0) {
		execvp(argv[1], argv + 1);
		err(127, "%s", argv[1]);
	}
	if (waitpid(pid, &status, 0) != pid)
		err(2, "waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		errx(2, "%s: exit status 0x%x", argv[1], status);
	bench_report(t0);
	return (0);
}
