/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The kinds of the arguments of the syscalls strace users see most, by
 * syscall name: file, descriptor, memory, process, signal, socket,
 * poll/epoll, futex.  The generated syscall tables give each ABI's
 * names, numbers and argument counts; an argument with no kind here (or
 * of a syscall not here) prints in hex, as without decoding.  One table
 * serves both ABIs, the printers reading each register at the width of
 * its C type in the process's ABI; the second table holds the i386
 * layouts that differ (64-bit values in two registers, the multiplexers).
 * Flag sets are named as in lib/libktrace/flags.def.
 */
#include <stddef.h>

#include "args.h"

#define HEX		{ pr_hex, NULL }	/* meaning unknown: raw */
#define PTR		{ pr_ptr, NULL }
#define INT		{ pr_int, NULL }
#define UINT		{ pr_uint, NULL }
#define LONG		{ pr_long, NULL }
#define ULONG		{ pr_ulong, NULL }
#define FD		INT
#define PID		INT
#define ID		INT			/* uid_t, gid_t: -1 unchanged */
#define SIZE		ULONG
#define OFF		LONG
#define MODE		{ pr_mode, NULL }
#define OFF64		{ pr_off64, NULL }	/* i386: low, high */
#define OFF64HL		{ pr_off64hl, NULL }	/* i386: high, low */
#define DIRFD		{ pr_name, "dirfd" }
#define SIG		{ pr_signal, NULL }
#define E(set)		{ pr_enum, set }
#define LE(set)		{ pr_lenum, set }
#define N(set)		{ pr_name, set }
#define F(set)		{ pr_flags, set }
#define LF(set)		{ pr_lflags, set }
#define OPENFL		F("open")
#define OPENMODE	{ pr_openmode, "open" }
#define AT		F("at")
#define CLOCK		N("clock")
#define FAMILY		{ pr_family, NULL }
#define SOCKTYPE	F("socktype")
#define SOCKPROTO	{ pr_sockproto, NULL }
#define MSGFL		F("msg")
#define IPCFL		{ pr_ipcflags, "ipcget" }

const struct sysargs sysargs[] = {
	/* Files. */
	{ "open",		{ PTR, OPENFL, OPENMODE } },
	{ "openat",		{ DIRFD, PTR, OPENFL, OPENMODE } },
	{ "openat2",		{ DIRFD, PTR, PTR, SIZE } },
	{ "creat",		{ PTR, MODE } },
	{ "open_by_handle_at",	{ FD, PTR, OPENFL } },
	{ "name_to_handle_at",	{ DIRFD, PTR, PTR, PTR, AT } },
	{ "stat",		{ PTR, PTR } },
	{ "lstat",		{ PTR, PTR } },
	{ "fstat",		{ FD, PTR } },
	{ "newfstatat",		{ DIRFD, PTR, PTR, AT } },
	{ "stat64",		{ PTR, PTR } },
	{ "lstat64",		{ PTR, PTR } },
	{ "fstat64",		{ FD, PTR } },
	{ "fstatat64",		{ DIRFD, PTR, PTR, AT } },
	{ "statx",		{ DIRFD, PTR, AT, F("statx"), PTR } },
	{ "statfs",		{ PTR, PTR } },
	{ "fstatfs",		{ FD, PTR } },
	{ "statfs64",		{ PTR, SIZE, PTR } },
	{ "fstatfs64",		{ FD, SIZE, PTR } },
	{ "access",		{ PTR, F("access") } },
	{ "faccessat",		{ DIRFD, PTR, F("access") } },
	{ "faccessat2",		{ DIRFD, PTR, F("access"), F("ataccess") } },
	{ "truncate",		{ PTR, OFF } },
	{ "ftruncate",		{ FD, OFF } },
	{ "fallocate",		{ FD, F("falloc"), OFF, OFF } },
	{ "fadvise64",		{ FD, OFF, SIZE, E("fadvise") } },
	{ "readahead",		{ FD, OFF, SIZE } },
	{ "sync_file_range",	{ FD, OFF, OFF, F("syncrange") } },
	{ "getdents",		{ FD, PTR, UINT } },
	{ "getdents64",		{ FD, PTR, UINT } },
	{ "getcwd",		{ PTR, SIZE } },
	{ "chdir",		{ PTR } },
	{ "fchdir",		{ FD } },
	{ "chroot",		{ PTR } },
	{ "rename",		{ PTR, PTR } },
	{ "renameat",		{ DIRFD, PTR, DIRFD, PTR } },
	{ "renameat2",		{ DIRFD, PTR, DIRFD, PTR, F("rename") } },
	{ "mkdir",		{ PTR, MODE } },
	{ "mkdirat",		{ DIRFD, PTR, MODE } },
	{ "rmdir",		{ PTR } },
	{ "link",		{ PTR, PTR } },
	{ "linkat",		{ DIRFD, PTR, DIRFD, PTR, AT } },
	{ "unlink",		{ PTR } },
	{ "unlinkat",		{ DIRFD, PTR, AT } },
	{ "symlink",		{ PTR, PTR } },
	{ "symlinkat",		{ PTR, DIRFD, PTR } },
	{ "readlink",		{ PTR, PTR, INT } },
	{ "readlinkat",		{ DIRFD, PTR, PTR, INT } },
	{ "chmod",		{ PTR, MODE } },
	{ "fchmod",		{ FD, MODE } },
	{ "fchmodat",		{ DIRFD, PTR, MODE } },
	{ "chown",		{ PTR, ID, ID } },
	{ "lchown",		{ PTR, ID, ID } },
	{ "fchown",		{ FD, ID, ID } },
	{ "chown32",		{ PTR, ID, ID } },
	{ "lchown32",		{ PTR, ID, ID } },
	{ "fchown32",		{ FD, ID, ID } },
	{ "fchownat",		{ DIRFD, PTR, ID, ID, AT } },
	{ "umask",		{ MODE } },
	{ "mknod",		{ PTR, MODE, HEX } },
	{ "mknodat",		{ DIRFD, PTR, MODE, HEX } },
	{ "utime",		{ PTR, PTR } },
	{ "utimes",		{ PTR, PTR } },
	{ "futimesat",		{ DIRFD, PTR, PTR } },
	{ "utimensat",		{ DIRFD, PTR, PTR, AT } },
	{ "setxattr",		{ PTR, PTR, PTR, SIZE, F("xattr") } },
	{ "lsetxattr",		{ PTR, PTR, PTR, SIZE, F("xattr") } },
	{ "fsetxattr",		{ FD, PTR, PTR, SIZE, F("xattr") } },
	{ "getxattr",		{ PTR, PTR, PTR, SIZE } },
	{ "lgetxattr",		{ PTR, PTR, PTR, SIZE } },
	{ "fgetxattr",		{ FD, PTR, PTR, SIZE } },
	{ "listxattr",		{ PTR, PTR, SIZE } },
	{ "llistxattr",		{ PTR, PTR, SIZE } },
	{ "flistxattr",		{ FD, PTR, SIZE } },
	{ "removexattr",	{ PTR, PTR } },
	{ "lremovexattr",	{ PTR, PTR } },
	{ "fremovexattr",	{ FD, PTR } },
	{ "inotify_init1",	{ F("inotifyinit") } },
	{ "inotify_add_watch",	{ FD, PTR, F("inotify") } },
	{ "inotify_rm_watch",	{ FD, INT } },
	{ "memfd_create",	{ PTR, F("memfd") } },
	{ "mount",		{ PTR, PTR, PTR, LF("mount"), PTR } },
	{ "umount",		{ PTR } },
	{ "umount2",		{ PTR, F("umount") } },

	/* Descriptors and their I/O. */
	{ "read",		{ FD, PTR, SIZE } },
	{ "write",		{ FD, PTR, SIZE } },
	{ "pread64",		{ FD, PTR, SIZE, OFF } },
	{ "pwrite64",		{ FD, PTR, SIZE, OFF } },
	{ "readv",		{ FD, PTR, INT } },
	{ "writev",		{ FD, PTR, INT } },
	{ "preadv",		{ FD, PTR, INT, OFF, OFF } },
	{ "pwritev",		{ FD, PTR, INT, OFF, OFF } },
	{ "preadv2",		{ FD, PTR, INT, OFF, OFF, F("rwf") } },
	{ "pwritev2",		{ FD, PTR, INT, OFF, OFF, F("rwf") } },
	{ "lseek",		{ FD, OFF, E("whence") } },
	{ "close",		{ FD } },
	{ "close_range",	{ UINT, UINT, F("closerange") } },
	{ "dup",		{ FD } },
	{ "dup2",		{ FD, FD } },
	{ "dup3",		{ FD, FD, F("pipe2") } },
	{ "pipe",		{ PTR } },
	{ "pipe2",		{ PTR, F("pipe2") } },
	{ "fcntl",		{ FD, E("fcntl"), { pr_fcntlarg, "fcntl" } } },
	{ "fcntl64",		{ FD, E("fcntl"), { pr_fcntlarg, "fcntl" } } },
	{ "ioctl",		{ FD, { pr_ioctl, "ioctl" }, PTR } },
	{ "flock",		{ FD, F("flock") } },
	{ "fsync",		{ FD } },
	{ "fdatasync",		{ FD } },
	{ "syncfs",		{ FD } },
	{ "sendfile",		{ FD, FD, PTR, SIZE } },
	{ "sendfile64",		{ FD, FD, PTR, SIZE } },
	{ "splice",		{ FD, PTR, FD, PTR, SIZE, F("splice") } },
	{ "tee",		{ FD, FD, SIZE, F("splice") } },
	{ "vmsplice",		{ FD, PTR, ULONG, F("splice") } },
	{ "copy_file_range",	{ FD, PTR, FD, PTR, SIZE, UINT } },
	{ "eventfd",		{ UINT } },
	{ "eventfd2",		{ UINT, F("eventfd") } },
	{ "signalfd",		{ FD, PTR, SIZE } },
	{ "signalfd4",		{ FD, PTR, SIZE, F("signalfd") } },
	{ "timerfd_create",	{ CLOCK, F("timerfd") } },
	{ "timerfd_settime",	{ FD, F("timerfdtime"), PTR, PTR } },
	{ "timerfd_gettime",	{ FD, PTR } },
	{ "pidfd_open",		{ PID, F("pidfd") } },
	{ "pidfd_getfd",	{ FD, FD, UINT } },

	/* Waiting on descriptors. */
	{ "select",		{ INT, PTR, PTR, PTR, PTR } },
	{ "_newselect",		{ INT, PTR, PTR, PTR, PTR } },
	{ "pselect6",		{ INT, PTR, PTR, PTR, PTR, PTR } },
	{ "poll",		{ PTR, UINT, INT } },
	{ "ppoll",		{ PTR, UINT, PTR, PTR, SIZE } },
	{ "epoll_create",	{ INT } },
	{ "epoll_create1",	{ F("epollcreate") } },
	{ "epoll_ctl",		{ FD, E("epollctl"), FD, PTR } },
	{ "epoll_wait",		{ FD, PTR, INT, INT } },
	{ "epoll_pwait",	{ FD, PTR, INT, INT, PTR, SIZE } },
	{ "epoll_pwait2",	{ FD, PTR, INT, PTR, PTR, SIZE } },

	/* Memory. */
	{ "mmap",		{ PTR, SIZE, LF("prot"), LF("map"), FD, HEX } },
	{ "mmap2",		{ PTR, SIZE, LF("prot"), LF("map"), FD, ULONG } },
	{ "munmap",		{ PTR, SIZE } },
	{ "mprotect",		{ PTR, SIZE, LF("prot") } },
	{ "pkey_mprotect",	{ PTR, SIZE, LF("prot"), INT } },
	{ "mremap",		{ PTR, SIZE, SIZE, LF("mremap"), PTR } },
	{ "brk",		{ PTR } },
	{ "msync",		{ PTR, SIZE, F("msync") } },
	{ "mincore",		{ PTR, SIZE, PTR } },
	{ "madvise",		{ PTR, SIZE, E("madvise") } },
	{ "process_madvise",	{ FD, PTR, SIZE, E("madvise"), UINT } },
	{ "mlock",		{ PTR, SIZE } },
	{ "munlock",		{ PTR, SIZE } },
	{ "mlock2",		{ PTR, SIZE, F("mlock2") } },
	{ "mlockall",		{ F("mlockall") } },
	{ "shmget",		{ HEX, SIZE, IPCFL } },
	{ "shmat",		{ INT, PTR, F("shmat") } },
	{ "shmdt",		{ PTR } },
	{ "shmctl",		{ INT, E("shmctl"), PTR } },
	{ "semget",		{ HEX, INT, IPCFL } },
	{ "semop",		{ INT, PTR, SIZE } },
	{ "semtimedop",		{ INT, PTR, SIZE, PTR } },
	{ "semctl",		{ INT, INT, E("semctl"), HEX } },
	{ "msgget",		{ HEX, IPCFL } },
	{ "msgsnd",		{ INT, PTR, SIZE, F("ipcnowait") } },
	{ "msgrcv",		{ INT, PTR, SIZE, LONG, F("ipcnowait") } },
	{ "msgctl",		{ INT, E("msgctl"), PTR } },

	/* Processes. */
	{ "clone",		{ { pr_clone, "clone" }, PTR, PTR, PTR, PTR } },
	{ "clone3",		{ PTR, SIZE } },
	{ "unshare",		{ LF("clone") } },
	{ "setns",		{ FD, F("clone") } },
	{ "execve",		{ PTR, PTR, PTR } },
	{ "execveat",		{ DIRFD, PTR, PTR, PTR, AT } },
	{ "exit",		{ INT } },
	{ "exit_group",		{ INT } },
	{ "wait4",		{ PID, PTR, F("wait"), PTR } },
	{ "waitpid",		{ PID, PTR, F("wait") } },
	{ "waitid",		{ E("idtype"), INT, PTR, F("wait"), PTR } },
	{ "setpgid",		{ PID, PID } },
	{ "getpgid",		{ PID } },
	{ "getsid",		{ PID } },
	{ "setuid",		{ ID } },
	{ "setgid",		{ ID } },
	{ "setreuid",		{ ID, ID } },
	{ "setregid",		{ ID, ID } },
	{ "setresuid",		{ ID, ID, ID } },
	{ "setresgid",		{ ID, ID, ID } },
	{ "setfsuid",		{ ID } },
	{ "setfsgid",		{ ID } },
	{ "setuid32",		{ ID } },
	{ "setgid32",		{ ID } },
	{ "setreuid32",		{ ID, ID } },
	{ "setregid32",		{ ID, ID } },
	{ "setresuid32",	{ ID, ID, ID } },
	{ "setresgid32",	{ ID, ID, ID } },
	{ "setfsuid32",		{ ID } },
	{ "setfsgid32",		{ ID } },
	{ "getgroups",		{ INT, PTR } },
	{ "setgroups",		{ INT, PTR } },
	{ "getgroups32",	{ INT, PTR } },
	{ "setgroups32",	{ INT, PTR } },
	{ "prctl",		{ E("prctl"), HEX, HEX, HEX, HEX } },
	{ "arch_prctl",		{ E("archprctl"), HEX } },
	{ "ptrace",		{ LE("ptrace"), PID, PTR, PTR } },
	{ "getrlimit",		{ E("rlimit"), PTR } },
	{ "ugetrlimit",		{ E("rlimit"), PTR } },
	{ "setrlimit",		{ E("rlimit"), PTR } },
	{ "prlimit64",		{ PID, E("rlimit"), PTR, PTR } },
	{ "getrusage",		{ E("rusage"), PTR } },
	{ "getpriority",	{ E("prio"), INT } },
	{ "setpriority",	{ E("prio"), INT, INT } },
	{ "sched_setscheduler",	{ PID, E("sched"), PTR } },
	{ "sched_getscheduler",	{ PID } },
	{ "sched_setparam",	{ PID, PTR } },
	{ "sched_getparam",	{ PID, PTR } },
	{ "sched_setaffinity",	{ PID, UINT, PTR } },
	{ "sched_getaffinity",	{ PID, UINT, PTR } },
	{ "sched_get_priority_max", { E("sched") } },
	{ "sched_get_priority_min", { E("sched") } },
	{ "set_tid_address",	{ PTR } },
	{ "set_robust_list",	{ PTR, SIZE } },
	{ "get_robust_list",	{ PID, PTR, PTR } },
	{ "rseq",		{ PTR, UINT, INT, HEX } },
	{ "seccomp",		{ E("seccomp"), F("seccompflags"), PTR } },
	{ "getrandom",		{ PTR, SIZE, F("grnd") } },
	{ "futex",		{ PTR, { pr_futexop, "futexop" }, INT,
				  { pr_futexval2, "futexop" }, PTR, HEX } },
	{ "futex_waitv",	{ PTR, UINT, UINT, PTR, CLOCK } },

	/* Time. */
	{ "nanosleep",		{ PTR, PTR } },
	{ "clock_nanosleep",	{ CLOCK, F("timer"), PTR, PTR } },
	{ "clock_gettime",	{ CLOCK, PTR } },
	{ "clock_settime",	{ CLOCK, PTR } },
	{ "clock_getres",	{ CLOCK, PTR } },
	{ "clock_adjtime",	{ CLOCK, PTR } },
	{ "timer_create",	{ CLOCK, PTR, PTR } },
	{ "timer_settime",	{ INT, F("timer"), PTR, PTR } },
	{ "timer_gettime",	{ INT, PTR } },
	{ "timer_getoverrun",	{ INT } },
	{ "timer_delete",	{ INT } },
	{ "getitimer",		{ E("itimer"), PTR } },
	{ "setitimer",		{ E("itimer"), PTR, PTR } },
	{ "alarm",		{ UINT } },
	{ "gettimeofday",	{ PTR, PTR } },
	{ "time",		{ PTR } },

	/* Signals. */
	{ "kill",		{ PID, SIG } },
	{ "tkill",		{ PID, SIG } },
	{ "tgkill",		{ PID, PID, SIG } },
	{ "rt_sigqueueinfo",	{ PID, SIG, PTR } },
	{ "rt_tgsigqueueinfo",	{ PID, PID, SIG, PTR } },
	{ "pidfd_send_signal",	{ FD, SIG, PTR, UINT } },
	{ "rt_sigaction",	{ SIG, PTR, PTR, SIZE } },
	{ "rt_sigprocmask",	{ E("sighow"), PTR, PTR, SIZE } },
	{ "rt_sigpending",	{ PTR, SIZE } },
	{ "rt_sigtimedwait",	{ PTR, PTR, PTR, SIZE } },
	{ "rt_sigsuspend",	{ PTR, SIZE } },
	{ "sigaltstack",	{ PTR, PTR } },
	{ "sigaction",		{ SIG, PTR, PTR } },
	{ "signal",		{ SIG, { pr_sighandler, "sighandler" } } },
	{ "sigprocmask",	{ E("sighow"), PTR, PTR } },
	{ "sigpending",		{ PTR } },

	/* Sockets. */
	{ "socket",		{ FAMILY, SOCKTYPE, SOCKPROTO } },
	{ "socketpair",		{ FAMILY, SOCKTYPE, SOCKPROTO, PTR } },
	{ "bind",		{ FD, PTR, UINT } },
	{ "connect",		{ FD, PTR, UINT } },
	{ "listen",		{ FD, INT } },
	{ "accept",		{ FD, PTR, PTR } },
	{ "accept4",		{ FD, PTR, PTR, F("sockflags") } },
	{ "getsockname",	{ FD, PTR, PTR } },
	{ "getpeername",	{ FD, PTR, PTR } },
	{ "shutdown",		{ FD, E("shut") } },
	{ "sendto",		{ FD, PTR, SIZE, MSGFL, PTR, UINT } },
	{ "recvfrom",		{ FD, PTR, SIZE, MSGFL, PTR, PTR } },
	{ "send",		{ FD, PTR, SIZE, MSGFL } },
	{ "recv",		{ FD, PTR, SIZE, MSGFL } },
	{ "sendmsg",		{ FD, PTR, MSGFL } },
	{ "recvmsg",		{ FD, PTR, MSGFL } },
	{ "sendmmsg",		{ FD, PTR, UINT, MSGFL } },
	{ "recvmmsg",		{ FD, PTR, UINT, MSGFL, PTR } },
	{ "setsockopt",		{ FD, E("sollevel"), { pr_sockopt, "sollevel" },
				  PTR, UINT } },
	{ "getsockopt",		{ FD, E("sollevel"), { pr_sockopt, "sollevel" },
				  PTR, PTR } },
};
const int nsysargs = sizeof(sysargs) / sizeof(sysargs[0]);

/*
 * i386 only: a 64-bit offset or length takes two registers, low word
 * first (arch/x86/kernel/sys_ia32.c; _llseek has the high word first),
 * and socket and IPC calls may come through one multiplexer each, their
 * arguments in memory.
 */
const struct sysargs sysargs_i386[] = {
	{ "mmap",		{ PTR } },	/* a struct mmap_arg_struct */
	{ "select",		{ PTR } },	/* a struct sel_arg_struct */
	{ "_llseek",		{ FD, OFF64HL, PTR, E("whence") } },
	{ "pread64",		{ FD, PTR, SIZE, OFF64 } },
	{ "pwrite64",		{ FD, PTR, SIZE, OFF64 } },
	{ "preadv",		{ FD, PTR, INT, OFF64 } },
	{ "pwritev",		{ FD, PTR, INT, OFF64 } },
	{ "preadv2",		{ FD, PTR, INT, OFF64, F("rwf") } },
	{ "pwritev2",		{ FD, PTR, INT, OFF64, F("rwf") } },
	{ "truncate64",		{ PTR, OFF64 } },
	{ "ftruncate64",	{ FD, OFF64 } },
	{ "readahead",		{ FD, OFF64, SIZE } },
	{ "fadvise64",		{ FD, OFF64, SIZE, E("fadvise") } },
	{ "fadvise64_64",	{ FD, OFF64, OFF64, E("fadvise") } },
	{ "fallocate",		{ FD, F("falloc"), OFF64, OFF64 } },
	{ "sync_file_range",	{ FD, OFF64, OFF64, F("syncrange") } },
	{ "socketcall",		{ E("socketcall"), PTR } },
	{ "ipc",		{ E("ipccall"), INT, INT, INT, PTR, LONG } },
};
const int nsysargs_i386 = sizeof(sysargs_i386) / sizeof(sysargs_i386[0]);
