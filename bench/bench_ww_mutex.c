// SPDX-License-Identifier: GPL-2.0
/*
 * ww_mutex benchmark: uncontended cost against a bare pthread mutex,
 * Wound-Wait against Wait-Die under contention, and the price of the lock
 * checker. Usage: bench_ww_mutex [scale] [threads] (scale 1 = ~10 s).
 */
#include "bench_cli.h"
#include "bench_host.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <dmabridge/ww_mutex.h>
#include <dmabridge/lockdep.h>
#include <dmabridge/err.h>

static DEFINE_WW_CLASS(bench_ww_class);
static DEFINE_WD_CLASS(bench_wd_class);

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static double bench_pthread(long iters)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	double t0 = host_cpu_ns();
	long i;

	for (i = 0; i < iters; i++) {
		pthread_mutex_lock(&m);
		pthread_mutex_unlock(&m);
	}
	return (host_cpu_ns() - t0) / iters;
}

static double bench_ww_uncontended(long iters, bool with_ctx)
{
	struct ww_mutex lock;
	struct ww_acquire_ctx ctx;
	double t0;
	long i;

	ww_mutex_init(&lock, &bench_wd_class);
	ww_acquire_init(&ctx, &bench_wd_class);
	t0 = host_cpu_ns();
	for (i = 0; i < iters; i++) {
		if (ww_mutex_lock(&lock, with_ctx ? &ctx : NULL))
			abort();
		ww_mutex_unlock(&lock);
	}
	t0 = (host_cpu_ns() - t0) / iters;
	ww_acquire_fini(&ctx);
	ww_mutex_destroy(&lock);
	return t0;
}

#define UNCONTENDED_ROUNDS 15

static void *idle_thread(void *arg)
{
	return arg;
}

static double best_pthread(long per_round)
{
	double best = 1e30, t;
	int r;

	for (r = 0; r < UNCONTENDED_ROUNDS; r++) {
		t = bench_pthread(per_round);
		best = t < best ? t : best;
	}
	return best;
}

/*
 * Interleaved rounds, best of each, in thread CPU time: on a loaded
 * machine a round that got preempted says nothing about the lock, and
 * interleaving puts pthread and ww_mutex under the same conditions.
 *
 * The anchor is pthread_mutex in a multi-threaded process: glibc skips
 * the atomic instructions while a process has never had a second thread,
 * which no dmabridge process (nor any process where a lock matters) is.
 * The single-threaded figure is printed too, for comparison.
 */
static void bench_uncontended(long iters, bool checking)
{
	static double p_single;
	double p = 1e30, ww_ctx = 1e30, ww_null = 1e30, t;
	int rounds = bench_rounds(UNCONTENDED_ROUNDS);
	long per_round = iters / rounds + 1;
	pthread_t tid;
	int r;

	if (!p_single) {
		p_single = best_pthread(per_round);
		if (pthread_create(&tid, NULL, idle_thread, NULL) ||
		    pthread_join(tid, NULL))
			abort();
	}
	lockdep_set_enabled(checking);
	for (r = 0; r < rounds; r++) {
		t = bench_pthread(per_round);
		p = t < p ? t : p;
		t = bench_ww_uncontended(per_round, true);
		ww_ctx = t < ww_ctx ? t : ww_ctx;
		t = bench_ww_uncontended(per_round, false);
		ww_null = t < ww_null ? t : ww_null;
	}
	printf("uncontended lock+unlock, lock checking %-3s: pthread_mutex %.1f ns, ww_mutex(ctx) %.1f ns (x%.2f), ww_mutex(NULL) %.1f ns (x%.2f); single-threaded pthread_mutex (no atomics) %.1f ns, ww_mutex(ctx) x%.2f of it  [best of %d interleaved rounds]\n",
	       checking ? "on" : "off", p, ww_ctx, ww_ctx / p, ww_null,
	       ww_null / p, p_single, ww_ctx / p_single, rounds);
	lockdep_set_enabled(true);
}

struct stress {
	struct ww_class *class;
	struct ww_mutex *locks;
	long *counters;
	int nlocks, setmax;
	long sets_per_thread;
	long backoffs;
};

static void lock_set(struct ww_mutex **set, bool *held, int n,
		     struct ww_acquire_ctx *ctx, long *backoffs)
{
	int i, j;

retry:
	for (i = 0; i < n; i++) {
		if (held[i])
			continue;
		if (!ww_mutex_lock(set[i], ctx)) {
			held[i] = true;
			continue;
		}
		(*backoffs)++;
		for (j = 0; j < n; j++) {
			if (held[j])
				ww_mutex_unlock(set[j]);
			held[j] = false;
		}
		ww_mutex_lock_slow(set[i], ctx);
		held[i] = true;
		goto retry;
	}
}

static void *stress_thread(void *p)
{
	struct stress *s = p;
	unsigned int seed = (unsigned int)(uintptr_t)&seed;
	struct ww_mutex **set = malloc(s->setmax * sizeof(*set));
	bool *held = malloc(s->setmax * sizeof(*held));
	int *perm = malloc(s->nlocks * sizeof(*perm));
	struct ww_acquire_ctx ctx;
	long backoffs = 0, it;
	int i, k;

	if (!set || !held || !perm)
		abort();
	for (i = 0; i < s->nlocks; i++)
		perm[i] = i;
	for (it = 0; it < s->sets_per_thread; it++) {
		k = 1 + rand_r(&seed) % s->setmax;
		for (i = 0; i < k; i++) {
			int j = i + rand_r(&seed) % (s->nlocks - i);
			int tmp = perm[i];

			perm[i] = perm[j];
			perm[j] = tmp;
			set[i] = &s->locks[perm[i]];
			held[i] = false;
		}
		ww_acquire_init(&ctx, s->class);
		lock_set(set, held, k, &ctx, &backoffs);
		ww_acquire_done(&ctx);
		for (i = 0; i < k; i++)
			s->counters[set[i] - s->locks]++;
		for (i = 0; i < k; i++)
			ww_mutex_unlock(set[i]);
		ww_acquire_fini(&ctx);
	}
	__atomic_add_fetch(&s->backoffs, backoffs, __ATOMIC_RELAXED);
	free(set);
	free(held);
	free(perm);
	return NULL;
}

static void run_stress(struct ww_class *class, int nthreads, int nlocks,
		       int setmax, long sets, bool checking)
{
	struct stress s = { class, NULL, NULL, nlocks, setmax,
			    sets / nthreads, 0 };
	pthread_t *tids = calloc(nthreads, sizeof(*tids));
	double t0, secs;
	int i;

	s.locks = calloc(nlocks, sizeof(*s.locks));
	s.counters = calloc(nlocks, sizeof(*s.counters));
	if (!tids || !s.locks || !s.counters)
		abort();
	for (i = 0; i < nlocks; i++)
		ww_mutex_init(&s.locks[i], class);
	lockdep_set_enabled(checking);
	t0 = now_ns();
	for (i = 0; i < nthreads; i++)
		pthread_create(&tids[i], NULL, stress_thread, &s);
	for (i = 0; i < nthreads; i++)
		pthread_join(tids[i], NULL);
	secs = (now_ns() - t0) / 1e9;
	lockdep_set_enabled(true);
	printf("stress %-10s %d threads x sets of 1..%d of %d locks, lock checking %-3s: %9.0f sets/s, %7ld back-offs (%.2f%% of sets), %.2f s\n",
	       class->is_wait_die ? "wait-die" : "wound-wait", nthreads,
	       setmax, nlocks, checking ? "on" : "off",
	       s.sets_per_thread * nthreads / secs, s.backoffs,
	       100.0 * s.backoffs / (s.sets_per_thread * nthreads), secs);
	for (i = 0; i < nlocks; i++)
		ww_mutex_destroy(&s.locks[i]);
	free(s.locks);
	free(s.counters);
	free(tids);
}

static int bench_main(int argc, char **argv)
{
	double scale = argc > 1 ? atof(argv[1]) : 1.0;
	int nthreads = argc > 2 ? atoi(argv[2]) : 4;
	long iters = (long)(2e7 * scale);
	long sets = (long)(1e6 * scale);
	int checking;

	if (scale <= 0 || nthreads < 1 || nthreads > 256) {
		fprintf(stderr, "usage: %s [scale>0] [threads 1..256]\n",
			argv[0]);
		return 2;
	}
	if (iters < 1)
		iters = 1;
	if (sets < nthreads)
		sets = nthreads;
	printf("CONFIG_LOCKDEP=%d\n", CONFIG_LOCKDEP);
	for (checking = 0; checking < 2; checking++)
		bench_uncontended(iters, checking);
	lockdep_set_enabled(true);
	for (checking = 0; checking < 2; checking++) {
		run_stress(&bench_ww_class, nthreads, 64, 8, sets, checking);
		run_stress(&bench_wd_class, nthreads, 64, 8, sets, checking);
		run_stress(&bench_ww_class, nthreads, 2048, 256, sets / 20,
			   checking);
		run_stress(&bench_wd_class, nthreads, 2048, 256, sets / 20,
			   checking);
	}
	return 0;
}

int main(int argc, char **argv)
{
	bench_cli(&argc, argv, "[scale] [threads 1..256]",
		  "ww_mutex against pthread mutexes, Wound-Wait against Wait-Die, and the\n"
		  "price of the lock checker. Defaults: scale 1 (about 10 s), 4 threads.",
		  2);
	return bench_main(argc, argv);
}
