// SPDX-License-Identifier: GPL-2.0
/* Test exporter and importer for tests/dmabuf (not part of the library). */
#include <string.h>
#include <dmabridge/platform.h>
#include <dmabridge/mm.h>
#include "texp.h"

static const char *texp_fence_name(struct dma_fence *f)
{
	return "texp";
}

static const struct dma_fence_ops texp_fence_ops = {
	.get_driver_name = texp_fence_name,
	.get_timeline_name = texp_fence_name,
};

static bool texp_fence_note_waiter(struct dma_fence *f)
{
	atomic_inc(&container_of(f, struct texp_fence, base)->waiters);
	return true;
}

/* Records that somebody waits on it (dma_fence_wait enables signaling). */
static const struct dma_fence_ops texp_fence_waited_ops = {
	.get_driver_name = texp_fence_name,
	.get_timeline_name = texp_fence_name,
	.enable_signaling = texp_fence_note_waiter,
};

struct dma_fence *texp_fence_waited(void)
{
	struct texp_fence *f = kzalloc(sizeof(*f), GFP_KERNEL);

	if (!f)
		return NULL;
	spin_lock_init(&f->lock);
	dma_fence_init(&f->base, &texp_fence_waited_ops, &f->lock,
		       dma_fence_context_alloc(1), 1);
	return &f->base;
}

int texp_fence_waiters(struct dma_fence *f)
{
	return atomic_read(&container_of(f, struct texp_fence, base)->waiters);
}

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

struct texp_waited {
	struct texp_fence f;	/* first */
	atomic_t *waiters;
};

static signed long texp_waited_wait(struct dma_fence *fence, bool intr,
				    signed long timeout)
{
	struct texp_waited *w = container_of(fence, struct texp_waited, f.base);

	if (!dma_fence_is_signaled(fence)) {
		atomic_inc(w->waiters);
		dma_fence_signal(fence);
	}
	return timeout ? timeout : 1;
}

static const struct dma_fence_ops texp_waited_ops = {
	.get_driver_name = texp_fence_name,
	.get_timeline_name = texp_fence_name,
	.wait = texp_waited_wait,
};

struct dma_fence *texp_waited_fence(atomic_t *waiters)
{
	struct texp_waited *w = kzalloc(sizeof(*w), GFP_KERNEL);

	if (!w)
		return NULL;
	w->waiters = waiters;
	spin_lock_init(&w->f.lock);
	dma_fence_init(&w->f.base, &texp_waited_ops, &w->f.lock,
		       dma_fence_context_alloc(1), 1);
	return &w->f.base;
}

/* A made-up provider: these tests never DMA to it. */
static struct p2pdma_provider *texp_provider =
	(struct p2pdma_provider *)&texp_provider;

/*
 * Offers, most preferred first: P2P memory only as PAL (the made-up
 * provider has no device to check reachability against); otherwise PAL,
 * the DMA vector and SGT (from map_dma_buf or built by the core).
 */
static int texp_match_mapping(struct dma_buf_match_args *args)
{
	struct texp *t = args->dmabuf->priv;
	const struct dma_buf_mapping_match p2p[] = {
		DMA_BUF_EMAPPING_PAL_P2P(texp_provider),
	};
	const struct dma_buf_mapping_match ram[] = {
		DMA_BUF_EMAPPING_PAL, DMA_BUF_EMAPPING_DMA_VEC,
		DMA_BUF_EMAPPING_SGT,
	};

	if (t->flags & TEXP_P2P)
		return dma_buf_match_mapping(args, p2p, ARRAY_SIZE(p2p));
	return dma_buf_match_mapping(args, ram, ARRAY_SIZE(ram));
}

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
	.match_mapping = texp_match_mapping, .attach = texp_attach,        \
	.detach = texp_detach, .map_phys = texp_map_phys,                  \
	.unmap_phys = texp_unmap_phys, .release = texp_release,            \
	.begin_cpu_access = texp_begin_cpu, .end_cpu_access = texp_end_cpu

/* An exporter that never heard of mapping types: SGT only. */
#define TEXP_LEGACY                                                        \
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
	{ TEXP_LEGACY, .map_dma_buf = texp_map, .unmap_dma_buf = texp_unmap },
	{ TEXP_COMMON, .map_dma_buf = texp_map, .unmap_dma_buf = texp_unmap,
	  .pin = texp_pin, .unpin = texp_unpin,
	  .vmap = texp_vmap, .vunmap = texp_vunmap },
};

static const struct dma_buf_ops *texp_pick_ops(unsigned int flags)
{
	if ((flags & TEXP_VMAP) && (flags & TEXP_DYNAMIC))
		return &texp_ops[6];
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
	dma_buf_revoke(t->dmabuf, NULL, NULL);
}

void texp_restore(struct texp *t)
{
	dma_buf_restore(t->dmabuf, NULL, NULL);
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

/* The page-backed exporter -------------------------------------------- */

static int pexp_attach(struct dma_buf *dmabuf,
		       struct dma_buf_attachment *attach)
{
	struct pexp *p = dmabuf->priv;

	if ((p->flags & PEXP_REVOCABLE_ONLY) &&
	    !dma_buf_attach_revocable(attach))
		return -EOPNOTSUPP;
	return 0;
}

static int pexp_pin(struct dma_buf_attachment *attach)
{
	struct pexp *p = attach->dmabuf->priv;

	dma_resv_assert_held(attach->dmabuf->resv);
	atomic_inc(&p->pins);
	return 0;
}

static void pexp_unpin(struct dma_buf_attachment *attach)
{
	struct pexp *p = attach->dmabuf->priv;

	dma_resv_assert_held(attach->dmabuf->resv);
	atomic_dec(&p->pins);
}

static struct dma_buf_phys_list *pexp_map_phys(struct dma_buf_attachment *a)
{
	struct pexp *p = a->dmabuf->priv;
	struct dma_buf_phys_list *list;
	unsigned long i;
	unsigned int n = 0;

	dma_resv_assert_held(a->dmabuf->resv);
	list = dma_buf_phys_list_alloc(p->nr);
	if (!list)
		return ERR_PTR(-ENOMEM);
	for (i = 0; i < p->nr; i++) {
		phys_addr_t pa = page_to_phys(p->set[p->cur][i]);
		struct dma_buf_phys_range *prev = n ? &list->ranges[n - 1] :
						      NULL;

		if (prev && prev->vec.paddr + prev->vec.len == pa) {
			prev->vec.len += PAGE_SIZE;
			continue;
		}
		list->ranges[n].vec.paddr = pa;
		list->ranges[n].vec.len = PAGE_SIZE;
		list->ranges[n].attrs = (p->flags & PEXP_WC) ?
					DMA_BUF_MEM_WC : DMA_BUF_MEM_CACHEABLE;
		n++;
	}
	list->nr_ranges = n;
	return list;
}

static int pexp_fault_pfn(struct dma_buf *dmabuf, pgoff_t pgoff,
			  unsigned long *pfn, unsigned int *attrs)
{
	struct pexp *p = dmabuf->priv;

	dma_resv_assert_held(dmabuf->resv);
	if (pgoff >= p->nr)
		return -EINVAL;
	atomic_inc(&p->faults);
	/* The bug: a PFN cached at creation, never updated by moves. */
	*pfn = page_to_pfn(p->set[(p->flags & PEXP_STALE_FAULT) ? 0 : p->cur]
				[pgoff]);
	*attrs = (p->flags & PEXP_WC) ? DMA_BUF_MEM_WC : DMA_BUF_MEM_CACHEABLE;
	return 0;
}

static int pexp_mmap(struct dma_buf *dmabuf, struct vm_area_struct *vma)
{
	return dma_buf_mmap_pfn(vma, 0);
}

static void pexp_free_pages(struct pexp *p)
{
	unsigned long i;
	int s;

	for (s = 0; s < 2; s++) {
		for (i = 0; p->set[s] && i < p->nr; i++)
			if (p->set[s][i])
				__free_page(p->set[s][i]);
		kfree(p->set[s]);
	}
}

static void pexp_release(struct dma_buf *dmabuf)
{
	struct pexp *p = dmabuf->priv;

	pexp_free_pages(p);
	kfree(p);
}

static int pexp_match_mapping(struct dma_buf_match_args *args)
{
	static const struct dma_buf_mapping_match offers[] = {
		DMA_BUF_EMAPPING_PAL, DMA_BUF_EMAPPING_DMA_VEC,
		DMA_BUF_EMAPPING_SGT,
	};

	return dma_buf_match_mapping(args, offers, ARRAY_SIZE(offers));
}

static const struct dma_buf_ops pexp_ops = {
	.match_mapping = pexp_match_mapping,
	.attach = pexp_attach,
	.pin = pexp_pin,
	.unpin = pexp_unpin,
	.map_phys = pexp_map_phys,
	.mmap = pexp_mmap,
	.fault_pfn = pexp_fault_pfn,
	.release = pexp_release,
};

static void pexp_claim(struct pexp *p, int set, san_owner_t owner,
		       enum san_event ev, const char *why)
{
	unsigned long i;

	for (i = 0; i < p->nr; i++)
		san_set_owner(p->plat, page_to_phys(p->set[set][i]), PAGE_SIZE,
			      owner, ev, why);
}

u8 *pexp_page(struct pexp *p, int set, unsigned long i)
{
	return page_address(p->set[set < 0 ? p->cur : set][i]);
}

phys_addr_t pexp_phys(struct pexp *p, int set, unsigned long i)
{
	return page_to_phys(p->set[set < 0 ? p->cur : set][i]);
}

struct pexp *pexp_create(size_t size, unsigned int flags, u8 fill)
{
	DEFINE_DMA_BUF_EXPORT_INFO(info);
	struct pexp *p = kzalloc(sizeof(*p), GFP_KERNEL);
	unsigned long i;
	int s;

	if (!p)
		return NULL;
	p->plat = current_platform();
	p->size = size;
	p->nr = size >> PAGE_SHIFT;
	p->flags = flags;
	for (s = 0; s < 2; s++) {
		p->set[s] = kcalloc(p->nr, sizeof(struct page *), GFP_KERNEL);
		if (!p->set[s])
			goto err;
		for (i = 0; i < p->nr; i++) {
			p->set[s][i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
			if (!p->set[s][i])
				goto err;
		}
	}
	for (i = 0; i < p->nr; i++)
		hw_wire_set(page_address(p->set[0][i]), fill, PAGE_SIZE);
	info.exp_name = "pexp";
	info.ops = &pexp_ops;
	info.size = size;
	info.flags = O_RDWR | O_CLOEXEC;
	info.priv = p;
	p->dmabuf = dma_buf_export(&info);
	if (IS_ERR(p->dmabuf))
		goto err;
	p->dmabuf->san_owner = san_new_owner(p->plat, "pexp buffer");
	pexp_claim(p, 0, p->dmabuf->san_owner, SAN_EV_CLAIM, "pexp create");
	p->gone_owner = san_new_owner(p->plat, "pexp: spare pages");
	pexp_claim(p, 1, p->gone_owner, SAN_EV_CLAIM, "pexp create (spare)");
	return p;
err:
	pexp_free_pages(p);
	kfree(p);
	return NULL;
}

static int __pexp_move(struct pexp *p, struct dma_fence *fence, bool signal)
{
	int ret, from, to;
	unsigned long i;

	dma_resv_lock(p->dmabuf->resv, NULL);
	/* Importers' DMA (any usage) finishes before the copy starts. */
	dma_resv_wait_timeout(p->dmabuf->resv, DMA_RESV_USAGE_BOOKKEEP, false,
			      MAX_SCHEDULE_TIMEOUT);
	ret = dma_buf_move_locked(p->dmabuf, fence);
	if (ret) {
		dma_resv_unlock(p->dmabuf->resv);
		return ret;
	}
	from = p->cur;
	to = !from;
	/*
	 * The copy engine: the copy's fence is KERNEL in the resv. Until it
	 * signals, the new pages belong to the copy; the buffer's new
	 * placement is a new claim that importers learn from now on.
	 */
	p->dmabuf->san_owner = san_new_owner(p->plat, "pexp buffer (moved)");
	for (i = 0; i < p->nr; i++)
		san_copy_hand_over(p->plat,
				   san_copy_begin(p->plat,
						  page_to_phys(p->set[to][i]),
						  PAGE_SIZE, "pexp move copy"),
				   fence, p->dmabuf->san_owner);
	for (i = 0; i < p->nr; i++)
		hw_wire_copy(page_address(p->set[to][i]),
			     page_address(p->set[from][i]), PAGE_SIZE);
	/* The old pages belong to someone else now. */
	p->gone_owner = san_new_owner(p->plat, "pexp: memory's next user");
	pexp_claim(p, from, p->gone_owner, SAN_EV_MOVE, "pexp move out");
	WRITE_ONCE(p->cur, to);
	atomic_inc(&p->moves);
	if (signal)
		dma_fence_signal(fence);
	dma_resv_unlock(p->dmabuf->resv);
	return 0;
}

int pexp_move(struct pexp *p, struct dma_fence **pending)
{
	struct dma_fence *fence = texp_fence();
	int ret;

	if (!fence)
		return -ENOMEM;
	ret = __pexp_move(p, fence, !pending);
	if (!ret && pending)
		*pending = dma_fence_get(fence);
	dma_fence_put(fence);
	return ret;
}

int pexp_move_fence(struct pexp *p, struct dma_fence *fence)
{
	return __pexp_move(p, fence, false);
}

/* The memory goes to its next user once importers' work has ended. */
static void pexp_revoked(struct dma_buf *dmabuf, void *arg)
{
	struct pexp *p = arg;

	p->gone_owner = san_new_owner(p->plat, "pexp: memory's next user");
	pexp_claim(p, p->cur, p->gone_owner, SAN_EV_REVOKE, "pexp revoke");
}

void pexp_revoke(struct pexp *p)
{
	dma_buf_revoke(p->dmabuf, pexp_revoked, p);
}

static void pexp_restored(struct dma_buf *dmabuf, void *arg)
{
	struct pexp *p = arg;

	/* A new placement: mappings from before the revoke stay stale. */
	p->dmabuf->san_owner = san_new_owner(p->plat, "pexp buffer (restored)");
	pexp_claim(p, p->cur, p->dmabuf->san_owner, SAN_EV_RESTORE,
		   "pexp restore");
}

void pexp_restore(struct pexp *p)
{
	dma_buf_restore(p->dmabuf, pexp_restored, p);
}
