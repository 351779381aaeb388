/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Ring windows to a trace file: the one writer of ktrace -R, live or
 * from a dump.  A KTR_WINDOW record per window says what each CPU's ring
 * held and lost; then the records of every window, merged oldest first
 * as the module's writer merges its rings, so that kdump reads a
 * snapshot as any trace.
 *
 * A window's start may be long after its processes' own starts, whose
 * KTR_PROCCTOR (their ABI) was overwritten: one is made from the slot's
 * ABI flag before a process's first record.  A process traced into a
 * file and recorded by the flight recorder has its records in both
 * sets: they are written once, as the file set holds them.
 *
 * Memory is proportional to the number of records: an entry per record,
 * and two hash tables of them; the records' bytes stay in the windows.
 */
#include <sys/types.h>

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libktrace.h"
#include "ringwin.h"

#define NSEC_PER_SEC	1000000000ULL

/* A record of a window: its slot's bytes, and the window. */
struct rec {
	const unsigned char *slot;
	size_t	win;
};

/*
 * Open addressing over records, for the two questions asked of each
 * record written: is it the first of its process, and is it a copy of a
 * file set record.  Entries are record numbers + 1 (0: free); the caller
 * gives the hash and says which records are equal.
 */
struct rectab {
	size_t	*slot;
	size_t	mask;
};

struct snap {
	const struct ktr_ringwin *wins;
	struct ktr_winrecs *wr;		/* a window's records */
	size_t	*first;			/* a window's first in recs */
	struct rec *recs;
	size_t	nrecs;
	size_t	*heap;			/* windows, oldest next record first */
	size_t	nheap;
	size_t	*next;			/* a window's next record to merge */
	struct rectab pids, filerecs;
	uint64_t newest;		/* the newest record's time */
	FILE	*out;
};

static const unsigned char *
rec_payload(const struct rec *r)
{
	return (r->slot + sizeof(struct ktr_slot));
}

static void
rec_header(const struct rec *r, struct ktr_header *h)
{
	memcpy(h, r->slot + offsetof(struct ktr_slot, ks_hdr), sizeof(*h));
}

static uint64_t
rec_ns(const struct rec *r)
{
	uint64_t ns;

	memcpy(&ns, r->slot + offsetof(struct ktr_slot, ks_ns), sizeof(ns));
	return (ns);
}

static uint32_t
rec_flags(const struct rec *r)
{
	uint32_t flags;

	memcpy(&flags, r->slot + offsetof(struct ktr_slot, ks_flags),
	    sizeof(flags));
	return (flags);
}

static int
rectab_init(struct rectab *t, size_t n)
{
	size_t size = 16;

	while (size < 2 * n)
		size *= 2;
	if ((t->slot = calloc(size, sizeof(*t->slot))) == NULL)
		return (-1);
	t->mask = size - 1;
	return (0);
}

/*
 * Whether an entry equal to record i is in t; when not and add is true,
 * i is added.
 */
static bool
rectab_has(struct rectab *t, const struct snap *s, size_t i, uint64_t hash,
    bool (*eq)(const struct snap *, size_t, size_t), bool add)
{
	size_t k;

	for (k = (size_t)hash & t->mask; t->slot[k] != 0;
	    k = (k + 1) & t->mask)
		if (eq(s, t->slot[k] - 1, i))
			return (true);
	if (add)
		t->slot[k] = i + 1;
	return (false);
}

static uint64_t
fnv(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;

	while (len-- > 0)
		h = (h ^ *p++) * 0x100000001b3ULL;
	return (h);
}

static bool
same_pid(const struct snap *s, size_t a, size_t b)
{
	struct ktr_header ha, hb;

	rec_header(&s->recs[a], &ha);
	rec_header(&s->recs[b], &hb);
	return (ha.ktr_pid == hb.ktr_pid);
}

static uint64_t
pid_hash(const struct ktr_header *h)
{
	return (((uint64_t)(uint32_t)h->ktr_pid + 1) * 0x9e3779b97f4a7c15ULL >>
	    20);
}

/*
 * The record as both sets would hold it: its time, header and payload,
 * but for KTR_DROP, which tells of each set's own losses.
 */
static uint64_t
rec_hash(const struct rec *r)
{
	struct ktr_header h;
	uint64_t ns = rec_ns(r);

	rec_header(r, &h);
	h.ktr_type &= ~KTR_DROP;
	return (fnv(fnv(fnv(0xcbf29ce484222325ULL, &ns, sizeof(ns)), &h,
	    sizeof(h)), rec_payload(r), (size_t)h.ktr_len));
}

static bool
same_rec(const struct snap *s, size_t a, size_t b)
{
	const struct rec *ra = &s->recs[a], *rb = &s->recs[b];
	struct ktr_header ha, hb;

	rec_header(ra, &ha);
	rec_header(rb, &hb);
	ha.ktr_type &= ~KTR_DROP;
	hb.ktr_type &= ~KTR_DROP;
	return (rec_ns(ra) == rec_ns(rb) && memcmp(&ha, &hb, sizeof(ha)) == 0 &&
	    memcmp(rec_payload(ra), rec_payload(rb), (size_t)ha.ktr_len) == 0);
}

static int
put(struct snap *s, const void *p, size_t n)
{
	errno = 0;
	if (fwrite(p, 1, n, s->out) != n) {
		if (errno == 0)
			errno = EIO;
		return (-1);
	}
	return (0);
}

/* A window's head record: its CPU, what it held and what it lost. */
static int
put_window(struct snap *s, size_t i, const struct ktr_window *kw)
{
	const struct ktr_ringwin *w = &s->wins[i];
	struct ktr_header h;
	uint64_t ns;

	memset(&h, 0, sizeof(h));
	if (s->wr[i].n > 0) {
		rec_header(&s->recs[s->first[i]], &h);
		h.ktr_pid = 0;
		h.ktr_tid = 0;
		memset(h.ktr_comm, 0, sizeof(h.ktr_comm));
	} else {
		/* A dump has no time of its own: its newest record's. */
		ns = w->ns != 0 ? w->ns : s->newest;
		h.ktr_time.tv_sec = (int64_t)(ns / NSEC_PER_SEC);
		h.ktr_time.tv_nsec = (int64_t)(ns % NSEC_PER_SEC);
	}
	h.ktr_len = sizeof(*kw);
	h.ktr_type = KTR_WINDOW | KTR_VERSIONED |
	    (kw->kwin_overwritten > 0 ? KTR_DROP : 0);
	h.ktr_version = KTR_VERSION1;
	h.ktr_cpu = w->cpu;
	h.ktr_pad = 0;
	if (put(s, &h, sizeof(h)) == -1 || put(s, kw, sizeof(*kw)) == -1)
		return (-1);
	return (0);
}

/* What each window held and lost; warnings for the torn records. */
static int
put_windows(struct snap *s, int nwins, struct ktr_snapstat *st,
    ktr_warn_fn warn, void *arg)
{
	const struct ktr_ringwin *w;
	struct ktr_window kw;
	int i;

	for (i = 0; i < nwins; i++) {
		w = &s->wins[i];
		memset(&kw, 0, sizeof(kw));
		kw.kwin_cpu = (uint32_t)w->cpu;
		kw.kwin_set = (uint32_t)w->set;
		/* A flight ring numbers its records from 0. */
		if (w->set == KTR_RING_FLIGHT && s->wr[i].n > 0)
			memcpy(&kw.kwin_overwritten, s->recs[s->first[i]].slot +
			    offsetof(struct ktr_slot, ks_seq),
			    sizeof(kw.kwin_overwritten));
		else if (w->set == KTR_RING_FLIGHT)
			kw.kwin_overwritten = w->seq;
		kw.kwin_held = s->wr[i].n;
		if (w->reserve > w->head) {
			kw.kwin_inflight = 1;
			ktr_warnf(warn, arg, "cpu %d %s: a record was being "
			    "written at the crash and is lost", w->cpu,
			    ktr_set_name(w->set));
		}
		kw.kwin_flags = w->dump ? KTR_WIN_DUMP : 0;
		st->overwritten += kw.kwin_overwritten;
		st->inflight += kw.kwin_inflight;
		if (s->wr[i].bad)
			st->bad++;
		if (put_window(s, (size_t)i, &kw) == -1)
			return (-1);
	}
	return (0);
}

/* The heap of windows, by their next record's time, then their order. */
static bool
before(const struct snap *s, size_t a, size_t b)
{
	uint64_t na = rec_ns(&s->recs[s->next[a]]);
	uint64_t nb = rec_ns(&s->recs[s->next[b]]);

	return (na < nb || (na == nb && a < b));
}

static void
sift_down(struct snap *s, size_t i)
{
	size_t c, t;

	while ((c = 2 * i + 1) < s->nheap) {
		if (c + 1 < s->nheap && before(s, s->heap[c + 1], s->heap[c]))
			c++;
		if (!before(s, s->heap[c], s->heap[i]))
			break;
		t = s->heap[c];
		s->heap[c] = s->heap[i];
		s->heap[i] = t;
		i = c;
	}
}

/* The ABI of the process of record i, which was not told in the file. */
static int
put_ctor(struct snap *s, size_t i)
{
	struct ktr_proc_ctor pc;
	struct ktr_header h;

	rec_header(&s->recs[i], &h);
	h.ktr_len = sizeof(pc);
	h.ktr_type = KTR_PROCCTOR | KTR_VERSIONED;
	h.ktr_pad = 0;
	pc.sv_flags = KTR_SV_ABI_LINUX | ((rec_flags(&s->recs[i]) &
	    KTR_SLOT_ILP32) ? KTR_SV_ILP32 : KTR_SV_LP64);
	if (put(s, &h, sizeof(h)) == -1 || put(s, &pc, sizeof(pc)) == -1)
		return (-1);
	return (0);
}

static int
put_record(struct snap *s, size_t i, struct ktr_snapstat *st)
{
	const struct rec *r = &s->recs[i];
	struct ktr_header h;

	rec_header(r, &h);
	if (s->wins[r->win].set == KTR_RING_FLIGHT && s->filerecs.slot !=
	    NULL && rectab_has(&s->filerecs, s, i, rec_hash(r), same_rec,
	    false))
		return (0);
	if (!rectab_has(&s->pids, s, i, pid_hash(&h), same_pid, true) &&
	    (h.ktr_type & ~KTR_TYPE) != KTR_PROCCTOR && put_ctor(s, i) == -1)
		return (-1);
	if (put(s, r->slot + offsetof(struct ktr_slot, ks_hdr),
	    sizeof(h) + (size_t)h.ktr_len) == -1)
		return (-1);
	st->records++;
	return (0);
}

/* Every record of every window, oldest first. */
static int
put_records(struct snap *s, int nwins, struct ktr_snapstat *st)
{
	size_t i, w;

	for (i = 0; i < (size_t)nwins; i++) {
		s->next[i] = s->first[i];
		if (s->wr[i].n > 0)
			s->heap[s->nheap++] = i;
	}
	for (i = s->nheap; i-- > 0;)
		sift_down(s, i);
	while (s->nheap > 0) {
		w = s->heap[0];
		if (put_record(s, s->next[w]++, st) == -1)
			return (-1);
		if (s->next[w] == s->first[w] + s->wr[w].n)
			s->heap[0] = s->heap[--s->nheap];
		sift_down(s, 0);
	}
	return (0);
}

/* The records of every window in one array, and the tables over them. */
static int
gather(struct snap *s, int nwins, ktr_warn_fn warn, void *arg)
{
	size_t i, k, nfile = 0;
	int n;

	for (n = 0; n < nwins; n++) {
		if (ktr_win_records(&s->wins[n], &s->wr[n], warn, arg) == -1)
			return (-1);
		s->nrecs += s->wr[n].n;
	}
	if ((s->recs = calloc(s->nrecs + 1, sizeof(*s->recs))) == NULL)
		return (-1);
	for (i = 0, n = 0; n < nwins; n++) {
		s->first[n] = i;
		for (k = 0; k < s->wr[n].n; k++, i++) {
			s->recs[i].slot = s->wins[n].buf + s->wr[n].off[k];
			s->recs[i].win = (size_t)n;
			if (rec_ns(&s->recs[i]) > s->newest)
				s->newest = rec_ns(&s->recs[i]);
		}
		if (s->wins[n].set == KTR_RING_FILE)
			nfile += s->wr[n].n;
	}
	if (rectab_init(&s->pids, s->nrecs) == -1)
		return (-1);
	/* The copies in the flight set are looked for among these. */
	if (nfile > 0 && nfile < s->nrecs) {
		if (rectab_init(&s->filerecs, nfile) == -1)
			return (-1);
		for (i = 0; i < s->nrecs; i++)
			if (s->wins[s->recs[i].win].set == KTR_RING_FILE)
				(void)rectab_has(&s->filerecs, s, i,
				    rec_hash(&s->recs[i]), same_rec, true);
	}
	return (0);
}

int
ktr_snapshot_write(FILE *out, const struct ktr_ringwin *wins, int nwins,
    struct ktr_snapstat *st, ktr_warn_fn warn, void *arg)
{
	struct ktr_snapstat dummy;
	struct snap s;
	int n, rv = -1, saved;

	if (st == NULL)
		st = &dummy;
	memset(st, 0, sizeof(*st));
	memset(&s, 0, sizeof(s));
	if (nwins < 0) {
		errno = EINVAL;
		return (-1);
	}
	s.wins = wins;
	s.out = out;
	if ((s.wr = calloc((size_t)nwins + 1, sizeof(*s.wr))) == NULL ||
	    (s.first = calloc((size_t)nwins + 1, sizeof(*s.first))) == NULL ||
	    (s.next = calloc((size_t)nwins + 1, sizeof(*s.next))) == NULL ||
	    (s.heap = calloc((size_t)nwins + 1, sizeof(*s.heap))) == NULL)
		goto out;
	if (gather(&s, nwins, warn, arg) == -1 ||
	    put_windows(&s, nwins, st, warn, arg) == -1 ||
	    put_records(&s, nwins, st) == -1)
		goto out;
	errno = 0;
	if (fflush(out) == EOF || ferror(out)) {
		if (errno == 0)
			errno = EIO;
		goto out;
	}
	rv = 0;
out:
	saved = errno;
	if (s.wr != NULL)
		for (n = 0; n < nwins; n++)
			ktr_win_records_free(&s.wr[n]);
	free(s.wr);
	free(s.first);
	free(s.next);
	free(s.heap);
	free(s.recs);
	free(s.pids.slot);
	free(s.filerecs.slot);
	errno = saved;
	return (rv);
}
