/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Decoders of process, memory, signal and futex arguments with a shape of
 * their own: clone's flags and exit signal, futex's operation and the
 * argument it changes the meaning of, System V IPC flags with a mode,
 * signal handlers.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "args.h"

/* IPC permission bits: the low nine, as in a file mode (ipc(7)). */
#define IPC_MODE_BITS	0777

/* 0x1200011<CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD> */
int
pr_clone(struct argctx *c, int i, const struct ktr_flagset *fs)
{
	uint64_t v, rem;
	int n, sig;

	argsep(c);
	v = arg_ulong(c, i);
	if (v == 0) {
		putc('0', c->fp);
		return (1);
	}
	fprintf(c->fp, "%#jx<", (uintmax_t)v);
	rem = v & ~fs->fieldmask;
	n = mask_names(c, fs, &rem, 0);
	if ((sig = (int)(v & fs->fieldmask)) != 0) {
		if (n > 0)
			putc('|', c->fp);
		print_signal_arg(c, sig);
	}
	mask_end(c, rem);
	return (1);
}

static uint64_t
futex_clock(void)
{
	static uint64_t clock;

	if (clock == 0)
		clock = need_flag(need_flagset("futexclock"),
		    "FUTEX_CLOCK_REALTIME");
	return (clock);
}

/* FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME, as strace shows it. */
int
pr_futexop(struct argctx *c, int i, const struct ktr_flagset *fs)
{
	uint64_t clock = futex_clock();
	const char *name;
	int32_t op;

	argsep(c);
	op = arg_int(c, i);
	if ((name = ktr_flag_name(fs, (uint32_t)op & ~clock)) == NULL) {
		print_enum(c, op, fs);
		return (1);
	}
	fputs(name, c->fp);
	if ((uint32_t)op & clock)
		fputs("|FUTEX_CLOCK_REALTIME", c->fp);
	return (1);
}

/* Is the futex operation name cmd, or cmd_PRIVATE? */
static bool
futex_is(const char *name, const char *cmd)
{
	size_t len = strlen(cmd);

	return (strncmp(name, cmd, len) == 0 &&
	    (name[len] == '\0' || strcmp(name + len, "_PRIVATE") == 0));
}

/*
 * futex's fourth argument: a timeout's address, but a count (val2) for
 * the operations that requeue or wake a second word.  fs is futexop's.
 */
int
pr_futexval2(struct argctx *c, int i, const struct ktr_flagset *fs)
{
	static const char *const counts[] = { "FUTEX_REQUEUE",
	    "FUTEX_CMP_REQUEUE", "FUTEX_CMP_REQUEUE_PI", "FUTEX_WAKE_OP" };
	const char *name;
	size_t k;

	if (i < 2 || (name = ktr_flag_name(fs,
	    arg_uint(c, i - 2) & ~futex_clock())) == NULL)
		return (pr_ptr(c, i, NULL));
	for (k = 0; k < sizeof(counts) / sizeof(counts[0]); k++)
		if (futex_is(name, counts[k]))
			return (pr_uint(c, i, NULL));
	return (pr_ptr(c, i, NULL));
}

/* shmget, semget, msgget: 0x3a4<IPC_CREAT|0644>. */
int
pr_ipcflags(struct argctx *c, int i, const struct ktr_flagset *fs)
{
	uint32_t v;
	uint64_t rem;
	int n;

	argsep(c);
	if ((v = arg_uint(c, i)) == 0) {
		putc('0', c->fp);
		return (1);
	}
	fprintf(c->fp, "%#x<", v);
	rem = v & ~(uint32_t)IPC_MODE_BITS;
	n = mask_names(c, fs, &rem, 0);
	if (v & IPC_MODE_BITS)
		fprintf(c->fp, "%s%#o", n > 0 ? "|" : "", v & IPC_MODE_BITS);
	mask_end(c, rem);
	return (1);
}

/* signal(2)'s handler: SIG_DFL, SIG_IGN, or an address. */
int
pr_sighandler(struct argctx *c, int i, const struct ktr_flagset *fs)
{
	const char *name;

	if ((name = ktr_flag_name(fs, (uint64_t)arg_long(c, i))) == NULL)
		return (pr_ptr(c, i, NULL));
	argsep(c);
	fputs(name, c->fp);
	return (1);
}
