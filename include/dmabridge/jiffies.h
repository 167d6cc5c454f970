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

/* The longest timeout that still compares correctly with time_after(). */
#define MAX_JIFFY_OFFSET ((LONG_MAX >> 1) - 1)

static inline unsigned long msecs_to_jiffies(unsigned int m)
{
	/* A negative int passed in means "forever", as in Linux. */
	if ((int)m < 0)
		return MAX_JIFFY_OFFSET;
	return m;
}

static inline unsigned int jiffies_to_msecs(unsigned long j)
{
	return j;
}

static inline unsigned int jiffies_to_usecs(unsigned long j)
{
	return j * 1000;
}

static inline u64 jiffies_to_nsecs(unsigned long j)
{
	return (u64)j * NSEC_PER_MSEC;
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
#define time_before_eq(a, b) time_after_eq(b, a)
#define time_in_range(a, b, c) (time_after_eq(a, b) && time_before_eq(a, c))
#define time_is_before_jiffies(a) time_after(jiffies, a)
#define time_is_after_jiffies(a) time_before(jiffies, a)

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

static inline bool ktime_after(ktime_t a, ktime_t b)
{
	return a > b;
}

static inline ktime_t ktime_add_ns(ktime_t kt, u64 ns)
{
	return kt + ns;
}

static inline ktime_t ktime_add(ktime_t a, ktime_t b)
{
	return a + b;
}

static inline ktime_t ktime_sub(ktime_t a, ktime_t b)
{
	return a - b;
}

static inline s64 ktime_to_us(ktime_t kt)
{
	return kt / NSEC_PER_USEC;
}

static inline s64 ktime_to_ms(ktime_t kt)
{
	return kt / NSEC_PER_MSEC;
}

static inline ktime_t ms_to_ktime(u64 ms)
{
	return ms * NSEC_PER_MSEC;
}

static inline s64 ktime_ms_delta(ktime_t later, ktime_t earlier)
{
	return (later - earlier) / NSEC_PER_MSEC;
}

static inline ktime_t ktime_get_ns(void)
{
	return ktime_get();
}

#endif
