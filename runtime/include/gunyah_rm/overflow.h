/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Checked size arithmetic, as the Linux kernel's <linux/overflow.h>. Every
 * helper saturates at SIZE_MAX instead of wrapping, so a size computed from
 * untrusted counts can be compared with a real buffer length without a
 * separate overflow test: no buffer is SIZE_MAX bytes long.
 *
 * Also builds in the Linux kernel (rmgen --flavor kernel copies it).
 */
#ifndef GUNYAH_RM_OVERFLOW_H
#define GUNYAH_RM_OVERFLOW_H

#ifdef __KERNEL__
#include <linux/limits.h>
#include <linux/types.h>
#else
#include <stddef.h>
#include <stdint.h>
#endif

/* @a + @b */
static inline size_t gunyah_rm_size_add(size_t a, size_t b)
{
	return (a > SIZE_MAX - b) ? SIZE_MAX : a + b;
}

/* @a * @b */
static inline size_t gunyah_rm_size_mul(size_t a, size_t b)
{
	if (a != 0 && b > SIZE_MAX / a)
		return SIZE_MAX;
	return a * b;
}

/*
 * A 64-bit count, e.g. read from a message, as a size. Where size_t has 32
 * bits, one that does not fit becomes SIZE_MAX, which no remaining length
 * can reach, rather than a truncated small count.
 */
static inline size_t gunyah_rm_size_from_u64(uint64_t v)
{
	return (uint64_t)(size_t)v == v ? (size_t)v : SIZE_MAX;
}

/* @a rounded up to a multiple of @align, a power of two. */
static inline size_t gunyah_rm_size_align(size_t a, size_t align)
{
	size_t r = gunyah_rm_size_add(a, align - 1);

	return r == SIZE_MAX ? SIZE_MAX : r & ~(align - 1);
}

#endif /* GUNYAH_RM_OVERFLOW_H */
