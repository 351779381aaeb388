/* SPDX-License-Identifier: BSD-2-Clause */
/* libktrace's own: the records of a ring window (ringwin.c). */
#ifndef _RINGWIN_H_
#define _RINGWIN_H_

#include <stdbool.h>
#include <stddef.h>

#include "libktrace.h"

/* Bytes of a slot holding a record of len bytes. */
#define KTR_SLOT_BYTES(len)	\
	((sizeof(struct ktr_slot) + (size_t)(len) + 7) & ~(size_t)7)

/* Where the record slots of a window start in its buf, in ring order. */
struct ktr_winrecs {
	size_t	*off;
	size_t	n;
	bool	bad;		/* a bad slot ended the window early */
};

/*
 * Walk w's slots from tail to head and keep the records that are whole:
 * a slot of the right size, a record that a trace file may hold (the
 * checks of the reader, reader.c), made on w's CPU, numbered in sequence
 * in a flight ring.  The first bad slot ends the walk, with a warning.
 * Returns 0, or -1 with errno ENOMEM.
 */
int	ktr_win_records(const struct ktr_ringwin *w, struct ktr_winrecs *wr,
	    ktr_warn_fn warn, void *arg);
void	ktr_win_records_free(struct ktr_winrecs *wr);

/* The set's name in messages: "file ring", "flight ring". */
const char *ktr_set_name(int set);

/* Warn through warn (when not NULL), printf-style. */
void	ktr_warnf(ktr_warn_fn warn, void *arg, const char *fmt, ...)
	    __attribute__((__format__(__printf__, 3, 4)));

#endif /* !_RINGWIN_H_ */
