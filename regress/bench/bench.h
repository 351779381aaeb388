/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Shared by the benchmark workloads: each takes an iteration count (its
 * first argument), times its loop alone with CLOCK_MONOTONIC, so process
 * start-up and a tracer's attach are not counted, and prints the loop's
 * elapsed time in nanoseconds as one decimal number on stdout.
 */
#ifndef BENCH_H
#define BENCH_H

#include <err.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static inline uint64_t
bench_now(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) == -1)
		err(2, "clock_gettime");
	return ((uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec);
}

/* The iteration count argv[1]; nargs is how many arguments in all. */
static inline unsigned long
bench_iters(int argc, char *argv[], int nargs, const char *usage)
{
	char *end;
	unsigned long n;

	if (argc != nargs + 1) {
		fprintf(stderr, "usage: %s\n", usage);
		exit(2);
	}
	n = strtoul(argv[1], &end, 10);
	if (*argv[1] == '\0' || *end != '\0' || n == 0)
		errx(2, "bad iteration count '%s'", argv[1]);
	return (n);
}

static inline void
bench_report(uint64_t start)
{
	uint64_t ns = bench_now() - start;

	printf("%" PRIu64 "\n", ns);
	if (fflush(stdout) == EOF)
		err(2, "stdout");
}

#endif
