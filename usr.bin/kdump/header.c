/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The start of every kdump line: pid [tid] command [times] [cpu] type.
 */
#include <stdint.h>
#include <stdio.h>

#include "kdump.h"

/* A command name is printed up to FreeBSD's MAXCOMLEN. */
#define COMMLEN	(KTR_COMMLEN - 1)
/* FreeBSD's SV_ABI_FREEBSD: the ABI of its own processes' trace files. */
#define FREEBSD_SV_ABI	9

static void
print_pid(const struct ktr_record *rec)
{
	const struct ktr_header *h = &rec->hdr;

	/* Old FreeBSD files hold a kernel pointer here: shown as 0. */
	if (opts.threads)
		printf("%6d %6ld %-8.*s ", h->ktr_pid,
		    h->ktr_tid > 0 ? (long)h->ktr_tid : 0L, COMMLEN,
		    h->ktr_comm);
	else
		printf("%6d %-8.*s ", h->ktr_pid, COMMLEN, h->ktr_comm);
}

/*
 * Print a - b at the file's resolution (microseconds for version 0
 * files).  Unsigned arithmetic: absurd times print oddly, never overflow.
 */
static void
print_diff(const struct ktr_time *a, const struct ktr_time *b, int version)
{
	const struct ktr_time *t;
	const char *sign = "";
	uint64_t sec;
	int64_t nsec;

	if (a->tv_sec < b->tv_sec ||
	    (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec)) {
		t = a;
		a = b;
		b = t;
		sign = "-";
	}
	sec = (uint64_t)a->tv_sec - (uint64_t)b->tv_sec;
	nsec = a->tv_nsec - b->tv_nsec;
	if (nsec < 0) {
		nsec += 1000000000;
		sec--;
	}
	if (version == KTR_VERSION0)
		printf("%s%ju.%06ld ", sign, (uintmax_t)sec,
		    (long)(nsec / 1000));
	else
		printf("%s%ju.%09ld ", sign, (uintmax_t)sec, (long)nsec);
}

/* The first record shown and the one before this one, for -E and -R. */
static struct ktr_time text_first, text_prev;
static bool text_seen;

void
header_reset(void)
{
	text_seen = false;
}

static void
print_times(const struct ktr_record *rec)
{
	const struct ktr_time *now = &rec->hdr.ktr_time;

	if (!text_seen) {
		text_first = text_prev = *now;
		text_seen = true;
	}
	if (opts.timestamp & TIMESTAMP_ABSOLUTE) {
		if (rec->hdr.ktr_version == KTR_VERSION0)
			printf("%jd.%06ld ", (intmax_t)now->tv_sec,
			    (long)(now->tv_nsec / 1000));
		else
			printf("%jd.%09ld ", (intmax_t)now->tv_sec,
			    (long)now->tv_nsec);
	}
	if (opts.timestamp & TIMESTAMP_ELAPSED)
		print_diff(now, &text_first, rec->hdr.ktr_version);
	if (opts.timestamp & TIMESTAMP_RELATIVE)
		print_diff(now, &text_prev, rec->hdr.ktr_version);
	text_prev = *now;
}

/* -A: FreeBSD's ABI column, L (Linux), F (FreeBSD) or U, then 64|32|00. */
static void
print_abi(unsigned int sv_flags)
{
	const char *os, *bits;

	switch (sv_flags & KTR_SV_ABI_MASK) {
	case KTR_SV_ABI_LINUX:
		os = "L";
		break;
	case FREEBSD_SV_ABI:
		os = "F";
		break;
	default:
		os = "U";
		break;
	}
	if (sv_flags & KTR_SV_LP64)
		bits = "64";
	else if (sv_flags & KTR_SV_ILP32)
		bits = "32";
	else
		bits = "00";
	printf("%s%s  ", os, bits);
}

void
dump_header(const struct ktr_record *rec, const char *type,
    unsigned int sv_flags)
{
	print_pid(rec);
	if (opts.timestamp != 0)
		print_times(rec);
	if (opts.cpu && rec->hdr.ktr_version > KTR_VERSION0)
		printf("%3d ", rec->hdr.ktr_cpu);
	printf("%s  ", type);
	if (opts.abi)
		print_abi(sv_flags);
}

void
dump_dropped(const struct ktr_record *rec)
{
	print_pid(rec);
	printf("Events dropped.\n");
}
