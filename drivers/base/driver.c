// SPDX-License-Identifier: GPL-2.0
/* driver_override, with the rules of Linux's driver_set_override(). */
#include <errno.h>
#include <string.h>
#include <dmabridge/slab.h>
#include <dmabridge/hw.h>
#include "base.h"

/**
 * driver_set_override() - set or clear a device's driver_override
 * @dev: the device
 * @override: where the string lives (&dev->driver_override)
 * @s: what was written; one trailing newline is dropped; "" or "\n" clears
 * @len: bytes written
 *
 * Context: takes device_lock.
 * Return: 0, -EINVAL (NULL, or @len >= PAGE_SIZE - 1: the value and its
 * newline must fit one sysfs page), -ENOMEM.
 */
int driver_set_override(struct device *dev, char **override, const char *s,
			size_t len)
{
	const char *nl;
	char *new = NULL, *old;

	if (!override || !s)
		return -EINVAL;
	if (len >= PAGE_SIZE - 1)
		return -EINVAL;
	/* Userspace may send trailing NULs: the string ends at the first. */
	len = strnlen(s, len);
	nl = memchr(s, '\n', len);
	if (nl)
		len = nl - s;
	if (len) {
		new = kstrndup(s, len, GFP_KERNEL);
		if (!new)
			return -ENOMEM;
	}
	device_lock(dev);
	old = *override;
	*override = new;
	device_unlock(dev);
	kfree(old);
	return 0;
}
