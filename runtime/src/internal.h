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
 * gunyah_rm_cond_init() - Initialise a condition variable that times out
 * against CLOCK_MONOTONIC, so wall-clock jumps do not stretch timeouts.
 * Returns 0 or a negative errno.
 */
int gunyah_rm_cond_init(pthread_cond_t *cond);

/*
 * gunyah_rm_cond_wait() - Wait on @cond until signalled or, if @deadline is
 * not NULL, until it passes. Returns false once @deadline has passed. As
 * with any condition wait, the caller checks its condition again either way.
 */
bool gunyah_rm_cond_wait(pthread_cond_t *cond, pthread_mutex_t *lock,
			 const struct timespec *deadline);

#endif /* GUNYAH_RM_INTERNAL_H */
