/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Helpers shared by the runtime's source files; not installed.
 */
#ifndef GUNYAH_RM_INTERNAL_H
#define GUNYAH_RM_INTERNAL_H

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "gunyah_rm/rpc.h"

/*
 * gunyah_rm_cond_init() - Initialise a condition variable that times out
 * against CLOCK_MONOTONIC, so wall-clock jumps do not stretch timeouts.
 */
int gunyah_rm_cond_init(pthread_cond_t *cond);

/*
 * gunyah_rm_deadline() - Absolute CLOCK_MONOTONIC time @timeout_ms from now.
 * Returns false (and leaves @ts alone) for a negative timeout, meaning no
 * deadline.
 */
bool gunyah_rm_deadline(struct timespec *ts, int timeout_ms);

/*
 * gunyah_rm_cond_wait() - Wait on @cond until signalled or, if @deadline is
 * not NULL, until it passes. Returns 0 or ETIMEDOUT (positive, as pthreads).
 */
int gunyah_rm_cond_wait(pthread_cond_t *cond, pthread_mutex_t *lock,
			const struct timespec *deadline);

/*
 * gunyah_rm_ms_left() - Milliseconds from now until @deadline, rounded up,
 * 0 if it has passed; -1 if @deadline is NULL.
 */
int gunyah_rm_ms_left(const struct timespec *deadline);

/*
 * gunyah_rm_check_parts() - One message of a transport's sendmv: 0,
 * -EMSGSIZE if the message exceeds GUNYAH_RM_MSGQ_MSG_SIZE, -EINVAL for a
 * NULL part with a non-zero length.
 */
static inline int gunyah_rm_check_parts(const void *hdr, size_t hdr_len,
					const void *data, size_t data_len)
{
	if (hdr_len > GUNYAH_RM_MSGQ_MSG_SIZE ||
	    data_len > GUNYAH_RM_MSGQ_MSG_SIZE - hdr_len)
		return -EMSGSIZE;
	if ((hdr_len && !hdr) || (data_len && !data))
		return -EINVAL;
	return 0;
}

#endif /* GUNYAH_RM_INTERNAL_H */
