/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * -l --interval SEC: while a trace is being written, the table of
 * --stats or --net every SEC seconds of wall time, of the calls read in
 * those seconds, as SystemTap's timer probes print theirs; then, at the
 * end, the last interval's table and the totals of the whole trace.
 * The end is SIGINT, or the end of a pipe (its writer closed it): a
 * regular file that is followed has none.
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <err.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "analysis.h"
#include "net.h"
#include "stats.h"

#define FOLLOW_WAIT_NS	250000000L	/* at the end of a file, as -l */
#define NS		1000000000L

static volatile sig_atomic_t interrupted;
static struct timespec next;	/* CLOCK_MONOTONIC: the next tick */
static struct ktr_time since;	/* the wall clock's: the interval's start */
static bool cut;		/* the pipe ended inside a record */

static void
wall(struct ktr_time *t)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_REALTIME, &ts);
	t->tv_sec = ts.tv_sec;
	t->tv_nsec = ts.tv_nsec;
}

void
live_start(void)
{
	heading_reset();
	cut = false;
	if (!live_wanted())
		return;
	wall(&since);
	(void)clock_gettime(CLOCK_MONOTONIC, &next);
	next.tv_sec += opts.interval;
}

static void
flush(void)
{
	if (fflush(stdout) == EOF || ferror(stdout))
		err(1, "stdout");
}

void
live_tick(void)
{
	struct ktr_time now;

	wall(&now);
	interval_heading(&since, &now);
	if (opts.mode == MODE_NET)
		net_print_interval();
	else {
		stats_print(stats_interval);
		stats_reset(stats_interval);
	}
	since = now;
	flush();
}

int
live_finish(void)
{
	live_tick();
	totals_heading();
	if (opts.mode == MODE_NET)
		net_print_totals();
	else
		stats_print(stats_trace);
	return (cut ? 1 : 0);
}

static int64_t
ns_until_tick(void)
{
	struct timespec now;

	(void)clock_gettime(CLOCK_MONOTONIC, &now);
	return ((int64_t)(next.tv_sec - now.tv_sec) * NS +
	    (next.tv_nsec - now.tv_nsec));
}

/* A tick missed (kdump was stopped) is not made up for: one table. */
static void
tick_if_due(void)
{
	if (ns_until_tick() > 0)
		return;
	live_tick();
	next.tv_sec += opts.interval;
	if (ns_until_tick() <= 0) {
		(void)clock_gettime(CLOCK_MONOTONIC, &next);
		next.tv_sec += opts.interval;
	}
}

/* Sleep until there is more to read, or the next tick, or SIGINT. */
static bool
wait_for_data(FILE *fp, bool stream)
{
	struct pollfd pfd = { .fd = fileno(fp), .events = POLLIN };
	struct timespec pause = { 0, FOLLOW_WAIT_NS };
	int64_t ns = ns_until_tick();

	if (ns < 0)
		ns = 0;
	if (!stream) {
		if (ns < FOLLOW_WAIT_NS)
			pause.tv_nsec = (long)ns;
		(void)nanosleep(&pause, NULL);
		return (false);
	}
	/* The end of a pipe wakes poll() too: then a read says so. */
	return (poll(&pfd, 1, (int)((ns + 999999) / 1000000)) > 0);
}

static void
on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

/* SIGINT ends the reading; a second one, kdump. */
static void
catch_sigint(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigint;
	sa.sa_flags = SA_RESETHAND;	/* not SA_RESTART: reads end */
	(void)sigemptyset(&sa.sa_mask);
	if (sigaction(SIGINT, &sa, NULL) == -1)
		err(1, "sigaction");
}

int
live_run(struct ktr_reader *r, FILE *fp,
    void (*each)(const struct ktr_record *rec))
{
	struct ktr_record rec;
	struct stat st;
	bool stream;
	int rv;

	/* A pipe is read as it comes: poll() must see what is unread. */
	stream = fstat(fileno(fp), &st) == 0 && !S_ISREG(st.st_mode);
	if (stream)
		(void)setvbuf(fp, NULL, _IONBF, 0);
	catch_sigint();
	while (!interrupted) {
		tick_if_due();
		if (stream && !wait_for_data(fp, true))
			continue;
		if ((rv = ktr_next(r, &rec)) == 1)
			each(&rec);
		else if (rv == -1)
			return (interrupted ? 0 : -1);
		else if (stream) {
			if ((cut = ktr_reader_pending(r) > 0))
				warnx("the trace ends inside a record");
			return (0);
		} else
			(void)wait_for_data(fp, false);
	}
	return (0);
}
