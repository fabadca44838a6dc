/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Stand-in for include/linux/gunyah.h of the Linux Gunyah series (v16/v17):
 * the declarations the driver's rsc_mgr.h, its RPC callers and rmgen's
 * kernel drop-in use, with the same names, types and layouts.
 */
#ifndef _TEST_LINUX_GUNYAH_H
#define _TEST_LINUX_GUNYAH_H

#include <linux/bits.h>
#include <linux/types.h>

struct folio;
struct gunyah_rm;

/* Resource types of VM_GET_HYP_RESOURCES entries */
enum gunyah_resource_type {
	GUNYAH_RESOURCE_TYPE_BELL_TX = 0,
	GUNYAH_RESOURCE_TYPE_BELL_RX = 1,
	GUNYAH_RESOURCE_TYPE_MSGQ_TX = 2,
	GUNYAH_RESOURCE_TYPE_MSGQ_RX = 3,
	GUNYAH_RESOURCE_TYPE_VCPU = 4,
	GUNYAH_RESOURCE_TYPE_MEM_EXTENT = 9,
	GUNYAH_RESOURCE_TYPE_ADDR_SPACE = 10,
};

#define GUNYAH_RM_ACL_X BIT(0)
#define GUNYAH_RM_ACL_W BIT(1)
#define GUNYAH_RM_ACL_R BIT(2)

/* One VM's access to a memory parcel */
struct gunyah_rm_mem_acl_entry {
	__le16 vmid;
	u8 perms;
	u8 reserved;
} __packed;

/* One range of a memory parcel */
struct gunyah_rm_mem_entry {
	__le64 phys_addr;
	__le64 size;
} __packed;

enum gunyah_rm_mem_type {
	GUNYAH_RM_MEM_TYPE_NORMAL = 0,
	GUNYAH_RM_MEM_TYPE_IO = 1,
};

/* A memory parcel as the driver describes it to gunyah_rm_mem_share() */
struct gunyah_rm_mem_parcel {
	enum gunyah_rm_mem_type mem_type;
	u32 label;
	size_t n_acl_entries;
	struct gunyah_rm_mem_acl_entry *acl_entries;
	size_t n_mem_entries;
	struct gunyah_rm_mem_entry *mem_entries;
	u32 mem_handle;
};

#endif /* _TEST_LINUX_GUNYAH_H */
