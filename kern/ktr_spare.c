// SPDX-License-Identifier: GPL-2.0
/*
 * Sparing the untraced.  While any probe is on the syscall tracepoints,
 * the kernel sends every thread through its slow syscall path: the
 * tracepoints' regfunc sets SYSCALL_WORK_SYSCALL_TRACEPOINT on each, and
 * fork copies it.  Tracing one process would cost every other.  So while
 * ktrace's probes are the only ones there, this clears the flag on the
 * threads of the processes it does not trace, and gives it back to a
 * process when it is put in the table (ktr_proc_insert) and to a child
 * that is traced from its fork.
 *
 * No other tracer may lose an event to it.  A kretprobe on the function
 * that adds every probe to a tracepoint (tracepoint_add_func, which the
 * exported tracepoint_probe_register*() all call, under the tracepoints'
 * mutex) sees another tracer's probe on sys_enter or sys_exit about to
 * be added, and gives every thread its flag back first; nothing is
 * spared while such an addition is under way, while another probe is
 * there, nor while the flight recorder records every process.  Where the
 * function cannot be probed, nothing is spared.  The writer checks on
 * each pass (ktr_spare_check) for an addition the kretprobe missed, and
 * spares the untraced again once the other tracers have all gone.
 *
 * The state, the count and every flag change are under ktr_lock, which
 * every change to the table takes too.
 */
#define pr_fmt(fmt) "ktrace: " fmt

#include <linux/kprobes.h>
#include <linux/ptrace.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/string.h>
#include <linux/thread_info.h>
#include <linux/tracepoint.h>

#include "ktr.h"

enum ktr_spare_state {
	KTR_SPARE_OFF,		/* every thread has its flag */
	KTR_SPARE_ON,		/* the untraced threads may not */
	KTR_SPARE_RESTORED,	/* given back: children get it too */
};

static int ktr_spare_state;		/* written under ktr_lock */
static int ktr_spare_inflight;		/* others' registrations under way */
static bool ktr_spare_armed;		/* the kretprobe is registered */
static const char *const ktr_spare_tp_names[] = { "sys_enter", "sys_exit" };
static struct tracepoint *ktr_spare_tp[2];	/* by those names */
static void *ktr_spare_probe[2];		/* ktrace's probes on them */

/* Operators may keep every thread on the tracepoints, as without it. */
static bool ktr_spare_wanted = true;
module_param_named(spare_untraced, ktr_spare_wanted, bool, 0644);
MODULE_PARM_DESC(spare_untraced, "spare untraced threads the syscall tracepoints, from the probes' next registration");

/* Visible so tests and operators can see untraced threads spared. */
static bool ktr_spare_on;
module_param_named(untraced_spared, ktr_spare_on, bool, 0444);
MODULE_PARM_DESC(untraced_spared, "untraced threads skip the syscall tracepoints (read only)");

static void ktr_spare_set_state(int state)
{
	lockdep_assert_held(&ktr_lock);
	WRITE_ONCE(ktr_spare_state, state);
	WRITE_ONCE(ktr_spare_on, state == KTR_SPARE_ON);
}

/* Under ktr_lock: every thread takes the tracepoints again. */
static void ktr_spare_restore_locked(void)
{
	struct task_struct *p, *t;

	lockdep_assert_held(&ktr_lock);
	ktr_spare_set_state(KTR_SPARE_RESTORED);
	rcu_read_lock();
	for_each_process_thread(p, t)
		set_task_syscall_work(t, SYSCALL_TRACEPOINT);
	rcu_read_unlock();
}

/* Is @probe on @tp another tracer's?  False for other tracepoints. */
static bool ktr_spare_foreign(struct tracepoint *tp, void *probe)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(ktr_spare_tp); i++)
		if (tp && tp == ktr_spare_tp[i])
			return probe != ktr_spare_probe[i];
	return false;
}

/* Under ktr_lock (preemption off): has another tracer a probe there? */
static bool ktr_spare_others(void)
{
	struct tracepoint_func *f;
	int i;

	for (i = 0; i < ARRAY_SIZE(ktr_spare_tp); i++) {
		f = rcu_dereference_sched(ktr_spare_tp[i]->funcs);
		for (; f && f->func; f++)
			if (f->func != ktr_spare_probe[i])
				return true;
	}
	return false;
}

static struct kretprobe ktr_spare_krp;

/* An addition the kretprobe could not follow (instances all busy, nested). */
static bool ktr_spare_missed(void)
{
	return ktr_spare_krp.kp.nmissed || ktr_spare_krp.nmissed;
}

/*
 * tracepoint_add_func(tp, func, prio, warn), on its way to add probe
 * func->func to tracepoint tp: if another tracer's, on sys_enter or
 * sys_exit, give the flags back first.
 */
static int ktr_spare_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct tracepoint *tp = (void *)regs_get_kernel_argument(regs, 0);
	struct tracepoint_func *func = (void *)regs_get_kernel_argument(regs, 1);

	if (!func || !ktr_spare_foreign(tp, func->func))
		return 1;	/* not followed to its return */
	raw_spin_lock(&ktr_lock);
	ktr_spare_inflight++;
	if (ktr_spare_state == KTR_SPARE_ON)
		ktr_spare_restore_locked();
	raw_spin_unlock(&ktr_lock);
	return 0;
}

static int ktr_spare_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	raw_spin_lock(&ktr_lock);
	ktr_spare_inflight--;
	raw_spin_unlock(&ktr_lock);
	return 0;
}

static void ktr_spare_find_tp(struct tracepoint *tp, void *unused)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(ktr_spare_tp); i++)
		if (!strcmp(tp->name, ktr_spare_tp_names[i]))
			ktr_spare_tp[i] = tp;
}

/*
 * Load: follow other tracers' registrations from now on.  Without the
 * kretprobe (no kprobes, the function renamed or not probeable) nothing
 * is spared.
 */
void ktr_spare_init(const struct ktr_tp_probe *sys_probes)
{
	const struct ktr_tp_probe *pr;
	int i, err;

	for_each_kernel_tracepoint(ktr_spare_find_tp, NULL);
	for (i = 0; i < ARRAY_SIZE(ktr_spare_tp); i++) {
		for (pr = sys_probes; pr->name; pr++)
			if (!strcmp(pr->name, ktr_spare_tp_names[i]))
				ktr_spare_probe[i] = pr->probe;
		if (!ktr_spare_tp[i] || !ktr_spare_probe[i])
			return;
	}
	ktr_spare_krp.kp.symbol_name = "tracepoint_add_func";
	ktr_spare_krp.entry_handler = ktr_spare_entry;
	ktr_spare_krp.handler = ktr_spare_return;
	/* Additions are serialized by the tracepoints' mutex. */
	ktr_spare_krp.maxactive = 4;
	err = register_kretprobe(&ktr_spare_krp);
	if (err) {
		pr_info("untraced processes are not spared the syscall tracepoints: kretprobe: %d\n",
			err);
		return;
	}
	ktr_spare_armed = true;
}

void ktr_spare_exit(void)
{
	if (!ktr_spare_armed)
		return;
	unregister_kretprobe(&ktr_spare_krp);
	ktr_spare_armed = false;
}

/* Under ktr_lock: may the untraced be spared now? */
static bool ktr_spare_may(void)
{
	lockdep_assert_held(&ktr_lock);
	return READ_ONCE(ktr_spare_wanted) && !ktr_spare_inflight &&
	       !ktr_spare_missed() && !ktr_spare_others() &&
	       !rcu_access_pointer(ktr_flight_all);
}

/*
 * Process context, the state just set to ON: clear the flag of every
 * untraced thread, one at a time under ktr_lock, for as long as it stays
 * ON.
 */
static void ktr_spare_pass(void)
{
	struct task_struct *p, *t;

	rcu_read_lock();
	for_each_process_thread(p, t) {
		raw_spin_lock(&ktr_lock);
		if (ktr_spare_state == KTR_SPARE_ON && !ktr_maybe(t))
			clear_task_syscall_work(t, SYSCALL_TRACEPOINT);
		raw_spin_unlock(&ktr_lock);
	}
	rcu_read_unlock();
}

/*
 * ktrace's probes have just been registered: spare the untraced, unless
 * another tracer is there or on its way.  Process context.
 */
void ktr_spare_start(void)
{
	bool ok;

	if (!ktr_spare_armed)
		return;
	raw_spin_lock(&ktr_lock);
	ok = ktr_spare_may();
	ktr_spare_set_state(ok ? KTR_SPARE_ON : KTR_SPARE_OFF);
	raw_spin_unlock(&ktr_lock);
	if (ok)
		ktr_spare_pass();
}

/* ktrace's probes are about to go: every thread gets its flag back. */
void ktr_spare_stop(void)
{
	raw_spin_lock(&ktr_lock);
	if (ktr_spare_state == KTR_SPARE_ON)
		ktr_spare_restore_locked();
	ktr_spare_set_state(KTR_SPARE_OFF);
	raw_spin_unlock(&ktr_lock);
}

/* The flight recorder now records every process: none may be spared. */
void ktr_spare_restore(void)
{
	raw_spin_lock(&ktr_lock);
	if (ktr_spare_state == KTR_SPARE_ON)
		ktr_spare_restore_locked();
	raw_spin_unlock(&ktr_lock);
}

/*
 * Each writer pass: another tracer's probe that the kretprobe did not
 * see; or, after a restore, the other tracers all gone: spare again.
 */
void ktr_spare_check(void)
{
	bool again = false;

	if (READ_ONCE(ktr_spare_state) == KTR_SPARE_OFF)
		return;
	raw_spin_lock(&ktr_lock);
	if (ktr_spare_state == KTR_SPARE_ON &&
	    (ktr_spare_missed() || ktr_spare_others())) {
		pr_warn_once("another tracer's probe on the syscall tracepoints was seen late: every thread takes them again\n");
		ktr_spare_restore_locked();
	} else if (ktr_spare_state == KTR_SPARE_RESTORED && ktr_spare_may()) {
		ktr_spare_set_state(KTR_SPARE_ON);
		again = true;
	}
	raw_spin_unlock(&ktr_lock);
	if (again)
		ktr_spare_pass();
}

/* Under ktr_lock: process @tgid is now traced: its threads take them. */
void ktr_spare_traced(struct pid *tgid)
{
	struct task_struct *task, *t;

	lockdep_assert_held(&ktr_lock);
	if (ktr_spare_state != KTR_SPARE_ON)
		return;
	rcu_read_lock();
	task = pid_task(tgid, PIDTYPE_TGID);
	if (task)
		for_each_thread(task, t)
			set_task_syscall_work(t, SYSCALL_TRACEPOINT);
	rcu_read_unlock();
}

/*
 * Fork, after the child is in the task list and, if traced, in the table:
 * a thread that ktr_spare_traced() or a restore could not see yet copied
 * its flag from a spared parent.
 */
void ktr_spare_fork(struct task_struct *child)
{
	/* Pairs with the lock that ordered the state's change. */
	smp_mb();
	if (READ_ONCE(ktr_spare_state) == KTR_SPARE_OFF)
		return;
	raw_spin_lock(&ktr_lock);
	if (ktr_spare_state == KTR_SPARE_RESTORED ||
	    (ktr_spare_state == KTR_SPARE_ON && ktr_maybe(child)))
		set_task_syscall_work(child, SYSCALL_TRACEPOINT);
	raw_spin_unlock(&ktr_lock);
}
