// SPDX-License-Identifier: GPL-2.0
/* Interval tree: randomized inserts/removes checked against brute force. */
#include <stdlib.h>
#include "dmb_test.h"
#include <dmabridge/interval_tree.h>

#define N 2000

static struct interval_tree_node nodes[N];
static bool in_tree[N];

static int check_subtree(struct interval_tree_node *n, unsigned long *maxl)
{
	unsigned long l = 0, r = 0;
	int hl, hr;

	if (!n) {
		*maxl = 0;
		return 0;
	}
	if (n->left)
		assert_ptr_equal(n->left->parent, n);
	if (n->right)
		assert_ptr_equal(n->right->parent, n);
	hl = check_subtree(n->left, &l);
	hr = check_subtree(n->right, &r);
	assert_true(abs(hl - hr) <= 1);
	assert_int_equal(n->__height, 1 + (hl > hr ? hl : hr));
	*maxl = max(n->last, max(l, r));
	assert_int_equal(n->__subtree_last, *maxl);
	return n->__height;
}

static void check_query(struct interval_tree_root *root, unsigned long s,
			unsigned long e)
{
	struct interval_tree_node *it;
	int want = 0, got = 0, i;
	unsigned long prev_start = 0;

	for (i = 0; i < N; i++)
		if (in_tree[i] && nodes[i].start <= e && nodes[i].last >= s)
			want++;
	for (it = interval_tree_iter_first(root, s, e); it;
	     it = interval_tree_iter_next(it, s, e)) {
		assert_true(it->start <= e && it->last >= s);
		assert_true(it->start >= prev_start);
		prev_start = it->start;
		got++;
	}
	assert_int_equal(got, want);
}

static void test_random_ops(void **state)
{
	struct interval_tree_root root = INTERVAL_TREE_ROOT;
	unsigned long maxl;
	int round, i, live = 0;

	srand(42);
	for (round = 0; round < 20000; round++) {
		i = rand() % N;
		if (in_tree[i]) {
			interval_tree_remove(&nodes[i], &root);
			in_tree[i] = false;
			live--;
		} else {
			nodes[i].start = rand() % 100000;
			nodes[i].last = nodes[i].start + rand() % 500;
			interval_tree_insert(&nodes[i], &root);
			in_tree[i] = true;
			live++;
		}
		if (round % 97 == 0) {
			check_subtree(root.root, &maxl);
			check_query(&root, rand() % 100000, rand() % 100000 +
						  100000);
			check_query(&root, 5000, 5000);
		}
	}
	assert_int_equal(root.count, live);
	check_subtree(root.root, &maxl);
}

static void test_inorder_and_empty(void **state)
{
	struct interval_tree_root root = INTERVAL_TREE_ROOT;
	struct interval_tree_node a = { .start = 10, .last = 20 };
	struct interval_tree_node b = { .start = 5, .last = 6 };
	struct interval_tree_node c = { .start = 30, .last = 30 };

	assert_true(interval_tree_empty(&root));
	assert_null(interval_tree_iter_first(&root, 0, ~0UL));
	interval_tree_insert(&a, &root);
	interval_tree_insert(&b, &root);
	interval_tree_insert(&c, &root);
	assert_ptr_equal(interval_tree_first(&root), &b);
	assert_ptr_equal(interval_tree_next(&b), &a);
	assert_ptr_equal(interval_tree_next(&a), &c);
	assert_null(interval_tree_next(&c));
	/* Closed intervals: touching at an end point overlaps. */
	assert_ptr_equal(interval_tree_iter_first(&root, 20, 29), &a);
	assert_null(interval_tree_iter_first(&root, 21, 29));
	assert_ptr_equal(interval_tree_iter_first(&root, 0, 5), &b);
	interval_tree_remove(&a, &root);
	interval_tree_remove(&b, &root);
	interval_tree_remove(&c, &root);
	assert_true(interval_tree_empty(&root));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_random_ops),
		dmb_unit_test(test_inorder_and_empty),
	};

	return dmb_run_tests(tests);
}
