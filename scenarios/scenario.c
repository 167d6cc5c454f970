// SPDX-License-Identifier: GPL-2.0
/* Running scenarios: a fresh platform each, checks and report accounting. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "scenario.h"
#include <dmabridge/platform-file.h>
#include <dmabridge/sched.h>
#include <dmabridge/err.h>

void scenario_say(struct scenario_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	printf("  ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

bool scenario_check(struct scenario_ctx *ctx, bool ok, const char *fmt, ...)
{
	va_list ap;

	ctx->checks++;
	if (!ok)
		ctx->failed++;
	if (ok && !ctx->verbose)
		return ok;
	printf("  %s ", ok ? "  ok:" : "FAIL:");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	return ok;
}

void scenario_expect_reports(struct scenario_ctx *ctx, enum report_kind kind,
			     long n)
{
	/* Still printed: the report is part of the story. */
	ctx->expected[kind] += n;
}

const struct scenario *scenario_find(const char *name)
{
	int i;

	for (i = 0; scenario_list[i]; i++)
		if (!strcmp(scenario_list[i]->name, name))
			return scenario_list[i];
	return NULL;
}

/* Reports the scenario did not announce fail it. */
static void check_reports(struct scenario_ctx *ctx, const long *before)
{
	int k;

	for (k = 0; k < REPORT_NR_KINDS; k++) {
		long got = report_count(k) - before[k];

		if (k == REPORT_IOMMU_FAULT && !ctx->expected[k])
			continue;
		scenario_check(ctx, got == ctx->expected[k],
			       "%ld %s report(s), %ld expected", got,
			       report_kind_name(k), ctx->expected[k]);
	}
}

static int run_one(const struct scenario *sc, const char *path, bool verbose)
{
	struct scenario_ctx ctx = { .verbose = verbose };
	long before[REPORT_NR_KINDS];
	struct platform *plat;
	int k, ret;

	printf("== %s: %s\n", sc->name, sc->summary);
	plat = platform_create(path);
	if (IS_ERR(plat)) {
		printf("  FAIL: cannot create the platform (%ld)\n",
		       PTR_ERR(plat));
		return 1;
	}
	for (k = 0; k < REPORT_NR_KINDS; k++)
		before[k] = report_count(k);
	ret = sc->run(plat, &ctx);
	scenario_check(&ctx, ret == 0, "scenario ran to the end (%d)", ret);
	platform_destroy(plat);
	check_reports(&ctx, before);
	printf("== %s: %s (%d checks, %d failed)\n\n", sc->name,
	       ctx.failed ? "FAILED" : "passed", ctx.checks, ctx.failed);
	return ctx.failed ? 1 : 0;
}

int scenarios_run(const char *platform_path, char **names, int nr_names,
		  bool verbose)
{
	int i, failed = 0, ran = 0;

	if (!nr_names) {
		for (i = 0; scenario_list[i]; i++, ran++)
			failed += run_one(scenario_list[i], platform_path,
					  verbose);
	}
	for (i = 0; i < nr_names; i++, ran++) {
		const struct scenario *sc = scenario_find(names[i]);

		if (!sc) {
			fprintf(stderr, "no scenario named '%s'\n", names[i]);
			failed++;
			continue;
		}
		failed += run_one(sc, platform_path, verbose);
	}
	printf("%d scenario(s) run, %d passed, %d failed\n", ran, ran - failed,
	       failed);
	return failed ? 1 : 0;
}
