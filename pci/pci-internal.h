/* SPDX-License-Identifier: GPL-2.0 */
/* pci/ private: the topology object and helpers shared by pci/ files. */
#ifndef DMABRIDGE_PCI_INTERNAL_H
#define DMABRIDGE_PCI_INTERNAL_H

#include <dmabridge/pci.h>
#include <dmabridge/pci-p2pdma.h>
#include <dmabridge/hw.h>

/*
 * Built once by pci_topology_create() and immutable afterwards (only
 * per-device state changes), so walking it needs no lock.
 */
struct pci_topology {
	struct platform *plat;
	int nr_host_bridges;
	struct pci_host_bridge *host_bridges;
	int nr_devs;
	struct pci_dev **devs;		/* by index; depth-first bus order */
	phys_addr_t ram_end;
	struct platform_mem_config mem_cfg;	/* as the file said */
};

struct pci_p2pdma {
	struct p2pdma_provider mem[PCI_STD_NUM_BARS];
	bool has_provider[PCI_STD_NUM_BARS];
	/* Map type per client device index (0 = UNKNOWN), atomically set. */
	int nr_clients;
	int *map_types;
};

/* struct device release of every pci_dev. */
void pci_release_dev(struct device *dev);
/* Free @pdev's P2P state (device release). */
void pci_p2pdma_release(struct pci_dev *pdev);

/*
 * The path rule of Linux's calc_map_type_and_dist(): BUS_ADDR (common
 * upstream bridge, no ACS redirect on the path), else THRU_HOST_BRIDGE
 * if the host bridges allow it, else NOT_SUPPORTED. Not cached. If
 * @verbose, explains a refusal on stderr.
 */
enum pci_p2pdma_map_type pci_p2p_calc_map_type(struct pci_dev *provider,
					       struct pci_dev *client,
					       int *dist, bool verbose);
/* Whether the root complex forwards P2P between devices below @a, @b. */
bool pci_host_bridges_allow_p2p(const struct pci_host_bridge *a,
				const struct pci_host_bridge *b);

#define pci_info(pdev, fmt, ...) \
	fprintf(stderr, "pci %s: " fmt, pci_name(pdev), ##__VA_ARGS__)
#define pci_warn pci_info

#endif
