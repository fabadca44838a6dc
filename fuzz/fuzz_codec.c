// SPDX-License-Identifier: BSD-3-Clause
/*
 * libFuzzer harness for every payload codec of the generated message table.
 *
 * Input: a 2-byte little-endian selector (modulo the number of payloads in
 * the table) followed by the payload bytes. The payload is validated and,
 * when valid, decoded and re-encoded; rmgen_fuzz_check_payload() states the
 * properties. Any violation aborts, so libFuzzer records the input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct gunyah_rm_payload_desc *d;
	const char *why;
	size_t sel;

	if (size < RMGEN_FUZZ_SELECTOR_SIZE)
		return 0;
	sel = (size_t)(data[0] | data[1] << 8) % rmgen_fuzz_n_payloads();
	d = rmgen_fuzz_payload(sel);
	why = rmgen_fuzz_check_payload(d, data + RMGEN_FUZZ_SELECTOR_SIZE,
				       size - RMGEN_FUZZ_SELECTOR_SIZE);
	if (why) {
		(void)fprintf(stderr, "fuzz_codec: %s: %s (%zu bytes)\n",
			      d->name, why, size - RMGEN_FUZZ_SELECTOR_SIZE);
		abort();
	}
	return 0;
}
