/* SPDX-License-Identifier: BSD-2-Clause */
/* Internal: the generated flag tables (gen_flags.c, mkflags, flags.def). */
#ifndef _FLAGTAB_H_
#define _FLAGTAB_H_

#include "libktrace.h"

extern const struct ktr_flagset ktr_flagsets[];	/* sorted by name */
extern const int ktr_nflagsets;

#endif /* !_FLAGTAB_H_ */
