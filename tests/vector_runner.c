// SPDX-License-Identifier: BSD-3-Clause
/*
 * Dependency-free golden-vector runner.
 *
 * Checks every vector of the generated table through the generic codecs of
 * the message table: validation accepts it, decoding and re-encoding give
 * back the same bytes, and (for exact-length payloads) one byte more is
 * rejected. Built where Criterion is not available, e.g. cross-compiled for
 * s390x and run under qemu-user, to prove the codecs on a big-endian host.
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
	struct gunyah_rm_verr err;
	int n;

	if (!d || !d->validate || d->host_size > sizeof(host) ||
	    v->len + 1 > sizeof(buf)) {
		printf("FAIL %s: no usable payload descriptor\n", v->name);
		return 0;
	}
	if (d->validate(v->bytes, v->len, &err)) {
		printf("FAIL %s: rejected: %s at %s+%zu\n", v->name,
		       gunyah_rm_verr_str(err.reason), err.field, err.offset);
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

int main(void)
{
	size_t passed = 0, failed = 0, i;

	for (i = 0; i < gunyah_rm_n_vectors; i++) {
		if (check(&gunyah_rm_vectors[i]))
			passed++;
		else
			failed++;
	}
	printf("%zu passed, %zu failed\n", passed, failed);
	return failed ? 1 : 0;
}
