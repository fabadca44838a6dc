// SPDX-License-Identifier: BSD-3-Clause
/*
 * The seed driver's hand-written wire structs (Linux "gunyah: rsc_mgr: Add
 * VM lifecycle RPC", v16 09/34), transcribed with user-space types, and
 * compile-time checks that every generated wire struct has exactly the
 * seed's size and field offsets. If this file compiles, the layouts agree.
 */
#include <stddef.h>
#include <stdint.h>

#include "gunyah_rm/protocol.h"

#define __packed __attribute__((__packed__))

struct seed_vm_common_vmid_req {
	uint16_t vmid;
	uint16_t _padding;
} __packed;

struct seed_vm_alloc_vmid_resp {
	uint16_t vmid;
	uint16_t _padding;
} __packed;

struct seed_vm_stop_req {
	uint16_t vmid;
	uint8_t flags;
	uint8_t _padding;
	uint32_t stop_reason;
} __packed;

struct seed_vm_config_image_req {
	uint16_t vmid;
	uint16_t auth_mech;
	uint32_t mem_handle;
	uint64_t image_offset;
	uint64_t image_size;
	uint64_t dtb_offset;
	uint64_t dtb_size;
} __packed;

struct seed_hyp_resource {
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
} __packed;

struct seed_hyp_resources {
	uint32_t n_entries;
	struct seed_hyp_resource entries[];
} __packed;

struct seed_vm_exited_payload {
	uint16_t vmid;
	uint16_t exit_type;
	uint32_t exit_reason_size;
	uint8_t exit_reason[];
} __packed;

struct seed_vm_status_payload {
	uint16_t vmid;
	uint16_t reserved;
	uint8_t vm_status;
	uint8_t os_status;
	uint16_t app_status;
} __packed;

#define SAME_SIZE(seed, gen)                                      \
	_Static_assert(sizeof(struct seed) == sizeof(struct gen), \
		       #gen " size differs from the seed's " #seed)
#define SAME_OFFSET(seed, gen, field)                       \
	_Static_assert(offsetof(struct seed, field) ==      \
			       offsetof(struct gen, field), \
		       #gen "." #field " offset differs from the seed's")

/*
 * The common vmid request: VM_ALLOC_VMID, DEALLOC, START, RESET and
 * GET_HYP_RESOURCES share it (as in the seed); VM_INIT has its own because
 * the RM checks that its padding is zero.
 */
#define VMID_REQ(gen)                                    \
	SAME_SIZE(seed_vm_common_vmid_req, gen);         \
	SAME_OFFSET(seed_vm_common_vmid_req, gen, vmid); \
	SAME_OFFSET(seed_vm_common_vmid_req, gen, _padding)

VMID_REQ(gunyah_rm_vm_common_vmid_req_wire);
VMID_REQ(gunyah_rm_vm_init_req_wire);

SAME_SIZE(seed_vm_alloc_vmid_resp, gunyah_rm_vm_alloc_vmid_resp_wire);
SAME_OFFSET(seed_vm_alloc_vmid_resp, gunyah_rm_vm_alloc_vmid_resp_wire, vmid);
SAME_OFFSET(seed_vm_alloc_vmid_resp, gunyah_rm_vm_alloc_vmid_resp_wire,
	    _padding);

SAME_SIZE(seed_vm_stop_req, gunyah_rm_vm_stop_req_wire);
SAME_OFFSET(seed_vm_stop_req, gunyah_rm_vm_stop_req_wire, vmid);
SAME_OFFSET(seed_vm_stop_req, gunyah_rm_vm_stop_req_wire, flags);
SAME_OFFSET(seed_vm_stop_req, gunyah_rm_vm_stop_req_wire, _padding);
SAME_OFFSET(seed_vm_stop_req, gunyah_rm_vm_stop_req_wire, stop_reason);

SAME_SIZE(seed_vm_config_image_req, gunyah_rm_vm_config_image_req_wire);
SAME_OFFSET(seed_vm_config_image_req, gunyah_rm_vm_config_image_req_wire, vmid);
SAME_OFFSET(seed_vm_config_image_req, gunyah_rm_vm_config_image_req_wire,
	    auth_mech);
SAME_OFFSET(seed_vm_config_image_req, gunyah_rm_vm_config_image_req_wire,
	    mem_handle);
SAME_OFFSET(seed_vm_config_image_req, gunyah_rm_vm_config_image_req_wire,
	    image_offset);
SAME_OFFSET(seed_vm_config_image_req, gunyah_rm_vm_config_image_req_wire,
	    image_size);
SAME_OFFSET(seed_vm_config_image_req, gunyah_rm_vm_config_image_req_wire,
	    dtb_offset);
SAME_OFFSET(seed_vm_config_image_req, gunyah_rm_vm_config_image_req_wire,
	    dtb_size);

SAME_SIZE(seed_hyp_resource, gunyah_rm_hyp_resource_wire);
SAME_OFFSET(seed_hyp_resource, gunyah_rm_hyp_resource_wire, type);
SAME_OFFSET(seed_hyp_resource, gunyah_rm_hyp_resource_wire, reserved);
SAME_OFFSET(seed_hyp_resource, gunyah_rm_hyp_resource_wire, partner_vmid);
SAME_OFFSET(seed_hyp_resource, gunyah_rm_hyp_resource_wire, resource_handle);
SAME_OFFSET(seed_hyp_resource, gunyah_rm_hyp_resource_wire, resource_label);
SAME_OFFSET(seed_hyp_resource, gunyah_rm_hyp_resource_wire, cap_id);
SAME_OFFSET(seed_hyp_resource, gunyah_rm_hyp_resource_wire, virq_handle);
SAME_OFFSET(seed_hyp_resource, gunyah_rm_hyp_resource_wire, virq);
SAME_OFFSET(seed_hyp_resource, gunyah_rm_hyp_resource_wire, base);
SAME_OFFSET(seed_hyp_resource, gunyah_rm_hyp_resource_wire, size);

SAME_SIZE(seed_hyp_resources, gunyah_rm_vm_get_hyp_resources_resp_wire);
SAME_OFFSET(seed_hyp_resources, gunyah_rm_vm_get_hyp_resources_resp_wire,
	    n_entries);
SAME_OFFSET(seed_hyp_resources, gunyah_rm_vm_get_hyp_resources_resp_wire,
	    entries);

SAME_SIZE(seed_vm_exited_payload, gunyah_rm_vm_exited_payload_wire);
SAME_OFFSET(seed_vm_exited_payload, gunyah_rm_vm_exited_payload_wire, vmid);
SAME_OFFSET(seed_vm_exited_payload, gunyah_rm_vm_exited_payload_wire,
	    exit_type);
SAME_OFFSET(seed_vm_exited_payload, gunyah_rm_vm_exited_payload_wire,
	    exit_reason_size);
SAME_OFFSET(seed_vm_exited_payload, gunyah_rm_vm_exited_payload_wire,
	    exit_reason);

SAME_SIZE(seed_vm_status_payload, gunyah_rm_vm_status_payload_wire);
SAME_OFFSET(seed_vm_status_payload, gunyah_rm_vm_status_payload_wire, vmid);
SAME_OFFSET(seed_vm_status_payload, gunyah_rm_vm_status_payload_wire, reserved);
SAME_OFFSET(seed_vm_status_payload, gunyah_rm_vm_status_payload_wire,
	    vm_status);
SAME_OFFSET(seed_vm_status_payload, gunyah_rm_vm_status_payload_wire,
	    os_status);
SAME_OFFSET(seed_vm_status_payload, gunyah_rm_vm_status_payload_wire,
	    app_status);

/* The generated sizes also match the seed's struct_size() arithmetic. */
_Static_assert(GUNYAH_RM_VM_GET_HYP_RESOURCES_RESP_MIN_SIZE ==
		       sizeof(struct seed_hyp_resources),
	       "GET_HYP_RESOURCES minimum");
_Static_assert(GUNYAH_RM_VM_STOP_REQ_MAX_SIZE ==
		       sizeof(struct seed_vm_stop_req),
	       "VM_STOP size");

int main(void)
{
	return 0;
}
