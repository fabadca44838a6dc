// SPDX-License-Identifier: GPL-2.0-only
/*
 * Module that exercises the generated kernel-flavour sources against a fake
 * resource manager: it builds under the kernel's own warnings (W=1, -Werror)
 * and, if loaded, checks the seed's RPCs and a validator on the way in.
 */
#include <linux/errno.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "rsc_mgr.h"
#include "gunyah_rm_protocol.h"

struct gunyah_rm {
	u32 last_id;
};

/* Fake RM: VM_ALLOC_VMID answers 0x80; GET_HYP_RESOURCES one entry. */
int gunyah_rm_call(struct gunyah_rm *rm, u32 message_id, const void *req_buf,
		   size_t req_buf_size, void **resp_buf, size_t *resp_buf_size)
{
	struct gunyah_rm_hyp_resources *res;
	__le16 *vmid;

	rm->last_id = message_id;
	*resp_buf = NULL;
	*resp_buf_size = 0;
	switch (message_id) {
	case GUNYAH_RM_RPC_VM_ALLOC_VMID:
		if (req_buf_size != sizeof(struct gunyah_rm_vm_common_vmid_req))
			return -EINVAL;
		vmid = kzalloc(4, GFP_KERNEL);
		if (!vmid)
			return -ENOMEM;
		*vmid = cpu_to_le16(0x80);
		*resp_buf = vmid;
		*resp_buf_size = 4;
		return 0;
	case GUNYAH_RM_RPC_VM_GET_HYP_RESOURCES:
		res = kzalloc(struct_size(res, entries, 1), GFP_KERNEL);
		if (!res)
			return -ENOMEM;
		res->n_entries = cpu_to_le32(1);
		res->entries[0].type = GUNYAH_RM_HYP_RESOURCE_TYPE_VCPU;
		res->entries[0].cap_id = cpu_to_le64(0x1122334455667788ull);
		*resp_buf = res;
		*resp_buf_size = struct_size(res, entries, 1);
		return 0;
	default:
		return 0;
	}
}

static int __init gunyah_rm_test_init(void)
{
	struct gunyah_rm_hyp_resources *res;
	struct gunyah_rm rm = { 0 };
	struct gunyah_rm_verr err;
	static const u8 trunc[] = { 1, 0, 0, 0 };
	int ret;

	ret = gunyah_rm_alloc_vmid(&rm, 0);
	if (ret != 0x80)
		return -EINVAL;
	if (gunyah_rm_vm_start(&rm, 0x80) ||
	    rm.last_id != GUNYAH_RM_RPC_VM_START)
		return -EINVAL;
	if (gunyah_rm_vm_stop(&rm, 0x80))
		return -EINVAL;
	ret = gunyah_rm_get_hyp_resources(&rm, 0x80, &res);
	if (ret)
		return ret;
	ret = le64_to_cpu(res->entries[0].cap_id) == 0x1122334455667788ull ?
		      0 :
		      -EINVAL;
	kfree(res);
	if (ret)
		return ret;
	/* One entry announced, none present: the validator refuses it. */
	if (gunyah_rm_vm_get_hyp_resources_resp_validate(trunc, sizeof(trunc),
							 &err) != -EBADMSG ||
	    err.reason != GUNYAH_RM_VERR_TRUNCATED)
		return -EINVAL;
	pr_info("gunyah_rm_test: generated RPCs and validators OK\n");
	return 0;
}

static void __exit gunyah_rm_test_exit(void)
{
}

module_init(gunyah_rm_test_init);
module_exit(gunyah_rm_test_exit);
MODULE_DESCRIPTION("rmgen kernel-flavour build test");
MODULE_LICENSE("GPL");
