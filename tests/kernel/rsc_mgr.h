/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Stand-in for drivers/virt/gunyah/rsc_mgr.h: the one declaration the
 * generated gunyah_rm_rpc.c needs from the driver.
 */
#ifndef _TEST_RSC_MGR_H
#define _TEST_RSC_MGR_H

#include <linux/types.h>

struct gunyah_rm;

int gunyah_rm_call(struct gunyah_rm *rsc_mgr, u32 message_id,
		   const void *req_buf, size_t req_buf_size, void **resp_buf,
		   size_t *resp_buf_size);

#endif /* _TEST_RSC_MGR_H */
