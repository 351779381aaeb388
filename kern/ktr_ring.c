// SPDX-License-Identifier: GPL-2.0
/*
 * One CPU's ring of one set: its pages, its descriptor, and the two ways
 * of making room in it.
 *
 * The bytes are vmalloc'ed; the descriptor (struct ktr_ring_desc, in
 * sys/sys/ktrace.h) is physically contiguous and lists the page frame of
 * every page, so that a reader of a memory dump, with no symbols, finds
 * the ring from the anchor (ktr_anchor.c).  Positions are byte counts
 * that only grow; a slot never wraps (a padding slot fills the end).
 *
 * Only the owning CPU writes head, reserve and seq, with preemption off.
 * The file set's tail is the writer's: a full ring refuses records.  The
 * flight set's tail is the owning CPU's too: a full ring gives up its
 * oldest slots, and says so (tail moves) before their bytes change, so
 * that a reader checking tail after a copy knows which bytes are whole.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "ktr.h"

/* A ring of @size bytes (a power of two, whole pages) for @cpu in @set. */
int ktr_ring_alloc(struct ktr_ring *r, int set, int cpu, unsigned long size)
{
	unsigned long i, npages = size >> PAGE_SHIFT;
	struct ktr_ring_desc *d;
	size_t dsize;
	char *data;

	dsize = PAGE_ALIGN(struct_size(d, krd_pfn, npages));
	data = vmalloc_node(size, cpu_to_node(cpu));
	if (!data)
		return -ENOMEM;
	/* Physically contiguous: a dump's reader finds it by address. */
	d = alloc_pages_exact(dsize, GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN);
	if (!d) {
		vfree(data);
		return -ENOMEM;
	}
	d->krd_size = size;
	d->krd_cpu = cpu;
	d->krd_set = set;
	d->krd_npages = npages;
	for (i = 0; i < npages; i++)
		d->krd_pfn[i] = vmalloc_to_pfn(data + (i << PAGE_SHIFT));
	r->d = d;
	r->data = data;
	r->mask = size - 1;
	r->dsize = dsize;
	r->drain_end = 0;
	return 0;
}

void ktr_ring_free(struct ktr_ring *r)
{
	if (r->d)
		free_pages_exact(r->d, r->dsize);
	vfree(r->data);
	memset(r, 0, sizeof(*r));
}

/* Empty the ring (no producer or reader may run). */
void ktr_ring_reset(struct ktr_ring *r)
{
	r->d->krd_head = r->d->krd_reserve = r->d->krd_tail = 0;
	r->d->krd_seq = 0;
	r->drain_end = 0;
	r->past_half = false;
}

/*
 * Start a slot of @size bytes at head: a padding slot first when it would
 * not fit before the end.  @head is where it may start; returns where it
 * does.  Reserve covers both, as the one record being written.
 */
static u64 ktr_ring_place(struct ktr_ring *r, u64 head, u32 size)
{
	u64 room = r->mask + 1 - (head & r->mask);
	struct ktr_slot *s;

	if (size <= room) {
		WRITE_ONCE(r->d->krd_reserve, head + size);
		return head;
	}
	WRITE_ONCE(r->d->krd_reserve, head + room + size);
	s = ktr_slot_at(r, head);
	s->ks_size = room;
	s->ks_flags = KTR_SLOT_PAD;
	return head + room;
}

/* Bytes from @head the next slot of @size bytes takes, padding included. */
static u64 ktr_ring_need(const struct ktr_ring *r, u64 head, u32 size)
{
	u64 room = r->mask + 1 - (head & r->mask);

	return size > room ? room + size : size;
}

/* ktr_ring_reserve(), padding first where the slot would not fit. */
struct ktr_slot *ktr_ring_reserve_any(struct ktr_ring *r, u32 size)
{
	struct ktr_ring_desc *d = r->d;
	u64 head = d->krd_head, pos;
	struct ktr_slot *s;

	/* Pairs with the writer's release of tail: its reads are done. */
	if (head + ktr_ring_need(r, head, size) -
	    smp_load_acquire(&d->krd_tail) > r->mask + 1)
		return NULL;
	pos = ktr_ring_place(r, head, size);
	s = ktr_slot_at(r, pos);
	s->ks_size = size;
	s->ks_flags = 0;
	return s;
}

/*
 * Flight set: room for a slot of @size bytes (at most half the ring),
 * made by giving up the oldest slots as needed.  Never fails.
 */
struct ktr_slot *ktr_ring_reserve_over(struct ktr_ring *r, u32 size)
{
	struct ktr_ring_desc *d = r->d;
	u64 head = d->krd_head, tail = d->krd_tail, pos, need;
	struct ktr_slot *s;

	need = head + ktr_ring_need(r, head, size);
	if (need - tail > r->mask + 1) {
		/* Stops at head at the latest: need - head < the ring. */
		while (need - tail > r->mask + 1) {
			u32 n = ktr_slot_at(r, tail)->ks_size;

			if (WARN_ON_ONCE(n < 8 || n > r->mask + 1)) {
				tail = head;	/* corrupt: give up all */
				break;
			}
			tail += n;
		}
		WRITE_ONCE(d->krd_tail, tail);
		/* Readers see the new tail before any byte below it changes. */
		smp_wmb();
	}
	pos = ktr_ring_place(r, head, size);
	s = ktr_slot_at(r, pos);
	s->ks_size = size;
	s->ks_flags = 0;
	return s;
}

/*
 * Copy the flight ring out as it is, without stopping its producer: the
 * bytes from tail to head, then which of them are still whole, from the
 * tail once the copy is done (see struct ktr_ringread).  Process context:
 * the copy may fault.  rr->krr_buf and krr_len are the caller's, checked
 * against the ring's size.
 */
int ktr_ring_copy_out(struct ktr_ring *r, struct ktr_ringread *rr)
{
	struct ktr_ring_desc *d = r->d;
	char __user *ubuf = u64_to_user_ptr(rr->krr_buf);
	u64 head, tail, off, first, len;
	int tries;

	if (rr->krr_len < r->mask + 1)
		return -ENOSPC;
	for (tries = 0; ; tries++) {
		/* Pairs with the producer's release: slots below are whole. */
		head = smp_load_acquire(&d->krd_head);
		rr->krr_seq = READ_ONCE(d->krd_seq);
		tail = READ_ONCE(d->krd_tail);
		if (tail <= head)
			break;
		/* The producer lapped the ring between the two reads. */
		if (tries == 100)
			return -EAGAIN;
		cond_resched();
	}
	len = head - tail;
	off = tail & r->mask;
	first = min_t(u64, len, r->mask + 1 - off);
	if (copy_to_user(ubuf, r->data + off, first) ||
	    copy_to_user(ubuf + first, r->data, len - first))
		return -EFAULT;
	/* The copy's reads are done before tail is read again. */
	smp_rmb();
	rr->krr_tail = tail;
	rr->krr_valid = min(READ_ONCE(d->krd_tail), head);
	rr->krr_head = head;
	rr->krr_ns = ktime_get_real_ns();
	return 0;
}

/*
 * What the flight ring holds now, for ktrace -S: counts and the oldest
 * record's time, read without stopping the producer (a slot read while
 * it is overwritten is read again).
 */
void ktr_ring_stat(struct ktr_ring *r, struct ktr_ringcpu *c)
{
	struct ktr_ring_desc *d = r->d;
	int tries;

	memset(c, 0, sizeof(*c));
	for (tries = 0; tries < 100; tries++) {
		/* Pairs with the producer's release: slots below are whole. */
		u64 head = smp_load_acquire(&d->krd_head);
		u64 made = READ_ONCE(d->krd_seq);
		u64 tail = READ_ONCE(d->krd_tail), pos = tail;
		struct ktr_slot *s = NULL;
		u64 seq = made, ns = 0;

		while (pos < head) {
			s = ktr_slot_at(r, pos);
			if (!(READ_ONCE(s->ks_flags) & KTR_SLOT_PAD))
				break;
			pos += max_t(u32, READ_ONCE(s->ks_size), 8);
			s = NULL;
		}
		if (s) {
			seq = READ_ONCE(s->ks_seq);
			ns = READ_ONCE(s->ks_ns);
		}
		/* The slot's reads are done before tail is read again. */
		smp_rmb();
		if (READ_ONCE(d->krd_tail) != tail || seq > made)
			continue;
		c->krc_made = made;
		c->krc_overwritten = seq;
		c->krc_bytes = head - tail;
		c->krc_first_ns = ns;
		return;
	}
}
