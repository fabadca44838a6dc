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

	if ((unsigned int)reason >= GUNYAH_RM_RPC_NR_ERRS)
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

	if ((unsigned int)reason >= GUNYAH_RM_RPC_NR_ERRS)
		return -EINVAL;
	return errs[reason];
}

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

	out[0] = (uint8_t)(hdr->header_words << 4 | hdr->api_version);
	out[1] = (uint8_t)(hdr->num_fragments << 2 | (unsigned int)hdr->type);
	gunyah_rm_put_le16(out + 2, hdr->seq);
	gunyah_rm_put_le32(out + 4, hdr->msg_id);
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
 * Return: 0, or the errno of the first failed check: -EBADMSG (no header),
 * -EPROTONOSUPPORT (api_version is not 1), -EPROTO (header_words is not 2)
 * or -E2BIG (num_fragments above 62).
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

/**
 * gunyah_rm_rpc_send() - Fragment a message and send its packets.
 * @t: transport to send on
 * @type: GUNYAH_RM_RPC_TYPE_REQUEST, _REPLY or _NOTIFICATION
 * @seq: sequence number carried by every packet
 * @msg_id: message or notification ID carried by every packet
 * @payload: message payload (may be NULL if @len is 0)
 * @len: payload length, 0..GUNYAH_RM_RPC_MAX_PAYLOAD
 * @deadline: CLOCK_MONOTONIC time by which every packet must be sent, or
 *            NULL to wait as long as the transport does
 *
 * Only the last packet is sent with GUNYAH_RM_MSGQ_TX_PUSH. The caller keeps
 * concurrent senders from interleaving their packets.
 *
 * Return: 0; -EINVAL (bad @type, or NULL @payload with @len > 0); -E2BIG
 * (@len too long; nothing sent); or the transport's error, e.g. -ETIMEDOUT,
 * the packets before the failing one sent (the peer drops that partial
 * message when the next one starts).
 */
int gunyah_rm_rpc_send(const struct gunyah_rm_transport *t,
		       enum gunyah_rm_rpc_type type, uint16_t seq,
		       uint32_t msg_id, const void *payload, size_t len,
		       const struct timespec *deadline)
{
	uint8_t pkt[GUNYAH_RM_MSGQ_MSG_SIZE];
	struct gunyah_rm_rpc_hdr hdr = {
		.api_version = GUNYAH_RM_RPC_API_VERSION,
		.header_words = GUNYAH_RM_RPC_HEADER_WORDS,
		.type = type,
		.seq = seq,
		.msg_id = msg_id,
	};
	const uint8_t *p = payload;
	int npkts, i, ret;
	size_t n;

	if (type < GUNYAH_RM_RPC_TYPE_REQUEST ||
	    type > GUNYAH_RM_RPC_TYPE_NOTIFICATION || (len && !payload))
		return -EINVAL;
	npkts = gunyah_rm_rpc_num_packets(len);
	if (npkts < 0)
		return npkts;
	hdr.num_fragments = (uint8_t)(npkts - 1);

	for (i = 0; i < npkts; i++) {
		n = len < GUNYAH_RM_RPC_FRAG_PAYLOAD ?
			    len :
			    GUNYAH_RM_RPC_FRAG_PAYLOAD;
		/* Every field fits, so encoding cannot fail. */
		gunyah_rm_rpc_hdr_encode(&hdr, pkt);
		if (n) {
			memcpy(pkt + GUNYAH_RM_RPC_HDR_SIZE, p, n);
			p += n;
			len -= n;
		}
		ret = gunyah_rm_transport_send(
			t, pkt, GUNYAH_RM_RPC_HDR_SIZE + n,
			i + 1 == npkts ? GUNYAH_RM_MSGQ_TX_PUSH : 0, deadline);
		if (ret)
			return ret;
		hdr.type = GUNYAH_RM_RPC_TYPE_CONTINUATION;
	}
	return 0;
}

/**
 * gunyah_rm_reasm_init() - Prepare reassembly state, or start it over.
 * @r: the state (about 15 KiB, embedded; nothing is allocated)
 * @report: called for every problem found; may be NULL
 * @ctx: first argument of @report
 *
 * A message in progress is forgotten silently.
 */
void gunyah_rm_reasm_init(struct gunyah_rm_reasm *r,
			  gunyah_rm_rpc_report_fn report, void *ctx)
{
	r->report = report;
	r->report_ctx = ctx;
	r->frags_left = 0;
	r->done = false;
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
	if (!r->frags_left)
		return;
	r->frags_left = 0;
	reasm_report(r, GUNYAH_RM_RPC_ERR_INCOMPLETE, &r->hdr, r->len);
}

/*
 * Why continuation @hdr does not belong to the message in progress, or
 * GUNYAH_RM_RPC_ERR_NONE.
 */
static enum gunyah_rm_rpc_err reasm_stray(const struct gunyah_rm_reasm *r,
					  const struct gunyah_rm_rpc_hdr *hdr)
{
	bool same = hdr->msg_id == r->hdr.msg_id && hdr->seq == r->hdr.seq &&
		    hdr->num_fragments == r->hdr.num_fragments;

	if (!r->frags_left)
		return r->done && same ? GUNYAH_RM_RPC_ERR_EXTRA_CONTINUATION :
					 GUNYAH_RM_RPC_ERR_ORPHAN_CONTINUATION;
	if (hdr->msg_id != r->hdr.msg_id)
		return GUNYAH_RM_RPC_ERR_MSG_ID_MISMATCH;
	if (hdr->seq != r->hdr.seq)
		return GUNYAH_RM_RPC_ERR_SEQ_MISMATCH;
	if (!same)
		return GUNYAH_RM_RPC_ERR_FRAGMENTS_MISMATCH;
	return GUNYAH_RM_RPC_ERR_NONE;
}

/*
 * A fragment with @frags_after fragments after it must be full; the last
 * one holds 1..232 bytes, or 0..232 in a single-packet message. So every
 * sender splits alike (num_fragments = ceil(len / 232) - 1), and, as
 * num_fragments is at most 62, a message always fits the reassembly buffer.
 */
static bool frag_size_ok(const struct gunyah_rm_rpc_hdr *hdr,
			 unsigned int frags_after, size_t n)
{
	if (frags_after)
		return n == GUNYAH_RM_RPC_FRAG_PAYLOAD;
	return n > 0 || hdr->num_fragments == 0;
}

static int reasm_complete(struct gunyah_rm_reasm *r, const uint8_t *payload,
			  size_t len, struct gunyah_rm_rpc_msg *msg)
{
	r->frags_left = 0;
	r->done = true;
	msg->hdr = r->hdr;
	msg->payload = payload;
	msg->len = len;
	return 1;
}

/**
 * gunyah_rm_reasm_feed() - Process one received msgq message.
 * @r: reassembly state
 * @pkt: the packet
 * @len: packet length
 * @msg: filled when a message completes
 *
 * A bad packet is dropped and reported, and reassembly carries on, by the
 * rules of RM and Linux (docs/runtime.md lists them). Each payload byte is
 * copied at most once, to its place in @r's buffer.
 *
 * Return: 1 with @msg filled when a message is complete (its payload is
 * valid until the next call), 0 when the packet was taken and more are
 * needed, or the negative errno of the reason the packet was dropped.
 */
int gunyah_rm_reasm_feed(struct gunyah_rm_reasm *r, const void *pkt, size_t len,
			 struct gunyah_rm_rpc_msg *msg)
{
	struct gunyah_rm_rpc_hdr hdr;
	enum gunyah_rm_rpc_err why;
	const uint8_t *data;
	size_t n;
	int ret;

	if (gunyah_rm_rpc_hdr_decode(pkt, len, &hdr, &why))
		return reasm_report(r, why,
				    len < GUNYAH_RM_RPC_HDR_SIZE ? NULL : &hdr,
				    len);
	if (len > GUNYAH_RM_MSGQ_MSG_SIZE)
		return reasm_report(r, GUNYAH_RM_RPC_ERR_LONG_PACKET, &hdr,
				    len);
	data = (const uint8_t *)pkt + GUNYAH_RM_RPC_HDR_SIZE;
	n = len - GUNYAH_RM_RPC_HDR_SIZE;
	if (hdr.type != GUNYAH_RM_RPC_TYPE_CONTINUATION) {
		/* A new message ends the one in progress, as in RM and Linux. */
		reasm_abort(r);
		r->done = false;
		if (!frag_size_ok(&hdr, hdr.num_fragments, n))
			return reasm_report(r, GUNYAH_RM_RPC_ERR_FRAGMENT_SIZE,
					    &hdr, len);
		r->hdr = hdr;
		r->len = 0;
		r->frags_left = hdr.num_fragments + 1u;
		/* A single-packet message is handed out in place: no copy. */
		if (!hdr.num_fragments)
			return reasm_complete(r, data, n, msg);
	} else {
		why = reasm_stray(r, &hdr);
		/* A stray continuation alone is dropped, as RM does. */
		if (why != GUNYAH_RM_RPC_ERR_NONE)
			return reasm_report(r, why, &hdr, len);
		/* A mis-sized fragment makes the whole message corrupt. */
		if (!frag_size_ok(&hdr, r->frags_left - 1, n) ||
		    n > sizeof(r->buf) - r->len) {
			ret = reasm_report(r, GUNYAH_RM_RPC_ERR_FRAGMENT_SIZE,
					   &hdr, len);
			reasm_abort(r);
			return ret;
		}
	}
	memcpy(r->buf + r->len, data, n);
	r->len += n;
	if (--r->frags_left)
		return 0;
	return reasm_complete(r, r->buf, r->len, msg);
}
