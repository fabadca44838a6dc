// SPDX-License-Identifier: BSD-3-Clause
/*
 * What the transports and the client share: monotonic deadlines and timed
 * condition waits.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>

#include "internal.h"

/**
 * gunyah_rm_deadline() - The CLOCK_MONOTONIC time @timeout_ms from now.
 * @ts: where to store it
 * @timeout_ms: milliseconds; negative for no deadline
 *
 * E.g. gunyah_rm_transport_recv(t, buf, cap, gunyah_rm_deadline(&ts, 100)).
 *
 * Return: @ts, or NULL (wait forever; @ts untouched) if @timeout_ms is
 * negative.
 */
const struct timespec *gunyah_rm_deadline(struct timespec *ts, int timeout_ms)
{
	if (timeout_ms < 0)
		return NULL;
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += timeout_ms / 1000;
	ts->tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
	return ts;
}

int gunyah_rm_cond_init(pthread_cond_t *cond)
{
	pthread_condattr_t attr;
	int ret;

	ret = pthread_condattr_init(&attr);
	if (ret)
		return -ret;
	ret = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	if (!ret)
		ret = pthread_cond_init(cond, &attr);
	pthread_condattr_destroy(&attr);
	return -ret;
}

bool gunyah_rm_cond_wait(pthread_cond_t *cond, pthread_mutex_t *lock,
			 const struct timespec *deadline)
{
	if (!deadline)
		return pthread_cond_wait(cond, lock) == 0;
	return pthread_cond_timedwait(cond, lock, deadline) != ETIMEDOUT;
}
