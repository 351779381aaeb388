// SPDX-License-Identifier: GPL-2.0
/*
 * Memory for the probes, made ahead.  The fork and syscall-exit probes
 * need an object now and then (a child's trace state, a wait's task_work)
 * while preemption is off, where PREEMPT_RT forbids any allocation: its
 * allocator's locks sleep.  Each CPU keeps a few objects on a lock-free
 * list; a probe takes one with preemption disabled (the CPU's only taker
 * at that moment), and the writer thread, in process context, tops the
 * lists up when asked.  Elsewhere than on PREEMPT_RT an empty list falls
 * back to an atomic allocation.  Objects are kzalloc'ed, so whoever ends
 * up with one frees it with kfree(), whichever way it came.
 *
 * Only the CPUs that come up get lists filled: at load those online, and
 * any other in a CPU hotplug step before it runs anything, as for the
 * rings (ktr_cpus.c).  A machine may name many more possible CPUs than it
 * ever runs.  A CPU that goes down keeps its objects until unload.
 */
#include <linux/cpuhotplug.h>
#include <linux/cpumask.h>
#include <linux/kernel.h>
#include <linux/llist.h>
#include <linux/percpu.h>
#include <linux/slab.h>

#include "ktr.h"

/*
 * Objects each CPU keeps.  A probe wakes the writer to top its list up
 * once half are gone, not at every take: a fork loop would otherwise
 * wake it at every fork.  The other half is the headroom the kick at
 * every take used to leave (15), for a burst before the writer runs.
 */
#define KTR_POOL_FILL	32

struct ktr_pool_cpu {
	struct llist_head free;
	atomic_t n;		/* on free, near enough for topping up */
};

struct ktr_pool {
	size_t size;
	struct ktr_pool_cpu __percpu *cpu;
};

static struct ktr_pool ktr_pools[KTR_POOL_NR];
static const size_t ktr_pool_size[KTR_POOL_NR] = {
	[KTR_POOL_PROC] = sizeof(struct ktr_proc),
	[KTR_POOL_WAIT] = KTR_WAIT_WORK_SIZE,
};
static bool ktr_pool_low;	/* a probe took from a list: top up */
static int ktr_pool_state;	/* the hotplug step, once set up */

/* Top @cpu's list of @pool up to KTR_POOL_FILL.  Process context. */
static void ktr_pool_fill(struct ktr_pool *pool, unsigned int cpu)
{
	struct ktr_pool_cpu *pc = per_cpu_ptr(pool->cpu, cpu);

	while (atomic_read(&pc->n) < KTR_POOL_FILL) {
		struct llist_node *obj = kzalloc(pool->size, GFP_KERNEL);

		if (!obj) {
			/* Short of memory: the writer tries again. */
			WRITE_ONCE(ktr_pool_low, true);
			return;
		}
		llist_add(obj, &pc->free);
		atomic_inc(&pc->n);
	}
}

/*
 * Fill @cpu's lists.  Hotplug: for a CPU about to come up; at load, each
 * online CPU.  Never refuses a CPU: an empty list falls back or waits for
 * the writer's top-up, as when a burst empties it.
 */
static int ktr_pools_fill_cpu(unsigned int cpu)
{
	int i;

	for (i = 0; i < KTR_POOL_NR; i++)
		ktr_pool_fill(&ktr_pools[i], cpu);
	return 0;
}

/*
 * The writer, when a probe has taken from a list.  The CPUs online: one
 * that comes up meanwhile is filled by its hotplug step, and one down
 * takes nothing.
 */
void ktr_pools_refill(void)
{
	unsigned int cpu;

	if (!READ_ONCE(ktr_pool_low))
		return;
	WRITE_ONCE(ktr_pool_low, false);
	for_each_online_cpu(cpu)
		ktr_pools_fill_cpu(cpu);
}

/* Are the lists full: has no probe taken from them since the last top-up? */
bool ktr_pools_full(void)
{
	return !READ_ONCE(ktr_pool_low);
}

/*
 * An object of pool @which, zeroed, or NULL.  With preemption disabled
 * (a probe): this CPU's list has no other taker meanwhile.
 */
void *ktr_pool_get(int which)
{
	struct ktr_pool_cpu *pc = this_cpu_ptr(ktr_pools[which].cpu);
	struct llist_node *obj = llist_del_first(&pc->free);

	if (obj) {
		/* The writer's next pass tops up whatever was taken. */
		WRITE_ONCE(ktr_pool_low, true);
		if (atomic_dec_return(&pc->n) <= KTR_POOL_FILL / 2)
			ktr_writer_kick();
		memset(obj, 0, ktr_pools[which].size);
		return obj;
	}
	/* Emptied by a burst, or never filled for want of memory. */
	WRITE_ONCE(ktr_pool_low, true);
	ktr_writer_kick();
	if (IS_ENABLED(CONFIG_PREEMPT_RT))
		return NULL;
	return kzalloc(ktr_pools[which].size, GFP_NOWAIT | __GFP_NOWARN);
}

/*
 * Give back an object of pool @which that a probe took and did not use:
 * no kfree() where preemption is off on PREEMPT_RT.  Any context.
 */
void ktr_pool_put(int which, void *obj)
{
	struct ktr_pool_cpu *pc = raw_cpu_ptr(ktr_pools[which].cpu);

	llist_add(obj, &pc->free);
	atomic_inc(&pc->n);
}

int ktr_pools_init(void)
{
	int i, ret;

	BUILD_BUG_ON(sizeof(struct ktr_proc) < sizeof(struct llist_node));
	for (i = 0; i < KTR_POOL_NR; i++) {
		ktr_pools[i].size = ktr_pool_size[i];
		ktr_pools[i].cpu = alloc_percpu(struct ktr_pool_cpu);
		if (!ktr_pools[i].cpu) {
			ktr_pools_exit();
			return -ENOMEM;
		}
	}
	ret = cpuhp_setup_state(CPUHP_BP_PREPARE_DYN, "ktrace:pools",
				ktr_pools_fill_cpu, NULL);
	if (ret < 0) {
		ktr_pools_exit();
		return ret;
	}
	ktr_pool_state = ret;
	return 0;
}

/* Unload, once no probe runs. */
void ktr_pools_exit(void)
{
	struct llist_node *obj, *next;
	int i, cpu;

	if (ktr_pool_state) {
		cpuhp_remove_state_nocalls(ktr_pool_state);
		ktr_pool_state = 0;
	}
	for (i = 0; i < KTR_POOL_NR; i++) {
		if (!ktr_pools[i].cpu)
			continue;
		for_each_possible_cpu(cpu) {
			obj = llist_del_all(&per_cpu_ptr(ktr_pools[i].cpu,
							 cpu)->free);
			llist_for_each_safe(obj, next, obj)
				kfree(obj);
		}
		free_percpu(ktr_pools[i].cpu);
		ktr_pools[i].cpu = NULL;
	}
}
