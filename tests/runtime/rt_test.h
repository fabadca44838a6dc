/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Helpers shared by the runtime tests: deadlines, a transport that captures
 * what is sent, a packet builder and a recorder for reassembly reports.
 */
#ifndef RT_TEST_H
#define RT_TEST_H

#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "gunyah_rm/rpc.h"

/* A deadline @ms milliseconds from now (none if negative), for one call. */
#define IN_MS(ms) gunyah_rm_deadline(&(struct timespec){ 0 }, (ms))

struct capture_pkt {
	size_t len;
	unsigned int flags;
	const struct timespec *deadline;
	uint8_t data[GUNYAH_RM_MSGQ_MSG_SIZE];
};

/*
 * struct capture - Records every packet sent; send fails with @fail_err
 * once @fail_at packets were taken (if @fail_at > 0).
 */
struct capture {
	unsigned int n;
	unsigned int fail_at;
	int fail_err;
	struct capture_pkt pkts[GUNYAH_RM_RPC_MAX_PACKETS + 1];
};

static inline int capture_send(void *ctx, const void *msg, size_t len,
			       unsigned int flags,
			       const struct timespec *deadline)
{
	struct capture *c = ctx;

	if (c->fail_at && c->n == c->fail_at)
		return c->fail_err;
	if (len > GUNYAH_RM_MSGQ_MSG_SIZE)
		return -EMSGSIZE;
	if (c->n == sizeof(c->pkts) / sizeof(c->pkts[0]))
		return -ENOSPC;
	c->pkts[c->n].len = len;
	c->pkts[c->n].flags = flags;
	c->pkts[c->n].deadline = deadline;
	memcpy(c->pkts[c->n].data, msg, len);
	c->n++;
	return 0;
}

static const struct gunyah_rm_transport_ops capture_ops = {
	.send = capture_send,
	.recv = gunyah_rm_transport_recv_none,
	.shutdown = gunyah_rm_transport_nop,
	.close = gunyah_rm_transport_nop,
};

static inline struct gunyah_rm_transport capture_transport(struct capture *c)
{
	struct gunyah_rm_transport t = { .ops = &capture_ops, .ctx = c };

	return t;
}

/* Build a packet with a raw header; returns its length. */
static inline size_t build_pkt(uint8_t *buf, uint8_t api_version,
			       uint8_t header_words,
			       enum gunyah_rm_rpc_type type,
			       uint8_t num_fragments, uint16_t seq,
			       uint32_t msg_id, const void *payload, size_t n)
{
	struct gunyah_rm_rpc_hdr hdr = {
		.api_version = api_version,
		.header_words = header_words,
		.type = type,
		.num_fragments = num_fragments,
		.seq = seq,
		.msg_id = msg_id,
	};

	gunyah_rm_rpc_hdr_encode(&hdr, buf);
	if (n)
		memcpy(buf + GUNYAH_RM_RPC_HDR_SIZE, payload, n);
	return GUNYAH_RM_RPC_HDR_SIZE + n;
}

/* A well-formed packet. */
static inline size_t make_pkt(uint8_t *buf, enum gunyah_rm_rpc_type type,
			      uint8_t num_fragments, uint16_t seq,
			      uint32_t msg_id, const void *payload, size_t n)
{
	return build_pkt(buf, GUNYAH_RM_RPC_API_VERSION,
			 GUNYAH_RM_RPC_HEADER_WORDS, type, num_fragments, seq,
			 msg_id, payload, n);
}

#define REC_MAX 16

/* struct recorder - The reports of a reassembly run, in order. */
struct recorder {
	unsigned int n;
	struct gunyah_rm_rpc_report reps[REC_MAX];
};

static inline void recorder_fn(void *ctx, const struct gunyah_rm_rpc_report *r)
{
	struct recorder *rec = ctx;

	if (rec->n < REC_MAX)
		rec->reps[rec->n] = *r;
	rec->n++;
}

/* Deterministic pattern byte for payload position @i of message @tag. */
static inline uint8_t pattern(unsigned int tag, size_t i)
{
	return (uint8_t)(i * 31u + tag * 7u + (i >> 8));
}

#endif /* RT_TEST_H */
