/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Gunyah Resource Manager RPC framing. One msgq message carries one packet:
 * an 8-byte header and at most 232 payload bytes. A longer message is a
 * first packet with the real type and up to 62 CONTINUATION packets, all
 * with the same num_fragments, seq and msg_id.
 */
#ifndef GUNYAH_RM_RPC_H
#define GUNYAH_RM_RPC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "transport.h"
#include "wire.h"

#ifdef __cplusplus
extern "C" {
#endif

/* clang-format off */
#define GUNYAH_RM_RPC_HDR_SIZE		8
#define GUNYAH_RM_RPC_FRAG_PAYLOAD	(GUNYAH_RM_MSGQ_MSG_SIZE - GUNYAH_RM_RPC_HDR_SIZE)
#define GUNYAH_RM_RPC_MAX_CONTINUATIONS	62
#define GUNYAH_RM_RPC_MAX_PACKETS	(GUNYAH_RM_RPC_MAX_CONTINUATIONS + 1)
#define GUNYAH_RM_RPC_MAX_PAYLOAD	(GUNYAH_RM_RPC_FRAG_PAYLOAD * GUNYAH_RM_RPC_MAX_PACKETS)
#define GUNYAH_RM_RPC_API_VERSION	1
#define GUNYAH_RM_RPC_HEADER_WORDS	2
/* clang-format on */

/**
 * enum gunyah_rm_rpc_type - The msg_type field of an RPC packet header.
 * @GUNYAH_RM_RPC_TYPE_CONTINUATION: second and later packets of a message
 * @GUNYAH_RM_RPC_TYPE_REQUEST: client to RM call
 * @GUNYAH_RM_RPC_TYPE_REPLY: RM to client answer to a request
 * @GUNYAH_RM_RPC_TYPE_NOTIFICATION: unsolicited RM to client event
 */
enum gunyah_rm_rpc_type {
	GUNYAH_RM_RPC_TYPE_CONTINUATION = 0,
	GUNYAH_RM_RPC_TYPE_REQUEST = 1,
	GUNYAH_RM_RPC_TYPE_REPLY = 2,
	GUNYAH_RM_RPC_TYPE_NOTIFICATION = 3,
};

/**
 * struct gunyah_rm_rpc_hdr - A decoded RPC packet header.
 * @api_version: byte 0 bits 3:0, must be 1
 * @header_words: byte 0 bits 7:4, header size in 32-bit words, must be 2
 * @type: byte 1 bits 1:0
 * @num_fragments: byte 1 bits 7:2, continuation packets following the first
 * @seq: bytes 2-3, sequence number (LE)
 * @msg_id: bytes 4-7, message or notification ID (LE)
 */
struct gunyah_rm_rpc_hdr {
	uint8_t api_version;
	uint8_t header_words;
	enum gunyah_rm_rpc_type type;
	uint8_t num_fragments;
	uint16_t seq;
	uint32_t msg_id;
};

/*
 * Why the framing layer or the client dropped a packet or message:
 * X(name, errno, description), one list for the enum, strings and errnos.
 */
#define GUNYAH_RM_RPC_ERRORS(X)                                                \
	X(NONE, 0, "no error")                                                 \
	X(SHORT_PACKET, EBADMSG,                                               \
	  "packet is shorter than the 8-byte RPC header")                      \
	X(LONG_PACKET, EMSGSIZE,                                               \
	  "packet is longer than a 240-byte msgq message")                     \
	X(API_VERSION, EPROTONOSUPPORT, "RPC header api_version is not 1")     \
	X(HEADER_WORDS, EPROTO, "RPC header header_words is not 2")            \
	X(TOO_MANY_FRAGMENTS, E2BIG, "RPC header num_fragments exceeds 62")    \
	X(FRAGMENT_SIZE, EBADMSG,                                              \
	  "fragment payload size does not match the announced fragment count") \
	X(ORPHAN_CONTINUATION, ENOMSG,                                         \
	  "continuation without a message in progress")                        \
	X(EXTRA_CONTINUATION, ENOMSG,                                          \
	  "continuation after its message was already complete")               \
	X(MSG_ID_MISMATCH, EPROTO,                                             \
	  "continuation msg_id differs from the message in progress")          \
	X(SEQ_MISMATCH, EPROTO,                                                \
	  "continuation seq differs from the message in progress")             \
	X(FRAGMENTS_MISMATCH, EPROTO,                                          \
	  "continuation num_fragments differs from the message in progress")   \
	X(INCOMPLETE, EIO,                                                     \
	  "message in progress dropped before all its fragments arrived")      \
	X(UNEXPECTED_REQUEST, EOPNOTSUPP,                                      \
	  "REQUEST message received by a client")                              \
	X(UNMATCHED_REPLY, ENOENT,                                             \
	  "reply matches no pending call (seq, msg_id)")                       \
	X(INVALID_NOTIFICATION, EBADMSG,                                       \
	  "notification payload failed validation")                            \
	X(TRANSPORT, EPIPE, "transport receive failed; the client stopped")

/**
 * enum gunyah_rm_rpc_err - Why a packet or message was dropped.
 * @GUNYAH_RM_RPC_ERRORS: expands to one member, GUNYAH_RM_RPC_ERR_<name>,
 *                        for each entry of the list, in its order
 *
 * GUNYAH_RM_RPC_NR_ERRS, the last member, is the number of reasons.
 */
enum gunyah_rm_rpc_err {
#define GUNYAH_RM_RPC_ERR_ENUM(name, err, str) GUNYAH_RM_RPC_ERR_##name,
	GUNYAH_RM_RPC_ERRORS(GUNYAH_RM_RPC_ERR_ENUM)
#undef GUNYAH_RM_RPC_ERR_ENUM
		GUNYAH_RM_RPC_NR_ERRS
};

/**
 * struct gunyah_rm_rpc_report - One dropped packet or message.
 * @code: negative errno for @reason (see gunyah_rm_rpc_err_errno()), or the
 *        transport's error for GUNYAH_RM_RPC_ERR_TRANSPORT
 * @reason: what was wrong
 * @hdr_valid: @hdr holds a decoded header
 * @hdr: header of the offending packet; for GUNYAH_RM_RPC_ERR_INCOMPLETE the
 *       header of the dropped partial message
 * @len: packet length (0 if the transport dropped it or failed); INCOMPLETE:
 *       payload bytes received so far; message-level reasons: payload length
 * @verr: validator result for GUNYAH_RM_RPC_ERR_INVALID_NOTIFICATION, else
 *        NULL
 */
struct gunyah_rm_rpc_report {
	int code;
	enum gunyah_rm_rpc_err reason;
	bool hdr_valid;
	struct gunyah_rm_rpc_hdr hdr;
	size_t len;
	const struct gunyah_rm_verr *verr;
};

const char *gunyah_rm_rpc_err_str(enum gunyah_rm_rpc_err reason);
int gunyah_rm_rpc_err_errno(enum gunyah_rm_rpc_err reason);

int gunyah_rm_rpc_hdr_encode(const struct gunyah_rm_rpc_hdr *hdr, uint8_t *out);
int gunyah_rm_rpc_hdr_decode(const void *pkt, size_t len,
			     struct gunyah_rm_rpc_hdr *hdr,
			     enum gunyah_rm_rpc_err *reason);

int gunyah_rm_rpc_num_packets(size_t len);
int gunyah_rm_rpc_send(const struct gunyah_rm_transport *t,
		       enum gunyah_rm_rpc_type type, uint16_t seq,
		       uint32_t msg_id, const void *payload, size_t len,
		       const struct timespec *deadline);

/**
 * struct gunyah_rm_rpc_msg - A complete message returned by reassembly.
 * @hdr: header of the first packet (real type, num_fragments, seq, msg_id)
 * @payload: message payload, in the packet given to gunyah_rm_reasm_feed()
 *           for a single-packet message (no copy), else in the reassembly
 *           buffer; valid until the next feed and while the packet is kept
 * @len: payload length, 0..GUNYAH_RM_RPC_MAX_PAYLOAD
 */
struct gunyah_rm_rpc_msg {
	struct gunyah_rm_rpc_hdr hdr;
	const uint8_t *payload;
	size_t len;
};

/**
 * typedef gunyah_rm_rpc_report_fn - Receives each problem found.
 * @ctx: the context given to gunyah_rm_reasm_init()
 * @rep: the problem; only valid during the call
 */
typedef void (*gunyah_rm_rpc_report_fn)(void *ctx,
					const struct gunyah_rm_rpc_report *rep);

/**
 * struct gunyah_rm_reasm - Reassembly state for one receive direction.
 * @report: problem callback, may be NULL
 * @report_ctx: first argument of @report
 * @hdr: header of the message in progress or, if @done, of the last one
 *       completed (to recognise a continuation that comes after it)
 * @frags_left: continuations still expected; 0 if no message is in progress
 * @done: the last packet completed a message
 * @len: payload bytes of the message in progress so far
 * @buf: payload of the message in progress, each fragment copied once here
 *
 * Feed one receive direction from one thread. The members are private.
 */
struct gunyah_rm_reasm {
	gunyah_rm_rpc_report_fn report;
	void *report_ctx;
	struct gunyah_rm_rpc_hdr hdr;
	unsigned int frags_left;
	bool done;
	size_t len;
	uint8_t buf[GUNYAH_RM_RPC_MAX_PAYLOAD];
};

void gunyah_rm_reasm_init(struct gunyah_rm_reasm *r,
			  gunyah_rm_rpc_report_fn report, void *ctx);
int gunyah_rm_reasm_feed(struct gunyah_rm_reasm *r, const void *pkt, size_t len,
			 struct gunyah_rm_rpc_msg *msg);

#ifdef __cplusplus
}
#endif

#endif /* GUNYAH_RM_RPC_H */
