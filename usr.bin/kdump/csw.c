/* SPDX-License-Identifier: BSD-2-Clause */
/* CSW records: the process stopped or resumed (a context switch). */
#include <stdio.h>

#include "kdump.h"

/* Old FreeBSD records have no wait message. */
void
dump_csw(const struct ktr_record *rec, enum ktr_abi abi)
{
	const struct ktr_csw *cs = rec->data;

	(void)abi;
	printf("%s %s", cs->out ? "stop" : "resume",
	    cs->user ? "user" : "kernel");
	if (rec->len == sizeof(*cs))
		printf(" \"%.*s\"", (int)sizeof(cs->wmesg), cs->wmesg);
	putchar('\n');
}
