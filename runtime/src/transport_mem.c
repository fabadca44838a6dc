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

/*
 * Both endpoints: endpoint i sent the count[i] messages from mem_at(p, i,
 * head[i]) on, and shut[i] is set by its shutdown or close; @refs counts
 * those not closed. @lock protects it all; @cond is broadcast on changes.
 */
struct mem_pair {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	unsigned int depth;
	unsigned int refs;
	unsigned int head[2];
	unsigned int count[2];
	bool shut[2];
	struct mem_end {
		struct mem_pair *pair;
		unsigned int idx;
	} end[2];
	struct mem_msg *ring;
};

/* Slot @k (modulo the depth) of the ring of what endpoint @i sent. */
static struct mem_msg *mem_at(struct mem_pair *p, unsigned int i,
			      unsigned int k)
{
	return &p->ring[(size_t)i * p->depth + k % p->depth];
}

static int mem_send(void *ctx, const void *msg, size_t len, unsigned int flags,
		    const struct timespec *deadline)
{
	struct mem_end *e = ctx;
	struct mem_pair *p = e->pair;
	unsigned int me = e->idx;
	bool in_time = true;
	struct mem_msg *m;
	int ret = 0;

	(void)flags;
	if (len > GUNYAH_RM_MSGQ_MSG_SIZE)
		return -EMSGSIZE;
	pthread_mutex_lock(&p->lock);
	while (!p->shut[0] && !p->shut[1] && p->count[me] == p->depth &&
	       in_time)
		in_time = gunyah_rm_cond_wait(&p->cond, &p->lock, deadline);
	if (p->shut[0] || p->shut[1]) {
		ret = -EPIPE;
	} else if (p->count[me] == p->depth) {
		ret = -ETIMEDOUT;
	} else {
		m = mem_at(p, me, p->head[me] + p->count[me]++);
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
	bool in_time = true;
	struct mem_msg *m;
	int ret;

	pthread_mutex_lock(&p->lock);
	while (!p->shut[me] && !p->count[peer] && !p->shut[peer] && in_time)
		in_time = gunyah_rm_cond_wait(&p->cond, &p->lock, deadline);
	if (p->shut[me]) {
		ret = -EPIPE;
	} else if (p->count[peer]) {
		/* What the peer sent before it went away is still delivered. */
		m = mem_at(p, peer, p->head[peer]);
		ret = m->len > cap ? -EMSGSIZE : (int)m->len;
		if (ret > 0)
			memcpy(buf, m->data, m->len);
		p->head[peer] = (p->head[peer] + 1) % p->depth;
		p->count[peer]--;
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

static void mem_close(void *ctx)
{
	struct mem_end *e = ctx;
	struct mem_pair *p = e->pair;
	bool last;

	pthread_mutex_lock(&p->lock);
	p->shut[e->idx] = true;
	pthread_cond_broadcast(&p->cond);
	last = --p->refs == 0;
	pthread_mutex_unlock(&p->lock);
	if (!last)
		return;
	pthread_cond_destroy(&p->cond);
	pthread_mutex_destroy(&p->lock);
	free(p->ring);
	free(p);
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
 * Once one endpoint is shut down, the other's send fails with -EPIPE and
 * its recv returns -EPIPE when the queue is drained; the memory is freed
 * when both are closed. The send flags are ignored.
 *
 * Return: 0, -EINVAL (NULL endpoint), -ENOMEM, or the negative errno of a
 * failed pthread initialisation.
 */
int gunyah_rm_mem_pair_create(unsigned int depth, struct gunyah_rm_transport *a,
			      struct gunyah_rm_transport *b)
{
	struct mem_pair *p;
	int ret;

	if (!a || !b)
		return -EINVAL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->depth = depth ? depth : MEM_DEFAULT_DEPTH;
	/* Both rings in one array; calloc() checks the size for overflow. */
	p->ring = calloc(p->depth, 2 * sizeof(struct mem_msg));
	ret = p->ring ? gunyah_rm_cond_init(&p->cond) : -ENOMEM;
	if (ret) {
		free(p->ring);
		free(p);
		return ret;
	}
	/* Mutex init cannot fail on Linux. */
	pthread_mutex_init(&p->lock, NULL);
	p->refs = 2;
	p->end[0] = (struct mem_end){ .pair = p, .idx = 0 };
	p->end[1] = (struct mem_end){ .pair = p, .idx = 1 };
	*a = (struct gunyah_rm_transport){ .ops = &mem_ops, .ctx = &p->end[0] };
	*b = (struct gunyah_rm_transport){ .ops = &mem_ops, .ctx = &p->end[1] };
	return 0;
}
