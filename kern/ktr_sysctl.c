// SPDX-License-Identifier: GPL-2.0
/*
 * kernel.ktrace.*: FreeBSD's kern.ktrace tunables under Linux's name.
 *
 *   geniosize     bytes of data a GENIO record carries at most
 *   bufsize       bytes of record buffer per CPU (a power of two)
 *   request_pool  the same buffer counted in CALL records, as FreeBSD
 *                 counts its pool of requests
 *   ring_bufsize  bytes of the flight recorder's ring per CPU
 *   ring_entries  the same ring counted in kstrax's entries (a CALL or a
 *                 RET of a 3-argument call: KTR_RING_ENTRY bytes on
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

#include "ktr.h"

static unsigned int ktr_genio_max = KTR_GENIO_MAX;

/* bufsize and request_pool: read the rings' size, or resize them. */
static int ktr_sysctl_buf(struct ctl_table *table, int write,
			  void *buffer, size_t *lenp, loff_t *ppos)
{
	bool pool = table->extra1 != NULL;
	unsigned long val, min, max, per = 1;
	struct ctl_table t = *table;
	int err;

	if (pool)
		per = ktr_buf_call_slot();
	min = DIV_ROUND_UP(KTR_BUF_MIN, per);
	max = KTR_BUF_MAX / per;
	t.data = &val;
	t.extra1 = &min;
	t.extra2 = &max;

	mutex_lock(&ktr_op_mutex);
	val = ktr_buf_size() / per;
	err = proc_doulongvec_minmax(&t, write, buffer, lenp, ppos);
	if (!err && write)
		err = ktr_writer_resize(val * per);
	mutex_unlock(&ktr_op_mutex);
	return err;
}

/*
 * kstrax's unit: a CALL of 3 arguments and its RET take 120 + 104 bytes
 * of ring, two entries.
 */
#define KTR_RING_ENTRY	112

/* ring_bufsize and ring_entries: read or set the flight rings' size. */
static int ktr_sysctl_ring(struct ctl_table *table, int write,
			   void *buffer, size_t *lenp, loff_t *ppos)
{
	unsigned long val, min, max, per = table->extra1 ? KTR_RING_ENTRY : 1;
	struct ctl_table t = *table;
	int err;

	min = DIV_ROUND_UP(KTR_FLIGHT_MIN, per);
	max = KTR_FLIGHT_MAX / per;
	t.data = &val;
	t.extra1 = &min;
	t.extra2 = &max;

	mutex_lock(&ktr_op_mutex);
	val = READ_ONCE(ktr_flight_size) / per;
	err = proc_doulongvec_minmax(&t, write, buffer, lenp, ppos);
	if (!err && write)
		err = ktr_flight_resize(val * per);
	mutex_unlock(&ktr_op_mutex);
	return err;
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
		.procname = "bufsize",
		.maxlen = sizeof(unsigned long),
		.mode = 0644,
		.proc_handler = ktr_sysctl_buf,
	},
	{
		.procname = "request_pool",
		.maxlen = sizeof(unsigned long),
		.mode = 0644,
		.proc_handler = ktr_sysctl_buf,
		.extra1 = SYSCTL_ONE,	/* marks the count in records */
	},
	{
		.procname = "ring_bufsize",
		.maxlen = sizeof(unsigned long),
		.mode = 0644,
		.proc_handler = ktr_sysctl_ring,
	},
	{
		.procname = "ring_entries",
		.maxlen = sizeof(unsigned long),
		.mode = 0644,
		.proc_handler = ktr_sysctl_ring,
		.extra1 = SYSCTL_ONE,	/* marks the count in entries */
	},
	{ }
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
