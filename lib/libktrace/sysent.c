/* SPDX-License-Identifier: BSD-2-Clause */
/* Lookups in the generated syscall tables. */
#include <string.h>

#include "libktrace.h"
#include "sysent.h"

static const struct ktr_sysent *
table(enum ktr_abi abi, int *n)
{
	switch (abi) {
	case KTR_ABI_X86_64:
		*n = ktr_nsysent_x86_64;
		return (ktr_sysent_x86_64);
	case KTR_ABI_I386:
		*n = ktr_nsysent_i386;
		return (ktr_sysent_i386);
	}
	*n = 0;
	return (NULL);
}

static const struct ktr_sysent *
lookup(enum ktr_abi abi, int code)
{
	const struct ktr_sysent *t;
	int n;

	t = table(abi, &n);
	if (code < 0 || code >= n || t[code].name == NULL)
		return (NULL);
	return (&t[code]);
}

const char *
ktr_syscall_name(enum ktr_abi abi, int code)
{
	const struct ktr_sysent *e;

	return ((e = lookup(abi, code)) != NULL ? e->name : NULL);
}

int
ktr_syscall_nargs(enum ktr_abi abi, int code)
{
	const struct ktr_sysent *e;

	return ((e = lookup(abi, code)) != NULL ? e->nargs : -1);
}

int
ktr_syscall_number(enum ktr_abi abi, const char *name)
{
	const struct ktr_sysent *t;
	int i, n;

	t = table(abi, &n);
	for (i = 0; i < n; i++)
		if (t[i].name != NULL && strcmp(t[i].name, name) == 0)
			return (i);
	return (-1);
}
