/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kstrax-filter's selections, as kdump options: --syscall, --errors,
 * --success, --files, --after and --before.  They combine (AND).
 */
#ifndef _KDUMP_FILTER_H_
#define _KDUMP_FILTER_H_

#include <stdbool.h>

#include "calls.h"

enum call_outcome {
	OUTCOME_ANY,
	OUTCOME_ERRORS,		/* --errors: calls that failed */
	OUTCOME_SUCCESS,	/* --success: calls that succeeded */
};

/* Option parsing: false (with a message given by err) on a bad value. */
bool	filter_syscalls(const char *list);
void	filter_outcome(enum call_outcome outcome);
void	filter_files(void);
bool	filter_after(const char *when);
bool	filter_before(const char *when);

/* Any filter at all; one that judges whole calls (so must wait). */
bool	filter_active(void);
bool	filter_judges_calls(void);

/* Every record's time, first one first: clock times are of its day. */
void	filter_see(const struct ktr_time *t);
bool	filter_time(const struct ktr_time *t);	/* --after, --before */
bool	filter_code(enum ktr_abi abi, int code);	/* --syscall */
/* A whole call: all of the filters, times at its start (or its end). */
bool	filter_call(const struct call *c);
/* Forget the trace's day (a new trace). */
void	filter_reset(void);
/* No filter at all, as before any option. */
void	filter_clear(void);

#endif /* !_KDUMP_FILTER_H_ */
