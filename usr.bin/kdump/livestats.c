/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The tables of --stats for one interval of -l --interval: stats.c
 * compiled a second time, its functions renamed, so that it keeps a
 * second set of rows, losses and waits, emptied at each tick, while
 * stats.c's own go on counting the whole trace for the totals.  One
 * source for both, so that the two tables can never differ in form.
 */
#define stats_sort_key		lstats_sort_key
#define stats_add		lstats_add
#define stats_lost		lstats_lost
#define stats_wait		lstats_wait
#define stats_window		lstats_window
#define stats_rows		lstats_rows
#define stats_lost_count	lstats_lost_count
#define stats_ns		lstats_ns
#define stats_name		lstats_name
#define stats_print		lstats_print
#define stats_reset		lstats_reset

#include "stats.c"
