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

/**
 * gunyah_rm_size_add() - Add two sizes, saturating at SIZE_MAX.
 * @a: first addend
 * @b: second addend
 *
 * Return: @a + @b, or SIZE_MAX if the sum does not fit in a size_t.
 */
static inline size_t gunyah_rm_size_add(size_t a, size_t b)
{
	return (a > SIZE_MAX - b) ? SIZE_MAX : a + b;
}

/**
 * gunyah_rm_size_mul() - Multiply two sizes, saturating at SIZE_MAX.
 * @a: first factor
 * @b: second factor
 *
 * Return: @a * @b, or SIZE_MAX if the product does not fit in a size_t.
 */
static inline size_t gunyah_rm_size_mul(size_t a, size_t b)
{
	if (a != 0 && b > SIZE_MAX / a)
		return SIZE_MAX;
	return a * b;
}

/**
 * gunyah_rm_size_from_u64() - Convert a 64-bit count to a size, saturating.
 * @v: the count, e.g. read from a 64-bit count field of a message
 *
 * Where size_t has 32 bits, a count that does not fit becomes SIZE_MAX,
 * which no remaining length can reach, rather than a truncated small count.
 *
 * Return: @v, or SIZE_MAX if it does not fit in a size_t.
 */
static inline size_t gunyah_rm_size_from_u64(uint64_t v)
{
	return (uint64_t)(size_t)v == v ? (size_t)v : SIZE_MAX;
}

/**
 * gunyah_rm_size_align() - Round a size up to a power-of-two boundary.
 * @a: size to round up
 * @align: boundary, a power of two
 *
 * Return: @a rounded up to a multiple of @align, or SIZE_MAX on overflow.
 */
static inline size_t gunyah_rm_size_align(size_t a, size_t align)
{
	size_t r = gunyah_rm_size_add(a, align - 1);

	return r == SIZE_MAX ? SIZE_MAX : r & ~(align - 1);
}

#endif /* GUNYAH_RM_OVERFLOW_H */
