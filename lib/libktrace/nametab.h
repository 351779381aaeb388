/* SPDX-License-Identifier: BSD-2-Clause */
/* Internal: the generated name tables (gen_names.c, mknames). */
#ifndef _NAMETAB_H_
#define _NAMETAB_H_

struct ktr_codename {
	int	sig;		/* 0: any signal */
	int	code;
	const char *name;
};

extern const char *const ktr_signames[];	/* NULL: no such signal */
extern const int ktr_nsignames;
extern const struct ktr_codename ktr_sigcodes[];
extern const int ktr_nsigcodes;
extern const char *const ktr_afnames[];		/* NULL: no such family */
extern const int ktr_nafnames;

#endif /* !_NAMETAB_H_ */
