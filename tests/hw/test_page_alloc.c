// SPDX-License-Identifier: GPL-2.0
/* Page allocator: orders, zones and fallback, zeroing, refcounts, races. */
#include "hw_test.h"
#include <dmabridge/sched.h>
#include <dmabridge/bug.h>

static void test_config_checked(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	struct platform_mem_config bad[] = {
		{ .ram_size = 0 },
		{ .ram_size = 3 * MiB },
		{ .ram_size = 8 * MiB, .movable_size = 8 * MiB },
		{ .ram_size = 8 * MiB, .movable_size = 4 * MiB,
		  .cma_size = 4 * MiB },
		{ .ram_size = 8 * MiB, .cma_size = 1 * MiB },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(platform_mem_init(plat, &bad[i]), -EINVAL);
		assert_null(plat->mem);
	}
	assert_int_equal(platform_mem_init(plat, NULL), -EINVAL);
	dmb_kernel_platform_free(plat);
}

static void test_orders_and_pfns(void **state)
{
	struct platform *plat = hw_test_platform(16 * MiB, 0, 0);
	unsigned long total = zone_free_pages(plat, ZONE_NORMAL);
	struct page *pages[MAX_PAGE_ORDER + 1];
	unsigned int o;

	assert_int_equal(total, 16 * MiB / PAGE_SIZE);
	assert_int_equal(zone_managed_pages(plat, ZONE_NORMAL), total);
	for (o = 0; o <= MAX_PAGE_ORDER; o++) {
		struct page *p = alloc_pages(GFP_KERNEL, o);
		unsigned long pfn;

		assert_non_null(p);
		pfn = page_to_pfn(p);
		assert_true(IS_ALIGNED(pfn, 1UL << o));
		assert_ptr_equal(pfn_to_page(pfn), p);
		assert_true(pfn_valid(pfn));
		assert_int_equal(page_to_phys(p), PFN_PHYS(pfn));
		assert_ptr_equal(phys_to_page(page_to_phys(p) + 5), p);
		assert_ptr_equal(page_platform(p), plat);
		assert_int_equal(compound_order(p), o);
		assert_int_equal(page_ref_count(p), 1);
		assert_ptr_equal(page_address(p),
				 hw_phys_to_host(plat, page_to_phys(p),
						 PAGE_SIZE << o));
		if (o) {
			assert_ptr_equal(compound_head(p + (1UL << o) - 1), p);
			assert_true(PageFlag(p + 1, PG_tail));
		}
		pages[o] = p;
	}
	assert_false(pfn_valid(total));
	assert_null(pfn_to_page(total));
	for (o = 0; o <= MAX_PAGE_ORDER; o++)
		__free_pages(pages[o], o);
	assert_int_equal(zone_free_pages(plat, ZONE_NORMAL), total);
	/* Too large an order fails (and warns unless told not to). */
	assert_null(alloc_pages(GFP_KERNEL | __GFP_NOWARN, MAX_PAGE_ORDER + 1));
	hw_test_platform_free(plat);
}

static void test_zones_and_fallback(void **state)
{
	struct platform *plat = hw_test_platform(16 * MiB, 4 * MiB, 4 * MiB);
	unsigned long movable = 4 * MiB / PAGE_SIZE;
	struct page *p, **all;
	unsigned long i, n = 16 * MiB / PAGE_SIZE;

	assert_int_equal(zone_managed_pages(plat, ZONE_NORMAL), 2 * movable);
	assert_int_equal(zone_managed_pages(plat, ZONE_MOVABLE), movable);
	assert_int_equal(zone_managed_pages(plat, ZONE_CMA), movable);
	p = alloc_page(GFP_KERNEL);
	assert_int_equal(page_zonenum(p), ZONE_NORMAL);
	assert_true(page_is_longterm_pinnable(p));
	__free_page(p);
	p = alloc_page(GFP_HIGHUSER_MOVABLE);
	assert_int_equal(page_zonenum(p), ZONE_MOVABLE);
	assert_false(page_is_longterm_pinnable(p));
	__free_page(p);
	p = alloc_page(GFP_KERNEL | __GFP_CMA);
	assert_int_equal(page_zonenum(p), ZONE_CMA);
	__free_page(p);

	/* Movable spills into CMA, then NORMAL; the rest never use them. */
	all = calloc(n, sizeof(*all));
	for (i = 0; i < n; i++) {
		all[i] = alloc_page(GFP_HIGHUSER_MOVABLE);
		assert_non_null(all[i]);
		if (i < movable)
			assert_int_equal(page_zonenum(all[i]), ZONE_MOVABLE);
		else if (i < 2 * movable)
			assert_int_equal(page_zonenum(all[i]), ZONE_CMA);
		else
			assert_int_equal(page_zonenum(all[i]), ZONE_NORMAL);
	}
	/* Exhaustion: NULL, not a crash. */
	assert_null(alloc_page(GFP_HIGHUSER_MOVABLE));
	assert_null(alloc_page(GFP_KERNEL));
	for (i = 0; i < n; i++)
		put_page(all[i]);
	free(all);
	/* Non-movable allocations cannot take MOVABLE or CMA memory. */
	all = calloc(n, sizeof(*all));
	for (i = 0; (all[i] = alloc_page(GFP_KERNEL)); i++)
		assert_int_equal(page_zonenum(all[i]), ZONE_NORMAL);
	assert_int_equal(i, 2 * movable);
	assert_int_equal(zone_free_pages(plat, ZONE_MOVABLE), movable);
	while (i--)
		put_page(all[i]);
	free(all);
	hw_test_platform_free(plat);
}

static void test_zeroing(void **state)
{
	struct platform *plat = hw_test_platform(4 * MiB, 0, 0);
	struct page *p = alloc_pages(GFP_KERNEL, 2);
	unsigned char *va = page_address(p);
	size_t i;

	memset(va, 0xa5, 4 * PAGE_SIZE);
	__free_pages(p, 2);
	p = alloc_pages(GFP_KERNEL | __GFP_ZERO, 2);
	va = page_address(p);
	for (i = 0; i < 4 * PAGE_SIZE; i++)
		assert_int_equal(va[i], 0);
	__free_pages(p, 2);
	hw_test_platform_free(plat);
}

static void test_refcount_and_free(void **state)
{
	struct platform *plat = hw_test_platform(4 * MiB, 0, 0);
	unsigned long free0 = zone_free_pages(plat, ZONE_NORMAL);
	struct page *p = alloc_pages(GFP_KERNEL, 1);

	get_page(p + 1);	/* a later page counts on the head */
	assert_int_equal(page_ref_count(p), 2);
	assert_true(get_page_unless_zero(p));
	put_page(p);
	put_page(p + 1);
	assert_int_equal(zone_free_pages(plat, ZONE_NORMAL), free0 - 2);
	put_page(p);
	assert_int_equal(zone_free_pages(plat, ZONE_NORMAL), free0);
	assert_false(get_page_unless_zero(p));

	/* A pinned page is not freed: a WARN and it stays allocated. */
	p = alloc_page(GFP_KERNEL);
	atomic_inc(&p->_pincount);
	dmb_expect_reports(REPORT_WARN, 1);
	put_page(p);
	assert_int_equal(zone_free_pages(plat, ZONE_NORMAL), free0 - 1);
	assert_false(PageFlag(p, PG_buddy));

	/* Wrong order, and put on a free page: WARN, nothing corrupted. */
	p = alloc_pages(GFP_KERNEL, 2);
	dmb_expect_reports(REPORT_WARN, 2);
	__free_pages(p, 1);
	__free_pages(p, 2);
	put_page(p);
	assert_int_equal(zone_free_pages(plat, ZONE_NORMAL), free0 - 1);
	hw_test_platform_free(plat);
}

static void test_fragmentation(void **state)
{
	struct platform *plat = hw_test_platform(4 * MiB, 0, 0);
	unsigned long n = 4 * MiB / PAGE_SIZE, i;
	struct page **pg = calloc(n, sizeof(*pg));

	for (i = 0; i < n; i++)
		assert_non_null(pg[i] = alloc_page(GFP_KERNEL));
	/* Free every other page: lots of memory, no order-1 block. */
	for (i = 0; i < n; i += 2)
		put_page(pg[i]);
	assert_int_equal(zone_free_pages(plat, ZONE_NORMAL), n / 2);
	assert_null(alloc_pages(GFP_KERNEL, 1));
	/* Freeing the rest merges back to one max-order block. */
	for (i = 1; i < n; i += 2)
		put_page(pg[i]);
	assert_non_null(pg[0] = alloc_pages(GFP_KERNEL, MAX_PAGE_ORDER));
	__free_pages(pg[0], MAX_PAGE_ORDER);
	free(pg);
	hw_test_platform_free(plat);
}

static void test_no_current(void **state)
{
	struct platform *plat = hw_test_platform(4 * MiB, 0, 0);
	struct task_struct *t = set_current(NULL);

	dmb_expect_reports(REPORT_WARN, 3);
	assert_null(alloc_page(GFP_KERNEL));
	assert_false(pfn_valid(0));
	assert_null(pfn_to_page(0));
	set_current(t);
	hw_test_platform_free(plat);
}

struct lock_arg {
	struct platform *plat;
	struct page *page;
	long counter;
};

static void lock_worker(int idx, void *p)
{
	struct lock_arg *a = p;
	struct task_struct *t = task_create(a->plat, "locker");
	int i;

	set_current(t);
	for (i = 0; i < 2000; i++) {
		lock_page(a->page);
		a->counter++;	/* protected by the page lock */
		unlock_page(a->page);
	}
	set_current(NULL);
	task_exit(t);
}

static void test_lock_page(void **state)
{
	struct platform *plat = hw_test_platform(4 * MiB, 0, 0);
	struct lock_arg a = { .plat = plat, .page = alloc_page(GFP_KERNEL) };

	assert_true(trylock_page(a.page));
	assert_false(trylock_page(a.page));
	unlock_page(a.page);
	dmb_run_threads(4, lock_worker, &a);
	assert_int_equal(a.counter, 4 * 2000);
	assert_false(PageFlag(a.page, PG_locked));
	put_page(a.page);
	hw_test_platform_free(plat);
}

static void alloc_worker(int idx, void *p)
{
	struct lock_arg *a = p;
	struct task_struct *t = task_create(a->plat, "alloc");
	struct page *held[64];
	int i, j;

	set_current(t);
	srand(idx);
	for (i = 0; i < 300; i++) {
		for (j = 0; j < 64; j++) {
			unsigned int o = rand() % 3;

			held[j] = alloc_pages(j & 1 ? GFP_HIGHUSER_MOVABLE :
					      GFP_KERNEL, o);
			assert_non_null(held[j]);
			*(int *)page_address(held[j]) = idx;
		}
		for (j = 0; j < 64; j++) {
			assert_int_equal(*(int *)page_address(held[j]), idx);
			put_page(held[j]);
		}
	}
	set_current(NULL);
	task_exit(t);
}

static void test_concurrent_alloc(void **state)
{
	struct platform *plat = hw_test_platform(64 * MiB, 16 * MiB, 0);
	struct lock_arg a = { .plat = plat };
	unsigned long n = zone_free_pages(plat, ZONE_NORMAL);

	dmb_run_threads(4, alloc_worker, &a);
	assert_int_equal(zone_free_pages(plat, ZONE_NORMAL), n);
	assert_int_equal(zone_free_pages(plat, ZONE_MOVABLE), 16 * MiB / PAGE_SIZE);
	assert_non_null(a.page = alloc_pages(GFP_KERNEL, MAX_PAGE_ORDER));
	__free_pages(a.page, MAX_PAGE_ORDER);
	hw_test_platform_free(plat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_config_checked),
		dmb_unit_test(test_orders_and_pfns),
		dmb_unit_test(test_zones_and_fallback),
		dmb_unit_test(test_zeroing),
		dmb_unit_test(test_refcount_and_free),
		dmb_unit_test(test_fragmentation),
		dmb_unit_test(test_no_current),
		dmb_unit_test(test_lock_page),
		dmb_unit_test(test_concurrent_alloc),
	};

	return dmb_run_tests(tests);
}
