/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An interval tree over closed ranges [start, last]: a height-balanced
 * (AVL) tree keyed by start, each node augmented with the largest `last`
 * of its subtree, so stabbing queries cost O(log n + hits).
 */
#ifndef DMABRIDGE_INTERVAL_TREE_H
#define DMABRIDGE_INTERVAL_TREE_H

#include <dmabridge/compiler.h>

struct interval_tree_node {
	struct interval_tree_node *left, *right, *parent;
	unsigned long start;		/* first in the interval */
	unsigned long last;		/* last in the interval (inclusive) */
	unsigned long __subtree_last;
	int __height;
};

struct interval_tree_root {
	struct interval_tree_node *root;
	unsigned long count;
};

#define INTERVAL_TREE_ROOT (struct interval_tree_root){ NULL, 0 }

static inline void interval_tree_init(struct interval_tree_root *root)
{
	root->root = NULL;
	root->count = 0;
}

static inline bool interval_tree_empty(const struct interval_tree_root *root)
{
	return !root->root;
}

void interval_tree_insert(struct interval_tree_node *node,
			  struct interval_tree_root *root);
void interval_tree_remove(struct interval_tree_node *node,
			  struct interval_tree_root *root);
/* First node (lowest start) overlapping [start, last], or NULL. */
struct interval_tree_node *
interval_tree_iter_first(struct interval_tree_root *root, unsigned long start,
			 unsigned long last);
struct interval_tree_node *
interval_tree_iter_next(struct interval_tree_node *node, unsigned long start,
			unsigned long last);
/* In-order traversal of all nodes. */
struct interval_tree_node *interval_tree_first(struct interval_tree_root *r);
struct interval_tree_node *interval_tree_next(struct interval_tree_node *n);

#endif
