/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Finding the module's anchor in a memory dump, without symbols: the
 * first bytes of every page are compared with the magic, and a page that
 * has it is taken only if it describes itself (its own page frame, its
 * size, the layouts this library reads) and its CRC holds.  Copies of
 * the anchor elsewhere (a reader's buffer, the page cache of a file that
 * holds one) name another frame and are passed over silently; an anchor
 * left by an unloaded module has no magic.
 */
#include <sys/types.h>

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libktrace.h"
#include "core.h"
#include "ringwin.h"

#define KTR_ANCHOR_MAXSIZE	(1U << 20)
/* The scan reads the file this much at a time. */
#define KTR_SCAN_CHUNK		(1U << 20)

/* What a page with the magic turned out to be. */
enum verdict { ANCHOR_OK, ANCHOR_BAD, ANCHOR_COPY, ANCHOR_ERROR };

static enum verdict
reject(char *why, size_t whylen, enum verdict v, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
	return (v);
}

/*
 * Check the anchor at pa; when it holds, *anchorp gets its bytes.  The
 * reason it does not goes to why; ANCHOR_ERROR is a read error.
 */
static enum verdict
check_anchor(struct ktr_core *c, uint64_t pa, unsigned char **anchorp,
    char *why, size_t whylen)
{
	struct ktr_anchor ka;
	unsigned char *buf;
	uint64_t missing, rings;
	uint32_t crc;
	int rv;

	*anchorp = NULL;
	if ((rv = ktr_core_read(c, pa, &ka, sizeof(ka), &missing, why,
	    whylen)) != 0)
		return (rv == -1 ? ANCHOR_ERROR : reject(why, whylen,
		    ANCHOR_BAD, "not in the dump"));
	if (memcmp(ka.ka_magic, KTR_ANCHOR_MAGIC, sizeof(ka.ka_magic)) != 0)
		return (reject(why, whylen, ANCHOR_BAD, "no magic"));
	if (ka.ka_pfn != pa >> KTR_PAGE_SHIFT)
		return (reject(why, whylen, ANCHOR_COPY, "a copy of the anchor "
		    "of page frame %#jx", (uintmax_t)ka.ka_pfn));
	if (ka.ka_version != KTR_ANCHOR_VERSION)
		return (reject(why, whylen, ANCHOR_BAD, "version %u",
		    ka.ka_version));
	if (ka.ka_page_size != KTR_PAGE_SIZE ||
	    ka.ka_slot_size != sizeof(struct ktr_slot) ||
	    ka.ka_header_size != sizeof(struct ktr_header))
		return (reject(why, whylen, ANCHOR_BAD, "pages of %u bytes, "
		    "slots of %u, headers of %u", ka.ka_page_size,
		    ka.ka_slot_size, ka.ka_header_size));
	rings = (uint64_t)ka.ka_nsets * ka.ka_ncpu;
	if (ka.ka_nsets == 0 || ka.ka_ncpu == 0 ||
	    ka.ka_size > KTR_ANCHOR_MAXSIZE || ka.ka_size < sizeof(ka) ||
	    rings > (ka.ka_size - sizeof(ka)) / sizeof(struct ktr_anchor_ring))
		return (reject(why, whylen, ANCHOR_BAD, "%u bytes for %u sets "
		    "of %u CPUs", ka.ka_size, ka.ka_nsets, ka.ka_ncpu));
	if ((buf = malloc(ka.ka_size)) == NULL)
		return (reject(why, whylen, ANCHOR_ERROR, "%s: %s", c->path,
		    strerror(ENOMEM)));
	if ((rv = ktr_core_read(c, pa, buf, ka.ka_size, &missing, why,
	    whylen)) != 0) {
		free(buf);
		return (rv == -1 ? ANCHOR_ERROR : reject(why, whylen,
		    ANCHOR_BAD, "cut short by the dump at %#jx",
		    (uintmax_t)missing));
	}
	memset(buf + offsetof(struct ktr_anchor, ka_crc), 0, sizeof(ka.ka_crc));
	if ((crc = ktr_crc32(0, buf, ka.ka_size)) != ka.ka_crc) {
		free(buf);
		return (reject(why, whylen, ANCHOR_BAD, "CRC mismatch (%#x "
		    "recorded, %#x computed)", ka.ka_crc, crc));
	}
	memcpy(buf, &ka, sizeof(ka));
	*anchorp = buf;
	return (ANCHOR_OK);
}

static uint64_t
generation(const unsigned char *anchor)
{
	uint64_t g;

	memcpy(&g, anchor + offsetof(struct ktr_anchor, ka_generation),
	    sizeof(g));
	return (g);
}

/* The anchors found so far: the newest, and how many. */
struct found {
	unsigned char *anchor;
	uint64_t pa;
	unsigned int n;
};

/* The page at pa has the magic: keep it if it is the newest anchor. */
static int
candidate(struct ktr_core *c, uint64_t pa, struct found *f,
    ktr_warn_fn warn, void *arg, char *err, size_t errlen)
{
	unsigned char *anchor;
	char why[160];

	switch (check_anchor(c, pa, &anchor, why, sizeof(why))) {
	case ANCHOR_ERROR:
		(void)snprintf(err, errlen, "%s", why);
		return (-1);
	case ANCHOR_COPY:
		return (0);
	case ANCHOR_BAD:
		ktr_warnf(warn, arg, "%s: the ktrace anchor at %#jx is "
		    "ignored: %s", c->path, (uintmax_t)pa, why);
		return (0);
	case ANCHOR_OK:
		break;
	}
	/* Generations grow: the newest is the live one. */
	if (f->anchor == NULL || generation(anchor) > generation(f->anchor)) {
		free(f->anchor);
		f->anchor = anchor;
		f->pa = pa;
	} else
		free(anchor);
	f->n++;
	return (0);
}

/* Every page start of a region's bytes in the file. */
static int
scan_region(struct ktr_core *c, const struct ktr_region *r,
    unsigned char *chunk, struct found *f, ktr_warn_fn warn, void *arg,
    char *err, size_t errlen)
{
	uint64_t pa, end, n, in;

	pa = (r->pa + KTR_PAGE_SIZE - 1) & ~(KTR_PAGE_SIZE - 1);
	end = r->pa + r->flen;
	for (; pa < end && end - pa >= sizeof(KTR_ANCHOR_MAGIC) - 1;
	    pa += n) {
		n = end - pa < KTR_SCAN_CHUNK ? end - pa : KTR_SCAN_CHUNK;
		if (ktr_core_pread(c, r->off + (pa - r->pa), chunk, (size_t)n,
		    err, errlen) == -1)
			return (-1);
		for (in = 0; in < n && n - in >= sizeof(KTR_ANCHOR_MAGIC) - 1;
		    in += KTR_PAGE_SIZE)
			if (memcmp(chunk + in, KTR_ANCHOR_MAGIC,
			    sizeof(KTR_ANCHOR_MAGIC) - 1) == 0 &&
			    candidate(c, pa + in, f, warn, arg, err,
			    errlen) == -1)
				return (-1);
	}
	return (0);
}

static int
scan(struct ktr_core *c, struct found *f, ktr_warn_fn warn, void *arg,
    char *err, size_t errlen)
{
	unsigned char *chunk;
	size_t i;
	int rv = 0;

	if ((chunk = malloc(KTR_SCAN_CHUNK)) == NULL) {
		(void)snprintf(err, errlen, "%s: %s", c->path,
		    strerror(ENOMEM));
		return (-1);
	}
	for (i = 0; i < c->nreg && rv == 0; i++)
		rv = scan_region(c, &c->reg[i], chunk, f, warn, arg, err,
		    errlen);
	free(chunk);
	return (rv);
}

int
ktr_core_anchor(struct ktr_core *c, uint64_t hint, unsigned char **anchorp,
    uint64_t *pap, ktr_warn_fn warn, void *arg, char *err, size_t errlen)
{
	struct found f = { NULL, 0, 0 };
	char why[160];

	if (hint != 0) {
		if (hint % KTR_PAGE_SIZE != 0) {
			(void)snprintf(err, errlen, "%s: no ktrace anchor at "
			    "%#jx: not a page boundary", c->path,
			    (uintmax_t)hint);
			return (-1);
		}
		switch (check_anchor(c, hint, anchorp, why, sizeof(why))) {
		case ANCHOR_OK:
			*pap = hint;
			return (0);
		case ANCHOR_ERROR:
			(void)snprintf(err, errlen, "%s", why);
			return (-1);
		default:
			(void)snprintf(err, errlen, "%s: no ktrace anchor at "
			    "%#jx: %s", c->path, (uintmax_t)hint, why);
			return (-1);
		}
	}
	if (scan(c, &f, warn, arg, err, errlen) == -1) {
		free(f.anchor);
		return (-1);
	}
	if (f.anchor == NULL) {
		(void)snprintf(err, errlen, "no ktrace anchor in %s (the module "
		    "was not loaded, or was unloaded, when the dump was taken)",
		    c->path);
		return (-1);
	}
	if (f.n > 1)
		ktr_warnf(warn, arg, "%s: %u ktrace anchors: the newest taken, "
		    "generation %ju at %#jx", c->path, f.n,
		    (uintmax_t)generation(f.anchor), (uintmax_t)f.pa);
	*anchorp = f.anchor;
	*pap = f.pa;
	return (0);
}
