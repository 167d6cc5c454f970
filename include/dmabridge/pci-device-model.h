/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Device models registered from outside dmabridge (not Linux: simulated
 * hardware). A device model is a named kind of PCI endpoint that platform
 * files may use as an endpoint's "class": its class code and ids, its
 * BARs when the file gives none, its DMA queues, and callbacks for its
 * own registers and its state. See docs/guide.md, "A device model".
 */
#ifndef DMABRIDGE_PCI_DEVICE_MODEL_H
#define DMABRIDGE_PCI_DEVICE_MODEL_H

#include <dmabridge/types.h>

struct pci_dev;

/* The model's registers: this part of BAR0's register page is theirs. */
#define DMB_MODEL_REG_BASE	0x800
#define DMB_MODEL_REG_END	0x1000

/* A BAR of the model's default layout (used when the file has no "bars"). */
struct pci_device_model_bar {
	int index;		/* 0-5 */
	u64 size;		/* power of two, 4 KiB .. 1 TiB */
	bool prefetchable;
	bool p2p;		/* P2P memory: gets a p2pdma_provider */
};

/**
 * struct pci_device_model - a kind of PCI endpoint
 * @name: the "class" platform files name it by (1-31 of [A-Za-z0-9_.-],
 *	not a built-in class: gpu, nic, nvme, generic, capture)
 * @class: the 24-bit PCI class code (class << 16 | subclass << 8 | prog-if)
 * @vendor: vendor id unless the file gives one
 * @device: device id unless the file gives one
 * @nr_queues: DMA engine queues and register-block queues (1-16; 0 is 1)
 * @nr_bars: entries in @bars
 * @bars: the BAR layout when the file gives no "bars"; a BAR0 of at least
 *	4 KiB gets the register block (docs/device-model.md)
 * @setup: optional; at platform creation, after the device has its BARs,
 *	IOMMU, DMA engine and register block and before any driver binds
 *	(fill BAR memory, allocate @pdev->model_data). An errno fails
 *	platform_create().
 * @teardown: optional; at platform destruction, after the driver is
 *	unbound and before the engine goes; undoes @setup.
 * @reg_read: optional; a 32-bit read of register @off of the register
 *	page, DMB_MODEL_REG_BASE <= @off < DMB_MODEL_REG_END (without it
 *	they read 0). Runs under the register block's spinlock: must not
 *	sleep; not called while memory decode is off (reads all-ones).
 * @reg_write: optional; the same for a 32-bit write (without it, writes
 *	are dropped).
 */
struct pci_device_model {
	const char *name;
	unsigned int class;
	unsigned short vendor, device;
	unsigned int nr_queues;
	int nr_bars;
	const struct pci_device_model_bar *bars;
	int (*setup)(struct pci_dev *pdev);
	void (*teardown)(struct pci_dev *pdev);
	u32 (*reg_read)(struct pci_dev *pdev, u32 off);
	void (*reg_write)(struct pci_dev *pdev, u32 off, u32 val);
};

/**
 * pci_device_model_register() - let platform files use @model
 * @model: the model; it must stay valid until unregistered
 *
 * Platforms parsed afterwards accept "class": @model->name. Registration
 * is process-wide, like scenario_register().
 *
 * Context: any thread; takes the model registry's mutex.
 * Return: 0; -EINVAL for a missing or malformed name, a class code above
 * 24 bits, more than 16 queues, or a bad BAR layout; -EEXIST if the name
 * is taken (built-in classes included); -ENOSPC past 32 models.
 */
int pci_device_model_register(const struct pci_device_model *model);

/**
 * pci_device_model_unregister() - forget @model
 * @model: a registered model
 *
 * Context: any thread; takes the model registry's mutex.
 * Return: 0; -ENOENT if it is not registered; -EBUSY while a platform
 * built with it exists.
 */
int pci_device_model_unregister(const struct pci_device_model *model);

/**
 * pci_device_model_find() - the registered model called @name
 * @name: a platform file's "class"
 *
 * Context: any thread.
 * Return: the model, or NULL.
 */
const struct pci_device_model *pci_device_model_find(const char *name);

#endif
