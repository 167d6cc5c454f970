// SPDX-License-Identifier: GPL-2.0
/* Hot removal of a PCI device and everything below it. */
#include <dmabridge/sanitizer.h>
#include <dmabridge/driver-core.h>
#include "pci-internal.h"

static void remove_one(struct pci_dev *pdev)
{
	int bar;

	mutex_lock(&pdev->cfg_lock);
	if (pdev->removed) {
		mutex_unlock(&pdev->cfg_lock);
		return;
	}
	pdev->removed = true;
	pdev->command = 0;
	for (bar = 0; bar < PCI_STD_NUM_BARS; bar++)
		if (pci_resource_len(pdev, bar))
			san_set_owner(pdev->dev.platform,
				      pci_resource_start(pdev, bar),
				      pci_resource_len(pdev, bar),
				      SAN_OWNER_NONE, SAN_EV_DEVICE_REMOVED,
				      "device removed");
	WRITE_ONCE(pdev->dev.dead, true);
	mutex_unlock(&pdev->cfg_lock);
}

void pci_remove_device(struct pci_dev *pdev)
{
	struct pci_topology *topo;
	int i;

	if (!pdev)
		return;
	topo = pdev->topo;
	/* Children first, as Linux stops the leaves before their bridge. */
	for (i = pdev->index + 1; i < topo->nr_devs; i++)
		if (topo->devs[i]->upstream == pdev)
			pci_remove_device(topo->devs[i]);
	/*
	 * pci_stop_bus_device(): the driver lets go first (its remove
	 * quiesces the device and revokes what it exported), then the
	 * device goes away.
	 */
	device_release_driver(&pdev->dev);
	remove_one(pdev);
}
