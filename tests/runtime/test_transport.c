// SPDX-License-Identifier: BSD-3-Clause
/*
 * The in-memory pair and the UNIX SOCK_SEQPACKET transport.
 */
#define _POSIX_C_SOURCE 200809L

#include <criterion/criterion.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "gunyah_rm/rpc.h"
#include "gunyah_rm/transport.h"

static void sleep_ms(long ms)
{
	struct timespec ts = { .tv_sec = ms / 1000,
			       .tv_nsec = (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Behaviour every transport must share, on a connected pair a <-> b. */
static void check_pair(struct gunyah_rm_transport *a,
		       struct gunyah_rm_transport *b)
{
	uint8_t big[GUNYAH_RM_MSGQ_MSG_SIZE + 1] = { 0 };
	uint8_t buf[GUNYAH_RM_MSGQ_MSG_SIZE];
	unsigned int i;
	long t0;

	cr_assert_eq(gunyah_rm_transport_send(a, big, sizeof(big), 0),
		     -EMSGSIZE);
	t0 = now_ms();
	cr_assert_eq(gunyah_rm_transport_recv(b, buf, sizeof(buf), 0),
		     -ETIMEDOUT);
	cr_assert_eq(gunyah_rm_transport_recv(b, buf, sizeof(buf), 30),
		     -ETIMEDOUT);
	cr_assert_geq(now_ms() - t0, 29);

	/* Order and boundaries are kept, including empty messages. */
	for (i = 0; i < 4; i++) {
		memset(big, (int)i + 1, sizeof(big));
		cr_assert_eq(gunyah_rm_transport_send(a, big, i * 80, 0), 0);
	}
	for (i = 0; i < 4; i++) {
		cr_assert_eq(gunyah_rm_transport_recv(b, buf, sizeof(buf),
						      1000),
			     (int)(i * 80));
		if (i)
			cr_assert_eq(buf[i * 80 - 1], i + 1);
	}

	/* Both directions. */
	cr_assert_eq(gunyah_rm_transport_send(b, "xyz", 3,
					      GUNYAH_RM_MSGQ_TX_PUSH),
		     0);
	cr_assert_eq(gunyah_rm_transport_recv(a, buf, sizeof(buf), 1000), 3);
	cr_assert_arr_eq(buf, "xyz", 3);

	/* A message longer than the buffer is reported and discarded. */
	cr_assert_eq(gunyah_rm_transport_send(a, big, 200, 0), 0);
	cr_assert_eq(gunyah_rm_transport_send(a, "ok", 2, 0), 0);
	cr_assert_eq(gunyah_rm_transport_recv(b, buf, 100, 1000), -EMSGSIZE);
	cr_assert_eq(gunyah_rm_transport_recv(b, buf, 100, 1000), 2);
}

/*
 * A batch through sendmv: order, boundaries and flags-independent content
 * of 40 messages with header and data parts (more than a queue holds, so a
 * reader thread drains it), then a bad message mid-batch stops the batch
 * just before it.
 */
struct batch_reader {
	struct gunyah_rm_transport *t;
	unsigned int n;
	unsigned int ok;
};

static size_t batch_len(unsigned int i)
{
	return (i * 37u) % (GUNYAH_RM_MSGQ_MSG_SIZE - 7u);
}

static void *batch_reader_thread(void *arg)
{
	struct batch_reader *br = arg;
	uint8_t buf[GUNYAH_RM_MSGQ_MSG_SIZE];
	unsigned int i;
	size_t k;

	for (i = 0; i < br->n; i++) {
		int n = gunyah_rm_transport_recv(br->t, buf, sizeof(buf), 5000);

		if (n != (int)(7 + batch_len(i)) || buf[0] != (uint8_t)i)
			return NULL;
		for (k = 0; k < batch_len(i); k++)
			if (buf[7 + k] != (uint8_t)(i + k))
				return NULL;
		br->ok++;
	}
	return NULL;
}

static void check_sendmv(struct gunyah_rm_transport *a,
			 struct gunyah_rm_transport *b)
{
	static uint8_t hdrs[40][7], datas[40][GUNYAH_RM_MSGQ_MSG_SIZE];
	struct gunyah_rm_msgv v[40];
	struct batch_reader br = { .t = b, .n = 40 };
	uint8_t buf[GUNYAH_RM_MSGQ_MSG_SIZE];
	unsigned int i;
	size_t k;
	pthread_t th;

	cr_assert_not_null(a->ops->sendmv);
	for (i = 0; i < 40; i++) {
		memset(hdrs[i], (int)i, sizeof(hdrs[i]));
		for (k = 0; k < batch_len(i); k++)
			datas[i][k] = (uint8_t)(i + k);
		v[i] = (struct gunyah_rm_msgv){ .hdr = hdrs[i],
						.hdr_len = 7,
						.data = datas[i],
						.len = batch_len(i) };
	}
	cr_assert_eq(pthread_create(&th, NULL, batch_reader_thread, &br), 0);
	cr_assert_eq(a->ops->sendmv(a->ctx, v, 40), 0);
	pthread_join(th, NULL);
	cr_assert_eq(br.ok, 40);

	/* Message 2 is too long, message 3 has a NULL part: 0 and 1 go. */
	v[2].len = GUNYAH_RM_MSGQ_MSG_SIZE - 6;
	cr_assert_eq(a->ops->sendmv(a->ctx, v, 4), -EMSGSIZE);
	v[2].len = batch_len(2);
	v[2].data = NULL;
	cr_assert_eq(a->ops->sendmv(a->ctx, v + 2, 2), -EINVAL);
	for (i = 0; i < 2; i++)
		cr_assert_eq(gunyah_rm_transport_recv(b, buf, sizeof(buf),
						      1000),
			     (int)(7 + batch_len(i)));
	cr_assert_eq(gunyah_rm_transport_recv(b, buf, sizeof(buf), 0),
		     -ETIMEDOUT);
}

/*
 * gunyah_rm_transport_recvmv(): what is queued, in order, at most @n a call
 * (one a call through a transport without recvmv), then a timeout.
 */
static void check_recvmv(struct gunyah_rm_transport *a,
			 struct gunyah_rm_transport *b, int per_call)
{
	uint8_t bufs[16][GUNYAH_RM_MSGQ_MSG_SIZE];
	uint8_t msg[GUNYAH_RM_MSGQ_MSG_SIZE];
	size_t lens[16];
	unsigned int i, got = 0;
	int n, k, most = 0;

	for (i = 0; i < 10; i++) {
		memset(msg, (int)i, sizeof(msg));
		cr_assert_eq(gunyah_rm_transport_send(a, msg, i * 20, 0), 0);
	}
	while (got < 10) {
		n = gunyah_rm_transport_recvmv(b, bufs, lens, 4, 1000);
		cr_assert(n >= 1 && n <= per_call, "took %d", n);
		if (n > most)
			most = n;
		for (k = 0; k < n; k++, got++) {
			cr_assert_eq(lens[k], got * 20);
			if (got)
				cr_assert_eq(bufs[k][got * 20 - 1], got);
		}
	}
	/* All ten were queued: each call took as many as it could. */
	cr_assert_eq(most, per_call);
	cr_assert_eq(gunyah_rm_transport_recvmv(b, bufs, lens, 16, 0),
		     -ETIMEDOUT);
}

struct blocked_recv {
	struct gunyah_rm_transport *t;
	int ret;
};

static void *recv_thread(void *arg)
{
	struct blocked_recv *br = arg;
	uint8_t buf[GUNYAH_RM_MSGQ_MSG_SIZE];

	br->ret = gunyah_rm_transport_recv(br->t, buf, sizeof(buf),
					   GUNYAH_RM_WAIT_FOREVER);
	return NULL;
}

/* shutdown() wakes a receiver blocked forever on the same endpoint. */
static void check_shutdown_unblocks(struct gunyah_rm_transport *t)
{
	struct blocked_recv br = { .t = t, .ret = 1 };
	pthread_t th;

	cr_assert_eq(pthread_create(&th, NULL, recv_thread, &br), 0);
	sleep_ms(50);
	gunyah_rm_transport_shutdown(t);
	pthread_join(th, NULL);
	cr_assert_eq(br.ret, -EPIPE);
	cr_assert_eq(gunyah_rm_transport_send(t, "a", 1, 0), -EPIPE);
	cr_assert_eq(gunyah_rm_transport_recv(t, NULL, 0, 0), -EPIPE);
}

Test(mem_pair, basic)
{
	struct gunyah_rm_transport a, b;

	cr_assert_eq(gunyah_rm_mem_pair_create(16, &a, &b), 0);
	check_pair(&a, &b);
	check_sendmv(&a, &b);
	check_recvmv(&a, &b, 4);
	gunyah_rm_transport_close(&a);
	gunyah_rm_transport_close(&b);
	cr_assert_null(a.ops);
}

/* recvmv: at least one buffer; what is queued is still taken after close. */
Test(mem_pair, recvmv_edges)
{
	struct gunyah_rm_transport a, b;
	uint8_t bufs[4][GUNYAH_RM_MSGQ_MSG_SIZE];
	size_t lens[4];

	cr_assert_eq(gunyah_rm_mem_pair_create(4, &a, &b), 0);
	cr_assert_eq(b.ops->recvmv(b.ctx, bufs, lens, 0, 0), -EINVAL);
	cr_assert_eq(gunyah_rm_transport_send(&a, "abc", 3, 0), 0);
	cr_assert_eq(gunyah_rm_transport_send(&a, "de", 2, 0), 0);
	gunyah_rm_transport_close(&a);
	cr_assert_eq(gunyah_rm_transport_recvmv(&b, bufs, lens, 4, 0), 2);
	cr_assert_eq(lens[0], 3);
	cr_assert_eq(lens[1], 2);
	cr_assert_arr_eq(bufs[1], "de", 2);
	cr_assert_eq(gunyah_rm_transport_recvmv(&b, bufs, lens, 4, -1), -EPIPE);
	gunyah_rm_transport_close(&b);
}

Test(mem_pair, bad_args)
{
	struct gunyah_rm_transport a;

	cr_assert_eq(gunyah_rm_mem_pair_create(0, &a, NULL), -EINVAL);
}

Test(mem_pair, close_drains_then_epipe)
{
	struct gunyah_rm_transport a, b;
	uint8_t buf[16];

	cr_assert_eq(gunyah_rm_mem_pair_create(2, &a, &b), 0);
	cr_assert_eq(gunyah_rm_transport_send(&a, "abc", 3, 0), 0);
	gunyah_rm_transport_close(&a);
	cr_assert_eq(gunyah_rm_transport_recv(&b, buf, sizeof(buf), 0), 3);
	cr_assert_eq(gunyah_rm_transport_recv(&b, buf, sizeof(buf), -1),
		     -EPIPE);
	cr_assert_eq(gunyah_rm_transport_send(&b, "x", 1, 0), -EPIPE);
	gunyah_rm_transport_close(&b);
}

struct sender {
	struct gunyah_rm_transport *t;
	unsigned int n;
	int ret;
};

static void *send_thread(void *arg)
{
	struct sender *s = arg;
	unsigned int i;

	for (i = 0; i < s->n; i++) {
		uint8_t v = (uint8_t)i;

		s->ret = gunyah_rm_transport_send(s->t, &v, 1, 0);
		if (s->ret)
			break;
	}
	return NULL;
}

Test(mem_pair, full_queue_blocks_sender)
{
	struct gunyah_rm_transport a, b;
	struct sender s = { .t = &a, .n = 100 };
	uint8_t buf[4];
	unsigned int i;
	pthread_t th;

	cr_assert_eq(gunyah_rm_mem_pair_create(2, &a, &b), 0);
	cr_assert_eq(pthread_create(&th, NULL, send_thread, &s), 0);
	for (i = 0; i < 100; i++) {
		cr_assert_eq(gunyah_rm_transport_recv(&b, buf, sizeof(buf),
						      5000),
			     1);
		cr_assert_eq(buf[0], (uint8_t)i);
	}
	pthread_join(th, NULL);
	cr_assert_eq(s.ret, 0);
	gunyah_rm_transport_close(&a);
	gunyah_rm_transport_close(&b);
}

struct batch_sender {
	struct gunyah_rm_transport *t;
	const struct gunyah_rm_msgv *v;
	size_t n;
	int ret;
};

static void *batch_send_thread(void *arg)
{
	struct batch_sender *bs = arg;

	bs->ret = bs->t->ops->sendmv(bs->t->ctx, bs->v, bs->n);
	return NULL;
}

/* A batch blocked on a full queue: what fitted stays queued, then -EPIPE. */
Test(mem_pair, sendmv_blocked_then_shutdown)
{
	struct gunyah_rm_transport a, b;
	struct gunyah_rm_msgv v[5];
	struct batch_sender bs = { .t = &a, .v = v, .n = 5, .ret = 1 };
	uint8_t buf[4];
	unsigned int i;
	pthread_t th;

	for (i = 0; i < 5; i++)
		v[i] = (struct gunyah_rm_msgv){ .hdr = &"abcde"[i],
						.hdr_len = 1 };
	cr_assert_eq(gunyah_rm_mem_pair_create(2, &a, &b), 0);
	cr_assert_eq(pthread_create(&th, NULL, batch_send_thread, &bs), 0);
	sleep_ms(50);
	cr_assert_eq(bs.ret, 1, "a batch larger than the queue returned");
	gunyah_rm_transport_shutdown(&a);
	pthread_join(th, NULL);
	cr_assert_eq(bs.ret, -EPIPE);
	/* The two queued messages are still delivered to the peer. */
	cr_assert_eq(gunyah_rm_transport_recv(&b, buf, sizeof(buf), 0), 1);
	cr_assert_eq(buf[0], 'a');
	cr_assert_eq(gunyah_rm_transport_recv(&b, buf, sizeof(buf), 0), 1);
	cr_assert_eq(buf[0], 'b');
	cr_assert_eq(gunyah_rm_transport_recv(&b, buf, sizeof(buf), 0), -EPIPE);
	gunyah_rm_transport_close(&a);
	gunyah_rm_transport_close(&b);
}

Test(mem_pair, shutdown_unblocks)
{
	struct gunyah_rm_transport a, b;
	uint8_t buf[4];

	cr_assert_eq(gunyah_rm_mem_pair_create(0, &a, &b), 0);
	check_shutdown_unblocks(&a);
	/* The peer sees end of stream. */
	cr_assert_eq(gunyah_rm_transport_recv(&b, buf, sizeof(buf), 0), -EPIPE);
	gunyah_rm_transport_close(&a);
	gunyah_rm_transport_close(&b);
}

static void socket_pair(struct gunyah_rm_transport *a,
			struct gunyah_rm_transport *b, int *raw_b)
{
	int fds[2];

	cr_assert_eq(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, fds), 0);
	cr_assert_eq(gunyah_rm_unix_from_fd(fds[0], a), 0);
	cr_assert_eq(gunyah_rm_unix_from_fd(fds[1], b), 0);
	if (raw_b)
		*raw_b = fds[1];
}

Test(unix_socket, basic)
{
	struct gunyah_rm_transport a, b;

	socket_pair(&a, &b, NULL);
	check_pair(&a, &b);
	check_sendmv(&a, &b);
	/* No recvmv op: the wrapper takes one message a call. */
	cr_assert_null(b.ops->recvmv);
	check_recvmv(&a, &b, 1);
	gunyah_rm_transport_close(&a);
	gunyah_rm_transport_close(&b);
}

Test(unix_socket, from_fd_rejects_non_seqpacket)
{
	struct gunyah_rm_transport t;
	int fds[2];

	cr_assert_eq(gunyah_rm_unix_from_fd(-1, &t), -EINVAL);
	cr_assert_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
	cr_assert_eq(gunyah_rm_unix_from_fd(fds[0], &t), -EPROTOTYPE);
	close(fds[0]);
	close(fds[1]);
}

Test(unix_socket, empty_packet_and_peer_close)
{
	struct gunyah_rm_transport a, b;
	uint8_t buf[GUNYAH_RM_MSGQ_MSG_SIZE];

	socket_pair(&a, &b, NULL);
	cr_assert_eq(gunyah_rm_transport_send(&a, NULL, 0, 0), 0);
	cr_assert_eq(gunyah_rm_transport_recv(&b, buf, sizeof(buf), 1000), 0);
	cr_assert_eq(gunyah_rm_transport_send(&a, "q", 1, 0), 0);
	gunyah_rm_transport_close(&a);
	cr_assert_eq(gunyah_rm_transport_recv(&b, buf, sizeof(buf), 1000), 1);
	cr_assert_eq(gunyah_rm_transport_recv(&b, buf, sizeof(buf), 1000),
		     -EPIPE);
	cr_assert_eq(gunyah_rm_transport_send(&b, "q", 1, 0), -EPIPE);
	gunyah_rm_transport_close(&b);
}

Test(unix_socket, oversized_packet_from_peer)
{
	struct gunyah_rm_transport a, b;
	uint8_t raw[300] = { 0 };
	uint8_t buf[GUNYAH_RM_MSGQ_MSG_SIZE], bufs[2][GUNYAH_RM_MSGQ_MSG_SIZE];
	size_t lens[2];
	int fds[2];

	/* Write straight to the socket to get past the sender's check. */
	cr_assert_eq(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, fds), 0);
	cr_assert_eq(gunyah_rm_unix_from_fd(fds[1], &b), 0);
	cr_assert_eq(send(fds[0], raw, sizeof(raw), 0), (ssize_t)sizeof(raw));
	cr_assert_eq(send(fds[0], raw, 10, 0), 10);
	cr_assert_eq(gunyah_rm_transport_recv(&b, buf, sizeof(buf), 1000),
		     -EMSGSIZE);
	cr_assert_eq(gunyah_rm_transport_recv(&b, buf, sizeof(buf), 1000), 10);
	/* Through recvmv: reported in order as one byte too long. */
	cr_assert_eq(send(fds[0], raw, sizeof(raw), 0), (ssize_t)sizeof(raw));
	cr_assert_eq(gunyah_rm_transport_recvmv(&b, bufs, lens, 2, 1000), 1);
	cr_assert_eq(lens[0], GUNYAH_RM_MSGQ_MSG_SIZE + 1);
	cr_assert_eq(gunyah_rm_unix_from_fd(fds[0], &a), 0);
	gunyah_rm_transport_close(&a);
	gunyah_rm_transport_close(&b);
}

Test(unix_socket, shutdown_unblocks)
{
	struct gunyah_rm_transport a, b;

	socket_pair(&a, &b, NULL);
	check_shutdown_unblocks(&a);
	gunyah_rm_transport_close(&a);
	gunyah_rm_transport_close(&b);
}

static void sock_path(char *buf, size_t len, const char *tag)
{
	snprintf(buf, len, "/tmp/rmgen-rt-%s-%ld.sock", tag, (long)getpid());
	unlink(buf);
}

Test(unix_socket, listen_connect_accept)
{
	struct gunyah_rm_unix_listener *l, *l2;
	struct gunyah_rm_transport srv, cli;
	uint8_t buf[GUNYAH_RM_MSGQ_MSG_SIZE];
	char path[108];

	sock_path(path, sizeof(path), "lca");
	cr_assert_eq(gunyah_rm_unix_connect(path, &cli), -ENOENT);
	cr_assert_eq(gunyah_rm_unix_listen(path, &l), 0);
	cr_assert_eq(gunyah_rm_unix_accept(l, 0, &srv), -ETIMEDOUT);

	cr_assert_eq(gunyah_rm_unix_connect(path, &cli), 0);
	cr_assert_eq(gunyah_rm_unix_accept(l, 1000, &srv), 0);
	check_pair(&cli, &srv);
	cr_assert_eq(gunyah_rm_transport_send(&srv, "hi", 2, 0), 0);
	cr_assert_eq(gunyah_rm_transport_recv(&cli, buf, sizeof(buf), 1000), 2);
	gunyah_rm_transport_close(&cli);
	gunyah_rm_transport_close(&srv);

	/*
	 * A live listener is not replaced. The liveness probe shows up as a
	 * connection that closes at once.
	 */
	cr_assert_eq(gunyah_rm_unix_listen(path, &l2), -EADDRINUSE);
	cr_assert_eq(gunyah_rm_unix_accept(l, 1000, &srv), 0);
	cr_assert_eq(gunyah_rm_transport_recv(&srv, buf, sizeof(buf), 1000),
		     -EPIPE);
	gunyah_rm_transport_close(&srv);
	gunyah_rm_unix_listener_close(l);
	cr_assert_neq(access(path, F_OK), 0);
}

Test(unix_socket, stale_socket_replaced)
{
	struct gunyah_rm_unix_listener *l;
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	char path[108];
	int fd;

	sock_path(path, sizeof(path), "stale");
	memcpy(addr.sun_path, path, strlen(path) + 1);
	fd = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	cr_assert_geq(fd, 0);
	cr_assert_eq(bind(fd, (struct sockaddr *)&addr, sizeof(addr)), 0);
	close(fd); /* leaves the socket file behind, nobody listening */
	cr_assert_eq(access(path, F_OK), 0);
	cr_assert_eq(gunyah_rm_unix_listen(path, &l), 0);
	gunyah_rm_unix_listener_close(l);
}

Test(unix_socket, bad_paths)
{
	struct gunyah_rm_unix_listener *l;
	struct gunyah_rm_transport t;
	char longpath[200];

	memset(longpath, 'a', sizeof(longpath) - 1);
	longpath[sizeof(longpath) - 1] = '\0';
	cr_assert_eq(gunyah_rm_unix_connect(longpath, &t), -ENAMETOOLONG);
	cr_assert_eq(gunyah_rm_unix_listen(longpath, &l), -ENAMETOOLONG);
	cr_assert_eq(gunyah_rm_unix_connect("", &t), -EINVAL);
	cr_assert_eq(gunyah_rm_unix_connect(NULL, &t), -EINVAL);
	gunyah_rm_unix_listener_close(NULL);
}

/* ---- lending receive (in-memory pair) ---------------------------------- */

/*
 * Check that view @v is the message @want of @len bytes, split as the
 * in-memory pair splits: its first 8 bytes (fewer if shorter) in the hdr
 * part, the rest in the data part.
 */
static void check_view(const struct gunyah_rm_msgv *v, const uint8_t *want,
		       size_t len, unsigned int flags)
{
	size_t h = len < GUNYAH_RM_RPC_HDR_SIZE ? len : GUNYAH_RM_RPC_HDR_SIZE;

	cr_assert_eq(v->hdr_len, h, "hdr part %u bytes, want %zu", v->hdr_len,
		     h);
	cr_assert_eq(v->len, len - h, "data part %u bytes, want %zu", v->len,
		     len - h);
	cr_assert_eq(v->flags, flags);
	if (h)
		cr_assert_arr_eq(v->hdr, want, h);
	if (len > h)
		cr_assert_arr_eq(v->data, want + h, len - h);
}

/* Lent views hold the bytes sent, however the sender split them. */
Test(mem_pair, lend_views_equal_sent)
{
	static uint8_t payload[4 * GUNYAH_RM_MSGQ_MSG_SIZE];
	uint8_t whole[5][GUNYAH_RM_MSGQ_MSG_SIZE];
	uint8_t hdrs[4][GUNYAH_RM_RPC_HDR_SIZE];
	static const size_t dl[4] = { 232, 232, 100, 0 };
	struct gunyah_rm_transport a, b;
	const struct gunyah_rm_msgv *v;
	struct gunyah_rm_msgv m[4];
	size_t i, off = 0;

	for (i = 0; i < sizeof(payload); i++)
		payload[i] = (uint8_t)(i * 7 + 3);
	cr_assert_eq(gunyah_rm_mem_pair_create(16, &a, &b), 0);

	/* As rpc_send hands them over: 8-byte headers, payload slices. */
	for (i = 0; i < 4; i++) {
		memset(hdrs[i], 0x40 + (int)i, sizeof(hdrs[i]));
		m[i] = (struct gunyah_rm_msgv){ .hdr = hdrs[i],
						.hdr_len = 8,
						.data = payload + off,
						.len = (unsigned int)dl[i],
						.flags = i == 3 ? 1u : 0u };
		off += dl[i];
	}
	cr_assert_eq(a.ops->sendmv(a.ctx, m, 4), 0);
	cr_assert_eq(gunyah_rm_transport_recv_lend(&b, &v, 16, 0), 4);
	for (i = 0, off = 0; i < 4; i++) {
		memcpy(whole[i], hdrs[i], 8);
		memcpy(whole[i] + 8, payload + off, dl[i]);
		check_view(&v[i], whole[i], 8 + dl[i], i == 3 ? 1u : 0u);
		off += dl[i];
	}
	/* Copied with one memcpy(): the data parts follow each other. */
	cr_assert_eq((const uint8_t *)v[1].data,
		     (const uint8_t *)v[0].data + 232);
	cr_assert_eq((const uint8_t *)v[2].data,
		     (const uint8_t *)v[1].data + 232);
	gunyah_rm_transport_recv_release(&b);

	/* Whole messages (send), and other splits (sendmv). */
	for (i = 0; i < 5; i++)
		memset(whole[i], 0x60 + (int)i, sizeof(whole[i]));
	whole[0][0] = 0x21;
	cr_assert_eq(gunyah_rm_transport_send(&a, whole[0], 240, 0), 0);
	cr_assert_eq(gunyah_rm_transport_send(&a, whole[1], 5, 0), 0);
	cr_assert_eq(gunyah_rm_transport_send(&a, NULL, 0, 1), 0);
	m[0] = (struct gunyah_rm_msgv){
		.hdr = whole[3], .hdr_len = 3, .data = whole[3] + 3, .len = 50
	};
	m[1] = (struct gunyah_rm_msgv){
		.hdr = whole[4], .hdr_len = 20, .data = whole[4] + 20, .len = 2
	};
	cr_assert_eq(a.ops->sendmv(a.ctx, m, 2), 0);
	cr_assert_eq(gunyah_rm_transport_recv_lend(&b, &v, 16, 0), 5);
	check_view(&v[0], whole[0], 240, 0);
	check_view(&v[1], whole[1], 5, 0);
	check_view(&v[2], NULL, 0, 1);
	check_view(&v[3], whole[3], 53, 0);
	check_view(&v[4], whole[4], 22, 0);
	gunyah_rm_transport_recv_release(&b);

	/* At most @n a call; -EINVAL for none. */
	for (i = 0; i < 3; i++)
		cr_assert_eq(gunyah_rm_transport_send(&a, whole[i], 9, 0), 0);
	cr_assert_eq(gunyah_rm_transport_recv_lend(&b, &v, 0, 0), -EINVAL);
	cr_assert_eq(b.ops->recv_lend(b.ctx, NULL, 1, 0), -EINVAL);
	cr_assert_eq(gunyah_rm_transport_recv_lend(&b, &v, 2, 0), 2);
	check_view(&v[1], whole[1], 9, 0);
	gunyah_rm_transport_recv_release(&b);
	cr_assert_eq(gunyah_rm_transport_recv_lend(&b, &v, 1, 0), 1);
	check_view(&v[0], whole[2], 9, 0);
	gunyah_rm_transport_recv_release(&b);
	gunyah_rm_transport_close(&a);
	gunyah_rm_transport_close(&b);
}

struct lend_sender {
	struct gunyah_rm_transport *t;
	uint8_t byte;
	int ret;
	bool done;
	pthread_mutex_t lock;
};

static void *lend_send_thread(void *arg)
{
	struct lend_sender *s = arg;
	int ret = gunyah_rm_transport_send(s->t, &s->byte, 1, 0);

	pthread_mutex_lock(&s->lock);
	s->ret = ret;
	s->done = true;
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

static bool lend_sender_done(struct lend_sender *s)
{
	bool done;

	pthread_mutex_lock(&s->lock);
	done = s->done;
	pthread_mutex_unlock(&s->lock);
	return done;
}

/*
 * Lent messages keep their queue places: a sender waits while the queue,
 * lent ones included, is full, and goes on once they are released; the lent
 * bytes do not change meanwhile.
 */
Test(mem_pair, lend_keeps_places)
{
	struct lend_sender s = { .byte = 'z',
				 .ret = 1,
				 .lock = PTHREAD_MUTEX_INITIALIZER };
	struct gunyah_rm_transport a, b;
	const struct gunyah_rm_msgv *v, *w;
	uint8_t msg[4][12];
	unsigned int i;
	pthread_t th;

	cr_assert_eq(gunyah_rm_mem_pair_create(4, &a, &b), 0);
	s.t = &a;
	for (i = 0; i < 4; i++) {
		memset(msg[i], 'a' + (int)i, sizeof(msg[i]));
		cr_assert_eq(gunyah_rm_transport_send(&a, msg[i], 12, 0), 0);
	}
	/* Two lent, two queued: full. */
	cr_assert_eq(gunyah_rm_transport_recv_lend(&b, &v, 2, 0), 2);
	cr_assert_eq(pthread_create(&th, NULL, lend_send_thread, &s), 0);
	sleep_ms(50);
	cr_assert_not(lend_sender_done(&s), "sent into a full queue");
	/* All four lent (a second lend before release): still full. */
	cr_assert_eq(gunyah_rm_transport_recv_lend(&b, &w, 4, 0), 2);
	cr_assert_eq(w, v + 2, "lends of one ring segment are consecutive");
	sleep_ms(50);
	cr_assert_not(lend_sender_done(&s), "sent into a queue of lent ones");
	for (i = 0; i < 4; i++)
		check_view(&v[i], msg[i], 12, 0);
	/* Nothing queued: a poll times out. */
	cr_assert_eq(gunyah_rm_transport_recv_lend(&b, &w, 4, 0), -ETIMEDOUT);
	gunyah_rm_transport_recv_release(&b);
	pthread_join(th, NULL);
	cr_assert_eq(s.ret, 0);
	cr_assert_eq(gunyah_rm_transport_recv_lend(&b, &v, 4, 1000), 1);
	check_view(&v[0], (const uint8_t *)"z", 1, 0);
	gunyah_rm_transport_recv_release(&b);
	/* Release with nothing lent does nothing. */
	gunyah_rm_transport_recv_release(&b);
	cr_assert_eq(gunyah_rm_transport_recv_lend(&b, &v, 4, 0), -ETIMEDOUT);
	gunyah_rm_transport_close(&a);
	gunyah_rm_transport_close(&b);
}

/* A batch waits for lent places too, and fills them once released. */
Test(mem_pair, lend_blocks_sendmv_batch)
{
	struct gunyah_rm_transport a, b;
	struct gunyah_rm_msgv m[5];
	struct batch_sender bs = { .t = &a, .v = m, .n = 5, .ret = 1 };
	const struct gunyah_rm_msgv *v;
	uint8_t hdr[8] = "hdrbytes", data[5 * 232];
	unsigned int i, got = 0;
	pthread_t th;
	int n;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i ^ (i >> 8));
	for (i = 0; i < 5; i++)
		m[i] = (struct gunyah_rm_msgv){ .hdr = hdr,
						.hdr_len = 8,
						.data = data + i * 232,
						.len = 232 };
	cr_assert_eq(gunyah_rm_mem_pair_create(2, &a, &b), 0);
	cr_assert_eq(pthread_create(&th, NULL, batch_send_thread, &bs), 0);
	while (got < 5) {
		n = gunyah_rm_transport_recv_lend(&b, &v, 8, 5000);
		cr_assert(n >= 1 && n <= 2, "lent %d", n);
		/* The waiting sender does not touch the lent bytes. */
		sleep_ms(5);
		for (i = 0; i < (unsigned int)n; i++, got++) {
			cr_assert_arr_eq(v[i].hdr, hdr, 8);
			cr_assert_eq(v[i].len, 232);
			cr_assert_arr_eq(v[i].data, data + got * 232, 232);
		}
		gunyah_rm_transport_recv_release(&b);
	}
	pthread_join(th, NULL);
	cr_assert_eq(bs.ret, 0);
	gunyah_rm_transport_close(&a);
	gunyah_rm_transport_close(&b);
}

struct blocked_lend {
	struct gunyah_rm_transport *t;
	int ret;
};

static void *lend_thread(void *arg)
{
	struct blocked_lend *bl = arg;
	const struct gunyah_rm_msgv *v;

	bl->ret = gunyah_rm_transport_recv_lend(bl->t, &v, 4,
						GUNYAH_RM_WAIT_FOREVER);
	return NULL;
}

Test(mem_pair, lend_timeout)
{
	struct gunyah_rm_transport a, b;
	const struct gunyah_rm_msgv *v = NULL;
	long t0;

	cr_assert_eq(gunyah_rm_mem_pair_create(0, &a, &b), 0);
	t0 = now_ms();
	cr_assert_eq(gunyah_rm_transport_recv_lend(&b, &v, 4, 0), -ETIMEDOUT);
	cr_assert_lt(now_ms() - t0, 500, "a poll waited");
	cr_assert_eq(gunyah_rm_transport_recv_lend(&b, &v, 4, 30), -ETIMEDOUT);
	cr_assert_geq(now_ms() - t0, 29);
	cr_assert_null(v, "views set on failure");
	gunyah_rm_transport_close(&a);
	gunyah_rm_transport_close(&b);
}

/*
 * Shutdown and close while messages are lent: the views stay valid until
 * release (or close of the endpoint that holds them); a blocked lend is
 * woken with -EPIPE; after the peer is gone, what is queued is still lent,
 * then -EPIPE.
 */
Test(mem_pair, lend_shutdown_and_close)
{
	struct gunyah_rm_transport a, b;
	struct blocked_lend bl = { .t = &b, .ret = 1 };
	const struct gunyah_rm_msgv *v, *w;
	uint8_t msg[3][30];
	unsigned int i;
	pthread_t th;

	cr_assert_eq(gunyah_rm_mem_pair_create(4, &a, &b), 0);
	/* A lend blocked forever is woken by shutdown. */
	cr_assert_eq(pthread_create(&th, NULL, lend_thread, &bl), 0);
	sleep_ms(50);
	gunyah_rm_transport_shutdown(&b);
	pthread_join(th, NULL);
	cr_assert_eq(bl.ret, -EPIPE);
	gunyah_rm_transport_close(&a);
	gunyah_rm_transport_close(&b);

	cr_assert_eq(gunyah_rm_mem_pair_create(4, &a, &b), 0);
	for (i = 0; i < 3; i++) {
		memset(msg[i], 'k' + (int)i, sizeof(msg[i]));
		cr_assert_eq(gunyah_rm_transport_send(&a, msg[i], 30, 0), 0);
	}
	cr_assert_eq(gunyah_rm_transport_recv_lend(&b, &v, 1, 0), 1);
	/* The peer goes: what is queued is still lent, then -EPIPE. */
	gunyah_rm_transport_close(&a);
	check_view(&v[0], msg[0], 30, 0);
	cr_assert_eq(gunyah_rm_transport_recv_lend(&b, &w, 4, -1), 2);
	check_view(&w[0], msg[1], 30, 0);
	check_view(&w[1], msg[2], 30, 0);
	cr_assert_eq(gunyah_rm_transport_recv_lend(&b, &w, 4, -1), -EPIPE);
	check_view(&v[0], msg[0], 30, 0);
	gunyah_rm_transport_recv_release(&b);
	cr_assert_eq(gunyah_rm_transport_recv_lend(&b, &w, 4, 0), -EPIPE);
	gunyah_rm_transport_close(&b);

	/* Own shutdown: lent views stay valid, lend fails, release works. */
	cr_assert_eq(gunyah_rm_mem_pair_create(4, &a, &b), 0);
	cr_assert_eq(gunyah_rm_transport_send(&a, msg[0], 30, 0), 0);
	cr_assert_eq(gunyah_rm_transport_send(&a, msg[1], 30, 0), 0);
	cr_assert_eq(gunyah_rm_transport_recv_lend(&b, &v, 1, 0), 1);
	gunyah_rm_transport_shutdown(&b);
	cr_assert_eq(gunyah_rm_transport_recv_lend(&b, &w, 4, 0), -EPIPE);
	cr_assert_eq(gunyah_rm_transport_send(&a, msg[2], 30, 0), -EPIPE);
	check_view(&v[0], msg[0], 30, 0);
	gunyah_rm_transport_recv_release(&b);
	gunyah_rm_transport_close(&a);
	gunyah_rm_transport_close(&b);
	/* Closed with messages lent: everything is freed (valgrind, ASan). */
	cr_assert_eq(gunyah_rm_mem_pair_create(4, &a, &b), 0);
	cr_assert_eq(gunyah_rm_transport_send(&a, msg[0], 30, 0), 0);
	cr_assert_eq(gunyah_rm_transport_recv_lend(&b, &v, 1, 0), 1);
	gunyah_rm_transport_close(&b);
	cr_assert_eq(gunyah_rm_transport_send(&a, msg[0], 30, 0), -EPIPE);
	gunyah_rm_transport_close(&a);
}

/* Transports without lend: the wrappers say so and do nothing. */
Test(unix_socket, no_lend)
{
	struct gunyah_rm_transport a, b;
	const struct gunyah_rm_msgv *v = NULL;
	uint8_t buf[4];

	socket_pair(&a, &b, NULL);
	cr_assert_not(gunyah_rm_transport_can_lend(&b));
	cr_assert_eq(gunyah_rm_transport_send(&a, "m", 1, 0), 0);
	cr_assert_eq(gunyah_rm_transport_recv_lend(&b, &v, 4, 1000),
		     -EOPNOTSUPP);
	cr_assert_null(v);
	gunyah_rm_transport_recv_release(&b);
	cr_assert_eq(gunyah_rm_transport_recv(&b, buf, sizeof(buf), 1000), 1);
	cr_assert_eq(buf[0], 'm');
	gunyah_rm_transport_close(&a);
	gunyah_rm_transport_close(&b);
}

/*
 * The arena wraps around: with a message always queued it never starts
 * over, so a data part below the one before it has wrapped; every message
 * is still whole and byte-equal.
 */
Test(mem_pair, arena_wraps_around)
{
	struct gunyah_rm_transport a, b;
	const struct gunyah_rm_msgv *v;
	uint8_t msg[2][GUNYAH_RM_MSGQ_MSG_SIZE];
	const uint8_t *prev = NULL;
	size_t len[2] = { 240, 0 }, k;
	unsigned int i, wraps = 0;

	cr_assert_eq(gunyah_rm_mem_pair_create(2, &a, &b), 0);
	memset(msg[0], 0x77, sizeof(msg[0]));
	cr_assert_eq(gunyah_rm_transport_send(&a, msg[0], len[0], 0), 0);
	for (i = 1; i < 200; i++) {
		uint8_t *m = msg[i % 2];
		size_t *l = &len[i % 2];

		/* 9..240 bytes, sizes that do not divide the arena. */
		*l = 9 + (i * 73) % 232;
		for (k = 0; k < *l; k++)
			m[k] = (uint8_t)(i + k);
		cr_assert_eq(gunyah_rm_transport_send(&a, m, *l, 0), 0);
		/* Take the older one; the new one stays queued. */
		cr_assert_eq(gunyah_rm_transport_recv_lend(&b, &v, 1, 0), 1);
		check_view(&v[0], msg[(i - 1) % 2], len[(i - 1) % 2], 0);
		if (prev && (const uint8_t *)v[0].data < prev)
			wraps++;
		prev = v[0].data;
		gunyah_rm_transport_recv_release(&b);
	}
	cr_assert_gt(wraps, 20, "%u wraps", wraps);
	gunyah_rm_transport_close(&a);
	gunyah_rm_transport_close(&b);
}

/*
 * The arena under random traffic (seeded): batches of random sizes and
 * splits (as rpc_send slices payloads, whole messages, other splits), taken
 * by lend (random counts, releases at random points, more lends before a
 * release), recv and recvmv (also while messages are lent), all byte-equal
 * to what was sent, in order and with their flags. Whenever everything is
 * released, the arena starts over at the same place.
 */
#define ARENA_PENDING 256

struct arena_model {
	uint8_t bytes[ARENA_PENDING][GUNYAH_RM_MSGQ_MSG_SIZE];
	size_t len[ARENA_PENDING];
	unsigned int flags[ARENA_PENDING];
	unsigned int head, n; /* FIFO of sent, not yet received */
};

static void arena_expect(struct arena_model *am, const uint8_t *got, size_t len,
			 unsigned int seq)
{
	unsigned int i = am->head;

	cr_assert_gt(am->n, 0, "message %u: nothing was sent", seq);
	cr_assert_eq(len, am->len[i], "message %u: %zu bytes, want %zu", seq,
		     len, am->len[i]);
	if (len)
		cr_assert_arr_eq(got, am->bytes[i], len, "message %u", seq);
	am->head = (am->head + 1) % ARENA_PENDING;
	am->n--;
}

/* Send a random batch of @k messages. */
static void arena_send(struct gunyah_rm_transport *t, struct arena_model *am,
		       unsigned int k, unsigned int *seed)
{
	static uint8_t src[64 * GUNYAH_RM_MSGQ_MSG_SIZE];
	static uint8_t hb[64][GUNYAH_RM_MSGQ_MSG_SIZE];
	struct gunyah_rm_msgv m[64];
	unsigned int i, kind = (unsigned int)rand_r(seed) % 3;
	unsigned int flags = (unsigned int)rand_r(seed) % 2;
	uint32_t x = (uint32_t)rand_r(seed) | 1;
	size_t off = 0, c;

	for (c = 0; c < (size_t)k * GUNYAH_RM_MSGQ_MSG_SIZE; c++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		src[c] = (uint8_t)x;
	}
	for (i = 0; i < k; i++) {
		unsigned int slot = (am->head + am->n) % ARENA_PENDING;
		size_t len = (size_t)rand_r(seed) % 241, h;

		if (kind == 0) {
			/* rpc_send's: 8-byte headers, slices back to back. */
			if (len < 8 || rand_r(seed) % 2)
				len = 240;
			h = 8;
		} else if (kind == 1) {
			/* send's: the whole message as the header part. */
			h = len;
		} else {
			h = (size_t)rand_r(seed) % (len + 1);
		}
		memcpy(hb[i], src + off, h);
		m[i] = (struct gunyah_rm_msgv){
			.hdr = hb[i],
			.hdr_len = (unsigned int)h,
			.data = len > h ? src + off + h : NULL,
			.len = (unsigned int)(len - h),
			.flags = flags,
		};
		memcpy(am->bytes[slot], src + off, len);
		am->len[slot] = len;
		am->flags[slot] = flags;
		am->n++;
		/* The next header overlaps this data's end in plain batches. */
		off += kind == 0 ? len - h : len;
	}
	cr_assert_eq(t->ops->sendmv(t->ctx, m, k), 0);
}

Test(mem_pair, arena_random)
{
	static const unsigned int depths[] = { 1, 2, 3, 5, 8, 63 };
	static struct arena_model am;
	uint8_t bufs[8][GUNYAH_RM_MSGQ_MSG_SIZE];
	uint8_t joined[GUNYAH_RM_MSGQ_MSG_SIZE], one[GUNYAH_RM_MSGQ_MSG_SIZE];
	unsigned int seed = 20240611, d, round, seq = 0;
	unsigned long starts = 0, lent_total = 0, taken = 0;

	memset(one, 0x5a, sizeof(one));
	for (d = 0; d < sizeof(depths) / sizeof(depths[0]); d++) {
		unsigned int depth = depths[d], live = 0, lent = 0;
		const void *arena_start = NULL;
		struct gunyah_rm_transport a, b;
		int n;

		cr_assert_eq(gunyah_rm_mem_pair_create(depth, &a, &b), 0);
		memset(&am, 0, sizeof(am));
		for (round = 0; round < 3000; round++) {
			unsigned int op = (unsigned int)rand_r(&seed) % 8;
			const struct gunyah_rm_msgv *v;
			size_t lens[8];
			int i;

			if (op < 3 && live < depth) {
				/* A batch into the free places. */
				unsigned int k =
					1 + (unsigned int)rand_r(&seed) %
						    (depth - live);

				arena_send(&a, &am, k, &seed);
				live += k;
			} else if (op < 5 && live > lent) {
				unsigned int want =
					1 + (unsigned int)rand_r(&seed) %
						    (live - lent);

				n = gunyah_rm_transport_recv_lend(&b, &v, want,
								  0);
				cr_assert(n >= 1 && (unsigned int)n <= want,
					  "lent %d of %u", n, want);
				for (i = 0; i < n; i++, seq++) {
					size_t len =
						(size_t)v[i].hdr_len + v[i].len;

					cr_assert_eq(v[i].flags,
						     am.flags[am.head]);
					cr_assert_eq(v[i].hdr_len,
						     len < 8 ? len : 8);
					memcpy(joined, v[i].hdr, v[i].hdr_len);
					if (v[i].len)
						memcpy(joined + v[i].hdr_len,
						       v[i].data, v[i].len);
					arena_expect(&am, joined, len, seq);
				}
				lent += (unsigned int)n;
				lent_total += (unsigned int)n;
			} else if (op == 5 && live > lent) {
				/* recv or recvmv, perhaps while lent. */
				if (rand_r(&seed) % 2) {
					n = gunyah_rm_transport_recv(
						&b, bufs[0], sizeof(bufs[0]),
						0);
					cr_assert_geq(n, 0);
					arena_expect(&am, bufs[0], (size_t)n,
						     seq++);
					n = 1;
				} else {
					n = gunyah_rm_transport_recvmv(
						&b, bufs, lens, 8, 0);
					cr_assert_geq(n, 1);
					for (i = 0; i < n; i++)
						arena_expect(&am, bufs[i],
							     lens[i], seq++);
				}
				taken += (unsigned int)n;
				/* Held until release while others are lent. */
				if (lent)
					lent += (unsigned int)n;
				else
					live -= (unsigned int)n;
			} else if (op > 5 && lent) {
				gunyah_rm_transport_recv_release(&b);
				live -= lent;
				lent = 0;
				if (live)
					continue;
				/* All released: the arena starts over. */
				cr_assert_eq(gunyah_rm_transport_send(&a, one,
								      240, 0),
					     0);
				cr_assert_eq(gunyah_rm_transport_recv_lend(
						     &b, &v, 1, 0),
					     1);
				check_view(&v[0], one, 240, 0);
				if (!arena_start)
					arena_start = v[0].data;
				cr_assert_eq(v[0].data, arena_start);
				gunyah_rm_transport_recv_release(&b);
				starts++;
			}
		}
		/* The queue holds exactly what the model still expects. */
		if (lent)
			gunyah_rm_transport_recv_release(&b);
		cr_assert_eq(live - lent, am.n);
		while (am.n) {
			n = gunyah_rm_transport_recv(&b, bufs[0],
						     sizeof(bufs[0]), 0);
			cr_assert_geq(n, 0);
			arena_expect(&am, bufs[0], (size_t)n, seq++);
		}
		cr_assert_eq(gunyah_rm_transport_recv(&b, bufs[0],
						      sizeof(bufs[0]), 0),
			     -ETIMEDOUT);
		gunyah_rm_transport_close(&a);
		gunyah_rm_transport_close(&b);
	}
	cr_assert_gt(lent_total, 5000);
	cr_assert_gt(taken, 1000);
	cr_assert_gt(starts, 100);
}

/* ---- runs of messages cut from one buffer (sendseg) --------------------- */

#define RUN_MAX 700

/*
 * struct run_msgs - A sequence of messages: what a run must give (built
 * from the rules of struct gunyah_rm_segv, not with gunyah_rm_segv_msg()),
 * or what a reader took. @flags[i] is RUN_NO_FLAGS when the receive path
 * does not show them (recv, recvmv).
 */
#define RUN_NO_FLAGS 0xdeadu

struct run_msgs {
	size_t n;
	size_t len[RUN_MAX + 1];
	unsigned int flags[RUN_MAX + 1];
	uint8_t bytes[RUN_MAX + 1][GUNYAH_RM_MSGQ_MSG_SIZE];
};

/* struct run_case - A run and the buffers it points into. */
struct run_case {
	struct gunyah_rm_segv s;
	uint8_t hdr[GUNYAH_RM_MSGQ_MSG_SIZE];
	uint8_t cont[GUNYAH_RM_MSGQ_MSG_SIZE];
	uint8_t data[GUNYAH_RM_RPC_MAX_PAYLOAD];
};

/* Expand a valid run: message i is hdr or cont, then data[i*seg...]. */
static void run_expect(const struct gunyah_rm_segv *s, struct run_msgs *m)
{
	size_t off = 0, i, chunk;

	m->n = 0;
	do {
		chunk = s->len - off < s->seg ? s->len - off : s->seg;
		i = m->n++;
		cr_assert_leq(i, RUN_MAX);
		m->len[i] = s->hdr_len + chunk;
		if (s->hdr_len)
			memcpy(m->bytes[i], i ? s->cont : s->hdr, s->hdr_len);
		if (chunk)
			memcpy(m->bytes[i] + s->hdr_len,
			       (const uint8_t *)s->data + off, chunk);
		off += chunk;
		m->flags[i] = off == s->len ? s->last_flags : s->flags;
	} while (off < s->len);
}

/* The vector sendmv is given for the same messages, from @e's bytes. */
static void run_vector(const struct run_msgs *e, struct gunyah_rm_msgv *v,
		       unsigned int hdr_len)
{
	size_t i;

	for (i = 0; i < e->n; i++)
		v[i] = (struct gunyah_rm_msgv){
			.hdr = e->bytes[i],
			.hdr_len = hdr_len,
			.data = e->len[i] > hdr_len ? e->bytes[i] + hdr_len :
						      NULL,
			.len = (unsigned int)(e->len[i] - hdr_len),
			.flags = e->flags[i],
		};
}

static void run_compare(const struct run_msgs *got, const struct run_msgs *e,
			const char *what)
{
	size_t i;

	cr_assert_eq(got->n, e->n, "%s: %zu messages, want %zu", what, got->n,
		     e->n);
	for (i = 0; i < e->n; i++) {
		cr_assert_eq(got->len[i], e->len[i],
			     "%s: message %zu: %zu bytes, want %zu", what, i,
			     got->len[i], e->len[i]);
		if (e->len[i])
			cr_assert_arr_eq(got->bytes[i], e->bytes[i], e->len[i],
					 "%s: message %zu bytes", what, i);
		if (got->flags[i] != RUN_NO_FLAGS)
			cr_assert_eq(got->flags[i], e->flags[i],
				     "%s: message %zu flags %#x, want %#x",
				     what, i, got->flags[i], e->flags[i]);
	}
}

/* A random valid run of at most RUN_MAX messages. */
static void run_random(struct run_case *c, unsigned int *seed)
{
	unsigned int r = (unsigned int)rand_r(seed), hl, seg, max;
	size_t len, i;

	hl = r % 2 ? 8 : (unsigned int)rand_r(seed) % 25;
	max = GUNYAH_RM_MSGQ_MSG_SIZE - hl;
	seg = hl == 8 && (r >> 1) % 2 ? 232 :
					1 + (unsigned int)rand_r(seed) % max;
	switch ((r >> 2) % 6) {
	case 0:
		len = 0;
		break;
	case 1:
		len = seg * (1 + (size_t)rand_r(seed) % 8);
		break;
	case 2:
		len = seg + (size_t)rand_r(seed) % 2;
		break;
	default:
		len = (size_t)rand_r(seed) % (GUNYAH_RM_RPC_MAX_PAYLOAD + 1);
		break;
	}
	if (len > (size_t)RUN_MAX * seg)
		len = (size_t)rand_r(seed) % ((size_t)RUN_MAX * seg + 1);
	for (i = 0; i < sizeof(c->hdr); i++) {
		c->hdr[i] = (uint8_t)rand_r(seed);
		c->cont[i] = (uint8_t)rand_r(seed);
	}
	for (i = 0; i < len; i++)
		c->data[i] = (uint8_t)rand_r(seed);
	c->s = (struct gunyah_rm_segv){
		.hdr = c->hdr,
		.cont = c->cont,
		.data = len || rand_r(seed) % 2 ? c->data : NULL,
		.len = len,
		.hdr_len = hl,
		.seg = len || rand_r(seed) % 2 ? seg : 0,
		.flags = (unsigned int)rand_r(seed) % 4,
		.last_flags = (unsigned int)rand_r(seed) % 4,
	};
	/* A run of one message needs no continuation header. */
	if (len <= seg && rand_r(seed) % 2)
		c->s.cont = NULL;
}

enum run_how { RUN_RECV, RUN_RECVMV, RUN_LEND, RUN_HOWS };

/*
 * struct run_reader - Takes @want messages from @t (recv, recvmv or lend,
 * random batch sizes) into @got; @bad is set if a lent view is not split
 * as the in-memory pair splits (its first 8 bytes in the hdr part).
 */
struct run_reader {
	struct gunyah_rm_transport *t;
	enum run_how how;
	size_t want;
	unsigned int seed;
	int err;
	bool bad;
	struct run_msgs got;
};

static void run_take(struct run_reader *rr, const void *hdr, size_t hl,
		     const void *data, size_t dl, unsigned int flags)
{
	size_t i = rr->got.n++;

	if (i >= rr->want || hl + dl > GUNYAH_RM_MSGQ_MSG_SIZE) {
		rr->bad = true;
		return;
	}
	if (hl)
		memcpy(rr->got.bytes[i], hdr, hl);
	if (dl)
		memcpy(rr->got.bytes[i] + hl, data, dl);
	rr->got.len[i] = hl + dl;
	rr->got.flags[i] = flags;
}

static void *run_reader_thread(void *arg)
{
	struct run_reader *rr = arg;
	uint8_t bufs[8][GUNYAH_RM_MSGQ_MSG_SIZE];
	const struct gunyah_rm_msgv *v;
	size_t lens[8];
	int n, i;

	rr->got.n = 0;
	while (rr->got.n < rr->want && !rr->bad) {
		size_t k = 1 + (size_t)rand_r(&rr->seed) % 8;

		switch (rr->how) {
		case RUN_RECV:
			n = gunyah_rm_transport_recv(rr->t, bufs[0],
						     sizeof(bufs[0]), 5000);
			if (n >= 0)
				run_take(rr, bufs[0], (size_t)n, NULL, 0,
					 RUN_NO_FLAGS);
			break;
		case RUN_RECVMV:
			n = gunyah_rm_transport_recvmv(rr->t, bufs, lens, k,
						       5000);
			for (i = 0; i < n; i++)
				run_take(rr, bufs[i], lens[i], NULL, 0,
					 RUN_NO_FLAGS);
			break;
		default:
			n = gunyah_rm_transport_recv_lend(rr->t, &v, 2 * k,
							  5000);
			for (i = 0; i < n; i++) {
				size_t all = (size_t)v[i].hdr_len + v[i].len;

				if (v[i].hdr_len != (all < 8 ? all : 8))
					rr->bad = true;
				run_take(rr, v[i].hdr, v[i].hdr_len, v[i].data,
					 v[i].len, v[i].flags);
			}
			gunyah_rm_transport_recv_release(rr->t);
			break;
		}
		if (n < 0) {
			rr->err = n;
			break;
		}
	}
	return NULL;
}

/*
 * Send @n messages with @send_fn while a reader thread takes them the way
 * @how says; the messages taken go to @rr->got.
 */
static int run_through(struct gunyah_rm_transport *b, struct run_reader *rr,
		       size_t n, int (*send_fn)(void *arg), void *arg)
{
	pthread_t th;
	int ret;

	rr->t = b;
	rr->want = n;
	rr->err = 0;
	rr->bad = false;
	cr_assert_eq(pthread_create(&th, NULL, run_reader_thread, rr), 0);
	ret = send_fn(arg);
	pthread_join(th, NULL);
	cr_assert_eq(rr->err, 0, "reader: %d", rr->err);
	cr_assert_not(rr->bad, "reader: extra or badly split message");
	return ret;
}

struct run_send {
	struct gunyah_rm_transport *t;
	const struct gunyah_rm_segv *s;
	const struct gunyah_rm_msgv *v;
	size_t n;
};

static int run_send_seg(void *arg)
{
	struct run_send *rs = arg;

	return gunyah_rm_transport_sendseg(rs->t, rs->s);
}

static int run_send_mv(void *arg)
{
	struct run_send *rs = arg;

	return rs->t->ops->sendmv(rs->t->ctx, rs->v, rs->n);
}

/*
 * Random runs (seeded): through the in-memory pair's sendseg and through
 * sendmv of the vector of the same messages, at queue depths from 1 (the
 * queue fills at every message) to more than a run, taken by recv, recvmv
 * and lend: both give exactly the expected messages, lengths and (lent)
 * flags, split as the pair splits.
 */
Test(mem_pair, sendseg_equals_sendmv, .timeout = 120)
{
	static const unsigned int depths[] = { 1, 2, 3, 8, 63, 64, 1000 };
	static struct run_case c;
	static struct run_msgs want;
	static struct run_reader rr;
	static struct gunyah_rm_msgv v[RUN_MAX + 1];
	unsigned int seed = 20261129, round, multi = 0, lent = 0;
	size_t total = 0;

	for (round = 0; round < 140; round++) {
		unsigned int depth = depths[round % 7];
		struct gunyah_rm_transport a, b;
		struct run_send rs = { .t = &a, .s = &c.s, .v = v };
		int ret;

		run_random(&c, &seed);
		run_expect(&c.s, &want);
		run_vector(&want, v, c.s.hdr_len);
		rs.n = want.n;
		rr.how = (enum run_how)((round / 7) % RUN_HOWS);
		rr.seed = round;
		cr_assert_eq(gunyah_rm_mem_pair_create(depth, &a, &b), 0);
		cr_assert_not_null(a.ops->sendseg);

		ret = run_through(&b, &rr, want.n, run_send_seg, &rs);
		cr_assert_eq(ret, 0, "round %u: sendseg %d", round, ret);
		run_compare(&rr.got, &want, "sendseg");
		ret = run_through(&b, &rr, want.n, run_send_mv, &rs);
		cr_assert_eq(ret, 0, "round %u: sendmv %d", round, ret);
		run_compare(&rr.got, &want, "sendmv");
		cr_assert_eq(gunyah_rm_transport_recv(&b, want.bytes[0],
						      sizeof(want.bytes[0]), 0),
			     -ETIMEDOUT);

		multi += want.n > depth;
		lent += rr.how == RUN_LEND;
		total += want.n;
		gunyah_rm_transport_close(&a);
		gunyah_rm_transport_close(&b);
	}
	cr_assert_gt(multi, 30, "%u runs longer than the queue", multi);
	cr_assert_gt(lent, 30);
	cr_assert_gt(total, 5000, "%zu messages", total);
}

/*
 * An RPC-shaped run (8-byte headers, 232-byte segments) lent whole: the
 * data parts follow each other in the transport's buffer, as
 * gunyah_rm_reasm_feedmv() needs to deliver the message in place, and
 * only the last message carries last_flags. Also when the ring wraps
 * around mid-run.
 */
Test(mem_pair, sendseg_lent_back_to_back)
{
	static uint8_t data[GUNYAH_RM_RPC_MAX_PAYLOAD];
	const uint8_t hdr[8] = "FIRSTHDR", cont[8] = "contHDR_";
	struct gunyah_rm_segv s = {
		.hdr = hdr,
		.cont = cont,
		.data = data,
		.len = sizeof(data) - 100,
		.hdr_len = 8,
		.seg = 232,
		.flags = 0,
		.last_flags = GUNYAH_RM_MSGQ_TX_PUSH,
	};
	struct gunyah_rm_transport a, b;
	const struct gunyah_rm_msgv *v, *w;
	size_t i;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 13 + (i >> 9));
	cr_assert_eq(gunyah_rm_mem_pair_create(70, &a, &b), 0);
	cr_assert_eq(gunyah_rm_transport_sendseg(&a, &s), 0);
	cr_assert_eq(gunyah_rm_transport_recv_lend(&b, &v, 100, 0), 63);
	for (i = 0; i < 63; i++) {
		cr_assert_eq(v[i].hdr_len, 8);
		cr_assert_arr_eq(v[i].hdr, i ? cont : hdr, 8);
		cr_assert_eq(v[i].len, i < 62 ? 232u : 232u - 100u);
		cr_assert_eq(v[i].flags, i < 62 ? 0u : GUNYAH_RM_MSGQ_TX_PUSH);
		cr_assert_eq((const uint8_t *)v[i].data,
			     (const uint8_t *)v[0].data + i * 232);
	}
	cr_assert_arr_eq(v[0].data, data, s.len);
	gunyah_rm_transport_recv_release(&b);

	/*
	 * One message kept queued (so nothing starts over), then a run in
	 * ring slots 60..69 and 0..9: lent in two calls (each up to the
	 * ring's end), its data parts still back to back.
	 */
	s.len = 60 * 232;
	cr_assert_eq(gunyah_rm_transport_sendseg(&a, &s), 0);
	cr_assert_eq(gunyah_rm_transport_recv_lend(&b, &v, 59, 0), 59);
	gunyah_rm_transport_recv_release(&b);
	s.len = 20 * 232;
	cr_assert_eq(gunyah_rm_transport_sendseg(&a, &s), 0);
	cr_assert_eq(gunyah_rm_transport_recv_lend(&b, &v, 100, 0), 11);
	cr_assert_eq(gunyah_rm_transport_recv_lend(&b, &w, 100, 0), 10);
	cr_assert_arr_eq(v[0].hdr, cont, 8);
	cr_assert_arr_eq(v[0].data, data + 59 * 232, 232);
	for (i = 0; i < 20; i++) {
		const struct gunyah_rm_msgv *m = i < 10 ? &v[i + 1] :
							  &w[i - 10];

		cr_assert_arr_eq(m->hdr, i ? cont : hdr, 8);
		cr_assert_eq((const uint8_t *)m->data,
			     (const uint8_t *)v[1].data + i * 232);
		cr_assert_arr_eq(m->data, data + i * 232, 232);
		cr_assert_eq(m->flags, i < 19 ? 0u : GUNYAH_RM_MSGQ_TX_PUSH);
	}
	gunyah_rm_transport_recv_release(&b);
	gunyah_rm_transport_close(&a);
	gunyah_rm_transport_close(&b);
}

/*
 * The arena wraps around under runs: with a message always queued it
 * never starts over, so runs land where the arena's end leaves no room
 * for them and are queued message by message; every message is whole.
 */
Test(mem_pair, sendseg_arena_wraps_around)
{
	static struct run_case c;
	static struct run_msgs want[2];
	struct gunyah_rm_transport a, b;
	const struct gunyah_rm_msgv *v;
	unsigned int seed = 77, i, k, wraps = 0;
	const uint8_t *prev = NULL;
	uint8_t joined[GUNYAH_RM_MSGQ_MSG_SIZE];
	size_t j, pend = 0;

	cr_assert_eq(gunyah_rm_mem_pair_create(4, &a, &b), 0);
	for (i = 0; i < 300; i++) {
		struct run_msgs *w = &want[i % 2];

		/* 1..3 messages: with the one kept back, the queue is full. */
		c.s = (struct gunyah_rm_segv){ .hdr = c.hdr,
					       .cont = c.cont,
					       .data = c.data,
					       .hdr_len = 8,
					       .seg = 232,
					       .last_flags = 1 };
		c.s.len = 1 + (size_t)rand_r(&seed) % (3 * 232);
		for (j = 0; j < c.s.len; j++)
			c.data[j] = (uint8_t)(i + j);
		memset(c.hdr, (int)i, 8);
		memset(c.cont, (int)i + 128, 8);
		run_expect(&c.s, w);
		cr_assert_eq(gunyah_rm_transport_sendseg(&a, &c.s), 0);
		/* Take the older run's messages and all but one of this one. */
		k = (unsigned int)(pend + w->n - 1);
		for (j = 0; j < k; j++) {
			const struct run_msgs *o =
				j < pend ? &want[(i + 1) % 2] : w;
			size_t m = j < pend ? o->n - pend + j : j - pend;

			cr_assert_eq(
				gunyah_rm_transport_recv_lend(&b, &v, 1, 0), 1);
			memcpy(joined, v[0].hdr, v[0].hdr_len);
			memcpy(joined + v[0].hdr_len, v[0].data, v[0].len);
			cr_assert_eq(v[0].hdr_len + v[0].len, o->len[m]);
			cr_assert_arr_eq(joined, o->bytes[m], o->len[m]);
			cr_assert_eq(v[0].flags, o->flags[m]);
			if (prev && (const uint8_t *)v[0].data < prev)
				wraps++;
			prev = v[0].data;
			gunyah_rm_transport_recv_release(&b);
		}
		pend = 1;
	}
	cr_assert_gt(wraps, 30, "%u wraps", wraps);
	gunyah_rm_transport_close(&a);
	gunyah_rm_transport_close(&b);
}

struct seg_sender {
	struct gunyah_rm_transport *t;
	const struct gunyah_rm_segv *s;
	int ret;
};

static void *seg_send_thread(void *arg)
{
	struct seg_sender *ss = arg;

	ss->ret = gunyah_rm_transport_sendseg(ss->t, ss->s);
	return NULL;
}

/*
 * A run waiting on a full queue: shutdown of the sender's endpoint, or
 * close of the peer, ends it with -EPIPE; the messages queued before stay
 * queued and are delivered, none after them.
 */
Test(mem_pair, sendseg_blocked_then_shutdown)
{
	static const uint8_t data[5 * 232] = { 1, 2, 3 };
	const struct gunyah_rm_segv s = { .hdr = "HDR-FRST",
					  .cont = "HDR-CONT",
					  .data = data,
					  .len = sizeof(data),
					  .hdr_len = 8,
					  .seg = 232 };
	struct seg_sender ss = { .s = &s, .ret = 1 };
	struct gunyah_rm_transport a, b;
	uint8_t buf[GUNYAH_RM_MSGQ_MSG_SIZE];
	unsigned int pass;
	pthread_t th;

	for (pass = 0; pass < 2; pass++) {
		cr_assert_eq(gunyah_rm_mem_pair_create(2, &a, &b), 0);
		ss.t = &a;
		ss.ret = 1;
		cr_assert_eq(pthread_create(&th, NULL, seg_send_thread, &ss),
			     0);
		sleep_ms(50);
		cr_assert_eq(ss.ret, 1, "a run longer than the queue returned");
		if (pass == 0)
			gunyah_rm_transport_shutdown(&a);
		else
			gunyah_rm_transport_close(&b);
		pthread_join(th, NULL);
		cr_assert_eq(ss.ret, -EPIPE);
		if (pass == 0) {
			/* The two queued messages are still delivered. */
			cr_assert_eq(gunyah_rm_transport_recv(&b, buf,
							      sizeof(buf), 0),
				     240);
			cr_assert_arr_eq(buf, "HDR-FRST", 8);
			cr_assert_eq(buf[8], 1);
			cr_assert_eq(gunyah_rm_transport_recv(&b, buf,
							      sizeof(buf), 0),
				     240);
			cr_assert_arr_eq(buf, "HDR-CONT", 8);
			cr_assert_eq(gunyah_rm_transport_recv(&b, buf,
							      sizeof(buf), 0),
				     -EPIPE);
			gunyah_rm_transport_close(&b);
		}
		/* After shutdown: -EPIPE, but a bad run is refused first. */
		cr_assert_eq(gunyah_rm_transport_sendseg(&a, &s), -EPIPE);
		cr_assert_eq(gunyah_rm_transport_sendseg(&a, NULL), -EINVAL);
		gunyah_rm_transport_close(&a);
	}
}

/*
 * Runs a transport must refuse whole, nothing sent, with sendseg's errno:
 * checked on the in-memory pair's sendseg, on the fallback over sendmv
 * (UNIX socket) and over send (a capture).
 */
struct seg_bad {
	struct gunyah_rm_segv s;
	int err;
};

static void seg_bad_cases(struct seg_bad *c, size_t *n)
{
	static const uint8_t d[1000];
	const struct gunyah_rm_segv ok = {
		.hdr = "12345678",
		.cont = "abcdefgh",
		.data = d,
		.len = 500,
		.hdr_len = 8,
		.seg = 232,
	};
	size_t k = 0;

#define SEG_BAD(field, val, e)      \
	do {                        \
		c[k].s = ok;        \
		c[k].s.field = val; \
		c[k++].err = e;     \
	} while (0)
	SEG_BAD(hdr_len, 241, -EMSGSIZE);
	SEG_BAD(hdr_len, UINT_MAX, -EMSGSIZE);
	SEG_BAD(seg, 233, -EMSGSIZE);
	SEG_BAD(seg, UINT_MAX, -EMSGSIZE);
	/* Even when the data is shorter than a segment, or empty. */
	SEG_BAD(len, 5, -EMSGSIZE);
	c[k - 1].s.seg = 233;
	SEG_BAD(len, 0, -EMSGSIZE);
	c[k - 1].s.seg = 240;
	/* -EMSGSIZE first, as for a vector's message. */
	SEG_BAD(data, NULL, -EMSGSIZE);
	c[k - 1].s.seg = 1000;
	SEG_BAD(seg, 0, -EINVAL);
	SEG_BAD(data, NULL, -EINVAL);
	SEG_BAD(hdr, NULL, -EINVAL);
	SEG_BAD(cont, NULL, -EINVAL);
	/* Two messages need the continuation header: 233 bytes. */
	SEG_BAD(cont, NULL, -EINVAL);
	c[k - 1].s.len = 233;
	SEG_BAD(hdr, NULL, -EINVAL);
	c[k - 1].s.len = 0;
#undef SEG_BAD
	*n = k;
}

/* Runs that are fine although they look odd: the messages they give. */
static void seg_odd_ok(struct gunyah_rm_transport *a,
		       struct gunyah_rm_transport *b)
{
	static const uint8_t d[300] = { 9, 8, 7 };
	struct run_msgs *want = malloc(sizeof(*want));
	const struct gunyah_rm_segv ok[] = {
		/* seg 0 with no data: one header-only message. */
		{ .hdr = "12345678", .hdr_len = 8 },
		/* One message: no continuation header needed. */
		{ .hdr = "12345678",
		  .hdr_len = 8,
		  .data = d,
		  .len = 232,
		  .seg = 232,
		  .last_flags = 1 },
		/* No header parts: NULL headers are fine. */
		{ .data = d, .len = 300, .seg = 240, .flags = 2 },
		/* One byte a message, a header of 239. */
		{ .hdr = d,
		  .cont = d + 1,
		  .hdr_len = 239,
		  .data = d,
		  .len = 3,
		  .seg = 1 },
		/* Nothing at all: one empty message. */
		{ .seg = 0 },
	};
	uint8_t buf[GUNYAH_RM_MSGQ_MSG_SIZE];
	size_t i, j;
	int n;

	cr_assert_not_null(want);
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		cr_assert_eq(gunyah_rm_transport_sendseg(a, &ok[i]), 0,
			     "odd run %zu", i);
		run_expect(&ok[i], want);
		for (j = 0; j < want->n; j++) {
			n = gunyah_rm_transport_recv(b, buf, sizeof(buf), 1000);
			cr_assert_eq(n, (int)want->len[j],
				     "odd run %zu msg %zu", i, j);
			if (n)
				cr_assert_arr_eq(buf, want->bytes[j],
						 (size_t)n);
		}
	}
	cr_assert_eq(gunyah_rm_transport_recv(b, buf, sizeof(buf), 0),
		     -ETIMEDOUT);
	free(want);
}

static void check_seg_errors(struct gunyah_rm_transport *a,
			     struct gunyah_rm_transport *b)
{
	struct seg_bad c[32];
	uint8_t buf[GUNYAH_RM_MSGQ_MSG_SIZE];
	size_t n, i;

	seg_bad_cases(c, &n);
	cr_assert_eq(gunyah_rm_transport_sendseg(a, NULL), -EINVAL);
	for (i = 0; i < n; i++)
		cr_assert_eq(gunyah_rm_transport_sendseg(a, &c[i].s), c[i].err,
			     "bad run %zu", i);
	cr_assert_eq(gunyah_rm_transport_recv(b, buf, sizeof(buf), 0),
		     -ETIMEDOUT);
	seg_odd_ok(a, b);
}

Test(mem_pair, sendseg_errors)
{
	struct gunyah_rm_transport a, b;
	struct seg_bad c[32];
	size_t n, i;

	cr_assert_eq(gunyah_rm_mem_pair_create(16, &a, &b), 0);
	check_seg_errors(&a, &b);
	/* The op itself, not only the wrapper. */
	seg_bad_cases(c, &n);
	for (i = 0; i < n; i++)
		cr_assert_eq(a.ops->sendseg(a.ctx, &c[i].s), c[i].err);
	cr_assert_eq(a.ops->sendseg(a.ctx, NULL), -EINVAL);
	cr_assert_eq(a.ops->sendmv(a.ctx, NULL, 1), -EINVAL);
	cr_assert_eq(a.ops->sendmv(a.ctx, NULL, 0), 0);
	gunyah_rm_transport_close(&a);
	gunyah_rm_transport_close(&b);
}

/* ---- sendseg's fallback, on transports without it ----------------------- */

/*
 * struct rec - A transport that records what it is given: with sendmv
 * (@mv) or with send only. @calls counts the calls, @sizes the messages
 * of each sendmv call; the @fail_at-th message (0: none) fails with
 * @fail_err, those before it in the same call being taken.
 */
struct rec {
	bool mv;
	unsigned int calls;
	size_t sizes[64];
	size_t fail_at;
	int fail_err;
	struct run_msgs got;
};

static int rec_take(struct rec *r, const void *hdr, size_t hl, const void *data,
		    size_t dl, unsigned int flags)
{
	size_t i = r->got.n;

	if (r->fail_at && i + 1 == r->fail_at)
		return r->fail_err;
	cr_assert_lt(i, RUN_MAX + 1);
	cr_assert_leq(hl + dl, GUNYAH_RM_MSGQ_MSG_SIZE);
	if (hl)
		memcpy(r->got.bytes[i], hdr, hl);
	if (dl)
		memcpy(r->got.bytes[i] + hl, data, dl);
	r->got.len[i] = hl + dl;
	r->got.flags[i] = flags;
	r->got.n++;
	return 0;
}

static int rec_send(void *ctx, const void *msg, size_t len, unsigned int flags)
{
	struct rec *r = ctx;

	r->calls++;
	return rec_take(r, msg, len, NULL, 0, flags);
}

static int rec_sendmv(void *ctx, const struct gunyah_rm_msgv *m, size_t n)
{
	struct rec *r = ctx;
	size_t i;
	int ret;

	if (r->calls < 64)
		r->sizes[r->calls] = n;
	r->calls++;
	for (i = 0; i < n; i++) {
		ret = rec_take(r, m[i].hdr, m[i].hdr_len, m[i].data, m[i].len,
			       m[i].flags);
		if (ret)
			return ret;
	}
	return 0;
}

static const struct gunyah_rm_transport_ops rec_send_ops = {
	.send = rec_send,
	.recv = gunyah_rm_transport_recv_none,
	.shutdown = gunyah_rm_transport_nop,
	.close = gunyah_rm_transport_nop,
};
static const struct gunyah_rm_transport_ops rec_mv_ops = {
	.send = rec_send,
	.recv = gunyah_rm_transport_recv_none,
	.shutdown = gunyah_rm_transport_nop,
	.close = gunyah_rm_transport_nop,
	.sendmv = rec_sendmv,
};

/*
 * The fallback gives the same messages as the run describes (and as the
 * in-memory pair's sendseg does, see sendseg_equals_sendmv): over sendmv,
 * in calls of GUNYAH_RM_SEGV_BATCH messages, the last one what is left;
 * over send, one call a message.
 */
Test(sendseg_fallback, same_messages)
{
	static struct run_case c;
	static struct run_msgs want;
	static struct rec r;
	unsigned int seed = 4242, round, mv;
	size_t i, n, big = 0;

	for (round = 0; round < 400; round++) {
		run_random(&c, &seed);
		run_expect(&c.s, &want);
		for (mv = 0; mv < 2; mv++) {
			struct gunyah_rm_transport t = { mv ? &rec_mv_ops :
							      &rec_send_ops,
							 &r };

			memset(&r, 0, offsetof(struct rec, got));
			r.got.n = 0;
			cr_assert_eq(gunyah_rm_transport_sendseg(&t, &c.s), 0);
			run_compare(&r.got, &want,
				    mv ? "cut for sendmv" : "cut for send");
			n = (want.n + GUNYAH_RM_SEGV_BATCH - 1) /
			    GUNYAH_RM_SEGV_BATCH;
			cr_assert_eq(r.calls, mv ? n : want.n);
			for (i = 0; mv && i < n && i < 64; i++)
				cr_assert_eq(r.sizes[i],
					     i + 1 < n ? GUNYAH_RM_SEGV_BATCH :
							 want.n - i * 64);
		}
		big += want.n > GUNYAH_RM_SEGV_BATCH;
	}
	cr_assert_gt(big, 50);
}

/* An error stops the run at the failing message; nothing after it. */
Test(sendseg_fallback, stops_at_error)
{
	static uint8_t data[100 * 10];
	const struct gunyah_rm_segv s = { .hdr = "F",
					  .cont = "C",
					  .hdr_len = 1,
					  .data = data,
					  .len = sizeof(data),
					  .seg = 10,
					  .last_flags = 1 };
	static struct rec r;
	struct gunyah_rm_transport t = { &rec_mv_ops, &r };
	struct seg_bad c[32];
	size_t n, i;

	/* 64 in the first call, the 6th of the second fails: 69 taken. */
	memset(&r, 0, sizeof(r));
	r.fail_at = 70;
	r.fail_err = -EPIPE;
	cr_assert_eq(gunyah_rm_transport_sendseg(&t, &s), -EPIPE);
	cr_assert_eq(r.got.n, 69);
	cr_assert_eq(r.calls, 2);
	cr_assert_eq(r.sizes[1], 36);
	cr_assert_arr_eq(r.got.bytes[68], "C", 1);
	cr_assert_eq(r.got.bytes[68][1], data[680]);

	t.ops = &rec_send_ops;
	memset(&r, 0, sizeof(r));
	r.fail_at = 3;
	r.fail_err = -EIO;
	cr_assert_eq(gunyah_rm_transport_sendseg(&t, &s), -EIO);
	cr_assert_eq(r.got.n, 2);
	cr_assert_eq(r.calls, 3);

	/* Bad runs: nothing at all. */
	seg_bad_cases(c, &n);
	for (i = 0; i < n; i++) {
		memset(&r, 0, sizeof(r));
		t.ops = i % 2 ? &rec_mv_ops : &rec_send_ops;
		cr_assert_eq(gunyah_rm_transport_sendseg(&t, &c[i].s), c[i].err,
			     "bad run %zu", i);
		cr_assert_eq(r.calls, 0);
	}
}

/* Over a UNIX socket (no sendseg op: sendmmsg() of the cut vectors). */
Test(unix_socket, sendseg_fallback, .timeout = 60)
{
	static struct run_case c;
	static struct run_msgs want;
	static struct run_reader rr;
	struct gunyah_rm_transport a, b;
	unsigned int seed = 99, round;

	socket_pair(&a, &b, NULL);
	cr_assert_null(a.ops->sendseg);
	for (round = 0; round < 40; round++) {
		struct run_send rs = { .t = &a, .s = &c.s };

		run_random(&c, &seed);
		run_expect(&c.s, &want);
		rr.how = round % 2 ? RUN_RECV : RUN_RECVMV;
		rr.seed = round;
		cr_assert_eq(run_through(&b, &rr, want.n, run_send_seg, &rs),
			     0);
		run_compare(&rr.got, &want, "unix");
	}
	check_seg_errors(&a, &b);
	gunyah_rm_transport_close(&a);
	gunyah_rm_transport_close(&b);
}
