// SPDX-License-Identifier: BSD-3-Clause
/*
 * Dependency-free framing test of the runtime's rpc.c: header bytes, and
 * messages of 0, 1, 232, 233 and 14616 bytes split by gunyah_rm_rpc_send()
 * into packets (checked byte for byte, with their flags and the caller's
 * deadline) and put back together by the reassembler. Needs only rpc.c and
 * wire.c, so that it can be
 * cross-compiled for a big-endian host (scripts/ci-s390x.sh).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "gunyah_rm/rpc.h"

static unsigned int passed, failed;

#define CHECK(cond, ...)                                            \
	do {                                                        \
		if (cond) {                                         \
			passed++;                                   \
		} else {                                            \
			failed++;                                   \
			printf("FAIL %s:%d: ", __FILE__, __LINE__); \
			printf(__VA_ARGS__);                        \
			printf("\n");                               \
		}                                                   \
	} while (0)

struct capture {
	size_t n;
	size_t len[GUNYAH_RM_RPC_MAX_PACKETS + 1];
	unsigned int flags[GUNYAH_RM_RPC_MAX_PACKETS + 1];
	const struct timespec *deadline[GUNYAH_RM_RPC_MAX_PACKETS + 1];
	uint8_t pkt[GUNYAH_RM_RPC_MAX_PACKETS + 1][GUNYAH_RM_MSGQ_MSG_SIZE];
};

static struct capture cap;

static int cap_send(void *ctx, const void *msg, size_t len, unsigned int flags,
		    const struct timespec *deadline)
{
	struct capture *c = ctx;

	if (c->n > GUNYAH_RM_RPC_MAX_PACKETS || len > GUNYAH_RM_MSGQ_MSG_SIZE)
		return -EMSGSIZE;
	memcpy(c->pkt[c->n], msg, len);
	c->len[c->n] = len;
	c->flags[c->n] = flags;
	c->deadline[c->n] = deadline;
	c->n++;
	return 0;
}

static int cap_recv(void *ctx, void *buf, size_t len,
		    const struct timespec *deadline)
{
	(void)ctx;
	(void)buf;
	(void)len;
	(void)deadline;
	return -EPIPE;
}

static void cap_shutdown(void *ctx)
{
	(void)ctx;
}

static const struct gunyah_rm_transport_ops cap_ops = {
	.send = cap_send,
	.recv = cap_recv,
	.shutdown = cap_shutdown,
	.close = cap_shutdown,
};

static void test_header_bytes(void)
{
	static const uint8_t want[8] = { 0x21, 0xfa, 0x34, 0x12,
					 0x01, 0x00, 0x00, 0x56 };
	struct gunyah_rm_rpc_hdr h = {
		.api_version = 1,
		.header_words = 2,
		.type = GUNYAH_RM_RPC_TYPE_REPLY,
		.num_fragments = 62,
		.seq = 0x1234,
		.msg_id = 0x56000001,
	};
	enum gunyah_rm_rpc_err why;
	uint8_t out[8], bad[8];
	int ret;

	CHECK(gunyah_rm_rpc_hdr_encode(&h, out) == 0, "encode failed");
	CHECK(!memcmp(out, want, 8),
	      "header bytes %02x %02x %02x %02x %02x %02x %02x %02x", out[0],
	      out[1], out[2], out[3], out[4], out[5], out[6], out[7]);
	memset(&h, 0, sizeof(h));
	ret = gunyah_rm_rpc_hdr_decode(want, 8, &h, &why);
	CHECK(ret == 0 && why == GUNYAH_RM_RPC_ERR_NONE, "decode: %d", ret);
	CHECK(h.api_version == 1 && h.header_words == 2 &&
		      h.type == GUNYAH_RM_RPC_TYPE_REPLY &&
		      h.num_fragments == 62 && h.seq == 0x1234 &&
		      h.msg_id == 0x56000001,
	      "decoded fields");

	CHECK(gunyah_rm_rpc_hdr_decode(want, 7, &h, &why) == -EBADMSG &&
		      why == GUNYAH_RM_RPC_ERR_SHORT_PACKET,
	      "short header");
	memcpy(bad, want, 8);
	bad[0] = 0x22;
	CHECK(gunyah_rm_rpc_hdr_decode(bad, 8, &h, &why) == -EPROTONOSUPPORT &&
		      why == GUNYAH_RM_RPC_ERR_API_VERSION,
	      "api_version 2");
	bad[0] = 0x31;
	CHECK(gunyah_rm_rpc_hdr_decode(bad, 8, &h, &why) == -EPROTO &&
		      why == GUNYAH_RM_RPC_ERR_HEADER_WORDS,
	      "header_words 3");
	bad[0] = 0x21;
	bad[1] = 63 << 2 | 1;
	CHECK(gunyah_rm_rpc_hdr_decode(bad, 8, &h, &why) == -E2BIG &&
		      why == GUNYAH_RM_RPC_ERR_TOO_MANY_FRAGMENTS &&
		      h.num_fragments == 63 &&
		      h.type == GUNYAH_RM_RPC_TYPE_REQUEST,
	      "num_fragments 63");
	h.num_fragments = 64;
	CHECK(gunyah_rm_rpc_hdr_encode(&h, out) == -EINVAL,
	      "num_fragments 64 encoded");
}

static void test_round_trip(size_t len, enum gunyah_rm_rpc_type type)
{
	static uint8_t payload[GUNYAH_RM_RPC_MAX_PAYLOAD];
	static struct gunyah_rm_reasm r;
	static const struct timespec when = { .tv_sec = 7 };
	struct gunyah_rm_transport t = { &cap_ops, &cap };
	struct gunyah_rm_rpc_msg msg;
	size_t i, want_pkts = len ? (len + 231) / 232 : 1, off = 0;
	uint16_t seq = (uint16_t)(0xa500 + len);
	uint32_t id = 0x56000000u + (uint32_t)len;
	int ret = 0;

	for (i = 0; i < len; i++)
		payload[i] = (uint8_t)(i * 7 + len);
	cap.n = 0;
	CHECK(gunyah_rm_rpc_send(&t, type, seq, id, payload, len, &when) == 0,
	      "send %zu", len);
	CHECK(cap.n == want_pkts, "%zu bytes: %zu packets", len, cap.n);
	CHECK(gunyah_rm_rpc_num_packets(len) == (int)want_pkts,
	      "num_packets(%zu)", len);
	for (i = 0; i < cap.n; i++) {
		const uint8_t *p = cap.pkt[i];
		size_t chunk = len - off < 232 ? len - off : 232;
		unsigned int ptype = i ? GUNYAH_RM_RPC_TYPE_CONTINUATION : type;

		CHECK(cap.len[i] == 8 + chunk, "%zu bytes: packet %zu len %zu",
		      len, i, cap.len[i]);
		CHECK(p[0] == 0x21 &&
			      p[1] == (uint8_t)((want_pkts - 1) << 2 | ptype) &&
			      p[2] == (uint8_t)seq &&
			      p[3] == (uint8_t)(seq >> 8) &&
			      p[4] == (uint8_t)id &&
			      p[5] == (uint8_t)(id >> 8) &&
			      p[6] == (uint8_t)(id >> 16) &&
			      p[7] == (uint8_t)(id >> 24),
		      "%zu bytes: packet %zu header", len, i);
		CHECK(!memcmp(p + 8, payload + off, chunk),
		      "%zu bytes: packet %zu payload", len, i);
		CHECK(cap.flags[i] ==
			      (i + 1 == cap.n ? GUNYAH_RM_MSGQ_TX_PUSH : 0u),
		      "%zu bytes: packet %zu flags", len, i);
		CHECK(cap.deadline[i] == &when,
		      "%zu bytes: packet %zu deadline", len, i);
		off += chunk;
	}

	gunyah_rm_reasm_init(&r, NULL, NULL);
	for (i = 0; i < cap.n; i++) {
		ret = gunyah_rm_reasm_feed(&r, cap.pkt[i], cap.len[i], &msg);
		if (i + 1 < cap.n)
			CHECK(ret == 0, "%zu bytes: feed %zu gave %d", len, i,
			      ret);
	}
	CHECK(ret == 1, "%zu bytes: last feed gave %d", len, ret);
	if (ret != 1)
		return;
	CHECK(msg.len == len && (!len || !memcmp(msg.payload, payload, len)),
	      "%zu bytes: reassembled payload (%zu bytes)", len, msg.len);
	CHECK(msg.hdr.type == type && msg.hdr.seq == seq &&
		      msg.hdr.msg_id == id &&
		      msg.hdr.num_fragments == want_pkts - 1,
	      "%zu bytes: reassembled header", len);
}

int main(void)
{
	static const size_t lens[] = { 0, 1, 232, 233, 14616 };
	static const enum gunyah_rm_rpc_type types[] = {
		GUNYAH_RM_RPC_TYPE_REQUEST, GUNYAH_RM_RPC_TYPE_REPLY,
		GUNYAH_RM_RPC_TYPE_NOTIFICATION
	};
	struct gunyah_rm_transport t = { &cap_ops, &cap };
	static uint8_t big[GUNYAH_RM_RPC_MAX_PAYLOAD + 1];
	size_t i, j;

	test_header_bytes();
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		for (j = 0; j < sizeof(types) / sizeof(types[0]); j++)
			test_round_trip(lens[i], types[j]);
	}
	/* The API allows an empty message without a buffer. */
	cap.n = 0;
	CHECK(gunyah_rm_rpc_send(&t, GUNYAH_RM_RPC_TYPE_NOTIFICATION, 9,
				 0x56100001, NULL, 0, NULL) == 0 &&
		      cap.n == 1 && cap.len[0] == GUNYAH_RM_RPC_HDR_SIZE &&
		      cap.pkt[0][1] == GUNYAH_RM_RPC_TYPE_NOTIFICATION,
	      "empty message with a NULL payload");
	cap.n = 0;
	CHECK(gunyah_rm_rpc_send(&t, GUNYAH_RM_RPC_TYPE_REPLY, 1, 2, big,
				 sizeof(big), NULL) == -E2BIG &&
		      cap.n == 0,
	      "14617 bytes sent");
	CHECK(gunyah_rm_rpc_num_packets(sizeof(big)) == -E2BIG,
	      "num_packets(14617)");
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
