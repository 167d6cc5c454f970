// SPDX-License-Identifier: GPL-2.0
/* jiffies and ktime from CLOCK_MONOTONIC. */
#include <time.h>
#include <dmabridge/jiffies.h>

ktime_t ktime_get(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ktime_t)ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

unsigned long get_jiffies(void)
{
	/* Offset so that wrap-around style comparisons get exercised. */
	return (unsigned long)(ktime_get() / NSEC_PER_MSEC) + 300000UL;
}
