// SPDX-License-Identifier: BSD-3-Clause
/*
 * Dependency-free golden-vector runner.
 *
 * Checks every vector of the generated table through the generic codecs of
 * the message table: validation accepts it, decoding and re-encoding give
 * back the same bytes, and (for exact-length payloads) one byte more is
 * rejected. Built where Criterion is not available, e.g. cross-compiled for
 * s390x and run under qemu-user, to prove the codecs on a big-endian host.
 *
 * With --digest it prints, per vector, what the validator returns for
 * every truncation, a trailing byte and single-byte corruptions of the
 * vector. The suite compares that output between the default build and
 * one with GUNYAH_RM_VERR_DETAIL=0: both must accept and reject the same.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "gunyah_rm/protocol.h"
#include "gunyah_rm/table.h"
#include "vectors.h"

static const struct gunyah_rm_payload_desc *find_payload(const char *name)
{
	size_t i;

	for (i = 0; i < gunyah_rm_n_messages; i++) {
		const struct gunyah_rm_msg_desc *m = &gunyah_rm_messages[i];
		const struct gunyah_rm_payload_desc *p[] = {
			m->request, m->response, m->error_response, m->payload
		};
		size_t j;

		for (j = 0; j < sizeof(p) / sizeof(p[0]); j++) {
			if (p[j] && !strcmp(p[j]->name, name))
				return p[j];
		}
	}
	return NULL;
}

static int check(const struct gunyah_rm_vector *v)
{
	static _Alignas(16) unsigned char host[4096];
	static uint8_t buf[16384];
	const struct gunyah_rm_payload_desc *d = find_payload(v->message);
	struct gunyah_rm_verr err = { 0 };
	int n;

	if (!d || !d->validate || d->host_size > sizeof(host) ||
	    v->len + 1 > sizeof(buf)) {
		printf("FAIL %s: no usable payload descriptor\n", v->name);
		return 0;
	}
	if (d->validate(v->bytes, v->len, &err)) {
		printf("FAIL %s: rejected: %s at %s+%zu\n", v->name,
		       gunyah_rm_verr_str(err.reason),
		       err.field ? err.field : "?", err.offset);
		return 0;
	}
	if (d->decode(v->bytes, v->len, host, &err)) {
		printf("FAIL %s: decode failed\n", v->name);
		return 0;
	}
	n = d->encode(host, buf, sizeof(buf));
	if (n < 0 || (size_t)n != v->len || memcmp(buf, v->bytes, v->len)) {
		printf("FAIL %s: re-encoding differs (%d bytes)\n", v->name, n);
		return 0;
	}
	if (d->exact) {
		memcpy(buf, v->bytes, v->len);
		buf[v->len] = 0;
		if (d->validate(buf, v->len + 1, &err) != -EBADMSG) {
			printf("FAIL %s: a trailing byte was accepted\n",
			       v->name);
			return 0;
		}
	}
	return 1;
}

/* Results of one vector's variants: counts and an FNV-1a hash. */
struct tally {
	unsigned int ok, bad;
	uint32_t h;
};

static void try_variant(const struct gunyah_rm_payload_desc *d,
			const uint8_t *buf, size_t n, struct tally *t)
{
	struct gunyah_rm_verr err;
	int ret = d->validate(buf, n, &err);

	t->h = (t->h ^ (uint32_t)ret) * 16777619u;
	if (ret)
		t->bad++;
	else
		t->ok++;
}

/*
 * The validator's result for every prefix of @v, @v with a 0x00 or 0xff
 * byte appended, and @v with each byte xored with 0x01, 0x80 and 0xff, as
 * one line: name, inputs accepted, inputs rejected, hash of all results.
 */
static int digest(const struct gunyah_rm_vector *v)
{
	static const uint8_t flips[] = { 0x01, 0x80, 0xff };
	static uint8_t buf[16384];
	const struct gunyah_rm_payload_desc *d = find_payload(v->message);
	struct tally t = { .h = 2166136261u };
	size_t i, f;

	if (!d || !d->validate || v->len + 1 > sizeof(buf)) {
		printf("FAIL %s: no usable payload descriptor\n", v->name);
		return 0;
	}
	memcpy(buf, v->bytes, v->len);
	for (i = 0; i <= v->len; i++)
		try_variant(d, buf, i, &t);
	buf[v->len] = 0x00;
	try_variant(d, buf, v->len + 1, &t);
	buf[v->len] = 0xff;
	try_variant(d, buf, v->len + 1, &t);
	for (i = 0; i < v->len; i++) {
		for (f = 0; f < sizeof(flips); f++) {
			buf[i] ^= flips[f];
			try_variant(d, buf, v->len, &t);
			buf[i] ^= flips[f];
		}
	}
	printf("%s %u %u %08x\n", v->name, t.ok, t.bad, (unsigned int)t.h);
	return 1;
}

int main(int argc, char **argv)
{
	int (*fn)(const struct gunyah_rm_vector *) = check;
	size_t passed = 0, failed = 0, i;

	if (argc == 2 && !strcmp(argv[1], "--digest")) {
		fn = digest;
	} else if (argc != 1) {
		fprintf(stderr, "usage: vector_runner [--digest]\n");
		return 2;
	}
	for (i = 0; i < gunyah_rm_n_vectors; i++) {
		if (fn(&gunyah_rm_vectors[i]))
			passed++;
		else
			failed++;
	}
	printf("%zu passed, %zu failed\n", passed, failed);
	return failed ? 1 : 0;
}
