/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Which descriptors of each process are sockets, as far as the trace
 * tells: those socket() and accept() returned, and those a call only
 * sockets take succeeded on (traced from the middle of a program, or
 * made by socketpair(), whose descriptors are written to memory the
 * trace does not hold).  A descriptor stops being one when it is closed
 * or replaced (close(), dup2(), an open() returning it, exec with
 * close-on-exec, the process's exit); dup() and fcntl(F_DUPFD) copy one,
 * and a new process starts with a copy of its parent's.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <linux/close_range.h>
#include <linux/sched.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "net.h"

#define NBUCKETS	16384
#define NPBUCKETS	1024
/*
 * Far beyond any real trace, low enough that a corrupt file cannot make
 * kdump exhaust memory: sockets and processes past these are not known.
 */
#define MAXSOCKS	(1 << 20)
#define MAXPROCS	65536

struct sproc {
	struct sproc *next;
	pid_t	pid;
	struct sock *socks;	/* its sockets */
	int	pairfamily;	/* of its last socketpair() */
	unsigned int pairs;	/* of that pair's descriptors, those unknown */
};

static struct sock **socks;
static struct sproc **sock_procs;
static size_t nsocks, sock_nprocs;

static unsigned int
hash(pid_t pid, int fd)
{
	return (((unsigned int)pid * 31 + (unsigned int)fd) % NBUCKETS);
}

static struct sock **
sock_slot(pid_t pid, int fd)
{
	struct sock **sp;

	if (socks == NULL && (socks = calloc(NBUCKETS, sizeof(*socks))) ==
	    NULL)
		err(1, NULL);
	sp = &socks[hash(pid, fd)];
	while (*sp != NULL && ((*sp)->pid != pid || (*sp)->fd != fd))
		sp = &(*sp)->next;
	return (sp);
}

const struct sock *
sock_get(pid_t pid, int fd)
{
	return (*sock_slot(pid, fd));
}

static struct sproc **
proc_slot(pid_t pid)
{
	struct sproc **pp;

	if (sock_procs == NULL && (sock_procs = calloc(NPBUCKETS, sizeof(*sock_procs))) ==
	    NULL)
		err(1, NULL);
	pp = &sock_procs[(unsigned int)pid % NPBUCKETS];
	while (*pp != NULL && (*pp)->pid != pid)
		pp = &(*pp)->next;
	return (pp);
}

static struct sproc *
proc_get(pid_t pid)
{
	struct sproc **pp = proc_slot(pid);

	if (*pp == NULL && sock_nprocs < MAXPROCS) {
		if ((*pp = calloc(1, sizeof(**pp))) == NULL)
			err(1, NULL);
		(*pp)->pid = pid;
		sock_nprocs++;
	}
	return (*pp);
}

static void
sock_del(pid_t pid, int fd)
{
	struct sock **sp = sock_slot(pid, fd), *s = *sp;

	if (s == NULL)
		return;
	*sp = s->next;
	if ((*s->pprev = s->pnext) != NULL)
		s->pnext->pprev = s->pprev;
	free(s->local);
	free(s);
	nsocks--;
}

/* A new socket at fd, replacing what was there; NULL past the limits. */
static struct sock *
sock_add(pid_t pid, int fd, int family)
{
	struct sproc *p;
	struct sock **sp, *s;

	sock_del(pid, fd);
	if (nsocks >= MAXSOCKS || (p = proc_get(pid)) == NULL)
		return (NULL);
	if ((s = calloc(1, sizeof(*s))) == NULL)
		err(1, NULL);
	s->pid = pid;
	s->fd = fd;
	s->family = family;
	sp = sock_slot(pid, fd);
	s->next = *sp;
	*sp = s;
	if ((s->pnext = p->socks) != NULL)
		p->socks->pprev = &s->pnext;
	p->socks = s;
	s->pprev = &p->socks;
	nsocks++;
	return (s);
}

static void
set_local(struct sock *s, const void *sa, size_t len)
{
	if (s == NULL || sa == NULL || len == 0)
		return;
	free(s->local);
	if ((s->local = malloc(len)) == NULL)
		err(1, NULL);
	memcpy(s->local, sa, len);
	s->locallen = len;
}

/* A sockaddr's family, or -1. */
static int
sa_family(const struct netcall *nc)
{
	sa_family_t family;

	if (nc->sa == NULL || nc->salen < sizeof(family))
		return (-1);
	memcpy(&family, nc->sa, sizeof(family));
	return (family);
}

/*
 * fd is a socket: a call of sockets only succeeded on it.  Its family
 * is its sockaddr's, or the process's last socketpair()'s when one of
 * its descriptors is still unknown.
 */
static struct sock *
prove(const struct call *c, const struct netcall *nc, uint64_t arg)
{
	struct sock *s;
	struct sproc *p;
	int fd, family = sa_family(nc);

	if (!netcall_fd(arg, &fd))
		return (NULL);
	if ((s = *sock_slot(c->pid, fd)) != NULL) {
		if (s->family == -1)
			s->family = family;
		return (s);
	}
	if (family == -1 && (p = *proc_slot(c->pid)) != NULL &&
	    p->pairs > 0) {
		p->pairs--;
		family = p->pairfamily;
	}
	return (sock_add(c->pid, fd, family));
}

/* dup() and the others: newfd is what oldfd is. */
static void
copy_fd(pid_t pid, uint64_t oldarg, int64_t newfd, bool cloexec)
{
	const struct sock *old;
	struct sock *s;
	int fd;

	if (!netcall_fd(oldarg, &fd) || newfd < 0 || newfd > INT_MAX ||
	    newfd == fd)
		return;
	if ((old = *sock_slot(pid, fd)) == NULL) {
		sock_del(pid, (int)newfd);
		return;
	}
	if ((s = sock_add(pid, (int)newfd, old->family)) == NULL)
		return;
	s->connected = old->connected;
	s->cloexec = cloexec;
	/* sock_add() cannot have freed old: newfd is not fd. */
	set_local(s, old->local, old->locallen);
}

/* The process's sockets, all of them, or those closed on exec. */
static void
drop_process(pid_t pid, bool cloexec_only)
{
	struct sproc **pp = proc_slot(pid), *p = *pp;
	struct sock *s, *next;

	if (p == NULL)
		return;
	for (s = p->socks; s != NULL; s = next) {
		next = s->pnext;
		if (!cloexec_only || s->cloexec)
			sock_del(pid, s->fd);
	}
	if (cloexec_only)
		return;
	*pp = p->next;
	free(p);
	sock_nprocs--;
}

/* A new process: its parent's sockets, but for those it has already. */
static void
copy_process(pid_t parent, int64_t child)
{
	struct sproc *p = *proc_slot(parent), *cp;
	struct sock *s, *n;

	if (child <= 0 || child > INT_MAX || child == parent || p == NULL)
		return;
	for (s = p->socks; s != NULL; s = s->pnext) {
		if (*sock_slot((pid_t)child, s->fd) != NULL ||
		    (n = sock_add((pid_t)child, s->fd, s->family)) == NULL)
			continue;
		n->connected = s->connected;
		n->cloexec = s->cloexec;
		set_local(n, s->local, s->locallen);
	}
	if ((cp = proc_get((pid_t)child)) != NULL) {
		cp->pairfamily = p->pairfamily;
		cp->pairs = p->pairs;
	}
}

/* close_range(first, last, flags): closed, or marked close-on-exec. */
static void
close_range_fds(pid_t pid, uint64_t first, uint64_t last, uint64_t flags)
{
	struct sproc *p = *proc_slot(pid);
	struct sock *s, *next;

	if (p == NULL)
		return;
	for (s = p->socks; s != NULL; s = next) {
		next = s->pnext;
		if ((unsigned int)s->fd < (uint32_t)first ||
		    (unsigned int)s->fd > (uint32_t)last)
			continue;
		if (flags & CLOSE_RANGE_CLOEXEC)
			s->cloexec = true;
		else
			sock_del(pid, s->fd);
	}
}

/* Calls that return a new descriptor: a socket or not. */
static void
track_created(const struct call *c, const struct netcall *nc)
{
	struct sproc *p;
	struct sock *s;
	const struct sock *l;
	int fd;

	if (c->retval < 0 || c->retval > INT_MAX)
		return;
	fd = (int)c->retval;
	switch (nc->kind) {
	case NK_SOCKET:
		if ((s = sock_add(c->pid, fd, (int)c->args[0])) != NULL)
			s->cloexec = (c->args[1] & SOCK_CLOEXEC) != 0;
		break;
	case NK_ACCEPT:
		if ((l = prove(c, nc, c->args[0])) == NULL ||
		    (s = sock_add(c->pid, fd, l->family)) == NULL)
			break;
		s->connected = true;
		s->cloexec = c->narg > 3 && (c->args[3] & SOCK_CLOEXEC) != 0;
		break;
	case NK_NEWFD:
		sock_del(c->pid, fd);
		break;
	default:
		break;
	}
	/* socketpair(): two descriptors of that family, to be found. */
	if (nc->kind == NK_SOCKETPAIR && (p = proc_get(c->pid)) != NULL) {
		p->pairfamily = (int)c->args[0];
		p->pairs = 2;
	}
}

/* Calls that succeeded, of sockets only, and those that copy. */
static void
track_used(const struct call *c, const struct netcall *nc)
{
	struct sock *s;
	uint32_t cmd;
	int fd;

	switch (nc->kind) {
	case NK_BIND:
	case NK_GETSOCKNAME:
		set_local(prove(c, nc, c->args[0]), nc->sa, nc->salen);
		break;
	case NK_SOCKCALL:
	case NK_SENDTO:
	case NK_RECVFROM:
	case NK_SENDMMSG:
	case NK_RECVMMSG:
		(void)prove(c, nc, c->args[0]);
		break;
	case NK_DUP:
	case NK_DUP2:
		copy_fd(c->pid, c->args[0], c->retval, false);
		break;
	case NK_DUP3:
		copy_fd(c->pid, c->args[0], c->retval,
		    (c->args[2] & O_CLOEXEC) != 0);
		break;
	case NK_FCNTL:
		/* The command is an unsigned int. */
		cmd = (uint32_t)c->args[1];
		if (cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC)
			copy_fd(c->pid, c->args[0], c->retval,
			    cmd == F_DUPFD_CLOEXEC);
		else if (cmd == F_SETFD && netcall_fd(c->args[0], &fd) &&
		    (s = *sock_slot(c->pid, fd)) != NULL)
			s->cloexec = (c->args[2] & FD_CLOEXEC) != 0;
		break;
	default:
		break;
	}
}

/* Calls about the process: its descriptors come, go, or close. */
static void
track_process(const struct call *c, const struct netcall *nc)
{
	switch (nc->kind) {
	case NK_CLOSE_RANGE:
		close_range_fds(c->pid, c->args[0], c->args[1], c->args[2]);
		break;
	case NK_CLONE:
		if (c->args[0] & CLONE_THREAD)
			break;
		/* FALLTHROUGH */
	case NK_FORK:
		copy_process(c->pid, c->retval);
		break;
	case NK_EXEC:
		drop_process(c->pid, true);
		break;
	default:
		break;
	}
}

void
sock_track(const struct call *c, const struct netcall *nc)
{
	struct sock *s;
	int fd;

	/*
	 * A thread's records carry its process's pid: a table made for
	 * its tid was a guess (clone3() does not say thread or process).
	 */
	if (c->tid != c->pid)
		drop_process(c->tid, false);
	if (!c->entered)
		return;		/* its arguments are unknown */
	if (nc->kind == NK_CLOSE && netcall_fd(c->args[0], &fd))
		sock_del(c->pid, fd);	/* closed, even when it failed */
	else if (nc->kind == NK_EXIT)
		drop_process(c->pid, false);
	else if (nc->kind == NK_CONNECT && (nc->ok ||
	    (c->returned && c->error == EINPROGRESS)) &&
	    (s = prove(c, nc, c->args[0])) != NULL)
		s->connected = true;
	if (!nc->ok)
		return;
	track_created(c, nc);
	track_used(c, nc);
	track_process(c, nc);
}

void
sock_exit(pid_t pid)
{
	drop_process(pid, false);
}

void
sock_reset(void)
{
	struct sproc *p, *next;
	size_t i;

	for (i = 0; sock_procs != NULL && i < NPBUCKETS; i++)
		for (p = sock_procs[i]; p != NULL; p = next) {
			next = p->next;
			drop_process(p->pid, false);
		}
	free(socks);
	free(sock_procs);
	socks = NULL;
	sock_procs = NULL;
	nsocks = sock_nprocs = 0;
}
