/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * hopper: one thread that moves between two CPUs at every step, until a
 * file exists, for the test that a flight recorder snapshot is of one
 * moment on every CPU.
 *
 *   hopper CPU_A CPU_B STOPFILE
 *
 * Step N (from 1) moves to CPU_A when N is odd, CPU_B when even, then
 * calls getpgid(N): the CALL records of a trace number the steps, so a
 * step missing between two others shows.  Exits 0 once STOPFILE exists.
 */
#define _GNU_SOURCE
#include <err.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int
main(int argc, char *argv[])
{
	cpu_set_t cpus;
	int cpu[2];
	long n;

	if (argc != 4) {
		fprintf(stderr, "usage: hopper CPU_A CPU_B STOPFILE\n");
		return 2;
	}
	cpu[0] = atoi(argv[1]);
	cpu[1] = atoi(argv[2]);
	for (n = 1; access(argv[3], F_OK) != 0; n++) {
		CPU_ZERO(&cpus);
		CPU_SET(cpu[(n + 1) % 2], &cpus);
		if (sched_setaffinity(0, sizeof(cpus), &cpus) == -1)
			err(2, "sched_setaffinity to CPU %d", cpu[(n + 1) % 2]);
		(void)getpgid((pid_t)n);
	}
	return 0;
}
