// SPDX-License-Identifier: BSD-3-Clause
/*
 * End-to-end tests: the rmsim binary on a real UNIX seqpacket socket,
 * driven through the generated stubs and the threaded client, as the Linux
 * driver drives the RM (seed 0009: alloc, configure, init, start,
 * get_hyp_resources, stop, reset, dealloc).
 */
#define _POSIX_C_SOURCE 200809L

#include <criterion/criterion.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gunyah_rm/client.h"
#include "gunyah_rm/protocol.h"
#include "gunyah_rm/rpc.h"
#include "gunyah_rm/stubs.h"
#include "gunyah_rm/table.h"
#include "sim.h"

static struct sim sim;
static struct notif_log nlog;
static unsigned int client_errors;

static void setup(void)
{
	notif_log_init(&nlog);
	client_errors = 0;
	sim_start(&sim);
}

static void teardown(void)
{
	sim_cleanup(&sim);
	notif_log_destroy(&nlog);
}

TestSuite(e2e, .init = setup, .fini = teardown, .timeout = 60);

static void expect_status(unsigned int i, uint16_t vmid, uint8_t status)
{
	const struct notif *n = &nlog.ev[i];

	cr_assert_eq(n->id, GUNYAH_RM_NOTIFICATION_VM_STATUS,
		     "notification %u: id 0x%08x", i, n->id);
	cr_assert(n->decoded, "notification %u did not decode", i);
	cr_assert_eq(n->len, 8);
	cr_assert_eq(n->vmid, vmid, "notification %u: vmid 0x%x", i, n->vmid);
	cr_assert_eq(n->vm_status, status,
		     "notification %u: vm_status %u, not %u", i, n->vm_status,
		     status);
	cr_assert_eq(n->os_status, GUNYAH_RM_OS_STATUS_NONE);
	cr_assert_eq(n->app_status, 0);
}

/* A VMID-only request ({le16 vmid, le16 0}), as most lifecycle calls take. */
static void vmid_req(uint8_t *buf, uint16_t vmid)
{
	gunyah_rm_put_le16(buf, vmid);
	gunyah_rm_put_le16(buf + 2, 0);
}

/*
 * Make a raw call; the reply must arrive. Returns the RM error word and
 * checks the errno the client maps it to.
 */
static uint32_t raw_call(struct gunyah_rm *rm, uint32_t id, const void *req,
			 size_t len, void *resp, size_t cap, size_t *resp_len)
{
	struct gunyah_rm_call_opts opts = { 0 };
	size_t n = 0;
	int ret;

	ret = gunyah_rm_call_ex(rm, id, req, len, resp, cap, &n, &opts);
	cr_assert(opts.replied, "no reply to 0x%08x: %d", id, ret);
	cr_assert_eq(ret, gunyah_rm_error_remap(opts.rm_error),
		     "0x%08x: ret %d for RM error 0x%x", id, ret,
		     opts.rm_error);
	if (resp_len)
		*resp_len = n;
	else
		cr_assert_eq(n, 0, "0x%08x: %zu bytes of reply data", id, n);
	return opts.rm_error;
}

static uint32_t vmid_call(struct gunyah_rm *rm, uint32_t id, uint16_t vmid)
{
	uint8_t req[4];

	vmid_req(req, vmid);
	return raw_call(rm, id, req, sizeof(req), NULL, 0, NULL);
}

/* The GET_HYP_RESOURCES entry rmsim documents for (@vmid, @i). */
static void expected_resource(uint16_t vmid, unsigned int i,
			      struct gunyah_rm_hyp_resource *r)
{
	static const uint8_t types[8] = { 4, 4, 4, 4, 2, 3, 0, 1 };

	memset(r, 0, sizeof(*r));
	r->type = types[i];
	r->partner_vmid = vmid;
	r->resource_handle = (uint32_t)vmid << 8 | i;
	r->resource_label = i < 4 ? i : 0;
	r->cap_id = 0xca00000000000000ull | (uint64_t)vmid << 16 | i;
	r->virq = i == 6 ? 0 : 0x20 + i;
	r->base = (uint64_t)(i + 1) << 32 | (uint64_t)vmid << 12;
	r->size = 0x1000ull << i;
}

static void
check_resources(uint16_t vmid,
		const struct gunyah_rm_vm_get_hyp_resources_resp *resp)
{
	struct gunyah_rm_hyp_resource got, want;
	unsigned int i;

	cr_assert_eq(resp->n_entries, 8);
	cr_assert_eq(resp->entries.n, 8);
	for (i = 0; i < 8; i++) {
		cr_assert_eq(gunyah_rm_hyp_resource_array_get(&resp->entries, i,
							      &got),
			     0);
		expected_resource(vmid, i, &want);
		cr_assert_eq(got.type, want.type, "entry %u type", i);
		cr_assert_eq(got.reserved, 0, "entry %u reserved", i);
		cr_assert_eq(got.partner_vmid, want.partner_vmid, "entry %u",
			     i);
		cr_assert_eq(got.resource_handle, want.resource_handle,
			     "entry %u handle", i);
		cr_assert_eq(got.resource_label, want.resource_label,
			     "entry %u label", i);
		cr_assert_eq(got.cap_id, want.cap_id, "entry %u cap_id 0x%llx",
			     i, (unsigned long long)got.cap_id);
		cr_assert_eq(got.virq_handle, 0, "entry %u virq_handle", i);
		cr_assert_eq(got.virq, want.virq, "entry %u virq", i);
		cr_assert_eq(got.base, want.base, "entry %u base", i);
		cr_assert_eq(got.size, want.size, "entry %u size", i);
	}
}

Test(e2e, seed_vm_lifecycle)
{
	struct gunyah_rm_vm_get_hyp_resources_resp resp;
	struct gunyah_rm_vm_get_state_resp state;
	struct gunyah_rm_stats before, after;
	uint8_t buf[1024];
	struct gunyah_rm *rm = sim_client_notif(&sim, &client_errors, &nlog);
	const struct notif *ex;
	int vmid;

	vmid = gunyah_rm_alloc_vmid(rm, 0);
	cr_assert_eq(vmid, 0x80);

	cr_assert_eq(gunyah_rm_vm_configure(rm, (uint16_t)vmid,
					    GUNYAH_RM_VM_AUTH_NONE, 0x1234, 0,
					    0, 0x1000, 0x2000),
		     0);
	notif_log_wait(&nlog, 1);
	expect_status(0, 0x80, GUNYAH_RM_VM_STATUS_INIT);

	cr_assert_eq(gunyah_rm_vm_init(rm, (uint16_t)vmid), 0);
	notif_log_wait(&nlog, 2);
	expect_status(1, 0x80, GUNYAH_RM_VM_STATUS_READY);

	cr_assert_eq(gunyah_rm_vm_start(rm, (uint16_t)vmid), 0);
	notif_log_wait(&nlog, 3);
	expect_status(2, 0x80, GUNYAH_RM_VM_STATUS_RUNNING);

	cr_assert_eq(gunyah_rm_vm_get_state(rm, (uint16_t)vmid, &state), 0);
	cr_assert_eq(state.vm_status, GUNYAH_RM_VM_STATUS_RUNNING);

	/* 4 + 4 + 8 * 44 = 360 reply bytes: two packets. */
	gunyah_rm_get_stats(rm, &before);
	cr_assert_eq(gunyah_rm_get_hyp_resources(rm, (uint16_t)vmid, buf,
						 sizeof(buf), &resp),
		     0);
	gunyah_rm_get_stats(rm, &after);
	cr_assert_eq(after.rx_packets - before.rx_packets, 2);
	cr_assert_eq(after.rx_messages - before.rx_messages, 1);
	check_resources(0x80, &resp);

	cr_assert_eq(gunyah_rm_vm_stop(rm, (uint16_t)vmid), 0);
	notif_log_wait(&nlog, 5);
	expect_status(3, 0x80, GUNYAH_RM_VM_STATUS_EXITED);
	ex = &nlog.ev[4];
	cr_assert_eq(ex->id, GUNYAH_RM_NOTIFICATION_VM_EXITED);
	cr_assert(ex->decoded);
	cr_assert_eq(ex->len, 12);
	cr_assert_eq(ex->vmid, 0x80);
	cr_assert_eq(ex->exit_type, GUNYAH_RM_EXIT_TYPE_VM_STOP_FORCED);
	cr_assert_eq(ex->exit_reason_size, 4);
	/* exit_flags 0, exit_code NORMAL, reserved 0 */
	cr_assert_arr_eq(ex->exit_reason, ((uint8_t[4]){ 0, 0, 0, 0 }), 4);

	cr_assert_eq(gunyah_rm_vm_reset(rm, (uint16_t)vmid), 0);
	notif_log_wait(&nlog, 7);
	expect_status(5, 0x80, GUNYAH_RM_VM_STATUS_RESETTING);
	expect_status(6, 0x80, GUNYAH_RM_VM_STATUS_RESET);

	cr_assert_eq(gunyah_rm_dealloc_vmid(rm, (uint16_t)vmid), 0);
	/* Gone: VM_GET_STATE answers NORESOURCE (-ENODEV). */
	cr_assert_eq(gunyah_rm_vm_get_state(rm, (uint16_t)vmid, &state),
		     -ENODEV);
	/* That reply came after anything dealloc could have caused. */
	cr_assert_eq(notif_log_count(&nlog), 7);
	/* The VMID is free again. */
	cr_assert_eq(gunyah_rm_alloc_vmid(rm, 0), 0x80);

	gunyah_rm_get_stats(rm, &after);
	cr_assert_eq(after.notifications, 7);
	cr_assert_eq(after.notifications_unhandled, 0);
	cr_assert_eq(client_errors, 0);
	gunyah_rm_destroy(rm);
	sim_stop(&sim, SIGTERM);
}

Test(e2e, wrong_state_and_unknown_vmid)
{
	struct gunyah_rm_vm_get_hyp_resources_resp resp;
	struct gunyah_rm_vm_get_state_resp state;
	uint8_t buf[1024], cfg[40] = { 0 };
	struct gunyah_rm *rm = sim_client_notif(&sim, &client_errors, &nlog);

	cr_assert_eq(gunyah_rm_alloc_vmid(rm, 0), 0x80);

	/* LOAD: nothing but VM_CONFIG_IMAGE (and dealloc) is allowed. */
	cr_assert_eq(gunyah_rm_vm_start(rm, 0x80), -EBADMSG);
	cr_assert_eq(vmid_call(rm, GUNYAH_RM_RPC_VM_START, 0x80),
		     GUNYAH_RM_ERROR_VM_STATE);
	cr_assert_eq(gunyah_rm_vm_init(rm, 0x80), -EBADMSG);
	cr_assert_eq(vmid_call(rm, GUNYAH_RM_RPC_VM_INIT, 0x80),
		     GUNYAH_RM_ERROR_VM_STATE);
	cr_assert_eq(gunyah_rm_vm_stop(rm, 0x80), -EBADMSG);
	cr_assert_eq(gunyah_rm_vm_reset(rm, 0x80), -EBADMSG);
	cr_assert_eq(vmid_call(rm, GUNYAH_RM_RPC_VM_RESET, 0x80),
		     GUNYAH_RM_ERROR_VM_STATE);
	cr_assert_eq(gunyah_rm_vm_get_state(rm, 0x80, &state), 0);
	cr_assert_eq(state.vm_status, GUNYAH_RM_VM_STATUS_LOAD);

	/* INIT: no second configuration, no dealloc, no start. */
	cr_assert_eq(gunyah_rm_vm_configure(rm, 0x80, GUNYAH_RM_VM_AUTH_NONE, 1,
					    0, 0, 0, 0),
		     0);
	notif_log_wait(&nlog, 1);
	expect_status(0, 0x80, GUNYAH_RM_VM_STATUS_INIT);
	cr_assert_eq(gunyah_rm_vm_configure(rm, 0x80, GUNYAH_RM_VM_AUTH_NONE, 1,
					    0, 0, 0, 0),
		     -EBADMSG);
	cr_assert_eq(gunyah_rm_dealloc_vmid(rm, 0x80), -EBADMSG);
	cr_assert_eq(vmid_call(rm, GUNYAH_RM_RPC_VM_DEALLOC_VMID, 0x80),
		     GUNYAH_RM_ERROR_VM_STATE);
	cr_assert_eq(vmid_call(rm, GUNYAH_RM_RPC_VM_START, 0x80),
		     GUNYAH_RM_ERROR_VM_STATE);

	/* A VMID nobody allocated. */
	cr_assert_eq(gunyah_rm_vm_start(rm, 0x90), -EINVAL);
	cr_assert_eq(vmid_call(rm, GUNYAH_RM_RPC_VM_START, 0x90),
		     GUNYAH_RM_ERROR_VMID_INVALID);
	cr_assert_eq(vmid_call(rm, GUNYAH_RM_RPC_VM_INIT, 0x90),
		     GUNYAH_RM_ERROR_VMID_INVALID);
	cr_assert_eq(vmid_call(rm, GUNYAH_RM_RPC_VM_RESET, 0x90),
		     GUNYAH_RM_ERROR_VMID_INVALID);
	cr_assert_eq(vmid_call(rm, GUNYAH_RM_RPC_VM_DEALLOC_VMID, 0x90),
		     GUNYAH_RM_ERROR_VMID_INVALID);
	cr_assert_eq(gunyah_rm_vm_stop(rm, 0x90), -EINVAL);
	gunyah_rm_put_le16(cfg, 0x90);
	cr_assert_eq(raw_call(rm, GUNYAH_RM_RPC_VM_CONFIG_IMAGE, cfg,
			      sizeof(cfg), NULL, 0, NULL),
		     GUNYAH_RM_ERROR_VMID_INVALID);
	cr_assert_eq(vmid_call(rm, GUNYAH_RM_RPC_VM_GET_HYP_RESOURCES, 0x90),
		     GUNYAH_RM_ERROR_VMID_INVALID);
	cr_assert_eq(gunyah_rm_get_hyp_resources(rm, 0x90, buf, sizeof(buf),
						 &resp),
		     -EINVAL);
	cr_assert_eq(vmid_call(rm, GUNYAH_RM_RPC_VM_GET_STATE, 0x90),
		     GUNYAH_RM_ERROR_NORESOURCE);
	cr_assert_eq(gunyah_rm_vm_get_state(rm, 0x90, &state), -ENODEV);

	/* Requested VMIDs: free platform secondaries below 64 only. */
	cr_assert_eq(gunyah_rm_alloc_vmid(rm, 5), 0);
	cr_assert_eq(gunyah_rm_alloc_vmid(rm, 5), -ENODEV);
	cr_assert_eq(vmid_call(rm, GUNYAH_RM_RPC_VM_ALLOC_VMID, 5),
		     GUNYAH_RM_ERROR_NORESOURCE);
	cr_assert_eq(vmid_call(rm, GUNYAH_RM_RPC_VM_ALLOC_VMID, 64),
		     GUNYAH_RM_ERROR_NORESOURCE);
	cr_assert_eq(vmid_call(rm, GUNYAH_RM_RPC_VM_ALLOC_VMID, 3),
		     GUNYAH_RM_ERROR_NORESOURCE);
	cr_assert_eq(gunyah_rm_vm_get_state(rm, 5, &state), 0);
	cr_assert_eq(state.vm_status, GUNYAH_RM_VM_STATUS_LOAD);
	cr_assert_eq(gunyah_rm_alloc_vmid(rm, 0), 0x81);
	cr_assert_eq(gunyah_rm_dealloc_vmid(rm, 5), 0);

	/* Only the one configure changed a state. */
	cr_assert_eq(notif_log_count(&nlog), 1);
	cr_assert_eq(client_errors, 0);
	gunyah_rm_destroy(rm);
	sim_stop(&sim, SIGTERM);
}

Test(e2e, unknown_ids_and_invalid_requests)
{
	static const uint8_t init_pad[4] = { 0x80, 0, 1, 0 };
	static const uint8_t short_start[3] = { 0x80, 0, 0 };
	uint8_t big[600];
	struct gunyah_rm_call_opts opts = { 0 };
	struct gunyah_rm *rm = sim_client(&sim, &client_errors);
	uint32_t unknown = 0x56000001;
	size_t n = 1;

	/* An ID the protocol does not have: the first the table lacks, so
	 * that a message added to the IDL cannot take it. */
	while (gunyah_rm_find_message(unknown))
		unknown++;
	cr_assert_eq(gunyah_rm_call_ex(rm, unknown, NULL, 0, NULL, 0, &n,
				       &opts),
		     -EOPNOTSUPP);
	cr_assert(opts.replied);
	cr_assert_eq(opts.rm_error, GUNYAH_RM_ERROR_UNIMPLEMENTED);
	cr_assert_eq(n, 0);
	/* A notification ID is not a request either; nor a fragmented one. */
	cr_assert_eq(raw_call(rm, GUNYAH_RM_NOTIFICATION_VM_STATUS, init_pad,
			      sizeof(init_pad), NULL, 0, NULL),
		     GUNYAH_RM_ERROR_UNIMPLEMENTED);
	memset(big, 0x5a, sizeof(big));
	cr_assert_eq(raw_call(rm, 0x7fffffff, big, sizeof(big), NULL, 0, NULL),
		     GUNYAH_RM_ERROR_UNIMPLEMENTED);

	/* The generated validators reject these: MSG_INVALID (-EINVAL). */
	cr_assert_eq(raw_call(rm, GUNYAH_RM_RPC_VM_INIT, init_pad,
			      sizeof(init_pad), NULL, 0, NULL),
		     GUNYAH_RM_ERROR_MSG_INVALID);
	cr_assert_eq(raw_call(rm, GUNYAH_RM_RPC_VM_START, short_start,
			      sizeof(short_start), NULL, 0, NULL),
		     GUNYAH_RM_ERROR_MSG_INVALID);
	cr_assert_eq(raw_call(rm, GUNYAH_RM_RPC_VM_GET_HYP_RESOURCES, NULL, 0,
			      NULL, 0, NULL),
		     GUNYAH_RM_ERROR_MSG_INVALID);
	cr_assert_eq(raw_call(rm, GUNYAH_RM_RPC_VM_ALLOC_VMID, big, sizeof(big),
			      NULL, 0, NULL),
		     GUNYAH_RM_ERROR_MSG_INVALID);
	/* A rejected VM_ALLOC allocated nothing. */
	cr_assert_eq(gunyah_rm_alloc_vmid(rm, 0), 0x80);

	cr_assert_eq(client_errors, 0);
	gunyah_rm_destroy(rm);
	sim_stop(&sim, SIGTERM);
}

static uint32_t mem_create(struct gunyah_rm *rm, uint32_t id, size_t n_acl,
			   size_t n_sgl, uint32_t *handle)
{
	static const struct gunyah_rm_acl_entry acl[2] = {
		{ .vmid = 0x80,
		  .rights = GUNYAH_RM_ACL_RIGHTS_R | GUNYAH_RM_ACL_RIGHTS_W |
			    GUNYAH_RM_ACL_RIGHTS_X },
		{ .vmid = GUNYAH_RM_VMID_HLOS,
		  .rights = GUNYAH_RM_ACL_RIGHTS_R | GUNYAH_RM_ACL_RIGHTS_W },
	};
	static const struct gunyah_rm_sgl_entry sgl[1] = {
		{ .ipa = 0x80000000, .size = 0x10000 },
	};
	/* MEM_LEND, MEM_SHARE and MEM_DONATE share the layout. */
	const struct gunyah_rm_mem_lend_req req = {
		.mem_type = GUNYAH_RM_MEM_TYPE_NORMAL,
		.label = 0x11,
		.acl_entries = (uint16_t)n_acl,
		.acl = { .items = acl, .n = n_acl },
		.sgl_entries = (uint16_t)n_sgl,
		.sgl = { .items = sgl, .n = n_sgl },
		.has_attr_entries = 1,
	};
	uint8_t buf[GUNYAH_RM_RPC_MAX_PAYLOAD], resp[8];
	size_t len = 0;
	uint32_t err;
	int n;

	n = gunyah_rm_mem_lend_req_encode(&req, buf, sizeof(buf));
	cr_assert_gt(n, 0);
	err = raw_call(rm, id, buf, (size_t)n, resp, sizeof(resp), &len);
	if (err) {
		cr_assert_eq(len, 0);
		return err;
	}
	cr_assert_eq(len, 4);
	*handle = gunyah_rm_get_le32(resp);
	return err;
}

static uint32_t mem_op(struct gunyah_rm *rm, uint32_t id, uint32_t handle)
{
	uint8_t req[8] = { 0 };

	gunyah_rm_put_le32(req, handle);
	return raw_call(rm, id, req, sizeof(req), NULL, 0, NULL);
}

Test(e2e, memory_parcels)
{
	struct gunyah_rm_mem_accept_req acc = {
		.mem_type = GUNYAH_RM_MEM_TYPE_NORMAL,
		.trans_type = GUNYAH_RM_TRANS_TYPE_SHARE,
	};
	struct gunyah_rm_mem_lend_resp lend_resp;
	struct gunyah_rm_mem_accept_resp acc_resp;
	uint8_t buf[256] = { 0 };
	struct gunyah_rm *rm = sim_client(&sim, &client_errors);
	uint32_t h = 0;

	cr_assert_eq(mem_create(rm, GUNYAH_RM_RPC_MEM_LEND, 1, 1, &h), 0);
	cr_assert_eq(h, 1);
	cr_assert_eq(mem_create(rm, GUNYAH_RM_RPC_MEM_SHARE, 2, 1, &h), 0);
	cr_assert_eq(h, 2);
	cr_assert_eq(mem_create(rm, GUNYAH_RM_RPC_MEM_DONATE, 1, 1, &h), 0);
	cr_assert_eq(h, 3);
	/* Empty lists; a donation to two VMs. */
	cr_assert_eq(mem_create(rm, GUNYAH_RM_RPC_MEM_LEND, 0, 1, &h),
		     GUNYAH_RM_ERROR_ARGUMENT_INVALID);
	cr_assert_eq(mem_create(rm, GUNYAH_RM_RPC_MEM_SHARE, 1, 0, &h),
		     GUNYAH_RM_ERROR_ARGUMENT_INVALID);
	cr_assert_eq(mem_create(rm, GUNYAH_RM_RPC_MEM_DONATE, 2, 1, &h),
		     GUNYAH_RM_ERROR_ARGUMENT_INVALID);
	/* A truncated create request fails validation. */
	cr_assert_eq(raw_call(rm, GUNYAH_RM_RPC_MEM_LEND, buf, 10, NULL, 0,
			      NULL),
		     GUNYAH_RM_ERROR_MSG_INVALID);

	/* Reclaim frees a parcel once; handles are never reused. */
	cr_assert_eq(mem_op(rm, GUNYAH_RM_RPC_MEM_RECLAIM, 1), 0);
	cr_assert_eq(mem_op(rm, GUNYAH_RM_RPC_MEM_RECLAIM, 1),
		     GUNYAH_RM_ERROR_HANDLE_INVALID);
	cr_assert_eq(gunyah_rm_mem_reclaim(rm, 1, 0), -EINVAL);
	cr_assert_eq(mem_op(rm, GUNYAH_RM_RPC_MEM_RELEASE, 99),
		     GUNYAH_RM_ERROR_HANDLE_INVALID);
	cr_assert_eq(gunyah_rm_mem_release(rm, 0, 0), -EINVAL);
	cr_assert_eq(mem_create(rm, GUNYAH_RM_RPC_MEM_LEND, 1, 1, &h), 0);
	cr_assert_eq(h, 4);

	/* Accepted parcels are in use until released. */
	cr_assert_eq(mem_op(rm, GUNYAH_RM_RPC_MEM_RELEASE, 2),
		     GUNYAH_RM_ERROR_MEM_RELEASED);
	acc.handle = 2;
	cr_assert_eq(gunyah_rm_call_mem_accept(rm, &acc, buf, sizeof(buf),
					       &acc_resp),
		     0);
	cr_assert_eq(acc_resp.has_sgl_entries, 1);
	cr_assert_eq(acc_resp.sgl_entries, 0);
	cr_assert_eq(mem_op(rm, GUNYAH_RM_RPC_MEM_RECLAIM, 2),
		     GUNYAH_RM_ERROR_MEM_INUSE);
	cr_assert_eq(gunyah_rm_mem_release(rm, 2, 0), 0);
	cr_assert_eq(mem_op(rm, GUNYAH_RM_RPC_MEM_RELEASE, 2),
		     GUNYAH_RM_ERROR_MEM_RELEASED);
	cr_assert_eq(gunyah_rm_mem_reclaim(rm, 2, 0), 0);
	/* Accept checks the transaction type. */
	acc.handle = 4;
	cr_assert_eq(gunyah_rm_call_mem_accept(rm, &acc, buf, sizeof(buf),
					       &acc_resp),
		     -EINVAL);
	acc.handle = 77;
	cr_assert_eq(gunyah_rm_call_mem_accept(rm, &acc, buf, sizeof(buf),
					       &acc_resp),
		     -EINVAL);

	/* The stub path of MEM_LEND decodes the handle too. */
	{
		const struct gunyah_rm_acl_entry acl = {
			.vmid = 0x80, .rights = GUNYAH_RM_ACL_RIGHTS_R
		};
		const struct gunyah_rm_sgl_entry sgl = { .ipa = 0x1000,
							 .size = 0x1000 };
		const struct gunyah_rm_mem_lend_req req = {
			.acl_entries = 1,
			.acl = { .items = &acl, .n = 1 },
			.sgl_entries = 1,
			.sgl = { .items = &sgl, .n = 1 },
		};

		cr_assert_eq(gunyah_rm_call_mem_lend(rm, &req, &lend_resp), 0);
		cr_assert_eq(lend_resp.mem_handle, 5);
	}

	cr_assert_eq(client_errors, 0);
	gunyah_rm_destroy(rm);
	sim_stop(&sim, SIGTERM);
}

/* IDs rmsim answers from state; the reply to a zeroed request is known. */
static bool stateful_reply(uint32_t id, uint32_t *err, const uint8_t **data,
			   size_t *len)
{
	static const uint8_t alloc[4] = { 0x80, 0, 0, 0 };
	static const uint8_t state[4] = { GUNYAH_RM_VM_STATUS_RUNNING,
					  GUNYAH_RM_OS_STATUS_RUN, 0, 0 };
	static const uint8_t vmid[4] = { GUNYAH_RM_VMID_HLOS, 0, 0, 0 };
	static const uint8_t host[4] = { 0x64, 1, 0, 1 };

	*data = NULL;
	*len = 0;
	switch (id) {
	case GUNYAH_RM_RPC_VM_ALLOC_VMID:
		*err = GUNYAH_RM_ERROR_OK;
		*data = alloc;
		break;
	case GUNYAH_RM_RPC_VM_GET_STATE:
		*err = GUNYAH_RM_ERROR_OK;
		*data = state;
		break;
	case GUNYAH_RM_RPC_VM_GET_VMID:
		*err = GUNYAH_RM_ERROR_OK;
		*data = vmid;
		break;
	case GUNYAH_RM_RPC_VM_HOST_GET_TYPE:
		*err = GUNYAH_RM_ERROR_OK;
		*data = host;
		break;
	case GUNYAH_RM_RPC_VM_DEALLOC_VMID:
	case GUNYAH_RM_RPC_VM_START:
	case GUNYAH_RM_RPC_VM_STOP:
	case GUNYAH_RM_RPC_VM_RESET:
	case GUNYAH_RM_RPC_VM_CONFIG_IMAGE:
	case GUNYAH_RM_RPC_VM_AUTH_IMAGE:
	case GUNYAH_RM_RPC_VM_INIT:
	case GUNYAH_RM_RPC_VM_GET_HYP_RESOURCES:
		*err = GUNYAH_RM_ERROR_VMID_INVALID;
		break;
	case GUNYAH_RM_RPC_MEM_LEND:
	case GUNYAH_RM_RPC_MEM_SHARE:
	case GUNYAH_RM_RPC_MEM_DONATE:
		*err = GUNYAH_RM_ERROR_ARGUMENT_INVALID;
		break;
	case GUNYAH_RM_RPC_MEM_ACCEPT:
	case GUNYAH_RM_RPC_MEM_RELEASE:
	case GUNYAH_RM_RPC_MEM_RECLAIM:
		*err = GUNYAH_RM_ERROR_HANDLE_INVALID;
		break;
	default:
		return false;
	}
	if (*data)
		*len = 4;
	return true;
}

Test(e2e, every_known_message_gets_a_well_formed_reply)
{
	static uint8_t req[GUNYAH_RM_RPC_MAX_PAYLOAD],
		resp[GUNYAH_RM_RPC_MAX_PAYLOAD],
		want[GUNYAH_RM_RPC_MAX_PAYLOAD];
	struct gunyah_rm *rm = sim_client(&sim, &client_errors);
	unsigned int n_rpcs = 0, n_stateful = 0;
	size_t i;

	for (i = 0; i < gunyah_rm_n_messages; i++) {
		const struct gunyah_rm_msg_desc *d = &gunyah_rm_messages[i];
		const struct gunyah_rm_payload_desc *rq = d->request;
		const struct gunyah_rm_payload_desc *rs = d->response;
		const uint8_t *sdata;
		void *host;
		uint32_t err, want_err;
		size_t len, want_len;
		int n;

		if (d->is_notification)
			continue;
		n_rpcs++;
		cr_assert_not_null(rq, "%s", d->name);
		cr_assert_not_null(rs, "%s", d->name);
		/* The request: a zeroed host struct, encoded. */
		host = calloc(1, rq->host_size + 1);
		cr_assert_not_null(host);
		n = rq->encode(host, req, sizeof(req));
		free(host);
		cr_assert_geq(n, 0, "%s: request encode %d", d->name, n);

		err = raw_call(rm, d->id, req, (size_t)n, resp, sizeof(resp),
			       &len);
		if (stateful_reply(d->id, &want_err, &sdata, &want_len)) {
			n_stateful++;
			cr_expect_eq(err, want_err,
				     "%s: RM error 0x%x, not 0x%x", d->name,
				     err, want_err);
			cr_expect_eq(len, want_len, "%s: %zu data bytes",
				     d->name, len);
			if (sdata && len == want_len)
				cr_expect_arr_eq(resp, sdata, len, "%s",
						 d->name);
			continue;
		}
		/* Everything else: OK and the zeroed response, encoded. */
		cr_expect_eq(err, GUNYAH_RM_ERROR_OK, "%s: RM error 0x%x",
			     d->name, err);
		want_len = 0;
		if (!rs->unknown && rs->n_fields) {
			host = calloc(1, rs->host_size + 1);
			cr_assert_not_null(host);
			n = rs->encode(host, want, sizeof(want));
			free(host);
			cr_assert_geq(n, 0, "%s", d->name);
			want_len = (size_t)n;
		}
		cr_expect_eq(len, want_len, "%s: %zu data bytes, not %zu",
			     d->name, len, want_len);
		if (len == want_len && len)
			cr_expect_arr_eq(resp, want, len, "%s", d->name);
		cr_expect_eq(rs->validate(resp, len, NULL), 0,
			     "%s: reply does not validate", d->name);
	}
	/* Every message of the table was called (how many the IDL has is
	 * not written here: adding one changes nothing). */
	cr_assert_gt(n_rpcs, n_stateful);
	cr_assert_eq(n_stateful, 18);
	cr_assert_eq(client_errors, 0);
	gunyah_rm_destroy(rm);
	sim_stop(&sim, SIGTERM);
}
