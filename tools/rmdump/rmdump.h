/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rmdump internals: a generic, descriptor-driven translation between RM RPC
 * message payloads and JSON, and the text rendering of that JSON.
 *
 * Nothing here knows a message by name: every layout comes from the
 * generated message table (gunyah_rm_messages[], struct
 * gunyah_rm_payload_desc).
 */
#ifndef RMDUMP_H
#define RMDUMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "gunyah_rm/rpc.h"
#include "gunyah_rm/table.h"

/* JSON key of the bytes after a payload that ignores trailing bytes. */
#define RMD_TRAILING_KEY "_trailing"
/* JSON key of a payload whose layout is unknown or not described. */
#define RMD_RAW_KEY "raw"

/* Largest message payload: the error word and data of a reply included. */
#define RMD_MAX_PAYLOAD GUNYAH_RM_RPC_MAX_PAYLOAD

/**
 * struct rmd_err - What went wrong, for a diagnostic.
 * @msg: human-readable description
 * @verr: validator result when a validator rejected the bytes
 * @has_verr: @verr is filled
 */
struct rmd_err {
	char msg[512];
	struct gunyah_rm_verr verr;
	bool has_verr;
};

void rmd_errf(struct rmd_err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void rmd_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Input bytes shown in a diagnostic: at most this many, escaped. */
#define RMD_QUOTE_MAX 40

/**
 * struct rmd_quoted - Room for rmd_quote()'s text.
 * @s: up to RMD_QUOTE_MAX bytes as escapes of 4 characters, "... (LENGTH
 *     bytes)" and a NUL
 */
struct rmd_quoted {
	char s[4 * RMD_QUOTE_MAX + 40];
};

const char *rmd_quote(struct rmd_quoted *q, const char *s, size_t len);

const char *rmd_type_str(enum gunyah_rm_rpc_type type);
int rmd_type_parse(const char *s, enum gunyah_rm_rpc_type *type);

const struct gunyah_rm_msg_desc *rmd_find_id(enum gunyah_rm_rpc_type type,
					     uint32_t id);
const struct gunyah_rm_msg_desc *rmd_find_name(enum gunyah_rm_rpc_type type,
					       const char *name);
const struct gunyah_rm_payload_desc *
rmd_payload_desc(const struct gunyah_rm_msg_desc *m,
		 enum gunyah_rm_rpc_type type, uint32_t rm_error);
const struct gunyah_rm_field_desc *
rmd_find_field(const struct gunyah_rm_payload_desc *d, const char *name);
const struct gunyah_rm_payload_desc *
rmd_element_desc(const struct gunyah_rm_field_desc *f, uint64_t selector);

/* JSON helpers (json.c). */
json_t *rmd_json_u64(uint64_t v);
int rmd_json_get_u64(const json_t *v, const struct gunyah_rm_enum_desc *en,
		     uint64_t *out);
json_t *rmd_json_hex(const uint8_t *p, size_t len);
int rmd_hex_decode(const char *s, size_t slen, uint8_t *out, size_t cap,
		   size_t *len);

/* Decoding (decode.c). */
int rmd_decode_msg(const struct gunyah_rm_rpc_msg *m, json_t **out,
		   struct rmd_err *e);

/**
 * struct rmd_wbuf - A payload being encoded.
 * @len: bytes written so far
 * @data: the bytes
 */
struct rmd_wbuf {
	size_t len;
	uint8_t data[RMD_MAX_PAYLOAD];
};

/* Encoding (encode.c). */
int rmd_encode_msg(const json_t *obj, enum gunyah_rm_rpc_type *type,
		   uint16_t *seq, uint32_t *msg_id, struct rmd_wbuf *out,
		   struct rmd_err *e);

/* Text rendering (text.c). */
void rmd_print_text(FILE *f, const json_t *msg);

#endif /* RMDUMP_H */
