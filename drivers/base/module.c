// SPDX-License-Identifier: GPL-2.0
/*
 * Module drivers (dmabridge, not Linux): a driver registered once for the
 * whole process, as a module is loaded into the one kernel there is.
 * Every platform binds it: those that exist when it is registered (a
 * module loaded after boot), and every platform created later, at boot
 * after the built-in drivers (a module loaded at boot, or a driver built
 * in with module_pci_driver()). Unregistering unbinds it everywhere.
 *
 * module_lock orders the two walks: a platform joins the list of live
 * platforms and gets the registered module drivers under it, and a module
 * driver is registered with the live platforms under it, so each
 * (driver, platform) pair is registered exactly once whichever comes first.
 */
#include <errno.h>
#include <string.h>
#include <dmabridge/bug.h>
#include <dmabridge/mutex.h>
#include <dmabridge/slab.h>
#include <dmabridge/driver-core.h>
#include "base.h"

struct module_driver {
	struct list_head node;
	struct device_driver *driver;
};

/* Order: module_lock -> device_lock -> driver_core.lock. */
static DEFINE_MUTEX(module_lock);
static LIST_HEAD(module_drivers);	/* struct module_driver */
static LIST_HEAD(live_platforms);	/* struct driver_core.module_node */

static struct module_driver *module_lookup(const struct device_driver *drv)
{
	struct module_driver *m;

	lockdep_assert_held(&module_lock);
	list_for_each_entry(m, &module_drivers, node)
		if (m->driver == drv ||
		    (m->driver->bus == drv->bus &&
		     !strcmp(m->driver->name, drv->name)))
			return m;
	return NULL;
}

int driver_register_module(struct device_driver *drv)
{
	struct driver_core *core, *undo;
	struct module_driver *m;
	int ret = 0;

	if (!drv || !drv->name || !drv->name[0] || !drv->bus)
		return -EINVAL;
	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	m->driver = drv;
	mutex_lock(&module_lock);
	if (module_lookup(drv)) {
		ret = -EBUSY;
		goto err;
	}
	list_for_each_entry(core, &live_platforms, module_node) {
		ret = driver_register(core->plat, drv);
		if (ret)
			break;
	}
	if (ret) {
		/* Back out of the platforms that took it. */
		list_for_each_entry(undo, &live_platforms, module_node) {
			if (undo == core)
				break;
			driver_unregister(undo->plat, drv);
		}
		goto err;
	}
	list_add_tail(&m->node, &module_drivers);
	mutex_unlock(&module_lock);
	return 0;
err:
	mutex_unlock(&module_lock);
	kfree(m);
	return ret;
}

void driver_unregister_module(struct device_driver *drv)
{
	struct driver_core *core;
	struct module_driver *m;

	if (!drv)
		return;
	mutex_lock(&module_lock);
	m = module_lookup(drv);
	if (m && m->driver != drv)
		m = NULL;	/* another driver of that name */
	if (!WARN(!m, "module driver %s is not registered", drv->name)) {
		list_del(&m->node);
		list_for_each_entry(core, &live_platforms, module_node)
			driver_unregister(core->plat, drv);
	}
	mutex_unlock(&module_lock);
	kfree(m);
}

int driver_core_join_modules(struct platform *plat)
{
	struct driver_core *core = plat->drivers;
	struct module_driver *m;
	int ret = 0;

	mutex_lock(&module_lock);
	list_for_each_entry(m, &module_drivers, node) {
		ret = driver_register(plat, m->driver);
		if (ret)
			break;
	}
	/* Joined even on failure: leaving unregisters what was registered. */
	list_add_tail(&core->module_node, &live_platforms);
	core->joined = true;
	mutex_unlock(&module_lock);
	return ret;
}

void driver_core_leave_modules(struct platform *plat)
{
	struct driver_core *core = plat->drivers;

	if (!core || !core->joined)
		return;
	/*
	 * Off the list first: a module driver registered from now on skips
	 * this platform, and its own registrations go with the core.
	 */
	mutex_lock(&module_lock);
	list_del(&core->module_node);
	core->joined = false;
	mutex_unlock(&module_lock);
}
