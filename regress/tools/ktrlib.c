/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ktrlib: libktrace's API from the command line, for the host tests.
 *
 *   ktrlib sysent x86_64|i386 NAME|NUMBER	number, name, argument count
 *   ktrlib errno N				name and text
 *   ktrlib points TRSTR			KTRFAC_* bits of a -t string
 *   ktrlib read [-l] [-n COUNT] FILE|-		each record's fields
 *   ktrlib ktrace [FILE OPS FACS PID]	the call's result and errno
 *   ktrlib utrace [LEN] | clearfilter	(clearfilter: a CLEAR with a
 *					selection)
 *   ktrlib sysfilter LIST			the syscalls LIST selects
 *   ktrlib sysclass [CLASS]		classes, or a class's members
 *   ktrlib core-rings CORE OUT [HINT]	the rings of a memory dump to the
 *					trace file OUT (ktrace -R -M CORE)
 *   ktrlib ring-read OUT		the flight rings to OUT (ktrace -R)
 *   ktrlib crc32 FILE|-			zlib's CRC-32 of the bytes
 *
 * core-rings and ring-read print the library's warnings on stderr and
 * their counts on stdout: "windows W records R overwritten O inflight I
 * bad B".
 *
 * read -l follows the file: at its end it prints "eof pending N" and,
 * with -n, waits for more until COUNT records are read.
 */
#include <err.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "libktrace.h"

static void usage(void) __attribute__((__noreturn__));

static enum ktr_abi
abi_arg(const char *s)
{
	if (strcmp(s, "x86_64") == 0)
		return (KTR_ABI_X86_64);
	if (strcmp(s, "i386") == 0)
		return (KTR_ABI_I386);
	errx(1, "unknown ABI %s", s);
}

static int
cmd_sysent(int argc, char *argv[])
{
	enum ktr_abi abi;
	const char *errstr;
	int code;

	if (argc != 3)
		usage();
	abi = abi_arg(argv[1]);
	code = (int)strtonum(argv[2], 0, 65535, &errstr);
	if (errstr != NULL && (code = ktr_syscall_number(abi, argv[2])) < 0)
		errx(1, "%s: no such syscall", argv[2]);
	if (ktr_syscall_name(abi, code) == NULL)
		errx(1, "%d: no such syscall", code);
	printf("%d %s %d\n", code, ktr_syscall_name(abi, code),
	    ktr_syscall_nargs(abi, code));
	return (0);
}

static int
cmd_errno(int argc, char *argv[])
{
	const char *errstr;
	int error;

	if (argc != 2)
		usage();
	error = (int)strtonum(argv[1], -1000, 1000, &errstr);
	if (errstr != NULL)
		errx(1, "%s: %s", argv[1], errstr);
	if (ktr_errno_name(error) == NULL)
		errx(1, "%d: unknown errno", error);
	printf("%s %s\n", ktr_errno_name(error), ktr_errno_text(error));
	return (0);
}

static int
cmd_points(int argc, char *argv[])
{
	if (argc != 2)
		usage();
	printf("%#x\n", ktr_getpoints(argv[1]));
	return (0);
}

static int
cmd_read(int argc, char *argv[])
{
	const struct timespec wait = { 0, 20000000 };
	struct ktr_reader *r;
	struct ktr_record rec;
	const char *errstr;
	FILE *fp;
	long want = -1, got = 0;
	int ch, flags = 0, rv;

	while ((ch = getopt(argc, argv, "ln:")) != -1)
		switch (ch) {
		case 'l':
			flags |= KTR_READ_FOLLOW;
			break;
		case 'n':
			want = (long)strtonum(optarg, 1, 1000000, &errstr);
			if (errstr != NULL)
				errx(1, "-n %s: %s", optarg, errstr);
			break;
		default:
			usage();
		}
	if (argc - optind != 1)
		usage();
	if (strcmp(argv[optind], "-") == 0)
		fp = stdin;
	else if ((fp = fopen(argv[optind], "r")) == NULL)
		err(1, "%s", argv[optind]);
	if ((r = ktr_reader_open(fp, argv[optind], flags)) == NULL)
		err(1, NULL);
	while ((rv = ktr_next(r, &rec)) != -1) {
		if (rv == 1) {
			printf("offset %jd version %d type %d drop %d len %zu "
			    "pid %d tid %jd cpu %d comm %s time %jd.%09jd\n",
			    (intmax_t)rec.offset, rec.hdr.ktr_version,
			    rec.hdr.ktr_type, rec.dropped, rec.len,
			    rec.hdr.ktr_pid, (intmax_t)rec.hdr.ktr_tid,
			    rec.hdr.ktr_cpu, rec.hdr.ktr_comm,
			    (intmax_t)rec.hdr.ktr_time.tv_sec,
			    (intmax_t)rec.hdr.ktr_time.tv_nsec);
			fflush(stdout);
			if (++got == want)
				break;
			continue;
		}
		if (!(flags & KTR_READ_FOLLOW))
			break;
		if (want < 0) {
			printf("eof pending %zu\n", ktr_reader_pending(r));
			break;
		}
		(void)nanosleep(&wait, NULL);
	}
	if (rv == -1)
		errx(1, "%s", ktr_reader_error(r));
	ktr_reader_close(r);
	return (0);
}

/* A number of any base, or usage. */
static long long
num_arg(const char *s)
{
	char *end;
	long long n;

	errno = 0;
	n = strtoll(s, &end, 0);
	if (errno != 0 || *end != '\0' || end == s)
		errx(1, "%s: not a number", s);
	return (n);
}

/*
 * ktrace [FILE OPS FACS PID]: the call (by default SET of SYSCALL on
 * itself into ktrlib.out); utrace [LEN]: LEN bytes (default 1);
 * clearfilter: a CLEAR carrying a selection.
 */
static int
cmd_call(int argc, char *argv[])
{
	struct ktr_sysfilter sf = { { 0 }, { 0 } };
	static char buf[4096];
	long long len = 1;
	int rv;

	if (strcmp(argv[0], "ktrace") == 0 && argc == 5) {
		errno = 0;
		rv = ktrace(argv[1], (int)num_arg(argv[2]),
		    (int)num_arg(argv[3]), (pid_t)num_arg(argv[4]));
	} else if (strcmp(argv[0], "utrace") == 0 && argc <= 2) {
		if (argc == 2 && ((len = num_arg(argv[1])) < 0 ||
		    len > (long long)sizeof(buf)))
			errx(1, "%s: length out of range", argv[1]);
		memset(buf, 'x', sizeof(buf));	/* the test looks for 0x78 */
		errno = 0;
		rv = utrace(buf, (size_t)len);
	} else if (argc != 1) {
		usage();
	} else if (strcmp(argv[0], "ktrace") == 0) {
		errno = 0;
		rv = ktrace("ktrlib.out", KTROP_SET, KTRFAC_SYSCALL, getpid());
	} else {
		errno = 0;
		rv = ktrace_filtered(NULL, KTROP_CLEAR, KTRFAC_SYSCALL,
		    getpid(), &sf);
	}
	if (rv == 0)
		printf("0\n");
	else if (ktr_errno_name(errno) != NULL)
		printf("%d %s\n", rv, ktr_errno_name(errno));
	else
		printf("%d errno %d\n", rv, errno);
	return (0);
}

/* Each selected syscall as "ABI NUMBER NAME", x86_64 first. */
static int
cmd_sysfilter(int argc, char *argv[])
{
	static const struct {
		enum ktr_abi abi;
		const char *name;
	} abis[] = { { KTR_ABI_X86_64, "x86_64" }, { KTR_ABI_I386, "i386" } };
	struct ktr_sysfilter sf;
	char bad[64];
	size_t i;
	int code;

	if (argc != 2)
		usage();
	if (ktr_sysfilter_parse(&sf, argv[1], bad, sizeof(bad)) != 0)
		errx(1, "bad word '%s'", bad);
	for (i = 0; i < sizeof(abis) / sizeof(abis[0]); i++)
		for (code = 0; code < KTR_SYSFILTER_BITS; code++)
			if (ktr_sysfilter_has(&sf, abis[i].abi, code))
				printf("%s %d %s\n", abis[i].name, code,
				    ktr_syscall_name(abis[i].abi, code) ?
				    ktr_syscall_name(abis[i].abi, code) : "?");
	return (0);
}

/* The class names; or a class's members with their numbers per ABI. */
static int
cmd_sysclass(int argc, char *argv[])
{
	const char *const *m;
	int i;

	if (argc == 1) {
		for (i = 0; ktr_sysclass_name(i) != NULL; i++)
			printf("%s\n", ktr_sysclass_name(i));
		return (0);
	}
	if (argc != 2)
		usage();
	if ((m = ktr_sysclass_members(argv[1])) == NULL)
		errx(1, "%s: no such class, or every syscall", argv[1]);
	for (; *m != NULL; m++)
		printf("%s %d %d\n", *m, ktr_syscall_number(KTR_ABI_X86_64, *m),
		    ktr_syscall_number(KTR_ABI_I386, *m));
	return (0);
}

static void
warn_stderr(void *arg, const char *msg)
{
	(void)arg;
	fprintf(stderr, "ktrlib: %s\n", msg);
}

/* The windows to the trace file path, and the counts. */
static void
snapshot(const char *path, const struct ktr_ringwin *wins, int nwins)
{
	struct ktr_snapstat st;
	FILE *out;

	if ((out = fopen(path, "w")) == NULL)
		err(1, "%s", path);
	if (ktr_snapshot_write(out, wins, nwins, &st, warn_stderr, NULL) == -1)
		err(1, "%s", path);
	if (fclose(out) == EOF)
		err(1, "%s", path);
	printf("windows %d records %ju overwritten %ju inflight %ju bad %ju\n",
	    nwins, (uintmax_t)st.records, (uintmax_t)st.overwritten,
	    (uintmax_t)st.inflight, (uintmax_t)st.bad);
}

static int
cmd_core_rings(int argc, char *argv[])
{
	struct ktr_ringwin *wins;
	struct ktr_core *c;
	char errbuf[512];
	uint64_t hint = 0;
	int nwins;

	if (argc != 3 && argc != 4)
		usage();
	if (argc == 4)
		hint = (uint64_t)num_arg(argv[3]);
	if ((c = ktr_core_open(argv[1], errbuf, sizeof(errbuf))) == NULL)
		errx(1, "%s", errbuf);
	if (ktr_core_rings(c, hint, &wins, &nwins, warn_stderr, NULL, errbuf,
	    sizeof(errbuf)) == -1)
		errx(1, "%s", errbuf);
	snapshot(argv[2], wins, nwins);
	ktr_ringwins_free(wins, nwins);
	ktr_core_close(c);
	return (0);
}

static int
cmd_ring_read(int argc, char *argv[])
{
	struct ktr_ringwin *wins;
	int nwins;

	if (argc != 2)
		usage();
	if (ktr_ring_read(&wins, &nwins) == -1)
		errx(1, "ring read: %s", ktr_errno_name(errno) != NULL ?
		    ktr_errno_name(errno) : strerror(errno));
	snapshot(argv[1], wins, nwins);
	ktr_ringwins_free(wins, nwins);
	return (0);
}

static int
cmd_crc32(int argc, char *argv[])
{
	unsigned char buf[4096];
	uint32_t crc = 0;
	size_t n;
	FILE *fp;

	if (argc != 2)
		usage();
	if (strcmp(argv[1], "-") == 0)
		fp = stdin;
	else if ((fp = fopen(argv[1], "r")) == NULL)
		err(1, "%s", argv[1]);
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		crc = ktr_crc32(crc, buf, n);
	if (ferror(fp))
		err(1, "%s", argv[1]);
	printf("%08x\n", crc);
	return (0);
}

int
main(int argc, char *argv[])
{
	if (argc < 2)
		usage();
	argc--;
	argv++;
	if (strcmp(argv[0], "sysent") == 0)
		return (cmd_sysent(argc, argv));
	if (strcmp(argv[0], "errno") == 0)
		return (cmd_errno(argc, argv));
	if (strcmp(argv[0], "points") == 0)
		return (cmd_points(argc, argv));
	if (strcmp(argv[0], "read") == 0)
		return (cmd_read(argc, argv));
	if (strcmp(argv[0], "ktrace") == 0 || strcmp(argv[0], "utrace") == 0 ||
	    strcmp(argv[0], "clearfilter") == 0)
		return (cmd_call(argc, argv));
	if (strcmp(argv[0], "sysfilter") == 0)
		return (cmd_sysfilter(argc, argv));
	if (strcmp(argv[0], "sysclass") == 0)
		return (cmd_sysclass(argc, argv));
	if (strcmp(argv[0], "core-rings") == 0)
		return (cmd_core_rings(argc, argv));
	if (strcmp(argv[0], "ring-read") == 0)
		return (cmd_ring_read(argc, argv));
	if (strcmp(argv[0], "crc32") == 0)
		return (cmd_crc32(argc, argv));
	usage();
}

static void
usage(void)
{
	fprintf(stderr, "usage: ktrlib sysent x86_64|i386 name|number\n"
	    "       ktrlib errno number\n"
	    "       ktrlib points trstr\n"
	    "       ktrlib read [-l] [-n count] file\n"
	    "       ktrlib ktrace [file ops facs pid]\n"
	    "       ktrlib utrace [len] | clearfilter\n"
	    "       ktrlib sysfilter list\n"
	    "       ktrlib sysclass [class]\n"
	    "       ktrlib core-rings core out [hint]\n"
	    "       ktrlib ring-read out\n"
	    "       ktrlib crc32 file\n");
	exit(1);
}
