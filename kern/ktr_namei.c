// SPDX-License-Identifier: GPL-2.0
/*
 * NAMI: the path names a traced process passes to the kernel, recorded at
 * syscall entry, right after the CALL, exactly as passed, whether the call
 * then succeeds or fails.
 *
 * The table says which arguments of which (64-bit) syscalls are path
 * names.  The name is read without faulting, into a per-CPU scratch
 * buffer (the probe runs with preemption disabled), so that the record is
 * reserved at its exact length.  A name not resident in memory, or longer
 * than PATH_MAX, is not recorded.  A return probe on getname_flags()
 * would see every name, but patching kernel text on every SET and CLEAR
 * is a risk this module does not take.
 */
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <asm/unistd.h>

#include "ktr.h"

/* Syscall number, and a bit per argument that is a path name. */
struct ktr_path_args {
	u16 nr;
	u8 args;
};

#define A(n)	(1U << (n))

static const struct ktr_path_args ktr_path_table[] = {
	{ __NR_open, A(0) }, { __NR_creat, A(0) }, { __NR_openat, A(1) },
	{ __NR_openat2, A(1) }, { __NR_stat, A(0) }, { __NR_lstat, A(0) },
	{ __NR_newfstatat, A(1) }, { __NR_statx, A(1) },
	{ __NR_statfs, A(0) }, { __NR_access, A(0) },
	{ __NR_faccessat, A(1) }, { __NR_faccessat2, A(1) },
	{ __NR_execve, A(0) }, { __NR_execveat, A(1) },
	{ __NR_chdir, A(0) }, { __NR_chroot, A(0) },
	{ __NR_mkdir, A(0) }, { __NR_mkdirat, A(1) }, { __NR_rmdir, A(0) },
	{ __NR_unlink, A(0) }, { __NR_unlinkat, A(1) },
	{ __NR_rename, A(0) | A(1) }, { __NR_renameat, A(1) | A(3) },
	{ __NR_renameat2, A(1) | A(3) }, { __NR_link, A(0) | A(1) },
	{ __NR_linkat, A(1) | A(3) }, { __NR_symlink, A(0) | A(1) },
	{ __NR_symlinkat, A(0) | A(2) }, { __NR_readlink, A(0) },
	{ __NR_readlinkat, A(1) }, { __NR_chmod, A(0) },
	{ __NR_fchmodat, A(1) }, { __NR_chown, A(0) }, { __NR_lchown, A(0) },
	{ __NR_fchownat, A(1) }, { __NR_truncate, A(0) },
	{ __NR_utime, A(0) }, { __NR_utimes, A(0) },
	{ __NR_utimensat, A(1) }, { __NR_futimesat, A(1) },
	{ __NR_mknod, A(0) }, { __NR_mknodat, A(1) },
	{ __NR_setxattr, A(0) }, { __NR_lsetxattr, A(0) },
	{ __NR_getxattr, A(0) }, { __NR_lgetxattr, A(0) },
	{ __NR_listxattr, A(0) }, { __NR_llistxattr, A(0) },
	{ __NR_removexattr, A(0) }, { __NR_lremovexattr, A(0) },
	{ __NR_mount, A(0) | A(1) }, { __NR_umount2, A(0) },
	{ __NR_pivot_root, A(0) | A(1) }, { __NR_swapon, A(0) },
	{ __NR_swapoff, A(0) }, { __NR_acct, A(0) },
	{ __NR_inotify_add_watch, A(1) }, { __NR_name_to_handle_at, A(1) },
	{ __NR_open_tree, A(1) }, { __NR_move_mount, A(1) | A(3) },
	{ __NR_fspick, A(1) }, { __NR_mount_setattr, A(1) },
};

#undef A

static DEFINE_PER_CPU(char [PATH_MAX], ktr_path_scratch);

/* Which arguments of syscall @nr are path names (a bit each). */
static unsigned int ktr_path_args(int nr)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(ktr_path_table); i++)
		if (ktr_path_table[i].nr == nr)
			return ktr_path_table[i].args;
	return 0;
}

/* Copy the NUL-terminated user string at @src; its length, or -1. */
static long ktr_copy_path(char *dst, unsigned long src)
{
	size_t done = 0;

	while (done < PATH_MAX) {
		size_t chunk = min_t(size_t, PATH_MAX - done,
				     PAGE_SIZE - offset_in_page(src + done));
		char *nul;

		if (copy_from_user_nofault(dst + done,
					   (const void __user *)(src + done), chunk))
			return -1;
		nul = memchr(dst + done, '\0', chunk);
		if (nul)
			return nul - dst;
		done += chunk;
	}
	return -1;
}

/* NAMI records for the path arguments of syscall @nr (64-bit only). */
void ktr_put_namei(struct ktr_proc *p, int nr, const unsigned long *args)
{
	unsigned int which = ktr_path_args(nr);
	struct ktr_header *h;
	char *buf;
	long len;
	int i;

	for (i = 0; which; i++, which >>= 1) {
		if (!(which & 1) || !args[i])
			continue;
		preempt_disable();	/* the scratch buffer is this CPU's */
		buf = this_cpu_ptr(ktr_path_scratch);
		len = ktr_copy_path(buf, args[i]);
		h = len < 0 ? NULL : ktr_record_begin(p, current, KTR_NAMEI, len);
		if (h) {
			memcpy(h + 1, buf, len);
			ktr_record_end(h);
		}
		preempt_enable();
	}
}
