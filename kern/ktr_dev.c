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
#include <linux/mutex.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "ktr.h"

/* Trace points a request may name: FreeBSD's, SYSCALL through ENVS. */
#define KTRFAC_KNOWN	(((1U << (KTR_ENVS + 1)) - 1) & ~1U)

/* Serialises the operations and the changes of buffer size. */
DEFINE_MUTEX(ktr_op_mutex);

/* ktrace(2): every field checked, then applied to the processes it names. */
static int ktr_op(const struct ktr_op_req *req)
{
	struct ktr_sysfilter *filter = NULL;
	struct ktr_op_args a = {
		.op = KTROP(req->kop_ops),
		.set = KTR_RING_FILE,
		.facs = req->kop_facs & ~KTRFAC_ROOT,
		.root = ktr_caller_is_root(),
	};
	int err;

	if ((req->kop_ops & ~(3 | KTRFLAG_DESCEND | KTRFLAG_RING)) ||
	    a.op > KTROP_CLEARFILE || req->kop_reserved)
		return -EINVAL;
	/* The flight recorder: no file; CLEAR of pid 0 stops it. */
	if ((req->kop_ops & KTRFLAG_RING) &&
	    (req->kop_path || a.op == KTROP_CLEARFILE))
		return -EINVAL;
	if (a.facs & ~(KTRFAC_KNOWN | KTRFAC_INHERIT | KTRFAC_LOSSY))
		return -EINVAL;
	if (a.op != KTROP_CLEARFILE && !(a.facs & KTRFAC_MASK))
		return -EINVAL;
	if (req->kop_filter && a.op != KTROP_SET)
		return -EINVAL;

	if (req->kop_filter) {
		filter = memdup_user(u64_to_user_ptr(req->kop_filter),
				     sizeof(*filter));
		if (IS_ERR(filter))
			return PTR_ERR(filter);
		a.filter = filter;
	}
	mutex_lock(&ktr_op_mutex);
	if (req->kop_ops & KTRFLAG_RING) {
		err = ktr_flight_op(req, a.facs, filter);
		goto out;
	}
	if (a.op != KTROP_CLEAR) {
		a.f = ktr_file_get(u64_to_user_ptr(req->kop_path), &err);
		if (!a.f)
			goto out;
	}
	if (a.op == KTROP_CLEARFILE) {
		err = ktr_proc_clear_file(a.f, a.root, 0);
		if (err > 0)
			err = -EPERM;	/* some were not the caller's to stop */
	} else if (a.op == KTROP_SET) {
		err = ktr_hooks_need();
		if (err) {
			pr_warn_ratelimited("cannot register the probes: %d\n", err);
		} else {
			err = ktr_op_procs(req, &a);
			ktr_hooks_done();
		}
	} else {
		err = ktr_op_procs(req, &a);
	}
	if (a.f)
		ktr_file_put(a.f);
	/* A SET's ktr_hooks_done() has updated them already. */
	if (a.op != KTROP_SET) {
		ktr_hooks_update(false);	/* the linger clock starts */
		ktr_sync();	/* cleared traces are complete on return */
	}
out:
	mutex_unlock(&ktr_op_mutex);
	kfree(filter);
	return err;
}

/* Is the caller traced for USER records, in any set?  Under RCU. */
static int ktr_utrace_states(struct ktr_proc *ps[KTR_RING_NSETS])
{
	int i, n = 0;

	if (ktr_maybe(current))
		n = ktr_proc_states(current, ps);
	for (i = 0; i < n; i++)
		if (READ_ONCE(ps[i]->facs) & KTRFAC_USER)
			return n;
	return 0;
}

/* utrace(2): a USER record, if the caller is traced for it. */
static int ktr_utrace(const struct ktr_utrace_req *req)
{
	struct ktr_proc *ps[KTR_RING_NSETS];
	struct ktr_header *h;
	void *buf;
	int i, n;

	if (req->kut_len > KTR_USER_MAXLEN)
		return -EINVAL;
	rcu_read_lock();
	n = ktr_utrace_states(ps);
	rcu_read_unlock();
	if (!n)
		return 0;

	buf = memdup_user(u64_to_user_ptr(req->kut_addr), req->kut_len);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	rcu_read_lock();
	n = ktr_utrace_states(ps);	/* again: they may have gone meanwhile */
	for (i = 0; i < n; i++) {
		if (!(READ_ONCE(ps[i]->facs) & KTRFAC_USER))
			continue;
		h = ktr_record_begin(ps[i], current, KTR_USER, req->kut_len);
		if (h) {
			memcpy(h + 1, buf, req->kut_len);
			ktr_record_end(ps[i], h);
		}
	}
	rcu_read_unlock();
	kfree(buf);
	return 0;
}

static long ktr_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct ktr_utrace_req ureq;
	struct ktr_op_req req;

	switch (cmd) {
	case KTRIOC_RINGINFO:
		return ktr_flight_info((struct ktr_ringinfo __user *)arg);
	case KTRIOC_RINGREAD:
		return ktr_flight_read((struct ktr_ringread __user *)arg);
	case KTRIOC_OP:
		if (copy_from_user(&req, (void __user *)arg, sizeof(req)))
			return -EFAULT;
		return ktr_op(&req);
	case KTRIOC_UTRACE:
		if (copy_from_user(&ureq, (void __user *)arg, sizeof(ureq)))
			return -EFAULT;
		return ktr_utrace(&ureq);
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
