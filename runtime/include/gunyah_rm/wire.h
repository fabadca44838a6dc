/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Byte-order helpers and the validation error record shared by the
 * generated codecs and the runtime. Every load and store of a wire integer
 * goes through the helpers below: no unaligned or type-punned access, so
 * the same code is correct on any host.
 *
 * Also builds in the Linux kernel (rmgen --flavor kernel copies it).
 */
#ifndef GUNYAH_RM_WIRE_H
#define GUNYAH_RM_WIRE_H

#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/types.h>
#else
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#endif

#include "overflow.h"

/*
 * GCC and clang turn the byte-wise loads below into one move, but GCC does
 * not always merge byte-wise stores, e.g. those of a 64-bit value: on
 * little-endian hosts a wire integer is stored with memcpy(), one move for
 * any alignment. Defining GUNYAH_RM_LE_HOST to 0 forces the byte-wise path,
 * which big-endian hosts take (the test suite does so to exercise it here).
 */
#ifndef GUNYAH_RM_LE_HOST
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define GUNYAH_RM_LE_HOST 1
#else
#define GUNYAH_RM_LE_HOST 0
#endif
#endif

#if defined(__GNUC__) || defined(__clang__)
#define __gunyah_rm_packed __attribute__((__packed__))
#else
#error "rmgen wire structs need __attribute__((packed))"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Little-endian wire types: documentation only, stored as bytes. */
typedef uint16_t gunyah_rm_le16;
typedef uint32_t gunyah_rm_le32;
typedef uint64_t gunyah_rm_le64;

static inline uint8_t gunyah_rm_get_u8(const uint8_t *p)
{
	return p[0];
}

static inline uint16_t gunyah_rm_get_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (uint16_t)p[1] << 8);
}

static inline uint32_t gunyah_rm_get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline uint64_t gunyah_rm_get_le64(const uint8_t *p)
{
	return (uint64_t)gunyah_rm_get_le32(p) |
	       (uint64_t)gunyah_rm_get_le32(p + 4) << 32;
}

static inline uint16_t gunyah_rm_get_be16(const uint8_t *p)
{
	return (uint16_t)((uint16_t)p[0] << 8 | p[1]);
}

static inline uint32_t gunyah_rm_get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static inline uint64_t gunyah_rm_get_be64(const uint8_t *p)
{
	return (uint64_t)gunyah_rm_get_be32(p) << 32 |
	       (uint64_t)gunyah_rm_get_be32(p + 4);
}

static inline void gunyah_rm_put_u8(uint8_t *p, uint8_t v)
{
	p[0] = v;
}

static inline void gunyah_rm_put_le16(uint8_t *p, uint16_t v)
{
#if GUNYAH_RM_LE_HOST
	memcpy(p, &v, sizeof(v));
#else
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
#endif
}

static inline void gunyah_rm_put_le32(uint8_t *p, uint32_t v)
{
#if GUNYAH_RM_LE_HOST
	memcpy(p, &v, sizeof(v));
#else
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
#endif
}

static inline void gunyah_rm_put_le64(uint8_t *p, uint64_t v)
{
#if GUNYAH_RM_LE_HOST
	memcpy(p, &v, sizeof(v));
#else
	gunyah_rm_put_le32(p, (uint32_t)v);
	gunyah_rm_put_le32(p + 4, (uint32_t)(v >> 32));
#endif
}

static inline void gunyah_rm_put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void gunyah_rm_put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static inline void gunyah_rm_put_be64(uint8_t *p, uint64_t v)
{
	gunyah_rm_put_be32(p, (uint32_t)(v >> 32));
	gunyah_rm_put_be32(p + 4, (uint32_t)v);
}

/*
 * p + off without forming an offset from a null pointer (an empty payload
 * may be passed as NULL, 0).
 */
static inline const uint8_t *gunyah_rm_at(const uint8_t *p, size_t off)
{
	return p ? p + off : NULL;
}

/**
 * struct gunyah_rm_bytes - A byte string inside a message.
 * @data: first byte; points into the validated buffer after a decode
 * @len: number of bytes
 */
struct gunyah_rm_bytes {
	const uint8_t *data;
	size_t len;
};

/*
 * Validation failure reasons. One list yields the enum and the strings, so
 * they cannot drift apart.
 */
#define GUNYAH_RM_VERR_REASONS(X)                                          \
	X(NONE, "no error")                                                \
	X(TRUNCATED, "payload ends inside a field")                        \
	X(TRAILING, "bytes follow the end of the payload")                 \
	X(COUNT_RANGE, "count exceeds the protocol limit")                 \
	X(ENUM_VALUE, "value is not a member of a closed enumeration")     \
	X(FLAGS_UNKNOWN, "undefined flag bits are set")                    \
	X(RESERVED_NONZERO, "reserved field must be zero")                 \
	X(PADDING_NONZERO, "alignment padding must be zero")               \
	X(VALUE_RANGE, "value is outside its documented range")            \
	X(UNKNOWN_ID, "message or notification ID is not in the protocol") \
	X(LAYOUT_UNKNOWN, "payload layout is unknown; bytes are not validated")

enum gunyah_rm_verr_reason {
#define GUNYAH_RM_VERR_ENUM(name, str) GUNYAH_RM_VERR_##name,
	GUNYAH_RM_VERR_REASONS(GUNYAH_RM_VERR_ENUM)
#undef GUNYAH_RM_VERR_ENUM
};

/**
 * struct gunyah_rm_verr - Where and why validation failed.
 * @code: negative errno returned by the validator (-EBADMSG)
 * @reason: what was wrong
 * @payload: name of the payload being validated, as in the IDL
 * @field: name of the offending field, as in the IDL (never NULL on error)
 * @offset: byte offset of the offending field or byte within the payload
 */
struct gunyah_rm_verr {
	int code;
	enum gunyah_rm_verr_reason reason;
	const char *payload;
	const char *field;
	size_t offset;
};

const char *gunyah_rm_verr_str(enum gunyah_rm_verr_reason reason);

/*
 * GUNYAH_RM_VERR_DETAIL: 1 (the default) records the reason, payload, field
 * and offset of a failed validation in *err; 0 records no failure, for the
 * smallest code (the validators make the same decisions, return the same
 * errors and still flag an unknown layout). Define it alike in every file.
 */
#ifndef GUNYAH_RM_VERR_DETAIL
#define GUNYAH_RM_VERR_DETAIL 1
#endif

/* Cold: the compiler keeps a validator's checks together, failures aside. */
int gunyah_rm_verr_record(struct gunyah_rm_verr *err,
			  enum gunyah_rm_verr_reason reason,
			  const char *payload, const char *field, size_t offset)
	__attribute__((cold));

/*
 * The one call of every failed check in the generated validators:
 * gunyah_rm_verr_record(), or only -EBADMSG when GUNYAH_RM_VERR_DETAIL is 0.
 */
static inline int gunyah_rm_verr_set(struct gunyah_rm_verr *err,
				     enum gunyah_rm_verr_reason reason,
				     const char *payload, const char *field,
				     size_t offset)
{
#if GUNYAH_RM_VERR_DETAIL
	return gunyah_rm_verr_record(err, reason, payload, field, offset);
#else
	(void)err;
	(void)reason;
	(void)payload;
	(void)field;
	(void)offset;
	return -EBADMSG;
#endif
}

int gunyah_rm_check_pad(const uint8_t *p, size_t len, size_t *off, size_t align,
			struct gunyah_rm_verr *err, const char *payload,
			const char *field);

#ifdef __cplusplus
}
#endif

#endif /* GUNYAH_RM_WIRE_H */
