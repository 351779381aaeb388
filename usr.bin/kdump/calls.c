/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Each thread's CALL matched with its RET.  A thread makes one syscall
 * at a time, so the table holds at most one call per thread: the one in
 * progress.  A CALL while one is in progress means the RET of the first
 * was not recorded (lost, or tracing began or ended in between); a RET
 * that matches nothing is an exit whose entry was not recorded.
 */
#include <sys/types.h>

#include <err.h>
#include <stdlib.h>
#include <string.h>

#include "calls.h"

/*
 * Calls in progress at most, and bytes of records held with them: far
 * beyond any real trace, low enough that no file makes kdump exhaust
 * memory.  A call past the first limit is over at once (no return); a
 * record past the second is not held, and counted.
 */
#define MAXPENDING	(1 << 20)
#define MAXHELD		((size_t)64 << 20)
#define MINBUCKETS	1024

static const struct calls_ops *ops;
static bool holding;
static struct call **buckets;
static size_t nbuckets, npending;
static size_t heldbytes;
static uint64_t unheld;

void
calls_init(const struct calls_ops *o, bool hold)
{
	ops = o;
	holding = hold;
}

static struct call **
slot(pid_t tid)
{
	struct call **cp;

	if (buckets == NULL)
		return (NULL);
	cp = &buckets[(unsigned int)tid & (nbuckets - 1)];
	while (*cp != NULL && (*cp)->tid != tid)
		cp = &(*cp)->next;
	return (cp);
}

struct call *
calls_current(pid_t tid)
{
	struct call **cp = slot(tid);

	return (cp == NULL ? NULL : *cp);
}

/* Twice the buckets when the chains grow long. */
static void
grow(void)
{
	struct call **old = buckets, *c, *next;
	size_t i, n = old == NULL ? 0 : nbuckets;

	nbuckets = n == 0 ? MINBUCKETS : n * 2;
	if ((buckets = calloc(nbuckets, sizeof(*buckets))) == NULL)
		err(1, NULL);
	for (i = 0; i < n; i++)
		for (c = old[i]; c != NULL; c = next) {
			next = c->next;
			c->next = buckets[(unsigned int)c->tid &
			    (nbuckets - 1)];
			buckets[(unsigned int)c->tid & (nbuckets - 1)] = c;
		}
	free(old);
}

static void
unlink_call(struct call *c)
{
	struct call **cp = slot(c->tid);

	if (cp != NULL && *cp == c) {
		*cp = c->next;
		npending--;
	}
	c->next = NULL;
}

/* The call is over: tell the mode, then forget it and what it held. */
static void
finish(struct call *c)
{
	struct held *h, *next;

	ops->done(c);
	for (h = c->held; h != NULL; h = next) {
		next = h->next;
		heldbytes -= sizeof(*h) + h->rec.len + 1;
		free(h);
	}
	free(c->path);
	free(c);
}

static struct call *
new_call(const struct ktr_record *rec, unsigned int sv_flags)
{
	struct call *c;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		err(1, NULL);
	c->pid = rec->hdr.ktr_pid;
	c->tid = (pid_t)rec->hdr.ktr_tid;
	memcpy(c->comm, rec->hdr.ktr_comm, sizeof(c->comm));
	c->comm[sizeof(c->comm) - 1] = '\0';
	c->abi = abi_syscalls(sv_flags);
	c->code = -1;
	c->heldtail = &c->held;
	return (c);
}

static void
hold(struct call *c, const struct ktr_record *rec, unsigned int sv_flags)
{
	struct held *h;
	size_t size = sizeof(*h) + rec->len + 1;

	if (heldbytes + size > MAXHELD) {
		unheld++;
		return;
	}
	if ((h = malloc(size)) == NULL)
		err(1, NULL);
	h->next = NULL;
	h->sv_flags = sv_flags;
	h->rec = *rec;
	memcpy(h->data, rec->data, rec->len);
	h->data[rec->len] = '\0';
	h->rec.data = h->data;
	*c->heldtail = h;
	c->heldtail = &h->next;
	heldbytes += size;
}

uint64_t
calls_unheld(void)
{
	return (unheld);
}

bool
calls_type_of_call(int type)
{
	switch (type) {
	case KTR_SYSCALL:
	case KTR_SYSRET:
	case KTR_NAMEI:
	case KTR_GENIO:
	case KTR_STRUCT:
	case KTR_STRUCT_ARRAY:
	case KTR_SYSCTL:
	case KTR_ARGS:
	case KTR_ENVS:
		return (true);
	default:
		return (false);
	}
}

const char *
call_name(const struct call *c)
{
	return (c->code < 0 ? NULL : ktr_syscall_name(c->abi, c->code));
}

/*
 * A family of syscalls named once; their numbers in each ABI are looked
 * up the first time, so that every CALL is not a string search.
 */
#define FAMILY_MAX	4
#define NABIS		2	/* KTR_ABI_X86_64, KTR_ABI_I386 */

struct family {
	const char *names[FAMILY_MAX + 1];
	bool	looked_up;
	int	codes[NABIS][FAMILY_MAX];	/* -1: none in that ABI */
};

static bool
in_family(const struct call *c, struct family *f)
{
	int abi, i;

	if (!f->looked_up) {
		for (abi = 0; abi < NABIS; abi++)
			for (i = 0; i < FAMILY_MAX; i++)
				f->codes[abi][i] = f->names[i] == NULL ? -1 :
				    ktr_syscall_number((enum ktr_abi)abi,
				    f->names[i]);
		f->looked_up = true;
	}
	if (c->code < 0 || (int)c->abi < 0 || (int)c->abi >= NABIS)
		return (false);
	for (i = 0; i < FAMILY_MAX; i++)
		if (f->codes[c->abi][i] == c->code)
			return (true);
	return (false);
}

bool
call_opens(const struct call *c)
{
	static struct family opens = {
		.names = { "open", "openat", "openat2", "creat", NULL }
	};

	return (in_family(c, &opens));
}

static bool
forks(const struct call *c)
{
	static struct family forks = {
		.names = { "fork", "vfork", "clone", "clone3", NULL }
	};

	return (in_family(c, &forks));
}

static bool
cannot_return(const struct call *c)
{
	static struct family exits = {
		.names = { "exit", "exit_group", NULL }
	};

	return (in_family(c, &exits));
}

static void
enter(const struct ktr_record *rec, unsigned int sv_flags, uint64_t serial)
{
	const struct ktr_syscall *sc = rec->data;
	struct call *c, **cp;
	int i;

	/* The thread's last call never returned, as far as the file says. */
	if ((c = calls_current((pid_t)rec->hdr.ktr_tid)) != NULL) {
		unlink_call(c);
		finish(c);
	}
	c = new_call(rec, sv_flags);
	c->code = sc->ktr_code;
	c->entered = true;
	c->start = rec->hdr.ktr_time;
	c->start_cpu = rec->hdr.ktr_cpu;
	c->start_serial = serial;
	c->narg = sc->ktr_narg;
	if (c->narg > KTR_SYSCALL_MAXARGS)
		c->narg = KTR_SYSCALL_MAXARGS;
	for (i = 0; i < c->narg; i++)
		c->args[i] = sc->ktr_args[i];
	c->noreturn = cannot_return(c);
	if (holding)
		hold(c, rec, sv_flags);
	if (ops->entered != NULL)
		ops->entered(c);
	if (c->noreturn || npending >= MAXPENDING) {
		finish(c);
		return;
	}
	if (npending >= 2 * nbuckets)
		grow();
	cp = slot(c->tid);
	c->next = *cp;
	*cp = c;
	npending++;
}

static void
leave(const struct ktr_record *rec, unsigned int sv_flags, uint64_t serial)
{
	const struct ktr_sysret *sr = rec->data;
	struct call *c;
	bool erased = sr->ktr_code == -1 && sr->ktr_error == KTR_EJUSTRETURN;

	c = calls_current((pid_t)rec->hdr.ktr_tid);
	if (c != NULL) {
		unlink_call(c);
		/* Not this call's exit: that call never returned. */
		if (!erased && c->code != sr->ktr_code) {
			finish(c);
			c = NULL;
		}
	}
	if (c == NULL) {
		c = new_call(rec, sv_flags);
		c->code = sr->ktr_code;
	}
	c->returned = true;
	c->end = rec->hdr.ktr_time;
	c->end_cpu = rec->hdr.ktr_cpu;
	c->end_serial = serial;
	if (erased)
		c->justreturn = true;
	else {
		c->error = sr->ktr_error;
		c->retval = sr->ktr_retval;
	}
	/* The child's side of a fork: its first record, returning 0. */
	c->child = !c->entered && c->error == 0 && c->retval == 0 &&
	    !erased && forks(c);
	if (holding)
		hold(c, rec, sv_flags);
	finish(c);
}

/* Calls over together, in the order they began. */
static int
by_serial(const void *a, const void *b)
{
	const struct call *ca = *(struct call *const *)a;
	const struct call *cb = *(struct call *const *)b;

	return (ca->start_serial < cb->start_serial ? -1 :
	    ca->start_serial > cb->start_serial);
}

/* Every call in progress of process pid, or of all (pid 0). */
static void
finish_all(pid_t pid)
{
	struct call **list, *c;
	size_t i, n = 0;

	if (npending == 0)
		return;
	if ((list = calloc(npending, sizeof(*list))) == NULL)
		err(1, NULL);
	for (i = 0; i < nbuckets; i++)
		for (c = buckets[i]; c != NULL; c = c->next)
			if (pid == 0 || c->pid == pid)
				list[n++] = c;
	qsort(list, n, sizeof(*list), by_serial);
	for (i = 0; i < n; i++) {
		unlink_call(list[i]);
		finish(list[i]);
	}
	free(list);
}

void
calls_finish(void)
{
	finish_all(0);
}

bool
calls_feed(const struct ktr_record *rec, unsigned int sv_flags,
    uint64_t serial)
{
	const struct ktr_lost *lost;
	struct call *c;

	switch (rec->hdr.ktr_type) {
	case KTR_SYSCALL:
		enter(rec, sv_flags, serial);
		return (holding);
	case KTR_SYSRET:
		leave(rec, sv_flags, serial);
		return (holding);
	case KTR_LOST:
		lost = rec->data;
		if (ops->lost != NULL)
			ops->lost(rec, lost->ktr_count);
		return (false);
	case KTR_WINDOW:
		/* A CPU's: no call is over, whatever it lost. */
		if (ops->window != NULL)
			ops->window(rec, rec->data);
		return (false);
	case KTR_WAIT:
		/*
		 * Made on the way back to user mode, after the RET of the
		 * call it followed: of no call, and the end of none.
		 */
		if (ops->wait != NULL)
			ops->wait(rec, rec->data);
		return (false);
	case KTR_PROCDTOR:
		/* Its other threads' calls never returned. */
		if (rec->hdr.ktr_pid > 0)
			finish_all(rec->hdr.ktr_pid);
		return (false);
	}
	if (!calls_type_of_call(rec->hdr.ktr_type) ||
	    (c = calls_current((pid_t)rec->hdr.ktr_tid)) == NULL)
		return (false);
	/* The reader bounds a NAMI's length (a path). */
	if (rec->hdr.ktr_type == KTR_NAMEI && c->path == NULL) {
		if ((c->path = malloc(rec->len + 1)) == NULL)
			err(1, NULL);
		memcpy(c->path, rec->data, rec->len);
		c->path[rec->len] = '\0';
		c->pathlen = rec->len;
	}
	if (holding)
		hold(c, rec, sv_flags);
	return (holding);
}
