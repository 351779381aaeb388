/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target: any bytes, as a trace file, through libktrace's
 * reader and every printer of kdump(1), with each group of options that
 * leads to different code (the text as FreeBSD prints it, -n -d and the
 * header columns, -x, -X, -r, --json), and kstrax's analyses with their
 * filters (--pairs, --raw, --stats; --graph runs gnuplot, so not here),
 * the network views (--net, its intervals, --connections) and the live
 * tables of -l --interval, a tick every few records.
 * Output goes to /dev/null: what
 * is checked is that nothing crashes, leaks, hangs or trips ASan or
 * UBSan.
 *
 * One oracle besides: the reader in follow mode (-l), fed the same bytes
 * a few at a time with an end of file between the pieces, must return
 * the very records it returns reading them at once, and end the same way
 * (the same error, or, for a file cut inside a record, "not yet" with
 * the partial record pending).
 */
#define _GNU_SOURCE
#include <sys/types.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "filter.h"
#include "kdump.h"
#include "net.h"
#include "stats.h"

int	LLVMFuzzerInitialize(int *argc, char ***argv);
int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct kdump_opts option_sets[] = {
	/* kdump */
	{ .fancy = true },
	/* kdump -n -d -H -c -A -S -T -E -R -x -m 3 -p 100 */
	{ .decimal = true, .threads = true, .cpu = true, .abi = true,
	    .syscallno = true, .timestamp = TIMESTAMP_ABSOLUTE |
	    TIMESTAMP_ELAPSED | TIMESTAMP_RELATIVE, .iohex = IOHEX_HEX,
	    .maxdata = 3, .pid = 100 },
	/* kdump -r -X -R -t cinstuwy */
	{ .fancy = true, .resolve = true, .iohex = IOHEX_ASCII,
	    .timestamp = TIMESTAMP_RELATIVE, .bytype = true,
	    .points = KTRFAC_SYSCALL | KTRFAC_SYSRET | KTRFAC_GENIO |
	    KTRFAC_NAMEI | KTRFAC_PSIG | KTRFAC_STRUCT | KTRFAC_USER |
	    KTRFAC_CSW | KTRFAC_SYSCTL },
	/* kdump -s -d */
	{ .fancy = true, .suppress = true, .decimal = true },
	/* kdump --json, and with -s, -m 5 */
	{ .fancy = true, .json = true },
	{ .fancy = true, .json = true, .suppress = true },
	{ .fancy = true, .json = true, .maxdata = 5 },
};

/*
 * The analyses, each with the filters given: a word list as on the
 * command line (--syscall takes the next word).
 */
static const struct {
	struct kdump_opts opts;
	const char *filters[6];
} analysis_sets[] = {
	{ { .fancy = true, .mode = MODE_PAIRS, .threads = true }, { NULL } },
	{ { .fancy = true, .mode = MODE_RAW, .timestamp = TIMESTAMP_RELATIVE },
	    { "--syscall", "FILE,getppid", NULL } },
	{ { .fancy = true, .mode = MODE_STATS, .bypid = true,
	    .sort = SORT_AVERAGE }, { NULL } },
	{ { .fancy = true, .mode = MODE_STATS, .json = true }, { "--errors",
	    NULL } },
	{ { .fancy = true, .mode = MODE_PAIRS, .json = true }, { "--files",
	    "--after", "00:00:01", NULL } },
	{ { .fancy = true, .mode = MODE_RAW, .json = true }, { "--success",
	    "--before", "1700000000.5", NULL } },
	/* The text, its records held until their call is judged. */
	{ { .fancy = true }, { "--errors", "--syscall", "ALL", NULL } },
	{ { .fancy = true, .pid = 100 }, { "--after", "1.5", "--syscall",
	    "read", NULL } },
	/* The network views, and the live tables. */
	{ { .fancy = true, .mode = MODE_NET }, { NULL } },
	{ { .fancy = true, .mode = MODE_NET, .json = true, .interval = 1 },
	    { "--syscall", "NETWORK,read,write", NULL } },
	{ { .fancy = true, .mode = MODE_NET, .interval = 3,
	    .timestamp = TIMESTAMP_ABSOLUTE }, { "--after", "1.5", NULL } },
	{ { .fancy = true, .mode = MODE_CONNECT, .threads = true,
	    .timestamp = TIMESTAMP_ELAPSED }, { NULL } },
	{ { .fancy = true, .mode = MODE_CONNECT, .json = true }, { "--errors",
	    NULL } },
	{ { .fancy = true, .mode = MODE_NET, .follow = true, .interval = 1 },
	    { NULL } },
	{ { .fancy = true, .mode = MODE_STATS, .follow = true, .interval = 1,
	    .bypid = true, .json = true }, { "--success", NULL } },
};

static void
set_filters(const char *const *w)
{
	filter_clear();
	for (; *w != NULL; w++)
		if (strcmp(*w, "--errors") == 0)
			filter_outcome(OUTCOME_ERRORS);
		else if (strcmp(*w, "--success") == 0)
			filter_outcome(OUTCOME_SUCCESS);
		else if (strcmp(*w, "--files") == 0)
			filter_files();
		else if (strcmp(*w, "--syscall") == 0) {
			if (!filter_syscalls(*++w))
				abort();
		} else if (strcmp(*w, "--after") == 0) {
			if (!filter_after(*++w))
				abort();
		} else if (strcmp(*w, "--before") == 0) {
			if (!filter_before(*++w))
				abort();
		} else
			abort();
}

/* What a reading ended with. */
struct outcome {
	uint64_t hash;		/* of every record returned */
	size_t	nrecords;
	int	rv;		/* ktr_next()'s last: 0 or -1 */
	char	error[256];	/* ktr_reader_error() when -1 */
	size_t	pending;	/* ktr_reader_pending() at the end */
};

static uint64_t
fnv(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;

	while (len-- > 0)
		h = (h ^ *p++) * 0x100000001b3ULL;
	return (h);
}

static void
add_record(struct outcome *o, const struct ktr_record *rec)
{
	o->hash = fnv(o->hash, &rec->hdr, sizeof(rec->hdr));
	o->hash = fnv(o->hash, &rec->dropped, sizeof(rec->dropped));
	o->hash = fnv(o->hash, &rec->offset, sizeof(rec->offset));
	o->hash = fnv(o->hash, &rec->len, sizeof(rec->len));
	o->hash = fnv(o->hash, rec->data, rec->len);
	/* The reader promises a NUL after every payload. */
	if (((const char *)rec->data)[rec->len] != '\0')
		abort();
	o->nrecords++;
}

static void
end(struct outcome *o, struct ktr_reader *r, int rv)
{
	const char *msg;

	o->rv = rv;
	if (rv == -1) {
		if ((msg = ktr_reader_error(r)) == NULL)
			abort();
		(void)snprintf(o->error, sizeof(o->error), "%s", msg);
	}
	o->pending = ktr_reader_pending(r);
}

/* A stream of the input that ends every few bytes, as a growing file. */
struct trickle {
	const uint8_t *data;
	size_t	size, pos;
	uint32_t rand;
	bool	dry;		/* the next read says end of file */
};

static ssize_t
trickle_read(void *cookie, char *buf, size_t want)
{
	struct trickle *t = cookie;
	size_t n;

	if (t->dry || t->pos == t->size) {
		t->dry = false;
		return (0);
	}
	t->rand = t->rand * 1103515245U + 12345U;
	n = (t->rand >> 16) % 97 + 1;
	if (n > want)
		n = want;
	if (n > t->size - t->pos)
		n = t->size - t->pos;
	memcpy(buf, t->data + t->pos, n);
	t->pos += n;
	t->dry = true;
	return ((ssize_t)n);
}

static void
read_all(const uint8_t *data, size_t size, struct outcome *o)
{
	struct ktr_reader *r;
	struct ktr_record rec;
	FILE *fp;
	int rv;

	memset(o, 0, sizeof(*o));
	if ((fp = fmemopen((void *)(uintptr_t)data, size, "r")) == NULL)
		abort();
	if ((r = ktr_reader_open(fp, "fuzz", 0)) == NULL)
		abort();
	while ((rv = ktr_next(r, &rec)) == 1)
		add_record(o, &rec);
	end(o, r, rv);
	ktr_reader_close(r);
	(void)fclose(fp);
}

static void
read_trickle(const uint8_t *data, size_t size, struct outcome *o)
{
	cookie_io_functions_t io = { .read = trickle_read };
	struct trickle t = { .data = data, .size = size, .rand = size };
	struct ktr_reader *r;
	struct ktr_record rec;
	FILE *fp;
	int rv;

	memset(o, 0, sizeof(*o));
	if ((fp = fopencookie(&t, "r", io)) == NULL)
		abort();
	/* Unbuffered: every fread() reaches trickle_read(). */
	(void)setvbuf(fp, NULL, _IONBF, 0);
	if ((r = ktr_reader_open(fp, "fuzz", KTR_READ_FOLLOW)) == NULL)
		abort();
	for (;;) {
		rv = ktr_next(r, &rec);
		if (rv == 1)
			add_record(o, &rec);
		else if (rv == -1 || t.pos == t.size)
			break;
	}
	end(o, r, rv);
	ktr_reader_close(r);
	(void)fclose(fp);
}

static bool
truncation(const char *error)
{
	return (strstr(error, ": unexpected end of file in the header") !=
	    NULL || strstr(error, ": data too short (") != NULL);
}

static void
check_follow(const uint8_t *data, size_t size)
{
	struct outcome all, some;

	read_all(data, size, &all);
	read_trickle(data, size, &some);
	if (all.hash != some.hash || all.nrecords != some.nrecords)
		abort();
	if (all.rv == 0 && (some.rv != 0 || some.pending != 0))
		abort();
	if (all.rv == -1 && truncation(all.error)) {
		/* Waited for, not an error, with the bytes kept. */
		if (some.rv != 0 || some.pending == 0 ||
		    all.pending != some.pending)
			abort();
	} else if (all.rv == -1 &&
	    (some.rv != -1 || strcmp(all.error, some.error) != 0))
		abort();
}

static void
dump_all(const uint8_t *data, size_t size)
{
	struct ktr_reader *r;
	struct ktr_record rec;
	FILE *fp;
	unsigned int n = 0;

	if ((fp = fmemopen((void *)(uintptr_t)data, size, "r")) == NULL)
		abort();
	if ((r = ktr_reader_open(fp, "fuzz", 0)) == NULL)
		abort();
	kdump_reset();
	kdump_start();
	while (ktr_next(r, &rec) == 1) {
		kdump_record(&rec);
		/* -l --interval: the wall clock ticks now and then. */
		if (live_wanted() && ++n % 7 == 0)
			live_tick();
	}
	(void)kdump_end();
	ktr_reader_close(r);
	(void)fclose(fp);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* The printers write to stdout. */
	if (freopen("/dev/null", "w", stdout) == NULL)
		abort();
	return (0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t i;

	/* fmemopen() refuses an empty buffer: an empty file is nothing. */
	if (size == 0)
		return (0);
	filter_clear();
	for (i = 0; i < sizeof(option_sets) / sizeof(option_sets[0]); i++) {
		opts = option_sets[i];
		dump_all(data, size);
	}
	for (i = 0; i < sizeof(analysis_sets) / sizeof(analysis_sets[0]);
	    i++) {
		opts = analysis_sets[i].opts;
		set_filters(analysis_sets[i].filters);
		dump_all(data, size);
	}
	filter_clear();
	if (fflush(stdout) == EOF)
		abort();
	check_follow(data, size);
	kdump_reset();
	return (0);
}
