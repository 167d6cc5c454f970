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

/**
 * ioremap() - map device memory
 * @phys: CPU physical address in a BAR
 * @size: bytes
 *
 * Context: process context.
 * Return: the host address of the BAR's memory, or NULL if the range is
 * not inside one BAR.
 */
void __iomem *ioremap(phys_addr_t phys, size_t size);
/**
 * iounmap() - undo ioremap()
 * @addr: what it returned
 *
 * Context: process context.
 */
void iounmap(volatile void __iomem *addr);
/**
 * pci_iomap() - map a BAR of a device
 * @pdev: the device
 * @bar: the BAR number
 * @maxlen: bytes; 0 for all of it
 *
 * Context: process context (probe).
 * Return: the address, or NULL (no such BAR, or not a memory BAR).
 */
void __iomem *pci_iomap(struct pci_dev *pdev, int bar, unsigned long maxlen);
/**
 * pci_iounmap() - undo pci_iomap()
 * @pdev: the device
 * @addr: what it returned
 *
 * Context: process context.
 */
void pci_iounmap(struct pci_dev *pdev, void __iomem *addr);

/**
 * readl() - read a 32-bit register
 * @addr: an ioremap()ed address
 *
 * On the register page of a BAR0 it reaches the device model (with its
 * side effects); elsewhere it is a plain load. The device is found through
 * current's platform.
 *
 * Context: any context.
 * Return: the value; all ones (with a WARN) for a misaligned register.
 */
u32 readl(const volatile void __iomem *addr);
/**
 * writel() - write a 32-bit register
 * @val: the value
 * @addr: an ioremap()ed address
 *
 * Context: any context.
 */
void writel(u32 val, volatile void __iomem *addr);

/**
 * __readl_poll() - poll a register until a condition holds
 * @addr: the register
 * @val: receives the last value read
 * @cond: the condition on the value
 * @arg: for @cond
 * @sleep_us: sleep between reads
 * @timeout_us: give up after this long; 0 waits forever
 *
 * The function behind readl_poll_timeout().
 *
 * Context: process context; sleeps.
 * Return: 0, or -ETIMEDOUT.
 */
int __readl_poll(const volatile void __iomem *addr, u32 *val,
		 bool (*cond)(u32 val, void *arg), void *arg,
		 unsigned long sleep_us, u64 timeout_us);

/* ---- interrupts (one MSI vector per device) ---- */

typedef enum { IRQ_NONE = 0, IRQ_HANDLED = 1 } irqreturn_t;
typedef irqreturn_t (*irq_handler_t)(int irq, void *dev_id);

#define PCI_IRQ_MSI (1 << 1)
#define PCI_IRQ_MSIX (1 << 2)

/**
 * pci_alloc_irq_vectors() - enable MSI
 * @pdev: the device
 * @min_vecs: at least this many vectors (1 is all there is)
 * @max_vecs: at most this many
 * @flags: PCI_IRQ_MSI, PCI_IRQ_MSIX
 *
 * Modelling choice: one MSI vector per device.
 *
 * Context: process context (probe).
 * Return: 1 (the vectors allocated), -EINVAL, -ENOSPC (@min_vecs > 1).
 */
int pci_alloc_irq_vectors(struct pci_dev *pdev, unsigned int min_vecs,
			  unsigned int max_vecs, unsigned int flags);
/**
 * pci_free_irq_vectors() - disable MSI
 * @pdev: the device
 *
 * Context: process context.
 */
void pci_free_irq_vectors(struct pci_dev *pdev);
/**
 * pci_irq_vector() - the irq number of a vector
 * @pdev: the device
 * @nr: the vector (0)
 *
 * Context: any context.
 * Return: the Linux irq number, or -EINVAL.
 */
int pci_irq_vector(struct pci_dev *pdev, unsigned int nr);
/**
 * request_irq() - install an interrupt handler
 * @irq: from pci_irq_vector() (of current's platform)
 * @handler: called from the device's completion, in the engine's thread
 * 	(Linux: hard-IRQ context; same rules: no sleeping)
 * @flags: IRQF_* (ignored)
 * @name: for messages
 * @dev_id: the handler's argument
 *
 * Context: process context.
 * Return: 0, -EINVAL (no such irq, or vectors not allocated), -EBUSY (one
 * handler per vector).
 */
int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags,
		const char *name, void *dev_id);
/**
 * free_irq() - remove an interrupt handler
 * @irq: the irq
 * @dev_id: as given to request_irq()
 *
 * Waits for a running handler to return.
 *
 * Context: process context; may sleep; not from the handler.
 */
void free_irq(unsigned int irq, void *dev_id);

/* ---- reset and power (config space side: hw/dev_regs.c) ---- */

#define PCI_D0 0
#define PCI_D3hot 3

/**
 * pcie_flr() - Function Level Reset
 * @pdev: the device
 *
 * Modelling choice: waits for the DMA in flight instead of aborting it.
 *
 * Context: process context; may sleep.
 * Return: 0, -ENOTTY (no FLR capability), -ENODEV.
 */
int pcie_flr(struct pci_dev *pdev);
/**
 * pci_reset_function() - FLR with the command register saved and restored
 * @pdev: the device
 *
 * Context: process context; may sleep.
 * Return: as pcie_flr().
 */
int pci_reset_function(struct pci_dev *pdev);
/**
 * pci_set_power_state() - D0 or D3hot through the PM capability
 * @pdev: the device
 * @state: PCI_D0 or PCI_D3hot
 *
 * D3hot turns memory decode off (accesses to its BARs are refused); back
 * to D0 resets the function.
 *
 * Context: process context; may sleep.
 * Return: 0, -EINVAL, -ENODEV, -EIO.
 */
int pci_set_power_state(struct pci_dev *pdev, int state);

/* ---- device model hooks (called by pci/, mm/ and the driver core) ---- */

/**
 * hw_mmio_access() - a CPU access through a process page table
 * @plat: the platform
 * @pa: the physical address
 * @buf: the bytes; reads fill it
 * @len: bytes
 * @write: a store
 *
 * If @pa is in a device's register page it is an MMIO access and the
 * device model performs it.
 *
 * Context: may be called under a spinlock (the PTE lock).
 * Return: true for MMIO (done); false for plain memory.
 */
bool hw_mmio_access(struct platform *plat, phys_addr_t pa, void *buf,
		    size_t len, bool write);
/**
 * pci_dev_regs_check_quiet() - check a device is quiet after remove
 * @pdev: the device
 * @drv: the driver's name, for the WARN
 *
 * The driver core calls it: WARNs about DMA in flight or irqs left.
 *
 * Context: process context.
 */
void pci_dev_regs_check_quiet(struct pci_dev *pdev, const char *drv);
/**
 * pci_dev_cfg_read() - config space beyond the basic header
 * @pdev: the device
 * @where: dword offset (capabilities: PM, PCIe with FLR)
 *
 * Called by pci/access.c.
 *
 * Context: @pdev->cfg_lock held.
 * Return: the dword; 0 where nothing is.
 */
u32 pci_dev_cfg_read(struct pci_dev *pdev, int where);
/**
 * pci_dev_cfg_write() - a config write to a capability
 * @pdev: the device
 * @where: offset
 * @val: 16-bit value
 *
 * Context: @pdev->cfg_lock held.
 * Return: true if the write reset the function (FLR, or D3hot to D0): the
 * caller clears the command register.
 */
bool pci_dev_cfg_write(struct pci_dev *pdev, int where, u16 val);
/**
 * pci_dev_command_changed() - the device sees PCI_COMMAND's new value
 * @pdev: the device
 *
 * Bus mastering and memory decode take effect.
 *
 * Context: @pdev->cfg_lock held.
 */
void pci_dev_command_changed(struct pci_dev *pdev);
/**
 * pci_dev_cfg_status() - the device's PCI_STATUS bits
 * @pdev: the device
 *
 * Context: @pdev->cfg_lock held.
 * Return: the bits.
 */
u16 pci_dev_cfg_status(struct pci_dev *pdev);
/**
 * pci_dev_regs_create_all() - register blocks of every endpoint
 * @plat: the platform
 *
 * Context: process context (platform_create()).
 * Return: 0, or -ENOMEM.
 */
int pci_dev_regs_create_all(struct platform *plat);
/**
 * pci_dev_regs_destroy_all() - free them
 * @plat: the platform
 *
 * Context: process context (platform_destroy()).
 */
void pci_dev_regs_destroy_all(struct platform *plat);
/**
 * pci_dev_regs_inflight() - jobs started through registers, not finished
 * @pdev: the device
 *
 * Context: any context.
 * Return: the count.
 */
int pci_dev_regs_inflight(struct pci_dev *pdev);

#endif
