/* SPDX-License-Identifier: BSD-2-Clause */
/* Lookups in the generated signal, si_code and address family tables. */
#include <stddef.h>

#include "libktrace.h"
#include "nametab.h"

const char *
ktr_signal_name(int sig)
{
	if (sig <= 0 || sig >= ktr_nsignames)
		return (NULL);
	return (ktr_signames[sig]);
}

/* The codes any signal may carry first, as the kernel assigns them. */
const char *
ktr_sigcode_name(int sig, int code)
{
	int i;

	for (i = 0; i < ktr_nsigcodes; i++)
		if (ktr_sigcodes[i].sig == 0 && ktr_sigcodes[i].code == code)
			return (ktr_sigcodes[i].name);
	if (sig <= 0)
		return (NULL);
	for (i = 0; i < ktr_nsigcodes; i++)
		if (ktr_sigcodes[i].sig == sig && ktr_sigcodes[i].code == code)
			return (ktr_sigcodes[i].name);
	return (NULL);
}

const char *
ktr_family_name(int family)
{
	if (family < 0 || family >= ktr_nafnames)
		return (NULL);
	return (ktr_afnames[family]);
}
