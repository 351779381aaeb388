/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kstrax's analyses in kdump: --pairs, --raw, --stats and --graph, the
 * network views --net and --connections, and the filters of the BSD
 * text (filter.h).
 */
#ifndef _KDUMP_ANALYSIS_H_
#define _KDUMP_ANALYSIS_H_

#include <stddef.h>

#include "calls.h"

/* analysis.c: the consumers (kdump.h) that match CALL with RET. */
extern const struct consumer consumer_filtered;	/* the text, filtered */
extern const struct consumer consumer_pairs, consumer_raw;
extern const struct consumer consumer_stats, consumer_graph;
extern const struct consumer consumer_net, consumer_connect;

/* callline.c: the parts of a call's line, for pairs.c and raw.c. */
void	call_print_name(const struct call *c);
void	call_print_args(const struct call *c);	/* (0x1, 0x2) */
void	call_print_result(const struct call *c);
/* {"type":type,... "syscall":name, for the JSON object of a call. */
void	call_json_begin(const char *type, const struct call *c);
void	call_json_args(const struct call *c);
void	call_json_result(const struct call *c);

/* pairs.c: --pairs, a call's lines. */
void	pairs_print(const struct call *c);
void	pairs_lost(const struct ktr_record *rec, uint64_t count);
void	pairs_window(const struct ktr_record *rec, const struct ktr_window *w);
void	pairs_wait(const struct ktr_record *rec, const struct ktr_wait *w);
/* raw.c: --raw, a line a record. */
void	raw_entry(const struct call *c);
void	raw_exit(const struct call *c);
void	raw_lost(const struct ktr_record *rec, uint64_t count,
	    uint64_t serial);
void	raw_window(const struct ktr_record *rec, const struct ktr_window *w,
	    uint64_t serial);
void	raw_wait(const struct ktr_record *rec, const struct ktr_wait *w,
	    uint64_t serial);

/* clock.c: times as the analyses print them. */
void	clock_see(const struct ktr_time *t);	/* each record's */
void	clock_reset(void);
const char *clock_format(char *buf, size_t size, const struct ktr_time *t);
/* Two record times compared: -1, 0 or 1, as strcmp(). */
int	clock_cmp(const struct ktr_time *a, const struct ktr_time *b);
/* Nanoseconds between two record times, 0 if the end is earlier. */
uint64_t clock_ns(const struct ktr_time *start, const struct ktr_time *end);

#endif /* !_KDUMP_ANALYSIS_H_ */
