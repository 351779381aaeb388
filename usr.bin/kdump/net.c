/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * --net: SystemTap's nettop from a trace, a row for each process and
 * socket family, busiest first:
 *
 *       PID COMMAND          FAMILY        SENDS      RECVS    SENT_KB    RECV_KB
 *
 * the calls that moved data on its sockets each way (SystemTap counts
 * packets; a trace knows calls) and the kilobytes their results say
 * they moved.  With --interval, a table for each interval of trace time
 * that had any, then the totals; live (-l), the interval's table at
 * each tick of the wall clock (live.c).
 */
#include <sys/types.h>

#include <err.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "net.h"

#define MINBUCKETS	256
#define SEND		0
#define RECV		1

struct netrow {
	struct netrow *next;	/* hash chain */
	int64_t	slot;		/* its interval: floor(time / interval) */
	pid_t	pid;
	int	family;		/* AF_*, or -1: unknown */
	char	comm[KTR_COMMLEN];	/* the process's last name */
	uint64_t calls[2];	/* SEND, RECV */
	uint64_t bytes[2];
};

struct nettab {
	struct netrow **buckets;
	size_t	nbuckets, nrows;
};

static struct nettab totals, intervals;
static uint64_t lost;

static size_t
hash(const struct nettab *t, int64_t slot, pid_t pid, int family)
{
	return (((size_t)slot * 131 + (size_t)(unsigned int)pid * 31 +
	    (size_t)(unsigned int)family) & (t->nbuckets - 1));
}

static void
grow(struct nettab *t)
{
	struct netrow **old = t->buckets, *r, *next;
	size_t i, n = old == NULL ? 0 : t->nbuckets, h;

	t->nbuckets = n == 0 ? MINBUCKETS : n * 2;
	if ((t->buckets = calloc(t->nbuckets, sizeof(*t->buckets))) == NULL)
		err(1, NULL);
	for (i = 0; i < n; i++)
		for (r = old[i]; r != NULL; r = next) {
			next = r->next;
			h = hash(t, r->slot, r->pid, r->family);
			r->next = t->buckets[h];
			t->buckets[h] = r;
		}
	free(old);
}

static struct netrow *
row(struct nettab *t, int64_t slot, const struct call *c, int family)
{
	struct netrow *r;
	size_t h;

	if (t->buckets == NULL || t->nrows >= 2 * t->nbuckets)
		grow(t);
	h = hash(t, slot, c->pid, family);
	for (r = t->buckets[h]; r != NULL; r = r->next)
		if (r->slot == slot && r->pid == c->pid && r->family == family)
			break;
	if (r == NULL) {
		if ((r = calloc(1, sizeof(*r))) == NULL)
			err(1, NULL);
		r->slot = slot;
		r->pid = c->pid;
		r->family = family;
		r->next = t->buckets[h];
		t->buckets[h] = r;
		t->nrows++;
	}
	memcpy(r->comm, c->comm, sizeof(r->comm));
	return (r);
}

/* A corrupt file's sums must not wrap: they saturate. */
static uint64_t
sum(uint64_t a, uint64_t b)
{
	return (a + b < a ? UINT64_MAX : a + b);
}

static void
add(struct netrow *r, int dir, int64_t retval)
{
	uint64_t n = retval > 0 ? (uint64_t)retval : 0;

	r->calls[dir]++;
	r->bytes[dir] = sum(r->bytes[dir], n);
}

/* The interval of trace time a call ended in: floor(sec / interval). */
static int64_t
slot_of(const struct call *c)
{
	int64_t q;

	if (opts.interval == 0 || live_wanted())
		return (0);
	q = c->end.tv_sec / opts.interval;
	if (c->end.tv_sec % opts.interval < 0)
		q--;
	return (q);
}

/* A call that moved bytes on fd: counted if fd is a socket. */
static bool
tally(const struct call *c, uint64_t arg, int dir, int64_t bytes)
{
	const struct sock *s;
	int fd;

	if (!netcall_fd(arg, &fd) || (s = sock_get(c->pid, fd)) == NULL)
		return (false);
	add(row(&totals, 0, c, s->family), dir, bytes);
	if (opts.interval != 0)
		add(row(&intervals, slot_of(c), c, s->family), dir, bytes);
	return (true);
}

void
net_count(const struct call *c, const struct netcall *nc)
{
	if (!nc->ok)
		return;		/* no bytes moved, or none known */
	switch (nc->kind) {
	case NK_SEND:
	case NK_SENDTO:
	case NK_SENDFILE:
		(void)tally(c, c->args[0], SEND, c->retval);
		break;
	case NK_RECV:
	case NK_RECVFROM:
		(void)tally(c, c->args[0], RECV, c->retval);
		break;
	/* Their results count messages: their bytes are not known. */
	case NK_SENDMMSG:
		(void)tally(c, c->args[0], SEND, 0);
		break;
	case NK_RECVMMSG:
		(void)tally(c, c->args[0], RECV, 0);
		break;
	case NK_SPLICE:
		/* One end is a pipe: in from a socket, or out to one. */
		if (!tally(c, c->args[0], RECV, c->retval))
			(void)tally(c, c->args[2], SEND, c->retval);
		break;
	default:
		break;
	}
}

void
net_lost(uint64_t count)
{
	lost = sum(lost, count);
}

/* By interval, then busiest first: bytes, then calls, then pid. */
static int
net_compare(const void *a, const void *b)
{
	const struct netrow *ra = *(struct netrow *const *)a;
	const struct netrow *rb = *(struct netrow *const *)b;
	uint64_t ba = sum(ra->bytes[SEND], ra->bytes[RECV]);
	uint64_t bb = sum(rb->bytes[SEND], rb->bytes[RECV]);
	uint64_t ca = sum(ra->calls[SEND], ra->calls[RECV]);
	uint64_t cb = sum(rb->calls[SEND], rb->calls[RECV]);

	if (ra->slot != rb->slot)
		return (ra->slot < rb->slot ? -1 : 1);
	if (ba != bb)
		return (ba > bb ? -1 : 1);
	if (ca != cb)
		return (ca > cb ? -1 : 1);
	if (ra->pid != rb->pid)
		return (ra->pid < rb->pid ? -1 : 1);
	return (ra->family < rb->family ? -1 : ra->family > rb->family);
}

static struct netrow **
sorted(const struct nettab *t)
{
	struct netrow **list, *r;
	size_t i, n = 0;

	if ((list = calloc(t->nrows + 1, sizeof(*list))) == NULL)
		err(1, NULL);
	for (i = 0; i < t->nbuckets; i++)
		for (r = t->buckets[i]; r != NULL; r = r->next)
			list[n++] = r;
	qsort(list, n, sizeof(*list), net_compare);
	return (list);
}

static void
print_header(void)
{
	if (!opts.json)
		printf("%7s %-16s %-9s %10s %10s %10s %10s\n", "PID",
		    "COMMAND", "FAMILY", "SENDS", "RECVS", "SENT_KB",
		    "RECV_KB");
}

static void
net_print_row(const struct netrow *r)
{
	char buf[16];

	if (!opts.json) {
		printf("%7d %-16s %-9s %10" PRIu64 " %10" PRIu64
		    " %10.2f %10.2f\n", (int)r->pid, r->comm,
		    netaddr_family(buf, sizeof(buf), r->family),
		    r->calls[SEND], r->calls[RECV],
		    (double)r->bytes[SEND] / 1024, (double)r->bytes[RECV] / 1024);
		return;
	}
	printf("{\"type\":\"net\",\"pid\":%d,\"comm\":", (int)r->pid);
	json_string(stdout, r->comm);
	if (r->family == -1)
		fputs(",\"family\":null,\"family_name\":null", stdout);
	else {
		printf(",\"family\":%d,\"family_name\":", r->family);
		json_string(stdout, ktr_family_name(r->family));
	}
	printf(",\"sends\":%" PRIu64 ",\"recvs\":%" PRIu64 ",\"sent_bytes\":%"
	    PRIu64 ",\"received_bytes\":%" PRIu64 "}\n", r->calls[SEND],
	    r->calls[RECV], r->bytes[SEND], r->bytes[RECV]);
}

/* A table of each interval of trace time, with its heading. */
static void
print_intervals(void)
{
	struct netrow **list;
	struct ktr_time start, end;
	size_t i;

	list = sorted(&intervals);
	for (i = 0; i < intervals.nrows; i++) {
		if (i == 0 || list[i]->slot != list[i - 1]->slot) {
			/* Times past int64_t: only a corrupt file has them. */
			memset(&start, 0, sizeof(start));
			if (__builtin_mul_overflow(list[i]->slot, opts.interval,
			    &start.tv_sec))
				start.tv_sec = list[i]->slot < 0 ? INT64_MIN :
				    INT64_MAX;
			end = start;
			if (__builtin_add_overflow(start.tv_sec, opts.interval,
			    &end.tv_sec))
				end.tv_sec = INT64_MAX;
			interval_heading(&start, &end);
			print_header();
		}
		net_print_row(list[i]);
	}
	free(list);
}

static void
net_print_table(const struct nettab *t)
{
	struct netrow **list = sorted(t);
	size_t i;

	print_header();
	for (i = 0; i < t->nrows; i++)
		net_print_row(list[i]);
	free(list);
}

static void
free_table(struct nettab *t)
{
	struct netrow *r, *next;
	size_t i;

	for (i = 0; i < t->nbuckets; i++)
		for (r = t->buckets[i]; r != NULL; r = next) {
			next = r->next;
			free(r);
		}
	free(t->buckets);
	memset(t, 0, sizeof(*t));
}

void
net_print_totals(void)
{
	net_print_table(&totals);
	if (opts.json)
		printf("{\"type\":\"lost\",\"count\":%" PRIu64 "}\n", lost);
	else
		printf("records lost: %" PRIu64 "\n", lost);
}

void
net_print(void)
{
	if (opts.interval != 0) {
		print_intervals();
		totals_heading();
	}
	net_print_totals();
}

void
net_print_interval(void)
{
	net_print_table(&intervals);
	free_table(&intervals);
}

void
net_reset(void)
{
	free_table(&totals);
	free_table(&intervals);
	lost = 0;
}
