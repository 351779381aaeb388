// SPDX-License-Identifier: GPL-2.0
/*
 * The probes: syscall entry and exit make records; fork passes the trace
 * on to children (KTRFAC_INHERIT); exit ends a process's trace and makes
 * sure its records are in the file before its parent can reap it.
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

/* The traced process of current with facility @fac, under RCU. */
static struct ktr_proc *ktr_traced(u32 fac)
{
	struct ktr_proc *p = ktr_proc_find(current);

	return p && (READ_ONCE(p->facs) & fac) ? p : NULL;
}

static void ktr_sys_enter(void *data, struct pt_regs *regs, long id)
{
	unsigned long args[KTR_SYSCALL_MAXARGS];
	struct ktr_syscall *sc;
	struct ktr_header *h;
	struct ktr_proc *p;
	int i;

	rcu_read_lock();
	p = ktr_traced(KTRFAC_SYSCALL);
	if (!p)
		goto out;
	h = ktr_record_begin(p, KTR_SYSCALL,
			     sizeof(*sc) + sizeof(sc->ktr_args[0]) * KTR_SYSCALL_MAXARGS);
	if (!h)
		goto out;
	sc = (struct ktr_syscall *)(h + 1);
	sc->ktr_code = id;
	sc->ktr_narg = KTR_SYSCALL_MAXARGS;
	sc->ktr_pad = 0;
	syscall_get_arguments(current, regs, args);
	for (i = 0; i < KTR_SYSCALL_MAXARGS; i++)
		sc->ktr_args[i] = args[i];
	ktr_record_end(h);
out:
	rcu_read_unlock();
}

static void ktr_sys_exit(void *data, struct pt_regs *regs, long ret)
{
	struct ktr_sysret *sr;
	struct ktr_header *h;
	struct ktr_proc *p;

	rcu_read_lock();
	p = ktr_traced(KTRFAC_SYSRET);
	if (!p)
		goto out;
	h = ktr_record_begin(p, KTR_SYSRET, sizeof(*sr));
	if (!h)
		goto out;
	sr = (struct ktr_sysret *)(h + 1);
	sr->ktr_code = syscall_get_nr(current, regs);
	sr->ktr_eosys = 0;
	if (IS_ERR_VALUE(ret)) {
		sr->ktr_error = -ret;
		sr->ktr_retval = 0;
	} else {
		sr->ktr_error = 0;
		sr->ktr_retval = ret;
	}
	ktr_record_end(h);
out:
	rcu_read_unlock();
}

/* A new process (not a thread) inherits its parent's trace if asked to. */
static void ktr_fork(void *data, struct task_struct *parent,
		     struct task_struct *child)
{
	struct ktr_proc *pp, *cp;

	if (child->tgid == parent->tgid)
		return;		/* a thread: it belongs to the traced process */
	rcu_read_lock();
	pp = ktr_proc_find(parent);
	if (!pp || !(READ_ONCE(pp->facs) & KTRFAC_INHERIT)) {
		rcu_read_unlock();
		return;
	}
	rcu_read_unlock();

	cp = ktr_proc_alloc(task_tgid(child), GFP_NOWAIT | __GFP_NOWARN);
	spin_lock(&ktr_lock);
	/* Look again: the parent's trace may have been cleared meanwhile. */
	pp = ktr_proc_find(parent);
	if (pp && cp && !ktr_proc_find(child)) {
		cp->facs = pp->facs;
		ktr_proc_insert(cp, rcu_dereference_protected(pp->file,
						lockdep_is_held(&ktr_lock)));
		cp = NULL;
	} else if (pp && !cp) {
		atomic_long_inc(&pp->dropped);	/* the child's records */
	}
	spin_unlock(&ktr_lock);
	if (cp)
		ktr_proc_free(cp);
}

/* Runs in the exiting task, in process context, before its parent is told. */
static void ktr_exit_flush(struct callback_head *cb)
{
	struct ktr_proc *p = container_of(cb, struct ktr_proc, exit_work);

	ktr_sync();
	ktr_proc_free(p);
	/*
	 * Unload waits for this count to reach zero; only the return from
	 * this function is left to run in module text after it does.
	 */
	if (atomic_dec_and_test(&ktr_exit_works))
		wake_up_var(&ktr_exit_works);
}

static void ktr_exit(void *data, struct task_struct *task)
{
	struct ktr_proc *p;

	if (atomic_read(&task->signal->live))
		return;		/* other threads of the process live on */
	spin_lock(&ktr_lock);
	p = ktr_proc_find(task);
	if (p)
		ktr_proc_unlink(p);
	spin_unlock(&ktr_lock);
	if (!p)
		return;

	atomic_inc(&ktr_exit_works);
	init_task_work(&p->exit_work, ktr_exit_flush);
	if (task == current && !task_work_add(task, &p->exit_work, TWA_NONE))
		return;
	/* Too late to flush from the task: the writer will do it. */
	ktr_proc_free(p);
	if (atomic_dec_and_test(&ktr_exit_works))
		wake_up_var(&ktr_exit_works);
	ktr_writer_kick();
}

struct ktr_hook {
	const char *name;
	void *probe;
	struct tracepoint *tp;
};

static struct ktr_hook ktr_hooks[] = {
	{ "sys_enter", ktr_sys_enter },
	{ "sys_exit", ktr_sys_exit },
	{ "sched_process_fork", ktr_fork },
	{ "sched_process_exit", ktr_exit },
};

static void ktr_find_tp(struct tracepoint *tp, void *unused)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(ktr_hooks); i++)
		if (!strcmp(tp->name, ktr_hooks[i].name))
			ktr_hooks[i].tp = tp;
}

static void ktr_unregister(int n)
{
	while (n-- > 0)
		tracepoint_probe_unregister(ktr_hooks[n].tp, ktr_hooks[n].probe,
					    NULL);
	tracepoint_synchronize_unregister();
}

static int ktr_register(void)
{
	int i, err;

	for (i = 0; i < ARRAY_SIZE(ktr_hooks); i++) {
		if (!ktr_hooks[i].tp)
			for_each_kernel_tracepoint(ktr_find_tp, NULL);
		if (!ktr_hooks[i].tp) {
			pr_err("tracepoint %s not found\n", ktr_hooks[i].name);
			err = -ENOSYS;
			goto fail;
		}
		err = tracepoint_probe_register(ktr_hooks[i].tp,
						ktr_hooks[i].probe, NULL);
		if (err)
			goto fail;
	}
	return 0;
fail:
	ktr_unregister(i);
	return err;
}

/* Register the probes while something is traced, and only then. */
int ktr_hooks_update(void)
{
	bool want = !ktr_procs_empty();
	int err = 0;

	mutex_lock(&ktr_hooks_mutex);
	if (want && !ktr_hooks_on)
		err = ktr_register();
	else if (!want && ktr_hooks_on)
		ktr_unregister(ARRAY_SIZE(ktr_hooks));
	if (!err)
		ktr_hooks_on = want;
	mutex_unlock(&ktr_hooks_mutex);
	return err;
}

/* Unload: no probe runs and no exit flush is pending after this. */
void ktr_hooks_shutdown(void)
{
	mutex_lock(&ktr_hooks_mutex);
	if (ktr_hooks_on)
		ktr_unregister(ARRAY_SIZE(ktr_hooks));
	ktr_hooks_on = false;
	mutex_unlock(&ktr_hooks_mutex);
	wait_var_event(&ktr_exit_works, !atomic_read(&ktr_exit_works));
}
