/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * CRC-32 as zlib's crc32() computes it (IEEE 802.3, reflected, initial
 * and final complement): the kernel seals the dump anchor with
 * crc32_le(~0, buf, len) ^ ~0, which is the same function.  Here rather
 * than a zlib dependency for one checksum.
 */
#include <stddef.h>
#include <stdint.h>

#include "libktrace.h"

#define CRC32_POLY	0xedb88320U	/* 0x04c11db7 reflected */

uint32_t
ktr_crc32(uint32_t crc, const void *buf, size_t len)
{
	const unsigned char *p = buf;
	uint32_t table[256], c;
	int i, k;

	/*
	 * The table costs 2 KiB of work per call, nothing beside an anchor
	 * of up to a MiB, and leaves no state shared between threads.
	 */
	for (i = 0; i < 256; i++) {
		c = (uint32_t)i;
		for (k = 0; k < 8; k++)
			c = (c & 1) ? (c >> 1) ^ CRC32_POLY : c >> 1;
		table[i] = c;
	}
	c = ~crc;
	while (len-- > 0)
		c = table[(c ^ *p++) & 0xff] ^ (c >> 8);
	return (~c);
}
