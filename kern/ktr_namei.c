// SPDX-License-Identifier: GPL-2.0
/*
 * NAMI: every path name the kernel takes from a traced process.
 *
 * getname_flags() is where every syscall that takes a user path name
 * (open*, the stat family, exec, chdir, unlink, rename, ...) copies it
 * in; a return probe there sees the kernel's copy, so nothing is read
 * from user memory and the name is exactly as passed, whether the call
 * then succeeds or fails.  It is not exported, hence a kretprobe.
 *
 * GCC may split it (getname_flags.part.0): getname() then calls the split
 * body directly, past the entry of getname_flags, which calls it too.
 * Probing the body where it exists catches every caller exactly once.
 */
#define pr_fmt(fmt) "ktrace: " fmt

#include <linux/err.h>
#include <linux/fs.h>
#include <linux/kprobes.h>
#include <linux/limits.h>
#include <linux/ptrace.h>
#include <linux/string.h>

#include "ktr.h"

static int ktr_getname_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct filename *fn = (struct filename *)regs_return_value(regs);
	struct ktr_header *h;
	struct ktr_proc *p;
	size_t len;

	if (IS_ERR_OR_NULL(fn) || current->flags & PF_KTHREAD)
		return 0;
	rcu_read_lock();
	p = ktr_proc_find(current);
	if (!p || !(READ_ONCE(p->facs) & KTRFAC_NAMEI))
		goto out;
	len = strnlen(fn->name, PATH_MAX);
	h = ktr_record_begin(p, current, KTR_NAMEI, len);
	if (h) {
		memcpy(h + 1, fn->name, len);
		ktr_record_end(h);
	}
out:
	rcu_read_unlock();
	return 0;
}

static struct kretprobe ktr_getname_probe = {
	.handler = ktr_getname_ret,
	.maxactive = 64,
};

static const char *const ktr_getname_syms[] = {
	"getname_flags.part.0", "getname_flags",
};

static bool ktr_namei_on;

/* NAMI is worth having but not worth failing all tracing over. */
void ktr_namei_register(void)
{
	int i, err = -ENOENT;

	if (ktr_namei_on)
		return;
	for (i = 0; i < ARRAY_SIZE(ktr_getname_syms) && err; i++) {
		/* Registering sets fields that must be clear to register again. */
		memset(&ktr_getname_probe.kp, 0, sizeof(ktr_getname_probe.kp));
		ktr_getname_probe.kp.symbol_name = ktr_getname_syms[i];
		err = register_kretprobe(&ktr_getname_probe);
	}
	if (err)
		pr_warn_once("no NAMI records: cannot probe getname_flags (%d)\n",
			     err);
	ktr_namei_on = !err;
}

void ktr_namei_unregister(void)
{
	if (ktr_namei_on)
		unregister_kretprobe(&ktr_getname_probe);
	ktr_namei_on = false;
}
