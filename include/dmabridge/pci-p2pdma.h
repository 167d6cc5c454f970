/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PCI peer-to-peer DMA with the provider API of Linux 6.19: one
 * struct p2pdma_provider per P2P-capable BAR, and the map type that
 * says how a client device reaches it.
 */
#ifndef DMABRIDGE_PCI_P2PDMA_H
#define DMABRIDGE_PCI_P2PDMA_H

#include <dmabridge/pci.h>

struct p2pdma_provider {
	struct device *owner;
	u64 bus_offset;		/* bus address - CPU address of the BAR */
};

enum pci_p2pdma_map_type {
	/* Not computed yet (never returned by pci_p2pdma_map_type()). */
	PCI_P2PDMA_MAP_UNKNOWN = 0,
	/* Not P2P memory at all (used by mapping state, not by us). */
	PCI_P2PDMA_MAP_NONE,
	/* The client cannot reach the provider. */
	PCI_P2PDMA_MAP_NOT_SUPPORTED,
	/* A switch routes it: DMA to pci_p2pdma_bus_addr_map(). */
	PCI_P2PDMA_MAP_BUS_ADDR,
	/* Through the root complex: map like memory (IOMMU or direct). */
	PCI_P2PDMA_MAP_THRU_HOST_BRIDGE,
};

/*
 * Set up the providers of @pdev (managed: freed with the device).
 * Idempotent; 0 or -ENOMEM / -ENODEV.
 */
int pcim_p2pdma_init(struct pci_dev *pdev);
/*
 * The provider of BAR @bar: NULL if the BAR is not P2P memory; WARNs and
 * returns NULL if pcim_p2pdma_init() was not called.
 */
struct p2pdma_provider *pcim_p2pdma_provider(struct pci_dev *pdev, int bar);

/*
 * How @dev reaches @provider's memory. Computed once per (provider
 * device, client) and cached; safe to call from any thread.
 */
enum pci_p2pdma_map_type pci_p2pdma_map_type(struct p2pdma_provider *provider,
					     struct device *dev);

static inline dma_addr_t
pci_p2pdma_bus_addr_map(struct p2pdma_provider *provider, phys_addr_t paddr)
{
	return paddr + provider->bus_offset;
}

/*
 * Sum of the path lengths from @provider to each client, or -1 if any
 * client is not a PCI device or cannot reach it. @verbose explains why
 * on stderr.
 */
int pci_p2pdma_distance_many(struct pci_dev *provider, struct device **clients,
			     int num_clients, bool verbose);

static inline int pci_p2pdma_distance(struct pci_dev *provider,
				      struct device *client, bool verbose)
{
	return pci_p2pdma_distance_many(provider, &client, 1, verbose);
}

const char *pci_p2pdma_map_type_name(enum pci_p2pdma_map_type type);

#endif
