// SPDX-License-Identifier: BSD-3-Clause
/*
 * rmdump: decode a complete RPC message into JSON.
 *
 * The payload is first checked by the generated validator of its
 * descriptor; only bytes that passed are then walked, field by field, by a
 * generic interpreter of struct gunyah_rm_payload_desc: integers of any
 * width and byte order, fixed and counted byte strings, arrays of integers
 * or of (possibly variable-size, possibly selected) structs, with offsets
 * computed at run time from count fields and pad_to alignment, and optional
 * tails. The walk re-checks every bound and every constant field offset, so
 * a descriptor that disagrees with its validator is reported, not trusted.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "rmdump.h"

struct walk {
	const uint8_t *p;
	size_t len;
	size_t off;
	const char *payload;
	struct rmd_err *e;
};

static int walk_need(struct walk *w, const char *field, uint64_t n)
{
	if (n > w->len - w->off) {
		rmd_errf(
			w->e,
			"%s.%s: descriptor walk needs %" PRIu64
			" bytes at offset %zu of %zu, after the validator accepted the payload",
			w->payload, field, n, w->off, w->len);
		return -EPROTO;
	}
	return 0;
}

static uint64_t get_uint(const uint8_t *p, unsigned int width, bool be)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < width; i++) {
		if (be)
			v = v << 8 | p[i];
		else
			v |= (uint64_t)p[i] << (8 * i);
	}
	return v;
}

static int set_new(json_t *obj, const char *key, json_t *val, struct rmd_err *e)
{
	if (!val || json_object_set_new(obj, key, val)) {
		rmd_errf(e, "out of memory");
		return -ENOMEM;
	}
	return 0;
}

static int walk_int(struct walk *w, const char *name, unsigned int width,
		    bool be, uint64_t *v)
{
	int ret;

	if (width < 1 || width > 8) {
		rmd_errf(w->e, "%s.%s: unsupported integer width %u",
			 w->payload, name, width);
		return -EPROTO;
	}
	ret = walk_need(w, name, width);
	if (ret)
		return ret;
	*v = get_uint(w->p + w->off, width, be);
	w->off += width;
	return 0;
}

static int walk_fields(struct walk *w, const struct gunyah_rm_payload_desc *d,
		       bool top, json_t *obj);

static int walk_array(struct walk *w, const struct gunyah_rm_field_desc *f,
		      uint64_t n, uint64_t selector, json_t *arr)
{
	const struct gunyah_rm_payload_desc *ed = rmd_element_desc(f, selector);
	bool be = f->attrs & GUNYAH_RM_FIELD_BIG_ENDIAN;
	uint64_t i, v;
	int ret;

	if (!ed && f->select >= 0) {
		rmd_errf(w->e,
			 "%s.%s: no element layout for selector value %" PRIu64,
			 w->payload, f->name, selector);
		return -EPROTO;
	}
	for (i = 0; i < n; i++) {
		json_t *el;

		if (ed) {
			el = json_object();
			if (!el) {
				rmd_errf(w->e, "out of memory");
				return -ENOMEM;
			}
			ret = walk_fields(w, ed, false, el);
		} else {
			ret = walk_int(w, f->name, f->width, be, &v);
			el = ret ? NULL : rmd_json_u64(v);
		}
		if (ret) {
			json_decref(el);
			return ret;
		}
		if (!el || json_array_append_new(arr, el)) {
			rmd_errf(w->e, "out of memory");
			return -ENOMEM;
		}
	}
	return 0;
}

/*
 * Reserved fields are left out of the JSON when zero, except the first field
 * of an optional tail, whose presence must stay visible.
 */
static bool omit_field(const struct gunyah_rm_payload_desc *d, size_t i,
		       uint64_t v)
{
	const struct gunyah_rm_field_desc *f = &d->fields[i];

	if (!(f->attrs & (GUNYAH_RM_FIELD_RESERVED_ZERO |
			  GUNYAH_RM_FIELD_RESERVED_IGNORE)))
		return false;
	return v == 0 && (long)i != d->optional_from;
}

static int walk_field(struct walk *w, const struct gunyah_rm_payload_desc *d,
		      size_t i, uint64_t *vals, json_t *obj)
{
	const struct gunyah_rm_field_desc *f = &d->fields[i];
	uint64_t n = 0, sel = 0;
	json_t *arr;
	int ret;

	if (f->count >= 0)
		n = vals[f->count];
	if (f->select >= 0)
		sel = vals[f->select];

	switch (f->kind) {
	case GUNYAH_RM_FIELD_INT:
		ret = walk_int(w, f->name, f->width,
			       f->attrs & GUNYAH_RM_FIELD_BIG_ENDIAN, &vals[i]);
		if (ret || omit_field(d, i, vals[i]))
			return ret;
		return set_new(obj, f->name, rmd_json_u64(vals[i]), w->e);
	case GUNYAH_RM_FIELD_FIXED_BYTES:
		n = f->size;
		/* fall through */
	case GUNYAH_RM_FIELD_BYTES:
		ret = walk_need(w, f->name, n);
		if (ret)
			return ret;
		ret = set_new(obj, f->name, rmd_json_hex(w->p + w->off, n),
			      w->e);
		w->off += n;
		return ret;
	case GUNYAH_RM_FIELD_ARRAY:
		arr = json_array();
		ret = set_new(obj, f->name, arr, w->e);
		if (ret)
			return ret;
		return walk_array(w, f, n, sel, arr);
	}
	rmd_errf(w->e, "%s.%s: unknown field kind %d", w->payload, f->name,
		 (int)f->kind);
	return -EPROTO;
}

static int walk_fields(struct walk *w, const struct gunyah_rm_payload_desc *d,
		       bool top, json_t *obj)
{
	size_t base = w->off, i;
	uint64_t *vals;
	int ret = 0;

	vals = calloc(d->n_fields ? d->n_fields : 1, sizeof(*vals));
	if (!vals) {
		rmd_errf(w->e, "out of memory");
		return -ENOMEM;
	}
	for (i = 0; i < d->n_fields && !ret; i++) {
		const struct gunyah_rm_field_desc *f = &d->fields[i];

		if ((long)i == d->optional_from) {
			if (!top) {
				rmd_errf(w->e,
					 "%s: optional tail inside an element",
					 d->name);
				ret = -EPROTO;
				break;
			}
			if (w->off == w->len)
				break; /* the optional tail is absent */
		}
		if ((f->count >= 0 && (size_t)f->count >= i) ||
		    (f->select >= 0 && (size_t)f->select >= i)) {
			rmd_errf(
				w->e,
				"%s.%s: count or selector field %d/%d does not precede it",
				d->name, f->name, f->count, f->select);
			ret = -EPROTO;
			break;
		}
		if (f->offset >= 0 && w->off - base != (size_t)f->offset) {
			rmd_errf(
				w->e,
				"%s.%s: walk reached offset %zu, descriptor says %d",
				d->name, f->name, w->off - base, f->offset);
			ret = -EPROTO;
			break;
		}
		ret = walk_field(w, d, i, vals, obj);
		if (!ret && f->pad_to > 1) {
			size_t pad =
				(f->pad_to - w->off % f->pad_to) % f->pad_to;

			ret = walk_need(w, f->name, pad);
			w->off += ret ? 0 : pad;
		}
	}
	free(vals);
	return ret;
}

/*
 * Decode payload bytes of layout @d (NULL: none described) into a new JSON
 * object. The validator runs first; the walk only sees accepted bytes.
 */
static int decode_payload(const struct gunyah_rm_payload_desc *d,
			  const uint8_t *p, size_t len, const char *offname,
			  json_t **out, struct rmd_err *e)
{
	struct walk w = { .p = p, .len = len, .e = e };
	json_t *obj = json_object();
	int ret;

	*out = obj;
	if (!obj) {
		rmd_errf(e, "out of memory");
		return -ENOMEM;
	}
	if (!d && !len)
		return 0;
	if (!d || d->unknown || !d->validate)
		return set_new(obj, RMD_RAW_KEY, rmd_json_hex(p, len), e);

	w.payload = d->name;
	ret = d->validate(p, len, &e->verr);
	if (ret) {
		e->has_verr = true;
		rmd_errf(e, "%s: field '%s' at %s %zu: %s", d->name,
			 e->verr.field ? e->verr.field : "?", offname,
			 e->verr.offset, gunyah_rm_verr_str(e->verr.reason));
		return ret;
	}
	ret = walk_fields(&w, d, true, obj);
	if (ret)
		return ret;
	if (w.off != len) {
		if (d->exact) {
			rmd_errf(
				e,
				"%s: descriptor walk ends at offset %zu of %zu, after the validator accepted the payload",
				d->name, w.off, len);
			return -EPROTO;
		}
		/* Trailing bytes the layout ignores: kept for re-encoding. */
		return set_new(obj, RMD_TRAILING_KEY,
			       rmd_json_hex(p + w.off, len - w.off), e);
	}
	return 0;
}

/**
 * rmd_decode_msg() - Decode a reassembled RPC message.
 * @m: the message
 * @out: on success, a new JSON object {"type", "seq", "msg_id", "name",
 *       "error" (replies), "payload"}; on failure NULL
 * @e: the reason on failure (@e->verr when the validator rejected it)
 *
 * Replies start with the RM error word. The data after it has the
 * response layout when the error is 0, else the error_response layout;
 * an error reply without data is a standard error reply and decodes to an
 * empty payload, and one with data but no error_response layout keeps the
 * data as "raw".
 *
 * Return: 0; -ENOENT for an ID the protocol does not have; -EBADMSG when
 * the payload does not validate; -EPROTO when the table is inconsistent;
 * -ENOMEM.
 */
int rmd_decode_msg(const struct gunyah_rm_rpc_msg *m, json_t **out,
		   struct rmd_err *e)
{
	const struct gunyah_rm_rpc_hdr *h = &m->hdr;
	const struct gunyah_rm_payload_desc *d;
	const struct gunyah_rm_msg_desc *md;
	const uint8_t *p = m->payload;
	size_t len = m->len;
	uint32_t rm_error = 0;
	json_t *obj, *payload = NULL;
	int ret;

	*out = NULL;
	e->has_verr = false;
	md = rmd_find_id(h->type, h->msg_id);
	if (!md) {
		rmd_errf(e, "unknown %s ID 0x%08" PRIx32,
			 h->type == GUNYAH_RM_RPC_TYPE_NOTIFICATION ?
				 "notification" :
				 "message",
			 h->msg_id);
		return -ENOENT;
	}
	if (h->type == GUNYAH_RM_RPC_TYPE_REPLY) {
		if (len < 4) {
			rmd_errf(
				e,
				"field 'error' at offset 0: reply of %zu bytes has no 4-byte RM error word",
				len);
			return -EBADMSG;
		}
		rm_error = gunyah_rm_get_le32(p);
		p += 4;
		len -= 4;
	}
	d = rmd_payload_desc(md, h->type, rm_error);
	if (rm_error && len == 0)
		d = NULL; /* a standard error reply: the error word only */

	obj = json_object();
	if (!obj) {
		rmd_errf(e, "out of memory");
		return -ENOMEM;
	}
	ret = set_new(obj, "type", json_string(rmd_type_str(h->type)), e);
	if (!ret)
		ret = set_new(obj, "seq", json_integer(h->seq), e);
	if (!ret)
		ret = set_new(obj, "msg_id", json_integer(h->msg_id), e);
	if (!ret)
		ret = set_new(obj, "name", json_string(md->name), e);
	if (!ret && h->type == GUNYAH_RM_RPC_TYPE_REPLY)
		ret = set_new(obj, "error", json_integer(rm_error), e);
	if (!ret) {
		ret = decode_payload(d, p, len,
				     h->type == GUNYAH_RM_RPC_TYPE_REPLY ?
					     "data offset" :
					     "offset",
				     &payload, e);
		if (!ret) {
			ret = set_new(obj, "payload", payload, e);
			payload = NULL;
		}
	}
	json_decref(payload);
	if (ret) {
		json_decref(obj);
		return ret;
	}
	*out = obj;
	return 0;
}
