/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The arguments of a CALL record, decoded as FreeBSD's kdump does ("fancy"
 * mode) with Linux meaning: descriptors and counts in decimal, addresses
 * in hex, flags by name after their value (0x241<O_WRONLY|O_CREAT|O_TRUNC>),
 * single values by name (AT_FDCWD, SEEK_SET, SIGTERM), modes in octal.
 *
 *   args.c	 the dispatch: each syscall's argument kinds, by ABI
 *   argtab.c	 the kinds of each syscall's arguments, by name
 *   argprint.c	 numbers, names and flags
 *   argfile.c	 decoders of file and descriptor arguments
 *   argproc.c	 of process, memory, signal and futex arguments
 *   argnet.c	 of socket arguments
 */
#ifndef _ARGS_H_
#define _ARGS_H_

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "libktrace.h"

#define ARGS_MAX	KTR_SYSCALL_MAXARGS

/* One CALL record's arguments, as they are printed. */
struct argctx {
	FILE	*fp;
	enum ktr_abi abi;
	const uint64_t *args;	/* the registers as recorded */
	int	narg;		/* how many of them the syscall takes */
	int	printed;	/* arguments printed so far */
	bool	decimal;	/* -d: addresses and raw numbers in decimal */
};

/*
 * A printer of argument i: prints it after argsep() (or nothing, for an
 * argument the others make meaningless, like open's mode without
 * O_CREAT) and returns how many registers it used: 1, or 2 for an i386
 * 64-bit value split in two.  fs is the flag set the table gives it.
 */
typedef int argfn(struct argctx *c, int i, const struct ktr_flagset *fs);

/* A syscall's argument, in the table: its printer and flag set's name. */
struct argdesc {
	argfn	*print;		/* NULL: hex, as without decoding */
	const char *set;
};

struct sysargs {
	const char *name;
	struct argdesc arg[ARGS_MAX];
};

/* args.c */
void	print_args(FILE *fp, enum ktr_abi abi, int code,
	    const uint64_t *args, int narg, bool decimal);

/* argtab.c: by name for both ABIs, and the i386 layouts that differ. */
extern const struct sysargs sysargs[];
extern const int nsysargs;
extern const struct sysargs sysargs_i386[];
extern const int nsysargs_i386;

/* The width of a register's value: an i386 register has 32 bits. */
static inline int32_t
arg_int(const struct argctx *c, int i)
{
	return ((int32_t)(uint32_t)c->args[i]);
}

static inline uint32_t
arg_uint(const struct argctx *c, int i)
{
	return ((uint32_t)c->args[i]);
}

static inline int64_t
arg_long(const struct argctx *c, int i)
{
	if (c->abi == KTR_ABI_I386)
		return ((int64_t)(int32_t)(uint32_t)c->args[i]);
	return ((int64_t)c->args[i]);
}

static inline uint64_t
arg_ulong(const struct argctx *c, int i)
{
	if (c->abi == KTR_ABI_I386)
		return ((uint32_t)c->args[i]);
	return (c->args[i]);
}

/* argprint.c: the printers any syscall uses. */
const struct ktr_flagset *need_flagset(const char *name);
uint64_t need_flag(const struct ktr_flagset *fs, const char *name);
void	argsep(struct argctx *c);
void	print_mask(struct argctx *c, uint64_t v, const struct ktr_flagset *fs);
int	mask_names(struct argctx *c, const struct ktr_flagset *fs,
	    uint64_t *rem, int n);
void	mask_end(struct argctx *c, uint64_t rem);
void	print_enum(struct argctx *c, int64_t v, const struct ktr_flagset *fs);
void	print_signal_arg(struct argctx *c, int sig);

argfn	pr_hex;		/* a raw value: hex; signed decimal with -d */
argfn	pr_ptr;		/* an address: hex; unsigned decimal with -d */
argfn	pr_int;		/* int, in decimal (descriptors, pids, counts) */
argfn	pr_uint;	/* unsigned int */
argfn	pr_long;	/* long (offsets) */
argfn	pr_ulong;	/* unsigned long, size_t */
argfn	pr_mode;	/* a file mode, in octal */
argfn	pr_off64;	/* i386: a 64-bit value in two registers, low first */
argfn	pr_off64hl;	/* i386: the same, high first (_llseek) */
argfn	pr_enum;	/* int: its name in fs, or <invalid=N> */
argfn	pr_lenum;	/* long: the same */
argfn	pr_name;	/* int: its name in fs, or the number in decimal */
argfn	pr_flags;	/* unsigned int: 0x241<O_WRONLY|O_CREAT|O_TRUNC> */
argfn	pr_lflags;	/* unsigned long: the same */
argfn	pr_signal;	/* a signal number: SIGTERM */

/* argfile.c */
argfn	pr_openmode;	/* the mode, when the flags before create a file */
argfn	pr_fcntlarg;	/* fcntl's argument, as its command means it */
argfn	pr_ioctl;	/* an ioctl request: TCGETS, or hex */

/* argproc.c */
argfn	pr_clone;	/* clone flags and the exit signal in the low byte */
argfn	pr_futexop;	/* FUTEX_WAIT_PRIVATE|FUTEX_CLOCK_REALTIME */
argfn	pr_futexval2;	/* futex's 4th argument: timeout or count */
argfn	pr_ipcflags;	/* IPC_CREAT|IPC_EXCL and the mode */
argfn	pr_sighandler;	/* SIG_DFL, SIG_IGN, or the handler's address */

/* argnet.c */
argfn	pr_family;	/* AF_INET */
argfn	pr_sockproto;	/* the protocol, in the domain before it */
argfn	pr_sockopt;	/* the option name, at the level before it */

#endif /* !_ARGS_H_ */
