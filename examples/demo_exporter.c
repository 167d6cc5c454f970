// SPDX-License-Identifier: GPL-2.0
/*
 * demo_exporter: RAM pages shared as a dma-buf. The pattern is the one of
 * Linux's page-backed exporters (system heap, udmabuf): allocate, export,
 * claim the pages for the sanitizer under the buffer's owner id, map
 * through the dma-buf core's page helpers, free in ->release.
 */
#include <string.h>
#include <dmabridge/dma-buf.h>
#include <dmabridge/dma-buf-mapping.h>
#include <dmabridge/dma-resv.h>
#include <dmabridge/jiffies.h>
#include <dmabridge/mm.h>
#include <dmabridge/page.h>
#include <dmabridge/platform.h>
#include <dmabridge/sanitizer.h>
#include <dmabridge/slab.h>
#include "demo_exporter.h"

/* Give every page to @owner, recording @ev (the sanitizer's history). */
static void demo_claim(struct demo_buffer *buf, san_owner_t owner,
		       enum san_event ev, const char *why)
{
	unsigned long i;

	for (i = 0; i < buf->nr_pages; i++)
		san_set_owner(buf->plat, page_to_phys(buf->pages[i]),
			      PAGE_SIZE, owner, ev, why);
}

/* Called with the resv held: an SGT of our pages for the importer. */
static struct sg_table *demo_map_dma_buf(struct dma_buf_attachment *attach,
					 enum dma_data_direction dir)
{
	struct demo_buffer *buf = attach->dmabuf->priv;

	return dma_buf_pages_map_sgt(attach, buf->pages, buf->nr_pages, dir);
}

static void demo_unmap_dma_buf(struct dma_buf_attachment *attach,
			       struct sg_table *sgt,
			       enum dma_data_direction dir)
{
	dma_buf_pages_unmap_sgt(attach, sgt, dir);
}

/* The physical ranges (DMA address vectors and PAL are built on them). */
static struct dma_buf_phys_list *
demo_map_phys(struct dma_buf_attachment *attach)
{
	struct demo_buffer *buf = attach->dmabuf->priv;

	return dma_buf_pages_to_phys_list(buf->pages, buf->nr_pages);
}

static void demo_free_pages(struct demo_buffer *buf, unsigned long n)
{
	while (n--)
		__free_page(buf->pages[n]);
	kfree(buf->pages);
	kfree(buf);
}

/* The last reference is gone: nobody can map the buffer any more. */
static void demo_release(struct dma_buf *dmabuf)
{
	struct demo_buffer *buf = dmabuf->priv;

	demo_free_pages(buf, buf->nr_pages);
}

static const struct dma_buf_ops demo_dma_buf_ops = {
	.map_dma_buf = demo_map_dma_buf,
	.unmap_dma_buf = demo_unmap_dma_buf,
	.map_phys = demo_map_phys,
	.release = demo_release,
};

struct demo_buffer *demo_buffer_create(size_t size)
{
	struct platform *plat = current_platform();
	DEFINE_DMA_BUF_EXPORT_INFO(info);
	struct demo_buffer *buf;
	struct dma_buf *dmabuf;
	unsigned long i;

	size = PAGE_ALIGN(size);
	if (!size || !plat)
		return ERR_PTR(-EINVAL);
	buf = kzalloc(sizeof(*buf), GFP_KERNEL);
	if (!buf)
		return ERR_PTR(-ENOMEM);
	buf->plat = plat;
	buf->nr_pages = size >> PAGE_SHIFT;
	buf->pages = kcalloc(buf->nr_pages, sizeof(*buf->pages), GFP_KERNEL);
	if (!buf->pages) {
		kfree(buf);
		return ERR_PTR(-ENOMEM);
	}
	for (i = 0; i < buf->nr_pages; i++) {
		buf->pages[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!buf->pages[i]) {
			demo_free_pages(buf, i);
			return ERR_PTR(-ENOMEM);
		}
	}

	info.exp_name = "demo_exporter";
	info.ops = &demo_dma_buf_ops;
	info.size = size;
	info.flags = O_RDWR;
	info.priv = buf;
	dmabuf = dma_buf_export(&info);
	if (IS_ERR(dmabuf)) {
		demo_free_pages(buf, buf->nr_pages);
		return ERR_CAST(dmabuf);
	}
	buf->dmabuf = dmabuf;

	/*
	 * Claim the pages: every mapping an importer makes from now on
	 * expects this owner, so an access after the memory changed hands
	 * (freed, moved, revoked) is reported instead of going unnoticed.
	 */
	dmabuf->san_owner = san_new_owner(plat, "demo_exporter buffer");
	demo_claim(buf, dmabuf->san_owner, SAN_EV_CLAIM, "demo_buffer_create");
	return buf;
}

void demo_buffer_put(struct demo_buffer *buf)
{
	dma_buf_put(buf->dmabuf);
}

int demo_buffer_read(struct demo_buffer *buf, size_t off, void *dst,
		     size_t len)
{
	struct dma_resv *resv = buf->dmabuf->resv;
	size_t n;
	long ret;

	if (off > buf->dmabuf->size || len > buf->dmabuf->size - off)
		return -EINVAL;
	/* Readers wait for writers: every WRITE (and KERNEL) fence. */
	ret = dma_resv_wait_timeout(resv, DMA_RESV_USAGE_WRITE, true,
				    MAX_SCHEDULE_TIMEOUT);
	if (ret < 0)
		return ret;
	while (len) {
		char *va = page_address(buf->pages[off >> PAGE_SHIFT]);

		n = min(len, PAGE_SIZE - offset_in_page(off));
		memcpy(dst, va + offset_in_page(off), n);
		dst = (char *)dst + n;
		off += n;
		len -= n;
	}
	return 0;
}

void demo_buffer_revoke(struct demo_buffer *buf)
{
	struct dma_buf *dmabuf = buf->dmabuf;

	/*
	 * The move/revoke protocol: under the resv, tell the importers
	 * (they unmap once their fences signal) and re-own the memory;
	 * then, unlocked, wait until the last mapping is gone.
	 */
	dma_resv_lock(dmabuf->resv, NULL);
	dma_buf_revoke_locked(dmabuf);
	demo_claim(buf, san_new_owner(buf->plat, "demo_exporter: revoked"),
		   SAN_EV_REVOKE, "demo_buffer_revoke");
	dma_resv_unlock(dmabuf->resv);
	dma_buf_wait_unmapped(dmabuf);
}

void demo_buffer_restore(struct demo_buffer *buf)
{
	struct dma_buf *dmabuf = buf->dmabuf;

	dma_resv_lock(dmabuf->resv, NULL);
	demo_claim(buf, dmabuf->san_owner, SAN_EV_CLAIM, "demo_buffer_restore");
	dma_buf_restore_locked(dmabuf);
	dma_resv_unlock(dmabuf->resv);
}

void demo_buffer_reuse_without_revoke(struct demo_buffer *buf)
{
	/* Missing: dma_buf_revoke_locked() and waiting for the importers. */
	dma_resv_lock(buf->dmabuf->resv, NULL);
	demo_claim(buf, san_new_owner(buf->plat, "somebody else's data"),
		   SAN_EV_ALLOC, "demo_buffer_reuse_without_revoke");
	dma_resv_unlock(buf->dmabuf->resv);
}
