// SPDX-License-Identifier: GPL-2.0
/* Running scenarios: a fresh platform each, checks and report accounting. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "scenario.h"
#include <dmabridge/platform-file.h>
#include <dmabridge/dma-buf.h>
#include <dmabridge/sched.h>
#include <dmabridge/err.h>

void scenario_say(struct scenario_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	fprintf(ctx->out, "  ");
	va_start(ap, fmt);
	vfprintf(ctx->out, fmt, ap);
	va_end(ap);
	fprintf(ctx->out, "\n");
	fflush(ctx->out);
}

bool scenario_check(struct scenario_ctx *ctx, bool ok, const char *fmt, ...)
{
	va_list ap;

	ctx->checks++;
	if (!ok)
		ctx->failed++;
	if (ok && !ctx->verbose)
		return ok;
	fprintf(ctx->out, "  %s ", ok ? "  ok:" : "FAIL:");
	va_start(ap, fmt);
	vfprintf(ctx->out, fmt, ap);
	va_end(ap);
	fprintf(ctx->out, "\n");
	fflush(ctx->out);
	return ok;
}

void scenario_expect_reports(struct scenario_ctx *ctx, enum report_kind kind,
			     long n)
{
	/* Still printed: the report is part of the story. */
	ctx->expected[kind] += n;
}

void scenario_bufinfo(struct scenario_ctx *ctx, const char *moment)
{
	int ret;

	if (!ctx->bufinfo)
		return;
	fprintf(ctx->out, "  -- bufinfo: %s --", moment);
	fflush(ctx->out);
	ret = dma_buf_bufinfo(ctx->plat, ctx->out);
	scenario_check(ctx, ret == 0, "bufinfo dump (%d)", ret);
	fprintf(ctx->out, "  -- end of bufinfo --\n");
	fflush(ctx->out);
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

static int run_one(const struct scenario *sc, const char *path,
		   const struct scenario_opts *opts, FILE *out)
{
	struct scenario_ctx ctx = {
		.verbose = opts->verbose,
		.bufinfo = opts->bufinfo,
		.out = out,
	};
	long before[REPORT_NR_KINDS];
	struct platform *plat;
	int k, ret;

	fprintf(out, "== %s: %s\n", sc->name, sc->summary);
	fflush(out);
	plat = platform_create(path);
	if (IS_ERR(plat)) {
		fprintf(out, "  FAIL: cannot create the platform (%ld)\n",
			PTR_ERR(plat));
		return 1;
	}
	ctx.plat = plat;
	for (k = 0; k < REPORT_NR_KINDS; k++)
		before[k] = report_count(k);
	ret = sc->run(plat, &ctx);
	scenario_check(&ctx, ret == 0, "scenario ran to the end (%d)", ret);
	platform_destroy(plat);
	check_reports(&ctx, before);
	fprintf(out, "== %s: %s (%d checks, %d failed)\n\n", sc->name,
		ctx.failed ? "FAILED" : "passed", ctx.checks, ctx.failed);
	fflush(out);
	return ctx.failed ? 1 : 0;
}

int scenarios_run_opts(const char *platform_path, char **names, int nr_names,
		       const struct scenario_opts *opts)
{
	FILE *out = opts->out ? opts->out : stdout;
	int i, failed = 0, ran = 0;

	if (!nr_names) {
		for (i = 0; scenario_list[i]; i++, ran++)
			failed += run_one(scenario_list[i], platform_path,
					  opts, out);
	}
	for (i = 0; i < nr_names; i++, ran++) {
		const struct scenario *sc = scenario_find(names[i]);

		if (!sc) {
			fprintf(stderr, "no scenario named '%s'\n", names[i]);
			failed++;
			continue;
		}
		failed += run_one(sc, platform_path, opts, out);
	}
	fprintf(out, "%d scenario(s) run, %d passed, %d failed\n", ran,
		ran - failed, failed);
	fflush(out);
	return failed ? 1 : 0;
}

int scenarios_run(const char *platform_path, char **names, int nr_names,
		  bool verbose)
{
	struct scenario_opts opts = { .verbose = verbose };

	return scenarios_run_opts(platform_path, names, nr_names, &opts);
}
