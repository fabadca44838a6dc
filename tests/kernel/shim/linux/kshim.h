/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/*
 * The few kernel interfaces rmgen's kernel drop-in and the test's stand-ins
 * use, over the C library, so that dropin_test.c runs them in user space:
 * fixed-width types, byte order, kzalloc()/kfree(), struct_size() and
 * friends. Each <linux/...> header of this directory includes this one.
 */
#ifndef _KSHIM_H
#define _KSHIM_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef uint16_t __le16;
typedef uint32_t __le32;
typedef uint64_t __le64;
typedef uint16_t __be16;
typedef uint32_t __be32;
typedef uint64_t __be64;

#define __packed __attribute__((__packed__))
#define static_assert(expr, ...) kshim_static_assert(expr, ##__VA_ARGS__, #expr)
#define kshim_static_assert(expr, msg, ...) _Static_assert(expr, msg)

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define KSHIM_LE(bits, x) ((uint##bits##_t)(x))
#else
#define KSHIM_LE(bits, x) __builtin_bswap##bits((uint##bits##_t)(x))
#endif
#define cpu_to_le16(x) KSHIM_LE(16, x)
#define cpu_to_le32(x) KSHIM_LE(32, x)
#define cpu_to_le64(x) KSHIM_LE(64, x)
#define le16_to_cpu(x) KSHIM_LE(16, x)
#define le32_to_cpu(x) KSHIM_LE(32, x)
#define le64_to_cpu(x) KSHIM_LE(64, x)

#define BIT(n) (1ul << (n))
#define U8_MAX ((u8)~0u)
#define U16_MAX ((u16)~0u)
#define U32_MAX ((u32)~0u)
#define lower_16_bits(n) ((u16)((n)&0xffff))
#define min_t(type, a, b) ((type)(a) < (type)(b) ? (type)(a) : (type)(b))

/* Saturating at SIZE_MAX, as the kernel's. */
static inline size_t kshim_size_mul(size_t a, size_t b)
{
	size_t r;

	return __builtin_mul_overflow(a, b, &r) ? SIZE_MAX : r;
}

static inline size_t kshim_size_add(size_t a, size_t b)
{
	size_t r;

	return __builtin_add_overflow(a, b, &r) ? SIZE_MAX : r;
}

#define flex_array_size(p, member, n) kshim_size_mul(sizeof(*(p)->member), n)
#define struct_size(p, member, n) \
	kshim_size_add(sizeof(*(p)), flex_array_size(p, member, n))

#define GFP_KERNEL 0
#define kzalloc(size, gfp) calloc(1, size)
#define kcalloc(n, size, gfp) calloc(n, size)
#define kfree(p) free(p)

#define EXPORT_SYMBOL_GPL(sym) extern int kshim_exported_##sym
#define ALLOW_ERROR_INJECTION(fn, type) extern int kshim_injectable_##fn

#endif /* _KSHIM_H */
