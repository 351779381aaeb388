/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * --graph: kstrax-graph's graphs, drawn by gnuplot.  The bar graphs come
 * from the statistics of the calls shown (stats.c); EXEC and EXEC-C from
 * each timed call, kept in an unlinked temporary file so that memory does
 * not grow with the trace.  gnuplot runs in a private temporary directory
 * on files of fixed names, so no name the user gives (nor TMPDIR) is ever
 * written into its script; the picture is copied to its place after.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "analysis.h"
#include "graph.h"

#define TOPN		20
#define NMEASURES	3
/* Pixels: the canvas of one panel, each panel more, ALL's bars. */
#define WIDTH		1200
#define HEIGHT		800
#define PANEL_HEIGHT	330
#define BAR_WIDTH	22
#define MAX_WIDTH	30000	/* cairo's surfaces end at 32767 */
#define NOGNUPLOT	\
	"gnuplot not found (apt-get install gnuplot-nox, or make deps)"
/* The files in the temporary directory, named in gnuplot's script. */
#define SCRIPT		"graph.gp"
#define BARDATA		"graph.dat"
#define EXECDATA	"exec%02zu.dat"
#define PICTURE		"graph.out"

enum measure { COUNT, AVERAGE, TOTAL };

static const struct kind {
	const char *word;
	bool	exec;		/* EXEC, EXEC-C: points, not bars */
	bool	all;		/* every syscall in ID order, not the top */
	int	nmeasures;	/* bars: the first one ranks */
	enum measure measures[NMEASURES];
	const char *title;
} graph_kinds[] = {
	[GRAPH_ALL] = { "ALL", false, true, 3, { COUNT, AVERAGE, TOTAL },
	    "all system calls by ID: count, average and total time" },
	[GRAPH_CNT] = { "CNT", false, false, 1, { COUNT },
	    "system calls by count (top 20)" },
	[GRAPH_CNT_P] = { "CNT+", false, false, 2, { COUNT, AVERAGE },
	    "system calls by count, with average time (top 20)" },
	[GRAPH_CNT_PP] = { "CNT++", false, false, 3,
	    { COUNT, AVERAGE, TOTAL },
	    "system calls by count, with average and total time (top 20)" },
	[GRAPH_AVE] = { "AVE", false, false, 1, { AVERAGE },
	    "system calls by average time (top 20)" },
	[GRAPH_AVE_P] = { "AVE+", false, false, 2, { AVERAGE, COUNT },
	    "system calls by average time, with count (top 20)" },
	[GRAPH_AVE_PP] = { "AVE++", false, false, 3,
	    { AVERAGE, COUNT, TOTAL },
	    "system calls by average time, with count and total time "
	    "(top 20)" },
	[GRAPH_TOTAL] = { "TOTAL", false, false, 1, { TOTAL },
	    "system calls by total time (top 20)" },
	[GRAPH_TOTAL_P] = { "TOTAL+", false, false, 2, { TOTAL, COUNT },
	    "system calls by total time, with count (top 20)" },
	[GRAPH_TOTAL_PP] = { "TOTAL++", false, false, 3,
	    { TOTAL, COUNT, AVERAGE },
	    "system calls by total time, with count and average time "
	    "(top 20)" },
	[GRAPH_EXEC] = { "EXEC", true, true, 0, { COUNT },
	    "duration of each system call by the time it was made" },
	[GRAPH_EXEC_C] = { "EXEC-C", true, false, 0, { COUNT },
	    "duration of each call of the 20 most called system calls, by "
	    "the time it was made" },
};
#define NKINDS	(sizeof(graph_kinds) / sizeof(graph_kinds[0]))

/* One bar per syscall: stats' rows, merged by syscall (--by-pid). */
struct bar {
	enum ktr_abi abi;
	int	code;
	uint64_t count, timed, total_ns;
};

/* A timed call, as kept for EXEC and EXEC-C. */
struct point {
	int64_t	sec, nsec;	/* when it was made */
	uint64_t ns;		/* how long it took */
	int32_t	abi, code;
};

static FILE *spool;		/* the points, unlinked */
static int spool_errno;		/* why a point could not be kept */
static uint64_t spooled;

/* Colours of the three measures' bars, and of EXEC-C's syscalls. */
static const char *const measure_colour[] = {
	[COUNT] = "#3b6fb6", [AVERAGE] = "#e07b28", [TOTAL] = "#3f9a4a",
};
static const char *const colours[TOPN] = {
	"#d62728", "#1f5fbf", "#2ca02c", "#ff7f0e", "#9467bd",
	"#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f",
	"#000000", "#e6b800", "#005f5f", "#a00060", "#66aaff",
	"#77cc55", "#ff9999", "#5c3d99", "#996600", "#00cc99",
};
/* Point types: filled circle, square, triangle, diamond. */
static const int shapes[] = { 7, 5, 9, 13 };

int
graph_parse_kind(const char *word)
{
	size_t i;

	for (i = 0; i < NKINDS; i++)
		if (strcmp(word, graph_kinds[i].word) == 0)
			return ((int)i);
	return (-1);
}

/* The gnuplot terminal a file's suffix asks for, or NULL. */
static const char *
terminal(const char *path)
{
	size_t len = strlen(path);

	if (len > 4 && strcasecmp(path + len - 4, ".svg") == 0)
		return ("svg");
	if (len > 4 && strcasecmp(path + len - 4, ".png") == 0)
		return ("pngcairo");
	return (NULL);
}

int
graph_check_path(const char *path)
{
	if (terminal(path) != NULL)
		return (0);
	warnx("%s: cannot tell the graph's format: the name must end in "
	    ".svg or .png", path);
	return (-1);
}

static const char *
tmpdir(void)
{
	const char *dir = getenv("TMPDIR");

	return (dir != NULL && *dir != '\0' ? dir : "/tmp");
}

/* dir/name into buf, or false (ENAMETOOLONG). */
static bool
join(char *buf, size_t size, const char *dir, const char *name)
{
	if ((size_t)snprintf(buf, size, "%s/%s", dir, name) >= size) {
		errno = ENAMETOOLONG;
		return (false);
	}
	return (true);
}

static FILE *
open_spool(void)
{
	char path[PATH_MAX];
	FILE *fp;
	int fd;

	if (!join(path, sizeof(path), tmpdir(), "kdump-graph.XXXXXX"))
		return (NULL);
	if ((fd = mkstemp(path)) == -1)
		return (NULL);
	(void)unlink(path);
	/* Not gnuplot's to inherit. */
	(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
	if ((fp = fdopen(fd, "w+")) == NULL)
		(void)close(fd);
	return (fp);
}

void
graph_call(const struct call *c)
{
	struct point p;

	if (!c->entered || !c->returned || spool_errno != 0)
		return;
	if (spool == NULL && (spool = open_spool()) == NULL) {
		spool_errno = errno != 0 ? errno : EIO;
		return;
	}
	memset(&p, 0, sizeof(p));
	p.sec = c->start.tv_sec;
	p.nsec = c->start.tv_nsec;
	p.ns = clock_ns(&c->start, &c->end);
	p.abi = (int32_t)c->abi;
	p.code = c->code;
	if (fwrite(&p, sizeof(p), 1, spool) != 1) {
		spool_errno = errno != 0 ? errno : EIO;
		return;
	}
	spooled++;
}

/*
 * The bars.
 */

static int
cmp_id(const void *a, const void *b)
{
	const struct bar *x = a, *y = b;

	if (x->abi != y->abi)
		return (x->abi < y->abi ? -1 : 1);
	if (x->code != y->code)
		return (x->code < y->code ? -1 : 1);
	return (0);
}

static long double
average_ns(const struct bar *b)
{
	return (b->timed == 0 ? 0 : (long double)b->total_ns / b->timed);
}

static long double
measure(const struct bar *b, enum measure m)
{
	switch (m) {
	case COUNT:
		return (b->count);
	case AVERAGE:
		return (average_ns(b));
	case TOTAL:
		return (b->total_ns);
	}
	return (0);
}

/* Biggest first; ties by ID, so that the order is always the same. */
static int
cmp_by(const struct bar *x, const struct bar *y, enum measure m)
{
	long double a = measure(x, m), b = measure(y, m);

	if (a != b)
		return (a > b ? -1 : 1);
	return (cmp_id(x, y));
}

static int
cmp_count(const void *a, const void *b)
{
	return (cmp_by(a, b, COUNT));
}

static int
cmp_average(const void *a, const void *b)
{
	return (cmp_by(a, b, AVERAGE));
}

static int
cmp_total(const void *a, const void *b)
{
	return (cmp_by(a, b, TOTAL));
}

/*
 * The syscalls seen, one bar each, sorted by the measure (ID order if
 * byid): an array of *n to free(), NULL if none.  Stats has one row a
 * syscall here (--by-pid is refused with --graph), in ID order.
 */
static struct bar *
load_bars(bool byid, enum measure m, size_t *n)
{
	struct sysstat **rows;
	struct bar *bars;
	size_t i, nrows;

	*n = 0;
	rows = stats_rows(stats_trace, 0, SORT_ID, &nrows);
	if (rows == NULL || nrows == 0) {
		free(rows);
		return (NULL);
	}
	if ((bars = calloc(nrows, sizeof(*bars))) == NULL)
		err(1, NULL);
	for (i = 0; i < nrows; i++) {
		bars[i].abi = rows[i]->abi;
		bars[i].code = rows[i]->code;
		bars[i].count = rows[i]->count;
		bars[i].timed = rows[i]->timed;
		bars[i].total_ns = rows[i]->total_ns;
	}
	free(rows);
	if (!byid)
		qsort(bars, nrows, sizeof(*bars), m == COUNT ? cmp_count :
		    m == AVERAGE ? cmp_average : cmp_total);
	*n = nrows;
	return (bars);
}

/* A time unit fit for values up to max nanoseconds. */
static void
time_unit(long double max, const char **name, long double *ns)
{
	if (max >= 1e9L) {
		*name = "s";
		*ns = 1e9L;
	} else if (max >= 1e6L) {
		*name = "ms";
		*ns = 1e6L;
	} else {
		*name = "\xc2\xb5s";	/* µs, in UTF-8 */
		*ns = 1e3L;
	}
}

/* s as a gnuplot string: single quotes, each one inside doubled. */
static void
gp_string(FILE *fp, const char *s)
{
	putc('\'', fp);
	for (; *s != '\0'; s++) {
		if (*s == '\'')
			putc('\'', fp);
		/* A newline would end the command: never in a name. */
		putc(*s == '\n' ? ' ' : *s, fp);
	}
	putc('\'', fp);
}

/* What every graph begins with: the terminal, the output, the text. */
static void
gp_begin(FILE *gp, const char *term, long width, long height)
{
	fprintf(gp, "set encoding utf8\n");
	if (strcmp(term, "svg") == 0)
		fprintf(gp, "set terminal svg size %ld,%ld noenhanced "
		    "font 'sans,12' background rgb 'white'\n", width, height);
	else
		fprintf(gp, "set terminal pngcairo size %ld,%ld noenhanced "
		    "font 'sans,11' background rgb 'white'\n", width, height);
	fprintf(gp, "set output '" PICTURE "'\n");
	fprintf(gp, "set datafile separator \"\\t\"\n");
	fprintf(gp, "set border 3\nset xtics nomirror\nset ytics nomirror\n");
	fprintf(gp, "set grid ytics lc rgb '#d8d8d8'\n");
}

/* Each measure's largest value, and the unit its panel shows it in. */
struct bar_scale {
	const char *unit[NMEASURES];
	long double scale[NMEASURES], max[NMEASURES];
};

static void
bar_scales(const struct bar *bars, size_t n, struct bar_scale *s)
{
	long double v;
	size_t i;
	int m;

	for (m = 0; m < NMEASURES; m++) {
		s->max[m] = 0;
		for (i = 0; i < n; i++) {
			v = measure(&bars[i], (enum measure)m);
			if (v > s->max[m])
				s->max[m] = v;
		}
		s->unit[m] = "";
		s->scale[m] = 1;
		if (m != COUNT)
			time_unit(s->max[m], &s->unit[m], &s->scale[m]);
	}
}

/* The data file: name, each measure in its unit, each as a label. */
static void
bar_data(FILE *dat, const struct bar *bars, size_t n,
    const struct bar_scale *s)
{
	char name[64];
	size_t i;

	for (i = 0; i < n; i++) {
		stats_name(name, sizeof(name), bars[i].abi, bars[i].code);
		fprintf(dat, "%s\t%" PRIu64 "\t%.9Lg\t%.9Lg\t%" PRIu64
		    "\t%.4Lg\t%.4Lg\n", name, bars[i].count,
		    average_ns(&bars[i]) / s->scale[AVERAGE],
		    (long double)bars[i].total_ns / s->scale[TOTAL],
		    bars[i].count, average_ns(&bars[i]) / s->scale[AVERAGE],
		    (long double)bars[i].total_ns / s->scale[TOTAL]);
	}
}

/* One measure's panel; the last one names the x axis. */
static void
bar_panel(FILE *gp, int m, const struct bar_scale *s, bool last,
    bool values)
{
	static const char *const ylabel[] = {
		[COUNT] = "calls", [AVERAGE] = "average time",
		[TOTAL] = "total time",
	};
	const char *unit = s->unit[m];

	fprintf(gp, "set ylabel '%s%s%s%s'\n", ylabel[m],
	    *unit != '\0' ? " (" : "", unit, *unit != '\0' ? ")" : "");
	/* Room above the bars for their values; never [0:0]. */
	if (s->max[m] > 0)
		fprintf(gp, "set yrange [0:%.9Lg]\n",
		    s->max[m] / s->scale[m] * 1.15L);
	else
		fprintf(gp, "set yrange [0:1]\n");
	/* Whole calls: no tics at 0.5 when there are few. */
	if (m == COUNT && s->max[m] < 10)
		fprintf(gp, "set ytics 1\nset format y '%%.0f'\n");
	else
		fprintf(gp, "set ytics autofreq\nset format y '%%g'\n");
	if (last)
		fprintf(gp, "set xlabel 'system call'\n");
	fprintf(gp, "plot '" BARDATA "' using 0:%d:xtic(1) with boxes "
	    "lc rgb '%s'", 2 + m, measure_colour[m]);
	if (values)
		fprintf(gp, ", '' using 0:%d:%d with labels "
		    "offset 0,0.7 font ',9'", 2 + m, 5 + m);
	fprintf(gp, "\n");
}

/*
 * Bars: one panel per measure, stacked, the syscalls in the same order
 * in each.  The data file: name, then each measure in its panel's unit,
 * then each as the text above its bar.
 */
static int
write_bars(const struct kind *k, const char *term, FILE *gp, FILE *dat,
    const char *path)
{
	struct bar_scale s;
	struct bar *bars;
	size_t i, n;
	long width, height;

	bars = load_bars(k->all, k->measures[0], &n);
	if (n == 0) {
		free(bars);
		warnx("%s: no calls to draw", path);
		return (-1);
	}
	if (!k->all && n > TOPN)
		n = TOPN;
	bar_scales(bars, n, &s);
	bar_data(dat, bars, n, &s);
	free(bars);

	width = WIDTH;
	if (n * BAR_WIDTH + 200 > WIDTH)
		width = n * BAR_WIDTH + 200 > MAX_WIDTH ? MAX_WIDTH :
		    (long)(n * BAR_WIDTH + 200);
	height = HEIGHT + (k->nmeasures - 1) * PANEL_HEIGHT;
	gp_begin(gp, term, width, height);
	fprintf(gp, "set style fill solid 0.85 border rgb '#404040'\n"
	    "set boxwidth 0.75 relative\n"
	    "set xtics rotate by 45 right scale 0\n"
	    "set key off\n"
	    "set lmargin 13\nset rmargin 4\n"
	    "set xrange [-0.6:%zu.4]\n", n - 1);
	fprintf(gp, "set multiplot layout %d,1 title ", k->nmeasures);
	gp_string(gp, k->title);
	fprintf(gp, " font ',15'\n");
	/* The value above each bar, unless they are too many to read. */
	for (i = 0; i < (size_t)k->nmeasures; i++)
		bar_panel(gp, k->measures[i], &s, i + 1 == (size_t)k->nmeasures,
		    n <= 2 * TOPN);
	fprintf(gp, "unset multiplot\n");
	return (0);
}

/*
 * EXEC, EXEC-C: a point per timed call.  EXEC-C's calls go to a data
 * file per syscall, a plot (legend entry, colour) each.
 */

/* When a call was made, in seconds; exact for any real clock. */
static long double
when(const struct point *p)
{
	return ((long double)p->sec + (long double)p->nsec / 1e9L);
}

/* Which of the top syscalls a point belongs to, or -1. */
static int
which(const struct point *p, const struct bar *top, size_t ntop)
{
	size_t i;

	for (i = 0; i < ntop; i++)
		if ((int32_t)top[i].abi == p->abi && top[i].code == p->code)
			return ((int)i);
	return (-1);
}

/* Where EXEC's points lie: the axes' ranges, in seconds. */
struct exec_range {
	long double xmax, ymin, ymax;
};

/*
 * The first call drawn is the time 0: its time in *t0, and how many
 * calls are drawn (0: none), or -1 on a read error.
 */
static int64_t
exec_t0(const struct kind *k, const struct bar *top, size_t ntop,
    long double *t0)
{
	struct point p;
	int64_t drawn = 0;
	long double x;

	rewind(spool);
	while (fread(&p, sizeof(p), 1, spool) == 1)
		if (k->all || which(&p, top, ntop) >= 0) {
			x = when(&p);
			if (drawn++ == 0 || x < *t0)
				*t0 = x;
		}
	return (ferror(spool) ? -1 : drawn);
}

/* A data file a series in dir; false (said) if one cannot be made. */
static bool
exec_open(const char *dir, const char *path, FILE **dat, size_t nseries,
    size_t *nfiles)
{
	char file[PATH_MAX], name[64];

	for (; *nfiles < nseries; (*nfiles)++) {
		(void)snprintf(name, sizeof(name), EXECDATA, *nfiles);
		if (!join(file, sizeof(file), dir, name) ||
		    (dat[*nfiles] = fopen(file, "w")) == NULL) {
			warn("%s: %s", path, file);
			return (false);
		}
	}
	return (true);
}

/* Each call drawn, to its series' file: false on a read error. */
static bool
exec_points(const struct kind *k, const struct bar *top, size_t ntop,
    long double t0, FILE **dat, uint64_t *each, struct exec_range *r)
{
	struct point p;
	uint64_t drawn = 0;
	long double x, y;
	int g;

	rewind(spool);
	while (fread(&p, sizeof(p), 1, spool) == 1) {
		g = k->all ? 0 : which(&p, top, ntop);
		if (g < 0)
			continue;
		x = when(&p) - t0;
		/* A log scale has no 0: a call under 1 ns is drawn at 1 ns. */
		y = (p.ns == 0 ? 1 : p.ns) / 1e9L;
		if (drawn++ == 0 || y < r->ymin)
			r->ymin = y;
		if (y > r->ymax)
			r->ymax = y;
		if (x > r->xmax)
			r->xmax = x;
		each[g]++;
		fprintf(dat[g], "%.9Lf\t%.9Lg\n", x, y);
	}
	return (!ferror(spool));
}

/* EXEC-C's plots: one a top syscall with timed calls, in its colour. */
static void
exec_plots(FILE *gp, const struct bar *top, size_t ntop,
    const uint64_t *each)
{
	char name[64];
	size_t i;
	int g;

	fprintf(gp, "set key outside right top vertical "
	    "title 'system call'\nplot ");
	for (i = 0, g = 0; i < ntop; i++) {
		if (each[i] == 0)
			continue;	/* no timed call of it */
		stats_name(name, sizeof(name), top[i].abi, top[i].code);
		fprintf(gp, "%s'" EXECDATA "' using 1:2 with points "
		    "pt %d ps 1 lc rgb '%s' title ", g++ > 0 ?
		    ", \\\n    " : "", i,
		    shapes[i % (sizeof(shapes) / sizeof(shapes[0]))],
		    colours[i]);
		gp_string(gp, name);
	}
	fprintf(gp, "\n");
}

static void
exec_script(const struct kind *k, const char *term, FILE *gp,
    const struct bar *top, size_t ntop, const uint64_t *each,
    const struct exec_range *r)
{
	gp_begin(gp, term, WIDTH, HEIGHT);
	fprintf(gp, "set title ");
	gp_string(gp, k->title);
	fprintf(gp, " font ',15'\n"
	    "set grid xtics ytics lc rgb '#d8d8d8'\n"
	    /* "100 µs": gnuplot's SI prefixes read better than 1e-04. */
	    "set logscale y\nset micro\nset format y '%%.0s %%cs'\n"
	    "set xlabel 'time the call was made (s after the first call "
	    "drawn)'\n"
	    "set ylabel 'duration (log scale)'\n");
	/*
	 * Room around the points, or the borders hide those at the ends;
	 * never an empty range, of which gnuplot would warn.
	 */
	fprintf(gp, "set xrange [%.9Lg:%.9Lg]\n", -r->xmax / 50,
	    r->xmax > 0 ? r->xmax * 51 / 50 : 1);
	fprintf(gp, "set yrange [%.9Lg:%.9Lg]\n", r->ymin / 2, r->ymax * 2);
	if (k->all)
		fprintf(gp, "set key off\nplot '" EXECDATA "' using 1:2 with "
		    "points pt 7 ps 0.5 lc rgb '%s'\n", (size_t)0,
		    measure_colour[COUNT]);
	else
		exec_plots(gp, top, ntop, each);
}

/*
 * Pick the series (EXEC: one of every call; EXEC-C: one per top
 * syscall), find the time 0, write the data files, then the script.
 */
static int
write_exec(const struct kind *k, const char *term, FILE *gp,
    const char *dir, const char *path)
{
	FILE *dat[TOPN];
	struct bar *top;
	struct exec_range range = { 0, 0, 0 };
	size_t i, ntop, nseries, nfiles = 0;
	uint64_t each[TOPN] = { 0 };
	long double t0 = 0;
	int64_t drawn = 0;
	int rv = -1;

	if (spool_errno != 0) {
		errno = spool_errno;
		warn("%s: cannot keep the calls to draw", path);
		return (-1);
	}
	top = load_bars(false, COUNT, &ntop);
	if (ntop > TOPN)
		ntop = TOPN;
	nseries = k->all ? 1 : ntop;
	if (spooled != 0 && nseries != 0 &&
	    (drawn = exec_t0(k, top, ntop, &t0)) < 0)
		goto readerr;
	if (drawn == 0)
		goto nocalls;
	if (!exec_open(dir, path, dat, nseries, &nfiles))
		goto out;
	if (!exec_points(k, top, ntop, t0, dat, each, &range))
		goto readerr;
	exec_script(k, term, gp, top, ntop, each, &range);
	rv = 0;
	goto out;

readerr:
	warn("%s: reading the calls kept", path);
	goto out;
nocalls:
	/* Calls, but none of them timed (or none of the top ones). */
	warnx("%s: no %scalls to draw", path, ntop > 0 || spooled > 0 ?
	    "timed " : "");
out:
	for (i = 0; i < nfiles; i++)
		if (fclose(dat[i]) == EOF && rv == 0) {
			warn("%s: %s", path, dir);
			rv = -1;
		}
	free(top);
	return (rv);
}

/*
 * Running gnuplot.
 */

/* gnuplot's absolute path, found as execvp would, or NULL. */
static char *
find_gnuplot(void)
{
	const char *p, *end, *path = getenv("PATH");
	char file[PATH_MAX], *abs;
	struct stat st;
	size_t len;

	if (path == NULL)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (p = path;; p = end + 1) {
		if ((end = strchr(p, ':')) == NULL)
			end = p + strlen(p);
		/* An empty element is the current directory. */
		len = (size_t)(end - p);
		if (len == 0) {
			p = ".";
			len = 1;
		}
		if ((size_t)snprintf(file, sizeof(file), "%.*s/gnuplot",
		    (int)len, p) < sizeof(file) &&
		    stat(file, &st) == 0 && S_ISREG(st.st_mode) &&
		    access(file, X_OK) == 0 &&
		    (abs = realpath(file, NULL)) != NULL)
			return (abs);
		if (*end == '\0')
			return (NULL);
	}
}

/* An fd at 3 or above, close-on-exec: never one the child replaces. */
static int
high_fd(int fd)
{
	int nfd;

	if (fd < 0)
		return (-1);
	nfd = fcntl(fd, F_DUPFD_CLOEXEC, 3);
	(void)close(fd);
	return (nfd);
}

/*
 * gnuplot SCRIPT in dir, its input and output /dev/null, its errors
 * kdump's.  A pipe, closed by a successful exec, brings back the errno
 * of a failed one.
 */
static int
run_gnuplot(const char *gnuplot, const char *dir, const char *path)
{
	char *const argv[] = { "gnuplot", "-d", SCRIPT, NULL };
	int pfd[2], null, status, e;
	ssize_t r;
	pid_t pid;

	if (pipe(pfd) == -1) {
		warn("%s: pipe", path);
		return (-1);
	}
	pfd[0] = high_fd(pfd[0]);
	pfd[1] = high_fd(pfd[1]);
	null = high_fd(open("/dev/null", O_RDWR));
	if (pfd[0] == -1 || pfd[1] == -1 || null == -1) {
		warn("%s: cannot prepare to run gnuplot", path);
		goto fail;
	}
	switch (pid = fork()) {
	case -1:
		warn("%s: fork", path);
		goto fail;
	case 0:
		if (chdir(dir) == 0 && dup2(null, STDIN_FILENO) != -1 &&
		    dup2(null, STDOUT_FILENO) != -1)
			execv(gnuplot, argv);
		e = errno;
		if (write(pfd[1], &e, sizeof(e)) == -1)
			_exit(126);
		_exit(127);
	}
	(void)close(pfd[1]);
	(void)close(null);
	while ((r = read(pfd[0], &e, sizeof(e))) == -1 && errno == EINTR)
		continue;
	(void)close(pfd[0]);
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR) {
			warn("%s: waiting for gnuplot", path);
			return (-1);
		}
	if (r == (ssize_t)sizeof(e)) {
		errno = e;
		warn("%s: cannot run %s", path, gnuplot);
		return (-1);
	}
	if (WIFSIGNALED(status)) {
		warnx("%s: gnuplot failed (killed by signal %d)", path,
		    WTERMSIG(status));
		return (-1);
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		warnx("%s: gnuplot failed (exit status %d)", path,
		    WEXITSTATUS(status));
		return (-1);
	}
	return (0);

fail:
	if (pfd[0] != -1)
		(void)close(pfd[0]);
	if (pfd[1] != -1)
		(void)close(pfd[1]);
	if (null != -1)
		(void)close(null);
	return (-1);
}

/* The picture gnuplot drew, to the file the user named. */
static int
copy_out(const char *from, const char *path)
{
	char buf[65536];
	ssize_t r, w, off;
	int in, out, rv = -1;
	struct stat st;

	if ((in = open(from, O_RDONLY | O_CLOEXEC)) == -1 ||
	    fstat(in, &st) == -1 || st.st_size == 0) {
		warnx("%s: gnuplot drew nothing", path);
		if (in != -1)
			(void)close(in);
		return (-1);
	}
	if ((out = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0666)) == -1) {
		warn("%s", path);
		(void)close(in);
		return (-1);
	}
	for (;;) {
		if ((r = read(in, buf, sizeof(buf))) == -1) {
			if (errno == EINTR)
				continue;
			warn("%s: reading gnuplot's picture", path);
			goto out;
		}
		if (r == 0)
			break;
		for (off = 0; off < r; off += w)
			if ((w = write(out, buf + off, (size_t)(r - off))) ==
			    -1) {
				if (errno == EINTR) {
					w = 0;
					continue;
				}
				warn("%s", path);
				goto out;
			}
	}
	rv = 0;
out:
	if (close(out) == -1 && rv == 0) {
		warn("%s", path);
		rv = -1;
	}
	(void)close(in);
	return (rv);
}

/* The temporary directory and all in it (only files we made). */
static void
remove_dir(const char *dir)
{
	char file[PATH_MAX];
	struct dirent *de;
	DIR *d;

	if ((d = opendir(dir)) != NULL) {
		while ((de = readdir(d)) != NULL)
			if (strcmp(de->d_name, ".") != 0 &&
			    strcmp(de->d_name, "..") != 0 &&
			    join(file, sizeof(file), dir, de->d_name))
				(void)unlink(file);
		(void)closedir(d);
	}
	if (rmdir(dir) == -1)
		warn("%s", dir);
}

/* A new file in dir, or NULL after a message. */
static FILE *
graph_create(const char *dir, const char *name, const char *path)
{
	char file[PATH_MAX];
	FILE *fp;

	if (!join(file, sizeof(file), dir, name) ||
	    (fp = fopen(file, "w")) == NULL) {
		warn("%s: %s/%s", path, dir, name);
		return (NULL);
	}
	return (fp);
}

static int
finish(FILE *fp, const char *dir, const char *name, const char *path)
{
	int bad;

	if (fp == NULL)
		return (0);
	bad = ferror(fp);
	if (fclose(fp) == EOF || bad) {
		warn("%s: %s/%s", path, dir, name);
		return (-1);
	}
	return (0);
}

int
graph_write(enum graph_kind kind, const char *path)
{
	const struct kind *k;
	const char *term;
	char dir[PATH_MAX], picture[PATH_MAX], *gnuplot;
	FILE *gp, *dat = NULL;
	int rv = -1;

	if ((size_t)kind >= NKINDS) {
		warnx("%s: no such graph (%d)", path, (int)kind);
		return (-1);
	}
	k = &graph_kinds[kind];
	if (graph_check_path(path) == -1)
		return (-1);
	term = terminal(path);
	if ((gnuplot = find_gnuplot()) == NULL) {
		warnx("%s: " NOGNUPLOT, path);
		return (-1);
	}
	if (!join(dir, sizeof(dir), tmpdir(), "kdump-graph.XXXXXX") ||
	    mkdtemp(dir) == NULL) {
		warn("%s: cannot make a temporary directory in %s", path,
		    tmpdir());
		free(gnuplot);
		return (-1);
	}
	if ((gp = graph_create(dir, SCRIPT, path)) == NULL)
		goto out;
	if (!k->exec && (dat = graph_create(dir, BARDATA, path)) == NULL) {
		(void)fclose(gp);
		goto out;
	}
	rv = k->exec ? write_exec(k, term, gp, dir, path) :
	    write_bars(k, term, gp, dat, path);
	if (finish(gp, dir, SCRIPT, path) == -1 ||
	    finish(dat, dir, BARDATA, path) == -1)
		rv = -1;
	if (rv == 0)
		rv = run_gnuplot(gnuplot, dir, path);
	if (rv == 0) {
		if (join(picture, sizeof(picture), dir, PICTURE))
			rv = copy_out(picture, path);
		else {
			warn("%s: %s", path, dir);
			rv = -1;
		}
	}
out:
	remove_dir(dir);
	free(gnuplot);
	return (rv);
}
