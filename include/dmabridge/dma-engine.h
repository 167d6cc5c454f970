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

/**
 * dma_engine_create() - give a device a DMA engine
 * @dev: the device
 * @nr_queues: 1 .. DMA_ENGINE_MAX_QUEUES; each is a kernel thread
 *
 * Context: process context (platform creation, probe).
 * Return: 0, -EINVAL (bad count), -EEXIST (it has one), -ENOMEM.
 */
int dma_engine_create(struct device *dev, unsigned int nr_queues);
/**
 * dma_engine_destroy() - run every submitted job, then stop the queues
 * @dev: the device
 *
 * Context: process context; sleeps.
 */
void dma_engine_destroy(struct device *dev);

/**
 * dma_engine_copy() - copy by DMA address
 * @dev: the device
 * @queue: its queue
 * @dst: destination DMA address
 * @src: source DMA address
 * @len: bytes
 *
 * The job runs asynchronously; its fence signals with an error if it
 * fails (see the top of this file).
 *
 * Context: any context with the platform running.
 * Return: the job's fence (the caller owns a reference), or ERR_PTR():
 * -EINVAL (bad queue, zero length), -ENODEV (no engine, or the device is
 * dead), -ENOMEM.
 */
struct dma_fence *dma_engine_copy(struct device *dev, unsigned int queue,
				  dma_addr_t dst, dma_addr_t src, size_t len);
/**
 * dma_engine_write() - write host bytes to a DMA address
 * @dev: the device
 * @queue: its queue
 * @dst: destination DMA address
 * @src: the bytes; copied at submission
 * @len: bytes
 *
 * Context: any context.
 * Return: as dma_engine_copy(); -EINVAL also for a NULL @src.
 */
struct dma_fence *dma_engine_write(struct device *dev, unsigned int queue,
				   dma_addr_t dst, const void *src, size_t len);
/**
 * dma_engine_read() - read from a DMA address into host memory
 * @dev: the device
 * @queue: its queue
 * @dst: where to put the bytes; must stay valid until the fence signals
 * @src: source DMA address
 * @len: bytes
 *
 * Context: any context.
 * Return: as dma_engine_copy(); -EINVAL also for a NULL @dst.
 */
struct dma_fence *dma_engine_read(struct device *dev, unsigned int queue,
				  void *dst, dma_addr_t src, size_t len);
/**
 * dma_engine_fill() - fill memory at a DMA address with a byte
 * @dev: the device
 * @queue: its queue
 * @dst: destination DMA address
 * @value: the byte
 * @len: bytes
 *
 * Context: any context.
 * Return: as dma_engine_copy().
 */
struct dma_fence *dma_engine_fill(struct device *dev, unsigned int queue,
				  dma_addr_t dst, u8 value, size_t len);

/**
 * dma_engine_set_moved_hook() - a test hook between moving and rechecking
 * @dev: the device
 * @hook: runs on the engine's thread after each piece of a job moved its
 * 	bytes and before the engine checks the mapping again; NULL removes
 * 	it
 * @arg: for @hook
 *
 * Tests only (a dmabridge hook, not Linux): a test can unmap and reuse
 * memory "while the DMA is in flight" deterministically.
 *
 * Context: any context.
 */
void dma_engine_set_moved_hook(struct device *dev,
			       void (*hook)(struct device *dev, void *arg),
			       void *arg);

/**
 * dma_engine_bytes() - bytes moved so far by a device's engine
 * @dev: the device
 *
 * Context: any context.
 * Return: the count.
 */
u64 dma_engine_bytes(struct device *dev);
/**
 * dma_engine_errors() - jobs failed so far on a device's engine
 * @dev: the device
 *
 * Context: any context.
 * Return: the count.
 */
u64 dma_engine_errors(struct device *dev);

#endif
