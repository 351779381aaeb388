/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target: any bytes, as a memory dump, through libktrace's
 * dump reader (ktr_core_open, ktr_core_rings: the ELF headers, the
 * anchor scan, the descriptors, the rings' pages) and the snapshot
 * writer (ktr_snapshot_write: slot checks, the merge, the records made),
 * as ktrace -R -M core runs them; then with the anchor's address given,
 * at the frame regress/tools/mkcore puts it by default.  Mutations of an
 * anchor would never pass its CRC: each input runs once more with the
 * CRC of every anchor in it made right, so that what follows the check
 * is fuzzed too.
 *
 * Oracles besides ASan and UBSan: every message names the file, or says
 * there is no anchor in it; each warning is one line; and the trace file
 * written reads to its end with the record reader, starting with one
 * KTR_WINDOW record per window: a dump, however bad, never makes a file
 * that kdump refuses.
 */
#define _GNU_SOURCE		/* memfd_create(), open_memstream() */
#include <sys/mman.h>
#include <sys/types.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libktrace.h"

int	LLVMFuzzerInitialize(int *argc, char ***argv);
int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MKCORE_ANCHOR	0x2a7000

static int fd = -1;
static char path[64];

static void
warn_check(void *arg, const char *msg)
{
	(void)arg;
	if (msg[0] == '\0' || strchr(msg, '\n') != NULL)
		abort();
}

/* The snapshot as a trace file: every record reads. */
static void
check_trace(const char *buf, size_t len, int nwins,
    const struct ktr_snapstat *st)
{
	struct ktr_reader *r;
	struct ktr_record rec;
	uint64_t n = 0;
	FILE *fp;
	int rv;

	if (len == 0) {
		if (nwins != 0)
			abort();
		return;
	}
	if ((fp = fmemopen((void *)(uintptr_t)buf, len, "r")) == NULL ||
	    (r = ktr_reader_open(fp, "snapshot", 0)) == NULL)
		abort();
	while ((rv = ktr_next(r, &rec)) == 1) {
		if ((n < (uint64_t)nwins) != (rec.hdr.ktr_type == KTR_WINDOW))
			abort();
		n++;
	}
	if (rv != 0 || n < (uint64_t)nwins + st->records)
		abort();
	ktr_reader_close(r);
	(void)fclose(fp);
}

static void
run(uint64_t hint)
{
	struct ktr_ringwin *wins;
	struct ktr_snapstat st;
	struct ktr_core *c;
	char err[512], *buf = NULL;
	size_t len = 0;
	FILE *out;
	int nwins;

	err[0] = '\0';
	if ((c = ktr_core_open(path, err, sizeof(err))) == NULL) {
		if (strstr(err, path) == NULL)
			abort();
		return;
	}
	if (ktr_core_rings(c, hint, &wins, &nwins, warn_check, NULL, err,
	    sizeof(err)) == -1) {
		if (strstr(err, path) == NULL)
			abort();
		ktr_core_close(c);
		return;
	}
	if ((out = open_memstream(&buf, &len)) == NULL)
		abort();
	if (ktr_snapshot_write(out, wins, nwins, &st, warn_check, NULL) == -1)
		abort();
	if (fclose(out) == EOF)
		abort();
	check_trace(buf, len, nwins, &st);
	free(buf);
	ktr_ringwins_free(wins, nwins);
	ktr_core_close(c);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if ((fd = memfd_create("core", MFD_CLOEXEC)) == -1)
		abort();
	(void)snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	return (0);
}

/*
 * The anchors in buf with their CRC right, as if their bytes were
 * contiguous in the file (mkcore's are) and zeros past its end.
 * False if there was none to fix.
 */
static bool
fix_crcs(uint8_t *buf, size_t size)
{
	static const uint8_t zeros[4096];
	struct ktr_anchor ka;
	uint32_t crc;
	uint8_t *p;
	size_t off = 0, n, left;
	bool fixed = false;

	while (off < size && (p = memmem(buf + off, size - off,
	    KTR_ANCHOR_MAGIC, sizeof(ka.ka_magic))) != NULL) {
		off = (size_t)(p - buf) + 1;
		if (size - (size_t)(p - buf) < sizeof(ka))
			break;
		memcpy(&ka, p, sizeof(ka));
		if (ka.ka_size < sizeof(ka) || ka.ka_size > (1U << 20))
			continue;
		memset(p + offsetof(struct ktr_anchor, ka_crc), 0,
		    sizeof(ka.ka_crc));
		n = size - (size_t)(p - buf) < ka.ka_size ?
		    size - (size_t)(p - buf) : ka.ka_size;
		crc = ktr_crc32(0, p, n);
		for (left = ka.ka_size - n; left > 0; left -= n) {
			n = left < sizeof(zeros) ? left : sizeof(zeros);
			crc = ktr_crc32(crc, zeros, n);
		}
		memcpy(p + offsetof(struct ktr_anchor, ka_crc), &crc,
		    sizeof(crc));
		fixed = fixed || crc != ka.ka_crc;
	}
	return (fixed);
}

static void
run_input(const uint8_t *data, size_t size)
{
	if (ftruncate(fd, 0) == -1 ||
	    pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	run(0);
	run(MKCORE_ANCHOR);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *copy;

	run_input(data, size);
	if ((copy = malloc(size + 1)) == NULL)
		abort();
	memcpy(copy, data, size);
	if (fix_crcs(copy, size))
		run_input(copy, size);
	free(copy);
	return (0);
}
