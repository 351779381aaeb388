// SPDX-License-Identifier: GPL-2.0
/*
 * No silent loss: a traced program that outruns the writer waits for it,
 * as FreeBSD's does (ktruserret), instead of losing its records.
 *
 * The probes cannot sleep.  At a system call's exit, when this CPU's file
 * ring is past half full, the probe queues a task_work (TWA_RESUME, its
 * memory from ktr_pool.c), and
 * the task sleeps in it, on its way back to user mode, until the writer
 * has brought that ring down to a quarter: the half left is the headroom
 * for the records a task makes before it gets there.  The wait is
 * killable and bounded by kernel.ktrace.max_wait_ms: a trace file whose
 * writes stall (a FUSE server that is itself traced, a hung NFS server)
 * does not hang the program.  A wait that times out marks the ring
 * stalled, and nobody waits on it again until the writer has emptied it
 * to a quarter: records are lost meanwhile, and counted, as in lossy mode
 * (KTRFAC_LOSSY), where nobody ever waits.  Each wait is told in a
 * KTR_WAIT record, so the trace shows what waiting cost.
 */
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/task_work.h>
#include <linux/timekeeping.h>
#include <linux/wait.h>
#include <linux/wait_bit.h>

#include "ktr.h"

unsigned int ktr_max_wait_ms = 1000;

static DECLARE_WAIT_QUEUE_HEAD(ktr_room_wq);
static atomic_t ktr_wait_works = ATOMIC_INIT(0);	/* queued or running */
static bool ktr_wait_off;				/* unloading */

/* The KTR_WAIT record of a wait of @ns (@timedout: given up). */
static void ktr_put_wait(u64 ns, bool timedout)
{
	struct ktr_wait *w;
	struct ktr_header *h;
	struct ktr_proc *p;

	rcu_read_lock();
	p = ktr_proc_find(current);
	if (p) {
		h = ktr_record_begin(p, current, KTR_WAIT, sizeof(*w));
		if (h) {
			w = (struct ktr_wait *)(h + 1);
			w->ktr_ns = ns;
			w->ktr_timedout = timedout;
			w->ktr_pad = 0;
			ktr_record_end(p, h);
		}
	}
	rcu_read_unlock();
}

/* May the task wait now?  Not if it is on its way out. */
static bool ktr_may_wait(void)
{
	return !(current->flags & (PF_KTHREAD | PF_EXITING | PF_IO_WORKER)) &&
	       !fatal_signal_pending(current) && !READ_ONCE(ktr_wait_off);
}

/* Runs in the task, in process context, as it returns to user mode. */
static void ktr_wait_fn(struct callback_head *cb)
{
	struct ktr_wait_work *w = container_of(cb, struct ktr_wait_work, cb);
	int cpu = w->cpu;
	u64 start;
	long left;

	kfree(w);
	if (ktr_may_wait()) {
		start = ktime_get_ns();
		ktr_writer_wake();
		left = wait_event_killable_timeout(ktr_room_wq,
			ktr_buf_has_room(cpu) || READ_ONCE(ktr_wait_off),
			msecs_to_jiffies(READ_ONCE(ktr_max_wait_ms)));
		if (left == 0)
			ktr_buf_stall(cpu);
		if (left >= 0)
			ktr_put_wait(ktime_get_ns() - start, left == 0);
	}
	/*
	 * Unload waits for this count to reach zero; only the return from
	 * this function is left to run in module text after it does.
	 */
	if (atomic_dec_and_test(&ktr_wait_works))
		wake_up_var(&ktr_wait_works);
}

/*
 * ktr_wait_check() found this CPU's ring may be past half full: have the
 * task wait, on its way back to user mode, if it is.  Probe context: no
 * sleeping, no waiting here.  The ring is looked at first even for a task
 * that never waits (lossy, or max_wait_ms 0): the look clears the ring's
 * flag once it is below half, without which every later exit on this CPU
 * would come here.
 */
void ktr_wait_check_here(struct ktr_proc *p)
{
	struct ktr_wait_work *w;
	int cpu;

	cpu = get_cpu();
	if (!ktr_buf_above_half_here() ||
	    (READ_ONCE(p->facs) & KTRFAC_LOSSY) || !READ_ONCE(ktr_max_wait_ms) ||
	    !ktr_may_wait()) {
		put_cpu();
		return;
	}
	w = ktr_pool_get(KTR_POOL_WAIT);
	put_cpu();
	if (!w)
		return;		/* then records may be lost, and counted */
	w->cpu = cpu;
	init_task_work(&w->cb, ktr_wait_fn);
	atomic_inc(&ktr_wait_works);
	if (task_work_add(current, &w->cb, TWA_RESUME)) {
		kfree(w);
		atomic_dec(&ktr_wait_works);
	}
}

/* The writer made room: waiters look again. */
void ktr_wait_wake(void)
{
	if (wq_has_sleeper(&ktr_room_wq))
		wake_up_all(&ktr_room_wq);
}

/*
 * Unload, once no probe runs: no one waits any more, and no wait's code
 * is left to run.
 */
void ktr_wait_shutdown(void)
{
	WRITE_ONCE(ktr_wait_off, true);
	wake_up_all(&ktr_room_wq);
	wait_var_event(&ktr_wait_works, !atomic_read(&ktr_wait_works));
}
