// SPDX-License-Identifier: GPL-2.0
/*
 * Scenario "p2p-dma": a GPU's DMA engine writes RAM through its IOMMU,
 * then reaches peer device memory (no struct page) on each P2P path the
 * default platform has, and finally DMAs through a mapping whose page was
 * freed and reused -- the bug the sanitizer exists to catch.
 */
#include <string.h>
#include "scenario.h"
#include <dmabridge/platform.h>
#include <dmabridge/sched.h>
#include <dmabridge/page.h>
#include <dmabridge/pci.h>
#include <dmabridge/pci-p2pdma.h>
#include <dmabridge/dma-mapping.h>
#include <dmabridge/dma-engine.h>
#include <dmabridge/dma-fence.h>
#include <dmabridge/sanitizer.h>
#include <dmabridge/err.h>

#define LEN (16 * 1024)
/* Devices by the platform file's names ("gpu0"), as a reader thinks of them. */
#define LBL(pdev) ((pdev)->label)

/* Submit-and-wait: 0 if the job completed without error. */
static int wait_job(struct dma_fence *f)
{
	int err;

	if (IS_ERR(f))
		return PTR_ERR(f);
	dma_fence_wait(f, false);
	err = dma_fence_get_status(f) < 0 ? dma_fence_get_status(f) : 0;
	dma_fence_put(f);
	return err;
}

static bool filled_with(const u8 *p, u8 v, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != v)
			return false;
	return true;
}

static void ram_through_iommu(struct scenario_ctx *ctx, struct pci_dev *gpu)
{
	struct page *page = alloc_pages(GFP_KERNEL | __GFP_ZERO, 2);
	dma_addr_t dma;

	if (!scenario_check(ctx, page != NULL, "allocate 16 KiB of RAM"))
		return;
	dma = dma_map_phys(&gpu->dev, page_to_phys(page), LEN,
			   DMA_BIDIRECTIONAL, 0);
	scenario_check(ctx, !dma_mapping_error(&gpu->dev, dma),
		       "map RAM for %s", LBL(gpu));
	scenario_check(ctx, wait_job(dma_engine_fill(&gpu->dev, 0, dma, 0xa5,
						     LEN)) == 0,
		       "%s fills it by DMA", LBL(gpu));
	scenario_check(ctx, filled_with(page_address(page), 0xa5, LEN),
		       "the CPU sees the device's bytes");
	scenario_say(ctx, "%s wrote 16 KiB of RAM at IOVA %#llx (phys %#llx)",
		     LBL(gpu), (unsigned long long)dma,
		     (unsigned long long)page_to_phys(page));
	dma_unmap_phys(&gpu->dev, dma, LEN, DMA_BIDIRECTIONAL, 0);
	__free_pages(page, 2);
}

/* @client fills the start of @owner's P2P BAR; report the path taken. */
static void p2p_fill(struct scenario_ctx *ctx, struct pci_dev *client,
		     struct pci_dev *owner, int expect_type)
{
	struct p2pdma_provider *prov;
	enum pci_p2pdma_map_type type;
	phys_addr_t phys;
	dma_addr_t dma;
	void *host;

	pcim_p2pdma_init(owner);
	prov = pcim_p2pdma_provider(owner, 2);
	if (!scenario_check(ctx, prov != NULL, "%s BAR2 is P2P memory",
			    LBL(owner)))
		return;
	type = pci_p2pdma_map_type(prov, &client->dev);
	scenario_check(ctx, (int)type == expect_type, "%s -> %s: %s",
		       LBL(client), LBL(owner),
		       pci_p2pdma_map_type_name(type));
	phys = pci_resource_start(owner, 2);
	dma = dma_map_phys(&client->dev, phys, LEN, DMA_BIDIRECTIONAL,
			   DMA_ATTR_MMIO);
	if (type == PCI_P2PDMA_MAP_NOT_SUPPORTED) {
		scenario_check(ctx, dma_mapping_error(&client->dev, dma),
			       "mapping is refused");
		scenario_say(ctx, "%s -> %s: %s, mapping refused",
			     LBL(client), LBL(owner),
			     pci_p2pdma_map_type_name(type));
		return;
	}
	if (!scenario_check(ctx, !dma_mapping_error(&client->dev, dma),
			    "map %s's VRAM for %s", LBL(owner),
			    LBL(client)))
		return;
	scenario_check(ctx, wait_job(dma_engine_fill(&client->dev, 0, dma,
						     0x5a, LEN)) == 0,
		       "%s writes %s's VRAM", LBL(client),
		       LBL(owner));
	host = hw_phys_to_host(current->platform, phys, LEN);
	scenario_check(ctx, host && filled_with(host, 0x5a, LEN),
		       "the bytes landed in %s's VRAM", LBL(owner));
	scenario_say(ctx, "%s -> %s VRAM: %s, DMA address %#llx",
		     LBL(client), LBL(owner),
		     pci_p2pdma_map_type_name(type), (unsigned long long)dma);
	memset(host, 0, LEN);
	dma_unmap_phys(&client->dev, dma, LEN, DMA_BIDIRECTIONAL,
		       DMA_ATTR_MMIO);
}

static void stale_mapping(struct scenario_ctx *ctx, struct platform *plat,
			  struct pci_dev *gpu)
{
	struct page *page = alloc_page(GFP_KERNEL), *again;
	long before = san_report_count(plat);
	dma_addr_t dma;

	if (!scenario_check(ctx, page != NULL, "allocate a page"))
		return;
	dma = dma_map_phys(&gpu->dev, page_to_phys(page), PAGE_SIZE,
			   DMA_BIDIRECTIONAL, 0);
	/* The driver frees the page but forgets the device mapping... */
	__free_page(page);
	again = alloc_page(GFP_KERNEL);
	scenario_say(ctx, "page %#llx freed while %s still maps it, then %s",
		     (unsigned long long)page_to_phys(page), LBL(gpu),
		     again == page ? "reused" : "another page allocated");
	scenario_expect_reports(ctx, REPORT_SANITIZER, 1);
	wait_job(dma_engine_fill(&gpu->dev, 0, dma, 0xee, PAGE_SIZE));
	scenario_check(ctx, san_report_count(plat) == before + 1,
		       "the sanitizer reports the stale DMA");
	dma_unmap_phys(&gpu->dev, dma, PAGE_SIZE, DMA_BIDIRECTIONAL, 0);
	if (again)
		__free_page(again);
}

static int p2p_dma_run(struct platform *plat, struct scenario_ctx *ctx)
{
	struct pci_dev *gpu0 = pci_get_by_name(plat, "gpu0");
	struct pci_dev *gpu1 = pci_get_by_name(plat, "gpu1");
	struct pci_dev *gpu2 = pci_get_by_name(plat, "gpu2");
	struct pci_dev *nic1 = pci_get_by_name(plat, "nic1");
	struct task_struct *task = task_create(plat, "p2p-dma");

	if (IS_ERR(task) || !gpu0 || !gpu1 || !gpu2 || !nic1) {
		scenario_check(ctx, false, "the default platform's devices");
		goto out;
	}
	set_current(task);
	ram_through_iommu(ctx, gpu0);
	p2p_fill(ctx, gpu0, gpu1, PCI_P2PDMA_MAP_BUS_ADDR);
	p2p_fill(ctx, gpu0, gpu2, PCI_P2PDMA_MAP_THRU_HOST_BRIDGE);
	p2p_fill(ctx, nic1, gpu1, PCI_P2PDMA_MAP_NOT_SUPPORTED);
	stale_mapping(ctx, plat, gpu0);
	set_current(NULL);
	task_exit(task);
out:
	pci_dev_put(gpu0);
	pci_dev_put(gpu1);
	pci_dev_put(gpu2);
	pci_dev_put(nic1);
	return 0;
}

const struct scenario scenario_p2p_dma = {
	.name = "p2p-dma",
	.summary = "device DMA to RAM, to peer VRAM on every P2P path, and a stale mapping caught",
	.run = p2p_dma_run,
};
