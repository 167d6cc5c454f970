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

static inline struct san_map *node_map(struct interval_tree_node *it)
{
	return container_of(it, struct san_map, node);
}

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

/* dd->lock held: index a live handle. */
static void dd_insert(struct dev_dma *dd, struct san_map *m)
{
	m->node.start = m->addr;
	m->node.last = m->addr + m->len - 1;
	interval_tree_insert(&m->node, dd_tree(dd, san_map_kind_iova(m->kind)));
	if (san_map_kind_iova(m->kind))
		dd->nr_iova++;
	else
		dd->nr_direct++;
}

/* dd->lock held: set (or with NULL, clear) the lock-free state hint. */
static void dd_set_hint(struct dev_dma *dd, struct san_map *m)
{
	unsigned long seq = dd->hint_seq;

	__atomic_store_n(&dd->hint_seq, seq + 1, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	__atomic_store_n(&dd->hint_base, m ? m->addr : 0, __ATOMIC_RELAXED);
	__atomic_store_n(&dd->hint_size, m ? m->len : 0, __ATOMIC_RELAXED);
	__atomic_store_n(&dd->hint, m, __ATOMIC_RELAXED);
	__atomic_store_n(&dd->hint_seq, seq + 2, __ATOMIC_RELEASE);
}

/* dd->lock held: @m is unmapped, its handle goes to the graveyard. */
static void dd_remove(struct dev_dma *dd, struct san_map *m)
{
	struct san_map **slot;
	struct san_map *old;

	/* A later state at the same IOVA must not find this handle. */
	if (dd->hint == m)
		dd_set_hint(dd, NULL);
	interval_tree_remove(&m->node, dd_tree(dd, san_map_kind_iova(m->kind)));
	if (san_map_kind_iova(m->kind))
		dd->nr_iova--;
	else
		dd->nr_direct--;
	san_map_unmap(m);
	slot = &dd->grave[dd->grave_next++ % DMA_GRAVEYARD];
	old = *slot;
	*slot = m;
	san_map_put(old);
}

int dma_record_mapping(struct device *dev, enum san_map_kind kind,
		       dma_addr_t addr, phys_addr_t phys, size_t len)
{
	struct platform *plat = dev ? dev->platform : NULL;
	struct dev_dma *dd;
	struct san_map *m;

	if (!plat || !len || addr + len - 1 < addr || phys + len - 1 < phys)
		return -EINVAL;
	dd = dev_dma_get(dev);
	if (!dd)
		return -ENOMEM;
	m = san_map_create(plat, kind, dev, dev_name(dev), addr, phys, len);
	if (!m)
		return -ENOMEM;
	spin_lock(&dd->lock);
	dd_insert(dd, m);
	spin_unlock(&dd->lock);
	return 0;
}

struct san_map *dma_record_range(struct device *dev, enum san_map_kind kind,
				 dma_addr_t addr, size_t len)
{
	struct platform *plat = dev ? dev->platform : NULL;

	if (!plat || !len || addr + len - 1 < addr || !dev_dma_get(dev))
		return NULL;
	return san_map_create_range(plat, kind, dev, dev_name(dev), addr, len);
}

void dma_record_insert(struct device *dev, struct san_map *m)
{
	struct dev_dma *dd = dev_dma_get(dev);

	spin_lock(&dd->lock);
	dd_insert(dd, m);
	spin_unlock(&dd->lock);
}

int dma_direct_record(struct device *dev, dma_addr_t addr, phys_addr_t phys,
		      size_t len)
{
	return dma_record_mapping(dev, addr == phys ? SAN_MAP_DIRECT :
				  SAN_MAP_P2P, addr, phys, len);
}

/* dd->lock held: the live handle that starts at @addr with @kind. */
static struct san_map *dd_find_start(struct dev_dma *dd, bool iova,
				     dma_addr_t addr, int kind)
{
	struct interval_tree_root *root = dd_tree(dd, iova);
	struct interval_tree_node *it;

	for (it = interval_tree_iter_first(root, addr, addr); it;
	     it = interval_tree_iter_next(it, addr, addr))
		if (it->start == addr &&
		    (kind < 0 || node_map(it)->kind == (enum san_map_kind)kind))
			return node_map(it);
	return NULL;
}

int dma_forget_mapping(struct device *dev, bool iova, dma_addr_t addr,
		       size_t len)
{
	struct dev_dma *dd = dev ? smp_load_acquire(&dev->dma) : NULL;
	struct interval_tree_root *root;
	struct interval_tree_node *it;
	struct san_map *found = NULL;

	if (!len)
		return -EINVAL;
	if (!dd)
		return -ENOENT;
	root = dd_tree(dd, iova);
	spin_lock(&dd->lock);
	for (it = interval_tree_iter_first(root, addr, addr);
	     it; it = interval_tree_iter_next(it, addr, addr)) {
		if (it->start == addr && it->last == addr + len - 1) {
			found = node_map(it);
			dd_remove(dd, found);
			break;
		}
	}
	spin_unlock(&dd->lock);
	return found ? 0 : -ENOENT;
}

int dma_direct_forget(struct device *dev, dma_addr_t addr, size_t len)
{
	return dma_forget_mapping(dev, false, addr, len);
}

/*
 * The hinted handle if it is the state's at [base, base + size): read
 * without dd->lock, so nothing of the handle is touched until the
 * sequence count confirms the three words belong together. A handle in
 * the hint is live (dd_remove() clears it), and the caller's state is
 * live, so the handle stays until the caller frees the state.
 */
static void (*hint_race_hook)(struct device *dev, void *arg);
static void *hint_race_arg;

void dma_state_hint_set_race_hook(void (*hook)(struct device *dev,
					       void *arg),
				  void *arg)
{
	WRITE_ONCE(hint_race_arg, arg);
	WRITE_ONCE(hint_race_hook, hook);
}

static struct san_map *dd_hint_lookup(struct device *dev, struct dev_dma *dd,
				      dma_addr_t base, size_t size)
{
	void (*hook)(struct device *, void *) = READ_ONCE(hint_race_hook);
	unsigned long seq = __atomic_load_n(&dd->hint_seq, __ATOMIC_ACQUIRE);
	struct san_map *m;
	dma_addr_t b;
	size_t sz;

	if (seq & 1)
		return NULL;
	b = __atomic_load_n(&dd->hint_base, __ATOMIC_RELAXED);
	sz = __atomic_load_n(&dd->hint_size, __ATOMIC_RELAXED);
	if (hook)
		hook(dev, READ_ONCE(hint_race_arg));
	m = __atomic_load_n(&dd->hint, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	if (__atomic_load_n(&dd->hint_seq, __ATOMIC_RELAXED) != seq)
		return NULL;
	return m && b == base && sz == size ? m : NULL;
}

struct san_map *dma_state_handle(struct device *dev, dma_addr_t base,
				 size_t size)
{
	struct dev_dma *dd = dev_dma_get(dev);
	struct san_map *m;

	if (!dd)
		return NULL;
	m = dd_hint_lookup(dev, dd, base, size);
	if (m)
		return m;
	spin_lock(&dd->lock);
	m = dd_find_start(dd, true, base, SAN_MAP_IOVA_STATE);
	if (!m) {
		/* The state's first link makes its handle. */
		m = san_map_create_range(dev->platform, SAN_MAP_IOVA_STATE,
					 dev, dev_name(dev), base, size);
		if (m)
			dd_insert(dd, m);
	}
	if (m && m->len == size)
		dd_set_hint(dd, m);
	spin_unlock(&dd->lock);
	return m;
}

void dma_mapping_unlink(struct device *dev, dma_addr_t base, dma_addr_t addr,
			size_t len)
{
	struct dev_dma *dd = dev ? smp_load_acquire(&dev->dma) : NULL;
	struct san_map *m;

	if (!dd)
		return;
	spin_lock(&dd->lock);
	m = dd_find_start(dd, true, base, SAN_MAP_IOVA_STATE);
	san_map_remove(m, addr, len);
	spin_unlock(&dd->lock);
}

/* What @m maps at @addr no longer holds (an alias that went stale). */
static bool map_stale_at(struct device *dev, struct san_map *m,
			 dma_addr_t addr)
{
	struct san_map_ext e;

	return san_map_find(m, addr, &e) &&
	       !san_expect_holds(dev->platform, e.phys, 1, e.claim);
}

struct san_map *dma_mapping_lookup(struct device *dev, bool iova,
				   dma_addr_t addr, u64 id)
{
	struct dev_dma *dd = dev ? smp_load_acquire(&dev->dma) : NULL;
	struct san_map *m, *pick = NULL;
	struct interval_tree_node *it;

	if (!dd)
		return NULL;
	spin_lock(&dd->lock);
	for (it = interval_tree_iter_first(dd_tree(dd, iova), addr, addr);
	     it; it = interval_tree_iter_next(it, addr, addr)) {
		m = node_map(it);
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
		if (!iova && map_stale_at(dev, m, addr)) {
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
	struct san_map_ext e;
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
	if (pick)
		return pick;
	/* A live mapping made of pieces, with @addr unlinked from it. */
	m = dma_mapping_lookup(dev, true, addr, id);
	if (m && !san_map_find(m, addr, &e))
		return m;
	san_map_put(m);
	return NULL;
}

int dma_direct_lookup(struct device *dev, dma_addr_t addr, size_t len,
		      phys_addr_t *phys, san_owner_t *owner, size_t *len_ok)
{
	struct san_map_ext e;
	struct san_map *m;
	bool found;

	if (!len)
		return 0;
	m = dma_mapping_lookup(dev, false, addr, 0);
	if (!m)
		return 0;
	found = san_map_find(m, addr, &e);
	san_map_put(m);
	if (!found)
		return 0;
	*phys = e.phys;
	*owner = e.claim;
	*len_ok = min(len, e.len);
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
		san_map_put(node_map(it));
	}
	while ((it = interval_tree_first(&dd->iova))) {
		interval_tree_remove(it, &dd->iova);
		san_map_put(node_map(it));
	}
	for (i = 0; i < DMA_GRAVEYARD; i++)
		san_map_put(dd->grave[i]);
	spin_lock_destroy(&dd->lock);
	dev->dma = NULL;
	kfree(dd);
}
