/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kdump's one loop, a record at a time: its place in the file counted,
 * its process's ABI tracked, -p applied, then the consumer the options
 * chose: the records as text or JSON (show.c), or an analysis
 * (analysis.c).  Everything kdump prints goes through kdump_record(), so
 * that a fuzzer can drive the printers without running the command.
 */
#include <sys/types.h>

#include "analysis.h"
#include "filter.h"
#include "kdump.h"
#include "stats.h"

static const struct consumer *consumer = &consumer_records;
/* The number of the record in the file, from 1 (--raw's serial). */
static uint64_t serial;

/*
 * -p: the process's or thread's records.  A window is a CPU's, of no
 * process: what it did not keep may be any process's records, so it
 * bounds what -p shows too.
 */
static bool
pid_wanted(const struct ktr_record *rec)
{
	return (opts.pid == 0 || rec->hdr.ktr_pid == opts.pid ||
	    rec->hdr.ktr_tid == opts.pid || rec->hdr.ktr_type == KTR_WINDOW);
}

static const struct consumer *
chosen(void)
{
	switch (opts.mode) {
	case MODE_PAIRS:
		return (&consumer_pairs);
	case MODE_RAW:
		return (&consumer_raw);
	case MODE_STATS:
		return (&consumer_stats);
	case MODE_GRAPH:
		return (&consumer_graph);
	case MODE_NET:
		return (&consumer_net);
	case MODE_CONNECT:
		return (&consumer_connect);
	default:
		return (filter_active() ? &consumer_filtered :
		    &consumer_records);
	}
}

void
kdump_start(void)
{
	consumer = chosen();
	if (consumer->start != NULL)
		consumer->start();
}

void
kdump_record(const struct ktr_record *rec)
{
	serial++;
	if (rec->dropped && consumer->dropped != NULL)
		consumer->dropped(rec);
	/* Before -p: an ABI holds for the process's later records. */
	abi_track(rec);
	if (pid_wanted(rec))
		consumer->record(rec, abi_flags(rec->hdr.ktr_pid), serial);
}

int
kdump_end(void)
{
	return (consumer->end != NULL ? consumer->end() : 0);
}

void
kdump_reset(void)
{
	serial = 0;
	show_reset();
	clock_reset();
	filter_reset();
	stats_reset(stats_trace);
	abi_reset();
	header_reset();
	lastcall_reset();
}
