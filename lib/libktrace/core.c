/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The physical memory of an ELF core: QEMU's dump-guest-memory, a kdump
 * vmcore in ELF form (/proc/vmcore, makedumpfile -E), /proc/kcore.  Each
 * PT_LOAD segment holds the memory from p_paddr: p_filesz bytes at
 * p_offset in the file, then zeros up to p_memsz.
 *
 * Segments may overlap: a vmcore and /proc/kcore name the kernel's text
 * once more besides the RAM that holds it.  The first (lowest) segment
 * holding a byte is the one read, so every physical page is in one
 * region only and a scan sees each once.  /proc/kcore's segments of
 * virtual memory only (vmalloc, modules, vmemmap, vsyscall) have the
 * physical address -1 (fs/proc/kcore.c): they are skipped.  A file is
 * never mapped nor read whole: /proc/kcore is as large as the machine's
 * address space.
 *
 * The file may be anything: every offset and size is checked, and the
 * regions kept never share bytes of the file, so that no byte of it is
 * read as more than one page of memory.
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libktrace.h"
#include "core.h"

/* More segments than any machine's memory map would need. */
#define KTR_CORE_MAXPHDRS	(1U << 24)

static int
fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return (-1);
}

/* Up to len bytes at off: how many there were before the end of file. */
static ssize_t
pread_most(int fd, void *dst, size_t len, uint64_t off)
{
	size_t got = 0;
	ssize_t n;

	if (off > INT64_MAX || len > INT64_MAX - off)
		return (0);
	while (got < len) {
		n = pread(fd, (char *)dst + got, len - got,
		    (off_t)(off + got));
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return (-1);
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return ((ssize_t)got);
}

int
ktr_core_pread(struct ktr_core *c, uint64_t off, void *dst, size_t len,
    char *err, size_t errlen)
{
	ssize_t n;

	if ((n = pread_most(c->fd, dst, len, off)) == -1)
		return (fail(err, errlen, "%s: read at offset %ju: %s",
		    c->path, (uintmax_t)off, strerror(errno)));
	/* The regions were cut to the file's size: it shrank since. */
	if ((size_t)n < len)
		return (fail(err, errlen, "%s: unexpected end of file at "
		    "offset %ju", c->path, (uintmax_t)off + (uintmax_t)n));
	return (0);
}

/* The region holding pa, or NULL. */
static const struct ktr_region *
region(const struct ktr_core *c, uint64_t pa)
{
	size_t lo = 0, hi = c->nreg, mid;

	/* The last region starting at or before pa. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (c->reg[mid].pa <= pa)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0 || pa - c->reg[lo - 1].pa >= c->reg[lo - 1].len)
		return (NULL);
	return (&c->reg[lo - 1]);
}

int
ktr_core_read(struct ktr_core *c, uint64_t pa, void *dst, size_t len,
    uint64_t *missing, char *err, size_t errlen)
{
	const struct ktr_region *r;
	unsigned char *p = dst;
	uint64_t in, n, f;

	while (len > 0) {
		if ((r = region(c, pa)) == NULL) {
			*missing = pa;
			return (1);
		}
		in = pa - r->pa;
		n = r->len - in < len ? r->len - in : len;
		/* The bytes in the file, then the zeros. */
		f = in < r->flen ? r->flen - in : 0;
		if (f > n)
			f = n;
		if (f > 0 && ktr_core_pread(c, r->off + in, p, (size_t)f, err,
		    errlen) == -1)
			return (-1);
		memset(p + f, 0, (size_t)(n - f));
		p += n;
		pa += n;
		len -= (size_t)n;
	}
	return (0);
}

/* Take d bytes off the start of r. */
static void
clip(struct ktr_region *r, uint64_t d)
{
	r->pa += d;
	r->len -= d;
	if (d < r->flen) {
		r->off += d;
		r->flen -= d;
	} else
		r->flen = 0;
}

static int
by_pa(const void *a, const void *b)
{
	const struct ktr_region *ra = a, *rb = b;

	if (ra->pa != rb->pa)
		return (ra->pa < rb->pa ? -1 : 1);
	/* At the same address, the one with more of the file first. */
	if (ra->flen != rb->flen)
		return (ra->flen > rb->flen ? -1 : 1);
	return (0);
}

static int
by_off(const void *a, const void *b)
{
	const struct ktr_region *ra = a, *rb = b;

	if (ra->off != rb->off)
		return (ra->off < rb->off ? -1 : 1);
	return (by_pa(a, b));
}

/* Drop the regions left empty. */
static void
compact(struct ktr_core *c)
{
	size_t i, n = 0;

	for (i = 0; i < c->nreg; i++)
		if (c->reg[i].len > 0)
			c->reg[n++] = c->reg[i];
	c->nreg = n;
}

/*
 * Make the regions disjoint: a byte of memory is the first region's
 * that holds it, and bytes of the file held by two regions are only the
 * first's (legitimate dumps never share them; a hostile one would have a
 * small file read as a vast memory).
 */
static void
normalize(struct ktr_core *c)
{
	struct ktr_region *r;
	uint64_t end = 0, d;
	size_t i;

	qsort(c->reg, c->nreg, sizeof(*c->reg), by_pa);
	for (i = 0; i < c->nreg; i++) {
		r = &c->reg[i];
		if (i > 0 && r->pa < end) {
			d = end - r->pa < r->len ? end - r->pa : r->len;
			clip(r, d);
		}
		if (r->len > 0 && r->pa + r->len > end)
			end = r->pa + r->len;
	}
	compact(c);
	qsort(c->reg, c->nreg, sizeof(*c->reg), by_off);
	for (i = 0, end = 0; i < c->nreg; i++) {
		r = &c->reg[i];
		if (r->flen == 0)
			continue;
		if (r->off < end) {
			d = end - r->off < r->flen ? end - r->off : r->flen;
			end = r->off + r->flen > end ? r->off + r->flen : end;
			clip(r, d);
		} else
			end = r->off + r->flen;
	}
	compact(c);
	qsort(c->reg, c->nreg, sizeof(*c->reg), by_pa);
	for (i = 0, c->budget = KTR_ZERO_BUDGET; i < c->nreg; i++)
		c->budget += c->reg[i].flen;
}

/* A PT_LOAD segment as a region, or none when it holds no memory. */
static void
add_segment(struct ktr_core *c, const Elf64_Phdr *ph, uint64_t fsize)
{
	struct ktr_region r;
	uint64_t avail;

	/* kcore's virtual-only segments; and memory no machine has. */
	if (ph->p_type != PT_LOAD || ph->p_paddr == UINT64_MAX ||
	    ph->p_memsz == 0 || ph->p_paddr >= KTR_PHYS_LIMIT ||
	    ph->p_memsz > KTR_PHYS_LIMIT - ph->p_paddr)
		return;
	r.pa = ph->p_paddr;
	r.len = ph->p_memsz;
	r.flen = ph->p_filesz < ph->p_memsz ? ph->p_filesz : ph->p_memsz;
	r.off = ph->p_offset;
	avail = r.off < fsize ? fsize - r.off : 0;
	if (r.flen > avail) {
		/* Cut short: what follows the file's end is unknown. */
		c->truncated += r.len - avail;
		r.len = r.flen = avail;
		if (r.len == 0)
			return;
	}
	c->reg[c->nreg++] = r;
}

/* Not ELF: say what it is when it is a dump of another format. */
static int
not_elf(struct ktr_core *c, const unsigned char *buf, size_t n, char *err,
    size_t errlen)
{
	if (n >= 8 && (memcmp(buf, "KDUMP   ", 8) == 0 ||
	    memcmp(buf, "DISKDUMP", 8) == 0))
		return (fail(err, errlen, "%s: a kdump-compressed dump: only "
		    "ELF dumps are read; convert it or capture in ELF form "
		    "with makedumpfile -E", c->path));
	if (n >= 12 && memcmp(buf, "makedumpfile", 12) == 0)
		return (fail(err, errlen, "%s: a dump in makedumpfile's "
		    "flattened format: rearrange it (makedumpfile -R) into a "
		    "dump captured in ELF form (makedumpfile -E)", c->path));
	return (fail(err, errlen, "%s: not an ELF core file", c->path));
}

static int
check_ehdr(struct ktr_core *c, const Elf64_Ehdr *eh, size_t n, char *err,
    size_t errlen)
{
	if (n < SELFMAG || memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0)
		return (not_elf(c, (const unsigned char *)eh, n, err, errlen));
	if (n < sizeof(*eh))
		return (fail(err, errlen, "%s: truncated: an ELF header of %zu "
		    "bytes", c->path, n));
	if (eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return (fail(err, errlen, "%s: not a 64-bit little-endian ELF "
		    "file", c->path));
	if (eh->e_type != ET_CORE)
		return (fail(err, errlen, "%s: an ELF file but not a core "
		    "(type %u)", c->path, eh->e_type));
	if (eh->e_machine != EM_X86_64)
		return (fail(err, errlen, "%s: a core of machine %u, not "
		    "x86-64", c->path, eh->e_machine));
	if (eh->e_phentsize != sizeof(Elf64_Phdr))
		return (fail(err, errlen, "%s: program headers of %u bytes",
		    c->path, eh->e_phentsize));
	return (0);
}

/* The count of program headers: past 65534, in section header 0. */
static int
phnum(struct ktr_core *c, const Elf64_Ehdr *eh, uint64_t *np, char *err,
    size_t errlen)
{
	Elf64_Shdr sh;

	if (eh->e_phnum != PN_XNUM) {
		*np = eh->e_phnum;
		return (0);
	}
	if (eh->e_shoff == 0 || eh->e_shentsize != sizeof(sh) ||
	    pread_most(c->fd, &sh, sizeof(sh), eh->e_shoff) !=
	    (ssize_t)sizeof(sh))
		return (fail(err, errlen, "%s: more than %u program headers, "
		    "and no section header 0 to count them", c->path,
		    PN_XNUM - 1));
	*np = sh.sh_info;
	return (0);
}

static int
read_phdrs(struct ktr_core *c, const Elf64_Ehdr *eh, uint64_t fsize,
    char *err, size_t errlen)
{
	Elf64_Phdr *ph;
	uint64_t n = 0, i;

	if (phnum(c, eh, &n, err, errlen) == -1)
		return (-1);
	if (n == 0 || n > KTR_CORE_MAXPHDRS)
		return (fail(err, errlen, "%s: %ju program headers", c->path,
		    (uintmax_t)n));
	if (eh->e_phoff > fsize || n * sizeof(*ph) > fsize - eh->e_phoff)
		return (fail(err, errlen, "%s: truncated: its program headers "
		    "end past the end of the file", c->path));
	if ((ph = calloc((size_t)n, sizeof(*ph))) == NULL ||
	    (c->reg = calloc((size_t)n, sizeof(*c->reg))) == NULL) {
		free(ph);
		return (fail(err, errlen, "%s: %s", c->path,
		    strerror(ENOMEM)));
	}
	if (ktr_core_pread(c, eh->e_phoff, ph, (size_t)n * sizeof(*ph), err,
	    errlen) == -1) {
		free(ph);
		return (-1);
	}
	for (i = 0; i < n; i++)
		add_segment(c, &ph[i], fsize);
	free(ph);
	normalize(c);
	if (c->nreg == 0)
		return (fail(err, errlen, "%s: no physical memory in the core "
		    "(no PT_LOAD segment with a physical address)", c->path));
	return (0);
}

struct ktr_core *
ktr_core_open(const char *path, char *err, size_t errlen)
{
	struct ktr_core *c;
	struct stat st;
	Elf64_Ehdr eh;
	ssize_t n;

	if ((c = calloc(1, sizeof(*c))) == NULL ||
	    (c->path = strdup(path)) == NULL) {
		free(c);
		(void)fail(err, errlen, "%s: %s", path, strerror(ENOMEM));
		return (NULL);
	}
	/* Not waiting for a writer if it is a FIFO: it is refused below. */
	if ((c->fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1) {
		(void)fail(err, errlen, "%s: %s", path, strerror(errno));
		goto bad;
	}
	if (fstat(c->fd, &st) == -1) {
		(void)fail(err, errlen, "%s: %s", path, strerror(errno));
		goto bad;
	}
	if (!S_ISREG(st.st_mode)) {
		(void)fail(err, errlen, "%s: not a regular file", path);
		goto bad;
	}
	memset(&eh, 0, sizeof(eh));
	if ((n = pread_most(c->fd, &eh, sizeof(eh), 0)) == -1) {
		(void)fail(err, errlen, "%s: %s", path, strerror(errno));
		goto bad;
	}
	if (check_ehdr(c, &eh, (size_t)n, err, errlen) == -1 ||
	    read_phdrs(c, &eh, (uint64_t)st.st_size, err, errlen) == -1)
		goto bad;
	return (c);
bad:
	ktr_core_close(c);
	return (NULL);
}

void
ktr_core_close(struct ktr_core *c)
{
	if (c == NULL)
		return;
	if (c->fd != -1)
		(void)close(c->fd);
	free(c->reg);
	free(c->path);
	free(c);
}
