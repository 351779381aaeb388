/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Lookups in the errno tables: names from the kernel headers (gen_errno.c,
 * generated at build time), texts from glibc's strerror(3) (errtext.c,
 * generated once by mkerrtext and committed), or for the kernel's own
 * codes, which no libc knows, the kernel header's comment.
 */
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

	if ((e = lookup(error)) == NULL)
		return (NULL);
	if (error < ktr_nerrtexts && ktr_errtexts[error] != NULL)
		return (ktr_errtexts[error]);
	return (e->text);
}
