/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * One record at a time: which records are shown (-p, -t), the "Events
 * dropped." notes, and the printer of each type, as text or as JSON.
 * Everything kdump prints goes through kdump_record(), so that a fuzzer
 * can drive the printers without running the command.
 */
#include <sys/types.h>

#include <stdio.h>

#include "analysis.h"
#include "filter.h"
#include "kdump.h"
#include "stats.h"

struct kdump_opts opts = { .fancy = true };

typedef void (*dumper)(const struct ktr_record *, enum ktr_abi);

/* The record types decoded; the others print as UNKNOWN(n). */
static const struct {
	const char *name;
	dumper	dump;
} types[] = {
	[KTR_SYSCALL] =	{ "CALL", dump_syscall },
	[KTR_SYSRET] =	{ "RET ", dump_sysret },
	[KTR_NAMEI] =	{ "NAMI", dump_namei },
	[KTR_GENIO] =	{ "GIO ", dump_genio },
	[KTR_PSIG] =	{ "PSIG", dump_psig },
	[KTR_CSW] =	{ "CSW ", dump_csw },
	[KTR_USER] =	{ "USER", dump_user },
	[KTR_STRUCT] =	{ "STRU", dump_struct },
	[KTR_SYSCTL] =	{ "SCTL", dump_namei },
	[KTR_ARGS] =	{ "ARGS", dump_execve },
	[KTR_ENVS] =	{ "ENVS", dump_execve },
	[KTR_LOST] =	{ "LOST", dump_lost },
	[KTR_WINDOW] =	{ "WIN ", dump_window },
	[KTR_WAIT] =	{ "WAIT", dump_wait },
};

/* Said once until a record is shown. */
static bool drop_logged;
/* The number of the record in the file, from 1 (--raw's serial). */
static uint64_t serial;

const char *
kdump_type_name(int type)
{
	if (type < 0 || type >= (int)(sizeof(types) / sizeof(types[0])) ||
	    types[type].dump == NULL)
		return (NULL);
	return (types[type].name);
}

/*
 * -p: the process's or thread's records.  A window is a CPU's, of no
 * process: what it did not keep may be any process's records, so it
 * bounds what -p shows too.
 */
bool
kdump_pid_wanted(const struct ktr_record *rec)
{
	return (opts.pid == 0 || rec->hdr.ktr_pid == opts.pid ||
	    rec->hdr.ktr_tid == opts.pid || rec->hdr.ktr_type == KTR_WINDOW);
}

static bool
wanted(const struct ktr_record *rec)
{
	int type = rec->hdr.ktr_type;

	/*
	 * Records that only tell a process's ABI: FreeBSD never shows them;
	 * JSON does, unless -t picks types (it has no letter for them).
	 */
	if ((type == KTR_PROCCTOR || type == KTR_PROCDTOR) &&
	    (!opts.json || opts.bytype))
		return (false);
	if (!kdump_pid_wanted(rec))
		return (false);
	/*
	 * Windows, lost records and waits for the writer are accounting,
	 * not trace points (no -t letter asks for them): always shown.
	 */
	if (type == KTR_WINDOW || type == KTR_LOST || type == KTR_WAIT)
		return (true);
	if (opts.bytype && (type >= 32 || (opts.points & (1U << type)) == 0))
		return (false);
	return (true);
}

void
kdump_show(const struct ktr_record *rec, unsigned int sv_flags)
{
	char unknown[32];
	const char *name;
	int type = rec->hdr.ktr_type;

	if (!wanted(rec))
		return;
	drop_logged = false;
	if (opts.json) {
		json_record(stdout, rec, sv_flags);
		return;
	}
	if ((name = kdump_type_name(type)) != NULL) {
		dump_header(rec, name, sv_flags);
		types[type].dump(rec, abi_syscalls(sv_flags));
	} else {
		(void)snprintf(unknown, sizeof(unknown), "UNKNOWN(%d)", type);
		dump_header(rec, unknown, sv_flags);
		putchar('\n');
		/* -x, -X: the payload nothing here can decode. */
		dump_data(rec->data, rec->len);
	}
}

void
kdump_record(const struct ktr_record *rec)
{
	/*
	 * Said before filtering, and once until a record is shown.  A
	 * window's KTR_DROP is for other readers: its line gives the count,
	 * and its pid 0 is no process's to say "Events dropped." for.
	 */
	if (rec->dropped && !drop_logged && opts.mode == MODE_TEXT &&
	    rec->hdr.ktr_type != KTR_WINDOW) {
		if (opts.json)
			json_dropped(stdout, rec);
		else
			dump_dropped(rec);
		drop_logged = true;
	}
	serial++;
	/* Before filtering: an ABI holds for the process's later records. */
	abi_track(rec);
	if (analysis_wanted())
		analysis_record(rec, abi_flags(rec->hdr.ktr_pid), serial);
	else
		kdump_show(rec, abi_flags(rec->hdr.ktr_pid));
}

void
kdump_reset(void)
{
	drop_logged = false;
	serial = 0;
	clock_reset();
	filter_reset();
	stats_reset(stats_trace);
	abi_reset();
	header_reset();
	lastcall_reset();
}
