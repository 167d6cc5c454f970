/* SPDX-License-Identifier: GPL-2.0 */
/*
 * drivers/base/ private: the per-platform driver core. Linux keeps one
 * global list of drivers per bus; here every platform is its own machine,
 * so each keeps its own registrations and its own device list per bus.
 */
#ifndef DMABRIDGE_DRIVERS_BASE_H
#define DMABRIDGE_DRIVERS_BASE_H

#include <dmabridge/device.h>
#include <dmabridge/list.h>
#include <dmabridge/platform.h>

/* One registration of a driver with one platform. */
struct driver_private {
	struct list_head node;		/* on driver_core.drivers */
	struct device_driver *driver;
	bool registered;		/* driver_core.lock */
};

struct driver_core {
	struct mutex lock;		/* drivers, devices */
	struct list_head drivers;	/* struct driver_private */
	struct device **devices;	/* fixed size; only ever appended */
	int nr_devices, max_devices;
	struct platform *plat;
	struct list_head module_node;	/* on live_platforms (module.c) */
	bool joined;			/* module_lock */
};

/* Whether @drv is (still) registered with @plat. Takes core->lock. */
bool driver_is_registered(struct platform *plat,
			  const struct device_driver *drv);
/* bus->match, with driver_override honoured by the bus. */
static inline int driver_match_device(const struct device_driver *drv,
				      struct device *dev)
{
	return drv->bus->match ? drv->bus->match(dev, drv) : 1;
}

void driver_detach(struct platform *plat, struct device_driver *drv);

/* Unbind @dev if it is bound to @drv; true if it was. */
bool device_release_driver_internal(struct device *dev,
				    struct device_driver *drv);

/* bind_store: match (under device_lock) and probe; -ENODEV if no match. */
int device_driver_attach_matching(struct device_driver *drv,
				  struct device *dev);

/*
 * Driver code (probe, remove) runs in a task of its platform, so MMIO
 * and irq lookups find their machine. If the caller is not one (platform
 * creation and teardown, a test's main thread), a short-lived kernel task
 * is made current; leave undoes it.
 */
struct task_struct *driver_core_enter(struct platform *plat,
				      struct task_struct **old);
void driver_core_leave(struct task_struct *t, struct task_struct *old);

#endif
