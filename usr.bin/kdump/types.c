/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The record types kdump decodes: the name FreeBSD's text gives each
 * (JSON's "type" too), and the printer of its text.
 */
#include <sys/types.h>

#include <stdio.h>

#include "kdump.h"

typedef void (*dumper)(const struct ktr_record *, enum ktr_abi);

/* The others print as UNKNOWN(n). */
static const struct {
	const char *name;
	dumper	dump;
} types[] = {
	[KTR_SYSCALL] =	{ "CALL", dump_syscall },
	[KTR_SYSRET] =	{ "RET ", dump_sysret },
	[KTR_NAMEI] =	{ "NAMI", dump_namei },
	[KTR_GENIO] =	{ "GIO ", dump_genio },
	[KTR_PSIG] =	{ "PSIG", dump_psig },
	[KTR_CSW] =	{ "CSW ", dump_csw },
	[KTR_USER] =	{ "USER", dump_user },
	[KTR_STRUCT] =	{ "STRU", dump_struct },
	[KTR_SYSCTL] =	{ "SCTL", dump_namei },
	[KTR_ARGS] =	{ "ARGS", dump_execve },
	[KTR_ENVS] =	{ "ENVS", dump_execve },
	[KTR_LOST] =	{ "LOST", dump_lost },
	[KTR_WINDOW] =	{ "WIN ", dump_window },
	[KTR_WAIT] =	{ "WAIT", dump_wait },
};

const char *
kdump_type_name(int type)
{
	if (type < 0 || type >= (int)(sizeof(types) / sizeof(types[0])) ||
	    types[type].dump == NULL)
		return (NULL);
	return (types[type].name);
}

void
text_record(const struct ktr_record *rec, unsigned int sv_flags)
{
	char unknown[32];
	const char *name;
	int type = rec->hdr.ktr_type;

	if ((name = kdump_type_name(type)) != NULL) {
		dump_header(rec, name, sv_flags);
		types[type].dump(rec, abi_syscalls(sv_flags));
		return;
	}
	(void)snprintf(unknown, sizeof(unknown), "UNKNOWN(%d)", type);
	dump_header(rec, unknown, sv_flags);
	putchar('\n');
	/* -x, -X: the payload nothing here can decode. */
	dump_data(rec->data, rec->len);
}
