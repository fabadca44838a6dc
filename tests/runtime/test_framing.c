// SPDX-License-Identifier: BSD-3-Clause
/*
 * RPC header encoding/decoding and fragmentation.
 */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "gunyah_rm/rpc.h"
#include "rt_test.h"

Test(header, encode_request_exact_bytes)
{
	struct gunyah_rm_rpc_hdr hdr = {
		.api_version = 1,
		.header_words = 2,
		.type = GUNYAH_RM_RPC_TYPE_REQUEST,
		.num_fragments = 0,
		.seq = 0x1234,
		.msg_id = 0x56000001,
	};
	const uint8_t want[] = {
		0x21, 0x01, 0x34, 0x12, 0x01, 0x00, 0x00, 0x56
	};
	uint8_t out[GUNYAH_RM_RPC_HDR_SIZE];

	cr_assert_eq(gunyah_rm_rpc_hdr_encode(&hdr, out), 0);
	cr_assert_eq(out[0], 0x21);
	cr_assert_arr_eq(out, want, sizeof(want));
}

Test(header, encode_fragment_bits)
{
	struct gunyah_rm_rpc_hdr hdr = {
		.api_version = 1,
		.header_words = 2,
		.type = GUNYAH_RM_RPC_TYPE_REPLY,
		.num_fragments = 5,
		.seq = 0xfffe,
		.msg_id = 0x56100008,
	};
	const uint8_t want_reply[] = { 0x21, 0x16, 0xfe, 0xff,
				       0x08, 0x00, 0x10, 0x56 };
	const uint8_t want_cont[] = { 0x21, 0xf8, 0xfe, 0xff,
				      0x08, 0x00, 0x10, 0x56 };
	const uint8_t want_notif[] = { 0x21, 0x03, 0x00, 0x00,
				       0x00, 0x00, 0x00, 0x00 };
	uint8_t out[GUNYAH_RM_RPC_HDR_SIZE];

	cr_assert_eq(gunyah_rm_rpc_hdr_encode(&hdr, out), 0);
	cr_assert_arr_eq(out, want_reply, sizeof(out));

	hdr.type = GUNYAH_RM_RPC_TYPE_CONTINUATION;
	hdr.num_fragments = 62;
	cr_assert_eq(gunyah_rm_rpc_hdr_encode(&hdr, out), 0);
	cr_assert_arr_eq(out, want_cont, sizeof(out));

	hdr.type = GUNYAH_RM_RPC_TYPE_NOTIFICATION;
	hdr.num_fragments = 0;
	hdr.seq = 0;
	hdr.msg_id = 0;
	cr_assert_eq(gunyah_rm_rpc_hdr_encode(&hdr, out), 0);
	cr_assert_arr_eq(out, want_notif, sizeof(out));
}

Test(header, encode_rejects_fields_too_wide)
{
	const struct gunyah_rm_rpc_hdr ok = {
		.api_version = 1,
		.header_words = 2,
		.type = GUNYAH_RM_RPC_TYPE_REQUEST,
		.num_fragments = 63,
	};
	struct gunyah_rm_rpc_hdr hdr;
	uint8_t out[GUNYAH_RM_RPC_HDR_SIZE];

	/* 63 fits the 6-bit field, so a malformed header can be built. */
	cr_assert_eq(gunyah_rm_rpc_hdr_encode(&ok, out), 0);
	cr_assert_eq(out[1], 0xfd);

	hdr = ok;
	hdr.num_fragments = 64;
	cr_assert_eq(gunyah_rm_rpc_hdr_encode(&hdr, out), -EINVAL);
	hdr = ok;
	hdr.api_version = 16;
	cr_assert_eq(gunyah_rm_rpc_hdr_encode(&hdr, out), -EINVAL);
	hdr = ok;
	hdr.header_words = 16;
	cr_assert_eq(gunyah_rm_rpc_hdr_encode(&hdr, out), -EINVAL);
	hdr = ok;
	hdr.type = (enum gunyah_rm_rpc_type)4;
	cr_assert_eq(gunyah_rm_rpc_hdr_encode(&hdr, out), -EINVAL);
}

Test(header, decode_fields)
{
	const uint8_t pkt[] = { 0x21, 0x16, 0x34, 0x12, 0x78, 0x56, 0x34, 0x12 };
	struct gunyah_rm_rpc_hdr hdr;
	enum gunyah_rm_rpc_err why = GUNYAH_RM_RPC_ERR_TRANSPORT;

	cr_assert_eq(gunyah_rm_rpc_hdr_decode(pkt, sizeof(pkt), &hdr, &why), 0);
	cr_assert_eq(why, GUNYAH_RM_RPC_ERR_NONE);
	cr_assert_eq(hdr.api_version, 1);
	cr_assert_eq(hdr.header_words, 2);
	cr_assert_eq(hdr.type, GUNYAH_RM_RPC_TYPE_REPLY);
	cr_assert_eq(hdr.num_fragments, 5);
	cr_assert_eq(hdr.seq, 0x1234);
	cr_assert_eq(hdr.msg_id, 0x12345678);
}

Test(header, decode_errors_are_distinct)
{
	uint8_t pkt[] = { 0x21, 0x01, 0, 0, 1, 0, 0, 0 };
	struct gunyah_rm_rpc_hdr hdr;
	enum gunyah_rm_rpc_err why;

	cr_assert_eq(gunyah_rm_rpc_hdr_decode(pkt, 7, &hdr, &why), -EBADMSG);
	cr_assert_eq(why, GUNYAH_RM_RPC_ERR_SHORT_PACKET);
	cr_assert_eq(gunyah_rm_rpc_hdr_decode(pkt, 0, &hdr, &why), -EBADMSG);
	cr_assert_eq(why, GUNYAH_RM_RPC_ERR_SHORT_PACKET);

	pkt[0] = 0x22; /* api_version 2 */
	cr_assert_eq(gunyah_rm_rpc_hdr_decode(pkt, 8, &hdr, &why),
		     -EPROTONOSUPPORT);
	cr_assert_eq(why, GUNYAH_RM_RPC_ERR_API_VERSION);
	cr_assert_eq(hdr.api_version, 2);

	pkt[0] = 0x31; /* header_words 3 */
	cr_assert_eq(gunyah_rm_rpc_hdr_decode(pkt, 8, &hdr, &why), -EPROTO);
	cr_assert_eq(why, GUNYAH_RM_RPC_ERR_HEADER_WORDS);

	pkt[0] = 0x21;
	pkt[1] = 63 << 2 | 1; /* 63 continuations */
	cr_assert_eq(gunyah_rm_rpc_hdr_decode(pkt, 8, &hdr, &why), -E2BIG);
	cr_assert_eq(why, GUNYAH_RM_RPC_ERR_TOO_MANY_FRAGMENTS);
	cr_assert_eq(hdr.num_fragments, 63);

	pkt[1] = 62 << 2 | 1;
	cr_assert_eq(gunyah_rm_rpc_hdr_decode(pkt, 8, &hdr, NULL), 0);
}

Test(header, err_strings_and_errnos)
{
	unsigned int i, j;

	for (i = 0; i < GUNYAH_RM_RPC_NR_ERRS; i++) {
		const char *s = gunyah_rm_rpc_err_str(i);

		cr_assert_not_null(s);
		cr_assert_gt(strlen(s), 0);
		for (j = 0; j < i; j++)
			cr_assert_str_neq(s, gunyah_rm_rpc_err_str(j));
		if (i == GUNYAH_RM_RPC_ERR_NONE)
			cr_assert_eq(gunyah_rm_rpc_err_errno(i), 0);
		else
			cr_assert_lt(gunyah_rm_rpc_err_errno(i), 0);
	}
	cr_assert_str_eq(gunyah_rm_rpc_err_str(GUNYAH_RM_RPC_NR_ERRS),
			 "unknown RPC error");
	cr_assert_eq(gunyah_rm_rpc_err_errno(GUNYAH_RM_RPC_NR_ERRS), -EINVAL);
	cr_assert_eq(gunyah_rm_rpc_err_errno(GUNYAH_RM_RPC_ERR_INCOMPLETE),
		     -EIO);
	cr_assert_eq(gunyah_rm_rpc_err_errno(GUNYAH_RM_RPC_ERR_SHORT_PACKET),
		     -EBADMSG);
}

Test(framing, constants)
{
	cr_assert_eq(GUNYAH_RM_MSGQ_MSG_SIZE, 240);
	cr_assert_eq(GUNYAH_RM_RPC_HDR_SIZE, 8);
	cr_assert_eq(GUNYAH_RM_RPC_FRAG_PAYLOAD, 232);
	cr_assert_eq(GUNYAH_RM_RPC_MAX_CONTINUATIONS, 62);
	cr_assert_eq(GUNYAH_RM_RPC_MAX_PAYLOAD, 14616);
	cr_assert_eq(GUNYAH_RM_RPC_API_VERSION, 1);
	cr_assert_eq(GUNYAH_RM_RPC_HEADER_WORDS, 2);
}

Test(framing, num_packets)
{
	cr_assert_eq(gunyah_rm_rpc_num_packets(0), 1);
	cr_assert_eq(gunyah_rm_rpc_num_packets(1), 1);
	cr_assert_eq(gunyah_rm_rpc_num_packets(232), 1);
	cr_assert_eq(gunyah_rm_rpc_num_packets(233), 2);
	cr_assert_eq(gunyah_rm_rpc_num_packets(464), 2);
	cr_assert_eq(gunyah_rm_rpc_num_packets(465), 3);
	cr_assert_eq(gunyah_rm_rpc_num_packets(14616), 63);
	cr_assert_eq(gunyah_rm_rpc_num_packets(14617), -E2BIG);
	cr_assert_eq(gunyah_rm_rpc_num_packets(SIZE_MAX), -E2BIG);
}

/* Send @len bytes, check every packet, reassemble and compare. */
static void round_trip(size_t len, enum gunyah_rm_rpc_type type)
{
	static struct capture cap;
	static struct gunyah_rm_reasm r;
	struct gunyah_rm_transport t = capture_transport(&cap);
	struct gunyah_rm_rpc_msg msg;
	struct recorder rec = { 0 };
	unsigned int want_pkts, i;
	uint8_t *payload = malloc(len ? len : 1);
	const uint16_t seq = (uint16_t)(0xa000 + len);
	const uint32_t msg_id = 0x56000020;
	size_t off = 0;
	int ret;

	cr_assert_not_null(payload);
	for (i = 0; i < len; i++)
		payload[i] = pattern((unsigned int)len, i);
	memset(&cap, 0, sizeof(cap));
	cr_assert_eq(gunyah_rm_rpc_send(&t, type, seq, msg_id, payload, len,
					NULL),
		     0);

	want_pkts = len ? (unsigned int)((len + 231) / 232) : 1;
	cr_assert_eq(cap.n, want_pkts, "len %zu: %u packets, want %u", len,
		     cap.n, want_pkts);

	gunyah_rm_reasm_init(&r, recorder_fn, &rec);
	for (i = 0; i < cap.n; i++) {
		const struct capture_pkt *p = &cap.pkts[i];
		size_t want_len = len - off < 232 ? len - off : 232;
		uint8_t want_hdr[8];

		cr_assert_eq(p->len, 8 + want_len, "len %zu pkt %u: size %zu",
			     len, i, p->len);
		want_hdr[0] = 0x21;
		want_hdr[1] =
			(uint8_t)((want_pkts - 1) << 2 |
				  (i ? GUNYAH_RM_RPC_TYPE_CONTINUATION : type));
		gunyah_rm_put_le16(want_hdr + 2, seq);
		gunyah_rm_put_le32(want_hdr + 4, msg_id);
		cr_assert_arr_eq(p->data, want_hdr, 8, "len %zu pkt %u header",
				 len, i);
		cr_assert_arr_eq(p->data + 8, payload + off, want_len);
		cr_assert_eq(p->flags,
			     i == cap.n - 1 ? GUNYAH_RM_MSGQ_TX_PUSH : 0u);
		off += want_len;

		ret = gunyah_rm_reasm_feed(&r, p->data, p->len, &msg);
		cr_assert_eq(ret, i == cap.n - 1 ? 1 : 0);
	}
	cr_assert_eq(off, len);
	cr_assert_eq(rec.n, 0);
	cr_assert_eq(msg.len, len);
	cr_assert_eq(msg.hdr.type, type);
	cr_assert_eq(msg.hdr.seq, seq);
	cr_assert_eq(msg.hdr.msg_id, msg_id);
	cr_assert_eq(msg.hdr.num_fragments, want_pkts - 1);
	if (len)
		cr_assert_arr_eq(msg.payload, payload, len);
	free(payload);
}

Test(framing, round_trip_sizes)
{
	static const size_t sizes[] = { 0, 1, 232, 233, 464, 465, 14616 };
	size_t i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		round_trip(sizes[i], GUNYAH_RM_RPC_TYPE_REQUEST);
}

Test(framing, round_trip_reply_and_notification)
{
	round_trip(700, GUNYAH_RM_RPC_TYPE_REPLY);
	round_trip(4, GUNYAH_RM_RPC_TYPE_NOTIFICATION);
	round_trip(14615, GUNYAH_RM_RPC_TYPE_NOTIFICATION);
}

Test(framing, too_big_sends_nothing)
{
	static struct capture cap;
	static uint8_t payload[14617];
	struct gunyah_rm_transport t = capture_transport(&cap);

	cr_assert_eq(gunyah_rm_rpc_send(&t, GUNYAH_RM_RPC_TYPE_REQUEST, 1, 1,
					payload, sizeof(payload), NULL),
		     -E2BIG);
	cr_assert_eq(cap.n, 0);
}

Test(framing, bad_arguments_send_nothing)
{
	static struct capture cap;
	struct gunyah_rm_transport t = capture_transport(&cap);
	uint8_t b = 0;

	cr_assert_eq(gunyah_rm_rpc_send(&t, GUNYAH_RM_RPC_TYPE_CONTINUATION, 1,
					1, &b, 1, NULL),
		     -EINVAL);
	cr_assert_eq(gunyah_rm_rpc_send(&t, (enum gunyah_rm_rpc_type)4, 1, 1,
					&b, 1, NULL),
		     -EINVAL);
	cr_assert_eq(gunyah_rm_rpc_send(&t, GUNYAH_RM_RPC_TYPE_REQUEST, 1, 1,
					NULL, 1, NULL),
		     -EINVAL);
	cr_assert_eq(cap.n, 0);
	cr_assert_eq(gunyah_rm_rpc_send(&t, GUNYAH_RM_RPC_TYPE_REQUEST, 1, 1,
					NULL, 0, NULL),
		     0);
	cr_assert_eq(cap.n, 1);
	cr_assert_eq(cap.pkts[0].len, 8);
}

Test(framing, transport_error_stops_sending)
{
	static struct capture cap;
	static uint8_t payload[1000];
	struct gunyah_rm_transport t = capture_transport(&cap);

	cap.fail_at = 2;
	cap.fail_err = -EPIPE;
	cr_assert_eq(gunyah_rm_rpc_send(&t, GUNYAH_RM_RPC_TYPE_REQUEST, 1, 1,
					payload, sizeof(payload), NULL),
		     -EPIPE);
	cr_assert_eq(cap.n, 2);
}

/*
 * Every packet gets the caller's deadline; a send cut off by it (here the
 * third packet) leaves the packets before it sent and returns -ETIMEDOUT.
 */
Test(framing, deadline_reaches_every_packet)
{
	static struct capture cap;
	static uint8_t payload[1000];
	struct gunyah_rm_transport t = capture_transport(&cap);
	const struct timespec when = { .tv_sec = 12345 };
	unsigned int i;

	cr_assert_eq(gunyah_rm_rpc_send(&t, GUNYAH_RM_RPC_TYPE_REQUEST, 1, 1,
					payload, sizeof(payload), &when),
		     0);
	cr_assert_eq(cap.n, 5);
	for (i = 0; i < cap.n; i++)
		cr_assert_eq(cap.pkts[i].deadline, &when, "packet %u", i);

	memset(&cap, 0, sizeof(cap));
	cap.fail_at = 2;
	cap.fail_err = -ETIMEDOUT;
	cr_assert_eq(gunyah_rm_rpc_send(&t, GUNYAH_RM_RPC_TYPE_REQUEST, 1, 1,
					payload, sizeof(payload), &when),
		     -ETIMEDOUT);
	cr_assert_eq(cap.n, 2);
}
