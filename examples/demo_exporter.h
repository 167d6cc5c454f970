/* SPDX-License-Identifier: GPL-2.0 */
/*
 * demo_exporter: a dma-buf exporter written outside dmabridge, the way a
 * kernel driver would export its buffers. The backing is RAM pages,
 * claimed for the DMA sanitizer; the buffer can be revoked and restored.
 */
#ifndef DEMO_EXPORTER_H
#define DEMO_EXPORTER_H

#include <dmabridge/dma-buf.h>

struct page;

struct demo_buffer {
	struct dma_buf *dmabuf;
	struct platform *plat;
	unsigned long nr_pages;
	struct page **pages;
};

/* Export @size bytes (rounded up to pages); ERR_PTR(-EINVAL/-ENOMEM). */
struct demo_buffer *demo_buffer_create(size_t size);
/* Drop the export reference; the buffer goes with its last user. */
void demo_buffer_put(struct demo_buffer *buf);
/* Copy out @len bytes at @off once every writer's fence has signalled. */
int demo_buffer_read(struct demo_buffer *buf, size_t off, void *dst,
		     size_t len);
/* Take the memory away from every importer, and give it back. */
void demo_buffer_revoke(struct demo_buffer *buf);
void demo_buffer_restore(struct demo_buffer *buf);
/*
 * A BUG on purpose: give the memory to another user without revoking,
 * so importers keep mappings of memory that is not the buffer's any
 * more. The sanitizer reports the next access through such a mapping.
 */
void demo_buffer_reuse_without_revoke(struct demo_buffer *buf);

#endif
