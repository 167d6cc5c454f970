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
#undef fail
#define assert_true(c) EX_ASSERT((c), #c)
#define assert_false(c) EX_ASSERT(!(c), "!" #c)
#define assert_int_equal(a, b) EX_ASSERT((long)(a) == (long)(b), #a " == " #b)
#define assert_int_not_equal(a, b) EX_ASSERT((long)(a) != (long)(b), #a " != " #b)
#define assert_non_null(p) EX_ASSERT((p) != NULL, #p " != NULL")
#define assert_null(p) EX_ASSERT((p) == NULL, #p " == NULL")
#define assert_ptr_equal(a, b) EX_ASSERT((void *)(a) == (void *)(b), #a " == " #b)
#define fail() explore_fail("%s:%d: fail()", __FILE__, __LINE__)

/*
 * How many schedules each exploration test runs per strategy in CI: fewer
 * in the sanitizer builds, where a schedule costs 5-10 times more
 * (scripts/explore.sh runs thousands).
 */
#ifndef EX_CI_SCHEDULES
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define EX_CI_SCHEDULES 20
#else
#define EX_CI_SCHEDULES 100
#endif
#endif

/*
 * Run @body under @schedules schedules of each strategy (random walk,
 * then PCT of depth 3), unless DMB_EXPLORE / DMB_EXPLORE_SCHEDULES /
 * DMB_EXPLORE_STRATEGY choose. DMB_EXPLORE_OS=N instead runs the body N
 * times on host threads under the OS scheduler (for time-to-catch
 * comparisons) and fails on the first failing run. DMB_EXPLORE_ONLY=name
 * skips every other race.
 */
static inline void explore_race(const char *name, void (*body)(void *),
				int schedules)
{
	bool env = getenv("DMB_EXPLORE") || getenv("DMB_EXPLORE_SCHEDULES") ||
		   getenv("DMB_EXPLORE_STRATEGY");
	const char *os = getenv("DMB_EXPLORE_OS");
	struct explore_result res;
	struct explore_opts o;
	int pass, ret = 0;

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
			    report_count_bugs() != r) {
				printf("# %s: OS scheduler: run %d of %d failed\n",
				       name, i + 1, n);
				dmb_allow_reports(REPORT_SANITIZER);
				_fail(__FILE__, __LINE__);
			}
		}
		printf("# %s: OS scheduler: %d runs passed\n", name, n);
		return;
	}
	for (pass = 0; pass < (env ? 1 : 2) && !ret; pass++) {
		explore_opts_init(&o);
		if (!env) {
			o.schedules = schedules;
			o.strategy = pass ? EXPLORE_PCT : EXPLORE_RANDOM;
		}
		ret = explore_run(body, NULL, &o, &res);
		printf("# %s: %s: %d schedules, %ld steps in the last%s\n", name,
		       o.strategy == EXPLORE_PCT ? "pct" : "random", res.runs,
		       res.steps, res.failed ? " (FAILED)" : "");
	}
	_assert_int_equal(ret, 0, __FILE__, __LINE__);
}

#endif
