/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * struct sockaddr as the process passed it: Linux's, which has no sa_len,
 * so the record's length is the address's.  The family by name, then the
 * address as FreeBSD's kdump shows it; an address too short for its
 * family is "invalid".
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

/* Linux accepts RFC 2133's sockaddr_in6, without sin6_scope_id. */
#define SIN6_LEN_RFC2133	24

/*
 * An AF_INET address as "a.b.c.d:port", an AF_INET6 one as
 * "[addr%scope]:port", into @buf; NULL if @len is too short for the
 * family.  A scope prints as its number: interface names are the tracing
 * host's.  The network views (netaddr.c) print them so too.
 */
const char *
sockaddr_inet_text(char *buf, size_t size, const void *data, size_t len)
{
	struct sockaddr_in sin;
	struct sockaddr_in6 sin6;
	char addr[INET6_ADDRSTRLEN], scope[16] = "";
	sa_family_t family;

	memcpy(&family, data, sizeof(family));
	if (family == AF_INET) {
		if (len < sizeof(sin))
			return (NULL);
		memcpy(&sin, data, sizeof(sin));
		(void)inet_ntop(AF_INET, &sin.sin_addr, addr, sizeof(addr));
		(void)snprintf(buf, size, "%s:%u", addr, ntohs(sin.sin_port));
		return (buf);
	}
	if (len < SIN6_LEN_RFC2133)
		return (NULL);
	memset(&sin6, 0, sizeof(sin6));
	memcpy(&sin6, data, len < sizeof(sin6) ? len : sizeof(sin6));
	(void)inet_ntop(AF_INET6, &sin6.sin6_addr, addr, sizeof(addr));
	if (sin6.sin6_scope_id != 0)
		(void)snprintf(scope, sizeof(scope), "%%%u", sin6.sin6_scope_id);
	(void)snprintf(buf, size, "[%s%s]:%u", addr, scope,
	    ntohs(sin6.sin6_port));
	return (buf);
}

static void
print_inet(const void *data, size_t len)
{
	char buf[SOCKADDR_INET_TEXT];
	const char *text = sockaddr_inet_text(buf, sizeof(buf), data, len);

	fputs(text != NULL ? text : "invalid", stdout);
}

/*
 * A path as it is, like FreeBSD; a Linux abstract name (a leading NUL,
 * then bytes that may be anything) as "@" and the bytes vis(3)-encoded.
 */
static void
print_unix(const void *data, size_t len)
{
	const char *path = (const char *)data + offsetof(struct sockaddr_un,
	    sun_path);
	size_t n = len - offsetof(struct sockaddr_un, sun_path);
	char name[4 * sizeof(((struct sockaddr_un *)0)->sun_path) + 1];

	if (n > 0 && path[0] == '\0') {
		n--;
		if (n > sizeof(((struct sockaddr_un *)0)->sun_path))
			n = sizeof(((struct sockaddr_un *)0)->sun_path);
		(void)strvisx(name, path + 1, n,
		    VIS_CSTYLE | VIS_NOLOCALE | VIS_TAB | VIS_NL);
		printf("@%s", name);
	} else
		printf("%.*s", (int)strnlen(path, n), path);
}

static void
print_netlink(const void *data, size_t len)
{
	struct sockaddr_nl snl;

	if (len < sizeof(snl)) {
		fputs("invalid", stdout);
		return;
	}
	memcpy(&snl, data, sizeof(snl));
	printf("netlink[pid=%u, groups=%#x]", snl.nl_pid, snl.nl_groups);
}

void
print_sockaddr(const void *data, size_t len)
{
	sa_family_t family;
	const char *name;

	if (len < sizeof(family) || len > sizeof(struct sockaddr_storage)) {
		puts("invalid record");
		dump_data(data, len);
		return;
	}
	memcpy(&family, data, sizeof(family));
	fputs("struct sockaddr { ", stdout);
	if ((name = ktr_family_name(family)) != NULL)
		fputs(name, stdout);
	else
		printf("<invalid=%d>", family);
	fputs(", ", stdout);
	switch (family) {
	case AF_INET:
	case AF_INET6:
		print_inet(data, len);
		break;
	case AF_UNIX:
		print_unix(data, len);
		break;
	case AF_NETLINK:
		print_netlink(data, len);
		break;
	default:
		fputs("unknown address family", stdout);
		break;
	}
	puts(" }");
}
