/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The options, as kdump.c's parser (or the fuzzer) sets them, and the
 * questions about them that more than one part of kdump asks.
 */
#include "kdump.h"

struct kdump_opts opts = { .fancy = true };

bool
live_wanted(void)
{
	return (opts.follow && opts.interval != 0);
}
