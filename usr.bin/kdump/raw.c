/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The lines of --raw: each record of a call on its own line, as kstrax
 * prints them (arguments and results in hex), or as JSON objects:
 *
 *   serial cpu pid time nr name(args) = ??		an entry
 *   serial cpu pid time nr <name( --- ) = result>	an exit
 *   serial cpu pid time lost N records			a LOST record
 *   serial cpu 0 time window set: counts		a window
 *   serial cpu pid time waited N ms for ...		a wait
 */
#include <sys/types.h>

#include <inttypes.h>
#include <stdio.h>

#include "analysis.h"

/* An entry's or an exit's line up to what differs: the name's place. */
static void
raw_begin(const char *type, const struct call *c, uint64_t serial, int cpu,
    const struct ktr_time *t)
{
	char when[40];

	if (opts.json) {
		call_json_begin(type, c);
		printf(",\"serial\":%" PRIu64 ",\"cpu\":%d", serial, cpu);
		json_ktr_time("time", t, true);
		return;
	}
	printf("%" PRIu64 " %d %d %s %d ", serial, cpu, (int)c->pid,
	    clock_format(when, sizeof(when), t), c->code);
}

void
raw_entry(const struct call *c)
{
	raw_begin("entry", c, c->start_serial, c->start_cpu, &c->start);
	if (opts.json) {
		call_json_args(c);
		fputs("}\n", stdout);
		return;
	}
	call_print_name(c);
	call_print_args(c);
	fputs(" = ??\n", stdout);
}

void
raw_exit(const struct call *c)
{
	raw_begin("exit", c, c->end_serial, c->end_cpu, &c->end);
	if (opts.json) {
		call_json_result(c);
		fputs("}\n", stdout);
		return;
	}
	putchar('<');
	call_print_name(c);
	fputs("( --- ) = ", stdout);
	call_print_result(c);
	fputs(">\n", stdout);
}

void
raw_lost(const struct ktr_record *rec, uint64_t count, uint64_t serial)
{
	char when[40];

	if (opts.json) {
		printf("{\"type\":\"lost\",\"serial\":%" PRIu64 ",\"cpu\":%d,"
		    "\"pid\":%d", serial, (int)rec->hdr.ktr_cpu,
		    (int)rec->hdr.ktr_pid);
		json_ktr_time("time", &rec->hdr.ktr_time, true);
		printf(",\"count\":%" PRIu64 "}\n", count);
		return;
	}
	printf("%" PRIu64 " %d %d %s lost %" PRIu64 " record%s\n", serial,
	    (int)rec->hdr.ktr_cpu, (int)rec->hdr.ktr_pid,
	    clock_format(when, sizeof(when), &rec->hdr.ktr_time), count,
	    count == 1 ? "" : "s");
}

/* serial cpu pid time, as a lost line, then the window's counts. */
void
raw_window(const struct ktr_record *rec, const struct ktr_window *w,
    uint64_t serial)
{
	char when[40];

	if (opts.json) {
		printf("{\"type\":\"window\",\"serial\":%" PRIu64
		    ",\"pid\":%d,", serial, (int)rec->hdr.ktr_pid);
		json_window(stdout, w);
		json_ktr_time("time", &rec->hdr.ktr_time, true);
		fputs("}\n", stdout);
		return;
	}
	printf("%" PRIu64 " %u %d %s window ", serial, w->kwin_cpu,
	    (int)rec->hdr.ktr_pid,
	    clock_format(when, sizeof(when), &rec->hdr.ktr_time));
	window_label(w);
	fputs(": ", stdout);
	window_counts(w);
	putchar('\n');
}

/* serial cpu pid time, as a lost line, then the wait. */
void
raw_wait(const struct ktr_record *rec, const struct ktr_wait *w,
    uint64_t serial)
{
	char when[40];

	if (opts.json) {
		printf("{\"type\":\"wait\",\"serial\":%" PRIu64 ",\"cpu\":%d,"
		    "\"pid\":%d,\"tid\":%" PRId64 ",", serial,
		    (int)rec->hdr.ktr_cpu, (int)rec->hdr.ktr_pid,
		    (int64_t)rec->hdr.ktr_tid);
		json_wait(stdout, w);
		json_ktr_time("time", &rec->hdr.ktr_time, true);
		fputs("}\n", stdout);
		return;
	}
	printf("%" PRIu64 " %d %d %s waited ", serial, (int)rec->hdr.ktr_cpu,
	    (int)rec->hdr.ktr_pid,
	    clock_format(when, sizeof(when), &rec->hdr.ktr_time));
	wait_length(w);
	wait_outcome(w);
	putchar('\n');
}
