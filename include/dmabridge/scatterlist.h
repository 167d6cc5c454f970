/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Scatterlists: struct scatterlist entries in one flat array (no
 * chaining), struct sg_table with the CPU view (orig_nents entries with
 * pages) and the DMA view (nents entries after dma_map_sgtable merged
 * what the IOMMU made contiguous).
 */
#ifndef DMABRIDGE_SCATTERLIST_H
#define DMABRIDGE_SCATTERLIST_H

#include <dmabridge/types.h>
#include <dmabridge/page.h>

#define SG_END 0x02UL		/* in page_link: the last entry */
#define SG_PAGE_MASK (~0x3UL)

/* sg->dma_flags */
#define SG_DMA_BUS_ADDRESS (1 << 0)	/* a P2P bus address, no IOMMU */

/**
 * struct scatterlist - one entry of a scatter-gather table
 * @page_link: the page pointer, with SG_END in its low bits
 * @offset: offset in the page
 * @length: CPU bytes
 * @dma_address: DMA address after mapping
 * @dma_length: DMA bytes after mapping
 * @dma_flags: SG_DMA_BUS_ADDRESS for a P2P bus address (no IOMMU)
 *
 * Entries live in one flat array (no chaining).
 */
struct scatterlist {
	unsigned long page_link;
	unsigned int offset;
	unsigned int length;
	dma_addr_t dma_address;
	unsigned int dma_length;
	unsigned int dma_flags;
};

/**
 * struct sg_table - a scatter-gather table
 * @sgl: the entries
 * @nents: mapped (DMA) entries, after dma_map_sgtable() merged what the
 * 	IOMMU made contiguous
 * @orig_nents: CPU entries (with pages)
 */
struct sg_table {
	struct scatterlist *sgl;
	unsigned int nents;		/* mapped (DMA) entries */
	unsigned int orig_nents;	/* CPU entries */
};

#define sg_dma_address(sg) ((sg)->dma_address)
#define sg_dma_len(sg) ((sg)->dma_length)

/**
 * sg_is_last() - is an entry the last one?
 * @sg: the entry
 *
 * Return: true if marked with SG_END.
 */
static inline bool sg_is_last(const struct scatterlist *sg)
{
	return sg->page_link & SG_END;
}

/**
 * sg_next() - the next entry
 * @sg: the entry
 *
 * Return: the next entry, or NULL after the last.
 */
static inline struct scatterlist *sg_next(struct scatterlist *sg)
{
	return sg_is_last(sg) ? NULL : sg + 1;
}

/**
 * sg_page() - the page of an entry
 * @sg: the entry
 *
 * Return: the page (NULL for a DMA-only table).
 */
static inline struct page *sg_page(const struct scatterlist *sg)
{
	return (struct page *)(sg->page_link & SG_PAGE_MASK);
}

/**
 * sg_assign_page() - set the page, keeping the end mark
 * @sg: the entry
 * @page: the page
 */
static inline void sg_assign_page(struct scatterlist *sg, struct page *page)
{
	sg->page_link = (sg->page_link & SG_END) | (unsigned long)page;
}

/**
 * sg_set_page() - set page, length and offset
 * @sg: the entry
 * @page: the page
 * @len: bytes
 * @offset: offset in the page
 */
static inline void sg_set_page(struct scatterlist *sg, struct page *page,
			       unsigned int len, unsigned int offset)
{
	sg_assign_page(sg, page);
	sg->offset = offset;
	sg->length = len;
}

/**
 * sg_mark_end() - make an entry the last
 * @sg: the entry
 */
static inline void sg_mark_end(struct scatterlist *sg)
{
	sg->page_link |= SG_END;
}

/**
 * sg_unmark_end() - clear the end mark
 * @sg: the entry
 */
static inline void sg_unmark_end(struct scatterlist *sg)
{
	sg->page_link &= ~SG_END;
}

/**
 * sg_phys() - the physical address of an entry
 * @sg: the entry (with a page)
 *
 * Return: the address.
 */
static inline phys_addr_t sg_phys(const struct scatterlist *sg)
{
	return page_to_phys(sg_page(sg)) + sg->offset;
}

/**
 * sg_virt() - the kernel address of an entry
 * @sg: the entry (with a page)
 *
 * Return: the address.
 */
static inline void *sg_virt(const struct scatterlist *sg)
{
	return (char *)page_address(sg_page(sg)) + sg->offset;
}

/**
 * sg_dma_is_bus_address() - is the DMA address a P2P bus address?
 * @sg: the entry
 *
 * Return: true if SG_DMA_BUS_ADDRESS is set.
 */
static inline bool sg_dma_is_bus_address(const struct scatterlist *sg)
{
	return sg->dma_flags & SG_DMA_BUS_ADDRESS;
}

/**
 * sg_dma_mark_bus_address() - mark the DMA address as a P2P bus address
 * @sg: the entry
 */
static inline void sg_dma_mark_bus_address(struct scatterlist *sg)
{
	sg->dma_flags |= SG_DMA_BUS_ADDRESS;
}

/**
 * sg_dma_unmark_bus_address() - clear SG_DMA_BUS_ADDRESS
 * @sg: the entry
 */
static inline void sg_dma_unmark_bus_address(struct scatterlist *sg)
{
	sg->dma_flags &= ~SG_DMA_BUS_ADDRESS;
}

/**
 * for_each_sg - iterate over entries
 * @sglist: the first entry
 * @sg: the entry cursor
 * @nr: how many
 * @__i: the index
 */
#define for_each_sg(sglist, sg, nr, __i)                                   \
	for (__i = 0, sg = (sglist); __i < (nr); __i++, sg = sg_next(sg))
/**
 * for_each_sgtable_sg - every CPU entry of a table
 * @sgt: the table
 * @sg: the entry cursor
 * @i: the index
 */
#define for_each_sgtable_sg(sgt, sg, i)                                    \
	for_each_sg((sgt)->sgl, sg, (sgt)->orig_nents, i)
/**
 * for_each_sgtable_dma_sg - every DMA entry (after dma_map_sgtable())
 * @sgt: the table
 * @sg: the entry cursor
 * @i: the index
 */
#define for_each_sgtable_dma_sg(sgt, sg, i)                                \
	for_each_sg((sgt)->sgl, sg, (sgt)->nents, i)

/**
 * sg_alloc_table() - a table of zeroed entries
 * @table: the table
 * @nents: entries (nents == orig_nents == @nents; the last is marked)
 * @gfp: GFP_*
 *
 * Context: may sleep with GFP_KERNEL.
 * Return: 0, -EINVAL for @nents 0, -ENOMEM.
 */
int sg_alloc_table(struct sg_table *table, unsigned int nents, gfp_t gfp);
/**
 * sg_free_table() - free a table's entries
 * @table: the table
 *
 * Context: any context.
 */
void sg_free_table(struct sg_table *table);
/**
 * sg_alloc_table_from_pages_segment() - a table for an array of pages
 * @sgt: the table
 * @pages: the pages
 * @n_pages: entries in @pages
 * @offset: bytes into the first page
 * @size: total bytes
 * @max_segment: the longest entry
 * @gfp: GFP_*
 *
 * Physically contiguous pages are merged into one entry of at most
 * @max_segment bytes.
 *
 * Context: may sleep with GFP_KERNEL.
 * Return: 0, -EINVAL (bad arguments), -ENOMEM.
 */
int sg_alloc_table_from_pages_segment(struct sg_table *sgt, struct page **pages,
				      unsigned int n_pages, unsigned int offset,
				      unsigned long size,
				      unsigned int max_segment, gfp_t gfp);
/**
 * sg_alloc_table_from_pages() - the same with the largest segment
 * @sgt: the table
 * @pages: the pages
 * @n_pages: entries in @pages
 * @offset: bytes into the first page
 * @size: total bytes
 * @gfp: GFP_*
 *
 * Context: may sleep with GFP_KERNEL.
 * Return: as sg_alloc_table_from_pages_segment().
 */
static inline int sg_alloc_table_from_pages(struct sg_table *sgt,
					    struct page **pages,
					    unsigned int n_pages,
					    unsigned int offset,
					    unsigned long size, gfp_t gfp)
{
	return sg_alloc_table_from_pages_segment(sgt, pages, n_pages, offset,
						 size, 0xfffff000u, gfp);
}
/**
 * sg_table_bytes() - descriptor memory a table uses
 * @table: the table
 *
 * For the benchmarks.
 *
 * Context: any context.
 * Return: bytes.
 */
size_t sg_table_bytes(const struct sg_table *table);

#endif
