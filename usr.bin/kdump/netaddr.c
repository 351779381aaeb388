/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A sockaddr as the network views print it: one word of a column, in the
 * STRU line's notation ("127.0.0.1:80", "[::1]:80", a path, "@name" for
 * a Linux abstract name), or a JSON object with the members of STRU's.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <arpa/inet.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <vis.h>

#include "net.h"

/* Linux accepts RFC 2133's sockaddr_in6, without sin6_scope_id. */
#define SIN6_LEN_RFC2133	24
#define SUN_PATH_MAX	sizeof(((struct sockaddr_un *)0)->sun_path)

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

static sa_family_t
family_of(const void *sa)
{
	sa_family_t family;

	memcpy(&family, sa, sizeof(family));
	return (family);
}

static void
inet6(const void *sa, size_t len, struct sockaddr_in6 *sin6, char *addr)
{
	memset(sin6, 0, sizeof(*sin6));
	memcpy(sin6, sa, len < sizeof(*sin6) ? len : sizeof(*sin6));
	(void)inet_ntop(AF_INET6, &sin6->sin6_addr, addr, INET6_ADDRSTRLEN);
}

/* An AF_UNIX path: its bytes, whether abstract, and how many. */
static const char *
unix_path(const void *sa, size_t len, bool *abstract, size_t *n)
{
	const char *path = (const char *)sa + offsetof(struct sockaddr_un,
	    sun_path);

	*n = len - offsetof(struct sockaddr_un, sun_path);
	if (*n > SUN_PATH_MAX)
		*n = SUN_PATH_MAX;
	if ((*abstract = *n > 0 && path[0] == '\0')) {
		(*n)--;
		return (path + 1);
	}
	*n = strnlen(path, *n);
	return (path);
}

/* A path made one word: spaces and what is not printable escaped. */
static const char *
unix_text(char *buf, size_t size, const void *sa, size_t len)
{
	char vis[4 * SUN_PATH_MAX + 1];
	const char *path;
	bool abstract;
	size_t n;

	path = unix_path(sa, len, &abstract, &n);
	if (n == 0 && !abstract)
		return ("unnamed");
	(void)strvisx(vis, path, n, VIS_CSTYLE | VIS_NOLOCALE | VIS_WHITE);
	(void)snprintf(buf, size, "%s%s", abstract ? "@" : "", vis);
	return (buf);
}

const char *
netaddr_text(char *buf, size_t size, const void *sa, size_t len)
{
	struct sockaddr_nl snl;
	const char *text;

	if (sa == NULL || len < sizeof(sa_family_t))
		return ("-");
	switch (family_of(sa)) {
	case AF_INET:
	case AF_INET6:
		if ((text = sockaddr_inet_text(buf, size, sa, len)) != NULL)
			return (text);
		break;
	case AF_UNIX:
		return (unix_text(buf, size, sa, len));
	case AF_NETLINK:
		if (len < sizeof(snl))
			break;
		memcpy(&snl, sa, sizeof(snl));
		(void)snprintf(buf, size, "netlink:%u", snl.nl_pid);
		return (buf);
	default:
		return ("?");
	}
	return ("invalid");	/* too short for its family */
}

static void
json_inet(const void *sa, size_t len)
{
	struct sockaddr_in sin;
	struct sockaddr_in6 sin6;
	char addr[INET6_ADDRSTRLEN];

	if (family_of(sa) == AF_INET && len >= sizeof(sin)) {
		memcpy(&sin, sa, sizeof(sin));
		(void)inet_ntop(AF_INET, &sin.sin_addr, addr, sizeof(addr));
		printf(",\"addr\":\"%s\",\"port\":%u", addr,
		    ntohs(sin.sin_port));
	} else if (family_of(sa) == AF_INET6 && len >= SIN6_LEN_RFC2133) {
		inet6(sa, len, &sin6, addr);
		printf(",\"addr\":\"%s\",\"port\":%u,\"scope_id\":%u", addr,
		    ntohs(sin6.sin6_port), sin6.sin6_scope_id);
	} else
		fputs(",\"addr\":null", stdout);
}

void
netaddr_json(const void *sa, size_t len)
{
	const char *path;
	bool abstract;
	size_t n;

	if (sa == NULL || len < sizeof(sa_family_t)) {
		fputs("null", stdout);
		return;
	}
	printf("{\"family\":%u,\"family_name\":", family_of(sa));
	json_string(stdout, ktr_family_name(family_of(sa)));
	switch (family_of(sa)) {
	case AF_INET:
	case AF_INET6:
		json_inet(sa, len);
		break;
	case AF_UNIX:
		path = unix_path(sa, len, &abstract, &n);
		printf(",\"abstract\":%s,\"path\":", abstract ? "true" :
		    "false");
		json_bytes(stdout, path, n);
		break;
	default:
		break;
	}
	putchar('}');
}
