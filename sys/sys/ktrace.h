/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR BSD-2-Clause */
/*
 * ktrace for Linux: the ABI shared by the kernel module and userland.
 *
 * Record layout and numbering follow FreeBSD's <sys/ktrace.h> (header
 * version 1) so that trace files read like FreeBSD ones; the contents are
 * Linux's (syscall numbers of the traced task's ABI, Linux errno values).
 * Only fixed-width types are used: the same bytes on every LP64 build.
 */
#ifndef _SYS_KTRACE_H_
#define _SYS_KTRACE_H_

#include <linux/types.h>
#include <linux/ioctl.h>

/* ktrace() operations, and the flag that applies them to descendants. */
#define KTROP_SET		0
#define KTROP_CLEAR		1
#define KTROP_CLEARFILE		2
#define KTROP(o)		((o) & 3)
#define KTRFLAG_DESCEND		4

#define KTR_COMMLEN		20	/* FreeBSD's MAXCOMLEN + 1 */

struct ktr_time {
	__s64	tv_sec;
	__s64	tv_nsec;
};

/* FreeBSD's version 1 header: 64 bytes, every record starts with it. */
struct ktr_header {
	__s32	ktr_len;		/* bytes of payload after the header */
	__s16	ktr_type;		/* KTR_* | KTR_VERSIONED [| KTR_DROP] */
	__s16	ktr_version;		/* KTR_VERSION1 */
	__s32	ktr_pid;		/* process id */
	char	ktr_comm[KTR_COMMLEN];	/* command name, NUL padded */
	struct ktr_time ktr_time;	/* wall clock time of the event */
	__s64	ktr_tid;		/* thread id */
	__s32	ktr_cpu;		/* CPU that recorded the event */
	__s32	ktr_pad;		/* zero */
};

/* FreeBSD's version 0 header (timeval, no cpu): read, never written. */
struct ktr_header_v0 {
	__s32	ktr_len;
	__s16	ktr_type;
	__s16	ktr_pad0;
	__s32	ktr_pid;
	char	ktr_comm[KTR_COMMLEN];
	__s64	ktr_tv_sec;
	__s64	ktr_tv_usec;
	__s64	ktr_tid;
};

#define KTR_VERSION0		0
#define KTR_VERSION1		1
#define KTR_OFFSET_V0	((int)sizeof(struct ktr_header_v0) - \
			 (int)sizeof(struct ktr_header))

/* High bits of ktr_type. */
#define KTR_DROP		0x8000	/* events were lost before this one */
#define KTR_VERSIONED		0x4000	/* the header is version 1 or later */
#define KTR_TYPE		(KTR_DROP | KTR_VERSIONED)

/* Record types, in FreeBSD's numbering. */
#define KTR_SYSCALL		1
#define KTR_SYSRET		2
#define KTR_NAMEI		3
#define KTR_GENIO		4
#define KTR_PSIG		5
#define KTR_CSW			6
#define KTR_USER		7
#define KTR_STRUCT		8
#define KTR_SYSCTL		9
#define KTR_PROCCTOR		10
#define KTR_PROCDTOR		11
#define KTR_CAPFAIL		12
#define KTR_FAULT		13
#define KTR_FAULTEND		14
#define KTR_STRUCT_ARRAY	15
#define KTR_ARGS		16
#define KTR_ENVS		17

/* KTR_SYSCALL: the syscall number and the argument registers. */
struct ktr_syscall {
	__s16	ktr_code;	/* syscall number in the task's ABI */
	__s16	ktr_narg;	/* number of ktr_args that follow */
	__s32	ktr_pad;
	__u64	ktr_args[];	/* raw argument registers */
};
#define KTR_SYSCALL_MAXARGS	6

/* KTR_SYSRET: the result of a syscall. */
struct ktr_sysret {
	__s16	ktr_code;	/* syscall number in the task's ABI */
	__s16	ktr_eosys;	/* unused on Linux: zero */
	__s32	ktr_error;	/* Linux errno, or 0 on success */
	__s64	ktr_retval;	/* return value; 0 when ktr_error != 0 */
};
/*
 * ktr_code -1 with this error: the kernel erased the call's number before
 * it returned (a sigreturn, or a call a debugger skipped); no result.
 * FreeBSD's EJUSTRETURN.
 */
#define KTR_EJUSTRETURN		(-2)

/* KTR_NAMEI: the path name as the process passed it, no NUL. */

/* KTR_GENIO: data moved by a read or write, the bytes follow. */
struct ktr_genio {
	__s32	ktr_fd;
	__s32	ktr_rw;		/* KTR_UIO_READ or KTR_UIO_WRITE */
};
#define KTR_UIO_READ		0
#define KTR_UIO_WRITE		1

/* KTR_PSIG: a signal delivered; FreeBSD's LP64 layout. */
struct ktr_psig {
	__s32	signo;
	__s32	ktr_pad0;
	__u64	action;		/* handler address, KTR_SIG_DFL or KTR_SIG_IGN */
	__s32	code;		/* si_code */
	__u32	mask[4];	/* blocked signals: signal n is bit n-1 */
	__u32	ktr_pad1;
};
#define KTR_SIG_DFL		0
#define KTR_SIG_IGN		1

/* KTR_CSW: the thread stops running or resumes. */
struct ktr_csw {
	__s32	out;		/* 1 stop, 0 resume */
	__s32	user;		/* 1 preempted while runnable, 0 blocked */
	char	wmesg[8];	/* why it stopped, NUL padded */
};

/* KTR_USER: utrace(2) data, at most KTR_USER_MAXLEN bytes. */

/* KTR_STRUCT: a NUL-terminated structure name, then its bytes. */
#define KTR_STRUCT_SOCKADDR	"sockaddr"	/* struct sockaddr_* as passed */
#define KTR_STRUCT_STAT		"stat"		/* Linux x86_64 struct stat */

/* KTR_ARGS: execve's argument vector, each string NUL-terminated. */

/* KTR_PROCCTOR: the process's ABI, at trace start and after exec. */
struct ktr_proc_ctor {
	__u32	sv_flags;	/* KTR_SV_* */
};
#define KTR_SV_ABI_MASK		0xff
#define KTR_SV_ABI_LINUX	3	/* FreeBSD's SV_ABI_LINUX */
#define KTR_SV_ILP32		0x100	/* a 32-bit (i386) process */
#define KTR_SV_LP64		0x200	/* a 64-bit process */

/* KTR_PROCDTOR: the traced process exited; no payload. */

/*
 * KTR_LOST (this implementation's own type): records of the process lost
 * since its previous record, because a buffer was full.  It is the first
 * record written after a loss and carries KTR_DROP, so FreeBSD readers
 * still see "events dropped" there.
 */
#define KTR_LOST		64
struct ktr_lost {
	__u64	ktr_count;
};

/* Trace facilities: which records a process generates. */
#define KTRFAC_MASK		0x00ffffff
#define KTRFAC_SYSCALL		(1 << KTR_SYSCALL)
#define KTRFAC_SYSRET		(1 << KTR_SYSRET)
#define KTRFAC_NAMEI		(1 << KTR_NAMEI)
#define KTRFAC_GENIO		(1 << KTR_GENIO)
#define KTRFAC_PSIG		(1 << KTR_PSIG)
#define KTRFAC_CSW		(1 << KTR_CSW)
#define KTRFAC_USER		(1 << KTR_USER)
#define KTRFAC_STRUCT		(1 << KTR_STRUCT)
#define KTRFAC_SYSCTL		(1 << KTR_SYSCTL)
#define KTRFAC_PROCCTOR		(1 << KTR_PROCCTOR)
#define KTRFAC_PROCDTOR		(1 << KTR_PROCDTOR)
#define KTRFAC_CAPFAIL		(1 << KTR_CAPFAIL)
#define KTRFAC_FAULT		(1 << KTR_FAULT)
#define KTRFAC_FAULTEND		(1 << KTR_FAULTEND)
#define KTRFAC_STRUCT_ARRAY	(1 << KTR_STRUCT_ARRAY)
#define KTRFAC_ARGS		(1 << KTR_ARGS)
#define KTRFAC_ENVS		(1 << KTR_ENVS)

#define KTRFAC_ROOT		0x80000000U	/* set by root: root only may change */
#define KTRFAC_INHERIT		0x40000000	/* children inherit the trace */
#define KTRFAC_DROP		0x20000000	/* internal: events were lost */

/*
 * The /dev/ktrace interface: ktrace(2) and utrace(2) are ioctls on it.
 * Every field is checked by the module; reserved fields must be zero.
 */
#define KTRACE_DEVICE		"/dev/ktrace"

struct ktr_op_req {
	__u64	kop_path;	/* user address of the trace file name */
	__s32	kop_ops;	/* KTROP_* | KTRFLAG_DESCEND */
	__u32	kop_facs;	/* KTRFAC_* */
	__s32	kop_pid;	/* > 0 a process, < 0 a process group */
	__u32	kop_reserved;	/* zero */
	__u64	kop_filter;	/* SET: user address of a struct
				   ktr_sysfilter, or 0 for every syscall */
};

/*
 * The syscalls a SET records (ktrace -e): a bit per syscall number, for
 * each ABI of x86_64.  Records tied to a syscall (CALL, RET, NAMI, GENIO,
 * STRUCT, ARGS) are made only for the selected ones; a later SET
 * replaces the selection.  Numbers beyond the map are never selected.
 */
#define KTR_SYSFILTER_BITS	512
struct ktr_sysfilter {
	__u64	ksf_native[KTR_SYSFILTER_BITS / 64];	/* x86_64 numbers */
	__u64	ksf_compat[KTR_SYSFILTER_BITS / 64];	/* i386 numbers */
};

struct ktr_utrace_req {
	__u64	kut_addr;	/* user address of the data */
	__u64	kut_len;	/* at most KTR_USER_MAXLEN */
};
#define KTR_USER_MAXLEN		2048

#define KTRIOC_OP	_IOW('k', 1, struct ktr_op_req)
#define KTRIOC_UTRACE	_IOW('k', 2, struct ktr_utrace_req)

#endif /* !_SYS_KTRACE_H_ */
