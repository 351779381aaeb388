/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kdump(1): print the records of a ktrace(1) trace file, one a line, in
 * FreeBSD's format, or as JSON.  (Not the kexec crash-dump service of
 * that name.)  The options and the reading loop; dump.c prints.
 */
#include <sys/types.h>

#include <err.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "analysis.h"
#include "filter.h"
#include "graph.h"
#include "kdump.h"
#include "net.h"
#include "stats.h"

#define DEF_TRACEFILE	"ktrace.out"
#define FOLLOW_WAIT_NS	250000000L	/* -l: pause at the end of the file */
/* FreeBSD's letters, -V, then OpenBSD's -x and -X; no reordering of argv. */
#define OPTSTRING	"+f:cdElm:no:p:AHRrSsTt:VxX"

enum {
	OPT_JSON = 256,
	OPT_PAIRS,
	OPT_RAW,
	OPT_STATS,
	OPT_GRAPH,
	OPT_SORT,
	OPT_BYPID,
	OPT_SYSCALL,
	OPT_ERRORS,
	OPT_SUCCESS,
	OPT_AFTER,
	OPT_BEFORE,
	OPT_FILES,
	OPT_NET,
	OPT_CONNECTIONS,
	OPT_INTERVAL,
};

/* The analyses and filters of kstrax, long so that no BSD letter moves. */
static const struct option longopts[] = {
	{ "json", no_argument, NULL, OPT_JSON },
	{ "pairs", no_argument, NULL, OPT_PAIRS },
	{ "raw", no_argument, NULL, OPT_RAW },
	{ "stats", no_argument, NULL, OPT_STATS },
	{ "graph", required_argument, NULL, OPT_GRAPH },
	{ "output", required_argument, NULL, 'o' },
	{ "sort", required_argument, NULL, OPT_SORT },
	{ "by-pid", no_argument, NULL, OPT_BYPID },
	{ "syscall", required_argument, NULL, OPT_SYSCALL },
	{ "errors", no_argument, NULL, OPT_ERRORS },
	{ "success", no_argument, NULL, OPT_SUCCESS },
	{ "after", required_argument, NULL, OPT_AFTER },
	{ "before", required_argument, NULL, OPT_BEFORE },
	{ "files", no_argument, NULL, OPT_FILES },
	{ "net", no_argument, NULL, OPT_NET },
	{ "connections", no_argument, NULL, OPT_CONNECTIONS },
	{ "interval", required_argument, NULL, OPT_INTERVAL },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static void usage(void) __attribute__((__noreturn__));

/* One analysis at a time. */
static void
set_mode(enum kdump_mode mode, const char *name)
{
	static const char *first;

	if (opts.mode != MODE_TEXT && opts.mode != mode)
		errx(1, "%s and %s exclude each other", first, name);
	opts.mode = mode;
	first = name;
}

/* The analyses' options, kstrax's; false: not one of them. */
static bool
mode_option(int ch, const char *arg)
{
	const char *errstr;
	int kind;

	switch (ch) {
	case OPT_PAIRS:
		set_mode(MODE_PAIRS, "--pairs");
		break;
	case OPT_RAW:
		set_mode(MODE_RAW, "--raw");
		break;
	case OPT_STATS:
		set_mode(MODE_STATS, "--stats");
		break;
	case OPT_GRAPH:
		set_mode(MODE_GRAPH, "--graph");
		if ((kind = graph_parse_kind(arg)) < 0)
			errx(1, "--graph: unknown kind '%s' (ALL, CNT, CNT+, "
			    "CNT++, AVE, AVE+, AVE++, TOTAL, TOTAL+, TOTAL++, "
			    "EXEC, EXEC-C)", arg);
		opts.graph = (enum graph_kind)kind;
		break;
	case 'o':
		opts.output = arg;
		break;
	case OPT_SORT:
		if ((kind = stats_sort_key(arg)) < 0)
			errx(1, "--sort: unknown key '%s' (id, count, total, "
			    "average, max, errors)", arg);
		opts.sort = (enum sort_key)kind;
		break;
	case OPT_BYPID:
		opts.bypid = true;
		break;
	case OPT_NET:
		set_mode(MODE_NET, "--net");
		break;
	case OPT_CONNECTIONS:
		set_mode(MODE_CONNECT, "--connections");
		break;
	case OPT_INTERVAL:
		opts.interval = (int)strtonum(arg, 1, INT_MAX, &errstr);
		if (errstr != NULL)
			errx(1, "--interval %s is %s", arg, errstr);
		break;
	default:
		return (false);
	}
	return (true);
}

/* kstrax-filter's selections; false: not one of them. */
static bool
filter_option(int ch, const char *arg)
{
	static bool outcome;

	switch (ch) {
	case OPT_SYSCALL:
		if (!filter_syscalls(arg))
			exit(1);
		break;
	case OPT_ERRORS:
	case OPT_SUCCESS:
		if (outcome)
			errx(1, "--errors and --success exclude each other");
		outcome = true;
		filter_outcome(ch == OPT_ERRORS ? OUTCOME_ERRORS :
		    OUTCOME_SUCCESS);
		break;
	case OPT_AFTER:
		if (!filter_after(arg))
			exit(1);
		break;
	case OPT_BEFORE:
		if (!filter_before(arg))
			exit(1);
		break;
	case OPT_FILES:
		filter_files();
		break;
	default:
		return (false);
	}
	return (true);
}

/* Options that mean nothing without others, or cannot go together. */
static void
check_options(void)
{
	if (opts.mode == MODE_GRAPH && opts.output == NULL)
		errx(1, "--graph needs -o FILE (.svg or .png)");
	/* A bad name is told before a long trace is read. */
	if (opts.mode == MODE_GRAPH && graph_check_path(opts.output) != 0)
		exit(1);
	if (opts.output != NULL && opts.mode != MODE_GRAPH)
		errx(1, "-o is the file of --graph");
	if (opts.mode == MODE_GRAPH && opts.json)
		errx(1, "--graph draws a picture, not JSON");
	if ((opts.sort != SORT_ID || opts.bypid) && opts.mode != MODE_STATS)
		errx(1, "--sort and --by-pid are options of --stats");
	if (opts.interval != 0 && opts.mode != MODE_NET &&
	    (opts.mode != MODE_STATS || !opts.follow))
		errx(1, "--interval is an option of --net, and of --stats "
		    "with -l");
	/* Their tables are of the whole trace, or live, of intervals. */
	if (opts.follow && ((opts.mode == MODE_STATS && opts.interval == 0) ||
	    opts.mode == MODE_GRAPH))
		errx(1, "-l: --stats and --graph need the end of the trace");
	if (opts.follow && opts.mode == MODE_NET && opts.interval == 0)
		errx(1, "-l: --net needs --interval, or the end of the trace");
}

static void
flush_stdout(void)
{
	if (fflush(stdout) == EOF || ferror(stdout))
		err(1, "stdout");
}

/* FreeBSD's letters, OpenBSD's -x and -X, and --json; false: not one. */
static bool
bsd_option(int ch, const char *arg)
{
	const char *errstr;
	int points;

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
	case 'H':
		opts.threads = true;
		break;
	case 'l':
		opts.follow = true;
		break;
	case 'm':
		opts.maxdata = (int)strtonum(arg, 0, INT_MAX, &errstr);
		if (errstr != NULL)
			errx(1, "maxdata %s is %s", arg, errstr);
		break;
	case 'n':
		opts.fancy = false;
		break;
	case 'p':
		opts.pid = (pid_t)strtonum(arg, 1, INT_MAX, &errstr);
		if (errstr != NULL)
			errx(1, "pid %s is %s", arg, errstr);
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
		if ((points = ktr_getpoints(arg)) < 0)
			errx(1, "unknown trace point in %s", arg);
		opts.bytype = true;
		opts.points = (unsigned int)points;
		break;
	case 'x':
		opts.iohex = IOHEX_HEX;
		break;
	case 'X':
		opts.iohex = IOHEX_ASCII;
		break;
	case OPT_JSON:
		opts.json = true;
		break;
	default:
		return (false);
	}
	return (true);
}

/* Every option into opts; the trace file's name, "-" for stdin. */
static const char *
parse_options(int argc, char *argv[])
{
	const char *tracefile = DEF_TRACEFILE;
	int ch;

	while ((ch = getopt_long(argc, argv, OPTSTRING, longopts,
	    NULL)) != -1) {
		if (ch == 'f')
			tracefile = optarg;
		else if (ch == 'V') {
			printf("kdump %s\n", KTRACE_VERSION);
			flush_stdout();
			exit(0);
		} else if (!bsd_option(ch, optarg) &&
		    !mode_option(ch, optarg) && !filter_option(ch, optarg))
			usage();
	}
	if (argc > optind)
		usage();
	check_options();
	return (tracefile);
}

/* Each record to kdump_record(); -l: waits at the end for more. */
static int
read_records(struct ktr_reader *r)
{
	const struct timespec wait = { 0, FOLLOW_WAIT_NS };
	struct ktr_record rec;
	int rv;

	while ((rv = ktr_next(r, &rec)) != -1) {
		if (rv == 1) {
			kdump_record(&rec);
			if (opts.follow)
				flush_stdout();
		} else if (opts.follow)
			(void)nanosleep(&wait, NULL);
		else
			break;
	}
	return (rv);
}

int
main(int argc, char *argv[])
{
	const char *tracefile;
	struct ktr_reader *r;
	FILE *fp;
	int rv, status;

	tracefile = parse_options(argc, argv);
	kdump_start();

	if (strcmp(tracefile, "-") == 0) {
		fp = stdin;
		tracefile = "stdin";
	} else if ((fp = fopen(tracefile, "r")) == NULL)
		err(1, "%s", tracefile);
	if ((r = ktr_reader_open(fp, tracefile,
	    opts.follow ? KTR_READ_FOLLOW : 0)) == NULL)
		err(1, NULL);

	rv = live_wanted() ? live_run(r, fp, kdump_record) : read_records(r);
	/* What was read is told, even of a file cut or corrupt. */
	status = kdump_end();
	flush_stdout();
	if (rv == -1)
		errx(1, "%s", ktr_reader_error(r));
	ktr_reader_close(r);
	if (fp != stdin)
		(void)fclose(fp);
	return (status);
}

static void
usage(void)
{
	fprintf(stderr, "usage: kdump [-dEnlHRrSsTAcXx] [--json] "
	    "[-f trfile] [-m maxdata] [-p pid] [-t trstr]\n"
	    "             [--pairs | --raw | --stats [--sort key] [--by-pid] |\n"
	    "              --graph kind -o file] [--syscall list]\n"
	    "             [--errors | --success] [--files] [--after time] "
	    "[--before time]\n");
	exit(1);
}
