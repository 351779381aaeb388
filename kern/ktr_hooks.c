// SPDX-License-Identifier: GPL-2.0
/*
 * The life of a traced process, and the registration of every probe.
 * Fork passes the trace on to children (KTRFAC_INHERIT); exec stops it
 * for a process that gained privilege; exit ends it and makes sure its
 * records are in the file before its parent can reap it.
 *
 * The probes are registered only while some process is traced: the first
 * syscall probe makes every thread in the system take the slow syscall
 * path, which costs even the untraced.
 */
#define pr_fmt(fmt) "ktrace: " fmt

#include <linux/err.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/binfmts.h>
#include <linux/sched/coredump.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/string.h>
#include <linux/task_work.h>
#include <linux/tracepoint.h>
#include <linux/wait_bit.h>
#include <asm/syscall.h>

#include "ktr.h"

static DEFINE_MUTEX(ktr_hooks_mutex);	/* registration state */
static bool ktr_hooks_on;
/* Visible so tests and operators can see the probes come and go. */
module_param_named(probes_registered, ktr_hooks_on, bool, 0444);
MODULE_PARM_DESC(probes_registered, "the tracepoint probes are registered (read only)");
static atomic_t ktr_exit_works = ATOMIC_INIT(0);	/* pending flushes */

/* PROCCTOR: the ABI of @task's process, for the reader (under RCU). */
static void ktr_put_ctor(struct ktr_proc *p, struct task_struct *task)
{
	struct ktr_proc_ctor *c;
	struct ktr_header *h;

	if (!(READ_ONCE(p->facs) & KTRFAC_PROCCTOR))
		return;
	h = ktr_record_begin(p, task, KTR_PROCCTOR, sizeof(*c));
	if (!h)
		return;
	c = (struct ktr_proc_ctor *)(h + 1);
	c->sv_flags = KTR_SV_ABI_LINUX;
#ifdef CONFIG_X86_64
	if (test_tsk_thread_flag(task, TIF_ADDR32))
		c->sv_flags |= KTR_SV_ILP32;
	else
#endif
		c->sv_flags |= KTR_SV_LP64;
	ktr_record_end(p, h);
}

/* PROCCTOR for @task's trace state in @set, if it has one. */
void ktr_record_ctor(struct task_struct *task, int set)
{
	struct ktr_proc *p;

	rcu_read_lock();
	p = ktr_proc_find_set(task_tgid(task), set);
	if (p)
		ktr_put_ctor(p, task);
	rcu_read_unlock();
}

/* @child inherits @parent's trace in @set, if that one is inherited. */
static void ktr_fork_set(struct task_struct *parent, struct task_struct *child,
			 int set)
{
	struct ktr_proc *pp, *cp;

	rcu_read_lock();
	pp = ktr_proc_find_set(task_tgid(parent), set);
	if (!pp || !(READ_ONCE(pp->facs) & KTRFAC_INHERIT)) {
		rcu_read_unlock();
		return;
	}
	rcu_read_unlock();

	preempt_disable();	/* as the probe already is, but for the pool */
	cp = ktr_proc_alloc_atomic(task_tgid(child), set);
	preempt_enable();
	raw_spin_lock(&ktr_lock);
	/* Look again: the parent's trace may have been cleared meanwhile. */
	pp = ktr_proc_find_set(task_tgid(parent), set);
	if (pp && cp && !ktr_proc_find_set(task_tgid(child), set)) {
		cp->facs = pp->facs;
		ktr_proc_copy_filter(cp, pp);
		ktr_proc_insert(cp, rcu_dereference_protected(pp->file,
						lockdep_is_held(&ktr_lock)));
		cp = NULL;
	} else if (pp && !cp) {
		pr_warn_ratelimited("no memory to trace child %d of traced process %d\n",
				    task_tgid_nr(child), task_tgid_nr(parent));
	}
	raw_spin_unlock(&ktr_lock);
	if (cp) {
		put_pid(cp->tgid);	/* not the last: the child holds it */
		ktr_pool_put(KTR_POOL_PROC, cp);
	} else {
		ktr_record_ctor(child, set);
	}
}

/* A new process (not a thread) inherits its parent's traces if asked to. */
static void ktr_probe_fork(void *data, struct task_struct *parent,
			   struct task_struct *child)
{
	int set;

	ktr_spare_fork(child);
	if (child->tgid == parent->tgid)
		return;		/* a thread: it belongs to the traced process */
	if (!ktr_proc_maybe(parent))
		return;
	for (set = 0; set < KTR_RING_NSETS; set++)
		ktr_fork_set(parent, child, set);
}

/*
 * After exec: a process that gained privilege (setuid, setgid, file
 * capabilities: all make it non-dumpable) stops being traced unless root
 * set the trace; otherwise its ABI may have changed.
 */
static void ktr_probe_exec(void *data, struct task_struct *task,
			   pid_t old_pid, struct linux_binprm *bprm)
{
	struct ktr_proc *ps[KTR_RING_NSETS];
	bool gained = false, dumpable;
	int i, n;

	if (!ktr_maybe(task))
		return;
	dumpable = task->mm && get_dumpable(task->mm) == SUID_DUMP_USER;
	rcu_read_lock();
	n = ktr_proc_states(task, ps);
	for (i = 0; i < n; i++) {
		if (!dumpable && !(READ_ONCE(ps[i]->facs) & KTRFAC_ROOT))
			gained = true;
		else
			ktr_put_ctor(ps[i], task);
	}
	rcu_read_unlock();
	if (!gained)
		return;
	raw_spin_lock(&ktr_lock);
	for (i = 0; i < KTR_RING_NSETS; i++) {
		struct ktr_proc *p = ktr_proc_find_set(task_tgid(task), i);

		if (p && !(p->facs & KTRFAC_ROOT))
			ktr_proc_unlink(p);
	}
	raw_spin_unlock(&ktr_lock);
	ktr_writer_kick();
}

/* Runs in the exiting task, in process context, before its parent is told. */
static void ktr_exit_flush(struct callback_head *cb)
{
	struct ktr_proc *p = container_of(cb, struct ktr_proc, exit_work);

	raw_spin_lock(&ktr_lock);
	p->exit_pending = false;	/* p may be freed from here on */
	raw_spin_unlock(&ktr_lock);
	/*
	 * The records only: closing files and freeing the state wait for
	 * grace periods, which the writer takes in its own time.  A parent
	 * must not wait for them in wait(2) after every child.
	 */
	ktr_flush();
	/*
	 * Unload waits for this count to reach zero; only the return from
	 * this function is left to run in module text after it does.
	 */
	if (atomic_dec_and_test(&ktr_exit_works))
		wake_up_var(&ktr_exit_works);
}

/* PROCDTOR, in every set that records @task's process. */
static void ktr_put_dtors(struct task_struct *task)
{
	struct ktr_proc *ps[KTR_RING_NSETS];
	struct ktr_header *h;
	int i, n;

	rcu_read_lock();
	n = ktr_proc_states(task, ps);
	for (i = 0; i < n; i++) {
		if (!(READ_ONCE(ps[i]->facs) & KTRFAC_PROCDTOR))
			continue;
		h = ktr_record_begin(ps[i], task, KTR_PROCDTOR, 0);
		if (h)
			ktr_record_end(ps[i], h);
	}
	rcu_read_unlock();
}

/*
 * A process exits: its traces end.  Its trace file must hold its records
 * before a parent outside the trace learns of the exit (a flight
 * recording owes none).  A parent traced into the same file is inside:
 * it tells no one outside before its own exit, whose flush writes every
 * record made before it, this process's too (or, traced in turn, its
 * parent's does), and the writer's pass every flush_ms meanwhile.  The
 * children of a traced program then spare their parent a write each.
 */
static void ktr_probe_exit(void *data, struct task_struct *task)
{
	struct ktr_proc *p, *fp;
	bool owed = false;

	if (atomic_read(&task->signal->live))
		return;		/* other threads of the process live on */
	if (!ktr_maybe(task))
		return;
	ktr_put_dtors(task);
	raw_spin_lock(&ktr_lock);
	fp = ktr_proc_find_set(task_tgid(task), KTR_RING_FLIGHT);
	if (fp)
		ktr_proc_unlink(fp);
	p = ktr_proc_find(task);
	if (p) {
		owed = !ktr_proc_parent_writes(task, p);
		ktr_proc_unlink(p);
		p->exit_pending = owed;
		ktr_proc_exited(p);
	}
	raw_spin_unlock(&ktr_lock);
	if (!owed)
		return;

	atomic_inc(&ktr_exit_works);
	init_task_work(&p->exit_work, ktr_exit_flush);
	if (task == current && !task_work_add(task, &p->exit_work, TWA_NONE))
		return;
	/* Too late to flush from the task: the writer will do it. */
	raw_spin_lock(&ktr_lock);
	p->exit_pending = false;
	raw_spin_unlock(&ktr_lock);
	if (atomic_dec_and_test(&ktr_exit_works))
		wake_up_var(&ktr_exit_works);
	ktr_writer_kick();
}

static const struct ktr_tp_probe ktr_life_probes[] = {
	{ "sched_process_fork", ktr_probe_fork },
	{ "sched_process_exec", ktr_probe_exec },
	{ "sched_process_exit", ktr_probe_exit },
	{ }
};

static const struct ktr_tp_probe *const ktr_probe_sets[] = {
	ktr_sys_probes, ktr_sched_probes, ktr_life_probes,
};

#define KTR_MAX_PROBES	16
static struct {
	const struct ktr_tp_probe *probe;
	struct tracepoint *tp;
} ktr_hooks[KTR_MAX_PROBES];
static int ktr_nhooks;

/*
 * For tests only: a tracepoint to take for missing, as on a kernel built
 * without it (no CONFIG_FTRACE_SYSCALLS: no sys_enter, sys_exit).
 */
static char *ktr_fault_no_tp;
module_param_named(fault_no_tracepoint, ktr_fault_no_tp, charp, 0444);
MODULE_PARM_DESC(fault_no_tracepoint, "tests only: act as if this tracepoint did not exist");

static void ktr_find_tp(struct tracepoint *tp, void *unused)
{
	int i;

	if (ktr_fault_no_tp && !strcmp(tp->name, ktr_fault_no_tp))
		return;
	for (i = 0; i < ktr_nhooks; i++)
		if (!strcmp(tp->name, ktr_hooks[i].probe->name))
			ktr_hooks[i].tp = tp;
}

/* Find every tracepoint once; fail if one is missing. */
static int ktr_find_hooks(void)
{
	const struct ktr_tp_probe *pr;
	int i;

	if (ktr_nhooks)
		return 0;
	for (i = 0; i < ARRAY_SIZE(ktr_probe_sets); i++)
		for (pr = ktr_probe_sets[i]; pr->name; pr++) {
			if (WARN_ON(ktr_nhooks == KTR_MAX_PROBES))
				return -ENOSPC;
			ktr_hooks[ktr_nhooks++].probe = pr;
		}
	for_each_kernel_tracepoint(ktr_find_tp, NULL);
	for (i = 0; i < ktr_nhooks; i++)
		if (!ktr_hooks[i].tp) {
			pr_err("tracepoint %s not found: this kernel cannot be traced\n",
			       ktr_hooks[i].probe->name);
			ktr_nhooks = 0;
			return -EOPNOTSUPP;	/* not ENOSYS: the module is here */
		}
	return 0;
}

static void ktr_unregister(int n)
{
	ktr_spare_stop();
	while (n-- > 0)
		tracepoint_probe_unregister(ktr_hooks[n].tp,
					    ktr_hooks[n].probe->probe, NULL);
	tracepoint_synchronize_unregister();
}

static int ktr_register(void)
{
	int i, err;

	err = ktr_find_hooks();
	if (err)
		return err;
	for (i = 0; i < ktr_nhooks; i++) {
		err = tracepoint_probe_register(ktr_hooks[i].tp,
						ktr_hooks[i].probe->probe, NULL);
		if (err) {
			ktr_unregister(i);
			return err;
		}
	}
	ktr_spare_start();
	/* The writer, resting while the probes were off, keeps its period. */
	ktr_writer_resume();
	return 0;
}

/*
 * Register the probes while something is traced; unregister them once
 * nothing has been, for linger_ms (only when @may_unregister: the writer).
 * Each change patches kernel text on every CPU and waits for grace
 * periods: too costly to do on every CLEAR of a trace that may be set
 * again at once.
 */
static unsigned int ktr_linger_ms = 2000;
module_param_named(linger_ms, ktr_linger_ms, uint, 0644);
MODULE_PARM_DESC(linger_ms, "keep the probes this long after the last trace ends");

static unsigned int ktr_hooks_pins;	/* SETs between _need() and _done() */

int ktr_hooks_update(bool may_unregister)
{
	static unsigned long empty_since;
	bool want;
	int err = 0;

	mutex_lock(&ktr_hooks_mutex);
	/*
	 * Under the mutex, and with the SETs under way: the writer must not
	 * take the probes away between a SET's ktr_hooks_need() and the
	 * moment its processes are in the table.
	 */
	want = ktr_tracing() || ktr_hooks_pins;
	if (want)
		empty_since = 0;
	else if (ktr_hooks_on && !empty_since)
		empty_since = jiffies;
	if (want && !ktr_hooks_on)
		err = ktr_register();
	else if (!want && ktr_hooks_on && may_unregister &&
		 time_after_eq(jiffies, empty_since +
			       msecs_to_jiffies(READ_ONCE(ktr_linger_ms))))
		ktr_unregister(ktr_nhooks);
	else
		want = ktr_hooks_on;	/* no change */
	if (!err)
		ktr_hooks_on = want;
	mutex_unlock(&ktr_hooks_mutex);
	return err;
}

/*
 * SET: the probes must be there before a process is traced, and stay
 * until ktr_hooks_done().
 */
int ktr_hooks_need(void)
{
	int err = 0;

	mutex_lock(&ktr_hooks_mutex);
	if (!ktr_hooks_on)
		err = ktr_register();
	if (!err) {
		ktr_hooks_on = true;
		ktr_hooks_pins++;
	}
	mutex_unlock(&ktr_hooks_mutex);
	return err;
}

/* The SET that ktr_hooks_need() succeeded for is over, done or failed. */
void ktr_hooks_done(void)
{
	mutex_lock(&ktr_hooks_mutex);
	ktr_hooks_pins--;
	mutex_unlock(&ktr_hooks_mutex);
	ktr_hooks_update(false);
}

/*
 * Are the probes off, with no SET under way?  Under the mutex that
 * registering them holds, and resumes the writer under (ktr_register()):
 * either the writer sees them on, or its wait sees the resume.
 */
bool ktr_hooks_off(void)
{
	bool off;

	mutex_lock(&ktr_hooks_mutex);
	off = !ktr_hooks_on && !ktr_hooks_pins;
	mutex_unlock(&ktr_hooks_mutex);
	return off;
}

/* Unload: no probe runs and no exit flush is pending after this. */
void ktr_hooks_shutdown(void)
{
	mutex_lock(&ktr_hooks_mutex);
	if (ktr_hooks_on)
		ktr_unregister(ktr_nhooks);
	ktr_hooks_on = false;
	mutex_unlock(&ktr_hooks_mutex);
	wait_var_event(&ktr_exit_works, !atomic_read(&ktr_exit_works));
}
