// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/bus/pci (Linux: drivers/pci/pci-sysfs.c and drivers/base/bus.c):
 * the device attributes vendor, device, class, resource and
 * driver_override, the driver and iommu_group links, each driver's bind
 * and unbind, and drivers_probe. Formats and errno are Linux's.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <dmabridge/sysfs.h>
#include <dmabridge/driver-core.h>
#include <dmabridge/iommu.h>
#include <dmabridge/hw.h>
#include <dmabridge/mm.h>
#include "pci-internal.h"

/* Linux prints the 6 BARs and the ROM for a device that is no bridge. */
#define PCI_RESOURCE_LINES (PCI_STD_NUM_BARS + 1)

static struct pci_dev *node_pdev(struct sysfs_node *n)
{
	return to_pci_dev(n->dev);
}

static ssize_t vendor_show(struct sysfs_node *n, char *buf)
{
	return snprintf(buf, PAGE_SIZE, "0x%04x\n", node_pdev(n)->vendor);
}

static ssize_t device_show(struct sysfs_node *n, char *buf)
{
	return snprintf(buf, PAGE_SIZE, "0x%04x\n", node_pdev(n)->device);
}

static ssize_t class_show(struct sysfs_node *n, char *buf)
{
	return snprintf(buf, PAGE_SIZE, "0x%06x\n", node_pdev(n)->class);
}

static ssize_t resource_show(struct sysfs_node *n, char *buf)
{
	struct pci_dev *pdev = node_pdev(n);
	size_t len = 0;
	int i;

	for (i = 0; i < PCI_RESOURCE_LINES; i++) {
		u64 start = 0, end = 0, flags = 0;

		if (i < PCI_STD_NUM_BARS && pci_resource_len(pdev, i)) {
			start = pci_resource_start(pdev, i);
			end = pci_resource_end(pdev, i);
			flags = pci_resource_flags(pdev, i);
		}
		len += snprintf(buf + len, PAGE_SIZE - len,
				"0x%016llx 0x%016llx 0x%016llx\n",
				(unsigned long long)start,
				(unsigned long long)end,
				(unsigned long long)flags);
	}
	return len;
}

static ssize_t driver_override_show(struct sysfs_node *n, char *buf)
{
	ssize_t len;

	device_lock(n->dev);
	/* Linux prints "(null)" when there is none: sysfs_emit("%s\n"). */
	len = snprintf(buf, PAGE_SIZE, "%s\n",
		       n->dev->driver_override ? n->dev->driver_override :
						 "(null)");
	device_unlock(n->dev);
	return len;
}

static ssize_t driver_override_store(struct sysfs_node *n, const char *buf,
				     size_t count)
{
	int ret = driver_set_override(n->dev, &n->dev->driver_override, buf,
				      count);

	return ret ? ret : (ssize_t)count;
}

/*
 * resource<N>: mmap of BAR N (Linux: pci_mmap_resource_range). The range
 * must fit the BAR (-EINVAL); the mapping is uncached device memory.
 */
static int resource_mmap(struct sysfs_node *n, struct vm_area_struct *vma)
{
	struct pci_dev *pdev = node_pdev(n);
	int bar = n->arg[0] - '0';
	u64 len = pci_resource_len(pdev, bar);
	u64 size = vma->vm_end - vma->vm_start;
	u64 off = (u64)vma->vm_pgoff << PAGE_SHIFT;

	if (off >= len || size > len - off)
		return -EINVAL;
	return io_remap_pfn_range(vma, vma->vm_start,
				  PHYS_PFN(pci_resource_start(pdev, bar)) +
					  vma->vm_pgoff,
				  size, vma->vm_page_prot);
}

static struct device_driver *node_driver(struct sysfs_node *n)
{
	return driver_find(n->plat, n->arg, &pci_bus_type);
}

static ssize_t bind_store(struct sysfs_node *n, const char *buf, size_t count)
{
	struct device_driver *drv = node_driver(n);

	return drv ? driver_bind_store(n->plat, drv, buf, count) : -ENODEV;
}

static ssize_t unbind_store(struct sysfs_node *n, const char *buf,
			    size_t count)
{
	struct device_driver *drv = node_driver(n);

	return drv ? driver_unbind_store(n->plat, drv, buf, count) : -ENODEV;
}

static ssize_t drivers_probe_store(struct sysfs_node *n, const char *buf,
				   size_t count)
{
	return bus_drivers_probe_store(n->plat, &pci_bus_type, buf, count);
}

static const struct {
	const char *name;
	ssize_t (*show)(struct sysfs_node *n, char *buf);
	ssize_t (*store)(struct sysfs_node *n, const char *buf, size_t count);
} dev_attrs[] = {
	{ "class", class_show, NULL },
	{ "device", device_show, NULL },
	{ "driver_override", driver_override_show, driver_override_store },
	{ "resource", resource_show, NULL },
	{ "vendor", vendor_show, NULL },
};

/* Name of @pdev's driver in @name ("" if unbound). */
static void driver_name(struct pci_dev *pdev, char *name, size_t len)
{
	device_lock(&pdev->dev);
	snprintf(name, len, "%s",
		 pdev->dev.driver ? pdev->dev.driver->name : "");
	device_unlock(&pdev->dev);
}

/* Entries of a device directory: attributes, then the links it has. */
static int dev_iterate(struct sysfs_node *n, int pos, char *name, size_t len,
		       unsigned char *type)
{
	struct pci_dev *pdev = node_pdev(n);
	char drv[64];
	int i;

	if (pos < (int)ARRAY_SIZE(dev_attrs)) {
		snprintf(name, len, "%s", dev_attrs[pos].name);
		*type = DT_REG;
		return 1;
	}
	pos -= ARRAY_SIZE(dev_attrs);
	for (i = 0; i < PCI_STD_NUM_BARS; i++)
		if (pci_resource_len(pdev, i) && pos-- == 0) {
			snprintf(name, len, "resource%d", i);
			*type = DT_REG;
			return 1;
		}
	*type = DT_LNK;
	driver_name(pdev, drv, sizeof(drv));
	if (drv[0] && pos-- == 0) {
		snprintf(name, len, "driver");
		return 1;
	}
	if (pdev->dev.iommu_group && pos-- == 0) {
		snprintf(name, len, "iommu_group");
		return 1;
	}
	return 0;
}

static int dev_node(struct platform *plat, const char *rest,
		    struct sysfs_node *n)
{
	const char *slash = strchr(rest, '/');
	char bdf[32];
	struct pci_dev *pdev;
	size_t i, len = slash ? (size_t)(slash - rest) : strlen(rest);

	if (!len || len >= sizeof(bdf))
		return -ENOENT;
	memcpy(bdf, rest, len);
	bdf[len] = 0;
	pdev = pci_get_by_name(plat, bdf);
	/* Only the bus name is a directory here, not the file's label. */
	if (!pdev || strcmp(pci_name(pdev), bdf)) {
		pci_dev_put(pdev);
		return -ENOENT;
	}
	n->dev = &pdev->dev;	/* the reference moves to the node */
	if (!slash) {
		n->type = SYSFS_DIR;
		n->iterate = dev_iterate;
		return 0;
	}
	rest = slash + 1;
	for (i = 0; i < ARRAY_SIZE(dev_attrs); i++)
		if (!strcmp(rest, dev_attrs[i].name)) {
			n->type = SYSFS_ATTR;
			n->show = dev_attrs[i].show;
			n->store = dev_attrs[i].store;
			return 0;
		}
	if (!strncmp(rest, "resource", 8) && rest[8] >= '0' &&
	    rest[8] < '0' + PCI_STD_NUM_BARS && !rest[9] &&
	    pci_resource_len(pdev, rest[8] - '0')) {
		n->type = SYSFS_ATTR;
		n->arg[0] = rest[8];
		n->mmap = resource_mmap;
		return 0;
	}
	n->type = SYSFS_LINK;
	if (!strcmp(rest, "driver")) {
		char drv[64];

		driver_name(pdev, drv, sizeof(drv));
		if (drv[0]) {
			snprintf(n->target, sizeof(n->target),
				 "../../drivers/%s", drv);
			return 0;
		}
	} else if (!strcmp(rest, "iommu_group") && pdev->dev.iommu_group) {
		snprintf(n->target, sizeof(n->target),
			 "../../../../kernel/iommu_groups/%d",
			 iommu_group_id(pdev->dev.iommu_group));
		return 0;
	}
	sysfs_node_put(n);
	return -ENOENT;
}

static int devices_iterate(struct sysfs_node *n, int pos, char *name,
			   size_t len, unsigned char *type)
{
	int i, at = 0;

	for (i = 0; i < pci_num_devices(n->plat); i++) {
		struct pci_dev *pdev = pci_dev_by_index(n->plat, i);

		if (READ_ONCE(pdev->dev.dead))
			continue;
		if (at++ == pos) {
			snprintf(name, len, "%s", pci_name(pdev));
			*type = DT_DIR;
			return 1;
		}
	}
	return 0;
}

/* Driver directory entries: bind, unbind, then its devices (links). */
static int driver_iterate(struct sysfs_node *n, int pos, char *name,
			  size_t len, unsigned char *type)
{
	struct device_driver *drv = node_driver(n);
	int i;

	if (pos < 2) {
		snprintf(name, len, "%s", pos ? "unbind" : "bind");
		*type = DT_REG;
		return 1;
	}
	pos -= 2;
	for (i = 0; drv && i < pci_num_devices(n->plat); i++) {
		struct pci_dev *pdev = pci_dev_by_index(n->plat, i);

		if (READ_ONCE(pdev->dev.driver) == drv && pos-- == 0) {
			snprintf(name, len, "%s", pci_name(pdev));
			*type = DT_LNK;
			return 1;
		}
	}
	return 0;
}

static int drv_node(struct platform *plat, const char *rest,
		    struct sysfs_node *n)
{
	const char *slash = strchr(rest, '/');
	size_t len = slash ? (size_t)(slash - rest) : strlen(rest);
	struct device_driver *drv;
	struct pci_dev *pdev;

	if (!len || len >= sizeof(n->arg))
		return -ENOENT;
	memcpy(n->arg, rest, len);
	n->arg[len] = 0;
	drv = node_driver(n);
	if (!drv)
		return -ENOENT;
	if (!slash) {
		n->type = SYSFS_DIR;
		n->iterate = driver_iterate;
		return 0;
	}
	rest = slash + 1;
	n->type = SYSFS_ATTR;
	if (!strcmp(rest, "bind")) {
		n->store = bind_store;
		return 0;
	}
	if (!strcmp(rest, "unbind")) {
		n->store = unbind_store;
		return 0;
	}
	pdev = pci_get_by_name(plat, rest);
	if (pdev && !strcmp(pci_name(pdev), rest) &&
	    READ_ONCE(pdev->dev.driver) == drv) {
		n->type = SYSFS_LINK;
		snprintf(n->target, sizeof(n->target), "../../devices/%s",
			 rest);
		pci_dev_put(pdev);
		return 0;
	}
	pci_dev_put(pdev);
	return -ENOENT;
}

static int drivers_iterate(struct sysfs_node *n, int pos, char *name,
			   size_t len, unsigned char *type)
{
	return driver_core_driver_name(n->plat, &pci_bus_type, pos, name,
				       len) ? (*type = DT_DIR, 1) : 0;
}

static int pci_iterate(struct sysfs_node *n, int pos, char *name, size_t len,
		       unsigned char *type)
{
	static const char *const names[] = { "devices", "drivers",
		"drivers_probe" };

	if (pos >= (int)ARRAY_SIZE(names))
		return 0;
	snprintf(name, len, "%s", names[pos]);
	*type = pos == 2 ? DT_REG : DT_DIR;
	return 1;
}

int pci_sysfs_node(struct platform *plat, const char *rest,
		   struct sysfs_node *n)
{
	if (!*rest) {
		n->type = SYSFS_DIR;
		n->iterate = pci_iterate;
		return 0;
	}
	if (!strcmp(rest, "/drivers_probe")) {
		n->type = SYSFS_ATTR;
		n->store = drivers_probe_store;
		return 0;
	}
	if (!strcmp(rest, "/devices")) {
		n->type = SYSFS_DIR;
		n->iterate = devices_iterate;
		return 0;
	}
	if (!strcmp(rest, "/drivers")) {
		n->type = SYSFS_DIR;
		n->iterate = drivers_iterate;
		return 0;
	}
	if (!strncmp(rest, "/devices/", 9))
		return dev_node(plat, rest + 9, n);
	if (!strncmp(rest, "/drivers/", 9))
		return drv_node(plat, rest + 9, n);
	return -ENOENT;
}
