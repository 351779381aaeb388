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

#include "kdump.h"

#define DEF_TRACEFILE	"ktrace.out"
#define FOLLOW_WAIT_NS	250000000L	/* -l: pause at the end of the file */
/* FreeBSD's letters, then OpenBSD's -x and -X; no reordering of argv. */
#define OPTSTRING	"+f:cdElm:np:AHRrSsTt:xX"

enum {
	OPT_JSON = 256,
};

static const struct option longopts[] = {
	{ "json", no_argument, NULL, OPT_JSON },
	{ NULL, 0, NULL, 0 },
};

static void usage(void) __attribute__((__noreturn__));

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
	struct ktr_reader *r;
	struct ktr_record rec;
	FILE *fp;
	int ch, points, rv;

	while ((ch = getopt_long(argc, argv, OPTSTRING, longopts,
	    NULL)) != -1)
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
			opts.pid = (pid_t)strtonum(optarg, 1, INT_MAX,
			    &errstr);
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
			kdump_record(&rec);
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
	fprintf(stderr, "usage: kdump [-dEnlHRrSsTAcXx] [--json] "
	    "[-f trfile] [-m maxdata] [-p pid] [-t trstr]\n");
	exit(1);
}
