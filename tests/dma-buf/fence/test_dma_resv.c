// SPDX-License-Identifier: GPL-2.0
/* dma_resv: locking, reservations, add/replace, iterators, waits. */
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include "dmb_test.h"
#include "fence_util.h"
#include <dmabridge/dma-resv.h>
#include <dmabridge/dma-fence-array.h>
#include <dmabridge/dma-fence-chain.h>
#include <dmabridge/sched.h>
#include <dmabridge/fence-signalling.h>

static void lock_reserve(struct dma_resv *obj, unsigned int n)
{
	assert_int_equal(dma_resv_lock(obj, NULL), 0);
	assert_int_equal(dma_resv_reserve_fences(obj, n), 0);
}

static int count_locked(struct dma_resv *obj, enum dma_resv_usage usage)
{
	struct dma_resv_iter cursor;
	struct dma_fence *f;
	int n = 0;

	dma_resv_for_each_fence(&cursor, obj, usage, f)
		n++;
	return n;
}

static int count_unlocked(struct dma_resv *obj, enum dma_resv_usage usage)
{
	struct dma_resv_iter cursor;
	struct dma_fence *f;
	int n = 0;

	dma_resv_iter_begin(&cursor, obj, usage);
	dma_resv_for_each_fence_unlocked(&cursor, f) {
		if (dma_resv_iter_is_restarted(&cursor))
			n = 0;
		n++;
	}
	dma_resv_iter_end(&cursor);
	return n;
}

static void test_lock_api(void **state)
{
	struct dma_resv a, b;
	struct ww_acquire_ctx ctx;

	dma_resv_init(&a);
	dma_resv_init(&b);
	assert_false(dma_resv_is_locked(&a));
	assert_true(dma_resv_trylock(&a));
	assert_true(dma_resv_is_locked(&a));
	assert_false(dma_resv_trylock(&a));
	dma_resv_assert_held(&a);
	dma_resv_unlock(&a);

	ww_acquire_init(&ctx, &reservation_ww_class);
	assert_int_equal(dma_resv_lock(&a, &ctx), 0);
	assert_int_equal(dma_resv_lock(&a, &ctx), -EALREADY);
	assert_ptr_equal(dma_resv_locking_ctx(&a), &ctx);
	assert_int_equal(dma_resv_lock_interruptible(&b, &ctx), 0);
	dma_resv_unlock(&b);
	dma_resv_unlock(&a);
	ww_acquire_fini(&ctx);

	/* Not held: the assertion reports. */
	if (CONFIG_LOCKDEP) {
		dmb_expect_reports(REPORT_LOCKDEP, 1);
		dma_resv_assert_held(&a);
	}
	dma_resv_fini(&a);
	dma_resv_fini(&b);
}

static void test_usage_order(void **state)
{
	struct dma_resv obj;
	struct dma_fence *f[4];
	int u;

	assert_int_equal(dma_resv_usage_rw(true), DMA_RESV_USAGE_READ);
	assert_int_equal(dma_resv_usage_rw(false), DMA_RESV_USAGE_WRITE);
	assert_true(DMA_RESV_USAGE_KERNEL < DMA_RESV_USAGE_WRITE &&
		    DMA_RESV_USAGE_WRITE < DMA_RESV_USAGE_READ &&
		    DMA_RESV_USAGE_READ < DMA_RESV_USAGE_BOOKKEEP);

	dma_resv_init(&obj);
	lock_reserve(&obj, 4);
	for (u = 0; u < 4; u++) {
		f[u] = mock_fence();
		dma_resv_add_fence(&obj, f[u], u);
	}
	/* A query at U returns every fence of usage <= U. */
	for (u = 0; u < 4; u++) {
		assert_int_equal(count_locked(&obj, u), u + 1);
		assert_int_equal(count_unlocked(&obj, u), u + 1);
	}
	dma_resv_unlock(&obj);
	for (u = 0; u < 4; u++) {
		dma_fence_signal(f[u]);
		dma_fence_put(f[u]);
	}
	/* Unlocked iteration skips signaled fences, locked does not. */
	assert_int_equal(count_unlocked(&obj, DMA_RESV_USAGE_BOOKKEEP), 0);
	assert_true(dma_resv_lock(&obj, NULL) == 0);
	assert_int_equal(count_locked(&obj, DMA_RESV_USAGE_BOOKKEEP), 4);
	dma_resv_unlock(&obj);
	dma_resv_fini(&obj);
}

static void test_add_replaces(void **state)
{
	u64 ctx = dma_fence_context_alloc(2);
	struct dma_fence *r1 = mock_fence_ctx(ctx, 1);
	struct dma_fence *r2 = mock_fence_ctx(ctx, 2);
	struct dma_fence *w3 = mock_fence_ctx(ctx, 3);
	struct dma_fence *k4 = mock_fence_ctx(ctx, 4);
	struct dma_fence *o1 = mock_fence_ctx(ctx + 1, 1);
	struct dma_fence *s = mock_fence();
	struct dma_resv obj;
	struct dma_resv_iter cursor;
	struct dma_fence *f;

	dma_resv_init(&obj);
	lock_reserve(&obj, 8);
	dma_resv_add_fence(&obj, r1, DMA_RESV_USAGE_READ);
	dma_resv_add_fence(&obj, o1, DMA_RESV_USAGE_READ);
	/* Same context, same usage, later: replaces. */
	dma_resv_add_fence(&obj, r2, DMA_RESV_USAGE_READ);
	assert_int_equal(count_locked(&obj, DMA_RESV_USAGE_BOOKKEEP), 2);
	/* Lower usage replaces a higher one of the same context. */
	dma_resv_add_fence(&obj, w3, DMA_RESV_USAGE_WRITE);
	assert_int_equal(count_locked(&obj, DMA_RESV_USAGE_BOOKKEEP), 2);
	assert_int_equal(count_locked(&obj, DMA_RESV_USAGE_WRITE), 1);
	/* Higher usage does not replace a lower one. */
	dma_resv_add_fence(&obj, k4, DMA_RESV_USAGE_BOOKKEEP);
	assert_int_equal(count_locked(&obj, DMA_RESV_USAGE_BOOKKEEP), 3);
	/* A signaled fence's slot is reused by anything. */
	dma_fence_signal(o1);
	dma_resv_add_fence(&obj, s, DMA_RESV_USAGE_KERNEL);
	assert_int_equal(count_locked(&obj, DMA_RESV_USAGE_BOOKKEEP), 3);
	dma_resv_for_each_fence(&cursor, &obj, DMA_RESV_USAGE_BOOKKEEP, f)
		assert_ptr_not_equal(f, o1);
	assert_int_equal(count_locked(&obj, DMA_RESV_USAGE_KERNEL), 1);

	/* replace_fences: every fence of a context becomes the new one. */
	dma_resv_replace_fences(&obj, ctx, s, DMA_RESV_USAGE_BOOKKEEP);
	dma_resv_for_each_fence(&cursor, &obj, DMA_RESV_USAGE_BOOKKEEP, f)
		assert_true(f == s);
	assert_int_equal(count_locked(&obj, DMA_RESV_USAGE_READ), 1);
	dma_resv_unlock(&obj);

	dma_fence_signal(r1);
	dma_fence_signal(r2);
	dma_fence_signal(w3);
	dma_fence_signal(k4);
	dma_fence_signal(s);
	dma_fence_put(r1);
	dma_fence_put(r2);
	dma_fence_put(w3);
	dma_fence_put(k4);
	dma_fence_put(o1);
	dma_fence_put(s);
	dma_resv_fini(&obj);
}

static void test_reserve_rules(void **state)
{
	struct dma_resv obj;
	struct dma_fence *f = mock_fence(), *g = mock_fence();
	struct dma_fence *h = mock_fence();

	dma_resv_init(&obj);
	assert_int_equal(dma_resv_lock(&obj, NULL), 0);
	/* Zero is a caller bug. */
	dmb_expect_reports(REPORT_WARN, 1);
	assert_int_equal(dma_resv_reserve_fences(&obj, 0), -EINVAL);
	assert_int_equal(dma_resv_reserve_fences(&obj, 1), 0);
	dma_resv_add_fence(&obj, f, DMA_RESV_USAGE_WRITE);
	/* Allocation failure. */
	failslab_after(1);
	assert_int_equal(dma_resv_reserve_fences(&obj, 100), -ENOMEM);
	dma_resv_unlock(&obj);

	/*
	 * Reservations do not outlive the locked section (debug builds), so
	 * an add without its own reserve WARNs (and still works).
	 */
	assert_int_equal(dma_resv_lock(&obj, NULL), 0);
	if (CONFIG_LOCKDEP)
		dmb_expect_reports(REPORT_WARN, 1);
	dma_resv_add_fence(&obj, g, DMA_RESV_USAGE_WRITE);
	assert_int_equal(count_locked(&obj, DMA_RESV_USAGE_WRITE), 2);

	/* Containers are refused. */
	{
		struct dma_fence **fs = kcalloc(1, sizeof(*fs), GFP_KERNEL);
		struct dma_fence_array *a;

		fs[0] = dma_fence_get(h);
		a = dma_fence_array_create(1, fs, dma_fence_context_alloc(1),
					   1, false);
		assert_int_equal(dma_resv_reserve_fences(&obj, 1), 0);
		dmb_expect_reports(REPORT_WARN, 1);
		dma_resv_add_fence(&obj, &a->base, DMA_RESV_USAGE_WRITE);
		assert_int_equal(count_locked(&obj, DMA_RESV_USAGE_BOOKKEEP),
				 2);
		dma_fence_put(&a->base);
	}
	dma_resv_unlock(&obj);

	dma_fence_signal(f);
	dma_fence_signal(g);
	dma_fence_signal(h);
	dma_fence_put(f);
	dma_fence_put(g);
	dma_fence_put(h);
	dma_resv_fini(&obj);
}

static void test_reserve_drops_signaled(void **state)
{
	struct dma_resv obj;
	struct dma_fence *f[6];
	int i;

	dma_resv_init(&obj);
	lock_reserve(&obj, 4);
	for (i = 0; i < 4; i++) {
		f[i] = mock_fence();
		dma_resv_add_fence(&obj, f[i], DMA_RESV_USAGE_READ);
	}
	dma_fence_signal(f[0]);
	dma_fence_signal(f[2]);
	/* Growing the list leaves the signaled fences behind. */
	assert_int_equal(dma_resv_reserve_fences(&obj, 2), 0);
	assert_int_equal(count_locked(&obj, DMA_RESV_USAGE_BOOKKEEP), 2);
	f[4] = mock_fence();
	f[5] = mock_fence();
	dma_resv_add_fence(&obj, f[4], DMA_RESV_USAGE_READ);
	dma_resv_add_fence(&obj, f[5], DMA_RESV_USAGE_READ);
	assert_int_equal(count_locked(&obj, DMA_RESV_USAGE_BOOKKEEP), 4);
	dma_resv_unlock(&obj);
	for (i = 0; i < 6; i++) {
		dma_fence_signal(f[i]);
		dma_fence_put(f[i]);
	}
	dma_resv_fini(&obj);
}

static void test_get_fences_singleton(void **state)
{
	struct dma_resv obj;
	struct dma_fence *a = mock_fence(), *b = mock_fence(), **fences, *one;
	unsigned int n;

	dma_resv_init(&obj);
	assert_int_equal(dma_resv_get_fences(&obj, DMA_RESV_USAGE_READ, &n,
					     &fences), 0);
	assert_int_equal(n, 0);
	assert_int_equal(dma_resv_get_singleton(&obj, DMA_RESV_USAGE_READ,
						&one), 0);
	assert_null(one);

	lock_reserve(&obj, 2);
	dma_resv_add_fence(&obj, a, DMA_RESV_USAGE_WRITE);
	dma_resv_unlock(&obj);
	assert_int_equal(dma_resv_get_singleton(&obj, DMA_RESV_USAGE_READ,
						&one), 0);
	assert_ptr_equal(one, a);
	dma_fence_put(one);

	lock_reserve(&obj, 1);
	dma_resv_add_fence(&obj, b, DMA_RESV_USAGE_READ);
	dma_resv_unlock(&obj);
	assert_int_equal(dma_resv_get_fences(&obj, DMA_RESV_USAGE_READ, &n,
					     &fences), 0);
	assert_int_equal(n, 2);
	dma_fence_put(fences[0]);
	dma_fence_put(fences[1]);
	kfree(fences);
	assert_int_equal(dma_resv_get_fences(&obj, DMA_RESV_USAGE_WRITE, &n,
					     &fences), 0);
	assert_int_equal(n, 1);
	assert_ptr_equal(fences[0], a);
	dma_fence_put(fences[0]);
	kfree(fences);

	/* Two fences: one array standing for both. */
	assert_int_equal(dma_resv_get_singleton(&obj, DMA_RESV_USAGE_READ,
						&one), 0);
	assert_true(dma_fence_is_array(one));
	assert_int_equal(to_dma_fence_array(one)->num_fences, 2);
	dma_fence_signal(a);
	assert_false(dma_fence_is_signaled(one));
	dma_fence_signal(b);
	assert_int_equal(dma_fence_wait(one, false), 0);
	dma_fence_put(one);

	failslab_after(1);
	assert_int_equal(dma_resv_get_singleton(&obj, DMA_RESV_USAGE_READ,
						&one), 0); /* all signaled */
	assert_null(one);

	dma_fence_put(a);
	dma_fence_put(b);
	failslab_off();
	dma_resv_fini(&obj);
}

static void test_wait_and_test_signaled(void **state)
{
	struct dma_resv obj;
	struct dma_fence *w = mock_fence(), *r = mock_fence();

	dma_resv_init(&obj);
	assert_true(dma_resv_test_signaled(&obj, DMA_RESV_USAGE_BOOKKEEP));
	assert_int_equal(dma_resv_wait_timeout(&obj, DMA_RESV_USAGE_BOOKKEEP,
					       false, 0), 1);
	assert_int_equal(dma_resv_wait_timeout(&obj, DMA_RESV_USAGE_BOOKKEEP,
					       false, 50), 50);
	lock_reserve(&obj, 2);
	dma_resv_add_fence(&obj, w, DMA_RESV_USAGE_WRITE);
	dma_resv_add_fence(&obj, r, DMA_RESV_USAGE_READ);
	dma_resv_unlock(&obj);

	assert_false(dma_resv_test_signaled(&obj, DMA_RESV_USAGE_WRITE));
	assert_int_equal(dma_resv_wait_timeout(&obj, DMA_RESV_USAGE_WRITE,
					       false, 0), 0);
	assert_int_equal(dma_resv_wait_timeout(&obj, DMA_RESV_USAGE_WRITE,
					       true, 2), 0);
	dma_fence_signal(w);
	assert_true(dma_resv_test_signaled(&obj, DMA_RESV_USAGE_WRITE));
	assert_false(dma_resv_test_signaled(&obj, DMA_RESV_USAGE_READ));
	assert_int_equal(dma_resv_wait_timeout(&obj, DMA_RESV_USAGE_WRITE,
					       false, 0), 1);
	assert_int_equal(dma_resv_wait_timeout(&obj, DMA_RESV_USAGE_READ,
					       false, 1), 0);
	dma_fence_signal(r);
	assert_true(dma_resv_wait_timeout(&obj, DMA_RESV_USAGE_BOOKKEEP,
					  false, MAX_SCHEDULE_TIMEOUT) > 0);
	dma_resv_set_deadline(&obj, DMA_RESV_USAGE_BOOKKEEP, 5);
	dma_fence_put(w);
	dma_fence_put(r);
	dma_resv_fini(&obj);
}

static void test_copy_and_describe(void **state)
{
	struct dma_resv src, dst;
	struct dma_fence *a = mock_fence_ctx(dma_fence_context_alloc(1), 5);
	struct dma_fence *b = mock_fence_ctx(dma_fence_context_alloc(1), 6);
	char *buf = NULL;
	size_t len = 0;
	FILE *m;

	dma_resv_init(&src);
	dma_resv_init(&dst);
	lock_reserve(&src, 2);
	dma_resv_add_fence(&src, a, DMA_RESV_USAGE_KERNEL);
	dma_resv_add_fence(&src, b, DMA_RESV_USAGE_BOOKKEEP);
	dma_resv_unlock(&src);

	assert_int_equal(dma_resv_lock(&dst, NULL), 0);
	assert_int_equal(dma_resv_copy_fences(&dst, &src), 0);
	assert_int_equal(count_locked(&dst, DMA_RESV_USAGE_KERNEL), 1);
	assert_int_equal(count_locked(&dst, DMA_RESV_USAGE_BOOKKEEP), 2);
	m = open_memstream(&buf, &len);
	dma_resv_describe(&dst, m);
	fclose(m);
	assert_non_null(strstr(buf, "\tkernel fence:mock mock seq 5 unsignalled"));
	assert_non_null(strstr(buf, "\tbookkeep fence:mock mock seq 6 unsignalled"));
	free(buf);
	dma_resv_unlock(&dst);

	dma_fence_signal(a);
	dma_fence_signal(b);
	dma_fence_put(a);
	dma_fence_put(b);
	dma_resv_fini(&src);
	dma_resv_fini(&dst);
}

/* Wait-Die between two threads: the younger backs off and retries. */
struct wd_ctx {
	struct dma_resv a, b;
	int stage;
	int deadlk;
};

static void wd_wait_stage(struct wd_ctx *c, int stage)
{
	while (__atomic_load_n(&c->stage, __ATOMIC_ACQUIRE) < stage)
		sched_yield();
}

static void wd_thread(int idx, void *p)
{
	struct wd_ctx *c = p;
	struct ww_acquire_ctx ctx;
	int ret;

	if (idx == 0) {
		/* The older context: holds a, then wants b. */
		ww_acquire_init(&ctx, &reservation_ww_class);
		assert_int_equal(dma_resv_lock(&c->a, &ctx), 0);
		__atomic_store_n(&c->stage, 1, __ATOMIC_RELEASE);
		wd_wait_stage(c, 2);
		assert_int_equal(dma_resv_lock(&c->b, &ctx), 0);
		dma_resv_unlock(&c->b);
		dma_resv_unlock(&c->a);
		ww_acquire_fini(&ctx);
		return;
	}
	wd_wait_stage(c, 1);
	ww_acquire_init(&ctx, &reservation_ww_class);
	assert_int_equal(dma_resv_lock(&c->b, &ctx), 0);
	/* Younger meets a lock held by an older context: it dies. */
	ret = dma_resv_lock(&c->a, &ctx);
	assert_int_equal(ret, -EDEADLK);
	c->deadlk = 1;
	dma_resv_unlock(&c->b);
	__atomic_store_n(&c->stage, 2, __ATOMIC_RELEASE);
	dma_resv_lock_slow(&c->a, &ctx);
	assert_int_equal(dma_resv_lock(&c->b, &ctx), 0);
	ww_acquire_done(&ctx);
	dma_resv_unlock(&c->b);
	dma_resv_unlock(&c->a);
	ww_acquire_fini(&ctx);
}

static void test_wait_die(void **state)
{
	struct wd_ctx c = { 0 };

	dma_resv_init(&c.a);
	dma_resv_init(&c.b);
	dmb_run_threads(2, wd_thread, &c);
	assert_int_equal(c.deadlk, 1);
	dma_resv_fini(&c.a);
	dma_resv_fini(&c.b);
}

/* Taking a resv lock from fence completion is reported. */
static void test_resv_lock_in_signalling(void **state)
{
	struct dma_resv obj;
	bool cookie;

	if (!CONFIG_LOCKDEP)
		skip();
	dma_resv_lockdep();
	dma_resv_init(&obj);
	dmb_allow_reports(REPORT_SIGNALLING);
	cookie = dma_fence_begin_signalling();
	assert_int_equal(dma_resv_lock(&obj, NULL), 0);
	dma_resv_unlock(&obj);
	dma_fence_end_signalling(cookie);
	assert_true(dmb_reports(REPORT_SIGNALLING) >= 1);
	dma_resv_fini(&obj);
}

/* Unlocked readers while a writer adds, replaces and grows the list. */
struct iter_race {
	struct dma_resv obj;
	u64 ctx;
	int stop;
	long restarts;
	long seen;
};

static void iter_race_thread(int idx, void *p)
{
	struct iter_race *r = p;
	int i;

	if (idx == 0) {
		for (i = 0; i < STRESS(20000); i++) {
			struct dma_fence *f;
			int c = rand_r((unsigned int[]){ i }) % 8;

			f = mock_fence_ctx(r->ctx + c, i + 1);
			assert_int_equal(dma_resv_lock(&r->obj, NULL), 0);
			assert_int_equal(dma_resv_reserve_fences(&r->obj, 1),
					 0);
			if (i % 3 == 0)
				dma_resv_replace_fences(&r->obj, r->ctx + c, f,
							DMA_RESV_USAGE_READ);
			else
				dma_resv_add_fence(&r->obj, f, i % 4);
			dma_resv_unlock(&r->obj);
			if (i % 2)
				dma_fence_signal(f);
			dma_fence_put(f);
		}
		__atomic_store_n(&r->stop, 1, __ATOMIC_RELEASE);
		return;
	}
	while (!__atomic_load_n(&r->stop, __ATOMIC_ACQUIRE)) {
		struct dma_resv_iter cursor;
		struct dma_fence *f;
		long n = 0;

		dma_resv_iter_begin(&cursor, &r->obj, DMA_RESV_USAGE_BOOKKEEP);
		dma_resv_for_each_fence_unlocked(&cursor, f) {
			if (dma_resv_iter_is_restarted(&cursor)) {
				if (n)
					__atomic_add_fetch(&r->restarts, 1,
							   __ATOMIC_RELAXED);
				n = 0;
			}
			/* A live reference to a real fence of ours. */
			assert_true(kref_read(&f->refcount) >= 1);
			assert_true(f->context >= r->ctx &&
				    f->context < r->ctx + 8);
			assert_true(dma_resv_iter_usage(&cursor) <=
				    DMA_RESV_USAGE_BOOKKEEP);
			n++;
		}
		dma_resv_iter_end(&cursor);
		__atomic_add_fetch(&r->seen, n, __ATOMIC_RELAXED);
	}
}

static void test_race_unlocked_iteration(void **state)
{
	struct iter_race *r = calloc(1, sizeof(*r));
	struct dma_fence *f;
	struct dma_resv_iter cursor;

	dma_resv_init(&r->obj);
	r->ctx = dma_fence_context_alloc(8);
	dmb_run_threads(3, iter_race_thread, r);
	print_message("# unlocked iteration: %ld fences seen, %ld restarts\n",
		      r->seen, r->restarts);
	assert_int_equal(dma_resv_lock(&r->obj, NULL), 0);
	dma_resv_for_each_fence(&cursor, &r->obj, DMA_RESV_USAGE_BOOKKEEP, f)
		dma_fence_signal(f);
	dma_resv_unlock(&r->obj);
	dma_resv_fini(&r->obj);
	free(r);
}

/* The restart is reported to the caller. */
static void test_unlocked_restart_flag(void **state)
{
	struct dma_resv obj;
	struct dma_resv_iter cursor;
	struct dma_fence *f, *a = mock_fence(), *b = mock_fence();
	struct dma_fence *c = mock_fence();
	int step = 0, restarts = 0;

	dma_resv_init(&obj);
	lock_reserve(&obj, 2);
	dma_resv_add_fence(&obj, a, DMA_RESV_USAGE_READ);
	dma_resv_add_fence(&obj, b, DMA_RESV_USAGE_READ);
	dma_resv_unlock(&obj);

	dma_resv_iter_begin(&cursor, &obj, DMA_RESV_USAGE_BOOKKEEP);
	dma_resv_for_each_fence_unlocked(&cursor, f) {
		if (dma_resv_iter_is_restarted(&cursor))
			restarts++;
		if (step++ == 0) {
			/* Grow the list under the iterator: a new list. */
			lock_reserve(&obj, 8);
			dma_resv_add_fence(&obj, c, DMA_RESV_USAGE_READ);
			dma_resv_unlock(&obj);
		}
	}
	dma_resv_iter_end(&cursor);
	assert_int_equal(restarts, 2);
	assert_int_equal(step, 1 + 3);

	dma_fence_signal(a);
	dma_fence_signal(b);
	dma_fence_signal(c);
	dma_fence_put(a);
	dma_fence_put(b);
	dma_fence_put(c);
	dma_resv_fini(&obj);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_lock_api),
		dmb_unit_test(test_wait_die),
		dmb_unit_test(test_usage_order),
		dmb_unit_test(test_add_replaces),
		dmb_unit_test(test_reserve_rules),
		dmb_unit_test(test_reserve_drops_signaled),
		dmb_unit_test(test_get_fences_singleton),
		dmb_unit_test(test_wait_and_test_signaled),
		dmb_unit_test(test_copy_and_describe),
		dmb_unit_test(test_resv_lock_in_signalling),
		dmb_unit_test(test_unlocked_restart_flag),
		dmb_unit_test(test_race_unlocked_iteration),
	};
	int ret = dmb_run_tests(tests);

	irq_work_flush_all();
	rcu_barrier();
	return ret;
}
