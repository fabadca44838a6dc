/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Descriptor types of the generated message table: one struct
 * gunyah_rm_msg_desc per message and notification of the IDL, with a struct
 * gunyah_rm_payload_desc per payload that describes every field and points at
 * the payload's codecs. Generic tools (rmdump, the fuzzer, the RM simulator)
 * walk it instead of keeping their own message lists.
 */
#ifndef GUNYAH_RM_TABLE_H
#define GUNYAH_RM_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "wire.h"

#ifdef __cplusplus
extern "C" {
#endif

enum gunyah_rm_field_kind {
	GUNYAH_RM_FIELD_INT, /* unsigned integer of @width bytes */
	GUNYAH_RM_FIELD_FIXED_BYTES, /* @size opaque bytes */
	GUNYAH_RM_FIELD_BYTES, /* bytes counted by field @count */
	GUNYAH_RM_FIELD_ARRAY, /* elements counted by field @count */
};

/* Field attribute bits (&struct gunyah_rm_field_desc.attrs). */
#define GUNYAH_RM_FIELD_RESERVED_ZERO 0x01u /* reserved, must be zero */
#define GUNYAH_RM_FIELD_RESERVED_IGNORE 0x02u /* reserved, ignored */
#define GUNYAH_RM_FIELD_OPTIONAL 0x04u /* part of the optional tail */
#define GUNYAH_RM_FIELD_BIG_ENDIAN 0x08u /* big-endian integer */

/**
 * struct gunyah_rm_enum_member - One member of an enumeration.
 * @name: member name, as in the IDL
 * @value: its value
 */
struct gunyah_rm_enum_member {
	const char *name;
	uint64_t value;
};

/**
 * struct gunyah_rm_enum_desc - An enumeration or flag set.
 * @name: name, as in the IDL
 * @members: members (flag sets: one per bit, @value is the mask)
 * @n_members: number of @members
 * @closed: validators reject values (bits) not listed
 * @is_flags: a flag set rather than an enumeration
 */
struct gunyah_rm_enum_desc {
	const char *name;
	const struct gunyah_rm_enum_member *members;
	size_t n_members;
	uint8_t closed;
	uint8_t is_flags;
};

struct gunyah_rm_payload_desc;

/**
 * struct gunyah_rm_select_case - Element type of a selected array.
 * @value: value of the selector field
 * @element: element layout for that value
 */
struct gunyah_rm_select_case {
	uint64_t value;
	const struct gunyah_rm_payload_desc *element;
};

/**
 * struct gunyah_rm_field_desc - One field of a payload or struct.
 * @name: field name, as in the IDL
 * @kind: what the field is
 * @width: integers: size in bytes; arrays of integers: element size
 * @attrs: GUNYAH_RM_FIELD_* bits
 * @pad_to: zero padding after a variable field, to this alignment (0: none)
 * @offset: constant offset in the payload, or -1 when it depends on counts
 * @size: fixed bytes: their number
 * @count: index of the count field in the same payload, or -1
 * @select: index of the selector field of a selected array, or -1
 * @element: arrays of structs: the element layout
 * @cases: selected arrays: the element layouts by selector value
 * @n_cases: number of @cases
 * @enumeration: the field's enumeration or flag set, or NULL
 */
struct gunyah_rm_field_desc {
	const char *name;
	enum gunyah_rm_field_kind kind;
	uint8_t width;
	uint8_t attrs;
	uint8_t pad_to;
	int32_t offset;
	uint32_t size;
	int16_t count;
	int16_t select;
	const struct gunyah_rm_payload_desc *element;
	const struct gunyah_rm_select_case *cases;
	size_t n_cases;
	const struct gunyah_rm_enum_desc *enumeration;
};

/**
 * struct gunyah_rm_payload_desc - Layout and codecs of a payload or struct.
 * @name: C name without prefix (e.g. "vm_stop_req")
 * @fields: the fields, in wire order
 * @n_fields: number of @fields
 * @fixed_size: size if the layout has no variable part, else 0
 * @min_size: smallest valid encoding
 * @max_size: largest encoding the layout allows, saturated at UINT64_MAX
 * @optional_from: index of the first field of the optional tail, or -1
 * @exact: trailing bytes are an error (else ignored)
 * @unknown: no public source shows the layout; bytes are not validated
 * @host_size: sizeof the host-order struct (0 for unknown layouts)
 * @validate: the generated validator (NULL for element structs)
 * @decode: the generated decoder into a host struct (NULL as above)
 * @encode: the generated encoder from a host struct (NULL as above)
 */
struct gunyah_rm_payload_desc {
	const char *name;
	const struct gunyah_rm_field_desc *fields;
	size_t n_fields;
	size_t fixed_size;
	size_t min_size;
	uint64_t max_size;
	int16_t optional_from;
	uint8_t exact;
	uint8_t unknown;
	size_t host_size;
	int (*validate)(const void *buf, size_t len,
			struct gunyah_rm_verr *err);
	int (*decode)(const void *buf, size_t len, void *out,
		      struct gunyah_rm_verr *err);
	int (*encode)(const void *msg, void *buf, size_t cap);
};

enum gunyah_rm_msg_status {
	GUNYAH_RM_STATUS_SERVER, /* handled by the RM 12/2023 server */
	GUNYAH_RM_STATUS_CLIENT_ONLY, /* not in RM 12/2023; client drivers */
	GUNYAH_RM_STATUS_REMOVED, /* only in an older RM release */
	GUNYAH_RM_STATUS_LATER, /* only in RM commits after 12/2023 */
};

/**
 * struct gunyah_rm_msg_desc - One message or notification of the protocol.
 * @id: message or notification ID
 * @name: name, as in the IDL (e.g. "vm_start")
 * @family: message family, as in the IDL
 * @is_notification: a notification (RM to client) rather than an RPC
 * @status: a &enum gunyah_rm_msg_status
 * @request: request payload (RPCs)
 * @response: response data after the RM error word (RPCs)
 * @error_response: data after a non-zero RM error word, or NULL
 * @payload: notification payload (notifications)
 */
struct gunyah_rm_msg_desc {
	uint32_t id;
	const char *name;
	const char *family;
	uint8_t is_notification;
	uint8_t status;
	const struct gunyah_rm_payload_desc *request;
	const struct gunyah_rm_payload_desc *response;
	const struct gunyah_rm_payload_desc *error_response;
	const struct gunyah_rm_payload_desc *payload;
};

/* Every enumeration and flag set of the protocol. */
extern const struct gunyah_rm_enum_desc *const gunyah_rm_enums[];
extern const size_t gunyah_rm_n_enums;

/* Every message and notification, in IDL order. */
extern const struct gunyah_rm_msg_desc gunyah_rm_messages[];
extern const size_t gunyah_rm_n_messages;

const struct gunyah_rm_msg_desc *gunyah_rm_find_message(uint32_t id);
const struct gunyah_rm_msg_desc *gunyah_rm_find_notification(uint32_t id);

#ifdef __cplusplus
}
#endif

#endif /* GUNYAH_RM_TABLE_H */
