/* SPDX-License-Identifier: BSD-3-Clause */
/* The golden-vector table generated from the IDL (tests/vectors.c). */
#ifndef GUNYAH_RM_TESTS_VECTORS_H
#define GUNYAH_RM_TESTS_VECTORS_H

#include <stddef.h>
#include <stdint.h>

/**
 * struct gunyah_rm_vector - One golden vector.
 * @name: unique name (message, example, role)
 * @message: payload C name without prefix, as in the message table
 * @role: request, response, err_data or payload
 * @bytes: the payload bytes
 * @len: number of @bytes
 */
struct gunyah_rm_vector {
	const char *name;
	const char *message;
	const char *role;
	const uint8_t *bytes;
	size_t len;
};

extern const struct gunyah_rm_vector gunyah_rm_vectors[];
extern const size_t gunyah_rm_n_vectors;

#endif /* GUNYAH_RM_TESTS_VECTORS_H */
