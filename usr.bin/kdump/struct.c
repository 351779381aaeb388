/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * STRU records: a structure the kernel copied in or out, named by the
 * NUL-terminated string before its bytes (the reader checked there is
 * one).  Names FreeBSD's kdump would refuse make an invalid record.
 */
#include <stdio.h>
#include <string.h>

#include "kdump.h"

static const struct {
	const char *name;
	void	(*print)(const void *, size_t);
} structs[] = {
	{ KTR_STRUCT_STAT, print_stat },
	{ KTR_STRUCT_SOCKADDR, print_sockaddr },
};

static bool
valid_name(const char *name)
{
	for (; *name != '\0'; name++)
		if ((*name < 'a' || *name > 'z') &&
		    (*name < 'A' || *name > 'Z') && *name != '_')
			return (false);
	return (true);
}

void
dump_struct(const struct ktr_record *rec, enum ktr_abi abi)
{
	const char *name = rec->data;
	size_t i, namelen = strlen(name);

	(void)abi;
	if (namelen + 1 >= rec->len || !valid_name(name)) {
		puts("invalid record");
		/* -x, -X: what could not be decoded, all of it. */
		dump_data(rec->data, rec->len);
		return;
	}
	for (i = 0; i < sizeof(structs) / sizeof(structs[0]); i++)
		if (strcmp(name, structs[i].name) == 0) {
			structs[i].print(name + namelen + 1,
			    rec->len - namelen - 1);
			return;
		}
	puts("unknown structure");
	dump_data(name + namelen + 1, rec->len - namelen - 1);
}
