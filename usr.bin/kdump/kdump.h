/* SPDX-License-Identifier: BSD-2-Clause */
/* kdump(1): the options and the printers of each part of a line. */
#ifndef _KDUMP_H_
#define _KDUMP_H_

#include <sys/types.h>

#include <stdbool.h>
#include <stddef.h>

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
	bool	resolve;	/* -r: names and dates in struct stat */
	bool	syscallno;	/* -S */
	bool	suppress;	/* -s: no GIO data */
	bool	threads;	/* -H */
	int	maxdata;	/* -m: at most this much GIO data; 0 all */
	int	timestamp;	/* TIMESTAMP_* */
};

extern struct kdump_opts opts;

/* abi.c */
void	abi_track(const struct ktr_record *rec);
unsigned int abi_flags(pid_t pid);
enum ktr_abi abi_syscalls(unsigned int sv_flags);

/* header.c */
void	dump_header(const struct ktr_record *rec, const char *type,
	    unsigned int sv_flags);
void	dump_dropped(const struct ktr_record *rec);

/* syscall.c */
void	dump_syscall(const struct ktr_record *rec, enum ktr_abi abi);
void	dump_sysret(const struct ktr_record *rec, enum ktr_abi abi);

/* misc.c */
void	dump_namei(const struct ktr_record *rec, enum ktr_abi abi);
void	dump_user(const struct ktr_record *rec, enum ktr_abi abi);
void	dump_execve(const struct ktr_record *rec, enum ktr_abi abi);

/* genio.c */
void	dump_genio(const struct ktr_record *rec, enum ktr_abi abi);

/* events.c */
void	dump_psig(const struct ktr_record *rec, enum ktr_abi abi);
void	dump_csw(const struct ktr_record *rec, enum ktr_abi abi);
void	dump_lost(const struct ktr_record *rec, enum ktr_abi abi);

/* struct.c, stat.c, sockaddr.c */
void	dump_struct(const struct ktr_record *rec, enum ktr_abi abi);
void	print_stat(const void *data, size_t len);
void	print_sockaddr(const void *data, size_t len);

#endif /* !_KDUMP_H_ */
