// SPDX-License-Identifier: BSD-3-Clause
/*
 * rmdump: encode a JSON message object into an RPC message payload.
 *
 * The writer is the mirror of the decoder's walk: a generic interpreter of
 * struct gunyah_rm_payload_desc that writes every field in wire order. A
 * count field may be left out (it is then the length of the array or byte
 * string it counts) or given (it must then agree); reserved fields left out
 * are zero; an optional tail is written when any of its fields is given.
 * The result is checked by the generated validator before it is accepted.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "rmdump.h"

/* A field path for diagnostics ("entries[2].type"); long ones are cut. */
static void __attribute__((format(printf, 3, 4)))
pathf(char *buf, size_t cap, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, cap, fmt, ap);
	va_end(ap);
}

struct enc {
	struct rmd_wbuf *b;
	size_t base;
	const char *payload;
	struct rmd_err *e;
};

static int put(struct enc *c, const char *path, const void *p, size_t n)
{
	if (n > sizeof(c->b->data) - c->b->len) {
		rmd_errf(c->e, "%s.%s: payload exceeds %zu bytes", c->payload,
			 path, sizeof(c->b->data));
		return -E2BIG;
	}
	if (n)
		memcpy(c->b->data + c->b->len, p, n);
	c->b->len += n;
	return 0;
}

static int put_uint(struct enc *c, const char *path, uint64_t v,
		    unsigned int width, bool be)
{
	uint8_t tmp[8];
	unsigned int i;

	if (width < 1 || width > 8) {
		rmd_errf(c->e, "%s.%s: unsupported integer width %u",
			 c->payload, path, width);
		return -EPROTO;
	}
	if (width < 8 && v >> (8 * width)) {
		rmd_errf(c->e,
			 "%s.%s: value %" PRIu64 " does not fit %u byte%s",
			 c->payload, path, v, width, width > 1 ? "s" : "");
		return -ERANGE;
	}
	for (i = 0; i < width; i++) {
		unsigned int shift = be ? 8 * (width - 1 - i) : 8 * i;

		tmp[i] = (uint8_t)(v >> shift);
	}
	return put(c, path, tmp, width);
}

static int get_int(struct enc *c, const char *path, const json_t *v,
		   const struct gunyah_rm_enum_desc *en, uint64_t *out)
{
	if (rmd_json_get_u64(v, en, out)) {
		rmd_errf(
			c->e,
			"%s.%s: expected a non-negative integer (number, \"0x...\" string%s%s)",
			c->payload, path,
			!en	     ? "" :
			en->is_flags ? " or '|'-joined bit names of " :
				       " or member name of ",
			en ? en->name : "");
		return -EINVAL;
	}
	return 0;
}

/* Number of bytes of a hex string field, checking its digits. */
static int hex_len(struct enc *c, const char *path, const json_t *v,
		   size_t *len)
{
	if (!json_is_string(v) ||
	    rmd_hex_decode(json_string_value(v), json_string_length(v), NULL, 0,
			   len)) {
		rmd_errf(c->e, "%s.%s: expected a hex string", c->payload,
			 path);
		return -EINVAL;
	}
	return 0;
}

static int put_hex(struct enc *c, const char *path, const json_t *v)
{
	size_t n;
	int ret;

	ret = hex_len(c, path, v, &n);
	if (ret)
		return ret;
	if (n > sizeof(c->b->data) - c->b->len)
		return put(c, path, NULL, n);
	rmd_hex_decode(json_string_value(v), json_string_length(v),
		       c->b->data + c->b->len, n, &n);
	c->b->len += n;
	return 0;
}

static bool is_reserved(const struct gunyah_rm_field_desc *f)
{
	return f->attrs & (GUNYAH_RM_FIELD_RESERVED_ZERO |
			   GUNYAH_RM_FIELD_RESERVED_IGNORE);
}

static int write_fields(struct enc *c, const struct gunyah_rm_payload_desc *d,
			const json_t *obj, bool top, const char *prefix);

/* Elements of array field @f; @sel is the value of its selector field. */
static int write_array(struct enc *c, const struct gunyah_rm_field_desc *f,
		       const json_t *arr, uint64_t sel, const char *path)
{
	const struct gunyah_rm_payload_desc *ed = rmd_element_desc(f, sel);
	char epath[256];
	size_t i;
	uint64_t v;
	int ret;

	if (!json_is_array(arr)) {
		rmd_errf(c->e, "%s.%s: expected an array", c->payload, path);
		return -EINVAL;
	}
	if (!ed && f->select >= 0) {
		rmd_errf(c->e,
			 "%s.%s: selector value %" PRIu64
			 " has no element layout",
			 c->payload, path, sel);
		return -EINVAL;
	}
	for (i = 0; i < json_array_size(arr); i++) {
		const json_t *el = json_array_get(arr, i);

		pathf(epath, sizeof(epath), "%s[%zu]", path, i);
		if (ed) {
			if (!json_is_object(el)) {
				rmd_errf(c->e, "%s.%s: expected an object",
					 c->payload, epath);
				return -EINVAL;
			}
			ret = write_fields(c, ed, el, false, epath);
		} else {
			ret = get_int(c, epath, el, f->enumeration, &v);
			if (!ret)
				ret = put_uint(
					c, epath, v, f->width,
					f->attrs & GUNYAH_RM_FIELD_BIG_ENDIAN);
		}
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * The lengths of the given arrays and byte strings, by the index of their
 * count field. Two fields counted by the same field must agree.
 */
static int derive_counts(struct enc *c, const struct gunyah_rm_payload_desc *d,
			 const json_t *obj, const char *prefix,
			 uint64_t *derived, bool *have)
{
	char path[256];
	size_t i, n;
	int ret;

	for (i = 0; i < d->n_fields; i++) {
		const struct gunyah_rm_field_desc *f = &d->fields[i];
		const json_t *v = json_object_get(obj, f->name);

		if (f->count < 0 || !v)
			continue;
		if ((size_t)f->count >= i) {
			rmd_errf(c->e,
				 "%s: count field of '%s' does not precede it",
				 d->name, f->name);
			return -EPROTO;
		}
		pathf(path, sizeof(path), "%s%s", prefix, f->name);
		if (f->kind == GUNYAH_RM_FIELD_BYTES) {
			ret = hex_len(c, path, v, &n);
			if (ret)
				return ret;
		} else if (json_is_array(v)) {
			n = json_array_size(v);
		} else {
			rmd_errf(c->e, "%s.%s: expected an array", c->payload,
				 path);
			return -EINVAL;
		}
		if (have[f->count] && derived[f->count] != n) {
			rmd_errf(
				c->e,
				"%s.%s: has %zu elements, but another field counted by '%s' has %" PRIu64,
				c->payload, path, n, d->fields[f->count].name,
				derived[f->count]);
			return -EINVAL;
		}
		derived[f->count] = n;
		have[f->count] = true;
	}
	return 0;
}

static int write_int_field(struct enc *c, const struct gunyah_rm_field_desc *f,
			   const json_t *v, const char *path, bool have_derived,
			   uint64_t derived, uint64_t *val)
{
	int ret;

	if (v) {
		ret = get_int(c, path, v, f->enumeration, val);
		if (ret)
			return ret;
		if (have_derived && *val != derived) {
			rmd_errf(c->e,
				 "%s.%s: count %" PRIu64
				 " disagrees with the %" PRIu64
				 " elements of the field it counts",
				 c->payload, path, *val, derived);
			return -EINVAL;
		}
	} else if (have_derived) {
		*val = derived;
	} else if (is_reserved(f)) {
		*val = 0;
	} else {
		rmd_errf(c->e, "%s.%s: missing field", c->payload, path);
		return -EINVAL;
	}
	return put_uint(c, path, *val, f->width,
			f->attrs & GUNYAH_RM_FIELD_BIG_ENDIAN);
}

static int write_field(struct enc *c, const struct gunyah_rm_payload_desc *d,
		       size_t i, const json_t *obj, const char *prefix,
		       uint64_t *vals, const uint64_t *derived,
		       const bool *have)
{
	const struct gunyah_rm_field_desc *f = &d->fields[i];
	const json_t *v = json_object_get(obj, f->name);
	uint64_t sel = f->select >= 0 ? vals[f->select] : 0;
	char path[256];
	size_t n;
	int ret;

	pathf(path, sizeof(path), "%s%s", prefix, f->name);
	if (f->kind == GUNYAH_RM_FIELD_INT)
		return write_int_field(c, f, v, path, have[i], derived[i],
				       &vals[i]);
	if (!v && f->kind == GUNYAH_RM_FIELD_FIXED_BYTES && is_reserved(f)) {
		for (n = 0; n < f->size; n++) {
			ret = put(c, path, "", 1);
			if (ret)
				return ret;
		}
		return 0;
	}
	if (!v) {
		rmd_errf(c->e, "%s.%s: missing field", c->payload, path);
		return -EINVAL;
	}
	switch (f->kind) {
	case GUNYAH_RM_FIELD_FIXED_BYTES:
		ret = hex_len(c, path, v, &n);
		if (ret)
			return ret;
		if (n != f->size) {
			rmd_errf(c->e,
				 "%s.%s: expected %" PRIu32 " bytes, got %zu",
				 c->payload, path, f->size, n);
			return -EINVAL;
		}
		return put_hex(c, path, v);
	case GUNYAH_RM_FIELD_BYTES:
		/* Its length is the count field's value (derive_counts). */
		return put_hex(c, path, v);
	case GUNYAH_RM_FIELD_ARRAY:
		return write_array(c, f, v, sel, path);
	default:
		rmd_errf(c->e, "%s.%s: unknown field kind %d", c->payload, path,
			 (int)f->kind);
		return -EPROTO;
	}
}

static bool tail_given(const struct gunyah_rm_payload_desc *d,
		       const json_t *obj)
{
	size_t i;

	for (i = (size_t)d->optional_from; i < d->n_fields; i++) {
		if (json_object_get(obj, d->fields[i].name))
			return true;
	}
	return false;
}

static int check_keys(struct enc *c, const struct gunyah_rm_payload_desc *d,
		      const json_t *obj, bool top, const char *prefix)
{
	void *it;

	for (it = json_object_iter((json_t *)obj); it;
	     it = json_object_iter_next((json_t *)obj, it)) {
		const char *key = json_object_iter_key(it);
		struct rmd_quoted q;

		if (rmd_find_field(d, key))
			continue;
		if (top && !d->exact && !strcmp(key, RMD_TRAILING_KEY))
			continue;
		rmd_errf(c->e, "%s.%s%s: %s has no such field", c->payload,
			 prefix, rmd_quote(&q, key, strlen(key)), d->name);
		return -EINVAL;
	}
	return 0;
}

static int write_fields(struct enc *c, const struct gunyah_rm_payload_desc *d,
			const json_t *obj, bool top, const char *prefix)
{
	size_t end = d->n_fields, i;
	char sub[256];
	uint64_t *vals, *derived;
	bool *have;
	int ret;

	pathf(sub, sizeof(sub), "%s%s", prefix, *prefix ? "." : "");
	ret = check_keys(c, d, obj, top, sub);
	if (ret)
		return ret;
	if (d->optional_from >= 0 && !top) {
		rmd_errf(c->e, "%s: optional tail inside an element", d->name);
		return -EPROTO;
	}
	if (d->optional_from >= 0 && !tail_given(d, obj))
		end = (size_t)d->optional_from;

	vals = calloc(d->n_fields + 1, sizeof(*vals));
	derived = calloc(d->n_fields + 1, sizeof(*derived));
	have = calloc(d->n_fields + 1, sizeof(*have));
	if (!vals || !derived || !have) {
		rmd_errf(c->e, "out of memory");
		ret = -ENOMEM;
		goto out;
	}
	ret = derive_counts(c, d, obj, sub, derived, have);
	for (i = 0; i < end && !ret; i++) {
		const struct gunyah_rm_field_desc *f = &d->fields[i];

		ret = write_field(c, d, i, obj, sub, vals, derived, have);
		while (!ret && f->pad_to > 1 &&
		       (c->b->len - c->base) % f->pad_to)
			ret = put(c, f->name, "", 1);
	}
out:
	free(vals);
	free(derived);
	free(have);
	return ret;
}

static int encode_payload(const struct gunyah_rm_payload_desc *d,
			  const json_t *payload, struct rmd_wbuf *b,
			  struct rmd_err *e)
{
	struct enc c = {
		.b = b,
		.base = b->len,
		.e = e,
		.payload = d ? d->name : "payload",
	};
	const json_t *raw = json_object_get(payload, RMD_RAW_KEY);
	size_t start = b->len;
	int ret;

	if (raw && (json_object_size(payload) != 1 ||
		    (d && rmd_find_field(d, RMD_RAW_KEY)))) {
		raw = NULL;
	}
	if (raw) {
		ret = put_hex(&c, RMD_RAW_KEY, raw);
	} else if (!d || d->unknown) {
		if (json_object_size(payload)) {
			rmd_errf(
				e,
				"%s: layout %s: give the bytes as {\"%s\": \"hex\"}",
				c.payload, d ? "unknown" : "not described",
				RMD_RAW_KEY);
			return -EINVAL;
		}
		ret = 0;
	} else {
		ret = write_fields(&c, d, payload, true, "");
		if (!ret && json_object_get(payload, RMD_TRAILING_KEY))
			ret = put_hex(&c, RMD_TRAILING_KEY,
				      json_object_get(payload,
						      RMD_TRAILING_KEY));
	}
	if (ret || !d || d->unknown || !d->validate)
		return ret;

	e->has_verr = false;
	if (d->validate(b->data + start, b->len - start, &e->verr)) {
		e->has_verr = true;
		rmd_errf(
			e,
			"encoded %s does not validate: field '%s' at offset %zu: %s",
			d->name, e->verr.field ? e->verr.field : "?",
			e->verr.offset, gunyah_rm_verr_str(e->verr.reason));
		return -EBADMSG;
	}
	return 0;
}

static int get_hdr_u64(const json_t *obj, const char *key, uint64_t max,
		       uint64_t *out, struct rmd_err *e)
{
	const json_t *v = json_object_get(obj, key);

	if (!v) {
		*out = 0;
		return 0;
	}
	if (rmd_json_get_u64(v, NULL, out) || *out > max) {
		rmd_errf(e, "\"%s\": expected an integer 0..%" PRIu64, key,
			 max);
		return -EINVAL;
	}
	return 0;
}

static const char *const top_keys[] = { "type", "seq",	 "msg_id",
					"name", "error", "payload" };

/**
 * rmd_encode_msg() - Encode a JSON message object.
 * @obj: {"type", "seq", "msg_id" and/or "name", "error" (replies only,
 *       default 0), "payload" (default {})}
 * @type: the RPC type
 * @seq: the sequence number
 * @msg_id: the message or notification ID
 * @out: the RPC payload (replies: error word, then data)
 * @e: the reason on failure
 *
 * Return: 0; -EINVAL for malformed JSON values, -ENOENT for an unknown name
 * or ID, -EBADMSG if the encoded payload does not validate.
 */
int rmd_encode_msg(const json_t *obj, enum gunyah_rm_rpc_type *type,
		   uint16_t *seq, uint32_t *msg_id, struct rmd_wbuf *out,
		   struct rmd_err *e)
{
	const struct gunyah_rm_msg_desc *md = NULL, *by_id = NULL;
	const json_t *t, *name, *payload;
	struct rmd_quoted q;
	uint64_t v, err = 0;
	const char *key;
	size_t i;
	void *it;
	int ret;

	e->has_verr = false;
	out->len = 0;
	if (!json_is_object(obj)) {
		rmd_errf(e, "expected a JSON object");
		return -EINVAL;
	}
	for (it = json_object_iter((json_t *)obj); it;
	     it = json_object_iter_next((json_t *)obj, it)) {
		key = json_object_iter_key(it);
		for (i = 0; i < sizeof(top_keys) / sizeof(top_keys[0]); i++) {
			if (!strcmp(key, top_keys[i]))
				break;
		}
		if (i == sizeof(top_keys) / sizeof(top_keys[0])) {
			rmd_errf(e, "unknown key \"%s\"",
				 rmd_quote(&q, key, strlen(key)));
			return -EINVAL;
		}
	}
	t = json_object_get(obj, "type");
	if (!json_is_string(t) || rmd_type_parse(json_string_value(t), type)) {
		rmd_errf(
			e,
			"\"type\" must be \"request\", \"reply\" or \"notification\"");
		return -EINVAL;
	}
	ret = get_hdr_u64(obj, "seq", UINT16_MAX, &v, e);
	if (ret)
		return ret;
	*seq = (uint16_t)v;

	name = json_object_get(obj, "name");
	if (name) {
		if (!json_is_string(name)) {
			rmd_errf(e, "\"name\" must be a string");
			return -EINVAL;
		}
		md = rmd_find_name(*type, json_string_value(name));
		if (!md) {
			rmd_errf(e, "unknown %s name \"%s\"",
				 *type == GUNYAH_RM_RPC_TYPE_NOTIFICATION ?
					 "notification" :
					 "message",
				 rmd_quote(&q, json_string_value(name),
					   json_string_length(name)));
			return -ENOENT;
		}
	}
	if (json_object_get(obj, "msg_id")) {
		ret = get_hdr_u64(obj, "msg_id", UINT32_MAX, &v, e);
		if (ret)
			return ret;
		by_id = rmd_find_id(*type, (uint32_t)v);
		if (!by_id) {
			rmd_errf(e, "unknown %s ID 0x%08" PRIx64,
				 *type == GUNYAH_RM_RPC_TYPE_NOTIFICATION ?
					 "notification" :
					 "message",
				 v);
			return -ENOENT;
		}
		if (md && md != by_id) {
			rmd_errf(e, "\"msg_id\" 0x%08" PRIx64 " is %s, not %s",
				 v, by_id->name, md->name);
			return -EINVAL;
		}
		md = by_id;
	}
	if (!md) {
		rmd_errf(e, "\"name\" or \"msg_id\" is required");
		return -EINVAL;
	}
	*msg_id = md->id;

	if (*type == GUNYAH_RM_RPC_TYPE_REPLY) {
		ret = get_hdr_u64(obj, "error", UINT32_MAX, &err, e);
		if (ret)
			return ret;
		gunyah_rm_put_le32(out->data, (uint32_t)err);
		out->len = 4;
	} else if (json_object_get(obj, "error")) {
		rmd_errf(e, "\"error\" is only for replies");
		return -EINVAL;
	}

	payload = json_object_get(obj, "payload");
	if (payload && !json_is_object(payload)) {
		rmd_errf(e, "\"payload\" must be an object");
		return -EINVAL;
	}
	/* An error reply with no data is a standard error reply. */
	if (err && (!payload || !json_object_size(payload)))
		return 0;
	if (!payload) {
		json_t *empty = json_object();

		if (!empty) {
			rmd_errf(e, "out of memory");
			return -ENOMEM;
		}
		ret = encode_payload(rmd_payload_desc(md, *type, 0), empty, out,
				     e);
		json_decref(empty);
		return ret;
	}
	return encode_payload(rmd_payload_desc(md, *type, (uint32_t)err),
			      payload, out, e);
}
