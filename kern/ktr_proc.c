// SPDX-License-Identifier: GPL-2.0
/*
 * The traced processes: a hash table keyed by the process's struct pid,
 * read locklessly under RCU by the probes on every syscall, changed under
 * ktr_lock (a raw spinlock: fork and exit probes change it in atomic
 * context, where even PREEMPT_RT's spinlocks may not sleep; nothing that
 * may sleep is done under it).
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/hashtable.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/sched/coredump.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "ktr.h"

/* Raw: the probes take it in atomic context, also on PREEMPT_RT. */
DEFINE_RAW_SPINLOCK(ktr_lock);
DEFINE_HASHTABLE(ktr_procs, KTR_PROC_HASH_BITS);
static LIST_HEAD(ktr_retired);		/* untraced, not yet freed */
static LIST_HEAD(ktr_lossy);		/* retired by exit, with losses */
static unsigned int ktr_nprocs[KTR_RING_NSETS];	/* under ktr_lock */

/* @tgid's trace state in @set, under rcu_read_lock() or ktr_lock. */
struct ktr_proc *ktr_proc_find_set(struct pid *tgid, int set)
{
	struct ktr_proc *p;

	hash_for_each_possible_rcu(ktr_procs, p, hnode, (unsigned long)tgid,
				   lockdep_is_held(&ktr_lock))
		if (p->tgid == tgid && p->set == set)
			return p;
	return NULL;
}

/* @task's trace into a file, under rcu_read_lock() or ktr_lock. */
struct ktr_proc *ktr_proc_find(struct task_struct *task)
{
	return ktr_proc_find_set(task_tgid(task), KTR_RING_FILE);
}

/*
 * Every trace state that selects @task's records (ktr_states_of()), as
 * an array to loop over; returns how many.
 */
int ktr_proc_states(struct task_struct *task,
		    struct ktr_proc *ps[KTR_RING_NSETS])
{
	struct ktr_states s = ktr_states_of(task);
	int n = 0;

	if (s.file)
		ps[n++] = s.file;
	if (s.flight)
		ps[n++] = s.flight;
	return n;
}

/* Is nothing traced, in any set? */
bool ktr_procs_empty(void)
{
	return ktr_procs_empty_set(KTR_RING_FILE) &&
	       ktr_procs_empty_set(KTR_RING_FLIGHT);
}

/* Is no process traced in @set (the flight recorder's all apart)? */
bool ktr_procs_empty_set(int set)
{
	return READ_ONCE(ktr_nprocs[set]) == 0;
}

static struct ktr_proc *ktr_proc_init(struct ktr_proc *p, struct pid *tgid,
				      int set)
{
	if (!p)
		return NULL;
	p->tgid = get_pid(tgid);
	p->set = set;
	atomic_long_set(&p->dropped, 0);
	INIT_LIST_HEAD(&p->retired);
	INIT_LIST_HEAD(&p->lossy);
	return p;
}

/* A trace state for @tgid in @set, in process context. */
struct ktr_proc *ktr_proc_alloc(struct pid *tgid, int set)
{
	return ktr_proc_init(kzalloc(sizeof(struct ktr_proc), GFP_KERNEL),
			     tgid, set);
}

/* The same in a probe, preemption disabled: from the CPU's pool. */
struct ktr_proc *ktr_proc_alloc_atomic(struct pid *tgid, int set)
{
	return ktr_proc_init(ktr_pool_get(KTR_POOL_PROC), tgid, set);
}

/*
 * Under ktr_lock: select the syscalls @p records (@sf: all if NULL).  The
 * probes read the map without the lock: a call made while it changes is
 * recorded by the old selection or the new one.
 */
void ktr_proc_set_filter(struct ktr_proc *p, const struct ktr_sysfilter *sf)
{
	int i;

	lockdep_assert_held(&ktr_lock);
	if (!sf) {
		WRITE_ONCE(p->filtered, false);
		return;
	}
	BUILD_BUG_ON(sizeof(p->sysmask[0]) != sizeof(sf->ksf_native));
	for (i = 0; i < ARRAY_SIZE(p->sysmask[0]); i++) {
		WRITE_ONCE(p->sysmask[0][i], sf->ksf_native[i]);
		WRITE_ONCE(p->sysmask[1][i], sf->ksf_compat[i]);
	}
	WRITE_ONCE(p->filtered, true);
}

/* A child inherits its parent's selection (@to is not yet visible). */
void ktr_proc_copy_filter(struct ktr_proc *to, const struct ktr_proc *from)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(to->sysmask[0]); i++) {
		to->sysmask[0][i] = READ_ONCE(from->sysmask[0][i]);
		to->sysmask[1][i] = READ_ONCE(from->sysmask[1][i]);
	}
	to->filtered = READ_ONCE(from->filtered);
}

/*
 * Under ktr_lock: make @p visible to the probes, tracing into @f (NULL
 * in the flight set).
 */
void ktr_proc_insert(struct ktr_proc *p, struct ktr_file *f)
{
	lockdep_assert_held(&ktr_lock);
	if (f)
		f->nprocs++;
	rcu_assign_pointer(p->file, f);
	hash_add_rcu(ktr_procs, &p->hnode, (unsigned long)p->tgid);
	ktr_nprocs[p->set]++;
	ktr_spare_traced(p->tgid);
}

/* Under ktr_lock: move @p to trace file @f. */
void ktr_proc_set_file(struct ktr_proc *p, struct ktr_file *f)
{
	struct ktr_file *old = rcu_dereference_protected(p->file,
					lockdep_is_held(&ktr_lock));

	lockdep_assert_held(&ktr_lock);
	if (old == f)
		return;
	f->nprocs++;
	rcu_assign_pointer(p->file, f);
	ktr_file_put_locked(old);
}

/*
 * Under ktr_lock: stop tracing @p.  Probes may still hold it, and count
 * losses against it, until a grace period ends; so it stays, holding its
 * file, on the retired list until ktr_proc_free_retired().
 */
void ktr_proc_unlink(struct ktr_proc *p)
{
	lockdep_assert_held(&ktr_lock);
	hash_del_rcu(&p->hnode);
	list_add_tail(&p->retired, &ktr_retired);
	ktr_nprocs[p->set]--;
}

/* Free a process state no probe ever saw. */
void ktr_proc_discard(struct ktr_proc *p)
{
	put_pid(p->tgid);
	kfree(p);
}

/*
 * Take the retired processes onto @done (but those whose exit flush is
 * still to run); returns whether there were any.  They may be freed, by
 * ktr_proc_free_retired(), once a grace period has passed.
 */
bool ktr_proc_take_retired(struct list_head *done)
{
	struct ktr_proc *p, *tmp;

	raw_spin_lock(&ktr_lock);
	list_for_each_entry_safe(p, tmp, &ktr_retired, retired)
		if (!p->exit_pending)
			list_move_tail(&p->retired, done);
	raw_spin_unlock(&ktr_lock);
	return !list_empty(done);
}

/* Is no retired process state left for the writer to free? */
bool ktr_procs_none_retired(void)
{
	bool none;

	raw_spin_lock(&ktr_lock);
	none = list_empty(&ktr_retired);
	raw_spin_unlock(&ktr_lock);
	return none;
}

/*
 * Free the processes taken onto @done a grace period ago: no probe holds
 * them, and their last records have been drained.  @lost reports any
 * count of losses no later record carried, and their files are
 * released.  Under ktr_drain_mutex, which ktr_proc_report_exited() holds
 * too: a process it reports is not freed meanwhile.
 */
void ktr_proc_free_retired(struct list_head *done, ktr_lost_fn lost)
{
	struct ktr_proc *p, *tmp;

	lockdep_assert_held(&ktr_drain_mutex);
	list_for_each_entry_safe(p, tmp, done, retired) {
		struct ktr_file *f = rcu_dereference_protected(p->file, 1);
		long n = atomic_long_xchg(&p->dropped, 0);

		if (n && f)
			lost(f, p, n);
		raw_spin_lock(&ktr_lock);
		list_del_init(&p->lossy);
		if (f)
			ktr_file_put_locked(f);
		raw_spin_unlock(&ktr_lock);
		list_del(&p->retired);
		ktr_proc_discard(p);
	}
}

/*
 * Under ktr_lock: is @task's parent traced into @p's file?  Then
 * whatever unlinks the parent, under this lock and so after this test,
 * writes every record @task made, or has the writer write them: its
 * exit, a CLEAR (which syncs), an exec that ends its trace (which kicks
 * the writer).
 */
bool ktr_proc_parent_writes(struct task_struct *task, struct ktr_proc *p)
{
	struct ktr_proc *pp;
	bool same;

	lockdep_assert_held(&ktr_lock);
	rcu_read_lock();	/* the parent's task_struct */
	pp = ktr_proc_find(rcu_dereference(task->real_parent));
	same = pp && rcu_access_pointer(pp->file) ==
		     rcu_access_pointer(p->file);
	rcu_read_unlock();
	return same;
}

/*
 * Under ktr_lock: @p, just unlinked by its exit, goes on the lossy list
 * if it has losses to report, so that exit flushes look at those alone.
 */
void ktr_proc_exited(struct ktr_proc *p)
{
	lockdep_assert_held(&ktr_lock);
	if (atomic_long_read(&p->dropped))
		list_add_tail(&p->lossy, &ktr_lossy);
}

/*
 * Report the losses of the exited processes on the lossy list, without
 * the grace period their freeing waits for: none of their threads makes
 * records any more, so the count is final.  (A sibling thread's last
 * context switch may race the exit; a loss it adds is reported when the
 * process is freed.)  Only ktr_proc_free_retired() frees retired
 * processes, under ktr_drain_mutex as the caller is, so each one taken
 * stays while it is reported.  Returns whether any was.
 */
bool ktr_proc_report_exited(ktr_lost_fn lost)
{
	bool any = false;

	lockdep_assert_held(&ktr_drain_mutex);
	for (;;) {
		struct ktr_proc *p;
		long n;

		raw_spin_lock(&ktr_lock);
		p = list_first_entry_or_null(&ktr_lossy, struct ktr_proc,
					     lossy);
		if (p) {
			list_del_init(&p->lossy);
			n = atomic_long_xchg(&p->dropped, 0);
		}
		raw_spin_unlock(&ktr_lock);
		if (!p)
			return any;
		if (n)
			lost(rcu_dereference_protected(p->file, 1), p, n);
		any = true;
	}
}

/*
 * May a caller that is not root clear the trace of process @tgid?  Only
 * one it could have set: of a process it may trace (or one that has
 * already exited).  Not under ktr_lock: the check takes the task's lock,
 * which sleeps on PREEMPT_RT.
 */
static bool ktr_may_clear(struct pid *tgid)
{
	struct task_struct *task;
	bool ok = true;

	lockdep_assert_not_held(&ktr_lock);
	rcu_read_lock();
	task = pid_task(tgid, PIDTYPE_TGID);
	if (task)
		ok = ktr_can_trace(task, false);
	rcu_read_unlock();
	return ok;
}

/*
 * Under ktr_lock: up to @max processes tracing into @f whose trace root
 * did not set, held, into @pids; returns how many there are, and adds
 * root's to *@refused.
 */
static int ktr_proc_collect(struct ktr_file *f, struct pid **pids, int max,
			    int *refused)
{
	struct ktr_proc *p;
	int bkt, n = 0;

	lockdep_assert_held(&ktr_lock);
	hash_for_each(ktr_procs, bkt, p, hnode) {
		if (rcu_access_pointer(p->file) != f)
			continue;
		if (p->facs & KTRFAC_ROOT)
			(*refused)++;
		else if (n++ < max)
			pids[n - 1] = get_pid(p->tgid);
	}
	return n;
}

/*
 * CLEARFILE by a caller that is not root: the traces into @f it may
 * clear, found under the lock, checked outside it, stopped under it.
 * Returns the number of traces refused, or -ENOMEM.
 */
static int ktr_proc_clear_file_user(struct ktr_file *f)
{
	struct pid **pids = NULL;
	int i, n, max = 0, refused;

	for (;;) {
		refused = 0;
		raw_spin_lock(&ktr_lock);
		n = ktr_proc_collect(f, pids, max, &refused);
		raw_spin_unlock(&ktr_lock);
		if (n <= max)
			break;
		for (i = 0; i < max; i++)
			put_pid(pids[i]);
		kvfree(pids);
		max = n + 16;
		pids = kvmalloc_array(max, sizeof(*pids), GFP_KERNEL);
		if (!pids)
			return -ENOMEM;
	}
	for (i = 0; i < n; i++) {
		struct ktr_proc *p;
		bool ok = ktr_may_clear(pids[i]);

		raw_spin_lock(&ktr_lock);
		p = ktr_proc_find_set(pids[i], KTR_RING_FILE);
		if (p && rcu_access_pointer(p->file) == f) {
			if (ok)
				ktr_proc_unlink(p);
			else
				refused++;
		}
		raw_spin_unlock(&ktr_lock);
		put_pid(pids[i]);
	}
	kvfree(pids);
	return refused;
}

/*
 * Stop tracing every process that traces into @f: CLEARFILE, or a write
 * error @werr (logged for each process, as BSD does).  Unless @root, only
 * the traces the caller may clear: not set by root, of a process it may
 * trace.  Returns the number of traces refused (or -ENOMEM).
 */
int ktr_proc_clear_file(struct ktr_file *f, bool root, int werr)
{
	struct ktr_proc *p;
	struct hlist_node *tmp;
	int bkt;

	if (!root)
		return ktr_proc_clear_file_user(f);
	raw_spin_lock(&ktr_lock);
	hash_for_each_safe(ktr_procs, bkt, tmp, p, hnode) {
		if (rcu_access_pointer(p->file) != f)
			continue;
		if (werr)
			pr_notice("ktrace write failed, errno %d, tracing stopped for pid %d\n",
				  werr, pid_nr(p->tgid));
		ktr_proc_unlink(p);
	}
	raw_spin_unlock(&ktr_lock);
	return 0;
}

/* Stop all tracing in @set (the flight recorder's stop; unload). */
void ktr_proc_clear_set(int set)
{
	struct ktr_proc *p;
	struct hlist_node *tmp;
	int bkt;

	raw_spin_lock(&ktr_lock);
	hash_for_each_safe(ktr_procs, bkt, tmp, p, hnode)
		if (p->set == set)
			ktr_proc_unlink(p);
	raw_spin_unlock(&ktr_lock);
}

/*
 * Fill @pids with up to @max of the processes traced in @set; returns
 * how many there are.  Atomic context is fine.
 */
int ktr_proc_list(int set, s32 *pids, int max)
{
	struct ktr_proc *p;
	int bkt, n = 0;

	raw_spin_lock(&ktr_lock);
	hash_for_each(ktr_procs, bkt, p, hnode)
		if (p->set == set && n++ < max)
			pids[n - 1] = pid_nr(p->tgid);
	raw_spin_unlock(&ktr_lock);
	return n;
}

/* "root" in the BSD sense: may trace anything. */
bool ktr_caller_is_root(void)
{
	return capable(CAP_SYS_PTRACE);
}

/*
 * Did @task's process not gain privilege (setuid/setgid or file
 * capabilities make its mm non-dumpable)?  Any thread that still has the
 * mm tells: the leader may have exited before the others.  A process
 * whose threads have all let go of it is exiting, with nothing left to
 * trace or to protect: the ids alone decide.
 */
static bool ktr_dumpable(struct task_struct *task)
{
	struct task_struct *t;
	bool ok = true;

	rcu_read_lock();
	for_each_thread(task, t) {
		task_lock(t);
		if (t->mm) {
			ok = get_dumpable(t->mm) == SUID_DUMP_USER;
			task_unlock(t);
			break;
		}
		task_unlock(t);
	}
	rcu_read_unlock();
	return ok;
}

/*
 * May the caller (@root: ktr_caller_is_root()) trace @task?  Root may
 * trace anything but kernel threads.  Others only processes running
 * entirely with the caller's own ids that did not gain privilege, as
 * BSD's p_candebug() demands.  Atomic context is fine.
 */
bool ktr_can_trace(struct task_struct *task, bool root)
{
	const struct cred *me = current_cred(), *tc;
	bool ok;

	if (task->flags & PF_KTHREAD)
		return false;
	if (root)
		return true;

	rcu_read_lock();
	tc = __task_cred(task);
	ok = uid_eq(me->euid, tc->uid) && uid_eq(me->euid, tc->euid) &&
	     uid_eq(me->euid, tc->suid) && gid_eq(me->egid, tc->gid) &&
	     gid_eq(me->egid, tc->egid) && gid_eq(me->egid, tc->sgid);
	rcu_read_unlock();
	return ok && ktr_dumpable(task);
}
