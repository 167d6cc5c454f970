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

/**
 * driver_core_init() - a platform's driver core state
 * @plat: the platform
 * @max_devices: room for this many devices
 *
 * Context: process context (platform_create()).
 * Return: 0, or -ENOMEM.
 */
int driver_core_init(struct platform *plat, int max_devices);
/**
 * driver_core_fini() - unbind every device and free the state
 * @plat: the platform
 *
 * Context: process context (platform_destroy()); may sleep (removes run).
 */
void driver_core_fini(struct platform *plat);

/**
 * bus_add_device() - make a device known to its bus
 * @plat: the platform
 * @dev: the device (dev->bus set; device_initialize() called)
 *
 * No driver is attached yet: bus_probe_device() does that.
 *
 * Context: process context; takes the driver core's mutex.
 * Return: 0, -EINVAL (not initialised, or no bus), -ENOSPC (more devices
 * than driver_core_init() made room for).
 */
int bus_add_device(struct platform *plat, struct device *dev);
/**
 * bus_probe_device() - try to bind a device to a registered driver
 * @dev: the device
 *
 * device_attach(), errors ignored (as in Linux).
 *
 * Context: process context; may sleep (probe).
 */
void bus_probe_device(struct device *dev);
/**
 * bus_find_device_by_name() - a device of a bus by name
 * @plat: the platform
 * @bus: the bus
 * @name: the name; a trailing newline is ignored, like sysfs_streq()
 *
 * Context: process context; takes the driver core's mutex.
 * Return: the device with a reference (put_device() it), or NULL.
 */
struct device *bus_find_device_by_name(struct platform *plat,
				       const struct bus_type *bus,
				       const char *name);

/**
 * driver_bind_store() - /sys/bus/<bus>/drivers/<drv>/bind
 * @plat: the platform
 * @drv: the driver
 * @buf: the device name written
 * @count: its length
 *
 * Context: process context; may sleep (probe).
 * Return: @count, -ENODEV (no such device, it does not match, or it is
 * gone), -EBUSY (already bound), or the probe's error.
 */
ssize_t driver_bind_store(struct platform *plat, struct device_driver *drv,
			  const char *buf, size_t count);
/**
 * driver_unbind_store() - /sys/bus/<bus>/drivers/<drv>/unbind
 * @plat: the platform
 * @drv: the driver
 * @buf: the device name written
 * @count: its length
 *
 * Context: process context; may sleep (remove).
 * Return: @count, or -ENODEV (no such device, or not bound to @drv).
 */
ssize_t driver_unbind_store(struct platform *plat, struct device_driver *drv,
			    const char *buf, size_t count);
/**
 * bus_drivers_probe_store() - /sys/bus/<bus>/drivers_probe
 * @plat: the platform
 * @bus: the bus
 * @buf: the device name written
 * @count: its length
 *
 * Context: process context; may sleep (probe).
 * Return: @count, -ENODEV (no such device), -EINVAL (the device could not
 * be probed).
 */
ssize_t bus_drivers_probe_store(struct platform *plat,
				const struct bus_type *bus, const char *buf,
				size_t count);

/**
 * driver_core_driver_name() - the name of the @pos-th driver of a bus
 * @plat: the platform
 * @bus: the bus
 * @pos: 0, 1, ...
 * @name: receives the name
 * @len: size of @name
 *
 * Context: process context; takes the driver core's mutex.
 * Return: true if there is such a driver.
 */
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

/**
 * driver_core_join_modules() - a new platform binds the module drivers
 * @plat: the platform, at the end of platform_create() (after the built-in
 *	drivers)
 *
 * It also joins the live platforms, so later module drivers bind it.
 *
 * Context: process context; takes the module lock.
 * Return: 0, or the errno of the first module driver that could not
 * register (the platform joins anyway: leaving unregisters the others).
 */
int driver_core_join_modules(struct platform *plat);
/**
 * driver_core_leave_modules() - a platform leaves the live platforms
 * @plat: the platform, from driver_core_fini(), before its devices are
 *	unbound
 *
 * Context: process context; takes the module lock.
 */
void driver_core_leave_modules(struct platform *plat);

/**
 * sysfs_streq() - compare, ignoring one trailing newline on either side
 * @s1: a string
 * @s2: another
 *
 * Context: any context.
 * Return: true if equal.
 */
bool sysfs_streq(const char *s1, const char *s2);

#endif
