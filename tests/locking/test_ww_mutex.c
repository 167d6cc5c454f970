// SPDX-License-Identifier: GPL-2.0
/* ww_mutex: API, back-off protocol, rings, stress and API-abuse reports. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "dmb_test.h"
#include <dmabridge/ww_mutex.h>
#include <dmabridge/sched.h>
#include <dmabridge/err.h>

static DEFINE_WW_CLASS(test_ww_class);
static DEFINE_WD_CLASS(test_wd_class);

static struct ww_class *const classes[] = { &test_ww_class, &test_wd_class };
static DEFINE_WW_MUTEX(static_lock, test_wd_class);

/*
 * Take every lock of @locks[0..n) not yet @held, with back-off: on
 * -EDEADLK drop all, sleep on the contended lock with the slow path, and
 * retry.
 */
static void lock_set(struct ww_mutex **locks, bool *held, int n,
		     struct ww_acquire_ctx *ctx, long *backoffs)
{
	struct ww_mutex *contended = NULL;
	int i, j, ret;

retry:
	for (i = 0; i < n; i++) {
		if (held[i])
			continue;
		ret = ww_mutex_lock(locks[i], ctx);
		if (!ret) {
			held[i] = true;
			continue;
		}
		/* -EDEADLK is the only failure possible here. */
		if (ret != -EDEADLK)
			abort();
		(*backoffs)++;
		contended = locks[i];
		for (j = 0; j < n; j++) {
			if (held[j])
				ww_mutex_unlock(locks[j]);
			held[j] = false;
		}
		ww_mutex_lock_slow(contended, ctx);
		held[i] = true;
		goto retry;
	}
}

static void unlock_set(struct ww_mutex **locks, int n)
{
	int i;

	for (i = n - 1; i >= 0; i--)
		ww_mutex_unlock(locks[i]);
}

static void test_basic(void **state)
{
	struct ww_mutex a, b;
	struct ww_acquire_ctx ctx;
	unsigned int c;

	for (c = 0; c < ARRAY_SIZE(classes); c++) {
		ww_mutex_init(&a, classes[c]);
		ww_mutex_init(&b, classes[c]);
		ww_acquire_init(&ctx, classes[c]);
		assert_false(ww_mutex_is_locked(&a));
		assert_int_equal(ww_mutex_lock(&a, &ctx), 0);
		assert_true(ww_mutex_is_locked(&a));
		assert_true(mutex_is_locked(&a.base));
		assert_ptr_equal(a.ctx, &ctx);
		assert_int_equal(ww_mutex_lock(&a, &ctx), -EALREADY);
		assert_int_equal(ww_mutex_lock_interruptible(&a, &ctx),
				 -EALREADY);
		assert_int_equal(ww_mutex_lock(&b, &ctx), 0);
		assert_int_equal(ctx.acquired, 2);
		if (CONFIG_LOCKDEP)
			assert_int_equal(lockdep_depth(), 3); /* ctx+2 */
		ww_acquire_done(&ctx);
		ww_mutex_unlock(&a);
		ww_mutex_unlock(&b);
		assert_int_equal(ctx.acquired, 0);
		assert_false(ww_mutex_is_locked(&a));
		ww_acquire_fini(&ctx);
		assert_int_equal(lockdep_depth(), 0);
		ww_mutex_destroy(&a);
		ww_mutex_destroy(&b);
	}
}

static void test_static_initializer(void **state)
{
	struct ww_mutex b;
	struct ww_acquire_ctx ctx;

	ww_mutex_init(&b, &test_wd_class);
	ww_acquire_init(&ctx, &test_wd_class);
	assert_int_equal(ww_mutex_lock(&static_lock, &ctx), 0);
	assert_int_equal(ww_mutex_lock(&static_lock, &ctx), -EALREADY);
	/* Same lock class as ww_mutex_init() gives: no recursion report. */
	assert_int_equal(ww_mutex_lock(&b, &ctx), 0);
	if (CONFIG_LOCKDEP)
		assert_int_equal(lockdep_depth(), 3);
	ww_mutex_unlock(&static_lock);
	ww_mutex_unlock(&b);
	ww_acquire_fini(&ctx);
	ww_mutex_destroy(&b);
}

static void test_stamps_ordered(void **state)
{
	struct ww_acquire_ctx c1, c2;

	ww_acquire_init(&c1, &test_wd_class);
	ww_acquire_fini(&c1);
	ww_acquire_init(&c2, &test_wd_class);
	ww_acquire_fini(&c2);
	assert_true(c1.stamp < c2.stamp);
}

static void test_null_ctx_and_trylock(void **state)
{
	struct ww_mutex a;
	struct ww_acquire_ctx ctx;

	ww_mutex_init(&a, &test_wd_class);
	ww_acquire_init(&ctx, &test_wd_class);
	assert_int_equal(ww_mutex_lock(&a, NULL), 0);
	assert_null(a.ctx);
	assert_true(ww_mutex_is_locked(&a));
	assert_int_equal(ww_mutex_trylock(&a, NULL), 0);
	assert_int_equal(ww_mutex_trylock(&a, &ctx), 0);
	ww_mutex_unlock(&a);
	assert_int_equal(ww_mutex_trylock(&a, &ctx), 1);
	assert_ptr_equal(a.ctx, &ctx);
	assert_int_equal(ctx.acquired, 1);
	assert_int_equal(ww_mutex_trylock(&a, NULL), 0);
	ww_mutex_unlock(&a);
	ww_acquire_fini(&ctx);
	assert_int_equal(ww_mutex_trylock(&a, NULL), 1);
	ww_mutex_unlock(&a);
	assert_int_equal(ww_mutex_lock_interruptible(&a, NULL), 0);
	ww_mutex_unlock(&a);
	ww_mutex_destroy(&a);
}

/* A NULL context is a plain mutex: mutual exclusion across threads. */
struct null_arg {
	struct ww_mutex lock;
	long counter;
};

static void null_ctx_thread(int idx, void *p)
{
	struct null_arg *a = p;
	int i;

	for (i = 0; i < 2000; i++) {
		if (ww_mutex_lock(&a->lock, NULL))
			abort();
		a->counter++;
		ww_mutex_unlock(&a->lock);
	}
}

static void test_null_ctx_threads(void **state)
{
	struct null_arg a = { .counter = 0 };

	ww_mutex_init(&a.lock, &test_ww_class);
	dmb_run_threads(4, null_ctx_thread, &a);
	assert_int_equal(a.counter, 4 * 2000);
	ww_mutex_destroy(&a.lock);
}

/*
 * Ring: thread i holds lock i, then (after everyone holds theirs) takes
 * lock i+1. N = 2 is the ABBA case.
 */
struct ring {
	struct ww_class *class;
	int n;
	struct ww_mutex *locks;
	pthread_barrier_t barrier;
	long *backoffs;
	unsigned long *stamps;
	long done;
};

static void ring_thread(int idx, void *p)
{
	struct ring *r = p;
	struct ww_mutex *set[2] = { &r->locks[idx],
				    &r->locks[(idx + 1) % r->n] };
	bool held[2];
	struct ww_acquire_ctx ctx;
	long backoffs = 0;

	ww_acquire_init(&ctx, r->class);
	r->stamps[idx] = ctx.stamp;
	if (ww_mutex_lock(set[0], &ctx))
		abort();
	pthread_barrier_wait(&r->barrier);
	if (ww_mutex_lock(set[1], &ctx) == -EDEADLK) {
		backoffs++;
		ww_mutex_unlock(set[0]);
		ww_mutex_lock_slow(set[1], &ctx);
		held[0] = false;
		held[1] = true;
		lock_set(set, held, 2, &ctx, &backoffs);
	}
	ww_acquire_done(&ctx);
	__atomic_add_fetch(&r->done, 1, __ATOMIC_RELAXED);
	unlock_set(set, 2);
	ww_acquire_fini(&ctx);
	r->backoffs[idx] = backoffs;
}

static long run_ring(struct ww_class *class, int n, struct ring *r)
{
	long total = 0;
	int i;

	memset(r, 0, sizeof(*r));
	r->class = class;
	r->n = n;
	r->locks = calloc(n, sizeof(*r->locks));
	r->backoffs = calloc(n, sizeof(*r->backoffs));
	r->stamps = calloc(n, sizeof(*r->stamps));
	assert_non_null(r->locks);
	for (i = 0; i < n; i++)
		ww_mutex_init(&r->locks[i], class);
	pthread_barrier_init(&r->barrier, NULL, n);
	dmb_run_threads(n, ring_thread, r);
	pthread_barrier_destroy(&r->barrier);
	assert_int_equal(r->done, n);
	for (i = 0; i < n; i++) {
		assert_false(ww_mutex_is_locked(&r->locks[i]));
		ww_mutex_destroy(&r->locks[i]);
		total += r->backoffs[i];
	}
	return total;
}

static void free_ring(struct ring *r)
{
	free(r->locks);
	free(r->backoffs);
	free(r->stamps);
}

static void test_abba(void **state)
{
	struct ring r;
	unsigned int c;
	int old, young;

	for (c = 0; c < ARRAY_SIZE(classes); c++) {
		/* Each side holds one lock and wants the other: must back off. */
		assert_true(run_ring(classes[c], 2, &r) >= 1);
		/* Only the younger context ever backs off, in both schemes. */
		old = r.stamps[0] < r.stamps[1] ? 0 : 1;
		young = !old;
		assert_int_equal(r.backoffs[old], 0);
		assert_true(r.backoffs[young] >= 1);
		free_ring(&r);
	}
}

static void test_rings(void **state)
{
	static const int sizes[] = { 3, 5, 8 };
	struct ring r;
	unsigned int c, s;
	int round;

	for (c = 0; c < ARRAY_SIZE(classes); c++)
		for (s = 0; s < ARRAY_SIZE(sizes); s++)
			for (round = 0; round < 5; round++) {
				assert_true(run_ring(classes[c], sizes[s],
						     &r) >= 1);
				free_ring(&r);
			}
}

/* -EDEADLK without any wait: the holder is older (Wait-Die). */
struct holder {
	struct ww_mutex *lock;
	struct ww_class *class;
	pthread_barrier_t *held, *release;
	unsigned long stamp;
};

static void *holder_thread(void *p)
{
	struct holder *h = p;
	struct ww_acquire_ctx ctx;

	ww_acquire_init(&ctx, h->class);
	h->stamp = ctx.stamp;
	if (ww_mutex_lock(h->lock, &ctx))
		abort();
	pthread_barrier_wait(h->held);
	pthread_barrier_wait(h->release);
	ww_mutex_unlock(h->lock);
	ww_acquire_fini(&ctx);
	return NULL;
}

/* Start a thread whose older context holds @lock until release. */
static void start_holder(struct holder *h, pthread_t *tid,
			 pthread_barrier_t *b1, pthread_barrier_t *b2,
			 struct ww_mutex *lock, struct ww_class *class)
{
	pthread_barrier_init(b1, NULL, 2);
	pthread_barrier_init(b2, NULL, 2);
	*h = (struct holder){ lock, class, b1, b2, 0 };
	assert_int_equal(pthread_create(tid, NULL, holder_thread, h), 0);
	pthread_barrier_wait(b1);
}

static void stop_holder(pthread_t tid, pthread_barrier_t *b1,
			pthread_barrier_t *b2)
{
	pthread_barrier_wait(b2);
	pthread_join(tid, NULL);
	pthread_barrier_destroy(b1);
	pthread_barrier_destroy(b2);
}

static void test_edeadlk_only_when_holding(void **state)
{
	struct ww_mutex a, b;
	struct ww_acquire_ctx ctx;
	struct holder h;
	pthread_barrier_t b1, b2;
	pthread_t tid;

	ww_mutex_init(&a, &test_wd_class);
	ww_mutex_init(&b, &test_wd_class);
	start_holder(&h, &tid, &b1, &b2, &b, &test_wd_class);
	ww_acquire_init(&ctx, &test_wd_class);	/* younger than the holder */
	assert_true(ctx.stamp > h.stamp);
	assert_int_equal(ww_mutex_lock(&a, &ctx), 0);
	/* Younger, holds a lock, holder older: dies at once. */
	assert_int_equal(ww_mutex_lock(&b, &ctx), -EDEADLK);
	assert_ptr_equal(ctx.contending_lock, &b);
	assert_int_equal(ww_mutex_trylock(&b, &ctx), 0);
	ww_mutex_unlock(&a);
	stop_holder(tid, &b1, &b2);
	/* Holding nothing: the slow path sleeps instead of dying. */
	ww_mutex_lock_slow(&b, &ctx);
	assert_null(ctx.contending_lock);
	assert_int_equal(ww_mutex_lock(&a, &ctx), 0);
	ww_mutex_unlock(&a);
	ww_mutex_unlock(&b);
	ww_acquire_fini(&ctx);
	ww_mutex_destroy(&a);
	ww_mutex_destroy(&b);
}

/* Interruptible waits end with -EINTR on send_sig(). */
struct intr_arg {
	struct ww_mutex *lock;
	struct ww_class *class;
	bool slow;
};

static int intr_thread(void *p)
{
	struct intr_arg *a = p;
	struct ww_acquire_ctx ctx;
	int ret;

	ww_acquire_init(&ctx, a->class);
	if (a->slow) {
		ctx.contending_lock = a->lock;	/* as after -EDEADLK */
		ret = ww_mutex_lock_slow_interruptible(a->lock, &ctx);
	} else {
		ret = ww_mutex_lock_interruptible(a->lock, &ctx);
	}
	if (!ret)
		ww_mutex_unlock(a->lock);
	ww_acquire_fini(&ctx);
	return ret;
}

static bool has_waiter(struct ww_mutex *lock)
{
	bool ret;

	pthread_mutex_lock(&lock->base.m);
	ret = !list_empty(&lock->waiters);
	pthread_mutex_unlock(&lock->base.m);
	return ret;
}

static void test_interruptible(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	struct ww_mutex a;
	struct ww_acquire_ctx ctx;
	struct intr_arg arg;
	struct task_struct *t;
	int slow;

	ww_mutex_init(&a, &test_ww_class);
	/* A signal already pending: -EINTR without trying. */
	ww_acquire_init(&ctx, &test_ww_class);
	send_sig(SIGUSR1, current);
	assert_int_equal(ww_mutex_lock_interruptible(&a, &ctx), -EINTR);
	assert_int_equal(ww_mutex_lock_slow_interruptible(&a, &ctx), -EINTR);
	assert_false(ww_mutex_is_locked(&a));
	flush_signals(current);
	ww_acquire_fini(&ctx);

	for (slow = 0; slow < 2; slow++) {
		assert_int_equal(ww_mutex_lock(&a, NULL), 0);
		arg = (struct intr_arg){ &a, &test_ww_class, slow };
		t = kthread_run(plat, intr_thread, &arg, "ww-intr");
		assert_false(IS_ERR(t));
		get_task_struct(t);
		while (!has_waiter(&a))	/* really asleep on the lock */
			msleep(1);
		send_sig(SIGUSR1, t);
		assert_int_equal(kthread_stop(t), -EINTR);
		put_task_struct(t);
		ww_mutex_unlock(&a);
	}
	/* Without a signal the waiter gets the lock when it is freed. */
	assert_int_equal(ww_mutex_lock(&a, NULL), 0);
	arg = (struct intr_arg){ &a, &test_ww_class, false };
	t = kthread_run(plat, intr_thread, &arg, "ww-intr");
	assert_false(IS_ERR(t));
	while (!has_waiter(&a))
		msleep(1);
	ww_mutex_unlock(&a);
	assert_int_equal(kthread_stop(t), 0);
	ww_mutex_destroy(&a);
	dmb_kernel_platform_free(plat);
}

/*
 * The fast paths are one compare-and-swap on the lock word; sleepers set
 * WW_MUTEX_WAITERS so that the holder's unlock takes the slow path and
 * wakes them. Two sleepers: the first to get the lock keeps it until the
 * second is asleep on it again, and then the bit must still be set (it is
 * cleared only by the last sleeper to leave), or its unlock would be the
 * fast one and leave the second asleep. Guards the WAITERS protocol: the
 * unlock fast path failing on the bit, unlock keeping it, and only the
 * last sleeper clearing it. A lost wake-up shows as a hang (the timeout).
 */
struct sleepers {
	struct ww_mutex lock;
	int taken, done;
};

static int nr_waiters(struct ww_mutex *lock)
{
	struct list_head *pos;
	int n = 0;

	pthread_mutex_lock(&lock->base.m);
	list_for_each(pos, &lock->waiters)
		n++;
	pthread_mutex_unlock(&lock->base.m);
	return n;
}

static int sleeper_thread(void *p)
{
	struct sleepers *s = p;
	struct ww_acquire_ctx ctx;
	int ret = 0;

	ww_acquire_init(&ctx, &test_wd_class);
	if (ww_mutex_lock(&s->lock, &ctx))
		return -1;
	if (__atomic_add_fetch(&s->taken, 1, __ATOMIC_RELAXED) == 1) {
		while (nr_waiters(&s->lock) < 1)
			msleep(1);
		if (!(READ_ONCE(s->lock.state) & WW_MUTEX_WAITERS))
			ret = -2;
	}
	ww_mutex_unlock(&s->lock);
	ww_acquire_fini(&ctx);
	__atomic_add_fetch(&s->done, 1, __ATOMIC_RELEASE);
	return ret;
}

static void test_unlock_wakes_every_queued_sleeper(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	struct ww_acquire_ctx ctx;
	struct task_struct *t[2];
	struct sleepers s;
	int i, round;

	ww_mutex_init(&s.lock, &test_wd_class);
	for (round = 0; round < 2; round++) {
		/* Round 0: the holder has no context; round 1: it has one. */
		s.taken = s.done = 0;
		ww_acquire_init(&ctx, &test_wd_class);
		assert_int_equal(ww_mutex_lock(&s.lock, round ? &ctx : NULL),
				 0);
		assert_int_equal(READ_ONCE(s.lock.state),
				 round ? (unsigned long)&ctx : WW_MUTEX_NOCTX);
		for (i = 0; i < 2; i++) {
			t[i] = kthread_run(plat, sleeper_thread, &s,
					   "ww-sleep");
			assert_false(IS_ERR(t[i]));
			get_task_struct(t[i]);
		}
		while (nr_waiters(&s.lock) < 2)	/* both really asleep */
			msleep(1);
		assert_true(READ_ONCE(s.lock.state) & WW_MUTEX_WAITERS);
		ww_mutex_unlock(&s.lock);
		ww_acquire_fini(&ctx);
		/* Before kthread_stop(), whose wake-up would hide a lost one. */
		while (__atomic_load_n(&s.done, __ATOMIC_ACQUIRE) < 2)
			msleep(1);
		for (i = 0; i < 2; i++) {
			assert_int_equal(kthread_stop(t[i]), 0);
			put_task_struct(t[i]);
		}
		/* The last sleeper cleared the bit: fast paths work again. */
		assert_int_equal(READ_ONCE(s.lock.state), 0);
		assert_false(ww_mutex_is_locked(&s.lock));
	}
	ww_mutex_destroy(&s.lock);
	dmb_kernel_platform_free(plat);
}

/*
 * Stress: threads take random sets of locks (sorted or shuffled) with
 * back-off, and check each lock's exclusion with an in-use flag and a
 * counter only ever touched under the lock.
 */
struct stress {
	struct ww_class *class;
	int nlocks, iters, setmax;
	bool ordered;
	struct ww_mutex *locks;
	long *counters;
	int *inuse;
	long expected, backoffs, violations;
};

static int cmp_ptr(const void *a, const void *b)
{
	const struct ww_mutex *x = *(struct ww_mutex *const *)a;
	const struct ww_mutex *y = *(struct ww_mutex *const *)b;

	return x < y ? -1 : x > y;
}

static void stress_thread(int idx, void *p)
{
	struct stress *s = p;
	unsigned int seed = 1234 + idx * 7919;
	int *perm = malloc(s->nlocks * sizeof(*perm));
	struct ww_mutex **set = malloc(s->setmax * sizeof(*set));
	bool *held = malloc(s->setmax * sizeof(*held));
	long expected = 0, backoffs = 0, violations = 0;
	struct ww_acquire_ctx ctx;
	int it, i, k;

	if (!perm || !set || !held)
		abort();
	for (i = 0; i < s->nlocks; i++)
		perm[i] = i;
	for (it = 0; it < s->iters; it++) {
		/* Every 8th set is as big as allowed, the rest random. */
		k = (it % 8 == 7) ? s->setmax : 1 + rand_r(&seed) % s->setmax;
		for (i = 0; i < k; i++) {
			int j = i + rand_r(&seed) % (s->nlocks - i);
			int tmp = perm[i];

			perm[i] = perm[j];
			perm[j] = tmp;
			set[i] = &s->locks[perm[i]];
		}
		if (s->ordered)
			qsort(set, k, sizeof(*set), cmp_ptr);
		ww_acquire_init(&ctx, s->class);
		for (i = 0; i < k; i++)
			held[i] = false;
		lock_set(set, held, k, &ctx, &backoffs);
		ww_acquire_done(&ctx);
		for (i = 0; i < k; i++) {
			int n = set[i] - s->locks;

			if (__atomic_exchange_n(&s->inuse[n], 1,
						__ATOMIC_RELAXED))
				violations++;
			s->counters[n]++;
			__atomic_store_n(&s->inuse[n], 0, __ATOMIC_RELAXED);
		}
		expected += k;
		unlock_set(set, k);
		ww_acquire_fini(&ctx);
	}
	__atomic_add_fetch(&s->expected, expected, __ATOMIC_RELAXED);
	__atomic_add_fetch(&s->backoffs, backoffs, __ATOMIC_RELAXED);
	__atomic_add_fetch(&s->violations, violations, __ATOMIC_RELAXED);
	free(perm);
	free(set);
	free(held);
}

static void run_stress(struct ww_class *class, int nthreads, int nlocks,
		       int iters, int setmax, bool ordered)
{
	struct stress s = { class, nlocks, iters, setmax, ordered };
	long sum = 0;
	int i;

	s.locks = calloc(nlocks, sizeof(*s.locks));
	s.counters = calloc(nlocks, sizeof(*s.counters));
	s.inuse = calloc(nlocks, sizeof(*s.inuse));
	assert_non_null(s.locks);
	assert_non_null(s.counters);
	assert_non_null(s.inuse);
	for (i = 0; i < nlocks; i++)
		ww_mutex_init(&s.locks[i], class);
	dmb_run_threads(nthreads, stress_thread, &s);
	for (i = 0; i < nlocks; i++) {
		assert_false(ww_mutex_is_locked(&s.locks[i]));
		ww_mutex_destroy(&s.locks[i]);
		sum += s.counters[i];
	}
	assert_int_equal(s.violations, 0);
	assert_int_equal(sum, s.expected);
	assert_true(s.expected >= (long)nthreads * iters);
	print_message("# %s %d threads, %d locks, sets <= %d %s: %ld locks taken, %ld back-offs\n",
		      class->is_wait_die ? "wait-die" : "wound-wait", nthreads,
		      nlocks, setmax, ordered ? "sorted" : "shuffled",
		      s.expected, s.backoffs);
	free(s.locks);
	free(s.counters);
	free(s.inuse);
}

static void test_stress_16(void **state)
{
	unsigned int c;

	for (c = 0; c < ARRAY_SIZE(classes); c++) {
		run_stress(classes[c], 8, 16, 2000, 8, true);
		run_stress(classes[c], 8, 16, 2000, 8, false);
	}
}

static void test_stress_2048(void **state)
{
	unsigned int c;

	for (c = 0; c < ARRAY_SIZE(classes); c++) {
		run_stress(classes[c], 4, 2048, 40, 2048, true);
		run_stress(classes[c], 4, 2048, 40, 2048, false);
		run_stress(classes[c], 8, 2048, 64, 128, false);
	}
}

/* API abuse: each is one REPORT_LOCKDEP. */
static void test_abuse_lock_after_done(void **state)
{
	struct ww_mutex a;
	struct ww_acquire_ctx ctx;

	ww_mutex_init(&a, &test_ww_class);
	ww_acquire_init(&ctx, &test_ww_class);
	ww_acquire_done(&ctx);
	dmb_expect_reports(REPORT_LOCKDEP, 1);
	assert_int_equal(ww_mutex_lock(&a, &ctx), 0);
	ww_mutex_unlock(&a);
	ww_acquire_fini(&ctx);
	ww_mutex_destroy(&a);
}

static void test_abuse_fini_with_locks(void **state)
{
	struct ww_mutex a;
	struct ww_acquire_ctx ctx;

	ww_mutex_init(&a, &test_wd_class);
	ww_acquire_init(&ctx, &test_wd_class);
	assert_int_equal(ww_mutex_lock(&a, &ctx), 0);
	dmb_expect_reports(REPORT_LOCKDEP, 1);
	ww_acquire_fini(&ctx);
	ww_mutex_unlock(&a);
	ww_mutex_destroy(&a);
}

static void test_abuse_other_lock_after_edeadlk(void **state)
{
	struct ww_mutex a, b, c;
	struct ww_acquire_ctx ctx;
	struct holder h;
	pthread_barrier_t b1, b2;
	pthread_t tid;

	ww_mutex_init(&a, &test_wd_class);
	ww_mutex_init(&b, &test_wd_class);
	ww_mutex_init(&c, &test_wd_class);
	start_holder(&h, &tid, &b1, &b2, &b, &test_wd_class);
	ww_acquire_init(&ctx, &test_wd_class);
	assert_int_equal(ww_mutex_lock(&a, &ctx), 0);
	assert_int_equal(ww_mutex_lock(&b, &ctx), -EDEADLK);
	/* Wrong: keeps a and goes on with c instead of backing off. */
	dmb_expect_reports(REPORT_LOCKDEP, 1);
	assert_int_equal(ww_mutex_lock(&c, &ctx), 0);
	ww_mutex_unlock(&c);
	ww_mutex_unlock(&a);
	stop_holder(tid, &b1, &b2);
	ww_acquire_fini(&ctx);
	ww_mutex_destroy(&a);
	ww_mutex_destroy(&b);
	ww_mutex_destroy(&c);
}

static void test_abuse_class_mismatch(void **state)
{
	struct ww_mutex a;
	struct ww_acquire_ctx ctx;

	ww_mutex_init(&a, &test_wd_class);
	ww_acquire_init(&ctx, &test_ww_class);
	dmb_expect_reports(REPORT_LOCKDEP, 1);
	assert_int_equal(ww_mutex_lock(&a, &ctx), 0);
	ww_mutex_unlock(&a);
	ww_acquire_fini(&ctx);
	ww_mutex_destroy(&a);
}

static void test_abuse_unlock_not_held(void **state)
{
	struct ww_mutex a;

	ww_mutex_init(&a, &test_wd_class);
	dmb_expect_reports(REPORT_LOCKDEP, 1);
	ww_mutex_unlock(&a);
	assert_false(ww_mutex_is_locked(&a));
	ww_mutex_destroy(&a);
}

static void test_abuse_slow_without_edeadlk(void **state)
{
	struct ww_mutex a;
	struct ww_acquire_ctx ctx;

	ww_mutex_init(&a, &test_wd_class);
	ww_acquire_init(&ctx, &test_wd_class);
	dmb_expect_reports(REPORT_LOCKDEP, 1);
	ww_mutex_lock_slow(&a, &ctx);
	assert_true(ww_mutex_is_locked(&a));
	ww_mutex_unlock(&a);
	ww_acquire_fini(&ctx);
	ww_mutex_destroy(&a);
}

static void test_abuse_nested_ctx(void **state)
{
	struct ww_acquire_ctx c1, c2;

	lockdep_reset();
	/* Two acquire contexts of one class in one thread can deadlock. */
	ww_acquire_init(&c1, &test_wd_class);
	dmb_expect_reports(REPORT_LOCKDEP, CONFIG_LOCKDEP);
	ww_acquire_init(&c2, &test_wd_class);
	ww_acquire_fini(&c2);
	ww_acquire_fini(&c1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_basic),
		dmb_unit_test(test_static_initializer),
		dmb_unit_test(test_stamps_ordered),
		dmb_unit_test(test_null_ctx_and_trylock),
		dmb_unit_test(test_null_ctx_threads),
		dmb_unit_test(test_abba),
		dmb_unit_test(test_rings),
		dmb_unit_test(test_edeadlk_only_when_holding),
		dmb_unit_test(test_interruptible),
		dmb_unit_test(test_unlock_wakes_every_queued_sleeper),
		dmb_unit_test(test_stress_16),
		dmb_unit_test(test_stress_2048),
		dmb_unit_test(test_abuse_lock_after_done),
		dmb_unit_test(test_abuse_fini_with_locks),
		dmb_unit_test(test_abuse_other_lock_after_edeadlk),
		dmb_unit_test(test_abuse_class_mismatch),
		dmb_unit_test(test_abuse_unlock_not_held),
		dmb_unit_test(test_abuse_slow_without_edeadlk),
		dmb_unit_test(test_abuse_nested_ctx),
	};

	return dmb_run_tests(tests);
}
