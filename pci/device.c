// SPDX-License-Identifier: GPL-2.0
/* Device lifetime (get_device/put_device) and the pci_dev release. */
#include <dmabridge/bug.h>
#include <dmabridge/slab.h>
#include "pci-internal.h"

struct device *get_device(struct device *dev)
{
	if (dev)
		kref_get(&dev->kref);
	return dev;
}

static void device_release(struct kref *kref)
{
	struct device *dev = container_of(kref, struct device, kref);

	if (WARN(!dev->release, "device '%s' has no release() function",
		 dev_name(dev)))
		return;
	dev->release(dev);
}

void put_device(struct device *dev)
{
	if (dev)
		kref_put(&dev->kref, device_release);
}

struct pci_dev *pci_dev_get(struct pci_dev *pdev)
{
	if (pdev)
		get_device(&pdev->dev);
	return pdev;
}

void pci_dev_put(struct pci_dev *pdev)
{
	if (pdev)
		put_device(&pdev->dev);
}

void pci_release_dev(struct device *dev)
{
	struct pci_dev *pdev = to_pci_dev(dev);

	pci_p2pdma_release(pdev);
	mutex_destroy(&pdev->cfg_lock);
	kfree(pdev);
}

/* Only pci_devs are released by pci_release_dev: our bus type. */
bool dev_is_pci(const struct device *dev)
{
	return dev && dev->release == pci_release_dev;
}

dma_addr_t pci_bus_address(const struct pci_dev *pdev, int bar)
{
	if (bar < 0 || bar >= PCI_STD_NUM_BARS ||
	    !pci_resource_len(pdev, bar))
		return 0;
	return pci_resource_start(pdev, bar) + pdev->host_bridge->bus_offset;
}

const char *pci_kind_name(enum pci_dev_kind kind)
{
	switch (kind) {
	case PCI_KIND_BRIDGE: return "bridge";
	case PCI_KIND_GPU: return "gpu";
	case PCI_KIND_NIC: return "nic";
	case PCI_KIND_NVME: return "nvme";
	case PCI_KIND_GENERIC: return "generic";
	case PCI_KIND_CAPTURE: return "capture";
	}
	return "?";
}

const char *pci_iommu_cfg_name(enum pci_iommu_cfg cfg)
{
	switch (cfg) {
	case PCI_IOMMU_CFG_NONE: return "none";
	case PCI_IOMMU_CFG_PASSTHROUGH: return "passthrough";
	case PCI_IOMMU_CFG_TRANSLATE: return "translate";
	}
	return "?";
}
