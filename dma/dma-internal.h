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
#include <dmabridge/sanitizer.h>

struct iommu_domain;

/* Unmapped handles kept per device for use-after-unmap reports. */
#define DMA_GRAVEYARD 64

struct dev_dma {
	spinlock_t lock;
	struct interval_tree_root direct;	/* struct dma_direct_map */
	unsigned long nr_direct;
	struct interval_tree_root iova;		/* IOVA mappings, same */
	unsigned long nr_iova;
	struct san_map *grave[DMA_GRAVEYARD];	/* under lock */
	unsigned int grave_next;
	/*
	 * The IOVA state linked last, found without the lock: written
	 * under it, read by dma_state_handle() under the sequence count
	 * (odd while it changes). Cleared when that handle is removed.
	 */
	unsigned long hint_seq;
	dma_addr_t hint_base;
	size_t hint_size;
	struct san_map *hint;
	unsigned int max_seg_size;
};

/* dma/direct.c */
struct dev_dma *dev_dma_get(struct device *dev);
/* Record a mapping (its sanitizer handle expects what the thread learned). */
int dma_record_mapping(struct device *dev, enum san_map_kind kind,
		       dma_addr_t addr, phys_addr_t phys, size_t len);
/* Drop the record of exactly [addr, addr + len): 0 or -ENOENT. */
int dma_forget_mapping(struct device *dev, bool iova, dma_addr_t addr,
		       size_t len);
/*
 * A handle for a mapping made of pieces (a scatterlist table behind an
 * IOMMU): it gets its extents with san_map_add(), then dma_record_insert()
 * makes it live. NULL on -ENOMEM.
 */
struct san_map *dma_record_range(struct device *dev, enum san_map_kind kind,
				 dma_addr_t addr, size_t len);
void dma_record_insert(struct device *dev, struct san_map *m);
/*
 * The handle of the IOVA state at [base, base + size), made at its first
 * link: no reference, valid while the state is (its caller serializes
 * the state's link and free). NULL on -ENOMEM.
 */
struct san_map *dma_state_handle(struct device *dev, dma_addr_t base,
				 size_t size);
/* The IOVA state at @base unlinked [addr, addr + len). */
void dma_mapping_unlink(struct device *dev, dma_addr_t base, dma_addr_t addr,
			size_t len);
/*
 * The live handle covering @addr (a reference): with @id that handle only;
 * without, for direct records, one that no longer holds if any does.
 */
struct san_map *dma_mapping_lookup(struct device *dev, bool iova,
				   dma_addr_t addr, u64 id);
/*
 * A handle unmapped at @addr (a reference): a recently unmapped one, by
 * @id or (id 0) the newest covering @addr, or a live IOVA state whose
 * links no longer cover @addr.
 */
struct san_map *dma_mapping_unmapped(struct device *dev, dma_addr_t addr,
				     u64 id);

/* dma/mapping.c: the device's DMA domain if it translates, else NULL. */
struct iommu_domain *dma_iommu_domain(struct device *dev);
int dma_dir_to_prot(enum dma_data_direction dir, unsigned long attrs);
/*
 * IOVA frames of DMA domain @d: allocation below @limit_addr flushes the
 * quarantine when the space is used up; a free goes through it.
 */
unsigned long iommu_dma_alloc_iova(struct iommu_domain *d,
				   unsigned long npages, u64 limit_addr);
void iommu_dma_free_iova(struct iommu_domain *d, unsigned long pfn,
			 unsigned long npages);

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
