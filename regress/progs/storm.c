/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * storm: load for the stress suite, bounded by work, not by time.
 *
 *   storm NPROCS
 *
 * Forks NPROCS short-lived children, four at a time, each exec'ing
 * /bin/true; after each one reaped, runs four threads of 20 getppid()
 * calls each; and all along a child of its own sends it SIGUSR1 every
 * millisecond, caught by a handler without SA_RESTART (so calls are cut
 * short and restarted by hand).  Prints "procs=N threads=T signals=S"
 * and exits 0 when every child exited 0.
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <err.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define NPAR		4	/* children alive at once */
#define NTHREADS	4
#define NCALLS		20

static volatile sig_atomic_t signals;

static void
caught(int sig)
{
	(void)sig;
	signals++;
}

static void *
worker(void *arg)
{
	(void)arg;
	for (int i = 0; i < NCALLS; i++)
		(void)getppid();
	return (NULL);
}

/*
 * Four threads, made and joined: a many-threaded process, again and
 * again.  They block SIGUSR1, so that the main thread alone counts the
 * signals (one counter, one writer).
 */
static void
threads(void)
{
	pthread_t t[NTHREADS];
	sigset_t usr1, old;
	int i, e;

	(void)sigemptyset(&usr1);
	(void)sigaddset(&usr1, SIGUSR1);
	(void)pthread_sigmask(SIG_BLOCK, &usr1, &old);
	for (i = 0; i < NTHREADS; i++)
		if ((e = pthread_create(&t[i], NULL, worker, NULL)) != 0) {
			errno = e;
			err(1, "pthread_create");
		}
	(void)pthread_sigmask(SIG_SETMASK, &old, NULL);
	for (i = 0; i < NTHREADS; i++)
		(void)pthread_join(t[i], NULL);
}

/* The signal storm: until its parent goes, SIGUSR1 every millisecond. */
static pid_t
kicker(void)
{
	struct timespec ms = { 0, 1000000 };
	pid_t parent = getpid(), pid;

	if ((pid = fork()) == -1)
		err(1, "fork");
	if (pid == 0) {
		while (kill(parent, SIGUSR1) == 0 && getppid() == parent)
			(void)nanosleep(&ms, NULL);
		_exit(0);
	}
	return (pid);
}

/* Reap one child; its status must be 0.  EINTR: the storm, try again. */
static void
reap(void)
{
	int st;

	while (waitpid(-1, &st, 0) == -1)
		if (errno != EINTR)
			err(1, "waitpid");
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		errx(1, "a child failed (status %#x)", st);
}

int
main(int argc, char *argv[])
{
	struct sigaction sa = { .sa_handler = caught };
	long i, n, live = 0, nthreads = 0;
	pid_t kick, pid;
	int st;

	if (argc != 2 || (n = atol(argv[1])) < 1)
		errx(2, "usage: storm nprocs");
	if (sigaction(SIGUSR1, &sa, NULL) == -1)
		err(1, "sigaction");
	kick = kicker();
	for (i = 0; i < n; i++) {
		if (live == NPAR) {
			reap();
			live--;
			threads();
			nthreads += NTHREADS;
		}
		if ((pid = fork()) == -1)
			err(1, "fork");
		if (pid == 0) {
			execl("/bin/true", "true", (char *)NULL);
			_exit(127);
		}
		live++;
	}
	for (; live > 0; live--)
		reap();
	(void)kill(kick, SIGKILL);
	while (waitpid(kick, &st, 0) == -1 && errno == EINTR)
		;
	printf("procs=%ld threads=%ld signals=%ld\n", n, nthreads,
	    (long)signals);
	return (0);
}
