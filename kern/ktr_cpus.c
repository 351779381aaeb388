// SPDX-License-Identifier: GPL-2.0
/*
 * The CPUs that have rings, and the making of every set's rings.
 *
 * A CPU gets its rings when it first comes up: at load for the CPUs
 * online then, and for any other in a CPU hotplug step that runs before
 * the CPU runs anything (CPUHP_BP_PREPARE_DYN, on the CPU bringing it
 * up), so that a probe always finds its CPU's rings.  A CPU that goes
 * down keeps them until unload: the writer drains, and ktrace -R reads,
 * what it recorded.  A CPU that is possible but never comes up (a VM may
 * name many more CPUs than it has) costs nothing.
 *
 * ktr_ring_cpus only grows, and a CPU joins it once its rings are whole:
 * a walk of the mask without ktr_cpus_mutex (the writer's, ktrace -R's)
 * sees a CPU with whole rings, or not at all (ktr_ring_of()).  Whatever
 * makes, replaces or frees rings holds ktr_cpus_mutex.  It nests inside
 * CPU hotplug's lock, and inside ktr_op_mutex and ktr_drain_mutex; under
 * it only the anchor's is taken, and never hotplug's.
 */
#include <linux/cpuhotplug.h>
#include <linux/cpumask.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>

#include "ktr.h"

DEFINE_PER_CPU(struct ktr_ring, ktr_rings[KTR_RING_NSETS]);
struct cpumask ktr_ring_cpus;
static DEFINE_MUTEX(ktr_cpus_mutex);
/* Each set's bytes per ring, 0 while it has none: ktr_rings_size(). */
unsigned long ktr_set_bytes[KTR_RING_NSETS];
static int ktr_cpus_state;		/* the hotplug step, once set up */

/* @cpu's ring of @set, as big as the set's, unless it has one. */
static int ktr_cpu_ring_alloc(int set, int cpu)
{
	struct ktr_ring *r = per_cpu_ptr(&ktr_rings[set], cpu);
	int err;

	if (r->d || !ktr_set_bytes[set])
		return 0;
	err = ktr_ring_alloc(r, set, cpu, ktr_set_bytes[set]);
	if (!err)
		ktr_anchor_set(set, cpu, r);
	return err;
}

static void ktr_cpu_ring_free(int set, int cpu)
{
	struct ktr_ring *r = per_cpu_ptr(&ktr_rings[set], cpu);

	ktr_anchor_set(set, cpu, NULL);	/* before the pages go */
	ktr_ring_free(r);
}

/* Hotplug: rings for @cpu, about to come up; at load, for each online. */
static int ktr_cpu_prepare(unsigned int cpu)
{
	int set, err = 0;

	mutex_lock(&ktr_cpus_mutex);
	if (cpumask_test_cpu(cpu, &ktr_ring_cpus))
		goto out;		/* up before: its rings stayed */
	for (set = 0; set < KTR_RING_NSETS; set++) {
		err = ktr_cpu_ring_alloc(set, cpu);
		if (err)
			break;
	}
	if (err) {
		/* It does not come up: hotplug's rule for a failed step. */
		while (set-- > 0)
			ktr_cpu_ring_free(set, cpu);
		goto out;
	}
	/* Pairs with ktr_ring_of(): the rings are whole before it shows. */
	smp_wmb();
	cpumask_set_cpu(cpu, &ktr_ring_cpus);
out:
	mutex_unlock(&ktr_cpus_mutex);
	return err;
}

static void ktr_rings_free_locked(int set)
{
	int cpu;

	/* Size 0: no ring of the set exists (alloc sets the size first). */
	if (!ktr_set_bytes[set])
		return;
	WRITE_ONCE(ktr_set_bytes[set], 0);
	for_each_cpu(cpu, &ktr_ring_cpus)
		ktr_cpu_ring_free(set, cpu);
}

/* Rings of @size bytes in @set for every CPU that has rings; all or none. */
int ktr_rings_alloc_set(int set, unsigned long size)
{
	int cpu, err = 0;

	mutex_lock(&ktr_cpus_mutex);
	WRITE_ONCE(ktr_set_bytes[set], size);
	for_each_cpu(cpu, &ktr_ring_cpus) {
		err = ktr_cpu_ring_alloc(set, cpu);
		if (err) {
			ktr_rings_free_locked(set);
			break;
		}
	}
	mutex_unlock(&ktr_cpus_mutex);
	return err;
}

/* Free @set's rings (no producer or reader may run). */
void ktr_rings_free_set(int set)
{
	mutex_lock(&ktr_cpus_mutex);
	ktr_rings_free_locked(set);
	mutex_unlock(&ktr_cpus_mutex);
}

/* Empty @set's rings (no producer or reader may run). */
void ktr_rings_reset_set(int set)
{
	int cpu;

	mutex_lock(&ktr_cpus_mutex);
	for_each_cpu(cpu, &ktr_ring_cpus) {
		struct ktr_ring *r = per_cpu_ptr(&ktr_rings[set], cpu);

		if (r->d)
			ktr_ring_reset(r);
	}
	mutex_unlock(&ktr_cpus_mutex);
}

/*
 * Replace @set's rings with empty rings of @size bytes.  No producer may
 * run; readers that find the rings under RCU may (ktr_buf_has_room()).
 * On failure the old rings stay: the new ones are made aside first.
 */
int ktr_rings_resize_set(int set, unsigned long size)
{
	struct ktr_ring *old;
	int cpu, err = 0;

	old = kcalloc(nr_cpu_ids, sizeof(*old), GFP_KERNEL);
	if (!old)
		return -ENOMEM;
	mutex_lock(&ktr_cpus_mutex);
	for_each_cpu(cpu, &ktr_ring_cpus) {
		err = ktr_ring_alloc(&old[cpu], set, cpu, size);
		if (err)
			break;
	}
	if (!err) {
		/* Swap: old[] gets the rings being replaced. */
		for_each_cpu(cpu, &ktr_ring_cpus) {
			struct ktr_ring *r = per_cpu_ptr(&ktr_rings[set], cpu);

			swap(*r, old[cpu]);
			ktr_anchor_set(set, cpu, r);
		}
		WRITE_ONCE(ktr_set_bytes[set], size);
	}
	mutex_unlock(&ktr_cpus_mutex);
	if (!err)
		synchronize_rcu();
	for_each_possible_cpu(cpu)
		ktr_ring_free(&old[cpu]);
	kfree(old);
	return err;
}

/*
 * The file set's rings, of @size bytes, for the CPUs online now and for
 * each CPU that comes up later.
 */
int ktr_rings_init(unsigned long size)
{
	int ret;

	mutex_lock(&ktr_cpus_mutex);
	WRITE_ONCE(ktr_set_bytes[KTR_RING_FILE], size);
	mutex_unlock(&ktr_cpus_mutex);
	ret = cpuhp_setup_state(CPUHP_BP_PREPARE_DYN, "ktrace:rings",
				ktr_cpu_prepare, NULL);
	if (ret < 0) {
		ktr_rings_free_set(KTR_RING_FILE);
		cpumask_clear(&ktr_ring_cpus);
		return ret;
	}
	ktr_cpus_state = ret;
	return 0;
}

/* Unload, once no probe or reader runs: every ring goes. */
void ktr_rings_exit(void)
{
	int set;

	cpuhp_remove_state_nocalls(ktr_cpus_state);
	for (set = 0; set < KTR_RING_NSETS; set++)
		ktr_rings_free_set(set);
	cpumask_clear(&ktr_ring_cpus);
}
