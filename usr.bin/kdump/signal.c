/* SPDX-License-Identifier: BSD-2-Clause */
/* PSIG records: a signal delivered to the process, and what it did. */
#include <stdint.h>
#include <stdio.h>

#include "kdump.h"

/* Unknown signals as FreeBSD shows them, "SIG 99"; -n: the number. */
static void
print_signal(int sig)
{
	const char *name;

	if (!opts.fancy)
		printf("%d", sig);
	else if ((name = ktr_signal_name(sig)) != NULL)
		fputs(name, stdout);
	else
		printf("SIG %d", sig);
}

/*
 * The handler, or SIG_DFL or SIG_IGN, and the si_code, by name unless -n
 * or it has none.  The blocked set is FreeBSD's first word (signals
 * 1-32); when signals 33-64 are blocked too, the second word is printed
 * before it: one 64-bit mask.
 */
void
dump_psig(const struct ktr_record *rec, enum ktr_abi abi)
{
	const struct ktr_psig *psig = rec->data;
	const char *code;

	(void)abi;
	print_signal(psig->signo);
	if (psig->action == KTR_SIG_DFL)
		fputs(" SIG_DFL", stdout);
	else if (psig->action == KTR_SIG_IGN)
		fputs(" SIG_IGN", stdout);
	else {
		printf(" caught handler=%#jx mask=0x",
		    (uintmax_t)psig->action);
		if (psig->mask[1] != 0)
			printf("%x%08x", psig->mask[1], psig->mask[0]);
		else
			printf("%x", psig->mask[0]);
	}
	if (opts.fancy &&
	    (code = ktr_sigcode_name(psig->signo, psig->code)) != NULL)
		printf(" code=%s\n", code);
	else
		printf(" code=%d\n", psig->code);
}
