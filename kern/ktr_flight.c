// SPDX-License-Identifier: GPL-2.0
/*
 * The flight recorder (ktrace -b, -R, -S): a ring per CPU that overwrites
 * its oldest records and that nothing drains, so that the recent past is
 * in kernel memory for a snapshot (KTRIOC_RINGREAD) or, after a crash,
 * for the reader of a memory dump (ktr_anchor.c).  Its rings are apart
 * from the file set's: overwriting must never destroy records still owed
 * to a trace file.
 *
 * There is one recorder.  The user who starts it owns it: it records
 * every process, present and future (root only), or the processes named,
 * under BSD's rules, as a trace into a file would.  Once root has started
 * or joined it, it is root's alone.  Stopped, it keeps its records until
 * the next start or the module's unload.
 */
#include <linux/cred.h>
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/uidgid.h>

#include "ktr.h"

/* kernel.ktrace.ring_bufsize: bytes per CPU from the next start. */
unsigned long ktr_flight_size = 8UL << 20;
struct ktr_proc __rcu *ktr_flight_all;

/* The selection of every process (tgid NULL, never in the table). */
static struct ktr_proc ktr_flight_every = { .set = KTR_RING_FLIGHT };

/*
 * For tests only: each copy of a ring for ktrace -R waits this long
 * first, so that the CPUs go on recording between one CPU's copy and the
 * next, as on a busy machine with big rings.
 */
static unsigned int ktr_fault_ringread_ms;
module_param_named(fault_ringread_ms, ktr_fault_ringread_ms, uint, 0644);
MODULE_PARM_DESC(fault_ringread_ms, "tests only: each copy of a flight ring for ktrace -R waits this long first");

/* The recorder's state: under ktr_op_mutex. */
static int ktr_flight_state = KTR_RING_OFF;
static kuid_t ktr_flight_owner;
static bool ktr_flight_byroot;		/* root's alone */
static u32 ktr_flight_facs;		/* the last start's points, for -S */
static struct ktr_sysfilter ktr_flight_filter;	/* and its syscalls */
static bool ktr_flight_filtered;

/*
 * The rings (ktr_rings_size(KTR_RING_FLIGHT) bytes per CPU, 0 while there
 * are none) are made and freed under ktr_op_mutex and, for writing, this
 * semaphore, which readers copying a ring hold so that the ktrace(2)
 * operations need not wait for them.
 */
static DECLARE_RWSEM(ktr_flight_rings_sem);

/* May the caller read, stop or restart the recorder? */
static bool ktr_flight_mine(bool root)
{
	return root || (!ktr_flight_byroot &&
			uid_eq(ktr_flight_owner, current_euid()));
}

/* Empty rings of the size asked for, and the caller owning them. */
static int ktr_flight_start(bool root)
{
	unsigned long size = READ_ONCE(ktr_flight_size);
	int err = 0;

	lockdep_assert_held(&ktr_op_mutex);
	/*
	 * Stopped (or never started): no producer has touched them since
	 * a grace period.
	 */
	down_write(&ktr_flight_rings_sem);
	if (ktr_rings_size(KTR_RING_FLIGHT) != size) {
		ktr_rings_free_set(KTR_RING_FLIGHT);
		err = ktr_rings_alloc_set(KTR_RING_FLIGHT, size);
	}
	if (!err)
		ktr_rings_reset_set(KTR_RING_FLIGHT);
	up_write(&ktr_flight_rings_sem);
	if (err) {
		ktr_flight_state = KTR_RING_OFF;
		return err;
	}
	ktr_flight_owner = current_euid();
	ktr_flight_byroot = root;
	ktr_flight_state = KTR_RING_RECORDING;
	return 0;
}

/* Stop recording: once this returns, no probe writes the rings. */
static void ktr_flight_stop(void)
{
	lockdep_assert_held(&ktr_op_mutex);
	RCU_INIT_POINTER(ktr_flight_all, NULL);
	ktr_proc_clear_set(KTR_RING_FLIGHT);
	synchronize_rcu();
	ktr_flight_state = KTR_RING_STOPPED;
}

/* Record every process, present and future, from now on. */
static void ktr_flight_record_all(u32 facs, const struct ktr_sysfilter *sf)
{
	WRITE_ONCE(ktr_flight_every.facs, facs | KTRFAC_ROOT);
	raw_spin_lock(&ktr_lock);
	ktr_proc_set_filter(&ktr_flight_every, sf);
	raw_spin_unlock(&ktr_lock);
	rcu_assign_pointer(ktr_flight_all, &ktr_flight_every);
	ktr_spare_restore();
	/* Covered by the selection of all: their states would be unused. */
	ktr_proc_clear_set(KTR_RING_FLIGHT);
}

/* What ktrace -S shows of the last start. */
static void ktr_flight_note(u32 facs, const struct ktr_sysfilter *sf)
{
	ktr_flight_facs = facs;
	ktr_flight_filtered = sf != NULL;
	if (sf)
		ktr_flight_filter = *sf;
}

/* KTROP_SET | KTRFLAG_RING. */
static int ktr_flight_set(const struct ktr_op_req *req,
			  const struct ktr_op_args *a)
{
	bool every = req->kop_pid == 0, fresh = false;
	int err;

	if (every && !a->root)
		return -EPERM;
	if (ktr_flight_state == KTR_RING_RECORDING) {
		if (!ktr_flight_mine(a->root))
			return -EBUSY;
		if (rcu_access_pointer(ktr_flight_all))
			return -EBUSY;	/* already recording every process */
	} else {
		if (ktr_flight_state == KTR_RING_STOPPED &&
		    !ktr_flight_mine(a->root))
			return -EPERM;	/* another's records */
		err = ktr_flight_start(a->root);
		if (err)
			return err;
		fresh = true;
	}
	err = ktr_hooks_need();
	if (!err) {
		if (every)
			ktr_flight_record_all(a->facs, a->filter);
		else
			err = ktr_op_procs(req, a);
		ktr_hooks_done();
	}
	if (err && fresh) {
		ktr_flight_stop();
		return err;
	}
	if (!err) {
		ktr_flight_byroot |= a->root;
		ktr_flight_note(a->facs, a->filter);
	}
	return err;
}

/*
 * ktrace(2) on the flight recorder (KTRFLAG_RING): SET starts it, or adds
 * processes to it; CLEAR of pid 0 stops it, of processes removes them.
 * Under ktr_op_mutex.
 */
int ktr_flight_op(const struct ktr_op_req *req, u32 facs,
		  const struct ktr_sysfilter *filter)
{
	struct ktr_op_args a = {
		.op = KTROP(req->kop_ops),
		.set = KTR_RING_FLIGHT,
		.facs = facs,
		.filter = filter,
		.root = ktr_caller_is_root(),
	};
	int err;

	lockdep_assert_held(&ktr_op_mutex);
	if (a.op == KTROP_SET)
		return ktr_flight_set(req, &a);
	if (ktr_flight_state != KTR_RING_RECORDING)
		return -ESRCH;
	if (req->kop_pid == 0) {
		if (!ktr_flight_mine(a.root))
			return -EPERM;
		ktr_flight_stop();
		ktr_hooks_update(false);
		return 0;
	}
	if (rcu_access_pointer(ktr_flight_all))
		return -EBUSY;	/* every process: stop it all, or none */
	err = ktr_op_procs(req, &a);
	ktr_hooks_update(false);
	return err;
}

/* The caller's copy of what KTRIOC_RINGINFO returns. */
struct ktr_flight_status {
	struct ktr_ringinfo ri;
	struct ktr_sysfilter filter;
	struct ktr_ringcpu *cpus;
	s32 *pids;
	int npids;			/* in pids */
};

#define KTR_INFO_MAX_PIDS	65536	/* a bound on the kernel's copy */

/* Under ktr_op_mutex: fill @st, with rows for @ncpu CPUs and @npids pids. */
static int ktr_flight_gather(struct ktr_flight_status *st, u32 ncpu, u32 npids)
{
	struct ktr_ringinfo *ri = &st->ri;
	int cpu;

	lockdep_assert_held(&ktr_op_mutex);
	ri->kri_state = ktr_flight_state;
	ri->kri_facs = ktr_flight_facs;
	ri->kri_all = rcu_access_pointer(ktr_flight_all) != NULL;
	ri->kri_filtered = ktr_flight_filtered;
	st->filter = ktr_flight_filter;
	ri->kri_size = ktr_rings_size(KTR_RING_FLIGHT) ?:
		       READ_ONCE(ktr_flight_size);
	ri->kri_owner = from_kuid_munged(current_user_ns(), ktr_flight_owner);
	ri->kri_ncpu = nr_cpu_ids;
	ncpu = min_t(u32, ncpu, nr_cpu_ids);
	if (ncpu && ktr_rings_size(KTR_RING_FLIGHT)) {
		st->cpus = kcalloc(ncpu, sizeof(*st->cpus), GFP_KERNEL);
		if (!st->cpus)
			return -ENOMEM;
		for (cpu = 0; cpu < ncpu; cpu++)
			if (cpumask_test_cpu(cpu, &ktr_ring_cpus))
				ktr_ring_stat(ktr_ring_of(KTR_RING_FLIGHT, cpu),
					      &st->cpus[cpu]);
	}
	npids = min_t(u32, npids, KTR_INFO_MAX_PIDS);
	if (npids) {
		st->pids = kvmalloc_array(npids, sizeof(*st->pids), GFP_KERNEL);
		if (!st->pids)
			return -ENOMEM;
	}
	ri->kri_npids = ktr_proc_list(KTR_RING_FLIGHT, st->pids, npids);
	st->npids = min_t(u32, npids, ri->kri_npids);
	return 0;
}

/* KTRIOC_RINGINFO: the recorder's state, for anyone (ktrace -S). */
int ktr_flight_info(struct ktr_ringinfo __user *uinfo)
{
	struct ktr_flight_status st = { };
	struct ktr_ringinfo in;
	int err;

	if (copy_from_user(&in, uinfo, sizeof(in)))
		return -EFAULT;
	if (in.kri_reserved)
		return -EINVAL;
	/* Gathered under the lock, copied out after: a copy may sleep. */
	mutex_lock(&ktr_op_mutex);
	err = ktr_flight_gather(&st, in.kri_ncpu, in.kri_npids);
	mutex_unlock(&ktr_op_mutex);
	if (err)
		goto out;
	err = -EFAULT;
	if (st.cpus && copy_to_user(u64_to_user_ptr(in.kri_cpu), st.cpus,
				    min(in.kri_ncpu, st.ri.kri_ncpu) *
				    sizeof(*st.cpus)))
		goto out;
	if (st.npids && copy_to_user(u64_to_user_ptr(in.kri_pids), st.pids,
				     st.npids * sizeof(*st.pids)))
		goto out;
	if (in.kri_filter && st.ri.kri_filtered &&
	    copy_to_user(u64_to_user_ptr(in.kri_filter), &st.filter,
			 sizeof(st.filter)))
		goto out;
	st.ri.kri_cpu = in.kri_cpu;
	st.ri.kri_pids = in.kri_pids;
	st.ri.kri_filter = in.kri_filter;
	err = copy_to_user(uinfo, &st.ri, sizeof(st.ri)) ? -EFAULT : 0;
out:
	kfree(st.cpus);
	kvfree(st.pids);
	return err;
}

/* KTRIOC_RINGREAD: one CPU's ring, for its owner (ktrace -R). */
int ktr_flight_read(struct ktr_ringread __user *ureq)
{
	struct ktr_ringread rr;
	int err = 0;

	if (copy_from_user(&rr, ureq, sizeof(rr)))
		return -EFAULT;
	if (rr.krr_set != KTR_RING_FLIGHT || rr.krr_cpu >= nr_cpu_ids ||
	    !cpu_possible(rr.krr_cpu))
		return -EINVAL;
	if (!cpumask_test_cpu(rr.krr_cpu, &ktr_ring_cpus))
		return -ENODEV;		/* never up since load: no ring */
	ktr_fault_wait(READ_ONCE(ktr_fault_ringread_ms));
	mutex_lock(&ktr_op_mutex);
	if (!ktr_rings_size(KTR_RING_FLIGHT))
		err = -ENOENT;
	else if (!ktr_flight_mine(ktr_caller_is_root()))
		err = -EPERM;
	else
		down_read(&ktr_flight_rings_sem);	/* the rings stay */
	mutex_unlock(&ktr_op_mutex);
	if (err)
		return err;
	err = ktr_ring_copy_out(ktr_ring_of(KTR_RING_FLIGHT, rr.krr_cpu), &rr);
	up_read(&ktr_flight_rings_sem);
	if (!err && copy_to_user(ureq, &rr, sizeof(rr)))
		err = -EFAULT;
	return err;
}

/*
 * kernel.ktrace.ring_bufsize: the size of the next start's rings.  Not
 * while recording: the rings in use stay as they are.  Under ktr_op_mutex.
 */
int ktr_flight_resize(unsigned long size)
{
	lockdep_assert_held(&ktr_op_mutex);
	if (ktr_flight_state == KTR_RING_RECORDING)
		return -EBUSY;
	WRITE_ONCE(ktr_flight_size, roundup_pow_of_two(size));
	return 0;
}

/* Unload, once no probe runs: the rings go. */
void ktr_flight_exit(void)
{
	RCU_INIT_POINTER(ktr_flight_all, NULL);
	ktr_rings_free_set(KTR_RING_FLIGHT);
}
