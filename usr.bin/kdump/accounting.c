/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Records about the tracing itself rather than what the process did:
 * LOST (records it could not write), WAIT (how long a process waited for
 * its records to be written) and WIN (what a snapshot of a CPU's ring
 * holds).  Their parts serve the analyses' lines too.
 */
#include <stdint.h>
#include <stdio.h>

#include "kdump.h"

/* Exact: the module counts every record it could not write. */
void
dump_lost(const struct ktr_record *rec, enum ktr_abi abi)
{
	const struct ktr_lost *lost = rec->data;

	(void)abi;
	printf("%ju record%s\n", (uintmax_t)lost->ktr_count,
	    lost->ktr_count == 1 ? "" : "s");
}

/*
 * "3.204 ms for the trace to be written": milliseconds, to the
 * microsecond (cut, not rounded, as the analyses' times are), so that
 * the waits of a busy trace read in one unit.
 */
void
wait_length(const struct ktr_wait *w)
{
	printf("%ju.%03ju ms for the trace to be written",
	    (uintmax_t)(w->ktr_ns / 1000000),
	    (uintmax_t)(w->ktr_ns % 1000000 / 1000));
}

/*
 * A wait that reached kernel.ktrace.max_wait_ms: nobody waits for that
 * CPU's buffer again until the writer has drained it, so the records
 * made there meanwhile, this process's or others', may be lost (LOST
 * records count them).  Any value but 0 is a timeout: the kernel writes
 * only 0 and 1.
 */
void
wait_outcome(const struct ktr_wait *w)
{
	if (w->ktr_timedout != 0)
		fputs(", timed out: later records may be lost", stdout);
}

/* 3.204 ms for the trace to be written[, timed out: ...] */
void
dump_wait(const struct ktr_record *rec, enum ktr_abi abi)
{
	const struct ktr_wait *w = rec->data;

	(void)abi;
	wait_length(w);
	wait_outcome(w);
	putchar('\n');
}

/* A window's set: "flight", "file", or NULL for one this kdump ignores. */
const char *
window_set_name(const struct ktr_window *w)
{
	switch (w->kwin_set) {
	case KTR_RING_FLIGHT:
		return ("flight");
	case KTR_RING_FILE:
		return ("file");
	default:
		return (NULL);
	}
}

/* "flight", "file (dump)", "set 7": which ring, and where it was read. */
void
window_label(const struct ktr_window *w)
{
	const char *set = window_set_name(w);

	if (set != NULL)
		fputs(set, stdout);
	else
		printf("set %u", w->kwin_set);
	if (w->kwin_flags & KTR_WIN_DUMP)
		fputs(" (dump)", stdout);
}

/*
 * What the window holds, and what it cannot: "2060 older records
 * overwritten, 18000 held", or "18000 records held" when nothing was.
 * A file ring is drained into its trace file, so what one held in a
 * dump never got there; records torn by a crash are lost.
 */
void
window_counts(const struct ktr_window *w)
{
	uint64_t held = w->kwin_held;

	if (w->kwin_overwritten != 0)
		printf("%ju older record%s overwritten, %ju held",
		    (uintmax_t)w->kwin_overwritten,
		    w->kwin_overwritten == 1 ? "" : "s", (uintmax_t)held);
	else
		printf("%ju record%s held", (uintmax_t)held,
		    held == 1 ? "" : "s");
	if (w->kwin_set == KTR_RING_FILE && held != 0)
		printf(", never written to %s trace file",
		    held == 1 ? "its" : "their");
	if (w->kwin_inflight != 0)
		printf(", %u torn by the crash", w->kwin_inflight);
}

/* cpu 1 flight: 2060 older records overwritten, 18000 held */
void
dump_window(const struct ktr_record *rec, enum ktr_abi abi)
{
	const struct ktr_window *w = rec->data;

	(void)abi;
	printf("cpu %u ", w->kwin_cpu);
	window_label(w);
	fputs(": ", stdout);
	window_counts(w);
	putchar('\n');
}
