/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The last CALL each thread was shown making, to name a RET whose number
 * the kernel erased (a sigreturn's), in the text and in JSON alike: a
 * direct-mapped cache, enough for that.
 */
#include <sys/types.h>

#include <string.h>

#include "kdump.h"

#define LASTCALL_SIZE	1024

static struct {
	pid_t	tid;
	int	code;
} lastcall[LASTCALL_SIZE];

void
lastcall_set(pid_t tid, int code)
{
	lastcall[(unsigned int)tid % LASTCALL_SIZE].tid = tid;
	lastcall[(unsigned int)tid % LASTCALL_SIZE].code = code;
}

/* The thread's last syscall number, or -1 if none is known. */
int
lastcall_get(pid_t tid)
{
	if (tid != 0 && lastcall[(unsigned int)tid % LASTCALL_SIZE].tid == tid)
		return (lastcall[(unsigned int)tid % LASTCALL_SIZE].code);
	return (-1);
}

void
lastcall_reset(void)
{
	memset(lastcall, 0, sizeof(lastcall));
}
