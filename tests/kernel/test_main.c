// SPDX-License-Identifier: GPL-2.0-only
/*
 * The test module: rmgen's kernel drop-in, the callers (callers.c) and, in
 * place of the driver's rsc_mgr.c and gunyah_platform_hooks.c, a resource
 * manager that answers every call with an empty reply and hooks that
 * succeed. It is built (W=1, -Werror) to check that the drop-in compiles
 * and links with the driver's declarations; the behaviour is tested in user
 * space (dropin_test.c).
 */
#include <linux/errno.h>
#include <linux/module.h>

#include "rsc_mgr.h"
#include "callers.h"

struct gunyah_rm {
	u32 last_id;
};

int gunyah_rm_call(struct gunyah_rm *rm, u32 message_id, const void *req_buf,
		   size_t req_buf_size, void **resp_buf, size_t *resp_buf_size)
{
	rm->last_id = message_id;
	if (resp_buf_size)
		*resp_buf_size = 0;
	return 0;
}

int gunyah_rm_platform_pre_mem_share(struct gunyah_rm *rm,
				     struct gunyah_rm_mem_parcel *mem_parcel)
{
	return 0;
}

int gunyah_rm_platform_post_mem_reclaim(struct gunyah_rm *rm,
					struct gunyah_rm_mem_parcel *mem_parcel)
{
	return 0;
}

static int __init gunyah_rm_test_init(void)
{
	static const u8 running[8] = { 0x80, 0, 0, 0, 3, 4, 0, 0 };
	struct gunyah_rm_mem_entry entry = { .size = cpu_to_le64(0x1000) };
	struct gunyah_rm_mem_parcel parcel;
	struct gunyah_rm rm = { 0 };

	/* Empty replies: the first call that needs data refuses them. */
	if (gunyah_rm_test_vm_lifecycle(&rm, 1) != -EBADMSG ||
	    gunyah_rm_test_share(&rm, 0x80, false, &entry, 1, &parcel) !=
		    -EBADMSG ||
	    gunyah_rm_test_notification(GUNYAH_RM_NOTIFICATION_VM_STATUS,
					running, sizeof(running),
					0x80) != GUNYAH_RM_VM_STATUS_RUNNING)
		return -EINVAL;
	parcel.mem_handle = 1;
	return gunyah_rm_test_reclaim_and_page(&rm, 0x80, &parcel);
}

static void __exit gunyah_rm_test_exit(void)
{
}

module_init(gunyah_rm_test_init);
module_exit(gunyah_rm_test_exit);
MODULE_DESCRIPTION("rmgen kernel drop-in build test");
MODULE_LICENSE("GPL");
