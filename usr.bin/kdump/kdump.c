/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kdump(1): print the records of a ktrace(1) trace file, one a line, in
 * FreeBSD's format.  (Not the kexec crash-dump service of that name.)
 */
#include <sys/types.h>

#include <err.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kdump.h"

#define DEF_TRACEFILE	"ktrace.out"
#define FOLLOW_WAIT_NS	250000000L	/* -l: pause at the end of the file */

struct kdump_opts opts = { .fancy = true };

typedef void (*dumper)(const struct ktr_record *, enum ktr_abi);

/* The record types decoded; the others print as UNKNOWN(n). */
static const struct {
	const char *name;
	dumper	dump;
} types[] = {
	[KTR_SYSCALL] =	{ "CALL", dump_syscall },
	[KTR_SYSRET] =	{ "RET ", dump_sysret },
	[KTR_NAMEI] =	{ "NAMI", dump_namei },
	[KTR_GENIO] =	{ "GIO ", dump_genio },
	[KTR_PSIG] =	{ "PSIG", dump_psig },
	[KTR_CSW] =	{ "CSW ", dump_csw },
	[KTR_USER] =	{ "USER", dump_user },
	[KTR_STRUCT] =	{ "STRU", dump_struct },
	[KTR_SYSCTL] =	{ "SCTL", dump_namei },
	[KTR_ARGS] =	{ "ARGS", dump_execve },
	[KTR_ENVS] =	{ "ENVS", dump_execve },
	[KTR_LOST] =	{ "LOST", dump_lost },
};

struct filter {
	pid_t	pid;		/* -p: process or thread; 0 for all */
	bool	bytype;		/* -t given */
	unsigned int points;	/* -t: KTRFAC_* */
};

static void usage(void) __attribute__((__noreturn__));

static bool
wanted(const struct ktr_record *rec, const struct filter *f)
{
	int type = rec->hdr.ktr_type;

	/* Records that only tell a process's ABI: FreeBSD never shows them. */
	if (type == KTR_PROCCTOR || type == KTR_PROCDTOR)
		return (false);
	if (f->pid != 0 && rec->hdr.ktr_pid != f->pid &&
	    rec->hdr.ktr_tid != f->pid)
		return (false);
	/* Lost records are accounting, not a trace point: always shown. */
	if (type == KTR_LOST)
		return (true);
	if (f->bytype && (type >= 32 || (f->points & (1U << type)) == 0))
		return (false);
	return (true);
}

static void
dump(const struct ktr_record *rec, const struct filter *f)
{
	static bool drop_logged;
	char unknown[32];
	unsigned int sv_flags;
	int type = rec->hdr.ktr_type;

	/* Said before filtering, and once until a record is shown. */
	if (rec->dropped && !drop_logged) {
		dump_dropped(rec);
		drop_logged = true;
	}
	/* Before filtering: an ABI holds for the process's later records. */
	abi_track(rec);
	if (!wanted(rec, f))
		return;
	drop_logged = false;
	sv_flags = abi_flags(rec->hdr.ktr_pid);
	if (type < (int)(sizeof(types) / sizeof(types[0])) &&
	    types[type].dump != NULL) {
		dump_header(rec, types[type].name, sv_flags);
		types[type].dump(rec, abi_syscalls(sv_flags));
	} else {
		(void)snprintf(unknown, sizeof(unknown), "UNKNOWN(%d)", type);
		dump_header(rec, unknown, sv_flags);
		putchar('\n');
	}
}

static void
flush_stdout(void)
{
	if (fflush(stdout) == EOF || ferror(stdout))
		err(1, "stdout");
}

int
main(int argc, char *argv[])
{
	const struct timespec wait = { 0, FOLLOW_WAIT_NS };
	const char *errstr, *tracefile = DEF_TRACEFILE;
	struct filter f = { 0 };
	struct ktr_reader *r;
	struct ktr_record rec;
	FILE *fp;
	int ch, points, rv;

	while ((ch = getopt(argc, argv, "+f:cdElm:np:AHRrSsTt:")) != -1)
		switch (ch) {
		case 'A':
			opts.abi = true;
			break;
		case 'c':
			opts.cpu = true;
			break;
		case 'd':
			opts.decimal = true;
			break;
		case 'E':
			opts.timestamp |= TIMESTAMP_ELAPSED;
			break;
		case 'f':
			tracefile = optarg;
			break;
		case 'H':
			opts.threads = true;
			break;
		case 'l':
			opts.follow = true;
			break;
		case 'm':
			opts.maxdata = (int)strtonum(optarg, 0, INT_MAX,
			    &errstr);
			if (errstr != NULL)
				errx(1, "maxdata %s is %s", optarg, errstr);
			break;
		case 'n':
			opts.fancy = false;
			break;
		case 'p':
			f.pid = (pid_t)strtonum(optarg, 1, INT_MAX, &errstr);
			if (errstr != NULL)
				errx(1, "pid %s is %s", optarg, errstr);
			break;
		case 'R':
			opts.timestamp |= TIMESTAMP_RELATIVE;
			break;
		case 'r':
			opts.resolve = true;
			break;
		case 'S':
			opts.syscallno = true;
			break;
		case 's':
			opts.suppress = true;
			break;
		case 'T':
			opts.timestamp |= TIMESTAMP_ABSOLUTE;
			break;
		case 't':
			if ((points = ktr_getpoints(optarg)) < 0)
				errx(1, "unknown trace point in %s", optarg);
			f.bytype = true;
			f.points = (unsigned int)points;
			break;
		default:
			usage();
		}
	if (argc > optind)
		usage();

	if (strcmp(tracefile, "-") == 0) {
		fp = stdin;
		tracefile = "stdin";
	} else if ((fp = fopen(tracefile, "r")) == NULL)
		err(1, "%s", tracefile);
	if ((r = ktr_reader_open(fp, tracefile,
	    opts.follow ? KTR_READ_FOLLOW : 0)) == NULL)
		err(1, NULL);

	while ((rv = ktr_next(r, &rec)) != -1) {
		if (rv == 1) {
			dump(&rec, &f);
			if (opts.follow)
				flush_stdout();
		} else if (opts.follow)
			(void)nanosleep(&wait, NULL);
		else
			break;
	}
	flush_stdout();
	if (rv == -1)
		errx(1, "%s", ktr_reader_error(r));
	ktr_reader_close(r);
	if (fp != stdin)
		(void)fclose(fp);
	return (0);
}

static void
usage(void)
{
	fprintf(stderr, "usage: kdump [-dEnlHRrSsTA] [-f trfile] "
	    "[-m maxdata] [-p pid] [-t trstr]\n");
	exit(1);
}
