// SPDX-License-Identifier: GPL-2.0
/*
 * dma-buf mapping types without struct page: the physical address list
 * (the mapping-types RFC's PAL), the DMA address vector built from it
 * (dmabridge's own type, in no Linux tree or RFC) and DMA-only SGTs built
 * from it (Linux 6.19's dma_buf_phys_vec_to_sgt).
 */
#include <dmabridge/dma-buf.h>
#include <dmabridge/dma-buf-mapping.h>
#include <dmabridge/dma-resv.h>
#include <dmabridge/slab.h>
#include <dmabridge/dma-mapping.h>
#include <dmabridge/scatterlist.h>
#include <dmabridge/pci-p2pdma.h>
#include <dmabridge/page.h>

/* How one physical range reached the device. */
enum dma_buf_range_how {
	DMA_BUF_RANGE_IOVA,	/* linked into the shared IOVA range */
	DMA_BUF_RANGE_PHYS,	/* dma_map_phys() on its own */
	DMA_BUF_RANGE_BUS,	/* P2P bus address, recorded */
};

struct dma_buf_dma_map_state {
	struct device *dev;
	struct dma_buf_attachment *attach;
	struct dma_buf_phys_list *list;
	bool own_list;			/* not the exporter's: just free it */
	struct dma_iova_state iova;
	size_t iova_len;		/* bytes linked so far */
	unsigned int nr_done;		/* ranges mapped (for unwinding) */
	struct {
		dma_addr_t addr;
		size_t iova_off;
		unsigned int out;	/* index in the vector */
		unsigned long attrs;
		enum dma_buf_range_how how;
	} r[];
};

/* A DMA-only sg_table and the vector behind it. */
struct dma_buf_sgt {
	struct sg_table sgt;
	struct dma_buf_dma_vec *vec;
};

struct dma_buf_phys_list *dma_buf_phys_list_alloc(unsigned int nr_ranges)
{
	struct dma_buf_phys_list *list;

	list = kvzalloc(sizeof(*list) + (size_t)nr_ranges *
			sizeof(list->ranges[0]), GFP_KERNEL);
	if (list)
		list->nr_ranges = nr_ranges;
	return list;
}

void dma_buf_phys_list_free(struct dma_buf_phys_list *list)
{
	kvfree(list);
}

/* The exporter's current ranges, checked. */
static struct dma_buf_phys_list *
dma_buf_get_phys(struct dma_buf_attachment *attach)
{
	struct dma_buf *dmabuf = attach->dmabuf;
	struct dma_buf_phys_list *list;
	size_t size = 0;
	unsigned int i;

	list = dmabuf->ops->map_phys(attach);
	if (!list)
		return ERR_PTR(-ENOMEM);
	if (IS_ERR(list))
		return list;
	for (i = 0; i < list->nr_ranges; i++) {
		const struct dma_buf_phys_range *r = &list->ranges[i];

		/*
		 * P2P memory only on an attachment matched to a P2P offer:
		 * an exporter that hands it out otherwise is buggy.
		 */
		if (WARN_ON_ONCE(r->provider && !attach->peer2peer))
			goto err_p2p;
		size += r->vec.len;
	}
	list->size = size;
	if (WARN_ON(size != dmabuf->size)) {
		dma_buf_put_phys_list(attach, list);
		return ERR_PTR(-EINVAL);
	}
	/* The importer learns the ranges under the buffer's current claim. */
	for (i = 0; i < list->nr_ranges; i++)
		san_learn(dmabuf->platform, list->ranges[i].vec.paddr,
			  list->ranges[i].vec.len, dmabuf->san_owner);
	return list;

err_p2p:
	dma_buf_put_phys_list(attach, list);
	return ERR_PTR(-EOPNOTSUPP);
}

void dma_buf_put_phys_list(struct dma_buf_attachment *attach,
			   struct dma_buf_phys_list *list)
{
	if (attach->dmabuf->ops->unmap_phys)
		attach->dmabuf->ops->unmap_phys(attach, list);
	else
		dma_buf_phys_list_free(list);
}

struct dma_buf_phys_list *dma_buf_map_phys(struct dma_buf_attachment *attach)
{
	struct dma_buf_phys_list *list;
	int ret;

	if (WARN_ON(!attach || !attach->dmabuf))
		return ERR_PTR(-EINVAL);
	ret = __dma_buf_map_begin(attach, DMA_BUF_MAPPING_PAL);
	if (ret)
		return ERR_PTR(ret);
	list = dma_buf_get_phys(attach);
	if (IS_ERR(list))
		goto err_abort;
	ret = __dma_buf_map_end(attach);
	if (ret) {
		dma_buf_put_phys_list(attach, list);
		list = ERR_PTR(ret);
		goto err_abort;
	}
	return list;

err_abort:
	__dma_buf_map_abort(attach);
	return list;
}

void dma_buf_unmap_phys(struct dma_buf_attachment *attach,
			struct dma_buf_phys_list *list)
{
	if (WARN_ON(!attach || !attach->dmabuf || IS_ERR_OR_NULL(list)))
		return;
	dma_resv_assert_held(attach->dmabuf->resv);
	dma_buf_put_phys_list(attach, list);
	__dma_buf_unmap_done(attach);
}

struct dma_buf_phys_list *
dma_buf_map_phys_unlocked(struct dma_buf_attachment *attach)
{
	struct dma_buf_phys_list *list;

	if (WARN_ON(!attach || !attach->dmabuf))
		return ERR_PTR(-EINVAL);
	dma_resv_lock(attach->dmabuf->resv, NULL);
	list = dma_buf_map_phys(attach);
	dma_resv_unlock(attach->dmabuf->resv);
	return list;
}

void dma_buf_unmap_phys_unlocked(struct dma_buf_attachment *attach,
				 struct dma_buf_phys_list *list)
{
	if (WARN_ON(!attach || !attach->dmabuf))
		return;
	dma_resv_lock(attach->dmabuf->resv, NULL);
	dma_buf_unmap_phys(attach, list);
	dma_resv_unlock(attach->dmabuf->resv);
}


/*
 * dmabridge, not upstream, from here to dma_buf_unmap_dma_vec_unlocked():
 * the DMA address vector type and per-range provider/attributes mapping.
 * Linux 6.19's dma_buf_phys_vec_to_sgt() below is built on it.
 */

static unsigned long dma_buf_range_attrs(const struct dma_buf_phys_range *r)
{
	unsigned long attrs = r->provider ? DMA_ATTR_MMIO : 0;

	if ((r->attrs & DMA_BUF_MEM_CACHE_MASK) == DMA_BUF_MEM_WC)
		attrs |= DMA_ATTR_WRITE_COMBINE;
	return attrs;
}

static void dma_buf_dma_unmap_ranges(struct dma_buf_dma_map_state *st,
				     enum dma_data_direction dir)
{
	unsigned int i;

	for (i = 0; i < st->nr_done; i++) {
		const struct phys_vec *v = &st->list->ranges[i].vec;

		switch (st->r[i].how) {
		case DMA_BUF_RANGE_BUS:
			dma_direct_forget(st->dev, st->r[i].addr, v->len);
			break;
		case DMA_BUF_RANGE_PHYS:
			dma_unmap_phys(st->dev, st->r[i].addr, v->len, dir,
				       st->r[i].attrs);
			break;
		case DMA_BUF_RANGE_IOVA:
			dma_iova_unlink(st->dev, &st->iova, st->r[i].iova_off,
					v->len, dir, st->r[i].attrs);
			break;
		}
	}
	if (dma_use_iova(&st->iova))
		dma_iova_free(st->dev, &st->iova);
	st->nr_done = 0;
}

/*
 * Decide per range: bus address for P2P a switch routes; else through
 * the IOMMU (one IOVA range for all of them when the two-step API is
 * available) or dma_map_phys() per range.
 */
static int dma_buf_dma_map_ranges(struct dma_buf_dma_map_state *st,
				  enum dma_data_direction dir)
{
	struct dma_buf_phys_list *list = st->list;
	phys_addr_t first = 0;
	size_t mapped = 0;
	unsigned int i;
	bool any = false;
	int ret;

	for (i = 0; i < list->nr_ranges; i++) {
		const struct dma_buf_phys_range *r = &list->ranges[i];

		st->r[i].attrs = dma_buf_range_attrs(r);
		st->r[i].how = DMA_BUF_RANGE_PHYS;
		if (!r->provider)
			goto memory;
		switch (pci_p2pdma_map_type(r->provider, st->dev)) {
		case PCI_P2PDMA_MAP_BUS_ADDR:
			st->r[i].how = DMA_BUF_RANGE_BUS;
			continue;
		case PCI_P2PDMA_MAP_THRU_HOST_BRIDGE:
			break;
		default:
			return -EINVAL;	/* as dma_buf_phys_vec_to_sgt() */
		}
memory:
		if (!any)
			first = r->vec.paddr;
		any = true;
		mapped += r->vec.len;
	}
	if (any && dma_iova_try_alloc(st->dev, &st->iova, first, mapped)) {
		for (i = 0; i < list->nr_ranges; i++)
			if (st->r[i].how == DMA_BUF_RANGE_PHYS)
				st->r[i].how = DMA_BUF_RANGE_IOVA;
	}
	for (i = 0; i < list->nr_ranges; i++) {
		const struct phys_vec *v = &list->ranges[i].vec;

		switch (st->r[i].how) {
		case DMA_BUF_RANGE_BUS:
			st->r[i].addr = pci_p2pdma_bus_addr_map(
				list->ranges[i].provider, v->paddr);
			ret = dma_direct_record(st->dev, st->r[i].addr,
						v->paddr, v->len);
			break;
		case DMA_BUF_RANGE_IOVA:
			st->r[i].iova_off = st->iova_len;
			ret = dma_iova_link(st->dev, &st->iova, v->paddr,
					    st->iova_len, v->len, dir,
					    st->r[i].attrs);
			st->r[i].addr = st->iova.addr + st->iova_len;
			if (!ret)
				st->iova_len += v->len;
			break;
		default:
			st->r[i].addr = dma_map_phys(st->dev, v->paddr, v->len,
						     dir, st->r[i].attrs);
			ret = dma_mapping_error(st->dev, st->r[i].addr);
			break;
		}
		if (ret)
			goto err;
		st->nr_done = i + 1;
	}
	if (st->iova_len) {
		ret = dma_iova_sync(st->dev, &st->iova, 0, st->iova_len);
		if (ret)
			goto err;
	}
	return 0;

err:
	dma_buf_dma_unmap_ranges(st, dir);
	return ret;
}

/* The device's view: ranges merged where the addresses continue. */
static struct dma_buf_dma_vec *
dma_buf_dma_vec_build(struct dma_buf_attachment *attach,
		      struct dma_buf_phys_list *list, bool own_list,
		      enum dma_data_direction dir)
{
	struct dma_buf_dma_map_state *st;
	struct dma_buf_dma_vec *vec;
	unsigned int i, n = 0;
	int ret = -ENOMEM;

	if (!valid_dma_direction(dir) || !list->nr_ranges)
		return ERR_PTR(-EINVAL);
	st = kvzalloc(sizeof(*st) + list->nr_ranges * sizeof(st->r[0]),
		      GFP_KERNEL);
	vec = kvzalloc(sizeof(*vec) + list->nr_ranges * sizeof(vec->ranges[0]),
		       GFP_KERNEL);
	if (!st || !vec)
		goto err_free;
	st->dev = attach->dev;
	st->attach = attach;
	st->list = list;
	st->own_list = own_list;
	ret = dma_buf_dma_map_ranges(st, dir);
	if (ret)
		goto err_free;
	for (i = 0; i < list->nr_ranges; i++) {
		size_t len = list->ranges[i].vec.len;

		if (n && st->r[i - 1].how == st->r[i].how &&
		    vec->ranges[n - 1].addr + vec->ranges[n - 1].len ==
			    st->r[i].addr) {
			vec->ranges[n - 1].len += len;
			st->r[i].out = n - 1;
			continue;
		}
		st->r[i].out = n;
		vec->ranges[n].addr = st->r[i].addr;
		vec->ranges[n].len = len;
		n++;
	}
	vec->nr_ranges = n;
	vec->size = list->size;
	vec->dir = dir;
	vec->state = st;
	return vec;

err_free:
	kvfree(st);
	kvfree(vec);
	return ERR_PTR(ret);
}

static void dma_buf_dma_vec_destroy(struct dma_buf_dma_vec *vec)
{
	struct dma_buf_dma_map_state *st = vec->state;

	dma_buf_dma_unmap_ranges(st, vec->dir);
	if (st->own_list)
		dma_buf_phys_list_free(st->list);
	else
		dma_buf_put_phys_list(st->attach, st->list);
	kvfree(st);
	kvfree(vec);
}

/* A DMA-address vector from the exporter's current physical ranges. */
static struct dma_buf_dma_vec *
dma_buf_dma_vec_from_exporter(struct dma_buf_attachment *attach,
			      enum dma_data_direction dir)
{
	struct dma_buf_phys_list *list = dma_buf_get_phys(attach);
	struct dma_buf_dma_vec *vec;

	if (IS_ERR(list))
		return ERR_CAST(list);
	vec = dma_buf_dma_vec_build(attach, list, false, dir);
	if (IS_ERR(vec))
		dma_buf_put_phys_list(attach, list);
	return vec;
}

struct dma_buf_dma_vec *dma_buf_map_dma_vec(struct dma_buf_attachment *attach,
					    enum dma_data_direction dir)
{
	struct dma_buf_dma_vec *vec;
	int ret;

	if (WARN_ON(!attach || !attach->dmabuf))
		return ERR_PTR(-EINVAL);
	ret = __dma_buf_map_begin(attach, DMA_BUF_MAPPING_DMA_VEC);
	if (ret)
		return ERR_PTR(ret);
	vec = dma_buf_dma_vec_from_exporter(attach, dir);
	if (IS_ERR(vec))
		goto err_abort;
	ret = __dma_buf_map_end(attach);
	if (ret) {
		dma_buf_dma_vec_destroy(vec);
		vec = ERR_PTR(ret);
		goto err_abort;
	}
	return vec;

err_abort:
	__dma_buf_map_abort(attach);
	return vec;
}

void dma_buf_unmap_dma_vec(struct dma_buf_attachment *attach,
			   struct dma_buf_dma_vec *vec)
{
	if (WARN_ON(!attach || !attach->dmabuf || IS_ERR_OR_NULL(vec)))
		return;
	dma_resv_assert_held(attach->dmabuf->resv);
	dma_buf_dma_vec_destroy(vec);
	__dma_buf_unmap_done(attach);
}

struct dma_buf_dma_vec *
dma_buf_map_dma_vec_unlocked(struct dma_buf_attachment *attach,
			     enum dma_data_direction dir)
{
	struct dma_buf_dma_vec *vec;

	if (WARN_ON(!attach || !attach->dmabuf))
		return ERR_PTR(-EINVAL);
	dma_resv_lock(attach->dmabuf->resv, NULL);
	vec = dma_buf_map_dma_vec(attach, dir);
	dma_resv_unlock(attach->dmabuf->resv);
	return vec;
}

void dma_buf_unmap_dma_vec_unlocked(struct dma_buf_attachment *attach,
				    struct dma_buf_dma_vec *vec)
{
	if (WARN_ON(!attach || !attach->dmabuf))
		return;
	dma_resv_lock(attach->dmabuf->resv, NULL);
	dma_buf_unmap_dma_vec(attach, vec);
	dma_resv_unlock(attach->dmabuf->resv);
}

/* A DMA-only table (no pages, orig_nents 0) over @vec. */
static struct sg_table *dma_buf_vec_to_sgt(struct dma_buf_dma_vec *vec)
{
	struct dma_buf_dma_map_state *st = vec->state;
	struct scatterlist *sg;
	struct dma_buf_sgt *w;
	unsigned int i;

	w = kzalloc(sizeof(*w), GFP_KERNEL);
	if (!w)
		return ERR_PTR(-ENOMEM);
	if (sg_alloc_table(&w->sgt, vec->nr_ranges, GFP_KERNEL)) {
		kfree(w);
		return ERR_PTR(-ENOMEM);
	}
	for_each_sgtable_dma_sg(&w->sgt, sg, i) {
		sg->dma_address = vec->ranges[i].addr;
		sg->dma_length = vec->ranges[i].len;
	}
	/* Bus-address ranges never merge with others (distinct spaces). */
	for (i = 0; i < st->list->nr_ranges; i++)
		if (st->r[i].how == DMA_BUF_RANGE_BUS)
			sg_dma_mark_bus_address(&w->sgt.sgl[st->r[i].out]);
	w->sgt.orig_nents = 0;
	w->vec = vec;
	return &w->sgt;
}

static void dma_buf_sgt_destroy(struct sg_table *sgt)
{
	struct dma_buf_sgt *w = container_of(sgt, struct dma_buf_sgt, sgt);

	dma_buf_dma_vec_destroy(w->vec);
	sg_free_table(&w->sgt);
	kfree(w);
}

struct sg_table *dma_buf_phys_vec_to_sgt(struct dma_buf_attachment *attach,
					 struct p2pdma_provider *provider,
					 struct phys_vec *phys_vec,
					 size_t nr_ranges, size_t size,
					 enum dma_data_direction dir)
{
	struct dma_buf_phys_list *list;
	struct dma_buf_dma_vec *vec;
	struct sg_table *sgt;
	size_t i, total = 0;

	if (WARN_ON(!attach || !attach->dmabuf || !provider))
		return ERR_PTR(-EINVAL);	/* MMIO only, as upstream */
	dma_resv_assert_held(attach->dmabuf->resv);
	if (!phys_vec || !nr_ranges || nr_ranges > UINT_MAX)
		return ERR_PTR(-EINVAL);
	list = dma_buf_phys_list_alloc(nr_ranges);
	if (!list)
		return ERR_PTR(-ENOMEM);
	for (i = 0; i < nr_ranges; i++) {
		list->ranges[i].vec = phys_vec[i];
		list->ranges[i].provider = provider;
		total += phys_vec[i].len;
	}
	list->size = total;
	if (total != size) {
		dma_buf_phys_list_free(list);
		return ERR_PTR(-EINVAL);
	}
	vec = dma_buf_dma_vec_build(attach, list, true, dir);
	if (IS_ERR(vec)) {
		dma_buf_phys_list_free(list);
		return ERR_CAST(vec);
	}
	sgt = dma_buf_vec_to_sgt(vec);
	if (IS_ERR(sgt))
		dma_buf_dma_vec_destroy(vec);
	return sgt;
}

void dma_buf_free_sgt(struct dma_buf_attachment *attach, struct sg_table *sgt,
		      enum dma_data_direction dir)
{
	if (WARN_ON(!attach || IS_ERR_OR_NULL(sgt)))
		return;
	dma_resv_assert_held(attach->dmabuf->resv);
	dma_buf_sgt_destroy(sgt);
}

struct sg_table *__dma_buf_map_phys_sgt(struct dma_buf_attachment *attach,
					enum dma_data_direction dir)
{
	struct dma_buf_dma_vec *vec = dma_buf_dma_vec_from_exporter(attach, dir);
	struct sg_table *sgt;

	if (IS_ERR(vec))
		return ERR_CAST(vec);
	sgt = dma_buf_vec_to_sgt(vec);
	if (IS_ERR(sgt))
		dma_buf_dma_vec_destroy(vec);
	return sgt;
}

void __dma_buf_unmap_phys_sgt(struct dma_buf_attachment *attach,
			      struct sg_table *sgt,
			      enum dma_data_direction dir)
{
	dma_buf_sgt_destroy(sgt);
}

/* Exporters backed by an array of RAM pages share these. */
struct sg_table *dma_buf_pages_map_sgt(struct dma_buf_attachment *attach,
				       struct page **pages,
				       unsigned long nr_pages,
				       enum dma_data_direction dir)
{
	struct sg_table *sgt = kzalloc(sizeof(*sgt), GFP_KERNEL);
	int ret;

	if (!sgt)
		return ERR_PTR(-ENOMEM);
	ret = sg_alloc_table_from_pages(sgt, pages, nr_pages, 0,
					nr_pages << PAGE_SHIFT, GFP_KERNEL);
	if (ret)
		goto err_free;
	ret = dma_map_sgtable(attach->dev, sgt, dir, 0);
	if (ret)
		goto err_table;
	return sgt;

err_table:
	sg_free_table(sgt);
err_free:
	kfree(sgt);
	return ERR_PTR(ret);
}

void dma_buf_pages_unmap_sgt(struct dma_buf_attachment *attach,
			     struct sg_table *sgt, enum dma_data_direction dir)
{
	dma_unmap_sgtable(attach->dev, sgt, dir, 0);
	sg_free_table(sgt);
	kfree(sgt);
}

struct dma_buf_phys_list *dma_buf_pages_to_phys_list(struct page **pages,
						     unsigned long nr_pages)
{
	struct dma_buf_phys_list *list;
	unsigned long i;
	unsigned int n = 0;

	list = dma_buf_phys_list_alloc(nr_pages);
	if (!list)
		return ERR_PTR(-ENOMEM);
	for (i = 0; i < nr_pages; i++) {
		phys_addr_t pa = page_to_phys(pages[i]);
		struct phys_vec *prev = n ? &list->ranges[n - 1].vec : NULL;

		if (prev && prev->paddr + prev->len == pa) {
			prev->len += PAGE_SIZE;
			continue;
		}
		list->ranges[n].vec.paddr = pa;
		list->ranges[n].vec.len = PAGE_SIZE;
		n++;
	}
	list->nr_ranges = n;
	return list;
}

int dma_buf_pages_match_mapping(struct dma_buf_match_args *args)
{
	static const struct dma_buf_mapping_match offers[] = {
		DMA_BUF_EMAPPING_SGT,
		DMA_BUF_EMAPPING_PAL,
	};

	return dma_buf_match_mapping(args, offers, ARRAY_SIZE(offers));
}
