// SPDX-License-Identifier: GPL-2.0
/*
 * The record path (its steps inline in ktr_record.h), and the drain of
 * the file set.
 *
 * Each CPU up since load has a ring per set (ktr_ring.c, ktr_cpus.c): the
 * file set, which only the writer thread drains, and the flight set,
 * which nothing drains.  A record goes to the ring of the set of the
 * trace state that made it; only its CPU writes there, with preemption
 * disabled: no locks, no shared atomics on the record path.  The
 * producer publishes a slot by moving head with release semantics; the
 * writer frees file-set space by moving tail the same way.
 */
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/moduleparam.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/timekeeping.h>

#include "ktr.h"
#include "ktr_record.h"

void (*ktr_wake_reader)(void);		/* the file set's reader: drain soon */
/*
 * The drain's merge of the CPUs' rings: those with records left, in a
 * binary min-heap by the time of their next record (drain_ns), so that
 * finding the oldest ring, and the time its run must stop at, costs
 * log(CPUs) a run, not a look at every CPU's ring.  Records of many CPUs
 * interleave in time, and a run is then a record or two.  Under
 * ktr_drain_mutex.  Not <linux/min_heap.h>: its interface changed
 * between 6.1 and 6.12, and a sift-down is all the merge needs.
 */
static struct ktr_ring **ktr_merge;	/* nr_cpu_ids entries */
static unsigned int ktr_merge_n;

/*
 * The times between which the drain read the rings' heads, one CPU after
 * another.  A record made then waits for the next drain: a thread that
 * published one record on a CPU whose head was already read, then moved
 * and published the next on a CPU read later, would otherwise see its
 * second record written first.  Every record published before another's
 * time was read (a thread's earlier records; a write before the read it
 * ends) is written no later than it.  Empty (from > to): drain all.
 */
static u64 ktr_cut_from, ktr_cut_to;

/*
 * For tests only: the drain pauses this long between reading one CPU's
 * ring head and the next's, as a writer preempted there would.
 */
static unsigned int ktr_fault_snapshot_ms;
module_param_named(fault_snapshot_ms, ktr_fault_snapshot_ms, uint, 0644);
MODULE_PARM_DESC(fault_snapshot_ms, "tests only: the drain pauses between reading one CPU's ring and the next's");

static unsigned long ktr_buf_round(unsigned long size)
{
	return roundup_pow_of_two(clamp(size, KTR_BUF_MIN, KTR_BUF_MAX));
}

/*
 * File rings of @size bytes per CPU; @wake_reader, callable from any
 * context, is how a filling ring asks its reader to drain.
 */
int ktr_buf_init(unsigned long size, void (*wake_reader)(void))
{
	int err;

	ktr_wake_reader = wake_reader;
	ktr_merge = kcalloc(nr_cpu_ids, sizeof(*ktr_merge), GFP_KERNEL);
	if (!ktr_merge)
		return -ENOMEM;
	err = ktr_rings_init(ktr_buf_round(size));
	if (err)
		kfree(ktr_merge);
	return err;
}

void ktr_buf_exit(void)
{
	ktr_rings_exit();
	kfree(ktr_merge);
}

/*
 * Replace the file rings with rings of @size bytes (rounded as at load).
 * Under ktr_drain_mutex; the caller guarantees that no producer can run,
 * and the rings must have been drained.  On failure the old rings stay:
 * the new ones are made aside first.
 */
int ktr_buf_resize(unsigned long size)
{
	int cpu;

	lockdep_assert_held(&ktr_drain_mutex);
	size = ktr_buf_round(size);
	if (size == ktr_rings_size(KTR_RING_FILE))
		return 0;
	for_each_cpu(cpu, &ktr_ring_cpus) {
		struct ktr_ring_desc *d = ktr_ring_of(KTR_RING_FILE, cpu)->d;

		if (d->krd_head != d->krd_tail)
			return -EBUSY;
	}
	return ktr_rings_resize_set(KTR_RING_FILE, size);
}

/* Bytes of each CPU's file ring. */
unsigned long ktr_buf_size(void)
{
	return ktr_rings_size(KTR_RING_FILE);
}

/* Bytes a CALL record takes in a ring: the unit of request_pool. */
unsigned long ktr_buf_call_slot(void)
{
	return ALIGN(sizeof(struct ktr_slot) + sizeof(struct ktr_syscall) +
		     KTR_SYSCALL_MAXARGS * sizeof(u64), 8);
}

/*
 * After a loss, the process's next record is a KTR_LOST with the count,
 * flagged KTR_DROP, at that record's time @ns.  Returns false when even
 * that does not fit.
 */
bool ktr_put_lost(struct ktr_ring *r, struct ktr_proc *p,
		  struct task_struct *tsk, u64 ns)
{
	struct ktr_slot *s;
	struct ktr_lost *l;

	s = ktr_ring_reserve(r, ALIGN(sizeof(*s) + sizeof(*l), 8));
	if (!s)
		return false;
	ktr_fill(r, s, p, KTR_RING_FILE, tsk, KTR_LOST | KTR_DROP, sizeof(*l),
		 ns);
	l = (struct ktr_lost *)(&s->ks_hdr + 1);
	l->ktr_count = atomic_long_xchg(&p->dropped, 0);
	ktr_publish(r, KTR_RING_FILE);
	return true;
}

/*
 * The record path of ktr_record.h, out of line, for the records of every
 * kind but CALL and RET.
 */
struct ktr_header *ktr_record_begin(struct ktr_proc *p, struct task_struct *tsk,
				    int type, size_t len)
{
	struct ktr_header *h;

	/* The time, on the CPU whose ring takes the record. */
	preempt_disable();
	h = __ktr_record_begin(p, p->set, tsk, type, len,
			       ktime_get_real_fast_ns());
	preempt_enable();
	return h;
}

void ktr_record_end(struct ktr_proc *p, struct ktr_header *h)
{
	__ktr_record_end(p, p->set, h);
}

/* Bytes held in a file ring. */
static u64 ktr_ring_used(const struct ktr_ring *r)
{
	return READ_ONCE(r->d->krd_head) - READ_ONCE(r->d->krd_tail);
}

/*
 * Should a task that made records on this CPU wait for the writer: is its
 * file ring past half full, and not given up on (ktr_wait.c)?  With
 * preemption disabled.  The ring's past_half flag is set by every record
 * that finds it past half, and cleared here, by its own CPU, when it is
 * not: only a record on this CPU can take it past half again.
 */
bool ktr_buf_above_half_here(void)
{
	struct ktr_ring *r = this_cpu_ptr(&ktr_rings[KTR_RING_FILE]);

	if (ktr_ring_used(r) > ktr_rings_size(KTR_RING_FILE) / 2) {
		if (!READ_ONCE(r->stalled))
			return true;
	} else {
		r->past_half = false;
	}
	return false;
}

/*
 * May a task waiting for @cpu's file ring go on: is it down to a quarter,
 * or given up on?  Process context; the rings may be resized meanwhile.
 */
bool ktr_buf_has_room(int cpu)
{
	struct ktr_ring *r;
	bool room;

	rcu_read_lock();
	r = per_cpu_ptr(&ktr_rings[KTR_RING_FILE], cpu);
	room = ktr_ring_used(r) <= ktr_rings_size(KTR_RING_FILE) / 4 ||
	       READ_ONCE(r->stalled);
	rcu_read_unlock();
	return room;
}

/* A wait for @cpu's ring timed out: nobody waits on it until it drains. */
void ktr_buf_stall(int cpu)
{
	WRITE_ONCE(per_cpu_ptr(&ktr_rings[KTR_RING_FILE], cpu)->stalled, true);
}

/* After a drain: the rings down to a quarter may be waited on again. */
static void ktr_buf_unstall(void)
{
	int cpu;

	for_each_cpu(cpu, &ktr_ring_cpus) {
		struct ktr_ring *r = ktr_ring_of(KTR_RING_FILE, cpu);

		if (READ_ONCE(r->stalled) &&
		    ktr_ring_used(r) <= ktr_rings_size(KTR_RING_FILE) / 4)
			WRITE_ONCE(r->stalled, false);
	}
}

/* Skip padding; return the next record slot before @end, or NULL. */
static struct ktr_slot *next_slot(struct ktr_ring *r, u64 *pos, u64 end)
{
	while (*pos < end) {
		struct ktr_slot *s = ktr_slot_at(r, *pos);

		if (!(s->ks_flags & KTR_SLOT_PAD))
			return s;
		*pos += s->ks_size;
		r->drain_pos = *pos;
	}
	return NULL;
}

/* Free the ring space the drain has taken so far: it has been written. */
static void ktr_buf_release(void)
{
	int cpu;

	for_each_cpu(cpu, &ktr_ring_cpus) {
		struct ktr_ring *r = ktr_ring_of(KTR_RING_FILE, cpu);

		if (r->drain_pos != r->d->krd_tail)
			/* Pairs with the producer's acquire: reads are done. */
			smp_store_release(&r->d->krd_tail, r->drain_pos);
	}
}

static inline struct ktr_file *slot_file(const struct ktr_slot *s)
{
	return (struct ktr_file *)(unsigned long)s->ks_seq;
}

/*
 * Copy the records for @f from @r's drain position on, while they are
 * small (KTR_COPY_MAX), no later than @limit and fit in the @room bytes
 * at @to: the usual drain, a run of CALLs and RETs of one file, without
 * a call per record.  Returns the bytes copied; the position moves past
 * them.
 */
static size_t ktr_copy_run(struct ktr_ring *r, const struct ktr_file *f,
			   u64 limit, char *to, size_t room)
{
	char *dst = to, *end = to + room;	/* no more live across memcpy */
	u64 pos = r->drain_pos;

	while (pos < r->drain_end) {
		struct ktr_slot *s = ktr_slot_at(r, pos);
		size_t len;

		/* A padding slot may be too short to hold a header. */
		if (!(s->ks_flags & KTR_SLOT_PAD)) {
			len = sizeof(s->ks_hdr) + s->ks_hdr.ktr_len;
			if (slot_file(s) != f || s->ks_ns > limit ||
			    len >= KTR_COPY_MAX || len > end - dst)
				break;
			memcpy(dst, &s->ks_hdr, len);
			dst += len;
		}
		pos += s->ks_size;
	}
	r->drain_pos = pos;
	return dst - to;
}

/* Restore the heap's order below @i, whose time has grown. */
static void ktr_merge_down(unsigned int i)
{
	struct ktr_ring **h = ktr_merge;

	for (;;) {
		unsigned int c = 2 * i + 1;

		if (c >= ktr_merge_n)
			return;
		if (c + 1 < ktr_merge_n && h[c + 1]->drain_ns < h[c]->drain_ns)
			c++;
		if (h[i]->drain_ns <= h[c]->drain_ns)
			return;
		swap(h[i], h[c]);
		i = c;
	}
}

/* Was @s made while the heads were read: does it wait for the next drain? */
static bool ktr_merge_cut(const struct ktr_slot *s)
{
	return s->ks_ns >= ktr_cut_from && s->ks_ns <= ktr_cut_to;
}

/*
 * Every file ring with records published now, in the heap; @all: with
 * those made while the heads were read (see ktr_cut_from).
 */
static void ktr_merge_start(bool all)
{
	bool first = true;
	unsigned int i;
	int cpu;

	ktr_cut_from = ktime_get_real_fast_ns();
	for_each_cpu(cpu, &ktr_ring_cpus) {
		struct ktr_ring *r = ktr_ring_of(KTR_RING_FILE, cpu);

		if (!first)
			ktr_fault_wait(READ_ONCE(ktr_fault_snapshot_ms));
		first = false;
		/* Pairs with the producer's release: records are whole. */
		r->drain_end = smp_load_acquire(&r->d->krd_head);
		r->drain_pos = r->d->krd_tail;
	}
	ktr_cut_to = ktime_get_real_fast_ns();
	if (all) {
		ktr_cut_from = U64_MAX;
		ktr_cut_to = 0;
	}
	ktr_merge_n = 0;
	for_each_cpu(cpu, &ktr_ring_cpus) {
		struct ktr_ring *r = ktr_ring_of(KTR_RING_FILE, cpu);
		u64 pos = r->drain_pos;
		struct ktr_slot *s = next_slot(r, &pos, r->drain_end);

		if (s && !ktr_merge_cut(s)) {
			r->drain_ns = s->ks_ns;
			ktr_merge[ktr_merge_n++] = r;
		}
	}
	for (i = ktr_merge_n / 2; i-- > 0;)
		ktr_merge_down(i);
}

/* The time of the oldest record of the rings but the oldest. */
static u64 ktr_merge_limit(void)
{
	struct ktr_ring **h = ktr_merge;

	if (ktr_merge_n < 2)
		return U64_MAX;
	if (ktr_merge_n == 2 || h[1]->drain_ns <= h[2]->drain_ns)
		return h[1]->drain_ns;
	return h[2]->drain_ns;
}

/* The oldest ring's next record is @s now, or it has none left. */
static void ktr_merge_next(struct ktr_slot *s)
{
	if (s)
		ktr_merge[0]->drain_ns = s->ks_ns;
	else
		ktr_merge[0] = ktr_merge[--ktr_merge_n];
	ktr_merge_down(0);
}

/*
 * Hand every record published before the call, of every CPU's file ring,
 * to its file's batch (ktr_file.c), oldest first across CPUs.  Small
 * records are copied into the batch; a large one is written from the
 * ring, whose space is freed only once ktr_files_write() has written what
 * the batches point to: when one is full, and at the end.
 * Records published meanwhile wait for the next drain: a busy producer
 * must not keep one drain (and the callers waiting for it) going forever;
 * so do those made while the rings' heads were read, unless @all (a
 * file about to be freed, rings about to be replaced).
 * The oldest ring's records go in a run, up to the next record of the
 * others: the usual drain (one busy CPU) compares no times at all.
 * Under ktr_drain_mutex.
 */
void ktr_buf_drain(bool all)
{
	lockdep_assert_held(&ktr_drain_mutex);
	ktr_merge_start(all);
	while (ktr_merge_n) {
		struct ktr_ring *br = ktr_merge[0];
		struct ktr_slot *bs = ktr_slot_at(br, br->drain_pos);
		u64 pos, limit = ktr_merge_limit();
		/* A run of copies stops before the cut, too. */
		u64 copy_limit = min(limit, ktr_cut_from - 1);

		do {
			struct ktr_file *f = slot_file(bs);
			size_t room, n = 0;
			char *to = ktr_file_stage_tail(f, &room);
			bool full;

			if (to)
				n = ktr_copy_run(br, f, copy_limit, to, room);
			if (n) {
				full = ktr_file_staged(f, n);
			} else {
				full = ktr_file_emit(f, &bs->ks_hdr);
				br->drain_pos += bs->ks_size;
			}
			if (full) {
				ktr_files_write();
				ktr_buf_release();
			}
			pos = br->drain_pos;
			bs = next_slot(br, &pos, br->drain_end);
			if (bs && ktr_merge_cut(bs))
				bs = NULL;	/* this ring is done */
		} while (bs && bs->ks_ns <= limit);
		ktr_merge_next(bs);
	}
	ktr_files_write();
	ktr_buf_release();
	ktr_buf_unstall();
}
