/*
 * Make getppid() calls until the file named by argv[1] exists, then exit
 * 0: a process that keeps making syscalls for as long as a test wants,
 * and stops when told, without the test having to guess a duration.
 */
#include <stdio.h>
#include <unistd.h>

int
main(int argc, char *argv[])
{
	if (argc != 2) {
		fprintf(stderr, "usage: spin stopfile\n");
		return 2;
	}
	while (access(argv[1], F_OK) != 0)
		(void)getppid();
	return 0;
}
