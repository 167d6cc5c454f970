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
	dma_unmap_phys(&e.gpu0->dev, src, len, DMA_TO_DEVICE, DMA_ATTR_MMIO);
	/*
	 * Back into RAM by the passthrough NVMe device: physical addresses,
	 * gpu1's VRAM reached through the host bridge.
	 */
	assert_int_equal(map_type(e.gpu1, e.nvme0),
			 PCI_P2PDMA_MAP_THRU_HOST_BRIDGE);
	p = alloc_pages(GFP_KERNEL | __GFP_ZERO, 8);
	ram = dma_map_page(&e.nvme0->dev, p, 0, len, DMA_FROM_DEVICE);
	assert_int_equal(ram, page_to_phys(p));
	src = dma_map_phys(&e.nvme0->dev, vram(e.gpu1, 0), len, DMA_TO_DEVICE,
			   DMA_ATTR_MMIO);
	assert_int_equal(src, vram(e.gpu1, 0));
	assert_int_equal(wait_put(dma_engine_copy(&e.nvme0->dev, 0, ram, src,
						   len)), 1);
	assert_memory_equal(page_address(p), s, len);
	dma_unmap_phys(&e.nvme0->dev, src, len, DMA_TO_DEVICE, DMA_ATTR_MMIO);
	dma_unmap_page(&e.nvme0->dev, ram, len, DMA_FROM_DEVICE);
	__free_pages(p, 8);
	src = dma_map_phys(&e.gpu0->dev, vram(e.gpu2, 0), len, DMA_TO_DEVICE,
			   DMA_ATTR_MMIO);
	dma_unmap_phys(&e.gpu0->dev, src, len, DMA_TO_DEVICE, DMA_ATTR_MMIO);
	dma_unmap_phys(&e.gpu0->dev, dst, len, DMA_FROM_DEVICE, DMA_ATTR_MMIO);
	assert_int_equal(san_report_count(e.plat), 0);
	env_fini(&e);
}

static void test_not_supported_and_refused(void **state)
{
	struct env e;
	struct dma_iova_state st;
	struct iommu_domain *d;
	char buf[64] = "x";

	env_init(&e);
	/* nic1 is under hb1, which forbids P2P. */
	assert_int_equal(map_type(e.gpu1, e.nic1),
			 PCI_P2PDMA_MAP_NOT_SUPPORTED);
	assert_int_equal(dma_map_phys(&e.nic1->dev, vram(e.gpu1, 0), 4096,
				      DMA_TO_DEVICE, DMA_ATTR_MMIO),
			 DMA_MAPPING_ERROR);
	assert_true(dma_iova_try_alloc(&e.nic1->dev, &st, vram(e.gpu1, 0),
				       4096));
	assert_int_equal(dma_iova_link(&e.nic1->dev, &st, vram(e.gpu1, 0), 0,
				       4096, DMA_TO_DEVICE, DMA_ATTR_MMIO),
			 -EREMOTEIO);
	dma_iova_free(&e.nic1->dev, &st);
	/* Mapped by hand anyway: the host bridge refuses the request. */
	d = iommu_paging_domain_alloc(&e.nic1->dev);
	assert_false(IS_ERR(d));
	assert_int_equal(iommu_attach_device(d, &e.nic1->dev), 0);
	assert_int_equal(iommu_map(d, 0x100000, vram(e.gpu1, 0), 4096,
				   IOMMU_READ | IOMMU_WRITE | IOMMU_MMIO,
				   GFP_KERNEL), 0);
	assert_int_equal(wait_put(dma_engine_write(&e.nic1->dev, 0, 0x100000,
						    buf, sizeof(buf))), -EIO);
	/* An unmapped IOVA in that domain is an IOMMU fault. */
	dmb_expect_reports(REPORT_IOMMU_FAULT, 1);
	assert_int_equal(wait_put(dma_engine_write(&e.nic1->dev, 0, 0x200000,
						    buf, sizeof(buf))), -EFAULT);
	assert_int_equal(iommu_unmap(d, 0x100000, 4096), 4096);
	iommu_detach_device(d, &e.nic1->dev);
	iommu_domain_free(d);
	env_fini(&e);
}

static void test_disabled_and_removed(void **state)
{
	struct env e;
	char buf[64] = "late";
	dma_addr_t a, b;

	env_init(&e);
	a = dma_map_phys(&e.gpu0->dev, vram(e.gpu1, 0), 4096, DMA_TO_DEVICE,
			 DMA_ATTR_MMIO);
	b = dma_map_phys(&e.gpu0->dev, vram(e.gpu2, 0), 4096, DMA_TO_DEVICE,
			 DMA_ATTR_MMIO);
	assert_int_equal(wait_put(dma_engine_read(&e.gpu0->dev, 0, buf, a, 8)),
			 1);
	/*
	 * Memory decode off: the old mapping reaches no memory. Reported, and
	 * dropped like an Unsupported Request (-EIO: a modelling choice).
	 */
	assert_int_equal(pci_set_memory_decode(e.gpu1, false), 0);
	dmb_expect_reports(REPORT_SANITIZER, 1);
	assert_int_equal(wait_put(dma_engine_read(&e.gpu0->dev, 0, buf, a, 8)),
			 -EIO);
	assert_int_equal(pci_set_memory_decode(e.gpu1, true), 0);
	/* Still stale after decode is back on: the owner changed. */
	dmb_expect_reports(REPORT_SANITIZER, 1);
	assert_int_equal(wait_put(dma_engine_read(&e.gpu0->dev, 0, buf, a, 8)),
			 1);
	/* A removed device does no DMA, and its memory is gone. */
	pci_remove_device(e.gpu2);
	assert_ptr_equal(dma_engine_read(&e.gpu2->dev, 0, buf, 0, 8),
			 ERR_PTR(-ENODEV));
	dmb_expect_reports(REPORT_SANITIZER, 1);
	assert_int_equal(wait_put(dma_engine_read(&e.gpu0->dev, 1, buf, b, 8)),
			 -EIO);
	dma_unmap_phys(&e.gpu0->dev, a, 4096, DMA_TO_DEVICE, DMA_ATTR_MMIO);
	dma_unmap_phys(&e.gpu0->dev, b, 4096, DMA_TO_DEVICE, DMA_ATTR_MMIO);
	env_fini(&e);
}

struct conc {
	struct env *e;
	struct pci_dev *devs[4];
};

static void p2p_worker(int idx, void *arg)
{
	struct conc *c = arg;
	struct device *dev = &c->devs[idx]->dev;
	struct task_struct *t = task_create(c->e->plat, "p2p");
	phys_addr_t target = vram(c->e->gpu1, (idx + 1) * MiB);
	unsigned char buf[512], out[512];
	dma_addr_t a;
	int i;

	set_current(t);
	a = dma_map_phys(dev, target, 64 * 1024, DMA_BIDIRECTIONAL,
			 DMA_ATTR_MMIO);
	assert_int_not_equal(a, DMA_MAPPING_ERROR);
	for (i = 0; i < 100; i++) {
		memset(buf, idx * 50 + i, sizeof(buf));
		assert_int_equal(wait_put(dma_engine_write(dev, 0,
				 a + (i % 128) * 512, buf, sizeof(buf))), 1);
		assert_int_equal(wait_put(dma_engine_read(dev, 0, out,
				 a + (i % 128) * 512, sizeof(out))), 1);
		assert_memory_equal(out, buf, sizeof(buf));
	}
	dma_unmap_phys(dev, a, 64 * 1024, DMA_BIDIRECTIONAL, DMA_ATTR_MMIO);
	set_current(NULL);
	task_exit(t);
}

static void test_concurrent_p2p(void **state)
{
	struct env e;
	struct conc c = { .e = &e };

	env_init(&e);
	c.devs[0] = e.gpu0;	/* bus address */
	c.devs[1] = e.gpu2;	/* IOVA through the host bridge */
	c.devs[2] = e.nvme0;	/* physical through the host bridge */
	c.devs[3] = e.gpu1;	/* its own VRAM */
	dmb_run_threads(4, p2p_worker, &c);
	assert_int_equal(san_report_count(e.plat), 0);
	env_fini(&e);
}

/*
 * A function with bus mastering off (PCI_COMMAND_MASTER clear) cannot
 * start DMA: the job fails with -EIO and no byte moves. Guards the check
 * in the engine (engine_may_master()).
 */
static void test_bus_master_off_cannot_dma(void **state)
{
	struct page *p;
	struct env e;
	dma_addr_t a;
	u16 cmd;

	env_init(&e);
	p = alloc_page(GFP_KERNEL | __GFP_ZERO);
	a = dma_map_page(&e.gpu0->dev, p, 0, PAGE_SIZE, DMA_FROM_DEVICE);
	assert_int_not_equal(a, DMA_MAPPING_ERROR);
	assert_int_equal(pci_read_config_word(e.gpu0, PCI_COMMAND, &cmd), 0);
	assert_int_equal(pci_write_config_word(e.gpu0, PCI_COMMAND,
					       cmd & ~PCI_COMMAND_MASTER), 0);
	assert_int_equal(wait_put(dma_engine_fill(&e.gpu0->dev, 0, a, 0x44,
						  PAGE_SIZE)), -EIO);
	assert_int_equal(((u8 *)page_address(p))[0], 0);
	assert_int_equal(pci_write_config_word(e.gpu0, PCI_COMMAND, cmd), 0);
	assert_int_equal(wait_put(dma_engine_fill(&e.gpu0->dev, 0, a, 0x44,
						  PAGE_SIZE)), 1);
	assert_int_equal(((u8 *)page_address(p))[0], 0x44);
	dma_unmap_page(&e.gpu0->dev, a, PAGE_SIZE, DMA_FROM_DEVICE);
	put_page(p);
	env_fini(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_p2p_bus_addr),
		dmb_unit_test(test_bar_to_bar_and_ram),
		dmb_unit_test(test_not_supported_and_refused),
		dmb_unit_test(test_disabled_and_removed),
		dmb_unit_test(test_concurrent_p2p),
		dmb_unit_test(test_bus_master_off_cannot_dma),
	};

	return dmb_run_tests(tests);
}
