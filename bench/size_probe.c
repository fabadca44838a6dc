// SPDX-License-Identifier: BSD-3-Clause
/*
 * Code-size probe. Built four times: with PROBE_GEN (the generated
 * codecs of the seed's messages), again with GUNYAH_RM_VERR_DETAIL=0 (no
 * error records), with PROBE_BASE (the hand-written baseline) and with
 * neither (the empty skeleton). Each build is linked
 * with -ffunction-sections -fdata-sections -Wl,--gc-sections, so only the
 * functions in the table below, and what they call, survive; text(probe) -
 * text(empty probe) is the code size of the seed's codecs.
 */
#include <stdint.h>

#if defined(PROBE_GEN)
#include "gunyah_rm/protocol.h"

/* clang-format off */
#define CODEC(x)                                   \
	(uintptr_t)&gunyah_rm_##x##_encode,        \
	(uintptr_t)&gunyah_rm_##x##_decode,        \
	(uintptr_t)&gunyah_rm_##x##_validate,

/*
 * Each function once: VM_ALLOC_VMID, VM_DEALLOC_VMID, VM_START, VM_RESET and
 * VM_GET_HYP_RESOURCES requests share the vm_common_vmid_req codecs (as the
 * baseline shares bl_common_vmid_req_*), and a repeated reference would
 * only add a relocation to the probe.
 */
static volatile uintptr_t used[] = {
	CODEC(vm_common_vmid_req)
	CODEC(vm_alloc_vmid_resp)
	CODEC(vm_stop_req)
	CODEC(vm_config_image_req)
	CODEC(vm_init_req)
	CODEC(vm_get_hyp_resources_resp)
	CODEC(vm_exited_payload)
	CODEC(vm_status_payload)
	(uintptr_t)&gunyah_rm_hyp_resource_array_get,
};
/* clang-format on */
#elif defined(PROBE_BASE)
#include "baseline.h"

static volatile uintptr_t used[] = {
	(uintptr_t)&bl_common_vmid_req_encode,
	(uintptr_t)&bl_common_vmid_req_validate,
	(uintptr_t)&bl_common_vmid_req_decode,
	(uintptr_t)&bl_vm_init_req_validate,
	(uintptr_t)&bl_vm_init_req_decode,
	(uintptr_t)&bl_alloc_vmid_resp_encode,
	(uintptr_t)&bl_alloc_vmid_resp_validate,
	(uintptr_t)&bl_alloc_vmid_resp_decode,
	(uintptr_t)&bl_vm_stop_req_encode,
	(uintptr_t)&bl_vm_stop_req_validate,
	(uintptr_t)&bl_vm_stop_req_decode,
	(uintptr_t)&bl_vm_config_image_req_encode,
	(uintptr_t)&bl_vm_config_image_req_validate,
	(uintptr_t)&bl_vm_config_image_req_decode,
	(uintptr_t)&bl_hyp_resources_resp_encode,
	(uintptr_t)&bl_hyp_resources_resp_validate,
	(uintptr_t)&bl_hyp_resources_resp_decode,
	(uintptr_t)&bl_vm_exited_encode,
	(uintptr_t)&bl_vm_exited_validate,
	(uintptr_t)&bl_vm_exited_decode,
	(uintptr_t)&bl_vm_status_encode,
	(uintptr_t)&bl_vm_status_validate,
	(uintptr_t)&bl_vm_status_decode,
};
#else
static volatile uintptr_t used[] = { 0 };
#endif

int main(void)
{
	return (int)(used[0] & 0);
}
