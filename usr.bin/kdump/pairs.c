/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The lines of --pairs, as kstrax prints them (arguments and results in
 * hex), or as JSON objects:
 *
 *   pid  start  end  name(args) = result	a call
 *   file descriptor N --> path			after a call that opened it
 *   pid  lost N records before time		a LOST record
 *   cpu N set from time: counts		a window
 *   pid  waited N ms for ... until time	a wait
 *
 * "---:---:---" and "(---)" stand for an entry not recorded, "= ??" for
 * an exit not recorded, "= ?" for the exit of a call that cannot return.
 */
#include <sys/types.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <vis.h>

#include "analysis.h"
#include "stats.h"

#define NOTIME	"---:---:---"

/* A path on one line, whatever bytes it holds. */
static void
print_path(const char *path, size_t len)
{
	char *buf;

	if ((buf = malloc(4 * len + 1)) == NULL) {
		fputs("?", stdout);
		return;
	}
	(void)strvisx(buf, path, len, VIS_CSTYLE | VIS_NL | VIS_TAB);
	fputs(buf, stdout);
	free(buf);
}

static bool
opened(const struct call *c)
{
	return (c->returned && !c->justreturn && c->error == 0 &&
	    c->path != NULL && call_opens(c));
}

void
pairs_print(const struct call *c)
{
	char start[40], end[40];

	if (opts.json) {
		call_json_begin("call", c);
		json_ktr_time("start", &c->start, c->entered);
		json_ktr_time("end", &c->end, c->returned);
		if (c->entered && c->returned)
			printf(",\"duration_ns\":%" PRIu64,
			    clock_ns(&c->start, &c->end));
		else
			fputs(",\"duration_ns\":null", stdout);
		if (c->entered)
			call_json_args(c);
		else
			fputs(",\"args\":null", stdout);
		printf(",\"returned\":%s,\"noreturn\":%s,\"child\":%s",
		    c->returned ? "true" : "false",
		    c->noreturn ? "true" : "false",
		    c->child ? "true" : "false");
		call_json_result(c);
		fputs(",\"path\":", stdout);
		if (c->path != NULL)
			json_bytes(stdout, c->path, c->pathlen);
		else
			fputs("null", stdout);
		if (opened(c))
			printf(",\"fd\":%" PRId64, c->retval);
		fputs("}\n", stdout);
		return;
	}
	printf("%d  ", (int)c->pid);
	if (opts.threads)
		printf("%d  ", (int)c->tid);
	printf("%s  %s  ",
	    c->entered ? clock_format(start, sizeof(start), &c->start) : NOTIME,
	    c->returned ? clock_format(end, sizeof(end), &c->end) : NOTIME);
	call_print_name(c);
	if (c->entered)
		call_print_args(c);
	else
		fputs("(---)", stdout);
	fputs(" = ", stdout);
	call_print_result(c);
	if (c->child)
		fputs(" (child)", stdout);
	putchar('\n');
	if (opened(c)) {
		printf("file descriptor %" PRId64 " --> ", c->retval);
		print_path(c->path, c->pathlen);
		putchar('\n');
	}
}

void
pairs_lost(const struct ktr_record *rec, uint64_t count)
{
	char when[40];

	if (opts.json) {
		printf("{\"type\":\"lost\",\"pid\":%d,\"tid\":%" PRId64,
		    (int)rec->hdr.ktr_pid, (int64_t)rec->hdr.ktr_tid);
		json_ktr_time("time", &rec->hdr.ktr_time, true);
		printf(",\"count\":%" PRIu64 "}\n", count);
		return;
	}
	printf("%d  lost %" PRIu64 " record%s before %s\n",
	    (int)rec->hdr.ktr_pid, count, count == 1 ? "" : "s",
	    clock_format(when, sizeof(when), &rec->hdr.ktr_time));
}

/*
 * A window, at its place in the file (so first, in a snapshot), with
 * the time of its oldest record: "cpu 1 flight from T: 2060 older
 * records overwritten, 18000 held".
 */
void
pairs_window(const struct ktr_record *rec, const struct ktr_window *w)
{
	char when[40];

	if (opts.json) {
		fputs("{\"type\":\"window\",", stdout);
		json_window(stdout, w);
		json_ktr_time("time", &rec->hdr.ktr_time, true);
		fputs("}\n", stdout);
		return;
	}
	printf("cpu %u ", w->kwin_cpu);
	window_label(w);
	printf(" from %s: ",
	    clock_format(when, sizeof(when), &rec->hdr.ktr_time));
	window_counts(w);
	putchar('\n');
}

/*
 * A wait, after the line of the call it followed (the call is over at
 * its RET, the wait comes after): "pid  waited 3.204 ms for the trace
 * to be written until T", T the wait's end.  With -H, the thread's ID
 * as the call lines have it: a wait is a thread's.
 */
void
pairs_wait(const struct ktr_record *rec, const struct ktr_wait *w)
{
	char when[40];

	if (opts.json) {
		printf("{\"type\":\"wait\",\"pid\":%d,\"tid\":%" PRId64 ",",
		    (int)rec->hdr.ktr_pid, (int64_t)rec->hdr.ktr_tid);
		json_wait(stdout, w);
		json_ktr_time("time", &rec->hdr.ktr_time, true);
		fputs("}\n", stdout);
		return;
	}
	printf("%d  ", (int)rec->hdr.ktr_pid);
	if (opts.threads)
		printf("%" PRId64 "  ", (int64_t)rec->hdr.ktr_tid);
	fputs("waited ", stdout);
	wait_length(w);
	printf(" until %s",
	    clock_format(when, sizeof(when), &rec->hdr.ktr_time));
	wait_outcome(w);
	putchar('\n');
}
