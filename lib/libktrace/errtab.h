/* SPDX-License-Identifier: BSD-2-Clause */
/* Internal: the generated errno table (gen_errno.c, mkerrno). */
#ifndef _ERRTAB_H_
#define _ERRTAB_H_

struct ktr_errent {
	const char *name;	/* NULL: no errno has this value */
	const char *text;
};

extern const struct ktr_errent ktr_errtab[];
extern const int ktr_nerrtab;

#endif /* !_ERRTAB_H_ */
