/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Records that are strings, shown quoted as the kernel gave them: NAMI
 * and SCTL (one path or sysctl name), ARGS and ENVS (execve's list).
 */
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
