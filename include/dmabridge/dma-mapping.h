/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The DMA API: map memory for a device and get the address the device
 * must use. Three paths, chosen per device: no IOMMU or a passthrough
 * (identity) IOMMU -- the DMA address is the physical address, checked
 * against the DMA mask; a translating IOMMU -- an IOVA from the device's
 * default DMA domain, under the mask; and P2P bus addresses for a peer
 * BAR behind the same switch.
 *
 * Every address handed out records the sanitizer claim(s) it expects (the
 * ones the caller learned the memory under, see sanitizer.h): in the IO
 * PTE for IOVAs, and as a mapping handle in the device's tables (direct
 * and IOVA), which the mapping thread learns so DMA engine jobs carry it.
 * Unmapped IOVAs wait in the domain's quarantine before reuse.
 */
#ifndef DMABRIDGE_DMA_MAPPING_H
#define DMABRIDGE_DMA_MAPPING_H

#include <dmabridge/types.h>
#include <dmabridge/page.h>
#include <dmabridge/scatterlist.h>
#include <dmabridge/sanitizer.h>

struct device;

enum dma_data_direction {
	DMA_BIDIRECTIONAL = 0,
	DMA_TO_DEVICE = 1,
	DMA_FROM_DEVICE = 2,
	DMA_NONE = 3,
};

#define DMA_ATTR_WEAK_ORDERING (1UL << 1)
#define DMA_ATTR_WRITE_COMBINE (1UL << 2)
#define DMA_ATTR_NO_KERNEL_MAPPING (1UL << 4)
#define DMA_ATTR_SKIP_CPU_SYNC (1UL << 5)
#define DMA_ATTR_FORCE_CONTIGUOUS (1UL << 6)
#define DMA_ATTR_ALLOC_SINGLE_PAGES (1UL << 7)
#define DMA_ATTR_NO_WARN (1UL << 8)
#define DMA_ATTR_PRIVILEGED (1UL << 9)
/* Memory without struct page (MMIO, a BAR): required for such memory. */
#define DMA_ATTR_MMIO (1UL << 10)

#define DMA_BIT_MASK(n) (((n) == 64) ? ~0ULL : ((1ULL << (n)) - 1))

static inline bool valid_dma_direction(enum dma_data_direction dir)
{
	return dir == DMA_BIDIRECTIONAL || dir == DMA_TO_DEVICE ||
	       dir == DMA_FROM_DEVICE;
}

/* Masks: 0 or -EIO (mask narrower than 24 bits, or no dma_mask). */
int dma_set_mask(struct device *dev, u64 mask);
int dma_set_coherent_mask(struct device *dev, u64 mask);
int dma_set_mask_and_coherent(struct device *dev, u64 mask);
/* The streaming mask (32 bits if never set, as in Linux). */
u64 dma_get_mask(struct device *dev);

/*
 * Map [phys, phys + size). RAM may be mapped with or without
 * DMA_ATTR_MMIO (Linux does not forbid it; the IOMMU entry is then
 * IOMMU_MMIO). Memory without struct page (a BAR) needs DMA_ATTR_MMIO:
 * without it, a WARN and DMA_MAPPING_ERROR. For a BAR the P2P map type
 * of the provider decides: THRU_HOST_BRIDGE -> IOVA (or the CPU physical
 * address without a translating IOMMU), BUS_ADDR -> the bus address
 * (recorded, no IOMMU entry), NOT_SUPPORTED -> DMA_MAPPING_ERROR.
 */
dma_addr_t dma_map_phys(struct device *dev, phys_addr_t phys, size_t size,
			enum dma_data_direction dir, unsigned long attrs);
void dma_unmap_phys(struct device *dev, dma_addr_t addr, size_t size,
		    enum dma_data_direction dir, unsigned long attrs);
dma_addr_t dma_map_page_attrs(struct device *dev, struct page *page,
			      size_t offset, size_t size,
			      enum dma_data_direction dir, unsigned long attrs);
void dma_unmap_page_attrs(struct device *dev, dma_addr_t addr, size_t size,
			  enum dma_data_direction dir, unsigned long attrs);
#define dma_map_page(d, p, o, s, r) dma_map_page_attrs(d, p, o, s, r, 0)
#define dma_unmap_page(d, a, s, r) dma_unmap_page_attrs(d, a, s, r, 0)
/* -ENOMEM for DMA_MAPPING_ERROR, else 0. */
int dma_mapping_error(struct device *dev, dma_addr_t dma_addr);

/*
 * Map every CPU entry of @sgt; with an IOMMU, into one IOVA range whose
 * contiguous parts become single DMA entries (sgt->nents). 0, -EINVAL,
 * -ENOMEM, -EIO (address beyond the mask without an IOMMU).
 */
int dma_map_sgtable(struct device *dev, struct sg_table *sgt,
		    enum dma_data_direction dir, unsigned long attrs);
void dma_unmap_sgtable(struct device *dev, struct sg_table *sgt,
		       enum dma_data_direction dir, unsigned long attrs);
/* Legacy forms: the number of DMA entries, 0 on failure. */
int dma_map_sg_attrs(struct device *dev, struct scatterlist *sg, int nents,
		     enum dma_data_direction dir, unsigned long attrs);
void dma_unmap_sg_attrs(struct device *dev, struct scatterlist *sg, int nents,
			enum dma_data_direction dir, unsigned long attrs);
#define dma_map_sg(d, s, n, r) dma_map_sg_attrs(d, s, n, r, 0)
#define dma_unmap_sg(d, s, n, r) dma_unmap_sg_attrs(d, s, n, r, 0)

/* The platform is cache coherent: syncs only validate their arguments. */
void dma_sync_single_for_cpu(struct device *dev, dma_addr_t addr, size_t size,
			     enum dma_data_direction dir);
void dma_sync_single_for_device(struct device *dev, dma_addr_t addr,
				size_t size, enum dma_data_direction dir);

/**
 * dma_mapping_learn() - the calling thread takes a live DMA address over
 * @dev: the device the address is for
 * @addr: a DMA address of one of @dev's live mappings
 *
 * Not Linux: the DMA sanitizer's annotation. A DMA job expects the mapping
 * its submitting thread learned at @addr (the thread that mapped it). A
 * thread that queues DMA to an address another thread mapped (an
 * importer's shared mapping) calls this where it reads the address, under
 * the lock that keeps the mapping alive, so a later reuse of the same
 * address by a stale mapping of its own is not mistaken for it.
 *
 * Context: any; the mapping at @addr must stay mapped meanwhile.
 */
void dma_mapping_learn(struct device *dev, dma_addr_t addr);

/*
 * The two-step API (Linux 6.16): allocate an IOVA range once, then link
 * physical ranges into it at chosen offsets, sync, and later unlink and
 * destroy. Only devices behind a translating IOMMU can use it:
 * dma_iova_try_alloc() returns false otherwise and callers fall back to
 * dma_map_phys() per range.
 */
struct dma_iova_state {
	dma_addr_t addr;
	u64 __size;
};

static inline bool dma_use_iova(struct dma_iova_state *state)
{
	return state->__size != 0;
}

/* @phys gives the offset into the first IO page; @size the total. */
bool dma_iova_try_alloc(struct device *dev, struct dma_iova_state *state,
			phys_addr_t phys, size_t size);
void dma_iova_free(struct device *dev, struct dma_iova_state *state);
/*
 * Map [phys, phys + size) at state->addr + @offset. Only the first link
 * (offset 0) may start inside an IO page. 0, -EIO (unaligned later link),
 * -EINVAL (beyond the allocation, misaligned), -EEXIST (already linked
 * there), -EREMOTEIO (a BAR @dev cannot reach), -ENOMEM.
 */
int dma_iova_link(struct device *dev, struct dma_iova_state *state,
		  phys_addr_t phys, size_t offset, size_t size,
		  enum dma_data_direction dir, unsigned long attrs);
int dma_iova_sync(struct device *dev, struct dma_iova_state *state,
		  size_t offset, size_t size);
void dma_iova_unlink(struct device *dev, struct dma_iova_state *state,
		     size_t offset, size_t size, enum dma_data_direction dir,
		     unsigned long attrs);
void dma_iova_destroy(struct device *dev, struct dma_iova_state *state,
		      size_t mapped_len, enum dma_data_direction dir,
		      unsigned long attrs);

/*
 * Direct-address records, for callers that give a device an address
 * without the DMA API -- the P2P bus address of pci_p2pdma_bus_addr_map()
 * for PCI_P2PDMA_MAP_BUS_ADDR. dma_direct_record() notes that @dev may
 * use [addr, addr + len) to reach [phys, phys + len), expecting the claims
 * the calling thread learned the range under (see sanitizer.h; the current
 * ones if it never learned it), as a sanitizer mapping handle the thread
 * learns too; dma_direct_forget() drops the record (same addr and len).
 * A device access by an address nobody recorded for it is reported.
 * 0, -EINVAL, -ENOMEM / -ENOENT.
 */
int dma_direct_record(struct device *dev, dma_addr_t addr, phys_addr_t phys,
		      size_t len);
int dma_direct_forget(struct device *dev, dma_addr_t addr, size_t len);

/*
 * The expectation recorded for a direct access by @dev at [addr, addr +
 * len): if several records alias @addr, one that no longer holds. Returns
 * 1 and fills *phys / *owner (the claim expected for the page at @addr)
 * with *len_ok the bytes covered from @addr; 0 if no record. (Engines
 * use the handle their job carries instead.)
 */
int dma_direct_lookup(struct device *dev, dma_addr_t addr, size_t len,
		      phys_addr_t *phys, san_owner_t *owner, size_t *len_ok);
/*
 * Largest DMA segment dma_map_sgtable() builds (Linux: 64 KiB unless the
 * driver raised it). 0 or -ENOMEM.
 */
int dma_set_max_seg_size(struct device *dev, unsigned int size);
unsigned int dma_get_max_seg_size(struct device *dev);
/* Direct mappings @dev still holds. */
unsigned long dma_direct_count(struct device *dev);
/* Drop dev's DMA API state (iommu_release_device() calls it). */
void dma_release_device(struct device *dev);

#endif
