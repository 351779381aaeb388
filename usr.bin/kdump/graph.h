/* SPDX-License-Identifier: BSD-2-Clause */
/* --graph: kstrax-graph's pictures of the calls shown, drawn by gnuplot. */
#ifndef _KDUMP_GRAPH_H_
#define _KDUMP_GRAPH_H_

#include "calls.h"
#include "stats.h"

/* The enum graph_kind of a --graph word, or -1.  Case-sensitive. */
int	graph_parse_kind(const char *word);
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
int	graph_write(enum graph_kind kind, const char *path);

#endif /* !_KDUMP_GRAPH_H_ */
