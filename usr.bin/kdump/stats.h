/* SPDX-License-Identifier: BSD-2-Clause */
/* --stats and --graph: per-syscall statistics of the calls shown. */
#ifndef _KDUMP_STATS_H_
#define _KDUMP_STATS_H_

#include <stddef.h>
#include <stdint.h>

#include "calls.h"

struct sysstat {
	struct sysstat *next;	/* hash chain */
	pid_t	pid;		/* --by-pid: the process; else 0 */
	char	comm[KTR_COMMLEN];	/* --by-pid: its last name */
	enum ktr_abi abi;
	int	code;		/* -1: unknown */
	uint64_t count;		/* calls, however incomplete */
	uint64_t timed;		/* calls with both entry and exit */
	uint64_t errors;	/* exits with an errno */
	uint64_t nocall;	/* exits without an entry */
	uint64_t noreturn;	/* entries without an exit (exit's aside) */
	uint64_t total_ns, max_ns, min_ns;	/* of the timed calls */
};

/*
 * A set of tables: stats_trace, the whole trace's; stats_interval, with
 * -l --interval, the current interval's, emptied at each tick.
 */
struct stats;
extern struct stats *const stats_trace;
extern struct stats *const stats_interval;

/* The --sort word's enum sort_key, or -1. */
int	stats_sort_key(const char *word);
void	stats_add(struct stats *st, const struct call *c);
void	stats_lost(struct stats *st, pid_t pid, uint64_t count);
/* A wait for the writer (a KTR_WAIT) of process pid, counted. */
void	stats_wait(struct stats *st, pid_t pid, const struct ktr_wait *w);
/*
 * A window of a snapshot, starting at t; counted: its losses are in the
 * times asked for.  Every window tells where the trace is complete from.
 */
void	stats_window(struct stats *st, const struct ktr_window *w,
	    const struct ktr_time *t, bool counted);
/*
 * The rows (of every process, or of pid with --by-pid; pid 0: all),
 * sorted by key, biggest first (by ID: smallest first), in a new array
 * of *n rows to free().
 */
struct sysstat **stats_rows(const struct stats *st, pid_t pid,
	    enum sort_key key, size_t *n);
uint64_t stats_lost_count(const struct stats *st, pid_t pid); /* 0: all */
/* A row's name: "read", "[999]", "read/i386" for a 32-bit process's. */
void	stats_name(char *buf, size_t size, enum ktr_abi abi, int code);
/* The table, or its JSON, to stdout. */
void	stats_print(const struct stats *st);
/* Forget every row, loss and wait (a new trace, a new interval). */
void	stats_reset(struct stats *st);

#endif /* !_KDUMP_STATS_H_ */
