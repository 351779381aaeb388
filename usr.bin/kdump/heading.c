/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The headings of the tables of intervals, live (live.c) or of trace
 * time (net.c --interval), and of the totals after them:
 *
 *   interval 22:13:20.000000 to 22:13:21.000000
 *   totals
 */
#include <stdio.h>

#include "analysis.h"
#include "net.h"

static bool headed;		/* a heading was printed: a blank line */

void
heading_reset(void)
{
	headed = false;
}

void
interval_heading(const struct ktr_time *start, const struct ktr_time *end)
{
	char from[40], to[40];

	if (opts.json) {
		fputs("{\"type\":\"interval\"", stdout);
		json_ktr_time("start", start, true);
		json_ktr_time("end", end, true);
		fputs("}\n", stdout);
		return;
	}
	if (headed)
		putchar('\n');
	headed = true;
	printf("interval %s to %s\n", clock_format(from, sizeof(from), start),
	    clock_format(to, sizeof(to), end));
}

void
totals_heading(void)
{
	if (opts.json) {
		puts("{\"type\":\"totals\"}");
		return;
	}
	if (headed)
		putchar('\n');
	headed = true;
	puts("totals");
}
