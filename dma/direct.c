// SPDX-License-Identifier: GPL-2.0
/*
 * Direct DMA mappings of a device (no IOMMU, passthrough, P2P bus
 * addresses): a per-device interval tree keyed by DMA address, each
 * record holding the physical range and the owner(s) it expects.
 */
#include <errno.h>
#include <dmabridge/platform.h>
#include <dmabridge/slab.h>
#include <dmabridge/bug.h>
#include "dma-internal.h"

#define DMA_DEFAULT_MAX_SEG (64 * 1024)

struct dma_direct_map {
	struct interval_tree_node it;	/* [addr, addr + len - 1] */
	phys_addr_t phys;
	san_owner_t owner;		/* if every page has the same owner */
	san_owner_t *owners;		/* else one per page of phys range */
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

static inline size_t rec_pages(phys_addr_t phys, size_t len)
{
	return ((phys + len - 1) >> PAGE_SHIFT) - (phys >> PAGE_SHIFT) + 1;
}

int dma_direct_record(struct device *dev, dma_addr_t addr, phys_addr_t phys,
		      size_t len)
{
	struct platform *plat = dev ? dev->platform : NULL;
	struct dma_direct_map *m;
	struct dev_dma *dd;
	size_t i, n;

	if (!plat || !len || addr + len - 1 < addr || phys + len - 1 < phys)
		return -EINVAL;
	dd = dev_dma_get(dev);
	m = kzalloc(sizeof(*m), GFP_ATOMIC);
	if (!dd || !m) {
		kfree(m);
		return -ENOMEM;
	}
	m->it.start = addr;
	m->it.last = addr + len - 1;
	m->phys = phys;
	if (!san_range_uniform(plat, phys, len, &m->owner)) {
		n = rec_pages(phys, len);
		m->owners = kmalloc_array(n, sizeof(*m->owners), GFP_ATOMIC);
		if (!m->owners) {
			kfree(m);
			return -ENOMEM;
		}
		for (i = 0; i < n; i++)
			m->owners[i] = san_owner(plat, (phys & PAGE_MASK) +
							       i * PAGE_SIZE);
	}
	spin_lock(&dd->lock);
	interval_tree_insert(&m->it, &dd->direct);
	dd->nr_direct++;
	spin_unlock(&dd->lock);
	return 0;
}

static void direct_map_free(struct dma_direct_map *m)
{
	kfree(m->owners);
	kfree(m);
}

int dma_direct_forget(struct device *dev, dma_addr_t addr, size_t len)
{
	struct dev_dma *dd = dev ? smp_load_acquire(&dev->dma) : NULL;
	struct interval_tree_node *it;
	struct dma_direct_map *found = NULL;

	if (!len)
		return -EINVAL;
	if (!dd)
		return -ENOENT;
	spin_lock(&dd->lock);
	for (it = interval_tree_iter_first(&dd->direct, addr, addr);
	     it; it = interval_tree_iter_next(it, addr, addr)) {
		if (it->start == addr && it->last == addr + len - 1) {
			found = container_of(it, struct dma_direct_map, it);
			interval_tree_remove(it, &dd->direct);
			dd->nr_direct--;
			break;
		}
	}
	spin_unlock(&dd->lock);
	if (!found)
		return -ENOENT;
	direct_map_free(found);
	return 0;
}

static san_owner_t rec_owner(const struct dma_direct_map *m,
			     phys_addr_t phys)
{
	if (!m->owners)
		return m->owner;
	return m->owners[(phys >> PAGE_SHIFT) - (m->phys >> PAGE_SHIFT)];
}

int dma_direct_lookup(struct device *dev, dma_addr_t addr, size_t len,
		      phys_addr_t *phys, san_owner_t *owner, size_t *len_ok)
{
	struct dev_dma *dd = dev ? smp_load_acquire(&dev->dma) : NULL;
	struct dma_direct_map *m, *pick = NULL;
	struct interval_tree_node *it;
	phys_addr_t p;

	if (!dd || !len)
		return 0;
	spin_lock(&dd->lock);
	/* Several records may cover @addr: prefer one that still holds. */
	for (it = interval_tree_iter_first(&dd->direct, addr, addr);
	     it; it = interval_tree_iter_next(it, addr, addr)) {
		m = container_of(it, struct dma_direct_map, it);
		p = m->phys + (addr - it->start);
		if (!pick)
			pick = m;
		if (san_expect_holds(dev->platform, p, 1, rec_owner(m, p))) {
			pick = m;
			break;
		}
	}
	if (pick) {
		size_t left = pick->it.last - addr + 1;

		p = pick->phys + (addr - pick->it.start);
		*phys = p;
		*owner = rec_owner(pick, p);
		/* Per-page owners: one page at a time. */
		if (pick->owners)
			left = min(left, PAGE_SIZE - (p & ~PAGE_MASK));
		*len_ok = min(len, left);
	}
	spin_unlock(&dd->lock);
	return pick ? 1 : 0;
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

void dma_release_device(struct device *dev)
{
	struct dev_dma *dd = dev ? dev->dma : NULL;
	struct interval_tree_node *it;

	if (!dd)
		return;
	/* Like dma-debug: a driver leaving mappings behind is a bug. */
	WARN(dd->nr_direct, "%s released with %lu DMA mapping(s) left",
	     dev_name(dev), dd->nr_direct);
	while ((it = interval_tree_first(&dd->direct))) {
		interval_tree_remove(it, &dd->direct);
		direct_map_free(container_of(it, struct dma_direct_map, it));
	}
	spin_lock_destroy(&dd->lock);
	dev->dma = NULL;
	kfree(dd);
}
