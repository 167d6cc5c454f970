/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Running a race test's threads under schedule exploration. The race
 * bodies of tests/mm and tests/dma-buf are included as they are; their
 * cmocka assertions become explore_fail() calls, because an assertion
 * must not longjmp out of a thread the explorer owns: a failed check
 * marks the schedule failed and the run goes on to its end.
 *
 * Include this before the race test's source.
 */
#ifndef DMB_EXPLORE_RACE_H
#define DMB_EXPLORE_RACE_H

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include "dmb_test.h"
#include <dmabridge/explore.h>

#define EX_ASSERT(c, what)                                                 \
	do {                                                               \
		if (!(c))                                                  \
			explore_fail("%s:%d: %s", __FILE__, __LINE__, what); \
	} while (0)

#undef assert_true
#undef assert_false
#undef assert_int_equal
#undef assert_int_not_equal
#undef assert_non_null
#undef assert_null
#undef assert_ptr_equal
#undef assert_string_equal
#undef assert_memory_equal
#undef fail
#define assert_true(c) EX_ASSERT((c), #c)
#define assert_false(c) EX_ASSERT(!(c), "!" #c)
#define assert_int_equal(a, b) EX_ASSERT((long)(a) == (long)(b), #a " == " #b)
#define assert_int_not_equal(a, b) EX_ASSERT((long)(a) != (long)(b), #a " != " #b)
#define assert_non_null(p) EX_ASSERT((p) != NULL, #p " != NULL")
#define assert_null(p) EX_ASSERT((p) == NULL, #p " == NULL")
#define assert_ptr_equal(a, b) EX_ASSERT((void *)(a) == (void *)(b), #a " == " #b)
#define assert_string_equal(a, b) EX_ASSERT(!strcmp((a), (b)), #a " == " #b)
#define assert_memory_equal(a, b, n) EX_ASSERT(!memcmp((a), (b), (n)), #a " == " #b)
#define fail() explore_fail("%s:%d: fail()", __FILE__, __LINE__)

/*
 * A race test's own pthread_create()/pthread_join() start threads of the
 * run (explore_thread_create() is a host thread outside a run), so a test
 * file is included unchanged. The pthread_t holds the explore thread.
 */
static inline int ex_pthread_create(pthread_t *t, const void *attr,
				    void *(*fn)(void *), void *arg)
{
	struct explore_thread *et = explore_thread_create(fn, arg);

	(void)attr;
	*t = (pthread_t)et;
	return et ? 0 : EAGAIN;
}

static inline int ex_pthread_join(pthread_t t, void **ret)
{
	if (ret)
		*ret = NULL;
	if (!t)
		return ESRCH;
	explore_thread_join((struct explore_thread *)t);
	return 0;
}

#define pthread_create(t, attr, fn, arg) ex_pthread_create(t, attr, fn, arg)
#define pthread_join(t, ret) ex_pthread_join(t, ret)

/*
 * A race test's polling loops (sched_yield(), usleep()) let the other
 * threads of the run go first, as cond_resched() does in the mode.
 */
static inline int ex_sched_yield(void)
{
	if (explore_active() && explore_current())
		__explore_yield("sched_yield");
	else
		sched_yield();
	return 0;
}

static inline int ex_usleep(unsigned int us)
{
	if (explore_active() && explore_current()) {
		__explore_yield("usleep");
		return 0;
	}
	return usleep(us);
}

#define sched_yield() ex_sched_yield()
#define usleep(us) ex_usleep(us)

/*
 * A race test's pthread_barrier: in a run, the threads that arrived block
 * in the scheduler until the last one arrives (a host barrier would block
 * holding the token). The state lives in the pthread_barrier_t itself; a
 * barrier is used inside a run or outside, never both.
 */
struct ex_barrier {
	unsigned int count;
	unsigned int arrived;
	unsigned int gen;
};
_Static_assert(sizeof(struct ex_barrier) <= sizeof(pthread_barrier_t),
	       "struct ex_barrier fits in a pthread_barrier_t");

struct ex_barrier_wait {
	struct ex_barrier *b;
	unsigned int gen;
};

static inline bool ex_barrier_passed(void *arg)
{
	struct ex_barrier_wait *w = arg;

	return __atomic_load_n(&w->b->gen, __ATOMIC_ACQUIRE) != w->gen;
}

static inline bool ex_in_run(void)
{
	return explore_active() && explore_current();
}

static inline int ex_pthread_barrier_init(pthread_barrier_t *bar,
					  const pthread_barrierattr_t *attr,
					  unsigned int count)
{
	struct ex_barrier *b = (struct ex_barrier *)bar;

	if (!ex_in_run())
		return pthread_barrier_init(bar, attr, count);
	if (!count)
		return EINVAL;
	*b = (struct ex_barrier){ .count = count };
	return 0;
}

static inline int ex_pthread_barrier_wait(pthread_barrier_t *bar)
{
	struct ex_barrier *b = (struct ex_barrier *)bar;
	struct ex_barrier_wait w = { b, 0 };

	if (!ex_in_run())
		return pthread_barrier_wait(bar);
	w.gen = __atomic_load_n(&b->gen, __ATOMIC_ACQUIRE);
	if (++b->arrived == b->count) {
		b->arrived = 0;
		__atomic_store_n(&b->gen, w.gen + 1, __ATOMIC_RELEASE);
		__explore_wake(bar);
		__explore_point("barrier", bar);
		return PTHREAD_BARRIER_SERIAL_THREAD;
	}
	__explore_point("barrier", bar);
	while (!ex_barrier_passed(&w))
		__explore_block(bar, false, ex_barrier_passed, &w);
	return 0;
}

static inline int ex_pthread_barrier_destroy(pthread_barrier_t *bar)
{
	struct ex_barrier *b = (struct ex_barrier *)bar;

	if (!ex_in_run())
		return pthread_barrier_destroy(bar);
	return b->arrived ? EBUSY : 0;
}

#define pthread_barrier_init(b, attr, n) ex_pthread_barrier_init(b, attr, n)
#define pthread_barrier_wait(b) ex_pthread_barrier_wait(b)
#define pthread_barrier_destroy(b) ex_pthread_barrier_destroy(b)

/* A test's iteration count @n, divided by @div, at least 1. */
#define EX_SCALE(n, div) ((n) / (div) > 0 ? (n) / (div) : 1)

/*
 * How many schedules each exploration test runs per strategy in CI: fewer
 * in the sanitizer builds, where a schedule costs 5-10 times more
 * (scripts/explore.sh runs thousands).
 */
#ifndef EX_CI_SCHEDULES
#if defined(__SANITIZE_ADDRESS__) || DMB_TSAN
#define EX_CI_SCHEDULES 20
#else
#define EX_CI_SCHEDULES 100
#endif
#endif

/*
 * The same for the bodies added with test_explore_more_races and the
 * non-waiting importer: a few schedules in the sanitizer builds (there
 * they check the bodies and the explorer for data races, not schedules).
 */
#ifndef EX_CI_SCHEDULES_MORE
#if defined(__SANITIZE_ADDRESS__) || DMB_TSAN
#define EX_CI_SCHEDULES_MORE 3
#else
#define EX_CI_SCHEDULES_MORE 100
#endif
#endif

/* FNV-1a over the last run's choices, and their number in @n. */
static inline uint64_t ex_schedule_hash(size_t *n)
{
	const uint8_t *ch;
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	*n = explore_last_schedule(&ch);
	for (i = 0; i < *n; i++)
		h = (h ^ ch[i]) * 0x100000001b3ULL;
	return h;
}

/*
 * Run @body under @schedules schedules of each strategy (random walk,
 * then PCT of depth 3; only the random walk if @random_only), unless
 * DMB_EXPLORE / DMB_EXPLORE_SCHEDULES / DMB_EXPLORE_STRATEGY choose; then
 * replay the last seed of each strategy twice and check that the two
 * schedules are the same, choice for choice (by length and hash).
 * DMB_EXPLORE_OS=N instead runs the body N times on host threads under
 * the OS scheduler (for time-to-catch comparisons) and fails on the first
 * failing run. DMB_EXPLORE_ONLY=name skips every other race.
 * @reports: the bug reports (WARN, ...) the body's test announces with
 * dmb_expect_reports(): each run, and each OS run, must make exactly
 * that many.
 */
static inline void explore_race_reports(const char *name,
					void (*body)(void *), int schedules,
					bool random_only, long reports)
{
	bool env = getenv("DMB_EXPLORE") || getenv("DMB_EXPLORE_SCHEDULES") ||
		   getenv("DMB_EXPLORE_STRATEGY");
	const char *os = getenv("DMB_EXPLORE_OS");
	struct explore_result res;
	struct explore_opts o;
	int pass, k, ret = 0;

	/* DMB_EXPLORE_ONLY=name runs one race of the file (scripts/explore.sh). */
	if (getenv("DMB_EXPLORE_ONLY") && strcmp(getenv("DMB_EXPLORE_ONLY"), name))
		return;
	if (os) {
		int i, n = atoi(os);

		for (i = 0; i < n; i++) {
			long f = explore_fail_count();
			long r = report_count_bugs();

			body(NULL);
			if (explore_fail_count() != f ||
			    report_count_bugs() != r + reports) {
				printf("# %s: OS scheduler: run %d of %d failed\n",
				       name, i + 1, n);
				dmb_allow_reports(REPORT_SANITIZER);
				_fail(__FILE__, __LINE__);
			}
		}
		printf("# %s: OS scheduler: %d runs passed\n", name, n);
		return;
	}
	for (pass = 0; pass < (env || random_only ? 1 : 2) && !ret; pass++) {
		uint64_t h[2];
		size_t n[2];

		explore_opts_init(&o);
		o.expect_reports = reports;
		if (!env) {
			o.schedules = schedules;
			o.strategy = pass ? EXPLORE_PCT : EXPLORE_RANDOM;
		}
		ret = explore_run(body, NULL, &o, &res);
		printf("# %s: %s: %d schedules, %ld steps in the last%s\n", name,
		       o.strategy == EXPLORE_PCT ? "pct" : "random", res.runs,
		       res.steps, res.failed ? " (FAILED)" : "");
		if (ret || env)
			continue;
		/* The last seed again, twice, with the horizon it used. */
		o.seed += res.runs - 1;
		o.schedules = 1;
		o.horizon = res.horizon;
		for (k = 0; k < 2 && !ret; k++) {
			ret = explore_run(body, NULL, &o, NULL);
			h[k] = ex_schedule_hash(&n[k]);
		}
		if (!ret && (n[0] != n[1] || h[0] != h[1])) {
			printf("# %s: seed %llu replayed differently: %zu and %zu choices\n",
			       name, (unsigned long long)o.seed, n[0], n[1]);
			ret = -EFAULT;
		}
	}
	_assert_int_equal(ret, 0, __FILE__, __LINE__);
}

static inline void explore_race_opts(const char *name, void (*body)(void *),
				     int schedules, bool random_only)
{
	explore_race_reports(name, body, schedules, random_only, 0);
}

static inline void explore_race(const char *name, void (*body)(void *),
				int schedules)
{
	explore_race_opts(name, body, schedules, false);
}

#endif
