// SPDX-License-Identifier: BSD-3-Clause
/*
 * rmdump: message-table look-ups and diagnostics shared by the decoder, the
 * encoder and the text renderer.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "rmdump.h"

/**
 * rmd_errf() - Describe a failure.
 * @e: where to store the description
 * @fmt: printf format
 */
void rmd_errf(struct rmd_err *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
}

static bool printable(unsigned char c)
{
	return c >= 0x20 && c < 0x7f;
}

/**
 * rmd_quote() - Input bytes made safe to show in a diagnostic.
 * @q: where to build the text
 * @s: the bytes (may hold NUL and any other byte)
 * @len: their number
 *
 * Printable ASCII is kept; a backslash, a quote and every other byte are
 * written as C escapes (\\, \', \xNN), so that nothing from the input can
 * reach a terminal as a control sequence. At most RMD_QUOTE_MAX bytes are
 * shown; a longer input ends in "..." and its length.
 *
 * Return: @q->s.
 */
const char *rmd_quote(struct rmd_quoted *q, const char *s, size_t len)
{
	size_t n = len > RMD_QUOTE_MAX ? RMD_QUOTE_MAX : len;
	char *o = q->s;
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\\' || c == '\'') {
			*o++ = '\\';
			*o++ = (char)c;
		} else if (printable(c)) {
			*o++ = (char)c;
		} else {
			o += sprintf(o, "\\x%02x", c);
		}
	}
	if (n < len)
		o += sprintf(o, "... (%zu bytes)", len);
	*o = '\0';
	return q->s;
}

/**
 * rmd_diag() - Print a diagnostic line on stderr.
 * @fmt: printf format, without the newline
 *
 * Bytes that are not printable ASCII are written as \xNN (input reaches
 * diagnostics only through rmd_quote(); this also covers text from
 * libraries, such as jansson's error messages).
 */
void rmd_diag(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	size_t i;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	for (i = 0; buf[i]; i++) {
		if (printable((unsigned char)buf[i]))
			fputc(buf[i], stderr);
		else
			fprintf(stderr, "\\x%02x", (unsigned char)buf[i]);
	}
	fputc('\n', stderr);
}

static const char *const type_names[] = {
	[GUNYAH_RM_RPC_TYPE_CONTINUATION] = "continuation",
	[GUNYAH_RM_RPC_TYPE_REQUEST] = "request",
	[GUNYAH_RM_RPC_TYPE_REPLY] = "reply",
	[GUNYAH_RM_RPC_TYPE_NOTIFICATION] = "notification",
};

/**
 * rmd_type_str() - Name of an RPC message type, as in the JSON "type" key.
 * @type: the type
 *
 * Return: a static string.
 */
const char *rmd_type_str(enum gunyah_rm_rpc_type type)
{
	if ((size_t)type >= sizeof(type_names) / sizeof(type_names[0]))
		return "invalid";
	return type_names[type];
}

/**
 * rmd_type_parse() - Parse "request", "reply" or "notification".
 * @s: the name
 * @type: the type
 *
 * Return: 0, or -EINVAL for any other string (continuation included).
 */
int rmd_type_parse(const char *s, enum gunyah_rm_rpc_type *type)
{
	size_t i;

	for (i = GUNYAH_RM_RPC_TYPE_REQUEST;
	     i < sizeof(type_names) / sizeof(type_names[0]); i++) {
		if (!strcmp(s, type_names[i])) {
			*type = (enum gunyah_rm_rpc_type)i;
			return 0;
		}
	}
	return -EINVAL;
}

/**
 * rmd_find_id() - The table entry for a message ID of an RPC message type.
 * @type: request or reply (RPCs), notification
 * @id: the msg_id of the RPC header
 *
 * Return: the entry, or NULL if the protocol has no such ID.
 */
const struct gunyah_rm_msg_desc *rmd_find_id(enum gunyah_rm_rpc_type type,
					     uint32_t id)
{
	if (type == GUNYAH_RM_RPC_TYPE_NOTIFICATION)
		return gunyah_rm_find_notification(id);
	return gunyah_rm_find_message(id);
}

/**
 * rmd_find_name() - The table entry for a message name of an RPC type.
 * @type: request or reply (RPCs), notification
 * @name: the IDL name
 *
 * Return: the entry, or NULL if the protocol has no such name.
 */
const struct gunyah_rm_msg_desc *rmd_find_name(enum gunyah_rm_rpc_type type,
					       const char *name)
{
	bool notif = type == GUNYAH_RM_RPC_TYPE_NOTIFICATION;
	size_t i;

	for (i = 0; i < gunyah_rm_n_messages; i++) {
		const struct gunyah_rm_msg_desc *m = &gunyah_rm_messages[i];

		if (!m->is_notification == !notif && !strcmp(m->name, name))
			return m;
	}
	return NULL;
}

/**
 * rmd_payload_desc() - The layout of the data of a message.
 * @m: the message
 * @type: request, reply or notification
 * @rm_error: for replies, the RM error word
 *
 * Return: the request, response (error 0), error_response (error not 0) or
 * notification payload; NULL when the message has none (an error reply of a
 * message without error data).
 */
const struct gunyah_rm_payload_desc *
rmd_payload_desc(const struct gunyah_rm_msg_desc *m,
		 enum gunyah_rm_rpc_type type, uint32_t rm_error)
{
	switch (type) {
	case GUNYAH_RM_RPC_TYPE_REQUEST:
		return m->request;
	case GUNYAH_RM_RPC_TYPE_REPLY:
		return rm_error ? m->error_response : m->response;
	case GUNYAH_RM_RPC_TYPE_NOTIFICATION:
		return m->payload;
	default:
		return NULL;
	}
}

/**
 * rmd_find_field() - A field of a payload by name.
 * @d: the payload or struct
 * @name: the IDL field name
 *
 * Return: the field, or NULL.
 */
const struct gunyah_rm_field_desc *
rmd_find_field(const struct gunyah_rm_payload_desc *d, const char *name)
{
	size_t i;

	for (i = 0; i < d->n_fields; i++) {
		if (!strcmp(d->fields[i].name, name))
			return &d->fields[i];
	}
	return NULL;
}

/**
 * rmd_element_desc() - The element layout of an array field.
 * @f: the array field
 * @selector: the value of its selector field (selected arrays only)
 *
 * Return: the element struct layout; NULL for arrays of integers and for a
 * selector value without a case.
 */
const struct gunyah_rm_payload_desc *
rmd_element_desc(const struct gunyah_rm_field_desc *f, uint64_t selector)
{
	size_t i;

	if (f->select < 0)
		return f->element;
	for (i = 0; i < f->n_cases; i++) {
		if (f->cases[i].value == selector)
			return f->cases[i].element;
	}
	return NULL;
}
