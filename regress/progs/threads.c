/*
 * Make NCALLS getppid() calls in each of NTHREADS threads, so a trace
 * shows one pid and several distinct thread ids.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define NTHREADS	3
#define NCALLS		10

static void *
worker(void *arg)
{
	(void)arg;
	for (int i = 0; i < NCALLS; i++)
		(void)getppid();
	return NULL;
}

int
main(void)
{
	pthread_t t[NTHREADS];

	for (int i = 0; i < NTHREADS; i++)
		if (pthread_create(&t[i], NULL, worker, NULL) != 0) {
			fprintf(stderr, "threads: pthread_create failed\n");
			return 1;
		}
	for (int i = 0; i < NTHREADS; i++)
		pthread_join(t[i], NULL);
	return 0;
}
