// SPDX-License-Identifier: GPL-2.0
/*
 * NAMI: the path names a traced process passes to the kernel, exactly as
 * passed, whether the call succeeds or fails, between the call's CALL and
 * RET records.
 *
 * Which arguments of a syscall are path names, and whether it is an exec,
 * is its row of the syscall table (ktr_sys.c).  A name is read without
 * faulting, into a per-CPU scratch buffer (the probes run with
 * preemption disabled), so that the record is reserved at its exact
 * length.  So it is read as the call returns, when the kernel has made
 * it resident by reading it; but for exec, whose old memory is gone by
 * then, as the call starts.  A name still not resident, or longer than
 * PATH_MAX, is not recorded.  A return probe on getname_flags() would
 * see every name, but patching kernel text on every SET and CLEAR is a
 * risk this module does not take.
 */
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "ktr.h"

static DEFINE_PER_CPU(char [PATH_MAX], ktr_path_scratch);

/* Copy the NUL-terminated user string at @src; its length, or -1. */
static long ktr_copy_path(char *dst, unsigned long src)
{
	size_t done = 0;

	while (done < PATH_MAX) {
		size_t chunk = min_t(size_t, PATH_MAX - done,
				     PAGE_SIZE - offset_in_page(src + done));
		char *nul;

		if (copy_from_user_nofault(dst + done,
					   (const void __user *)(src + done), chunk))
			return -1;
		nul = memchr(dst + done, '\0', chunk);
		if (nul)
			return nul - dst;
		done += chunk;
	}
	return -1;
}

/* NAMI records for the arguments @args that bits @paths say are paths. */
void ktr_put_namei(struct ktr_proc *p, unsigned int paths,
		   const unsigned long *args)
{
	struct ktr_header *h;
	char *buf;
	long len;
	int i;

	for (i = 0; paths; i++, paths >>= 1) {
		if (!(paths & 1) || !args[i])
			continue;
		preempt_disable();	/* the scratch buffer is this CPU's */
		buf = this_cpu_ptr(ktr_path_scratch);
		len = ktr_copy_path(buf, args[i]);
		h = len < 0 ? NULL : ktr_record_begin(p, current, KTR_NAMEI, len);
		if (h) {
			memcpy(h + 1, buf, len);
			ktr_record_end(p, h);
		}
		preempt_enable();
	}
}
