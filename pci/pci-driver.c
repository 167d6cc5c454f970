// SPDX-License-Identifier: GPL-2.0
/*
 * The PCI bus of the driver core (Linux: drivers/pci/pci-driver.c):
 * matching by id table and driver_override, probe and remove, and the
 * devices joining the bus when the platform is created. remove is
 * followed by a check that the driver left the device quiet (no DMA in
 * flight, no interrupt handlers): a modelling aid, see device-model.md.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <dmabridge/bug.h>
#include <dmabridge/driver-core.h>
#include <dmabridge/platform-file.h>
#include <dmabridge/io.h>
#include <dmabridge/sched.h>
#include <dmabridge/slab.h>
#include "pci-internal.h"

/* What a driver named by driver_override gets when no id matched. */
static const struct pci_device_id pci_device_id_any = {
	.vendor = PCI_ANY_ID, .device = PCI_ANY_ID,
	.subvendor = PCI_ANY_ID, .subdevice = PCI_ANY_ID,
};

static bool pci_match_one_device(const struct pci_device_id *id,
				 const struct pci_dev *pdev)
{
	return (id->vendor == PCI_ANY_ID || id->vendor == pdev->vendor) &&
	       (id->device == PCI_ANY_ID || id->device == pdev->device) &&
	       !((id->class ^ pdev->class) & id->class_mask);
}

const struct pci_device_id *pci_match_id(const struct pci_device_id *ids,
					 struct pci_dev *pdev)
{
	if (!ids)
		return NULL;
	for (; ids->vendor || ids->subvendor || ids->class_mask; ids++)
		if (pci_match_one_device(ids, pdev))
			return ids;
	return NULL;
}

/* Called with device_lock held (driver_override). */
static const struct pci_device_id *pci_match_device(struct pci_driver *drv,
						    struct pci_dev *pdev)
{
	const char *override = pdev->dev.driver_override;
	const struct pci_device_id *id;

	/* An override binds that driver only, ids or not. */
	if (override && strcmp(override, drv->name))
		return NULL;
	id = pci_match_id(drv->id_table, pdev);
	if (id)
		return id;
	return override ? &pci_device_id_any : NULL;
}

static int pci_bus_match(struct device *dev, const struct device_driver *drv)
{
	struct pci_driver *pdrv = to_pci_driver((struct device_driver *)drv);

	return pci_match_device(pdrv, to_pci_dev(dev)) != NULL;
}

static int pci_device_probe(struct device *dev)
{
	struct pci_driver *drv = to_pci_driver(dev->driver);
	struct pci_dev *pdev = to_pci_dev(dev);
	const struct pci_device_id *id = pci_match_device(drv, pdev);
	int ret = 0;

	if (!id)
		return -ENODEV;
	/* A bound device is referenced by its driver, as in Linux. */
	pci_dev_get(pdev);
	if (drv->probe)
		ret = drv->probe(pdev, id);
	if (ret)
		pci_dev_put(pdev);
	return ret;
}

static void pci_device_remove(struct device *dev)
{
	struct pci_driver *drv = to_pci_driver(dev->driver);
	struct pci_dev *pdev = to_pci_dev(dev);

	if (drv->remove)
		drv->remove(pdev);
	/* What the driver left running would outlive it: report and stop. */
	pci_dev_regs_check_quiet(pdev, drv->name);
	pci_dev_put(pdev);
}

const struct bus_type pci_bus_type = {
	.name = "pci",
	.match = pci_bus_match,
	.probe = pci_device_probe,
	.remove = pci_device_remove,
};

/* Set once: the same driver may be registered on many platforms. */
static void pci_driver_init_core(struct pci_driver *drv)
{
	if (!drv->driver.bus) {
		drv->driver.name = drv->name;
		drv->driver.bus = &pci_bus_type;
	}
}

int pci_platform_register_driver(struct platform *plat,
				 struct pci_driver *drv)
{
	if (!plat || !drv || !drv->name)
		return -EINVAL;
	pci_driver_init_core(drv);
	return driver_register(plat, &drv->driver);
}

int pci_register_driver(struct pci_driver *drv)
{
	return pci_platform_register_driver(current_platform(), drv);
}

void pci_platform_unregister_driver(struct platform *plat,
				    struct pci_driver *drv)
{
	if (plat && drv)
		driver_unregister(plat, &drv->driver);
}

void pci_unregister_driver(struct pci_driver *drv)
{
	pci_platform_unregister_driver(current_platform(), drv);
}

int pci_enable_device(struct pci_dev *pdev)
{
	return pci_set_memory_decode(pdev, true);
}

void pci_disable_device(struct pci_dev *pdev)
{
	u16 cmd;

	if (!pci_read_config_word(pdev, PCI_COMMAND, &cmd))
		pci_write_config_word(pdev, PCI_COMMAND,
				      cmd & ~(PCI_COMMAND_MEMORY |
					      PCI_COMMAND_MASTER));
}

static void pci_set_master_bit(struct pci_dev *pdev, bool on)
{
	u16 cmd;

	if (pci_read_config_word(pdev, PCI_COMMAND, &cmd))
		return;
	cmd = on ? cmd | PCI_COMMAND_MASTER : cmd & ~PCI_COMMAND_MASTER;
	pci_write_config_word(pdev, PCI_COMMAND, cmd);
}

void pci_set_master(struct pci_dev *pdev)
{
	pci_set_master_bit(pdev, true);
}

void pci_clear_master(struct pci_dev *pdev)
{
	pci_set_master_bit(pdev, false);
}

/* The built-in drivers every platform has (Linux: compiled in). */
static struct pci_driver *const builtin_drivers[] = {
	&pci_stub_driver,
};

int pci_bus_add_devices(struct platform *plat,
			const struct platform_desc *desc)
{
	int i, ret;

	for (i = 0; i < pci_num_devices(plat); i++) {
		struct pci_dev *pdev = pci_dev_by_index(plat, i);
		int e;

		device_initialize(&pdev->dev);
		pdev->dev.bus = &pci_bus_type;
		/* The file's "driver": as if set on the kernel command line. */
		for (e = 0; desc && e < desc->nr_endpoints; e++)
			if (desc->endpoints[e].driver[0] &&
			    !strcmp(desc->endpoints[e].name, pdev->label))
				pdev->dev.driver_override =
					kstrdup(desc->endpoints[e].driver,
						GFP_KERNEL);
		ret = bus_add_device(plat, &pdev->dev);
		if (ret)
			return ret;
	}
	for (i = 0; i < (int)ARRAY_SIZE(builtin_drivers); i++) {
		ret = pci_platform_register_driver(plat, builtin_drivers[i]);
		if (ret)
			return ret;
	}
	/* Then the module drivers, as modules load after the built-ins. */
	return driver_core_join_modules(plat);
}

int pci_register_module_driver(struct pci_driver *drv)
{
	size_t i;

	if (!drv || !drv->name)
		return -EINVAL;
	/* Every platform has the built-ins: the name would clash on each. */
	for (i = 0; i < ARRAY_SIZE(builtin_drivers); i++)
		if (!strcmp(drv->name, builtin_drivers[i]->name))
			return -EBUSY;
	pci_driver_init_core(drv);
	return driver_register_module(&drv->driver);
}

void pci_unregister_module_driver(struct pci_driver *drv)
{
	if (drv)
		driver_unregister_module(&drv->driver);
}

void pci_module_driver_init_failed(struct pci_driver *drv, int err)
{
	fprintf(stderr, "module_pci_driver(%s): %s\n",
		drv->name ? drv->name : "?", strerror(-err));
}
