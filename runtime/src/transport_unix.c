// SPDX-License-Identifier: BSD-3-Clause
/*
 * UNIX SOCK_SEQPACKET transport: one socket packet is one msgq message.
 * SEQPACKET keeps message boundaries and order, like a msgq, and the socket
 * buffer gives the back-pressure of a full queue.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "internal.h"

struct unix_ep {
	int fd;
};

/**
 * struct gunyah_rm_unix_listener - A listening SEQPACKET socket.
 * @fd: the socket (non-blocking, so a vanished client cannot block accept)
 * @addr: the address it is bound to; its path is unlinked on close
 */
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

/*
 * With MSG_DONTWAIT a full socket buffer fails the send at once; poll()
 * then waits for room, until @deadline.
 */
static int unix_send(void *ctx, const void *msg, size_t len, unsigned int flags,
		     const struct timespec *deadline)
{
	struct unix_ep *ep = ctx;
	short revents;
	int ret;

	(void)flags;
	if (len > GUNYAH_RM_MSGQ_MSG_SIZE)
		return -EMSGSIZE;
	/* A SEQPACKET record is sent whole or not at all. */
	while (send(ep->fd, msg, len, MSG_DONTWAIT | MSG_NOSIGNAL) < 0) {
		if (errno == ECONNRESET || errno == ENOTCONN || errno == EPIPE)
			return -EPIPE;
		if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
			return -errno;
		ret = unix_wait(ep->fd, POLLOUT, deadline, &revents);
		if (ret)
			return ret;
	}
	return 0;
}

static int unix_recv(void *ctx, void *buf, size_t cap,
		     const struct timespec *deadline)
{
	struct unix_ep *ep = ctx;
	short revents = 0;
	ssize_t n;
	int ret;

	for (;;) {
		ret = unix_wait(ep->fd, POLLIN, deadline, &revents);
		if (ret)
			return ret;
		n = recv(ep->fd, buf, cap, MSG_TRUNC | MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN ||
			    errno == EWOULDBLOCK)
				continue;
			return errno == ECONNRESET ? -EPIPE : -errno;
		}
		/*
		 * recv() returns 0 both for end of stream and for an empty
		 * packet; only the former comes with POLLHUP.
		 */
		if (n == 0 && (revents & POLLHUP))
			return -EPIPE;
		if ((size_t)n > cap)
			return -EMSGSIZE;
		return (int)n;
	}
}

static void unix_shutdown(void *ctx)
{
	struct unix_ep *ep = ctx;

	shutdown(ep->fd, SHUT_RDWR);
}

static void unix_close(void *ctx)
{
	struct unix_ep *ep = ctx;

	close(ep->fd);
	free(ep);
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
 * send and recv wait with poll() until their deadline; a send that would
 * block is not started, so a timed-out message is never half-sent.
 *
 * Return: 0, -EINVAL if @fd is negative, -ENOTSOCK / -EPROTOTYPE if it is
 * not a SEQPACKET socket, or -ENOMEM.
 */
int gunyah_rm_unix_from_fd(int fd, struct gunyah_rm_transport *t)
{
	struct unix_ep *ep;
	socklen_t optlen = sizeof(int);
	int type;

	if (fd < 0 || !t)
		return -EINVAL;
	if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &optlen))
		return -errno;
	if (type != SOCK_SEQPACKET)
		return -EPROTOTYPE;
	ep = malloc(sizeof(*ep));
	if (!ep)
		return -ENOMEM;
	ep->fd = fd;
	t->ops = &unix_ops;
	t->ctx = ep;
	return 0;
}

static int unix_addr(const char *path, struct sockaddr_un *addr)
{
	size_t len;

	if (!path || !*path)
		return -EINVAL;
	len = strlen(path);
	if (len >= sizeof(addr->sun_path))
		return -ENAMETOOLONG;
	memset(addr, 0, sizeof(*addr));
	addr->sun_family = AF_UNIX;
	memcpy(addr->sun_path, path, len + 1);
	return 0;
}

static int unix_socket(void)
{
	int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);

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
	ret = unix_addr(path, &addr);
	if (ret)
		return ret;
	fd = unix_socket();
	if (fd < 0)
		return fd;
	do {
		ret = connect(fd, (struct sockaddr *)&addr, sizeof(addr));
	} while (ret && errno == EINTR);
	if (ret)
		ret = -errno;
	else
		ret = gunyah_rm_unix_from_fd(fd, t);
	if (ret)
		close(fd);
	return ret;
}

/* Is something accepting connections on @addr? */
static bool unix_addr_live(const struct sockaddr_un *addr)
{
	int fd = unix_socket();
	bool live;

	if (fd < 0)
		return true;
	live = !connect(fd, (const struct sockaddr *)addr, sizeof(*addr)) ||
	       errno != ECONNREFUSED;
	close(fd);
	return live;
}

/**
 * gunyah_rm_unix_listen() - Create a listening socket for an RM server.
 * @path: filesystem path to bind; a stale socket file left there by a dead
 *        server (connect is refused) is replaced, a live one is not (the
 *        live server then sees one probe connection that closes at once)
 * @out: the listener
 *
 * The listener polls, so gunyah_rm_unix_accept() can time out.
 *
 * Return: 0, -EADDRINUSE if a server is listening on @path, -ENOMEM, or
 * another negative errno from socket(), bind() or listen().
 */
int gunyah_rm_unix_listen(const char *path,
			  struct gunyah_rm_unix_listener **out)
{
	struct gunyah_rm_unix_listener *l;
	struct stat st;
	int ret;

	if (!out)
		return -EINVAL;
	l = malloc(sizeof(*l));
	if (!l)
		return -ENOMEM;
	ret = unix_addr(path, &l->addr);
	if (ret)
		goto err_free;
	l->fd = unix_socket();
	if (l->fd < 0) {
		ret = l->fd;
		goto err_free;
	}
	ret = bind(l->fd, (struct sockaddr *)&l->addr, sizeof(l->addr));
	if (ret && errno == EADDRINUSE && !lstat(path, &st) &&
	    S_ISSOCK(st.st_mode) && !unix_addr_live(&l->addr) && !unlink(path))
		ret = bind(l->fd, (struct sockaddr *)&l->addr, sizeof(l->addr));
	if (ret) {
		ret = -errno;
		goto err_close;
	}
	if (listen(l->fd, 16) || fcntl(l->fd, F_SETFL, O_NONBLOCK) < 0) {
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
	short revents = 0;
	int fd, ret;

	if (!l || !t)
		return -EINVAL;
	deadline = gunyah_rm_deadline(&ts, timeout_ms);
	for (;;) {
		ret = unix_wait(l->fd, POLLIN, deadline, &revents);
		if (ret)
			return ret;
		fd = accept(l->fd, NULL, NULL);
		if (fd >= 0)
			break;
		/* The client may have given up between poll and accept. */
		if (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK &&
		    errno != ECONNABORTED)
			return -errno;
	}
	if (fcntl(fd, F_SETFD, FD_CLOEXEC) < 0) {
		ret = -errno;
		close(fd);
		return ret;
	}
	ret = gunyah_rm_unix_from_fd(fd, t);
	if (ret)
		close(fd);
	return ret;
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
