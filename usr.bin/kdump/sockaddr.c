/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * struct sockaddr as the process passed it: Linux's, which has no sa_len,
 * so the record's length is the address's.  The family by name, then the
 * address as FreeBSD's kdump shows it; an address too short for its
 * family is "invalid".  sockaddr_decode() reads the bytes once for every
 * printer: this STRU line, its JSON (json.c) and the network views
 * (netaddr.c).
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <arpa/inet.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <vis.h>

#include "kdump.h"
#include "sockaddr.h"

/* Linux accepts RFC 2133's sockaddr_in6, without sin6_scope_id. */
#define SIN6_LEN_RFC2133	24

/* How many bytes a family's fields need (RFC 2133's for AF_INET6). */
static size_t
family_len(sa_family_t family)
{
	switch (family) {
	case AF_INET:
		return (sizeof(struct sockaddr_in));
	case AF_INET6:
		return (SIN6_LEN_RFC2133);
	case AF_NETLINK:
		return (sizeof(struct sockaddr_nl));
	default:
		return (sizeof(family));
	}
}

static void
decode_inet(struct sockaddr_fields *f, const void *data)
{
	struct sockaddr_in sin;

	memcpy(&sin, data, sizeof(sin));
	(void)inet_ntop(AF_INET, &sin.sin_addr, f->addr, sizeof(f->addr));
	f->port = ntohs(sin.sin_port);
}

static void
decode_inet6(struct sockaddr_fields *f, const void *data, size_t len)
{
	struct sockaddr_in6 sin6;

	memset(&sin6, 0, sizeof(sin6));
	memcpy(&sin6, data, len < sizeof(sin6) ? len : sizeof(sin6));
	(void)inet_ntop(AF_INET6, &sin6.sin6_addr, f->addr, sizeof(f->addr));
	f->port = ntohs(sin6.sin6_port);
	f->scope_id = sin6.sin6_scope_id;
}

/*
 * A path up to its NUL; a Linux abstract name (a leading NUL, then bytes
 * that may be anything) to the end.  Neither is cut at sun_path's size:
 * each printer bounds it as it must.
 */
static void
decode_unix(struct sockaddr_fields *f, const void *data, size_t len)
{
	const char *path = (const char *)data + offsetof(struct sockaddr_un,
	    sun_path);
	size_t n = len - offsetof(struct sockaddr_un, sun_path);

	f->abstract = n > 0 && path[0] == '\0';
	f->path = f->abstract ? path + 1 : path;
	f->pathlen = f->abstract ? n - 1 : strnlen(path, n);
}

bool
sockaddr_decode(struct sockaddr_fields *f, const void *data, size_t len)
{
	struct sockaddr_nl snl;

	memset(f, 0, sizeof(*f));
	if (data == NULL || len < sizeof(f->family))
		return (false);
	memcpy(&f->family, data, sizeof(f->family));
	if (!(f->complete = len >= family_len(f->family)))
		return (true);
	switch (f->family) {
	case AF_INET:
		decode_inet(f, data);
		break;
	case AF_INET6:
		decode_inet6(f, data, len);
		break;
	case AF_UNIX:
		decode_unix(f, data, len);
		break;
	case AF_NETLINK:
		memcpy(&snl, data, sizeof(snl));
		f->nl_pid = snl.nl_pid;
		f->nl_groups = snl.nl_groups;
		break;
	}
	return (true);
}

/*
 * An AF_INET address as "a.b.c.d:port", an AF_INET6 one as
 * "[addr%scope]:port", into @buf; NULL if it was too short for the
 * family.  A scope prints as its number: interface names are the tracing
 * host's.  The network views (netaddr.c) print them so too.
 */
const char *
sockaddr_inet_text(char *buf, size_t size, const struct sockaddr_fields *f)
{
	char scope[16] = "";

	if (!f->complete)
		return (NULL);
	if (f->family == AF_INET) {
		(void)snprintf(buf, size, "%s:%u", f->addr, f->port);
		return (buf);
	}
	if (f->scope_id != 0)
		(void)snprintf(scope, sizeof(scope), "%%%u", f->scope_id);
	(void)snprintf(buf, size, "[%s%s]:%u", f->addr, scope, f->port);
	return (buf);
}

static void
print_inet(const struct sockaddr_fields *f)
{
	char buf[SOCKADDR_INET_TEXT];
	const char *text = sockaddr_inet_text(buf, sizeof(buf), f);

	fputs(text != NULL ? text : "invalid", stdout);
}

/*
 * A path as it is, like FreeBSD; a Linux abstract name (a leading NUL,
 * then bytes that may be anything) as "@" and the bytes vis(3)-encoded.
 */
static void
print_unix(const struct sockaddr_fields *f)
{
	char name[4 * SUN_PATH_MAX + 1];
	size_t n = f->pathlen;

	if (f->abstract) {
		if (n > SUN_PATH_MAX)
			n = SUN_PATH_MAX;
		(void)strvisx(name, f->path, n,
		    VIS_CSTYLE | VIS_NOLOCALE | VIS_TAB | VIS_NL);
		printf("@%s", name);
	} else
		printf("%.*s", (int)n, f->path);
}

static void
print_netlink(const struct sockaddr_fields *f)
{
	if (!f->complete)
		fputs("invalid", stdout);
	else
		printf("netlink[pid=%u, groups=%#x]", f->nl_pid,
		    f->nl_groups);
}

void
print_sockaddr(const void *data, size_t len)
{
	struct sockaddr_fields f;
	const char *name;

	if (len > sizeof(struct sockaddr_storage) ||
	    !sockaddr_decode(&f, data, len)) {
		puts("invalid record");
		dump_data(data, len);
		return;
	}
	fputs("struct sockaddr { ", stdout);
	if ((name = ktr_family_name(f.family)) != NULL)
		fputs(name, stdout);
	else
		printf("<invalid=%d>", f.family);
	fputs(", ", stdout);
	switch (f.family) {
	case AF_INET:
	case AF_INET6:
		print_inet(&f);
		break;
	case AF_UNIX:
		print_unix(&f);
		break;
	case AF_NETLINK:
		print_netlink(&f);
		break;
	default:
		fputs("unknown address family", stdout);
		break;
	}
	puts(" }");
}
