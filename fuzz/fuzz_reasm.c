// SPDX-License-Identifier: BSD-3-Clause
/*
 * libFuzzer harness for the RPC reassembler (runtime/include/gunyah_rm/rpc.h).
 *
 * Input: a stream of msgq messages, each a 1-byte length followed by that
 * many packet bytes (the last one takes what is left). Every packet is fed,
 * in its own exactly-sized heap buffer, to gunyah_rm_reasm_feed() and to a
 * small reference model of the documented rules; the return value, every
 * report and every completed message must agree with the model exactly, and
 * every header must re-encode to its own bytes; a single-packet message
 * must be handed out in its packet. Any disagreement aborts.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "gunyah_rm/rpc.h"

#define MAX_REPORTS 2

struct model {
	bool pending;
	struct gunyah_rm_rpc_hdr hdr;
	unsigned int left;
	size_t len;
	bool last_valid;
	struct gunyah_rm_rpc_hdr last;
	uint8_t buf[GUNYAH_RM_RPC_MAX_PAYLOAD];
};

struct expect {
	int ret;
	enum gunyah_rm_rpc_err why[MAX_REPORTS];
	size_t rep_len[MAX_REPORTS];
	unsigned int n_why;
	const uint8_t *payload;
	size_t len;
	struct gunyah_rm_rpc_hdr hdr;
};

struct seen {
	enum gunyah_rm_rpc_err why[MAX_REPORTS];
	size_t rep_len[MAX_REPORTS];
	unsigned int n_why;
	bool bad;
};

static struct gunyah_rm_reasm reasm;
static struct model model;

static _Noreturn void fail(const char *why, size_t index)
{
	(void)fprintf(stderr, "fuzz_reasm: packet %zu: %s\n", index, why);
	abort();
}

static void on_report(void *ctx, const struct gunyah_rm_rpc_report *rep)
{
	struct seen *s = ctx;

	if (rep->reason <= GUNYAH_RM_RPC_ERR_NONE ||
	    rep->reason >= GUNYAH_RM_RPC_NR_ERRS ||
	    rep->code != gunyah_rm_rpc_err_errno(rep->reason) || rep->verr ||
	    s->n_why >= MAX_REPORTS) {
		s->bad = true;
		return;
	}
	s->why[s->n_why] = rep->reason;
	s->rep_len[s->n_why] = rep->len;
	s->n_why++;
}

static int expect_drop(struct expect *e, enum gunyah_rm_rpc_err why, size_t len)
{
	e->why[e->n_why] = why;
	e->rep_len[e->n_why] = len;
	e->n_why++;
	return gunyah_rm_rpc_err_errno(why);
}

static void model_abort(struct expect *e)
{
	if (!model.pending)
		return;
	model.pending = false;
	expect_drop(e, GUNYAH_RM_RPC_ERR_INCOMPLETE, model.len);
}

static int model_deliver(struct expect *e, const struct gunyah_rm_rpc_hdr *h,
			 const uint8_t *payload, size_t len)
{
	model.last = *h;
	model.last_valid = true;
	e->hdr = *h;
	e->payload = payload;
	e->len = len;
	return 1;
}

static int model_start(struct expect *e, const struct gunyah_rm_rpc_hdr *h,
		       const uint8_t *data, size_t n, size_t len)
{
	model_abort(e);
	model.last_valid = false;
	if (h->num_fragments && n != GUNYAH_RM_RPC_FRAG_PAYLOAD)
		return expect_drop(e, GUNYAH_RM_RPC_ERR_FRAGMENT_SIZE, len);
	if (!h->num_fragments)
		return model_deliver(e, h, data, n);
	memcpy(model.buf, data, n);
	model.hdr = *h;
	model.len = n;
	model.left = h->num_fragments;
	model.pending = true;
	return 0;
}

static int model_continue(struct expect *e, const struct gunyah_rm_rpc_hdr *h,
			  const uint8_t *data, size_t n, size_t len)
{
	bool last_fragment;

	if (!model.pending) {
		if (model.last_valid && model.last.msg_id == h->msg_id &&
		    model.last.seq == h->seq &&
		    model.last.num_fragments == h->num_fragments)
			return expect_drop(
				e, GUNYAH_RM_RPC_ERR_EXTRA_CONTINUATION, len);
		return expect_drop(e, GUNYAH_RM_RPC_ERR_ORPHAN_CONTINUATION,
				   len);
	}
	if (h->msg_id != model.hdr.msg_id)
		return expect_drop(e, GUNYAH_RM_RPC_ERR_MSG_ID_MISMATCH, len);
	if (h->seq != model.hdr.seq)
		return expect_drop(e, GUNYAH_RM_RPC_ERR_SEQ_MISMATCH, len);
	if (h->num_fragments != model.hdr.num_fragments)
		return expect_drop(e, GUNYAH_RM_RPC_ERR_FRAGMENTS_MISMATCH,
				   len);
	last_fragment = model.left == 1;
	if (last_fragment ? n == 0 : n != GUNYAH_RM_RPC_FRAG_PAYLOAD) {
		int ret = expect_drop(e, GUNYAH_RM_RPC_ERR_FRAGMENT_SIZE, len);

		model_abort(e);
		return ret;
	}
	memcpy(model.buf + model.len, data, n);
	model.len += n;
	if (--model.left)
		return 0;
	model.pending = false;
	return model_deliver(e, &model.hdr, model.buf, model.len);
}

static int model_feed(struct expect *e, const uint8_t *pkt, size_t len)
{
	struct gunyah_rm_rpc_hdr h;
	size_t n;

	if (len < GUNYAH_RM_RPC_HDR_SIZE)
		return expect_drop(e, GUNYAH_RM_RPC_ERR_SHORT_PACKET, len);
	h.api_version = pkt[0] & 0xf;
	h.header_words = pkt[0] >> 4;
	h.type = (enum gunyah_rm_rpc_type)(pkt[1] & 3);
	h.num_fragments = pkt[1] >> 2;
	h.seq = (uint16_t)(pkt[2] | pkt[3] << 8);
	h.msg_id = (uint32_t)pkt[4] | (uint32_t)pkt[5] << 8 |
		   (uint32_t)pkt[6] << 16 | (uint32_t)pkt[7] << 24;
	if (h.api_version != 1)
		return expect_drop(e, GUNYAH_RM_RPC_ERR_API_VERSION, len);
	if (h.header_words != 2)
		return expect_drop(e, GUNYAH_RM_RPC_ERR_HEADER_WORDS, len);
	if (h.num_fragments > 62)
		return expect_drop(e, GUNYAH_RM_RPC_ERR_TOO_MANY_FRAGMENTS,
				   len);
	if (len > 240)
		return expect_drop(e, GUNYAH_RM_RPC_ERR_LONG_PACKET, len);
	n = len - GUNYAH_RM_RPC_HDR_SIZE;
	if (h.type == GUNYAH_RM_RPC_TYPE_CONTINUATION)
		return model_continue(e, &h, pkt + GUNYAH_RM_RPC_HDR_SIZE, n,
				      len);
	return model_start(e, &h, pkt + GUNYAH_RM_RPC_HDR_SIZE, n, len);
}

static bool hdr_equal(const struct gunyah_rm_rpc_hdr *a,
		      const struct gunyah_rm_rpc_hdr *b)
{
	return a->api_version == b->api_version &&
	       a->header_words == b->header_words && a->type == b->type &&
	       a->num_fragments == b->num_fragments && a->seq == b->seq &&
	       a->msg_id == b->msg_id;
}

/* A decoded header re-encodes to its own 8 bytes, whatever they were. */
static void check_header(const uint8_t *pkt, size_t len, size_t index)
{
	struct gunyah_rm_rpc_hdr h;
	enum gunyah_rm_rpc_err why = GUNYAH_RM_RPC_ERR_NONE;
	uint8_t out[GUNYAH_RM_RPC_HDR_SIZE];
	int ret = gunyah_rm_rpc_hdr_decode(pkt, len, &h, &why);

	if (ret != gunyah_rm_rpc_err_errno(why))
		fail("header decode result and reason disagree", index);
	if (len < GUNYAH_RM_RPC_HDR_SIZE) {
		if (why != GUNYAH_RM_RPC_ERR_SHORT_PACKET)
			fail("short packet not reported", index);
		return;
	}
	if (gunyah_rm_rpc_hdr_encode(&h, out) ||
	    memcmp(out, pkt, sizeof(out)) != 0)
		fail("header does not re-encode to its bytes", index);
}

static void feed_one(const uint8_t *pkt, size_t len, size_t index)
{
	struct expect e = { .n_why = 0 };
	struct seen s = { .n_why = 0 };
	struct gunyah_rm_rpc_msg msg;
	unsigned int i;
	int ret;

	check_header(pkt, len, index);
	reasm.report_ctx = &s;
	memset(&msg, 0, sizeof(msg));
	ret = gunyah_rm_reasm_feed(&reasm, pkt, len, &msg);
	e.ret = model_feed(&e, pkt, len);

	if (s.bad)
		fail("malformed report", index);
	if (ret != e.ret)
		fail("return value differs from the model", index);
	if (s.n_why != e.n_why)
		fail("number of reports differs from the model", index);
	for (i = 0; i < e.n_why; i++) {
		if (s.why[i] != e.why[i] || s.rep_len[i] != e.rep_len[i])
			fail("report differs from the model", index);
	}
	if (ret != 1)
		return;
	if (!hdr_equal(&msg.hdr, &e.hdr) ||
	    msg.hdr.type == GUNYAH_RM_RPC_TYPE_CONTINUATION)
		fail("completed message header differs from the model", index);
	if (msg.len != e.len || msg.len > GUNYAH_RM_RPC_MAX_PAYLOAD ||
	    (msg.len && memcmp(msg.payload, e.payload, msg.len) != 0))
		fail("completed message payload differs from the model", index);
	if (!msg.hdr.num_fragments &&
	    msg.payload != pkt + GUNYAH_RM_RPC_HDR_SIZE)
		fail("single-packet message not handed out in place", index);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t pos = 0, index = 0;

	gunyah_rm_reasm_init(&reasm, on_report, NULL);
	memset(&model, 0, offsetof(struct model, buf));
	while (pos < size) {
		size_t len = data[pos++];
		uint8_t *pkt;

		if (len > size - pos)
			len = size - pos;
		/* Exactly @len bytes, so that any overread is caught. */
		pkt = malloc(len ? len : 1);
		if (!pkt)
			abort();
		if (len)
			memcpy(pkt, data + pos, len);
		feed_one(pkt, len, index++);
		free(pkt);
		pos += len;
	}
	return 0;
}
