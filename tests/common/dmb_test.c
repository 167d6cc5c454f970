// SPDX-License-Identifier: GPL-2.0
/* Shared test helpers: report accounting, kernel-only platforms, threads. */
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include "dmb_test.h"
#include <dmabridge/sched.h>
#include <dmabridge/slab.h>
#include <dmabridge/rcupdate.h>
#include <dmabridge/lockdep.h>
#include <dmabridge/err.h>
#include <dmabridge/explore.h>

static long base[REPORT_NR_KINDS];
static long expected[REPORT_NR_KINDS];
static bool allowed[REPORT_NR_KINDS];

int dmb_test_setup(void **state)
{
	int k;

	for (k = 0; k < REPORT_NR_KINDS; k++) {
		base[k] = report_count(k);
		expected[k] = 0;
		allowed[k] = k == REPORT_IOMMU_FAULT;
		report_set_quiet(k, false);
	}
	failslab_off();
	return 0;
}

int dmb_test_teardown(void **state)
{
	int k, bad = 0;

	rcu_barrier();
	for (k = 0; k < REPORT_NR_KINDS; k++) {
		long got = report_count(k) - base[k];

		if (allowed[k] ? got < expected[k] : got != expected[k]) {
			fprintf(stderr, "reports of %s: expected %s%ld, got %ld\n",
				report_kind_name(k), allowed[k] ? ">= " : "",
				expected[k], got);
			bad++;
		}
		report_set_quiet(k, false);
	}
	if (lockdep_depth()) {
		fprintf(stderr, "test ended holding %d lock(s)\n",
			lockdep_depth());
		bad++;
	}
	return bad ? -1 : 0;
}

void dmb_expect_reports(enum report_kind kind, long n)
{
	expected[kind] += n;
	report_set_quiet(kind, true);
}

void dmb_allow_reports(enum report_kind kind)
{
	allowed[kind] = true;
	if (!expected[kind])
		expected[kind] = 1;
	report_set_quiet(kind, true);
}

long dmb_reports(enum report_kind kind)
{
	return report_count(kind) - base[kind];
}

struct platform *dmb_kernel_platform(void)
{
	struct platform *plat = calloc(1, sizeof(*plat));
	struct task_struct *t;

	assert_non_null(plat);
	assert_int_equal(platform_kernel_init(plat, "kernel-only"), 0);
	t = task_create(plat, "test");
	assert_false(IS_ERR(t));
	set_current(t);
	return plat;
}

void dmb_kernel_platform_free(struct platform *plat)
{
	struct task_struct *t = current;

	if (t && t->platform == plat) {
		set_current(NULL);
		task_exit(t);
	}
	platform_kernel_fini(plat);
	free(plat);
}

struct thread_arg {
	pthread_barrier_t *barrier;
	void (*fn)(int idx, void *arg);
	void *arg;
	int idx;
};

static void *thread_main(void *p)
{
	struct thread_arg *ta = p;

	pthread_barrier_wait(ta->barrier);
	ta->fn(ta->idx, ta->arg);
	return NULL;
}

static void *explored_thread_main(void *p)
{
	struct thread_arg *ta = p;

	ta->fn(ta->idx, ta->arg);
	return NULL;
}

static void dmb_run_threads_explored(int n, void (*fn)(int idx, void *arg),
				     void *arg, struct thread_arg *ta)
{
	struct explore_thread **et = calloc(n, sizeof(*et));
	int i;

	assert_non_null(et);
	for (i = 0; i < n; i++) {
		ta[i] = (struct thread_arg){ NULL, fn, arg, i };
		et[i] = explore_thread_create(explored_thread_main, &ta[i]);
		assert_non_null(et[i]);
	}
	for (i = 0; i < n; i++)
		explore_thread_join(et[i]);
	free(et);
}

void dmb_run_threads(int n, void (*fn)(int idx, void *arg), void *arg)
{
	pthread_t *tids = calloc(n, sizeof(*tids));
	struct thread_arg *ta = calloc(n, sizeof(*ta));
	pthread_barrier_t barrier;
	int i;

	assert_non_null(tids);
	assert_non_null(ta);
	/* Inside explore_run(): the run's threads, no host barrier. */
	if (explore_active() && explore_current()) {
		dmb_run_threads_explored(n, fn, arg, ta);
		free(tids);
		free(ta);
		return;
	}
	pthread_barrier_init(&barrier, NULL, n);
	for (i = 0; i < n; i++) {
		ta[i] = (struct thread_arg){ &barrier, fn, arg, i };
		assert_int_equal(pthread_create(&tids[i], NULL, thread_main,
						&ta[i]), 0);
	}
	for (i = 0; i < n; i++)
		pthread_join(tids[i], NULL);
	pthread_barrier_destroy(&barrier);
	free(tids);
	free(ta);
}

/*
 * Bytes the C heap hands out now. glibc's mallinfo2() in a plain build;
 * the sanitizers replace malloc, so ask their allocator there.
 */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define DMB_SANITIZER_HEAP 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define DMB_SANITIZER_HEAP 1
#endif
#endif
#ifdef DMB_SANITIZER_HEAP
/* From the sanitizer runtime (<sanitizer/allocator_interface.h>). */
size_t __sanitizer_get_current_allocated_bytes(void);

size_t dmb_heap_in_use(void)
{
	return __sanitizer_get_current_allocated_bytes();
}
#else
size_t dmb_heap_in_use(void)
{
	struct mallinfo2 mi = mallinfo2();

	return mi.uordblks + mi.hblkhd;
}
#endif

char *dmb_slurp(FILE *f)
{
	long n;
	char *s;

	fflush(f);
	n = ftell(f);
	s = calloc(1, n + 1);
	assert_non_null(s);
	rewind(f);
	assert_int_equal(fread(s, 1, n, f), n);
	return s;
}
