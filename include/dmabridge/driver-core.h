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

/* sysfs_streq(): equal, ignoring one trailing newline on either side. */
bool sysfs_streq(const char *s1, const char *s2);

#endif
