// SPDX-License-Identifier: GPL-2.0
/* DMA sanitizer: owners, events, reports; silent on correct use. */
#include "hw_test.h"
#include <dmabridge/dma-fence.h>

#define BAR_BASE (1ULL << 40)

static void test_owner_ids_and_events(void **state)
{
	struct platform *plat = hw_test_platform(4 * MiB, 0, 0);
	struct page *p = alloc_page(GFP_KERNEL);
	phys_addr_t pa = page_to_phys(p);
	san_owner_t o1 = san_owner(plat, pa), o2, b;

	assert_int_not_equal(o1, SAN_OWNER_NONE);
	assert_true(san_check(plat, pa, PAGE_SIZE, o1, "cpu", "test"));
	assert_true(san_expect_holds(plat, pa + 100, 10, o1));
	put_page(p);
	o2 = san_owner(plat, pa);
	assert_true(o2 > o1);
	/* Ids are never reused. */
	b = san_new_owner(plat, "buffer A");
	assert_true(b > o2);
	assert_true(san_new_owner(plat, NULL) > b);
	/* No platform memory there: owner NONE. */
	assert_int_equal(san_owner(plat, 1ULL << 45), SAN_OWNER_NONE);
	/* SAN_OWNER_NONE is never checked. */
	assert_true(san_check(plat, pa, PAGE_SIZE, SAN_OWNER_NONE, "x", "y"));
	assert_int_equal(san_report_count(plat), 0);
	hw_test_platform_free(plat);
}

static void test_dma_to_freed_page(void **state)
{
	struct platform *plat = hw_test_platform(4 * MiB, 0, 0);
	struct page *p = alloc_page(GFP_KERNEL);
	phys_addr_t pa = page_to_phys(p);
	san_owner_t expect = san_owner(plat, pa);

	put_page(p);
	dmb_expect_reports(REPORT_SANITIZER, 1);
	assert_false(san_check(plat, pa, 64, expect, "dma:gpu0 write",
			       "iommu iova 0x1000"));
	assert_int_equal(san_report_count(plat), 1);
	hw_test_platform_free(plat);
}

static void test_dma_to_reused_page(void **state)
{
	struct platform *plat = hw_test_platform(4 * MiB, 0, 0);
	struct page *p = alloc_page(GFP_KERNEL), *q;
	phys_addr_t pa = page_to_phys(p);
	san_owner_t expect = san_owner(plat, pa);

	put_page(p);
	q = alloc_page(GFP_KERNEL);	/* LIFO: the same page comes back */
	assert_int_equal(page_to_phys(q), pa);
	assert_int_not_equal(san_owner(plat, pa), expect);
	/* The new owner's own accesses are fine... */
	assert_true(san_check(plat, pa, PAGE_SIZE, san_owner(plat, pa), "cpu",
			      "kernel"));
	/* ...the stale mapping's are not. */
	dmb_expect_reports(REPORT_SANITIZER, 1);
	assert_false(san_check(plat, pa + 8, 8, expect, "dma:nic read",
			       "direct 0x..."));
	assert_int_equal(san_report_count(plat), 1);
	put_page(q);
	hw_test_platform_free(plat);
}

static void test_disabled_bar(void **state)
{
	struct platform *plat = hw_test_platform(4 * MiB, 0, 0);
	struct phys_region *bar = hw_add_bar_region(plat, BAR_BASE, 1 * MiB,
						    NULL, 0, "test BAR0");
	san_owner_t buf, before;

	assert_non_null(bar);
	assert_int_equal(bar->kind, PHYS_BAR);
	assert_ptr_equal(hw_find_region(plat, BAR_BASE + 4096), bar);
	assert_non_null(hw_phys_to_host(plat, BAR_BASE, 1 * MiB));
	assert_null(hw_phys_to_host(plat, BAR_BASE + 4096, 1 * MiB));
	/* Overlapping or misaligned regions are refused. */
	assert_null(hw_add_bar_region(plat, BAR_BASE + MiB / 2, MiB, NULL, 1,
				      "overlap"));
	assert_null(hw_add_bar_region(plat, 3 * MiB, MiB, NULL, 1, "on RAM"));
	assert_null(hw_add_bar_region(plat, BAR_BASE + 2 * MiB + 1, MiB, NULL,
				      1, "misaligned"));

	buf = san_new_owner(plat, "vram bo 1");
	assert_int_equal(san_set_owner(plat, BAR_BASE, 64 * 1024, buf,
				       SAN_EV_CLAIM, "test"), buf);
	assert_true(san_check(plat, BAR_BASE + 4096, 4096, buf, "dma:gpu1",
			      "p2p"));
	/* A range one page beyond the claim has another owner. */
	before = san_owner(plat, BAR_BASE + 64 * 1024);
	assert_int_not_equal(before, buf);
	dmb_expect_reports(REPORT_SANITIZER, 1);
	assert_false(san_check(plat, BAR_BASE, 64 * 1024 + 1, buf, "dma:gpu1",
			       "p2p"));

	san_set_owner(plat, BAR_BASE, 1 * MiB, SAN_OWNER_NONE,
		      SAN_EV_BAR_DISABLE, "memory decode off");
	dmb_expect_reports(REPORT_SANITIZER, 2);
	assert_false(san_check(plat, BAR_BASE, 4, buf, "dma:gpu1 read", "p2p"));
	/* Even a mapping made after the disable reaches no memory. */
	assert_false(san_check(plat, BAR_BASE, 4, san_owner(plat, BAR_BASE),
			       "dma:gpu1 read", "p2p"));
	san_set_owner(plat, BAR_BASE, 1 * MiB, SAN_OWNER_NONE,
		      SAN_EV_BAR_ENABLE, "memory decode on");
	assert_true(san_check(plat, BAR_BASE, 4, san_owner(plat, BAR_BASE),
			      "dma:gpu1 read", "p2p"));
	assert_int_equal(san_report_count(plat), 3);
	hw_test_platform_free(plat);
}

static void test_no_memory_and_disabled(void **state)
{
	struct platform *plat = hw_test_platform(4 * MiB, 0, 0);
	struct page *p = alloc_page(GFP_KERNEL);

	dmb_expect_reports(REPORT_SANITIZER, 1);
	assert_false(san_check(plat, 1ULL << 44, 8, 5, "dma:x", "direct"));
	/* A range crossing the end of RAM is caught too. */
	put_page(p);
	san_set_enabled(plat, false);
	assert_false(san_enabled(plat));
	assert_true(san_check(plat, 1ULL << 44, 8, 5, "dma:x", "direct"));
	san_set_enabled(plat, true);
	assert_int_equal(san_report_count(plat), 1);
	hw_test_platform_free(plat);
}

struct race_arg {
	struct platform *plat;
	int bad;
};

/* Allocators and checkers race: a page's own owner always checks clean. */
static void race_worker(int idx, void *p)
{
	struct race_arg *a = p;
	struct task_struct *t = task_create(a->plat, "san");
	int i;

	set_current(t);
	for (i = 0; i < 3000; i++) {
		struct page *pg = alloc_page(GFP_KERNEL);
		phys_addr_t pa = page_to_phys(pg);
		san_owner_t o = san_owner(a->plat, pa);

		if (!san_check(a->plat, pa, PAGE_SIZE, o, "cpu", "race"))
			__atomic_fetch_add(&a->bad, 1, __ATOMIC_RELAXED);
		put_page(pg);
		if (san_expect_holds(a->plat, pa, PAGE_SIZE, o))
			__atomic_fetch_add(&a->bad, 1, __ATOMIC_RELAXED);
	}
	set_current(NULL);
	task_exit(t);
}

static void test_concurrent(void **state)
{
	struct platform *plat = hw_test_platform(8 * MiB, 0, 0);
	struct race_arg a = { .plat = plat };

	dmb_run_threads(4, race_worker, &a);
	assert_int_equal(a.bad, 0);
	assert_int_equal(san_report_count(plat), 0);
	hw_test_platform_free(plat);
}

/* A fence of the test's own; its callbacks run where it signals. */
static const char *torn_fence_name(struct dma_fence *f)
{
	return "torn-copy";
}

static const struct dma_fence_ops torn_fence_ops = {
	.get_driver_name = torn_fence_name,
	.get_timeline_name = torn_fence_name,
};

struct torn_copy {
	struct dma_fence_cb cb;
	struct platform *plat;
	phys_addr_t pa;
	san_owner_t copy, landing;
	bool ok;
};

/*
 * Runs first among the fence's callbacks: the fence is signaled, the
 * sanitizer's landing callback has not run. The shadow is put into the
 * state a reader can see while that callback is half way through
 * san_set_owner(): the landing's event stored, the owner still the copy's.
 */
static void torn_copy_check(struct dma_fence *f, struct dma_fence_cb *cb)
{
	struct torn_copy *t = container_of(cb, struct torn_copy, cb);

	san_set_owner(t->plat, t->pa, PAGE_SIZE, t->copy, SAN_EV_COPY_DONE,
		      "half-landed copy");
	t->ok = san_check(t->plat, t->pa, PAGE_SIZE, t->landing, "cpu",
			  "the buffer's new mapping");
}

/*
 * Proves: an access under the buffer's new claim to memory whose move
 * copy has landed (fence signaled) is not reported while the landing is
 * half stored (the event already COPY_DONE, the claim still the copy's).
 * Guards: san_page_ok() deciding from the claim it read and the copy
 * list, not from the event read after it (torture finding F6, "expected
 * claim X but is claim X since a move's copy landing").
 */
static void test_copy_landing_seen_half_stored_is_clean(void **state)
{
	struct platform *plat = hw_test_platform(4 * MiB, 0, 0);
	struct page *p = alloc_page(GFP_KERNEL);
	struct torn_copy t = { .plat = plat, .pa = page_to_phys(p) };
	struct dma_fence *f = kzalloc(sizeof(*f), GFP_KERNEL);

	assert_non_null(f);
	dma_fence_init(f, &torn_fence_ops, NULL, dma_fence_context_alloc(1),
		       1);
	t.copy = san_copy_begin(plat, t.pa, PAGE_SIZE, "test copy");
	t.landing = san_new_owner(plat, "buffer (moved)");
	/* Registered before the sanitizer's, so it runs before it. */
	assert_int_equal(dma_fence_add_callback(f, &t.cb, torn_copy_check),
			 0);
	san_copy_hand_over(plat, t.copy, f, t.landing);
	dma_fence_signal(f);
	assert_true(t.ok);
	assert_int_equal(san_owner(plat, t.pa), t.landing);
	assert_int_equal(san_report_count(plat), 0);
	dma_fence_put(f);
	put_page(p);
	hw_test_platform_free(plat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_owner_ids_and_events),
		dmb_unit_test(test_dma_to_freed_page),
		dmb_unit_test(test_dma_to_reused_page),
		dmb_unit_test(test_disabled_bar),
		dmb_unit_test(test_no_memory_and_disabled),
		dmb_unit_test(test_concurrent),
		dmb_unit_test(test_copy_landing_seen_half_stored_is_clean),
	};

	return dmb_run_tests(tests);
}
