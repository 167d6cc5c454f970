/* SPDX-License-Identifier: GPL-2.0 */
/*
 * struct device: what every simulated device shares (PCI devices embed
 * it). Subsystems hang their per-device state off it: iommu/ its IOMMU
 * attachment, dma/ its DMA engine.
 */
#ifndef DMABRIDGE_DEVICE_H
#define DMABRIDGE_DEVICE_H

#include <dmabridge/types.h>
#include <dmabridge/list.h>
#include <dmabridge/refcount.h>

struct platform;
struct dev_iommu;	/* iommu/ */
struct dma_engine;	/* dma/ */
struct dev_dma;		/* dma/: the device's direct DMA mappings */

struct device {
	char name[64];			/* e.g. "0000:01:00.0" or "gpu0" */
	struct platform *platform;
	struct device *parent;
	u64 *dma_mask;			/* points at dma_mask_store */
	u64 coherent_dma_mask;
	u64 dma_mask_store;
	struct dev_iommu *iommu;	/* NULL: no IOMMU in front of it */
	struct dma_engine *engine;	/* NULL: the device does no DMA */
	struct dev_dma *dma;		/* dma/; freed by iommu_release_device */
	void *driver_data;
	bool dead;			/* removed; accesses are refused */
	struct list_head node;		/* on the platform's device list */
	struct kref kref;
	void (*release)(struct device *dev);
};

static inline const char *dev_name(const struct device *dev)
{
	return dev->name;
}

static inline void *dev_get_drvdata(const struct device *dev)
{
	return dev->driver_data;
}

static inline void dev_set_drvdata(struct device *dev, void *data)
{
	dev->driver_data = data;
}

#endif
