// SPDX-License-Identifier: GPL-2.0
/*
 * Scenario "p2p-dma": a device's DMA engine writes RAM (through its IOMMU
 * if it has one), then reaches peer device memory (no struct page) on
 * each kind of P2P path the platform has -- the map type decides what
 * must happen: the bytes land, or the mapping is refused -- and finally
 * DMAs through a mapping whose page was freed and reused, the bug the
 * sanitizer exists to catch. Needs: two devices, one with a P2P BAR the
 * other reaches by P2P.
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
/* What a P2P BAR is called: a GPU's is its VRAM. */
#define MEM(pdev) ((pdev)->kind == PCI_KIND_GPU ? "VRAM" : "P2P memory")

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

/* The path @client's DMA takes to @owner's P2P BAR. */
static enum pci_p2pdma_map_type p2p_path(struct pci_dev *client,
					 struct pci_dev *owner)
{
	struct p2pdma_provider *prov;
	int bar = scenario_p2p_bar(owner);

	if (client == owner || bar < 0 || pcim_p2pdma_init(owner))
		return PCI_P2PDMA_MAP_UNKNOWN;
	prov = pcim_p2pdma_provider(owner, bar);
	return prov ? pci_p2pdma_map_type(prov, &client->dev) :
		      PCI_P2PDMA_MAP_UNKNOWN;
}

/*
 * @client fills the start of @owner's P2P BAR. What must happen follows
 * from the path: refused when P2P is not supported, else the bytes land.
 */
static void p2p_fill(struct scenario_ctx *ctx, struct pci_dev *client,
		     struct pci_dev *owner)
{
	enum pci_p2pdma_map_type type = p2p_path(client, owner);
	int bar = scenario_p2p_bar(owner);
	phys_addr_t phys;
	dma_addr_t dma;
	void *host;

	if (!scenario_check(ctx, type != PCI_P2PDMA_MAP_UNKNOWN,
			    "%s -> %s: a P2P path is known", LBL(client),
			    LBL(owner)))
		return;
	phys = pci_resource_start(owner, bar);
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
			    "map %s's %s for %s", LBL(owner), MEM(owner),
			    LBL(client)))
		return;
	scenario_check(ctx, wait_job(dma_engine_fill(&client->dev, 0, dma,
						     0x5a, LEN)) == 0,
		       "%s writes %s's %s", LBL(client), LBL(owner),
		       MEM(owner));
	host = hw_phys_to_host(current->platform, phys, LEN);
	scenario_check(ctx, host && filled_with(host, 0x5a, LEN),
		       "the bytes landed in %s's %s", LBL(owner), MEM(owner));
	scenario_say(ctx, "%s -> %s %s: %s, DMA address %#llx",
		     LBL(client), LBL(owner), MEM(owner),
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

/*
 * Besides the bound pair, one pair per other kind of path the platform
 * has (in device order), so the story shows each kind once.
 */
static void every_path_kind(struct scenario_ctx *ctx, struct platform *plat,
			    enum pci_p2pdma_map_type shown)
{
	bool seen[PCI_P2PDMA_MAP_THRU_HOST_BRIDGE + 1] = { false };
	int i, j, n = pci_num_devices(plat);

	seen[shown] = true;
	for (i = 0; i < n; i++) {
		struct pci_dev *owner = pci_dev_by_index(plat, i);

		if (pci_is_bridge(owner) || scenario_p2p_bar(owner) < 0)
			continue;
		for (j = 0; j < n; j++) {
			struct pci_dev *client = pci_dev_by_index(plat, j);
			enum pci_p2pdma_map_type type;

			if (pci_is_bridge(client))
				continue;
			type = p2p_path(client, owner);
			if (type == PCI_P2PDMA_MAP_UNKNOWN ||
			    type > PCI_P2PDMA_MAP_THRU_HOST_BRIDGE ||
			    seen[type])
				continue;
			seen[type] = true;
			p2p_fill(ctx, client, owner);
		}
	}
}

static int p2p_dma_run(struct platform *plat, struct scenario_ctx *ctx)
{
	struct pci_dev *client = scenario_dev(ctx, "client");
	struct pci_dev *peer = scenario_dev(ctx, "peer");
	struct task_struct *task = task_create(plat, "p2p-dma");

	if (!scenario_check(ctx, !IS_ERR(task), "a task to run in"))
		return 0;
	set_current(task);
	ram_through_iommu(ctx, client);
	p2p_fill(ctx, client, peer);
	every_path_kind(ctx, plat, p2p_path(client, peer));
	stale_mapping(ctx, plat, client);
	set_current(NULL);
	task_exit(task);
	return 0;
}

static const struct scenario_need p2p_dma_needs[] = {
	{ .role = "client" },
	{ .role = "peer", .flags = SCENARIO_NEED_P2P_BAR,
	  .p2p_from = "client" },
	{ NULL },
};

const struct scenario scenario_p2p_dma = {
	.name = "p2p-dma",
	.summary = "device DMA to RAM, to peer VRAM on every kind of P2P path, and a stale mapping caught",
	.needs = p2p_dma_needs,
	.run = p2p_dma_run,
};
