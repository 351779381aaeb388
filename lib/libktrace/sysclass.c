/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Syscall classes, kstrax's: the selection of ktrace(1) -e and of
 * kdump(1) --syscall.  A class lists names of both x86 ABIs; a name that
 * one ABI lacks simply selects nothing there.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "libktrace.h"

/* Calls on path names and file descriptors. */
static const char *const class_file[] = {
	"open", "openat", "openat2", "creat", "close", "close_range",
	"read", "write", "pread64", "pwrite64", "readv", "writev", "preadv",
	"pwritev", "preadv2", "pwritev2", "lseek", "_llseek", "stat", "lstat",
	"fstat", "newfstatat", "statx", "stat64", "lstat64", "fstat64",
	"fstatat64", "statfs", "fstatfs", "statfs64", "fstatfs64", "access",
	"faccessat", "faccessat2", "chdir", "fchdir", "chroot", "getcwd",
	"mkdir", "mkdirat", "rmdir", "rename", "renameat", "renameat2",
	"link", "linkat", "unlink", "unlinkat", "symlink", "symlinkat",
	"readlink", "readlinkat", "chmod", "fchmod", "fchmodat", "chown",
	"fchown", "lchown", "fchownat", "chown32", "fchown32", "lchown32",
	"truncate", "ftruncate", "truncate64", "ftruncate64", "mknod",
	"mknodat", "dup", "dup2", "dup3", "fcntl", "fcntl64", "ioctl",
	"flock", "fsync", "fdatasync", "sync", "syncfs", "sync_file_range",
	"getdents", "getdents64", "utime", "utimes", "utimensat",
	"futimesat", "sendfile", "sendfile64", "copy_file_range", "splice",
	"tee", "fadvise64", "fadvise64_64", "fallocate", "readahead",
	"setxattr", "lsetxattr", "fsetxattr", "getxattr", "lgetxattr",
	"fgetxattr", "listxattr", "llistxattr", "flistxattr", "removexattr",
	"lremovexattr", "fremovexattr", "mount", "umount", "umount2",
	"pivot_root", "name_to_handle_at", "open_by_handle_at",
	"inotify_init", "inotify_init1", "inotify_add_watch",
	"inotify_rm_watch", "fanotify_init", "fanotify_mark", "memfd_create",
	"umask", "execve", "execveat", "poll", "ppoll", "select",
	"_newselect", "pselect6", "epoll_create", "epoll_create1",
	"epoll_ctl", "epoll_wait", "epoll_pwait", "epoll_pwait2", NULL
};

/* Sockets. */
static const char *const class_network[] = {
	"socket", "socketpair", "bind", "listen", "accept", "accept4",
	"connect", "getsockname", "getpeername", "sendto", "recvfrom",
	"sendmsg", "recvmsg", "sendmmsg", "recvmmsg", "shutdown",
	"setsockopt", "getsockopt", "socketcall", NULL
};

/* Pipes, System V and POSIX IPC, futexes, eventfds, other processes' memory. */
static const char *const class_ipc[] = {
	"pipe", "pipe2", "ipc", "msgget", "msgsnd", "msgrcv", "msgctl",
	"semget", "semop", "semtimedop", "semctl", "shmget", "shmat", "shmdt",
	"shmctl", "mq_open", "mq_unlink", "mq_timedsend", "mq_timedreceive",
	"mq_notify", "mq_getsetattr", "futex", "futex_waitv", "eventfd",
	"eventfd2", "process_vm_readv", "process_vm_writev", NULL
};

/* Making, running, waiting for and describing processes. */
static const char *const class_process[] = {
	"fork", "vfork", "clone", "clone3", "execve", "execveat", "exit",
	"exit_group", "wait4", "waitid", "waitpid", "getpid", "getppid",
	"gettid", "setsid", "getsid", "setpgid", "getpgid", "getpgrp",
	"setuid", "setgid", "setreuid", "setregid", "setresuid", "setresgid",
	"getuid", "geteuid", "getgid", "getegid", "getresuid", "getresgid",
	"setuid32", "setgid32", "setreuid32", "setregid32", "setresuid32",
	"setresgid32", "getuid32", "geteuid32", "getgid32", "getegid32",
	"getresuid32", "getresgid32", "setgroups", "getgroups",
	"setgroups32", "getgroups32", "setfsuid", "setfsgid", "setfsuid32",
	"setfsgid32", "capget", "capset", "prctl", "arch_prctl", "ptrace",
	"sched_yield", "sched_setscheduler", "sched_getscheduler",
	"sched_setparam", "sched_getparam", "sched_setaffinity",
	"sched_getaffinity", "sched_get_priority_max",
	"sched_get_priority_min", "sched_rr_get_interval", "sched_setattr",
	"sched_getattr", "setpriority", "getpriority", "nice", "setrlimit",
	"getrlimit", "ugetrlimit", "prlimit64", "getrusage", "times",
	"personality", "unshare", "setns", "set_tid_address", "kcmp",
	"pidfd_open", "pidfd_getfd", NULL
};

/* Sending, catching, blocking and waiting for signals. */
static const char *const class_signal[] = {
	"kill", "tkill", "tgkill", "signal", "sigaction", "rt_sigaction",
	"sigprocmask", "rt_sigprocmask", "sigreturn", "rt_sigreturn",
	"sigpending", "rt_sigpending", "sigsuspend", "rt_sigsuspend",
	"rt_sigtimedwait", "rt_sigqueueinfo", "rt_tgsigqueueinfo",
	"sigaltstack", "signalfd", "signalfd4", "pause", "alarm",
	"pidfd_send_signal", "sgetmask", "ssetmask", NULL
};

static const struct {
	const char *name;
	const char *const *members;	/* NULL: every syscall */
} classes[] = {
	{ "FILE", class_file },
	{ "NETWORK", class_network },
	{ "IPC", class_ipc },
	{ "PROCESS", class_process },
	{ "SIGNAL", class_signal },
	{ "ALL", NULL },
};

const char *
ktr_sysclass_name(int i)
{
	if (i < 0 || (size_t)i >= sizeof(classes) / sizeof(classes[0]))
		return (NULL);
	return (classes[i].name);
}

const char *const *
ktr_sysclass_members(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
		if (strcmp(classes[i].name, name) == 0)
			return (classes[i].members);
	return (NULL);
}

static void
map_set(__u64 *map, int code)
{
	if (code >= 0 && code < KTR_SYSFILTER_BITS)
		map[code / 64] |= (__u64)1 << (code % 64);
}

/* Select syscall @name in both ABIs; false if neither knows it. */
static bool
select_name(struct ktr_sysfilter *sf, const char *name)
{
	int native, compat;

	native = ktr_syscall_number(KTR_ABI_X86_64, name);
	compat = ktr_syscall_number(KTR_ABI_I386, name);
	map_set(sf->ksf_native, native);
	map_set(sf->ksf_compat, compat);
	return (native >= 0 || compat >= 0);
}

bool
ktr_sysfilter_add(struct ktr_sysfilter *sf, const char *word)
{
	const char *const *m;
	size_t i;

	for (i = 0; i < sizeof(classes) / sizeof(classes[0]); i++) {
		if (strcmp(classes[i].name, word) != 0)
			continue;
		if ((m = classes[i].members) == NULL) {
			memset(sf, 0xff, sizeof(*sf));
			return (true);
		}
		for (; *m != NULL; m++)
			(void)select_name(sf, *m);
		return (true);
	}
	return (select_name(sf, word));
}

int
ktr_sysfilter_parse(struct ktr_sysfilter *sf, const char *list,
    char *bad, size_t badlen)
{
	const char *p, *end;
	char word[64];
	size_t n;
	bool ok;

	memset(sf, 0, sizeof(*sf));
	for (p = list;; p = end + 1) {
		end = strchr(p, ',');
		n = end != NULL ? (size_t)(end - p) : strlen(p);
		ok = n > 0 && n < sizeof(word);
		if (ok) {
			memcpy(word, p, n);
			word[n] = '\0';
			ok = ktr_sysfilter_add(sf, word);
		}
		if (!ok) {
			(void)snprintf(bad, badlen, "%.*s", (int)n, p);
			return (-1);
		}
		if (end == NULL)
			return (0);
	}
}

bool
ktr_sysfilter_has(const struct ktr_sysfilter *sf, enum ktr_abi abi, int code)
{
	const __u64 *map;

	if (code < 0 || code >= KTR_SYSFILTER_BITS)
		return (false);
	map = abi == KTR_ABI_I386 ? sf->ksf_compat : sf->ksf_native;
	return ((map[code / 64] >> (code % 64)) & 1);
}
