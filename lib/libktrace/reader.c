/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The record reader: the one place that turns the bytes of a trace file
 * into records, so that every tool checks them the same way.
 *
 * A record is gathered in steps (the first 8 bytes of the header, which
 * say its version; the rest of the header; the payload) and each step
 * can be resumed: in follow mode an end of file in the middle of a
 * record only means the writer has not finished it yet.  The stream is
 * never seeked, so pipes work.
 */
#include <sys/types.h>

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libktrace.h"

/* Bytes that tell a version 0 header from a later one: len and type. */
#define KTR_PREFIX	8
#define KTR_BUFINIT	1024

struct ktr_reader {
	FILE	*fp;
	char	*name;
	int	flags;
	bool	failed;
	char	msg[256];
	off_t	pos;		/* bytes consumed from the stream */

	/* The record being gathered. */
	off_t	start;		/* its offset in the stream */
	unsigned char hbuf[sizeof(struct ktr_header)];
	size_t	hgot;		/* header bytes read so far */
	bool	inpayload;	/* header done and checked */
	struct ktr_header hdr;	/* converted header */
	bool	dropped;
	unsigned char *buf;	/* payload, NUL-terminated */
	size_t	bufsize;
	size_t	pgot;		/* payload bytes read so far */
};

static int
fail(struct ktr_reader *r, const char *fmt, ...)
{
	char why[192];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	(void)snprintf(r->msg, sizeof(r->msg), "%s: record at offset %jd: %s",
	    r->name, (intmax_t)r->start, why);
	r->failed = true;
	return (-1);
}

struct ktr_reader *
ktr_reader_open(FILE *fp, const char *name, int flags)
{
	struct ktr_reader *r;

	if ((r = calloc(1, sizeof(*r))) == NULL)
		return (NULL);
	if ((r->name = strdup(name)) == NULL ||
	    (r->buf = malloc(KTR_BUFINIT)) == NULL) {
		free(r->name);
		free(r);
		errno = ENOMEM;
		return (NULL);
	}
	r->fp = fp;
	r->flags = flags;
	r->bufsize = KTR_BUFINIT;
	return (r);
}

void
ktr_reader_close(struct ktr_reader *r)
{
	if (r == NULL)
		return;
	free(r->buf);
	free(r->name);
	free(r);
}

const char *
ktr_reader_error(const struct ktr_reader *r)
{
	return (r->failed ? r->msg : NULL);
}

size_t
ktr_reader_pending(const struct ktr_reader *r)
{
	return (r->hgot + r->pgot);
}

/* The size of the header being gathered, once its prefix is in. */
static size_t
header_size(const struct ktr_reader *r)
{
	__s16 type;

	memcpy(&type, r->hbuf + offsetof(struct ktr_header, ktr_type),
	    sizeof(type));
	return ((type & KTR_VERSIONED) ? sizeof(struct ktr_header) :
	    sizeof(struct ktr_header_v0));
}

/* Read until *got of want bytes are in dst; false if the stream ran dry. */
static bool
fill(struct ktr_reader *r, void *dst, size_t want, size_t *got)
{
	size_t n;

	if (*got >= want)
		return (true);
	n = fread((unsigned char *)dst + *got, 1, want - *got, r->fp);
	*got += n;
	r->pos += (off_t)n;
	return (*got == want);
}

/* The stream ran dry while gathering a record: how bad is it? */
static int
dry(struct ktr_reader *r)
{
	if (ferror(r->fp)) {
		(void)snprintf(r->msg, sizeof(r->msg), "%s: read error: %s",
		    r->name, strerror(errno));
		r->failed = true;
		return (-1);
	}
	if (r->flags & KTR_READ_FOLLOW) {
		clearerr(r->fp);	/* the writer may add more */
		return (0);
	}
	if (r->hgot == 0)
		return (0);		/* clean end, between records */
	if (!r->inpayload && r->hgot < KTR_PREFIX)
		return (fail(r, "unexpected end of file in the header "
		    "(%zu bytes)", r->hgot));
	if (!r->inpayload)
		return (fail(r, "unexpected end of file in the header "
		    "(%zu of %zu bytes)", r->hgot, header_size(r)));
	return (fail(r, "data too short (%zu of %d bytes)", r->pgot,
	    r->hdr.ktr_len));
}

/* Convert the gathered header to version 1 form and check it. */
static int
convert_header(struct ktr_reader *r)
{
	struct ktr_header *h = &r->hdr;
	struct ktr_header_v0 h0;
	int64_t usec = 0;

	if (r->hgot == sizeof(*h))
		memcpy(h, r->hbuf, sizeof(*h));
	else {
		memcpy(&h0, r->hbuf, sizeof(h0));
		memset(h, 0, sizeof(*h));
		h->ktr_len = h0.ktr_len;
		h->ktr_type = h0.ktr_type;
		h->ktr_version = KTR_VERSION0;
		h->ktr_pid = h0.ktr_pid;
		memcpy(h->ktr_comm, h0.ktr_comm, sizeof(h->ktr_comm));
		h->ktr_time.tv_sec = h0.ktr_tv_sec;
		usec = h0.ktr_tv_usec;
		h->ktr_tid = h0.ktr_tid;
	}
	if (h->ktr_len < 0 || h->ktr_len > KTR_MAXLEN)
		return (fail(r, "bogus length %#x", (unsigned int)h->ktr_len));
	if ((h->ktr_type & KTR_VERSIONED) && h->ktr_version != KTR_VERSION1)
		return (fail(r, "unsupported header version %d",
		    h->ktr_version));
	if (h->ktr_version == KTR_VERSION0) {
		if (usec < 0 || usec >= 1000000)
			return (fail(r, "bogus time (%jd us)", (intmax_t)usec));
		h->ktr_time.tv_nsec = usec * 1000;
	} else if (h->ktr_time.tv_nsec < 0 ||
	    h->ktr_time.tv_nsec >= 1000000000)
		return (fail(r, "bogus time (%jd ns)",
		    (intmax_t)h->ktr_time.tv_nsec));
	r->dropped = (h->ktr_type & KTR_DROP) != 0;
	h->ktr_type &= ~KTR_TYPE;
	/* Names of MAXCOMLEN bytes fill the field: always terminate. */
	h->ktr_comm[sizeof(h->ktr_comm) - 1] = '\0';
	return (0);
}

/* The payload buffer must hold len bytes and a NUL; len is bounded. */
static int
reserve(struct ktr_reader *r, size_t len)
{
	unsigned char *p;
	size_t size;

	if (len < r->bufsize)
		return (0);
	size = r->bufsize;
	while (size <= len)
		size *= 2;
	if ((p = realloc(r->buf, size)) == NULL)
		return (fail(r, "%s", strerror(ENOMEM)));
	r->buf = p;
	r->bufsize = size;
	return (0);
}

/*
 * What each record type's length may be, checked as soon as the header
 * is in: before any memory is set aside for the payload or any byte of
 * it is waited for.  Fixed structures have their size (CSW either of
 * two: old FreeBSD records lack the wait message); the others a sane
 * maximum, what the module or FreeBSD's kernel can write.  SYSCALL's is
 * generous: the count of arguments, checked with the payload, gives a
 * better message.  Types not listed (FreeBSD's CAPFAIL, FAULT, ...,
 * and unknown ones) are not decoded: anything up to KTR_MAXLEN.
 */
#define KTR_SYSCALL_LENMAX	(sizeof(struct ktr_syscall) + \
				 64 * sizeof(__u64))
#define KTR_PATH_LENMAX		4096	/* Linux's PATH_MAX */
#define KTR_STRUCT_LENMAX	4096

static const struct shape {
	const char *name;
	size_t	min, max;
} shapes[] = {
	/* The count of arguments is checked with the payload. */
	[KTR_SYSCALL] =	{ "syscall", sizeof(struct ktr_syscall),
	    KTR_SYSCALL_LENMAX },
	[KTR_SYSRET] =	{ "sysret", sizeof(struct ktr_sysret),
	    sizeof(struct ktr_sysret) },
	[KTR_NAMEI] =	{ "namei", 0, KTR_PATH_LENMAX },
	[KTR_GENIO] =	{ "genio", sizeof(struct ktr_genio), KTR_MAXLEN },
	[KTR_PSIG] =	{ "psig", sizeof(struct ktr_psig),
	    sizeof(struct ktr_psig) },
	[KTR_CSW] =	{ "csw", offsetof(struct ktr_csw, wmesg),
	    sizeof(struct ktr_csw) },
	[KTR_USER] =	{ "user", 0, KTR_USER_MAXLEN },
	[KTR_STRUCT] =	{ "struct", 0, KTR_STRUCT_LENMAX },
	[KTR_SYSCTL] =	{ "sysctl", 0, KTR_PATH_LENMAX },
	[KTR_PROCCTOR] = { "procctor", sizeof(struct ktr_proc_ctor),
	    sizeof(struct ktr_proc_ctor) },
	[KTR_PROCDTOR] = { "procdtor", 0, 0 },
	[KTR_ARGS] =	{ "args", 0, KTR_MAXLEN },
	[KTR_ENVS] =	{ "envs", 0, KTR_MAXLEN },
	[KTR_LOST] =	{ "lost", sizeof(struct ktr_lost),
	    sizeof(struct ktr_lost) },
	[KTR_WINDOW] =	{ "window", sizeof(struct ktr_window),
	    sizeof(struct ktr_window) },
	[KTR_WAIT] =	{ "wait", sizeof(struct ktr_wait),
	    sizeof(struct ktr_wait) },
};

/* The length in the header against its type's bounds. */
static int
check_length(struct ktr_reader *r)
{
	const struct shape *sh;
	size_t len = (size_t)r->hdr.ktr_len;
	int type = r->hdr.ktr_type;

	if (type < 0 || (size_t)type >= sizeof(shapes) / sizeof(shapes[0]) ||
	    shapes[type].name == NULL)
		return (0);
	sh = &shapes[type];
	/* Exactly one of the two CSW layouts, nothing in between. */
	if (len < sh->min || len > sh->max || (type == KTR_CSW &&
	    len != sh->min && len != sh->max))
		return (fail(r, "bogus %s record: length %zu", sh->name,
		    len));
	return (0);
}

/* The payloads whose shape depends on their content. */
static int
check_payload(struct ktr_reader *r)
{
	const struct ktr_syscall *sc;
	size_t len = (size_t)r->hdr.ktr_len;

	switch (r->hdr.ktr_type) {
	case KTR_SYSCALL:
		sc = (const struct ktr_syscall *)r->buf;
		if (sc->ktr_narg < 0 || sc->ktr_narg > KTR_MAXARGS ||
		    len != sizeof(*sc) +
		    (size_t)sc->ktr_narg * sizeof(sc->ktr_args[0]))
			return (fail(r, "bogus syscall record: %d arguments "
			    "in %zu bytes", sc->ktr_narg, len));
		break;
	case KTR_STRUCT:
		if (memchr(r->buf, '\0', len) == NULL)
			return (fail(r, "bogus struct record: no "
			    "NUL-terminated name in %zu bytes", len));
		break;
	}
	return (0);
}

int
ktr_next(struct ktr_reader *r, struct ktr_record *rec)
{
	if (r->failed)
		return (-1);
	if (!r->inpayload) {
		if (r->hgot == 0)
			r->start = r->pos;
		if (!fill(r, r->hbuf, KTR_PREFIX, &r->hgot))
			return (dry(r));
		if (!fill(r, r->hbuf, header_size(r), &r->hgot))
			return (dry(r));
		if (convert_header(r) == -1 || check_length(r) == -1 ||
		    reserve(r, (size_t)r->hdr.ktr_len) == -1)
			return (-1);
		r->inpayload = true;
		r->pgot = 0;
	}
	if (!fill(r, r->buf, (size_t)r->hdr.ktr_len, &r->pgot))
		return (dry(r));
	r->buf[r->hdr.ktr_len] = '\0';
	if (check_payload(r) == -1)
		return (-1);

	rec->hdr = r->hdr;
	rec->dropped = r->dropped;
	rec->data = r->buf;
	rec->len = (size_t)r->hdr.ktr_len;
	rec->offset = r->start;
	r->inpayload = false;
	r->hgot = r->pgot = 0;
	return (1);
}
