// SPDX-License-Identifier: GPL-2.0
/* IOVA allocator and IOMMU: map/unmap/iova_to_phys, attach, faults. */
#include "hw_test.h"
#include <dmabridge/iova.h>

#define BAR_BASE (1ULL << 40)

static void test_iova_alloc_free(void **state)
{
	struct iova_domain iovad;
	unsigned long a, b, c, limit = (1UL << 20) - 1;

	assert_int_equal(init_iova_domain(&iovad, 4096, 1), 0);
	/* Top-down under the limit, size-aligned. */
	a = alloc_iova_fast(&iovad, 1, limit, true);
	assert_int_equal(a, limit);
	b = alloc_iova_fast(&iovad, 3, limit, true);
	assert_true(IS_ALIGNED(b, 4) && b + 3 <= a);
	c = alloc_iova_fast(&iovad, 256, limit, true);
	assert_true(IS_ALIGNED(c, 256) && c + 256 <= b);
	assert_int_equal(alloc_iova_fast(&iovad, 0, limit, true), 0);
	/* Nothing fits under a tiny limit (frame 0 is never used). */
	assert_int_equal(alloc_iova_fast(&iovad, 2, 1, true), 0);
	assert_int_equal(alloc_iova_fast(&iovad, 1, 1, true), 1);
	free_iova_fast(&iovad, 1, 1);
	free_iova_fast(&iovad, b, 3);
	free_iova_fast(&iovad, a, 1);
	free_iova_fast(&iovad, c, 256);
	assert_int_equal(iovad.nr_ranges, 1);
	dmb_expect_reports(REPORT_WARN, 2);
	free_iova_fast(&iovad, c, 256);		/* double free */
	free_iova_fast(&iovad, 0, 1);		/* below start_pfn */
	/* Reserved frames are never handed out. */
	assert_int_equal(reserve_iova(&iovad, 100, 199), 0);
	for (a = 0; a < 50; a++) {
		b = alloc_iova_fast(&iovad, 1, 250, true);
		assert_true(b && (b < 100 || b > 199) && b <= 250);
	}
	put_iova_domain(&iovad);
}

/* Random allocations against a bitmap model of a small space. */
static void test_iova_random(void **state)
{
	enum { SPACE = 4096, N = 400 };
	static unsigned char used[SPACE];
	struct { unsigned long pfn, n; } live[N] = { 0 };
	struct iova_domain iovad;
	unsigned long i, k, round;

	memset(used, 0, sizeof(used));
	assert_int_equal(init_iova_domain(&iovad, 4096, 1), 0);
	srand(7);
	for (round = 0; round < 20000; round++) {
		i = rand() % N;
		if (live[i].n) {
			for (k = 0; k < live[i].n; k++)
				used[live[i].pfn + k] = 0;
			free_iova_fast(&iovad, live[i].pfn, live[i].n);
			live[i].n = 0;
			continue;
		}
		live[i].n = 1 + rand() % 40;
		live[i].pfn = alloc_iova_fast(&iovad, live[i].n, SPACE - 1,
					      true);
		if (!live[i].pfn) {
			live[i].n = 0;
			continue;
		}
		assert_true(live[i].pfn + live[i].n <= SPACE);
		for (k = 0; k < live[i].n; k++) {
			assert_int_equal(used[live[i].pfn + k], 0);
			used[live[i].pfn + k] = 1;
		}
	}
	for (i = 0; i < N; i++)
		if (live[i].n)
			free_iova_fast(&iovad, live[i].pfn, live[i].n);
	assert_int_equal(iovad.nr_ranges, 1);
	put_iova_domain(&iovad);
}

static void test_map_unmap(void **state)
{
	struct platform *plat = hw_test_platform(16 * MiB, 0, 0);
	struct iommu_domain *d = iommu_domain_alloc(plat);
	struct page *big = alloc_pages(GFP_KERNEL, 9);	/* 2 MiB */
	phys_addr_t pa = page_to_phys(big);
	unsigned long iova = 0x40000000;

	assert_non_null(d);
	assert_int_equal(iommu_map(d, iova, pa, 2 * MiB,
				   IOMMU_READ | IOMMU_WRITE, GFP_KERNEL), 0);
	assert_int_equal(iommu_iova_to_phys(d, iova + 0x1234), pa + 0x1234);
	assert_int_equal(iommu_iova_to_phys(d, iova + 2 * MiB - 1),
			 pa + 2 * MiB - 1);
	assert_int_equal(iommu_iova_to_phys(d, iova + 2 * MiB), 0);
	/* Overlaps are refused, and leave nothing behind. */
	assert_int_equal(iommu_map(d, iova - 4096, pa, 8192, IOMMU_READ,
				   GFP_KERNEL), -EEXIST);
	assert_int_equal(iommu_iova_to_phys(d, iova - 4096), 0);
	/* Bad alignment or range. */
	assert_int_equal(iommu_map(d, iova + 1, pa, 4096, IOMMU_READ,
				   GFP_KERNEL), -EINVAL);
	assert_int_equal(iommu_map(d, 1UL << 48, pa, 4096, IOMMU_READ,
				   GFP_KERNEL), -EINVAL);
	assert_int_equal(iommu_map(d, iova, pa, 0, IOMMU_READ, GFP_KERNEL),
			 -EINVAL);
	/*
	 * Unmapping 4 KiB out of the 2 MiB page is refused, as Linux's
	 * io-pgtable-arm does since 6.13: nothing is unmapped, and a WARN.
	 */
	dmb_expect_reports(REPORT_WARN, 1);
	assert_int_equal(iommu_unmap(d, iova + 8192, 4096), 0);
	assert_int_equal(iommu_iova_to_phys(d, iova + 8192), pa + 8192);
	/* So is a range that starts at the page but ends inside it. */
	dmb_expect_reports(REPORT_WARN, 1);
	assert_int_equal(iommu_unmap(d, iova, 2 * MiB - 4096), 0);
	assert_int_equal(iommu_unmap(d, iova, 2 * MiB), 2 * MiB);
	assert_int_equal(iommu_iova_to_phys(d, iova + 12288), 0);
	/* Unmap stops at the first hole. */
	assert_int_equal(iommu_map(d, iova, pa, 8192, IOMMU_READ, GFP_KERNEL),
			 0);
	assert_int_equal(iommu_unmap(d, iova, 2 * MiB), 8192);
	assert_int_equal(iommu_unmap(d, iova + 8192, 4096), 0);
	/* Remapping works after unmap. */
	assert_int_equal(iommu_map(d, iova, pa, 4096, IOMMU_READ, GFP_KERNEL),
			 0);
	assert_int_equal(iommu_unmap(d, iova, 4096), 4096);
	iommu_domain_free(d);
	__free_pages(big, 9);
	hw_test_platform_free(plat);
}

struct fault_ctx {
	int calls;
	unsigned long iova;
	int flags;
	struct device *dev;
	phys_addr_t fix;	/* map this page at the iova, if set */
};

static int fault_handler(struct iommu_domain *d, struct device *dev,
			 unsigned long iova, int flags, void *token)
{
	struct fault_ctx *f = token;

	f->calls++;
	f->iova = iova;
	f->flags = flags;
	f->dev = dev;
	if (!f->fix)
		return -ENOSYS;
	return iommu_map(d, iova & ~0xfffUL, f->fix, 4096,
			 IOMMU_READ | IOMMU_WRITE, GFP_ATOMIC);
}

static void test_attach_and_faults(void **state)
{
	struct platform *plat = hw_test_platform(16 * MiB, 0, 0);
	struct device dev, pt;
	struct iommu_domain *d, *d2;
	struct fault_ctx f = { 0 };
	struct iommu_xlate x;
	struct page *p = alloc_page(GFP_KERNEL);

	hw_test_dev_init(&dev, plat, "dev0", IOMMU_MODE_TRANSLATE, false);
	hw_test_dev_init(&pt, plat, "pt0", IOMMU_MODE_PASSTHROUGH, false);
	assert_true(device_iommu_translates(&dev));
	assert_false(device_iommu_translates(&pt));
	assert_int_equal(iommu_probe_device(&dev, IOMMU_MODE_TRANSLATE,
					    false), -EEXIST);
	/* Identity domain: the address is the physical address. */
	assert_int_equal(iommu_translate(&pt, 0x123456, true, &x), 0);
	assert_false(x.translated);
	assert_int_equal(x.phys, 0x123456);
	assert_int_equal(iommu_iova_to_phys(iommu_get_domain_for_dev(&pt),
					    0x5000), 0x5000);

	d = iommu_paging_domain_alloc(&dev);
	assert_false(IS_ERR(d));
	d2 = iommu_domain_alloc(plat);
	assert_int_equal(iommu_attach_device(d, &dev), 0);
	assert_ptr_equal(iommu_get_domain_for_dev(&dev), d);
	assert_int_equal(iommu_attach_device(d2, &dev), -EBUSY);
	/* An attached domain is not freed. */
	dmb_expect_reports(REPORT_WARN, 1);
	iommu_domain_free(d);

	/* A miss is a fault: counted, reported, handed to the handler. */
	iommu_set_fault_handler(d, fault_handler, &f);
	dmb_expect_reports(REPORT_IOMMU_FAULT, 3);
	assert_int_equal(iommu_translate(&dev, 0x7000, true, &x), -EFAULT);
	assert_int_equal(f.calls, 1);
	assert_int_equal(f.iova, 0x7000);
	assert_int_equal(f.flags, IOMMU_FAULT_WRITE);
	assert_ptr_equal(f.dev, &dev);
	assert_int_equal(iommu_domain_fault_count(d), 1);
	assert_int_equal(iommu_dev_fault_count(&dev), 1);
	/* A permission miss too: read-only mapping, write access. */
	assert_int_equal(iommu_map(d, 0x9000, page_to_phys(p), 4096,
				   IOMMU_READ, GFP_KERNEL), 0);
	assert_int_equal(iommu_translate(&dev, 0x9010, false, &x), 0);
	assert_true(x.translated);
	assert_int_equal(x.phys, page_to_phys(p) + 0x10);
	assert_int_equal(x.len, 4096 - 0x10);
	assert_int_equal(x.owner, san_owner(plat, page_to_phys(p)));
	assert_int_equal(iommu_translate(&dev, 0x9010, true, &x), -EFAULT);
	/* Without can_fault, a handler that fixes things is not retried. */
	f.fix = page_to_phys(p);
	assert_int_equal(iommu_translate(&dev, 0xa000, false, &x), -EFAULT);
	assert_int_equal(iommu_domain_fault_count(d), 3);
	assert_int_equal(iommu_unmap(d, 0x9000, 8192), 8192);

	iommu_detach_device(d, &dev);
	assert_ptr_equal(iommu_get_domain_for_dev(&dev),
			 iommu_get_dma_domain(&dev));
	iommu_domain_free(d);
	iommu_domain_free(d2);
	hw_test_dev_fini(&dev);
	hw_test_dev_fini(&pt);
	put_page(p);
	hw_test_platform_free(plat);
}

static void test_fault_retry(void **state)
{
	struct platform *plat = hw_test_platform(16 * MiB, 0, 0);
	struct device dev;
	struct fault_ctx f = { 0 };
	struct iommu_xlate x;
	struct page *p = alloc_page(GFP_KERNEL);
	struct iommu_domain *d;

	hw_test_dev_init(&dev, plat, "odp0", IOMMU_MODE_TRANSLATE, true);
	d = iommu_get_domain_for_dev(&dev);
	iommu_set_fault_handler(d, fault_handler, &f);
	f.fix = page_to_phys(p);
	/* The handler maps the page; the IOMMU retries and succeeds. */
	dmb_expect_reports(REPORT_IOMMU_FAULT, 1);
	assert_int_equal(iommu_translate(&dev, 0x100000, true, &x), 0);
	assert_int_equal(x.phys, page_to_phys(p));
	assert_int_equal(f.calls, 1);
	assert_int_equal(iommu_unmap(d, 0x100000, 4096), 4096);
	hw_test_dev_fini(&dev);
	put_page(p);
	hw_test_platform_free(plat);
}

static void test_bar_windows_reserved(void **state)
{
	struct platform *plat = hw_test_platform(16 * MiB, 0, 0);
	struct device dev;
	struct iommu_domain *d;
	unsigned long pfn;
	int i;

	/* A BAR low in the address space, then a device behind an IOMMU. */
	assert_non_null(hw_add_bar_region(plat, 0xe0000000, 256 * MiB, NULL, 0,
					  "bar"));
	hw_test_dev_init(&dev, plat, "dev", IOMMU_MODE_TRANSLATE, false);
	d = iommu_get_dma_domain(&dev);
	for (i = 0; i < 100; i++) {
		pfn = alloc_iova_fast(d->iovad, 1024, 0xffffffffUL >> 12, true);
		assert_true(pfn);
		assert_true(pfn + 1024 <= 0xe0000 || pfn >= 0xf0000);
	}
	hw_test_dev_fini(&dev);
	hw_test_platform_free(plat);
}

struct race_ctx {
	struct platform *plat;
	struct iommu_domain *d;
};

static void map_worker(int idx, void *arg)
{
	struct race_ctx *c = arg;
	unsigned long base = (unsigned long)(idx + 1) << 32;
	int i;

	for (i = 0; i < 2000; i++) {
		unsigned long iova = base + (i % 64) * 4096;

		assert_int_equal(iommu_map(c->d, iova, 0x10000 + idx * 4096,
					   4096, IOMMU_READ, GFP_KERNEL), 0);
		assert_int_equal(iommu_iova_to_phys(c->d, iova),
				 0x10000 + idx * 4096);
		assert_int_equal(iommu_unmap(c->d, iova, 4096), 4096);
	}
}

static void test_concurrent_map(void **state)
{
	struct platform *plat = hw_test_platform(16 * MiB, 0, 0);
	struct race_ctx c = { plat, iommu_domain_alloc(plat) };

	dmb_run_threads(4, map_worker, &c);
	iommu_domain_free(c.d);
	hw_test_platform_free(plat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_iova_alloc_free),
		dmb_unit_test(test_iova_random),
		dmb_unit_test(test_map_unmap),
		dmb_unit_test(test_attach_and_faults),
		dmb_unit_test(test_fault_retry),
		dmb_unit_test(test_bar_windows_reserved),
		dmb_unit_test(test_concurrent_map),
	};

	return dmb_run_tests(tests);
}
