/* SPDX-License-Identifier: BSD-2-Clause */
/* ktrace(1): what ktrace.c calls in flight.c. */
#ifndef KTRACE_EXTERN_H
#define KTRACE_EXTERN_H

#include <stdint.h>

void	flight_snapshot(const char *tracefile, const char *core,
	    uint64_t hint);
void	flight_status(void);

#endif
