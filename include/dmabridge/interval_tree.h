/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An interval tree over closed ranges [start, last]: a height-balanced
 * (AVL) tree keyed by start, each node augmented with the largest `last`
 * of its subtree, so stabbing queries cost O(log n + hits).
 */
#ifndef DMABRIDGE_INTERVAL_TREE_H
#define DMABRIDGE_INTERVAL_TREE_H

#include <dmabridge/compiler.h>

/**
 * struct interval_tree_node - a closed range [start, last] in a tree
 * @left: left child
 * @right: right child
 * @parent: parent
 * @start: first in the interval
 * @last: last in the interval (inclusive)
 * @__subtree_last: the largest @last of its subtree
 * @__height: AVL height
 *
 * A height-balanced (AVL) tree keyed by start (dmabridge's implementation;
 * Linux uses an rbtree), so stabbing queries cost O(log n + hits). The
 * caller provides the locking.
 */
struct interval_tree_node {
	struct interval_tree_node *left, *right, *parent;
	unsigned long start;		/* first in the interval */
	unsigned long last;		/* last in the interval (inclusive) */
	unsigned long __subtree_last;
	int __height;
};

/**
 * struct interval_tree_root - an interval tree
 * @root: the root node, or NULL
 * @count: nodes in the tree
 */
struct interval_tree_root {
	struct interval_tree_node *root;
	unsigned long count;
};

#define INTERVAL_TREE_ROOT (struct interval_tree_root){ NULL, 0 }

/**
 * interval_tree_init() - an empty tree
 * @root: the tree
 */
static inline void interval_tree_init(struct interval_tree_root *root)
{
	root->root = NULL;
	root->count = 0;
}

/**
 * interval_tree_empty() - is the tree empty?
 * @root: the tree
 *
 * Return: true if it has no node.
 */
static inline bool interval_tree_empty(const struct interval_tree_root *root)
{
	return !root->root;
}

/**
 * interval_tree_insert() - add a node
 * @node: the node, with start and last set
 * @root: the tree
 */
void interval_tree_insert(struct interval_tree_node *node,
			  struct interval_tree_root *root);
/**
 * interval_tree_remove() - take a node out
 * @node: the node (in @root)
 * @root: the tree
 */
void interval_tree_remove(struct interval_tree_node *node,
			  struct interval_tree_root *root);
/**
 * interval_tree_iter_first() - the first node overlapping a range
 * @root: the tree
 * @start: first in the range
 * @last: last in the range (inclusive)
 *
 * Return: the overlapping node with the lowest start, or NULL.
 */
struct interval_tree_node *
interval_tree_iter_first(struct interval_tree_root *root, unsigned long start,
			 unsigned long last);
/**
 * interval_tree_iter_next() - the next node overlapping the range
 * @node: the previous hit
 * @start: first in the range
 * @last: last in the range (inclusive)
 *
 * Return: the next overlapping node, or NULL.
 */
struct interval_tree_node *
interval_tree_iter_next(struct interval_tree_node *node, unsigned long start,
			unsigned long last);
/**
 * interval_tree_first() - in-order traversal: the first node
 * @r: the tree
 *
 * Return: the node with the lowest start, or NULL.
 */
struct interval_tree_node *interval_tree_first(struct interval_tree_root *r);
/**
 * interval_tree_next() - in-order traversal: the next node
 * @n: a node
 *
 * Return: the next node, or NULL.
 */
struct interval_tree_node *interval_tree_next(struct interval_tree_node *n);

#endif
