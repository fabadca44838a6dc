// SPDX-License-Identifier: BSD-3-Clause
/*
 * 64-bit count fields against the host's size_t.
 *
 * VM_IRQ_UNMAP's request counts its vIRQs with a le64 (the RM's size_t on
 * AArch64). The generated validator reads it into a size_t: on a host with
 * a 32-bit size_t, a count such as 2^32 + 1 must not turn into 1 and let a
 * 12-byte payload pass. Dependency-free (no Criterion), so that the suite
 * also builds and runs it with -m32 where the compiler can.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "gunyah_rm/overflow.h"
#include "gunyah_rm/protocol.h"

static unsigned int passed, failed;

static void expect(int ok, const char *what)
{
	if (ok) {
		passed++;
		return;
	}
	failed++;
	printf("FAIL %s\n", what);
}

/* A request: le64 @count, then @n le32 vIRQs 0x20, 0x21, ... */
static size_t request(uint8_t *buf, uint64_t count, size_t n)
{
	size_t i;

	for (i = 0; i < 8; i++)
		buf[i] = (uint8_t)(count >> (8 * i));
	for (i = 0; i < n; i++) {
		memset(buf + 8 + 4 * i, 0, 4);
		buf[8 + 4 * i] = (uint8_t)(0x20 + i);
	}
	return 8 + 4 * n;
}

/* The count is too large for the bytes: rejected as truncated vIRQs. */
static void rejected(uint64_t count, size_t n, const char *what)
{
	struct gunyah_rm_vm_irq_unmap_req out;
	struct gunyah_rm_verr err = { 0 };
	uint8_t buf[64];
	size_t len = request(buf, count, n);

	expect(gunyah_rm_vm_irq_unmap_req_validate(buf, len, &err) == -EBADMSG,
	       what);
	expect(err.reason == GUNYAH_RM_VERR_TRUNCATED && err.offset == 8 &&
		       err.field && !strcmp(err.field, "virq_nums"),
	       what);
	expect(gunyah_rm_vm_irq_unmap_req_decode(buf, len, &out, NULL) ==
		       -EBADMSG,
	       what);
}

static void round_trip(void)
{
	struct gunyah_rm_vm_irq_unmap_req out;
	uint8_t buf[64], again[64];
	size_t len = request(buf, 2, 2);
	uint32_t virq = 0;

	expect(gunyah_rm_vm_irq_unmap_req_decode(buf, len, &out, NULL) == 0,
	       "two vIRQs decode");
	expect(out.virq_entry_cnt == 2 && out.virq_nums.n == 2,
	       "two vIRQs counted");
	expect(gunyah_rm_le32_array_get(&out.virq_nums, 1, &virq) == 0 &&
		       virq == 0x21,
	       "second vIRQ");
	expect(gunyah_rm_vm_irq_unmap_req_encode(&out, again, sizeof(again)) ==
			       (int)len &&
		       !memcmp(buf, again, len),
	       "two vIRQs re-encode");
}

/* A host struct whose 64-bit count disagrees with its array. */
static void encode_mismatch(void)
{
	static const uint32_t virqs[] = { 0x20 };
	struct gunyah_rm_vm_irq_unmap_req msg = {
		.virq_entry_cnt = 0x100000001ull,
		.virq_nums = { .items = virqs, .n = 1 },
	};
	uint8_t buf[64];
	size_t size;

	expect(gunyah_rm_vm_irq_unmap_req_size(&msg, &size) == -EINVAL,
	       "count 2^32 + 1 with one item: size");
	expect(gunyah_rm_vm_irq_unmap_req_encode(&msg, buf, sizeof(buf)) ==
		       -EINVAL,
	       "count 2^32 + 1 with one item: encode");
}

static void saturation(void)
{
	expect(gunyah_rm_size_from_u64(0) == 0, "size_from_u64(0)");
	expect(gunyah_rm_size_from_u64(SIZE_MAX) == SIZE_MAX,
	       "size_from_u64(SIZE_MAX)");
	expect(gunyah_rm_size_from_u64(UINT64_MAX) == SIZE_MAX,
	       "size_from_u64(UINT64_MAX)");
	expect(gunyah_rm_size_from_u64(0x100000001ull) ==
		       (sizeof(size_t) < 8 ? SIZE_MAX : (size_t)0x100000001ull),
	       "size_from_u64(2^32 + 1)");
}

int main(void)
{
	saturation();
	round_trip();
	encode_mismatch();
	/* 2^32 + 1 is 1 in a truncated 32-bit size_t: 4 bytes would do. */
	rejected(0x100000001ull, 1, "count 2^32 + 1, one vIRQ");
	/* 2^62 + 1 times 4 wraps to 4 in 64-bit arithmetic. */
	rejected(0x4000000000000001ull, 1, "count 2^62 + 1, one vIRQ");
	/* 2^30 + 1 times 4 wraps to 4 in 32-bit arithmetic. */
	rejected(0x40000001ull, 1, "count 2^30 + 1, one vIRQ");
	rejected(UINT64_MAX, 0, "count 2^64 - 1, no vIRQ");
	rejected(3, 2, "count 3, two vIRQs");
	printf("count64 (%zu-bit size_t): %u passed, %u failed\n",
	       8 * sizeof(size_t), passed, failed);
	return failed ? 1 : 0;
}
