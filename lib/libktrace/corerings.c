/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The rings a dump's anchor names: for each set and CPU, the ring's
 * descriptor, checked, and the bytes from its tail to its head gathered
 * page by page through its page frames (a vmalloc'ed ring is not
 * physically contiguous) into one window.  A ring whose descriptor does
 * not hold is skipped with a warning; a page the dump lacks (a hole, a
 * page makedumpfile left out) ends its window there.
 */
#include <sys/types.h>

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libktrace.h"
#include "core.h"
#include "ringwin.h"

/* Far beyond any ring the module makes (kernel.ktrace.bufsize). */
#define KTR_RING_MAXSIZE	(1ULL << 30)
#define KTR_DESC_FIXED		offsetof(struct ktr_ring_desc, krd_pfn)

/* A ring being read; messages about it name it. */
struct ring {
	struct ktr_core *c;
	int	set, cpu;
	uint64_t desc;			/* the descriptor's address */
	uint64_t *budget;		/* bytes the rings may still take */
	ktr_warn_fn warn;
	void	*arg;
};

#define RWARN(r, fmt, ...)						\
	ktr_warnf((r)->warn, (r)->arg, "%s: cpu %d %s: " fmt,		\
	    (r)->c->path, (r)->cpu, ktr_set_name((r)->set), __VA_ARGS__)

/* The descriptor's fixed part against the anchor's entry; 0 if sound. */
static int
check_desc(const struct ring *r, const struct ktr_ring_desc *d,
    uint64_t descsize)
{
	if (d->krd_size < KTR_PAGE_SIZE || d->krd_size > KTR_RING_MAXSIZE ||
	    (d->krd_size & (d->krd_size - 1)) != 0 ||
	    d->krd_npages != d->krd_size / KTR_PAGE_SIZE) {
		RWARN(r, "the descriptor at %#jx says %ju bytes in %ju "
		    "pages: the ring skipped", (uintmax_t)r->desc,
		    (uintmax_t)d->krd_size, (uintmax_t)d->krd_npages);
		return (-1);
	}
	if (descsize < KTR_DESC_FIXED + d->krd_npages * sizeof(uint64_t)) {
		RWARN(r, "the descriptor at %#jx has %ju bytes, too few for "
		    "%ju pages: the ring skipped", (uintmax_t)r->desc,
		    (uintmax_t)descsize, (uintmax_t)d->krd_npages);
		return (-1);
	}
	if (d->krd_cpu != (uint32_t)r->cpu || d->krd_set != (uint32_t)r->set) {
		RWARN(r, "the descriptor at %#jx is cpu %u's of set %u: the "
		    "ring skipped", (uintmax_t)r->desc, d->krd_cpu, d->krd_set);
		return (-1);
	}
	if (d->krd_tail > d->krd_head || d->krd_head > d->krd_reserve ||
	    d->krd_head - d->krd_tail > d->krd_size ||
	    d->krd_reserve - d->krd_head > d->krd_size) {
		RWARN(r, "the descriptor at %#jx has tail %ju, head %ju, "
		    "reserve %ju: the ring skipped", (uintmax_t)r->desc,
		    (uintmax_t)d->krd_tail, (uintmax_t)d->krd_head,
		    (uintmax_t)d->krd_reserve);
		return (-1);
	}
	return (0);
}

/*
 * The bytes from tail to head into w->buf, page by page; a page the
 * dump lacks ends the window before it.  0, or -1 on a read error.
 */
static int
gather(const struct ring *r, const struct ktr_ring_desc *d,
    const uint64_t *pfn, struct ktr_ringwin *w, char *err, size_t errlen)
{
	uint64_t pos, off, in, n, missing;
	int rv;

	for (pos = d->krd_tail; pos < d->krd_head; pos += n) {
		off = pos & (d->krd_size - 1);
		in = off % KTR_PAGE_SIZE;
		n = KTR_PAGE_SIZE - in < d->krd_head - pos ?
		    KTR_PAGE_SIZE - in : d->krd_head - pos;
		missing = pfn[off / KTR_PAGE_SIZE];
		if (missing >= KTR_PHYS_LIMIT >> KTR_PAGE_SHIFT)
			rv = 1;
		else if ((rv = ktr_core_read(r->c, (missing <<
		    KTR_PAGE_SHIFT) + in, w->buf + (pos - d->krd_tail),
		    (size_t)n, &missing, err, errlen)) == -1)
			return (-1);
		if (rv == 1) {
			RWARN(r, "the page of positions %ju to %ju (page frame "
			    "%#jx) is not in the dump: the window ends before "
			    "it", (uintmax_t)pos, (uintmax_t)(pos + n),
			    (uintmax_t)pfn[off / KTR_PAGE_SIZE]);
			break;
		}
	}
	w->set = r->set;
	w->cpu = r->cpu;
	w->tail = d->krd_tail;
	w->head = pos;
	/* Cut short or not, a record being written is one. */
	w->reserve = pos + (d->krd_reserve - d->krd_head);
	w->seq = d->krd_seq;
	w->ns = 0;
	w->dump = true;
	return (0);
}

/*
 * The window of the ring whose descriptor is at desc (descsize bytes).
 * 0: w is filled; 1: skipped, with a warning; -1: a read error.
 */
static int
read_ring(const struct ring *r, uint64_t descsize, struct ktr_ringwin *w,
    char *err, size_t errlen)
{
	struct ktr_ring_desc d;
	uint64_t missing, cost, *pfn;
	size_t len;
	int rv;

	if (descsize < KTR_DESC_FIXED) {
		RWARN(r, "a descriptor of %ju bytes: the ring skipped",
		    (uintmax_t)descsize);
		return (1);
	}
	if ((rv = ktr_core_read(r->c, r->desc, &d, KTR_DESC_FIXED, &missing,
	    err, errlen)) != 0) {
		if (rv == 1)
			RWARN(r, "the descriptor at %#jx is not in the dump: "
			    "the ring skipped", (uintmax_t)r->desc);
		return (rv);
	}
	if (check_desc(r, &d, descsize) == -1)
		return (1);
	len = (size_t)(d.krd_head - d.krd_tail);
	cost = d.krd_npages * sizeof(*pfn) + len;
	if (cost > *r->budget) {
		RWARN(r, "the descriptor at %#jx names %ju bytes, more than the "
		    "dump holds: the ring skipped", (uintmax_t)r->desc,
		    (uintmax_t)cost);
		return (1);
	}
	*r->budget -= cost;
	if ((pfn = calloc((size_t)d.krd_npages, sizeof(*pfn))) == NULL ||
	    (w->buf = malloc(len > 0 ? len : 1)) == NULL) {
		free(pfn);
		(void)snprintf(err, errlen, "%s: %s", r->c->path,
		    strerror(ENOMEM));
		return (-1);
	}
	if ((rv = ktr_core_read(r->c, r->desc + KTR_DESC_FIXED, pfn,
	    (size_t)d.krd_npages * sizeof(*pfn), &missing, err,
	    errlen)) == 0)
		rv = gather(r, &d, pfn, w, err, errlen);
	else if (rv == 1)
		RWARN(r, "the descriptor at %#jx is cut short by the dump at "
		    "%#jx: the ring skipped", (uintmax_t)r->desc,
		    (uintmax_t)missing);
	free(pfn);
	if (rv != 0) {
		free(w->buf);
		w->buf = NULL;
	}
	return (rv);
}

int
ktr_core_rings(struct ktr_core *c, uint64_t hint, struct ktr_ringwin **winsp,
    int *nwinsp, ktr_warn_fn warn, void *arg, char *err, size_t errlen)
{
	struct ktr_anchor_ring ar;
	struct ktr_ringwin *wins;
	struct ktr_anchor ka;
	uint64_t pa, budget = c->budget;
	struct ring r = { .c = c, .budget = &budget, .warn = warn, .arg = arg };
	unsigned char *anchor;
	uint32_t nsets;
	int n = 0, rv = 0;

	*winsp = NULL;
	*nwinsp = 0;
	if (c->truncated > 0)
		ktr_warnf(warn, arg, "%s: truncated: %ju bytes of memory are "
		    "past its end", c->path, (uintmax_t)c->truncated);
	if (ktr_core_anchor(c, hint, &anchor, &pa, warn, arg, err,
	    errlen) == -1)
		return (-1);
	memcpy(&ka, anchor, sizeof(ka));
	nsets = ka.ka_nsets;
	if (nsets > KTR_RING_NSETS) {
		ktr_warnf(warn, arg, "%s: the anchor at %#jx names %u sets of "
		    "rings: those past the %u known ignored", c->path,
		    (uintmax_t)pa, nsets, KTR_RING_NSETS);
		nsets = KTR_RING_NSETS;
	}
	if ((wins = calloc((size_t)nsets * ka.ka_ncpu, sizeof(*wins))) ==
	    NULL) {
		free(anchor);
		(void)snprintf(err, errlen, "%s: %s", c->path,
		    strerror(ENOMEM));
		return (-1);
	}
	for (r.set = 0; r.set < (int)nsets && rv != -1; r.set++)
		for (r.cpu = 0; r.cpu < (int)ka.ka_ncpu && rv != -1; r.cpu++) {
			memcpy(&ar, anchor + sizeof(ka) + ((size_t)r.set *
			    ka.ka_ncpu + (size_t)r.cpu) * sizeof(ar),
			    sizeof(ar));
			if (ar.kar_desc == 0)
				continue;
			r.desc = ar.kar_desc;
			if ((rv = read_ring(&r, ar.kar_size, &wins[n], err,
			    errlen)) == 0)
				n++;
		}
	free(anchor);
	if (rv == -1) {
		ktr_ringwins_free(wins, n);
		return (-1);
	}
	*winsp = wins;
	*nwinsp = n;
	return (0);
}
