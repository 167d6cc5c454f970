// SPDX-License-Identifier: GPL-2.0
/* DMA engines: real bytes on each path, ordering, faults, sanitizer. */
#include "hw_test.h"
#include <dmabridge/dma-mapping.h>
#include <dmabridge/dma-engine.h>
#include <dmabridge/dma-fence.h>
#include <dmabridge/err.h>
#include <dmabridge/scatterlist.h>
#include <dmabridge/slab.h>

#define BAR_BASE (1ULL << 40)

struct env {
	struct platform *plat;
	struct device direct, iommu;
	struct phys_region *bar;
};

static void env_init(struct env *e)
{
	e->plat = hw_test_platform(32 * MiB, 0, 0);
	hw_test_dev_init(&e->direct, e->plat, "dev0", IOMMU_MODE_NONE, false);
	hw_test_dev_init(&e->iommu, e->plat, "dev1", IOMMU_MODE_TRANSLATE,
			 false);
	assert_int_equal(dma_engine_create(&e->direct, 2), 0);
	assert_int_equal(dma_engine_create(&e->iommu, 2), 0);
	e->bar = hw_add_bar_region(e->plat, BAR_BASE, 16 * MiB, NULL, 0,
				   "vram");
	assert_non_null(e->bar);
}

static void env_fini(struct env *e)
{
	dma_engine_destroy(&e->direct);
	dma_engine_destroy(&e->iommu);
	assert_null(e->direct.engine);
	hw_test_dev_fini(&e->direct);
	hw_test_dev_fini(&e->iommu);
	hw_test_platform_free(e->plat);
}

/* Wait for @f, return its status (1 or the error), drop it. */
static int wait_put(struct dma_fence *f)
{
	int st;

	assert_false(IS_ERR_OR_NULL(f));
	assert_int_equal(dma_fence_wait(f, false), 0);
	st = dma_fence_get_status(f);
	dma_fence_put(f);
	return st;
}

static void fill_pattern(void *p, size_t n, unsigned int seed)
{
	unsigned char *c = p;
	size_t i;

	for (i = 0; i < n; i++)
		c[i] = (unsigned char)(i * 31 + seed);
}

static void test_copy_ram_direct_and_iommu(void **state)
{
	struct env e;
	struct page *src, *dst;
	size_t len = 64 * 4096 - 100;
	dma_addr_t s, d;
	struct device *devs[2];
	int k;

	env_init(&e);
	devs[0] = &e.direct;
	devs[1] = &e.iommu;
	src = alloc_pages(GFP_KERNEL, 6);
	dst = alloc_pages(GFP_KERNEL, 6);
	for (k = 0; k < 2; k++) {
		struct device *dev = devs[k];

		fill_pattern(page_address(src), len, k);
		memset(page_address(dst), 0, 64 * 4096);
		s = dma_map_page(dev, src, 0, len, DMA_TO_DEVICE);
		d = dma_map_page(dev, dst, 50, len, DMA_FROM_DEVICE);
		assert_int_not_equal(s, DMA_MAPPING_ERROR);
		assert_int_not_equal(d, DMA_MAPPING_ERROR);
		assert_int_equal(wait_put(dma_engine_copy(dev, k, d, s, len)),
				 1);
		assert_memory_equal((char *)page_address(dst) + 50,
				    page_address(src), len);
		dma_unmap_page(dev, s, len, DMA_TO_DEVICE);
		dma_unmap_page(dev, d, len, DMA_FROM_DEVICE);
	}
	assert_int_equal(san_report_count(e.plat), 0);
	__free_pages(src, 6);
	__free_pages(dst, 6);
	env_fini(&e);
}

static void test_write_read_fill_bar(void **state)
{
	struct env e;
	char buf[10000], out[10000];
	dma_addr_t a;
	struct device *devs[2];
	int k;

	env_init(&e);
	devs[0] = &e.direct;
	devs[1] = &e.iommu;
	for (k = 0; k < 2; k++) {
		struct device *dev = devs[k];
		unsigned char *vram = hw_phys_to_host(e.plat, BAR_BASE, 65536);

		a = dma_map_phys(dev, BAR_BASE + 4096, sizeof(buf),
				 DMA_BIDIRECTIONAL, DMA_ATTR_MMIO);
		assert_int_not_equal(a, DMA_MAPPING_ERROR);
		fill_pattern(buf, sizeof(buf), 7 + k);
		assert_int_equal(wait_put(dma_engine_write(dev, 0, a, buf,
							    sizeof(buf))), 1);
		assert_memory_equal(vram + 4096, buf, sizeof(buf));
		memset(out, 0, sizeof(out));
		assert_int_equal(wait_put(dma_engine_read(dev, 1, out, a,
							   sizeof(out))), 1);
		assert_memory_equal(out, buf, sizeof(buf));
		assert_int_equal(wait_put(dma_engine_fill(dev, 0, a + 10, 0xab,
							   100)), 1);
		assert_int_equal(vram[4096 + 10], 0xab);
		assert_int_equal(vram[4096 + 109], 0xab);
		assert_int_equal(vram[4096 + 110], (unsigned char)buf[110]);
		dma_unmap_phys(dev, a, sizeof(buf), DMA_BIDIRECTIONAL,
			       DMA_ATTR_MMIO);
	}
	assert_int_equal(san_report_count(e.plat), 0);
	assert_true(dma_engine_bytes(&e.iommu) >= sizeof(buf) * 2);
	env_fini(&e);
}

static void test_copy_ram_to_bar(void **state)
{
	struct env e;
	struct page *src;
	dma_addr_t s, d;

	env_init(&e);
	src = alloc_pages(GFP_KERNEL, 8);
	fill_pattern(page_address(src), 1 * MiB, 3);
	s = dma_map_page(&e.iommu, src, 0, 1 * MiB, DMA_TO_DEVICE);
	d = dma_map_phys(&e.iommu, BAR_BASE + 2 * MiB, 1 * MiB,
			 DMA_FROM_DEVICE, DMA_ATTR_MMIO);
	assert_int_equal(wait_put(dma_engine_copy(&e.iommu, 0, d, s, 1 * MiB)),
			 1);
	assert_memory_equal(hw_phys_to_host(e.plat, BAR_BASE + 2 * MiB,
					    1 * MiB),
			    page_address(src), 1 * MiB);
	dma_unmap_page(&e.iommu, s, 1 * MiB, DMA_TO_DEVICE);
	dma_unmap_phys(&e.iommu, d, 1 * MiB, DMA_FROM_DEVICE, DMA_ATTR_MMIO);
	__free_pages(src, 8);
	env_fini(&e);
}

static int handler_calls;

static int count_handler(struct iommu_domain *d, struct device *dev,
			 unsigned long iova, int flags, void *token)
{
	handler_calls++;
	return -ENOSYS;
}

static void test_iommu_fault_fails_job(void **state)
{
	struct env e;
	struct page *p;
	dma_addr_t a;
	char buf[64] = "data";

	env_init(&e);
	p = alloc_page(GFP_KERNEL | __GFP_ZERO);
	handler_calls = 0;
	iommu_set_fault_handler(iommu_get_dma_domain(&e.iommu), count_handler,
				NULL);
	dmb_expect_reports(REPORT_IOMMU_FAULT, 2);
	/* Unmapped IOVA: fault, job fails, no memory touched. */
	assert_int_equal(wait_put(dma_engine_write(&e.iommu, 0, 0x5000, buf,
						    sizeof(buf))), -EFAULT);
	/* Read-only mapping written to: a permission fault. */
	a = dma_map_page(&e.iommu, p, 0, 4096, DMA_TO_DEVICE);
	assert_int_equal(wait_put(dma_engine_write(&e.iommu, 1, a, buf,
						    sizeof(buf))), -EFAULT);
	assert_int_equal(((char *)page_address(p))[0], 0);
	assert_int_equal(handler_calls, 2);
	assert_int_equal(iommu_dev_fault_count(&e.iommu), 2);
	assert_int_equal(dma_engine_errors(&e.iommu), 2);
	/*
	 * After unmap, the old IOVA faults too (it waits in the quarantine),
	 * and the sanitizer names it a use after unmap.
	 */
	dma_unmap_page(&e.iommu, a, 4096, DMA_TO_DEVICE);
	dmb_expect_reports(REPORT_IOMMU_FAULT, 1);
	dmb_expect_reports(REPORT_SANITIZER, 1);
	assert_int_equal(wait_put(dma_engine_read(&e.iommu, 0, buf, a, 8)),
			 -EFAULT);
	put_page(p);
	env_fini(&e);
}

static void test_sanitizer_catches(void **state)
{
	struct env e;
	struct page *p, *q;
	dma_addr_t a, b;
	char buf[32] = "stale";

	env_init(&e);
	/* IOMMU mapping left behind after the page was freed and reused. */
	p = alloc_page(GFP_KERNEL);
	a = dma_map_page(&e.iommu, p, 0, 4096, DMA_BIDIRECTIONAL);
	put_page(p);
	dmb_expect_reports(REPORT_SANITIZER, 1);
	assert_int_equal(wait_put(dma_engine_write(&e.iommu, 0, a, buf,
						    sizeof(buf))), 1);
	q = alloc_page(GFP_KERNEL);
	assert_ptr_equal(q, p);
	dmb_expect_reports(REPORT_SANITIZER, 1);
	assert_int_equal(wait_put(dma_engine_read(&e.iommu, 0, buf, a, 8)), 1);
	dma_unmap_page(&e.iommu, a, 4096, DMA_BIDIRECTIONAL);
	/* The same through a direct mapping. */
	b = dma_map_page(&e.direct, q, 0, 4096, DMA_FROM_DEVICE);
	put_page(q);
	dmb_expect_reports(REPORT_SANITIZER, 1);
	assert_int_equal(wait_put(dma_engine_fill(&e.direct, 0, b, 0, 16)), 1);
	dma_unmap_page(&e.direct, b, 4096, DMA_FROM_DEVICE);
	/* A disabled BAR. */
	b = dma_map_phys(&e.direct, BAR_BASE, 4096, DMA_TO_DEVICE,
			 DMA_ATTR_MMIO);
	assert_int_equal(wait_put(dma_engine_read(&e.direct, 0, buf, b, 8)), 1);
	san_set_owner(e.plat, BAR_BASE, 16 * MiB, SAN_OWNER_NONE,
		      SAN_EV_BAR_DISABLE, "memory decode off");
	/* Reported, and dropped like an Unsupported Request: -EIO. */
	dmb_expect_reports(REPORT_SANITIZER, 1);
	assert_int_equal(wait_put(dma_engine_read(&e.direct, 0, buf, b, 8)),
			 -EIO);
	dma_unmap_phys(&e.direct, b, 4096, DMA_TO_DEVICE, DMA_ATTR_MMIO);
	/* An address nobody mapped for this device. */
	p = alloc_page(GFP_KERNEL);
	dmb_expect_reports(REPORT_SANITIZER, 1);
	assert_int_equal(wait_put(dma_engine_read(&e.direct, 1, buf,
						   page_to_phys(p), 8)), 1);
	/* No memory at all: a report and -EIO. */
	dmb_expect_reports(REPORT_SANITIZER, 2);
	assert_int_equal(wait_put(dma_engine_read(&e.direct, 1, buf,
						   1ULL << 45, 8)), -EIO);
	assert_int_equal(san_report_count(e.plat), 7);
	/* With the sanitizer off nothing is reported. */
	san_set_enabled(e.plat, false);
	assert_int_equal(wait_put(dma_engine_read(&e.direct, 1, buf,
						   page_to_phys(p), 8)), 1);
	san_set_enabled(e.plat, true);
	put_page(p);
	env_fini(&e);
}

/* Another actor frees the page and maps its reuse for the same device. */
struct reuse {
	struct env *e;
	struct device *dev;
	struct page *p, *q;
	dma_addr_t b;
	bool use;		/* the new owner DMAs through its mapping */
};

static void reuse_thread(int idx, void *arg)
{
	struct reuse *r = arg;
	struct task_struct *t = task_create(r->e->plat, "reuse");

	set_current(t);
	put_page(r->p);
	r->q = alloc_page(GFP_KERNEL);
	assert_ptr_equal(r->q, r->p);		/* LIFO: the same page */
	/* An IOVA freed earlier may be handed out again now. */
	iommu_dma_fq_flush(iommu_get_dma_domain(r->dev));
	r->b = dma_map_page(r->dev, r->q, 0, 4096, DMA_BIDIRECTIONAL);
	assert_int_not_equal(r->b, DMA_MAPPING_ERROR);
	if (r->use)
		assert_int_equal(wait_put(dma_engine_fill(r->dev, 1, r->b, 0x42,
							  64)), 1);
	set_current(NULL);
	task_exit(t);
}

/*
 * Without an IOMMU the DMA address is the physical one: a mapping kept
 * after its page was freed and reused aliases the new owner's mapping.
 * The job carries the handle its submitter learned, so the stale one is
 * reported (naming the reuse) even though a fresh record covers the same
 * address. The correct program unmaps before the free and leaves the
 * address to the new owner, whose DMA through it is clean.
 */
/*
 * A DMA write through @a, a mapping whose page was freed and reused: the
 * job completes (the bytes land: no IOMMU refuses it) and is exactly one
 * report naming the page's reallocation and the mapping's @kind.
 */
static void stale_write_reports(struct env *e, struct device *dev,
				dma_addr_t a, const char *kind)
{
	char buf[8] = "x", msg[2048];

	dmb_expect_reports(REPORT_SANITIZER, 1);
	assert_int_equal(wait_put(dma_engine_write(dev, 0, a, buf,
						    sizeof(buf))), 1);
	assert_int_equal(san_last_report(e->plat, msg, sizeof(msg)),
			 SAN_EV_ALLOC);
	assert_non_null(strstr(msg, kind));
}

static void passthrough_reuse(bool buggy)
{
	struct reuse r = { 0 };
	struct env e;
	dma_addr_t a;

	env_init(&e);
	r.e = &e;
	r.dev = &e.direct;
	r.p = alloc_page(GFP_KERNEL);
	r.use = !buggy;
	a = dma_map_page(&e.direct, r.p, 0, 4096, DMA_BIDIRECTIONAL);
	if (!buggy)
		dma_unmap_page(&e.direct, a, 4096, DMA_BIDIRECTIONAL);
	dmb_run_threads(1, reuse_thread, &r);
	assert_int_equal(r.b, a);		/* the same address value */
	if (buggy) {
		stale_write_reports(&e, &e.direct, a, "direct address");
		dma_unmap_page(&e.direct, a, 4096, DMA_BIDIRECTIONAL);
	}
	dma_unmap_page(&e.direct, r.b, 4096, DMA_BIDIRECTIONAL);
	put_page(r.q);
	env_fini(&e);
}

static void test_passthrough_page_free_and_reuse_reports(void **state)
{
	passthrough_reuse(true);
}

static void test_passthrough_unmap_before_reuse_is_clean(void **state)
{
	passthrough_reuse(false);
}

/*
 * An IOVA used after its unmap: it waits in the quarantine (the next
 * mapping gets another IOVA), so the DMA faults and is one "use after
 * unmap" report even before the IOVA is reused. Used before the unmap:
 * clean. Guards the quarantine (without it the next mapping takes the IOVA
 * and the stale DMA lands in its page).
 */
static void test_iova_used_after_unmap_reports(void **state)
{
	struct page *p, *q;
	char msg[2048];
	struct env e;
	dma_addr_t a, c;

	env_init(&e);
	p = alloc_page(GFP_KERNEL | __GFP_ZERO);
	q = alloc_page(GFP_KERNEL | __GFP_ZERO);
	a = dma_map_page(&e.iommu, p, 0, 4096, DMA_BIDIRECTIONAL);
	assert_int_equal(wait_put(dma_engine_fill(&e.iommu, 0, a, 1, 64)), 1);
	dma_unmap_page(&e.iommu, a, 4096, DMA_BIDIRECTIONAL);
	c = dma_map_page(&e.iommu, q, 0, 4096, DMA_BIDIRECTIONAL);
	assert_int_not_equal(c, a);
	dmb_expect_reports(REPORT_IOMMU_FAULT, 1);
	dmb_expect_reports(REPORT_SANITIZER, 1);
	assert_int_equal(wait_put(dma_engine_fill(&e.iommu, 0, a, 2, 64)),
			 -EFAULT);
	assert_int_equal(san_last_report(e.plat, msg, sizeof(msg)),
			 SAN_EV_UNMAP);
	assert_non_null(strstr(msg, "quarantined"));
	assert_int_equal(((u8 *)page_address(p))[0], 1);
	assert_int_equal(((u8 *)page_address(q))[0], 0);
	dma_unmap_page(&e.iommu, c, 4096, DMA_BIDIRECTIONAL);
	put_page(q);
	put_page(p);
	env_fini(&e);
}

/*
 * An IOVA reused: unmapped, handed out again to a new mapping of another
 * page, and then used by its old user. The bytes land in the new page (as
 * on hardware); the job's handle is the unmapped one: one report naming
 * the unmap and the mapping that has the IOVA now. The correct user maps
 * again and uses its new address: clean.
 */
static void iova_reuse(bool buggy, bool sgt_map)
{
	struct reuse r = { 0 };
	char buf[8] = "reused", msg[2048];
	struct page *p2 = NULL;
	struct sg_table sgt;
	struct env e;
	dma_addr_t a, c;

	env_init(&e);
	r.e = &e;
	r.dev = &e.iommu;
	r.p = alloc_page(GFP_KERNEL);
	if (sgt_map) {
		/* A scatterlist table's IOVA mapping has its handle too. */
		assert_int_equal(sg_alloc_table_from_pages(&sgt, &r.p, 1, 0,
							   4096, GFP_KERNEL),
				 0);
		assert_int_equal(dma_map_sgtable(&e.iommu, &sgt,
						 DMA_BIDIRECTIONAL, 0), 0);
		a = sg_dma_address(sgt.sgl);
		dma_unmap_sgtable(&e.iommu, &sgt, DMA_BIDIRECTIONAL, 0);
		sg_free_table(&sgt);
	} else {
		a = dma_map_page(&e.iommu, r.p, 0, 4096, DMA_BIDIRECTIONAL);
		dma_unmap_page(&e.iommu, a, 4096, DMA_BIDIRECTIONAL);
	}
	dmb_run_threads(1, reuse_thread, &r);
	assert_int_equal(r.b, a);		/* the IOVA came back */
	if (buggy) {
		dmb_expect_reports(REPORT_SANITIZER, 1);
		c = a;
	} else {
		p2 = alloc_page(GFP_KERNEL);
		c = dma_map_page(&e.iommu, p2, 0, 4096, DMA_BIDIRECTIONAL);
	}
	assert_int_equal(wait_put(dma_engine_write(&e.iommu, 0, c, buf,
						    sizeof(buf))), 1);
	if (buggy) {
		assert_int_equal(san_last_report(e.plat, msg, sizeof(msg)),
				 SAN_EV_UNMAP);
		assert_non_null(strstr(msg, "now mapping #"));
		if (sgt_map)
			assert_non_null(strstr(msg, "scatterlist iommu iova"));
		assert_memory_equal(page_address(r.q), buf, sizeof(buf));
	} else {
		assert_memory_equal(page_address(p2), buf, sizeof(buf));
		dma_unmap_page(&e.iommu, c, 4096, DMA_BIDIRECTIONAL);
		put_page(p2);
	}
	dma_unmap_page(&e.iommu, r.b, 4096, DMA_BIDIRECTIONAL);
	put_page(r.q);
	env_fini(&e);
}

static void test_iova_reused_reports(void **state)
{
	iova_reuse(true, false);
}

static void test_iova_remapped_is_clean(void **state)
{
	iova_reuse(false, false);
}

/* The same with a scatterlist table's IOVA mapping (dma_map_sgtable). */
static void test_sgt_iova_reused_reports(void **state)
{
	iova_reuse(true, true);
}

static void test_sgt_iova_remapped_is_clean(void **state)
{
	iova_reuse(false, true);
}

/*
 * A scatterlist table's IOVA used after dma_unmap_sgtable(): its handle
 * is in the graveyard and its IOVA in the quarantine, so the DMA faults
 * and is one "use after unmap" report naming the table's mapping. Before
 * the unmap, the same DMA (both pages, one handle) is clean. Guards the
 * SGT handle (dma/mapping.c iommu_dma_map_sgtable) and the quarantine.
 */
static void test_sgt_iova_used_after_unmap_reports(void **state)
{
	struct page *pages[2];
	struct sg_table sgt;
	char msg[2048];
	struct env e;
	dma_addr_t a;

	env_init(&e);
	pages[0] = alloc_page(GFP_KERNEL | __GFP_ZERO);
	pages[1] = alloc_page(GFP_KERNEL | __GFP_ZERO);
	assert_int_equal(sg_alloc_table_from_pages(&sgt, pages, 2, 0, 8192,
						   GFP_KERNEL), 0);
	assert_int_equal(dma_map_sgtable(&e.iommu, &sgt, DMA_BIDIRECTIONAL, 0),
			 0);
	a = sg_dma_address(sgt.sgl);
	assert_int_equal(wait_put(dma_engine_fill(&e.iommu, 0, a, 1, 8192)),
			 1);
	assert_int_equal(((u8 *)page_address(pages[1]))[4095], 1);
	dma_unmap_sgtable(&e.iommu, &sgt, DMA_BIDIRECTIONAL, 0);
	dmb_expect_reports(REPORT_IOMMU_FAULT, 1);
	dmb_expect_reports(REPORT_SANITIZER, 1);
	assert_int_equal(wait_put(dma_engine_fill(&e.iommu, 0, a, 2, 64)),
			 -EFAULT);
	assert_int_equal(san_last_report(e.plat, msg, sizeof(msg)),
			 SAN_EV_UNMAP);
	assert_non_null(strstr(msg, "scatterlist iommu iova"));
	assert_non_null(strstr(msg, "quarantined"));
	sg_free_table(&sgt);
	put_page(pages[0]);
	put_page(pages[1]);
	env_fini(&e);
}

/*
 * A scatterlist table's mapping kept after one of its pages was freed and
 * reused: the table's handle expects the claim the page had when it was
 * mapped, so a DMA through it is one report naming the reuse (before the
 * handle, only the IO PTE's claim caught it). The correct program unmaps
 * first.
 */
static void sgt_page_reuse(bool buggy)
{
	struct page *pages[2], *q;
	struct sg_table sgt;
	struct env e;
	dma_addr_t a;

	env_init(&e);
	pages[0] = alloc_page(GFP_KERNEL);
	pages[1] = alloc_page(GFP_KERNEL);
	assert_int_equal(sg_alloc_table_from_pages(&sgt, pages, 2, 0, 8192,
						   GFP_KERNEL), 0);
	assert_int_equal(dma_map_sgtable(&e.iommu, &sgt, DMA_BIDIRECTIONAL, 0),
			 0);
	a = sg_dma_address(sgt.sgl);
	if (!buggy)
		dma_unmap_sgtable(&e.iommu, &sgt, DMA_BIDIRECTIONAL, 0);
	put_page(pages[1]);
	q = alloc_page(GFP_KERNEL);
	assert_ptr_equal(q, pages[1]);
	if (buggy) {
		stale_write_reports(&e, &e.iommu, a + 4096,
				    "scatterlist iommu iova");
		dma_unmap_sgtable(&e.iommu, &sgt, DMA_BIDIRECTIONAL, 0);
	}
	sg_free_table(&sgt);
	put_page(q);
	put_page(pages[0]);
	env_fini(&e);
}

static void test_sgt_page_freed_and_reused_reports(void **state)
{
	sgt_page_reuse(true);
}

static void test_sgt_unmap_before_reuse_is_clean(void **state)
{
	sgt_page_reuse(false);
}

/*
 * One handle per IOVA state: a range unlinked from it (dma_iova_unlink)
 * is a use after unmap though the state lives on, and the rest of the
 * state is still clean to use. Guards dma_mapping_unlink() and the
 * engine's look at the live state's extents.
 */
static void test_iova_state_unlinked_range_reports(void **state)
{
	struct dma_iova_state st;
	struct page *p, *q;
	char msg[2048];
	struct env e;

	env_init(&e);
	p = alloc_page(GFP_KERNEL | __GFP_ZERO);
	q = alloc_page(GFP_KERNEL | __GFP_ZERO);
	assert_true(dma_iova_try_alloc(&e.iommu, &st, 0, 8192));
	assert_int_equal(dma_iova_link(&e.iommu, &st, page_to_phys(p), 0, 4096,
				       DMA_BIDIRECTIONAL, 0), 0);
	assert_int_equal(dma_iova_link(&e.iommu, &st, page_to_phys(q), 4096,
				       4096, DMA_BIDIRECTIONAL, 0), 0);
	assert_int_equal(wait_put(dma_engine_fill(&e.iommu, 0, st.addr, 1,
						  8192)), 1);
	assert_int_equal(((u8 *)page_address(q))[4095], 1);
	dma_iova_unlink(&e.iommu, &st, 4096, 4096, DMA_BIDIRECTIONAL, 0);
	dmb_expect_reports(REPORT_IOMMU_FAULT, 1);
	dmb_expect_reports(REPORT_SANITIZER, 1);
	assert_int_equal(wait_put(dma_engine_fill(&e.iommu, 0, st.addr + 4096,
						  2, 64)), -EFAULT);
	assert_int_equal(san_last_report(e.plat, msg, sizeof(msg)),
			 SAN_EV_UNMAP);
	assert_non_null(strstr(msg, "iova state"));
	assert_non_null(strstr(msg, "nothing is linked there"));
	assert_int_equal(((u8 *)page_address(q))[0], 1);
	/* The first page is still linked: clean. */
	assert_int_equal(wait_put(dma_engine_fill(&e.iommu, 0, st.addr, 3,
						  4096)), 1);
	dma_iova_destroy(&e.iommu, &st, 4096, DMA_BIDIRECTIONAL, 0);
	put_page(p);
	put_page(q);
	env_fini(&e);
}

/*
 * A new IOVA state that gets the IOVA of a destroyed one (the quarantine
 * flushed) gets a handle of its own, and DMA through it is clean. Guards
 * dd_remove() clearing the lock-free state hint: kept, the new state's
 * links would land in the destroyed state's handle and its DMA would be
 * reported as a use after unmap.
 */
static void test_iova_state_reused_iova_gets_own_handle(void **state)
{
	struct dma_iova_state st;
	struct page *p, *q;
	dma_addr_t first;
	struct env e;

	env_init(&e);
	p = alloc_page(GFP_KERNEL | __GFP_ZERO);
	q = alloc_page(GFP_KERNEL | __GFP_ZERO);
	assert_true(dma_iova_try_alloc(&e.iommu, &st, 0, 8192));
	first = st.addr;
	assert_int_equal(dma_iova_link(&e.iommu, &st, page_to_phys(p), 0, 4096,
				       DMA_BIDIRECTIONAL, 0), 0);
	assert_int_equal(wait_put(dma_engine_fill(&e.iommu, 0, st.addr, 1,
						  4096)), 1);
	dma_iova_destroy(&e.iommu, &st, 4096, DMA_BIDIRECTIONAL, 0);
	iommu_dma_fq_flush(iommu_get_dma_domain(&e.iommu));
	assert_true(dma_iova_try_alloc(&e.iommu, &st, 0, 8192));
	assert_int_equal(st.addr, first);
	assert_int_equal(dma_iova_link(&e.iommu, &st, page_to_phys(q), 0, 4096,
				       DMA_BIDIRECTIONAL, 0), 0);
	assert_int_equal(wait_put(dma_engine_fill(&e.iommu, 0, st.addr, 2,
						  4096)), 1);
	assert_int_equal(((u8 *)page_address(q))[4095], 2);
	assert_int_equal(((u8 *)page_address(p))[0], 1);
	dma_iova_destroy(&e.iommu, &st, 4096, DMA_BIDIRECTIONAL, 0);
	put_page(p);
	put_page(q);
	env_fini(&e);
}

/* While the bytes are on the wire, the driver unmaps and frees the page. */
struct inflight {
	struct page *p;
	dma_addr_t a;
	bool free_it;
};

static void free_under_dma(struct device *dev, void *arg)
{
	struct inflight *in = arg;

	if (!in->free_it || !in->p)
		return;
	dma_unmap_page(dev, in->a, 4096, DMA_BIDIRECTIONAL);
	put_page(in->p);
	in->p = NULL;
}

/*
 * A DMA in flight while its memory is unmapped and freed (the engine hook
 * does it between the bytes moving and the engine's second look): the
 * check before the copy passed, so only the engine's post-copy recheck
 * can see it. One report naming the free. Guards the post-copy recheck
 * (engine_recheck() in hw/dma_engine.c). Unmapping after the fence:
 * clean.
 */
static void unmap_in_flight(bool buggy)
{
	struct inflight in = { .free_it = buggy };
	char msg[2048];
	struct env e;

	env_init(&e);
	in.p = alloc_page(GFP_KERNEL);
	in.a = dma_map_page(&e.direct, in.p, 0, 4096, DMA_BIDIRECTIONAL);
	dma_engine_set_moved_hook(&e.direct, free_under_dma, &in);
	if (buggy)
		dmb_expect_reports(REPORT_SANITIZER, 1);
	assert_int_equal(wait_put(dma_engine_fill(&e.direct, 0, in.a, 9,
						  4096)), 1);
	dma_engine_set_moved_hook(&e.direct, NULL, NULL);
	if (buggy) {
		assert_int_equal(san_last_report(e.plat, msg, sizeof(msg)),
				 SAN_EV_FREE);
	} else {
		dma_unmap_page(&e.direct, in.a, 4096, DMA_BIDIRECTIONAL);
		put_page(in.p);
	}
	env_fini(&e);
}

static void test_dma_in_flight_unmapped_and_freed_reports(void **state)
{
	unmap_in_flight(true);
}

static void test_unmap_after_fence_is_clean(void **state)
{
	unmap_in_flight(false);
}

/* After the first piece of a job, the driver unmaps (but keeps) it. */
static void unmap_after_piece(struct device *dev, void *arg)
{
	struct inflight *in = arg;

	if (!in->free_it)
		return;
	in->free_it = false;
	dma_unmap_page(dev, in->a, 32 * 4096, DMA_BIDIRECTIONAL);
}

/*
 * The engine translates a contiguous mapping once, but an unmap (an IOTLB
 * invalidation) between two pieces of a job ends that: the next piece
 * translates again, faults, and is one use-after-unmap report; the rest
 * is not written. Guards the per-piece look at the unmap generation
 * (target_valid() in hw/dma_engine.c).
 */
static void test_unmap_between_pieces_faults_next_piece(void **state)
{
	struct inflight in = { .free_it = true };
	struct page *big;
	char msg[2048];
	struct env e;

	env_init(&e);
	big = alloc_pages(GFP_KERNEL | __GFP_ZERO, 5);	/* two pieces */
	in.a = dma_map_page(&e.iommu, big, 0, 32 * 4096, DMA_BIDIRECTIONAL);
	assert_false(dma_mapping_error(&e.iommu, in.a));
	dma_engine_set_moved_hook(&e.iommu, unmap_after_piece, &in);
	dmb_expect_reports(REPORT_IOMMU_FAULT, 1);
	dmb_expect_reports(REPORT_SANITIZER, 1);
	assert_int_equal(wait_put(dma_engine_fill(&e.iommu, 0, in.a, 7,
						  32 * 4096)), -EFAULT);
	dma_engine_set_moved_hook(&e.iommu, NULL, NULL);
	assert_int_equal(san_last_report(e.plat, msg, sizeof(msg)),
			 SAN_EV_UNMAP);
	assert_int_equal(((u8 *)page_address(big))[0], 7);
	assert_int_equal(((u8 *)page_address(big))[32 * 4096 - 1], 0);
	__free_pages(big, 5);
	env_fini(&e);
}

/*
 * A 2 MiB IO page carries one claim, so iommu_map uses one only where
 * every 4 KiB page under it expects the same claim: a page the thread
 * learned under an older claim (before a re-claim) keeps a 4 KiB entry
 * expecting that claim, and a DMA through it is reported, while the rest
 * is clean. Guards claim_run() in iommu/iommu.c (large pages stay exact).
 */
static void test_large_io_page_keeps_learned_claims(void **state)
{
	struct iommu_xlate x;
	struct page *big;
	san_owner_t old;
	phys_addr_t pa;
	struct env e;
	dma_addr_t a;

	env_init(&e);
	big = alloc_pages(GFP_KERNEL, 9);
	assert_non_null(big);
	pa = page_to_phys(big);
	old = san_owner(e.plat, pa + 5 * 4096);
	san_learn(e.plat, pa + 5 * 4096, 4096, old);
	san_set_owner(e.plat, pa, 2 * MiB, SAN_OWNER_NONE, SAN_EV_CLAIM,
		      "re-claimed");
	a = dma_map_phys(&e.iommu, pa, 2 * MiB, DMA_BIDIRECTIONAL, 0);
	assert_false(dma_mapping_error(&e.iommu, a));
	assert_int_equal(iommu_translate(&e.iommu, a + 5 * 4096, true, &x), 0);
	assert_int_equal(x.owner, old);
	assert_int_equal(x.len, 4096);
	assert_int_equal(iommu_translate(&e.iommu, a, true, &x), 0);
	assert_int_equal(x.owner, san_owner(e.plat, pa));
	assert_int_equal(wait_put(dma_engine_fill(&e.iommu, 0, a, 1, 4096)),
			 1);
	dmb_expect_reports(REPORT_SANITIZER, 1);
	assert_int_equal(wait_put(dma_engine_fill(&e.iommu, 0, a + 5 * 4096,
						  1, 4096)), 1);
	dma_unmap_phys(&e.iommu, a, 2 * MiB, DMA_BIDIRECTIONAL, 0);
	__free_pages(big, 9);
	env_fini(&e);
}

static void test_order_and_errors(void **state)
{
	struct env e;
	struct page *p;
	struct dma_fence *f[50];
	dma_addr_t a;
	int i;
	u32 v;

	env_init(&e);
	p = alloc_page(GFP_KERNEL);
	a = dma_map_page(&e.iommu, p, 0, 4096, DMA_BIDIRECTIONAL);
	for (i = 0; i < 50; i++) {
		v = i;
		f[i] = dma_engine_write(&e.iommu, 1, a, &v, sizeof(v));
		assert_false(IS_ERR(f[i]));
		if (i)
			assert_true(dma_fence_is_later(f[i], f[i - 1]));
	}
	for (i = 49; i >= 0; i--)
		assert_int_equal(wait_put(f[i]), 1);
	assert_int_equal(*(u32 *)page_address(p), 49);
	/* Bad submissions. */
	assert_ptr_equal(dma_engine_copy(&e.iommu, 2, a, a, 4),
			 ERR_PTR(-EINVAL));
	assert_ptr_equal(dma_engine_copy(&e.iommu, 0, a, a, 0),
			 ERR_PTR(-EINVAL));
	assert_ptr_equal(dma_engine_write(&e.iommu, 0, a, NULL, 4),
			 ERR_PTR(-EINVAL));
	assert_int_equal(dma_engine_create(&e.iommu, 1), -EEXIST);
	assert_int_equal(dma_engine_create(&e.iommu, 0), -EINVAL);
	/* A removed device does no DMA. */
	e.iommu.dead = true;
	assert_ptr_equal(dma_engine_fill(&e.iommu, 0, a, 1, 4),
			 ERR_PTR(-ENODEV));
	e.iommu.dead = false;
	dma_unmap_page(&e.iommu, a, 4096, DMA_BIDIRECTIONAL);
	put_page(p);
	env_fini(&e);
}

struct conc {
	struct env *e;
	struct page *pages[4];
	dma_addr_t addr[4];
};

static void engine_worker(int idx, void *arg)
{
	struct conc *c = arg;
	struct device *dev = idx & 1 ? &c->e->iommu : &c->e->direct;
	struct task_struct *t = task_create(c->e->plat, "submit");
	unsigned char buf[256], out[256];
	int i;

	set_current(t);
	for (i = 0; i < 200; i++) {
		memset(buf, idx * 16 + (i & 15), sizeof(buf));
		assert_int_equal(wait_put(dma_engine_write(dev, i & 1,
					  c->addr[idx] + (i % 16) * 256, buf,
					  sizeof(buf))), 1);
		assert_int_equal(wait_put(dma_engine_read(dev, (i + 1) & 1,
					  out, c->addr[idx] + (i % 16) * 256,
					  sizeof(out))), 1);
		assert_memory_equal(out, buf, sizeof(buf));
	}
	set_current(NULL);
	task_exit(t);
}

static void test_concurrent_engines(void **state)
{
	struct env e;
	struct conc c = { .e = &e };
	int i;

	env_init(&e);
	for (i = 0; i < 4; i++) {
		struct device *dev = i & 1 ? &e.iommu : &e.direct;

		c.pages[i] = alloc_page(GFP_KERNEL);
		c.addr[i] = dma_map_page(dev, c.pages[i], 0, 4096,
					 DMA_BIDIRECTIONAL);
	}
	dmb_run_threads(4, engine_worker, &c);
	for (i = 0; i < 4; i++) {
		struct device *dev = i & 1 ? &e.iommu : &e.direct;

		dma_unmap_page(dev, c.addr[i], 4096, DMA_BIDIRECTIONAL);
		put_page(c.pages[i]);
	}
	assert_int_equal(san_report_count(e.plat), 0);
	env_fini(&e);
}

/* @n pages mapped as a scatterlist table by @dev. */
static struct sg_table *sgt_map_pages(struct device *dev, struct page **pg,
				unsigned int n)
{
	struct sg_table *sgt = kzalloc(sizeof(*sgt), GFP_KERNEL);

	assert_non_null(sgt);
	assert_int_equal(sg_alloc_table_from_pages(sgt, pg, n, 0,
						   n * PAGE_SIZE, GFP_KERNEL),
			 0);
	assert_int_equal(dma_map_sgtable(dev, sgt, DMA_BIDIRECTIONAL, 0), 0);
	return sgt;
}

static void sgt_unmap_pages(struct device *dev, struct sg_table *sgt)
{
	dma_unmap_sgtable(dev, sgt, DMA_BIDIRECTIONAL, 0);
	sg_free_table(sgt);
	kfree(sgt);
}

/*
 * Proves: a scatterlist table mapped through the IOMMU has handles of its
 * own: a job through it, by a thread that earlier mapped and unmapped the
 * same IOVA with dma_map_page(), checks the table's mapping, not the old
 * one (0 reports, the bytes in the table's page).
 * Guards: the handle recorded for each entry in iommu_dma_map_sgtable()
 * (torture finding F6: without it the job carried the stale handle and
 * was reported as a use after unmap).
 */
static void test_sgt_on_reused_iova_is_clean(void **state)
{
	struct page *p, *q;
	struct sg_table *sgt;
	struct env e;
	dma_addr_t a;

	env_init(&e);
	p = alloc_page(GFP_KERNEL | __GFP_ZERO);
	q = alloc_page(GFP_KERNEL | __GFP_ZERO);
	a = dma_map_page(&e.iommu, p, 0, PAGE_SIZE, DMA_BIDIRECTIONAL);
	dma_unmap_page(&e.iommu, a, PAGE_SIZE, DMA_BIDIRECTIONAL);
	iommu_dma_fq_flush(iommu_get_dma_domain(&e.iommu));
	sgt = sgt_map_pages(&e.iommu, &q, 1);
	assert_int_equal(sg_dma_address(sgt->sgl), a);	/* the IOVA came back */
	assert_int_equal(wait_put(dma_engine_fill(&e.iommu, 0,
						  sg_dma_address(sgt->sgl), 7,
						  64)), 1);
	assert_int_equal(((u8 *)page_address(q))[0], 7);
	assert_int_equal(((u8 *)page_address(p))[0], 0);
	assert_int_equal(san_report_count(e.plat), 0);
	sgt_unmap_pages(&e.iommu, sgt);
	put_page(q);
	put_page(p);
	env_fini(&e);
}

/*
 * Proves: a DMA through a scatterlist table's IOVA after
 * dma_unmap_sgtable() is one "use after unmap" report naming the table's
 * mapping. The table has two pages that are not contiguous (two entries,
 * one DMA segment). Guards: the entries' handles, and their going to the
 * graveyard in dma_unmap_sgtable() (without handles the DMA was only an
 * IOMMU fault; with handles left behind, none is found there either).
 */
static void test_sgt_used_after_unmap_reports(void **state)
{
	struct page *pg[2], *q, *gap;
	struct sg_table *sgt;
	char msg[2048];
	struct env e;
	dma_addr_t a;

	env_init(&e);
	pg[0] = q = alloc_page(GFP_KERNEL | __GFP_ZERO);
	gap = alloc_page(GFP_KERNEL);
	pg[1] = alloc_page(GFP_KERNEL | __GFP_ZERO);
	assert_int_not_equal(page_to_phys(pg[1]), page_to_phys(q) + PAGE_SIZE);
	sgt = sgt_map_pages(&e.iommu, pg, 2);
	assert_int_equal(sgt->orig_nents, 2);
	a = sg_dma_address(sgt->sgl);
	sgt_unmap_pages(&e.iommu, sgt);
	dmb_expect_reports(REPORT_IOMMU_FAULT, 1);
	dmb_expect_reports(REPORT_SANITIZER, 1);
	assert_int_equal(wait_put(dma_engine_fill(&e.iommu, 0, a, 2, 64)),
			 -EFAULT);
	assert_int_equal(san_last_report(e.plat, msg, sizeof(msg)),
			 SAN_EV_UNMAP);
	assert_non_null(strstr(msg, "use after unmap"));
	assert_int_equal(((u8 *)page_address(q))[0], 0);
	put_page(pg[1]);
	put_page(gap);
	put_page(q);
	env_fini(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_copy_ram_direct_and_iommu),
		dmb_unit_test(test_write_read_fill_bar),
		dmb_unit_test(test_copy_ram_to_bar),
		dmb_unit_test(test_iommu_fault_fails_job),
		dmb_unit_test(test_sanitizer_catches),
		dmb_unit_test(test_passthrough_page_free_and_reuse_reports),
		dmb_unit_test(test_passthrough_unmap_before_reuse_is_clean),
		dmb_unit_test(test_iova_used_after_unmap_reports),
		dmb_unit_test(test_iova_reused_reports),
		dmb_unit_test(test_iova_remapped_is_clean),
		dmb_unit_test(test_sgt_iova_reused_reports),
		dmb_unit_test(test_sgt_iova_remapped_is_clean),
		dmb_unit_test(test_sgt_iova_used_after_unmap_reports),
		dmb_unit_test(test_sgt_page_freed_and_reused_reports),
		dmb_unit_test(test_sgt_unmap_before_reuse_is_clean),
		dmb_unit_test(test_iova_state_unlinked_range_reports),
		dmb_unit_test(test_iova_state_reused_iova_gets_own_handle),
		dmb_unit_test(test_unmap_between_pieces_faults_next_piece),
		dmb_unit_test(test_large_io_page_keeps_learned_claims),
		dmb_unit_test(test_dma_in_flight_unmapped_and_freed_reports),
		dmb_unit_test(test_unmap_after_fence_is_clean),
		dmb_unit_test(test_order_and_errors),
		dmb_unit_test(test_concurrent_engines),
		dmb_unit_test(test_sgt_on_reused_iova_is_clean),
		dmb_unit_test(test_sgt_used_after_unmap_reports),
	};

	return dmb_run_tests(tests);
}
