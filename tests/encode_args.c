// SPDX-License-Identifier: BSD-3-Clause
/*
 * Encoders against host structs that do not describe a message.
 *
 * An array member is encoded from its host elements (@items), or copied
 * from the payload a decode left in @wire. A member with neither must be
 * empty: n == 0 and len == 0. One that claims @len bytes with no @wire
 * once made the encoders measure the payload without them and then copy
 * @len bytes from a NULL base, past the size they had checked against
 * @cap. Each array shape the generator emits is tested: fixed-size struct
 * elements, integers, variable-size struct elements and elements typed by
 * a selector; and the sizes that saturate.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "gunyah_rm/protocol.h"

#define FILL 0xee

static uint8_t buf[256];

static void fill(void)
{
	memset(buf, FILL, sizeof(buf));
}

/* Nothing was written: every byte still holds FILL. */
static void assert_untouched(void)
{
	size_t i;

	for (i = 0; i < sizeof(buf); i++)
		cr_assert_eq(buf[i], FILL, "byte %zu written", i);
}

/*
 * @msg (a struct gunyah_rm_<name>) is refused with @err by both _encode(),
 * which writes nothing, and _size(), which leaves its result alone.
 */
#define ASSERT_REFUSED(name, msg, err)                                         \
	do {                                                                   \
		size_t size_ = 123;                                            \
                                                                               \
		fill();                                                        \
		cr_assert_eq(gunyah_rm_##name##_encode(msg, buf, sizeof(buf)), \
			     err);                                             \
		assert_untouched();                                            \
		cr_assert_eq(gunyah_rm_##name##_size(msg, &size_), err);       \
		cr_assert_eq(size_, 123);                                      \
	} while (0)

/* A source that is not a payload: would be copied if @len were trusted. */
static const uint8_t junk[64] = { 0x55 };

Test(encode_args, fixed_stride_len_without_wire)
{
	struct gunyah_rm_vm_get_hyp_resources_resp m = { 0 };

	m.entries.len = 8;
	ASSERT_REFUSED(vm_get_hyp_resources_resp, &m, -EINVAL);
}

Test(encode_args, fixed_stride_wire_len_must_match_n)
{
	struct gunyah_rm_vm_get_hyp_resources_resp m = { 0 };

	m.n_entries = 1;
	m.entries.n = 1;
	m.entries.wire = junk;
	m.entries.len = 43;
	ASSERT_REFUSED(vm_get_hyp_resources_resp, &m, -EINVAL);

	/* With the length of one element it is copied as it is. */
	m.entries.len = 44;
	cr_assert_eq(gunyah_rm_vm_get_hyp_resources_resp_encode(&m, buf,
								sizeof(buf)),
		     48);
	cr_assert_eq(buf[0], 1);
	cr_assert_eq(buf[1], 0);
	cr_assert_eq(buf[4], 0x55);
	cr_assert_eq(buf[5], 0);
	cr_assert_eq(buf[48], FILL);
}

Test(encode_args, fixed_stride_no_data_needs_n_zero)
{
	struct gunyah_rm_vm_get_hyp_resources_resp m = { 0 };

	m.n_entries = 2;
	m.entries.n = 2;
	ASSERT_REFUSED(vm_get_hyp_resources_resp, &m, -EINVAL);

	/* Empty: the count alone. */
	m.n_entries = 0;
	m.entries.n = 0;
	cr_assert_eq(gunyah_rm_vm_get_hyp_resources_resp_encode(&m, buf,
								sizeof(buf)),
		     4);
	cr_assert_eq(buf[0], 0);
	cr_assert_eq(buf[3], 0);
	cr_assert_eq(buf[4], FILL);
}

Test(encode_args, int_array_len_without_wire)
{
	struct gunyah_rm_vm_irq_unmap_req m = { 0 };

	m.virq_nums.len = 8;
	ASSERT_REFUSED(vm_irq_unmap_req, &m, -EINVAL);
}

/* A size that saturates at SIZE_MAX is -EOVERFLOW, not a huge size. */
Test(encode_args, int_array_size_saturates)
{
	static const uint32_t virqs[1] = { 0x20 };
	struct gunyah_rm_vm_irq_unmap_req m = { 0 };
	size_t size = 123;

	m.virq_entry_cnt = (uint64_t)(SIZE_MAX / 4);
	m.virq_nums.items = virqs;
	m.virq_nums.n = SIZE_MAX / 4;
	ASSERT_REFUSED(vm_irq_unmap_req, &m, -EOVERFLOW);

	/* Representable but above what an int can return: -EOVERFLOW too. */
	m.virq_entry_cnt = 0x20000000;
	m.virq_nums.n = 0x20000000;
	cr_assert_eq(gunyah_rm_vm_irq_unmap_req_size(&m, &size), 0);
	cr_assert_eq(size, 8 + (size_t)4 * 0x20000000);
	cr_assert_eq(gunyah_rm_vm_irq_unmap_req_encode(&m, buf, SIZE_MAX),
		     -EOVERFLOW);
	assert_untouched();

	/* One element: 12 bytes; one byte less room is -ENOSPC. */
	m.virq_entry_cnt = 1;
	m.virq_nums.n = 1;
	cr_assert_eq(gunyah_rm_vm_irq_unmap_req_encode(&m, buf, 11), -ENOSPC);
	assert_untouched();
	cr_assert_eq(gunyah_rm_vm_irq_unmap_req_encode(&m, buf, 12), 12);
	cr_assert_eq(buf[0], 1);
	cr_assert_eq(buf[7], 0);
	cr_assert_eq(buf[8], 0x20);
	cr_assert_eq(buf[11], 0);
	cr_assert_eq(buf[12], FILL);
}

Test(encode_args, variable_stride_len_without_wire)
{
	struct gunyah_rm_vm_get_id_resp m = { 0 };

	m.entries.len = 8;
	ASSERT_REFUSED(vm_get_id_resp, &m, -EINVAL);
}

Test(encode_args, selected_len_without_wire)
{
	struct gunyah_rm_ipa_reserve_req m = { 0 };

	/* A known element type (0: fixed ranges) and an unknown one (7). */
	m.ranges.len = 16;
	m.ranges.stride = 16;
	ASSERT_REFUSED(ipa_reserve_req, &m, -EINVAL);
	m.alloc_type = 7;
	ASSERT_REFUSED(ipa_reserve_req, &m, -EINVAL);
}

Test(encode_args, selected_wire_len_must_match_n)
{
	struct gunyah_rm_ipa_reserve_req m = { 0 };

	/* One fixed range (16 bytes) claimed, 15 bytes of view. */
	m.entries = 1;
	m.ranges.n = 1;
	m.ranges.wire = junk;
	m.ranges.stride = 16;
	m.ranges.len = 15;
	ASSERT_REFUSED(ipa_reserve_req, &m, -EINVAL);

	/* With the length of one element it is copied as it is. */
	m.ranges.len = 16;
	cr_assert_eq(gunyah_rm_ipa_reserve_req_encode(&m, buf, sizeof(buf)),
		     32);
	cr_assert_eq(buf[0], 0);
	cr_assert_eq(buf[12], 1);
	cr_assert_eq(buf[16], 0x55);
	cr_assert_eq(buf[17], 0);
	cr_assert_eq(buf[32], FILL);
}
