/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ktrace for Linux: declarations shared by the parts of the module.
 *
 * A record's way, and the file that does each step:
 *
 *   syscall, fork, exec, exit, context switch
 *     -> probe          ktr_hooks.c  registers the probes; fork, exec, exit
 *                       ktr_sys.c    syscall entry and exit: CALL, RET, data,
 *                                    x86_64 and i386 alike, as ktr_systab.h
 *                                    (generated) says per syscall
 *                       ktr_namei.c  path names (NAMI)
 *                       ktr_sched.c  context switches (CSW)
 *     -> is it traced?  ktr_proc.c   the traced processes, per set; the
 *                                    lookup inline (ktr_states_of, here)
 *     -> per-CPU ring   ktr_record.h reserve, fill, publish, inline for
 *                                    CALL and RET
 *                       ktr_buf.c    the same for other records; drain in
 *                                    order
 *                       ktr_ring.c   the rings: pages, descriptors, overwrite
 *     -> writer         ktr_writer.c the thread that drains the file rings
 *     -> trace file     ktr_file.c   open, share, batch, write, fail
 *
 *   ktr_flight.c  the flight recorder's rings (ktrace -b, -R, -S)
 *   ktr_anchor.c  where a memory dump's reader finds every ring
 *   ktr_wait.c    a traced program waiting for the writer, not losing
 *   ktr_pool.c    memory the probes need, made ahead (PREEMPT_RT)
 *   ktr_dev.c     /dev/ktrace: ktrace(2) and utrace(2) requests
 *   ktr_target.c  the processes a request names, and the request applied
 *   ktr_sysctl.c  kernel.ktrace.*; ktr_main.c load and unload
 *
 * Lock order: a lock is taken only with locks above it in this list
 * held, never one below it.
 *
 *   ktr_op_mutex          ktr_dev.c     one request at a time; sysctl writes
 *   ktr_hooks_mutex       ktr_hooks.c   probe registration
 *   ktr_flight_rings_sem  ktr_flight.c  the flight rings' lifetime
 *   ktr_drain_mutex       ktr_writer.c  one drain at a time; file batches
 *   ktr_anchor_mutex      ktr_anchor.c  the dump anchor's ring table
 *   ktr_ticket_lock       ktr_writer.c  requests for the writer
 *   ktr_lock (raw)        ktr_proc.c    the process table; file holds
 *
 * The writer thread takes ktr_drain_mutex, ktr_lock and ktr_hooks_mutex,
 * never ktr_op_mutex: ktr_sync(), which waits for the writer, is called
 * with ktr_op_mutex held and must not be called with any other.  The
 * probes take only ktr_lock (fork, exec and exit) and read the process
 * table under RCU; rcu_dereference() checks that with PROVE_RCU.  The
 * syscall probes take no rcu_read_lock(): they run with preemption
 * disabled (by the tracepoint, or by themselves where it does not),
 * which is an RCU read-side critical section (synchronize_rcu() waits
 * for it); their reads say so with ktr_rcu_dereference().
 */
#ifndef KTR_H
#define KTR_H

#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/hashtable.h>
#include <linux/list.h>
#include <linux/math64.h>
#include <linux/rcupdate.h>
#include <linux/sched/signal.h>
#include <linux/smp.h>
#include <linux/time64.h>
#include <linux/types.h>
#include <linux/task_work.h>

#include "../sys/sys/ktrace.h"

/*
 * An RCU pointer read under rcu_read_lock() or with preemption disabled
 * (a tracepoint's probe): both are RCU readers.
 */
#define ktr_rcu_dereference(p) rcu_dereference_check(p, rcu_read_lock_any_held())

struct file;
struct mutex;
struct pid;
struct task_struct;

/* A trace file: shared by every process traced into it. */
struct ktr_file {
	struct list_head node;	/* on ktr_files, under ktr_lock */
	struct file *filp;
	int nprocs;		/* processes using it, under ktr_lock */
	bool dying;		/* being closed: not to be reused */
	bool failed;		/* a write failed: records are discarded */
};

/*
 * A traced process (thread group), in one set: into a trace file, or into
 * the flight recorder (file is NULL).  A process may have one of each.
 * The flight recorder's system-wide selection is one of these too, for
 * no process in particular (tgid NULL, never in the table).
 */
struct ktr_proc {
	struct hlist_node hnode;	/* in the table; probes read it under RCU */
	struct pid *tgid;		/* the process; reference held */
	struct ktr_file __rcu *file;	/* changed under ktr_lock */
	int set;			/* KTR_RING_FILE or KTR_RING_FLIGHT */
	u32 facs;			/* KTRFAC_* */
	atomic_long_t dropped;		/* records lost since the last written */
	struct list_head retired;	/* on the retired list once untraced */
	bool exit_pending;		/* exit_work queued: keep it, under ktr_lock */
	/* On the lossy list, exited with losses to report; under ktr_lock. */
	struct list_head lossy;
	struct callback_head exit_work;	/* flushes the trace as it exits */
	/* ktrace -e: the syscalls recorded, per ABI; all if !filtered. */
	bool filtered;
	unsigned long sysmask[2][BITS_TO_LONGS(KTR_SYSFILTER_BITS)];
};

/*
 * The header fields of every record, whoever makes it: a probe
 * (ktr_buf.c) or the writer (a LOST at the end of a trace).  @ns is its
 * time, CLOCK_REALTIME.  The maker fills pid, tid and comm.
 */
static inline void ktr_header_init(struct ktr_header *h, int type, u32 len,
				   u64 ns)
{
	u32 rem;

	h->ktr_len = len;
	h->ktr_type = type | KTR_VERSIONED;
	h->ktr_version = KTR_VERSION1;
	h->ktr_time.tv_sec = div_u64_rem(ns, NSEC_PER_SEC, &rem);
	h->ktr_time.tv_nsec = rem;
	h->ktr_cpu = raw_smp_processor_id();
	h->ktr_pad = 0;
}

/* Is syscall @nr of the current task's ABI (@compat: i386) recorded? */
static inline bool ktr_sys_selected(const struct ktr_proc *p, long nr,
				    bool compat)
{
	if (!READ_ONCE(p->filtered))
		return true;
	if (nr < 0 || nr >= KTR_SYSFILTER_BITS)
		return false;
	return READ_ONCE(p->sysmask[compat][BIT_WORD(nr)]) & BIT_MASK(nr);
}

/* ktr_proc.c */
#define KTR_PROC_HASH_BITS	10
extern struct hlist_head ktr_procs[1 << KTR_PROC_HASH_BITS];

/* The table's bucket of the process whose thread group id is @tgid. */
static __always_inline struct hlist_head *ktr_proc_bucket(struct pid *tgid)
{
	return &ktr_procs[hash_min((unsigned long)tgid, KTR_PROC_HASH_BITS)];
}

/*
 * Might @task's process be traced?  For the probes that every syscall of
 * every process runs while anything is traced: it reads one bucket head,
 * without RCU, and false means surely not (the table's own lookup would
 * have found nothing either); true means ktr_proc_find() will tell.
 */
static inline bool ktr_proc_maybe(struct task_struct *task)
{
	return !hlist_empty(ktr_proc_bucket(task_tgid(task)));
}

/* The flight recorder's selection of every process, when it has one. */
extern struct ktr_proc __rcu *ktr_flight_all;

/*
 * Might the records of the process whose bucket is @b be wanted, in
 * either set?  As ktr_proc_maybe(); for a caller that has the bucket.
 */
static __always_inline bool ktr_maybe_in(struct hlist_head *b)
{
	return !hlist_empty(b) || rcu_access_pointer(ktr_flight_all);
}

/* Might @task's records be wanted, in either set? */
static inline bool ktr_maybe(struct task_struct *task)
{
	return ktr_maybe_in(ktr_proc_bucket(task_tgid(task)));
}

/* The trace states that select a task's records, one per set at most. */
struct ktr_states {
	struct ktr_proc *file;		/* its trace into a file */
	struct ktr_proc *flight;	/* its flight recording, or the
					 * recorder's selection of all */
};

/*
 * The trace states of process @tgid, whose bucket @b is, under
 * rcu_read_lock() or with preemption disabled (a probe).  Inline for the
 * syscall probes: two pointers in registers, not an array on the stack
 * behind a call; and the bucket they found already, not hashed again.
 */
static __always_inline struct ktr_states ktr_states_in(struct hlist_head *b,
							struct pid *tgid)
{
	struct ktr_proc *all = ktr_rcu_dereference(ktr_flight_all), *p;
	struct ktr_states s = { .flight = all };

	hlist_for_each_entry_rcu(p, b, hnode) {
		if (p->tgid != tgid)
			continue;
		if (p->set == KTR_RING_FILE)
			s.file = p;
		else if (!all)	/* the selection of all covers its own */
			s.flight = p;
	}
	return s;
}

/* @task's trace states, as ktr_states_in(). */
static __always_inline struct ktr_states ktr_states_of(struct task_struct *task)
{
	struct pid *tgid = task_tgid(task);

	return ktr_states_in(ktr_proc_bucket(tgid), tgid);
}

extern raw_spinlock_t ktr_lock;
struct ktr_proc *ktr_proc_find(struct task_struct *task);
struct ktr_proc *ktr_proc_find_set(struct pid *tgid, int set);
int ktr_proc_states(struct task_struct *task,
		    struct ktr_proc *ps[KTR_RING_NSETS]);
bool ktr_procs_empty(void);
bool ktr_procs_empty_set(int set);

/* Is anything traced or recorded: are the probes needed? */
static inline bool ktr_tracing(void)
{
	return !ktr_procs_empty() || rcu_access_pointer(ktr_flight_all);
}

void ktr_proc_insert(struct ktr_proc *p, struct ktr_file *f);
void ktr_proc_set_file(struct ktr_proc *p, struct ktr_file *f);
void ktr_proc_unlink(struct ktr_proc *p);
void ktr_proc_discard(struct ktr_proc *p);
typedef void (*ktr_lost_fn)(struct ktr_file *f, struct ktr_proc *p, long n);
bool ktr_proc_take_retired(struct list_head *done);
bool ktr_procs_none_retired(void);
void ktr_proc_free_retired(struct list_head *done, ktr_lost_fn lost);
bool ktr_proc_parent_writes(struct task_struct *task, struct ktr_proc *p);
void ktr_proc_exited(struct ktr_proc *p);
bool ktr_proc_report_exited(ktr_lost_fn lost);
int ktr_proc_clear_file(struct ktr_file *f, bool may_clear_root, int werr);
void ktr_proc_clear_set(int set);
int ktr_proc_list(int set, s32 *pids, int max);
struct ktr_proc *ktr_proc_alloc(struct pid *tgid, int set);
struct ktr_proc *ktr_proc_alloc_atomic(struct pid *tgid, int set);
void ktr_proc_set_filter(struct ktr_proc *p, const struct ktr_sysfilter *sf);
void ktr_proc_copy_filter(struct ktr_proc *to, const struct ktr_proc *from);
bool ktr_can_trace(struct task_struct *task, bool root);
bool ktr_caller_is_root(void);

/* ktr_ring.c: one CPU's ring of one set. */
struct ktr_ring {
	struct ktr_ring_desc *d;	/* positions and page frames; NULL: none */
	char *data;			/* the bytes (vmalloc) */
	u64 mask;			/* size - 1 */
	size_t dsize;			/* bytes of *d */
	u64 drain_end;			/* file set: the writer's snapshot of head */
	u64 drain_pos;			/* file set: what the writer has taken */
	u64 drain_ns;			/* file set: the time of the record there */
	bool stalled;			/* file set: a wait for it timed out */
	bool past_half;			/* file set: maybe past half full */
};

static inline struct ktr_slot *ktr_slot_at(const struct ktr_ring *r, u64 pos)
{
	return (struct ktr_slot *)(r->data + (pos & r->mask));
}

int ktr_ring_alloc(struct ktr_ring *r, int set, int cpu, unsigned long size);
void ktr_ring_free(struct ktr_ring *r);
void ktr_ring_reset(struct ktr_ring *r);
struct ktr_slot *ktr_ring_reserve_any(struct ktr_ring *r, u32 size);

/*
 * File set: room for a slot of @size bytes, or NULL when the writer has
 * not freed enough yet; ktr_publish() publishes it.  Inline for the
 * usual slot, which fits before the ring's end.
 */
static __always_inline struct ktr_slot *ktr_ring_reserve(struct ktr_ring *r,
							 u32 size)
{
	struct ktr_ring_desc *d = r->d;
	u64 head = d->krd_head, ring = r->mask + 1;	/* its bytes */
	u64 off = head & r->mask;	/* taken before the acquire below */
	struct ktr_slot *s;

	if (unlikely(size > ring - off))
		return ktr_ring_reserve_any(r, size);
	/* Pairs with the writer's release of tail: its reads are done. */
	if (head + size - smp_load_acquire(&d->krd_tail) > ring)
		return NULL;
	WRITE_ONCE(d->krd_reserve, head + size);
	s = (struct ktr_slot *)(r->data + off);
	s->ks_size = size;
	s->ks_flags = 0;
	return s;
}
struct ktr_slot *ktr_ring_reserve_over(struct ktr_ring *r, u32 size);
int ktr_ring_copy_out(struct ktr_ring *r, struct ktr_ringread *rr);
void ktr_ring_stat(struct ktr_ring *r, struct ktr_ringcpu *c);

/* ktr_anchor.c */
int ktr_anchor_init(void);
void ktr_anchor_exit(void);
void ktr_anchor_set(int set, int cpu, const struct ktr_ring *r);

/* ktr_cpus.c: the CPUs that have rings (every CPU up since load). */
DECLARE_PER_CPU(struct ktr_ring, ktr_rings[KTR_RING_NSETS]);
extern struct cpumask ktr_ring_cpus;
int ktr_rings_init(unsigned long size);
void ktr_rings_exit(void);
extern unsigned long ktr_set_bytes[KTR_RING_NSETS];

/*
 * Bytes of each of @set's rings; 0 while the set has none.  Inline: the
 * record path reads it for every record, as one load.
 */
static inline unsigned long ktr_rings_size(int set)
{
	return READ_ONCE(ktr_set_bytes[set]);
}

int ktr_rings_alloc_set(int set, unsigned long size);
void ktr_rings_free_set(int set);
void ktr_rings_reset_set(int set);
int ktr_rings_resize_set(int set, unsigned long size);

/*
 * @set's ring of @cpu, a CPU found in ktr_ring_cpus without holding
 * ktr_cpus_mutex: ordered after that look, so that the ring is whole.
 */
static inline struct ktr_ring *ktr_ring_of(int set, int cpu)
{
	smp_rmb();	/* pairs with ktr_cpu_prepare()'s smp_wmb() */
	return per_cpu_ptr(&ktr_rings[set], cpu);
}

/* ktr_buf.c */
#define KTR_BUF_MIN	(128UL << 10)	/* bytes per CPU, bounds */
#define KTR_BUF_MAX	(256UL << 20)
int ktr_buf_init(unsigned long size, void (*wake_reader)(void));
void ktr_buf_exit(void);
int ktr_buf_resize(unsigned long size);
unsigned long ktr_buf_size(void);
unsigned long ktr_buf_call_slot(void);
struct ktr_header *ktr_record_begin(struct ktr_proc *p, struct task_struct *tsk,
				    int type, size_t len);
void ktr_record_end(struct ktr_proc *p, struct ktr_header *h);
void ktr_buf_drain(bool all);
bool ktr_buf_above_half_here(void);
bool ktr_buf_has_room(int cpu);
void ktr_buf_stall(int cpu);

/* ktr_pool.c */
enum { KTR_POOL_PROC, KTR_POOL_WAIT, KTR_POOL_NR };
int ktr_pools_init(void);
void ktr_pools_exit(void);
void ktr_pools_refill(void);
bool ktr_pools_full(void);
void *ktr_pool_get(int which);
void ktr_pool_put(int which, void *obj);

/* ktr_wait.c */
struct ktr_wait_work {
	struct callback_head cb;
	int cpu;			/* whose ring to wait for */
};
#define KTR_WAIT_WORK_SIZE	sizeof(struct ktr_wait_work)
extern unsigned int ktr_max_wait_ms;
void ktr_wait_check_here(struct ktr_proc *p);

/*
 * At the exit of a system call that the file trace state @p recorded:
 * have the task wait on its way back to user mode if this CPU's ring is
 * past half full.  Inline: most exits find it is not, from one flag its
 * last record set (ktr_record_end).
 */
static inline void ktr_wait_check(struct ktr_proc *p)
{
	if (this_cpu_read(ktr_rings[KTR_RING_FILE].past_half))
		ktr_wait_check_here(p);
}
void ktr_wait_wake(void);
void ktr_wait_shutdown(void);

/* ktr_flight.c */
#define KTR_FLIGHT_MIN	(256UL << 10)	/* bytes per CPU: two largest records */
#define KTR_FLIGHT_MAX	(256UL << 20)
extern unsigned long ktr_flight_size;
int ktr_flight_op(const struct ktr_op_req *req, u32 facs,
		  const struct ktr_sysfilter *filter);
int ktr_flight_info(struct ktr_ringinfo __user *uinfo);
int ktr_flight_read(struct ktr_ringread __user *ureq);
int ktr_flight_resize(unsigned long size);
void ktr_flight_exit(void);

/* ktr_writer.c */
extern struct mutex ktr_drain_mutex;
/* What the writer does besides writing (ktr_main.c says what). */
struct ktr_writer_chores {
	void (*drained)(void);	/* after each drain: the rings have room */
	void (*pass)(void);	/* after each pass of the thread */
	bool (*idle)(void);	/* may it sleep until woken, with no period? */
};
int ktr_writer_start(const struct ktr_writer_chores *chores);
void ktr_writer_stop(void);
void ktr_writer_kick(void);
void ktr_writer_wake(void);
void ktr_writer_resume(void);
bool ktr_writer_serves(void);
void ktr_fault_wait(unsigned int ms);
void ktr_sync(void);
void ktr_flush(void);
int ktr_writer_resize(unsigned long size);

/* ktr_file.c */
struct ktr_file *ktr_file_get(const char __user *upath, int *err);
void ktr_file_put_locked(struct ktr_file *f);
void ktr_file_put(struct ktr_file *f);
/* Records this small go to a file's batch copied, larger by reference. */
#define KTR_COPY_MAX	512
bool ktr_file_emit(struct ktr_file *f, const struct ktr_header *h);
char *ktr_file_stage_tail(struct ktr_file *f, size_t *room);
bool ktr_file_staged(struct ktr_file *f, size_t n);
void ktr_files_write(void);
bool ktr_files_slow(void);
bool ktr_files_none(void);
void ktr_files_take_unused(struct list_head *dead);
struct ktr_file *ktr_file_take_failed(int *err);
void ktr_file_free(struct ktr_file *f);

/* A tracepoint and the probe for it. */
struct ktr_tp_probe {
	const char *name;
	void *probe;
};

/* ktr_sys.c, ktr_namei.c, ktr_sched.c */
#define KTR_GENIO_MAX	(64 << 10)	/* bound on kernel.ktrace.geniosize */
#define KTR_ARGS_MAX	(16 << 10)	/* bytes of execve arguments recorded */
extern unsigned int ktr_geniosize;
extern const struct ktr_tp_probe ktr_sys_probes[];
extern const struct ktr_tp_probe ktr_sched_probes[];
void ktr_put_namei(struct ktr_proc *p, unsigned int paths,
		   const unsigned long *args);
size_t ktr_copy_in(void *dst, unsigned long src, size_t n);

/* ktr_spare.c: untraced threads skip the syscall tracepoints. */
void ktr_spare_init(const struct ktr_tp_probe *sys_probes);
void ktr_spare_exit(void);
void ktr_spare_start(void);
void ktr_spare_stop(void);
void ktr_spare_restore(void);
void ktr_spare_check(void);
void ktr_spare_traced(struct pid *tgid);
void ktr_spare_fork(struct task_struct *child);

/* ktr_sysctl.c */
int ktr_sysctl_init(void);
void ktr_sysctl_exit(void);

/* ktr_hooks.c */
void ktr_record_ctor(struct task_struct *task, int set);
int ktr_hooks_update(bool may_unregister);
int ktr_hooks_need(void);
void ktr_hooks_done(void);
void ktr_hooks_shutdown(void);
bool ktr_hooks_off(void);

/* ktr_dev.c */
extern struct mutex ktr_op_mutex;
int ktr_dev_init(void);
void ktr_dev_exit(void);

/* ktr_target.c: what one ktrace(2) request asks of each process, checked. */
struct ktr_op_args {
	int op;
	int set;			/* KTR_RING_* */
	u32 facs;
	struct ktr_file *f;		/* file set */
	const struct ktr_sysfilter *filter;	/* SET: NULL for all */
	bool root;
};
int ktr_op_procs(const struct ktr_op_req *req, const struct ktr_op_args *a);

#endif /* KTR_H */
