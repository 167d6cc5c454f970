// SPDX-License-Identifier: GPL-2.0
/* list_head and hlist: every operation against the expected order. */
#include "dmb_test.h"
#include <dmabridge/list.h>

struct node {
	int v;
	struct list_head link;
	struct hlist_node hnode;
};

static void check(struct list_head *head, const int *want, int n)
{
	struct node *pos;
	int i = 0;

	assert_int_equal(list_count_nodes(head), n);
	list_for_each_entry(pos, head, link) {
		assert_true(i < n);
		assert_int_equal(pos->v, want[i++]);
	}
	assert_int_equal(i, n);
	list_for_each_entry_reverse(pos, head, link)
		assert_int_equal(pos->v, want[--i]);
	assert_int_equal(i, 0);
}

static void test_list_ops(void **state)
{
	struct node n[6];
	LIST_HEAD(a);
	struct list_head b, *p, *tmp;
	struct node *pos, *next;
	int i, count = 0;

	INIT_LIST_HEAD(&b);
	for (i = 0; i < 6; i++)
		n[i].v = i;
	assert_true(list_empty(&a));
	assert_false(list_is_singular(&a));
	assert_null(list_first_entry_or_null(&a, struct node, link));
	list_add(&n[1].link, &a);
	assert_true(list_is_singular(&a));
	list_add(&n[0].link, &a);
	list_add_tail(&n[2].link, &a);
	check(&a, (int[]){ 0, 1, 2 }, 3);
	assert_ptr_equal(list_first_entry(&a, struct node, link), &n[0]);
	assert_ptr_equal(list_last_entry(&a, struct node, link), &n[2]);
	assert_ptr_equal(list_first_entry_or_null(&a, struct node, link),
			 &n[0]);
	assert_ptr_equal(list_next_entry(&n[0], link), &n[1]);
	assert_ptr_equal(list_prev_entry(&n[2], link), &n[1]);
	list_del(&n[1].link);
	assert_null(n[1].link.next);
	check(&a, (int[]){ 0, 2 }, 2);
	list_add_tail(&n[3].link, &b);
	list_add_tail(&n[4].link, &b);
	list_splice_init(&b, &a);
	assert_true(list_empty(&b));
	check(&a, (int[]){ 3, 4, 0, 2 }, 4);
	list_add_tail(&n[5].link, &b);
	list_splice_tail_init(&b, &a);
	check(&a, (int[]){ 3, 4, 0, 2, 5 }, 5);
	list_splice_init(&b, &a);	/* empty: nothing */
	list_move(&n[5].link, &a);
	check(&a, (int[]){ 5, 3, 4, 0, 2 }, 5);
	list_move_tail(&n[3].link, &a);
	check(&a, (int[]){ 5, 4, 0, 2, 3 }, 5);
	list_move(&n[0].link, &b);
	check(&b, (int[]){ 0 }, 1);
	list_del_init(&n[0].link);
	assert_true(list_empty(&n[0].link));
	assert_true(list_empty(&b));
	list_for_each(p, &a)
		count++;
	assert_int_equal(count, 4);
	list_for_each_safe(p, tmp, &a)
		if (list_entry(p, struct node, link)->v == 4)
			list_del(p);
	check(&a, (int[]){ 5, 2, 3 }, 3);
	list_for_each_entry_safe(pos, next, &a, link)
		list_del_init(&pos->link);
	assert_true(list_empty(&a));
	assert_true(list_entry_is_head(list_first_entry(&a, struct node,
							link), &a, link));
}

static void test_hlist_ops(void **state)
{
	struct hlist_head h = HLIST_HEAD_INIT, h2;
	struct node n[4], *pos;
	struct hlist_node *tmp;
	int i, seen = 0;

	INIT_HLIST_HEAD(&h2);
	assert_true(hlist_empty(&h));
	assert_true(hlist_empty(&h2));
	for (i = 0; i < 4; i++) {
		n[i].v = i;
		INIT_HLIST_NODE(&n[i].hnode);
		assert_true(hlist_unhashed(&n[i].hnode));
		hlist_add_head(&n[i].hnode, &h);
		assert_false(hlist_unhashed(&n[i].hnode));
	}
	i = 3;
	hlist_for_each_entry(pos, &h, hnode)
		assert_int_equal(pos->v, i--);
	assert_int_equal(i, -1);
	hlist_del_init(&n[2].hnode);	/* middle */
	assert_true(hlist_unhashed(&n[2].hnode));
	hlist_del_init(&n[2].hnode);	/* again: no-op */
	hlist_del_init(&n[3].hnode);	/* first */
	hlist_del_init(&n[0].hnode);	/* last */
	hlist_for_each_entry(pos, &h, hnode) {
		assert_int_equal(pos->v, 1);
		seen++;
	}
	assert_int_equal(seen, 1);
	hlist_add_head(&n[2].hnode, &h);
	hlist_for_each_entry_safe(pos, tmp, &h, hnode)
		hlist_del_init(&pos->hnode);
	assert_true(hlist_empty(&h));
	assert_null(hlist_entry_safe((struct hlist_node *)NULL, struct node,
				     hnode));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_list_ops),
		dmb_unit_test(test_hlist_ops),
	};

	return dmb_run_tests(tests);
}
