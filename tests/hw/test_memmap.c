// SPDX-License-Identifier: GPL-2.0
/*
 * The sparse memory map (mm/page_alloc.c): sections of struct pages
 * allocated on first use, published once; the allocator brings sections
 * online lowest first, so a platform costs the memory map it touches.
 */
#include <sched.h>
#include "hw_test.h"
#include <dmabridge/platform-file.h>
#include <dmabridge/err.h>

#define SECTION_BYTES (1ULL << SECTION_SIZE_BITS)

/*
 * Every section answers pfn_to_page() for its first and last pfn, the
 * page knows its pfn, zone and platform, and nothing beyond RAM has a
 * page. Guards the section lookup and page_to_pfn's section field, with
 * zones that begin inside a section and a last section RAM only half fills.
 */
static void test_pfn_to_page_of_every_section(void **state)
{
	u64 ram = 8 * SECTION_BYTES + 64 * MiB;
	struct platform *plat = hw_test_platform(ram, 192 * MiB, 96 * MiB);
	unsigned long nr_pages = ram / PAGE_SIZE, total, nr;
	unsigned long cma_start = (ram - 96 * MiB) / PAGE_SIZE;
	unsigned long movable_start = cma_start - 192 * MiB / PAGE_SIZE;

	assert_int_equal(memmap_sections_present(plat, &total), 0);
	assert_int_equal(total, 9);
	for (nr = 0; nr < total; nr++) {
		unsigned long pfns[] = {
			section_nr_to_pfn(nr),
			min(section_nr_to_pfn(nr + 1), nr_pages) - 1,
		};
		unsigned int i;

		for (i = 0; i < ARRAY_SIZE(pfns); i++) {
			struct page *p = pfn_to_page(pfns[i]);
			enum zone_type z = pfns[i] >= cma_start ? ZONE_CMA :
					   pfns[i] >= movable_start ?
					   ZONE_MOVABLE : ZONE_NORMAL;

			assert_non_null(p);
			assert_true(pfn_valid(pfns[i]));
			assert_int_equal(page_to_pfn(p), pfns[i]);
			assert_ptr_equal(platform_pfn_to_page(plat, pfns[i]), p);
			assert_int_equal(page_zonenum(p), z);
			assert_ptr_equal(page_platform(p), plat);
			assert_int_equal(page_ref_count(p), 0);
		}
		assert_int_equal(memmap_sections_present(plat, NULL), nr + 1);
	}
	assert_false(pfn_valid(nr_pages));
	assert_null(pfn_to_page(nr_pages));
	assert_null(platform_pfn_to_page(plat, ~0UL));
	/* Sections looked up first still serve the allocator. */
	assert_int_equal(zone_free_pages(plat, ZONE_CMA), 96 * MiB / PAGE_SIZE);
	hw_test_platform_free(plat);
}

/*
 * A small workload touches few sections: the allocator fills the lowest
 * online section before bringing the next one online. Guards the
 * lowest-first onlining that makes a platform cost what it touches.
 */
static void test_small_workload_touches_few_sections(void **state)
{
	struct platform *plat = hw_test_platform(8 * SECTION_BYTES,
						 2 * SECTION_BYTES, 0);
	struct page *pages[512], *big;
	unsigned long i;

	for (i = 0; i < ARRAY_SIZE(pages); i++) {
		pages[i] = alloc_page(i & 1 ? GFP_HIGHUSER_MOVABLE : GFP_KERNEL);
		assert_non_null(pages[i]);
	}
	big = alloc_pages(GFP_KERNEL, MAX_PAGE_ORDER);
	assert_non_null(big);
	/* One section of ZONE_NORMAL, one of ZONE_MOVABLE. */
	assert_int_equal(memmap_sections_present(plat, NULL), 2);
	assert_true(page_to_pfn(big) < section_nr_to_pfn(1));
	for (i = 0; i < ARRAY_SIZE(pages); i++)
		put_page(pages[i]);
	__free_pages(big, MAX_PAGE_ORDER);
	/* Freed memory is reused: no new section. */
	for (i = 0; i < ARRAY_SIZE(pages); i++)
		pages[i] = alloc_page(GFP_KERNEL);
	assert_int_equal(memmap_sections_present(plat, NULL), 2);
	for (i = 0; i < ARRAY_SIZE(pages); i++)
		put_page(pages[i]);
	hw_test_platform_free(plat);
}

struct touch_arg {
	struct platform *plat;
	unsigned long pfn;
	struct page *seen[16];
};

static void touch_worker(int idx, void *p)
{
	struct touch_arg *a = p;
	struct page *page;

	/*
	 * Even threads race to populate; odd ones wait until a section is
	 * published (a relaxed read: no happens-before from it), so they
	 * find the array through the lock-free fast path.
	 */
	while ((idx & 1) && !memmap_sections_present(a->plat, NULL))
		sched_yield();
	page = platform_pfn_to_page(a->plat, a->pfn + idx);

	/* Read what the publisher wrote: TSan checks the acquire. */
	assert_ptr_equal(page_platform(page), a->plat);
	assert_int_equal(page_to_pfn(page), a->pfn + idx);
	a->seen[idx] = page - idx;
}

/*
 * Many threads touching one section first all get the one published
 * array. Guards the release cmpxchg of section_populate() (a plain store
 * lets two arrays be handed out) and the acquire load of the fast path
 * (TSan: page fields read without happens-before).
 */
static void test_concurrent_first_touch_of_one_section(void **state)
{
	struct platform *plat = hw_test_platform(4 * SECTION_BYTES, 0, 0);
	struct touch_arg a = { .plat = plat,
			       .pfn = section_nr_to_pfn(2) + 100 };
	int i, n = ARRAY_SIZE(a.seen);

	dmb_run_threads(n, touch_worker, &a);
	for (i = 1; i < n; i++)
		assert_ptr_equal(a.seen[i], a.seen[0]);
	assert_int_equal(memmap_sections_present(plat, NULL), 1);
	hw_test_platform_free(plat);
}

struct grab_arg {
	struct platform *plat;
	struct page *got[4][256];
	int nr[4];
};

static void grab_worker(int idx, void *p)
{
	struct grab_arg *a = p;
	struct task_struct *t = task_create(a->plat, "grab");
	struct page *page;

	set_current(t);
	while ((page = alloc_pages(GFP_KERNEL | __GFP_NOWARN,
				   MAX_PAGE_ORDER))) {
		assert_true(a->nr[idx] < 256);
		a->got[idx][a->nr[idx]++] = page;
	}
	set_current(NULL);
	task_exit(t);
}

static int cmp_page(const void *x, const void *y)
{
	const struct page *const *a = x, *const *b = y;
	unsigned long pa = page_to_pfn(*a), pb = page_to_pfn(*b);

	return pa < pb ? -1 : pa > pb;
}

/*
 * Allocators racing to bring sections online hand out every block of
 * the zone exactly once. Guards the recheck of the zone's online end
 * after the unlocked memory-map allocation in zone_alloc() (without it a
 * section goes online twice and its blocks are handed out twice).
 */
static void test_racing_allocators_online_each_section_once(void **state)
{
	struct platform *plat = hw_test_platform(6 * SECTION_BYTES, 0, 0);
	unsigned long blocks = 6 * SECTION_BYTES / (PAGE_SIZE << MAX_PAGE_ORDER);
	struct grab_arg *a = calloc(1, sizeof(*a));
	struct page *all[4 * 256];
	unsigned long n = 0;
	int i, j;

	a->plat = plat;
	dmb_run_threads(4, grab_worker, a);
	for (i = 0; i < 4; i++)
		for (j = 0; j < a->nr[i]; j++)
			all[n++] = a->got[i][j];
	assert_int_equal(n, blocks);
	qsort(all, n, sizeof(all[0]), cmp_page);
	for (i = 1; i < (int)n; i++)
		assert_true(page_to_pfn(all[i]) > page_to_pfn(all[i - 1]));
	assert_int_equal(memmap_sections_present(plat, NULL), 6);
	for (i = 0; i < (int)n; i++)
		__free_pages(all[i], MAX_PAGE_ORDER);
	assert_int_equal(zone_free_pages(plat, ZONE_NORMAL),
			 6 * SECTION_BYTES / PAGE_SIZE);
	free(a);
	hw_test_platform_free(plat);
}

/*
 * A 64 GiB platform, with its devices, IOMMUs and drivers, is created and
 * destroyed allocating the memory map of a few of its 512 sections, not
 * 1.2 GB of struct pages. Counts sections, not time.
 */
static void test_64g_platform_allocates_few_sections(void **state)
{
	char *json = strdup(default_platform_json);
	char *at = strstr(json, "\"size\": \"4G\"");
	char err[256];
	struct platform *plat;
	unsigned long total, present;

	assert_non_null(at);
	memcpy(at, "\"size\":\"64G\"", 12);
	plat = platform_create_from_string(json, err, sizeof(err));
	assert_false(IS_ERR_OR_NULL(plat));
	present = memmap_sections_present(plat, &total);
	assert_int_equal(total, 512);
	assert_true(present <= 2);
	platform_destroy(plat);
	free(json);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_pfn_to_page_of_every_section),
		dmb_unit_test(test_small_workload_touches_few_sections),
		dmb_unit_test(test_concurrent_first_touch_of_one_section),
		dmb_unit_test(test_racing_allocators_online_each_section_once),
		dmb_unit_test(test_64g_platform_allocates_few_sections),
	};

	return dmb_run_tests(tests);
}
