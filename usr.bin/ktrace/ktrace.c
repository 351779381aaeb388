/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ktrace(1): start or stop tracing processes into a trace file, or run
 * a command traced.  Options and messages are FreeBSD's.
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "libktrace.h"

#define DEF_TRACEFILE	"ktrace.out"

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

/* ktrace(2), with the one message that matters when the module is absent. */
static void
do_ktrace(const char *tracefile, int ops, int trpoints, pid_t p)
{
	if (ktrace_filtered(tracefile, ops, trpoints, p,
	    KTROP(ops) == KTROP_SET ? filterp : NULL) == 0)
		return;
	if (errno == ENOSYS)
		errx(1, "ktrace module is not loaded (%s missing): "
		    "load kern/ktrace.ko", KTRACE_DEVICE);
	err(1, "%s", tracefile);
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

int
main(int argc, char *argv[])
{
	const char *tracefile = DEF_TRACEFILE;
	int append = 0, ch, inherit = 0, ops = 0, trpoints = KTR_DEF_POINTS;
	char bad[64];

	while ((ch = getopt(argc, argv, "+aCcde:f:g:ip:t:")) != -1)
		switch (ch) {
		case 'a':
			append = 1;
			break;
		case 'C':
			set_pid_clear(NULL, CLEARALL);
			break;
		case 'c':
			set_pid_clear(NULL, CLEAR);
			break;
		case 'd':
			ops |= KTRFLAG_DESCEND;
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
			tracefile = optarg;
			break;
		case 'g':
			set_pid_clear(optarg, NOTSET);
			pid = -pid;
			break;
		case 'i':
			inherit = 1;
			break;
		case 'p':
			set_pid_clear(optarg, NOTSET);
			break;
		case 't':
			if ((trpoints = ktr_getpoints(optarg)) < 0) {
				warnx("unknown facility in %s", optarg);
				usage();
			}
			break;
		default:
			usage();
		}
	argc -= optind;
	argv += optind;

	/* Something to do: clear, a process or a command (not both). */
	if ((clear == NOTSET && pid == 0 && argc == 0) ||
	    (pid != 0 && argc > 0))
		usage();
	if (inherit)
		trpoints |= KTRFAC_INHERIT;
	if (clear != NOTSET && filterp != NULL) {
		warnx("the -e flag may not be combined with -c or -C");
		usage();
	}

	if (clear != NOTSET) {
		if (clear == CLEARALL) {
			ops = KTROP_CLEAR | KTRFLAG_DESCEND;
			trpoints = KTR_ALL_POINTS;
		} else
			ops |= pid != 0 ? KTROP_CLEAR : KTROP_CLEARFILE;
		do_ktrace(tracefile, ops, trpoints, pid);
		return (0);
	}

	make_tracefile(tracefile, append);
	trpoints |= KTR_PROC_ABI_POINTS;
	if (argc > 0) {
		do_ktrace(tracefile, ops, trpoints, getpid());
		execvp(argv[0], argv);
		err(1, "exec of '%s' failed", argv[0]);
	}
	do_ktrace(tracefile, ops, trpoints, pid);
	return (0);
}

static void
usage(void)
{
	fprintf(stderr, "%s\n%s\n",
	    "usage: ktrace [-aCcdi] [-e syscalls] [-f trfile] [-g pgrp | -p pid] "
	    "[-t trstr]",
	    "       ktrace [-adi] [-e syscalls] [-f trfile] [-t trstr] command");
	exit(1);
}
