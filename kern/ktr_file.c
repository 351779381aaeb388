// SPDX-License-Identifier: GPL-2.0
/*
 * Trace files: opening one for ktrace(2), sharing it between the
 * processes traced into it, batching the writer's records for it,
 * writing them, and giving up on it when a write fails.
 *
 * A file is held by every process tracing into it (nprocs, under
 * ktr_lock); the writer closes it once none does (ktr_files_take_unused).
 * Its batch (the iovec of the next write, and the stage that small
 * records are copied into) is the writer's alone: under ktr_drain_mutex.
 */
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/magic.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/namei.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/timekeeping.h>
#include <linux/uio.h>

#include "ktr.h"

#define KTR_MAX_FILES	512		/* open trace files, system wide */

/*
 * One write to a file takes up to KTR_IOV_MAX pieces.  A record of
 * KTR_COPY_MAX bytes or more (data: GENIO, ARGS) is written from the
 * ring, where it was made: one copy, to the page cache.  Smaller ones are
 * copied together into the file's stage first, because a piece per
 * CALL or RET would cost more in the write than the copy does.
 */
#define KTR_IOV_MAX	64
#define KTR_STAGE_SIZE	(64 << 10)	/* bytes of small records per write */
#define KTR_BATCH_MAX	(1 << 20)	/* bytes per write, at most */

/*
 * For tests only: each write to a trace file sleeps this long first, as
 * if the file's writes stalled (a hung NFS server); all but unload's.
 */
static unsigned int ktr_fault_stall_ms;
module_param_named(fault_stall_ms, ktr_fault_stall_ms, uint, 0644);
MODULE_PARM_DESC(fault_stall_ms, "tests only: each write sleeps this long first, until unload");

/*
 * Files whose last write took longer than kernel.ktrace.max_wait_ms:
 * while there are any, exits leave the writing to the writer and wait
 * for it no longer than that (ktr_flush).
 */
static unsigned int ktr_slow_files;	/* under ktr_drain_mutex */

static LIST_HEAD(ktr_files);		/* open trace files, under ktr_lock */
static LIST_HEAD(ktr_dirty);		/* files with records to write */
static LIST_HEAD(ktr_failed);		/* failed files, traces to stop */

struct ktr_file_w {			/* writer-private part of a file */
	struct ktr_file f;
	struct list_head dirty;		/* on ktr_dirty while niov > 0 */
	struct list_head failed;	/* on ktr_failed once a write failed */
	int werr;			/* the failed write's error */
	bool slow;			/* counted in ktr_slow_files */
	struct kvec iov[KTR_IOV_MAX];	/* the next write, in order */
	int niov;
	size_t bytes;			/* in iov */
	char *stage;			/* the small records of the write */
	size_t staged;
};

/*
 * A write failed: discard @fw's records from now on, and have every
 * trace into it stopped, as BSD does (ktr_file_take_failed()).
 */
static void ktr_file_fail(struct ktr_file_w *fw, int err)
{
	fw->f.failed = true;
	fw->werr = err;
	list_add_tail(&fw->failed, &ktr_failed);
}

/*
 * A file whose write failed since the last call, with the error in *@err;
 * NULL when there is none.  It stays open until the writer closes it.
 */
struct ktr_file *ktr_file_take_failed(int *err)
{
	struct ktr_file_w *fw;

	lockdep_assert_held(&ktr_drain_mutex);
	fw = list_first_entry_or_null(&ktr_failed, struct ktr_file_w, failed);
	if (!fw)
		return NULL;
	list_del_init(&fw->failed);
	*err = fw->werr;
	return &fw->f;
}

/* Bytes of the whole records among the first @n bytes of @buf. */
static size_t ktr_whole_records(const char *buf, size_t n)
{
	size_t off = 0;

	while (n - off >= sizeof(struct ktr_header)) {
		const struct ktr_header *h = (const void *)(buf + off);
		size_t len = sizeof(*h) + h->ktr_len;

		if (len > n - off)
			break;
		off += len;
	}
	return off;
}

/* Bytes of the whole records among the first @n bytes of @iov. */
static size_t ktr_whole_written(const struct kvec *iov, size_t n)
{
	size_t whole = 0;

	/* Pieces hold whole records. */
	for (; n && n >= iov->iov_len; iov++) {
		whole += iov->iov_len;
		n -= iov->iov_len;
	}
	return n ? whole + ktr_whole_records(iov->iov_base, n) : whole;
}

/* Whether any file's last write was slow: read without the mutex. */
bool ktr_files_slow(void)
{
	return READ_ONCE(ktr_slow_files);
}

/*
 * Is no trace file open?  Under the lock a new file is listed under
 * before it resumes the writer (ktr_file_get()).
 */
bool ktr_files_none(void)
{
	bool none;

	raw_spin_lock(&ktr_lock);
	none = list_empty(&ktr_files);
	raw_spin_unlock(&ktr_lock);
	return none;
}

static void ktr_file_set_slow(struct ktr_file_w *fw, bool slow)
{
	if (fw->slow == slow)
		return;
	fw->slow = slow;
	WRITE_ONCE(ktr_slow_files, ktr_slow_files + (slow ? 1 : -1));
}

/*
 * Append @fw's batch.  A write that fails part way (a full file system)
 * would leave a partial record: cut the file back to the last whole one,
 * so that readers see a trace that merely ends early.
 */
static void ktr_file_write(struct ktr_file_w *fw)
{
	struct ktr_file *f = &fw->f;
	loff_t start = i_size_read(file_inode(f->filp));
	u64 began = ktime_get_ns();
	struct iov_iter it;
	size_t done = 0, whole;

	lockdep_assert_held(&ktr_drain_mutex);
	ktr_fault_wait(READ_ONCE(ktr_fault_stall_ms));
	iov_iter_kvec(&it, WRITE, fw->iov, fw->niov, fw->bytes);
	while (iov_iter_count(&it) && !f->failed) {
		loff_t pos = 0;	/* O_APPEND: the end of the file */
		ssize_t n;

		file_start_write(f->filp);
		n = vfs_iter_write(f->filp, &it, &pos, 0);
		file_end_write(f->filp);
		if (n <= 0) {
			whole = ktr_whole_written(fw->iov, done);
			if (whole < done)
				vfs_truncate(&f->filp->f_path, start + whole);
			ktr_file_fail(fw, n ? -(int)n : ENOSPC);
			break;
		}
		done += n;
	}
	ktr_file_set_slow(fw, ktime_get_ns() - began >
			  (u64)READ_ONCE(ktr_max_wait_ms) * NSEC_PER_MSEC);
	fw->niov = 0;
	fw->bytes = 0;
	fw->staged = 0;
}

/* Write every file's batch: the drain frees the ring space they point into. */
void ktr_files_write(void)
{
	struct ktr_file_w *fw, *tmp;

	lockdep_assert_held(&ktr_drain_mutex);
	list_for_each_entry_safe(fw, tmp, &ktr_dirty, dirty) {
		list_del_init(&fw->dirty);
		ktr_file_write(fw);
	}
}

/* Is @fw's batch full: must it be written before it takes more? */
static bool ktr_batch_full(const struct ktr_file_w *fw)
{
	return fw->niov == KTR_IOV_MAX || fw->bytes >= KTR_BATCH_MAX ||
	       fw->staged + KTR_COPY_MAX > KTR_STAGE_SIZE;
}

/*
 * Append the @len bytes at @at (in the stage, or a record in its ring)
 * to @fw's batch: the last piece grown when they follow it, else a piece
 * of their own.  True when the batch is full.
 */
static bool ktr_batch_add(struct ktr_file_w *fw, const void *at, size_t len)
{
	struct kvec *last = fw->niov ? &fw->iov[fw->niov - 1] : NULL;

	if (list_empty(&fw->dirty))
		list_add_tail(&fw->dirty, &ktr_dirty);
	if (last && last->iov_base + last->iov_len == at)
		last->iov_len += len;
	else
		fw->iov[fw->niov++] = (struct kvec){ (void *)at, len };
	fw->bytes += len;
	return ktr_batch_full(fw);
}

/*
 * Add record @h to @f's batch; true when the batch is full and
 * ktr_files_write() must run before @h's ring space is reused.
 */
bool ktr_file_emit(struct ktr_file *f, const struct ktr_header *h)
{
	struct ktr_file_w *fw = container_of(f, struct ktr_file_w, f);
	size_t len = sizeof(*h) + h->ktr_len;
	const void *at = h;

	lockdep_assert_held(&ktr_drain_mutex);
	if (f->failed)
		return false;
	/* Full already (a caller that did not write when told): write. */
	if (ktr_batch_full(fw))
		ktr_file_write(fw);
	if (len < KTR_COPY_MAX) {
		at = memcpy(fw->stage + fw->staged, h, len);
		fw->staged += len;
	}
	return ktr_batch_add(fw, at, len);
}

/*
 * Where whole small records (under KTR_COPY_MAX bytes) may be copied
 * into @f's batch, with *@room bytes there, for ktr_file_staged(); NULL
 * when the batch is full, or the file has failed.
 */
char *ktr_file_stage_tail(struct ktr_file *f, size_t *room)
{
	struct ktr_file_w *fw = container_of(f, struct ktr_file_w, f);

	lockdep_assert_held(&ktr_drain_mutex);
	if (f->failed || ktr_batch_full(fw))
		return NULL;
	*room = KTR_STAGE_SIZE - fw->staged;
	return fw->stage + fw->staged;
}

/*
 * @n bytes of records were copied where ktr_file_stage_tail() said: add
 * them to the batch.  True when it is full, as ktr_file_emit().
 */
bool ktr_file_staged(struct ktr_file *f, size_t n)
{
	struct ktr_file_w *fw = container_of(f, struct ktr_file_w, f);
	const char *at = fw->stage + fw->staged;

	lockdep_assert_held(&ktr_drain_mutex);
	fw->staged += n;
	return ktr_batch_add(fw, at, n);
}

/* Close @f: no process traces into it, no record for it is left. */
void ktr_file_free(struct ktr_file *f)
{
	struct ktr_file_w *fw = container_of(f, struct ktr_file_w, f);

	if (!list_empty(&fw->failed))	/* failed since the last drain */
		list_del(&fw->failed);
	ktr_file_set_slow(fw, false);
	fput(f->filp);
	kvfree(fw->stage);
	kfree(fw);
}

/*
 * Move the files no process traces into onto @dead, marked dying so that
 * no new trace shares them.  The caller frees them once no probe can
 * still be making a record for them, and their records are written.
 */
void ktr_files_take_unused(struct list_head *dead)
{
	struct ktr_file *f, *tmp;

	raw_spin_lock(&ktr_lock);
	list_for_each_entry_safe(f, tmp, &ktr_files, node) {
		if (f->nprocs)
			continue;
		f->dying = true;
		list_move(&f->node, dead);
	}
	raw_spin_unlock(&ktr_lock);
}

/* Under ktr_lock: a process no longer traces into @f. */
void ktr_file_put_locked(struct ktr_file *f)
{
	lockdep_assert_held(&ktr_lock);
	WARN_ON_ONCE(f->nprocs <= 0);
	f->nprocs--;
}

/* Release the hold ktr_file_get() gave the caller. */
void ktr_file_put(struct ktr_file *f)
{
	raw_spin_lock(&ktr_lock);
	ktr_file_put_locked(f);
	raw_spin_unlock(&ktr_lock);
}

/* Copy in a trace file's name: bounded by PATH_MAX. */
static char *ktr_file_copy_name(const char __user *upath, int *err)
{
	char *path = kmalloc(PATH_MAX, GFP_KERNEL);
	long n;

	if (!path) {
		*err = -ENOMEM;
		return NULL;
	}
	n = strncpy_from_user(path, upath, PATH_MAX);
	*err = n < 0 ? -EFAULT : n == PATH_MAX ? -ENAMETOOLONG :
	       n == 0 ? -ENOENT : 0;
	if (*err) {
		kfree(path);
		return NULL;
	}
	return path;
}

/*
 * Whether @sb's files hold data.  The "regular" files of the pseudo file
 * systems are interfaces to the kernel: records written there would be
 * taken for commands (/sys/power/state), or reach ktrace's own tunables,
 * whose handlers wait for the very writer that writes them.
 */
static bool ktr_fs_holds_data(const struct super_block *sb)
{
	switch (sb->s_magic) {
	case PROC_SUPER_MAGIC:
	case SYSFS_MAGIC:
	case DEBUGFS_MAGIC:
	case TRACEFS_MAGIC:
	case SECURITYFS_MAGIC:
	case SELINUX_MAGIC:
	case SMACK_MAGIC:
	case CGROUP_SUPER_MAGIC:
	case CGROUP2_SUPER_MAGIC:
	case BPF_FS_MAGIC:
	case PSTOREFS_MAGIC:
	case EFIVARFS_MAGIC:
	case BINFMTFS_MAGIC:
	case NSFS_MAGIC:
	case DEVPTS_SUPER_MAGIC:
	case USBDEVICE_SUPER_MAGIC:
		return false;
	default:
		return true;
	}
}

/* May records go to the file at @path: a regular data file, no symlink? */
static int ktr_file_check_path(const char *path)
{
	struct path kp;
	int err;

	err = kern_path(path, 0, &kp);
	if (err)
		return err;
	if (d_is_symlink(kp.dentry))
		err = -ELOOP;
	else if (!d_is_reg(kp.dentry) || !ktr_fs_holds_data(kp.dentry->d_sb))
		err = -EACCES;
	path_put(&kp);
	return err;
}

/*
 * Open the file at user path @upath for appending, with the caller's
 * rights; checked before the open (which must have no side effect: no
 * device, no fifo) and after it (the name may have been replaced).
 */
static struct file *ktr_file_open(const char __user *upath)
{
	struct file *filp;
	char *path;
	int err;

	path = ktr_file_copy_name(upath, &err);
	if (!path)
		return ERR_PTR(err);
	err = ktr_file_check_path(path);
	if (err) {
		filp = ERR_PTR(err);
		goto free_path;
	}
	filp = filp_open(path, O_WRONLY | O_APPEND | O_LARGEFILE | O_NOFOLLOW |
			 O_NONBLOCK | O_NOCTTY, 0);
	if (IS_ERR(filp))
		goto free_path;
	if (!S_ISREG(file_inode(filp)->i_mode) ||
	    !ktr_fs_holds_data(file_inode(filp)->i_sb)) {
		fput(filp);
		filp = ERR_PTR(-EACCES);
	}
free_path:
	kfree(path);
	return filp;
}

/*
 * Under ktr_lock: the trace file that @filp's file is already traced
 * through, held for the caller; or NULL, with *@nfiles the count of open
 * trace files.
 */
static struct ktr_file *ktr_file_find_shared(struct file *filp, int *nfiles)
{
	struct ktr_file *f;

	lockdep_assert_held(&ktr_lock);
	*nfiles = 0;
	list_for_each_entry(f, &ktr_files, node) {
		(*nfiles)++;
		if (!f->dying && !f->failed &&
		    file_inode(f->filp) == file_inode(filp)) {
			f->nprocs++;
			return f;
		}
	}
	return NULL;
}

/*
 * Open an existing regular file for tracing into, with the caller's
 * rights, as BSD's ktrace(2) does: never created, never through a final
 * symlink, never a device or fifo (so opening it has no side effect),
 * never a pseudo file system's.
 * Returns it held (ktr_file_put() to release); a file already traced
 * into is shared, so every process tracing into one file is one stream.
 */
struct ktr_file *ktr_file_get(const char __user *upath, int *err)
{
	struct ktr_file_w *fw;
	struct ktr_file *shared;
	struct file *filp;
	int nfiles;

	filp = ktr_file_open(upath);
	if (IS_ERR(filp)) {
		*err = PTR_ERR(filp);
		return NULL;
	}
	*err = -ENOMEM;
	fw = kzalloc(sizeof(*fw), GFP_KERNEL);
	if (!fw)
		goto put_filp;
	fw->stage = kvmalloc(KTR_STAGE_SIZE, GFP_KERNEL);
	if (!fw->stage)
		goto free_fw;
	INIT_LIST_HEAD(&fw->dirty);
	INIT_LIST_HEAD(&fw->failed);
	fw->f.filp = filp;
	fw->f.nprocs = 1;

	raw_spin_lock(&ktr_lock);
	shared = ktr_file_find_shared(filp, &nfiles);
	if (!shared && nfiles < KTR_MAX_FILES)
		list_add(&fw->f.node, &ktr_files);
	raw_spin_unlock(&ktr_lock);
	if (shared) {
		ktr_file_free(&fw->f);
		*err = 0;
		return shared;
	}
	if (nfiles >= KTR_MAX_FILES) {
		ktr_file_free(&fw->f);
		*err = -ENFILE;
		return NULL;
	}
	/* The writer, if it rests, closes it once no trace uses it. */
	ktr_writer_resume();
	*err = 0;
	return &fw->f;

free_fw:
	kfree(fw);
put_filp:
	fput(filp);
	return NULL;
}
