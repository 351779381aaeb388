/* SPDX-License-Identifier: BSD-2-Clause */
/* The trace point letters of ktrace(1) -t and kdump(1) -t. */
#include <string.h>

#include "libktrace.h"

static const struct {
	char	letter;
	int	facs;
} points[] = {
	{ 'c', KTRFAC_SYSCALL | KTRFAC_SYSRET },
	{ 'f', KTRFAC_FAULT | KTRFAC_FAULTEND },
	{ 'i', KTRFAC_GENIO },
	{ 'n', KTRFAC_NAMEI },
	{ 'p', KTRFAC_CAPFAIL },
	{ 's', KTRFAC_PSIG },
	{ 't', KTRFAC_STRUCT | KTRFAC_STRUCT_ARRAY },
	{ 'u', KTRFAC_USER },
	{ 'w', KTRFAC_CSW },
	{ 'y', KTRFAC_SYSCTL },
	{ 'a', KTRFAC_ARGS },		/* as FreeBSD's newest ktrace(1) */
	{ 'e', KTRFAC_ENVS },
	{ '+', KTR_DEF_POINTS },
};

int
ktr_getpoints(const char *s)
{
	size_t i;
	int facs = 0;

	for (; *s != '\0'; s++) {
		for (i = 0; i < sizeof(points) / sizeof(points[0]); i++)
			if (points[i].letter == *s)
				break;
		if (i == sizeof(points) / sizeof(points[0]))
			return (-1);
		facs |= points[i].facs;
	}
	return (facs);
}
