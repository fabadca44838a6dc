// SPDX-License-Identifier: BSD-3-Clause
/*
 * rmsim server: one request in, one reply out, then the notifications the
 * request caused.
 *
 * Every request is looked up in the generated message table: an unknown ID
 * is answered UNIMPLEMENTED, a payload the generated validator rejects
 * MSG_INVALID. The calls that need state (VM lifecycle, GET_HYP_RESOURCES,
 * memory parcels, a few queries) have handlers below; every other known
 * call gets a well-formed reply built from its response descriptor: the
 * encoding of a zeroed host struct, or just the error word when the
 * response has no fields or an unknown layout.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"

/* Reply data being built: the bytes after the RM error word. */
struct reply {
	uint8_t *data;
	size_t cap;
	size_t len;
};

typedef uint32_t (*handler_fn)(struct rmsim *s,
			       const struct gunyah_rm_rpc_msg *m,
			       struct reply *r);

#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 2, 3)))
#endif
static void
vlog(const struct rmsim *s, const char *fmt, ...)
{
	va_list ap;

	if (!s->verbose)
		return;
	va_start(ap, fmt);
	fputs("rmsim: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static const char *msg_name(uint32_t id)
{
	const struct gunyah_rm_msg_desc *d = gunyah_rm_find_message(id);

	if (!d)
		d = gunyah_rm_find_notification(id);
	return d ? d->name : "unknown";
}

static void queue_notif(struct rmsim *s, uint32_t id, int len,
			const uint8_t *data)
{
	struct rmsim_notif *n;

	if (len < 0 || (size_t)len > RMSIM_NOTIF_MAX ||
	    s->n_notifs == RMSIM_MAX_NOTIFS) {
		fprintf(stderr,
			"rmsim: cannot queue notification 0x%08x (%d)\n", id,
			len);
		return;
	}
	n = &s->notifs[s->n_notifs++];
	n->id = id;
	n->len = (size_t)len;
	memcpy(n->data, data, (size_t)len);
}

static void on_status(void *ctx, uint16_t vmid, const struct rmsim_vm *vm)
{
	struct rmsim *s = ctx;
	const struct gunyah_rm_vm_status_payload p = {
		.vmid = vmid,
		.vm_status = vm->status,
		.os_status = vm->os_status,
		.app_status = vm->app_status,
	};
	uint8_t buf[RMSIM_NOTIF_MAX];

	queue_notif(s, GUNYAH_RM_NOTIFICATION_VM_STATUS,
		    gunyah_rm_vm_status_payload_encode(&p, buf, sizeof(buf)),
		    buf);
}

static void on_exited(void *ctx, uint16_t vmid, uint16_t exit_type,
		      uint8_t exit_code)
{
	struct rmsim *s = ctx;
	/* RM exit reason word: exit_flags le16, exit_code u8, reserved u8. */
	uint8_t reason[4] = { 0, 0, exit_code, 0 };
	const struct gunyah_rm_vm_exited_payload p = {
		.vmid = vmid,
		.exit_type = exit_type,
		.exit_reason_size = sizeof(reason),
		.exit_reason = { .data = reason, .len = sizeof(reason) },
	};
	uint8_t buf[RMSIM_NOTIF_MAX];

	queue_notif(s, GUNYAH_RM_NOTIFICATION_VM_EXITED,
		    gunyah_rm_vm_exited_payload_encode(&p, buf, sizeof(buf)),
		    buf);
}

static const struct rmsim_vm_ops vm_ops = {
	.status = on_status,
	.exited = on_exited,
};

/* Take the result of a generated encoder as the reply data. */
static uint32_t reply_set(struct reply *r, int n, const char *what)
{
	if (n < 0) {
		/* A simulator bug: the values below always encode. */
		fprintf(stderr, "rmsim: cannot encode %s: %s\n", what,
			strerror(-n));
		r->len = 0;
		return GUNYAH_RM_ERROR_NOMEM;
	}
	r->len = (size_t)n;
	return GUNYAH_RM_ERROR_OK;
}

/*
 * Decode a request the table validator already accepted. The VMID-only
 * requests share a layout; decode them with the generated decoder of each.
 */
#define DECODE(name, m, req) \
	(gunyah_rm_##name##_decode((m)->payload, (m)->len, (req), NULL) == 0)

static uint32_t h_alloc(struct rmsim *s, const struct gunyah_rm_rpc_msg *m,
			struct reply *r)
{
	struct gunyah_rm_vm_common_vmid_req req;
	struct gunyah_rm_vm_alloc_vmid_resp resp = { 0 };
	uint16_t vmid;
	uint32_t err;

	if (!DECODE(vm_common_vmid_req, m, &req))
		return GUNYAH_RM_ERROR_MSG_INVALID;
	err = rmsim_vm_alloc(&s->vms, req.vmid, &vmid);
	/* A requested VMID is answered with the error word alone. */
	if (err || req.vmid)
		return err;
	resp.has_vmid = 1;
	resp.vmid = vmid;
	return reply_set(
		r, gunyah_rm_vm_alloc_vmid_resp_encode(&resp, r->data, r->cap),
		"vm_alloc_vmid_resp");
}

static uint32_t h_dealloc(struct rmsim *s, const struct gunyah_rm_rpc_msg *m,
			  struct reply *r)
{
	struct gunyah_rm_vm_common_vmid_req req;

	(void)r;
	if (!DECODE(vm_common_vmid_req, m, &req))
		return GUNYAH_RM_ERROR_MSG_INVALID;
	return rmsim_vm_dealloc(&s->vms, req.vmid);
}

static uint32_t h_config_image(struct rmsim *s,
			       const struct gunyah_rm_rpc_msg *m,
			       struct reply *r)
{
	struct gunyah_rm_vm_config_image_req req;

	(void)r;
	if (!DECODE(vm_config_image_req, m, &req))
		return GUNYAH_RM_ERROR_MSG_INVALID;
	return rmsim_vm_config_image(&s->vms, req.vmid, req.auth_mech);
}

static uint32_t h_auth_image(struct rmsim *s, const struct gunyah_rm_rpc_msg *m,
			     struct reply *r)
{
	struct gunyah_rm_vm_auth_image_req req;

	(void)r;
	if (!DECODE(vm_auth_image_req, m, &req))
		return GUNYAH_RM_ERROR_MSG_INVALID;
	return rmsim_vm_auth_image(&s->vms, req.vmid);
}

static uint32_t h_init(struct rmsim *s, const struct gunyah_rm_rpc_msg *m,
		       struct reply *r)
{
	struct gunyah_rm_vm_init_req req;

	(void)r;
	if (!DECODE(vm_init_req, m, &req))
		return GUNYAH_RM_ERROR_MSG_INVALID;
	return rmsim_vm_init(&s->vms, req.vmid);
}

static uint32_t h_start(struct rmsim *s, const struct gunyah_rm_rpc_msg *m,
			struct reply *r)
{
	struct gunyah_rm_vm_common_vmid_req req;

	(void)r;
	if (!DECODE(vm_common_vmid_req, m, &req))
		return GUNYAH_RM_ERROR_MSG_INVALID;
	return rmsim_vm_start(&s->vms, req.vmid);
}

static uint32_t h_stop(struct rmsim *s, const struct gunyah_rm_rpc_msg *m,
		       struct reply *r)
{
	struct gunyah_rm_vm_stop_req req;

	(void)r;
	if (!DECODE(vm_stop_req, m, &req))
		return GUNYAH_RM_ERROR_MSG_INVALID;
	return rmsim_vm_stop(&s->vms, req.vmid,
			     req.flags & GUNYAH_RM_VM_STOP_FLAG_FORCE_STOP);
}

static uint32_t h_reset(struct rmsim *s, const struct gunyah_rm_rpc_msg *m,
			struct reply *r)
{
	struct gunyah_rm_vm_common_vmid_req req;

	(void)r;
	if (!DECODE(vm_common_vmid_req, m, &req))
		return GUNYAH_RM_ERROR_MSG_INVALID;
	return rmsim_vm_reset(&s->vms, req.vmid);
}

static uint32_t h_get_state(struct rmsim *s, const struct gunyah_rm_rpc_msg *m,
			    struct reply *r)
{
	struct gunyah_rm_vm_common_vmid_req req;
	struct gunyah_rm_vm_get_state_resp resp;
	struct rmsim_vm vm;
	uint32_t err;

	if (!DECODE(vm_common_vmid_req, m, &req))
		return GUNYAH_RM_ERROR_MSG_INVALID;
	err = rmsim_vm_get_state(&s->vms, req.vmid, &vm);
	if (err)
		return err;
	resp.vm_status = vm.status;
	resp.os_status = vm.os_status;
	resp.app_status = vm.app_status;
	return reply_set(
		r, gunyah_rm_vm_get_state_resp_encode(&resp, r->data, r->cap),
		"vm_get_state_resp");
}

/**
 * rmsim_hyp_resource() - Entry @i of a VM's GET_HYP_RESOURCES reply.
 * @vmid: the VM
 * @i: 0..RMSIM_HYP_RESOURCES-1
 * @r: the entry
 *
 * Entries 0-3 are vCPUs (label = index), 4 MSGQ_TX, 5 MSGQ_RX, 6 BELL_TX,
 * 7 BELL_RX; partner_vmid = @vmid; resource_handle = @vmid << 8 | @i;
 * cap_id = 0xCA00000000000000 | @vmid << 16 | @i; virq_handle = 0;
 * virq = 0x20 + @i (0 for the doorbell source, BELL_TX);
 * base = (@i + 1) << 32 | @vmid << 12; size = 0x1000 << @i.
 */
void rmsim_hyp_resource(uint16_t vmid, unsigned int i,
			struct gunyah_rm_hyp_resource *r)
{
	static const uint8_t types[RMSIM_HYP_RESOURCES] = {
		GUNYAH_RM_HYP_RESOURCE_TYPE_VCPU,
		GUNYAH_RM_HYP_RESOURCE_TYPE_VCPU,
		GUNYAH_RM_HYP_RESOURCE_TYPE_VCPU,
		GUNYAH_RM_HYP_RESOURCE_TYPE_VCPU,
		GUNYAH_RM_HYP_RESOURCE_TYPE_MSGQ_TX,
		GUNYAH_RM_HYP_RESOURCE_TYPE_MSGQ_RX,
		GUNYAH_RM_HYP_RESOURCE_TYPE_BELL_TX,
		GUNYAH_RM_HYP_RESOURCE_TYPE_BELL_RX,
	};

	memset(r, 0, sizeof(*r));
	r->type = types[i % RMSIM_HYP_RESOURCES];
	r->partner_vmid = vmid;
	r->resource_handle = (uint32_t)vmid << 8 | i;
	r->resource_label = r->type == GUNYAH_RM_HYP_RESOURCE_TYPE_VCPU ? i : 0;
	r->cap_id = 0xca00000000000000ull | (uint64_t)vmid << 16 | i;
	r->virq_handle = 0;
	r->virq = r->type == GUNYAH_RM_HYP_RESOURCE_TYPE_BELL_TX ? 0 : 0x20 + i;
	r->base = (uint64_t)(i + 1) << 32 | (uint64_t)vmid << 12;
	r->size = 0x1000ull << i;
}

static uint32_t h_get_hyp_resources(struct rmsim *s,
				    const struct gunyah_rm_rpc_msg *m,
				    struct reply *r)
{
	struct gunyah_rm_vm_common_vmid_req req;
	struct gunyah_rm_hyp_resource items[RMSIM_HYP_RESOURCES];
	struct gunyah_rm_vm_get_hyp_resources_resp resp = {
		.n_entries = RMSIM_HYP_RESOURCES,
		.entries = { .items = items, .n = RMSIM_HYP_RESOURCES },
	};
	unsigned int i;

	if (!DECODE(vm_common_vmid_req, m, &req))
		return GUNYAH_RM_ERROR_MSG_INVALID;
	if (!rmsim_vm_get(&s->vms, req.vmid))
		return GUNYAH_RM_ERROR_VMID_INVALID;
	for (i = 0; i < RMSIM_HYP_RESOURCES; i++)
		rmsim_hyp_resource(req.vmid, i, &items[i]);
	return reply_set(r,
			 gunyah_rm_vm_get_hyp_resources_resp_encode(
				 &resp, r->data, r->cap),
			 "vm_get_hyp_resources_resp");
}

static uint32_t h_get_vmid(struct rmsim *s, const struct gunyah_rm_rpc_msg *m,
			   struct reply *r)
{
	const struct gunyah_rm_vm_get_vmid_resp resp = {
		.vmid = RMSIM_CALLER_VMID,
	};

	(void)s;
	(void)m;
	return reply_set(
		r, gunyah_rm_vm_get_vmid_resp_encode(&resp, r->data, r->cap),
		"vm_get_vmid_resp");
}

static uint32_t h_host_get_type(struct rmsim *s,
				const struct gunyah_rm_rpc_msg *m,
				struct reply *r)
{
	/* What the RM always answers: AArch64, Gunyah + RM, version 1. */
	const struct gunyah_rm_vm_host_get_type_resp resp = {
		.arch = 0x64,
		.type = 1,
		.version = 1,
	};

	(void)s;
	(void)m;
	return reply_set(r,
			 gunyah_rm_vm_host_get_type_resp_encode(&resp, r->data,
								r->cap),
			 "vm_host_get_type_resp");
}

/* Register a new parcel; @handle is set on success. */
static uint32_t parcel_create(struct rmsim *s, uint8_t trans_type,
			      uint8_t mem_type, uint32_t label, size_t n_acl,
			      size_t n_sgl, uint32_t *handle)
{
	struct rmsim_parcel *p = NULL;
	unsigned int i;

	if (!n_acl || !n_sgl)
		return GUNYAH_RM_ERROR_ARGUMENT_INVALID;
	if (trans_type == GUNYAH_RM_TRANS_TYPE_DONATE && n_acl != 1)
		return GUNYAH_RM_ERROR_ARGUMENT_INVALID;
	for (i = 0; i < RMSIM_MAX_PARCELS; i++) {
		if (!s->parcels[i].used) {
			p = &s->parcels[i];
			break;
		}
	}
	if (!p || s->next_handle == GUNYAH_RM_MEM_HANDLE_INVALID)
		return GUNYAH_RM_ERROR_DENIED;
	memset(p, 0, sizeof(*p));
	p->used = true;
	p->handle = s->next_handle++;
	p->mem_type = mem_type;
	p->trans_type = trans_type;
	p->label = label;
	*handle = p->handle;
	return GUNYAH_RM_ERROR_OK;
}

static struct rmsim_parcel *parcel_find(struct rmsim *s, uint32_t handle)
{
	unsigned int i;

	for (i = 0; i < RMSIM_MAX_PARCELS; i++) {
		if (s->parcels[i].used && s->parcels[i].handle == handle)
			return &s->parcels[i];
	}
	return NULL;
}

/*
 * MEM_LEND, MEM_SHARE and MEM_DONATE have the same layout but distinct
 * generated types; one handler each.
 */
#define PARCEL_CREATE_HANDLER(op, trans)                                     \
	static uint32_t h_mem_##op(struct rmsim *s,                          \
				   const struct gunyah_rm_rpc_msg *m,        \
				   struct reply *r)                          \
	{                                                                    \
		struct gunyah_rm_mem_##op##_req req;                         \
		struct gunyah_rm_mem_##op##_resp resp;                       \
		uint32_t err;                                                \
                                                                             \
		if (!DECODE(mem_##op##_req, m, &req))                        \
			return GUNYAH_RM_ERROR_MSG_INVALID;                  \
		err = parcel_create(s, trans, req.mem_type, req.label,       \
				    req.acl.n, req.sgl.n, &resp.mem_handle); \
		if (err)                                                     \
			return err;                                          \
		return reply_set(r,                                          \
				 gunyah_rm_mem_##op##_resp_encode(           \
					 &resp, r->data, r->cap),            \
				 "mem_" #op "_resp");                        \
	}

PARCEL_CREATE_HANDLER(lend, GUNYAH_RM_TRANS_TYPE_LEND)
PARCEL_CREATE_HANDLER(share, GUNYAH_RM_TRANS_TYPE_SHARE)
PARCEL_CREATE_HANDLER(donate, GUNYAH_RM_TRANS_TYPE_DONATE)

static uint32_t h_mem_accept(struct rmsim *s, const struct gunyah_rm_rpc_msg *m,
			     struct reply *r)
{
	struct gunyah_rm_mem_accept_req req;
	struct gunyah_rm_mem_accept_resp resp = { 0 };
	struct rmsim_parcel *p;

	if (!DECODE(mem_accept_req, m, &req))
		return GUNYAH_RM_ERROR_MSG_INVALID;
	p = parcel_find(s, req.handle);
	if (!p)
		return GUNYAH_RM_ERROR_HANDLE_INVALID;
	if (req.mem_type != p->mem_type || req.trans_type != p->trans_type)
		return GUNYAH_RM_ERROR_ARGUMENT_INVALID;
	p->accepted = true;
	/* With an empty request SGL the RM returns where it mapped: none. */
	resp.has_sgl_entries = req.sgl.n == 0;
	return reply_set(
		r, gunyah_rm_mem_accept_resp_encode(&resp, r->data, r->cap),
		"mem_accept_resp");
}

static uint32_t h_mem_release(struct rmsim *s,
			      const struct gunyah_rm_rpc_msg *m,
			      struct reply *r)
{
	struct gunyah_rm_mem_release_req req;
	struct rmsim_parcel *p;

	(void)r;
	if (!DECODE(mem_release_req, m, &req))
		return GUNYAH_RM_ERROR_MSG_INVALID;
	p = parcel_find(s, req.handle);
	if (!p)
		return GUNYAH_RM_ERROR_HANDLE_INVALID;
	if (!p->accepted)
		return GUNYAH_RM_ERROR_MEM_RELEASED;
	p->accepted = false;
	return GUNYAH_RM_ERROR_OK;
}

static uint32_t h_mem_reclaim(struct rmsim *s,
			      const struct gunyah_rm_rpc_msg *m,
			      struct reply *r)
{
	struct gunyah_rm_mem_reclaim_req req;
	struct rmsim_parcel *p;

	(void)r;
	if (!DECODE(mem_reclaim_req, m, &req))
		return GUNYAH_RM_ERROR_MSG_INVALID;
	p = parcel_find(s, req.handle);
	if (!p)
		return GUNYAH_RM_ERROR_HANDLE_INVALID;
	if (p->accepted)
		return GUNYAH_RM_ERROR_MEM_INUSE;
	memset(p, 0, sizeof(*p));
	return GUNYAH_RM_ERROR_OK;
}

/* The calls with state; every other known ID goes to reply_default(). */
static const struct {
	uint32_t id;
	handler_fn fn;
} handlers[] = {
	{ GUNYAH_RM_RPC_VM_ALLOC_VMID, h_alloc },
	{ GUNYAH_RM_RPC_VM_DEALLOC_VMID, h_dealloc },
	{ GUNYAH_RM_RPC_VM_START, h_start },
	{ GUNYAH_RM_RPC_VM_STOP, h_stop },
	{ GUNYAH_RM_RPC_VM_RESET, h_reset },
	{ GUNYAH_RM_RPC_VM_CONFIG_IMAGE, h_config_image },
	{ GUNYAH_RM_RPC_VM_AUTH_IMAGE, h_auth_image },
	{ GUNYAH_RM_RPC_VM_INIT, h_init },
	{ GUNYAH_RM_RPC_VM_GET_STATE, h_get_state },
	{ GUNYAH_RM_RPC_VM_GET_HYP_RESOURCES, h_get_hyp_resources },
	{ GUNYAH_RM_RPC_VM_GET_VMID, h_get_vmid },
	{ GUNYAH_RM_RPC_VM_HOST_GET_TYPE, h_host_get_type },
	{ GUNYAH_RM_RPC_MEM_LEND, h_mem_lend },
	{ GUNYAH_RM_RPC_MEM_SHARE, h_mem_share },
	{ GUNYAH_RM_RPC_MEM_DONATE, h_mem_donate },
	{ GUNYAH_RM_RPC_MEM_ACCEPT, h_mem_accept },
	{ GUNYAH_RM_RPC_MEM_RELEASE, h_mem_release },
	{ GUNYAH_RM_RPC_MEM_RECLAIM, h_mem_reclaim },
};

/*
 * A well-formed reply for a call without a handler: the response encoded
 * from a zeroed host struct, or no data at all when the response has no
 * fields or no known layout.
 */
static uint32_t reply_default(const struct gunyah_rm_msg_desc *d,
			      struct reply *r)
{
	const struct gunyah_rm_payload_desc *p = d->response;
	void *host;
	int n;

	r->len = 0;
	if (!p || p->unknown || !p->n_fields || !p->encode)
		return GUNYAH_RM_ERROR_OK;
	host = calloc(1, p->host_size ? p->host_size : 1);
	if (!host)
		return GUNYAH_RM_ERROR_NOMEM;
	n = p->encode(host, r->data, r->cap);
	free(host);
	return reply_set(r, n, p->name);
}

static uint32_t dispatch(struct rmsim *s, const struct gunyah_rm_rpc_msg *m,
			 struct reply *r)
{
	const struct gunyah_rm_msg_desc *d =
		gunyah_rm_find_message(m->hdr.msg_id);
	struct gunyah_rm_verr verr = { 0 };
	size_t i;

	if (!d) {
		s->stats.unimplemented++;
		return GUNYAH_RM_ERROR_UNIMPLEMENTED;
	}
	if (d->request && d->request->validate &&
	    d->request->validate(m->payload, m->len, &verr)) {
		s->stats.invalid++;
		vlog(s, "seq %u %s: invalid request: %s.%s at byte %zu: %s",
		     m->hdr.seq, d->name, verr.payload, verr.field, verr.offset,
		     gunyah_rm_verr_str(verr.reason));
		return GUNYAH_RM_ERROR_MSG_INVALID;
	}
	for (i = 0; i < sizeof(handlers) / sizeof(handlers[0]); i++) {
		if (handlers[i].id == m->hdr.msg_id)
			return handlers[i].fn(s, m, r);
	}
	return reply_default(d, r);
}

/**
 * rmsim_handle() - Answer one complete message from the client.
 * @s: the simulator, with @s->t the connection
 * @msg: the message
 *
 * A REQUEST gets a REPLY with the same seq and msg_id, then each
 * notification it caused, in order. Anything else from a client is logged
 * and dropped.
 *
 * Return: 0, or the transport's negative errno if sending failed.
 */
int rmsim_handle(struct rmsim *s, const struct gunyah_rm_rpc_msg *msg)
{
	struct reply r = {
		.data = s->reply + GUNYAH_RM_REPLY_ERROR_SIZE,
		.cap = sizeof(s->reply) - GUNYAH_RM_REPLY_ERROR_SIZE,
	};
	uint32_t err;
	unsigned int i;
	int ret;

	if (msg->hdr.type != GUNYAH_RM_RPC_TYPE_REQUEST) {
		s->stats.dropped++;
		vlog(s, "dropped a %s (type %d) message, id 0x%08x, seq %u",
		     msg->hdr.type == GUNYAH_RM_RPC_TYPE_REPLY ? "REPLY" :
								 "NOTIFICATION",
		     (int)msg->hdr.type, msg->hdr.msg_id, msg->hdr.seq);
		return 0;
	}

	s->n_notifs = 0;
	err = dispatch(s, msg, &r);
	if (err)
		r.len = 0;
	gunyah_rm_put_le32(s->reply, err);
	s->stats.requests++;
	vlog(s, "seq %u %s (0x%08x), %zu bytes -> %s (0x%x), %zu data bytes",
	     msg->hdr.seq, msg_name(msg->hdr.msg_id), msg->hdr.msg_id, msg->len,
	     gunyah_rm_error_str(err) ? gunyah_rm_error_str(err) : "?", err,
	     r.len);
	ret = gunyah_rm_rpc_send(s->t, GUNYAH_RM_RPC_TYPE_REPLY, msg->hdr.seq,
				 msg->hdr.msg_id, s->reply,
				 GUNYAH_RM_REPLY_ERROR_SIZE + r.len, NULL);
	if (ret)
		return ret;

	for (i = 0; i < s->n_notifs; i++) {
		const struct rmsim_notif *n = &s->notifs[i];

		ret = gunyah_rm_rpc_send(s->t, GUNYAH_RM_RPC_TYPE_NOTIFICATION,
					 s->notif_seq++, n->id, n->data, n->len,
					 NULL);
		if (ret)
			return ret;
		s->stats.notifications++;
		vlog(s, "notification %s (0x%08x), %zu bytes", msg_name(n->id),
		     n->id, n->len);
	}
	s->n_notifs = 0;
	return 0;
}

static void on_drop(void *ctx, const struct gunyah_rm_rpc_report *rep)
{
	struct rmsim *s = ctx;

	s->stats.dropped++;
	if (rep->hdr_valid)
		vlog(s,
		     "dropped packet: %s (type %d, seq %u, id 0x%08x, %zu bytes)",
		     gunyah_rm_rpc_err_str(rep->reason), (int)rep->hdr.type,
		     rep->hdr.seq, rep->hdr.msg_id, rep->len);
	else
		vlog(s, "dropped packet: %s (%zu bytes)",
		     gunyah_rm_rpc_err_str(rep->reason), rep->len);
}

/**
 * rmsim_init() - Start with no VMs and no parcels.
 * @s: the simulator
 * @verbose: log requests and drops to stderr
 */
void rmsim_init(struct rmsim *s, int verbose)
{
	memset(s, 0, sizeof(*s));
	s->verbose = verbose;
	s->next_handle = RMSIM_FIRST_MEM_HANDLE;
	rmsim_vmtab_init(&s->vms, &vm_ops, s);
	gunyah_rm_reasm_init(&s->reasm, on_drop, s);
}

/**
 * rmsim_serve() - Serve one connection until it ends or @stop is set.
 * @s: the simulator
 * @t: the connection
 * @stop: checked at least every RMSIM_POLL_MS milliseconds; may be NULL
 *
 * Malformed packets are dropped (reported with -v) and serving carries on.
 *
 * Return: 0 when the client went away or @stop was set, else the
 * transport's negative errno.
 */
int rmsim_serve(struct rmsim *s, const struct gunyah_rm_transport *t,
		const volatile sig_atomic_t *stop)
{
	uint8_t pkt[GUNYAH_RM_MSGQ_MSG_SIZE];
	struct gunyah_rm_rpc_msg msg;
	struct timespec ts;
	int n, ret = 0;

	s->t = t;
	/* A new connection starts with no message in progress. */
	gunyah_rm_reasm_init(&s->reasm, on_drop, s);
	while (!stop || !*stop) {
		n = gunyah_rm_transport_recv(t, pkt, sizeof(pkt),
					     gunyah_rm_deadline(&ts,
								RMSIM_POLL_MS));
		if (n == -ETIMEDOUT || n == -EINTR)
			continue;
		if (n == -EMSGSIZE) {
			s->stats.dropped++;
			vlog(s, "dropped packet: %s",
			     gunyah_rm_rpc_err_str(
				     GUNYAH_RM_RPC_ERR_LONG_PACKET));
			continue;
		}
		if (n < 0) {
			ret = n == -EPIPE ? 0 : n;
			break;
		}
		if (gunyah_rm_reasm_feed(&s->reasm, pkt, (size_t)n, &msg) != 1)
			continue;
		ret = rmsim_handle(s, &msg);
		if (ret) {
			ret = ret == -EPIPE ? 0 : ret;
			break;
		}
	}
	s->t = NULL;
	return ret;
}
