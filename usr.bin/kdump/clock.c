/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Times of the analyses, as kstrax prints them: the local clock to the
 * microsecond (hh:mm:ss.uuuuuu); -T seconds since the epoch, -E since
 * the first record, -R since the time printed before.
 */
#include <inttypes.h>
#include <stdio.h>
#include <time.h>

#include "analysis.h"

#define NS	UINT64_C(1000000000)

static struct ktr_time clock_first, clock_prev;
static bool clock_seen;

void
clock_see(const struct ktr_time *t)
{
	if (!clock_seen) {
		clock_first = clock_prev = *t;
		clock_seen = true;
	}
}

void
clock_reset(void)
{
	clock_seen = false;
}

uint64_t
clock_ns(const struct ktr_time *start, const struct ktr_time *end)
{
	int64_t sec, nsec;

	/* Absurd times of a corrupt file must not overflow. */
	if (__builtin_sub_overflow(end->tv_sec, start->tv_sec, &sec) ||
	    __builtin_sub_overflow(end->tv_nsec, start->tv_nsec, &nsec) ||
	    nsec <= -(int64_t)NS || nsec >= (int64_t)NS)
		return (0);
	if (sec < 0 || (sec == 0 && nsec < 0))
		return (0);
	if ((uint64_t)sec > UINT64_MAX / NS - 1)
		return (UINT64_MAX / 2);
	return ((uint64_t)sec * NS + (uint64_t)(nsec + (int64_t)NS) - NS);
}

int
clock_cmp(const struct ktr_time *a, const struct ktr_time *b)
{
	if (a->tv_sec != b->tv_sec)
		return (a->tv_sec < b->tv_sec ? -1 : 1);
	if (a->tv_nsec != b->tv_nsec)
		return (a->tv_nsec < b->tv_nsec ? -1 : 1);
	return (0);
}

static void
secs(char *buf, size_t size, uint64_t ns, const char *sign)
{
	(void)snprintf(buf, size, "%s%" PRIu64 ".%06" PRIu64, sign,
	    ns / 1000000000, ns % 1000000000 / 1000);
}

const char *
clock_format(char *buf, size_t size, const struct ktr_time *t)
{
	struct tm tm;
	time_t sec = (time_t)t->tv_sec;

	if (opts.timestamp & TIMESTAMP_ABSOLUTE)
		(void)snprintf(buf, size, "%jd.%06ld", (intmax_t)t->tv_sec,
		    (long)(t->tv_nsec / 1000));
	else if (opts.timestamp & TIMESTAMP_ELAPSED)
		secs(buf, size, clock_ns(&clock_first, t), "");
	else if (opts.timestamp & TIMESTAMP_RELATIVE) {
		if (clock_ns(t, &clock_prev) > 0)
			secs(buf, size, clock_ns(t, &clock_prev), "-");
		else
			secs(buf, size, clock_ns(&clock_prev, t), "");
		clock_prev = *t;
	} else if (localtime_r(&sec, &tm) == NULL)
		(void)snprintf(buf, size, "%jd.%06ld", (intmax_t)t->tv_sec,
		    (long)(t->tv_nsec / 1000));
	else
		(void)snprintf(buf, size, "%02d:%02d:%02d.%06ld", tm.tm_hour,
		    tm.tm_min, tm.tm_sec, (long)(t->tv_nsec / 1000));
	return (buf);
}
