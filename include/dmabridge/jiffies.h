/* SPDX-License-Identifier: GPL-2.0 */
/* Time: jiffies at HZ = 1000 on CLOCK_MONOTONIC, and ktime in ns. */
#ifndef DMABRIDGE_JIFFIES_H
#define DMABRIDGE_JIFFIES_H

#include <limits.h>
#include <dmabridge/types.h>
#include <dmabridge/compiler.h>

/**
 * DOC: time
 *
 * jiffies at HZ = 1000 on CLOCK_MONOTONIC (one jiffy is one millisecond),
 * and ktime_t in nanoseconds. Every helper here is usable in any context.
 */
#define HZ 1000
#define MAX_SCHEDULE_TIMEOUT LONG_MAX
#define NSEC_PER_SEC 1000000000LL
#define NSEC_PER_MSEC 1000000LL
#define NSEC_PER_USEC 1000LL

/**
 * ktime_get() - monotonic time
 *
 * Return: CLOCK_MONOTONIC in nanoseconds.
 */
ktime_t ktime_get(void);
/**
 * get_jiffies() - the jiffies counter (what `jiffies` reads)
 *
 * Return: CLOCK_MONOTONIC in milliseconds, plus an offset of 300000 (as
 * Linux starts jiffies near a wrap, so comparisons must use time_after()).
 */
unsigned long get_jiffies(void);
#define jiffies get_jiffies()

/* The longest timeout that still compares correctly with time_after(). */
#define MAX_JIFFY_OFFSET ((LONG_MAX >> 1) - 1)

/**
 * msecs_to_jiffies() - milliseconds to jiffies
 * @m: milliseconds; a negative int means "forever", as in Linux
 *
 * Return: the jiffies (MAX_JIFFY_OFFSET for "forever").
 */
static inline unsigned long msecs_to_jiffies(unsigned int m)
{
	/* A negative int passed in means "forever", as in Linux. */
	if ((int)m < 0)
		return MAX_JIFFY_OFFSET;
	return m;
}

/**
 * jiffies_to_msecs() - jiffies to milliseconds
 * @j: jiffies
 *
 * Return: milliseconds.
 */
static inline unsigned int jiffies_to_msecs(unsigned long j)
{
	return j;
}

/**
 * jiffies_to_usecs() - jiffies to microseconds
 * @j: jiffies
 *
 * Return: microseconds.
 */
static inline unsigned int jiffies_to_usecs(unsigned long j)
{
	return j * 1000;
}

/**
 * jiffies_to_nsecs() - jiffies to nanoseconds
 * @j: jiffies
 *
 * Return: nanoseconds.
 */
static inline u64 jiffies_to_nsecs(unsigned long j)
{
	return (u64)j * NSEC_PER_MSEC;
}

/**
 * usecs_to_jiffies() - microseconds to jiffies, rounded up
 * @u: microseconds
 *
 * Return: jiffies.
 */
static inline unsigned long usecs_to_jiffies(unsigned int u)
{
	return DIV_ROUND_UP((unsigned long)u, 1000);
}

/**
 * nsecs_to_jiffies() - nanoseconds to jiffies, rounded up
 * @n: nanoseconds
 *
 * Return: jiffies.
 */
static inline unsigned long nsecs_to_jiffies(u64 n)
{
	return DIV_ROUND_UP(n, (u64)NSEC_PER_MSEC);
}

/**
 * time_after - is jiffies value @a after @b (wrap-safe)?
 * @a: a jiffies value
 * @b: another
 */
#define time_after(a, b) ((long)((b) - (a)) < 0)
#define time_before(a, b) time_after(b, a)
#define time_after_eq(a, b) ((long)((a) - (b)) >= 0)
#define time_before_eq(a, b) time_after_eq(b, a)
#define time_in_range(a, b, c) (time_after_eq(a, b) && time_before_eq(a, c))
#define time_is_before_jiffies(a) time_after(jiffies, a)
#define time_is_after_jiffies(a) time_before(jiffies, a)

/**
 * ktime_to_ns() - a ktime in nanoseconds
 * @kt: the time
 *
 * Return: nanoseconds.
 */
static inline s64 ktime_to_ns(ktime_t kt)
{
	return kt;
}

/**
 * ns_to_ktime() - nanoseconds as a ktime
 * @ns: nanoseconds
 *
 * Return: the ktime.
 */
static inline ktime_t ns_to_ktime(u64 ns)
{
	return ns;
}

/**
 * ktime_us_delta() - the difference in microseconds
 * @later: a time
 * @earlier: an earlier one
 *
 * Return: @later - @earlier in microseconds.
 */
static inline s64 ktime_us_delta(ktime_t later, ktime_t earlier)
{
	return (later - earlier) / 1000;
}

/**
 * ktime_before() - is @a before @b?
 * @a: a time
 * @b: another
 *
 * Return: true if @a < @b.
 */
static inline bool ktime_before(ktime_t a, ktime_t b)
{
	return a < b;
}

/**
 * ktime_after() - is @a after @b?
 * @a: a time
 * @b: another
 *
 * Return: true if @a > @b.
 */
static inline bool ktime_after(ktime_t a, ktime_t b)
{
	return a > b;
}

/**
 * ktime_add_ns() - add nanoseconds
 * @kt: a time
 * @ns: nanoseconds
 *
 * Return: the sum.
 */
static inline ktime_t ktime_add_ns(ktime_t kt, u64 ns)
{
	return kt + ns;
}

/**
 * ktime_add() - add two times
 * @a: a time
 * @b: another
 *
 * Return: the sum.
 */
static inline ktime_t ktime_add(ktime_t a, ktime_t b)
{
	return a + b;
}

/**
 * ktime_sub() - subtract two times
 * @a: a time
 * @b: another
 *
 * Return: @a - @b.
 */
static inline ktime_t ktime_sub(ktime_t a, ktime_t b)
{
	return a - b;
}

/**
 * ktime_to_us() - a ktime in microseconds
 * @kt: the time
 *
 * Return: microseconds.
 */
static inline s64 ktime_to_us(ktime_t kt)
{
	return kt / NSEC_PER_USEC;
}

/**
 * ktime_to_ms() - a ktime in milliseconds
 * @kt: the time
 *
 * Return: milliseconds.
 */
static inline s64 ktime_to_ms(ktime_t kt)
{
	return kt / NSEC_PER_MSEC;
}

/**
 * ms_to_ktime() - milliseconds as a ktime
 * @ms: milliseconds
 *
 * Return: the ktime.
 */
static inline ktime_t ms_to_ktime(u64 ms)
{
	return ms * NSEC_PER_MSEC;
}

/**
 * ktime_ms_delta() - the difference in milliseconds
 * @later: a time
 * @earlier: an earlier one
 *
 * Return: @later - @earlier in milliseconds.
 */
static inline s64 ktime_ms_delta(ktime_t later, ktime_t earlier)
{
	return (later - earlier) / NSEC_PER_MSEC;
}

/**
 * ktime_get_ns() - ktime_get(), as Linux's u64 variant
 *
 * Return: CLOCK_MONOTONIC in nanoseconds.
 */
static inline ktime_t ktime_get_ns(void)
{
	return ktime_get();
}

#endif
