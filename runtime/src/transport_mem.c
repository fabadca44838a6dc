// SPDX-License-Identifier: BSD-3-Clause
/*
 * In-memory transport: two endpoints joined by two bounded queues of msgq
 * messages, one per direction, like a Gunyah msgq pair.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Queue depth the RM gives the HLOS msgq pair. */
#define MEM_DEFAULT_DEPTH 8

struct mem_msg {
	size_t len;
	uint8_t data[GUNYAH_RM_MSGQ_MSG_SIZE];
};

/* The messages one endpoint sent: @count of them from @head, a ring. */
struct mem_queue {
	struct mem_msg *ring;
	unsigned int head;
	unsigned int count;
};

/*
 * struct mem_pair - Both endpoints. q[i] holds what endpoint i sent and
 * shut[i] is set by its shutdown or close; @refs counts the endpoints not
 * closed yet. @lock protects it all; @cond is broadcast on every change.
 */
struct mem_pair {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	unsigned int depth;
	unsigned int refs;
	struct mem_queue q[2];
	bool shut[2];
	struct mem_end {
		struct mem_pair *pair;
		unsigned int idx;
	} end[2];
};

static int mem_send(void *ctx, const void *msg, size_t len, unsigned int flags,
		    const struct timespec *deadline)
{
	struct mem_end *e = ctx;
	struct mem_pair *p = e->pair;
	struct mem_queue *q = &p->q[e->idx];
	bool in_time = true;
	struct mem_msg *m;
	int ret = 0;

	(void)flags;
	if (len > GUNYAH_RM_MSGQ_MSG_SIZE)
		return -EMSGSIZE;
	pthread_mutex_lock(&p->lock);
	while (!p->shut[0] && !p->shut[1] && q->count == p->depth && in_time)
		in_time = gunyah_rm_cond_wait(&p->cond, &p->lock, deadline);
	if (p->shut[0] || p->shut[1]) {
		ret = -EPIPE;
	} else if (q->count == p->depth) {
		ret = -ETIMEDOUT;
	} else {
		m = &q->ring[(q->head + q->count++) % p->depth];
		m->len = len;
		if (len)
			memcpy(m->data, msg, len);
		pthread_cond_broadcast(&p->cond);
	}
	pthread_mutex_unlock(&p->lock);
	return ret;
}

static int mem_recv(void *ctx, void *buf, size_t cap,
		    const struct timespec *deadline)
{
	struct mem_end *e = ctx;
	struct mem_pair *p = e->pair;
	unsigned int me = e->idx, peer = !me;
	struct mem_queue *q = &p->q[peer];
	bool in_time = true;
	struct mem_msg *m;
	int ret;

	pthread_mutex_lock(&p->lock);
	while (!p->shut[me] && !q->count && !p->shut[peer] && in_time)
		in_time = gunyah_rm_cond_wait(&p->cond, &p->lock, deadline);
	if (p->shut[me]) {
		ret = -EPIPE;
	} else if (q->count) {
		/* What the peer sent before it went away is still delivered. */
		m = &q->ring[q->head];
		ret = m->len > cap ? -EMSGSIZE : (int)m->len;
		if (ret > 0)
			memcpy(buf, m->data, m->len);
		q->head = (q->head + 1) % p->depth;
		q->count--;
		pthread_cond_broadcast(&p->cond);
	} else {
		ret = p->shut[peer] ? -EPIPE : -ETIMEDOUT;
	}
	pthread_mutex_unlock(&p->lock);
	return ret;
}

static void mem_shutdown(void *ctx)
{
	struct mem_end *e = ctx;
	struct mem_pair *p = e->pair;

	pthread_mutex_lock(&p->lock);
	p->shut[e->idx] = true;
	pthread_cond_broadcast(&p->cond);
	pthread_mutex_unlock(&p->lock);
}

static void mem_free(struct mem_pair *p)
{
	pthread_cond_destroy(&p->cond);
	pthread_mutex_destroy(&p->lock);
	free(p->q[0].ring);
	free(p->q[1].ring);
	free(p);
}

static void mem_close(void *ctx)
{
	struct mem_end *e = ctx;
	struct mem_pair *p = e->pair;
	bool last;

	mem_shutdown(ctx);
	pthread_mutex_lock(&p->lock);
	last = --p->refs == 0;
	pthread_mutex_unlock(&p->lock);
	if (last)
		mem_free(p);
}

static const struct gunyah_rm_transport_ops mem_ops = {
	.send = mem_send,
	.recv = mem_recv,
	.shutdown = mem_shutdown,
	.close = mem_close,
};

/**
 * gunyah_rm_mem_pair_create() - Create two connected in-memory endpoints.
 * @depth: messages each direction holds before send waits; 0 for 8, the
 *         depth RM gives the HLOS msgq pair
 * @a: first endpoint
 * @b: second endpoint; what one sends the other receives, in order
 *
 * All ops are thread-safe; send and recv copy the message. The send flags
 * are accepted and ignored. Closing one endpoint makes the other's send
 * fail with -EPIPE and its recv return -EPIPE once the queue is drained;
 * the memory is freed when both are closed.
 *
 * Return: 0, -EINVAL (NULL endpoint), -ENOMEM, or the negative errno of a
 * failed pthread initialisation.
 */
int gunyah_rm_mem_pair_create(unsigned int depth, struct gunyah_rm_transport *a,
			      struct gunyah_rm_transport *b)
{
	struct mem_pair *p;
	unsigned int i;
	int ret;

	if (!a || !b)
		return -EINVAL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->depth = depth ? depth : MEM_DEFAULT_DEPTH;
	p->q[0].ring = calloc(p->depth, sizeof(struct mem_msg));
	p->q[1].ring = calloc(p->depth, sizeof(struct mem_msg));
	ret = p->q[0].ring && p->q[1].ring ? gunyah_rm_cond_init(&p->cond) :
					     -ENOMEM;
	if (ret) {
		free(p->q[0].ring);
		free(p->q[1].ring);
		free(p);
		return ret;
	}
	/* Mutex init cannot fail on Linux. */
	pthread_mutex_init(&p->lock, NULL);
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
}
