/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sysargs: one syscall with the six arguments given, for the test that
 * each argument register lands in its place in a CALL record.
 *
 *   sysargs NUMBER ARG1 ARG2 ARG3 ARG4 ARG5 ARG6
 *
 * Numbers in C's notation (0x11).  Prints what the call returned; a
 * number no kernel knows fails with ENOSYS, which is what the test
 * wants: no table knows it either, so its record holds every register.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <err.h>

int
main(int argc, char *argv[])
{
	long a[7], r;
	char *end;
	int i;

	if (argc != 8)
		errx(2, "usage: sysargs number arg1 arg2 arg3 arg4 arg5 arg6");
	for (i = 0; i < 7; i++) {
		errno = 0;
		a[i] = strtol(argv[i + 1], &end, 0);
		if (errno != 0 || *end != '\0' || end == argv[i + 1])
			errx(2, "not a number: %s", argv[i + 1]);
	}
	r = syscall(a[0], a[1], a[2], a[3], a[4], a[5], a[6]);
	printf("%ld %d\n", r, r == -1 ? errno : 0);
	return 0;
}
