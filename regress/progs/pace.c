/*
 * Like spin, at a walk: getppid() and access(argv[1]) until that file
 * exists, then exit 0; but sleep about argv[2] ms (default 2) between
 * rounds, so a process that lives for seconds of a slow guest leaves a
 * trace of kilobytes, not megabytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int
main(int argc, char *argv[])
{
	struct timespec ts = { 0, 2 * 1000 * 1000 };

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: pace stopfile [ms]\n");
		return 2;
	}
	if (argc == 3)
		ts.tv_nsec = atoi(argv[2]) % 1000 * 1000L * 1000;
	while (access(argv[1], F_OK) != 0) {
		(void)getppid();
		(void)nanosleep(&ts, NULL);
	}
	return 0;
}
