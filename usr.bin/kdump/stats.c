/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * --stats: kstrax's table, a row a syscall: ID NAME count average max min
 * total error "no call" "no return", times in seconds; then the totals,
 * the records lost and, when there were any, the waits for the writer.
 * --by-pid: a table a process.  A snapshot of the rings adds what its
 * windows overwrote and where it is complete from.
 */
#include <sys/types.h>

#include <err.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "stats.h"

#define MINBUCKETS	256
#define NS	UINT64_C(1000000000)

/* Waits for the writer (KTR_WAIT) of a process, or of all. */
struct waits {
	uint64_t n;
	uint64_t ns;		/* their total length, saturated */
	uint64_t timedout;	/* of them, those that gave up */
};

/*
 * Losses and waits of each process (--by-pid), in a short list: rare
 * events (a wait is at most one a syscall, and only when a buffer is
 * past half full).
 */
struct lostpid {
	struct lostpid *next;
	pid_t	pid;
	uint64_t count;
	struct waits waits;
};

/*
 * One set of tables: the whole trace's, and with -l --interval a second
 * one, an interval's, emptied at each tick while the first goes on.
 */
struct stats {
	struct sysstat **buckets;
	size_t	nbuckets, nrows;
	struct lostpid *losses;
	uint64_t lost_total;
	struct waits waits_total;
	/* The windows of a snapshot: CPUs', so every process's, whatever -p. */
	struct {
		uint64_t n;		/* windows read */
		uint64_t overwritten;	/* of those counted */
		uint64_t inflight;	/* of those counted */
		bool	bounded;	/* one lacks older records */
		struct ktr_time complete; /* the latest start of those */
		bool	firstheld;	/* first is a window's holding records */
		struct ktr_time first;	/* the earliest start of those, or any */
	} win;
};

static struct stats trace_tables, interval_tables;
struct stats *const stats_trace = &trace_tables;
struct stats *const stats_interval = &interval_tables;

static const struct {
	const char *word;
	enum sort_key key;
} sortkeys[] = {
	{ "id", SORT_ID },
	{ "count", SORT_COUNT },
	{ "total", SORT_TOTAL },
	{ "average", SORT_AVERAGE },
	{ "max", SORT_MAX },
	{ "errors", SORT_ERRORS },
};

int
stats_sort_key(const char *word)
{
	size_t i;

	for (i = 0; i < sizeof(sortkeys) / sizeof(sortkeys[0]); i++)
		if (strcmp(word, sortkeys[i].word) == 0)
			return ((int)sortkeys[i].key);
	return (-1);
}

static size_t
hash(const struct stats *st, pid_t pid, enum ktr_abi abi, int code)
{
	return (((size_t)(unsigned int)pid * 31 + (size_t)abi * 1024 +
	    (size_t)(unsigned int)code) & (st->nbuckets - 1));
}

static void
grow(struct stats *st)
{
	struct sysstat **old = st->buckets, *s, *next;
	size_t h, i, n = old == NULL ? 0 : st->nbuckets;

	st->nbuckets = n == 0 ? MINBUCKETS : n * 2;
	if ((st->buckets = calloc(st->nbuckets, sizeof(*st->buckets))) == NULL)
		err(1, NULL);
	for (i = 0; i < n; i++)
		for (s = old[i]; s != NULL; s = next) {
			next = s->next;
			h = hash(st, s->pid, s->abi, s->code);
			s->next = st->buckets[h];
			st->buckets[h] = s;
		}
	free(old);
}

static struct sysstat *
row(struct stats *st, pid_t pid, enum ktr_abi abi, int code)
{
	struct sysstat *s;

	if (st->buckets == NULL || st->nrows >= 2 * st->nbuckets)
		grow(st);
	for (s = st->buckets[hash(st, pid, abi, code)]; s != NULL; s = s->next)
		if (s->pid == pid && s->abi == abi && s->code == code)
			return (s);
	if ((s = calloc(1, sizeof(*s))) == NULL)
		err(1, NULL);
	s->pid = pid;
	s->abi = abi;
	s->code = code;
	s->min_ns = UINT64_MAX;
	s->next = st->buckets[hash(st, pid, abi, code)];
	st->buckets[hash(st, pid, abi, code)] = s;
	st->nrows++;
	return (s);
}

void
stats_add(struct stats *st, const struct call *c)
{
	struct sysstat *s;
	uint64_t ns;

	/* A child's return is the parent's call, counted there. */
	if (c->child)
		return;
	s = row(st, opts.bypid ? c->pid : 0, c->abi, c->code);
	memcpy(s->comm, c->comm, sizeof(s->comm));
	s->count++;
	if (!c->entered)
		s->nocall++;
	else if (!c->returned && !c->noreturn)
		s->noreturn++;
	if (c->returned && !c->justreturn && c->error != 0)
		s->errors++;
	if (c->entered && c->returned) {
		ns = clock_ns(&c->start, &c->end);
		s->timed++;
		if (s->total_ns + ns >= s->total_ns)
			s->total_ns += ns;
		if (ns > s->max_ns)
			s->max_ns = ns;
		if (ns < s->min_ns)
			s->min_ns = ns;
	}
}

/* The process's entry in the list of losses and waits, made if need be. */
static struct lostpid *
pid_entry(struct stats *st, pid_t pid)
{
	struct lostpid *l;

	for (l = st->losses; l != NULL && l->pid != pid; l = l->next)
		;
	if (l == NULL) {
		if ((l = calloc(1, sizeof(*l))) == NULL)
			err(1, NULL);
		l->pid = pid;
		l->next = st->losses;
		st->losses = l;
	}
	return (l);
}

void
stats_lost(struct stats *st, pid_t pid, uint64_t count)
{
	st->lost_total += count;
	pid_entry(st, pid)->count += count;
}

/* A corrupt file's lengths must not wrap: the sums saturate. */
static void
add_wait(struct waits *sum, const struct ktr_wait *w)
{
	sum->n++;
	if (sum->ns + w->ktr_ns >= sum->ns)
		sum->ns += w->ktr_ns;
	else
		sum->ns = UINT64_MAX;
	if (w->ktr_timedout != 0)
		sum->timedout++;
}

void
stats_wait(struct stats *st, pid_t pid, const struct ktr_wait *w)
{
	add_wait(&st->waits_total, w);
	add_wait(&pid_entry(st, pid)->waits, w);
}

/*
 * The start of the trace: the earliest start of a window holding
 * records.  An empty window's time is the snapshot's (0 in a dump).
 */
static void
see_start(struct stats *st, const struct ktr_window *w,
    const struct ktr_time *t)
{
	bool holds = w->kwin_held != 0;

	if (st->win.n == 0 || (holds && !st->win.firstheld) ||
	    (holds == st->win.firstheld && clock_cmp(t, &st->win.first) < 0))
		st->win.first = *t;
	st->win.firstheld |= holds;
}

/*
 * Records made before a window are missing from the file when it
 * overwrote some, or when it is a file ring's holding records: the
 * older ones went to its trace file.  Every CPU's records are all here
 * from the latest start of those; when there is none, from the start.
 */
void
stats_window(struct stats *st, const struct ktr_window *w,
    const struct ktr_time *t, bool counted)
{
	bool bounds = w->kwin_overwritten != 0 ||
	    (w->kwin_set == KTR_RING_FILE && w->kwin_held != 0);

	see_start(st, w, t);
	st->win.n++;
	if (bounds && (!st->win.bounded || clock_cmp(t, &st->win.complete) > 0)) {
		st->win.complete = *t;
		st->win.bounded = true;
	}
	if (!counted)
		return;
	/* A corrupt file's counts must not wrap: the sum saturates. */
	if (st->win.overwritten + w->kwin_overwritten >= st->win.overwritten)
		st->win.overwritten += w->kwin_overwritten;
	else
		st->win.overwritten = UINT64_MAX;
	st->win.inflight += w->kwin_inflight;
}

uint64_t
stats_lost_count(const struct stats *st, pid_t pid)
{
	struct lostpid *l;

	if (pid == 0)
		return (st->lost_total);
	for (l = st->losses; l != NULL && l->pid != pid; l = l->next)
		;
	return (l == NULL ? 0 : l->count);
}

static const struct waits *
waits_of(const struct stats *st, pid_t pid)
{
	static const struct waits none;
	struct lostpid *l;

	if (pid == 0)
		return (&st->waits_total);
	for (l = st->losses; l != NULL && l->pid != pid; l = l->next)
		;
	return (l == NULL ? &none : &l->waits);
}

static uint64_t
average(const struct sysstat *s)
{
	return (s->timed == 0 ? 0 : s->total_ns / s->timed);
}

static enum sort_key sortkey;

static uint64_t
measure(const struct sysstat *s)
{
	switch (sortkey) {
	case SORT_COUNT:
		return (s->count);
	case SORT_TOTAL:
		return (s->total_ns);
	case SORT_AVERAGE:
		return (average(s));
	case SORT_MAX:
		return (s->max_ns);
	case SORT_ERRORS:
		return (s->errors);
	default:
		return (0);
	}
}

/* Biggest first; then by ABI and number, as the ID order. */
static int
stats_compare(const void *a, const void *b)
{
	const struct sysstat *sa = *(struct sysstat *const *)a;
	const struct sysstat *sb = *(struct sysstat *const *)b;
	uint64_t ma = measure(sa), mb = measure(sb);

	if (ma != mb)
		return (ma > mb ? -1 : 1);
	if (sa->abi != sb->abi)
		return (sa->abi < sb->abi ? -1 : 1);
	if (sa->code != sb->code)
		return (sa->code < sb->code ? -1 : 1);
	return (0);
}

struct sysstat **
stats_rows(const struct stats *st, pid_t pid, enum sort_key key,
    size_t *n)
{
	struct sysstat **list, *s;
	size_t i;

	*n = 0;
	if ((list = calloc(st->nrows + 1, sizeof(*list))) == NULL)
		err(1, NULL);
	for (i = 0; i < st->nbuckets; i++)
		for (s = st->buckets[i]; s != NULL; s = s->next)
			if (pid == 0 || s->pid == pid)
				list[(*n)++] = s;
	sortkey = key;
	qsort(list, *n, sizeof(*list), stats_compare);
	return (list);
}

/* The processes with rows or losses, in pid order. */
static int
pidcmp(const void *a, const void *b)
{
	pid_t pa = *(const pid_t *)a, pb = *(const pid_t *)b;

	return (pa < pb ? -1 : pa > pb);
}

static pid_t *
pids(const struct stats *st, size_t *n)
{
	struct lostpid *l;
	struct sysstat *s;
	pid_t *list;
	size_t i, j, nl = 0;

	for (l = st->losses; l != NULL; l = l->next)
		nl++;
	if ((list = calloc(st->nrows + nl + 1, sizeof(*list))) == NULL)
		err(1, NULL);
	*n = 0;
	for (i = 0; i < st->nbuckets; i++)
		for (s = st->buckets[i]; s != NULL; s = s->next)
			list[(*n)++] = s->pid;
	for (l = st->losses; l != NULL; l = l->next)
		list[(*n)++] = l->pid;
	qsort(list, *n, sizeof(*list), pidcmp);
	for (i = j = 0; i < *n; i++)
		if (j == 0 || list[j - 1] != list[i])
			list[j++] = list[i];
	*n = j;
	return (list);
}

void
stats_name(char *buf, size_t size, enum ktr_abi abi, int code)
{
	const char *name = code < 0 ? NULL : ktr_syscall_name(abi, code);
	const char *suffix = abi == KTR_ABI_I386 ? "/i386" : "";

	if (name == NULL)
		(void)snprintf(buf, size, "[%d]%s", code, suffix);
	else
		(void)snprintf(buf, size, "%s%s", name, suffix);
}

static const char *
secs(char *buf, size_t size, uint64_t ns)
{
	(void)snprintf(buf, size, "%" PRIu64 ".%06" PRIu64, ns / NS,
	    ns % NS / 1000);
	return (buf);
}

static void
print_secs(uint64_t ns)
{
	char buf[32];

	printf(" %11s", secs(buf, sizeof(buf), ns));
}

/* A row's columns after the name, text or JSON. */
static void
stats_print_row(const char *id, const char *name, const struct sysstat *s)
{
	printf("%5s %-22s %9" PRIu64, id, name, s->count);
	if (s->timed == 0)
		printf(" %11s %11s %11s", "-", "-", "-");
	else {
		print_secs(average(s));
		print_secs(s->max_ns);
		print_secs(s->min_ns);
	}
	print_secs(s->total_ns);
	printf(" %7" PRIu64 " %8" PRIu64 " %9" PRIu64 "\n", s->errors,
	    s->nocall, s->noreturn);
}

static void
json_row(const struct stats *st, const char *type, pid_t pid,
    const char *name, const struct sysstat *s)
{
	printf("{\"type\":\"%s\"", type);
	if (opts.bypid)
		printf(",\"pid\":%d", (int)pid);
	if (name != NULL)
		printf(",\"id\":%d,\"abi\":\"%s\",\"name\":\"%s\"", s->code,
		    abi_name(s->abi), name);
	printf(",\"count\":%" PRIu64 ",\"timed\":%" PRIu64
	    ",\"average_ns\":%" PRIu64 ",\"max_ns\":%" PRIu64
	    ",\"min_ns\":%" PRIu64 ",\"total_ns\":%" PRIu64
	    ",\"errors\":%" PRIu64 ",\"no_call\":%" PRIu64
	    ",\"no_return\":%" PRIu64, s->count, s->timed, average(s),
	    s->max_ns, s->timed == 0 ? 0 : s->min_ns, s->total_ns, s->errors,
	    s->nocall, s->noreturn);
	if (name == NULL)
		printf(",\"lost\":%" PRIu64, stats_lost_count(st, pid));
	if (name == NULL && st->waits_total.n != 0)
		printf(",\"waits\":%" PRIu64 ",\"wait_ns\":%" PRIu64
		    ",\"waits_timed_out\":%" PRIu64, waits_of(st, pid)->n,
		    waits_of(st, pid)->ns, waits_of(st, pid)->timedout);
	printf("}\n");
}

/*
 * What waiting for the writer cost, after the losses, in a trace with
 * waits: in every table then, so that each has the same lines.
 */
static void
print_waits(const struct stats *st, pid_t pid)
{
	const struct waits *w = waits_of(st, pid);
	char buf[32];

	if (st->waits_total.n == 0)
		return;
	printf("waits for the writer: %" PRIu64 ", total %s s, %" PRIu64
	    " timed out\n", w->n, secs(buf, sizeof(buf), w->ns), w->timedout);
}

/* One table: the rows of pid (0: all), the totals, the losses. */
static void
stats_print_table(const struct stats *st, pid_t pid)
{
	struct sysstat **list, sum;
	char id[16], name[64];
	size_t i, n;

	list = stats_rows(st, pid, opts.sort, &n);
	memset(&sum, 0, sizeof(sum));
	sum.min_ns = UINT64_MAX;
	if (opts.bypid && !opts.json)
		printf("pid %d %s\n", (int)pid, n > 0 ? list[0]->comm : "");
	if (!opts.json)
		printf("%5s %-22s %9s %11s %11s %11s %11s %7s %8s %9s\n",
		    "ID", "NAME", "count", "average", "max", "min", "total",
		    "error", "no call", "no return");
	for (i = 0; i < n; i++) {
		stats_name(name, sizeof(name), list[i]->abi, list[i]->code);
		if (opts.json)
			json_row(st, "syscall", pid, name, list[i]);
		else {
			(void)snprintf(id, sizeof(id), "%d", list[i]->code);
			stats_print_row(id, name, list[i]);
		}
		sum.count += list[i]->count;
		sum.timed += list[i]->timed;
		sum.total_ns += list[i]->total_ns;
		sum.errors += list[i]->errors;
		sum.nocall += list[i]->nocall;
		sum.noreturn += list[i]->noreturn;
		if (list[i]->timed > 0 && list[i]->max_ns > sum.max_ns)
			sum.max_ns = list[i]->max_ns;
		if (list[i]->timed > 0 && list[i]->min_ns < sum.min_ns)
			sum.min_ns = list[i]->min_ns;
	}
	if (opts.json)
		json_row(st, "total", pid, NULL, &sum);
	else {
		stats_print_row("", "total", &sum);
		printf("records lost: %" PRIu64 "\n",
		    stats_lost_count(st, pid));
		print_waits(st, pid);
	}
	free(list);
}

void
stats_reset(struct stats *st)
{
	struct sysstat *s, *next;
	struct lostpid *l, *lnext;
	size_t i;

	for (i = 0; i < st->nbuckets; i++)
		for (s = st->buckets[i]; s != NULL; s = next) {
			next = s->next;
			free(s);
		}
	free(st->buckets);
	st->buckets = NULL;
	st->nbuckets = st->nrows = 0;
	for (l = st->losses; l != NULL; l = lnext) {
		lnext = l->next;
		free(l);
	}
	st->losses = NULL;
	st->lost_total = 0;
	memset(&st->waits_total, 0, sizeof(st->waits_total));
	memset(&st->win, 0, sizeof(st->win));
}

/* After the tables: the windows' losses, and where all is there from. */
static void
print_windows(const struct stats *st)
{
	const struct ktr_time *from = st->win.bounded ? &st->win.complete :
	    &st->win.first;
	char when[40];

	if (st->win.n == 0)
		return;
	if (opts.json) {
		printf("{\"type\":\"windows\",\"windows\":%" PRIu64
		    ",\"overwritten\":%" PRIu64 ",\"inflight\":%" PRIu64
		    ",\"complete_from\":{\"sec\":%" PRId64 ",\"nsec\":%"
		    PRId64 "}}\n", st->win.n, st->win.overwritten,
		    st->win.inflight, (int64_t)from->tv_sec,
		    (int64_t)from->tv_nsec);
		return;
	}
	if (opts.bypid)
		putchar('\n');
	printf("records overwritten: %" PRIu64 "\n", st->win.overwritten);
	if (st->win.inflight != 0)
		printf("records torn by the crash: %" PRIu64 "\n",
		    st->win.inflight);
	printf("complete from %s\n", clock_format(when, sizeof(when), from));
}

void
stats_print(const struct stats *st)
{
	pid_t *list;
	size_t i, n;

	if (!opts.bypid) {
		stats_print_table(st, 0);
		print_windows(st);
		return;
	}
	list = pids(st, &n);
	for (i = 0; i < n; i++) {
		if (i > 0 && !opts.json)
			putchar('\n');
		stats_print_table(st, list[i]);
	}
	free(list);
	print_windows(st);
}
