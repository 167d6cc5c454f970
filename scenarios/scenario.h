/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Runnable end-to-end scenarios. Each runs on a platform, prints what
 * happens in a few readable lines, and checks itself: it passes only if
 * every check held and no WARN, lock-checker or sanitizer report was
 * emitted that it did not expect.
 */
#ifndef DMABRIDGE_SCENARIO_H
#define DMABRIDGE_SCENARIO_H

#include <stdio.h>
#include <dmabridge/compiler.h>
#include <dmabridge/report.h>

struct platform;

struct scenario_ctx {
	int checks;
	int failed;
	bool verbose;
	bool bufinfo;		/* dump bufinfo at each checkpoint */
	FILE *out;		/* where the story goes */
	struct platform *plat;
	/* Reports the scenario provokes. */
	long expected[REPORT_NR_KINDS];
};

/* How to run: scenarios_run() is verbose-only, stdout, no dumps. */
struct scenario_opts {
	bool verbose;
	bool bufinfo;
	FILE *out;			/* NULL: stdout */
};

struct scenario {
	const char *name;
	const char *summary;
	/* 0 when it ran to the end; its checks decide pass or fail. */
	int (*run)(struct platform *plat, struct scenario_ctx *ctx);
};

/* Print one step of the story. */
__printf(2, 3) void scenario_say(struct scenario_ctx *ctx, const char *fmt,
				 ...);
/* Record a check; prints it when it fails (or always when verbose). */
__printf(3, 4) bool scenario_check(struct scenario_ctx *ctx, bool ok,
				   const char *fmt, ...);
/* The scenario deliberately provokes @n reports of @kind. */
void scenario_expect_reports(struct scenario_ctx *ctx, enum report_kind kind,
			     long n);
/*
 * A moment worth looking at: with bufinfo on, print every buffer of the
 * platform like `cat /sys/kernel/debug/dma_buf/bufinfo` would now.
 */
void scenario_bufinfo(struct scenario_ctx *ctx, const char *moment);

/* Room for the built-in scenarios and those registered. */
#define SCENARIO_MAX 64
/* The known scenarios, NULL-terminated: built-in first, then registered. */
extern const struct scenario *scenario_list[SCENARIO_MAX + 1];
const struct scenario *scenario_find(const char *name);

/**
 * scenario_register() - add a scenario from outside the library
 * @sc: the scenario; it (and its name) must stay valid from now on
 *
 * A program that links libdmabridge registers its scenarios, then calls
 * scenarios_run() or dmabridge_main(): `run --list` shows them, `run NAME`
 * and a run of all include them, after the built-in ones.
 *
 * Context: before any scenario runs, from one thread (not thread-safe).
 * Return: 0, -EINVAL (no name or no run function), -EEXIST (the name is
 * taken) or -ENOSPC (SCENARIO_MAX scenarios already).
 */
int scenario_register(const struct scenario *sc);

/*
 * Run the named scenarios (all if @names is empty) on fresh platforms
 * made from @platform_path (NULL: the default). 0 if all passed.
 */
int scenarios_run(const char *platform_path, char **names, int nr_names,
		  bool verbose);
int scenarios_run_opts(const char *platform_path, char **names, int nr_names,
		       const struct scenario_opts *opts);

#endif
