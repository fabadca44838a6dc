/* SPDX-License-Identifier: GPL-2.0-only */
/* The callers.c functions: the RPCs as the driver's callers use them. */
#ifndef _TEST_CALLERS_H
#define _TEST_CALLERS_H

#include <linux/types.h>

struct gunyah_rm;
struct gunyah_rm_mem_entry;
struct gunyah_rm_mem_parcel;

int gunyah_rm_test_vm_lifecycle(struct gunyah_rm *rm, u32 dtb_handle);
int gunyah_rm_test_share(struct gunyah_rm *rm, u16 vmid, bool share,
			 struct gunyah_rm_mem_entry *entries, size_t n,
			 struct gunyah_rm_mem_parcel *parcel);
int gunyah_rm_test_reclaim_and_page(struct gunyah_rm *rm, u16 vmid,
				    struct gunyah_rm_mem_parcel *parcel);
int gunyah_rm_test_notification(unsigned long action, const void *data,
				size_t size, u16 vmid);

#endif /* _TEST_CALLERS_H */
