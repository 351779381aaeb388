/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The records as records, FreeBSD's text or --json: which ones -t shows,
 * and the "Events dropped." notes.  With no filter, every record comes
 * straight here (consumer_records); with filters, analysis.c's
 * consumer_filtered sends those the filters keep.
 */
#include <sys/types.h>

#include <stdio.h>

#include "kdump.h"

/* Said once until a record is shown. */
static bool drop_logged;

static bool
wanted(const struct ktr_record *rec)
{
	int type = rec->hdr.ktr_type;

	/*
	 * Records that only tell a process's ABI: FreeBSD never shows them;
	 * JSON does, unless -t picks types (it has no letter for them).
	 */
	if (type == KTR_PROCCTOR || type == KTR_PROCDTOR)
		return (opts.json && !opts.bytype);
	/*
	 * Windows, lost records and waits for the writer are accounting,
	 * not trace points (no -t letter asks for them): always shown.
	 */
	if (type == KTR_WINDOW || type == KTR_LOST || type == KTR_WAIT)
		return (true);
	return (!opts.bytype ||
	    (type >= 0 && type < 32 && (opts.points & (1U << type)) != 0));
}

void
show_record(const struct ktr_record *rec, unsigned int sv_flags)
{
	if (!wanted(rec))
		return;
	drop_logged = false;
	if (opts.json)
		json_record(stdout, rec, sv_flags);
	else
		text_record(rec, sv_flags);
}

/*
 * Said before any filter, and once until a record is shown.  A window's
 * KTR_DROP is for other readers: its line gives the count, and its pid 0
 * is no process's to say "Events dropped." for.
 */
void
show_dropped(const struct ktr_record *rec)
{
	if (drop_logged || rec->hdr.ktr_type == KTR_WINDOW)
		return;
	if (opts.json)
		json_dropped(stdout, rec);
	else
		dump_dropped(rec);
	drop_logged = true;
}

void
show_reset(void)
{
	drop_logged = false;
}

static void
records_record(const struct ktr_record *rec, unsigned int sv_flags,
    uint64_t serial)
{
	(void)serial;
	show_record(rec, sv_flags);
}

const struct consumer consumer_records = {
	.dropped = show_dropped,
	.record = records_record,
};
