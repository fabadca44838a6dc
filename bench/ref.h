/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The memcpy reference: an out-of-line function that moves the same bytes
 * the codec under test reads or writes, so it pays the same call overhead.
 */
#ifndef RMGEN_BENCH_REF_H
#define RMGEN_BENCH_REF_H

#include <stddef.h>

int ref_copy(void *dst, const void *src, size_t len);

#endif /* RMGEN_BENCH_REF_H */
