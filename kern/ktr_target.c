// SPDX-License-Identifier: GPL-2.0
/*
 * The processes a ktrace(2) request names (a process, a process group,
 * and with KTRFLAG_DESCEND their descendants), and the request applied
 * to each of them with BSD's rules: for a file (ktr_dev.c) or for the
 * flight recorder (ktr_flight.c).
 */
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>

#include "ktr.h"

/*
 * Points that alone keep no trace alive after a CLEAR: ktrace(1) adds
 * the ABI ones to every SET, and the others record nothing on Linux.
 */
#define KTRFAC_INERT	(KTRFAC_PROCCTOR | KTRFAC_PROCDTOR | KTRFAC_FAULT | \
			 KTRFAC_FAULTEND | KTRFAC_SYSCTL | KTRFAC_CAPFAIL | \
			 KTRFAC_STRUCT_ARRAY | KTRFAC_ENVS)

/* Apply @a to one process.  Returns 0, or -EPERM when not allowed. */
static int ktr_apply(struct task_struct *task, const struct ktr_op_args *a)
{
	struct ktr_proc *p, *np = NULL;
	int op = a->op, err = 0;
	u32 facs = a->facs;
	bool root = a->root;

	if (!ktr_can_trace(task, root))
		return -EPERM;
	if (op == KTROP_SET) {
		np = ktr_proc_alloc(task_tgid(task), a->set);
		if (!np)
			return -ENOMEM;
	}

	raw_spin_lock(&ktr_lock);
	p = ktr_proc_find_set(task_tgid(task), a->set);
	if (p && (p->facs & KTRFAC_ROOT) && !root) {
		err = -EPERM;
	} else if (!atomic_read(&task->signal->live)) {
		/* Exiting: nothing left to trace; BSD counts it done. */
	} else if (op == KTROP_SET) {
		if (root)
			facs |= KTRFAC_ROOT;
		if (p) {
			if (a->f)
				ktr_proc_set_file(p, a->f);
			ktr_proc_set_filter(p, a->filter);
			WRITE_ONCE(p->facs, p->facs | facs);
		} else {
			np->facs = facs;
			ktr_proc_set_filter(np, a->filter);
			ktr_proc_insert(np, a->f);
			np = NULL;
		}
	} else if (p) {
		WRITE_ONCE(p->facs, p->facs & ~facs);
		if (!(p->facs & KTRFAC_MASK & ~KTRFAC_INERT))
			ktr_proc_unlink(p);
	}
	raw_spin_unlock(&ktr_lock);
	kfree(np);
	if (!err && op == KTROP_SET)
		ktr_record_ctor(task, a->set);	/* the ABI, for the reader */
	return err;
}

/* Is @t, or one of its ancestors, a target of @pid (> 0 pid, < 0 group)? */
static bool ktr_descends(struct task_struct *t, struct pid *pid, bool group)
{
	for (; t->pid > 0; t = rcu_dereference(t->real_parent)) {
		if (group ? task_pgrp(t) == pid : task_tgid(t) == pid)
			return true;
		if (t == rcu_access_pointer(t->real_parent))
			break;
	}
	return false;
}

/*
 * Collect (with references) up to @max processes that @req targets into
 * @out; returns how many there are in all, which may exceed @max.
 */
static int ktr_targets(struct pid *pid, bool group, bool descend,
		       struct task_struct **out, int max)
{
	struct task_struct *t;
	int n = 0;

	rcu_read_lock();
	if (descend) {
		for_each_process(t)
			if (ktr_descends(t, pid, group) && n++ < max)
				out[n - 1] = get_task_struct(t);
	} else if (group) {
		do_each_pid_task(pid, PIDTYPE_PGID, t) {
			if (n++ < max)
				out[n - 1] = get_task_struct(t);
		} while_each_pid_task(pid, PIDTYPE_PGID, t);
	} else {
		t = pid_task(pid, PIDTYPE_TGID);
		if (t && n++ < max)
			out[0] = get_task_struct(t);
	}
	rcu_read_unlock();
	return n;
}

/* Apply @op to every process @req names; BSD's rules for the result. */
int ktr_op_procs(const struct ktr_op_req *req, const struct ktr_op_args *a)
{
	bool group = req->kop_pid < 0, descend = req->kop_ops & KTRFLAG_DESCEND;
	struct task_struct **tasks = NULL;
	int i, n, max = 0, done = 0, err = 0;
	struct pid *pid;

	if (req->kop_pid == 0 || req->kop_pid == INT_MIN)
		return -ESRCH;
	pid = find_get_pid(abs(req->kop_pid));
	if (!pid)
		return -ESRCH;
	/* Count, then collect: no allocation is possible under RCU. */
	for (;;) {
		n = ktr_targets(pid, group, descend, tasks, max);
		if (n <= max)
			break;
		for (i = 0; i < max; i++)
			put_task_struct(tasks[i]);
		kvfree(tasks);
		max = n + 16;
		tasks = kvmalloc_array(max, sizeof(*tasks), GFP_KERNEL);
		if (!tasks) {
			put_pid(pid);
			return -ENOMEM;
		}
	}
	put_pid(pid);
	for (i = 0; i < n; i++) {
		int e = ktr_apply(tasks[i], a);

		if (!e)
			done++;
		else if (e != -EPERM)
			err = e;
		put_task_struct(tasks[i]);
	}
	kvfree(tasks);
	if (!n)
		return -ESRCH;
	if (err)
		return err;
	return done ? 0 : -EPERM;
}
