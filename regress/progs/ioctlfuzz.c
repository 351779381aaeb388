/*
 * ioctlfuzz COUNT SEED [FOREIGN_PID ...]: COUNT random requests on
 * /dev/ktrace, mixing valid and hostile values in every field: ops,
 * trace points, pids (0, -1, huge, INT_MIN, our own, a zombie, a thread,
 * kernel threads, other users' processes), trace file names (valid,
 * unterminated at an unmapped page, too long, NULL, wild and kernel
 * pointers, a directory, a fifo, /proc and device files, the device
 * itself), syscall selections, utrace lengths and pointers, and unknown
 * commands and sizes.  The kernel log is the main verdict (the harness
 * fails the run on any splat); the program itself checks the permission
 * model: run unprivileged, no request on a FOREIGN_PID (another user's
 * process) may succeed.  Ends by clearing every trace it may.  Exit 0,
 * or 1 when a check failed.
 */
#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libktrace.h"

static uint64_t rng;

static uint64_t
rnd(void)
{
	/* xorshift64*: reproducible from the seed. */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (rng * 2685821657736338717ULL);
}

#define PICK(a)	((a)[rnd() % (sizeof(a) / sizeof((a)[0]))])

static char dir[] = "/tmp/ioctlfuzz.XXXXXX";
static char tracefile[PATH_MAX], fifo[PATH_MAX], symlink_path[PATH_MAX];
static char *unterminated;	/* a name running into an unmapped page */
static char *toolong;
static pid_t zombie, thread_tid;
static pid_t foreign[16];
static int nforeign;
static volatile int stop_thread;

static void *
idle_thread(void *arg)
{
	(void)arg;
	thread_tid = (pid_t)syscall(SYS_gettid);
	while (!stop_thread)
		usleep(1000);
	return (NULL);
}

static void
make_targets(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	char *p;
	int fd;

	if (mkdtemp(dir) == NULL)
		err(2, "mkdtemp");
	(void)snprintf(tracefile, sizeof(tracefile), "%s/trace", dir);
	(void)snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	(void)snprintf(symlink_path, sizeof(symlink_path), "%s/link", dir);
	if ((fd = open(tracefile, O_CREAT | O_WRONLY, 0666)) == -1)
		err(2, "%s", tracefile);
	(void)close(fd);
	(void)chmod(dir, 0777);
	(void)chmod(tracefile, 0666);
	if (mkfifo(fifo, 0666) == -1 || symlink(tracefile, symlink_path) == -1)
		err(2, "%s", dir);

	p = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED || munmap(p + pg, pg) == -1)
		err(2, "mmap");
	memset(p, 'a', pg);
	unterminated = p;
	if ((toolong = malloc(3 * PATH_MAX)) == NULL)
		err(2, "malloc");
	memset(toolong, 'b', 3 * PATH_MAX - 1);
	toolong[0] = '/';
	toolong[3 * PATH_MAX - 1] = '\0';

	if ((zombie = fork()) == -1)
		err(2, "fork");
	if (zombie == 0)
		_exit(0);
}

static const char *
pick_path(void)
{
	const char *paths[] = {
		tracefile, tracefile, tracefile, fifo, symlink_path, dir,
		"/proc/self/status", "/proc/sys/kernel/ktrace/bufsize",
		"/dev/ktrace", "/dev/null", "/", "", "/nonexistent/x",
		unterminated, toolong, NULL, (const char *)1,
		(const char *)0xffff888000000000ULL,
		(const char *)0x7fffffffe000ULL,
	};

	return (PICK(paths));
}

static pid_t
pick_pid(void)
{
	pid_t pids[] = {
		0, -1, 1, -1 * getpgrp(), 2, getpid(), getpid(), getppid(),
		zombie, thread_tid, INT_MAX, INT_MIN, -INT_MAX, 999999,
		(pid_t)rnd(), -getpid(),
	};

	if (nforeign > 0 && rnd() % 4 == 0)
		return (foreign[rnd() % nforeign]);
	return (PICK(pids));
}

static unsigned int
pick_facs(void)
{
	unsigned int f[] = {
		0, KTRFAC_SYSCALL, KTR_DEF_POINTS, KTR_ALL_POINTS,
		KTR_ALL_POINTS | KTRFAC_INHERIT, KTRFAC_ROOT | KTRFAC_SYSCALL,
		KTRFAC_DROP, 0xffffffffU, 1U << 20, KTRFAC_CSW | KTRFAC_PSIG,
		KTRFAC_USER, (unsigned int)rnd(),
	};

	return (PICK(f));
}

static int
pick_ops(void)
{
	int o[] = {
		KTROP_SET, KTROP_SET, KTROP_CLEAR, KTROP_CLEARFILE,
		KTROP_SET | KTRFLAG_DESCEND, KTROP_CLEAR | KTRFLAG_DESCEND,
		3, 8, -1, INT_MIN, (int)rnd(),
	};

	return (PICK(o));
}

static bool
is_foreign(pid_t pid)
{
	int i;

	for (i = 0; i < nforeign; i++)
		if (foreign[i] == pid)
			return (true);
	return (false);
}

/* One request; returns false when the permission model was bypassed. */
static bool
one(int fd)
{
	static struct ktr_sysfilter sf;
	struct ktr_op_req op;
	struct ktr_utrace_req ut;
	unsigned char junk[64];
	unsigned long cmd;
	int rv, kind = (int)(rnd() % 10);

	if (kind < 6) {
		memset(&op, 0, sizeof(op));
		op.kop_path = (uintptr_t)pick_path();
		op.kop_ops = pick_ops();
		op.kop_facs = pick_facs();
		op.kop_pid = pick_pid();
		if (rnd() % 8 == 0)
			op.kop_reserved = (uint32_t)rnd();
		switch (rnd() % 6) {
		case 0:
			memset(&sf, (int)(rnd() & 0xff), sizeof(sf));
			op.kop_filter = (uintptr_t)&sf;
			break;
		case 1:
			op.kop_filter = (uintptr_t)rnd();
			break;
		}
		rv = ioctl(fd, KTRIOC_OP, &op);
		if (rv == 0 && getuid() != 0 && is_foreign(op.kop_pid) &&
		    !(op.kop_ops & KTRFLAG_DESCEND) &&
		    KTROP(op.kop_ops) != KTROP_CLEARFILE) {
			warnx("request %d on foreign pid %d succeeded",
			    op.kop_ops, op.kop_pid);
			return (false);
		}
		return (true);
	}
	if (kind < 8) {
		size_t lens[] = { 0, 1, 2048, 2049, SIZE_MAX, 1 << 20 };

		ut.kut_addr = (uintptr_t)(rnd() % 2 ? (const void *)junk :
		    (const void *)pick_path());
		ut.kut_len = PICK(lens);
		(void)ioctl(fd, KTRIOC_UTRACE, &ut);
		return (true);
	}
	/* Unknown commands, wrong sizes, bad argument pointers. */
	cmd = kind == 8 ? _IOC(_IOC_WRITE, 'k', rnd() % 4, rnd() % 64) :
	    (unsigned long)rnd();
	(void)ioctl(fd, cmd, rnd() % 2 ? (void *)junk : (void *)(uintptr_t)rnd());
	return (true);
}

int
main(int argc, char *argv[])
{
	const char *errstr;
	pthread_t t;
	long long count, i;
	int fd, failed = 0;

	if (argc < 3)
		errx(2, "usage: ioctlfuzz count seed [foreign-pid ...]");
	count = strtonum(argv[1], 1, LLONG_MAX, &errstr);
	if (errstr != NULL)
		errx(2, "count %s: %s", argv[1], errstr);
	rng = (uint64_t)strtonum(argv[2], 1, LLONG_MAX, &errstr);
	if (errstr != NULL)
		errx(2, "seed %s: %s", argv[2], errstr);
	for (i = 3; i < argc && nforeign < 16; i++) {
		foreign[nforeign++] = (pid_t)strtonum(argv[i], 1, INT_MAX,
		    &errstr);
		if (errstr != NULL)
			errx(2, "pid %s: %s", argv[i], errstr);
	}
	make_targets();
	if (pthread_create(&t, NULL, idle_thread, NULL) != 0)
		errx(2, "pthread_create");
	while (thread_tid == 0)
		usleep(1000);
	if ((fd = open(KTRACE_DEVICE, O_RDONLY)) == -1)
		err(2, "%s", KTRACE_DEVICE);

	for (i = 0; i < count; i++)
		if (!one(fd))
			failed = 1;

	/* Leave nothing traced that we may clear. */
	(void)ktrace(NULL, KTROP_CLEAR | KTRFLAG_DESCEND, KTR_ALL_POINTS, 1);
	(void)ktrace(tracefile, KTROP_CLEARFILE, 0, 0);
	stop_thread = 1;
	(void)pthread_join(t, NULL);
	(void)waitpid(zombie, NULL, 0);
	(void)close(fd);
	printf("%lld requests, %s\n", count, failed ? "FAILED" : "ok");
	return (failed);
}
