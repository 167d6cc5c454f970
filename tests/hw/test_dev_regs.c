// SPDX-License-Identifier: GPL-2.0
/*
 * Devices programmed through their BAR0 registers: DMA started by MMIO
 * (from the kernel with writel, and from a process through a mapping of
 * resource0), completion interrupts, masking, decode off, bus mastering
 * off, FLR, D3hot, and the capture device's frames.
 */
#include <sys/mman.h>
#include "tdrv.h"
#include <dmabridge/page.h>
#include <dmabridge/mm.h>
#include <dmabridge/mman.h>
#include <dmabridge/syscalls.h>
#include <dmabridge/dma-mapping.h>
#include <dmabridge/dma-engine.h>
#include <dmabridge/dma-fence.h>

struct env {
	struct platform *plat;
	struct pci_dev *pdev;
	struct tdrv_dev *td;
	struct page *src, *dst;
	dma_addr_t s, d;
};

/* tdrv bound to @name, a source page of 0x3c and a zeroed destination. */
static void env_init(struct env *e, const char *name)
{
	e->plat = tdrv_platform();
	tdrv_skip_quiesce = tdrv_export = tdrv_revoke = false;
	tdrv_probe_error = 0;
	e->pdev = tdrv_pdev(e->plat, name);
	assert_int_equal(pci_platform_register_driver(e->plat, &tdrv_driver),
			 0);
	e->td = pci_get_drvdata(e->pdev);
	assert_non_null(e->td);
	e->src = alloc_page(GFP_KERNEL);
	e->dst = alloc_page(GFP_KERNEL | __GFP_ZERO);
	memset(page_address(e->src), 0x3c, PAGE_SIZE);
	e->s = dma_map_page(&e->pdev->dev, e->src, 0, PAGE_SIZE,
			    DMA_TO_DEVICE);
	e->d = dma_map_page(&e->pdev->dev, e->dst, 0, PAGE_SIZE,
			    DMA_FROM_DEVICE);
	assert_false(dma_mapping_error(&e->pdev->dev, e->s));
	assert_false(dma_mapping_error(&e->pdev->dev, e->d));
}

static void env_fini(struct env *e)
{
	dma_unmap_page(&e->pdev->dev, e->s, PAGE_SIZE, DMA_TO_DEVICE);
	dma_unmap_page(&e->pdev->dev, e->d, PAGE_SIZE, DMA_FROM_DEVICE);
	__free_pages(e->src, 0);
	__free_pages(e->dst, 0);
	pci_platform_unregister_driver(e->plat, &tdrv_driver);
	tdrv_platform_destroy(e->plat);
}

static u32 qreg(struct env *e, unsigned int q, u32 off)
{
	return readl(e->td->regs + DMB_QUEUE(q) + off);
}

/* The ids and capabilities read back; a copy programmed with writel
 * moves the bytes, counts a completion and raises one MSI. */
static void test_kernel_mmio_copy_completes_with_interrupt(void **state)
{
	struct env e;

	env_init(&e, "gpu1");
	assert_int_equal(readl(e.td->regs + DMB_REG_ID), 0x233010de);
	assert_int_equal(readl(e.td->regs + DMB_REG_VERSION),
			 DMB_REGS_VERSION);
	assert_int_equal(readl(e.td->regs + DMB_REG_CAPS), 2);
	tdrv_start(e.td, 1, DMB_OP_COPY, e.d, e.s, PAGE_SIZE);
	assert_int_equal(tdrv_wait(e.td, 1), DMB_STATUS_DONE);
	assert_memory_equal(page_address(e.dst), page_address(e.src),
			    PAGE_SIZE);
	assert_int_equal(qreg(&e, 1, DMB_Q_COMPLETED), 1);
	assert_int_equal(qreg(&e, 1, DMB_Q_SRC_LO), (u32)e.s);
	wait_event(e.td->wq, atomic_read(&e.td->irqs) == 1);
	assert_int_equal(__atomic_load_n(&e.td->intr_seen, __ATOMIC_RELAXED),
			 1u << 1);
	/* The handler acknowledged it (RW1C). */
	assert_int_equal(readl(e.td->regs + DMB_REG_INTR_STATUS), 0);
	/* A fill, then a bad length: an error without DMA or interrupt. */
	tdrv_start(e.td, 0, DMB_OP_FILL | DMB_OP_FILL_BYTE(0xa5), e.d, 0, 64);
	assert_int_equal(tdrv_wait(e.td, 0), DMB_STATUS_DONE);
	assert_int_equal(((u8 *)page_address(e.dst))[63], 0xa5);
	assert_int_equal(((u8 *)page_address(e.dst))[64], 0x3c);
	tdrv_start(e.td, 0, DMB_OP_COPY, e.d, e.s, 0);
	assert_int_equal(qreg(&e, 0, DMB_Q_STATUS), DMB_STATUS_ERROR);
	assert_int_equal(qreg(&e, 0, DMB_Q_ERROR), EINVAL);
	/* Capture is only for capture devices. */
	tdrv_start(e.td, 0, DMB_OP_CAPTURE, e.d, 0, 64);
	assert_int_equal(qreg(&e, 0, DMB_Q_ERROR), EINVAL);
	wait_event(e.td->wq, atomic_read(&e.td->irqs) == 2);
	env_fini(&e);
}

/* A DMA fault is reported in STATUS/ERROR and still interrupts. */
static void test_dma_error_is_reported_in_status(void **state)
{
	struct env e;

	env_init(&e, "nic0");
	dmb_allow_reports(REPORT_IOMMU_FAULT);
	tdrv_start(&e.td[0], 0, DMB_OP_COPY, 0x7000000ul, e.s, PAGE_SIZE);
	assert_int_equal(tdrv_wait(e.td, 0), DMB_STATUS_ERROR);
	assert_int_equal(qreg(&e, 0, DMB_Q_ERROR), EFAULT);
	wait_event(e.td->wq, atomic_read(&e.td->irqs) == 1);
	env_fini(&e);
}

/* A masked queue sets INTR_STATUS but sends no MSI; RW1C clears it. */
static void test_masked_queue_sends_no_interrupt(void **state)
{
	struct env e;

	env_init(&e, "gpu1");
	writel(1u << 0, e.td->regs + DMB_REG_INTR_MASK);
	tdrv_start(e.td, 0, DMB_OP_COPY, e.d, e.s, PAGE_SIZE);
	assert_int_equal(tdrv_wait(e.td, 0), DMB_STATUS_DONE);
	assert_int_equal(readl(e.td->regs + DMB_REG_INTR_STATUS), 1);
	writel(2, e.td->regs + DMB_REG_INTR_STATUS);	/* other bit: no-op */
	assert_int_equal(readl(e.td->regs + DMB_REG_INTR_STATUS), 1);
	writel(1, e.td->regs + DMB_REG_INTR_STATUS);
	assert_int_equal(readl(e.td->regs + DMB_REG_INTR_STATUS), 0);
	/* Completions that raised no MSI: the handler never ran. */
	assert_int_equal(atomic_read(&e.td->irqs), 0);
	env_fini(&e);
}

/*
 * PCI_COMMAND_MEMORY off: register reads are all-ones and writes are
 * dropped (Unsupported Request); back on, the registers are as before.
 */
static void test_decode_off_reads_ones_drops_writes(void **state)
{
	struct env e;
	u16 cmd;

	env_init(&e, "gpu1");
	pci_read_config_word(e.pdev, PCI_COMMAND, &cmd);
	pci_write_config_word(e.pdev, PCI_COMMAND, cmd & ~PCI_COMMAND_MEMORY);
	assert_int_equal(readl(e.td->regs + DMB_REG_CTRL), 0xffffffff);
	writel(0, e.td->regs + DMB_REG_CTRL);
	tdrv_start(e.td, 0, DMB_OP_COPY, e.d, e.s, PAGE_SIZE);
	pci_write_config_word(e.pdev, PCI_COMMAND, cmd);
	assert_int_equal(readl(e.td->regs + DMB_REG_CTRL), DMB_CTRL_ENABLE);
	assert_int_equal(qreg(&e, 0, DMB_Q_STATUS), DMB_STATUS_IDLE);
	assert_int_equal(qreg(&e, 0, DMB_Q_LEN), 0);
	assert_int_equal(((u8 *)page_address(e.dst))[0], 0);
	env_fini(&e);
}

/* PCI_COMMAND_MASTER off: a doorbell cannot start DMA (EIO, no MSI). */
static void test_master_off_refuses_dma(void **state)
{
	struct env e;

	env_init(&e, "gpu1");
	pci_clear_master(e.pdev);
	tdrv_start(e.td, 0, DMB_OP_COPY, e.d, e.s, PAGE_SIZE);
	assert_int_equal(qreg(&e, 0, DMB_Q_STATUS), DMB_STATUS_ERROR);
	assert_int_equal(qreg(&e, 0, DMB_Q_ERROR), EIO);
	assert_int_equal(((u8 *)page_address(e.dst))[0], 0);
	assert_int_equal(pci_dev_regs_inflight(e.pdev), 0);
	pci_set_master(e.pdev);
	tdrv_start(e.td, 0, DMB_OP_COPY, e.d, e.s, PAGE_SIZE);
	assert_int_equal(tdrv_wait(e.td, 0), DMB_STATUS_DONE);
	assert_int_equal(atomic_read(&e.td->irqs) >= 0, 1);
	env_fini(&e);
}

/*
 * FLR through the PCIe capability: every register back to reset, the
 * command register cleared (so reads are all-ones); pci_reset_function
 * restores the command register. The capability chain is walkable.
 */
static void test_flr_resets_device(void **state)
{
	struct env e;
	u32 v;
	u16 cmd;

	env_init(&e, "gpu1");
	pci_read_config_dword(e.pdev, PCI_COMMAND, &v);
	assert_true((v >> 16) & PCI_STATUS_CAP_LIST);
	pci_read_config_dword(e.pdev, PCI_CAPABILITY_LIST, &v);
	assert_int_equal(v, DMB_CFG_PM_CAP);
	pci_read_config_dword(e.pdev, DMB_CFG_PM_CAP, &v);
	assert_int_equal(v & 0xff, PCI_CAP_ID_PM);
	pci_read_config_dword(e.pdev, (v >> 8) & 0xff, &v);
	assert_int_equal(v & 0xff, PCI_CAP_ID_EXP);
	writel(3, e.td->regs + DMB_REG_INTR_MASK);
	writel(0x1234, e.td->regs + DMB_QUEUE(0) + DMB_Q_LEN);
	pci_read_config_word(e.pdev, PCI_COMMAND, &cmd);
	assert_int_equal(pcie_flr(e.pdev), 0);
	pci_read_config_word(e.pdev, PCI_COMMAND, &cmd);
	assert_int_equal(cmd, 0);
	assert_int_equal(readl(e.td->regs + DMB_REG_CTRL), 0xffffffff);
	pci_enable_device(e.pdev);
	assert_int_equal(readl(e.td->regs + DMB_REG_CTRL), 0);
	assert_int_equal(readl(e.td->regs + DMB_REG_INTR_MASK), 0);
	assert_int_equal(qreg(&e, 0, DMB_Q_LEN), 0);
	/* MSI was reset too: the driver must set it up again. */
	pci_set_master(e.pdev);
	writel(DMB_CTRL_ENABLE, e.td->regs + DMB_REG_CTRL);
	assert_int_equal(pci_reset_function(e.pdev), 0);
	pci_read_config_word(e.pdev, PCI_COMMAND, &cmd);
	assert_int_equal(cmd, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
	assert_int_equal(readl(e.td->regs + DMB_REG_CTRL), 0);
	/* A device without a register block has no FLR to offer. */
	assert_int_equal(pcie_flr(tdrv_pdev(e.plat, "sw0")), -ENOTTY);
	/* Re-arm MSI so the driver's remove finds what it set up. */
	assert_int_equal(pci_alloc_irq_vectors(e.pdev, 1, 1, PCI_IRQ_MSI), 1);
	env_fini(&e);
}

/* D3hot: registers unreachable, no DMA; back to D0 the device is reset. */
static void test_d3hot_stops_and_d0_resets(void **state)
{
	struct env e;
	u16 cmd;

	env_init(&e, "gpu1");
	writel(3, e.td->regs + DMB_REG_INTR_MASK);
	assert_int_equal(pci_set_power_state(e.pdev, PCI_D3hot), 0);
	assert_int_equal(readl(e.td->regs + DMB_REG_INTR_MASK), 0xffffffff);
	tdrv_start(e.td, 0, DMB_OP_COPY, e.d, e.s, PAGE_SIZE);
	assert_int_equal(pci_set_power_state(e.pdev, PCI_D0), 0);
	pci_read_config_word(e.pdev, PCI_COMMAND, &cmd);
	assert_int_equal(cmd, 0);
	pci_enable_device(e.pdev);
	pci_set_master(e.pdev);
	assert_int_equal(readl(e.td->regs + DMB_REG_INTR_MASK), 0);
	assert_int_equal(((u8 *)page_address(e.dst))[0], 0);
	assert_int_equal(pci_set_power_state(e.pdev, 2), -EINVAL);
	assert_int_equal(pci_alloc_irq_vectors(e.pdev, 1, 1, PCI_IRQ_MSI), 1);
	env_fini(&e);
}

/* A process's 32-bit store to queue 0's register @off. */
static void proc_qw(long base, u32 off, u32 val)
{
	assert_int_equal(cpu_write(base + DMB_QUEUE(0) + off, &val, 4), 0);
}

static u32 proc_wait_queue(long base)
{
	u32 v;

	do {
		assert_int_equal(cpu_read(base + DMB_QUEUE(0) + DMB_Q_STATUS,
					  &v, 4), 0);
	} while (v == DMB_STATUS_BUSY);
	return v;
}

/*
 * A process maps resource0 and programs the engine with plain stores:
 * the device model sees them as register accesses (the doorbell starts
 * the copy). Past the register page, BAR0 is ordinary memory.
 */
static void test_process_mmio_starts_dma(void **state)
{
	struct env e;
	long base;
	u32 v;
	int fd;

	env_init(&e, "nic1");	/* no IOMMU: DMA addresses are physical */
	current->mm = mm_alloc(e.plat);
	assert_non_null(current->mm);
	fd = sys_open("/sys/bus/pci/devices/0000:07:00.0/resource0", O_RDWR);
	assert_true(fd >= 0);
	base = sys_mmap(0, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
			fd, 0);
	assert_true(base > 0);
	assert_int_equal(cpu_read(base + DMB_REG_ID, &v, 4), 0);
	assert_int_equal(v, 0x101d15b3);
	proc_qw(base, DMB_Q_SRC_LO, (u32)e.s);
	proc_qw(base, DMB_Q_SRC_HI, e.s >> 32);
	proc_qw(base, DMB_Q_DST_LO, (u32)e.d);
	proc_qw(base, DMB_Q_DST_HI, e.d >> 32);
	proc_qw(base, DMB_Q_LEN, 512);
	proc_qw(base, DMB_Q_OP, DMB_OP_COPY);
	proc_qw(base, DMB_Q_DOORBELL, 1);
	assert_int_equal(proc_wait_queue(base), DMB_STATUS_DONE);
	assert_int_equal(((u8 *)page_address(e.dst))[511], 0x3c);
	assert_int_equal(((u8 *)page_address(e.dst))[512], 0);
	/* A byte read of a register: its low byte. */
	{
		u8 b;

		assert_int_equal(cpu_read(base + DMB_REG_ID + 1, &b, 1), 0);
		assert_int_equal(b, 0x15);
	}
	/* Second page of BAR0: memory. */
	v = 0xfeedf00d;
	assert_int_equal(cpu_write(base + PAGE_SIZE, &v, 4), 0);
	v = 0;
	assert_int_equal(cpu_read(base + PAGE_SIZE, &v, 4), 0);
	assert_int_equal(v, 0xfeedf00d);
	/* Decode off: the mapping now reaches a disabled BAR (reported),
	 * and the register reads as all-ones. */
	pci_set_memory_decode(e.pdev, false);
	dmb_expect_reports(REPORT_SANITIZER, 1);
	assert_int_equal(cpu_read(base + DMB_REG_ID, &v, 4), 0);
	assert_int_equal(v, 0xffffffff);
	pci_set_memory_decode(e.pdev, true);
	/* Out of the BAR: -EINVAL from mmap. */
	assert_int_equal(sys_mmap(0, 32 * PAGE_SIZE, PROT_READ, MAP_SHARED,
				  fd, 0), -EINVAL);
	sys_munmap(base, 2 * PAGE_SIZE);
	sys_close(fd);
	env_fini(&e);
}

/*
 * Records reclaim -> i_mmap_rwsem -> ptl in the lock checker, as any
 * zap of a file mapping does: reclaim zaps (primed at boot), and a
 * truncation zaps a mapped page under i_mmap_rwsem, taking ptl.
 */
static void record_reclaim_to_ptl(void)
{
	int fd = sys_memfd_create("zap", 0);
	long map;
	u8 b = 1;

	assert_true(fd >= 0);
	assert_int_equal(sys_ftruncate(fd, PAGE_SIZE), 0);
	map = sys_mmap(0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	assert_true(map > 0);
	assert_int_equal(cpu_write(map, &b, 1), 0);
	assert_int_equal(sys_ftruncate(fd, 0), 0);
	assert_int_equal(sys_munmap(map, PAGE_SIZE), 0);
	assert_int_equal(sys_close(fd), 0);
}

/*
 * Finding F8: a process's store to a doorbell runs, like every CPU
 * access through a PTE, with the PTE lock held, and the device starts
 * its DMA inside that store. The engine's submission must therefore
 * never enter reclaim (as a dmaengine prep callback, it is callable in
 * atomic context): with the reclaim -> ptl order known, a GFP_KERNEL job
 * allocation there is a lock-order report. Both a fill and a copy.
 */
static void test_process_doorbell_does_not_reclaim(void **state)
{
	struct env e;
	long base;
	int fd;

	env_init(&e, "nic1");
	current->mm = mm_alloc(e.plat);
	assert_non_null(current->mm);
	record_reclaim_to_ptl();
	fd = sys_open("/sys/bus/pci/devices/0000:07:00.0/resource0", O_RDWR);
	assert_true(fd >= 0);
	base = sys_mmap(0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
			0);
	assert_true(base > 0);
	proc_qw(base, DMB_Q_DST_LO, (u32)e.d);
	proc_qw(base, DMB_Q_DST_HI, e.d >> 32);
	proc_qw(base, DMB_Q_LEN, 64);
	proc_qw(base, DMB_Q_OP, DMB_OP_FILL | DMB_OP_FILL_BYTE(0x5a));
	proc_qw(base, DMB_Q_DOORBELL, 1);
	assert_int_equal(proc_wait_queue(base), DMB_STATUS_DONE);
	assert_int_equal(((u8 *)page_address(e.dst))[63], 0x5a);
	proc_qw(base, DMB_Q_SRC_LO, (u32)e.s);
	proc_qw(base, DMB_Q_SRC_HI, e.s >> 32);
	proc_qw(base, DMB_Q_OP, DMB_OP_COPY);
	proc_qw(base, DMB_Q_DOORBELL, 1);
	assert_int_equal(proc_wait_queue(base), DMB_STATUS_DONE);
	assert_int_equal(((u8 *)page_address(e.dst))[63], 0x3c);
	sys_munmap(base, PAGE_SIZE);
	sys_close(fd);
	env_fini(&e);
}

static void clear_master(struct device *dev, void *arg)
{
	if (!(*(int *)arg)++)
		pci_clear_master(to_pci_dev(dev));
}

/*
 * Bus mastering turned off while a job runs stops it at its next piece
 * (64 KiB; a contiguous mapping is translated once but the bus-master
 * check is per piece): the job fails with -EIO and the rest is not
 * written. Guards the per-piece check in side_piece().
 */
static void test_master_off_mid_job_stops_it(void **state)
{
	struct dma_fence *f;
	struct page *two;
	struct env e;
	dma_addr_t d;
	int pieces = 0;
	const size_t big = 32 * PAGE_SIZE;

	env_init(&e, "gpu1");
	two = alloc_pages(GFP_KERNEL | __GFP_ZERO, 5);	/* 2 pieces */
	assert_non_null(two);
	d = dma_map_page(&e.pdev->dev, two, 0, big,
			 DMA_FROM_DEVICE);
	assert_false(dma_mapping_error(&e.pdev->dev, d));
	dma_engine_set_moved_hook(&e.pdev->dev, clear_master, &pieces);
	f = dma_engine_fill(&e.pdev->dev, 0, d, 0x5a, big);
	assert_false(IS_ERR(f));
	assert_int_equal(dma_fence_wait(f, false), 0);
	assert_int_equal(dma_fence_get_status(f), -EIO);
	dma_fence_put(f);
	dma_engine_set_moved_hook(&e.pdev->dev, NULL, NULL);
	assert_int_equal(((u8 *)page_address(two))[0], 0x5a);
	assert_int_equal(((u8 *)page_address(two))[big - 1], 0);
	pci_set_master(e.pdev);
	dma_unmap_page(&e.pdev->dev, d, big, DMA_FROM_DEVICE);
	__free_pages(two, 5);
	env_fini(&e);
}

/* The capture device writes numbered frames into the buffer it is given. */
static void test_capture_writes_frames(void **state)
{
	struct env e = { 0 };
	u32 *hdr;

	env_init(&e, "gpu1");
	/* cap0 is held by pci-stub (platform file); hand it to tdrv-plain. */
	{
		struct pci_dev *cap = tdrv_pdev(e.plat, "cap0");
		struct device *dev = &cap->dev;
		struct tdrv_dev *td;
		struct page *buf = alloc_page(GFP_KERNEL | __GFP_ZERO);
		dma_addr_t a;

		assert_int_equal(driver_unbind_store(e.plat,
				 &pci_stub_driver.driver, pci_name(cap), 12),
				 12);
		assert_int_equal(driver_set_override(dev,
				 &dev->driver_override, "tdrv-plain", 10), 0);
		assert_int_equal(pci_platform_register_driver(e.plat,
				 &tdrv_plain_driver), 0);
		td = pci_get_drvdata(cap);
		assert_non_null(td);
		assert_int_equal(readl(td->regs + DMB_REG_CAPS),
				 1 | DMB_CAPS_CAPTURE);
		a = dma_map_page(dev, buf, 0, PAGE_SIZE, DMA_FROM_DEVICE);
		tdrv_start(td, 0, DMB_OP_CAPTURE, a, 0, 256);
		assert_int_equal(tdrv_wait(td, 0), DMB_STATUS_DONE);
		tdrv_start(td, 0, DMB_OP_CAPTURE, a, 0, 256);
		assert_int_equal(tdrv_wait(td, 0), DMB_STATUS_DONE);
		hdr = page_address(buf);
		assert_int_equal(hdr[0], DMB_FRAME_MAGIC);
		assert_int_equal(hdr[1], 1);	/* second frame */
		assert_int_equal(hdr[2], 256);
		assert_int_equal(((u8 *)hdr)[100], (u8)(1 + 100));
		assert_int_equal(readl(td->regs + DMB_REG_FRAME_SEQ), 2);
		wait_event(td->wq, atomic_read(&td->irqs) == 2);
		dma_unmap_page(dev, a, PAGE_SIZE, DMA_FROM_DEVICE);
		__free_pages(buf, 0);
		pci_platform_unregister_driver(e.plat, &tdrv_plain_driver);
	}
	env_fini(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_kernel_mmio_copy_completes_with_interrupt),
		dmb_unit_test(test_dma_error_is_reported_in_status),
		dmb_unit_test(test_masked_queue_sends_no_interrupt),
		dmb_unit_test(test_decode_off_reads_ones_drops_writes),
		dmb_unit_test(test_master_off_refuses_dma),
		dmb_unit_test(test_flr_resets_device),
		dmb_unit_test(test_d3hot_stops_and_d0_resets),
		dmb_unit_test(test_process_mmio_starts_dma),
		dmb_unit_test(test_process_doorbell_does_not_reclaim),
		dmb_unit_test(test_master_off_mid_job_stops_it),
		dmb_unit_test(test_capture_writes_frames),
	};

	return dmb_run_tests(tests);
}
