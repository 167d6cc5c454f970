/* SPDX-License-Identifier: GPL-2.0 */
/* Private to dma/: per-device DMA state and the P2P glue. */
#ifndef DMABRIDGE_DMA_INTERNAL_H
#define DMABRIDGE_DMA_INTERNAL_H

#include <dmabridge/device.h>
#include <dmabridge/dma-mapping.h>
#include <dmabridge/interval_tree.h>
#include <dmabridge/spinlock.h>
#include <dmabridge/hw.h>
#include <dmabridge/pci-p2pdma.h>

struct iommu_domain;

struct dev_dma {
	spinlock_t lock;
	struct interval_tree_root direct;	/* struct dma_direct_map */
	unsigned long nr_direct;
	unsigned int max_seg_size;
};

/* dma/direct.c */
struct dev_dma *dev_dma_get(struct device *dev);

/* dma/mapping.c: the device's DMA domain if it translates, else NULL. */
struct iommu_domain *dma_iommu_domain(struct device *dev);
int dma_dir_to_prot(enum dma_data_direction dir, unsigned long attrs);

/* dma/p2p.c: how @dev reaches BAR region @r (always a map type). */
enum pci_p2pdma_map_type dma_p2p_map_type(struct device *dev,
					  struct phys_region *r);
dma_addr_t dma_p2p_bus_addr(struct phys_region *r, phys_addr_t phys);
/* hw/fabric.c: hardware routing for DMA engines (see pci.h). */
bool dma_route_switch(struct device *initiator, dma_addr_t addr, size_t len,
		      phys_addr_t *phys);
bool dma_route_host(struct device *initiator, dma_addr_t addr, size_t len,
		    phys_addr_t *phys);

#endif
