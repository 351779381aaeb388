/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ktrace(1): start or stop tracing processes into a trace file, or run
 * a command traced.  Options and messages are FreeBSD's.  -b, -R and -S
 * drive the flight recorder (flight.c), as kstrax did.
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "extern.h"
#include "libktrace.h"

#define DEF_TRACEFILE	"ktrace.out"
#define MODULE_SYS	"/sys/module/ktrace"	/* there while it is loaded */

enum clear { NOTSET, CLEAR, CLEARALL };

static enum clear clear = NOTSET;
static pid_t pid;		/* > 0 a process, < 0 a process group */
static struct ktr_sysfilter filter;	/* -e: the syscalls recorded */
static const struct ktr_sysfilter *filterp;

static void usage(void) __attribute__((__noreturn__));

/* Record -c, -C, -g or -p (p: the id, or NULL), checking combinations. */
static void
set_pid_clear(const char *p, enum clear cl)
{
	const char *errstr;
	long long n;

	if (clear != NOTSET && cl != NOTSET) {
		warnx("only one -c or -C flag is permitted");
		usage();
	}
	if ((clear == CLEARALL && p != NULL) || (cl == CLEARALL && pid != 0)) {
		warnx("the -C flag may not be combined with -g or -p");
		usage();
	}
	if (p != NULL && pid != 0) {
		warnx("only one -g or -p flag is permitted");
		usage();
	}
	if (p != NULL) {
		n = strtonum(p, 1, INT_MAX, &errstr);
		if (errstr != NULL) {
			warnx("invalid process or group id");
			usage();
		}
		pid = (pid_t)n;
	}
	if (cl != NOTSET && (clear = cl) == CLEARALL)
		pid = 1;
}

/*
 * ktrace(2), with the one message that matters when the module is absent.
 * tracefile NULL: the flight recorder (KTRFLAG_RING).
 */
static void
do_ktrace(const char *tracefile, int ops, int trpoints, pid_t p)
{
	if (ktrace_filtered(tracefile, ops, trpoints, p,
	    KTROP(ops) == KTROP_SET ? filterp : NULL) == 0)
		return;
	if (errno == ENOSYS)
		errx(1, "ktrace module is not loaded (%s missing): "
		    "load kern/ktrace.ko", KTRACE_DEVICE);
	if (errno == EOPNOTSUPP)
		errx(1, "this kernel lacks a tracepoint the ktrace module "
		    "needs (the kernel log names it; syscall tracepoints "
		    "need CONFIG_FTRACE_SYSCALLS)");
	if (tracefile == NULL && errno == EBUSY)
		errx(1, "flight recorder: busy: recording every process, "
		    "or another user's processes");
	if (tracefile == NULL && errno == ESRCH && p == 0)
		errx(1, "flight recorder: not recording");
	err(1, "%s", tracefile != NULL ? tracefile : "flight recorder");
}

/*
 * -C stops the flight recorder too, when the caller may: a recorder that
 * is not running, or is another's, is no error of -C's.
 */
static void
stop_recorder(void)
{
	if (ktrace(NULL, KTROP_CLEAR | KTRFLAG_RING, KTR_ALL_POINTS, 0) == 0 ||
	    errno == ESRCH || errno == EPERM)
		return;
	err(1, "flight recorder");
}

/* -b: start, add to or stop the flight recorder; pid 0: every process. */
static void
do_ring(int ops, int trpoints, pid_t p, char **cmd)
{
	ops |= KTRFLAG_RING;
	if (clear != NOTSET) {
		if (p == 0)
			trpoints = KTR_ALL_POINTS;
		do_ktrace(NULL, ops | KTROP_CLEAR, trpoints, p);
		exit(0);
	}
	trpoints |= KTR_PROC_ABI_POINTS;
	if (cmd[0] != NULL) {
		do_ktrace(NULL, ops, trpoints, getpid());
		execvp(cmd[0], cmd);
		err(1, "exec of '%s' failed", cmd[0]);
	}
	do_ktrace(NULL, ops, trpoints, p);
	exit(0);
}

/* -A: a physical address, as the module prints it ("0x..."). */
static uint64_t
parse_addr(const char *s)
{
	uintmax_t v;
	char *end;

	errno = 0;
	v = strtoumax(s, &end, 0);
	if (errno != 0 || end == s || *end != '\0' || v == 0 ||
	    v > UINT64_MAX) {
		warnx("invalid physical address %s", s);
		usage();
	}
	return ((uint64_t)v);
}

/* The first line of MODULE_SYS/name into buf; -1 if there is none. */
static int
module_attr(const char *name, char *buf, size_t len)
{
	char path[128];
	FILE *fp;
	int rv = -1;

	(void)snprintf(path, sizeof(path), "%s/%s", MODULE_SYS, name);
	if ((fp = fopen(path, "re")) == NULL)
		return (-1);
	if (fgets(buf, (int)len, fp) != NULL) {
		buf[strcspn(buf, "\n")] = '\0';
		rv = 0;
	}
	(void)fclose(fp);
	return (rv);
}

/* -V: this ktrace's version and ABI, and the loaded module's. */
static void
print_version(void)
{
	char version[64], abi[32];

	printf("ktrace %s (ABI %d)\n", KTRACE_VERSION, KTR_ABI_VERSION);
	if (module_attr("version", version, sizeof(version)) != 0)
		printf("module not loaded\n");
	else
		printf("module %s (ABI %s)\n", version,
		    module_attr("parameters/abi_version", abi,
		    sizeof(abi)) == 0 ? abi : "unknown");
	exit(0);
}

/*
 * A module of another ABI than this ktrace's may misread its requests,
 * or write records kdump misreads: say so, once, and go on.  Nothing
 * when it is not loaded: ktrace(2) says that.
 */
static void
check_abi(void)
{
	char abi[32];
	const char *errstr;
	long long n;

	if (access(MODULE_SYS, F_OK) != 0)
		return;
	if (module_attr("parameters/abi_version", abi, sizeof(abi)) != 0) {
		warnx("warning: the ktrace module loaded does not say its ABI "
		    "(it is older than this ktrace, built for ABI %d): reload "
		    "the module (modprobe -r ktrace; modprobe ktrace)",
		    KTR_ABI_VERSION);
		return;
	}
	n = strtonum(abi, 0, INT_MAX, &errstr);
	if (errstr != NULL || n != KTR_ABI_VERSION)
		warnx("warning: the ktrace module loaded has ABI %s, this "
		    "ktrace is built for ABI %d: reload the module "
		    "(modprobe -r ktrace; modprobe ktrace), or use its ktrace",
		    abi, KTR_ABI_VERSION);
}

/*
 * The kernel opens the trace file but never creates it: make it here,
 * private to the caller, fresh unless appending to one the caller owns.
 */
static void
make_tracefile(const char *tracefile, int append)
{
	struct stat sb;
	mode_t omask;
	int fd;

	omask = umask(S_IRWXG | S_IRWXO);
	if (append) {
		if ((fd = open(tracefile, O_CREAT | O_WRONLY | O_NONBLOCK |
		    O_CLOEXEC, DEFFILEMODE)) == -1)
			err(1, "%s", tracefile);
		if (fstat(fd, &sb) != 0 || sb.st_uid != getuid())
			errx(1, "refuse to append to %s not owned by you",
			    tracefile);
		if (!S_ISREG(sb.st_mode))
			errx(1, "%s not regular file", tracefile);
	} else {
		if (unlink(tracefile) == -1 && errno != ENOENT)
			err(1, "unlink %s", tracefile);
		if ((fd = open(tracefile, O_CREAT | O_EXCL | O_WRONLY |
		    O_CLOEXEC, DEFFILEMODE)) == -1)
			err(1, "%s", tracefile);
	}
	(void)umask(omask);
	(void)close(fd);
}

/* The command line, as getopt leaves it. */
struct options {
	const char *tracefile, *core;
	uint64_t hint;		/* -A */
	int ops, trpoints;
	int append, inherit, lossy, ring, snap, status, fflag;
	int other;		/* an option that neither -R nor -S takes */
};

/*
 * Parse the options into @o; returns optind.  One case per option of
 * ktrace(1)'s synopsis, in its order: a flat switch of 80 lines, as
 * FreeBSD's, reads better than the same cases split.
 */
static int
parse_options(int argc, char *argv[], struct options *o)
{
	char bad[64];
	int ch;

	o->tracefile = DEF_TRACEFILE;
	o->trpoints = KTR_DEF_POINTS;
	while ((ch = getopt(argc, argv, "+aA:bCcde:f:g:iLM:p:RSt:V")) != -1) {
		if (ch != 'A' && ch != 'f' && ch != 'M' && ch != 'R' &&
		    ch != 'S')
			o->other = 1;
		switch (ch) {
		case 'a':
			o->append = 1;
			break;
		case 'A':
			o->hint = parse_addr(optarg);
			break;
		case 'b':
			o->ring = 1;
			break;
		case 'C':
			set_pid_clear(NULL, CLEARALL);
			break;
		case 'c':
			set_pid_clear(NULL, CLEAR);
			break;
		case 'd':
			o->ops |= KTRFLAG_DESCEND;
			break;
		case 'e':
			if (ktr_sysfilter_parse(&filter, optarg, bad,
			    sizeof(bad)) != 0) {
				warnx("unknown syscall or class '%s' in %s",
				    bad, optarg);
				usage();
			}
			filterp = &filter;
			break;
		case 'f':
			o->tracefile = optarg;
			o->fflag = 1;
			break;
		case 'g':
			set_pid_clear(optarg, NOTSET);
			pid = -pid;
			break;
		case 'i':
			o->inherit = 1;
			break;
		case 'L':
			o->lossy = 1;
			break;
		case 'M':
			o->core = optarg;
			break;
		case 'p':
			set_pid_clear(optarg, NOTSET);
			break;
		case 'R':
			o->snap = 1;
			break;
		case 'S':
			o->status = 1;
			break;
		case 't':
			if ((o->trpoints = ktr_getpoints(optarg)) < 0) {
				warnx("unknown facility in %s", optarg);
				usage();
			}
			break;
		case 'V':
			print_version();
			break;
		default:
			usage();
		}
	}
	return (optind);
}

/* -S and -R read the flight recorder and take no other option. */
static void
read_recorder(const struct options *o, int argc)
{
	if (o->status) {
		if (o->snap || o->fflag || o->core != NULL || o->hint != 0 ||
		    o->other || argc > 0)
			usage();
		check_abi();
		flight_status();
		exit(0);
	}
	if ((o->core != NULL || o->hint != 0) && !o->snap) {
		warnx("the -M and -A flags go with -R");
		usage();
	}
	if (o->hint != 0 && o->core == NULL) {
		warnx("the -A flag needs -M");
		usage();
	}
	if (o->snap) {
		if (o->other || argc > 0)
			usage();
		if (o->core == NULL)
			check_abi();
		flight_snapshot(o->tracefile, o->core, o->hint);
		exit(0);
	}
}

/* -i and -L become trace points; -e and -L do not go with clearing. */
static void
trace_flags(struct options *o)
{
	if (clear != NOTSET && filterp != NULL) {
		warnx("the -e flag may not be combined with -c or -C");
		usage();
	}
	if (o->lossy && clear != NOTSET) {
		warnx("the -L flag may not be combined with -c or -C");
		usage();
	}
	if (o->inherit)
		o->trpoints |= KTRFAC_INHERIT;
	if (o->lossy)
		o->trpoints |= KTRFAC_LOSSY;
}

/* -c, -C: stop tracing a process, everything traced into the file, or all. */
static void
clear_traces(const struct options *o)
{
	int ops = o->ops, trpoints = o->trpoints;

	if (clear == CLEARALL) {
		ops = KTROP_CLEAR | KTRFLAG_DESCEND;
		trpoints = KTR_ALL_POINTS;
	} else
		ops |= pid != 0 ? KTROP_CLEAR : KTROP_CLEARFILE;
	do_ktrace(o->tracefile, ops, trpoints, pid);
	if (clear == CLEARALL)
		stop_recorder();
}

int
main(int argc, char *argv[])
{
	struct options o = { 0 };

	if (argc == 2 && strcmp(argv[1], "--version") == 0)
		print_version();
	argc -= parse_options(argc, argv, &o);
	argv += optind;
	read_recorder(&o, argc);
	trace_flags(&o);
	check_abi();
	if (o.ring) {
		if (o.append || o.fflag || o.lossy || clear == CLEARALL ||
		    (clear != NOTSET && argc > 0) || (pid != 0 && argc > 0))
			usage();
		do_ring(o.ops, o.trpoints, pid, argv);
	}

	/* Something to do: clear, a process or a command (not both). */
	if ((clear == NOTSET && pid == 0 && argc == 0) ||
	    (pid != 0 && argc > 0))
		usage();
	if (clear != NOTSET) {
		clear_traces(&o);
		return (0);
	}

	make_tracefile(o.tracefile, o.append);
	o.trpoints |= KTR_PROC_ABI_POINTS;
	if (argc > 0) {
		do_ktrace(o.tracefile, o.ops, o.trpoints, getpid());
		execvp(argv[0], argv);
		err(1, "exec of '%s' failed", argv[0]);
	}
	do_ktrace(o.tracefile, o.ops, o.trpoints, pid);
	return (0);
}

static void
usage(void)
{
	fprintf(stderr, "%s\n%s\n%s\n%s\n%s\n",
	    "usage: ktrace [-aCcdiL] [-e syscalls] [-f trfile] [-g pgrp | -p pid] "
	    "[-t trstr]",
	    "       ktrace [-adiL] [-e syscalls] [-f trfile] [-t trstr] command",
	    "       ktrace -b [-cdi] [-e syscalls] [-t trstr] "
	    "[-g pgrp | -p pid | command]",
	    "       ktrace -R [-M core [-A paddr]] [-f trfile]",
	    "       ktrace -S");
	exit(1);
}
