/* SPDX-License-Identifier: BSD-2-Clause */
/*
 The consumers (kdump.h) of an analysis or of the filtered text: each
 * record goes to the call matcher (calls.c), and what comes out of it,
 * a call at a time, to the mode: its lines (--pairs, --raw,
 * --connections), its statistics (--stats, --graph, --net), or the
 * records of the calls the filters keep (show.c).
 */
#include <sys/types.h>

#include <err.h>
#include <inttypes.h>

#include "analysis.h"
#include "filter.h"
#include "graph.h"
#include "net.h"
#include "stats.h"

static uint64_t serial_now;	/* of the record being read */

/* The text: the records of a call the filters keep, together. */
static void
text_done(struct call *c)
{
	struct held *h;

	if (!filter_call(c))
		return;
	for (h = c->held; h != NULL; h = h->next)
		show_record(&h->rec, h->sv_flags);
}

static void
pairs_done(struct call *c)
{
	if (filter_call(c))
		pairs_print(c);
}

static void
raw_entered(struct call *c)
{
	if (!filter_judges_calls() && filter_code(c->abi, c->code) &&
	    filter_time(&c->start))
		raw_entry(c);
}

static void
raw_done(struct call *c)
{
	if (filter_judges_calls()) {
		if (!filter_call(c))
			return;
		if (c->entered)
			raw_entry(c);
		if (c->returned)
			raw_exit(c);
	} else if (c->returned && filter_code(c->abi, c->code) &&
	    filter_time(&c->end))
		raw_exit(c);
}

/* Losses are told whatever the syscalls and outcomes asked for. */
static void
pairs_lost_then(const struct ktr_record *rec, uint64_t count)
{
	if (filter_time(&rec->hdr.ktr_time))
		pairs_lost(rec, count);
}

static void
raw_lost_now(const struct ktr_record *rec, uint64_t count)
{
	if (filter_time(&rec->hdr.ktr_time))
		raw_lost(rec, count, serial_now);
}

/* Windows too: a window's time is that of its oldest record. */
static void
pairs_window_then(const struct ktr_record *rec, const struct ktr_window *w)
{
	if (filter_time(&rec->hdr.ktr_time))
		pairs_window(rec, w);
}

static void
raw_window_now(const struct ktr_record *rec, const struct ktr_window *w)
{
	if (filter_time(&rec->hdr.ktr_time))
		raw_window(rec, w, serial_now);
}

/* Waits too: a wait's time is its end, when the process went on. */
static void
pairs_wait_then(const struct ktr_record *rec, const struct ktr_wait *w)
{
	if (filter_time(&rec->hdr.ktr_time))
		pairs_wait(rec, w);
}

static void
raw_wait_now(const struct ktr_record *rec, const struct ktr_wait *w)
{
	if (filter_time(&rec->hdr.ktr_time))
		raw_wait(rec, w, serial_now);
}

static void
stats_done(struct call *c)
{
	if (!filter_call(c))
		return;
	stats_add(stats_trace, c);
	if (live_wanted())
		stats_add(stats_interval, c);
	/* Only the pictures of every call need the calls themselves. */
	if (opts.mode == MODE_GRAPH &&
	    (opts.graph == GRAPH_EXEC || opts.graph == GRAPH_EXEC_C))
		graph_call(c);
}

static void
stats_lost_now(const struct ktr_record *rec, uint64_t count)
{
	if (!filter_time(&rec->hdr.ktr_time))
		return;
	stats_lost(stats_trace, rec->hdr.ktr_pid, count);
	if (live_wanted())
		stats_lost(stats_interval, rec->hdr.ktr_pid, count);
}

/*
 * What a window overwrote counts as losses of the times asked for, as
 * LOST does; where the trace is complete from is the whole file's.
 */
static void
stats_window_now(const struct ktr_record *rec, const struct ktr_window *w)
{
	bool counted = filter_time(&rec->hdr.ktr_time);

	stats_window(stats_trace, w, &rec->hdr.ktr_time, counted);
	if (live_wanted())
		stats_window(stats_interval, w, &rec->hdr.ktr_time, counted);
}

/* Waits are counted as losses are: those of the times asked for. */
static void
stats_wait_now(const struct ktr_record *rec, const struct ktr_wait *w)
{
	if (!filter_time(&rec->hdr.ktr_time))
		return;
	stats_wait(stats_trace, rec->hdr.ktr_pid, w);
	if (live_wanted())
		stats_wait(stats_interval, rec->hdr.ktr_pid, w);
}

/*
 * The network views: every call tells which descriptors are sockets,
 * whatever the filters say; those they keep are counted or listed.
 */
static void
net_done(struct call *c)
{
	struct netcall nc;

	netcall_get(c, &nc);
	sock_track(c, &nc);
	if (!filter_call(c))
		return;
	if (opts.mode == MODE_NET)
		net_count(c, &nc);
	else
		conn_print(c, &nc);
}

static void
net_lost_now(const struct ktr_record *rec, uint64_t count)
{
	if (opts.mode == MODE_NET && filter_time(&rec->hdr.ktr_time))
		net_lost(count);
}

static const struct calls_ops text_ops = { NULL, text_done, NULL, NULL,
    NULL };
static const struct calls_ops pairs_ops = { NULL, pairs_done,
    pairs_lost_then, pairs_window_then, pairs_wait_then };
static const struct calls_ops raw_ops = { raw_entered, raw_done,
    raw_lost_now, raw_window_now, raw_wait_now };
static const struct calls_ops stats_ops = { NULL, stats_done,
    stats_lost_now, stats_window_now, stats_wait_now };
static const struct calls_ops net_ops = { NULL, net_done, net_lost_now,
    NULL, NULL };

/* Every analysis starts with a matcher and the tables' headings. */
static void
begin(const struct calls_ops *ops, bool hold)
{
	calls_init(ops, hold);
	live_start();
}

/* Every record an analysis takes: its time seen first. */
static void
see(const struct ktr_record *rec, uint64_t serial)
{
	serial_now = serial;
	filter_see(&rec->hdr.ktr_time);
	clock_see(&rec->hdr.ktr_time);
}

/* The end of the trace: every call in progress is over. */
static int
end_calls(void)
{
	calls_finish();
	if (calls_unheld() > 0)
		warnx("%" PRIu64 " records of calls not shown: more than "
		    "kdump holds while calls are in progress", calls_unheld());
	return (0);
}

/*
 * The text: only filters judging whole calls must wait for the RET, and
 * hold the records of a call with it until then.
 */
static void
filtered_start(void)
{
	begin(&text_ops, filter_judges_calls());
}

/*
 * The text without filters of whole calls: each record at once, if its
 * time and the syscall it belongs to are wanted (records of no syscall,
 * PSIG, CSW, USER, are not for --syscall to leave out).
 */
static void
text_at_once(const struct ktr_record *rec, unsigned int sv_flags)
{
	const struct ktr_sysret *sr;
	const struct call *c;
	enum ktr_abi abi = abi_syscalls(sv_flags);
	int code = -1, type = rec->hdr.ktr_type;
	bool show;

	c = calls_current((pid_t)rec->hdr.ktr_tid);
	if (type == KTR_SYSCALL)
		code = ((const struct ktr_syscall *)rec->data)->ktr_code;
	else if (type == KTR_SYSRET &&
	    (sr = rec->data)->ktr_code != -1)
		code = sr->ktr_code;
	else if (c != NULL) {
		code = c->code;
		abi = c->abi;
	}
	if (calls_type_of_call(type))
		show = filter_code(abi, code) &&
		    filter_time(&rec->hdr.ktr_time);
	else
		show = filter_time(&rec->hdr.ktr_time);
	(void)calls_feed(rec, sv_flags, serial_now);
	if (show)
		show_record(rec, sv_flags);
}

static void
filtered_record(const struct ktr_record *rec, unsigned int sv_flags,
    uint64_t serial)
{
	see(rec, serial);
	if (!filter_judges_calls()) {
		text_at_once(rec, sv_flags);
		return;
	}
	/*
	 * Held with its call, or a record of no call: not for these, but
	 * for the accounting (LOST, WIN, WAIT), which is always shown.
	 */
	if (!calls_feed(rec, sv_flags, serial) &&
	    (rec->hdr.ktr_type == KTR_LOST ||
	    rec->hdr.ktr_type == KTR_WINDOW ||
	    rec->hdr.ktr_type == KTR_WAIT) &&
	    filter_time(&rec->hdr.ktr_time))
		show_record(rec, sv_flags);
}

const struct consumer consumer_filtered = {
	.start = filtered_start,
	.dropped = show_dropped,
	.record = filtered_record,
	.end = end_calls,
};

/* --pairs, --raw, --stats, --graph: every record to the matcher. */
static void
calls_record(const struct ktr_record *rec, unsigned int sv_flags,
    uint64_t serial)
{
	see(rec, serial);
	(void)calls_feed(rec, sv_flags, serial);
}

static void
pairs_start(void)
{
	begin(&pairs_ops, false);
}

const struct consumer consumer_pairs = {
	.start = pairs_start,
	.record = calls_record,
	.end = end_calls,
};

static void
raw_start(void)
{
	begin(&raw_ops, false);
}

const struct consumer consumer_raw = {
	.start = raw_start,
	.record = calls_record,
	.end = end_calls,
};

static void
stats_start(void)
{
	begin(&stats_ops, false);
	stats_reset(stats_interval);
}

static int
stats_end(void)
{
	(void)end_calls();
	if (live_wanted())
		return (live_finish());
	stats_print(stats_trace);
	return (0);
}

const struct consumer consumer_stats = {
	.start = stats_start,
	.record = calls_record,
	.end = stats_end,
};

static int
graph_end(void)
{
	(void)end_calls();
	return (graph_write(opts.graph, opts.output) == 0 ? 0 : 1);
}

const struct consumer consumer_graph = {
	.start = stats_start,
	.record = calls_record,
	.end = graph_end,
};

static void
net_start(void)
{
	begin(&net_ops, false);
	netcall_reset();
	sock_reset();
	net_reset();
}

static void
net_record(const struct ktr_record *rec, unsigned int sv_flags,
    uint64_t serial)
{
	see(rec, serial);
	/* A call's sockaddr, kept for it; an exit ends its sockets. */
	netcall_see(rec);
	(void)calls_feed(rec, sv_flags, serial);
	if (rec->hdr.ktr_type == KTR_PROCDTOR)
		sock_exit(rec->hdr.ktr_pid);
}

static int
net_end(void)
{
	(void)end_calls();
	if (live_wanted())
		return (live_finish());
	net_print();
	return (0);
}

const struct consumer consumer_net = {
	.start = net_start,
	.record = net_record,
	.end = net_end,
};

static void
connect_start(void)
{
	net_start();
	conn_start();
}

const struct consumer consumer_connect = {
	.start = connect_start,
	.record = net_record,
	.end = end_calls,
};
