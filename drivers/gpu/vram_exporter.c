// SPDX-License-Identifier: GPL-2.0
/* The scenarios' moving exporter: a VRAM buffer migrated to RAM and back. */
#include "drivers/gpu/vram_exporter.h"
#include <dmabridge/dma-resv.h>
#include <dmabridge/dma-engine.h>
#include <dmabridge/dma-mapping.h>
#include <dmabridge/pci.h>
#include <dmabridge/pci-p2pdma.h>
#include <dmabridge/sanitizer.h>
#include <dmabridge/mm.h>
#include <dmabridge/slab.h>

/* GPUs have two DMA queues; the second is the driver's copy engine. */
#define VRAM_BO_COPY_QUEUE 1

const char *vram_bo_placement_name(enum vram_bo_placement p)
{
	return p == VRAM_BO_VRAM ? "VRAM" : "system RAM";
}

phys_addr_t vram_bo_phys(struct vram_bo *bo)
{
	return READ_ONCE(bo->placement) == VRAM_BO_VRAM ?
		bo->vram_pa : page_to_phys(bo->pages);
}

static int vram_bo_migrate_locked(struct vram_bo *bo,
				  enum vram_bo_placement to);

/*
 * An importer that cannot reach VRAM gets system memory: as amdgpu, the
 * buffer migrates when a dynamic importer maps or a static one pins.
 */
static int vram_bo_place_for(struct dma_buf_attachment *attach)
{
	struct vram_bo *bo = attach->dmabuf->priv;

	if (attach->peer2peer || bo->placement == VRAM_BO_SYSTEM)
		return 0;
	return vram_bo_migrate_locked(bo, VRAM_BO_SYSTEM);
}

/* Pinning keeps the buffer where it is, once it is where @attach can go. */
static int vram_bo_pin(struct dma_buf_attachment *attach)
{
	dma_resv_assert_held(attach->dmabuf->resv);
	return vram_bo_place_for(attach);
}

static void vram_bo_unpin(struct dma_buf_attachment *attach)
{
	dma_resv_assert_held(attach->dmabuf->resv);
}

/* One range: the VRAM window (P2P, write-combined) or the RAM pages. */
static struct dma_buf_phys_list *
vram_bo_map_phys(struct dma_buf_attachment *attach)
{
	struct vram_bo *bo = attach->dmabuf->priv;
	struct dma_buf_phys_list *list;
	bool vram;
	int ret;

	dma_resv_assert_held(attach->dmabuf->resv);
	ret = vram_bo_place_for(attach);
	if (ret)
		return ERR_PTR(ret);
	list = dma_buf_phys_list_alloc(1);
	if (!list)
		return ERR_PTR(-ENOMEM);
	vram = bo->placement == VRAM_BO_VRAM;
	list->ranges[0].vec.paddr = vram_bo_phys(bo);
	list->ranges[0].vec.len = bo->size;
	list->ranges[0].provider = vram ? bo->provider : NULL;
	list->ranges[0].attrs = vram ? DMA_BUF_MEM_WC : DMA_BUF_MEM_CACHEABLE;
	return list;
}

static int vram_bo_fault_pfn(struct dma_buf *dmabuf, pgoff_t pgoff,
			     unsigned long *pfn, unsigned int *attrs)
{
	struct vram_bo *bo = dmabuf->priv;

	dma_resv_assert_held(dmabuf->resv);
	if (pgoff >= bo->size >> PAGE_SHIFT)
		return -EINVAL;
	*pfn = PHYS_PFN(vram_bo_phys(bo)) + pgoff;
	*attrs = bo->placement == VRAM_BO_VRAM ? DMA_BUF_MEM_WC :
						 DMA_BUF_MEM_CACHEABLE;
	return 0;
}

static int vram_bo_mmap(struct dma_buf *dmabuf, struct vm_area_struct *vma)
{
	return dma_buf_mmap_pfn(vma, VM_IO);
}

static void vram_bo_release(struct dma_buf *dmabuf)
{
	struct vram_bo *bo = dmabuf->priv;
	struct platform *plat = dmabuf->platform;

	if (bo->placement == VRAM_BO_SYSTEM)
		__free_pages(bo->pages, bo->order);
	else
		san_set_owner(plat, bo->vram_pa, bo->size, SAN_OWNER_NONE,
			      SAN_EV_FREE, "vram exporter: buffer freed");
	pci_dev_put(bo->gpu);
	kfree(bo);
}

/*
 * The gpu row of the mapping-types table: PAL, DMA vector, SGT (a
 * DMA-only SGT for P2P). P2P offers first for importers that reach the
 * BAR; then the same in system memory, which a move provides.
 */
static int vram_bo_match_mapping(struct dma_buf_match_args *args)
{
	struct vram_bo *bo = args->dmabuf->priv;
	const struct dma_buf_mapping_match offers[] = {
		DMA_BUF_EMAPPING_PAL_P2P(bo->provider),
		DMA_BUF_EMAPPING_DMA_VEC_P2P(bo->provider),
		DMA_BUF_EMAPPING_SGT_P2P(bo->provider),
		DMA_BUF_EMAPPING_PAL,
		DMA_BUF_EMAPPING_DMA_VEC,
		DMA_BUF_EMAPPING_SGT,
	};

	return dma_buf_match_mapping(args, offers, ARRAY_SIZE(offers));
}

static const struct dma_buf_ops vram_bo_ops = {
	.match_mapping = vram_bo_match_mapping,
	.pin = vram_bo_pin,
	.unpin = vram_bo_unpin,
	.map_phys = vram_bo_map_phys,
	.mmap = vram_bo_mmap,
	.fault_pfn = vram_bo_fault_pfn,
	.release = vram_bo_release,
};

static unsigned int vram_bo_order(size_t size)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < size)
		order++;
	return order;
}

struct vram_bo *vram_bo_create(struct pci_dev *gpu, int bar, u64 offset,
			       size_t size)
{
	DEFINE_DMA_BUF_EXPORT_INFO(info);
	struct dma_buf *dmabuf;
	struct vram_bo *bo;

	if (!gpu || bar < 0 || bar >= PCI_STD_NUM_BARS || !size ||
	    !PAGE_ALIGNED(size) || !PAGE_ALIGNED(offset) ||
	    offset + size < offset ||
	    offset + size > pci_resource_len(gpu, bar))
		return ERR_PTR(-EINVAL);
	if (pcim_p2pdma_init(gpu))
		return ERR_PTR(-ENOMEM);
	bo = kzalloc(sizeof(*bo), GFP_KERNEL);
	if (!bo)
		return ERR_PTR(-ENOMEM);
	bo->provider = pcim_p2pdma_provider(gpu, bar);
	if (!bo->provider) {
		kfree(bo);
		return ERR_PTR(-EINVAL);	/* not P2P memory */
	}
	bo->gpu = pci_dev_get(gpu);
	bo->size = size;
	bo->order = vram_bo_order(size);
	bo->vram_pa = pci_resource_start(gpu, bar) + offset;
	bo->placement = VRAM_BO_VRAM;
	info.exp_name = "vram-bo";
	info.ops = &vram_bo_ops;
	info.size = size;
	info.flags = O_RDWR;
	info.priv = bo;
	dmabuf = dma_buf_export(&info);
	if (IS_ERR(dmabuf)) {
		pci_dev_put(bo->gpu);
		kfree(bo);
		return ERR_CAST(dmabuf);
	}
	bo->dmabuf = dmabuf;
	dmabuf->san_owner = san_new_owner(dmabuf->platform, "vram-bo buffer");
	san_set_owner(dmabuf->platform, bo->vram_pa, size, dmabuf->san_owner,
		      SAN_EV_CLAIM, "vram exporter: buffer created in VRAM");
	return bo;
}

/* The copy engine's view of one side of a copy. */
struct vram_bo_copy_side {
	phys_addr_t pa;
	unsigned long attrs;
	dma_addr_t dma;
};

static void vram_bo_copy_unmap(struct vram_bo *bo, struct vram_bo_copy_side *s,
			       enum dma_data_direction dir)
{
	if (s->dma != DMA_MAPPING_ERROR)
		dma_unmap_phys(&bo->gpu->dev, s->dma, bo->size, dir, s->attrs);
	s->dma = DMA_MAPPING_ERROR;
}

/* Start the copy src -> dst on the GPU's copy engine: its fence. */
static struct dma_fence *vram_bo_copy(struct vram_bo *bo,
				      struct vram_bo_copy_side *src,
				      struct vram_bo_copy_side *dst)
{
	struct device *dev = &bo->gpu->dev;
	struct dma_fence *fence;

	src->dma = dma_map_phys(dev, src->pa, bo->size, DMA_TO_DEVICE,
				src->attrs);
	dst->dma = dma_map_phys(dev, dst->pa, bo->size, DMA_FROM_DEVICE,
				dst->attrs);
	if (dma_mapping_error(dev, src->dma) ||
	    dma_mapping_error(dev, dst->dma)) {
		fence = ERR_PTR(-EIO);
		goto err;
	}
	fence = dma_engine_copy(dev, VRAM_BO_COPY_QUEUE, dst->dma, src->dma,
				bo->size);
	if (!IS_ERR(fence))
		return fence;
err:
	vram_bo_copy_unmap(bo, src, DMA_TO_DEVICE);
	vram_bo_copy_unmap(bo, dst, DMA_FROM_DEVICE);
	return fence;
}

/* Resv held, not pinned: everything up to unlocking. */
static struct dma_fence *vram_bo_move_locked(struct vram_bo *bo,
					     enum vram_bo_placement to,
					     struct page *new_pages,
					     struct vram_bo_copy_side *src,
					     struct vram_bo_copy_side *dst)
{
	struct dma_buf *dmabuf = bo->dmabuf;
	struct dma_fence *fence;
	san_owner_t copy_claim;
	long wait;
	int ret;

	ret = dma_resv_reserve_fences(dmabuf->resv, 1);
	if (ret)
		return ERR_PTR(ret);
	/* Importers drop their mappings, CPU PTEs go, generation++. */
	ret = dma_buf_move_locked(dmabuf, NULL);
	if (ret)
		return ERR_PTR(ret);
	/* Work already queued through the old mappings finishes first. */
	wait = dma_resv_wait_timeout(dmabuf->resv, DMA_RESV_USAGE_BOOKKEEP,
				     true, MAX_SCHEDULE_TIMEOUT);
	if (wait < 0)
		return ERR_PTR(wait);
	src->pa = vram_bo_phys(bo);
	src->attrs = bo->placement == VRAM_BO_VRAM ? DMA_ATTR_MMIO : 0;
	dst->pa = to == VRAM_BO_VRAM ? bo->vram_pa : page_to_phys(new_pages);
	dst->attrs = to == VRAM_BO_VRAM ? DMA_ATTR_MMIO : 0;
	/*
	 * Until the copy's fence signals, the new memory belongs to the copy;
	 * the buffer's new placement is a new claim (never the old id, so a
	 * mapping from two moves ago cannot pass for a fresh one). The copy
	 * maps the source under the claim it had.
	 */
	san_learn(dmabuf->platform, src->pa, bo->size, dmabuf->san_owner);
	copy_claim = san_copy_begin(dmabuf->platform, dst->pa, bo->size,
				    "vram exporter: move copy");
	san_learn(dmabuf->platform, dst->pa, bo->size, copy_claim);
	fence = vram_bo_copy(bo, src, dst);
	if (IS_ERR(fence)) {
		san_copy_abort(dmabuf->platform, copy_claim);
		/* RAM goes back with the pages; the VRAM window by hand. */
		if (to == VRAM_BO_VRAM)
			san_set_owner(dmabuf->platform, dst->pa, bo->size,
				      SAN_OWNER_NONE, SAN_EV_MOVE,
				      "vram exporter: move aborted");
		return fence;
	}
	/* Nobody touches the new memory before the copy has landed. */
	dma_resv_add_fence(dmabuf->resv, fence, DMA_RESV_USAGE_KERNEL);
	dmabuf->san_owner = san_new_owner(dmabuf->platform,
					  "vram-bo buffer (moved)");
	/* The copy claim ends, and the new one begins, with the fence. */
	san_copy_hand_over(dmabuf->platform, copy_claim, fence,
			   dmabuf->san_owner);
	bo->pages = new_pages;
	WRITE_ONCE(bo->placement, to);
	bo->moves++;
	return fence;
}

/* Retire the old memory once the copy has read it; the copy's status. */
static int vram_bo_retire(struct vram_bo *bo, struct dma_fence *fence,
			  struct vram_bo_copy_side *src,
			  struct vram_bo_copy_side *dst, struct page *old_pages)
{
	int ret;

	dma_fence_wait(fence, false);
	ret = dma_fence_get_status(fence) < 0 ? dma_fence_get_status(fence) : 0;
	dma_fence_put(fence);
	vram_bo_copy_unmap(bo, src, DMA_TO_DEVICE);
	vram_bo_copy_unmap(bo, dst, DMA_FROM_DEVICE);
	san_set_owner(bo->dmabuf->platform, src->pa, bo->size, SAN_OWNER_NONE,
		      SAN_EV_MOVE, "vram exporter: buffer moved away");
	if (old_pages)
		__free_pages(old_pages, bo->order);
	return ret;
}

/*
 * The move at map or pin time (resv held): the importer gets the new
 * placement only once the copy has landed, so wait for it here.
 */
static int vram_bo_migrate_locked(struct vram_bo *bo,
				  enum vram_bo_placement to)
{
	struct vram_bo_copy_side src = { .dma = DMA_MAPPING_ERROR };
	struct vram_bo_copy_side dst = { .dma = DMA_MAPPING_ERROR };
	struct page *new_pages = NULL, *old_pages = bo->pages;
	struct dma_fence *fence;

	dma_resv_assert_held(bo->dmabuf->resv);
	if (bo->placement == to)
		return 0;
	if (dma_buf_is_pinned(bo->dmabuf))
		return -EBUSY;
	if (to == VRAM_BO_SYSTEM) {
		new_pages = alloc_pages(GFP_KERNEL, bo->order);
		if (!new_pages)
			return -ENOMEM;
	}
	fence = vram_bo_move_locked(bo, to, new_pages, &src, &dst);
	if (IS_ERR(fence)) {
		if (new_pages)
			__free_pages(new_pages, bo->order);
		return PTR_ERR(fence);
	}
	return vram_bo_retire(bo, fence, &src, &dst, old_pages);
}

/*
 * The resv lock is held until the old placement is retired (F2 in
 * docs/RELIABILITY.md): the VRAM window is one fixed range, so a move
 * back into it must not be able to claim it while the move away still
 * has to retire it. Dropping the lock across the copy let the first
 * mover's late retirement undo the second mover's claim, under the second
 * copy. A driver with a VRAM allocator would instead hand the old range to
 * a ghost object released when the fence signals (TTM).
 */
int vram_bo_migrate(struct vram_bo *bo, enum vram_bo_placement to)
{
	struct dma_resv *resv;
	int ret;

	if (!bo || (to != VRAM_BO_VRAM && to != VRAM_BO_SYSTEM))
		return -EINVAL;
	resv = bo->dmabuf->resv;
	ret = dma_resv_lock_interruptible(resv, NULL);
	if (ret)
		return ret;
	ret = vram_bo_migrate_locked(bo, to);
	dma_resv_unlock(resv);
	return ret;
}
