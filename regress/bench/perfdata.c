/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * perfdata [-c] FILE: what a perf.data file holds, counted without perf:
 * prints "SAMPLES LOST", the PERF_RECORD_SAMPLE records and the events
 * the kernel reported lost.  The kernel reports a full ring twice: a
 * PERF_RECORD_LOST in the ring once there is room again, and the
 * event's lost count, which perf record (6.1 and later) writes at the
 * end as PERF_RECORD_LOST_SAMPLES; LOST is the larger of the two sums,
 * not both.  With -c, one "COMM SAMPLES LOST" line per process name
 * instead: a sample counts for the last name its process took
 * (PERF_RECORD_COMM at exec, else its parent's through PERF_RECORD_FORK),
 * a PERF_RECORD_LOST for the name of the sample before it, and what the
 * end's count adds to those for "?", as for a loss before any sample.
 * Last name, not current: perf.data holds each CPU's buffer in turn, not
 * in time order, so a process's samples may come before the record of
 * its exec.  This is how make bench splits one perf record of several
 * workloads run one after the other.  `perf report -D` says the same
 * but takes minutes for a million samples in the guest.  Exits 2 when
 * FILE is not a perf.data file (PERFILE2), is cut short, or has more
 * processes or names than the tables here hold.
 */
#include <sys/types.h>
#include <err.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PERF_RECORD_LOST	2
#define PERF_RECORD_COMM	3
#define PERF_RECORD_FORK	7
#define PERF_RECORD_SAMPLE	9
#define PERF_RECORD_LOST_SAMPLES 13

#define PERF_SAMPLE_IP		(1u << 0)
#define PERF_SAMPLE_TID		(1u << 1)
#define PERF_SAMPLE_IDENTIFIER	(1u << 16)

#define MAXNAMES	64
#define MAXPIDS		16384		/* a power of two */
#define COMMLEN		16

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

/* A process name and what counts for it. */
struct name {
	char comm[COMMLEN + 1];
	uint64_t samples, lost;
};

static struct name names[MAXNAMES];
static int nnames = 1;			/* names[0] is "?" */
static struct {
	uint32_t pid, parent;
	int used, name;			/* name 0: none seen */
} pids[MAXPIDS];
static const char *path;
static size_t pid_at;		/* a sample's pid: its offset */

static int
name_of(const char *comm)
{
	int i;

	for (i = 1; i < nnames; i++)
		if (strcmp(names[i].comm, comm) == 0)
			return (i);
	if (nnames == MAXNAMES)
		errx(2, "%s: more than %d process names", path, MAXNAMES - 1);
	snprintf(names[nnames].comm, sizeof(names[nnames].comm), "%s", comm);
	return (nnames++);
}

/* The slot of PID: its own, or the free one where it goes. */
static int
pid_slot(uint32_t pid)
{
	unsigned int i, n;

	for (i = pid & (MAXPIDS - 1), n = 0; n < MAXPIDS;
	    i = (i + 1) & (MAXPIDS - 1), n++)
		if (!pids[i].used || pids[i].pid == pid) {
			pids[i].used = 1;
			pids[i].pid = pid;
			return ((int)i);
		}
	errx(2, "%s: more than %d processes", path, MAXPIDS);
}

/* PID's name: its own last, or its nearest ancestor's. */
static int
name_of_pid(uint32_t pid)
{
	int i, depth;

	for (depth = 0; depth < 64; depth++) {
		i = pid_slot(pid);
		if (pids[i].name != 0 || pids[i].parent == 0)
			return (pids[i].name);
		pid = pids[i].parent;
	}
	return (0);
}

static void
readat(FILE *f, uint64_t off, void *buf, size_t len)
{
	if (fseeko(f, (off_t)off, SEEK_SET) != 0 ||
	    fread(buf, len, 1, f) != 1)
		errx(2, "%s: cut short at %ju", path, (uintmax_t)off);
}

static void
take_names(FILE *f, uint64_t off, const struct event_header *eh)
{
	uint32_t ids[4];
	char comm[COMMLEN + 1];
	size_t len;
	int i;

	switch (eh->type) {
	case PERF_RECORD_COMM:		/* u32 pid, tid; comm */
		if (eh->size < sizeof(*eh) + 8 + 1)
			errx(2, "%s: short comm at %ju", path, (uintmax_t)off);
		readat(f, off + sizeof(*eh), ids, 8);
		memset(comm, 0, sizeof(comm));
		len = eh->size - sizeof(*eh) - 8;
		readat(f, off + sizeof(*eh) + 8, comm,
		    len < COMMLEN ? len : COMMLEN);
		i = pid_slot(ids[0]);
		pids[i].name = name_of(comm);
		break;
	case PERF_RECORD_FORK:		/* u32 pid, ppid, tid, ptid */
		if (eh->size < sizeof(*eh) + 16)
			errx(2, "%s: short fork at %ju", path, (uintmax_t)off);
		readat(f, off + sizeof(*eh), ids, 16);
		if (ids[0] != ids[1])	/* a process, not a thread */
			pids[pid_slot(ids[0])].parent = ids[1];
		break;
	}
}

static uint64_t samples, lost, lost_samples;
static int last;		/* the name of the last sample */

static void
count(FILE *f, uint64_t off, const struct event_header *eh, int bycomm)
{
	uint64_t v[2];
	uint32_t pid;

	switch (eh->type) {
	case PERF_RECORD_SAMPLE:
		samples++;
		if (!bycomm)
			break;
		if (eh->size < pid_at + 4)
			errx(2, "%s: short sample at %ju", path,
			    (uintmax_t)off);
		readat(f, off + pid_at, &pid, 4);
		last = name_of_pid(pid);
		names[last].samples++;
		break;
	case PERF_RECORD_LOST:		/* u64 id, u64 lost */
		if (eh->size < sizeof(*eh) + 16)
			errx(2, "%s: short lost at %ju", path, (uintmax_t)off);
		readat(f, off + sizeof(*eh), v, 16);
		lost += v[1];
		names[last].lost += v[1];
		break;
	case PERF_RECORD_LOST_SAMPLES:	/* u64 lost */
		if (eh->size < sizeof(*eh) + 8)
			errx(2, "%s: short lost at %ju", path, (uintmax_t)off);
		readat(f, off + sizeof(*eh), v, 8);
		lost_samples += v[0];
		break;
	}
}

static void
usage(void)
{
	fprintf(stderr, "usage: perfdata [-c] FILE\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	struct file_header fh;
	struct event_header eh;
	uint64_t off, end, sample_type;
	int ch, bycomm = 0, pass, i;
	FILE *f;

	while ((ch = getopt(argc, argv, "c")) != -1) {
		if (ch != 'c')
			usage();
		bycomm = 1;
	}
	if (argc - optind != 1)
		usage();
	path = argv[optind];
	strcpy(names[0].comm, "?");
	if ((f = fopen(path, "rb")) == NULL)
		err(2, "%s", path);
	if (fread(&fh, sizeof(fh), 1, f) != 1 ||
	    memcmp(&fh.magic, "PERFILE2", 8) != 0)
		errx(2, "%s: not a perf.data file", path);
	/* Where a sample's pid is: every event of a perf record has the
	 * sample_type of the first (perf_event_attr: it is at byte 24). */
	if (fh.attrs.size < 32)
		errx(2, "%s: no event attributes", path);
	readat(f, fh.attrs.offset + 24, &sample_type, sizeof(sample_type));
	if (bycomm && !(sample_type & PERF_SAMPLE_TID))
		errx(2, "%s: samples have no pid", path);
	pid_at = sizeof(eh) +
	    ((sample_type & PERF_SAMPLE_IDENTIFIER) ? 8 : 0) +
	    ((sample_type & PERF_SAMPLE_IP) ? 8 : 0);
	/* With -c, a first pass for the names, a second for the counts. */
	for (pass = bycomm ? 0 : 1; pass < 2; pass++) {
		off = fh.data.offset;
		end = off + fh.data.size;
		while (off < end) {
			readat(f, off, &eh, sizeof(eh));
			if (eh.size < sizeof(eh))
				errx(2, "%s: bad record at %ju", path,
				    (uintmax_t)off);
			if (pass == 0)
				take_names(f, off, &eh);
			else
				count(f, off, &eh, bycomm);
			off += eh.size;
		}
	}
	/* The end's count, where it says more than the ring did. */
	if (lost_samples > lost) {
		names[0].lost += lost_samples - lost;
		lost = lost_samples;
	}
	if (!bycomm) {
		printf("%ju %ju\n", (uintmax_t)samples, (uintmax_t)lost);
		return (0);
	}
	for (i = 0; i < nnames; i++)
		if (names[i].samples != 0 || names[i].lost != 0)
			printf("%s %ju %ju\n", names[i].comm,
			    (uintmax_t)names[i].samples,
			    (uintmax_t)names[i].lost);
	return (0);
}
