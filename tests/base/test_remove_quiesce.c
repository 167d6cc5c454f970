// SPDX-License-Identifier: GPL-2.0
/*
 * remove quiesces the device: unbinding while a job is in flight waits
 * for it; a driver that returns from remove with DMA running or its
 * handler installed is reported; an exported buffer is revoked or kept
 * alive as the driver's lifetime rule says, and outlives the driver for
 * as long as an importer holds it.
 */
#include <pthread.h>
#include <sched.h>
#include "tdrv.h"
#include <dmabridge/page.h>
#include <dmabridge/dma-mapping.h>
#include "../dma-buf/core/texp.h"

#define GATE_IOVA 0x100000ul

struct gate {
	atomic_t entered, release;
	struct page *page;
};

/* An IOMMU fault handler that holds the job until the test lets it go. */
static int gate_fault(struct iommu_domain *dom, struct device *dev,
		      unsigned long iova, int flags, void *token)
{
	struct gate *g = token;

	atomic_set(&g->entered, 1);
	while (!atomic_read(&g->release))
		sched_yield();
	return iommu_map(dom, GATE_IOVA, page_to_phys(g->page), PAGE_SIZE,
			 IOMMU_READ | IOMMU_WRITE, GFP_KERNEL);
}

struct unbind_arg {
	struct platform *plat;
	ssize_t ret;
};

static void *unbind_thread(void *p)
{
	struct unbind_arg *a = p;
	struct task_struct *t = tdrv_enter(a->plat, "unbind");

	a->ret = driver_unbind_store(a->plat, &tdrv_driver.driver,
				     "0000:03:00.0", 12);
	tdrv_leave(t);
	return NULL;
}

static struct platform *setup(void)
{
	struct platform *plat = tdrv_platform();

	tdrv_skip_quiesce = tdrv_export = tdrv_revoke = false;
	tdrv_probe_error = 0;
	atomic_set(&tdrv_in_remove, 0);
	atomic_set(&tdrv_released, 0);
	return plat;
}

/*
 * Unbind while the device's DMA is in flight: remove stops the queues
 * and polls STATUS until the job is done, so when unbind returns the
 * copy is complete and nothing is left running. Guards the wait in the
 * driver's remove (without it the driver core's quiet check WARNs).
 */
static void test_unbind_waits_for_dma_in_flight(void **state)
{
	struct platform *plat = setup();
	struct pci_dev *gpu0 = tdrv_pdev(plat, "gpu0");
	struct iommu_domain *dom = iommu_get_domain_for_dev(&gpu0->dev);
	struct gate g = { .page = alloc_page(GFP_KERNEL | __GFP_ZERO) };
	struct page *src = alloc_page(GFP_KERNEL);
	struct unbind_arg a = { .plat = plat };
	struct tdrv_dev *td;
	dma_addr_t s;
	pthread_t th;

	assert_non_null(g.page);
	assert_non_null(src);
	memset(page_address(src), 0x5a, PAGE_SIZE);
	assert_int_equal(pci_platform_register_driver(plat, &tdrv_driver), 0);
	td = pci_get_drvdata(gpu0);
	s = dma_map_page(&gpu0->dev, src, 0, PAGE_SIZE, DMA_TO_DEVICE);
	assert_false(dma_mapping_error(&gpu0->dev, s));
	iommu_set_fault_handler(dom, gate_fault, &g);
	dmb_allow_reports(REPORT_IOMMU_FAULT);

	tdrv_start(td, 0, DMB_OP_COPY, GATE_IOVA, s, PAGE_SIZE);
	while (!atomic_read(&g.entered))
		sched_yield();
	/* A doorbell on a busy queue is ignored: still one job in flight. */
	writel(1, td->regs + DMB_QUEUE(0) + DMB_Q_DOORBELL);
	assert_int_equal(pci_dev_regs_inflight(gpu0), 1);
	assert_int_equal(pthread_create(&th, NULL, unbind_thread, &a), 0);
	while (!atomic_read(&tdrv_in_remove))
		sched_yield();
	/* remove is running and the job is still in flight. */
	assert_int_equal(pci_dev_regs_inflight(gpu0), 1);
	atomic_set(&g.release, 1);
	pthread_join(th, NULL);
	assert_int_equal(a.ret, 12);
	assert_int_equal(pci_dev_regs_inflight(gpu0), 0);
	assert_null(gpu0->dev.driver);
	assert_memory_equal(page_address(g.page), page_address(src),
			    PAGE_SIZE);

	iommu_set_fault_handler(dom, NULL, NULL);
	assert_int_equal(iommu_unmap(dom, GATE_IOVA, PAGE_SIZE), PAGE_SIZE);
	dma_unmap_page(&gpu0->dev, s, PAGE_SIZE, DMA_TO_DEVICE);
	__free_pages(src, 0);
	__free_pages(g.page, 0);
	pci_platform_unregister_driver(plat, &tdrv_driver);
	tdrv_platform_destroy(plat);
}

/*
 * A driver whose remove neither waits for its DMA nor frees its irq is
 * reported by the driver core (two WARNs), which then waits for the job
 * and removes the handler so nothing runs into the freed driver.
 */
static void test_remove_leaving_dma_or_irq_is_reported(void **state)
{
	struct platform *plat = setup();
	struct pci_dev *gpu0 = tdrv_pdev(plat, "gpu0");
	struct iommu_domain *dom = iommu_get_domain_for_dev(&gpu0->dev);
	struct gate g = { .page = alloc_page(GFP_KERNEL | __GFP_ZERO) };
	struct unbind_arg a = { .plat = plat };
	struct tdrv_dev *td;
	pthread_t th;

	assert_int_equal(pci_platform_register_driver(plat, &tdrv_driver), 0);
	td = pci_get_drvdata(gpu0);
	iommu_set_fault_handler(dom, gate_fault, &g);
	dmb_allow_reports(REPORT_IOMMU_FAULT);
	dmb_expect_reports(REPORT_WARN, 2);
	tdrv_skip_quiesce = true;
	tdrv_start(td, 0, DMB_OP_FILL | DMB_OP_FILL_BYTE(0x77), GATE_IOVA, 0,
		   PAGE_SIZE);
	while (!atomic_read(&g.entered))
		sched_yield();
	assert_int_equal(pthread_create(&th, NULL, unbind_thread, &a), 0);
	/* Both reports come while the job is still held at the gate. */
	while (dmb_reports(REPORT_WARN) < 2)
		sched_yield();
	atomic_set(&g.release, 1);
	pthread_join(th, NULL);
	assert_int_equal(a.ret, 12);
	assert_int_equal(pci_dev_regs_inflight(gpu0), 0);
	assert_int_equal(((u8 *)page_address(g.page))[0], 0x77);
	tdrv_skip_quiesce = false;
	kfree(tdrv_left_behind);
	tdrv_left_behind = NULL;

	iommu_set_fault_handler(dom, NULL, NULL);
	iommu_unmap(dom, GATE_IOVA, PAGE_SIZE);
	__free_pages(g.page, 0);
	pci_platform_unregister_driver(plat, &tdrv_driver);
	tdrv_platform_destroy(plat);
}

static atomic_t flr_done;

static void *flr_thread(void *p)
{
	struct pci_dev *pdev = p;
	struct task_struct *t = tdrv_enter(pdev->dev.platform, "flr");

	assert_int_equal(pcie_flr(pdev), 0);
	atomic_set(&flr_done, 1);
	tdrv_leave(t);
	return NULL;
}

/*
 * FLR while a job is in flight: Transactions Pending is set, and the
 * reset waits for the job before resetting the registers, so no
 * completion lands in the freshly reset device. Guards the wait in
 * function_reset() (without it COMPLETED reads 1 after the FLR).
 */
static void test_flr_waits_for_dma_in_flight(void **state)
{
	struct platform *plat = setup();
	struct pci_dev *gpu0 = tdrv_pdev(plat, "gpu0");
	struct iommu_domain *dom = iommu_get_domain_for_dev(&gpu0->dev);
	struct gate g = { .page = alloc_page(GFP_KERNEL | __GFP_ZERO) };
	struct page *other = alloc_page(GFP_KERNEL);
	struct tdrv_dev *td;
	dma_addr_t o;
	pthread_t th;
	u32 sta;

	assert_int_equal(pci_platform_register_driver(plat, &tdrv_driver), 0);
	td = pci_get_drvdata(gpu0);
	o = dma_map_page(&gpu0->dev, other, 0, PAGE_SIZE, DMA_FROM_DEVICE);
	iommu_set_fault_handler(dom, gate_fault, &g);
	dmb_allow_reports(REPORT_IOMMU_FAULT);
	tdrv_start(td, 0, DMB_OP_FILL | DMB_OP_FILL_BYTE(0x11), GATE_IOVA, 0,
		   PAGE_SIZE);
	while (!atomic_read(&g.entered))
		sched_yield();
	pci_read_config_dword(gpu0, DMB_CFG_EXP_CAP + PCI_EXP_DEVCTL, &sta);
	assert_true((sta >> 16) & PCI_EXP_DEVSTA_TRPND);
	atomic_set(&flr_done, 0);
	assert_int_equal(pthread_create(&th, NULL, flr_thread, gpu0), 0);
	/* The FLR has stopped new work before it waits. */
	while (!atomic_read(&flr_done)) {
		u32 v;

		tdrv_start(td, 1, DMB_OP_FILL, o, 0, 8);
		v = readl(td->regs + DMB_QUEUE(1) + DMB_Q_ERROR);
		if (v == EAGAIN)
			break;
		tdrv_wait(td, 1);
		sched_yield();
	}
	/* It cannot finish while the job is held. */
	assert_false(atomic_read(&flr_done));
	atomic_set(&g.release, 1);
	pthread_join(th, NULL);
	pci_enable_device(gpu0);
	pci_set_master(gpu0);
	assert_int_equal(readl(td->regs + DMB_QUEUE(0) + DMB_Q_COMPLETED), 0);
	assert_int_equal(readl(td->regs + DMB_QUEUE(0) + DMB_Q_STATUS),
			 DMB_STATUS_IDLE);
	assert_int_equal(((u8 *)page_address(g.page))[0], 0x11);
	assert_int_equal(pci_alloc_irq_vectors(gpu0, 1, 1, PCI_IRQ_MSI), 1);
	iommu_set_fault_handler(dom, NULL, NULL);
	iommu_unmap(dom, GATE_IOVA, PAGE_SIZE);
	dma_unmap_page(&gpu0->dev, o, PAGE_SIZE, DMA_FROM_DEVICE);
	__free_pages(other, 0);
	__free_pages(g.page, 0);
	pci_platform_unregister_driver(plat, &tdrv_driver);
	tdrv_platform_destroy(plat);
}

/*
 * Unbinding a driver whose rule is "revoke on remove": its exported
 * buffer is revoked, yet stays alive while an importer holds it; the
 * last put releases it.
 */
static void test_unbind_revokes_exported_buffer(void **state)
{
	struct platform *plat = setup();
	struct pci_dev *gpu0 = tdrv_pdev(plat, "gpu0");
	struct dma_buf *buf;

	tdrv_export = tdrv_revoke = true;
	assert_int_equal(pci_platform_register_driver(plat, &tdrv_driver), 0);
	buf = ((struct tdrv_dev *)pci_get_drvdata(gpu0))->exp->dmabuf;
	get_dma_buf(buf);		/* the importer's reference */
	assert_int_equal(driver_unbind_store(plat, &tdrv_driver.driver,
					     "0000:03:00.0", 12), 12);
	assert_true(dma_buf_is_revoked(buf));
	assert_int_equal(atomic_read(&tdrv_released), 0);
	dma_buf_put(buf);
	assert_int_equal(atomic_read(&tdrv_released), 1);
	pci_platform_unregister_driver(plat, &tdrv_driver);
	tdrv_platform_destroy(plat);
}

/*
 * A driver whose rule is "the buffer is the importers'": after unbind
 * the buffer is not revoked and an importer can still map it.
 */
static void test_unbind_keeps_buffer_alive_for_importers(void **state)
{
	struct platform *plat = setup();
	struct pci_dev *gpu0 = tdrv_pdev(plat, "gpu0");
	struct dma_buf_attachment *att;
	struct sg_table *sgt;
	struct dma_buf *buf;

	tdrv_export = true;
	assert_int_equal(pci_platform_register_driver(plat, &tdrv_driver), 0);
	buf = ((struct tdrv_dev *)pci_get_drvdata(gpu0))->exp->dmabuf;
	get_dma_buf(buf);
	assert_int_equal(driver_unbind_store(plat, &tdrv_driver.driver,
					     "0000:03:00.0", 12), 12);
	assert_false(dma_buf_is_revoked(buf));
	att = dma_buf_attach(buf, &tdrv_pdev(plat, "gpu1")->dev);
	assert_false(IS_ERR(att));
	sgt = dma_buf_map_attachment_unlocked(att, DMA_BIDIRECTIONAL);
	assert_false(IS_ERR(sgt));
	dma_buf_unmap_attachment_unlocked(att, sgt, DMA_BIDIRECTIONAL);
	dma_buf_detach(buf, att);
	dma_buf_put(buf);
	assert_int_equal(atomic_read(&tdrv_released), 1);
	pci_platform_unregister_driver(plat, &tdrv_driver);
	tdrv_platform_destroy(plat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_unbind_waits_for_dma_in_flight),
		dmb_unit_test(test_remove_leaving_dma_or_irq_is_reported),
		dmb_unit_test(test_flr_waits_for_dma_in_flight),
		dmb_unit_test(test_unbind_revokes_exported_buffer),
		dmb_unit_test(test_unbind_keeps_buffer_alive_for_importers),
	};

	return dmb_run_tests(tests);
}
