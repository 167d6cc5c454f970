// SPDX-License-Identifier: GPL-2.0
/* dma_fence core: signalling, callbacks, waits, stubs, ordering, races. */
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include "dmb_test.h"
#include "fence_util.h"
#include <dmabridge/sched.h>
#include <dmabridge/fence-signalling.h>

struct cb_counter {
	struct dma_fence_cb cb;
	int calls;
	int error_seen;
	struct dma_fence *fence_seen;
	bool lock_was_held;
};

static void count_cb(struct dma_fence *f, struct dma_fence_cb *cb)
{
	struct cb_counter *c = container_of(cb, struct cb_counter, cb);

	c->calls++;
	c->error_seen = f->error;
	c->fence_seen = f;
	/* The fence lock is held: a trylock from here must fail. */
	c->lock_was_held = !spin_trylock(f->lock);
	if (!c->lock_was_held)
		spin_unlock(f->lock);
}

static void test_context_alloc(void **state)
{
	u64 a = dma_fence_context_alloc(1);
	u64 b = dma_fence_context_alloc(3);
	u64 c = dma_fence_context_alloc(1);

	assert_true(a > 0);
	assert_int_equal(b, a + 1);
	assert_int_equal(c, b + 3);
}

static void test_signal_once(void **state)
{
	struct dma_fence *f = mock_fence();

	assert_false(dma_fence_is_signaled(f));
	assert_int_equal(dma_fence_get_status(f), 0);
	assert_false(dma_fence_check_and_signal(f));
	assert_true(dma_fence_is_signaled(f));
	assert_int_equal(dma_fence_get_status(f), 1);
	assert_true(dma_fence_check_and_signal(f));
	dma_fence_signal(NULL);
	spin_lock(f->lock);
	assert_true(dma_fence_check_and_signal_locked(f));
	spin_unlock(f->lock);
	dma_fence_put(f);
}

static void test_signal_locked_and_timestamp(void **state)
{
	struct dma_fence *f = mock_fence(), *g = mock_fence();
	ktime_t before = ktime_get();

	spin_lock(f->lock);
	assert_false(dma_fence_check_and_signal_locked(f));
	spin_unlock(f->lock);
	assert_true(test_bit(DMA_FENCE_FLAG_TIMESTAMP_BIT, &f->flags));
	assert_true(dma_fence_timestamp(f) >= before);
	assert_true(dma_fence_timestamp(f) <= ktime_get());

	dma_fence_signal_timestamp(g, 12345);
	assert_int_equal(dma_fence_timestamp(g), 12345);
	/* A second signal changes nothing. */
	dma_fence_signal_timestamp(g, 1);
	assert_int_equal(dma_fence_timestamp(g), 12345);
	spin_lock(g->lock);
	dma_fence_signal_timestamp_locked(g, 7);
	spin_unlock(g->lock);
	assert_int_equal(dma_fence_timestamp(g), 12345);
	dma_fence_put(f);
	dma_fence_put(g);
}

static void test_timestamp_unsignaled_warns(void **state)
{
	struct dma_fence *f = mock_fence();

	dmb_expect_reports(REPORT_WARN, 1);
	assert_true(dma_fence_timestamp(f) > 0);
	assert_false(test_bit(DMA_FENCE_FLAG_TIMESTAMP_BIT, &f->flags));
	dma_fence_signal(f);
	dma_fence_put(f);
}

static void test_set_error(void **state)
{
	struct dma_fence *f = mock_fence(), *g = mock_fence();

	dma_fence_set_error(f, -EIO);
	assert_int_equal(dma_fence_get_status(f), 0);
	dma_fence_signal(f);
	assert_int_equal(dma_fence_get_status(f), -EIO);

	/* After signalling, and a non-negative error: both WARN. */
	dmb_expect_reports(REPORT_WARN, 2);
	dma_fence_set_error(f, -EINVAL);
	dma_fence_set_error(g, 5);
	dma_fence_signal(g);
	dma_fence_put(f);
	dma_fence_put(g);
}

static void test_add_callback(void **state)
{
	struct dma_fence *f = mock_fence();
	struct cb_counter a = { 0 }, b = { 0 }, late = { 0 };

	assert_int_equal(dma_fence_add_callback(f, &a.cb, count_cb), 0);
	assert_int_equal(dma_fence_add_callback(f, &b.cb, count_cb), 0);
	assert_true(dma_fence_remove_callback(f, &b.cb));
	assert_false(dma_fence_remove_callback(f, &b.cb));
	assert_int_equal(a.calls, 0);

	dma_fence_set_error(f, -ETIMEDOUT);
	dma_fence_signal(f);
	assert_int_equal(a.calls, 1);
	assert_ptr_equal(a.fence_seen, f);
	assert_int_equal(a.error_seen, -ETIMEDOUT);
	assert_true(a.lock_was_held);
	assert_int_equal(b.calls, 0);
	assert_false(dma_fence_remove_callback(f, &a.cb));

	/* Signaled: -ENOENT and the callback is never called. */
	assert_int_equal(dma_fence_add_callback(f, &late.cb, count_cb),
			 -ENOENT);
	assert_true(list_empty(&late.cb.node));
	dma_fence_signal(f);
	assert_int_equal(late.calls, 0);
	assert_int_equal(a.calls, 1);

	dmb_expect_reports(REPORT_WARN, 1);
	assert_int_equal(dma_fence_add_callback(f, &late.cb, NULL), -EINVAL);
	dma_fence_put(f);
}

/* ops with enable_signaling / signaled / wait / deadline hooks. */
struct hook_fence {
	struct dma_fence base;
	spinlock_t lock;
	int enable_calls;
	bool enable_ret;
	bool hw_done;
	int wait_calls;
	ktime_t deadline;
	int deadline_calls;
};

static bool hook_enable(struct dma_fence *f)
{
	struct hook_fence *h = container_of(f, struct hook_fence, base);

	lockdep_assert_held(f->lock);
	h->enable_calls++;
	return h->enable_ret;
}

static bool hook_signaled(struct dma_fence *f)
{
	return READ_ONCE(container_of(f, struct hook_fence, base)->hw_done);
}

static signed long hook_wait(struct dma_fence *f, bool intr, signed long t)
{
	container_of(f, struct hook_fence, base)->wait_calls++;
	return 42;
}

static void hook_deadline(struct dma_fence *f, ktime_t d)
{
	struct hook_fence *h = container_of(f, struct hook_fence, base);

	h->deadline = d;
	h->deadline_calls++;
}

static const struct dma_fence_ops hook_ops = {
	.get_driver_name = mock_name,
	.get_timeline_name = mock_name,
	.enable_signaling = hook_enable,
	.signaled = hook_signaled,
	.set_deadline = hook_deadline,
};

static const struct dma_fence_ops hook_wait_ops = {
	.get_driver_name = mock_name,
	.get_timeline_name = mock_name,
	.wait = hook_wait,
};

static struct hook_fence *hook_fence(const struct dma_fence_ops *ops)
{
	struct hook_fence *h = kzalloc(sizeof(*h), GFP_KERNEL);

	assert_non_null(h);
	spin_lock_init(&h->lock);
	dma_fence_init(&h->base, ops, &h->lock, dma_fence_context_alloc(1), 1);
	h->enable_ret = true;
	return h;
}

static void test_enable_signaling_once(void **state)
{
	struct hook_fence *h = hook_fence(&hook_ops);
	struct cb_counter a = { 0 }, b = { 0 };

	assert_int_equal(dma_fence_add_callback(&h->base, &a.cb, count_cb), 0);
	assert_int_equal(dma_fence_add_callback(&h->base, &b.cb, count_cb), 0);
	dma_fence_enable_sw_signaling(&h->base);
	assert_int_equal(h->enable_calls, 1);
	assert_true(test_bit(DMA_FENCE_FLAG_ENABLE_SIGNAL_BIT,
			     &h->base.flags));
	dma_fence_signal(&h->base);
	assert_int_equal(a.calls + b.calls, 2);
	dma_fence_put(&h->base);

	/* enable_signaling saying "already done" signals at once. */
	h = hook_fence(&hook_ops);
	h->enable_ret = false;
	assert_int_equal(dma_fence_add_callback(&h->base, &a.cb, count_cb),
			 -ENOENT);
	assert_true(dma_fence_is_signaled(&h->base));
	assert_int_equal(h->enable_calls, 1);
	dma_fence_put(&h->base);
}

static void test_ops_signaled(void **state)
{
	struct hook_fence *h = hook_fence(&hook_ops);
	struct cb_counter a = { 0 };

	assert_int_equal(dma_fence_add_callback(&h->base, &a.cb, count_cb), 0);
	assert_false(dma_fence_is_signaled(&h->base));
	WRITE_ONCE(h->hw_done, true);
	/* Peeking finds it done and signals it, callbacks included. */
	assert_true(dma_fence_is_signaled(&h->base));
	assert_true(dma_fence_test_signaled_flag(&h->base));
	assert_int_equal(a.calls, 1);
	assert_true(dma_fence_check_and_signal(&h->base));
	dma_fence_put(&h->base);
}

static void test_wait_timeout_rules(void **state)
{
	struct dma_fence *f = mock_fence();

	assert_int_equal(dma_fence_wait_timeout(f, false, 0), 0);
	assert_int_equal(dma_fence_wait_timeout(f, true, 0), 0);
	assert_int_equal(dma_fence_wait_timeout(f, false, 5), 0);
	dmb_expect_reports(REPORT_WARN, 1);
	assert_int_equal(dma_fence_wait_timeout(f, false, -1), -EINVAL);

	dma_fence_signal(f);
	assert_int_equal(dma_fence_wait_timeout(f, false, 0), 1);
	assert_int_equal(dma_fence_wait_timeout(f, false, 100), 100);
	assert_int_equal(dma_fence_wait_timeout(f, true, MAX_SCHEDULE_TIMEOUT),
			 MAX_SCHEDULE_TIMEOUT);
	assert_int_equal(dma_fence_wait(f, true), 0);
	dma_fence_put(f);
}

static void test_ops_wait_used(void **state)
{
	struct hook_fence *h = hook_fence(&hook_wait_ops);

	assert_int_equal(dma_fence_wait_timeout(&h->base, false, 7), 42);
	assert_int_equal(h->wait_calls, 1);
	dma_fence_signal(&h->base);
	dma_fence_put(&h->base);
}

struct waiter_arg {
	struct dma_fence *fence;
	bool intr;
	long timeout;
	long ret;
	int started;
};

static int waiter_fn(void *p)
{
	struct waiter_arg *w = p;

	__atomic_store_n(&w->started, 1, __ATOMIC_RELEASE);
	w->ret = dma_fence_wait_timeout(w->fence, w->intr, w->timeout);
	return 0;
}

/* Until a waiter sits on the fence's callback list. */
static void wait_for_waiter(struct dma_fence *f)
{
	bool empty;

	do {
		sched_yield();
		spin_lock(f->lock);
		empty = list_empty(&f->cb_list);
		spin_unlock(f->lock);
	} while (empty);
}

static void test_wait_wakes(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	struct waiter_arg w = { .intr = false, .timeout = 100000 };
	struct task_struct *t;

	w.fence = mock_fence();
	t = kthread_run(plat, waiter_fn, &w, "waiter");
	assert_false(IS_ERR(t));
	wait_for_waiter(w.fence);
	dma_fence_signal(w.fence);
	kthread_stop(t);
	assert_true(w.ret >= 1 && w.ret <= 100000);
	dma_fence_put(w.fence);
	dmb_kernel_platform_free(plat);
}

static void test_wait_interruptible(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	struct waiter_arg w = { .intr = true, .timeout = MAX_SCHEDULE_TIMEOUT };
	struct task_struct *t;

	w.fence = mock_fence();
	t = kthread_run(plat, waiter_fn, &w, "waiter");
	assert_false(IS_ERR(t));
	wait_for_waiter(w.fence);
	send_sig(SIGUSR1, t);
	kthread_stop(t);
	assert_int_equal(w.ret, -ERESTARTSYS);
	assert_false(dma_fence_is_signaled(w.fence));

	/* A pending signal stops an interruptible wait at once... */
	send_sig(SIGUSR1, current);
	assert_int_equal(dma_fence_wait(w.fence, true), -ERESTARTSYS);
	/* ...but not an uninterruptible one, nor a signaled fence. */
	assert_int_equal(dma_fence_wait_timeout(w.fence, false, 2), 0);
	dma_fence_signal(w.fence);
	assert_int_equal(dma_fence_wait(w.fence, true), 0);
	flush_signals(current);
	dma_fence_put(w.fence);
	dmb_kernel_platform_free(plat);
}

static void test_release_with_callbacks(void **state)
{
	struct dma_fence *f = mock_fence();
	struct cb_counter a = { 0 };

	assert_int_equal(dma_fence_add_callback(f, &a.cb, count_cb), 0);
	dmb_expect_reports(REPORT_WARN, 1);
	dma_fence_put(f);
	assert_int_equal(a.calls, 1);
	assert_int_equal(a.error_seen, -EDEADLK);
}

static void test_stub(void **state)
{
	struct dma_fence *s1 = dma_fence_get_stub();
	struct dma_fence *s2 = dma_fence_get_stub();
	struct dma_fence *p1, *p2;

	assert_ptr_equal(s1, s2);
	assert_true(dma_fence_is_signaled(s1));
	assert_int_equal(s1->context, 0);
	assert_int_equal(dma_fence_get_status(s1), 1);
	dma_fence_put(s1);
	dma_fence_put(s2);

	p1 = dma_fence_allocate_private_stub(777);
	p2 = dma_fence_allocate_private_stub(888);
	assert_non_null(p1);
	assert_true(dma_fence_is_signaled(p1));
	assert_int_equal(dma_fence_timestamp(p1), 777);
	assert_int_equal(dma_fence_timestamp(p2), 888);
	assert_int_not_equal(p1->context, p2->context);
	dma_fence_put(p1);
	dma_fence_put(p2);

	failslab_after(1);
	assert_null(dma_fence_allocate_private_stub(1));
}

static void test_is_later(void **state)
{
	u64 ctx = dma_fence_context_alloc(1);
	struct dma_fence *a = mock_fence_ctx(ctx, 1);
	struct dma_fence *b = mock_fence_ctx(ctx, 2);
	struct dma_fence *w1 = mock_fence_ctx(ctx, 0xffffffffull);
	struct dma_fence *other = mock_fence_ctx(ctx + 1000, 5);
	struct mock_fence *m64 = kzalloc(sizeof(*m64), GFP_KERNEL);

	assert_true(dma_fence_is_later(b, a));
	assert_false(dma_fence_is_later(a, b));
	assert_false(dma_fence_is_later(a, a));
	assert_true(dma_fence_is_later_or_same(a, a));
	/* 32-bit seqnos wrap: 1 comes after 0xffffffff. */
	assert_true(dma_fence_is_later(a, w1));
	assert_false(dma_fence_is_later(w1, a));

	/* 64-bit seqnos do not. */
	spin_lock_init(&m64->lock);
	dma_fence_init64(&m64->base, &mock_fence_ops, &m64->lock, ctx,
			 0xffffffffull);
	assert_true(__dma_fence_is_later(&m64->base, 0xffffffffull, 1));
	assert_false(__dma_fence_is_later(&m64->base, 1, 0xffffffffull));
	assert_true(__dma_fence_is_later(&m64->base, 1ull << 40, 5));

	assert_ptr_equal(dma_fence_later(a, b), b);
	dma_fence_signal(b);
	assert_null(dma_fence_later(a, b));

	dmb_expect_reports(REPORT_WARN, 2);
	assert_false(dma_fence_is_later(a, other));
	assert_null(dma_fence_later(a, other));

	dma_fence_put(a);
	dma_fence_put(b);
	dma_fence_put(w1);
	dma_fence_put(other);
	dma_fence_put(&m64->base);
}

static void test_deadline(void **state)
{
	struct hook_fence *h = hook_fence(&hook_ops);
	struct dma_fence *plain = mock_fence();

	dma_fence_set_deadline(&h->base, 1000);
	assert_int_equal(h->deadline_calls, 1);
	assert_int_equal(h->deadline, 1000);
	dma_fence_signal(&h->base);
	dma_fence_set_deadline(&h->base, 5);
	assert_int_equal(h->deadline_calls, 1);
	/* No hook: a no-op. */
	dma_fence_set_deadline(plain, 5);
	dma_fence_put(&h->base);
	dma_fence_put(plain);
}

struct signal_later_arg {
	struct dma_fence *fence;
};

static void signal_second(int idx, void *p)
{
	struct signal_later_arg *a = p;

	if (idx == 0) {
		wait_for_waiter(a->fence);
		dma_fence_signal(a->fence);
	}
}

static void *wait_any_thread(void *p)
{
	struct signal_later_arg *a = p;

	signal_second(0, a);
	return NULL;
}

static void test_wait_any(void **state)
{
	struct dma_fence *f[3] = { mock_fence(), mock_fence(), mock_fence() };
	struct signal_later_arg a = { f[1] };
	pthread_t t;
	u32 idx = 99;

	assert_int_equal(dma_fence_wait_any_timeout(f, 3, false, 0, &idx), 0);
	assert_int_equal(dma_fence_wait_any_timeout(f, 3, false, 3, &idx), 0);

	assert_int_equal(pthread_create(&t, NULL, wait_any_thread, &a), 0);
	assert_true(dma_fence_wait_any_timeout(f, 3, false,
					       MAX_SCHEDULE_TIMEOUT, &idx) > 0);
	pthread_join(t, NULL);
	assert_int_equal(idx, 1);
	/* Every waiter callback is gone again. */
	assert_true(list_empty(&f[0]->cb_list));
	assert_true(list_empty(&f[2]->cb_list));

	dma_fence_signal(f[2]);
	assert_int_equal(dma_fence_wait_any_timeout(&f[2], 1, true, 0, &idx),
			 1);
	assert_int_equal(idx, 0);

	dmb_expect_reports(REPORT_WARN, 2);
	assert_int_equal(dma_fence_wait_any_timeout(f, 0, false, 1, NULL),
			 -EINVAL);
	assert_int_equal(dma_fence_wait_any_timeout(f, 3, false, -1, NULL),
			 -EINVAL);
	dma_fence_signal(f[0]);
	dma_fence_put(f[0]);
	dma_fence_put(f[1]);
	dma_fence_put(f[2]);
}

static void test_describe(void **state)
{
	struct dma_fence *f = mock_fence_ctx(dma_fence_context_alloc(1), 17);
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	dma_fence_describe(f, m);
	dma_fence_signal(f);
	dma_fence_describe(f, m);
	fclose(m);
	assert_non_null(strstr(buf, "mock mock seq 17 unsignalled\n"));
	/* Signaled, the fence has let go of its ops (Linux 7.x). */
	assert_non_null(strstr(buf,
			       "detached-driver signaled-timeline seq 17 signalled\n"));
	free(buf);
	dma_fence_put(f);
}

/* Waiting from a fence callback (a signalling section) is reported. */
static void wait_in_cb(struct dma_fence *f, struct dma_fence_cb *cb)
{
	struct dma_fence *other = container_of(cb, struct cb_counter, cb)
					  ->fence_seen;

	dma_fence_wait_timeout(other, false, 0);
}

static void test_wait_in_signalling_section(void **state)
{
	/* The stub: a lock class of its own, so only the wait is wrong. */
	struct dma_fence *f = mock_fence(), *other = dma_fence_get_stub();
	struct cb_counter c = { .fence_seen = other };

	assert_int_equal(dma_fence_add_callback(f, &c.cb, wait_in_cb), 0);
	if (CONFIG_LOCKDEP)
		dmb_expect_reports(REPORT_SIGNALLING, 1);
	dma_fence_signal(f);
	dma_fence_put(f);
	dma_fence_put(other);
}

/* Race: signal vs add_callback. A successful add means a call. */
#define RACE_N STRESS(20000)

struct race_ctx {
	struct dma_fence **fences;
	struct cb_counter *cbs;
	int *ret;
	int arrived[2];
};

/* Both threads reach step @i before either goes on: real overlap. */
static void race_step(struct race_ctx *r, int idx, int i)
{
	__atomic_store_n(&r->arrived[idx], i + 1, __ATOMIC_RELEASE);
	while (__atomic_load_n(&r->arrived[!idx], __ATOMIC_ACQUIRE) < i + 1)
		sched_yield();
}

static void atomic_count_cb(struct dma_fence *f, struct dma_fence_cb *cb)
{
	struct cb_counter *c = container_of(cb, struct cb_counter, cb);

	__atomic_add_fetch(&c->calls, 1, __ATOMIC_RELAXED);
}

static void race_signal_add(int idx, void *p)
{
	struct race_ctx *r = p;
	int i;

	for (i = 0; i < RACE_N; i++) {
		if (i % 16 == 0)
			race_step(r, idx, i);
		if (idx == 0)
			dma_fence_signal(r->fences[i]);
		else
			r->ret[i] = dma_fence_add_callback(r->fences[i],
							   &r->cbs[i].cb,
							   atomic_count_cb);
	}
}

static void test_race_signal_vs_add_callback(void **state)
{
	struct race_ctx r;
	int i, added = 0;

	r.fences = calloc(RACE_N, sizeof(*r.fences));
	r.cbs = calloc(RACE_N, sizeof(*r.cbs));
	r.ret = calloc(RACE_N, sizeof(*r.ret));
	r.arrived[0] = r.arrived[1] = 0;
	for (i = 0; i < RACE_N; i++)
		r.fences[i] = mock_fence();

	dmb_run_threads(2, race_signal_add, &r);

	for (i = 0; i < RACE_N; i++) {
		assert_true(dma_fence_is_signaled(r.fences[i]));
		if (r.ret[i] == 0) {
			assert_int_equal(r.cbs[i].calls, 1);
			added++;
		} else {
			assert_int_equal(r.ret[i], -ENOENT);
			assert_int_equal(r.cbs[i].calls, 0);
		}
		dma_fence_put(r.fences[i]);
	}
	print_message("# signal vs add_callback: %d of %d added first\n",
		      added, RACE_N);
	free(r.fences);
	free(r.cbs);
	free(r.ret);
}

/* Many waiters on one fence; every one wakes. */
struct many_ctx {
	struct dma_fence *fence;
	int woke;
};

static void many_waiters(int idx, void *p)
{
	struct many_ctx *m = p;

	if (idx == 0) {
		wait_for_waiter(m->fence);
		dma_fence_signal(m->fence);
		return;
	}
	if (dma_fence_wait(m->fence, false) == 0)
		__atomic_add_fetch(&m->woke, 1, __ATOMIC_RELAXED);
}

static void test_race_many_waiters(void **state)
{
	int round;

	for (round = 0; round < STRESS(50); round++) {
		struct many_ctx m = { .fence = mock_fence() };

		dmb_run_threads(5, many_waiters, &m);
		assert_int_equal(m.woke, 4);
		assert_true(list_empty(&m.fence->cb_list));
		dma_fence_put(m.fence);
	}
}

/*
 * Linux 7.0 inline lock: a NULL lock gives the fence its own, which
 * dma_fence_spinlock() and the lock helpers use and callbacks run under.
 * Guards: the NULL-lock branch of __dma_fence_init().
 */
static void test_inline_lock(void **state)
{
	struct dma_fence *f = kzalloc(sizeof(*f), GFP_KERNEL);
	struct dma_fence *ext = mock_fence();
	struct cb_counter a = { 0 };
	unsigned long flags;

	assert_non_null(f);
	dma_fence_init(f, &mock_fence_ops, NULL, dma_fence_context_alloc(1), 1);
	assert_true(test_bit(DMA_FENCE_FLAG_INLINE_LOCK_BIT, &f->flags));
	assert_ptr_equal(dma_fence_spinlock(f), &f->inline_lock);
	/* The dmabridge alias stays usable by code written for 6.x. */
	assert_ptr_equal(f->lock, &f->inline_lock);

	/* An external lock is used as given. */
	assert_false(test_bit(DMA_FENCE_FLAG_INLINE_LOCK_BIT, &ext->flags));
	assert_ptr_equal(dma_fence_spinlock(ext),
			 &container_of(ext, struct mock_fence, base)->lock);

	dma_fence_lock_irqsave(f, flags);
	dma_fence_assert_held(f);
	assert_false(spin_trylock(&f->inline_lock));
	dma_fence_unlock_irqrestore(f, flags);

	assert_int_equal(dma_fence_add_callback(f, &a.cb, count_cb), 0);
	dma_fence_signal(f);
	assert_int_equal(a.calls, 1);
	assert_true(a.lock_was_held);
	dma_fence_put(f);
	dma_fence_put(ext);
}

/*
 * dma_fence_check_and_signal() tells the first caller it did the work and
 * every later one that it was already done.
 */
static void test_check_and_signal(void **state)
{
	struct dma_fence *f = mock_fence();
	struct cb_counter a = { 0 };
	unsigned long flags;

	assert_int_equal(dma_fence_add_callback(f, &a.cb, count_cb), 0);
	assert_false(dma_fence_check_and_signal(f));
	assert_int_equal(a.calls, 1);
	assert_true(dma_fence_check_and_signal(f));
	dma_fence_signal(f);
	assert_int_equal(a.calls, 1);
	dma_fence_lock_irqsave(f, flags);
	assert_true(dma_fence_check_and_signal_locked(f));
	dma_fence_unlock_irqrestore(f, flags);
	dma_fence_put(f);
}

struct cas_race {
	struct dma_fence *fence;
	int firsts;
};

static void cas_racer(int idx, void *arg)
{
	struct cas_race *r = arg;

	if (!dma_fence_check_and_signal(r->fence))
		__atomic_add_fetch(&r->firsts, 1, __ATOMIC_RELAXED);
}

/*
 * Of several threads signalling one fence, exactly one hears "you were
 * first". Guards: the fence lock around check and signal.
 */
static void test_race_check_and_signal(void **state)
{
	int round;

	for (round = 0; round < STRESS(200); round++) {
		struct cas_race r = { .fence = mock_fence() };

		dmb_run_threads(4, cas_racer, &r);
		assert_int_equal(r.firsts, 1);
		dma_fence_put(r.fence);
	}
}

static int detach_releases;

static void detach_release(struct dma_fence *f)
{
	detach_releases++;
	dma_fence_free(f);
}

static const struct dma_fence_ops release_ops = {
	.get_driver_name = mock_name,
	.get_timeline_name = mock_name,
	.release = detach_release,
};

/*
 * Linux 7.x: signalling detaches @ops unless they have ->release or
 * ->wait; the names, status, waits, deadlines and the final put then
 * work without them. Guards: the NULL checks on every @ops reader, and
 * the "no release, no wait" condition (a detached ->release would never
 * run).
 */
static void test_ops_detached_on_signal(void **state)
{
	struct dma_fence *f = mock_fence();
	struct dma_fence *r = mock_fence_ops_ctx(&release_ops, 1, 1);
	struct hook_fence *w = hook_fence(&hook_wait_ops);
	struct hook_fence *d = hook_fence(&hook_ops);
	struct cb_counter late = { 0 };

	rcu_read_lock();
	assert_string_equal(dma_fence_driver_name(f), "mock");
	assert_string_equal(dma_fence_timeline_name(f), "mock");
	rcu_read_unlock();

	dma_fence_signal(f);
	assert_null(rcu_access_pointer(f->ops));
	rcu_read_lock();
	assert_string_equal(dma_fence_driver_name(f), "detached-driver");
	assert_string_equal(dma_fence_timeline_name(f), "signaled-timeline");
	rcu_read_unlock();
	assert_true(dma_fence_is_signaled(f));
	spin_lock(f->lock);
	assert_true(dma_fence_is_signaled_locked(f));
	spin_unlock(f->lock);
	assert_int_equal(dma_fence_get_status(f), 1);
	assert_int_equal(dma_fence_wait_timeout(f, false, 5), 5);
	dma_fence_enable_signaling(f);
	dma_fence_set_deadline(f, 1);
	assert_int_equal(dma_fence_add_callback(f, &late.cb, count_cb),
			 -ENOENT);
	assert_false(dma_fence_is_array(f) || dma_fence_is_chain(f));
	dma_fence_put(f);	/* freed with dma_fence_free, no ops */

	/* ->release keeps them, and runs. */
	detach_releases = 0;
	dma_fence_signal(r);
	assert_ptr_equal(rcu_access_pointer(r->ops), &release_ops);
	rcu_read_lock();
	assert_string_equal(dma_fence_driver_name(r), "mock");
	rcu_read_unlock();
	dma_fence_put(r);
	assert_int_equal(detach_releases, 1);

	/* So does ->wait, which later waits still use. */
	dma_fence_signal(&w->base);
	assert_ptr_equal(rcu_access_pointer(w->base.ops), &hook_wait_ops);
	assert_int_equal(dma_fence_wait_timeout(&w->base, false, 5), 42);
	assert_int_equal(w->wait_calls, 1);
	dma_fence_put(&w->base);

	/* A deadline on a detached fence reaches nobody. */
	dma_fence_signal(&d->base);
	assert_null(rcu_access_pointer(d->base.ops));
	dma_fence_set_deadline(&d->base, 7);
	assert_int_equal(d->deadline_calls, 0);
	dma_fence_put(&d->base);
}

/* Both names of enable-signaling reach ops->enable_signaling once. */
static void test_enable_signaling_names(void **state)
{
	struct hook_fence *h = hook_fence(&hook_ops);
	struct hook_fence *g = hook_fence(&hook_ops);

	dma_fence_enable_signaling(&h->base);
	dma_fence_enable_signaling(&h->base);
	assert_int_equal(h->enable_calls, 1);
	dma_fence_enable_sw_signaling(&g->base);
	dma_fence_enable_signaling(&g->base);
	assert_int_equal(g->enable_calls, 1);
	dma_fence_signal(&h->base);
	dma_fence_signal(&g->base);
	dma_fence_put(&h->base);
	dma_fence_put(&g->base);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_context_alloc),
		dmb_unit_test(test_signal_once),
		dmb_unit_test(test_signal_locked_and_timestamp),
		dmb_unit_test(test_timestamp_unsignaled_warns),
		dmb_unit_test(test_set_error),
		dmb_unit_test(test_add_callback),
		dmb_unit_test(test_enable_signaling_once),
		dmb_unit_test(test_ops_signaled),
		dmb_unit_test(test_wait_timeout_rules),
		dmb_unit_test(test_ops_wait_used),
		dmb_unit_test(test_wait_wakes),
		dmb_unit_test(test_wait_interruptible),
		dmb_unit_test(test_release_with_callbacks),
		dmb_unit_test(test_stub),
		dmb_unit_test(test_is_later),
		dmb_unit_test(test_deadline),
		dmb_unit_test(test_wait_any),
		dmb_unit_test(test_describe),
		dmb_unit_test(test_wait_in_signalling_section),
		dmb_unit_test(test_race_signal_vs_add_callback),
		dmb_unit_test(test_race_many_waiters),
		dmb_unit_test(test_inline_lock),
		dmb_unit_test(test_check_and_signal),
		dmb_unit_test(test_race_check_and_signal),
		dmb_unit_test(test_ops_detached_on_signal),
		dmb_unit_test(test_enable_signaling_names),
	};
	int ret = dmb_run_tests(tests);

	irq_work_flush_all();
	rcu_barrier();
	return ret;
}
