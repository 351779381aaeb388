/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The flight recorder's side of ktrace(1): -R writes a snapshot of the
 * in-kernel rings (or of the rings found in a memory dump, -M) into an
 * ordinary trace file; -S prints the recorder's state as kstrax -S does.
 */
#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "extern.h"
#include "libktrace.h"

/* kstrax's entry: a CALL or RET of a 3-argument call, on average. */
#define RING_ENTRY	112

static void
warn_fn(void *arg, const char *msg)
{
	(void)arg;
	warnx("%s", msg);
}

/* A new trace file, private to the caller, as ktrace(1) makes them. */
static FILE *
open_output(const char *tracefile)
{
	mode_t omask;
	FILE *fp;
	int fd;

	omask = umask(S_IRWXG | S_IRWXO);
	if (unlink(tracefile) == -1 && errno != ENOENT)
		err(1, "unlink %s", tracefile);
	if ((fd = open(tracefile, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC,
	    DEFFILEMODE)) == -1)
		err(1, "%s", tracefile);
	(void)umask(omask);
	if ((fp = fdopen(fd, "w")) == NULL)
		err(1, "%s", tracefile);
	return (fp);
}

/* The rings, live (core NULL) or from a memory dump. */
static void
get_windows(const char *core, uint64_t hint, struct ktr_ringwin **wins,
    int *nwins)
{
	struct ktr_core *c;
	char msg[512];

	if (core == NULL) {
		if (ktr_ring_read(wins, nwins) == 0)
			return;
		if (errno == ENOSYS)
			errx(1, "ktrace module is not loaded (%s missing)",
			    KTRACE_DEVICE);
		if (errno == ENOENT)
			errx(1, "the flight recorder holds nothing: "
			    "start it with ktrace -b");
		err(1, "flight recorder");
	}
	if ((c = ktr_core_open(core, msg, sizeof(msg))) == NULL)
		errx(1, "%s", msg);
	if (ktr_core_rings(c, hint, wins, nwins, warn_fn, NULL, msg,
	    sizeof(msg)) != 0)
		errx(1, "%s", msg);
	ktr_core_close(c);
}

/* ktrace -R [-M core [-A paddr]] [-f trfile] */
void
flight_snapshot(const char *tracefile, const char *core, uint64_t hint)
{
	struct ktr_snapstat st;
	struct ktr_ringwin *wins;
	FILE *fp;
	int nwins;

	get_windows(core, hint, &wins, &nwins);
	fp = open_output(tracefile);
	if (ktr_snapshot_write(fp, wins, nwins, &st, warn_fn, NULL) != 0 ||
	    fflush(fp) != 0 || ferror(fp))
		err(1, "%s", tracefile);
	if (fclose(fp) != 0)
		err(1, "%s", tracefile);
	ktr_ringwins_free(wins, nwins);
}

/* kstrax's "tracing syscall" line: ALL, or the x86_64 names chosen. */
static void
print_syscalls(const struct ktr_ringinfo *ri, const struct ktr_sysfilter *sf)
{
	const char *sep = "", *name;
	int code;

	printf("tracing syscall :");
	if (!ri->kri_filtered) {
		printf("ALL\n");
		return;
	}
	for (code = 0; code < KTR_SYSFILTER_BITS; code++) {
		if (!ktr_sysfilter_has(sf, KTR_ABI_X86_64, code))
			continue;
		name = ktr_syscall_name(KTR_ABI_X86_64, code);
		if (name != NULL)
			printf("%s%s", sep, name);
		else
			printf("%s#%d", sep, code);
		sep = ",";
	}
	printf("\n");
}

static void
print_pids(const struct ktr_ringinfo *ri, const int32_t *pids)
{
	uint32_t i;

	printf("tracing pid :");
	if (ri->kri_all)
		printf("ALL");
	else if (ri->kri_npids == 0)
		printf("-");
	for (i = 0; !ri->kri_all && i < ri->kri_npids; i++)
		printf("%s%d", i ? " " : "", pids[i]);
	printf("\n");
}

static const char *
state_name(uint32_t state)
{
	switch (state) {
	case KTR_RING_RECORDING:
		return ("recording");
	case KTR_RING_STOPPED:
		return ("stopped");
	default:
		return ("off");
	}
}

/* A time as kdump -T prints it, in UTC: "-" for none. */
static void
print_time(uint64_t ns)
{
	struct tm tm;
	time_t sec;
	char buf[32];

	if (ns == 0) {
		printf("%-29s", "-");
		return;
	}
	sec = (time_t)(ns / 1000000000);
	if (gmtime_r(&sec, &tm) == NULL ||
	    strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", &tm) == 0)
		(void)snprintf(buf, sizeof(buf), "%jd", (intmax_t)sec);
	printf("%s.%09" PRIu64, buf, ns % 1000000000);
}

/* RINGINFO with room for every CPU and process; retried as they grow. */
static void
get_info(struct ktr_ringinfo *ri, struct ktr_ringcpu **cpus, int32_t **pids,
    struct ktr_sysfilter *sf)
{
	uint32_t ncpu = 0, npids = 0;
	int fd;

	if ((fd = open(KTRACE_DEVICE, O_RDONLY | O_CLOEXEC)) == -1) {
		if (errno == ENOENT || errno == ENXIO || errno == ENODEV)
			errx(1, "ktrace module is not loaded (%s missing)",
			    KTRACE_DEVICE);
		err(1, "%s", KTRACE_DEVICE);
	}
	*cpus = NULL;
	*pids = NULL;
	for (;;) {
		memset(ri, 0, sizeof(*ri));
		ri->kri_ncpu = ncpu;
		ri->kri_cpu = (uintptr_t)*cpus;
		ri->kri_npids = npids;
		ri->kri_pids = (uintptr_t)*pids;
		ri->kri_filter = (uintptr_t)sf;
		if (ioctl(fd, KTRIOC_RINGINFO, ri) == -1)
			err(1, "flight recorder");
		if (ri->kri_ncpu <= ncpu && ri->kri_npids <= npids)
			break;
		ncpu = ri->kri_ncpu;
		npids = ri->kri_npids + 16;
		if ((*cpus = reallocarray(*cpus, ncpu, sizeof(**cpus))) ==
		    NULL || (*pids = reallocarray(*pids, npids,
		    sizeof(**pids))) == NULL)
			err(1, NULL);
	}
	(void)close(fd);
}

/*
 * Which of the first @ncpu CPUs are online, from sysfs's list ("0-1,3");
 * NULL when it cannot be read or parsed: every CPU is then shown.
 */
static bool *
online_cpus(uint32_t ncpu)
{
	char buf[4096], *p, *end;
	unsigned long lo, hi;
	bool *on;
	FILE *fp;

	if ((fp = fopen("/sys/devices/system/cpu/online", "re")) == NULL)
		return (NULL);
	p = fgets(buf, sizeof(buf), fp);
	(void)fclose(fp);
	if (p == NULL || (on = calloc(ncpu ? ncpu : 1, sizeof(*on))) == NULL)
		return (NULL);
	for (;;) {
		errno = 0;
		lo = hi = strtoul(p, &end, 10);
		if (end == p || errno != 0)
			break;
		if (*end == '-') {
			p = end + 1;
			hi = strtoul(p, &end, 10);
			if (end == p || errno != 0 || hi < lo)
				break;
		}
		for (; lo <= hi && lo < ncpu; lo++)
			on[lo] = true;
		if (*end != ',') {
			if (*end == '\n' || *end == '\0')
				return (on);
			break;
		}
		p = end + 1;
	}
	free(on);
	return (NULL);
}

/* ktrace -S: kstrax's three lines, then the rings CPU by CPU. */
void
flight_status(void)
{
	struct ktr_sysfilter sf;
	struct ktr_ringinfo ri;
	struct ktr_ringcpu *cpus;
	int32_t *pids;
	char points[64];
	uint32_t cpu;
	bool *on;

	memset(&sf, 0, sizeof(sf));
	get_info(&ri, &cpus, &pids, &sf);
	printf("kernel buf entry :%ju\n", (uintmax_t)(ri.kri_size / RING_ENTRY));
	print_pids(&ri, pids);
	print_syscalls(&ri, &sf);
	ktr_pointstr((int)ri.kri_facs, points, sizeof(points));
	printf("state :%s", state_name(ri.kri_state));
	if (ri.kri_state != KTR_RING_OFF)
		printf(" (uid %u), trace points %s", ri.kri_owner, points);
	printf("\nring :%ju bytes per CPU\n", (uintmax_t)ri.kri_size);
	if (ri.kri_state == KTR_RING_OFF)
		goto out;
	printf("%3s %12s %12s %-29s %10s\n", "cpu", "held", "overwritten",
	    "window start (UTC)", "bytes");
	/* A CPU not online that made nothing has no ring: no row. */
	on = online_cpus(ri.kri_ncpu);
	for (cpu = 0; cpu < ri.kri_ncpu; cpu++) {
		const struct ktr_ringcpu *c = &cpus[cpu];

		if (on != NULL && !on[cpu] && c->krc_made == 0 &&
		    c->krc_bytes == 0)
			continue;
		printf("%3u %12ju %12ju ", cpu,
		    (uintmax_t)(c->krc_made - c->krc_overwritten),
		    (uintmax_t)c->krc_overwritten);
		print_time(c->krc_first_ns);
		printf(" %10ju\n", (uintmax_t)c->krc_bytes);
	}
	free(on);
out:
	free(cpus);
	free(pids);
}
