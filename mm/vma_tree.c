// SPDX-License-Identifier: GPL-2.0
/*
 * The VMA index: a B+tree whose leaves hold VMAs in address order, keyed
 * by the last byte of each VMA (VMAs never overlap, so keys are unique).
 * Internal nodes keep the largest key of each child (a pivot, as in
 * Linux's maple tree), so find_vma(addr) is one descent: at every level
 * take the first child whose largest key is >= addr.
 *
 * Laid out for lookups at a million VMAs, where every level below the
 * top two misses the cache: a node is 32 pivots then 32 slots, cache-line
 * aligned, and a leaf also keeps each VMA's vm_start (its lower pivot), so
 * vma_lookup() decides from the leaf without reading the VMA; a lookup
 * prefetches the whole node at once (its lines load in parallel instead
 * of one per binary-search probe), then searches it. A split at either end of a node
 * (address-ordered mmaps, bottom-up or top-down) leaves the old node full
 * instead of half full, so such trees stay 4 levels deep at a million
 * VMAs instead of 5. Nodes are preallocated before an update that must
 * not fail.
 */
#include <stddef.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <string.h>
#include <dmabridge/slab.h>
#include <dmabridge/bug.h>
#include "internal.h"

#define VT_SLOTS 32
#define VT_MIN (VT_SLOTS / 4)
#define VT_LINE 64

struct vma_tree_node {
	int n;
	bool leaf;
	unsigned long key[VT_SLOTS + 1];	/* one spare slot while splitting */
	void *slot[VT_SLOTS + 1];
	/*
	 * Leaves only: each VMA's vm_start, the lower pivot of its range,
	 * so that a lookup decides "inside the VMA or in the gap below it"
	 * from the leaf, without reading the VMA (VMAs change their range
	 * only while out of the tree: mm/mmap.c erases, changes, inserts).
	 */
	unsigned long start[VT_SLOTS + 1];
} __attribute__((aligned(VT_LINE)));

/* An internal node's lookup reads no further than its slots. */
#define VT_INNER_BYTES offsetof(struct vma_tree_node, start)

/*
 * mm_pool: objects of one size carved from chunks that grow from 16 KiB
 * to 2 MiB; 2 MiB chunks ask the host for a huge page. Linux's maple
 * nodes come from a slab in the kernel's huge-page direct map, so a
 * lookup costs cache misses but hardly any TLB misses; nodes scattered
 * among 4 KiB heap pages (between the VMAs) would add a TLB miss per
 * level. Freed objects are reused; chunks go with the pool. Under
 * ASan and TSan the pool is bypassed (plain kmalloc/kfree), so a stale
 * pointer is still caught there. (A dmabridge modelling choice.)
 */
#define POOL_CHUNK_MIN (16UL << 10)
#define POOL_CHUNK_MAX (2UL << 20)
#if defined(__SANITIZE_ADDRESS__) || DMB_TSAN
#define POOL_BYPASS 1
#else
#define POOL_BYPASS 0
#endif

struct mm_pool {
	size_t size;		/* object size, a multiple of VT_LINE */
	void *chunks;		/* chained through their first line */
	void *free;		/* freed objects, chained likewise */
	char *carve;		/* unused part of the newest chunk */
	size_t carve_left, chunk_size;
};

struct mm_pool *mm_pool_create(size_t size)
{
	struct mm_pool *p = kzalloc(sizeof(*p), GFP_KERNEL);

	if (p)
		p->size = ALIGN(size, VT_LINE);
	return p;
}

void *mm_pool_alloc(struct mm_pool *p)
{
	void *obj;

	if (POOL_BYPASS)
		return kmalloc(p->size, GFP_KERNEL);
	might_alloc(GFP_KERNEL);
	if (should_failslab())	/* each object counts as one kmalloc */
		return NULL;
	if (p->free) {
		obj = p->free;
		p->free = *(void **)obj;
		return obj;
	}
	if (p->carve_left < p->size) {
		size_t size = p->chunk_size ? p->chunk_size : POOL_CHUNK_MIN;
		void **chunk = aligned_alloc(size, size);

		if (!chunk)
			return NULL;
		if (size == POOL_CHUNK_MAX)
			madvise(chunk, size, MADV_HUGEPAGE);
		*chunk = p->chunks;
		p->chunks = chunk;
		p->carve = (char *)chunk + VT_LINE;
		p->carve_left = size - VT_LINE;
		p->chunk_size = min(size * 2, POOL_CHUNK_MAX);
	}
	obj = p->carve;
	p->carve += p->size;
	p->carve_left -= p->size;
	return obj;
}

void mm_pool_free(struct mm_pool *p, void *obj)
{
	if (POOL_BYPASS) {
		kfree(obj);
		return;
	}
	*(void **)obj = p->free;
	p->free = obj;
}

/* Frees every chunk (bypassed: every object must have been freed). */
void mm_pool_destroy(struct mm_pool *p)
{
	void **chunk, *next;

	if (!p)
		return;
	for (chunk = p->chunks; chunk; chunk = next) {
		next = *chunk;
		free(chunk);
	}
	kfree(p);
}

static struct vma_tree_node *vt_node_new(struct vma_tree *t)
{
	if (!t->pool) {
		t->pool = mm_pool_create(sizeof(struct vma_tree_node));
		if (!t->pool)
			return NULL;
	}
	return mm_pool_alloc(t->pool);
}

/* Spare nodes are chained through slot[0]. */
static struct vma_tree_node *vt_node_alloc(struct vma_tree *t, bool leaf)
{
	struct vma_tree_node *n = t->spare;

	if (n) {
		t->spare = n->slot[0];
		t->nr_spare--;
	} else {
		n = vt_node_new(t);
		if (!n)
			return NULL;
	}
	n->n = 0;
	n->leaf = leaf;
	return n;
}

static void vt_node_free(struct vma_tree *t, struct vma_tree_node *n)
{
	n->slot[0] = t->spare;
	t->spare = n;
	t->nr_spare++;
}

void vma_tree_init(struct vma_tree *t)
{
	memset(t, 0, sizeof(*t));
}

static void vt_free_rec(struct vma_tree *t, struct vma_tree_node *n)
{
	int i;

	if (!n->leaf)
		for (i = 0; i < n->n; i++)
			vt_free_rec(t, n->slot[i]);
	mm_pool_free(t->pool, n);
}

void vma_tree_destroy(struct vma_tree *t)
{
	struct vma_tree_node *n;

	if (t->root)
		vt_free_rec(t, t->root);
	while ((n = t->spare)) {
		t->spare = n->slot[0];
		mm_pool_free(t->pool, n);
	}
	mm_pool_destroy(t->pool);
	vma_tree_init(t);
}

/*
 * An insert allocates at most height + 1 nodes (a split per level and a
 * new root). Spares live in the tree (updates hold mmap_lock for write).
 */
int vma_tree_prealloc(struct vma_tree *t, int nr)
{
	int want = nr * (t->height + 2);

	while (t->nr_spare < want) {
		struct vma_tree_node *n = vt_node_new(t);

		if (!n)
			return -ENOMEM;
		vt_node_free(t, n);
	}
	return 0;
}

/* First index whose key is >= @key (n if none). */
static inline int vt_lower_bound(const struct vma_tree_node *node,
				 unsigned long key)
{
	int lo = 0, hi = node->n;

	while (lo < hi) {
		int mid = (lo + hi) / 2;

		if (node->key[mid] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Start loading every line a lookup may read in @n in parallel: pivots and
 * slots, and a leaf's start pivots.
 */
static inline void vt_prefetch(const struct vma_tree_node *n, bool leaf)
{
	const char *p = (const char *)n;
	unsigned int off, end = leaf ? sizeof(*n) : VT_INNER_BYTES;

	for (off = 0; off < end; off += VT_LINE)
		__builtin_prefetch(p + off);
}

static inline unsigned long vt_max(const struct vma_tree_node *n)
{
	return n->key[n->n - 1];
}

/*
 * Move @nr entries (pivot, slot and, in leaves, start pivot) from @src's
 * index @si to @dst's index @di; the ranges may overlap.
 */
static void vt_move(struct vma_tree_node *dst, int di,
		    const struct vma_tree_node *src, int si, int nr)
{
	if (nr <= 0)
		return;
	memmove(&dst->key[di], &src->key[si], nr * sizeof(src->key[0]));
	memmove(&dst->slot[di], &src->slot[si], nr * sizeof(src->slot[0]));
	if (src->leaf)
		memmove(&dst->start[di], &src->start[si],
			nr * sizeof(src->start[0]));
}

static void vt_slot_insert(struct vma_tree_node *n, int i, unsigned long key,
			   void *val, unsigned long start)
{
	vt_move(n, i + 1, n, i, n->n - i);
	n->key[i] = key;
	n->slot[i] = val;
	if (n->leaf)
		n->start[i] = start;
	n->n++;
}

static void vt_slot_remove(struct vma_tree_node *n, int i)
{
	vt_move(n, i, n, i + 1, n->n - i - 1);
	n->n--;
}

/*
 * Move part of an overfull node to a new right sibling. @pos is where the
 * entry that overfilled it went: at the right end, the node keeps all but
 * that entry; at the left end, only that entry; else half. Address-ordered
 * inserts thus leave full nodes behind them.
 */
static struct vma_tree_node *vt_split(struct vma_tree *t,
				      struct vma_tree_node *n, int pos,
				      int *err)
{
	struct vma_tree_node *r = vt_node_alloc(t, n->leaf);
	int keep = n->n / 2;

	if (!r) {
		*err = -ENOMEM;
		return NULL;
	}
	if (pos == n->n - 1)
		keep = n->n - 1;
	else if (pos == 0)
		keep = 1;
	r->n = n->n - keep;
	vt_move(r, 0, n, keep, r->n);
	n->n = keep;
	return r;
}

/* Insert under @n; returns a new right sibling of @n if it split. */
static struct vma_tree_node *vt_insert_rec(struct vma_tree *t,
					   struct vma_tree_node *n,
					   unsigned long key, void *val,
					   unsigned long start, int *err)
{
	int i = vt_lower_bound(n, key);

	int pos = i;

	if (n->leaf) {
		vt_slot_insert(n, i, key, val, start);
	} else {
		struct vma_tree_node *child, *sib;

		if (i == n->n)
			i--;
		child = n->slot[i];
		sib = vt_insert_rec(t, child, key, val, start, err);
		n->key[i] = vt_max(child);
		if (!sib)
			return NULL;
		vt_slot_insert(n, i + 1, vt_max(sib), sib, 0);
		/* A split child at the left end grew at the left end. */
		pos = (i == 0 && sib->n > child->n) ? 0 : i + 1;
	}
	if (n->n <= VT_SLOTS)
		return NULL;
	return vt_split(t, n, pos, err);
}

int vma_tree_insert(struct vma_tree *t, struct vm_area_struct *vma)
{
	unsigned long key = vma->vm_end - 1;
	struct vma_tree_node *sib, *root;
	int err = vma_tree_prealloc(t, 1);

	if (err)
		return err;	/* nothing changed */
	if (!t->root) {
		t->root = vt_node_alloc(t, true);
		if (!t->root)
			return -ENOMEM;
		t->height = 1;
	}
	sib = vt_insert_rec(t, t->root, key, vma, vma->vm_start, &err);
	if (WARN_ON(err))
		return err;	/* cannot happen: preallocated */
	if (sib) {
		root = vt_node_alloc(t, false);
		if (!root)
			return -ENOMEM;
		root->n = 2;
		root->key[0] = vt_max(t->root);
		root->slot[0] = t->root;
		root->key[1] = vt_max(sib);
		root->slot[1] = sib;
		t->root = root;
		t->height++;
	}
	t->count++;
	return 0;
}

/* Child @i of @n is under-full: merge it with a neighbour or rebalance. */
static void vt_rebalance(struct vma_tree *t, struct vma_tree_node *n, int i)
{
	struct vma_tree_node *l, *r;
	int li = i + 1 < n->n ? i : i - 1, total, move;

	if (li < 0)
		return;		/* an only child: nothing to merge with */
	l = n->slot[li];
	r = n->slot[li + 1];
	total = l->n + r->n;
	if (total <= VT_SLOTS) {
		vt_move(l, l->n, r, 0, r->n);
		l->n = total;
		vt_node_free(t, r);
		vt_slot_remove(n, li + 1);
		n->key[li] = vt_max(l);
		return;
	}
	if (l->n < r->n) {
		move = (r->n - l->n) / 2;
		vt_move(l, l->n, r, 0, move);
		l->n += move;
		vt_move(r, 0, r, move, r->n - move);
		r->n -= move;
	} else {
		move = (l->n - r->n) / 2;
		vt_move(r, move, r, 0, r->n);
		vt_move(r, 0, l, l->n - move, move);
		r->n += move;
		l->n -= move;
	}
	n->key[li] = vt_max(l);
	n->key[li + 1] = vt_max(r);
}

static bool vt_erase_rec(struct vma_tree *t, struct vma_tree_node *n,
			 unsigned long key, void *val)
{
	int i = vt_lower_bound(n, key);
	struct vma_tree_node *child;

	if (i == n->n)
		return false;
	if (n->leaf) {
		if (n->key[i] != key || n->slot[i] != val)
			return false;
		/* Its range changed while in the tree: the start pivot lies. */
		WARN_ON(n->start[i] != ((struct vm_area_struct *)val)->vm_start);
		vt_slot_remove(n, i);
		return true;
	}
	child = n->slot[i];
	if (!vt_erase_rec(t, child, key, val))
		return false;
	if (child->n == 0) {
		vt_node_free(t, child);
		vt_slot_remove(n, i);
		return true;
	}
	n->key[i] = vt_max(child);
	if (child->n < VT_MIN)
		vt_rebalance(t, n, i);
	return true;
}

void vma_tree_erase(struct vma_tree *t, struct vm_area_struct *vma)
{
	struct vma_tree_node *root = t->root;

	if (WARN_ON(!root || !vt_erase_rec(t, root, vma->vm_end - 1, vma)))
		return;
	t->count--;
	while (!root->leaf && root->n == 1) {
		t->root = root->slot[0];
		vt_node_free(t, root);
		root = t->root;
		t->height--;
	}
	if (root->n == 0) {
		vt_node_free(t, root);
		t->root = NULL;
		t->height = 0;
	}
}

struct vm_area_struct *vma_tree_find(const struct vma_tree *t,
				     unsigned long addr, unsigned long *start)
{
	const struct vma_tree_node *n = t->root;
	int i, level;

	if (!n)
		return NULL;
	/* Levels are known from the height: prefetch a leaf's pivots too. */
	for (level = t->height - 1;; level--) {
		i = vt_lower_bound(n, addr);
		if (i == n->n)
			return NULL;
		if (!level) {
			if (start)
				*start = n->start[i];
			return n->slot[i];
		}
		n = n->slot[i];
		vt_prefetch(n, level == 1);
	}
}
