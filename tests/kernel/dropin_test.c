// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmgen's kernel drop-in (the default kernel flavour: the v16 series), run
 * in user space over kernel shims (shim/) against a scripted resource
 * manager that records every request: the exact bytes and message IDs the
 * Linux driver's rsc_mgr_rpc.c sends, its platform hooks, and what the
 * drop-in does differently: every reply with data is validated, a reply
 * without data is not passed back at all, and an empty reply where data is
 * due is an error.
 */
#include <criterion/criterion.h>

#include "rsc_mgr.h"
#include "gunyah_rm_protocol.h"
#include "callers.h"

#define MAX_CALLS 16

struct gunyah_rm {
	int unused;
};

/* What gunyah_rm_call() was asked, and what it answers (scripted). */
static struct call {
	u32 id;
	u8 req[16384];
	size_t len;
	bool resp_wanted;
} calls[MAX_CALLS];
static struct reply {
	int ret;
	u8 data[64];
	size_t len;
} replies[MAX_CALLS];
static int n_calls;
static int pre_share_calls, post_reclaim_calls;
static struct gunyah_rm rm;

/* As the driver's: *resp_buf is set only for a reply with data. */
int gunyah_rm_call(struct gunyah_rm *r, u32 message_id, const void *req_buf,
		   size_t req_buf_size, void **resp_buf, size_t *resp_buf_size)
{
	struct call *c = &calls[n_calls];
	struct reply *rep = &replies[n_calls];

	cr_assert_eq(r, &rm);
	cr_assert_lt(n_calls, MAX_CALLS);
	cr_assert_leq(req_buf_size, sizeof(c->req));
	n_calls++;
	c->id = message_id;
	c->len = req_buf_size;
	if (req_buf_size)
		memcpy(c->req, req_buf, req_buf_size);
	c->resp_wanted = resp_buf != NULL;
	if (rep->ret)
		return rep->ret;
	if (resp_buf_size)
		*resp_buf_size = rep->len;
	if (rep->len && resp_buf) {
		*resp_buf = malloc(rep->len);
		cr_assert_not_null(*resp_buf);
		memcpy(*resp_buf, rep->data, rep->len);
	}
	return 0;
}

int gunyah_rm_platform_pre_mem_share(struct gunyah_rm *r,
				     struct gunyah_rm_mem_parcel *mem_parcel)
{
	(void)r;
	(void)mem_parcel;
	pre_share_calls++;
	return 0;
}

int gunyah_rm_platform_post_mem_reclaim(struct gunyah_rm *r,
					struct gunyah_rm_mem_parcel *mem_parcel)
{
	(void)r;
	(void)mem_parcel;
	post_reclaim_calls++;
	return 0;
}

#define REPLY(i, ...)                                    \
	do {                                             \
		static const u8 _d[] = { __VA_ARGS__ };  \
		memcpy(replies[i].data, _d, sizeof(_d)); \
		replies[i].len = sizeof(_d);             \
	} while (0)

/* Call @i sent @id with exactly the bytes that follow. */
#define ASSERT_CALL(i, msg_id, ...)                                           \
	do {                                                                  \
		static const u8 _e[] = { __VA_ARGS__ };                       \
		cr_assert_eq(calls[i].id, msg_id, "call %d: id 0x%08x", i,    \
			     calls[i].id);                                    \
		cr_assert_eq(calls[i].len, sizeof(_e), "call %d: %zu bytes",  \
			     i, calls[i].len);                                \
		cr_assert_arr_eq(calls[i].req, _e, sizeof(_e), "call %d", i); \
	} while (0)

static struct gunyah_rm_mem_entry entries[600];

static void fill_entries(void)
{
	size_t i;

	for (i = 0; i < 600; i++) {
		entries[i].phys_addr = cpu_to_le64(0x80000000ull + i * 0x1000);
		entries[i].size = cpu_to_le64(0x1000);
	}
}

/* vm_mgr.c's sequence: v16 IDs, the driver's request bytes. */
Test(dropin, vm_lifecycle)
{
	REPLY(0, 0x80, 0x00, 0x00, 0x00); /* VM_ALLOC_VMID */
	REPLY(4, 0x01, 0x00, 0x00, 0x00, /* one vCPU resource */
	      0x04, 0x00, 0x80, 0x00, 0x02, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00,
	      0x00, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11, 0x00, 0x00,
	      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00);
	/* Bytes after the error word of a standard reply are ignored. */
	REPLY(5, 0xde, 0xad, 0xbe, 0xef);

	cr_assert_eq(gunyah_rm_test_vm_lifecycle(&rm, 0x1234), 1);
	cr_assert_eq(n_calls, 11);
	ASSERT_CALL(0, 0x56000001, 0x00, 0x00, 0x00, 0x00);
	ASSERT_CALL(1, 0x56000009, 0x80, 0x00, 0x00, 0x00, 0x34, 0x12, 0x00,
		    0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00,
		    0x10, 0, 0, 0, 0, 0, 0, 0x00, 0x20, 0, 0, 0, 0, 0, 0);
	ASSERT_CALL(2, 0x56000034, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		    0x00, 0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00,
		    0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00);
	ASSERT_CALL(3, 0x5600000B, 0x80, 0x00, 0x00, 0x00);
	ASSERT_CALL(4, 0x56000020, 0x80, 0x00, 0x00, 0x00);
	ASSERT_CALL(5, 0x5600000C, 0x80, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
		    0x00, 0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00);
	ASSERT_CALL(6, 0x5600000C, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		    0x00, 0x00, 0x00, 0x40, 0x80, 0x00, 0x00, 0x00, 0x00);
	ASSERT_CALL(7, 0x56000004, 0x80, 0x00, 0x00, 0x00);
	ASSERT_CALL(8, 0x56000005, 0x80, 0x00, 0x01, 0x00, 0x03, 0x00, 0x00,
		    0x00);
	ASSERT_CALL(9, 0x56000006, 0x80, 0x00, 0x00, 0x00);
	ASSERT_CALL(10, 0x56000002, 0x80, 0x00, 0x00, 0x00);
	/* Only the calls whose replies carry data take them. */
	for (int i = 0; i < n_calls; i++)
		cr_assert_eq(calls[i].resp_wanted, i == 0 || i == 4, "call %d",
			     i);
}

Test(dropin, alloc_vmid)
{
	REPLY(1, 0x80, 0x00); /* cut */
	REPLY(2, 0x80, 0x00, 0x00, 0x00, 0x00); /* a byte too many */
	REPLY(3, 0x81, 0x00, 0x00, 0x00);
	REPLY(4, 0x00, 0x00, 0x00, 0x00); /* ignored: a fixed VMID */
	replies[5].ret = -EPERM;

	/* An empty reply to a dynamic allocation is not VMID 0. */
	cr_assert_eq(gunyah_rm_alloc_vmid(&rm, 0), -EBADMSG);
	cr_assert_eq(gunyah_rm_alloc_vmid(&rm, 0), -EBADMSG);
	cr_assert_eq(gunyah_rm_alloc_vmid(&rm, 0), -EBADMSG);
	cr_assert_eq(gunyah_rm_alloc_vmid(&rm, 0), 0x81);
	cr_assert_eq(gunyah_rm_alloc_vmid(&rm, 0x2d), 0);
	cr_assert_not(calls[4].resp_wanted);
	ASSERT_CALL(4, 0x56000001, 0x2d, 0x00, 0x00, 0x00);
	cr_assert_eq(gunyah_rm_alloc_vmid(&rm, 0), -EPERM);
}

Test(dropin, get_hyp_resources)
{
	struct gunyah_rm_hyp_resources *res = NULL;

	REPLY(1, 0x02, 0x00, 0x00, 0x00); /* two entries announced, none */
	REPLY(2, 0x00, 0x00, 0x00, 0x00);
	replies[3].ret = -ENODEV;

	cr_assert_eq(gunyah_rm_get_hyp_resources(&rm, 0x80, &res), -EBADMSG);
	cr_assert_eq(gunyah_rm_get_hyp_resources(&rm, 0x80, &res), -EBADMSG);
	cr_assert_null(res);
	cr_assert_eq(gunyah_rm_get_hyp_resources(&rm, 0x80, &res), 0);
	cr_assert_eq(le32_to_cpu(res->n_entries), 0);
	free(res);
	cr_assert_eq(gunyah_rm_get_hyp_resources(&rm, 0x80, &res), -ENODEV);
}

Test(dropin, get_vmid_cached)
{
	u16 vmid = 0;

	REPLY(0, 0x03, 0x00); /* cut: not cached */
	REPLY(1, 0x03, 0x00, 0x00, 0x00);

	cr_assert_eq(gunyah_rm_get_vmid(&rm, &vmid), -EBADMSG);
	cr_assert_eq(gunyah_rm_get_vmid(&rm, &vmid), 0);
	cr_assert_eq(vmid, 3);
	vmid = 0;
	cr_assert_eq(gunyah_rm_get_vmid(&rm, &vmid), 0);
	cr_assert_eq(vmid, 3);
	cr_assert_eq(n_calls, 2);
	ASSERT_CALL(1, 0x56000024);
}

/* One ACL entry: MEM_LEND, with the driver's bytes. */
Test(dropin, mem_lend)
{
	struct gunyah_rm_mem_parcel p;

	fill_entries();
	REPLY(0, 0x20, 0x00, 0x00, 0x00);
	cr_assert_eq(gunyah_rm_test_share(&rm, 0x80, false, entries, 2, &p), 0);
	cr_assert_eq(p.mem_handle, 0x20);
	cr_assert_eq(pre_share_calls, 1);
	cr_assert_eq(post_reclaim_calls, 0);
	ASSERT_CALL(0, 0x51000012, 0x00, 0x00, 0x00, 0x00, 0x07, 0x00, 0x00,
		    0x00, 0x01, 0x00, 0x00, 0x00, 0x80, 0x00, 0x06, 0x00, 0x02,
		    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00,
		    0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		    0x10, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00,
		    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00);
}

/* The host in the ACL too: GET_VMID, then MEM_SHARE. */
Test(dropin, mem_share)
{
	struct gunyah_rm_mem_parcel p;

	fill_entries();
	REPLY(0, 0x03, 0x00, 0x00, 0x00);
	REPLY(1, 0x21, 0x00, 0x00, 0x00);
	cr_assert_eq(gunyah_rm_test_share(&rm, 0x80, true, entries, 1, &p), 0);
	cr_assert_eq(p.mem_handle, 0x21);
	ASSERT_CALL(1, 0x51000013, 0x00, 0x00, 0x00, 0x00, 0x07, 0x00, 0x00,
		    0x00, 0x02, 0x00, 0x00, 0x00, 0x80, 0x00, 0x06, 0x00, 0x03,
		    0x00, 0x07, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		    0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00,
		    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00);
}

/* 600 ranges: 512 in MEM_LEND (append flag), 88 in a final MEM_APPEND. */
Test(dropin, mem_share_append)
{
	struct gunyah_rm_mem_parcel p;

	fill_entries();
	REPLY(0, 0x22, 0x00, 0x00, 0x00);
	cr_assert_eq(gunyah_rm_test_share(&rm, 0x80, false, entries, 600, &p),
		     0);
	cr_assert_eq(n_calls, 2);
	cr_assert_eq(calls[0].id, 0x51000012);
	cr_assert_eq(calls[0].len, 12 + 4 + 4 + 512 * 16 + 4);
	cr_assert_eq(calls[0].req[2], 0x02); /* append */
	cr_assert_eq(calls[0].req[16] | calls[0].req[17] << 8, 512);
	cr_assert_arr_eq(calls[0].req + 20, entries, 512 * 16);
	cr_assert_eq(calls[1].id, 0x51000018);
	cr_assert_eq(calls[1].len, 12 + 88 * 16);
	static const u8 hdr[] = { 0x22, 0, 0, 0, 0x01, 0, 0, 0, 88, 0, 0, 0 };
	cr_assert_arr_eq(calls[1].req, hdr, sizeof(hdr));
	cr_assert_arr_eq(calls[1].req + 12, &entries[512], 88 * 16);
	cr_assert_eq(p.mem_handle, 0x22);
}

/* A failed MEM_APPEND reclaims the parcel (and runs the hook). */
Test(dropin, mem_share_append_fails)
{
	struct gunyah_rm_mem_parcel p;

	fill_entries();
	REPLY(0, 0x23, 0x00, 0x00, 0x00);
	replies[1].ret = -ENOMEM;
	cr_assert_eq(gunyah_rm_test_share(&rm, 0x80, false, entries, 513, &p),
		     -ENOMEM);
	cr_assert_eq(n_calls, 3);
	ASSERT_CALL(2, 0x51000015, 0x23, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		    0x00);
	cr_assert_eq(post_reclaim_calls, 1);
	cr_assert_eq(p.mem_handle, GUNYAH_MEM_HANDLE_INVAL);
}

/* The RM refuses the parcel: the post-reclaim hook undoes the pre-share. */
Test(dropin, mem_share_refused)
{
	struct gunyah_rm_mem_parcel p;

	fill_entries();
	replies[0].ret = -EINVAL;
	cr_assert_eq(gunyah_rm_test_share(&rm, 0x80, false, entries, 1, &p),
		     -EINVAL);
	cr_assert_eq(pre_share_calls, 1);
	cr_assert_eq(post_reclaim_calls, 1);
	cr_assert_eq(p.mem_handle, GUNYAH_MEM_HANDLE_INVAL);
}

/* A reply that is not a handle: -EBADMSG, no hook (the RM may hold it). */
Test(dropin, mem_share_bad_reply)
{
	struct gunyah_rm_mem_parcel p;

	fill_entries();
	REPLY(0, 0x24, 0x00);
	cr_assert_eq(gunyah_rm_test_share(&rm, 0x80, false, entries, 1, &p),
		     -EBADMSG);
	cr_assert_eq(post_reclaim_calls, 0);
	cr_assert_eq(p.mem_handle, GUNYAH_MEM_HANDLE_INVAL);
}

Test(dropin, mem_share_invalid_parcel)
{
	struct gunyah_rm_mem_acl_entry acl[256] = { { 0 } };
	struct gunyah_rm_mem_parcel p = {
		.n_acl_entries = 1,
		.acl_entries = acl,
		.n_mem_entries = 1,
		.mem_entries = entries,
		.mem_handle = 5,
	};

	cr_assert_eq(gunyah_rm_mem_share(&rm, &p), -EINVAL);
	p.mem_handle = GUNYAH_MEM_HANDLE_INVAL;
	p.n_acl_entries = 256;
	cr_assert_eq(gunyah_rm_mem_share(&rm, &p), -EINVAL);
	p.n_acl_entries = 1;
	p.n_mem_entries = 0;
	cr_assert_eq(gunyah_rm_mem_share(&rm, &p), -EINVAL);
	cr_assert_eq(n_calls, 0);
	cr_assert_eq(pre_share_calls, 0);
}

/* Reclaim (the hook runs only if the RM reclaimed), then demand paging. */
Test(dropin, reclaim_and_demand_paging)
{
	struct gunyah_rm_mem_parcel p = {
		.n_mem_entries = 2,
		.mem_entries = entries,
		.mem_handle = 0x30,
	};

	fill_entries();
	replies[0].ret = -EBUSY;
	cr_assert_eq(gunyah_rm_test_reclaim_and_page(&rm, 0x81, &p), -EBUSY);
	cr_assert_eq(post_reclaim_calls, 0);
	cr_assert_eq(gunyah_rm_test_reclaim_and_page(&rm, 0x81, &p), 0);
	cr_assert_eq(post_reclaim_calls, 1);
	ASSERT_CALL(1, 0x51000015, 0x30, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		    0x00);
	ASSERT_CALL(2, 0x56000033, 0x81, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00,
		    0x00, 0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00,
		    0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00,
		    0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00,
		    0x00, 0x00, 0x00);
}

/* The notifications the driver handles, validated before they are read. */
Test(dropin, notifications)
{
	static const u8 reset[] = { 0x80, 0, 0, 0, 11, 4, 0, 0 };
	static const u8 bad_os[] = { 0x80, 0, 0, 0, 3, 9, 0, 0 };
	static const u8 exited[] = { 0x80, 0, 0, 0, 4, 0, 0, 0, 1, 0, 1, 0 };
	static const u8 cut[] = { 0x80, 0, 0, 0, 8, 0, 0, 0, 1, 0, 1, 0 };

	cr_assert_eq(gunyah_rm_test_notification(
			     GUNYAH_RM_NOTIFICATION_VM_STATUS, reset, 8, 0x80),
		     GUNYAH_RM_VM_STATUS_RESET);
	cr_assert_eq(gunyah_rm_test_notification(
			     GUNYAH_RM_NOTIFICATION_VM_STATUS, reset, 7, 0x80),
		     -EBADMSG);
	cr_assert_eq(gunyah_rm_test_notification(
			     GUNYAH_RM_NOTIFICATION_VM_STATUS, bad_os, 8, 0x80),
		     -EBADMSG);
	cr_assert_eq(
		gunyah_rm_test_notification(GUNYAH_RM_NOTIFICATION_VM_EXITED,
					    exited, 12, 0x80),
		GUNYAH_RM_VM_STATUS_EXITED);
	cr_assert_eq(gunyah_rm_test_notification(
			     GUNYAH_RM_NOTIFICATION_VM_EXITED, cut, 12, 0x80),
		     -EBADMSG);
}
