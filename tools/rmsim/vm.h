/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rmsim VM table: the Resource Manager's VM lifecycle state machine (facts
 * §4.1), without any I/O. Every operation returns an RM error code
 * (GUNYAH_RM_ERROR_*) and reports the state changes and exits it caused
 * through the callbacks of struct rmsim_vm_ops, in the order they happen.
 */
#ifndef RMSIM_VM_H
#define RMSIM_VM_H

#include <stdbool.h>
#include <stdint.h>

#include "gunyah_rm/protocol.h"

/* VMIDs the table can hold: 0..255 (platform, HLOS, dynamic range). */
#define RMSIM_NR_VMIDS 256
/* Platform "secondary" VMIDs a caller may ask for: 1..63 except the HLOS. */
#define RMSIM_SECONDARY_VMID_LIMIT 64
/* The caller: every client is treated as the HLOS (VMID 3). */
#define RMSIM_CALLER_VMID GUNYAH_RM_VMID_HLOS

/**
 * struct rmsim_vm - One VM.
 * @used: the VMID is allocated
 * @status: &enum gunyah_rm_vm_status
 * @os_status: &enum gunyah_rm_os_status (always NONE: no guest runs)
 * @app_status: application status (always 0)
 * @auth: authentication mechanism given to VM_CONFIG_IMAGE
 */
struct rmsim_vm {
	bool used;
	uint8_t status;
	uint8_t os_status;
	uint16_t app_status;
	uint16_t auth;
};

/**
 * struct rmsim_vm_ops - Where the table reports what happened.
 * @status: a VM changed state (called once per transition; may be NULL)
 * @exited: a VM exited with @exit_type and @exit_code (may be NULL)
 */
struct rmsim_vm_ops {
	void (*status)(void *ctx, uint16_t vmid, const struct rmsim_vm *vm);
	void (*exited)(void *ctx, uint16_t vmid, uint16_t exit_type,
		       uint8_t exit_code);
};

/**
 * struct rmsim_vmtab - All VMs.
 * @vms: indexed by VMID
 * @ops: callbacks
 * @ctx: first argument of the callbacks
 */
struct rmsim_vmtab {
	struct rmsim_vm vms[RMSIM_NR_VMIDS];
	const struct rmsim_vm_ops *ops;
	void *ctx;
};

void rmsim_vmtab_init(struct rmsim_vmtab *t, const struct rmsim_vm_ops *ops,
		      void *ctx);
bool rmsim_vm_transition_valid(uint8_t from, uint8_t to);
const struct rmsim_vm *rmsim_vm_get(const struct rmsim_vmtab *t, uint16_t vmid);

uint32_t rmsim_vm_alloc(struct rmsim_vmtab *t, uint16_t vmid, uint16_t *out);
uint32_t rmsim_vm_dealloc(struct rmsim_vmtab *t, uint16_t vmid);
uint32_t rmsim_vm_config_image(struct rmsim_vmtab *t, uint16_t vmid,
			       uint16_t auth);
uint32_t rmsim_vm_auth_image(struct rmsim_vmtab *t, uint16_t vmid);
uint32_t rmsim_vm_init(struct rmsim_vmtab *t, uint16_t vmid);
uint32_t rmsim_vm_start(struct rmsim_vmtab *t, uint16_t vmid);
uint32_t rmsim_vm_stop(struct rmsim_vmtab *t, uint16_t vmid, bool force);
uint32_t rmsim_vm_reset(struct rmsim_vmtab *t, uint16_t vmid);
uint32_t rmsim_vm_get_state(const struct rmsim_vmtab *t, uint16_t vmid,
			    struct rmsim_vm *out);

#endif /* RMSIM_VM_H */
