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

struct scatterlist {
	unsigned long page_link;
	unsigned int offset;
	unsigned int length;
	dma_addr_t dma_address;
	unsigned int dma_length;
	unsigned int dma_flags;
};

struct sg_table {
	struct scatterlist *sgl;
	unsigned int nents;		/* mapped (DMA) entries */
	unsigned int orig_nents;	/* CPU entries */
};

#define sg_dma_address(sg) ((sg)->dma_address)
#define sg_dma_len(sg) ((sg)->dma_length)

static inline bool sg_is_last(const struct scatterlist *sg)
{
	return sg->page_link & SG_END;
}

static inline struct scatterlist *sg_next(struct scatterlist *sg)
{
	return sg_is_last(sg) ? NULL : sg + 1;
}

static inline struct page *sg_page(const struct scatterlist *sg)
{
	return (struct page *)(sg->page_link & SG_PAGE_MASK);
}

static inline void sg_assign_page(struct scatterlist *sg, struct page *page)
{
	sg->page_link = (sg->page_link & SG_END) | (unsigned long)page;
}

static inline void sg_set_page(struct scatterlist *sg, struct page *page,
			       unsigned int len, unsigned int offset)
{
	sg_assign_page(sg, page);
	sg->offset = offset;
	sg->length = len;
}

static inline void sg_mark_end(struct scatterlist *sg)
{
	sg->page_link |= SG_END;
}

static inline void sg_unmark_end(struct scatterlist *sg)
{
	sg->page_link &= ~SG_END;
}

static inline phys_addr_t sg_phys(const struct scatterlist *sg)
{
	return page_to_phys(sg_page(sg)) + sg->offset;
}

static inline void *sg_virt(const struct scatterlist *sg)
{
	return (char *)page_address(sg_page(sg)) + sg->offset;
}

static inline bool sg_dma_is_bus_address(const struct scatterlist *sg)
{
	return sg->dma_flags & SG_DMA_BUS_ADDRESS;
}

static inline void sg_dma_mark_bus_address(struct scatterlist *sg)
{
	sg->dma_flags |= SG_DMA_BUS_ADDRESS;
}

static inline void sg_dma_unmark_bus_address(struct scatterlist *sg)
{
	sg->dma_flags &= ~SG_DMA_BUS_ADDRESS;
}

#define for_each_sg(sglist, sg, nr, __i)                                   \
	for (__i = 0, sg = (sglist); __i < (nr); __i++, sg = sg_next(sg))
/* Every CPU entry. */
#define for_each_sgtable_sg(sgt, sg, i)                                    \
	for_each_sg((sgt)->sgl, sg, (sgt)->orig_nents, i)
/* Every DMA entry (after dma_map_sgtable). */
#define for_each_sgtable_dma_sg(sgt, sg, i)                                \
	for_each_sg((sgt)->sgl, sg, (sgt)->nents, i)

/*
 * A table of @nents zeroed entries (nents == orig_nents == @nents, the
 * last one marked). 0, -EINVAL (nents 0) or -ENOMEM.
 */
int sg_alloc_table(struct sg_table *table, unsigned int nents, gfp_t gfp);
void sg_free_table(struct sg_table *table);
/*
 * A table for @n_pages pages starting @offset bytes into the first,
 * @size bytes long, merging physically contiguous pages into one entry of
 * at most @max_segment bytes.
 */
int sg_alloc_table_from_pages_segment(struct sg_table *sgt, struct page **pages,
				      unsigned int n_pages, unsigned int offset,
				      unsigned long size,
				      unsigned int max_segment, gfp_t gfp);
static inline int sg_alloc_table_from_pages(struct sg_table *sgt,
					    struct page **pages,
					    unsigned int n_pages,
					    unsigned int offset,
					    unsigned long size, gfp_t gfp)
{
	return sg_alloc_table_from_pages_segment(sgt, pages, n_pages, offset,
						 size, 0xfffff000u, gfp);
}
/* Bytes of descriptor memory @table uses (for the benchmarks). */
size_t sg_table_bytes(const struct sg_table *table);

#endif
