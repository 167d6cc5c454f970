// SPDX-License-Identifier: GPL-2.0
/* IOVA allocator: an AVL tree of free ranges with subtree-max augmentation. */
#include <errno.h>
#include <dmabridge/iova.h>
#include <dmabridge/slab.h>
#include <dmabridge/bug.h>

struct iova_free_range {
	unsigned long lo, hi;		/* free frames [lo, hi] */
	unsigned long max;		/* largest range in this subtree */
	int height;
	struct iova_free_range *l, *r;
};

static inline unsigned long range_size(const struct iova_free_range *n)
{
	return n->hi - n->lo + 1;
}

static inline int height(const struct iova_free_range *n)
{
	return n ? n->height : 0;
}

static inline unsigned long subtree_max(const struct iova_free_range *n)
{
	return n ? n->max : 0;
}

static void update(struct iova_free_range *n)
{
	n->height = 1 + max(height(n->l), height(n->r));
	n->max = max(range_size(n), max(subtree_max(n->l), subtree_max(n->r)));
}

static struct iova_free_range *rotate_right(struct iova_free_range *n)
{
	struct iova_free_range *l = n->l;

	n->l = l->r;
	l->r = n;
	update(n);
	update(l);
	return l;
}

static struct iova_free_range *rotate_left(struct iova_free_range *n)
{
	struct iova_free_range *r = n->r;

	n->r = r->l;
	r->l = n;
	update(n);
	update(r);
	return r;
}

static struct iova_free_range *balance(struct iova_free_range *n)
{
	int bf;

	update(n);
	bf = height(n->l) - height(n->r);
	if (bf > 1) {
		if (height(n->l->l) < height(n->l->r))
			n->l = rotate_left(n->l);
		return rotate_right(n);
	}
	if (bf < -1) {
		if (height(n->r->r) < height(n->r->l))
			n->r = rotate_right(n->r);
		return rotate_left(n);
	}
	return n;
}

static struct iova_free_range *tree_insert(struct iova_free_range *root,
					   struct iova_free_range *node)
{
	if (!root) {
		node->l = node->r = NULL;
		update(node);
		return node;
	}
	if (node->lo < root->lo)
		root->l = tree_insert(root->l, node);
	else
		root->r = tree_insert(root->r, node);
	return balance(root);
}

static struct iova_free_range *unlink_min(struct iova_free_range *root,
					  struct iova_free_range **min)
{
	if (!root->l) {
		*min = root;
		return root->r;
	}
	root->l = unlink_min(root->l, min);
	return balance(root);
}

/* Unlink the node starting at @lo (it must exist). */
static struct iova_free_range *tree_remove(struct iova_free_range *root,
					   unsigned long lo)
{
	struct iova_free_range *min, *l, *r;

	if (lo < root->lo) {
		root->l = tree_remove(root->l, lo);
	} else if (lo > root->lo) {
		root->r = tree_remove(root->r, lo);
	} else {
		l = root->l;
		r = root->r;
		if (!r)
			return l;
		r = unlink_min(r, &min);
		min->l = l;
		min->r = r;
		return balance(min);
	}
	return balance(root);
}

/* The free range overlapping [lo, hi], if any (ranges are disjoint). */
static struct iova_free_range *find_overlap(struct iova_free_range *n,
					    unsigned long lo, unsigned long hi)
{
	while (n) {
		if (n->hi < lo)
			n = n->r;
		else if (n->lo > hi)
			n = n->l;
		else
			return n;
	}
	return NULL;
}

static bool range_fits(const struct iova_free_range *n, unsigned long size,
		       unsigned long align, unsigned long limit,
		       unsigned long *start)
{
	unsigned long hi = min(n->hi, limit), s;

	if (hi < n->lo || hi - n->lo + 1 < size)
		return false;
	s = (hi - size + 1) & ~(align - 1);
	if (s < n->lo)
		return false;
	*start = s;
	return true;
}

/* Highest free range that can hold the request. */
static struct iova_free_range *search(struct iova_free_range *n,
				      unsigned long size, unsigned long align,
				      unsigned long limit, unsigned long *start)
{
	struct iova_free_range *found;

	if (!n || n->max < size)
		return NULL;
	if (n->lo <= limit) {
		found = search(n->r, size, align, limit, start);
		if (found)
			return found;
		if (range_fits(n, size, align, limit, start))
			return n;
	}
	return search(n->l, size, align, limit, start);
}

static void free_tree(struct iova_free_range *n)
{
	if (!n)
		return;
	free_tree(n->l);
	free_tree(n->r);
	kfree(n);
}

int init_iova_domain(struct iova_domain *iovad, unsigned long granule,
		     unsigned long start_pfn)
{
	struct iova_free_range *all;

	if (granule < 4096 || (granule & (granule - 1)) || !start_pfn)
		return -EINVAL;
	all = kzalloc(sizeof(*all), GFP_KERNEL);
	if (!all)
		return -ENOMEM;
	spin_lock_init(&iovad->lock);
	iovad->granule = granule;
	iovad->start_pfn = start_pfn;
	all->lo = start_pfn;
	all->hi = ~0UL >> __builtin_ctzl(granule);
	iovad->root = tree_insert(NULL, all);
	iovad->nr_ranges = 1;
	iovad->free_pfns = range_size(all);
	return 0;
}

void put_iova_domain(struct iova_domain *iovad)
{
	free_tree(iovad->root);
	iovad->root = NULL;
	spin_lock_destroy(&iovad->lock);
}

static unsigned long roundup_pow_of_two(unsigned long n)
{
	return n <= 1 ? 1 : 1UL << (64 - __builtin_clzl(n - 1));
}

/* Take [start, start + size) out of free range @n. */
static void carve(struct iova_domain *iovad, struct iova_free_range *n,
		  unsigned long start, unsigned long size,
		  struct iova_free_range *spare)
{
	unsigned long lo = n->lo, hi = n->hi, end = start + size - 1;

	iovad->root = tree_remove(iovad->root, lo);
	iovad->nr_ranges--;
	iovad->free_pfns -= size;
	if (start > lo) {
		n->lo = lo;
		n->hi = start - 1;
		iovad->root = tree_insert(iovad->root, n);
		iovad->nr_ranges++;
		n = NULL;
	}
	if (end < hi) {
		struct iova_free_range *m = n ? n : spare;

		m->lo = end + 1;
		m->hi = hi;
		iovad->root = tree_insert(iovad->root, m);
		iovad->nr_ranges++;
		if (m == spare)
			spare = NULL;
		n = NULL;
	}
	kfree(n);
	kfree(spare);
}

unsigned long alloc_iova_fast(struct iova_domain *iovad, unsigned long size,
			      unsigned long limit_pfn, bool flush_rcache)
{
	struct iova_free_range *n, *spare;
	unsigned long align, start = 0;

	if (!size || size > (~0UL >> 1))
		return 0;
	align = roundup_pow_of_two(size);
	spare = kmalloc(sizeof(*spare), GFP_ATOMIC);
	if (!spare)
		return 0;
	spin_lock(&iovad->lock);
	n = search(iovad->root, size, align, limit_pfn, &start);
	if (n)
		carve(iovad, n, start, size, spare);
	spin_unlock(&iovad->lock);
	if (!n) {
		kfree(spare);
		return 0;
	}
	return start;
}

void free_iova_fast(struct iova_domain *iovad, unsigned long pfn,
		    unsigned long size)
{
	unsigned long lo = pfn, hi = pfn + size - 1;
	struct iova_free_range *node, *nb;

	if (!size)
		return;
	node = kmalloc(sizeof(*node), GFP_ATOMIC);
	spin_lock(&iovad->lock);
	if (WARN(pfn < iovad->start_pfn || hi < lo ||
		 find_overlap(iovad->root, lo, hi),
		 "free_iova_fast: [%#lx, %#lx] was not allocated", lo, hi)) {
		spin_unlock(&iovad->lock);
		kfree(node);
		return;
	}
	if (!node) {
		/* Cannot record it: the range stays allocated (leaks). */
		spin_unlock(&iovad->lock);
		return;
	}
	iovad->free_pfns += size;
	/* Merge with the free neighbours on both sides. */
	nb = lo ? find_overlap(iovad->root, lo - 1, lo - 1) : NULL;
	if (nb) {
		lo = nb->lo;
		iovad->root = tree_remove(iovad->root, nb->lo);
		iovad->nr_ranges--;
		kfree(nb);
	}
	nb = hi != ~0UL ? find_overlap(iovad->root, hi + 1, hi + 1) : NULL;
	if (nb) {
		hi = nb->hi;
		iovad->root = tree_remove(iovad->root, nb->lo);
		iovad->nr_ranges--;
		kfree(nb);
	}
	node->lo = lo;
	node->hi = hi;
	iovad->root = tree_insert(iovad->root, node);
	iovad->nr_ranges++;
	spin_unlock(&iovad->lock);
}

int reserve_iova(struct iova_domain *iovad, unsigned long pfn_lo,
		 unsigned long pfn_hi)
{
	struct iova_free_range *n, *spare = NULL;
	unsigned long lo, hi;
	int ret = 0;

	if (pfn_hi < pfn_lo)
		return -EINVAL;
	spin_lock(&iovad->lock);
	while ((n = find_overlap(iovad->root, pfn_lo, pfn_hi))) {
		if (!spare) {
			spare = kmalloc(sizeof(*spare), GFP_ATOMIC);
			if (!spare) {
				ret = -ENOMEM;
				break;
			}
		}
		lo = max(n->lo, pfn_lo);
		hi = min(n->hi, pfn_hi);
		/* carve() consumes the spare only if it splits in two. */
		if (lo > n->lo && hi < n->hi) {
			carve(iovad, n, lo, hi - lo + 1, spare);
			spare = NULL;
		} else {
			carve(iovad, n, lo, hi - lo + 1, NULL);
		}
	}
	spin_unlock(&iovad->lock);
	kfree(spare);
	return ret;
}
