// SPDX-License-Identifier: GPL-2.0
/* The DMA API: masks, dma_map_phys/page, scatterlists, syncs. */
#include <errno.h>
#include <dmabridge/platform.h>
#include <dmabridge/iommu.h>
#include <dmabridge/iova.h>
#include <dmabridge/bug.h>
#include "dma-internal.h"

int dma_set_mask(struct device *dev, u64 mask)
{
	/* Like dma-direct's minimum: the mask must cover ZONE_DMA. */
	if (!dev || !dev->dma_mask || mask < DMA_BIT_MASK(24))
		return -EIO;
	WRITE_ONCE(*dev->dma_mask, mask);
	return 0;
}

int dma_set_coherent_mask(struct device *dev, u64 mask)
{
	if (!dev || mask < DMA_BIT_MASK(24))
		return -EIO;
	WRITE_ONCE(dev->coherent_dma_mask, mask);
	return 0;
}

int dma_set_mask_and_coherent(struct device *dev, u64 mask)
{
	int ret = dma_set_mask(dev, mask);

	return ret ? ret : dma_set_coherent_mask(dev, mask);
}

u64 dma_get_mask(struct device *dev)
{
	if (dev && dev->dma_mask && READ_ONCE(*dev->dma_mask))
		return READ_ONCE(*dev->dma_mask);
	return DMA_BIT_MASK(32);
}

int dma_mapping_error(struct device *dev, dma_addr_t dma_addr)
{
	return dma_addr == DMA_MAPPING_ERROR ? -ENOMEM : 0;
}

struct iommu_domain *dma_iommu_domain(struct device *dev)
{
	struct iommu_domain *d = iommu_get_dma_domain(dev);

	return d && d->type == IOMMU_DOMAIN_DMA ? d : NULL;
}

int dma_dir_to_prot(enum dma_data_direction dir, unsigned long attrs)
{
	int prot = attrs & DMA_ATTR_MMIO ? IOMMU_MMIO : IOMMU_CACHE;

	switch (dir) {
	case DMA_BIDIRECTIONAL:
		return prot | IOMMU_READ | IOMMU_WRITE;
	case DMA_TO_DEVICE:
		return prot | IOMMU_READ;
	case DMA_FROM_DEVICE:
		return prot | IOMMU_WRITE;
	default:
		return 0;
	}
}

static u64 dma_limit(struct device *dev, struct iommu_domain *d)
{
	u64 mask = dma_get_mask(dev);

	return d ? min(mask, (u64)d->geometry.aperture_end) : mask;
}

/* The oldest quarantined IOVA range goes back to the allocator. */
static bool fq_pop(struct iommu_domain *d)
{
	struct iommu_dma_fq *fq = d->fq;
	unsigned long pfn = 0, npages = 0;

	spin_lock(&fq->lock);
	if (fq->n) {
		pfn = fq->e[fq->head].pfn;
		npages = fq->e[fq->head].npages;
		fq->head = (fq->head + 1) % IOMMU_DMA_FQ_SIZE;
		fq->n--;
	}
	spin_unlock(&fq->lock);
	if (npages)
		free_iova_fast(d->iovad, pfn, npages);
	return npages;
}

/* Unmapped (and IOTLB-flushed) frames wait before reuse. */
void iommu_dma_free_iova(struct iommu_domain *d, unsigned long pfn,
		    unsigned long npages)
{
	struct iommu_dma_fq *fq = d->fq;
	bool full;

	if (!fq) {
		free_iova_fast(d->iovad, pfn, npages);
		return;
	}
	for (;;) {
		spin_lock(&fq->lock);
		full = fq->n == IOMMU_DMA_FQ_SIZE;
		if (!full) {
			fq->e[(fq->head + fq->n) % IOMMU_DMA_FQ_SIZE].pfn = pfn;
			fq->e[(fq->head + fq->n) % IOMMU_DMA_FQ_SIZE].npages =
				npages;
			fq->n++;
		}
		spin_unlock(&fq->lock);
		if (!full)
			return;
		fq_pop(d);
	}
}

void iommu_dma_fq_flush(struct iommu_domain *d)
{
	if (d && d->fq)
		while (fq_pop(d))
			;
}

unsigned long iommu_dma_alloc_iova(struct iommu_domain *d,
				   unsigned long npages, u64 limit_addr)
{
	unsigned long limit = limit_addr >> iova_shift(d->iovad), pfn;

	for (;;) {
		pfn = alloc_iova_fast(d->iovad, npages, limit, true);
		if (pfn || !d->fq || !fq_pop(d))
			return pfn;
	}
}

/* An IOVA for [phys, phys + size) in @d, mapped with @prot. */
static dma_addr_t iommu_dma_map(struct device *dev, struct iommu_domain *d,
				phys_addr_t phys, size_t size, int prot)
{
	struct iova_domain *iovad = d->iovad;
	unsigned long shift = iova_shift(iovad), pfn;
	size_t off = iova_offset(iovad, phys), len = iova_align(iovad,
								  size + off);

	pfn = iommu_dma_alloc_iova(d, len >> shift, dma_limit(dev, d));
	if (!pfn)
		return DMA_MAPPING_ERROR;
	if (iommu_map(d, pfn << shift, phys - off, len, prot, GFP_ATOMIC)) {
		free_iova_fast(iovad, pfn, len >> shift);
		return DMA_MAPPING_ERROR;
	}
	if (dma_record_mapping(dev, SAN_MAP_IOVA, (pfn << shift) + off, phys,
			       size)) {
		iommu_unmap(d, pfn << shift, len);
		free_iova_fast(iovad, pfn, len >> shift);
		return DMA_MAPPING_ERROR;
	}
	return (pfn << shift) + off;
}

static void iommu_dma_unmap(struct device *dev, struct iommu_domain *d,
			    dma_addr_t addr, size_t size)
{
	struct iova_domain *iovad = d->iovad;
	size_t off = iova_offset(iovad, addr), len = iova_align(iovad,
								  size + off);
	size_t done = iommu_unmap(d, addr - off, len);

	if (WARN(done != len, "%s: unmapping DMA address %#llx+%#zx that is "
		 "not mapped", dev_name(dev), (unsigned long long)addr, size))
		return;
	/* Its handle goes to the graveyard, its IOVA to the quarantine. */
	dma_forget_mapping(dev, true, addr, size);
	iommu_dma_free_iova(d, (addr - off) >> iova_shift(iovad), len >> iova_shift(iovad));
}

/* A direct (untranslated) address: must be under the mask. */
static dma_addr_t direct_map(struct device *dev, dma_addr_t addr,
			     phys_addr_t phys, size_t size, bool check_mask)
{
	if (check_mask && addr + size - 1 > dma_get_mask(dev))
		return DMA_MAPPING_ERROR;
	if (dma_direct_record(dev, addr, phys, size))
		return DMA_MAPPING_ERROR;
	return addr;
}

dma_addr_t dma_map_phys(struct device *dev, phys_addr_t phys, size_t size,
			enum dma_data_direction dir, unsigned long attrs)
{
	struct iommu_domain *d;
	struct phys_region *r;

	if (!dev || !dev->platform || !size || phys + size - 1 < phys)
		return DMA_MAPPING_ERROR;
	if (WARN(!valid_dma_direction(dir), "dma_map_phys: bad direction %d",
		 dir))
		return DMA_MAPPING_ERROR;
	if (dev->dead)
		return DMA_MAPPING_ERROR;
	r = hw_find_region(dev->platform, phys);
	if (!r || size > r->base + r->size - phys)
		return DMA_MAPPING_ERROR;
	if (r->kind == PHYS_BAR) {
		if (WARN(!(attrs & DMA_ATTR_MMIO),
			 "%s: mapping %#llx (no struct page) without "
			 "DMA_ATTR_MMIO", dev_name(dev),
			 (unsigned long long)phys))
			return DMA_MAPPING_ERROR;
		switch (dma_p2p_map_type(dev, r)) {
		case PCI_P2PDMA_MAP_BUS_ADDR:
			/* The switch routes it; the IOMMU never sees it. */
			return direct_map(dev, dma_p2p_bus_addr(r, phys), phys,
					  size, true);
		case PCI_P2PDMA_MAP_THRU_HOST_BRIDGE:
			break;
		default:
			return DMA_MAPPING_ERROR;
		}
	}
	d = dma_iommu_domain(dev);
	if (d)
		return iommu_dma_map(dev, d, phys, size,
				     dma_dir_to_prot(dir, attrs));
	return direct_map(dev, phys, phys, size, true);
}

void dma_unmap_phys(struct device *dev, dma_addr_t addr, size_t size,
		    enum dma_data_direction dir, unsigned long attrs)
{
	struct iommu_domain *d;

	if (!dev || !size || addr == DMA_MAPPING_ERROR)
		return;
	/* Direct records first: P2P bus addresses exist behind IOMMUs too. */
	if (!dma_direct_forget(dev, addr, size))
		return;
	d = dma_iommu_domain(dev);
	if (d) {
		iommu_dma_unmap(dev, d, addr, size);
		return;
	}
	WARN(1, "%s: unmapping DMA address %#llx+%#zx that is not mapped",
	     dev_name(dev), (unsigned long long)addr, size);
}

dma_addr_t dma_map_page_attrs(struct device *dev, struct page *page,
			      size_t offset, size_t size,
			      enum dma_data_direction dir, unsigned long attrs)
{
	if (!page)
		return DMA_MAPPING_ERROR;
	/* Whoever holds the page knows it under its current claim. */
	if (dev && dev->platform)
		san_learn_current(dev->platform, page_to_phys(page) + offset,
				  size);
	return dma_map_phys(dev, page_to_phys(page) + offset, size, dir, attrs);
}

void dma_unmap_page_attrs(struct device *dev, dma_addr_t addr, size_t size,
			  enum dma_data_direction dir, unsigned long attrs)
{
	dma_unmap_phys(dev, addr, size, dir, attrs);
}

static void sg_dma_clear(struct sg_table *sgt)
{
	struct scatterlist *sg;
	unsigned int i;

	for_each_sgtable_sg(sgt, sg, i) {
		sg->dma_address = DMA_MAPPING_ERROR;
		sg->dma_length = 0;
		sg->dma_flags = 0;
	}
}

/*
 * One scatterlist entry at IO page @iova -> @pa, its bytes from @off on:
 * the claims looked up once per run for both the IO PTEs and the table's
 * handle, which nobody else sees yet (no lock).
 */
static int map_entry(struct device *dev, struct iommu_domain *d,
		     struct san_map *m, dma_addr_t iova, phys_addr_t pa,
		     size_t off, size_t size, int prot)
{
	size_t len = iova_align(d->iovad, off + size), done, run, lo, hi;
	san_owner_t claim;
	int ret;

	for (done = 0; done < len; done += run) {
		claim = san_learned_run(dev->platform, pa + done, len - done,
					&run);
		run = max(run, (size_t)PAGE_SIZE);
		ret = iommu_map_claimed(d, iova + done, pa + done, run, prot,
					claim);
		if (ret)
			return ret;
		lo = max(done, off);
		hi = min(done + run, off + size);
		ret = __san_map_add_claim(m, iova + lo, pa + lo, hi - lo,
					  claim);
		if (ret) {
			iommu_unmap(d, iova + done, run);
			return ret;
		}
	}
	return 0;
}

/*
 * Like iommu_dma_map_sg(): one IOVA range for the whole table, each entry
 * starting on an IO page boundary, then entries that came out contiguous
 * merged into DMA segments of at most the device's max segment size.
 */
static int iommu_dma_map_sgtable(struct device *dev, struct iommu_domain *d,
				 struct sg_table *sgt, int prot)
{
	struct iova_domain *iovad = d->iovad;
	unsigned long shift = iova_shift(iovad), pfn;
	unsigned int max_seg = dma_get_max_seg_size(dev), i, out = 0;
	struct scatterlist *sg, *cur = NULL;
	size_t total = 0, pos = 0;
	struct san_map *m;
	dma_addr_t base;

	for_each_sgtable_sg(sgt, sg, i)
		total += iova_align(iovad, iova_offset(iovad, sg->offset) +
						   sg->length);
	pfn = iommu_dma_alloc_iova(d, total >> shift, dma_limit(dev, d));
	if (!pfn)
		return -ENOMEM;
	base = pfn << shift;
	/* One handle for the whole table: an extent per entry. */
	m = dma_record_range(dev, SAN_MAP_SGT, base, total);
	if (!m) {
		free_iova_fast(iovad, pfn, total >> shift);
		return -ENOMEM;
	}
	for_each_sgtable_sg(sgt, sg, i) {
		phys_addr_t phys = sg_phys(sg);
		size_t off = iova_offset(iovad, phys);
		size_t len = iova_align(iovad, off + sg->length);

		if (map_entry(dev, d, m, base + pos, phys - off, off,
			      sg->length, prot)) {
			iommu_unmap(d, base, pos + len);
			free_iova_fast(iovad, pfn, total >> shift);
			san_map_put(m);
			return -ENOMEM;
		}
		/* Merge if the previous segment ended on a page boundary. */
		if (cur && !off && IS_ALIGNED(cur->dma_address +
					      cur->dma_length, iovad->granule) &&
		    cur->dma_address + cur->dma_length == base + pos &&
		    (u64)cur->dma_length + sg->length <= max_seg) {
			cur->dma_length += sg->length;
		} else {
			cur = &sgt->sgl[out++];
			cur->dma_address = base + pos + off;
			cur->dma_length = sg->length;
		}
		pos += len;
	}
	dma_record_insert(dev, m);
	sgt->nents = out;
	return 0;
}

static int direct_map_sgtable(struct device *dev, struct sg_table *sgt)
{
	struct scatterlist *sg;
	unsigned int i, j;

	for_each_sgtable_sg(sgt, sg, i) {
		phys_addr_t phys = sg_phys(sg);

		sg->dma_address = direct_map(dev, phys, phys, sg->length, true);
		if (sg->dma_address == DMA_MAPPING_ERROR)
			goto unwind;
		sg->dma_length = sg->length;
	}
	sgt->nents = sgt->orig_nents;
	return 0;
unwind:
	for_each_sg(sgt->sgl, sg, i, j)
		dma_direct_forget(dev, sg->dma_address, sg->dma_length);
	return -EIO;
}

static int validate_sgtable(struct device *dev, struct sg_table *sgt)
{
	struct platform *plat = dev->platform;
	struct scatterlist *sg;
	unsigned int i;

	if (!sgt->sgl || !sgt->orig_nents)
		return -EINVAL;
	for_each_sgtable_sg(sgt, sg, i) {
		struct page *page = sg_page(sg);
		unsigned long last;

		/* Scatterlists carry RAM pages only: no struct page, no sg. */
		if (!page || page_platform(page) != plat || !sg->length)
			return -EINVAL;
		last = page_to_pfn(page) +
		       ((u64)sg->offset + sg->length - 1) / PAGE_SIZE;
		if (!platform_pfn_to_page(plat, last))
			return -EINVAL;
	}
	return 0;
}

int dma_map_sgtable(struct device *dev, struct sg_table *sgt,
		    enum dma_data_direction dir, unsigned long attrs)
{
	struct iommu_domain *d;
	struct scatterlist *sg;
	unsigned int i;
	int ret;

	if (!dev || !dev->platform || !sgt)
		return -EINVAL;
	if (WARN(!valid_dma_direction(dir), "dma_map_sgtable: bad direction"))
		return -EINVAL;
	if (dev->dead)
		return -EIO;
	ret = validate_sgtable(dev, sgt);
	if (ret)
		return ret;
	/* Whoever holds the pages knows them under their current claims. */
	for_each_sgtable_sg(sgt, sg, i)
		san_learn_current(dev->platform, sg_phys(sg), sg->length);
	sg_dma_clear(sgt);
	d = dma_iommu_domain(dev);
	if (d)
		ret = iommu_dma_map_sgtable(dev, d, sgt,
					    dma_dir_to_prot(dir, attrs));
	else
		ret = direct_map_sgtable(dev, sgt);
	if (ret) {
		sg_dma_clear(sgt);
		sgt->nents = 0;
	}
	return ret;
}

void dma_unmap_sgtable(struct device *dev, struct sg_table *sgt,
		       enum dma_data_direction dir, unsigned long attrs)
{
	struct iommu_domain *d;
	struct scatterlist *sg, *last = NULL;
	unsigned int i;

	if (!dev || !sgt || !sgt->nents)
		return;
	d = dma_iommu_domain(dev);
	if (!d) {
		for_each_sgtable_dma_sg(sgt, sg, i)
			WARN(dma_direct_forget(dev, sg_dma_address(sg),
					       sg_dma_len(sg)),
			     "%s: unmapping a scatterlist entry not mapped",
			     dev_name(dev));
	} else {
		dma_addr_t start, end;

		for_each_sgtable_dma_sg(sgt, sg, i)
			last = sg;
		start = ALIGN_DOWN(sg_dma_address(sgt->sgl),
				   d->iovad->granule);
		end = ALIGN(sg_dma_address(last) + sg_dma_len(last),
			    d->iovad->granule);
		iommu_dma_unmap(dev, d, start, end - start);
	}
	sgt->nents = 0;
}

int dma_map_sg_attrs(struct device *dev, struct scatterlist *sg, int nents,
		     enum dma_data_direction dir, unsigned long attrs)
{
	struct sg_table sgt = { .sgl = sg, .orig_nents = nents };

	if (nents <= 0)
		return 0;
	return dma_map_sgtable(dev, &sgt, dir, attrs) ? 0 : (int)sgt.nents;
}

void dma_unmap_sg_attrs(struct device *dev, struct scatterlist *sg, int nents,
			enum dma_data_direction dir, unsigned long attrs)
{
	struct sg_table sgt = { .sgl = sg, .orig_nents = nents };
	struct scatterlist *s;
	int i;

	/* The mapped entries are those with a DMA length. */
	for (i = 0, s = sg; i < nents && s && s->dma_length; i++)
		s = sg_next(s);
	sgt.nents = i;
	dma_unmap_sgtable(dev, &sgt, dir, attrs);
}

static void dma_sync_check(struct device *dev, size_t size,
			   enum dma_data_direction dir)
{
	WARN(!dev || !size || !valid_dma_direction(dir),
	     "dma_sync: bad arguments");
}

void dma_sync_single_for_cpu(struct device *dev, dma_addr_t addr, size_t size,
			     enum dma_data_direction dir)
{
	dma_sync_check(dev, size, dir);
}

void dma_sync_single_for_device(struct device *dev, dma_addr_t addr,
				size_t size, enum dma_data_direction dir)
{
	dma_sync_check(dev, size, dir);
}
