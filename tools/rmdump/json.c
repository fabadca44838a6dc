// SPDX-License-Identifier: BSD-3-Clause
/*
 * rmdump: JSON representation of wire integers and byte strings.
 *
 * Integers are JSON numbers. jansson holds numbers as signed 64-bit
 * integers, so a value above INT64_MAX is written as a "0x..." string;
 * on input, integers may be numbers, "0x..." or decimal strings, the
 * member name of the field's enumeration, or the bit names of its flag set.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "rmdump.h"

/**
 * rmd_json_u64() - A wire integer as JSON.
 * @v: the value
 *
 * Return: a new reference: a number, or a "0x..." string above INT64_MAX.
 */
json_t *rmd_json_u64(uint64_t v)
{
	char s[2 + 16 + 1];

	if (v <= INT64_MAX)
		return json_integer((json_int_t)v);
	snprintf(s, sizeof(s), "0x%" PRIx64, v);
	return json_string(s);
}

static int parse_u64_str(const char *s, uint64_t *out)
{
	int base = 10;
	char *end;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	/* strtoull accepts signs and leading white space: refuse them. */
	if (!*s || !strchr("0123456789abcdefABCDEF", *s))
		return -EINVAL;
	errno = 0;
	*out = strtoull(s, &end, base);
	if (errno || *end)
		return -EINVAL;
	return 0;
}

static int member_value(const struct gunyah_rm_enum_desc *en, const char *s,
			size_t len, uint64_t *out)
{
	size_t i;

	for (i = 0; i < en->n_members; i++) {
		const char *name = en->members[i].name;

		if (strlen(name) == len && !memcmp(name, s, len)) {
			*out = en->members[i].value;
			return 0;
		}
	}
	return -EINVAL;
}

/* "a|b|0x10": flag names (or numbers) joined by '|', without spaces. */
static int parse_flags(const struct gunyah_rm_enum_desc *en, const char *s,
		       uint64_t *out)
{
	char num[2 + 20 + 1];
	uint64_t v, bits = 0;
	size_t len;

	for (;;) {
		len = strcspn(s, "|");
		if (member_value(en, s, len, &v)) {
			if (!len || len >= sizeof(num))
				return -EINVAL;
			memcpy(num, s, len);
			num[len] = '\0';
			if (parse_u64_str(num, &v))
				return -EINVAL;
		}
		bits |= v;
		if (!s[len])
			break;
		s += len + 1;
	}
	*out = bits;
	return 0;
}

/**
 * rmd_json_get_u64() - Read a wire integer from JSON.
 * @v: a non-negative number, a "0x..."/decimal string, a member name of the
 *     enumeration @en, or for a flag set @en its bit names (or numbers)
 *     joined by '|' ("read|write")
 * @en: the field's enumeration or flag set, or NULL
 * @out: the value
 *
 * Return: 0, or -EINVAL.
 */
int rmd_json_get_u64(const json_t *v, const struct gunyah_rm_enum_desc *en,
		     uint64_t *out)
{
	const char *s;

	if (json_is_integer(v)) {
		if (json_integer_value(v) < 0)
			return -EINVAL;
		*out = (uint64_t)json_integer_value(v);
		return 0;
	}
	if (!json_is_string(v))
		return -EINVAL;
	s = json_string_value(v);
	if (!parse_u64_str(s, out))
		return 0;
	if (!en)
		return -EINVAL;
	if (en->is_flags)
		return parse_flags(en, s, out);
	return member_value(en, s, strlen(s), out);
}

/**
 * rmd_json_hex() - Bytes as a lowercase hex string.
 * @p: the bytes (may be NULL if @len is 0)
 * @len: their number
 *
 * Return: a new reference, or NULL if out of memory.
 */
json_t *rmd_json_hex(const uint8_t *p, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	json_t *j;
	char *s;
	size_t i;

	s = malloc(2 * len + 1);
	if (!s)
		return NULL;
	for (i = 0; i < len; i++) {
		s[2 * i] = digits[p[i] >> 4];
		s[2 * i + 1] = digits[p[i] & 0xf];
	}
	s[2 * len] = '\0';
	j = json_stringn(s, 2 * len);
	free(s);
	return j;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/**
 * rmd_hex_decode() - Parse a hex string without separators.
 * @s: the digits
 * @slen: number of digits
 * @out: where to store the bytes (may be NULL to only count and check)
 * @cap: size of @out
 * @len: number of bytes
 *
 * Return: 0; -EINVAL for an odd number of digits or a non-hex character;
 * -ENOSPC if @out is too small.
 */
int rmd_hex_decode(const char *s, size_t slen, uint8_t *out, size_t cap,
		   size_t *len)
{
	size_t i;

	if (slen % 2)
		return -EINVAL;
	for (i = 0; i < slen; i++) {
		if (hexval(s[i]) < 0)
			return -EINVAL;
	}
	if (out && slen / 2 > cap)
		return -ENOSPC;
	for (i = 0; out && i < slen; i += 2)
		out[i / 2] = (uint8_t)(hexval(s[i]) << 4 | hexval(s[i + 1]));
	*len = slen / 2;
	return 0;
}
