// SPDX-License-Identifier: GPL-2.0
/*
 * NAMI: the path names a traced process passes to the kernel, exactly as
 * passed, whether the call succeeds or fails, between the call's CALL and
 * RET records.
 *
 * The tables say which arguments of which syscalls are path names, for
 * each ABI (x86_64, and i386 under IA32 emulation).  A name is read
 * without faulting, into a per-CPU scratch buffer (the probes run with
 * preemption disabled), so that the record is reserved at its exact
 * length.  So it is read as the call returns, when the kernel has made
 * it resident by reading it; but for exec, whose old memory is gone by
 * then, as the call starts.  A name still not resident, or longer than
 * PATH_MAX, is not recorded.  A return probe on getname_flags() would
 * see every name, but patching kernel text on every SET and CLEAR is a
 * risk this module does not take.
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

#ifdef CONFIG_IA32_EMULATION
static const struct ktr_path_args ktr_path_table_ia32[] = {
	{ __NR_ia32_open, A(0) }, { __NR_ia32_creat, A(0) },
	{ __NR_ia32_openat, A(1) }, { __NR_ia32_openat2, A(1) },
	{ __NR_ia32_oldstat, A(0) }, { __NR_ia32_oldlstat, A(0) },
	{ __NR_ia32_stat, A(0) }, { __NR_ia32_lstat, A(0) },
	{ __NR_ia32_stat64, A(0) }, { __NR_ia32_lstat64, A(0) },
	{ __NR_ia32_fstatat64, A(1) }, { __NR_ia32_statx, A(1) },
	{ __NR_ia32_statfs, A(0) }, { __NR_ia32_statfs64, A(0) },
	{ __NR_ia32_access, A(0) }, { __NR_ia32_faccessat, A(1) },
	{ __NR_ia32_faccessat2, A(1) },
	{ __NR_ia32_execve, A(0) }, { __NR_ia32_execveat, A(1) },
	{ __NR_ia32_uselib, A(0) },
	{ __NR_ia32_chdir, A(0) }, { __NR_ia32_chroot, A(0) },
	{ __NR_ia32_mkdir, A(0) }, { __NR_ia32_mkdirat, A(1) },
	{ __NR_ia32_rmdir, A(0) },
	{ __NR_ia32_unlink, A(0) }, { __NR_ia32_unlinkat, A(1) },
	{ __NR_ia32_rename, A(0) | A(1) }, { __NR_ia32_renameat, A(1) | A(3) },
	{ __NR_ia32_renameat2, A(1) | A(3) },
	{ __NR_ia32_link, A(0) | A(1) }, { __NR_ia32_linkat, A(1) | A(3) },
	{ __NR_ia32_symlink, A(0) | A(1) }, { __NR_ia32_symlinkat, A(0) | A(2) },
	{ __NR_ia32_readlink, A(0) }, { __NR_ia32_readlinkat, A(1) },
	{ __NR_ia32_chmod, A(0) }, { __NR_ia32_fchmodat, A(1) },
	{ __NR_ia32_chown, A(0) }, { __NR_ia32_lchown, A(0) },
	{ __NR_ia32_chown32, A(0) }, { __NR_ia32_lchown32, A(0) },
	{ __NR_ia32_fchownat, A(1) },
	{ __NR_ia32_truncate, A(0) }, { __NR_ia32_truncate64, A(0) },
	{ __NR_ia32_utime, A(0) }, { __NR_ia32_utimes, A(0) },
	{ __NR_ia32_utimensat, A(1) }, { __NR_ia32_futimesat, A(1) },
	{ __NR_ia32_mknod, A(0) }, { __NR_ia32_mknodat, A(1) },
	{ __NR_ia32_setxattr, A(0) }, { __NR_ia32_lsetxattr, A(0) },
	{ __NR_ia32_getxattr, A(0) }, { __NR_ia32_lgetxattr, A(0) },
	{ __NR_ia32_listxattr, A(0) }, { __NR_ia32_llistxattr, A(0) },
	{ __NR_ia32_removexattr, A(0) }, { __NR_ia32_lremovexattr, A(0) },
	{ __NR_ia32_mount, A(0) | A(1) }, { __NR_ia32_umount, A(0) },
	{ __NR_ia32_umount2, A(0) }, { __NR_ia32_pivot_root, A(0) | A(1) },
	{ __NR_ia32_swapon, A(0) }, { __NR_ia32_swapoff, A(0) },
	{ __NR_ia32_acct, A(0) }, { __NR_ia32_inotify_add_watch, A(1) },
	{ __NR_ia32_name_to_handle_at, A(1) },
	{ __NR_ia32_open_tree, A(1) }, { __NR_ia32_move_mount, A(1) | A(3) },
	{ __NR_ia32_fspick, A(1) }, { __NR_ia32_mount_setattr, A(1) },
};
#endif

#undef A

static DEFINE_PER_CPU(char [PATH_MAX], ktr_path_scratch);

/* Which arguments of syscall @nr of @compat's ABI are path names. */
static unsigned int ktr_path_args(int nr, bool compat)
{
	const struct ktr_path_args *t = ktr_path_table;
	size_t i, n = ARRAY_SIZE(ktr_path_table);

#ifdef CONFIG_IA32_EMULATION
	if (compat) {
		t = ktr_path_table_ia32;
		n = ARRAY_SIZE(ktr_path_table_ia32);
	}
#else
	if (compat)
		return 0;
#endif
	for (i = 0; i < n; i++)
		if (t[i].nr == nr)
			return t[i].args;
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

/* Is @nr an exec, whose path names must be read as it starts? */
static bool ktr_is_exec(int nr, bool compat)
{
#ifdef CONFIG_IA32_EMULATION
	if (compat)
		return nr == __NR_ia32_execve || nr == __NR_ia32_execveat;
#endif
	return nr == __NR_execve || nr == __NR_execveat;
}

/*
 * NAMI records for the path arguments of syscall @nr of either ABI, at
 * its entry (@entry) or its exit, whichever suits it.
 */
void ktr_put_namei(struct ktr_proc *p, int nr, const unsigned long *args,
		   bool compat, bool entry)
{
	unsigned int which;

	if (ktr_is_exec(nr, compat) != entry)
		return;
	which = ktr_path_args(nr, compat);
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
			ktr_record_end(p, h);
		}
		preempt_enable();
	}
}
