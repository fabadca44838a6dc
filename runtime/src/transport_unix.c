// SPDX-License-Identifier: BSD-3-Clause
/*
 * UNIX SOCK_SEQPACKET transport: one socket packet is one msgq message.
 * SEQPACKET keeps message boundaries and order, like a msgq, and the socket
 * buffer gives the back-pressure of a full queue.
 */
#define _GNU_SOURCE /* accept4() */

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "internal.h"

/* A listening socket (non-blocking: a vanished client cannot block accept). */
struct gunyah_rm_unix_listener {
	int fd;
	struct sockaddr_un addr;
};

/* Milliseconds until @deadline, rounded up; -1 (no timeout) if NULL. */
static int ms_left(const struct timespec *deadline)
{
	struct timespec now;
	long long ns;

	if (!deadline)
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &now);
	ns = (long long)(deadline->tv_sec - now.tv_sec) * 1000000000LL +
	     (deadline->tv_nsec - now.tv_nsec);
	if (ns <= 0)
		return 0;
	ns = (ns + 999999) / 1000000;
	return ns > INT_MAX ? INT_MAX : (int)ns;
}

/*
 * Wait until @fd is ready for @events or @deadline (NULL: none) passes;
 * 0 with *@revents set, -ETIMEDOUT, -EBADF or -errno.
 */
static int unix_wait(int fd, short events, const struct timespec *deadline,
		     short *revents)
{
	struct pollfd pfd = { .fd = fd, .events = events };
	int ret;

	for (;;) {
		ret = poll(&pfd, 1, ms_left(deadline));
		if (ret > 0) {
			*revents = pfd.revents;
			return pfd.revents & POLLNVAL ? -EBADF : 0;
		}
		if (ret == 0)
			return -ETIMEDOUT;
		if (errno != EINTR)
			return -errno;
	}
}

/* Is the error of a non-blocking socket call one to retry after a wait? */
static bool try_again(void)
{
	return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
}

/* An endpoint's ctx is its socket, not a pointer: nothing to allocate. */
static int ctx_fd(void *ctx)
{
	return (int)(intptr_t)ctx;
}

/*
 * A full socket buffer fails a MSG_DONTWAIT send at once, and poll() waits
 * for room. A SEQPACKET record is sent whole or not at all.
 */
static int unix_send(void *ctx, const void *msg, size_t len, unsigned int flags,
		     const struct timespec *deadline)
{
	int fd = ctx_fd(ctx), ret;
	short revents;

	(void)flags;
	if (len > GUNYAH_RM_MSGQ_MSG_SIZE)
		return -EMSGSIZE;
	while (send(fd, msg, len, MSG_DONTWAIT | MSG_NOSIGNAL) < 0) {
		if (errno == ECONNRESET || errno == ENOTCONN || errno == EPIPE)
			return -EPIPE;
		if (!try_again())
			return -errno;
		ret = unix_wait(fd, POLLOUT, deadline, &revents);
		if (ret)
			return ret;
	}
	return 0;
}

static int unix_recv(void *ctx, void *buf, size_t cap,
		     const struct timespec *deadline)
{
	int fd = ctx_fd(ctx), ret;
	short revents = 0;
	ssize_t n;

	for (;;) {
		ret = unix_wait(fd, POLLIN, deadline, &revents);
		if (ret)
			return ret;
		n = recv(fd, buf, cap, MSG_TRUNC | MSG_DONTWAIT);
		if (n >= 0 || !try_again())
			break;
	}
	if (n < 0)
		return errno == ECONNRESET ? -EPIPE : -errno;
	/*
	 * recv() returns 0 both for end of stream and for an empty packet;
	 * only the former comes with POLLHUP.
	 */
	if (n == 0 && (revents & POLLHUP))
		return -EPIPE;
	return (size_t)n > cap ? -EMSGSIZE : (int)n;
}

static void unix_shutdown(void *ctx)
{
	shutdown(ctx_fd(ctx), SHUT_RDWR);
}

static void unix_close(void *ctx)
{
	close(ctx_fd(ctx));
}

static const struct gunyah_rm_transport_ops unix_ops = {
	.send = unix_send,
	.recv = unix_recv,
	.shutdown = unix_shutdown,
	.close = unix_close,
};

/**
 * gunyah_rm_unix_from_fd() - Wrap a connected SOCK_SEQPACKET socket.
 * @fd: the socket, e.g. one end of socketpair(AF_UNIX, SOCK_SEQPACKET);
 *      owned by the transport on success (closed by its close op)
 * @t: the endpoint to set up
 *
 * Return: 0, or -EINVAL if @fd is negative.
 */
int gunyah_rm_unix_from_fd(int fd, struct gunyah_rm_transport *t)
{
	if (fd < 0 || !t)
		return -EINVAL;
	t->ops = &unix_ops;
	/* NOLINTNEXTLINE(performance-no-int-to-ptr): the ctx is the fd */
	t->ctx = (void *)(intptr_t)fd;
	return 0;
}

/* A SEQPACKET socket with @flags (SOCK_*), and @path's address in @addr. */
static int unix_socket(const char *path, int flags, struct sockaddr_un *addr)
{
	size_t len;
	int fd;

	if (!path || !*path)
		return -EINVAL;
	len = strlen(path);
	if (len >= sizeof(addr->sun_path))
		return -ENAMETOOLONG;
	memset(addr, 0, sizeof(*addr));
	addr->sun_family = AF_UNIX;
	memcpy(addr->sun_path, path, len + 1);
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | flags, 0);
	return fd < 0 ? -errno : fd;
}

/**
 * gunyah_rm_unix_connect() - Connect to a listening RM socket.
 * @path: filesystem path of the socket
 * @t: the endpoint to set up
 *
 * Return: 0, or a negative errno (-ENOENT / -ECONNREFUSED if nobody
 * listens, -ENAMETOOLONG for a path that does not fit sockaddr_un).
 */
int gunyah_rm_unix_connect(const char *path, struct gunyah_rm_transport *t)
{
	struct sockaddr_un addr;
	int fd, ret;

	if (!t)
		return -EINVAL;
	fd = unix_socket(path, 0, &addr);
	if (fd < 0)
		return fd;
	do {
		ret = connect(fd, (struct sockaddr *)&addr, sizeof(addr));
	} while (ret && errno == EINTR);
	ret = ret ? -errno : gunyah_rm_unix_from_fd(fd, t);
	if (ret)
		close(fd);
	return ret;
}

/**
 * gunyah_rm_unix_listen() - Create a listening socket for an RM server.
 * @path: filesystem path to bind; it must not exist (a socket file left by
 *        a server that died is not replaced: remove it first)
 * @out: the listener
 *
 * The listener polls, so gunyah_rm_unix_accept() can time out.
 *
 * Return: 0, -EADDRINUSE if @path exists, -ENOMEM, or another negative
 * errno from socket(), bind() or listen().
 */
int gunyah_rm_unix_listen(const char *path,
			  struct gunyah_rm_unix_listener **out)
{
	struct gunyah_rm_unix_listener *l;
	int ret;

	if (!out)
		return -EINVAL;
	l = malloc(sizeof(*l));
	if (!l)
		return -ENOMEM;
	l->fd = unix_socket(path, SOCK_NONBLOCK, &l->addr);
	if (l->fd < 0) {
		ret = l->fd;
		goto err_free;
	}
	if (bind(l->fd, (struct sockaddr *)&l->addr, sizeof(l->addr))) {
		ret = -errno;
		goto err_close;
	}
	if (listen(l->fd, 16)) {
		ret = -errno;
		unlink(path);
		goto err_close;
	}
	*out = l;
	return 0;

err_close:
	close(l->fd);
err_free:
	free(l);
	return ret;
}

/**
 * gunyah_rm_unix_accept() - Accept one client connection.
 * @l: the listener
 * @timeout_ms: negative to wait forever, 0 to poll, else milliseconds
 * @t: the endpoint to set up for the new connection
 *
 * Return: 0, -ETIMEDOUT if no client connected in time, or a negative
 * errno.
 */
int gunyah_rm_unix_accept(struct gunyah_rm_unix_listener *l, int timeout_ms,
			  struct gunyah_rm_transport *t)
{
	const struct timespec *deadline;
	struct timespec ts;
	short revents;
	int fd, ret;

	if (!l || !t)
		return -EINVAL;
	deadline = gunyah_rm_deadline(&ts, timeout_ms);
	do {
		ret = unix_wait(l->fd, POLLIN, deadline, &revents);
		if (ret)
			return ret;
		fd = accept4(l->fd, NULL, NULL, SOCK_CLOEXEC);
		/* The client may have given up between poll and accept. */
	} while (fd < 0 && (try_again() || errno == ECONNABORTED));
	if (fd < 0)
		return -errno;
	return gunyah_rm_unix_from_fd(fd, t);
}

/**
 * gunyah_rm_unix_listener_close() - Stop listening and remove the path.
 * @l: the listener, may be NULL; connections already accepted stay open
 */
void gunyah_rm_unix_listener_close(struct gunyah_rm_unix_listener *l)
{
	if (!l)
		return;
	close(l->fd);
	unlink(l->addr.sun_path);
	free(l);
}
