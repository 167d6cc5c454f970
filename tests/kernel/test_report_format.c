// SPDX-License-Identifier: GPL-2.0
/*
 * Reports print as the kernel prints them in dmesg: WARN's cut-here
 * splat, lockdep's circular-dependency block with the stacks of both
 * sides, each line with a printk timestamp and filtered by the console
 * log level, while the count is kept whatever is printed (tests and
 * scenarios rely on counts). The sanitizer's report is checked as
 * `dmabridge run` prints it (tests/tools/test_cli.c).
 */
#include <string.h>
#include <stdlib.h>
#include "dmb_test.h"
#include <dmabridge/bug.h>
#include <dmabridge/lockdep.h>
#include <dmabridge/printk.h>
#include <dmabridge/stacktrace.h>
#include <dmabridge/sched.h>

static FILE *console;

static int setup(void **state)
{
	console = tmpfile();
	assert_non_null(console);
	dmb_set_console(console);
	return dmb_test_setup(state);
}

static int teardown(void **state)
{
	dmb_set_console(NULL);
	dmb_set_loglevel(CONSOLE_LOGLEVEL_DEFAULT);
	fclose(console);
	return dmb_test_teardown(state);
}

/* What the console got since setup (to free). */
static char *console_text(void)
{
	fflush(console);
	return dmb_slurp(console);
}

/* Every line starts with "[sssss.uuuuuu] ". */
static void assert_timestamped(const char *text)
{
	const char *line = text;

	assert_true(*text);
	for (; line && *line; line = strchr(line, '\n'), line += !!line) {
		unsigned long s, us;
		int n = 0;

		assert_int_equal(sscanf(line, "[%5lu.%6lu]%n", &s, &us, &n),
				 2);
		assert_int_equal(n, 14);
		assert_int_equal(line[n], ' ');
	}
}

static __attribute__((noinline)) bool report_test_warn_site(int v)
{
	return WARN(v, "value %d is wrong", v);
}

/*
 * WARN prints the cut-here splat: message, "WARNING: CPU: N PID: N at
 * file:line func", the task, "Call Trace:" and the end marker, each line
 * timestamped. Guards the WARN format bug.h promises.
 */
static void test_warn_prints_cut_here_splat(void **state)
{
	char *text, *w;

	dmb_expect_reports(REPORT_WARN, 1);
	report_set_quiet(REPORT_WARN, false);
	assert_true(report_test_warn_site(7));
	text = console_text();
	assert_timestamped(text);
	assert_non_null(strstr(text, "] ------------[ cut here ]------------\n"));
	assert_non_null(strstr(text, "] value 7 is wrong\n"));
	w = strstr(text, "] WARNING: CPU: ");
	assert_non_null(w);
	assert_non_null(strstr(w, " at "));
	assert_non_null(strstr(w, "tests/kernel/test_report_format.c:"));
	assert_non_null(strstr(w, " report_test_warn_site\n"));
	assert_non_null(strstr(text, " Comm: "));
	assert_non_null(strstr(text, "] Call Trace:\n"));
	assert_non_null(strstr(text, "] ---[ end trace "));
	free(text);
}

/*
 * The console log level filters lines, never the count: a WARN
 * (KERN_WARNING) is silent at the quiet level and counted all the same;
 * pr_err still prints there, pr_debug only at the debug level.
 */
static void test_loglevel_filters_printing_not_counting(void **state)
{
	long before = report_count(REPORT_WARN);
	char *text;

	assert_int_equal(dmb_set_loglevel(CONSOLE_LOGLEVEL_QUIET),
			 CONSOLE_LOGLEVEL_DEFAULT);
	dmb_expect_reports(REPORT_WARN, 1);
	report_set_quiet(REPORT_WARN, false);
	assert_true(report_test_warn_site(1));
	assert_int_equal(report_count(REPORT_WARN), before + 1);
	pr_err("an error %d\n", 3);
	pr_warn("a warning\n");
	pr_info("some info\n");
	pr_debug("debugging\n");
	text = console_text();
	assert_string_equal(strchr(text, ']'), "] an error 3\n");
	free(text);
	dmb_set_loglevel(CONSOLE_LOGLEVEL_DEBUG);
	pr_debug("debugging\n");
	pr_cont(" and more\n");
	text = console_text();
	assert_non_null(strstr(text, "] debugging\n and more\n"));
	free(text);
	dmb_set_loglevel(CONSOLE_LOGLEVEL_SILENT);
	pr_emerg("nothing at all\n");
	text = console_text();
	assert_null(strstr(text, "nothing at all"));
	free(text);
}

/* The command line's level names and numbers, and the setter's range. */
static void test_loglevel_parse_and_range(void **state)
{
	assert_int_equal(dmb_parse_loglevel("0"), 0);
	assert_int_equal(dmb_parse_loglevel("15"), 15);
	assert_int_equal(dmb_parse_loglevel("16"), -EINVAL);
	assert_int_equal(dmb_parse_loglevel("-1"), -EINVAL);
	assert_int_equal(dmb_parse_loglevel("7x"), -EINVAL);
	assert_int_equal(dmb_parse_loglevel(""), -EINVAL);
	assert_int_equal(dmb_parse_loglevel("err"), LOGLEVEL_ERR + 1);
	assert_int_equal(dmb_parse_loglevel("WARNING"), LOGLEVEL_WARNING + 1);
	assert_int_equal(dmb_parse_loglevel("warn"), LOGLEVEL_WARNING + 1);
	assert_int_equal(dmb_parse_loglevel("debug"), LOGLEVEL_DEBUG + 1);
	assert_int_equal(dmb_parse_loglevel("quiet"), CONSOLE_LOGLEVEL_QUIET);
	assert_int_equal(dmb_parse_loglevel("loud"), -EINVAL);
	assert_int_equal(dmb_set_loglevel(16), -EINVAL);
	assert_int_equal(dmb_set_loglevel(-1), -EINVAL);
	assert_int_equal(dmb_get_loglevel(), CONSOLE_LOGLEVEL_DEFAULT);
}

/*
 * Timestamps count from the creation of the calling task's platform: a
 * line printed right after creating one reads well under a second.
 */
static void test_timestamps_count_from_platform_creation(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	unsigned long s = 99, us;
	char *text;

	pr_err("booted\n");
	text = console_text();
	assert_int_equal(sscanf(text, "[%5lu.%6lu]", &s, &us), 2);
	assert_true(s < 10);	/* not the time since the host booted */
	assert_non_null(strstr(text, "] booted\n"));
	free(text);
	dmb_kernel_platform_free(plat);
}

/* Lock maps, not mutexes: the order is only recorded, never deadlocks. */
static struct lock_class_key key_a, key_b;
static struct lockdep_map lock_a =
	STATIC_LOCKDEP_MAP_INIT("&lock_a", &key_a, LD_LOCK_MAP);
static struct lockdep_map lock_b =
	STATIC_LOCKDEP_MAP_INIT("&lock_b", &key_b, LD_LOCK_MAP);

static __attribute__((noinline)) void report_test_a_then_b(void)
{
	lock_map_acquire(&lock_a);
	lock_map_acquire(&lock_b);
	lock_map_release(&lock_b);
	lock_map_release(&lock_a);
}

static __attribute__((noinline)) void report_test_b_then_a(void)
{
	lock_map_acquire(&lock_b);
	lock_map_acquire(&lock_a);
	lock_map_release(&lock_a);
	lock_map_release(&lock_b);
}

/*
 * An AB-BA order prints lockdep's block: the header, the lock being
 * taken and the one held, the chain with one "-> #N" entry per side,
 * each with its stack, the unsafe scenario, the held locks and the
 * backtrace.
 */
static void test_lockdep_cycle_prints_chain_and_both_stacks(void **state)
{
	char *text, *one, *zero;

	if (!lockdep_built_in())
		skip();		/* reason: built with -Dlockdep=false */
	dmb_expect_reports(REPORT_LOCKDEP, 1);
	report_set_quiet(REPORT_LOCKDEP, false);
	report_test_a_then_b();
	report_test_b_then_a();
	text = console_text();
	assert_timestamped(text);
	assert_non_null(strstr(text, "] WARNING: possible circular locking "
				     "dependency detected\n"));
	assert_non_null(strstr(text, " is trying to acquire lock:\n"));
	assert_non_null(strstr(text, "but task is already holding lock:\n"));
	one = strstr(text, "] -> #1 (&lock_b):\n");
	zero = strstr(text, "] -> #0 (&lock_a):\n");
	assert_non_null(one);
	assert_non_null(zero);
	assert_true(one < zero);
	assert_non_null(strstr(text, " *** DEADLOCK ***"));
	assert_non_null(strstr(text, "1 lock held by "));
	assert_non_null(strstr(text, "] stack backtrace:\n"));
	assert_non_null(strstr(text, "] Call Trace:\n"));
	if (stack_trace_symbolized()) {
		/* #1 was recorded by a_then_b, #0 is b_then_a now. */
		assert_non_null(strstr(one, "report_test_a_then_b+0x"));
		assert_true(strstr(one, "report_test_a_then_b+0x") < zero);
		assert_non_null(strstr(zero, "report_test_b_then_a+0x"));
	}
	free(text);
}

/*
 * With libdw, a frame names its function as "func+0xoff/0xsize" (and
 * file:line when the code has debug information), even a static one;
 * skipped without libdw, where static functions print as
 * "module(+0xoff)".
 */
static void test_frames_are_symbolized_with_libdw(void **state)
{
	unsigned long ip[4];
	unsigned int n = stack_trace_save(ip, 4, 0);
	char sym[512];

	assert_true(n >= 1);
	sprint_symbol(sym, sizeof(sym), ip[0], true);
	if (!stack_trace_symbolized()) {
		/* reason: dmabridge was built without libdw (libdw-dev) */
		assert_non_null(strstr(sym, "(+0x"));
		skip();
	}
	if (strncmp(sym, "test_frames_are_symbolized_with_libdw+0x", 40))
		fprintf(stderr, "frame: %s\n", sym);
	assert_true(!strncmp(sym, "test_frames_are_symbolized_with_libdw+0x",
			     40));
	assert_non_null(strstr(sym, "/0x"));
	/* An address nothing maps falls back to the raw form. */
	sprint_symbol(sym, sizeof(sym), 0x10, false);
	assert_string_equal(sym, "0x10");
}

/* dump_stack() prints the task and a trace starting at its caller. */
static void test_dump_stack_starts_at_caller(void **state)
{
	char *text, *trace;

	dump_stack();
	text = console_text();
	assert_timestamped(text);
	assert_non_null(strstr(text, "] CPU: "));
	trace = strstr(text, "]  <TASK>\n");
	assert_non_null(trace);
	if (stack_trace_symbolized())
		assert_non_null(strstr(trace, "]  test_dump_stack_starts_at_"
					      "caller+0x"));
	free(text);
}

static void symbolize_thread(int idx, void *arg)
{
	unsigned long ip[8];
	unsigned int n = stack_trace_save(ip, 8, 0), i;
	char sym[512];

	for (i = 0; i < n; i++)
		sprint_symbol(sym, sizeof(sym), ip[i], true);
}

/*
 * Threads symbolizing at once, the first time in this process: libdw's
 * session is made once, under the symbolizer's lock (sym_lock). Guards
 * sym_lock: without it TSan sees the session pointer raced.
 */
static void test_symbolizing_from_threads_at_once(void **state)
{
	dmb_run_threads(4, symbolize_thread, NULL);
}

static void warn_thread(int idx, void *arg)
{
	int i;

	for (i = 0; i < 10; i++)
		report_test_warn_site(idx + 1);
}

/*
 * Reports from several threads at once come out whole: each splat's
 * lines from "cut here" to "end trace" are together. Guards the console
 * lock being held from report_begin() to report_end().
 */
static void test_concurrent_reports_do_not_interleave(void **state)
{
	char *text, *p;
	int n = 0;

	dmb_expect_reports(REPORT_WARN, 40);
	report_set_quiet(REPORT_WARN, false);
	dmb_run_threads(4, warn_thread, NULL);
	text = console_text();
	for (p = strstr(text, "[ cut here ]"); p;
	     p = strstr(p + 1, "[ cut here ]"), n++) {
		char *end = strstr(p, "---[ end trace");
		char *next = strstr(p + 1, "[ cut here ]");

		assert_non_null(end);
		assert_true(!next || end < next);
		/* No other thread's lines inside: one value, one pid. */
		assert_non_null(strstr(p, " is wrong\n"));
	}
	assert_int_equal(n, 40);
	free(text);
}

#define report_test(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		/* First: it must be the process's first symbolization. */
		report_test(test_symbolizing_from_threads_at_once),
		report_test(test_warn_prints_cut_here_splat),
		report_test(test_concurrent_reports_do_not_interleave),
		report_test(test_loglevel_filters_printing_not_counting),
		report_test(test_loglevel_parse_and_range),
		report_test(test_timestamps_count_from_platform_creation),
		report_test(test_lockdep_cycle_prints_chain_and_both_stacks),
		report_test(test_frames_are_symbolized_with_libdw),
		report_test(test_dump_stack_starts_at_caller),
	};

	return dmb_run_tests(tests);
}
