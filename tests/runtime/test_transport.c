// SPDX-License-Identifier: BSD-3-Clause
/*
 * The in-memory pair and the UNIX SOCK_SEQPACKET transport: the same
 * behaviour checked on both, deadlines with a peer that never reads, and
 * what each adds (queue depth, listening sockets).
 */
#define _POSIX_C_SOURCE 200809L

#include <criterion/criterion.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "gunyah_rm/rpc.h"
#include "gunyah_rm/transport.h"
#include "rt_test.h"

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

	cr_assert_eq(gunyah_rm_transport_send(a, big, sizeof(big), 0, NULL),
		     -EMSGSIZE);
	t0 = now_ms();
	cr_assert_eq(gunyah_rm_transport_recv(b, buf, sizeof(buf), IN_MS(0)),
		     -ETIMEDOUT);
	cr_assert_eq(gunyah_rm_transport_recv(b, buf, sizeof(buf), IN_MS(30)),
		     -ETIMEDOUT);
	cr_assert_geq(now_ms() - t0, 29);

	/* Order and boundaries are kept, including empty messages. */
	for (i = 0; i < 4; i++) {
		memset(big, (int)i + 1, sizeof(big));
		cr_assert_eq(gunyah_rm_transport_send(a, big, i * 80, 0, NULL),
			     0);
	}
	for (i = 0; i < 4; i++) {
		cr_assert_eq(gunyah_rm_transport_recv(b, buf, sizeof(buf),
						      IN_MS(1000)),
			     (int)(i * 80));
		if (i)
			cr_assert_eq(buf[i * 80 - 1], i + 1);
	}

	/* Both directions. */
	cr_assert_eq(gunyah_rm_transport_send(b, "xyz", 3,
					      GUNYAH_RM_MSGQ_TX_PUSH, NULL),
		     0);
	cr_assert_eq(gunyah_rm_transport_recv(a, buf, sizeof(buf), NULL), 3);
	cr_assert_arr_eq(buf, "xyz", 3);

	/* A message longer than the buffer is reported and discarded. */
	cr_assert_eq(gunyah_rm_transport_send(a, big, 200, 0, NULL), 0);
	cr_assert_eq(gunyah_rm_transport_send(a, "ok", 2, 0, NULL), 0);
	cr_assert_eq(gunyah_rm_transport_recv(b, buf, 100, IN_MS(1000)),
		     -EMSGSIZE);
	cr_assert_eq(gunyah_rm_transport_recv(b, buf, 100, IN_MS(1000)), 2);
}

#define FLOW_MSGS 300

static size_t flow_len(unsigned int i)
{
	return (i * 37u) % (GUNYAH_RM_MSGQ_MSG_SIZE + 1);
}

struct flow_sender {
	struct gunyah_rm_transport *t;
	int ret;
};

static void *flow_send_thread(void *arg)
{
	struct flow_sender *fs = arg;
	uint8_t msg[GUNYAH_RM_MSGQ_MSG_SIZE];
	unsigned int i;
	size_t k;

	for (i = 0; i < FLOW_MSGS && !fs->ret; i++) {
		for (k = 0; k < flow_len(i); k++)
			msg[k] = (uint8_t)(i + k);
		fs->ret = gunyah_rm_transport_send(fs->t, msg, flow_len(i), 0,
						   IN_MS(5000));
	}
	return NULL;
}

/*
 * Far more messages than a queue holds, from a sender thread: each arrives
 * whole and in order while the reader drains the queue.
 */
static void check_flow(struct gunyah_rm_transport *a,
		       struct gunyah_rm_transport *b)
{
	struct flow_sender fs = { .t = a };
	uint8_t buf[GUNYAH_RM_MSGQ_MSG_SIZE];
	unsigned int i;
	pthread_t th;
	size_t k;

	cr_assert_eq(pthread_create(&th, NULL, flow_send_thread, &fs), 0);
	for (i = 0; i < FLOW_MSGS; i++) {
		cr_assert_eq(gunyah_rm_transport_recv(b, buf, sizeof(buf),
						      IN_MS(5000)),
			     (int)flow_len(i), "message %u", i);
		for (k = 0; k < flow_len(i); k++)
			cr_assert_eq(buf[k], (uint8_t)(i + k));
	}
	pthread_join(th, NULL);
	cr_assert_eq(fs.ret, 0);
}

/*
 * Send to a peer that never reads: the queue fills, then a send waits until
 * its deadline and fails with -ETIMEDOUT, having queued nothing; polling
 * (a deadline that has passed) fails at once. Returns how many messages
 * fitted.
 */
static unsigned int check_send_deadline(struct gunyah_rm_transport *a)
{
	uint8_t msg[GUNYAH_RM_MSGQ_MSG_SIZE] = { 0 };
	unsigned int n = 0;
	long t0;
	int ret;

	while ((ret = gunyah_rm_transport_send(a, msg, sizeof(msg), 0,
					       IN_MS(0))) == 0)
		cr_assert_lt(++n, 100000, "the queue never filled");
	cr_assert_eq(ret, -ETIMEDOUT);
	t0 = now_ms();
	cr_assert_eq(gunyah_rm_transport_send(a, msg, sizeof(msg), 0,
					      IN_MS(200)),
		     -ETIMEDOUT);
	cr_assert_geq(now_ms() - t0, 199);
	cr_assert_lt(now_ms() - t0, 200 + 1000);
	return n;
}

/*
 * rpc_send of the longest message (63 packets) to a peer that never reads
 * is cut off at its deadline: -ETIMEDOUT near the deadline, the packets
 * that fitted sent. The reader then sees a partial message, which its
 * reassembly drops (INCOMPLETE) when the next message starts; that one
 * arrives whole.
 */
static void check_rpc_send_cut_off(struct gunyah_rm_transport *a,
				   struct gunyah_rm_transport *b)
{
	static uint8_t payload[GUNYAH_RM_RPC_MAX_PAYLOAD];
	static struct gunyah_rm_reasm r;
	uint8_t pkt[GUNYAH_RM_MSGQ_MSG_SIZE];
	struct recorder rec = { 0 };
	struct gunyah_rm_rpc_msg m;
	unsigned int got = 0;
	long t0;
	int n, ret = 0;

	t0 = now_ms();
	cr_assert_eq(gunyah_rm_rpc_send(a, GUNYAH_RM_RPC_TYPE_REQUEST, 5,
					0x56000009, payload, sizeof(payload),
					IN_MS(200)),
		     -ETIMEDOUT);
	cr_assert_geq(now_ms() - t0, 199);
	cr_assert_lt(now_ms() - t0, 200 + 1000);

	gunyah_rm_reasm_init(&r, recorder_fn, &rec);
	while ((n = gunyah_rm_transport_recv(b, pkt, sizeof(pkt), IN_MS(0))) >=
	       0) {
		cr_assert_eq(gunyah_rm_reasm_feed(&r, pkt, (size_t)n, &m), 0);
		got++;
	}
	cr_assert_eq(n, -ETIMEDOUT);
	cr_assert(got >= 1 && got < GUNYAH_RM_RPC_MAX_PACKETS, "%u packets",
		  got);
	cr_assert_eq(gunyah_rm_rpc_send(a, GUNYAH_RM_RPC_TYPE_REQUEST, 6,
					0x56000009, "next", 4, IN_MS(1000)),
		     0);
	n = gunyah_rm_transport_recv(b, pkt, sizeof(pkt), IN_MS(1000));
	cr_assert_eq(n, GUNYAH_RM_RPC_HDR_SIZE + 4);
	ret = gunyah_rm_reasm_feed(&r, pkt, (size_t)n, &m);
	cr_assert_eq(ret, 1);
	cr_assert_eq(m.hdr.seq, 6);
	cr_assert_arr_eq(m.payload, "next", 4);
	cr_assert_eq(rec.n, 1);
	cr_assert_eq(rec.reps[0].reason, GUNYAH_RM_RPC_ERR_INCOMPLETE);
	cr_assert_eq(rec.reps[0].hdr.seq, 5);
	cr_assert_eq(rec.reps[0].len, (size_t)got * GUNYAH_RM_RPC_FRAG_PAYLOAD);
}

struct blocked_call {
	struct gunyah_rm_transport *t;
	bool send;
	int ret;
};

static void *blocked_thread(void *arg)
{
	struct blocked_call *bc = arg;
	uint8_t buf[GUNYAH_RM_MSGQ_MSG_SIZE] = { 0 };

	if (bc->send)
		bc->ret = gunyah_rm_transport_send(bc->t, buf, sizeof(buf), 0,
						   NULL);
	else
		bc->ret =
			gunyah_rm_transport_recv(bc->t, buf, sizeof(buf), NULL);
	return NULL;
}

/*
 * shutdown() wakes a receiver, and a sender that waits on a full queue,
 * blocked forever on the same endpoint; both then fail with -EPIPE.
 */
static void check_shutdown_unblocks(struct gunyah_rm_transport *t, bool full)
{
	struct blocked_call rc = { .t = t, .ret = 1 };
	struct blocked_call sc = { .t = t, .send = true, .ret = 1 };
	pthread_t rth, sth;

	cr_assert_eq(pthread_create(&rth, NULL, blocked_thread, &rc), 0);
	if (full)
		cr_assert_eq(pthread_create(&sth, NULL, blocked_thread, &sc),
			     0);
	sleep_ms(50);
	cr_assert_eq(rc.ret, 1, "recv returned before shutdown");
	if (full)
		cr_assert_eq(sc.ret, 1, "send returned before shutdown");
	gunyah_rm_transport_shutdown(t);
	pthread_join(rth, NULL);
	cr_assert_eq(rc.ret, -EPIPE);
	if (full) {
		pthread_join(sth, NULL);
		cr_assert_eq(sc.ret, -EPIPE);
	}
	cr_assert_eq(gunyah_rm_transport_send(t, "a", 1, 0, NULL), -EPIPE);
	cr_assert_eq(gunyah_rm_transport_recv(t, NULL, 0, IN_MS(0)), -EPIPE);
}

/* ---- in-memory pair ------------------------------------------------------ */

Test(mem_pair, basic)
{
	struct gunyah_rm_transport a, b;

	cr_assert_eq(gunyah_rm_mem_pair_create(16, &a, &b), 0);
	check_pair(&a, &b);
	check_flow(&a, &b);
	gunyah_rm_transport_close(&a);
	gunyah_rm_transport_close(&b);
	cr_assert_null(a.ops);
}

Test(mem_pair, bad_args)
{
	struct gunyah_rm_transport a;

	cr_assert_eq(gunyah_rm_mem_pair_create(0, &a, NULL), -EINVAL);
	cr_assert_eq(gunyah_rm_mem_pair_create(0, NULL, &a), -EINVAL);
}

/* The depth is what the queue holds: 8 by default, as RM gives the HLOS. */
Test(mem_pair, depth_and_send_deadline)
{
	struct gunyah_rm_transport a, b;

	cr_assert_eq(gunyah_rm_mem_pair_create(0, &a, &b), 0);
	cr_assert_eq(check_send_deadline(&a), 8);
	gunyah_rm_transport_close(&a);
	gunyah_rm_transport_close(&b);
	cr_assert_eq(gunyah_rm_mem_pair_create(3, &a, &b), 0);
	cr_assert_eq(check_send_deadline(&a), 3);
	gunyah_rm_transport_close(&a);
	gunyah_rm_transport_close(&b);
}

Test(mem_pair, rpc_send_cut_off_by_deadline)
{
	struct gunyah_rm_transport a, b;

	cr_assert_eq(gunyah_rm_mem_pair_create(0, &a, &b), 0);
	check_rpc_send_cut_off(&a, &b);
	gunyah_rm_transport_close(&a);
	gunyah_rm_transport_close(&b);
}

Test(mem_pair, close_drains_then_epipe)
{
	struct gunyah_rm_transport a, b;
	uint8_t buf[16];

	cr_assert_eq(gunyah_rm_mem_pair_create(2, &a, &b), 0);
	cr_assert_eq(gunyah_rm_transport_send(&a, "abc", 3, 0, NULL), 0);
	gunyah_rm_transport_close(&a);
	cr_assert_eq(gunyah_rm_transport_recv(&b, buf, sizeof(buf), IN_MS(0)),
		     3);
	cr_assert_eq(gunyah_rm_transport_recv(&b, buf, sizeof(buf), NULL),
		     -EPIPE);
	cr_assert_eq(gunyah_rm_transport_send(&b, "x", 1, 0, NULL), -EPIPE);
	gunyah_rm_transport_close(&b);
}

/* A sender waiting on a full queue goes on as the reader takes messages. */
Test(mem_pair, full_queue_blocks_sender)
{
	struct gunyah_rm_transport a, b;

	cr_assert_eq(gunyah_rm_mem_pair_create(2, &a, &b), 0);
	check_flow(&a, &b);
	gunyah_rm_transport_close(&a);
	gunyah_rm_transport_close(&b);
}

Test(mem_pair, shutdown_unblocks)
{
	struct gunyah_rm_transport a, b;
	uint8_t buf[4];

	cr_assert_eq(gunyah_rm_mem_pair_create(1, &a, &b), 0);
	cr_assert_eq(gunyah_rm_transport_send(&a, "q", 1, 0, NULL), 0);
	check_shutdown_unblocks(&a, true);
	/* What was queued is still delivered; then the peer sees the end. */
	cr_assert_eq(gunyah_rm_transport_recv(&b, buf, sizeof(buf), IN_MS(0)),
		     1);
	cr_assert_eq(gunyah_rm_transport_recv(&b, buf, sizeof(buf), IN_MS(0)),
		     -EPIPE);
	gunyah_rm_transport_close(&a);
	gunyah_rm_transport_close(&b);
}

/* ---- UNIX SOCK_SEQPACKET socket ------------------------------------------ */

/* @a sends with a socket buffer of @sndbuf bytes (0: the default). */
static void socket_pair(struct gunyah_rm_transport *a,
			struct gunyah_rm_transport *b, int sndbuf)
{
	int fds[2];

	cr_assert_eq(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, fds), 0);
	if (sndbuf)
		cr_assert_eq(setsockopt(fds[0], SOL_SOCKET, SO_SNDBUF, &sndbuf,
					sizeof(sndbuf)),
			     0);
	cr_assert_eq(gunyah_rm_unix_from_fd(fds[0], a), 0);
	cr_assert_eq(gunyah_rm_unix_from_fd(fds[1], b), 0);
}

Test(unix_socket, basic)
{
	struct gunyah_rm_transport a, b;

	socket_pair(&a, &b, 0);
	check_pair(&a, &b);
	check_flow(&a, &b);
	gunyah_rm_transport_close(&a);
	gunyah_rm_transport_close(&b);
}

Test(unix_socket, send_deadline)
{
	struct gunyah_rm_transport a, b;

	socket_pair(&a, &b, 0);
	cr_assert_gt(check_send_deadline(&a), 0);
	gunyah_rm_transport_close(&a);
	gunyah_rm_transport_close(&b);
}

/* A small socket buffer holds part of the message (the default, all). */
Test(unix_socket, rpc_send_cut_off_by_deadline)
{
	struct gunyah_rm_transport a, b;

	socket_pair(&a, &b, 4096);
	check_rpc_send_cut_off(&a, &b);
	gunyah_rm_transport_close(&a);
	gunyah_rm_transport_close(&b);
}

Test(unix_socket, from_fd_bad_args)
{
	struct gunyah_rm_transport t;

	cr_assert_eq(gunyah_rm_unix_from_fd(-1, &t), -EINVAL);
	cr_assert_eq(gunyah_rm_unix_from_fd(0, NULL), -EINVAL);
}

Test(unix_socket, empty_packet_and_peer_close)
{
	struct gunyah_rm_transport a, b;
	uint8_t buf[GUNYAH_RM_MSGQ_MSG_SIZE];

	socket_pair(&a, &b, 0);
	cr_assert_eq(gunyah_rm_transport_send(&a, NULL, 0, 0, NULL), 0);
	cr_assert_eq(
		gunyah_rm_transport_recv(&b, buf, sizeof(buf), IN_MS(1000)), 0);
	cr_assert_eq(gunyah_rm_transport_send(&a, "q", 1, 0, NULL), 0);
	gunyah_rm_transport_close(&a);
	cr_assert_eq(
		gunyah_rm_transport_recv(&b, buf, sizeof(buf), IN_MS(1000)), 1);
	cr_assert_eq(gunyah_rm_transport_recv(&b, buf, sizeof(buf),
					      IN_MS(1000)),
		     -EPIPE);
	cr_assert_eq(gunyah_rm_transport_send(&b, "q", 1, 0, NULL), -EPIPE);
	gunyah_rm_transport_close(&b);
}

Test(unix_socket, oversized_packet_from_peer)
{
	struct gunyah_rm_transport b;
	uint8_t raw[300] = { 0 };
	uint8_t buf[GUNYAH_RM_MSGQ_MSG_SIZE];
	int fds[2];

	/* Write straight to the socket to get past the sender's check. */
	cr_assert_eq(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, fds), 0);
	cr_assert_eq(gunyah_rm_unix_from_fd(fds[1], &b), 0);
	cr_assert_eq(send(fds[0], raw, sizeof(raw), 0), (ssize_t)sizeof(raw));
	cr_assert_eq(send(fds[0], raw, 10, 0), 10);
	cr_assert_eq(gunyah_rm_transport_recv(&b, buf, sizeof(buf),
					      IN_MS(1000)),
		     -EMSGSIZE);
	cr_assert_eq(gunyah_rm_transport_recv(&b, buf, sizeof(buf),
					      IN_MS(1000)),
		     10);
	close(fds[0]);
	gunyah_rm_transport_close(&b);
}

Test(unix_socket, shutdown_unblocks)
{
	struct gunyah_rm_transport a, b;
	uint8_t msg[GUNYAH_RM_MSGQ_MSG_SIZE] = { 0 };

	socket_pair(&a, &b, 0);
	/* Fill the socket buffer, so that a sender blocks too. */
	while (!gunyah_rm_transport_send(&a, msg, sizeof(msg), 0, IN_MS(0)))
		;
	check_shutdown_unblocks(&a, true);
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
	cr_assert_eq(gunyah_rm_transport_send(&srv, "hi", 2, 0, NULL), 0);
	cr_assert_eq(gunyah_rm_transport_recv(&cli, buf, sizeof(buf),
					      IN_MS(1000)),
		     2);
	gunyah_rm_transport_close(&cli);
	gunyah_rm_transport_close(&srv);

	/* A live listener is not replaced, nor disturbed. */
	cr_assert_eq(gunyah_rm_unix_listen(path, &l2), -EADDRINUSE);
	cr_assert_eq(gunyah_rm_unix_accept(l, 0, &srv), -ETIMEDOUT);
	gunyah_rm_unix_listener_close(l);
	cr_assert_neq(access(path, F_OK), 0);
}

Test(unix_socket, stale_socket_refused)
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
	cr_assert_eq(gunyah_rm_unix_listen(path, &l), -EADDRINUSE);
	cr_assert_eq(access(path, F_OK), 0);
	cr_assert_eq(unlink(path), 0);
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
