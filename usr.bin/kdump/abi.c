/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Each traced process's ABI, as its PROCCTOR records tell (FreeBSD's
 * sv_flags): sent when tracing starts and after every exec, forgotten at
 * its PROCDTOR.  A process never described is taken for what is traced
 * most: a 64-bit Linux one.
 */
#include <sys/types.h>

#include <err.h>
#include <stdlib.h>

#include "kdump.h"

#define NBUCKETS	1024
#define DEFAULT_FLAGS	(KTR_SV_ABI_LINUX | KTR_SV_LP64)
/*
 * Processes remembered at most: far more than are ever traced at once;
 * a file of PROCCTOR records without PROCDTOR ones (a corrupt one) must
 * not make kdump grow without bound.  Those beyond take the default.
 */
#define MAXPROCS	65536

struct proc {
	struct proc *next;
	pid_t	pid;
	unsigned int sv_flags;
};

static struct proc *abi_procs[NBUCKETS];
static size_t abi_nprocs;

static struct proc **
lookup(pid_t pid)
{
	struct proc **pp;

	pp = &abi_procs[(unsigned int)pid % NBUCKETS];
	while (*pp != NULL && (*pp)->pid != pid)
		pp = &(*pp)->next;
	return (pp);
}

/* PROCCTOR and PROCDTOR records; the reader checked their length. */
void
abi_track(const struct ktr_record *rec)
{
	const struct ktr_proc_ctor *ctor;
	struct proc **pp, *p;

	pp = lookup(rec->hdr.ktr_pid);
	switch (rec->hdr.ktr_type) {
	case KTR_PROCCTOR:
		if ((p = *pp) == NULL) {
			if (abi_nprocs >= MAXPROCS)
				break;
			if ((p = malloc(sizeof(*p))) == NULL)
				err(1, NULL);
			p->pid = rec->hdr.ktr_pid;
			p->next = NULL;
			*pp = p;
			abi_nprocs++;
		}
		ctor = rec->data;
		p->sv_flags = ctor->sv_flags;
		break;
	case KTR_PROCDTOR:
		if ((p = *pp) != NULL) {
			*pp = p->next;
			free(p);
			abi_nprocs--;
		}
		break;
	}
}

unsigned int
abi_flags(pid_t pid)
{
	const struct proc *p;

	return ((p = *lookup(pid)) != NULL ? p->sv_flags : DEFAULT_FLAGS);
}

/* The syscall table of a process: i386's for a 32-bit one. */
enum ktr_abi
abi_syscalls(unsigned int sv_flags)
{
	return ((sv_flags & KTR_SV_ILP32) ? KTR_ABI_I386 : KTR_ABI_X86_64);
}

const char *
abi_name(enum ktr_abi abi)
{
	return (abi == KTR_ABI_I386 ? "i386" : "x86_64");
}

void
abi_reset(void)
{
	struct proc *p;
	size_t i;

	for (i = 0; i < NBUCKETS; i++)
		while ((p = abi_procs[i]) != NULL) {
			abi_procs[i] = p->next;
			free(p);
		}
	abi_nprocs = 0;
}
