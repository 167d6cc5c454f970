// SPDX-License-Identifier: GPL-2.0
/* jiffies, conversions, wrap-safe comparisons and ktime. */
#include <limits.h>
#include "dmb_test.h"
#include <dmabridge/jiffies.h>
#include <dmabridge/sched.h>

static void test_conversions(void **state)
{
	assert_int_equal(HZ, 1000);
	assert_int_equal(msecs_to_jiffies(0), 0);
	assert_int_equal(msecs_to_jiffies(5), 5);
	assert_int_equal(msecs_to_jiffies(-1), MAX_JIFFY_OFFSET);
	assert_int_equal(jiffies_to_msecs(250), 250);
	assert_int_equal(jiffies_to_usecs(3), 3000);
	assert_int_equal(jiffies_to_nsecs(2), 2000000);
	assert_int_equal(usecs_to_jiffies(0), 0);
	assert_int_equal(usecs_to_jiffies(1), 1);
	assert_int_equal(usecs_to_jiffies(1000), 1);
	assert_int_equal(usecs_to_jiffies(1001), 2);
	assert_int_equal(nsecs_to_jiffies(1), 1);
	assert_int_equal(nsecs_to_jiffies(2000000), 2);
	assert_true(MAX_SCHEDULE_TIMEOUT == LONG_MAX);
}

static void test_time_after_wraps(void **state)
{
	unsigned long before_wrap = ULONG_MAX - 5, after_wrap = 5;

	assert_true(time_after(after_wrap, before_wrap));
	assert_false(time_after(before_wrap, after_wrap));
	assert_true(time_before(before_wrap, after_wrap));
	assert_true(time_after_eq(after_wrap, after_wrap));
	assert_true(time_before_eq(after_wrap, after_wrap));
	assert_false(time_after(after_wrap, after_wrap));
	assert_true(time_in_range(2UL, ULONG_MAX - 1, 3UL));
	assert_false(time_in_range(4UL, ULONG_MAX - 1, 3UL));
	assert_true(time_is_before_jiffies(jiffies - 10));
	assert_true(time_is_after_jiffies(jiffies + 1000));
}

static void test_clock(void **state)
{
	unsigned long j0 = jiffies, j1;
	ktime_t t0 = ktime_get(), t1;

	msleep(3);
	j1 = jiffies;
	t1 = ktime_get();
	assert_true(time_after_eq(j1, j0 + 3));
	assert_true(ktime_after(t1, t0));
	assert_true(ktime_before(t0, t1));
	assert_true(ktime_us_delta(t1, t0) >= 3000);
	assert_true(ktime_ms_delta(t1, t0) >= 3);
	assert_true(ktime_to_ns(ktime_sub(t1, t0)) >= 3 * NSEC_PER_MSEC);
	assert_int_equal(ktime_to_ms(ms_to_ktime(7)), 7);
	assert_int_equal(ktime_to_us(ns_to_ktime(5000)), 5);
	assert_int_equal(ktime_add_ns(10, 5), 15);
	assert_int_equal(ktime_add(10, 5), 15);
	assert_true(ktime_get_ns() >= t1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_conversions),
		dmb_unit_test(test_time_after_wraps),
		dmb_unit_test(test_clock),
	};

	return dmb_run_tests(tests);
}
