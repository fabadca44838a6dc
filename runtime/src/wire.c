// SPDX-License-Identifier: BSD-3-Clause
#include "gunyah_rm/wire.h"

/**
 * gunyah_rm_verr_str() - Describe a validation failure reason.
 * @reason: the reason
 *
 * Return: a static string; "unknown validation error" outside the enum.
 */
const char *gunyah_rm_verr_str(enum gunyah_rm_verr_reason reason)
{
	static const char *const strs[] = {
#define GUNYAH_RM_VERR_STR(name, str) [GUNYAH_RM_VERR_##name] = str,
		GUNYAH_RM_VERR_REASONS(GUNYAH_RM_VERR_STR)
#undef GUNYAH_RM_VERR_STR
	};

	if ((size_t)reason >= sizeof(strs) / sizeof(strs[0]))
		return "unknown validation error";
	return strs[reason];
}

/**
 * gunyah_rm_verr_record() - Fill a validation error record.
 * @err: the record, or NULL to record nothing
 * @reason: what was wrong
 * @payload: payload name
 * @field: field name
 * @offset: byte offset in the payload
 *
 * Return: -EBADMSG.
 */
int gunyah_rm_verr_record(struct gunyah_rm_verr *err,
			  enum gunyah_rm_verr_reason reason,
			  const char *payload, const char *field, size_t offset)
{
	if (err) {
		err->code = -EBADMSG;
		err->reason = reason;
		err->payload = payload;
		err->field = field;
		err->offset = offset;
	}
	return -EBADMSG;
}

/**
 * gunyah_rm_check_pad() - Check and skip zero padding to @align bytes.
 * @p: payload
 * @len: payload length
 * @off: in: end of the padded field; out: the next aligned offset
 * @align: power-of-two alignment, relative to the start of the payload
 * @err: error record to fill, or NULL
 * @payload: payload name
 * @field: name of the padded field
 *
 * Return: 0, or -EBADMSG if the padding is truncated or not zero.
 */
int gunyah_rm_check_pad(const uint8_t *p, size_t len, size_t *off, size_t align,
			struct gunyah_rm_verr *err, const char *payload,
			const char *field)
{
	size_t pad = (align - (*off & (align - 1))) & (align - 1);
	size_t i;

	if (len - *off < pad)
		return gunyah_rm_verr_set(err, GUNYAH_RM_VERR_TRUNCATED,
					  payload, field, *off);
	for (i = 0; i < pad; i++) {
		if (p[*off + i])
			return gunyah_rm_verr_set(
				err, GUNYAH_RM_VERR_PADDING_NONZERO, payload,
				field, *off + i);
	}
	*off += pad;
	return 0;
}
