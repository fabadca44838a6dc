// SPDX-License-Identifier: GPL-2.0-only
/*
 * The RPCs as the Linux Gunyah driver's callers use them (vm_mgr.c,
 * guest_memfd.c, vm_mgr_mem.c): every function of rsc_mgr.h that
 * rsc_mgr_rpc.c defines, called with the arguments and types those callers
 * pass, and the notification payloads the driver handles, read through the
 * driver's structs after the generated validators. Built into the test
 * module against the stand-in headers, and run by the user-space test
 * (dropin_test.c) against a fake resource manager.
 */
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/types.h>

#include "rsc_mgr.h"
#include "gunyah_rm_protocol.h"
#include "callers.h"

/* vm_mgr.c: a VM's life, from VMID allocation to teardown. */
int gunyah_rm_test_vm_lifecycle(struct gunyah_rm *rm, u32 dtb_handle)
{
	struct gunyah_rm_hyp_resources *resources;
	u32 i, n, vcpus = 0;
	int vmid, ret;

	vmid = gunyah_rm_alloc_vmid(rm, 0);
	if (vmid < 0)
		return vmid;
	ret = gunyah_rm_vm_configure(rm, vmid, GUNYAH_RM_VM_AUTH_NONE,
				     dtb_handle, 0, 0, 0x1000, 0x2000);
	if (!ret)
		ret = gunyah_rm_vm_set_address_layout(rm, vmid,
						      GUNYAH_RM_RANGE_ID_IMAGE,
						      0x80000000ull, 0x100000);
	if (!ret)
		ret = gunyah_rm_vm_init(rm, vmid);
	if (ret)
		return ret;
	ret = gunyah_rm_get_hyp_resources(rm, vmid, &resources);
	if (ret)
		return ret;
	n = le32_to_cpu(resources->n_entries);
	for (i = 0; i < n; i++)
		if (resources->entries[i].type == GUNYAH_RESOURCE_TYPE_VCPU &&
		    le64_to_cpu(resources->entries[i].cap_id))
			vcpus++;
	kfree(resources);
	/* the uapi's REG_SET_X 0, REG_SET_PC 1, REG_SET_SP 2 */
	ret = gunyah_rm_vm_set_boot_context(rm, vmid, 1, 0, 0x80000000ull);
	if (!ret)
		ret = gunyah_rm_vm_set_boot_context(rm, vmid, 0, 0, 0x80400000);
	if (!ret)
		ret = gunyah_rm_vm_start(rm, vmid);
	if (!ret)
		ret = gunyah_rm_vm_stop(rm, vmid);
	if (!ret)
		ret = gunyah_rm_vm_reset(rm, vmid);
	if (!ret)
		ret = gunyah_rm_dealloc_vmid(rm, vmid);
	return ret ? ret : (int)vcpus;
}

/* guest_memfd.c: lend (one ACL entry) or share (with this VM) memory. */
int gunyah_rm_test_share(struct gunyah_rm *rm, u16 vmid, bool share,
			 struct gunyah_rm_mem_entry *entries, size_t n,
			 struct gunyah_rm_mem_parcel *parcel)
{
	u16 host_vmid;
	int ret;

	parcel->mem_type = GUNYAH_RM_MEM_TYPE_NORMAL;
	parcel->label = 0x7;
	parcel->n_acl_entries = share ? 2 : 1;
	parcel->acl_entries = kcalloc(parcel->n_acl_entries,
				      sizeof(*parcel->acl_entries), GFP_KERNEL);
	if (!parcel->acl_entries)
		return -ENOMEM;
	parcel->acl_entries[0].vmid = cpu_to_le16(vmid);
	parcel->acl_entries[0].perms = GUNYAH_RM_ACL_R | GUNYAH_RM_ACL_W;
	if (share) {
		ret = gunyah_rm_get_vmid(rm, &host_vmid);
		if (ret)
			goto out;
		parcel->acl_entries[1].vmid = cpu_to_le16(host_vmid);
		parcel->acl_entries[1].perms =
			GUNYAH_RM_ACL_R | GUNYAH_RM_ACL_W | GUNYAH_RM_ACL_X;
	}
	parcel->n_mem_entries = n;
	parcel->mem_entries = entries;
	parcel->mem_handle = GUNYAH_MEM_HANDLE_INVAL;
	ret = gunyah_rm_mem_share(rm, parcel);
out:
	kfree(parcel->acl_entries);
	parcel->acl_entries = NULL;
	return ret;
}

/* guest_memfd.c: reclaim a parcel, then demand-page its ranges. */
int gunyah_rm_test_reclaim_and_page(struct gunyah_rm *rm, u16 vmid,
				    struct gunyah_rm_mem_parcel *parcel)
{
	int ret = gunyah_rm_mem_reclaim(rm, parcel);

	if (ret)
		return ret;
	return gunyah_rm_vm_set_demand_paging(
		rm, vmid, (u32)parcel->n_mem_entries, parcel->mem_entries);
}

/*
 * vm_mgr.c's notifier: the VM status it waits for, from a notification
 * payload of @size bytes; -EBADMSG when the payload does not validate.
 */
int gunyah_rm_test_notification(unsigned long action, const void *data,
				size_t size, u16 vmid)
{
	const struct gunyah_rm_vm_status_payload *status = data;
	const struct gunyah_rm_vm_exited_payload *exited = data;

	switch (action) {
	case GUNYAH_RM_NOTIFICATION_VM_STATUS:
		if (gunyah_rm_vm_status_payload_validate(data, size, NULL))
			return -EBADMSG;
		if (le16_to_cpu(status->vmid) != vmid)
			return -ENOENT;
		return status->vm_status == GUNYAH_RM_VM_STATUS_RESET ?
			       GUNYAH_RM_VM_STATUS_RESET :
			       status->vm_status;
	case GUNYAH_RM_NOTIFICATION_VM_EXITED:
		if (gunyah_rm_vm_exited_payload_validate(data, size, NULL))
			return -EBADMSG;
		if (le16_to_cpu(exited->vmid) != vmid)
			return -ENOENT;
		return GUNYAH_RM_VM_STATUS_EXITED;
	default:
		return -EINVAL;
	}
}
