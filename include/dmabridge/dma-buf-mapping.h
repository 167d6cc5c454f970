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

/**
 * dma_buf_phys_vec_to_sgt() - a DMA-only sg_table of MMIO ranges
 * @attach: the attachment; the table is for @attach->dev
 * @provider: the P2P provider of the BAR the ranges are in
 * @phys_vec: the ranges
 * @nr_ranges: entries in @phys_vec
 * @size: their total length (checked)
 * @dir: the DMA direction
 *
 * DMA addresses only (no pages, orig_nents = 0): bus addresses when a
 * switch routes P2P, the two-step IOVA API (or dma_map_phys() with
 * DMA_ATTR_MMIO) through the host bridge. Linux 6.19's helper, with 7.0's
 * struct phys_vec.
 *
 * Context: resv held.
 * Return: the table (free with dma_buf_free_sgt()), or ERR_PTR(-EINVAL)
 * (no provider, no ranges, lengths that do not add up to @size, a path
 * that does not allow P2P), -ENOMEM, or the DMA API's errno.
 */
struct sg_table *dma_buf_phys_vec_to_sgt(struct dma_buf_attachment *attach,
					 struct p2pdma_provider *provider,
					 struct phys_vec *phys_vec,
					 size_t nr_ranges, size_t size,
					 enum dma_data_direction dir);
/**
 * dma_buf_free_sgt() - unmap and free a dma_buf_phys_vec_to_sgt() table
 * @attach: the attachment
 * @sgt: the table
 * @dir: the DMA direction
 *
 * Context: resv held.
 */
void dma_buf_free_sgt(struct dma_buf_attachment *attach, struct sg_table *sgt,
		      enum dma_data_direction dir);

/**
 * dma_buf_put_phys_list() - give back a list from ops->map_phys
 * @attach: the attachment
 * @list: the list
 *
 * Through ops->unmap_phys, or dma_buf_phys_list_free() without one.
 *
 * Context: resv held.
 */
void dma_buf_put_phys_list(struct dma_buf_attachment *attach,
			   struct dma_buf_phys_list *list);

/**
 * __dma_buf_mapping_attach() - dma_buf_mapping_attach() with P2P explicit
 * @dmabuf: the buffer
 * @dev: the importing device; NULL if @types holds only PAL
 * @types: the mapping types the importer accepts
 * @nr_types: entries in @types
 * @importer_ops: NULL for a static importer
 * @importer_priv: the importer's
 * @allow_p2p: the importer can take P2P memory
 *
 * dmabridge: lets a static importer (NULL @importer_ops) ask for P2P
 * memory, which Linux's static importers never get.
 *
 * Context: process context; no resv held (taken for the match).
 * Return: as dma_buf_mapping_attach().
 */
struct dma_buf_attachment *
__dma_buf_mapping_attach(struct dma_buf *dmabuf, struct device *dev,
			 const enum dma_buf_mapping_type *types,
			 unsigned int nr_types,
			 const struct dma_buf_attach_ops *importer_ops,
			 void *importer_priv, bool allow_p2p);
/**
 * dma_buf_attach_name() - the importer's device name, for messages
 * @attach: the attachment
 *
 * Context: any context.
 * Return: the name, or "(no device)" for a PAL importer.
 */
const char *dma_buf_attach_name(struct dma_buf_attachment *attach);

/**
 * __dma_buf_map_begin() - start a mapping: the bookkeeping of every type
 * @attach: the attachment
 * @type: the type being mapped
 *
 * Core internals shared by dma-buf.c and dma-buf-mapping.c. A static
 * importer's mapping pins the buffer.
 *
 * Context: resv held.
 * Return: 0, -EINVAL (@type is not the attachment's), -ENODEV (revoked),
 * or the exporter's ->pin errno.
 */
int __dma_buf_map_begin(struct dma_buf_attachment *attach,
			enum dma_buf_mapping_type type);
/**
 * __dma_buf_map_end() - finish a mapping: count it
 * @attach: the attachment
 *
 * A static importer first waits for the buffer's KERNEL fences.
 *
 * Context: resv held; may sleep.
 * Return: 0, or -ERESTARTSYS if a signal cut the wait.
 */
int __dma_buf_map_end(struct dma_buf_attachment *attach);
/**
 * __dma_buf_map_abort() - undo __dma_buf_map_begin() after a failure
 * @attach: the attachment
 *
 * Context: resv held.
 */
void __dma_buf_map_abort(struct dma_buf_attachment *attach);
/**
 * __dma_buf_unmap_done() - the bookkeeping of an unmap
 * @attach: the attachment
 *
 * Uncounts the mapping, unpins a static importer's, and wakes
 * dma_buf_wait_unmapped() when the last mapping goes.
 *
 * Context: resv held.
 */
void __dma_buf_unmap_done(struct dma_buf_attachment *attach);
/**
 * __dma_buf_map_phys_sgt() - an SGT for exporters that only have map_phys
 * @attach: the attachment
 * @dir: the DMA direction
 *
 * Context: resv held; may sleep.
 * Return: the table, or an ERR_PTR() of the exporter's or DMA API's errno.
 */
struct sg_table *__dma_buf_map_phys_sgt(struct dma_buf_attachment *attach,
					enum dma_data_direction dir);
/**
 * __dma_buf_unmap_phys_sgt() - undo __dma_buf_map_phys_sgt()
 * @attach: the attachment
 * @sgt: the table
 * @dir: the DMA direction
 *
 * Context: resv held.
 */
void __dma_buf_unmap_phys_sgt(struct dma_buf_attachment *attach,
			      struct sg_table *sgt,
			      enum dma_data_direction dir);
/**
 * DOC: exporters backed by RAM pages
 *
 * For exporters whose backing is an array of RAM pages (system heap,
 * udmabuf): an SGT of the pages mapped for the attaching device, its
 * unmap, and the physical address list with contiguous pages merged.
 */
struct page;
/**
 * dma_buf_pages_map_sgt() - an SGT of RAM pages for the attaching device
 * @attach: the attachment
 * @pages: the pages
 * @nr_pages: entries in @pages
 * @dir: the DMA direction
 *
 * Context: resv held; may sleep.
 * Return: the table, or ERR_PTR(-ENOMEM) or the DMA API's errno.
 */
struct sg_table *dma_buf_pages_map_sgt(struct dma_buf_attachment *attach,
				       struct page **pages,
				       unsigned long nr_pages,
				       enum dma_data_direction dir);
/**
 * dma_buf_pages_unmap_sgt() - undo dma_buf_pages_map_sgt()
 * @attach: the attachment
 * @sgt: the table
 * @dir: the DMA direction
 *
 * Context: resv held.
 */
void dma_buf_pages_unmap_sgt(struct dma_buf_attachment *attach,
			     struct sg_table *sgt, enum dma_data_direction dir);
/**
 * dma_buf_pages_to_phys_list() - the physical ranges of RAM pages
 * @pages: the pages, in buffer order
 * @nr_pages: entries in @pages
 *
 * Contiguous pages are merged into one range.
 *
 * Context: may sleep (GFP_KERNEL).
 * Return: the list, or ERR_PTR(-ENOMEM).
 */
struct dma_buf_phys_list *dma_buf_pages_to_phys_list(struct page **pages,
						     unsigned long nr_pages);
/**
 * dma_buf_pages_match_mapping() - ->match_mapping of RAM-page exporters
 * @args: from attach
 *
 * Offers SGT first, then PAL (RAM, never P2P).
 *
 * Context: resv held.
 * Return: as dma_buf_match_mapping().
 */
int dma_buf_pages_match_mapping(struct dma_buf_match_args *args);

/**
 * dma_buf_for_each() - walk a platform's buffers
 * @plat: the platform
 * @fn: called for each buffer; a nonzero return stops the walk
 * @arg: for @fn
 *
 * Context: process context; takes the registry's mutex (held around @fn).
 * Return: 0, or the first nonzero value @fn returned.
 */
int dma_buf_for_each(struct platform *plat,
		     int (*fn)(struct dma_buf *dmabuf, void *arg), void *arg);

#endif
