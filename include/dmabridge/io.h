/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MMIO, interrupts and device reset: what drivers use to program a
 * device through its registers (docs/device-model.md has the register
 * map of each device kind, hw/dev_regs.c the device side).
 *
 * ioremap() returns the host address of the BAR's memory; readl()/writel()
 * on the register page of a BAR0 reach the device model (side effects),
 * elsewhere they are plain loads and stores. They find the device through
 * current's platform, like a CPU through its own address space.
 *
 * Modelling choices (not Linux): one MSI vector per device; the MSI
 * "write" is a direct call of the handler from the device's completion,
 * in the engine's thread (Linux: hard-IRQ context; same rules: no
 * sleeping); FLR waits for the DMA in flight instead of aborting it.
 */
#ifndef DMABRIDGE_IO_H
#define DMABRIDGE_IO_H

#include <dmabridge/types.h>

struct pci_dev;
struct platform;

#define __iomem

/* Map @size bytes at CPU physical @phys (a BAR): host address or NULL. */
void __iomem *ioremap(phys_addr_t phys, size_t size);
void iounmap(volatile void __iomem *addr);
/* pci_iomap: BAR @bar (@maxlen 0: all of it). */
void __iomem *pci_iomap(struct pci_dev *pdev, int bar, unsigned long maxlen);
void pci_iounmap(struct pci_dev *pdev, void __iomem *addr);

u32 readl(const volatile void __iomem *addr);
void writel(u32 val, volatile void __iomem *addr);

/*
 * Poll @addr until @cond (on @val) holds, sleeping @sleep_us between
 * reads; @timeout_us 0 waits forever. 0 or -ETIMEDOUT.
 */
int __readl_poll(const volatile void __iomem *addr, u32 *val,
		 bool (*cond)(u32 val, void *arg), void *arg,
		 unsigned long sleep_us, u64 timeout_us);

/* ---- interrupts (one MSI vector per device) ---- */

typedef enum { IRQ_NONE = 0, IRQ_HANDLED = 1 } irqreturn_t;
typedef irqreturn_t (*irq_handler_t)(int irq, void *dev_id);

#define PCI_IRQ_MSI (1 << 1)
#define PCI_IRQ_MSIX (1 << 2)

/* Enable MSI: 1 (vectors allocated), -EINVAL, -ENOSPC (min_vecs > 1). */
int pci_alloc_irq_vectors(struct pci_dev *pdev, unsigned int min_vecs,
			  unsigned int max_vecs, unsigned int flags);
void pci_free_irq_vectors(struct pci_dev *pdev);
/* The Linux irq number of vector @nr, or -EINVAL. */
int pci_irq_vector(struct pci_dev *pdev, unsigned int nr);
/*
 * Install @handler for @irq (of current's platform). 0, -EINVAL (no
 * such irq or vectors not allocated), -EBUSY (one handler per vector).
 */
int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags,
		const char *name, void *dev_id);
/* Remove it; waits for a running handler to return. */
void free_irq(unsigned int irq, void *dev_id);

/* ---- reset and power (config space side: hw/dev_regs.c) ---- */

#define PCI_D0 0
#define PCI_D3hot 3

/* Function Level Reset: 0, -ENOTTY (no FLR capability), -ENODEV. */
int pcie_flr(struct pci_dev *pdev);
/* FLR with the command register saved and restored (Linux: same name). */
int pci_reset_function(struct pci_dev *pdev);
/* D0 or D3hot through the PM capability: 0, -EINVAL, -ENODEV, -EIO. */
int pci_set_power_state(struct pci_dev *pdev, int state);

/* ---- device model hooks (called by pci/, mm/ and the driver core) ---- */

/*
 * A CPU access through a process page table to physical @pa. If @pa is
 * in a device's register page it is an MMIO access: the device model
 * performs it on @buf (reads fill it) and true is returned; false means
 * plain memory. Context: may be called under a spinlock (the PTE lock).
 */
bool hw_mmio_access(struct platform *plat, phys_addr_t pa, void *buf,
		    size_t len, bool write);
/* The driver core after remove: WARN about DMA in flight or irqs left. */
void pci_dev_regs_check_quiet(struct pci_dev *pdev, const char *drv);
/*
 * Config space beyond the basic header (capabilities: PM, PCIe with FLR),
 * called by pci/access.c with pdev->cfg_lock held. cfg_read: the dword at
 * @where (0 where nothing is). cfg_write: true if the write reset the
 * function (FLR, or D3hot to D0), so the caller clears the command
 * register. command_changed: the device sees PCI_COMMAND's new value.
 * cfg_status: the PCI_STATUS bits.
 */
u32 pci_dev_cfg_read(struct pci_dev *pdev, int where);
bool pci_dev_cfg_write(struct pci_dev *pdev, int where, u16 val);
void pci_dev_command_changed(struct pci_dev *pdev);
u16 pci_dev_cfg_status(struct pci_dev *pdev);
/* platform_create()/destroy(): register blocks of every endpoint. */
int pci_dev_regs_create_all(struct platform *plat);
void pci_dev_regs_destroy_all(struct platform *plat);
/* Number of jobs started through registers and not finished. */
int pci_dev_regs_inflight(struct pci_dev *pdev);

#endif
