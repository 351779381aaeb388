// SPDX-License-Identifier: GPL-2.0
/*
 * ktrace for Linux: BSD ktrace(2) semantics as a loadable module.
 *
 * Load order builds the buffers, then the writer, then opens the device;
 * unload undoes it in reverse so that, at every step, nothing still
 * running can reach what the step frees.
 */
#define pr_fmt(fmt) "ktrace: " fmt

#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>

#include "ktr.h"

static unsigned long bufsize = 4UL << 20;
module_param(bufsize, ulong, 0444);
MODULE_PARM_DESC(bufsize, "bytes of record buffer per CPU at load (kernel.ktrace.bufsize after)");

/*
 * After each pass of the writer: make what the probes took from the
 * pools, and take the probes away once nothing has been traced for
 * linger_ms.
 */
static void ktr_writer_pass_done(void)
{
	ktr_pools_refill();
	ktr_spare_check();
	if (!ktr_tracing())
		ktr_hooks_update(true);
}

/*
 * May the writer sleep until woken, with no period?  When nothing is
 * traced, the probes are off, no file is open, no state is left to free
 * and the pools are full, no pass has anything to do: an idle machine
 * with the module loaded is not woken ten times a second.  What ends
 * that resumes the writer (the probes registered, a file opened) or
 * kicks it.
 */
static bool ktr_writer_may_rest(void)
{
	/* Probes off implies nothing traced: the lock-free test goes first. */
	return !ktr_tracing() && ktr_hooks_off() && ktr_files_none() &&
	       ktr_procs_none_retired() && ktr_pools_full();
}

static const struct ktr_writer_chores ktr_writer_chores = {
	.drained = ktr_wait_wake,	/* tasks waiting for room go on */
	.pass = ktr_writer_pass_done,
	.idle = ktr_writer_may_rest,
};

static int __init ktr_init(void)
{
	int err;

	err = ktr_pools_init();
	if (err)
		return err;
	err = ktr_anchor_init();
	if (err)
		goto fail_pools;
	err = ktr_buf_init(bufsize, ktr_writer_kick);
	if (err)
		goto fail_anchor;
	err = ktr_writer_start(&ktr_writer_chores);
	if (err)
		goto fail_buf;
	err = ktr_sysctl_init();
	if (err)
		goto fail_writer;
	ktr_spare_init(ktr_sys_probes);
	err = ktr_dev_init();
	if (err)
		goto fail_spare;
	return 0;

fail_spare:
	ktr_spare_exit();
	ktr_sysctl_exit();
fail_writer:
	ktr_writer_stop();
fail_buf:
	ktr_buf_exit();
fail_anchor:
	ktr_anchor_exit();
fail_pools:
	ktr_pools_exit();
	return err;
}

static void __exit ktr_exit_module(void)
{
	ktr_dev_exit();		/* no new requests */
	ktr_sysctl_exit();	/* no new resizes */
	ktr_writer_stop();	/* no background drains */
	ktr_hooks_shutdown();	/* no probes, no pending exit flushes */
	ktr_spare_exit();	/* no one else's registration followed */
	ktr_wait_shutdown();	/* no task waits for the writer */
	ktr_proc_clear_set(KTR_RING_FILE);
	ktr_proc_clear_set(KTR_RING_FLIGHT);
	ktr_sync();		/* everything recorded is in its file */
	rcu_barrier();		/* the freed trace state is gone */
	ktr_flight_exit();
	ktr_buf_exit();
	ktr_anchor_exit();	/* no stale anchor for a later dump */
	ktr_pools_exit();
}

/*
 * The project's version (VERSION, passed by Kbuild) for modinfo and
 * /sys/module/ktrace/version; and the ABI this module speaks, for
 * ktrace(1) to compare with its own.  Read only, and refused at load.
 */
MODULE_VERSION(KTR_VERSION);

static unsigned int ktr_abi_version = KTR_ABI_VERSION;

static int ktr_abi_version_set(const char *val, const struct kernel_param *kp)
{
	return -EPERM;
}

static const struct kernel_param_ops ktr_abi_version_ops = {
	.set = ktr_abi_version_set,
	.get = param_get_uint,
};
module_param_cb(abi_version, &ktr_abi_version_ops, &ktr_abi_version, 0444);
MODULE_PARM_DESC(abi_version, "the version of the /dev/ktrace interface (read only)");

module_init(ktr_init);
module_exit(ktr_exit_module);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("BSD ktrace(2) for Linux");
