// SPDX-License-Identifier: GPL-2.0
/* Fence signalling sections: waits and lock inversions through them. */
#include <stdio.h>
#include "dmb_test.h"
#include <dmabridge/fence-signalling.h>
#include <dmabridge/mutex.h>
#include <dmabridge/ww_mutex.h>
#include <dmabridge/lockdep.h>

static DEFINE_WD_CLASS(sig_wd_class);

static int setup(void **state)
{
	lockdep_reset();
	return dmb_test_setup(state);
}

#define sig_test(f) cmocka_unit_test_setup_teardown(f, setup, dmb_test_teardown)

static void test_sections_nest(void **state)
{
	bool c1, c2;

	assert_int_equal(lockdep_depth(), 0);
	c1 = dma_fence_begin_signalling();
	assert_false(c1);
	assert_int_equal(lockdep_depth(), 1);
	c2 = dma_fence_begin_signalling();
	assert_true(c2);	/* already inside: nothing taken */
	assert_int_equal(lockdep_depth(), 1);
	dma_fence_end_signalling(c2);
	dma_fence_end_signalling(c1);
	assert_int_equal(lockdep_depth(), 0);
	__dma_fence_might_wait();	/* outside any section: fine */
	assert_int_equal(dmb_reports(REPORT_SIGNALLING), 0);
}

static void test_wait_inside_section(void **state)
{
	bool cookie;

	cookie = dma_fence_begin_signalling();
	dmb_expect_reports(REPORT_SIGNALLING, 1);
	__dma_fence_might_wait();
	dma_fence_end_signalling(cookie);
	assert_int_equal(dmb_reports(REPORT_SIGNALLING), 1);
	assert_int_equal(dmb_reports(REPORT_LOCKDEP), 0);
}

/* Lock L held while waiting for a fence, L taken to signal one. */
static void wait_holding(struct mutex *l)
{
	mutex_lock(l);
	__dma_fence_might_wait();
	mutex_unlock(l);
}

static void take_in_section(struct mutex *l)
{
	bool cookie = dma_fence_begin_signalling();

	mutex_lock(l);
	mutex_unlock(l);
	dma_fence_end_signalling(cookie);
}

static void test_lock_waited_then_signalled(void **state)
{
	struct mutex l;

	mutex_init(&l);
	wait_holding(&l);
	assert_int_equal(dmb_reports(REPORT_SIGNALLING), 0);
	dmb_expect_reports(REPORT_SIGNALLING, 1);
	take_in_section(&l);
	take_in_section(&l);	/* reported once */
	assert_int_equal(dmb_reports(REPORT_SIGNALLING), 1);
	assert_int_equal(dmb_reports(REPORT_LOCKDEP), 0);
}

static void test_lock_signalled_then_waited(void **state)
{
	struct mutex l;

	mutex_init(&l);
	take_in_section(&l);
	assert_int_equal(dmb_reports(REPORT_SIGNALLING), 0);
	dmb_expect_reports(REPORT_SIGNALLING, 1);
	wait_holding(&l);
	assert_int_equal(dmb_reports(REPORT_LOCKDEP), 0);
}

static void test_safe_patterns(void **state)
{
	struct mutex l, m, n;
	bool cookie;

	mutex_init(&l);
	mutex_init(&m);
	mutex_init(&n);
	/* Signalling while holding a lock that is also taken in sections. */
	take_in_section(&l);
	mutex_lock(&l);
	cookie = dma_fence_begin_signalling();
	dma_fence_end_signalling(cookie);
	mutex_unlock(&l);
	/* Waiting while holding a lock never taken in a section. */
	wait_holding(&m);
	/* Two sections nested through a lock. */
	cookie = dma_fence_begin_signalling();
	mutex_lock(&n);
	dma_fence_end_signalling(dma_fence_begin_signalling());
	mutex_unlock(&n);
	dma_fence_end_signalling(cookie);
	assert_int_equal(dmb_reports(REPORT_SIGNALLING), 0);
	assert_int_equal(dmb_reports(REPORT_LOCKDEP), 0);
}

/* The dma_resv case: a reservation lock held while waiting for fences. */
static void test_resv_lock_in_section(void **state)
{
	struct ww_mutex obj;
	struct ww_acquire_ctx ctx;
	bool cookie;

	ww_mutex_init(&obj, &sig_wd_class);
	ww_acquire_init(&ctx, &sig_wd_class);
	assert_int_equal(ww_mutex_lock(&obj, &ctx), 0);
	__dma_fence_might_wait();
	ww_mutex_unlock(&obj);
	ww_acquire_fini(&ctx);
	dmb_expect_reports(REPORT_SIGNALLING, 1);
	cookie = dma_fence_begin_signalling();
	assert_int_equal(ww_mutex_lock(&obj, NULL), 0);
	ww_mutex_unlock(&obj);
	dma_fence_end_signalling(cookie);
	ww_mutex_destroy(&obj);
}

/* Through a chain: L held while waiting, section takes M, M -> L. */
static void test_longer_chain(void **state)
{
	struct mutex l, m;
	bool cookie;

	mutex_init(&l);
	mutex_init(&m);
	wait_holding(&l);
	mutex_lock(&m);
	mutex_lock(&l);
	mutex_unlock(&l);
	mutex_unlock(&m);
	dmb_expect_reports(REPORT_SIGNALLING, 1);
	cookie = dma_fence_begin_signalling();
	mutex_lock(&m);
	mutex_unlock(&m);
	dma_fence_end_signalling(cookie);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		sig_test(test_sections_nest),
		sig_test(test_wait_inside_section),
		sig_test(test_lock_waited_then_signalled),
		sig_test(test_lock_signalled_then_waited),
		sig_test(test_safe_patterns),
		sig_test(test_resv_lock_in_section),
		sig_test(test_longer_chain),
	};

	if (!CONFIG_LOCKDEP) {
		printf("1..0 # SKIP lock checker not built (-Dlockdep=false)\n");
		return 0;
	}

	return dmb_run_tests(tests);
}
