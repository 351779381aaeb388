/*
 * ktrset FILE PID: ktrace(2) KTROP_SET of ktrace(1)'s default points on
 * process PID into FILE, which must exist.  Unlike ktrace(1) it neither
 * recreates FILE nor insists on owning it when appending, so a test can
 * have two users' processes traced into one file that both may write.
 */
#include <err.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "libktrace.h"

int
main(int argc, char *argv[])
{
	const char *errstr;
	pid_t pid;

	if (argc != 3) {
		fprintf(stderr, "usage: ktrset file pid\n");
		return 2;
	}
	pid = (pid_t)strtonum(argv[2], 1, INT_MAX, &errstr);
	if (errstr != NULL)
		errx(2, "pid %s: %s", argv[2], errstr);
	if (ktrace(argv[1], KTROP_SET, KTR_DEF_POINTS | KTR_PROC_ABI_POINTS,
	    pid) != 0)
		err(1, "%s", argv[1]);
	return 0;
}
