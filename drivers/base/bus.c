// SPDX-License-Identifier: GPL-2.0
/*
 * Buses and drivers of one platform (Linux: drivers/base/bus.c and
 * driver.c): driver registration, the bus's device list, and the sysfs
 * stores bind, unbind and drivers_probe with Linux's return values.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <dmabridge/bug.h>
#include <dmabridge/err.h>
#include <dmabridge/slab.h>
#include <dmabridge/driver-core.h>
#include "base.h"

bool sysfs_streq(const char *s1, const char *s2)
{
	while (*s1 && *s1 == *s2) {
		s1++;
		s2++;
	}
	if (*s1 == *s2)
		return true;
	if (!*s1 && *s2 == '\n' && !s2[1])
		return true;
	if (*s1 == '\n' && !s1[1] && !*s2)
		return true;
	return false;
}

static struct driver_private *driver_lookup(struct driver_core *core,
					    const char *name,
					    const struct bus_type *bus)
{
	struct driver_private *p;

	lockdep_assert_held(&core->lock);
	list_for_each_entry(p, &core->drivers, node)
		if (p->driver->bus == bus && !strcmp(p->driver->name, name))
			return p;
	return NULL;
}

bool driver_is_registered(struct platform *plat,
			  const struct device_driver *drv)
{
	struct driver_core *core = plat->drivers;
	struct driver_private *p;
	bool found = false;

	mutex_lock(&core->lock);
	list_for_each_entry(p, &core->drivers, node)
		if (p->driver == drv)
			found = true;
	mutex_unlock(&core->lock);
	return found;
}

struct device_driver *driver_find(struct platform *plat, const char *name,
				  const struct bus_type *bus)
{
	struct driver_core *core = plat ? plat->drivers : NULL;
	struct driver_private *p;

	if (!core || !name)
		return NULL;
	mutex_lock(&core->lock);
	p = driver_lookup(core, name, bus);
	mutex_unlock(&core->lock);
	return p ? p->driver : NULL;
}

/**
 * driver_register() - register @drv with @plat and bind it to matching devices
 * @plat: the machine
 * @drv: the driver (name and bus set)
 *
 * Context: process context; takes device_lock of each matching device.
 * Return: 0, -EINVAL, -EBUSY (a driver of that name is registered), -ENOMEM.
 */
int driver_register(struct platform *plat, struct device_driver *drv)
{
	struct driver_core *core = plat ? plat->drivers : NULL;
	struct task_struct *t, *old;
	struct driver_private *p;
	int ret;

	if (!core || !drv || !drv->name || !drv->bus || !drv->name[0])
		return -EINVAL;
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	p->driver = drv;
	mutex_lock(&core->lock);
	if (driver_lookup(core, drv->name, drv->bus)) {
		mutex_unlock(&core->lock);
		kfree(p);
		return -EBUSY;
	}
	list_add_tail(&p->node, &core->drivers);
	mutex_unlock(&core->lock);
	t = driver_core_enter(plat, &old);
	ret = driver_attach(plat, drv);
	driver_core_leave(t, old);
	return ret;
}

/**
 * driver_unregister() - unbind @drv from every device of @plat and forget it
 * @plat: the machine
 * @drv: a registered driver
 *
 * Context: process context. Each device's remove runs under its
 * device_lock before this returns.
 */
void driver_unregister(struct platform *plat, struct device_driver *drv)
{
	struct driver_core *core = plat ? plat->drivers : NULL;
	struct driver_private *p, *found = NULL;
	struct task_struct *t, *old;

	if (!core || !drv)
		return;
	mutex_lock(&core->lock);
	list_for_each_entry(p, &core->drivers, node)
		if (p->driver == drv)
			found = p;
	if (found)
		list_del(&found->node);
	mutex_unlock(&core->lock);
	if (WARN(!found, "driver %s is not registered", drv->name))
		return;
	kfree(found);
	t = driver_core_enter(plat, &old);
	driver_detach(plat, drv);
	driver_core_leave(t, old);
}

bool driver_core_driver_name(struct platform *plat,
			     const struct bus_type *bus, int pos, char *name,
			     size_t len)
{
	struct driver_core *core = plat->drivers;
	struct driver_private *p;
	bool found = false;

	mutex_lock(&core->lock);
	list_for_each_entry(p, &core->drivers, node)
		if (p->driver->bus == bus && pos-- == 0) {
			snprintf(name, len, "%s", p->driver->name);
			found = true;
			break;
		}
	mutex_unlock(&core->lock);
	return found;
}

int bus_add_device(struct platform *plat, struct device *dev)
{
	struct driver_core *core = plat->drivers;
	int ret = 0;

	if (!dev->registered || !dev->bus)
		return -EINVAL;
	mutex_lock(&core->lock);
	if (core->nr_devices == core->max_devices)
		ret = -ENOSPC;
	else
		core->devices[core->nr_devices++] = dev;
	mutex_unlock(&core->lock);
	return ret;
}

void bus_probe_device(struct device *dev)
{
	device_attach(dev);
}

struct device *bus_find_device_by_name(struct platform *plat,
				       const struct bus_type *bus,
				       const char *name)
{
	struct driver_core *core = plat ? plat->drivers : NULL;
	struct device *found = NULL;
	int i;

	if (!core || !name)
		return NULL;
	mutex_lock(&core->lock);
	for (i = 0; i < core->nr_devices && !found; i++)
		if (core->devices[i]->bus == bus &&
		    sysfs_streq(dev_name(core->devices[i]), name))
			found = get_device(core->devices[i]);
	mutex_unlock(&core->lock);
	return found;
}

ssize_t driver_bind_store(struct platform *plat, struct device_driver *drv,
			  const char *buf, size_t count)
{
	struct device *dev = bus_find_device_by_name(plat, drv->bus, buf);
	ssize_t err = -ENODEV;

	if (dev) {
		err = device_driver_attach_matching(drv, dev);
		if (!err)
			err = count;
	}
	put_device(dev);
	return err;
}

ssize_t driver_unbind_store(struct platform *plat, struct device_driver *drv,
			    const char *buf, size_t count)
{
	struct device *dev = bus_find_device_by_name(plat, drv->bus, buf);
	ssize_t err = -ENODEV;

	if (dev && device_release_driver_internal(dev, drv))
		err = count;
	put_device(dev);
	return err;
}

ssize_t bus_drivers_probe_store(struct platform *plat,
				const struct bus_type *bus, const char *buf,
				size_t count)
{
	struct device *dev = bus_find_device_by_name(plat, bus, buf);
	ssize_t err = -EINVAL;

	if (!dev)
		return -ENODEV;
	if (READ_ONCE(dev->driver) || device_attach(dev) >= 0)
		err = count;
	put_device(dev);
	return err;
}
