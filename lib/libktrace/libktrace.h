/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libktrace: the userland half of ktrace for Linux.
 *
 *   ktrace(), utrace()	BSD's system calls, as ioctls on /dev/ktrace
 *   struct ktr_reader	reads and validates the records of a trace file
 *   ktr_syscall_*()	syscall names and argument counts (generated)
 *   ktr_errno_*()	Linux errno names and texts (generated)
 *   ktr_signal_name()	Linux signal, si_code and address family names
 *			(generated)
 *   ktr_flagset()	names of Linux flags and constants (generated)
 *   ktr_getpoints()	the -t letters shared by ktrace(1) and kdump(1)
 */
#ifndef _LIBKTRACE_H_
#define _LIBKTRACE_H_

#include <sys/types.h>
#include <sys/ktrace.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ktrace(2): returns 0, or -1 with errno (ENOSYS: the module is absent). */
int	ktrace(const char *tracefile, int ops, int trpoints, pid_t pid);
/* utrace(2): adds a KTR_USER record of len bytes (<= KTR_USER_MAXLEN). */
int	utrace(const void *addr, size_t len);

/*
 * ktrace(2) recording only the syscalls selected in *filter (NULL: all);
 * see struct ktr_sysfilter in <sys/ktrace.h>.  For KTROP_SET only.
 */
int	ktrace_filtered(const char *tracefile, int ops, int trpoints, pid_t pid,
	    const struct ktr_sysfilter *filter);

/* Trace points as ktrace(1) picks them (FreeBSD's usr.bin/ktrace). */
#define KTR_DEF_POINTS	(KTRFAC_SYSCALL | KTRFAC_SYSRET | KTRFAC_NAMEI | \
			 KTRFAC_GENIO | KTRFAC_PSIG | KTRFAC_USER | \
			 KTRFAC_STRUCT | KTRFAC_SYSCTL)
#define KTR_PROC_ABI_POINTS (KTRFAC_PROCCTOR | KTRFAC_PROCDTOR)
/* Every point, for -C: a trace keeps none the caller did not name. */
#define KTR_ALL_POINTS	(KTR_DEF_POINTS | KTRFAC_CSW | KTR_PROC_ABI_POINTS | \
			 KTRFAC_FAULT | KTRFAC_FAULTEND | KTRFAC_CAPFAIL | \
			 KTRFAC_STRUCT_ARRAY | KTRFAC_ARGS | KTRFAC_ENVS)

/* The KTRFAC_* bits of a -t string ("cn+"), or -1 for an unknown letter. */
int	ktr_getpoints(const char *s);
/* The -t string of facs: its letters, or "+" for the default points. */
void	ktr_pointstr(int facs, char *buf, size_t size);

/*
 * Reading a trace file.  ktr_next() returns the next record, checked:
 * version 0 headers are converted to version 1 form, lengths are
 * bounded (KTR_MAXLEN for any record, less for the types with a known
 * largest size: NAMEI and SCTL a path, USER KTR_USER_MAXLEN, STRUCT 4
 * KiB), checked as soon as the header is read, and the payloads of the
 * types the tools decode have their shape: SYSCALL exactly its
 * arguments; GENIO at least its fixed part; SYSRET, PSIG, PROCCTOR,
 * PROCDTOR, LOST, WINDOW, WAIT exactly theirs; CSW either layout (with
 * or without the wait message); STRUCT a NUL-terminated name.  Other
 * payloads are not looked at.  No input makes the reader hold more than
 * KTR_MAXLEN and a few KiB.
 */
#define KTR_MAXLEN	(1 << 20)	/* largest payload accepted */
#define KTR_MAXARGS	8		/* most syscall arguments accepted */

struct ktr_record {
	/*
	 * Version 1 form whatever was read: ktr_type holds the bare type
	 * (KTR_VERSIONED and KTR_DROP stripped), ktr_version the version of
	 * the header in the file (KTR_VERSION0: times were microseconds,
	 * ktr_cpu unknown and 0).
	 */
	struct ktr_header hdr;
	bool	dropped;	/* KTR_DROP: events were lost before this one */
	const void *data;	/* hdr.ktr_len bytes, NUL-terminated besides */
	size_t	len;		/* hdr.ktr_len */
	off_t	offset;		/* where the record starts in the stream */
};

/* Reader flags. */
#define KTR_READ_FOLLOW	0x1	/* EOF means "not yet": see ktr_next() */

struct ktr_reader;

/*
 * A reader of the stream fp (not closed by the reader; may be a pipe),
 * called name in messages.  NULL with errno ENOMEM on failure.
 */
struct ktr_reader *ktr_reader_open(FILE *fp, const char *name, int flags);
void	ktr_reader_close(struct ktr_reader *r);

/*
 * 1: *rec is the next record; its data stay valid until the next call.
 * 0: end of file at a record boundary.  With KTR_READ_FOLLOW, end of
 *    file anywhere: the bytes of a record begun are kept and the next
 *    call goes on from there (ktr_reader_pending() tells how many).
 * -1: corrupt or truncated stream, or a read error:
 *    ktr_reader_error() says which, naming the stream; the reader stops.
 */
int	ktr_next(struct ktr_reader *r, struct ktr_record *rec);
const char *ktr_reader_error(const struct ktr_reader *r);
size_t	ktr_reader_pending(const struct ktr_reader *r);

/*
 * Syscall tables, generated from the Linux headers at build time.  The
 * ABI is the traced task's: i386 for 32-bit tasks on x86_64.
 */
enum ktr_abi {
	KTR_ABI_X86_64,
	KTR_ABI_I386,
};

const char *ktr_syscall_name(enum ktr_abi abi, int code); /* NULL: unknown */
int	ktr_syscall_nargs(enum ktr_abi abi, int code);	/* -1: unknown */
int	ktr_syscall_number(enum ktr_abi abi, const char *name); /* -1 */

/*
 * Linux errno values, including the kernel-internal ones from 512 that
 * user space never sees but a trace taken inside the kernel may.
 */
#define KTR_ERESTART_FIRST	512	/* ERESTARTSYS */
#define KTR_ERESTART_LAST	516	/* ERESTART_RESTARTBLOCK */

const char *ktr_errno_name(int error);	/* "ENOENT", or NULL */
/* glibc's strerror() text ("Bad file descriptor"), whatever the libc. */
const char *ktr_errno_text(int error);

/*
 * Linux signals (SIGRTMIN + n is "SIGRT<n>", as FreeBSD names its own),
 * the names of si_code values (SI_USER for any signal, SEGV_MAPERR for
 * SIGSEGV) and of address families: NULL when the value has none.
 */
const char *ktr_signal_name(int sig);		/* "SIGSEGV", "SIGRT3" */
const char *ktr_sigcode_name(int sig, int code); /* "SEGV_MAPERR" */
const char *ktr_family_name(int family);	/* "AF_INET" */

/*
 * Names of Linux constants, in sets ("open", "prot", "ioctl", ...: the
 * sets of lib/libktrace/flags.def), with the values of the Linux
 * headers, whatever the host's libc.  An enum set names single values
 * (ktr_flag_name() finds one); a mask set names bits, tried in order,
 * and may have a field: the bits fieldmask hold one of the values
 * field[] (O_ACCMODE's O_RDONLY, O_WRONLY, O_RDWR).  A name valued 0 is
 * the name of no bits at all (PROT_NONE).
 */
struct ktr_flag {
	uint64_t value;
	const char *name;
};

struct ktr_flagset {
	const char *name;
	bool	mask;
	uint64_t fieldmask;
	const struct ktr_flag *field;
	int	nfield;
	const struct ktr_flag *flags;
	int	nflags;
};

const struct ktr_flagset *ktr_flagset(const char *name);	/* NULL: none */
/* An enum set's name of value, or NULL. */
const char *ktr_flag_name(const struct ktr_flagset *fs, uint64_t value);
/* The value of a name of the set (field names too): false if none. */
bool	ktr_flag_value(const struct ktr_flagset *fs, const char *name,
	    uint64_t *value);

/*
 * Syscall classes (kstrax's): FILE, NETWORK, IPC, PROCESS, SIGNAL and
 * ALL.  ktr_sysclass_name(i) enumerates them (NULL past the last);
 * ktr_sysclass_members() lists a class's syscall names, both ABIs mixed
 * (NULL for ALL or an unknown class).
 */
const char *ktr_sysclass_name(int i);
const char *const *ktr_sysclass_members(const char *cls);

/*
 * Selections of syscalls: ktr_sysfilter_add() adds a class or a syscall
 * name (of either ABI) and returns false for a word that is neither;
 * ktr_sysfilter_parse() makes a selection from a comma-separated list
 * and returns 0, or -1 with the offending word copied into bad.
 */
bool	ktr_sysfilter_add(struct ktr_sysfilter *sf, const char *word);
int	ktr_sysfilter_parse(struct ktr_sysfilter *sf, const char *list,
	    char *bad, size_t badlen);
bool	ktr_sysfilter_has(const struct ktr_sysfilter *sf, enum ktr_abi abi,
	    int code);

/*
 * The in-kernel rings (see <sys/ktrace.h>): snapshots of the flight
 * recorder (ktrace -R), and rings recovered from a memory dump (ktrace -R
 * -M core).  A window is what one CPU's ring of one set held: its slots
 * from position tail to head, unwrapped into buf.  Both sources give
 * windows; one writer makes a trace file of them.
 */
struct ktr_ringwin {
	int	set;		/* KTR_RING_FILE or KTR_RING_FLIGHT */
	int	cpu;
	uint64_t tail;		/* position of buf[0]; a slot starts there */
	uint64_t head;		/* position just past buf's last byte */
	uint64_t reserve;	/* > head: a record was being written */
	uint64_t seq;		/* flight: records made on the CPU up to head */
	uint64_t ns;		/* live: time of the copy; dumps: 0 */
	bool	dump;		/* recovered from a memory dump */
	unsigned char *buf;	/* head - tail bytes, malloc'ed */
};

/*
 * Diagnostics about the contents (a slot that is not whole, a record torn
 * by a crash) go to warn, one line each, without a newline; NULL: none.
 */
typedef void (*ktr_warn_fn)(void *arg, const char *msg);

/*
 * Live: copy every CPU's flight ring (KTRIOC_RINGREAD).  *wins gets a
 * malloc'ed array of *nwins windows, one per CPU that can exist.
 * Returns 0, or -1 with errno (ENOSYS: no module; ENOENT: the recorder
 * has no rings; EPERM; EPROTO: the module's answer makes no sense).
 */
int	ktr_ring_read(struct ktr_ringwin **wins, int *nwins);
void	ktr_ringwins_free(struct ktr_ringwin *wins, int nwins);

/*
 * Dumps: an ELF core (QEMU's dump-guest-memory, a kdump vmcore in ELF
 * form, /proc/kcore) whose PT_LOAD segments give physical addresses.
 * ktr_core_rings() finds the module's anchor, by scanning every page of
 * the dump or at the physical address hint (0: scan), and gathers the
 * window of every ring it names, file set first, by CPU; the windows do
 * not need c once made.  Both return NULL or -1 with a message naming
 * the file and the reason in err: among them "no ktrace anchor in FILE"
 * when the module was not loaded (or had been unloaded).  Several
 * anchors: the newest generation, and a warning.  A ring whose
 * descriptor does not hold, or names more bytes than the dump holds, is
 * skipped with a warning; a page the dump lacks ends its window.
 */
struct ktr_core;
struct ktr_core *ktr_core_open(const char *path, char *err, size_t errlen);
int	ktr_core_rings(struct ktr_core *c, uint64_t hint,
	    struct ktr_ringwin **wins, int *nwins, ktr_warn_fn warn, void *arg,
	    char *err, size_t errlen);
void	ktr_core_close(struct ktr_core *c);

/*
 * Write the windows to out as one trace file: first a KTR_WINDOW record
 * per window, then every record of every window, oldest first across
 * windows; before a process's first record, a KTR_PROCCTOR telling its
 * ABI unless that record is one; a record found in both sets once, as
 * the file set holds it.  A slot that is not whole, or a record the
 * reader would refuse, ends its window (with a warning); a torn record
 * is counted in its window's kwin_inflight and warned about.  st may be
 * NULL.  Returns 0, or -1 with errno (a write error, ENOMEM).
 */
struct ktr_snapstat {
	uint64_t records;	/* records written, WINDOW and PROCCTOR apart */
	uint64_t overwritten;	/* sum of the windows' kwin_overwritten */
	uint64_t inflight;	/* records torn by a crash */
	uint64_t bad;		/* windows cut short by a bad slot */
};
int	ktr_snapshot_write(FILE *out, const struct ktr_ringwin *wins,
	    int nwins, struct ktr_snapstat *st, ktr_warn_fn warn, void *arg);

/*
 * CRC-32 as zlib's crc32() computes it (crc 0 to start), which is the
 * anchor's: the kernel's crc32_le(~0, buf, len) ^ ~0.
 */
uint32_t ktr_crc32(uint32_t crc, const void *buf, size_t len);

#endif /* !_LIBKTRACE_H_ */
