// SPDX-License-Identifier: BSD-3-Clause
/*
 * In-memory transport: two endpoints joined by two bounded queues of msgq
 * messages, one per direction, like a Gunyah msgq pair.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gunyah_rm/rpc.h"
#include "gunyah_rm/transport.h"
#include "internal.h"

/* Queue depth the RM gives the HLOS msgq pair. */
#define MEM_DEFAULT_DEPTH 8

struct mem_slot {
	size_t len;
	uint8_t data[GUNYAH_RM_MSGQ_MSG_SIZE];
};

/*
 * q[i] holds messages sent by endpoint i; not_empty[i] wakes its reader,
 * not_full[i] its writers. shut[i] is set by endpoint i's shutdown or close.
 */
struct mem_pair {
	pthread_mutex_t lock;
	pthread_cond_t not_empty[2];
	pthread_cond_t not_full[2];
	unsigned int depth;
	struct mem_slot *q[2];
	unsigned int head[2];
	unsigned int count[2];
	bool shut[2];
	unsigned int refs;
	struct mem_end {
		struct mem_pair *pair;
		unsigned int idx;
	} end[2];
};

/*
 * Queue @n messages under one lock. The reader is woken once the batch is
 * queued, or before waiting for room when the queue fills mid-batch.
 */
static int mem_sendmv(void *ctx, const struct gunyah_rm_msgv *msgs, size_t n)
{
	struct mem_end *e = ctx;
	struct mem_pair *p = e->pair;
	unsigned int me = e->idx, peer = !e->idx;
	struct mem_slot *slot;
	size_t i, queued = 0;
	int ret = 0;

	pthread_mutex_lock(&p->lock);
	for (i = 0; i < n && !ret; i++) {
		const struct gunyah_rm_msgv *m = &msgs[i];

		ret = gunyah_rm_check_parts(m->hdr, m->hdr_len, m->data,
					    m->len);
		if (ret)
			break;
		while (!p->shut[me] && !p->shut[peer] &&
		       p->count[me] == p->depth) {
			if (queued) {
				pthread_cond_signal(&p->not_empty[me]);
				queued = 0;
			}
			pthread_cond_wait(&p->not_full[me], &p->lock);
		}
		if (p->shut[me] || p->shut[peer]) {
			ret = -EPIPE;
			break;
		}
		slot = &p->q[me][(p->head[me] + p->count[me]) % p->depth];
		slot->len = m->hdr_len + m->len;
		if (m->hdr_len)
			memcpy(slot->data, m->hdr, m->hdr_len);
		if (m->len)
			memcpy(slot->data + m->hdr_len, m->data, m->len);
		p->count[me]++;
		queued++;
	}
	if (queued)
		pthread_cond_signal(&p->not_empty[me]);
	pthread_mutex_unlock(&p->lock);
	return ret;
}

static int mem_send(void *ctx, const void *msg, size_t len, unsigned int flags)
{
	const struct gunyah_rm_msgv m = { .hdr = msg,
					  .hdr_len = (unsigned int)len,
					  .flags = flags };

	/* Checked before it is narrowed to the vector's unsigned int. */
	if (len > GUNYAH_RM_MSGQ_MSG_SIZE)
		return -EMSGSIZE;

	return mem_sendmv(ctx, &m, 1);
}

/*
 * Wait until endpoint @me may take a message from its peer's queue: 0 when
 * one is there, else -EPIPE or -ETIMEDOUT. Called with p->lock held.
 */
static int mem_wait_msg(struct mem_pair *p, unsigned int me, int timeout_ms)
{
	unsigned int peer = !me;
	struct timespec ts;
	bool timed = gunyah_rm_deadline(&ts, timeout_ms);
	int ret = 0;

	while (!p->shut[me] && !p->count[peer] && !p->shut[peer] && !ret)
		ret = gunyah_rm_cond_wait(&p->not_empty[peer], &p->lock,
					  timed ? &ts : NULL);
	if (p->shut[me])
		return -EPIPE;
	if (p->count[peer])
		return 0;
	return p->shut[peer] ? -EPIPE : -ETIMEDOUT;
}

/* Take the oldest message of the peer's queue. Called with p->lock held. */
static struct mem_slot *mem_take(struct mem_pair *p, unsigned int peer)
{
	struct mem_slot *slot = &p->q[peer][p->head[peer]];

	p->head[peer] = (p->head[peer] + 1) % p->depth;
	p->count[peer]--;
	return slot;
}

static int mem_recv(void *ctx, void *buf, size_t cap, int timeout_ms)
{
	struct mem_end *e = ctx;
	struct mem_pair *p = e->pair;
	unsigned int peer = !e->idx;
	struct mem_slot *slot;
	int ret;

	pthread_mutex_lock(&p->lock);
	ret = mem_wait_msg(p, e->idx, timeout_ms);
	if (!ret) {
		slot = mem_take(p, peer);
		pthread_cond_signal(&p->not_full[peer]);
		if (slot->len > cap) {
			ret = -EMSGSIZE;
		} else {
			if (slot->len)
				memcpy(buf, slot->data, slot->len);
			ret = (int)slot->len;
		}
	}
	pthread_mutex_unlock(&p->lock);
	return ret;
}

/* Every queued message, up to @n, under one lock; senders woken once. */
static int mem_recvmv(void *ctx, uint8_t (*bufs)[GUNYAH_RM_MSGQ_MSG_SIZE],
		      size_t *lens, size_t n, int timeout_ms)
{
	struct mem_end *e = ctx;
	struct mem_pair *p = e->pair;
	unsigned int peer = !e->idx;
	struct mem_slot *slot;
	size_t k = 0;
	int ret;

	if (!n)
		return -EINVAL;
	pthread_mutex_lock(&p->lock);
	ret = mem_wait_msg(p, e->idx, timeout_ms);
	if (!ret) {
		for (; k < n && p->count[peer]; k++) {
			slot = mem_take(p, peer);
			if (slot->len)
				memcpy(bufs[k], slot->data, slot->len);
			lens[k] = slot->len;
		}
		pthread_cond_broadcast(&p->not_full[peer]);
		ret = (int)k;
	}
	pthread_mutex_unlock(&p->lock);
	return ret;
}

/* Called with p->lock held. */
static void mem_shut_locked(struct mem_pair *p, unsigned int me)
{
	p->shut[me] = true;
	pthread_cond_broadcast(&p->not_empty[0]);
	pthread_cond_broadcast(&p->not_empty[1]);
	pthread_cond_broadcast(&p->not_full[0]);
	pthread_cond_broadcast(&p->not_full[1]);
}

static void mem_shutdown(void *ctx)
{
	struct mem_end *e = ctx;

	pthread_mutex_lock(&e->pair->lock);
	mem_shut_locked(e->pair, e->idx);
	pthread_mutex_unlock(&e->pair->lock);
}

static void mem_pair_free(struct mem_pair *p)
{
	unsigned int i;

	for (i = 0; i < 2; i++) {
		pthread_cond_destroy(&p->not_empty[i]);
		pthread_cond_destroy(&p->not_full[i]);
		free(p->q[i]);
	}
	pthread_mutex_destroy(&p->lock);
	free(p);
}

static void mem_close(void *ctx)
{
	struct mem_end *e = ctx;
	struct mem_pair *p = e->pair;
	bool last;

	pthread_mutex_lock(&p->lock);
	mem_shut_locked(p, e->idx);
	last = --p->refs == 0;
	pthread_mutex_unlock(&p->lock);
	if (last)
		mem_pair_free(p);
}

static const struct gunyah_rm_transport_ops mem_ops = {
	.send = mem_send,
	.recv = mem_recv,
	.shutdown = mem_shutdown,
	.close = mem_close,
	.sendmv = mem_sendmv,
	.recvmv = mem_recvmv,
};

/**
 * gunyah_rm_mem_pair_create() - Create two connected in-memory endpoints.
 * @depth: messages each direction can hold before send waits; 0 for 8, the
 *         depth RM gives the HLOS msgq pair
 * @a: first endpoint
 * @b: second endpoint; what one sends the other receives, in order
 *
 * All ops are thread-safe. The send flags are accepted and ignored. Closing
 * one endpoint makes the other's send fail with -EPIPE and its recv return
 * -EPIPE once the queue is drained; the memory is freed when both are
 * closed.
 *
 * Return: 0, -EINVAL, -ENOMEM, or the negative errno of a failed
 * pthread initialisation.
 */
int gunyah_rm_mem_pair_create(unsigned int depth, struct gunyah_rm_transport *a,
			      struct gunyah_rm_transport *b)
{
	struct mem_pair *p;
	pthread_cond_t *conds[4];
	unsigned int i, n;
	int ret;

	if (!a || !b)
		return -EINVAL;
	if (!depth)
		depth = MEM_DEFAULT_DEPTH;

	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	for (i = 0; i < 2; i++) {
		p->q[i] = calloc(depth, sizeof(*p->q[i]));
		if (!p->q[i]) {
			ret = -ENOMEM;
			goto err_free;
		}
	}
	ret = -pthread_mutex_init(&p->lock, NULL);
	if (ret)
		goto err_free;
	conds[0] = &p->not_empty[0];
	conds[1] = &p->not_full[0];
	conds[2] = &p->not_empty[1];
	conds[3] = &p->not_full[1];
	for (n = 0; n < 4; n++) {
		ret = gunyah_rm_cond_init(conds[n]);
		if (ret)
			goto err_cond;
	}

	p->depth = depth;
	p->refs = 2;
	for (i = 0; i < 2; i++) {
		p->end[i].pair = p;
		p->end[i].idx = i;
	}
	a->ops = &mem_ops;
	a->ctx = &p->end[0];
	b->ops = &mem_ops;
	b->ctx = &p->end[1];
	return 0;

err_cond:
	while (n--)
		pthread_cond_destroy(conds[n]);
	pthread_mutex_destroy(&p->lock);
err_free:
	free(p->q[0]);
	free(p->q[1]);
	free(p);
	return ret;
}

/**
 * gunyah_rm_transport_recv_none() - recv of a send-only transport.
 * @ctx: unused
 * @buf: unused
 * @cap: unused
 * @timeout_ms: unused
 *
 * Return: -EPIPE: nothing is ever received.
 */
int gunyah_rm_transport_recv_none(void *ctx, void *buf, size_t cap,
				  int timeout_ms)
{
	(void)ctx;
	(void)buf;
	(void)cap;
	(void)timeout_ms;
	return -EPIPE;
}

/**
 * gunyah_rm_transport_nop() - shutdown or close with nothing to release.
 * @ctx: unused
 */
void gunyah_rm_transport_nop(void *ctx)
{
	(void)ctx;
}
