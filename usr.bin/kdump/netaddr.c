/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A sockaddr as the network views print it: one word of a column, in the
 * STRU line's notation ("127.0.0.1:80", "[::1]:80", a path, "@name" for
 * a Linux abstract name), or a JSON object with the members of STRU's.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <stdio.h>
#include <vis.h>

#include "net.h"
#include "sockaddr.h"

const char *
netaddr_family(char *buf, size_t size, int family)
{
	const char *name;

	if (family == -1)
		return ("?");
	if ((name = ktr_family_name(family)) != NULL)
		return (name);
	(void)snprintf(buf, size, "%d", family);
	return (buf);
}

/* The views' bound on a path: sun_path's size, the NUL of a name in it. */
static size_t
unix_len(const struct sockaddr_fields *f)
{
	if (f->abstract)
		return (f->pathlen + 1 > SUN_PATH_MAX ? SUN_PATH_MAX - 1 :
		    f->pathlen);
	return (f->pathlen > SUN_PATH_MAX ? SUN_PATH_MAX : f->pathlen);
}

/* A path made one word: spaces and what is not printable escaped. */
static const char *
unix_text(char *buf, size_t size, const struct sockaddr_fields *f)
{
	char vis[4 * SUN_PATH_MAX + 1];
	size_t n = unix_len(f);

	if (n == 0 && !f->abstract)
		return ("unnamed");
	(void)strvisx(vis, f->path, n, VIS_CSTYLE | VIS_NOLOCALE | VIS_WHITE);
	(void)snprintf(buf, size, "%s%s", f->abstract ? "@" : "", vis);
	return (buf);
}

const char *
netaddr_text(char *buf, size_t size, const void *sa, size_t len)
{
	struct sockaddr_fields f;
	const char *text;

	if (!sockaddr_decode(&f, sa, len))
		return ("-");
	switch (f.family) {
	case AF_INET:
	case AF_INET6:
		if ((text = sockaddr_inet_text(buf, size, &f)) != NULL)
			return (text);
		break;
	case AF_UNIX:
		return (unix_text(buf, size, &f));
	case AF_NETLINK:
		if (!f.complete)
			break;
		(void)snprintf(buf, size, "netlink:%u", f.nl_pid);
		return (buf);
	default:
		return ("?");
	}
	return ("invalid");	/* too short for its family */
}

/* STRU's members but "valid", and none for a netlink address. */
void
netaddr_json(const void *sa, size_t len)
{
	struct sockaddr_fields f;

	if (!sockaddr_decode(&f, sa, len)) {
		fputs("null", stdout);
		return;
	}
	printf("{\"family\":%u,\"family_name\":", f.family);
	json_string(stdout, ktr_family_name(f.family));
	switch (f.family) {
	case AF_INET:
	case AF_INET6:
		json_inet_members(stdout, &f);
		break;
	case AF_UNIX:
		json_unix_members(stdout, &f, unix_len(&f));
		break;
	default:
		break;
	}
	putchar('}');
}
