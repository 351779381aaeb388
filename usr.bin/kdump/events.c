/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Records about the process rather than one syscall: PSIG (a signal
 * delivered), CSW (a context switch), LOST (records it lost) and WAIT
 * (how long it waited for its records to be written); and WIN, about a
 * CPU: what a snapshot of its ring holds.
 */
#include <stdint.h>
#include <stdio.h>

#include "kdump.h"

/* Unknown signals as FreeBSD shows them, "SIG 99"; -n: the number. */
static void
print_signal(int sig)
{
	const char *name;

	if (!opts.fancy)
		printf("%d", sig);
	else if ((name = ktr_signal_name(sig)) != NULL)
		fputs(name, stdout);
	else
		printf("SIG %d", sig);
}

/*
 * The handler, or SIG_DFL or SIG_IGN, and the si_code, by name unless -n
 * or it has none.  The blocked set is FreeBSD's first word (signals
 * 1-32); when signals 33-64 are blocked too, the second word is printed
 * before it: one 64-bit mask.
 */
void
dump_psig(const struct ktr_record *rec, enum ktr_abi abi)
{
	const struct ktr_psig *psig = rec->data;
	const char *code;

	(void)abi;
	print_signal(psig->signo);
	if (psig->action == KTR_SIG_DFL)
		fputs(" SIG_DFL", stdout);
	else if (psig->action == KTR_SIG_IGN)
		fputs(" SIG_IGN", stdout);
	else {
		printf(" caught handler=%#jx mask=0x",
		    (uintmax_t)psig->action);
		if (psig->mask[1] != 0)
			printf("%x%08x", psig->mask[1], psig->mask[0]);
		else
			printf("%x", psig->mask[0]);
	}
	if (opts.fancy &&
	    (code = ktr_sigcode_name(psig->signo, psig->code)) != NULL)
		printf(" code=%s\n", code);
	else
		printf(" code=%d\n", psig->code);
}

/* Old FreeBSD records have no wait message. */
void
dump_csw(const struct ktr_record *rec, enum ktr_abi abi)
{
	const struct ktr_csw *cs = rec->data;

	(void)abi;
	printf("%s %s", cs->out ? "stop" : "resume",
	    cs->user ? "user" : "kernel");
	if (rec->len == sizeof(*cs))
		printf(" \"%.*s\"", (int)sizeof(cs->wmesg), cs->wmesg);
	putchar('\n');
}

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
