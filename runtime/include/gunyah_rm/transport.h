/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Message-queue transports for the RM RPC runtime.
 *
 * A transport moves whole msgq messages (at most GUNYAH_RM_MSGQ_MSG_SIZE
 * bytes each) in both directions, in order, without merging or splitting
 * them: the model of a Gunyah msgq pair. Two implementations are provided:
 * an in-memory pair of endpoints (tests, in-process simulation) and a UNIX
 * SOCK_SEQPACKET socket (one packet per msgq message).
 */
#ifndef GUNYAH_RM_TRANSPORT_H
#define GUNYAH_RM_TRANSPORT_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>

/* Largest msgq message, in bytes. */
#define GUNYAH_RM_MSGQ_MSG_SIZE 240

/*
 * Send flag: this message ends an RPC message, as the msgq TX "push" flag
 * that senders set on the last fragment only. Transports without such a
 * notion ignore it.
 */
#define GUNYAH_RM_MSGQ_TX_PUSH (1u << 0)

/* Timeout value meaning "wait as long as it takes". */
#define GUNYAH_RM_WAIT_FOREVER (-1)

/**
 * struct gunyah_rm_msgv - One msgq message given in two parts.
 * @hdr: the first @hdr_len bytes of the message (may be NULL if 0)
 * @data: the @len bytes that follow them (may be NULL if 0)
 * @hdr_len: bytes at @hdr
 * @len: bytes at @data; @hdr_len + @len is at most GUNYAH_RM_MSGQ_MSG_SIZE
 * @flags: GUNYAH_RM_MSGQ_TX_* flags for this message
 *
 * The RPC layer describes each packet as its header and a slice of the
 * caller's payload, so nothing copies them together before the transport.
 */
struct gunyah_rm_msgv {
	const void *hdr;
	const void *data;
	unsigned int hdr_len;
	unsigned int len;
	unsigned int flags;
};

/**
 * struct gunyah_rm_transport_ops - What a transport implements.
 * @send: queue one message of @len bytes (0..GUNYAH_RM_MSGQ_MSG_SIZE),
 *        waiting while the queue is full. @flags is a mask of
 *        GUNYAH_RM_MSGQ_TX_*. Returns 0, -EMSGSIZE if @len is too long,
 *        -EPIPE once this endpoint is shut down or the peer is gone, or
 *        another negative errno.
 * @recv: wait up to @timeout_ms (negative: forever, 0: poll) for one
 *        message and copy it to @buf. Returns its length (>= 0),
 *        -ETIMEDOUT if none arrived, -EMSGSIZE if it was longer than @cap
 *        (it is discarded), -EPIPE once this endpoint is shut down or the
 *        peer is gone and nothing is left to read, or another negative errno.
 * @shutdown: make blocked and future @send and @recv calls on this endpoint
 *            return -EPIPE, and let the peer see end of stream. Idempotent;
 *            safe to call from any thread while @send or @recv run.
 * @close: shut down if needed and free the endpoint. No other call may be
 *         running or made afterwards.
 * @sendmv: optional; send the @n messages of @msgs in order, as @n calls
 *          of @send with each message's parts joined would, but without
 *          joining them and in one call (one lock, one system call), waiting
 *          while the queue is full. Returns 0 when all were sent, or the
 *          negative errno of the first that could not be (-EMSGSIZE,
 *          -EINVAL for a NULL part with a non-zero length, -EPIPE, ...), in
 *          which case the messages before it were sent and none after it.
 *          When NULL, the RPC layer joins each packet's parts and calls
 *          @send once per packet.
 * @recvmv: optional; as @recv, but once a message is there, takes every
 *          message queued at that moment, up to @n, in one call (one lock):
 *          message i is copied to @bufs[i] and its length stored in
 *          @lens[i]. Returns how many were taken (1..@n), or a negative
 *          errno as @recv when none was. See gunyah_rm_transport_recvmv().
 *
 * @send and @recv may run concurrently on different threads. Concurrent
 * @send calls are safe for the transports here, but the RPC layer serialises
 * the packets of one message itself.
 */
struct gunyah_rm_transport_ops {
	int (*send)(void *ctx, const void *msg, size_t len, unsigned int flags);
	int (*recv)(void *ctx, void *buf, size_t cap, int timeout_ms);
	void (*shutdown)(void *ctx);
	void (*close)(void *ctx);
	int (*sendmv)(void *ctx, const struct gunyah_rm_msgv *msgs, size_t n);
	int (*recvmv)(void *ctx, uint8_t (*bufs)[GUNYAH_RM_MSGQ_MSG_SIZE],
		      size_t *lens, size_t n, int timeout_ms);
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

/**
 * gunyah_rm_transport_send() - Send one msgq message.
 * @t: the endpoint
 * @msg: message bytes
 * @len: message length, at most GUNYAH_RM_MSGQ_MSG_SIZE
 * @flags: GUNYAH_RM_MSGQ_TX_* flags
 *
 * Return: 0 or a negative errno (see struct gunyah_rm_transport_ops).
 */
static inline int gunyah_rm_transport_send(const struct gunyah_rm_transport *t,
					   const void *msg, size_t len,
					   unsigned int flags)
{
	return t->ops->send(t->ctx, msg, len, flags);
}

/**
 * gunyah_rm_transport_recv() - Receive one msgq message.
 * @t: the endpoint
 * @buf: where to store the message
 * @cap: size of @buf
 * @timeout_ms: negative to wait forever, 0 to poll, else milliseconds
 *
 * Return: the message length or a negative errno (see
 * struct gunyah_rm_transport_ops).
 */
static inline int gunyah_rm_transport_recv(const struct gunyah_rm_transport *t,
					   void *buf, size_t cap,
					   int timeout_ms)
{
	return t->ops->recv(t->ctx, buf, cap, timeout_ms);
}

/**
 * gunyah_rm_transport_recvmv() - Receive one or more msgq messages.
 * @t: the endpoint
 * @bufs: @n buffers of GUNYAH_RM_MSGQ_MSG_SIZE bytes
 * @lens: set to the length of each message taken
 * @n: at least 1
 * @timeout_ms: negative to wait forever, 0 to poll, else milliseconds
 *
 * Waits for a message as gunyah_rm_transport_recv() does, then takes it and
 * (through the transport's recvmv, when it has one) the others already
 * queued. A message longer than GUNYAH_RM_MSGQ_MSG_SIZE is discarded and
 * its length given as GUNYAH_RM_MSGQ_MSG_SIZE + 1, so the caller can report
 * it in order with the others.
 *
 * Return: the number of messages taken (1..@n) or a negative errno (see
 * struct gunyah_rm_transport_ops).
 */
static inline int
gunyah_rm_transport_recvmv(const struct gunyah_rm_transport *t,
			   uint8_t (*bufs)[GUNYAH_RM_MSGQ_MSG_SIZE],
			   size_t *lens, size_t n, int timeout_ms)
{
	int ret;

	if (t->ops->recvmv)
		return t->ops->recvmv(t->ctx, bufs, lens, n, timeout_ms);
	ret = t->ops->recv(t->ctx, bufs[0], GUNYAH_RM_MSGQ_MSG_SIZE,
			   timeout_ms);
	if (ret == -EMSGSIZE) {
		lens[0] = GUNYAH_RM_MSGQ_MSG_SIZE + 1;
		return 1;
	}
	if (ret < 0)
		return ret;
	lens[0] = (size_t)ret;
	return 1;
}

/**
 * gunyah_rm_transport_shutdown() - Unblock and stop an endpoint.
 * @t: the endpoint
 */
static inline void
gunyah_rm_transport_shutdown(const struct gunyah_rm_transport *t)
{
	t->ops->shutdown(t->ctx);
}

/**
 * gunyah_rm_transport_close() - Free an endpoint.
 * @t: the endpoint; its ops and ctx are cleared
 */
static inline void gunyah_rm_transport_close(struct gunyah_rm_transport *t)
{
	if (t->ops)
		t->ops->close(t->ctx);
	t->ops = NULL;
	t->ctx = NULL;
}

/*
 * For transports that only send (packet printers, capture, benchmarks):
 * gunyah_rm_transport_recv_none() never delivers (-EPIPE) and
 * gunyah_rm_transport_nop() is a shutdown or close with nothing to do.
 */
int gunyah_rm_transport_recv_none(void *ctx, void *buf, size_t cap,
				  int timeout_ms);
void gunyah_rm_transport_nop(void *ctx);

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

#endif /* GUNYAH_RM_TRANSPORT_H */
