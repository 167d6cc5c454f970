/* SPDX-License-Identifier: GPL-2.0 */
/* Time: jiffies at HZ = 1000 on CLOCK_MONOTONIC, and ktime in ns. */
#ifndef DMABRIDGE_JIFFIES_H
#define DMABRIDGE_JIFFIES_H

#include <limits.h>
#include <dmabridge/types.h>
#include <dmabridge/compiler.h>

#define HZ 1000
#define MAX_SCHEDULE_TIMEOUT LONG_MAX
#define NSEC_PER_SEC 1000000000LL
#define NSEC_PER_MSEC 1000000LL
#define NSEC_PER_USEC 1000LL

ktime_t ktime_get(void);
unsigned long get_jiffies(void);
#define jiffies get_jiffies()

static inline unsigned long msecs_to_jiffies(unsigned int m)
{
	return m;
}

static inline unsigned int jiffies_to_msecs(unsigned long j)
{
	return j;
}

static inline unsigned long usecs_to_jiffies(unsigned int u)
{
	return DIV_ROUND_UP((unsigned long)u, 1000);
}

static inline unsigned long nsecs_to_jiffies(u64 n)
{
	return DIV_ROUND_UP(n, (u64)NSEC_PER_MSEC);
}

#define time_after(a, b) ((long)((b) - (a)) < 0)
#define time_before(a, b) time_after(b, a)
#define time_after_eq(a, b) ((long)((a) - (b)) >= 0)

static inline s64 ktime_to_ns(ktime_t kt)
{
	return kt;
}

static inline ktime_t ns_to_ktime(u64 ns)
{
	return ns;
}

static inline s64 ktime_us_delta(ktime_t later, ktime_t earlier)
{
	return (later - earlier) / 1000;
}

static inline bool ktime_before(ktime_t a, ktime_t b)
{
	return a < b;
}

#endif
