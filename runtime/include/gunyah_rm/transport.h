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
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

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
 * struct gunyah_rm_segv - A run of msgq messages cut from one buffer.
 * @hdr: header part of the first message (may be NULL if @hdr_len is 0)
 * @cont: header part of every later message (may be NULL if @hdr_len is 0
 *        or there is only one message)
 * @data: the bytes to cut (may be NULL if @len is 0)
 * @len: bytes at @data
 * @hdr_len: bytes at @hdr and at @cont, at the start of every message
 * @seg: data bytes per message: every message but the last carries the
 *       next @seg bytes of @data, the last one the 1..@seg bytes left (an
 *       empty @data is one message of @hdr_len bytes); @hdr_len + @seg is
 *       at most GUNYAH_RM_MSGQ_MSG_SIZE, and @seg is not 0 if @len is not
 * @flags: GUNYAH_RM_MSGQ_TX_* flags of every message but the last
 * @last_flags: GUNYAH_RM_MSGQ_TX_* flags of the last message
 *
 * Describes the messages gunyah_rm_segv_count() and gunyah_rm_segv_msg()
 * give, as a transport's sendseg (segmentation offload) takes them: an RPC
 * message is its first packet's header, the continuation header and the
 * payload cut into 232-byte segments, so that neither the RPC layer nor the
 * transport builds a vector of its packets.
 */
struct gunyah_rm_segv {
	const void *hdr;
	const void *cont;
	const void *data;
	size_t len;
	unsigned int hdr_len;
	unsigned int seg;
	unsigned int flags;
	unsigned int last_flags;
};

/**
 * gunyah_rm_segv_count() - Messages in a run.
 * @s: the run; @s->seg is not 0 unless @s->len is (gunyah_rm_segv_check())
 *
 * Return: 1 if @s->len is 0, else @s->len divided by @s->seg, rounded up.
 * (A run of more than 1 costs a division.)
 */
static inline size_t gunyah_rm_segv_count(const struct gunyah_rm_segv *s)
{
	/* No division for a run of one message. */
	return s->len <= s->seg ? 1 : (s->len - 1) / s->seg + 1;
}

/**
 * gunyah_rm_segv_check() - Check a run before sending any of it.
 * @s: the run
 *
 * Return: 0; -EMSGSIZE if @s->hdr_len + @s->seg exceeds
 * GUNYAH_RM_MSGQ_MSG_SIZE (even if @s->len is less than @s->seg); -EINVAL
 * if @s is NULL, @s->seg is 0 while @s->len is not, or a part that a
 * message takes bytes from is NULL (@s->hdr with a non-zero @s->hdr_len,
 * @s->cont too when there are two messages or more, @s->data with a
 * non-zero @s->len). -EMSGSIZE is checked first, as for the messages of a
 * vector.
 */
static inline int gunyah_rm_segv_check(const struct gunyah_rm_segv *s)
{
	if (!s)
		return -EINVAL;
	if (s->hdr_len > GUNYAH_RM_MSGQ_MSG_SIZE ||
	    s->seg > GUNYAH_RM_MSGQ_MSG_SIZE - s->hdr_len)
		return -EMSGSIZE;
	if (s->len && (!s->data || !s->seg))
		return -EINVAL;
	if (s->hdr_len && (!s->hdr || (!s->cont && s->len > s->seg)))
		return -EINVAL;
	return 0;
}

/**
 * gunyah_rm_segv_msg() - One message of a run, as two parts.
 * @s: the run, checked (gunyah_rm_segv_check())
 * @i: which message, below gunyah_rm_segv_count(@s)
 * @m: set to message @i: @s->hdr (@i 0) or @s->cont, @s->hdr_len bytes; the
 *     data from offset @i * @s->seg, @s->seg bytes or what is left; @s->flags,
 *     or @s->last_flags for the last message
 */
static inline void gunyah_rm_segv_msg(const struct gunyah_rm_segv *s, size_t i,
				      struct gunyah_rm_msgv *m)
{
	/* i < count, so i * seg < len (or both are 0): no overflow. */
	size_t off = i * s->seg, rest = s->len - off;
	bool last = rest <= s->seg;

	m->hdr = i ? s->cont : s->hdr;
	m->hdr_len = s->hdr_len;
	/* No data (an empty run): NULL and 0, no arithmetic on s->data. */
	m->data = NULL;
	m->len = 0;
	if (rest) {
		m->data = (const uint8_t *)s->data + off;
		m->len = last ? (unsigned int)rest : s->seg;
	}
	m->flags = last ? s->last_flags : s->flags;
}

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
 *          When NULL (and there is no @sendseg),
 *          gunyah_rm_transport_sendseg() joins each message's parts and
 *          calls @send once per message.
 * @recvmv: optional; as @recv, but once a message is there, takes every
 *          message queued at that moment, up to @n, in one call (one lock):
 *          message i is copied to @bufs[i] and its length stored in
 *          @lens[i]. Returns how many were taken (1..@n), or a negative
 *          errno as @recv when none was. See gunyah_rm_transport_recvmv().
 * @recv_lend: optional, with @recv_release; as @recvmv, but lends the
 *             messages instead of copying them: once a message is there,
 *             sets *@msgs to k consecutive views (1 <= k <= @n) of the
 *             oldest queued messages, owned by the transport, and returns
 *             k, or a negative errno as @recv when none was. See
 *             gunyah_rm_transport_recv_lend() for the lifetime rules.
 * @recv_release: optional, with @recv_lend; gives back every message lent
 *                since the last release. See
 *                gunyah_rm_transport_recv_release().
 * @sendseg: optional; send the messages of the run @s (segmentation
 *           offload), exactly as @sendmv of the vector of its messages
 *           (gunyah_rm_segv_msg()) would: in order, waiting while the
 *           queue is full, 0 when all were sent, or the negative errno of
 *           the first that could not be (-EPIPE, ...), in which case the
 *           messages before it were sent and none after it. @s is checked
 *           first: an error of gunyah_rm_segv_check() sends nothing. When
 *           NULL, gunyah_rm_transport_sendseg() cuts the run into vectors
 *           for @sendmv, or joins each message for @send.
 *
 * @send and @recv may run concurrently on different threads. Concurrent
 * @send calls are safe for the transports here, but the RPC layer serialises
 * the packets of one message itself. An endpoint that lends is read by one
 * thread only.
 */
struct gunyah_rm_transport_ops {
	int (*send)(void *ctx, const void *msg, size_t len, unsigned int flags);
	int (*recv)(void *ctx, void *buf, size_t cap, int timeout_ms);
	void (*shutdown)(void *ctx);
	void (*close)(void *ctx);
	int (*sendmv)(void *ctx, const struct gunyah_rm_msgv *msgs, size_t n);
	int (*recvmv)(void *ctx, uint8_t (*bufs)[GUNYAH_RM_MSGQ_MSG_SIZE],
		      size_t *lens, size_t n, int timeout_ms);
	int (*recv_lend)(void *ctx, const struct gunyah_rm_msgv **msgs,
			 size_t n, int timeout_ms);
	void (*recv_release)(void *ctx);
	int (*sendseg)(void *ctx, const struct gunyah_rm_segv *s);
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

/*
 * Messages of a run that gunyah_rm_transport_sendseg() gives sendmv in one
 * call when the transport has no sendseg: at least the packets of the
 * longest RPC message, so that its packets go in one call (a 2 KiB vector
 * on the stack).
 */
#define GUNYAH_RM_SEGV_BATCH 64

int gunyah_rm_transport_sendseg_cut(const struct gunyah_rm_transport *t,
				    const struct gunyah_rm_segv *s);

/**
 * gunyah_rm_transport_sendseg() - Send a run of messages cut from one buffer.
 * @t: the endpoint
 * @s: the run (see struct gunyah_rm_segv)
 *
 * Through the transport's sendseg when it has one (one call, no vector),
 * else through gunyah_rm_transport_sendseg_cut(): either way the messages
 * of gunyah_rm_segv_msg(), in order, as sendmv of their vector would send
 * them (see @sendseg in struct gunyah_rm_transport_ops).
 *
 * Return: 0; -EMSGSIZE or -EINVAL for a bad @s (gunyah_rm_segv_check();
 * nothing is sent); or the negative errno of the first message that could
 * not be sent, in which case the ones before it were sent.
 */
static inline int
gunyah_rm_transport_sendseg(const struct gunyah_rm_transport *t,
			    const struct gunyah_rm_segv *s)
{
	if (t->ops->sendseg)
		return t->ops->sendseg(t->ctx, s);
	return gunyah_rm_transport_sendseg_cut(t, s);
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
 * gunyah_rm_transport_can_lend() - Whether an endpoint lends received messages.
 * @t: the endpoint
 *
 * Return: true if gunyah_rm_transport_recv_lend() can succeed on @t.
 */
static inline bool
gunyah_rm_transport_can_lend(const struct gunyah_rm_transport *t)
{
	return t->ops->recv_lend && t->ops->recv_release;
}

/**
 * gunyah_rm_transport_recv_lend() - Receive messages without copying them.
 * @t: the endpoint
 * @msgs: set to the first of the views lent (on success only)
 * @n: at most this many messages are lent; at least 1
 * @timeout_ms: negative to wait forever, 0 to poll, else milliseconds
 *
 * Waits for a message as gunyah_rm_transport_recv() does, then lends it and
 * the others queued after it, up to @n (a transport may lend fewer than are
 * queued, e.g. so that the views are consecutive in its ring): (*@msgs)[0]
 * to (*@msgs)[k - 1] describe the next k messages in order, each as its
 * @hdr and @data parts (their lengths and flags as sent; how a message is
 * split into the two parts is the transport's choice). Nothing is copied.
 *
 * Lifetime: the views and the bytes they point to belong to the transport
 * and stay valid and unchanged until gunyah_rm_transport_recv_release() or
 * gunyah_rm_transport_close() of @t, whichever comes first, even if @t or
 * its peer is shut down or closed meanwhile. Until then the lent messages
 * keep their places in the queue: a sender waits while the queue, lent
 * messages included, is full. Lend may be called again before release: it
 * lends the messages after those already lent (waiting, if the queue is
 * full of lent messages, until @timeout_ms passes). Release gives back
 * everything lent. @t must not be read by another thread meanwhile.
 *
 * Return: the number of messages lent (1..@n); -EOPNOTSUPP if @t cannot
 * lend (see gunyah_rm_transport_can_lend(); use
 * gunyah_rm_transport_recvmv() instead); -EINVAL if @n is 0; or a negative
 * errno as gunyah_rm_transport_recv(): -ETIMEDOUT, -EPIPE once @t is shut
 * down or the peer is gone and nothing is left to read, ...
 */
static inline int
gunyah_rm_transport_recv_lend(const struct gunyah_rm_transport *t,
			      const struct gunyah_rm_msgv **msgs, size_t n,
			      int timeout_ms)
{
	if (!gunyah_rm_transport_can_lend(t))
		return -EOPNOTSUPP;
	return t->ops->recv_lend(t->ctx, msgs, n, timeout_ms);
}

/**
 * gunyah_rm_transport_recv_release() - Give back the messages lent.
 * @t: the endpoint
 *
 * Every view that gunyah_rm_transport_recv_lend() returned since the last
 * release becomes invalid, and the queue places of those messages free up
 * (waking senders). Does nothing if nothing is lent or @t cannot lend.
 */
static inline void
gunyah_rm_transport_recv_release(const struct gunyah_rm_transport *t)
{
	if (gunyah_rm_transport_can_lend(t))
		t->ops->recv_release(t->ctx);
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

#ifdef __cplusplus
}
#endif

#endif /* GUNYAH_RM_TRANSPORT_H */
