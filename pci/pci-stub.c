// SPDX-License-Identifier: GPL-2.0
/*
 * pci-stub (Linux: drivers/pci/pci-stub.c): claims devices so no other
 * driver binds them. No ids of its own (Linux takes them as a module
 * parameter): it binds what driver_override or "bind" hands it.
 */
#include <dmabridge/pci.h>

static int pci_stub_probe(struct pci_dev *pdev,
			  const struct pci_device_id *id)
{
	return 0;
}

struct pci_driver pci_stub_driver = {
	.name = "pci-stub",
	.probe = pci_stub_probe,
	.driver = { .name = "pci-stub", .bus = &pci_bus_type },
};
