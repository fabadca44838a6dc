// SPDX-License-Identifier: BSD-3-Clause
/*
 * The in-memory pair and the UNIX SOCK_SEQPACKET transport.
 */
#define _POSIX_C_SOURCE 200809L

#include <criterion/criterion.h>
#include <pthread.h>
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
