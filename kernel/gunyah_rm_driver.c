// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * The Resource Manager RPCs of the Linux Gunyah driver (rsc_mgr.h) that
 * carry driver policy rather than message layout: sharing a memory parcel
 * (LEND or SHARE, the platform hooks, MEM_APPEND for long lists), reclaiming
 * it, allocating a VMID, the cached VMID of this VM and demand paging.
 *
 * rmgen's kernel flavour copies this file, as it is, beside the sources it
 * generates: the message IDs, packed structs and reply validators used here
 * come from gunyah_rm_protocol.h. Every reply that carries data is checked
 * by its validator before it is read; a reply to a call whose reply carries
 * no data is not passed back (resp_buf = NULL), so bytes after its error
 * word cannot turn an action the RM has performed into an error.
 */
#include <linux/errno.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "rsc_mgr.h"
#include "gunyah_rm_protocol.h"

/* Entries of one list in one memory parcel message (RM and Linux limit). */
#define GUNYAH_RM_MEM_LIST_MAX GUNYAH_RM_MEMPARCEL_MAX_LIST_ENTRIES

/*
 * 0 if the reply @resp of @size bytes holds a payload @validate accepts;
 * else frees it and returns -EBADMSG. An empty reply (for which
 * gunyah_rm_call() leaves @resp as the caller set it, NULL) is refused.
 */
static int gunyah_rm_reply_check(void *resp, size_t size,
				 int (*validate)(const void *, size_t,
						 struct gunyah_rm_verr *))
{
	if (size && !validate(resp, size, NULL))
		return 0;
	kfree(resp);
	return -EBADMSG;
}

/* Send the SGL entries after the first message's in MEM_APPENDs. */
static int gunyah_rm_mem_append(struct gunyah_rm *rm, u32 mem_handle,
				const struct gunyah_rm_mem_entry *entries,
				size_t n_entries)
{
	struct gunyah_rm_mem_append_req *req;
	size_t n;
	int ret = 0;

	req = kzalloc(struct_size(req, sgl, GUNYAH_RM_MEM_LIST_MAX),
		      GFP_KERNEL);
	if (!req)
		return -ENOMEM;
	req->handle = cpu_to_le32(mem_handle);
	while (n_entries) {
		n = min_t(size_t, n_entries, GUNYAH_RM_MEM_LIST_MAX);
		req->flags = n == n_entries ?
				     GUNYAH_RM_MEMPARCEL_APPEND_FLAGS_DONE :
				     0;
		req->sgl_entries = cpu_to_le16(n);
		memcpy(req->sgl, entries, flex_array_size(req, sgl, n));
		ret = gunyah_rm_call(rm, GUNYAH_RM_RPC_MEM_APPEND, req,
				     struct_size(req, sgl, n), NULL, NULL);
		if (ret)
			break;
		entries += n;
		n_entries -= n;
	}
	kfree(req);
	return ret;
}

/**
 * gunyah_rm_mem_share() - Share memory with other virtual machines.
 * @rm: Handle to a Gunyah resource manager
 * @p: Information about the memory to be shared; on success @p->mem_handle
 *     is the new parcel's handle.
 *
 * Lends the memory (MEM_LEND) when one VM is in the ACL, shares it
 * (MEM_SHARE) otherwise. The platform's pre-share hook runs first; if the
 * RM refuses the parcel, the post-reclaim hook undoes it. SGL entries beyond
 * the 512 of the first message follow in MEM_APPENDs; if one fails, the
 * parcel is reclaimed.
 *
 * Return: 0, -EINVAL for a parcel that cannot be sent (no ACL or SGL
 * entries, more than 255 ACL entries, a handle already set), -ENOMEM, the
 * error of the pre-share hook or of gunyah_rm_call(), or -EBADMSG when the
 * RM's reply is not a parcel handle (the parcel, if the RM made one, is then
 * left to the RM: there is no handle to reclaim it with).
 */
int gunyah_rm_mem_share(struct gunyah_rm *rm, struct gunyah_rm_mem_parcel *p)
{
	u32 message_id = p->n_acl_entries == 1 ? GUNYAH_RM_RPC_MEM_LEND :
						 GUNYAH_RM_RPC_MEM_SHARE;
	struct gunyah_rm_mem_handle_resp *resp = NULL;
	size_t acl_size, sgl_size, n_sgl, size, resp_size = 0;
	struct gunyah_rm_mem_share_req *req;
	struct gunyah_rm_list_header *list;
	int ret;

	if (!p->acl_entries || !p->n_acl_entries || !p->mem_entries ||
	    !p->n_mem_entries || p->n_acl_entries > U8_MAX ||
	    p->mem_handle != GUNYAH_MEM_HANDLE_INVAL)
		return -EINVAL;

	/* header and ACL, SGL list, empty attribute list */
	n_sgl = min_t(size_t, p->n_mem_entries, GUNYAH_RM_MEM_LIST_MAX);
	acl_size = p->n_acl_entries * sizeof(*p->acl_entries);
	sgl_size = n_sgl * sizeof(*p->mem_entries);
	size = sizeof(*req) + acl_size + sizeof(*list) + sgl_size +
	       sizeof(*list);
	req = kzalloc(size, GFP_KERNEL);
	if (!req)
		return -ENOMEM;

	ret = gunyah_rm_platform_pre_mem_share(rm, p);
	if (ret) {
		kfree(req);
		return ret;
	}

	req->mem_type = p->mem_type;
	if (n_sgl < p->n_mem_entries)
		req->flags = GUNYAH_RM_MEMPARCEL_CREATE_FLAGS_APPEND;
	req->label = cpu_to_le32(p->label);
	req->acl_entries = cpu_to_le16(p->n_acl_entries);
	memcpy(req + 1, p->acl_entries, acl_size);
	list = (void *)(req + 1) + acl_size;
	list->entries = cpu_to_le16(n_sgl);
	memcpy(list + 1, p->mem_entries, sgl_size);

	ret = gunyah_rm_call(rm, message_id, req, size, (void **)&resp,
			     &resp_size);
	kfree(req);
	if (ret) {
		gunyah_rm_platform_post_mem_reclaim(rm, p);
		return ret;
	}
	ret = gunyah_rm_reply_check(resp, resp_size,
				    gunyah_rm_mem_handle_resp_validate);
	if (ret)
		return ret;
	p->mem_handle = le32_to_cpu(resp->mem_handle);
	kfree(resp);

	if (n_sgl < p->n_mem_entries) {
		ret = gunyah_rm_mem_append(rm, p->mem_handle,
					   &p->mem_entries[n_sgl],
					   p->n_mem_entries - n_sgl);
		if (ret) {
			gunyah_rm_mem_reclaim(rm, p);
			p->mem_handle = GUNYAH_MEM_HANDLE_INVAL;
		}
	}
	return ret;
}
GUNYAH_RM_ERROR_INJECTION(gunyah_rm_mem_share);

/**
 * gunyah_rm_mem_reclaim() - Reclaim a memory parcel
 * @rm: Handle to a Gunyah resource manager
 * @parcel: Information about the memory to be reclaimed.
 *
 * The RM maps the memory back into the owner's stage-2 page tables; the
 * platform's post-reclaim hook then runs, only if the RM reclaimed it.
 *
 * Return: 0, the error of gunyah_rm_call() or of the post-reclaim hook.
 */
int gunyah_rm_mem_reclaim(struct gunyah_rm *rm,
			  struct gunyah_rm_mem_parcel *parcel)
{
	struct gunyah_rm_mem_release_req req = {
		.handle = cpu_to_le32(parcel->mem_handle),
	};
	int ret;

	ret = gunyah_rm_call(rm, GUNYAH_RM_RPC_MEM_RECLAIM, &req, sizeof(req),
			     NULL, NULL);
	if (ret)
		return ret;
	return gunyah_rm_platform_post_mem_reclaim(rm, parcel);
}
GUNYAH_RM_ERROR_INJECTION(gunyah_rm_mem_reclaim);

/**
 * gunyah_rm_alloc_vmid() - Allocate a new VM in Gunyah.
 * @rm: Handle to a Gunyah resource manager
 * @vmid: 0 to allocate a VMID dynamically, else a platform-reserved VMID
 *
 * Return: the allocated VMID when @vmid is 0, else 0; or a negative errno:
 * that of gunyah_rm_call(), or -EBADMSG when a dynamic allocation's reply
 * does not hold a VMID.
 */
int gunyah_rm_alloc_vmid(struct gunyah_rm *rm, u16 vmid)
{
	struct gunyah_rm_vm_common_vmid_req req = {
		.vmid = cpu_to_le16(vmid),
	};
	struct gunyah_rm_vm_alloc_vmid_resp *resp = NULL;
	size_t resp_size = 0;
	int ret;

	if (vmid)
		return gunyah_rm_call(rm, GUNYAH_RM_RPC_VM_ALLOC_VMID, &req,
				      sizeof(req), NULL, NULL);
	ret = gunyah_rm_call(rm, GUNYAH_RM_RPC_VM_ALLOC_VMID, &req, sizeof(req),
			     (void **)&resp, &resp_size);
	if (!ret)
		ret = gunyah_rm_reply_check(
			resp, resp_size, gunyah_rm_vm_alloc_vmid_resp_validate);
	if (ret)
		return ret;
	ret = le16_to_cpu(resp->vmid);
	kfree(resp);
	return ret;
}
GUNYAH_RM_ERROR_INJECTION(gunyah_rm_alloc_vmid);

/**
 * gunyah_rm_get_vmid() - Retrieve VMID of this virtual machine
 * @rm: Handle to a Gunyah resource manager
 * @vmid: Filled with the VMID of this VM
 *
 * The first successful answer is kept: later calls return it without asking
 * the RM again.
 *
 * Return: 0, the error of gunyah_rm_call(), or -EBADMSG when the reply does
 * not hold a VMID.
 */
int gunyah_rm_get_vmid(struct gunyah_rm *rm, u16 *vmid)
{
	static u16 cached_vmid = GUNYAH_VMID_INVAL;
	struct gunyah_rm_vm_get_vmid_resp *resp = NULL;
	size_t resp_size = 0;
	int ret;

	if (cached_vmid != GUNYAH_VMID_INVAL) {
		*vmid = cached_vmid;
		return 0;
	}
	ret = gunyah_rm_call(rm, GUNYAH_RM_RPC_VM_GET_VMID, NULL, 0,
			     (void **)&resp, &resp_size);
	if (!ret)
		ret = gunyah_rm_reply_check(
			resp, resp_size, gunyah_rm_vm_get_vmid_resp_validate);
	if (ret)
		return ret;
	*vmid = cached_vmid = lower_16_bits(le32_to_cpu(resp->vmid));
	kfree(resp);
	return 0;
}
EXPORT_SYMBOL_GPL(gunyah_rm_get_vmid);

/**
 * gunyah_rm_vm_set_demand_paging() - Enable demand paging of memory regions
 * @rm: Handle to a Gunyah resource manager
 * @vmid: VMID of the other VM
 * @count: Number of demand paged memory regions
 * @entries: Array of the regions
 *
 * Return: 0, -EINVAL when @count regions do not fit in a message's size,
 * -ENOMEM, or the error of gunyah_rm_call().
 */
int gunyah_rm_vm_set_demand_paging(struct gunyah_rm *rm, u16 vmid, u32 count,
				   struct gunyah_rm_mem_entry *entries)
{
	struct gunyah_rm_vm_set_demand_paging_req *req;
	size_t size = struct_size(req, ranges, count);
	int ret;

	if (size == SIZE_MAX)
		return -EINVAL;
	req = kzalloc(size, GFP_KERNEL);
	if (!req)
		return -ENOMEM;
	req->vmid = cpu_to_le16(vmid);
	req->range_count = cpu_to_le32(count);
	memcpy(req->ranges, entries, flex_array_size(req, ranges, count));
	ret = gunyah_rm_call(rm, GUNYAH_RM_RPC_VM_SET_DEMAND_PAGING, req, size,
			     NULL, NULL);
	kfree(req);
	return ret;
}
GUNYAH_RM_ERROR_INJECTION(gunyah_rm_vm_set_demand_paging);
