/* SPDX-License-Identifier: BSD-2-Clause */
/* Records shown as their raw payload: NAMI, SCTL, USER, ARGS and ENVS. */
#include <stdio.h>
#include <string.h>

#include "kdump.h"

/* A path or sysctl name, as the kernel gave it (no NUL, not encoded). */
void
dump_namei(const struct ktr_record *rec, enum ktr_abi abi)
{
	(void)abi;
	printf("\"%.*s\"\n", (int)rec->len, (const char *)rec->data);
}

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

/*
 * execve's arguments or environment: NUL-terminated strings, quoted and
 * comma-separated.  A last string without its NUL ends at the payload.
 */
void
dump_execve(const struct ktr_record *rec, enum ktr_abi abi)
{
	const char *p = rec->data, *end = p + rec->len;
	size_t n;

	(void)abi;
	while (p < end) {
		n = strnlen(p, (size_t)(end - p));
		printf("%s\"%.*s\"", p == rec->data ? "" : ", ", (int)n, p);
		p += n + 1;
	}
	putchar('\n');
}
