// SPDX-License-Identifier: GPL-2.0
/*
 * What the DMA layer asks pci/ about peer-to-peer: the map type of a BAR
 * for a client device, its bus address, and how the fabric routes a
 * device's request. BARs registered without a PCI device (tests of the
 * lowest layers) behave like memory behind a P2P-capable host bridge.
 */
#include <dmabridge/pci.h>
#include <dmabridge/pci-p2pdma.h>
#include <dmabridge/compiler.h>
#include "dma-internal.h"

static struct p2pdma_provider *region_provider(struct phys_region *r)
{
	struct pci_dev *pdev = r->pdev;

	if (!smp_load_acquire(&pdev->p2pdma) && pcim_p2pdma_init(pdev))
		return NULL;
	return pcim_p2pdma_provider(pdev, r->bar);
}

enum pci_p2pdma_map_type dma_p2p_map_type(struct device *dev,
					  struct phys_region *r)
{
	struct p2pdma_provider *provider;

	if (!r->pdev)
		return PCI_P2PDMA_MAP_THRU_HOST_BRIDGE;
	provider = region_provider(r);
	if (!provider)
		return PCI_P2PDMA_MAP_NOT_SUPPORTED;
	return pci_p2pdma_map_type(provider, dev);
}

dma_addr_t dma_p2p_bus_addr(struct phys_region *r, phys_addr_t phys)
{
	struct p2pdma_provider *provider;

	if (!r->pdev)
		return phys;
	provider = region_provider(r);
	return provider ? pci_p2pdma_bus_addr_map(provider, phys) : phys;
}
