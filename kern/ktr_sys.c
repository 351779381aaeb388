// SPDX-License-Identifier: GPL-2.0
/*
 * Syscall entry and exit: CALL and RET records, the path names passed in
 * (NAMI, ktr_namei.c), and what is known only once a call has returned:
 * the data it moved (GENIO), the structures it took or gave (STRUCT:
 * sockaddr, stat), a new program's arguments (ARGS).  Which of these a
 * syscall leaves is its row of the syscall table of its ABI (x86_64, or
 * i386 for the calls of 32-bit tasks): ktr_systab.h, generated from the
 * target kernel's headers and lib/libktrace/syscalls_x86.kern.
 *
 * The probes run with preemption disabled: user memory is read only with
 * copy_from_user_nofault(), and what is not resident is not recorded.
 * The argument registers are still in pt_regs at exit (only ax changed).
 */
#include <linux/compat.h>
#include <net/compat.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mm_types.h>
#include <linux/nospec.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/socket.h>
#include <linux/uaccess.h>
#include <linux/uio.h>
#include <asm/stat.h>
#include <asm/syscall.h>

#include "ktr.h"
#include "ktr_record.h"

/* The data a call moved: its GENIO record. */
enum ktr_se_genio {
	KTR_SE_READ = 1,	/* fd 0, buffer 1 */
	KTR_SE_WRITE,
	KTR_SE_READV,		/* fd 0, iovecs 1, count 2 */
	KTR_SE_WRITEV,
	KTR_SE_RECVMSG,		/* fd 0, msghdr 1 */
	KTR_SE_SENDMSG,
};

/* A structure a call passed: its STRUCT record. */
enum ktr_se_struct {
	KTR_SE_SOCKADDR = 1,	/* address sarg, its length sarg + 1 */
	KTR_SE_SOCKADDR_OUT,	/* ... the length through pointer sarg + 1 */
	KTR_SE_STAT,		/* struct stat at sarg */
};

/* A syscall table row: what the probes record of one syscall. */
struct ktr_sysent {
	u8 nargs;		/* arguments a CALL record holds */
	u8 paths;		/* a bit per argument that is a path name */
	u8 genio : 3;		/* enum ktr_se_genio, on success */
	u8 exec : 1;		/* paths read at entry; ARGS on success */
	u8 strct : 2;		/* enum ktr_se_struct */
	u8 sarg : 3;		/* the structure's argument */
};

#include "ktr_systab.h"

unsigned int ktr_geniosize = 4096;

/* A number no table knows: every register, nothing else. */
static const struct ktr_sysent ktr_sysent_unknown = {
	.nargs = KTR_NARGS_DEFAULT,
};

/*
 * The row of syscall @nr of the task's ABI (@compat: i386).  @nr comes
 * from user space: the index is clamped under speculation too.
 */
static const struct ktr_sysent *ktr_sysent(long nr, bool compat)
{
	const struct ktr_sysent *t = ktr_systab_x86_64;
	size_t n = ARRAY_SIZE(ktr_systab_x86_64);

	if (compat) {
		t = ktr_systab_i386;
		n = ARRAY_SIZE(ktr_systab_i386);
	}
	if (nr < 0 || nr >= n)
		return &ktr_sysent_unknown;
	return &t[array_index_nospec(nr, n)];
}

/* Copy what is resident of @n user bytes at @src; returns bytes copied. */
size_t ktr_copy_in(void *dst, unsigned long src, size_t n)
{
	size_t done = 0;

	while (done < n) {
		size_t chunk = min_t(size_t, n - done,
				     PAGE_SIZE - offset_in_page(src + done));

		if (copy_from_user_nofault(dst + done,
					   (const void __user *)(src + done), chunk))
			break;
		done += chunk;
	}
	return done;
}

/*
 * Where the argument registers of a call are in pt_regs, in order, for
 * the task's ABI (x86_64, i386), as syscall_get_arguments() reads them.
 * The CALL record takes only the arguments its row names, straight from
 * pt_regs: no array of all six on the stack first.
 */
static const u8 ktr_argregs[2][KTR_SYSCALL_MAXARGS] = {
	{ offsetof(struct pt_regs, di), offsetof(struct pt_regs, si),
	  offsetof(struct pt_regs, dx), offsetof(struct pt_regs, r10),
	  offsetof(struct pt_regs, r8), offsetof(struct pt_regs, r9) },
	{ offsetof(struct pt_regs, bx), offsetof(struct pt_regs, cx),
	  offsetof(struct pt_regs, dx), offsetof(struct pt_regs, si),
	  offsetof(struct pt_regs, di), offsetof(struct pt_regs, bp) },
};

static __always_inline void ktr_put_syscall(struct ktr_proc *p, int set,
					    long id,
					    const struct ktr_sysent *se,
					    const struct pt_regs *regs,
					    bool compat, u64 ns)
{
	const u8 *reg = ktr_argregs[compat];
	unsigned int i, n = se->nargs;
	struct ktr_syscall *sc;
	struct ktr_header *h;

	BUILD_BUG_ON(KTR_NARGS_DEFAULT != KTR_SYSCALL_MAXARGS);
	n = min_t(unsigned int, n, KTR_SYSCALL_MAXARGS);
	h = __ktr_record_begin(p, set, current, KTR_SYSCALL, sizeof(*sc) +
			       sizeof(sc->ktr_args[0]) * n, ns);
	if (!h)
		return;
	sc = (struct ktr_syscall *)(h + 1);
	sc->ktr_code = id;
	sc->ktr_narg = n;
	sc->ktr_pad = 0;
	for (i = 0; i < n; i++)
		sc->ktr_args[i] = *(const unsigned long *)((const char *)regs +
							   reg[i]);
	__ktr_record_end(p, set, h);
}

/* The path names an exec passes, read at its entry (it replaces them). */
static noinline void ktr_sys_enter_namei(struct ktr_proc *p,
					 const struct ktr_sysent *se,
					 struct pt_regs *regs)
{
	unsigned long args[KTR_SYSCALL_MAXARGS];

	syscall_get_arguments(current, regs, args);
	ktr_put_namei(p, se->paths, args);
}

/* What syscall @id's entry leaves in trace state @p's set, @set. */
static __always_inline void ktr_sys_enter_one(struct ktr_proc *p, int set,
					      struct pt_regs *regs, long id)
{
	u32 facs = READ_ONCE(p->facs);
	bool compat = in_ia32_syscall();
	const struct ktr_sysent *se;
	u64 ns = 0;

	if (!(facs & (KTRFAC_SYSCALL | KTRFAC_NAMEI)) ||
	    !ktr_sys_selected(p, id, compat))
		return;
	/* The CALL's time, before the values of its row are live. */
	if (facs & KTRFAC_SYSCALL)
		ns = ktime_get_real_fast_ns();
	se = ktr_sysent(id, compat);
	if (facs & KTRFAC_SYSCALL)
		ktr_put_syscall(p, set, id, se, regs, compat, ns);
	if ((facs & KTRFAC_NAMEI) && se->exec)
		ktr_sys_enter_namei(p, se, regs);
}

static void ktr_sys_enter_all(struct pt_regs *regs, long id,
			      struct hlist_head *b, struct pid *tgid)
{
	struct ktr_states s = ktr_states_in(b, tgid);

	if (s.file)
		ktr_sys_enter_one(s.file, KTR_RING_FILE, regs, id);
	if (s.flight)
		ktr_sys_enter_one(s.flight, KTR_RING_FLIGHT, regs, id);
}

typedef void (*ktr_sys_all_fn)(struct pt_regs *regs, long arg,
			       struct hlist_head *b, struct pid *tgid);

/*
 * A syscall probe: @all(@regs, @arg, ...) for a task that may be traced
 * (ktr_maybe(), with the bucket it hashed handed on).  @all runs with
 * preemption disabled: the trace states it finds must stay until it
 * returns, which that ensures (an RCU read-side critical section, ktr.h),
 * and a record's time is read before its ring is chosen.  The kernels
 * this is built for run the syscall tracepoints' probes so already, and
 * doing it again is a cost on every traced call; a kernel that runs them
 * preemptible (faultable syscall tracepoints) gets it done here.
 * Inlined, so that @all is a direct call.
 */
static __always_inline void ktr_sys_probe(ktr_sys_all_fn all,
					  struct pt_regs *regs, long arg)
{
	struct pid *tgid = task_tgid(current);
	struct hlist_head *b = ktr_proc_bucket(tgid);

	if (!ktr_maybe_in(b))
		return;
	if (preemptible()) {
		preempt_disable();
		all(regs, arg, b, tgid);
		preempt_enable();
	} else {
		all(regs, arg, b, tgid);
	}
}

static void ktr_sys_enter(void *data, struct pt_regs *regs, long id)
{
	ktr_sys_probe(ktr_sys_enter_all, regs, id);
}

static __always_inline void ktr_put_sysret(struct ktr_proc *p, int set,
					    int nr, long ret)
{
	struct ktr_sysret *sr;
	struct ktr_header *h;

	h = __ktr_record_begin(p, set, current, KTR_SYSRET, sizeof(*sr),
			       ktime_get_real_fast_ns());
	if (!h)
		return;
	sr = (struct ktr_sysret *)(h + 1);
	sr->ktr_code = nr;
	sr->ktr_eosys = 0;
	if (nr < 0) {
		/*
		 * The number was erased (-1): a sigreturn restored the
		 * registers, or a tracer skipped the call.  Its value is
		 * not a result: say so as BSD does.
		 */
		sr->ktr_error = KTR_EJUSTRETURN;
		sr->ktr_retval = 0;
	} else {
		sr->ktr_error = IS_ERR_VALUE(ret) ? -ret : 0;
		sr->ktr_retval = IS_ERR_VALUE(ret) ? 0 : ret;
	}
	__ktr_record_end(p, set, h);
}

/* GENIO of @len bytes moved through one buffer at @buf. */
static void ktr_put_genio(struct ktr_proc *p, int fd, int rw,
			  unsigned long buf, size_t len)
{
	struct ktr_genio *g;
	struct ktr_header *h;

	len = min_t(size_t, len, READ_ONCE(ktr_geniosize));
	h = ktr_record_begin(p, current, KTR_GENIO, sizeof(*g) + len);
	if (!h)
		return;
	g = (struct ktr_genio *)(h + 1);
	g->ktr_fd = fd;
	g->ktr_rw = rw;
	h->ktr_len = sizeof(*g) + ktr_copy_in(g + 1, buf, len);
	ktr_record_end(p, h);
}

/* Read iovec @i of the array at @uiov, of the task's ABI (@compat: i386). */
static bool ktr_get_iov(unsigned long uiov, unsigned long i, bool compat,
			unsigned long *base, size_t *len)
{
	struct compat_iovec civ;
	struct iovec iov;

	if (compat) {
		if (copy_from_user_nofault(&civ, (const void __user *)
					   (uiov + i * sizeof(civ)), sizeof(civ)))
			return false;
		*base = civ.iov_base;
		*len = civ.iov_len;
		return true;
	}
	if (copy_from_user_nofault(&iov, (const void __user *)
				   (uiov + i * sizeof(iov)), sizeof(iov)))
		return false;
	*base = (unsigned long)iov.iov_base;
	*len = iov.iov_len;
	return true;
}

/* GENIO of @len bytes moved through the @cnt iovecs at @uiov. */
static void ktr_put_genio_iov(struct ktr_proc *p, int fd, int rw,
			      unsigned long uiov, unsigned long cnt, size_t len,
			      bool compat)
{
	struct ktr_genio *g;
	struct ktr_header *h;
	size_t got = 0;
	unsigned long i;

	len = min_t(size_t, len, READ_ONCE(ktr_geniosize));
	h = ktr_record_begin(p, current, KTR_GENIO, sizeof(*g) + len);
	if (!h)
		return;
	g = (struct ktr_genio *)(h + 1);
	g->ktr_fd = fd;
	g->ktr_rw = rw;
	for (i = 0; i < cnt && i < UIO_MAXIOV && got < len; i++) {
		unsigned long base;
		size_t iov_len, want, n;

		if (!ktr_get_iov(uiov, i, compat, &base, &iov_len))
			break;
		want = min_t(size_t, iov_len, len - got);
		n = ktr_copy_in((char *)(g + 1) + got, base, want);
		got += n;
		if (n < want)
			break;
	}
	h->ktr_len = sizeof(*g) + got;
	ktr_record_end(p, h);
}

/* GENIO through a struct msghdr (sendmsg, recvmsg) of the task's ABI. */
static void ktr_put_genio_msg(struct ktr_proc *p, int fd, int rw,
			      unsigned long umsg, size_t len, bool compat)
{
	struct compat_msghdr cm;
	struct user_msghdr m;

	if (compat) {
		if (!copy_from_user_nofault(&cm, (const void __user *)umsg,
					    sizeof(cm)))
			ktr_put_genio_iov(p, fd, rw, cm.msg_iov, cm.msg_iovlen,
					  len, true);
		return;
	}
	if (!copy_from_user_nofault(&m, (const void __user *)umsg, sizeof(m)))
		ktr_put_genio_iov(p, fd, rw, (unsigned long)m.msg_iov,
				  m.msg_iovlen, len, false);
}

/* A STRUCT record: @name, then @len bytes from user address @src. */
static void ktr_put_struct(struct ktr_proc *p, const char *name,
			   unsigned long src, size_t len)
{
	size_t nlen = strlen(name) + 1;
	struct ktr_header *h;
	char *d;

	if (!src)
		return;
	h = ktr_record_begin(p, current, KTR_STRUCT, nlen + len);
	if (!h)
		return;
	d = (char *)(h + 1);
	memcpy(d, name, nlen);
	if (ktr_copy_in(d + nlen, src, len) < len)
		h->ktr_len = nlen;	/* not resident: the name alone */
	ktr_record_end(p, h);
}

/* A sockaddr whose length is passed by value. */
static void ktr_put_sockaddr(struct ktr_proc *p, unsigned long addr,
			     unsigned long len)
{
	ktr_put_struct(p, KTR_STRUCT_SOCKADDR, addr,
		       min_t(unsigned long, len, sizeof(struct sockaddr_storage)));
}

/* A sockaddr whose length the kernel wrote back through @ulen. */
static void ktr_put_sockaddr_ret(struct ktr_proc *p, unsigned long addr,
				 unsigned long ulen)
{
	int len;

	if (addr && ulen &&
	    !copy_from_user_nofault(&len, (const void __user *)ulen, sizeof(len)) &&
	    len > 0)
		ktr_put_sockaddr(p, addr, len);
}

/* ARGS: the new program's argument strings, from its own stack. */
static void ktr_put_args(struct ktr_proc *p)
{
	struct mm_struct *mm = current->mm;
	unsigned long start, end;
	struct ktr_header *h;
	size_t len;

	if (!mm)
		return;
	start = READ_ONCE(mm->arg_start);
	end = READ_ONCE(mm->arg_end);
	if (end <= start)
		return;
	len = min_t(size_t, end - start, KTR_ARGS_MAX);
	h = ktr_record_begin(p, current, KTR_ARGS, len);
	if (!h)
		return;
	h->ktr_len = ktr_copy_in(h + 1, start, len);
	ktr_record_end(p, h);
}

/*
 * What a call leaves behind besides its result, as its row @se says; the
 * iovecs and msghdr are of the task's ABI (@compat: i386).
 */
static void ktr_sys_exit_extra(struct ktr_proc *p, const struct ktr_sysent *se,
			       long ret, const unsigned long *a, bool compat)
{
	u32 facs = READ_ONCE(p->facs);
	bool ok = !IS_ERR_VALUE(ret);
	unsigned int s = se->sarg;

	if ((facs & KTRFAC_GENIO) && ok) {
		switch (se->genio) {
		case KTR_SE_READ:
			ktr_put_genio(p, a[0], KTR_UIO_READ, a[1], ret);
			break;
		case KTR_SE_WRITE:
			ktr_put_genio(p, a[0], KTR_UIO_WRITE, a[1], ret);
			break;
		case KTR_SE_READV:
			ktr_put_genio_iov(p, a[0], KTR_UIO_READ, a[1], a[2], ret,
					  compat);
			break;
		case KTR_SE_WRITEV:
			ktr_put_genio_iov(p, a[0], KTR_UIO_WRITE, a[1], a[2], ret,
					  compat);
			break;
		case KTR_SE_RECVMSG:
			ktr_put_genio_msg(p, a[0], KTR_UIO_READ, a[1], ret, compat);
			break;
		case KTR_SE_SENDMSG:
			ktr_put_genio_msg(p, a[0], KTR_UIO_WRITE, a[1], ret, compat);
			break;
		}
	}
	if (facs & KTRFAC_STRUCT) {
		switch (se->strct) {
		case KTR_SE_SOCKADDR:
			ktr_put_sockaddr(p, a[s], a[s + 1]);
			break;
		case KTR_SE_SOCKADDR_OUT:
			if (ok)
				ktr_put_sockaddr_ret(p, a[s], a[s + 1]);
			break;
		case KTR_SE_STAT:
			if (ok)
				ktr_put_struct(p, KTR_STRUCT_STAT, a[s],
					       sizeof(struct stat));
			break;
		}
	}
	if ((facs & (KTRFAC_SYSCALL | KTRFAC_ARGS)) && ok && se->exec)
		ktr_put_args(p);
}

/*
 * Does the exit of the call of row @se make a record from its arguments?
 * Most do not (a CALL/RET trace of anything but execve): they skip
 * reading them, the costlier half of a RET.
 */
static __always_inline bool
ktr_sys_exit_needs_args(u32 facs, const struct ktr_sysent *se)
{
	return ((facs & KTRFAC_NAMEI) && se->paths && !se->exec) ||
	       ((facs & KTRFAC_GENIO) && se->genio) ||
	       ((facs & KTRFAC_STRUCT) && se->strct) ||
	       ((facs & (KTRFAC_SYSCALL | KTRFAC_ARGS)) && se->exec);
}

/*
 * The records a return makes from the call's arguments (most make none:
 * ktr_sys_exit_needs_args()).
 */
static noinline void ktr_sys_exit_args(struct ktr_proc *p, u32 facs,
				       const struct ktr_sysent *se,
				       struct pt_regs *regs, long ret,
				       bool compat)
{
	unsigned long args[KTR_SYSCALL_MAXARGS];

	syscall_get_arguments(current, regs, args);
	if ((facs & KTRFAC_NAMEI) && !se->exec)
		ktr_put_namei(p, se->paths, args);
	ktr_sys_exit_extra(p, se, ret, args, compat);
}

/* What syscall @nr's return of @ret leaves in trace state @p's set, @set. */
static __always_inline void ktr_sys_exit_one(struct ktr_proc *p, int set,
					     struct pt_regs *regs, int nr,
					     long ret)
{
	u32 facs = READ_ONCE(p->facs);
	bool compat = in_ia32_syscall();
	const struct ktr_sysent *se;

	if (!ktr_sys_selected(p, nr, compat))
		return;
	se = ktr_sysent(nr, compat);
	if (ktr_sys_exit_needs_args(facs, se))
		ktr_sys_exit_args(p, facs, se, regs, ret, compat);
	if (facs & KTRFAC_SYSRET)
		ktr_put_sysret(p, set, nr, ret);
	/* Past half full: wait for the writer on the way out, not lose. */
	if (set == KTR_RING_FILE)
		ktr_wait_check(p);
}

static void ktr_sys_exit_all(struct pt_regs *regs, long ret,
			     struct hlist_head *b, struct pid *tgid)
{
	struct ktr_states s = ktr_states_in(b, tgid);
	int nr = syscall_get_nr(current, regs);

	if (s.file)
		ktr_sys_exit_one(s.file, KTR_RING_FILE, regs, nr, ret);
	if (s.flight)
		ktr_sys_exit_one(s.flight, KTR_RING_FLIGHT, regs, nr, ret);
}

static void ktr_sys_exit(void *data, struct pt_regs *regs, long ret)
{
	ktr_sys_probe(ktr_sys_exit_all, regs, ret);
}

const struct ktr_tp_probe ktr_sys_probes[] = {
	{ "sys_enter", ktr_sys_enter },
	{ "sys_exit", ktr_sys_exit },
	{ }
};
