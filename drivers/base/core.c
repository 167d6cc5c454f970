// SPDX-License-Identifier: GPL-2.0
/*
 * The driver-core part of struct device: device_lock and the per-platform
 * driver core state (drivers/base/base.h) created with the platform.
 */
#include <errno.h>
#include <dmabridge/bug.h>
#include <dmabridge/slab.h>
#include <dmabridge/driver-core.h>
#include <dmabridge/sched.h>
#include <dmabridge/err.h>
#include "base.h"

void device_initialize(struct device *dev)
{
	mutex_init(&dev->mutex);
	dev->driver = NULL;
	dev->driver_override = NULL;
	dev->registered = true;
}

void device_uninitialize(struct device *dev)
{
	if (!dev->registered)
		return;
	WARN(dev->driver, "device %s still bound to %s", dev_name(dev),
	     dev->driver->name);
	kfree(dev->driver_override);
	dev->driver_override = NULL;
	mutex_destroy(&dev->mutex);
	dev->registered = false;
}

struct task_struct *driver_core_enter(struct platform *plat,
				      struct task_struct **old)
{
	struct task_struct *t;

	*old = current;
	if (current && current->platform == plat)
		return NULL;
	t = task_create(plat, "kdriver");
	if (IS_ERR(t))
		return NULL;
	set_current(t);
	return t;
}

void driver_core_leave(struct task_struct *t, struct task_struct *old)
{
	if (!t)
		return;
	set_current(old);
	task_exit(t);
}

int driver_core_init(struct platform *plat, int max_devices)
{
	struct driver_core *core = kzalloc(sizeof(*core), GFP_KERNEL);

	if (!core)
		return -ENOMEM;
	/* Fixed size: readers index it without the lock. */
	core->devices = kcalloc(max_devices + 1, sizeof(*core->devices),
				GFP_KERNEL);
	if (!core->devices) {
		kfree(core);
		return -ENOMEM;
	}
	core->max_devices = max_devices;
	mutex_init(&core->lock);
	INIT_LIST_HEAD(&core->drivers);
	INIT_LIST_HEAD(&core->module_node);
	core->plat = plat;
	plat->drivers = core;
	return 0;
}

void driver_core_fini(struct platform *plat)
{
	struct driver_core *core = plat->drivers;
	struct driver_private *p, *tmp;
	struct task_struct *t, *old;
	int i;

	if (!core)
		return;
	/* No module driver may be registered with it from now on. */
	driver_core_leave_modules(plat);
	/* Unbind everything first: drivers quiesce their devices. */
	t = driver_core_enter(plat, &old);
	for (i = core->nr_devices - 1; i >= 0; i--)
		device_release_driver(core->devices[i]);
	driver_core_leave(t, old);
	list_for_each_entry_safe(p, tmp, &core->drivers, node) {
		list_del(&p->node);
		kfree(p);
	}
	for (i = 0; i < core->nr_devices; i++)
		device_uninitialize(core->devices[i]);
	kfree(core->devices);
	mutex_destroy(&core->lock);
	kfree(core);
	plat->drivers = NULL;
}
