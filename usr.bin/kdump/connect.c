/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * --connections: a line for each connection a process made or accepted
 * (connect(), accept(), accept4()), and for each datagram sent to or
 * received from an address on a socket not connected (sendto(),
 * recvfrom() with one), in the order the calls end:
 *
 *   TIME PID COMMAND CALL FD FAMILY PEER LOCAL RESULT DURATION
 *
 * PEER is the address the call recorded (STRU), LOCAL the socket's own
 * when the trace showed it (bind(), getsockname(); for accept() the
 * listening socket's), RESULT the value returned or the errno's name.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "analysis.h"
#include "net.h"
#include "stats.h"

#define ADDRLEN		512	/* a vis-encoded sun_path, and more */

void
conn_start(void)
{
	if (opts.json)
		return;
	printf("%-15s %7s ", "TIME", "PID");
	if (opts.threads)
		printf("%7s ", "TID");
	printf("%-16s %-12s %4s %-9s %-23s %-23s %-12s %s\n", "COMMAND",
	    "CALL", "FD", "FAMILY", "PEER", "LOCAL", "RESULT", "DURATION");
}

/* Whether the call is a line's: a datagram's only when not connected. */
static bool
listed(const struct call *c, const struct netcall *nc)
{
	const struct sock *s;
	int fd;

	switch (nc->kind) {
	case NK_CONNECT:
	case NK_ACCEPT:
		return (true);
	case NK_SENDTO:
	case NK_RECVFROM:
		if (nc->sa == NULL)
			return (false);
		return (!c->entered || !netcall_fd(c->args[0], &fd) ||
		    (s = sock_get(c->pid, fd)) == NULL || !s->connected);
	default:
		return (false);
	}
}

/* The socket the call was made on, if the trace knows it. */
static const struct sock *
socket_of(const struct call *c, int *fd)
{
	*fd = -1;
	if (!c->entered || !netcall_fd(c->args[0], fd))
		return (NULL);
	return (sock_get(c->pid, *fd));
}

static int
family_of(const struct netcall *nc, const struct sock *s)
{
	sa_family_t family;

	if (nc->sa != NULL && nc->salen >= sizeof(family)) {
		memcpy(&family, nc->sa, sizeof(family));
		return (family);
	}
	return (s == NULL ? -1 : s->family);
}

static const char *
result(char *buf, size_t size, const struct call *c)
{
	const char *name;

	if (!c->returned || c->justreturn)
		return ("??");
	if (c->error == 0)
		(void)snprintf(buf, size, "%" PRId64, c->retval);
	else if ((name = ktr_errno_name(c->error)) != NULL)
		return (name);
	else
		(void)snprintf(buf, size, "errno %d", c->error);
	return (buf);
}

static void
print_text(const struct call *c, const struct netcall *nc,
    const struct sock *s, int fd)
{
	char when[40], name[32], fdbuf[16], fam[16], res[32], dur[32];
	char peer[ADDRLEN], local[ADDRLEN];
	uint64_t ns;

	stats_name(name, sizeof(name), c->abi, c->code);
	if (fd < 0)
		(void)snprintf(fdbuf, sizeof(fdbuf), "-");
	else
		(void)snprintf(fdbuf, sizeof(fdbuf), "%d", fd);
	if (c->entered && c->returned) {
		ns = clock_ns(&c->start, &c->end);
		(void)snprintf(dur, sizeof(dur), "%" PRIu64 ".%06" PRIu64,
		    ns / 1000000000, ns % 1000000000 / 1000);
	} else
		(void)snprintf(dur, sizeof(dur), "-");
	printf("%-15s %7d ", clock_format(when, sizeof(when),
	    c->entered ? &c->start : &c->end), (int)c->pid);
	if (opts.threads)
		printf("%7d ", (int)c->tid);
	printf("%-16s %-12s %4s %-9s %-23s %-23s %-12s %s\n", c->comm, name,
	    fdbuf, netaddr_family(fam, sizeof(fam), family_of(nc, s)),
	    netaddr_text(peer, sizeof(peer), nc->sa, nc->salen),
	    netaddr_text(local, sizeof(local), s == NULL ? NULL : s->local,
	    s == NULL ? 0 : s->locallen), result(res, sizeof(res), c), dur);
}

static void
print_json(const struct call *c, const struct netcall *nc,
    const struct sock *s, int fd)
{
	int family = family_of(nc, s);

	printf("{\"type\":\"connection\",\"pid\":%d,\"tid\":%d,\"comm\":",
	    (int)c->pid, (int)c->tid);
	json_string(stdout, c->comm);
	fputs(",\"syscall\":", stdout);
	json_string(stdout, call_name(c));
	if (fd < 0)
		fputs(",\"fd\":null", stdout);
	else
		printf(",\"fd\":%d", fd);
	if (family < 0)
		fputs(",\"family\":null,\"family_name\":null", stdout);
	else {
		printf(",\"family\":%d,\"family_name\":", family);
		json_string(stdout, ktr_family_name(family));
	}
	fputs(",\"peer\":", stdout);
	netaddr_json(nc->sa, nc->salen);
	fputs(",\"local\":", stdout);
	netaddr_json(s == NULL ? NULL : s->local, s == NULL ? 0 : s->locallen);
	json_ktr_time("start", &c->start, c->entered);
	json_ktr_time("end", &c->end, c->returned);
	if (c->entered && c->returned)
		printf(",\"duration_ns\":%" PRIu64, clock_ns(&c->start, &c->end));
	else
		fputs(",\"duration_ns\":null", stdout);
	if (!c->returned || c->justreturn)
		fputs(",\"retval\":null,\"errno\":null,\"error\":null}\n",
		    stdout);
	else {
		printf(",\"retval\":%" PRId64 ",\"errno\":%d,\"error\":",
		    c->error == 0 ? c->retval : -1, c->error);
		json_string(stdout, ktr_errno_name(c->error));
		fputs("}\n", stdout);
	}
}

void
conn_print(const struct call *c, const struct netcall *nc)
{
	const struct sock *s;
	int fd;

	/* A child's return from fork is no call of its own. */
	if (c->child || !listed(c, nc))
		return;
	s = socket_of(c, &fd);
	if (opts.json)
		print_json(c, nc, s, fd);
	else
		print_text(c, nc, s, fd);
}
