/* SPDX-License-Identifier: BSD-2-Clause */
/* USER records: the bytes a process gave utrace(2). */
#include <stdio.h>

#include "kdump.h"

/* utrace(2) data: its length, then each byte; -x, -X: a dump of them. */
void
dump_user(const struct ktr_record *rec, enum ktr_abi abi)
{
	const unsigned char *p = rec->data;
	size_t i;

	(void)abi;
	if (opts.iohex != IOHEX_NONE) {
		/* OpenBSD's form: the count, then the bytes below. */
		printf("%zu byte%s\n", rec->len, rec->len == 1 ? "" : "s");
		dump_data(rec->data, rec->len);
		return;
	}
	printf("%zu ", rec->len);
	for (i = 0; i < rec->len; i++)
		printf(opts.decimal ? " %d" : " %02x", p[i]);
	putchar('\n');
}
