// SPDX-License-Identifier: BSD-3-Clause
/*
 * Monotonic deadlines and timed condition waits.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <limits.h>

#include "internal.h"

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

bool gunyah_rm_deadline(struct timespec *ts, int timeout_ms)
{
	if (timeout_ms < 0)
		return false;
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += timeout_ms / 1000;
	ts->tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
	return true;
}

int gunyah_rm_cond_wait(pthread_cond_t *cond, pthread_mutex_t *lock,
			const struct timespec *deadline)
{
	if (!deadline)
		return pthread_cond_wait(cond, lock);
	return pthread_cond_timedwait(cond, lock, deadline);
}

int gunyah_rm_ms_left(const struct timespec *deadline)
{
	struct timespec now;
	long long ns;

	if (!deadline)
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &now);
	ns = (long long)(deadline->tv_sec - now.tv_sec) * 1000000000LL +
	     (deadline->tv_nsec - now.tv_nsec);
	if (ns <= 0)
		return 0;
	ns = (ns + 999999) / 1000000;
	return ns > INT_MAX ? INT_MAX : (int)ns;
}
