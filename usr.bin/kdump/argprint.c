/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The printers of arguments any syscall may have: numbers of each C type,
 * and names from the flag tables, the way FreeBSD's kdump prints them:
 * a single value by its name (<invalid=N> when it has none), bits as the
 * value then their names, 0x241<O_WRONLY|O_CREAT|O_TRUNC>, with
 * <invalid>N after for the bits no name covers.
 */
#include <err.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>

#include "args.h"

/* The flag tables the printers name, from libktrace: there or a bug. */
const struct ktr_flagset *
need_flagset(const char *name)
{
	const struct ktr_flagset *fs;

	if ((fs = ktr_flagset(name)) == NULL)
		errx(1, "internal error: no flag set %s in libktrace", name);
	return (fs);
}

uint64_t
need_flag(const struct ktr_flagset *fs, const char *name)
{
	uint64_t v;

	if (!ktr_flag_value(fs, name, &v))
		errx(1, "internal error: no %s in flag set %s", name, fs->name);
	return (v);
}

/* Before each argument printed: the opening parenthesis or a comma. */
void
argsep(struct argctx *c)
{
	putc(c->printed++ == 0 ? '(' : ',', c->fp);
}

int
pr_hex(struct argctx *c, int i, const struct ktr_flagset *fs)
{
	(void)fs;
	argsep(c);
	if (c->decimal)
		fprintf(c->fp, "%jd", (intmax_t)arg_long(c, i));
	else
		fprintf(c->fp, "%#jx", (uintmax_t)arg_ulong(c, i));
	return (1);
}

int
pr_ptr(struct argctx *c, int i, const struct ktr_flagset *fs)
{
	(void)fs;
	argsep(c);
	fprintf(c->fp, c->decimal ? "%ju" : "%#jx", (uintmax_t)arg_ulong(c, i));
	return (1);
}

int
pr_int(struct argctx *c, int i, const struct ktr_flagset *fs)
{
	(void)fs;
	argsep(c);
	fprintf(c->fp, "%" PRId32, arg_int(c, i));
	return (1);
}

int
pr_uint(struct argctx *c, int i, const struct ktr_flagset *fs)
{
	(void)fs;
	argsep(c);
	fprintf(c->fp, "%" PRIu32, arg_uint(c, i));
	return (1);
}

int
pr_long(struct argctx *c, int i, const struct ktr_flagset *fs)
{
	(void)fs;
	argsep(c);
	fprintf(c->fp, "%jd", (intmax_t)arg_long(c, i));
	return (1);
}

int
pr_ulong(struct argctx *c, int i, const struct ktr_flagset *fs)
{
	(void)fs;
	argsep(c);
	fprintf(c->fp, "%ju", (uintmax_t)arg_ulong(c, i));
	return (1);
}

/* As FreeBSD's kdump and chmod(1) write them: 0644; 0 alone. */
int
pr_mode(struct argctx *c, int i, const struct ktr_flagset *fs)
{
	(void)fs;
	argsep(c);
	fprintf(c->fp, "%#" PRIo32, arg_uint(c, i));
	return (1);
}

/*
 * An i386 64-bit argument (an offset, a length) in two registers, one
 * number as FreeBSD's kdump prints its own; alone when its other half is
 * not recorded.
 */
static int
print_split(struct argctx *c, int lo, int hi)
{
	int64_t v;

	argsep(c);
	if (hi >= c->narg || lo >= c->narg) {
		fprintf(c->fp, "%" PRIu32, arg_uint(c, lo < hi ? lo : hi));
		return (1);
	}
	v = (int64_t)(((uint64_t)arg_uint(c, hi) << 32) | arg_uint(c, lo));
	fprintf(c->fp, "%jd", (intmax_t)v);
	return (2);
}

int
pr_off64(struct argctx *c, int i, const struct ktr_flagset *fs)
{
	(void)fs;
	return (print_split(c, i, i + 1));
}

int
pr_off64hl(struct argctx *c, int i, const struct ktr_flagset *fs)
{
	(void)fs;
	return (print_split(c, i + 1, i));
}

/* FreeBSD's <invalid=N>: in hex, or in decimal with -d. */
void
print_enum(struct argctx *c, int64_t v, const struct ktr_flagset *fs)
{
	const char *name;

	if ((name = ktr_flag_name(fs, (uint64_t)v)) != NULL)
		fputs(name, c->fp);
	else if (c->decimal)
		fprintf(c->fp, "<invalid=%jd>", (intmax_t)v);
	else
		fprintf(c->fp, "<invalid=%#jx>", (uintmax_t)v);
}

int
pr_enum(struct argctx *c, int i, const struct ktr_flagset *fs)
{
	argsep(c);
	print_enum(c, arg_int(c, i), fs);
	return (1);
}

int
pr_lenum(struct argctx *c, int i, const struct ktr_flagset *fs)
{
	argsep(c);
	print_enum(c, arg_long(c, i), fs);
	return (1);
}

/* A value that may be a plain number too (a clock id made of a pid). */
int
pr_name(struct argctx *c, int i, const struct ktr_flagset *fs)
{
	const char *name;

	argsep(c);
	if ((name = ktr_flag_name(fs, (uint64_t)(int64_t)arg_int(c, i))) !=
	    NULL)
		fputs(name, c->fp);
	else
		fprintf(c->fp, "%" PRId32, arg_int(c, i));
	return (1);
}

/*
 * The names of the bits of *rem that fs names, each after a '|' but the
 * first (n names printed before), clearing them; returns the new count.
 * A name of several bits is taken only whole, in the table's order.
 */
int
mask_names(struct argctx *c, const struct ktr_flagset *fs, uint64_t *rem,
    int n)
{
	const struct ktr_flag *f;
	int i;

	for (i = 0; i < fs->nflags; i++) {
		f = &fs->flags[i];
		if (f->value != 0 && (*rem & f->value) == f->value) {
			fprintf(c->fp, "%s%s", n++ > 0 ? "|" : "", f->name);
			*rem &= ~f->value;
		}
	}
	return (n);
}

void
mask_end(struct argctx *c, uint64_t rem)
{
	putc('>', c->fp);
	if (rem != 0)
		fprintf(c->fp, "<invalid>%ju", (uintmax_t)rem);
}

/* The name of a field's value, or of 0 for the set: NULL when none. */
static const char *
zero_or_field(const struct ktr_flagset *fs, uint64_t v)
{
	int i;

	if (fs->nfield > 0) {
		for (i = 0; i < fs->nfield; i++)
			if (fs->field[i].value == (v & fs->fieldmask))
				return (fs->field[i].name);
		return (NULL);
	}
	if (v == 0)
		return (ktr_flag_name(fs, 0));
	return (NULL);
}

void
print_mask(struct argctx *c, uint64_t v, const struct ktr_flagset *fs)
{
	const char *name;
	uint64_t rem;
	int n = 0;

	name = zero_or_field(fs, v);
	if (v == 0) {
		if (name != NULL)
			fprintf(c->fp, "0<%s>", name);
		else
			putc('0', c->fp);
		return;
	}
	fprintf(c->fp, "%#jx<", (uintmax_t)v);
	rem = v;
	if (name != NULL) {
		fputs(name, c->fp);
		n++;
		rem &= ~fs->fieldmask;
	}
	(void)mask_names(c, fs, &rem, n);
	mask_end(c, rem);
}

int
pr_flags(struct argctx *c, int i, const struct ktr_flagset *fs)
{
	argsep(c);
	print_mask(c, arg_uint(c, i), fs);
	return (1);
}

int
pr_lflags(struct argctx *c, int i, const struct ktr_flagset *fs)
{
	argsep(c);
	print_mask(c, arg_ulong(c, i), fs);
	return (1);
}

/* As PSIG names it: SIGTERM, SIGRT3, "SIG 99"; 0, kill's probe, is 0. */
void
print_signal_arg(struct argctx *c, int sig)
{
	const char *name;

	if (sig == 0)
		putc('0', c->fp);
	else if ((name = ktr_signal_name(sig)) != NULL)
		fputs(name, c->fp);
	else
		fprintf(c->fp, "SIG %d", sig);
}

int
pr_signal(struct argctx *c, int i, const struct ktr_flagset *fs)
{
	(void)fs;
	argsep(c);
	print_signal_arg(c, arg_int(c, i));
	return (1);
}
