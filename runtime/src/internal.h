/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Timed waits shared by the client and the in-memory transport, defined
 * in transport.c; not installed.
 */
#ifndef GUNYAH_RM_INTERNAL_H
#define GUNYAH_RM_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <time.h>

#include "gunyah_rm/transport.h"

/*
 * A condition variable timed on CLOCK_MONOTONIC, so that wall-clock jumps do
 * not stretch timeouts: 0 or a negative errno.
 */
int gunyah_rm_cond_init(pthread_cond_t *cond);

/*
 * Wait on @cond until signalled or @deadline (NULL: none) passes; false once
 * it has passed. The caller checks its condition again either way.
 */
bool gunyah_rm_cond_wait(pthread_cond_t *cond, pthread_mutex_t *lock,
			 const struct timespec *deadline);

#endif /* GUNYAH_RM_INTERNAL_H */
