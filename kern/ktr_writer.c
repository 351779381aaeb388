// SPDX-License-Identifier: GPL-2.0
/*
 * The writer: a kernel thread that drains the per-CPU buffers into the
 * trace files, in batches, and closes files no process traces into.
 * ktr_sync() has it do so at once, and waits, for callers that need the
 * file complete and closed (CLEAR); ktr_flush() the records only (a
 * traced process's exit).  Every write is the
 * writer's, so no caller's file size limit (and SIGXFSZ) applies to a
 * trace file; only after the writer has stopped (unload) does the caller
 * write itself.
 */
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/irq_work.h>
#include <linux/kthread.h>
#include <linux/magic.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/namei.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/uio.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/wait.h>

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
#define KTR_COPY_MAX	512
#define KTR_STAGE_SIZE	(64 << 10)	/* bytes of small records per write */
#define KTR_BATCH_MAX	(1 << 20)	/* bytes per write, at most */

unsigned int ktr_flush_ms = 100;

/*
 * For tests only: the writer sleeps this long before each write to a
 * trace file, as if the file's writes stalled (a hung NFS server).
 */
static unsigned int ktr_fault_stall_ms;
module_param_named(fault_stall_ms, ktr_fault_stall_ms, uint, 0644);
MODULE_PARM_DESC(fault_stall_ms, "tests only: the writer sleeps this long before each write");

static DEFINE_MUTEX(ktr_drain_mutex);	/* one drain at a time */
static LIST_HEAD(ktr_dirty);		/* files with records to write */
static struct task_struct *ktr_writer;
static DECLARE_WAIT_QUEUE_HEAD(ktr_writer_wq);
static bool ktr_writer_kicked;

/* ktr_sync() requests: tickets taken, and the last one served. */
static DEFINE_SPINLOCK(ktr_ticket_lock);
static bool ktr_writer_serving;		/* under ktr_ticket_lock */
static u64 ktr_tickets;			/* under ktr_ticket_lock */
static u64 ktr_served;			/* READ_ONCE/WRITE_ONCE */
static bool ktr_full_pending;		/* a ticket wants a sync: ticket lock */
static DECLARE_WAIT_QUEUE_HEAD(ktr_served_wq);

struct ktr_file_w {			/* writer-private part of a file */
	struct ktr_file f;
	struct list_head dirty;		/* on ktr_dirty while niov > 0 */
	struct kvec iov[KTR_IOV_MAX];	/* the next write, in order */
	int niov;
	size_t bytes;			/* in iov */
	char *stage;			/* the small records of the write */
	size_t staged;
};

/*
 * Any context that may wake a task (a module parameter write, even
 * during load or unload, too): have the writer drain now, and start a
 * wait of the current flush_ms.
 */
void ktr_writer_wake(void)
{
	WRITE_ONCE(ktr_writer_kicked, true);
	wake_up(&ktr_writer_wq);
}

static void ktr_kick_fn(struct irq_work *w)
{
	ktr_writer_wake();
}
static DEFINE_IRQ_WORK(ktr_kick_work, ktr_kick_fn);

/*
 * Any context: ask the writer to drain soon.  Once asked, it is woken
 * and will drain: until it has woken (and cleared the flag), asking
 * again would only raise another interrupt, from every record made on
 * a ring past half full.
 */
void ktr_writer_kick(void)
{
	if (!READ_ONCE(ktr_writer_kicked))
		irq_work_queue(&ktr_kick_work);
}

/* A write failed: stop every trace into @f, as BSD does, and say so. */
static void ktr_file_fail(struct ktr_file *f, int err)
{
	f->failed = true;
	ktr_proc_clear_file(f, true, err);
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

/*
 * Append @fw's batch.  A write that fails part way (a full file system)
 * would leave a partial record: cut the file back to the last whole one,
 * so that readers see a trace that merely ends early.
 */
static void ktr_file_write(struct ktr_file_w *fw)
{
	struct ktr_file *f = &fw->f;
	loff_t start = i_size_read(file_inode(f->filp));
	unsigned int stall = READ_ONCE(ktr_fault_stall_ms);
	struct iov_iter it;
	size_t done = 0, whole;

	if (stall && current == ktr_writer && !kthread_should_stop())
		schedule_timeout_interruptible(msecs_to_jiffies(stall));
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
			ktr_file_fail(f, n ? -(int)n : ENOSPC);
			break;
		}
		done += n;
	}
	fw->niov = 0;
	fw->bytes = 0;
	fw->staged = 0;
}

/* Write every batch: the drain frees the ring space they point into. */
static void ktr_write_batches(void)
{
	struct ktr_file_w *fw, *tmp;

	list_for_each_entry_safe(fw, tmp, &ktr_dirty, dirty) {
		list_del_init(&fw->dirty);
		ktr_file_write(fw);
	}
}

/* Add record @h to its file's batch; true when the batch is full. */
static bool ktr_emit(struct ktr_file *f, const struct ktr_header *h)
{
	struct ktr_file_w *fw = container_of(f, struct ktr_file_w, f);
	size_t len = sizeof(*h) + h->ktr_len;
	const void *at = h;
	struct kvec *last;

	if (f->failed)
		return false;
	if (list_empty(&fw->dirty))
		list_add_tail(&fw->dirty, &ktr_dirty);
	/* Full already (a caller that did not write when told): write. */
	if (fw->niov == KTR_IOV_MAX || fw->staged + KTR_COPY_MAX > KTR_STAGE_SIZE)
		ktr_file_write(fw);
	if (len < KTR_COPY_MAX) {
		at = memcpy(fw->stage + fw->staged, h, len);
		fw->staged += len;
	}
	last = fw->niov ? &fw->iov[fw->niov - 1] : NULL;
	if (last && last->iov_base + last->iov_len == at)
		last->iov_len += len;
	else
		fw->iov[fw->niov++] = (struct kvec){ (void *)at, len };
	fw->bytes += len;
	return fw->niov == KTR_IOV_MAX || fw->bytes >= KTR_BATCH_MAX ||
	       fw->staged + KTR_COPY_MAX > KTR_STAGE_SIZE;
}

/* Under ktr_drain_mutex: write out everything published so far. */
static void ktr_drain_locked(void)
{
	ktr_buf_drain(ktr_emit, ktr_write_batches);
	ktr_wait_wake();	/* the rings are emptier */
}

static void ktr_file_free(struct ktr_file *f)
{
	struct ktr_file_w *fw = container_of(f, struct ktr_file_w, f);

	fput(f->filp);
	kvfree(fw->stage);
	kfree(fw);
}

/* Under ktr_drain_mutex: close the files no process traces into. */
static void ktr_reap_locked(void)
{
	struct ktr_file *f, *tmp;
	LIST_HEAD(dead);

	raw_spin_lock(&ktr_lock);
	list_for_each_entry_safe(f, tmp, &ktr_files, node) {
		if (f->nprocs)
			continue;
		f->dying = true;
		list_move(&f->node, &dead);
	}
	raw_spin_unlock(&ktr_lock);
	if (list_empty(&dead))
		return;

	/* After this no probe is still writing a record for them. */
	synchronize_rcu();
	ktr_drain_locked();
	list_for_each_entry_safe(f, tmp, &dead, node)
		ktr_file_free(f);
}

/*
 * A KTR_LOST for a process whose trace ended with losses no record of
 * its own could carry: written by the writer, after its last records.
 */
static void ktr_emit_lost(struct ktr_file *f, struct ktr_proc *p, long n)
{
	struct {
		struct ktr_header h;
		struct ktr_lost l;
	} r = { };
	struct task_struct *t;
	struct timespec64 ts;

	ktime_get_real_ts64(&ts);
	r.h.ktr_len = sizeof(r.l);
	r.h.ktr_type = KTR_LOST | KTR_DROP | KTR_VERSIONED;
	r.h.ktr_version = KTR_VERSION1;
	r.h.ktr_pid = r.h.ktr_tid = pid_nr(p->tgid);
	rcu_read_lock();
	t = pid_task(p->tgid, PIDTYPE_TGID);
	if (t)
		strscpy_pad(r.h.ktr_comm, t->comm, sizeof(t->comm));
	rcu_read_unlock();
	r.h.ktr_time.tv_sec = ts.tv_sec;
	r.h.ktr_time.tv_nsec = ts.tv_nsec;
	r.h.ktr_cpu = raw_smp_processor_id();
	r.l.ktr_count = n;
	if (ktr_emit(f, &r.h))	/* copied: it is small */
		ktr_write_batches();
}

/* Write out every record made so far and close unused files, here. */
static void ktr_sync_here(void)
{
	mutex_lock(&ktr_drain_mutex);
	ktr_drain_locked();
	ktr_proc_reap(ktr_drain_locked, ktr_emit_lost);
	ktr_drain_locked();	/* the LOST records */
	ktr_reap_locked();
	mutex_unlock(&ktr_drain_mutex);
}

/* Write out every record made so far and the exited's losses, here. */
static void ktr_flush_here(void)
{
	mutex_lock(&ktr_drain_mutex);
	ktr_drain_locked();
	if (ktr_proc_report_exited(ktr_emit_lost))
		ktr_drain_locked();
	mutex_unlock(&ktr_drain_mutex);
}

static void ktr_write_out_here(bool full)
{
	if (full)
		ktr_sync_here();
	else
		ktr_flush_here();
}

/*
 * Have the writer flush (@full: sync) and wait for it, or do it here.
 * @bound: wait at most this long (jiffies; 0: as long as it takes).
 */
static void ktr_request(bool full, unsigned long bound)
{
	u64 ticket = 0;

	spin_lock(&ktr_ticket_lock);
	if (ktr_writer_serving && current != ktr_writer) {
		ticket = ++ktr_tickets;
		ktr_full_pending |= full;
	}
	spin_unlock(&ktr_ticket_lock);
	if (!ticket) {
		ktr_write_out_here(full);
		return;
	}
	ktr_writer_wake();
	if (bound)
		wait_event_timeout(ktr_served_wq,
				   READ_ONCE(ktr_served) >= ticket, bound);
	else
		wait_event(ktr_served_wq, READ_ONCE(ktr_served) >= ticket);
}

/*
 * Write out every record made before the call and close unused files:
 * by the writer, waiting for it.  Process context, may sleep.
 */
void ktr_sync(void)
{
	ktr_request(true, 0);
}

/*
 * Write out every record made before the call, and the losses of the
 * processes that have exited, but leave closing files and freeing
 * state, which wait for grace periods, to the writer's next sync.
 * Process context, may sleep: a traced process's exit, which waits no
 * longer than kernel.ktrace.max_wait_ms for a writer whose writes stall
 * (the records are written when they can be); nor at all when killed.
 */
void ktr_flush(void)
{
	unsigned int ms = READ_ONCE(ktr_max_wait_ms);
	/* Killed: dying from SIGKILL (an exit's task_work), or about to. */
	bool killed = fatal_signal_pending(current) ||
		      ((current->flags & PF_EXITING) &&
		       (current->exit_code & 0x7f) == SIGKILL);

	if (killed || !ms)
		ktr_writer_wake();
	else
		ktr_request(false, msecs_to_jiffies(ms));
}

/*
 * A drain for every ticket taken so far, then wake their holders; a
 * sync when one of them asked for it or @full.
 */
static void ktr_serve(bool last, bool full)
{
	u64 upto;

	spin_lock(&ktr_ticket_lock);
	upto = ktr_tickets;	/* their records were made before this */
	full |= ktr_full_pending || last;
	ktr_full_pending = false;
	if (last)
		ktr_writer_serving = false;
	spin_unlock(&ktr_ticket_lock);
	ktr_write_out_here(full);
	WRITE_ONCE(ktr_served, upto);
	wake_up_all(&ktr_served_wq);
}

/*
 * Change the buffer size.  Under ktr_op_mutex, with nothing traced: no
 * probe can make a record once a grace period has passed.
 */
int ktr_writer_resize(unsigned long size)
{
	int err;

	lockdep_assert_held(&ktr_op_mutex);
	if (!ktr_procs_empty_set(KTR_RING_FILE))
		return -EBUSY;
	synchronize_rcu();
	ktr_sync();
	mutex_lock(&ktr_drain_mutex);
	ktr_drain_locked();	/* nothing left, unless a LOST raced in */
	err = ktr_buf_resize(size);
	mutex_unlock(&ktr_drain_mutex);
	return err;
}

/*
 * Kicks (a ring half full, an exiting process) get a flush; a sync, which
 * may wait for grace periods, runs at most once every flush_ms, unless a
 * caller of ktr_sync() asks for one.
 */
static int ktr_writer_fn(void *unused)
{
	unsigned long last_sync = jiffies;

	while (!kthread_should_stop()) {
		unsigned long period =
			msecs_to_jiffies(max(READ_ONCE(ktr_flush_ms), 1U));
		bool full;

		wait_event_interruptible_timeout(ktr_writer_wq,
			READ_ONCE(ktr_writer_kicked) || kthread_should_stop(),
			period);
		WRITE_ONCE(ktr_writer_kicked, false);
		full = time_after_eq(jiffies, last_sync + period);
		if (full)
			last_sync = jiffies;
		ktr_serve(false, full);
		ktr_pools_refill();	/* what the probes took */
		if (!ktr_tracing())
			ktr_hooks_update(true);
	}
	ktr_serve(true, true);	/* later callers write themselves */
	return 0;
}

int ktr_writer_start(void)
{
	struct task_struct *t;

	t = kthread_create(ktr_writer_fn, NULL, "ktrace_writer");
	if (IS_ERR(t))
		return PTR_ERR(t);
	ktr_writer = t;
	ktr_writer_serving = true;
	wake_up_process(t);
	return 0;
}

void ktr_writer_stop(void)
{
	kthread_stop(ktr_writer);
	irq_work_sync(&ktr_kick_work);
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

/* Copy in a trace file name: bounded by PATH_MAX. */
static char *ktr_copy_path(const char __user *upath, int *err)
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
	struct ktr_file *f;
	struct file *filp;
	struct path kp;
	char *path;
	int nfiles = 0;

	path = ktr_copy_path(upath, err);
	if (!path)
		return NULL;
	*err = kern_path(path, 0, &kp);
	if (!*err) {
		if (d_is_symlink(kp.dentry))
			*err = -ELOOP;
		else if (!d_is_reg(kp.dentry) ||
			 !ktr_fs_holds_data(kp.dentry->d_sb))
			*err = -EACCES;
		path_put(&kp);
	}
	if (*err) {
		kfree(path);
		return NULL;
	}
	filp = filp_open(path, O_WRONLY | O_APPEND | O_LARGEFILE | O_NOFOLLOW |
			 O_NONBLOCK | O_NOCTTY, 0);
	kfree(path);
	if (IS_ERR(filp)) {
		*err = PTR_ERR(filp);
		return NULL;
	}
	/* Replaced meanwhile? */
	if (!S_ISREG(file_inode(filp)->i_mode) ||
	    !ktr_fs_holds_data(file_inode(filp)->i_sb)) {
		fput(filp);
		*err = -EACCES;
		return NULL;
	}

	fw = kzalloc(sizeof(*fw), GFP_KERNEL);
	if (fw)
		fw->stage = kvmalloc(KTR_STAGE_SIZE, GFP_KERNEL);
	if (!fw || !fw->stage) {
		if (fw)
			kfree(fw);
		fput(filp);
		*err = -ENOMEM;
		return NULL;
	}
	INIT_LIST_HEAD(&fw->dirty);
	fw->f.filp = filp;
	fw->f.nprocs = 1;

	raw_spin_lock(&ktr_lock);
	list_for_each_entry(f, &ktr_files, node) {
		nfiles++;
		if (!f->dying && !f->failed &&
		    file_inode(f->filp) == file_inode(filp)) {
			f->nprocs++;
			raw_spin_unlock(&ktr_lock);
			ktr_file_free(&fw->f);
			return f;
		}
	}
	if (nfiles >= KTR_MAX_FILES) {
		raw_spin_unlock(&ktr_lock);
		ktr_file_free(&fw->f);
		*err = -ENFILE;
		return NULL;
	}
	list_add(&fw->f.node, &ktr_files);
	raw_spin_unlock(&ktr_lock);
	*err = 0;
	return &fw->f;
}
