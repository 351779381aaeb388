/*
 * exiting FILE: as the user running it, ktrace(2) its own children into
 * FILE while they are half exited, and say whether the kernel allowed it.
 *
 * 1. A child whose main thread exits at once, leaving a zombie leader,
 *    while a second thread calls getppid() every 2 ms: SET must judge the
 *    process by the thread that runs, and the file then holds its exit.
 * 2. A child with 64 MiB of memory, traced, then told to exit: freeing
 *    that memory takes a while after it let go of its mm, and before the
 *    kernel reports its exit.  CLEARFILE comes in that window, when no
 *    thread of the process has an mm.  The window is hit when the file
 *    holds no PROCDTOR record of the child (the clear came before the
 *    exit); when missed (this program's /proc reads can hold the mm
 *    themselves), the round starts again with a new child.
 *
 * Exit 0 when every call succeeded, 1 when the kernel refused one (or the
 * first child's exit is not in FILE), 2 on other errors, 3 when no round
 * hit the window.
 */
#include <sys/mman.h>
#include <sys/wait.h>

#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "libktrace.h"

#define ROUNDS	50
#define MEMSIZE	(64 << 20)

static const char *file;
static int stop_fd;		/* the child's end: closed, the child exits */

static void *
pace(void *arg)
{
	struct pollfd pfd = { .fd = stop_fd, .events = POLLIN };

	(void)arg;
	do
		(void)getppid();
	while (poll(&pfd, 1, 2) == 0);
	exit(0);
}

static void
zombie_leader(void)
{
	pthread_t t;

	if ((errno = pthread_create(&t, NULL, pace, NULL)) != 0)
		err(2, "pthread_create");
	pthread_exit(NULL);
}

static void
big(void)
{
	char c;

	if (mmap(NULL, MEMSIZE, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0) == MAP_FAILED)
		err(2, "mmap");
	(void)read(stop_fd, &c, 1);
	exit(0);
}

/* Fork a child running FN; *STOP is the end that stops it. */
static pid_t
spawn(void (*fn)(void), int *stop)
{
	int p[2];
	pid_t pid;

	if (pipe(p) == -1)
		err(2, "pipe");
	if ((pid = fork()) == -1)
		err(2, "fork");
	if (pid == 0) {
		close(p[1]);
		stop_fd = p[0];
		fn();
	}
	close(p[0]);
	*stop = p[1];
	return pid;
}

/* Does /proc/PID/status hold a line starting with KEY?  -1: no PID. */
static int
status_has(pid_t pid, const char *key)
{
	char path[64], line[256];
	FILE *fp;
	int found = 0;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	if ((fp = fopen(path, "r")) == NULL)
		return -1;
	while (!found && fgets(line, sizeof(line), fp) != NULL)
		found = strncmp(line, key, strlen(key)) == 0;
	fclose(fp);
	return found;
}

/*
 * Has PID an mm?  -1: no PID.  statm holds a reference to the mm for the
 * shortest time: the exit that drops the last one frees the memory.
 */
static int
has_mm(pid_t pid)
{
	char path[64], line[256];
	FILE *fp;
	int r = -1;

	snprintf(path, sizeof(path), "/proc/%d/statm", (int)pid);
	if ((fp = fopen(path, "r")) == NULL)
		return -1;
	if (fgets(line, sizeof(line), fp) != NULL)
		r = strncmp(line, "0 ", 2) != 0;
	fclose(fp);
	return r;
}

static void
nap(int ms)
{
	struct timespec ts = { 0, ms * 1000L * 1000 };

	(void)nanosleep(&ts, NULL);
}

static void
truncate_file(void)
{
	int fd;

	if ((fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0600)) == -1)
		err(2, "%s", file);
	close(fd);
}

static void
set(pid_t pid, const char *what)
{
	if (ktrace(file, KTROP_SET, KTR_DEF_POINTS | KTR_PROC_ABI_POINTS,
	    pid) != 0)
		err(1, "SET on pid %d, %s", (int)pid, what);
}

static void
reap(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) == -1)
		err(2, "waitpid %d", (int)pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		errx(2, "child %d failed (status %#x)", (int)pid, status);
}

/* Does FILE hold a PROCDTOR record of PID? */
static bool
has_exit(pid_t pid)
{
	struct ktr_reader *r;
	struct ktr_record rec;
	FILE *fp;
	bool found = false;
	int rv;

	if ((fp = fopen(file, "r")) == NULL)
		err(2, "%s", file);
	if ((r = ktr_reader_open(fp, file, 0)) == NULL)
		err(2, "ktr_reader_open");
	while ((rv = ktr_next(r, &rec)) == 1)
		if (rec.hdr.ktr_type == KTR_PROCDTOR && rec.hdr.ktr_pid == pid)
			found = true;
	if (rv == -1)
		errx(2, "%s", ktr_reader_error(r));
	ktr_reader_close(r);
	fclose(fp);
	return found;
}

int
main(int argc, char *argv[])
{
	int r, stop;
	pid_t pid;

	if (argc != 2)
		errx(2, "usage: exiting file");
	file = argv[1];
	setvbuf(stdout, NULL, _IOLBF, 0);	/* before the forks */
	truncate_file();

	pid = spawn(zombie_leader, &stop);
	printf("zombie leader: pid %d\n", (int)pid);
	while ((r = status_has(pid, "State:\tZ")) == 0)
		nap(1);
	if (r == -1)
		errx(2, "pid %d: gone", (int)pid);
	set(pid, "its leader a zombie");
	close(stop);
	reap(pid);
	if (!has_exit(pid))
		errx(1, "pid %d, its leader a zombie: no exit in %s",
		    (int)pid, file);

	for (int round = 1; round <= ROUNDS; round++) {
		truncate_file();
		pid = spawn(big, &stop);
		set(pid, "with 64 MiB");
		close(stop);		/* it exits once its memory is in */
		while ((r = has_mm(pid)) == 1)
			;
		if (r == -1)
			errx(2, "pid %d: gone", (int)pid);
		if (ktrace(file, KTROP_CLEARFILE, 0, 0) != 0)
			err(1, "CLEARFILE while pid %d exits", (int)pid);
		reap(pid);
		if (!has_exit(pid)) {
			printf("mm-less exit: pid %d, round %d\n", (int)pid,
			    round);
			return 0;
		}
	}
	errx(3, "no CLEARFILE in %d rounds came while a child exited",
	    ROUNDS);
}
