// SPDX-License-Identifier: BSD-3-Clause
/*
 * Test helper for rmdump: writes RPC traffic built without rmdump.
 *
 *   vecgen vectors     every golden vector as an RPC message (hex packets)
 *   vecgen manifest    one line per vector: name, type, message name
 *   vecgen fragmented  a VM_GET_HYP_RESOURCES reply with 8 entries, encoded
 *                      by the generated encoder (2 packets)
 *
 * A vector of role "request" becomes a REQUEST, "response" a REPLY with
 * error word 0, "err_data" a REPLY with error ARGUMENT_INVALID, "payload" a
 * NOTIFICATION; the message is the one whose payload the vector is. Packets
 * are made by the runtime's gunyah_rm_rpc_send().
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "gunyah_rm/protocol.h"
#include "gunyah_rm/rpc.h"
#include "gunyah_rm/table.h"
#include "vectors.h"

static int print_send(void *ctx, const void *msg, size_t len,
		      unsigned int flags, const struct timespec *deadline)
{
	const uint8_t *p = msg;
	size_t i;

	(void)ctx;
	(void)flags;
	(void)deadline;
	for (i = 0; i < len; i++)
		printf("%s%02x", i ? " " : "", p[i]);
	putchar('\n');
	return 0;
}

static const struct gunyah_rm_transport_ops print_ops = {
	.send = print_send,
	.recv = gunyah_rm_transport_recv_none,
	.shutdown = gunyah_rm_transport_nop,
	.close = gunyah_rm_transport_nop,
};

static const struct gunyah_rm_transport print_transport = { .ops = &print_ops };

struct target {
	const struct gunyah_rm_msg_desc *msg;
	enum gunyah_rm_rpc_type type;
	uint32_t rm_error;
	const char *type_name;
};

static int find_target(const struct gunyah_rm_vector *v, struct target *t)
{
	size_t i;

	for (i = 0; i < gunyah_rm_n_messages; i++) {
		const struct gunyah_rm_msg_desc *m = &gunyah_rm_messages[i];

		t->msg = m;
		t->rm_error = 0;
		if (!strcmp(v->role, "request") && m->request &&
		    !strcmp(m->request->name, v->message)) {
			t->type = GUNYAH_RM_RPC_TYPE_REQUEST;
			t->type_name = "request";
			return 0;
		}
		if (!strcmp(v->role, "response") && m->response &&
		    !strcmp(m->response->name, v->message)) {
			t->type = GUNYAH_RM_RPC_TYPE_REPLY;
			t->type_name = "reply";
			return 0;
		}
		if (!strcmp(v->role, "err_data") && m->error_response &&
		    !strcmp(m->error_response->name, v->message)) {
			t->type = GUNYAH_RM_RPC_TYPE_REPLY;
			t->type_name = "reply";
			t->rm_error = GUNYAH_RM_ERROR_ARGUMENT_INVALID;
			return 0;
		}
		if (!strcmp(v->role, "payload") && m->payload &&
		    !strcmp(m->payload->name, v->message)) {
			t->type = GUNYAH_RM_RPC_TYPE_NOTIFICATION;
			t->type_name = "notification";
			return 0;
		}
	}
	fprintf(stderr, "vecgen: no message for vector %s (%s %s)\n", v->name,
		v->role, v->message);
	return -1;
}

static int send_msg(const struct target *t, uint16_t seq, const uint8_t *data,
		    size_t len)
{
	static uint8_t buf[GUNYAH_RM_RPC_MAX_PAYLOAD];
	size_t off = 0;
	int ret;

	if (t->type == GUNYAH_RM_RPC_TYPE_REPLY) {
		gunyah_rm_put_le32(buf, t->rm_error);
		off = 4;
	}
	if (len > sizeof(buf) - off) {
		fprintf(stderr, "vecgen: message too long\n");
		return -1;
	}
	if (len)
		memcpy(buf + off, data, len);
	ret = gunyah_rm_rpc_send(&print_transport, t->type, seq, t->msg->id,
				 buf, off + len, NULL);
	if (ret) {
		fprintf(stderr, "vecgen: send failed: %d\n", ret);
		return -1;
	}
	return 0;
}

static int cmd_vectors(bool manifest)
{
	struct target t;
	size_t i;

	for (i = 0; i < gunyah_rm_n_vectors; i++) {
		const struct gunyah_rm_vector *v = &gunyah_rm_vectors[i];

		if (find_target(v, &t))
			return 1;
		if (manifest) {
			printf("%s %s %s %u\n", v->name, t.type_name,
			       t.msg->name, (unsigned int)t.rm_error);
			continue;
		}
		printf("# %s\n", v->name);
		if (send_msg(&t, (uint16_t)(i + 1), v->bytes, v->len))
			return 1;
	}
	return 0;
}

static int cmd_fragmented(void)
{
	struct gunyah_rm_hyp_resource items[8];
	struct gunyah_rm_vm_get_hyp_resources_resp resp = { 0 };
	uint8_t data[GUNYAH_RM_RPC_MAX_PAYLOAD];
	struct target t = {
		.msg = gunyah_rm_find_message(
			GUNYAH_RM_RPC_VM_GET_HYP_RESOURCES),
		.type = GUNYAH_RM_RPC_TYPE_REPLY,
	};
	unsigned int i;
	int n;

	for (i = 0; i < 8; i++) {
		items[i] = (struct gunyah_rm_hyp_resource){
			.type = (uint8_t)(i % 5),
			.partner_vmid = (uint16_t)(0x80 + i),
			.resource_handle = 0x100 + i,
			.resource_label = i,
			.cap_id = 0x1000000000000000ull + i,
			.virq_handle = 0,
			.virq = i ? 32 + i : 0,
			.base = i == 4 ? 0xfedcba9876543210ull : 0,
			.size = i == 4 ? 0x1000 : 0,
		};
	}
	resp.n_entries = 8;
	resp.entries.items = items;
	resp.entries.n = 8;
	n = gunyah_rm_vm_get_hyp_resources_resp_encode(&resp, data,
						       sizeof(data));
	if (n < 0 || !t.msg) {
		fprintf(stderr, "vecgen: encode failed: %d\n", n);
		return 1;
	}
	return send_msg(&t, 0x1234, data, (size_t)n) ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "vectors"))
		return cmd_vectors(false);
	if (argc == 2 && !strcmp(argv[1], "manifest"))
		return cmd_vectors(true);
	if (argc == 2 && !strcmp(argv[1], "fragmented"))
		return cmd_fragmented();
	fprintf(stderr, "usage: vecgen vectors|manifest|fragmented\n");
	return 2;
}
