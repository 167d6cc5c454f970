/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DMA-BUF heaps: device nodes under /dev/dma_heap/ that allocate dma-bufs
 * with DMA_HEAP_IOCTL_ALLOC (<linux/dma-heap.h>). Only the system heap
 * exists: page-backed buffers that never move.
 */
#ifndef DMABRIDGE_DMA_HEAP_H
#define DMABRIDGE_DMA_HEAP_H

#include <fcntl.h>
#include <linux/dma-heap.h>
#include <dmabridge/dma-buf.h>

struct platform;

/*
 * Register /dev/dma_heap/system on @plat (platform_create calls it, or
 * a test). 0, -EEXIST if already there, -ENOMEM.
 */
int system_heap_create(struct platform *plat);
void system_heap_destroy(struct platform *plat);

/* The kernel side of the ioctl: a dma-buf of PAGE_ALIGN(len) bytes. */
struct dma_buf *system_heap_allocate(size_t len, u32 fd_flags,
				     u64 heap_flags);

#endif
