// SPDX-License-Identifier: GPL-2.0
/*
 * Binding devices and drivers (Linux: drivers/base/dd.c). dev->driver
 * changes only under device_lock; the bus's probe and remove run under
 * it, so a device is never probed and removed at once, nor bound twice.
 */
#include <errno.h>
#include <dmabridge/bug.h>
#include <dmabridge/err.h>
#include <dmabridge/slab.h>
#include <dmabridge/driver-core.h>
#include "base.h"

static int really_probe(struct device *dev, struct device_driver *drv)
{
	int ret;

	WRITE_ONCE(dev->driver, drv);
	ret = drv->bus->probe ? drv->bus->probe(dev) : 0;
	if (ret) {
		WRITE_ONCE(dev->driver, NULL);
		dev_set_drvdata(dev, NULL);
	}
	return ret;
}

/* Probe @dev with @drv. Called with device_lock held. */
static int __driver_probe_device(struct device_driver *drv,
				 struct device *dev)
{
	device_lock_assert(dev);
	if (READ_ONCE(dev->dead) || !dev->registered)
		return -ENODEV;
	if (dev->driver)
		return -EBUSY;
	/*
	 * driver_unregister() marks the driver gone and then unbinds under
	 * each device_lock: checking again here, under the lock, is what
	 * keeps a racing bind from leaving a device bound to a driver that
	 * is no longer registered.
	 */
	if (!driver_is_registered(dev->platform, drv))
		return -ENODEV;
	return really_probe(dev, drv);
}

int device_driver_attach(struct device_driver *drv, struct device *dev)
{
	int ret;

	device_lock(dev);
	ret = __driver_probe_device(drv, dev);
	device_unlock(dev);
	return ret == -EPROBE_DEFER ? -EAGAIN : ret;
}

int device_driver_attach_matching(struct device_driver *drv,
				  struct device *dev)
{
	int ret = -ENODEV;

	device_lock(dev);
	/* Matching reads driver_override: under device_lock. */
	if (dev->bus == drv->bus && driver_match_device(drv, dev))
		ret = __driver_probe_device(drv, dev);
	device_unlock(dev);
	return ret == -EPROBE_DEFER ? -EAGAIN : ret;
}

/* Registered drivers of @plat, snapshot (kfree the array). */
static struct device_driver **drivers_snapshot(struct platform *plat,
					       int *nr)
{
	struct driver_core *core = plat->drivers;
	struct device_driver **v;
	struct driver_private *p;
	int n = 0;

	mutex_lock(&core->lock);
	list_for_each_entry(p, &core->drivers, node)
		n++;
	v = kcalloc(n + 1, sizeof(*v), GFP_KERNEL);
	n = 0;
	if (v)
		list_for_each_entry(p, &core->drivers, node)
			v[n++] = p->driver;
	mutex_unlock(&core->lock);
	*nr = n;
	return v;
}

int device_attach(struct device *dev)
{
	struct device_driver **drvs;
	int i, n, ret = 0;

	if (!dev->platform || !dev->platform->drivers)
		return -ENODEV;
	drvs = drivers_snapshot(dev->platform, &n);
	if (!drvs)
		return -ENOMEM;
	device_lock(dev);
	if (READ_ONCE(dev->dead) || !dev->registered) {
		ret = -ENODEV;
		goto out;
	}
	if (dev->driver) {
		ret = 1;
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (drvs[i]->bus != dev->bus || !driver_match_device(drvs[i], dev))
			continue;
		/* A probe error lets the next driver try, as in Linux. */
		if (!__driver_probe_device(drvs[i], dev)) {
			ret = 1;
			break;
		}
	}
out:
	device_unlock(dev);
	kfree(drvs);
	return ret;
}

int driver_attach(struct platform *plat, struct device_driver *drv)
{
	struct driver_core *core = plat->drivers;
	int i, n;

	mutex_lock(&core->lock);
	n = core->nr_devices;
	mutex_unlock(&core->lock);
	/* Devices are only ever added, so the first @n stay valid. */
	for (i = 0; i < n; i++) {
		struct device *dev = core->devices[i];

		if (dev->bus != drv->bus || READ_ONCE(dev->driver))
			continue;
		device_lock(dev);
		if (!dev->driver && driver_match_device(drv, dev))
			__driver_probe_device(drv, dev);
		device_unlock(dev);
	}
	return 0;
}

/* Unbind @dev. Called with device_lock held. */
static void __device_release_driver(struct device *dev)
{
	struct device_driver *drv = dev->driver;

	device_lock_assert(dev);
	if (!drv)
		return;
	if (drv->bus->remove)
		drv->bus->remove(dev);
	WRITE_ONCE(dev->driver, NULL);
	dev_set_drvdata(dev, NULL);
}

void device_release_driver(struct device *dev)
{
	if (!dev || !dev->registered)
		return;
	device_lock(dev);
	__device_release_driver(dev);
	device_unlock(dev);
}

bool device_release_driver_internal(struct device *dev,
				    struct device_driver *drv)
{
	bool released = false;

	if (!dev->registered)
		return false;
	device_lock(dev);
	/* Under the lock: a racing unbind or rebind may have come first. */
	if (dev->driver && dev->driver == drv) {
		__device_release_driver(dev);
		released = true;
	}
	device_unlock(dev);
	return released;
}

/* Unbind every device of @plat bound to @drv (driver_unregister). */
void driver_detach(struct platform *plat, struct device_driver *drv)
{
	struct driver_core *core = plat->drivers;
	int i, n;

	mutex_lock(&core->lock);
	n = core->nr_devices;
	mutex_unlock(&core->lock);
	for (i = 0; i < n; i++) {
		struct device *dev = core->devices[i];

		device_lock(dev);
		if (dev->driver == drv)
			__device_release_driver(dev);
		device_unlock(dev);
	}
}
