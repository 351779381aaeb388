/*
 * Make NCALLS getppid() calls (argv[1], default 10) in each of NTHREADS
 * threads, so a trace shows one pid and several distinct thread ids; with
 * many calls, threads of one process racing for one CPU's buffer.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define NTHREADS	3

static long ncalls = 10;

static void *
worker(void *arg)
{
	(void)arg;
	for (long i = 0; i < ncalls; i++)
		(void)getppid();
	return NULL;
}

int
main(int argc, char *argv[])
{
	pthread_t t[NTHREADS];

	if (argc > 1)
		ncalls = atol(argv[1]);

	for (int i = 0; i < NTHREADS; i++)
		if (pthread_create(&t[i], NULL, worker, NULL) != 0) {
			fprintf(stderr, "threads: pthread_create failed\n");
			return 1;
		}
	for (int i = 0; i < NTHREADS; i++)
		pthread_join(t[i], NULL);
	return 0;
}
