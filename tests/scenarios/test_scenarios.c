// SPDX-License-Identifier: GPL-2.0
/* Every registered scenario passes, so `dmabridge run` cannot rot. */
#include <stdlib.h>
#include <string.h>
#include "dmb_test.h"
#include "scenarios/scenario.h"

/* The story of a run, for the error log when it fails. */
static char *slurp(FILE *f)
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

static int run_captured(const char *name, bool bufinfo, char **story)
{
	struct scenario_opts opts = { .verbose = true, .bufinfo = bufinfo };
	char *names[] = { (char *)name };
	int ret;

	opts.out = tmpfile();
	assert_non_null(opts.out);
	ret = scenarios_run_opts(NULL, names, 1, &opts);
	*story = slurp(opts.out);
	fclose(opts.out);
	if (ret)
		fprintf(stderr, "%s", *story);
	return ret;
}

/*
 * Each scenario accounts for its reports exactly itself (a report it
 * did not announce fails it), so the test takes over what they saw.
 */
static void take_over_reports(void)
{
	int k;

	for (k = 0; k < REPORT_NR_KINDS; k++)
		dmb_expect_reports(k, dmb_reports(k));
}

static void test_every_scenario_passes(void **state)
{
	char *story;
	int i;

	for (i = 0; scenario_list[i]; i++) {
		assert_int_equal(run_captured(scenario_list[i]->name, false,
					      &story), 0);
		assert_non_null(strstr(story, "passed"));
		assert_null(strstr(story, "FAIL"));
		free(story);
	}
	assert_true(i >= 2);
	take_over_reports();
}

static void test_registry(void **state)
{
	int i, j;

	assert_non_null(scenario_find("p2p-dma"));
	assert_non_null(scenario_find("dma-buf"));
	assert_null(scenario_find("no-such-scenario"));
	for (i = 0; scenario_list[i]; i++) {
		assert_non_null(scenario_list[i]->run);
		assert_true(strlen(scenario_list[i]->summary) > 0);
		for (j = 0; j < i; j++)
			assert_string_not_equal(scenario_list[i]->name,
						scenario_list[j]->name);
	}
}

static void test_unknown_scenario_fails(void **state)
{
	struct scenario_opts opts = { .out = tmpfile() };
	char *names[] = { "no-such-scenario" };

	assert_non_null(opts.out);
	assert_int_equal(scenarios_run_opts(NULL, names, 1, &opts), 1);
	fclose(opts.out);
}

/* `dmabridge bufinfo dma-buf`: the dumps show what the story says. */
static void test_bufinfo_checkpoints(void **state)
{
	char *story, *moved;

	assert_int_equal(run_captured("dma-buf", true, &story), 0);
	assert_non_null(strstr(story, "-- bufinfo: a heap buffer shared"));
	assert_non_null(strstr(story, "Dma-buf Objects:"));
	assert_non_null(strstr(story, "\tsystem\t"));
	assert_non_null(strstr(story, "frame"));
	assert_non_null(strstr(story, "CPU mappings: 2"));
	assert_non_null(strstr(story, "sgt dynamic,revocable,p2p mapped"));
	assert_non_null(strstr(story, "\tvram-bo\t"));
	assert_non_null(strstr(story, "dma-vec dynamic,revocable,p2p mapped"));
	moved = strstr(story, "-- bufinfo: after the move to system RAM");
	assert_non_null(moved);
	assert_non_null(strstr(moved, "generation 1"));
	assert_non_null(strstr(moved, "invalidations=1"));
	assert_null(strstr(story, "FAIL"));
	free(story);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_registry),
		dmb_unit_test(test_unknown_scenario_fails),
		dmb_unit_test(test_every_scenario_passes),
		dmb_unit_test(test_bufinfo_checkpoints),
	};

	return dmb_run_tests(tests);
}
