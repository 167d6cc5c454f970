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

/**
 * enum dma_data_direction - which way the data goes
 * @DMA_BIDIRECTIONAL: both ways
 * @DMA_TO_DEVICE: the device reads the memory
 * @DMA_FROM_DEVICE: the device writes the memory
 * @DMA_NONE: no direction (debugging)
 */
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
/**
 * DOC: DMA_ATTR_MMIO
 *
 * Memory without struct page (MMIO, a BAR) must be mapped with it; RAM may
 * be mapped with or without it (the IOMMU entry is then IOMMU_MMIO).
 */
#define DMA_ATTR_MMIO (1UL << 10)

#define DMA_BIT_MASK(n) (((n) == 64) ? ~0ULL : ((1ULL << (n)) - 1))

/**
 * valid_dma_direction() - is a direction one a mapping may have?
 * @dir: the direction
 *
 * Context: any context.
 * Return: true for DMA_BIDIRECTIONAL, DMA_TO_DEVICE and DMA_FROM_DEVICE.
 */
static inline bool valid_dma_direction(enum dma_data_direction dir)
{
	return dir == DMA_BIDIRECTIONAL || dir == DMA_TO_DEVICE ||
	       dir == DMA_FROM_DEVICE;
}

/**
 * dma_set_mask() - set the streaming DMA mask
 * @dev: the device
 * @mask: DMA_BIT_MASK(n)
 *
 * Context: process context (probe).
 * Return: 0, or -EIO (a mask narrower than 24 bits, or no dma_mask).
 */
int dma_set_mask(struct device *dev, u64 mask);
/**
 * dma_set_coherent_mask() - set the coherent DMA mask
 * @dev: the device
 * @mask: DMA_BIT_MASK(n)
 *
 * Context: process context (probe).
 * Return: 0, or -EIO for a mask narrower than 24 bits.
 */
int dma_set_coherent_mask(struct device *dev, u64 mask);
/**
 * dma_set_mask_and_coherent() - set both masks
 * @dev: the device
 * @mask: DMA_BIT_MASK(n)
 *
 * Context: process context (probe).
 * Return: as dma_set_mask().
 */
int dma_set_mask_and_coherent(struct device *dev, u64 mask);
/**
 * dma_get_mask() - the streaming DMA mask
 * @dev: the device
 *
 * Context: any context.
 * Return: the mask; 32 bits if never set, as in Linux.
 */
u64 dma_get_mask(struct device *dev);

/**
 * dma_map_phys() - map a physical range for a device
 * @dev: the device
 * @phys: start
 * @size: bytes
 * @dir: the DMA direction
 * @attrs: DMA_ATTR_*; DMA_ATTR_MMIO for memory without struct page
 *
 * For a BAR the P2P map type of its provider decides: THRU_HOST_BRIDGE
 * gives an IOVA (or the CPU physical address without a translating
 * IOMMU), BUS_ADDR the bus address (recorded, no IOMMU entry),
 * NOT_SUPPORTED fails. The address records the sanitizer claims the
 * calling thread learned the range under.
 *
 * Context: any context; may allocate.
 * Return: the DMA address, or DMA_MAPPING_ERROR (check with
 * dma_mapping_error()): a BAR without DMA_ATTR_MMIO (WARN), no P2P path,
 * an address beyond the mask without an IOMMU, no IOVA space or memory.
 */
dma_addr_t dma_map_phys(struct device *dev, phys_addr_t phys, size_t size,
			enum dma_data_direction dir, unsigned long attrs);
/**
 * dma_unmap_phys() - undo dma_map_phys()
 * @dev: the device
 * @addr: the DMA address
 * @size: bytes, as mapped
 * @dir: the DMA direction, as mapped
 * @attrs: DMA_ATTR_*
 *
 * The IOVA waits in the domain's quarantine before reuse.
 *
 * Context: any context.
 */
void dma_unmap_phys(struct device *dev, dma_addr_t addr, size_t size,
		    enum dma_data_direction dir, unsigned long attrs);
/**
 * dma_map_page_attrs() - map part of a page for a device
 * @dev: the device
 * @page: the page
 * @offset: offset in the page
 * @size: bytes
 * @dir: the DMA direction
 * @attrs: DMA_ATTR_*
 *
 * Context: any context.
 * Return: as dma_map_phys().
 */
dma_addr_t dma_map_page_attrs(struct device *dev, struct page *page,
			      size_t offset, size_t size,
			      enum dma_data_direction dir, unsigned long attrs);
/**
 * dma_unmap_page_attrs() - undo dma_map_page_attrs()
 * @dev: the device
 * @addr: the DMA address
 * @size: bytes
 * @dir: the DMA direction
 * @attrs: DMA_ATTR_*
 *
 * Context: any context.
 */
void dma_unmap_page_attrs(struct device *dev, dma_addr_t addr, size_t size,
			  enum dma_data_direction dir, unsigned long attrs);
#define dma_map_page(d, p, o, s, r) dma_map_page_attrs(d, p, o, s, r, 0)
#define dma_unmap_page(d, a, s, r) dma_unmap_page_attrs(d, a, s, r, 0)
/**
 * dma_mapping_error() - did a map call fail?
 * @dev: the device
 * @dma_addr: what it returned
 *
 * Context: any context.
 * Return: -ENOMEM for DMA_MAPPING_ERROR, else 0.
 */
int dma_mapping_error(struct device *dev, dma_addr_t dma_addr);

/**
 * dma_map_sgtable() - map every CPU entry of a table
 * @dev: the device
 * @sgt: the table; sgt->nents gets the number of DMA entries
 * @dir: the DMA direction
 * @attrs: DMA_ATTR_*
 *
 * With an IOMMU, into one IOVA range whose contiguous parts become single
 * DMA entries (no longer than the max segment size).
 *
 * Context: any context; may allocate.
 * Return: 0, -EINVAL (bad arguments), -ENOMEM, -EIO (an address beyond
 * the mask without an IOMMU).
 */
int dma_map_sgtable(struct device *dev, struct sg_table *sgt,
		    enum dma_data_direction dir, unsigned long attrs);
/**
 * dma_unmap_sgtable() - undo dma_map_sgtable()
 * @dev: the device
 * @sgt: the table
 * @dir: the DMA direction
 * @attrs: DMA_ATTR_*
 *
 * Context: any context.
 */
void dma_unmap_sgtable(struct device *dev, struct sg_table *sgt,
		       enum dma_data_direction dir, unsigned long attrs);
/**
 * dma_map_sg_attrs() - the legacy form of dma_map_sgtable()
 * @dev: the device
 * @sg: the first entry
 * @nents: CPU entries
 * @dir: the DMA direction
 * @attrs: DMA_ATTR_*
 *
 * Context: any context.
 * Return: the number of DMA entries, 0 on failure.
 */
int dma_map_sg_attrs(struct device *dev, struct scatterlist *sg, int nents,
		     enum dma_data_direction dir, unsigned long attrs);
/**
 * dma_unmap_sg_attrs() - undo dma_map_sg_attrs()
 * @dev: the device
 * @sg: the first entry
 * @nents: the CPU entries passed to the map
 * @dir: the DMA direction
 * @attrs: DMA_ATTR_*
 *
 * Context: any context.
 */
void dma_unmap_sg_attrs(struct device *dev, struct scatterlist *sg, int nents,
			enum dma_data_direction dir, unsigned long attrs);
#define dma_map_sg(d, s, n, r) dma_map_sg_attrs(d, s, n, r, 0)
#define dma_unmap_sg(d, s, n, r) dma_unmap_sg_attrs(d, s, n, r, 0)

/**
 * dma_sync_single_for_cpu() - give a mapped range back to the CPU
 * @dev: the device
 * @addr: a DMA address
 * @size: bytes
 * @dir: the mapping's direction
 *
 * The platform is cache coherent: syncs only validate their arguments.
 *
 * Context: any context.
 */
void dma_sync_single_for_cpu(struct device *dev, dma_addr_t addr, size_t size,
			     enum dma_data_direction dir);
/**
 * dma_sync_single_for_device() - give a mapped range to the device
 * @dev: the device
 * @addr: a DMA address
 * @size: bytes
 * @dir: the mapping's direction
 *
 * Context: any context.
 */
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

/**
 * struct dma_iova_state - an IOVA range of the two-step API
 * @addr: its first DMA address
 * @__size: its size; 0 when the device cannot use the API
 *
 * The two-step API (Linux 6.16): allocate an IOVA range once, link
 * physical ranges into it at chosen offsets, sync, later unlink and
 * destroy. Only devices behind a translating IOMMU can use it.
 */
struct dma_iova_state {
	dma_addr_t addr;
	u64 __size;
};

/**
 * dma_use_iova() - did dma_iova_try_alloc() succeed?
 * @state: the state
 *
 * Context: any context.
 * Return: true if it holds an IOVA range.
 */
static inline bool dma_use_iova(struct dma_iova_state *state)
{
	return state->__size != 0;
}

/**
 * dma_iova_try_alloc() - allocate an IOVA range
 * @dev: the device
 * @state: receives the range
 * @phys: gives the offset into the first IO page
 * @size: the total size
 *
 * Context: any context; may allocate.
 * Return: true if allocated; false when @dev has no translating IOMMU (or
 * no space): map each range with dma_map_phys() instead.
 */
bool dma_iova_try_alloc(struct device *dev, struct dma_iova_state *state,
			phys_addr_t phys, size_t size);
/**
 * dma_iova_free() - free an IOVA range with nothing linked
 * @dev: the device
 * @state: the range
 *
 * Context: any context.
 */
void dma_iova_free(struct device *dev, struct dma_iova_state *state);
/**
 * dma_iova_link() - map a physical range into an IOVA range
 * @dev: the device
 * @state: the range
 * @phys: start
 * @offset: where in the range (only the first link may start inside an IO
 * 	page)
 * @size: bytes
 * @dir: the DMA direction
 * @attrs: DMA_ATTR_*
 *
 * Context: any context; may allocate.
 * Return: 0, -EIO (an unaligned later link), -EINVAL (beyond the
 * allocation, misaligned), -EEXIST (already linked there), -EREMOTEIO (a
 * BAR @dev cannot reach), -ENOMEM.
 */
int dma_iova_link(struct device *dev, struct dma_iova_state *state,
		  phys_addr_t phys, size_t offset, size_t size,
		  enum dma_data_direction dir, unsigned long attrs);
/**
 * dma_iova_sync() - make links visible to the device (the IOTLB)
 * @dev: the device
 * @state: the range
 * @offset: from
 * @size: bytes
 *
 * Context: any context.
 * Return: 0, or -EINVAL outside the range.
 */
int dma_iova_sync(struct device *dev, struct dma_iova_state *state,
		  size_t offset, size_t size);
/**
 * dma_iova_unlink() - unmap part of an IOVA range
 * @dev: the device
 * @state: the range
 * @offset: from
 * @size: bytes
 * @dir: the DMA direction
 * @attrs: DMA_ATTR_*
 *
 * Context: any context.
 */
void dma_iova_unlink(struct device *dev, struct dma_iova_state *state,
		     size_t offset, size_t size, enum dma_data_direction dir,
		     unsigned long attrs);
/**
 * dma_iova_destroy() - unlink what was mapped and free the range
 * @dev: the device
 * @state: the range
 * @mapped_len: bytes linked from offset 0
 * @dir: the DMA direction
 * @attrs: DMA_ATTR_*
 *
 * Context: any context.
 */
void dma_iova_destroy(struct device *dev, struct dma_iova_state *state,
		      size_t mapped_len, enum dma_data_direction dir,
		      unsigned long attrs);

/**
 * dma_state_hint_set_race_hook() - tests only: run a hook inside the
 *	lock-free lookup of an IOVA state's sanitizer handle
 * @hook: called after the hint's range was read and before its handle
 *	is, so a test can link another state exactly there; NULL removes it
 * @arg: passed to @hook
 *
 * A dmabridge test hook, not Linux.
 *
 * Context: any context; not while another thread links.
 */
void dma_state_hint_set_race_hook(void (*hook)(struct device *dev,
					       void *arg),
				  void *arg);

/**
 * dma_direct_record() - record an address given to a device outside the API
 * @dev: the device
 * @addr: the DMA address (e.g. a P2P bus address from
 * 	pci_p2pdma_bus_addr_map() for PCI_P2PDMA_MAP_BUS_ADDR)
 * @phys: what it reaches
 * @len: bytes
 *
 * dmabridge's sanitizer bookkeeping: @dev may use [@addr, @addr + @len),
 * expecting the claims the calling thread learned the range under (the
 * current ones if it never learned it), as a mapping handle the thread
 * learns too. A device access by an address nobody recorded for it is
 * reported.
 *
 * Context: any context.
 * Return: 0, -EINVAL, -ENOMEM.
 */
int dma_direct_record(struct device *dev, dma_addr_t addr, phys_addr_t phys,
		      size_t len);
/**
 * dma_direct_forget() - drop a dma_direct_record() record
 * @dev: the device
 * @addr: as recorded
 * @len: as recorded
 *
 * Context: any context.
 * Return: 0, or -ENOENT if there is no such record.
 */
int dma_direct_forget(struct device *dev, dma_addr_t addr, size_t len);

/**
 * dma_direct_lookup() - the expectation recorded for a direct access
 * @dev: the device
 * @addr: the DMA address
 * @len: bytes
 * @phys: receives the physical address
 * @owner: receives the claim expected for the page at @addr
 * @len_ok: receives the bytes covered from @addr
 *
 * If several records alias @addr, one that no longer holds is chosen.
 * (Engines use the handle their job carries instead.)
 *
 * Context: any context.
 * Return: 1 if a record was found, 0 if none.
 */
int dma_direct_lookup(struct device *dev, dma_addr_t addr, size_t len,
		      phys_addr_t *phys, san_owner_t *owner, size_t *len_ok);
/**
 * dma_set_max_seg_size() - largest DMA segment dma_map_sgtable() builds
 * @dev: the device
 * @size: bytes (Linux: 64 KiB unless the driver raised it)
 *
 * Context: process context (probe).
 * Return: 0, or -ENOMEM.
 */
int dma_set_max_seg_size(struct device *dev, unsigned int size);
/**
 * dma_get_max_seg_size() - the largest DMA segment
 * @dev: the device
 *
 * Context: any context.
 * Return: bytes.
 */
unsigned int dma_get_max_seg_size(struct device *dev);
/**
 * dma_direct_count() - direct mappings a device still holds
 * @dev: the device
 *
 * Context: any context.
 * Return: the count.
 */
unsigned long dma_direct_count(struct device *dev);
/**
 * dma_release_device() - drop a device's DMA API state
 * @dev: the device
 *
 * iommu_release_device() calls it.
 *
 * Context: process context; the device does no more DMA.
 */
void dma_release_device(struct device *dev);

#endif
