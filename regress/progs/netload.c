/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * netload: network traffic of known counts on 127.0.0.1, for kdump's
 * --net and --connections.
 *
 *   netload PORT ROUNDS [GATE]
 *
 * Two processes: netserver (the parent) listens on TCP PORT and has a
 * UDP socket on PORT+1; netclient (its child) plays ROUNDS rounds, each
 * of, in this order:
 *
 *   two TCP connections, the k-th of the trace from 127.0.0.1:PORT+10+k
 *	(k from 0): the client write()s 1000 * (1 + its number in the
 *	round) bytes, the server accept()s it with its address, recv()s
 *	them (MSG_WAITALL: one call) and send()s 500 back, the client
 *	recv()s them; both close;
 *   a connect() to PORT+2, where nothing listens: ECONNREFUSED;
 *   three datagrams from an unconnected socket on PORT+3: the client
 *	sendto()s 64 bytes to PORT+1, the server recvfrom()s them and
 *	sendto()s 32 back, the client recvfrom()s them.
 *
 * So each round, each process makes 5 calls that send and 5 that
 * receive; the client sends 3192 bytes and receives 1096, the server
 * the reverse.  With GATE, a FIFO, the client reads a byte from it
 * before each round after the first: the test sets the pace.  The
 * processes print their pids ("server PID", "client PID").
 */
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <arpa/inet.h>
#include <err.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NTCP	2
#define NUDP	3
#define REPLY	500
#define DGRAM	64
#define ANSWER	32

static char buf[NTCP * 1000];

static struct sockaddr_in
loopback(int port)
{
	struct sockaddr_in sin;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((unsigned short)port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return (sin);
}

/* A socket of type on 127.0.0.1:port (0: none bound). */
static int
bound(int type, int port)
{
	struct sockaddr_in sin = loopback(port);
	int fd, on = 1;

	if ((fd = socket(AF_INET, type, 0)) == -1)
		err(1, "socket");
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) == -1)
		err(1, "SO_REUSEADDR");
	if (port != 0 &&
	    bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1)
		err(1, "bind %d", port);
	return (fd);
}

static void
exactly(ssize_t got, size_t want, const char *what)
{
	if (got == -1)
		err(1, "%s", what);
	if ((size_t)got != want)
		errx(1, "%s: %zd bytes, not %zu", what, got, want);
}

static void
serve(int lfd, int ufd, int rounds)
{
	struct sockaddr_in peer;
	socklen_t len;
	int fd, i, r;

	for (r = 0; r < rounds; r++) {
		for (i = 0; i < NTCP; i++) {
			/* The peer's address asked for: its STRU record. */
			len = sizeof(peer);
			if ((fd = accept(lfd, (struct sockaddr *)&peer,
			    &len)) == -1)
				err(1, "accept");
			exactly(recv(fd, buf, 1000 * (i + 1), MSG_WAITALL),
			    1000 * (i + 1), "server recv");
			exactly(send(fd, buf, REPLY, 0), REPLY, "server send");
			(void)close(fd);
		}
		for (i = 0; i < NUDP; i++) {
			len = sizeof(peer);
			exactly(recvfrom(ufd, buf, sizeof(buf), 0,
			    (struct sockaddr *)&peer, &len), DGRAM,
			    "server recvfrom");
			exactly(sendto(ufd, buf, ANSWER, 0,
			    (struct sockaddr *)&peer, len), ANSWER,
			    "server sendto");
		}
	}
}

static void
connections(int port, int round)
{
	struct sockaddr_in sin = loopback(port);
	int fd, i;

	for (i = 0; i < NTCP; i++) {
		fd = bound(SOCK_STREAM, port + 10 + round * NTCP + i);
		if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1)
			err(1, "connect");
		exactly(write(fd, buf, 1000 * (i + 1)), 1000 * (i + 1),
		    "client write");
		exactly(recv(fd, buf, REPLY, MSG_WAITALL), REPLY,
		    "client recv");
		(void)close(fd);
	}
	sin = loopback(port + 2);
	fd = bound(SOCK_STREAM, 0);
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) != -1)
		errx(1, "something listens on port %d", port + 2);
	(void)close(fd);
}

static void
datagrams(int port)
{
	struct sockaddr_in to = loopback(port + 1), from;
	socklen_t len;
	int fd, i;

	fd = bound(SOCK_DGRAM, port + 3);
	for (i = 0; i < NUDP; i++) {
		exactly(sendto(fd, buf, DGRAM, 0, (struct sockaddr *)&to,
		    sizeof(to)), DGRAM, "client sendto");
		len = sizeof(from);
		exactly(recvfrom(fd, buf, sizeof(buf), 0,
		    (struct sockaddr *)&from, &len), ANSWER,
		    "client recvfrom");
	}
	(void)close(fd);
}

static void
play(int port, int rounds, const char *gate)
{
	char c;
	int fd, r;

	for (r = 0; r < rounds; r++) {
		if (r > 0 && gate != NULL) {
			if ((fd = open(gate, O_RDONLY)) == -1)
				err(1, "%s", gate);
			if (read(fd, &c, 1) != 1)
				errx(1, "%s: no byte", gate);
			(void)close(fd);
		}
		connections(port, r);
		datagrams(port);
	}
}

int
main(int argc, char *argv[])
{
	int lfd, ufd, port, rounds, ready[2], status;
	pid_t pid;
	char c = 0;

	if (argc < 3 || argc > 4)
		errx(2, "usage: netload PORT ROUNDS [GATE]");
	port = atoi(argv[1]);
	rounds = atoi(argv[2]);
	if (pipe(ready) == -1)
		err(1, "pipe");
	if ((pid = fork()) == -1)
		err(1, "fork");
	if (pid == 0) {
		(void)prctl(PR_SET_NAME, "netclient");
		(void)close(ready[1]);
		/* The server listens before the client connects. */
		if (read(ready[0], &c, 1) != 1)
			errx(1, "the server did not start");
		printf("client %d\n", (int)getpid());
		(void)fflush(stdout);
		play(port, rounds, argc > 3 ? argv[3] : NULL);
		return (0);
	}
	(void)prctl(PR_SET_NAME, "netserver");
	(void)close(ready[0]);
	lfd = bound(SOCK_STREAM, port);
	if (listen(lfd, NTCP) == -1)
		err(1, "listen");
	ufd = bound(SOCK_DGRAM, port + 1);
	printf("server %d\n", (int)getpid());
	(void)fflush(stdout);
	if (write(ready[1], &c, 1) != 1)
		err(1, "ready");
	serve(lfd, ufd, rounds);
	if (waitpid(pid, &status, 0) == -1)
		err(1, "waitpid");
	return (WIFEXITED(status) ? WEXITSTATUS(status) : 1);
}
