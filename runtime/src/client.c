// SPDX-License-Identifier: BSD-3-Clause
/*
 * RM RPC client: calls, reply matching and notification dispatch.
 *
 * rm->lock protects the call slots, the statistics and the client state,
 * among them rm->tx_busy, which keeps the packets of one request together.
 * rm->cond is broadcast whenever a slot or the transmit side is freed, a
 * call is done or the client dies; each waiter checks its own condition and
 * gives up at its deadline. The reassembly state is the receive thread's.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "gunyah_rm/client.h"
#include "internal.h"

#define RM_DEFAULT_PENDING 64
#define RM_MAX_PENDING 4096
/* Bytes of the RM error word at the start of every reply. */
#define RM_ERROR_WORD 4

/*
 * One call: reserved (@busy) by a caller, whose reply must carry @seq and
 * @msg_id and whose data goes to @resp. Once @done, @status is the call's
 * return value and @resp_len, @replied and @rm_error what the reply said.
 */
struct call_slot {
	bool busy;
	bool done;
	uint16_t seq;
	uint32_t msg_id;
	void *resp;
	size_t resp_cap;
	size_t resp_len;
	int status;
	bool replied;
	uint32_t rm_error;
};

struct gunyah_rm {
	struct gunyah_rm_transport t;
	struct gunyah_rm_config cfg;

	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct call_slot *slots;
	unsigned int nslots;
	unsigned int nbusy;
	bool tx_busy;
	uint16_t next_seq;
	struct gunyah_rm_stats stats;
	bool stopping;
	int dead;

	pthread_t rx_thread;
	struct gunyah_rm_reasm reasm;
};

/* Is @seq that of a busy slot? With rm->lock held. */
static bool seq_busy(const struct gunyah_rm *rm, uint16_t seq)
{
	unsigned int i;

	for (i = 0; i < rm->nslots; i++) {
		if (rm->slots[i].busy && rm->slots[i].seq == seq)
			return true;
	}
	return false;
}

/* The pending call a reply with @seq and @msg_id is for; rm->lock held. */
static struct call_slot *slot_find(struct gunyah_rm *rm, uint16_t seq,
				   uint32_t msg_id)
{
	unsigned int i;

	for (i = 0; i < rm->nslots; i++) {
		struct call_slot *s = &rm->slots[i];

		if (s->busy && !s->done && s->seq == seq && s->msg_id == msg_id)
			return s;
	}
	return NULL;
}

/* Reserve a free slot and the next seq no busy slot has; rm->lock held. */
static struct call_slot *slot_take(struct gunyah_rm *rm, uint32_t msg_id,
				   void *resp, size_t resp_cap)
{
	struct call_slot *slot = rm->slots;
	uint16_t seq = rm->next_seq;

	while (slot->busy)
		slot++;
	while (seq_busy(rm, seq))
		seq++;
	rm->next_seq = (uint16_t)(seq + 1);
	*slot = (struct call_slot){ .busy = true,
				    .seq = seq,
				    .msg_id = msg_id,
				    .resp = resp,
				    .resp_cap = resp_cap };
	rm->nbusy++;
	return slot;
}

/* With rm->lock held. */
static void slot_release(struct gunyah_rm *rm, struct call_slot *slot)
{
	slot->busy = false;
	rm->nbusy--;
	pthread_cond_broadcast(&rm->cond);
}

/* With rm->lock held. */
static void slot_complete(struct gunyah_rm *rm, struct call_slot *slot,
			  int status)
{
	slot->status = status;
	slot->done = true;
	pthread_cond_broadcast(&rm->cond);
}

static void count(struct gunyah_rm *rm, uint64_t *counter)
{
	pthread_mutex_lock(&rm->lock);
	(*counter)++;
	pthread_mutex_unlock(&rm->lock);
}

/* Count a problem and pass it to the error callback. */
static void rm_report(struct gunyah_rm *rm,
		      const struct gunyah_rm_rpc_report *rep)
{
	count(rm, &rm->stats.errors[rep->reason]);
	if (rm->cfg.on_error)
		rm->cfg.on_error(rm->cfg.error_ctx, rep);
}

static void rm_report_msg(struct gunyah_rm *rm, enum gunyah_rm_rpc_err why,
			  int code, const struct gunyah_rm_rpc_msg *msg,
			  const struct gunyah_rm_verr *verr)
{
	struct gunyah_rm_rpc_report rep = {
		.code = code,
		.reason = why,
		.hdr_valid = true,
		.hdr = msg->hdr,
		.len = msg->len,
		.verr = verr,
	};

	rm_report(rm, &rep);
}

/*
 * Reassembly callback. A dropped packet or partial message whose header is
 * the REPLY of a pending call fails that call at once with -EIO, reported
 * first, so a caller that sees -EIO finds it counted.
 */
static void rm_reasm_report(void *ctx, const struct gunyah_rm_rpc_report *rep)
{
	struct gunyah_rm *rm = ctx;
	struct call_slot *slot;

	rm_report(rm, rep);
	if (!rep->hdr_valid || rep->hdr.type != GUNYAH_RM_RPC_TYPE_REPLY)
		return;
	pthread_mutex_lock(&rm->lock);
	slot = slot_find(rm, rep->hdr.seq, rep->hdr.msg_id);
	if (slot)
		slot_complete(rm, slot, -EIO);
	pthread_mutex_unlock(&rm->lock);
}

/* Hand a reply to its call; with rm->lock held. */
static void reply_deliver(struct gunyah_rm *rm, struct call_slot *slot,
			  const struct gunyah_rm_rpc_msg *msg)
{
	int err = 0;

	rm->stats.replies++;
	if (msg->len < RM_ERROR_WORD) {
		slot_complete(rm, slot, -EBADMSG);
		return;
	}
	slot->replied = true;
	slot->rm_error = gunyah_rm_get_le32(msg->payload);
	slot->resp_len = msg->len - RM_ERROR_WORD;
	if (slot->rm_error)
		err = rm->cfg.error_remap ?
			      rm->cfg.error_remap(slot->rm_error) :
			      -EREMOTEIO;
	/* Some error replies carry data: it is copied too, if it fits. */
	if (slot->resp_len > slot->resp_cap)
		err = err ? err : -EMSGSIZE;
	else if (slot->resp_len)
		memcpy(slot->resp, msg->payload + RM_ERROR_WORD,
		       slot->resp_len);
	slot_complete(rm, slot, err);
}

static void rx_reply(struct gunyah_rm *rm, const struct gunyah_rm_rpc_msg *msg)
{
	struct call_slot *slot;

	pthread_mutex_lock(&rm->lock);
	slot = slot_find(rm, msg->hdr.seq, msg->hdr.msg_id);
	if (slot)
		reply_deliver(rm, slot, msg);
	pthread_mutex_unlock(&rm->lock);
	/* A late reply, to a call that timed out, is one of these too. */
	if (!slot)
		rm_report_msg(rm, GUNYAH_RM_RPC_ERR_UNMATCHED_REPLY, -ENOENT,
			      msg, NULL);
}

static void rx_notification(struct gunyah_rm *rm,
			    const struct gunyah_rm_rpc_msg *msg)
{
	struct gunyah_rm_verr verr = { 0 };
	int ret;

	if (rm->cfg.validate) {
		ret = rm->cfg.validate(msg->hdr.msg_id, msg->payload, msg->len,
				       &verr);
		if (ret) {
			rm_report_msg(rm,
				      GUNYAH_RM_RPC_ERR_INVALID_NOTIFICATION,
				      ret < 0 ? ret : -EBADMSG, msg, &verr);
			return;
		}
	}

	if (rm->cfg.on_notification)
		rm->cfg.on_notification(rm->cfg.notif_ctx, msg->hdr.msg_id,
					msg->payload, msg->len);
	count(rm, rm->cfg.on_notification ? &rm->stats.notifications :
					    &rm->stats.notifications_unhandled);
}

static void rx_dispatch(struct gunyah_rm *rm,
			const struct gunyah_rm_rpc_msg *msg)
{
	count(rm, &rm->stats.rx_messages);
	if (msg->hdr.type == GUNYAH_RM_RPC_TYPE_REPLY)
		rx_reply(rm, msg);
	else if (msg->hdr.type == GUNYAH_RM_RPC_TYPE_NOTIFICATION)
		rx_notification(rm, msg);
	else
		rm_report_msg(rm, GUNYAH_RM_RPC_ERR_UNEXPECTED_REQUEST,
			      -EOPNOTSUPP, msg, NULL);
}

/*
 * The transport failed with @err or was shut down: report it (unless the
 * client is being destroyed), then fail every call, waiting or later.
 */
static void rx_stop(struct gunyah_rm *rm, int err)
{
	struct gunyah_rm_rpc_report rep = {
		.code = err,
		.reason = GUNYAH_RM_RPC_ERR_TRANSPORT,
	};
	bool stopping;
	unsigned int i;

	pthread_mutex_lock(&rm->lock);
	stopping = rm->stopping;
	pthread_mutex_unlock(&rm->lock);
	if (!stopping)
		rm_report(rm, &rep);

	pthread_mutex_lock(&rm->lock);
	rm->dead = -ENOTCONN;
	for (i = 0; i < rm->nslots; i++) {
		if (rm->slots[i].busy && !rm->slots[i].done)
			slot_complete(rm, &rm->slots[i], -ECONNRESET);
	}
	pthread_cond_broadcast(&rm->cond);
	pthread_mutex_unlock(&rm->lock);
}

/* The receive thread: one msgq message at a time until the transport ends. */
static void *rx_main(void *arg)
{
	struct gunyah_rm *rm = arg;
	struct gunyah_rm_rpc_report rep = {
		.code = -EMSGSIZE,
		.reason = GUNYAH_RM_RPC_ERR_LONG_PACKET,
	};
	uint8_t pkt[GUNYAH_RM_MSGQ_MSG_SIZE];
	struct gunyah_rm_rpc_msg msg;
	int n;

	for (;;) {
		n = gunyah_rm_transport_recv(&rm->t, pkt, sizeof(pkt), NULL);
		if (n < 0 && n != -EMSGSIZE)
			break;
		count(rm, &rm->stats.rx_packets);
		if (n == -EMSGSIZE)
			/* The transport dropped it: no header to report. */
			rm_report(rm, &rep);
		else if (gunyah_rm_reasm_feed(&rm->reasm, pkt, (size_t)n,
					      &msg) == 1)
			rx_dispatch(rm, &msg);
	}
	rx_stop(rm, n);
	return NULL;
}

static void rm_free(struct gunyah_rm *rm)
{
	pthread_cond_destroy(&rm->cond);
	pthread_mutex_destroy(&rm->lock);
	free(rm->slots);
	free(rm);
}

/**
 * gunyah_rm_create() - Start an RM client over a transport.
 * @t: connected transport; on success the client owns it and *@t is
 *     cleared; on failure it is untouched
 * @cfg: settings, or NULL for the defaults
 * @out: the new client
 *
 * Allocates all the client needs (a call allocates nothing) and starts the
 * receive thread.
 *
 * Return: 0, -EINVAL (bad argument, max_pending above 4096), -ENOMEM, or
 * the negative errno of a failed pthread call.
 */
int gunyah_rm_create(struct gunyah_rm_transport *t,
		     const struct gunyah_rm_config *cfg, struct gunyah_rm **out)
{
	static const struct gunyah_rm_config defaults;
	struct gunyah_rm *rm;
	int ret;

	if (!t || !t->ops || !out)
		return -EINVAL;
	if (!cfg)
		cfg = &defaults;
	if (cfg->max_pending > RM_MAX_PENDING)
		return -EINVAL;

	rm = calloc(1, sizeof(*rm));
	if (!rm)
		return -ENOMEM;
	rm->cfg = *cfg;
	if (rm->cfg.timeout_ms <= 0)
		rm->cfg.timeout_ms = GUNYAH_RM_WAIT_FOREVER;
	rm->nslots = cfg->max_pending ? cfg->max_pending : RM_DEFAULT_PENDING;
	rm->slots = calloc(rm->nslots, sizeof(*rm->slots));
	ret = rm->slots ? gunyah_rm_cond_init(&rm->cond) : -ENOMEM;
	if (ret) {
		free(rm->slots);
		free(rm);
		return ret;
	}
	/* Mutex init cannot fail on Linux. */
	pthread_mutex_init(&rm->lock, NULL);
	rm->t = *t;
	gunyah_rm_reasm_init(&rm->reasm, rm_reasm_report, rm);

	ret = -pthread_create(&rm->rx_thread, NULL, rx_main, rm);
	if (ret) {
		rm_free(rm);
		return ret;
	}
	t->ops = NULL;
	t->ctx = NULL;
	*out = rm;
	return 0;
}

/**
 * gunyah_rm_destroy() - Stop a client, close its transport and free it.
 * @rm: the client, may be NULL; no call may be in progress or follow
 */
void gunyah_rm_destroy(struct gunyah_rm *rm)
{
	if (!rm)
		return;
	pthread_mutex_lock(&rm->lock);
	rm->stopping = true;
	pthread_mutex_unlock(&rm->lock);
	gunyah_rm_transport_shutdown(&rm->t);
	pthread_join(rm->rx_thread, NULL);
	gunyah_rm_transport_close(&rm->t);
	rm_free(rm);
}

/* A call ends at its deadline; with rm->lock held. */
static int timed_out(struct gunyah_rm *rm)
{
	rm->stats.timeouts++;
	return -ETIMEDOUT;
}

/*
 * The call on @slot, with rm->lock held: wait for the transmit side, send
 * the request and wait for the reply, all by @deadline. Returns 0 when the
 * call is done (its status in @slot), else the error that ended it.
 */
static int call_locked(struct gunyah_rm *rm, struct call_slot *slot,
		       const void *req, size_t req_size,
		       const struct timespec *deadline)
{
	bool in_time = true;
	int ret;

	while (rm->tx_busy && in_time)
		in_time = gunyah_rm_cond_wait(&rm->cond, &rm->lock, deadline);
	if (rm->tx_busy)
		return timed_out(rm);
	rm->tx_busy = true;
	pthread_mutex_unlock(&rm->lock);
	ret = gunyah_rm_rpc_send(&rm->t, GUNYAH_RM_RPC_TYPE_REQUEST, slot->seq,
				 slot->msg_id, req, req_size, deadline);
	pthread_mutex_lock(&rm->lock);
	rm->tx_busy = false;
	pthread_cond_broadcast(&rm->cond);
	if (ret && !slot->done)
		return ret == -ETIMEDOUT ? timed_out(rm) : ret;
	while (!slot->done && in_time)
		in_time = gunyah_rm_cond_wait(&rm->cond, &rm->lock, deadline);
	return slot->done ? 0 : timed_out(rm);
}

/**
 * gunyah_rm_call_ex() - Make an RM call, with options and the RM status.
 * @rm: the client
 * @msg_id: message ID, not 0 (reserved)
 * @req: request payload, may be NULL if @req_size is 0
 * @req_size: request length, at most GUNYAH_RM_RPC_MAX_PAYLOAD
 * @resp: buffer for the reply data after the RM error word
 * @resp_cap: size of @resp
 * @resp_size: set to the reply data length (also when it did not fit);
 *             0 if there was no reply; may be NULL
 * @opts: timeout in, RM error word out; may be NULL for the defaults
 *
 * Sends the request with a fresh sequence number and waits for the REPLY
 * with the same seq and msg_id, whose data is copied straight into @resp.
 * Safe from several threads; not from a notification handler. The timeout
 * bounds the whole call: waiting for a free slot and for other callers'
 * requests to leave, sending, and waiting for the reply.
 *
 * Return: 0; the errno the config's error_remap maps a non-zero RM error
 * word to (-EREMOTEIO without one); -EINVAL (bad argument); -E2BIG (request
 * too long); -EBADMSG (reply shorter than the error word); -EMSGSIZE (data
 * beyond @resp_cap; nothing copied); -ETIMEDOUT; -EIO (the reply was
 * dropped as malformed); -ECONNRESET / -ENOTCONN (transport lost during /
 * before the call); -EDEADLK (from a handler); or the transport's send
 * error. docs/runtime.md has the details.
 */
int gunyah_rm_call_ex(struct gunyah_rm *rm, uint32_t msg_id, const void *req,
		      size_t req_size, void *resp, size_t resp_cap,
		      size_t *resp_size, struct gunyah_rm_call_opts *opts)
{
	const struct timespec *deadline;
	struct call_slot *slot;
	struct timespec ts;
	bool in_time = true;
	int ret;

	if (resp_size)
		*resp_size = 0;
	if (opts) {
		opts->replied = false;
		opts->rm_error = 0;
	}
	if (!rm || !msg_id || (req_size && !req) || (resp_cap && !resp))
		return -EINVAL;
	if (req_size > GUNYAH_RM_RPC_MAX_PAYLOAD)
		return -E2BIG;
	if (pthread_equal(pthread_self(), rm->rx_thread))
		return -EDEADLK;
	deadline = gunyah_rm_deadline(
		&ts, opts && opts->timeout_ms != GUNYAH_RM_TIMEOUT_DEFAULT ?
			     opts->timeout_ms :
			     rm->cfg.timeout_ms);

	pthread_mutex_lock(&rm->lock);
	while (!rm->dead && rm->nbusy == rm->nslots && in_time)
		in_time = gunyah_rm_cond_wait(&rm->cond, &rm->lock, deadline);
	if (rm->dead) {
		ret = rm->dead;
	} else if (rm->nbusy == rm->nslots) {
		ret = timed_out(rm);
	} else {
		slot = slot_take(rm, msg_id, resp, resp_cap);
		ret = call_locked(rm, slot, req, req_size, deadline);
		if (!ret) {
			ret = slot->status;
			if (opts) {
				opts->replied = slot->replied;
				opts->rm_error = slot->rm_error;
			}
			if (resp_size)
				*resp_size = slot->resp_len;
		}
		slot_release(rm, slot);
	}
	pthread_mutex_unlock(&rm->lock);
	return ret;
}

/**
 * gunyah_rm_call() - Make an RM call with the client's default timeout.
 * @rm: the client
 * @msg_id: message ID, not 0
 * @req: request payload, may be NULL if @req_size is 0
 * @req_size: request length
 * @resp: buffer for the reply data after the RM error word
 * @resp_cap: size of @resp
 * @resp_size: set to the reply data length; may be NULL
 *
 * Return: as gunyah_rm_call_ex(), which also gives the RM error word.
 */
int gunyah_rm_call(struct gunyah_rm *rm, uint32_t msg_id, const void *req,
		   size_t req_size, void *resp, size_t resp_cap,
		   size_t *resp_size)
{
	return gunyah_rm_call_ex(rm, msg_id, req, req_size, resp, resp_cap,
				 resp_size, NULL);
}

/**
 * gunyah_rm_get_stats() - Snapshot the receive-side counters.
 * @rm: the client
 * @stats: filled with a consistent copy
 */
void gunyah_rm_get_stats(struct gunyah_rm *rm, struct gunyah_rm_stats *stats)
{
	pthread_mutex_lock(&rm->lock);
	*stats = rm->stats;
	pthread_mutex_unlock(&rm->lock);
}
