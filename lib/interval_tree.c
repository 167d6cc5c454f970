// SPDX-License-Identifier: GPL-2.0
/*
 * Interval tree: an AVL tree keyed by start with parent pointers, each
 * node caching the largest `last` in its subtree. Rebalancing walks from
 * the changed node to the root, refreshing height and that cache.
 */
#include <dmabridge/interval_tree.h>

typedef struct interval_tree_node itn;

static int height(const itn *n)
{
	return n ? n->__height : 0;
}

static void update(itn *n)
{
	unsigned long sub = n->last;

	if (n->left && n->left->__subtree_last > sub)
		sub = n->left->__subtree_last;
	if (n->right && n->right->__subtree_last > sub)
		sub = n->right->__subtree_last;
	n->__subtree_last = sub;
	n->__height = 1 + max(height(n->left), height(n->right));
}

/* Put @v where @u hangs from its parent (or the root). */
static void transplant(struct interval_tree_root *root, itn *u, itn *v)
{
	if (!u->parent)
		root->root = v;
	else if (u == u->parent->left)
		u->parent->left = v;
	else
		u->parent->right = v;
	if (v)
		v->parent = u->parent;
}

static itn *rotate_left(struct interval_tree_root *root, itn *x)
{
	itn *y = x->right;

	x->right = y->left;
	if (y->left)
		y->left->parent = x;
	transplant(root, x, y);
	y->left = x;
	x->parent = y;
	update(x);
	update(y);
	return y;
}

static itn *rotate_right(struct interval_tree_root *root, itn *x)
{
	itn *y = x->left;

	x->left = y->right;
	if (y->right)
		y->right->parent = x;
	transplant(root, x, y);
	y->right = x;
	x->parent = y;
	update(x);
	update(y);
	return y;
}

static void fix_up(struct interval_tree_root *root, itn *n)
{
	while (n) {
		int bf;

		update(n);
		bf = height(n->left) - height(n->right);
		if (bf > 1) {
			if (height(n->left->left) < height(n->left->right))
				rotate_left(root, n->left);
			n = rotate_right(root, n);
		} else if (bf < -1) {
			if (height(n->right->right) < height(n->right->left))
				rotate_right(root, n->right);
			n = rotate_left(root, n);
		}
		n = n->parent;
	}
}

void interval_tree_insert(itn *node, struct interval_tree_root *root)
{
	itn **link = &root->root, *parent = NULL;

	while (*link) {
		parent = *link;
		if (node->start < parent->start)
			link = &parent->left;
		else
			link = &parent->right;
	}
	node->left = node->right = NULL;
	node->parent = parent;
	node->__height = 1;
	node->__subtree_last = node->last;
	*link = node;
	root->count++;
	fix_up(root, parent);
}

static itn *leftmost(itn *n)
{
	while (n && n->left)
		n = n->left;
	return n;
}

void interval_tree_remove(itn *node, struct interval_tree_root *root)
{
	itn *from;

	if (node->left && node->right) {
		itn *s = leftmost(node->right);

		from = s;
		if (s->parent != node) {
			from = s->parent;
			transplant(root, s, s->right);
			s->right = node->right;
			s->right->parent = s;
		}
		transplant(root, node, s);
		s->left = node->left;
		s->left->parent = s;
	} else {
		from = node->parent;
		transplant(root, node, node->left ? node->left : node->right);
	}
	node->left = node->right = node->parent = NULL;
	root->count--;
	fix_up(root, from);
}

/* Lowest-start node of subtree @n overlapping [start, last]. */
static itn *subtree_search(itn *n, unsigned long start, unsigned long last)
{
	while (n && n->__subtree_last >= start) {
		if (n->left && n->left->__subtree_last >= start) {
			itn *hit = subtree_search(n->left, start, last);

			if (hit)
				return hit;
		}
		if (n->start > last)
			return NULL;
		if (n->last >= start)
			return n;
		n = n->right;
	}
	return NULL;
}

itn *interval_tree_iter_first(struct interval_tree_root *root,
			      unsigned long start, unsigned long last)
{
	return subtree_search(root->root, start, last);
}

itn *interval_tree_iter_next(itn *node, unsigned long start,
			     unsigned long last)
{
	itn *prev, *hit;

	hit = subtree_search(node->right, start, last);
	if (hit)
		return hit;
	for (;;) {
		prev = node;
		node = node->parent;
		if (!node)
			return NULL;
		if (prev == node->right)
			continue;
		if (node->start > last)
			return NULL;
		if (node->last >= start)
			return node;
		hit = subtree_search(node->right, start, last);
		if (hit)
			return hit;
	}
}

itn *interval_tree_first(struct interval_tree_root *root)
{
	return leftmost(root->root);
}

itn *interval_tree_next(itn *n)
{
	itn *prev;

	if (n->right)
		return leftmost(n->right);
	do {
		prev = n;
		n = n->parent;
	} while (n && prev == n->right);
	return n;
}
