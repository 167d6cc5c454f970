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

/**
 * system_heap_create() - register /dev/dma_heap/system on a platform
 * @plat: the platform (platform_create() calls this)
 *
 * Context: process context; may sleep.
 * Return: 0, -EEXIST if it is already registered, -ENOMEM.
 */
int system_heap_create(struct platform *plat);
/**
 * system_heap_destroy() - unregister /dev/dma_heap/system
 * @plat: the platform
 *
 * Context: process context; may sleep.
 */
void system_heap_destroy(struct platform *plat);

/**
 * system_heap_allocate() - the kernel side of DMA_HEAP_IOCTL_ALLOC
 * @len: bytes; rounded up to whole pages
 * @fd_flags: O_CLOEXEC, O_RDWR... for the file (as the ioctl's fd_flags)
 * @heap_flags: the ioctl's heap_flags (none are defined)
 *
 * Allocates zeroed pages of current's platform, exports them as a dma-buf
 * (page-backed, never moves) and claims them for the sanitizer.
 *
 * Context: process context, with a current task; may sleep.
 * Return: the dma-buf (the caller owns the reference; dma_buf_fd() installs
 * it), or ERR_PTR(-EINVAL) for a zero length or no current task,
 * ERR_PTR(-ENOMEM) for more than the RAM of ZONE_NORMAL or on allocation
 * failure, or dma_buf_export()'s error.
 */
struct dma_buf *system_heap_allocate(size_t len, u32 fd_flags,
				     u64 heap_flags);

#endif
