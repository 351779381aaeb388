/* SPDX-License-Identifier: BSD-2-Clause */
/* CALL and RET records: a syscall's arguments and its result. */
#include <stdint.h>
#include <stdio.h>

#include "args.h"
#include "kdump.h"

static void
print_name(int code, enum ktr_abi abi)
{
	const char *name;

	if ((name = ktr_syscall_name(abi, code)) == NULL)
		printf("[%d]", code);
	else if (opts.syscallno)
		printf("%s[%d]", name, code);
	else
		fputs(name, stdout);
}

/*
 * The kernel records every argument register; the syscall's own count
 * says how many mean something.  The reader checked ktr_narg.  Decoded
 * as args.c says, or with -n each register raw: hex, or with -d signed
 * decimal.
 */
void
dump_syscall(const struct ktr_record *rec, enum ktr_abi abi)
{
	const struct ktr_syscall *sc = rec->data;
	uint64_t args[ARGS_MAX];
	int i, narg;

	lastcall_set(rec->hdr.ktr_tid, sc->ktr_code);
	print_name(sc->ktr_code, abi);
	narg = ktr_syscall_nargs(abi, sc->ktr_code);
	if (narg < 0 || narg > sc->ktr_narg)
		narg = sc->ktr_narg;
	if (opts.fancy) {
		if (narg > ARGS_MAX)
			narg = ARGS_MAX;
		for (i = 0; i < narg; i++)
			args[i] = sc->ktr_args[i];
		print_args(stdout, abi, sc->ktr_code, args, narg,
		    opts.decimal);
		putchar('\n');
		return;
	}
	for (i = 0; i < narg; i++) {
		putchar(i == 0 ? '(' : ',');
		if (opts.decimal)
			printf("%jd", (intmax_t)(int64_t)sc->ktr_args[i]);
		else
			printf("%#jx", (uintmax_t)sc->ktr_args[i]);
	}
	if (narg > 0)
		putchar(')');
	putchar('\n');
}

void
dump_sysret(const struct ktr_record *rec, enum ktr_abi abi)
{
	const struct ktr_sysret *sr = rec->data;
	long ret = (long)sr->ktr_retval;
	int error = sr->ktr_error;
	const char *name, *text;

	if (sr->ktr_code == -1 && error == KTR_EJUSTRETURN) {
		/* No number and no result: the thread's last call's name. */
		print_name(lastcall_get(rec->hdr.ktr_tid), abi);
		printf(" JUSTRETURN\n");
		return;
	}
	print_name(sr->ktr_code, abi);
	putchar(' ');
	if (error == 0) {
		if (opts.fancy) {
			printf("%ld", ret);
			if (ret < 0 || ret > 9)
				printf("/%#lx", (unsigned long)ret);
		} else if (opts.decimal)
			printf("%ld", ret);
		else
			printf("%#lx", (unsigned long)ret);
	} else if (error >= KTR_ERESTART_FIRST && error <= KTR_ERESTART_LAST &&
	    (name = ktr_errno_name(error)) != NULL) {
		/* Never seen by the process: it is restarted or interrupted. */
		fputs(name, stdout);
	} else {
		printf("-1 errno %d", error);
		if (opts.fancy) {
			if ((text = ktr_errno_text(error)) != NULL)
				printf(" %s", text);
			else
				printf(" Unknown error %d", error);
		}
	}
	putchar('\n');
}
