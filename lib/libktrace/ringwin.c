/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A ring window's slots, checked.  The bytes come from the kernel (a
 * live copy) or from a memory dump, where anything may have happened to
 * them: every size is checked against the window before it is used, and
 * every record kept is one the record reader accepts, so that a trace
 * file made of them reads to its end.  The first slot that fails ends
 * the window: past it, slot boundaries are guesses.
 */
#define _GNU_SOURCE		/* fopencookie() */
#include <sys/types.h>

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libktrace.h"
#include "ringwin.h"

/* A slot's first two fields, all a padding slot has. */
#define KTR_SLOT_MIN	(offsetof(struct ktr_slot, ks_flags) + \
			 sizeof(((struct ktr_slot *)0)->ks_flags))

const char *
ktr_set_name(int set)
{
	switch (set) {
	case KTR_RING_FILE:
		return ("file ring");
	case KTR_RING_FLIGHT:
		return ("flight ring");
	default:
		return ("unknown ring");
	}
}

void
ktr_warnf(ktr_warn_fn warn, void *arg, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (warn == NULL)
		return;
	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	warn(arg, msg);
}

void
ktr_win_records_free(struct ktr_winrecs *wr)
{
	free(wr->off);
	wr->off = NULL;
	wr->n = 0;
}

void
ktr_ringwins_free(struct ktr_ringwin *wins, int nwins)
{
	int i;

	if (wins == NULL)
		return;
	for (i = 0; i < nwins; i++)
		free(wins[i].buf);
	free(wins);
}

/*
 * The first check of the slot at off that fails, in why; false if none.
 * *recp tells whether it holds a record (not padding); *sizep its size.
 */
static bool
bad_slot(const struct ktr_ringwin *w, size_t len, size_t off, size_t nrec,
    uint64_t prevseq, bool *recp, size_t *sizep, char *why, size_t whylen)
{
	struct ktr_slot s;
	size_t rest = len - off;

	if (rest < KTR_SLOT_MIN) {
		(void)snprintf(why, whylen, "%zu bytes before head", rest);
		return (true);
	}
	memcpy(&s, w->buf + off, KTR_SLOT_MIN);
	*sizep = s.ks_size;
	*recp = !(s.ks_flags & KTR_SLOT_PAD);
	if (s.ks_size < KTR_SLOT_MIN || s.ks_size % 8 != 0) {
		(void)snprintf(why, whylen, "size %u", s.ks_size);
		return (true);
	}
	if (s.ks_size > rest) {
		(void)snprintf(why, whylen, "size %u, %zu bytes before head",
		    s.ks_size, rest);
		return (true);
	}
	if (!*recp)
		return (false);
	if (s.ks_size < sizeof(s)) {
		(void)snprintf(why, whylen, "size %u, less than a record's",
		    s.ks_size);
		return (true);
	}
	memcpy(&s, w->buf + off, sizeof(s));
	if (s.ks_hdr.ktr_version != KTR_VERSION1 ||
	    !(s.ks_hdr.ktr_type & KTR_VERSIONED)) {
		(void)snprintf(why, whylen, "header version %d, type %#x",
		    s.ks_hdr.ktr_version, (unsigned int)(uint16_t)
		    s.ks_hdr.ktr_type);
		return (true);
	}
	if (s.ks_hdr.ktr_len < 0 || s.ks_hdr.ktr_len > KTR_MAXLEN ||
	    s.ks_size != KTR_SLOT_BYTES(s.ks_hdr.ktr_len)) {
		(void)snprintf(why, whylen, "size %u for a record of %d bytes",
		    s.ks_size, s.ks_hdr.ktr_len);
		return (true);
	}
	/* The file's own: one per window, at its head, never in a ring. */
	if ((s.ks_hdr.ktr_type & ~KTR_TYPE) == KTR_WINDOW) {
		(void)snprintf(why, whylen, "a WINDOW record");
		return (true);
	}
	if (s.ks_hdr.ktr_cpu != w->cpu) {
		(void)snprintf(why, whylen, "a record of cpu %d",
		    s.ks_hdr.ktr_cpu);
		return (true);
	}
	/* A flight ring numbers its records: a gap is a slot misread. */
	if (w->set == KTR_RING_FLIGHT && nrec > 0 && s.ks_seq != prevseq + 1) {
		(void)snprintf(why, whylen, "record %ju after record %ju",
		    (uintmax_t)s.ks_seq, (uintmax_t)prevseq);
		return (true);
	}
	return (false);
}

/*
 * The records kept, as the stream of a trace file: each slot's header
 * and payload, without the slot's own fields, so that the reader checks
 * them as it checks a file.
 */
struct recstream {
	const struct ktr_ringwin *w;
	const struct ktr_winrecs *wr;
	size_t	rec;		/* the record being read */
	size_t	pos;		/* bytes of it read */
};

static ssize_t
recstream_read(void *cookie, char *buf, size_t want)
{
	struct recstream *rs = cookie;
	const unsigned char *p;
	struct ktr_header h;
	size_t n, size;

	if (rs->rec == rs->wr->n)
		return (0);
	p = rs->w->buf + rs->wr->off[rs->rec] + offsetof(struct ktr_slot,
	    ks_hdr);
	memcpy(&h, p, sizeof(h));
	size = sizeof(h) + (size_t)h.ktr_len;	/* checked by bad_slot() */
	n = size - rs->pos < want ? size - rs->pos : want;
	memcpy(buf, p + rs->pos, n);
	if ((rs->pos += n) == size) {
		rs->rec++;
		rs->pos = 0;
	}
	return ((ssize_t)n);
}

/* The reader's reason, without its name of the stream and offset. */
static const char *
reason(const char *msg)
{
	const char *p;

	if ((p = strstr(msg, ": record at offset ")) != NULL &&
	    (p = strstr(p + 1, ": ")) != NULL)
		return (p + 2);
	return (msg);
}

/*
 * The first record of wr that the reader refuses, with its reason in
 * why; wr->n if none.  (size_t)-1 with errno on a failure of its own.
 */
static size_t
bad_record(const struct ktr_ringwin *w, const struct ktr_winrecs *wr,
    char *why, size_t whylen)
{
	cookie_io_functions_t io = { .read = recstream_read };
	struct recstream rs = { .w = w, .wr = wr };
	struct ktr_reader *r;
	struct ktr_record rec;
	size_t i;
	FILE *fp;
	int rv = 1;

	if (wr->n == 0)
		return (0);
	if ((fp = fopencookie(&rs, "r", io)) == NULL)
		return ((size_t)-1);
	if ((r = ktr_reader_open(fp, "slot", 0)) == NULL) {
		(void)fclose(fp);
		errno = ENOMEM;
		return ((size_t)-1);
	}
	for (i = 0; i < wr->n; i++)
		if ((rv = ktr_next(r, &rec)) != 1)
			break;
	if (i < wr->n)
		(void)snprintf(why, whylen, "%s", rv == -1 ?
		    reason(ktr_reader_error(r)) : "record missing");
	ktr_reader_close(r);
	(void)fclose(fp);
	return (i);
}

int
ktr_win_records(const struct ktr_ringwin *w, struct ktr_winrecs *wr,
    ktr_warn_fn warn, void *arg)
{
	char why[160], rwhy[160];
	uint64_t prevseq = 0, badpos = 0;
	size_t len, off, size = 0, cut;
	bool rec = false, bad = false;

	memset(wr, 0, sizeof(*wr));
	if (w->head < w->tail || w->head - w->tail > SIZE_MAX) {
		ktr_warnf(warn, arg, "cpu %d %s: head %ju before tail %ju: the "
		    "window skipped", w->cpu, ktr_set_name(w->set),
		    (uintmax_t)w->head, (uintmax_t)w->tail);
		wr->bad = true;
		return (0);
	}
	len = (size_t)(w->head - w->tail);
	/* No more records than slots of the smallest record fit. */
	if ((wr->off = calloc(len / sizeof(struct ktr_slot) + 1,
	    sizeof(*wr->off))) == NULL)
		return (-1);
	for (off = 0; off < len; off += size) {
		if (bad_slot(w, len, off, wr->n, prevseq, &rec, &size, why,
		    sizeof(why))) {
			bad = true;
			badpos = w->tail + off;
			break;
		}
		if (!rec)
			continue;
		memcpy(&prevseq, w->buf + off + offsetof(struct ktr_slot,
		    ks_seq), sizeof(prevseq));
		wr->off[wr->n++] = off;
	}
	/* A record the reader refuses comes before any bad slot after it. */
	if ((cut = bad_record(w, wr, rwhy, sizeof(rwhy))) == (size_t)-1) {
		ktr_win_records_free(wr);
		return (-1);
	}
	if (cut < wr->n) {
		bad = true;
		badpos = w->tail + wr->off[cut];
		memcpy(why, rwhy, sizeof(why));
		wr->n = cut;
	}
	if (bad) {
		ktr_warnf(warn, arg, "cpu %d %s: bad slot at position %ju (%s): "
		    "the rest of the window skipped", w->cpu,
		    ktr_set_name(w->set), (uintmax_t)badpos, why);
		wr->bad = true;
	}
	return (0);
}
