/* SPDX-License-Identifier: BSD-2-Clause */
/* --graph: kstrax-graph's pictures of the calls shown, drawn by gnuplot. */
#ifndef _KDUMP_GRAPH_H_
#define _KDUMP_GRAPH_H_

#include "calls.h"
#include "stats.h"

/* The kinds, by kstrax's words; each '+' adds a measure. */
#define GRAPH_ALL	0	/* ALL: every syscall, three measures */
#define GRAPH_CNT	1	/* CNT: ranked by count */
#define GRAPH_CNT_P	2	/* CNT+ */
#define GRAPH_CNT_PP	3	/* CNT++ */
#define GRAPH_AVE	4	/* AVE: ranked by average time */
#define GRAPH_AVE_P	5	/* AVE+ */
#define GRAPH_AVE_PP	6	/* AVE++ */
#define GRAPH_TOTAL	7	/* TOTAL: ranked by total time */
#define GRAPH_TOTAL_P	8	/* TOTAL+ */
#define GRAPH_TOTAL_PP	9	/* TOTAL++ */
#define GRAPH_EXEC	10	/* EXEC: each call's duration by issue time */
#define GRAPH_EXEC_C	11	/* EXEC-C: the same, 20 most called */

/* The GRAPH_* of a --graph word, or -1.  Case-sensitive, as kstrax. */
int	graph_kind(const char *word);
/*
 * Optional, before reading the trace: 0 if the file's name has a suffix
 * graph_write can draw (.svg, .png), else a message and -1.
 */
int	graph_check_path(const char *path);
/*
 * Each call shown, in file order, before graph_write.  The timed ones
 * are kept in an unlinked temporary file for EXEC and EXEC-C.
 */
void	graph_call(const struct call *c);
/*
 * Draw the graph of kind into path, as SVG or PNG by its suffix: 0, or
 * a message naming the file and -1.  The bars come from stats_rows().
 */
int	graph_write(int kind, const char *path);

#endif /* !_KDUMP_GRAPH_H_ */
