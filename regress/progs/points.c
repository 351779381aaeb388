/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * points: every trace point recorded for a program that does the
 * matching thing, read back with the libktrace reader and checked.
 *
 *   points tracefile
 *
 * Makes a directory tracefile.d with a file, a symbolic link to this
 * program named "execd" and room for a socket, creates (truncates)
 * tracefile and forks.  The child traces itself (ktrace(2) on its own
 * pid, every point but the no-ops) and then, with known values:
 *
 *   opens the file and a missing path (NAMI, RET ENOENT); writes and
 *   reads a pipe with one buffer and with two, and the file at an
 *   offset (GENIO both ways); catches a SIGUSR1 it sends itself while
 *   SIGUSR2 is blocked (PSIG, then the RET of the handler's
 *   rt_sigreturn); binds, names, sends to, receives from and
 *   connects UDP sockets on 127.0.0.1, sends and receives a message
 *   through them, binds an AF_UNIX socket (STRUCT sockaddr, GENIO);
 *   stats the file through stat() and the stat syscall (NAMI, STRUCT
 *   stat); calls utrace() (USER); sleeps (CSW); runs a thread that calls
 *   getppid() and writes to the pipe (its own thread id); and execs the
 *   link with known arguments (ARGS, PROCCTOR, the new comm), which
 *   exits with status 7 (PROCDTOR).
 *
 * What only the child can know (thread ids, descriptors, the handler,
 * the blocked mask, socket names, its stat results) it leaves in shared
 * memory.  The parent reaps it, reads the trace and checks each record,
 * printing "ok NAME" or "FAIL NAME: expected ..., got ..." per check.
 * The UDP part needs the loopback interface up.
 *
 * Exit status: 0 when every check passed, 1 when one failed, 2 on errors.
 */
#define _GNU_SOURCE

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syscall.h>
#include <time.h>
#include <unistd.h>

#include "libktrace.h"

#define EXEC_ARG	"--exec-child"	/* argv[1] of the exec'ed program */
#define EXEC_COMM	"execd"		/* the link's name: comm after exec */
#define EXEC_STATUS	7		/* the exec'ed program's exit status */
#define COMM		"points"

#define U(x)		((uint64_t)(int64_t)(x))	/* an int argument */
#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* The bytes moved, NULs and high bytes included: lengths exclude the NUL. */
static const char wbytes[] = "pipe write\0\001\377 one buffer\n";
static const char vbytes1[] = "two ";
static const char vbytes2[] = "\0buffers\377";
static const char pbytes[] = "at offset 3\0\n";
static const char dgram1[] = "datagram\0one";
static const char mbytes1[] = "msg ";
static const char mbytes2[] = "in two\0";
static const char ubytes[] = "utrace\0\001\002 bytes";
static const char tbytes[] = "from the thread\n";
static const char fbytes[] = "a file that exists\n";
#define LEN(s)		(sizeof(s) - 1)
#define POFF		3

static char *const xargv[] = {
	EXEC_COMM, EXEC_ARG, "two words", "", "third", NULL
};
static char *const xenv[] = { NULL };

/* What the child learns and the parent checks: in shared memory. */
struct facts {
	pid_t	tid;		/* gettid() of the main thread */
	pid_t	thr_tid;	/* gettid() of the thread */
	pid_t	thr_ppid;	/* getppid() as the thread saw it */
	int	okfd;		/* the file opened */
	int	pfd[2];		/* the pipe */
	int	dfd;		/* the data file */
	int	rs, ss, us;	/* receiving, sending UDP; AF_UNIX socket */
	uint64_t handler;	/* the SIGUSR1 handler's address */
	uint64_t blocked;	/* signals blocked when SIGUSR1 came */
	int	sig, si_code;	/* what the handler was given */
	int	handled;
	struct sockaddr_in bound;	/* rs bound to this */
	struct sockaddr_in raddr;	/* rs's name, from getsockname() */
	struct sockaddr_in from;	/* recvfrom()'s source */
	socklen_t fromlen;
	struct sockaddr_un uaddr;	/* us bound to this */
	socklen_t ulen;
	struct stat st1;	/* from stat() */
	struct stat st2;	/* from the stat syscall */
	struct timespec nap;	/* how long it slept */
};

static struct facts *facts;

/* Paths, made before the fork: the same addresses in both processes. */
static char tracefile[PATH_MAX];
static char path_dir[PATH_MAX], path_file[PATH_MAX], path_missing[PATH_MAX];
static char path_data[PATH_MAX], path_sock[PATH_MAX], path_exec[PATH_MAX];

/* The child's buffers; their addresses are the CALLs' arguments. */
static char rbuf[128], vbuf1[3], vbuf2[64], pbuf[64], tbuf[64];
static char dbuf[64], mbuf1[5], mbuf2[64];
static struct iovec wiov[2], riov[2], smiov[2], rmiov[2];
static struct msghdr smsg, rmsg;

/* The records of the trace, in file order. */
struct rec {
	struct ktr_header hdr;
	bool	dropped;
	unsigned char *data;
	size_t	len;
	off_t	offset;
};
static struct rec *recs;
static long nrecs;
static int nfailed;
static pid_t cpid;		/* the traced child */

static void usage(void) __attribute__((__noreturn__));
static void failf(const char *, const char *, ...)
    __attribute__((__format__(__printf__, 2, 3)));

static void
usage(void)
{
	fprintf(stderr, "usage: points tracefile\n");
	exit(2);
}

/* ---- The child. ---- */

static void
on_usr1(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	facts->sig = sig;
	facts->si_code = si->si_code;
	facts->handled = 1;
}

static void *
worker(void *arg)
{
	(void)arg;
	facts->thr_tid = gettid();
	facts->thr_ppid = getppid();
	if (write(facts->pfd[1], tbytes, LEN(tbytes)) != (ssize_t)LEN(tbytes))
		err(2, "thread: write");
	return (NULL);
}

/* A read or write returned n: all len bytes, or die. */
static void
xio(ssize_t n, size_t len, const char *what)
{
	if (n == -1)
		err(2, "%s", what);
	if ((size_t)n != len)
		errx(2, "%s: %zd bytes, not %zu", what, n, len);
}

static void
xsame(const void *got, const void *want, size_t len, const char *what)
{
	if (memcmp(got, want, len) != 0)
		errx(2, "%s: the bytes differ", what);
}

static void
child_files(void)
{
	struct facts *f = facts;

	/* n: a path that exists, and one that does not. */
	if ((f->okfd = openat(AT_FDCWD, path_file, O_RDONLY)) == -1)
		err(2, "%s", path_file);
	if (openat(AT_FDCWD, path_missing, O_RDONLY) != -1)
		errx(2, "%s: exists", path_missing);
	if (errno != ENOENT)
		err(2, "%s: not ENOENT", path_missing);

	/* i: a pipe, one buffer each way, then two; a file at an offset. */
	if (pipe(f->pfd) == -1)
		err(2, "pipe");
	xio(write(f->pfd[1], wbytes, LEN(wbytes)), LEN(wbytes), "write");
	xio(read(f->pfd[0], rbuf, sizeof(rbuf)), LEN(wbytes), "read");
	xsame(rbuf, wbytes, LEN(wbytes), "read");
	wiov[0] = (struct iovec){ (void *)vbytes1, LEN(vbytes1) };
	wiov[1] = (struct iovec){ (void *)vbytes2, LEN(vbytes2) };
	riov[0] = (struct iovec){ vbuf1, sizeof(vbuf1) };
	riov[1] = (struct iovec){ vbuf2, sizeof(vbuf2) };
	xio(writev(f->pfd[1], wiov, 2), LEN(vbytes1) + LEN(vbytes2), "writev");
	xio(readv(f->pfd[0], riov, 2), LEN(vbytes1) + LEN(vbytes2), "readv");
	if ((f->dfd = openat(AT_FDCWD, path_data, O_RDWR | O_CREAT | O_TRUNC,
	    0600)) == -1)
		err(2, "%s", path_data);
	xio(pwrite(f->dfd, pbytes, LEN(pbytes), POFF), LEN(pbytes), "pwrite");
	xio(pread(f->dfd, pbuf, sizeof(pbuf), POFF), LEN(pbytes), "pread");
	xsame(pbuf, pbytes, LEN(pbytes), "pread");
}

static void
child_signal(void)
{
	struct sigaction sa;
	sigset_t set;

	/* s: SIGUSR1 caught while SIGUSR2 is blocked. */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	if (sigprocmask(SIG_BLOCK, &set, NULL) == -1)
		err(2, "sigprocmask");
	if (sigprocmask(SIG_BLOCK, NULL, &set) == -1)
		err(2, "sigprocmask");
	memcpy(&facts->blocked, &set, sizeof(facts->blocked));
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_usr1;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGUSR1, &sa, NULL) == -1)
		err(2, "sigaction");
	facts->handler = (uint64_t)(uintptr_t)on_usr1;
	if (kill(facts->tid, SIGUSR1) == -1)
		err(2, "kill");
	if (!facts->handled)
		errx(2, "SIGUSR1 was not caught");
}

static void
child_sockets(void)
{
	struct facts *f = facts;
	struct sockaddr_in *b = &f->bound;
	socklen_t len;

	/* t: UDP on the loopback interface. */
	if ((f->rs = socket(AF_INET, SOCK_DGRAM, 0)) == -1 ||
	    (f->ss = socket(AF_INET, SOCK_DGRAM, 0)) == -1)
		err(2, "socket");
	b->sin_family = AF_INET;
	b->sin_port = htons(0);
	b->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(f->rs, (struct sockaddr *)b, sizeof(*b)) == -1)
		err(2, "bind 127.0.0.1 (is the loopback interface up?)");
	len = sizeof(f->raddr);
	if (getsockname(f->rs, (struct sockaddr *)&f->raddr, &len) == -1)
		err(2, "getsockname");
	if (len != sizeof(f->raddr) || f->raddr.sin_port == 0)
		errx(2, "getsockname: %u bytes, port %d", len,
		    ntohs(f->raddr.sin_port));
	xio(sendto(f->ss, dgram1, LEN(dgram1), 0,
	    (struct sockaddr *)&f->raddr, sizeof(f->raddr)), LEN(dgram1),
	    "sendto");
	f->fromlen = sizeof(f->from);
	xio(recvfrom(f->rs, dbuf, sizeof(dbuf), 0,
	    (struct sockaddr *)&f->from, &f->fromlen), LEN(dgram1),
	    "recvfrom");
	xsame(dbuf, dgram1, LEN(dgram1), "recvfrom");
	if (connect(f->ss, (struct sockaddr *)&f->raddr,
	    sizeof(f->raddr)) == -1)
		err(2, "connect");
	smiov[0] = (struct iovec){ (void *)mbytes1, LEN(mbytes1) };
	smiov[1] = (struct iovec){ (void *)mbytes2, LEN(mbytes2) };
	smsg.msg_iov = smiov;
	smsg.msg_iovlen = 2;
	rmiov[0] = (struct iovec){ mbuf1, sizeof(mbuf1) };
	rmiov[1] = (struct iovec){ mbuf2, sizeof(mbuf2) };
	rmsg.msg_iov = rmiov;
	rmsg.msg_iovlen = 2;
	xio(sendmsg(f->ss, &smsg, 0), LEN(mbytes1) + LEN(mbytes2), "sendmsg");
	xio(recvmsg(f->rs, &rmsg, 0), LEN(mbytes1) + LEN(mbytes2), "recvmsg");

	/* An AF_UNIX name. */
	if ((f->us = socket(AF_UNIX, SOCK_DGRAM, 0)) == -1)
		err(2, "socket");
	f->uaddr.sun_family = AF_UNIX;
	if (strlcpy(f->uaddr.sun_path, path_sock, sizeof(f->uaddr.sun_path)) >=
	    sizeof(f->uaddr.sun_path))
		errx(2, "%s: too long for a socket name", path_sock);
	f->ulen = offsetof(struct sockaddr_un, sun_path) +
	    strlen(f->uaddr.sun_path) + 1;
	if (bind(f->us, (struct sockaddr *)&f->uaddr, f->ulen) == -1)
		err(2, "bind %s", path_sock);
}

static void __attribute__((__noreturn__))
child(void)
{
	struct facts *f = facts;
	pthread_t t;
	int e;

	if (ktrace(tracefile, KTROP_SET, KTRFAC_SYSCALL | KTRFAC_SYSRET |
	    KTRFAC_NAMEI | KTRFAC_GENIO | KTRFAC_PSIG | KTRFAC_CSW |
	    KTRFAC_USER | KTRFAC_STRUCT | KTRFAC_ARGS | KTR_PROC_ABI_POINTS,
	    getpid()) == -1)
		err(2, "ktrace %s", tracefile);
	f->tid = gettid();

	child_files();
	child_signal();
	child_sockets();

	/* t, n: stat() (newfstatat) and the stat syscall itself. */
	if (stat(path_file, &f->st1) == -1)
		err(2, "stat %s", path_file);
	if (syscall(SYS_stat, path_file, &f->st2) == -1)
		err(2, "stat syscall %s", path_file);

	/* u */
	if (utrace(ubytes, LEN(ubytes)) == -1)
		err(2, "utrace");

	/* w: a sleep long enough to stop and resume. */
	f->nap = (struct timespec){ 0, 20 * 1000 * 1000 };
	if ((e = clock_nanosleep(CLOCK_MONOTONIC, 0, &f->nap, NULL)) != 0)
		errc(2, e, "clock_nanosleep");

	/* A thread: its own records, under its own id. */
	if ((e = pthread_create(&t, NULL, worker, NULL)) != 0)
		errc(2, e, "pthread_create");
	if ((e = pthread_join(t, NULL)) != 0)
		errc(2, e, "pthread_join");
	xio(read(f->pfd[0], tbuf, sizeof(tbuf)), LEN(tbytes), "read");
	xsame(tbuf, tbytes, LEN(tbytes), "read");

	/* c: exec with known arguments; EXEC_ARG makes it exit at once. */
	execve(path_exec, xargv, xenv);
	err(2, "execve %s", path_exec);
}

/* ---- The parent: reading and checking. ---- */

static void
pass(const char *name)
{
	printf("ok %s\n", name);
}

static void
failf(const char *name, const char *fmt, ...)
{
	va_list ap;

	printf("FAIL %s: ", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	nfailed++;
}

/* Bytes as C string text, for messages; a few buffers in rotation. */
static const char *
show(const void *p, size_t len)
{
	static char bufs[4][256];
	static int next;
	const unsigned char *s = p;
	char *b = bufs[next++ % 4], *o = b;
	size_t i;

	*o++ = '"';
	for (i = 0; i < len && o < b + sizeof(bufs[0]) - 8; i++) {
		if (s[i] == '\n')
			o += sprintf(o, "\\n");
		else if (s[i] == '"' || s[i] == '\\')
			o += sprintf(o, "\\%c", s[i]);
		else if (s[i] >= 0x20 && s[i] < 0x7f)
			*o++ = (char)s[i];
		else
			o += sprintf(o, "\\%03o", s[i]);
	}
	if (i < len)
		o += sprintf(o, "...");
	*o++ = '"';
	*o = '\0';
	return (b);
}

static const char *
typename(int type)
{
	static const char *names[] = {
		[KTR_SYSCALL] = "CALL", [KTR_SYSRET] = "RET",
		[KTR_NAMEI] = "NAMI", [KTR_GENIO] = "GIO", [KTR_PSIG] = "PSIG",
		[KTR_CSW] = "CSW", [KTR_USER] = "USER", [KTR_STRUCT] = "STRU",
		[KTR_PROCCTOR] = "PCTR", [KTR_PROCDTOR] = "PDTR",
		[KTR_ARGS] = "ARGS",
	};

	if (type == KTR_LOST)
		return ("LOST");
	if (type > 0 && (size_t)type < NELEM(names) && names[type] != NULL)
		return (names[type]);
	return ("type?");
}

/* A syscall's name, or its number as kdump shows an unknown one. */
static const char *
scname(int code)
{
	static char bufs[4][16];
	static int next;
	const char *s = ktr_syscall_name(KTR_ABI_X86_64, code);
	char *b;

	if (s != NULL)
		return (s);
	b = bufs[next++ % 4];
	snprintf(b, sizeof(bufs[0]), "[%d]", code);
	return (b);
}

/* A record, for messages. */
static const char *
describe(long i)
{
	static char bufs[4][160];
	static int next;
	const struct rec *r;
	char *b = bufs[next++ % 4];

	if (i < 0)
		return ("none");
	r = &recs[i];
	if (r->hdr.ktr_type == KTR_SYSCALL || r->hdr.ktr_type == KTR_SYSRET)
		snprintf(b, sizeof(bufs[0]), "%s %s at offset %jd (pid %d "
		    "tid %jd comm \"%s\")", typename(r->hdr.ktr_type),
		    scname(*(const int16_t *)r->data), (intmax_t)r->offset,
		    r->hdr.ktr_pid, (intmax_t)r->hdr.ktr_tid, r->hdr.ktr_comm);
	else
		snprintf(b, sizeof(bufs[0]), "%s at offset %jd (pid %d tid %jd "
		    "comm \"%s\")", typename(r->hdr.ktr_type),
		    (intmax_t)r->offset, r->hdr.ktr_pid,
		    (intmax_t)r->hdr.ktr_tid, r->hdr.ktr_comm);
	return (b);
}

/* A struct sockaddr, for messages. */
static const char *
sockaddr_text(const void *p, size_t len)
{
	static char bufs[2][200];
	static int next;
	char *b = bufs[next++ % 2], a[INET_ADDRSTRLEN];
	struct sockaddr_storage ss;
	const struct sockaddr_in *sin = (const struct sockaddr_in *)&ss;
	const struct sockaddr_un *sun = (const struct sockaddr_un *)&ss;

	memset(&ss, 0, sizeof(ss));
	memcpy(&ss, p, len < sizeof(ss) ? len : sizeof(ss));
	if (len >= sizeof(*sin) && ss.ss_family == AF_INET)
		snprintf(b, sizeof(bufs[0]), "AF_INET %s:%d (%zu bytes)",
		    inet_ntop(AF_INET, &sin->sin_addr, a, sizeof(a)),
		    ntohs(sin->sin_port), len);
	else if (len > offsetof(struct sockaddr_un, sun_path) &&
	    ss.ss_family == AF_UNIX)
		snprintf(b, sizeof(bufs[0]), "AF_UNIX %s (%zu bytes)",
		    show(sun->sun_path, strnlen(sun->sun_path,
		    len - offsetof(struct sockaddr_un, sun_path))), len);
	else if (len >= sizeof(ss.ss_family))
		snprintf(b, sizeof(bufs[0]), "family %d (%zu bytes)",
		    ss.ss_family, len);
	else
		snprintf(b, sizeof(bufs[0]), "%zu bytes", len);
	return (b);
}

static void
load(const char *path)
{
	struct ktr_reader *r;
	struct ktr_record rec;
	long cap = 0;
	FILE *fp;
	int rv;

	if ((fp = fopen(path, "r")) == NULL)
		err(2, "%s", path);
	if ((r = ktr_reader_open(fp, path, 0)) == NULL)
		err(2, "ktr_reader_open");
	while ((rv = ktr_next(r, &rec)) == 1) {
		if (nrecs == cap) {
			cap = cap ? cap * 2 : 1024;
			if ((recs = reallocarray(recs, cap,
			    sizeof(*recs))) == NULL)
				err(2, NULL);
		}
		recs[nrecs].hdr = rec.hdr;
		recs[nrecs].dropped = rec.dropped;
		recs[nrecs].len = rec.len;
		recs[nrecs].offset = rec.offset;
		if ((recs[nrecs].data = malloc(rec.len + 1)) == NULL)
			err(2, NULL);
		memcpy(recs[nrecs].data, rec.data, rec.len + 1);
		nrecs++;
	}
	if (rv == -1)
		failf("records-read", "expected a whole trace, got %s after "
		    "%ld records", ktr_reader_error(r), nrecs);
	else if (nrecs == 0)
		failf("records-read", "expected records, got an empty file");
	else
		pass("records-read");
	ktr_reader_close(r);
	(void)fclose(fp);
}

/* Index of the first record of thread tid and type in [from, to), or -1. */
static long
find(long from, long to, pid_t tid, int type)
{
	long i;

	for (i = from < 0 ? 0 : from; i < to && i < nrecs; i++)
		if (recs[i].hdr.ktr_tid == tid && recs[i].hdr.ktr_type == type)
			return (i);
	return (-1);
}

static long
count(long from, long to, pid_t tid, int type)
{
	long i, n = 0;

	for (i = from; i < to && i < nrecs; i++)
		if (recs[i].hdr.ktr_tid == tid && recs[i].hdr.ktr_type == type)
			n++;
	return (n);
}

static const struct ktr_syscall *
sc(long i)
{
	return ((const struct ktr_syscall *)recs[i].data);
}

static const struct ktr_sysret *
sr(long i)
{
	return ((const struct ktr_sysret *)recs[i].data);
}

/*
 * An argument register holds the value wanted.  For int arguments only
 * the low 32 bits count: the upper ones are zero or the sign, as the
 * C library loaded the register.
 */
static bool
arg_is(uint64_t reg, uint64_t want)
{
	if ((int64_t)want == (int32_t)want)
		return ((uint32_t)reg == (uint32_t)want);
	return (reg == want);
}

/* The first CALL of code by tid whose first nmatch arguments are these. */
static long
find_call(pid_t tid, int code, size_t nmatch, const uint64_t *match)
{
	long i;
	size_t j;

	for (i = 0; (i = find(i, nrecs, tid, KTR_SYSCALL)) != -1; i++) {
		if (sc(i)->ktr_code != code || sc(i)->ktr_narg < (int)nmatch)
			continue;
		for (j = 0; j < nmatch; j++)
			if (!arg_is(sc(i)->ktr_args[j], match[j]))
				break;
		if (j == nmatch)
			return (i);
	}
	return (-1);
}

/* The thread's next CALL or RET after index i, or -1. */
static long
next_sys(long i)
{
	pid_t tid = recs[i].hdr.ktr_tid;

	for (i++; i < nrecs; i++)
		if (recs[i].hdr.ktr_tid == tid &&
		    (recs[i].hdr.ktr_type == KTR_SYSCALL ||
		    recs[i].hdr.ktr_type == KTR_SYSRET))
			return (i);
	return (-1);
}

struct span {
	long	call, ret;	/* the CALL and its RET */
};

/*
 * The CALL of code by tid with these first arguments and the RET that
 * ends it: the thread's next CALL or RET record.  Reports and returns
 * false when either is missing.
 */
static bool
get_span(const char *name, pid_t tid, int code, size_t nmatch,
    const uint64_t *match, struct span *s)
{
	char args[200];
	size_t j;
	int n = 0;

	s->call = find_call(tid, code, nmatch, match);
	if (s->call == -1) {
		args[0] = '\0';
		for (j = 0; j < nmatch; j++)
			n += snprintf(args + n, sizeof(args) - n, "%s%#jx",
			    j ? "," : "", (uintmax_t)match[j]);
		failf(name, "expected CALL %s(%s%s) by thread %d, got none",
		    scname(code), args, nmatch == KTR_SYSCALL_MAXARGS ? "" :
		    nmatch > 0 ? ",..." : "...", (int)tid);
		return (false);
	}
	s->ret = next_sys(s->call);
	if (s->ret == -1 || recs[s->ret].hdr.ktr_type != KTR_SYSRET ||
	    sr(s->ret)->ktr_code != code) {
		failf(name, "expected RET %s after %s, got %s", scname(code),
		    describe(s->call), describe(s->ret));
		return (false);
	}
	return (true);
}

/* The RET of span s says retval and no error. */
static bool
ret_is(const char *name, const struct span *s, int64_t retval)
{
	const struct ktr_sysret *r = sr(s->ret);

	if (r->ktr_error != 0 || r->ktr_retval != retval) {
		failf(name, "expected RET %s %jd, got error %d retval %jd",
		    scname(r->ktr_code), (intmax_t)retval, r->ktr_error,
		    (intmax_t)r->ktr_retval);
		return (false);
	}
	return (true);
}

/* The one record of type in span s, or -1 after reporting. */
static long
one_in(const char *name, const struct span *s, int type)
{
	pid_t tid = recs[s->call].hdr.ktr_tid;
	long n = count(s->call + 1, s->ret, tid, type);

	if (n != 1) {
		failf(name, "expected one %s between %s and its RET, got %ld",
		    typename(type), describe(s->call), n);
		return (-1);
	}
	return (find(s->call + 1, s->ret, tid, type));
}

/* NAMI in span s: exactly path. */
static bool
namei_is(const char *name, const struct span *s, const char *path)
{
	long i;

	if ((i = one_in(name, s, KTR_NAMEI)) == -1)
		return (false);
	if (recs[i].len != strlen(path) ||
	    memcmp(recs[i].data, path, recs[i].len) != 0) {
		failf(name, "expected NAMI %s, got %s", show(path,
		    strlen(path)), show(recs[i].data, recs[i].len));
		return (false);
	}
	return (true);
}

/* GENIO in span s: fd, direction and exactly the bytes. */
static bool
genio_is(const char *name, const struct span *s, int fd, int rw,
    const void *data, size_t len)
{
	const struct ktr_genio *g;
	long i;

	if ((i = one_in(name, s, KTR_GENIO)) == -1)
		return (false);
	g = (const struct ktr_genio *)recs[i].data;
	if (g->ktr_fd != fd || g->ktr_rw != rw ||
	    recs[i].len != sizeof(*g) + len ||
	    memcmp(g + 1, data, len) != 0) {
		failf(name, "expected GIO fd %d %s %s, got fd %d %s %s", fd,
		    rw == KTR_UIO_READ ? "read" : "wrote", show(data, len),
		    g->ktr_fd, g->ktr_rw == KTR_UIO_READ ? "read" :
		    g->ktr_rw == KTR_UIO_WRITE ? "wrote" : "rw?",
		    show(g + 1, recs[i].len - sizeof(*g)));
		return (false);
	}
	return (true);
}

/* STRUCT in span s: the name sname, then exactly the bytes. */
static bool
struct_is(const char *name, const struct span *s, const char *sname,
    const void *data, size_t len)
{
	size_t nlen = strlen(sname) + 1;
	const struct rec *r;
	long i;

	if ((i = one_in(name, s, KTR_STRUCT)) == -1)
		return (false);
	r = &recs[i];
	if (r->len < nlen || memcmp(r->data, sname, nlen) != 0) {
		failf(name, "expected STRU %s, got STRU %s", sname,
		    show(r->data, strnlen((const char *)r->data, r->len)));
		return (false);
	}
	if (r->len != nlen + len || memcmp(r->data + nlen, data, len) != 0) {
		if (strcmp(sname, KTR_STRUCT_SOCKADDR) == 0)
			failf(name, "expected sockaddr %s %s, got %s %s",
			    sockaddr_text(data, len), show(data, len),
			    sockaddr_text(r->data + nlen, r->len - nlen),
			    show(r->data + nlen, r->len - nlen));
		else
			failf(name, "expected STRU %s of %zu bytes as the "
			    "child got them, got %zu differing bytes", sname,
			    len, r->len - nlen);
		return (false);
	}
	return (true);
}

/* A read or write of len bytes of data through fd, its arg 1 buf. */
static void
check_genio(const char *name, pid_t tid, int code, int fd, const void *buf,
    int rw, const void *data, size_t len)
{
	uint64_t m[] = { U(fd), (uintptr_t)buf };
	struct span s;

	if (get_span(name, tid, code, NELEM(m), m, &s) &&
	    ret_is(name, &s, (int64_t)len) &&
	    genio_is(name, &s, fd, rw, data, len))
		pass(name);
}

/* A sockaddr the call at (code, fd, arg1) took or gave. */
static void
check_sockaddr(const char *name, int code, int fd, const void *arg1,
    const void *sa, size_t len)
{
	uint64_t m[] = { U(fd), (uintptr_t)arg1 };
	struct span s;

	if (get_span(name, facts->tid, code, NELEM(m), m, &s) &&
	    struct_is(name, &s, KTR_STRUCT_SOCKADDR, sa, len))
		pass(name);
}

/* Every record is the child's, of its two threads. */
static void
check_records_ids(void)
{
	long i;
	bool ok;

	for (ok = true, i = 0; i < nrecs && ok; i++)
		if (recs[i].hdr.ktr_pid != cpid) {
			failf("records-pid", "expected pid %d, got %s",
			    (int)cpid, describe(i));
			ok = false;
		}
	if (ok)
		pass("records-pid");

	ok = true;
	if (facts->tid != cpid) {
		failf("records-tid", "expected the main thread's id %d to be "
		    "the pid, got %d", (int)facts->tid, (int)cpid);
		ok = false;
	}
	for (i = 0; i < nrecs && ok; i++)
		if (recs[i].hdr.ktr_tid != facts->tid &&
		    recs[i].hdr.ktr_tid != facts->thr_tid) {
			failf("records-tid", "expected thread %d or %d, got %s",
			    (int)facts->tid, (int)facts->thr_tid,
			    describe(i));
			ok = false;
		}
	if (ok)
		pass("records-tid");
}

/*
 * "points" up to the CALL of execve, "execd" from the PROCCTOR that
 * exec makes; in between, while exec runs, the name changes.  The
 * thread is always "points".
 */
static void
check_records_comm(void)
{
	long i, exec_call, exec_ctor = -1;
	uint64_t m[] = { (uintptr_t)path_exec };
	const char *want;
	bool ok;

	exec_call = find_call(facts->tid, SYS_execve, NELEM(m), m);
	if (exec_call != -1)
		exec_ctor = find(exec_call, nrecs, facts->tid, KTR_PROCCTOR);
	for (ok = true, i = 0; i < nrecs && ok; i++) {
		if (recs[i].hdr.ktr_tid == facts->tid && exec_ctor != -1 &&
		    i >= exec_ctor)
			want = EXEC_COMM;
		else if (recs[i].hdr.ktr_tid == facts->tid &&
		    exec_call != -1 && i > exec_call)
			continue;
		else
			want = COMM;
		if (strcmp(recs[i].hdr.ktr_comm, want) != 0) {
			failf("records-comm", "expected comm \"%s\", got %s",
			    want, describe(i));
			ok = false;
		}
	}
	if (ok && (exec_call == -1 || exec_ctor == -1)) {
		failf("records-comm", "expected CALL execve and an exec "
		    "PROCCTOR to tell \"%s\" from \"%s\", got %s and %s", COMM,
		    EXEC_COMM, describe(exec_call), describe(exec_ctor));
		ok = false;
	}
	if (ok)
		pass("records-comm");
}

/* The trace starts with the PROCCTOR of the SET (CSW aside). */
static void
check_procctor(void)
{
	long i, first = -1;

	for (i = 0; i < nrecs; i++)
		if (recs[i].hdr.ktr_type != KTR_CSW) {
			first = i;
			break;
		}
	if (first == -1 || recs[first].hdr.ktr_type != KTR_PROCCTOR ||
	    recs[first].hdr.ktr_tid != facts->tid ||
	    ((const struct ktr_proc_ctor *)recs[first].data)->sv_flags !=
	    (KTR_SV_ABI_LINUX | KTR_SV_LP64))
		failf("procctor", "expected PCTR of thread %d, sv_flags %#x, "
		    "first, got %s sv_flags %#x", (int)facts->tid,
		    KTR_SV_ABI_LINUX | KTR_SV_LP64, describe(first),
		    first != -1 && recs[first].hdr.ktr_type == KTR_PROCCTOR ?
		    ((const struct ktr_proc_ctor *)recs[first].data)->sv_flags :
		    0);
	else
		pass("procctor");
}

/* Every record: the child's pid, one of its threads, the right comm. */
static void
check_records(void)
{
	long i;
	bool ok;

	check_records_ids();
	check_records_comm();
	for (ok = true, i = 0; i < nrecs && ok; i++)
		if (recs[i].hdr.ktr_type == KTR_LOST || recs[i].dropped) {
			failf("records-lost", "expected no losses, got %s%s",
			    describe(i), recs[i].dropped ? " flagged" : "");
			ok = false;
		}
	if (ok)
		pass("records-lost");
	check_procctor();
}

static void
check_open(void)
{
	uint64_t ok[] = { U(AT_FDCWD), (uintptr_t)path_file, U(O_RDONLY) };
	uint64_t missing[] = { U(AT_FDCWD), (uintptr_t)path_missing,
	    U(O_RDONLY) };
	struct span s;

	if (get_span("namei-open", facts->tid, SYS_openat, NELEM(ok), ok,
	    &s) && namei_is("namei-open", &s, path_file))
		pass("namei-open");
	if (get_span("ret-open", facts->tid, SYS_openat, NELEM(ok), ok, &s) &&
	    ret_is("ret-open", &s, facts->okfd))
		pass("ret-open");
	if (get_span("namei-enoent", facts->tid, SYS_openat, NELEM(missing),
	    missing, &s) && namei_is("namei-enoent", &s, path_missing))
		pass("namei-enoent");
	if (get_span("ret-enoent", facts->tid, SYS_openat, NELEM(missing),
	    missing, &s)) {
		if (sr(s.ret)->ktr_error != ENOENT ||
		    sr(s.ret)->ktr_retval != 0)
			failf("ret-enoent", "expected RET openat error %d "
			    "(ENOENT) retval 0, got error %d retval %jd",
			    ENOENT, sr(s.ret)->ktr_error,
			    (intmax_t)sr(s.ret)->ktr_retval);
		else
			pass("ret-enoent");
	}
}

static void
check_genios(void)
{
	char v[sizeof(vbytes1) + sizeof(vbytes2)], m[64];
	uint64_t pw[] = { U(facts->dfd), (uintptr_t)pbytes, LEN(pbytes),
	    POFF };
	uint64_t pr[] = { U(facts->dfd), (uintptr_t)pbuf, sizeof(pbuf), POFF };
	pid_t tid = facts->tid;
	struct span s;

	check_genio("genio-write", tid, SYS_write, facts->pfd[1], wbytes,
	    KTR_UIO_WRITE, wbytes, LEN(wbytes));
	check_genio("genio-read", tid, SYS_read, facts->pfd[0], rbuf,
	    KTR_UIO_READ, wbytes, LEN(wbytes));
	memcpy(v, vbytes1, LEN(vbytes1));
	memcpy(v + LEN(vbytes1), vbytes2, LEN(vbytes2));
	check_genio("genio-writev", tid, SYS_writev, facts->pfd[1], wiov,
	    KTR_UIO_WRITE, v, LEN(vbytes1) + LEN(vbytes2));
	check_genio("genio-readv", tid, SYS_readv, facts->pfd[0], riov,
	    KTR_UIO_READ, v, LEN(vbytes1) + LEN(vbytes2));
	if (get_span("genio-pwrite", tid, SYS_pwrite64, NELEM(pw), pw, &s) &&
	    ret_is("genio-pwrite", &s, LEN(pbytes)) &&
	    genio_is("genio-pwrite", &s, facts->dfd, KTR_UIO_WRITE, pbytes,
	    LEN(pbytes)))
		pass("genio-pwrite");
	if (get_span("genio-pread", tid, SYS_pread64, NELEM(pr), pr, &s) &&
	    ret_is("genio-pread", &s, LEN(pbytes)) &&
	    genio_is("genio-pread", &s, facts->dfd, KTR_UIO_READ, pbytes,
	    LEN(pbytes)))
		pass("genio-pread");
	check_genio("genio-sendto", tid, SYS_sendto, facts->ss, dgram1,
	    KTR_UIO_WRITE, dgram1, LEN(dgram1));
	check_genio("genio-recvfrom", tid, SYS_recvfrom, facts->rs, dbuf,
	    KTR_UIO_READ, dgram1, LEN(dgram1));
	memcpy(m, mbytes1, LEN(mbytes1));
	memcpy(m + LEN(mbytes1), mbytes2, LEN(mbytes2));
	check_genio("genio-sendmsg", tid, SYS_sendmsg, facts->ss, &smsg,
	    KTR_UIO_WRITE, m, LEN(mbytes1) + LEN(mbytes2));
	check_genio("genio-recvmsg", tid, SYS_recvmsg, facts->rs, &rmsg,
	    KTR_UIO_READ, m, LEN(mbytes1) + LEN(mbytes2));
}

static void
check_psig(void)
{
	uint64_t m[] = { U(facts->tid), U(SIGUSR1) };
	const struct ktr_psig *p;
	struct span s;
	long c, i, r;

	if (!facts->handled || facts->sig != SIGUSR1) {
		failf("psig", "expected the child's handler to get SIGUSR1, "
		    "got %d", facts->handled ? facts->sig : 0);
		return;
	}
	if (!get_span("psig", facts->tid, SYS_kill, NELEM(m), m, &s) ||
	    !ret_is("psig", &s, 0))
		return;
	/* Delivered on the way out of kill(): before anything else. */
	for (i = s.ret + 1; i < nrecs; i++)
		if (recs[i].hdr.ktr_tid == facts->tid &&
		    recs[i].hdr.ktr_type != KTR_CSW)
			break;
	if (i == nrecs || recs[i].hdr.ktr_type != KTR_PSIG) {
		failf("psig", "expected PSIG right after %s, got %s",
		    describe(s.ret), describe(i == nrecs ? -1 : i));
		return;
	}
	p = (const struct ktr_psig *)recs[i].data;
	if (p->signo != SIGUSR1 || p->action != facts->handler ||
	    p->code != facts->si_code ||
	    p->mask[0] != (uint32_t)facts->blocked ||
	    p->mask[1] != (uint32_t)(facts->blocked >> 32) ||
	    p->mask[2] != 0 || p->mask[3] != 0)
		failf("psig", "expected signo %d action %#jx code %d mask "
		    "%#jx, got signo %d action %#jx code %d mask %#x %#x %#x "
		    "%#x", SIGUSR1, (uintmax_t)facts->handler, facts->si_code,
		    (uintmax_t)facts->blocked, p->signo, (uintmax_t)p->action,
		    p->code, p->mask[0], p->mask[1], p->mask[2], p->mask[3]);
	else
		pass("psig");

	/*
	 * The handler makes no call: the next is its return through
	 * rt_sigreturn.  Restoring the registers erases the call's number,
	 * so its RET carries -1 and no result (KTR_EJUSTRETURN), as
	 * FreeBSD's sigreturn RET says JUSTRETURN.
	 */
	c = find(i, nrecs, facts->tid, KTR_SYSCALL);
	if (c == -1 || sc(c)->ktr_code != SYS_rt_sigreturn) {
		failf("sigreturn", "expected CALL rt_sigreturn after PSIG, "
		    "got %s", describe(c));
		return;
	}
	r = next_sys(c);
	if (r == -1 || recs[r].hdr.ktr_type != KTR_SYSRET ||
	    sr(r)->ktr_code != -1 || sr(r)->ktr_error != KTR_EJUSTRETURN ||
	    sr(r)->ktr_retval != 0)
		failf("sigreturn", "expected RET -1 JUSTRETURN "
		    "after %s, got %s%s", describe(c),
		    describe(r), r != -1 && recs[r].hdr.ktr_type ==
		    KTR_SYSRET ? "" : " (no RET)");
	else
		pass("sigreturn");
}

static void
check_sockaddrs(void)
{
	uint64_t gs[] = { U(facts->rs), (uintptr_t)&facts->raddr };
	uint64_t st[] = { U(facts->ss), (uintptr_t)dgram1, LEN(dgram1), 0,
	    (uintptr_t)&facts->raddr, sizeof(facts->raddr) };
	uint64_t rf[] = { U(facts->rs), (uintptr_t)dbuf, sizeof(dbuf), 0,
	    (uintptr_t)&facts->from, (uintptr_t)&facts->fromlen };
	struct span s;

	check_sockaddr("sockaddr-bind", SYS_bind, facts->rs, &facts->bound,
	    &facts->bound, sizeof(facts->bound));
	if (get_span("sockaddr-getsockname", facts->tid, SYS_getsockname,
	    NELEM(gs), gs, &s) && ret_is("sockaddr-getsockname", &s, 0) &&
	    struct_is("sockaddr-getsockname", &s, KTR_STRUCT_SOCKADDR,
	    &facts->raddr, sizeof(facts->raddr)))
		pass("sockaddr-getsockname");
	if (get_span("sockaddr-sendto", facts->tid, SYS_sendto, NELEM(st), st,
	    &s) && struct_is("sockaddr-sendto", &s, KTR_STRUCT_SOCKADDR,
	    &facts->raddr, sizeof(facts->raddr)))
		pass("sockaddr-sendto");
	if (get_span("sockaddr-recvfrom", facts->tid, SYS_recvfrom, NELEM(rf),
	    rf, &s) && struct_is("sockaddr-recvfrom", &s, KTR_STRUCT_SOCKADDR,
	    &facts->from, facts->fromlen))
		pass("sockaddr-recvfrom");
	check_sockaddr("sockaddr-connect", SYS_connect, facts->ss,
	    &facts->raddr, &facts->raddr, sizeof(facts->raddr));
	check_sockaddr("sockaddr-unix", SYS_bind, facts->us, &facts->uaddr,
	    &facts->uaddr, facts->ulen);
}

static void
check_stat(const char *name, const struct stat *pst, int code,
    size_t nmatch, const uint64_t *m, const struct stat *st)
{
	const struct stat *rst;
	struct span s;
	long i;

	if (!get_span(name, facts->tid, code, nmatch, m, &s) ||
	    !ret_is(name, &s, 0) || !namei_is(name, &s, path_file) ||
	    !struct_is(name, &s, KTR_STRUCT_STAT, st, sizeof(*st)))
		return;
	i = find(s.call + 1, s.ret, facts->tid, KTR_STRUCT);
	rst = (const struct stat *)(recs[i].data + sizeof(KTR_STRUCT_STAT));
	if (rst->st_ino != pst->st_ino || rst->st_dev != pst->st_dev)
		failf(name, "expected st_dev %#jx st_ino %ju as the parent's "
		    "stat() says, got st_dev %#jx st_ino %ju",
		    (uintmax_t)pst->st_dev, (uintmax_t)pst->st_ino,
		    (uintmax_t)rst->st_dev, (uintmax_t)rst->st_ino);
	else
		pass(name);
}

static void
check_stats(const struct stat *pst)
{
	uint64_t fa[] = { U(AT_FDCWD), (uintptr_t)path_file,
	    (uintptr_t)&facts->st1 };
	uint64_t sa[] = { (uintptr_t)path_file, (uintptr_t)&facts->st2 };

	check_stat("stat-newfstatat", pst, SYS_newfstatat, NELEM(fa), fa,
	    &facts->st1);
	check_stat("stat-stat", pst, SYS_stat, NELEM(sa), sa, &facts->st2);
}

static void
check_user(void)
{
	uint64_t m[] = { 0, KTRIOC_UTRACE };
	const struct rec *r;
	struct span s;
	long i;

	/* utrace()'s ioctl on its own descriptor: match by request. */
	for (i = 0; (i = find(i, nrecs, facts->tid, KTR_SYSCALL)) != -1; i++)
		if (sc(i)->ktr_code == SYS_ioctl &&
		    sc(i)->ktr_args[1] == KTRIOC_UTRACE) {
			m[0] = sc(i)->ktr_args[0];
			break;
		}
	if (!get_span("user", facts->tid, SYS_ioctl, NELEM(m), m, &s) ||
	    !ret_is("user", &s, 0) || (i = one_in("user", &s, KTR_USER)) == -1)
		return;
	r = &recs[i];
	if (r->len != LEN(ubytes) || memcmp(r->data, ubytes, r->len) != 0)
		failf("user", "expected USER %s, got %s",
		    show(ubytes, LEN(ubytes)), show(r->data, r->len));
	else
		pass("user");
}

static void
check_csw(void)
{
	uint64_t m[] = { CLOCK_MONOTONIC, 0, (uintptr_t)&facts->nap };
	const struct ktr_csw *c;
	struct span s;
	long i, stop = -1, resume = -1;

	if (!get_span("csw-sleep", facts->tid, SYS_clock_nanosleep,
	    NELEM(m), m, &s) || !ret_is("csw-sleep", &s, 0))
		return;
	for (i = s.call + 1; i < s.ret; i++) {
		if (recs[i].hdr.ktr_tid != facts->tid ||
		    recs[i].hdr.ktr_type != KTR_CSW)
			continue;
		if (recs[i].len != sizeof(*c)) {
			failf("csw-sleep", "expected CSW of %zu bytes, got %s "
			    "of %zu", sizeof(*c), describe(i), recs[i].len);
			return;
		}
		c = (const struct ktr_csw *)recs[i].data;
		if (stop == -1 && c->out == 1 && c->user == 0 &&
		    strncmp(c->wmesg, "sleep", sizeof(c->wmesg)) == 0)
			stop = i;
		else if (stop != -1 && c->out == 0) {
			resume = i;
			if (c->user != 0 || memcmp(c->wmesg,
			    "\0\0\0\0\0\0\0\0", sizeof(c->wmesg)) != 0) {
				failf("csw-sleep", "expected CSW resume user 0 "
				    "and no wait message, got user %d %s",
				    c->user, show(c->wmesg, sizeof(c->wmesg)));
				return;
			}
			break;
		}
	}
	if (stop == -1 || resume == -1)
		failf("csw-sleep", "expected CSW stop kernel \"sleep\", then "
		    "CSW resume, inside %s, got %s and %s", describe(s.call),
		    describe(stop), describe(resume));
	else
		pass("csw-sleep");
}

static void
check_thread(void)
{
	uint64_t w[] = { U(facts->pfd[1]), (uintptr_t)tbytes, LEN(tbytes) };
	pid_t tid = facts->thr_tid;
	struct span s;
	long i;

	/* The clone that made it returned its id to the main thread. */
	for (i = 0; (i = find(i, nrecs, facts->tid, KTR_SYSRET)) != -1; i++)
		if ((sr(i)->ktr_code == SYS_clone3 ||
		    sr(i)->ktr_code == SYS_clone) && sr(i)->ktr_error == 0 &&
		    sr(i)->ktr_retval == tid)
			break;
	if (tid == facts->tid || tid <= 0)
		failf("thread-tid", "expected a thread id other than the pid "
		    "%d, got %d", (int)facts->tid, (int)tid);
	else if (i == -1)
		failf("thread-tid", "expected RET clone3 %d in thread %d, got "
		    "none", (int)tid, (int)facts->tid);
	else
		pass("thread-tid");

	if (get_span("thread-call", tid, SYS_getppid, 0, NULL, &s) &&
	    ret_is("thread-call", &s, getpid())) {
		if (facts->thr_ppid != getpid())
			failf("thread-call", "expected the thread to see "
			    "parent %d, got %d", (int)getpid(),
			    (int)facts->thr_ppid);
		else
			pass("thread-call");
	}
	if (get_span("thread-genio", tid, SYS_write, NELEM(w), w, &s) &&
	    ret_is("thread-genio", &s, LEN(tbytes)) &&
	    genio_is("thread-genio", &s, facts->pfd[1], KTR_UIO_WRITE, tbytes,
	    LEN(tbytes)))
		pass("thread-genio");
}

static void
check_exec(void)
{
	uint64_t m[] = { (uintptr_t)path_exec, (uintptr_t)xargv,
	    (uintptr_t)xenv };
	uint64_t x[] = { EXEC_STATUS };
	char args[256];
	const struct rec *r;
	struct span s;
	size_t alen = 0, k;
	long i;

	if (get_span("exec-namei", facts->tid, SYS_execve, NELEM(m), m, &s) &&
	    namei_is("exec-namei", &s, path_exec))
		pass("exec-namei");
	if (!get_span("exec-ret", facts->tid, SYS_execve, NELEM(m), m, &s))
		return;
	if (ret_is("exec-ret", &s, 0)) {
		if (strcmp(recs[s.ret].hdr.ktr_comm, EXEC_COMM) != 0)
			failf("exec-ret", "expected comm \"%s\", got %s",
			    EXEC_COMM, describe(s.ret));
		else
			pass("exec-ret");
	}

	if ((i = one_in("exec-procctor", &s, KTR_PROCCTOR)) != -1) {
		r = &recs[i];
		if (strcmp(r->hdr.ktr_comm, EXEC_COMM) != 0 ||
		    ((const struct ktr_proc_ctor *)r->data)->sv_flags !=
		    (KTR_SV_ABI_LINUX | KTR_SV_LP64))
			failf("exec-procctor", "expected PCTR comm \"%s\" "
			    "sv_flags %#x, got %s sv_flags %#x", EXEC_COMM,
			    KTR_SV_ABI_LINUX | KTR_SV_LP64, describe(i),
			    ((const struct ktr_proc_ctor *)r->data)->sv_flags);
		else
			pass("exec-procctor");
	}

	for (k = 0; xargv[k] != NULL; k++) {
		memcpy(args + alen, xargv[k], strlen(xargv[k]) + 1);
		alen += strlen(xargv[k]) + 1;
	}
	if ((i = one_in("exec-args", &s, KTR_ARGS)) != -1) {
		r = &recs[i];
		if (r->len != alen || memcmp(r->data, args, alen) != 0)
			failf("exec-args", "expected ARGS %s, got %s",
			    show(args, alen), show(r->data, r->len));
		else
			pass("exec-args");
	}

	/* The exec'ed program's exit, and the end of the process. */
	if ((i = find_call(facts->tid, SYS_exit_group, NELEM(x), x)) == -1)
		failf("exit", "expected CALL exit_group(%d), got none",
		    EXEC_STATUS);
	else if (strcmp(recs[i].hdr.ktr_comm, EXEC_COMM) != 0)
		failf("exit", "expected comm \"%s\", got %s", EXEC_COMM,
		    describe(i));
	else
		pass("exit");
	if ((i = find(0, nrecs, facts->tid, KTR_PROCDTOR)) == -1)
		failf("procdtor", "expected PDTR, got none");
	else if (i != nrecs - 1 || recs[i].len != 0 ||
	    strcmp(recs[i].hdr.ktr_comm, EXEC_COMM) != 0)
		failf("procdtor", "expected PDTR of comm \"%s\" with no "
		    "payload, last, got %s of %zu bytes, %ld records before "
		    "the end", EXEC_COMM, describe(i), recs[i].len,
		    nrecs - 1 - i);
	else
		pass("procdtor");
}

static void
mkpath(char *buf, const char *dir, const char *name)
{
	if ((size_t)snprintf(buf, PATH_MAX, "%s/%s", dir, name) >= PATH_MAX)
		errx(2, "%s/%s: path too long", dir, name);
}

/* Make tracefile.d afresh with the file and the link to this program. */
static void
setup(void)
{
	char self[PATH_MAX];
	const char *const *p;
	static const char *const leftovers[] = {
		path_file, path_missing, path_data, path_sock, path_exec, NULL
	};
	ssize_t n;
	int fd;

	if ((size_t)snprintf(path_dir, sizeof(path_dir), "%s.d", tracefile) >=
	    sizeof(path_dir))
		errx(2, "%s: path too long", tracefile);
	mkpath(path_file, path_dir, "file");
	mkpath(path_missing, path_dir, "missing");
	mkpath(path_data, path_dir, "data");
	mkpath(path_sock, path_dir, "sock");
	mkpath(path_exec, path_dir, EXEC_COMM);
	for (p = leftovers; *p != NULL; p++)
		if (unlink(*p) == -1 && errno != ENOENT)
			err(2, "%s", *p);
	if (rmdir(path_dir) == -1 && errno != ENOENT)
		err(2, "%s", path_dir);
	if (mkdir(path_dir, 0700) == -1)
		err(2, "%s", path_dir);

	if ((fd = open(path_file, O_WRONLY | O_CREAT | O_EXCL, 0600)) == -1)
		err(2, "%s", path_file);
	if (write(fd, fbytes, LEN(fbytes)) != (ssize_t)LEN(fbytes))
		err(2, "%s", path_file);
	(void)close(fd);
	if ((n = readlink("/proc/self/exe", self, sizeof(self) - 1)) == -1)
		err(2, "/proc/self/exe");
	self[n] = '\0';
	if (symlink(self, path_exec) == -1)
		err(2, "%s", path_exec);
	if ((fd = open(tracefile, O_WRONLY | O_CREAT | O_TRUNC, 0600)) == -1)
		err(2, "%s", tracefile);
	(void)close(fd);
}

static void
cleanup(void)
{
	(void)unlink(path_file);
	(void)unlink(path_data);
	(void)unlink(path_sock);
	(void)unlink(path_exec);
	(void)rmdir(path_dir);
}

int
main(int argc, char *argv[])
{
	struct stat pst;
	int status;

	if (argc >= 2 && strcmp(argv[1], EXEC_ARG) == 0)
		_exit(EXEC_STATUS);	/* exec'ed by the traced child */
	if (argc != 2)
		usage();
	if (strlcpy(tracefile, argv[1], sizeof(tracefile)) >=
	    sizeof(tracefile))
		errx(2, "%s: path too long", argv[1]);
	setup();
	if (stat(path_file, &pst) == -1)
		err(2, "%s", path_file);
	facts = mmap(NULL, sizeof(*facts), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (facts == MAP_FAILED)
		err(2, "mmap");

	(void)fflush(stdout);
	if ((cpid = fork()) == -1)
		err(2, "fork");
	if (cpid == 0)
		child();
	if (waitpid(cpid, &status, 0) == -1)
		err(2, "waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != EXEC_STATUS) {
		if (WIFEXITED(status))
			failf("child", "expected the exec'ed child to exit %d, "
			    "got exit %d", EXEC_STATUS, WEXITSTATUS(status));
		else
			failf("child", "expected the exec'ed child to exit %d, "
			    "got signal %d", EXEC_STATUS,
			    WIFSIGNALED(status) ? WTERMSIG(status) : 0);
		cleanup();
		return (1);
	}
	pass("child");

	load(tracefile);
	check_records();
	check_open();
	check_genios();
	check_psig();
	check_sockaddrs();
	check_stats(&pst);
	check_user();
	check_csw();
	check_thread();
	check_exec();
	cleanup();

	if (nfailed > 0)
		printf("%d of the checks failed\n", nfailed);
	return (nfailed > 0 ? 1 : 0);
}
