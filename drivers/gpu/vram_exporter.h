/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small moving dma-buf exporter for the scenarios: a buffer in a GPU's
 * VRAM BAR (P2P memory, no struct page) that its driver migrates to
 * system RAM and back on the GPU's copy engine, following the move
 * protocol of the dma-buf core. A demo, not a memory manager: each
 * buffer owns a fixed window of the BAR.
 */
#ifndef DMABRIDGE_SCENARIOS_VRAM_EXPORTER_H
#define DMABRIDGE_SCENARIOS_VRAM_EXPORTER_H

#include <dmabridge/dma-buf.h>

struct pci_dev;
struct page;
struct p2pdma_provider;

enum vram_bo_placement {
	VRAM_BO_VRAM,
	VRAM_BO_SYSTEM,
};

struct vram_bo {
	struct dma_buf *dmabuf;
	struct pci_dev *gpu;		/* referenced until release */
	struct p2pdma_provider *provider;
	size_t size;
	unsigned int order;		/* of the system RAM allocation */
	phys_addr_t vram_pa;		/* its window in the BAR */

	/* Under dmabuf->resv. */
	enum vram_bo_placement placement;
	struct page *pages;		/* VRAM_BO_SYSTEM: the backing */
	unsigned long moves;
};

/*
 * A buffer of @size bytes at @offset of @gpu's P2P BAR @bar, exported as
 * a dynamic dma-buf (the caller owns the export reference). ERR_PTR:
 * -EINVAL (not P2P memory, bad range), -ENOMEM.
 */
struct vram_bo *vram_bo_create(struct pci_dev *gpu, int bar, u64 offset,
			       size_t size);
/*
 * Move to @to (no resv held): lock, invalidate the importers and zap CPU
 * mappings, wait for their work, copy on the GPU's copy engine, add the
 * copy fence as KERNEL, swap the backing, wait for the copy, retire the
 * old memory (re-owned, SAN_EV_MOVE), unlock: the lock covers the
 * retirement, so no other move claims the old memory before it. 0 (also
 * when already there), -EBUSY if pinned, -ENOMEM, -EINTR, or the copy's
 * error.
 */
int vram_bo_migrate(struct vram_bo *bo, enum vram_bo_placement to);
const char *vram_bo_placement_name(enum vram_bo_placement p);
/* Where the buffer is now (resv held, or a snapshot). */
phys_addr_t vram_bo_phys(struct vram_bo *bo);

#endif
