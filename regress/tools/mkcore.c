/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mkcore: a synthetic ELF core holding ktrace's rings, for the host
 * tests of the dump reader (regress/ringsnap.bats) and the fuzz seeds.
 *
 *   mkcore [options] -o CORE
 *
 * The records of trace files (regress/tools/ktrgen writes them; version 1
 * headers) are laid out as the module lays them: slots in the rings of
 * their header's CPU, a padding slot where one would not fit before the
 * ring's end, flight records numbered.  Each ring's pages are at
 * scattered page frames, in no order, and a descriptor lists them; an
 * anchor names the descriptors.  The core's PT_LOAD segments are the
 * runs of contiguous frames: several, with holes between them.
 *
 *   -F FILE	records of the file set
 *   -L FILE	records of the flight set
 *   -n NCPU	CPUs (2)
 *   -r SIZE	bytes of each ring, a power of two (16384)
 *   -w POS	every ring's tail position (0); past SIZE the windows wrap
 *   -s SEQ	number of every CPU's first flight record (0): the records
 *		overwritten before the window
 *   -e SET:CPU	that ring, even without records
 *   -t SET:CPU	a record being written on that ring: reserve past head
 *   -b SET:CPU:N:WHAT  spoil the ring's record slot N (from 0): WHAT is
 *		size (not a multiple of 8), seq (a gap), len (the record's
 *		length against the slot's) or cpu (another CPU's)
 *   -D SET:CPU:N  leave the page of the ring holding window byte N out
 *		of the core
 *   -x SET:CPU	a descriptor that does not hold: tail past head
 *   -H SET:CPU	a descriptor naming a ring of 64 MiB, half of it held:
 *		more than the core holds
 *   -I PID	PID's records were made by a 32-bit process
 *   -a PFN	the anchor's page frame (0x2a7)
 *   -g GEN	its generation (1000)
 *   -c		a wrong CRC in the anchor
 *   -z		no magic in the anchor, as an unloaded module leaves it
 *   -N		no anchor at all
 *   -C PFN	a copy of the anchor at page frame PFN
 *   -O PFN	an older valid anchor (GEN - 1), naming no ring, at PFN
 *   -K		/proc/kcore's extra segments: the anchor's page once more
 *		(as kcore's kernel text repeats RAM) and a segment of
 *		virtual memory only (physical address -1) holding a copy
 *   -P		packed: no filler bytes in the rings, a segment per page,
 *		its trailing zeros left out of the file (p_memsz >
 *		p_filesz), segments unaligned in the file; for small fuzz
 *		seeds
 *
 * SET is file or flight.  Sizes and numbers may be hex (0x).
 */
#include <sys/types.h>

#include <elf.h>
#include <err.h>
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libktrace.h"

#define PAGE		4096U
#define MAXCPU		64
#define MAXOPT		16
#define FILLER		0xee	/* ring bytes no slot holds */

static void usage(void) __attribute__((__noreturn__));

/* A physical page of the core. */
struct page {
	uint64_t pfn;
	unsigned char data[PAGE];
};

static struct page *pages;
static size_t npages;

struct ring {
	unsigned char *mem;	/* size bytes, by ring offset */
	uint64_t tail, head, reserve, seq;
	size_t	nslots;
	size_t	*slot;		/* positions of the record slots */
	uint64_t *pfn;
	uint64_t desc;		/* the descriptor's page frame */
	size_t	descsize;
	bool	used;
	bool	spoilt;		/* -x */
	bool	huge;		/* -H */
};

static struct ring rings[KTR_RING_NSETS][MAXCPU];
static int ncpu = 2;
static uint64_t ringsize = 16384, tailpos, firstseq;
static bool packed;

/* An option naming a ring and numbers: -t, -b, -D. */
struct spot {
	int	set, cpu;
	uint64_t n;
	char	what[8];
};

static uint64_t
num(const char *s)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno != 0 || *end != '\0' || end == s)
		errx(1, "%s: not a number", s);
	return (v);
}

static struct spot
spot(const char *arg, int fields)
{
	char buf[128], *f[4], *p = buf;
	struct spot sp;
	int i;

	memset(&sp, 0, sizeof(sp));
	(void)snprintf(buf, sizeof(buf), "%s", arg);
	for (i = 0; i < fields; i++)
		if ((f[i] = strsep(&p, ":")) == NULL)
			errx(1, "%s: expected %d fields", arg, fields);
	if (p != NULL)
		errx(1, "%s: expected %d fields", arg, fields);
	if (strcmp(f[0], "file") == 0)
		sp.set = KTR_RING_FILE;
	else if (strcmp(f[0], "flight") == 0)
		sp.set = KTR_RING_FLIGHT;
	else
		errx(1, "%s: no such set", f[0]);
	sp.cpu = (int)num(f[1]);
	if (sp.cpu >= ncpu)
		errx(1, "%s: no such cpu", f[1]);
	if (fields > 2)
		sp.n = num(f[2]);
	if (fields > 3)
		(void)snprintf(sp.what, sizeof(sp.what), "%s", f[3]);
	return (sp);
}

static struct page *
page(uint64_t pfn, bool create)
{
	size_t i;

	for (i = 0; i < npages; i++)
		if (pages[i].pfn == pfn)
			return (&pages[i]);
	if (!create)
		return (NULL);
	if ((pages = reallocarray(pages, npages + 1, sizeof(*pages))) == NULL)
		err(1, NULL);
	pages[npages].pfn = pfn;
	memset(pages[npages].data, 0, PAGE);
	return (&pages[npages++]);
}

/* Physical memory, written; pages are made as needed. */
static void
phys_write(uint64_t pa, const void *src, size_t len)
{
	const unsigned char *p = src;
	size_t n;

	while (len > 0) {
		n = PAGE - pa % PAGE < len ? PAGE - pa % PAGE : len;
		memcpy(page(pa / PAGE, true)->data + pa % PAGE, p, n);
		pa += n;
		p += n;
		len -= n;
	}
}

static void
ring_write(struct ring *r, uint64_t pos, const void *src, size_t len)
{
	memcpy(r->mem + (pos & (ringsize - 1)), src, len);
}

/* A record's slot at head, after a padding slot if it does not fit. */
static void
put_slot(struct ring *r, int set, const struct ktr_header *h,
    const void *data, uint32_t flags)
{
	struct ktr_slot s;
	uint64_t room;
	uint32_t size;

	size = (uint32_t)((sizeof(s) + (size_t)h->ktr_len + 7) & ~7UL);
	room = ringsize - (r->head & (ringsize - 1));
	if (size > room) {
		memset(&s, 0, sizeof(s));
		s.ks_size = (uint32_t)room;
		s.ks_flags = KTR_SLOT_PAD;
		ring_write(r, r->head, &s, 8);
		r->head += room;
	}
	if (r->head + size - r->tail > ringsize)
		errx(1, "the records of cpu %d do not fit in a ring of %ju "
		    "bytes", h->ktr_cpu, (uintmax_t)ringsize);
	memset(&s, 0, sizeof(s));
	s.ks_size = size;
	s.ks_flags = flags;
	/* The file set's is the kernel's: a pointer. */
	s.ks_seq = set == KTR_RING_FLIGHT ? r->seq++ : 0xffff888012345678ULL;
	s.ks_ns = (uint64_t)h->ktr_time.tv_sec * 1000000000ULL +
	    (uint64_t)h->ktr_time.tv_nsec;
	s.ks_hdr = *h;
	ring_write(r, r->head, &s, sizeof(s));
	ring_write(r, r->head + sizeof(s), data, (size_t)h->ktr_len);
	if ((r->slot = reallocarray(r->slot, r->nslots + 1,
	    sizeof(*r->slot))) == NULL)
		err(1, NULL);
	r->slot[r->nslots++] = r->head;
	r->head += size;
}

static struct ring *
ring(int set, int cpu)
{
	struct ring *r = &rings[set][cpu];

	if (!r->used) {
		if ((r->mem = malloc(ringsize)) == NULL)
			err(1, NULL);
		memset(r->mem, packed ? 0 : FILLER, ringsize);
		r->tail = r->head = r->reserve = tailpos;
		r->seq = firstseq;
		r->used = true;
	}
	return (r);
}

/* The records of a trace file, read as they are: bad ones too. */
static void
load(const char *path, int set, const int32_t *ilp32, int nilp32)
{
	struct ktr_header h;
	unsigned char *data;
	uint32_t flags;
	FILE *fp;
	int i;

	if ((fp = fopen(path, "r")) == NULL)
		err(1, "%s", path);
	if ((data = malloc(KTR_MAXLEN)) == NULL)
		err(1, NULL);
	while (fread(&h, sizeof(h), 1, fp) == 1) {
		if (!(h.ktr_type & KTR_VERSIONED) || h.ktr_len < 0 ||
		    h.ktr_len > KTR_MAXLEN)
			errx(1, "%s: not a version 1 record", path);
		if (fread(data, 1, (size_t)h.ktr_len, fp) !=
		    (size_t)h.ktr_len)
			errx(1, "%s: truncated", path);
		if (h.ktr_cpu < 0 || h.ktr_cpu >= ncpu)
			errx(1, "%s: a record of cpu %d", path, h.ktr_cpu);
		flags = 0;
		for (i = 0; i < nilp32; i++)
			if (h.ktr_pid == ilp32[i])
				flags = KTR_SLOT_ILP32;
		put_slot(ring(set, h.ktr_cpu), set, &h, data, flags);
	}
	if (ferror(fp))
		err(1, "%s", path);
	free(data);
	(void)fclose(fp);
}

/* A record being written at a crash: its first bytes, past head. */
static void
tear(const struct spot *sp)
{
	struct ring *r = ring(sp->set, sp->cpu);
	uint32_t size = 120;

	if (ringsize - (r->head & (ringsize - 1)) < size ||
	    r->head + size - r->tail > ringsize)
		errx(1, "no room for a torn record");
	ring_write(r, r->head, &size, sizeof(size));
	r->reserve = r->head + size;
}

static void
spoil(const struct spot *sp)
{
	struct ring *r = ring(sp->set, sp->cpu);
	struct ktr_slot s;
	uint64_t pos;

	if (sp->n >= r->nslots)
		errx(1, "no record slot %ju", (uintmax_t)sp->n);
	pos = r->slot[sp->n];
	memcpy(&s, r->mem + (pos & (ringsize - 1)), sizeof(s));
	if (strcmp(sp->what, "size") == 0)
		s.ks_size += 4;
	else if (strcmp(sp->what, "seq") == 0)
		s.ks_seq += 5;
	else if (strcmp(sp->what, "len") == 0)
		s.ks_hdr.ktr_len += 8;
	else if (strcmp(sp->what, "cpu") == 0)
		s.ks_hdr.ktr_cpu += 1;
	else
		errx(1, "%s: size, seq, len or cpu", sp->what);
	ring_write(r, pos, &s, sizeof(s));
}

/*
 * Page frames for every ring page, shuffled: contiguous at times,
 * descending at others, with a hole every few frames.
 */
static void
place_pages(void)
{
	uint64_t *perm, total = 0, i, k, t, rnd = 12345;
	struct ring *r;
	int set, cpu;

	for (set = 0; set < KTR_RING_NSETS; set++)
		for (cpu = 0; cpu < ncpu; cpu++)
			if (rings[set][cpu].used)
				total += ringsize / PAGE;
	if ((perm = calloc(total + 1, sizeof(*perm))) == NULL)
		err(1, NULL);
	for (i = 0; i < total; i++)
		perm[i] = i;
	for (i = total; i > 1; i--) {
		rnd = rnd * 6364136223846793005ULL + 1442695040888963407ULL;
		k = (rnd >> 33) % i;
		t = perm[i - 1];
		perm[i - 1] = perm[k];
		perm[k] = t;
	}
	for (set = 0, k = 0; set < KTR_RING_NSETS; set++)
		for (cpu = 0; cpu < ncpu; cpu++) {
			r = &rings[set][cpu];
			if (!r->used)
				continue;
			if ((r->pfn = calloc(ringsize / PAGE,
			    sizeof(*r->pfn))) == NULL)
				err(1, NULL);
			for (i = 0; i < ringsize / PAGE; i++, k++)
				r->pfn[i] = 0x1000 + perm[k] + perm[k] / 5;
		}
	free(perm);
}

/* Descriptors from frame 0x100 on, and the rings' pages. */
static void
place_rings(void)
{
	struct ktr_ring_desc d;
	uint64_t next = 0x100, i, npg;
	struct ring *r;
	int set, cpu;

	for (set = 0; set < KTR_RING_NSETS; set++)
		for (cpu = 0; cpu < ncpu; cpu++) {
			r = &rings[set][cpu];
			if (!r->used)
				continue;
			npg = ringsize / PAGE;
			memset(&d, 0, sizeof(d));
			d.krd_head = r->head;
			d.krd_reserve = r->reserve > r->head ? r->reserve :
			    r->head;
			d.krd_seq = set == KTR_RING_FLIGHT ? r->seq : 0;
			d.krd_tail = r->spoilt ? r->head + 8 : r->tail;
			d.krd_size = ringsize;
			d.krd_cpu = (uint32_t)cpu;
			d.krd_set = (uint32_t)set;
			d.krd_npages = npg;
			if (r->huge) {
				/* Its frames past the real ones are 0s. */
				d.krd_size = 64U << 20;
				d.krd_npages = d.krd_size / PAGE;
				d.krd_head = d.krd_reserve = d.krd_tail +
				    d.krd_size / 2;
			}
			r->desc = next;
			r->descsize = sizeof(d) + d.krd_npages *
			    sizeof(uint64_t);
			phys_write(next * PAGE, &d, sizeof(d));
			phys_write(next * PAGE + sizeof(d), r->pfn,
			    npg * sizeof(uint64_t));
			if (r->descsize > sizeof(d) + npg * sizeof(uint64_t))
				(void)page((next * PAGE + r->descsize - 1) /
				    PAGE, true);
			next += (r->descsize + PAGE - 1) / PAGE;
			for (i = 0; i < npg; i++)
				phys_write(r->pfn[i] * PAGE, r->mem + i * PAGE,
				    PAGE);
		}
}

/* An anchor at pfn naming the rings (or none). */
static void
put_anchor(uint64_t pfn, uint64_t gen, bool named, bool badcrc, bool nomagic)
{
	struct ktr_anchor_ring ar;
	struct ktr_anchor ka;
	unsigned char *buf;
	size_t size;
	int set, cpu;

	size = sizeof(ka) + (size_t)KTR_RING_NSETS * (size_t)ncpu * sizeof(ar);
	if ((buf = calloc(1, size)) == NULL)
		err(1, NULL);
	memset(&ka, 0, sizeof(ka));
	memcpy(ka.ka_magic, KTR_ANCHOR_MAGIC, sizeof(ka.ka_magic));
	ka.ka_version = KTR_ANCHOR_VERSION;
	ka.ka_size = (uint32_t)size;
	ka.ka_page_size = PAGE;
	ka.ka_pfn = pfn;
	ka.ka_generation = gen;
	ka.ka_nonce = 0x5eed5eed5eed5eedULL;
	(void)snprintf(ka.ka_release, sizeof(ka.ka_release), "6.1.0-mkcore");
	ka.ka_ncpu = (uint32_t)ncpu;
	ka.ka_nsets = KTR_RING_NSETS;
	ka.ka_slot_size = sizeof(struct ktr_slot);
	ka.ka_header_size = sizeof(struct ktr_header);
	memcpy(buf, &ka, sizeof(ka));
	for (set = 0; named && set < KTR_RING_NSETS; set++)
		for (cpu = 0; cpu < ncpu; cpu++) {
			if (!rings[set][cpu].used)
				continue;
			ar.kar_desc = rings[set][cpu].desc * PAGE;
			ar.kar_size = rings[set][cpu].descsize;
			memcpy(buf + sizeof(ka) + ((size_t)set * (size_t)ncpu +
			    (size_t)cpu) * sizeof(ar), &ar, sizeof(ar));
		}
	ka.ka_crc = ktr_crc32(0, buf, size) ^ (badcrc ? 1 : 0);
	if (nomagic)
		memset(ka.ka_magic, 0, sizeof(ka.ka_magic));
	memcpy(buf, &ka, sizeof(ka));
	phys_write(pfn * PAGE, buf, size);
	free(buf);
}

/* The pages of the core, less those left out. */
static void
drop_page(const struct spot *sp)
{
	struct ring *r = ring(sp->set, sp->cpu);
	uint64_t pos = r->tail + sp->n;
	struct page *pg;

	if (pos >= r->head)
		errx(1, "no byte %ju in the window", (uintmax_t)sp->n);
	if ((pg = page(r->pfn[(pos & (ringsize - 1)) / PAGE], false)) == NULL)
		errx(1, "that page is left out already");
	pg->pfn = UINT64_MAX;		/* sorted last, never written */
}

static int
by_pfn(const void *a, const void *b)
{
	const struct page *pa = a, *pb = b;

	return (pa->pfn < pb->pfn ? -1 : pa->pfn > pb->pfn);
}

struct seg {
	uint64_t pa, len, flen, off;
	size_t	first;		/* index in pages; SIZE_MAX: extra */
	const unsigned char *extra;
	uint64_t claim;		/* p_filesz and p_memsz, if not flen, len */
};

/* Bytes of a run of pages worth keeping in the file (-P: not the zeros). */
static uint64_t
file_bytes(size_t first, uint64_t len)
{
	uint64_t n = len;
	const unsigned char *p;

	if (!packed)
		return (len);
	while (n > 0) {
		p = pages[first + (n - 1) / PAGE].data;
		if (p[(n - 1) % PAGE] != 0)
			break;
		n--;
	}
	return (n);
}

/*
 * The dump's segments, in @seg (room for npages + 3): the pages in
 * order, each run of contiguous ones a segment (-P: a page each), then
 * for -K kernel text and vmalloc; their offsets in the file after
 * @hdrbytes of headers.  Returns how many.
 */
static size_t
plan_segments(struct seg *seg, bool kcore, uint64_t anchor, uint64_t hdrbytes)
{
	struct page *ap;
	size_t i, n = 0, k, live;
	uint64_t off;

	qsort(pages, npages, sizeof(*pages), by_pfn);
	for (live = 0; live < npages && pages[live].pfn != UINT64_MAX; live++)
		;
	for (i = 0; i < live; i = k) {
		/* Packed, a segment a page: each without its zeros. */
		for (k = i + 1; !packed && k < live &&
		    pages[k].pfn == pages[k - 1].pfn + 1; k++)
			;
		seg[n].pa = pages[i].pfn * PAGE;
		seg[n].len = (k - i) * PAGE;
		seg[n].flen = file_bytes(i, seg[n].len);
		seg[n++].first = i;
	}
	if (kcore && (ap = page(anchor, false)) != NULL) {
		/*
		 * Kernel text: RAM once more.  vmalloc: no physical address,
		 * and as large as the address space, far past the file's end
		 * (kcore's size covers it, this file's does not).
		 */
		seg[n++] = (struct seg){ anchor * PAGE, PAGE, PAGE, 0,
		    SIZE_MAX, ap->data, 0 };
		seg[n++] = (struct seg){ UINT64_MAX, PAGE, PAGE, 0, SIZE_MAX,
		    ap->data, 1ULL << 45 };
	}
	off = hdrbytes + (n + 1) * sizeof(Elf64_Phdr);
	for (i = 0; i < n; i++) {
		if (!packed)
			off = (off + PAGE - 1) & ~(uint64_t)(PAGE - 1);
		seg[i].off = off;
		off += seg[i].flen;
	}
	return (n);
}

/* The ELF header, the note's and the segments' program headers. */
static void
write_headers(FILE *fp, const struct seg *seg, size_t n, size_t notelen)
{
	Elf64_Ehdr eh;
	Elf64_Phdr ph;
	size_t i;

	memset(&eh, 0, sizeof(eh));
	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ELFCLASS64;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[EI_VERSION] = EV_CURRENT;
	eh.e_type = ET_CORE;
	eh.e_machine = EM_X86_64;
	eh.e_version = EV_CURRENT;
	eh.e_phoff = sizeof(eh);
	eh.e_ehsize = sizeof(eh);
	eh.e_phentsize = sizeof(ph);
	eh.e_phnum = (Elf64_Half)(n + 1);
	(void)fwrite(&eh, sizeof(eh), 1, fp);
	memset(&ph, 0, sizeof(ph));
	ph.p_type = PT_NOTE;
	ph.p_offset = sizeof(eh) + (n + 1) * sizeof(ph);
	ph.p_filesz = notelen;
	(void)fwrite(&ph, sizeof(ph), 1, fp);
	for (i = 0; i < n; i++) {
		memset(&ph, 0, sizeof(ph));
		ph.p_type = PT_LOAD;
		ph.p_flags = PF_R | PF_W | PF_X;
		ph.p_offset = seg[i].off;
		ph.p_paddr = seg[i].pa;
		ph.p_filesz = seg[i].claim ? seg[i].claim : seg[i].flen;
		ph.p_memsz = seg[i].claim ? seg[i].claim : seg[i].len;
		ph.p_align = packed ? 1 : PAGE;
		(void)fwrite(&ph, sizeof(ph), 1, fp);
	}
}

static void
write_core(const char *path, bool kcore, uint64_t anchor)
{
	static const unsigned char note[] = {
		5, 0, 0, 0, 4, 0, 0, 0, 1, 0, 0, 0, 'C', 'O', 'R', 'E', 0,
		0, 0, 0, 'k', 't', 'r', 0 };
	struct seg *seg;
	size_t i, n, k;
	FILE *fp;

	if ((seg = calloc(npages + 3, sizeof(*seg))) == NULL)
		err(1, NULL);
	n = plan_segments(seg, kcore, anchor,
	    sizeof(Elf64_Ehdr) + sizeof(note));
	if ((fp = fopen(path, "w")) == NULL)
		err(1, "%s", path);
	write_headers(fp, seg, n, sizeof(note));
	(void)fwrite(note, sizeof(note), 1, fp);
	for (i = 0; i < n; i++) {
		if (fseeko(fp, (off_t)seg[i].off, SEEK_SET) == -1)
			err(1, "%s", path);
		if (seg[i].first == SIZE_MAX)
			(void)fwrite(seg[i].extra, 1, seg[i].flen, fp);
		else
			for (k = 0; k < seg[i].flen; k += PAGE)
				(void)fwrite(pages[seg[i].first + k / PAGE].data,
				    1, seg[i].flen - k < PAGE ?
				    seg[i].flen - k : PAGE, fp);
	}
	if (fflush(fp) == EOF || ferror(fp) || fclose(fp) == EOF)
		err(1, "%s", path);
	free(seg);
}

/*
 * Longer than 80 lines, and left so: a line per option as usage() lists
 * them, then the dump made in the one order their effects compose
 * (records loaded, rings spoilt and torn, pages placed, anchors, copies,
 * pages dropped); cut in two, each half would need every option.
 */
int
main(int argc, char *argv[])
{
	struct spot torn[MAXOPT], bad[MAXOPT], drop[MAXOPT], sp;
	const char *out = NULL, *ffile = NULL, *fflight = NULL;
	uint64_t apfn = 0x2a7, gen = 1000, copies[MAXOPT], older[MAXOPT];
	int32_t ilp32[MAXOPT];
	int ch, i, nt = 0, nb = 0, nd = 0, nc = 0, no = 0, ni = 0;
	bool badcrc = false, nomagic = false, kcore = false, noanchor = false;
	char *targs[MAXOPT], *bargs[MAXOPT], *dargs[MAXOPT];
	char *eargs[MAXOPT], *xargs[MAXOPT], *hargs[MAXOPT];
	int ne = 0, nx = 0, nh = 0;

	while ((ch = getopt(argc, argv,
	    "a:b:C:cD:e:F:g:H:I:KL:Nn:O:o:Pr:s:t:w:x:z")) != -1) {
		if (nt == MAXOPT || nb == MAXOPT || nd == MAXOPT ||
		    nc == MAXOPT || no == MAXOPT || ni == MAXOPT ||
		    ne == MAXOPT || nx == MAXOPT || nh == MAXOPT)
			errx(1, "too many options");
		switch (ch) {
		case 'a': apfn = num(optarg); break;
		case 'b': bargs[nb++] = optarg; break;
		case 'C': copies[nc++] = num(optarg); break;
		case 'c': badcrc = true; break;
		case 'D': dargs[nd++] = optarg; break;
		case 'e': eargs[ne++] = optarg; break;
		case 'F': ffile = optarg; break;
		case 'g': gen = num(optarg); break;
		case 'H': hargs[nh++] = optarg; break;
		case 'I': ilp32[ni++] = (int32_t)num(optarg); break;
		case 'K': kcore = true; break;
		case 'L': fflight = optarg; break;
		case 'N': noanchor = true; break;
		case 'n': ncpu = (int)num(optarg); break;
		case 'O': older[no++] = num(optarg); break;
		case 'o': out = optarg; break;
		case 'P': packed = true; break;
		case 'r': ringsize = num(optarg); break;
		case 's': firstseq = num(optarg); break;
		case 't': targs[nt++] = optarg; break;
		case 'w': tailpos = num(optarg); break;
		case 'x': xargs[nx++] = optarg; break;
		case 'z': nomagic = true; break;
		default: usage();
		}
	}
	if (out == NULL || optind != argc)
		usage();
	if (ncpu < 1 || ncpu > MAXCPU)
		errx(1, "-n: 1 to %d CPUs", MAXCPU);
	if (ringsize < PAGE || ringsize > (1U << 24) ||
	    (ringsize & (ringsize - 1)) != 0)
		errx(1, "-r: a power of two from %u to 16 MiB", PAGE);
	if (tailpos % 8 != 0)
		errx(1, "-w: a multiple of 8");
	for (i = 0; i < nt; i++)
		torn[i] = spot(targs[i], 2);
	for (i = 0; i < nb; i++)
		bad[i] = spot(bargs[i], 4);
	for (i = 0; i < nd; i++)
		drop[i] = spot(dargs[i], 3);

	if (ffile != NULL)
		load(ffile, KTR_RING_FILE, ilp32, ni);
	if (fflight != NULL)
		load(fflight, KTR_RING_FLIGHT, ilp32, ni);
	for (i = 0; i < ne; i++) {
		sp = spot(eargs[i], 2);
		(void)ring(sp.set, sp.cpu);
	}
	for (i = 0; i < nx; i++) {
		sp = spot(xargs[i], 2);
		ring(sp.set, sp.cpu)->spoilt = true;
	}
	for (i = 0; i < nh; i++) {
		sp = spot(hargs[i], 2);
		ring(sp.set, sp.cpu)->huge = true;
	}
	for (i = 0; i < nb; i++)
		spoil(&bad[i]);
	for (i = 0; i < nt; i++)
		tear(&torn[i]);
	place_pages();
	place_rings();
	if (!noanchor)
		put_anchor(apfn, gen, true, badcrc, nomagic);
	for (i = 0; i < no; i++)
		put_anchor(older[i], gen - 1, false, false, false);
	for (i = 0; i < nc && !noanchor; i++) {
		/* The anchor's bytes, as a reader's buffer would hold them. */
		phys_write(copies[i] * PAGE, page(apfn, false)->data, PAGE);
	}
	for (i = 0; i < nd; i++)
		drop_page(&drop[i]);
	write_core(out, kcore, apfn);
	return (0);
}

static void
usage(void)
{
	fprintf(stderr, "usage: mkcore [-cKNPz] [-a pfn] [-b set:cpu:n:what] "
	    "[-C pfn] [-D set:cpu:n]\n"
	    "              [-e set:cpu] [-F file] [-g gen] [-H set:cpu] "
	    "[-I pid] [-L file]\n"
	    "              [-n ncpu] [-O pfn] [-r size] [-s seq] [-t set:cpu] "
	    "[-w pos]\n"
	    "              [-x set:cpu] -o core\n");
	exit(1);
}
