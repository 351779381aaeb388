/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The dispatch of argument decoding: the kinds of a syscall's arguments
 * come from argtab.c, found by the syscall's name (so both ABIs share
 * them; i386's own layouts first for an i386 process), their flag sets
 * resolved once.  Per ABI, an array indexed by syscall number keeps
 * what was found.
 */
#include <err.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"

#define NCODES		1024	/* syscall numbers decoded, per ABI */
#define NABIS		2

struct argspec {
	argfn	*print;
	const struct ktr_flagset *fs;
};

struct sysspec {
	struct argspec arg[ARGS_MAX];
};

/* Per ABI and number: the syscall's spec, or NULL for raw arguments. */
static const struct sysspec *specs[NABIS][NCODES];
static bool built[NABIS];

static int
cmpname(const void *a, const void *b)
{
	const struct sysargs *const *x = a, *const *y = b;

	return (strcmp((*x)->name, (*y)->name));
}

/* A table's entries by name, their sets resolved, in one allocation. */
struct index {
	const struct sysargs **byname;
	struct sysspec *spec;	/* spec[k] for table[k] */
	const struct sysargs *table;
	int	n;
};

static void
index_table(struct index *ix, const struct sysargs *table, int n)
{
	const struct argdesc *d;
	int k, a;

	ix->table = table;
	ix->n = n;
	if ((ix->byname = calloc((size_t)n, sizeof(*ix->byname))) == NULL ||
	    (ix->spec = calloc((size_t)n, sizeof(*ix->spec))) == NULL)
		err(1, NULL);
	for (k = 0; k < n; k++) {
		ix->byname[k] = &table[k];
		for (a = 0; a < ARGS_MAX; a++) {
			d = &table[k].arg[a];
			ix->spec[k].arg[a].print = d->print != NULL ? d->print :
			    pr_hex;
			ix->spec[k].arg[a].fs = d->set != NULL ?
			    need_flagset(d->set) : NULL;
		}
	}
	qsort(ix->byname, (size_t)n, sizeof(*ix->byname), cmpname);
	for (k = 1; k < n; k++)
		if (strcmp(ix->byname[k - 1]->name, ix->byname[k]->name) == 0)
			errx(1, "internal error: %s twice in the argument table",
			    ix->byname[k]->name);
}

static const struct sysspec *
index_find(const struct index *ix, const char *name)
{
	const struct sysargs key = { .name = name }, *kp = &key;
	const struct sysargs **found;

	found = bsearch(&kp, ix->byname, (size_t)ix->n, sizeof(*ix->byname),
	    cmpname);
	return (found != NULL ? &ix->spec[*found - ix->table] : NULL);
}

static void
build(enum ktr_abi abi)
{
	static struct index shared, i386;
	const struct sysspec *s;
	const char *name;
	int code;

	if (shared.table == NULL) {
		index_table(&shared, sysargs, nsysargs);
		index_table(&i386, sysargs_i386, nsysargs_i386);
	}
	for (code = 0; code < NCODES; code++) {
		if ((name = ktr_syscall_name(abi, code)) == NULL)
			continue;
		s = NULL;
		if (abi == KTR_ABI_I386)
			s = index_find(&i386, name);
		if (s == NULL)
			s = index_find(&shared, name);
		specs[abi][code] = s;
	}
	built[abi] = true;
}

static const struct sysspec *
lookup(enum ktr_abi abi, int code)
{
	if ((unsigned int)abi >= NABIS || code < 0 || code >= NCODES)
		return (NULL);
	if (!built[abi])
		build(abi);
	return (specs[abi][code]);
}

/*
 * "(a,b,c)" for a call with arguments, nothing for one without; a
 * syscall the table does not describe has its arguments in hex.
 */
void
print_args(FILE *fp, enum ktr_abi abi, int code, const uint64_t *args,
    int narg, bool decimal)
{
	struct argctx c = { .fp = fp, .abi = abi, .args = args,
	    .decimal = decimal };
	const struct sysspec *s;
	int i, k;

	c.narg = narg < ARGS_MAX ? narg : ARGS_MAX;
	s = lookup(abi, code);
	/* Argument k starts at register i: one may take two (OFF64). */
	for (i = 0, k = 0; i < c.narg; k++)
		if (s != NULL)
			i += s->arg[k].print(&c, i, s->arg[k].fs);
		else
			i += pr_hex(&c, i, NULL);
	if (c.printed > 0)
		putc(')', fp);
}
