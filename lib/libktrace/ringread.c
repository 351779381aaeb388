/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A live snapshot of the flight recorder: every CPU's ring copied out by
 * the module (KTRIOC_RINGREAD) while it goes on recording.  The kernel
 * copies from the tail it saw first; the producer may have overwritten
 * the oldest of those bytes meanwhile, so the window starts where the
 * kernel says the whole slots start (krr_valid).
 *
 * The CPUs are copied one after another, so a CPU copied later would
 * hold records made after an earlier one was copied, whose own records
 * of that time are not in the snapshot: a thread that moved from the
 * first CPU to the second would seem to stop on one and go on on the
 * other, and a read would be there without the write it returned.  So
 * every window is cut at the time the snapshot began, as if every ring
 * had been copied then: a record kept comes with every record that was
 * finished before it was begun.  The records cut are still in the
 * rings, for the next snapshot.
 */
#include <sys/types.h>
#include <sys/ioctl.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "libktrace.h"
#include "ringwin.h"

/* Far beyond any ring the module makes (kernel.ktrace.bufsize). */
#define KTR_RING_MAXSIZE	(1ULL << 30)
#define KTR_RING_MAXCPU		65536

/* One CPU's copy into buf (size bytes), and the window kept of it. */
static int
read_cpu(int fd, int cpu, unsigned char *buf, uint64_t size,
    struct ktr_ringwin *w)
{
	struct ktr_ringread rr;
	size_t n;

	memset(&rr, 0, sizeof(rr));
	rr.krr_cpu = (uint32_t)cpu;
	rr.krr_set = KTR_RING_FLIGHT;
	rr.krr_buf = (uintptr_t)buf;
	rr.krr_len = size;
	if (ioctl(fd, KTRIOC_RINGREAD, &rr) == -1)
		return (-1);
	/* What the kernel says must describe bytes of buf. */
	if (rr.krr_valid < rr.krr_tail || rr.krr_head < rr.krr_valid ||
	    rr.krr_head - rr.krr_tail > size) {
		errno = EPROTO;
		return (-1);
	}
	n = (size_t)(rr.krr_head - rr.krr_valid);
	if ((w->buf = malloc(n > 0 ? n : 1)) == NULL)
		return (-1);
	memcpy(w->buf, buf + (rr.krr_valid - rr.krr_tail), n);
	w->set = KTR_RING_FLIGHT;
	w->cpu = cpu;
	w->tail = rr.krr_valid;
	w->head = rr.krr_head;
	w->reserve = rr.krr_head;
	w->seq = rr.krr_seq;
	w->ns = rr.krr_ns;
	w->dump = false;
	return (0);
}

/*
 * Leave out of w its last records, those made between start and end,
 * while the rings were copied: the window as it was at start.  Not
 * those stamped after end, made before a step back of the clock.  A
 * window with a bad slot is left whole, for the warning it gets when
 * written.
 */
static int
cut_window(struct ktr_ringwin *w, uint64_t start, uint64_t end)
{
	struct ktr_winrecs wr;
	struct ktr_slot s;
	size_t n;

	memset(&wr, 0, sizeof(wr));
	if (ktr_win_records(w, &wr, NULL, NULL) == -1)
		return (-1);
	for (n = wr.n; n > 0 && !wr.bad; n--) {
		memcpy(&s, w->buf + wr.off[n - 1], sizeof(s));
		if (s.ks_ns < start || s.ks_ns > end)
			break;
	}
	if (n < wr.n && !wr.bad) {
		memcpy(&s, w->buf + wr.off[n], sizeof(s));
		w->head = w->tail + wr.off[n];
		w->reserve = w->head;
		w->seq = s.ks_seq;	/* records made before it */
	}
	w->ns = start;
	ktr_win_records_free(&wr);
	return (0);
}

/* The time now, CLOCK_REALTIME, as a record's: ns since the epoch. */
static uint64_t
now_ns(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_REALTIME, &ts);
	return ((uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec);
}

static int
read_rings(int fd, struct ktr_ringwin **winsp, int *nwinsp)
{
	struct ktr_ringinfo ri;
	struct ktr_ringwin *wins;
	unsigned char *buf;
	uint64_t start, end;
	int cpu, ncpu, i, n, saved;

	/* No rows, no pids, no filter: the counts and the size only. */
	memset(&ri, 0, sizeof(ri));
	if (ioctl(fd, KTRIOC_RINGINFO, &ri) == -1)
		return (-1);
	if (ri.kri_ncpu == 0 || ri.kri_ncpu > KTR_RING_MAXCPU ||
	    ri.kri_size == 0 || ri.kri_size > KTR_RING_MAXSIZE) {
		errno = EPROTO;
		return (-1);
	}
	ncpu = (int)ri.kri_ncpu;
	if ((wins = calloc((size_t)ncpu, sizeof(*wins))) == NULL)
		return (-1);
	if ((buf = malloc((size_t)ri.kri_size)) == NULL) {
		free(wins);
		return (-1);
	}
	start = now_ns();
	for (cpu = 0, n = 0; cpu < ncpu; cpu++) {
		if (read_cpu(fd, cpu, buf, ri.kri_size, &wins[n]) == 0)
			n++;
		/*
		 * A CPU that cannot exist (a hole in the numbering), or
		 * one not up since the module's load, which has no ring.
		 */
		else if (errno != EINVAL && errno != ENODEV)
			break;
	}
	saved = errno;
	end = now_ns();
	free(buf);
	if (cpu < ncpu)
		goto fail;
	for (i = 0; i < n; i++)
		if (cut_window(&wins[i], start, end) == -1) {
			saved = errno;
			goto fail;
		}
	*winsp = wins;
	*nwinsp = n;
	return (0);
fail:
	ktr_ringwins_free(wins, n);
	errno = saved;
	return (-1);
}

int
ktr_ring_read(struct ktr_ringwin **winsp, int *nwinsp)
{
	int fd, rv, saved;

	*winsp = NULL;
	*nwinsp = 0;
	/* As ktrace(2): a missing device means the module is not loaded. */
	if ((fd = open(KTRACE_DEVICE, O_RDONLY | O_CLOEXEC)) == -1) {
		if (errno == ENOENT || errno == ENXIO || errno == ENODEV)
			errno = ENOSYS;
		return (-1);
	}
	rv = read_rings(fd, winsp, nwinsp);
	saved = errno;
	(void)close(fd);
	errno = saved;
	return (rv);
}
