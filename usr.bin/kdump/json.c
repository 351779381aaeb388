/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * --json: each record as one JSON object on one line, for scripts.  The
 * header's fields, the payload decoded ("decoded", by type) and the
 * payload's bytes in hex ("raw").  Numbers are JSON integers, exact
 * (64-bit values may exceed what a double holds: parse them as
 * integers).  Strings carry bytes, not text: byte b is the character
 * U+00bb, so any byte sequence survives and, in Python,
 * s.encode("latin-1") gives the bytes back.  See kdump(1).
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "kdump.h"
#include "sockaddr.h"

/* A string of bytes, each one character U+0000 to U+00FF. */
void
json_bytes(FILE *fp, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t i;

	putc('"', fp);
	for (i = 0; i < len; i++)
		switch (p[i]) {
		case '"':
			fputs("\\\"", fp);
			break;
		case '\\':
			fputs("\\\\", fp);
			break;
		case '\n':
			fputs("\\n", fp);
			break;
		case '\r':
			fputs("\\r", fp);
			break;
		case '\t':
			fputs("\\t", fp);
			break;
		default:
			if (p[i] < 0x20 || p[i] > 0x7e)
				fprintf(fp, "\\u%04x", p[i]);
			else
				putc(p[i], fp);
			break;
		}
	putc('"', fp);
}

/* A NUL-terminated string (of the tables, or bounded by the reader). */
void
json_string(FILE *fp, const char *s)
{
	if (s == NULL)
		fputs("null", fp);
	else
		json_bytes(fp, s, strlen(s));
}

static void
json_hex(FILE *fp, const void *data, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	const unsigned char *p = data;
	size_t i;

	putc('"', fp);
	for (i = 0; i < len; i++) {
		putc(digits[p[i] >> 4], fp);
		putc(digits[p[i] & 0xf], fp);
	}
	putc('"', fp);
}

static void
json_header(FILE *fp, const struct ktr_record *rec, const char *type)
{
	const struct ktr_header *h = &rec->hdr;

	fputs("{\"type\":", fp);
	json_string(fp, type);
	fprintf(fp, ",\"type_num\":%d,\"offset\":%jd,\"version\":%d,"
	    "\"dropped\":%s,\"pid\":%" PRId32 ",\"tid\":%" PRId64
	    ",\"comm\":", h->ktr_type, (intmax_t)rec->offset, h->ktr_version,
	    rec->dropped ? "true" : "false", h->ktr_pid,
	    (int64_t)h->ktr_tid);
	json_string(fp, h->ktr_comm);
	/* Version 0 headers have no cpu, and times in microseconds. */
	if (h->ktr_version == KTR_VERSION0)
		fputs(",\"cpu\":null", fp);
	else
		fprintf(fp, ",\"cpu\":%" PRId32, h->ktr_cpu);
	fprintf(fp, ",\"time\":{\"sec\":%" PRId64 ",\"nsec\":%" PRId64 "}",
	    (int64_t)h->ktr_time.tv_sec, (int64_t)h->ktr_time.tv_nsec);
}

static void
json_syscall_name(FILE *fp, enum ktr_abi abi, int code)
{
	fputs("\"syscall\":", fp);
	json_string(fp, code < 0 ? NULL : ktr_syscall_name(abi, code));
	fprintf(fp, ",\"number\":%d,\"abi\":\"%s\"", code, abi_name(abi));
}

/* CALL: the arguments the syscall takes, as the text shows them. */
static void
json_call(FILE *fp, const struct ktr_record *rec, enum ktr_abi abi)
{
	const struct ktr_syscall *sc = rec->data;
	int i, narg;

	lastcall_set((pid_t)rec->hdr.ktr_tid, sc->ktr_code);
	json_syscall_name(fp, abi, sc->ktr_code);
	narg = ktr_syscall_nargs(abi, sc->ktr_code);
	if (narg < 0 || narg > sc->ktr_narg)
		narg = sc->ktr_narg;
	fprintf(fp, ",\"recorded_args\":%d,\"args\":[", sc->ktr_narg);
	for (i = 0; i < narg; i++)
		fprintf(fp, "%s%" PRIu64, i == 0 ? "" : ",",
		    (uint64_t)sc->ktr_args[i]);
	putc(']', fp);
}

static void
json_ret(FILE *fp, const struct ktr_record *rec, enum ktr_abi abi)
{
	const struct ktr_sysret *sr = rec->data;
	int code = sr->ktr_code, error = sr->ktr_error;
	bool justreturn;

	justreturn = code == -1 && error == KTR_EJUSTRETURN;
	if (justreturn)
		code = lastcall_get((pid_t)rec->hdr.ktr_tid);
	json_syscall_name(fp, abi, code);
	fprintf(fp, ",\"justreturn\":%s,\"retval\":%" PRId64 ",\"error\":%d"
	    ",\"errno\":", justreturn ? "true" : "false",
	    (int64_t)sr->ktr_retval, error);
	json_string(fp, error == 0 || justreturn ? NULL :
	    ktr_errno_name(error));
	fputs(",\"strerror\":", fp);
	json_string(fp, error == 0 || justreturn ? NULL :
	    ktr_errno_text(error));
}

static void
json_genio(FILE *fp, const struct ktr_record *rec)
{
	const struct ktr_genio *gio = rec->data;
	const unsigned char *p = (const unsigned char *)rec->data +
	    sizeof(*gio);
	size_t len = rec->len - sizeof(*gio), shown = len;

	fprintf(fp, "\"fd\":%" PRId32 ",\"direction\":\"%s\",\"length\":%zu",
	    gio->ktr_fd, gio->ktr_rw == KTR_UIO_READ ? "read" : "write", len);
	/* -s: no data; -m: at most that much. */
	if (opts.suppress)
		return;
	if (opts.maxdata > 0 && shown > (size_t)opts.maxdata)
		shown = (size_t)opts.maxdata;
	fputs(",\"data\":", fp);
	json_bytes(fp, p, shown);
	if (shown < len)
		fputs(",\"truncated\":true", fp);
}

static void
json_psig(FILE *fp, const struct ktr_record *rec)
{
	const struct ktr_psig *psig = rec->data;
	const char *action;

	fprintf(fp, "\"signo\":%" PRId32 ",\"signal\":", psig->signo);
	json_string(fp, ktr_signal_name(psig->signo));
	if (psig->action == KTR_SIG_DFL)
		action = "SIG_DFL";
	else if (psig->action == KTR_SIG_IGN)
		action = "SIG_IGN";
	else
		action = "caught";
	fprintf(fp, ",\"action\":\"%s\",\"handler\":%" PRIu64
	    ",\"mask\":%" PRIu64 ",\"code\":%" PRId32 ",\"code_name\":",
	    action, (uint64_t)psig->action,
	    (uint64_t)psig->mask[1] << 32 | psig->mask[0], psig->code);
	json_string(fp, ktr_sigcode_name(psig->signo, psig->code));
}

static void
json_csw(FILE *fp, const struct ktr_record *rec)
{
	const struct ktr_csw *cs = rec->data;

	fprintf(fp, "\"event\":\"%s\",\"mode\":\"%s\",\"wmesg\":",
	    cs->out ? "stop" : "resume", cs->user ? "user" : "kernel");
	if (rec->len == sizeof(*cs))
		json_bytes(fp, cs->wmesg, strnlen(cs->wmesg,
		    sizeof(cs->wmesg)));
	else
		fputs("null", fp);
}

/* A STRU sockaddr's members, from "valid"; "addr":null if too short. */
static void
json_sockaddr(FILE *fp, const void *data, size_t len)
{
	struct sockaddr_fields f;

	if (len > sizeof(struct sockaddr_storage) ||
	    !sockaddr_decode(&f, data, len)) {
		fputs(",\"valid\":false", fp);
		return;
	}
	fprintf(fp, ",\"valid\":true,\"family\":%u,\"family_name\":",
	    (unsigned int)f.family);
	json_string(fp, ktr_family_name(f.family));
	switch (f.family) {
	case AF_INET:
	case AF_INET6:
		json_inet_members(fp, &f);
		return;
	case AF_UNIX:
		json_unix_members(fp, &f, f.pathlen);
		return;
	case AF_NETLINK:
		if (f.complete)
			fprintf(fp, ",\"nl_pid\":%u,\"nl_groups\":%u",
			    f.nl_pid, f.nl_groups);
		else
			fputs(",\"addr\":null", fp);
		return;
	}
}

/*
 * An AF_INET or AF_INET6 address's members, for STRU and the network
 * views alike: "addr":null if it was too short for its family.
 */
void
json_inet_members(FILE *fp, const struct sockaddr_fields *f)
{
	if (!f->complete)
		fputs(",\"addr\":null", fp);
	else if (f->family == AF_INET)
		fprintf(fp, ",\"addr\":\"%s\",\"port\":%u", f->addr, f->port);
	else
		fprintf(fp, ",\"addr\":\"%s\",\"port\":%u,\"scope_id\":%u",
		    f->addr, f->port, f->scope_id);
}

/* An AF_UNIX address's members: the first @n bytes of its path. */
void
json_unix_members(FILE *fp, const struct sockaddr_fields *f, size_t n)
{
	fprintf(fp, ",\"abstract\":%s,\"path\":",
	    f->abstract ? "true" : "false");
	json_bytes(fp, f->path, n);
}

/* The text's rules: a name of letters and '_', then some bytes. */
static void
json_struct(FILE *fp, const struct ktr_record *rec)
{
	const char *name = rec->data;
	const char *c;
	size_t namelen = strlen(name);

	fputs("\"struct\":", fp);
	json_string(fp, name);
	for (c = name; *c != '\0'; c++)
		if ((*c < 'a' || *c > 'z') && (*c < 'A' || *c > 'Z') &&
		    *c != '_')
			break;
	if (namelen + 1 >= rec->len || *c != '\0') {
		fputs(",\"valid\":false", fp);
		return;
	}
	if (strcmp(name, KTR_STRUCT_SOCKADDR) == 0)
		json_sockaddr(fp, name + namelen + 1, rec->len - namelen - 1);
	else if (strcmp(name, KTR_STRUCT_STAT) == 0)
		json_stat(fp, name + namelen + 1, rec->len - namelen - 1);
	else
		fputs(",\"valid\":true,\"known\":false", fp);
}

/* Every field of a window, and its set by name (null: unknown). */
void
json_window(FILE *fp, const struct ktr_window *w)
{
	fprintf(fp, "\"cpu\":%" PRIu32 ",\"set\":%" PRIu32 ",\"set_name\":",
	    w->kwin_cpu, w->kwin_set);
	json_string(fp, window_set_name(w));
	fprintf(fp, ",\"overwritten\":%" PRIu64 ",\"held\":%" PRIu64
	    ",\"inflight\":%" PRIu32 ",\"flags\":%" PRIu32 ",\"dump\":%s",
	    (uint64_t)w->kwin_overwritten, (uint64_t)w->kwin_held,
	    w->kwin_inflight, w->kwin_flags,
	    (w->kwin_flags & KTR_WIN_DUMP) ? "true" : "false");
}

/* A wait's length, and whether it timed out (any value but 0). */
void
json_wait(FILE *fp, const struct ktr_wait *w)
{
	fprintf(fp, "\"ns\":%" PRIu64 ",\"timed_out\":%s",
	    (uint64_t)w->ktr_ns, w->ktr_timedout != 0 ? "true" : "false");
}

/* NUL-terminated strings; a last one without its NUL ends there. */
static void
json_list(FILE *fp, const struct ktr_record *rec)
{
	const char *p = rec->data, *end = p + rec->len;
	size_t n;

	fputs("\"list\":[", fp);
	while (p < end) {
		n = strnlen(p, (size_t)(end - p));
		if (p != rec->data)
			putc(',', fp);
		json_bytes(fp, p, n);
		p += n + 1;
	}
	putc(']', fp);
}

/* The text's name of type t, without its padding, in buf if need be. */
static const char *
json_type(int t, char *buf, size_t size)
{
	const char *name;

	if ((name = kdump_type_name(t)) != NULL) {
		(void)snprintf(buf, size, "%s", name);
		buf[strcspn(buf, " ")] = '\0';
		return (buf);
	}
	if (t == KTR_PROCCTOR)
		return ("PROCCTOR");
	if (t == KTR_PROCDTOR)
		return ("PROCDTOR");
	return ("UNKNOWN");
}

/* The "decoded" object's members, by the record's type. */
static void
json_decoded(FILE *fp, const struct ktr_record *rec, enum ktr_abi abi)
{
	const struct ktr_proc_ctor *ctor;
	const struct ktr_lost *lost;

	switch (rec->hdr.ktr_type) {
	case KTR_SYSCALL:
		json_call(fp, rec, abi);
		break;
	case KTR_SYSRET:
		json_ret(fp, rec, abi);
		break;
	case KTR_NAMEI:
		fputs("\"path\":", fp);
		json_bytes(fp, rec->data, rec->len);
		break;
	case KTR_SYSCTL:
		fputs("\"name\":", fp);
		json_bytes(fp, rec->data, rec->len);
		break;
	case KTR_GENIO:
		json_genio(fp, rec);
		break;
	case KTR_PSIG:
		json_psig(fp, rec);
		break;
	case KTR_CSW:
		json_csw(fp, rec);
		break;
	case KTR_USER:
		fprintf(fp, "\"length\":%zu,\"data\":", rec->len);
		json_bytes(fp, rec->data, rec->len);
		break;
	case KTR_STRUCT:
		json_struct(fp, rec);
		break;
	case KTR_ARGS:
	case KTR_ENVS:
		json_list(fp, rec);
		break;
	case KTR_LOST:
		lost = rec->data;
		fprintf(fp, "\"count\":%" PRIu64, (uint64_t)lost->ktr_count);
		break;
	case KTR_WINDOW:
		json_window(fp, rec->data);
		break;
	case KTR_WAIT:
		json_wait(fp, rec->data);
		break;
	case KTR_PROCCTOR:
		ctor = rec->data;
		fprintf(fp, "\"sv_flags\":%" PRIu32 ",\"abi\":\"%s\"",
		    ctor->sv_flags, abi_name(abi_syscalls(ctor->sv_flags)));
		break;
	}
}

/* How much of the payload "raw" shows: -s and -m hold for GIO's too. */
static size_t
json_raw_len(const struct ktr_record *rec)
{
	size_t head = sizeof(struct ktr_genio);

	if (rec->hdr.ktr_type != KTR_GENIO)
		return (rec->len);
	if (opts.suppress)
		return (head);
	if (opts.maxdata > 0 && rec->len > head + (size_t)opts.maxdata)
		return (head + (size_t)opts.maxdata);
	return (rec->len);
}

void
json_record(FILE *fp, const struct ktr_record *rec, unsigned int sv_flags)
{
	char type[8];

	json_header(fp, rec, json_type(rec->hdr.ktr_type, type,
	    sizeof(type)));
	fprintf(fp, ",\"len\":%zu,\"decoded\":{", rec->len);
	json_decoded(fp, rec, abi_syscalls(sv_flags));
	fputs("},\"raw\":", fp);
	json_hex(fp, rec->data, json_raw_len(rec));
	fputs("}\n", fp);
}

/*
 * The text's "Events dropped." line: the process and thread of the
 * record that said so (which follows, unless -p or -t leave it out).
 */
void
json_dropped(FILE *fp, const struct ktr_record *rec)
{
	fprintf(fp, "{\"type\":\"DROPPED\",\"offset\":%jd,\"pid\":%" PRId32
	    ",\"tid\":%" PRId64 ",\"comm\":", (intmax_t)rec->offset,
	    rec->hdr.ktr_pid, (int64_t)rec->hdr.ktr_tid);
	json_string(fp, rec->hdr.ktr_comm);
	fputs("}\n", fp);
}

/* A time member of an object being printed on stdout: null if !valid. */
void
json_ktr_time(const char *what, const struct ktr_time *t, bool valid)
{
	printf(",\"%s\":", what);
	if (valid)
		printf("{\"sec\":%" PRId64 ",\"nsec\":%" PRId64 "}",
		    (int64_t)t->tv_sec, (int64_t)t->tv_nsec);
	else
		fputs("null", stdout);
}
