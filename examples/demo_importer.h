/* SPDX-License-Identifier: GPL-2.0 */
/*
 * demo_importer: a device driver importing a dma-buf, written outside
 * dmabridge. It attaches dynamically (it handles invalidate_mappings),
 * maps the buffer for its device and writes it with the device's DMA
 * engine, publishing each job's fence in the buffer's reservation object.
 */
#ifndef DEMO_IMPORTER_H
#define DEMO_IMPORTER_H

#include <dmabridge/dma-buf.h>

struct device;
struct dma_fence;
struct sg_table;

struct demo_import {
	struct device *dev;
	struct dma_buf_attachment *attach;
	/* Under the buffer's resv: */
	struct sg_table *sgt;		/* NULL: not mapped (invalidated) */
	struct dma_fence *last;		/* our last DMA job */
	unsigned long invalidations;
};

/* Attach @dev to @dmabuf. 0 or the errno of dma_buf_dynamic_attach(). */
int demo_import_attach(struct demo_import *imp, struct dma_buf *dmabuf,
		       struct device *dev);
void demo_import_detach(struct demo_import *imp);
/*
 * Write @len bytes of @src at the start of the buffer by DMA: map if not
 * mapped, queue the job, add its fence as WRITE. Does not wait for it.
 * 0, -ENODEV (revoked), -EINVAL (too long), or the mapping's errno.
 */
int demo_import_write(struct demo_import *imp, const void *src, size_t len);

#endif
