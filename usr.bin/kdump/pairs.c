/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The lines of --pairs and --raw, as kstrax prints them (arguments and
 * results in hex), or as JSON objects:
 *
 *   pid  start  end  name(args) = result	--pairs, a call
 *   file descriptor N --> path			after a call that opened it
 *   serial cpu pid time nr name(args) = ??	--raw, an entry
 *   serial cpu pid time nr <name( --- ) = result>	--raw, an exit
 *   cpu N set from time: counts		--pairs, a window
 *   serial cpu 0 time window set: counts	--raw, a window
 *   pid  waited N ms for ... until time	--pairs, a wait
 *   serial cpu pid time waited N ms for ...	--raw, a wait
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

static int
nargs(const struct call *c)
{
	int n = c->code < 0 ? -1 : ktr_syscall_nargs(c->abi, c->code);

	return (n < 0 || n > c->narg ? c->narg : n);
}

static void
print_name(const struct call *c)
{
	const char *name = call_name(c);

	if (name == NULL)
		printf("[%d]", c->code);
	else
		fputs(name, stdout);
}

static void
print_args(const struct call *c)
{
	int i, n = nargs(c);

	putchar('(');
	for (i = 0; i < n; i++)
		printf("%s0x%" PRIx64, i == 0 ? "" : ", ", c->args[i]);
	putchar(')');
}

/* The result: kstrax's hex, or -1 and the error's text. */
static void
print_result(const struct call *c)
{
	const char *text;

	if (!c->returned)
		fputs(c->noreturn ? "?" : "??", stdout);
	else if (c->justreturn)
		fputs("JUSTRETURN", stdout);
	else if (c->error == 0)
		printf("0x%" PRIx64, (uint64_t)c->retval);
	else if (c->error >= KTR_ERESTART_FIRST &&
	    c->error <= KTR_ERESTART_LAST &&
	    (text = ktr_errno_name(c->error)) != NULL)
		printf("-1 (%s)", text);
	else if ((text = ktr_errno_text(c->error)) != NULL)
		printf("-1 (%s)", text);
	else
		printf("-1 (Unknown error %d)", c->error);
}

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

static void
json_args(const struct call *c)
{
	int i, n = nargs(c);

	fputs(",\"args\":[", stdout);
	for (i = 0; i < n; i++)
		printf("%s%" PRIu64, i == 0 ? "" : ",", c->args[i]);
	putchar(']');
}

/* The facts of a call that --pairs and --raw share. */
static void
json_call(const char *type, const struct call *c)
{
	printf("{\"type\":\"%s\",\"pid\":%d,\"tid\":%d,\"comm\":", type,
	    (int)c->pid, (int)c->tid);
	json_string(stdout, c->comm);
	printf(",\"abi\":\"%s\",\"number\":%d,\"syscall\":", abi_name(c->abi),
	    c->code);
	json_string(stdout, call_name(c));
}

static void
json_result(const struct call *c)
{
	if (!c->returned || c->justreturn)
		fputs(",\"retval\":null,\"errno\":null,\"error\":null",
		    stdout);
	else if (c->error == 0)
		printf(",\"retval\":%" PRId64 ",\"errno\":0,\"error\":null",
		    c->retval);
	else {
		printf(",\"retval\":-1,\"errno\":%d,\"error\":", c->error);
		json_string(stdout, ktr_errno_name(c->error));
	}
}

void
pairs_print(const struct call *c)
{
	char start[40], end[40];

	if (opts.json) {
		json_call("call", c);
		json_ktr_time("start", &c->start, c->entered);
		json_ktr_time("end", &c->end, c->returned);
		if (c->entered && c->returned)
			printf(",\"duration_ns\":%" PRIu64,
			    stats_ns(&c->start, &c->end));
		else
			fputs(",\"duration_ns\":null", stdout);
		if (c->entered)
			json_args(c);
		else
			fputs(",\"args\":null", stdout);
		printf(",\"returned\":%s,\"noreturn\":%s,\"child\":%s",
		    c->returned ? "true" : "false",
		    c->noreturn ? "true" : "false",
		    c->child ? "true" : "false");
		json_result(c);
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
	print_name(c);
	if (c->entered)
		print_args(c);
	else
		fputs("(---)", stdout);
	fputs(" = ", stdout);
	print_result(c);
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

static void
raw_prefix(uint64_t serial, int cpu, const struct call *c,
    const struct ktr_time *t)
{
	char when[40];

	printf("%" PRIu64 " %d %d %s %d ", serial, cpu, (int)c->pid,
	    clock_format(when, sizeof(when), t), c->code);
}

void
raw_entry(const struct call *c)
{
	if (opts.json) {
		json_call("entry", c);
		printf(",\"serial\":%" PRIu64 ",\"cpu\":%d", c->start_serial,
		    c->start_cpu);
		json_ktr_time("time", &c->start, true);
		json_args(c);
		fputs("}\n", stdout);
		return;
	}
	raw_prefix(c->start_serial, c->start_cpu, c, &c->start);
	print_name(c);
	print_args(c);
	fputs(" = ??\n", stdout);
}

void
raw_exit(const struct call *c)
{
	if (opts.json) {
		json_call("exit", c);
		printf(",\"serial\":%" PRIu64 ",\"cpu\":%d", c->end_serial,
		    c->end_cpu);
		json_ktr_time("time", &c->end, true);
		json_result(c);
		fputs("}\n", stdout);
		return;
	}
	raw_prefix(c->end_serial, c->end_cpu, c, &c->end);
	putchar('<');
	print_name(c);
	fputs("( --- ) = ", stdout);
	print_result(c);
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
