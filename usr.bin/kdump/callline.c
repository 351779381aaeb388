/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The parts of a matched call's line that --pairs (pairs.c) and --raw
 * (raw.c) share, as kstrax prints them: the name, the arguments and the
 * result in hex; or the JSON members of the same.
 */
#include <sys/types.h>

#include <inttypes.h>
#include <stdio.h>

#include "analysis.h"

static int
nargs(const struct call *c)
{
	int n = c->code < 0 ? -1 : ktr_syscall_nargs(c->abi, c->code);

	return (n < 0 || n > c->narg ? c->narg : n);
}

void
call_print_name(const struct call *c)
{
	const char *name = call_name(c);

	if (name == NULL)
		printf("[%d]", c->code);
	else
		fputs(name, stdout);
}

void
call_print_args(const struct call *c)
{
	int i, n = nargs(c);

	putchar('(');
	for (i = 0; i < n; i++)
		printf("%s0x%" PRIx64, i == 0 ? "" : ", ", c->args[i]);
	putchar(')');
}

/* The result: kstrax's hex, or -1 and the error's text. */
void
call_print_result(const struct call *c)
{
	const char *text;

	if (!c->returned)
		fputs(c->noreturn ? "?" : "??", stdout);
	else if (c->justreturn)
		fputs("JUSTRETURN", stdout);
	else if (c->error == 0)
		printf("0x%" PRIx64, (uint64_t)c->retval);
	else if (c->error >= KTR_ERESTART_FIRST &&
	    c->error <= KTR_ERESTART_LAST &&
	    (text = ktr_errno_name(c->error)) != NULL)
		printf("-1 (%s)", text);
	else if ((text = ktr_errno_text(c->error)) != NULL)
		printf("-1 (%s)", text);
	else
		printf("-1 (Unknown error %d)", c->error);
}

void
call_json_args(const struct call *c)
{
	int i, n = nargs(c);

	fputs(",\"args\":[", stdout);
	for (i = 0; i < n; i++)
		printf("%s%" PRIu64, i == 0 ? "" : ",", c->args[i]);
	putchar(']');
}

/* The facts of a call that --pairs and --raw share. */
void
call_json_begin(const char *type, const struct call *c)
{
	printf("{\"type\":\"%s\",\"pid\":%d,\"tid\":%d,\"comm\":", type,
	    (int)c->pid, (int)c->tid);
	json_string(stdout, c->comm);
	printf(",\"abi\":\"%s\",\"number\":%d,\"syscall\":", abi_name(c->abi),
	    c->code);
	json_string(stdout, call_name(c));
}

void
call_json_result(const struct call *c)
{
	if (!c->returned || c->justreturn)
		fputs(",\"retval\":null,\"errno\":null,\"error\":null",
		    stdout);
	else if (c->error == 0)
		printf(",\"retval\":%" PRId64 ",\"errno\":0,\"error\":null",
		    c->retval);
	else {
		printf(",\"retval\":-1,\"errno\":%d,\"error\":", c->error);
		json_string(stdout, ktr_errno_name(c->error));
	}
}
