// SPDX-License-Identifier: GPL-2.0
/* dma_fence_array, dma_fence_chain, dma_fence_unwrap and merging. */
#include <stdlib.h>
#include <pthread.h>
#include "dmb_test.h"
#include "fence_util.h"
#include <dmabridge/dma-fence-array.h>
#include <dmabridge/dma-fence-chain.h>
#include <dmabridge/dma-fence-unwrap.h>

struct flag_cb {
	struct dma_fence_cb cb;
	int calls;
};

static void flag_cb_func(struct dma_fence *f, struct dma_fence_cb *cb)
{
	__atomic_add_fetch(&container_of(cb, struct flag_cb, cb)->calls, 1,
			   __ATOMIC_RELAXED);
}

static struct dma_fence_array *make_array(int n, struct dma_fence **src,
					  bool any)
{
	struct dma_fence **fences = kcalloc(n, sizeof(*fences), GFP_KERNEL);
	struct dma_fence_array *array;
	int i;

	assert_non_null(fences);
	for (i = 0; i < n; i++)
		fences[i] = dma_fence_get(src[i]);
	array = dma_fence_array_create(n, fences, dma_fence_context_alloc(1),
				       1, any);
	assert_non_null(array);
	return array;
}

static void test_array_all(void **state)
{
	struct dma_fence *f[3] = { mock_fence(), mock_fence(), mock_fence() };
	struct dma_fence_array *array = make_array(3, f, false);
	struct dma_fence *a = &array->base;
	struct flag_cb cb = { 0 };

	assert_true(dma_fence_is_array(a));
	assert_true(dma_fence_is_container(a));
	assert_ptr_equal(to_dma_fence_array(a), array);
	assert_null(to_dma_fence_array(f[0]));
	assert_int_equal(dma_fence_add_callback(a, &cb.cb, flag_cb_func), 0);

	dma_fence_signal(f[0]);
	dma_fence_set_error(f[2], -EIO);
	dma_fence_signal(f[2]);
	assert_int_equal(dma_fence_wait_timeout(a, false, 2), 0);
	assert_false(dma_fence_is_signaled(a));
	dma_fence_signal(f[1]);
	assert_int_equal(dma_fence_wait(a, false), 0);
	assert_int_equal(cb.calls, 1);
	/* The first child error propagates. */
	assert_int_equal(dma_fence_get_status(a), -EIO);

	dma_fence_put(a);
	for (int i = 0; i < 3; i++)
		dma_fence_put(f[i]);
}

static void test_array_any(void **state)
{
	struct dma_fence *f[3] = { mock_fence(), mock_fence(), mock_fence() };
	struct dma_fence_array *array = make_array(3, f, true);

	assert_int_equal(dma_fence_wait_timeout(&array->base, false, 1), 0);
	dma_fence_signal(f[1]);
	assert_int_equal(dma_fence_wait(&array->base, false), 0);
	assert_int_equal(dma_fence_get_status(&array->base), 1);
	/* The rest signal later; their callbacks drop their references. */
	dma_fence_signal(f[0]);
	dma_fence_signal(f[2]);
	dma_fence_put(&array->base);
	for (int i = 0; i < 3; i++)
		dma_fence_put(f[i]);
}

static void test_array_signaled_without_enable(void **state)
{
	struct dma_fence *f[2] = { mock_fence(), mock_fence() };
	struct dma_fence_array *array = make_array(2, f, false);
	struct dma_fence *g[2] = { mock_fence(), mock_fence() };
	struct dma_fence_array *pre;

	/* Peeking (no signalling enabled) counts the children itself. */
	assert_false(dma_fence_is_signaled(&array->base));
	dma_fence_signal(f[0]);
	dma_fence_signal(f[1]);
	assert_true(dma_fence_is_signaled(&array->base));
	assert_int_equal(dma_fence_get_status(&array->base), 1);
	dma_fence_put(&array->base);

	/* All already signaled at enable time: signaled at once. */
	dma_fence_signal(g[0]);
	dma_fence_set_error(g[1], -ENODEV);
	dma_fence_signal(g[1]);
	pre = make_array(2, g, false);
	dma_fence_enable_sw_signaling(&pre->base);
	assert_true(dma_fence_test_signaled_flag(&pre->base));
	assert_int_equal(dma_fence_get_status(&pre->base), -ENODEV);
	dma_fence_put(&pre->base);
	for (int i = 0; i < 2; i++) {
		dma_fence_put(f[i]);
		dma_fence_put(g[i]);
	}
}

static void test_array_helpers(void **state)
{
	u64 ctx = dma_fence_context_alloc(1);
	struct dma_fence *f[2] = { mock_fence_ctx(ctx, 1),
				   mock_fence_ctx(ctx, 2) };
	struct dma_fence *x = mock_fence();
	struct dma_fence_array *array = make_array(2, f, false);
	struct dma_fence *it, **fences;
	unsigned int idx, n = 0;

	assert_true(dma_fence_match_context(&array->base, ctx));
	assert_false(dma_fence_match_context(&array->base, ctx + 1));
	assert_true(dma_fence_match_context(x, x->context));
	dma_fence_array_for_each(it, idx, &array->base)
		assert_ptr_equal(it, f[n++]);
	assert_int_equal(n, 2);
	n = 0;
	dma_fence_array_for_each(it, idx, x)
		n++;
	assert_int_equal(n, 1);
	assert_null(dma_fence_array_first(NULL));
	assert_null(dma_fence_array_next(x, 1));

	/* Containers inside an array WARN. */
	fences = kcalloc(1, sizeof(*fences), GFP_KERNEL);
	fences[0] = dma_fence_get(&array->base);
	dmb_expect_reports(REPORT_WARN, 1);
	dma_fence_put(&dma_fence_array_create(1, fences, 1, 1, false)->base);

	failslab_after(1);
	assert_null(dma_fence_array_alloc(2));
	assert_null(dma_fence_array_alloc(0));

	dma_fence_signal(f[0]);
	dma_fence_signal(f[1]);
	dma_fence_put(&array->base);
	dma_fence_put(f[0]);
	dma_fence_put(f[1]);
	dma_fence_put(x);
}

/* A chain of n points over n fences; returns the head (newest point). */
static struct dma_fence *make_chain(int n, struct dma_fence **f,
				    u64 first_seqno)
{
	struct dma_fence *head = NULL;
	int i;

	for (i = 0; i < n; i++) {
		struct dma_fence_chain *c = dma_fence_chain_alloc();

		assert_non_null(c);
		dma_fence_chain_init(c, head, dma_fence_get(f[i]),
				     first_seqno + i);
		head = &c->base;
	}
	return head;
}

static void test_chain_signal_order(void **state)
{
	struct dma_fence *f[3] = { mock_fence(), mock_fence(), mock_fence() };
	struct dma_fence *head = make_chain(3, f, 1);
	struct dma_fence_chain *c = to_dma_fence_chain(head);
	struct dma_fence *p2;

	assert_true(dma_fence_is_chain(head));
	assert_int_equal(head->seqno, 3);
	assert_int_equal(c->prev_seqno, 2);
	assert_ptr_equal(dma_fence_chain_contained(head), f[2]);
	assert_ptr_equal(dma_fence_chain_contained(f[0]), f[0]);

	/* The newest fence alone does not signal the point. */
	dma_fence_signal(f[2]);
	assert_false(dma_fence_is_signaled(head));
	assert_int_equal(dma_fence_wait_timeout(head, false, 1), 0);

	p2 = dma_fence_get(head);
	assert_int_equal(dma_fence_chain_find_seqno(&p2, 2), 0);
	assert_int_equal(p2->seqno, 2);
	dma_fence_signal(f[1]);
	assert_false(dma_fence_is_signaled(p2));
	dma_fence_signal(f[0]);
	assert_int_equal(dma_fence_wait(head, false), 0);
	assert_int_equal(dma_fence_wait(p2, false), 0);
	dma_fence_put(p2);
	dma_fence_put(head);
	for (int i = 0; i < 3; i++)
		dma_fence_put(f[i]);
}

static void test_chain_find_seqno_edges(void **state)
{
	struct dma_fence *f[4] = { mock_fence(), mock_fence(), mock_fence(),
				   mock_fence() };
	struct dma_fence *head = make_chain(4, f, 1), *p, *x = mock_fence();

	/* 0 is a no-op: same fence, same reference. */
	p = head;
	assert_int_equal(dma_fence_chain_find_seqno(&p, 0), 0);
	assert_ptr_equal(p, head);

	/* A future seqno, or no chain at all: -EINVAL, untouched. */
	assert_int_equal(dma_fence_chain_find_seqno(&p, 5), -EINVAL);
	assert_ptr_equal(p, head);
	p = x;
	assert_int_equal(dma_fence_chain_find_seqno(&p, 1), -EINVAL);
	assert_ptr_equal(p, x);

	/* Each seqno finds its own point. */
	for (u64 s = 1; s <= 4; s++) {
		p = dma_fence_get(head);
		assert_int_equal(dma_fence_chain_find_seqno(&p, s), 0);
		assert_non_null(p);
		assert_int_equal(p->seqno, s);
		dma_fence_put(p);
	}

	/* Points 1 and 2 signaled: seqno 2 is done, and they are collected. */
	dma_fence_signal(f[0]);
	dma_fence_signal(f[1]);
	p = dma_fence_get(head);
	assert_int_equal(dma_fence_chain_find_seqno(&p, 2), 0);
	assert_null(p);
	/* head -> 3 -> (2 and 1 gone). */
	p = to_dma_fence_chain(to_dma_fence_chain(head)->prev)->prev;
	assert_null(p);

	for (int i = 2; i < 4; i++)
		dma_fence_signal(f[i]);
	/* The head answers for its own seqno, signaled or not. */
	p = dma_fence_get(head);
	assert_int_equal(dma_fence_chain_find_seqno(&p, 4), 0);
	assert_ptr_equal(p, head);
	assert_true(dma_fence_is_signaled(p));
	dma_fence_put(p);

	dma_fence_put(head);
	dma_fence_put(x);
	for (int i = 0; i < 4; i++)
		dma_fence_put(f[i]);
}

static void test_chain_walk_gc(void **state)
{
	struct dma_fence *f[5];
	struct dma_fence *head, *it;
	int n = 0, i;

	for (i = 0; i < 5; i++)
		f[i] = mock_fence();
	head = make_chain(5, f, 10);
	dma_fence_signal(f[1]);
	dma_fence_signal(f[2]);
	dma_fence_chain_for_each(it, head)
		n++;
	/* head(14), 13, then 12 and 11 are skipped, 10 is pending. */
	assert_int_equal(n, 3);
	assert_int_equal(to_dma_fence_chain(head)->prev->seqno, 13);
	assert_int_equal(to_dma_fence_chain(to_dma_fence_chain(head)->prev)
				 ->prev->seqno, 10);

	/* A point not later than prev starts a new context. */
	{
		struct dma_fence_chain *c = dma_fence_chain_alloc();

		dma_fence_chain_init(c, dma_fence_get(head),
				     dma_fence_get(f[4]), 3);
		assert_int_not_equal(c->base.context, head->context);
		assert_int_equal(c->base.seqno, 14);
		assert_int_equal(c->prev_seqno, 0);
		dma_fence_put(&c->base);
	}
	for (i = 0; i < 5; i++) {
		dma_fence_signal(f[i]);
		dma_fence_put(f[i]);
	}
	dma_fence_put(head);
}

static void test_chain_release_long(void **state)
{
	/* Releasing a long chain unlinks it iteratively, not recursively. */
	const int n = 100000;
	struct dma_fence *f = mock_fence(), *head = NULL;
	int i;

	for (i = 0; i < n; i++) {
		struct dma_fence_chain *c = dma_fence_chain_alloc();

		dma_fence_chain_init(c, head, dma_fence_get(f), i + 1);
		head = &c->base;
	}
	dma_fence_put(head);
	dma_fence_signal(f);
	dma_fence_put(f);
}

/* 4096-point chain, waiting on every point, signaled in some order. */
#ifndef CHAIN_N	/* tests/explore sets its own */
#define CHAIN_N 4096
#endif

struct chain_wait_ctx {
	struct dma_fence *fences[CHAIN_N];
	struct dma_fence *points[CHAIN_N];
	int order[CHAIN_N];
	int nwaiters;
	int done;
};

static void chain_wait_thread(int idx, void *p)
{
	struct chain_wait_ctx *c = p;
	int i;

	if (idx == 0) {
		for (i = 0; i < CHAIN_N; i++)
			dma_fence_signal(c->fences[c->order[i]]);
		return;
	}
	/* Waiters split the points; each point must end signaled. */
	for (i = idx - 1; i < CHAIN_N; i += c->nwaiters) {
		assert_int_equal(dma_fence_wait(c->points[i], false), 0);
		/* Signaled only when every earlier fence is. */
		for (int j = 0; j <= i; j += 97)
			assert_true(dma_fence_test_signaled_flag(c->fences[j]));
		assert_true(dma_fence_test_signaled_flag(c->fences[i]));
	}
	__atomic_add_fetch(&c->done, 1, __ATOMIC_RELAXED);
}

static void run_chain_waits(int mode)
{
	struct chain_wait_ctx *c = calloc(1, sizeof(*c));
	struct dma_fence *head = NULL;
	int i;

	for (i = 0; i < CHAIN_N; i++) {
		struct dma_fence_chain *ch = dma_fence_chain_alloc();

		c->fences[i] = mock_fence();
		dma_fence_chain_init(ch, head, dma_fence_get(c->fences[i]),
				     i + 1);
		head = &ch->base;
		c->points[i] = dma_fence_get(head);
	}
	for (i = 0; i < CHAIN_N; i++)
		c->order[i] = mode == 0 ? i : mode == 1 ? CHAIN_N - 1 - i : i;
	if (mode == 2) {
		srand(4096);
		for (i = CHAIN_N - 1; i > 0; i--) {
			int j = rand() % (i + 1), t = c->order[i];

			c->order[i] = c->order[j];
			c->order[j] = t;
		}
	}
	c->nwaiters = 3;
	dmb_run_threads(1 + c->nwaiters, chain_wait_thread, c);
	assert_int_equal(c->done, c->nwaiters);

	for (i = 0; i < CHAIN_N; i++) {
		assert_true(dma_fence_is_signaled(c->points[i]));
		dma_fence_put(c->points[i]);
		dma_fence_put(c->fences[i]);
	}
	dma_fence_put(head);
	irq_work_flush_all();
	free(c);
}

static void test_chain_4096_forward(void **state)
{
	run_chain_waits(0);
}

static void test_chain_4096_backward(void **state)
{
	run_chain_waits(1);
}

static void test_chain_4096_random(void **state)
{
	run_chain_waits(2);
}

static void test_unwrap_iteration(void **state)
{
	struct dma_fence *f[4] = { mock_fence(), mock_fence(), mock_fence(),
				   mock_fence() };
	struct dma_fence_array *a01 = make_array(2, f, false);
	struct dma_fence_array *a23 = make_array(2, f + 2, false);
	struct dma_fence *pair[2] = { &a01->base, &a23->base };
	struct dma_fence *chain = make_chain(2, pair, 1);
	struct dma_fence_unwrap iter;
	struct dma_fence *it;
	bool seen[4] = { 0 };
	int n = 0;

	dma_fence_unwrap_for_each(it, &iter, chain) {
		for (int i = 0; i < 4; i++)
			if (it == f[i])
				seen[i] = true;
		n++;
	}
	assert_int_equal(n, 4);
	for (int i = 0; i < 4; i++)
		assert_true(seen[i]);

	/* A plain fence unwraps to itself. */
	n = 0;
	dma_fence_unwrap_for_each(it, &iter, f[0]) {
		assert_ptr_equal(it, f[0]);
		n++;
	}
	assert_int_equal(n, 1);

	for (int i = 0; i < 4; i++) {
		dma_fence_signal(f[i]);
		dma_fence_put(f[i]);
	}
	dma_fence_put(chain);
	dma_fence_put(&a01->base);
	dma_fence_put(&a23->base);
}

static void test_merge_rules(void **state)
{
	u64 ctx = dma_fence_context_alloc(2);
	struct dma_fence *a1 = mock_fence_ctx(ctx, 1);
	struct dma_fence *a2 = mock_fence_ctx(ctx, 2);
	struct dma_fence *b1 = mock_fence_ctx(ctx + 1, 1);
	struct dma_fence *m, *m2, *s;
	struct dma_fence_array *arr;

	/* Newest per context: a2 and b1 remain. */
	m = dma_fence_unwrap_merge(a1, a2, b1);
	arr = to_dma_fence_array(m);
	assert_non_null(arr);
	assert_int_equal(arr->num_fences, 2);
	assert_true((arr->fences[0] == a2 && arr->fences[1] == b1) ||
		    (arr->fences[0] == b1 && arr->fences[1] == a2));

	/* Merging arrays flattens them, no array inside an array. */
	m2 = dma_fence_unwrap_merge(m, a1);
	arr = to_dma_fence_array(m2);
	assert_non_null(arr);
	assert_int_equal(arr->num_fences, 2);
	for (unsigned int i = 0; i < arr->num_fences; i++)
		assert_false(dma_fence_is_container(arr->fences[i]));
	dma_fence_put(m2);

	/* One left: that very fence. */
	dma_fence_signal(b1);
	m2 = dma_fence_unwrap_merge(a1, a2, b1);
	assert_ptr_equal(m2, a2);
	dma_fence_put(m2);

	/* None left: a signaled stub carrying the latest timestamp. */
	dma_fence_signal_timestamp(a1, 100);
	dma_fence_signal_timestamp(a2, 300);
	s = dma_fence_unwrap_merge(a1, a2, b1);
	assert_non_null(s);
	assert_false(dma_fence_is_container(s));
	assert_true(dma_fence_is_signaled(s));
	assert_true(dma_fence_timestamp(s) >= 300);
	dma_fence_put(s);
	/* The old array is signaled now too. */
	assert_int_equal(dma_fence_wait(m, false), 0);
	dma_fence_put(m);

	/* Allocation failure: NULL, nothing leaked. */
	{
		struct dma_fence *c1 = mock_fence(), *c2 = mock_fence();

		failslab_after(1);
		assert_null(dma_fence_unwrap_merge(c1, c2));
		failslab_after(2);
		assert_null(dma_fence_unwrap_merge(c1, c2));
		dma_fence_signal(c1);
		dma_fence_signal(c2);
		dma_fence_put(c1);
		dma_fence_put(c2);
	}
	dma_fence_put(a1);
	dma_fence_put(a2);
	dma_fence_put(b1);
}

static void test_dedup(void **state)
{
	u64 ctx = dma_fence_context_alloc(1);
	struct dma_fence *f[4] = {
		mock_fence_ctx(ctx, 5), mock_fence_ctx(ctx, 9),
		mock_fence_ctx(ctx, 7), mock_fence_ctx(ctx + 7, 1),
	};
	struct dma_fence *keep9 = dma_fence_get(f[1]);
	struct dma_fence *other = dma_fence_get(f[3]);
	int n;

	n = dma_fence_dedup_array(f, 4);
	assert_int_equal(n, 2);
	assert_ptr_equal(f[0], keep9);
	assert_ptr_equal(f[1], other);
	dma_fence_put(f[0]);
	dma_fence_put(f[1]);
	dma_fence_put(keep9);
	dma_fence_put(other);
}

/* Random merges across 32 timelines, checked against a model. */
#define TIMELINES 32

static void test_random_merges(void **state)
{
	u64 ctx = dma_fence_context_alloc(TIMELINES);
	struct dma_fence *tl[TIMELINES][8];
	int rounds = STRESS(2000), r, t, s;

	srand(32);
	for (t = 0; t < TIMELINES; t++)
		for (s = 0; s < 8; s++)
			tl[t][s] = mock_fence_ctx(ctx + t, s + 1);

	for (r = 0; r < rounds; r++) {
		struct dma_fence *in[4], *m;
		int want[TIMELINES];
		struct dma_fence_unwrap iter;
		struct dma_fence *it;
		int n = 0, expect = 0;

		for (t = 0; t < TIMELINES; t++)
			want[t] = -1;
		for (int k = 0; k < 4; k++) {
			/* Inputs: plain fences or a merge of two. */
			int t1 = rand() % TIMELINES, s1 = rand() % 8;
			int t2 = rand() % TIMELINES, s2 = rand() % 8;

			if (rand() & 1) {
				in[k] = dma_fence_get(tl[t1][s1]);
				want[t1] = max(want[t1], s1);
			} else {
				in[k] = dma_fence_unwrap_merge(tl[t1][s1],
							       tl[t2][s2]);
				want[t1] = max(want[t1], s1);
				want[t2] = max(want[t2], s2);
			}
		}
		m = dma_fence_unwrap_merge(in[0], in[1], in[2], in[3]);
		assert_non_null(m);
		for (t = 0; t < TIMELINES; t++)
			expect += want[t] >= 0;
		dma_fence_unwrap_for_each(it, &iter, m) {
			t = it->context - ctx;
			assert_true(t >= 0 && t < TIMELINES);
			assert_int_equal(it->seqno, want[t] + 1);
			want[t] = -2;	/* each context once */
			n++;
		}
		assert_int_equal(n, expect);
		dma_fence_put(m);
		for (int k = 0; k < 4; k++)
			dma_fence_put(in[k]);
	}
	for (t = 0; t < TIMELINES; t++)
		for (s = 0; s < 8; s++) {
			dma_fence_signal(tl[t][s]);
			dma_fence_put(tl[t][s]);
		}
}

/*
 * dma_fence_array_create() and _init() take the 2026 argument list
 * (no signal_on_any: wait for all) and the 7.1 one; the array's fence has
 * its inline lock, in its own lock class.
 */
static void test_array_both_argument_lists(void **state)
{
	struct dma_fence *f[2] = { mock_fence(), mock_fence() };
	struct dma_fence **fences4 = kcalloc(2, sizeof(*fences4), GFP_KERNEL);
	struct dma_fence **fences6 = kcalloc(2, sizeof(*fences6), GFP_KERNEL);
	struct dma_fence_array *a4, *a6;

	assert_non_null(fences4);
	assert_non_null(fences6);
	fences4[0] = dma_fence_get(f[0]);
	fences4[1] = dma_fence_get(f[1]);
	fences6[0] = dma_fence_get(f[0]);
	fences6[1] = dma_fence_get(f[1]);
	a4 = dma_fence_array_create(2, fences4, dma_fence_context_alloc(1), 1);
	assert_non_null(a4);
	a6 = dma_fence_array_alloc(2);
	assert_non_null(a6);
	dma_fence_array_init(a6, 2, fences6, dma_fence_context_alloc(1), 1);
	assert_true(test_bit(DMA_FENCE_FLAG_INLINE_LOCK_BIT, &a4->base.flags));
	assert_ptr_equal(dma_fence_spinlock(&a4->base), &a4->base.inline_lock);

	dma_fence_enable_signaling(&a4->base);
	dma_fence_enable_signaling(&a6->base);
	dma_fence_signal(f[0]);
	irq_work_flush_all();
	assert_false(dma_fence_is_signaled(&a4->base));
	assert_false(dma_fence_is_signaled(&a6->base));
	dma_fence_signal(f[1]);
	assert_int_equal(dma_fence_wait(&a4->base, false), 0);
	assert_int_equal(dma_fence_wait(&a6->base, false), 0);
	/* Containers keep their ops (they have ->release). */
	assert_true(dma_fence_is_array(&a4->base));
	dma_fence_put(&a4->base);
	dma_fence_put(&a6->base);
	dma_fence_put(f[0]);
	dma_fence_put(f[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_array_both_argument_lists),
		dmb_unit_test(test_array_all),
		dmb_unit_test(test_array_any),
		dmb_unit_test(test_array_signaled_without_enable),
		dmb_unit_test(test_array_helpers),
		dmb_unit_test(test_chain_signal_order),
		dmb_unit_test(test_chain_find_seqno_edges),
		dmb_unit_test(test_chain_walk_gc),
		dmb_unit_test(test_chain_release_long),
		dmb_unit_test(test_chain_4096_forward),
		dmb_unit_test(test_chain_4096_backward),
		dmb_unit_test(test_chain_4096_random),
		dmb_unit_test(test_unwrap_iteration),
		dmb_unit_test(test_merge_rules),
		dmb_unit_test(test_dedup),
		dmb_unit_test(test_random_merges),
	};
	int ret = dmb_run_tests(tests);

	irq_work_flush_all();
	rcu_barrier();
	return ret;
}
