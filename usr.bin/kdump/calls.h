/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Syscalls as calls: each thread's CALL matched with its RET, for the
 * analyses (--pairs, --raw, --stats, --graph) and the filters that judge
 * a whole call (--errors, --success, --files).
 */
#ifndef _KDUMP_CALLS_H_
#define _KDUMP_CALLS_H_

#include <stdbool.h>
#include <stdint.h>

#include "kdump.h"

/* Records held with a call until it is judged (the text's filters). */
struct held {
	struct held *next;
	unsigned int sv_flags;	/* the process's ABI when it was read */
	struct ktr_record rec;	/* rec.data points into data[] */
	unsigned char data[];
};

struct call {
	struct call *next;	/* in the table of calls in progress */
	pid_t	pid;
	pid_t	tid;
	char	comm[KTR_COMMLEN];
	enum ktr_abi abi;
	int	code;		/* -1: unknown (an exit that erased it) */
	bool	entered;	/* its CALL was read */
	bool	returned;	/* its RET was read */
	bool	noreturn;	/* exit, exit_group: it cannot return */
	bool	justreturn;	/* returned no value (sigreturn) */
	bool	child;		/* a new process's or thread's return from
				   fork or clone: an exit with no entry of
				   its own, and no call missing one */
	struct ktr_time start, end;	/* valid if entered, returned */
	int	start_cpu, end_cpu;
	uint64_t start_serial, end_serial;	/* record numbers, from 1 */
	int	narg;
	uint64_t args[KTR_SYSCALL_MAXARGS];
	int	error;		/* Linux errno, 0 on success */
	int64_t	retval;
	char	*path;		/* its first NAMI, NUL-terminated, or NULL */
	size_t	pathlen;
	struct held *held, **heldtail;
};

/*
 * What the matcher tells the mode that uses it.  entered: a CALL was
 * read (the call goes on); done: the call is over (returned, or it never
 * will: superseded by the thread's next CALL, exit, end of the trace;
 * or an exit whose entry was not seen), and is freed after; lost: a LOST
 * record of count records; window: a WINDOW record; wait: a WAIT record
 * (NULL: ignored).
 */
struct calls_ops {
	void	(*entered)(struct call *c);
	void	(*done)(struct call *c);
	void	(*lost)(const struct ktr_record *rec, uint64_t count);
	void	(*window)(const struct ktr_record *rec,
		    const struct ktr_window *w);
	void	(*wait)(const struct ktr_record *rec, const struct ktr_wait *w);
};

/*
 * With hold, every record of a call (CALL, RET, NAMI, GIO, STRU, SCTL,
 * ARGS, ENVS: the types ktrace -e selects with the call) is held with it
 * until it is done; the held records are freed after done.
 */
void	calls_init(const struct calls_ops *ops, bool hold);
/*
 * Feed one record, with the number of its place in the file (from 1).
 * True if the record was held with a call (so not to be shown now).
 */
bool	calls_feed(const struct ktr_record *rec, unsigned int sv_flags,
	    uint64_t serial);
/* The end of the trace: every call in progress is over. */
void	calls_finish(void);
/* The call in progress on a thread, or NULL. */
struct call *calls_current(pid_t tid);
/* Records that could not be held: kdump held too much already. */
uint64_t calls_unheld(void);
/* Whether a record's type belongs to the call it is made in. */
bool	calls_type_of_call(int type);

/* The syscall families the analyses name. */
bool	call_opens(const struct call *c);	/* returns a path's new fd */
const char *call_name(const struct call *c);	/* NULL: unknown */

#endif /* !_KDUMP_CALLS_H_ */
