// SPDX-License-Identifier: BSD-3-Clause
#include "gunyah_rm/wire.h"

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
	if (!err)
		return -EBADMSG;
	err->code = -EBADMSG;
	err->reason = reason;
	err->payload = payload;
	err->field = field;
	err->offset = offset;
	return -EBADMSG;
}

/**
 * gunyah_rm_verr_field_record() - Fill a validation error record for a field.
 * @names: names object of the payload; its first member is the payload name
 * @site: the reason in bits 0-7, the offset of the field's name in @names
 *	  above them
 * @err: the record, or NULL
 * @offset: byte offset in the payload
 *
 * Callers use the inline gunyah_rm_verr_field().
 *
 * Return: -EBADMSG.
 */
int gunyah_rm_verr_field_record(const void *names, uint32_t site,
				struct gunyah_rm_verr *err, size_t offset)
{
	return gunyah_rm_verr_record(err,
				     (enum gunyah_rm_verr_reason)(site & 0xff),
				     names, (const char *)names + (site >> 8),
				     offset);
}

/**
 * gunyah_rm_verr_truncated_record() - Record a payload that ends in a run.
 * @names: names object of the run's struct
 * @len: payload length
 * @err: error record to fill, or NULL
 * @spans: the fields of the run, in order, ended by an entry with end 0
 * @off: offset of the run in the payload
 * @payload: payload name
 *
 * Names the first field of the run that does not fit in @len bytes; when
 * the whole run fits (a fixed-size payload with bytes after it), records
 * those bytes as trailing, after the run's last field. Callers use the
 * inline gunyah_rm_verr_truncated().
 *
 * Return: -EBADMSG.
 */
int gunyah_rm_verr_truncated_record(const void *names, size_t len,
				    struct gunyah_rm_verr *err,
				    const struct gunyah_rm_span *spans,
				    size_t off, const char *payload)
{
	enum gunyah_rm_verr_reason reason = GUNYAH_RM_VERR_TRUNCATED;
	size_t avail = len - off;
	size_t start = 0;
	size_t i;

	for (i = 0; spans[i + 1].end && spans[i].end <= avail; i++)
		start = spans[i].end;
	if (spans[i].end <= avail) {
		reason = GUNYAH_RM_VERR_TRAILING;
		start = spans[i].end;
	}
	return gunyah_rm_verr_record(err, reason, payload,
				     (const char *)names + spans[i].name,
				     off + start);
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
