// SPDX-License-Identifier: BSD-3-Clause
/*
 * What the RM's later commits reject, the validators reject too: a
 * non-zero reserved field of VM_SET_CONTEXT (0x56000031, and the v16 ID
 * 0x5600000C that shares its layout), VM_SET_DEMAND_PAGING,
 * VM_SET_ADDRESS_LAYOUT and VM_SET_DEBUG, and a VM_SET_DEBUG
 * debug_enabled above 1. VM_SET_DEBUG's reply is the standard one (no
 * data), and the enum members the later RM added have their names.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "gunyah_rm/protocol.h"

typedef int (*validate_fn)(const void *buf, size_t len,
			   struct gunyah_rm_verr *err);

/* @fn refuses @len bytes of @buf for @reason at @field, @offset. */
static void assert_refused(validate_fn fn, const uint8_t *buf, size_t len,
			   enum gunyah_rm_verr_reason reason, const char *field,
			   size_t offset)
{
	struct gunyah_rm_verr err;

	memset(&err, 0, sizeof(err));
	cr_assert_eq(fn(buf, len, &err), -EBADMSG);
	cr_assert_eq(err.reason, reason, "reason %d", (int)err.reason);
	cr_assert_str_eq(err.field, field);
	cr_assert_eq(err.offset, offset);
}

Test(rm_later, boot_context_reserved_nonzero)
{
	uint8_t b[16] = { 0x80, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0x80 };

	cr_assert_eq(gunyah_rm_vm_set_boot_context_req_validate(b, 16, NULL),
		     0);
	cr_assert_eq(
		gunyah_rm_vm_set_boot_context_v16_req_validate(b, 16, NULL), 0);
	b[6] = 1;
	assert_refused(gunyah_rm_vm_set_boot_context_req_validate, b, 16,
		       GUNYAH_RM_VERR_RESERVED_NONZERO, "reserved", 4);
	assert_refused(gunyah_rm_vm_set_boot_context_v16_req_validate, b, 16,
		       GUNYAH_RM_VERR_RESERVED_NONZERO, "reserved", 4);
}

Test(rm_later, demand_paging_reserved_nonzero)
{
	const uint8_t b[8] = { 0x80, 0, 0, 1, 0, 0, 0, 0 };

	cr_assert_eq(gunyah_rm_vm_set_demand_paging_req_validate(b, 2, NULL),
		     -EBADMSG);
	assert_refused(gunyah_rm_vm_set_demand_paging_req_validate, b, 8,
		       GUNYAH_RM_VERR_RESERVED_NONZERO, "reserved", 2);
}

Test(rm_later, address_layout_reserved_nonzero)
{
	uint8_t b[24] = { 0x80, 0, 0, 0 };

	cr_assert_eq(gunyah_rm_vm_set_address_layout_req_validate(b, 24, NULL),
		     0);
	b[2] = 0x10;
	assert_refused(gunyah_rm_vm_set_address_layout_req_validate, b, 24,
		       GUNYAH_RM_VERR_RESERVED_NONZERO, "reserved", 2);
}

Test(rm_later, set_debug)
{
	const uint8_t off[4] = { 0x81, 0, 0, 0 };
	const uint8_t on[4] = { 0x81, 0, 0, 1 };
	const uint8_t two[4] = { 0x81, 0, 0, 2 };
	const uint8_t res0[4] = { 0x81, 0, 1, 1 };
	const uint8_t word[4] = { 0 };

	cr_assert_eq(gunyah_rm_vm_set_debug_req_validate(off, 4, NULL), 0);
	cr_assert_eq(gunyah_rm_vm_set_debug_req_validate(on, 4, NULL), 0);
	assert_refused(gunyah_rm_vm_set_debug_req_validate, two, 4,
		       GUNYAH_RM_VERR_VALUE_RANGE, "debug_enabled", 3);
	assert_refused(gunyah_rm_vm_set_debug_req_validate, res0, 4,
		       GUNYAH_RM_VERR_RESERVED_NONZERO, "reserved", 2);
	/* The standard reply: nothing after the error word. */
	cr_assert_eq(gunyah_rm_vm_set_debug_resp_validate(word, 0, NULL), 0);
	cr_assert_eq(gunyah_rm_vm_set_debug_resp_validate(word, 4, NULL),
		     -EBADMSG);
}

Test(rm_later, new_enum_members)
{
	cr_assert_eq(GUNYAH_RM_VM_STATUS_DEFUNCT, 12);
	cr_assert_eq(GUNYAH_RM_VM_STATUS_RESET_FAILED, 12);
	cr_assert_str_eq(gunyah_rm_vm_status_str(12), "defunct");
	cr_assert_eq(GUNYAH_RM_HYP_RESOURCE_TYPE_HEAP, 11);
	cr_assert_str_eq(gunyah_rm_hyp_resource_type_str(11), "heap");
	cr_assert_null(gunyah_rm_hyp_resource_type_str(12));
}
