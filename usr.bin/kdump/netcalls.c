/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The syscalls the network views look at, by name in both ABIs, and the
 * sockaddr a call recorded (its STRU record, made just before its RET):
 * kept for the call, so that calls need not hold their records.
 */
#include <sys/types.h>

#include <string.h>

#include "net.h"

#define MAXCODE		1024	/* beyond every syscall number of both ABIs */
#define NABIS		2	/* KTR_ABI_X86_64, KTR_ABI_I386 */
#define SA_MAX		128	/* sizeof(struct sockaddr_storage) */
/*
 * The sockaddrs of calls in progress, one slot a thread by its tid: a
 * STRU record is the one before its call's RET, so two threads meeting
 * in a slot between the two is rare, and costs a sockaddr, not memory.
 */
#define NSLOTS		1024

static const struct {
	const char *name;
	enum netkind kind;
} names[] = {
	{ "socket", NK_SOCKET }, { "socketpair", NK_SOCKETPAIR },
	{ "accept", NK_ACCEPT }, { "accept4", NK_ACCEPT },
	{ "connect", NK_CONNECT }, { "bind", NK_BIND },
	{ "getsockname", NK_GETSOCKNAME }, { "getpeername", NK_SOCKCALL },
	{ "listen", NK_SOCKCALL }, { "shutdown", NK_SOCKCALL },
	{ "getsockopt", NK_SOCKCALL }, { "setsockopt", NK_SOCKCALL },
	{ "write", NK_SEND }, { "writev", NK_SEND }, { "pwritev2", NK_SEND },
	{ "read", NK_RECV }, { "readv", NK_RECV }, { "preadv2", NK_RECV },
	{ "sendto", NK_SENDTO }, { "sendmsg", NK_SENDTO },
	{ "recvfrom", NK_RECVFROM }, { "recvmsg", NK_RECVFROM },
	{ "sendmmsg", NK_SENDMMSG }, { "recvmmsg", NK_RECVMMSG },
	{ "sendfile", NK_SENDFILE }, { "sendfile64", NK_SENDFILE },
	{ "splice", NK_SPLICE },
	{ "close", NK_CLOSE }, { "close_range", NK_CLOSE_RANGE },
	{ "dup", NK_DUP }, { "dup2", NK_DUP2 }, { "dup3", NK_DUP3 },
	{ "fcntl", NK_FCNTL }, { "fcntl64", NK_FCNTL },
	/* New descriptors of other kinds: a socket closed before is gone. */
	{ "open", NK_NEWFD }, { "openat", NK_NEWFD }, { "openat2", NK_NEWFD },
	{ "creat", NK_NEWFD }, { "open_by_handle_at", NK_NEWFD },
	{ "epoll_create", NK_NEWFD }, { "epoll_create1", NK_NEWFD },
	{ "eventfd", NK_NEWFD }, { "eventfd2", NK_NEWFD },
	{ "signalfd", NK_NEWFD }, { "signalfd4", NK_NEWFD },
	{ "timerfd_create", NK_NEWFD }, { "inotify_init", NK_NEWFD },
	{ "inotify_init1", NK_NEWFD }, { "fanotify_init", NK_NEWFD },
	{ "memfd_create", NK_NEWFD }, { "memfd_secret", NK_NEWFD },
	{ "userfaultfd", NK_NEWFD }, { "perf_event_open", NK_NEWFD },
	{ "pidfd_open", NK_NEWFD }, { "pidfd_getfd", NK_NEWFD },
	{ "io_uring_setup", NK_NEWFD }, { "mq_open", NK_NEWFD },
	{ "fsopen", NK_NEWFD }, { "fspick", NK_NEWFD },
	{ "fsmount", NK_NEWFD }, { "open_tree", NK_NEWFD },
	{ "landlock_create_ruleset", NK_NEWFD },
	{ "fork", NK_FORK }, { "vfork", NK_FORK }, { "clone3", NK_FORK },
	{ "clone", NK_CLONE },
	{ "execve", NK_EXEC }, { "execveat", NK_EXEC },
	{ "exit_group", NK_EXIT },
};

static unsigned char net_kinds[NABIS][MAXCODE];	/* enum netkind */
static bool looked_up;

static struct slot {
	pid_t	tid;
	uint64_t serial;	/* its call's first record; 0: no entry */
	size_t	len;		/* 0: none */
	unsigned char sa[SA_MAX];
} slots[NSLOTS];

/* The numbers once, so that a call is classified by an index. */
static void
look_up(void)
{
	size_t i;
	int abi, code;

	for (abi = 0; abi < NABIS; abi++)
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
			code = ktr_syscall_number((enum ktr_abi)abi,
			    names[i].name);
			if (code >= 0 && code < MAXCODE)
				net_kinds[abi][code] = (unsigned char)names[i].kind;
		}
	looked_up = true;
}

static enum netkind
kind_of(const struct call *c)
{
	if (!looked_up)
		look_up();
	if (c->code < 0 || c->code >= MAXCODE || (int)c->abi < 0 ||
	    (int)c->abi >= NABIS)
		return (NK_NONE);
	return ((enum netkind)net_kinds[c->abi][c->code]);
}

static struct slot *
slot_of(pid_t tid)
{
	return (&slots[(unsigned int)tid % NSLOTS]);
}

void
netcall_see(const struct ktr_record *rec)
{
	const char *name = rec->data;
	const struct call *c;
	struct slot *s;
	size_t namelen, n;
	pid_t tid = (pid_t)rec->hdr.ktr_tid;

	if (rec->hdr.ktr_type != KTR_STRUCT ||
	    strcmp(name, KTR_STRUCT_SOCKADDR) != 0)
		return;
	/* The reader checked the name is NUL-terminated in the record. */
	namelen = strlen(name) + 1;
	n = rec->len - namelen;
	if (n == 0)
		return;		/* not resident: the name alone */
	if (n > SA_MAX)
		n = SA_MAX;
	c = calls_current(tid);
	s = slot_of(tid);
	s->tid = tid;
	s->serial = c == NULL ? 0 : c->start_serial;
	s->len = n;
	memcpy(s->sa, name + namelen, n);
}

void
netcall_get(const struct call *c, struct netcall *nc)
{
	struct slot *s = slot_of(c->tid);

	memset(nc, 0, sizeof(*nc));
	nc->kind = kind_of(c);
	nc->ok = c->entered && c->returned && !c->justreturn &&
	    c->error == 0;
	/* A call whose entry was not recorded had none when its STRU came. */
	if (s->len != 0 && s->tid == c->tid &&
	    s->serial == (c->entered ? c->start_serial : 0)) {
		nc->sa = s->sa;
		nc->salen = s->len;
		s->len = 0;
	}
}

bool
netcall_fd(uint64_t arg, int *fd)
{
	/* An int argument: the kernel reads the low 32 bits. */
	int v = (int)(uint32_t)arg;

	if (v < 0)
		return (false);
	*fd = v;
	return (true);
}

void
netcall_reset(void)
{
	memset(slots, 0, sizeof(slots));
}
