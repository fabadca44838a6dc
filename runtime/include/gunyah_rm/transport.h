/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Message-queue transports: the model of a Gunyah msgq pair, which sends and
 * receives one message of at most GUNYAH_RM_MSGQ_MSG_SIZE bytes at a time,
 * in order. Two are provided: an in-memory pair and a UNIX SOCK_SEQPACKET
 * socket (one packet per message).
 */
#ifndef GUNYAH_RM_TRANSPORT_H
#define GUNYAH_RM_TRANSPORT_H

#include <errno.h>
#include <stddef.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Largest msgq message, in bytes. */
#define GUNYAH_RM_MSGQ_MSG_SIZE 240

/* Send flag: the last packet of an RPC message, as the msgq TX "push". */
#define GUNYAH_RM_MSGQ_TX_PUSH (1u << 0)

/* Timeout in milliseconds meaning "wait as long as it takes". */
#define GUNYAH_RM_WAIT_FOREVER (-1)

/**
 * struct gunyah_rm_transport_ops - What a transport implements.
 * @send: queue the @len bytes at @msg (0..GUNYAH_RM_MSGQ_MSG_SIZE) whole as
 *        one message, waiting while the queue is full. @flags is a mask of
 *        GUNYAH_RM_MSGQ_TX_*. Returns 0, -EMSGSIZE (@len too long),
 *        -ETIMEDOUT (still full at @deadline; nothing queued), -EPIPE (this
 *        endpoint shut down or the peer gone) or another negative errno.
 * @recv: wait for one message and copy it to @buf. Returns its length,
 *        -ETIMEDOUT, -EMSGSIZE (longer than @cap; discarded), -EPIPE (shut
 *        down, or the peer gone and nothing left) or another negative errno.
 * @shutdown: make blocked and later @send and @recv calls on this endpoint
 *            return -EPIPE (a later @recv may first drain the queue) and end
 *            the peer's stream. Idempotent; safe during @send and @recv.
 * @close: shut down if needed and free the endpoint; the last call on it.
 *
 * A @deadline is an absolute CLOCK_MONOTONIC time (gunyah_rm_deadline()),
 * or NULL to wait as long as it takes; one that has passed polls. @send and
 * @recv may run at the same time on different threads.
 */
struct gunyah_rm_transport_ops {
	int (*send)(void *ctx, const void *msg, size_t len, unsigned int flags,
		    const struct timespec *deadline);
	int (*recv)(void *ctx, void *buf, size_t cap,
		    const struct timespec *deadline);
	void (*shutdown)(void *ctx);
	void (*close)(void *ctx);
};

/**
 * struct gunyah_rm_transport - A transport endpoint.
 * @ops: the implementation
 * @ctx: the endpoint, passed to every op
 */
struct gunyah_rm_transport {
	const struct gunyah_rm_transport_ops *ops;
	void *ctx;
};

/* Call @t's op; see struct gunyah_rm_transport_ops. */
static inline int gunyah_rm_transport_send(const struct gunyah_rm_transport *t,
					   const void *msg, size_t len,
					   unsigned int flags,
					   const struct timespec *deadline)
{
	return t->ops->send(t->ctx, msg, len, flags, deadline);
}

static inline int gunyah_rm_transport_recv(const struct gunyah_rm_transport *t,
					   void *buf, size_t cap,
					   const struct timespec *deadline)
{
	return t->ops->recv(t->ctx, buf, cap, deadline);
}

static inline void
gunyah_rm_transport_shutdown(const struct gunyah_rm_transport *t)
{
	t->ops->shutdown(t->ctx);
}

/* Close @t, unless it has no ops (already closed, or handed over). */
static inline void gunyah_rm_transport_close(struct gunyah_rm_transport *t)
{
	if (t->ops)
		t->ops->close(t->ctx);
	t->ops = NULL;
	t->ctx = NULL;
}

/* The recv op of a transport that only sends: nothing ever comes. */
static inline int gunyah_rm_transport_recv_none(void *ctx, void *buf,
						size_t cap,
						const struct timespec *deadline)
{
	(void)ctx;
	(void)buf;
	(void)cap;
	(void)deadline;
	return -EPIPE;
}

/* A shutdown or close op with nothing to do. */
static inline void gunyah_rm_transport_nop(void *ctx)
{
	(void)ctx;
}

const struct timespec *gunyah_rm_deadline(struct timespec *ts, int timeout_ms);

int gunyah_rm_mem_pair_create(unsigned int depth, struct gunyah_rm_transport *a,
			      struct gunyah_rm_transport *b);

struct gunyah_rm_unix_listener;

int gunyah_rm_unix_connect(const char *path, struct gunyah_rm_transport *t);
int gunyah_rm_unix_from_fd(int fd, struct gunyah_rm_transport *t);
int gunyah_rm_unix_listen(const char *path,
			  struct gunyah_rm_unix_listener **out);
int gunyah_rm_unix_accept(struct gunyah_rm_unix_listener *l, int timeout_ms,
			  struct gunyah_rm_transport *t);
void gunyah_rm_unix_listener_close(struct gunyah_rm_unix_listener *l);

#ifdef __cplusplus
}
#endif

#endif /* GUNYAH_RM_TRANSPORT_H */
