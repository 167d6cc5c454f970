// SPDX-License-Identifier: GPL-2.0
/* Reports: WARN_ON counting, quiet switch, error pointers, bitops. */
#include "dmb_test.h"
#include <dmabridge/bug.h>
#include <dmabridge/err.h>
#include <dmabridge/atomic.h>
#include <dmabridge/report.h>

static int warn_once_site(int v)
{
	return WARN_ON_ONCE(v);
}

static int warn_once_fmt_site(int v)
{
	return WARN_ONCE(v, "value %d", v);
}

static void test_warn_counting(void **state)
{
	long before = report_count(REPORT_WARN);
	long bugs = report_count_bugs();
	int i;

	assert_false(WARN_ON(0));
	assert_false(WARN(0, "never %d", 1));
	assert_int_equal(report_count(REPORT_WARN), before);
	dmb_expect_reports(REPORT_WARN, 4);
	assert_true(WARN_ON(1 + 1 == 2));
	assert_true(WARN(1, "formatted %s", "warning"));
	for (i = 0; i < 5; i++) {
		assert_int_equal(warn_once_site(1), 1);
		assert_int_equal(warn_once_fmt_site(1), 1);
	}
	assert_int_equal(warn_once_site(0), 0);
	assert_int_equal(report_count(REPORT_WARN), before + 4);
	assert_int_equal(report_count_bugs(), bugs + 4);
	assert_int_equal(dmb_reports(REPORT_WARN), 4);
}

static void test_report_kinds(void **state)
{
	long faults = report_count(REPORT_IOMMU_FAULT);
	long bugs = report_count_bugs();

	assert_string_equal(report_kind_name(REPORT_WARN), "WARN");
	assert_string_equal(report_kind_name(REPORT_LOCKDEP), "LOCKDEP");
	assert_string_equal(report_kind_name(REPORT_NR_KINDS), "?");
	assert_int_equal(report_count(REPORT_NR_KINDS), 0);
	assert_false(report_set_quiet(REPORT_NR_KINDS, true));
	/* IOMMU faults are counted but are not bugs. */
	assert_false(report_set_quiet(REPORT_IOMMU_FAULT, true));
	assert_true(report_set_quiet(REPORT_IOMMU_FAULT, true));
	report_emit(REPORT_IOMMU_FAULT, "fault at %#x", 0x1000);
	assert_int_equal(report_count(REPORT_IOMMU_FAULT), faults + 1);
	assert_int_equal(report_count_bugs(), bugs);
	report_set_quiet(REPORT_IOMMU_FAULT, false);
}

static void test_err_ptr(void **state)
{
	void *p = ERR_PTR(-ENOMEM);
	int x;

	assert_true(IS_ERR(p));
	assert_int_equal(PTR_ERR(p), -ENOMEM);
	assert_true(IS_ERR_OR_NULL(p));
	assert_true(IS_ERR_OR_NULL(NULL));
	assert_false(IS_ERR(NULL));
	assert_false(IS_ERR(&x));
	assert_false(IS_ERR_OR_NULL(&x));
	assert_true(IS_ERR(ERR_PTR(-MAX_ERRNO)));
	assert_false(IS_ERR(ERR_PTR(-MAX_ERRNO - 1)));
	assert_ptr_equal(ERR_CAST(p), p);
	assert_int_equal(PTR_ERR_OR_ZERO(p), -ENOMEM);
	assert_int_equal(PTR_ERR_OR_ZERO(&x), 0);
	assert_int_equal(ERESTARTSYS, 512);
}

static void test_atomics_and_bits(void **state)
{
	atomic_t a = ATOMIC_INIT(5);
	atomic64_t b = ATOMIC_INIT(1LL << 40);
	unsigned long bits[2] = { 0, 0 };
	int old = 5;

	assert_int_equal(atomic_inc_return(&a), 6);
	assert_int_equal(atomic_fetch_add(2, &a), 6);
	assert_int_equal(atomic_sub_return(8, &a), 0);
	atomic_inc(&a);
	assert_true(atomic_dec_and_test(&a));
	assert_int_equal(atomic_xchg(&a, 9), 0);
	assert_int_equal(atomic_cmpxchg(&a, 9, 10), 9);
	assert_int_equal(atomic_cmpxchg(&a, 9, 11), 10);
	assert_false(atomic_try_cmpxchg(&a, &old, 1));
	assert_int_equal(old, 10);
	assert_int_equal(atomic_fetch_or(1, &a), 10);
	assert_int_equal(atomic_fetch_andnot(1, &a), 11);
	atomic64_add(1, &b);
	assert_true(atomic64_read(&b) == (1LL << 40) + 1);
	set_bit(70, bits);
	assert_true(test_bit(70, bits));
	assert_int_equal(bits[1], 1UL << 6);
	assert_true(test_and_set_bit(70, bits));
	assert_false(test_and_set_bit(3, bits));
	assert_true(test_and_clear_bit(3, bits));
	assert_false(test_and_clear_bit(3, bits));
	clear_bit(70, bits);
	assert_int_equal(bits[0] | bits[1], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_warn_counting),
		dmb_unit_test(test_report_kinds),
		dmb_unit_test(test_err_ptr),
		dmb_unit_test(test_atomics_and_bits),
	};

	return dmb_run_tests(tests);
}
