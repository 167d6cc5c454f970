// SPDX-License-Identifier: GPL-2.0
/*
 * The DMA API's records of a device's mappings, like dma-debug's: direct
 * ones (no IOMMU, passthrough, P2P bus addresses) and IOVA ones, each in
 * an interval tree keyed by DMA address and holding the sanitizer's
 * mapping handle (what it expects, who made it). Unmapped handles stay in
 * a small per-device graveyard so a later DMA through them is reported as
 * a use after unmap, with both call chains.
 */
#include <errno.h>
#include <dmabridge/platform.h>
#include <dmabridge/slab.h>
#include <dmabridge/bug.h>
#include "dma-internal.h"

#define DMA_DEFAULT_MAX_SEG (64 * 1024)

/* One mapping: its DMA address range and the sanitizer's handle. */
struct dma_direct_map {
	struct interval_tree_node it;	/* [addr, addr + len - 1] */
	struct san_map *m;
};

struct dev_dma *dev_dma_get(struct device *dev)
{
	struct dev_dma *dd = smp_load_acquire(&dev->dma), *exp = NULL;

	if (dd)
		return dd;
	dd = kzalloc(sizeof(*dd), GFP_ATOMIC);
	if (!dd)
		return NULL;
	spin_lock_init(&dd->lock);
	interval_tree_init(&dd->direct);
	interval_tree_init(&dd->iova);
	dd->max_seg_size = DMA_DEFAULT_MAX_SEG;
	if (__atomic_compare_exchange_n(&dev->dma, &exp, dd, false,
					__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		return dd;
	spin_lock_destroy(&dd->lock);
	kfree(dd);
	return exp;
}

int dma_set_max_seg_size(struct device *dev, unsigned int size)
{
	struct dev_dma *dd = dev ? dev_dma_get(dev) : NULL;

	if (!dd)
		return -ENOMEM;
	WRITE_ONCE(dd->max_seg_size, size ? size : DMA_DEFAULT_MAX_SEG);
	return 0;
}

unsigned int dma_get_max_seg_size(struct device *dev)
{
	struct dev_dma *dd = dev ? smp_load_acquire(&dev->dma) : NULL;

	return dd ? READ_ONCE(dd->max_seg_size) : DMA_DEFAULT_MAX_SEG;
}

static struct interval_tree_root *dd_tree(struct dev_dma *dd, bool iova)
{
	return iova ? &dd->iova : &dd->direct;
}

int dma_record_mapping(struct device *dev, enum san_map_kind kind,
		       dma_addr_t addr, phys_addr_t phys, size_t len)
{
	struct platform *plat = dev ? dev->platform : NULL;
	bool iova = kind == SAN_MAP_IOVA;
	struct dma_direct_map *r;
	struct dev_dma *dd;

	if (!plat || !len || addr + len - 1 < addr || phys + len - 1 < phys)
		return -EINVAL;
	dd = dev_dma_get(dev);
	r = kzalloc(sizeof(*r), GFP_ATOMIC);
	if (!dd || !r) {
		kfree(r);
		return -ENOMEM;
	}
	r->m = san_map_create(plat, kind, dev, dev_name(dev), addr, phys, len);
	if (!r->m) {
		kfree(r);
		return -ENOMEM;
	}
	r->it.start = addr;
	r->it.last = addr + len - 1;
	spin_lock(&dd->lock);
	interval_tree_insert(&r->it, dd_tree(dd, iova));
	if (iova)
		dd->nr_iova++;
	else
		dd->nr_direct++;
	spin_unlock(&dd->lock);
	return 0;
}

int dma_direct_record(struct device *dev, dma_addr_t addr, phys_addr_t phys,
		      size_t len)
{
	return dma_record_mapping(dev, addr == phys ? SAN_MAP_DIRECT :
				  SAN_MAP_P2P, addr, phys, len);
}

/* dd->lock held: an unmapped handle goes to the graveyard. */
static void dd_bury(struct dev_dma *dd, struct san_map *m)
{
	struct san_map **slot = &dd->grave[dd->grave_next++ % DMA_GRAVEYARD];
	struct san_map *old = *slot;

	*slot = m;
	san_map_put(old);
}

int dma_forget_mapping(struct device *dev, bool iova, dma_addr_t addr,
		       size_t len)
{
	struct dev_dma *dd = dev ? smp_load_acquire(&dev->dma) : NULL;
	struct interval_tree_root *root;
	struct interval_tree_node *it;
	struct dma_direct_map *found = NULL;

	if (!len)
		return -EINVAL;
	if (!dd)
		return -ENOENT;
	root = dd_tree(dd, iova);
	spin_lock(&dd->lock);
	for (it = interval_tree_iter_first(root, addr, addr);
	     it; it = interval_tree_iter_next(it, addr, addr)) {
		if (it->start == addr && it->last == addr + len - 1) {
			found = container_of(it, struct dma_direct_map, it);
			interval_tree_remove(it, root);
			if (iova)
				dd->nr_iova--;
			else
				dd->nr_direct--;
			san_map_unmap(found->m);
			dd_bury(dd, found->m);
			break;
		}
	}
	spin_unlock(&dd->lock);
	if (!found)
		return -ENOENT;
	kfree(found);
	return 0;
}

int dma_direct_forget(struct device *dev, dma_addr_t addr, size_t len)
{
	return dma_forget_mapping(dev, false, addr, len);
}

int dma_forget_range(struct device *dev, bool iova, dma_addr_t addr,
		     size_t len)
{
	struct dev_dma *dd = dev ? smp_load_acquire(&dev->dma) : NULL;
	dma_addr_t last = addr + len - 1;
	struct interval_tree_root *root;
	struct interval_tree_node *it;
	struct dma_direct_map *r;
	int n = 0;

	if (!dd || !len)
		return 0;
	root = dd_tree(dd, iova);
	spin_lock(&dd->lock);
	for (;;) {
		for (it = interval_tree_iter_first(root, addr, last); it;
		     it = interval_tree_iter_next(it, addr, last))
			if (it->start >= addr && it->last <= last)
				break;
		if (!it)
			break;
		r = container_of(it, struct dma_direct_map, it);
		interval_tree_remove(it, root);
		if (iova)
			dd->nr_iova--;
		else
			dd->nr_direct--;
		san_map_unmap(r->m);
		dd_bury(dd, r->m);
		kfree(r);
		n++;
	}
	spin_unlock(&dd->lock);
	return n;
}

struct san_map *dma_mapping_lookup(struct device *dev, bool iova,
				   dma_addr_t addr, u64 id)
{
	struct dev_dma *dd = dev ? smp_load_acquire(&dev->dma) : NULL;
	struct san_map *m, *pick = NULL;
	struct interval_tree_node *it;
	phys_addr_t p;

	if (!dd)
		return NULL;
	spin_lock(&dd->lock);
	for (it = interval_tree_iter_first(dd_tree(dd, iova), addr, addr);
	     it; it = interval_tree_iter_next(it, addr, addr)) {
		m = container_of(it, struct dma_direct_map, it)->m;
		if (id) {
			if (m->id == id) {
				pick = m;
				break;
			}
			continue;
		}
		if (!pick)
			pick = m;
		/*
		 * Several records alias @addr: one that no longer holds is
		 * what a device using this address may mean; never let a
		 * fresh record hide it.
		 */
		p = m->phys + (addr - m->addr);
		if (!iova && !san_map_holds(dev->platform, m, p, 1)) {
			pick = m;
			break;
		}
	}
	san_map_get(pick);
	spin_unlock(&dd->lock);
	return pick;
}

void dma_mapping_learn(struct device *dev, dma_addr_t addr)
{
	struct san_map *m;

	if (!dev || !dev->platform)
		return;
	m = dma_mapping_lookup(dev, true, addr, 0);
	if (!m)
		m = dma_mapping_lookup(dev, false, addr, 0);
	san_learn_map(dev->platform, dev, m);
	san_map_put(m);
}

struct san_map *dma_mapping_unmapped(struct device *dev, dma_addr_t addr,
				     u64 id)
{
	struct dev_dma *dd = dev ? smp_load_acquire(&dev->dma) : NULL;
	struct san_map *m, *pick = NULL;
	unsigned int i;

	if (!dd)
		return NULL;
	spin_lock(&dd->lock);
	/* Newest first. */
	for (i = 1; i <= DMA_GRAVEYARD && !pick; i++) {
		m = dd->grave[(dd->grave_next - i) % DMA_GRAVEYARD];
		if (m && (id ? m->id == id : addr - m->addr < m->len))
			pick = m;
	}
	san_map_get(pick);
	spin_unlock(&dd->lock);
	return pick;
}

int dma_direct_lookup(struct device *dev, dma_addr_t addr, size_t len,
		      phys_addr_t *phys, san_owner_t *owner, size_t *len_ok)
{
	struct san_map *m;
	size_t left;
	phys_addr_t p;

	if (!len)
		return 0;
	m = dma_mapping_lookup(dev, false, addr, 0);
	if (!m)
		return 0;
	p = m->phys + (addr - m->addr);
	left = m->addr + m->len - addr;
	/* Per-page claims: one page at a time. */
	if (m->claims)
		left = min(left, PAGE_SIZE - (p & ~PAGE_MASK));
	*phys = p;
	*owner = san_map_claim(m, p);
	*len_ok = min(len, left);
	san_map_put(m);
	return 1;
}

unsigned long dma_direct_count(struct device *dev)
{
	struct dev_dma *dd = dev ? smp_load_acquire(&dev->dma) : NULL;
	unsigned long n;

	if (!dd)
		return 0;
	spin_lock(&dd->lock);
	n = dd->nr_direct;
	spin_unlock(&dd->lock);
	return n;
}

static void direct_map_free(struct dma_direct_map *r)
{
	san_map_put(r->m);
	kfree(r);
}

void dma_release_device(struct device *dev)
{
	struct dev_dma *dd = dev ? dev->dma : NULL;
	struct interval_tree_node *it;
	unsigned int i;

	if (!dd)
		return;
	/* Like dma-debug: a driver leaving mappings behind is a bug. */
	WARN(dd->nr_direct, "%s released with %lu DMA mapping(s) left",
	     dev_name(dev), dd->nr_direct);
	WARN(dd->nr_iova, "%s released with %lu IOVA mapping(s) left",
	     dev_name(dev), dd->nr_iova);
	while ((it = interval_tree_first(&dd->direct))) {
		interval_tree_remove(it, &dd->direct);
		direct_map_free(container_of(it, struct dma_direct_map, it));
	}
	while ((it = interval_tree_first(&dd->iova))) {
		interval_tree_remove(it, &dd->iova);
		direct_map_free(container_of(it, struct dma_direct_map, it));
	}
	for (i = 0; i < DMA_GRAVEYARD; i++)
		san_map_put(dd->grave[i]);
	spin_lock_destroy(&dd->lock);
	dev->dma = NULL;
	kfree(dd);
}
