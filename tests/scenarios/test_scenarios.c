// SPDX-License-Identifier: GPL-2.0
/*
 * Every registered scenario passes or is skipped with a reason on every
 * shipped platform file, so `dmabridge run` cannot rot.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "dmb_test.h"
#include "scenarios/scenario.h"

static int run_captured(const char *name, bool bufinfo, char **story)
{
	struct scenario_opts opts = {
		.verbose = true,
		.bufinfo = bufinfo,
		.bufinfo_extras = bufinfo,
	};
	char *names[] = { (char *)name };
	int ret;

	opts.out = tmpfile();
	assert_non_null(opts.out);
	ret = scenarios_run_opts(NULL, names, 1, &opts);
	*story = dmb_slurp(opts.out);
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
	{
		/* Outside a run: declared roles are unbound, others unknown. */
		struct scenario_ctx ctx = { .sc = scenario_find("p2p-dma") };

		assert_null(scenario_dev(&ctx, "client"));
		assert_null(scenario_dev(&ctx, "no-such-role"));
	}
	for (i = 0; scenario_list[i]; i++) {
		assert_non_null(scenario_list[i]->run);
		assert_true(strlen(scenario_list[i]->summary) > 0);
		for (j = 0; j < i; j++)
			assert_string_not_equal(scenario_list[i]->name,
						scenario_list[j]->name);
	}
}

/*
 * An unknown name is a usage error (2) found before anything runs, even
 * after a known one. Guards: the name check ahead of the run loop.
 */
static void test_unknown_scenario_is_usage_error(void **state)
{
	struct scenario_opts opts = { .out = tmpfile() };
	char *names[] = { "p2p-dma", "no-such-scenario" };

	assert_non_null(opts.out);
	assert_int_equal(scenarios_run_opts(NULL, names, 2, &opts), 2);
	assert_int_equal(ftell(opts.out), 0);	/* nothing ran */
	fclose(opts.out);
}

/* One scenario on one platform file, its story kept. */
static enum scenario_result run_on(const char *name, const char *path,
				   char **story)
{
	struct scenario_opts opts = { .verbose = true };
	enum scenario_result res;

	opts.out = tmpfile();
	assert_non_null(opts.out);
	res = scenario_run_one(scenario_find(name), path, &opts);
	*story = dmb_slurp(opts.out);
	fclose(opts.out);
	return res;
}

/* Calls @fn with the path of each shipped platform file; returns how many. */
static int for_each_platform_file(void (*fn)(const char *path))
{
	const char *dir = getenv("DMB_PLATFORMS_DIR");
	struct dirent *de;
	char path[4096];
	int n = 0;
	DIR *d;

	assert_non_null(dir);
	d = opendir(dir);
	assert_non_null(d);
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);

		if (len < 6 || strcmp(de->d_name + len - 5, ".json"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		fn(path);
		n++;
	}
	closedir(d);
	return n;
}

static void every_scenario_on(const char *path)
{
	char *story;
	int i;

	for (i = 0; scenario_list[i]; i++) {
		enum scenario_result res = run_on(scenario_list[i]->name, path,
						  &story);

		if (res == SCENARIO_FAILED)
			fprintf(stderr, "%s on %s:\n%s", scenario_list[i]->name,
				path, story);
		assert_int_not_equal(res, SCENARIO_FAILED);
		/* A skip always says why. */
		if (res == SCENARIO_SKIPPED)
			assert_non_null(strstr(story, "SKIPPED: platform '"));
		assert_null(strstr(story, "FAIL"));
		free(story);
	}
}

/*
 * Each scenario passes or is skipped with a reason on every shipped
 * platform file, never fails.
 */
static void test_every_scenario_on_every_platform(void **state)
{
	assert_true(for_each_platform_file(every_scenario_on) >= 4);
	take_over_reports();
}

static void p2p_dma_runs_on(const char *path)
{
	char *story;

	assert_int_equal(run_on("p2p-dma", path, &story), SCENARIO_PASSED);
	assert_null(strstr(story, "SKIPPED"));
	assert_non_null(strstr(story, "on this platform: client = "));
	assert_non_null(strstr(story, "the bytes landed in"));
	assert_non_null(strstr(story, "the sanitizer reports the stale DMA"));
	free(story);
}

/*
 * Every shipped platform has a pair of devices that can do P2P, so
 * p2p-dma really runs there (it is not merely skipped). Guards: the
 * scenario finding its devices instead of naming them.
 */
static void test_p2p_dma_runs_where_supported(void **state)
{
	for_each_platform_file(p2p_dma_runs_on);
	take_over_reports();
}

/* A platform file for one test, removed by the caller. */
static char *write_platform(const char *json)
{
	char *path = strdup("/tmp/dmb-scenario-XXXXXX.json");
	int fd;

	assert_non_null(path);
	fd = mkstemps(path, 5);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, json, strlen(json)), (ssize_t)strlen(json));
	close(fd);
	return path;
}

/* One GPU without P2P memory and a NIC: nothing can do P2P. */
static const char no_p2p_json[] =
	"{ \"name\": \"lonely\", \"ram\": { \"size\": \"256M\" },"
	"  \"host_bridges\": [ { \"name\": \"hb0\", \"p2p\": true } ],"
	"  \"root_ports\": [ { \"name\": \"rp0\" }, { \"name\": \"rp1\" } ],"
	"  \"endpoints\": ["
	"    { \"name\": \"gpuA\", \"class\": \"gpu\", \"port\": \"rp0\","
	"      \"bars\": [ { \"index\": 0, \"size\": \"1M\" } ] },"
	"    { \"name\": \"nicA\", \"class\": \"nic\", \"port\": \"rp1\","
	"      \"bars\": [ { \"index\": 0, \"size\": \"64K\" } ] } ] }";

/*
 * Lacking what it needs, a scenario is skipped with the reason, runs
 * nothing, and the run does not fail.
 */
static void test_skipped_with_reason(void **state)
{
	char *path = write_platform(no_p2p_json);
	struct scenario_opts opts = { .out = tmpfile() };
	char *story;

	assert_int_equal(run_on("p2p-dma", path, &story), SCENARIO_SKIPPED);
	assert_non_null(strstr(story, "== p2p-dma: SKIPPED: platform 'lonely' "
				      "has no 'peer': a device with a P2P BAR "
				      "that 'client' reaches by P2P"));
	assert_null(strstr(story, "on this platform"));
	free(story);
	assert_int_equal(run_on("dma-buf", path, &story), SCENARIO_SKIPPED);
	assert_non_null(strstr(story, "has no 'gpu1': a gpu with a P2P BAR"));
	free(story);

	/* Skips do not fail a run. */
	assert_non_null(opts.out);
	assert_int_equal(scenarios_run_opts(path, NULL, 0, &opts), 0);
	story = dmb_slurp(opts.out);
	assert_non_null(strstr(story, "0 passed, 2 skipped, 0 failed"));
	free(story);
	fclose(opts.out);
	unlink(path);
	free(path);
}

/*
 * gpuA (first in device order) sits alone behind a host bridge that
 * forbids P2P; gpuB and gpuC share a switch. Binding the first GPU to
 * "client" leaves no reachable peer, so the runner must try the next.
 * Guards: the backtracking in bind_from().
 */
static const char retry_json[] =
	"{ \"name\": \"retry\", \"ram\": { \"size\": \"256M\" },"
	"  \"host_bridges\": [ { \"name\": \"hb0\", \"p2p\": false },"
	"                      { \"name\": \"hb1\", \"bus\": 64, \"p2p\": false } ],"
	"  \"root_ports\": [ { \"name\": \"rp0\", \"host_bridge\": \"hb0\" },"
	"                    { \"name\": \"rp1\", \"host_bridge\": \"hb1\" } ],"
	"  \"switches\": [ { \"name\": \"sw0\", \"port\": \"rp1\","
	"      \"downstream_ports\": [ { \"name\": \"p0\" }, { \"name\": \"p1\" } ] } ],"
	"  \"endpoints\": ["
	"    { \"name\": \"gpuA\", \"class\": \"gpu\", \"port\": \"rp0\","
	"      \"bars\": [ { \"index\": 2, \"size\": \"16M\", \"prefetchable\": true, \"p2p\": true } ] },"
	"    { \"name\": \"gpuB\", \"class\": \"gpu\", \"port\": \"p0\","
	"      \"bars\": [ { \"index\": 2, \"size\": \"16M\", \"prefetchable\": true, \"p2p\": true } ] },"
	"    { \"name\": \"gpuC\", \"class\": \"gpu\", \"port\": \"p1\","
	"      \"bars\": [ { \"index\": 2, \"size\": \"16M\", \"prefetchable\": true, \"p2p\": true } ] } ] }";

static void test_binding_retries_earlier_roles(void **state)
{
	char *path = write_platform(retry_json);
	char *story;

	assert_int_equal(run_on("p2p-dma", path, &story), SCENARIO_PASSED);
	assert_non_null(strstr(story, "client = gpuB, peer = gpuC"));
	assert_non_null(strstr(story, "gpuB -> gpuC VRAM: BUS_ADDR"));
	free(story);
	unlink(path);
	free(path);
	take_over_reports();
}

/* `dmabridge bufinfo -x dma-buf`: the dumps show what the story says. */
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
		dmb_unit_test(test_unknown_scenario_is_usage_error),
		dmb_unit_test(test_every_scenario_passes),
		dmb_unit_test(test_every_scenario_on_every_platform),
		dmb_unit_test(test_p2p_dma_runs_where_supported),
		dmb_unit_test(test_skipped_with_reason),
		dmb_unit_test(test_binding_retries_earlier_roles),
		dmb_unit_test(test_bufinfo_checkpoints),
	};

	return dmb_run_tests(tests);
}
