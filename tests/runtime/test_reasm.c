// SPDX-License-Identifier: BSD-3-Clause
/*
 * Reassembly: valid messages and every kind of malformed packet stream.
 * Each bad input must be reported with its specific reason and errno, must
 * not crash, and must not stop the next valid message.
 */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "gunyah_rm/rpc.h"
#include "rt_test.h"

static struct gunyah_rm_reasm r;
static struct recorder rec;
static uint8_t pkt[512];
static uint8_t data[GUNYAH_RM_RPC_MAX_PAYLOAD];

static void setup(void)
{
	size_t i;

	memset(&rec, 0, sizeof(rec));
	gunyah_rm_reasm_init(&r, recorder_fn, &rec);
	for (i = 0; i < sizeof(data); i++)
		data[i] = pattern(9, i);
}

TestSuite(reasm, .init = setup);

static int feed(size_t len, struct gunyah_rm_rpc_msg *msg)
{
	return gunyah_rm_reasm_feed(&r, pkt, len, msg);
}

/* Feed packet @i (0-based) of a @n-byte message built from data[]. */
static int feed_frag(enum gunyah_rm_rpc_type type, size_t n, unsigned int i,
		     uint16_t seq, uint32_t msg_id, struct gunyah_rm_rpc_msg *m)
{
	int npkts = gunyah_rm_rpc_num_packets(n);
	size_t off = (size_t)i * 232;
	size_t chunk = n - off < 232 ? n - off : 232;

	return feed(make_pkt(pkt, i ? GUNYAH_RM_RPC_TYPE_CONTINUATION : type,
			     (uint8_t)(npkts - 1), seq, msg_id, data + off,
			     chunk),
		    m);
}

/* Feed a whole valid message and check it comes out intact. */
static void expect_valid(enum gunyah_rm_rpc_type type, size_t n, uint16_t seq,
			 uint32_t msg_id)
{
	struct gunyah_rm_rpc_msg m;
	int npkts = gunyah_rm_rpc_num_packets(n);
	unsigned int before = rec.n;
	int i;

	for (i = 0; i < npkts; i++)
		cr_assert_eq(
			feed_frag(type, n, (unsigned int)i, seq, msg_id, &m),
			i == npkts - 1 ? 1 : 0, "packet %d of %d", i, npkts);
	cr_assert_eq(rec.n, before, "valid message was reported");
	cr_assert_eq(m.hdr.type, type);
	cr_assert_eq(m.hdr.seq, seq);
	cr_assert_eq(m.hdr.msg_id, msg_id);
	cr_assert_eq(m.len, n);
	if (n)
		cr_assert_arr_eq(m.payload, data, n);
}

static void expect_report(unsigned int idx, enum gunyah_rm_rpc_err why,
			  int code)
{
	cr_assert_gt(rec.n, idx, "no report %u", idx);
	cr_assert_eq(rec.reps[idx].reason, why, "report %u: got %s, want %s",
		     idx, gunyah_rm_rpc_err_str(rec.reps[idx].reason),
		     gunyah_rm_rpc_err_str(why));
	cr_assert_eq(rec.reps[idx].code, code);
}

Test(reasm, single_and_empty_messages)
{
	expect_valid(GUNYAH_RM_RPC_TYPE_REPLY, 0, 1, 0x56000001);
	expect_valid(GUNYAH_RM_RPC_TYPE_NOTIFICATION, 4, 2, 0x56100001);
	expect_valid(GUNYAH_RM_RPC_TYPE_REQUEST, 232, 3, 0x56000002);
	expect_valid(GUNYAH_RM_RPC_TYPE_REPLY, 233, 4, 0x56000002);
	expect_valid(GUNYAH_RM_RPC_TYPE_REPLY, GUNYAH_RM_RPC_MAX_PAYLOAD, 5,
		     0x56000002);
	cr_assert_eq(rec.n, 0);
}

Test(reasm, truncated_header)
{
	struct gunyah_rm_rpc_msg m;
	size_t len = make_pkt(pkt, GUNYAH_RM_RPC_TYPE_REPLY, 0, 1, 2, NULL, 0);

	cr_assert_eq(len, 8);
	cr_assert_eq(feed(7, &m), -EBADMSG);
	expect_report(0, GUNYAH_RM_RPC_ERR_SHORT_PACKET, -EBADMSG);
	cr_assert_not(rec.reps[0].hdr_valid);
	cr_assert_eq(rec.reps[0].len, 7);
	cr_assert_eq(feed(0, &m), -EBADMSG);
	expect_report(1, GUNYAH_RM_RPC_ERR_SHORT_PACKET, -EBADMSG);
	cr_assert_eq(gunyah_rm_reasm_feed(&r, NULL, 0, &m), -EBADMSG);
	cr_assert_eq(rec.n, 3);
	expect_valid(GUNYAH_RM_RPC_TYPE_REPLY, 10, 1, 2);
}

Test(reasm, truncated_header_drops_nothing_pending)
{
	struct gunyah_rm_rpc_msg m;

	/* A short packet in the middle of a message does not disturb it. */
	cr_assert_eq(feed_frag(GUNYAH_RM_RPC_TYPE_REPLY, 300, 0, 7, 9, &m), 0);
	cr_assert_eq(feed(3, &m), -EBADMSG);
	cr_assert_eq(feed_frag(GUNYAH_RM_RPC_TYPE_REPLY, 300, 1, 7, 9, &m), 1);
	cr_assert_eq(m.len, 300);
	cr_assert_arr_eq(m.payload, data, 300);
	cr_assert_eq(rec.n, 1);
	expect_report(0, GUNYAH_RM_RPC_ERR_SHORT_PACKET, -EBADMSG);
}

Test(reasm, wrong_api_version)
{
	struct gunyah_rm_rpc_msg m;
	size_t len = build_pkt(pkt, 2, 2, GUNYAH_RM_RPC_TYPE_REPLY, 0, 5, 6,
			       data, 10);

	cr_assert_eq(pkt[0], 0x22);
	cr_assert_eq(feed(len, &m), -EPROTONOSUPPORT);
	expect_report(0, GUNYAH_RM_RPC_ERR_API_VERSION, -EPROTONOSUPPORT);
	cr_assert(rec.reps[0].hdr_valid);
	cr_assert_eq(rec.reps[0].hdr.api_version, 2);
	cr_assert_eq(rec.reps[0].hdr.msg_id, 6);
	len = build_pkt(pkt, 0, 2, GUNYAH_RM_RPC_TYPE_REPLY, 0, 5, 6, data, 10);
	cr_assert_eq(feed(len, &m), -EPROTONOSUPPORT);
	expect_valid(GUNYAH_RM_RPC_TYPE_REPLY, 10, 5, 6);
}

Test(reasm, wrong_header_words)
{
	struct gunyah_rm_rpc_msg m;
	size_t len = build_pkt(pkt, 1, 3, GUNYAH_RM_RPC_TYPE_REPLY, 0, 5, 6,
			       data, 10);

	cr_assert_eq(pkt[0], 0x31);
	cr_assert_eq(feed(len, &m), -EPROTO);
	expect_report(0, GUNYAH_RM_RPC_ERR_HEADER_WORDS, -EPROTO);
	len = build_pkt(pkt, 1, 0, GUNYAH_RM_RPC_TYPE_REPLY, 0, 5, 6, data, 10);
	cr_assert_eq(feed(len, &m), -EPROTO);
	expect_report(1, GUNYAH_RM_RPC_ERR_HEADER_WORDS, -EPROTO);
	expect_valid(GUNYAH_RM_RPC_TYPE_REPLY, 10, 5, 6);
}

Test(reasm, too_many_fragments)
{
	struct gunyah_rm_rpc_msg m;
	size_t len =
		make_pkt(pkt, GUNYAH_RM_RPC_TYPE_REPLY, 63, 5, 6, data, 232);

	cr_assert_eq(feed(len, &m), -E2BIG);
	expect_report(0, GUNYAH_RM_RPC_ERR_TOO_MANY_FRAGMENTS, -E2BIG);
	cr_assert_eq(rec.reps[0].hdr.num_fragments, 63);
	/* Its continuations then have nothing to attach to. */
	len = make_pkt(pkt, GUNYAH_RM_RPC_TYPE_CONTINUATION, 63, 5, 6, data,
		       232);
	cr_assert_eq(feed(len, &m), -E2BIG);
	expect_report(1, GUNYAH_RM_RPC_ERR_TOO_MANY_FRAGMENTS, -E2BIG);
	expect_valid(GUNYAH_RM_RPC_TYPE_REPLY, 14616, 5, 6);
}

Test(reasm, packet_longer_than_msgq_message)
{
	struct gunyah_rm_rpc_msg m;
	size_t len =
		make_pkt(pkt, GUNYAH_RM_RPC_TYPE_REPLY, 0, 5, 6, data, 233);

	cr_assert_eq(len, 241);
	cr_assert_eq(feed(len, &m), -EMSGSIZE);
	expect_report(0, GUNYAH_RM_RPC_ERR_LONG_PACKET, -EMSGSIZE);
	cr_assert_eq(rec.reps[0].len, 241);
	expect_valid(GUNYAH_RM_RPC_TYPE_REPLY, 232, 5, 6);
}

Test(reasm, continuation_without_start)
{
	struct gunyah_rm_rpc_msg m;
	size_t len = make_pkt(pkt, GUNYAH_RM_RPC_TYPE_CONTINUATION, 1, 5, 6,
			      data, 10);

	cr_assert_eq(feed(len, &m), -ENOMSG);
	expect_report(0, GUNYAH_RM_RPC_ERR_ORPHAN_CONTINUATION, -ENOMSG);
	cr_assert_eq(rec.reps[0].hdr.seq, 5);
	expect_valid(GUNYAH_RM_RPC_TYPE_REPLY, 300, 5, 6);
}

Test(reasm, too_few_fragments_new_start)
{
	struct gunyah_rm_rpc_msg m;

	/* Message A announces 2 continuations but only sends one. */
	cr_assert_eq(feed_frag(GUNYAH_RM_RPC_TYPE_REPLY, 600, 0, 10, 0xa, &m),
		     0);
	cr_assert_eq(feed_frag(GUNYAH_RM_RPC_TYPE_REPLY, 600, 1, 10, 0xa, &m),
		     0);
	/* B starts: A is dropped and reported; B is delivered. */
	cr_assert_eq(feed_frag(GUNYAH_RM_RPC_TYPE_NOTIFICATION, 20, 0, 11, 0xb,
			       &m),
		     1);
	cr_assert_eq(rec.n, 1);
	expect_report(0, GUNYAH_RM_RPC_ERR_INCOMPLETE, -EIO);
	cr_assert(rec.reps[0].hdr_valid);
	cr_assert_eq(rec.reps[0].hdr.msg_id, 0xa);
	cr_assert_eq(rec.reps[0].hdr.seq, 10);
	cr_assert_eq(rec.reps[0].hdr.type, GUNYAH_RM_RPC_TYPE_REPLY);
	cr_assert_eq(rec.reps[0].len, 464);
	cr_assert_eq(m.hdr.msg_id, 0xb);
	cr_assert_eq(m.len, 20);
	/* A's last continuation, arriving now, has nothing to attach to. */
	cr_assert_eq(feed_frag(GUNYAH_RM_RPC_TYPE_REPLY, 600, 2, 10, 0xa, &m),
		     -ENOMSG);
	expect_report(1, GUNYAH_RM_RPC_ERR_ORPHAN_CONTINUATION, -ENOMSG);
	expect_valid(GUNYAH_RM_RPC_TYPE_REPLY, 600, 10, 0xa);
}

Test(reasm, new_multi_packet_start_replaces_pending)
{
	struct gunyah_rm_rpc_msg m;

	cr_assert_eq(feed_frag(GUNYAH_RM_RPC_TYPE_REPLY, 600, 0, 1, 0xa, &m),
		     0);
	cr_assert_eq(feed_frag(GUNYAH_RM_RPC_TYPE_REPLY, 500, 0, 2, 0xb, &m),
		     0);
	expect_report(0, GUNYAH_RM_RPC_ERR_INCOMPLETE, -EIO);
	cr_assert_eq(rec.reps[0].len, 232);
	cr_assert_eq(feed_frag(GUNYAH_RM_RPC_TYPE_REPLY, 500, 1, 2, 0xb, &m),
		     0);
	cr_assert_eq(feed_frag(GUNYAH_RM_RPC_TYPE_REPLY, 500, 2, 2, 0xb, &m),
		     1);
	cr_assert_eq(m.len, 500);
	cr_assert_arr_eq(m.payload, data, 500);
	cr_assert_eq(rec.n, 1);
}

Test(reasm, extra_continuation_after_completion)
{
	struct gunyah_rm_rpc_msg m;

	expect_valid(GUNYAH_RM_RPC_TYPE_REPLY, 400, 3, 0x77);
	/* One continuation more than announced. */
	cr_assert_eq(feed_frag(GUNYAH_RM_RPC_TYPE_REPLY, 400, 1, 3, 0x77, &m),
		     -ENOMSG);
	expect_report(0, GUNYAH_RM_RPC_ERR_EXTRA_CONTINUATION, -ENOMSG);
	cr_assert_eq(rec.reps[0].hdr.msg_id, 0x77);
	/* A continuation of some other message is an orphan instead. */
	cr_assert_eq(feed_frag(GUNYAH_RM_RPC_TYPE_REPLY, 400, 1, 4, 0x77, &m),
		     -ENOMSG);
	expect_report(1, GUNYAH_RM_RPC_ERR_ORPHAN_CONTINUATION, -ENOMSG);
	expect_valid(GUNYAH_RM_RPC_TYPE_REPLY, 400, 3, 0x77);
}

Test(reasm, extra_continuation_after_single_packet)
{
	struct gunyah_rm_rpc_msg m;
	size_t len;

	expect_valid(GUNYAH_RM_RPC_TYPE_NOTIFICATION, 8, 3, 0x56100008);
	len = make_pkt(pkt, GUNYAH_RM_RPC_TYPE_CONTINUATION, 0, 3, 0x56100008,
		       data, 8);
	cr_assert_eq(feed(len, &m), -ENOMSG);
	expect_report(0, GUNYAH_RM_RPC_ERR_EXTRA_CONTINUATION, -ENOMSG);
}

Test(reasm, mismatched_msg_id_across_fragments)
{
	struct gunyah_rm_rpc_msg m;

	cr_assert_eq(feed_frag(GUNYAH_RM_RPC_TYPE_REPLY, 300, 0, 8, 0x100, &m),
		     0);
	cr_assert_eq(feed_frag(GUNYAH_RM_RPC_TYPE_REPLY, 300, 1, 8, 0x101, &m),
		     -EPROTO);
	expect_report(0, GUNYAH_RM_RPC_ERR_MSG_ID_MISMATCH, -EPROTO);
	cr_assert_eq(rec.reps[0].hdr.msg_id, 0x101);
	/* The stray packet alone is dropped; the right one completes. */
	cr_assert_eq(feed_frag(GUNYAH_RM_RPC_TYPE_REPLY, 300, 1, 8, 0x100, &m),
		     1);
	cr_assert_eq(m.len, 300);
	cr_assert_arr_eq(m.payload, data, 300);
	cr_assert_eq(rec.n, 1);
	expect_valid(GUNYAH_RM_RPC_TYPE_REPLY, 300, 9, 0x100);
}

Test(reasm, mismatched_seq_across_fragments)
{
	struct gunyah_rm_rpc_msg m;

	cr_assert_eq(feed_frag(GUNYAH_RM_RPC_TYPE_REPLY, 300, 0, 8, 0x100, &m),
		     0);
	cr_assert_eq(feed_frag(GUNYAH_RM_RPC_TYPE_REPLY, 300, 1, 9, 0x100, &m),
		     -EPROTO);
	expect_report(0, GUNYAH_RM_RPC_ERR_SEQ_MISMATCH, -EPROTO);
	cr_assert_eq(rec.reps[0].hdr.seq, 9);
	/* The next start drops the unfinished message and is delivered. */
	cr_assert_eq(feed_frag(GUNYAH_RM_RPC_TYPE_REPLY, 30, 0, 9, 0x100, &m),
		     1);
	expect_report(1, GUNYAH_RM_RPC_ERR_INCOMPLETE, -EIO);
	cr_assert_eq(rec.reps[1].hdr.seq, 8);
	cr_assert_eq(m.hdr.seq, 9);
	cr_assert_arr_eq(m.payload, data, 30);
}

Test(reasm, mismatched_num_fragments_across_fragments)
{
	struct gunyah_rm_rpc_msg m;
	size_t len;

	cr_assert_eq(feed_frag(GUNYAH_RM_RPC_TYPE_REPLY, 500, 0, 8, 0x100, &m),
		     0);
	len = make_pkt(pkt, GUNYAH_RM_RPC_TYPE_CONTINUATION, 1, 8, 0x100,
		       data + 232, 232);
	cr_assert_eq(feed(len, &m), -EPROTO);
	expect_report(0, GUNYAH_RM_RPC_ERR_FRAGMENTS_MISMATCH, -EPROTO);
	cr_assert_eq(rec.reps[0].hdr.num_fragments, 1);
	cr_assert_eq(feed_frag(GUNYAH_RM_RPC_TYPE_REPLY, 500, 1, 8, 0x100, &m),
		     0);
	cr_assert_eq(feed_frag(GUNYAH_RM_RPC_TYPE_REPLY, 500, 2, 8, 0x100, &m),
		     1);
	cr_assert_arr_eq(m.payload, data, 500);
	cr_assert_eq(rec.n, 1);
}

Test(reasm, short_first_fragment)
{
	struct gunyah_rm_rpc_msg m;
	size_t len =
		make_pkt(pkt, GUNYAH_RM_RPC_TYPE_REPLY, 1, 8, 0x100, data, 100);

	cr_assert_eq(feed(len, &m), -EBADMSG);
	expect_report(0, GUNYAH_RM_RPC_ERR_FRAGMENT_SIZE, -EBADMSG);
	cr_assert_eq(feed_frag(GUNYAH_RM_RPC_TYPE_REPLY, 300, 1, 8, 0x100, &m),
		     -ENOMSG);
	expect_report(1, GUNYAH_RM_RPC_ERR_ORPHAN_CONTINUATION, -ENOMSG);
	expect_valid(GUNYAH_RM_RPC_TYPE_REPLY, 300, 8, 0x100);
}

Test(reasm, short_middle_fragment_drops_message)
{
	struct gunyah_rm_rpc_msg m;
	size_t len;

	cr_assert_eq(feed_frag(GUNYAH_RM_RPC_TYPE_REPLY, 600, 0, 8, 0x100, &m),
		     0);
	len = make_pkt(pkt, GUNYAH_RM_RPC_TYPE_CONTINUATION, 2, 8, 0x100,
		       data + 232, 100);
	cr_assert_eq(feed(len, &m), -EBADMSG);
	cr_assert_eq(rec.n, 2);
	expect_report(0, GUNYAH_RM_RPC_ERR_FRAGMENT_SIZE, -EBADMSG);
	expect_report(1, GUNYAH_RM_RPC_ERR_INCOMPLETE, -EIO);
	cr_assert_eq(rec.reps[1].len, 232);
	cr_assert_eq(feed_frag(GUNYAH_RM_RPC_TYPE_REPLY, 600, 2, 8, 0x100, &m),
		     -ENOMSG);
	expect_valid(GUNYAH_RM_RPC_TYPE_REPLY, 600, 8, 0x100);
}

Test(reasm, empty_last_fragment)
{
	struct gunyah_rm_rpc_msg m;
	size_t len;

	/* 232 bytes must be one packet; a trailing empty one is malformed. */
	len = make_pkt(pkt, GUNYAH_RM_RPC_TYPE_REPLY, 1, 8, 0x100, data, 232);
	cr_assert_eq(feed(len, &m), 0);
	len = make_pkt(pkt, GUNYAH_RM_RPC_TYPE_CONTINUATION, 1, 8, 0x100, NULL,
		       0);
	cr_assert_eq(feed(len, &m), -EBADMSG);
	expect_report(0, GUNYAH_RM_RPC_ERR_FRAGMENT_SIZE, -EBADMSG);
	expect_report(1, GUNYAH_RM_RPC_ERR_INCOMPLETE, -EIO);
	expect_valid(GUNYAH_RM_RPC_TYPE_REPLY, 232, 8, 0x100);
}

Test(reasm, no_report_callback)
{
	struct gunyah_rm_rpc_msg m;

	gunyah_rm_reasm_init(&r, NULL, NULL);
	cr_assert_eq(feed(3, &m), -EBADMSG);
	cr_assert_eq(feed_frag(GUNYAH_RM_RPC_TYPE_REPLY, 600, 1, 8, 1, &m),
		     -ENOMSG);
	cr_assert_eq(feed_frag(GUNYAH_RM_RPC_TYPE_REPLY, 600, 0, 8, 1, &m), 0);
	expect_valid(GUNYAH_RM_RPC_TYPE_REPLY, 10, 1, 1);
}

Test(reasm, reset_forgets_pending_silently)
{
	struct gunyah_rm_rpc_msg m;

	cr_assert_eq(feed_frag(GUNYAH_RM_RPC_TYPE_REPLY, 600, 0, 8, 1, &m), 0);
	gunyah_rm_reasm_reset(&r);
	cr_assert_eq(feed_frag(GUNYAH_RM_RPC_TYPE_REPLY, 600, 1, 8, 1, &m),
		     -ENOMSG);
	expect_report(0, GUNYAH_RM_RPC_ERR_ORPHAN_CONTINUATION, -ENOMSG);
}

/* Pseudo-random garbage, with valid messages in between, never crashes. */
Test(reasm, random_garbage_then_valid)
{
	uint32_t state = 0x12345678;
	struct gunyah_rm_rpc_msg m;
	unsigned int i, k;

	gunyah_rm_reasm_init(&r, NULL, NULL);
	for (i = 0; i < 20000; i++) {
		size_t len;

		state = state * 1103515245u + 12345u;
		len = (state >> 16) % 260;
		for (k = 0; k < len; k++) {
			state = state * 1103515245u + 12345u;
			pkt[k] = (uint8_t)(state >> 24);
		}
		/* Often make the header plausible to reach deeper checks. */
		if (len >= 8 && (state & 0x100))
			pkt[0] = 0x21;
		if (len >= 8 && (state & 0x200))
			pkt[1] &= 0x0f;
		(void)gunyah_rm_reasm_feed(&r, pkt, len, &m);
		if (i % 1000 == 999)
			expect_valid(GUNYAH_RM_RPC_TYPE_REPLY, 700, (uint16_t)i,
				     0x56000001);
	}
}

/*
 * A transport whose sendmv feeds reassembly directly: the RPC layer hands
 * over header and payload slices and nothing copies them together.
 */
static size_t direct_batches;

static int direct_sendmv(void *ctx, const struct gunyah_rm_msgv *v, size_t n)
{
	struct gunyah_rm_rpc_msg *m = ctx;
	size_t used, i;
	int ret;

	direct_batches++;
	for (i = 0; i < n; i++)
		cr_assert_eq(v[i].hdr_len, GUNYAH_RM_RPC_HDR_SIZE);
	while (n) {
		ret = gunyah_rm_reasm_feedmv(&r, v, n, &used, m);
		cr_assert(used >= 1 && used <= n);
		if (ret < 0)
			return -EIO;
		/* A message completes only with its last packet. */
		cr_assert_eq(ret == 1, used == n && (v[n - 1].flags &
						     GUNYAH_RM_MSGQ_TX_PUSH));
		v += used;
		n -= used;
	}
	return 0;
}

static int no_send(void *ctx, const void *msg, size_t len, unsigned int flags)
{
	(void)ctx;
	(void)msg;
	(void)len;
	(void)flags;
	cr_assert_fail("send used although sendmv exists");
	return -EIO;
}

Test(reasm, sendmv_feedmv_round_trip)
{
	static const struct gunyah_rm_transport_ops ops = {
		.send = no_send,
		.sendmv = direct_sendmv,
	};
	static const size_t sizes[] = { 0, 1, 232, 233, 3712, 3713, 14616 };
	struct gunyah_rm_rpc_msg m;
	struct gunyah_rm_transport t = { .ops = &ops, .ctx = &m };
	size_t i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		memset(&m, 0, sizeof(m));
		direct_batches = 0;
		cr_assert_eq(gunyah_rm_rpc_send(&t, GUNYAH_RM_RPC_TYPE_REPLY,
						(uint16_t)(40 + i), 0x56000020,
						data, sizes[i]),
			     0);
		/* All the packets of a message in one sendmv call. */
		cr_assert_eq(direct_batches, 1, "%zu bytes", sizes[i]);
		cr_assert_eq(m.hdr.type, GUNYAH_RM_RPC_TYPE_REPLY);
		cr_assert_eq(m.hdr.seq, 40 + i);
		cr_assert_eq(m.hdr.msg_id, 0x56000020);
		cr_assert_eq(m.len, sizes[i]);
		if (sizes[i])
			cr_assert_arr_eq(m.payload, data, sizes[i]);
	}
	cr_assert_eq(rec.n, 0);
}

/* Header @h of packet @i of the @n-byte message @seq, as rpc_send makes it. */
static struct gunyah_rm_msgv frag_v(uint8_t h[GUNYAH_RM_RPC_HDR_SIZE], size_t n,
				    unsigned int i, uint16_t seq)
{
	int npkts = gunyah_rm_rpc_num_packets(n);
	size_t off = (size_t)i * 232;
	struct gunyah_rm_rpc_hdr hdr = {
		.api_version = GUNYAH_RM_RPC_API_VERSION,
		.header_words = GUNYAH_RM_RPC_HEADER_WORDS,
		.type = i ? GUNYAH_RM_RPC_TYPE_CONTINUATION :
			    GUNYAH_RM_RPC_TYPE_REPLY,
		.num_fragments = (uint8_t)(npkts - 1),
		.seq = seq,
		.msg_id = 0x56000020,
	};

	cr_assert_eq(gunyah_rm_rpc_hdr_encode(&hdr, h), 0);
	return (struct gunyah_rm_msgv){
		.hdr = h,
		.hdr_len = GUNYAH_RM_RPC_HDR_SIZE,
		.data = data + off,
		.len = n - off < 232 ? n - off : 232,
	};
}

Test(reasm, feedmv_stops_after_each_message)
{
	uint8_t h[3][GUNYAH_RM_RPC_HDR_SIZE];
	struct gunyah_rm_msgv v[4];
	struct gunyah_rm_rpc_msg m;
	size_t used = 99;

	/* A 2-packet message, then a single-packet one, in one batch. */
	v[0] = frag_v(h[0], 300, 0, 1);
	v[1] = frag_v(h[1], 300, 1, 1);
	v[2] = frag_v(h[2], 5, 0, 2);
	cr_assert_eq(gunyah_rm_reasm_feedmv(&r, v, 3, &used, &m), 1);
	cr_assert_eq(used, 2);
	cr_assert_eq(m.hdr.seq, 1);
	cr_assert_eq(m.len, 300);
	cr_assert_arr_eq(m.payload, data, 300);
	cr_assert_eq(gunyah_rm_reasm_feedmv(&r, v + 2, 1, &used, &m), 1);
	cr_assert_eq(used, 1);
	cr_assert_eq(m.hdr.seq, 2);
	cr_assert_eq(m.len, 5);
	/* Handed out in place, as gunyah_rm_reasm_feedv() does. */
	cr_assert_eq(m.payload, data);
	/* Nothing to take. */
	used = 99;
	cr_assert_eq(gunyah_rm_reasm_feedmv(&r, v, 0, &used, &m), 0);
	cr_assert_eq(used, 0);
	cr_assert_eq(rec.n, 0);
}

Test(reasm, feedmv_stray_continuation_mid_batch)
{
	uint8_t h[5][GUNYAH_RM_RPC_HDR_SIZE];
	struct gunyah_rm_msgv v[5];
	struct gunyah_rm_rpc_msg m;
	size_t used;

	/* 4 packets of seq 3, with a continuation of seq 4 among them. */
	v[0] = frag_v(h[0], 800, 0, 3);
	v[1] = frag_v(h[1], 800, 1, 3);
	v[2] = frag_v(h[2], 800, 2, 4);
	v[3] = frag_v(h[3], 800, 2, 3);
	v[4] = frag_v(h[4], 800, 3, 3);
	cr_assert_eq(gunyah_rm_reasm_feedmv(&r, v, 5, &used, &m),
		     gunyah_rm_rpc_err_errno(GUNYAH_RM_RPC_ERR_SEQ_MISMATCH));
	cr_assert_eq(used, 3);
	expect_report(0, GUNYAH_RM_RPC_ERR_SEQ_MISMATCH,
		      gunyah_rm_rpc_err_errno(GUNYAH_RM_RPC_ERR_SEQ_MISMATCH));
	/* The message in progress is kept and completes. */
	cr_assert_eq(gunyah_rm_reasm_feedmv(&r, v + 3, 2, &used, &m), 1);
	cr_assert_eq(used, 2);
	cr_assert_eq(m.len, 800);
	cr_assert_arr_eq(m.payload, data, 800);
	cr_assert_eq(rec.n, 1);
}

Test(reasm, feedmv_joins_other_splits)
{
	uint8_t whole[GUNYAH_RM_MSGQ_MSG_SIZE + 1];
	struct gunyah_rm_msgv v;
	struct gunyah_rm_rpc_msg m;
	size_t len = make_pkt(whole, GUNYAH_RM_RPC_TYPE_NOTIFICATION, 0, 9,
			      0x56100001, data, 12);
	size_t used;

	/* Header split after 3 bytes: joined, payload kept in the state. */
	v = (struct gunyah_rm_msgv){
		.hdr = whole, .hdr_len = 3, .data = whole + 3, .len = len - 3
	};
	cr_assert_eq(gunyah_rm_reasm_feedmv(&r, &v, 1, &used, &m), 1);
	cr_assert_eq(used, 1);
	cr_assert_eq(m.hdr.type, GUNYAH_RM_RPC_TYPE_NOTIFICATION);
	cr_assert_eq(m.len, 12);
	cr_assert_arr_eq(m.payload, data, 12);
	cr_assert_eq(m.payload, r.join + GUNYAH_RM_RPC_HDR_SIZE);
	/* Everything in the header part. */
	v = (struct gunyah_rm_msgv){ .hdr = whole, .hdr_len = len };
	cr_assert_eq(gunyah_rm_reasm_feedmv(&r, &v, 1, &used, &m), 1);
	cr_assert_arr_eq(m.payload, data, 12);
	/* Longer than a msgq message: dropped with its length. */
	v = (struct gunyah_rm_msgv){
		.hdr = whole, .hdr_len = 3, .data = data, .len = 238
	};
	cr_assert_eq(gunyah_rm_reasm_feedmv(&r, &v, 1, &used, &m),
		     gunyah_rm_rpc_err_errno(GUNYAH_RM_RPC_ERR_LONG_PACKET));
	cr_assert_eq(used, 1);
	expect_report(0, GUNYAH_RM_RPC_ERR_LONG_PACKET,
		      gunyah_rm_rpc_err_errno(GUNYAH_RM_RPC_ERR_LONG_PACKET));
	cr_assert_eq(rec.reps[0].len, 241);
	cr_assert_eq(rec.n, 1);
}

/* Every report of one feed or feedmv call, in full. */
struct report_log {
	unsigned int n;
	struct gunyah_rm_rpc_report reps[64];
};

static void log_report(void *ctx, const struct gunyah_rm_rpc_report *rep)
{
	struct report_log *l = ctx;

	cr_assert_lt(l->n, 64, "too many reports");
	l->reps[l->n++] = *rep;
}

static void expect_same_reports(const struct report_log *got,
				const struct report_log *want,
				unsigned int round)
{
	unsigned int i;

	cr_assert_eq(got->n, want->n, "round %u: %u reports, want %u", round,
		     got->n, want->n);
	for (i = 0; i < got->n; i++) {
		const struct gunyah_rm_rpc_report *g = &got->reps[i];
		const struct gunyah_rm_rpc_report *w = &want->reps[i];

		cr_assert_eq(g->reason, w->reason, "round %u report %u", round,
			     i);
		cr_assert_eq(g->code, w->code);
		cr_assert_eq(g->len, w->len, "round %u report %u", round, i);
		cr_assert_eq(g->hdr_valid, w->hdr_valid);
		if (w->hdr_valid) {
			cr_assert_eq(g->hdr.type, w->hdr.type);
			cr_assert_eq(g->hdr.num_fragments,
				     w->hdr.num_fragments);
			cr_assert_eq(g->hdr.seq, w->hdr.seq);
			cr_assert_eq(g->hdr.msg_id, w->hdr.msg_id);
		}
	}
}

/* Where feedmv_vs_feed() puts the payload parts of a packet stream. */
enum layout {
	LAYOUT_APART, /* in each packet, after its header */
	LAYOUT_BACK_TO_BACK, /* one after the other in one buffer */
	LAYOUT_SLOTS, /* every 232 bytes in one buffer, whatever their size */
};

/*
 * feedmv takes the same decisions as feed, packet for packet: random packet
 * streams (valid messages with headers and sizes corrupted at random) fed
 * one by one to one state and in random batches to another give the same
 * results, messages and reports. With the payload parts in one buffer (as
 * a lending transport gives them; now and then one elsewhere), whole
 * messages are delivered in place; returns how many were.
 */
static unsigned int feedmv_vs_feed(enum layout layout, unsigned int seed)
{
	static uint8_t pkts[64][GUNYAH_RM_MSGQ_MSG_SIZE];
	static uint8_t lay[64 * GUNYAH_RM_MSGQ_MSG_SIZE];
	static uint8_t apart[64][GUNYAH_RM_MSGQ_MSG_SIZE];
	static struct gunyah_rm_reasm r1, r2;
	static struct report_log l1, l2;
	struct gunyah_rm_msgv v[64];
	size_t lens[64];
	unsigned int round, i, k, in_place = 0, total = 0;

	gunyah_rm_reasm_init(&r1, log_report, &l1);
	gunyah_rm_reasm_init(&r2, log_report, &l2);
	for (round = 0; round < 3000; round++) {
		size_t n = (size_t)rand_r(&seed) %
			   (rand_r(&seed) % 4 ? 2000 : 14617);
		int npkts = gunyah_rm_rpc_num_packets(n);
		size_t off = 0;

		for (k = 0; k < (unsigned int)npkts; k++) {
			size_t poff = (size_t)k * 232, h;
			const uint8_t *d;

			lens[k] = make_pkt(pkts[k],
					   k ? GUNYAH_RM_RPC_TYPE_CONTINUATION :
					       GUNYAH_RM_RPC_TYPE_REPLY,
					   (uint8_t)(npkts - 1),
					   (uint16_t)round, 0x56000001,
					   data + poff,
					   n - poff < 232 ? n - poff : 232);
			if (rand_r(&seed) % 64 == 0)
				pkts[k][rand_r(&seed) % 8] ^=
					(uint8_t)(1u << (rand_r(&seed) % 8));
			/* A first packet that says it is a continuation. */
			if (!k && rand_r(&seed) % 64 == 0)
				pkts[k][1] &= 0xfc;
			if (rand_r(&seed) % 128 == 0 && lens[k] > 8)
				lens[k] -= 1 + (size_t)rand_r(&seed) % 8;
			/* Empty: a fragment of no payload. */
			if (rand_r(&seed) % 256 == 0)
				lens[k] = 8;
			/* A packet shortened below a header is joined. */
			h = lens[k] < 8 ? lens[k] : 8;
			d = pkts[k] + h;
			if (layout != LAYOUT_APART && rand_r(&seed) % 64) {
				if (layout == LAYOUT_SLOTS)
					off = (size_t)k * 232;
				memcpy(lay + off, d, lens[k] - h);
				d = lay + off;
				off += lens[k] - h;
			} else if (layout != LAYOUT_APART) {
				memcpy(apart[k], d, lens[k] - h);
				d = apart[k];
				/* Its slot holds other bytes. */
				if (layout == LAYOUT_SLOTS)
					memset(lay + (size_t)k * 232, 0xee,
					       232);
			}
			v[k] = (struct gunyah_rm_msgv){
				.hdr = pkts[k],
				.hdr_len = h,
				.data = d,
				.len = lens[k] - h,
			};
		}
		for (i = 0; i < (unsigned int)npkts;) {
			size_t batch =
				1 + (size_t)rand_r(&seed) % ((size_t)npkts - i);
			struct gunyah_rm_rpc_msg m1, m2;
			size_t used;
			int ret1 = 0, ret2;

			/* Mostly the rest of the stream at once. */
			if (rand_r(&seed) % 2)
				batch = (size_t)npkts - i;
			l1.n = 0;
			l2.n = 0;
			ret2 = gunyah_rm_reasm_feedmv(&r2, v + i, batch, &used,
						      &m2);
			cr_assert(used >= 1 && used <= batch);
			for (k = 0; k < used; k++) {
				if (k)
					cr_assert_eq(ret1, 0);
				ret1 = gunyah_rm_reasm_feed(&r1, pkts[i + k],
							    lens[i + k], &m1);
			}
			cr_assert_eq(ret2, ret1, "round %u packet %u", round,
				     i + k - 1);
			expect_same_reports(&l2, &l1, round);
			if (ret1 == 1) {
				cr_assert_eq(m2.len, m1.len);
				cr_assert_eq(m2.hdr.type, m1.hdr.type);
				cr_assert_eq(m2.hdr.num_fragments,
					     m1.hdr.num_fragments);
				cr_assert_eq(m2.hdr.seq, m1.hdr.seq);
				cr_assert_eq(m2.hdr.msg_id, m1.hdr.msg_id);
				if (m1.len)
					cr_assert_arr_eq(m2.payload, m1.payload,
							 m1.len);
				total++;
				if (m2.hdr.num_fragments &&
				    m2.payload == v[i].data)
					in_place++;
				else if (m2.hdr.num_fragments)
					cr_assert_eq(m2.payload, r2.buf);
			}
			i += (unsigned int)used;
		}
	}
	cr_assert_gt(total, 1000);
	return in_place;
}

Test(reasm, feedmv_matches_feed)
{
	cr_assert_eq(feedmv_vs_feed(LAYOUT_APART, 12345), 0,
		     "payload parts in separate packets delivered in place");
}

Test(reasm, feedmv_in_place_matches_feed)
{
	cr_assert_gt(feedmv_vs_feed(LAYOUT_BACK_TO_BACK, 54321), 500);
	cr_assert_gt(feedmv_vs_feed(LAYOUT_SLOTS, 98765), 500);
}

/* Packet @i of the @n-byte message @seq from data[], its payload at @d. */
static struct gunyah_rm_msgv frag_at(uint8_t h[GUNYAH_RM_RPC_HDR_SIZE],
				     size_t n, unsigned int i, uint16_t seq,
				     const uint8_t *d)
{
	struct gunyah_rm_msgv v = frag_v(h, n, i, seq);

	memcpy((void *)d, v.data, v.len);
	v.data = d;
	return v;
}

/*
 * A whole message whose payload parts lie back to back is delivered in
 * place (the payload is the first packet's payload part); any gap, a
 * missing packet or an unexpected header makes it a copy, with the same
 * results as feeding the packets one by one.
 */
Test(reasm, feedmv_in_place)
{
	static const size_t sizes[] = { 233, 464, 465, 3712, 14616 };
	static uint8_t lay[GUNYAH_RM_RPC_MAX_PAYLOAD + 64];
	static uint8_t h[GUNYAH_RM_RPC_MAX_PACKETS + 1][GUNYAH_RM_RPC_HDR_SIZE];
	struct gunyah_rm_msgv v[GUNYAH_RM_RPC_MAX_PACKETS + 1];
	struct gunyah_rm_rpc_msg m;
	size_t i, used;
	int k, npkts;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		npkts = gunyah_rm_rpc_num_packets(sizes[i]);
		for (k = 0; k < npkts; k++)
			v[k] = frag_at(h[k], sizes[i], (unsigned int)k,
				       (uint16_t)i, lay + 232 * k);
		/* One more packet after it: not taken. */
		v[npkts] = frag_v(h[npkts], 5, 0, 99);
		memset(&m, 0, sizeof(m));
		cr_assert_eq(gunyah_rm_reasm_feedmv(&r, v, (size_t)npkts + 1,
						    &used, &m),
			     1);
		cr_assert_eq(used, (size_t)npkts);
		cr_assert_eq(m.payload, lay, "%zu bytes copied", sizes[i]);
		cr_assert_eq(m.len, sizes[i]);
		cr_assert_eq(m.hdr.type, GUNYAH_RM_RPC_TYPE_REPLY);
		cr_assert_eq(m.hdr.num_fragments, npkts - 1);
		cr_assert_eq(m.hdr.seq, i);
		cr_assert_eq(m.hdr.msg_id, 0x56000020);
		cr_assert_arr_eq(m.payload, data, sizes[i]);
	}
	cr_assert_eq(rec.n, 0);

	/* Complete: its continuation once more is an extra one. */
	cr_assert_eq(gunyah_rm_reasm_feedmv(&r, v + 1, 1, &used, &m), -ENOMSG);
	expect_report(0, GUNYAH_RM_RPC_ERR_EXTRA_CONTINUATION, -ENOMSG);

	/* It ends a message in progress, as a new message does. */
	npkts = gunyah_rm_rpc_num_packets(700);
	for (k = 0; k < npkts; k++)
		v[k] = frag_at(h[k], 700, (unsigned int)k, 5, lay + 232 * k);
	cr_assert_eq(gunyah_rm_reasm_feedmv(&r, v, 1, &used, &m), 0);
	cr_assert_eq(gunyah_rm_reasm_feedmv(&r, v, (size_t)npkts, &used, &m),
		     1);
	cr_assert_eq(used, (size_t)npkts);
	cr_assert_eq(m.payload, lay);
	cr_assert_eq(rec.n, 2);
	expect_report(1, GUNYAH_RM_RPC_ERR_INCOMPLETE, -EIO);
	cr_assert_eq(rec.reps[1].len, 232);
	cr_assert_eq(rec.reps[1].hdr.seq, 5);

	/* A gap between two payload parts: copied, same result. */
	for (k = 0; k < npkts; k++)
		v[k] = frag_at(h[k], 700, (unsigned int)k, 6,
			       lay + 232 * k + (k == npkts - 1));
	cr_assert_eq(gunyah_rm_reasm_feedmv(&r, v, (size_t)npkts, &used, &m),
		     1);
	cr_assert_eq(used, (size_t)npkts);
	cr_assert_eq(m.payload, r.buf);
	cr_assert_eq(m.len, 700);
	cr_assert_arr_eq(m.payload, data, 700);

	/* Not all its packets: the rest is awaited, then it is a copy. */
	for (k = 0; k < npkts; k++)
		v[k] = frag_at(h[k], 700, (unsigned int)k, 7, lay + 232 * k);
	cr_assert_eq(gunyah_rm_reasm_feedmv(&r, v, 2, &used, &m), 0);
	cr_assert_eq(used, 2);
	cr_assert_eq(gunyah_rm_reasm_feedmv(&r, v + 2, 2, &used, &m), 1);
	cr_assert_eq(m.payload, r.buf);
	cr_assert_arr_eq(m.payload, data, 700);

	/* A continuation of another seq among them: dropped alone. */
	v[0] = frag_at(h[0], 700, 0, 8, lay);
	v[1] = frag_at(h[1], 700, 1, 8, lay + 232);
	v[2] = frag_at(h[2], 700, 2, 9, lay + 464);
	v[3] = frag_at(h[3], 700, 2, 8, lay + 464);
	v[4] = frag_at(h[4], 700, 3, 8, lay + 696);
	cr_assert_eq(gunyah_rm_reasm_feedmv(&r, v, 5, &used, &m),
		     gunyah_rm_rpc_err_errno(GUNYAH_RM_RPC_ERR_SEQ_MISMATCH));
	cr_assert_eq(used, 3);
	cr_assert_eq(rec.n, 3);
	expect_report(2, GUNYAH_RM_RPC_ERR_SEQ_MISMATCH,
		      gunyah_rm_rpc_err_errno(GUNYAH_RM_RPC_ERR_SEQ_MISMATCH));
	cr_assert_eq(gunyah_rm_reasm_feedmv(&r, v + 3, 2, &used, &m), 1);
	cr_assert_eq(used, 2);
	cr_assert_eq(m.payload, r.buf);
	cr_assert_eq(m.hdr.seq, 8);
	cr_assert_arr_eq(m.payload, data, 700);
	cr_assert_eq(rec.n, 3);

	/* A last fragment one byte too long: that packet alone is dropped. */
	for (k = 0; k < npkts; k++)
		v[k] = frag_at(h[k], 700, (unsigned int)k, 10, lay + 232 * k);
	v[npkts - 1].len = 233;
	cr_assert_eq(gunyah_rm_reasm_feedmv(&r, v, (size_t)npkts, &used, &m),
		     -EMSGSIZE);
	cr_assert_eq(used, (size_t)npkts);
	cr_assert_eq(rec.n, 4);
	expect_report(3, GUNYAH_RM_RPC_ERR_LONG_PACKET, -EMSGSIZE);
	cr_assert_eq(rec.reps[3].len, 241);
	v[npkts - 1].len = 700 - 696;
	cr_assert_eq(gunyah_rm_reasm_feedmv(&r, v + npkts - 1, 1, &used, &m),
		     1);
	cr_assert_eq(m.payload, r.buf);
	cr_assert_arr_eq(m.payload, data, 700);
	cr_assert_eq(rec.n, 4);
}

Test(reasm, feedv_rejects_long_packet)
{
	struct gunyah_rm_rpc_msg m;

	make_pkt(pkt, GUNYAH_RM_RPC_TYPE_REQUEST, 0, 1, 0x56000004, data, 8);
	cr_assert_eq(gunyah_rm_reasm_feedv(&r, pkt, data, 233, &m),
		     gunyah_rm_rpc_err_errno(GUNYAH_RM_RPC_ERR_LONG_PACKET));
	cr_assert_eq(rec.n, 1);
	cr_assert_eq(rec.reps[0].reason, GUNYAH_RM_RPC_ERR_LONG_PACKET);
}
