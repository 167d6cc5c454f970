// SPDX-License-Identifier: GPL-2.0
/* Test exporter and importer for tests/dmabuf (not part of the library). */
#include <string.h>
#include <dmabridge/platform.h>
#include "texp.h"

static const char *texp_fence_name(struct dma_fence *f)
{
	return "texp";
}

static const struct dma_fence_ops texp_fence_ops = {
	.get_driver_name = texp_fence_name,
	.get_timeline_name = texp_fence_name,
};

struct dma_fence *texp_fence(void)
{
	struct texp_fence *f = kzalloc(sizeof(*f), GFP_KERNEL);

	if (!f)
		return NULL;
	spin_lock_init(&f->lock);
	dma_fence_init(&f->base, &texp_fence_ops, &f->lock,
		       dma_fence_context_alloc(1), 1);
	return &f->base;
}

/* A made-up provider: these tests never DMA to it. */
static struct p2pdma_provider *texp_provider =
	(struct p2pdma_provider *)&texp_provider;

static int texp_attach(struct dma_buf *dmabuf,
		       struct dma_buf_attachment *attach)
{
	struct texp *t = dmabuf->priv;

	if (t->flags & TEXP_REFUSE_ATTACH)
		return -EPERM;
	if ((t->flags & TEXP_REVOCABLE_ONLY) &&
	    !dma_buf_attach_revocable(attach))
		return -EOPNOTSUPP;
	if ((t->flags & TEXP_P2P) && !attach->peer2peer)
		return -EOPNOTSUPP;
	atomic_inc(&t->attaches);
	return 0;
}

static void texp_detach(struct dma_buf *dmabuf,
			struct dma_buf_attachment *attach)
{
	struct texp *t = dmabuf->priv;

	atomic_inc(&t->detaches);
}

static int texp_pin(struct dma_buf_attachment *attach)
{
	struct texp *t = attach->dmabuf->priv;

	dma_resv_assert_held(attach->dmabuf->resv);
	atomic_inc(&t->pins);
	return 0;
}

static void texp_unpin(struct dma_buf_attachment *attach)
{
	struct texp *t = attach->dmabuf->priv;

	dma_resv_assert_held(attach->dmabuf->resv);
	atomic_inc(&t->unpins);
}

/* An opaque token stands in for the sg_table (no scatterlists here). */
static struct sg_table *texp_map(struct dma_buf_attachment *attach,
				 enum dma_data_direction dir)
{
	struct texp *t = attach->dmabuf->priv;
	void *token;

	dma_resv_assert_held(attach->dmabuf->resv);
	token = kzalloc(64, GFP_KERNEL);
	if (!token)
		return ERR_PTR(-ENOMEM);
	atomic_inc(&t->maps);
	return token;
}

static void texp_unmap(struct dma_buf_attachment *attach, struct sg_table *sgt,
		       enum dma_data_direction dir)
{
	struct texp *t = attach->dmabuf->priv;

	dma_resv_assert_held(attach->dmabuf->resv);
	atomic_inc(&t->unmaps);
	kfree(sgt);
}

static struct dma_buf_phys_list *texp_map_phys(struct dma_buf_attachment *a)
{
	struct texp *t = a->dmabuf->priv;
	struct dma_buf_phys_list *list;

	dma_resv_assert_held(a->dmabuf->resv);
	list = dma_buf_phys_list_alloc(1);
	if (!list)
		return ERR_PTR(-ENOMEM);
	list->ranges[0].vec.paddr = t->pa;
	list->ranges[0].vec.len = t->size;
	list->ranges[0].provider = (t->flags & TEXP_P2P) ? texp_provider :
							   NULL;
	list->ranges[0].attrs = (t->flags & TEXP_WC) ? DMA_BUF_MEM_WC :
						       DMA_BUF_MEM_CACHEABLE;
	atomic_inc(&t->maps);
	return list;
}

static void texp_unmap_phys(struct dma_buf_attachment *a,
			    struct dma_buf_phys_list *list)
{
	struct texp *t = a->dmabuf->priv;

	atomic_inc(&t->unmaps);
	dma_buf_phys_list_free(list);
}

static void texp_release(struct dma_buf *dmabuf)
{
	struct texp *t = dmabuf->priv;

	if (t->released)
		atomic_inc(t->released);
	kfree(t->backing);
	kfree(t);
}

static int texp_begin_cpu(struct dma_buf *dmabuf, enum dma_data_direction d)
{
	struct texp *t = dmabuf->priv;

	atomic_inc(&t->begin_cpu);
	return 0;
}

static int texp_end_cpu(struct dma_buf *dmabuf, enum dma_data_direction d)
{
	struct texp *t = dmabuf->priv;

	atomic_inc(&t->end_cpu);
	return 0;
}

static int texp_vmap(struct dma_buf *dmabuf, struct iosys_map *map)
{
	struct texp *t = dmabuf->priv;

	dma_resv_assert_held(dmabuf->resv);
	atomic_inc(&t->vmaps);
	iosys_map_set_vaddr(map, t->backing);
	return 0;
}

static void texp_vunmap(struct dma_buf *dmabuf, struct iosys_map *map)
{
	struct texp *t = dmabuf->priv;

	dma_resv_assert_held(dmabuf->resv);
	atomic_inc(&t->vunmaps);
}

#define TEXP_COMMON                                                        \
	.attach = texp_attach, .detach = texp_detach,                      \
	.map_phys = texp_map_phys, .unmap_phys = texp_unmap_phys,          \
	.release = texp_release, .begin_cpu_access = texp_begin_cpu,       \
	.end_cpu_access = texp_end_cpu

static const struct dma_buf_ops texp_ops[] = {
	{ TEXP_COMMON, .map_dma_buf = texp_map, .unmap_dma_buf = texp_unmap },
	{ TEXP_COMMON, .map_dma_buf = texp_map, .unmap_dma_buf = texp_unmap,
	  .pin = texp_pin, .unpin = texp_unpin },
	{ TEXP_COMMON },
	{ TEXP_COMMON, .pin = texp_pin, .unpin = texp_unpin },
	{ TEXP_COMMON, .map_dma_buf = texp_map, .unmap_dma_buf = texp_unmap,
	  .vmap = texp_vmap, .vunmap = texp_vunmap },
	{ TEXP_COMMON, .map_dma_buf = texp_map, .unmap_dma_buf = texp_unmap,
	  .mapping_types = DMA_BUF_MAPPING_BIT(DMA_BUF_MAPPING_SGT) },
};

static const struct dma_buf_ops *texp_pick_ops(unsigned int flags)
{
	if (flags & TEXP_VMAP)
		return &texp_ops[4];
	if (flags & TEXP_SGT_ONLY)
		return &texp_ops[5];
	return &texp_ops[((flags & TEXP_NO_SGT) ? 2 : 0) +
			 ((flags & TEXP_DYNAMIC) ? 1 : 0)];
}

struct texp *texp_create(size_t size, unsigned int flags, atomic_t *released)
{
	DEFINE_DMA_BUF_EXPORT_INFO(info);
	struct texp *t = kzalloc(sizeof(*t), GFP_KERNEL);

	if (!t)
		return NULL;
	t->size = size;
	t->flags = flags;
	t->released = released;
	t->backing = kzalloc(size, GFP_KERNEL);
	t->pa = 0x100000000ull;
	info.exp_name = "texp";
	info.ops = texp_pick_ops(flags);
	info.size = size;
	info.flags = O_RDWR | O_CLOEXEC;
	info.priv = t;
	t->dmabuf = dma_buf_export(&info);
	if (IS_ERR(t->dmabuf)) {
		kfree(t->backing);
		kfree(t);
		return NULL;
	}
	return t;
}

int texp_move(struct texp *t)
{
	struct dma_fence *fence = texp_fence();
	u8 *old, *new = kzalloc(t->size, GFP_KERNEL);
	int ret;

	if (!fence || !new) {
		dma_fence_put(fence);
		kfree(new);
		return -ENOMEM;
	}
	dma_resv_lock(t->dmabuf->resv, NULL);
	ret = dma_buf_move_locked(t->dmabuf, fence);
	if (ret) {
		dma_resv_unlock(t->dmabuf->resv);
		kfree(new);
		dma_fence_put(fence);
		return ret;
	}
	/* The "copy engine": the copy's fence is KERNEL in the resv. */
	memcpy(new, t->backing, t->size);
	old = t->backing;
	t->backing = new;
	t->pa += t->size;
	dma_fence_signal(fence);
	dma_resv_unlock(t->dmabuf->resv);
	kfree(old);
	dma_fence_put(fence);
	return 0;
}

void texp_revoke(struct texp *t)
{
	dma_resv_lock(t->dmabuf->resv, NULL);
	dma_buf_revoke_locked(t->dmabuf);
	dma_resv_unlock(t->dmabuf->resv);
	dma_buf_wait_unmapped(t->dmabuf);
}

void texp_restore(struct texp *t)
{
	dma_resv_lock(t->dmabuf->resv, NULL);
	dma_buf_restore_locked(t->dmabuf);
	dma_resv_unlock(t->dmabuf->resv);
}

static void timp_invalidate(struct dma_buf_attachment *attach)
{
	struct timp *imp = attach->importer_priv;

	BUG_ON(imp->magic != TIMP_MAGIC);
	dma_resv_assert_held(attach->dmabuf->resv);
	atomic_inc(&imp->invalidated);
	if (!imp->unmap_on_invalidate)
		return;
	if (imp->sgt) {
		dma_buf_unmap_attachment(attach, imp->sgt, DMA_BIDIRECTIONAL);
		imp->sgt = NULL;
	}
	if (imp->pal) {
		dma_buf_unmap_phys(attach, imp->pal);
		imp->pal = NULL;
	}
}

const struct dma_buf_attach_ops timp_ops = {
	.invalidate_mappings = timp_invalidate,
};

const struct dma_buf_attach_ops timp_ops_p2p = {
	.allow_peer2peer = true,
	.invalidate_mappings = timp_invalidate,
};

const struct dma_buf_attach_ops timp_ops_norevoke = {
	.allow_peer2peer = true,
};

void timp_init(struct timp *imp, const char *name)
{
	memset(imp, 0, sizeof(*imp));
	snprintf(imp->dev.name, sizeof(imp->dev.name), "%s", name);
	imp->dev.platform = current_platform();
	imp->magic = TIMP_MAGIC;
	imp->unmap_on_invalidate = true;
}
