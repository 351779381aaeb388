// SPDX-License-Identifier: GPL-2.0
/*
 * The writer: a kernel thread that drains the per-CPU buffers into the
 * trace files (ktr_file.c batches and writes them), and closes files no
 * process traces into.
 * ktr_sync() has it do so at once, and waits, for callers that need the
 * file complete and closed (CLEAR); ktr_flush() the records only (a
 * traced process's exit).  Every write is made as the writer makes it:
 * with the kernel's credentials, and no caller's file size limit (and
 * SIGXFSZ) applies to a trace file.  An exiting process writes itself
 * only where that changes nothing (ktr_flush_self); and after the
 * writer has stopped (unload), every caller does.
 */
#include <linux/cred.h>
#include <linux/irq_work.h>
#include <linux/kthread.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/wait.h>

#include "ktr.h"

static unsigned int ktr_flush_ms = 100;	/* the drain period */

/*
 * For tests only: the writer's wait for a grace period before it frees
 * exited processes' states lasts this much longer, as on a busy machine.
 */
static unsigned int ktr_fault_reap_ms;
module_param_named(fault_reap_ms, ktr_fault_reap_ms, uint, 0644);
MODULE_PARM_DESC(fault_reap_ms, "tests only: freeing exited processes' states waits this much longer, until unload");

/*
 * The tests' fault_*_ms parameters: sleep @ms, as a slow disk or a busy
 * machine would, unless the writer is stopping (unload does not wait).
 */
void ktr_fault_wait(unsigned int ms)
{
	if (ms && ktr_writer_serves())
		schedule_timeout_interruptible(msecs_to_jiffies(ms));
}

/* A new period applies at once, not after a sleep of the old one. */
static int ktr_flush_ms_set(const char *val, const struct kernel_param *kp)
{
	int err = param_set_uint(val, kp);

	if (!err)
		ktr_writer_wake();
	return err;
}

static const struct kernel_param_ops ktr_flush_ms_ops = {
	.set = ktr_flush_ms_set,
	.get = param_get_uint,
};
module_param_cb(flush_ms, &ktr_flush_ms_ops, &ktr_flush_ms, 0644);
MODULE_PARM_DESC(flush_ms, "how often the writer drains the buffers, in ms");

DEFINE_MUTEX(ktr_drain_mutex);		/* one drain at a time */
static struct task_struct *ktr_writer;
static DECLARE_WAIT_QUEUE_HEAD(ktr_writer_wq);
static bool ktr_writer_kicked;
static bool ktr_writer_resumed;		/* a rest is over: ktr_writer_resume() */
static const struct ktr_writer_chores *ktr_chores;

/* ktr_sync() requests: tickets taken, and the last one served. */
static DEFINE_SPINLOCK(ktr_ticket_lock);
static bool ktr_writer_serving;		/* written under ktr_ticket_lock */
static u64 ktr_tickets;			/* under ktr_ticket_lock */
static u64 ktr_served;			/* READ_ONCE/WRITE_ONCE */
static bool ktr_full_pending;		/* a ticket wants a sync: ticket lock */
static DECLARE_WAIT_QUEUE_HEAD(ktr_served_wq);

/* Whether the writer still takes requests: not from unload on. */
bool ktr_writer_serves(void)
{
	return READ_ONCE(ktr_writer_serving);
}

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

/*
 * Process context: what the writer rests for is over (the probes are
 * registered, a file is open), so its period applies again: the first
 * pass comes a period later, as it would have.  Call under the lock, or
 * after the lock section, where the change was made that ended the rest
 * (ktr_writer_fn()).
 */
void ktr_writer_resume(void)
{
	WRITE_ONCE(ktr_writer_resumed, true);
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


/*
 * Under ktr_drain_mutex: write out everything published so far but what
 * was made during the drain's look at the rings (ktr_buf_drain()), which
 * the next drain takes; @all: that too.
 */
static void ktr_drain_locked(bool all)
{
	struct ktr_file *f;
	int err;

	lockdep_assert_held(&ktr_drain_mutex);
	ktr_buf_drain(all);
	ktr_chores->drained();
	while ((f = ktr_file_take_failed(&err)))
		ktr_proc_clear_file(f, true, err);
}

/* Under ktr_drain_mutex: close the files no process traces into. */
static void ktr_reap_locked(void)
{
	struct ktr_file *f, *tmp;
	LIST_HEAD(dead);

	lockdep_assert_held(&ktr_drain_mutex);
	ktr_files_take_unused(&dead);
	if (list_empty(&dead))
		return;

	/* After this no probe is still writing a record for them. */
	synchronize_rcu();
	ktr_drain_locked(true);	/* every record naming them */
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

	ktr_header_init(&r.h, KTR_LOST | KTR_DROP, sizeof(r.l),
			ktime_get_real_ns());
	r.h.ktr_pid = r.h.ktr_tid = pid_nr(p->tgid);
	rcu_read_lock();
	t = pid_task(p->tgid, PIDTYPE_TGID);
	if (t)
		strscpy_pad(r.h.ktr_comm, t->comm, sizeof(t->comm));
	rcu_read_unlock();
	r.l.ktr_count = n;
	if (ktr_file_emit(f, &r.h))	/* copied: it is small */
		ktr_files_write();
}

/*
 * Write out every record made so far, free the states of the processes
 * no longer traced, and close unused files, here.  The grace period the
 * states wait for (milliseconds) passes without ktr_drain_mutex: an
 * exiting process writes its own records meanwhile rather than wait for
 * it, in its parent's wait(2).
 */
static void ktr_sync_here(void)
{
	LIST_HEAD(retired);

	if (ktr_proc_take_retired(&retired)) {
		synchronize_rcu();	/* no probe holds them */
		ktr_fault_wait(READ_ONCE(ktr_fault_reap_ms));
	}
	mutex_lock(&ktr_drain_mutex);
	ktr_drain_locked(false);	/* with the retired's last records */
	ktr_proc_free_retired(&retired, ktr_emit_lost);
	ktr_drain_locked(false);	/* the LOST records */
	ktr_reap_locked();
	mutex_unlock(&ktr_drain_mutex);
}

/* Under ktr_drain_mutex: every record made so far and the exited's losses. */
static void ktr_flush_locked(void)
{
	ktr_drain_locked(false);
	if (ktr_proc_report_exited(ktr_emit_lost))
		ktr_drain_locked(false);
}

/* Write out every record made so far and the exited's losses, here. */
static void ktr_flush_here(void)
{
	mutex_lock(&ktr_drain_mutex);
	ktr_flush_locked();
	mutex_unlock(&ktr_drain_mutex);
}

/*
 * A traced process's exit writes the records itself, sparing its
 * parent's wait(2) a round trip through the writer, where that changes
 * nothing the writer guarantees: no drain is under way (none is stalled
 * in a write), the last writes were prompt (ktr_files_slow), and the
 * process's file size limit would not apply to a trace file.  It writes
 * as the writer does, with the kernel's credentials.  False: it did
 * not, the writer must.
 */
static bool ktr_flush_self(void)
{
	const struct cred *kcred, *old;

	if (rlimit(RLIMIT_FSIZE) != RLIM_INFINITY || ktr_files_slow())
		return false;
	if (!mutex_trylock(&ktr_drain_mutex))
		return false;
	kcred = get_task_cred(&init_task);
	old = override_creds(kcred);
	ktr_flush_locked();
	revert_creds(old);
	put_cred(kcred);
	mutex_unlock(&ktr_drain_mutex);
	return true;
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
 * Process context, may sleep: a traced process's exit.  It writes
 * itself when it may (ktr_flush_self), else waits no longer than
 * kernel.ktrace.max_wait_ms for a writer whose writes stall (the
 * records are written when they can be); nor at all when killed.
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
	else if (!ktr_flush_self())
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
		WRITE_ONCE(ktr_writer_serving, false);
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
	ktr_drain_locked(true);	/* nothing left, unless a LOST raced in */
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
		bool rest, full;

		/*
		 * Nothing to do until told: rest, with no period.  The flag
		 * is cleared first: a resume since sets it again, and the
		 * checks, made under the locks the resumers hold, see what
		 * came before it.
		 */
		WRITE_ONCE(ktr_writer_resumed, false);
		rest = ktr_chores->idle();
		wait_event_interruptible_timeout(ktr_writer_wq,
			READ_ONCE(ktr_writer_kicked) || kthread_should_stop() ||
			(rest && READ_ONCE(ktr_writer_resumed)),
			rest ? MAX_SCHEDULE_TIMEOUT : period);
		/* A rest ended by a resume: the period starts, not a pass. */
		if (rest && !READ_ONCE(ktr_writer_kicked))
			continue;
		WRITE_ONCE(ktr_writer_kicked, false);
		full = time_after_eq(jiffies, last_sync + period);
		if (full)
			last_sync = jiffies;
		ktr_serve(false, full);
		ktr_chores->pass();
	}
	ktr_serve(true, true);	/* later callers write themselves */
	return 0;
}

int ktr_writer_start(const struct ktr_writer_chores *chores)
{
	struct task_struct *t;

	ktr_chores = chores;
	if (!ktr_flush_ms)
		ktr_flush_ms = 1;
	t = kthread_create(ktr_writer_fn, NULL, "ktrace_writer");
	if (IS_ERR(t))
		return PTR_ERR(t);
	ktr_writer = t;
	WRITE_ONCE(ktr_writer_serving, true);
	wake_up_process(t);
	return 0;
}

void ktr_writer_stop(void)
{
	kthread_stop(ktr_writer);
	irq_work_sync(&ktr_kick_work);
}
