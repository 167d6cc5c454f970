/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DMA engines: a device reads, writes, fills and copies memory by DMA
 * address, asynchronously. Each queue is a kernel thread running its jobs
 * in submission order; every job completes a struct dma_fence.
 *
 * Each access is routed like hardware would: (a) a P2P bus address a
 * switch claims goes straight to the peer's BAR; (b) otherwise, behind a
 * translating IOMMU, the IOVA is translated (a miss is an IOMMU fault);
 * (c) otherwise the address is physical: RAM, or a BAR through the host
 * bridge (refused if the bridge does not allow P2P). Every access is then
 * checked by the DMA sanitizer against the mapping its submitter learned
 * for the address (the handle, see sanitizer.h) -- once before and once
 * after the bytes move -- (an address no mapping covers is reported too)
 * and moves real bytes.
 *
 * A job that fails stops at the failing access (earlier bytes were moved,
 * as on hardware) and its fence signals with an error:
 *   -EFAULT  IOMMU fault (unmapped IOVA or missing permission)
 *   -EIO     no memory there, the fabric refused the request, the target
 *            BAR's memory decode is off or its device was removed (the
 *            request is dropped, like a PCIe Unsupported Request; telling
 *            the requester is a modelling choice: real posted writes get
 *            no completion), or bus mastering (PCI_COMMAND_MASTER) is off
 *   -ENODEV  the device was removed (dev->dead)
 * Sanitizer findings are reports, not errors: the access still happens.
 */
#ifndef DMABRIDGE_DMA_ENGINE_H
#define DMABRIDGE_DMA_ENGINE_H

#include <dmabridge/types.h>

struct device;
struct dma_fence;

#define DMA_ENGINE_MAX_QUEUES 16

/* Give @dev an engine with @nr_queues queues. 0, -EINVAL, -EEXIST, -ENOMEM. */
int dma_engine_create(struct device *dev, unsigned int nr_queues);
/* Run every submitted job to completion, then stop the queues. */
void dma_engine_destroy(struct device *dev);

/*
 * Submit a job on @queue. Returns the job's fence (the caller owns a
 * reference) or ERR_PTR: -EINVAL (bad queue, zero length, NULL buffer),
 * -ENODEV (no engine, or the device is dead), -ENOMEM.
 */
struct dma_fence *dma_engine_copy(struct device *dev, unsigned int queue,
				  dma_addr_t dst, dma_addr_t src, size_t len);
/* @src is copied at submission. */
struct dma_fence *dma_engine_write(struct device *dev, unsigned int queue,
				   dma_addr_t dst, const void *src, size_t len);
/* @dst must stay valid until the fence signals. */
struct dma_fence *dma_engine_read(struct device *dev, unsigned int queue,
				  void *dst, dma_addr_t src, size_t len);
struct dma_fence *dma_engine_fill(struct device *dev, unsigned int queue,
				  dma_addr_t dst, u8 value, size_t len);

/*
 * Tests only (a dmabridge hook, not Linux): @hook runs on the engine's
 * thread after each piece of a job moved its bytes and before the engine
 * checks the mapping again, so a test can unmap and reuse memory "while
 * the DMA is in flight" deterministically. NULL removes it.
 */
void dma_engine_set_moved_hook(struct device *dev,
			       void (*hook)(struct device *dev, void *arg),
			       void *arg);

/* Bytes moved and jobs failed so far on @dev's engine. */
u64 dma_engine_bytes(struct device *dev);
u64 dma_engine_errors(struct device *dev);

#endif
