/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Hand-written baseline codecs for the benchmark, in the style of the Linux
 * driver patch "gunyah: rsc_mgr: Add VM lifecycle RPC" (v16 09/34): packed
 * wire structs, explicit le*_to_cpu()/cpu_to_le*() and the struct_size()
 * check of GET_HYP_RESOURCES. Benchmark only; not part of the library.
 *
 * Every validator accepts exactly what the generated validator for the same
 * payload accepts (same sizes, the same reserved-zero and enum checks), so
 * the two do the same work; the seed itself checks sizes only.
 */
#ifndef RMGEN_BENCH_BASELINE_H
#define RMGEN_BENCH_BASELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct bl_alloc_vmid_resp {
	bool has_vmid;
	uint16_t vmid;
};

struct bl_vm_stop_req {
	uint16_t vmid;
	uint8_t flags;
	uint32_t stop_reason;
};

struct bl_vm_config_image_req {
	uint16_t vmid;
	uint16_t auth_mech;
	uint32_t mem_handle;
	uint64_t image_offset;
	uint64_t image_size;
	uint64_t dtb_offset;
	uint64_t dtb_size;
};

struct bl_hyp_resource {
	uint8_t type;
	uint8_t reserved;
	uint16_t partner_vmid;
	uint32_t resource_handle;
	uint32_t resource_label;
	uint64_t cap_id;
	uint32_t virq_handle;
	uint32_t virq;
	uint64_t base;
	uint64_t size;
};

struct bl_vm_exited {
	uint16_t vmid;
	uint16_t exit_type;
	uint32_t exit_reason_size;
	const uint8_t *exit_reason;
};

struct bl_vm_status {
	uint16_t vmid;
	uint8_t vm_status;
	uint8_t os_status;
	uint16_t app_status;
};

/* Wire size of one GET_HYP_RESOURCES entry and of the reply header. */
#define BL_HYP_RESOURCE_SIZE 44
#define BL_HYP_RESOURCES_HDR_SIZE 4

/*
 * VMID-only requests: VM_ALLOC_VMID, VM_DEALLOC_VMID, VM_START, VM_RESET,
 * VM_GET_HYP_RESOURCES (gunyah_rm_vm_common_vmid_req, shared as in the seed).
 */
int bl_common_vmid_req_encode(uint16_t vmid, void *buf, size_t cap);
int bl_common_vmid_req_validate(const void *buf, size_t len);
int bl_common_vmid_req_decode(const void *buf, size_t len, uint16_t *vmid);

/* VM_INIT: the common request, but the RM checks that the padding is 0. */
int bl_vm_init_req_validate(const void *buf, size_t len);
int bl_vm_init_req_decode(const void *buf, size_t len, uint16_t *vmid);

int bl_alloc_vmid_resp_encode(const struct bl_alloc_vmid_resp *r, void *buf,
			      size_t cap);
int bl_alloc_vmid_resp_validate(const void *buf, size_t len);
int bl_alloc_vmid_resp_decode(const void *buf, size_t len,
			      struct bl_alloc_vmid_resp *out);

int bl_vm_stop_req_encode(const struct bl_vm_stop_req *r, void *buf,
			  size_t cap);
int bl_vm_stop_req_validate(const void *buf, size_t len);
int bl_vm_stop_req_decode(const void *buf, size_t len,
			  struct bl_vm_stop_req *out);

int bl_vm_config_image_req_encode(const struct bl_vm_config_image_req *r,
				  void *buf, size_t cap);
int bl_vm_config_image_req_validate(const void *buf, size_t len);
int bl_vm_config_image_req_decode(const void *buf, size_t len,
				  struct bl_vm_config_image_req *out);

int bl_hyp_resources_resp_encode(const struct bl_hyp_resource *res, size_t n,
				 void *buf, size_t cap);
int bl_hyp_resources_resp_validate(const void *buf, size_t len);
int bl_hyp_resources_resp_decode(const void *buf, size_t len,
				 struct bl_hyp_resource *out, size_t max,
				 size_t *n);

int bl_vm_exited_encode(const struct bl_vm_exited *r, void *buf, size_t cap);
int bl_vm_exited_validate(const void *buf, size_t len);
int bl_vm_exited_decode(const void *buf, size_t len, struct bl_vm_exited *out);

int bl_vm_status_encode(const struct bl_vm_status *r, void *buf, size_t cap);
int bl_vm_status_validate(const void *buf, size_t len);
int bl_vm_status_decode(const void *buf, size_t len, struct bl_vm_status *out);

#endif /* RMGEN_BENCH_BASELINE_H */
