// SPDX-License-Identifier: GPL-2.0
/* DMA API: masks, map_phys/page on each path, sg tables, two-step API. */
#include "hw_test.h"
#include <dmabridge/dma-mapping.h>
#include <dmabridge/iova.h>

#define BAR_BASE (1ULL << 40)

struct env {
	struct platform *plat;
	struct device direct, pt, iommu;
	struct phys_region *bar;
};

static void env_init(struct env *e)
{
	e->plat = hw_test_platform(64 * MiB, 16 * MiB, 0);
	hw_test_dev_init(&e->direct, e->plat, "direct0", IOMMU_MODE_NONE,
			 false);
	hw_test_dev_init(&e->pt, e->plat, "pt0", IOMMU_MODE_PASSTHROUGH, false);
	hw_test_dev_init(&e->iommu, e->plat, "iommu0", IOMMU_MODE_TRANSLATE,
			 false);
	e->bar = hw_add_bar_region(e->plat, BAR_BASE, 16 * MiB, NULL, 0,
				   "test BAR");
	assert_non_null(e->bar);
}

static void env_fini(struct env *e)
{
	hw_test_dev_fini(&e->direct);
	hw_test_dev_fini(&e->pt);
	hw_test_dev_fini(&e->iommu);
	hw_test_platform_free(e->plat);
}

static void test_masks(void **state)
{
	struct env e;

	env_init(&e);
	assert_int_equal(dma_set_mask(&e.direct, DMA_BIT_MASK(16)), -EIO);
	assert_int_equal(dma_set_mask_and_coherent(&e.direct,
						   DMA_BIT_MASK(32)), 0);
	assert_int_equal(dma_get_mask(&e.direct), DMA_BIT_MASK(32));
	assert_int_equal(e.direct.coherent_dma_mask, DMA_BIT_MASK(32));
	e.direct.dma_mask_store = 0;
	assert_int_equal(dma_get_mask(&e.direct), DMA_BIT_MASK(32));
	e.direct.dma_mask = NULL;
	assert_int_equal(dma_set_mask(&e.direct, DMA_BIT_MASK(64)), -EIO);
	e.direct.dma_mask = &e.direct.dma_mask_store;
	env_fini(&e);
}

static void test_map_ram_each_path(void **state)
{
	struct env e;
	struct page *p;
	dma_addr_t a;
	phys_addr_t pa;

	env_init(&e);
	p = alloc_pages(GFP_KERNEL, 1);
	pa = page_to_phys(p);
	/* No IOMMU and passthrough: the address is physical, recorded. */
	a = dma_map_page(&e.direct, p, 16, 100, DMA_TO_DEVICE);
	assert_int_equal(dma_mapping_error(&e.direct, a), 0);
	assert_int_equal(a, pa + 16);
	assert_int_equal(dma_direct_count(&e.direct), 1);
	dma_unmap_page(&e.direct, a, 100, DMA_TO_DEVICE);
	assert_int_equal(dma_direct_count(&e.direct), 0);
	a = dma_map_phys(&e.pt, pa, 8192, DMA_BIDIRECTIONAL, 0);
	assert_int_equal(a, pa);
	dma_unmap_phys(&e.pt, a, 8192, DMA_BIDIRECTIONAL, 0);
	/* IOMMU: an IOVA that translates back to the page. */
	a = dma_map_phys(&e.iommu, pa + 100, 5000, DMA_FROM_DEVICE, 0);
	assert_int_not_equal(a, DMA_MAPPING_ERROR);
	assert_int_equal(a & 0xfff, 100);
	assert_int_equal(iommu_iova_to_phys(iommu_get_dma_domain(&e.iommu), a),
			 pa + 100);
	assert_int_equal(iommu_iova_to_phys(iommu_get_dma_domain(&e.iommu),
					    a + 4900), pa + 5000);
	assert_int_equal(dma_direct_count(&e.iommu), 0);
	dma_unmap_phys(&e.iommu, a, 5000, DMA_FROM_DEVICE, 0);
	assert_int_equal(iommu_iova_to_phys(iommu_get_dma_domain(&e.iommu), a),
			 0);
	/* RAM with DMA_ATTR_MMIO is allowed (Linux does not forbid it). */
	a = dma_map_phys(&e.iommu, pa, 4096, DMA_TO_DEVICE, DMA_ATTR_MMIO);
	assert_int_not_equal(a, DMA_MAPPING_ERROR);
	dma_unmap_phys(&e.iommu, a, 4096, DMA_TO_DEVICE, DMA_ATTR_MMIO);
	/* Bad input. */
	assert_int_equal(dma_map_phys(&e.direct, pa, 0, DMA_TO_DEVICE, 0),
			 DMA_MAPPING_ERROR);
	assert_int_equal(dma_map_phys(&e.direct, 1ULL << 50, 4096,
				      DMA_TO_DEVICE, 0), DMA_MAPPING_ERROR);
	assert_int_equal(dma_map_phys(&e.direct, 64 * MiB - 4096, 8192,
				      DMA_TO_DEVICE, 0), DMA_MAPPING_ERROR);
	dmb_expect_reports(REPORT_WARN, 3);
	assert_int_equal(dma_map_phys(&e.direct, pa, 4096, 7, 0),
			 DMA_MAPPING_ERROR);
	/* Unmapping what was never mapped. */
	dma_unmap_phys(&e.direct, pa, 4096, DMA_TO_DEVICE, 0);
	dma_unmap_phys(&e.iommu, 0x12345000, 4096, DMA_TO_DEVICE, 0);
	__free_pages(p, 1);
	env_fini(&e);
}

static void test_mask_respected(void **state)
{
	struct env e;
	struct page *p;
	dma_addr_t a;
	int i;

	env_init(&e);
	/* Movable memory sits above 48 MiB; a 25-bit mask covers 32 MiB. */
	p = alloc_page(GFP_HIGHUSER_MOVABLE);
	assert_true(page_to_phys(p) >= 48 * MiB);
	assert_int_equal(dma_set_mask(&e.direct, DMA_BIT_MASK(25)), 0);
	assert_int_equal(dma_map_page(&e.direct, p, 0, 4096, DMA_TO_DEVICE),
			 DMA_MAPPING_ERROR);
	assert_int_equal(dma_direct_count(&e.direct), 0);
	/* Behind an IOMMU the page is reachable through an IOVA under it. */
	assert_int_equal(dma_set_mask(&e.iommu, DMA_BIT_MASK(25)), 0);
	for (i = 0; i < 20; i++) {
		a = dma_map_page(&e.iommu, p, 0, 4096, DMA_TO_DEVICE);
		assert_int_not_equal(a, DMA_MAPPING_ERROR);
		assert_true(a + 4095 <= DMA_BIT_MASK(25));
		dma_unmap_page(&e.iommu, a, 4096, DMA_TO_DEVICE);
	}
	put_page(p);
	env_fini(&e);
}

static void test_map_bar(void **state)
{
	struct env e;
	dma_addr_t a;

	env_init(&e);
	/* No struct page: DMA_ATTR_MMIO is required. */
	dmb_expect_reports(REPORT_WARN, 1);
	assert_int_equal(dma_map_phys(&e.direct, BAR_BASE, 4096, DMA_TO_DEVICE,
				      0), DMA_MAPPING_ERROR);
	a = dma_map_phys(&e.direct, BAR_BASE + 8192, 4096, DMA_TO_DEVICE,
			 DMA_ATTR_MMIO);
	assert_int_equal(a, BAR_BASE + 8192);
	dma_unmap_phys(&e.direct, a, 4096, DMA_TO_DEVICE, DMA_ATTR_MMIO);
	a = dma_map_phys(&e.iommu, BAR_BASE + 8192, 4096, DMA_TO_DEVICE,
			 DMA_ATTR_MMIO);
	assert_int_not_equal(a, DMA_MAPPING_ERROR);
	assert_true(a < BAR_BASE || a >= BAR_BASE + 16 * MiB);
	assert_int_equal(iommu_iova_to_phys(iommu_get_dma_domain(&e.iommu), a),
			 BAR_BASE + 8192);
	dma_unmap_phys(&e.iommu, a, 4096, DMA_TO_DEVICE, DMA_ATTR_MMIO);
	/* A BAR beyond the device's mask cannot be reached directly. */
	assert_int_equal(dma_set_mask(&e.direct, DMA_BIT_MASK(32)), 0);
	assert_int_equal(dma_map_phys(&e.direct, BAR_BASE, 4096, DMA_TO_DEVICE,
				      DMA_ATTR_MMIO), DMA_MAPPING_ERROR);
	env_fini(&e);
}

static struct page **alloc_scattered(unsigned int n)
{
	struct page **pages = calloc(n, sizeof(*pages));
	struct page *spacer[64];
	unsigned int i;

	/* Allocate with holes so no two pages are contiguous. */
	for (i = 0; i < n; i++) {
		pages[i] = alloc_page(GFP_KERNEL);
		spacer[i % 64] = alloc_page(GFP_KERNEL);
		if (i % 64 == 63 || i == n - 1) {
			unsigned int k;

			for (k = 0; k <= i % 64; k++)
				put_page(spacer[k]);
		}
	}
	return pages;
}

static void test_sgtable(void **state)
{
	struct env e;
	struct sg_table sgt;
	struct scatterlist *sg;
	struct page **pages, *big;
	unsigned int i, n = 64;
	size_t total = 0;
	unsigned long free0;
	struct iommu_domain *d;

	env_init(&e);
	d = iommu_get_dma_domain(&e.iommu);
	free0 = d->iovad->free_pfns;
	pages = alloc_scattered(n);
	assert_int_equal(sg_alloc_table_from_pages(&sgt, pages, n, 100,
						   n * 4096 - 200, GFP_KERNEL),
			 0);
	assert_int_equal(sgt.orig_nents, n);
	assert_int_equal(sg_page(sgt.sgl), pages[0]);
	assert_int_equal(sgt.sgl[0].offset, 100);
	assert_true(sg_is_last(&sgt.sgl[n - 1]));
	/* Direct: one DMA entry per CPU entry, addresses physical. */
	assert_int_equal(dma_map_sgtable(&e.direct, &sgt, DMA_TO_DEVICE, 0), 0);
	assert_int_equal(sgt.nents, n);
	for_each_sgtable_dma_sg(&sgt, sg, i)
		assert_int_equal(sg_dma_address(sg), sg_phys(sg));
	assert_int_equal(dma_direct_count(&e.direct), n);
	dma_unmap_sgtable(&e.direct, &sgt, DMA_TO_DEVICE, 0);
	assert_int_equal(dma_direct_count(&e.direct), 0);
	/* IOMMU: contiguous IOVA, merged up to the 64 KiB default segment. */
	assert_int_equal(dma_map_sgtable(&e.iommu, &sgt, DMA_TO_DEVICE, 0), 0);
	assert_int_equal(sgt.nents, 4);
	for_each_sgtable_dma_sg(&sgt, sg, i) {
		assert_true(sg_dma_len(sg) <= 65536);
		total += sg_dma_len(sg);
	}
	assert_int_equal(total, n * 4096 - 200);
	assert_int_equal(iommu_iova_to_phys(d, sg_dma_address(sgt.sgl) +
						       4096 - 100),
			 page_to_phys(pages[1]));
	dma_unmap_sgtable(&e.iommu, &sgt, DMA_TO_DEVICE, 0);
	iommu_dma_fq_flush(d);	/* unmapped IOVAs wait in quarantine */
	assert_int_equal(d->iovad->free_pfns, free0);
	/* A bigger segment limit gives a single entry. */
	assert_int_equal(dma_set_max_seg_size(&e.iommu, 1u << 30), 0);
	assert_int_equal(dma_map_sgtable(&e.iommu, &sgt, DMA_TO_DEVICE, 0), 0);
	assert_int_equal(sgt.nents, 1);
	assert_int_equal(sg_dma_len(sgt.sgl), n * 4096 - 200);
	dma_unmap_sgtable(&e.iommu, &sgt, DMA_TO_DEVICE, 0);
	iommu_dma_fq_flush(d);	/* unmapped IOVAs wait in quarantine */
	assert_int_equal(d->iovad->free_pfns, free0);
	sg_free_table(&sgt);
	for (i = 0; i < n; i++)
		put_page(pages[i]);
	/* Contiguous pages merge already in the CPU table. */
	big = alloc_pages(GFP_KERNEL, 4);
	for (i = 0; i < 16; i++)
		pages[i] = big + i;
	assert_int_equal(sg_alloc_table_from_pages(&sgt, pages, 16, 0,
						   16 * 4096, GFP_KERNEL), 0);
	assert_int_equal(sgt.orig_nents, 1);
	assert_int_equal(sgt.sgl[0].length, 16 * 4096);
	sg_free_table(&sgt);
	assert_int_equal(sg_alloc_table_from_pages_segment(&sgt, pages, 16, 0,
							   16 * 4096, 8192,
							   GFP_KERNEL), 0);
	assert_int_equal(sgt.orig_nents, 8);
	/* Entries without a page are refused. */
	sg_assign_page(&sgt.sgl[3], NULL);
	assert_int_equal(dma_map_sgtable(&e.iommu, &sgt, DMA_TO_DEVICE, 0),
			 -EINVAL);
	sg_free_table(&sgt);
	__free_pages(big, 4);
	free(pages);
	assert_int_equal(sg_alloc_table(&sgt, 0, GFP_KERNEL), -EINVAL);
	env_fini(&e);
}

static void test_two_step(void **state)
{
	struct env e;
	struct dma_iova_state st;
	struct iommu_domain *d;
	unsigned long free0;
	struct page *a, *b;

	env_init(&e);
	a = alloc_pages(GFP_KERNEL, 2);
	b = alloc_page(GFP_KERNEL);
	d = iommu_get_dma_domain(&e.iommu);
	free0 = d->iovad->free_pfns;
	/* No translating IOMMU: callers fall back to dma_map_phys. */
	assert_false(dma_iova_try_alloc(&e.direct, &st, 0, 4096));
	assert_false(dma_use_iova(&st));
	assert_false(dma_iova_try_alloc(&e.pt, &st, 0, 4096));

	assert_true(dma_iova_try_alloc(&e.iommu, &st, page_to_phys(a) + 512,
				       4 * 4096 - 512 + 4096));
	assert_true(dma_use_iova(&st));
	assert_int_equal(st.addr & 0xfff, 512);
	assert_int_equal(dma_iova_link(&e.iommu, &st, page_to_phys(a) + 512, 0,
				       4 * 4096 - 512, DMA_BIDIRECTIONAL, 0), 0);
	/* A later range must start on an IO page. */
	assert_int_equal(dma_iova_link(&e.iommu, &st, page_to_phys(b) + 8,
				       4 * 4096 - 512, 100, DMA_TO_DEVICE, 0),
			 -EIO);
	assert_int_equal(dma_iova_link(&e.iommu, &st, page_to_phys(b),
				       4 * 4096 - 512, 8192, DMA_TO_DEVICE, 0),
			 -EINVAL);
	assert_int_equal(dma_iova_link(&e.iommu, &st, page_to_phys(b),
				       4 * 4096 - 512, 4096, DMA_TO_DEVICE, 0),
			 0);
	assert_int_equal(dma_iova_link(&e.iommu, &st, page_to_phys(b),
				       4 * 4096 - 512, 4096, DMA_TO_DEVICE, 0),
			 -EEXIST);
	assert_int_equal(dma_iova_sync(&e.iommu, &st, 0, 5 * 4096 - 512), 0);
	assert_int_equal(iommu_iova_to_phys(d, st.addr),
			 page_to_phys(a) + 512);
	assert_int_equal(iommu_iova_to_phys(d, st.addr + 4 * 4096 - 512),
			 page_to_phys(b));
	/* A BAR: needs DMA_ATTR_MMIO. */
	dma_iova_unlink(&e.iommu, &st, 4 * 4096 - 512, 4096, DMA_TO_DEVICE, 0);
	assert_int_equal(iommu_iova_to_phys(d, st.addr + 4 * 4096 - 512), 0);
	dmb_expect_reports(REPORT_WARN, 1);
	assert_int_equal(dma_iova_link(&e.iommu, &st, BAR_BASE, 4 * 4096 - 512,
				       4096, DMA_TO_DEVICE, 0), -EINVAL);
	assert_int_equal(dma_iova_link(&e.iommu, &st, BAR_BASE, 4 * 4096 - 512,
				       4096, DMA_TO_DEVICE, DMA_ATTR_MMIO), 0);
	assert_int_equal(iommu_iova_to_phys(d, st.addr + 4 * 4096 - 512),
			 BAR_BASE);
	dma_iova_destroy(&e.iommu, &st, 5 * 4096 - 512, DMA_BIDIRECTIONAL, 0);
	assert_false(dma_use_iova(&st));
	iommu_dma_fq_flush(d);	/* unmapped IOVAs wait in quarantine */
	assert_int_equal(d->iovad->free_pfns, free0);
	/* Allocate and free without linking. */
	assert_true(dma_iova_try_alloc(&e.iommu, &st, 0, 1 << 20));
	dma_iova_free(&e.iommu, &st);
	iommu_dma_fq_flush(d);	/* unmapped IOVAs wait in quarantine */
	assert_int_equal(d->iovad->free_pfns, free0);
	__free_pages(a, 2);
	put_page(b);
	env_fini(&e);
}

static void test_direct_records(void **state)
{
	struct env e;
	phys_addr_t phys;
	san_owner_t owner;
	size_t ok;
	struct page *p;

	env_init(&e);
	p = alloc_pages(GFP_KERNEL, 1);
	assert_int_equal(dma_direct_record(&e.iommu, 0xd0000000,
					   page_to_phys(p), 8192), 0);
	assert_int_equal(dma_direct_lookup(&e.iommu, 0xd0000010, 100000, &phys,
					   &owner, &ok), 1);
	assert_int_equal(phys, page_to_phys(p) + 0x10);
	assert_int_equal(owner, san_owner(e.plat, page_to_phys(p)));
	assert_int_equal(ok, 8192 - 0x10);
	assert_int_equal(dma_direct_lookup(&e.iommu, 0xd0002000, 1, &phys,
					   &owner, &ok), 0);
	assert_int_equal(dma_direct_forget(&e.iommu, 0xd0000000, 4096),
			 -ENOENT);
	assert_int_equal(dma_direct_forget(&e.iommu, 0xd0000000, 8192), 0);
	assert_int_equal(dma_direct_record(&e.iommu, 1, 0, 0), -EINVAL);
	/* A leftover mapping at release is reported, and freed. */
	assert_int_equal(dma_direct_record(&e.direct, 0x1000, 0x1000, 4096), 0);
	dmb_expect_reports(REPORT_WARN, 1);
	__free_pages(p, 1);
	env_fini(&e);
}

struct race {
	struct env *e;
};

static void map_worker(int idx, void *arg)
{
	struct env *e = arg;
	struct device *dev = idx & 1 ? &e->iommu : &e->direct;
	struct task_struct *t = task_create(e->plat, "mapper");
	int i;

	set_current(t);
	for (i = 0; i < 1000; i++) {
		struct page *p = alloc_page(GFP_KERNEL);
		dma_addr_t a = dma_map_page(dev, p, 0, 4096, DMA_TO_DEVICE);

		assert_int_not_equal(a, DMA_MAPPING_ERROR);
		if (dev == &e->iommu)
			assert_int_equal(iommu_iova_to_phys(
					 iommu_get_dma_domain(dev), a),
					 page_to_phys(p));
		dma_unmap_page(dev, a, 4096, DMA_TO_DEVICE);
		put_page(p);
	}
	set_current(NULL);
	task_exit(t);
}

static void test_concurrent_mapping(void **state)
{
	struct env e;

	env_init(&e);
	dmb_run_threads(4, map_worker, &e);
	assert_int_equal(dma_direct_count(&e.direct), 0);
	env_fini(&e);
}

/*
 * Threads each link pages one by one into IOVA states of their own on one
 * device, so the lock-free hint of the state linked last changes under
 * every link: each link must find its own state's handle. Guards the
 * hint's sequence count (a torn read would give a link another state's
 * handle, and its extent would be refused as outside that range).
 */
static void state_worker(int idx, void *arg)
{
	struct env *e = arg;
	struct task_struct *t = task_create(e->plat, "linker");
	struct dma_iova_state st;
	struct page *p;
	int i, j;

	set_current(t);
	p = alloc_pages(GFP_KERNEL, 3);
	assert_non_null(p);
	for (i = 0; i < 200; i++) {
		assert_true(dma_iova_try_alloc(&e->iommu, &st, 0, 8 * 4096));
		for (j = 0; j < 8; j++)
			assert_int_equal(dma_iova_link(&e->iommu, &st,
						       page_to_phys(p) +
							       j * 4096,
						       j * 4096, 4096,
						       DMA_TO_DEVICE, 0), 0);
		assert_int_equal(iommu_iova_to_phys(
					 iommu_get_dma_domain(&e->iommu),
					 st.addr + 7 * 4096),
				 page_to_phys(p) + 7 * 4096);
		dma_iova_destroy(&e->iommu, &st, 8 * 4096, DMA_TO_DEVICE, 0);
	}
	__free_pages(p, 3);
	set_current(NULL);
	task_exit(t);
}

struct hint_race {
	struct dma_iova_state other;
	struct page *p;
};

static void link_other_state(struct device *dev, void *arg)
{
	struct hint_race *r = arg;

	dma_state_hint_set_race_hook(NULL, NULL);
	assert_true(dma_iova_try_alloc(dev, &r->other, 0, 2 * 4096));
	assert_int_equal(dma_iova_link(dev, &r->other, page_to_phys(r->p), 0,
				       4096, DMA_TO_DEVICE, 0), 0);
}

/*
 * The hint of the state linked last changes between the lock-free
 * lookup's read of its range and of its handle: another state of the
 * same size is linked right there. The lookup must see the sequence
 * count move and fall back to the locked search; without that recheck it
 * takes the other state's handle for the matching range it read first,
 * and the link fails (-EINVAL: the extent is outside that handle).
 * Guards the hint's sequence count in dd_hint_lookup(), deterministically
 * (test_concurrent_iova_states races it for real).
 */
static void test_iova_hint_changed_mid_lookup(void **state)
{
	struct hint_race r = { 0 };
	struct dma_iova_state st;
	struct env e;

	env_init(&e);
	r.p = alloc_pages(GFP_KERNEL, 1);
	assert_non_null(r.p);
	assert_true(dma_iova_try_alloc(&e.iommu, &st, 0, 2 * 4096));
	assert_int_equal(dma_iova_link(&e.iommu, &st, page_to_phys(r.p), 0,
				       4096, DMA_TO_DEVICE, 0), 0);
	dma_state_hint_set_race_hook(link_other_state, &r);
	assert_int_equal(dma_iova_link(&e.iommu, &st,
				       page_to_phys(r.p) + 4096, 4096, 4096,
				       DMA_TO_DEVICE, 0), 0);
	dma_state_hint_set_race_hook(NULL, NULL);
	assert_true(dma_use_iova(&r.other));
	assert_int_equal(iommu_iova_to_phys(iommu_get_dma_domain(&e.iommu),
					    st.addr + 4096),
			 page_to_phys(r.p) + 4096);
	dma_iova_destroy(&e.iommu, &r.other, 4096, DMA_TO_DEVICE, 0);
	dma_iova_destroy(&e.iommu, &st, 2 * 4096, DMA_TO_DEVICE, 0);
	__free_pages(r.p, 1);
	env_fini(&e);
}

static void test_concurrent_iova_states(void **state)
{
	struct env e;

	env_init(&e);
	dmb_run_threads(4, state_worker, &e);
	env_fini(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_masks),
		dmb_unit_test(test_map_ram_each_path),
		dmb_unit_test(test_mask_respected),
		dmb_unit_test(test_map_bar),
		dmb_unit_test(test_sgtable),
		dmb_unit_test(test_two_step),
		dmb_unit_test(test_direct_records),
		dmb_unit_test(test_concurrent_mapping),
		dmb_unit_test(test_iova_hint_changed_mid_lookup),
		dmb_unit_test(test_concurrent_iova_states),
	};

	return dmb_run_tests(tests);
}
