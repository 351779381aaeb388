// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/ktrace: ktrace(2) as an ioctl.  Every field of the request is
 * checked here; the device is meant to be open to every user, so the
 * permission rules of ktr_can_trace() are the only gate to a process.
 */
#define pr_fmt(fmt) "ktrace: " fmt

#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "ktr.h"

/* Trace points a request may name: FreeBSD's, SYSCALL through ENVS. */
#define KTRFAC_KNOWN	(((1U << (KTR_ENVS + 1)) - 1) & ~1U)
/* ktrace(1) always adds these to SET; alone they keep no trace alive. */
#define KTRFAC_ABI	(KTRFAC_PROCCTOR | KTRFAC_PROCDTOR)

/* Apply @op to one process.  Returns 0, or -EPERM when not allowed. */
static int ktr_apply(struct task_struct *task, int op, u32 facs,
		     struct ktr_file *f, bool root)
{
	struct ktr_proc *p, *np = NULL;
	int err = 0;

	if (!ktr_can_trace(task))
		return -EPERM;
	if (op == KTROP_SET) {
		np = ktr_proc_alloc(task_tgid(task), GFP_KERNEL);
		if (!np)
			return -ENOMEM;
	}

	spin_lock(&ktr_lock);
	p = ktr_proc_find(task);
	if (p && (p->facs & KTRFAC_ROOT) && !root) {
		err = -EPERM;
	} else if (!atomic_read(&task->signal->live)) {
		/* Exiting: nothing left to trace; BSD counts it done. */
	} else if (op == KTROP_SET) {
		if (root)
			facs |= KTRFAC_ROOT;
		if (p) {
			ktr_proc_set_file(p, f);
			p->facs |= facs;
		} else {
			np->facs = facs;
			ktr_proc_insert(np, f);
			np = NULL;
		}
	} else if (p) {
		p->facs &= ~facs;
		if (!(p->facs & KTRFAC_MASK & ~KTRFAC_ABI)) {
			ktr_proc_unlink(p);
			ktr_proc_free(p);
		}
	}
	spin_unlock(&ktr_lock);
	kfree(np);
	return err;
}

static int ktr_op(const struct ktr_op_req *req)
{
	int op = KTROP(req->kop_ops);
	u32 facs = req->kop_facs & ~KTRFAC_ROOT;
	bool root = ktr_caller_is_root();
	struct ktr_file *f = NULL;
	struct task_struct *task;
	struct pid *pid;
	int err, refused;

	if ((req->kop_ops & ~(3 | KTRFLAG_DESCEND)) || op > KTROP_CLEARFILE ||
	    req->kop_reserved)
		return -EINVAL;
	if (facs & ~(KTRFAC_KNOWN | KTRFAC_INHERIT))
		return -EINVAL;
	if (op != KTROP_CLEARFILE && !(facs & KTRFAC_MASK))
		return -EINVAL;

	if (op != KTROP_CLEAR) {
		f = ktr_file_get(u64_to_user_ptr(req->kop_path), &err);
		if (!f)
			return err;
	}
	if (op == KTROP_CLEARFILE) {
		refused = ktr_proc_clear_file(f, root, 0);
		err = refused ? -EPERM : 0;
		goto done;
	}

	/* Process groups and descendants come with the full ktrace(2). */
	if (req->kop_pid <= 0 || (req->kop_ops & KTRFLAG_DESCEND)) {
		err = -EOPNOTSUPP;
		goto done;
	}
	pid = find_get_pid(req->kop_pid);
	task = pid ? get_pid_task(pid, PIDTYPE_TGID) : NULL;
	put_pid(pid);
	if (!task) {
		err = -ESRCH;
		goto done;
	}
	err = ktr_apply(task, op, facs, f, root);
	put_task_struct(task);
done:
	if (f)
		ktr_file_put(f);
	ktr_hooks_update();
	if (op != KTROP_SET)
		ktr_sync();	/* cleared traces are complete on return */
	return err;
}

static long ktr_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct ktr_op_req req;

	switch (cmd) {
	case KTRIOC_OP:
		if (copy_from_user(&req, (void __user *)arg, sizeof(req)))
			return -EFAULT;
		return ktr_op(&req);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations ktr_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = ktr_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

static struct miscdevice ktr_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "ktrace",
	.fops = &ktr_fops,
	.mode = 0666,
};

int ktr_dev_init(void)
{
	return misc_register(&ktr_misc);
}

void ktr_dev_exit(void)
{
	misc_deregister(&ktr_misc);
}
