/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Decoders of socket arguments: address families, and the protocols and
 * option names whose meaning depends on the domain or level before them.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "args.h"

/* AF_INET; <invalid=N> as STRU sockaddr shows an unknown family. */
int
pr_family(struct argctx *c, int i, const struct ktr_flagset *fs)
{
	const char *name;

	(void)fs;
	argsep(c);
	if ((name = ktr_family_name(arg_int(c, i))) != NULL)
		fputs(name, c->fp);
	else
		fprintf(c->fp, "<invalid=%d>", arg_int(c, i));
	return (1);
}

/* The set naming the values of a domain's protocols, or NULL. */
static const struct ktr_flagset *
protocols(int domain)
{
	const char *family = ktr_family_name(domain);

	if (family == NULL)
		return (NULL);
	if (strcmp(family, "AF_INET") == 0 || strcmp(family, "AF_INET6") == 0)
		return (need_flagset("ipproto"));
	if (strcmp(family, "AF_NETLINK") == 0)
		return (need_flagset("netlinkproto"));
	return (NULL);
}

/* socket(2), socketpair(2): the protocol, two arguments after the domain. */
int
pr_sockproto(struct argctx *c, int i, const struct ktr_flagset *fs)
{
	(void)fs;
	if (i < 2 || (fs = protocols(arg_int(c, i - 2))) == NULL)
		return (pr_int(c, i, NULL));
	return (pr_enum(c, i, fs));
}

/* The option names of each level; other levels' options are numbers. */
static const struct {
	const char *level;
	const char *set;
} optsets[] = {
	{ "SOL_SOCKET",	"so" },
	{ "SOL_IP",	"ipopt" },
	{ "SOL_IPV6",	"ipv6opt" },
	{ "SOL_TCP",	"tcpopt" },
};

/* setsockopt(2), getsockopt(2): the option, after the level. fs: levels. */
int
pr_sockopt(struct argctx *c, int i, const struct ktr_flagset *fs)
{
	const char *level;
	size_t k;

	if (i < 1 || (level = ktr_flag_name(fs,
	    (uint64_t)(int64_t)arg_int(c, i - 1))) == NULL)
		return (pr_int(c, i, NULL));
	for (k = 0; k < sizeof(optsets) / sizeof(optsets[0]); k++)
		if (strcmp(optsets[k].level, level) == 0)
			return (pr_enum(c, i, need_flagset(optsets[k].set)));
	return (pr_int(c, i, NULL));
}
