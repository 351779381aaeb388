/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sockaddr.c: a Linux sockaddr's fields, decoded once for every printer
 * of one: the STRU line, its JSON and the network views.
 */
#ifndef _KDUMP_SOCKADDR_H_
#define _KDUMP_SOCKADDR_H_

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define SUN_PATH_MAX	sizeof(((struct sockaddr_un *)0)->sun_path)
struct sockaddr_fields {
	sa_family_t family;
	bool	complete;	/* long enough for its family's fields */
	char	addr[INET6_ADDRSTRLEN];	/* AF_INET, AF_INET6 */
	unsigned int port;
	uint32_t scope_id;	/* AF_INET6 */
	const char *path;	/* AF_UNIX, after the NUL if abstract */
	size_t	pathlen;	/* to the NUL, or to the end if abstract */
	bool	abstract;
	uint32_t nl_pid;	/* AF_NETLINK */
	uint32_t nl_groups;
};
/* false: no sockaddr (NULL, or too short to hold a family). */
bool	sockaddr_decode(struct sockaddr_fields *f, const void *data,
	    size_t len);
/* "[" INET6_ADDRSTRLEN "%" scope "]:" port, and the NUL */
#define SOCKADDR_INET_TEXT	80
/* "a.b.c.d:port", "[addr%scope]:port"; NULL if incomplete. */
const char *sockaddr_inet_text(char *buf, size_t size,
	    const struct sockaddr_fields *f);
/* json.c: an address's JSON members, for an object begun. */
void	json_inet_members(FILE *fp, const struct sockaddr_fields *f);
void	json_unix_members(FILE *fp, const struct sockaddr_fields *f,
	    size_t n);

#endif /* !_KDUMP_SOCKADDR_H_ */
