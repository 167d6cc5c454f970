// SPDX-License-Identifier: GPL-2.0
/*
 * xarray (a caller-serialised subset of Linux's; see xarray.h): a radix
 * tree of 64-slot nodes. The head node covers indices [0, 64 << shift);
 * a store beyond that adds levels on top, and a removal frees every node
 * it leaves empty and drops top levels that only hold slot 0. So the
 * memory in use is O(entries * height), whatever the indices are.
 */
#include <errno.h>
#include <limits.h>
#include <dmabridge/xarray.h>
#include <dmabridge/slab.h>

#define XA_CHUNK_SHIFT 6
#define XA_CHUNK_SIZE (1U << XA_CHUNK_SHIFT)
#define XA_CHUNK_MASK (XA_CHUNK_SIZE - 1)

struct xa_node {
	unsigned char shift;	/* index bits below this level */
	unsigned char offset;	/* slot in the parent */
	unsigned char count;	/* non-NULL slots */
	struct xa_node *parent;
	void *slots[XA_CHUNK_SIZE];
};

/* The largest index a node of @shift at the head can hold. */
static unsigned long node_max(unsigned int shift)
{
	if (shift + XA_CHUNK_SHIFT >= sizeof(long) * CHAR_BIT)
		return ULONG_MAX;
	return (XA_CHUNK_SIZE * 1UL << shift) - 1;
}

static struct xa_node *node_alloc(struct xa_node *parent, unsigned int off,
				  unsigned int shift, gfp_t gfp)
{
	struct xa_node *n = kzalloc(sizeof(*n), gfp);

	if (!n)
		return NULL;
	n->shift = shift;
	n->parent = parent;
	n->offset = off;
	return n;
}

/* Free @node and its ancestors while they are empty. */
static void delete_empty(struct xarray *xa, struct xa_node *node)
{
	while (node && !node->count) {
		struct xa_node *parent = node->parent;

		if (parent) {
			parent->slots[node->offset] = NULL;
			parent->count--;
		} else {
			xa->xa_head = NULL;
		}
		kfree(node);
		node = parent;
	}
}

/* Drop top levels whose only entry is slot 0. */
static void shrink(struct xarray *xa)
{
	struct xa_node *head = xa->xa_head;

	while (head && head->shift && head->count == 1 && head->slots[0]) {
		struct xa_node *child = head->slots[0];

		child->parent = NULL;
		child->offset = 0;
		kfree(head);
		head = child;
	}
	xa->xa_head = head;
}

void *xa_load(const struct xarray *xa, unsigned long index)
{
	struct xa_node *node = xa->xa_head;

	if (!node || index > node_max(node->shift))
		return NULL;
	for (;;) {
		void *entry = node->slots[(index >> node->shift) &
					  XA_CHUNK_MASK];

		if (!node->shift || !entry)
			return entry;
		node = entry;
	}
}

/* Add levels on top until the head covers @index; false on -ENOMEM. */
static bool grow(struct xarray *xa, unsigned long index, gfp_t gfp)
{
	struct xa_node *head = xa->xa_head;
	unsigned int shift = 0;

	if (!head) {
		while (index > node_max(shift))
			shift += XA_CHUNK_SHIFT;
		xa->xa_head = node_alloc(NULL, 0, shift, gfp);
		return xa->xa_head;
	}
	while (index > node_max(head->shift)) {
		struct xa_node *top = node_alloc(NULL, 0,
						 head->shift + XA_CHUNK_SHIFT,
						 gfp);

		if (!top)
			return false;
		top->slots[0] = head;
		top->count = 1;
		head->parent = top;
		xa->xa_head = head = top;
	}
	return true;
}

void *xa_store(struct xarray *xa, unsigned long index, void *entry,
	       gfp_t gfp)
{
	struct xa_node *node;
	void *old;
	unsigned int off;

	if (!entry)
		return xa_erase(xa, index);
	if ((unsigned long)entry & 3)
		return xa_mk_err(-EINVAL);
	if (!grow(xa, index, gfp)) {
		/* Levels added before the failure hold nothing new. */
		shrink(xa);
		delete_empty(xa, xa->xa_head);
		return xa_mk_err(-ENOMEM);
	}
	node = xa->xa_head;
	while (node->shift) {
		struct xa_node *child;

		off = (index >> node->shift) & XA_CHUNK_MASK;
		child = node->slots[off];
		if (!child) {
			child = node_alloc(node, off,
					   node->shift - XA_CHUNK_SHIFT, gfp);
			if (!child) {
				delete_empty(xa, node);
				shrink(xa);
				return xa_mk_err(-ENOMEM);
			}
			node->slots[off] = child;
			node->count++;
		}
		node = child;
	}
	off = index & XA_CHUNK_MASK;
	old = node->slots[off];
	node->slots[off] = entry;
	if (!old)
		node->count++;
	return old;
}

void *xa_erase(struct xarray *xa, unsigned long index)
{
	struct xa_node *node = xa->xa_head;
	unsigned int off;
	void *old;

	if (!node || index > node_max(node->shift))
		return NULL;
	while (node->shift) {
		node = node->slots[(index >> node->shift) & XA_CHUNK_MASK];
		if (!node)
			return NULL;
	}
	off = index & XA_CHUNK_MASK;
	old = node->slots[off];
	if (!old)
		return NULL;
	node->slots[off] = NULL;
	node->count--;
	delete_empty(xa, node);
	shrink(xa);
	return old;
}

/* First entry in [start, max] under @node, whose first index is @base. */
static void *node_find(const struct xa_node *node, unsigned long base,
		       unsigned long start, unsigned long max,
		       unsigned long *found)
{
	unsigned long last_off = (ULONG_MAX - base) >> node->shift;
	unsigned int off = 0;

	if (start > base)
		off = (start - base) >> node->shift;
	for (; off < XA_CHUNK_SIZE && off <= last_off; off++) {
		unsigned long sbase = base + ((unsigned long)off << node->shift);
		void *entry = node->slots[off];

		if (sbase > max)
			return NULL;
		if (!entry)
			continue;
		if (!node->shift) {
			*found = sbase;
			return entry;
		}
		entry = node_find(entry, sbase, max(start, sbase), max, found);
		if (entry)
			return entry;
	}
	return NULL;
}

void *xa_find(const struct xarray *xa, unsigned long *indexp,
	      unsigned long max)
{
	unsigned long found;
	void *entry;

	if (!xa->xa_head || *indexp > max)
		return NULL;
	entry = node_find(xa->xa_head, 0, *indexp, max, &found);
	if (entry)
		*indexp = found;
	return entry;
}

void *xa_find_after(const struct xarray *xa, unsigned long *indexp,
		    unsigned long max)
{
	unsigned long next;
	void *entry;

	if (*indexp >= max)
		return NULL;
	next = *indexp + 1;
	entry = xa_find(xa, &next, max);
	if (entry)
		*indexp = next;
	return entry;
}

static void node_free(struct xa_node *node)
{
	unsigned int i;

	if (node->shift)
		for (i = 0; i < XA_CHUNK_SIZE; i++)
			if (node->slots[i])
				node_free(node->slots[i]);
	kfree(node);
}

void xa_destroy(struct xarray *xa)
{
	if (xa->xa_head)
		node_free(xa->xa_head);
	xa->xa_head = NULL;
}
