/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Mapping helpers for dma-buf exporters and the core: build a DMA-only
 * sg_table from physical ranges (Linux 6.19's dma-buf-mapping.h, with the
 * 7.0 struct phys_vec), and the bookkeeping every mapping type shares.
 */
#ifndef DMABRIDGE_DMA_BUF_MAPPING_H
#define DMABRIDGE_DMA_BUF_MAPPING_H

#include <dmabridge/dma-buf.h>

struct p2pdma_provider;
struct sg_table;

/*
 * An sg_table with DMA addresses only (no pages, orig_nents = 0) for
 * @attach->dev reaching the MMIO ranges of @provider: bus addresses when
 * a switch routes P2P, the two-step IOVA API (or dma_map_phys with
 * DMA_ATTR_MMIO) through the host bridge, -EINVAL when the path does not
 * allow P2P. Resv held. Free with dma_buf_free_sgt().
 */
struct sg_table *dma_buf_phys_vec_to_sgt(struct dma_buf_attachment *attach,
					 struct p2pdma_provider *provider,
					 struct phys_vec *phys_vec,
					 size_t nr_ranges, size_t size,
					 enum dma_data_direction dir);
void dma_buf_free_sgt(struct dma_buf_attachment *attach, struct sg_table *sgt,
		      enum dma_data_direction dir);

/* Give back a list from ops->map_phys (ops->unmap_phys or free). */
void dma_buf_put_phys_list(struct dma_buf_attachment *attach,
			   struct dma_buf_phys_list *list);

/*
 * dmabridge: dma_buf_mapping_attach() with the importer's P2P ability
 * given explicitly, so a static importer (NULL @importer_ops) may ask
 * for P2P memory (Linux's static importers never get it).
 */
struct dma_buf_attachment *
__dma_buf_mapping_attach(struct dma_buf *dmabuf, struct device *dev,
			 const enum dma_buf_mapping_type *types,
			 unsigned int nr_types,
			 const struct dma_buf_attach_ops *importer_ops,
			 void *importer_priv, bool allow_p2p);
/* The importer's device name for messages ("(no device)" for PAL). */
const char *dma_buf_attach_name(struct dma_buf_attachment *attach);

/* Core internals shared by dma-buf.c and dma-buf-mapping.c. */
int __dma_buf_map_begin(struct dma_buf_attachment *attach,
			enum dma_buf_mapping_type type);
int __dma_buf_map_end(struct dma_buf_attachment *attach);
void __dma_buf_map_abort(struct dma_buf_attachment *attach);
void __dma_buf_unmap_done(struct dma_buf_attachment *attach);
/* SGT for exporters that only have map_phys. */
struct sg_table *__dma_buf_map_phys_sgt(struct dma_buf_attachment *attach,
					enum dma_data_direction dir);
void __dma_buf_unmap_phys_sgt(struct dma_buf_attachment *attach,
			      struct sg_table *sgt,
			      enum dma_data_direction dir);
/*
 * For exporters whose backing is an array of RAM pages (system heap,
 * udmabuf): an SGT of @pages mapped for the attaching device, its
 * unmap, and the physical address list with contiguous pages merged.
 */
struct page;
struct sg_table *dma_buf_pages_map_sgt(struct dma_buf_attachment *attach,
				       struct page **pages,
				       unsigned long nr_pages,
				       enum dma_data_direction dir);
void dma_buf_pages_unmap_sgt(struct dma_buf_attachment *attach,
			     struct sg_table *sgt, enum dma_data_direction dir);
struct dma_buf_phys_list *dma_buf_pages_to_phys_list(struct page **pages,
						     unsigned long nr_pages);
/* Their ->match_mapping: SGT first, then PAL (RAM, never P2P). */
int dma_buf_pages_match_mapping(struct dma_buf_match_args *args);

/* Walk the platform's buffers with the registry lock held. */
int dma_buf_for_each(struct platform *plat,
		     int (*fn)(struct dma_buf *dmabuf, void *arg), void *arg);

#endif
