/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * struct stat in FreeBSD's words.  The record holds Linux x86_64's
 * <asm/stat.h> layout, which has no birth time and no file flags:
 * birthtime is left out and flags is always 0x0.  -r shows the mode as
 * ls(1) does, owners by name and times as dates.  --json gives every
 * member as a number.
 */
#include <sys/types.h>

#include <grp.h>
#include <inttypes.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kdump.h"

#define TIME_FORMAT	"%b %e %T %Y"

/* Linux x86_64's struct stat (<asm/stat.h>), in fixed-width types. */
struct lx_timespec {
	int64_t	sec;
	int64_t	nsec;
};

struct lx_stat {
	uint64_t dev;
	uint64_t ino;
	uint64_t nlink;
	uint32_t mode;
	uint32_t uid;
	uint32_t gid;
	uint32_t pad0;
	uint64_t rdev;
	int64_t	size;
	int64_t	blksize;
	int64_t	blocks;
	struct lx_timespec atime, mtime, ctime;
	int64_t	unused[3];
};

_Static_assert(sizeof(struct lx_stat) == 144, "Linux x86_64 struct stat");

static void
print_time(const char *what, const struct lx_timespec *ts)
{
	char buf[64];
	struct tm *tm;
	time_t t = (time_t)ts->sec;

	printf("%s=", what);
	if (opts.resolve && (tm = localtime(&t)) != NULL &&
	    strftime(buf, sizeof(buf), TIME_FORMAT, tm) != 0)
		printf("\"%s\"", buf);
	else
		printf("%jd", (intmax_t)ts->sec);
	if (ts->nsec != 0)
		printf(".%09jd", (intmax_t)ts->nsec);
	fputs(", ", stdout);
}

void
print_stat(const void *data, size_t len)
{
	struct lx_stat st;
	struct passwd *pw;
	struct group *gr;
	char mode[16];

	if (len != sizeof(st)) {
		puts("invalid record");
		dump_data(data, len);
		return;
	}
	memcpy(&st, data, sizeof(st));
	printf("struct stat {dev=%ju, ino=%ju, ", (uintmax_t)st.dev,
	    (uintmax_t)st.ino);
	if (opts.resolve) {
		strmode((mode_t)st.mode, mode);
		printf("mode=%s, ", mode);
	} else
		printf("mode=0%jo, ", (uintmax_t)st.mode);
	printf("nlink=%ju, ", (uintmax_t)st.nlink);
	if (opts.resolve && (pw = getpwuid(st.uid)) != NULL)
		printf("uid=\"%s\", ", pw->pw_name);
	else
		printf("uid=%ju, ", (uintmax_t)st.uid);
	if (opts.resolve && (gr = getgrgid(st.gid)) != NULL)
		printf("gid=\"%s\", ", gr->gr_name);
	else
		printf("gid=%ju, ", (uintmax_t)st.gid);
	printf("rdev=%ju, ", (uintmax_t)st.rdev);
	print_time("atime", &st.atime);
	print_time("mtime", &st.mtime);
	print_time("ctime", &st.ctime);
	printf("size=%jd, blksize=%jd, blocks=%jd, flags=0x0 }\n",
	    (intmax_t)st.size, (intmax_t)st.blksize, (intmax_t)st.blocks);
}

static void
json_stat_time(FILE *fp, const char *what, const struct lx_timespec *ts)
{
	fprintf(fp, ",\"%s\":{\"sec\":%" PRId64 ",\"nsec\":%" PRId64 "}",
	    what, ts->sec, ts->nsec);
}

void
json_stat(FILE *fp, const void *data, size_t len)
{
	struct lx_stat st;

	if (len != sizeof(st)) {
		fputs(",\"valid\":false", fp);
		return;
	}
	memcpy(&st, data, sizeof(st));
	fprintf(fp, ",\"valid\":true,\"dev\":%" PRIu64 ",\"ino\":%" PRIu64
	    ",\"mode\":%" PRIu32 ",\"nlink\":%" PRIu64 ",\"uid\":%" PRIu32
	    ",\"gid\":%" PRIu32 ",\"rdev\":%" PRIu64, st.dev, st.ino,
	    st.mode, st.nlink, st.uid, st.gid, st.rdev);
	json_stat_time(fp, "atime", &st.atime);
	json_stat_time(fp, "mtime", &st.mtime);
	json_stat_time(fp, "ctime", &st.ctime);
	fprintf(fp, ",\"size\":%" PRId64 ",\"blksize\":%" PRId64
	    ",\"blocks\":%" PRId64, st.size, st.blksize, st.blocks);
}
