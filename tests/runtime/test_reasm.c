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

Test(reasm, init_again_forgets_pending_silently)
{
	struct gunyah_rm_rpc_msg m;

	cr_assert_eq(feed_frag(GUNYAH_RM_RPC_TYPE_REPLY, 600, 0, 8, 1, &m), 0);
	gunyah_rm_reasm_init(&r, recorder_fn, &rec);
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
 * One copy per payload byte: each fragment's payload is at its final place
 * in the reassembly buffer as soon as its own packet is fed (the packet
 * buffer is scribbled over right after), and the complete message is
 * handed out from there, not moved again. A single-packet message is
 * handed out in its packet, not copied at all. The state has room for one
 * payload only, so there is nowhere for a second copy to go.
 */
Test(reasm, one_copy_per_payload_byte)
{
	const size_t n = GUNYAH_RM_RPC_MAX_PAYLOAD;
	int npkts = gunyah_rm_rpc_num_packets(n);
	struct gunyah_rm_rpc_msg m;
	size_t off;
	int i;

	cr_assert_lt(sizeof(r), 2 * n);
	for (i = 0; i < npkts; i++) {
		off = (size_t)i * 232;
		cr_assert_eq(feed_frag(GUNYAH_RM_RPC_TYPE_REPLY, n,
				       (unsigned int)i, 3, 0x56000020, &m),
			     i == npkts - 1 ? 1 : 0);
		cr_assert_arr_eq(r.buf + off, data + off, 232, "packet %d", i);
		memset(pkt, 0xee, sizeof(pkt));
	}
	cr_assert_eq(m.payload, r.buf);
	cr_assert_eq(m.len, n);
	cr_assert_arr_eq(m.payload, data, n);

	make_pkt(pkt, GUNYAH_RM_RPC_TYPE_REPLY, 0, 4, 0x56000020, data, 232);
	cr_assert_eq(feed(240, &m), 1);
	cr_assert_eq(m.payload, pkt + GUNYAH_RM_RPC_HDR_SIZE);
	cr_assert_eq(m.len, 232);
	cr_assert_eq(rec.n, 0);
}
