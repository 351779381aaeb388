/* SPDX-License-Identifier: BSD-2-Clause */
/* Lookups in the generated errno table. */
#include <stddef.h>

#include "errtab.h"
#include "libktrace.h"

static const struct ktr_errent *
lookup(int error)
{
	if (error <= 0 || error >= ktr_nerrtab ||
	    ktr_errtab[error].name == NULL)
		return (NULL);
	return (&ktr_errtab[error]);
}

const char *
ktr_errno_name(int error)
{
	const struct ktr_errent *e;

	return ((e = lookup(error)) != NULL ? e->name : NULL);
}

const char *
ktr_errno_text(int error)
{
	const struct ktr_errent *e;

	return ((e = lookup(error)) != NULL ? e->text : NULL);
}
