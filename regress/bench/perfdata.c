/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * perfdata FILE: what a perf.data file holds, counted without perf:
 * prints "SAMPLES LOST", the PERF_RECORD_SAMPLE records and the events
 * the kernel reported lost (the counts of PERF_RECORD_LOST and
 * PERF_RECORD_LOST_SAMPLES records).  `perf report -D` says the same but
 * takes minutes for a million samples in the guest.  Exits 2 when FILE
 * is not a perf.data file (PERFILE2) or is cut short.
 */
#include <sys/types.h>
#include <err.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PERF_RECORD_LOST	2
#define PERF_RECORD_SAMPLE	9
#define PERF_RECORD_LOST_SAMPLES 13

struct section {
	uint64_t offset, size;
};

struct file_header {
	uint64_t magic, size, attr_size;
	struct section attrs, data, event_types;
};

struct event_header {
	uint32_t type;
	uint16_t misc, size;
};

int
main(int argc, char *argv[])
{
	struct file_header fh;
	struct event_header eh;
	uint64_t off, end, samples = 0, lost = 0, v[2];
	FILE *f;

	if (argc != 2) {
		fprintf(stderr, "usage: perfdata FILE\n");
		return (2);
	}
	if ((f = fopen(argv[1], "rb")) == NULL)
		err(2, "%s", argv[1]);
	if (fread(&fh, sizeof(fh), 1, f) != 1 ||
	    memcmp(&fh.magic, "PERFILE2", 8) != 0)
		errx(2, "%s: not a perf.data file", argv[1]);
	off = fh.data.offset;
	end = off + fh.data.size;
	while (off < end) {
		if (fseeko(f, (off_t)off, SEEK_SET) != 0 ||
		    fread(&eh, sizeof(eh), 1, f) != 1)
			errx(2, "%s: cut short at %ju", argv[1], (uintmax_t)off);
		if (eh.size < sizeof(eh))
			errx(2, "%s: bad record at %ju", argv[1], (uintmax_t)off);
		switch (eh.type) {
		case PERF_RECORD_SAMPLE:
			samples++;
			break;
		case PERF_RECORD_LOST:		/* u64 id, u64 lost */
			if (fread(v, sizeof(v[0]), 2, f) != 2)
				errx(2, "%s: cut short", argv[1]);
			lost += v[1];
			break;
		case PERF_RECORD_LOST_SAMPLES:	/* u64 lost */
			if (fread(v, sizeof(v[0]), 1, f) != 1)
				errx(2, "%s: cut short", argv[1]);
			lost += v[0];
			break;
		}
		off += eh.size;
	}
	printf("%ju %ju\n", (uintmax_t)samples, (uintmax_t)lost);
	return (0);
}
