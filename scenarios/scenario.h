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

/*
 * One device a scenario needs. Roles are bound in order, each to a
 * different endpoint; @p2p_from names an earlier role whose device must
 * reach this one's P2P BAR by P2P (any map type but NOT_SUPPORTED).
 */
struct scenario_need {
	const char *role;	/* how the scenario and its story call it */
	unsigned int kinds;	/* BIT(PCI_KIND_GPU) | ...; 0: any endpoint */
	unsigned int flags;	/* SCENARIO_NEED_* */
	const char *p2p_from;	/* NULL, or an earlier role */
};

struct scenario;

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

/* How to run: scenarios_run() is verbose-only, stdout, no dumps. */
struct scenario_opts {
	bool verbose;
	bool bufinfo;
	bool bufinfo_extras;	/* DMA_BUF_BUFINFO_EXTRAS in the dumps */
	FILE *out;			/* NULL: stdout */
};

struct scenario {
	const char *name;
	const char *summary;
	/* What it needs, ended by an entry with a NULL role; NULL: nothing. */
	const struct scenario_need *needs;
	/* 0 when it ran to the end; its checks decide pass or fail. */
	int (*run)(struct platform *plat, struct scenario_ctx *ctx);
};

/* The outcome of one scenario on one platform. */
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
 * made from @platform_path (NULL: the default). 0 if none failed
 * (skipped ones do not fail), 1 if one did, 2 if a name is unknown: then
 * nothing runs.
 */
int scenarios_run(const char *platform_path, char **names, int nr_names,
		  bool verbose);
int scenarios_run_opts(const char *platform_path, char **names, int nr_names,
		       const struct scenario_opts *opts);
/* One scenario on a fresh platform from @platform_path. */
enum scenario_result scenario_run_one(const struct scenario *sc,
				      const char *platform_path,
				      const struct scenario_opts *opts);

#endif
