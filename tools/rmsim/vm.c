// SPDX-License-Identifier: BSD-3-Clause
/*
 * rmsim VM table: allocation and the VM lifecycle state machine, with the
 * RM's checks and error codes (facts §3.2.2 and §4.1).
 *
 * Every state change goes through vm_set_state(), which refuses any
 * transition the RM does not allow, so no sequence of calls can reach a
 * state the real RM could not.
 */
#include <string.h>

#include "vm.h"

#define VM_STATE_BIT(s) (1u << GUNYAH_RM_VM_STATUS_##s)

/* For each target state, the states it may be entered from (RM §4.1). */
static const uint16_t allowed_from[] = {
	[GUNYAH_RM_VM_STATUS_NO_STATE] = VM_STATE_BIT(RESET),
	[GUNYAH_RM_VM_STATUS_INIT] = VM_STATE_BIT(LOAD) | VM_STATE_BIT(AUTH) |
				     VM_STATE_BIT(RESET),
	[GUNYAH_RM_VM_STATUS_READY] = VM_STATE_BIT(INIT),
	[GUNYAH_RM_VM_STATUS_RUNNING] = VM_STATE_BIT(READY) |
					VM_STATE_BIT(PAUSED),
	[GUNYAH_RM_VM_STATUS_PAUSED] = VM_STATE_BIT(RUNNING),
	[GUNYAH_RM_VM_STATUS_LOAD] = VM_STATE_BIT(NO_STATE),
	[GUNYAH_RM_VM_STATUS_AUTH] = VM_STATE_BIT(LOAD) | VM_STATE_BIT(RESET),
	[GUNYAH_RM_VM_STATUS_INIT_FAILED] =
		VM_STATE_BIT(INIT) | VM_STATE_BIT(READY) | VM_STATE_BIT(LOAD) |
		VM_STATE_BIT(AUTH) | VM_STATE_BIT(RESET),
	[GUNYAH_RM_VM_STATUS_EXITED] = VM_STATE_BIT(RUNNING) |
				       VM_STATE_BIT(PAUSED),
	[GUNYAH_RM_VM_STATUS_RESETTING] = VM_STATE_BIT(EXITED) |
					  VM_STATE_BIT(READY) |
					  VM_STATE_BIT(INIT_FAILED),
	[GUNYAH_RM_VM_STATUS_RESET] = VM_STATE_BIT(RESETTING),
};

#define NR_STATES (sizeof(allowed_from) / sizeof(allowed_from[0]))

/**
 * rmsim_vm_transition_valid() - May a VM go from one state to another?
 * @from: current &enum gunyah_rm_vm_status
 * @to: new &enum gunyah_rm_vm_status
 *
 * The RM's vm_mgnt_state_change_valid() rules; the conditions the RM adds
 * (shutdown or reset allowed, not crash_fatal) always hold in the
 * simulator.
 *
 * Return: true if the RM allows the transition.
 */
bool rmsim_vm_transition_valid(uint8_t from, uint8_t to)
{
	if (to >= NR_STATES || from >= 16)
		return false;
	return allowed_from[to] & (1u << from);
}

/**
 * rmsim_vmtab_init() - Start with no VMs.
 * @t: the table
 * @ops: callbacks, may be NULL
 * @ctx: first argument of the callbacks
 */
void rmsim_vmtab_init(struct rmsim_vmtab *t, const struct rmsim_vm_ops *ops,
		      void *ctx)
{
	memset(t, 0, sizeof(*t));
	t->ops = ops;
	t->ctx = ctx;
}

/**
 * rmsim_vm_get() - Look an allocated VM up.
 * @t: the table
 * @vmid: VMID
 *
 * Return: the VM, or NULL if @vmid is not allocated.
 */
const struct rmsim_vm *rmsim_vm_get(const struct rmsim_vmtab *t, uint16_t vmid)
{
	if (vmid >= RMSIM_NR_VMIDS || !t->vms[vmid].used)
		return NULL;
	return &t->vms[vmid];
}

static struct rmsim_vm *vm_find(struct rmsim_vmtab *t, uint16_t vmid)
{
	if (vmid >= RMSIM_NR_VMIDS || !t->vms[vmid].used)
		return NULL;
	return &t->vms[vmid];
}

/* Move @vm to @to if the RM allows it, and report the change. */
static uint32_t vm_set_state(struct rmsim_vmtab *t, uint16_t vmid,
			     struct rmsim_vm *vm, uint8_t to)
{
	if (!rmsim_vm_transition_valid(vm->status, to))
		return GUNYAH_RM_ERROR_VM_STATE;
	vm->status = to;
	if (t->ops && t->ops->status)
		t->ops->status(t->ctx, vmid, vm);
	return GUNYAH_RM_ERROR_OK;
}

/**
 * rmsim_vm_alloc() - VM_ALLOCATE: create a VM in state LOAD.
 * @t: the table
 * @vmid: 0 for the lowest free dynamic VMID (0x80..0xBE), else a platform
 *        secondary VMID (1..63, not the HLOS)
 * @out: the allocated VMID
 *
 * No VM_STATUS is reported: the VM comes into existence in LOAD.
 *
 * Return: OK, or NORESOURCE (no free dynamic VMID; @vmid not a free
 * secondary VMID).
 */
uint32_t rmsim_vm_alloc(struct rmsim_vmtab *t, uint16_t vmid, uint16_t *out)
{
	uint16_t v;

	if (!vmid) {
		for (v = GUNYAH_RM_VMID_DYNAMIC_FIRST;
		     v <= GUNYAH_RM_VMID_DYNAMIC_LAST_USABLE; v++) {
			if (!t->vms[v].used)
				break;
		}
		if (v > GUNYAH_RM_VMID_DYNAMIC_LAST_USABLE)
			return GUNYAH_RM_ERROR_NORESOURCE;
	} else {
		if (vmid >= RMSIM_SECONDARY_VMID_LIMIT ||
		    vmid == RMSIM_CALLER_VMID || t->vms[vmid].used)
			return GUNYAH_RM_ERROR_NORESOURCE;
		v = vmid;
	}
	memset(&t->vms[v], 0, sizeof(t->vms[v]));
	t->vms[v].used = true;
	t->vms[v].status = GUNYAH_RM_VM_STATUS_LOAD;
	*out = v;
	return GUNYAH_RM_ERROR_OK;
}

/**
 * rmsim_vm_dealloc() - VM_DEALLOCATE: free a VM in LOAD or RESET.
 * @t: the table
 * @vmid: the VM
 *
 * The VM ceases to exist without a VM_STATUS report.
 *
 * Return: OK, VMID_INVALID (not allocated) or VM_STATE.
 */
uint32_t rmsim_vm_dealloc(struct rmsim_vmtab *t, uint16_t vmid)
{
	struct rmsim_vm *vm = vm_find(t, vmid);

	if (!vm)
		return GUNYAH_RM_ERROR_VMID_INVALID;
	if (vm->status != GUNYAH_RM_VM_STATUS_LOAD &&
	    vm->status != GUNYAH_RM_VM_STATUS_RESET)
		return GUNYAH_RM_ERROR_VM_STATE;
	memset(vm, 0, sizeof(*vm));
	return GUNYAH_RM_ERROR_OK;
}

/**
 * rmsim_vm_config_image() - VM_CONFIG_IMAGE.
 * @t: the table
 * @vmid: the VM
 * @auth: &enum gunyah_rm_vm_auth_mechanism
 *
 * The VM must be allowed to enter AUTH (LOAD or RESET); it goes to INIT
 * for NONE and ANDROID_PVM, to AUTH for PIL_ELF.
 *
 * Return: OK, VMID_INVALID, ARGUMENT_INVALID (unknown @auth) or VM_STATE.
 */
uint32_t rmsim_vm_config_image(struct rmsim_vmtab *t, uint16_t vmid,
			       uint16_t auth)
{
	struct rmsim_vm *vm = vm_find(t, vmid);
	uint8_t to;

	if (!vm)
		return GUNYAH_RM_ERROR_VMID_INVALID;
	switch (auth) {
	case GUNYAH_RM_VM_AUTH_NONE:
	case GUNYAH_RM_VM_AUTH_QCOM_ANDROID_PVM:
		to = GUNYAH_RM_VM_STATUS_INIT;
		break;
	case GUNYAH_RM_VM_AUTH_QCOM_PIL_ELF:
		to = GUNYAH_RM_VM_STATUS_AUTH;
		break;
	default:
		return GUNYAH_RM_ERROR_ARGUMENT_INVALID;
	}
	if (!rmsim_vm_transition_valid(vm->status, GUNYAH_RM_VM_STATUS_AUTH))
		return GUNYAH_RM_ERROR_VM_STATE;
	vm->auth = auth;
	return vm_set_state(t, vmid, vm, to);
}

/**
 * rmsim_vm_auth_image() - VM_AUTH_IMAGE: AUTH -> INIT.
 * @t: the table
 * @vmid: the VM
 *
 * Return: OK, VMID_INVALID or VM_STATE.
 */
uint32_t rmsim_vm_auth_image(struct rmsim_vmtab *t, uint16_t vmid)
{
	struct rmsim_vm *vm = vm_find(t, vmid);

	if (!vm)
		return GUNYAH_RM_ERROR_VMID_INVALID;
	if (vm->status != GUNYAH_RM_VM_STATUS_AUTH)
		return GUNYAH_RM_ERROR_VM_STATE;
	return vm_set_state(t, vmid, vm, GUNYAH_RM_VM_STATUS_INIT);
}

/**
 * rmsim_vm_init() - VM_INIT: INIT -> READY.
 * @t: the table
 * @vmid: the VM
 *
 * Return: OK, VMID_INVALID or VM_STATE.
 */
uint32_t rmsim_vm_init(struct rmsim_vmtab *t, uint16_t vmid)
{
	struct rmsim_vm *vm = vm_find(t, vmid);

	if (!vm)
		return GUNYAH_RM_ERROR_VMID_INVALID;
	if (vm->status != GUNYAH_RM_VM_STATUS_INIT)
		return GUNYAH_RM_ERROR_VM_STATE;
	return vm_set_state(t, vmid, vm, GUNYAH_RM_VM_STATUS_READY);
}

/**
 * rmsim_vm_start() - VM_START: READY -> RUNNING.
 * @t: the table
 * @vmid: the VM
 *
 * Return: OK, VMID_INVALID or VM_STATE.
 */
uint32_t rmsim_vm_start(struct rmsim_vmtab *t, uint16_t vmid)
{
	struct rmsim_vm *vm = vm_find(t, vmid);

	if (!vm)
		return GUNYAH_RM_ERROR_VMID_INVALID;
	if (vm->status != GUNYAH_RM_VM_STATUS_READY)
		return GUNYAH_RM_ERROR_VM_STATE;
	return vm_set_state(t, vmid, vm, GUNYAH_RM_VM_STATUS_RUNNING);
}

/**
 * rmsim_vm_stop() - VM_STOP.
 * @t: the table
 * @vmid: the VM
 * @force: FORCE_STOP flag
 *
 * The VM must be able to go to EXITED (RUNNING or PAUSED). A forced stop
 * moves it there and reports an exit of type VM_STOP_FORCED, code NORMAL.
 * Without @force the RM only sends VM_SHUTDOWN to the guest itself, which
 * the simulator does not run: the state does not change.
 *
 * Return: OK, VMID_INVALID or VM_STATE.
 */
uint32_t rmsim_vm_stop(struct rmsim_vmtab *t, uint16_t vmid, bool force)
{
	struct rmsim_vm *vm = vm_find(t, vmid);
	uint32_t err;

	if (!vm)
		return GUNYAH_RM_ERROR_VMID_INVALID;
	if (!rmsim_vm_transition_valid(vm->status, GUNYAH_RM_VM_STATUS_EXITED))
		return GUNYAH_RM_ERROR_VM_STATE;
	if (!force)
		return GUNYAH_RM_ERROR_OK;
	err = vm_set_state(t, vmid, vm, GUNYAH_RM_VM_STATUS_EXITED);
	if (err)
		return err;
	if (t->ops && t->ops->exited)
		t->ops->exited(t->ctx, vmid, GUNYAH_RM_EXIT_TYPE_VM_STOP_FORCED,
			       GUNYAH_RM_EXIT_CODE_NORMAL);
	return GUNYAH_RM_ERROR_OK;
}

/**
 * rmsim_vm_reset() - VM_RESET: EXITED / READY / INIT_FAILED -> RESETTING
 * -> RESET.
 * @t: the table
 * @vmid: the VM
 *
 * The RM's asynchronous teardown completes at once: both transitions are
 * reported.
 *
 * Return: OK, VMID_INVALID or VM_STATE.
 */
uint32_t rmsim_vm_reset(struct rmsim_vmtab *t, uint16_t vmid)
{
	struct rmsim_vm *vm = vm_find(t, vmid);
	uint32_t err;

	if (!vm)
		return GUNYAH_RM_ERROR_VMID_INVALID;
	err = vm_set_state(t, vmid, vm, GUNYAH_RM_VM_STATUS_RESETTING);
	if (err)
		return err;
	return vm_set_state(t, vmid, vm, GUNYAH_RM_VM_STATUS_RESET);
}

/**
 * rmsim_vm_get_state() - VM_GET_STATE.
 * @t: the table
 * @vmid: the VM; 0 or the HLOS VMID means the caller, which is RUNNING with
 *        its OS in RUN
 * @out: the VM's state
 *
 * Return: OK or NORESOURCE (no such VM).
 */
uint32_t rmsim_vm_get_state(const struct rmsim_vmtab *t, uint16_t vmid,
			    struct rmsim_vm *out)
{
	const struct rmsim_vm *vm;

	if (vmid == GUNYAH_RM_VMID_HYP || vmid == RMSIM_CALLER_VMID) {
		memset(out, 0, sizeof(*out));
		out->used = true;
		out->status = GUNYAH_RM_VM_STATUS_RUNNING;
		out->os_status = GUNYAH_RM_OS_STATUS_RUN;
		return GUNYAH_RM_ERROR_OK;
	}
	vm = rmsim_vm_get(t, vmid);
	if (!vm)
		return GUNYAH_RM_ERROR_NORESOURCE;
	*out = *vm;
	return GUNYAH_RM_ERROR_OK;
}
