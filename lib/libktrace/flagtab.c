/* SPDX-License-Identifier: BSD-2-Clause */
/* Lookups in the generated flag tables. */
#include <stdlib.h>
#include <string.h>

#include "flagtab.h"
#include "libktrace.h"

static int
cmpname(const void *key, const void *elem)
{
	const struct ktr_flagset *fs = elem;

	return (strcmp(key, fs->name));
}

const struct ktr_flagset *
ktr_flagset(const char *name)
{
	return (bsearch(name, ktr_flagsets, (size_t)ktr_nflagsets,
	    sizeof(ktr_flagsets[0]), cmpname));
}

const char *
ktr_flag_name(const struct ktr_flagset *fs, uint64_t value)
{
	int i;

	for (i = 0; i < fs->nflags; i++)
		if (fs->flags[i].value == value)
			return (fs->flags[i].name);
	return (NULL);
}

bool
ktr_flag_value(const struct ktr_flagset *fs, const char *name, uint64_t *value)
{
	int i;

	for (i = 0; i < fs->nflags; i++)
		if (strcmp(fs->flags[i].name, name) == 0) {
			*value = fs->flags[i].value;
			return (true);
		}
	for (i = 0; i < fs->nfield; i++)
		if (strcmp(fs->field[i].name, name) == 0) {
			*value = fs->field[i].value;
			return (true);
		}
	return (false);
}
