// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU record buffers.
 *
 * Each CPU owns a ring that only it writes (with preemption disabled) and
 * only the writer thread reads: no locks, no shared atomics on the record
 * path.  A record never wraps: when it does not fit before the end of the
 * ring, a padding slot fills the rest and the record starts at offset 0.
 * The producer publishes a slot by moving head with release semantics;
 * the consumer frees space by moving tail the same way.
 */
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/vmalloc.h>

#include "ktr.h"

struct ktr_ring {
	char *data;
	u64 head;		/* written by the owning CPU only */
	u64 tail;		/* written by the writer only */
	u64 drain_end;		/* the writer's snapshot of head */
};

/* What the ring holds in front of each record. */
struct ktr_slot {
	u32 size;		/* bytes of the slot, a multiple of 8 */
	u32 pad;		/* nonzero: padding, no record */
	struct ktr_file *file;	/* where the record goes */
	u64 ns;			/* its time, for merging CPUs in order */
	struct ktr_header hdr;	/* followed by hdr.ktr_len bytes */
};

static DEFINE_PER_CPU(struct ktr_ring, ktr_rings);
static unsigned long ktr_ring_size;	/* a power of two */

static inline struct ktr_slot *slot_at(struct ktr_ring *r, u64 pos)
{
	return (struct ktr_slot *)(r->data + (pos & (ktr_ring_size - 1)));
}

/* Rings of @size bytes (a power of two) for every possible CPU into @data. */
static int ktr_rings_alloc(char **data, unsigned long size)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		data[cpu] = vmalloc_node(size, cpu_to_node(cpu));
		if (!data[cpu])
			return -ENOMEM;
	}
	return 0;
}

static void ktr_rings_free(char **data)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		vfree(data[cpu]);
		data[cpu] = NULL;
	}
}

/* Make every ring use @data (no producer or drain may run). */
static void ktr_rings_set(char **data, unsigned long size)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		struct ktr_ring *r = per_cpu_ptr(&ktr_rings, cpu);

		r->data = data[cpu];
		r->head = r->tail = r->drain_end = 0;
	}
	ktr_ring_size = size;
}

static unsigned long ktr_buf_round(unsigned long size)
{
	return roundup_pow_of_two(clamp(size, KTR_BUF_MIN, KTR_BUF_MAX));
}

int ktr_buf_init(unsigned long size)
{
	char **data = kcalloc(nr_cpu_ids, sizeof(*data), GFP_KERNEL);
	int err;

	if (!data)
		return -ENOMEM;
	size = ktr_buf_round(size);
	err = ktr_rings_alloc(data, size);
	if (err)
		ktr_rings_free(data);
	else
		ktr_rings_set(data, size);
	kfree(data);
	return err;
}

void ktr_buf_exit(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		struct ktr_ring *r = per_cpu_ptr(&ktr_rings, cpu);

		vfree(r->data);
		r->data = NULL;
	}
}

/*
 * Replace the rings with rings of @size bytes (rounded as at load).  The
 * caller guarantees that no producer can run and holds the drain lock;
 * the rings must have been drained.  On failure the old rings stay.
 */
int ktr_buf_resize(unsigned long size)
{
	char **data;
	int cpu, err;

	size = ktr_buf_round(size);
	if (size == ktr_ring_size)
		return 0;
	for_each_possible_cpu(cpu) {
		struct ktr_ring *r = per_cpu_ptr(&ktr_rings, cpu);

		if (r->head != r->tail)
			return -EBUSY;
	}
	data = kcalloc(nr_cpu_ids, sizeof(*data), GFP_KERNEL);
	if (!data)
		return -ENOMEM;
	err = ktr_rings_alloc(data, size);
	if (err) {
		ktr_rings_free(data);
		kfree(data);
		return err;
	}
	ktr_buf_exit();
	ktr_rings_set(data, size);
	kfree(data);
	return 0;
}

/* Bytes of each CPU's ring. */
unsigned long ktr_buf_size(void)
{
	return ktr_ring_size;
}

/* Bytes a CALL record takes in a ring: the unit of request_pool. */
unsigned long ktr_buf_call_slot(void)
{
	return ALIGN(sizeof(struct ktr_slot) + sizeof(struct ktr_syscall) +
		     KTR_SYSCALL_MAXARGS * sizeof(u64), 8);
}

/* Room for a slot of @size bytes on ring @r, or NULL when it is full. */
static struct ktr_slot *ktr_reserve(struct ktr_ring *r, u32 size)
{
	u64 head = r->head;
	u64 room = ktr_ring_size - (head & (ktr_ring_size - 1));
	struct ktr_slot *s;

	/* Pairs with the writer's release of tail: its reads are done. */
	if (head + size + (size > room ? room : 0) -
	    smp_load_acquire(&r->tail) > ktr_ring_size)
		return NULL;
	if (size > room) {
		s = slot_at(r, head);
		s->size = room;
		s->pad = 1;
		head += room;
		/* Pairs with the writer's acquire of head: the pad is whole. */
		smp_store_release(&r->head, head);
	}
	s = slot_at(r, head);
	s->size = size;
	s->pad = 0;
	return s;
}

static void ktr_fill(struct ktr_slot *s, struct ktr_proc *p,
		     struct task_struct *tsk, int type, size_t len)
{
	u64 ns = ktime_get_real_fast_ns();
	u32 rem;

	s->file = rcu_dereference(p->file);
	s->ns = ns;
	s->hdr.ktr_len = len;
	s->hdr.ktr_type = type | KTR_VERSIONED;
	s->hdr.ktr_version = KTR_VERSION1;
	s->hdr.ktr_pid = task_tgid_nr(tsk);
	BUILD_BUG_ON(sizeof(tsk->comm) > KTR_COMMLEN);
	memcpy(s->hdr.ktr_comm, tsk->comm, sizeof(tsk->comm));
	memset(s->hdr.ktr_comm + sizeof(tsk->comm), 0,
	       KTR_COMMLEN - sizeof(tsk->comm));
	s->hdr.ktr_comm[sizeof(tsk->comm) - 1] = '\0';
	s->hdr.ktr_time.tv_sec = div_u64_rem(ns, NSEC_PER_SEC, &rem);
	s->hdr.ktr_time.tv_nsec = rem;
	s->hdr.ktr_tid = task_pid_nr(tsk);
	s->hdr.ktr_cpu = smp_processor_id();
	s->hdr.ktr_pad = 0;
}

static inline void ktr_publish(struct ktr_ring *r, struct ktr_slot *s)
{
	/* Pairs with the writer's acquire of head: the record is whole. */
	smp_store_release(&r->head, r->head + s->size);
}

/*
 * After a loss, the process's next record is a KTR_LOST with the count,
 * flagged KTR_DROP.  Returns false when even that does not fit.
 */
static bool ktr_put_lost(struct ktr_ring *r, struct ktr_proc *p,
			 struct task_struct *tsk)
{
	struct ktr_slot *s;
	struct ktr_lost *l;

	s = ktr_reserve(r, ALIGN(sizeof(*s) + sizeof(*l), 8));
	if (!s)
		return false;
	ktr_fill(s, p, tsk, KTR_LOST | KTR_DROP, sizeof(*l));
	l = (struct ktr_lost *)(&s->hdr + 1);
	l->ktr_count = atomic_long_xchg(&p->dropped, 0);
	ktr_publish(r, s);
	return true;
}

/*
 * Reserve a record of @len payload bytes about @tsk of traced process @p
 * on this CPU and fill its header.  Returns the header, with preemption
 * disabled until ktr_record_end(); or NULL, counting the loss against
 * @p, when the ring is full.  Call under rcu_read_lock(), with @p found
 * there; only from task context (one producer per CPU at a time).
 */
struct ktr_header *ktr_record_begin(struct ktr_proc *p, struct task_struct *tsk,
				    int type, size_t len)
{
	struct ktr_ring *r;
	struct ktr_slot *s = NULL;

	preempt_disable();
	r = this_cpu_ptr(&ktr_rings);
	if (!atomic_long_read(&p->dropped) || ktr_put_lost(r, p, tsk))
		s = ktr_reserve(r, ALIGN(sizeof(*s) + len, 8));
	if (!s) {
		atomic_long_inc(&p->dropped);
		preempt_enable();
		return NULL;
	}
	ktr_fill(s, p, tsk, type, len);
	return &s->hdr;
}

/* Publish the record begun by ktr_record_begin(). */
void ktr_record_end(struct ktr_header *h)
{
	struct ktr_slot *s = container_of(h, struct ktr_slot, hdr);
	struct ktr_ring *r = this_cpu_ptr(&ktr_rings);

	ktr_publish(r, s);
	if (r->head - READ_ONCE(r->tail) > ktr_ring_size / 2)
		ktr_writer_kick();
	preempt_enable();
}

/* Skip padding; return the next record slot before @end, or NULL. */
static struct ktr_slot *next_slot(struct ktr_ring *r, u64 *pos, u64 end)
{
	while (*pos < end) {
		struct ktr_slot *s = slot_at(r, *pos);

		if (!s->pad)
			return s;
		*pos += s->size;
		smp_store_release(&r->tail, *pos);
	}
	return NULL;
}

/*
 * Hand every record published before the call, of every CPU, to @emit,
 * oldest first across CPUs, freeing ring space as it goes.  Records
 * published meanwhile wait for the next drain: a busy producer must not
 * keep one drain (and the callers waiting for it) going forever.
 * The oldest ring's records go in a run, up to the next record of the
 * others: the usual drain (one busy CPU) compares no times at all.
 * Caller serialises drains.
 */
void ktr_buf_drain(ktr_emit_fn emit)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		struct ktr_ring *r = per_cpu_ptr(&ktr_rings, cpu);

		/* Pairs with the producer's release: records are whole. */
		r->drain_end = smp_load_acquire(&r->head);
	}
	for (;;) {
		struct ktr_slot *bs = NULL;
		struct ktr_ring *br = NULL;
		u64 pos, limit = U64_MAX;	/* the next-oldest record's time */

		for_each_possible_cpu(cpu) {
			struct ktr_ring *r = per_cpu_ptr(&ktr_rings, cpu);
			struct ktr_slot *s;

			pos = r->tail;
			s = next_slot(r, &pos, r->drain_end);
			if (!s)
				continue;
			if (!bs || s->ns < bs->ns) {
				if (bs)
					limit = bs->ns;
				bs = s;
				br = r;
			} else if (s->ns < limit) {
				limit = s->ns;
			}
		}
		if (!bs)
			break;
		do {
			emit(bs->file, &bs->hdr);
			pos = br->tail + bs->size;
			smp_store_release(&br->tail, pos);
			bs = next_slot(br, &pos, br->drain_end);
		} while (bs && bs->ns <= limit);
	}
}
