// SPDX-License-Identifier: GPL-2.0
/*
 * Mapping a buffer made of 4 KiB pages for a device behind an IOMMU:
 * dma_map_sgtable vs the two-step IOVA API vs dma_map_phys per page (time
 * and descriptor bytes), and the cost of iommu_map+iommu_unmap per 4 KiB
 * page and per 2 MiB range.
 * Usage: bench_iommu [buffer MiB (default 1024)] [rounds (default 3)]
 */
#include "bench_cli.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <dmabridge/platform.h>
#include <dmabridge/page.h>
#include <dmabridge/hw.h>
#include <dmabridge/sched.h>
#include <dmabridge/device.h>
#include <dmabridge/iommu.h>
#include <dmabridge/sanitizer.h>
#include <dmabridge/dma-mapping.h>
#include <dmabridge/err.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *what)
{
	fprintf(stderr, "bench_iommu: %s failed\n", what);
	exit(1);
}

static double bench_sgtable(struct device *dev, struct page **pages,
			    unsigned long n, size_t *bytes)
{
	struct sg_table sgt;
	struct scatterlist *sg;
	unsigned int i;
	double t0 = now(), t;

	/* One entry per page: what a pinned user buffer looks like. */
	if (sg_alloc_table(&sgt, n, GFP_KERNEL))
		die("sg_alloc_table");
	for_each_sgtable_sg(&sgt, sg, i)
		sg_set_page(sg, pages[i], PAGE_SIZE, 0);
	if (dma_map_sgtable(dev, &sgt, DMA_BIDIRECTIONAL, 0))
		die("dma_map_sgtable");
	t = now() - t0;
	*bytes = sg_table_bytes(&sgt);
	dma_unmap_sgtable(dev, &sgt, DMA_BIDIRECTIONAL, 0);
	sg_free_table(&sgt);
	return t;
}

static double bench_two_step(struct device *dev, struct page **pages,
			     unsigned long n, size_t *bytes)
{
	struct dma_iova_state state;
	unsigned long i;
	double t0 = now(), t;

	if (!dma_iova_try_alloc(dev, &state, page_to_phys(pages[0]),
				n * PAGE_SIZE))
		die("dma_iova_try_alloc");
	for (i = 0; i < n; i++)
		if (dma_iova_link(dev, &state, page_to_phys(pages[i]),
				  i * PAGE_SIZE, PAGE_SIZE, DMA_BIDIRECTIONAL,
				  0))
			die("dma_iova_link");
	if (dma_iova_sync(dev, &state, 0, n * PAGE_SIZE))
		die("dma_iova_sync");
	t = now() - t0;
	*bytes = sizeof(state);
	dma_iova_destroy(dev, &state, n * PAGE_SIZE, DMA_BIDIRECTIONAL, 0);
	return t;
}

static double bench_map_phys(struct device *dev, struct page **pages,
			     unsigned long n, size_t *bytes)
{
	dma_addr_t *addr = malloc(n * sizeof(*addr));
	unsigned long i;
	double t0 = now(), t;

	if (!addr)
		die("malloc");
	for (i = 0; i < n; i++) {
		addr[i] = dma_map_phys(dev, page_to_phys(pages[i]), PAGE_SIZE,
				       DMA_BIDIRECTIONAL, 0);
		if (addr[i] == DMA_MAPPING_ERROR)
			die("dma_map_phys");
	}
	t = now() - t0;
	*bytes = n * sizeof(*addr);
	for (i = 0; i < n; i++)
		dma_unmap_phys(dev, addr[i], PAGE_SIZE, DMA_BIDIRECTIONAL, 0);
	free(addr);
	return t;
}

static void bench_raw(struct platform *plat, phys_addr_t pa, size_t size,
		      unsigned long count)
{
	struct iommu_domain *d = iommu_domain_alloc(plat);
	unsigned long i;
	double t0;

	if (!d)
		die("iommu_domain_alloc");
	t0 = now();
	for (i = 0; i < count; i++) {
		if (iommu_map(d, 1UL << 32, pa, size, IOMMU_READ | IOMMU_WRITE,
			      GFP_KERNEL))
			die("iommu_map");
		if (iommu_unmap(d, 1UL << 32, size) != size)
			die("iommu_unmap");
	}
	printf("iommu_map+unmap %-7s %10.0f ns per op (%lu ops)\n",
	       size == PAGE_SIZE ? "4 KiB" : "2 MiB",
	       (now() - t0) / count * 1e9, count);
	iommu_domain_free(d);
}

static int bench_main(int argc, char **argv)
{
	unsigned long mib = argc > 1 ? strtoul(argv[1], NULL, 0) : 1024;
	int rounds = argc > 2 ? atoi(argv[2]) : 3, r;
	struct platform_mem_config cfg = { .ram_size = (mib + 64) << 20 };
	struct platform *plat = calloc(1, sizeof(*plat));
	unsigned long n = mib << 8, i;
	struct page **pages, *big;
	struct task_struct *t;
	struct device dev;
	size_t bytes[3];
	double best[3] = { 1e9, 1e9, 1e9 };

	if (!mib || mib > 16384 || rounds <= 0) {
		fprintf(stderr, "usage: bench_iommu [MiB] [rounds]\n");
		return 2;
	}
	if (platform_kernel_init(plat, "bench") ||
	    platform_mem_init(plat, &cfg) || dma_sanitizer_init(plat))
		die("platform");
	t = task_create(plat, "bench");
	set_current(t);
	memset(&dev, 0, sizeof(dev));
	snprintf(dev.name, sizeof(dev.name), "dev0");
	dev.platform = plat;
	dev.dma_mask = &dev.dma_mask_store;
	dev.dma_mask_store = ~0ULL;
	if (iommu_probe_device(&dev, IOMMU_MODE_TRANSLATE, false))
		die("iommu_probe_device");
	/* The whole buffer in one sg segment where the IOVA allows it. */
	dma_set_max_seg_size(&dev, ~0U);
	pages = malloc(n * sizeof(*pages));
	for (i = 0; i < n; i++)
		if (!(pages[i] = alloc_page(GFP_KERNEL)))
			die("alloc_page");
	for (r = 0; r < rounds; r++) {
		best[0] = min(best[0], bench_sgtable(&dev, pages, n, &bytes[0]));
		best[1] = min(best[1], bench_two_step(&dev, pages, n,
						      &bytes[1]));
		best[2] = min(best[2], bench_map_phys(&dev, pages, n,
						      &bytes[2]));
	}
	printf("# bench_iommu: %lu MiB of 4 KiB pages (%lu pages), best of "
	       "%d\n", mib, n, rounds);
	printf("dma_map_sgtable       %8.1f ms  %8.1f ns/page  descriptors "
	       "%zu bytes\n", best[0] * 1e3, best[0] / n * 1e9, bytes[0]);
	printf("two-step iova link    %8.1f ms  %8.1f ns/page  descriptors "
	       "%zu bytes\n", best[1] * 1e3, best[1] / n * 1e9, bytes[1]);
	printf("dma_map_phys per page %8.1f ms  %8.1f ns/page  descriptors "
	       "%zu bytes\n", best[2] * 1e3, best[2] / n * 1e9, bytes[2]);
	printf("two-step vs sgtable   %.2fx faster, map_phys vs sgtable "
	       "%.2fx\n", best[0] / best[1], best[0] / best[2]);
	for (i = 0; i < n; i++)
		put_page(pages[i]);
	free(pages);
	big = alloc_pages(GFP_KERNEL, 9);
	if (!big)
		die("alloc_pages");
	bench_raw(plat, page_to_phys(big), PAGE_SIZE, 200000);
	bench_raw(plat, page_to_phys(big), 2UL << 20, 200000);
	__free_pages(big, 9);
	iommu_release_device(&dev);
	set_current(NULL);
	task_exit(t);
	dma_sanitizer_fini(plat);
	platform_mem_fini(plat);
	platform_kernel_fini(plat);
	free(plat);
	return 0;
}

int main(int argc, char **argv)
{
	bench_cli(&argc, argv, "[buffer MiB] [rounds]",
		  "Mapping 4 KiB pages behind an IOMMU: dma_map_sgtable, the IOVA API,\n"
		  "dma_map_phys, iommu_map/unmap. Defaults: 1024 MiB, 3 rounds.",
		  2);
	return bench_main(argc, argv);
}
