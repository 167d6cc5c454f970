// SPDX-License-Identifier: GPL-2.0
/*
 * DMA engine copy bandwidth on the default platform, RAM->RAM, RAM->BAR
 * and BAR->BAR (P2P), against memcpy of the same bytes, with the DMA
 * sanitizer on and off. A third figure is memcpy run by another host
 * thread, as the engine's queue thread is one: the bytes then cross from
 * the submitter's core's cache to the copier's, which memcpy on the
 * submitting thread never pays. Each figure is the median of 5 rounds
 * that alternate the three, so a burst of other load on the shared cores
 * hits one round of each rather than one method.
 * Usage: bench_dma [MiB per copy (default 4)] [copies (default 256)]
 */
#include "bench_cli.h"
#include "bench_host.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <dmabridge/platform-file.h>
#include <dmabridge/platform.h>
#include <dmabridge/pci.h>
#include <dmabridge/page.h>
#include <dmabridge/sched.h>
#include <dmabridge/sanitizer.h>
#include <dmabridge/dma-mapping.h>
#include <dmabridge/dma-engine.h>
#include <dmabridge/dma-fence.h>
#include <dmabridge/err.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

struct side {
	const char *name;
	void *host;
	dma_addr_t addr;
};

static double engine_copy(struct device *dev, struct side *dst,
			  struct side *src, size_t len, int n)
{
	struct dma_fence *f = NULL;
	double t0 = now();
	int i;

	for (i = 0; i < n; i++) {
		if (f)
			dma_fence_put(f);
		f = dma_engine_copy(dev, 0, dst->addr, src->addr, len);
		if (IS_ERR(f)) {
			fprintf(stderr, "copy failed: %ld\n", PTR_ERR(f));
			exit(1);
		}
	}
	dma_fence_wait(f, false);
	if (dma_fence_get_status(f) != 1) {
		fprintf(stderr, "copy error %d\n", dma_fence_get_status(f));
		exit(1);
	}
	dma_fence_put(f);
	return now() - t0;
}

static double host_copy(struct side *dst, struct side *src, size_t len, int n)
{
	double t0 = now();
	int i;

	for (i = 0; i < n; i++) {
		memcpy(dst->host, src->host, len);
		__asm__ __volatile__("" ::: "memory");
	}
	return now() - t0;
}

struct thread_copy_args {
	struct side *dst, *src;
	size_t len;
	int n;
	double t;
};

static void *thread_copy_fn(void *arg)
{
	struct thread_copy_args *a = arg;

	a->t = host_copy(a->dst, a->src, a->len, a->n);
	return NULL;
}

/* memcpy on a fresh host thread; the submitter waits, as for a fence. */
static double thread_copy(struct side *dst, struct side *src, size_t len,
			  int n)
{
	struct thread_copy_args a = { dst, src, len, n, 0 };
	double t0 = now();
	pthread_t th;

	if (pthread_create(&th, NULL, thread_copy_fn, &a)) {
		fprintf(stderr, "bench_dma: pthread_create failed\n");
		exit(1);
	}
	pthread_join(th, NULL);
	return now() - t0;
}

static int bench_main(int argc, char **argv)
{
	size_t len = (argc > 1 ? strtoul(argv[1], NULL, 0) : 4) << 20;
	int n = argc > 2 ? atoi(argv[2]) : 256;
	struct platform *plat = platform_create(NULL);
	struct pci_dev *gpu0, *gpu1, *gpu2;
	struct page *a, *b;
	unsigned int order = 0;
	struct side ram_a, ram_b, bar1, bar2;
	struct {
		const char *name;
		struct side *dst, *src;
	} cases[3];
	struct task_struct *t;
	int c, san;

	if (!len || n <= 0) {
		fprintf(stderr, "usage: bench_dma [MiB <= 4] [copies]\n");
		return 2;
	}
	if (IS_ERR(plat)) {
		fprintf(stderr, "bench_dma: platform_create: %ld\n",
			PTR_ERR(plat));
		return 1;
	}
	while ((PAGE_SIZE << order) < len)
		order++;
	t = task_create(plat, "bench");
	set_current(t);
	gpu0 = pci_get_by_name(plat, "gpu0");
	gpu1 = pci_get_by_name(plat, "gpu1");
	gpu2 = pci_get_by_name(plat, "gpu2");
	if (!gpu0 || !gpu1 || !gpu2) {
		fprintf(stderr, "bench_dma: needs gpu0, gpu1 and gpu2\n");
		return 1;
	}
	dma_set_mask_and_coherent(&gpu0->dev, DMA_BIT_MASK(64));
	/* One physically contiguous buffer per side. */
	if (order > MAX_PAGE_ORDER) {
		fprintf(stderr, "at most %lu MiB per copy\n",
			(PAGE_SIZE << MAX_PAGE_ORDER) >> 20);
		return 1;
	}
	a = alloc_pages(GFP_KERNEL, order);
	b = alloc_pages(GFP_KERNEL, order);
	if (!a || !b) {
		fprintf(stderr, "bench_dma: alloc_pages(order %u) failed\n",
			order);
		return 1;
	}
	ram_a = (struct side){ "ram", page_address(a),
		dma_map_page(&gpu0->dev, a, 0, len, DMA_TO_DEVICE) };
	ram_b = (struct side){ "ram", page_address(b),
		dma_map_page(&gpu0->dev, b, 0, len, DMA_FROM_DEVICE) };
	/* gpu1's VRAM by P2P bus address, gpu2's through the host bridge. */
	bar1 = (struct side){ "bar", hw_phys_to_host(plat,
		pci_resource_start(gpu1, 2), len),
		dma_map_phys(&gpu0->dev, pci_resource_start(gpu1, 2), len,
			     DMA_BIDIRECTIONAL, DMA_ATTR_MMIO) };
	bar2 = (struct side){ "bar", hw_phys_to_host(plat,
		pci_resource_start(gpu2, 2), len),
		dma_map_phys(&gpu0->dev, pci_resource_start(gpu2, 2), len,
			     DMA_TO_DEVICE, DMA_ATTR_MMIO) };
	memset(ram_a.host, 1, len);
	memset(ram_b.host, 2, len);
	memset(bar1.host, 3, len);
	memset(bar2.host, 4, len);
	cases[0].name = "RAM->RAM (iommu)";
	cases[0].dst = &ram_b;
	cases[0].src = &ram_a;
	cases[1].name = "RAM->BAR (p2p bus addr)";
	cases[1].dst = &bar1;
	cases[1].src = &ram_a;
	cases[2].name = "BAR->BAR (host bridge -> bus addr)";
	cases[2].dst = &bar1;
	cases[2].src = &bar2;
	printf("# bench_dma: %d copies of %zu KiB on gpu0's engine\n", n,
	       len >> 10);
	for (san = 1; san >= 0; san--) {
		san_set_enabled(plat, san);
		for (c = 0; c < 3; c++) {
			double te[5], tm[5], tt[5], r_m[5], r_t[5], ratio;
			int r, rounds = bench_rounds(5);

			engine_copy(&gpu0->dev, cases[c].dst, cases[c].src,
				    len, 2);
			for (r = 0; r < rounds; r++) {
				te[r] = engine_copy(&gpu0->dev, cases[c].dst,
						    cases[c].src, len, n);
				tm[r] = host_copy(cases[c].dst, cases[c].src,
						  len, n);
				tt[r] = thread_copy(cases[c].dst, cases[c].src,
						    len, n);
				r_m[r] = tm[r] / te[r];
				r_t[r] = tt[r] / te[r];
			}
			/* host_median() sorts: r_m is in order after it. */
			ratio = host_median(r_m, rounds);
			printf("%-36s sanitizer %-3s engine %7.2f GB/s  "
			       "memcpy %7.2f GB/s  engine/memcpy %.2f "
			       "(%.2f-%.2f)  memcpy on a thread %7.2f GB/s  "
			       "engine/that %.2f\n",
			       cases[c].name, san ? "on" : "off",
			       n * len / host_median(te, rounds) / 1e9,
			       n * len / host_median(tm, rounds) / 1e9,
			       ratio, r_m[0], r_m[rounds - 1],
			       n * len / host_median(tt, rounds) / 1e9,
			       host_median(r_t, rounds));
		}
	}
	san_set_enabled(plat, true);
	dma_unmap_page(&gpu0->dev, ram_a.addr, len, DMA_TO_DEVICE);
	dma_unmap_page(&gpu0->dev, ram_b.addr, len, DMA_FROM_DEVICE);
	dma_unmap_phys(&gpu0->dev, bar1.addr, len, DMA_BIDIRECTIONAL,
		       DMA_ATTR_MMIO);
	dma_unmap_phys(&gpu0->dev, bar2.addr, len, DMA_TO_DEVICE,
		       DMA_ATTR_MMIO);
	__free_pages(a, order);
	__free_pages(b, order);
	pci_dev_put(gpu0);
	pci_dev_put(gpu1);
	pci_dev_put(gpu2);
	set_current(NULL);
	task_exit(t);
	platform_destroy(plat);
	return 0;
}

int main(int argc, char **argv)
{
	bench_cli(&argc, argv, "[MiB per copy <= 4] [copies]",
		  "DMA engine copy bandwidth, RAM->RAM, RAM->BAR and BAR->BAR (P2P), against\n"
		  "memcpy, with the DMA sanitizer on and off. Defaults: 4 MiB, 256 copies.",
		  2);
	return bench_main(argc, argv);
}
