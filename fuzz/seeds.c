// SPDX-License-Identifier: BSD-3-Clause
/*
 * Seed inputs of both harnesses, built from the generated golden-vector and
 * message tables: written to corpus directories by fuzz_mkcorpus, and
 * replayed by the regression test of the normal build.
 */
#include <stdio.h>
#include <string.h>

#include "fuzz.h"
#include "gunyah_rm/rpc.h"
#include "vectors.h"

#define SEED_MAX 16384
#define STREAM_MAX                                                   \
	(GUNYAH_RM_RPC_MAX_PACKETS * (GUNYAH_RM_MSGQ_MSG_SIZE + 1) + \
	 4 * (GUNYAH_RM_MSGQ_MSG_SIZE + 1))

static uint8_t seed[SEED_MAX];
static uint8_t stream[STREAM_MAX];
static uint8_t big[GUNYAH_RM_RPC_MAX_PAYLOAD];

/* Every codec input: selector of the vector's payload, then its bytes. */
void rmgen_fuzz_codec_seeds(rmgen_fuzz_emit_fn emit, void *ctx)
{
	char name[160];
	size_t i, n = rmgen_fuzz_n_payloads();

	for (i = 0; i < gunyah_rm_n_vectors; i++) {
		const struct gunyah_rm_vector *v = &gunyah_rm_vectors[i];
		long sel = rmgen_fuzz_payload_index(v->message);

		if (sel < 0 || v->len + RMGEN_FUZZ_SELECTOR_SIZE > SEED_MAX)
			continue;
		seed[0] = (uint8_t)sel;
		seed[1] = (uint8_t)(sel >> 8);
		memcpy(seed + RMGEN_FUZZ_SELECTOR_SIZE, v->bytes, v->len);
		(void)snprintf(name, sizeof(name), "vector-%s", v->name);
		emit(ctx, name, seed, v->len + RMGEN_FUZZ_SELECTOR_SIZE);
	}
	/* Payloads without a vector still get a start: min_size zero bytes. */
	for (i = 0; i < n; i++) {
		const struct gunyah_rm_payload_desc *d = rmgen_fuzz_payload(i);

		if (d->min_size + RMGEN_FUZZ_SELECTOR_SIZE > SEED_MAX)
			continue;
		memset(seed, 0, sizeof(seed));
		seed[0] = (uint8_t)i;
		seed[1] = (uint8_t)(i >> 8);
		(void)snprintf(name, sizeof(name), "zero-%s", d->name);
		emit(ctx, name, seed, d->min_size + RMGEN_FUZZ_SELECTOR_SIZE);
	}
}

struct stream {
	size_t len;
};

static void put_packet(struct stream *s, const struct gunyah_rm_rpc_hdr *h,
		       const uint8_t *data, size_t n)
{
	if (s->len + 1 + GUNYAH_RM_RPC_HDR_SIZE + n > sizeof(stream))
		return;
	stream[s->len] = (uint8_t)(GUNYAH_RM_RPC_HDR_SIZE + n);
	if (gunyah_rm_rpc_hdr_encode(h, stream + s->len + 1))
		return;
	if (n)
		memcpy(stream + s->len + 1 + GUNYAH_RM_RPC_HDR_SIZE, data, n);
	s->len += 1 + GUNYAH_RM_RPC_HDR_SIZE + n;
}

/* Append the packets of one message, split as every sender does. */
static void put_message(struct stream *s, enum gunyah_rm_rpc_type type,
			uint16_t seq, uint32_t msg_id, const uint8_t *payload,
			size_t len)
{
	struct gunyah_rm_rpc_hdr h = {
		.api_version = GUNYAH_RM_RPC_API_VERSION,
		.header_words = GUNYAH_RM_RPC_HEADER_WORDS,
		.type = type,
		.seq = seq,
		.msg_id = msg_id,
	};
	int i, npkts = gunyah_rm_rpc_num_packets(len);

	if (npkts < 0)
		return;
	h.num_fragments = (uint8_t)(npkts - 1);
	for (i = 0; i < npkts; i++) {
		size_t chunk = len < GUNYAH_RM_RPC_FRAG_PAYLOAD ?
				       len :
				       GUNYAH_RM_RPC_FRAG_PAYLOAD;

		if (i == 1)
			h.type = GUNYAH_RM_RPC_TYPE_CONTINUATION;
		put_packet(s, &h, payload, chunk);
		payload += chunk;
		len -= chunk;
	}
}

static uint32_t vector_msg_id(const struct gunyah_rm_vector *v,
			      enum gunyah_rm_rpc_type *type)
{
	size_t i;

	*type = strcmp(v->role, "request") == 0 ?
			GUNYAH_RM_RPC_TYPE_REQUEST :
		strcmp(v->role, "payload") == 0 ?
			GUNYAH_RM_RPC_TYPE_NOTIFICATION :
			GUNYAH_RM_RPC_TYPE_REPLY;
	for (i = 0; i < gunyah_rm_n_messages; i++) {
		const struct gunyah_rm_msg_desc *m = &gunyah_rm_messages[i];
		const struct gunyah_rm_payload_desc *p[] = {
			m->request, m->response, m->error_response, m->payload
		};
		size_t k;

		for (k = 0; k < sizeof(p) / sizeof(p[0]); k++) {
			if (p[k] && strcmp(p[k]->name, v->message) == 0)
				return m->id;
		}
	}
	return 0;
}

/*
 * Every vector as a message of its own, all vectors as one stream, messages
 * of 233, 464 and 14616 bytes, and streams that break each reassembly rule.
 */
void rmgen_fuzz_reasm_seeds(rmgen_fuzz_emit_fn emit, void *ctx)
{
	static const size_t big_lens[] = { 233, 464,
					   GUNYAH_RM_RPC_MAX_PAYLOAD };
	enum gunyah_rm_rpc_type type;
	struct stream all = { 0 }, s;
	struct gunyah_rm_rpc_hdr h = {
		.api_version = GUNYAH_RM_RPC_API_VERSION,
		.header_words = GUNYAH_RM_RPC_HEADER_WORDS,
		.type = GUNYAH_RM_RPC_TYPE_CONTINUATION,
		.num_fragments = 1,
		.seq = 7,
		.msg_id = 0x56000001,
	};
	char name[160];
	size_t i, fill = 0;

	for (i = 0; i < gunyah_rm_n_vectors; i++) {
		const struct gunyah_rm_vector *v = &gunyah_rm_vectors[i];
		uint32_t id = vector_msg_id(v, &type);

		s.len = 0;
		put_message(&s, type, (uint16_t)i, id, v->bytes, v->len);
		(void)snprintf(name, sizeof(name), "vector-%s", v->name);
		emit(ctx, name, stream, s.len);
	}

	/* One long stream of every vector (packets only, rebuilt in place). */
	for (i = 0; i < gunyah_rm_n_vectors; i++) {
		const struct gunyah_rm_vector *v = &gunyah_rm_vectors[i];

		if (fill + v->len <= sizeof(big)) {
			memcpy(big + fill, v->bytes, v->len);
			fill += v->len;
		}
	}
	for (i = fill; i < sizeof(big); i++)
		big[i] = (uint8_t)(i * 131u + 7u);
	for (i = 0; i < gunyah_rm_n_vectors && all.len < 4096; i++) {
		const struct gunyah_rm_vector *v = &gunyah_rm_vectors[i];
		uint32_t id = vector_msg_id(v, &type);

		put_message(&all, type, (uint16_t)i, id, v->bytes, v->len);
	}
	emit(ctx, "all-vectors", stream, all.len);

	for (i = 0; i < sizeof(big_lens) / sizeof(big_lens[0]); i++) {
		s.len = 0;
		put_message(&s, GUNYAH_RM_RPC_TYPE_REPLY, 3, 0x56000009, big,
			    big_lens[i]);
		(void)snprintf(name, sizeof(name), "fragmented-%zu",
			       big_lens[i]);
		emit(ctx, name, stream, s.len);
	}

	/* A continuation with no message in progress. */
	s.len = 0;
	put_packet(&s, &h, big, GUNYAH_RM_RPC_FRAG_PAYLOAD);
	emit(ctx, "orphan-continuation", stream, s.len);

	/* A 2-packet message, then its continuation once more. */
	s.len = 0;
	put_message(&s, GUNYAH_RM_RPC_TYPE_REPLY, 7, 0x56000001, big, 300);
	put_packet(&s, &h, big, 68);
	emit(ctx, "extra-continuation", stream, s.len);

	/* Continuations of another seq and msg_id, then a new message. */
	s.len = 0;
	h.type = GUNYAH_RM_RPC_TYPE_REPLY;
	put_packet(&s, &h, big, GUNYAH_RM_RPC_FRAG_PAYLOAD);
	h.type = GUNYAH_RM_RPC_TYPE_CONTINUATION;
	h.seq = 8;
	put_packet(&s, &h, big, 10);
	h.seq = 7;
	h.msg_id = 0x56000002;
	put_packet(&s, &h, big, 10);
	put_message(&s, GUNYAH_RM_RPC_TYPE_NOTIFICATION, 0, 0x56100001, big, 8);
	emit(ctx, "mismatch-then-new", stream, s.len);

	/* A short first fragment, an empty last one and a long packet. */
	s.len = 0;
	h.type = GUNYAH_RM_RPC_TYPE_REQUEST;
	put_packet(&s, &h, big, 100);
	stream[s.len++] = 241;
	memset(stream + s.len, 0x21, 241);
	s.len += 241;
	stream[s.len++] = 3;
	memset(stream + s.len, 0x21, 3);
	s.len += 3;
	emit(ctx, "bad-sizes", stream, s.len);
}
