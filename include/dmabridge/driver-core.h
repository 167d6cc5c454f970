/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The driver core's platform-level API (drivers/base/): its state per
 * platform, the devices a bus knows, and the sysfs stores of
 * /sys/bus/<bus>/drivers/<drv>/{bind,unbind} and /sys/bus/<bus>/drivers_probe.
 * The per-device and per-driver API is in device.h.
 */
#ifndef DMABRIDGE_DRIVER_CORE_H
#define DMABRIDGE_DRIVER_CORE_H

#include <sys/types.h>
#include <dmabridge/device.h>

/* platform_create() / platform_destroy(); fini unbinds every device. */
int driver_core_init(struct platform *plat, int max_devices);
void driver_core_fini(struct platform *plat);

/*
 * Make @dev known to its bus (dev->bus set) on @plat: device_initialize()
 * must have been called. No driver is attached yet (bus_probe_device()).
 */
int bus_add_device(struct platform *plat, struct device *dev);
/* Try to bind @dev to a registered driver (device_attach, errors ignored). */
void bus_probe_device(struct device *dev);
/*
 * The device of @bus on @plat whose name is @name (a trailing newline is
 * ignored, like sysfs_streq), referenced (put_device it), or NULL.
 */
struct device *bus_find_device_by_name(struct platform *plat,
				       const struct bus_type *bus,
				       const char *name);

/*
 * sysfs stores. Each returns @count on success or Linux's errno:
 * bind: -ENODEV (no such device, it does not match, or it is gone),
 * -EBUSY (already bound), or the probe's error; unbind: -ENODEV (no such
 * device or not bound to @drv); drivers_probe: -ENODEV (no such device),
 * -EINVAL (the device could not be probed).
 */
ssize_t driver_bind_store(struct platform *plat, struct device_driver *drv,
			  const char *buf, size_t count);
ssize_t driver_unbind_store(struct platform *plat, struct device_driver *drv,
			    const char *buf, size_t count);
ssize_t bus_drivers_probe_store(struct platform *plat,
				const struct bus_type *bus, const char *buf,
				size_t count);

/* Name of the @pos-th driver registered on @plat's @bus: true if any. */
bool driver_core_driver_name(struct platform *plat,
			     const struct bus_type *bus, int pos, char *name,
			     size_t len);

/**
 * driver_register_module() - register @drv with every platform, now and later
 * @drv: the driver (name and bus set); valid until unregistered
 *
 * dmabridge, not Linux: a module loaded into every simulated machine.
 * Every existing platform binds it now; every platform created later
 * binds it at boot, after the built-in drivers.
 *
 * Context: process context, not from a probe or remove; takes
 * device_lock of each matching device of every platform.
 * Return: 0; -EINVAL; -EBUSY if a module driver of that name is registered
 * or a platform has a driver of that name (then it is registered nowhere);
 * -ENOMEM.
 */
int driver_register_module(struct device_driver *drv);

/**
 * driver_unregister_module() - unbind @drv from every platform and forget it
 * @drv: a driver registered with driver_register_module()
 *
 * Context: process context, not from a probe or remove. Each device's
 * remove has run when this returns.
 */
void driver_unregister_module(struct device_driver *drv);

/*
 * platform_create() (after the built-in drivers) and driver_core_fini():
 * the platform gets the module drivers and joins the live platforms;
 * leaving takes it off before its devices are unbound.
 */
int driver_core_join_modules(struct platform *plat);
void driver_core_leave_modules(struct platform *plat);

/* sysfs_streq(): equal, ignoring one trailing newline on either side. */
bool sysfs_streq(const char *s1, const char *s2);

#endif
