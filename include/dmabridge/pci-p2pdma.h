/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PCI peer-to-peer DMA with the provider API of Linux 6.19: one
 * struct p2pdma_provider per P2P-capable BAR, and the map type that
 * says how a client device reaches it.
 */
#ifndef DMABRIDGE_PCI_P2PDMA_H
#define DMABRIDGE_PCI_P2PDMA_H

#include <dmabridge/pci.h>

/**
 * struct p2pdma_provider - one P2P-capable BAR (Linux 6.19's provider API)
 * @owner: the device whose BAR it is
 * @bus_offset: bus address - CPU address of the BAR
 */
struct p2pdma_provider {
	struct device *owner;
	u64 bus_offset;		/* bus address - CPU address of the BAR */
};

/**
 * enum pci_p2pdma_map_type - how a client device reaches a provider
 * @PCI_P2PDMA_MAP_UNKNOWN: not computed yet (never returned by
 * 	pci_p2pdma_map_type())
 * @PCI_P2PDMA_MAP_NONE: not P2P memory at all (used by mapping state)
 * @PCI_P2PDMA_MAP_NOT_SUPPORTED: the client cannot reach the provider
 * @PCI_P2PDMA_MAP_BUS_ADDR: a switch routes it: DMA to
 * 	pci_p2pdma_bus_addr_map()
 * @PCI_P2PDMA_MAP_THRU_HOST_BRIDGE: through the root complex: map like
 * 	memory (IOMMU or direct)
 */
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

/**
 * pcim_p2pdma_init() - set up the providers of a device's P2P BARs
 * @pdev: the device
 *
 * Managed: freed with the device. Idempotent and safe against racing
 * callers.
 *
 * Context: process context (probe).
 * Return: 0, -ENOMEM, -ENODEV.
 */
int pcim_p2pdma_init(struct pci_dev *pdev);
/**
 * pcim_p2pdma_provider() - the provider of one BAR
 * @pdev: the device
 * @bar: the BAR number
 *
 * Context: any context.
 * Return: the provider; NULL if the BAR is not P2P memory, or (with a
 * WARN) if pcim_p2pdma_init() was not called.
 */
struct p2pdma_provider *pcim_p2pdma_provider(struct pci_dev *pdev, int bar);

/**
 * pci_p2pdma_map_type() - how a device reaches a provider's memory
 * @provider: the provider
 * @dev: the client
 *
 * Computed once per (provider device, client) and cached.
 *
 * Context: any context (safe from any thread).
 * Return: NOT_SUPPORTED, BUS_ADDR or THRU_HOST_BRIDGE.
 */
enum pci_p2pdma_map_type pci_p2pdma_map_type(struct p2pdma_provider *provider,
					     struct device *dev);

/**
 * pci_p2pdma_bus_addr_map() - the bus address of a BAR address
 * @provider: the provider
 * @paddr: a CPU physical address in its BAR
 *
 * For PCI_P2PDMA_MAP_BUS_ADDR.
 *
 * Context: any context.
 * Return: the PCI bus address.
 */
static inline dma_addr_t
pci_p2pdma_bus_addr_map(struct p2pdma_provider *provider, phys_addr_t paddr)
{
	return paddr + provider->bus_offset;
}

/**
 * pci_p2pdma_distance_many() - how far a provider is from its clients
 * @provider: the providing device
 * @clients: the clients
 * @num_clients: entries in @clients
 * @verbose: explain a refusal on stderr
 *
 * Context: any context.
 * Return: the sum of the path lengths, or -1 if any client is not a PCI
 * device or cannot reach it.
 */
int pci_p2pdma_distance_many(struct pci_dev *provider, struct device **clients,
			     int num_clients, bool verbose);

/**
 * pci_p2pdma_distance() - pci_p2pdma_distance_many() for one client
 * @provider: the providing device
 * @client: the client
 * @verbose: explain a refusal on stderr
 *
 * Context: any context.
 * Return: the path length, or -1.
 */
static inline int pci_p2pdma_distance(struct pci_dev *provider,
				      struct device *client, bool verbose)
{
	return pci_p2pdma_distance_many(provider, &client, 1, verbose);
}

/**
 * pci_p2pdma_map_type_name() - a map type's name, for messages
 * @type: the type
 *
 * Context: any context.
 * Return: its name.
 */
const char *pci_p2pdma_map_type_name(enum pci_p2pdma_map_type type);

#endif
