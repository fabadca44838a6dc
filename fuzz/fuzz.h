/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared parts of the fuzz harnesses, their seed generator, the regression
 * replay and the mutation test. Everything here walks the generated message
 * table and golden-vector table; nothing keeps its own list of messages.
 */
#ifndef RMGEN_FUZZ_H
#define RMGEN_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "gunyah_rm/table.h"

/* Bytes at the start of a codec-harness input that select the payload. */
#define RMGEN_FUZZ_SELECTOR_SIZE 2

/* Largest packet the reassembly harness feeds (a 1-byte length prefix). */
#define RMGEN_FUZZ_MAX_PACKET 255

size_t rmgen_fuzz_n_payloads(void);
const struct gunyah_rm_payload_desc *rmgen_fuzz_payload(size_t index);
long rmgen_fuzz_payload_index(const char *name);

const char *rmgen_fuzz_check_payload(const struct gunyah_rm_payload_desc *d,
				     const uint8_t *buf, size_t len);

typedef void (*rmgen_fuzz_emit_fn)(void *ctx, const char *name,
				   const uint8_t *data, size_t len);

void rmgen_fuzz_codec_seeds(rmgen_fuzz_emit_fn emit, void *ctx);
void rmgen_fuzz_reasm_seeds(rmgen_fuzz_emit_fn emit, void *ctx);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif /* RMGEN_FUZZ_H */
