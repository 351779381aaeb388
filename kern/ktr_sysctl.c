// SPDX-License-Identifier: GPL-2.0
/*
 * kernel.ktrace.*: FreeBSD's kern.ktrace tunables under Linux's name.
 *
 *   geniosize     bytes of data a GENIO record carries at most
 *   bufsize       bytes of record buffer per CPU (a power of two)
 *   request_pool  the same buffer counted in CALL records, as FreeBSD
 *                 counts its pool of requests
 *   max_wait_ms   how long a traced program waits, at most, for room in
 *                 a full buffer before its records are lost (0: never)
 *   ring_bufsize  bytes of the flight recorder's ring per CPU
 *   ring_entries  the same ring counted in kstrax's entries (a CALL or a
 *                 RET of a 3-argument call: 112 bytes on
 *                 average), as kstrax sizes its buffer
 *
 * The buffer changes size only while nothing is traced, the ring only
 * while the recorder is not recording (EBUSY otherwise); sizes written
 * are rounded up to a power of two bytes.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/sysctl.h>
#include <linux/version.h>

#include "ktr.h"

/* 6.11 passes handlers a const table (commit 78eb4ea25cd5). */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 11, 0)
#define ktr_ctl_table const struct ctl_table
#else
#define ktr_ctl_table struct ctl_table
#endif

static unsigned int ktr_genio_max = KTR_GENIO_MAX;
static unsigned int ktr_wait_max = 600000;	/* ms: ten minutes */

/*
 * A size of rings, in bytes or counted in records: the file set's
 * (bufsize, request_pool) or the flight recorder's (ring_bufsize,
 * ring_entries).  Bounds in bytes; set() may refuse (EBUSY).
 */
struct ktr_size_knob {
	unsigned long min, max;
	unsigned long (*unit)(void);	/* bytes that a count of 1 is */
	unsigned long (*get)(void);
	int (*set)(unsigned long bytes);
};

static unsigned long ktr_unit_byte(void)
{
	return 1;
}

/*
 * kstrax's unit: a CALL of 3 arguments and its RET take 120 + 104 bytes
 * of ring, two entries.
 */
static unsigned long ktr_unit_entry(void)
{
	return 112;
}

static unsigned long ktr_flight_get(void)
{
	return READ_ONCE(ktr_flight_size);
}

static const struct ktr_size_knob ktr_knob_buf = {
	KTR_BUF_MIN, KTR_BUF_MAX, ktr_unit_byte, ktr_buf_size,
	ktr_writer_resize,
};
static const struct ktr_size_knob ktr_knob_pool = {
	KTR_BUF_MIN, KTR_BUF_MAX, ktr_buf_call_slot, ktr_buf_size,
	ktr_writer_resize,
};
static const struct ktr_size_knob ktr_knob_ring = {
	KTR_FLIGHT_MIN, KTR_FLIGHT_MAX, ktr_unit_byte, ktr_flight_get,
	ktr_flight_resize,
};
static const struct ktr_size_knob ktr_knob_entries = {
	KTR_FLIGHT_MIN, KTR_FLIGHT_MAX, ktr_unit_entry, ktr_flight_get,
	ktr_flight_resize,
};

/* Read a size of rings, or set it, under ktr_op_mutex. */
static int ktr_sysctl_size(ktr_ctl_table *table, int write,
			   void *buffer, size_t *lenp, loff_t *ppos)
{
	const struct ktr_size_knob *k = table->extra1;
	unsigned long val, min, max, per = k->unit();
	struct ctl_table t = *table;
	int err;

	min = DIV_ROUND_UP(k->min, per);
	max = k->max / per;
	t.data = &val;
	t.extra1 = &min;
	t.extra2 = &max;

	mutex_lock(&ktr_op_mutex);
	val = k->get() / per;
	err = proc_doulongvec_minmax(&t, write, buffer, lenp, ppos);
	if (!err && write)
		err = k->set(val * per);
	mutex_unlock(&ktr_op_mutex);
	return err;
}

#define KTR_SIZE_SYSCTL(name, knob) {			\
	.procname = name,				\
	.maxlen = sizeof(unsigned long),		\
	.mode = 0644,					\
	.proc_handler = ktr_sysctl_size,		\
	.extra1 = (void *)&(knob),			\
}

static struct ctl_table ktr_sysctls[] = {
	{
		.procname = "geniosize",
		.data = &ktr_geniosize,
		.maxlen = sizeof(ktr_geniosize),
		.mode = 0644,
		.proc_handler = proc_douintvec_minmax,
		.extra1 = SYSCTL_ZERO,
		.extra2 = &ktr_genio_max,
	},
	{
		.procname = "max_wait_ms",
		.data = &ktr_max_wait_ms,
		.maxlen = sizeof(ktr_max_wait_ms),
		.mode = 0644,
		.proc_handler = proc_douintvec_minmax,
		.extra1 = SYSCTL_ZERO,
		.extra2 = &ktr_wait_max,
	},
	KTR_SIZE_SYSCTL("bufsize", ktr_knob_buf),
	KTR_SIZE_SYSCTL("request_pool", ktr_knob_pool),
	KTR_SIZE_SYSCTL("ring_bufsize", ktr_knob_ring),
	KTR_SIZE_SYSCTL("ring_entries", ktr_knob_entries),
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 6, 0)
	{ }	/* until 6.6, register_sysctl() looked for an empty entry */
#endif
};

static struct ctl_table_header *ktr_sysctl_header;

int ktr_sysctl_init(void)
{
	ktr_sysctl_header = register_sysctl("kernel/ktrace", ktr_sysctls);
	return ktr_sysctl_header ? 0 : -ENOMEM;
}

void ktr_sysctl_exit(void)
{
	unregister_sysctl_table(ktr_sysctl_header);
}
