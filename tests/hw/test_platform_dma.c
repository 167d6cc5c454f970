// SPDX-License-Identifier: GPL-2.0
/* End to end on the default platform: DMA on every path, P2P, sanitizer. */
#include "hw_test.h"
#include <dmabridge/dma-mapping.h>
#include <dmabridge/dma-engine.h>
#include <dmabridge/dma-fence.h>
#include <dmabridge/pci.h>
#include <dmabridge/pci-p2pdma.h>
#include <dmabridge/platform-file.h>
#include <dmabridge/err.h>

#define VRAM_BAR 2

struct env {
	struct platform *plat;
	struct task_struct *task;
	struct pci_dev *gpu0, *gpu1, *gpu2, *nvme0, *nic1;
};

static struct pci_dev *get(struct env *e, const char *name)
{
	struct pci_dev *pdev = pci_get_by_name(e->plat, name);

	assert_non_null(pdev);
	assert_int_equal(dma_set_mask_and_coherent(&pdev->dev,
						   DMA_BIT_MASK(64)), 0);
	return pdev;
}

static void env_init(struct env *e)
{
	e->plat = platform_create(NULL);
	assert_false(IS_ERR_OR_NULL(e->plat));
	e->task = task_create(e->plat, "test");
	set_current(e->task);
	e->gpu0 = get(e, "gpu0");
	e->gpu1 = get(e, "gpu1");
	e->gpu2 = get(e, "gpu2");
	e->nvme0 = get(e, "nvme0");
	e->nic1 = get(e, "nic1");
}

static void env_fini(struct env *e)
{
	pci_dev_put(e->gpu0);
	pci_dev_put(e->gpu1);
	pci_dev_put(e->gpu2);
	pci_dev_put(e->nvme0);
	pci_dev_put(e->nic1);
	set_current(NULL);
	task_exit(e->task);
	platform_destroy(e->plat);
}

static phys_addr_t vram(struct pci_dev *pdev, size_t off)
{
	return pci_resource_start(pdev, VRAM_BAR) + off;
}

static void *vram_host(struct env *e, struct pci_dev *pdev, size_t off,
		       size_t len)
{
	return hw_phys_to_host(e->plat, vram(pdev, off), len);
}

static enum pci_p2pdma_map_type map_type(struct pci_dev *provider,
					 struct pci_dev *client)
{
	assert_int_equal(pcim_p2pdma_init(provider), 0);
	return pci_p2pdma_map_type(pcim_p2pdma_provider(provider, VRAM_BAR),
				   &client->dev);
}

static int wait_put(struct dma_fence *f)
{
	int st;

	assert_false(IS_ERR_OR_NULL(f));
	assert_int_equal(dma_fence_wait(f, false), 0);
	st = dma_fence_get_status(f);
	dma_fence_put(f);
	return st;
}

static void test_p2p_bus_addr(void **state)
{
	struct env e;
	char buf[4096];
	dma_addr_t a;
	struct p2pdma_provider *prov;

	env_init(&e);
	assert_int_equal(map_type(e.gpu1, e.gpu0), PCI_P2PDMA_MAP_BUS_ADDR);
	prov = pcim_p2pdma_provider(e.gpu1, VRAM_BAR);
	/* dma_map_phys hands out the bus address, not an IOVA. */
	a = dma_map_phys(&e.gpu0->dev, vram(e.gpu1, 65536), sizeof(buf),
			 DMA_FROM_DEVICE, DMA_ATTR_MMIO);
	assert_int_equal(a, pci_p2pdma_bus_addr_map(prov, vram(e.gpu1, 65536)));
	assert_int_not_equal(a, vram(e.gpu1, 65536));
	memset(buf, 0x5a, sizeof(buf));
	assert_int_equal(wait_put(dma_engine_write(&e.gpu0->dev, 0, a, buf,
						    sizeof(buf))), 1);
	assert_memory_equal(vram_host(&e, e.gpu1, 65536, sizeof(buf)), buf,
			    sizeof(buf));
	dma_unmap_phys(&e.gpu0->dev, a, sizeof(buf), DMA_FROM_DEVICE,
		       DMA_ATTR_MMIO);
	/* A bus address handed over by hand must be recorded... */
	a = pci_p2pdma_bus_addr_map(prov, vram(e.gpu1, 0));
	dmb_expect_reports(REPORT_SANITIZER, 1);
	assert_int_equal(wait_put(dma_engine_write(&e.gpu0->dev, 1, a, buf,
						    64)), 1);
	/* ...and then it is silent. */
	assert_int_equal(dma_direct_record(&e.gpu0->dev, a, vram(e.gpu1, 0),
					   4096), 0);
	assert_int_equal(wait_put(dma_engine_write(&e.gpu0->dev, 1, a, buf,
						    64)), 1);
	assert_int_equal(dma_direct_forget(&e.gpu0->dev, a, 4096), 0);
	assert_int_equal(san_report_count(e.plat), 1);
	env_fini(&e);
}

static void test_bar_to_bar_and_ram(void **state)
{
	struct env e;
	size_t len = 1 * MiB;
	dma_addr_t src, dst, ram;
	struct page *p;
	unsigned char *s;
	size_t i;

	env_init(&e);
	/* gpu2 sits behind ACS redirect: through hb0, which allows P2P. */
	assert_int_equal(map_type(e.gpu2, e.gpu0),
			 PCI_P2PDMA_MAP_THRU_HOST_BRIDGE);
	s = vram_host(&e, e.gpu2, 0, len);
	for (i = 0; i < len; i++)
		s[i] = (unsigned char)(i * 7 + 1);
	src = dma_map_phys(&e.gpu0->dev, vram(e.gpu2, 0), len, DMA_TO_DEVICE,
			   DMA_ATTR_MMIO);
	dst = dma_map_phys(&e.gpu0->dev, vram(e.gpu1, 0), len,
			   DMA_FROM_DEVICE, DMA_ATTR_MMIO);
	assert_int_not_equal(src, DMA_MAPPING_ERROR);
	assert_int_not_equal(dst, DMA_MAPPING_ERROR);
	/* gpu2's VRAM through gpu0's IOMMU, gpu1's by bus address. */
	assert_int_equal(iommu_iova_to_phys(iommu_get_dma_domain(&e.gpu0->dev),
					    src), vram(e.gpu2, 0));
	assert_int_equal(wait_put(dma_engine_copy(&e.gpu0->dev, 0, dst, src,
						   len)), 1);
	assert_memory_equal(vram_host(&e, e.gpu1, 0, len), s, len);
	/* Into RAM through the passthrough NVMe device. */
	p = alloc_pages(GFP_KERNEL | __GFP_ZERO, 8);
	ram = dma_map_page(&e.nvme0->dev, p, 0, len, DMA_FROM_DEVICE);
	assert_int_equal(ram, page_to_phys(p));
	assert_int_equal(dma_map_type_check_dummy, 0);
	dma_unmap_page(&e.nvme0->dev, ram, len, DMA_FROM_DEVICE);
	__free_pages(p, 8);
	dma_unmap_phys(&e.gpu0->dev, src, len, DMA_TO_DEVICE, DMA_ATTR_MMIO);
	dma_unmap_phys(&e.gpu0->dev, dst, len, DMA_FROM_DEVICE, DMA_ATTR_MMIO);
	assert_int_equal(san_report_count(e.plat), 0);
	env_fini(&e);
}
