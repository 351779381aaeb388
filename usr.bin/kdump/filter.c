/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The filters of kstrax-filter: by syscall (names and the classes of
 * ktrace -e, libktrace's one table), by outcome, open calls with their
 * path, and by time.  A time is seconds since the epoch ("1764567600.5")
 * or a local clock time ("20:46:11.559", on the day of the first record).
 */
#include <sys/types.h>

#include <ctype.h>
#include <err.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis.h"
#include "filter.h"

struct when {
	bool	set;
	bool	clock;		/* hh:mm:ss: resolved at the first record */
	bool	resolved;
	long	secs;		/* of the day, or of the epoch */
	long	nsec;
	struct ktr_time t;	/* resolved */
};

static struct {
	bool	bysyscall;
	struct ktr_sysfilter sys;
	enum call_outcome outcome;
	bool	files;
	struct when after, before;
} f;

bool
filter_syscalls(const char *list)
{
	char bad[64];

	if (ktr_sysfilter_parse(&f.sys, list, bad, sizeof(bad)) == -1) {
		warnx("--syscall: '%s' is neither a syscall nor a class", bad);
		return (false);
	}
	f.bysyscall = true;
	return (true);
}

void
filter_outcome(enum call_outcome outcome)
{
	f.outcome = outcome;
}

void
filter_files(void)
{
	f.files = true;
}

/* Up to 9 digits of a fraction of a second, as nanoseconds. */
static bool
parse_frac(const char *s, long *nsec)
{
	long scale = 100000000;

	*nsec = 0;
	if (*s == '\0')
		return (true);
	if (*s++ != '.' || *s == '\0')
		return (false);
	for (; *s != '\0'; s++) {
		if (!isdigit((unsigned char)*s))
			return (false);
		*nsec += (*s - '0') * scale;
		scale /= 10;
	}
	return (true);
}

/* Digits, at most max, into *v; the end in *end. */
static bool
parse_num(const char *s, long max, long *v, const char **end)
{
	*v = 0;
	if (!isdigit((unsigned char)*s))
		return (false);
	for (; isdigit((unsigned char)*s); s++) {
		*v = *v * 10 + (*s - '0');
		if (*v > max)
			return (false);
	}
	*end = s;
	return (true);
}

static bool
parse_when(struct when *w, const char *opt, const char *s)
{
	long h, m, sec;
	const char *p;

	memset(w, 0, sizeof(*w));
	if (strchr(s, ':') != NULL) {
		if (!parse_num(s, 23, &h, &p) || *p++ != ':' ||
		    !parse_num(p, 59, &m, &p) || *p++ != ':' ||
		    !parse_num(p, 60, &sec, &p) || !parse_frac(p, &w->nsec))
			goto bad;
		w->clock = true;
		w->secs = h * 3600 + m * 60 + sec;
	} else if (!parse_num(s, LONG_MAX / 10, &w->secs, &p) ||
	    !parse_frac(p, &w->nsec)) {
		goto bad;
	} else {
		w->resolved = true;
		w->t.tv_sec = w->secs;
		w->t.tv_nsec = w->nsec;
	}
	w->set = true;
	return (true);
bad:
	warnx("%s: '%s' is not hh:mm:ss[.frac] nor seconds since the epoch",
	    opt, s);
	return (false);
}

bool
filter_after(const char *when)
{
	return (parse_when(&f.after, "--after", when));
}

bool
filter_before(const char *when)
{
	return (parse_when(&f.before, "--before", when));
}

bool
filter_active(void)
{
	return (f.bysyscall || f.after.set || f.before.set ||
	    filter_judges_calls());
}

bool
filter_judges_calls(void)
{
	return (f.outcome != OUTCOME_ANY || f.files);
}

/* A clock time on the local day of t. */
static void
resolve(struct when *w, const struct ktr_time *t)
{
	struct tm tm;
	time_t secs = (time_t)t->tv_sec;

	if (!w->set || w->resolved)
		return;
	if (localtime_r(&secs, &tm) == NULL)
		return;
	tm.tm_hour = 0;
	tm.tm_min = 0;
	tm.tm_sec = 0;
	tm.tm_isdst = -1;
	/* Counting from midnight: a day with a DST change is fine too. */
	w->t.tv_sec = (int64_t)mktime(&tm) + w->secs;
	w->t.tv_nsec = w->nsec;
	w->resolved = true;
}

void
filter_see(const struct ktr_time *t)
{
	resolve(&f.after, t);
	resolve(&f.before, t);
}

void
filter_reset(void)
{
	if (f.after.clock)
		f.after.resolved = false;
	if (f.before.clock)
		f.before.resolved = false;
}

void
filter_clear(void)
{
	memset(&f, 0, sizeof(f));
}

/* At or after --after, and before --before: [after, before). */
bool
filter_time(const struct ktr_time *t)
{
	if (f.after.set && f.after.resolved && clock_cmp(t, &f.after.t) < 0)
		return (false);
	if (f.before.set && f.before.resolved && clock_cmp(t, &f.before.t) >= 0)
		return (false);
	return (true);
}

bool
filter_code(enum ktr_abi abi, int code)
{
	if (!f.bysyscall)
		return (true);
	return (code >= 0 && ktr_sysfilter_has(&f.sys, abi, code));
}

bool
filter_call(const struct call *c)
{
	bool failed = c->returned && !c->justreturn && c->error != 0;
	bool succeeded = c->returned && !failed;

	if (!filter_code(c->abi, c->code))
		return (false);
	if (f.outcome == OUTCOME_ERRORS && !failed)
		return (false);
	if (f.outcome == OUTCOME_SUCCESS && !succeeded)
		return (false);
	if (f.files && !(call_opens(c) && succeeded && c->path != NULL))
		return (false);
	return (filter_time(c->entered ? &c->start : &c->end));
}
