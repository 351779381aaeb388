// SPDX-License-Identifier: GPL-2.0
/*
 * Scheduling and signals: CSW when a traced thread stops running or
 * resumes (from sched_switch, with the runqueue locked: nothing here may
 * lock, sleep or wake anyone directly), PSIG when a signal is delivered.
 */
#include <linux/sched.h>
#include <linux/signal.h>
#include <linux/string.h>

#include "ktr.h"

static void ktr_put_csw(struct task_struct *t, int out, int user,
			const char *wmesg)
{
	struct ktr_proc *ps[KTR_RING_NSETS];
	struct ktr_header *h;
	struct ktr_csw *c;
	int i, n;

	if (!ktr_maybe(t))
		return;
	n = ktr_proc_states(t, ps);
	for (i = 0; i < n; i++) {
		if (!(READ_ONCE(ps[i]->facs) & KTRFAC_CSW))
			continue;
		h = ktr_record_begin(ps[i], t, KTR_CSW, sizeof(*c));
		if (!h)
			continue;
		c = (struct ktr_csw *)(h + 1);
		c->out = out;
		c->user = user;
		strscpy_pad(c->wmesg, wmesg, sizeof(c->wmesg));
		ktr_record_end(ps[i], h);
	}
}

/* Why @prev stops: preempted while runnable, or blocked, and how. */
static const char *ktr_csw_why(bool preempt, unsigned int state)
{
	if (preempt || state == TASK_RUNNING)
		return "preempt";
	if (state & TASK_INTERRUPTIBLE)
		return "sleep";
	if (state & TASK_UNINTERRUPTIBLE)
		return "dsleep";
	if (state & (__TASK_STOPPED | __TASK_TRACED))
		return "stopped";
	return "";
}

static void ktr_sched_switch(void *data, bool preempt,
			     struct task_struct *prev, struct task_struct *next,
			     unsigned int prev_state)
{
	bool runnable = preempt || prev_state == TASK_RUNNING;

	if (prev->flags & PF_KTHREAD && next->flags & PF_KTHREAD)
		return;
	rcu_read_lock();
	if (!(prev->flags & PF_KTHREAD))
		ktr_put_csw(prev, 1, runnable, ktr_csw_why(preempt, prev_state));
	if (!(next->flags & PF_KTHREAD))
		ktr_put_csw(next, 0, 0, "");
	rcu_read_unlock();
}

static void ktr_put_psig(struct ktr_proc *p, int sig,
			 struct kernel_siginfo *info, struct k_sigaction *ka)
{
	struct ktr_header *h;
	struct ktr_psig *s;
	u64 mask;

	if (!(READ_ONCE(p->facs) & KTRFAC_PSIG))
		return;
	h = ktr_record_begin(p, current, KTR_PSIG, sizeof(*s));
	if (!h)
		return;
	s = (struct ktr_psig *)(h + 1);
	memset(s, 0, sizeof(*s));
	s->signo = sig;
	s->action = (unsigned long)ka->sa.sa_handler;
	s->code = info ? info->si_code : 0;
	mask = current->blocked.sig[0];
	s->mask[0] = lower_32_bits(mask);
	s->mask[1] = upper_32_bits(mask);
	ktr_record_end(p, h);
}

static void ktr_signal_deliver(void *data, int sig, struct kernel_siginfo *info,
			       struct k_sigaction *ka)
{
	struct ktr_proc *ps[KTR_RING_NSETS];
	int i, n;

	if (!ktr_maybe(current))
		return;
	rcu_read_lock();
	n = ktr_proc_states(current, ps);
	for (i = 0; i < n; i++)
		ktr_put_psig(ps[i], sig, info, ka);
	rcu_read_unlock();
}

const struct ktr_tp_probe ktr_sched_probes[] = {
	{ "sched_switch", ktr_sched_switch },
	{ "signal_deliver", ktr_signal_deliver },
	{ }
};
