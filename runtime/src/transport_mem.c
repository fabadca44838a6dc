// SPDX-License-Identifier: BSD-3-Clause
/*
 * In-memory transport: two endpoints joined by two bounded queues of msgq
 * messages, one per direction, like a Gunyah msgq pair.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gunyah_rm/rpc.h"
#include "gunyah_rm/transport.h"
#include "internal.h"

/* Queue depth the RM gives the HLOS msgq pair. */
#define MEM_DEFAULT_DEPTH 8

/*
 * Bytes at the start of each message kept in its slot: the RPC header, so
 * that a lent RPC packet comes as its header and its payload, whatever
 * parts the sender gave. The rest of the message goes to the arena.
 */
#define MEM_HDR_SIZE GUNYAH_RM_RPC_HDR_SIZE
/* Most arena bytes of one message. */
#define MEM_DATA_MAX (GUNYAH_RM_MSGQ_MSG_SIZE - MEM_HDR_SIZE)

/*
 * struct mem_queue - The messages one endpoint sent, oldest first.
 * @v: @depth views, a ring; v[i].hdr is always hdr[i]
 * @hdr: the first MEM_HDR_SIZE bytes of each message (fewer if shorter)
 * @arena: the rest of each message (its data part), allocated FIFO
 * @cap: arena size, 2 * depth * MEM_DATA_MAX (see mem_arena_alloc())
 * @rd: arena offset of the oldest live byte
 * @wr: arena offset where the next allocation goes
 * @top: while @wrapped, the end of the older allocations, [@rd, @top); the
 *       newer ones are [0, @wr)
 * @wrapped: allocation went back to offset 0 while older bytes were live
 * @head: slot of the oldest queued message
 * @count: messages queued (not yet lent or taken)
 * @held: messages before @head whose slots are not free yet: lent, or
 *        taken by recv while others were lent; freed in order by release
 *
 * A sender waits while @count + @held == depth. The data parts of live
 * messages (held or queued) are in the arena in message order; a message
 * whose data part is empty has no arena bytes (its v[i].data is NULL or
 * points into the arena).
 */
struct mem_queue {
	struct gunyah_rm_msgv *v;
	uint8_t (*hdr)[MEM_HDR_SIZE];
	uint8_t *arena;
	size_t cap;
	size_t rd;
	size_t wr;
	size_t top;
	bool wrapped;
	unsigned int head;
	unsigned int count;
	unsigned int held;
};

/*
 * q[i] holds messages sent by endpoint i; not_empty[i] wakes its reader,
 * not_full[i] its writers; readers[i] and writers[i] count the threads
 * waiting on them, so that nobody is signalled when nobody waits. shut[i]
 * is set by endpoint i's shutdown or close.
 */
struct mem_pair {
	pthread_mutex_t lock;
	pthread_cond_t not_empty[2];
	pthread_cond_t not_full[2];
	unsigned int readers[2];
	unsigned int writers[2];
	unsigned int depth;
	struct mem_queue q[2];
	bool shut[2];
	unsigned int refs;
	struct mem_end {
		struct mem_pair *pair;
		unsigned int idx;
	} end[2];
};

/*
 * Allocate the data part of one message, @len bytes (1..MEM_DATA_MAX), in
 * the arena, after every live allocation ("bip buffer": at the end of the
 * live bytes, or at offset 0 when the arena's end has no room). Returns
 * false, changing nothing, when there is no room.
 *
 * This always succeeds while fewer than D = depth messages are live
 * (queued or held), as the sender ensures: their live bytes L are at most
 * (D - 1) * M, where M = MEM_DATA_MAX, and the capacity C is 2 * D * M.
 *  - Not wrapped, live bytes [rd, wr): if C - wr < len <= M, then
 *    rd >= wr - L > C - M - (D - 1) * M = D * M >= len, so [0, len) is
 *    free and the allocation wraps to 0.
 *  - Wrapped, live bytes [rd, top) and [0, wr): top > C - M (only this
 *    function wraps, when fewer than M bytes were left after top), so the
 *    free gap is rd - wr = top - L > C - M - (D - 1) * M = D * M >= len.
 * mem_put_plain() and mem_put_run_plain() also append whole batches
 * after the live bytes, but only where the gap holds them (a full data
 * part for each message, for the former), so they never wrap and these
 * bounds hold: each message still has at most M data bytes.
 */
static bool mem_arena_alloc(struct mem_queue *q, size_t len, size_t *off)
{
	if (q->wrapped) {
		if (q->rd - q->wr < len)
			return false;
		*off = q->wr;
	} else if (q->cap - q->wr >= len) {
		*off = q->wr;
	} else if (q->rd >= len) {
		q->top = q->wr;
		q->wrapped = true;
		*off = 0;
		q->wr = 0;
	} else {
		return false;
	}
	q->wr += len;
	return true;
}

/*
 * Free the held slots and recompute where the live arena bytes start: at
 * the data part of the oldest queued message that has one. With no live
 * bytes the arena starts over at 0, and with nothing queued the ring too,
 * so that a batch that drains the queue leaves the next one contiguous.
 */
static void mem_queue_free_held(struct mem_queue *q, unsigned int depth)
{
	unsigned int i, s = q->head;
	size_t off;

	q->held = 0;
	for (i = 0; i < q->count; i++) {
		if (q->v[s].len) {
			off = (size_t)((const uint8_t *)q->v[s].data -
				       q->arena);
			/* Older than the wrap only while above @wr. */
			if (q->wrapped && off < q->wr)
				q->wrapped = false;
			q->rd = off;
			return;
		}
		if (++s == depth)
			s = 0;
	}
	q->rd = 0;
	q->wr = 0;
	q->wrapped = false;
	if (!q->count)
		q->head = 0;
}

/*
 * Bytes of struct gunyah_rm_msgv from hdr_len on: hdr_len, len and flags
 * and the padding after them, copied as one (a 16-byte copy where pointers
 * have 64 bits).
 */
#define MEM_VIEW_TAIL                    \
	(sizeof(struct gunyah_rm_msgv) - \
	 offsetof(struct gunyah_rm_msgv, hdr_len))
_Static_assert(offsetof(struct gunyah_rm_msgv, len) ==
			       offsetof(struct gunyah_rm_msgv, hdr_len) +
				       sizeof(unsigned int) &&
		       offsetof(struct gunyah_rm_msgv, flags) ==
			       offsetof(struct gunyah_rm_msgv, len) +
				       sizeof(unsigned int),
	       "hdr_len, len and flags are consecutive");

/* Arena bytes of a checked message: all but its first MEM_HDR_SIZE. */
static inline size_t mem_data_len(const struct gunyah_rm_msgv *m)
{
	size_t total = (size_t)m->hdr_len + m->len;

	return total > MEM_HDR_SIZE ? total - MEM_HDR_SIZE : 0;
}

/*
 * Copy a message whose header part is not MEM_HDR_SIZE bytes: the first
 * MEM_HDR_SIZE bytes of hdr + data to @hdr, the rest to @dst.
 */
static void mem_copy_split(uint8_t *hdr, uint8_t *dst,
			   const struct gunyah_rm_msgv *m)
{
	const uint8_t *a = m->hdr, *b = m->data;
	size_t hl = m->hdr_len, dl = m->len, h = hl + dl;

	if (h > MEM_HDR_SIZE)
		h = MEM_HDR_SIZE;
	if (hl >= h) {
		if (h)
			memcpy(hdr, a, h);
		if (hl > h)
			memcpy(dst, a + h, hl - h);
		if (dl)
			memcpy(dst + (hl - h), b, dl);
	} else {
		if (hl)
			memcpy(hdr, a, hl);
		memcpy(hdr + hl, b, h - hl);
		if (dl > h - hl)
			memcpy(dst, b + (h - hl), dl - (h - hl));
	}
}

/* Wake the reader of queue @i, if it waits. Called with p->lock held. */
static inline void mem_wake_reader(struct mem_pair *p, unsigned int i)
{
	if (p->readers[i])
		pthread_cond_signal(&p->not_empty[i]);
}

/* Wake the writers of queue @i, if any wait. Called with p->lock held. */
static inline void mem_wake_writers(struct mem_pair *p, unsigned int i)
{
	if (p->writers[i])
		pthread_cond_broadcast(&p->not_full[i]);
}

/*
 * Queue the longest prefix of the @k messages at @m, @k at most the free
 * slots, that is "plain": each message has a MEM_HDR_SIZE-byte header part
 * and at most MEM_DATA_MAX data bytes, and its data part starts where the
 * one before it ended (as the payload slices of gunyah_rm_rpc_send() do;
 * for an empty one too). Their data parts go to the arena as one block,
 * copied with one memcpy(), and everything is checked and queued in one
 * pass. Returns how many were queued: 0 when the first is not plain or the
 * arena's free space after its live bytes is less than @k full data parts.
 */
static size_t mem_put_plain(struct mem_queue *q, unsigned int depth,
			    const struct gunyah_rm_msgv *m, size_t k)
{
	static const unsigned int full[2] = { MEM_HDR_SIZE, MEM_DATA_MAX };
	const uint8_t *src = m[0].data;
	uint8_t *dst = q->arena + q->wr;
	uintptr_t want = (uintptr_t)src;
	unsigned int s = q->head + q->count;
	size_t j = 0, i, n, base = q->wr;

	/* k <= depth, so k * MEM_DATA_MAX <= cap: no overflow. */
	if (!src || (q->wrapped ? q->rd : q->cap) - q->wr < k * MEM_DATA_MAX)
		return 0;
	if (s >= depth)
		s -= depth;
	while (j < k) {
		/* Up to the ring's end, then from its start. */
		const struct gunyah_rm_msgv *mm = m + j;
		struct gunyah_rm_msgv *v = q->v + s;
		uint8_t(*h)[MEM_HDR_SIZE] = q->hdr + s;

		n = depth - s < k - j ? depth - s : k - j;
		for (i = 0; i < n; i++) {
			/* A full packet's lengths: one 8-byte compare. */
			if (memcmp(&mm[i].hdr_len, full, sizeof(full)) != 0 &&
			    (mm[i].hdr_len != MEM_HDR_SIZE ||
			     mm[i].len > MEM_DATA_MAX))
				break;
			if ((uintptr_t)mm[i].data != want || !mm[i].hdr)
				break;
			memcpy(h[i], mm[i].hdr, MEM_HDR_SIZE);
			/* Into the arena; empty ones too (not NULL). */
			v[i].data = dst + (want - (uintptr_t)src);
			/* hdr_len (checked), len and flags as they are. */
			memcpy(&v[i].hdr_len, &mm[i].hdr_len, MEM_VIEW_TAIL);
			want += mm[i].len;
		}
		j += i;
		if (i < n)
			break;
		s = 0;
	}
	n = (size_t)(want - (uintptr_t)src);
	if (n)
		memcpy(dst, src, n);
	q->wr = base + n;
	q->count += (unsigned int)j;
	return j;
}

/*
 * Queue one checked message, its data part allocated and copied on its
 * own. Returns false if the arena is full (never, see mem_arena_alloc()).
 */
static bool mem_put_one(struct mem_queue *q, unsigned int depth,
			const struct gunyah_rm_msgv *m)
{
	unsigned int s = q->head + q->count;
	size_t all = (size_t)m->hdr_len + m->len, len = mem_data_len(m), off;
	/* An empty data part points into the arena too, never NULL. */
	uint8_t *dst = q->arena + q->wr;

	if (s >= depth)
		s -= depth;
	if (len) {
		if (!mem_arena_alloc(q, len, &off))
			return false;
		dst = q->arena + off;
	}
	if (m->hdr_len == MEM_HDR_SIZE) {
		/* The data part is exactly m->data here (len == m->len). */
		memcpy(q->hdr[s], m->hdr, MEM_HDR_SIZE);
		if (m->len)
			memcpy(dst, m->data, m->len);
	} else {
		mem_copy_split(q->hdr[s], dst, m);
	}
	q->v[s].data = dst;
	q->v[s].hdr_len = (unsigned int)(all - len);
	q->v[s].len = (unsigned int)len;
	q->v[s].flags = m->flags;
	q->count++;
	return true;
}

/*
 * Queue up to @k messages of a sendmv vector (@k at most the free slots):
 * runs of plain ones in one pass each (mem_put_plain()), the others one by
 * one. Returns how many were queued: fewer than @k only at a bad message,
 * whose errno goes to @err, or when the arena is full (-ENOBUFS; never, see
 * mem_arena_alloc()).
 */
static size_t mem_put_vec(struct mem_queue *q, unsigned int depth,
			  const struct gunyah_rm_msgv *m, size_t k, int *err)
{
	size_t i = 0;

	while (i < k) {
		i += mem_put_plain(q, depth, m + i, k - i);
		if (i == k)
			break;
		*err = gunyah_rm_check_parts(m[i].hdr, m[i].hdr_len, m[i].data,
					     m[i].len);
		if (*err)
			break;
		if (!mem_put_one(q, depth, &m[i])) {
			*err = -ENOBUFS;
			break;
		}
		i++;
	}
	return i;
}

/*
 * Queue messages @i..@i + @k - 1 of the checked sendseg run @r, whose
 * MEM_HDR_SIZE-byte header parts are what the slots keep, and whose data
 * parts, @bytes in all, fit the arena's gap after its live bytes: they go
 * there with one memcpy(), and the views and headers are written in one
 * pass, from the run's description (a full message's view ends as
 * @tail). @end: message @i + @k - 1 is the run's last one.
 */
static void mem_put_run_plain(struct mem_queue *q, unsigned int depth,
			      const struct gunyah_rm_segv *r,
			      const struct gunyah_rm_msgv *tail, size_t i,
			      size_t k, size_t bytes, bool end)
{
	uint8_t *dst = q->arena + q->wr, *d = dst;
	unsigned int s = q->head + q->count, first;
	uint8_t cont[MEM_HDR_SIZE] = { 0 };
	size_t j = 0, n, m, seg = r->seg;

	if (s >= depth)
		s -= depth;
	first = s;
	/* Only a run of one message may have no continuation header. */
	if (i || k > 1)
		memcpy(cont, r->cont, MEM_HDR_SIZE);
	while (j < k) {
		/* Up to the ring's end, then from its start. */
		struct gunyah_rm_msgv *v = q->v + s;
		uint8_t(*h)[MEM_HDR_SIZE] = q->hdr + s;

		n = depth - s < k - j ? depth - s : k - j;
		for (m = 0; m < n; m++) {
			memcpy(h[m], cont, MEM_HDR_SIZE);
			v[m].data = d;
			memcpy(&v[m].hdr_len, &tail->hdr_len, MEM_VIEW_TAIL);
			d += seg;
		}
		j += n;
		s = 0;
	}
	if (!i)
		memcpy(q->hdr[first], r->hdr, MEM_HDR_SIZE);
	if (end) {
		s = first + (unsigned int)(k - 1);
		if (s >= depth)
			s -= depth;
		q->v[s].len = (unsigned int)(bytes - (k - 1) * seg);
		q->v[s].flags = r->last_flags;
	}
	if (bytes)
		memcpy(dst, (const uint8_t *)r->data + i * seg, bytes);
	q->wr += bytes;
	q->count += (unsigned int)k;
}

/*
 * Queue messages @i..@i + @k - 1 of the checked sendseg run @r of @n
 * messages (@k at most the free slots): in one pass (mem_put_run_plain())
 * when their header parts are MEM_HDR_SIZE bytes and their data parts fit
 * the arena's gap after its live bytes, else one by one. Returns how many
 * were queued: fewer than @k only when the arena is full (-ENOBUFS in
 * @err; never, see mem_arena_alloc()).
 */
static size_t mem_put_run(struct mem_queue *q, unsigned int depth,
			  const struct gunyah_rm_segv *r,
			  const struct gunyah_rm_msgv *tail, size_t n, size_t i,
			  size_t k, int *err)
{
	/* i < n, so i * seg < len (or both are 0); k * seg <= cap. */
	size_t bytes = i + k < n ? k * r->seg : r->len - i * r->seg, j;
	struct gunyah_rm_msgv m;

	if (r->hdr_len == MEM_HDR_SIZE &&
	    (q->wrapped ? q->rd : q->cap) - q->wr >= bytes) {
		mem_put_run_plain(q, depth, r, tail, i, k, bytes, i + k == n);
		return k;
	}
	for (j = 0; j < k; j++) {
		gunyah_rm_segv_msg(r, i + j, &m);
		if (!mem_put_one(q, depth, &m)) {
			*err = -ENOBUFS;
			break;
		}
	}
	return j;
}

/*
 * struct mem_batch - The messages of one send: the @n of the vector @msgs
 * (sendmv), or, if @run is not NULL, the @n of that checked run (sendseg),
 * whose full messages' views end in the hdr_len, len and flags of @tail
 * (set before the lock is taken, so that the 16-byte read of what was
 * stored as three 4-byte fields does not wait for the stores).
 */
struct mem_batch {
	const struct gunyah_rm_msgv *msgs;
	const struct gunyah_rm_segv *run;
	struct gunyah_rm_msgv tail;
	size_t n;
};

/*
 * Queue a batch under one lock, as many messages at a time as there are
 * free slots. The reader is woken once the batch is queued, or before
 * waiting for room when the queue fills mid-batch. A bad message of a
 * vector is found before waiting for room for it (a run is checked
 * whole before). On an error the messages before the failing one stay
 * queued.
 */
static int mem_send_batch(struct mem_end *e, const struct mem_batch *b)
{
	struct mem_pair *p = e->pair;
	unsigned int me = e->idx, peer = !e->idx;
	struct mem_queue *q = &p->q[me];
	size_t i = 0, room, put, queued = 0;
	int ret = 0;

	pthread_mutex_lock(&p->lock);
	while (i < b->n) {
		if (q->count + q->held == p->depth) {
			if (!b->run)
				ret = gunyah_rm_check_parts(b->msgs[i].hdr,
							    b->msgs[i].hdr_len,
							    b->msgs[i].data,
							    b->msgs[i].len);
			if (ret)
				break;
			if (queued) {
				mem_wake_reader(p, me);
				queued = 0;
			}
			p->writers[me]++;
			while (!p->shut[me] && !p->shut[peer] &&
			       q->count + q->held == p->depth)
				pthread_cond_wait(&p->not_full[me], &p->lock);
			p->writers[me]--;
		}
		if (p->shut[me] || p->shut[peer]) {
			ret = -EPIPE;
			break;
		}
		room = p->depth - q->count - q->held;
		if (room > b->n - i)
			room = b->n - i;
		if (b->run)
			put = mem_put_run(q, p->depth, b->run, &b->tail, b->n,
					  i, room, &ret);
		else
			put = mem_put_vec(q, p->depth, b->msgs + i, room, &ret);
		queued += put;
		i += put;
		if (ret)
			break;
	}
	if (queued)
		mem_wake_reader(p, me);
	pthread_mutex_unlock(&p->lock);
	return ret;
}

static int mem_sendmv(void *ctx, const struct gunyah_rm_msgv *msgs, size_t n)
{
	const struct mem_batch b = { .msgs = msgs, .n = n };

	if (!msgs && n)
		return -EINVAL;
	return mem_send_batch(ctx, &b);
}

/* The run's messages straight from its description (segmentation offload). */
static int mem_sendseg(void *ctx, const struct gunyah_rm_segv *s)
{
	struct mem_batch b = { .run = s };
	int ret = gunyah_rm_segv_check(s);

	if (ret)
		return ret;
	b.n = gunyah_rm_segv_count(s);
	b.tail.hdr_len = MEM_HDR_SIZE;
	b.tail.len = s->seg;
	b.tail.flags = s->flags;
	return mem_send_batch(ctx, &b);
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
	bool timed = false, armed = false;
	int ret = 0;

	while (!p->shut[me] && !p->q[peer].count && !p->shut[peer] && !ret) {
		if (!timeout_ms)
			return -ETIMEDOUT;
		/* Read the clock only when there is something to wait for. */
		if (!armed) {
			timed = gunyah_rm_deadline(&ts, timeout_ms);
			armed = true;
		}
		p->readers[peer]++;
		ret = gunyah_rm_cond_wait(&p->not_empty[peer], &p->lock,
					  timed ? &ts : NULL);
		p->readers[peer]--;
	}
	if (p->shut[me])
		return -EPIPE;
	if (p->q[peer].count)
		return 0;
	return p->shut[peer] ? -EPIPE : -ETIMEDOUT;
}

/*
 * Copy the oldest queued message to @buf (if it fits in @cap) and take it.
 * Returns its length, or -EMSGSIZE. Called with p->lock held; the caller
 * frees the slots taken (mem_take_done()).
 */
static int mem_take(struct mem_queue *q, unsigned int depth, void *buf,
		    size_t cap)
{
	const struct gunyah_rm_msgv *v = &q->v[q->head];
	size_t len = (size_t)v->hdr_len + v->len;

	if (++q->head == depth)
		q->head = 0;
	q->count--;
	q->held++;
	if (len > cap)
		return -EMSGSIZE;
	if (v->hdr_len)
		memcpy(buf, v->hdr, v->hdr_len);
	if (v->len)
		memcpy((uint8_t *)buf + v->hdr_len, v->data, v->len);
	return (int)len;
}

/*
 * After taking messages: free their slots now, unless messages taken
 * before them are still lent (@held_before), then wake the senders.
 */
static void mem_take_done(struct mem_pair *p, unsigned int peer,
			  unsigned int held_before)
{
	if (!held_before)
		mem_queue_free_held(&p->q[peer], p->depth);
	mem_wake_writers(p, peer);
}

static int mem_recv(void *ctx, void *buf, size_t cap, int timeout_ms)
{
	struct mem_end *e = ctx;
	struct mem_pair *p = e->pair;
	unsigned int peer = !e->idx, held;
	int ret;

	pthread_mutex_lock(&p->lock);
	ret = mem_wait_msg(p, e->idx, timeout_ms);
	if (!ret) {
		held = p->q[peer].held;
		ret = mem_take(&p->q[peer], p->depth, buf, cap);
		mem_take_done(p, peer, held);
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
	unsigned int peer = !e->idx, held;
	struct mem_queue *q = &p->q[peer];
	size_t k = 0;
	int ret;

	if (!n)
		return -EINVAL;
	pthread_mutex_lock(&p->lock);
	ret = mem_wait_msg(p, e->idx, timeout_ms);
	if (!ret) {
		held = q->held;
		/* Queued messages are at most 240 bytes: they always fit. */
		for (; k < n && q->count; k++)
			lens[k] = (size_t)mem_take(q, p->depth, bufs[k],
						   GUNYAH_RM_MSGQ_MSG_SIZE);
		mem_take_done(p, peer, held);
		ret = (int)k;
	}
	pthread_mutex_unlock(&p->lock);
	return ret;
}

/*
 * Lend up to @n queued messages: the views from the oldest queued one to
 * the ring's end at most, so that they are consecutive.
 */
static int mem_recv_lend(void *ctx, const struct gunyah_rm_msgv **msgs,
			 size_t n, int timeout_ms)
{
	struct mem_end *e = ctx;
	struct mem_pair *p = e->pair;
	struct mem_queue *q = &p->q[!e->idx];
	unsigned int k;
	int ret;

	if (!n || !msgs)
		return -EINVAL;
	pthread_mutex_lock(&p->lock);
	ret = mem_wait_msg(p, e->idx, timeout_ms);
	if (!ret) {
		k = p->depth - q->head;
		if (k > q->count)
			k = q->count;
		if (k > n)
			k = (unsigned int)n;
		*msgs = &q->v[q->head];
		q->head += k;
		if (q->head == p->depth)
			q->head = 0;
		q->count -= k;
		q->held += k;
		ret = (int)k;
	}
	pthread_mutex_unlock(&p->lock);
	return ret;
}

static void mem_recv_release(void *ctx)
{
	struct mem_end *e = ctx;
	struct mem_pair *p = e->pair;
	unsigned int peer = !e->idx;

	pthread_mutex_lock(&p->lock);
	if (p->q[peer].held) {
		mem_queue_free_held(&p->q[peer], p->depth);
		mem_wake_writers(p, peer);
	}
	pthread_mutex_unlock(&p->lock);
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

static void mem_queue_destroy(struct mem_queue *q)
{
	free(q->v);
	free(q->hdr);
	free(q->arena);
}

static void mem_pair_free(struct mem_pair *p)
{
	unsigned int i;

	for (i = 0; i < 2; i++) {
		pthread_cond_destroy(&p->not_empty[i]);
		pthread_cond_destroy(&p->not_full[i]);
		mem_queue_destroy(&p->q[i]);
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
	.recv_lend = mem_recv_lend,
	.recv_release = mem_recv_release,
	.sendseg = mem_sendseg,
};

/* Allocate one direction's ring and arena; -ENOMEM on failure. */
static int mem_queue_init(struct mem_queue *q, unsigned int depth)
{
	unsigned int i;

	q->cap = gunyah_rm_size_mul(gunyah_rm_size_mul(2, depth), MEM_DATA_MAX);
	if (!q->cap || q->cap == SIZE_MAX)
		return -ENOMEM;
	q->v = calloc(depth, sizeof(*q->v));
	q->hdr = calloc(depth, sizeof(*q->hdr));
	q->arena = malloc(q->cap);
	if (!q->v || !q->hdr || !q->arena)
		return -ENOMEM;
	for (i = 0; i < depth; i++)
		q->v[i].hdr = q->hdr[i];
	return 0;
}

/**
 * gunyah_rm_mem_pair_create() - Create two connected in-memory endpoints.
 * @depth: messages each direction can hold before send waits; 0 for 8, the
 *         depth RM gives the HLOS msgq pair
 * @a: first endpoint
 * @b: second endpoint; what one sends the other receives, in order
 *
 * All ops are thread-safe. The send flags are accepted and kept (a lent
 * message's view carries them). Closing one endpoint makes the other's send
 * fail with -EPIPE and its recv return -EPIPE once the queue is drained; the
 * memory is freed when both are closed.
 *
 * The endpoints lend received messages (gunyah_rm_transport_recv_lend()):
 * a message is stored as its first GUNYAH_RM_RPC_HDR_SIZE bytes (fewer if
 * it is shorter), its lent hdr part, in its queue slot, and the rest, its
 * lent data part, in a buffer where the data parts of consecutive messages
 * follow each other when there is room, so that the payload slices of one
 * gunyah_rm_rpc_send() are received back to back and copied in with one
 * memcpy() (when all its packets are lent at once, which needs @depth of
 * at least its packet count, gunyah_rm_reasm_feedmv() then delivers the
 * message in place).
 * One call lends the queued messages up to the end of the ring of @depth
 * slots; the ring starts over whenever the queue is empty and nothing is
 * lent. A message taken with recv or recvmv while others are lent keeps
 * its queue place until they are released.
 *
 * The endpoints have sendseg (gunyah_rm_transport_sendseg()): a run whose
 * header parts are GUNYAH_RM_RPC_HDR_SIZE bytes, as gunyah_rm_rpc_send()'s
 * are, is queued straight from its description, its data copied with one
 * memcpy() where the buffer has room for all of it after its live bytes;
 * other runs message by message. sendmv and sendseg share the waiting,
 * shutdown and partial-batch rules.
 *
 * Return: 0, -EINVAL (NULL endpoint, @depth above INT_MAX), -ENOMEM, or the
 * negative errno of a failed pthread initialisation.
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

	/* Counts of messages are returned as int. */
	if (depth > INT_MAX)
		return -EINVAL;

	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	for (i = 0; i < 2; i++) {
		ret = mem_queue_init(&p->q[i], depth);
		if (ret)
			goto err_free;
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
	mem_queue_destroy(&p->q[0]);
	mem_queue_destroy(&p->q[1]);
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
