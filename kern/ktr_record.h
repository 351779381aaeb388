/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The record path, inline: where the probes of CALL and RET make theirs,
 * one call fewer each; ktr_record_begin() and ktr_record_end() are the
 * same, out of line, for every other record (ktr_buf.c).
 */
#ifndef KTR_RECORD_H
#define KTR_RECORD_H

#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/timekeeping.h>

#include "ktr.h"

extern void (*ktr_wake_reader)(void);
bool ktr_put_lost(struct ktr_ring *r, struct ktr_proc *p,
		  struct task_struct *tsk, u64 ns);

/* Inlined: one call fewer on every record. */
static __always_inline void ktr_fill(struct ktr_ring *r, struct ktr_slot *s,
				     struct ktr_proc *p, int set,
				     struct task_struct *tsk, int type,
				     size_t len, u64 ns)
{
	/* The writer's destination; in the flight set, the record's number. */
	if (set == KTR_RING_FILE)
		s->ks_seq = (unsigned long)ktr_rcu_dereference(p->file);
	else
		s->ks_seq = r->d->krd_seq;
#ifdef CONFIG_X86_64
	if (test_tsk_thread_flag(tsk, TIF_ADDR32))
		s->ks_flags = KTR_SLOT_ILP32;
#endif
	s->ks_ns = ns;
	ktr_header_init(&s->ks_hdr, type, len, ns);
	s->ks_hdr.ktr_pid = task_tgid_nr(tsk);
	BUILD_BUG_ON(sizeof(tsk->comm) > KTR_COMMLEN);
	memcpy(s->ks_hdr.ktr_comm, tsk->comm, sizeof(tsk->comm));
	memset(s->ks_hdr.ktr_comm + sizeof(tsk->comm), 0,
	       KTR_COMMLEN - sizeof(tsk->comm));
	s->ks_hdr.ktr_comm[sizeof(tsk->comm) - 1] = '\0';
	s->ks_hdr.ktr_tid = task_pid_nr(tsk);
}

/* Make the slot begun at reserve visible to readers. */
static __always_inline void ktr_publish(struct ktr_ring *r, int set)
{
	struct ktr_ring_desc *d = r->d;

	if (set == KTR_RING_FLIGHT)
		WRITE_ONCE(d->krd_seq, d->krd_seq + 1);
	/* Pairs with the readers' acquire of head: the record is whole. */
	smp_store_release(&d->krd_head, d->krd_reserve);
}

/*
 * Reserve a record of @len payload bytes about @tsk of traced process @p
 * on this CPU's ring of @p's set, @set, and fill its header.  @set is
 * passed apart from @p so that a caller that knows it at compile time
 * (the syscall probes) gets the code of that set alone.  Returns the
 * header, with preemption disabled until ktr_record_end(); or NULL,
 * counting the loss against @p, when a file ring is full (a flight ring
 * never is: it overwrites).  @ns is the record's time
 * (ktime_get_real_fast_ns()), read with preemption disabled already, so
 * that a CPU's records keep their order in time: the caller reads it
 * where few of its values are live across the clock's call.  Call under
 * rcu_read_lock() or in a probe (preemption disabled), with @p found
 * there; only from task context (one producer per CPU at a time).
 */
static __always_inline struct ktr_header *
__ktr_record_begin(struct ktr_proc *p, int set, struct task_struct *tsk,
		   int type, size_t len, u64 ns)
{
	u32 size = ALIGN(sizeof(struct ktr_slot) + len, 8);
	struct ktr_slot *s = NULL;
	struct ktr_ring *r;

	preempt_disable();
	r = this_cpu_ptr(&ktr_rings[set]);
	if (set == KTR_RING_FLIGHT) {
		BUILD_BUG_ON(sizeof(struct ktr_slot) + sizeof(struct ktr_genio) +
			     KTR_GENIO_MAX > KTR_FLIGHT_MIN / 2);
		s = ktr_ring_reserve_over(r, size);
	} else if (!atomic_long_read(&p->dropped) ||
		   ktr_put_lost(r, p, tsk, ns)) {
		s = ktr_ring_reserve(r, size);
	}
	if (!s) {
		atomic_long_inc(&p->dropped);
		preempt_enable();
		return NULL;
	}
	ktr_fill(r, s, p, set, tsk, type, len, ns);
	return &s->ks_hdr;
}

/* Publish the record begun by ktr_record_begin() for @p of set @set. */
static __always_inline void __ktr_record_end(struct ktr_proc *p, int set,
					      struct ktr_header *h)
{
	struct ktr_ring *r = this_cpu_ptr(&ktr_rings[set]);
	struct ktr_ring_desc *d = r->d;
	u64 used;

	/* ktr_len may have shrunk (a short copy): the slot keeps its size. */
	ktr_publish(r, set);
	if (set != KTR_RING_FILE)
		goto out;
	/*
	 * Past a quarter: the writer drains while the producer goes on, so
	 * that a busy program seldom reaches half, where it would wait.
	 * Past half: the syscall's exit looks whether to wait.
	 */
	used = d->krd_head - READ_ONCE(d->krd_tail);
	if (used > ktr_rings_size(KTR_RING_FILE) / 4) {
		ktr_wake_reader();
		if (used > ktr_rings_size(KTR_RING_FILE) / 2)
			r->past_half = true;
	}
out:
	preempt_enable();
}

#endif /* KTR_RECORD_H */
