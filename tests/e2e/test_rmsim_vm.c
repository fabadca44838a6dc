// SPDX-License-Identifier: BSD-3-Clause
/*
 * Unit tests of rmsim's VM table (tools/rmsim/vm.c): the RM's legal state
 * transitions, VMID allocation, and every lifecycle call's error codes and
 * reported events.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "vm.h"

#define NR_EVENTS 16

/* A reported event: a VM_STATUS (exit_type 0xffff) or an exit. */
struct event {
	uint16_t vmid;
	uint8_t status;
	uint16_t exit_type;
	uint8_t exit_code;
};

struct recorder {
	unsigned int n;
	struct event ev[NR_EVENTS];
};

#define NOT_EXIT 0xffff

static struct recorder rec;
static struct rmsim_vmtab tab;

static void rec_status(void *ctx, uint16_t vmid, const struct rmsim_vm *vm)
{
	struct recorder *r = ctx;

	cr_assert_lt(r->n, NR_EVENTS);
	r->ev[r->n++] = (struct event){ .vmid = vmid,
					.status = vm->status,
					.exit_type = NOT_EXIT };
}

static void rec_exited(void *ctx, uint16_t vmid, uint16_t exit_type,
		       uint8_t exit_code)
{
	struct recorder *r = ctx;

	cr_assert_lt(r->n, NR_EVENTS);
	r->ev[r->n++] = (struct event){ .vmid = vmid,
					.status = 0xff,
					.exit_type = exit_type,
					.exit_code = exit_code };
}

static const struct rmsim_vm_ops rec_ops = {
	.status = rec_status,
	.exited = rec_exited,
};

static void setup(void)
{
	memset(&rec, 0, sizeof(rec));
	rmsim_vmtab_init(&tab, &rec_ops, &rec);
}

TestSuite(rmsim_vm, .init = setup);

static void expect_status(unsigned int i, uint16_t vmid, uint8_t status)
{
	cr_assert_gt(rec.n, i, "event %u missing (%u recorded)", i, rec.n);
	cr_assert_eq(rec.ev[i].vmid, vmid, "event %u vmid", i);
	cr_assert_eq(rec.ev[i].exit_type, NOT_EXIT, "event %u is an exit", i);
	cr_assert_eq(rec.ev[i].status, status, "event %u: status %u, not %u", i,
		     rec.ev[i].status, status);
}

static uint8_t state_of(uint16_t vmid)
{
	const struct rmsim_vm *vm = rmsim_vm_get(&tab, vmid);

	cr_assert_not_null(vm, "VM 0x%x not allocated", vmid);
	return vm->status;
}

static uint16_t alloc_dynamic(void)
{
	uint16_t vmid = 0;

	cr_assert_eq(rmsim_vm_alloc(&tab, 0, &vmid), GUNYAH_RM_ERROR_OK);
	return vmid;
}

/* Drive a fresh VM to @status through the lifecycle calls. */
static uint16_t vm_in(uint8_t status)
{
	uint16_t vmid = alloc_dynamic();

	switch (status) {
	case GUNYAH_RM_VM_STATUS_LOAD:
		break;
	case GUNYAH_RM_VM_STATUS_AUTH:
		cr_assert_eq(
			rmsim_vm_config_image(&tab, vmid,
					      GUNYAH_RM_VM_AUTH_QCOM_PIL_ELF),
			0);
		break;
	case GUNYAH_RM_VM_STATUS_INIT:
		cr_assert_eq(rmsim_vm_config_image(&tab, vmid,
						   GUNYAH_RM_VM_AUTH_NONE),
			     0);
		break;
	case GUNYAH_RM_VM_STATUS_READY:
		cr_assert_eq(rmsim_vm_config_image(&tab, vmid, 0), 0);
		cr_assert_eq(rmsim_vm_init(&tab, vmid), 0);
		break;
	case GUNYAH_RM_VM_STATUS_RUNNING:
		cr_assert_eq(rmsim_vm_config_image(&tab, vmid, 0), 0);
		cr_assert_eq(rmsim_vm_init(&tab, vmid), 0);
		cr_assert_eq(rmsim_vm_start(&tab, vmid), 0);
		break;
	case GUNYAH_RM_VM_STATUS_EXITED:
		cr_assert_eq(rmsim_vm_config_image(&tab, vmid, 0), 0);
		cr_assert_eq(rmsim_vm_init(&tab, vmid), 0);
		cr_assert_eq(rmsim_vm_start(&tab, vmid), 0);
		cr_assert_eq(rmsim_vm_stop(&tab, vmid, true), 0);
		break;
	case GUNYAH_RM_VM_STATUS_RESET:
		cr_assert_eq(rmsim_vm_config_image(&tab, vmid, 0), 0);
		cr_assert_eq(rmsim_vm_init(&tab, vmid), 0);
		cr_assert_eq(rmsim_vm_reset(&tab, vmid), 0);
		break;
	default:
		cr_assert_fail("no call sequence reaches state %u", status);
	}
	cr_assert_eq(state_of(vmid), status);
	rec.n = 0;
	return vmid;
}

Test(rmsim_vm, transitions_are_the_rm_table)
{
	/* facts §4.1, one line per target state: "to: from, from, ..." */
	static const struct {
		uint8_t to;
		uint8_t from[5];
		unsigned int n;
	} legal[] = {
		{ 0 /* NO_STATE */, { 11 }, 1 },
		{ 1 /* INIT */, { 5, 6, 11 }, 3 },
		{ 2 /* READY */, { 1 }, 1 },
		{ 3 /* RUNNING */, { 2, 4 }, 2 },
		{ 4 /* PAUSED */, { 3 }, 1 },
		{ 5 /* LOAD */, { 0 }, 1 },
		{ 6 /* AUTH */, { 5, 11 }, 2 },
		{ 8 /* INIT_FAILED */, { 1, 2, 5, 6, 11 }, 5 },
		{ 9 /* EXITED */, { 3, 4 }, 2 },
		{ 10 /* RESETTING */, { 9, 2, 8 }, 3 },
		{ 11 /* RESET */, { 10 }, 1 },
	};
	unsigned int from, to, i, j, n_legal = 0;

	for (to = 0; to < 16; to++) {
		for (from = 0; from < 16; from++) {
			bool want = false;

			for (i = 0; i < sizeof(legal) / sizeof(legal[0]); i++) {
				if (legal[i].to != to)
					continue;
				for (j = 0; j < legal[i].n; j++)
					want |= legal[i].from[j] == from;
			}
			n_legal += want;
			cr_expect_eq(rmsim_vm_transition_valid((uint8_t)from,
							       (uint8_t)to),
				     want, "%u -> %u should be %s", from, to,
				     want ? "legal" : "illegal");
		}
	}
	cr_assert_eq(n_legal, 22);
	cr_assert_not(rmsim_vm_transition_valid(200, 1));
	cr_assert_not(rmsim_vm_transition_valid(11, 200));
}

Test(rmsim_vm, dynamic_vmids_count_up_from_0x80_and_run_out)
{
	uint16_t vmid = 0, i;

	for (i = 0; i < 63; i++) {
		cr_assert_eq(rmsim_vm_alloc(&tab, 0, &vmid),
			     GUNYAH_RM_ERROR_OK);
		cr_assert_eq(vmid, 0x80 + i);
		cr_assert_eq(state_of(vmid), GUNYAH_RM_VM_STATUS_LOAD);
	}
	vmid = 0x1234;
	cr_assert_eq(rmsim_vm_alloc(&tab, 0, &vmid),
		     GUNYAH_RM_ERROR_NORESOURCE);
	cr_assert_eq(vmid, 0x1234, "out written on failure");
	cr_assert_null(rmsim_vm_get(&tab, 0xbf));

	/* The lowest free VMID is handed out again. */
	cr_assert_eq(rmsim_vm_dealloc(&tab, 0x85), GUNYAH_RM_ERROR_OK);
	cr_assert_eq(rmsim_vm_dealloc(&tab, 0x83), GUNYAH_RM_ERROR_OK);
	cr_assert_eq(rmsim_vm_alloc(&tab, 0, &vmid), GUNYAH_RM_ERROR_OK);
	cr_assert_eq(vmid, 0x83);
	cr_assert_eq(rmsim_vm_alloc(&tab, 0, &vmid), GUNYAH_RM_ERROR_OK);
	cr_assert_eq(vmid, 0x85);
	cr_assert_eq(rec.n, 0, "alloc and dealloc report no VM_STATUS");
}

Test(rmsim_vm, requested_vmids_must_be_free_secondaries)
{
	uint16_t vmid = 0;

	cr_assert_eq(rmsim_vm_alloc(&tab, 1, &vmid), GUNYAH_RM_ERROR_OK);
	cr_assert_eq(vmid, 1);
	cr_assert_eq(rmsim_vm_alloc(&tab, 63, &vmid), GUNYAH_RM_ERROR_OK);
	cr_assert_eq(vmid, 63);
	cr_assert_eq(state_of(63), GUNYAH_RM_VM_STATUS_LOAD);
	cr_assert_eq(rmsim_vm_alloc(&tab, 1, &vmid),
		     GUNYAH_RM_ERROR_NORESOURCE);
	cr_assert_eq(rmsim_vm_alloc(&tab, GUNYAH_RM_VMID_HLOS, &vmid),
		     GUNYAH_RM_ERROR_NORESOURCE);
	cr_assert_eq(rmsim_vm_alloc(&tab, 64, &vmid),
		     GUNYAH_RM_ERROR_NORESOURCE);
	cr_assert_eq(rmsim_vm_alloc(&tab, 0x80, &vmid),
		     GUNYAH_RM_ERROR_NORESOURCE);
	cr_assert_eq(rmsim_vm_alloc(&tab, 0xffff, &vmid),
		     GUNYAH_RM_ERROR_NORESOURCE);
	/* Dynamic allocation is unaffected by secondaries. */
	cr_assert_eq(alloc_dynamic(), 0x80);
}

Test(rmsim_vm, full_lifecycle_reports_every_state_change)
{
	uint16_t vmid = alloc_dynamic();

	cr_assert_eq(vmid, 0x80);
	cr_assert_eq(rmsim_vm_config_image(&tab, vmid, GUNYAH_RM_VM_AUTH_NONE),
		     GUNYAH_RM_ERROR_OK);
	cr_assert_eq(rmsim_vm_init(&tab, vmid), GUNYAH_RM_ERROR_OK);
	cr_assert_eq(rmsim_vm_start(&tab, vmid), GUNYAH_RM_ERROR_OK);
	cr_assert_eq(rmsim_vm_stop(&tab, vmid, true), GUNYAH_RM_ERROR_OK);
	cr_assert_eq(rmsim_vm_reset(&tab, vmid), GUNYAH_RM_ERROR_OK);
	cr_assert_eq(state_of(vmid), GUNYAH_RM_VM_STATUS_RESET);
	cr_assert_eq(rmsim_vm_dealloc(&tab, vmid), GUNYAH_RM_ERROR_OK);
	cr_assert_null(rmsim_vm_get(&tab, vmid));

	cr_assert_eq(rec.n, 7);
	expect_status(0, 0x80, GUNYAH_RM_VM_STATUS_INIT);
	expect_status(1, 0x80, GUNYAH_RM_VM_STATUS_READY);
	expect_status(2, 0x80, GUNYAH_RM_VM_STATUS_RUNNING);
	expect_status(3, 0x80, GUNYAH_RM_VM_STATUS_EXITED);
	cr_assert_eq(rec.ev[4].vmid, 0x80);
	cr_assert_eq(rec.ev[4].exit_type, GUNYAH_RM_EXIT_TYPE_VM_STOP_FORCED);
	cr_assert_eq(rec.ev[4].exit_code, GUNYAH_RM_EXIT_CODE_NORMAL);
	expect_status(5, 0x80, GUNYAH_RM_VM_STATUS_RESETTING);
	expect_status(6, 0x80, GUNYAH_RM_VM_STATUS_RESET);
}

Test(rmsim_vm, config_image_picks_init_or_auth_by_mechanism)
{
	uint16_t a = alloc_dynamic(), b = alloc_dynamic(), c = alloc_dynamic();

	cr_assert_eq(rmsim_vm_config_image(&tab, a,
					   GUNYAH_RM_VM_AUTH_QCOM_ANDROID_PVM),
		     GUNYAH_RM_ERROR_OK);
	cr_assert_eq(state_of(a), GUNYAH_RM_VM_STATUS_INIT);
	cr_assert_eq(rmsim_vm_get(&tab, a)->auth,
		     GUNYAH_RM_VM_AUTH_QCOM_ANDROID_PVM);
	cr_assert_eq(rmsim_vm_config_image(&tab, b,
					   GUNYAH_RM_VM_AUTH_QCOM_PIL_ELF),
		     GUNYAH_RM_ERROR_OK);
	cr_assert_eq(state_of(b), GUNYAH_RM_VM_STATUS_AUTH);
	/* VM_INIT needs INIT: AUTH must first pass VM_AUTH_IMAGE. */
	cr_assert_eq(rmsim_vm_init(&tab, b), GUNYAH_RM_ERROR_VM_STATE);
	cr_assert_eq(rmsim_vm_auth_image(&tab, b), GUNYAH_RM_ERROR_OK);
	cr_assert_eq(state_of(b), GUNYAH_RM_VM_STATUS_INIT);
	cr_assert_eq(rmsim_vm_auth_image(&tab, b), GUNYAH_RM_ERROR_VM_STATE);
	/* Unknown mechanism: no state change, no report. */
	cr_assert_eq(rmsim_vm_config_image(&tab, c, 3),
		     GUNYAH_RM_ERROR_ARGUMENT_INVALID);
	cr_assert_eq(state_of(c), GUNYAH_RM_VM_STATUS_LOAD);

	cr_assert_eq(rec.n, 3);
	expect_status(0, a, GUNYAH_RM_VM_STATUS_INIT);
	expect_status(1, b, GUNYAH_RM_VM_STATUS_AUTH);
	expect_status(2, b, GUNYAH_RM_VM_STATUS_INIT);
}

Test(rmsim_vm, wrong_state_is_vm_state_and_changes_nothing)
{
	static const uint8_t states[] = {
		GUNYAH_RM_VM_STATUS_LOAD,    GUNYAH_RM_VM_STATUS_AUTH,
		GUNYAH_RM_VM_STATUS_INIT,    GUNYAH_RM_VM_STATUS_READY,
		GUNYAH_RM_VM_STATUS_RUNNING, GUNYAH_RM_VM_STATUS_EXITED,
		GUNYAH_RM_VM_STATUS_RESET,
	};
	unsigned int i;

	for (i = 0; i < sizeof(states) / sizeof(states[0]); i++) {
		uint8_t st = states[i];
		uint16_t vmid = vm_in(st);
		bool can_config = st == GUNYAH_RM_VM_STATUS_LOAD ||
				  st == GUNYAH_RM_VM_STATUS_RESET;

		if (st != GUNYAH_RM_VM_STATUS_READY)
			cr_expect_eq(rmsim_vm_start(&tab, vmid),
				     GUNYAH_RM_ERROR_VM_STATE, "start in %u",
				     st);
		if (st != GUNYAH_RM_VM_STATUS_INIT)
			cr_expect_eq(rmsim_vm_init(&tab, vmid),
				     GUNYAH_RM_ERROR_VM_STATE, "init in %u",
				     st);
		if (st != GUNYAH_RM_VM_STATUS_AUTH)
			cr_expect_eq(rmsim_vm_auth_image(&tab, vmid),
				     GUNYAH_RM_ERROR_VM_STATE,
				     "auth_image in %u", st);
		if (st != GUNYAH_RM_VM_STATUS_RUNNING) {
			cr_expect_eq(rmsim_vm_stop(&tab, vmid, true),
				     GUNYAH_RM_ERROR_VM_STATE, "stop in %u",
				     st);
			cr_expect_eq(rmsim_vm_stop(&tab, vmid, false),
				     GUNYAH_RM_ERROR_VM_STATE,
				     "soft stop in %u", st);
		}
		if (st != GUNYAH_RM_VM_STATUS_READY &&
		    st != GUNYAH_RM_VM_STATUS_EXITED)
			cr_expect_eq(rmsim_vm_reset(&tab, vmid),
				     GUNYAH_RM_ERROR_VM_STATE, "reset in %u",
				     st);
		if (!can_config)
			cr_expect_eq(rmsim_vm_config_image(&tab, vmid, 0),
				     GUNYAH_RM_ERROR_VM_STATE,
				     "config_image in %u", st);
		if (st != GUNYAH_RM_VM_STATUS_LOAD &&
		    st != GUNYAH_RM_VM_STATUS_RESET)
			cr_expect_eq(rmsim_vm_dealloc(&tab, vmid),
				     GUNYAH_RM_ERROR_VM_STATE, "dealloc in %u",
				     st);
		cr_assert_eq(state_of(vmid), st, "state changed from %u", st);
		cr_assert_eq(rec.n, 0, "%u events in state %u", rec.n, st);
	}
}

Test(rmsim_vm, reset_from_ready_and_init_failed)
{
	uint16_t a = vm_in(GUNYAH_RM_VM_STATUS_READY);
	uint16_t b = alloc_dynamic();

	cr_assert_eq(rmsim_vm_reset(&tab, a), GUNYAH_RM_ERROR_OK);
	expect_status(0, a, GUNYAH_RM_VM_STATUS_RESETTING);
	expect_status(1, a, GUNYAH_RM_VM_STATUS_RESET);

	/* No call fails a VM; put one in INIT_FAILED by hand. */
	tab.vms[b].status = GUNYAH_RM_VM_STATUS_INIT_FAILED;
	cr_assert_eq(rmsim_vm_dealloc(&tab, b), GUNYAH_RM_ERROR_VM_STATE);
	cr_assert_eq(rmsim_vm_reset(&tab, b), GUNYAH_RM_ERROR_OK);
	expect_status(2, b, GUNYAH_RM_VM_STATUS_RESETTING);
	expect_status(3, b, GUNYAH_RM_VM_STATUS_RESET);
	cr_assert_eq(rec.n, 4);
	cr_assert_eq(rmsim_vm_dealloc(&tab, b), GUNYAH_RM_ERROR_OK);
}

Test(rmsim_vm, a_reset_vm_can_be_configured_again)
{
	uint16_t vmid = vm_in(GUNYAH_RM_VM_STATUS_RESET);

	cr_assert_eq(rmsim_vm_config_image(&tab, vmid, 0), GUNYAH_RM_ERROR_OK);
	cr_assert_eq(rmsim_vm_init(&tab, vmid), GUNYAH_RM_ERROR_OK);
	cr_assert_eq(rmsim_vm_start(&tab, vmid), GUNYAH_RM_ERROR_OK);
	cr_assert_eq(rec.n, 3);
	expect_status(0, vmid, GUNYAH_RM_VM_STATUS_INIT);
	expect_status(1, vmid, GUNYAH_RM_VM_STATUS_READY);
	expect_status(2, vmid, GUNYAH_RM_VM_STATUS_RUNNING);
}

Test(rmsim_vm, soft_stop_leaves_the_vm_running)
{
	uint16_t vmid = vm_in(GUNYAH_RM_VM_STATUS_RUNNING);

	cr_assert_eq(rmsim_vm_stop(&tab, vmid, false), GUNYAH_RM_ERROR_OK);
	cr_assert_eq(state_of(vmid), GUNYAH_RM_VM_STATUS_RUNNING);
	cr_assert_eq(rec.n, 0);
}

Test(rmsim_vm, unknown_vmids)
{
	static const uint16_t vmids[] = {
		0, GUNYAH_RM_VMID_HLOS, 1, 0x80, 0xbf, 0xff, 0x100, 0xffff
	};
	struct rmsim_vm st;
	unsigned int i;

	for (i = 0; i < sizeof(vmids) / sizeof(vmids[0]); i++) {
		uint16_t v = vmids[i];

		cr_expect_eq(rmsim_vm_dealloc(&tab, v),
			     GUNYAH_RM_ERROR_VMID_INVALID, "0x%x", v);
		cr_expect_eq(rmsim_vm_config_image(&tab, v, 0),
			     GUNYAH_RM_ERROR_VMID_INVALID, "0x%x", v);
		cr_expect_eq(rmsim_vm_auth_image(&tab, v),
			     GUNYAH_RM_ERROR_VMID_INVALID, "0x%x", v);
		cr_expect_eq(rmsim_vm_init(&tab, v),
			     GUNYAH_RM_ERROR_VMID_INVALID, "0x%x", v);
		cr_expect_eq(rmsim_vm_start(&tab, v),
			     GUNYAH_RM_ERROR_VMID_INVALID, "0x%x", v);
		cr_expect_eq(rmsim_vm_stop(&tab, v, true),
			     GUNYAH_RM_ERROR_VMID_INVALID, "0x%x", v);
		cr_expect_eq(rmsim_vm_reset(&tab, v),
			     GUNYAH_RM_ERROR_VMID_INVALID, "0x%x", v);
		cr_expect_null(rmsim_vm_get(&tab, v));
		if (v != 0 && v != GUNYAH_RM_VMID_HLOS)
			cr_expect_eq(rmsim_vm_get_state(&tab, v, &st),
				     GUNYAH_RM_ERROR_NORESOURCE, "0x%x", v);
	}
	cr_assert_eq(rec.n, 0);
}

Test(rmsim_vm, get_state)
{
	struct rmsim_vm st;
	uint16_t vmid = vm_in(GUNYAH_RM_VM_STATUS_READY);

	cr_assert_eq(rmsim_vm_get_state(&tab, vmid, &st), GUNYAH_RM_ERROR_OK);
	cr_assert_eq(st.status, GUNYAH_RM_VM_STATUS_READY);
	cr_assert_eq(st.os_status, GUNYAH_RM_OS_STATUS_NONE);
	cr_assert_eq(st.app_status, 0);
	/* The caller itself, by 0 or by its VMID. */
	cr_assert_eq(rmsim_vm_get_state(&tab, 0, &st), GUNYAH_RM_ERROR_OK);
	cr_assert_eq(st.status, GUNYAH_RM_VM_STATUS_RUNNING);
	cr_assert_eq(st.os_status, GUNYAH_RM_OS_STATUS_RUN);
	cr_assert_eq(rmsim_vm_get_state(&tab, GUNYAH_RM_VMID_HLOS, &st),
		     GUNYAH_RM_ERROR_OK);
	cr_assert_eq(st.status, GUNYAH_RM_VM_STATUS_RUNNING);
}

Test(rmsim_vm, no_callbacks_needed)
{
	uint16_t vmid = 0;

	rmsim_vmtab_init(&tab, NULL, NULL);
	cr_assert_eq(rmsim_vm_alloc(&tab, 0, &vmid), GUNYAH_RM_ERROR_OK);
	cr_assert_eq(rmsim_vm_config_image(&tab, vmid, 0), GUNYAH_RM_ERROR_OK);
	cr_assert_eq(rmsim_vm_init(&tab, vmid), GUNYAH_RM_ERROR_OK);
	cr_assert_eq(rmsim_vm_start(&tab, vmid), GUNYAH_RM_ERROR_OK);
	cr_assert_eq(rmsim_vm_stop(&tab, vmid, true), GUNYAH_RM_ERROR_OK);
	cr_assert_eq(rmsim_vm_reset(&tab, vmid), GUNYAH_RM_ERROR_OK);
	cr_assert_eq(rmsim_vm_dealloc(&tab, vmid), GUNYAH_RM_ERROR_OK);
}
