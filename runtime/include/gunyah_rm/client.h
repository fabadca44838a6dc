/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Resource Manager RPC client over a struct gunyah_rm_transport. A receive
 * thread reassembles messages, hands each reply to the call waiting for it
 * (same seq and msg_id) and each notification, once validated, to the
 * notification handler. Anything dropped is counted in struct
 * gunyah_rm_stats and passed to the error callback.
 */
#ifndef GUNYAH_RM_CLIENT_H
#define GUNYAH_RM_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rpc.h"
#include "transport.h"
#include "wire.h"

#ifdef __cplusplus
extern "C" {
#endif

struct gunyah_rm;

/* Timeout value for struct gunyah_rm_call_opts: use the client's default. */
#define GUNYAH_RM_TIMEOUT_DEFAULT 0

/**
 * struct gunyah_rm_config - Client settings; zero-initialise for defaults.
 * @max_pending: calls that may wait for a reply at once (0: 64, at most
 *               4096); further callers wait for a free slot
 * @timeout_ms: default per-call timeout; 0 or negative waits forever, as the
 *              Linux driver does
 * @validate: checks a notification before the handler sees it: 0 delivers
 *            it, a negative errno (with *@err filled) drops it; NULL
 *            delivers all (gunyah_rm_notif_validate() is the generated one)
 * @on_notification: handles each notification (@payload valid during the
 *                   call) on the receive thread, so it must not call
 *                   gunyah_rm_call() (-EDEADLK there) nor block; or NULL
 * @notif_ctx: first argument of @on_notification
 * @on_error: told about each dropped packet or message (valid during the
 *            call), on the receive thread, with no client lock held; or NULL
 * @error_ctx: first argument of @on_error
 * @error_remap: maps a reply's non-zero RM error word to the errno the call
 *               returns (as the generated gunyah_rm_error_remap() does);
 *               NULL returns -EREMOTEIO for every non-zero word
 */
struct gunyah_rm_config {
	unsigned int max_pending;
	int timeout_ms;
	int (*validate)(uint32_t notif_id, const void *payload, size_t len,
			struct gunyah_rm_verr *err);
	void (*on_notification)(void *ctx, uint32_t notif_id,
				const void *payload, size_t len);
	void *notif_ctx;
	void (*on_error)(void *ctx, const struct gunyah_rm_rpc_report *rep);
	void *error_ctx;
	int (*error_remap)(uint32_t rm_error);
};

/**
 * struct gunyah_rm_call_opts - Per-call options and RM status.
 * @timeout_ms: in: GUNYAH_RM_TIMEOUT_DEFAULT (0) for the client's default,
 *              negative to wait forever, else milliseconds
 * @replied: out: a reply carrying an RM error word arrived
 * @rm_error: out: that RM error word (0 if @replied is false)
 */
struct gunyah_rm_call_opts {
	int timeout_ms;
	bool replied;
	uint32_t rm_error;
};

/**
 * struct gunyah_rm_stats - Receive-side counters.
 * @rx_packets: msgq messages received
 * @rx_messages: complete RPC messages reassembled
 * @replies: replies handed to their caller
 * @notifications: notifications handed to the handler
 * @notifications_unhandled: valid notifications, but no handler configured
 * @timeouts: calls that ended with -ETIMEDOUT
 * @errors: reports per enum gunyah_rm_rpc_err reason (index NONE unused)
 */
struct gunyah_rm_stats {
	uint64_t rx_packets;
	uint64_t rx_messages;
	uint64_t replies;
	uint64_t notifications;
	uint64_t notifications_unhandled;
	uint64_t timeouts;
	uint64_t errors[GUNYAH_RM_RPC_NR_ERRS];
};

int gunyah_rm_create(struct gunyah_rm_transport *t,
		     const struct gunyah_rm_config *cfg,
		     struct gunyah_rm **out);
void gunyah_rm_destroy(struct gunyah_rm *rm);

int gunyah_rm_call(struct gunyah_rm *rm, uint32_t msg_id, const void *req,
		   size_t req_size, void *resp, size_t resp_cap,
		   size_t *resp_size);
int gunyah_rm_call_ex(struct gunyah_rm *rm, uint32_t msg_id, const void *req,
		      size_t req_size, void *resp, size_t resp_cap,
		      size_t *resp_size, struct gunyah_rm_call_opts *opts);

void gunyah_rm_get_stats(struct gunyah_rm *rm, struct gunyah_rm_stats *stats);

#ifdef __cplusplus
}
#endif

#endif /* GUNYAH_RM_CLIENT_H */
