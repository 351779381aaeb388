// SPDX-License-Identifier: GPL-2.0
/*
 * The anchor: where a reader of a memory dump, with no kernel symbols,
 * finds every ring.  Physically contiguous pages, starting with a magic
 * string at a page boundary, naming their own page frame and, for each
 * set and CPU, the physical address of the ring's descriptor
 * (struct ktr_anchor in sys/sys/ktrace.h).  A reader scans the dump's
 * page starts for the magic and trusts a hit only if its frame and CRC
 * agree, so a copy of the anchor elsewhere (in a reader's buffer, in
 * freed memory) is not taken for it.  The magic is zeroed before the
 * pages are freed: an unloaded module leaves no anchor behind.
 */
#define pr_fmt(fmt) "ktrace: " fmt

#include <linux/crc32.h>
#include <linux/io.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/random.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/utsname.h>

#include "ktr.h"

static struct ktr_anchor *ktr_anchor;
static size_t ktr_anchor_bytes;		/* allocated: whole pages */
static DEFINE_MUTEX(ktr_anchor_mutex);	/* changes of the ring table */

/* After every change: readers check it to take the anchor as whole. */
static void ktr_anchor_seal(struct ktr_anchor *a)
{
	a->ka_generation++;
	a->ka_crc = 0;
	a->ka_crc = crc32_le(~0U, (const u8 *)a, a->ka_size) ^ ~0U;
}

int ktr_anchor_init(void)
{
	/* Not one literal: the module's image must not hold the magic. */
	static const char magic_rev[] = "\0\0\0rohcna ECARTK";
	struct ktr_anchor *a;
	size_t size;
	int i;

	BUILD_BUG_ON(sizeof(magic_rev) - 1 != sizeof(a->ka_magic));
	size = struct_size(a, ka_ring, (size_t)KTR_RING_NSETS * nr_cpu_ids);
	ktr_anchor_bytes = PAGE_ALIGN(size);
	a = alloc_pages_exact(ktr_anchor_bytes, GFP_KERNEL | __GFP_ZERO);
	if (!a)
		return -ENOMEM;
	a->ka_version = KTR_ANCHOR_VERSION;
	a->ka_size = size;
	a->ka_page_size = PAGE_SIZE;
	a->ka_pfn = virt_to_phys(a) >> PAGE_SHIFT;
	/* Grows across loads too: the newest anchor in a dump is the live one. */
	a->ka_generation = ktime_get_real_ns();
	a->ka_nonce = get_random_u64();
	strscpy(a->ka_release, init_utsname()->release, sizeof(a->ka_release));
	a->ka_ncpu = nr_cpu_ids;
	a->ka_nsets = KTR_RING_NSETS;
	a->ka_slot_size = sizeof(struct ktr_slot);
	a->ka_header_size = sizeof(struct ktr_header);
	for (i = 0; i < sizeof(a->ka_magic); i++)
		a->ka_magic[i] = magic_rev[sizeof(a->ka_magic) - 1 - i];
	ktr_anchor_seal(a);
	ktr_anchor = a;
	pr_info("anchor at phys %#llx\n", (unsigned long long)virt_to_phys(a));
	return 0;
}

void ktr_anchor_exit(void)
{
	struct ktr_anchor *a = ktr_anchor;

	ktr_anchor = NULL;
	memset(a->ka_magic, 0, sizeof(a->ka_magic));
	free_pages_exact(a, ktr_anchor_bytes);
}

/* Name @r (NULL: none) as @set's ring of @cpu.  Process context. */
void ktr_anchor_set(int set, int cpu, const struct ktr_ring *r)
{
	struct ktr_anchor_ring *ar;

	mutex_lock(&ktr_anchor_mutex);
	ar = &ktr_anchor->ka_ring[set * ktr_anchor->ka_ncpu + cpu];
	ar->kar_desc = r && r->d ? virt_to_phys(r->d) : 0;
	ar->kar_size = r && r->d ? r->dsize : 0;
	ktr_anchor_seal(ktr_anchor);
	mutex_unlock(&ktr_anchor_mutex);
}
