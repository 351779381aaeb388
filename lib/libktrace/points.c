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

/*
 * The letters of the points in facs, in the table's order, into buf
 * (NUL-terminated, cut to size); "+" alone for exactly the default.
 */
void
ktr_pointstr(int facs, char *buf, size_t size)
{
	size_t i, n = 0;

	if (size == 0)
		return;
	facs &= KTRFAC_MASK & ~KTR_PROC_ABI_POINTS;
	if (facs == KTR_DEF_POINTS && size > 1)
		buf[n++] = '+';
	for (i = 0; facs != KTR_DEF_POINTS &&
	    i < sizeof(points) / sizeof(points[0]) - 1 && n + 1 < size; i++)
		if ((facs & points[i].facs) != 0)
			buf[n++] = points[i].letter;
	buf[n] = '\0';
}

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
