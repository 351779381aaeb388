/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * GIO records: the data a read or write moved, as text when it is text
 * (vis(3)-encoded, C style) and as a hex dump otherwise, both laid out as
 * FreeBSD's kdump does for the width of the terminal.
 */
#include <sys/ioctl.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <vis.h>

#include "kdump.h"

#define DEFAULT_WIDTH	80
#define INDENT		"       "	/* 7 columns, under the line above */

/* The terminal's width if stderr is one (FreeBSD asks stderr). */
static int
screen_width(void)
{
	static int width;
	struct winsize ws;

	if (width == 0) {
		if (opts.fancy &&
		    ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) != -1 &&
		    ws.ws_col > 8)
			width = ws.ws_col;
		else
			width = DEFAULT_WIDTH;
	}
	return (width);
}

/* Printable ASCII and the usual white space, NUL included, is text. */
static bool
is_text(const unsigned char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((p[i] < 32 || p[i] > 126) && p[i] != '\n' &&
		    p[i] != '\r' && p[i] != '\t' && p[i] != '\0')
			return (false);
	return (true);
}

/*
 * Text between double quotes.  A newline stays one and the next line
 * starts at a tab; a line that would reach the last two columns is
 * continued with a backslash.  p[len] must be readable: vis(3) looks one
 * character ahead (the reader NUL-terminates every payload).
 */
static void
visdump(const unsigned char *p, size_t len, int width)
{
	char enc[8];
	size_t i;
	int col, w;

	fputs(INDENT "\"", stdout);
	col = 8;
	for (i = 0; i < len; i++) {
		(void)vis(enc, p[i], VIS_CSTYLE | VIS_NOLOCALE, p[i + 1]);
		if (col == 0) {
			putchar('\t');
			col = 8;
		}
		if (enc[0] == '\n') {
			putchar('\n');
			col = 0;
			continue;
		}
		w = enc[0] == '\t' ? 8 - (col & 7) : (int)strlen(enc);
		if (col + w > width - 2) {
			fputs("\\\n\t", stdout);
			col = 8;
		}
		col += w;
		fputs(enc, stdout);
	}
	if (col == 0)
		fputs(INDENT, stdout);
	puts("\"");
}

/*
 * Lines of an offset, the bytes in hex by pairs and the bytes again as
 * ASCII between bars, as many (even) bytes a line as fit the screen.
 */
static void
hexdump(const unsigned char *p, size_t len, int width)
{
	size_t line, i, per;

	/* A line of n bytes takes 17 + 3.5n columns; keep one spare. */
	for (per = 2; 17 + 7 * (per + 2) / 2 < (size_t)width - 1; per += 2)
		;
	for (line = 0; line < len; line += per) {
		printf(INDENT "0x%04zx", line);
		for (i = line; i < line + per; i++) {
			if (i % 2 == 0)
				putchar(' ');
			if (i < len)
				printf("%02x", p[i]);
			else
				fputs("  ", stdout);
		}
		fputs("  |", stdout);
		for (i = line; i < line + per && i < len; i++)
			putchar(p[i] >= ' ' && p[i] <= '~' ? p[i] : '.');
		puts("|");
	}
	/* FreeBSD ends a dump whose last line is short with an empty line. */
	if (len % per != 0)
		putchar('\n');
}

/*
 * -x: the bytes in hex, as many a line (after a tab) as fit the screen.
 * -X: lines of an offset, the bytes in hex and again as ASCII.  Both are
 * OpenBSD's.  Nothing for no bytes, or without -x or -X.
 */
void
dump_data(const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t i, j, per;
	int col, width = screen_width();

	if (len == 0 || opts.iohex == IOHEX_NONE)
		return;
	if (opts.iohex == IOHEX_HEX) {
		putchar('\t');
		col = 8;
		for (i = 0; i < len; i++) {
			printf("%02x", p[i]);
			col += 3;
			if (i + 1 == len)
				break;
			if (col + 3 > width) {
				fputs("\n\t", stdout);
				col = 8;
			} else
				putchar(' ');
		}
		putchar('\n');
		return;
	}
	per = width > 17 ? (size_t)(width - 13) / 4 : 1;
	for (i = 0; i < len; i += per) {
		printf("   %04zx:  ", i);
		for (j = i; j < i + per; j++)
			if (j < len)
				printf("%02x ", p[j]);
			else
				fputs("   ", stdout);
		putchar(' ');
		for (j = i; j < i + per && j < len; j++)
			putchar(p[j] >= ' ' && p[j] <= '~' ? p[j] : '.');
		putchar('\n');
	}
}

void
dump_genio(const struct ktr_record *rec, enum ktr_abi abi)
{
	const struct ktr_genio *gio = rec->data;
	const unsigned char *p = (const unsigned char *)rec->data +
	    sizeof(*gio);
	size_t len = rec->len - sizeof(*gio);

	(void)abi;
	printf("fd %d %s %zu byte%s\n", gio->ktr_fd,
	    gio->ktr_rw == KTR_UIO_READ ? "read" : "wrote", len,
	    len == 1 ? "" : "s");
	if (opts.suppress)
		return;
	if (opts.maxdata > 0 && len > (size_t)opts.maxdata)
		len = (size_t)opts.maxdata;
	if (opts.iohex != IOHEX_NONE)
		dump_data(p, len);
	else if (is_text(p, len))
		visdump(p, len, screen_width());
	else
		hexdump(p, len, screen_width());
}
