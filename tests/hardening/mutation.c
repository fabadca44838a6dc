// SPDX-License-Identifier: BSD-3-Clause
/*
 * Mutation test of every payload codec, driven by the golden vectors.
 *
 * For every vector of the generated table: the vector itself, every
 * single-byte change (all 256 values at every offset) and every truncation
 * is run through the validator and the decoder of its payload (found in the
 * generated message table). Each must give a defined result and, when
 * validation passes, decode and re-encode to the same bytes: the properties
 * of rmgen_fuzz_check_payload() (fuzz/check.c). Every byte string sits in a
 * heap block of exactly its length, so that sanitizer and valgrind runs
 * catch any read past it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "vectors.h"

#define MAX_REPORTED 20

static size_t passed, failed;

static void result(const struct gunyah_rm_vector *v, const char *what,
		   size_t off, unsigned int value, const char *why)
{
	if (!why) {
		passed++;
		return;
	}
	if (failed++ < MAX_REPORTED)
		printf("FAIL %s: %s at offset %zu (value 0x%02x): %s\n",
		       v->name, what, off, value, why);
}

static uint8_t *xmalloc(size_t len)
{
	uint8_t *p = malloc(len ? len : 1);

	if (!p) {
		perror("malloc");
		exit(2);
	}
	return p;
}

static void mutate_vector(const struct gunyah_rm_vector *v)
{
	const struct gunyah_rm_payload_desc *d;
	struct gunyah_rm_verr err;
	long idx = rmgen_fuzz_payload_index(v->message);
	uint8_t *buf;
	size_t off, len;
	unsigned int value;

	if (idx < 0) {
		result(v, "lookup", 0, 0, "payload not in the message table");
		return;
	}
	d = rmgen_fuzz_payload((size_t)idx);

	/* The golden vector itself is valid and round-trips. */
	buf = xmalloc(v->len);
	if (v->len)
		memcpy(buf, v->bytes, v->len);
	if (d->validate(buf, v->len, &err))
		result(v, "golden vector", 0, 0, "rejected");
	else
		result(v, "golden vector", 0, 0,
		       rmgen_fuzz_check_payload(d, buf, v->len));

	/* Every value at every offset. */
	for (off = 0; off < v->len; off++) {
		for (value = 0; value < 256; value++) {
			buf[off] = (uint8_t)value;
			result(v, "byte change", off, value,
			       rmgen_fuzz_check_payload(d, buf, v->len));
		}
		buf[off] = v->bytes[off];
	}
	free(buf);

	/* Every truncation, each in a block of exactly its length. */
	for (len = 0; len < v->len; len++) {
		buf = xmalloc(len);
		if (len)
			memcpy(buf, v->bytes, len);
		result(v, "truncation", len, 0,
		       rmgen_fuzz_check_payload(d, buf, len));
		free(buf);
	}
}

int main(void)
{
	size_t i;

	if (!gunyah_rm_n_vectors) {
		printf("FAIL: the golden-vector table is empty\n");
		failed++;
	}
	for (i = 0; i < gunyah_rm_n_vectors; i++)
		mutate_vector(&gunyah_rm_vectors[i]);
	if (failed > MAX_REPORTED)
		printf("(%zu more failures not shown)\n",
		       failed - MAX_REPORTED);
	printf("%zu passed, %zu failed\n", passed, failed);
	return failed ? 1 : 0;
}
