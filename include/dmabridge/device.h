/* SPDX-License-Identifier: GPL-2.0 */
/*
 * struct device: what every simulated device shares (PCI devices embed
 * it). Subsystems hang their per-device state off it: iommu/ its IOMMU
 * attachment and group, dma/ its DMA engine, drivers/base/ its driver.
 *
 * The driver core (drivers/base/, docs/device-model.md): a bus_type
 * matches devices with drivers; a device_driver is registered per
 * platform (a platform is one machine, so "the list of loaded drivers"
 * is per machine, unlike Linux's global one); binding calls the bus's
 * probe with device_lock held, unbinding its remove.
 */
#ifndef DMABRIDGE_DEVICE_H
#define DMABRIDGE_DEVICE_H

#include <dmabridge/types.h>
#include <dmabridge/list.h>
#include <dmabridge/refcount.h>
#include <dmabridge/mutex.h>

struct platform;
struct dev_iommu;	/* iommu/ */
struct dma_engine;	/* dma/ */
struct dev_dma;		/* dma/: the device's direct DMA mappings */
struct device_driver;	/* drivers/base/ */
struct bus_type;
struct iommu_group;	/* iommu/iommu-groups.c */

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
	/* drivers/base/: set up by device_initialize() */
	const struct bus_type *bus;
	struct device_driver *driver;	/* device_lock; READ_ONCE to peek */
	char *driver_override;		/* device_lock */
	struct mutex mutex;		/* device_lock() */
	bool registered;		/* device_initialize() was called */
	struct iommu_group *iommu_group; /* set at creation, then fixed */
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

/**
 * struct bus_type - a kind of bus (here only "pci")
 * @name: "pci"
 * @match: nonzero if @drv can drive @dev; called with device_lock held
 * @probe: bind: called with device_lock held, dev->driver already set
 * @remove: unbind: called with device_lock held; the device must be
 *	quiet (no DMA, no interrupts) when it returns
 */
struct bus_type {
	const char *name;
	int (*match)(struct device *dev, const struct device_driver *drv);
	int (*probe)(struct device *dev);
	void (*remove)(struct device *dev);
};

/**
 * struct device_driver - a driver, registered with one or more platforms
 * @name: its name under /sys/bus/<bus>/drivers/
 * @bus: the bus it drives devices of
 */
struct device_driver {
	const char *name;
	const struct bus_type *bus;
};

/* Lifetime (pci/device.c): kref; the last put calls dev->release. */
struct device *get_device(struct device *dev);
void put_device(struct device *dev);

/* Set up the driver-core part of @dev (mutex, no driver). */
void device_initialize(struct device *dev);
/* Undo device_initialize() (the device must have no driver left). */
void device_uninitialize(struct device *dev);

static inline void device_lock(struct device *dev)
{
	mutex_lock(&dev->mutex);
}

static inline int device_trylock(struct device *dev)
{
	return mutex_trylock(&dev->mutex);
}

static inline void device_unlock(struct device *dev)
{
	mutex_unlock(&dev->mutex);
}

static inline void device_lock_assert(struct device *dev)
{
	lockdep_assert_held(&dev->mutex);
}

/*
 * Registration is per platform: the same static struct device_driver may
 * be registered with several platforms at once. Registering attaches it
 * to every matching unbound device; unregistering unbinds it from all.
 * driver_register: 0, -EINVAL, -EBUSY (a driver of that name is already
 * registered on @plat), -ENOMEM.
 */
int driver_register(struct platform *plat, struct device_driver *drv);
void driver_unregister(struct platform *plat, struct device_driver *drv);
/* The driver named @name on @plat's @bus, or NULL. */
struct device_driver *driver_find(struct platform *plat, const char *name,
				  const struct bus_type *bus);

/*
 * Binding (drivers/base/dd.c). device_attach: 1 if bound, 0 if no driver
 * matched, -ENODEV if the device is gone. device_driver_attach: 0 or
 * -ENODEV (gone), -EBUSY (already bound), or the probe's error (-EAGAIN
 * for -EPROBE_DEFER). device_release_driver: unbind (nothing if unbound).
 */
int device_attach(struct device *dev);
int device_driver_attach(struct device_driver *drv, struct device *dev);
void device_release_driver(struct device *dev);
int driver_attach(struct platform *plat, struct device_driver *drv);

/* driver_override (drivers/base/driver.c): Linux's sysfs semantics. */
int driver_set_override(struct device *dev, char **override, const char *s,
			size_t len);

#endif
