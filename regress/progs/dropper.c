/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dropper: check that a trace accounts for every record, written or lost.
 *
 *   dropper [-Lr] [-w spins] tracefile ncalls
 *   dropper [-Lr] [-w spins] -s stopfile tracefile
 *   dropper [-Lr] [-w spins] -e|-E tracefile ncalls
 *
 * Creates (truncates) tracefile, traces itself into it for CALL records
 * only, makes ncalls getppid() calls (with -s: until the first byte of
 * stopfile is no longer '0'), stops the trace, then reads the file back
 * and prints one line of counts:
 *
 *   calls=N expected=E written=W getppid=G other=O lost=L lost_records=R
 *   lost_flagged=F after_lost=A after_lost_flagged=B backwards=K
 *   waits=V timeouts=X
 *
 * While traced it makes E = N + 3 syscalls, each a CALL record: the
 * close() of ktrace(SET) (its open and ioctl came before the trace was
 * set), the N getppid() calls, and the openat() and ioctl() of
 * ktrace(CLEAR) (its close comes after).  W counts CALL records in the
 * file, G those of getppid, O those of none of the four expected calls;
 * L is the sum of the KTR_LOST counts, R the number of LOST records, F
 * how many of them carry KTR_DROP; A counts the records that follow a
 * LOST record, B how many of those carry KTR_DROP; K counts the records
 * with an earlier time than the record before them (one thread makes
 * them all, so the file should be in time order); V counts the WAIT
 * records (the waits for the writer, in lossless mode), X those that
 * timed out.
 *
 * -L traces in lossy mode (KTRFAC_LOSSY): never a wait, losses instead.
 *
 * -r runs at SCHED_FIFO priority 1 with memory locked, so that on a
 * single CPU (with RT throttling off) the writer thread cannot run while
 * the calls are made.  -s checks stopfile through a shared mapping, so
 * waiting for it makes no syscall.  -w spins an empty loop that many
 * times between calls (no syscall either), so that a trace that runs
 * while a test waits for something else stays small.
 *
 * -e: a child traces itself, makes the ncalls calls and exits without
 * ktrace(CLEAR); the parent reads the file once it has reaped it, which
 * is when the module promises every record and loss count is in it.
 * The child's E = N + 2: the close() of ktrace(SET) and exit_group().
 * -E: the same, but the parent traces itself into tracefile too, from
 * before the fork to after the child is reaped, so the child's exit
 * leaves its records and losses to the parent's ktrace(CLEAR); only the
 * child's records are counted.
 *
 * Exit status: 0 when W + L == E and O == 0, 1 when not, 2 on errors.
 */
#include <sys/types.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include <err.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <syscall.h>
#include <unistd.h>

#include "libktrace.h"

#define SYSCALLS_AROUND	3	/* close, then openat and ioctl */
#define SYSCALLS_EXITING 2	/* close, then exit_group */

static void usage(void) __attribute__((__noreturn__));

struct counts {
	uintmax_t written, getppid, other, lost;
	uintmax_t lost_records, lost_flagged, after_lost, after_lost_flagged;
	uintmax_t backwards, waits, timeouts;
};

static bool
earlier(const struct ktr_time *a, const struct ktr_time *b)
{
	return (a->tv_sec < b->tv_sec ||
	    (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec));
}

/* The stop file, mapped shared: its first byte, read without a syscall. */
static const volatile char *
map_stopfile(const char *path)
{
	void *p;
	int fd;

	if ((fd = open(path, O_RDONLY)) == -1)
		err(2, "%s", path);
	p = mmap(NULL, 1, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		err(2, "%s: mmap", path);
	(void)close(fd);
	if (*(const volatile char *)p != '0')
		errx(2, "%s: must start with '0'", path);
	return (p);
}

static void
go_realtime(void)
{
	struct sched_param sp = { .sched_priority = 1 };

	if (mlockall(MCL_CURRENT | MCL_FUTURE) == -1)
		err(2, "mlockall");
	if (sched_setscheduler(0, SCHED_FIFO, &sp) == -1)
		err(2, "sched_setscheduler");
}

/* Count the records of pid self in tracefile; those of pid skip aside. */
static void
count_records(const char *tracefile, pid_t self, pid_t skip, struct counts *c)
{
	const struct ktr_syscall *sc;
	struct ktr_reader *r;
	struct ktr_record rec;
	const struct ktr_lost *l;
	const struct ktr_wait *w;
	struct ktr_time prev = { 0, 0 };
	bool after = false;
	FILE *fp;
	int rv;

	if ((fp = fopen(tracefile, "r")) == NULL)
		err(2, "%s", tracefile);
	if ((r = ktr_reader_open(fp, tracefile, 0)) == NULL)
		err(2, NULL);
	while ((rv = ktr_next(r, &rec)) == 1) {
		if (skip != 0 && rec.hdr.ktr_pid == skip)
			continue;
		if (rec.hdr.ktr_pid != self)
			errx(2, "%s: a record of pid %d", tracefile,
			    rec.hdr.ktr_pid);
		if (after) {
			c->after_lost++;
			if (rec.dropped)
				c->after_lost_flagged++;
		}
		after = false;
		if (earlier(&rec.hdr.ktr_time, &prev))
			c->backwards++;
		prev = rec.hdr.ktr_time;
		switch (rec.hdr.ktr_type) {
		case KTR_SYSCALL:
			sc = rec.data;
			c->written++;
			if (sc->ktr_code == SYS_getppid)
				c->getppid++;
			else if (sc->ktr_code != SYS_close &&
			    sc->ktr_code != SYS_openat &&
			    sc->ktr_code != SYS_ioctl &&
			    sc->ktr_code != SYS_exit_group)
				c->other++;
			break;
		case KTR_LOST:
			l = rec.data;
			c->lost += l->ktr_count;
			c->lost_records++;
			if (rec.dropped)
				c->lost_flagged++;
			after = true;
			break;
		case KTR_WAIT:
			w = rec.data;
			c->waits++;
			if (w->ktr_timedout)
				c->timeouts++;
			break;
		default:
			errx(2, "%s: a record of type %d", tracefile,
			    rec.hdr.ktr_type);
		}
	}
	if (rv == -1)
		errx(2, "%s", ktr_reader_error(r));
	ktr_reader_close(r);
	(void)fclose(fp);
}

/* Busy for a while without a syscall. */
static void
spin(uintmax_t n)
{
	volatile uintmax_t i;

	for (i = 0; i < n; i++)
		continue;
}

/* Print the line of counts; the exit status. */
static int
report(uintmax_t calls, uintmax_t expected, const struct counts *c)
{
	printf("calls=%ju expected=%ju written=%ju getppid=%ju other=%ju "
	    "lost=%ju lost_records=%ju lost_flagged=%ju after_lost=%ju "
	    "after_lost_flagged=%ju backwards=%ju waits=%ju timeouts=%ju\n",
	    calls, expected, c->written, c->getppid, c->other, c->lost,
	    c->lost_records, c->lost_flagged, c->after_lost,
	    c->after_lost_flagged, c->backwards, c->waits, c->timeouts);
	if (fflush(stdout) == EOF || ferror(stdout))
		err(2, "stdout");
	return (c->written + c->lost == expected && c->other == 0 ? 0 : 1);
}

/* The trace points: CALL records, lossy or not (-L). */
static int facs = KTRFAC_SYSCALL;

/*
 * -e: the calls in a child that exits traced; count once it is reaped
 * and, with -E (parent_traced), the parent's own trace is cleared.
 */
static int
run_exiting(const char *tracefile, uintmax_t ncalls, uintmax_t spins,
    bool realtime, bool parent_traced)
{
	struct counts c = { 0 };
	uintmax_t i;
	pid_t child, self = getpid();
	int status;

	if (parent_traced && ktrace(tracefile, KTROP_SET, facs, self) == -1)
		err(2, "ktrace %s", tracefile);
	if ((child = fork()) == -1)
		err(2, "fork");
	if (child == 0) {
		pid_t self = getpid();

		if (realtime)
			go_realtime();
		(void)getppid();
		if (ktrace(tracefile, KTROP_SET, facs, self) == -1)
			err(2, "ktrace %s", tracefile);
		for (i = 0; i < ncalls; i++) {
			(void)getppid();
			spin(spins);
		}
		_exit(0);
	}
	if (waitpid(child, &status, 0) == -1)
		err(2, "waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		errx(2, "the traced child failed (status %#x)", status);
	if (parent_traced && ktrace(tracefile, KTROP_CLEAR, facs, self) == -1)
		err(2, "ktrace clear");
	count_records(tracefile, child, parent_traced ? self : 0, &c);
	return (report(ncalls, ncalls + SYSCALLS_EXITING, &c));
}

int
main(int argc, char *argv[])
{
	const volatile char *stop = NULL;
	const char *errstr, *tracefile;
	struct counts c = { 0 };
	uintmax_t calls = 0, ncalls = 0;
	uintmax_t spins = 0;
	bool exiting = false, parent_traced = false, realtime = false;
	pid_t self;
	int ch, fd;

	while ((ch = getopt(argc, argv, "EeLrs:w:")) != -1)
		switch (ch) {
		case 'L':
			facs |= KTRFAC_LOSSY;
			break;
		case 'E':
			parent_traced = true;
			/* FALLTHROUGH */
		case 'e':
			exiting = true;
			break;
		case 'r':
			realtime = true;
			break;
		case 's':
			stop = map_stopfile(optarg);
			break;
		case 'w':
			spins = (uintmax_t)strtonum(optarg, 0, 1000000000,
			    &errstr);
			if (errstr != NULL)
				errx(2, "spins %s is %s", optarg, errstr);
			break;
		default:
			usage();
		}
	argc -= optind;
	argv += optind;
	if (argc != (stop == NULL ? 2 : 1) || (exiting && stop != NULL))
		usage();
	tracefile = argv[0];
	if (stop == NULL) {
		ncalls = (uintmax_t)strtonum(argv[1], 0, LLONG_MAX, &errstr);
		if (errstr != NULL)
			errx(2, "ncalls %s is %s", argv[1], errstr);
	}

	if ((fd = open(tracefile, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0600)) == -1)
		err(2, "%s", tracefile);
	(void)close(fd);
	if (exiting)
		return (run_exiting(tracefile, ncalls, spins, realtime,
		    parent_traced));
	if (realtime)
		go_realtime();
	(void)getppid();	/* its page is in before the trace starts */
	self = getpid();	/* no getpid() call while traced */

	if (ktrace(tracefile, KTROP_SET, facs, self) == -1)
		err(2, "ktrace %s", tracefile);
	if (stop == NULL)
		for (; calls < ncalls; calls++) {
			(void)getppid();
			spin(spins);
		}
	else
		for (; *stop == '0'; calls++) {
			(void)getppid();
			spin(spins);
		}
	if (ktrace(tracefile, KTROP_CLEAR, KTRFAC_SYSCALL, self) == -1)
		err(2, "ktrace clear");

	count_records(tracefile, self, 0, &c);
	return (report(calls, calls + SYSCALLS_AROUND, &c));
}

static void
usage(void)
{
	fprintf(stderr, "usage: dropper [-Lr] [-w spins] tracefile ncalls\n"
	    "       dropper [-Lr] [-w spins] -s stopfile tracefile\n"
	    "       dropper [-Lr] [-w spins] -e|-E tracefile ncalls\n");
	exit(2);
}
