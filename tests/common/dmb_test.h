/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared cmocka helpers. Every test runs between dmb_test_setup() and
 * dmb_test_teardown(): teardown fails the test if any report (WARN,
 * lockdep, sanitizer...) happened that the test did not announce with
 * dmb_expect_reports().
 */
#ifndef DMB_TEST_H
#define DMB_TEST_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <setjmp.h>
#include <cmocka.h>
#include <dmabridge/report.h>
#include <dmabridge/platform.h>

int dmb_test_setup(void **state);
int dmb_test_teardown(void **state);
/* The test expects exactly @n more reports of @kind (quiet on stderr). */
void dmb_expect_reports(enum report_kind kind, long n);
/* The test expects at least one report of @kind, however many. */
void dmb_allow_reports(enum report_kind kind);
/* Reports of @kind seen since setup. */
long dmb_reports(enum report_kind kind);

/*
 * A platform with only its kernel part (tasks, fds, workqueue) and a
 * current task, for tests of the lowest layers.
 */
struct platform *dmb_kernel_platform(void);
void dmb_kernel_platform_free(struct platform *plat);

#define dmb_unit_test(f) cmocka_unit_test_setup_teardown(f, dmb_test_setup, \
							 dmb_test_teardown)
/* Runs a group with TAP output so meson counts every case. */
#define dmb_run_tests(group) _cmocka_run_group_tests(#group, group, \
	sizeof(group) / sizeof((group)[0]), NULL, NULL)

/*
 * Bytes the C heap hands out now (glibc's mallinfo2(), or the sanitizer
 * allocator's count in ASan/TSan builds): for tests of host memory use.
 */
size_t dmb_heap_in_use(void);
/* All of @f (written so far) as a NUL-terminated string to free(). */
char *dmb_slurp(FILE *f);

/* Run @fn on @n threads at once (after a common start barrier). */
void dmb_run_threads(int n, void (*fn)(int idx, void *arg), void *arg);

#endif
