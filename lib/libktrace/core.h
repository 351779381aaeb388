/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libktrace's own: the physical memory of an ELF core (core.c), the
 * ktrace anchor in it (coreanchor.c), the rings it names (corerings.c).
 */
#ifndef _CORE_H_
#define _CORE_H_

#include <stddef.h>
#include <stdint.h>

#include "libktrace.h"

#define KTR_PAGE_SIZE	4096ULL
#define KTR_PAGE_SHIFT	12
/* x86-64's widest physical address: 52 bits. */
#define KTR_PHYS_LIMIT	(1ULL << 52)
/* Zeros a dump's rings may hold beside the bytes of its file. */
#define KTR_ZERO_BUDGET	(16ULL << 20)

/*
 * Memory the core holds, from pa: len bytes, the first flen of them at
 * file offset off, the rest zeros.  The regions of a core are sorted and
 * overlap neither in memory nor in the file.
 */
struct ktr_region {
	uint64_t pa;
	uint64_t len;
	uint64_t flen;
	uint64_t off;
};

struct ktr_core {
	int	fd;
	char	*path;
	struct ktr_region *reg;
	size_t	nreg;
	uint64_t truncated;	/* bytes of memory past the file's end */
	/*
	 * Bytes of rings and descriptors a dump may name: those of the
	 * memory in the file, and a few MiB of the zeros past segments'
	 * bytes in the file (makedumpfile leaves pages of zeros out).  A
	 * dump holds its rings; names of more are lies that would cost
	 * memory and time.
	 */
	uint64_t budget;
};

/*
 * Read len bytes of memory at pa into dst.  0: done; 1: some are not in
 * the dump, *missing is the first of them; -1: a read error, said in err.
 */
int	ktr_core_read(struct ktr_core *c, uint64_t pa, void *dst, size_t len,
	    uint64_t *missing, char *err, size_t errlen);

/* Bytes of the file at off, all of them: 0, or -1 with the reason in err. */
int	ktr_core_pread(struct ktr_core *c, uint64_t off, void *dst, size_t len,
	    char *err, size_t errlen);

/*
 * The anchor at hint, or the newest valid one found scanning every page
 * (hint 0): its ka_size bytes in *anchorp (malloc'ed), its address in
 * *pap.  0, or -1 with the reason in err.
 */
int	ktr_core_anchor(struct ktr_core *c, uint64_t hint,
	    unsigned char **anchorp, uint64_t *pap, ktr_warn_fn warn,
	    void *arg, char *err, size_t errlen);

#endif /* !_CORE_H_ */
