// SPDX-License-Identifier: BSD-3-Clause
/*
 * rmdump: one-line text rendering of a decoded message.
 *
 *   reply seq=1 vm_get_state (0x5600001d) error=ok(0) vm_status=running(3) ...
 *
 * Integers print in decimal below 10 and in hex above; enumeration values
 * add their member name, flag sets the names of their bits.
 */
#include <inttypes.h>
#include <string.h>

#include "gunyah_rm/protocol.h"
#include "rmdump.h"

static void print_uint(FILE *f, uint64_t v)
{
	if (v < 10)
		fprintf(f, "%" PRIu64, v);
	else
		fprintf(f, "0x%" PRIx64, v);
}

static void print_flags(FILE *f, const struct gunyah_rm_enum_desc *en,
			uint64_t v)
{
	const char *sep = "";
	uint64_t left = v;
	size_t i;

	if (!v)
		return;
	fputc('(', f);
	for (i = 0; i < en->n_members; i++) {
		uint64_t m = en->members[i].value;

		if (m && (v & m) == m) {
			fprintf(f, "%s%s", sep, en->members[i].name);
			sep = "|";
			left &= ~m;
		}
	}
	if (left)
		fprintf(f, "%s0x%" PRIx64, sep, left);
	fputc(')', f);
}

static void print_int(FILE *f, const struct gunyah_rm_enum_desc *en,
		      const json_t *v)
{
	uint64_t x;
	size_t i;

	if (rmd_json_get_u64(v, NULL, &x)) {
		fputs("?", f);
		return;
	}
	if (en && !en->is_flags) {
		for (i = 0; i < en->n_members; i++) {
			if (en->members[i].value == x) {
				fprintf(f, "%s(%" PRIu64 ")",
					en->members[i].name, x);
				return;
			}
		}
	}
	print_uint(f, x);
	if (en && en->is_flags)
		print_flags(f, en, x);
}

static void print_fields(FILE *f, const struct gunyah_rm_payload_desc *d,
			 const json_t *obj);

static void print_array(FILE *f, const struct gunyah_rm_payload_desc *d,
			const struct gunyah_rm_field_desc *fd,
			const json_t *obj, const json_t *arr)
{
	const struct gunyah_rm_payload_desc *ed;
	uint64_t sel = 0;
	size_t i;

	if (fd->select >= 0)
		rmd_json_get_u64(json_object_get(obj,
						 d->fields[fd->select].name),
				 NULL, &sel);
	ed = rmd_element_desc(fd, sel);
	fputc('[', f);
	for (i = 0; i < json_array_size(arr); i++) {
		const json_t *el = json_array_get(arr, i);

		if (i)
			fputc(' ', f);
		if (ed && json_is_object(el)) {
			fputc('{', f);
			print_fields(f, ed, el);
			fputc('}', f);
		} else {
			print_int(f, fd->enumeration, el);
		}
	}
	fputc(']', f);
}

static void print_fields(FILE *f, const struct gunyah_rm_payload_desc *d,
			 const json_t *obj)
{
	const char *sep = "";
	void *it;

	for (it = json_object_iter((json_t *)obj); it;
	     it = json_object_iter_next((json_t *)obj, it)) {
		const char *key = json_object_iter_key(it);
		const json_t *v = json_object_iter_value(it);
		const struct gunyah_rm_field_desc *fd =
			d ? rmd_find_field(d, key) : NULL;

		fprintf(f, "%s%s=", sep, key);
		sep = " ";
		if (!fd || fd->kind == GUNYAH_RM_FIELD_BYTES ||
		    fd->kind == GUNYAH_RM_FIELD_FIXED_BYTES)
			fputs(json_is_string(v) ? json_string_value(v) : "?",
			      f);
		else if (fd->kind == GUNYAH_RM_FIELD_ARRAY)
			print_array(f, d, fd, obj, v);
		else
			print_int(f, fd->enumeration, v);
	}
}

/**
 * rmd_print_text() - Print a decoded message as one line.
 * @f: where to print
 * @msg: a JSON object from rmd_decode_msg()
 */
void rmd_print_text(FILE *f, const json_t *msg)
{
	const json_t *payload = json_object_get(msg, "payload");
	const json_t *err = json_object_get(msg, "error");
	const struct gunyah_rm_payload_desc *d;
	const struct gunyah_rm_msg_desc *md;
	enum gunyah_rm_rpc_type type = GUNYAH_RM_RPC_TYPE_REQUEST;
	uint64_t id = 0, seq = 0, rm_error = 0;
	const char *ename;

	rmd_type_parse(json_string_value(json_object_get(msg, "type")), &type);
	rmd_json_get_u64(json_object_get(msg, "msg_id"), NULL, &id);
	rmd_json_get_u64(json_object_get(msg, "seq"), NULL, &seq);
	md = rmd_find_id(type, (uint32_t)id);
	fprintf(f, "%s seq=%" PRIu64 " %s (0x%08" PRIx64 ")",
		rmd_type_str(type), seq, md ? md->name : "?", id);
	if (err) {
		rmd_json_get_u64(err, NULL, &rm_error);
		ename = gunyah_rm_error_str((uint32_t)rm_error);
		fprintf(f, " error=%s(", ename ? ename : "?");
		print_uint(f, rm_error);
		fputc(')', f);
	}
	d = md ? rmd_payload_desc(md, type, (uint32_t)rm_error) : NULL;
	if (json_object_get(payload, RMD_RAW_KEY) &&
	    (!d || !rmd_find_field(d, RMD_RAW_KEY))) {
		fprintf(f, " raw=%s (%s)",
			json_string_value(
				json_object_get(payload, RMD_RAW_KEY)),
			d && d->unknown ? "layout unknown" : "no layout");
	} else if (json_object_size(payload)) {
		fputc(' ', f);
		print_fields(f, d, payload);
	}
	fputc('\n', f);
}
