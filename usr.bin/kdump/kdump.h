/* SPDX-License-Identifier: BSD-2-Clause */
/* kdump(1): the options and the printers of each part of a line. */
#ifndef _KDUMP_H_
#define _KDUMP_H_

#include <stdbool.h>

#include "libktrace.h"

/* -E, -R, -T: printed in this order when combined. */
#define TIMESTAMP_ABSOLUTE	0x1
#define TIMESTAMP_ELAPSED	0x2
#define TIMESTAMP_RELATIVE	0x4

struct kdump_opts {
	bool	abi;		/* -A: the ABI the record is decoded with */
	bool	cpu;		/* -c */
	bool	decimal;	/* -d */
	bool	fancy;		/* not -n */
	bool	follow;		/* -l */
	bool	resolve;	/* -r: nothing to resolve yet */
	bool	syscallno;	/* -S */
	bool	suppress;	/* -s: no I/O data yet */
	bool	threads;	/* -H */
	int	maxdata;	/* -m: no I/O data yet */
	int	timestamp;	/* TIMESTAMP_* */
};

extern struct kdump_opts opts;

/* header.c */
void	dump_header(const struct ktr_record *rec, const char *type,
	    enum ktr_abi abi);
void	dump_dropped(const struct ktr_record *rec);

/* syscall.c */
void	dump_syscall(const struct ktr_record *rec, enum ktr_abi abi);
void	dump_sysret(const struct ktr_record *rec, enum ktr_abi abi);

/* misc.c */
void	dump_namei(const struct ktr_record *rec, enum ktr_abi abi);
void	dump_user(const struct ktr_record *rec, enum ktr_abi abi);

#endif /* !_KDUMP_H_ */
