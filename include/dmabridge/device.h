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

/**
 * struct device - what every simulated device shares
 * @name: e.g. "0000:01:00.0" or "gpu0"
 * @platform: the machine it is in
 * @parent: the bridge or device above it, or NULL
 * @dma_mask: the streaming DMA mask; points at @dma_mask_store
 * @coherent_dma_mask: the coherent DMA mask
 * @dma_mask_store: storage for *@dma_mask
 * @iommu: its IOMMU attachment (iommu/); NULL: no IOMMU in front of it
 * @engine: its DMA engine (dma/); NULL: the device does no DMA
 * @dma: its direct DMA mappings (dma/); freed by iommu_release_device()
 * @driver_data: for the bound driver (dev_set_drvdata())
 * @bus: its bus; set up by device_initialize()
 * @driver: the bound driver; under device_lock(), READ_ONCE() to peek
 * @driver_override: the only driver it may bind to; under device_lock()
 * @mutex: device_lock()
 * @registered: device_initialize() was called
 * @iommu_group: its IOMMU group; set at creation, then fixed
 * @dead: removed; accesses are refused
 * @node: on the platform's device list
 * @kref: references (get_device()/put_device())
 * @release: called by the last put_device()
 *
 * PCI devices embed it; subsystems hang their per-device state off it.
 * Unlike Linux, drivers are registered per platform (one machine), so the
 * list of loaded drivers is per machine (docs/device-model.md).
 */
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

/**
 * dev_name() - a device's name
 * @dev: the device
 *
 * Context: any context.
 * Return: its name, e.g. "0000:01:00.0".
 */
static inline const char *dev_name(const struct device *dev)
{
	return dev->name;
}

/**
 * dev_get_drvdata() - the bound driver's data
 * @dev: the device
 *
 * Context: any context.
 * Return: what dev_set_drvdata() stored.
 */
static inline void *dev_get_drvdata(const struct device *dev)
{
	return dev->driver_data;
}

/**
 * dev_set_drvdata() - store the bound driver's data
 * @dev: the device
 * @data: the driver's per-device state
 *
 * Context: the driver's probe or remove.
 */
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

/**
 * get_device() - take a reference on a device
 * @dev: the device, or NULL
 *
 * Context: any context.
 * Return: @dev.
 */
struct device *get_device(struct device *dev);
/**
 * put_device() - drop a reference on a device
 * @dev: the device, or NULL
 *
 * The last put calls @dev->release.
 *
 * Context: any context (release may not sleep on locks the caller holds).
 */
void put_device(struct device *dev);

/**
 * device_initialize() - set up the driver-core part of a device
 * @dev: the device
 *
 * Its device_lock() mutex; no driver bound.
 *
 * Context: process context, before the device is visible.
 */
void device_initialize(struct device *dev);
/**
 * device_uninitialize() - undo device_initialize()
 * @dev: the device; it must have no driver left
 *
 * Context: process context.
 */
void device_uninitialize(struct device *dev);

/**
 * device_lock() - lock a device against bind and unbind
 * @dev: the device
 *
 * Context: process context; may sleep. Held by the bus around probe and
 * remove.
 */
static inline void device_lock(struct device *dev)
{
	mutex_lock(&dev->mutex);
}

/**
 * device_trylock() - device_lock() without waiting
 * @dev: the device
 *
 * Context: any context.
 * Return: 1 if locked, 0 if somebody else holds it.
 */
static inline int device_trylock(struct device *dev)
{
	return mutex_trylock(&dev->mutex);
}

/**
 * device_unlock() - release device_lock()
 * @dev: the device
 *
 * Context: the holder of device_lock().
 */
static inline void device_unlock(struct device *dev)
{
	mutex_unlock(&dev->mutex);
}

/**
 * device_lock_assert() - lockdep: the caller must hold device_lock()
 * @dev: the device
 *
 * Context: any context.
 */
static inline void device_lock_assert(struct device *dev)
{
	lockdep_assert_held(&dev->mutex);
}

/**
 * driver_register() - register a driver with a platform
 * @plat: the platform
 * @drv: the driver; the same static driver may be registered with several
 * 	platforms at once
 *
 * Attaches it to every matching unbound device of @plat.
 *
 * Context: process context; may sleep (probes run).
 * Return: 0, -EINVAL (no name or bus, or @plat has no driver core),
 * -EBUSY (a driver of that name is
 * already registered on @plat), -ENOMEM.
 */
int driver_register(struct platform *plat, struct device_driver *drv);
/**
 * driver_unregister() - unregister a driver from a platform
 * @plat: the platform
 * @drv: the driver
 *
 * Unbinds it from every device of @plat first.
 *
 * Context: process context; may sleep (removes run).
 */
void driver_unregister(struct platform *plat, struct device_driver *drv);
/**
 * driver_find() - look a registered driver up by name
 * @plat: the platform
 * @name: its name
 * @bus: its bus
 *
 * Context: process context; takes the driver core's mutex.
 * Return: the driver, or NULL.
 */
struct device_driver *driver_find(struct platform *plat, const char *name,
				  const struct bus_type *bus);

/**
 * device_attach() - bind a device to the first driver that matches it
 * @dev: the device
 *
 * Context: process context; takes device_lock(); may sleep (probe).
 * Return: 1 if bound (or already bound), 0 if no driver matched, -ENODEV
 * if the device is gone (or not registered), -ENOMEM.
 */
int device_attach(struct device *dev);
/**
 * device_driver_attach() - bind a device to a given driver
 * @drv: the driver
 * @dev: the device
 *
 * Context: process context; takes device_lock(); may sleep (probe).
 * Return: 0, -ENODEV (the device is gone), -EBUSY (already bound), or
 * the probe's error (-EAGAIN for -EPROBE_DEFER, as Linux's bind file).
 */
int device_driver_attach(struct device_driver *drv, struct device *dev);
/**
 * device_release_driver() - unbind a device
 * @dev: the device; nothing happens if it is unbound
 *
 * Context: process context; takes device_lock(); may sleep (remove).
 */
void device_release_driver(struct device *dev);
/**
 * driver_attach() - bind a driver to every matching unbound device
 * @plat: the platform
 * @drv: the driver
 *
 * Probe failures are not returned (as in Linux): the device stays unbound.
 *
 * Context: process context; takes device_lock() of each device in turn.
 * Return: 0.
 */
int driver_attach(struct platform *plat, struct device_driver *drv);

/**
 * driver_set_override() - set a device's driver_override
 * @dev: the device
 * @override: the field to set (&dev->driver_override)
 * @s: the driver name; up to a newline; empty to clear
 * @len: bytes in @s
 *
 * Linux's sysfs semantics.
 *
 * Context: process context; takes device_lock().
 * Return: 0, -EINVAL (NULL, or @len >= PAGE_SIZE - 1: the value and its
 * newline must fit one sysfs page), -ENOMEM.
 */
int driver_set_override(struct device *dev, char **override, const char *s,
			size_t len);

#endif
