/*
 * net.c - sockets.  Without arguments: one socket() call, printing the
 * errno it got (vxlinux --no-net must say EACCES).  With a scratch
 * directory: socketpair, send/recv, descriptor passing with
 * sendmsg/recvmsg (SCM_RIGHTS), an AF_UNIX listener with bind, listen,
 * connect, accept and getsockname, socket options with a timeval, and a
 * TCP connection over loopback.  Prints what it saw; exits non-zero on a
 * mismatch.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static int failures;

#define CHECK(cond, ...) do { \
	if (!(cond)) { \
		printf("FAIL line %d: ", __LINE__); \
		printf(__VA_ARGS__); \
		printf(" (errno %s)\n", strerror(errno)); \
		failures++; \
	} \
} while (0)

static void pair(void)
{
	int sv[2], p[2];
	char buf[32];

	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair");
	CHECK(send(sv[0], "ping", 4, 0) == 4, "send");
	CHECK(recv(sv[1], buf, sizeof buf, 0) == 4 && !memcmp(buf, "ping", 4),
	      "recv");

	/* Pass the read end of a pipe across the socket. */
	CHECK(pipe(p) == 0, "pipe");
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { "fd", 2 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
			    .msg_control = cbuf, .msg_controllen = sizeof cbuf };
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &p[0], sizeof(int));
	CHECK(sendmsg(sv[0], &m, 0) == 2, "sendmsg");

	char rbuf[8], rc[CMSG_SPACE(sizeof(int))];
	struct iovec riov = { rbuf, sizeof rbuf };
	struct msghdr rm = { .msg_iov = &riov, .msg_iovlen = 1,
			     .msg_control = rc, .msg_controllen = sizeof rc };
	CHECK(recvmsg(sv[1], &rm, 0) == 2 && !memcmp(rbuf, "fd", 2),
	      "recvmsg");
	c = CMSG_FIRSTHDR(&rm);
	int fd = -1;
	CHECK(c && c->cmsg_type == SCM_RIGHTS &&
	      c->cmsg_len == CMSG_LEN(sizeof(int)), "SCM_RIGHTS received");
	if (c)
		memcpy(&fd, CMSG_DATA(c), sizeof fd);
	write(p[1], "via passed fd", 13);
	CHECK(fd >= 0 && read(fd, buf, sizeof buf) == 13 &&
	      !memcmp(buf, "via passed fd", 13), "read from the passed fd");
	printf("pair: ok\n");
	close(sv[0]); close(sv[1]); close(p[0]); close(p[1]); close(fd);
}

static void unix_listener(const char *dir)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX }, got;
	socklen_t len = sizeof got;
	char buf[16];
	int l, c, s;

	snprintf(a.sun_path, sizeof a.sun_path, "%s/sock", dir);
	l = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(l >= 0, "socket");
	CHECK(bind(l, (struct sockaddr *)&a, sizeof a) == 0, "bind");
	CHECK(listen(l, 4) == 0, "listen");
	CHECK(getsockname(l, (struct sockaddr *)&got, &len) == 0 &&
	      got.sun_family == AF_UNIX && strstr(got.sun_path, "/sock"),
	      "getsockname");
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(connect(c, (struct sockaddr *)&a, sizeof a) == 0, "connect");
	s = accept(l, NULL, NULL);
	CHECK(s >= 0, "accept");
	CHECK(write(c, "hello", 5) == 5 && read(s, buf, 5) == 5 &&
	      !memcmp(buf, "hello", 5), "stream data");
	struct timeval tv = { 0, 50000 }, tv2;
	len = sizeof tv2;
	CHECK(setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) == 0,
	      "SO_RCVTIMEO");
	CHECK(getsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv2, &len) == 0 &&
	      tv2.tv_sec == 0 && tv2.tv_usec >= 40000, "SO_RCVTIMEO back");
	CHECK(read(s, buf, 1) < 0 && errno == EAGAIN, "read timeout");
	int type;
	len = sizeof type;
	CHECK(getsockopt(s, SOL_SOCKET, SO_TYPE, &type, &len) == 0 &&
	      type == SOCK_STREAM, "SO_TYPE");
	CHECK(shutdown(c, SHUT_WR) == 0 && read(s, buf, 1) == 0, "shutdown");
	printf("unix: ok\n");
	close(l); close(c); close(s);
}

static void tcp(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET }, peer;
	socklen_t len = sizeof a;
	char buf[8];
	int l = socket(AF_INET, SOCK_STREAM, 0), c, s;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(l, (struct sockaddr *)&a, sizeof a) < 0) {
		printf("tcp: no loopback (%s)\n", strerror(errno));
		close(l);
		return;
	}
	CHECK(listen(l, 1) == 0 &&
	      getsockname(l, (struct sockaddr *)&a, &len) == 0 &&
	      a.sin_port != 0, "listen on loopback");
	c = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(connect(c, (struct sockaddr *)&a, sizeof a) == 0, "tcp connect");
	len = sizeof peer;
	s = accept4(l, (struct sockaddr *)&peer, &len, SOCK_CLOEXEC);
	CHECK(s >= 0 && peer.sin_addr.s_addr == htonl(INADDR_LOOPBACK),
	      "accept4 peer address");
	CHECK(sendto(c, "tcp!", 4, 0, NULL, 0) == 4 &&
	      recvfrom(s, buf, sizeof buf, 0, NULL, NULL) == 4, "tcp data");
	printf("tcp: ok\n");
	close(l); close(c); close(s);
}

/* The old multiplexer, socketcall (102), which glibc no longer uses. */
static void multiplexed(void)
{
	unsigned long args[4] = { AF_UNIX, SOCK_DGRAM, 0, 0 };
	int sv[2], r;

	__asm__ volatile("int $0x80" : "=a"(r) : "0"(102), "b"(1), "c"(args)
			 : "memory");
	CHECK(r >= 0, "socketcall(SYS_SOCKET) = %d", r);
	close(r);
	args[3] = (unsigned long)sv;
	__asm__ volatile("int $0x80" : "=a"(r) : "0"(102), "b"(8), "c"(args)
			 : "memory");
	CHECK(r == 0 && write(sv[0], "x", 1) == 1, "socketcall(SYS_SOCKETPAIR)");
	__asm__ volatile("int $0x80" : "=a"(r) : "0"(102), "b"(99), "c"(args)
			 : "memory");
	CHECK(r == -EINVAL, "socketcall(99) = %d", r);
	printf("socketcall: ok\n");
	close(sv[0]);
	close(sv[1]);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		int s = socket(AF_INET, SOCK_STREAM, 0);
		printf("socket: %s\n", s < 0 ? strerrorname_np(errno) : "ok");
		return 0;
	}
	setvbuf(stdout, NULL, _IONBF, 0);
	pair();
	unix_listener(argv[1]);
	tcp();
	multiplexed();
	printf("%d failures\n", failures);
	return failures != 0;
}
