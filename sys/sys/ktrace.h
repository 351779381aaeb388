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
#define KTRFLAG_RING		8	/* this implementation's: the flight
					   recorder, not a trace file */

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

/*
 * KTR_WINDOW (this implementation's own type): the head of one CPU's
 * records in a snapshot of the in-kernel rings (ktrace -R), or in a trace
 * recovered from a memory dump.  Its time is that of the CPU's oldest
 * record held (the snapshot's when none is).  A flight ring overwrites
 * its oldest records: kwin_overwritten counts, exactly, those made on
 * the CPU since recording started that the snapshot does not hold, and
 * the record carries KTR_DROP when it is not 0.  Its header's pid, tid
 * and comm are 0 and empty; ktr_cpu is kwin_cpu.
 */
#define KTR_WINDOW		65
struct ktr_window {
	__u32	kwin_cpu;
	__u32	kwin_set;	/* KTR_RING_FILE or KTR_RING_FLIGHT */
	__u64	kwin_overwritten; /* records lost before the window */
	__u64	kwin_held;	/* records in the window */
	__u32	kwin_inflight;	/* records being written at a crash: lost */
	__u32	kwin_flags;	/* KTR_WIN_* */
};
#define KTR_WIN_DUMP		0x1	/* recovered from a memory dump */

/*
 * KTR_WAIT (this implementation's own type): the process waited for room
 * in a full buffer, at its return to user mode from the system call
 * before this record, rather than lose records (see KTRFAC_LOSSY).  One
 * a wait; ktr_ns is its length, ktr_timedout 1 when it gave up after
 * kernel.ktrace.max_wait_ms (records made later may then be lost).
 */
#define KTR_WAIT		66
struct ktr_wait {
	__u64	ktr_ns;
	__u32	ktr_timedout;
	__u32	ktr_pad;
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
#define KTRFAC_LOSSY		0x10000000	/* never wait: lose records,
						   counted, when a buffer is
						   full (ktrace -L) */

/*
 * The /dev/ktrace interface: ktrace(2) and utrace(2) are ioctls on it.
 * Every field is checked by the module; reserved fields must be zero.
 */
#define KTRACE_DEVICE		"/dev/ktrace"

/*
 * The version of this interface (the ioctls, their structures and the
 * records the module writes).  Raised on every change that old userland
 * or an old module would misread; the module shows its own in
 * /sys/module/ktrace/parameters/abi_version, and ktrace(1) warns when it
 * differs from the one it was built with.
 */
#define KTR_ABI_VERSION		1

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

/*
 * The in-kernel rings.  Each CPU has a ring per set: the file set, which
 * the writer drains into the trace files, and the flight set, which
 * nothing drains and which overwrites its oldest records (ktrace -b).
 * A ring is a power of two of bytes; byte positions in it are u64 and
 * only grow, the ring's offset being the position modulo its size.
 * Every record sits in a slot, 8-byte aligned, that never wraps: a slot
 * flagged KTR_SLOT_PAD fills the end of the ring when the next would not
 * fit.  The bytes from tail to head are whole slots.
 */
#define KTR_RING_FILE		0
#define KTR_RING_FLIGHT		1
#define KTR_RING_NSETS		2

struct ktr_slot {
	__u32	ks_size;	/* bytes of the slot: a multiple of 8 */
	__u32	ks_flags;	/* KTR_SLOT_* */
	__u64	ks_seq;		/* flight: records made on the CPU before
				   this one; file: the kernel's own */
	__u64	ks_ns;		/* the record's time, ns since the epoch */
	struct ktr_header ks_hdr; /* the record: ktr_len bytes follow */
};
#define KTR_SLOT_PAD		0x1	/* no record: skip ks_size bytes */
#define KTR_SLOT_ILP32		0x2	/* made by a 32-bit (i386) process */

/*
 * KTRIOC_RINGINFO: the flight recorder's state, for ktrace -S.  The
 * caller passes the room it has for per-CPU rows (kri_cpu, kri_ncpu) and
 * pids (kri_pids, kri_npids), and for the selection of syscalls
 * (kri_filter: 0 or a struct ktr_sysfilter); the kernel fills what fits,
 * and sets kri_ncpu and kri_npids to how many there are.
 */
#define KTR_RING_OFF		0	/* never started, or emptied */
#define KTR_RING_RECORDING	1
#define KTR_RING_STOPPED	2	/* stopped: holds its last records */

struct ktr_ringcpu {
	__u64	krc_made;	/* records made since recording started */
	__u64	krc_overwritten; /* of those, overwritten */
	__u64	krc_bytes;	/* bytes of the slots held */
	__u64	krc_first_ns;	/* time of the oldest record held, or 0 */
};

struct ktr_ringinfo {
	__u32	kri_state;	/* KTR_RING_* */
	__u32	kri_facs;	/* the trace points recorded */
	__u32	kri_all;	/* 1: every process, present and future */
	__u32	kri_filtered;	/* 1: some syscalls only (kri_filter) */
	__u64	kri_size;	/* bytes of each CPU's ring */
	__u32	kri_owner;	/* uid of the user who started it */
	__u32	kri_ncpu;	/* in: rows at kri_cpu; out: CPUs */
	__u64	kri_cpu;	/* user address of struct ktr_ringcpu[] */
	__u64	kri_pids;	/* user address of __s32[]: processes */
	__u32	kri_npids;	/* in: room at kri_pids; out: processes */
	__u32	kri_reserved;	/* zero */
	__u64	kri_filter;	/* user address of struct ktr_sysfilter */
};

/*
 * KTRIOC_RINGREAD: copy one CPU's flight ring, as it is, without pausing
 * it.  The kernel copies the bytes from position krr_tail to krr_head
 * (fewer than krr_len) to krr_buf, unwrapped; the producer may overwrite
 * the oldest of them meanwhile, so only those from krr_valid on (the tail
 * once the copy was done) are whole slots.  krr_seq is the number of
 * records made on the CPU up to krr_head.
 */
struct ktr_ringread {
	__u32	krr_cpu;	/* in */
	__u32	krr_set;	/* in: KTR_RING_FLIGHT */
	__u64	krr_buf;	/* in: user address */
	__u64	krr_len;	/* in: bytes at krr_buf; the ring's size will do */
	__u64	krr_tail;	/* out: position of krr_buf[0] */
	__u64	krr_valid;	/* out: first whole slot, >= krr_tail */
	__u64	krr_head;	/* out: end of the last record copied */
	__u64	krr_seq;	/* out: records made up to krr_head */
	__u64	krr_ns;		/* out: the time of the copy */
};

#define KTRIOC_RINGINFO	_IOWR('k', 3, struct ktr_ringinfo)
#define KTRIOC_RINGREAD	_IOWR('k', 4, struct ktr_ringread)

/*
 * Memory dumps.  The module publishes an anchor: physically contiguous
 * pages, the first of which starts with KTR_ANCHOR_MAGIC, naming its own
 * page frame (so that a copy elsewhere is not taken for it) and, for
 * each set and CPU, the physical address of the ring's descriptor.  A
 * descriptor is physically contiguous too: the ring's positions, then
 * the page frame of every page of the ring, in order.  Nothing in either
 * is a virtual address, so a dump is read without the kernel's symbols.
 * The magic is built at run time (the module's image never holds it) and
 * is zeroed before the anchor is freed: a stale anchor has none.
 */
#define KTR_ANCHOR_MAGIC	"KTRACE anchor\0\0\0"	/* 16 bytes */
#define KTR_ANCHOR_VERSION	1

struct ktr_anchor_ring {
	__u64	kar_desc;	/* physical address of the descriptor, or 0 */
	__u64	kar_size;	/* bytes of the descriptor */
};

struct ktr_anchor {
	char	ka_magic[16];
	__u32	ka_version;	/* KTR_ANCHOR_VERSION */
	__u32	ka_size;	/* bytes of the anchor, rings included */
	__u32	ka_page_size;
	__u32	ka_crc;		/* crc32 (zlib's) of ka_size bytes, this 0 */
	__u64	ka_pfn;		/* the anchor's own first page frame */
	__u64	ka_generation;	/* grows with every change, and across loads */
	__u64	ka_nonce;	/* random, chosen at load */
	char	ka_release[72];	/* the kernel's release (uname -r) */
	__u32	ka_ncpu;	/* CPUs: rings of each set */
	__u32	ka_nsets;	/* KTR_RING_NSETS */
	__u32	ka_slot_size;	/* sizeof(struct ktr_slot) */
	__u32	ka_header_size;	/* sizeof(struct ktr_header) */
	struct ktr_anchor_ring ka_ring[]; /* [set * ka_ncpu + cpu] */
};

/*
 * A ring's descriptor.  The CPU that records writes head and reserve;
 * tail is the writer's in the file set, the recording CPU's in the flight
 * set, where it moves past the oldest slots before they are overwritten.
 * Whatever the moment of a dump, the slots from tail to head are whole;
 * reserve > head means a record was being written, and is lost.
 */
struct ktr_ring_desc {
	__u64	krd_head;	/* end of the last whole slot */
	__u64	krd_reserve;	/* end of the slot being written, or head */
	__u64	krd_seq;	/* flight: records made up to head */
	__u64	krd_pad0[5];	/* the producer's cache line */
	__u64	krd_tail;	/* the oldest slot held */
	__u64	krd_pad1[7];	/* the consumer's cache line */
	__u64	krd_size;	/* bytes of the ring: a power of two */
	__u32	krd_cpu;
	__u32	krd_set;	/* KTR_RING_* */
	__u64	krd_npages;	/* krd_size / page size */
	__u64	krd_pfn[];	/* the ring's page frames, in order */
};

#endif /* !_SYS_KTRACE_H_ */
