// SPDX-License-Identifier: BSD-3-Clause
/*
 * The payload walk over the generated message table and the property every
 * payload codec must have, shared by the codec fuzz harness and the mutation
 * test:
 *
 * - validation of any byte string returns 0 or -EBADMSG, the same with and
 *   without an error record; on -EBADMSG the record holds -EBADMSG, a real
 *   failure reason, the payload's name, a non-NULL field name and an offset
 *   within the buffer, and decoding fails identically;
 * - on 0 the length is at least the table's min_size (and at most its
 *   max_size for exact-length payloads), decoding
 *   succeeds and re-encoding reproduces the input byte for byte (only a
 *   prefix for minimum-length payloads, whose trailing bytes are ignored);
 *   the encoding validates again and does not fit one byte less of space.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

static const struct gunyah_rm_payload_desc *
msg_payload(const struct gunyah_rm_msg_desc *m, size_t k)
{
	switch (k) {
	case 0:
		return m->request;
	case 1:
		return m->response;
	case 2:
		return m->error_response;
	default:
		return m->payload;
	}
}

/* Payload @index of the table (counting from 0), or its count for SIZE_MAX. */
static const struct gunyah_rm_payload_desc *walk(size_t index, size_t *count)
{
	size_t i, k, n = 0;

	for (i = 0; i < gunyah_rm_n_messages; i++) {
		for (k = 0; k < 4; k++) {
			const struct gunyah_rm_payload_desc *d =
				msg_payload(&gunyah_rm_messages[i], k);

			if (!d || !d->validate)
				continue;
			if (n == index)
				return d;
			n++;
		}
	}
	if (count)
		*count = n;
	return NULL;
}

size_t rmgen_fuzz_n_payloads(void)
{
	static size_t n;

	if (!n)
		walk(SIZE_MAX, &n);
	return n;
}

const struct gunyah_rm_payload_desc *rmgen_fuzz_payload(size_t index)
{
	return walk(index, NULL);
}

long rmgen_fuzz_payload_index(const char *name)
{
	size_t i, n = rmgen_fuzz_n_payloads();

	for (i = 0; i < n; i++) {
		if (strcmp(rmgen_fuzz_payload(i)->name, name) == 0)
			return (long)i;
	}
	return -1;
}

static const struct gunyah_rm_verr verr_poison = {
	.code = 0x5a5a5a5a,
	.reason = (enum gunyah_rm_verr_reason)0x5a5a,
	.payload = NULL,
	.field = NULL,
	.offset = (size_t)-1,
};

static const char *check_failure(const struct gunyah_rm_payload_desc *d,
				 const uint8_t *buf, size_t len,
				 const struct gunyah_rm_verr *err, void *host)
{
	struct gunyah_rm_verr derr = verr_poison;

	if (d->unknown)
		return "an unknown-layout payload was rejected";
	if (err->code != -EBADMSG)
		return "error record code is not -EBADMSG";
	if (err->reason <= GUNYAH_RM_VERR_NONE ||
	    err->reason >= GUNYAH_RM_VERR_LAYOUT_UNKNOWN)
		return "error record reason is not a failure reason";
	if (!err->payload || strcmp(err->payload, d->name) != 0)
		return "error record does not name the payload";
	if (!err->field)
		return "error record field is NULL";
	if (err->offset > len)
		return "error record offset is beyond the buffer";
	if (d->decode(buf, len, host, &derr) != -EBADMSG)
		return "decode accepted what validation rejected";
	if (derr.code != err->code || derr.reason != err->reason ||
	    derr.field != err->field || derr.offset != err->offset)
		return "decode reported another error than validation";
	return NULL;
}

static const char *check_round_trip(const struct gunyah_rm_payload_desc *d,
				    const uint8_t *buf, size_t len,
				    const struct gunyah_rm_verr *err,
				    void *host)
{
	struct gunyah_rm_verr derr = verr_poison;
	const char *why = NULL;
	uint8_t *out;
	int n;

	if (d->unknown &&
	    (err->code != 0 || err->reason != GUNYAH_RM_VERR_LAYOUT_UNKNOWN ||
	     err->offset != len))
		return "unknown layout not flagged LAYOUT_UNKNOWN";
	if (!d->unknown && len < d->min_size)
		return "accepted length below min_size";
	if (!d->unknown && d->exact && len > d->max_size)
		return "exact payload accepted above max_size";
	if (!d->unknown && d->fixed_size && d->exact && len != d->fixed_size)
		return "fixed exact payload accepted with another length";
	if (d->decode(buf, len, host, &derr))
		return "decode rejected what validation accepted";

	/* Exactly @len bytes of space: an overrun is a heap overflow. */
	out = malloc(len ? len : 1);
	if (!out)
		abort();
	n = d->encode(host, out, len);
	if (n < 0)
		why = "re-encoding failed";
	else if ((size_t)n > len)
		why = "re-encoding is longer than the input";
	else if ((d->exact || d->unknown) && (size_t)n != len)
		why = "re-encoding is shorter than an exact input";
	else if (memcmp(out, buf, (size_t)n) != 0)
		why = "re-encoding differs from the input";
	else if (!d->unknown &&
		 ((size_t)n < d->min_size || (size_t)n > d->max_size))
		why = "re-encoding length outside min_size..max_size";
	else if (d->validate(out, (size_t)n, NULL))
		why = "re-encoding does not validate";
	else if (n > 0 && d->encode(host, out, (size_t)n - 1) != -ENOSPC)
		why = "encoding into one byte too few did not fail -ENOSPC";
	free(out);
	return why;
}

/**
 * rmgen_fuzz_check_payload() - Check one payload codec on one byte string.
 * @d: the payload, from the generated table
 * @buf: the bytes (exactly @len long, so that overreads are caught)
 * @len: their number
 *
 * Return: NULL if every property holds, else what went wrong.
 */
const char *rmgen_fuzz_check_payload(const struct gunyah_rm_payload_desc *d,
				     const uint8_t *buf, size_t len)
{
	static _Alignas(16) unsigned char host[8192];
	struct gunyah_rm_verr err = verr_poison;
	int ret, ret_noerr;

	if (d->host_size > sizeof(host))
		return "host struct larger than the checker's buffer";
	memset(host, 0xa5, sizeof(host));
	ret = d->validate(buf, len, &err);
	ret_noerr = d->validate(buf, len, NULL);
	if (ret != ret_noerr)
		return "validation result depends on the error record";
	if (ret == -EBADMSG)
		return check_failure(d, buf, len, &err, host);
	if (ret)
		return "validation returned neither 0 nor -EBADMSG";
	return check_round_trip(d, buf, len, &err, host);
}
