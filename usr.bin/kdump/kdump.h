/* SPDX-License-Identifier: BSD-2-Clause */
/* kdump(1): the options and the printers of each part of a line. */
#ifndef _KDUMP_H_
#define _KDUMP_H_

#include <sys/types.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "libktrace.h"

/* -E, -R, -T: printed in this order when combined. */
#define TIMESTAMP_ABSOLUTE	0x1
#define TIMESTAMP_ELAPSED	0x2
#define TIMESTAMP_RELATIVE	0x4

/* -x, -X: data as OpenBSD's kdump shows it. */
enum iohex {
	IOHEX_NONE,
	IOHEX_HEX,		/* -x: bytes in hex */
	IOHEX_ASCII,		/* -X: offset, hex and ASCII side by side */
};

/* What becomes of the records: one mode at a time (analysis.h). */
enum kdump_mode {
	MODE_TEXT,		/* FreeBSD's text, or --json records */
	MODE_PAIRS,		/* --pairs */
	MODE_RAW,		/* --raw */
	MODE_STATS,		/* --stats */
	MODE_GRAPH,		/* --graph */
	MODE_NET,		/* --net (net.h) */
	MODE_CONNECT,		/* --connections (net.h) */
};

/* --sort: the order of --stats's rows (stats.h). */
enum sort_key {
	SORT_ID,
	SORT_COUNT,
	SORT_TOTAL,
	SORT_AVERAGE,
	SORT_MAX,
	SORT_ERRORS,
};

/* --graph: the kinds, by kstrax's words; each '+' adds a measure. */
enum graph_kind {
	GRAPH_ALL,		/* ALL: every syscall, three measures */
	GRAPH_CNT,		/* CNT: ranked by count */
	GRAPH_CNT_P,		/* CNT+ */
	GRAPH_CNT_PP,		/* CNT++ */
	GRAPH_AVE,		/* AVE: ranked by average time */
	GRAPH_AVE_P,		/* AVE+ */
	GRAPH_AVE_PP,		/* AVE++ */
	GRAPH_TOTAL,		/* TOTAL: ranked by total time */
	GRAPH_TOTAL_P,		/* TOTAL+ */
	GRAPH_TOTAL_PP,		/* TOTAL++ */
	GRAPH_EXEC,		/* EXEC: each call's duration by issue time */
	GRAPH_EXEC_C,		/* EXEC-C: the same, 20 most called */
};

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
	int	timestamp;	/* TIMESTAMP_*, or'ed */
	enum iohex iohex;	/* -x or -X */
	bool	json;		/* --json: one JSON object a record */
	enum kdump_mode mode;
	enum sort_key sort;	/* --sort */
	bool	bypid;		/* --by-pid */
	enum graph_kind graph;	/* --graph */
	const char *output;	/* -o: the graph's file */
	int	interval;	/* --interval: seconds a table; 0: none */
	/* Which records are shown. */
	pid_t	pid;		/* -p: process or thread; 0 for all */
	bool	bytype;		/* -t given */
	unsigned int points;	/* -t: KTRFAC_* */
};

/* opts.c */
extern struct kdump_opts opts;
bool	live_wanted(void);	/* -l --interval: tables as the trace grows */

/*
 * What becomes of the records: one consumer, chosen by the options.
 * dropped: a record flagged KTR_DROP, before any filter (NULL: nothing
 * to say); record: every record -p wants, with its process's ABI flags
 * and its number in the file (from 1); end: the trace is over, what is
 * left to print is printed, and the exit status returned.
 */
struct consumer {
	void	(*start)(void);
	void	(*dropped)(const struct ktr_record *rec);
	void	(*record)(const struct ktr_record *rec, unsigned int sv_flags,
		    uint64_t serial);
	int	(*end)(void);
};

/* show.c: the records as text or JSON (-t, "Events dropped."). */
extern const struct consumer consumer_records;
void	show_record(const struct ktr_record *rec, unsigned int sv_flags);
void	show_dropped(const struct ktr_record *rec);
void	show_reset(void);

/*
 * dump.c: the loop.  kdump_start() picks the consumer, kdump_record()
 * takes each record read, kdump_end() ends the trace: the exit status.
 */
void	kdump_start(void);
void	kdump_record(const struct ktr_record *rec);
int	kdump_end(void);
/* Forget what earlier records told (processes' ABIs, times, drops). */
void	kdump_reset(void);

/* types.c: a record type's name, "CALL" (NULL if unknown); its text. */
const char *kdump_type_name(int type);
void	text_record(const struct ktr_record *rec, unsigned int sv_flags);

/* json.c: --json */
void	json_record(FILE *fp, const struct ktr_record *rec,
	    unsigned int sv_flags);
void	json_dropped(FILE *fp, const struct ktr_record *rec);
/* Bytes as a JSON string (byte b is U+00bb); a C string, or null. */
void	json_bytes(FILE *fp, const void *data, size_t len);
void	json_string(FILE *fp, const char *s);
void	json_ktr_time(const char *what, const struct ktr_time *t,
	    bool valid);
/* A KTR_WINDOW's members, "cpu" first, for an object begun. */
void	json_window(FILE *fp, const struct ktr_window *w);
/* A KTR_WAIT's members, "ns" and "timed_out", for an object begun. */
void	json_wait(FILE *fp, const struct ktr_wait *w);

/* abi.c */
void	abi_track(const struct ktr_record *rec);
unsigned int abi_flags(pid_t pid);
enum ktr_abi abi_syscalls(unsigned int sv_flags);
const char *abi_name(enum ktr_abi abi);		/* "x86_64", "i386" */
void	abi_reset(void);

/* header.c */
void	dump_header(const struct ktr_record *rec, const char *type,
	    unsigned int sv_flags);
void	dump_dropped(const struct ktr_record *rec);
void	header_reset(void);

/* lastcall.c: each thread's last CALL shown, for a RET without one. */
void	lastcall_set(pid_t tid, int code);
int	lastcall_get(pid_t tid);	/* -1: unknown */
void	lastcall_reset(void);

/* syscall.c */
void	dump_syscall(const struct ktr_record *rec, enum ktr_abi abi);
void	dump_sysret(const struct ktr_record *rec, enum ktr_abi abi);

/* strings.c, user.c */
void	dump_namei(const struct ktr_record *rec, enum ktr_abi abi);
void	dump_execve(const struct ktr_record *rec, enum ktr_abi abi);
void	dump_user(const struct ktr_record *rec, enum ktr_abi abi);

/* genio.c */
void	dump_genio(const struct ktr_record *rec, enum ktr_abi abi);
void	dump_data(const void *data, size_t len);	/* -x, -X */

/* signal.c, csw.c */
void	dump_psig(const struct ktr_record *rec, enum ktr_abi abi);
void	dump_csw(const struct ktr_record *rec, enum ktr_abi abi);

/* accounting.c */
void	dump_lost(const struct ktr_record *rec, enum ktr_abi abi);
void	dump_window(const struct ktr_record *rec, enum ktr_abi abi);
/* A KTR_WINDOW's parts, for the analyses' lines too; no newline. */
const char *window_set_name(const struct ktr_window *w);
void	window_label(const struct ktr_window *w);
void	window_counts(const struct ktr_window *w);
void	dump_wait(const struct ktr_record *rec, enum ktr_abi abi);
/* A KTR_WAIT's parts, for the analyses' lines too; no newline. */
void	wait_length(const struct ktr_wait *w);
void	wait_outcome(const struct ktr_wait *w);

/* struct.c, stat.c, sockaddr.c */
void	dump_struct(const struct ktr_record *rec, enum ktr_abi abi);
void	print_stat(const void *data, size_t len);
/* --json: a stat's members, "valid" first, for an object begun. */
void	json_stat(FILE *fp, const void *data, size_t len);
void	print_sockaddr(const void *data, size_t len);

#endif /* !_KDUMP_H_ */
