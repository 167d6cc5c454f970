/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Runnable end-to-end scenarios. Each runs on a platform, prints what
 * happens in a few readable lines, and checks itself: it passes only if
 * every check held and no WARN, lock-checker or sanitizer report was
 * emitted that it did not expect.
 *
 * A scenario names no device: it declares the roles it needs (a GPU with
 * a P2P BAR another role reaches by P2P, a NIC, a device behind an IOMMU
 * that can fault, ...) and the runner binds each role to a device of
 * whatever platform file it runs on. When the platform has no fit, the
 * scenario is SKIPPED with the reason, never failed. (dmabridge's own
 * tooling, not a Linux interface; see docs/scenarios.md.)
 */
#ifndef DMABRIDGE_SCENARIO_H
#define DMABRIDGE_SCENARIO_H

#include <stdio.h>
#include <dmabridge/compiler.h>
#include <dmabridge/report.h>
#include <dmabridge/pci.h>

struct platform;

/* Requirements on a role's device, beyond its kind. */
#define SCENARIO_NEED_P2P_BAR BIT(0)	 /* has a P2P-capable memory BAR */
#define SCENARIO_NEED_IOMMU BIT(1)	 /* its DMA is translated by an IOMMU */
#define SCENARIO_NEED_IOMMU_FAULT BIT(2) /* ... by one that can take faults */

#define SCENARIO_MAX_ROLES 8

/**
 * struct scenario_need - one device a scenario needs
 * @role: how the scenario and its story call it
 * @kinds: BIT(PCI_KIND_GPU) | ...; 0 for any endpoint
 * @flags: SCENARIO_NEED_* requirements beyond the kind
 * @p2p_from: NULL, or an earlier role whose device must reach this one's
 * 	P2P BAR by P2P (any map type but NOT_SUPPORTED)
 *
 * Roles are bound in order, each to a different endpoint.
 */
struct scenario_need {
	const char *role;	/* how the scenario and its story call it */
	unsigned int kinds;	/* BIT(PCI_KIND_GPU) | ...; 0: any endpoint */
	unsigned int flags;	/* SCENARIO_NEED_* */
	const char *p2p_from;	/* NULL, or an earlier role */
};

struct scenario;

/**
 * struct scenario_ctx - a running scenario
 * @sc: the scenario
 * @checks: checks made so far
 * @failed: checks that failed
 * @verbose: print every check, not only failed ones
 * @bufinfo: dump bufinfo at each scenario_bufinfo() checkpoint
 * @bufinfo_flags: dma_buf_debug_show() flags of the dumps
 * @out: where the story goes
 * @plat: the fresh platform it runs on
 * @expected: reports of each kind the scenario provokes on purpose
 * @dev: devices bound to the scenario's needs, in the same order
 * @skipped: set by scenario_skip(): not run to the end, and not failed
 */
struct scenario_ctx {
	const struct scenario *sc;
	int checks;
	int failed;
	bool verbose;
	bool bufinfo;		/* dump bufinfo at each checkpoint */
	unsigned int bufinfo_flags;	/* dma_buf_debug_show() flags */
	FILE *out;		/* where the story goes */
	struct platform *plat;
	/* Reports the scenario provokes. */
	long expected[REPORT_NR_KINDS];
	/* Devices bound to the scenario's needs, in the same order. */
	struct pci_dev *dev[SCENARIO_MAX_ROLES];
	/* Set by scenario_skip(): not run to the end, and not failed. */
	char skipped[160];
};

/**
 * struct scenario_opts - how to run scenarios
 * @verbose: print every check
 * @bufinfo: dump bufinfo at each checkpoint
 * @bufinfo_extras: DMA_BUF_BUFINFO_EXTRAS in the dumps
 * @out: where to print; NULL for stdout
 *
 * scenarios_run() uses verbose only, stdout, no dumps.
 */
struct scenario_opts {
	bool verbose;
	bool bufinfo;
	bool bufinfo_extras;	/* DMA_BUF_BUFINFO_EXTRAS in the dumps */
	FILE *out;			/* NULL: stdout */
};

/**
 * struct scenario - a runnable end-to-end scenario
 * @name: what `dmabridge run NAME` calls it
 * @summary: one line for `run --list`
 * @needs: the devices it needs, ended by an entry with a NULL role; NULL
 * 	for none
 * @run: the scenario; 0 when it ran to the end (its checks then decide
 * 	pass or fail), a negative errno when it could not
 */
struct scenario {
	const char *name;
	const char *summary;
	/* What it needs, ended by an entry with a NULL role; NULL: nothing. */
	const struct scenario_need *needs;
	/* 0 when it ran to the end; its checks decide pass or fail. */
	int (*run)(struct platform *plat, struct scenario_ctx *ctx);
};

/**
 * enum scenario_result - the outcome of one scenario on one platform
 * @SCENARIO_PASSED: every check held and no unexpected report
 * @SCENARIO_SKIPPED: the platform has no device for a need, or
 * 	scenario_skip() was called
 * @SCENARIO_FAILED: a check failed, run() failed, or a report came that
 * 	was not expected
 */
enum scenario_result {
	SCENARIO_PASSED,
	SCENARIO_SKIPPED,
	SCENARIO_FAILED,
};

/**
 * scenario_dev - the device bound to a role
 * @ctx: the running scenario
 * @role: a role of its needs
 *
 * Context: Inside the scenario's run().
 * Return: the device (valid, and referenced by the runner, until run()
 * returns), or NULL for a role the scenario did not declare.
 */
struct pci_dev *scenario_dev(struct scenario_ctx *ctx, const char *role);

/**
 * scenario_p2p_bar - the first P2P-capable memory BAR of a device
 * @pdev: the device
 *
 * Context: Any context.
 * Return: the BAR index, or -ENODEV if it has none.
 */
int scenario_p2p_bar(struct pci_dev *pdev);

/**
 * scenario_skip - give up on this platform, without failing
 * @ctx: the running scenario
 * @fmt: why: what the platform lacks
 *
 * For what the declared needs cannot express. The scenario should return
 * from run() right after, with nothing half done.
 *
 * Context: Inside the scenario's run().
 * Return: nothing.
 */
__printf(2, 3) void scenario_skip(struct scenario_ctx *ctx, const char *fmt,
				  ...);

/**
 * scenario_say() - print one step of the story
 * @ctx: the running scenario
 * @fmt: printf format and arguments
 *
 * Context: inside the scenario's run().
 */
__printf(2, 3) void scenario_say(struct scenario_ctx *ctx, const char *fmt,
				 ...);
/**
 * scenario_check() - record a check
 * @ctx: the running scenario
 * @ok: whether it held
 * @fmt: what is checked (printed when it fails, or always when verbose)
 *
 * Context: inside the scenario's run().
 * Return: @ok.
 */
__printf(3, 4) bool scenario_check(struct scenario_ctx *ctx, bool ok,
				   const char *fmt, ...);
/**
 * scenario_expect_reports() - announce reports the scenario provokes
 * @ctx: the running scenario
 * @kind: the report kind
 * @n: how many
 *
 * The scenario fails if the count of reports of @kind differs at the end.
 *
 * Context: inside the scenario's run().
 */
void scenario_expect_reports(struct scenario_ctx *ctx, enum report_kind kind,
			     long n);
/**
 * scenario_bufinfo() - a moment worth looking at
 * @ctx: the running scenario
 * @moment: what is happening now (printed as a heading)
 *
 * With bufinfo on, prints every buffer of the platform as
 * `cat /sys/kernel/debug/dma_buf/bufinfo` would now.
 *
 * Context: inside the scenario's run(); takes each buffer's resv lock.
 */
void scenario_bufinfo(struct scenario_ctx *ctx, const char *moment);

/* Room for the built-in scenarios and those registered. */
#define SCENARIO_MAX 64
/* The known scenarios, NULL-terminated: built-in first, then registered. */
extern const struct scenario *scenario_list[SCENARIO_MAX + 1];
/**
 * scenario_find() - look a scenario up by name
 * @name: its name
 *
 * Context: any context (not while scenario_register() runs).
 * Return: the scenario, or NULL if none has that name.
 */
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

/**
 * scenarios_run() - run scenarios, each on a fresh platform
 * @platform_path: the platform file; NULL for the default
 * @names: the scenarios to run; all of them if @nr_names is 0
 * @nr_names: entries in @names
 * @verbose: print every check
 *
 * Context: process context, no current task needed; sleeps.
 * Return: 0 if none failed (skipped ones do not fail), 1 if one did, 2 if a
 * name is unknown (then nothing runs).
 */
int scenarios_run(const char *platform_path, char **names, int nr_names,
		  bool verbose);
/**
 * scenarios_run_opts() - scenarios_run() with all the options
 * @platform_path: the platform file; NULL for the default
 * @names: the scenarios to run; all of them if @nr_names is 0
 * @nr_names: entries in @names
 * @opts: how to run them
 *
 * Context: as scenarios_run().
 * Return: as scenarios_run().
 */
int scenarios_run_opts(const char *platform_path, char **names, int nr_names,
		       const struct scenario_opts *opts);
/**
 * scenario_run_one() - run one scenario on a fresh platform
 * @sc: the scenario
 * @platform_path: the platform file; NULL for the default
 * @opts: how to run it
 *
 * Context: process context; sleeps.
 * Return: its outcome; SCENARIO_FAILED also when the platform cannot be
 * created.
 */
enum scenario_result scenario_run_one(const struct scenario *sc,
				      const char *platform_path,
				      const struct scenario_opts *opts);

#endif
