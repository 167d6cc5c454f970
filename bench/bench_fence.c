// SPDX-License-Identifier: GPL-2.0
/*
 * Fence benchmarks: signal-to-wake latency of dma_fence_wait vs a bare
 * condition variable; dma_resv_add_fence + locked iteration; merging.
 * Usage: bench_fence [iterations]   (default 2000)
 */
#include "bench_cli.h"
#include <stdio.h>
#include <stdlib.h>
#include <pthread.h>
#include <time.h>
#include <dmabridge/dma-fence.h>
#include <dmabridge/dma-fence-unwrap.h>
#include <dmabridge/dma-resv.h>
#include <dmabridge/slab.h>
#include <dmabridge/rcupdate.h>

struct bench_fence {
	struct dma_fence base;
	spinlock_t lock;
};

static const char *bench_name(struct dma_fence *f)
{
	return "bench";
}

static const struct dma_fence_ops bench_ops = {
	.get_driver_name = bench_name,
	.get_timeline_name = bench_name,
};

static struct dma_fence *bench_fence(u64 context)
{
	struct bench_fence *f = kzalloc(sizeof(*f), GFP_KERNEL);

	if (!f)
		abort();
	spin_lock_init(&f->lock);
	dma_fence_init(&f->base, &bench_ops, &f->lock, context, 1);
	return &f->base;
}

static int cmp_s64(const void *a, const void *b)
{
	s64 x = *(const s64 *)a, y = *(const s64 *)b;

	return x < y ? -1 : x > y;
}

static void spin_us(long us)
{
	struct timespec ts = { 0, us * 1000 };

	nanosleep(&ts, NULL);
}

/* Signal-to-wake: the waiter stamps the time it woke. */
struct wake_ctx {
	int iters;
	struct dma_fence **fences;
	ktime_t *woke;
	/* condvar side */
	pthread_mutex_t m;
	pthread_cond_t c;
	int gen;
	int waiting;
};

static void *fence_waiter(void *p)
{
	struct wake_ctx *w = p;
	int i;

	for (i = 0; i < w->iters; i++) {
		dma_fence_wait(w->fences[i], false);
		w->woke[i] = ktime_get();
	}
	return NULL;
}

static void *cond_waiter(void *p)
{
	struct wake_ctx *w = p;
	int i;

	for (i = 0; i < w->iters; i++) {
		pthread_mutex_lock(&w->m);
		w->waiting = i + 1;
		while (w->gen <= i)
			pthread_cond_wait(&w->c, &w->m);
		pthread_mutex_unlock(&w->m);
		w->woke[i] = ktime_get();
	}
	return NULL;
}

static void report(const char *what, s64 *lat, int n, s64 *median, s64 *p99)
{
	qsort(lat, n, sizeof(*lat), cmp_s64);
	*median = lat[n / 2];
	*p99 = lat[(n * 99) / 100];
	printf("wake latency %-22s median %7lld ns  p99 %8lld ns\n", what,
	       (long long)*median, (long long)*p99);
}

static void bench_wake(int iters)
{
	struct wake_ctx w = { .iters = iters };
	s64 *lat = calloc(iters, sizeof(*lat));
	ktime_t *sent = calloc(iters, sizeof(*sent));
	s64 fm, fp, cm, cp;
	pthread_t t;
	int i;

	w.woke = calloc(iters, sizeof(*w.woke));
	w.fences = calloc(iters, sizeof(*w.fences));
	for (i = 0; i < iters; i++)
		w.fences[i] = bench_fence(dma_fence_context_alloc(1));

	pthread_create(&t, NULL, fence_waiter, &w);
	for (i = 0; i < iters; i++) {
		bool armed = false;

		/* Wait until the waiter sits on the fence, then let it sleep. */
		while (!armed) {
			spin_lock(w.fences[i]->lock);
			armed = !list_empty(&w.fences[i]->cb_list);
			spin_unlock(w.fences[i]->lock);
		}
		spin_us(50);
		sent[i] = ktime_get();
		dma_fence_signal(w.fences[i]);
	}
	pthread_join(t, NULL);
	for (i = 0; i < iters; i++) {
		lat[i] = w.woke[i] - sent[i];
		dma_fence_put(w.fences[i]);
	}
	report("dma_fence_wait", lat, iters, &fm, &fp);

	pthread_mutex_init(&w.m, NULL);
	pthread_cond_init(&w.c, NULL);
	pthread_create(&t, NULL, cond_waiter, &w);
	for (i = 0; i < iters; i++) {
		bool ready = false;

		while (!ready) {
			pthread_mutex_lock(&w.m);
			ready = w.waiting == i + 1;
			pthread_mutex_unlock(&w.m);
		}
		spin_us(50);
		sent[i] = ktime_get();
		pthread_mutex_lock(&w.m);
		w.gen = i + 1;
		pthread_cond_signal(&w.c);
		pthread_mutex_unlock(&w.m);
	}
	pthread_join(t, NULL);
	for (i = 0; i < iters; i++)
		lat[i] = w.woke[i] - sent[i];
	report("pthread_cond", lat, iters, &cm, &cp);
	printf("wake latency ratio fence/condvar     median %.2fx  p99 %.2fx\n",
	       (double)fm / cm, (double)fp / cp);

	free(lat);
	free(sent);
	free(w.woke);
	free(w.fences);
}

static void bench_resv(int n, int reps)
{
	struct dma_fence **f = calloc(n, sizeof(*f));
	s64 add_ns = 0, iter_ns = 0;
	long seen = 0;
	int r, i;

	for (i = 0; i < n; i++)
		f[i] = bench_fence(dma_fence_context_alloc(1));
	for (r = 0; r < reps; r++) {
		struct dma_resv obj;
		struct dma_resv_iter cursor;
		struct dma_fence *it;
		ktime_t t0, t1, t2;

		dma_resv_init(&obj);
		if (dma_resv_lock(&obj, NULL))
			abort();
		t0 = ktime_get();
		if (dma_resv_reserve_fences(&obj, n))
			abort();
		for (i = 0; i < n; i++)
			dma_resv_add_fence(&obj, f[i], DMA_RESV_USAGE_READ);
		t1 = ktime_get();
		dma_resv_for_each_fence(&cursor, &obj, DMA_RESV_USAGE_BOOKKEEP,
					it)
			seen++;
		t2 = ktime_get();
		dma_resv_unlock(&obj);
		dma_resv_fini(&obj);
		add_ns += t1 - t0;
		iter_ns += t2 - t1;
	}
	if (seen != (long)n * reps)
		abort();
	printf("dma_resv %4d fences: reserve+add %8.1f ns/fence  locked iteration %6.1f ns/fence\n",
	       n, (double)add_ns / reps / n, (double)iter_ns / reps / n);
	for (i = 0; i < n; i++) {
		dma_fence_signal(f[i]);
		dma_fence_put(f[i]);
	}
	free(f);
}

static void bench_merge(int n, int reps)
{
	struct dma_fence **f = calloc(n, sizeof(*f));
	struct dma_fence_unwrap *cursors = calloc(n, sizeof(*cursors));
	s64 ns = 0;
	int r, i;

	for (i = 0; i < n; i++)
		f[i] = bench_fence(dma_fence_context_alloc(1));
	for (r = 0; r < reps; r++) {
		ktime_t t0 = ktime_get();
		struct dma_fence *m = __dma_fence_unwrap_merge(n, f, cursors);

		ns += ktime_get() - t0;
		if (!m)
			abort();
		dma_fence_put(m);
	}
	printf("dma_fence_unwrap_merge %4d fences: %10.1f ns/merge  %6.1f ns/fence\n",
	       n, (double)ns / reps, (double)ns / reps / n);
	for (i = 0; i < n; i++) {
		dma_fence_signal(f[i]);
		dma_fence_put(f[i]);
	}
	free(f);
	free(cursors);
}

static int bench_main(int argc, char **argv)
{
	int iters = argc > 1 ? atoi(argv[1]) : 2000;
	static const int sizes[] = { 1, 16, 256 };
	static const int msizes[] = { 2, 16, 256 };
	unsigned int i;

	if (iters < 10)
		iters = 10;
	bench_wake(iters);
	for (i = 0; i < ARRAY_SIZE(sizes); i++)
		bench_resv(sizes[i], iters * 10 / sizes[i] + 10);
	for (i = 0; i < ARRAY_SIZE(msizes); i++)
		bench_merge(msizes[i], iters * 10 / msizes[i] + 10);
	rcu_barrier();
	return 0;
}

int main(int argc, char **argv)
{
	bench_cli(&argc, argv, "[iterations]",
		  "Fence signal-to-wake latency, dma_resv add and iteration, merging.\n"
		  "Default: 2000 iterations.",
		  1);
	return bench_main(argc, argv);
}
