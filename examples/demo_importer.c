// SPDX-License-Identifier: GPL-2.0
/* demo_importer: a dynamic dma-buf importer that writes by DMA. */
#include <dmabridge/dma-buf.h>
#include <dmabridge/dma-engine.h>
#include <dmabridge/dma-fence.h>
#include <dmabridge/dma-resv.h>
#include <dmabridge/err.h>
#include <dmabridge/scatterlist.h>
#include "demo_importer.h"

/* Resv held. Never unmap under a running job: wait for it first. */
static void demo_import_unmap_locked(struct demo_import *imp)
{
	dma_resv_assert_held(imp->attach->dmabuf->resv);
	if (imp->last) {
		dma_fence_wait(imp->last, false);
		dma_fence_put(imp->last);
		imp->last = NULL;
	}
	if (imp->sgt)
		dma_buf_unmap_attachment(imp->attach, imp->sgt,
					 DMA_BIDIRECTIONAL);
	imp->sgt = NULL;
}

/*
 * The exporter moves or revokes the buffer (resv held): stop using the
 * mapping and drop it. The next write maps again.
 */
static void demo_import_invalidate(struct dma_buf_attachment *attach)
{
	struct demo_import *imp = attach->importer_priv;

	imp->invalidations++;
	demo_import_unmap_locked(imp);
}

static const struct dma_buf_attach_ops demo_import_ops = {
	.allow_peer2peer = true,
	.invalidate_mappings = demo_import_invalidate,
};

int demo_import_attach(struct demo_import *imp, struct dma_buf *dmabuf,
		       struct device *dev)
{
	struct dma_buf_attachment *attach;

	attach = dma_buf_dynamic_attach(dmabuf, dev, &demo_import_ops, imp);
	if (IS_ERR(attach))
		return PTR_ERR(attach);
	imp->dev = dev;
	imp->attach = attach;
	return 0;
}

void demo_import_detach(struct demo_import *imp)
{
	struct dma_buf *dmabuf = imp->attach->dmabuf;

	dma_resv_lock(dmabuf->resv, NULL);
	demo_import_unmap_locked(imp);
	dma_resv_unlock(dmabuf->resv);
	dma_buf_detach(dmabuf, imp->attach);
	imp->attach = NULL;
}

int demo_import_write(struct demo_import *imp, const void *src, size_t len)
{
	struct dma_resv *resv = imp->attach->dmabuf->resv;
	struct scatterlist *sg;
	struct dma_fence *f;
	unsigned int i;
	size_t n;
	int ret = 0;

	if (len > imp->attach->dmabuf->size)
		return -EINVAL;
	dma_resv_lock(resv, NULL);
	if (!imp->sgt) {
		struct sg_table *sgt;

		sgt = dma_buf_map_attachment(imp->attach, DMA_BIDIRECTIONAL);
		if (IS_ERR(sgt)) {
			ret = PTR_ERR(sgt);
			goto out;
		}
		imp->sgt = sgt;
	}
	/* One DMA job per contiguous piece of device address space. */
	for_each_sgtable_dma_sg(imp->sgt, sg, i) {
		if (!len)
			break;
		n = min((size_t)sg_dma_len(sg), len);
		ret = dma_resv_reserve_fences(resv, 1);
		if (ret)
			break;
		f = dma_engine_write(imp->dev, 0, sg_dma_address(sg), src, n);
		if (IS_ERR(f)) {
			ret = PTR_ERR(f);
			break;
		}
		/* Readers of the buffer now wait for this job. */
		dma_resv_add_fence(resv, f, DMA_RESV_USAGE_WRITE);
		dma_fence_put(imp->last);
		imp->last = f;
		src = (const char *)src + n;
		len -= n;
	}
out:
	dma_resv_unlock(resv);
	return ret;
}
