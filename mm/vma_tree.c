// SPDX-License-Identifier: GPL-2.0
/*
 * The VMA index: a B+tree whose leaves hold VMAs in address order, keyed
 * by the last byte of each VMA (VMAs never overlap, so keys are unique).
 * Internal nodes keep the largest key of each child, so find_vma(addr) is
 * one descent: at every level take the first child whose largest key is
 * >= addr. Wide nodes keep the tree 4-5 levels deep at a million VMAs.
 * Nodes are preallocated before an update that must not fail.
 */
#include <string.h>
#include <dmabridge/slab.h>
#include <dmabridge/bug.h>
#include "internal.h"

#define VT_SLOTS 32
#define VT_MIN (VT_SLOTS / 4)

struct vma_tree_node {
	int n;
	bool leaf;
	unsigned long key[VT_SLOTS + 1];	/* one spare slot while splitting */
	void *slot[VT_SLOTS + 1];
};

/* Spare nodes are chained through slot[0]. */
static struct vma_tree_node *vt_node_alloc(struct vma_tree *t, bool leaf)
{
	struct vma_tree_node *n = t->spare;

	if (n) {
		t->spare = n->slot[0];
		t->nr_spare--;
	} else {
		n = kmalloc(sizeof(*n), GFP_KERNEL);
		if (!n)
			return NULL;
	}
	n->n = 0;
	n->leaf = leaf;
	return n;
}

static void vt_node_free(struct vma_tree_node *n)
{
	kfree(n);
}

void vma_tree_init(struct vma_tree *t)
{
	t->root = NULL;
	t->height = 0;
	t->count = 0;
	t->spare = NULL;
	t->nr_spare = 0;
}

static void vt_free_rec(struct vma_tree_node *n)
{
	int i;

	if (!n->leaf)
		for (i = 0; i < n->n; i++)
			vt_free_rec(n->slot[i]);
	vt_node_free(n);
}

void vma_tree_destroy(struct vma_tree *t)
{
	struct vma_tree_node *n;

	if (t->root)
		vt_free_rec(t->root);
	while ((n = t->spare)) {
		t->spare = n->slot[0];
		vt_node_free(n);
	}
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
		struct vma_tree_node *n = kmalloc(sizeof(*n), GFP_KERNEL);

		if (!n)
			return -ENOMEM;
		n->slot[0] = t->spare;
		t->spare = n;
		t->nr_spare++;
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

static inline unsigned long vt_max(const struct vma_tree_node *n)
{
	return n->key[n->n - 1];
}

static void vt_slot_insert(struct vma_tree_node *n, int i, unsigned long key,
			   void *val)
{
	memmove(&n->key[i + 1], &n->key[i], (n->n - i) * sizeof(n->key[0]));
	memmove(&n->slot[i + 1], &n->slot[i], (n->n - i) * sizeof(n->slot[0]));
	n->key[i] = key;
	n->slot[i] = val;
	n->n++;
}

static void vt_slot_remove(struct vma_tree_node *n, int i)
{
	memmove(&n->key[i], &n->key[i + 1], (n->n - i - 1) * sizeof(n->key[0]));
	memmove(&n->slot[i], &n->slot[i + 1],
		(n->n - i - 1) * sizeof(n->slot[0]));
	n->n--;
}

/* Move the upper half of an overfull node to a new right sibling. */
static struct vma_tree_node *vt_split(struct vma_tree *t,
				      struct vma_tree_node *n, int *err)
{
	struct vma_tree_node *r = vt_node_alloc(t, n->leaf);
	int keep = n->n / 2;

	if (!r) {
		*err = -ENOMEM;
		return NULL;
	}
	r->n = n->n - keep;
	memcpy(r->key, &n->key[keep], r->n * sizeof(n->key[0]));
	memcpy(r->slot, &n->slot[keep], r->n * sizeof(n->slot[0]));
	n->n = keep;
	return r;
}

/* Insert under @n; returns a new right sibling of @n if it split. */
static struct vma_tree_node *vt_insert_rec(struct vma_tree *t,
					   struct vma_tree_node *n,
					   unsigned long key, void *val,
					   int *err)
{
	int i = vt_lower_bound(n, key);

	if (n->leaf) {
		vt_slot_insert(n, i, key, val);
	} else {
		struct vma_tree_node *child, *sib;

		if (i == n->n)
			i--;
		child = n->slot[i];
		sib = vt_insert_rec(t, child, key, val, err);
		n->key[i] = vt_max(child);
		if (!sib)
			return NULL;
		vt_slot_insert(n, i + 1, vt_max(sib), sib);
	}
	if (n->n <= VT_SLOTS)
		return NULL;
	return vt_split(t, n, err);
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
	sib = vt_insert_rec(t, t->root, key, vma, &err);
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
static void vt_rebalance(struct vma_tree_node *n, int i)
{
	struct vma_tree_node *l, *r;
	int li = i + 1 < n->n ? i : i - 1, total, move;

	if (li < 0)
		return;		/* an only child: nothing to merge with */
	l = n->slot[li];
	r = n->slot[li + 1];
	total = l->n + r->n;
	if (total <= VT_SLOTS) {
		memcpy(&l->key[l->n], r->key, r->n * sizeof(r->key[0]));
		memcpy(&l->slot[l->n], r->slot, r->n * sizeof(r->slot[0]));
		l->n = total;
		vt_node_free(r);
		vt_slot_remove(n, li + 1);
		n->key[li] = vt_max(l);
		return;
	}
	if (l->n < r->n) {
		move = (r->n - l->n) / 2;
		memcpy(&l->key[l->n], r->key, move * sizeof(r->key[0]));
		memcpy(&l->slot[l->n], r->slot, move * sizeof(r->slot[0]));
		l->n += move;
		memmove(r->key, &r->key[move], (r->n - move) * sizeof(r->key[0]));
		memmove(r->slot, &r->slot[move],
			(r->n - move) * sizeof(r->slot[0]));
		r->n -= move;
	} else {
		move = (l->n - r->n) / 2;
		memmove(&r->key[move], r->key, r->n * sizeof(r->key[0]));
		memmove(&r->slot[move], r->slot, r->n * sizeof(r->slot[0]));
		memcpy(r->key, &l->key[l->n - move], move * sizeof(r->key[0]));
		memcpy(r->slot, &l->slot[l->n - move],
		       move * sizeof(r->slot[0]));
		r->n += move;
		l->n -= move;
	}
	n->key[li] = vt_max(l);
	n->key[li + 1] = vt_max(r);
}

static bool vt_erase_rec(struct vma_tree_node *n, unsigned long key,
			 void *val)
{
	int i = vt_lower_bound(n, key);
	struct vma_tree_node *child;

	if (i == n->n)
		return false;
	if (n->leaf) {
		if (n->key[i] != key || n->slot[i] != val)
			return false;
		vt_slot_remove(n, i);
		return true;
	}
	child = n->slot[i];
	if (!vt_erase_rec(child, key, val))
		return false;
	if (child->n == 0) {
		vt_node_free(child);
		vt_slot_remove(n, i);
		return true;
	}
	n->key[i] = vt_max(child);
	if (child->n < VT_MIN)
		vt_rebalance(n, i);
	return true;
}

void vma_tree_erase(struct vma_tree *t, struct vm_area_struct *vma)
{
	struct vma_tree_node *root = t->root;

	if (WARN_ON(!root || !vt_erase_rec(root, vma->vm_end - 1, vma)))
		return;
	t->count--;
	while (!root->leaf && root->n == 1) {
		t->root = root->slot[0];
		vt_node_free(root);
		root = t->root;
		t->height--;
	}
	if (root->n == 0) {
		vt_node_free(root);
		t->root = NULL;
		t->height = 0;
	}
}

struct vm_area_struct *vma_tree_find(const struct vma_tree *t,
				     unsigned long addr)
{
	const struct vma_tree_node *n = t->root;
	int i;

	if (!n)
		return NULL;
	for (;;) {
		i = vt_lower_bound(n, addr);
		if (i == n->n)
			return NULL;
		if (n->leaf)
			return n->slot[i];
		n = n->slot[i];
	}
}
