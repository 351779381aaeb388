/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The network views of a trace: --net, a table of each process's socket
 * traffic (SystemTap's nettop, from syscalls rather than packets), and
 * --connections, a line for each connection made or accepted; and the
 * live tables of -l --interval, --net's or --stats'.
 */
#ifndef _KDUMP_NET_H_
#define _KDUMP_NET_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "calls.h"

/* What a syscall does with descriptors and sockets (netcalls.c). */
enum netkind {
	NK_NONE,
	NK_SOCKET,	/* socket(): a new socket of the family of arg 0 */
	NK_SOCKETPAIR,	/* two new sockets, in memory the trace lacks */
	NK_ACCEPT,	/* accept(), accept4(): a connected socket */
	NK_CONNECT,
	NK_BIND,
	NK_GETSOCKNAME,	/* its sockaddr is the socket's own address */
	NK_SOCKCALL,	/* listen(), shutdown(), getpeername(), ...: of
			   sockets only, so a success proves one */
	NK_SEND,	/* write(), writev(), pwritev2(): bytes out */
	NK_RECV,	/* read(), readv(), preadv2(): bytes in */
	NK_SENDTO,	/* sendto(), sendmsg(): bytes out, sockets only */
	NK_RECVFROM,	/* recvfrom(), recvmsg() */
	NK_SENDMMSG,	/* return messages, not bytes: calls only */
	NK_RECVMMSG,
	NK_SENDFILE,	/* bytes out to arg 0 */
	NK_SPLICE,	/* bytes from arg 0 or to arg 2, one a pipe */
	NK_CLOSE,
	NK_CLOSE_RANGE,
	NK_DUP,		/* dup(): arg 0 copied to the result */
	NK_DUP2,	/* dup2(): the same, over what was there */
	NK_DUP3,	/* dup3(): the same, with flags */
	NK_FCNTL,	/* F_DUPFD, F_DUPFD_CLOEXEC copy; F_SETFD */
	NK_NEWFD,	/* open() and the others: a new descriptor, no
			   socket */
	NK_FORK,	/* fork(), vfork(), clone3(): a new process */
	NK_CLONE,	/* clone(): a process unless CLONE_THREAD */
	NK_EXEC,	/* the close-on-exec descriptors close */
	NK_EXIT,	/* exit_group(): every descriptor closes */
};

/* A call as the network views see it. */
struct netcall {
	enum netkind kind;
	bool	ok;		/* entered, returned, and without an error */
	const unsigned char *sa; /* the sockaddr recorded in it, or NULL */
	size_t	salen;
};

/* netcalls.c */
void	netcall_see(const struct ktr_record *rec);	/* each record */
/* What c is; its sockaddr, kept until the next netcall_get(). */
void	netcall_get(const struct call *c, struct netcall *nc);
bool	netcall_fd(uint64_t arg, int *fd);	/* an int argument, >= 0 */
void	netcall_reset(void);

/* sockets.c: each process's descriptors known to be sockets. */
struct sock {
	struct sock *next;	/* in the hash chain */
	struct sock *pnext, **pprev;	/* in its process's list */
	pid_t	pid;
	int	fd;
	int	family;		/* AF_*, or -1: unknown */
	bool	cloexec;	/* closed by a successful exec */
	bool	connected;	/* connect() (or EINPROGRESS), accept() */
	unsigned char *local;	/* its own address (bind, getsockname) */
	size_t	locallen;
};

/* Every call, shown or not, before the views see it. */
void	sock_track(const struct call *c, const struct netcall *nc);
const struct sock *sock_get(pid_t pid, int fd);	/* NULL: no socket */
void	sock_exit(pid_t pid);		/* its PROCDTOR: none are left */
void	sock_reset(void);

/* netaddr.c: a sockaddr as the views print it. */
const char *netaddr_text(char *buf, size_t size, const void *sa,
	    size_t len);	/* "127.0.0.1:80", "[::1]:80", "/path" */
void	netaddr_json(const void *sa, size_t len);	/* an object, or null */
/* A family's name ("AF_INET"), or "?" for -1, or its number. */
const char *netaddr_family(char *buf, size_t size, int family);

/* net.c: --net */
void	net_count(const struct call *c, const struct netcall *nc);
void	net_lost(uint64_t count);
void	net_print(void);		/* the whole trace's tables */
void	net_print_interval(void);	/* live: the interval's, then none */
void	net_print_totals(void);		/* live: the whole trace's */
void	net_reset(void);

/* connect.c: --connections */
void	conn_start(void);		/* the header */
void	conn_print(const struct call *c, const struct netcall *nc);

/*
 * live.c: -l --interval, a table every SEC seconds of wall time while
 * the trace is written, then the totals at the end of a pipe or on
 * SIGINT.  live_run() reads the trace, each record to each(), as
 * kdump's main loop does: 0 at the end, -1 on a reader error.
 */
void	live_start(void);
int	live_run(struct ktr_reader *r, FILE *fp,
	    void (*each)(const struct ktr_record *rec));
void	live_tick(void);	/* the interval's table, now */
int	live_finish(void);	/* the last interval's, the totals: status */
/* heading.c: the heading of a table of [start, end), of the totals. */
void	interval_heading(const struct ktr_time *start,
	    const struct ktr_time *end);
void	totals_heading(void);
void	heading_reset(void);	/* a new trace: no blank line first */

#endif /* !_KDUMP_NET_H_ */
