/*
 * tokenring K N: K processes, process i alone on CPU i, pass a byte round
 * a ring of pipes N times: process i reads it from pipe i and writes it to
 * pipe i + 1 (mod K); process 0 writes first.  Prints the K pids, in ring
 * order, on one line, then exits 0 once every process has.
 *
 * Each read that returns the byte happened after the write before it, on
 * another CPU: the order of those reads' RET records in a trace file says
 * whether the writer merged the CPUs' rings in time order.
 */
#define _GNU_SOURCE
#include <err.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAXK	64

static void
pass(int i, int k, long n, int fds[][2])
{
	cpu_set_t cpus;
	long r;
	int j;
	char c = 0;

	/* Only its two ends: a process that dies ends the others' reads. */
	for (j = 0; j < k; j++) {
		if (j != i)
			close(fds[j][0]);
		if (j != (i + 1) % k)
			close(fds[j][1]);
	}
	CPU_ZERO(&cpus);
	CPU_SET(i, &cpus);
	if (sched_setaffinity(0, sizeof(cpus), &cpus) == -1)
		err(2, "process %d: sched_setaffinity to CPU %d", i, i);
	for (r = 0; r < n; r++) {
		if (i == 0 && write(fds[1 % k][1], &c, 1) != 1)
			err(2, "process 0: write");
		if (read(fds[i][0], &c, 1) != 1)
			err(2, "process %d: read", i);
		if (i != 0 && write(fds[(i + 1) % k][1], &c, 1) != 1)
			err(2, "process %d: write", i);
	}
}

int
main(int argc, char *argv[])
{
	int fds[MAXK][2], i, k, status, bad = 0;
	pid_t pids[MAXK];
	long n;

	if (argc != 3 || (k = atoi(argv[1])) < 2 || k > MAXK ||
	    (n = atol(argv[2])) < 1) {
		fprintf(stderr, "usage: tokenring K N (2 <= K <= %d)\n", MAXK);
		return 2;
	}
	if (k > sysconf(_SC_NPROCESSORS_ONLN))
		errx(2, "%d processes need %d CPUs, this system has %ld", k,
		    k, sysconf(_SC_NPROCESSORS_ONLN));
	for (i = 0; i < k; i++)
		if (pipe(fds[i]) == -1)
			err(2, "pipe");
	pids[0] = getpid();
	for (i = 1; i < k; i++) {
		pids[i] = fork();
		if (pids[i] == -1)
			err(2, "fork");
		if (pids[i] == 0) {
			pass(i, k, n, fds);
			_exit(0);
		}
	}
	for (i = 0; i < k; i++)
		printf("%d%c", (int)pids[i], i + 1 < k ? ' ' : '\n');
	fflush(stdout);
	pass(0, k, n, fds);
	for (i = 1; i < k; i++)
		if (waitpid(pids[i], &status, 0) == -1 || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0)
			bad = 1;
	if (bad)
		errx(2, "a process of the ring failed");
	return 0;
}
