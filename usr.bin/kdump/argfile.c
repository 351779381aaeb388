/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Decoders of file and descriptor arguments that depend on another
 * argument (open's mode, fcntl's argument) or have their own shape
 * (ioctl requests).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "args.h"

/*
 * The mode of open(), openat() and the like, after their flags: printed
 * only when the call may create a file (O_CREAT, or O_TMPFILE's own
 * bit), as FreeBSD's kdump and strace do.  fs is the open flags' set.
 */
int
pr_openmode(struct argctx *c, int i, const struct ktr_flagset *fs)
{
	static uint64_t create;
	uint32_t flags;

	if (create == 0)
		create = need_flag(fs, "O_CREAT") |
		    (need_flag(fs, "O_TMPFILE") & ~need_flag(fs, "O_DIRECTORY"));
	if (i > 0) {
		flags = arg_uint(c, i - 1);
		if ((flags & create) == 0)
			return (1);
	}
	return (pr_mode(c, i, NULL));
}

/*
 * fcntl's third argument, by its command (the argument before): the
 * commands that take none have it left out, as FreeBSD's kdump does;
 * an unknown command's is printed raw.
 */
static const struct {
	const char *cmd;
	argfn	*print;		/* NULL: the command takes no argument */
	const char *set;
} fcntlargs[] = {
	{ "F_DUPFD",		pr_int,		NULL },
	{ "F_DUPFD_CLOEXEC",	pr_int,		NULL },
	{ "F_GETFD",		NULL,		NULL },
	{ "F_SETFD",		pr_flags,	"fdflags" },
	{ "F_GETFL",		NULL,		NULL },
	{ "F_SETFL",		pr_flags,	"open" },
	{ "F_GETOWN",		NULL,		NULL },
	{ "F_SETOWN",		pr_int,		NULL },
	{ "F_GETSIG",		NULL,		NULL },
	{ "F_SETSIG",		pr_signal,	NULL },
	{ "F_GETLEASE",		NULL,		NULL },
	{ "F_SETLEASE",		pr_enum,	"locktype" },
	{ "F_NOTIFY",		pr_flags,	"dnotify" },
	{ "F_GETPIPE_SZ",	NULL,		NULL },
	{ "F_SETPIPE_SZ",	pr_int,		NULL },
	{ "F_GET_SEALS",	NULL,		NULL },
	{ "F_ADD_SEALS",	pr_flags,	"seals" },
};

int
pr_fcntlarg(struct argctx *c, int i, const struct ktr_flagset *fs)
{
	const char *cmd;
	size_t k;

	if (i == 0 || (cmd = ktr_flag_name(fs, (uint64_t)(int64_t)
	    arg_int(c, i - 1))) == NULL)
		return (pr_hex(c, i, NULL));
	for (k = 0; k < sizeof(fcntlargs) / sizeof(fcntlargs[0]); k++) {
		if (strcmp(fcntlargs[k].cmd, cmd) != 0)
			continue;
		if (fcntlargs[k].print == NULL)
			return (1);
		return (fcntlargs[k].print(c, i, fcntlargs[k].set != NULL ?
		    need_flagset(fcntlargs[k].set) : NULL));
	}
	/* Locks, owners, hints: a structure's address. */
	return (pr_ptr(c, i, NULL));
}

/* The request's name, else its number as FreeBSD prints unknown ones. */
int
pr_ioctl(struct argctx *c, int i, const struct ktr_flagset *fs)
{
	const char *name;

	argsep(c);
	if ((name = ktr_flag_name(fs, arg_uint(c, i))) != NULL)
		fputs(name, c->fp);
	else
		fprintf(c->fp, c->decimal ? "%u" : "%#x", arg_uint(c, i));
	return (1);
}
