// SPDX-License-Identifier: BSD-3-Clause
/*
 * RM RPC packet header, fragmentation and reassembly.
 */
#include <errno.h>
#include <string.h>

#include "gunyah_rm/rpc.h"

/**
 * gunyah_rm_rpc_err_str() - Describe a drop reason.
 * @reason: the reason
 *
 * Return: a static string; "unknown RPC error" for values outside the enum.
 */
const char *gunyah_rm_rpc_err_str(enum gunyah_rm_rpc_err reason)
{
	static const char *const strs[] = {
#define GUNYAH_RM_RPC_ERR_STR(name, err, str) [GUNYAH_RM_RPC_ERR_##name] = str,
		GUNYAH_RM_RPC_ERRORS(GUNYAH_RM_RPC_ERR_STR)
#undef GUNYAH_RM_RPC_ERR_STR
	};

	if ((size_t)reason >= sizeof(strs) / sizeof(strs[0]))
		return "unknown RPC error";
	return strs[reason];
}

/**
 * gunyah_rm_rpc_err_errno() - The errno that goes with a drop reason.
 * @reason: the reason
 *
 * Return: a negative errno, 0 for GUNYAH_RM_RPC_ERR_NONE, -EINVAL for values
 * outside the enum.
 */
int gunyah_rm_rpc_err_errno(enum gunyah_rm_rpc_err reason)
{
	static const int errs[] = {
#define GUNYAH_RM_RPC_ERR_NO(name, err, str) \
	[GUNYAH_RM_RPC_ERR_##name] = -(err),
		GUNYAH_RM_RPC_ERRORS(GUNYAH_RM_RPC_ERR_NO)
#undef GUNYAH_RM_RPC_ERR_NO
	};

	if ((size_t)reason >= sizeof(errs) / sizeof(errs[0]))
		return -EINVAL;
	return errs[reason];
}

/*
 * The header's 8 bytes as a little-endian word (fields assumed to fit):
 * byte 0 header_words:api_version, byte 1 num_fragments:type, bytes 2-3
 * seq, bytes 4-7 msg_id. Written with one store, so that a later 8-byte
 * read of them is not held up by narrower stores.
 */
static inline uint64_t hdr_pack(const struct gunyah_rm_rpc_hdr *hdr)
{
	return (uint64_t)(hdr->header_words << 4 | hdr->api_version) |
	       (uint64_t)(hdr->num_fragments << 2 | (unsigned int)hdr->type)
		       << 8 |
	       (uint64_t)hdr->seq << 16 | (uint64_t)hdr->msg_id << 32;
}

/* The type bits (byte 1, bits 1:0) in a hdr_pack() word. */
#define HDR_TYPE_BITS ((uint64_t)0x3 << 8)

/**
 * gunyah_rm_rpc_hdr_encode() - Write an RPC header.
 * @hdr: header fields; any value that fits its bit field is written, so
 *       deliberately malformed headers can be produced for testing
 * @out: GUNYAH_RM_RPC_HDR_SIZE bytes
 *
 * Return: 0, or -EINVAL if a field does not fit its bit field (nothing is
 * written then).
 */
int gunyah_rm_rpc_hdr_encode(const struct gunyah_rm_rpc_hdr *hdr, uint8_t *out)
{
	if (hdr->api_version > 0xf || hdr->header_words > 0xf ||
	    (unsigned int)hdr->type > 0x3 || hdr->num_fragments > 0x3f)
		return -EINVAL;

	gunyah_rm_put_le64(out, hdr_pack(hdr));
	return 0;
}

static int hdr_fail(enum gunyah_rm_rpc_err *reason, enum gunyah_rm_rpc_err r)
{
	if (reason)
		*reason = r;
	return gunyah_rm_rpc_err_errno(r);
}

/**
 * gunyah_rm_rpc_hdr_decode() - Read and check an RPC header.
 * @pkt: the packet
 * @len: packet length
 * @hdr: decoded fields; filled whenever @len >= GUNYAH_RM_RPC_HDR_SIZE, even
 *       if a check fails
 * @reason: set to the failed check, or GUNYAH_RM_RPC_ERR_NONE; may be NULL
 *
 * Checks, in order: the packet holds a header, api_version is 1,
 * header_words is 2, num_fragments is at most 62.
 *
 * Return: 0; -EBADMSG (short packet), -EPROTONOSUPPORT (api_version),
 * -EPROTO (header_words) or -E2BIG (num_fragments).
 */
int gunyah_rm_rpc_hdr_decode(const void *pkt, size_t len,
			     struct gunyah_rm_rpc_hdr *hdr,
			     enum gunyah_rm_rpc_err *reason)
{
	const uint8_t *p = pkt;

	if (len < GUNYAH_RM_RPC_HDR_SIZE)
		return hdr_fail(reason, GUNYAH_RM_RPC_ERR_SHORT_PACKET);

	hdr->api_version = p[0] & 0xf;
	hdr->header_words = p[0] >> 4;
	hdr->type = (enum gunyah_rm_rpc_type)(p[1] & 0x3);
	hdr->num_fragments = p[1] >> 2;
	hdr->seq = gunyah_rm_get_le16(p + 2);
	hdr->msg_id = gunyah_rm_get_le32(p + 4);

	if (hdr->api_version != GUNYAH_RM_RPC_API_VERSION)
		return hdr_fail(reason, GUNYAH_RM_RPC_ERR_API_VERSION);
	if (hdr->header_words != GUNYAH_RM_RPC_HEADER_WORDS)
		return hdr_fail(reason, GUNYAH_RM_RPC_ERR_HEADER_WORDS);
	if (hdr->num_fragments > GUNYAH_RM_RPC_MAX_CONTINUATIONS)
		return hdr_fail(reason, GUNYAH_RM_RPC_ERR_TOO_MANY_FRAGMENTS);
	return hdr_fail(reason, GUNYAH_RM_RPC_ERR_NONE);
}

/**
 * gunyah_rm_rpc_num_packets() - Packets needed for a message payload.
 * @len: payload length
 *
 * Return: 1..GUNYAH_RM_RPC_MAX_PACKETS (a zero-length message is one
 * header-only packet), or -E2BIG above GUNYAH_RM_RPC_MAX_PAYLOAD.
 */
int gunyah_rm_rpc_num_packets(size_t len)
{
	if (len > GUNYAH_RM_RPC_MAX_PAYLOAD)
		return -E2BIG;
	if (len == 0)
		return 1;
	return (int)((len + GUNYAH_RM_RPC_FRAG_PAYLOAD - 1) /
		     GUNYAH_RM_RPC_FRAG_PAYLOAD);
}

/* Without sendseg, a whole RPC message still goes to sendmv in one call. */
_Static_assert(GUNYAH_RM_SEGV_BATCH >= GUNYAH_RM_RPC_MAX_PACKETS,
	       "an RPC message is one batch of the sendseg fallback");

/**
 * gunyah_rm_transport_sendseg_cut() - Send a run without the sendseg op.
 * @t: the endpoint
 * @s: the run (see struct gunyah_rm_segv)
 *
 * What gunyah_rm_transport_sendseg() does for a transport without
 * sendseg, and what one may call for runs its sendseg leaves to others:
 * checks @s (gunyah_rm_segv_check()), then cuts it into vectors of up to
 * GUNYAH_RM_SEGV_BATCH messages, each given to the transport's sendmv in
 * one call, or, without sendmv, joins each message in a buffer (one copy)
 * and gives it to send. The messages and errors are those of sendseg (see
 * struct gunyah_rm_transport_ops); between the calls for one run, another
 * sender may use @t.
 *
 * Return: as gunyah_rm_transport_sendseg().
 */
int gunyah_rm_transport_sendseg_cut(const struct gunyah_rm_transport *t,
				    const struct gunyah_rm_segv *s)
{
	struct gunyah_rm_msgv v[GUNYAH_RM_SEGV_BATCH];
	uint8_t pkt[GUNYAH_RM_MSGQ_MSG_SIZE];
	const uint8_t *data;
	size_t off = 0, rest, j, k;
	bool first;
	int ret;

	ret = gunyah_rm_segv_check(s);
	if (ret)
		return ret;
	data = (const uint8_t *)s->data;
	rest = s->len;
	do {
		/* Only the first batch is at offset 0 (seg > 0 if len > 0). */
		first = !off;
		/*
		 * The messages of gunyah_rm_segv_msg(), without its product:
		 * full ones while more than a segment is left, then the last.
		 */
		for (k = 0; k < GUNYAH_RM_SEGV_BATCH && rest > s->seg; k++) {
			v[k].hdr = s->cont;
			v[k].data = data + off;
			v[k].hdr_len = s->hdr_len;
			v[k].len = s->seg;
			v[k].flags = s->flags;
			off += s->seg;
			rest -= s->seg;
		}
		if (k < GUNYAH_RM_SEGV_BATCH) {
			v[k].hdr = s->cont;
			v[k].data = rest ? data + off : NULL;
			v[k].hdr_len = s->hdr_len;
			v[k].len = (unsigned int)rest;
			v[k].flags = s->last_flags;
			k++;
			rest = 0;
		}
		if (first)
			v[0].hdr = s->hdr;
		if (t->ops->sendmv) {
			ret = t->ops->sendmv(t->ctx, v, k);
			if (ret)
				return ret;
			continue;
		}
		for (j = 0; j < k; j++) {
			/* Checked: hdr_len + len <= sizeof(pkt). */
			if (v[j].hdr_len)
				memcpy(pkt, v[j].hdr, v[j].hdr_len);
			if (v[j].len)
				memcpy(pkt + v[j].hdr_len, v[j].data, v[j].len);
			ret = t->ops->send(t->ctx, pkt,
					   (size_t)v[j].hdr_len + v[j].len,
					   v[j].flags);
			if (ret)
				return ret;
		}
		/* 0 once the last message is sent (also of an empty run). */
	} while (rest);
	return 0;
}

/**
 * gunyah_rm_rpc_send() - Fragment a message and send its packets.
 * @t: transport to send on
 * @type: GUNYAH_RM_RPC_TYPE_REQUEST, _REPLY or _NOTIFICATION
 * @seq: sequence number carried by every packet
 * @msg_id: message or notification ID carried by every packet
 * @payload: message payload (may be NULL if @len is 0)
 * @len: payload length, 0..GUNYAH_RM_RPC_MAX_PAYLOAD
 *
 * The first packet carries @type, the others CONTINUATION; all carry
 * num_fragments = packets - 1. Every packet but the last holds 232 payload
 * bytes; only the last is sent with GUNYAH_RM_MSGQ_TX_PUSH. The packets
 * go to gunyah_rm_transport_sendseg() as one run (struct gunyah_rm_segv:
 * the first header, the continuation header, the payload and the 232-byte
 * segment size), and nothing is copied here: a transport with sendseg
 * gets that description in one call; one with sendmv gets all the packets
 * in one call, as header and payload slices (a 2 KiB vector on the
 * stack); otherwise each packet is joined in a buffer (one copy) and sent
 * with send. The caller serialises concurrent senders so that packets of
 * two messages do not interleave.
 *
 * Return: 0; -EINVAL for a bad @type or a NULL @payload with @len > 0;
 * -E2BIG if @len exceeds the maximum (nothing is sent); or the transport's
 * error, in which case the packets before the failing one were sent.
 */
int gunyah_rm_rpc_send(const struct gunyah_rm_transport *t,
		       enum gunyah_rm_rpc_type type, uint16_t seq,
		       uint32_t msg_id, const void *payload, size_t len)
{
	uint8_t first[GUNYAH_RM_RPC_HDR_SIZE], cont[GUNYAH_RM_RPC_HDR_SIZE];
	struct gunyah_rm_rpc_hdr hdr = {
		.api_version = GUNYAH_RM_RPC_API_VERSION,
		.header_words = GUNYAH_RM_RPC_HEADER_WORDS,
		.type = type,
		.seq = seq,
		.msg_id = msg_id,
	};
	struct gunyah_rm_segv run = {
		.hdr = first,
		.data = payload,
		.len = len,
		.hdr_len = GUNYAH_RM_RPC_HDR_SIZE,
		.seg = GUNYAH_RM_RPC_FRAG_PAYLOAD,
		.flags = 0,
		.last_flags = GUNYAH_RM_MSGQ_TX_PUSH,
	};
	uint64_t w;
	int npkts;

	if (type != GUNYAH_RM_RPC_TYPE_REQUEST &&
	    type != GUNYAH_RM_RPC_TYPE_REPLY &&
	    type != GUNYAH_RM_RPC_TYPE_NOTIFICATION)
		return -EINVAL;
	if (len && !payload)
		return -EINVAL;
	npkts = gunyah_rm_rpc_num_packets(len);
	if (npkts < 0)
		return npkts;
	/* Every field fits (what gunyah_rm_rpc_hdr_encode() checks). */
	hdr.num_fragments = (uint8_t)(npkts - 1);
	w = hdr_pack(&hdr);
	gunyah_rm_put_le64(first, w);
	if (npkts > 1) {
		/* The same header with type CONTINUATION, which is 0. */
		gunyah_rm_put_le64(cont, w & ~HDR_TYPE_BITS);
		run.cont = cont;
	}

	return gunyah_rm_transport_sendseg(t, &run);
}

/**
 * gunyah_rm_reasm_init() - Prepare reassembly state.
 * @r: the state (about 15 KiB, embedded; nothing is allocated)
 * @report: called for every problem found; may be NULL
 * @ctx: first argument of @report
 */
void gunyah_rm_reasm_init(struct gunyah_rm_reasm *r,
			  gunyah_rm_rpc_report_fn report, void *ctx)
{
	r->report = report;
	r->report_ctx = ctx;
	gunyah_rm_reasm_reset(r);
}

/**
 * gunyah_rm_reasm_reset() - Forget any message in progress, silently.
 * @r: the state
 */
void gunyah_rm_reasm_reset(struct gunyah_rm_reasm *r)
{
	r->pending = false;
	r->frags_left = 0;
	r->len = 0;
	r->last_valid = false;
	memset(&r->hdr, 0, sizeof(r->hdr));
	memset(&r->last, 0, sizeof(r->last));
}

static int reasm_report(struct gunyah_rm_reasm *r, enum gunyah_rm_rpc_err why,
			const struct gunyah_rm_rpc_hdr *hdr, size_t len)
{
	struct gunyah_rm_rpc_report rep = {
		.code = gunyah_rm_rpc_err_errno(why),
		.reason = why,
		.hdr_valid = hdr != NULL,
		.len = len,
	};

	if (hdr)
		rep.hdr = *hdr;
	if (r->report)
		r->report(r->report_ctx, &rep);
	return rep.code;
}

/* Drop the message in progress, if any, and say so. */
static void reasm_abort(struct gunyah_rm_reasm *r)
{
	if (!r->pending)
		return;
	r->pending = false;
	reasm_report(r, GUNYAH_RM_RPC_ERR_INCOMPLETE, &r->hdr, r->len);
}

/*
 * A fragment of a message with @frags_after packets still to come must be
 * full; the last one must hold 1..232 bytes unless the message is a single
 * packet (0..232). This is how every sender splits: num_fragments =
 * ceil(len / 232) - 1.
 */
static bool frag_size_ok(const struct gunyah_rm_rpc_hdr *hdr,
			 unsigned int frags_after, size_t n)
{
	if (frags_after)
		return n == GUNYAH_RM_RPC_FRAG_PAYLOAD;
	return n > 0 || hdr->num_fragments == 0;
}

static int reasm_complete(struct gunyah_rm_reasm *r,
			  const struct gunyah_rm_rpc_hdr *hdr,
			  const uint8_t *payload, size_t len,
			  struct gunyah_rm_rpc_msg *msg)
{
	r->last = *hdr;
	r->last_valid = true;
	msg->hdr = *hdr;
	msg->payload = payload;
	msg->len = len;
	return 1;
}

/*
 * Append @n payload bytes (0 or more) to the message in progress. A lone
 * fragment is exactly GUNYAH_RM_RPC_FRAG_PAYLOAD bytes: copying that
 * constant size lets the compiler inline the copy (a library call per 232
 * bytes costs as much as the copy itself).
 */
static inline void reasm_append(struct gunyah_rm_reasm *r, const uint8_t *data,
				size_t n)
{
	if (n == GUNYAH_RM_RPC_FRAG_PAYLOAD)
		memcpy(r->buf + r->len, data, GUNYAH_RM_RPC_FRAG_PAYLOAD);
	else if (n)
		memcpy(r->buf + r->len, data, n);
	r->len += n;
}

static int reasm_start(struct gunyah_rm_reasm *r,
		       const struct gunyah_rm_rpc_hdr *hdr, const uint8_t *data,
		       size_t n, size_t pkt_len, struct gunyah_rm_rpc_msg *msg)
{
	struct gunyah_rm_rpc_hdr cont;

	/* Any new message ends the one in progress, as in RM and Linux. */
	reasm_abort(r);
	r->last_valid = false;

	if (!frag_size_ok(hdr, hdr->num_fragments, n))
		return reasm_report(r, GUNYAH_RM_RPC_ERR_FRAGMENT_SIZE, hdr,
				    pkt_len);

	/* A single-packet message is handed out in place, without a copy. */
	if (hdr->num_fragments == 0)
		return reasm_complete(r, hdr, data, n, msg);

	memcpy(r->buf, data, n);
	r->hdr = *hdr;
	r->len = n;
	r->frags_left = hdr->num_fragments;
	r->pending = true;
	/* The header every continuation of this message must carry. */
	cont = *hdr;
	cont.type = GUNYAH_RM_RPC_TYPE_CONTINUATION;
	gunyah_rm_rpc_hdr_encode(&cont, r->cont);
	return 0;
}

static int reasm_continue(struct gunyah_rm_reasm *r,
			  const struct gunyah_rm_rpc_hdr *hdr,
			  const uint8_t *data, size_t n, size_t pkt_len,
			  struct gunyah_rm_rpc_msg *msg)
{
	enum gunyah_rm_rpc_err why = GUNYAH_RM_RPC_ERR_NONE;

	if (!r->pending) {
		if (r->last_valid && r->last.msg_id == hdr->msg_id &&
		    r->last.seq == hdr->seq &&
		    r->last.num_fragments == hdr->num_fragments)
			why = GUNYAH_RM_RPC_ERR_EXTRA_CONTINUATION;
		else
			why = GUNYAH_RM_RPC_ERR_ORPHAN_CONTINUATION;
	} else if (hdr->msg_id != r->hdr.msg_id) {
		why = GUNYAH_RM_RPC_ERR_MSG_ID_MISMATCH;
	} else if (hdr->seq != r->hdr.seq) {
		why = GUNYAH_RM_RPC_ERR_SEQ_MISMATCH;
	} else if (hdr->num_fragments != r->hdr.num_fragments) {
		why = GUNYAH_RM_RPC_ERR_FRAGMENTS_MISMATCH;
	}
	/*
	 * A stray continuation is dropped and the message in progress kept,
	 * as RM does: a later matching continuation can still complete it.
	 */
	if (why != GUNYAH_RM_RPC_ERR_NONE)
		return reasm_report(r, why, hdr, pkt_len);

	if (!frag_size_ok(hdr, r->frags_left - 1, n)) {
		/* A fragment of this message was mis-sized: it is corrupt. */
		why = GUNYAH_RM_RPC_ERR_FRAGMENT_SIZE;
	} else if (gunyah_rm_size_add(r->len, n) > sizeof(r->buf)) {
		/* Unreachable while the checks above hold; kept as a guard. */
		why = GUNYAH_RM_RPC_ERR_MSG_TOO_LONG;
	}
	if (why != GUNYAH_RM_RPC_ERR_NONE) {
		int ret = reasm_report(r, why, hdr, pkt_len);

		reasm_abort(r);
		return ret;
	}

	reasm_append(r, data, n);
	if (--r->frags_left)
		return 0;
	r->pending = false;
	return reasm_complete(r, &r->hdr, r->buf, r->len, msg);
}

/**
 * gunyah_rm_reasm_feed() - Process one received msgq message.
 * @r: reassembly state
 * @pkt: the packet
 * @len: packet length
 * @msg: filled when a message completes
 *
 * A bad packet is dropped and reported; reassembly then carries on, so the
 * next valid message is still delivered. Rules: packets must hold a header
 * and at most 232 payload bytes; the header must pass
 * gunyah_rm_rpc_hdr_decode(); a REQUEST, REPLY or NOTIFICATION packet
 * starts a message and drops (reports INCOMPLETE) any message in progress; a
 * CONTINUATION must match the message in progress in msg_id, seq and
 * num_fragments, else it alone is dropped; every fragment but the last
 * carries exactly 232 bytes, else the whole message is dropped.
 *
 * Return: 1 with @msg filled when a message is complete (its payload is
 * valid until the next call), 0 when the packet was taken and more are
 * needed, or the negative errno of the reason the packet was dropped.
 */
int gunyah_rm_reasm_feed(struct gunyah_rm_reasm *r, const void *pkt, size_t len,
			 struct gunyah_rm_rpc_msg *msg)
{
	const uint8_t *p = pkt;

	if (len < GUNYAH_RM_RPC_HDR_SIZE)
		return reasm_report(r, GUNYAH_RM_RPC_ERR_SHORT_PACKET, NULL,
				    len);
	return gunyah_rm_reasm_feedv(r, p, p + GUNYAH_RM_RPC_HDR_SIZE,
				     len - GUNYAH_RM_RPC_HDR_SIZE, msg);
}

/**
 * gunyah_rm_reasm_feedv() - Take one msgq message given in two parts.
 * @r: reassembly state
 * @hdr_bytes: the message's GUNYAH_RM_RPC_HDR_SIZE header bytes
 * @data: the @n payload bytes that follow the header
 * @n: payload bytes in this message
 * @msg: filled when a message is complete
 *
 * As gunyah_rm_reasm_feed() for the message @hdr_bytes followed by @data,
 * without joining them first (see also gunyah_rm_reasm_feedmv()).
 *
 * Return: as gunyah_rm_reasm_feed().
 */
int gunyah_rm_reasm_feedv(struct gunyah_rm_reasm *r, const void *hdr_bytes,
			  const void *data, size_t n,
			  struct gunyah_rm_rpc_msg *msg)
{
	struct gunyah_rm_rpc_hdr hdr;
	enum gunyah_rm_rpc_err why;
	size_t len = gunyah_rm_size_add(GUNYAH_RM_RPC_HDR_SIZE, n);
	int ret;

	/*
	 * Fast path: the next continuation of the message in progress, with
	 * exactly the header bytes it must carry and a right-sized fragment.
	 * The full path below takes the same decision for it.
	 */
	if (r->pending && !memcmp(hdr_bytes, r->cont, GUNYAH_RM_RPC_HDR_SIZE) &&
	    (r->frags_left > 1 ? n == GUNYAH_RM_RPC_FRAG_PAYLOAD :
				 n > 0 && n <= GUNYAH_RM_RPC_FRAG_PAYLOAD) &&
	    n <= sizeof(r->buf) - r->len) {
		reasm_append(r, data, n);
		if (--r->frags_left)
			return 0;
		r->pending = false;
		return reasm_complete(r, &r->hdr, r->buf, r->len, msg);
	}

	ret = gunyah_rm_rpc_hdr_decode(hdr_bytes, GUNYAH_RM_RPC_HDR_SIZE, &hdr,
				       &why);
	if (ret)
		return reasm_report(r, why, &hdr, len);
	if (len > GUNYAH_RM_MSGQ_MSG_SIZE)
		return reasm_report(r, GUNYAH_RM_RPC_ERR_LONG_PACKET, &hdr,
				    len);
	if (hdr.type == GUNYAH_RM_RPC_TYPE_CONTINUATION)
		return reasm_continue(r, &hdr, data, n, len, msg);
	return reasm_start(r, &hdr, data, n, len, msg);
}

/*
 * Feed one message of a vector. One whose header part is not exactly the RPC
 * header is joined in @r->join first (where a single-packet message's
 * payload then stays until the next feed).
 */
static int reasm_feed_one(struct gunyah_rm_reasm *r,
			  const struct gunyah_rm_msgv *m,
			  struct gunyah_rm_rpc_msg *msg)
{
	if (m->hdr_len == GUNYAH_RM_RPC_HDR_SIZE)
		return gunyah_rm_reasm_feedv(r, m->hdr, m->data, m->len, msg);
	if (m->hdr_len > sizeof(r->join) ||
	    m->len > sizeof(r->join) - m->hdr_len)
		return reasm_report(r, GUNYAH_RM_RPC_ERR_LONG_PACKET, NULL,
				    gunyah_rm_size_add(m->hdr_len, m->len));
	if (m->hdr_len)
		memcpy(r->join, m->hdr, m->hdr_len);
	if (m->len)
		memcpy(r->join + m->hdr_len, m->data, m->len);
	return gunyah_rm_reasm_feed(r, r->join, m->hdr_len + m->len, msg);
}

/*
 * Take the longest prefix of @v that are the expected full continuations of
 * the message in progress (not its last fragment), exactly as the fast path
 * of gunyah_rm_reasm_feedv() would; fragments sliced from one buffer
 * (rpc_send's, or a transport that receives payloads contiguously) are
 * copied with one memcpy(). Returns how many were taken.
 */
static size_t reasm_take_full(struct gunyah_rm_reasm *r,
			      const struct gunyah_rm_msgv *v, size_t n)
{
	const uint8_t *run = NULL, *run_end = NULL;
	size_t max, k;

	if (!r->pending || r->frags_left < 2)
		return 0;
	/* Not the last fragment, and never past the buffer. */
	max = r->frags_left - 1;
	if (max > n)
		max = n;
	if (max > (sizeof(r->buf) - r->len) / GUNYAH_RM_RPC_FRAG_PAYLOAD)
		max = (sizeof(r->buf) - r->len) / GUNYAH_RM_RPC_FRAG_PAYLOAD;
	for (k = 0; k < max; k++) {
		const uint8_t *data = v[k].data;

		if (v[k].hdr_len != GUNYAH_RM_RPC_HDR_SIZE ||
		    v[k].len != GUNYAH_RM_RPC_FRAG_PAYLOAD ||
		    memcmp(v[k].hdr, r->cont, GUNYAH_RM_RPC_HDR_SIZE) != 0)
			break;
		if (!run || data != run_end) {
			if (run)
				reasm_append(r, run, (size_t)(run_end - run));
			run = data;
			run_end = data;
		}
		run_end += GUNYAH_RM_RPC_FRAG_PAYLOAD;
	}
	if (run)
		reasm_append(r, run, (size_t)(run_end - run));
	r->frags_left -= (unsigned int)k;
	return k;
}

/*
 * A whole multi-packet message at the start of @v whose payload parts lie
 * back to back in one buffer (as a transport that lends its receive buffer
 * gives them) is delivered in place, without a copy: returns its number of
 * packets, with @msg filled and @r left exactly as feeding the packets one
 * by one leaves it (a message in progress dropped and reported, the new one
 * the last completed). Each packet must have an 8-byte header part, the
 * continuations the header bytes every continuation of this message must
 * carry, and the fragments the right sizes (232 bytes but the last, which
 * holds 1..232), so that feeding them one by one would complete the
 * message the same way. Returns 0, taking nothing, otherwise.
 */
static size_t reasm_take_whole(struct gunyah_rm_reasm *r,
			       const struct gunyah_rm_msgv *v, size_t n,
			       struct gunyah_rm_rpc_msg *msg)
{
	struct gunyah_rm_rpc_hdr hdr;
	uintptr_t at;
	uint64_t w;
	size_t k, f, last;

	if (n < 2 || v[0].hdr_len != GUNYAH_RM_RPC_HDR_SIZE ||
	    v[0].len != GUNYAH_RM_RPC_FRAG_PAYLOAD)
		return 0;
	if (gunyah_rm_rpc_hdr_decode(v[0].hdr, GUNYAH_RM_RPC_HDR_SIZE, &hdr,
				     NULL) ||
	    hdr.type == GUNYAH_RM_RPC_TYPE_CONTINUATION || !hdr.num_fragments ||
	    hdr.num_fragments >= n)
		return 0;
	f = hdr.num_fragments;
	last = v[f].len;
	if (v[f].hdr_len != GUNYAH_RM_RPC_HDR_SIZE || !last ||
	    last > GUNYAH_RM_RPC_FRAG_PAYLOAD)
		return 0;
	/*
	 * The header every continuation must carry, as
	 * gunyah_rm_rpc_hdr_encode() of this one with type CONTINUATION (0)
	 * would write it: the same bytes but the type bits (byte 1, bits
	 * 1:0, HDR_TYPE_BITS of the little-endian word), since the header
	 * decoded and its fields span all 64 bits. Computed in a register,
	 * not stored bytewise and read back.
	 */
	w = gunyah_rm_get_le64(v[0].hdr) & ~HDR_TYPE_BITS;

	/*
	 * Continuations 1..f-1 full, all f with the expected header, each
	 * payload part 232 bytes after the one before it (compared as
	 * addresses: two tests a packet).
	 */
	at = (uintptr_t)v[0].data;
	for (k = 1; k < f; k++) {
		at += GUNYAH_RM_RPC_FRAG_PAYLOAD;
		if (v[k].hdr_len != GUNYAH_RM_RPC_HDR_SIZE ||
		    v[k].len != GUNYAH_RM_RPC_FRAG_PAYLOAD)
			return 0;
		if ((gunyah_rm_get_le64(v[k].hdr) ^ w) |
		    ((uintptr_t)v[k].data ^ at))
			return 0;
	}
	at += GUNYAH_RM_RPC_FRAG_PAYLOAD;
	if ((gunyah_rm_get_le64(v[f].hdr) ^ w) | ((uintptr_t)v[f].data ^ at))
		return 0;

	reasm_abort(r);
	r->hdr = hdr;
	r->len = f * GUNYAH_RM_RPC_FRAG_PAYLOAD + last;
	r->frags_left = 0;
	gunyah_rm_put_le64(r->cont, w);
	reasm_complete(r, &hdr, v[0].data, r->len, msg);
	return f + 1;
}

/**
 * gunyah_rm_reasm_feedmv() - Take several msgq messages in order.
 * @r: reassembly state
 * @msgs: the messages, each as header and payload parts (as
 *        gunyah_rm_rpc_send() hands them to a transport's sendmv)
 * @n: number of messages at @msgs
 * @used: set to the number of messages taken
 * @msg: filled when a message is complete
 *
 * Takes the messages in order, exactly as one gunyah_rm_reasm_feedv() call
 * each would, and stops after the first one that completes a message or is
 * dropped, so that the caller can use @msg before feeding the rest
 * (@msgs + *@used). The expected continuations of a message in progress are
 * taken in a tight loop: an 8-byte header compare and a 232-byte copy each.
 * A whole multi-packet message at the start of what is left, its packets
 * each an 8-byte header part and a payload part, the payload parts back to
 * back in one buffer (as rpc_send() slices them, and as the in-memory
 * transport lends them), the continuation headers as expected and the
 * fragment sizes right, is delivered in place: @msg->payload points at the
 * first packet's payload part, and nothing is copied. Otherwise its payload
 * is copied to the reassembly buffer.
 *
 * Return: 1 when the last message taken completed @msg, 0 when all @n were
 * taken and more are needed (or @n is 0), or the negative errno of the
 * reason the last message taken was dropped.
 */
int gunyah_rm_reasm_feedmv(struct gunyah_rm_reasm *r,
			   const struct gunyah_rm_msgv *msgs, size_t n,
			   size_t *used, struct gunyah_rm_rpc_msg *msg)
{
	size_t i = 0, k;
	int ret;

	while (i < n) {
		i += reasm_take_full(r, msgs + i, n - i);
		if (i == n)
			break;
		k = reasm_take_whole(r, msgs + i, n - i, msg);
		if (k) {
			*used = i + k;
			return 1;
		}
		ret = reasm_feed_one(r, &msgs[i++], msg);
		if (ret) {
			*used = i;
			return ret;
		}
	}
	*used = n;
	return 0;
}
